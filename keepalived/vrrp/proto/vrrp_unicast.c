/*
 * Where an instance's adverts go and come from: the peers or the group,
 * the source address, the TTL, and the transport checks on received
 * adverts, as keepalived 2.2.7 applies them (vrrp_unicast.h). Pure
 * functions of the configuration and of a packet's metadata.
 */
#include "keepalived/vrrp/proto/vrrp_unicast.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* Where the checksum sits in a VRRP header (v2 and v3). */
#define VRRP_CSUM_OFFSET 6

/* The RFC's groups, 224.0.0.18 and ff02::12, in network order. */
static const uint8_t default_group4[4] = { 224, 0, 0, 18 };
static const uint8_t default_group6[16] = { 0xff, 0x02, [15] = 0x12 };

void
vrrp_unicast_global_defaults(struct vrrp_unicast_global *g)
{
	memset(g, 0, sizeof(*g));
	memcpy(&g->group4, default_group4, sizeof(default_group4));
	memcpy(&g->group6, default_group6, sizeof(default_group6));
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static bool
addr_equal(int family, const union vrrp_addr *a, const union vrrp_addr *b)
{
	return memcmp(a, b, addr_len(family)) == 0;
}

static bool
dst_is_multicast(const struct vrrp_pkt_meta *meta)
{
	if (meta->family == AF_INET)
		return IN_MULTICAST(ntohl(meta->dst.v4.s_addr));
	return IN6_IS_ADDR_MULTICAST(&meta->dst.v6);
}

static const struct vrrp_unicast_peer *
peer_of(const struct vrrp_instance_conf *vi, int family, const union vrrp_addr *a)
{
	const struct vrrp_unicast_conf *uc = vi->unicast;
	size_t i;

	for (i = 0; uc != NULL && i < uc->npeers; i++)
		if (uc->peers[i].family == family && addr_equal(family, &uc->peers[i].addr, a))
			return &uc->peers[i];
	return NULL;
}

/* Sending ----------------------------------------------------------------- */

bool
vrrp_unicast_active(const struct vrrp_instance_conf *vi)
{
	return vi->unicast != NULL && vi->unicast->npeers > 0;
}

bool
vrrp_unicast_fault_no_peer(const struct vrrp_instance_conf *vi)
{
	return vi->unicast != NULL && vi->unicast->fault_no_peer && vi->unicast->npeers == 0;
}

void
vrrp_unicast_group(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
		   union vrrp_addr *group)
{
	memset(group, 0, sizeof(*group));
	if (vi->unicast != NULL && vi->unicast->has_mcast_dst)
		*group = vi->unicast->mcast_dst;
	else if (vi->family == AF_INET6 && g != NULL)
		group->v6 = g->group6;
	else if (vi->family == AF_INET6)
		memcpy(group, default_group6, sizeof(default_group6));
	else if (g != NULL)
		group->v4 = g->group4;
	else
		memcpy(group, default_group4, sizeof(default_group4));
}

size_t
vrrp_unicast_ndests(const struct vrrp_instance_conf *vi)
{
	return vrrp_unicast_active(vi) ? vi->unicast->npeers : 1;
}

void
vrrp_unicast_dest(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
		  size_t i, bool old_csum, union vrrp_addr *dst, union vrrp_addr *csum_dst)
{
	union vrrp_addr group;

	vrrp_unicast_group(vi, g, &group);
	if (vrrp_unicast_active(vi) && i < vi->unicast->npeers)
		*dst = vi->unicast->peers[i].addr;
	else
		*dst = group;
	if (csum_dst == NULL)
		return;
	/*
	 * keepalived <= 1.3.6 named the group in the pseudo-header of
	 * unicast adverts too. Only IPv4 has the choice: for IPv6 the kernel
	 * of the receiver checks the checksum over the real addresses.
	 */
	if (old_csum && vrrp_unicast_active(vi) && vi->family == AF_INET)
		*csum_dst = group;
	else
		*csum_dst = *dst;
}

int
vrrp_unicast_src(const struct vrrp_instance_conf *vi, const union vrrp_addr *if_addr,
		 union vrrp_addr *src)
{
	if (vi->unicast != NULL && vi->unicast->has_src) {
		*src = vi->unicast->src;
		return 0;
	}
	if (if_addr == NULL)
		return -1;
	*src = *if_addr;
	return 0;
}

int
vrrp_unicast_tx_ttl(const struct vrrp_instance_conf *vi)
{
	if (!vrrp_unicast_active(vi))
		return VRRP_TTL;
	if (vi->unicast->ttl != VRRP_UNICAST_TTL_UNSET)
		return vi->unicast->ttl == 0 && vi->family == AF_INET ? 1 : vi->unicast->ttl;
	return vi->family == AF_INET ? VRRP_TTL : VRRP_UNICAST_TTL_KERNEL;
}

void
vrrp_unicast_tx_retarget(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *vi,
			 const union vrrp_addr *from, const union vrrp_addr *to)
{
	size_t n = addr_len(tx->family);
	uint16_t csum;
	uint32_t sum;

	if (vi->version != 3 || (tx->family == AF_INET && vi->v3_checksum_as_v2) ||
	    addr_equal(tx->family, from, to))
		return;
	/* HC' = ~(~HC + ~m + m'), RFC 1624 eqn. 3, m the old address words. */
	memcpy(&csum, tx->buf + VRRP_CSUM_OFFSET, sizeof(csum));
	sum = (uint16_t)~csum;
	sum += vrrp_csum_fold(vrrp_csum_partial(from, n, 0));
	sum = vrrp_csum_partial(to, n, sum);
	csum = vrrp_csum_fold(sum);
	memcpy(tx->buf + VRRP_CSUM_OFFSET, &csum, sizeof(csum));
}

bool
vrrp_unicast_old_csum_configured(const struct vrrp_instance_conf *vi)
{
	return vrrp_unicast_active(vi) && vi->unicast->old_csum == VRRP_UNICAST_CSUM_OLD;
}

/* Receiving ------------------------------------------------------------- */

/* clang-format off */
static const char *const drop_names[VRRP_UC_DROP_COUNT_] = {
	[VRRP_UC_DROP_NONE] = "none",
	[VRRP_UC_DROP_TTL] = "ttl",
	[VRRP_UC_DROP_NOT_UNICAST] = "not_unicast",
	[VRRP_UC_DROP_NOT_MULTICAST] = "not_multicast",
	[VRRP_UC_DROP_GROUP] = "wrong_group",
	[VRRP_UC_DROP_NOT_PEER] = "not_peer",
	[VRRP_UC_DROP_PEER_TTL] = "peer_ttl",
};
/* clang-format on */

const char *
vrrp_unicast_drop_name(enum vrrp_unicast_drop reason)
{
	if ((unsigned)reason >= VRRP_UC_DROP_COUNT_)
		return "unknown";
	return drop_names[reason];
}

static bool
check_src(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g)
{
	return vi->unicast->check_src || (g != NULL && g->check_unicast_src);
}

/*
 * In keepalived's order: the TTL of a multicast instance (before the
 * checksum there, but the result is the same), unicast against multicast,
 * then the source and its TTL range.
 */
enum vrrp_unicast_drop
vrrp_unicast_rx_check(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
		      const struct vrrp_pkt_meta *meta)
{
	const struct vrrp_unicast_peer *peer;
	union vrrp_addr group;
	bool mcast = dst_is_multicast(meta);

	if (!vrrp_unicast_active(vi)) {
		/* RFC 5798 7.1; meta->multicast covers only the default groups. */
		if (meta->ttl >= 0 && meta->ttl != VRRP_TTL)
			return VRRP_UC_DROP_TTL;
		if (!mcast)
			return VRRP_UC_DROP_NOT_MULTICAST;
		vrrp_unicast_group(vi, g, &group);
		if (!addr_equal(meta->family, &meta->dst, &group))
			return VRRP_UC_DROP_GROUP;
		return VRRP_UC_DROP_NONE;
	}
	if (mcast)
		return VRRP_UC_DROP_NOT_UNICAST;
	if (!check_src(vi, g))
		return VRRP_UC_DROP_NONE;
	if ((peer = peer_of(vi, meta->family, &meta->src)) == NULL)
		return VRRP_UC_DROP_NOT_PEER;
	if (meta->ttl >= 0 && (meta->ttl < peer->min_ttl || meta->ttl > peer->max_ttl))
		return VRRP_UC_DROP_PEER_TTL;
	return VRRP_UC_DROP_NONE;
}

const char *
vrrp_unicast_drop_text(enum vrrp_unicast_drop reason, const struct vrrp_instance_conf *vi,
		       const struct vrrp_unicast_global *g, const struct vrrp_pkt_meta *meta,
		       char *buf, size_t len)
{
	const struct vrrp_unicast_peer *peer;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	switch (reason) {
	case VRRP_UC_DROP_TTL:
		snprintf(buf, len, "(%s) invalid TTL/HL. Received %d and expect %d", vi->name,
			 meta->ttl, VRRP_TTL);
		break;
	case VRRP_UC_DROP_NOT_UNICAST:
	case VRRP_UC_DROP_NOT_MULTICAST:
		snprintf(buf, len, "(%s) Expected %sicast packet but received %sicast packet",
			 vi->name, reason == VRRP_UC_DROP_NOT_UNICAST ? "un" : "mult",
			 reason == VRRP_UC_DROP_NOT_UNICAST ? "mult" : "un");
		break;
	case VRRP_UC_DROP_GROUP: {
		union vrrp_addr group;

		vrrp_unicast_group(vi, g, &group);
		snprintf(buf, len, "(%s) advert to multicast group %s, expected %s", vi->name,
			 vrrp_addr_ntop(meta->family, &meta->dst, a, sizeof(a)),
			 vrrp_addr_ntop(meta->family, &group, b, sizeof(b)));
		break;
	}
	case VRRP_UC_DROP_NOT_PEER:
		snprintf(buf, len, "(%s) unicast source address %s not a unicast peer", vi->name,
			 vrrp_addr_ntop(meta->family, &meta->src, a, sizeof(a)));
		break;
	case VRRP_UC_DROP_PEER_TTL:
		peer = peer_of(vi, meta->family, &meta->src);
		snprintf(buf, len, "(%s) TTL/HL %d not in range %d - %d", vi->name, meta->ttl,
			 peer != NULL ? peer->min_ttl : 0, peer != NULL ? peer->max_ttl : 255);
		break;
	default:
		snprintf(buf, len, "(%s) advert accepted", vi->name);
		break;
	}
	return buf;
}

enum vrrp_drop
vrrp_unicast_decode_old(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
			const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *meta,
			struct vrrp_advert *adv)
{
	struct vrrp_pkt_meta old;
	union vrrp_addr group;

	/* v2 has no pseudo-header, IPv6 is checked over the real addresses. */
	if (!vrrp_unicast_active(vi) || vi->unicast->old_csum == VRRP_UNICAST_CSUM_NEVER ||
	    meta->family != AF_INET || vi->family != AF_INET || dst_is_multicast(meta) || len < 1 ||
	    buf[0] >> 4 != 3)
		return VRRP_DROP_CHECKSUM;
	/* The global group, as keepalived (mcast_dst_ip is ignored with peers). */
	vrrp_unicast_group(vi, g, &group);
	old = *meta;
	old.dst = group;
	return vrrp_pkt_decode(buf, len, &old, adv) == VRRP_DROP_NONE ? VRRP_DROP_NONE :
									VRRP_DROP_CHECKSUM;
}

bool
vrrp_unicast_rx_match(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
		      const struct vrrp_pkt_meta *meta)
{
	union vrrp_addr group;

	if (meta->family != vi->family)
		return false;
	if (vrrp_unicast_active(vi))
		return !dst_is_multicast(meta) && peer_of(vi, meta->family, &meta->src) != NULL;
	vrrp_unicast_group(vi, g, &group);
	return dst_is_multicast(meta) && addr_equal(meta->family, &meta->dst, &group);
}

bool
vrrp_unicast_can_share_vrid(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
			    const struct vrrp_unicast_global *g)
{
	union vrrp_addr ga, gb;
	size_t i;

	if (vrrp_unicast_active(a) != vrrp_unicast_active(b))
		return false;
	if (!vrrp_unicast_active(a)) {
		vrrp_unicast_group(a, g, &ga);
		vrrp_unicast_group(b, g, &gb);
		return !addr_equal(a->family, &ga, &gb);
	}
	for (i = 0; i < a->unicast->npeers; i++)
		if (peer_of(b, a->unicast->peers[i].family, &a->unicast->peers[i].addr) != NULL)
			return false;
	return true;
}
