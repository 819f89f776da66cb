/*
 * Sync groups (vrrp_sync.h): the decisions, then the runtime that carries
 * them out on live instances.
 */
#include "vrrp_sync.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "vrrp_instance.h"

/* Decisions ----------------------------------------------------------------------------- */

bool
vrrp_sync_may_master(enum vrrp_state group, const struct vrrp_sync_member *m, size_t n,
		     size_t self)
{
	if (group == VRRP_STATE_MASTER)
		return true;
	for (size_t i = 0; i < n; i++) {
		if (i == self || m[i].state == VRRP_STATE_MASTER)
			continue;
		if (m[i].state != VRRP_STATE_BACKUP || !m[i].want_master)
			return false;
	}
	return true;
}

bool
vrrp_sync_hold_fault(const struct vrrp_sync_member *m, size_t n, size_t self)
{
	for (size_t i = 0; i < n; i++)
		if (i != self && m[i].own_fault)
			return true;
	return false;
}

enum vrrp_state
vrrp_sync_initial_state(const struct vrrp_sync_member *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].own_fault)
			return VRRP_STATE_FAULT;
	return VRRP_STATE_BACKUP;
}

enum vrrp_state
vrrp_sync_plan(enum vrrp_state group, const struct vrrp_sync_member *m, size_t n, size_t self,
	       enum vrrp_state to, enum vrrp_sync_op *ops)
{
	enum vrrp_state next = group;

	for (size_t i = 0; i < n; i++)
		ops[i] = VRRP_SYNC_OP_NONE;
	if (to == group || to == VRRP_STATE_INIT || to == VRRP_STATE_STOP)
		return group;
	if (to == VRRP_STATE_BACKUP && vrrp_sync_hold_fault(m, n, self))
		return group; /* not expected: such a member stays in Fault */
	next = to;
	for (size_t i = 0; i < n; i++) {
		if (i == self)
			continue;
		switch (to) {
		case VRRP_STATE_MASTER:
			if (m[i].state == VRRP_STATE_BACKUP)
				ops[i] = VRRP_SYNC_OP_MASTER;
			else if (m[i].state == VRRP_STATE_FAULT && !m[i].own_fault)
				ops[i] = VRRP_SYNC_OP_LEAVE_FAULT;
			break;
		case VRRP_STATE_BACKUP:
			if (m[i].state == VRRP_STATE_MASTER)
				ops[i] = VRRP_SYNC_OP_BACKUP;
			else if (m[i].state == VRRP_STATE_FAULT)
				ops[i] = VRRP_SYNC_OP_LEAVE_FAULT;
			break;
		case VRRP_STATE_FAULT:
			if (m[i].state == VRRP_STATE_MASTER || m[i].state == VRRP_STATE_BACKUP)
				ops[i] = VRRP_SYNC_OP_FAULT;
			break;
		default:
			break;
		}
	}
	return next;
}

