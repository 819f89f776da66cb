/*
 * Live VRRP instances. The state machine decides; this file carries out its
 * decisions in their defined order, through the instance's other files: the
 * adverts (vrrp_instance_tx.c), the VIPs (vrrp_instance_vips.c) and their
 * announcement (vrrp_instance_garp.c). It keeps the state machine's one
 * timer armed on the event loop, derives Fault and the priority from the
 * link, the trackers and the sync group, and tells its observers of each
 * transition. What it receives is vrrp_instance_rx.c's; its move to a new
 * configuration on a reload, vrrp_instance_reload.c's.
 */
#include "keepalived/vrrp/run/vrrp_instance_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/run/vrrp_sync.h"

#define VRRP_RX_LOG_INTERVAL_US 10000000ULL /* bad-packet lines: 5 per 10 s */
#define VRRP_RX_LOG_BURST 5

static void vrrp_inst_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

/*
 * The drop and error counters and log rate limit of inst, allocated on
 * the first drop or error. Without memory the drops of every such
 * instance go to one shared set (counted still, no longer per instance).
 */
struct vrrp_inst_trouble *
vrrp_inst_trouble(struct vrrp_inst *inst)
{
	static struct vrrp_inst_trouble nomem = {
		.log = LOG_RATELIMIT_INIT(VRRP_RX_LOG_INTERVAL_US, VRRP_RX_LOG_BURST),
	};

	if (inst->trouble != NULL)
		return inst->trouble;
	inst->trouble = calloc(1, sizeof(*inst->trouble));
	if (inst->trouble == NULL)
		return &nomem;
	inst->trouble->log = (struct log_ratelimit)LOG_RATELIMIT_INIT(VRRP_RX_LOG_INTERVAL_US,
								      VRRP_RX_LOG_BURST);
	return inst->trouble;
}

struct log_ratelimit *
vrrp_inst_rx_log(struct vrrp_inst *inst)
{
	return &vrrp_inst_trouble(inst)->log;
}

struct vrrp_inst_errors *
vrrp_inst_errs(struct vrrp_inst *inst)
{
	return &vrrp_inst_trouble(inst)->err;
}
static void vrrp_inst_fault_update(struct vrrp_inst *inst, bool was_faulty);

void
vrrp_inst_init(struct vrrp_inst *inst, struct vrrp_inst_env *env, struct vrrp_ifsock *ifs,
	       const struct vrrp_instance_conf *conf)
{
	union vrrp_addr zero;

	memset(inst, 0, sizeof(*inst));
	memset(&zero, 0, sizeof(zero));
	inst->conf = conf;
	inst->env = env;
	inst->ifs = ifs;
	vrrp_fsm_init(&inst->fsm, conf, &zero);
	/* Adverts of one interval share wake-ups and sendmmsg batches (vrrp_fsm.h). */
	inst->fsm.adver_align = true;
	ev_timer_init(&inst->fsm_timer, vrrp_inst_timer_cb, inst);
	vrrp_inst_garp_timers_init(inst); /* vrrp_instance_garp.c */
	if (conf->family == AF_INET6)
		inet_pton(AF_INET6, "ff02::12", &inst->group.v6);
	else
		inet_pton(AF_INET, "224.0.0.18", &inst->group.v4);
	/* The group is settled by vrrp_inst_build_tx(), once the global settings are known. */
	inst->tx_csum_dst = inst->group;
	inst->old_csum = vrrp_unicast_old_csum_configured(conf);
	inst->uc_fault = vrrp_unicast_fault_no_peer(conf);
	/* vrrp_conf_finish() leaves AH on IPv4 version 2 instances only. */
	if (conf->auth_type == VRRP_AUTH_AH && conf->family == AF_INET) {
		inst->ah = vrrp_ah_new(conf->auth_pass);
		if (inst->ah == NULL)
			log_warnx("(%s) cannot set up AH authentication", conf->name);
	}
}

