/*
 * Live VRRP instances. The state machine decides; this file carries out its
 * decisions: it sends adverts from the prebuilt packet, installs and removes
 * the VIPs through netlink, paces gratuitous ARPs / unsolicited NAs with a
 * timer, and keeps the state machine's one timer armed on the event loop.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/run/vrrp_sync.h"

#define VRRP_RX_LOG_INTERVAL_US 10000000ULL /* bad-packet lines: 5 per 10 s */
#define VRRP_RX_LOG_BURST 5

static void vrrp_inst_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

/*
 * The drop and error counters and log rate limit of inst, allocated on
 * the first drop or error. Without memory the drops of every such
 * instance go to one shared set (counted still, no longer per instance).
 */
static struct vrrp_inst_trouble *
vrrp_inst_trouble(struct vrrp_inst *inst)
{
	static struct vrrp_inst_trouble nomem = {
		.log = LOG_RATELIMIT_INIT(VRRP_RX_LOG_INTERVAL_US, VRRP_RX_LOG_BURST),
	};

	if (inst->trouble != NULL)
		return inst->trouble;
	inst->trouble = calloc(1, sizeof(*inst->trouble));
	if (inst->trouble == NULL)
		return &nomem;
	inst->trouble->log = (struct log_ratelimit)LOG_RATELIMIT_INIT(VRRP_RX_LOG_INTERVAL_US,
								      VRRP_RX_LOG_BURST);
	return inst->trouble;
}

static struct log_ratelimit *
vrrp_inst_rx_log(struct vrrp_inst *inst)
{
	return &vrrp_inst_trouble(inst)->log;
}

static uint64_t *
vrrp_inst_drops(struct vrrp_inst *inst)
{
	return vrrp_inst_trouble(inst)->d.drops;
}

struct vrrp_inst_errors *
vrrp_inst_errs(struct vrrp_inst *inst)
{
	return &vrrp_inst_trouble(inst)->err;
}
static void vrrp_inst_fault_update(struct vrrp_inst *inst, bool was_faulty);

/* The instance whose demux entry m is. */
static struct vrrp_inst *
vrrp_inst_of(struct vrrp_ifsock_member *m)
{
	return m != NULL ? (struct vrrp_inst *)((char *)m - offsetof(struct vrrp_inst, demux)) :
			   NULL;
}

void
vrrp_inst_init(struct vrrp_inst *inst, struct vrrp_inst_env *env, struct vrrp_ifsock *ifs,
	       const struct vrrp_instance_conf *conf)
{
	union vrrp_addr zero;

	memset(inst, 0, sizeof(*inst));
	memset(&zero, 0, sizeof(zero));
	inst->conf = conf;
	inst->env = env;
	inst->ifs = ifs;
	vrrp_fsm_init(&inst->fsm, conf, &zero);
	/* Adverts of one interval share wake-ups and sendmmsg batches (vrrp_fsm.h). */
	inst->fsm.adver_align = true;
	ev_timer_init(&inst->fsm_timer, vrrp_inst_timer_cb, inst);
	vrrp_inst_garp_timers_init(inst); /* vrrp_instance_garp.c */
	if (conf->family == AF_INET6)
		inet_pton(AF_INET6, "ff02::12", &inst->group.v6);
	else
		inet_pton(AF_INET, "224.0.0.18", &inst->group.v4);
	/* The group is settled by vrrp_inst_build_tx(), once the global settings are known. */
	inst->tx_csum_dst = inst->group;
	inst->old_csum = vrrp_unicast_old_csum_configured(conf);
	inst->uc_fault = vrrp_unicast_fault_no_peer(conf);
	/* vrrp_conf_finish() leaves AH on IPv4 version 2 instances only. */
	if (conf->auth_type == VRRP_AUTH_AH && conf->family == AF_INET) {
		inst->ah = vrrp_ah_new(conf->auth_pass);
		if (inst->ah == NULL)
			log_warnx("(%s) cannot set up AH authentication", conf->name);
	}
}

/*
 * An auth_type AH instance runs only with its HMAC and its AH socket:
 * without them it would hear only unauthenticated adverts and send nothing,
 * and so become a second Master. Such an instance is held in Fault.
 */
static bool
vrrp_inst_ah_ready(const struct vrrp_inst *inst)
{
	if (inst->conf->auth_type != VRRP_AUTH_AH)
		return true;
	return inst->ah != NULL && inst->ifs != NULL && inst->ifs->ah_sock != NULL;
}

/*
 * Note whether the AH context is usable, with a line when it stops being
 * so. Call after link_fault is set: an interface that is down or missing
 * has no AH socket either, and that is the link's fault, said already.
 */
static void
vrrp_inst_ah_check(struct vrrp_inst *inst)
{
	bool fault = !inst->link_fault && !vrrp_inst_ah_ready(inst);

	if (fault && !inst->ah_fault)
		log_warnx(
			"(%s) no AH %s on %s: authentication cannot be done - going to fault state",
			inst->conf->name, inst->ah == NULL ? "HMAC-MD5 context" : "socket",
			inst->ifs != NULL ? inst->ifs->ifname : inst->conf->ifname);
	else if (!fault && inst->ah_fault)
		log_info("(%s) AH authentication available again", inst->conf->name);
	inst->ah_fault = fault;
}

void
vrrp_inst_free(struct vrrp_inst *inst)
{
	/* Timers living in the blocks below leave the loop first, even for an
	 * instance freed without vrrp_inst_abandon(). */
	if (inst->env != NULL && inst->env->loop != NULL) {
		if (inst->garp_due != NULL)
			ev_timer_stop(inst->env->loop, &inst->garp_due->timer);
		if (inst->garp_extra_timer != NULL)
			ev_timer_stop(inst->env->loop, inst->garp_extra_timer);
	}
	free(inst->garp_left);
	free(inst->garp_due);
	inst->garp_due = NULL;
	free(inst->garp_extra_timer);
	inst->garp_extra_timer = NULL;
	inst->garp_left = NULL;
	free(inst->trouble);
	inst->trouble = NULL;
	free(inst->lease);
	inst->lease = NULL;
	vrrp_fsm_free(&inst->fsm);
	free(inst->tx);
	inst->tx = NULL;
	vrrp_ah_free(inst->ah);
	inst->ah = NULL;
	vrrp_inst_vmac_release(inst);
}

