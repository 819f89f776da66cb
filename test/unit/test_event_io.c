/*
 * Tests of the event loop's waiting and its sources other than timers:
 * timers on the real clock (with and without epoll_pwait2), file
 * descriptors, signals and child processes. The module is included, not
 * linked, so the tests can see its state. These tests use real time, and
 * poll for their condition with a deadline. Timers on a fake clock are in
 * test_event.c.
 */
#include "config.h"

#include "lib/event.c"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "unit_helpers.h"

/* Waiting on the real clock ------------------------------------------------ */

struct real_ctx {
	uint64_t fired_at;
	unsigned n;
};

static void
real_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct real_ctx *ctx = arg;

	ctx->fired_at = ev_monotonic_us();
	ctx->n++;
}

/* A real-clock timer fires in the first iteration, never before its time. */
static void
real_clock_wait(bool fallback)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct real_ctx ctx = { 0, 0 };
	struct ev_timer t;
	uint64_t start, late;

	ev_no_pwait2 = fallback;
	ev_timer_init(&t, real_cb, &ctx);
	ev_timer_start_in(loop, &t, 30000);
	/* Let a fraction of a millisecond pass, so that the wait is not whole ms. */
	while (ev_monotonic_us() < t.deadline_us - 29500)
		;
	assert_int_equal(ev_loop_run_once(loop, UINT64_MAX), 1);
	assert_int_equal(ctx.n, 1);
	assert_true(ctx.fired_at >= t.deadline_us);
	late = ctx.fired_at - t.deadline_us;
	print_message("    %s: timer of 30 ms fired %llu us late\n",
		      fallback ? "epoll_wait" : "epoll_pwait2", (unsigned long long)late);
	assert_true(late < 500000);

	/* With nothing to do, max_wait_us bounds the wait. */
	start = ev_monotonic_us();
	assert_int_equal(ev_loop_run_once(loop, 20000), 0);
	assert_true(ev_monotonic_us() - start >= 20000);
	assert_true(ev_monotonic_us() - start < 1000000);
	ev_loop_free(loop);
	ev_no_pwait2 = false;
}

static void
test_real_clock_pwait2(void **state)
{
	real_clock_wait(false);
}

static void
test_real_clock_epoll_wait(void **state)
{
	real_clock_wait(true);
}

/* File descriptors --------------------------------------------------------- */

struct fd_ctx {
	struct ev_loop *loop;
	int fds[2]; /* the two watched read ends */
	unsigned calls[2];
	unsigned events[2];
	bool replace;    /* move a fresh pipe onto the deleted fd's number */
	int replacement; /* its write end */
	unsigned replacement_calls;
};

static void
fd_record_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct fd_ctx *ctx = arg;
	int i = fd == ctx->fds[0] ? 0 : 1;

	ctx->calls[i]++;
	ctx->events[i] = events;
}

static void
test_fd_pipe_readiness(void **state)
{
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
	struct fd_ctx ctx;
	int p[2];
	char c;

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(pipe(p), 0);
	ctx.fds[0] = p[0];
	ctx.fds[1] = p[1];
	assert_int_equal(ev_fd_add(loop, p[0], EV_READ, fd_record_cb, &ctx), 0);
	assert_int_equal(ev_fd_add(loop, p[0], EV_READ, fd_record_cb, &ctx), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);

	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.calls[0], 1);
	assert_int_equal(ctx.events[0], EV_READ);
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);

	/* The write end is writable once asked for. */
	assert_int_equal(ev_fd_add(loop, p[1], 0, fd_record_cb, &ctx), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	assert_int_equal(ev_fd_modify(loop, p[1], EV_WRITE), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.events[1], EV_WRITE);
	assert_int_equal(ev_fd_del(loop, p[1]), 0);
	assert_int_equal(ev_fd_del(loop, p[1]), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(ev_fd_modify(loop, p[1], EV_READ), -1);

	/* Hang-up is an error reported with EV_READ. */
	close(p[1]);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.events[0], EV_READ | EV_ERROR);
	/* Closing before deleting is fine too. */
	close(p[0]);
	assert_int_equal(ev_fd_del(loop, p[0]), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	ev_loop_free(loop);
}

/* Each callback deletes the other watch; one moves a new pipe onto its fd. */
static void
fd_replacement_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	char c;

	assert_int_equal(read(fd, &c, 1), 1);
	assert_int_equal(c, 'y');
	((struct fd_ctx *)arg)->replacement_calls++;
}

