/*
 * Tests for trackers and notification: keepalived's rise/fall counter, the
 * weight rules (reverse, weight 0, files), the priority clamp
 * (vrrp_track.c); then, with a real event loop and real processes,
 * starting programs (vrrp_exec.c, lib/spawn.c: exit status, a hang killed
 * at its timeout while a timer keeps time, the start-up checks and their
 * log lines) and notifying (vrrp_notify.c: exact argument lists, FIFO
 * lines in event order, a FIFO nobody reads never blocks and counts what
 * it drops).
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
#include <unistd.h>

#include <cmocka.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "keepalived/vrrp/run/vrrp_notify.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "keepalived/vrrp/run/vrrp_track_priv.h"
#include "lib/event.h"
#include "test/unit/unit_helpers.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* Rise and fall -------------------------------------------------------------------------- */

/*
 * A sequence of results ('+' success, '-' failure) and the steps expected
 * ('.' same, 'U' now up, 'D' now down), starting from keepalived's initial
 * counter; the first result is taken "in init" (init_fail too).
 */
/* clang-format off */
static const struct step_case {
	const char *name;
	uint32_t rise, fall;
	bool init_fail;
	const char *results;
	const char *steps;
} step_cases[] = {
	{ "rise1_fall1", 1, 1, false, "+-+-", "UDUD" },
	{ "first_success_is_up_even_with_rise3", 3, 2, false, "+", "U" },
	{ "first_failure_is_down_even_with_fall3", 2, 3, false, "-", "D" },
	{ "fall2_needs_two", 2, 2, false, "+-+--", "U...D" },
	{ "rise2_needs_two", 2, 2, false, "-+-++", "D...U" },
	{ "fall3_rise2_recover", 2, 3, false, "+--+---++", "U.....D.U" },
	{ "repeated_success_stays", 1, 1, false, "++++", "U..." },
	{ "repeated_failure_stays", 1, 1, false, "----", "D..." },
	/* keepalived 2.2.7, measured: init_fail, rise 3: the first success is up at once,
	 * and the first failure is logged as failed. */
	{ "init_fail_first_success_up", 3, 1, true, "+-++", "UD.." },
	{ "init_fail_first_failure_logged", 1, 1, true, "-+", "DU" },
};
/* clang-format on */

static void
test_step(void **state)
{
	const struct step_case *c = *state;
	uint32_t result = vrrp_script_initial_result(c->rise, c->init_fail);
	bool in_init = true;

	for (size_t i = 0; c->results[i] != '\0'; i++) {
		enum vrrp_script_step st =
			vrrp_script_step(&result, c->rise, c->fall, in_init, c->results[i] == '+');
		char got = st == VRRP_SCRIPT_NOW_UP ? 'U' : st == VRRP_SCRIPT_NOW_DOWN ? 'D' : '.';

		if (got != c->steps[i])
			fail_msg("result %zu ('%c'): got %c, wanted %c", i, c->results[i], got,
				 c->steps[i]);
		in_init = false;
		assert_true(result <= c->rise + c->fall - 1);
	}
}

/* Reload ------------------------------------------------------------------------------------ */

/*
 * A script kept by a reload: the old counter onto the new rise/fall, as
 * keepalived 2.2.7's clear_diff_script() (the line it logs: up or not).
 */
static void
test_reload_result(void **state)
{
	/* clang-format off */
	static const struct {
		uint32_t old_result, old_rise, old_fall, rise, fall, result;
		bool up;
	} cases[] = {
		/* up at the top: at the new top */
		{ 3, 2, 2, 2, 2, 3, true },
		{ 3, 2, 2, 5, 5, 9, true },
		/* up, one failure counted (2 + 3 - 1 = 4, now 3): still one counted */
		{ 3, 2, 3, 2, 3, 3, true },
		{ 3, 2, 3, 4, 3, 5, true },
		{ 3, 2, 3, 1, 1, 1, true },   /* capped at the new top */
		/* down with no success: stays at 0 */
		{ 0, 2, 2, 2, 2, 0, false },
		{ 0, 2, 2, 5, 1, 0, false },
		/* down, one success short: one short of the new rise */
		{ 2, 3, 2, 3, 2, 2, false },
		{ 2, 3, 2, 5, 2, 4, false },
		{ 2, 3, 2, 1, 2, 0, false },  /* never below 0 */
		/* rise/fall 0 read as 1, as vrrp_script_step() */
		{ 1, 0, 0, 1, 1, 1, true },
	};
	/* clang-format on */
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t r = 99;
		bool up = vrrp_script_reload_result(cases[i].old_result, cases[i].old_rise,
						    cases[i].old_fall, cases[i].rise, cases[i].fall,
						    &r);

		if (up != cases[i].up || r != cases[i].result)
			fail_msg("case %zu: got %s %u, wanted %s %u", i, up ? "up" : "down", r,
				 cases[i].up ? "up" : "down", cases[i].result);
	}
}

/* Weights ---------------------------------------------------------------------------------- */

