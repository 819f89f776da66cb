/*
 * Tests of the VRRP advertisement codec. Crafted packets exercise every drop
 * reason and both checksum forms; the golden captures in test/data (made by
 * test/tools/capture_golden.sh from keepalived 2.2.7 and FRR vrrpd) are
 * decoded and rebuilt byte for byte from an equivalent configuration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/vrrp_packet.h"

#define MAX_VIPS 300

/* Fixtures ----------------------------------------------------------------- */

static struct vrrp_vip vips[MAX_VIPS];

static union vrrp_addr
addr(int family, const char *text)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(family, text, &a), 1);
	return a;
}

/* An instance with n VIPs of its family: 198.18.1.x or fe80::x then fd00::x. */
static void
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

static union vrrp_addr src4, grp4, peer4, src6, grp6, peer6;

static int
setup_addrs(void **state)
{
	(void)state;
	src4 = addr(AF_INET, "198.18.0.1");
	grp4 = addr(AF_INET, "224.0.0.18");
	peer4 = addr(AF_INET, "198.18.0.2");
	src6 = addr(AF_INET6, "fe80::1");
	grp6 = addr(AF_INET6, "ff02::12");
	peer6 = addr(AF_INET6, "fd00::2");
	return 0;
}

static struct vrrp_pkt_meta
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
static void
build(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *c, uint8_t prio)
{
	const union vrrp_addr *s = c->family == AF_INET ? &src4 : &src6;
	const union vrrp_addr *d = c->family == AF_INET ? &grp4 : &grp6;

	assert_int_equal(vrrp_pkt_build(tx, c, prio, s, d), 0);
}

/* Recompute the checksum of a hand-edited packet in the given form. */
static void
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

static enum vrrp_drop
decode(const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *m, struct vrrp_advert *adv)
{
	return vrrp_pkt_decode(buf, len, m, adv);
}

/* Decode and check a packet against conf with local priority 100. */
static enum vrrp_drop
receive(const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *m,
	const struct vrrp_instance_conf *c, bool *mismatch)
{
	struct vrrp_advert adv;
	enum vrrp_drop r;

	r = vrrp_pkt_decode(buf, len, m, &adv);
	if (r != VRRP_DROP_NONE)
		return r;
	return vrrp_pkt_check(&adv, m, c, 100, mismatch);
}

/* Drop reasons: one test each --------------------------------------------- */

static void
test_drop_ttl(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	m = meta_for(AF_INET, true);
	m.ttl = 254;
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_TTL);
	m.ttl = -1; /* unknown: not checked */
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	/* Unicast: keepalived's unicast peers may be routed. */
	m = meta_for(AF_INET, false);
	m.ttl = 64;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &peer4), 0);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
}

static void
test_drop_version(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	tx.buf[0] = 0x41;
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_VERSION);
	assert_int_equal(adv.version, 4);
}

static void
test_drop_version_v2_over_ipv6(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET6, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET6, 1);
	build(&tx, &c, 100);
	tx.buf[0] = 0x21;
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_VERSION);
}

static void
test_drop_version_instance(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	build(&tx, &c, 100);
	c.version = 3; /* a v2 advert for a v3 instance */
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_VERSION);
}

static void
test_drop_type(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	build(&tx, &c, 100);
	tx.buf[0] = 0x22;
	fix_csum(tx.buf, tx.len, &m, false);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_TYPE);
}

static void
test_drop_short(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;
	size_t len;

	(void)state;
	conf_init(&c, 2, AF_INET, 3);
	build(&tx, &c, 100);
	assert_int_equal(decode(tx.buf, 0, &m, &adv), VRRP_DROP_SHORT);
	assert_int_equal(decode(tx.buf, VRRP_HDR_LEN - 1, &m, &adv), VRRP_DROP_SHORT);
	/* Every truncation of the addresses or the auth data is short. */
	for (len = VRRP_HDR_LEN; len < tx.len; len++)
		assert_int_equal(decode(tx.buf, len, &m, &adv), VRRP_DROP_SHORT);
}

static void
test_drop_length_overlong(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET6, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET6, 1);
	build(&tx, &c, 100);
	tx.buf[tx.len] = 0;
	tx.buf[tx.len + 1] = 0;
	fix_csum(tx.buf, tx.len + 2, &m, true);
	assert_int_equal(decode(tx.buf, tx.len + 2, &m, &adv), VRRP_DROP_LENGTH);
}

