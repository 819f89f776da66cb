/*
 * Tests for the probe life cycle (keepalived/check/run/check_probe.c) on a
 * real event loop without network: done never runs inside
 * check_probe_start() and runs exactly once after; a cancelled probe never
 * reports; BFD_CHECK cannot start; FILE_CHECK's weight rules; MISC_CHECK's
 * exit codes through vrrp_exec; keepalived's transition lines of every kind.
 */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <errno.h>

#include "keepalived/check/run/check_probe.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"
#include "test/unit/unit_helpers.h"

struct result {
	unsigned calls;
	struct check_outcome o;
	char down[CHECK_REASON_MAX + 64]; /* MISC: the transition line of a failure */
};

static void
on_done(void *arg, const struct check_outcome *o)
{
	struct result *res = arg;

	res->calls++;
	res->o = *o;
}

static struct check_target target;

static void
target_init(void)
{
	memset(&target, 0, sizeof(target));
	target.addr.family = AF_INET;
	inet_pton(AF_INET, "198.18.1.10", &target.addr.u.v4);
	target.port = 80;
	target.vs_text = "[198.18.0.100]:tcp:80";
	target.rs_weight = 10;
}

/* Run the loop until res has its report (or 5 s pass). */
static void
run_until_done(struct ev_loop *loop, struct result *res)
{
	uint64_t end = ev_monotonic_us() + 5000000;

	while (res->calls == 0 && ev_monotonic_us() < end)
		ev_loop_run_once(loop, 100000);
}