/* clang-format off */
static const struct effect_case {
	const char *name;
	enum vrrp_track_kind kind;
	enum vrrp_tracker_state st;
	int64_t value, weight;
	bool reverse;
	int64_t effect;
	bool fault;
} effect_cases[] = {
	{ "init_counts_nothing", VRRP_TRACK_SCRIPT, VRRP_TRACKER_INIT, 0, -50, false, 0, false },
	{ "init_weight0_no_fault", VRRP_TRACK_SCRIPT, VRRP_TRACKER_INIT, 0, 0, false, 0, false },
	{ "positive_up_adds", VRRP_TRACK_SCRIPT, VRRP_TRACKER_UP, 0, 10, false, 10, false },
	{ "positive_down_nothing", VRRP_TRACK_SCRIPT, VRRP_TRACKER_DOWN, 0, 10, false, 0, false },
	{ "negative_down_subtracts", VRRP_TRACK_SCRIPT, VRRP_TRACKER_DOWN, 0, -60, false, -60,
	  false },
	{ "negative_up_nothing", VRRP_TRACK_SCRIPT, VRRP_TRACKER_UP, 0, -60, false, 0, false },
	{ "reverse_positive_up_subtracts", VRRP_TRACK_SCRIPT, VRRP_TRACKER_UP, 0, 10, true, -10,
	  false },
	{ "reverse_positive_down_nothing", VRRP_TRACK_SCRIPT, VRRP_TRACKER_DOWN, 0, 10, true, 0,
	  false },
	{ "reverse_negative_down_adds", VRRP_TRACK_SCRIPT, VRRP_TRACKER_DOWN, 0, -10, true, 10,
	  false },
	{ "weight0_down_faults", VRRP_TRACK_SCRIPT, VRRP_TRACKER_DOWN, 0, 0, false, 0, true },
	{ "weight0_up_fine", VRRP_TRACK_SCRIPT, VRRP_TRACKER_UP, 0, 0, false, 0, false },
	{ "weight0_reverse_up_faults", VRRP_TRACK_SCRIPT, VRRP_TRACKER_UP, 0, 0, true, 0, true },
	{ "iface_down_weight0_faults", VRRP_TRACK_INTERFACE, VRRP_TRACKER_DOWN, 0, 0, false, 0,
	  true },
	{ "iface_down_negative", VRRP_TRACK_INTERFACE, VRRP_TRACKER_DOWN, 0, -20, false, -20,
	  false },
	{ "file_value_times_weight", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 3, -10, false, -30, false },
	{ "file_reverse", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 3, -10, true, 30, false },
	{ "file_negative_value", VRRP_TRACK_FILE, VRRP_TRACKER_UP, -2, -10, false, 20, false },
	{ "file_below_253_faults", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 100, -10, false, 0, true },
	{ "file_exactly_minus_253_ok", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 253, -1, false, -253,
	  false },
	{ "file_minus_254_faults", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 254, -1, false, 0, true },
	{ "file_large_capped", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 1000, 1, false, 253, false },
	{ "file_huge_saturates", VRRP_TRACK_FILE, VRRP_TRACKER_UP, INT64_MAX, 254, false, 253,
	  false },
	{ "file_weight0_nonzero_faults", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 1, 0, false, 0, true },
	{ "file_weight0_zero_fine", VRRP_TRACK_FILE, VRRP_TRACKER_UP, 0, 0, false, 0, false },
};
/* clang-format on */

static void
test_effect(void **state)
{
	const struct effect_case *c = *state;
	bool fault = !c->fault;

	assert_int_equal(vrrp_track_effect(c->kind, c->st, c->value, c->weight, c->reverse, &fault),
			 c->effect);
	assert_int_equal(fault, c->fault);
}

static void
test_priority_clamp(void **state)
{
	(void)state;
	assert_int_equal(vrrp_track_priority(150, -60), 90);
	assert_int_equal(vrrp_track_priority(150, 0), 150);
	assert_int_equal(vrrp_track_priority(100, -253), 1);
	assert_int_equal(vrrp_track_priority(100, -100), 1);
	assert_int_equal(vrrp_track_priority(100, 200), 254);
	assert_int_equal(vrrp_track_priority(254, 1), 254);
	assert_int_equal(vrrp_track_priority(1, -1), 1);
	/* The owner never moves, either way. */
	assert_int_equal(vrrp_track_priority(255, -200), 255);
	assert_int_equal(vrrp_track_priority(255, 10), 255);
	/* Several trackers: the sum, clamped once. */
	assert_int_equal(vrrp_track_priority(150, -60 + 10 - 20), 80);
}

/* Programs ---------------------------------------------------------------------------------- */

static char tmpdir[64];
static struct ev_loop *loop;

static int
setup_loop(void **state)
{
	(void)state;
	unit_tmpdir_make(tmpdir, sizeof(tmpdir), "test_vrrp_track");
	loop = ev_loop_new(NULL, NULL);
	assert_non_null(loop);
	unit_log_start();
	return 0;
}

static int
teardown_loop(void **state)
{
	(void)state;
	unit_log_stop();
	ev_loop_free(loop);
	unit_tmpdir_remove(tmpdir);
	return 0;
}

static void
make_script(const char *name, const char *body, mode_t mode, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
	unit_write_file(path, body);
	assert_int_equal(chmod(path, mode), 0);
}

static void
cmd_of(struct vrrp_cmd *cmd, const char *text)
{
	const char *err;

	assert_int_equal(vrrp_cmd_parse(text, cmd, &err), 0);
}

struct done {
	int calls;
	int status;
	bool timed_out;
};

static void
on_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct done *d = owner;

	(void)pid, (void)exec_errno;
	d->calls++;
	d->status = status;
	d->timed_out = timed_out;
}

static void
run_until(bool (*cond)(void *), void *arg, uint64_t max_us)
{
	uint64_t end = ev_monotonic_us() + max_us;

	while (!cond(arg) && ev_monotonic_us() < end)
		assert_true(ev_loop_run_once(loop, 20000) >= 0);
	assert_true(cond(arg));
}

static bool
done_called(void *arg)
{
	return ((struct done *)arg)->calls > 0;
}

static void
test_exec_status(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	struct done done = { 0 };
	char path[128];

	(void)state;
	make_script("exit3.sh", "#!/bin/sh\nexit 3\n", 0755, path, sizeof(path));
	cmd_of(&cmd, path);
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "e"), 0);
	assert_true(x.usable);
	assert_true(vrrp_exec_start(loop, &x, NULL, 0, 5000000, on_done, &done, NULL) > 0);
	run_until(done_called, &done, 5000000);
	assert_false(done.timed_out);
	assert_true(WIFEXITED(done.status));
	assert_int_equal(WEXITSTATUS(done.status), 3);
	vrrp_cmd_free(&cmd);
}

static bool
start_error_seen(void *arg)
{
	return ((struct vrrp_tracker *)arg)->stats.start_errors > 0;
}

/*
 * A vrrp_script gone since the start-up check: the start no longer waits
 * for execve(), and the failure comes with the child's exit, counted and
 * acted on as a start that failed (not a run; the script is down).
 */
