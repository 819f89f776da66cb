/*
 * Live VRRP instances: a state machine bound to a socket, a timer, the
 * netlink VIP operations and the GARP pacing. The daemon (vrrp_daemon.c)
 * owns the instances and the shared per-interface sockets (vrrp_ifsock.h);
 * an instance reaches what it shares with the others only through its
 * environment (vrrp_inst_env.h), never through the daemon.
 */
#ifndef VRRP_INSTANCE_H
#define VRRP_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/event.h"
#include "keepalived/vrrp/proto/vrrp_ah.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "keepalived/vrrp/proto/vrrp_late.h"
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"
#include "keepalived/vrrp/run/vrrp_ifsock.h"
#include "keepalived/vrrp/run/vrrp_inst_env.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"

struct vrrp_inst;
struct vrrp_notify_target;
struct vrrp_sync;
struct vrrp_vmac;

/*
 * Counters per instance, as the status and stats outputs show them
 * (vrrp_status.c assembles them: the instance keeps the frequent ones in
 * struct vrrp_inst_counters, the failures in its trouble block, the late
 * adverts in its struct vrrp_late).
 */
struct vrrp_inst_stats {
	uint64_t adverts_tx;
	uint64_t adverts_rx;
	uint64_t prio0_tx;
	uint64_t garps_tx;
	uint64_t nas_tx;
	uint64_t send_errors;
	uint64_t vip_errors;
	uint64_t nft_errors; /* no_accept: drop set updates the kernel refused */
	uint64_t vips_restored;
	uint64_t vips_lost;     /* tracked VIPs, routes, rules deleted while Master: RESIGN */
	uint64_t csum_plain_rx; /* v3 IPv4 adverts whose checksum had no pseudo-header */
	uint64_t csum_pseudo_rx;
	uint64_t late_adverts;         /* the master's adverts later than late_advert_warn */
	uint64_t late_advert_episodes; /* of which the first of an episode (logged) */
};

/* What every instance counts as it runs (struct vrrp_inst_stats says what). */
struct vrrp_inst_counters {
	uint64_t adverts_tx;
	uint64_t adverts_rx;
	uint64_t prio0_tx;
	uint64_t garps_tx;
	uint64_t nas_tx;
	uint64_t csum_plain_rx;
	uint64_t csum_pseudo_rx;
};

/* What only failures count (struct vrrp_inst_stats says what), in the trouble block. */
struct vrrp_inst_errors {
	uint64_t send_errors;
	uint64_t vip_errors;
	uint64_t nft_errors;
	uint64_t vips_restored;
	uint64_t vips_lost;
};

/* The packets an instance refused, by reason. */
struct vrrp_inst_drops {
	uint64_t drops[VRRP_DROP_COUNT_];
	uint64_t uc_drops[VRRP_UC_DROP_COUNT_]; /* transport checks (vrrp_unicast_rx_check()) */
	uint64_t ah_drops[VRRP_AH_DROP_COUNT_]; /* auth_type AH checks */
};

/*
 * What only an instance in trouble needs (refused packets, failed sends,
 * addresses that failed or were lost): the drop and error counters and the
 * rate limit of their log lines. Allocated on the first use
 * (vrrp_instance.c); an instance that never had any has none, and its
 * counters read as zero.
 */
struct vrrp_inst_trouble {
	struct vrrp_inst_drops d;
	struct vrrp_inst_errors err;
	struct log_ratelimit log;
};

/* inst's error counters, its trouble block allocated if need be (never NULL). */
struct vrrp_inst_errors *vrrp_inst_errs(struct vrrp_inst *inst);

/* What an instance publishes to its observers (vrrp_inst_subscribe()). */
enum vrrp_inst_news_kind {
	VRRP_INST_NEWS_STATE,    /* entered news.to */
	VRRP_INST_NEWS_PRIORITY, /* the trackers moved its effective priority */
	VRRP_INST_NEWS_RX_LOWER, /* as Master, answered a lower priority */
};

struct vrrp_inst_news {
	enum vrrp_inst_news_kind kind;
	enum vrrp_state to; /* the state it is in */
	uint8_t priority;   /* its effective priority */
};

/*
 * A subscriber to an instance's transitions, called after the instance has
 * carried out the transition; subscribers are called in the order they
 * subscribed. vrrp_tracking.c subscribes one per instance: its notify
 * scripts, then its sync group.
 */
