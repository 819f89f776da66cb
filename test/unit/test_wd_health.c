/*
 * Tests of the systemd watchdog's health decision (lib/wd_health.c) and of
 * the event loop's lateness measure it is fed (ev_loop_take_late_max()), on
 * a fake clock: the keep-alive timer runs in a loop as in the daemon, and a
 * "blocker" timer stands for a callback that holds the loop (it moves the
 * clock forward while it runs). Checked: the bounds, on time, one short
 * stall, one long stall, a loop held back for good, and recovery.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "lib/event.h"
#include "lib/wd_health.h"
#include "unit_helpers.h"

#define MS 1000ull
#define W (1000 * MS) /* WATCHDOG_USEC in these tests */

struct sim {
	struct unit_clock clock;
	struct ev_loop *loop;
	struct wd_health h;
	struct ev_timer ping;
	struct ev_timer blocker;
	struct ev_timer victim; /* a timer that falls due while the blocker holds the loop */
	unsigned nvictim;
	bool no_victim;
	uint64_t block_us;    /* how long each blocker run holds the loop */
	uint64_t block_every; /* blocker re-armed this long after it returns */
	unsigned nblocks;     /* blocker runs left; 0: it stops */
	uint64_t pings[256];  /* times WATCHDOG=1 was sent */
	unsigned npings;
	unsigned nfirst, nrecovered, nwithheld;
};

static void
sim_ping(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sim *s = arg;
	enum wd_verdict v = wd_health_decide(&s->h, ev_loop_take_late_max(loop));

	if (v == WD_FIRST_WITHHOLD)
		s->nfirst++;
	if (v == WD_RECOVERED)
		s->nrecovered++;
	if (!wd_verdict_ping(v))
		s->nwithheld++;
	else if (s->npings < sizeof(s->pings) / sizeof(s->pings[0]))
		s->pings[s->npings++] = s->clock.now;
	ev_timer_start_in(loop, t, s->h.period_us);
}

static void
sim_block(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct sim *s = arg;

	if (!s->no_victim)
		ev_timer_start_at(loop, &s->victim, s->clock.now);
	s->clock.now += s->block_us; /* the callback holds the loop */
	if (s->nblocks > 0 && --s->nblocks > 0)
		ev_timer_start_at(loop, t, s->clock.now + s->block_every);
}

static void
sim_victim(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	((struct sim *)arg)->nvictim++;
}

static void
sim_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->clock.now = 1000 * MS;
	s->loop = ev_loop_new(unit_clock_read, &s->clock);
	assert_non_null(s->loop);
	wd_health_init(&s->h, W);
	ev_timer_init(&s->ping, sim_ping, s);
	ev_timer_init(&s->blocker, sim_block, s);
	ev_timer_init(&s->victim, sim_victim, s);
	/* As daemon_watchdog_start(): the first one at once. */
	sim_ping(s->loop, &s->ping, s);
}

/* Run the loop on the fake clock until `until`: jump to each next deadline. */
static void
sim_run(struct sim *s, uint64_t until)
{
	while (s->clock.now < until) {
		uint64_t next = s->ping.deadline_us;

		if (ev_timer_active(&s->blocker) && s->blocker.deadline_us < next)
			next = s->blocker.deadline_us;
		if (next > s->clock.now)
			s->clock.now = next;
		assert_true(ev_loop_run_once(s->loop, 0) >= 0);
	}
}

/* The longest time between two keep-alives sent at or after `from`. */
static uint64_t
sim_worst_gap(const struct sim *s, uint64_t from, uint64_t until)
{
	uint64_t gap = 0, last = from;
	unsigned i;

	for (i = 0; i < s->npings; i++) {
		if (s->pings[i] < from)
			continue;
		if (s->pings[i] - last > gap)
			gap = s->pings[i] - last;
		last = s->pings[i];
	}
	return until - last > gap ? until - last : gap;
}