static void
test_track_script_cannot_execute(void **state)
{
	struct vrrp_tracking trk;
	struct vrrp_script_conf sc;
	struct vrrp_tracker tr;
	char path[128];

	(void)state;
	memset(&trk, 0, sizeof(trk));
	memset(&sc, 0, sizeof(sc));
	memset(&tr, 0, sizeof(tr));
	trk.loop = loop;
	trk.defaults.have = true;
	trk.defaults.uid = getuid();
	trk.defaults.gid = getgid();
	snprintf(sc.name, sizeof(sc.name), "gone");
	sc.interval_us = 60000000;
	sc.rise = sc.fall = 1;
	make_script("gone.sh", "#!/bin/sh\nexit 0\n", 0755, path, sizeof(path));
	cmd_of(&sc.cmd, path);
	tr.kind = VRRP_TRACK_SCRIPT;
	snprintf(tr.name, sizeof(tr.name), "gone");
	tr.trk = &trk;
	tr.script = &sc;
	tr.state = VRRP_TRACKER_INIT;
	tr.in_init = true;
	assert_int_equal(vrrp_exec_prepare(&tr.exec, &sc.cmd, &trk.defaults, "track script",
					   "gone"),
			 0);
	assert_int_equal(unlink(path), 0);
	vrrp_tracker_script_start(&tr);
	run_until(start_error_seen, &tr, 5000000);
	assert_int_equal(tr.stats.start_errors, 1);
	assert_int_equal(tr.stats.runs, 0);
	assert_int_equal(tr.stats.failed, 0);
	assert_null(tr.child);
	assert_int_equal(tr.state, VRRP_TRACKER_DOWN);
	ev_timer_stop(loop, &tr.timer);
	vrrp_cmd_free(&sc.cmd);
}

/* A script without "#!" is run by /bin/sh, as execvp() does. */
static void
test_exec_no_shebang(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	struct done done = { 0 };
	char path[128];

	(void)state;
	make_script("plain.sh", "exit 7\n", 0755, path, sizeof(path));
	cmd_of(&cmd, path);
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "p"), 0);
	assert_true(vrrp_exec_start(loop, &x, NULL, 0, 5000000, on_done, &done, NULL) > 0);
	run_until(done_called, &done, 5000000);
	assert_int_equal(WEXITSTATUS(done.status), 7);
	vrrp_cmd_free(&cmd);
}

/* Running, as opposed to gone or a zombie nobody has reaped yet. */
static bool
pid_running(int pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

struct ticks {
	uint64_t last, worst_late_us;
	int n;
	struct ev_timer t;
};

static void
tick_cb(struct ev_loop *l, struct ev_timer *t, void *arg)
{
	struct ticks *k = arg;
	uint64_t now = ev_monotonic_us();

	if (k->n > 0 && now - k->last > 20000 + k->worst_late_us)
		k->worst_late_us = now - k->last - 20000;
	k->last = now;
	k->n++;
	ev_timer_start_in(l, t, 20000);
}

/*
 * A script that hangs (and leaves a child behind) is killed at its
 * timeout, its whole process group with it, while a 20 ms timer standing
 * for the advert timer keeps firing on time.
 */
static void
test_exec_timeout_does_not_delay(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	struct done done = { 0 };
	struct ticks ticks = { 0 };
	char path[128], pidfile[160], text[300];
	uint64_t start = ev_monotonic_us(), took;
	FILE *f;
	int child = 0;

	(void)state;
	snprintf(pidfile, sizeof(pidfile), "%s/grandchild.pid", tmpdir);
	snprintf(text, sizeof(text), "#!/bin/sh\nsleep 30 &\necho $! > %s\nsleep 30\n", pidfile);
	make_script("hang.sh", text, 0755, path, sizeof(path));
	cmd_of(&cmd, path);
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "h"), 0);
	ev_timer_init(&ticks.t, tick_cb, &ticks);
	ev_timer_start_in(loop, &ticks.t, 20000);
	assert_true(vrrp_exec_start(loop, &x, NULL, 0, 300000, on_done, &done, NULL) > 0);
	run_until(done_called, &done, 5000000);
	took = ev_monotonic_us() - start;
	ev_timer_stop(loop, &ticks.t);
	assert_true(done.timed_out);
	assert_true(took >= 300000 && took < 1000000);
	assert_true(ticks.n >= 10);
	print_message("  20 ms timer: %d ticks, worst %llu us late, script killed after %llu ms\n",
		      ticks.n, (unsigned long long)ticks.worst_late_us,
		      (unsigned long long)(took / 1000));
	/*
	 * The script hung for 300 ms: a loop that waited for it would be that
	 * late. valgrind (and the load of a parallel suite) make every tick
	 * slower, so it gets a wider bound that still shows no waiting.
	 */
	assert_true(ticks.worst_late_us < (RUNNING_ON_VALGRIND ? 100000 : 15000));
	/* The script's own child went with it. */
	f = fopen(pidfile, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &child), 1);
	fclose(f);
	for (int i = 0; i < 100 && pid_running(child); i++)
		usleep(10000);
	assert_false(pid_running(child));
	vrrp_cmd_free(&cmd);
}

static void
test_exec_checks(void **state)
{
	struct vrrp_exec_defaults d = { .have = true, .security = true };
	struct vrrp_cmd cmd;
	struct vrrp_exec x;
	char path[128], dir[128];

	(void)state;
	unit_log_clear();
	cmd_of(&cmd, "/nonexistent/script arg");
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "missing"), -1);
	assert_false(x.usable);
	assert_true(unit_logged(
		"Script /nonexistent/script cannot be accessed - No such file or directory"));
	assert_true(unit_logged("Disabling track script missing since not found/accessible"));
	vrrp_cmd_free(&cmd);

	make_script("noexec.sh", "#!/bin/sh\n", 0644, path, sizeof(path));
	cmd_of(&cmd, path);
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "notify script", path), -1);
	assert_true(unit_log.n == 1 &&
		    strstr(unit_log.line[0], "is not executable for uid:gid 0:0 - disabling.") !=
			    NULL);
	vrrp_cmd_free(&cmd);

	/* Root runs it, and anybody may replace it: refused with security on. */
	snprintf(dir, sizeof(dir), "%s/open", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	snprintf(path, sizeof(path), "%s/open/s.sh", tmpdir);
	unit_write_file(path, "#!/bin/sh\n");
	assert_int_equal(chmod(path, 0755), 0);
	cmd_of(&cmd, path);
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "wdir"), -1);
	assert_true(unit_logged("Disabling track script wdir due to insecure"));
	/* Without security it runs (and the daemon says SECURITY VIOLATION once). */
	d.security = false;
	d.root_used = false;
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "wdir"), 0);
	assert_true(d.root_used);
	vrrp_cmd_free(&cmd);

	/* A bare name is found in PATH. */
	cmd_of(&cmd, "true");
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "t"), 0);
	assert_non_null(strstr(x.path, "/true"));
	vrrp_cmd_free(&cmd);

	/* enable_script_security with nobody to run as: removed, as keepalived. */
	d.have = false;
	cmd_of(&cmd, "/bin/true");
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "nouser"), -1);
	assert_true(unit_logged("Unable to set default user for vrrp script nouser - removing"));
	vrrp_cmd_free(&cmd);
}

/* Notification ------------------------------------------------------------------------------ */

