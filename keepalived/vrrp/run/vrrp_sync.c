/*
 * Sync groups (vrrp_sync.h): the decisions, then the runtime that carries
 * them out on live instances.
 */
#include "keepalived/vrrp/run/vrrp_sync.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

/* Decisions ----------------------------------------------------------------------------- */

bool
vrrp_sync_may_master(enum vrrp_state group, const struct vrrp_sync_member *m, size_t n, size_t self)
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
	static const char *const names[] = { "none",        "master", "backup",
					     "leave-fault", "fault",  "resign" };

	return (unsigned)op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* Runtime ---------------------------------------------------------------------------------- */

int
vrrp_sync_init(struct vrrp_sync *g, const struct vrrp_sync_group_conf *conf,
	       const struct vrrp_sync_member_ops *ops, void *const *cands, size_t ncands,
	       struct vrrp_notifier *notifier)
{
	memset(g, 0, sizeof(*g));
	g->conf = conf;
	g->ops = ops;
	g->notifier = notifier;
	g->state = VRRP_STATE_INIT;
	g->members = calloc(conf->nmembers + 1, sizeof(*g->members));
	g->want_master = calloc(conf->nmembers + 1, sizeof(*g->want_master));
	g->view = calloc(conf->nmembers + 1, sizeof(*g->view));
	g->ops_todo = calloc(conf->nmembers + 1, sizeof(*g->ops_todo));
	if (g->members == NULL || g->want_master == NULL || g->view == NULL ||
	    g->ops_todo == NULL) {
		vrrp_sync_fini(g);
		return -1;
	}
	for (size_t i = 0; i < conf->nmembers; i++)
		for (size_t j = 0; j < ncands; j++)
			if (ops->conf(cands[j]) == conf->members[i] && g->n < conf->nmembers)
				g->members[g->n++] = cands[j];
	if (notifier != NULL)
		vrrp_notify_target_init(&g->notify, notifier, &conf->set, conf->name, true);
	return 0;
}

void
vrrp_sync_fini(struct vrrp_sync *g)
{
	free(g->members);
	free(g->want_master);
	free(g->view);
	free(g->ops_todo);
	g->members = NULL;
	g->want_master = NULL;
	g->view = NULL;
	g->ops_todo = NULL;
	g->n = 0;
}

/* The index of member, n if it is not one. */
static size_t
sync_index(const struct vrrp_sync *g, const void *member)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->members[i] == member)
			return i;
	return g->n;
}

/* Refresh the view; returns the index of member (n if it is not one). */
static size_t
sync_view(struct vrrp_sync *g, const void *member)
{
	for (size_t i = 0; i < g->n; i++) {
		g->view[i].state = g->ops->fsm(g->members[i])->state;
		g->view[i].want_master = g->want_master[i];
		g->view[i].own_fault = g->ops->own_fault(g->members[i]);
	}
	return sync_index(g, member);
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
		g->view[i].own_fault = g->ops->own_fault_at_start(g->members[i]);
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
 * ends up waiting for the others. Make that order explicit. A member that
 * resigned goes last.
 */
static void
sync_order_timers(struct vrrp_sync *g, void *trigger, bool resign)
{
	const struct vrrp_fsm *tf = g->ops->fsm(trigger);
	uint64_t base = tf->timer_deadline_us, k = 1;

	if (tf->state != VRRP_STATE_BACKUP || tf->timer != VRRP_TIMER_MASTER_DOWN)
		return;
	for (size_t i = 0; i < g->n; i++) {
		const struct vrrp_fsm *f = g->ops->fsm(g->members[i]);

		if (g->ops_todo[i] == VRRP_SYNC_OP_NONE || f->state != VRRP_STATE_BACKUP ||
		    f->timer != VRRP_TIMER_MASTER_DOWN || f->timer_deadline_us > base + k)
			continue;
		g->ops->retime(g->members[i], base + k++);
	}
	/* After a resignation keepalived fires the others first, the resigner last. */
	if (resign && k > 1)
		g->ops->retime(trigger, base + k);
}

void
vrrp_sync_member_changed(struct vrrp_sync *g, void *member, enum vrrp_state to)
{
	size_t self = sync_view(g, member);
	enum vrrp_state next;
	bool resign = g->resigning && to == VRRP_STATE_BACKUP;

	g->resigning = false;
	if (self < g->n && (to == VRRP_STATE_BACKUP || to == VRRP_STATE_FAULT))
		g->want_master[self] = g->view[self].want_master = false;
	if (self == g->n || g->busy || g->state == VRRP_STATE_STOP)
		return;
	next = vrrp_sync_plan(g->state, g->view, g->n, self, to, g->ops_todo);
	if (next == g->state)
		return;
	if (!resign)
		log_info("VRRP_Group(%s) Syncing instances to %s state", g->conf->name,
			 vrrp_state_name(next));
	g->state = next;
	g->busy = true;
	for (size_t i = 0; i < g->n; i++) {
		if (g->ops_todo[i] == VRRP_SYNC_OP_NONE)
			continue;
		if (resign && g->ops_todo[i] == VRRP_SYNC_OP_BACKUP)
			g->ops_todo[i] = VRRP_SYNC_OP_RESIGN;
		g->stats.syncs++;
		g->ops->apply(g->members[i], g->ops_todo[i]);
	}
	g->busy = false;
	sync_order_timers(g, member, resign);
	sync_notify(g);
}

void
vrrp_sync_resigning(struct vrrp_sync *g, bool on)
{
	g->resigning = on;
}

bool
vrrp_sync_member_timeout(struct vrrp_sync *g, const void *member)
{
	size_t self = sync_view(g, member);
	bool may;

	if (self == g->n)
		return true;
	may = vrrp_sync_may_master(g->state, g->view, g->n, self);
	g->want_master[self] = true;
	if (!may)
		g->stats.held_master++;
	return may;
}

void
vrrp_sync_member_heard_master(struct vrrp_sync *g, const void *member)
{
	size_t self = sync_index(g, member);

	if (self < g->n)
		g->want_master[self] = false;
}

bool
vrrp_sync_member_hold_fault(struct vrrp_sync *g, const void *member)
{
	size_t self = sync_view(g, member);

	return self != g->n && vrrp_sync_hold_fault(g->view, g->n, self);
}
