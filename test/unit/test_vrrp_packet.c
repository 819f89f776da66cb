/*
 * Tests of the VRRP advertisement codec. Crafted packets exercise every drop
 * reason (tables of edited adverts and of mismatched instances, one test per
 * row) and both checksum forms; adverts are built and decoded back for each
 * version, family and address count. The golden captures of keepalived and
 * FRR, and random garbage, are in test_vrrp_packet_golden.c; the fixture is
 * pkt_fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pkt_fixture.h"

/* Drop reasons of an edited advert ----------------------------------------- */

/*
 * The instance's own advert with one byte changed and its length perhaps
 * changed, its checksum then made right again, so that decode reaches the
 * check under test and names its reason.
 */
struct edit_case {
	const char *name;
	uint8_t version;
	int family;
	size_t nvips;
	int at; /* the byte changed, or -1 */
	uint8_t value;
	int len_change; /* zero bytes appended, or bytes cut off when negative */
	bool pseudo;    /* the checksum form recomputed */
	enum vrrp_drop want;
};

/* clang-format off */
static const struct edit_case edit_drops[] = {
	/* name                             version family VIPs at value length pseudo */
	{ "test_drop_version",              3, AF_INET,  1,  0, 0x41,  0, true,
	  VRRP_DROP_VERSION },
	{ "test_drop_version_v2_over_ipv6", 3, AF_INET6, 1,  0, 0x21,  0, true,
	  VRRP_DROP_VERSION },
	{ "test_drop_type",                 2, AF_INET,  1,  0, 0x22,  0, false, VRRP_DROP_TYPE },
	/* Two zero bytes after the advert. */
	{ "test_drop_length_overlong",      3, AF_INET6, 1, -1, 0,     2, true,  VRRP_DROP_LENGTH },
	/* Two addresses present, one counted; then one more counted than present. */
	{ "test_drop_length_count_low",     3, AF_INET,  2,  3, 1,     0, true,  VRRP_DROP_LENGTH },
	{ "test_drop_short_count_high",     3, AF_INET,  2,  3, 3,     0, true,  VRRP_DROP_SHORT },
	/* No address counted, and none sent: an instance without VIPs (keepalived sends it). */
	{ "test_zero_count_accepted",       3, AF_INET,  1,  3, 0,    -4, true,  VRRP_DROP_NONE },
};
/* clang-format on */

static void
test_edit_drop(void **state)
{
	const struct edit_case *e = *state;
	struct pkt p;

	pkt_init(&p, e->version, e->family, e->nvips);
	if (e->at >= 0)
		p.tx.buf[e->at] = e->value;
	if (e->len_change > 0)
		memset(p.tx.buf + p.tx.len, 0, (size_t)e->len_change);
	p.tx.len = (size_t)((int)p.tx.len + e->len_change);
	pkt_fix_csum(&p, e->pseudo);
	assert_int_equal(pkt_decode(&p), e->want);
	/* The first byte was read as it stands before the drop. */
	if (e->at == 0) {
		assert_int_equal(p.adv.version, e->value >> 4);
		assert_int_equal(p.adv.type, e->value & 0x0f);
	}
}

/* Drop reasons of the instance checks -------------------------------------- */

/* How one IPv4 router is configured, as far as the instance checks care. */
struct side {
	uint8_t version;
	uint16_t adver_int_cs;
	enum vrrp_auth_type auth_type;
	const char *pass;
};

/* An advert from the sender's configuration, which decodes and which the
 * sender's configuration accepts, received by an instance configured
 * otherwise at local_prio. */
struct check_case {
	const char *name;
	struct side tx, rx;
	uint8_t local_prio;
	enum vrrp_drop want;
};

/* clang-format off */
#define V2 { 2, 100, VRRP_AUTH_NONE, NULL }
#define V2_PASS(pw) { 2, 100, VRRP_AUTH_PASS, pw }
#define V2_INT(cs) { 2, cs, VRRP_AUTH_NONE, NULL }
#define V3 { 3, 100, VRRP_AUTH_NONE, NULL }
/* clang-format on */

