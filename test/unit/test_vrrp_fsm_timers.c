/*
 * Unit tests for the timing of the VRRP state machine, on a fake clock: the
 * Skew_Time and Master_Down_Interval formulas, VRRPv3's learned advert
 * interval, preempt_delay, timers that fire late after a stall, and
 * priority changes that move the Master_Down_Timer. Each test checks the
 * timer deadline to the microsecond and the exact log lines. The states and
 * transitions are in test_vrrp_fsm.c; the fixture is fsm_fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fsm_fixture.h"

/* Formulas ----------------------------------------------------------------- */

static void
test_skew_and_down_interval(void **state)
{
	/* v2: skew in whole microseconds of (256-prio)/256 s, any interval. */
	assert_int_equal(vrrp_skew_us(2, 100, 100), 609375);
	assert_int_equal(vrrp_master_down_us(2, 100, 100, 3), 3609375);
	assert_int_equal(vrrp_skew_us(2, 150, 100), 414062); /* 414062.5 truncated */
	assert_int_equal(vrrp_master_down_us(2, 150, 100, 3), 3414062);
	assert_int_equal(vrrp_skew_us(2, 100, 300), 609375);
	assert_int_equal(vrrp_master_down_us(2, 100, 300, 3), 9609375);
	/* v3: scaled by the master's interval, truncated to the microsecond. */
	assert_int_equal(vrrp_skew_us(3, 254, 100), 7812); /* 7812.5 */
	assert_int_equal(vrrp_master_down_us(3, 254, 100, 3), 3007812);
	assert_int_equal(vrrp_skew_us(3, 255, 100), 3906); /* 3906.25: not 0 as in cs */
	assert_int_equal(vrrp_master_down_us(3, 255, 100, 3), 3003906);
	assert_int_equal(vrrp_master_down_us(3, 100, 100, 3), 3609375);
	assert_int_equal(vrrp_skew_us(3, 100, 50), 304687);
	/* 64-bit: 255 * 4095 cs * 10000 overflows 32 bits. */
	assert_int_equal(vrrp_skew_us(3, 1, 4095), UINT64_C(40790039));
	assert_int_equal(vrrp_master_down_us(3, 1, 4095, 3), UINT64_C(163640039));
	/* down_timer_adverts other than 3; 0 means the default. */
	assert_int_equal(vrrp_master_down_us(2, 100, 100, 5), 5609375);
	assert_int_equal(vrrp_master_down_us(3, 100, 100, 1), 1609375);
	assert_int_equal(vrrp_master_down_us(2, 100, 100, 0), 3609375);
}

static void
test_startup_v3_uses_own_interval(void **state)
{
	conf.version = 3;
	conf.adver_int_cs = 50;
	conf.priority = 254;
	init_fsm();
	fsm.master_adver_int_cs = 300; /* stale value must not survive start-up */
	ev(VRRP_EV_STARTUP, T0);
	assert_int_equal(fsm.master_adver_int_cs, 50);
	/* 3 * 0.5 s + 2 * 50 cs * 10000 / 256 = 1500000 + 3906 */
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 1503906);
}

static void
test_down_timer_adverts(void **state)
{
	conf.down_timer_adverts = 5;
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 5609375);
	rx(200, 100, PEER, T0 + SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + SEC + 5609375);
}

/* VRRPv3 learned interval -------------------------------------------------- */

static void
test_backup_v3_learns_interval(void **state)
{
	uint64_t now = T0 + SEC;

	conf.version = 3;
	to_backup();
	log_set_detail(true);
	rx(200, 200, PEER, now);
	assert_int_equal(fsm.master_adver_int_cs, 200);
	assert_int_equal(fsm.skew_us, 1218750);
	assert_int_equal(fsm.master_down_us, 7218750);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 7218750);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 1);
	expect_lines(1, "(VI_1) advertisement interval updated from 1000ms to 2000ms by master");
	/* Same interval again: nothing to log. */
	rx(200, 200, PEER, now + 2 * SEC);
	expect_lines(0);
	/* Skew_Time for a priority 0 advert uses the learned interval too. */
	rx(0, 200, PEER, now + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 3 * SEC + 1218750);
	expect_lines(1, "(VI_1) Backup received priority 0 advertisement");
	/* A zero interval (rejected upstream) never becomes the MAI. */
	rx(200, 0, PEER, now + 4 * SEC);
	assert_int_equal(fsm.master_adver_int_cs, 200);
}

