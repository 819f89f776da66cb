/*
 * What vrrp_track.c (the trackers) and vrrp_tracking.c (building them from
 * the configuration, their life cycle) share, and nobody else needs.
 */
#ifndef VRRP_TRACK_PRIV_H
#define VRRP_TRACK_PRIV_H

#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "keepalived/vrrp/kernel/vrrp_proc.h"
#include "keepalived/vrrp/run/vrrp_track.h"

/* The log rate of one tracker: 20 lines per 10 s. */
#define TRACK_LOG_INTERVAL_US 10000000ULL
#define TRACK_LOG_BURST 20

struct vrrp_tracking_inst; /* vrrp_tracking.c */
struct bfd_run;

struct vrrp_tracking {
	struct ev_loop *loop;
	const struct vrrp_conf *conf;
	struct vrrp_nl *nl;
	struct vrrp_inst *insts;
	size_t ninsts;
	struct vrrp_exec_defaults defaults;
	struct vrrp_notifier *notifier;
	struct vrrp_tracker *trackers; /* in creation order */
	struct vrrp_sync *groups;
	size_t ngroups;
	struct vrrp_tracking_inst *per; /* one per instance */
	int inotify_fd;                 /* -1 without tracked files */
	struct vrrp_proc *proc;         /* NULL without vrrp_track_process blocks */
	struct bfd_run *bfd;            /* NULL without bfd_instance blocks */
	struct log_ratelimit files_rl;  /* inotify queue overflows */
	bool building;                  /* first states are set, not yet applied */
	bool reloaded;                  /* built by a reload (vrrp_tracking_new()'s kept) */
};

/* A tracker's state changed: recompute what it means for each instance watching it. */
void vrrp_tracker_apply(struct vrrp_tracker *tr);

/* Scripts: arm the first run (now), stop (a running one is killed, not reported). */
void vrrp_tracker_script_start(struct vrrp_tracker *tr);
void vrrp_tracker_script_stop(struct vrrp_tracker *tr);

/* Interfaces: the state netlink's cache shows now; true if it changed (and was logged). */
bool vrrp_tracker_iface_refresh(struct vrrp_tracker *tr, bool log_change);

/* Files: the owner and mode check of enable_script_security; -1 (logged): disable it. */
int vrrp_tracker_file_check(struct vrrp_tracker *tr);
/* Files: create it if asked (init_file), watch it, read it. 0 or -1 (logged). */
int vrrp_tracker_file_setup(struct vrrp_tracker *tr);
/* The inotify descriptor is readable. */
void vrrp_tracker_files_event(struct ev_loop *loop, int fd, unsigned events, void *arg);

#endif