/* clang-format off */
static const struct check_case check_drops[] = {
	/* name                              sender         receiver    its priority */
	{ "test_drop_version_instance",      V2,            V3,          100, VRRP_DROP_VERSION },
	{ "test_drop_auth_type_pass_wanted", V2,            V2_PASS(""), 100, VRRP_DROP_AUTH_TYPE },
	{ "test_drop_auth_type_none_wanted", V2_PASS("pw"), V2,          100, VRRP_DROP_AUTH_TYPE },
	{ "test_drop_interval_v2",           V2_INT(200),   V2,          100, VRRP_DROP_INTERVAL },
	/* We own the addresses: nobody else's advert counts; one below, it does. */
	{ "test_drop_owner",                 V3,            V3,          255, VRRP_DROP_OWNER },
	{ "test_accept_below_owner",         V3,            V3,          254, VRRP_DROP_NONE },
};
/* clang-format on */

static void
side_conf(struct vrrp_instance_conf *c, const struct side *s)
{
	conf_init(c, s->version, AF_INET, 1);
	c->adver_int_cs = s->adver_int_cs;
	c->auth_type = s->auth_type;
	if (s->pass != NULL)
		memcpy(c->auth_pass, s->pass, strlen(s->pass));
}

static void
test_check_drop(void **state)
{
	const struct check_case *k = *state;
	struct vrrp_instance_conf rx;
	struct pkt p;

	side_conf(&p.c, &k->tx);
	build(&p.tx, &p.c, 200);
	p.m = meta_for(AF_INET, true);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	/* The sender's own configuration accepts it. */
	assert_int_equal(vrrp_pkt_check(&p.adv, &p.m, &p.c, 100, NULL), VRRP_DROP_NONE);
	side_conf(&rx, &k->rx);
	assert_int_equal(vrrp_pkt_check(&p.adv, &p.m, &rx, k->local_prio, NULL), k->want);
}

/* Other drop reasons ------------------------------------------------------- */

static void
test_drop_ttl(void **state)
{
	struct pkt p;

	pkt_init(&p, 3, AF_INET, 1);
	p.m.ttl = 254;
	assert_int_equal(pkt_decode(&p), VRRP_DROP_TTL);
	p.m.ttl = -1; /* unknown: not checked */
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	/* Unicast: keepalived's unicast peers may be routed. */
	p.m = meta_for(AF_INET, false);
	p.m.ttl = 64;
	assert_int_equal(vrrp_pkt_build(&p.tx, &p.c, 100, &src4, &peer4), 0);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
}

static void
test_drop_short(void **state)
{
	struct pkt p;
	size_t len;

	pkt_init(&p, 2, AF_INET, 3);
	assert_int_equal(vrrp_pkt_decode(p.tx.buf, 0, &p.m, &p.adv), VRRP_DROP_SHORT);
	assert_int_equal(vrrp_pkt_decode(p.tx.buf, VRRP_HDR_LEN - 1, &p.m, &p.adv),
			 VRRP_DROP_SHORT);
	/* Every truncation of the addresses or the auth data is short. */
	for (len = VRRP_HDR_LEN; len < p.tx.len; len++)
		assert_int_equal(vrrp_pkt_decode(p.tx.buf, len, &p.m, &p.adv), VRRP_DROP_SHORT);
}

static void
test_drop_checksum(void **state)
{
	static const struct {
		uint8_t version;
		int family;
	} cases[] = { { 2, AF_INET }, { 3, AF_INET }, { 3, AF_INET6 } };
	struct pkt p;
	size_t i, j;

	for (i = 0; i < UNIT_NELEMS(cases); i++) {
		pkt_init(&p, cases[i].version, cases[i].family, 2);
		/* Any single flipped bit is caught, including in the auth data. */
		for (j = 0; j < p.tx.len * 8; j++) {
			p.tx.buf[j / 8] ^= (uint8_t)(1u << (j % 8));
			if (j / 8 >= 4) /* the first word is checked before the checksum */
				assert_int_equal(pkt_decode(&p), VRRP_DROP_CHECKSUM);
			p.tx.buf[j / 8] ^= (uint8_t)(1u << (j % 8));
		}
		assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	}
}

