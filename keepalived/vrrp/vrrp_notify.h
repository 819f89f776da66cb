/*
 * Telling the rest of the system: notify scripts and notify FIFOs, as
 * keepalived 2.2.7 does it. For every state change of an instance or sync
 * group, in this order: the notify_<state> script (no arguments added), the
 * notify script with `INSTANCE|GROUP NAME STATE PRIORITY` appended, and one
 * line `INSTANCE "VI_1" MASTER 150` on each configured FIFO. Scripts run
 * concurrently, as keepalived's do; FIFO lines are written in the order the
 * events happened.
 *
 * FIFOs are opened read-write and non-blocking, so a missing or slow reader
 * never stalls the daemon: what the pipe cannot take waits in a bounded
 * buffer, written out as the pipe drains, and a line that does not fit is
 * dropped, counted and logged (rate-limited).
 */
#ifndef VRRP_NOTIFY_H
#define VRRP_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_conf.h"
#include "vrrp_conf_track.h"
#include "vrrp_exec.h"
#include "vrrp_fsm.h"

struct ev_loop;
struct vrrp_notifier;

#define VRRP_FIFO_BUF_SIZE 65536 /* bytes waiting for a slow reader, per FIFO */

struct vrrp_notify_stats {
	uint64_t scripts_started;
	uint64_t script_errors;  /* could not be started */
	uint64_t events;         /* state changes notified */
};

/* The notify scripts of one instance or sync group. */
struct vrrp_notify_target {
	char name[VRRP_NAME_MAX];
	bool group;
	bool configured[VRRP_NOTIFY_KIND_COUNT_];
	struct vrrp_exec exec[VRRP_NOTIFY_KIND_COUNT_]; /* usable: checked at start-up */
	bool priority_changes;  /* MASTER_PRIORITY / BACKUP_PRIORITY on the FIFOs */
	struct vrrp_notify_stats stats;
};

struct vrrp_fifo_stats {
	bool open;
	uint64_t lines;   /* written, or queued to be */
	uint64_t drops;   /* did not fit the buffer */
	uint64_t errors;  /* write errors other than a full pipe */
	uint64_t queued_max; /* most bytes ever waiting */
};

/*
 * Create the FIFOs of global_defs (mkfifo if missing, as keepalived), start
 * their *_fifo_script readers, open them. t may be NULL. Never fails: a
 * FIFO that cannot be opened is logged and left out. NULL only without
 * memory.
 */
struct vrrp_notifier *vrrp_notifier_new(struct ev_loop *loop, const struct vrrp_track_conf *t,
					struct vrrp_exec_defaults *defaults);
/* Flush what the FIFOs can take now, close them; the FIFO readers get SIGTERM. */
void vrrp_notifier_free(struct vrrp_notifier *n);

/*
 * Check and keep the notify scripts of set (may be NULL) for the instance
 * or group name. global_priority_changes is vrrp_notify_priority_changes.
 */
void vrrp_notify_target_init(struct vrrp_notify_target *tg, struct vrrp_notifier *n,
			     const struct vrrp_track_set_conf *set, const char *name, bool group);

/* A state change to st (MASTER, BACKUP, FAULT or STOP); priority is 0 for groups. */
void vrrp_notify_state(struct vrrp_notifier *n, struct vrrp_notify_target *tg,
		       enum vrrp_state st, int priority);
/* The effective priority changed (only with notify_priority_changes). */
void vrrp_notify_priority(struct vrrp_notifier *n, struct vrrp_notify_target *tg, bool master,
			  int priority);
/* A Master heard a lower priority: notify_master_rx_lower_pri and MASTER_RX_LOWER_PRI. */
void vrrp_notify_rx_lower_pri(struct vrrp_notifier *n, struct vrrp_notify_target *tg,
			      int priority);

/*
 * Shutdown: wait until the STOP scripts started so far have ended, at most
 * max_us, then send SIGTERM to those still running; write out the FIFO
 * buffers as far as the pipes take them. Blocks the caller (at most max_us).
 */
void vrrp_notify_shutdown(struct vrrp_notifier *n, uint64_t max_us);

/* For status and metrics: FIFO i (enum vrrp_fifo_kind) and its path ("" if none). */
const struct vrrp_fifo_stats *vrrp_notifier_fifo_stats(const struct vrrp_notifier *n, int i,
						       const char **path);

#endif