/* A discarded (lower, preemptable) advert teaches nothing. */
static void
test_backup_v3_lower_advert_not_learned(void **state)
{
	conf.version = 3;
	to_backup();
	rx(50, 300, PEER, T0 + SEC);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
}

static void
test_backup_v2_does_not_learn_interval(void **state)
{
	uint64_t now = T0 + SEC;

	to_backup();
	rx(200, 200, PEER, now);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 0);
	expect_lines(0);
}

static void
test_v3_master_restores_own_interval(void **state)
{
	uint64_t now = T0 + SEC;

	conf.version = 3;
	to_backup();
	rx(200, 200, PEER, now);
	log_set_detail(true);
	now += 7218750;
	ev(VRRP_EV_MASTER_DOWN, now);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	assert_int_equal(fsm.master_down_us, MDI_V2_100);
	/* The Adver_Timer is our own interval, never the learned one. */
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	expect_lines(3, "(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE",
		     "(VI_1) changing advert interval from 2000ms to locally configured 1000ms");
}

static void
test_master_v3_learns_interval_on_yield(void **state)
{
	uint64_t now;

	conf.version = 3;
	now = to_master() + SEC / 4;
	rx(200, 300, PEER, now);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	assert_int_equal(fsm.master_adver_int_cs, 300);
	/* 3 * 3 s + 156 * 300 * 10000 / 256 */
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 10828125);
}

static void
test_master_v2_does_not_learn_on_yield(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 4;
	rx(200, 300, PEER, now);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
}

static void
test_fault_clear_v3_resets_interval(void **state)
{
	uint64_t now = T0 + SEC;

	conf.version = 3;
	to_backup();
	rx(200, 200, PEER, now);
	ev(VRRP_EV_FAULT, now + SEC);
	ev(VRRP_EV_FAULT_CLEAR, now + 2 * SEC);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 2 * SEC + MDI_V2_100);
}

static void
test_v3_interval_mismatch_counted(void **state)
{
	conf.version = 3;
	to_master();
	rx(50, 200, PEER, T0 + 5 * SEC);
	rx(50, 100, PEER, T0 + 6 * SEC);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 1);
	assert_int_equal(fsm.stats.adverts_rx, 2);
}

/* preempt_delay ------------------------------------------------------------ */

/* preempt_delay, as keepalived 2.2.7 runs it. */
static void
test_preempt_delay_window(void **state)
{
	uint64_t mdi200 = 3218750, t1, i;

	conf.priority = 200;
	conf.preempt_delay_us = 3 * SEC;
	to_backup();
	log_set_detail(true);
	/* A higher master for 10 s: no window opens, nothing logged. */
	for (i = 1; i <= 10; i++)
		rx(250, 100, PEER, T0 + i * SEC);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(0);

	/* Its priority drops: the window opens now, not at start-up. */
	t1 = T0 + 10 * SEC + SEC / 2;
	rx(50, 100, PEER, t1);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_int_equal(fsm.preempt_until_us, t1 + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + mdi200);
	expect_lines(1, "(VI_1) start preempt delay (3.000000)");
	rx(50, 100, PEER, t1 + SEC);
	rx(50, 100, PEER, t1 + 2 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 2 * SEC + mdi200);
	expect_lines(0);

	/* At the end of the window the lower advert is discarded. */
	rx(50, 100, PEER, t1 + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 2 * SEC + mdi200);
	expect_lines(1, "(VI_1) received lower priority (50) advert from 198.18.0.2 - discarding");
	ev(VRRP_EV_MASTER_DOWN, t1 + 2 * SEC + mdi200);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.preempt_until_us, t1 + 3 * SEC);
	/* Entering Backup again closes the window. */
	rx(255, 100, "198.18.0.3", t1 + 10 * SEC);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(fsm.preempt_until_us, 0);
}

