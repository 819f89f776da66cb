/*
 * Unit tests for the command-line parser (keepalived/core/cli.c): every
 * option's effect, the errors (bad facility, bad umask, unknown and
 * incomplete options), the options refused or merely noted, and the texts
 * printed by --signum, -h and -v.
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "keepalived/core/cli.h"

/* Parse a NULL-terminated list of words after "keepalived". */
#define PARSE(opts, ...) parse_words((opts), (const char *[]){ "keepalived", __VA_ARGS__, NULL })
#define PARSE_NONE(opts) parse_words((opts), (const char *[]){ "keepalived", NULL })

static enum cli_action
parse_words(struct cli_opts *opts, const char **words)
{
	int argc = 0;

	while (words[argc] != NULL)
		argc++;
	return cli_parse(argc, (char *const *)words, opts);
}

/* Parse the words after "keepalived": an error, with exactly this message. */
#define PARSE_ERROR(want, ...) \
	parse_error((want), (const char *[]){ "keepalived", __VA_ARGS__, NULL })

static void
parse_error(const char *want, const char **words)
{
	struct cli_opts o;

	assert_int_equal(parse_words(&o, words), CLI_ERROR);
	assert_string_equal(o.error, want);
}

static bool
has_notice(const struct cli_opts *opts, const char *needle)
{
	unsigned i;

	for (i = 0; i < opts->n_notices; i++)
		if (strstr(opts->notices[i], needle) != NULL)
			return true;
	return false;
}

/* Defaults ------------------------------------------------------------------ */

static void
test_defaults(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE_NONE(&o), CLI_RUN);
	assert_string_equal(o.conf_file, SYSCONFDIR "/keepalived/keepalived.conf");
	assert_string_equal(o.pid_file, "/run/keepalived.pid");
	assert_string_equal(o.vrrp_pid_file, "/run/keepalived_vrrp.pid");
	assert_int_equal(o.log_facility, LOG_DAEMON);
	assert_null(o.config_id);
	assert_null(o.control_socket);
	assert_false(o.dont_fork);
	assert_false(o.log_console);
	assert_false(o.umask_set);
	assert_int_equal(o.n_notices, 0);
}

/* A second parse starts from the defaults again. */
static void
test_reparse_resets(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-n", "-f", "/a.conf", "-D"), CLI_RUN);
	assert_true(o.dont_fork);
	assert_int_equal(PARSE(&o, "-l"), CLI_RUN);
	assert_false(o.dont_fork);
	assert_false(o.log_detail);
	assert_true(o.log_console);
	assert_string_equal(o.conf_file, SYSCONFDIR "/keepalived/keepalived.conf");
}

/* Options with values ------------------------------------------------------------ */

static void
test_files_short_and_long(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-f", "/x.conf", "-p", "/t/k.pid", "-r", "/t/v.pid"), CLI_RUN);
	assert_string_equal(o.conf_file, "/x.conf");
	assert_string_equal(o.pid_file, "/t/k.pid");
	assert_string_equal(o.vrrp_pid_file, "/t/v.pid");

	assert_int_equal(PARSE(&o, "--use-file=/y.conf", "--pid", "/a.pid", "--vrrp_pid=/b.pid"),
			 CLI_RUN);
	assert_string_equal(o.conf_file, "/y.conf");
	assert_string_equal(o.pid_file, "/a.pid");
	assert_string_equal(o.vrrp_pid_file, "/b.pid");

	/* Attached short argument, and a unique abbreviation of a long option. */
	assert_int_equal(PARSE(&o, "-f/z.conf", "--use=/w.conf"), CLI_RUN);
	assert_string_equal(o.conf_file, "/w.conf");
}

static void
test_config_id_and_control_socket(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-i", "lb1", "--control-socket=/run/k.ctl"), CLI_RUN);
	assert_string_equal(o.config_id, "lb1");
	assert_string_equal(o.control_socket, "/run/k.ctl");
	assert_false(has_notice(&o, "--control-socket"));
	assert_int_equal(PARSE(&o, "--config-id=lb2"), CLI_RUN);
	assert_string_equal(o.config_id, "lb2");
}

