/*
 * The VRRP state machine. One table, read top to bottom, lists every
 * (state, event) pair that can happen, the function that handles it and the
 * state that follows; a pair that is not in the table is a bug somewhere in
 * the caller and is logged and counted. Handlers decide what the event means
 * (and, for the rows marked DECIDED, where it leads); what happens on
 * leaving and entering a state (VIPs, GARPs, timers, notifications, the
 * "Entering ... STATE" line) is done once, in fsm_change_state().
 *
 * Nothing here makes a system call: time comes in as now_us and decisions go
 * out as action bits. Log lines are keepalived 2.2.7's, word for word.
 */
#include "keepalived/vrrp/proto/vrrp_fsm.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/log.h"

#define US_PER_S UINT64_C(1000000)
#define US_PER_CS UINT64_C(10000)
#define US_PER_MS UINT64_C(1000)

/* Next-state column value: the handler chooses (in call->next). */
#define FSM_DECIDED VRRP_STATE_COUNT_

/* One event being processed. */
struct fsm_call {
	const struct vrrp_fsm_advert *adv; /* VRRP_EV_ADVERT only */
	uint8_t new_priority;              /* VRRP_EV_PRIO_CHANGE and _RELOAD only */
	uint64_t now_us;
	struct vrrp_fsm_out *out;
	enum vrrp_state next;
	const char *reason; /* why, if the state changes */
	bool resign;        /* VRRP_EV_RESIGN: priority 0, then a new election after Skew_Time */
	bool reload;        /* VRRP_EV_PRIO_RELOAD */
	bool quiet;         /* no "Entering" line and no notification (VRRP_EV_START_FAULT) */
};

typedef void (*fsm_handler)(struct vrrp_fsm *, struct fsm_call *);

static void fsm_start(struct vrrp_fsm *, struct fsm_call *);
static void fsm_start_fault(struct vrrp_fsm *, struct fsm_call *);
static void fsm_ignore(struct vrrp_fsm *, struct fsm_call *);
static void fsm_stop(struct vrrp_fsm *, struct fsm_call *);
static void fsm_fault(struct vrrp_fsm *, struct fsm_call *);
static void fsm_prio_change(struct vrrp_fsm *, struct fsm_call *);
static void fsm_backup_rx(struct vrrp_fsm *, struct fsm_call *);
static void fsm_backup_timeout(struct vrrp_fsm *, struct fsm_call *);
static void fsm_master_rx(struct vrrp_fsm *, struct fsm_call *);
static void fsm_master_tx(struct vrrp_fsm *, struct fsm_call *);
static void fsm_sync_backup(struct vrrp_fsm *, struct fsm_call *);
static void fsm_sync_wait(struct vrrp_fsm *, struct fsm_call *);
static void fsm_resign(struct vrrp_fsm *, struct fsm_call *);

