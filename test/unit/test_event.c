/*
 * Tests of the event loop's timers, on a fake clock. The module is included,
 * not linked, so the tests can check the timer heap itself after every
 * operation: deadline order, callbacks that stop or re-arm timers, a random
 * sequence of operations against a brute-force model, heap growth, and
 * breaking out of the loop. File descriptors, signals, children and the real
 * clock are in test_event_io.c.
 */
#include "config.h"

#include "lib/event.c"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "unit_helpers.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng_below(uint64_t n)
{
	return unit_rng(&rng_state) % n;
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
			assert_true(loop->heap[(i - 1) / 2]->deadline_us <=
				    loop->heap[i]->deadline_us);
	}
}

/* Ordering ----------------------------------------------------------------- */

#define NORDER 1000

struct order_ctx {
	struct unit_clock *clock;
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
	assert_true(t->deadline_us <= ctx->clock->now);    /* never early */
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
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
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
	struct unit_clock clock = { 100 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
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

/* Callbacks that change timers --------------------------------------------- */

struct mutate_ctx {
	struct unit_clock clock;
	struct ev_loop *loop;
	struct ev_timer a, b, c, d;
	unsigned na, nb, nc, nd;
	int mode;
};

enum {
	M_STOP_OTHERS,
	M_STOP_SELF,
	M_REARM_SELF_NOW,
	M_REARM_OTHERS,
	M_PERIODIC
};

/* Timer a does what the mode says to the others or to itself; b, c and d
 * only count their calls. */
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
		assert_int_equal(t->deadline_us, ctx->clock.now);
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

/* A loop on a fake clock at 0 with a, b, c and d due at 10, 20, 30, 100. */
static void
mutate_setup(struct mutate_ctx *ctx, int mode)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->loop = ev_loop_new(unit_clock_read, &ctx->clock);
	assert_non_null(ctx->loop);
	ctx->mode = mode;
	ev_timer_init(&ctx->a, mutate_cb, ctx);
	ev_timer_init(&ctx->b, mutate_cb, ctx);
	ev_timer_init(&ctx->c, mutate_cb, ctx);
	ev_timer_init(&ctx->d, mutate_cb, ctx);
	ev_timer_start_at(ctx->loop, &ctx->a, 10);
	ev_timer_start_at(ctx->loop, &ctx->b, 20);
	ev_timer_start_at(ctx->loop, &ctx->c, 30);
	ev_timer_start_at(ctx->loop, &ctx->d, 100);
}

/* Move the clock to now and run one iteration, which must run n callbacks. */
static void
mutate_run(struct mutate_ctx *ctx, uint64_t now, int n)
{
	ctx->clock.now = now;
	assert_int_equal(ev_loop_run_once(ctx->loop, 0), n);
}

static void
test_timer_stop_others_from_callback(void **state)
{
	struct mutate_ctx ctx;

	mutate_setup(&ctx, M_STOP_OTHERS);
	mutate_run(&ctx, 30, 1);
	assert_int_equal(ctx.na, 1);
	assert_int_equal(ctx.nb + ctx.nc, 0);
	mutate_run(&ctx, 1000, 0);
	assert_int_equal(ctx.nd, 0);
	assert_int_equal(ctx.loop->heap_len, 0);
	ev_loop_free(ctx.loop);
}

static void
test_timer_stop_self_from_callback(void **state)
{
	struct mutate_ctx ctx;

	mutate_setup(&ctx, M_STOP_SELF);
	mutate_run(&ctx, 10, 1);
	assert_false(ev_timer_active(&ctx.a));
	mutate_run(&ctx, 50, 2); /* b and c only */
	assert_int_equal(ctx.na, 1);
	heap_check(ctx.loop);
	ev_loop_free(ctx.loop);
}

static void
test_timer_rearm_now_does_not_spin(void **state)
{
	struct mutate_ctx ctx;
	unsigned i;

	mutate_setup(&ctx, M_REARM_SELF_NOW);
	for (i = 1; i <= 3; i++) {
		mutate_run(&ctx, 10, 1);
		assert_int_equal(ctx.na, i);
		assert_true(ev_timer_active(&ctx.a));
	}
	ev_loop_free(ctx.loop);
}

static void
test_timer_rearm_others_from_callback(void **state)
{
	struct mutate_ctx ctx;

	mutate_setup(&ctx, M_REARM_OTHERS);
	/* a runs; b moved to 1030; c re-armed in the past waits a turn. */
	mutate_run(&ctx, 30, 1);
	assert_int_equal(ctx.nb + ctx.nc, 0);
	assert_int_equal(ctx.b.deadline_us, 1030);
	heap_check(ctx.loop);
	mutate_run(&ctx, 30, 1);
	assert_int_equal(ctx.nc, 1);
	mutate_run(&ctx, 1029, 1); /* d */
	assert_int_equal(ctx.nb, 0);
	mutate_run(&ctx, 1030, 1);
	assert_int_equal(ctx.nb, 1);
	ev_loop_free(ctx.loop);
}

static void
test_timer_periodic_catches_up_one_per_iteration(void **state)
{
	struct mutate_ctx ctx;

	mutate_setup(&ctx, M_PERIODIC);
	ev_timer_stop(ctx.loop, &ctx.b);
	ev_timer_stop(ctx.loop, &ctx.c);
	ev_timer_stop(ctx.loop, &ctx.d);
	ctx.clock.now = 1000; /* a is due at 10, 110, ..., 910 */
	while (ev_loop_run_once(ctx.loop, 0) > 0)
		;
	assert_int_equal(ctx.na, 10);
	assert_int_equal(ctx.a.deadline_us, 1010);
	ev_loop_free(ctx.loop);
}

/* Random operations against a brute-force model -------------------------- */

#define NRAND 200

struct rand_ctx {
	struct unit_clock *clock;
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
	struct unit_clock clock = { 1000 };
	unsigned op;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.clock = &clock;
	ctx.loop = ev_loop_new(unit_clock_read, &clock);
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
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
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

/* The fake clock ----------------------------------------------------------- */

static void
test_fake_clock_never_blocks(void **state)
{
	struct unit_clock clock = { 500 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
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

/* Breaking out ------------------------------------------------------------- */

struct break_ctx {
	struct unit_clock *clock;
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
	struct unit_clock clock = { 0 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
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
	/* clang-format off */
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
		cmocka_unit_test(test_loop_break),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