static struct ev_loop *
vrrp_inst_loop(const struct vrrp_inst *inst)
{
	return inst->env->loop;
}

static const struct vrrp_unicast_global *
vrrp_inst_uglobal(const struct vrrp_inst *inst)
{
	return inst->env->unicast;
}

/* Whether the interface holds addr (unicast_src_ip must be one of its own). */
static bool
vrrp_inst_if_has(const struct vrrp_inst *inst, int ifindex, const union vrrp_addr *addr)
{
	const struct vrrp_nl *nl = inst->env->nl;
	size_t i, n = vrrp_nl_addr_count(nl, ifindex);
	size_t alen = inst->conf->family == AF_INET6 ? sizeof(addr->v6) : sizeof(addr->v4);

	for (i = 0; i < n; i++) {
		const struct vrrp_nl_ifaddr *a = vrrp_nl_addr_at(nl, ifindex, i);

		if (a != NULL && a->family == inst->conf->family &&
		    memcmp(&a->addr, addr, alen) == 0)
			return true;
	}
	return false;
}

/*
 * Our source address: unicast_src_ip / mcast_src_ip, else from the
 * interface cache the primary IPv4 address or the IPv6 link-local address.
 * Returns false when the interface is down, has no usable address, or does
 * not hold the configured one; the instance is then in Fault.
 */
/*
 * Whether src may be bound to in the routing domain of ifindex (its VRF,
 * or the main one; vrrp_nl_l3_domain()), as the kernel decides for the
 * unicast socket keepalived binds to unicast_src_ip.
 */
static bool
vrrp_inst_src_in_domain(const struct vrrp_inst *inst, int ifindex, const union vrrp_addr *src)
{
	const struct vrrp_nl *nl = inst->env->nl;
	int domain = vrrp_nl_l3_domain(nl, ifindex);

	return domain >= 0 && vrrp_nl_addr_in_domain(nl, inst->conf->family, src, domain);
}

/*
 * A unicast instance whose unicast_src_ip is no address of its
 * interface's routing domain (an address in another VRF, or none at all):
 * keepalived 2.2.7's bind() of that source fails, and the instance stays
 * in Fault. Only then true.
 */
static bool
vrrp_inst_src_unbindable(const struct vrrp_inst *inst)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(inst->env->nl, inst->conf->ifname);
	const union vrrp_addr *src;

	if (ifi == NULL || !vrrp_unicast_active(inst->conf) || !inst->conf->unicast->has_src)
		return false;
	src = &inst->conf->unicast->src;
	return !vrrp_inst_if_has(inst, ifi->ifindex, src) &&
	       !vrrp_inst_src_in_domain(inst, ifi->ifindex, src);
}

/*
 * Without interface: unicast_src_ip, usable while an interface that is up
 * holds it (keepalived's "src address not configured" otherwise), in the
 * routing domain of the socket: the vrf VRF_IF, or the main one.
 */
static bool
vrrp_inst_source_nodev(const struct vrrp_inst *inst, union vrrp_addr *src)
{
	const struct vrrp_nl *nl = inst->env->nl;

	const struct vrrp_ifinfo *vrf = NULL;
	int domain = 0;

	if (vrrp_unicast_src(inst->conf, NULL, src) != 0)
		return false;
	if (inst->conf->iface.vrf[0] != '\0') {
		vrf = vrrp_nl_if(nl, inst->conf->iface.vrf);
		if (vrf == NULL)
			return false;
		domain = vrf->ifindex;
	}
	for (size_t i = 0; i < vrrp_nl_if_count(nl); i++) {
		const struct vrrp_ifinfo *ifi = vrrp_nl_if_at(nl, i);

		if (ifi != NULL && ifi->up && vrrp_inst_if_has(inst, ifi->ifindex, src) &&
		    vrrp_nl_l3_domain(nl, ifi->ifindex) == domain)
			return true;
	}
	return false;
}

static bool
vrrp_inst_source(const struct vrrp_inst *inst, union vrrp_addr *src)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(inst->env->nl, inst->conf->ifname);
	const union vrrp_addr *have = NULL;
	union vrrp_addr ifaddr;

	memset(src, 0, sizeof(*src));
	if (inst->conf->ifname[0] == '\0')
		return vrrp_inst_source_nodev(inst, src);
	memset(&ifaddr, 0, sizeof(ifaddr));
	/* dont_track_primary: the link's state is not watched (its addresses still are). */
	if (ifi == NULL || (!ifi->up && !inst->conf->iface.dont_track_primary))
		return false;
	if (inst->conf->family == AF_INET6 && ifi->has_ll6) {
		ifaddr.v6 = ifi->ll6;
		have = &ifaddr;
	} else if (inst->conf->family == AF_INET && ifi->has_v4) {
		ifaddr.v4 = ifi->v4;
		have = &ifaddr;
	}
	/* use_ipvlan ADDRESS: adverts leave the ipvlan from its own address. */
	if (inst->vmac != NULL && vrrp_inst_ipvlan_addr(inst->conf, &ifaddr))
		have = &ifaddr;
	if (vrrp_unicast_src(inst->conf, have, src) != 0)
		return false;
	if (have != NULL && memcmp(src, have, sizeof(*src)) == 0)
		return true;
	if (vrrp_inst_if_has(inst, ifi->ifindex, src))
		return true;
	/*
	 * A unicast source on another interface: keepalived binds to it, which
	 * the kernel allows for any address of the interface's routing domain
	 * (the VRF the interface is enslaved to, or the main one). mcast_src_ip
	 * stays one of the interface's own (keepalived writes any source into
	 * its own IP header; the source given to our socket must be local).
	 */
	return vrrp_unicast_active(inst->conf) && inst->conf->unicast->has_src &&
	       vrrp_inst_src_in_domain(inst, ifi->ifindex, src);
}

