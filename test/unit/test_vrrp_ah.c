/*
 * Tests of IPsec AH authentication (vrrp_ah.c) against keepalived 2.2.7:
 * its AH adverts captured by test/tools/capture_golden.sh
 * (test/data/keepalived_v2_ah*.pcap) are accepted by vrrp_ah_verify() and
 * rebuilt byte for byte by vrrp_ah_build() from the same inputs; every
 * covered byte altered, a wrong key, a wrong SPI and replayed or old
 * sequence numbers are refused with their reason, and the mutable IP
 * fields are not covered. A second HMAC, computed here with OpenSSL's
 * one-shot EVP_Q_mac(), re-seals hand-edited datagrams (the module's own
 * HMAC-MD5 is lib/md5.c's). The cost per packet is measured, and that the
 * module calls on OpenSSL for nothing.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "keepalived/vrrp/proto/vrrp_ah.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "pkt_fixture.h"

#define DGRAM_MAX 128
#define MAX_PKTS 4

/* A captured AH advert: the IPv4 datagram, without the Ethernet header. */
struct dgram {
	uint8_t b[DGRAM_MAX];
	size_t len;
};

/* One capture and the configuration capture_golden.sh gave keepalived. */
struct golden_ah {
	const char *file;
	const char *pass;
	bool unicast;
	const char *src, *dst;
	uint8_t vrid;
	const char *vips[2];
	uint8_t prio[MAX_PKTS];
	unsigned npackets;
};

/* clang-format off */
static const struct golden_ah goldens[] = {
	{ "keepalived_v2_ah.pcap", "secret", false, "198.18.0.1", "224.0.0.18", 56,
	  { "198.18.0.57", "198.18.0.58" }, { 150, 150, 150, 0 }, 4 },
	{ "keepalived_v2_ah_unicast.pcap", "abcdefgh", true, "198.18.0.1", "198.18.0.2", 57,
	  { "198.18.0.59" }, { 160, 160, 160 }, 3 },
};
/* clang-format on */

/* One test per capture and direction. */
struct golden_row {
	const char *name;
	const struct golden_ah *g;
};

/* clang-format off */
static const struct golden_row verify_rows[] = {
	{ "test_golden_ah_multicast_verify", &goldens[0] },
	{ "test_golden_ah_unicast_verify", &goldens[1] },
};
/* clang-format on */

/* clang-format off */
static const struct golden_row rebuild_rows[] = {
	{ "test_golden_ah_multicast_rebuild", &goldens[0] },
	{ "test_golden_ah_unicast_rebuild", &goldens[1] },
};
/* clang-format on */

static void
key_of(const char *pass, uint8_t key[VRRP_AH_KEY_LEN])
{
	memset(key, 0, VRRP_AH_KEY_LEN);
	memcpy(key, pass, strlen(pass) < VRRP_AH_KEY_LEN ? strlen(pass) : VRRP_AH_KEY_LEN);
}

static struct vrrp_ah *
ah_new(const char *pass)
{
	uint8_t key[VRRP_AH_KEY_LEN];
	struct vrrp_ah *ah;

	key_of(pass, key);
	ah = vrrp_ah_new(key);
	assert_non_null(ah);
	return ah;
}

/* Captures ----------------------------------------------------------------- */

/* Open a capture in the source tree's test/data. */
static pcap_t *
capture_open(const char *file)
{
	char path[4096], errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;

	unit_data_path(path, sizeof(path), file);
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL)
		fail_msg("%s: %s", path, errbuf);
	return pc;
}

/* Read the capture's IPv4 datagrams into d[]; returns how many. */
static unsigned
capture_read(const struct golden_ah *g, struct dgram d[MAX_PKTS])
{
	struct pcap_pkthdr *h;
	const uint8_t *frame;
	pcap_t *pc = capture_open(g->file);
	unsigned n = 0;

	assert_int_equal(pcap_datalink(pc), DLT_EN10MB);
	while (pcap_next_ex(pc, &h, &frame) == 1) {
		size_t tot;

		assert_true(n < MAX_PKTS);
		assert_true(h->caplen >= 14 + 20);
		assert_int_equal(frame[12] << 8 | frame[13], 0x0800);
		/* Trust the IP length, not the frame: Ethernet may pad. */
		tot = (size_t)(frame[14 + 2] << 8 | frame[14 + 3]);
		assert_true(tot <= h->caplen - 14 && tot <= DGRAM_MAX);
		memcpy(d[n].b, frame + 14, tot);
		d[n].len = tot;
		n++;
	}
	pcap_close(pc);
	assert_int_equal(n, g->npackets);
	return n;
}