static void
test_drop_length_count_mismatch(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 2);
	build(&tx, &c, 100);
	tx.buf[3] = 1; /* two addresses present, one counted */
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_LENGTH);
	tx.buf[3] = 3; /* one more counted than present */
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_SHORT);
}

static void
test_drop_zero_count(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	tx.buf[3] = 0;
	fix_csum(tx.buf, VRRP_HDR_LEN, &m, true);
	assert_int_equal(decode(tx.buf, VRRP_HDR_LEN, &m, &adv), VRRP_DROP_ZERO_COUNT);
}

static void
test_drop_checksum(void **state)
{
	static const struct {
		uint8_t version;
		int family;
	} cases[] = { { 2, AF_INET }, { 3, AF_INET }, { 3, AF_INET6 } };
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		conf_init(&c, cases[i].version, cases[i].family, 2);
		build(&tx, &c, 100);
		m = meta_for(cases[i].family, true);
		/* Any single flipped bit is caught, including in the auth data. */
		for (j = 0; j < tx.len * 8; j++) {
			tx.buf[j / 8] ^= (uint8_t)(1u << (j % 8));
			if (j / 8 >= 4) /* the first word is checked before the checksum */
				assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_CHECKSUM);
			tx.buf[j / 8] ^= (uint8_t)(1u << (j % 8));
		}
		assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	}
}

static void
test_drop_checksum_ipv6_wrong_source(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET6, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET6, 1);
	build(&tx, &c, 100);
	m.src = addr(AF_INET6, "fe80::2");
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_CHECKSUM);
	/* IPv6 has no plain form to fall back to. */
	fix_csum(tx.buf, tx.len, &m, false);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_CHECKSUM);
}

static void
test_drop_owner(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 200);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 255, NULL), VRRP_DROP_OWNER);
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 254, NULL), VRRP_DROP_NONE);
}

static void
test_drop_auth_type(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	build(&tx, &c, 100);
	c.auth_type = VRRP_AUTH_PASS;
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_AUTH_TYPE);
	memcpy(c.auth_pass, "pw", 2);
	build(&tx, &c, 100);
	c.auth_type = VRRP_AUTH_NONE;
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_AUTH_TYPE);
}

static void
test_drop_auth(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	size_t i;

	(void)state;
	conf_init(&c, 2, AF_INET, 2);
	c.auth_type = VRRP_AUTH_PASS;
	memcpy(c.auth_pass, "secret", 6);
	build(&tx, &c, 100);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
	/* A difference in any of the 8 bytes, padding included, fails. */
	for (i = 0; i < VRRP_AUTH_PASS_LEN; i++) {
		struct vrrp_txpkt bad = tx;

		bad.buf[bad.len - VRRP_AUTH_DATA_LEN + i] ^= 0x20;
		fix_csum(bad.buf, bad.len, &m, false);
		assert_int_equal(receive(bad.buf, bad.len, &m, &c, NULL), VRRP_DROP_AUTH);
	}
}

static void
test_drop_interval_v2(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	c.adver_int_cs = 200;
	build(&tx, &c, 100);
	assert_int_equal(tx.buf[5], 2);
	c.adver_int_cs = 100;
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_INTERVAL);
}

static void
test_drop_zero_interval(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	tx.buf[4] = 0xf0; /* reserved bits set, interval 0 */
	tx.buf[5] = 0;
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(adv.adver_int_cs, 0);
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, NULL), VRRP_DROP_ZERO_INTERVAL);
}

static void
test_drop_not_linklocal(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET6, true);
	union vrrp_addr first;

	(void)state;
	conf_init(&c, 3, AF_INET6, 2); /* ours: fe80::1, fd00::2 */
	build(&tx, &c, 100);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
	/* fe80::/10 is link-local, fec0:: (the old site-local) is not. */
	first = addr(AF_INET6, "febf::1");
	memcpy(tx.buf + VRRP_HDR_LEN, &first, 16);
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
	first = addr(AF_INET6, "fec0::1");
	memcpy(tx.buf + VRRP_HDR_LEN, &first, 16);
	fix_csum(tx.buf, tx.len, &m, true);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NOT_LINKLOCAL);
}

static void
test_not_linklocal_tolerated_like_keepalived(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET6, true);

	(void)state;
	/* Our own first VIP is global (keepalived warns and carries on):
	 * peers with the same configuration must not be dropped. */
	conf_init(&c, 3, AF_INET6, 2);
	vips[0].addr = addr(AF_INET6, "fd00::100");
	build(&tx, &c, 100);
	assert_memory_equal(tx.buf + VRRP_HDR_LEN, &vips[0].addr, 16);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
}