/* The table is laid out by hand, one row a line, columns aligned. */
/* clang-format off */
static const struct fsm_row {
	enum vrrp_state state;
	enum vrrp_event event;
	fsm_handler handler;
	enum vrrp_state next; /* FSM_DECIDED: the handler decides */
} fsm_table[] = {
	/* current state      event                 handler             next state */
	{ VRRP_STATE_INIT,   VRRP_EV_STARTUP,     fsm_start,          FSM_DECIDED },
	{ VRRP_STATE_INIT,   VRRP_EV_FAULT,       fsm_fault,          VRRP_STATE_FAULT },
	{ VRRP_STATE_INIT,   VRRP_EV_START_FAULT, fsm_start_fault,    VRRP_STATE_FAULT },
	{ VRRP_STATE_INIT,   VRRP_EV_SHUTDOWN,    fsm_stop,           VRRP_STATE_STOP },
	{ VRRP_STATE_INIT,   VRRP_EV_ADVERT,      fsm_ignore,         VRRP_STATE_INIT },
	{ VRRP_STATE_INIT,   VRRP_EV_PRIO_CHANGE, fsm_prio_change,    VRRP_STATE_INIT },
	{ VRRP_STATE_INIT,   VRRP_EV_PRIO_RELOAD, fsm_prio_change,    VRRP_STATE_INIT },
	{ VRRP_STATE_INIT,   VRRP_EV_SYNC_BACKUP, fsm_ignore,         VRRP_STATE_INIT },

	{ VRRP_STATE_BACKUP, VRRP_EV_ADVERT,      fsm_backup_rx,      VRRP_STATE_BACKUP },
	{ VRRP_STATE_BACKUP, VRRP_EV_MASTER_DOWN, fsm_backup_timeout, FSM_DECIDED },
	{ VRRP_STATE_BACKUP, VRRP_EV_FAULT,       fsm_fault,          VRRP_STATE_FAULT },
	{ VRRP_STATE_BACKUP, VRRP_EV_SHUTDOWN,    fsm_stop,           VRRP_STATE_STOP },
	{ VRRP_STATE_BACKUP, VRRP_EV_PRIO_CHANGE, fsm_prio_change,    VRRP_STATE_BACKUP },
	{ VRRP_STATE_BACKUP, VRRP_EV_PRIO_RELOAD, fsm_prio_change,    VRRP_STATE_BACKUP },
	{ VRRP_STATE_BACKUP, VRRP_EV_SYNC_BACKUP, fsm_ignore,         VRRP_STATE_BACKUP },
	{ VRRP_STATE_BACKUP, VRRP_EV_SYNC_WAIT,   fsm_sync_wait,      VRRP_STATE_BACKUP },

	{ VRRP_STATE_MASTER, VRRP_EV_ADVERT,      fsm_master_rx,      FSM_DECIDED },
	{ VRRP_STATE_MASTER, VRRP_EV_ADVER_TIMER, fsm_master_tx,      VRRP_STATE_MASTER },
	{ VRRP_STATE_MASTER, VRRP_EV_FAULT,       fsm_fault,          VRRP_STATE_FAULT },
	{ VRRP_STATE_MASTER, VRRP_EV_SHUTDOWN,    fsm_stop,           VRRP_STATE_STOP },
	{ VRRP_STATE_MASTER, VRRP_EV_PRIO_CHANGE, fsm_prio_change,    VRRP_STATE_MASTER },
	{ VRRP_STATE_MASTER, VRRP_EV_PRIO_RELOAD, fsm_prio_change,    VRRP_STATE_MASTER },
	{ VRRP_STATE_MASTER, VRRP_EV_SYNC_BACKUP, fsm_sync_backup,    VRRP_STATE_BACKUP },
	{ VRRP_STATE_MASTER, VRRP_EV_RESIGN,      fsm_resign,         VRRP_STATE_BACKUP },

	{ VRRP_STATE_FAULT,  VRRP_EV_FAULT_CLEAR, fsm_start,          FSM_DECIDED },
	{ VRRP_STATE_FAULT,  VRRP_EV_ADVERT,      fsm_ignore,         VRRP_STATE_FAULT },
	{ VRRP_STATE_FAULT,  VRRP_EV_FAULT,       fsm_ignore,         VRRP_STATE_FAULT },
	{ VRRP_STATE_FAULT,  VRRP_EV_SHUTDOWN,    fsm_stop,           VRRP_STATE_STOP },
	{ VRRP_STATE_FAULT,  VRRP_EV_PRIO_CHANGE, fsm_prio_change,    VRRP_STATE_FAULT },
	{ VRRP_STATE_FAULT,  VRRP_EV_PRIO_RELOAD, fsm_prio_change,    VRRP_STATE_FAULT },
	{ VRRP_STATE_FAULT,  VRRP_EV_SYNC_BACKUP, fsm_ignore,         VRRP_STATE_FAULT },

	{ VRRP_STATE_STOP,   VRRP_EV_ADVERT,      fsm_ignore,         VRRP_STATE_STOP },
	{ VRRP_STATE_STOP,   VRRP_EV_PRIO_CHANGE, fsm_prio_change,    VRRP_STATE_STOP },
	{ VRRP_STATE_STOP,   VRRP_EV_PRIO_RELOAD, fsm_prio_change,    VRRP_STATE_STOP },
};
/* clang-format on */

/* clang-format off */
static const char *const state_names[VRRP_STATE_COUNT_] = {
	[VRRP_STATE_INIT] = "INIT",     [VRRP_STATE_BACKUP] = "BACKUP",
	[VRRP_STATE_MASTER] = "MASTER", [VRRP_STATE_FAULT] = "FAULT",
	[VRRP_STATE_STOP] = "STOP",
};
/* clang-format on */

