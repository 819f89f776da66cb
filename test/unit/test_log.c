/*
 * Tests of the logging module through its sink: every line is captured with
 * its priority. The console path and fatal() run in forked children so that
 * their output and exit can be checked from outside.
 */
#include "config.h"

#include "lib/log.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "unit_helpers.h"

static int
capture_setup(void **state)
{
	unit_log_start();
	return 0;
}

static int
capture_teardown(void **state)
{
	unit_log_stop();
	return 0;
}

static void
test_levels(void **state)
{
	/* clang-format off */
	static const struct {
		int priority;
		const char *line;
	} want[] = {
		{ LOG_INFO, "info 1" },
		{ LOG_NOTICE, "notice two" },
		{ LOG_WARNING, "warnx 3" },
		{ LOG_ERR, "error 4" },
		{ LOG_ALERT, "msg 5" },
	};
	/* clang-format on */
	size_t i;

	log_info("info %d", 1);
	log_notice("notice %s", "two");
	log_warnx("warnx %c", '3');
	log_error("error %u", 4u);
	log_msg(LOG_ALERT, "msg %x", 0x5);
	assert_int_equal(unit_log.n, UNIT_NELEMS(want));
	for (i = 0; i < UNIT_NELEMS(want); i++) {
		assert_int_equal(unit_log.priority[i], want[i].priority);
		assert_string_equal(unit_log.line[i], want[i].line);
	}
}

static void
test_warn_appends_strerror(void **state)
{
	char want[256];

	errno = ENOENT;
	log_warn("open %s", "/etc/keepalived/keepalived.conf");
	snprintf(want, sizeof(want), "open /etc/keepalived/keepalived.conf: %s", strerror(ENOENT));
	assert_int_equal(unit_log.n, 1);
	assert_int_equal(unit_log.priority[0], LOG_WARNING);
	assert_string_equal(unit_log.line[0], want);
	/* errno survives, for the caller's own use. */
	assert_int_equal(errno, ENOENT);

	/* log_warnx adds nothing, whatever errno says. */
	errno = EPERM;
	log_warnx("plain");
	assert_string_equal(unit_log.line[1], "plain");
}

static void
test_debug_gated_by_detail(void **state)
{
	assert_false(log_get_detail());
	log_debug("hidden %d", 1);
	assert_int_equal(unit_log.n, 0);
	log_set_detail(true);
	assert_true(log_get_detail());
	log_debug("shown %d", 2);
	assert_int_equal(unit_log.n, 1);
	assert_int_equal(unit_log.priority[0], LOG_DEBUG);
	assert_string_equal(unit_log.line[0], "shown 2");
	log_set_detail(false);
	log_debug("hidden %d", 3);
	assert_int_equal(unit_log.n, 1);
}

static void
test_long_line_truncated(void **state)
{
	static char big[3000];

	memset(big, 'a', sizeof(big) - 1);
	log_info("%s", big);
	errno = EIO;
	log_warn("%s", big);
	assert_int_equal(unit_log.n, 2);
	assert_true(strlen(unit_log.line[0]) > 900 && strlen(unit_log.line[0]) < 1024);
	assert_true(strlen(unit_log.line[1]) < 1024);
	/* The reason survives the truncation of the message. */
	assert_non_null(strstr(unit_log.line[1], strerror(EIO)));
}

static void
test_ratelimit_window(void **state)
{
	struct log_ratelimit rl = LOG_RATELIMIT_INIT(1000000, 3);
	const uint64_t t0 = 5000000;
	int i;

	/* Three pass, the next four are counted. */
	for (i = 0; i < 7; i++)
		log_ratelimited(&rl, t0 + (uint64_t)i * 1000, LOG_WARNING, "bad packet %d", i);
	assert_int_equal(unit_log.n, 3);
	assert_string_equal(unit_log.line[2], "bad packet 2");
	assert_int_equal(unit_log.priority[2], LOG_WARNING);
	assert_int_equal(rl.suppressed, 4);

	/* Still inside the window. */
	log_ratelimited(&rl, t0 + 999999, LOG_WARNING, "bad packet %d", 7);
	assert_int_equal(unit_log.n, 3);

	/* A new window: the first line to pass reports what was dropped. */
	log_ratelimited(&rl, t0 + 1000000, LOG_WARNING, "bad packet %d", 8);
	assert_int_equal(unit_log.n, 4);
	assert_string_equal(unit_log.line[3], "bad packet 8 (5 similar messages suppressed)");
	assert_int_equal(rl.suppressed, 0);
	log_ratelimited(&rl, t0 + 1000001, LOG_WARNING, "bad packet %d", 9);
	assert_string_equal(unit_log.line[4], "bad packet 9");
	log_ratelimited(&rl, t0 + 1000002, LOG_WARNING, "bad packet %d", 10);
	log_ratelimited(&rl, t0 + 1000003, LOG_WARNING, "bad packet %d", 11);
	assert_int_equal(unit_log.n, 6);
	assert_int_equal(rl.suppressed, 1);

	/* log_ratelimit_ok is the same gate, for callers that format themselves. */
	assert_false(log_ratelimit_ok(&rl, t0 + 1999999));
	assert_true(log_ratelimit_ok(&rl, t0 + 2000003));
	assert_int_equal(rl.suppressed, 2);
}