struct vrrp_inst_observer {
	void (*fn)(void *arg, struct vrrp_inst *inst, const struct vrrp_inst_news *news);
	void *arg;
	struct vrrp_inst_observer *next;
};

/* The instance's side of its trackers, notification and sync group. */
struct vrrp_inst_track {
	struct vrrp_track_summary sum;           /* from its trackers (vrrp_inst_track_update()) */
	const struct vrrp_track_watch *watch;    /* its trackers, for status; NULL without */
	const struct vrrp_notify_target *notify; /* its notify scripts, for status; or NULL */
	struct vrrp_sync *sync;                  /* its sync group, or NULL */
	struct vrrp_inst_observer *observers;
	bool started;    /* the state machine has been started */
	bool start_held; /* vrrp_inst_start() waits for init_pending */
	bool reloaded;   /* kept by a reload: its next priority is derived as keepalived's reload */
	/* Its share of struct vrrp_inst_track_stats (the notify scripts' are their target's). */
	struct {
		/* 32-bit: rare, and they fill the hole before rx_lower_pri */
		uint32_t priority_changes;
		uint32_t tracker_faults;
		uint64_t rx_lower_pri;
	} stats;
};

/* Earlier Master terms whose garp_master_delay bursts are remembered (vrrp_instance_garp.c). */
#define VRRP_GARP_DUE_MAX 8

/* Those bursts, allocated when a term first ends with its own still due. */
struct vrrp_garp_due {
	uint64_t due_us[VRRP_GARP_DUE_MAX]; /* oldest first */
	size_t n;
	struct ev_timer timer;
};

/*
 * One per instance, in the daemon's array: its size is most of what an
 * instance costs, so what only some instances use lives behind a pointer,
 * the flags are bits, and the fields are ordered so as to leave no holes
 * (pahole).
 */
struct vrrp_inst {
	const struct vrrp_instance_conf *conf;
	struct vrrp_inst_env *env;
	struct vrrp_ifsock *ifs;
	struct vrrp_ifsock_member demux; /* its entry in ifs's VRID table */
	struct vrrp_fsm fsm;
	struct ev_timer fsm_timer;
	struct ev_timer garp_timer;
	struct vrrp_txpkt *tx; /* the advert, VRRP_TXPKT_SIZE(len) bytes (vrrp_inst_tx_store()) */
	union vrrp_addr group; /* 224.0.0.18 / ff02::12, or mcast_dst_ip / vrrp_mcast_group4/6 */
	/* Unicast: the pseudo-header destination tx was last retargeted to, and
	 * whether the group goes there instead of the peer (old_unicast_checksum:
	 * old_csum, with the flags below). */
	union vrrp_addr tx_csum_dst;
	/*
	 * The source of the last advert taken, whatever our state since (as
	 * keepalived's master_saddr; adv_src_known): skip_check_adv_addr trusts it.
	 */
	union vrrp_addr adv_src;
	/*
	 * GARP/NA (vrrp_instance_garp.c): per address, the messages of the
	 * current bursts still to send (NULL: none; garp_nleft entries), the
	 * delayed burst, and when the refresh is due (0: not).
	 */
	uint32_t *garp_left; /* garp_nleft: with the flags, at the end */
	struct vrrp_garp_later garp_later;
	uint64_t garp_refresh_at;
	/*
	 * garp_master_delay as keepalived's timer, which leaving Master does
	 * not cancel: this term's delayed burst while it waits in garp_later
	 * (0: none), and those of earlier terms, oldest first, still due.
	 */
	uint64_t garp_term_due_us;
	struct vrrp_garp_due *garp_due; /* NULL until then: a flap inside garp_master_delay */
	/* garp_extra_if while Master; NULL until a Master uses it. */
	struct ev_timer *garp_extra_timer;
	/* The last VIP check (vrrp_inst_vip_deleted()) found every VIP
	 * (vip_check_clean), and the cache had lost this many addresses. */
	uint64_t vip_check_removals;
	struct vrrp_inst_counters stats;
	struct vrrp_inst_trouble *trouble; /* NULL until the first drop, failed send or lost VIP */
	/* Trackers, notification, sync group (vrrp_track.h). */
	struct vrrp_inst_track track;
	/* auth_type AH: the keyed HMAC, keepalived's counters (datagrams: vrrp_instance_tx.c). */
	struct vrrp_ah *ah;
	struct vrrp_ah_seq ah_seq;
	/* use_vmac: the macvlan with the virtual MAC (NULL: none, or it could not be made). */
	struct vrrp_vmac *vmac;
	/*
	 * use_vmac_addr, an address's use_vmac: one VMAC per (interface,
	 * family) of the addresses that need one (vrrp_vmac_addr_slots()); an
	 * entry that could not be made is NULL and its addresses stay on dev.
	 */
	struct vrrp_vmac **addr_vmacs;
	size_t naddr_vmacs;
	/*
	 * vip_lease (vrrp_lease.h): NULL until the VIPs are first installed
	 * under a lease (vrrp_lease_installed(), or a reload that adds one).
	 */
	struct vrrp_inst_lease *lease;
	/* late_advert_warn (vrrp_late.h): the master's adverts, timed as a Backup. */
	struct vrrp_late late;
	union vrrp_addr late_src; /* the master timed, when late.have_last */
	/* Flags, as bits (nothing takes their address). */
	bool old_csum : 1;
	bool adv_src_known : 1;
	bool uc_fault : 1; /* unicast_fault_no_peer without peers, or unicast_src_ip not ours */
	bool tx_ready : 1; /* tx built with a usable source address */
	bool vips_installed : 1;
	bool link_fault : 1;       /* interface down or without its address */
	bool maintenance : 1;      /* held in Fault by the administrator */
	bool keep_at_stop : 1;     /* -V: the stop sends no priority 0 and leaves the VIPs */
	bool ah_fault : 1;         /* auth_type AH without its HMAC or its AH socket */
	bool garp_router_flag : 1; /* NAs with the Router flag (IPv6 forwarding on) */
	bool vip_check_clean : 1;
	bool vmac_fault : 1; /* use_vmac given but no VMAC: Fault, as keepalived */
	bool routes_installed : 1;
	uint32_t garp_nleft; /* in the flags' padding (issue 14: bytes per instance) */
};