static void
test_log_facility(void **state)
{
	/* clang-format off */
	static const struct {
		const char *arg;
		int facility;
	} ok[] = {
		{ "0", LOG_LOCAL0 },	  { "7", LOG_LOCAL7 },	    { "local3", LOG_LOCAL3 },
		{ "user", LOG_USER },	  { "daemon", LOG_DAEMON }, { "LOCAL5", LOG_LOCAL5 },
	};
	/* clang-format on */
	struct cli_opts o;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(PARSE(&o, "-S", ok[i].arg), CLI_RUN);
		assert_int_equal(o.log_facility, ok[i].facility);
	}
	assert_int_equal(PARSE(&o, "--log-facility=local1"), CLI_RUN);
	assert_int_equal(o.log_facility, LOG_LOCAL1);
}

/* option with each of the values is refused, the message naming the value,
 * and nothing of it applied. */
static void
expect_refused(const char *option, const char *const *values, size_t n, const char *prefix,
	       const char *suffix)
{
	struct cli_opts o;
	char want[128];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "%s%s%s", prefix, values[i], suffix);
		assert_int_equal(PARSE(&o, option, values[i]), CLI_ERROR);
		assert_string_equal(o.error, want);
		assert_false(o.umask_set);
	}
}

static void
test_bad_log_facility(void **state)
{
	static const char *const bad[] = { "8", "local8", "kern", "9", "-1", "local", "01" };

	expect_refused("-S", bad, sizeof(bad) / sizeof(bad[0]), "Invalid log facility '", "'");
}

static void
test_umask(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-u", "022"), CLI_RUN);
	assert_true(o.umask_set);
	assert_int_equal(o.umask, 022);
	assert_int_equal(PARSE(&o, "--umask=18"), CLI_RUN); /* decimal, as strtoul reads it */
	assert_int_equal(o.umask, 022);
	assert_int_equal(PARSE(&o, "-u", "0x3f"), CLI_RUN);
	assert_int_equal(o.umask, 077);
	assert_int_equal(PARSE(&o, "-u", "0"), CLI_RUN);
	assert_int_equal(o.umask, 0);
	assert_int_equal(PARSE(&o, "-u", "0777"), CLI_RUN);
	assert_int_equal(o.umask, 0777);
}

static void
test_bad_umask(void **state)
{
	static const char *const bad[] = { "abc", "022x", "01000", "0999", "-1", " 22", "+22" };

	expect_refused("-u", bad, sizeof(bad) / sizeof(bad[0]), "Invalid --umask option ", "");
}

/* Flags ----------------------------------------------------------------------- */

static void
test_flags(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-l", "-D", "-G", "-n", "-d", "-e", "-m", "-P", "-B", "-R"),
			 CLI_RUN);
	assert_true(o.log_console);
	assert_true(o.log_detail);
	assert_true(o.no_syslog);
	assert_true(o.dont_fork);
	assert_true(o.dump_conf);
	assert_true(o.all_config);
	assert_true(o.core_dump);
	assert_true(o.vrrp_only);
	assert_true(o.no_bfd);
	assert_true(o.dont_respawn);
	/* These are what this daemon does anyway: no notice. */
	assert_int_equal(o.n_notices, 0);

	assert_int_equal(PARSE(&o, "--log-console", "--log-detail", "--no-syslog", "--dont-fork",
			       "--dump-conf", "--all-config", "--core-dump", "--vrrp", "--no_bfd",
			       "--dont-respawn", "--all"),
			 CLI_RUN);
	assert_true(o.log_console && o.log_detail && o.no_syslog && o.dont_fork);
	assert_true(o.dump_conf && o.all_config && o.core_dump && o.vrrp_only);
	assert_true(o.no_bfd && o.dont_respawn && o.run_all);

	/* Clustered short options. */
	assert_int_equal(PARSE(&o, "-lnD"), CLI_RUN);
	assert_true(o.log_console && o.dont_fork && o.log_detail);
}