static void
test_ratelimit_fake_clock_from_zero(void **state)
{
	struct log_ratelimit rl = LOG_RATELIMIT_INIT(1000, 1);

	/* A fake clock starting at 0 is still a clock. */
	assert_true(log_ratelimit_ok(&rl, 0));
	assert_false(log_ratelimit_ok(&rl, 0));
	assert_false(log_ratelimit_ok(&rl, 999));
	assert_true(log_ratelimit_ok(&rl, 1000));
}

static void
test_facility_parse(void **state)
{
	static const int local[] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				     LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };
	static const char *const bad[] = { "8",  "",   "localx", "local",   "local8", "local00",
					   "-1", "01", "kern",   "daemonx", " 1",     "1 " };
	char arg[16];
	size_t i;

	for (i = 0; i < 8; i++) {
		snprintf(arg, sizeof(arg), "%zu", i);
		assert_int_equal(log_facility_parse(arg), local[i]);
		snprintf(arg, sizeof(arg), "local%zu", i);
		assert_int_equal(log_facility_parse(arg), local[i]);
	}
	assert_int_equal(log_facility_parse("LOCAL4"), LOG_LOCAL4);
	assert_int_equal(log_facility_parse("user"), LOG_USER);
	assert_int_equal(log_facility_parse("daemon"), LOG_DAEMON);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (log_facility_parse(bad[i]) != -1)
			fail_msg("log_facility_parse(\"%s\") accepted", bad[i]);
	}
	assert_int_equal(log_facility_parse(NULL), -1);
}

/* Run fn in a child with stderr on a pipe; returns what it wrote. */
static const char *
child_stderr(void (*fn)(void), int *status)
{
	static char buf[4096];
	ssize_t n, len = 0;
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		close(p[1]);
		fn();
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	close(p[0]);
	buf[len] = '\0';
	assert_int_equal(waitpid(pid, status, 0), pid);
	return buf;
}

static void
console_child(void)
{
	log_set_sink(NULL, NULL);
	log_init("test", LOG_DAEMON, true);
	log_info("VRRP_Instance(%s) Entering MASTER STATE", "VI_1");
}

static void
fatal_child(void)
{
	log_set_sink(NULL, NULL);
	log_init("test", LOG_DAEMON, true);
	errno = ENOMEM;
	fatal("%s: cannot go on", "start");
}

static void
test_console_format(void **state)
{
	const char *out;
	char want[128];
	int status;

	out = child_stderr(console_child, &status);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* "Sun Nov 22 01:54:59 2026: msg": a date, then the line. */
	assert_true(strlen(out) > 26);
	assert_memory_equal(out + 24, ": VRRP_Instance(VI_1) Entering MASTER STATE\n", 45);

	out = child_stderr(fatal_child, &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	snprintf(want, sizeof(want), ": start: cannot go on: %s\n", strerror(ENOMEM));
	assert_non_null(strstr(out, want));
}

#define CAPTURE_TEST(f) cmocka_unit_test_setup_teardown(f, capture_setup, capture_teardown)

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		CAPTURE_TEST(test_levels),
		CAPTURE_TEST(test_warn_appends_strerror),
		CAPTURE_TEST(test_debug_gated_by_detail),
		CAPTURE_TEST(test_long_line_truncated),
		CAPTURE_TEST(test_ratelimit_window),
		CAPTURE_TEST(test_ratelimit_fake_clock_from_zero),
		CAPTURE_TEST(test_facility_parse),
		cmocka_unit_test(test_console_format),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