bool
vrrp_inst_tx_store(struct vrrp_inst *inst, const struct vrrp_txpkt *tx)
{
	struct vrrp_txpkt *t = inst->tx;

	if (t == NULL || t->len != tx->len) {
		t = realloc(t, VRRP_TXPKT_SIZE(tx->len));
		if (t == NULL)
			return false;
		inst->tx = t;
	}
	memcpy(t, tx, VRRP_TXPKT_SIZE(tx->len));
	return true;
}

/*
 * (Re)build the advert for the current source address, its checksum for
 * the first destination (the group, or the first peer); vrrp_inst_send()
 * retargets it to each of the others.
 */
static void
vrrp_inst_build_tx(struct vrrp_inst *inst, const union vrrp_addr *src)
{
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	static struct vrrp_txpkt tx; /* built here, kept at its size (vrrp_inst_tx_store()) */
	union vrrp_addr dst;
	struct vrrp_instance_conf copy;

	vrrp_unicast_group(inst->conf, g, &inst->group);
	vrrp_unicast_dest(inst->conf, g, 0, inst->old_csum, &dst, &inst->tx_csum_dst);
	inst->tx_ready = vrrp_pkt_build(&tx, vrrp_inst_advert_conf(inst, &copy), inst->fsm.priority,
					src, &inst->tx_csum_dst) == 0 &&
			 vrrp_inst_tx_store(inst, &tx);
	if (!inst->tx_ready)
		log_warnx("(%s) cannot build an advertisement", inst->conf->name);
	/* mcast_dst_ip, vrrp_mcast_group4/6: the socket joined only the default group. */
	if (!vrrp_unicast_active(inst->conf) && inst->ifs->sock != NULL &&
	    vrrp_sock_join(inst->ifs->sock, &inst->group) < 0)
		log_warn("(%s) cannot join the multicast group", inst->conf->name);
}

/*
 * An AH advert: the next sequence number and IP identification, then the
 * whole IPv4 datagram into one buffer for every instance (built and sent
 * at once: nothing keeps it), sent as it is.
 */
static uint8_t vrrp_inst_ah_dgram[VRRP_AH_OVERHEAD + VRRP_PKT_MAX];

static int
vrrp_inst_send_ah(struct vrrp_inst *inst, const union vrrp_addr *src, const union vrrp_addr *dst,
		  int ttl)
{
	struct vrrp_ah_tx tx;
	int len;

	if (inst->ah == NULL || inst->ifs->ah_sock == NULL) {
		errno = ENOTCONN;
		return -1;
	}
	memset(&tx, 0, sizeof(tx));
	tx.src = src->v4;
	tx.dst = dst->v4;
	tx.ttl = ttl > 0 && ttl <= 255 ? (uint8_t)ttl : VRRP_TTL;
	tx.unicast = vrrp_unicast_active(inst->conf);
	vrrp_ah_seq_next(&inst->ah_seq, &tx);
	len = vrrp_ah_build(inst->ah, &tx, inst->tx->buf, inst->tx->len, vrrp_inst_ah_dgram,
			    sizeof(vrrp_inst_ah_dgram));
	if (len < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	return vrrp_sock_send_dgram(inst->ifs->ah_sock, vrrp_inst_ah_dgram, (size_t)len);
}

/*
 * Set while an advert timer runs: its advert may join the socket's batch. A
 * batched advert that fails in the flush is counted on the socket only
 * (tx_errors): the instance may be gone by then (a reload runs first).
 */
static bool vrrp_inst_in_timer;

/*
 * One advert to the group, or one per unicast peer: the prebuilt advert is
 * retargeted in place (its checksum only) to each peer's pseudo-header.
 */
static void
vrrp_inst_send(struct vrrp_inst *inst, uint8_t priority, bool batch)
{
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	size_t i, n = vrrp_unicast_ndests(inst->conf);
	int ttl = vrrp_unicast_tx_ttl(inst->conf);
	union vrrp_addr src, dst, csum_dst;

	/* vrrp_unicast.h's "kernel default" is the socket's VRRP_SOCK_TTL_KERNEL. */
	if (ttl == VRRP_UNICAST_TTL_KERNEL)
		ttl = VRRP_SOCK_TTL_KERNEL;
	int rc;

	if (!inst->tx_ready || (inst->ifs->sock == NULL && inst->ah == NULL))
		return;
	if (inst->tx->priority != priority)
		vrrp_pkt_set_priority(inst->tx, priority);
	if (!vrrp_inst_source(inst, &src))
		return;
	for (i = 0; i < n; i++) {
		vrrp_unicast_dest(inst->conf, g, i, inst->old_csum, &dst, &csum_dst);
		vrrp_unicast_tx_retarget(inst->tx, inst->conf, &inst->tx_csum_dst, &csum_dst);
		inst->tx_csum_dst = csum_dst;
		if (inst->conf->auth_type == VRRP_AUTH_AH)
			rc = vrrp_inst_send_ah(inst, &src, &dst, ttl);
		else if (batch)
			rc = vrrp_ifsock_send_batched(inst->ifs, vrrp_inst_loop(inst),
						      inst->tx->buf, inst->tx->len, &src, &dst, ttl,
						      NULL);
		else
			rc = vrrp_sock_send_ttl(inst->ifs->sock, inst->tx->buf, inst->tx->len, &src,
						&dst, ttl);
		if (rc < 0) {
			vrrp_inst_errs(inst)->send_errors++;
			log_ratelimited(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)),
					LOG_WARNING, "(%s) failed to send advertisement",
					inst->conf->name);
			continue;
		}
		inst->stats.adverts_tx++;
		if (priority == VRRP_PRIO_STOP)
			inst->stats.prio0_tx++;
	}
}

/* Observers ---------------------------------------------------------------- */

void
vrrp_inst_subscribe(struct vrrp_inst *inst, struct vrrp_inst_observer *o)
{
	struct vrrp_inst_observer **pp = &inst->track.observers;

	while (*pp != NULL)
		pp = &(*pp)->next;
	o->next = NULL;
	*pp = o;
}