static void
test_preempt_delay_closed_by_higher_advert(void **state)
{
	uint64_t t1 = T0 + SEC;

	conf.priority = 200;
	conf.preempt_delay_us = 2 * SEC + 500000;
	to_backup();
	log_set_detail(true);
	rx(50, 100, PEER, t1);
	expect_lines(1, "(VI_1) start preempt delay (2.500000)");
	rx(250, 100, "198.18.0.3", t1 + SEC);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(1, "(VI_1) stop preempt delay");
	/* A later lower master gets a fresh window, and resets the timer. */
	rx(50, 100, PEER, t1 + 10 * SEC);
	assert_int_equal(fsm.preempt_until_us, t1 + 10 * SEC + 2 * SEC + 500000);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 10 * SEC + 3218750);
	expect_lines(1, "(VI_1) start preempt delay (2.500000)");
	/* The detail lines need -D. */
	log_set_detail(false);
	rx(250, 100, "198.18.0.3", t1 + 11 * SEC);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(0);
}

/* Timers that fire late ---------------------------------------------------- */

/*
 * The process was stopped for longer than the down interval. Adverts queued
 * meanwhile come first and keep us Backup; with none, a very late timer
 * waits Skew_Time more instead of taking over at once.
 */
static void
test_backup_late_timer(void **state)
{
	uint64_t late_now = T0 + 2 * MDI_V2_100 + 1;

	to_backup();
	ev(VRRP_EV_MASTER_DOWN, late_now);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_MASTER_DOWN, late_now + SKEW_V2_100);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) master down timer fired 3609 ms late (process stalled?),"
			" waiting 609375 us more for an advert");
	/* A master's advert right after the thaw: no flap. */
	rx(200, 100, PEER, late_now + 1000);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 late_now + 1000 + MDI_V2_100);
}

static void
test_backup_late_timer_then_takeover(void **state)
{
	uint64_t late_now = T0 + 10 * SEC;

	to_backup();
	ev(VRRP_EV_MASTER_DOWN, late_now);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	clear_log();
	ev(VRRP_EV_MASTER_DOWN, late_now + SKEW_V2_100);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) Entering MASTER STATE");
}

/* Late by exactly one down interval still counts as on time. */
static void
test_backup_late_timer_boundary(void **state)
{
	to_backup();
	ev(VRRP_EV_MASTER_DOWN, T0 + 2 * MDI_V2_100);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.stats.late_timers, 0);
}

static void
test_master_adver_timer(void **state)
{
	uint64_t now;

	now = to_master() + SEC;
	ev(VRRP_EV_ADVER_TIMER, now);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.adverts_tx_requested, 2);
	/* Slightly late: the next deadline counts from the expired one, so the
	 * wake-up latency does not accumulate; not counted as late. */
	now += SEC + SEC / 2;
	ev(VRRP_EV_ADVER_TIMER, now);
	expect_timer(VRRP_TIMER_ADVER, now - SEC / 2 + SEC);
	assert_int_equal(fsm.stats.late_timers, 0);
	expect_lines(0);
}

static void
test_master_late_adver_timer(void **state)
{
	uint64_t now;

	now = to_master() + SEC; /* the deadline */
	now += 5 * SEC;          /* stopped for 5 s */
	ev(VRRP_EV_ADVER_TIMER, now);
	/* One advert, no burst to catch up. */
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT,
			 VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) advert timer fired 5000 ms late (process stalled?)");
}