const char *
vrrp_sync_op_name(enum vrrp_sync_op op)
{
	static const char *const names[] = { "none", "master", "backup", "leave-fault", "fault" };

	return (unsigned)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* Runtime ---------------------------------------------------------------------------------- */

int
vrrp_sync_init(struct vrrp_sync *g, const struct vrrp_sync_group_conf *conf,
	       struct vrrp_inst *insts, size_t ninsts, struct vrrp_notifier *notifier)
{
	memset(g, 0, sizeof(*g));
	g->conf = conf;
	g->notifier = notifier;
	g->state = VRRP_STATE_INIT;
	g->members = calloc(conf->nmembers + 1, sizeof(*g->members));
	g->view = calloc(conf->nmembers + 1, sizeof(*g->view));
	g->ops = calloc(conf->nmembers + 1, sizeof(*g->ops));
	if (g->members == NULL || g->view == NULL || g->ops == NULL) {
		vrrp_sync_fini(g);
		return -1;
	}
	for (size_t i = 0; i < conf->nmembers; i++) {
		for (size_t j = 0; j < ninsts; j++) {
			if (insts[j].conf == conf->members[i]) {
				g->members[g->n++] = &insts[j];
				insts[j].track.sync = g;
			}
		}
	}
	vrrp_notify_target_init(&g->notify, notifier, &conf->set, conf->name, true);
	return 0;
}

void
vrrp_sync_fini(struct vrrp_sync *g)
{
	for (size_t i = 0; g->members != NULL && i < g->n; i++)
		g->members[i]->track.sync = NULL;
	free(g->members);
	free(g->view);
	free(g->ops);
	g->members = NULL;
	g->view = NULL;
	g->ops = NULL;
	g->n = 0;
}

/* Refresh the view; returns the index of inst (n if it is not a member). */
static size_t
sync_view(struct vrrp_sync *g, const struct vrrp_inst *inst)
{
	size_t self = g->n;

	for (size_t i = 0; i < g->n; i++) {
		const struct vrrp_inst *m = g->members[i];

		g->view[i].state = m->fsm.state;
		g->view[i].want_master = m->track.want_master;
		g->view[i].own_fault = vrrp_inst_faulty(m);
		if (m == inst)
			self = i;
	}
	return self;
}

static void
sync_notify(struct vrrp_sync *g)
{
	g->stats.transitions++;
	vrrp_notify_state(g->notifier, &g->notify, g->state, 0);
}

void
vrrp_sync_start(struct vrrp_sync *g)
{
	sync_view(g, NULL);
	for (size_t i = 0; i < g->n; i++)
		g->view[i].own_fault = vrrp_inst_faulty_at_start(g->members[i]);
	g->state = vrrp_sync_initial_state(g->view, g->n);
	sync_notify(g);
}

void
vrrp_sync_stop(struct vrrp_sync *g)
{
	g->state = VRRP_STATE_STOP;
	sync_notify(g);
}

/*
 * Members moved to Backup with the one that triggered it all have the same
 * down timer; keepalived fires them in the order they were armed (the
 * trigger, then the others in group order), which decides which member
 * ends up waiting for the others. Make that order explicit.
 */
static void
sync_order_timers(struct vrrp_sync *g, struct vrrp_inst *trigger)
{
	uint64_t base = trigger->fsm.timer_deadline_us, k = 1;

	if (trigger->fsm.state != VRRP_STATE_BACKUP || trigger->fsm.timer != VRRP_TIMER_MASTER_DOWN)
		return;
	for (size_t i = 0; i < g->n; i++) {
		struct vrrp_inst *m = g->members[i];

		if (g->ops[i] == VRRP_SYNC_OP_NONE || m->fsm.state != VRRP_STATE_BACKUP ||
		    m->fsm.timer != VRRP_TIMER_MASTER_DOWN || m->fsm.timer_deadline_us > base + k)
			continue;
		vrrp_inst_retime(m, base + k++);
	}
}

void
vrrp_sync_member_changed(struct vrrp_sync *g, struct vrrp_inst *inst, enum vrrp_state to)
{
	size_t self = sync_view(g, inst);
	enum vrrp_state next;

	if (to == VRRP_STATE_BACKUP || to == VRRP_STATE_FAULT)
		inst->track.want_master = false;
	if (self == g->n || g->busy || g->state == VRRP_STATE_STOP)
		return;
	next = vrrp_sync_plan(g->state, g->view, g->n, self, to, g->ops);
	if (next == g->state)
		return;
	log_info("VRRP_Group(%s) Syncing instances to %s state", g->conf->name,
		 vrrp_state_name(next));
	g->state = next;
	g->busy = true;
	for (size_t i = 0; i < g->n; i++) {
		struct vrrp_inst *m = g->members[i];

		if (g->ops[i] == VRRP_SYNC_OP_NONE)
			continue;
		g->stats.syncs++;
		switch (g->ops[i]) {
		case VRRP_SYNC_OP_MASTER:
			vrrp_inst_event(m, VRRP_EV_MASTER_DOWN, NULL, 0);
			break;
		case VRRP_SYNC_OP_BACKUP:
			vrrp_inst_event(m, VRRP_EV_SYNC_BACKUP, NULL, 0);
			break;
		case VRRP_SYNC_OP_LEAVE_FAULT:
			vrrp_inst_event(m, VRRP_EV_FAULT_CLEAR, NULL, 0);
			break;
		case VRRP_SYNC_OP_FAULT:
			vrrp_inst_event(m, VRRP_EV_FAULT, NULL, 0);
			break;
		default:
			break;
		}
	}
	g->busy = false;
	sync_order_timers(g, inst);
	sync_notify(g);
}

bool
vrrp_sync_inst_may_master(struct vrrp_sync *g, const struct vrrp_inst *inst)
{
	size_t self = sync_view(g, inst);

	return self == g->n || vrrp_sync_may_master(g->state, g->view, g->n, self);
}

bool
vrrp_sync_inst_hold_fault(struct vrrp_sync *g, const struct vrrp_inst *inst)
{
	size_t self = sync_view(g, inst);

	return self != g->n && vrrp_sync_hold_fault(g->view, g->n, self);
}
