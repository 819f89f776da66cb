/*
 * Unit tests for the VRRP state machine's states and transitions: every row
 * of its table and every branch of its handlers (start-up, Backup, Master,
 * Fault, Stop, and the events a state does not expect). Each test checks the
 * resulting state, the exact action bits, the timer kind and its deadline to
 * the microsecond, and the exact log lines. Timing itself (the formulas,
 * learned intervals, preempt_delay, late timers and priority changes) is in
 * test_vrrp_fsm_timers.c; the fixture is fsm_fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fsm_fixture.h"

/* Names and initial values ------------------------------------------------- */

static void
test_names(void **state)
{
	/* clang-format off */
	static const char *const states[VRRP_STATE_COUNT_ + 1] = {
		"INIT", "BACKUP", "MASTER", "FAULT", "STOP", "UNKNOWN",
	};
	static const char *const events[VRRP_EV_COUNT_ + 1] = {
		"STARTUP", "SHUTDOWN", "ADVERT", "MASTER_DOWN", "ADVER_TIMER",
		"FAULT", "FAULT_CLEAR", "PRIO_CHANGE", "SYNC_BACKUP", "SYNC_WAIT", "RESIGN",
		"PRIO_RELOAD", "START_FAULT", "UNKNOWN",
	};
	/* clang-format on */
	int i;

	for (i = 0; i <= VRRP_STATE_COUNT_; i++)
		assert_string_equal(vrrp_state_name((enum vrrp_state)i), states[i]);
	for (i = 0; i <= VRRP_EV_COUNT_; i++)
		assert_string_equal(vrrp_event_name((enum vrrp_event)i), events[i]);
}

static void
test_init(void **state)
{
	conf.version = 3;
	conf.adver_int_cs = 50;
	init_fsm();
	assert_int_equal(fsm.state, VRRP_STATE_INIT);
	assert_int_equal(fsm.priority, 100);
	assert_int_equal(fsm.master_adver_int_cs, 50);
	assert_int_equal(fsm.skew_us, 304687);
	assert_int_equal(fsm.master_down_us, 1804687);
	assert_memory_equal(fsm.local_addr.bytes, addr("198.18.0.1").bytes, 4);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_int_equal(vrrp_fsm_timer_event(&fsm), VRRP_EV_COUNT_);
	assert_string_equal(fsm.reason, "not started");
	expect_lines(0);
}

/* Initialize (STARTUP) ----------------------------------------------------- */

static void
test_startup_backup(void **state)
{
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	assert_int_equal(vrrp_fsm_timer_event(&fsm), VRRP_EV_MASTER_DOWN);
	assert_string_equal(out.reason, "startup");
	assert_string_equal(fsm.reason, "startup");
	assert_int_equal(fsm.state_since_us, T0);
	expect_lines(1, "(VI_1) Entering BACKUP STATE (init)");
}

/* keepalived 2.2.7, observed: `state MASTER` below 255 is a plain Backup. */
static void
test_startup_state_master_not_owner(void **state)
{
	conf.init_master = true;
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	expect_lines(1, "(VI_1) Entering BACKUP STATE (init)");
}

static void
test_startup_owner(void **state)
{
	conf.priority = 255;
	conf.init_master = true;
	log_set_detail(true);
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_MASTER, ACT_BECOME_MASTER, VRRP_TIMER_ADVER,
			 T0 + SEC);
	assert_int_equal(vrrp_fsm_timer_event(&fsm), VRRP_EV_ADVER_TIMER);
	assert_string_equal(out.reason, "address owner");
	assert_int_equal(fsm.priority, 255);
	assert_int_equal(fsm.stats.became_master, 1);
	assert_int_equal(fsm.stats.adverts_tx_requested, 1);
	expect_lines(2, "(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE");
}

/* keepalived 2.2.7, observed: an owner without `state MASTER` waits 3.0039 s. */
static void
test_startup_owner_without_state_master(void **state)
{
	conf.priority = 255;
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, T0 + 3003906);
	expect_lines(1, "(VI_1) Entering BACKUP STATE (init)");
}

/* Backup ------------------------------------------------------------------- */