static void
vrrp_inst_publish(struct vrrp_inst *inst, enum vrrp_inst_news_kind kind, enum vrrp_state to)
{
	struct vrrp_inst_news news = { .kind = kind, .to = to, .priority = inst->fsm.priority };

	for (struct vrrp_inst_observer *o = inst->track.observers; o != NULL; o = o->next)
		o->fn(o->arg, inst, &news);
}

void
vrrp_inst_set_tracking(struct vrrp_inst *inst, const struct vrrp_track_watch *watch,
		       const struct vrrp_notify_target *notify, struct vrrp_sync *sync)
{
	inst->track.watch = watch;
	inst->track.notify = notify;
	inst->track.sync = sync;
}

void
vrrp_inst_clear_tracking(struct vrrp_inst *inst)
{
	memset(&inst->track.sum, 0, sizeof(inst->track.sum));
	inst->track.watch = NULL;
	inst->track.notify = NULL;
	inst->track.sync = NULL;
	inst->track.observers = NULL;
}

/* Carry out the state machine's actions in their defined order. */
static void
vrrp_inst_apply(struct vrrp_inst *inst, const struct vrrp_fsm_out *out)
{
	struct ev_loop *loop = vrrp_inst_loop(inst);
	char why[VRRP_FSM_REASON_LEN];

	/* Fault held by a tracker: the reason names it (status, and -D as keepalived). */
	if (out->to == VRRP_STATE_FAULT && out->from != VRRP_STATE_FAULT &&
	    vrrp_track_fault_reason(inst->track.watch, why, sizeof(why)) != NULL &&
	    vrrp_fsm_set_reason(&inst->fsm, why)) {
		/* keepalived's -D line is for a process quorum, not for an interface. */
		if (log_get_detail() && strncmp(why, "interface ", 10) != 0)
			log_info("(%s) entering FAULT state (%s)", inst->conf->name,
				 inst->fsm.reason);
	}
	/* AH: an exhausted sequence number starts again with a new master. */
	if (out->to == VRRP_STATE_MASTER && out->from != VRRP_STATE_MASTER && inst->ah != NULL)
		vrrp_ah_seq_become_master(&inst->ah_seq);
	/* Only a Master's periodic advert is batched; transitions send at once. */
	if (out->actions & VRRP_ACT_SEND_ADVERT)
		vrrp_inst_send(inst, inst->fsm.priority,
			       vrrp_inst_in_timer && out->from == VRRP_STATE_MASTER &&
				       out->to == VRRP_STATE_MASTER);
	if ((out->actions & VRRP_ACT_SEND_PRIO0) && !inst->keep_at_stop)
		vrrp_inst_send(inst, VRRP_PRIO_STOP, false);
	if (out->actions & VRRP_ACT_VIPS_ADD)
		vrrp_inst_vips(inst, true);
	if ((out->actions & VRRP_ACT_VIPS_DEL) && !inst->keep_at_stop)
		vrrp_inst_vips(inst, false);
	if (out->actions & VRRP_ACT_GARP_STOP)
		vrrp_inst_garp_stop(inst);
	/* A Master staying Master was answering a lower-priority advert. */
	if ((out->actions & VRRP_ACT_GARP) && out->from == VRRP_STATE_MASTER &&
	    out->to == VRRP_STATE_MASTER)
		vrrp_inst_garp_lower(inst);
	else if (out->actions & VRRP_ACT_GARP)
		vrrp_inst_garp_start(inst, NULL);
	if (out->actions & VRRP_ACT_SEND_ADVERT)
		vrrp_lease_advert(inst); /* vip_lease: renewed right after an advert */

	if (inst->fsm.timer == VRRP_TIMER_NONE)
		ev_timer_stop(loop, &inst->fsm_timer);
	else if (inst->fsm.timer == VRRP_TIMER_ADVER) /* on a shared tick: one batch */
		ev_timer_start_at(loop, &inst->fsm_timer,
				  vrrp_ifsock_tick(inst->fsm.timer_deadline_us,
						   VRRP_IFSOCK_TICK_US));
	else
		ev_timer_start_at(loop, &inst->fsm_timer, inst->fsm.timer_deadline_us);

	/* Last: a sync group may move the other members from here. */
	if (out->actions & VRRP_ACT_NOTIFY)
		vrrp_inst_publish(inst, VRRP_INST_NEWS_STATE, out->to);
	if (out->actions & VRRP_ACT_NOTIFY_RX_LOWER)
		vrrp_inst_publish(inst, VRRP_INST_NEWS_RX_LOWER, inst->fsm.state);
}

void
vrrp_inst_event(struct vrrp_inst *inst, enum vrrp_event ev, const struct vrrp_fsm_advert *adv,
		uint8_t new_priority)
{
	struct vrrp_fsm_out out;

	if (vrrp_fsm_event(&inst->fsm, ev, adv, new_priority, ev_now(vrrp_inst_loop(inst)), &out) <
	    0)
		return;
	vrrp_inst_apply(inst, &out);
}

static void
vrrp_inst_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *inst = arg;
	enum vrrp_event ev = vrrp_fsm_timer_event(&inst->fsm);
	uint64_t deadline = inst->fsm.timer_deadline_us;

	/* Adverts before timers: a socket holding a burst (vrrp_ifsock_rx()) is read first. */
	if (ev == VRRP_EV_MASTER_DOWN && inst->ifs != NULL && inst->ifs->rx_held) {
		vrrp_ifsock_rx_drain(inst->ifs, loop);
		if (inst->fsm.timer != VRRP_TIMER_MASTER_DOWN ||
		    inst->fsm.timer_deadline_us != deadline)
			return; /* an advert moved the timer (and armed it again) */
	}
	/* In a sync group the last member to time out takes the group to Master. */
	if (ev == VRRP_EV_MASTER_DOWN && inst->track.sync != NULL &&
	    !vrrp_sync_member_timeout(inst->track.sync, inst))
		ev = VRRP_EV_SYNC_WAIT;
	if (ev != VRRP_EV_COUNT_) {
		vrrp_inst_in_timer = ev == VRRP_EV_ADVER_TIMER;
		vrrp_inst_event(inst, ev, NULL, 0);
		vrrp_inst_in_timer = false;
	}
}