/* Set up inst for conf (not yet started). */
void vrrp_inst_init(struct vrrp_inst *inst, struct vrrp_inst_env *env, struct vrrp_ifsock *ifs,
		    const struct vrrp_instance_conf *conf);
/*
 * use_vmac: create conf's VMAC (before the instance's socket: the adverts
 * use it unless vmac_xmit_base). Returns the interface adverts go through,
 * the VMAC's or conf's own, and the VMAC in *vmac (NULL if none or failed).
 */
const char *vrrp_inst_vmac_create(struct vrrp_inst_env *env, const struct vrrp_instance_conf *conf,
				  struct vrrp_vmac **vmac);
/*
 * After vrrp_inst_init(): hand the instance its VMAC, and create the VMACs
 * of its addresses (use_vmac_addr); it removes them in vrrp_inst_free().
 */
void vrrp_inst_attach_vmac(struct vrrp_inst *inst, struct vrrp_vmac *vmac);
/* use_ipvlan with an address of the instance's family: that address (the advert source). */
bool vrrp_inst_ipvlan_addr(const struct vrrp_instance_conf *c, union vrrp_addr *addr);
/* Between the files of a live instance (vrrp_instance*.c). */
/*
 * After an advert went through the state machine (vrrp_instance_late.c):
 * time it when a Backup took it from its master (accepted: the
 * Master_Down_Timer moved later), log the first late one of an episode.
 */
void vrrp_inst_late_check(struct vrrp_inst *inst, const struct vrrp_fsm_advert *fadv,
			  enum vrrp_state before, bool accepted);
/* Keep the advert built in tx (the instance holds only its length). false: no memory. */
bool vrrp_inst_tx_store(struct vrrp_inst *inst, const struct vrrp_txpkt *tx);
/*
 * The configuration an advert is built from: *copy is conf with only the
 * VIPs that fit the interface's MTU (keepalived's rule; the others are
 * installed, not advertised).
 */
const struct vrrp_instance_conf *vrrp_inst_advert_conf(const struct vrrp_inst *inst,
						       struct vrrp_instance_conf *copy);
/*
 * The addresses a Master installs: the VIPs (0..nvips-1, advertised), then
 * the excluded ones (virtual_ipaddress_excluded and the VIPs past what an
 * advert carries), which are installed, announced and restored the same way.
 */
static inline size_t
vrrp_inst_naddrs(const struct vrrp_instance_conf *c)
{
	return c->nvips + c->nevips;
}

