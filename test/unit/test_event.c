/*
 * Tests of the event loop. The module is included, not linked, so the tests
 * can check the timer heap itself after every operation. Timers run on a fake
 * clock; only the wait, signal and child tests use real time, and those poll
 * for their condition with a deadline.
 */
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

struct fake_clock {
	uint64_t now;
};

static uint64_t
fake_clock_read(void *arg)
{
	return ((struct fake_clock *)arg)->now;
}

/* xorshift64: reproducible pseudo-random numbers. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t
rng_below(uint64_t n)
{
	return rng() % n;
}

/* Heap order, back-pointers and size, checked from outside a dispatch. */
static void
heap_check(struct ev_loop *loop)
{
	uint32_t i;

	assert_true(loop->heap_len <= loop->heap_cap);
	for (i = 0; i < loop->heap_len; i++) {
		assert_int_equal(loop->heap[i]->heap_index, i);
		if (i > 0)
			assert_true(loop->heap[(i - 1) / 2]->deadline_us <= loop->heap[i]->deadline_us);
	}
}

/* Ordering --------------------------------------------------------------- */

#define NORDER 1000

struct order_ctx {
	struct fake_clock *clock;
	struct ev_timer timers[NORDER];
	unsigned fired[NORDER];
	uint64_t last_deadline;
	unsigned nfired;
};

static void
order_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct order_ctx *ctx = arg;
	size_t i = (size_t)(t - ctx->timers);

	assert_false(ev_timer_active(t));
	assert_true(t->deadline_us <= ctx->clock->now); /* never early */
	assert_true(t->deadline_us >= ctx->last_deadline); /* in deadline order */
	assert_int_equal(ev_now(loop), ctx->clock->now);
	ctx->last_deadline = t->deadline_us;
	ctx->fired[i]++;
	ctx->nfired++;
}

static void
test_timer_order_random(void **state)
{
	static struct order_ctx ctx;
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
	uint64_t max = 0;
	size_t i;

	assert_non_null(loop);
	memset(&ctx, 0, sizeof(ctx));
	ctx.clock = &clock;
	for (i = 0; i < NORDER; i++) {
		uint64_t d = 1 + rng_below(100000);

		ev_timer_init(&ctx.timers[i], order_cb, &ctx);
		ev_timer_start_at(loop, &ctx.timers[i], d);
		if (d > max)
			max = d;
	}
	heap_check(loop);
	while (clock.now <= max) {
		clock.now += 1 + rng_below(500);
		assert_true(ev_loop_run_once(loop, 0) >= 0);
		/* Nothing due is left behind. */
		if (loop->heap_len > 0)
			assert_true(loop->heap[0]->deadline_us > clock.now);
		heap_check(loop);
	}
	assert_int_equal(ctx.nfired, NORDER);
	for (i = 0; i < NORDER; i++)
		assert_int_equal(ctx.fired[i], 1);
	assert_int_equal(loop->heap_len, 0);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	ev_loop_free(loop);
}

static void
count_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(*(unsigned *)arg)++;
}