/*
 * An auth_type AH instance runs only with its HMAC and its AH socket:
 * without them it would hear only unauthenticated adverts and send nothing,
 * and so become a second Master. Such an instance is held in Fault.
 */
static bool
vrrp_inst_ah_ready(const struct vrrp_inst *inst)
{
	if (inst->conf->auth_type != VRRP_AUTH_AH)
		return true;
	return inst->ah != NULL && inst->ifs != NULL && inst->ifs->ah_sock != NULL;
}

/*
 * Note whether the AH context is usable, with a line when it stops being
 * so. Call after link_fault is set: an interface that is down or missing
 * has no AH socket either, and that is the link's fault, said already.
 */
static void
vrrp_inst_ah_check(struct vrrp_inst *inst)
{
	bool fault = !inst->link_fault && !vrrp_inst_ah_ready(inst);

	if (fault && !inst->ah_fault)
		log_warnx(
			"(%s) no AH %s on %s: authentication cannot be done - going to fault state",
			inst->conf->name, inst->ah == NULL ? "HMAC-MD5 context" : "socket",
			inst->ifs != NULL ? inst->ifs->ifname : inst->conf->ifname);
	else if (!fault && inst->ah_fault)
		log_info("(%s) AH authentication available again", inst->conf->name);
	inst->ah_fault = fault;
}

void
vrrp_inst_free(struct vrrp_inst *inst)
{
	/* Its timers leave the loop first (those in the blocks below too), even
	 * for an instance freed without vrrp_inst_abandon(): stopping twice is harmless. */
	if (inst->env != NULL && inst->env->loop != NULL)
		vrrp_inst_abandon(inst);
	free(inst->garp_left);
	free(inst->garp_due);
	inst->garp_due = NULL;
	free(inst->garp_extra_timer);
	inst->garp_extra_timer = NULL;
	inst->garp_left = NULL;
	free(inst->trouble);
	inst->trouble = NULL;
	free(inst->lease);
	inst->lease = NULL;
	vrrp_fsm_free(&inst->fsm);
	free(inst->tx);
	inst->tx = NULL;
	vrrp_ah_free(inst->ah);
	inst->ah = NULL;
	vrrp_inst_vmac_release(inst);
}

/*
 * Set while an advert timer runs: its advert may join the socket's batch. A
 * batched advert that fails in the flush is counted on the socket only
 * (tx_errors): the instance may be gone by then (a reload runs first).
 */
static bool vrrp_inst_in_timer;

/* Observers ---------------------------------------------------------------- */

void
vrrp_inst_subscribe(struct vrrp_inst *inst, struct vrrp_inst_observer *o)
{
	struct vrrp_inst_observer **pp = &inst->track.observers;

	while (*pp != NULL)
		pp = &(*pp)->next;
	o->next = NULL;
	*pp = o;
}

static void
vrrp_inst_publish(struct vrrp_inst *inst, enum vrrp_inst_news_kind kind, enum vrrp_state to)
{
	struct vrrp_inst_news news = { .kind = kind, .to = to, .priority = inst->fsm.priority };

	for (struct vrrp_inst_observer *o = inst->track.observers; o != NULL; o = o->next)
		o->fn(o->arg, inst, &news);
}

void
vrrp_inst_set_tracking(struct vrrp_inst *inst, const struct vrrp_track_watch *watch,
		       const struct vrrp_notify_target *notify, struct vrrp_sync *sync)
{
	inst->track.watch = watch;
	inst->track.notify = notify;
	inst->track.sync = sync;
}

void
vrrp_inst_clear_tracking(struct vrrp_inst *inst)
{
	memset(&inst->track.sum, 0, sizeof(inst->track.sum));
	inst->track.watch = NULL;
	inst->track.notify = NULL;
	inst->track.sync = NULL;
	inst->track.observers = NULL;
}