/* clang-format off */
static const char *const event_names[VRRP_EV_COUNT_] = {
	[VRRP_EV_STARTUP] = "STARTUP",
	[VRRP_EV_SHUTDOWN] = "SHUTDOWN",
	[VRRP_EV_ADVERT] = "ADVERT",
	[VRRP_EV_MASTER_DOWN] = "MASTER_DOWN",
	[VRRP_EV_ADVER_TIMER] = "ADVER_TIMER",
	[VRRP_EV_FAULT] = "FAULT",
	[VRRP_EV_FAULT_CLEAR] = "FAULT_CLEAR",
	[VRRP_EV_PRIO_CHANGE] = "PRIO_CHANGE",
	[VRRP_EV_SYNC_BACKUP] = "SYNC_BACKUP",
	[VRRP_EV_SYNC_WAIT] = "SYNC_WAIT",
	[VRRP_EV_RESIGN] = "RESIGN",
	[VRRP_EV_PRIO_RELOAD] = "PRIO_RELOAD",
	[VRRP_EV_START_FAULT] = "START_FAULT",
};
/* clang-format on */

const char *
vrrp_state_name(enum vrrp_state st)
{
	if ((unsigned)st >= VRRP_STATE_COUNT_)
		return "UNKNOWN";
	return state_names[st];
}

const char *
vrrp_event_name(enum vrrp_event ev)
{
	if ((unsigned)ev >= VRRP_EV_COUNT_)
		return "UNKNOWN";
	return event_names[ev];
}

/* Timer arithmetic ------------------------------------------------------ */

uint64_t
vrrp_skew_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs)
{
	uint64_t weight = 256 - (uint64_t)priority;

	if (version == 3)
		return weight * master_adver_int_cs * US_PER_CS / 256;
	/* RFC 3768: (256 - Priority) / 256 seconds, whatever the interval. */
	return weight * US_PER_S / 256;
}

uint64_t
vrrp_master_down_us(uint8_t version, uint8_t priority, uint16_t master_adver_int_cs,
		    uint8_t down_timer_adverts)
{
	uint64_t adverts = down_timer_adverts ? down_timer_adverts :
						VRRP_DOWN_TIMER_ADVERTS_DEFAULT;

	return adverts * master_adver_int_cs * US_PER_CS +
	       vrrp_skew_us(version, priority, master_adver_int_cs);
}

static uint64_t
fsm_adver_int_us(const struct vrrp_fsm *fsm)
{
	return (uint64_t)fsm->conf->adver_int_cs * US_PER_CS;
}

uint64_t
vrrp_adver_aligned(uint64_t next_us, uint64_t interval_us)
{
	uint64_t rest, shift, step = interval_us / VRRP_ADVER_ALIGN_DIV;

	if (interval_us == 0 || (rest = next_us % interval_us) == 0)
		return next_us;
	shift = interval_us - rest;
	if (shift > step)
		shift = step;
	if (next_us > UINT64_MAX - shift)
		return next_us;
	return next_us + shift;
}

/* The Adver_Timer deadline one interval after base_us (aligned if asked). */
static uint64_t
fsm_adver_next(const struct vrrp_fsm *fsm, uint64_t base_us)
{
	uint64_t interval = fsm_adver_int_us(fsm);

	return fsm->adver_align ? vrrp_adver_aligned(base_us + interval, interval) :
				  base_us + interval;
}

/* Copy text into reason_buf (allocated on first use). false: no memory. */
static bool
fsm_reason_keep(struct vrrp_fsm *fsm, const char *text)
{
	if (fsm->reason_buf == NULL && (fsm->reason_buf = malloc(VRRP_FSM_REASON_LEN)) == NULL)
		return false;
	snprintf(fsm->reason_buf, VRRP_FSM_REASON_LEN, "%s", text);
	return true;
}

/* Refresh skew and down interval after the priority or the MAI changed. */
static void
fsm_recompute(struct vrrp_fsm *fsm)
{
	const struct vrrp_instance_conf *c = fsm->conf;

	fsm->skew_us = vrrp_skew_us(c->version, fsm->priority, fsm->master_adver_int_cs);
	fsm->master_down_us = vrrp_master_down_us(c->version, fsm->priority,
						  fsm->master_adver_int_cs, c->down_timer_adverts);
}

static void
fsm_arm(struct vrrp_fsm *fsm, enum vrrp_timer_kind kind, uint64_t deadline_us)
{
	fsm->timer = kind;
	fsm->timer_deadline_us = kind == VRRP_TIMER_NONE ? 0 : deadline_us;
}

/*
 * v3 only (RFC 5798 6.4.2/6.4.3): adopt the master's Max Adver Int. v2 keeps
 * the local interval, which the receive checks force to be the master's.
 */
static void
fsm_learn_interval(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv)
{
	if (fsm->conf->version != 3 || adv->adver_int_cs == 0 ||
	    adv->adver_int_cs == fsm->master_adver_int_cs)
		return;
	if (log_get_detail())
		log_info("(%s) advertisement interval updated from %ums to %ums by master",
			 fsm->conf->name, fsm->master_adver_int_cs * 10u, adv->adver_int_cs * 10u);
	fsm->master_adver_int_cs = adv->adver_int_cs;
	fsm_recompute(fsm);
}

