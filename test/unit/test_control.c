/*
 * Tests of the control socket and of the metrics endpoint's request
 * handling: every command against hooks that stand in for the daemon, the
 * HTTP answers, and the socket itself on a real event loop with a fake
 * clock (permissions, framing, pipelining, limits, idle timeout, stale and
 * live sockets at the path).
 */
#include "config.h"

#include "keepalived/core/control.h"
#include "keepalived/core/metrics_http.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "json_check.h"
#include "lib/event.h"
#include "status_fixture.h"
#include "unit_helpers.h"

/* Hooks standing in for the daemon ----------------------------------------------- */

static struct status_fixture hook_fx;
static char hook_maint_name[64];
static int hook_maint_on = -1;
static int hook_reload_calls, hook_reload_rc;

static int
hook_status(void *arg, struct vrrp_status *st)
{
	status_fixture_build(&hook_fx);
	*st = hook_fx.st; /* the caller frees it */
	memset(&hook_fx.st, 0, sizeof(hook_fx.st));
	return 0;
}

static int
hook_maintenance(void *arg, const char *name, bool on)
{
	if (strcmp(name, "VI_1") != 0)
		return -1;
	snprintf(hook_maint_name, sizeof(hook_maint_name), "%s", name);
	hook_maint_on = on;
	return 0;
}

static int
hook_reload(void *arg)
{
	hook_reload_calls++;
	return hook_reload_rc;
}

static const struct control_hooks hooks = { hook_status, hook_maintenance, hook_reload, NULL };

/* Run line; returns the body (caller frees) and sets *rc. */
static char *
exec_line(const char *line, int *rc)
{
	struct vrrp_status_buf b;

	vrrp_status_buf_init(&b);
	*rc = control_execute(&hooks, line, &b);
	assert_false(b.failed);
	if (b.data == NULL)
		return strdup("");
	return b.data;
}

static void
expect_ok(const char *line, const char *needle)
{
	int rc;
	char *body = exec_line(line, &rc);

	if (rc != 0 || strstr(body, needle) == NULL) {
		print_message("%s -> %d: %.200s\n", line, rc, body);
		fail();
	}
	free(body);
}

static void
expect_err(const char *line, const char *needle)
{
	int rc;
	char *body = exec_line(line, &rc);

	if (rc != -1 || strstr(body, needle) == NULL) {
		print_message("%s -> %d: %.200s\n", line, rc, body);
		fail();
	}
	free(body);
}

static void
test_commands_render(void **state)
{
	int rc;
	char *body;

	expect_ok("status", "INSTANCE ");
	expect_ok("  status\t", "198.18.1.1 (us)");
	expect_ok("stats", "VRRP Instance: VI_1\n  Advertisements:");
	expect_ok("metrics", "\nkeepalived_vrrp_state{instance=\"VI_1\"");
	expect_ok("help", "maintenance INSTANCE on|off");

	body = exec_line("status --json", &rc);
	assert_int_equal(rc, 0);
	assert_true(json_valid(body, NULL));
	assert_non_null(strstr(body, "\"schema\":1"));
	assert_non_null(strstr(body, "\"vips\":["));
	free(body);
	body = exec_line("stats --json", &rc);
	assert_int_equal(rc, 0);
	assert_true(json_valid(body, NULL));
	assert_non_null(strstr(body, "\"sockets\":["));
	assert_null(strstr(body, "\"vips\":["));
	free(body);
}

static void
test_commands_errors(void **state)
{
	expect_err("", "empty command");
	expect_err("   ", "empty command");
	expect_err("shutdown", "unknown command 'shutdown'");
	expect_err("status --xml", "unexpected argument");
	expect_err("metrics --json", "unexpected argument");
	expect_err("status --json extra", "unexpected argument");
	expect_err("a b c d e", "too many arguments");
	expect_err("maintenance VI_1", "usage: maintenance INSTANCE on|off");
	expect_err("maintenance VI_1 maybe", "'maybe' is neither on nor off");
	expect_err("maintenance VI_9 on", "no VRRP instance called 'VI_9'");
	expect_err("reload now", "unexpected argument");
}

static void
test_commands_maintenance_reload(void **state)
{
	hook_maint_on = -1;
	expect_ok("maintenance VI_1 on", "(VI_1) maintenance mode on");
	assert_string_equal(hook_maint_name, "VI_1");
	assert_int_equal(hook_maint_on, 1);
	expect_ok("maintenance VI_1 off", "(VI_1) maintenance mode off");
	assert_int_equal(hook_maint_on, 0);

	hook_reload_calls = 0;
	hook_reload_rc = 0;
	expect_ok("reload", "Reload complete");
	hook_reload_rc = -1;
	expect_err("reload", "Reload failed");
	assert_int_equal(hook_reload_calls, 2);
}

