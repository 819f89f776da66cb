/*
 * Tests for enable_script_security (vrrp_exec.c, lib/path_check.c): the
 * whole chain of a script's configured path is examined (every directory,
 * every link, the file) with keepalived's rule and log lines, and what runs
 * is the path that was checked, not the configured one: a link swapped
 * after the check does not change what runs. Owners other than root need
 * root to set up, so these tests skip when not run as root.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"
#include "lib/path_check.h"
#include "lib/spawn.h"
#include "test/unit/unit_helpers.h"

#define NOBODY 65534 /* an owner that is not root */

static char tmpdir[64];
static struct ev_loop *loop;

static int
setup(void **state)
{
	(void)state;
	unit_tmpdir_make(tmpdir, sizeof(tmpdir), "test_vrrp_exec");
	assert_int_equal(chmod(tmpdir, 0755), 0);
	loop = ev_loop_new(NULL, NULL);
	assert_non_null(loop);
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unit_log_stop();
	ev_loop_free(loop);
	unit_tmpdir_remove(tmpdir);
	return 0;
}

/* tmpdir/rel, written with body and given mode (and owner, unless 0). */
static void
make_file(const char *rel, const char *body, mode_t mode, uid_t owner, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", tmpdir, rel);
	unit_write_file(path, body);
	assert_int_equal(chmod(path, mode), 0);
	assert_int_equal(chown(path, owner, (gid_t)-1), 0);
}

static void
make_dir(const char *rel, mode_t mode, uid_t owner, gid_t group)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	assert_int_equal(mkdir(path, mode), 0);
	assert_int_equal(chmod(path, mode), 0);
	assert_int_equal(chown(path, owner, group), 0);
}

/* A link tmpdir/rel -> target, owned by owner. */
static void
make_link(const char *target, const char *rel, uid_t owner)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(lchown(path, owner, (gid_t)-1), 0);
}

static void
cmd_of(struct vrrp_cmd *cmd, const char *text)
{
	const char *err;

	assert_int_equal(vrrp_cmd_parse(text, cmd, &err), 0);
}

static bool
need_root(void)
{
	if (geteuid() == 0)
		return true;
	print_message("  skipped: needs root to give files other owners\n");
	return false;
}

/* Swapping after the check ---------------------------------------------------------------- */

static void
on_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	(void)pid, (void)status, (void)timed_out, (void)exec_errno;
	(*(int *)owner)++;
}

/*
 * The configured path is a link to a safe script; after the start-up check
 * the link is replaced by one to another file (as a race would). What runs
 * is still the file that was checked.
 */
static void
test_swapped_link_does_not_run(void **state)
{
	struct vrrp_exec_defaults d = { .have = true, .security = true };
	char good[192], evil[192], link[192], tmp_link[192], out[192], body[300], text[16] = "";
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	uint64_t end;
	int done = 0;
	FILE *f;

	(void)state;
	if (!need_root())
		return;
	snprintf(out, sizeof(out), "%s/ran", tmpdir);
	snprintf(body, sizeof(body), "#!/bin/sh\necho checked > %s\n", out);
	make_file("good.sh", body, 0755, 0, good, sizeof(good));
	snprintf(body, sizeof(body), "#!/bin/sh\necho swapped > %s\n", out);
	make_file("evil.sh", body, 0755, 0, evil, sizeof(evil));
	make_link("good.sh", "chk", 0);
	snprintf(link, sizeof(link), "%s/chk", tmpdir);
	cmd_of(&cmd, link);
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "notify script", link), 0);
	assert_string_equal(x.path, good);

	/* The swap: a new link renamed over the old one. */
	snprintf(tmp_link, sizeof(tmp_link), "%s/chk.new", tmpdir);
	assert_int_equal(symlink(evil, tmp_link), 0);
	assert_int_equal(rename(tmp_link, link), 0);

	assert_true(vrrp_exec_start(loop, &x, NULL, 0, 5000000, on_done, &done, NULL) > 0);
	end = ev_monotonic_us() + 5000000;
	while (done == 0 && ev_monotonic_us() < end)
		assert_true(ev_loop_run_once(loop, 20000) >= 0);
	assert_int_equal(done, 1);
	f = fopen(out, "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "checked\n");
	vrrp_cmd_free(&cmd);
}

/* Starting without waiting for execve() ------------------------------------------------------- */

static char release_path[192]; /* the child's fake slow exec waits for this file */

/* In the child, before execve(): an exec that takes up to 3 s (only async-signal-safe calls). */
static void
slow_exec(void)
{
	const struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < 3000 && access(release_path, F_OK) != 0; i++)
		nanosleep(&ms, NULL);
}

/*
 * The loop must not wait for the child to reach execve(): with an exec
 * that blocks until the test releases it, spawn_start() still returns at
 * once, the outcome is not known yet, and is "executed" once released.
 */