static void
test_drop_family(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	c.family = AF_INET6;
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, NULL), VRRP_DROP_FAMILY);
	m.family = AF_UNIX;
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_FAMILY);
}

static void
test_interval_mismatch_v3(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	bool mismatch = true;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	build(&tx, &c, 100);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, &mismatch), VRRP_DROP_NONE);
	assert_false(mismatch);
	c.adver_int_cs = 4095;
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, &mismatch), VRRP_DROP_NONE);
	assert_true(mismatch);
	/* The flag is optional. */
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
}

static void
test_drop_names(void **state)
{
	static const char *const want[VRRP_DROP_COUNT_] = {
		"none", "ttl", "version", "type", "short", "length", "zero_count", "checksum",
		"vrid", "owner", "auth_type", "auth", "interval", "zero_interval",
		"not_linklocal", "family",
	};
	int i;

	(void)state;
	for (i = 0; i < VRRP_DROP_COUNT_; i++)
		assert_string_equal(vrrp_drop_name((enum vrrp_drop)i), want[i]);
	assert_string_equal(vrrp_drop_name(VRRP_DROP_COUNT_), "unknown");
	assert_string_equal(vrrp_drop_name((enum vrrp_drop)-1), "unknown");
}

/* Checksum forms ----------------------------------------------------------- */

static void
test_v3_ipv4_both_forms(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	struct vrrp_advert adv;
	uint16_t plain;

	(void)state;
	conf_init(&c, 3, AF_INET, 2);
	build(&tx, &c, 100);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(adv.csum_form, VRRP_CSUM_PSEUDO);

	c.v3_checksum_as_v2 = true; /* RFC 9568 form; no addresses needed */
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, NULL, NULL), 0);
	plain = vrrp_csum_fold(vrrp_csum_partial(tx.buf, tx.len, 0));
	assert_int_equal(plain, 0);
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(adv.csum_form, VRRP_CSUM_PLAIN);
}

static void
test_unicast_dst_in_pseudo_header(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		conf_init(&c, 3, families[i], 1);
		m = meta_for(families[i], false);
		assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &m.src, &m.dst), 0);
		assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
		assert_int_equal(adv.csum_form, VRRP_CSUM_PSEUDO);
		/* The same bytes do not verify against the group address. */
		m.dst = families[i] == AF_INET ? grp4 : grp6;
		assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_CHECKSUM);
	}
}

static void
test_csum_rfc1071_example(void **state)
{
	/* RFC 1071 section 3: the sum of these words is 0xddf2. */
	static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t out[2];
	uint16_t c;

	(void)state;
	c = vrrp_csum_fold(vrrp_csum_partial(data, sizeof(data), 0));
	memcpy(out, &c, sizeof(out));
	assert_int_equal(out[0], 0x22);
	assert_int_equal(out[1], 0x0d);
	/* Chained partial sums over even chunks equal one pass. */
	assert_int_equal(vrrp_csum_fold(vrrp_csum_partial(data + 2, 6, vrrp_csum_partial(data, 2, 0))), c);
	assert_int_equal(vrrp_csum_fold(vrrp_csum_partial(data + 4, 4, vrrp_csum_partial(data, 4, 0))), c);
}

static void
test_csum_odd_length(void **state)
{
	static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
	static const uint8_t padded[] = { 0x12, 0x34, 0x56, 0x00 };

	(void)state;
	assert_int_equal(vrrp_csum_partial(odd, 3, 0), vrrp_csum_partial(padded, 4, 0));
	assert_int_equal(vrrp_csum_partial(odd, 1, 0), vrrp_csum_partial((const uint8_t[]){ 0x12, 0 }, 2, 0));
	assert_int_not_equal(vrrp_csum_partial(odd, 1, 0), vrrp_csum_partial((const uint8_t[]){ 0, 0x12 }, 2, 0));
}

static void
test_csum_pseudo_headers(void **state)
{
	uint8_t ph4[12], ph6[40];

	(void)state;
	memcpy(ph4, &src4, 4);
	memcpy(ph4 + 4, &grp4, 4);
	memcpy(ph4 + 8, (const uint8_t[]){ 0, 112, 0x01, 0x02 }, 4);
	assert_int_equal(vrrp_csum_pseudo(AF_INET, &src4, &grp4, 0x0102),
			 vrrp_csum_partial(ph4, sizeof(ph4), 0));
	memcpy(ph6, &src6, 16);
	memcpy(ph6 + 16, &grp6, 16);
	memcpy(ph6 + 32, (const uint8_t[]){ 0x00, 0x01, 0x02, 0x03, 0, 0, 0, 112 }, 8);
	assert_int_equal(vrrp_csum_pseudo(AF_INET6, &src6, &grp6, 0x00010203),
			 vrrp_csum_partial(ph6, sizeof(ph6), 0));
}

