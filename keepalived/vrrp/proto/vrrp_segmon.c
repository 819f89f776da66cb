/*
 * VRRP segment monitor model (vrrp_segmon.h): frames in, per virtual router
 * senders and problems out. The link and IP layers are stripped here; the
 * VRRP message itself is decoded by vrrp_pkt_decode().
 */
#include "config.h"

#include "keepalived/vrrp/proto/vrrp_segmon.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "keepalived/vrrp/proto/vrrp_packet.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHER_HDR_LEN 14
#define SLL_HDR_LEN 16
#define SLL2_HDR_LEN 20
#define IPV6_HDR_LEN 40
#define AH_PROTO 51
#define US_PER_CS 10000

/* clang-format off */
static const char *const drop_names[VRRP_SEGMON_DROP_COUNT_] = {
	[VRRP_SEGMON_DROP_NONE] = "none",
	[VRRP_SEGMON_DROP_LINK] = "link",
	[VRRP_SEGMON_DROP_IP] = "ip_header",
	[VRRP_SEGMON_DROP_FRAGMENT] = "fragment",
	[VRRP_SEGMON_DROP_NOT_VRRP] = "not_vrrp",
	[VRRP_SEGMON_DROP_TRUNCATED] = "truncated",
	[VRRP_SEGMON_DROP_DECODE] = "vrrp_decode",
	[VRRP_SEGMON_DROP_TABLE] = "table_full",
};
/* clang-format on */

const char *
vrrp_segmon_drop_name(enum vrrp_segmon_drop reason)
{
	return (unsigned)reason < VRRP_SEGMON_DROP_COUNT_ ? drop_names[reason] : "unknown";
}

const char *
vrrp_segmon_auth_name(uint8_t auth_type)
{
	switch (auth_type) {
	case VRRP_AUTH_NONE:
		return "none";
	case VRRP_AUTH_PASS:
		return "pass";
	case VRRP_AUTH_AH:
		return "ah";
	default:
		return "unknown";
	}
}

const char *
vrrp_segmon_clock(int64_t us, char *buf, size_t len)
{
	time_t s = (time_t)(us / 1000000);
	struct tm tm;

	if (gmtime_r(&s, &tm) == NULL)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (int)(us % 1000000 / 1000));
	return buf;
}