/* Carry out the state machine's actions in their defined order. */
static void
vrrp_inst_apply(struct vrrp_inst *inst, const struct vrrp_fsm_out *out)
{
	struct ev_loop *loop = vrrp_inst_loop(inst);
	char why[VRRP_FSM_REASON_LEN];

	/* Fault held by a tracker: the reason names it (status, and -D as keepalived). */
	if (out->to == VRRP_STATE_FAULT && out->from != VRRP_STATE_FAULT &&
	    vrrp_track_fault_reason(inst->track.watch, why, sizeof(why)) != NULL &&
	    vrrp_fsm_set_reason(&inst->fsm, why)) {
		/* keepalived's -D line is for a process quorum, not for an interface. */
		if (log_get_detail() && strncmp(why, "interface ", 10) != 0)
			log_info("(%s) entering FAULT state (%s)", inst->conf->name,
				 inst->fsm.reason);
	}
	/* AH: an exhausted sequence number starts again with a new master. */
	if (out->to == VRRP_STATE_MASTER && out->from != VRRP_STATE_MASTER && inst->ah != NULL)
		vrrp_ah_seq_become_master(&inst->ah_seq);
	/* Only a Master's periodic advert is batched; transitions send at once. */
	if (out->actions & VRRP_ACT_SEND_ADVERT)
		vrrp_inst_send(inst, inst->fsm.priority,
			       vrrp_inst_in_timer && out->from == VRRP_STATE_MASTER &&
				       out->to == VRRP_STATE_MASTER);
	if ((out->actions & VRRP_ACT_SEND_PRIO0) && !inst->keep_at_stop)
		vrrp_inst_send(inst, VRRP_PRIO_STOP, false);
	if (out->actions & VRRP_ACT_VIPS_ADD)
		vrrp_inst_vips(inst, true);
	if ((out->actions & VRRP_ACT_VIPS_DEL) && !inst->keep_at_stop)
		vrrp_inst_vips(inst, false);
	if (out->actions & VRRP_ACT_GARP_STOP)
		vrrp_inst_garp_stop(inst);
	/* A Master staying Master was answering a lower-priority advert. */
	if ((out->actions & VRRP_ACT_GARP) && out->from == VRRP_STATE_MASTER &&
	    out->to == VRRP_STATE_MASTER)
		vrrp_inst_garp_lower(inst);
	else if (out->actions & VRRP_ACT_GARP)
		vrrp_inst_garp_start(inst, NULL);
	if (out->actions & VRRP_ACT_SEND_ADVERT)
		vrrp_lease_advert(inst); /* vip_lease: renewed right after an advert */

	if (inst->fsm.timer == VRRP_TIMER_NONE)
		ev_timer_stop(loop, &inst->fsm_timer);
	else if (inst->fsm.timer == VRRP_TIMER_ADVER) /* on a shared tick: one batch */
		ev_timer_start_at(loop, &inst->fsm_timer,
				  vrrp_ifsock_tick(inst->fsm.timer_deadline_us,
						   VRRP_IFSOCK_TICK_US));
	else
		ev_timer_start_at(loop, &inst->fsm_timer, inst->fsm.timer_deadline_us);

	/* Last: a sync group may move the other members from here. */
	if (out->actions & VRRP_ACT_NOTIFY)
		vrrp_inst_publish(inst, VRRP_INST_NEWS_STATE, out->to);
	if (out->actions & VRRP_ACT_NOTIFY_RX_LOWER)
		vrrp_inst_publish(inst, VRRP_INST_NEWS_RX_LOWER, inst->fsm.state);
}

void
vrrp_inst_event(struct vrrp_inst *inst, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
		uint8_t new_priority)
{
	struct vrrp_fsm_out out;

	if (vrrp_fsm_event(&inst->fsm, ev, adv, new_priority, ev_now(vrrp_inst_loop(inst)), &out) <
	    0)
		return;
	vrrp_inst_apply(inst, &out);
}