static void
test_backup_timeout_to_master(void **state)
{
	uint64_t now;

	to_backup();
	now = T0 + MDI_V2_100;
	ev(VRRP_EV_MASTER_DOWN, now);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER, VRRP_TIMER_ADVER,
			 now + SEC);
	assert_string_equal(out.reason, "master down timer");
	assert_int_equal(fsm.stats.became_master, 1);
	assert_int_equal(fsm.stats.late_timers, 0);
	expect_lines(1, "(VI_1) Entering MASTER STATE");
}

static void
test_backup_timeout_detail_log(void **state)
{
	to_backup();
	log_set_detail(true);
	ev(VRRP_EV_MASTER_DOWN, T0 + MDI_V2_100);
	expect_lines(2, "(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE");
}

static void
test_backup_higher_advert_resets_timer(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	to_backup();
	rx(200, 100, PEER, now);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_true(fsm.master_known);
	assert_int_equal(fsm.master_priority, 200);
	assert_memory_equal(fsm.master_addr.bytes, addr(PEER).bytes, 4);
	assert_int_equal(fsm.stats.adverts_rx, 1);
	expect_lines(0);
}

static void
test_backup_equal_advert_resets_timer(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	to_backup();
	/* Equal priority from a LOWER address: a backup still defers. */
	rx(100, 100, "198.18.0.0", now);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 now + MDI_V2_100);
	expect_lines(0);
}

static void
test_backup_lower_advert_preempts(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	to_backup();
	rx(50, 100, PEER, now);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	/* Discarded: the timer keeps running from start-up. */
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	assert_int_equal(fsm.master_priority, 50);
	expect_lines(1, "(VI_1) received lower priority (50) advert from 198.18.0.2 - discarding");
	ev(VRRP_EV_MASTER_DOWN, T0 + MDI_V2_100);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
}

static void
test_backup_lower_advert_nopreempt(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	conf.nopreempt = true;
	to_backup();
	rx(50, 100, PEER, now);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 now + MDI_V2_100);
	expect_lines(0);
}

/* The owner always preempts, whatever nopreempt says. */
static void
test_backup_owner_ignores_nopreempt(void **state)
{
	conf.priority = 255;
	conf.nopreempt = true;
	to_backup();
	rx(200, 100, PEER, T0 + SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3003906);
	expect_lines(1, "(VI_1) received lower priority (200) advert from 198.18.0.2 - discarding");
}

static void
test_backup_prio0_skew(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	to_backup();
	log_set_detail(true);
	rx(0, 100, PEER, now);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 now + SKEW_V2_100);
	assert_int_equal(fsm.stats.prio0_rx, 1);
	expect_lines(1, "(VI_1) Backup received priority 0 advertisement");
	/* Without -D keepalived says nothing. */
	log_set_detail(false);
	rx(0, 100, PEER, now + 1);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 1 + SKEW_V2_100);
	expect_lines(0);
}

/* Master ------------------------------------------------------------------- */

static void
test_master_prio0_advert(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 4;
	log_set_detail(true);
	rx(0, 100, PEER, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT,
			 VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.prio0_rx, 1);
	expect_lines(1, "(VI_1) Master received priority 0 message");
}

static void
test_master_higher_advert(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 4;
	rx(200, 100, PEER, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER,
			 VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_string_equal(out.reason, "higher priority advert from 198.18.0.2");
	assert_string_equal(fsm.reason, "higher priority advert from 198.18.0.2");
	assert_int_equal(fsm.stats.released_master, 1);
	assert_true(fsm.master_known);
	assert_int_equal(fsm.master_priority, 200);
	expect_lines(
		2,
		"(VI_1) Master received advert from 198.18.0.2 with higher priority 200, ours 100",
		"(VI_1) Entering BACKUP STATE");
}

static void
test_master_higher_advert_send_first(void **state)
{
	conf.higher_prio_send_advert = true;
	to_master();
	rx(200, 100, PEER, T0 + 5 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER | VRRP_ACT_SEND_ADVERT);
}

static void
test_master_lower_advert(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 4;
	rx(50, 100, PEER, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_MASTER,
			 VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP | VRRP_ACT_NOTIFY_RX_LOWER,
			 VRRP_TIMER_ADVER, now + SEC);
	expect_lines(1, "(VI_1) Received advert from 198.18.0.2 with lower priority 50, ours 100,"
			" forcing new election");
}

/* lower_prio_no_advert: no advert and no timer reset, but GARPs still. */
static void
test_master_lower_advert_no_advert(void **state)
{
	uint64_t start;

	conf.lower_prio_no_advert = true;
	start = to_master();
	rx(50, 100, PEER, start + SEC / 4);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_MASTER,
			 VRRP_ACT_GARP | VRRP_ACT_NOTIFY_RX_LOWER, VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) Received advert from 198.18.0.2 with lower priority 50, ours 100");
}

