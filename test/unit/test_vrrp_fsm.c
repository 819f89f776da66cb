/*
 * Unit tests for the VRRP state machine: every row of its table and every
 * branch of its handlers, driven with a fake clock. Each test checks the
 * resulting state, the exact action bits, the timer kind and its deadline to
 * the microsecond, and the exact log lines (captured through log_set_sink).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/vrrp_fsm.h"
#include "lib/log.h"

#define T0 UINT64_C(1000000000) /* an arbitrary "now", 1000 s after boot */
#define SEC UINT64_C(1000000)
#define MDI_V2_100 UINT64_C(3609375) /* 3 s + 156/256 s */
#define SKEW_V2_100 UINT64_C(609375)

#define ACT_BECOME_MASTER (VRRP_ACT_SEND_ADVERT | VRRP_ACT_VIPS_ADD | VRRP_ACT_GARP | VRRP_ACT_NOTIFY)
#define ACT_LEAVE_MASTER (VRRP_ACT_VIPS_DEL | VRRP_ACT_GARP_STOP | VRRP_ACT_NOTIFY)

/* Captured log lines ----------------------------------------------------- */

#define MAX_LINES 16
static char log_lines[MAX_LINES][256];
static int log_count;

static void
capture(int priority, const char *line, void *arg)
{
	(void)priority;
	(void)arg;
	if (log_count < MAX_LINES)
		snprintf(log_lines[log_count], sizeof(log_lines[0]), "%s", line);
	log_count++;
}

static void
clear_log(void)
{
	log_count = 0;
}

/* Exactly these lines were logged since the last clear_log(). */
static void
expect_lines(int n, ...)
{
	va_list ap;
	int i;

	assert_int_equal(log_count, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(log_lines[i], va_arg(ap, const char *));
	va_end(ap);
	clear_log();
}

/* Fixture ----------------------------------------------------------------- */

static struct vrrp_instance_conf conf;
static struct vrrp_fsm fsm;
static struct vrrp_fsm_out out;
static const char *local_str;

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof(conf));
	snprintf(conf.name, sizeof(conf.name), "VI_1");
	snprintf(conf.ifname, sizeof(conf.ifname), "eth0");
	conf.family = AF_INET;
	conf.vrid = 51;
	conf.version = 2;
	conf.priority = 100;
	conf.adver_int_cs = 100;
	conf.down_timer_adverts = 3;
	local_str = "198.18.0.1";
	clear_log();
	log_set_sink(capture, NULL);
	log_set_detail(false);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_set_sink(NULL, NULL);
	log_set_detail(false);
	return 0;
}

static union vrrp_addr
addr(const char *s)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, s, &a), 1);
	return a;
}

static void
init_fsm(void)
{
	union vrrp_addr local = addr(local_str);

	vrrp_fsm_init(&fsm, &conf, &local);
}

static int
ev(enum vrrp_event e, uint64_t now)
{
	return vrrp_fsm_event(&fsm, e, NULL, 0, now, &out);
}

static int
rx(uint8_t prio, uint16_t int_cs, const char *src, uint64_t now)
{
	struct vrrp_fsm_advert adv = { .priority = prio, .adver_int_cs = int_cs, .src = addr(src) };

	return vrrp_fsm_event(&fsm, VRRP_EV_ADVERT, &adv, 0, now, &out);
}

static int
prio(uint8_t p, uint64_t now)
{
	return vrrp_fsm_event(&fsm, VRRP_EV_PRIO_CHANGE, NULL, p, now, &out);
}

static void
expect_out(enum vrrp_state from, enum vrrp_state to, uint32_t actions)
{
	assert_int_equal(out.from, from);
	assert_int_equal(out.to, to);
	assert_int_equal(fsm.state, to);
	assert_int_equal(out.actions, actions);
}

static void
expect_timer(enum vrrp_timer_kind kind, uint64_t deadline)
{
	assert_int_equal(fsm.timer, kind);
	assert_int_equal(fsm.timer_deadline_us, deadline);
}

/* Start at T0 into Backup, then time out into Master at T0 + MDI. */
static uint64_t
to_backup(void)
{
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	clear_log();
	return T0;
}

static uint64_t
to_master(void)
{
	uint64_t now;

	to_backup();
	now = fsm.timer_deadline_us;
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, now), 0);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	clear_log();
	return now;
}

/* Formulas ---------------------------------------------------------------- */