static const struct golden_ah *
golden_named(const char *file)
{
	for (size_t i = 0; i < UNIT_NELEMS(goldens); i++)
		if (strcmp(goldens[i].file, file) == 0)
			return &goldens[i];
	fail_msg("no golden %s", file);
	return NULL;
}

static void
golden_conf(struct vrrp_instance_conf *c, const struct golden_ah *g)
{
	size_t n = 0;

	conf_init(c, 2, AF_INET, 0);
	while (n < 2 && g->vips[n] != NULL) {
		vips[n].family = AF_INET;
		vips[n].addr = addr(AF_INET, g->vips[n]);
		n++;
	}
	c->nvips = n;
	c->vrid = g->vrid;
	c->auth_type = VRRP_AUTH_AH;
	key_of(g->pass, c->auth_pass);
}

/* A second HMAC-MD5-96, independent of vrrp_ah.c: re-seal a datagram whose
 * covered bytes a test changed, so that it gets past the ICV. */
static void
reseal(struct dgram *d, const char *pass, bool unicast)
{
	uint8_t key[VRRP_AH_KEY_LEN], tmp[DGRAM_MAX], md[EVP_MAX_MD_SIZE];
	size_t ihl = (size_t)(d->b[0] & 0x0f) * 4, md_len = 0;

	key_of(pass, key);
	memcpy(tmp, d->b, d->len);
	tmp[1] = 0;
	tmp[6] = tmp[7] = 0;
	tmp[10] = tmp[11] = 0;
	if (unicast)
		tmp[8] = 0;
	memset(tmp + ihl + 12, 0, VRRP_AH_ICV_LEN);
	assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, key, sizeof(key), tmp, d->len,
				  md, sizeof(md), &md_len));
	assert_int_equal(md_len, 16);
	memcpy(d->b + ihl + 12, md, VRRP_AH_ICV_LEN);
}

static void
set_seq(struct dgram *d, uint32_t seq)
{
	d->b[20 + 8] = (uint8_t)(seq >> 24);
	d->b[20 + 9] = (uint8_t)(seq >> 16);
	d->b[20 + 10] = (uint8_t)(seq >> 8);
	d->b[20 + 11] = (uint8_t)seq;
}

/* Known answers ------------------------------------------------------------ */

/* keepalived's adverts pass our checks, AH and VRRP alike, in order. */
static void
test_golden_verify(void **state)
{
	const struct golden_ah *g = ((const struct golden_row *)*state)->g;
	struct dgram d[MAX_PKTS];
	struct vrrp_instance_conf c;
	struct vrrp_ah_seq seq = { 0 };
	struct vrrp_pkt_meta m;
	struct vrrp_advert adv;
	struct vrrp_ah_rx rx;
	unsigned n = capture_read(g, d);
	struct vrrp_ah *ah = ah_new(g->pass);

	golden_conf(&c, g);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(vrrp_ah_verify(ah, d[i].b, d[i].len, g->unicast, &seq, &rx),
				 VRRP_AH_DROP_NONE);
		/* keepalived counts from 1, one per advert, priority 0 included. */
		assert_int_equal(rx.seq, i + 1);
		assert_int_equal(seq.seq, i + 1);
		assert_ptr_equal(rx.vrrp, d[i].b + VRRP_AH_OVERHEAD);
		assert_int_equal(rx.vrrp_len, d[i].len - VRRP_AH_OVERHEAD);

		memset(&m, 0, sizeof(m));
		m.family = AF_INET;
		m.src = addr(AF_INET, g->src);
		m.dst = addr(AF_INET, g->dst);
		m.ttl = d[i].b[8];
		m.multicast = !g->unicast;
		assert_int_equal(vrrp_pkt_decode(rx.vrrp, rx.vrrp_len, &m, &adv), VRRP_DROP_NONE);
		assert_int_equal(adv.auth_type, VRRP_AUTH_AH);
		assert_int_equal(adv.vrid, g->vrid);
		assert_int_equal(adv.priority, g->prio[i]);
		assert_int_equal(vrrp_pkt_check(&adv, &m, &c, 100, NULL), VRRP_DROP_NONE);
	}
	vrrp_ah_free(ah);
}