static void
test_bounds(void **state)
{
	struct wd_health h;

	(void)state;
	wd_health_init(&h, W);
	assert_int_equal(h.period_us, W / 4);
	assert_int_equal(h.late_bound_us, W / 2);
	wd_health_init(&h, 1); /* never a zero period */
	assert_int_equal(h.period_us, 1);
	assert_int_equal(h.late_bound_us, 1);
}

static void
test_decide(void **state)
{
	struct wd_health h;

	(void)state;
	wd_health_init(&h, W);
	assert_int_equal(wd_health_decide(&h, 0), WD_PING);
	assert_int_equal(wd_health_decide(&h, W / 2 - 1), WD_PING);
	assert_int_equal(wd_health_decide(&h, W / 2), WD_FIRST_WITHHOLD);
	assert_int_equal(wd_health_decide(&h, W), WD_WITHHOLD);
	assert_int_equal(wd_health_decide(&h, W / 2 + 1), WD_WITHHOLD);
	assert_int_equal(h.sick_worst_us, W);
	assert_int_equal(h.withheld, 3);
	assert_int_equal(wd_health_decide(&h, 10), WD_RECOVERED);
	assert_false(wd_verdict_ping(WD_WITHHOLD));
	assert_false(wd_verdict_ping(WD_FIRST_WITHHOLD));
	assert_true(wd_verdict_ping(WD_RECOVERED));
	assert_int_equal(wd_health_decide(&h, 10), WD_PING);
	/* A new sick stretch reports its own worst. */
	assert_int_equal(wd_health_decide(&h, W / 2 + 5), WD_FIRST_WITHHOLD);
	assert_int_equal(h.sick_worst_us, W / 2 + 5);
}

/* A loop that turns on time sends one keep-alive every W/4, none withheld. */
static void
test_on_time(void **state)
{
	struct sim s;
	uint64_t start;

	(void)state;
	sim_init(&s);
	start = s.clock.now;
	sim_run(&s, start + 10 * W);
	assert_int_equal(s.nwithheld, 0);
	assert_int_equal(s.npings, 41); /* at start, then every W/4 */
	assert_int_equal(sim_worst_gap(&s, start, s.clock.now), W / 4);
	ev_loop_free(s.loop);
}

/* One stall shorter than W/2 delays a keep-alive and withholds none. */
static void
test_short_stall(void **state)
{
	struct sim s;
	uint64_t start;

	(void)state;
	sim_init(&s);
	start = s.clock.now;
	s.block_us = W / 2 - MS;
	s.nblocks = 1;
	ev_timer_start_at(s.loop, &s.blocker, start + W / 4 + 1);
	sim_run(&s, start + 4 * W);
	assert_int_equal(s.nwithheld, 0);
	assert_true(sim_worst_gap(&s, start, s.clock.now) < W);
	ev_loop_free(s.loop);
}

/*
 * One stall of W/2 or more with a timer due during it: the keep-alive after
 * it is withheld (said once), the next one is sent (recovered, said once);
 * no gap reaches W as long as the stall stays below 3W/4.
 */
static void
test_long_stall_once(void **state)
{
	struct sim s;
	uint64_t start;

	(void)state;
	sim_init(&s);
	start = s.clock.now;
	s.block_us = W / 2 + 100 * MS;
	s.nblocks = 1;
	ev_timer_start_at(s.loop, &s.blocker, start + W / 4 + 1);
	sim_run(&s, start + 4 * W);
	assert_int_equal(s.nwithheld, 1);
	assert_int_equal(s.nfirst, 1);
	assert_int_equal(s.nrecovered, 1);
	assert_int_equal(s.nvictim, 1);
	assert_true(sim_worst_gap(&s, start, s.clock.now) < W);
	ev_loop_free(s.loop);
}