/*
 * A flood of lower-priority adverts (1,000 a second) gets one answer per
 * advert interval: one advert, one GARP burst, one script; the rest are
 * counted and change nothing, not even the advert timer.
 */
static void
test_master_lower_flood_bounded(void **state)
{
	uint64_t start = to_master(), now = start + SEC / 4;
	unsigned answered = 0, i;

	for (i = 0; i < 2000; i++, now += SEC / 1000) {
		rx(1, 100, PEER, now);
		assert_int_equal(fsm.state, VRRP_STATE_MASTER);
		if (out.actions != 0) {
			assert_int_equal(out.actions, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP |
							      VRRP_ACT_NOTIFY_RX_LOWER);
			answered++;
		}
	}
	/* 2 s of flood, one answer at 0.25 s, 1.25 s: two. */
	assert_int_equal(answered, 2);
	assert_int_equal(fsm.stats.lower_prio_suppressed, 1998);
	/* The last answer re-armed the advert timer; the suppressed ones did not. */
	expect_timer(VRRP_TIMER_ADVER, start + SEC / 4 + SEC + SEC);
	expect_lines(3,
		     "(VI_1) Received advert from 198.18.0.2 with lower priority 1, ours 100,"
		     " forcing new election",
		     "(VI_1) 999 lower priority adverts left unanswered (at most one answer per"
		     " advert interval)",
		     "(VI_1) Received advert from 198.18.0.2 with lower priority 1, ours 100,"
		     " forcing new election");
	/* A higher priority still wins at once, in the middle of the flood. */
	rx(200, 100, PEER, now);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
}

/* Priority 0 adverts: one answer per interval too, bounded apart from the lower ones. */
static void
test_master_prio0_flood_bounded(void **state)
{
	uint64_t now = to_master() + SEC / 4;

	rx(50, 100, PEER, now);
	assert_int_equal(out.actions & VRRP_ACT_SEND_ADVERT, VRRP_ACT_SEND_ADVERT);
	rx(0, 100, PEER, now + 1);
	assert_int_equal(out.actions, VRRP_ACT_SEND_ADVERT);
	rx(0, 100, PEER, now + 2);
	assert_int_equal(out.actions, 0);
	rx(0, 100, PEER, now + 1 + SEC);
	assert_int_equal(out.actions, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(fsm.stats.lower_prio_suppressed, 1);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
}

/* A new term as Master answers the first lower advert at once. */
static void
test_master_lower_bound_new_term(void **state)
{
	uint64_t now = to_master() + SEC / 4;

	rx(50, 100, PEER, now);
	rx(200, 100, PEER, now + 10);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	now = fsm.timer_deadline_us;
	ev(VRRP_EV_MASTER_DOWN, now);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	rx(50, 100, PEER, now + 1);
	assert_int_equal(out.actions & VRRP_ACT_NOTIFY_RX_LOWER, VRRP_ACT_NOTIFY_RX_LOWER);
	assert_int_equal(fsm.stats.lower_prio_suppressed, 0);
}

/* Preempt_Mode is not considered in Master (RFC 5798 6.4.3). */
static void
test_master_ignores_nopreempt(void **state)
{
	conf.nopreempt = true;
	to_master();
	rx(200, 100, PEER, T0 + 5 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
}

static void
test_master_equal_our_address(void **state)
{
	uint64_t start;

	start = to_master();
	rx(100, 100, "198.18.0.1", start + SEC / 4);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_MASTER, 0, VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) WARNING - equal priority advert received from remote host with our"
			" IP address.");
}