static void
fd_delete_other_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct fd_ctx *ctx = arg;
	int i = fd == ctx->fds[0] ? 0 : 1;
	int other = ctx->fds[1 - i];
	int p[2];
	char c;

	ctx->calls[i]++;
	assert_int_equal(read(fd, &c, 1), 1);
	assert_int_equal(ev_fd_del(loop, other), 0);
	if (!ctx->replace)
		return;
	/* A new, readable pipe on the same fd number, watched anew. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "y", 1), 1);
	assert_int_equal(dup2(p[0], other), other);
	close(p[0]);
	ctx->replacement = p[1];
	assert_int_equal(ev_fd_add(loop, other, EV_READ, fd_replacement_cb, ctx), 0);
}

static void
fd_delete_in_callback(bool replace)
{
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
	struct fd_ctx ctx;
	int p[2], q[2];

	memset(&ctx, 0, sizeof(ctx));
	ctx.replace = replace;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(q), 0);
	ctx.fds[0] = p[0];
	ctx.fds[1] = q[0];
	assert_int_equal(write(p[1], "a", 1), 1);
	assert_int_equal(write(q[1], "b", 1), 1);
	assert_int_equal(ev_fd_add(loop, p[0], EV_READ, fd_delete_other_cb, &ctx), 0);
	assert_int_equal(ev_fd_add(loop, q[0], EV_READ, fd_delete_other_cb, &ctx), 0);

	/* Both were ready in one batch; only the first to run is delivered. */
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.calls[0] + ctx.calls[1], 1);
	assert_int_equal(ctx.replacement_calls, 0);
	if (replace) {
		/* The new watch sees its own readiness in the next iteration. */
		assert_int_equal(ev_loop_run_once(loop, 0), 1);
		assert_int_equal(ctx.replacement_calls, 1);
		close(ctx.replacement);
	}
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	ev_loop_free(loop);
}

static void
test_fd_del_in_callback_suppresses_pending(void **state)
{
	fd_delete_in_callback(false);
}

static void
test_fd_del_and_reuse_in_callback(void **state)
{
	fd_delete_in_callback(true);
}

/* Each callback narrows the other watch to EV_READ while its EV_WRITE waits. */
static void
fd_narrow_other_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct fd_ctx *ctx = arg;
	int i = fd == ctx->fds[0] ? 0 : 1;

	ctx->calls[i]++;
	ctx->events[i] = events;
	assert_int_equal(ev_fd_modify(loop, ctx->fds[1 - i], EV_READ), 0);
}

static void
test_fd_modify_in_callback_narrows_pending(void **state)
{
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
	struct fd_ctx ctx;
	int a[2], b[2];

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
	ctx.fds[0] = a[0];
	ctx.fds[1] = b[0];
	assert_int_equal(ev_fd_add(loop, a[0], EV_WRITE, fd_narrow_other_cb, &ctx), 0);
	assert_int_equal(ev_fd_add(loop, b[0], EV_WRITE, fd_narrow_other_cb, &ctx), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.calls[0] + ctx.calls[1], 1);
	assert_int_equal(ctx.events[0] | ctx.events[1], EV_WRITE);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	ev_loop_free(loop);
}

/* Signals ------------------------------------------------------------------ */

struct sig_ctx {
	unsigned usr1, usr2;
};

static void
sig_cb(struct ev_loop *loop, int signo, void *arg)
{
	struct sig_ctx *ctx = arg;

	if (signo == SIGUSR1)
		ctx->usr1++;
	else if (signo == SIGUSR2)
		ctx->usr2++;
	else
		fail_msg("unexpected signal %d", signo);
}

