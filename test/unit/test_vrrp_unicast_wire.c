/*
 * Tests of what the transport settings do on the wire (vrrp_unicast.c):
 * where adverts go, from which source and with which TTL; the receive
 * checks against keepalived 2.2.7's behaviour (observed in namespaces:
 * TTL 255 only without peers, the source a peer under check_unicast_src,
 * the peer's TTL range) with its log lines; the checksum of keepalived <=
 * 1.3.6; the incremental retargeting of one advert to each peer; and
 * keepalived's unicast adverts captured by test/tools/capture_golden.sh
 * (WHAT=unicast): decoded with the peer as destination, accepted by a
 * receiving instance, and rebuilt byte for byte from the configuration
 * keepalived was given, read by our parser.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pcap/pcap.h>

#include "unit_helpers.h"
#include "unicast_fixture.h"

static struct vrrp_pkt_meta
meta(int family, const char *src, const char *dst, int ttl)
{
	struct vrrp_pkt_meta m;

	memset(&m, 0, sizeof(m));
	m.family = family;
	m.src = addr(family, src);
	m.dst = addr(family, dst);
	m.ttl = ttl;
	m.multicast = family == AF_INET ? strcmp(dst, "224.0.0.18") == 0 :
					  strcmp(dst, "ff02::12") == 0;
	return m;
}

/* Sending ------------------------------------------------------------------------------ */

static void
test_dest_multicast(void **state)
{
	union vrrp_addr dst, csum;

	assert_int_equal(load_lines(""), 0);
	assert_false(vrrp_unicast_active(conf.instances));
	assert_int_equal(vrrp_unicast_ndests(conf.instances), 1);
	vrrp_unicast_dest(conf.instances, NULL, 0, true, &dst, &csum);
	assert_string_equal(ntop(AF_INET, &dst), "224.0.0.18");
	assert_string_equal(ntop(AF_INET, &csum), "224.0.0.18");

	assert_int_equal(load_family("", AF_INET6), 0);
	vrrp_unicast_dest(conf.instances, NULL, 0, false, &dst, NULL);
	assert_string_equal(ntop(AF_INET6, &dst), "ff02::12");

	/* The global group, and the instance's own over it. */
	assert_int_equal(load("global_defs {\n vrrp_mcast_group4 224.0.0.19\n}\n"
			      "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			      " virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"),
			 0);
	vrrp_unicast_dest(conf.instances, uglobal, 0, false, &dst, &csum);
	assert_string_equal(ntop(AF_INET, &dst), "224.0.0.19");
	assert_string_equal(ntop(AF_INET, &csum), "224.0.0.19");
	assert_int_equal(load_lines(" mcast_dst_ip 224.0.0.100"), 0);
	vrrp_unicast_dest(conf.instances, NULL, 0, false, &dst, &csum);
	assert_string_equal(ntop(AF_INET, &dst), "224.0.0.100");
	assert_int_equal(load_family(" mcast_dst_ip ff12::1234", AF_INET6), 0);
	vrrp_unicast_dest(conf.instances, NULL, 0, false, &dst, &csum);
	assert_string_equal(ntop(AF_INET6, &dst), "ff12::1234");
}

static void
test_dest_unicast(void **state)
{
	union vrrp_addr dst, csum;

	assert_int_equal(load_lines(" unicast_peer {\n  198.18.0.2\n  198.18.0.3\n }"), 0);
	assert_true(vrrp_unicast_active(conf.instances));
	assert_int_equal(vrrp_unicast_ndests(conf.instances), 2);
	vrrp_unicast_dest(conf.instances, NULL, 1, false, &dst, &csum);
	assert_string_equal(ntop(AF_INET, &dst), "198.18.0.3");
	assert_string_equal(ntop(AF_INET, &csum), "198.18.0.3");
	/* The old checksum names the group, but the advert still goes to the peer. */
	vrrp_unicast_dest(conf.instances, NULL, 0, true, &dst, &csum);
	assert_string_equal(ntop(AF_INET, &dst), "198.18.0.2");
	assert_string_equal(ntop(AF_INET, &csum), "224.0.0.18");
	assert_false(vrrp_unicast_old_csum_configured(conf.instances));
	assert_int_equal(load_lines(" old_unicast_checksum\n" PEER2), 0);
	assert_true(vrrp_unicast_old_csum_configured(conf.instances));

	/* IPv6 has no old form: the receiving kernel checks the real addresses. */
	assert_int_equal(load_family(" unicast_peer {\n  fd00:18::2\n }", AF_INET6), 0);
	vrrp_unicast_dest(conf.instances, NULL, 0, true, &dst, &csum);
	assert_string_equal(ntop(AF_INET6, &csum), "fd00:18::2");
}

static void
test_src(void **state)
{
	union vrrp_addr ifa = addr(AF_INET, "198.18.0.1"), src;

	assert_int_equal(load_lines(""), 0);
	assert_int_equal(vrrp_unicast_src(conf.instances, &ifa, &src), 0);
	assert_string_equal(ntop(AF_INET, &src), "198.18.0.1");
	assert_int_equal(vrrp_unicast_src(conf.instances, NULL, &src), -1);
	assert_int_equal(load_lines(" unicast_src_ip 198.18.0.9\n" PEER2), 0);
	assert_int_equal(vrrp_unicast_src(conf.instances, &ifa, &src), 0);
	assert_string_equal(ntop(AF_INET, &src), "198.18.0.9");
	assert_int_equal(vrrp_unicast_src(conf.instances, NULL, &src), 0);
	assert_int_equal(load_lines(" mcast_src_ip 198.18.0.8"), 0);
	assert_int_equal(vrrp_unicast_src(conf.instances, &ifa, &src), 0);
	assert_string_equal(ntop(AF_INET, &src), "198.18.0.8");
}

static void
test_tx_ttl(void **state)
{
	assert_int_equal(load_lines(""), 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), 255);
	assert_int_equal(load_lines(PEER2), 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), 255);
	assert_int_equal(load_family(" unicast_peer {\n  fd00:18::2\n }", AF_INET6), 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), VRRP_UNICAST_TTL_KERNEL);
	assert_int_equal(load_family(" unicast_ttl 0\n unicast_peer {\n  fd00:18::2\n }", AF_INET6),
			 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), 0);
	assert_int_equal(load_lines(" unicast_ttl 64\n" PEER2), 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), 64);
	assert_int_equal(load_lines(" unicast_ttl 0\n" PEER2), 0);
	assert_int_equal(vrrp_unicast_tx_ttl(conf.instances), 1);
}

