/*
 * Tests of the VRRP advertisement codec against the outside world: the
 * golden captures in test/data (made by test/tools/capture_golden.sh from
 * keepalived 2.2.7 and FRR vrrpd) are decoded and rebuilt byte for byte from
 * an equivalent configuration, one test per capture; and mutated or random
 * packets never crash the decoder. The fixture is pkt_fixture.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "pkt_fixture.h"

/* Garbage ------------------------------------------------------------------ */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t
rng(void)
{
	return unit_rng(&rng_state);
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
	const char *name;
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

/* clang-format off */
static const struct golden goldens[] = {
	{ "test_golden_keepalived_v2_ipv4_pass", "keepalived_v2_ipv4_pass.pcap", 2, AF_INET, 51,
	  100,
	  "secret", { "198.18.0.51", "198.18.0.52" }, { 150, 150, 150 }, 3 },
	{ "test_golden_keepalived_v2_ipv4_prio0", "keepalived_v2_ipv4_prio0.pcap", 2, AF_INET, 55,
	  100,
	  NULL, { "198.18.0.56" }, { 110, 110, 0 }, 3 },
	{ "test_golden_keepalived_v3_ipv4", "keepalived_v3_ipv4.pcap", 3, AF_INET, 52, 50, NULL,
	  { "198.18.0.53", "198.18.0.54", "198.18.0.55" }, { 120, 120, 120 }, 3 },
	{ "test_golden_keepalived_v3_ipv6", "keepalived_v3_ipv6.pcap", 3, AF_INET6, 53, 100, NULL,
	  { "fe80::53", "fd00:18::53" }, { 130, 130, 130 }, 3 },
	{ "test_golden_keepalived_v3_ipv6_global_first", "keepalived_v3_ipv6_global_first.pcap", 3,
	  AF_INET6, 54, 100, NULL, { "fd00:18::54", "fe80::54" }, { 140, 140 }, 2 },
	{ "test_golden_frr_v3_ipv4", "frr_v3_ipv4.pcap", 3, AF_INET, 5, 100, NULL,
	  { "198.18.0.5", "198.18.0.6" }, { 200, 200, 200 }, 3 },
	{ "test_golden_frr_v3_ipv6", "frr_v3_ipv6.pcap", 3, AF_INET6, 5, 100, NULL,
	  { "fd00:18::5" }, { 200, 200, 200 }, 3 },
};
/* clang-format on */

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

/* Open a capture in the source tree's test/data. */
static pcap_t *
golden_open(const struct golden *g)
{
	char path[4096], errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;

	unit_data_path(path, sizeof(path), g->file);
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL)
		fail_msg("%s: %s", path, errbuf);
	return pc;
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

/* Every packet of the capture decodes to the peer's configuration, passes
 * its instance checks, and is what our encoder makes of that configuration. */
static void
test_golden(void **state)
{
	const struct golden *g = *state;
	struct vrrp_instance_conf c;
	struct pcap_pkthdr *h;
	const uint8_t *frame, *vrrp;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct vrrp_txpkt tx;
	size_t alen = g->family == AF_INET ? 4 : 16;
	unsigned n = 0;
	size_t len, i;
	pcap_t *pc = golden_open(g);
	bool mismatch;

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
		assert_int_equal(adv.csum_form,
				 g->version == 3 ? VRRP_CSUM_PSEUDO : VRRP_CSUM_PLAIN);
		for (i = 0; i < c.nvips; i++)
			assert_memory_equal(adv.addrs + i * alen, vips[i].addr.bytes, alen);
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
test_golden_global_first_vs_linklocal_conf(void **state)
{
	/* keepalived's advert whose first address is global (it only warns
	 * about such a configuration) is dropped by an instance that follows
	 * the RFC and lists its link-local VIP first. */
	const struct golden *g = NULL;
	struct vrrp_instance_conf c;
	struct pcap_pkthdr *h;
	const uint8_t *frame, *vrrp;
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct vrrp_vip tmp;
	size_t len, i;
	pcap_t *pc;

	for (i = 0; i < UNIT_NELEMS(goldens); i++)
		if (strcmp(goldens[i].file, "keepalived_v3_ipv6_global_first.pcap") == 0)
			g = &goldens[i];
	assert_non_null(g);
	pc = golden_open(g);
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
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_fuzz_never_crashes),
		cmocka_unit_test(test_golden_global_first_vs_linklocal_conf),
	};
	/* clang-format on */
	struct CMUnitTest tests[UNIT_NELEMS(fixed) + UNIT_NELEMS(goldens)];
	size_t n = 0;

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_golden, goldens);
	return cmocka_run_group_tests(tests, setup_addrs, NULL);
}
