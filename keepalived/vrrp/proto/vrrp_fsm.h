/*
 * The VRRP state machine (RFC 3768 / 5798 / 9568 section 6.4, with the
 * Fault and Stop states keepalived adds). Pure: it is driven by events and
 * a "now" in microseconds on CLOCK_MONOTONIC, and answers with actions that
 * the I/O layer carries out (send an advert, add VIPs, send GARPs...). It
 * keeps one timer deadline, which is the Adver_Timer in Master and the
 * Master_Down_Timer in Backup; the I/O layer arms a real timer from it.
 *
 * Transitions are logged as keepalived 2.2.7 logs them ("(VI_1) Entering
 * MASTER STATE") so that existing log monitoring keeps working; the lines
 * keepalived only prints with -D are printed here only with detail logging.
 *
 * Where keepalived 2.2.7 and the RFCs differ, the state machine does what
 * keepalived does (observed by running it), and says so in vrrp_fsm.c:
 *  - the address owner goes to Master at start-up only with `state MASTER`;
 *    otherwise every instance, `state MASTER` or not, starts in Backup with a
 *    full Master_Down_Interval;
 *  - preempt_delay opens its window when a lower-priority master is first
 *    heard, not at start-up;
 *  - a Master answering a lower-priority advert re-sends its GARPs as well.
 * And where keepalived can be abused, it does less: a Master answers at
 * most one lower-priority advert, and one priority 0 advert, per advert
 * interval (keepalived answers each, so a flood of them became a flood of
 * adverts, GARPs and notify_master_rx_lower_pri scripts).
 *
 * The I/O layer must dispatch received adverts before expired timers, so
 * that adverts queued while the process was stopped are seen first.
 */
#ifndef VRRP_FSM_H
#define VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

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
	VRRP_EV_ADVERT,      /* a validated advert for this instance */
	VRRP_EV_MASTER_DOWN, /* Master_Down_Timer expired */
	VRRP_EV_ADVER_TIMER, /* Adver_Timer expired */
	VRRP_EV_FAULT,       /* interface or tracker down */
	VRRP_EV_FAULT_CLEAR, /* every fault cleared */
	VRRP_EV_PRIO_CHANGE, /* effective priority changed (trackers) */
	VRRP_EV_SYNC_BACKUP, /* sync group: another member went Backup (vrrp_sync.h) */
	VRRP_EV_SYNC_WAIT,   /* sync group: Master_Down_Timer expired, the others not ready */
	VRRP_EV_RESIGN, /* a tracked VIP, route or rule was deleted: stand for election again */
	VRRP_EV_PRIO_RELOAD, /* a reload derived the effective priority again (keepalived's line) */
	/* Start-up held by an unweighted script: Fault, unlogged (keepalived). */
	VRRP_EV_START_FAULT,
	VRRP_EV_COUNT_
};

/* Actions, carried out by the I/O layer in this bit order. */
enum vrrp_action {
	VRRP_ACT_SEND_ADVERT = 1u << 0, /* advert at the current priority */
	VRRP_ACT_SEND_PRIO0 = 1u << 1,  /* advert with priority 0 (leaving Master) */
	VRRP_ACT_VIPS_ADD = 1u << 2,
	VRRP_ACT_VIPS_DEL = 1u << 3,
	VRRP_ACT_GARP = 1u << 4,            /* start the GARP/NA sequence for the VIPs */
	VRRP_ACT_GARP_STOP = 1u << 5,       /* cancel pending GARP repeats/refresh */
	VRRP_ACT_NOTIFY = 1u << 6,          /* state changed: see from/to */
	VRRP_ACT_NOTIFY_RX_LOWER = 1u << 7, /* Master answered a lower priority:
					     * notify_master_rx_lower_pri */
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
	const char *reason; /* why, when the state changed (else NULL); valid
			     * until the next event on this fsm */
};

/*
 * 32-bit, as VRRP-MIB's Counter32 statistics (a wrap reads as a counter
 * reset): every instance carries them, and at thousands of instances each
 * byte counts (issue 14). The status and metrics widen them.
 */
struct vrrp_fsm_stats {
	uint32_t became_master;
	uint32_t released_master;
	uint32_t adverts_rx;
	uint32_t prio0_rx;
	uint32_t prio0_tx;
	uint32_t adverts_tx_requested;
	uint32_t unexpected_events;
	uint32_t late_timers;
	uint32_t v3_interval_mismatch;
	/* Adverts a Master left unanswered (no advert, GARP or script) because
	 * it had answered one less than an advert interval before. */
	uint32_t lower_prio_suppressed;
};