/* Accepted but not carried out: each says so once. */
static void
test_noted_options(void **state)
{
	/* clang-format off */
	static const struct {
		const char *arg;
		const char *notice;
	} noted[] = {
		{ "-x", "SNMP" },
		{ "--snmp-agent-socket=/s", "SNMP" },
		{ "-Mcore.%p", "core_pattern" },
	};
	/* clang-format on */
	struct cli_opts o;
	size_t i;

	for (i = 0; i < sizeof(noted) / sizeof(noted[0]); i++) {
		assert_int_equal(PARSE(&o, noted[i].arg), CLI_RUN);
		assert_int_equal(o.n_notices, 1);
		assert_true(has_notice(&o, noted[i].notice));
	}
	assert_int_equal(PARSE(&o, "-x", "-A", "/s", "-x"), CLI_RUN);
	assert_true(o.snmp);
	assert_int_equal(o.n_notices, 1);
	/* Carried out: no notice. */
	assert_int_equal(PARSE(&o, "-V", "-X", "-a"), CLI_RUN);
	assert_true(o.dont_release_vrrp && o.release_vips && o.address_monitoring);
	assert_int_equal(o.n_notices, 0);
	/* -b is carried out (the VRRP process runs BFD): no notice, the file kept. */
	assert_int_equal(PARSE(&o, "--bfd_pid=/b.pid"), CLI_RUN);
	assert_int_equal(o.n_notices, 0);
	assert_string_equal(o.bfd_pid_file, "/b.pid");
	assert_int_equal(PARSE(&o, "-b", "/c.pid"), CLI_RUN);
	assert_string_equal(o.bfd_pid_file, "/c.pid");
	assert_int_equal(PARSE(&o, "-V"), CLI_RUN);
	assert_string_equal(o.bfd_pid_file, CLI_DEFAULT_BFD_PID);
	/* -M without a pattern is -m. */
	assert_int_equal(PARSE(&o, "-M"), CLI_RUN);
	assert_true(o.core_dump);
	assert_int_equal(o.n_notices, 0);
}

static void
test_check_only(void **state)
{
	struct cli_opts o;

	/* The checker alone, VRRP alone, or both when both are asked. */
	assert_int_equal(PARSE(&o, "-C"), CLI_RUN);
	assert_true(o.check_only && !o.vrrp_only);
	assert_int_equal(o.n_notices, 0);
	assert_int_equal(PARSE(&o, "--check", "-f", "/k.conf"), CLI_RUN);
	assert_true(o.check_only);
	assert_int_equal(PARSE(&o, "--vrrp"), CLI_RUN);
	assert_true(o.vrrp_only && !o.check_only);
	assert_int_equal(PARSE(&o, "-C", "-P"), CLI_RUN);
	assert_false(o.check_only || o.vrrp_only);
	/* -I and -c are carried out, silently. */
	assert_int_equal(PARSE(&o, "-I", "-c", "/run/c.pid"), CLI_RUN);
	assert_true(o.dont_release_ipvs);
	assert_string_equal(o.checkers_pid_file, "/run/c.pid");
	assert_int_equal(o.n_notices, 0);
	assert_int_equal(PARSE_NONE(&o), CLI_RUN);
	assert_string_equal(o.checkers_pid_file, "/run/keepalived_checkers.pid");
}

/* Options refused because carrying on would mislead. */
static void
test_refused_options(void **state)
{
	struct cli_opts o;

	/* -s is no longer refused: the daemon enters the namespace (process_opts.c). */
	assert_int_equal(PARSE(&o, "-s", "blue"), CLI_RUN);
	assert_string_equal(o.net_namespace, "blue");
	assert_int_equal(PARSE(&o, "--namespace=red"), CLI_RUN);
	assert_string_equal(o.net_namespace, "red");
	assert_int_equal(PARSE(&o, "-T"), CLI_ERROR);
	assert_non_null(strstr(o.error, "genhash"));
	assert_int_equal(PARSE(&o, "--genhash"), CLI_ERROR);
}

/* Errors ----------------------------------------------------------------------- */

static void
test_unknown_options(void **state)
{
	struct cli_opts o;

	PARSE_ERROR("Unknown option --bogus", "--bogus");
	PARSE_ERROR("Unknown option -L", "-n", "-L");
	PARSE_ERROR("Option --dont-fork does not take an argument", "--dont-fork=yes");
	/* --dont- is ambiguous between three options. */
	assert_int_equal(PARSE(&o, "--dont-"), CLI_ERROR);
	assert_non_null(strstr(o.error, "Unknown option"));
}

static void
test_missing_parameters(void **state)
{
	PARSE_ERROR("Missing parameter for option -f", "-f");
	PARSE_ERROR("Missing parameter for option --pid", "-n", "--pid");
	PARSE_ERROR("Missing parameter for option --use-file", "--use-file=");
	PARSE_ERROR("Missing parameter for option -S", "-S", "");
}