static void
test_skew_and_down_interval(void **state)
{
	(void)state;
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
test_names(void **state)
{
	(void)state;
	assert_string_equal(vrrp_state_name(VRRP_STATE_INIT), "INIT");
	assert_string_equal(vrrp_state_name(VRRP_STATE_BACKUP), "BACKUP");
	assert_string_equal(vrrp_state_name(VRRP_STATE_MASTER), "MASTER");
	assert_string_equal(vrrp_state_name(VRRP_STATE_FAULT), "FAULT");
	assert_string_equal(vrrp_state_name(VRRP_STATE_STOP), "STOP");
	assert_string_equal(vrrp_state_name(VRRP_STATE_COUNT_), "UNKNOWN");
	assert_string_equal(vrrp_event_name(VRRP_EV_STARTUP), "STARTUP");
	assert_string_equal(vrrp_event_name(VRRP_EV_SHUTDOWN), "SHUTDOWN");
	assert_string_equal(vrrp_event_name(VRRP_EV_ADVERT), "ADVERT");
	assert_string_equal(vrrp_event_name(VRRP_EV_MASTER_DOWN), "MASTER_DOWN");
	assert_string_equal(vrrp_event_name(VRRP_EV_ADVER_TIMER), "ADVER_TIMER");
	assert_string_equal(vrrp_event_name(VRRP_EV_FAULT), "FAULT");
	assert_string_equal(vrrp_event_name(VRRP_EV_FAULT_CLEAR), "FAULT_CLEAR");
	assert_string_equal(vrrp_event_name(VRRP_EV_PRIO_CHANGE), "PRIO_CHANGE");
	assert_string_equal(vrrp_event_name(VRRP_EV_COUNT_), "UNKNOWN");
}

static void
test_init(void **state)
{
	(void)state;
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

/* Initialize (STARTUP) ---------------------------------------------------- */

static void
test_startup_backup(void **state)
{
	(void)state;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
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
	(void)state;
	conf.init_master = true;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	expect_lines(1, "(VI_1) Entering BACKUP STATE (init)");
}

static void
test_startup_owner(void **state)
{
	(void)state;
	conf.priority = 255;
	conf.init_master = true;
	log_set_detail(true);
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	expect_timer(VRRP_TIMER_ADVER, T0 + SEC);
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
	(void)state;
	conf.priority = 255;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3003906);
	expect_lines(1, "(VI_1) Entering BACKUP STATE (init)");
}

static void
test_startup_v3_uses_own_interval(void **state)
{
	(void)state;
	conf.version = 3;
	conf.adver_int_cs = 50;
	conf.priority = 254;
	init_fsm();
	fsm.master_adver_int_cs = 300; /* stale value must not survive start-up */
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	assert_int_equal(fsm.master_adver_int_cs, 50);
	/* 3 * 0.5 s + 2 * 50 cs * 10000 / 256 = 1500000 + 3906 */
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 1503906);
}

static void
test_down_timer_adverts(void **state)
{
	(void)state;
	conf.down_timer_adverts = 5;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 5609375);
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + SEC + 5609375);
}

/* Backup ------------------------------------------------------------------ */

static void
test_backup_timeout_to_master(void **state)
{
	uint64_t now;

	(void)state;
	to_backup();
	now = T0 + MDI_V2_100;
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_string_equal(out.reason, "master down timer");
	assert_int_equal(fsm.stats.became_master, 1);
	assert_int_equal(fsm.stats.late_timers, 0);
	expect_lines(1, "(VI_1) Entering MASTER STATE");
}

static void
test_backup_timeout_detail_log(void **state)
{
	(void)state;
	to_backup();
	log_set_detail(true);
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, T0 + MDI_V2_100), 0);
	expect_lines(2, "(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE");
}

