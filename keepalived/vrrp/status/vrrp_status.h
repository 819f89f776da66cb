/*
 * One model of the daemon's state, and every way it is shown.
 *
 * vrrp_status_build() takes a snapshot of the live instances, their
 * sockets and netlink: values are copied, so the snapshot does not change
 * while it is rendered (it still points at each instance's configuration,
 * so render it before the configuration can be replaced: within the same
 * event-loop callback). Each renderer then turns the same snapshot into
 * one format:
 *
 *   vrrp_status_json()        JSON, for `keepalivectl status|stats --json`
 *                             and keepalived.json (see the layout below);
 *   vrrp_status_prometheus()  Prometheus text format 0.0.4;
 *   vrrp_status_data()        keepalived.data, keepalived 2.2.7's layout;
 *   vrrp_status_stats()       keepalived.stats, keepalived 2.2.7's layout
 *                             followed by every receive-drop counter;
 *   vrrp_status_table()       the table `keepalivectl status` prints.
 *
 * Nothing here runs on the advert path: a snapshot is built on request.
 *
 * JSON layout. keepalived.json (VRRP_STATUS_JSON_BARE) is what keepalived
 * 2.2.7 writes, an array with one {"data": {...}, "stats": {...}} object
 * per instance, so that exporters reading it keep working; the document
 * that keepalivectl gets wraps the same array:
 *
 *   { "schema": 1, "daemon": "Keepalived v...", "pid": N, "router_id": S,
 *     "time": EPOCH_SECONDS,
 *     "instances": [ { "data": {...}, "stats": {...} }, ... ],
 *     "sockets": [ { "interface": S, "family": "IPv4"|"IPv6", "open": B,
 *                    "packets_received": N, "drops": { REASON: N, ... } } ],
 *     "netlink": { "notifications": N, "overruns": N, "resyncs": N,
 *                  "batches": N, "requests": N } }
 *
 * "data", keepalived's names: iname, ifp_ifname, vrid, version, state
 * (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP), base_priority,
 * effective_priority, master_priority (of the master heard, 0 if none),
 * last_transition (epoch seconds, 0 if none yet), adver_int and
 * master_adver_int (seconds), nopreempt, preempt_delay (seconds),
 * garp_delay, garp_rep, garp_refresh, garp_refresh_rep,
 * lower_prio_no_advert, higher_prio_send_advert, auth_type (0 none, 1 PASS,
 * 2 AH), vipset, vips (keepalived's "ADDR/LEN dev IF scope S [set]"); and
 * ours: family ("IPv4"/"IPv6"), state_name, source_address and
 * master_address (strings or null; ours when Master), time_in_state
 * (seconds), last_transition_reason, maintenance, link_fault, addresses
 * (the VIPs as "ADDR/LEN").
 *
 * "stats", keepalived's names: advert_rcvd, advert_sent, become_master,
 * release_master, packet_len_err, advert_interval_err, ip_ttl_err,
 * invalid_type_rcvd, addr_list_err, invalid_authtype, authtype_mismatch,
 * auth_failure, pri_zero_rcvd, pri_zero_sent; and ours: drops (one member
 * per reason, vrrp_drop_name() spelling), garp_sent, na_sent, send_errors,
 * vip_errors, vips_restored, checksum_plain_rcvd, checksum_pseudo_rcvd,
 * interval_mismatch_rcvd, priority_changes, tracker_faults,
 * lower_prio_rcvd, lower_prio_suppressed (lower-priority and priority 0
 * adverts a Master left unanswered: at most one answer per interval);
 * lease_renewals, lease_renew_errors, lease_lapses, lease_reinstalls;
 * late_adverts and late_advert_episodes (late_advert_warn, vrrp_late.h).
 *
 * VIP leases (vip_lease): "data" has vip_lease (the lease in seconds, 0
 * for none) and vip_lease_remaining (seconds left before the kernel may
 * remove the VIPs, null when the instance holds none under a lease).
 *
 * Trackers: each instance's "data" has "trackers", one {"name", "kind"
 * ("script", "interface", "file", "process"), "state" ("init", "up",
 * "down"), "weight", "reverse", "effect" (added to the priority now),
 * "fault"} per tracker it watches; the document has "trackers", one {"name",
 * "kind", "state", "value", "running", "runs", "succeeded", "failed",
 * "timed_out", "start_errors", "skipped", "changes"} per tracker.
 *
 * With VRRP_STATUS_JSON_STATS only, "data" keeps just the identity
 * (iname, ifp_ifname, vrid, version, family, state, state_name).
 */