static void
test_csum_large_no_overflow(void **state)
{
	static uint8_t big[1 << 20];
	uint32_t chained = 0;
	size_t i;

	(void)state;
	/* Sums far past 32 bits must fold the same as sums of small chunks. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(0xf0 | (i * 7));
	for (i = 0; i < sizeof(big); i += 256)
		chained = vrrp_csum_partial(big + i, 256, chained);
	assert_int_equal(vrrp_csum_partial(big, sizeof(big), 0), chained);
	assert_true(chained <= 0xffff);
}

/* v2 authentication data --------------------------------------------------- */

static void
test_pass_padding_and_truncation(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);
	const uint8_t *auth;

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	c.auth_type = VRRP_AUTH_PASS;
	memcpy(c.auth_pass, "abc", 3); /* short: zero padded on the wire */
	build(&tx, &c, 100);
	auth = tx.buf + tx.len - VRRP_AUTH_DATA_LEN;
	assert_memory_equal(auth, "abc\0\0\0\0\0", 8);
	assert_int_equal(tx.buf[4], VRRP_AUTH_PASS);

	/* The configuration keeps 8 bytes of a longer password; exactly
	 * those 8 go on the wire, with no terminator. */
	memcpy(c.auth_pass, "12345678", 8);
	build(&tx, &c, 100);
	auth = tx.buf + tx.len - VRRP_AUTH_DATA_LEN;
	assert_memory_equal(auth, "12345678", 8);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
	memcpy(c.auth_pass, "1234567\0", 8);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_AUTH);
}

static void
test_no_auth_data_zero_and_ignored(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(AF_INET, true);

	(void)state;
	conf_init(&c, 2, AF_INET, 1);
	memcpy(c.auth_pass, "leftover", 8); /* not sent without PASS */
	build(&tx, &c, 100);
	assert_memory_equal(tx.buf + tx.len - 8, "\0\0\0\0\0\0\0\0", 8);
	/* RFC 3768 5.3.10: ignored on reception. */
	memcpy(tx.buf + tx.len - 8, "garbage!", 8);
	fix_csum(tx.buf, tx.len, &m, false);
	assert_int_equal(receive(tx.buf, tx.len, &m, &c, NULL), VRRP_DROP_NONE);
}

/* Priority patch ----------------------------------------------------------- */

static void
check_priority_patch(struct vrrp_instance_conf *c)
{
	struct vrrp_txpkt patched, full;
	unsigned start, p;

	for (start = 0; start < 256; start += 51) {
		build(&patched, c, (uint8_t)start);
		for (p = 0; p < 256; p++) {
			vrrp_pkt_set_priority(&patched, (uint8_t)p);
			build(&full, c, (uint8_t)p);
			assert_int_equal(patched.len, full.len);
			assert_int_equal(patched.priority, p);
			assert_memory_equal(patched.buf, full.buf, full.len);
		}
	}
}

static void
test_set_priority_equals_rebuild(void **state)
{
	struct vrrp_instance_conf c;

	(void)state;
	conf_init(&c, 2, AF_INET, 3);
	c.auth_type = VRRP_AUTH_PASS;
	memcpy(c.auth_pass, "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	check_priority_patch(&c);
	conf_init(&c, 3, AF_INET, 1);
	check_priority_patch(&c);
	c.v3_checksum_as_v2 = true;
	check_priority_patch(&c);
	conf_init(&c, 3, AF_INET6, 4);
	check_priority_patch(&c);
}

/* Build / decode round trips ----------------------------------------------- */

static void
round_trip(uint8_t version, int family, size_t nvips)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	struct vrrp_pkt_meta m = meta_for(family, true);
	struct vrrp_advert adv;
	size_t alen = family == AF_INET ? 4 : 16;
	size_t n = nvips > VRRP_MAX_ADDRS ? VRRP_MAX_ADDRS : nvips;
	size_t i;
	bool mismatch = true;

	conf_init(&c, version, family, nvips);
	c.vrid = 255;
	c.adver_int_cs = version == 2 ? 300 : 4095;
	build(&tx, &c, 254);
	assert_int_equal(tx.family, family);
	assert_int_equal(tx.len, VRRP_HDR_LEN + n * alen + (version == 2 ? 8 : 0));
	assert_int_equal(decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(adv.version, version);
	assert_int_equal(adv.type, VRRP_TYPE_ADVERT);
	assert_int_equal(adv.vrid, 255);
	assert_int_equal(adv.priority, 254);
	assert_int_equal(adv.naddr, n);
	assert_int_equal(adv.adver_int_cs, c.adver_int_cs);
	assert_int_equal(adv.auth_type, 0);
	assert_int_equal(adv.checksum, tx.buf[6] << 8 | tx.buf[7]);
	assert_ptr_equal(adv.addrs, tx.buf + VRRP_HDR_LEN);
	if (version == 2)
		assert_ptr_equal(adv.auth_data, tx.buf + VRRP_HDR_LEN + n * 4);
	else
		assert_null(adv.auth_data);
	for (i = 0; i < n; i++)
		assert_memory_equal(adv.addrs + i * alen, vips[i].addr.bytes, alen);
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, &mismatch), VRRP_DROP_NONE);
	assert_false(mismatch);
}

