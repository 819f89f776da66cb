/*
 * Sync groups: the members of a vrrp_sync_group move together, as
 * keepalived 2.2.7 moves them.
 *  - A member whose Master_Down_Timer expires becomes Master only when every
 *    other member wants to as well (prefer Backup to thrashing); until then
 *    it waits another down interval. The last one to time out takes the
 *    whole group to Master ("VRRP_Group(G) Syncing instances to MASTER state").
 *  - A member entering Backup takes the Masters along to Backup (without a
 *    priority-0 advert) and the members held in Fault out of it.
 *  - A member entering Fault takes every other member to Fault; they stay
 *    there until no member has a fault of its own.
 * Each move of the group ends with the group's notifications (GROUP "G" ...).
 *
 * The decisions are pure functions over a view of the members, unit-tested
 * in test/unit/test_vrrp_sync.c; the runtime part below them carries them
 * out on live instances.
 */
#ifndef VRRP_SYNC_H
#define VRRP_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp_conf_track.h"
#include "vrrp_fsm.h"
#include "vrrp_notify.h"

struct vrrp_inst;

/* What the decisions need to know of a member. */
struct vrrp_sync_member {
	enum vrrp_state state;
	bool want_master; /* its down timer expired while it waited for the others */
	bool own_fault;   /* Fault because of its own interface, trackers or maintenance */
};

/* What to do to another member. */
enum vrrp_sync_op {
	VRRP_SYNC_OP_NONE = 0,
	VRRP_SYNC_OP_MASTER,      /* Backup to Master now */
	VRRP_SYNC_OP_BACKUP,      /* Master to Backup, no priority-0 advert */
	VRRP_SYNC_OP_LEAVE_FAULT, /* out of the Fault the group held it in */
	VRRP_SYNC_OP_FAULT,       /* into Fault with the group */
};

/* May member self become Master now (keepalived's vrrp_sync_can_goto_master())? */
bool vrrp_sync_may_master(enum vrrp_state group, const struct vrrp_sync_member *m, size_t n,
			  size_t self);
/* Must member self, whose own fault has cleared, stay in Fault for another member's? */
bool vrrp_sync_hold_fault(const struct vrrp_sync_member *m, size_t n, size_t self);
/* The group's state at start-up: Fault if a member starts with a fault, else Backup. */
enum vrrp_state vrrp_sync_initial_state(const struct vrrp_sync_member *m, size_t n);
/*
 * Member self has just entered `to`. Returns the group's new state (the
 * current one when nothing follows) and fills ops[0..n-1] with what the
 * other members must do, in member order; ops[self] is always NONE.
 */
enum vrrp_state vrrp_sync_plan(enum vrrp_state group, const struct vrrp_sync_member *m, size_t n,
			       size_t self, enum vrrp_state to, enum vrrp_sync_op *ops);
const char *vrrp_sync_op_name(enum vrrp_sync_op op);

/* Runtime ------------------------------------------------------------------------------ */

struct vrrp_sync_stats {
	uint64_t transitions; /* group state changes notified */
	uint64_t syncs;       /* members moved by the group */
	uint64_t held_master; /* down timers that waited for the other members */
};

struct vrrp_sync {
	const struct vrrp_sync_group_conf *conf;
	struct vrrp_inst **members;
	size_t n;
	enum vrrp_state state;
	struct vrrp_notify_target notify;
	struct vrrp_notifier *notifier;
	struct vrrp_sync_member *view; /* scratch, n entries: no allocation per event */
	enum vrrp_sync_op *ops;
	bool busy;                     /* carrying out a plan */
	struct vrrp_sync_stats stats;
};

/* Set up g for conf's members (insts[] are the live instances in conf order). 0 or -1. */
int vrrp_sync_init(struct vrrp_sync *g, const struct vrrp_sync_group_conf *conf,
		   struct vrrp_inst *insts, size_t ninsts, struct vrrp_notifier *notifier);
void vrrp_sync_fini(struct vrrp_sync *g);
/* Start-up: the group's first state and its notifications, before any member starts. */
void vrrp_sync_start(struct vrrp_sync *g);
/* Shutdown: GROUP ... STOP, after the members' STOP. */
void vrrp_sync_stop(struct vrrp_sync *g);

/* A member changed state (from its state machine); carry out the group's plan. */
void vrrp_sync_member_changed(struct vrrp_sync *g, struct vrrp_inst *inst, enum vrrp_state to);
bool vrrp_sync_inst_may_master(struct vrrp_sync *g, const struct vrrp_inst *inst);
bool vrrp_sync_inst_hold_fault(struct vrrp_sync *g, const struct vrrp_inst *inst);

#endif
