/*
 * Command line parsing with keepalived 2.2.7's options and spellings, and the
 * texts printed by -h, -v and --signum.
 *
 * The parser has no side effects beyond getopt's own globals: it fills a
 * struct cli_opts and describes problems in it, and main() decides what to
 * print and whether to exit. Options that belong to parts of keepalived this
 * daemon does not have are accepted where ignoring them is harmless (a notice
 * says so), and refused where carrying on would do something else than the
 * user asked for (-C alone, -s, -T).
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <linux/version.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <syslog.h>

#include "lib/log.h"

/* Long-only options get codes outside the character range. */
enum {
	OPT_ALL = 256,
	OPT_SIGNUM,
	OPT_CONTROL_SOCKET,
};

/* The leading ':' makes getopt report a missing argument as ':'. */
static const char cli_short_opts[] = ":f:PCBlDS:Gu:XVIRndp:r:Tc:ab:xA:s:mM::ei:t::vh";

/* clang-format off */
static const struct option cli_long_opts[] = {
	{ "use-file", required_argument, NULL, 'f' },
	{ "vrrp", no_argument, NULL, 'P' },
	{ "check", no_argument, NULL, 'C' },
	{ "no_bfd", no_argument, NULL, 'B' },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "log-console", no_argument, NULL, 'l' },
	{ "log-detail", no_argument, NULL, 'D' },
	{ "log-facility", required_argument, NULL, 'S' },
	{ "no-syslog", no_argument, NULL, 'G' },
	{ "umask", required_argument, NULL, 'u' },
	{ "release-vips", no_argument, NULL, 'X' },
	{ "dont-release-vrrp", no_argument, NULL, 'V' },
	{ "dont-release-ipvs", no_argument, NULL, 'I' },
	{ "dont-respawn", no_argument, NULL, 'R' },
	{ "dont-fork", no_argument, NULL, 'n' },
	{ "dump-conf", no_argument, NULL, 'd' },
	{ "pid", required_argument, NULL, 'p' },
	{ "vrrp_pid", required_argument, NULL, 'r' },
	{ "genhash", no_argument, NULL, 'T' },
	{ "checkers_pid", required_argument, NULL, 'c' },
	{ "address-monitoring", no_argument, NULL, 'a' },
	{ "bfd_pid", required_argument, NULL, 'b' },
	{ "snmp", no_argument, NULL, 'x' },
	{ "snmp-agent-socket", required_argument, NULL, 'A' },
	{ "namespace", required_argument, NULL, 's' },
	{ "core-dump", no_argument, NULL, 'm' },
	{ "core-dump-pattern", optional_argument, NULL, 'M' },
	{ "all-config", no_argument, NULL, 'e' },
	{ "config-id", required_argument, NULL, 'i' },
	{ "signum", required_argument, NULL, OPT_SIGNUM },
	{ "config-test", optional_argument, NULL, 't' },
	{ "control-socket", required_argument, NULL, OPT_CONTROL_SOCKET },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};
/* clang-format on */

/* Notices shown for options accepted but not carried out. */
#define NOTE_SNMP "-x/-A (SNMP): not supported; ignored"
#define NOTE_PATTERN "-M/--core-dump-pattern: setting core_pattern is not supported; acting as -m"

/* Start from the defaults, so that repeated parses do not leak state. */
static void
cli_defaults(struct cli_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->action = CLI_RUN;
	opts->conf_file = CLI_DEFAULT_CONF_FILE;
	opts->pid_file = CLI_DEFAULT_PID_FILE;
	opts->vrrp_pid_file = CLI_DEFAULT_VRRP_PID;
	opts->bfd_pid_file = CLI_DEFAULT_BFD_PID;
	opts->checkers_pid_file = CLI_DEFAULT_CHECKERS_PID;
	opts->log_facility = LOG_DAEMON;
}

static enum cli_action cli_fail(struct cli_opts *opts, const char *fmt, ...) LOG_PRINTF(2, 3);

static enum cli_action
cli_fail(struct cli_opts *opts, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(opts->error, sizeof(opts->error), fmt, ap);
	va_end(ap);
	opts->action = CLI_ERROR;
	return CLI_ERROR;
}

/* Record a notice once, however often the option was given. */
static void
cli_note(struct cli_opts *opts, const char *text)
{
	unsigned i;

	for (i = 0; i < opts->n_notices; i++)
		if (strcmp(opts->notices[i], text) == 0)
			return;
	if (opts->n_notices < CLI_MAX_NOTICES)
		snprintf(opts->notices[opts->n_notices++], CLI_NOTICE_LEN, "%s", text);
}