static void
test_fault_no_peer(void **state)
{
	assert_int_equal(load_lines(" unicast_fault_no_peer"), 0);
	assert_true(vrrp_unicast_fault_no_peer(conf.instances));
	assert_false(vrrp_unicast_active(conf.instances));
	assert_int_equal(load_lines(" unicast_fault_no_peer\n" PEER2), 0);
	assert_false(vrrp_unicast_fault_no_peer(conf.instances));
	assert_int_equal(load_lines(" unicast_src_ip 198.18.0.1"), 0);
	assert_false(vrrp_unicast_fault_no_peer(conf.instances));
	assert_int_equal(load_lines(""), 0);
	assert_false(vrrp_unicast_fault_no_peer(conf.instances));
}

/* One advert, retargeted from peer to peer, is what a build for each peer gives. */
static void
test_retarget(void **state)
{
	static const int families[] = { AF_INET, AF_INET6 };
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	struct vrrp_txpkt tx, ref;
	union vrrp_addr src, a, b;

	for (size_t f = 0; f < UNIT_NELEMS(families); f++) {
		int fam = families[f];
		size_t alen = fam == AF_INET ? 4 : 16;

		assert_int_equal(load_family(" version 3", fam), 0);
		for (unsigned i = 0; i < 2000; i++) {
			memset(&src, 0, sizeof(src));
			memset(&a, 0, sizeof(a));
			memset(&b, 0, sizeof(b));
			for (size_t j = 0; j < alen; j++) {
				src.bytes[j] = (uint8_t)unit_rng(&seed);
				a.bytes[j] = (uint8_t)unit_rng(&seed);
				b.bytes[j] = (uint8_t)unit_rng(&seed);
			}
			/* Words that cancel out, and the all-ones corner. */
			if (i % 7 == 0)
				memset(&b, 0xff, alen);
			assert_int_equal(vrrp_pkt_build(&tx, conf.instances, (uint8_t)i, &src, &a),
					 0);
			vrrp_unicast_tx_retarget(&tx, conf.instances, &a, &b);
			assert_int_equal(vrrp_pkt_build(&ref, conf.instances, (uint8_t)i, &src, &b),
					 0);
			assert_memory_equal(tx.buf, ref.buf, ref.len);
			/* A priority patched afterwards keeps it right. */
			vrrp_pkt_set_priority(&tx, 7);
			vrrp_pkt_set_priority(&ref, 7);
			assert_memory_equal(tx.buf, ref.buf, ref.len);
		}
	}
	/* Without a pseudo-header there is nothing to change. */
	a = addr(AF_INET, "198.18.0.2");
	b = addr(AF_INET, "198.18.0.3");
	src = addr(AF_INET, "198.18.0.1");
	assert_int_equal(load_lines(" version 2"), 0);
	assert_int_equal(vrrp_pkt_build(&tx, conf.instances, 100, &src, &a), 0);
	ref = tx;
	vrrp_unicast_tx_retarget(&tx, conf.instances, &a, &b);
	assert_memory_equal(tx.buf, ref.buf, ref.len);
	assert_int_equal(load_lines(" version 3\n v3_checksum_as_v2"), 0);
	assert_int_equal(vrrp_pkt_build(&tx, conf.instances, 100, &src, &a), 0);
	ref = tx;
	vrrp_unicast_tx_retarget(&tx, conf.instances, &a, &b);
	assert_memory_equal(tx.buf, ref.buf, ref.len);
}