/* Start the state machine: Fault if anything is wrong (or the sync group is in Fault). */
static void
vrrp_inst_run(struct vrrp_inst *inst)
{
	union vrrp_addr src;
	bool usable = vrrp_inst_source(inst, &src);

	/* keepalived -D: its move to the initial state removes the routes and rules again. */
	vrrp_inst_routes_log(inst, false);
	inst->track.start_held = false;
	inst->track.started = true;
	if (!usable && !inst->link_fault && inst->conf->ifname[0] == '\0')
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	if (!usable && !inst->link_fault && vrrp_inst_src_unbindable(inst)) {
		char a[INET6_ADDRSTRLEN];

		/* keepalived's two lines (its bind() at start-up), with where the source is set. */
		log_warnx("%s:%d: bind unicast_src %s failed %d - %s", inst->conf->file,
			  inst->conf->unicast->src_line,
			  inet_ntop(inst->conf->family, inst->conf->unicast->src.bytes, a,
				    sizeof(a)),
			  EADDRNOTAVAIL, strerror(EADDRNOTAVAIL));
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	}
	inst->link_fault = !usable;
	vrrp_inst_ah_check(inst);
	if (usable)
		inst->fsm.local_addr = src;
	vrrp_inst_build_tx(inst, &src);
	if (inst->uc_fault)
		log_info("(%s) Cannot use unicast without any peers - going to fault state",
			 inst->conf->name);
	/* keepalived's silent Fault while an unweighted script holds the start (vrrp_fsm.c). */
	if (inst->track.sum.script_start_fault && inst->fsm.state == VRRP_STATE_INIT)
		vrrp_inst_event(inst, VRRP_EV_START_FAULT, NULL, 0);
	if (vrrp_inst_faulty(inst) ||
	    (inst->track.sync != NULL && inst->track.sync->state == VRRP_STATE_FAULT)) {
		if (inst->fsm.state != VRRP_STATE_FAULT)
			vrrp_inst_event(inst, VRRP_EV_FAULT, NULL, 0);
		return;
	}
	vrrp_inst_event(inst,
			inst->fsm.state == VRRP_STATE_FAULT ? VRRP_EV_FAULT_CLEAR : VRRP_EV_STARTUP,
			NULL, 0);
}

void
vrrp_inst_start(struct vrrp_inst *inst)
{
	/* A previous run may have died holding our VIPs. */
	vrrp_inst_vips_clear(inst);
	vrrp_inst_start_cleared(inst);
}

void
vrrp_inst_start_cleared(struct vrrp_inst *inst)
{
	/* As keepalived: an unweighted script's first result comes first. */
	if (inst->track.sum.init_pending > 0) {
		inst->track.start_held = true;
		return;
	}
	vrrp_inst_run(inst);
}

bool
vrrp_inst_faulty(const struct vrrp_inst *inst)
{
	return inst->link_fault || inst->maintenance || inst->vmac_fault || inst->uc_fault ||
	       inst->ah_fault || inst->track.sum.faults > 0;
}

bool
vrrp_inst_faulty_at_start(const struct vrrp_inst *inst)
{
	union vrrp_addr src;

	return !vrrp_inst_source(inst, &src) || inst->maintenance || inst->vmac_fault ||
	       inst->uc_fault || !vrrp_inst_ah_ready(inst) || inst->track.sum.faults > 0;
}

/*
 * Tell the state machine when the instance's faults appear or all clear.
 * In a sync group, a member stays in Fault while another member has a
 * fault of its own.
 */
static void
vrrp_inst_fault_update(struct vrrp_inst *inst, bool was_faulty)
{
	bool faulty = vrrp_inst_faulty(inst);
	enum vrrp_state st = inst->fsm.state;

	if (!inst->track.started || st == VRRP_STATE_STOP)
		return;
	if (faulty && !was_faulty && st != VRRP_STATE_FAULT) {
		vrrp_inst_event(inst, VRRP_EV_FAULT, NULL, 0);
	} else if (!faulty && was_faulty && st == VRRP_STATE_FAULT) {
		if (inst->track.sync != NULL && vrrp_sync_member_hold_fault(inst->track.sync, inst))
			return;
		vrrp_inst_event(inst, VRRP_EV_FAULT_CLEAR, NULL, 0);
	}
}

void
vrrp_inst_track_changed(struct vrrp_inst *inst, bool was_faulty)
{
	uint8_t prio = vrrp_track_priority(inst->conf->priority, inst->track.sum.weight_sum);
	bool reload = inst->track.reloaded;

	/* Right after a reload: logged (or not) as keepalived's, even when nothing moves. */
	inst->track.reloaded = false;
	if (reload && prio == inst->fsm.priority && inst->fsm.state != VRRP_STATE_STOP)
		vrrp_inst_event(inst, VRRP_EV_PRIO_RELOAD, NULL, prio);
	if (prio != inst->fsm.priority && inst->fsm.state != VRRP_STATE_STOP) {
		vrrp_inst_event(inst, reload ? VRRP_EV_PRIO_RELOAD : VRRP_EV_PRIO_CHANGE, NULL,
				prio);
		inst->track.stats.priority_changes++;
		vrrp_inst_publish(inst, VRRP_INST_NEWS_PRIORITY, inst->fsm.state);
	}
	if (inst->track.start_held) {
		if (inst->track.sum.init_pending == 0)
			vrrp_inst_run(inst);
		return;
	}
	vrrp_inst_fault_update(inst, was_faulty);
}