/* Equal priority: the higher primary address wins, compared as bytes in
 * network order (198.18.0.255 < 198.18.1.0, unlike a little-endian load). */
static void
test_master_tie_break_ipv4(void **state)
{
	local_str = "198.18.1.0";
	to_master();
	rx(100, 100, "198.18.0.255", T0 + 5 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP);
	expect_lines(1,
		     "(VI_1) Received advert from 198.18.0.255 with lower priority 100, ours 100,"
		     " forcing new election");
	rx(100, 100, "198.18.1.1", T0 + 6 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	assert_string_equal(out.reason, "same priority advert from higher address 198.18.1.1");
	expect_lines(2,
		     "(VI_1) Master received advert from 198.18.1.1 with same priority 100 but"
		     " higher IP address than ours",
		     "(VI_1) Entering BACKUP STATE");
}

static void
test_master_tie_break_ipv6(void **state)
{
	conf.family = AF_INET6;
	conf.version = 3;
	local_str = "fe80::1:0";
	to_master();
	rx(100, 100, "fe80::ff", T0 + 5 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP);
	expect_lines(1, "(VI_1) Received advert from fe80::ff with lower priority 100, ours 100,"
			" forcing new election");
	/* Only the last of 16 bytes differs: all 16 are compared. */
	rx(100, 100, "fe80::1:1", T0 + 6 * SEC);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	expect_lines(2,
		     "(VI_1) Master received advert from fe80::1:1 with same priority 100 but"
		     " higher IP address than ours",
		     "(VI_1) Entering BACKUP STATE");
}

/* Shutdown and Fault ------------------------------------------------------- */

static void
test_shutdown_from_master(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 2;
	log_set_detail(true);
	ev(VRRP_EV_SHUTDOWN, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_STOP, VRRP_ACT_SEND_PRIO0 | ACT_LEAVE_MASTER,
			 VRRP_TIMER_NONE, 0);
	assert_int_equal(vrrp_fsm_timer_event(&fsm), VRRP_EV_COUNT_);
	assert_string_equal(out.reason, "shutdown");
	assert_int_equal(fsm.stats.prio0_tx, 1);
	assert_int_equal(fsm.stats.released_master, 1);
	/* keepalived logs no state line on stopping. */
	expect_lines(1, "(VI_1) sent 0 priority");
}

static void
test_shutdown_from_other_states(void **state)
{
	to_backup();
	ev(VRRP_EV_SHUTDOWN, T0 + SEC);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_STOP, VRRP_ACT_NOTIFY, VRRP_TIMER_NONE, 0);
	assert_string_equal(out.reason, "shutdown");

	to_backup();
	ev(VRRP_EV_FAULT, T0 + SEC);
	clear_log();
	ev(VRRP_EV_SHUTDOWN, T0 + 2 * SEC);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_STOP, VRRP_ACT_NOTIFY);

	init_fsm();
	ev(VRRP_EV_SHUTDOWN, T0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_STOP, VRRP_ACT_NOTIFY);
	assert_int_equal(fsm.stats.prio0_tx, 0);
	expect_lines(0);
}

static void
test_fault_from_master(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 2;
	log_set_detail(true);
	ev(VRRP_EV_FAULT, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_FAULT,
			 VRRP_ACT_SEND_PRIO0 | ACT_LEAVE_MASTER, VRRP_TIMER_NONE, 0);
	assert_string_equal(out.reason, "interface fault");
	assert_int_equal(fsm.stats.prio0_tx, 1);
	expect_lines(2, "(VI_1) Entering FAULT STATE", "(VI_1) sent 0 priority");
}

/*
 * A tracked VIP, route or rule deleted (keepalived 2.2.7, observed): Backup
 * with a priority-0 advert, and the election again after Skew_Time.
 */
static void
test_resign_from_master(void **state)
{
	uint64_t now;

	now = to_master() + SEC / 2;
	log_set_detail(true);
	ev(VRRP_EV_RESIGN, now);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_BACKUP,
			 VRRP_ACT_SEND_PRIO0 | ACT_LEAVE_MASTER, VRRP_TIMER_MASTER_DOWN,
			 now + SKEW_V2_100);
	assert_int_equal(fsm.stats.prio0_tx, 1);
	assert_false(fsm.master_known);
	expect_lines(2, "(VI_1) Entering BACKUP STATE", "(VI_1) sent 0 priority");
	ev(VRRP_EV_MASTER_DOWN, now + SKEW_V2_100);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
}