/* Receiving ---------------------------------------------------------------------------- */

struct rx_case {
	const char *name;
	const char *global;
	const char *lines;
	int family;
	const char *src, *dst;
	int ttl;
	enum vrrp_unicast_drop want;
	const char *text; /* the log line, for the drops */
};

#define UC_CHECK " check_unicast_src\n" PEER2
#define UC_RANGE " unicast_peer {\n  198.18.0.2 min_ttl 10 max_ttl 100\n }"

/* clang-format off */
static const struct rx_case rx_cases[] = {
	/* Multicast instances: keepalived's RFC checks. */
	{ "test_rx_mcast_ok", "", "", AF_INET, "198.18.0.2", "224.0.0.18", 255, VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_mcast_ttl_unknown", "", "", AF_INET, "198.18.0.2", "224.0.0.18", -1,
	  VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_mcast_ttl", "", " mcast_dst_ip 224.0.0.100", AF_INET, "198.18.0.2",
	  "224.0.0.100", 254,
	  VRRP_UC_DROP_TTL, "(VI_1) invalid TTL/HL. Received 254 and expect 255" },
	{ "test_rx_mcast_got_unicast", "", "", AF_INET, "198.18.0.2", "198.18.0.1", 255,
	  VRRP_UC_DROP_NOT_MULTICAST,
	          "(VI_1) Expected multicast packet but received unicast packet" },
	{ "test_rx_mcast_other_group", "", " mcast_dst_ip 224.0.0.100", AF_INET, "198.18.0.2",
	  "224.0.0.18",
	  255, VRRP_UC_DROP_GROUP,
	          "(VI_1) advert to multicast group 224.0.0.18, expected 224.0.0.100" },
	{ "test_rx_mcast_global_group", " vrrp_mcast_group4 224.0.0.19", "", AF_INET, "198.18.0.2",
	  "224.0.0.19", 255, VRRP_UC_DROP_NONE, NULL },
	{ "test_rx_mcast_v6_ok", "", "", AF_INET6, "fe80::2", "ff02::12", 255, VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_mcast_v6_unicast", "", "", AF_INET6, "fe80::2", "fe80::1", 255,
	  VRRP_UC_DROP_NOT_MULTICAST,
	          "(VI_1) Expected multicast packet but received unicast packet" },
	/* Unicast instances: any TTL, any source, unless checked. */
	{ "test_rx_uc_ok", "", PEER2, AF_INET, "198.18.0.2", "198.18.0.1", 255, VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_uc_any_ttl", "", PEER2, AF_INET, "198.18.0.2", "198.18.0.1", 3,
	  VRRP_UC_DROP_NONE, NULL },
	{ "test_rx_uc_any_src", "", PEER2, AF_INET, "198.18.0.3", "198.18.0.1", 255,
	  VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_uc_got_mcast", "", PEER2, AF_INET, "198.18.0.2", "224.0.0.18", 255,
	  VRRP_UC_DROP_NOT_UNICAST,
	          "(VI_1) Expected unicast packet but received multicast packet" },
	{ "test_rx_uc_check_ok", "", UC_CHECK, AF_INET, "198.18.0.2", "198.18.0.1", 255,
	  VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_uc_check_stranger", "", UC_CHECK, AF_INET, "198.18.0.3", "198.18.0.1", 255,
	  VRRP_UC_DROP_NOT_PEER, "(VI_1) unicast source address 198.18.0.3 not a unicast peer" },
	{ "test_rx_uc_global_check", " vrrp_check_unicast_src", PEER2, AF_INET, "198.18.0.3",
	  "198.18.0.1", 255, VRRP_UC_DROP_NOT_PEER,
	  "(VI_1) unicast source address 198.18.0.3 not a unicast peer" },
	{ "test_rx_uc_range_ok", "", UC_RANGE, AF_INET, "198.18.0.2", "198.18.0.1", 64,
	  VRRP_UC_DROP_NONE,
	  NULL },
	{ "test_rx_uc_range_low", "", UC_RANGE, AF_INET, "198.18.0.2", "198.18.0.1", 9,
	  VRRP_UC_DROP_PEER_TTL, "(VI_1) TTL/HL 9 not in range 10 - 100" },
	{ "test_rx_uc_range_high", "", UC_RANGE, AF_INET, "198.18.0.2", "198.18.0.1", 255,
	  VRRP_UC_DROP_PEER_TTL, "(VI_1) TTL/HL 255 not in range 10 - 100" },
	{ "test_rx_uc_range_edge", "", UC_RANGE, AF_INET, "198.18.0.2", "198.18.0.1", 100,
	  VRRP_UC_DROP_NONE, NULL },
	{ "test_rx_uc_range_ttl_unknown", "", UC_RANGE, AF_INET, "198.18.0.2", "198.18.0.1", -1,
	  VRRP_UC_DROP_NONE, NULL },
	{ "test_rx_uc_range_stranger", "", UC_RANGE, AF_INET, "198.18.0.3", "198.18.0.1", 64,
	  VRRP_UC_DROP_NOT_PEER, "(VI_1) unicast source address 198.18.0.3 not a unicast peer" },
	{ "test_rx_uc_v6_check", "", " check_unicast_src\n unicast_peer {\n  fe80::2\n }", AF_INET6,
	  "fe80::3", "fe80::1", 64, VRRP_UC_DROP_NOT_PEER,
	  "(VI_1) unicast source address fe80::3 not a unicast peer" },
	{ "test_rx_uc_v6_ok", "", " check_unicast_src\n unicast_peer {\n  fe80::2\n }", AF_INET6,
	  "fe80::2",
	  "fd00:18::1", 64, VRRP_UC_DROP_NONE, NULL },
};
/* clang-format on */