/* Priority changes --------------------------------------------------------- */

static void
test_prio_change_backup_moves_timer(void **state)
{
	to_backup();
	/* Up: the down interval shrinks by 100/256 s, and so does the wait. */
	prio(200, T0 + SEC);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_int_equal(fsm.priority, 200);
	assert_int_equal(fsm.master_down_us, 3218750);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3218750);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 200");
	/* Down: it grows again. */
	prio(50, T0 + 2 * SEC);
	assert_int_equal(fsm.master_down_us, 3804687);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3804687);
	expect_lines(1, "(VI_1) Changing effective priority from 200 to 50");
	/* The next reset uses the new interval. */
	rx(200, 100, PEER, T0 + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3 * SEC + 3804687);
}

/* Moving the deadline earlier never moves it into the past. */
static void
test_prio_change_backup_clamps_to_now(void **state)
{
	uint64_t now = T0 + SEC;

	to_backup();
	rx(0, 100, PEER, now);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + SKEW_V2_100);
	prio(254, now + 600000);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 600000);
}

static void
test_prio_change_master_carries_on(void **state)
{
	uint64_t start;

	start = to_master();
	prio(50, start + SEC / 2);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, 0);
	assert_int_equal(fsm.priority, 50);
	expect_timer(VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 50");
	/* An advert at 80 now beats us. */
	rx(80, 100, PEER, start + SEC / 2 + 1);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER,
			 VRRP_TIMER_MASTER_DOWN, start + SEC / 2 + 1 + 3804687);
}

static void
test_prio_change_clamp_same_owner(void **state)
{
	to_backup();
	prio(0, T0 + 1);
	assert_int_equal(fsm.priority, 1);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 1");
	prio(255, T0 + 2);
	assert_int_equal(fsm.priority, 254);
	expect_lines(1, "(VI_1) Changing effective priority from 1 to 254");
	prio(254, T0 + 3);
	expect_lines(0);

	conf.priority = 255;
	to_backup();
	prio(100, T0 + 1);
	assert_int_equal(fsm.priority, 255);
	assert_int_equal(fsm.master_down_us, 3003906);
	expect_lines(0);
}

/*
 * A reload derives the priority again (VRRP_EV_PRIO_RELOAD): logged as
 * keepalived 2.2.7 logs it then, from the configured priority whenever the
 * result differs from it (even unchanged), and not at all when it comes
 * back to the configured one.
 */
static void
test_prio_reload_lines(void **state)
{
	struct vrrp_fsm_out o;

	to_backup();
	prio(90, T0 + 1);
	clear_log();
	/* Unchanged at 90: keepalived's reload line all the same. */
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_PRIO_RELOAD, NULL, 90, T0 + 2, &o), 0);
	assert_int_equal(fsm.priority, 90);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 90");
	/* 90 to 80: from the configured priority, not from 90. */
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_PRIO_RELOAD, NULL, 80, T0 + 3, &o), 0);
	assert_int_equal(fsm.priority, 80);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 80");
	/* Back to the configured 100: no line, the priority moves. */
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_PRIO_RELOAD, NULL, 100, T0 + 4, &o), 0);
	assert_int_equal(fsm.priority, 100);
	expect_lines(0);
	/* The address owner never moves, nor logs. */
	conf.priority = 255;
	to_backup();
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_PRIO_RELOAD, NULL, 90, T0 + 1, &o), 0);
	assert_int_equal(fsm.priority, 255);
	expect_lines(0);
}

/* A priority learnt in Fault is the one used when the fault clears. */
static void
test_prio_change_in_fault(void **state)
{
	to_backup();
	ev(VRRP_EV_FAULT, T0 + SEC);
	prio(200, T0 + 2 * SEC);
	expect_out_timer(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0, VRRP_TIMER_NONE, 0);
	ev(VRRP_EV_FAULT_CLEAR, T0 + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3 * SEC + 3218750);
}