/* From the same inputs, with counters starting from zero as keepalived's
 * do, we produce keepalived's datagrams exactly: IP header (TOS, ID, TTL,
 * checksum), SPI, sequence number, ICV and the VRRP message. */
static void
test_golden_rebuild(void **state)
{
	const struct golden_ah *g = ((const struct golden_row *)*state)->g;
	struct dgram d[MAX_PKTS];
	struct vrrp_instance_conf c;
	struct vrrp_ah_seq seq = { 0 };
	union vrrp_addr src = addr(AF_INET, g->src), dst = addr(AF_INET, g->dst);
	struct vrrp_txpkt vtx;
	struct vrrp_ah_tx tx;
	uint8_t out[DGRAM_MAX];
	unsigned n = capture_read(g, d);
	struct vrrp_ah *ah = ah_new(g->pass);

	golden_conf(&c, g);
	for (unsigned i = 0; i < n; i++) {
		memset(&tx, 0, sizeof(tx));
		tx.src = src.v4;
		tx.dst = dst.v4;
		tx.ttl = VRRP_TTL;
		tx.unicast = g->unicast;
		vrrp_ah_seq_next(&seq, &tx);
		assert_int_equal(tx.seq, i + 1);
		assert_int_equal(tx.ip_id, i + 1);
		assert_int_equal(vrrp_pkt_build(&vtx, &c, g->prio[i], &src, &dst), 0);
		assert_int_equal(vrrp_ah_build(ah, &tx, vtx.buf, vtx.len, out, sizeof(out)),
				 (int)d[i].len);
		assert_memory_equal(out, d[i].b, d[i].len);
	}
	vrrp_ah_free(ah);
}

/* What we build, keepalived's rules accept: the other direction of the
 * round trip, here with the reference HMAC, for both TTL rules. */
static void
test_build_matches_reference_hmac(void **state)
{
	static const uint8_t vrrp[] = { 0x21, 9, 100, 1, 2, 1, 0, 0, 198, 18,
					0,    9, 0,   0, 0, 0, 0, 0, 0,   0 };
	struct vrrp_ah *ah = ah_new("pw");
	struct vrrp_ah_tx tx = { .ttl = 255, .ip_id = 77, .seq = 1000 };
	struct dgram d, ref;
	int len;

	for (int unicast = 0; unicast < 2; unicast++) {
		tx.unicast = unicast;
		tx.src = addr(AF_INET, "198.18.0.9").v4;
		tx.dst = addr(AF_INET, unicast ? "198.18.0.10" : "224.0.0.18").v4;
		len = vrrp_ah_build(ah, &tx, vrrp, sizeof(vrrp), d.b, sizeof(d.b));
		assert_int_equal(len, VRRP_AH_OVERHEAD + (int)sizeof(vrrp));
		d.len = (size_t)len;
		ref = d;
		reseal(&ref, "pw", unicast);
		assert_memory_equal(d.b, ref.b, d.len);
		/* Fixed fields: TOS, no DF, protocol, next header, length, SPI. */
		assert_int_equal(d.b[1], VRRP_AH_IP_TOS);
		assert_int_equal(d.b[6] | d.b[7], 0);
		assert_int_equal(d.b[9], VRRP_AH_IPPROTO);
		assert_int_equal(d.b[20], VRRP_IPPROTO);
		assert_int_equal(d.b[21], 4);
		assert_int_equal(d.b[22] | d.b[23], 0);
		assert_memory_equal(d.b + 24, d.b + 12, 4);
		assert_int_equal(vrrp_csum_fold(vrrp_csum_partial(d.b, 20, 0)), 0);
	}
	vrrp_ah_free(ah);
}

/* Refusals ----------------------------------------------------------------- */

/*
 * Every byte of keepalived's datagram, altered, is refused, with the
 * structural reason where the byte is structure and "ah_icv" elsewhere;
 * the mutable fields (TOS, flags/offset, header checksum, and the TTL for
 * unicast only) are not covered and may change freely.
 */