static void
test_spawn_does_not_wait_for_exec(void **state)
{
	char *argv[] = { (char *)"true", NULL };
	struct spawn_req req = { .path = "/bin/true", .argv = argv, .new_pgrp = true };
	uint64_t t0, took;
	int errfd, status, fd;
	pid_t pid;

	(void)state;
	snprintf(release_path, sizeof(release_path), "%s/release", tmpdir);
	unlink(release_path);
	req.pre_exec = slow_exec;
	t0 = ev_monotonic_us();
	pid = spawn_start(&req, &errfd);
	took = ev_monotonic_us() - t0;
	assert_true(pid > 0);
	assert_true(took < 1000000); /* waiting for the exec would take 3 s */
	assert_int_equal(spawn_result(errfd), -1);
	assert_int_equal(getpgid(pid), pid); /* its own group already, for kill(-pid) */
	fd = open(release_path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(spawn_result(errfd), 0);
	unlink(release_path);
}

/* What could not be executed comes with the exit, as errno; the blocking call is unchanged. */
static void
test_spawn_exec_failure_reported(void **state)
{
	char *argv[] = { (char *)"missing", NULL };
	struct spawn_req req = { .path = "/nonexistent/missing", .argv = argv };
	int errfd, status;
	pid_t pid;

	(void)state;
	pid = spawn_start(&req, &errfd);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 127);
	assert_int_equal(spawn_result(errfd), ENOENT);

	errno = 0;
	assert_int_equal(spawn_exec(&req), -1);
	assert_int_equal(errno, ENOENT);
}

struct exec_end {
	int calls, status, exec_errno;
};

static void
on_end(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct exec_end *e = owner;

	(void)pid, (void)timed_out;
	e->calls++;
	e->status = status;
	e->exec_errno = exec_errno;
}

/* Through the loop: a program gone since the start-up check is "could not execute" at its exit. */
static void
test_exec_start_reports_exec_error(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct exec_end e = { 0 };
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	char path[192];
	uint64_t end;

	(void)state;
	d.uid = getuid();
	d.gid = getgid();
	make_file("gone.sh", "#!/bin/sh\nexit 0\n", 0755, getuid(), path, sizeof(path));
	cmd_of(&cmd, path);
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "notify script", path), 0);
	assert_int_equal(unlink(path), 0);
	assert_true(vrrp_exec_start(loop, &x, NULL, 0, 5000000, on_end, &e, NULL) > 0);
	end = ev_monotonic_us() + 5000000;
	while (e.calls == 0 && ev_monotonic_us() < end)
		assert_true(ev_loop_run_once(loop, 20000) >= 0);
	assert_int_equal(e.calls, 1);
	assert_int_equal(e.exec_errno, ENOENT);
	assert_true(WIFEXITED(e.status) && WEXITSTATUS(e.status) == 127);
	vrrp_cmd_free(&cmd);
}

/* Chains refused and accepted ---------------------------------------------------------------- */

/*
 * Each case builds its files under tmpdir (its own subdirectory, named
 * after the case), runs prepare on "DIR/<script>" as root with security
 * on, and expects the result and, if refused, keepalived's exact line
 * naming the component to blame.
 */
struct chain_case {
	const char *name;
	void (*build)(const char *sub);
	const char *script; /* relative to the case's directory */
	int result;
	const char *culprit; /* refused: the component blamed, after the case's directory */
	const char *runs;    /* accepted: what will run, relative to the case's directory */
};

static void
build_world_dir(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0777, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
}

static void
build_user_link(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/link", sub);
	make_link("s.sh", rel, NOBODY);
}

static void
build_user_dir_link(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/real", sub);
	make_dir(rel, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/real/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/dlink", sub);
	make_link("real", rel, NOBODY);
}

/* A link the user owns in a sticky, world-writable directory such as /tmp. */
static void
build_sticky_user_link(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 01777, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/link", sub);
	make_link(path, rel, NOBODY);
}

static void
build_sticky_root_link(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 01777, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/link", sub);
	make_link(path, rel, 0);
}

/* The link is safe, the directory of its target is the user's. */
static void
build_link_to_user_dir(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/home", sub);
	make_dir(rel, 0755, NOBODY, 0);
	snprintf(rel, sizeof(rel), "%s/home/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/link", sub);
	make_link("home/s.sh", rel, 0);
}

static void
build_user_file(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, NOBODY, path, sizeof(path));
}

static void
build_group_writable(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0775, 0, NOBODY);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
}

/* Group write for group root is root's own: keepalived accepts it. */
static void
build_root_group_writable(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0775, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0775, 0, path, sizeof(path));
}