static void
test_backup_higher_advert_resets_timer(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	(void)state;
	to_backup();
	assert_int_equal(rx(200, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_true(fsm.master_known);
	assert_int_equal(fsm.master_priority, 200);
	assert_memory_equal(fsm.master_addr.bytes, addr("198.18.0.2").bytes, 4);
	assert_int_equal(fsm.stats.adverts_rx, 1);
	expect_lines(0);
}

static void
test_backup_equal_advert_resets_timer(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	(void)state;
	to_backup();
	/* Equal priority from a LOWER address: a backup still defers. */
	assert_int_equal(rx(100, 100, "198.18.0.0", now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	expect_lines(0);
}

static void
test_backup_lower_advert_preempts(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	(void)state;
	to_backup();
	assert_int_equal(rx(50, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	/* Discarded: the timer keeps running from start-up. */
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	assert_int_equal(fsm.master_priority, 50);
	expect_lines(1, "(VI_1) received lower priority (50) advert from 198.18.0.2 - discarding");
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, T0 + MDI_V2_100), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
}

static void
test_backup_lower_advert_nopreempt(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	(void)state;
	conf.nopreempt = true;
	to_backup();
	assert_int_equal(rx(50, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	expect_lines(0);
}

/* The owner always preempts, whatever nopreempt says. */
static void
test_backup_owner_ignores_nopreempt(void **state)
{
	(void)state;
	conf.priority = 255;
	conf.nopreempt = true;
	to_backup();
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3003906);
	expect_lines(1, "(VI_1) received lower priority (200) advert from 198.18.0.2 - discarding");
}

static void
test_backup_prio0_skew(void **state)
{
	uint64_t now = T0 + 2 * SEC;

	(void)state;
	to_backup();
	log_set_detail(true);
	assert_int_equal(rx(0, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + SKEW_V2_100);
	assert_int_equal(fsm.stats.prio0_rx, 1);
	expect_lines(1, "(VI_1) Backup received priority 0 advertisement");
	/* Without -D keepalived says nothing. */
	log_set_detail(false);
	assert_int_equal(rx(0, 100, "198.18.0.2", now + 1), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 1 + SKEW_V2_100);
	expect_lines(0);
}

static void
test_backup_v3_learns_interval(void **state)
{
	uint64_t now = T0 + SEC;

	(void)state;
	conf.version = 3;
	to_backup();
	log_set_detail(true);
	assert_int_equal(rx(200, 200, "198.18.0.2", now), 0);
	assert_int_equal(fsm.master_adver_int_cs, 200);
	assert_int_equal(fsm.skew_us, 1218750);
	assert_int_equal(fsm.master_down_us, 7218750);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 7218750);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 1);
	expect_lines(1, "(VI_1) advertisement interval updated from 1000ms to 2000ms by master");
	/* Same interval again: nothing to log. */
	assert_int_equal(rx(200, 200, "198.18.0.2", now + 2 * SEC), 0);
	expect_lines(0);
	/* Skew_Time for a priority 0 advert uses the learned interval too. */
	assert_int_equal(rx(0, 200, "198.18.0.2", now + 3 * SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 3 * SEC + 1218750);
	expect_lines(1, "(VI_1) Backup received priority 0 advertisement");
	/* A zero interval (rejected upstream) never becomes the MAI. */
	assert_int_equal(rx(200, 0, "198.18.0.2", now + 4 * SEC), 0);
	assert_int_equal(fsm.master_adver_int_cs, 200);
}

/* A discarded (lower, preemptable) advert teaches nothing. */
static void
test_backup_v3_lower_advert_not_learned(void **state)
{
	(void)state;
	conf.version = 3;
	to_backup();
	assert_int_equal(rx(50, 300, "198.18.0.2", T0 + SEC), 0);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
}

static void
test_backup_v2_does_not_learn_interval(void **state)
{
	uint64_t now = T0 + SEC;

	(void)state;
	to_backup();
	assert_int_equal(rx(200, 200, "198.18.0.2", now), 0);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 0);
	expect_lines(0);
}

static void
test_v3_master_restores_own_interval(void **state)
{
	uint64_t now = T0 + SEC;

	(void)state;
	conf.version = 3;
	to_backup();
	assert_int_equal(rx(200, 200, "198.18.0.2", now), 0);
	log_set_detail(true);
	now += 7218750;
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	assert_int_equal(fsm.master_down_us, MDI_V2_100);
	/* The Adver_Timer is our own interval, never the learned one. */
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	expect_lines(3, "(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE",
		     "(VI_1) changing advert interval from 2000ms to locally configured 1000ms");
}

/* preempt_delay, as keepalived 2.2.7 runs it. */
static void
test_preempt_delay_window(void **state)
{
	uint64_t mdi200 = 3218750, t1, i;

	(void)state;
	conf.priority = 200;
	conf.preempt_delay_us = 3 * SEC;
	to_backup();
	log_set_detail(true);
	/* A higher master for 10 s: no window opens, nothing logged. */
	for (i = 1; i <= 10; i++)
		assert_int_equal(rx(250, 100, "198.18.0.2", T0 + i * SEC), 0);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(0);

	/* Its priority drops: the window opens now, not at start-up. */
	t1 = T0 + 10 * SEC + SEC / 2;
	assert_int_equal(rx(50, 100, "198.18.0.2", t1), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_int_equal(fsm.preempt_until_us, t1 + 3 * SEC);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + mdi200);
	expect_lines(1, "(VI_1) start preempt delay (3.000000)");
	assert_int_equal(rx(50, 100, "198.18.0.2", t1 + SEC), 0);
	assert_int_equal(rx(50, 100, "198.18.0.2", t1 + 2 * SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 2 * SEC + mdi200);
	expect_lines(0);

	/* At the end of the window the lower advert is discarded. */
	assert_int_equal(rx(50, 100, "198.18.0.2", t1 + 3 * SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 2 * SEC + mdi200);
	expect_lines(1, "(VI_1) received lower priority (50) advert from 198.18.0.2 - discarding");
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, t1 + 2 * SEC + mdi200), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.preempt_until_us, t1 + 3 * SEC);
	/* Entering Backup again closes the window. */
	assert_int_equal(rx(255, 100, "198.18.0.3", t1 + 10 * SEC), 0);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(fsm.preempt_until_us, 0);
}

static void
test_preempt_delay_closed_by_higher_advert(void **state)
{
	uint64_t t1 = T0 + SEC;

	(void)state;
	conf.priority = 200;
	conf.preempt_delay_us = 2 * SEC + 500000;
	to_backup();
	log_set_detail(true);
	assert_int_equal(rx(50, 100, "198.18.0.2", t1), 0);
	expect_lines(1, "(VI_1) start preempt delay (2.500000)");
	assert_int_equal(rx(250, 100, "198.18.0.3", t1 + SEC), 0);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(1, "(VI_1) stop preempt delay");
	/* A later lower master gets a fresh window, and resets the timer. */
	assert_int_equal(rx(50, 100, "198.18.0.2", t1 + 10 * SEC), 0);
	assert_int_equal(fsm.preempt_until_us, t1 + 10 * SEC + 2 * SEC + 500000);
	expect_timer(VRRP_TIMER_MASTER_DOWN, t1 + 10 * SEC + 3218750);
	expect_lines(1, "(VI_1) start preempt delay (2.500000)");
	/* The detail lines need -D. */
	log_set_detail(false);
	assert_int_equal(rx(250, 100, "198.18.0.3", t1 + 11 * SEC), 0);
	assert_int_equal(fsm.preempt_until_us, 0);
	expect_lines(0);
}

/*
 * The process was stopped for longer than the down interval. Adverts queued
 * meanwhile come first and keep us Backup; with none, a very late timer
 * waits Skew_Time more instead of taking over at once.
 */
static void
test_backup_late_timer(void **state)
{
	uint64_t late_now = T0 + 2 * MDI_V2_100 + 1;

	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, late_now), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_MASTER_DOWN, late_now + SKEW_V2_100);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) master down timer fired 3609 ms late (process stalled?),"
			" waiting 609375 us more for an advert");
	/* A master's advert right after the thaw: no flap. */
	assert_int_equal(rx(200, 100, "198.18.0.2", late_now + 1000), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, late_now + 1000 + MDI_V2_100);
}

static void
test_backup_late_timer_then_takeover(void **state)
{
	uint64_t late_now = T0 + 10 * SEC;

	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, late_now), 0);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	clear_log();
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, late_now + SKEW_V2_100), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) Entering MASTER STATE");
}

