/*
 * conf_process.c: the process-level keywords read as keepalived 2.2.7 reads
 * them. Values it warns about and ignores or clamps are warnings here
 * (file:line, the daemon still starts); what its parser rejects outright
 * (a missing net_namespace name, a missing vrrp_rlimit_rttime value, or a
 * name that would leave /run/netns) is an error. The reader is driven with
 * the two tables alone, composed as conf.c composes them.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "unit_helpers.h"

#include "keepalived/core/conf.h"
#include "keepalived/core/conf_process.h"

/* clang-format off */
static const struct cfg_keyword top[] = {
	CFG_KEYWORDS_FROM(process_top_keywords),
	{ "global_defs", NULL, NULL, process_global_keywords, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct kconf conf;

/* Read text; returns the number of errors, warnings in unit_log. */
static int
load(const char *text)
{
	struct cfg_options opts = { "test", false };

	memset(&conf, 0, sizeof(conf));
	unit_log_clear();
	return cfg_read_string("keepalived.conf", text, top, &conf, &opts);
}

static bool
logged(const char *needle)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], needle) != NULL)
			return true;
	return false;
}

static void
test_all_keywords(void **state)
{
	const struct process_conf *pc = &conf.process;

	assert_int_equal(
		load("net_namespace blue\ninstance inst1\nuse_pid_dir\n"
		     "net_namespace_ipvs red\n"
		     "global_defs {\n"
		     " process_name kp\n vrrp_process_name kpv\n checker_process_name kpc\n"
		     " vrrp_priority -5\n vrrp_rt_priority 10\n vrrp_rlimit_rttime 5000\n"
		     " vrrp_no_swap\n vrrp_cpu_affinity 0\n"
		     " checker_priority 3\n checker_rt_priority 20\n"
		     " checker_rlimit_rtime 7000\n checker_no_swap\n checker_cpu_affinity 0\n"
		     " startup_script \"/bin/sh -c 'exit 0'\" root\n startup_script_timeout 3\n"
		     " shutdown_script /bin/true\n shutdown_script_timeout 1000\n"
		     "}\n"),
		0);
	assert_int_equal(unit_log.warnings, 0);
	assert_string_equal(pc->net_namespace, "blue");
	assert_string_equal(pc->instance, "inst1");
	assert_true(pc->use_pid_dir);
	assert_true(pc->net_namespace_ipvs_set);
	assert_string_equal(pc->net_namespace_ipvs, "red");
	assert_string_equal(process_conf_name(pc, ""), "kp");
	assert_string_equal(process_conf_name(pc, "vrrp"), "kpv");
	assert_string_equal(process_conf_name(pc, "checker"), "kpc");
	assert_true(pc->vrrp.nice_set);
	assert_int_equal(pc->vrrp.nice, -5);
	assert_int_equal(pc->vrrp.rt_priority, 10);
	assert_int_equal(pc->vrrp.rlimit_rttime_us, 5000);
	assert_true(pc->vrrp.no_swap);
	assert_true(pc->vrrp.cpus_set);
	assert_int_equal(pc->vrrp.cpus[0], 1);
	assert_int_equal(pc->checker.nice, 3);
	assert_int_equal(pc->checker.rt_priority, 20);
	assert_int_equal(pc->checker.rlimit_rttime_us, 7000);
	assert_true(pc->checker.no_swap);
	assert_string_equal(pc->startup.text, "/bin/sh -c 'exit 0'");
	assert_string_equal(pc->startup.user, "root");
	assert_int_equal(pc->startup.timeout_s, 3);
	assert_string_equal(pc->shutdown.text, "/bin/true");
	assert_int_equal(pc->shutdown.timeout_s, 1000);
}

static void
test_process_names_defaults(void **state)
{
	assert_int_equal(load("global_defs {\n process_names\n vrrp_process_name mine\n}\n"), 0);
	assert_string_equal(process_conf_name(&conf.process, ""), "keepalived");
	assert_string_equal(process_conf_name(&conf.process, "vrrp"), "mine");
	assert_string_equal(process_conf_name(&conf.process, "checker"), "keepalived_ipvs");
	assert_int_equal(load("global_defs {\n}\n"), 0);
	assert_null(process_conf_name(&conf.process, "vrrp"));
	/* keepalived 2.2.7's old name for checker_process_name, with its warning. */
	assert_int_equal(load("global_defs {\n lvs_process_name kpl\n}\n"), 0);
	assert_string_equal(process_conf_name(&conf.process, "checker"), "kpl");
	assert_true(logged("keepalived.conf:2: 'lvs_process_name' is deprecated - please use "
			   "'checker_process_name'"));
}

