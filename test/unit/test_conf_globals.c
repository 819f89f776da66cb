/*
 * conf_globals.c: the global_defs keywords of conf_globals.h read as
 * keepalived 2.2.7 reads them (a bad value: a warning, the line ignored),
 * and the reader options two of them set while the file is read:
 * include_check (include problems become errors, for the rest of the file
 * and what it includes) and random_seed (${_RANDOM} repeatable).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <syslog.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "unit_helpers.h"

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/core/conf.h"
#include "keepalived/core/conf_globals.h"

static int
h_value(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static char seen[4][32];
	static int n;

	(void)r;
	(void)obj;
	snprintf(seen[n % 4], sizeof(seen[0]), "%s", argc > 1 ? argv[1] : "");
	setenv(n % 2 ? "GL_VALUE2" : "GL_VALUE1", seen[n % 4], 1);
	n++;
	return 0;
}

/* clang-format off */
static const struct cfg_keyword top[] = {
	{ "global_defs", NULL, NULL, globals_keywords, NULL, NULL },
	{ "value", h_value, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct kconf conf;
static struct check_conf check; /* lvs_netlink_*: conf.check's */

static int
load(const char *text)
{
	struct cfg_options opts = { "test", false };

	memset(&conf, 0, sizeof(conf));
	memset(&check, 0, sizeof(check));
	conf.check = &check;
	unit_log_clear();
	return cfg_read_string("keepalived.conf", text, top, &conf, &opts);
}

static bool
logged(const char *needle)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], needle) != NULL)
			return true;
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		print_message("  logged: %s\n", unit_log.line[i]);
	return false;
}

static void
test_all_keywords(void **state)
{
	const struct globals_conf *g = &conf.globals;
	const struct vrrp_tuning_conf *t = &conf.vrrp.tuning;

	(void)state;
	assert_int_equal(load("global_defs {\n"
			      " umask IWGRP | IWOTH\n"
			      " reload_check_config /tmp/check.log\n"
			      " reload_file\n"
			      " reload_time_file /run/reload.time\n reload_repeat\n"
			      " config_save_dir /var/tmp/ks\n tmp_config_directory /var/tmp\n"
			      " data_use_instance\n disable_local_igmp\n log_unknown_vrids\n"
			      " fifo_write_vrrp_states_on_reload\n"
			      " max_auto_priority\n min_auto_priority_delay 250000\n"
			      " vrrp_rx_bufs_policy MTU\n vrrp_rx_bufs_multiplier 5\n"
			      " vrrp_netlink_cmd_rcv_bufs 1000000\n"
			      " vrrp_netlink_cmd_rcv_bufs_force\n"
			      " vrrp_netlink_monitor_rcv_bufs 2000000\n"
			      " vrrp_netlink_monitor_rcv_bufs_force false\n"
			      " lvs_netlink_cmd_rcv_bufs 300000\n"
			      " lvs_netlink_monitor_rcv_bufs 4000000\n"
			      " lvs_netlink_monitor_rcv_bufs_force\n"
			      " random_seed 7\n include_check\n"
			      "}\n"),
			 0);
	assert_int_equal(unit_log.warnings, 0);
	assert_true(g->umask_set);
	assert_int_equal(g->umask, 022);
	assert_true(g->reload_check);
	assert_string_equal(g->reload_check_log, "/tmp/check.log");
	assert_true(g->reload_file_set);
	assert_string_equal(g->reload_file, "");
	assert_string_equal(g->reload_time_file, "/run/reload.time");
	assert_true(g->reload_repeat);
	assert_string_equal(g->config_save_dir, "/var/tmp/ks");
	assert_string_equal(g->tmp_config_directory, "/var/tmp");
	assert_true(g->data_use_instance && g->disable_local_igmp);
	assert_true(t->log_unknown_vrids && t->fifo_states_on_reload);
	assert_int_equal(g->max_auto_priority, 99);
	assert_int_equal(g->min_auto_priority_delay_us, 250000);
	assert_int_equal(t->rx_bufs_policy, VRRP_RX_BUFS_MTU);
	assert_int_equal(t->rx_bufs_multiplier, 5);
	assert_int_equal(t->nl_cmd_rcvbuf, 1000000);
	assert_true(t->nl_cmd_force);
	assert_int_equal(t->nl_monitor_rcvbuf, 2000000);
	assert_false(t->nl_monitor_force);
	/* The checker's own, apart from VRRP's. */
	assert_int_equal(check.nl_tuning.nl_cmd_rcvbuf, 300000);
	assert_false(check.nl_tuning.nl_cmd_force);
	assert_int_equal(check.nl_tuning.nl_monitor_rcvbuf, 4000000);
	assert_true(check.nl_tuning.nl_monitor_force);

	assert_int_equal(load("global_defs {\n umask 0x3f\n vrrp_rx_bufs_policy 65536\n"
			      " max_auto_priority -1\n}\n"),
			 0);
	assert_int_equal(g->umask, 077);
	assert_int_equal(t->rx_bufs_policy, VRRP_RX_BUFS_SIZE);
	assert_int_equal(t->rx_bufs_size, 65536);
	assert_int_equal(g->max_auto_priority, -1);
}