/* Late by exactly one down interval still counts as on time. */
static void
test_backup_late_timer_boundary(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, T0 + 2 * MDI_V2_100), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	assert_int_equal(fsm.stats.late_timers, 0);
}

/* Master ------------------------------------------------------------------ */

static void
test_master_adver_timer(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC;
	assert_int_equal(ev(VRRP_EV_ADVER_TIMER, now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT);
	assert_null(out.reason);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.adverts_tx_requested, 2);
	/* Slightly late: re-armed from now, not counted. */
	now += SEC + SEC / 2;
	assert_int_equal(ev(VRRP_EV_ADVER_TIMER, now), 0);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.late_timers, 0);
	expect_lines(0);
}

static void
test_master_late_adver_timer(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC; /* the deadline */
	now += 5 * SEC;          /* stopped for 5 s */
	assert_int_equal(ev(VRRP_EV_ADVER_TIMER, now), 0);
	/* One advert, no burst to catch up. */
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.late_timers, 1);
	expect_lines(1, "(VI_1) advert timer fired 5000 ms late (process stalled?)");
}

static void
test_master_prio0_advert(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 4;
	log_set_detail(true);
	assert_int_equal(rx(0, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	assert_int_equal(fsm.stats.prio0_rx, 1);
	expect_lines(1, "(VI_1) Master received priority 0 message");
}

static void
test_master_higher_advert(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 4;
	assert_int_equal(rx(200, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
	assert_string_equal(out.reason, "higher priority advert from 198.18.0.2");
	assert_string_equal(fsm.reason, "higher priority advert from 198.18.0.2");
	assert_int_equal(fsm.stats.released_master, 1);
	assert_true(fsm.master_known);
	assert_int_equal(fsm.master_priority, 200);
	expect_lines(2, "(VI_1) Master received advert from 198.18.0.2 with higher priority 200, ours 100",
		     "(VI_1) Entering BACKUP STATE");
}

static void
test_master_higher_advert_send_first(void **state)
{
	(void)state;
	conf.higher_prio_send_advert = true;
	to_master();
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + 5 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER | VRRP_ACT_SEND_ADVERT);
}

static void
test_master_lower_advert(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 4;
	assert_int_equal(rx(50, 100, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP);
	expect_timer(VRRP_TIMER_ADVER, now + SEC);
	expect_lines(1, "(VI_1) Received advert from 198.18.0.2 with lower priority 50, ours 100,"
			" forcing new election");
}

/* lower_prio_no_advert: no advert and no timer reset, but GARPs still. */
static void
test_master_lower_advert_no_advert(void **state)
{
	uint64_t start;

	(void)state;
	conf.lower_prio_no_advert = true;
	start = to_master();
	assert_int_equal(rx(50, 100, "198.18.0.2", start + SEC / 4), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_GARP);
	expect_timer(VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) Received advert from 198.18.0.2 with lower priority 50, ours 100");
}

/* Preempt_Mode is not considered in Master (RFC 5798 6.4.3). */
static void
test_master_ignores_nopreempt(void **state)
{
	(void)state;
	conf.nopreempt = true;
	to_master();
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + 5 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
}

static void
test_master_equal_our_address(void **state)
{
	uint64_t start;

	(void)state;
	start = to_master();
	assert_int_equal(rx(100, 100, "198.18.0.1", start + SEC / 4), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, 0);
	expect_timer(VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) WARNING - equal priority advert received from remote host with our"
			" IP address.");
}

/* Equal priority: the higher primary address wins, compared as bytes in
 * network order (198.18.0.255 < 198.18.1.0, unlike a little-endian load). */
static void
test_master_tie_break_ipv4(void **state)
{
	(void)state;
	local_str = "198.18.1.0";
	to_master();
	assert_int_equal(rx(100, 100, "198.18.0.255", T0 + 5 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP);
	expect_lines(1, "(VI_1) Received advert from 198.18.0.255 with lower priority 100, ours 100,"
			" forcing new election");
	assert_int_equal(rx(100, 100, "198.18.1.1", T0 + 6 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	assert_string_equal(out.reason, "same priority advert from higher address 198.18.1.1");
	expect_lines(2, "(VI_1) Master received advert from 198.18.1.1 with same priority 100 but"
			" higher IP address than ours",
		     "(VI_1) Entering BACKUP STATE");
}

static void
test_master_tie_break_ipv6(void **state)
{
	(void)state;
	conf.family = AF_INET6;
	conf.version = 3;
	local_str = "fe80::1:0";
	to_master();
	assert_int_equal(rx(100, 100, "fe80::ff", T0 + 5 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, VRRP_ACT_SEND_ADVERT | VRRP_ACT_GARP);
	expect_lines(1, "(VI_1) Received advert from fe80::ff with lower priority 100, ours 100,"
			" forcing new election");
	/* Only the last of 16 bytes differs: all 16 are compared. */
	assert_int_equal(rx(100, 100, "fe80::1:1", T0 + 6 * SEC), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	expect_lines(2, "(VI_1) Master received advert from fe80::1:1 with same priority 100 but"
			" higher IP address than ours",
		     "(VI_1) Entering BACKUP STATE");
}

static void
test_master_v3_learns_interval_on_yield(void **state)
{
	uint64_t now;

	(void)state;
	conf.version = 3;
	now = to_master() + SEC / 4;
	assert_int_equal(rx(200, 300, "198.18.0.2", now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	assert_int_equal(fsm.master_adver_int_cs, 300);
	/* 3 * 3 s + 156 * 300 * 10000 / 256 */
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 10828125);
}

static void
test_master_v2_does_not_learn_on_yield(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 4;
	assert_int_equal(rx(200, 300, "198.18.0.2", now), 0);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + MDI_V2_100);
}

/* Shutdown and Fault ------------------------------------------------------ */

static void
test_shutdown_from_master(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 2;
	log_set_detail(true);
	assert_int_equal(ev(VRRP_EV_SHUTDOWN, now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_STOP, VRRP_ACT_SEND_PRIO0 | ACT_LEAVE_MASTER);
	expect_timer(VRRP_TIMER_NONE, 0);
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
	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_SHUTDOWN, T0 + SEC), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_STOP, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_string_equal(out.reason, "shutdown");

	to_backup();
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
	clear_log();
	assert_int_equal(ev(VRRP_EV_SHUTDOWN, T0 + 2 * SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_STOP, VRRP_ACT_NOTIFY);

	init_fsm();
	assert_int_equal(ev(VRRP_EV_SHUTDOWN, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_STOP, VRRP_ACT_NOTIFY);
	assert_int_equal(fsm.stats.prio0_tx, 0);
	expect_lines(0);
}

static void
test_fault_from_master(void **state)
{
	uint64_t now;

	(void)state;
	now = to_master() + SEC / 2;
	log_set_detail(true);
	assert_int_equal(ev(VRRP_EV_FAULT, now), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_FAULT, VRRP_ACT_SEND_PRIO0 | ACT_LEAVE_MASTER);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_string_equal(out.reason, "interface fault");
	assert_int_equal(fsm.stats.prio0_tx, 1);
	expect_lines(2, "(VI_1) Entering FAULT STATE", "(VI_1) sent 0 priority");
}

static void
test_fault_from_backup_and_init(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_FAULT, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_NONE, 0);
	expect_lines(1, "(VI_1) Entering FAULT STATE");

	init_fsm();
	assert_int_equal(ev(VRRP_EV_FAULT, T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_FAULT, VRRP_ACT_NOTIFY);
	expect_lines(1, "(VI_1) Entering FAULT STATE (init)");
	/* Clearing it is not start-up any more: no "(init)". */
	assert_int_equal(ev(VRRP_EV_FAULT_CLEAR, T0 + SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, VRRP_ACT_NOTIFY);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + SEC + MDI_V2_100);
	assert_string_equal(out.reason, "fault cleared");
	expect_lines(1, "(VI_1) Entering BACKUP STATE");
}

static void
test_fault_ignores_adverts_and_faults(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
	clear_log();
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + 2 * SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0);
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + 3 * SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_false(fsm.master_known);
	assert_int_equal(fsm.stats.unexpected_events, 0);
	assert_int_equal(fsm.stats.adverts_rx, 1);
	expect_lines(0);
}

static void
test_fault_clear_v3_resets_interval(void **state)
{
	uint64_t now = T0 + SEC;

	(void)state;
	conf.version = 3;
	to_backup();
	assert_int_equal(rx(200, 200, "198.18.0.2", now), 0);
	assert_int_equal(ev(VRRP_EV_FAULT, now + SEC), 0);
	assert_int_equal(ev(VRRP_EV_FAULT_CLEAR, now + 2 * SEC), 0);
	assert_int_equal(fsm.master_adver_int_cs, 100);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 2 * SEC + MDI_V2_100);
}

static void
test_fault_clear_owner(void **state)
{
	(void)state;
	conf.priority = 255;
	conf.init_master = true;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
	clear_log();
	assert_int_equal(ev(VRRP_EV_FAULT_CLEAR, T0 + 2 * SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_MASTER, ACT_BECOME_MASTER);
	expect_timer(VRRP_TIMER_ADVER, T0 + 3 * SEC);
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

	(void)state;
	init_fsm();
	assert_int_equal(ev(VRRP_EV_STARTUP, T0), 0);
	now = T0 + MDI_V2_100;
	assert_int_equal(ev(VRRP_EV_MASTER_DOWN, now), 0);
	assert_int_equal(rx(200, 100, "198.18.0.2", now + SEC), 0);
	assert_int_equal(ev(VRRP_EV_FAULT, now + 2 * SEC), 0);
	assert_int_equal(ev(VRRP_EV_FAULT_CLEAR, now + 3 * SEC), 0);
	expect_lines(6, "(VI_1) Entering BACKUP STATE (init)", "(VI_1) Entering MASTER STATE",
		     "(VI_1) Master received advert from 198.18.0.2 with higher priority 200, ours 100",
		     "(VI_1) Entering BACKUP STATE", "(VI_1) Entering FAULT STATE",
		     "(VI_1) Entering BACKUP STATE");
}

/* Priority changes -------------------------------------------------------- */

static void
test_prio_change_backup_moves_timer(void **state)
{
	(void)state;
	to_backup();
	/* Up: the down interval shrinks by 100/256 s, and so does the wait. */
	assert_int_equal(prio(200, T0 + SEC), 0);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	assert_int_equal(fsm.priority, 200);
	assert_int_equal(fsm.master_down_us, 3218750);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3218750);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 200");
	/* Down: it grows again. */
	assert_int_equal(prio(50, T0 + 2 * SEC), 0);
	assert_int_equal(fsm.master_down_us, 3804687);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3804687);
	expect_lines(1, "(VI_1) Changing effective priority from 200 to 50");
	/* The next reset uses the new interval. */
	assert_int_equal(rx(200, 100, "198.18.0.2", T0 + 3 * SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3 * SEC + 3804687);
}

/* Moving the deadline earlier never moves it into the past. */
static void
test_prio_change_backup_clamps_to_now(void **state)
{
	uint64_t now = T0 + SEC;

	(void)state;
	to_backup();
	assert_int_equal(rx(0, 100, "198.18.0.2", now), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + SKEW_V2_100);
	assert_int_equal(prio(254, now + 600000), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, now + 600000);
}

static void
test_prio_change_master_carries_on(void **state)
{
	uint64_t start;

	(void)state;
	start = to_master();
	assert_int_equal(prio(50, start + SEC / 2), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_MASTER, 0);
	assert_int_equal(fsm.priority, 50);
	expect_timer(VRRP_TIMER_ADVER, start + SEC);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 50");
	/* An advert at 80 now beats us. */
	assert_int_equal(rx(80, 100, "198.18.0.2", start + SEC / 2 + 1), 0);
	expect_out(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, ACT_LEAVE_MASTER);
	expect_timer(VRRP_TIMER_MASTER_DOWN, start + SEC / 2 + 1 + 3804687);
}

static void
test_prio_change_clamp_same_owner(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(prio(0, T0 + 1), 0);
	assert_int_equal(fsm.priority, 1);
	expect_lines(1, "(VI_1) Changing effective priority from 100 to 1");
	assert_int_equal(prio(255, T0 + 2), 0);
	assert_int_equal(fsm.priority, 254);
	expect_lines(1, "(VI_1) Changing effective priority from 1 to 254");
	assert_int_equal(prio(254, T0 + 3), 0);
	expect_lines(0);

	conf.priority = 255;
	to_backup();
	assert_int_equal(prio(100, T0 + 1), 0);
	assert_int_equal(fsm.priority, 255);
	assert_int_equal(fsm.master_down_us, 3003906);
	expect_lines(0);
}

/* A priority learnt in Fault is the one used when the fault clears. */
static void
test_prio_change_in_fault(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
	assert_int_equal(prio(200, T0 + 2 * SEC), 0);
	expect_out(VRRP_STATE_FAULT, VRRP_STATE_FAULT, 0);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_int_equal(ev(VRRP_EV_FAULT_CLEAR, T0 + 3 * SEC), 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + 3 * SEC + 3218750);
}

/* Unexpected events ------------------------------------------------------- */

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
		assert_int_equal(ev(VRRP_EV_FAULT, T0 + SEC), 0);
		break;
	default:
		to_backup();
		assert_int_equal(ev(VRRP_EV_SHUTDOWN, T0 + SEC), 0);
		break;
	}
	assert_int_equal(fsm.state, st);
	clear_log();
}

/* The pairs the table accepts, written out independently of it. */
static bool
expected_pair(enum vrrp_state st, enum vrrp_event e)
{
	if (e == VRRP_EV_ADVERT || e == VRRP_EV_PRIO_CHANGE)
		return true;
	switch (st) {
	case VRRP_STATE_INIT:
		return e == VRRP_EV_STARTUP || e == VRRP_EV_FAULT || e == VRRP_EV_SHUTDOWN;
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
	struct vrrp_fsm_advert adv = { .priority = 100, .adver_int_cs = 100,
				       .src = addr("198.18.0.2") };
	char want[128];
	int st, e, unexpected = 0;

	(void)state;
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
	/* INIT 3, BACKUP 3, MASTER 3, FAULT 3, STOP 6. */
	assert_int_equal(unexpected, 18);
}

static void
test_advert_without_advert(void **state)
{
	(void)state;
	to_backup();
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_ADVERT, NULL, 0, T0 + 1, &out), -1);
	expect_out(VRRP_STATE_BACKUP, VRRP_STATE_BACKUP, 0);
	expect_timer(VRRP_TIMER_MASTER_DOWN, T0 + MDI_V2_100);
	assert_int_equal(fsm.stats.unexpected_events, 1);
	assert_int_equal(fsm.stats.adverts_rx, 0);
	expect_lines(1, "(VI_1) unexpected event ADVERT in state BACKUP (no advert)");
}

/* Adverts in INIT and STOP are stale socket contents: ignored silently. */
static void
test_adverts_ignored_in_init_and_stop(void **state)
{
	(void)state;
	enter_state(VRRP_STATE_INIT);
	assert_int_equal(rx(200, 100, "198.18.0.2", T0), 0);
	expect_out(VRRP_STATE_INIT, VRRP_STATE_INIT, 0);
	expect_timer(VRRP_TIMER_NONE, 0);
	enter_state(VRRP_STATE_STOP);
	assert_int_equal(rx(0, 100, "198.18.0.2", T0 + 2 * SEC), 0);
	expect_out(VRRP_STATE_STOP, VRRP_STATE_STOP, 0);
	expect_timer(VRRP_TIMER_NONE, 0);
	assert_int_equal(fsm.stats.unexpected_events, 0);
	expect_lines(0);
}

static void
test_v3_interval_mismatch_counted(void **state)
{
	(void)state;
	conf.version = 3;
	to_master();
	assert_int_equal(rx(50, 200, "198.18.0.2", T0 + 5 * SEC), 0);
	assert_int_equal(rx(50, 100, "198.18.0.2", T0 + 6 * SEC), 0);
	assert_int_equal(fsm.stats.v3_interval_mismatch, 1);
	assert_int_equal(fsm.stats.adverts_rx, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_skew_and_down_interval),
		T(test_names),
		T(test_init),
		T(test_startup_backup),
		T(test_startup_state_master_not_owner),
		T(test_startup_owner),
		T(test_startup_owner_without_state_master),
		T(test_startup_v3_uses_own_interval),
		T(test_down_timer_adverts),
		T(test_backup_timeout_to_master),
		T(test_backup_timeout_detail_log),
		T(test_backup_higher_advert_resets_timer),
		T(test_backup_equal_advert_resets_timer),
		T(test_backup_lower_advert_preempts),
		T(test_backup_lower_advert_nopreempt),
		T(test_backup_owner_ignores_nopreempt),
		T(test_backup_prio0_skew),
		T(test_backup_v3_learns_interval),
		T(test_backup_v3_lower_advert_not_learned),
		T(test_backup_v2_does_not_learn_interval),
		T(test_v3_master_restores_own_interval),
		T(test_preempt_delay_window),
		T(test_preempt_delay_closed_by_higher_advert),
		T(test_backup_late_timer),
		T(test_backup_late_timer_then_takeover),
		T(test_backup_late_timer_boundary),
		T(test_master_adver_timer),
		T(test_master_late_adver_timer),
		T(test_master_prio0_advert),
		T(test_master_higher_advert),
		T(test_master_higher_advert_send_first),
		T(test_master_lower_advert),
		T(test_master_lower_advert_no_advert),
		T(test_master_ignores_nopreempt),
		T(test_master_equal_our_address),
		T(test_master_tie_break_ipv4),
		T(test_master_tie_break_ipv6),
		T(test_master_v3_learns_interval_on_yield),
		T(test_master_v2_does_not_learn_on_yield),
		T(test_shutdown_from_master),
		T(test_shutdown_from_other_states),
		T(test_fault_from_master),
		T(test_fault_from_backup_and_init),
		T(test_fault_ignores_adverts_and_faults),
		T(test_fault_clear_v3_resets_interval),
		T(test_fault_clear_owner),
		T(test_init_suffix_once),
		T(test_prio_change_backup_moves_timer),
		T(test_prio_change_backup_clamps_to_now),
		T(test_prio_change_master_carries_on),
		T(test_prio_change_clamp_same_owner),
		T(test_prio_change_in_fault),
		T(test_unexpected_events),
		T(test_advert_without_advert),
		T(test_adverts_ignored_in_init_and_stop),
		T(test_v3_interval_mismatch_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