/*
 * bfd_*: read as keepalived reads them; BFD runs in the VRRP process, which
 * takes the stronger of each setting.
 */
static void
test_bfd_merge(void **state)
{
	const struct process_conf *pc = &conf.process;
	struct process_sched m;

	assert_int_equal(load("global_defs {\n vrrp_priority -2\n vrrp_cpu_affinity 0\n"
			      " bfd_priority -10\n bfd_rt_priority 40\n bfd_rlimit_rttime 8000\n"
			      " bfd_no_swap\n bfd_cpu_affinity 1\n bfd_process_name kb\n}\n"),
			 0);
	/* Acted on: it names the process when BFD runs without VRRP instances. */
	assert_int_equal(unit_log.warnings, 0);
	assert_string_equal(process_conf_name(pc, "bfd"), "kb");
	assert_int_equal(pc->bfd.nice, -10);
	assert_int_equal(pc->bfd.rt_priority, 40);
	assert_int_equal(pc->bfd.rlimit_rttime_us, 8000);
	assert_true(pc->bfd.no_swap);
	assert_int_equal(pc->bfd.cpus[0], 2);
	/* The VRRP side's own settings are untouched by the bfd_* lines. */
	assert_int_equal(pc->vrrp.nice, -2);
	assert_int_equal(pc->vrrp.rt_priority, 0);
	assert_false(pc->vrrp.no_swap);

	process_sched_merge(&pc->vrrp, &pc->bfd, &m);
	assert_true(m.nice_set);
	assert_int_equal(m.nice, -10);
	assert_int_equal(m.rt_priority, 40);
	assert_int_equal(m.rlimit_rttime_us, 8000);
	assert_true(m.no_swap);
	assert_true(m.cpus_set);
	assert_int_equal(m.cpus[0], 3); /* the union: VRRP's CPU 0 and BFD's CPU 1 */

	/* The VRRP side's stronger settings stay; BFD's CPUs alone pin the process. */
	assert_int_equal(load("global_defs {\n vrrp_priority -15\n vrrp_rt_priority 60\n"
			      " vrrp_rlimit_rttime 9000\n bfd_priority 5\n bfd_rt_priority 30\n"
			      " bfd_cpu_affinity 1\n}\n"),
			 0);
	process_sched_merge(&pc->vrrp, &pc->bfd, &m);
	assert_int_equal(m.nice, -15);
	assert_int_equal(m.rt_priority, 60);
	assert_int_equal(m.rlimit_rttime_us, 9000);
	assert_false(m.no_swap);
	assert_true(m.cpus_set);
	assert_int_equal(m.cpus[0], 2);

	/* No bfd_* line: the VRRP side's settings as they are. */
	assert_int_equal(load("global_defs {\n vrrp_rt_priority 10\n}\n"), 0);
	process_sched_merge(&pc->vrrp, &pc->bfd, &m);
	assert_false(m.nice_set);
	assert_int_equal(m.rt_priority, 10);
	assert_false(m.cpus_set);
}

/* keepalived warns and runs on: the value is ignored, clamped or truncated. */
struct warn_case {
	const char *name;
	const char *line; /* inside global_defs */
	const char *message;
};

/* clang-format off */
static const struct warn_case warn_cases[] = {
	{ "priority high", "vrrp_priority 25", "Invalid vrrp process priority specified" },
	{ "priority low", "checker_priority -21", "Invalid checker process priority specified" },
	{ "priority word", "vrrp_priority abc", "invalid number 'abc'" },
	{ "priority none", "vrrp_priority", "No vrrp process priority specified" },
	{ "bfd priority", "bfd_priority 20", "Invalid bfd process priority specified" },
	{ "bfd rt 100", "bfd_rt_priority 100", "greater than maximum 99 - setting to maximum" },
	{ "rt zero", "vrrp_rt_priority 0", "less than minimum 1 - setting to minimum" },
	{ "rt 100", "vrrp_rt_priority 100", "greater than maximum 99 - setting to maximum" },
	{ "rt none", "vrrp_rt_priority", "No vrrp process real-time priority specified" },
	{ "rttime 0", "vrrp_rlimit_rttime 0", "Invalid vrrp real-time limit - 0" },
	{ "cpu beyond", "vrrp_cpu_affinity 0 100000",
	  "Invalid cpu_id:100000 specified for vrrp process" },
	{ "cpu none", "vrrp_cpu_affinity", "No vrrp cpu_id set specified" },
	{ "timeout 0", "startup_script_timeout 0",
	  "startup_script_timeout '0' must be in [1, 1000]" },
	{ "timeout 1001", "shutdown_script_timeout 1001", "must be in [1, 1000] - ignoring" },
	{ "timeout none", "startup_script_timeout", "startup_script_timeout requires value" },
	{ "script none", "startup_script", "startup script missing" },
	{ "script user", "startup_script /bin/true no_such_user_here", "Invalid startup script" },
	{ "long name", "vrrp_process_name abcdefghijklmnopqrstuvwxyz",
	  "Process name abcdefghijklmnopqrstuvwxyz more than 15 characters, truncating" },
};
/* clang-format on */