static inline const struct vrrp_vip *
vrrp_inst_addr(const struct vrrp_instance_conf *c, size_t i)
{
	return i < c->nvips ? &c->vips[i] : &c->evips[i - c->nvips];
}

void vrrp_inst_vips(struct vrrp_inst *inst, bool add);
/* At start: remove what a previous run may have left (logged with -D, as keepalived). */
void vrrp_inst_vips_clear(struct vrrp_inst *inst);
/* After a reload, a Master that carried on: keepalived's -D "setting VIPs."
 * (they stay as they are). */
void vrrp_inst_vips_reload_log(const struct vrrp_inst *inst);
struct vrrp_nft_addr;
/*
 * The drop set entries (vrrp_nft.h) of inst's addresses that pick names
 * (NULL: all) into out (room for vrrp_inst_naddrs()). Returns how many.
 */
size_t vrrp_inst_nft_addrs(const struct vrrp_inst *inst, const bool *pick,
			   struct vrrp_nft_addr *out);
/* Announce the VIPs (pick NULL), or those pick[i] names (taken over); stop announcing. */
void vrrp_inst_garp_start(struct vrrp_inst *inst, bool *pick);
void vrrp_inst_garp_stop(struct vrrp_inst *inst);
/*
 * As Master, the state machine answered a lower-priority advert (at most
 * once per advert interval): garp_lower_prio_repeat rounds now and, after
 * garp_lower_prio_delay, once more, from the instance and from the other
 * members of its sync group that hold their addresses (vrrp_instance_garp.c).
 */
void vrrp_inst_garp_lower(struct vrrp_inst *inst);
void vrrp_inst_garp_timers_init(struct vrrp_inst *inst);
void vrrp_inst_vmac_release(struct vrrp_inst *inst);
int vrrp_inst_vip_ifindex(const struct vrrp_inst *inst); /* the VMAC's, or the interface's */
const uint8_t *vrrp_inst_vmac_mac(const struct vrrp_inst *inst); /* NULL without a VMAC */
void vrrp_inst_routes(struct vrrp_inst *inst, bool add);
/* keepalived's -D lines for them (routes, rules), without touching them. */
void vrrp_inst_routes_log(const struct vrrp_inst *inst, bool add);
/* vrrp_route_ifindex_fn over the vrrp_nl cache (arg: struct vrrp_nl *). */
int vrrp_inst_ifindex_of(void *nl, const char *ifname);
/* static_ipaddress, static_routes, static_rules: add at start, remove at exit. */
void vrrp_statics_apply(struct vrrp_inst_env *env, const struct vrrp_conf *conf, bool add);
/*
 * While they are installed: put back the static addresses of interface
 * ifindex (0: of every interface) missing from the cache (deleted, or the interface came back), as
 * keepalived does, each with a "Restoring deleted static address" line.
 */
void vrrp_statics_restore(struct vrrp_inst_env *env, const struct vrrp_conf *conf, int ifindex);
/* The static entries installed now (NULL: none; a reload keeps the first file's). */
const struct vrrp_routes_conf *vrrp_statics_installed(void);
/* Release what vrrp_inst_init() allocated (the instance is stopped). */
void vrrp_inst_free(struct vrrp_inst *inst);
/*
 * The VRRP socket's callback (arg: the struct vrrp_ifsock): decode, the
 * old unicast checksum form, the instance among those sharing the VRID.
 */
void vrrp_ifsock_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
			void *arg);
/*
 * The AH socket's callback (arg: the struct vrrp_ifsock): a whole IPv4
 * datagram, verified with the key of the instance its VRID names.
 */
void vrrp_ifsock_ah_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
			   void *arg);
/* Remove stale VIPs, then start (Backup, Master if owner, Fault if the link is down). */
void vrrp_inst_start(struct vrrp_inst *inst);
/* A Master's tracked address, route or rule was deleted: VRRP_EV_RESIGN, its group with it. */
void vrrp_inst_resign(struct vrrp_inst *inst);
/* vrrp_inst_start() after vrrp_inst_vips_clear() (all instances cleared first, as keepalived). */
void vrrp_inst_start_cleared(struct vrrp_inst *inst);
/* Feed an event to the state machine and carry out what it asks. */
void vrrp_inst_event(struct vrrp_inst *inst, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
		     uint8_t new_priority);
