/*
 * The adverts of a live instance: the source address they leave from (its
 * interface's, or unicast_src_ip / mcast_src_ip where the kernel lets it be
 * bound), the advert built once for it and kept, and its sending, retargeted
 * to the group or to each unicast peer, plain, batched with the other
 * adverts of the socket, or inside an AH datagram. vrrp_instance.c sends as
 * the state machine's actions ask.
 */
#include "keepalived/vrrp/run/vrrp_instance_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"

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
bool
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

/*
 * Our source address: unicast_src_ip / mcast_src_ip, else from the
 * interface cache the primary IPv4 address or the IPv6 link-local address.
 * Returns false when the interface is down, has no usable address, or does
 * not hold the configured one; the instance is then in Fault.
 */
bool
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
void
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
 * One advert to the group, or one per unicast peer: the prebuilt advert is
 * retargeted in place (its checksum only) to each peer's pseudo-header.
 */
void
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