static void
vrrp_inst_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *inst = arg;
	enum vrrp_event ev = vrrp_fsm_timer_event(&inst->fsm);
	uint64_t deadline = inst->fsm.timer_deadline_us;

	/* Adverts before timers: a socket holding a burst (vrrp_ifsock_rx()) is read first. */
	if (ev == VRRP_EV_MASTER_DOWN && inst->ifs != NULL && inst->ifs->rx_held) {
		vrrp_ifsock_rx_drain(inst->ifs, loop);
		if (inst->fsm.timer != VRRP_TIMER_MASTER_DOWN ||
		    inst->fsm.timer_deadline_us != deadline)
			return; /* an advert moved the timer (and armed it again) */
	}
	/* In a sync group the last member to time out takes the group to Master. */
	if (ev == VRRP_EV_MASTER_DOWN && inst->track.sync != NULL &&
	    !vrrp_sync_member_timeout(inst->track.sync, inst))
		ev = VRRP_EV_SYNC_WAIT;
	if (ev != VRRP_EV_COUNT_) {
		vrrp_inst_in_timer = ev == VRRP_EV_ADVER_TIMER;
		vrrp_inst_event(inst, ev, NULL, 0);
		vrrp_inst_in_timer = false;
	}
}

/* Start the state machine: Fault if anything is wrong (or the sync group is in Fault). */
static void
vrrp_inst_run(struct vrrp_inst *inst)
{
	union vrrp_addr src;
	bool usable = vrrp_inst_source(inst, &src);

	/* keepalived -D: its move to the initial state removes the routes and rules again. */
	vrrp_inst_routes_log(inst, false);
	inst->track.start_held = false;
	inst->track.started = true;
	if (!usable && !inst->link_fault && inst->conf->ifname[0] == '\0')
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	if (!usable && !inst->link_fault && vrrp_inst_src_unbindable(inst)) {
		char a[INET6_ADDRSTRLEN];

		/* keepalived's two lines (its bind() at start-up), with where the source is set. */
		log_warnx("%s:%d: bind unicast_src %s failed %d - %s", inst->conf->file,
			  inst->conf->unicast->src_line,
			  inet_ntop(inst->conf->family, inst->conf->unicast->src.bytes, a,
				    sizeof(a)),
			  EADDRNOTAVAIL, strerror(EADDRNOTAVAIL));
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	}
	inst->link_fault = !usable;
	vrrp_inst_ah_check(inst);
	if (usable)
		inst->fsm.local_addr = src;
	vrrp_inst_build_tx(inst, &src);
	if (inst->uc_fault)
		log_info("(%s) Cannot use unicast without any peers - going to fault state",
			 inst->conf->name);
	/* keepalived's silent Fault while an unweighted script holds the start (vrrp_fsm.c). */
	if (inst->track.sum.script_start_fault && inst->fsm.state == VRRP_STATE_INIT)
		vrrp_inst_event(inst, VRRP_EV_START_FAULT, NULL, 0);
	if (vrrp_inst_faulty(inst) ||
	    (inst->track.sync != NULL && inst->track.sync->state == VRRP_STATE_FAULT)) {
		if (inst->fsm.state != VRRP_STATE_FAULT)
			vrrp_inst_event(inst, VRRP_EV_FAULT, NULL, 0);
		return;
	}
	vrrp_inst_event(inst,
			inst->fsm.state == VRRP_STATE_FAULT ? VRRP_EV_FAULT_CLEAR : VRRP_EV_STARTUP,
			NULL, 0);
}

void
vrrp_inst_start(struct vrrp_inst *inst)
{
	/* A previous run may have died holding our VIPs. */
	vrrp_inst_vips_clear(inst);
	vrrp_inst_start_cleared(inst);
}

void
vrrp_inst_start_cleared(struct vrrp_inst *inst)
{
	/* As keepalived: an unweighted script's first result comes first. */
	if (inst->track.sum.init_pending > 0) {
		inst->track.start_held = true;
		return;
	}
	vrrp_inst_run(inst);
}

