/*
 * The checker process (check_daemon_main, the code our daemon forks) on a
 * kernel without IPVS, for test/bench/check_jitter.sh: every probe, the
 * state machine and the reconciler run as in the daemon, but the IPVS
 * commands go to an in-memory table instead of generic netlink. Counts the
 * commands and prints them at exit.
 *
 *   bench_check_noipvs CONF [PIDFILE]
 *
 * Logs to stderr; SIGTERM stops it as it stops the checker.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "keepalived/check/core/check_daemon.h"
#include "lib/log.h"

static unsigned long n_cmds;

static int
null_list(void *ctx, struct check_ipvs_table *out)
{
	(void)ctx;
	(void)out;
	return 0; /* an empty kernel table */
}

static int
null_svc(void *ctx, const struct check_ipvs_svc *s)
{
	(void)ctx;
	(void)s;
	n_cmds++;
	return 0;
}

static int
null_dest(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	(void)ctx;
	(void)s;
	(void)d;
	n_cmds++;
	return 0;
}

static const struct check_ipvs_ops null_ipvs = { null_list, null_svc,  null_svc,  null_svc,
						 null_dest, null_dest, null_dest, NULL };

int
main(int argc, char **argv)
{
	static char conf_path[PATH_MAX];
	struct check_daemon_opts opts = { 0 };
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s CONF [PIDFILE]\n", argv[0]);
		return 2;
	}
	if (realpath(argv[1], conf_path) == NULL) {
		perror(argv[1]);
		return 2;
	}
	log_set_console(true);
	opts.conf_path = conf_path;
	opts.pid_path = argc == 3 ? argv[2] : NULL;
	opts.ipvs = &null_ipvs;
	rc = check_daemon_main(&opts);
	fprintf(stderr, "bench_check_noipvs: %lu IPVS commands\n", n_cmds);
	return rc;
}