static void
test_fault_from_backup_and_init(void **state)
{
	to_backup();
	ev(VRRP_EV_FAULT, T0 + SEC);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_FAULT, VRRP_ACT_NOTIFY, VRRP_TIMER_NONE, 0);
	expect_lines(1, "(VI_1) Entering FAULT STATE");

	init_fsm();
	ev(VRRP_EV_FAULT, T0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_FAULT, VRRP_ACT_NOTIFY);
	expect_lines(1, "(VI_1) Entering FAULT STATE (init)");
	/* Clearing it is not start-up any more: no "(init)". */
	ev(VRRP_EV_FAULT_CLEAR, T0 + SEC);
	expect_out_timer(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, T0 + SEC + MDI_V2_100);
	assert_string_equal(out.reason, "fault cleared");
	expect_lines(1, "(VI_1) Entering BACKUP STATE");
}

/*
 * An unweighted script holding the start: keepalived 2.2.7 sits in Fault
 * without a line or a notification, and its first success is a plain
 * "Entering BACKUP STATE".
 */
static void
test_start_fault_is_quiet(void **state)
{
	init_fsm();
	ev(VRRP_EV_START_FAULT, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_FAULT, 0, VRRP_TIMER_NONE, 0);
	expect_lines(0);
	ev(VRRP_EV_FAULT, T0 + SEC);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0);
	expect_lines(0);
	ev(VRRP_EV_FAULT_CLEAR, T0 + 2 * SEC);
	expect_out_timer(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, T0 + 2 * SEC + MDI_V2_100);
	expect_lines(1, "(VI_1) Entering BACKUP STATE");
}

static void
test_fault_ignores_adverts_and_faults(void **state)
{
	to_backup();
	ev(VRRP_EV_FAULT, T0 + SEC);
	clear_log();
	rx(200, 100, PEER, T0 + 2 * SEC);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0);
	ev(VRRP_EV_FAULT, T0 + 3 * SEC);
	expect_out_timer(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0, VRRP_TIMER_NONE, 0);
	assert_false(fsm.master_known);
	assert_int_equal(fsm.stats.unexpected_events, 0);
	assert_int_equal(fsm.stats.adverts_rx, 1);
	expect_lines(0);
}

static void
test_fault_clear_owner(void **state)
{
	conf.priority = 255;
	conf.init_master = true;
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	ev(VRRP_EV_FAULT, T0 + SEC);
	clear_log();
	ev(VRRP_EV_FAULT_CLEAR, T0 + 2 * SEC);
	expect_out_timer(VRRP_STATE_FAULT, VRRP_STATE_MASTER, ACT_BECOME_MASTER, VRRP_TIMER_ADVER,
			 T0 + 3 * SEC);
	assert_string_equal(out.reason, "address owner");
	assert_int_equal(fsm.stats.became_master, 2);
	assert_int_equal(fsm.stats.released_master, 1);
	expect_lines(1, "(VI_1) Entering MASTER STATE");
}

/* "(init)" belongs to start-up only, however often Backup is re-entered. */
static void
test_init_suffix_once(void **state)
{
	uint64_t now;

	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	now = T0 + MDI_V2_100;
	ev(VRRP_EV_MASTER_DOWN, now);
	rx(200, 100, PEER, now + SEC);
	ev(VRRP_EV_FAULT, now + 2 * SEC);
	ev(VRRP_EV_FAULT_CLEAR, now + 3 * SEC);
	expect_lines(
		6, "(VI_1) Entering BACKUP STATE (init)", "(VI_1) Entering MASTER STATE",
		"(VI_1) Master received advert from 198.18.0.2 with higher priority 200, ours 100",
		"(VI_1) Entering BACKUP STATE", "(VI_1) Entering FAULT STATE",
		"(VI_1) Entering BACKUP STATE");
}

/* Unexpected events -------------------------------------------------------- */