static void
test_warning(void **state)
{
	const struct warn_case *c = *state;
	const struct process_conf *pc = &conf.process;
	char text[256];

	snprintf(text, sizeof(text), "global_defs {\n %s\n}\n", c->line);
	assert_int_equal(load(text), 0);
	assert_int_not_equal(unit_log.warnings, 0);
	if (!logged(c->message))
		fail_msg("'%s': no '%s' in the log", c->line, c->message);
	assert_true(logged("keepalived.conf:2: "));
	/* Nothing half-set. */
	assert_false(pc->vrrp.nice_set || pc->checker.nice_set || pc->vrrp.cpus_set);
	assert_int_equal(pc->vrrp.rlimit_rttime_us, 0);
	assert_int_equal(pc->startup.timeout_s + pc->shutdown.timeout_s, 0);
	assert_string_equal(pc->startup.text, "");
	if (strncmp(c->line, "vrrp_rt_priority ", 17) == 0)
		assert_int_equal(pc->vrrp.rt_priority, c->line[17] == '0' ? 1 : 99);
	if (strncmp(c->line, "vrrp_process_name", 17) == 0)
		assert_string_equal(pc->vrrp_process_name, "abcdefghijklmno");
}

/* child_wait_time, top level as keepalived 2.2.7 reads it; a bad value is a warning. */
static void
test_child_wait_time(void **state)
{
	static const char *const bad[] = { "abc", "-1", "1.5", "4294967296", "" };
	char text[64];

	(void)state;
	assert_int_equal(load("instance x\n"), 0);
	assert_false(conf.process.child_wait_set);
	assert_int_equal(load("child_wait_time 0\n"), 0);
	assert_true(conf.process.child_wait_set);
	assert_int_equal(conf.process.child_wait_time, 0);
	assert_int_equal(load("child_wait_time 4294967295\n"), 0);
	assert_int_equal(conf.process.child_wait_time, 4294967295u);
	assert_int_equal(unit_log.warnings, 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "child_wait_time %s\n", bad[i]);
		assert_int_equal(load(text), 0);
		assert_int_equal(unit_log.warnings, 1);
		assert_false(conf.process.child_wait_set);
		snprintf(text, sizeof(text), "keepalived.conf:1: Invalid child_wait_time %s",
			 bad[i]);
		assert_true(logged(text));
	}
}

/* Refused as keepalived's parser refuses them, or unsafe as a path. */
static void
test_errors(void **state)
{
	assert_int_equal(load("net_namespace\n"), 1);
	assert_int_equal(load("net_namespace ../etc\n"), 1);
	assert_true(logged("net_namespace: '../etc' is not a usable name"));
	assert_int_equal(load("instance a/b\n"), 1);
	assert_int_equal(load("net_namespace_ipvs ..\n"), 1);
	assert_int_equal(load("global_defs {\n vrrp_rlimit_rttime\n}\n"), 1);
	assert_int_equal(load("global_defs {\n vrrp_process_name\n}\n"), 1);
	/* net_namespace_ipvs alone: IPVS in the default namespace. */
	assert_int_equal(load("net_namespace_ipvs\n"), 0);
	assert_true(conf.process.net_namespace_ipvs_set);
	assert_string_equal(conf.process.net_namespace_ipvs, "");
}

int
main(void)
{
	struct CMUnitTest tests[32];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_all_keywords),
		cmocka_unit_test(test_process_names_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_child_wait_time),
		cmocka_unit_test(test_bfd_merge),
	};
	/* clang-format on */

	log_init("test", LOG_DAEMON, false);
	log_set_sink(unit_log_sink, NULL);
	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_warning, warn_cases);
	return _cmocka_run_group_tests("conf_process", tests, n, NULL, NULL);
}