static void
build_dotdot(const char *sub)
{
	char rel[128], path[192];

	make_dir(sub, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/a", sub);
	make_dir(rel, 0755, 0, 0);
	snprintf(rel, sizeof(rel), "%s/s.sh", sub);
	make_file(rel, "#!/bin/sh\n", 0755, 0, path, sizeof(path));
	snprintf(rel, sizeof(rel), "%s/a/up", sub);
	make_link("../s.sh", rel, 0);
}

/* clang-format off */
static const struct chain_case chain_cases[] = {
	{ "world_writable_dir", build_world_dir, "s.sh", -1,
	  "", "" },
	{ "link_owned_by_user", build_user_link, "link", -1,
	  "/link", "" },
	{ "dir_link_owned_by_user", build_user_dir_link, "dlink/s.sh", -1,
	  "/dlink", "" },
	{ "sticky_dir_link_owned_by_user", build_sticky_user_link, "link", -1,
	  "/link", "" },
	{ "sticky_dir_link_owned_by_root", build_sticky_root_link, "link", 0, "", "s.sh" },
	{ "link_into_user_dir", build_link_to_user_dir, "link", -1,
	  "/home", "" },
	{ "file_owned_by_user", build_user_file, "s.sh", -1,
	  "/s.sh", "" },
	{ "dir_writable_by_user_group", build_group_writable, "s.sh", -1,
	  "", "" },
	{ "writable_by_group_root", build_root_group_writable, "s.sh", 0, "", "s.sh" },
	{ "dotdot_through_link", build_dotdot, "a/up", 0, "", "s.sh" },
};
/* clang-format on */

static void
test_chain(void **state)
{
	const struct chain_case *c = *state;
	struct vrrp_exec_defaults d = { .have = true, .security = true };
	char dir[128], path[192], want[300];
	struct vrrp_cmd cmd;
	struct vrrp_exec x;

	if (!need_root())
		return;
	c->build(c->name);
	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, c->name);
	snprintf(path, sizeof(path), "%s/%s", dir, c->script);
	cmd_of(&cmd, path);
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", c->name), c->result);
	if (c->result == 0) {
		assert_int_equal(unit_log.n, 0);
		/* What will run: no link left in it. */
		snprintf(want, sizeof(want), "%s/%s", dir, c->runs);
		assert_string_equal(x.path, want);
	} else {
		snprintf(want, sizeof(want),
			 "Unsafe permissions found for script '%s%s' - disabling.", dir,
			 c->culprit);
		assert_true(unit_log.n >= 1);
		assert_string_equal(unit_log.line[0], want);
		snprintf(want, sizeof(want), "Disabling track script %s due to insecure", c->name);
		assert_true(unit_logged(want));
	}
	/* Without enable_script_security the same is reported but runs. */
	d.security = false;
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", c->name), 0);
	if (c->result != 0) {
		snprintf(want, sizeof(want), "Unsafe permissions found for script '%s%s'.", dir,
			 c->culprit);
		assert_string_equal(unit_log.line[0], want);
	}
	vrrp_cmd_free(&cmd);
}

/* Not a regular file at the end: keepalived's "Wrong file type". */
static void
test_wrong_type(void **state)
{
	struct path_check pc;
	char path[192];

	(void)state;
	if (!need_root())
		return;
	make_dir("fifo", 0755, 0, 0);
	snprintf(path, sizeof(path), "%s/fifo/f", tmpdir);
	assert_int_equal(mkfifo(path, 0755), 0);
	assert_int_equal(path_check(path, 0, &pc), PATH_CHECK_WRONG_TYPE);
	assert_string_equal(pc.culprit, path);
}

/* The walk itself -------------------------------------------------------------------------- */

static void
test_path_check_walk(void **state)
{
	struct path_check pc;
	char path[192], link[192];

	(void)state;
	/* Links are followed, "." and ".." taken as the kernel does. */
	assert_int_equal(path_check("/bin/../bin/./sh", 0, &pc), PATH_CHECK_OK);
	assert_int_equal(access(pc.resolved, X_OK), 0);
	assert_null(strstr(pc.resolved, ".."));
	/* A loop ends in ELOOP, not a hang. */
	snprintf(link, sizeof(link), "%s/loop", tmpdir);
	assert_int_equal(symlink(link, link), 0);
	assert_int_equal(path_check(link, 0, &pc), PATH_CHECK_MISSING);
	assert_int_equal(pc.err, ELOOP);
	/* Missing: reported, unless the caller will create it. */
	snprintf(path, sizeof(path), "%s/absent", tmpdir);
	assert_int_equal(path_check(path, 0, &pc), PATH_CHECK_MISSING);
	assert_int_equal(pc.err, ENOENT);
	assert_int_equal(path_check(path, PATH_CHECK_MAY_BE_MISSING, &pc), PATH_CHECK_OK);
	assert_string_equal(pc.resolved, path);
	/* A file in the middle of a path. */
	snprintf(path, sizeof(path), "/bin/sh/x");
	assert_int_equal(path_check(path, 0, &pc), PATH_CHECK_WRONG_TYPE);
	assert_int_equal(pc.err, ENOTDIR);
}

int
main(void)
{
	struct CMUnitTest tests[40];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_swapped_link_does_not_run),
		cmocka_unit_test(test_spawn_does_not_wait_for_exec),
		cmocka_unit_test(test_spawn_exec_failure_reported),
		cmocka_unit_test(test_exec_start_reports_exec_error),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_path_check_walk),
	};
	/* clang-format on */

	signal(SIGPIPE, SIG_IGN);
	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_chain, chain_cases);
	return _cmocka_run_group_tests("vrrp_exec", tests, n, setup, teardown);
}