static void
test_bad_values_warn(void **state)
{
	(void)state;
	assert_int_equal(load("global_defs {\n umask IWFOO\n umask 01000\n"
			      " max_auto_priority 100\n min_auto_priority_delay 0\n"
			      " reload_file relative\n vrrp_rx_bufs_policy SOME\n"
			      " include_check +nothing\n}\n"),
			 0);
	assert_int_equal(unit_log.warnings, 7);
	assert_false(conf.globals.umask_set);
	assert_true(logged("keepalived.conf:2: umask: 'IWFOO' is not a mask"));
	assert_true(logged("keepalived.conf:4: max_auto_priority: '100' is not a number in [-1, "
			   "99]"));
	assert_true(logged("keepalived.conf:6: reload_file: 'relative' is not an absolute path"));
	assert_false(conf.globals.reload_file_set);
	assert_int_equal(conf.vrrp.tuning.rx_bufs_policy, VRRP_RX_BUFS_DEFAULT);
	assert_true(logged("include_check: unknown option '+nothing'"));
}

static void
test_umask_forms(void **state)
{
	mode_t m;

	(void)state;
	assert_int_equal(globals_parse_umask("022", &m), 0);
	assert_int_equal(m, 022);
	assert_int_equal(globals_parse_umask("18", &m), 0);
	assert_int_equal(m, 022);
	assert_int_equal(globals_parse_umask("IRWXG", &m), -1);
	assert_int_equal(globals_parse_umask("IRUSR|IXOTH", &m), 0);
	assert_int_equal(m, 0401);
	assert_int_equal(globals_parse_umask("", &m), -1);
}

static void
test_reload_time(void **state)
{
	time_t now = 1800000000; /* 2027-01-15 08:00:00 UTC */
	time_t when;

	(void)state;
	assert_int_equal(globals_parse_reload_time("08:00:10Z", now, &when), 0);
	assert_int_equal(when, now + 10);
	/* Passed today: tomorrow. */
	assert_int_equal(globals_parse_reload_time("07:59:59Z", now, &when), 0);
	assert_int_equal(when, now + 86399);
	assert_int_equal(globals_parse_reload_time("2027-01-15 09:00:00Z", now, &when), 0);
	assert_int_equal(when, now + 3600);
	assert_int_equal(globals_parse_reload_time("27-01-16 08:00:00Z", now, &when), 0);
	assert_int_equal(when, now + 86400);
	assert_int_equal(globals_parse_reload_time(" 08:00:10", now, &when), -1);
	assert_int_equal(globals_parse_reload_time("08:00", now, &when), -1);
	assert_int_equal(globals_parse_reload_time("2027-13-01 00:00:00", now, &when), -1);
	assert_int_equal(globals_parse_reload_time("24:00:00", now, &when), -1);
}