static void
test_rx(void **state)
{
	const struct rx_case *c = *state;
	struct vrrp_pkt_meta m = meta(c->family, c->src, c->dst, c->ttl);
	char text[256];

	if (c->global[0] != '\0') {
		char full[1024];

		snprintf(full, sizeof(full),
			 "global_defs {\n%s\n}\nvrrp_instance VI_1 {\n interface eth0\n"
			 " virtual_router_id 51\n%s\n virtual_ipaddress {\n  %s\n }\n}\n",
			 c->global, c->lines,
			 c->family == AF_INET ? "198.18.0.100/24" : "fe80::100/64");
		assert_int_equal(load(full), 0);
	} else {
		assert_int_equal(load_family(c->lines, c->family), 0);
	}
	assert_int_equal(vrrp_unicast_rx_check(conf.instances, uglobal, &m), c->want);
	if (c->text != NULL)
		assert_string_equal(vrrp_unicast_drop_text(c->want, conf.instances, uglobal, &m,
							   text, sizeof(text)),
				    c->text);
	/* An instance that would drop the packet does not claim it either. */
	if (c->want == VRRP_UC_DROP_NOT_PEER || c->want == VRRP_UC_DROP_GROUP ||
	    c->want == VRRP_UC_DROP_NOT_UNICAST || c->want == VRRP_UC_DROP_NOT_MULTICAST)
		assert_false(vrrp_unicast_rx_match(conf.instances, uglobal, &m));
}