static void
test_every_byte_covered(void **state)
{
	for (size_t gi = 0; gi < UNIT_NELEMS(goldens); gi++) {
		const struct golden_ah *g = &goldens[gi];
		struct dgram d[MAX_PKTS], t;
		struct vrrp_ah *ah = ah_new(g->pass);

		capture_read(g, d);
		for (size_t i = 0; i < d[0].len; i++) {
			struct vrrp_ah_seq seq = { 0 };
			struct vrrp_ah_rx rx;
			enum vrrp_ah_drop want = VRRP_AH_DROP_ICV;

			if (i == 1 || (i >= 6 && i <= 7) || (i >= 10 && i <= 11) ||
			    (i == 8 && g->unicast))
				want = VRRP_AH_DROP_NONE;
			else if (i == 0 || i == 9)
				want = VRRP_AH_DROP_IP_HEADER;
			else if (i == 20 || i == 21)
				want = VRRP_AH_DROP_FORMAT;
			t = d[0];
			t.b[i] ^= 0x10;
			if (vrrp_ah_verify(ah, t.b, t.len, g->unicast, &seq, &rx) != want)
				fail_msg("%s: byte %zu: not %s", g->file, i,
					 vrrp_ah_drop_name(want));
			assert_int_equal(seq.seq, want == VRRP_AH_DROP_NONE ? 1 : 0);
		}
		vrrp_ah_free(ah);
	}
}

static void
test_wrong_key(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	/* The key is all 8 bytes: a byte past the password counts too. */
	static const char *const wrong[] = { "Secret", "secre", "secret1", "", "secretsecret" };
	struct dgram d[MAX_PKTS];
	struct vrrp_ah_rx rx;

	capture_read(g, d);
	for (size_t i = 0; i < UNIT_NELEMS(wrong); i++) {
		struct vrrp_ah_seq seq = { 0 };
		struct vrrp_ah *ah = ah_new(wrong[i]);

		assert_int_equal(vrrp_ah_verify(ah, d[0].b, d[0].len, false, &seq, &rx),
				 VRRP_AH_DROP_ICV);
		assert_int_equal(seq.seq, 0);
		vrrp_ah_free(ah);
	}
	/* The unicast rule on a multicast advert: the TTL was covered. */
	{
		struct vrrp_ah_seq seq = { 0 };
		struct vrrp_ah *ah = ah_new(g->pass);

		assert_int_equal(vrrp_ah_verify(ah, d[0].b, d[0].len, true, &seq, &rx),
				 VRRP_AH_DROP_ICV);
		vrrp_ah_free(ah);
	}
}

/* A sealed datagram whose SPI is not its source address. */
static void
test_spi_mismatch(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	struct dgram d[MAX_PKTS];
	struct vrrp_ah_seq seq = { 0 };
	struct vrrp_ah_rx rx;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	d[0].b[20 + 7] ^= 1;
	assert_int_equal(vrrp_ah_verify(ah, d[0].b, d[0].len, false, &seq, &rx), VRRP_AH_DROP_ICV);
	reseal(&d[0], g->pass, false);
	assert_int_equal(vrrp_ah_verify(ah, d[0].b, d[0].len, false, &seq, &rx), VRRP_AH_DROP_SPI);
	assert_int_equal(seq.seq, 0);
	vrrp_ah_free(ah);
}

/* Verify a multicast datagram, for the tests that only want the reason. */
static enum vrrp_ah_drop
verify(struct vrrp_ah *ah, const struct dgram *d, struct vrrp_ah_seq *seq)
{
	struct vrrp_ah_rx rx;

	return vrrp_ah_verify(ah, d->b, d->len, false, seq, &rx);
}

/*
 * The sequence number as keepalived checks it: one high-water mark, no
 * window; equal or lower is a replay and leaves the mark alone. Our own
 * sending raises the same mark, and a peer that restarts from 1 is refused.
 */
