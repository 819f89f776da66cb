/*
 * The fixture of the two state machine test programs (test_vrrp_fsm.c,
 * test_vrrp_fsm_timers.c): one instance, VI_1 on eth0, VRID 51, priority
 * 100, VRRPv2 with a 1 s interval, driven with explicit "now" values. The
 * event helpers assert that the state machine accepted the event; tests of
 * refused events call vrrp_fsm_event() themselves. Log lines are captured
 * (unit_helpers.h) and checked with expect_lines().
 */
#ifndef FSM_FIXTURE_H
#define FSM_FIXTURE_H

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "lib/log.h"
#include "unit_helpers.h"

#define T0 UINT64_C(1000000000) /* an arbitrary "now", 1000 s after boot */
#define SEC UINT64_C(1000000)
#define MDI_V2_100 UINT64_C(3609375) /* 3 s + 156/256 s */
#define SKEW_V2_100 UINT64_C(609375)
#define PEER "198.18.0.2" /* the other router */

#define ACT_BECOME_MASTER \
	(VRRP_ACT_SEND_ADVERT | VRRP_ACT_VIPS_ADD | VRRP_ACT_GARP | VRRP_ACT_NOTIFY)
#define ACT_LEAVE_MASTER (VRRP_ACT_VIPS_DEL | VRRP_ACT_GARP_STOP | VRRP_ACT_NOTIFY)

/* Exactly these lines were logged since the last clear_log(). */
#define expect_lines unit_log_expect
#define clear_log unit_log_clear

static struct vrrp_instance_conf conf;
static struct vrrp_fsm fsm;
static struct vrrp_fsm_out out;
static const char *local_str;

static inline int
setup(void **state)
{
	memset(&conf, 0, sizeof(conf));
	conf.name = "VI_1";
	snprintf(conf.ifname, sizeof(conf.ifname), "eth0");
	conf.family = AF_INET;
	conf.vrid = 51;
	conf.version = 2;
	conf.priority = 100;
	conf.adver_int_cs = 100;
	conf.down_timer_adverts = 3;
	local_str = "198.18.0.1";
	unit_log_start();
	return 0;
}

static inline int
teardown(void **state)
{
	vrrp_fsm_free(&fsm);
	unit_log_stop();
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

static inline union vrrp_addr
addr(const char *s)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, s, &a), 1);
	return a;
}

static inline void
init_fsm(void)
{
	union vrrp_addr local = addr(local_str);

	vrrp_fsm_free(&fsm); /* a test may start over */
	vrrp_fsm_init(&fsm, &conf, &local);
}

static inline void
ev(enum vrrp_event e, uint64_t now)
{
	assert_int_equal(vrrp_fsm_event(&fsm, e, NULL, 0, now, &out), 0);
}

/* An advert from src with this priority and interval. */
static inline void
rx(uint8_t prio, uint16_t int_cs, const char *src, uint64_t now)
{
	struct vrrp_fsm_advert adv = { .priority = prio, .adver_int_cs = int_cs, .src = addr(src) };

	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_ADVERT, &adv, 0, now, &out), 0);
}

static inline void
prio(uint8_t p, uint64_t now)
{
	assert_int_equal(vrrp_fsm_event(&fsm, VRRP_EV_PRIO_CHANGE, NULL, p, now, &out), 0);
}

static inline void
expect_out(enum vrrp_state from, enum vrrp_state to, uint32_t actions)
{
	assert_int_equal(out.from, from);
	assert_int_equal(out.to, to);
	assert_int_equal(fsm.state, to);
	assert_int_equal(out.actions, actions);
}

static inline void
expect_timer(enum vrrp_timer_kind kind, uint64_t deadline)
{
	assert_int_equal(fsm.timer, kind);
	assert_int_equal(fsm.timer_deadline_us, deadline);
}

/* The last event's outcome and the timer it left armed. */
static inline void
expect_out_timer(enum vrrp_state from, enum vrrp_state to, uint32_t actions,
		 enum vrrp_timer_kind kind, uint64_t deadline)
{
	expect_out(from, to, actions);
	expect_timer(kind, deadline);
}

/* Start at T0 into Backup, with the log cleared. */
static inline uint64_t
to_backup(void)
{
	init_fsm();
	ev(VRRP_EV_STARTUP, T0);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	clear_log();
	return T0;
}

/* Start at T0 into Backup, then time out into Master; returns that time. */
static inline uint64_t
to_master(void)
{
	uint64_t now;

	to_backup();
	now = fsm.timer_deadline_us;
	ev(VRRP_EV_MASTER_DOWN, now);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	clear_log();
	return now;
}

#endif /* FSM_FIXTURE_H */