static void
test_drop_names(void **state)
{
	for (int i = 0; i < VRRP_UC_DROP_COUNT_; i++) {
		const char *n = vrrp_unicast_drop_name((enum vrrp_unicast_drop)i);

		assert_non_null(n);
		assert_string_not_equal(n, "unknown");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(n,
						vrrp_unicast_drop_name((enum vrrp_unicast_drop)j));
	}
	assert_string_equal(vrrp_unicast_drop_name(VRRP_UC_DROP_NOT_PEER), "not_peer");
	assert_string_equal(vrrp_unicast_drop_name(VRRP_UC_DROP_COUNT_), "unknown");
}

/*
 * A keepalived <= 1.3.6 advert: the group in the pseudo-header. We are
 * 198.18.0.1, the sender our peer 198.18.0.2.
 */
static void
old_advert(struct vrrp_txpkt *tx, const char *group)
{
	union vrrp_addr s = addr(AF_INET, "198.18.0.2"), g = addr(AF_INET, group);

	assert_int_equal(vrrp_pkt_build(tx, conf.instances, 200, &s, &g), 0);
}

static void
test_old_csum(void **state)
{
	struct vrrp_pkt_meta m = meta(AF_INET, "198.18.0.2", "198.18.0.1", 255);
	struct vrrp_advert adv;
	struct vrrp_txpkt tx;

	assert_int_equal(load_lines(" version 3\n" PEER2), 0);
	old_advert(&tx, "224.0.0.18");
	assert_int_equal(vrrp_pkt_decode(tx.buf, tx.len, &m, &adv), VRRP_DROP_CHECKSUM);
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_NONE);
	assert_int_equal(adv.vrid, 51);
	assert_int_equal(adv.priority, 200);
	assert_int_equal(adv.csum_form, VRRP_CSUM_PSEUDO);
	/* Damaged: neither form. */
	tx.buf[tx.len - 1] ^= 1;
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_CHECKSUM);

	/* keepalived takes the global group, whatever it is. */
	assert_int_equal(load("global_defs {\n vrrp_mcast_group4 224.0.0.19\n}\n"
			      "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			      " version 3\n" PEER2
			      "\n virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"),
			 0);
	old_advert(&tx, "224.0.0.19");
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, uglobal, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_NONE);
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_CHECKSUM);

	/* Not with `never`, not without peers, not for VRRPv2. */
	assert_int_equal(load_lines(" version 3\n old_unicast_checksum never\n" PEER2), 0);
	old_advert(&tx, "224.0.0.18");
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_CHECKSUM);
	assert_int_equal(load_lines(" version 3"), 0);
	old_advert(&tx, "224.0.0.18");
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_CHECKSUM);
	assert_int_equal(load_lines(" version 2\n" PEER2), 0);
	old_advert(&tx, "224.0.0.18");
	tx.buf[6] ^= 0x40; /* a v2 checksum that is simply wrong */
	assert_int_equal(vrrp_unicast_decode_old(conf.instances, NULL, tx.buf, tx.len, &m, &adv),
			 VRRP_DROP_CHECKSUM);
}

