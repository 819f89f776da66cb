/*
 * Process tracking, the kernel side (vrrp_track_process): the kernel's
 * process events connector (NETLINK_CONNECTOR, CN_IDX_PROC; subscribing
 * needs CAP_NET_ADMIN and works in the initial network namespace only) and
 * a scan of /proc at start, after lost events (ENOBUFS, one second later,
 * with a doubled receive buffer, as keepalived 2.2.7) and at each new
 * configuration. Events and scans are handed to vrrp_proc_match.c, which
 * decides; each tracker's quorum change reaches the caller's callback.
 *
 * Layer: kernel (system calls, no decisions beyond reading what the
 * matcher asks for). The event loop carries the socket and two timers.
 *
 * As keepalived 2.2.7: when the connector cannot be subscribed to (no
 * CAP_NET_ADMIN, another network namespace, a kernel without
 * CONFIG_PROC_EVENTS), /proc is not scanned either and every tracker counts
 * no process, so a tracker with weight 0 keeps its instances in FAULT.
 */
#ifndef VRRP_PROC_H
#define VRRP_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/proto/vrrp_proc_match.h"

struct ev_loop;
struct vrrp_track_process_conf;
struct vrrp_proc;

struct vrrp_proc_opts {
	const char *proc_root; /* NULL: "/proc" (tests: a fake tree) */
	bool no_connector;     /* tests: scan, and take messages from vrrp_proc_input() only */
	int rcvbuf;            /* process_monitor_rcv_bufs; 0: the kernel's default */
	bool rcvbuf_force;     /* process_monitor_rcv_bufs_force (SO_RCVBUFFORCE) */
};

struct vrrp_proc_stats {
	uint64_t messages;    /* process event messages taken */
	uint64_t bad;         /* malformed or foreign messages dropped */
	uint64_t missed;      /* events lost, by the sequence numbers */
	uint64_t overflows;   /* ENOBUFS: the socket's buffer overflowed */
	uint64_t scans;       /* /proc scans, the first included */
	uint64_t read_errors; /* /proc/PID files that could not be read */
};

/*
 * Open the connector, subscribe, scan /proc, and watch the socket on loop.
 * list is the configuration's vrrp_track_process blocks (copied: it may
 * be freed afterwards). change is called for each later quorum change, from
 * the loop. Returns NULL only without memory; a connector that cannot be
 * used is logged, and the trackers then count no process.
 */
struct vrrp_proc *vrrp_proc_new(struct ev_loop *loop, const struct vrrp_track_process_conf *list,
				const struct vrrp_proc_opts *opts, vrrp_proc_change_fn change,
				void *arg);
/* Unsubscribe, close, stop the timers. NULL is allowed. */
void vrrp_proc_free(struct vrrp_proc *p);

/* The trackers (names, counts, quorum), in configuration order. */
const struct vrrp_proc_set *vrrp_proc_trackers(const struct vrrp_proc *p);
/* Whether tracker name has its quorum; false if there is no such tracker. */
bool vrrp_proc_up(const struct vrrp_proc *p, const char *name);
const struct vrrp_proc_stats *vrrp_proc_stats(const struct vrrp_proc *p);
/* Whether the connector is subscribed (false: the trackers count nothing). */
bool vrrp_proc_connected(const struct vrrp_proc *p);

/*
 * One datagram as the connector delivers it (netlink header, connector
 * header, process event). The socket reader uses it; tests feed it.
 * Returns 0, or -1 for a message that was dropped (counted in bad).
 */
int vrrp_proc_input(struct vrrp_proc *p, const void *buf, size_t len);
/* Scan /proc again now (as after lost events). Returns 0 or -1. */
int vrrp_proc_rescan(struct vrrp_proc *p);

#endif