static void
test_timer_same_deadline_and_move(void **state)
{
	struct fake_clock clock = { 100 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
	struct ev_timer t[5], moved;
	unsigned n = 0, nmoved = 0;
	int i;

	for (i = 0; i < 5; i++) {
		ev_timer_init(&t[i], count_cb, &n);
		ev_timer_start_in(loop, &t[i], 50);
		assert_int_equal(t[i].deadline_us, 150);
	}
	ev_timer_init(&moved, count_cb, &nmoved);
	ev_timer_start_at(loop, &moved, 120);
	ev_timer_start_at(loop, &moved, 300); /* later */
	ev_timer_start_at(loop, &moved, 200); /* earlier again */
	assert_int_equal(loop->heap_len, 6);
	heap_check(loop);

	clock.now = 149;
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	clock.now = 150;
	assert_int_equal(ev_loop_run_once(loop, 0), 5);
	assert_int_equal(n, 5);
	clock.now = 199;
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	clock.now = 1000;
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(nmoved, 1);
	assert_int_equal(ev_loop_run_once(loop, 0), 0);

	/* Stopping twice, or a timer never armed, is harmless. */
	ev_timer_stop(loop, &moved);
	ev_timer_stop(loop, &moved);
	assert_false(ev_timer_active(&moved));

	/* Freeing the loop leaves its owners' timers stopped. */
	ev_timer_start_at(loop, &t[0], 5000);
	ev_loop_free(loop);
	assert_false(ev_timer_active(&t[0]));
}

/* Callbacks that change timers ----------------------------------------- */

struct mutate_ctx {
	struct fake_clock *clock;
	struct ev_timer a, b, c, d;
	unsigned na, nb, nc, nd;
	int mode;
};

enum { M_STOP_OTHERS, M_STOP_SELF, M_REARM_SELF_NOW, M_REARM_OTHERS, M_PERIODIC };

static void
mutate_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct mutate_ctx *ctx = arg;

	if (t == &ctx->b) {
		ctx->nb++;
		return;
	}
	if (t == &ctx->c) {
		ctx->nc++;
		return;
	}
	if (t == &ctx->d) {
		ctx->nd++;
		return;
	}
	ctx->na++;
	assert_false(ev_timer_active(t)); /* a running timer is disarmed */
	switch (ctx->mode) {
	case M_STOP_OTHERS:
		ev_timer_stop(loop, &ctx->b); /* due in this iteration */
		ev_timer_stop(loop, &ctx->c); /* due in this iteration */
		ev_timer_stop(loop, &ctx->d); /* due later */
		assert_false(ev_timer_active(&ctx->b));
		break;
	case M_STOP_SELF:
		ev_timer_stop(loop, t);
		ev_timer_start_in(loop, t, 10);
		assert_true(ev_timer_active(t));
		ev_timer_stop(loop, t);
		break;
	case M_REARM_SELF_NOW:
		ev_timer_start_in(loop, t, 0);
		assert_int_equal(t->deadline_us, ctx->clock->now);
		break;
	case M_REARM_OTHERS:
		ev_timer_start_in(loop, &ctx->b, 1000); /* due now, moved later */
		ev_timer_start_at(loop, &ctx->c, 0);    /* due now, re-armed in the past */
		break;
	case M_PERIODIC:
		ev_timer_start_at(loop, t, t->deadline_us + 100);
		break;
	}
}

static struct ev_loop *
mutate_setup(struct mutate_ctx *ctx, struct fake_clock *clock, int mode)
{
	struct ev_loop *loop = ev_loop_new(fake_clock_read, clock);

	memset(ctx, 0, sizeof(*ctx));
	ctx->clock = clock;
	ctx->mode = mode;
	ev_timer_init(&ctx->a, mutate_cb, ctx);
	ev_timer_init(&ctx->b, mutate_cb, ctx);
	ev_timer_init(&ctx->c, mutate_cb, ctx);
	ev_timer_init(&ctx->d, mutate_cb, ctx);
	ev_timer_start_at(loop, &ctx->a, 10);
	ev_timer_start_at(loop, &ctx->b, 20);
	ev_timer_start_at(loop, &ctx->c, 30);
	ev_timer_start_at(loop, &ctx->d, 100);
	return loop;
}

static void
test_timer_stop_others_from_callback(void **state)
{
	struct fake_clock clock = { 30 };
	struct mutate_ctx ctx;
	struct ev_loop *loop = mutate_setup(&ctx, &clock, M_STOP_OTHERS);

	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.na, 1);
	assert_int_equal(ctx.nb + ctx.nc, 0);
	clock.now = 1000;
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	assert_int_equal(ctx.nd, 0);
	assert_int_equal(loop->heap_len, 0);
	ev_loop_free(loop);
}

static void
test_timer_stop_self_from_callback(void **state)
{
	struct fake_clock clock = { 10 };
	struct mutate_ctx ctx;
	struct ev_loop *loop = mutate_setup(&ctx, &clock, M_STOP_SELF);

	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_false(ev_timer_active(&ctx.a));
	clock.now = 50;
	assert_int_equal(ev_loop_run_once(loop, 0), 2); /* b and c only */
	assert_int_equal(ctx.na, 1);
	heap_check(loop);
	ev_loop_free(loop);
}

static void
test_timer_rearm_now_does_not_spin(void **state)
{
	struct fake_clock clock = { 10 };
	struct mutate_ctx ctx;
	struct ev_loop *loop = mutate_setup(&ctx, &clock, M_REARM_SELF_NOW);
	int i;

	for (i = 1; i <= 3; i++) {
		assert_int_equal(ev_loop_run_once(loop, 0), 1);
		assert_int_equal(ctx.na, i);
		assert_true(ev_timer_active(&ctx.a));
	}
	ev_loop_free(loop);
}

static void
test_timer_rearm_others_from_callback(void **state)
{
	struct fake_clock clock = { 30 };
	struct mutate_ctx ctx;
	struct ev_loop *loop = mutate_setup(&ctx, &clock, M_REARM_OTHERS);

	/* a runs; b moved to 1030; c re-armed in the past waits a turn. */
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.nb + ctx.nc, 0);
	assert_int_equal(ctx.b.deadline_us, 1030);
	heap_check(loop);
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.nc, 1);
	clock.now = 1029;
	assert_int_equal(ev_loop_run_once(loop, 0), 1); /* d */
	assert_int_equal(ctx.nb, 0);
	clock.now = 1030;
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ctx.nb, 1);
	ev_loop_free(loop);
}