/* Helpers for adverts --------------------------------------------------- */

static const char *
fsm_ntop(const struct vrrp_fsm *fsm, const union vrrp_addr *a, char *buf, size_t len)
{
	int family = fsm->conf->family == AF_INET6 ? AF_INET6 : AF_INET;

	if (inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

/* RFC 9568 6.4.3: unsigned comparison in network byte order. */
static int
fsm_addr_cmp(const struct vrrp_fsm *fsm, const union vrrp_addr *theirs)
{
	size_t len = fsm->conf->family == AF_INET6 ? sizeof(theirs->v6) : sizeof(theirs->v4);

	return memcmp(theirs->bytes, fsm->local_addr.bytes, len);
}

static void
fsm_remember_master(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv)
{
	fsm->master_addr = adv->src;
	fsm->master_priority = adv->priority;
	fsm->master_known = true;
}

/* Handlers -------------------------------------------------------------- */

/* An event that is expected in this state and means nothing there. */
static void
fsm_ignore(struct vrrp_fsm *fsm, struct fsm_call *call)
{
}

/*
 * STARTUP and FAULT_CLEAR (RFC 6.4.1 Initialize). keepalived 2.2.7, run in
 * a namespace, goes straight to Master only when the instance is the owner
 * AND configured `state MASTER`; any other instance, including `state MASTER`
 * with a priority below 255 and an owner without `state MASTER`, starts in
 * Backup and waits a full Master_Down_Interval (3.609 s at priority 100).
 * We do the same. After a fault keepalived sends even an owner through
 * Backup; we let the owner take Master at once there, as the RFC says.
 */
static void
fsm_start(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	const struct vrrp_instance_conf *c = fsm->conf;

	if (c->priority == VRRP_PRIO_OWNER && c->init_master) {
		/* keepalived gets there through an immediate down timer, and says so with -D. */
		if (log_get_detail())
			log_info("(%s) Receive advertisement timeout", c->name);
		call->next = VRRP_STATE_MASTER;
		call->reason = "address owner";
		return;
	}
	fsm->master_adver_int_cs = c->adver_int_cs;
	fsm_recompute(fsm);
	call->next = VRRP_STATE_BACKUP;
	call->reason = fsm->state == VRRP_STATE_INIT ? "startup" : "fault cleared";
}

/*
 * keepalived 2.2.7 begins an instance in Fault, without a line or a
 * notification, while an unweighted script has no result yet or starts
 * failed (init_fail); the first success is then "Entering BACKUP STATE",
 * with no "(init)", and a failure says nothing more.
 */
static void
fsm_start_fault(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	call->reason = "tracked script at start-up";
	call->quiet = true;
}

static void
fsm_stop(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	call->reason = "shutdown";
}

static void
fsm_fault(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	call->reason = "interface fault";
}

/*
 * New effective priority from the trackers. As keepalived: the owner's 255
 * never moves; a Master just carries on and its next advert carries the new
 * priority (a Backup with a now higher priority takes over by preemption);
 * a Backup moves its running Master_Down_Timer by the change in the down
 * interval.
 */
static void
fsm_prio_change(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	uint8_t prio = call->new_priority;
	uint64_t old_down_us = fsm->master_down_us;

	if (fsm->conf->priority == VRRP_PRIO_OWNER)
		return;
	if (prio < 1)
		prio = 1;
	else if (prio > VRRP_PRIO_OWNER - 1)
		prio = VRRP_PRIO_OWNER - 1;
	/*
	 * keepalived 2.2.7 builds a reloaded instance afresh at its configured
	 * priority and applies the trackers to that: its line says so, and a
	 * priority back at the configured one goes unlogged.
	 */
	if (call->reload && prio != fsm->conf->priority)
		log_info("(%s) Changing effective priority from %d to %d", fsm->conf->name,
			 fsm->conf->priority, prio);
	if (prio == fsm->priority)
		return;
	if (!call->reload)
		log_info("(%s) Changing effective priority from %d to %d", fsm->conf->name,
			 fsm->priority, prio);
	fsm->priority = prio;
	fsm_recompute(fsm);

	if (fsm->state != VRRP_STATE_BACKUP)
		return;
	if (fsm->master_down_us >= old_down_us) {
		fsm->timer_deadline_us += fsm->master_down_us - old_down_us;
	} else {
		uint64_t earlier = old_down_us - fsm->master_down_us;

		/* Never into the past: that would read as a stalled process. */
		if (fsm->timer_deadline_us >= call->now_us + earlier)
			fsm->timer_deadline_us -= earlier;
		else
			fsm->timer_deadline_us = call->now_us;
	}
}

/*
 * preempt_delay as keepalived 2.2.7 runs it (checked in a namespace: a
 * master whose priority dropped 8 s after our start-up was preempted
 * preempt_delay + Master_Down_Interval later). The window opens at the
 * first lower-priority advert, not at start-up, and while it is open such
 * adverts reset the down timer as if we could not preempt. An equal or
 * higher advert closes it, and so does entering Backup. Returns true while
 * preemption is held off.
 */
static bool
fsm_preempt_held(struct vrrp_fsm *fsm, const struct vrrp_fsm_advert *adv, uint64_t now_us)
{
	uint64_t delay = fsm->conf->preempt_delay_us;

	if (delay == 0)
		return false;
	if (adv->priority >= fsm->priority) {
		if (fsm->preempt_until_us != 0 && log_get_detail())
			log_info("(%s) stop preempt delay", fsm->conf->name);
		fsm->preempt_until_us = 0;
		return false;
	}
	if (fsm->preempt_until_us == 0) {
		if (log_get_detail())
			log_info("(%s) start preempt delay (%" PRIu64 ".%6.6" PRIu64 ")",
				 fsm->conf->name, delay / US_PER_S, delay % US_PER_S);
		fsm->preempt_until_us = now_us + delay;
	}
	return now_us < fsm->preempt_until_us;
}

/* Backup (RFC 6.4.2): an advert arrived. */
static void
fsm_backup_rx(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	const struct vrrp_fsm_advert *adv = call->adv;
	bool preempt = !fsm->conf->nopreempt || fsm->priority == VRRP_PRIO_OWNER;
	char buf[INET6_ADDRSTRLEN];

	if (adv->priority == VRRP_PRIO_STOP) {
		/* The master is leaving: take over after Skew_Time only. */
		if (log_get_detail())
			log_info("(%s) Backup received priority 0 advertisement", fsm->conf->name);
		fsm_arm(fsm, VRRP_TIMER_MASTER_DOWN, call->now_us + fsm->skew_us);
		return;
	}
	/* Evaluated first so that a higher advert always closes the window. */
	if (fsm_preempt_held(fsm, adv, call->now_us) || !preempt ||
	    adv->priority >= fsm->priority) {
		fsm_learn_interval(fsm, adv);
		fsm_remember_master(fsm, adv);
		fsm_arm(fsm, VRRP_TIMER_MASTER_DOWN, call->now_us + fsm->master_down_us);
		return;
	}
	/* Lower priority and we may preempt: let the down timer run out. */
	log_info("(%s) received lower priority (%d) advert from %s - discarding", fsm->conf->name,
		 adv->priority, fsm_ntop(fsm, &adv->src, buf, sizeof(buf)));
	fsm_remember_master(fsm, adv);
}

/*
 * Backup: Master_Down_Timer expired. If it expired more than a whole down
 * interval ago, this process did not run for that long (SIGSTOP, a VM
 * pause, swap): the adverts the master sent meanwhile were queued, and the
 * I/O layer hands them to us before the timer, so reaching this point means
 * none arrived - but the master may well be alive and merely unheard for the
 * last instant. Taking over now would flap the VIPs; instead wait Skew_Time
 * more, which is what a backup of our priority waits after a priority 0
 * advert, and lets a live master's next advert keep us Backup.
 */
static void
fsm_backup_timeout(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	uint64_t late =
		call->now_us > fsm->timer_deadline_us ? call->now_us - fsm->timer_deadline_us : 0;

	if (late > fsm->master_down_us) {
		fsm->stats.late_timers++;
		log_warnx("(%s) master down timer fired %" PRIu64 " ms late (process stalled?),"
			  " waiting %" PRIu64 " us more for an advert",
			  fsm->conf->name, late / US_PER_MS, fsm->skew_us);
		fsm_arm(fsm, VRRP_TIMER_MASTER_DOWN, call->now_us + fsm->skew_us);
		call->next = VRRP_STATE_BACKUP;
		return;
	}
	/* Not for a member its sync group takes to Master before its timer ran out (keepalived). */
	if (log_get_detail() && call->now_us + US_PER_MS >= fsm->timer_deadline_us)
		log_info("(%s) Receive advertisement timeout", fsm->conf->name);
	call->next = VRRP_STATE_MASTER;
	call->reason = "master down timer";
}

/*
 * Sync group: another member went Backup and takes this Master along. The
 * RFCs have no sync groups; as keepalived: the VIPs go, no priority-0
 * advert (the peer Master is already there), and a full down timer, with
 * the Master we knew forgotten (we heard none: the other member did).
 */
static void
fsm_sync_backup(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	fsm->master_known = false;
	call->reason = "sync group";
}

/*
 * Master: something it tracks (a VIP, a virtual route or rule) was deleted
 * by someone else. As keepalived 2.2.7: Backup at once with a priority-0
 * advert, and a new election after Skew_Time, which a Master that is still
 * the best wins again (its addresses, routes and rules then set anew).
 */
static void
fsm_resign(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	fsm->master_known = false;
	call->resign = true;
	call->reason = "tracked address, route or rule deleted";
}

/*
 * Sync group: the Master_Down_Timer expired, but not every other member
 * wants Master yet (keepalived's vrrp_sync_can_goto_master()): stay Backup
 * for another down interval; the last member to time out takes the group.
 */
static void
fsm_sync_wait(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	if (log_get_detail())
		log_info("(%s) Receive advertisement timeout", fsm->conf->name);
	fsm_arm(fsm, VRRP_TIMER_MASTER_DOWN, call->now_us + fsm->master_down_us);
}

/*
 * Master: Adver_Timer expired. One advert, however late: never a burst. The
 * next deadline counts from the one that expired, so that the wake-up
 * latency of every tick does not add up into a slower advert rate; after a
 * stall of more than an interval it counts from now instead. With
 * adver_align the deadline then drifts onto the shared grid (never earlier).
 */
static void
fsm_master_tx(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	uint64_t interval = fsm_adver_int_us(fsm);
	uint64_t base = fsm->timer_deadline_us;

	if (call->now_us > base && call->now_us - base > interval) {
		fsm->stats.late_timers++;
		log_warnx("(%s) advert timer fired %" PRIu64 " ms late (process stalled?)",
			  fsm->conf->name, (call->now_us - base) / US_PER_MS);
		base = call->now_us;
	} else if (base > call->now_us) {
		base = call->now_us; /* fired early: never the case with a real loop */
	}
	call->out->actions |= VRRP_ACT_SEND_ADVERT;
	fsm_arm(fsm, VRRP_TIMER_ADVER, fsm_adver_next(fsm, base));
}

/*
 * Master: whether to answer a lower-priority or priority 0 advert now, or
 * leave it unanswered because one was answered less than an advert interval
 * ago (*after_us). Anyone on the link can send such adverts as fast as it
 * likes; the answers (adverts, GARP bursts, scripts) must not follow.
 * An unanswered one changes nothing: the regular adverts go on.
 */
static bool
fsm_master_may_answer(struct vrrp_fsm *fsm, struct fsm_call *call, uint64_t *after_us)
{
	if (call->now_us < *after_us) {
		fsm->stats.lower_prio_suppressed++;
		fsm->lower_unanswered++;
		return false;
	}
	*after_us = call->now_us + fsm_adver_int_us(fsm);
	if (fsm->lower_unanswered > 0) {
		log_info("(%s) %" PRIu32 " lower priority adverts left unanswered (at most one"
			 " answer per advert interval)",
			 fsm->conf->name, fsm->lower_unanswered);
		fsm->lower_unanswered = 0;
	}
	return true;
}

/*
 * Master (RFC 6.4.3): an advert arrived. Preempt_Mode is not considered
 * here. keepalived extras: higher_prio_send_advert sends one advert before
 * yielding; a lower-priority advert is answered with an advert (RFC 9568,
 * unless lower_prio_no_advert) and, in every case, with fresh GARPs. Such
 * answers, and those to priority 0, are bounded by fsm_master_may_answer().
 */
static void
fsm_master_rx(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	const struct vrrp_fsm_advert *adv = call->adv;
	const struct vrrp_instance_conf *c = fsm->conf;
	char buf[INET6_ADDRSTRLEN];
	char why[VRRP_FSM_REASON_LEN];
	int cmp;

	call->next = VRRP_STATE_MASTER;
	if (adv->priority == VRRP_PRIO_STOP) {
		if (!fsm_master_may_answer(fsm, call, &fsm->prio0_reply_after_us))
			return;
		if (log_get_detail())
			log_info("(%s) Master received priority 0 message", c->name);
		call->out->actions |= VRRP_ACT_SEND_ADVERT;
		fsm_arm(fsm, VRRP_TIMER_ADVER, fsm_adver_next(fsm, call->now_us));
		return;
	}

	cmp = fsm_addr_cmp(fsm, &adv->src);
	fsm_ntop(fsm, &adv->src, buf, sizeof(buf));
	if (adv->priority == fsm->priority && cmp == 0) {
		log_info("(%s) WARNING - equal priority advert received from remote host with our"
			 " IP address.",
			 c->name);
		return;
	}
	if (adv->priority < fsm->priority || (adv->priority == fsm->priority && cmp < 0)) {
		if (!fsm_master_may_answer(fsm, call, &fsm->lower_reply_after_us))
			return;
		/* keepalived runs it for a lower priority only, not a lower address. */
		if (adv->priority < fsm->priority)
			call->out->actions |= VRRP_ACT_NOTIFY_RX_LOWER;
		log_info("(%s) Received advert from %s with lower priority %d, ours %d%s", c->name,
			 buf, adv->priority, fsm->priority,
			 c->lower_prio_no_advert ? "" : ", forcing new election");
		call->out->actions |= VRRP_ACT_GARP;
		if (!c->lower_prio_no_advert) {
			call->out->actions |= VRRP_ACT_SEND_ADVERT;
			fsm_arm(fsm, VRRP_TIMER_ADVER, fsm_adver_next(fsm, call->now_us));
		}
		return;
	}

	if (adv->priority > fsm->priority) {
		log_info("(%s) Master received advert from %s with higher priority %d, ours %d",
			 c->name, buf, adv->priority, fsm->priority);
		snprintf(why, sizeof(why), "higher priority advert from %s", buf);
		call->reason = "higher priority advert";
	} else {
		log_info("(%s) Master received advert from %s with same priority %d but higher"
			 " IP address than ours",
			 c->name, buf, adv->priority);
		snprintf(why, sizeof(why), "same priority advert from higher address %s", buf);
		call->reason = "same priority advert from higher address";
	}
	/* Without memory for the copy, the reason without the address. */
	if (fsm_reason_keep(fsm, why))
		call->reason = fsm->reason_buf;
	if (c->higher_prio_send_advert)
		call->out->actions |= VRRP_ACT_SEND_ADVERT;
	fsm_learn_interval(fsm, adv);
	fsm_remember_master(fsm, adv);
	call->next = VRRP_STATE_BACKUP;
}

/* Transitions ----------------------------------------------------------- */

/* Leave the current state for call->next: log, actions, timers, stats. */
static void
fsm_change_state(struct vrrp_fsm *fsm, struct fsm_call *call)
{
	const struct vrrp_instance_conf *c = fsm->conf;
	enum vrrp_state from = fsm->state, to = call->next;
	uint32_t *actions = &call->out->actions;

	/* keepalived names the transitions out of its start-up "(init)". */
	if (to != VRRP_STATE_STOP && !call->quiet)
		log_info("(%s) Entering %s STATE%s", c->name, vrrp_state_name(to),
			 from == VRRP_STATE_INIT && to != VRRP_STATE_MASTER ? " (init)" : "");

	if (from == VRRP_STATE_MASTER) {
		*actions |= VRRP_ACT_VIPS_DEL | VRRP_ACT_GARP_STOP;
		if (to == VRRP_STATE_FAULT || to == VRRP_STATE_STOP || call->resign) {
			/* RFC 6.4.3 Shutdown; keepalived sends it for Fault too. */
			*actions |= VRRP_ACT_SEND_PRIO0;
			if (log_get_detail())
				log_info("(%s) sent 0 priority", c->name);
		}
		fsm->stats.released_master++;
	}

	fsm->state = to;
	fsm->state_since_us = call->now_us;
	fsm->reason = call->reason != NULL ? call->reason : vrrp_state_name(to);
	call->out->reason = fsm->reason;
	if (!call->quiet)
		*actions |= VRRP_ACT_NOTIFY;

	switch (to) {
	case VRRP_STATE_MASTER:
		if (fsm->master_adver_int_cs != c->adver_int_cs) {
			if (log_get_detail())
				log_info("(%s) changing advert interval from %ums to locally"
					 " configured %ums",
					 c->name, fsm->master_adver_int_cs * 10u,
					 c->adver_int_cs * 10u);
			fsm->master_adver_int_cs = c->adver_int_cs;
			fsm_recompute(fsm);
		}
		*actions |= VRRP_ACT_SEND_ADVERT | VRRP_ACT_VIPS_ADD | VRRP_ACT_GARP;
		fsm_arm(fsm, VRRP_TIMER_ADVER, fsm_adver_next(fsm, call->now_us));
		fsm->master_known = false;
		/* A new term as Master answers the first lower advert at once. */
		fsm->lower_reply_after_us = 0;
		fsm->prio0_reply_after_us = 0;
		fsm->lower_unanswered = 0;
		fsm->stats.became_master++;
		break;
	case VRRP_STATE_BACKUP:
		fsm->preempt_until_us = 0;
		fsm_arm(fsm, VRRP_TIMER_MASTER_DOWN,
			call->now_us + (call->resign ? fsm->skew_us : fsm->master_down_us));
		break;
	default:
		fsm_arm(fsm, VRRP_TIMER_NONE, 0);
		break;
	}
}

static const struct fsm_row *
fsm_lookup(enum vrrp_state st, enum vrrp_event ev)
{
	size_t i;

	for (i = 0; i < sizeof(fsm_table) / sizeof(fsm_table[0]); i++)
		if (fsm_table[i].state == st && fsm_table[i].event == ev)
			return &fsm_table[i];
	return NULL;
}

/* Entry points ---------------------------------------------------------- */

void
vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_instance_conf *conf,
	      const union vrrp_addr *local_addr)
{
	memset(fsm, 0, sizeof(*fsm));
	fsm->conf = conf;
	fsm->state = VRRP_STATE_INIT;
	fsm->priority = conf->priority;
	fsm->master_adver_int_cs = conf->adver_int_cs;
	fsm_recompute(fsm);
	if (local_addr != NULL)
		fsm->local_addr = *local_addr;
	fsm->timer = VRRP_TIMER_NONE;
	fsm->reason = "not started";
}

void
vrrp_fsm_free(struct vrrp_fsm *fsm)
{
	if (fsm->reason == fsm->reason_buf)
		fsm->reason = "freed";
	free(fsm->reason_buf);
	fsm->reason_buf = NULL;
}

bool
vrrp_fsm_set_reason(struct vrrp_fsm *fsm, const char *text)
{
	if (!fsm_reason_keep(fsm, text))
		return false;
	fsm->reason = fsm->reason_buf;
	return true;
}

int
vrrp_fsm_event(struct vrrp_fsm *fsm, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
	       uint8_t new_priority, uint64_t now_us, struct vrrp_fsm_out *out)
{
	const struct fsm_row *row = fsm_lookup(fsm->state, ev);
	struct fsm_call call = {
		.adv = adv,
		.new_priority = new_priority,
		.now_us = now_us,
		.out = out,
		.reload = ev == VRRP_EV_PRIO_RELOAD,
	};

	memset(out, 0, sizeof(*out));
	out->from = out->to = fsm->state;

	if (row == NULL || (ev == VRRP_EV_ADVERT && adv == NULL)) {
		fsm->stats.unexpected_events++;
		log_warnx("(%s) unexpected event %s in state %s%s", fsm->conf->name,
			  vrrp_event_name(ev), vrrp_state_name(fsm->state),
			  row != NULL ? " (no advert)" : "");
		return -1;
	}

	if (ev == VRRP_EV_ADVERT) {
		fsm->stats.adverts_rx++;
		if (adv->priority == VRRP_PRIO_STOP)
			fsm->stats.prio0_rx++;
		if (fsm->conf->version == 3 && adv->adver_int_cs != fsm->conf->adver_int_cs)
			fsm->stats.v3_interval_mismatch++;
	}

	call.next = row->next;
	row->handler(fsm, &call);
	if (call.next != fsm->state)
		fsm_change_state(fsm, &call);

	out->to = fsm->state;
	if (out->actions & VRRP_ACT_SEND_ADVERT)
		fsm->stats.adverts_tx_requested++;
	if (out->actions & VRRP_ACT_SEND_PRIO0)
		fsm->stats.prio0_tx++;
	return 0;
}

int
vrrp_fsm_retime(struct vrrp_fsm *fsm, uint64_t deadline_us)
{
	if (fsm->timer == VRRP_TIMER_NONE)
		return -1;
	fsm->timer_deadline_us = deadline_us;
	return 0;
}

enum vrrp_event
vrrp_fsm_timer_event(const struct vrrp_fsm *fsm)
{
	switch (fsm->timer) {
	case VRRP_TIMER_ADVER:
		return VRRP_EV_ADVER_TIMER;
	case VRRP_TIMER_MASTER_DOWN:
		return VRRP_EV_MASTER_DOWN;
	default:
		return VRRP_EV_COUNT_;
	}
}