static void
test_replay(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	struct dgram d[MAX_PKTS];
	struct vrrp_ah_seq seq = { 0 };
	struct vrrp_ah_tx tx;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	assert_int_equal(verify(ah, &d[1], &seq), VRRP_AH_DROP_NONE);
	assert_int_equal(seq.seq, 2);
	/* The same advert again, and an older one. */
	assert_int_equal(verify(ah, &d[1], &seq), VRRP_AH_DROP_REPLAY);
	assert_int_equal(verify(ah, &d[0], &seq), VRRP_AH_DROP_REPLAY);
	assert_int_equal(seq.seq, 2);
	/* A gap is fine: adverts get lost. */
	assert_int_equal(verify(ah, &d[3], &seq), VRRP_AH_DROP_NONE);
	assert_int_equal(seq.seq, 4);
	assert_int_equal(verify(ah, &d[2], &seq), VRRP_AH_DROP_REPLAY);

	/* We were master up to 10: the peer's 5 is old news to us. */
	seq.seq = 9;
	vrrp_ah_seq_next(&seq, &tx);
	assert_int_equal(tx.seq, 10);
	set_seq(&d[0], 10);
	reseal(&d[0], g->pass, false);
	assert_int_equal(verify(ah, &d[0], &seq), VRRP_AH_DROP_REPLAY);
	set_seq(&d[0], 11);
	reseal(&d[0], g->pass, false);
	assert_int_equal(verify(ah, &d[0], &seq), VRRP_AH_DROP_NONE);
	/* ...and the next advert we send continues above what we accepted. */
	vrrp_ah_seq_next(&seq, &tx);
	assert_int_equal(tx.seq, 12);

	/* The top of the range is accepted once; a restarted peer is not. */
	set_seq(&d[0], 0xffffffffu);
	reseal(&d[0], g->pass, false);
	assert_int_equal(verify(ah, &d[0], &seq), VRRP_AH_DROP_NONE);
	set_seq(&d[0], 1);
	reseal(&d[0], g->pass, false);
	assert_int_equal(verify(ah, &d[0], &seq), VRRP_AH_DROP_REPLAY);
	assert_int_equal(seq.seq, 0xffffffffu);
	vrrp_ah_free(ah);
}

/* Truncations and malformed headers are refused before any HMAC. */
static void
test_malformed(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	struct dgram d[MAX_PKTS], t;
	struct vrrp_ah_seq seq = { 0 };
	struct vrrp_ah_rx rx;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	for (size_t len = 0; len < d[0].len; len++) {
		enum vrrp_ah_drop r = vrrp_ah_verify(ah, d[0].b, len, false, &seq, &rx);

		if (len < VRRP_AH_OVERHEAD + VRRP_HDR_LEN)
			assert_int_equal(r, VRRP_AH_DROP_SHORT);
		else
			assert_int_equal(r, VRRP_AH_DROP_ICV); /* the length is covered */
	}
	t = d[0];
	t.b[0] = 0x44; /* IHL 4 */
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_IP_HEADER);
	t = d[0];
	t.b[0] = 0x65; /* version 6 */
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_IP_HEADER);
	t = d[0];
	t.b[9] = VRRP_IPPROTO;
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_IP_HEADER);
	t = d[0];
	t.b[0] = 0x4f; /* 60-byte header: the AH would start past the end */
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_SHORT);
	t = d[0];
	t.b[21] = 5; /* a longer ICV than HMAC-MD5-96's */
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_FORMAT);
	t = d[0];
	t.b[20] = 6; /* something other than VRRP behind the AH */
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_FORMAT);
	assert_int_equal(seq.seq, 0);
	vrrp_ah_free(ah);
}

/* IP options are covered as they arrive (keepalived copies the header whole). */
static void
test_ip_options(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	struct dgram d[MAX_PKTS], t;
	struct vrrp_ah_seq seq = { 0 };
	struct vrrp_ah_rx rx;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	/* Insert 4 bytes of NOP options after the 20-byte header. */
	memcpy(t.b, d[0].b, 20);
	memset(t.b + 20, 1, 4);
	memcpy(t.b + 24, d[0].b + 20, d[0].len - 20);
	t.len = d[0].len + 4;
	t.b[0] = 0x46;
	t.b[3] = (uint8_t)(t.b[3] + 4);
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_ICV);
	reseal(&t, g->pass, false);
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_NONE);
	assert_ptr_equal(rx.vrrp, t.b + 24 + VRRP_AH_HDR_LEN);
	t.b[22] ^= 1; /* an option byte */
	seq.seq = 0;
	assert_int_equal(vrrp_ah_verify(ah, t.b, t.len, false, &seq, &rx), VRRP_AH_DROP_ICV);
	vrrp_ah_free(ah);
}