static bool
file_has_lines(void *arg)
{
	const char *want = arg;
	char buf[2048] = "";
	char path[128];
	FILE *f;
	size_t n, lines = 0, wanted = 0;

	snprintf(path, sizeof(path), "%s/args.log", tmpdir);
	f = fopen(path, "r");
	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	for (size_t i = 0; want[i]; i++)
		wanted += want[i] == '\n';
	return lines >= wanted;
}

/*
 * The script user is looked up by the first script that needs it, not when
 * the defaults are made: a daemon without scripts never loads the user
 * database (issue 14). An unknown script_user is reported then, once.
 */
static void
test_exec_defaults_lazy(void **state)
{
	struct vrrp_track_conf tc;
	struct vrrp_exec_defaults d;
	struct vrrp_cmd cmd;
	struct vrrp_exec x;

	(void)state;
	memset(&tc, 0, sizeof(tc));
	snprintf(tc.script_user, sizeof(tc.script_user), "no_such_user_mem14");
	unit_log_clear();
	vrrp_exec_defaults_init(&d, &tc);
	assert_false(unit_logged("Unable to set default user no_such_user_mem14 for scripts"));
	cmd_of(&cmd, "/bin/true");
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "t"), -1);
	assert_true(unit_logged("Unable to set default user no_such_user_mem14 for scripts"));
	assert_true(unit_logged("Unable to set default user for vrrp script t - removing"));
	unit_log_clear();
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "t"), -1);
	assert_false(unit_logged("Unable to set default user no_such_user_mem14 for scripts"));
	vrrp_cmd_free(&cmd);

	/* Without a script nothing is looked up; a script with a user of its
	 * own makes the lookup all the same (keepalived reports a missing
	 * default user whenever there is a script), and still runs. */
	vrrp_exec_defaults_init(&d, &tc);
	assert_true(d.pending);
	cmd_of(&cmd, "/bin/true");
	snprintf(cmd.user, sizeof(cmd.user), "root");
	assert_int_equal(vrrp_exec_prepare(&x, &cmd, &d, "track script", "t"), 0);
	assert_false(d.pending);
	vrrp_cmd_free(&cmd);
}

static void
read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
}

/* The notify scripts get exactly keepalived's arguments; the FIFO gets its lines in order. */
static void
test_notify_args_and_fifo(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_track_conf tc;
	struct vrrp_track_set_conf set;
	struct vrrp_notify_target tg, gtg;
	struct vrrp_notifier *n;
	char script[128], text[300], fifo[128], got[2048], want[1024];
	int rfd;
	ssize_t len;

	(void)state;
	snprintf(text, sizeof(text),
		 "#!/bin/sh\nfor a in \"$@\"; do printf '[%%s]' \"$a\"; done >> %s/args.log\necho "
		 ">> %s/args.log\n",
		 tmpdir, tmpdir);
	make_script("args.sh", text, 0755, script, sizeof(script));
	memset(&tc, 0, sizeof(tc));
	snprintf(fifo, sizeof(fifo), "%s/notify.fifo", tmpdir);
	snprintf(tc.fifo[VRRP_FIFO_VRRP].path, sizeof(tc.fifo[0].path), "%s", fifo);
	n = vrrp_notifier_new(loop, &tc, &d);
	assert_non_null(n);

	memset(&set, 0, sizeof(set));
	snprintf(text, sizeof(text), "%s 'a b' c", script);
	set.notify[VRRP_NOTIFY_GENERIC] = calloc(1, sizeof(struct vrrp_cmd));
	cmd_of(set.notify[VRRP_NOTIFY_GENERIC], text);
	vrrp_notify_target_init(&tg, n, &set, "VI_1", false);
	vrrp_notify_target_init(&gtg, n, &set, "G", true);

	rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rfd >= 0);
	/* One at a time: scripts run concurrently, so their order is not part of the contract. */
	vrrp_notify_state(n, &tg, VRRP_STATE_BACKUP, 150);
	run_until(file_has_lines, "\n", 5000000);
	vrrp_notify_state(n, &tg, VRRP_STATE_MASTER, 90);
	run_until(file_has_lines, "\n\n", 5000000);
	vrrp_notify_state(n, &gtg, VRRP_STATE_FAULT, 0);
	run_until(file_has_lines, "\n\n\n", 5000000);
	snprintf(want, sizeof(want),
		 "[a b][c][INSTANCE][VI_1][BACKUP][150]\n"
		 "[a b][c][INSTANCE][VI_1][MASTER][90]\n"
		 "[a b][c][GROUP][G][FAULT][0]\n");
	snprintf(got, sizeof(got), "%s/args.log", tmpdir);
	read_file(got, got, sizeof(got));
	assert_string_equal(got, want);

	vrrp_notify_rx_lower_pri(n, &tg, 150);
	tg.priority_changes = true;
	vrrp_notify_priority(n, &tg, false, 140);
	len = read(rfd, got, sizeof(got) - 1);
	assert_true(len > 0);
	got[len] = '\0';
	assert_string_equal(got, "INSTANCE \"VI_1\" BACKUP 150\n"
				 "INSTANCE \"VI_1\" MASTER 90\n"
				 "GROUP \"G\" FAULT 0\n"
				 "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150\n"
				 "INSTANCE \"VI_1\" BACKUP_PRIORITY 140\n");
	close(rfd);
	vrrp_notifier_free(n);
	vrrp_cmd_free(set.notify[VRRP_NOTIFY_GENERIC]);
	free(set.notify[VRRP_NOTIFY_GENERIC]);
}

/*
 * An existing notify FIFO is used only if nobody else could have planted or
 * replaced it; otherwise it is left alone and the reason logged.
 */
/* clang-format off */
static const struct fifo_case {
	const char *name;
	mode_t mode; /* 0: a regular file; 1: a link to a good FIFO */
	uid_t owner;
	gid_t group;
	const char *user; /* the configured user of the FIFO */
	const char *why;  /* "" if used */
} fifo_cases[] = {
	{ "fifo_root_0600_used", 0600, 0, 0, "", "" },
	{ "fifo_of_configured_user_used", 0600, 65534, 0, "nobody", "" },
	{ "fifo_root_group_writable_used", 0660, 0, 0, "", "" },
	{ "fifo_owned_by_other_user", 0600, 65534, 0, "",
	  "it is owned by uid 65534, not by root or the daemon's user" },
	{ "fifo_writable_by_others", 0622, 0, 0, "", "it is writable by others (mode 0622)" },
	{ "fifo_writable_by_other_group", 0620, 0, 65534, "",
	  "it is writable by group 65534 (mode 0620)" },
	{ "fifo_is_a_regular_file", 0, 0, 0, "", "it is not a FIFO" },
	{ "fifo_is_a_link", 1, 0, 0, "", "it is a symbolic link" },
};
/* clang-format on */

