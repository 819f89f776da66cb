/*
 * A reload's part in a live instance that carries on: its move to its slot
 * in the new array of instances (vrrp_daemon.c carries out the reload,
 * vrrp_reload.c plans it). The instance's timers are armed again at their
 * new address for the same deadlines, and what it owns passes to the new
 * slot; the VIPs the new configuration drops or adds are
 * vrrp_instance_vips.c's.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <stdbool.h>
#include <stdint.h>

#include "lib/event.h"
#include "keepalived/vrrp/run/vrrp_lease.h"

/* An armed timer of an instance being moved: where it was due, and its callback. */
struct vrrp_inst_timer_save {
	bool active;
	uint64_t deadline;
	ev_timer_cb cb;
};

/* Note and stop a timer at its old address: the loop's heap points at it. */
static void
vrrp_inst_timer_take(struct ev_loop *loop, struct ev_timer *t, struct vrrp_inst_timer_save *saved)
{
	saved->active = ev_timer_active(t);
	saved->deadline = t->deadline_us;
	saved->cb = t->cb;
	ev_timer_stop(loop, t);
}

/* Arm the timer at its new address for the same deadline. */
static void
vrrp_inst_timer_put(struct ev_loop *loop, struct ev_timer *t,
		    const struct vrrp_inst_timer_save *saved, void *arg)
{
	ev_timer_init(t, saved->cb, arg);
	if (saved->active)
		ev_timer_start_at(loop, t, saved->deadline);
}

void
vrrp_inst_move(struct vrrp_inst *to, struct vrrp_inst *from, const struct vrrp_instance_conf *conf)
{
	struct ev_loop *loop = from->env->loop;
	struct vrrp_inst_timer_save fsm_timer, garp_timer;
	struct vrrp_inst_timer_save due_timer = { 0 }, extra_timer = { 0 };

	vrrp_inst_timer_take(loop, &from->fsm_timer, &fsm_timer);
	vrrp_inst_timer_take(loop, &from->garp_timer, &garp_timer);
	if (from->garp_extra_timer != NULL)
		vrrp_inst_timer_take(loop, from->garp_extra_timer, &extra_timer);
	if (from->garp_due != NULL)
		vrrp_inst_timer_take(loop, &from->garp_due->timer, &due_timer);
	*to = *from;
	vrrp_inst_timer_put(loop, &to->fsm_timer, &fsm_timer, to);
	vrrp_inst_timer_put(loop, &to->garp_timer, &garp_timer, to);
	if (to->garp_extra_timer != NULL)
		vrrp_inst_timer_put(loop, to->garp_extra_timer, &extra_timer, to);
	if (to->garp_due != NULL)
		vrrp_inst_timer_put(loop, &to->garp_due->timer, &due_timer, to);
	/* What from owned is to's now. */
	from->garp_left = NULL;
	from->garp_due = NULL;
	from->garp_extra_timer = NULL;
	from->trouble = NULL;
	from->lease = NULL;
	from->fsm.reason_buf = NULL;
	from->tx = NULL;
	from->ah = NULL;
	from->vmac = NULL;
	from->addr_vmacs = NULL;
	from->naddr_vmacs = 0;
	/* An announcement of a reload's new VIPs picked them by index. */
	if (vrrp_inst_naddrs(conf) != vrrp_inst_naddrs(to->conf) && to->garp_left != NULL)
		vrrp_inst_garp_stop(to);
	to->conf = conf;
	to->fsm.conf = conf;
	to->vip_check_clean = false;
	vrrp_lease_adopt(to);
	/* The trackers are rebuilt: what they meant is derived again. */
	vrrp_inst_clear_tracking(to);
}