static void
test_round_trip(void **state)
{
	(void)state;
	round_trip(2, AF_INET, 1);
	round_trip(2, AF_INET, 255);
	round_trip(3, AF_INET, 1);
	round_trip(3, AF_INET, 255);
	round_trip(3, AF_INET6, 1);
	round_trip(3, AF_INET6, 255);
	/* More than the count byte holds: the first 255 are sent. */
	round_trip(3, AF_INET6, 256);
	round_trip(2, AF_INET, MAX_VIPS);
}

static void
test_build_skips_other_family(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;

	(void)state;
	conf_init(&c, 3, AF_INET, 3);
	vips[1].family = AF_INET6; /* e.g. an IPv6 VIP on an IPv4 instance */
	build(&tx, &c, 100);
	assert_int_equal(tx.buf[3], 2);
	assert_memory_equal(tx.buf + 8, vips[0].addr.bytes, 4);
	assert_memory_equal(tx.buf + 12, vips[2].addr.bytes, 4);
}

static void
test_build_v3_fields(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;

	(void)state;
	conf_init(&c, 3, AF_INET, 1);
	c.adver_int_cs = 0x0abc;
	build(&tx, &c, 7);
	assert_int_equal(tx.buf[0], 0x31);
	assert_int_equal(tx.buf[1], 42);
	assert_int_equal(tx.buf[2], 7);
	assert_int_equal(tx.buf[4], 0x0a); /* reserved nibble zero */
	assert_int_equal(tx.buf[5], 0xbc);
}

static void
test_build_rejects(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;

	(void)state;
	conf_init(&c, 3, AF_INET, 0);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), -1);
	conf_init(&c, 2, AF_INET6, 1);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src6, &grp6), -1);
	conf_init(&c, 4, AF_INET, 1);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), -1);
	conf_init(&c, 3, AF_UNIX, 1);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), -1);
	conf_init(&c, 2, AF_INET, 1);
	c.adver_int_cs = 50;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, NULL, NULL), -1);
	c.adver_int_cs = 25600;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, NULL, NULL), -1);
	c.adver_int_cs = 25500; /* 255 s is the largest */
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, NULL, NULL), 0);
	conf_init(&c, 3, AF_INET, 1);
	c.adver_int_cs = 0;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), -1);
	c.adver_int_cs = VRRP_V3_ADVER_INT_MAX_CS + 1;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), -1);
	c.adver_int_cs = 100;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, NULL, &grp4), -1);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, NULL), -1);
}

/* Garbage ------------------------------------------------------------------ */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Returns whether decode accepted the packet. */
static bool
fuzz_one(const uint8_t *data, size_t len, const struct vrrp_instance_conf *c, int family)
{
	/* An exact-size heap copy, so that sanitizers see any over-read. */
	uint8_t *buf = malloc(len ? len : 1);
	struct vrrp_pkt_meta m = meta_for(family, rng() & 1);
	struct vrrp_advert adv;
	enum vrrp_drop r;
	bool mismatch;

	assert_non_null(buf);
	memcpy(buf, data, len);
	m.ttl = (rng() & 7) == 0 ? (int)(rng() & 0xff) : VRRP_TTL;
	r = vrrp_pkt_decode(buf, len, &m, &adv);
	assert_true((unsigned)r < VRRP_DROP_COUNT_);
	if (r == VRRP_DROP_NONE) {
		assert_true(adv.addrs >= buf && adv.addrs < buf + len);
		r = vrrp_pkt_check(&adv, &m, c, (uint8_t)rng(), &mismatch);
		assert_true((unsigned)r < VRRP_DROP_COUNT_);
		free(buf);
		return true;
	}
	free(buf);
	return false;
}