/* include_check: an include matching nothing is an error after it, not before. */
static void
test_include_check(void **state)
{
	(void)state;
	assert_int_equal(load("include /nonexistent/gl-a.conf\n"
			      "global_defs {\n include_check match\n}\n"
			      "include /nonexistent/gl-b.conf\n"
			      "include /nonexistent/gl-*.conf\n"),
			 1);
	assert_true(logged("keepalived.conf:5: include '/nonexistent/gl-b.conf': no file matches"));
	/* match does not cover wildcards; wildcard_match does. */
	assert_int_equal(load("global_defs {\n include_check\n include_check -wildcard_match\n}\n"
			      "include /nonexistent/gl-*.conf\n"),
			 0);
	assert_int_equal(load("global_defs {\n include_check wildcard_match\n}\n"
			      "include /nonexistent/gl-*.conf\n"),
			 1);
}

/* ${_RANDOM MIN MAX}: in range; with random_seed, the same numbers each load. */
static void
test_random_seed(void **state)
{
	char first[2][32];

	(void)state;
	for (int round = 0; round < 2; round++) {
		assert_int_equal(load("global_defs {\n random_seed 42\n}\n"
				      "value ${_RANDOM 10 20}\nvalue ${_RANDOM}\n"),
				 0);
		assert_int_equal(unit_log.warnings, 0);
		snprintf(first[round], sizeof(first[round]), "%s/%s", getenv("GL_VALUE1"),
			 getenv("GL_VALUE2"));
		assert_in_range(atoi(getenv("GL_VALUE1")), 10, 20);
		assert_in_range(atoi(getenv("GL_VALUE2")), 0, 32767);
	}
	assert_string_equal(first[0], first[1]);
	/* Another seed, other numbers (the time alone would give the same in one second). */
	assert_int_equal(load("global_defs {\n random_seed 43\n}\n"
			      "value ${_RANDOM 10 20}\nvalue ${_RANDOM}\n"),
			 0);
	snprintf(first[1], sizeof(first[1]), "%s/%s", getenv("GL_VALUE1"), getenv("GL_VALUE2"));
	assert_string_not_equal(first[0], first[1]);
	assert_int_equal(load("value ${_RANDOM 20 10}\n"), 0);
	assert_true(logged("is not ${_RANDOM [MIN [MAX]]}"));
}

static void
dump_out(const char *line, void *arg)
{
	char *buf = arg;

	strcat(buf, line);
	strcat(buf, "\n");
}

/* -d: what was set, as lines that read back the same. */
static void
test_dump_round_trip(void **state)
{
	static char first[2048], second[2048], text[2300];

	(void)state;
	assert_int_equal(load("global_defs {\n umask IWGRP|IWOTH\n reload_check_config\n"
			      " reload_file /run/x.reload\n max_auto_priority 7\n"
			      " vrrp_rx_bufs_policy ADVERT\n vrrp_netlink_monitor_rcv_bufs 300000\n"
			      " log_unknown_vrids\n min_auto_priority_delay 5000\n}\n"),
			 0);
	first[0] = '\0';
	globals_conf_dump(&conf.globals, &conf.vrrp.tuning, dump_out, first);
	assert_non_null(strstr(first, "    umask 0022\n    reload_check_config\n"
				      "    reload_file /run/x.reload\n"));
	snprintf(text, sizeof(text), "global_defs {\n%s}\n", first);
	assert_int_equal(load(text), 0);
	second[0] = '\0';
	globals_conf_dump(&conf.globals, &conf.vrrp.tuning, dump_out, second);
	assert_string_equal(first, second);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_keywords),    cmocka_unit_test(test_bad_values_warn),
		cmocka_unit_test(test_umask_forms),     cmocka_unit_test(test_reload_time),
		cmocka_unit_test(test_include_check),   cmocka_unit_test(test_random_seed),
		cmocka_unit_test(test_dump_round_trip),
	};

	log_init("test", LOG_DAEMON, false);
	log_set_sink(unit_log_sink, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