static bool
signal_blocked(int signo)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, signo) == 1;
}

/* Run iterations until *count reaches want,
        giving up after 30 s (valgrind on a loaded machine is slow). */
static void
run_until(struct ev_loop *loop, const unsigned *count, unsigned want)
{
	uint64_t deadline = ev_monotonic_us() + 30000000;

	while (*count < want && ev_monotonic_us() < deadline)
		assert_true(ev_loop_run_once(loop, 10000) >= 0);
	assert_int_equal(*count, want);
}

static void
test_signals(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct sig_ctx ctx = { 0, 0 };

	assert_false(signal_blocked(SIGUSR1));
	assert_int_equal(ev_signal_add(loop, SIGUSR1, sig_cb, &ctx), 0);
	assert_int_equal(ev_signal_add(loop, SIGUSR2, sig_cb, &ctx), 0);
	assert_int_equal(ev_signal_add(loop, SIGUSR1, sig_cb, &ctx), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(ev_signal_add(loop, SIGKILL, sig_cb, &ctx), -1);
	assert_true(signal_blocked(SIGUSR1));

	/* A blocked signal raised is pending at once: one callback, ours. */
	assert_int_equal(raise(SIGUSR1), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.usr1, 1);
	assert_int_equal(kill(getpid(), SIGUSR2), 0);
	run_until(loop, &ctx.usr2, 1);
	assert_int_equal(ctx.usr1, 1);
	/* Standard signals coalesce while pending: two raises, one report. */
	raise(SIGUSR1);
	raise(SIGUSR1);
	run_until(loop, &ctx.usr1, 2);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);

	/* Removal unblocks it and drops a pending one instead of dying. */
	raise(SIGUSR1);
	assert_int_equal(ev_signal_del(loop, SIGUSR1), 0);
	assert_false(signal_blocked(SIGUSR1));
	assert_int_equal(ev_signal_del(loop, SIGUSR1), -1);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	assert_int_equal(ctx.usr1, 2);

	ev_loop_free(loop);
	assert_false(signal_blocked(SIGUSR2));
}

/* Children ----------------------------------------------------------------- */

struct child_ctx {
	unsigned n;
	pid_t pid;
	int status;
	bool timed_out;
	uint64_t at;
};

static void
child_cb(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg)
{
	struct child_ctx *ctx = arg;

	ctx->n++;
	ctx->pid = pid;
	ctx->status = status;
	ctx->timed_out = timed_out;
	ctx->at = ev_monotonic_us();
}

/*
 * Start a child that exits with exit_code, or sleeps sleep_s seconds first.
 * It execs a shell at once, so that it carries none of our memory (valgrind
 * would otherwise report the loop as leaked in the child and change its exit
 * status), and with the signal mask reset, as a script runner must.
 */
static pid_t
spawn(int exit_code, unsigned sleep_s)
{
	char cmd[64];
	pid_t pid;

	if (sleep_s > 0)
		snprintf(cmd, sizeof(cmd), "exec sleep %u", sleep_s);
	else
		snprintf(cmd, sizeof(cmd), "exit %d", exit_code);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Wait up to 10 s until pid's command name is comm (it has exec'd). */
static bool
wait_exec(pid_t pid, const char *comm)
{
	uint64_t deadline = ev_monotonic_us() + 10000000;
	char path[64], name[32];

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	while (ev_monotonic_us() < deadline) {
		FILE *f = fopen(path, "r");

		if (f != NULL) {
			bool match = fgets(name, sizeof(name), f) != NULL &&
				     strncmp(name, comm, strlen(comm)) == 0;

			fclose(f);
			if (match)
				return true;
		}
		usleep(1000);
	}
	return false;
}