/* HTTP answers ------------------------------------------------------------------ */

static int
http(const char *req, char **out)
{
	struct vrrp_status_buf b;
	int code;

	vrrp_status_buf_init(&b);
	code = metrics_http_respond(&hooks, NULL, req, strlen(req), &b);
	assert_false(b.failed);
	*out = b.data;
	return code;
}

/* The value of Content-Length, and whether the body after the headers has it. */
static size_t
http_content_length(const char *resp, bool check_body)
{
	const char *cl = strstr(resp, "\r\nContent-Length: "), *body = strstr(resp, "\r\n\r\n");
	size_t len;

	assert_non_null(cl);
	assert_non_null(body);
	len = strtoul(cl + 18, NULL, 10);
	if (check_body)
		assert_int_equal(strlen(body + 4), len);
	return len;
}

static void
test_http_metrics(void **state)
{
	char *resp, *head;
	size_t len;

	assert_int_equal(http("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", &resp), 200);
	assert_true(strncmp(resp, "HTTP/1.0 200 OK\r\n", 17) == 0);
	assert_non_null(strstr(resp, "\r\nContent-Type: text/plain; version=0.0.4; "
				     "charset=utf-8\r\n"));
	assert_non_null(strstr(resp, "\r\nConnection: close\r\n"));
	assert_non_null(strstr(resp, "\r\n\r\n# HELP keepalived_vrrp_up "));
	len = http_content_length(resp, true);
	free(resp);

	/* HEAD: the same headers, no body. */
	assert_int_equal(http("HEAD /metrics HTTP/1.0\n\n", &head), 200);
	assert_int_equal(http_content_length(head, false), len);
	assert_string_equal(strstr(head, "\r\n\r\n"), "\r\n\r\n");
	free(head);

	assert_int_equal(http("GET /metrics?name[]=x HTTP/1.0\r\n\r\n", &resp), 200);
	free(resp);
}

static void
test_http_errors(void **state)
{
	/* clang-format off */
	static const struct {
		const char *req;
		int code;
		const char *needle;
	} rows[] = {
		{ "GET / HTTP/1.1\r\n\r\n", 404, "the metrics are at /metrics" },
		{ "GET /metricsx HTTP/1.1\r\n\r\n", 404, "HTTP/1.0 404 Not Found\r\n" },
		{ "POST /metrics HTTP/1.1\r\n\r\n", 405, "\r\nAllow: GET, HEAD\r\n" },
		{ "DELETE / HTTP/1.1\r\n\r\n", 405, "405 Method Not Allowed" },
		{ "GET /metrics\r\n\r\n", 400, "400 Bad Request" },
		{ "GET /metrics HTTP/2\r\n\r\n", 400, "400 Bad Request" },
		{ "GET  /metrics HTTP/1.1\r\n\r\n", 400, "bad request" },
		{ "\x16\x03\x01\x02\x00\r\n\r\n", 400, "bad request" },
	};
	/* clang-format on */
	char *resp;
	size_t i;

	for (i = 0; i < UNIT_NELEMS(rows); i++) {
		assert_int_equal(http(rows[i].req, &resp), rows[i].code);
		if (strstr(resp, rows[i].needle) == NULL) {
			print_message("%s -> %s\n", rows[i].req, resp);
			fail();
		}
		http_content_length(resp, true);
		free(resp);
	}
}

/* The socket, on a loop ---------------------------------------------------------- */

struct sock_env {
	char dir[64];
	char path[128];
	struct unit_clock clock;
	struct ev_loop *loop;
	struct control *ctl;
};

static int
sock_setup(void **state)
{
	struct sock_env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	unit_tmpdir_make(e->dir, sizeof(e->dir), "test_control");
	snprintf(e->path, sizeof(e->path), "%s/run/ctl", e->dir);
	e->clock.now = 1000000;
	e->loop = ev_loop_new(unit_clock_read, &e->clock);
	assert_non_null(e->loop);
	unit_log_start();
	*state = e;
	return 0;
}

static int
sock_teardown(void **state)
{
	struct sock_env *e = *state;

	unit_log_stop();
	control_close(e->ctl);
	ev_loop_free(e->loop);
	unit_tmpdir_remove(e->dir);
	free(e);
	return 0;
}

static int
client_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Send req (if not NULL), then run the loop and collect what the client
 * receives until want_bytes arrived or the server closed; returns the bytes
 * (caller frees), *closed tells whether the server closed.
 */