/* A stall of 3W/4 or more delays the keep-alive timer itself by W/2. */
static void
test_stall_seen_by_the_keepalive_timer(void **state)
{
	struct sim s;
	uint64_t start;

	(void)state;
	sim_init(&s);
	start = s.clock.now;
	s.block_us = W / 2 + W / 4 - 2 * MS; /* the keep-alive 499 ms late: sent */
	s.nblocks = 1;
	s.no_victim = true;
	ev_timer_start_at(s.loop, &s.blocker, start + W / 4 + 1);
	sim_run(&s, start + 4 * W);
	assert_int_equal(s.nwithheld, 0);
	s.block_us = W / 2 + W / 4; /* 500 ms late: withheld */
	s.nblocks = 1;
	ev_timer_start_at(s.loop, &s.blocker, s.ping.deadline_us - W / 4 + 1);
	sim_run(&s, s.clock.now + 4 * W);
	assert_int_equal(s.nwithheld, 1);
	assert_int_equal(s.nvictim, 0);
	ev_loop_free(s.loop);
}

/*
 * A loop that keeps turning but is held 900 ms at every turn: the
 * keep-alive timer alone would still fire every 900 ms, within W, and
 * systemd would never restart it; the health check withholds every
 * keep-alive, so it does.
 */
static void
test_held_back_for_good(void **state)
{
	struct sim s;
	uint64_t start, held;

	(void)state;
	sim_init(&s);
	start = s.clock.now;
	s.block_us = 900 * MS;
	s.block_every = 1 * MS;
	s.nblocks = 11;
	held = start + W;
	ev_timer_start_at(s.loop, &s.blocker, held);
	sim_run(&s, held + 8 * W);
	assert_int_equal(s.nfirst, 1);
	assert_true(s.nwithheld >= 8);
	/* Nothing sent while held: the gap reaches W, systemd restarts us. */
	assert_true(sim_worst_gap(&s, start, held + 9 * W) >= 8 * W);
	/* It is over: keep-alives again, said once. */
	sim_run(&s, s.clock.now + 2 * W);
	assert_int_equal(s.nrecovered, 1);
	assert_true(s.pings[s.npings - 1] > held + 9 * W);
	ev_loop_free(s.loop);
}

/* The loop's measure: worst lateness since the last read, then reset. */
static void
noop_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	(*(unsigned *)arg)++;
}

static void
test_loop_late_max(void **state)
{
	struct unit_clock clock = { 100 };
	struct ev_loop *loop = ev_loop_new(unit_clock_read, &clock);
	struct ev_timer a, b;
	unsigned n = 0;

	(void)state;
	assert_non_null(loop);
	assert_int_equal(ev_loop_take_late_max(loop), 0);
	ev_timer_init(&a, noop_cb, &n);
	ev_timer_init(&b, noop_cb, &n);
	ev_timer_start_at(loop, &a, 200);
	ev_timer_start_at(loop, &b, 300);
	clock.now = 350;
	assert_int_equal(ev_loop_run_once(loop, 0), 2);
	assert_int_equal(ev_loop_take_late_max(loop), 150);
	assert_int_equal(ev_loop_take_late_max(loop), 0);
	/* On time: 0; the worst of several iterations is kept. */
	ev_timer_start_at(loop, &a, 400);
	clock.now = 400;
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	ev_timer_start_at(loop, &a, 500);
	clock.now = 530;
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	ev_timer_start_at(loop, &a, 600);
	clock.now = 610;
	assert_int_equal(ev_loop_run_once(loop, 0), 1);
	assert_int_equal(ev_loop_take_late_max(loop), 30);
	assert_int_equal(n, 5);
	ev_loop_free(loop);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_on_time),
		cmocka_unit_test(test_short_stall),
		cmocka_unit_test(test_long_stall_once),
		cmocka_unit_test(test_stall_seen_by_the_keepalive_timer),
		cmocka_unit_test(test_held_back_for_good),
		cmocka_unit_test(test_loop_late_max),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