/* A packet the socket dispatched to this instance by VRID. */
void vrrp_inst_rx(struct vrrp_inst *inst, const struct vrrp_advert *adv,
		  const struct vrrp_pkt_meta *meta);
/* The interface's state or primary address may have changed. */
void vrrp_inst_link_update(struct vrrp_inst *inst);
/* A VIP of ours was deleted by someone else: restore it if Master. */
void vrrp_inst_vip_deleted(struct vrrp_inst *inst);
/*
 * The daemon's one VIP check timer t (env->vip_sweep) fired: every
 * instance of the live array insts[n] checks its VIPs
 * (vrrp_inst_vip_deleted()), and t is armed again for a second later
 * while any of them holds VIPs. It keeps no pointer to an instance, so a
 * reload may move them to a new array.
 */
void vrrp_inst_vips_sweep(struct ev_loop *loop, struct ev_timer *t, struct vrrp_inst *insts,
			  size_t n);
void vrrp_inst_stop(struct vrrp_inst *inst);
/* Stop its timers only (vrrp_inst_stop()'s end). */
void vrrp_inst_abandon(struct vrrp_inst *inst);
/* Maintenance: a controlled Fault (priority-0 advert if Master) until off. */
void vrrp_inst_set_maintenance(struct vrrp_inst *inst, bool on);
/* Whether the instance has a fault of any kind (link, maintenance, trackers). */
bool vrrp_inst_faulty(const struct vrrp_inst *inst);
/* The same, before vrrp_inst_start() has looked at the link. */
bool vrrp_inst_faulty_at_start(const struct vrrp_inst *inst);
/*
 * The trackers' new summary (struct vrrp_track_watch's changed callback,
 * arg: the instance). Moves the effective priority, enters or leaves
 * Fault, or starts an instance that waited for its scripts.
 */
void vrrp_inst_track_update(void *inst, const struct vrrp_track_summary *sum);
/*
 * Re-derive priority and Fault from what the instance has now, was_faulty
 * being vrrp_inst_faulty() from before (after a reload rebuilt its trackers).
 */
void vrrp_inst_track_changed(struct vrrp_inst *inst, bool was_faulty);
/* Wiring by vrrp_tracking.c: its trackers, notify target and sync group, all optional. */
void vrrp_inst_set_tracking(struct vrrp_inst *inst, const struct vrrp_track_watch *watch,
			    const struct vrrp_notify_target *notify, struct vrrp_sync *sync);
/* Append o to the instance's observers (o must outlive the subscription). */
void vrrp_inst_subscribe(struct vrrp_inst *inst, struct vrrp_inst_observer *o);
/* Forget the trackers, notify target, sync group and observers (they are being freed). */
void vrrp_inst_clear_tracking(struct vrrp_inst *inst);
/* A sync group's view of its members (vrrp_sync.h), for vrrp_sync_init(). */
struct vrrp_sync_member_ops;
extern const struct vrrp_sync_member_ops vrrp_inst_sync_ops;
/*
 * Move the running state machine timer to deadline_us. keepalived fires
 * timers that fall due together in the order they were armed; the event
 * loop does not promise any order, so where the order decides which
 * notification comes first the deadlines are made distinct by a few
 * microseconds.
 */
void vrrp_inst_retime(struct vrrp_inst *inst, uint64_t deadline_us);

/* Reload (carried out by vrrp_daemon_apply.c, planned by vrrp_reload.c) ----------------- */

/*
 * Move the live instance from to its new slot to, now configured by conf
 * (state, timers, VIPs, counters carry on; its trackers are rebuilt). from
 * then owns nothing: vrrp_inst_free() on it is a no-op.
 */
void vrrp_inst_move(struct vrrp_inst *to, struct vrrp_inst *from,
		    const struct vrrp_instance_conf *conf);
/* Before anything is added: remove the installed VIPs that newconf no longer has. */
void vrrp_inst_vips_retire(struct vrrp_inst *inst, const struct vrrp_instance_conf *newconf);
/*
 * After the move to its new configuration (updated in place): the advert
 * rebuilt if it changed and, as Master, the VIPs oldconf did not have
 * added where its VIPs live (the VMAC with use_vmac) and announced as
 * a new Master announces them, paced, from the VMAC's MAC.
 */
void vrrp_inst_reconfigured(struct vrrp_inst *inst, const struct vrrp_instance_conf *oldconf);

#endif