void
vrrp_segmon_init(struct vrrp_segmon *m)
{
	memset(m, 0, sizeof(*m));
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* FNV-1a over n bytes. */
static uint64_t
fnv64(const uint8_t *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n-- > 0) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Model lookups ----------------------------------------------------------- */

static int
group_find(struct vrrp_segmon *m, int family, uint8_t vrid)
{
	int g;

	for (g = 0; g < m->ngroups; g++)
		if (m->groups[g].family == family && m->groups[g].vrid == vrid)
			return g;
	if (m->ngroups == VRRP_SEGMON_MAX_GROUPS)
		return -1;
	g = m->ngroups++;
	m->groups[g].family = family;
	m->groups[g].vrid = vrid;
	m->groups[g].first = -1;
	m->groups[g].nrouters = 0;
	return g;
}

static int
router_find(struct vrrp_segmon *m, int g, const union vrrp_addr *src)
{
	struct vrrp_segmon_group *grp = &m->groups[g];
	struct vrrp_segmon_router *r;
	int i, *link = &grp->first;

	for (i = grp->first; i != -1; i = m->routers[i].next) {
		if (memcmp(&m->routers[i].src, src, addr_len(grp->family)) == 0)
			return i;
		link = &m->routers[i].next;
	}
	if (m->nrouters == VRRP_SEGMON_MAX_ROUTERS)
		return -1;
	i = m->nrouters++;
	r = &m->routers[i];
	memset(r, 0, sizeof(*r));
	r->src = *src;
	r->group = g;
	r->next = -1;
	*link = i; /* appended: the table lists senders in the order first seen */
	grp->nrouters++;
	return i;
}

/* Two masters ------------------------------------------------------------- */

static void
pair_count(struct vrrp_segmon *m, int a, int b, int64_t ts_us)
{
	struct vrrp_segmon_pair *p;
	int i, lo = a < b ? a : b, hi = a < b ? b : a;

	for (i = 0; i < m->npairs; i++) {
		p = &m->pairs[i];
		if (p->a == lo && p->b == hi) {
			p->count++;
			p->last_us = ts_us;
			return;
		}
	}
	if (m->npairs == VRRP_SEGMON_MAX_PAIRS) {
		m->pairs_lost++;
		return;
	}
	p = &m->pairs[m->npairs++];
	p->a = lo;
	p->b = hi;
	p->count = 1;
	p->first_us = p->last_us = ts_us;
}

static int64_t
late_bound_us(uint16_t adver_int_cs)
{
	return (int64_t)adver_int_cs * US_PER_CS * VRRP_SEGMON_LATE_PCT / 100;
}

/*
 * Router ri advertises at ts_us: the late check and the two-master check,
 * against the state before this advert (see vrrp_segmon.h for the rules).
 */
static void
check_timing(struct vrrp_segmon *m, int ri, uint8_t priority, int64_t ts_us)
{
	struct vrrp_segmon_router *r = &m->routers[ri];
	bool steady, overlap = false;
	int64_t gap;
	int si;

	if (r->adverts == 0 || r->priority == 0 || r->adver_int_cs == 0) {
		r->overlap_streak = 0;
		return;
	}
	gap = ts_us - r->last_us;
	steady = gap <= late_bound_us(r->adver_int_cs);
	for (si = m->groups[r->group].first; si != -1; si = m->routers[si].next) {
		const struct vrrp_segmon_router *s = &m->routers[si];

		if (si != ri && s->active_us > r->last_us)
			overlap = true;
	}
	if (!steady && !overlap) {
		r->late++;
		r->late_last_us = ts_us;
		if (gap > r->late_max_gap_us)
			r->late_max_gap_us = gap;
	}
	if (!steady || !overlap || priority == 0) {
		r->overlap_streak = 0;
		return;
	}
	if (++r->overlap_streak < 2)
		return;
	for (si = m->groups[r->group].first; si != -1; si = m->routers[si].next) {
		const struct vrrp_segmon_router *s = &m->routers[si];

		if (si != ri && s->active_us > r->last_us)
			pair_count(m, ri, si, ts_us);
	}
}

/* Adverts ------------------------------------------------------------------ */

/* What the IP layer knows about the VRRP message it carries. */
struct segmon_ip {
	struct vrrp_pkt_meta meta;
	bool in_ah;
};

static void
record_advert(struct vrrp_segmon *m, int ri, const struct vrrp_advert *adv,
	      const struct segmon_ip *ip, int64_t ts_us)
{
	struct vrrp_segmon_router *r = &m->routers[ri];
	size_t alen = addr_len(ip->meta.family), i;

	check_timing(m, ri, adv->priority, ts_us);
	if (r->adverts == 0)
		r->first_us = ts_us;
	r->adverts++;
	r->last_us = ts_us;
	if (adv->priority > 0)
		r->active_us = ts_us;
	r->dst = ip->meta.dst;
	r->unicast = !ip->meta.multicast;
	r->version = adv->version;
	r->priority = adv->priority;
	r->adver_int_cs = adv->adver_int_cs;
	r->naddr = adv->naddr;
	r->addr_digest = 0;
	for (i = 0; i < adv->naddr; i++) {
		if (i < VRRP_SEGMON_SHOW_ADDRS) {
			memset(r->addrs[i], 0, sizeof(r->addrs[i]));
			memcpy(r->addrs[i], adv->addrs + i * alen, alen);
		}
		/* A sum: the same set in another order has the same digest. */
		r->addr_digest += fnv64(adv->addrs + i * alen, alen);
	}
	r->auth_digest = 0;
	if (ip->in_ah)
		r->auth_type = VRRP_AUTH_AH;
	else if (adv->version == 2)
		r->auth_type = adv->auth_type;
	else
		r->auth_type = VRRP_AUTH_NONE;
	if (!ip->in_ah && adv->version == 2 && adv->auth_type == VRRP_AUTH_PASS)
		r->auth_digest = fnv64(adv->auth_data, VRRP_AUTH_DATA_LEN) | 1;
	m->adverts++;
}

/* The VRRP message: decode, then count it to its sender. */
static enum vrrp_segmon_drop
take_vrrp(struct vrrp_segmon *m, const uint8_t *buf, size_t len, const struct segmon_ip *ip,
	  int ttl, int64_t ts_us)
{
	struct vrrp_advert adv;
	enum vrrp_drop why;
	int g, ri;

	/* The TTL is judged below, per sender, once the VRID is known. */
	why = vrrp_pkt_decode(buf, len, &ip->meta, &adv);
	if (why != VRRP_DROP_NONE && why != VRRP_DROP_CHECKSUM) {
		m->vrrp_drops[why]++;
		return VRRP_SEGMON_DROP_DECODE;
	}
	g = group_find(m, ip->meta.family, adv.vrid);
	ri = g == -1 ? -1 : router_find(m, g, &ip->meta.src);
	if (ri == -1)
		return VRRP_SEGMON_DROP_TABLE;
	if (why == VRRP_DROP_CHECKSUM) {
		m->vrrp_drops[why]++;
		m->routers[ri].bad_checksum++;
	} else if (ip->meta.multicast && ttl != VRRP_TTL) {
		m->vrrp_drops[VRRP_DROP_TTL]++;
		m->routers[ri].bad_ttl++;
		m->routers[ri].last_bad_ttl = (uint8_t)ttl;
	} else {
		record_advert(m, ri, &adv, ip, ts_us);
	}
	return VRRP_SEGMON_DROP_NONE;
}

/*
 * An AH header (RFC 4302) at p: VRRP must be its next header. Its length
 * field counts 32-bit words minus 2. Returns the header's length, or 0.
 */
static size_t
ah_skip(const uint8_t *p, size_t len)
{
	size_t ah_len;

	if (len < 12 || p[0] != VRRP_IPPROTO)
		return 0;
	ah_len = ((size_t)p[1] + 2) * 4;
	return ah_len <= len ? ah_len : 0;
}

static enum vrrp_segmon_drop
take_ipv4(struct vrrp_segmon *m, const uint8_t *p, size_t len, int64_t ts_us)
{
	struct segmon_ip ip;
	size_t ihl, total, ah_len;
	uint8_t proto, ttl;

	if (len < 20 || (p[0] >> 4) != 4)
		return VRRP_SEGMON_DROP_IP;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	total = (size_t)(p[2] << 8 | p[3]);
	if (ihl < 20 || total < ihl)
		return VRRP_SEGMON_DROP_IP;
	if (total > len)
		return VRRP_SEGMON_DROP_TRUNCATED;
	/* More fragments, or an offset: VRRP is never fragmented. */
	if ((p[6] & 0x3f) != 0 || p[7] != 0)
		return VRRP_SEGMON_DROP_FRAGMENT;
	ttl = p[8];
	proto = p[9];
	memset(&ip, 0, sizeof(ip));
	ip.meta.family = AF_INET;
	memcpy(&ip.meta.src.v4, p + 12, 4);
	memcpy(&ip.meta.dst.v4, p + 16, 4);
	ip.meta.ttl = -1;
	ip.meta.multicast = (p[16] & 0xf0) == 0xe0;
	p += ihl;
	len = total - ihl;
	if (proto == AH_PROTO) {
		if ((ah_len = ah_skip(p, len)) == 0)
			return VRRP_SEGMON_DROP_NOT_VRRP;
		ip.in_ah = true;
		p += ah_len;
		len -= ah_len;
	} else if (proto != VRRP_IPPROTO) {
		return VRRP_SEGMON_DROP_NOT_VRRP;
	}
	return take_vrrp(m, p, len, &ip, ttl, ts_us);
}

/* IPv6 extension headers that may come before VRRP (or AH). */
static bool
ipv6_ext(uint8_t nh)
{
	return nh == 0 /* hop-by-hop */ || nh == 43 /* routing */ || nh == 60 /* destination */;
}

static enum vrrp_segmon_drop
take_ipv6(struct vrrp_segmon *m, const uint8_t *p, size_t len, int64_t ts_us)
{
	struct segmon_ip ip;
	size_t total, hlen;
	uint8_t nh, hop_limit;

	if (len < IPV6_HDR_LEN || (p[0] >> 4) != 6)
		return VRRP_SEGMON_DROP_IP;
	total = IPV6_HDR_LEN + (size_t)(p[4] << 8 | p[5]);
	if (total > len)
		return VRRP_SEGMON_DROP_TRUNCATED;
	nh = p[6];
	hop_limit = p[7];
	memset(&ip, 0, sizeof(ip));
	ip.meta.family = AF_INET6;
	memcpy(&ip.meta.src.v6, p + 8, 16);
	memcpy(&ip.meta.dst.v6, p + 24, 16);
	ip.meta.ttl = -1;
	ip.meta.multicast = p[24] == 0xff;
	p += IPV6_HDR_LEN;
	len = total - IPV6_HDR_LEN;
	while (ipv6_ext(nh)) {
		if (len < 8 || (hlen = ((size_t)p[1] + 1) * 8) > len)
			return VRRP_SEGMON_DROP_IP;
		nh = p[0];
		p += hlen;
		len -= hlen;
	}
	if (nh == 44)
		return VRRP_SEGMON_DROP_FRAGMENT;
	if (nh == AH_PROTO) {
		if ((hlen = ah_skip(p, len)) == 0)
			return VRRP_SEGMON_DROP_NOT_VRRP;
		ip.in_ah = true;
		p += hlen;
		len -= hlen;
	} else if (nh != VRRP_IPPROTO) {
		return VRRP_SEGMON_DROP_NOT_VRRP;
	}
	return take_vrrp(m, p, len, &ip, hop_limit, ts_us);
}

enum vrrp_segmon_drop
vrrp_segmon_ip(struct vrrp_segmon *m, const uint8_t *pkt, size_t len, int64_t ts_us)
{
	enum vrrp_segmon_drop why;

	m->frames++;
	if (ts_us > m->last_us)
		m->last_us = ts_us;
	if (len < 1)
		why = VRRP_SEGMON_DROP_LINK;
	else if (pkt[0] >> 4 == 4)
		why = take_ipv4(m, pkt, len, ts_us);
	else if (pkt[0] >> 4 == 6)
		why = take_ipv6(m, pkt, len, ts_us);
	else
		why = VRRP_SEGMON_DROP_LINK;
	m->drops[why]++;
	return why;
}

static uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Strip the link header: where the IP packet starts, or SIZE_MAX. */
static size_t
link_skip(enum vrrp_segmon_link link, const uint8_t *f, size_t caplen)
{
	size_t off;
	uint16_t type;
	int tags;

	switch (link) {
	case VRRP_SEGMON_LINK_RAW:
		return 0;
	case VRRP_SEGMON_LINK_SLL:
		if (caplen < SLL_HDR_LEN)
			return SIZE_MAX;
		type = be16(f + 14);
		off = SLL_HDR_LEN;
		break;
	case VRRP_SEGMON_LINK_SLL2:
		if (caplen < SLL2_HDR_LEN)
			return SIZE_MAX;
		type = be16(f);
		off = SLL2_HDR_LEN;
		break;
	case VRRP_SEGMON_LINK_ETHER:
		if (caplen < ETHER_HDR_LEN)
			return SIZE_MAX;
		type = be16(f + 12);
		off = ETHER_HDR_LEN;
		for (tags = 0; tags < 2 && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ);
		     tags++) {
			if (caplen < off + 4)
				return SIZE_MAX;
			type = be16(f + off + 2);
			off += 4;
		}
		break;
	default:
		return SIZE_MAX;
	}
	return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? off : SIZE_MAX;
}