static void
test_share_vrid(void **state)
{
	static const char two[] = "vrrp_instance A {\n interface eth0\n virtual_router_id 51\n%s\n"
				  " virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"
				  "vrrp_instance B {\n interface eth1\n virtual_router_id 51\n%s\n"
				  " virtual_ipaddress {\n  198.18.0.101/24\n }\n}\n";
	/* clang-format off */
	static const struct {
		const char *a, *b;
		bool share;
	} cases[] = {
		{ "", "", false },
		{ " mcast_dst_ip 224.0.0.100", "", true },
		{ " mcast_dst_ip 224.0.0.18", "", false },
		{ PEER2, "", false },
		{ PEER2, " unicast_peer {\n  198.18.0.3\n }", true },
		{ " unicast_peer {\n  198.18.0.3\n  198.18.0.2\n }", PEER2, false },
	};
	/* clang-format on */
	struct vrrp_pkt_meta m = meta(AF_INET, "198.18.0.3", "198.18.0.1", 255);
	char text[1024];

	for (size_t i = 0; i < UNIT_NELEMS(cases); i++) {
		snprintf(text, sizeof(text), two, cases[i].a, cases[i].b);
		assert_int_equal(load(text), 0);
		assert_int_equal(vrrp_unicast_can_share_vrid(conf.instances, conf.instances->next,
							     NULL),
				 cases[i].share);
		assert_int_equal(vrrp_unicast_can_share_vrid(conf.instances->next, conf.instances,
							     NULL),
				 cases[i].share);
	}
	/* The last pair: the advert from .3 is A's, not B's. */
	assert_true(vrrp_unicast_rx_match(conf.instances, NULL, &m));
	assert_false(vrrp_unicast_rx_match(conf.instances->next, NULL, &m));
	m = meta(AF_INET6, "fe80::2", "fe80::1", 255);
	assert_false(vrrp_unicast_rx_match(conf.instances, NULL, &m));
}

/* keepalived's captures ------------------------------------------------------------- */

/*
 * One capture: the instance block capture_golden.sh gave keepalived (its
 * unicast lines in sender), and a peer that receives from it (receiver).
 */
struct golden {
	const char *name;
	const char *file;
	int family;
	const char *head, *tail; /* the block, before and after the unicast lines */
	const char *sender, *receiver;
	const char *if_addr; /* veth-a's primary IPv4 / link-local IPv6 */
	int ip_ttl;
	uint8_t priority;
	size_t npeers;
	unsigned npackets;
};

/* clang-format off */
static const struct golden goldens[] = {
	{ "test_golden_keepalived_v2_unicast", "keepalived_v2_unicast.pcap", AF_INET,
	  "vrrp_instance VI_UC2 {\n state MASTER\n interface veth-a\n virtual_router_id 61\n"
	  " priority 150\n advert_int 1\n",
	  " authentication {\n  auth_type PASS\n"
	  "  auth_pass uc2pass\n }\n virtual_ipaddress {\n  198.18.0.61/24\n }\n}\n",
	  " unicast_src_ip 198.18.0.1\n unicast_peer {\n  198.18.0.2\n }",
	  " unicast_src_ip 198.18.0.2\n check_unicast_src\n unicast_peer {\n  198.18.0.1\n }",
	  "198.18.0.1", 255, 150, 1, 2 },
	{ "test_golden_keepalived_v3_unicast", "keepalived_v3_unicast.pcap", AF_INET,
	  "vrrp_instance VI_UC3 {\n state MASTER\n interface veth-a\n virtual_router_id 62\n"
	  " version 3\n priority 160\n advert_int 1\n",
	  " virtual_ipaddress {\n  198.18.0.62/24\n"
	  "  198.18.0.63/24\n }\n}\n",
	  " unicast_src_ip 198.18.0.1\n unicast_ttl 64\n unicast_peer {\n  198.18.0.2\n  "
	  "198.18.0.3\n }",
	  " unicast_peer {\n  198.18.0.1 min_ttl 64 max_ttl 64\n }", "198.18.0.1", 64, 160, 2, 4 },
	{ "test_golden_keepalived_v3_ipv6_unicast", "keepalived_v3_ipv6_unicast.pcap", AF_INET6,
	  "vrrp_instance VI_UC6 {\n state MASTER\n interface veth-a\n virtual_router_id 63\n"
	  " priority 170\n advert_int 1\n",
	  " virtual_ipaddress {\n  fe80::63/64\n"
	  "  fd00:18::63/64\n }\n}\n",
	  " unicast_peer {\n  fd00:18::2\n  fd00:18::3\n }",
	  " check_unicast_src\n unicast_peer {\n  fe80::5eff:fe12:a\n }", "fe80::5eff:fe12:a",
	  /* No unicast_ttl: the kernel's default hop limit. */
	  64, 170, 2, 4 },
};
/* clang-format on */