static char *
pump(struct sock_env *e, int fd, const char *req, size_t want_bytes, bool *closed)
{
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	ssize_t n;
	int i;

	assert_non_null(buf);
	*closed = false;
	if (req != NULL)
		assert_int_equal(send(fd, req, strlen(req), 0), (ssize_t)strlen(req));
	for (i = 0; i < 500 && len < want_bytes && !*closed; i++) {
		ev_loop_run_once(e->loop, 2000);
		while ((n = recv(fd, buf + len, cap - 1 - len, MSG_DONTWAIT)) > 0)
			len += (size_t)n;
		if (n == 0)
			*closed = true;
	}
	buf[len] = '\0';
	return buf;
}

/* One framed response at the start of buf: checks it, returns what follows. */
static const char *
frame(const char *buf, const char *status, const char *needle)
{
	const char *found;
	char word[8];
	size_t len;
	int used = 0;

	assert_int_equal(sscanf(buf, "%7s %zu\n%n", word, &len, &used), 2);
	assert_string_equal(word, status);
	assert_true(used > 0 && strlen(buf + used) >= len);
	found = strstr(buf + used, needle);
	if (found == NULL || (size_t)(found - buf) >= used + len) {
		print_message("no '%s' in: %.200s\n", needle, buf);
		fail();
	}
	return buf + used + len;
}