/* -u: a number in C notation (022, 18, 0x12), as keepalived reads it. */
static int
cli_parse_umask(const char *s, mode_t *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	v = strtoul(s, &end, 0);
	if (*end != '\0' || v > 0777)
		return -1;
	*out = (mode_t)v;
	return 0;
}

int
cli_signum(const char *name)
{
	/* Case-sensitive, as keepalived compares them. */
	if (strcmp(name, "STOP") == 0)
		return SIGTERM;
	if (strcmp(name, "RELOAD") == 0)
		return SIGHUP;
	if (strcmp(name, "DATA") == 0)
		return SIGUSR1;
	if (strcmp(name, "STATS") == 0)
		return SIGUSR2;
	if (strcmp(name, "STATS_CLEAR") == 0)
		return SIGRTMAX - 1;
	if (strcmp(name, "JSON") == 0)
		return SIGRTMIN + 2;
	return -1;
}

/*
 * The option as the user wrote it, for error messages: code is its getopt
 * value, word the argv element that held it.
 */
static void
cli_option_name(char *buf, size_t size, int code, const char *word, int longindex)
{
	if (longindex >= 0)
		snprintf(buf, size, "--%s", cli_long_opts[longindex].name);
	else if (word != NULL && strncmp(word, "--", 2) == 0)
		snprintf(buf, size, "%.*s", (int)strcspn(word, "="), word);
	else
		snprintf(buf, size, "-%c", code);
}

/* Act on one option; returns CLI_RUN to go on, or the action that ends parsing. */
static enum cli_action
cli_option(struct cli_opts *opts, int c, const char *arg)
{
	int facility;

	switch (c) {
	case 'f':
		opts->conf_file = arg;
		break;
	case 'P':
		opts->vrrp_only = true;
		break;
	case 'C':
		opts->check_only = true;
		break;
	case 'B':
		opts->no_bfd = true;
		break;
	case OPT_ALL:
		opts->run_all = true;
		break;
	case 'l':
		opts->log_console = true;
		break;
	case 'D':
		opts->log_detail = true;
		break;
	case 'S':
		facility = log_facility_parse(arg);
		if (facility < 0)
			return cli_fail(opts, "Invalid log facility '%s'", arg);
		opts->log_facility = facility;
		break;
	case 'G':
		opts->no_syslog = true;
		break;
	case 'u':
		if (cli_parse_umask(arg, &opts->umask) == -1)
			return cli_fail(opts, "Invalid --umask option %s", arg);
		opts->umask_set = true;
		break;
	case 'X':
		opts->release_vips = true;
		break;
	case 'V':
		opts->dont_release_vrrp = true;
		break;
	case 'I':
		opts->dont_release_ipvs = true;
		break;
	case 'R':
		opts->dont_respawn = true;
		break;
	case 'n':
		opts->dont_fork = true;
		break;
	case 'd':
		opts->dump_conf = true;
		break;
	case 'p':
		opts->pid_file = arg;
		break;
	case 'r':
		opts->vrrp_pid_file = arg;
		break;
	case 'T':
		return cli_fail(opts,
				"-T/--genhash: the genhash utility is not built into this daemon");
	case 'c':
		opts->checkers_pid_file = arg;
		break;
	case 'a':
		opts->address_monitoring = true;
		break;
	case 'b':
		opts->bfd_pid_file = arg;
		break;
	case 'x':
	case 'A':
		opts->snmp = true;
		cli_note(opts, NOTE_SNMP);
		break;
	case 's':
		/* Entered by process_opts.c, over the file's net_namespace. */
		opts->net_namespace = arg;
		break;
	case 'M':
		if (arg != NULL && arg[0] != '\0')
			cli_note(opts, NOTE_PATTERN);
		opts->core_dump = true;
		break;
	case 'm':
		opts->core_dump = true;
		break;
	case 'e':
		opts->all_config = true;
		break;
	case 'i':
		opts->config_id = arg;
		break;
	case OPT_SIGNUM:
		opts->signum = cli_signum(arg);
		if (opts->signum == -1)
			return cli_fail(opts, "Unknown sigfunc %s", arg);
		opts->action = CLI_SIGNUM;
		return CLI_SIGNUM;
	case 't':
		opts->action = CLI_CONFIG_TEST;
		/* "-t=FILE" is a common slip for "--config-test=FILE". */
		if (arg != NULL && arg[0] == '=')
			arg++;
		opts->config_test_log = (arg != NULL && arg[0] != '\0') ? arg : NULL;
		break;
	case OPT_CONTROL_SOCKET:
		opts->control_socket = arg;
		break;
	case 'v':
		opts->action = CLI_VERSION;
		return CLI_VERSION;
	case 'h':
		opts->action = CLI_HELP;
		return CLI_HELP;
	default:
		return cli_fail(opts, "internal error: option %d not handled", c);
	}
	return CLI_RUN;
}