/* Counters and building ---------------------------------------------------- */

static void
test_seq_counters(void **state)
{
	struct vrrp_ah_seq s = { .seq = VRRP_AH_SEQ_MAX - 1, .ip_id = 0xfffe };
	struct vrrp_ah_tx tx;

	vrrp_ah_seq_next(&s, &tx);
	assert_int_equal(tx.seq, VRRP_AH_SEQ_MAX);
	assert_int_equal(tx.ip_id, 0xffff);
	assert_false(s.exhausted);
	/* The counter stops rather than wrap; the identification skips 0. */
	vrrp_ah_seq_next(&s, &tx);
	assert_int_equal(tx.seq, VRRP_AH_SEQ_MAX);
	assert_int_equal(tx.ip_id, 1);
	assert_true(s.exhausted);
	/* Becoming master starts an exhausted counter again, and only then. */
	vrrp_ah_seq_become_master(&s);
	assert_false(s.exhausted);
	vrrp_ah_seq_next(&s, &tx);
	assert_int_equal(tx.seq, 1);
	vrrp_ah_seq_become_master(&s);
	vrrp_ah_seq_next(&s, &tx);
	assert_int_equal(tx.seq, 2);
}

static void
test_build_limits(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	struct dgram d[MAX_PKTS];
	struct vrrp_ah_tx tx = { .ttl = 255, .ip_id = 1, .seq = 1 };
	uint8_t out[DGRAM_MAX];
	size_t vlen;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	vlen = d[0].len - VRRP_AH_OVERHEAD;
	tx.src = addr(AF_INET, g->src).v4;
	tx.dst = addr(AF_INET, g->dst).v4;
	assert_int_equal(vrrp_ah_build(ah, &tx, d[0].b + VRRP_AH_OVERHEAD, vlen, out, d[0].len - 1),
			 -1);
	/* In place: the codec's message already where the datagram wants it. */
	memset(out, 0xee, sizeof(out));
	memcpy(out + VRRP_AH_OVERHEAD, d[0].b + VRRP_AH_OVERHEAD, vlen);
	assert_int_equal(vrrp_ah_build(ah, &tx, out + VRRP_AH_OVERHEAD, vlen, out, d[0].len),
			 (int)d[0].len);
	assert_memory_equal(out, d[0].b, d[0].len);
	vrrp_ah_free(ah);
}

static void
test_drop_names(void **state)
{
	for (int i = 0; i < VRRP_AH_DROP_COUNT_; i++) {
		const char *n = vrrp_ah_drop_name((enum vrrp_ah_drop)i);

		assert_non_null(n);
		assert_string_not_equal(n, "unknown");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(n, vrrp_ah_drop_name((enum vrrp_ah_drop)j));
	}
	assert_string_equal(vrrp_ah_drop_name(VRRP_AH_DROP_REPLAY), "ah_replay");
	assert_string_equal(vrrp_ah_drop_name(VRRP_AH_DROP_MISSING), "ah_missing");
	assert_string_equal(vrrp_ah_drop_name(VRRP_AH_DROP_COUNT_), "unknown");
}

/* vrrp_net's AH socket hands up whole protocol-51 datagrams; the VRRP
 * socket's parser refuses them, and the other way round. */
static void
test_sock_parse_ah(void **state)
{
	struct dgram d[MAX_PKTS], u[MAX_PKTS];
	struct vrrp_pkt_meta m;
	const uint8_t *payload;
	size_t plen;

	capture_read(golden_named("keepalived_v2_ah.pcap"), d);
	capture_read(golden_named("keepalived_v2_ah_unicast.pcap"), u);
	assert_int_equal(vrrp_sock_parse_ipv4_ah(d[0].b, d[0].len, &m), VRRP_SOCK_DROP_NONE);
	assert_int_equal(m.family, AF_INET);
	assert_memory_equal(&m.src, &src4, 4);
	assert_memory_equal(&m.dst, &grp4, 4);
	assert_int_equal(m.ttl, 255);
	assert_true(m.multicast);
	assert_int_equal(vrrp_sock_parse_ipv4_ah(u[0].b, u[0].len, &m), VRRP_SOCK_DROP_NONE);
	assert_false(m.multicast);
	assert_int_equal(vrrp_sock_parse_ipv4(d[0].b, d[0].len, &m, &payload, &plen),
			 VRRP_SOCK_DROP_IP_PROTO);
	assert_int_equal(vrrp_sock_parse_ipv4_ah(d[0].b, d[0].len - 1, &m),
			 VRRP_SOCK_DROP_IP_LENGTH);
	d[0].b[9] = VRRP_IPPROTO;
	assert_int_equal(vrrp_sock_parse_ipv4_ah(d[0].b, d[0].len, &m), VRRP_SOCK_DROP_IP_PROTO);
}