static pcap_t *
golden_open(const struct golden *g)
{
	char path[4096], errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;

	unit_data_path(path, sizeof(path), g->file);
	if ((pc = pcap_open_offline(path, errbuf)) == NULL)
		fail_msg("%s: %s", path, errbuf);
	assert_int_equal(pcap_datalink(pc), DLT_EN10MB);
	return pc;
}

/* The VRRP payload of an Ethernet frame, and what the I/O layer would report. */
static const uint8_t *
strip(const uint8_t *p, size_t caplen, int family, struct vrrp_pkt_meta *m, size_t *len)
{
	size_t ihl, tot;

	memset(m, 0, sizeof(*m));
	m->family = family;
	assert_true(caplen >= 14 + (family == AF_INET ? 20 : 40));
	p += 14;
	caplen -= 14;
	if (family == AF_INET) {
		assert_int_equal(p[-2] << 8 | p[-1], 0x0800);
		ihl = (size_t)(p[0] & 0x0f) * 4;
		tot = (size_t)(p[2] << 8 | p[3]);
		assert_int_equal(p[9], VRRP_IPPROTO);
		assert_true(tot <= caplen && ihl >= 20 && tot >= ihl);
		m->ttl = p[8];
		memcpy(&m->src.v4, p + 12, 4);
		memcpy(&m->dst.v4, p + 16, 4);
		*len = tot - ihl;
		return p + ihl;
	}
	assert_int_equal(p[-2] << 8 | p[-1], 0x86dd);
	assert_int_equal(p[6], VRRP_IPPROTO);
	m->ttl = p[7];
	memcpy(&m->src.v6, p + 8, 16);
	memcpy(&m->dst.v6, p + 24, 16);
	*len = (size_t)(p[4] << 8 | p[5]);
	assert_true(*len <= caplen - 40);
	return p + 40;
}

static int
load_golden(const struct golden *g, const char *lines)
{
	char text[2048];

	snprintf(text, sizeof(text), "%s%s\n%s", g->head, lines, g->tail);
	return load(text);
}

/*
 * Every advert goes to the next peer in order, from the configured or the
 * interface's address, with the TTL the policy gives; decodes with the
 * peer's address in the pseudo-header; passes a receiving instance's
 * transport and protocol checks; and is what our encoder makes of the same
 * configuration, also by retargeting the first peer's advert.
 */