static void
test_drop_checksum_ipv6_wrong_source(void **state)
{
	struct pkt p;

	pkt_init(&p, 3, AF_INET6, 1);
	p.m.src = addr(AF_INET6, "fe80::2");
	assert_int_equal(pkt_decode(&p), VRRP_DROP_CHECKSUM);
	/* IPv6 has no plain form to fall back to. */
	pkt_fix_csum(&p, false);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_CHECKSUM);
}

static void
test_drop_auth(void **state)
{
	struct pkt p;
	size_t i;

	conf_init(&p.c, 2, AF_INET, 2);
	p.c.auth_type = VRRP_AUTH_PASS;
	memcpy(p.c.auth_pass, "secret", 6);
	build(&p.tx, &p.c, 100);
	p.m = meta_for(AF_INET, true);
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
	/* A difference in any of the 8 bytes, padding included, fails. */
	for (i = 0; i < VRRP_AUTH_PASS_LEN; i++) {
		struct pkt bad = p;

		bad.tx.buf[bad.tx.len - VRRP_AUTH_DATA_LEN + i] ^= 0x20;
		pkt_fix_csum(&bad, false);
		assert_int_equal(pkt_receive(&bad, NULL), VRRP_DROP_AUTH);
	}
}

static void
test_drop_zero_interval(void **state)
{
	struct pkt p;

	pkt_init(&p, 3, AF_INET, 1);
	p.tx.buf[4] = 0xf0; /* reserved bits set, interval 0 */
	p.tx.buf[5] = 0;
	pkt_fix_csum(&p, true);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	assert_int_equal(p.adv.adver_int_cs, 0);
	assert_int_equal(vrrp_pkt_check(&p.adv, &p.m, &p.c, 100, NULL), VRRP_DROP_ZERO_INTERVAL);
}

/* Make the first advertised address text, and check what is received. */
static void
receive_first_addr(struct pkt *p, const char *first, enum vrrp_drop want)
{
	union vrrp_addr a = addr(AF_INET6, first);

	memcpy(p->tx.buf + VRRP_HDR_LEN, &a, 16);
	pkt_fix_csum(p, true);
	assert_int_equal(pkt_receive(p, NULL), want);
}

static void
test_drop_not_linklocal(void **state)
{
	struct pkt p;

	pkt_init(&p, 3, AF_INET6, 2); /* ours: fe80::1, fd00::2 */
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
	/* fe80::/10 is link-local, fec0:: (the old site-local) is not. */
	receive_first_addr(&p, "febf::1", VRRP_DROP_NONE);
	receive_first_addr(&p, "fec0::1", VRRP_DROP_NOT_LINKLOCAL);
}

static void
test_not_linklocal_tolerated_like_keepalived(void **state)
{
	struct pkt p;

	/* Our own first VIP is global (keepalived warns and carries on):
	 * peers with the same configuration must not be dropped. */
	conf_init(&p.c, 3, AF_INET6, 2);
	vips[0].addr = addr(AF_INET6, "fd00::100");
	build(&p.tx, &p.c, 100);
	p.m = meta_for(AF_INET6, true);
	assert_memory_equal(p.tx.buf + VRRP_HDR_LEN, &vips[0].addr, 16);
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
}

static void
test_drop_family(void **state)
{
	struct pkt p;

	pkt_init(&p, 3, AF_INET, 1);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	p.c.family = AF_INET6;
	assert_int_equal(vrrp_pkt_check(&p.adv, &p.m, &p.c, 100, NULL), VRRP_DROP_FAMILY);
	p.m.family = AF_UNIX;
	assert_int_equal(pkt_decode(&p), VRRP_DROP_FAMILY);
}