/* Advert phase alignment (vrrp_adver_aligned()) ----------------------------------- */

#define I20 UINT64_C(20000) /* 20 ms */

static void
test_adver_aligned_formula(void **state)
{
	const uint64_t step = I20 / VRRP_ADVER_ALIGN_DIV; /* 200 us */

	/* On the grid: unchanged. */
	assert_int_equal(vrrp_adver_aligned(50 * I20, I20), 50 * I20);
	/* Within a step of the grid: onto it. */
	assert_int_equal(vrrp_adver_aligned(51 * I20 - 1, I20), 51 * I20);
	assert_int_equal(vrrp_adver_aligned(51 * I20 - step, I20), 51 * I20);
	/* Farther: one step later, never more, never earlier. */
	assert_int_equal(vrrp_adver_aligned(50 * I20 + 1, I20), 50 * I20 + 1 + step);
	assert_int_equal(vrrp_adver_aligned(51 * I20 - step - 1, I20), 51 * I20 - 1);
	/* 1 s: 10 ms at most. */
	assert_int_equal(vrrp_adver_aligned(7 * SEC + 1, SEC), 7 * SEC + 1 + 10000);
	/* No interval, and no wrap at the end of time. */
	assert_int_equal(vrrp_adver_aligned(12345, 0), 12345);
	assert_int_equal(vrrp_adver_aligned(UINT64_MAX - 1, I20), UINT64_MAX - 1);
}

/*
 * Master at a phase off the grid: every advert at least one interval after
 * the previous one and at most 1 % of one later, on the grid after at
 * most VRRP_ADVER_ALIGN_DIV adverts, then exactly one interval apart.
 * Returns how many adverts it took.
 */
static unsigned
run_aligned_master(struct vrrp_fsm *f, uint64_t now)
{
	uint64_t prev = now, interval = (uint64_t)f->conf->adver_int_cs * 10000;
	unsigned n = 0, on_grid_at = 0;

	while (n < 3 * VRRP_ADVER_ALIGN_DIV) {
		uint64_t deadline = f->timer_deadline_us;

		assert_int_equal(f->timer, VRRP_TIMER_ADVER);
		assert_true(deadline >= prev + interval);
		assert_true(deadline <= prev + interval + interval / VRRP_ADVER_ALIGN_DIV);
		if (on_grid_at != 0)
			assert_int_equal(deadline, prev + interval);
		if (deadline % interval == 0 && on_grid_at == 0)
			on_grid_at = n + 1;
		assert_int_equal(vrrp_fsm_event(f, VRRP_EV_ADVER_TIMER, NULL, 0, deadline, &out),
				 0);
		assert_int_equal(out.actions, VRRP_ACT_SEND_ADVERT);
		prev = deadline;
		n++;
	}
	assert_true(on_grid_at >= 1 && on_grid_at <= VRRP_ADVER_ALIGN_DIV + 1);
	assert_int_equal(f->stats.late_timers, 0);
	return on_grid_at;
}

static void
test_master_adver_align_converges(void **state)
{
	uint64_t now;

	conf.version = 3;
	conf.adver_int_cs = 2;
	conf.priority = 254;
	init_fsm();
	fsm.adver_align = true;
	ev(VRRP_EV_STARTUP, T0 + 1); /* just past a grid point: the longest way */
	now = fsm.timer_deadline_us;
	ev(VRRP_EV_MASTER_DOWN, now);
	/* The first advert leaves at once, as the RFC wants. */
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_true(fsm.timer_deadline_us >= now + I20 &&
		    fsm.timer_deadline_us <= now + I20 + I20 / VRRP_ADVER_ALIGN_DIV);
	assert_true(run_aligned_master(&fsm, now) >= VRRP_ADVER_ALIGN_DIV - 1);
}