/* keepalived warns about stray words and carries on; argv keeps its order. */
static void
test_unexpected_arguments(void **state)
{
	const char *words[] = { "keepalived", "stray", "-n", "other", NULL };
	struct cli_opts o;

	assert_int_equal(parse_words(&o, words), CLI_RUN);
	assert_true(o.dont_fork);
	assert_true(has_notice(&o, "Unexpected argument(s): stray other"));
	assert_string_equal(words[1], "stray");
	assert_string_equal(words[2], "-n");
}

/* Actions ----------------------------------------------------------------------- */

static void
test_config_test(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-t", "-f", "/k.conf"), CLI_CONFIG_TEST);
	assert_null(o.config_test_log);
	assert_string_equal(o.conf_file, "/k.conf");
	assert_int_equal(PARSE(&o, "--config-test"), CLI_CONFIG_TEST);
	assert_null(o.config_test_log);
	assert_int_equal(PARSE(&o, "--config-test=/tmp/t.log"), CLI_CONFIG_TEST);
	assert_string_equal(o.config_test_log, "/tmp/t.log");
	assert_int_equal(PARSE(&o, "-t/tmp/u.log"), CLI_CONFIG_TEST);
	assert_string_equal(o.config_test_log, "/tmp/u.log");
	assert_int_equal(PARSE(&o, "-t=/tmp/v.log"), CLI_CONFIG_TEST);
	assert_string_equal(o.config_test_log, "/tmp/v.log");
	/* A bad option still wins over -t. */
	assert_int_equal(PARSE(&o, "-t", "-S", "99"), CLI_ERROR);
}

static void
test_help_version_stop_parsing(void **state)
{
	struct cli_opts o;

	assert_int_equal(PARSE(&o, "-h"), CLI_HELP);
	assert_int_equal(PARSE(&o, "--help", "--bogus"), CLI_HELP);
	assert_int_equal(PARSE(&o, "-v"), CLI_VERSION);
	assert_int_equal(PARSE(&o, "-n", "--version", "-S", "99"), CLI_VERSION);
	assert_int_equal(PARSE(&o, "--bogus", "-v"), CLI_ERROR);
}

static void
test_signum(void **state)
{
	/* clang-format off */
	static const struct {
		const char *name;
		int signum;
	} names[] = {
		{ "STOP", 15 },	 { "RELOAD", 1 },	{ "DATA", 10 },
		{ "STATS", 12 }, { "STATS_CLEAR", 63 }, { "JSON", 36 },
	};
	/* clang-format on */
	struct cli_opts o;
	char arg[64];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(cli_signum(names[i].name), names[i].signum);
		snprintf(arg, sizeof(arg), "--signum=%s", names[i].name);
		assert_int_equal(PARSE(&o, arg), CLI_SIGNUM);
		assert_int_equal(o.signum, names[i].signum);
	}
	assert_int_equal(cli_signum("JSON"), SIGRTMIN + 2);
	assert_int_equal(cli_signum("STATS_CLEAR"), SIGRTMAX - 1);
	assert_int_equal(cli_signum("stop"), -1); /* case matters, as in keepalived */
	PARSE_ERROR("Unknown sigfunc BOGUS", "--signum=BOGUS");
	assert_int_equal(PARSE(&o, "--signum", "RELOAD"), CLI_SIGNUM);
	assert_int_equal(o.signum, 1);
}

/* A memory stream that collects what the code under test prints. */
struct printed {
	char *buf;
	size_t size;
	FILE *f;
};

static FILE *
printed_open(struct printed *p)
{
	p->buf = NULL;
	p->f = open_memstream(&p->buf, &p->size);
	assert_non_null(p->f);
	return p->f;
}

/* The text printed, to be freed by the caller. */
static char *
printed_text(struct printed *p)
{
	assert_int_equal(fclose(p->f), 0);
	assert_non_null(p->buf);
	return p->buf;
}

static void
test_signum_output(void **state)
{
	static const struct {
		const char *name;
		const char *out;
	} cases[] = { { "STOP", "15\n" }, { "JSON", "36\n" }, { "STATS_CLEAR", "63\n" } };
	struct printed p;
	char *out;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cli_print_signum(printed_open(&p), cli_signum(cases[i].name));
		out = printed_text(&p);
		assert_string_equal(out, cases[i].out);
		free(out);
	}
}