static void
enter_state(enum vrrp_state st)
{
	switch (st) {
	case VRRP_STATE_INIT:
		init_fsm();
		break;
	case VRRP_STATE_BACKUP:
		to_backup();
		break;
	case VRRP_STATE_MASTER:
		to_master();
		break;
	case VRRP_STATE_FAULT:
		to_backup();
		ev(VRRP_EV_FAULT, T0 + SEC);
		break;
	default:
		to_backup();
		ev(VRRP_EV_SHUTDOWN, T0 + SEC);
		break;
	}
	assert_int_equal(fsm.state, st);
	clear_log();
}

/* The pairs the table accepts, written out independently of it. */
static bool
expected_pair(enum vrrp_state st, enum vrrp_event e)
{
	if (e == VRRP_EV_ADVERT || e == VRRP_EV_PRIO_CHANGE || e == VRRP_EV_PRIO_RELOAD)
		return true;
	if (e == VRRP_EV_SYNC_BACKUP)
		return st != VRRP_STATE_STOP;
	if (e == VRRP_EV_SYNC_WAIT)
		return st == VRRP_STATE_BACKUP;
	if (e == VRRP_EV_RESIGN)
		return st == VRRP_STATE_MASTER;
	switch (st) {
	case VRRP_STATE_INIT:
		return e == VRRP_EV_STARTUP || e == VRRP_EV_FAULT || e == VRRP_EV_SHUTDOWN ||
		       e == VRRP_EV_START_FAULT;
	case VRRP_STATE_BACKUP:
		return e == VRRP_EV_MASTER_DOWN || e == VRRP_EV_FAULT || e == VRRP_EV_SHUTDOWN;
	case VRRP_STATE_MASTER:
		return e == VRRP_EV_ADVER_TIMER || e == VRRP_EV_FAULT || e == VRRP_EV_SHUTDOWN;
	case VRRP_STATE_FAULT:
		return e == VRRP_EV_FAULT_CLEAR || e == VRRP_EV_FAULT || e == VRRP_EV_SHUTDOWN;
	default:
		return false;
	}
}

static void
test_unexpected_events(void **state)
{
	struct vrrp_fsm_advert adv = { .priority = 100, .adver_int_cs = 100, .src = addr(PEER) };
	char want[128];
	int st, e, unexpected = 0;

	for (st = 0; st < VRRP_STATE_COUNT_; st++) {
		for (e = 0; e < VRRP_EV_COUNT_; e++) {
			enum vrrp_timer_kind kind;
			uint64_t deadline;
			int rc;

			enter_state((enum vrrp_state)st);
			kind = fsm.timer;
			deadline = fsm.timer_deadline_us;
			rc = vrrp_fsm_event(&fsm, (enum vrrp_event)e, &adv, fsm.priority,
					    T0 + 20 * SEC, &out);
			if (expected_pair((enum vrrp_state)st, (enum vrrp_event)e)) {
				assert_int_equal(rc, 0);
				assert_int_equal(fsm.stats.unexpected_events, 0);
				continue;
			}
			unexpected++;
			assert_int_equal(rc, -1);
			expect_out((enum vrrp_state)st, (enum vrrp_state)st, 0);
			assert_null(out.reason);
			expect_timer(kind, deadline);
			assert_int_equal(fsm.stats.unexpected_events, 1);
			snprintf(want, sizeof(want), "(VI_1) unexpected event %s in state %s",
				 vrrp_event_name((enum vrrp_event)e),
				 vrrp_state_name((enum vrrp_state)st));
			expect_lines(1, want);
		}
	}
	/* INIT 5, BACKUP 5, MASTER 5, FAULT 6, STOP 10 (RESIGN: Master only). */
	assert_int_equal(unexpected, 31);
}

static void
test_advert_without_advert(void **state)
{
	to_backup();
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_ADVERT, NULL, 0, T0 + 1, &out), -1);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 T0 + MDI_V2_100);
	assert_int_equal(fsm.stats.unexpected_events, 1);
	assert_int_equal(fsm.stats.adverts_rx, 0);
	expect_lines(1, "(VI_1) unexpected event ADVERT in state BACKUP (no advert)");
}