void
vrrp_inst_track_update(void *arg, const struct vrrp_track_summary *sum)
{
	struct vrrp_inst *inst = arg;
	bool was_faulty = vrrp_inst_faulty(inst);

	if (sum->fault_events > inst->track.sum.fault_events)
		inst->track.stats.tracker_faults +=
			sum->fault_events - inst->track.sum.fault_events;
	inst->track.sum = *sum;
	vrrp_inst_track_changed(inst, was_faulty);
}

void
vrrp_inst_retime(struct vrrp_inst *inst, uint64_t deadline_us)
{
	if (vrrp_fsm_retime(&inst->fsm, deadline_us) == 0)
		ev_timer_start_at(vrrp_inst_loop(inst), &inst->fsm_timer, deadline_us);
}

/* Sync groups (vrrp_sync.h): what the group reads of a member and does to it. */

static const struct vrrp_instance_conf *
vrrp_inst_sync_conf(const void *member)
{
	return ((const struct vrrp_inst *)member)->conf;
}

static const struct vrrp_fsm *
vrrp_inst_sync_fsm(const void *member)
{
	return &((const struct vrrp_inst *)member)->fsm;
}

static bool
vrrp_inst_sync_own_fault(const void *member)
{
	return vrrp_inst_faulty(member);
}

static bool
vrrp_inst_sync_own_fault_at_start(const void *member)
{
	return vrrp_inst_faulty_at_start(member);
}

static void
vrrp_inst_sync_apply(void *member, enum vrrp_sync_op op)
{
	/* clang-format off */
	static const enum vrrp_event events[] = {
		[VRRP_SYNC_OP_MASTER] = VRRP_EV_MASTER_DOWN,
		[VRRP_SYNC_OP_BACKUP] = VRRP_EV_SYNC_BACKUP,
		[VRRP_SYNC_OP_LEAVE_FAULT] = VRRP_EV_FAULT_CLEAR,
		[VRRP_SYNC_OP_FAULT] = VRRP_EV_FAULT,
		[VRRP_SYNC_OP_RESIGN] = VRRP_EV_RESIGN,
	};
	/* clang-format on */

	if (op != VRRP_SYNC_OP_NONE && (size_t)op < sizeof(events) / sizeof(events[0]))
		vrrp_inst_event(member, events[op], NULL, 0);
}

static void
vrrp_inst_sync_retime(void *member, uint64_t deadline_us)
{
	vrrp_inst_retime(member, deadline_us);
}

const struct vrrp_sync_member_ops vrrp_inst_sync_ops = {
	.conf = vrrp_inst_sync_conf,
	.fsm = vrrp_inst_sync_fsm,
	.own_fault = vrrp_inst_sync_own_fault,
	.own_fault_at_start = vrrp_inst_sync_own_fault_at_start,
	.apply = vrrp_inst_sync_apply,
	.retime = vrrp_inst_sync_retime,
};

void
vrrp_inst_link_update(struct vrrp_inst *inst)
{
	union vrrp_addr src;
	bool usable = vrrp_inst_source(inst, &src);
	bool was_faulty = vrrp_inst_faulty(inst);

	if (usable && memcmp(&src, &inst->fsm.local_addr, sizeof(src)) != 0) {
		inst->fsm.local_addr = src;
		vrrp_inst_build_tx(inst, &src);
	}
	if (!usable && !inst->link_fault && inst->conf->ifname[0] == '\0')
		log_info("(%s): entering FAULT state (src address not configured)",
			 inst->conf->name);
	inst->link_fault = !usable;
	vrrp_inst_ah_check(inst);
	vrrp_inst_fault_update(inst, was_faulty);
}

void
vrrp_inst_set_maintenance(struct vrrp_inst *inst, bool on)
{
	bool was_faulty = vrrp_inst_faulty(inst);

	if (inst->maintenance == on)
		return;
	inst->maintenance = on;
	log_info("(%s) maintenance mode %s", inst->conf->name, on ? "on" : "off");
	vrrp_inst_fault_update(inst, was_faulty);
}

/*
 * Feed an advert, and see what it meant beyond the state machine: a Master
 * hearing a lower priority (counted), a Backup accepting a Master (it no
 * longer wants its sync group to go Master).
 */
static void
vrrp_inst_rx_event(struct vrrp_inst *inst, const struct vrrp_fsm_advert *fadv)
{
	enum vrrp_state before = inst->fsm.state;
	uint64_t deadline = inst->fsm.timer_deadline_us;

	vrrp_inst_event(inst, VRRP_EV_ADVERT, fadv, 0);
	vrrp_inst_late_check(inst, fadv, before, inst->fsm.timer_deadline_us > deadline);
	if (before == VRRP_STATE_BACKUP && inst->fsm.state == VRRP_STATE_BACKUP &&
	    fadv->priority != VRRP_PRIO_STOP && inst->fsm.timer_deadline_us > deadline &&
	    inst->track.sync != NULL)
		vrrp_sync_member_heard_master(inst->track.sync, inst);
	/* Counted here, each one; answered (notify_master_rx_lower_pri included)
	 * by the state machine's VRRP_ACT_NOTIFY_RX_LOWER, at most once per interval. */
	if (before == VRRP_STATE_MASTER && inst->fsm.state == VRRP_STATE_MASTER &&
	    fadv->priority != VRRP_PRIO_STOP && fadv->priority < inst->fsm.priority)
		inst->track.stats.rx_lower_pri++;
}

static void vrrp_inst_use_old_csum(struct vrrp_inst *inst);

/*
 * keepalived's address check: an advert whose address list is not the one
 * our own advert carries is dropped (with skip_check_adv_addr, unless it
 * comes from the Master last heard). Returns whether it was dropped.
 */