static void
file_conf(struct check_probe_conf *c, const char *path, int weight, bool reverse, bool dynamic)
{
	memset(c, 0, sizeof(*c));
	c->kind = CHECK_FILE;
	snprintf(c->u.file.name, sizeof(c->u.file.name), "tf");
	snprintf(c->u.file.path, sizeof(c->u.file.path), "%s", path);
	c->u.file.weight = weight;
	c->u.file.reverse = reverse;
	c->u.file.dynamic = dynamic;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A result reached inside start is reported later, once. */
static void
test_done_after_start(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_probe_conf c;
	struct result res = { 0 };
	char dir[256], path[300];
	struct check_probe *p;

	(void)state;
	target_init();
	unit_tmpdir_make(dir, sizeof(dir), "check_probe");
	snprintf(path, sizeof(path), "%s/v", dir);
	write_file(path, "0\n");
	file_conf(&c, path, 0, false, false);
	p = check_probe_start(loop, &c, &target, on_done, &res);
	assert_non_null(p);
	assert_int_equal(res.calls, 0);
	run_until_done(loop, &res);
	assert_int_equal(res.calls, 1);
	assert_true(res.o.up);
	/* Nothing more comes. */
	ev_loop_run_once(loop, 1000);
	assert_int_equal(res.calls, 1);

	/* Cancelled before its report: never reports. */
	res.calls = 0;
	p = check_probe_start(loop, &c, &target, on_done, &res);
	assert_non_null(p);
	check_probe_cancel(p);
	ev_loop_run_once(loop, 1000);
	ev_loop_run_once(loop, 1000);
	assert_int_equal(res.calls, 0);
	ev_loop_free(loop);
	unit_tmpdir_remove(dir);
}

static void
test_cannot_start(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_probe_conf c;
	struct result res = { 0 };

	(void)state;
	target_init();
	memset(&c, 0, sizeof(c));
	c.kind = CHECK_BFD;
	errno = 0;
	assert_null(check_probe_start(loop, &c, &target, on_done, &res));
	assert_int_equal(errno, EINVAL);
	c.kind = CHECK_HTTP; /* no url */
	assert_null(check_probe_start(loop, &c, &target, on_done, &res));
	c.kind = CHECK_MISC; /* not prepared */
	assert_null(check_probe_start(loop, &c, &target, on_done, &res));
	ev_loop_run_once(loop, 1000);
	assert_int_equal(res.calls, 0);
	ev_loop_free(loop);
}

struct file_row {
	const char *name;
	const char *content; /* NULL: no file */
	int weight;
	bool reverse, dynamic;
	bool up;
	int out_weight;
};

/* clang-format off */
static const struct file_row file_rows[] = {
	{ "weight 0, value 0: up", "0", 0, false, false, true, -1 },
	{ "weight 0, value 3: down", "3", 0, false, false, false, -1 },
	{ "weight 2, value 5: up", "5", 2, false, false, true, -1 },
	{ "dynamic adds to the server's weight", "5", 2, false, true, true, 20 },
	{ "dynamic never below 0", "-4", 2, false, true, true, 2 },
	{ "reverse negates", "4", 3, true, true, true, 0 },
	{ "-254 or less: down", "-127", 2, false, true, false, -1 },
	{ "not a number reads 0", "abc", 0, false, false, true, -1 },
	{ "missing file: down", NULL, 1, false, false, false, -1 },
};
/* clang-format on */

static void
test_file_row(void **state)
{
	const struct file_row *row = *state;
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_probe_conf c;
	struct result res = { 0 };
	char dir[256], path[300];

	target_init();
	unit_tmpdir_make(dir, sizeof(dir), "check_file");
	snprintf(path, sizeof(path), "%s/v", dir);
	if (row->content != NULL)
		write_file(path, row->content);
	file_conf(&c, path, row->weight, row->reverse, row->dynamic);
	assert_non_null(check_probe_start(loop, &c, &target, on_done, &res));
	run_until_done(loop, &res);
	assert_int_equal(res.calls, 1);
	assert_int_equal(res.o.up, row->up);
	assert_int_equal(res.o.weight, row->out_weight);
	ev_loop_free(loop);
	unit_tmpdir_remove(dir);
}

/* MISC_CHECK through vrrp_exec: exit 0, 1, 7 with and without misc_dynamic. */
static void
misc_run(const char *script, bool dynamic, unsigned retry, struct result *res)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_probe_conf *c = calloc(1, sizeof(*c));
	struct vrrp_exec_defaults d;
	const char *err = NULL;

	assert_non_null(c);
	c->kind = CHECK_MISC;
	c->retry = retry;
	c->u.misc.dynamic = dynamic;
	c->u.misc.timeout_us = 5000000;
	c->u.misc.cmd = calloc(1, sizeof(*c->u.misc.cmd));
	assert_int_equal(vrrp_cmd_parse(script, c->u.misc.cmd, &err), 0);
	memset(&d, 0, sizeof(d));
	d.have = true;
	d.uid = getuid();
	d.gid = getgid();
	assert_int_equal(check_probe_prepare(c, &d), 0);
	memset(res, 0, sizeof(*res));
	assert_non_null(check_probe_start(loop, c, &target, on_done, res));
	run_until_done(loop, res);
	assert_int_equal(res->calls, 1);
	if (!res->o.up)
		check_probe_fmt_down(res->down, sizeof(res->down), c, &target, &res->o, c->retry);
	check_probe_conf_free(c);
	ev_loop_free(loop);
}

/* "Misc check for [[198.18.1.10]:tcp:80 VS [198.18.0.100]:tcp:80] by [SH] REST". */
static void
expect_misc(const char *got, const char *rest)
{
	char dir[PATH_MAX], want[PATH_MAX + 200];

	/* keepalived resolves the folder's links, not the file's: /bin/sh is /usr/bin/sh
	 * where /bin links to usr/bin. */
	assert_non_null(realpath("/bin", dir));
	snprintf(want, sizeof(want),
		 "Misc check for [[198.18.1.10]:tcp:80 VS [198.18.0.100]:tcp:80] by [%s/sh] %s",
		 strcmp(dir, "/") == 0 ? "" : dir, rest);
	assert_string_equal(got, want);
}