static void
test_interval_mismatch_v3(void **state)
{
	struct pkt p;
	bool mismatch = true;

	pkt_init(&p, 3, AF_INET, 1);
	assert_int_equal(pkt_receive(&p, &mismatch), VRRP_DROP_NONE);
	assert_false(mismatch);
	p.c.adver_int_cs = 4095;
	assert_int_equal(pkt_receive(&p, &mismatch), VRRP_DROP_NONE);
	assert_true(mismatch);
	/* The flag is optional. */
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
}

static void
test_drop_names(void **state)
{
	/* clang-format off */
	static const char *const want[VRRP_DROP_COUNT_] = {
		"none", "ttl", "version", "type", "short", "length", "zero_count", "checksum",
		"vrid", "owner", "auth_type", "auth", "interval", "zero_interval",
		"not_linklocal", "family", "addr_list",
	};
	/* clang-format on */
	int i;

	for (i = 0; i < VRRP_DROP_COUNT_; i++)
		assert_string_equal(vrrp_drop_name((enum vrrp_drop)i), want[i]);
	assert_string_equal(vrrp_drop_name(VRRP_DROP_COUNT_), "unknown");
	assert_string_equal(vrrp_drop_name((enum vrrp_drop) - 1), "unknown");
}

/* Checksum forms ----------------------------------------------------------- */

static void
test_v3_ipv4_both_forms(void **state)
{
	struct pkt p;
	uint16_t plain;

	pkt_init(&p, 3, AF_INET, 2);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	assert_int_equal(p.adv.csum_form, VRRP_CSUM_PSEUDO);

	p.c.v3_checksum_as_v2 = true; /* RFC 9568 form; no addresses needed */
	assert_int_equal(vrrp_pkt_build(&p.tx, &p.c, 100, NULL, NULL), 0);
	plain = vrrp_csum_fold(vrrp_csum_partial(p.tx.buf, p.tx.len, 0));
	assert_int_equal(plain, 0);
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	assert_int_equal(p.adv.csum_form, VRRP_CSUM_PLAIN);
}

static void
test_unicast_dst_in_pseudo_header(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct pkt p;
	size_t i;

	for (i = 0; i < UNIT_NELEMS(families); i++) {
		conf_init(&p.c, 3, families[i], 1);
		p.m = meta_for(families[i], false);
		assert_int_equal(vrrp_pkt_build(&p.tx, &p.c, 100, &p.m.src, &p.m.dst), 0);
		assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
		assert_int_equal(p.adv.csum_form, VRRP_CSUM_PSEUDO);
		/* The same bytes do not verify against the group address. */
		p.m.dst = families[i] == AF_INET ? grp4 : grp6;
		assert_int_equal(pkt_decode(&p), VRRP_DROP_CHECKSUM);
	}
}

static void
test_csum_rfc1071_example(void **state)
{
	/* RFC 1071 section 3: the sum of these words is 0xddf2. */
	static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint8_t out[2];
	uint16_t c;

	c = vrrp_csum_fold(vrrp_csum_partial(data, sizeof(data), 0));
	memcpy(out, &c, sizeof(out));
	assert_int_equal(out[0], 0x22);
	assert_int_equal(out[1], 0x0d);
	/* Chained partial sums over even chunks equal one pass. */
	assert_int_equal(vrrp_csum_fold(
				 vrrp_csum_partial(data + 2, 6, vrrp_csum_partial(data, 2, 0))),
			 c);
	assert_int_equal(vrrp_csum_fold(
				 vrrp_csum_partial(data + 4, 4, vrrp_csum_partial(data, 4, 0))),
			 c);
}

static void
test_csum_odd_length(void **state)
{
	static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
	static const uint8_t padded[] = { 0x12, 0x34, 0x56, 0x00 };

	assert_int_equal(vrrp_csum_partial(odd, 3, 0), vrrp_csum_partial(padded, 4, 0));
	assert_int_equal(vrrp_csum_partial(odd, 1, 0),
			 vrrp_csum_partial((const uint8_t[]){ 0x12, 0 }, 2, 0));
	assert_int_not_equal(vrrp_csum_partial(odd, 1, 0),
			     vrrp_csum_partial((const uint8_t[]){ 0, 0x12 }, 2, 0));
}