static void
test_socket_permissions_and_status(void **state)
{
	struct sock_env *e = *state;
	char dir[160];
	struct stat st;
	bool closed;
	char *got;
	int fd;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	snprintf(dir, sizeof(dir), "%s/run", e->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(lstat(e->path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);

	fd = client_connect(e->path);
	assert_true(fd >= 0);
	got = pump(e, fd, "status\n", 200, &closed);
	frame(got, "OK", "VI_1");
	assert_false(closed);
	free(got);
	/* The connection stays open for the next request. */
	got = pump(e, fd, "maintenance VI_9 on\n", 40, &closed);
	frame(got, "ERR", "no VRRP instance called 'VI_9'");
	free(got);
	close(fd);
	control_close(e->ctl);
	e->ctl = NULL;
	assert_int_equal(lstat(e->path, &st), -1);
	assert_int_equal(errno, ENOENT);
}

/* Pipelined requests are answered in order, one at a time; a large one too. */
static void
test_socket_pipelined(void **state)
{
	struct sock_env *e = *state;
	const char *rest;
	bool closed;
	char *got;
	int fd;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	fd = client_connect(e->path);
	assert_true(fd >= 0);
	got = pump(e, fd, "help\nmetrics\nbogus\n", (size_t)-1, &closed);
	rest = frame(got, "OK", "maintenance INSTANCE");
	rest = frame(rest, "OK", "keepalived_vrrp_netlink_requests_total 9");
	rest = frame(rest, "ERR", "unknown command 'bogus'");
	assert_string_equal(rest, "");
	free(got);
	close(fd);
}

static void
test_socket_request_too_long(void **state)
{
	struct sock_env *e = *state;
	char req[CONTROL_REQUEST_MAX + 100];
	bool closed;
	char *got;
	int fd;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	fd = client_connect(e->path);
	memset(req, 'a', sizeof(req) - 1);
	req[sizeof(req) - 1] = '\0';
	got = pump(e, fd, req, (size_t)-1, &closed);
	frame(got, "ERR", "request too long");
	assert_true(closed);
	free(got);
	close(fd);
}

static void
test_socket_idle_timeout(void **state)
{
	struct sock_env *e = *state;
	bool closed;
	char *got;
	int fd;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	fd = client_connect(e->path);
	got = pump(e, fd, "sta", 1, &closed); /* half a command, then silence */
	assert_false(closed);
	free(got);
	e->clock.now += CONTROL_IDLE_US - 1000;
	got = pump(e, fd, NULL, 1, &closed);
	assert_false(closed);
	free(got);
	e->clock.now += 2000;
	got = pump(e, fd, NULL, 1, &closed);
	assert_true(closed);
	assert_string_equal(got, "");
	free(got);
	close(fd);
}

static void
test_socket_max_clients(void **state)
{
	struct sock_env *e = *state;
	int fds[CONTROL_MAX_CLIENTS + 1], i, fd;
	bool closed;
	char *got;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	for (i = 0; i < CONTROL_MAX_CLIENTS; i++) {
		fds[i] = client_connect(e->path);
		assert_true(fds[i] >= 0);
		free(pump(e, fds[i], NULL, 1, &closed));
		assert_false(closed);
	}
	fd = client_connect(e->path);
	assert_true(fd >= 0);
	got = pump(e, fd, NULL, (size_t)-1, &closed);
	frame(got, "ERR", "too many clients");
	assert_true(closed);
	free(got);
	close(fd);
	/* A slot freed is a slot for the next client. */
	close(fds[0]);
	free(pump(e, fds[1], NULL, 1, &closed));
	fd = client_connect(e->path);
	got = pump(e, fd, "help\n", 30, &closed);
	frame(got, "OK", "status");
	free(got);
	close(fd);
	for (i = 1; i < CONTROL_MAX_CLIENTS; i++)
		close(fds[i]);
}

static void
test_socket_stale_live_and_foreign(void **state)
{
	struct sock_env *e = *state;
	struct sockaddr_un sun;
	struct control *second;
	char dir[256];
	bool closed;
	char *got;
	int fd;

	/* A socket left by a dead daemon: replaced. */
	snprintf(dir, sizeof(dir), "%s/run", e->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	assert_true(strlen(e->path) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, e->path, strlen(e->path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);

	/* A live one: left alone, and it keeps answering. */
	second = control_open(e->loop, e->path, &hooks);
	assert_null(second);
	snprintf(dir, sizeof(dir), "control socket: %s is in use by another daemon; not listening",
		 e->path);
	assert_true(unit_logged(dir));
	fd = client_connect(e->path);
	got = pump(e, fd, "help\n", 30, &closed);
	frame(got, "OK", "status");
	free(got);
	close(fd);
	control_close(e->ctl);
	e->ctl = NULL;

	/* Anything else at the path: refused, untouched. */
	unit_write_file(e->path, "not a socket\n");
	assert_null(control_open(e->loop, e->path, &hooks));
	assert_int_equal(access(e->path, F_OK), 0);
	assert_int_equal(unlink(e->path), 0);
}

/* control_close() removes its own socket only, not one that replaced it. */
static void
test_socket_close_keeps_foreign(void **state)
{
	struct sock_env *e = *state;

	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
	assert_int_equal(unlink(e->path), 0);
	unit_write_file(e->path, "someone else's\n");
	control_close(e->ctl);
	e->ctl = NULL;
	assert_int_equal(access(e->path, F_OK), 0);
	assert_int_equal(unlink(e->path), 0);
}

/*
 * A directory others may write (or that belongs to someone else) could
 * have our socket swapped for theirs: the daemon does not listen there.
 */
static void
test_socket_dir_refused(void **state)
{
	struct sock_env *e = *state;
	char dir[160], want[400];

	snprintf(dir, sizeof(dir), "%s/run", e->dir);
	assert_int_equal(mkdir(dir, 0700), 0);

	assert_int_equal(chmod(dir, 01777), 0);
	assert_null(control_open(e->loop, e->path, &hooks));
	snprintf(want, sizeof(want),
		 "control socket: refusing directory %s: mode 1777 lets "
		 "others write it (it must be writable by its owner only)",
		 dir);
	assert_true(unit_logged(want));
	assert_int_equal(access(e->path, F_OK), -1);

	assert_int_equal(chmod(dir, 0770), 0);
	assert_null(control_open(e->loop, e->path, &hooks));
	snprintf(want, sizeof(want),
		 "control socket: refusing directory %s: mode 0770 lets "
		 "its group write it (it must be writable by its owner only)",
		 dir);
	assert_true(unit_logged(want));

	/* Another owner: only root can make one. */
	if (geteuid() == 0) {
		assert_int_equal(chmod(dir, 0755), 0);
		assert_int_equal(chown(dir, 65534, 65534), 0);
		assert_null(control_open(e->loop, e->path, &hooks));
		snprintf(want, sizeof(want),
			 "control socket: refusing directory %s: owned by "
			 "uid 65534, which is neither root nor the daemon's user",
			 dir);
		assert_true(unit_logged(want));
		assert_int_equal(chown(dir, 0, 0), 0);
	}

	/* Owner-writable only, as a 0755 /run/keepalived: accepted. */
	assert_int_equal(chmod(dir, 0755), 0);
	e->ctl = control_open(e->loop, e->path, &hooks);
	assert_non_null(e->ctl);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_render),
		cmocka_unit_test(test_commands_errors),
		cmocka_unit_test(test_commands_maintenance_reload),
		cmocka_unit_test(test_http_metrics),
		cmocka_unit_test(test_http_errors),
#define T(fn) cmocka_unit_test_setup_teardown(fn, sock_setup, sock_teardown)
		T(test_socket_permissions_and_status),
		T(test_socket_pipelined),
		T(test_socket_request_too_long),
		T(test_socket_idle_timeout),
		T(test_socket_max_clients),
		T(test_socket_stale_live_and_foreign),
		T(test_socket_close_keeps_foreign),
		T(test_socket_dir_refused),
#undef T
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
