/*
 * Telling the rest of the system: notify scripts and notify FIFOs, as
 * keepalived 2.2.7 does it. For every state change of an instance or sync
 * group, in this order: the notify_<state> script (no arguments added), the
 * notify script with `INSTANCE|GROUP NAME STATE PRIORITY` appended, and one
 * line `INSTANCE "VI_1" MASTER 150` on each configured FIFO. Scripts run
 * concurrently, as keepalived's do; FIFO lines are written in the order the
 * events happened.
 *
 * Scripts are bounded per instance (and per sync group): at most
 * VRRP_NOTIFY_RUNNING_MAX run at once; the next ones wait in a queue of
 * VRRP_NOTIFY_QUEUE_MAX and start in the order they were asked for as the
 * running ones end. A full queue drops the newest request (counted, logged
 * rate-limited), except that a state change evicts the oldest waiting
 * notify_master_rx_lower_pri first, so that a flood of lower-priority
 * adverts can never cost a state notification. STOP (shutdown) starts
 * whatever waits, then its own scripts, regardless of the bound.
 *
 * An existing FIFO is used only if it is a FIFO (not a link), owned by
 * root, the daemon's user or the user configured for it, and writable by
 * nobody else; otherwise it is left alone and the reason logged.
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

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "keepalived/vrrp/proto/vrrp_fsm.h"

struct ev_loop;
struct vrrp_notifier;

#define VRRP_FIFO_BUF_SIZE 65536  /* bytes waiting for a slow reader, per FIFO */
#define VRRP_NOTIFY_RUNNING_MAX 4 /* scripts of one instance or group running at once */
#define VRRP_NOTIFY_QUEUE_MAX 32  /* and waiting for one of those to end */

struct vrrp_inst_track_stats;

struct vrrp_notify_stats {
	uint64_t scripts_started;
	uint64_t script_errors;   /* could not be started */
	uint64_t events;          /* state changes notified */
	uint64_t scripts_queued;  /* had to wait for a running one to end */
	uint64_t scripts_dropped; /* the queue was full: never run */
	unsigned running;         /* now */
	unsigned running_max;     /* most ever at once */
};

/* A script asked for and not started yet. */
struct vrrp_notify_job {
	uint8_t kind;  /* enum vrrp_notify_kind */
	uint8_t state; /* enum vrrp_state, for the generic notify */
	int16_t priority;
};

/*
 * What a target with scripts needs to run them: kept by the notifier,
 * allocated only for a target with at least one script (most instances
 * have none, and these are most of a target's size).
 */
struct vrrp_notify_scripts {
	/* The configured ones, checked at start-up (NULL: none, or no memory). */
	struct vrrp_exec *exec[VRRP_NOTIFY_KIND_COUNT_];
	/* A ring of VRRP_NOTIFY_QUEUE_MAX, oldest at qhead. */
	struct vrrp_notify_job jobs[VRRP_NOTIFY_QUEUE_MAX];
	unsigned qhead, qlen;
	struct vrrp_notify_stats stats; /* all zero without scripts */
};

/* The notify scripts of one instance or sync group. */
struct vrrp_notify_target {
	/* The configuration's name of the instance or group: it outlives the
	 * target (the tracking that holds targets is rebuilt with each file). */
	const char *name;
	struct vrrp_notify_scripts *s; /* NULL: no script (or no memory for them) */
	bool group;
	bool configured[VRRP_NOTIFY_KIND_COUNT_];
	bool priority_changes; /* MASTER_PRIORITY / BACKUP_PRIORITY on the FIFOs */
};

struct vrrp_fifo_stats {
	bool open;
	bool refused;        /* an existing file at its path was not safe to use (logged) */
	uint64_t lines;      /* written, or queued to be */
	uint64_t drops;      /* did not fit the buffer */
	uint64_t errors;     /* write errors other than a full pipe */
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
/*
 * Flush what the FIFOs can take now, close them; the FIFO readers get
 * SIGTERM. Notify scripts still running are left to finish, unwatched; the
 * targets may be gone already (nothing of theirs is touched).
 */
void vrrp_notifier_free(struct vrrp_notifier *n);

/*
 * The checker's notifier: only FIFOs, notify_fifo and lvs_notify_fifo of t
 * (copied: t may go at a reload, the FIFOs stay open), with the same
 * safety checks. notify_fifo_script is started only with global_script
 * (no VRRP process runs it). Write with vrrp_notifier_fifo_line().
 */
struct vrrp_notifier *vrrp_notifier_new_lvs(struct ev_loop *loop, const struct vrrp_track_conf *t,
					    bool global_script,
					    struct vrrp_exec_defaults *defaults);
/* One whole line (ending in '\n') on every open FIFO of n (NULL: none). */
void vrrp_notifier_fifo_line(struct vrrp_notifier *n, const char *line);

/*
 * Check and keep the notify scripts of set (may be NULL) for the instance
 * or group name (not copied: it must outlive tg). global_priority_changes
 * is vrrp_notify_priority_changes.
 */
void vrrp_notify_target_init(struct vrrp_notify_target *tg, struct vrrp_notifier *n,
			     const struct vrrp_track_set_conf *set, const char *name, bool group);

/* A state change to st (MASTER, BACKUP, FAULT or STOP); priority is 0 for groups. */
void vrrp_notify_state(struct vrrp_notifier *n, struct vrrp_notify_target *tg, enum vrrp_state st,
		       int priority);
/* fifo_write_vrrp_states_on_reload: the state line on the FIFOs only, no scripts. */
void vrrp_notify_fifo_state(struct vrrp_notifier *n, const struct vrrp_notify_target *tg,
			    enum vrrp_state st, int priority);
/* The effective priority changed (only with notify_priority_changes). */
void vrrp_notify_priority(struct vrrp_notifier *n, struct vrrp_notify_target *tg, bool master,
			  int priority);
/* A Master heard a lower priority: notify_master_rx_lower_pri and MASTER_RX_LOWER_PRI. */
void vrrp_notify_rx_lower_pri(struct vrrp_notifier *n, struct vrrp_notify_target *tg, int priority);

/*
 * Shutdown: wait until the STOP scripts started so far have ended, at most
 * max_us, then send SIGTERM to those still running; write out the FIFO
 * buffers as far as the pipes take them. Blocks the caller (at most max_us).
 */
void vrrp_notify_shutdown(struct vrrp_notifier *n, uint64_t max_us);

/* For status: the script counters of an instance's target (NULL: none) added to *st. */
void vrrp_notify_track_stats(const struct vrrp_notify_target *tg, struct vrrp_inst_track_stats *st);

/* For status and metrics: FIFO i (enum vrrp_fifo_kind) and its path ("" if none). */
const struct vrrp_fifo_stats *vrrp_notifier_fifo_stats(const struct vrrp_notifier *n, int i,
						       const char **path);

#endif