#ifndef VRRP_STATUS_H
#define VRRP_STATUS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "keepalived/vrrp/proto/vrrp_ah.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "keepalived/vrrp/proto/bfd_session.h"
#include "keepalived/vrrp/run/bfd_run.h"

struct vrrp_daemon;

/* Output buffer ------------------------------------------------------------ */

/* A growing text buffer; renderers append to it. Never larger than this. */
#define VRRP_STATUS_BUF_MAX (16u << 20)

struct vrrp_status_buf {
	char *data; /* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	bool failed; /* out of memory or over VRRP_STATUS_BUF_MAX: content incomplete */
};

void vrrp_status_buf_init(struct vrrp_status_buf *b);
void vrrp_status_buf_free(struct vrrp_status_buf *b);
void vrrp_status_buf_reset(struct vrrp_status_buf *b);
void vrrp_status_buf_add(struct vrrp_status_buf *b, const char *s, size_t len);
void vrrp_status_buf_puts(struct vrrp_status_buf *b, const char *s);
void vrrp_status_buf_printf(struct vrrp_status_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vrrp_status_buf_vprintf(struct vrrp_status_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The model ---------------------------------------------------------------- */

/* keepalived 2.2.7's receive-error counters, derived from our drop reasons. */
struct vrrp_status_compat {
	uint64_t packet_len_err;      /* short, length */
	uint64_t ip_ttl_err;          /* ttl */
	uint64_t invalid_type_rcvd;   /* type */
	uint64_t advert_interval_err; /* interval, zero_interval */
	uint64_t addr_list_err;       /* zero_count */
	uint64_t invalid_authtype;    /* never: a bad type is a mismatch for us */
	uint64_t authtype_mismatch;   /* auth_type */
	uint64_t auth_failure;        /* auth */
};

/* A tracker (vrrp_script, tracked interface, file or process). */
struct vrrp_status_tracker {
	char name[VRRP_NAME_MAX];
	enum vrrp_track_kind kind;
	enum vrrp_tracker_state state;
	int64_t value; /* a file's number */
	bool running;  /* a script is running now */
	struct vrrp_tracker_stats stats;
};

/* One instance's watch of a tracker. */
struct vrrp_status_use {
	size_t tracker; /* index in vrrp_status.trackers */
	int64_t weight;
	bool reverse;
	int64_t effect; /* what it adds to the priority now */
	bool fault;     /* it holds the instance in FAULT */
};

struct vrrp_status_inst {
	const struct vrrp_instance_conf *conf; /* name, interface, VRID, VIPs... */
	enum vrrp_state state;
	uint8_t base_priority;
	uint8_t effective_priority;
	bool has_source;
	union vrrp_addr source; /* our advert source address */
	bool master_known;      /* Master: us; Backup: the last master heard */
	union vrrp_addr master_addr;
	uint8_t master_priority;
	uint16_t master_adver_int_cs;
	uint64_t time_in_state_us;
	uint64_t last_transition_us; /* wall clock; 0 before the first transition */
	char reason[96];             /* of the last transition */
	bool maintenance;
	bool link_fault;
	bool vips_installed;
	struct vrrp_fsm_stats fsm;
	struct vrrp_inst_stats io;
	struct vrrp_inst_drops rx; /* refused packets, by reason */
	struct vrrp_status_compat compat;
	struct vrrp_inst_track_stats track;
	/* vip_lease: whether its VIPs are held under a lease now, the time left, counters. */
	bool lease_held;
	uint64_t lease_left_us;
	struct vrrp_lease_stats lease;
	size_t uses_first; /* its trackers: vrrp_status.uses[uses_first..+nuses) */
	size_t nuses;
};

/*
 * The drop reasons of the transport checks (unicast) and of AH, which come on
 * top of the codec's drops[]: the i-th one's name and count, for i from 0
 * while it returns true. Every renderer lists them after drops[].
 */
bool vrrp_status_extra_drop(const struct vrrp_status_inst *si, size_t i, const char **name,
			    uint64_t *count);

/* One shared VRRP socket: what arrived that no instance could be charged with. */
struct vrrp_status_sock {
	char ifname[IF_NAMESIZE];
	int family;
	bool open;
	uint64_t rx_packets;
	uint64_t drops[VRRP_DROP_COUNT_];
};

/* One bfd_instance session, copied. */
struct vrrp_status_bfd {
	char name[VRRP_NAME_MAX];
	struct bfd_session s;
};

struct vrrp_status {
	char router_id[256];
	pid_t pid;
	uint64_t now_mono_us;
	uint64_t now_real_us; /* wall clock, microseconds since the epoch */
	struct vrrp_status_inst *insts;
	size_t ninsts;
	size_t insts_cap;
	struct vrrp_status_sock *socks;
	size_t nsocks;
	const struct vrrp_ifsock **sock_keys; /* which ifsock each socks[] entry is */
	bool has_netlink;
	struct vrrp_nl_stats netlink;
	bool has_proc; /* vrrp_track_process: the process event listener */
	struct vrrp_proc_stats proc;
	bool has_bfd; /* bfd_instance sessions run (stats: "bfd") */
	struct bfd_run_stats bfd;
	struct vrrp_status_bfd *bfd_sessions;
	size_t nbfd;
	/* Every tracker some instance watches, once. */
	struct vrrp_status_tracker *trackers;
	const struct vrrp_tracker **tracker_keys;
	size_t ntrackers;
	size_t trackers_cap;
	struct vrrp_status_use *uses;
	size_t nuses;
	size_t uses_cap;
};

/*
 * An empty snapshot with room for max_insts instances, taken at now_mono_us
 * (CLOCK_MONOTONIC, the state machine's clock) and now_real_us (wall clock).
 * router_id may be NULL. Returns 0, or -1 (ENOMEM).
 */
int vrrp_status_init(struct vrrp_status *st, size_t max_insts, const char *router_id,
		     uint64_t now_mono_us, uint64_t now_real_us);
/* Add inst (its socket and trackers, once each) to st. Returns 0, or -1 when
 * st is full or out of memory. */
int vrrp_status_add(struct vrrp_status *st, const struct vrrp_inst *inst);
void vrrp_status_set_netlink(struct vrrp_status *st, const struct vrrp_nl_stats *nl);
void vrrp_status_set_proc(struct vrrp_status *st, const struct vrrp_proc_stats *ps);
/* The BFD sessions of b (NULL: none run). Returns 0, or -1 (ENOMEM). */
int vrrp_status_set_bfd(struct vrrp_status *st, const struct bfd_run *b);
/*
 * Snapshot every instance of d (NULL: none, e.g. while a reload restarts
 * them) and its netlink counters, now. Returns 0, or -1 (ENOMEM).
 */
int vrrp_status_build(struct vrrp_status *st, struct vrrp_daemon *d, const char *router_id);
void vrrp_status_free(struct vrrp_status *st);

/* Renderers ---------------------------------------------------------------- */

#define VRRP_STATUS_JSON_DATA 0x1u  /* instances' "data" in full */
#define VRRP_STATUS_JSON_STATS 0x2u /* instances' "stats", sockets and netlink */
#define VRRP_STATUS_JSON_BARE 0x4u  /* keepalived.json: the instances array only */

/* Each appends to out; out->failed tells whether it is complete. */
void vrrp_status_json(const struct vrrp_status *st, unsigned what, struct vrrp_status_buf *out);
void vrrp_status_prometheus(const struct vrrp_status *st, struct vrrp_status_buf *out);
void vrrp_status_data(const struct vrrp_status *st, struct vrrp_status_buf *out);
void vrrp_status_stats(const struct vrrp_status *st, struct vrrp_status_buf *out);
void vrrp_status_table(const struct vrrp_status *st, struct vrrp_status_buf *out);

/* Helpers shared by the renderers ------------------------------------------ */

/* "IPv4" / "IPv6". */
const char *vrrp_status_family_name(int family);
/* A VIP as "ADDR/LEN". */
const char *vrrp_status_vip_str(const struct vrrp_vip *vip, char *buf, size_t len);
/* A VIP in keepalived's dump form: "ADDR/LEN dev IF scope S[ label L][ set]". */
const char *vrrp_status_vip_ka_str(const struct vrrp_status_inst *si, const struct vrrp_vip *vip,
				   char *buf, size_t len);
/* "3d04h", "2h05m", "7m09s", "12.3s". */
const char *vrrp_status_duration(uint64_t us, char *buf, size_t len);

#endif