/* Instances that became Master at different phases share their wake-ups. */
static void
test_master_adver_align_shared(void **state)
{
	struct vrrp_instance_conf conf2;
	struct vrrp_fsm f2;
	union vrrp_addr local = addr(local_str);
	uint64_t t2;

	conf.version = 3;
	conf.adver_int_cs = 2;
	conf.priority = 255; /* owners: Master at start-up */
	conf.init_master = true;
	conf2 = conf;
	conf2.vrid = 52;
	init_fsm();
	fsm.adver_align = true;
	vrrp_fsm_init(&f2, &conf2, &local);
	f2.adver_align = true;
	ev(VRRP_EV_STARTUP, T0 + 3 * I20 / 4);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	t2 = T0 + 7 * I20 + 3;
	assert_int_equal(vrrp_fsm_event(&f2, VRRP_EV_STARTUP, NULL, 0, t2, &out), 0);
	assert_int_equal(f2.state, VRRP_STATE_MASTER);
	run_aligned_master(&fsm, T0 + 3 * I20 / 4);
	run_aligned_master(&f2, t2);
	/* Both on the grid: their deadlines differ by whole intervals only. */
	assert_int_equal(fsm.timer_deadline_us % I20, 0);
	assert_int_equal(f2.timer_deadline_us % I20, 0);
}

/* A Master answering a lower priority re-arms on the grid's side too. */
static void
test_master_adver_align_lower_answer(void **state)
{
	uint64_t now;

	conf.adver_int_cs = 100;
	init_fsm();
	fsm.adver_align = true;
	ev(VRRP_EV_STARTUP, T0);
	now = fsm.timer_deadline_us;
	ev(VRRP_EV_MASTER_DOWN, now);
	clear_log();
	now += SEC / 3;
	rx(50, 100, PEER, now);
	assert_int_equal(out.actions & VRRP_ACT_SEND_ADVERT, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(fsm.timer_deadline_us, vrrp_adver_aligned(now + SEC, SEC));
	assert_true(fsm.timer_deadline_us > now + SEC);
	clear_log();
}

/* Without adver_align (the state machine's default) the RFC's exact interval. */
static void
test_master_adver_align_off(void **state)
{
	uint64_t now;

	conf.version = 3;
	conf.adver_int_cs = 2;
	conf.priority = 254;
	init_fsm();
	ev(VRRP_EV_STARTUP, T0 + 1);
	now = fsm.timer_deadline_us;
	ev(VRRP_EV_MASTER_DOWN, now);
	expect_timer(VRRP_TIMER_ADVER, now + I20);
	ev(VRRP_EV_ADVER_TIMER, now + I20);
	expect_timer(VRRP_TIMER_ADVER, now + 2 * I20);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		T(test_skew_and_down_interval),
		T(test_startup_v3_uses_own_interval),
		T(test_down_timer_adverts),
		T(test_backup_v3_learns_interval),
		T(test_backup_v3_lower_advert_not_learned),
		T(test_backup_v2_does_not_learn_interval),
		T(test_v3_master_restores_own_interval),
		T(test_master_v3_learns_interval_on_yield),
		T(test_master_v2_does_not_learn_on_yield),
		T(test_fault_clear_v3_resets_interval),
		T(test_v3_interval_mismatch_counted),
		T(test_preempt_delay_window),
		T(test_preempt_delay_closed_by_higher_advert),
		T(test_backup_late_timer),
		T(test_backup_late_timer_then_takeover),
		T(test_backup_late_timer_boundary),
		T(test_master_adver_timer),
		T(test_master_late_adver_timer),
		T(test_prio_change_backup_moves_timer),
		T(test_prio_change_backup_clamps_to_now),
		T(test_prio_change_master_carries_on),
		T(test_prio_reload_lines),
		T(test_prio_change_clamp_same_owner),
		T(test_prio_change_in_fault),
		T(test_adver_aligned_formula),
		T(test_master_adver_align_converges),
		T(test_master_adver_align_shared),
		T(test_master_adver_align_lower_answer),
		T(test_master_adver_align_off),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