bool
vrrp_inst_faulty(const struct vrrp_inst *inst)
{
	return inst->link_fault || inst->maintenance || inst->vmac_fault || inst->uc_fault ||
	       inst->ah_fault || inst->track.sum.faults > 0;
}

bool
vrrp_inst_faulty_at_start(const struct vrrp_inst *inst)
{
	union vrrp_addr src;

	return !vrrp_inst_source(inst, &src) || inst->maintenance || inst->vmac_fault ||
	       inst->uc_fault || !vrrp_inst_ah_ready(inst) || inst->track.sum.faults > 0;
}

/*
 * Tell the state machine when the instance's faults appear or all clear.
 * In a sync group, a member stays in Fault while another member has a
 * fault of its own.
 */
static void
vrrp_inst_fault_update(struct vrrp_inst *inst, bool was_faulty)
{
	bool faulty = vrrp_inst_faulty(inst);
	enum vrrp_state st = inst->fsm.state;

	if (!inst->track.started || st == VRRP_STATE_STOP)
		return;
	if (faulty && !was_faulty && st != VRRP_STATE_FAULT) {
		vrrp_inst_event(inst, VRRP_EV_FAULT, NULL, 0);
	} else if (!faulty && was_faulty && st == VRRP_STATE_FAULT) {
		if (inst->track.sync != NULL && vrrp_sync_member_hold_fault(inst->track.sync, inst))
			return;
		vrrp_inst_event(inst, VRRP_EV_FAULT_CLEAR, NULL, 0);
	}
}

void
vrrp_inst_track_changed(struct vrrp_inst *inst, bool was_faulty)
{
	uint8_t prio = vrrp_track_priority(inst->conf->priority, inst->track.sum.weight_sum);
	bool reload = inst->track.reloaded;

	/* Right after a reload: logged (or not) as keepalived's, even when nothing moves. */
	inst->track.reloaded = false;
	if (reload && prio == inst->fsm.priority && inst->fsm.state != VRRP_STATE_STOP)
		vrrp_inst_event(inst, VRRP_EV_PRIO_RELOAD, NULL, prio);
	if (prio != inst->fsm.priority && inst->fsm.state != VRRP_STATE_STOP) {
		vrrp_inst_event(inst, reload ? VRRP_EV_PRIO_RELOAD : VRRP_EV_PRIO_CHANGE, NULL,
				prio);
		inst->track.stats.priority_changes++;
		vrrp_inst_publish(inst, VRRP_INST_NEWS_PRIORITY, inst->fsm.state);
	}
	if (inst->track.start_held) {
		if (inst->track.sum.init_pending == 0)
			vrrp_inst_run(inst);
		return;
	}
	vrrp_inst_fault_update(inst, was_faulty);
}

void
vrrp_inst_track_update(void *arg, const struct vrrp_track_summary *sum)
{
	struct vrrp_inst *inst = arg;
	bool was_faulty = vrrp_inst_faulty(inst);

	if (sum->fault_events > inst->track.sum.fault_events)
		inst->track.stats.tracker_faults +=
			sum->fault_events - inst->track.sum.fault_events;
	inst->track.sum = *sum;
	vrrp_inst_track_changed(inst, was_faulty);
}

void
vrrp_inst_retime(struct vrrp_inst *inst, uint64_t deadline_us)
{
	if (vrrp_fsm_retime(&inst->fsm, deadline_us) == 0)
		ev_timer_start_at(vrrp_inst_loop(inst), &inst->fsm_timer, deadline_us);
}

/* Sync groups (vrrp_sync.h): what the group reads of a member and does to it. */

static const struct vrrp_instance_conf *
vrrp_inst_sync_conf(const void *member)
{
	return ((const struct vrrp_inst *)member)->conf;
}

static const struct vrrp_fsm *
vrrp_inst_sync_fsm(const void *member)
{
	return &((const struct vrrp_inst *)member)->fsm;
}