static void
test_fuzz_never_crashes(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	uint8_t buf[VRRP_PKT_MAX + 16];
	unsigned i, j, accepted = 0;
	size_t len;
	int family;

	(void)state;
	for (i = 0; i < 20000; i++) {
		family = (i & 1) ? AF_INET6 : AF_INET;
		conf_init(&c, (i & 2) && family == AF_INET ? 2 : 3, family, 1 + rng() % 4);
		c.auth_type = (enum vrrp_auth_type)(rng() % 3);
		if (c.version == 2)
			c.auth_type = VRRP_AUTH_PASS;
		build(&tx, &c, (uint8_t)rng());
		if (i % 4 == 0) {
			/* Pure garbage of any length. */
			len = rng() % sizeof(buf);
			for (j = 0; j < len; j++)
				buf[j] = (uint8_t)rng();
		} else {
			/* A valid advert with a few bytes changed and the length
			 * sometimes off; the checksum is often fixed up so that
			 * the later checks are reached. */
			memcpy(buf, tx.buf, tx.len);
			len = tx.len;
			for (j = 0; j < 1 + rng() % 3; j++)
				buf[rng() % len] = (uint8_t)rng();
			if (rng() % 4 == 0)
				len = rng() % (len + 8);
			if (rng() & 1) {
				struct vrrp_pkt_meta m = meta_for(family, true);

				if (len >= VRRP_HDR_LEN)
					fix_csum(buf, len, &m, family == AF_INET6 || (rng() & 1));
			}
		}
		accepted += fuzz_one(buf, len, &c, family);
	}
	/* The mutations must also reach the instance checks. */
	assert_true(accepted > 1000);
}

/* Golden captures ---------------------------------------------------------- */

/* One capture and the configuration that test/tools/capture_golden.sh gave
 * the peer that made it. */
struct golden {
	const char *file;
	uint8_t version;
	int family;
	uint8_t vrid;
	uint16_t adver_int_cs;
	const char *pass; /* v2 PASS password, or NULL */
	const char *vips[4];
	uint8_t prio[4]; /* per packet, in capture order */
	unsigned npackets;
};

static const struct golden goldens[] = {
	{ "keepalived_v2_ipv4_pass.pcap", 2, AF_INET, 51, 100, "secret",
	  { "198.18.0.51", "198.18.0.52" }, { 150, 150, 150 }, 3 },
	{ "keepalived_v2_ipv4_prio0.pcap", 2, AF_INET, 55, 100, NULL,
	  { "198.18.0.56" }, { 110, 110, 0 }, 3 },
	{ "keepalived_v3_ipv4.pcap", 3, AF_INET, 52, 50, NULL,
	  { "198.18.0.53", "198.18.0.54", "198.18.0.55" }, { 120, 120, 120 }, 3 },
	{ "keepalived_v3_ipv6.pcap", 3, AF_INET6, 53, 100, NULL,
	  { "fe80::53", "fd00:18::53" }, { 130, 130, 130 }, 3 },
	{ "keepalived_v3_ipv6_global_first.pcap", 3, AF_INET6, 54, 100, NULL,
	  { "fd00:18::54", "fe80::54" }, { 140, 140 }, 2 },
	{ "frr_v3_ipv4.pcap", 3, AF_INET, 5, 100, NULL,
	  { "198.18.0.5", "198.18.0.6" }, { 200, 200, 200 }, 3 },
	{ "frr_v3_ipv6.pcap", 3, AF_INET6, 5, 100, NULL,
	  { "fd00:18::5" }, { 200, 200, 200 }, 3 },
};

static void
golden_conf(struct vrrp_instance_conf *c, const struct golden *g)
{
	size_t n = 0;

	conf_init(c, g->version, g->family, 0);
	while (n < 4 && g->vips[n] != NULL) {
		vips[n].family = g->family;
		vips[n].addr = addr(g->family, g->vips[n]);
		n++;
	}
	c->nvips = n;
	c->vrid = g->vrid;
	c->adver_int_cs = g->adver_int_cs;
	if (g->pass != NULL) {
		c->auth_type = VRRP_AUTH_PASS;
		memcpy(c->auth_pass, g->pass, strlen(g->pass));
	}
}

/*
 * The source tree: $top_srcdir when make check exports it, else derived from
 * this file's path (absolute, or relative to the build directory the tests
 * run in).
 */