static void
test_fifo_refused(void **state)
{
	const struct fifo_case *c = *state;
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_track_conf tc;
	const struct vrrp_fifo_stats *st;
	struct vrrp_notifier *n;
	char path[128], real[160], want[300];

	if (geteuid() != 0) {
		print_message("  skipped: needs root to give files other owners\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", tmpdir, c->name);
	if (c->mode == 0) {
		unit_write_file(path, "");
	} else if (c->mode == 1) {
		snprintf(real, sizeof(real), "%s.real", path);
		assert_int_equal(mkfifo(real, 0600), 0);
		assert_int_equal(symlink(real, path), 0);
	} else {
		assert_int_equal(mkfifo(path, c->mode), 0);
		assert_int_equal(chmod(path, c->mode), 0);
		assert_int_equal(chown(path, c->owner, c->group), 0);
	}
	memset(&tc, 0, sizeof(tc));
	snprintf(tc.fifo[VRRP_FIFO_VRRP].path, sizeof(tc.fifo[0].path), "%s", path);
	snprintf(tc.fifo[VRRP_FIFO_VRRP].user, sizeof(tc.fifo[0].user), "%s", c->user);
	unit_log_clear();
	n = vrrp_notifier_new(loop, &tc, &d);
	assert_non_null(n);
	st = vrrp_notifier_fifo_stats(n, VRRP_FIFO_VRRP, NULL);
	if (c->why[0] == '\0') {
		assert_true(st->open);
		assert_int_equal(unit_log.n, 0);
	} else {
		assert_false(st->open);
		assert_true(st->refused);
		snprintf(want, sizeof(want), "vrrp notify fifo %s not used: %s", path, c->why);
		assert_int_equal(unit_log.n, 1);
		assert_string_equal(unit_log.line[0], want);
	}
	vrrp_notifier_free(n);
}

static bool
notify_drained(void *arg)
{
	const struct vrrp_notify_target *tg = arg;

	return tg->s->stats.running == 0 && tg->s->qlen == 0;
}

static int
by_pid(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/*
 * A flood of notifications: at most VRRP_NOTIFY_RUNNING_MAX scripts of an
 * instance run at once, the others start in the order asked for, a full
 * queue drops and counts, and a state change evicts a waiting
 * notify_master_rx_lower_pri rather than being lost itself.
 */
static void
test_notify_cap_and_queue(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_track_conf tc;
	struct vrrp_track_set_conf set;
	struct vrrp_notify_target tg;
	struct vrrp_notifier *n;
	char script[128], text[400], log[128], release[128], line[64];
	int seen[64][2], nseen = 0, i, rx_floods = 100;
	FILE *f;

	(void)state;
	snprintf(log, sizeof(log), "%s/cap.log", tmpdir);
	snprintf(release, sizeof(release), "%s/release", tmpdir);
	/* Each records its pid (fork order is start order) and waits to be released. */
	snprintf(text, sizeof(text),
		 "#!/bin/sh\necho \"$$ ${4:-0}\" >> %s\nwhile [ ! -e %s ]; do sleep 0.02; done\n",
		 log, release);
	make_script("cap.sh", text, 0755, script, sizeof(script));
	memset(&tc, 0, sizeof(tc));
	n = vrrp_notifier_new(loop, &tc, &d);
	assert_non_null(n);
	memset(&set, 0, sizeof(set));
	set.notify[VRRP_NOTIFY_GENERIC] = calloc(1, sizeof(struct vrrp_cmd));
	set.notify[VRRP_NOTIFY_MASTER_RX_LOWER_PRI] = calloc(1, sizeof(struct vrrp_cmd));
	cmd_of(set.notify[VRRP_NOTIFY_GENERIC], script);
	cmd_of(set.notify[VRRP_NOTIFY_MASTER_RX_LOWER_PRI], script);
	vrrp_notify_target_init(&tg, n, &set, "VI_1", false);

	/* Ten state changes: four run, six wait. */
	for (i = 1; i <= 10; i++)
		vrrp_notify_state(n, &tg, i % 2 ? VRRP_STATE_BACKUP : VRRP_STATE_MASTER, i);
	assert_int_equal(tg.s->stats.running, VRRP_NOTIFY_RUNNING_MAX);
	assert_int_equal(tg.s->qlen, 10 - VRRP_NOTIFY_RUNNING_MAX);
	/* A flood of lower-priority adverts fills the queue; the rest is dropped. */
	unit_log_clear();
	for (i = 0; i < rx_floods; i++)
		vrrp_notify_rx_lower_pri(n, &tg, 100);
	assert_int_equal(tg.s->qlen, VRRP_NOTIFY_QUEUE_MAX);
	assert_int_equal(tg.s->stats.scripts_dropped,
			 rx_floods - (VRRP_NOTIFY_QUEUE_MAX - (10 - VRRP_NOTIFY_RUNNING_MAX)));
	assert_true(unit_log.n >= 1 && unit_log.n <= 5); /* rate-limited */
	assert_non_null(strstr(unit_log.line[0], "(VI_1) 4 notify scripts running and 32 waiting: "
						 "notify_master_rx_lower_pri not run"));
	/* A state change still gets in, in place of the oldest waiting rx_lower_pri. */
	vrrp_notify_state(n, &tg, VRRP_STATE_BACKUP, 11);
	assert_int_equal(tg.s->qlen, VRRP_NOTIFY_QUEUE_MAX);
	assert_int_equal(tg.s->stats.scripts_dropped, rx_floods - 26 + 1);

	unit_write_file(release, "");
	run_until(notify_drained, &tg, 30000000);
	assert_int_equal(tg.s->stats.running_max, VRRP_NOTIFY_RUNNING_MAX);
	assert_int_equal(tg.s->stats.scripts_started, 10 + 25 + 1);
	assert_int_equal(tg.s->stats.scripts_queued, 6 + 26 + 1);

	/* In the order asked for: 1..10, 25 rx_lower_pri (priority 0 here), 11. */
	f = fopen(log, "r");
	assert_non_null(f);
	while (nseen < 64 && fgets(line, sizeof(line), f) != NULL) {
		assert_int_equal(sscanf(line, "%d %d", &seen[nseen][0], &seen[nseen][1]), 2);
		nseen++;
	}
	fclose(f);
	assert_int_equal(nseen, 36);
	qsort(seen, (size_t)nseen, sizeof(seen[0]), by_pid);
	for (i = 0; i < 10; i++)
		assert_int_equal(seen[i][1], i + 1);
	for (; i < 35; i++)
		assert_int_equal(seen[i][1], 0);
	assert_int_equal(seen[35][1], 11);

	vrrp_notifier_free(n);
	for (int k = 0; k < VRRP_NOTIFY_KIND_COUNT_; k++) {
		if (set.notify[k] != NULL)
			vrrp_cmd_free(set.notify[k]);
		free(set.notify[k]);
	}
}

/*
 * Nobody reads the FIFO: every write returns at once; what the pipe cannot
 * take waits in the bounded buffer, the rest is dropped and counted, and a
 * reader arriving later gets whole lines, in order.
 */
static void
test_fifo_no_reader(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_track_conf tc;
	struct vrrp_notify_target tg;
	struct vrrp_notifier *n;
	const struct vrrp_fifo_stats *st;
	static char all[4 * VRRP_FIFO_BUF_SIZE];
	char fifo[128], want[200];
	uint64_t start, took, nlines = 0;
	const int lines = 20000;
	size_t alen = 0;
	int rfd, first = -1;

	(void)state;
	memset(&tc, 0, sizeof(tc));
	snprintf(fifo, sizeof(fifo), "%s/slow.fifo", tmpdir);
	snprintf(tc.fifo[VRRP_FIFO_NOTIFY].path, sizeof(tc.fifo[0].path), "%s", fifo);
	n = vrrp_notifier_new(loop, &tc, &d);
	assert_non_null(n);
	vrrp_notify_target_init(&tg, n, NULL, "VI_1", false);
	tg.priority_changes = true;
	unit_log_clear();
	start = ev_monotonic_us();
	for (int i = 0; i < lines; i++)
		vrrp_notify_priority(n, &tg, true, i % 254 + 1);
	took = ev_monotonic_us() - start;
	st = vrrp_notifier_fifo_stats(n, VRRP_FIFO_NOTIFY, NULL);
	print_message(
		"  %d lines without a reader: %llu us, %llu dropped, %llu bytes queued at most\n",
		lines, (unsigned long long)took, (unsigned long long)st->drops,
		(unsigned long long)st->queued_max);
	assert_true(took < 2000000);
	assert_true(st->open);
	assert_int_equal(st->lines + st->drops, lines);
	assert_true(st->drops > 0 && st->drops < (uint64_t)lines);
	assert_true(st->queued_max <= VRRP_FIFO_BUF_SIZE);
	assert_true(unit_log.warnings >= 1 && unit_log.warnings <= 5); /* rate-limited */
	snprintf(want, sizeof(want), "notify fifo %s: the reader is too slow or gone", fifo);
	assert_true(unit_log.n > 0 && strstr(unit_log.line[0], want) != NULL);

	/* A reader now: the queued lines come out whole and in order. */
	rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(rfd >= 0);
	for (int i = 0; i < 100 && ev_loop_run_once(loop, 10000) >= 0; i++) {
		ssize_t got;

		while ((got = read(rfd, all + alen, sizeof(all) - 1 - alen)) > 0)
			alen += (size_t)got;
	}
	close(rfd);
	all[alen] = '\0';
	for (char *p = all, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		int prio;

		*nl = '\0';
		assert_int_equal(sscanf(p, "INSTANCE \"VI_1\" MASTER_PRIORITY %d", &prio), 1);
		if (first >= 0)
			assert_int_equal(prio, first % 254 + 1);
		first = prio;
		nlines++;
	}
	assert_int_equal(nlines, (uint64_t)lines - st->drops);
	vrrp_notifier_free(n);
}

/* Tracked files ------------------------------------------------------------------------------ */

/* One track_file tracker, watched by nobody, in a tracking of its own. */
struct file_fixture {
	struct vrrp_tracking t;
	struct vrrp_tracker tr;
	struct vrrp_track_file_conf conf;
};

static void
file_fixture_init(struct file_fixture *f, const char *path, bool security)
{
	memset(f, 0, sizeof(*f));
	f->t.loop = loop;
	f->t.inotify_fd = -1;
	f->t.defaults.security = security;
	f->t.files_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000000ULL, 20);
	f->t.trackers = &f->tr;
	snprintf(f->conf.name, sizeof(f->conf.name), "tf");
	snprintf(f->conf.path, sizeof(f->conf.path), "%s", path);
	f->tr.kind = VRRP_TRACK_FILE;
	snprintf(f->tr.name, sizeof(f->tr.name), "tf");
	f->tr.tfile = &f->conf;
	f->tr.trk = &f->t;
	f->tr.wd = -1;
	f->tr.rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000000ULL, 20);
}