static bool
vrrp_inst_sync_own_fault(const void *member)
{
	return vrrp_inst_faulty(member);
}

static bool
vrrp_inst_sync_own_fault_at_start(const void *member)
{
	return vrrp_inst_faulty_at_start(member);
}

static void
vrrp_inst_sync_apply(void *member, enum vrrp_sync_op op)
{
	/* clang-format off */
	static const enum vrrp_event events[] = {
		[VRRP_SYNC_OP_MASTER] = VRRP_EV_MASTER_DOWN,
		[VRRP_SYNC_OP_BACKUP] = VRRP_EV_SYNC_BACKUP,
		[VRRP_SYNC_OP_LEAVE_FAULT] = VRRP_EV_FAULT_CLEAR,
		[VRRP_SYNC_OP_FAULT] = VRRP_EV_FAULT,
		[VRRP_SYNC_OP_RESIGN] = VRRP_EV_RESIGN,
	};
	/* clang-format on */

	if (op != VRRP_SYNC_OP_NONE && (size_t)op < sizeof(events) / sizeof(events[0]))
		vrrp_inst_event(member, events[op], NULL, 0);
}

static void
vrrp_inst_sync_retime(void *member, uint64_t deadline_us)
{
	vrrp_inst_retime(member, deadline_us);
}

const struct vrrp_sync_member_ops vrrp_inst_sync_ops = {
	.conf = vrrp_inst_sync_conf,
	.fsm = vrrp_inst_sync_fsm,
	.own_fault = vrrp_inst_sync_own_fault,
	.own_fault_at_start = vrrp_inst_sync_own_fault_at_start,
	.apply = vrrp_inst_sync_apply,
	.retime = vrrp_inst_sync_retime,
};

void
vrrp_inst_link_update(struct vrrp_inst *inst)
{
	union vrrp_addr src;
	bool usable = vrrp_inst_source(inst, &src);
	bool was_faulty = vrrp_inst_faulty(inst);

	if (usable && memcmp(&src, &inst->fsm.local_addr, sizeof(src)) != 0) {
		inst->fsm.local_addr = src;
		vrrp_inst_build_tx(inst, &src);
	}
	if (!usable && !inst->link_fault && inst->conf->ifname[0] == '\0')
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	inst->link_fault = !usable;
	vrrp_inst_ah_check(inst);
	vrrp_inst_fault_update(inst, was_faulty);
}

void
vrrp_inst_set_maintenance(struct vrrp_inst *inst, bool on)
{
	bool was_faulty = vrrp_inst_faulty(inst);

	if (inst->maintenance == on)
		return;
	inst->maintenance = on;
	log_info("(%s) maintenance mode %s", inst->conf->name, on ? "on" : "off");
	vrrp_inst_fault_update(inst, was_faulty);
}

void
vrrp_inst_resign(struct vrrp_inst *inst)
{
	if (inst->track.sync != NULL)
		vrrp_sync_resigning(inst->track.sync, true);
	vrrp_inst_event(inst, VRRP_EV_RESIGN, NULL, 0);
	if (inst->track.sync != NULL)
		vrrp_sync_resigning(inst->track.sync, false);
}

void
vrrp_inst_stop(struct vrrp_inst *inst)
{
	vrrp_inst_event(inst, VRRP_EV_SHUTDOWN, NULL, 0);
	if (inst->vips_installed && !inst->keep_at_stop)
		vrrp_inst_vips(inst, false);
	vrrp_inst_abandon(inst);
}

void
vrrp_inst_abandon(struct vrrp_inst *inst)
{
	struct ev_loop *loop = vrrp_inst_loop(inst);

	ev_timer_stop(loop, &inst->fsm_timer);
	ev_timer_stop(loop, &inst->garp_timer);
	if (inst->garp_extra_timer != NULL)
		ev_timer_stop(loop, inst->garp_extra_timer);
	if (inst->garp_due != NULL)
		ev_timer_stop(loop, &inst->garp_due->timer);
}