/* Adverts in INIT and STOP are stale socket contents: ignored silently. */
static void
test_adverts_ignored_in_init_and_stop(void **state)
{
	enter_state(VRRP_STATE_INIT);
	rx(200, 100, PEER, T0);
	expect_out_timer(VRRP_STATE_INIT, VRRP_STATE_INIT, 0, VRRP_TIMER_NONE, 0);
	enter_state(VRRP_STATE_STOP);
	rx(0, 100, PEER, T0 + 2 * SEC);
	expect_out_timer(VRRP_STATE_STOP, VRRP_STATE_STOP, 0, VRRP_TIMER_NONE, 0);
	assert_int_equal(fsm.stats.unexpected_events, 0);
	expect_lines(0);
}

/*
 * Sync group (issue 13): a Master taken to Backup by another member is a
 * row of the table, not a hand-written transition: VIPs go, no priority-0
 * advert, a full down timer, the known Master forgotten. In any other
 * state the event means nothing.
 */
static void
test_sync_backup(void **state)
{
	uint64_t now = to_master() + 2 * SEC;

	rx(50, 100, PEER, now - SEC);
	clear_log();
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_SYNC_BACKUP, NULL, 0, now, &out), 0);
	expect_out_timer(VRRP_STATE_MASTER, VRRP_STATE_BACKUP,
			 VRRP_ACT_VIPS_DEL | VRRP_ACT_GARP_STOP | VRRP_ACT_NOTIFY,
			 VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_string_equal(out.reason, "sync group");
	assert_false(fsm.master_known);
	assert_int_equal(fsm.stats.released_master, 1);
	assert_int_equal(fsm.stats.prio0_tx, 0);
	expect_lines(1, "(VI_1) Entering BACKUP STATE");
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_SYNC_BACKUP, NULL, 0, now + 1, &out), 0);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 now + MDI_V2_100);
	assert_int_equal(fsm.stats.unexpected_events, 0);
	expect_lines(0);
}

/* Sync group: a timed-out member the group holds back waits a whole down interval more. */
static void
test_sync_wait(void **state)
{
	uint64_t now;

	to_backup();
	now = fsm.timer_deadline_us;
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_SYNC_WAIT, NULL, 0, now, &out), 0);
	expect_out_timer(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0, VRRP_TIMER_MASTER_DOWN,
			 now + MDI_V2_100);
	expect_lines(0);
	/* The order of timers due together: moved, never started. */
	assert_int_equal(vrrp_fsm_retime(&fsm, now + 5), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 5);
	ev(VRRP_EV_SHUTDOWN, now + 1);
	assert_int_equal(vrrp_fsm_retime(&fsm, now + 6), -1);
	expect_timer(VRRP_TIMER_NONE, 0);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		T(test_names),
		T(test_sync_backup),
		T(test_sync_wait),
		T(test_init),
		T(test_startup_backup),
		T(test_startup_state_master_not_owner),
		T(test_startup_owner),
		T(test_startup_owner_without_state_master),
		T(test_backup_timeout_to_master),
		T(test_backup_timeout_detail_log),
		T(test_backup_higher_advert_resets_timer),
		T(test_backup_equal_advert_resets_timer),
		T(test_backup_lower_advert_preempts),
		T(test_backup_lower_advert_nopreempt),
		T(test_backup_owner_ignores_nopreempt),
		T(test_backup_prio0_skew),
		T(test_master_prio0_advert),
		T(test_master_higher_advert),
		T(test_master_higher_advert_send_first),
		T(test_master_lower_advert),
		T(test_master_lower_advert_no_advert),
		T(test_master_lower_flood_bounded),
		T(test_master_prio0_flood_bounded),
		T(test_master_lower_bound_new_term),
		T(test_master_ignores_nopreempt),
		T(test_master_equal_our_address),
		T(test_master_tie_break_ipv4),
		T(test_master_tie_break_ipv6),
		T(test_shutdown_from_master),
		T(test_shutdown_from_other_states),
		T(test_fault_from_master),
		T(test_resign_from_master),
		T(test_fault_from_backup_and_init),
		T(test_start_fault_is_quiet),
		T(test_fault_ignores_adverts_and_faults),
		T(test_fault_clear_owner),
		T(test_init_suffix_once),
		T(test_unexpected_events),
		T(test_advert_without_advert),
		T(test_adverts_ignored_in_init_and_stop),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