static void
test_timer_periodic_catches_up_one_per_iteration(void **state)
{
	struct fake_clock clock = { 0 };
	struct mutate_ctx ctx;
	struct ev_loop *loop = mutate_setup(&ctx, &clock, M_PERIODIC);

	ev_timer_stop(loop, &ctx.b);
	ev_timer_stop(loop, &ctx.c);
	ev_timer_stop(loop, &ctx.d);
	clock.now = 1000; /* a is due at 10, 110, ..., 910 */
	while (ev_loop_run_once(loop, 0) > 0)
		;
	assert_int_equal(ctx.na, 10);
	assert_int_equal(ctx.a.deadline_us, 1010);
	ev_loop_free(loop);
}

/* Random operations against a brute-force model -------------------------- */

#define NRAND 200

struct rand_ctx {
	struct fake_clock *clock;
	struct ev_loop *loop;
	struct ev_timer timers[NRAND];
	bool active[NRAND];
	uint64_t deadline[NRAND];
	bool due[NRAND]; /* due when the iteration started, untouched since */
	unsigned fired[NRAND];
};

static void
rand_op(struct rand_ctx *ctx, size_t k, bool in_callback)
{
	uint64_t delay;

	switch (rng_below(3)) {
	case 0:
		ev_timer_stop(ctx->loop, &ctx->timers[k]);
		ctx->active[k] = false;
		break;
	case 1:
		ctx->deadline[k] = ctx->clock->now + rng_below(2000) - (in_callback ? 100 : 0);
		ev_timer_start_at(ctx->loop, &ctx->timers[k], ctx->deadline[k]);
		ctx->active[k] = true;
		break;
	default:
		delay = rng_below(2000);
		ctx->deadline[k] = ev_now(ctx->loop) + delay;
		ev_timer_start_in(ctx->loop, &ctx->timers[k], delay);
		ctx->active[k] = true;
		break;
	}
	/* Whatever a callback did to it, it must not run again in this dispatch. */
	if (in_callback)
		ctx->due[k] = false;
}

static void
rand_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct rand_ctx *ctx = arg;
	size_t i = (size_t)(t - ctx->timers);

	assert_true(ctx->active[i]);
	assert_true(ctx->deadline[i] <= ctx->clock->now);
	assert_true(ctx->due[i]);
	ctx->active[i] = false;
	ctx->fired[i]++;
	if (rng_below(4) == 0)
		rand_op(ctx, rng_below(NRAND), true);
}

static void
rand_check_model(struct rand_ctx *ctx)
{
	uint32_t nactive = 0;
	size_t i;

	heap_check(ctx->loop);
	for (i = 0; i < NRAND; i++) {
		assert_int_equal(ev_timer_active(&ctx->timers[i]), ctx->active[i]);
		if (ctx->active[i]) {
			assert_int_equal(ctx->timers[i].deadline_us, ctx->deadline[i]);
			nactive++;
		}
	}
	assert_int_equal(ctx->loop->heap_len, nactive);
}

static void
test_heap_random_against_model(void **state)
{
	static struct rand_ctx ctx;
	struct fake_clock clock = { 1000 };
	unsigned op;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.clock = &clock;
	ctx.loop = ev_loop_new(fake_clock_read, &clock);
	for (i = 0; i < NRAND; i++)
		ev_timer_init(&ctx.timers[i], rand_cb, &ctx);
	for (op = 0; op < 20000; op++) {
		if (rng_below(10) != 0) {
			rand_op(&ctx, rng_below(NRAND), false);
			rand_check_model(&ctx);
			continue;
		}
		clock.now += rng_below(300);
		for (i = 0; i < NRAND; i++) {
			ctx.due[i] = ctx.active[i] && ctx.deadline[i] <= clock.now;
			ctx.fired[i] = 0;
		}
		assert_true(ev_loop_run_once(ctx.loop, 0) >= 0);
		for (i = 0; i < NRAND; i++) {
			assert_true(ctx.fired[i] <= 1);
			if (ctx.due[i])
				assert_int_equal(ctx.fired[i], 1);
		}
		rand_check_model(&ctx);
	}
	ev_loop_free(ctx.loop);
}

