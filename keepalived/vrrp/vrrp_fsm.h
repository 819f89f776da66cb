/*
 * The VRRP state machine (RFC 3768 / 5798 / 9568 section 6.4, with the
 * Fault and Stop states keepalived adds). Pure: it is driven by events and
 * a "now" in microseconds on CLOCK_MONOTONIC, and answers with actions that
 * the I/O layer carries out (send an advert, add VIPs, send GARPs...). It
 * keeps one timer deadline, which is the Adver_Timer in Master and the
 * Master_Down_Timer in Backup; the I/O layer arms a real timer from it.
 *
 * Transitions are logged as keepalived logs them ("(VI_1) Entering MASTER
 * STATE") so that existing log monitoring keeps working.
 */
#ifndef VRRP_FSM_H
#define VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_conf.h"

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_STOP,
	VRRP_STATE_COUNT_
};

enum vrrp_event {
	VRRP_EV_STARTUP = 0,
	VRRP_EV_SHUTDOWN,
	VRRP_EV_ADVERT,       /* a validated advert for this instance */
	VRRP_EV_MASTER_DOWN,  /* Master_Down_Timer expired */
	VRRP_EV_ADVER_TIMER,  /* Adver_Timer expired */
	VRRP_EV_FAULT,        /* interface or tracker down */
	VRRP_EV_FAULT_CLEAR,  /* every fault cleared */
	VRRP_EV_PRIO_CHANGE,  /* effective priority changed (trackers) */
	VRRP_EV_COUNT_
};

/* Actions, carried out by the I/O layer in this bit order. */
enum vrrp_action {
	VRRP_ACT_SEND_ADVERT = 1u << 0, /* advert at the current priority */
	VRRP_ACT_SEND_PRIO0 = 1u << 1,  /* advert with priority 0 (leaving Master) */
	VRRP_ACT_VIPS_ADD = 1u << 2,
	VRRP_ACT_VIPS_DEL = 1u << 3,
	VRRP_ACT_GARP = 1u << 4,        /* start the GARP/NA sequence for the VIPs */
	VRRP_ACT_GARP_STOP = 1u << 5,   /* cancel pending GARP repeats/refresh */
	VRRP_ACT_NOTIFY = 1u << 6,      /* state changed: see from/to */
};

enum vrrp_timer_kind {
	VRRP_TIMER_NONE = 0,
	VRRP_TIMER_ADVER,       /* Master: next advert */
	VRRP_TIMER_MASTER_DOWN, /* Backup: master presumed down */
};

/* What the state machine needs from a validated advert. */
struct vrrp_fsm_advert {
	uint8_t priority;
	uint16_t adver_int_cs; /* v3: Max Adver Int; v2: seconds * 100 */
	union vrrp_addr src;   /* sender's primary address */
};

struct vrrp_fsm_out {
	uint32_t actions; /* enum vrrp_action bits */
	enum vrrp_state from;
	enum vrrp_state to;
	const char *reason; /* why, when the state changed */
};

struct vrrp_fsm_stats {
	uint64_t became_master;
	uint64_t released_master;
	uint64_t adverts_rx;
	uint64_t prio0_rx;
	uint64_t prio0_tx;
	uint64_t adverts_tx_requested;
	uint64_t unexpected_events;
	uint64_t late_timers;
	uint64_t v3_interval_mismatch;
};

struct vrrp_fsm {
	const struct vrrp_instance_conf *conf;
	enum vrrp_state state;
	uint8_t priority; /* effective priority; 255 for the owner */
	uint16_t master_adver_int_cs; /* v3: learned from the master */
	uint64_t skew_us;
	uint64_t master_down_us;
	union vrrp_addr local_addr;  /* our primary address (tie-break) */
	union vrrp_addr master_addr; /* last master heard, if master_known */
	bool master_known;
	uint8_t master_priority;
	enum vrrp_timer_kind timer;
	uint64_t timer_deadline_us;  /* valid when timer != NONE */
	uint64_t preempt_until_us;   /* preempt_delay: no preemption before this */
	uint64_t state_since_us;
	const char *reason; /* last transition's reason */
	bool entered_backup_once; /* "(init)" is logged on the first Backup */
	struct vrrp_fsm_stats stats;
};

/* conf must outlive fsm. local_addr: the interface's primary address. */
void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_instance_conf *conf,
		   const union vrrp_addr *local_addr);

/*
 * Feed one event. adv is required for VRRP_EV_ADVERT, new_priority for
 * VRRP_EV_PRIO_CHANGE (ignored otherwise). Fills out (always) and returns 0;
 * an unexpected (state, event) pair is logged, counted and returns -1 with
 * no action.
 */
int vrrp_fsm_event(struct vrrp_fsm *fsm, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
		   uint8_t new_priority, uint64_t now_us, struct vrrp_fsm_out *out);

/* The event the current timer stands for when it expires (ADVER_TIMER or
 * MASTER_DOWN), or VRRP_EV_COUNT_ when no timer is armed. */
enum vrrp_event vrrp_fsm_timer_event(const struct vrrp_fsm *fsm);

/* Skew_Time and Master_Down_Interval in microseconds (v2: local interval and
 * (256-prio)/256 s; v3: (256-prio)*MAI/256), the one place they are computed. */
uint64_t vrrp_skew_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs);
uint64_t vrrp_master_down_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs,
			     uint8_t down_timer_adverts);

const char *vrrp_state_name(enum vrrp_state st);  /* "MASTER", "BACKUP"... */
const char *vrrp_event_name(enum vrrp_event ev);

#endif
