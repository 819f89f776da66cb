/*
 * keepalived: parse the command line, answer -h, -v, --signum and -t, or run
 * the daemon. Like keepalived, the help and version texts go to stderr.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "daemon.h"

int
main(int argc, char *argv[])
{
	struct cli_opts opts;
	unsigned i;

	switch (cli_parse(argc, argv, &opts)) {
	case CLI_ERROR:
		fprintf(stderr, "%s\n", opts.error);
		return 1;
	case CLI_HELP:
		cli_print_help(stderr, argc > 0 ? argv[0] : "keepalived");
		return 0;
	case CLI_VERSION:
		cli_print_version(stderr);
		return 0;
	case CLI_SIGNUM:
		cli_print_signum(stdout, opts.signum);
		return 0;
	case CLI_CONFIG_TEST:
		for (i = 0; i < opts.n_notices; i++)
			fprintf(stderr, "%s\n", opts.notices[i]);
		return daemon_config_test(&opts);
	case CLI_RUN:
		break;
	}

	/* Console logging shows the notices itself, with the other lines. */
	if (!opts.log_console)
		for (i = 0; i < opts.n_notices; i++)
			fprintf(stderr, "%s\n", opts.notices[i]);
	return daemon_run(&opts, argc, argv);
}