static void
test_heap_grows_only_past_high_water(void **state)
{
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
	struct ev_timer t[EV_HEAP_INITIAL + 1];
	struct ev_timer **heap = loop->heap;
	unsigned n = 0;
	int round, i;

	for (i = 0; i <= EV_HEAP_INITIAL; i++)
		ev_timer_init(&t[i], count_cb, &n);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < EV_HEAP_INITIAL; i++)
			ev_timer_start_at(loop, &t[i], (uint64_t)rng_below(100));
		for (i = 0; i < EV_HEAP_INITIAL; i++)
			ev_timer_start_at(loop, &t[i], (uint64_t)rng_below(100));
		assert_ptr_equal(loop->heap, heap);
		assert_int_equal(loop->heap_cap, EV_HEAP_INITIAL);
		for (i = 0; i < EV_HEAP_INITIAL; i++)
			ev_timer_stop(loop, &t[i]);
	}
	for (i = 0; i <= EV_HEAP_INITIAL; i++)
		ev_timer_start_at(loop, &t[i], (uint64_t)i);
	assert_int_equal(loop->heap_cap, 2 * EV_HEAP_INITIAL);
	heap_check(loop);
	clock.now = 100;
	assert_int_equal(ev_loop_run_once(loop, 0), EV_HEAP_INITIAL + 1);
	ev_loop_free(loop);
}

/* Clock and waiting ------------------------------------------------------ */

static void
test_fake_clock_never_blocks(void **state)
{
	struct fake_clock clock = { 500 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
	struct ev_timer t;
	unsigned n = 0;
	uint64_t start;

	/* ev_now reads afresh until the loop has run, then holds its reading. */
	assert_int_equal(ev_now(loop), 500);
	clock.now = 600;
	assert_int_equal(ev_now(loop), 600);

	ev_timer_init(&t, count_cb, &n);
	ev_timer_start_in(loop, &t, 3600ull * 1000000u); /* an hour away */
	start = ev_monotonic_us();
	assert_int_equal(ev_loop_run_once(loop, 0), 0);
	assert_true(ev_monotonic_us() - start < 100000);
	assert_int_equal(ev_now(loop), 600);
	clock.now = 700;
	assert_int_equal(ev_now(loop), 600);

	/* A due timer makes even an unbounded wait return at once. */
	ev_timer_start_at(loop, &t, 650);
	start = ev_monotonic_us();
	assert_int_equal(ev_loop_run_once(loop, UINT64_MAX), 1);
	assert_true(ev_monotonic_us() - start < 100000);
	assert_int_equal(ev_now(loop), 700);
	ev_loop_free(loop);
}

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

/* File descriptors ------------------------------------------------------- */

struct fd_ctx {
	struct ev_loop *loop;
	int fds[2];      /* the two watched read ends */
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
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
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
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
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
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
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

/* Signals ---------------------------------------------------------------- */

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

/* Run iterations until *count reaches want, giving up after 5 s. */
static void
run_until(struct ev_loop *loop, const unsigned *count, unsigned want)
{
	uint64_t deadline = ev_monotonic_us() + 5000000;

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

/* Children --------------------------------------------------------------- */

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

/* Breaking out ----------------------------------------------------------- */

struct break_ctx {
	struct fake_clock *clock;
	unsigned n;
};

static void
break_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct break_ctx *ctx = arg;

	ctx->clock->now += 10;
	if (++ctx->n == 5)
		ev_loop_break(loop);
	else
		ev_timer_start_in(loop, t, 10);
}

static void
test_loop_break(void **state)
{
	struct fake_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(fake_clock_read, &clock);
	struct break_ctx ctx = { &clock, 0 };
	struct ev_timer t;

	ev_timer_init(&t, break_cb, &ctx);
	ev_timer_start_at(loop, &t, 0);
	assert_int_equal(ev_loop_run(loop), 0);
	assert_int_equal(ctx.n, 5);

	/* A break asked for before running is honoured, then forgotten. */
	ev_timer_start_at(loop, &t, 0);
	ev_loop_break(loop);
	assert_int_equal(ev_loop_run(loop), 0);
	assert_int_equal(ctx.n, 5);
	ctx.n = 0;
	assert_int_equal(ev_loop_run(loop), 0);
	assert_int_equal(ctx.n, 5);
	ev_loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_order_random),
		cmocka_unit_test(test_timer_same_deadline_and_move),
		cmocka_unit_test(test_timer_stop_others_from_callback),
		cmocka_unit_test(test_timer_stop_self_from_callback),
		cmocka_unit_test(test_timer_rearm_now_does_not_spin),
		cmocka_unit_test(test_timer_rearm_others_from_callback),
		cmocka_unit_test(test_timer_periodic_catches_up_one_per_iteration),
		cmocka_unit_test(test_heap_random_against_model),
		cmocka_unit_test(test_heap_grows_only_past_high_water),
		cmocka_unit_test(test_fake_clock_never_blocks),
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
		cmocka_unit_test(test_loop_break),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