static void
test_csum_pseudo_headers(void **state)
{
	uint8_t ph4[12], ph6[40];

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
	struct pkt p;

	pkt_init(&p, 2, AF_INET, 1);
	p.c.auth_type = VRRP_AUTH_PASS;
	memcpy(p.c.auth_pass, "abc", 3); /* short: zero padded on the wire */
	build(&p.tx, &p.c, 100);
	assert_memory_equal(p.tx.buf + p.tx.len - VRRP_AUTH_DATA_LEN, "abc\0\0\0\0\0", 8);
	assert_int_equal(p.tx.buf[4], VRRP_AUTH_PASS);

	/* The configuration keeps 8 bytes of a longer password; exactly
	 * those 8 go on the wire, with no terminator. */
	memcpy(p.c.auth_pass, "12345678", 8);
	build(&p.tx, &p.c, 100);
	assert_memory_equal(p.tx.buf + p.tx.len - VRRP_AUTH_DATA_LEN, "12345678", 8);
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
	memcpy(p.c.auth_pass, "1234567\0", 8);
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_AUTH);
}

static void
test_no_auth_data_zero_and_ignored(void **state)
{
	struct pkt p;

	pkt_init(&p, 2, AF_INET, 1);
	memcpy(p.c.auth_pass, "leftover", 8); /* not sent without PASS */
	build(&p.tx, &p.c, 100);
	assert_memory_equal(p.tx.buf + p.tx.len - 8, "\0\0\0\0\0\0\0\0", 8);
	/* RFC 3768 5.3.10: ignored on reception. */
	memcpy(p.tx.buf + p.tx.len - 8, "garbage!", 8);
	pkt_fix_csum(&p, false);
	assert_int_equal(pkt_receive(&p, NULL), VRRP_DROP_NONE);
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

struct trip_case {
	const char *name;
	uint8_t version;
	int family;
	size_t nvips;
};

/* clang-format off */
static const struct trip_case round_trips[] = {
	{ "test_round_trip_v2_ipv4_1", 2, AF_INET, 1 },
	{ "test_round_trip_v2_ipv4_255", 2, AF_INET, 255 },
	{ "test_round_trip_v3_ipv4_1", 3, AF_INET, 1 },
	{ "test_round_trip_v3_ipv4_255", 3, AF_INET, 255 },
	{ "test_round_trip_v3_ipv6_1", 3, AF_INET6, 1 },
	{ "test_round_trip_v3_ipv6_255", 3, AF_INET6, 255 },
	/* More than the count byte holds: the first 255 are sent. */
	{ "test_round_trip_v3_ipv6_256", 3, AF_INET6, 256 },
	{ "test_round_trip_v2_ipv4_300", 2, AF_INET, MAX_VIPS },
};
/* clang-format on */

static void
test_round_trip(void **state)
{
	const struct trip_case *t = *state;
	size_t alen = t->family == AF_INET ? 4 : 16;
	size_t n = t->nvips > VRRP_MAX_ADDRS ? VRRP_MAX_ADDRS : t->nvips;
	size_t i;
	bool mismatch = true;
	struct pkt p;

	conf_init(&p.c, t->version, t->family, t->nvips);
	p.c.vrid = 255;
	p.c.adver_int_cs = t->version == 2 ? 300 : 4095;
	build(&p.tx, &p.c, 254);
	p.m = meta_for(t->family, true);
	assert_int_equal(p.tx.family, t->family);
	assert_int_equal(p.tx.len, VRRP_HDR_LEN + n * alen + (t->version == 2 ? 8 : 0));
	assert_int_equal(pkt_decode(&p), VRRP_DROP_NONE);
	assert_int_equal(p.adv.version, t->version);
	assert_int_equal(p.adv.type, VRRP_TYPE_ADVERT);
	assert_int_equal(p.adv.vrid, 255);
	assert_int_equal(p.adv.priority, 254);
	assert_int_equal(p.adv.naddr, n);
	assert_int_equal(p.adv.adver_int_cs, p.c.adver_int_cs);
	assert_int_equal(p.adv.auth_type, 0);
	assert_int_equal(p.adv.checksum, p.tx.buf[6] << 8 | p.tx.buf[7]);
	assert_ptr_equal(p.adv.addrs, p.tx.buf + VRRP_HDR_LEN);
	if (t->version == 2)
		assert_ptr_equal(p.adv.auth_data, p.tx.buf + VRRP_HDR_LEN + n * 4);
	else
		assert_null(p.adv.auth_data);
	for (i = 0; i < n; i++)
		assert_memory_equal(p.adv.addrs + i * alen, vips[i].addr.bytes, alen);
	assert_int_equal(vrrp_pkt_check(&p.adv, &p.m, &p.c, 100, &mismatch), VRRP_DROP_NONE);
	assert_false(mismatch);
}

/* Building ----------------------------------------------------------------- */

static void
test_build_skips_other_family(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;

	conf_init(&c, 3, AF_INET, 3);
	vips[1].family = AF_INET6; /* e.g. an IPv6 VIP on an IPv4 instance */
	build(&tx, &c, 100);
	assert_int_equal(tx.buf[3], 2);
	assert_memory_equal(tx.buf + 8, vips[0].addr.bytes, 4);
	assert_memory_equal(tx.buf + 12, vips[2].addr.bytes, 4);
}

/* The first six bytes of an advert: version and type, VRID, priority, count, then
 * v2's auth type and interval in whole seconds, or v3's 12-bit interval. */
static void
test_build_header_fields(void **state)
{
	/* clang-format off */
	static const struct {
		uint8_t version;
		uint16_t adver_int_cs;
		uint8_t want[6];
	} cases[] = {
		{ 2, 200, { 0x21, 42, 7, 1, VRRP_AUTH_NONE, 2 } },
		{ 3, 0x0abc, { 0x31, 42, 7, 1, 0x0a, 0xbc } }, /* reserved nibble zero */
	};
	/* clang-format on */
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;
	size_t i;

	for (i = 0; i < UNIT_NELEMS(cases); i++) {
		conf_init(&c, cases[i].version, AF_INET, 1);
		c.adver_int_cs = cases[i].adver_int_cs;
		build(&tx, &c, 7);
		assert_memory_equal(tx.buf, cases[i].want, sizeof(cases[i].want));
	}
}

static void
test_build_rejects(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_txpkt tx;

	/* No VIPs: keepalived runs such an instance and sends count 0. */
	conf_init(&c, 3, AF_INET, 0);
	assert_int_equal(vrrp_pkt_build(&tx, &c, 100, &src4, &grp4), 0);
	assert_int_equal(tx.buf[3], 0);
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

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_drop_ttl),
		cmocka_unit_test(test_drop_short),
		cmocka_unit_test(test_drop_checksum),
		cmocka_unit_test(test_drop_checksum_ipv6_wrong_source),
		cmocka_unit_test(test_drop_auth),
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
		cmocka_unit_test(test_build_skips_other_family),
		cmocka_unit_test(test_build_header_fields),
		cmocka_unit_test(test_build_rejects),
	};
	/* clang-format on */
	struct CMUnitTest tests[UNIT_NELEMS(edit_drops) + UNIT_NELEMS(check_drops) +
				UNIT_NELEMS(fixed) + UNIT_NELEMS(round_trips)];
	size_t n = 0;

	unit_add_rows(tests, &n, test_edit_drop, edit_drops);
	unit_add_rows(tests, &n, test_check_drop, check_drops);
	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_round_trip, round_trips);
	return cmocka_run_group_tests(tests, setup_addrs, NULL);
}