static bool
vrrp_inst_rx_addrs_bad(struct vrrp_inst *inst, const struct vrrp_advert *adv,
		       const struct vrrp_pkt_meta *meta)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_instance_conf copy;
	const struct vrrp_vip *missing;
	size_t expected;
	size_t alen = meta->family == AF_INET6 ? 16 : 4;
	char buf[INET6_ADDRSTRLEN];

	if (c->skip_check_adv_addr && inst->adv_src_known &&
	    memcmp(inst->adv_src.bytes, meta->src.bytes, alen) == 0)
		return false;
	if (vrrp_pkt_check_addrs(adv, vrrp_inst_advert_conf(inst, &copy), &expected, &missing) ==
	    VRRP_DROP_NONE)
		return false;
	vrrp_inst_drops(inst)[VRRP_DROP_ADDR_LIST]++;
	if (!log_ratelimit_ok(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst))))
		return true;
	/* keepalived 2.2.7's lines. */
	if (missing == NULL)
		log_info("(%s) received an unexpected ip number count %u, expected %zu!", c->name,
			 adv->naddr, expected);
	else
		log_info("(%s) ip address associated with VRID %u not present in MASTER advert: %s",
			 c->name, c->vrid,
			 vrrp_addr_ntop(missing->family, &missing->addr, buf, sizeof(buf)));
	return true;
}

/*
 * An advert for this instance: the transport checks, then the RFC's.
 * old_csum_form: its checksum matched only keepalived <= 1.3.6's unicast
 * form; the instance switches to that form only once everything else
 * about the packet has been checked, so that no stranger can flip it.
 */
static void
vrrp_inst_rx_checked(struct vrrp_inst *inst, const struct vrrp_advert *adv,
		     const struct vrrp_pkt_meta *meta, bool old_csum_form)
{
	struct vrrp_fsm_advert fadv;
	bool mismatch = false;
	enum vrrp_drop reason;
	char from[INET6_ADDRSTRLEN];
	char why[160];
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	enum vrrp_unicast_drop uc = vrrp_unicast_rx_check(inst->conf, g, meta);

	if (uc != VRRP_UC_DROP_NONE) {
		/* The TTL ones are the RFC's TTL check; the others are unicast's own. */
		if (uc == VRRP_UC_DROP_TTL || uc == VRRP_UC_DROP_PEER_TTL)
			vrrp_inst_drops(inst)[VRRP_DROP_TTL]++;
		else
			vrrp_inst_trouble(inst)->d.uc_drops[uc]++;
		if (log_ratelimit_ok(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst))))
			log_info("%s",
				 vrrp_unicast_drop_text(uc, inst->conf, g, meta, why, sizeof(why)));
		return;
	}
	reason = vrrp_pkt_check(adv, meta, inst->conf, inst->fsm.priority, &mismatch);
	if (reason != VRRP_DROP_NONE) {
		vrrp_inst_drops(inst)[reason]++;
		log_ratelimited(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
				"(%s) dropped advert from %s: %s", inst->conf->name,
				vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
				vrrp_drop_name(reason));
		return;
	}
	if (vrrp_inst_rx_addrs_bad(inst, adv, meta))
		return;
	inst->adv_src = meta->src;
	inst->adv_src_known = true;
	if (old_csum_form)
		vrrp_inst_use_old_csum(inst);
	inst->stats.adverts_rx++;
	if (adv->csum_form == VRRP_CSUM_PLAIN)
		inst->stats.csum_plain_rx++;
	else
		inst->stats.csum_pseudo_rx++;
	/* Counted by the state machine (fsm.stats.v3_interval_mismatch); said here. */
	if (mismatch) {
		log_ratelimited(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
				"(%s) advertisement interval mismatch: received %u cs, ours %u cs",
				inst->conf->name, adv->adver_int_cs, inst->conf->adver_int_cs);
	}
	fadv.priority = adv->priority;
	fadv.adver_int_cs = adv->adver_int_cs;
	fadv.src = meta->src;
	vrrp_inst_rx_event(inst, &fadv);
}

void
vrrp_inst_rx(struct vrrp_inst *inst, const struct vrrp_advert *adv,
	     const struct vrrp_pkt_meta *meta)
{
	vrrp_inst_rx_checked(inst, adv, meta, false);
}

/* Count and log a refused AH datagram, with keepalived's lines where it has them. */
static void
vrrp_inst_ah_drop(struct vrrp_inst *inst, enum vrrp_ah_drop why, const uint8_t *pkt, size_t ihl,
		  const struct vrrp_pkt_meta *meta)
{
	uint64_t now = ev_now(vrrp_inst_loop(inst));
	uint32_t seq;
	char from[INET6_ADDRSTRLEN];

	vrrp_inst_trouble(inst)->d.ah_drops[why]++;
	switch (why) {
	case VRRP_AH_DROP_ICV:
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) IPSEC-AH : invalid IPSEC HMAC-MD5 "
				"value. Due to fields mutation or bad password !",
				inst->conf->name);
		break;
	case VRRP_AH_DROP_REPLAY:
		/* verify() checked the length: the sequence number follows the SPI. */
		memcpy(&seq, pkt + ihl + 8, sizeof(seq));
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) IPSEC-AH : sequence number %u "
				"already processed. Packet dropped. Local(%u)",
				inst->conf->name, ntohl(seq), inst->ah_seq.seq);
		break;
	case VRRP_AH_DROP_SPI:
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) dropped AH advert from %s: %s", inst->conf->name,
				vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
				vrrp_ah_drop_name(why));
		break;
	default:
		vrrp_inst_drops(
			inst)[why == VRRP_AH_DROP_SHORT ? VRRP_DROP_SHORT : VRRP_DROP_LENGTH]++;
		break;
	}
}

/*
 * A plain protocol-112 advert for an auth_type AH instance: whatever it
 * says, it is not authenticated (keepalived 2.2.7 does not even listen for
 * it), so it may not move the state machine.
 */
static void
vrrp_inst_ah_missing(struct vrrp_inst *inst, const struct vrrp_pkt_meta *meta)
{
	char from[INET6_ADDRSTRLEN];

	vrrp_inst_trouble(inst)->d.ah_drops[VRRP_AH_DROP_MISSING]++;
	log_ratelimited(
		vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
		"(%s) dropped advert from %s: %s (auth_type AH, the packet has no AH header)",
		inst->conf->name, vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
		vrrp_ah_drop_name(VRRP_AH_DROP_MISSING));
}