/* Cost --------------------------------------------------------------------- */

/* OpenSSL's allocations, counted through its own hook (set in main()). */
static long crypto_allocs;

static void *
count_malloc(size_t n, const char *file, int line)
{
	crypto_allocs++;
	return malloc(n);
}

static void *
count_realloc(void *p, size_t n, const char *file, int line)
{
	crypto_allocs++;
	return realloc(p, n);
}

static void
count_free(void *p, const char *file, int line)
{
	free(p);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Per packet, build and verify each cost one HMAC over ~70 bytes; the
 * context is made once. OpenSSL's allocation hook sees nothing: the HMAC is
 * lib/md5.c's, so the daemon does not map libcrypto (issue 14).
 */
static void
test_cost_per_packet(void **state)
{
	const struct golden_ah *g = golden_named("keepalived_v2_ah.pcap");
	const int rounds = getenv("AH_BENCH_ROUNDS") ? atoi(getenv("AH_BENCH_ROUNDS")) : 20000;
	struct dgram d[MAX_PKTS];
	struct vrrp_ah_tx tx = { .ttl = 255 };
	struct vrrp_ah_seq seq = { 0 }, rseq = { 0 };
	struct vrrp_ah_rx rx;
	uint8_t out[DGRAM_MAX];
	size_t vlen;
	long allocs;
	double t0, t_build, t_verify;
	struct vrrp_ah *ah = ah_new(g->pass);

	capture_read(g, d);
	vlen = d[0].len - VRRP_AH_OVERHEAD;
	tx.src = addr(AF_INET, g->src).v4;
	tx.dst = addr(AF_INET, g->dst).v4;

	allocs = crypto_allocs;
	t0 = now_s();
	for (int i = 0; i < rounds; i++) {
		vrrp_ah_seq_next(&seq, &tx);
		assert_true(vrrp_ah_build(ah, &tx, d[0].b + VRRP_AH_OVERHEAD, vlen, out,
					  sizeof(out)) > 0);
	}
	t_build = (now_s() - t0) / rounds;
	/* Verify what was built last, each time as a fresh receiver. */
	t0 = now_s();
	for (int i = 0; i < rounds; i++) {
		rseq.seq = 0;
		assert_int_equal(vrrp_ah_verify(ah, out, d[0].len, false, &rseq, &rx),
				 VRRP_AH_DROP_NONE);
	}
	t_verify = (now_s() - t0) / rounds;
	allocs = crypto_allocs - allocs;
	print_message("  AH cost: build %.0f ns, verify %.0f ns per packet; OpenSSL "
		      "allocations: %ld\n",
		      t_build * 1e9, t_verify * 1e9, allocs);
	assert_int_equal(allocs, 0);
	vrrp_ah_free(ah);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_build_matches_reference_hmac),
		cmocka_unit_test(test_every_byte_covered),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_spi_mismatch),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_seq_counters),
		cmocka_unit_test(test_build_limits),
		cmocka_unit_test(test_drop_names),
		cmocka_unit_test(test_sock_parse_ah),
		cmocka_unit_test(test_cost_per_packet),
	};
	/* clang-format on */
	struct CMUnitTest
		tests[UNIT_NELEMS(fixed) + UNIT_NELEMS(verify_rows) + UNIT_NELEMS(rebuild_rows)];
	size_t n = 0;

	/* Before OpenSSL allocates anything, or it refuses the hook. */
	if (!CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free))
		fprintf(stderr, "CRYPTO_set_mem_functions refused: allocations not counted\n");
	unit_add_rows(tests, &n, test_golden_verify, verify_rows);
	unit_add_rows(tests, &n, test_golden_rebuild, rebuild_rows);
	unit_add_tests(tests, &n, fixed);
	return cmocka_run_group_tests(tests, setup_addrs, NULL);
}