static void
data_path(char *out, size_t size, const char *file)
{
	static const char suffix[] = "test/unit/test_vrrp_packet.c";
	const char *top = getenv("top_srcdir");
	size_t flen = strlen(__FILE__);
	int n;

	if (top != NULL && *top != '\0') {
		n = snprintf(out, size, "%s/test/data/%s", top, file);
	} else {
		assert_true(flen >= sizeof(suffix) - 1);
		assert_string_equal(__FILE__ + flen - (sizeof(suffix) - 1), suffix);
		n = snprintf(out, size, "%.*stest/data/%s", (int)(flen - (sizeof(suffix) - 1)),
			     __FILE__, file);
	}
	assert_true(n > 0 && (size_t)n < size);
}

/* Split a frame into the VRRP payload and what the I/O layer would report. */
static const uint8_t *
strip_headers(const uint8_t *frame, size_t caplen, int linktype, const struct golden *g,
	      struct vrrp_pkt_meta *m, size_t *len)
{
	const uint8_t *p = frame;
	uint16_t ethertype;
	size_t l2;

	if (linktype == DLT_EN10MB) {
		l2 = 14;
		assert_true(caplen >= l2);
		ethertype = (uint16_t)(p[12] << 8 | p[13]);
	} else {
		assert_int_equal(linktype, DLT_LINUX_SLL);
		l2 = 16;
		assert_true(caplen >= l2);
		ethertype = (uint16_t)(p[14] << 8 | p[15]);
	}
	p += l2;
	caplen -= l2;
	memset(m, 0, sizeof(*m));
	m->family = g->family;
	if (g->family == AF_INET) {
		size_t ihl, tot;

		assert_int_equal(ethertype, 0x0800);
		assert_true(caplen >= 20);
		ihl = (size_t)(p[0] & 0x0f) * 4;
		tot = (size_t)(p[2] << 8 | p[3]);
		assert_int_equal(p[9], VRRP_IPPROTO);
		/* Trust the IP length, not the frame: Ethernet may pad. */
		assert_true(tot <= caplen && ihl >= 20 && tot >= ihl);
		m->ttl = p[8];
		memcpy(&m->src.v4, p + 12, 4);
		memcpy(&m->dst.v4, p + 16, 4);
		m->multicast = memcmp(&m->dst, &grp4, 4) == 0;
		*len = tot - ihl;
		return p + ihl;
	}
	assert_int_equal(ethertype, 0x86dd);
	assert_true(caplen >= 40);
	assert_int_equal(p[6], VRRP_IPPROTO); /* no extension headers */
	m->ttl = p[7];
	memcpy(&m->src.v6, p + 8, 16);
	memcpy(&m->dst.v6, p + 24, 16);
	m->multicast = memcmp(&m->dst, &grp6, 16) == 0;
	*len = (size_t)(p[4] << 8 | p[5]);
	assert_true(*len <= caplen - 40);
	return p + 40;
}

static void
check_golden(const struct golden *g)
{
	char path[4096], errbuf[PCAP_ERRBUF_SIZE];
	struct vrrp_instance_conf c;
	struct pcap_pkthdr *h;
	const uint8_t *frame, *vrrp;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct vrrp_txpkt tx;
	unsigned n = 0;
	size_t len, i;
	pcap_t *pc;
	bool mismatch;

	data_path(path, sizeof(path), g->file);
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL)
		fail_msg("%s: %s", path, errbuf);
	golden_conf(&c, g);
	while (pcap_next_ex(pc, &h, &frame) == 1) {
		assert_true(n < g->npackets);
		assert_int_equal(h->caplen, h->len);
		vrrp = strip_headers(frame, h->caplen, pcap_datalink(pc), g, &m, &len);
		assert_true(m.multicast);
		assert_int_equal(m.ttl, VRRP_TTL);

		assert_int_equal(vrrp_pkt_decode(vrrp, len, &m, &adv), VRRP_DROP_NONE);
		assert_int_equal(adv.version, g->version);
		assert_int_equal(adv.type, VRRP_TYPE_ADVERT);
		assert_int_equal(adv.vrid, g->vrid);
		assert_int_equal(adv.priority, g->prio[n]);
		assert_int_equal(adv.naddr, c.nvips);
		assert_int_equal(adv.adver_int_cs, g->adver_int_cs);
		assert_int_equal(adv.auth_type, g->pass != NULL ? VRRP_AUTH_PASS : 0);
		assert_int_equal(adv.checksum, vrrp[6] << 8 | vrrp[7]);
		/* keepalived and FRR both default to the pseudo-header. */
		assert_int_equal(adv.csum_form, g->version == 3 ? VRRP_CSUM_PSEUDO : VRRP_CSUM_PLAIN);
		for (i = 0; i < c.nvips; i++)
			assert_memory_equal(adv.addrs + i * (g->family == AF_INET ? 4 : 16),
					    vips[i].addr.bytes, g->family == AF_INET ? 4 : 16);
		if (g->version == 2)
			assert_memory_equal(adv.auth_data, c.auth_pass, VRRP_AUTH_DATA_LEN);
		else
			assert_null(adv.auth_data);
		assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, &mismatch), VRRP_DROP_NONE);
		assert_false(mismatch);

		/* Our encoder produces the peer's bytes exactly. */
		assert_int_equal(vrrp_pkt_build(&tx, &c, adv.priority, &m.src, &m.dst), 0);
		assert_int_equal(tx.len, len);
		assert_memory_equal(tx.buf, vrrp, len);
		n++;
	}
	assert_int_equal(n, g->npackets);
	pcap_close(pc);
}