static void
file_fixture_fini(struct file_fixture *f)
{
	if (f->t.inotify_fd >= 0) {
		ev_fd_del(loop, f->t.inotify_fd);
		close(f->t.inotify_fd);
	}
}

static void
on_alarm(int sig)
{
	(void)sig;
	fail_msg("start-up hung");
}

/*
 * init_file ... overwrite with a FIFO planted at the path: start-up goes
 * on (the FIFO is neither written nor read, and says so); a regular file
 * is overwritten as before.
 */
static void
test_file_init_fifo(void **state)
{
	struct file_fixture f;
	char path[128], want[300], got[32];

	(void)state;
	snprintf(path, sizeof(path), "%s/planted", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	file_fixture_init(&f, path, false);
	f.conf.init_file = true;
	f.conf.init_value = 5;
	f.conf.init_overwrite = true;
	unit_log_clear();
	signal(SIGALRM, on_alarm);
	alarm(5);
	vrrp_tracker_file_setup(&f.tr);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	snprintf(want, sizeof(want),
		 "track_file tf: %s is not a regular file, not writing its initial value", path);
	assert_true(unit_logged(want));
	snprintf(want, sizeof(want), "track_file tf: not reading %s: not a regular file", path);
	assert_true(unit_logged(want));
	assert_int_equal(f.tr.stats.refused, 1);
	file_fixture_fini(&f);

	snprintf(path, sizeof(path), "%s/regular", tmpdir);
	unit_write_file(path, "123456\n");
	file_fixture_init(&f, path, false);
	f.conf.init_file = true;
	f.conf.init_value = 5;
	f.conf.init_overwrite = true;
	vrrp_tracker_file_setup(&f.tr);
	read_file(path, got, sizeof(got));
	assert_string_equal(got, "5\n");
	assert_int_equal(f.tr.value, 5);
	file_fixture_fini(&f);
}

static bool
tracker_value_is_7(void *arg)
{
	return ((struct vrrp_tracker *)arg)->value == 7;
}

/*
 * More events than the kernel queues (fs.inotify.max_queued_events) arrive
 * before the loop reads them, the tracked file's change among the lost
 * ones: the overflow makes every tracked file be read again.
 */
static void
test_file_inotify_overflow(void **state)
{
	struct file_fixture f;
	char dir[128], path[160], noise[2][160];
	long max_events = 16384;
	FILE *mq;

	(void)state;
	mq = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
	if (mq != NULL) {
		assert_int_equal(fscanf(mq, "%ld", &max_events), 1);
		fclose(mq);
	}
	snprintf(dir, sizeof(dir), "%s/busy", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/weight", dir);
	unit_write_file(path, "1\n");
	file_fixture_init(&f, path, false);
	assert_int_equal(vrrp_tracker_file_setup(&f.tr), 0);
	assert_int_equal(f.tr.value, 1);

	/* Two names in turn: the kernel merges an event only into an identical last one. */
	snprintf(noise[0], sizeof(noise[0]), "%s/a", dir);
	snprintf(noise[1], sizeof(noise[1]), "%s/b", dir);
	for (long i = 0; i < max_events + 64; i++) {
		int fd = open(noise[i % 2], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

		assert_true(fd >= 0);
		close(fd);
	}
	unit_write_file(path, "7\n");
	unit_log_clear();
	run_until(tracker_value_is_7, &f.tr, 5000000);
	assert_int_equal(f.tr.stats.rereads, 1);
	assert_true(unit_logged(
		"track_file: inotify queue overflowed, reading every tracked file again"));
	file_fixture_fini(&f);
}

/* enable_script_security: the file and its directories are root's alone, or it is not used. */
static void
test_file_security(void **state)
{
	struct file_fixture f;
	char dir[128], path[160], want[300];

	(void)state;
	if (geteuid() != 0) {
		print_message("  skipped: needs root to give files other owners\n");
		return;
	}
	snprintf(dir, sizeof(dir), "%s/file_open", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	snprintf(path, sizeof(path), "%s/weight", dir);
	unit_write_file(path, "1\n");
	file_fixture_init(&f, path, true);
	unit_log_clear();
	assert_int_equal(vrrp_tracker_file_check(&f.tr), -1);
	snprintf(want, sizeof(want), "Unsafe permissions found for track file '%s' - disabling.",
		 dir);
	assert_true(unit_logged(want));
	assert_true(unit_logged("Disabling track file tf due to insecure"));
	/* Without enable_script_security: said, and used. */
	f.t.defaults.security = false;
	unit_log_clear();
	assert_int_equal(vrrp_tracker_file_check(&f.tr), 0);
	snprintf(want, sizeof(want), "Unsafe permissions found for track file '%s'.", dir);
	assert_true(unit_logged(want));

	/* The file itself someone else's. */
	snprintf(dir, sizeof(dir), "%s/file_safe", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/weight", dir);
	unit_write_file(path, "3\n");
	assert_int_equal(chown(path, 65534, 65534), 0);
	file_fixture_init(&f, path, true);
	unit_log_clear();
	assert_int_equal(vrrp_tracker_file_check(&f.tr), -1);
	snprintf(want, sizeof(want), "Unsafe permissions found for track file '%s' - disabling.",
		 path);
	assert_true(unit_logged(want));

	/* Root's, or not there yet (init_file will create it): fine. */
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(vrrp_tracker_file_check(&f.tr), 0);
	snprintf(path, sizeof(path), "%s/later", dir);
	file_fixture_init(&f, path, true);
	assert_int_equal(vrrp_tracker_file_check(&f.tr), 0);

	/* Handed to someone else after start-up: not read, the value stays. */
	snprintf(path, sizeof(path), "%s/weight", dir);
	file_fixture_init(&f, path, true);
	assert_int_equal(vrrp_tracker_file_setup(&f.tr), 0);
	assert_int_equal(f.tr.value, 3);
	assert_int_equal(chown(path, 65534, 65534), 0);
	unit_log_clear();
	unit_write_file(path, "9\n");
	for (int i = 0; i < 20 && f.tr.stats.refused == 0; i++)
		assert_true(ev_loop_run_once(loop, 20000) >= 0);
	assert_int_equal(f.tr.stats.refused, 1);
	assert_int_equal(f.tr.value, 3);
	snprintf(want, sizeof(want),
		 "track_file tf: not reading %s: writable by someone other than root", path);
	assert_true(unit_logged(want));
	file_fixture_fini(&f);
}

/* The summary an instance gets (issue 13) ------------------------------------------------ */

static struct vrrp_track_summary got_sum;
static unsigned got_calls;

static void
record_summary(void *arg, const struct vrrp_track_summary *sum)
{
	(void)arg;
	got_sum = *sum;
	got_calls++;
}

/*
 * One tracker watched by two instances, one with a weight and one without:
 * every change reaches each instance as one summary (priority delta, Fault
 * count, pending first results) through its watch, nothing else.
 */
static void
test_tracker_apply_hands_summary(void **state)
{
	struct vrrp_tracking trk;
	struct vrrp_tracker tr;
	struct vrrp_track_watch wa, wb;
	struct vrrp_track_use ua, ub;
	struct vrrp_track_use *users[2] = { &ua, &ub };
	struct vrrp_track_summary sb;

	(void)state;
	memset(&trk, 0, sizeof(trk));
	memset(&tr, 0, sizeof(tr));
	memset(&wa, 0, sizeof(wa));
	memset(&wb, 0, sizeof(wb));
	tr.kind = VRRP_TRACK_SCRIPT;
	snprintf(tr.name, sizeof(tr.name), "chk");
	tr.trk = &trk;
	tr.users = users;
	tr.nusers = 2;
	tr.state = VRRP_TRACKER_INIT;
	ua = (struct vrrp_track_use){ &tr, &wa, 10, false, 0, false, false };
	ub = (struct vrrp_track_use){ &tr, &wb, 0, false, 0, false, true };
	wa.name = "VI_A";
	wa.uses = &ua;
	wa.nuses = 1;
	wa.changed = record_summary;
	wb.name = "VI_B";
	wb.uses = &ub;
	wb.nuses = 1;
	wb.sum.init_pending = 1;
	wb.changed = record_summary;
	got_calls = 0;

	tr.state = VRRP_TRACKER_UP;
	vrrp_tracker_apply(&tr);
	assert_int_equal(got_calls, 2);
	assert_int_equal(wa.sum.weight_sum, 10);
	assert_int_equal(wa.sum.faults, 0);
	/* The last call was VI_B's: its first result came, no Fault. */
	assert_int_equal(got_sum.init_pending, 0);
	assert_int_equal(got_sum.faults, 0);

	tr.state = VRRP_TRACKER_DOWN;
	vrrp_tracker_apply(&tr);
	assert_int_equal(got_calls, 4);
	assert_int_equal(wa.sum.weight_sum, 0);
	sb = got_sum;
	assert_int_equal(sb.faults, 1);
	assert_int_equal(sb.fault_events, 1);
	assert_int_equal(sb.weight_sum, 0);

	tr.state = VRRP_TRACKER_UP;
	vrrp_tracker_apply(&tr);
	assert_int_equal(got_sum.faults, 0);
	assert_int_equal(got_sum.fault_events, 1);

	/* While the tracking is being built nobody hears of it. */
	trk.building = true;
	tr.state = VRRP_TRACKER_DOWN;
	vrrp_tracker_apply(&tr);
	assert_int_equal(got_calls, 6);
}

/*
 * lvs_notify_fifo: the VRRP notifier leaves it alone; the checker's
 * (vrrp_notifier_new_lvs) writes its lines on it and on notify_fifo, and
 * starts notify_fifo_script only when told to (no VRRP process runs it).
 */
static void
test_lvs_fifo(void **state)
{
	struct vrrp_exec_defaults d = { .have = true };
	struct vrrp_track_conf tc;
	struct vrrp_cmd script = { 0 };
	struct vrrp_notifier *n;
	char g[128], l[128], mark[128], buf[256];
	const char *err = NULL;
	int gfd, lfd;
	ssize_t got;

	(void)state;
	memset(&tc, 0, sizeof(tc));
	snprintf(g, sizeof(g), "%s/g.fifo", tmpdir);
	snprintf(l, sizeof(l), "%s/lvs.fifo", tmpdir);
	snprintf(mark, sizeof(mark), "%s/reader_ran", tmpdir);
	snprintf(buf, sizeof(buf), "/bin/sh -c 'touch %s'", mark);
	assert_int_equal(vrrp_cmd_parse(buf, &script, &err), 0);
	snprintf(tc.fifo[VRRP_FIFO_NOTIFY].path, sizeof(tc.fifo[0].path), "%s", g);
	snprintf(tc.fifo[VRRP_FIFO_LVS].path, sizeof(tc.fifo[0].path), "%s", l);

	n = vrrp_notifier_new(loop, &tc, &d);
	assert_non_null(n);
	assert_false(vrrp_notifier_fifo_stats(n, VRRP_FIFO_LVS, NULL)->open);
	assert_int_equal(access(l, F_OK), -1); /* not even made */
	vrrp_notifier_free(n);
	tc.fifo[VRRP_FIFO_NOTIFY].script = &script;

	n = vrrp_notifier_new_lvs(loop, &tc, false, &d);
	assert_non_null(n);
	assert_true(vrrp_notifier_fifo_stats(n, VRRP_FIFO_NOTIFY, NULL)->open);
	assert_true(vrrp_notifier_fifo_stats(n, VRRP_FIFO_LVS, NULL)->open);
	assert_false(vrrp_notifier_fifo_stats(n, VRRP_FIFO_VRRP, NULL)->open);
	gfd = open(g, O_RDONLY | O_NONBLOCK);
	lfd = open(l, O_RDONLY | O_NONBLOCK);
	assert_true(gfd >= 0 && lfd >= 0);
	vrrp_notifier_fifo_line(n, "VS [198.18.0.1]:tcp:80 UP\n");
	got = read(lfd, buf, sizeof(buf) - 1);
	assert_true(got > 0);
	buf[got] = '\0';
	assert_string_equal(buf, "VS [198.18.0.1]:tcp:80 UP\n");
	got = read(gfd, buf, sizeof(buf) - 1);
	assert_true(got > 0);
	buf[got] = '\0';
	assert_string_equal(buf, "VS [198.18.0.1]:tcp:80 UP\n");
	close(gfd);
	close(lfd);
	for (int i = 0; i < 20; i++)
		ev_loop_run_once(loop, 10000);
	assert_int_equal(access(mark, F_OK), -1);
	vrrp_notifier_free(n);

	/* -C: no VRRP process, the checker starts notify_fifo_script. */
	n = vrrp_notifier_new_lvs(loop, &tc, true, &d);
	assert_non_null(n);
	for (int i = 0; i < 200 && access(mark, F_OK) != 0; i++)
		ev_loop_run_once(loop, 10000);
	assert_int_equal(access(mark, F_OK), 0);
	vrrp_notifier_free(n);
	vrrp_cmd_free(&script);
	unlink(mark);
	unlink(g);
	unlink(l);
}

int
main(void)
{
	struct CMUnitTest tests[80];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_priority_clamp),
		cmocka_unit_test(test_reload_result),
		cmocka_unit_test(test_tracker_apply_hands_summary),
		cmocka_unit_test(test_exec_status),
		cmocka_unit_test(test_exec_no_shebang),
		cmocka_unit_test(test_track_script_cannot_execute),
		cmocka_unit_test(test_exec_timeout_does_not_delay),
		cmocka_unit_test(test_exec_checks),
		cmocka_unit_test(test_exec_defaults_lazy),
		cmocka_unit_test(test_notify_args_and_fifo),
		cmocka_unit_test(test_fifo_no_reader),
		cmocka_unit_test(test_lvs_fifo),
		cmocka_unit_test(test_notify_cap_and_queue),
		cmocka_unit_test(test_file_init_fifo),
		cmocka_unit_test(test_file_inotify_overflow),
		cmocka_unit_test(test_file_security),
	};
	/* clang-format on */

	signal(SIGPIPE, SIG_IGN);
	unit_add_rows(tests, &n, test_step, step_cases);
	unit_add_rows(tests, &n, test_effect, effect_cases);
	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_fifo_refused, fifo_cases);
	return _cmocka_run_group_tests("vrrp_track", tests, n, setup_loop, teardown_loop);
}