void
vrrp_ifsock_ah_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct vrrp_ifsock *ifs = arg;
	struct vrrp_inst *inst;
	struct vrrp_advert adv;
	struct vrrp_ah_rx rx;
	enum vrrp_ah_drop ah_drop;
	enum vrrp_drop reason;
	size_t ihl, off;

	ifs->rx_packets++;
	/* The VRID lies behind the IP and AH headers (vrrp_net checked the IP header). */
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	off = ihl + VRRP_AH_HDR_LEN + 1;
	inst = len > off ? vrrp_inst_of(vrrp_ifsock_first(ifs, pkt[off])) : NULL;
	if (inst == NULL || inst->ah == NULL) {
		ifs->drops[VRRP_DROP_VRID]++;
		return;
	}
	ah_drop =
		vrrp_ah_verify(inst->ah, pkt, len, inst->conf->unicast != NULL, &inst->ah_seq, &rx);
	if (ah_drop != VRRP_AH_DROP_NONE)
		vrrp_inst_ah_drop(inst, ah_drop, pkt, ihl, meta);
	if (ah_drop != VRRP_AH_DROP_NONE)
		return;
	reason = vrrp_pkt_decode(rx.vrrp, rx.vrrp_len, meta, &adv);
	if (reason != VRRP_DROP_NONE) {
		vrrp_inst_drops(inst)[reason]++;
		return;
	}
	vrrp_inst_rx(inst, &adv, meta);
}

void
vrrp_inst_resign(struct vrrp_inst *inst)
{
	if (inst->track.sync != NULL)
		vrrp_sync_resigning(inst->track.sync, true);
	vrrp_inst_event(inst, VRRP_EV_RESIGN, NULL, 0);
	if (inst->track.sync != NULL)
		vrrp_sync_resigning(inst->track.sync, false);
}

void
vrrp_inst_stop(struct vrrp_inst *inst)
{
	vrrp_inst_event(inst, VRRP_EV_SHUTDOWN, NULL, 0);
	if (inst->vips_installed && !inst->keep_at_stop)
		vrrp_inst_vips(inst, false);
	vrrp_inst_abandon(inst);
}

void
vrrp_inst_abandon(struct vrrp_inst *inst)
{
	struct ev_loop *loop = vrrp_inst_loop(inst);

	ev_timer_stop(loop, &inst->fsm_timer);
	ev_timer_stop(loop, &inst->garp_timer);
	if (inst->garp_extra_timer != NULL)
		ev_timer_stop(loop, inst->garp_extra_timer);
	if (inst->garp_due != NULL)
		ev_timer_stop(loop, &inst->garp_due->timer);
}

/*
 * A VRRPv3 IPv4 unicast advert that failed its checksum: keepalived <= 1.3.6
 * put the group into the pseudo-header. Returns whether that form matches
 * (adv is then decoded); the switch waits for the other checks.
 */
static bool
vrrp_inst_rx_old_csum(struct vrrp_inst *inst, const uint8_t *pkt, size_t len,
		      const struct vrrp_pkt_meta *meta, struct vrrp_advert *adv)
{
	return vrrp_unicast_decode_old(inst->conf, vrrp_inst_uglobal(inst), pkt, len, meta, adv) ==
	       VRRP_DROP_NONE;
}

/*
 * Send the old checksum form from now on (as keepalived 2.2.7), so that such a peer accepts
 * ours.
 */
static void
vrrp_inst_use_old_csum(struct vrrp_inst *inst)
{
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	union vrrp_addr dst, csum_dst;

	if (inst->old_csum)
		return;
	inst->old_csum = true;
	log_info("(%s) Setting unicast VRRPv3 checksum to old version", inst->conf->name);
	vrrp_unicast_dest(inst->conf, g, 0, true, &dst, &csum_dst);
	if (inst->tx != NULL)
		vrrp_unicast_tx_retarget(inst->tx, inst->conf, &inst->tx_csum_dst, &csum_dst);
	inst->tx_csum_dst = csum_dst;
}

/*
 * The instance the VRID byte names, among those sharing the VRID the one
 * whose peers or group match (they all run under the same global settings).
 */
static struct vrrp_inst *
vrrp_ifsock_inst(struct vrrp_ifsock *ifs, const uint8_t *pkt, size_t len,
		 const struct vrrp_pkt_meta *meta)
{
	struct vrrp_inst *first = len >= 2 ? vrrp_inst_of(vrrp_ifsock_first(ifs, pkt[1])) : NULL;

	if (first == NULL)
		return NULL;
	return vrrp_inst_of(vrrp_ifsock_demux(ifs, pkt[1], meta, first->env->unicast));
}

void
vrrp_ifsock_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct vrrp_ifsock *ifs = arg;
	struct vrrp_advert adv;
	struct vrrp_inst *inst;
	enum vrrp_drop reason;
	bool old_form = false;

	ifs->rx_packets++;
	/* The instance the VRID byte names, if any, is charged with a drop. */
	inst = vrrp_ifsock_inst(ifs, pkt, len, meta);
	/* An AH instance hears only what its AH socket verified. */
	if (inst != NULL && inst->conf->auth_type == VRRP_AUTH_AH) {
		vrrp_inst_ah_missing(inst, meta);
		return;
	}
	reason = vrrp_pkt_decode(pkt, len, meta, &adv);
	if (reason == VRRP_DROP_CHECKSUM && inst != NULL &&
	    vrrp_inst_rx_old_csum(inst, pkt, len, meta, &adv)) {
		reason = VRRP_DROP_NONE;
		old_form = true;
	}
	if (reason != VRRP_DROP_NONE) {
		if (inst != NULL)
			vrrp_inst_drops(inst)[reason]++;
		else
			ifs->drops[reason]++;
		return;
	}
	if (inst == NULL) {
		ifs->drops[VRRP_DROP_VRID]++;
		if (ifs->log_unknown_vrids)
			vrrp_ifsock_log_unknown(ifs, &adv, meta);
		return;
	}
	vrrp_inst_rx_checked(inst, &adv, meta, old_form);
}

/* Reload ------------------------------------------------------------------------- */

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
