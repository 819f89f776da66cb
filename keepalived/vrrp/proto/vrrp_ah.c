/*
 * IPsec AH for VRRPv2 adverts, keepalived's way: building the datagram of an
 * advert and verifying a received one. The byte layout and the choice of
 * covered fields were read off keepalived 2.2.7's adverts on the wire (see
 * test/data/README, keepalived_v2_ah*.pcap); the HMAC-MD5 is lib/md5.c's
 * (it was OpenSSL's: the VRRP process no longer maps libcrypto, issue 14).
 *
 * One HMAC context per key, keyed once by vrrp_ah_new(); each packet starts
 * from a copy of its keyed state. Nothing is allocated per packet.
 */
#include "keepalived/vrrp/proto/vrrp_ah.h"

#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/md5.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

/* Offsets in the IPv4 header. */
#define IP_OFF_TOS 1
#define IP_OFF_TOTLEN 2
#define IP_OFF_ID 4
#define IP_OFF_FRAG 6
#define IP_OFF_TTL 8
#define IP_OFF_PROTO 9
#define IP_OFF_CSUM 10
#define IP_OFF_SRC 12
#define IP_OFF_DST 16
#define IP_HDR_MAX 60

/* Offsets in the AH header (RFC 2402 2). */
#define AH_OFF_NEXT 0
#define AH_OFF_LEN 1
#define AH_OFF_SPI 4
#define AH_OFF_SEQ 8
#define AH_OFF_ICV 12
/* Payload length: the AH length in 32-bit words minus 2 (RFC 2402 2.2). */
#define AH_PAYLOAD_LEN (VRRP_AH_HDR_LEN / 4 - 2)

struct vrrp_ah {
	struct md5_hmac hmac;
};

/* clang-format off */
static const char *const drop_names[VRRP_AH_DROP_COUNT_] = {
	[VRRP_AH_DROP_NONE] = "none",
	[VRRP_AH_DROP_SHORT] = "ah_short",
	[VRRP_AH_DROP_IP_HEADER] = "ah_ip_header",
	[VRRP_AH_DROP_FORMAT] = "ah_format",
	[VRRP_AH_DROP_ICV] = "ah_icv",
	[VRRP_AH_DROP_SPI] = "ah_spi",
	[VRRP_AH_DROP_REPLAY] = "ah_replay",
	[VRRP_AH_DROP_MISSING] = "ah_missing",
};
/* clang-format on */

const char *
vrrp_ah_drop_name(enum vrrp_ah_drop reason)
{
	if ((unsigned)reason >= VRRP_AH_DROP_COUNT_)
		return "unknown";
	return drop_names[reason];
}

static void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Set-up ------------------------------------------------------------------- */