static void
test_golden(void **state)
{
	const struct golden *g = *state;
	union vrrp_addr ifa = addr(g->family, g->if_addr), src, dst, csum, first_csum;
	struct vrrp_instance_conf *receiver;
	struct vrrp_txpkt tx, first;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct pcap_pkthdr *h;
	const uint8_t *frame, *vrrp;
	uint8_t prev[VRRP_PKT_MAX];
	size_t len, prev_len = 0;
	unsigned n = 0;
	pcap_t *pc = golden_open(g);
	int ttl;

	assert_int_equal(load_golden(g, g->sender), 0);
	assert_int_equal(conf.instances->priority, g->priority);
	ttl = vrrp_unicast_tx_ttl(conf.instances);
	assert_int_equal(ttl == VRRP_UNICAST_TTL_KERNEL ? 64 : ttl, g->ip_ttl);
	assert_int_equal(vrrp_unicast_ndests(conf.instances), g->npeers);

	while (pcap_next_ex(pc, &h, &frame) == 1) {
		size_t i;

		assert_int_equal(load_golden(g, g->sender), 0);
		i = n % vrrp_unicast_ndests(conf.instances);
		vrrp_unicast_dest(conf.instances, NULL, i, false, &dst, &csum);
		assert_int_equal(vrrp_unicast_src(conf.instances, &ifa, &src), 0);
		vrrp = strip(frame, h->caplen, g->family, &m, &len);
		assert_memory_equal(&m.src, &src, g->family == AF_INET ? 4 : 16);
		assert_memory_equal(&m.dst, &dst, g->family == AF_INET ? 4 : 16);
		assert_int_equal(m.ttl, g->ip_ttl);

		/* Our encoder, for this peer and by retargeting peer 0's advert. */
		assert_int_equal(vrrp_pkt_build(&tx, conf.instances, g->priority, &src, &csum), 0);
		assert_int_equal(tx.len, len);
		assert_memory_equal(tx.buf, vrrp, len);
		vrrp_unicast_dest(conf.instances, NULL, 0, false, &dst, &first_csum);
		assert_int_equal(vrrp_pkt_build(&first, conf.instances, g->priority, &src,
						&first_csum),
				 0);
		vrrp_unicast_tx_retarget(&first, conf.instances, &first_csum, &csum);
		assert_memory_equal(first.buf, vrrp, len);
		/* Adverts of one interval differ in their checksum only. */
		if (i == 1) {
			assert_int_equal(prev_len, len);
			assert_memory_equal(prev, vrrp, 6);
			assert_memory_not_equal(prev + 6, vrrp + 6, 2);
			assert_memory_equal(prev + 8, vrrp + 8, len - 8);
		}
		memcpy(prev, vrrp, len);
		prev_len = len;

		/* The peer's side. */
		assert_int_equal(load_golden(g, g->receiver), 0);
		receiver = conf.instances;
		assert_int_equal(vrrp_pkt_decode(vrrp, len, &m, &adv), VRRP_DROP_NONE);
		assert_int_equal(adv.csum_form,
				 receiver->version == 3 ? VRRP_CSUM_PSEUDO : VRRP_CSUM_PLAIN);
		assert_int_equal(adv.priority, g->priority);
		assert_int_equal(vrrp_unicast_rx_check(receiver, NULL, &m), VRRP_UC_DROP_NONE);
		assert_true(vrrp_unicast_rx_match(receiver, NULL, &m));
		assert_int_equal(vrrp_pkt_check(&adv, &m, receiver, 100, NULL), VRRP_DROP_NONE);
		/* Arriving at the other peer's address the pseudo-header differs. */
		if (g->family == AF_INET && receiver->version == 3) {
			m.dst.bytes[3] ^= 1;
			assert_int_equal(vrrp_pkt_decode(vrrp, len, &m, &adv), VRRP_DROP_CHECKSUM);
		}
		n++;
	}
	assert_int_equal(n, g->npackets);
	pcap_close(pc);
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_dest_multicast),
		cmocka_unit_test(test_dest_unicast),
		cmocka_unit_test(test_src),
		cmocka_unit_test(test_tx_ttl),
		cmocka_unit_test(test_fault_no_peer),
		cmocka_unit_test(test_retarget),
		cmocka_unit_test(test_drop_names),
		cmocka_unit_test(test_old_csum),
		cmocka_unit_test(test_share_vrid),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_rx, rx_cases);
	unit_add_rows(tests, &n, test_golden, goldens);
	assert_true(n <= UNIT_NELEMS(tests));
	return _cmocka_run_group_tests("vrrp_unicast_wire", tests, n, setup, teardown);
}