static void
test_golden_captures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
		check_golden(&goldens[i]);
}

static void
test_golden_global_first_vs_linklocal_conf(void **state)
{
	/* keepalived's advert whose first address is global (it only warns
	 * about such a configuration) is dropped by an instance that follows
	 * the RFC and lists its link-local VIP first. */
	const struct golden *g = &goldens[4];
	char path[4096], errbuf[PCAP_ERRBUF_SIZE];
	struct vrrp_instance_conf c;
	struct pcap_pkthdr *h;
	const uint8_t *frame, *vrrp;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct vrrp_vip tmp;
	size_t len;
	pcap_t *pc;

	(void)state;
	assert_string_equal(g->file, "keepalived_v3_ipv6_global_first.pcap");
	data_path(path, sizeof(path), g->file);
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL)
		fail_msg("%s: %s", path, errbuf);
	assert_int_equal(pcap_next_ex(pc, &h, &frame), 1);
	vrrp = strip_headers(frame, h->caplen, pcap_datalink(pc), g, &m, &len);
	golden_conf(&c, g);
	tmp = vips[0];
	vips[0] = vips[1];
	vips[1] = tmp;
	assert_int_equal(vrrp_pkt_decode(vrrp, len, &m, &adv), VRRP_DROP_NONE);
	assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, NULL), VRRP_DROP_NOT_LINKLOCAL);
	pcap_close(pc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_ttl),
		cmocka_unit_test(test_drop_version),
		cmocka_unit_test(test_drop_version_v2_over_ipv6),
		cmocka_unit_test(test_drop_version_instance),
		cmocka_unit_test(test_drop_type),
		cmocka_unit_test(test_drop_short),
		cmocka_unit_test(test_drop_length_overlong),
		cmocka_unit_test(test_drop_length_count_mismatch),
		cmocka_unit_test(test_drop_zero_count),
		cmocka_unit_test(test_drop_checksum),
		cmocka_unit_test(test_drop_checksum_ipv6_wrong_source),
		cmocka_unit_test(test_drop_owner),
		cmocka_unit_test(test_drop_auth_type),
		cmocka_unit_test(test_drop_auth),
		cmocka_unit_test(test_drop_interval_v2),
		cmocka_unit_test(test_drop_zero_interval),
		cmocka_unit_test(test_drop_not_linklocal),
		cmocka_unit_test(test_not_linklocal_tolerated_like_keepalived),
		cmocka_unit_test(test_drop_family),
		cmocka_unit_test(test_interval_mismatch_v3),
		cmocka_unit_test(test_drop_names),
		cmocka_unit_test(test_v3_ipv4_both_forms),
		cmocka_unit_test(test_unicast_dst_in_pseudo_header),
		cmocka_unit_test(test_csum_rfc1071_example),
		cmocka_unit_test(test_csum_odd_length),
		cmocka_unit_test(test_csum_pseudo_headers),
		cmocka_unit_test(test_csum_large_no_overflow),
		cmocka_unit_test(test_pass_padding_and_truncation),
		cmocka_unit_test(test_no_auth_data_zero_and_ignored),
		cmocka_unit_test(test_set_priority_equals_rebuild),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_build_skips_other_family),
		cmocka_unit_test(test_build_v3_fields),
		cmocka_unit_test(test_build_rejects),
		cmocka_unit_test(test_fuzz_never_crashes),
		cmocka_unit_test(test_golden_captures),
		cmocka_unit_test(test_golden_global_first_vs_linklocal_conf),
	};

	return cmocka_run_group_tests(tests, setup_addrs, NULL);
}
