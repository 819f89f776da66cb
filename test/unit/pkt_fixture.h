/*
 * The fixture of the two advertisement codec test programs
 * (test_vrrp_packet.c, test_vrrp_packet_golden.c): instances with VRID 42,
 * priority 100 and a 1 s interval whose VIPs are made up to order, the
 * addresses the adverts travel between, and helpers that build, re-checksum
 * and decode them.
 */
#ifndef PKT_FIXTURE_H
#define PKT_FIXTURE_H

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "unit_helpers.h"

#define MAX_VIPS 300

static struct vrrp_vip vips[MAX_VIPS];

/* Sender and receiver, and the groups: set by setup_addrs(). */
static union vrrp_addr src4, grp4, peer4, src6, grp6, peer6;

static inline union vrrp_addr
addr(int family, const char *text)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(family, text, &a), 1);
	return a;
}

static inline int
setup_addrs(void **state)
{
	src4 = addr(AF_INET, "198.18.0.1");
	grp4 = addr(AF_INET, "224.0.0.18");
	peer4 = addr(AF_INET, "198.18.0.2");
	src6 = addr(AF_INET6, "fe80::1");
	grp6 = addr(AF_INET6, "ff02::12");
	peer6 = addr(AF_INET6, "fd00::2");
	return 0;
}

/* An instance with n VIPs of its family: 198.18.1.x or fe80::x then fd00::x. */
static inline void
conf_init(struct vrrp_instance_conf *c, uint8_t version, int family, size_t n)
{
	size_t i;

	assert_true(n <= MAX_VIPS);
	memset(c, 0, sizeof(*c));
	memset(vips, 0, sizeof(vips));
	c->family = family;
	c->version = version;
	c->vrid = 42;
	c->priority = 100;
	c->adver_int_cs = 100;
	c->auth_type = VRRP_AUTH_NONE;
	for (i = 0; i < n; i++) {
		vips[i].family = family;
		if (family == AF_INET) {
			vips[i].addr.bytes[0] = 198;
			vips[i].addr.bytes[1] = 18;
			vips[i].addr.bytes[2] = (uint8_t)(1 + i / 256);
			vips[i].addr.bytes[3] = (uint8_t)i;
		} else {
			vips[i].addr.bytes[0] = i == 0 ? 0xfe : 0xfd;
			vips[i].addr.bytes[1] = i == 0 ? 0x80 : 0x00;
			vips[i].addr.bytes[14] = (uint8_t)(i >> 8);
			vips[i].addr.bytes[15] = (uint8_t)(i + 1);
		}
	}
	c->vips = vips;
	c->nvips = n;
}

/* How an advert from src to the group (or to the peer) arrives. */
static inline struct vrrp_pkt_meta
meta_for(int family, bool multicast)
{
	struct vrrp_pkt_meta m;

	memset(&m, 0, sizeof(m));
	m.family = family;
	m.ttl = VRRP_TTL;
	m.multicast = multicast;
	m.src = family == AF_INET ? src4 : src6;
	if (family == AF_INET)
		m.dst = multicast ? grp4 : peer4;
	else
		m.dst = multicast ? grp6 : peer6;
	return m;
}

/* Build conf's advert to the group, asserting success. */
static inline void
build(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *c, uint8_t prio)
{
	const union vrrp_addr *s = c->family == AF_INET ? &src4 : &src6;
	const union vrrp_addr *d = c->family == AF_INET ? &grp4 : &grp6;

	assert_int_equal(vrrp_pkt_build(tx, c, prio, s, d), 0);
}

/* Recompute the checksum of a hand-edited packet in the given form. */
static inline void
fix_csum(uint8_t *buf, size_t len, const struct vrrp_pkt_meta *m, bool pseudo)
{
	uint32_t sum = 0;
	uint16_t c;

	buf[6] = buf[7] = 0;
	if (pseudo)
		sum = vrrp_csum_pseudo(m->family, &m->src, &m->dst, (uint32_t)len);
	c = vrrp_csum_fold(vrrp_csum_partial(buf, len, sum));
	memcpy(buf + 6, &c, sizeof(c));
}

/* One instance, its advert at priority 100, and how the advert arrives. */
struct pkt {
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
};

static inline void
pkt_init(struct pkt *p, uint8_t version, int family, size_t nvips)
{
	conf_init(&p->c, version, family, nvips);
	build(&p->tx, &p->c, 100);
	p->m = meta_for(family, true);
}

static inline void
pkt_fix_csum(struct pkt *p, bool pseudo)
{
	fix_csum(p->tx.buf, p->tx.len, &p->m, pseudo);
}

static inline enum vrrp_drop
pkt_decode(struct pkt *p)
{
	return vrrp_pkt_decode(p->tx.buf, p->tx.len, &p->m, &p->adv);
}

/* Decode, then check against the instance with local priority 100. */
static inline enum vrrp_drop
pkt_receive(struct pkt *p, bool *mismatch)
{
	enum vrrp_drop r = pkt_decode(p);

	if (r != VRRP_DROP_NONE)
		return r;
	return vrrp_pkt_check(&p->adv, &p->m, &p->c, 100, mismatch);
}

#endif /* PKT_FIXTURE_H */