enum vrrp_segmon_drop
vrrp_segmon_frame(struct vrrp_segmon *m, enum vrrp_segmon_link link, const uint8_t *frame,
		  size_t caplen, int64_t ts_us)
{
	size_t off = link_skip(link, frame, caplen);

	if (off == SIZE_MAX) {
		m->frames++;
		m->drops[VRRP_SEGMON_DROP_LINK]++;
		return VRRP_SEGMON_DROP_LINK;
	}
	return vrrp_segmon_ip(m, frame + off, caplen - off, ts_us);
}

/* Queries ------------------------------------------------------------------ */

int
vrrp_segmon_sorted(const struct vrrp_segmon *m, int idx[VRRP_SEGMON_MAX_GROUPS])
{
	int i, j, t;

	for (i = 0; i < m->ngroups; i++)
		idx[i] = i;
	/* Insertion sort: a few hundred at most, on a once-a-second snapshot. */
	for (i = 1; i < m->ngroups; i++) {
		for (j = i; j > 0; j--) {
			const struct vrrp_segmon_group *a = &m->groups[idx[j - 1]];
			const struct vrrp_segmon_group *b = &m->groups[idx[j]];

			if (a->family < b->family || (a->family == b->family && a->vrid <= b->vrid))
				break;
			t = idx[j - 1];
			idx[j - 1] = idx[j];
			idx[j] = t;
		}
	}
	return m->ngroups;
}

/*
 * Advertising: its last advert had priority > 0 and came at most three
 * intervals ago, the time after which its backups would take over.
 */
bool
vrrp_segmon_advertising(const struct vrrp_segmon *m, int r, int64_t now_us)
{
	const struct vrrp_segmon_router *x = &m->routers[r];

	return x->adverts > 0 && x->priority > 0 &&
	       now_us - x->last_us <= 3 * (int64_t)x->adver_int_cs * US_PER_CS;
}
