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
 * The decisions are pure functions over a view of the members; the runtime
 * part below them carries them out through an operations interface, so
 * that test/unit/test_vrrp_sync.c runs all of it over fake members.
 */
#ifndef VRRP_SYNC_H
#define VRRP_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "keepalived/vrrp/run/vrrp_notify.h"

struct vrrp_instance_conf;

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
	VRRP_SYNC_OP_RESIGN,      /* Master to Backup with a priority-0 advert, as a member did */
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

/*
 * The members as the group sees them: opaque handles, read and driven
 * through these operations (the live instance implements them in
 * vrrp_instance.c, the unit test with fakes). The group never calls into
 * an instance otherwise.
 */
struct vrrp_sync_member_ops {
	const struct vrrp_instance_conf *(*conf)(const void *member);
	const struct vrrp_fsm *(*fsm)(const void *member);
	/* A fault of its own: interface, trackers, maintenance... */
	bool (*own_fault)(const void *member);
	/* The same before the member started (its interface not yet looked at). */
	bool (*own_fault_at_start)(const void *member);
	/* Carry out op (an event of the member's state machine). */
	void (*apply)(void *member, enum vrrp_sync_op op);
	/* Move the member's running down timer to deadline_us. */
	void (*retime)(void *member, uint64_t deadline_us);
};

struct vrrp_sync_stats {
	uint64_t transitions; /* group state changes notified */
	uint64_t syncs;       /* members moved by the group */
	uint64_t held_master; /* down timers that waited for the other members */
};

struct vrrp_sync {
	const struct vrrp_sync_group_conf *conf;
	const struct vrrp_sync_member_ops *ops;
	void **members;    /* in the group's configuration order */
	bool *want_master; /* per member: down timer expired, waiting for the others */
	size_t n;
	enum vrrp_state state;
	struct vrrp_notify_target notify;
	struct vrrp_notifier *notifier; /* NULL: no notifications (unit tests) */
	struct vrrp_sync_member *view;  /* scratch, n entries: no allocation per event */
	enum vrrp_sync_op *ops_todo;
	bool busy;      /* carrying out a plan */
	bool resigning; /* the next member change is a resignation (vrrp_sync_resigning()) */
	struct vrrp_sync_stats stats;
};

/*
 * Set up g for conf: its members are those of cands[0..ncands-1] whose
 * configuration (ops->conf) conf lists, in conf's order. 0 or -1.
 */
int vrrp_sync_init(struct vrrp_sync *g, const struct vrrp_sync_group_conf *conf,
		   const struct vrrp_sync_member_ops *ops, void *const *cands, size_t ncands,
		   struct vrrp_notifier *notifier);
void vrrp_sync_fini(struct vrrp_sync *g);
/* Start-up: the group's first state and its notifications, before any member starts. */
void vrrp_sync_start(struct vrrp_sync *g);
/* Shutdown: GROUP ... STOP, after the members' STOP. */
void vrrp_sync_stop(struct vrrp_sync *g);

/* A member changed state (it published the transition); carry out the group's plan. */
void vrrp_sync_member_changed(struct vrrp_sync *g, void *member, enum vrrp_state to);
/*
 * A member Master resigns (a tracked address, route or rule deleted): on, then off after its
 * event. The other Masters resign with it, without a "Syncing instances" line (keepalived).
 */
void vrrp_sync_resigning(struct vrrp_sync *g, bool on);
/*
 * A member's Master_Down_Timer expired: it now wants Master. Returns
 * whether it may go (else it waits another down interval; counted).
 */
bool vrrp_sync_member_timeout(struct vrrp_sync *g, const void *member);
/* A member in Backup heard a Master again: it no longer wants Master. */
void vrrp_sync_member_heard_master(struct vrrp_sync *g, const void *member);
/* Must member, whose own faults cleared, stay in Fault for another member's? */
bool vrrp_sync_member_hold_fault(struct vrrp_sync *g, const void *member);

#endif