static void
test_help_text(void **state)
{
	/* clang-format off */
	static const char *longs[] = {
		"--use-file=FILE", "--vrrp", "--check", "--no_bfd", "--all", "--log-console",
		"--log-detail", "--log-facility=", "--no-syslog", "--umask=MASK",
		"--release-vips", "--dont-release-vrrp", "--dont-release-ipvs", "--dont-respawn",
		"--dont-fork", "--dump-conf", "--pid=FILE", "--vrrp_pid=FILE", "--genhash",
		"--checkers_pid=FILE", "--address-monitoring", "--bfd_pid=FILE", "--snmp",
		"--snmp-agent-socket=FILE", "--namespace=NAME", "--core-dump",
		"--core-dump-pattern=PATN", "--all-config", "--config-id", "--signum=SIGFUNC",
		"--config-test[=LOG_FILE]", "--control-socket=PATH", "--version", "--help",
	};
	/* clang-format on */
	struct printed p;
	char *buf;
	size_t i;

	cli_print_help(printed_open(&p), "keepalived");
	buf = printed_text(&p);
	assert_true(strncmp(buf, "Usage: keepalived [OPTION...]\n", 30) == 0);
	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		if (strstr(buf, longs[i]) == NULL)
			fail_msg("help lacks %s", longs[i]);
	}
	assert_non_null(strstr(buf, "'/run/keepalived.pid'"));
	free(buf);
}

static void
test_version_text(void **state)
{
	struct printed p;
	char *buf;

	cli_print_version(printed_open(&p));
	buf = printed_text(&p);
	/* keepalived's first line shape, which scripts parse, then its blank line. */
	assert_true(strncmp(buf, "Keepalived v" PACKAGE_VERSION " (" PACKAGE_NAME ")\n\n",
			    strlen("Keepalived v" PACKAGE_VERSION " (" PACKAGE_NAME ")\n\n")) == 0);
	/* keepalived's lines, in keepalived's order, with this program's facts. */
	assert_non_null(strstr(buf, "\nCopyright (C) "));
	assert_non_null(strstr(buf, "keepalived-vrrp maintainers"));
	assert_true(strstr(buf, "\nCopyright") <
		    strstr(buf, "\nBuilt with kernel headers for Linux "));
	assert_true(strstr(buf, "\nBuilt with kernel") < strstr(buf, "\nRunning on Linux "));
	assert_true(strstr(buf, "\nRunning on") <
		    strstr(buf, "\n\nconfigure options: " CONFIGURE_OPTIONS "\n"));
	assert_non_null(
		strstr(buf, "\nConfig options:  VRRP VRRP_AUTH VRRP_VMAC JSON OLD_CHKSUM_COMPAT"));
	/* Features this daemon does not have are not claimed. */
	assert_null(strstr(buf, " LVS"));
	assert_null(strstr(buf, " BFD"));
	assert_null(strstr(buf, " SNMP"));
	/* The libraries the daemon links, with configure's versions; not libpcap,
	 * which only the tests use. */
	assert_non_null(strstr(buf, "libnl-3 " LIBNL_VERSION_STR));
	assert_non_null(strstr(buf, "libcrypto " CRYPTO_VERSION_STR));
	assert_null(strstr(buf, "libpcap"));
	/* sd_notify is spoken without libsystemd (issue 14). */
	assert_null(strstr(buf, "libsystemd"));
#ifdef HAVE_SYSTEMD_NOTIFY
	assert_non_null(strstr(buf, " SYSTEMD_NOTIFY"));
#else
	assert_null(strstr(buf, "SYSTEMD"));
#endif
	free(buf);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_reparse_resets),
		cmocka_unit_test(test_files_short_and_long),
		cmocka_unit_test(test_config_id_and_control_socket),
		cmocka_unit_test(test_log_facility),
		cmocka_unit_test(test_bad_log_facility),
		cmocka_unit_test(test_umask),
		cmocka_unit_test(test_bad_umask),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_noted_options),
		cmocka_unit_test(test_check_only),
		cmocka_unit_test(test_refused_options),
		cmocka_unit_test(test_unknown_options),
		cmocka_unit_test(test_missing_parameters),
		cmocka_unit_test(test_unexpected_arguments),
		cmocka_unit_test(test_config_test),
		cmocka_unit_test(test_help_version_stop_parsing),
		cmocka_unit_test(test_signum),
		cmocka_unit_test(test_signum_output),
		cmocka_unit_test(test_help_text),
		cmocka_unit_test(test_version_text),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