/* getopt's '?': word is the argv element that held the bad option. */
static enum cli_action
cli_unknown(struct cli_opts *opts, const char *word)
{
	if (word == NULL || strncmp(word, "--", 2) != 0)
		return cli_fail(opts, "Unknown option -%c", optopt);
	/* A known long option that takes no value was given one. */
	if (optopt != 0)
		return cli_fail(opts, "Option %.*s does not take an argument",
				(int)strcspn(word, "="), word);
	return cli_fail(opts, "Unknown option %s", word);
}

/* The getopt loop over args, a copy of argv that getopt may permute. */
static enum cli_action
cli_parse_args(int argc, char **args, struct cli_opts *opts)
{
	char optname[64];
	enum cli_action stop;
	int c, longindex, i;

	optind = 0; /* GNU: start afresh, so that the parser can run again */
	opterr = 0;
	for (;;) {
		longindex = -1;
		c = getopt_long(argc, args, cli_short_opts, cli_long_opts, &longindex);
		if (c == -1)
			break;
		if (c == '?')
			return cli_unknown(opts, args[optind - 1]);
		if (c == ':') {
			cli_option_name(optname, sizeof(optname), optopt, args[optind - 1],
					longindex);
			return cli_fail(opts, "Missing parameter for option %s", optname);
		}
		/* "--use-file=" gives an empty argument; it names nothing. */
		if (optarg != NULL && optarg[0] == '\0' && c != 't' && c != 'M') {
			cli_option_name(optname, sizeof(optname), c, args[optind - 1], longindex);
			return cli_fail(opts, "Missing parameter for option %s", optname);
		}
		stop = cli_option(opts, c, optarg);
		if (stop != CLI_RUN)
			return stop;
	}

	if (optind < argc) {
		/* keepalived warns and carries on; so do we. */
		char text[CLI_NOTICE_LEN];
		size_t len = 0;

		len += (size_t)snprintf(text, sizeof(text), "Unexpected argument(s):");
		for (i = optind; i < argc && len < sizeof(text); i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, " %s", args[i]);
		cli_note(opts, text);
	}

	/* keepalived: -C and -P together run both, as neither does alone. */
	if (opts->check_only && opts->vrrp_only)
		opts->check_only = opts->vrrp_only = false;
	return opts->action;
}

enum cli_action
cli_parse(int argc, char *const argv[], struct cli_opts *opts)
{
	/* getopt_long permutes its argv; work on a copy so that the caller's
	 * argv (logged as the command line) keeps its order. */
	char **args;
	enum cli_action action;
	int i;

	cli_defaults(opts);
	if (argc < 1)
		return cli_fail(opts, "empty command line");
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (args == NULL)
		return cli_fail(opts, "out of memory");
	for (i = 0; i < argc; i++)
		args[i] = argv[i];
	action = cli_parse_args(argc, args, opts);
	free(args);
	return action;
}

void
cli_print_signum(FILE *out, int signum)
{
	fprintf(out, "%d\n", signum);
}