struct vrrp_ah *
vrrp_ah_new(const uint8_t key[VRRP_AH_KEY_LEN])
{
	struct vrrp_ah *ah;

	if ((ah = calloc(1, sizeof(*ah))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	md5_hmac_init(&ah->hmac, key, VRRP_AH_KEY_LEN);
	return ah;
}

void
vrrp_ah_free(struct vrrp_ah *ah)
{
	if (ah == NULL)
		return;
	/* The keyed states give the key away. */
	md5_hmac_clear(&ah->hmac);
	free(ah);
}

/* Sequence numbers --------------------------------------------------------- */

void
vrrp_ah_seq_next(struct vrrp_ah_seq *s, struct vrrp_ah_tx *tx)
{
	/* keepalived stops at VRRP_AH_SEQ_MAX and repeats it rather than wrap
	 * to numbers every receiver would take for replays. At one advert a
	 * second that is 136 years away. */
	if (s->seq >= VRRP_AH_SEQ_MAX)
		s->exhausted = true;
	else
		s->seq++;
	/* Linux fills in an identification of 0 itself, after our ICV. */
	if (++s->ip_id == 0)
		s->ip_id = 1;
	tx->seq = s->seq;
	tx->ip_id = s->ip_id;
}

void
vrrp_ah_seq_become_master(struct vrrp_ah_seq *s)
{
	if (s->exhausted) {
		s->exhausted = false;
		s->seq = 0;
	}
}

/* ICV ---------------------------------------------------------------------- */

/*
 * HMAC-MD5-96 of the three parts the ICV covers: the IP header as the
 * receiver sees it with the mutable fields zeroed, the AH header with its
 * ICV zeroed, and the VRRP message.
 */
static void
ah_icv(const struct vrrp_ah *ah, const uint8_t *ip, size_t ihl, const uint8_t *ahdr,
       const uint8_t *vrrp, size_t vrrp_len, uint8_t icv[VRRP_AH_ICV_LEN])
{
	struct md5 m;
	uint8_t md[MD5_LEN];

	md5_hmac_start(&ah->hmac, &m);
	md5_update(&m, ip, ihl);
	md5_update(&m, ahdr, VRRP_AH_HDR_LEN);
	md5_update(&m, vrrp, vrrp_len);
	md5_hmac_final(&ah->hmac, &m, md);
	memcpy(icv, md, VRRP_AH_ICV_LEN);
	explicit_bzero(md, sizeof(md));
}

/* Compare in constant time: a timing difference would let a forger find the
 * ICV byte by byte. */
static bool
icv_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;

	for (size_t i = 0; i < VRRP_AH_ICV_LEN; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);
	return diff == 0;
}

/* RFC 2402 3.3.3.1.1.1: TOS, flags and fragment offset, and the header
 * checksum change in transit; keepalived also counts the TTL as mutable
 * when it talks to unicast peers (they may be routers away). */
static void
zero_mutable(uint8_t *ip, bool unicast)
{
	ip[IP_OFF_TOS] = 0;
	ip[IP_OFF_FRAG] = ip[IP_OFF_FRAG + 1] = 0;
	ip[IP_OFF_CSUM] = ip[IP_OFF_CSUM + 1] = 0;
	if (unicast)
		ip[IP_OFF_TTL] = 0;
}

/* Building ----------------------------------------------------------------- */

int
vrrp_ah_build(struct vrrp_ah *ah, const struct vrrp_ah_tx *tx, const uint8_t *vrrp, size_t vrrp_len,
	      uint8_t *out, size_t out_size)
{
	uint8_t ip_icv[VRRP_AH_IP_HDR_LEN], icv[VRRP_AH_ICV_LEN];
	uint8_t *ip = out, *ahdr = out + VRRP_AH_IP_HDR_LEN;
	size_t total = VRRP_AH_OVERHEAD + vrrp_len;
	uint16_t csum;

	if (total > out_size || total > 0xffff)
		return -1;

	/* First, in case the codec built the message in place in out. */
	memmove(out + VRRP_AH_OVERHEAD, vrrp, vrrp_len);
	memset(out, 0, VRRP_AH_OVERHEAD);
	ip[0] = 0x45; /* version 4, 5 words, no options */
	ip[IP_OFF_TOS] = VRRP_AH_IP_TOS;
	put_be16(ip + IP_OFF_TOTLEN, (uint16_t)total);
	put_be16(ip + IP_OFF_ID, tx->ip_id);
	ip[IP_OFF_TTL] = tx->ttl;
	ip[IP_OFF_PROTO] = VRRP_AH_IPPROTO;
	memcpy(ip + IP_OFF_SRC, &tx->src, 4);
	memcpy(ip + IP_OFF_DST, &tx->dst, 4);

	ahdr[AH_OFF_NEXT] = VRRP_IPPROTO;
	ahdr[AH_OFF_LEN] = AH_PAYLOAD_LEN;
	/* The SPI is the source address, in network order as it stands. */
	memcpy(ahdr + AH_OFF_SPI, &tx->src, 4);
	put_be32(ahdr + AH_OFF_SEQ, tx->seq);

	memcpy(ip_icv, ip, sizeof(ip_icv));
	zero_mutable(ip_icv, tx->unicast);
	ah_icv(ah, ip_icv, sizeof(ip_icv), ahdr, out + VRRP_AH_OVERHEAD, vrrp_len, icv);
	memcpy(ahdr + AH_OFF_ICV, icv, sizeof(icv));

	/* Linux computes it again for IP_HDRINCL; filled in here so that the
	 * datagram is the wire's, which the golden test compares. */
	csum = vrrp_csum_fold(vrrp_csum_partial(ip, VRRP_AH_IP_HDR_LEN, 0));
	memcpy(ip + IP_OFF_CSUM, &csum, sizeof(csum));
	return (int)total;
}

/* Verifying ---------------------------------------------------------------- */

enum vrrp_ah_drop
vrrp_ah_verify(struct vrrp_ah *ah, const uint8_t *dgram, size_t len, bool unicast,
	       struct vrrp_ah_seq *seq, struct vrrp_ah_rx *rx)
{
	uint8_t ip_icv[IP_HDR_MAX], ah_icv_copy[VRRP_AH_HDR_LEN], icv[VRRP_AH_ICV_LEN];
	const uint8_t *ahdr;
	size_t ihl;
	uint32_t n;

	if (len < VRRP_AH_IP_HDR_LEN)
		return VRRP_AH_DROP_SHORT;
	ihl = (size_t)(dgram[0] & 0x0f) * 4;
	if (dgram[0] >> 4 != 4 || ihl < VRRP_AH_IP_HDR_LEN ||
	    dgram[IP_OFF_PROTO] != VRRP_AH_IPPROTO)
		return VRRP_AH_DROP_IP_HEADER;
	if (len < ihl + VRRP_AH_HDR_LEN + VRRP_HDR_LEN)
		return VRRP_AH_DROP_SHORT;
	ahdr = dgram + ihl;
	/* Only the 96-bit ICV of HMAC-MD5-96, in front of VRRP, is spoken. */
	if (ahdr[AH_OFF_LEN] != AH_PAYLOAD_LEN || ahdr[AH_OFF_NEXT] != VRRP_IPPROTO)
		return VRRP_AH_DROP_FORMAT;

	/* Nothing in the datagram is trusted before the ICV matches. IP
	 * options, if any, are covered as they arrived, as keepalived does. */
	memcpy(ip_icv, dgram, ihl);
	zero_mutable(ip_icv, unicast);
	memcpy(ah_icv_copy, ahdr, sizeof(ah_icv_copy));
	memset(ah_icv_copy + AH_OFF_ICV, 0, VRRP_AH_ICV_LEN);
	ah_icv(ah, ip_icv, ihl, ah_icv_copy, ahdr + VRRP_AH_HDR_LEN, len - ihl - VRRP_AH_HDR_LEN,
	       icv);
	if (!icv_equal(icv, ahdr + AH_OFF_ICV))
		return VRRP_AH_DROP_ICV;

	if (memcmp(ahdr + AH_OFF_SPI, dgram + IP_OFF_SRC, 4) != 0)
		return VRRP_AH_DROP_SPI;

	/* Anti-replay the keepalived way: a single high-water mark shared with
	 * what we send, no window. Equal is a replay too. */
	n = get_be32(ahdr + AH_OFF_SEQ);
	if (n <= seq->seq)
		return VRRP_AH_DROP_REPLAY;
	seq->seq = n;
	/* keepalived clears its "cycled" flag on such an advert in Backup;
	 * an instance that accepts one is, or is about to be, a Backup. */
	seq->exhausted = false;

	rx->vrrp = ahdr + VRRP_AH_HDR_LEN;
	rx->vrrp_len = len - ihl - VRRP_AH_HDR_LEN;
	rx->seq = n;
	return VRRP_AH_DROP_NONE;
}