struct vrrp_fsm {
	const struct vrrp_instance_conf *conf;
	enum vrrp_state state;
	uint8_t priority;             /* effective priority; 255 for the owner */
	uint16_t master_adver_int_cs; /* v3: learned from the master */
	uint64_t skew_us;
	uint64_t master_down_us;
	union vrrp_addr local_addr;  /* our primary address (tie-break); the
				      * I/O layer may update it when it changes */
	union vrrp_addr master_addr; /* last master heard, if master_known */
	bool master_known;
	/* Adver_Timer deadlines drift onto the shared grid (vrrp_adver_aligned()). */
	bool adver_align;
	uint8_t master_priority;
	uint8_t timer; /* enum vrrp_timer_kind, in a byte (issue 14) */
	/* Master: how many lower-priority (or priority 0) adverts went
	 * unanswered since the last answer (lower_reply_after_us). */
	uint32_t lower_unanswered;
	uint64_t timer_deadline_us; /* valid when timer != NONE */
	/* preempt_delay: 0 while no window is open; else a Backup does not
	 * preempt a lower-priority master before this time. */
	uint64_t preempt_until_us;
	uint64_t state_since_us;
	/* Master: no answer to a lower-priority (or priority 0) advert before
	 * this time. */
	uint64_t lower_reply_after_us;
	uint64_t prio0_reply_after_us;
	const char *reason; /* last transition's reason, never NULL */
	/* Storage for reasons that name an address or a tracker, allocated by
	 * the first (VRRP_FSM_REASON_LEN bytes; vrrp_fsm_free()). */
	char *reason_buf;
	struct vrrp_fsm_stats stats;
};

/* conf must outlive fsm. local_addr: the interface's primary address. */
void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_instance_conf *conf,
		   const union vrrp_addr *local_addr);

/* Release what the state machine allocated (its reason_buf). */
void vrrp_fsm_free(struct vrrp_fsm *fsm);

/*
 * Make a copy of text (cut to VRRP_FSM_REASON_LEN - 1 bytes) the reason of
 * the current state: the I/O layer names the tracker behind a Fault so.
 * Returns false, and leaves the reason as it was, without memory.
 */
#define VRRP_FSM_REASON_LEN 96
bool vrrp_fsm_set_reason(struct vrrp_fsm *fsm, const char *text);

/*
 * Feed one event. adv is required for VRRP_EV_ADVERT, new_priority for
 * VRRP_EV_PRIO_CHANGE (ignored otherwise; clamped to 1..254, and ignored for
 * the address owner, as keepalived does; the state machine logs "Changing
 * effective priority"). VRRP_EV_PRIO_RELOAD is the same change made by a
 * reload, logged as keepalived 2.2.7 does then: from the configured
 * priority to the new one whenever they differ, whatever it was before.
 * Fills out (always) and returns 0; an unexpected
 * (state, event) pair, or an ADVERT without adv, is logged, counted in
 * stats.unexpected_events and returns -1 with no action.
 *
 * Adverts in INIT, FAULT and STOP, FAULT in FAULT and PRIO_CHANGE in any
 * (and PRIO_RELOAD) state are expected and return 0 (the last updates the priority).
 * Returns: 0, or -1 for an unexpected event.
 */
int vrrp_fsm_event(struct vrrp_fsm *fsm, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
		   uint8_t new_priority, uint64_t now_us, struct vrrp_fsm_out *out);

/*
 * Move the running timer to deadline_us (where the order of timers that
 * fall due together decides something, vrrp_inst_retime()). Returns 0, or
 * -1 when no timer runs.
 */
int vrrp_fsm_retime(struct vrrp_fsm *fsm, uint64_t deadline_us);

/* The event the current timer stands for when it expires (ADVER_TIMER or
 * MASTER_DOWN), or VRRP_EV_COUNT_ when no timer is armed. */
enum vrrp_event vrrp_fsm_timer_event(const struct vrrp_fsm *fsm);

/*
 * Skew_Time and Master_Down_Interval in microseconds, 64-bit, the one place
 * they are computed. v2: skew = (256-prio)*1e6/256 (independent of the
 * interval), MDI = down_timer_adverts * local interval + skew. v3: skew =
 * (256-prio)*MAI*10000/256, MDI = down_timer_adverts * MAI + skew. Fractions
 * of a microsecond are truncated, as keepalived does. down_timer_adverts 0
 * means the default, 3.
 */
uint64_t vrrp_skew_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs);
uint64_t vrrp_master_down_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs,
			     uint8_t down_timer_adverts);

/*
 * Advert phase alignment. Instances with the same advert interval I whose
 * Adver_Timers fall on the same instant wake the process once and leave in
 * one batch; left alone, each keeps the phase it became Master with (the
 * run layer sets adver_align only for an interval two or more instances
 * share: vrrp_daemon_apply.c). With
 * fsm->adver_align, every Adver_Timer the state machine arms (after an
 * advert, on becoming Master, after answering a lower priority) is moved
 * from next_us towards the next multiple of I on CLOCK_MONOTONIC (the grid,
 * the same for every instance of the process with that interval), by at
 * most I / VRRP_ADVER_ALIGN_DIV each time: never earlier than the RFC's
 * Advertisement_Interval, at most 1 % of it later (a Backup's
 * Master_Down_Interval is 3 I + Skew_Time; late_advert_warn's threshold is
 * more than 1 % above I unless set below 1 %), and on the grid after at
 * most VRRP_ADVER_ALIGN_DIV adverts (20 ms: 2 s; 1 s: 100 s). Returns
 * next_us moved so.
 */
#define VRRP_ADVER_ALIGN_DIV 100
uint64_t vrrp_adver_aligned(uint64_t next_us, uint64_t interval_us);

const char *vrrp_state_name(enum vrrp_state st); /* "MASTER", "BACKUP"... */
const char *vrrp_event_name(enum vrrp_event ev);

#endif