static void
test_child_exit_status(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct child_ctx a = { 0 }, b = { 0 };
	pid_t unwatched, pa, pb;
	siginfo_t si;

	/* A zombie the loop must leave for its owner. */
	unwatched = spawn(5, 0);
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)unwatched, &si, WEXITED | WNOWAIT), 0);
	pa = spawn(7, 0);
	assert_int_equal(ev_child_watch(loop, pa, 0, child_cb, &a), 0);
	assert_int_equal(ev_child_watch(loop, pa, 0, child_cb, &a), -1);
	assert_int_equal(errno, EEXIST);
	run_until(loop, &a.n, 1);
	assert_int_equal(a.pid, pa);
	assert_true(WIFEXITED(a.status));
	assert_int_equal(WEXITSTATUS(a.status), 7);
	assert_false(a.timed_out);

	/* Killed by a signal. */
	pb = spawn(0, 10);
	assert_int_equal(ev_child_watch(loop, pb, 0, child_cb, &b), 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	/* Signal the child once it runs sleep: before its exec (slow under
	 * valgrind) the signal could meet the test's own process image. */
	assert_true(wait_exec(pb, "sleep"));
	assert_int_equal(kill(pb, SIGTERM), 0);
	run_until(loop, &b.n, 1);
	assert_true(WIFSIGNALED(b.status));
	assert_int_equal(WTERMSIG(b.status), SIGTERM);

	/* The loop never reaped the child it was not asked about. */
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)unwatched, &si, WEXITED | WNOHANG), 0);
	assert_int_equal(si.si_pid, unwatched);
	assert_int_equal(si.si_status, 5);
	ev_loop_free(loop);
	assert_false(signal_blocked(SIGCHLD));
}

/* A child that exited before the first watch, its SIGCHLD long gone. */
static void
test_child_exited_before_watch(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct child_ctx c = { 0 };
	siginfo_t si;
	pid_t pid;

	assert_false(signal_blocked(SIGCHLD));
	pid = spawn(3, 0);
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(ev_child_watch(loop, pid, 0, child_cb, &c), 0);
	run_until(loop, &c.n, 1);
	assert_int_equal(c.pid, pid);
	assert_int_equal(WEXITSTATUS(c.status), 3);
	ev_loop_free(loop);
}

static void
test_child_timeout_kill(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct child_ctx a = { 0 }, b = { 0 };
	uint64_t start = ev_monotonic_us();
	pid_t pa, pb;

	pa = spawn(0, 10);
	assert_int_equal(ev_child_watch(loop, pa, 100000, child_cb, &a), 0);
	/* A quick child with a generous timeout is not reported timed out. */
	pb = spawn(4, 0);
	assert_int_equal(ev_child_watch(loop, pb, 5000000, child_cb, &b), 0);
	while ((a.n == 0 || b.n == 0) && ev_monotonic_us() - start < 5000000)
		assert_true(ev_loop_run_once(loop, UINT64_MAX) >= 0);
	assert_int_equal(a.n, 1);
	assert_true(a.timed_out);
	assert_true(WIFSIGNALED(a.status));
	assert_int_equal(WTERMSIG(a.status), SIGKILL);
	assert_true(a.at - start >= 100000);
	assert_true(a.at - start < 2000000);
	print_message("    child with 100 ms timeout reported after %llu us\n",
		      (unsigned long long)(a.at - start));
	assert_int_equal(b.n, 1);
	assert_false(b.timed_out);
	assert_int_equal(WEXITSTATUS(b.status), 4);
	/* The timeout timers went with their children. */
	assert_int_equal(loop->heap_len, 0);
	ev_loop_free(loop);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_clock_pwait2),
		cmocka_unit_test(test_real_clock_epoll_wait),
		cmocka_unit_test(test_fd_pipe_readiness),
		cmocka_unit_test(test_fd_del_in_callback_suppresses_pending),
		cmocka_unit_test(test_fd_del_and_reuse_in_callback),
		cmocka_unit_test(test_fd_modify_in_callback_narrows_pending),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_child_exit_status),
		cmocka_unit_test(test_child_exited_before_watch),
		cmocka_unit_test(test_child_timeout_kill),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