void
cli_print_help(FILE *out, const char *progname)
{
	fprintf(out, "Usage: %s [OPTION...]\n", progname);
	fputs("  -f, --use-file=FILE          Read the configuration from FILE\n"
	      "                                default '" CLI_DEFAULT_CONF_FILE "'\n"
	      "  -P, --vrrp                   Run VRRP only, no health checker\n"
	      "  -C, --check                  Run the health checker (LVS) only, no VRRP\n"
	      "  -B, --no_bfd                 Do not run the bfd_instance sessions\n"
	      "      --all                    Run every subsystem even if unconfigured (no "
	      "effect)\n"
	      "  -l, --log-console            Log to the console (stderr)\n"
	      "  -D, --log-detail             Log in more detail, debug messages included\n"
	      "  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
	      "                               Syslog facility LOG_LOCAL[0-7], user or daemon\n"
	      "                                (default daemon)\n"
	      "  -G, --no-syslog              Do not log to syslog\n"
	      "  -u, --umask=MASK             File creation mask as a number (022, 0x12)\n"
	      "  -X, --release-vips           Drop VIPs on a transition caused by a signal\n"
	      "  -V, --dont-release-vrrp      Leave VIPs and routes in place at stop\n"
	      "  -I, --dont-release-ipvs      Leave the IPVS services in place at stop\n"
	      "  -R, --dont-respawn           Do not restart the checker process if it dies\n"
	      "  -n, --dont-fork              Stay in the foreground\n"
	      "  -d, --dump-conf              Log the configuration as it was understood\n"
	      "  -p, --pid=FILE               Pid file (default '" CLI_DEFAULT_PID_FILE "')\n"
	      "  -r, --vrrp_pid=FILE          VRRP pid file, holding the same pid as -p\n"
	      "                                (default '" CLI_DEFAULT_VRRP_PID "')\n"
	      "  -T, --genhash                genhash utility mode (not supported: exits)\n"
	      "  -c, --checkers_pid=FILE      Checker pid file\n"
	      "                                (default '" CLI_DEFAULT_CHECKERS_PID "')\n"
	      "  -a, --address-monitoring     Log every address change seen through netlink\n"
	      "  -b, --bfd_pid=FILE           BFD pid file: the VRRP process, which runs BFD\n"
	      "                                (with bfd_instances only)\n"
	      "  -x, --snmp                   Enable SNMP (not supported: ignored)\n"
	      "  -A, --snmp-agent-socket=FILE SNMP master agent socket (not supported: ignored)\n"
	      "  -s, --namespace=NAME         Run in network namespace NAME\n"
	      "  -m, --core-dump              Allow a core dump on abnormal termination\n"
	      "  -M, --core-dump-pattern=PATN As -m; setting core_pattern is not supported\n"
	      "  -e, --all-config             Fail if any configuration file is missing\n"
	      "  -i, --config-id id           Keep lines starting '@id' only if id matches, and\n"
	      "                                drop lines starting '@^id' if it does.\n"
	      "                                The default id is the node name\n"
	      "      --signum=SIGFUNC         Print the signal number for STOP, RELOAD, DATA,\n"
	      "                                STATS, STATS_CLEAR or JSON\n"
	      "  -t, --config-test[=LOG_FILE] Check the configuration and exit, 0 if it is\n"
	      "                                valid; errors go to stderr or to LOG_FILE\n"
	      "      --control-socket=PATH    Control socket for keepalivectl\n"
	      "                                default /run/keepalived/control\n"
	      "  -v, --version                Print the version and the libraries in use\n"
	      "  -h, --help                   Print this help\n",
	      out);
}

/*
 * -v: keepalived's layout (first line, copyright, kernel and distribution,
 * configure options, config options), so that what scripts and bug reports
 * read from keepalived's -v is where they look for it, but every line says
 * what is true of this program. "Config options" uses keepalived's names for
 * the features this daemon has; those it lacks (LVS, BFD, SNMP, DBUS...) are
 * absent, as in a keepalived built without them.
 */

/* Print PRETTY_NAME from os-release, as keepalived's "Distro:" line. */
static void
cli_print_distro(FILE *out)
{
	static const char *const files[] = { "/etc/os-release", "/usr/lib/os-release" };
	char line[256];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fopen(files[i], "re");

		if (f == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL) {
			char *val;
			size_t len;

			if (strncmp(line, "PRETTY_NAME=", 12) != 0)
				continue;
			val = line + 12;
			len = strcspn(val, "\n");
			if (len >= 2 && (val[0] == '"' || val[0] == '\'') &&
			    val[len - 1] == val[0]) {
				val++;
				len -= 2;
			}
			fprintf(out, "Distro: %.*s\n", (int)len, val);
			break;
		}
		fclose(f);
		return;
	}
}

void
cli_print_version(FILE *out)
{
	struct utsname un;

	fprintf(out, "%s\n\n", CLI_VERSION_STRING);
	fputs("Copyright (C) 2026 the keepalived-vrrp maintainers; GPL-2.0-or-later\n"
	      "A VRRP daemon compatible with keepalived 2.2.7, in one process,\n"
	      "independent of the keepalived project (keepalived.org)\n\n",
	      out);
	fprintf(out, "Built with kernel headers for Linux %u.%u.%u\n",
		(unsigned)(LINUX_VERSION_CODE >> 16), (unsigned)((LINUX_VERSION_CODE >> 8) & 0xff),
		(unsigned)(LINUX_VERSION_CODE & 0xff));
	if (uname(&un) == 0)
		fprintf(out, "Running on %s %s %s\n", un.sysname, un.release, un.version);
	cli_print_distro(out);
	fprintf(out, "\nconfigure options: %s\n\n", CONFIGURE_OPTIONS);
	fputs("Config options:  VRRP VRRP_AUTH VRRP_VMAC JSON OLD_CHKSUM_COMPAT", out);
#ifdef HAVE_SYSTEMD_NOTIFY
	fputs(" SYSTEMD_NOTIFY", out);
#endif
#ifdef __SANITIZE_ADDRESS__
	fputs(" SANITIZERS", out);
#endif
	fputs("\n\n", out);
	fprintf(out, "Libraries: libnl-3 %s, OpenSSL libcrypto %s", LIBNL_VERSION_STR,
		CRYPTO_VERSION_STR);
	fputc('\n', out);
}