static void
test_misc_exit_codes(void **state)
{
	struct result res;

	(void)state;
	target_init();
	unit_log_start();
	misc_run("/bin/sh -c 'exit 0'", false, 0, &res);
	assert_true(res.o.up);
	assert_int_equal(res.o.weight, -1);
	expect_misc(res.o.reason, "succeeded.");
	misc_run("/bin/sh -c 'exit 7'", true, 0, &res);
	assert_true(res.o.up);
	assert_int_equal(res.o.weight, 5);
	/* Without misc_dynamic, 2-255 are failures; the down line counts the retries. */
	misc_run("/bin/sh -c 'exit 7'", false, 2, &res);
	assert_false(res.o.up);
	expect_misc(res.o.reason, "failed (exited with status 7).");
	expect_misc(res.down, "failed after 2 retries (exited with status 7).");
	/* keepalived 2.2.7's singular. */
	misc_run("/bin/sh -c 'exit 7'", false, 1, &res);
	expect_misc(res.down, "failed after 1 retry (exited with status 7).");
	misc_run("/bin/sh -c 'exit 1'", true, 0, &res);
	assert_false(res.o.up);
	expect_misc(res.o.reason, "failed (exited with status 1).");
	/* retry 0: Debian's keepalived 2.2.7 says so (seen under UML). */
	expect_misc(res.down, "failed with retry disabled (exited with status 1).");
	misc_run("/bin/sh -c 'kill -9 $$'", false, 0, &res);
	assert_false(res.o.up);
	assert_non_null(strstr(res.o.reason, "failed (due to signal 9)."));
	assert_non_null(strstr(res.down, "failed with retry disabled (due to signal 9)."));
	unit_log_stop();
}

/* keepalived's transition lines, kind by kind. */
static void
test_transition_lines(void **state)
{
	struct check_probe_conf c;
	struct check_outcome o;
	char line[512];

	(void)state;
	target_init();
	memset(&c, 0, sizeof(c));
	memset(&o, 0, sizeof(o));
	c.kind = CHECK_TCP;
	c.retry = 3;
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    "TCP_CHECK on service [198.18.1.10]:tcp:80 failed after 3 retries.");
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, 0),
			    "TCP_CHECK on service [198.18.1.10]:tcp:80 failed.");
	assert_string_equal(check_probe_fmt_up(line, sizeof(line), &c, &target), "");
	c.kind = CHECK_SSL;
	c.retry = 0;
	c.connect_port = 443;
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    "HTTP_CHECK on service [198.18.1.10]:tcp:443 failed.");
	assert_string_equal(check_probe_fmt_up(line, sizeof(line), &c, &target),
			    "Remote Web server [198.18.1.10]:tcp:443 succeed on service.");
	c.kind = CHECK_UDP;
	c.retry = 1;
	c.connect_port = 0;
	target.protocol = "udp";
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    "UDP_CHECK on service [198.18.1.10]:udp:80 failed after 1 retries.");
	c.kind = CHECK_PING;
	target.protocol = NULL;
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    "ICMP CHECK on service [198.18.1.10]:tcp:80 of [198.18.0.100]:tcp:80 "
			    "failed after 1 retries.");
	c.kind = CHECK_DNS;
	c.retry = 3;
	snprintf(o.reason, sizeof(o.reason), "DNS_CHECK ([198.18.1.10]:tcp:80) connection error.");
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    "DNS_CHECK ([198.18.1.10]:tcp:80) connection error. after 3 retries");
	c.kind = CHECK_SMTP;
	snprintf(o.reason, sizeof(o.reason), "Bad HELO response from server [198.18.1.10]:tcp:80");
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, c.retry),
			    o.reason);
	assert_string_equal(check_probe_fmt_up(line, sizeof(line), &c, &target),
			    "Remote SMTP server [198.18.1.10]:tcp:80 succeed on service.");
	/* connect_ip is the address named. */
	c.kind = CHECK_TCP;
	c.connect_ip.family = AF_INET6;
	inet_pton(AF_INET6, "fd00::1", &c.connect_ip.u.v6);
	assert_string_equal(check_probe_fmt_down(line, sizeof(line), &c, &target, &o, 0),
			    "TCP_CHECK on service [fd00::1]:tcp:80 failed.");
	assert_string_equal(check_probe_kind_name(CHECK_SSL), "SSL_GET");
	assert_string_equal(check_probe_fmt_addr(line, sizeof(line), &target.addr, 53, true),
			    "[198.18.1.10]:udp:53");
}

int
main(void)
{
	struct CMUnitTest tests[32];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_done_after_start),
		cmocka_unit_test(test_cannot_start),
		cmocka_unit_test(test_misc_exit_codes),
		cmocka_unit_test(test_transition_lines),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_file_row, file_rows);
	return _cmocka_run_group_tests("check_probe", tests, n, NULL, NULL);
}
