/*
 * IPsec AH authentication of VRRPv2 adverts (auth_type AH), as keepalived
 * 2.2.7 puts it on the wire: an IPv4 header with protocol 51, an RFC 2402
 * Authentication Header, then the VRRP message (auth type 2, auth data
 * zero). No security association is negotiated; both ends derive it:
 *
 *  - SPI: the sender's IPv4 source address, as the receiver checks;
 *  - ICV: HMAC-MD5 truncated to 96 bits (RFC 2403), keyed with auth_pass
 *    zero padded to 8 bytes, over the IPv4 header with TOS, flags/fragment
 *    offset and header checksum zeroed (TTL too for unicast peers, since
 *    routers change it), the AH header with the ICV zeroed, and the VRRP
 *    message;
 *  - sequence number: one counter per instance for sending and receiving
 *    alike (struct vrrp_ah_seq). A received advert must carry a number above
 *    it and raises it; a master sends the counter plus one. A router that
 *    takes over therefore continues above the old master's numbers, and one
 *    that restarts (from 0) is ignored until it has heard a higher number.
 *
 * The functions are pure apart from the keyed HMAC state in struct vrrp_ah,
 * made once per instance: no syscalls, no allocation by this module per
 * packet. The HMAC-MD5 is lib/md5.h's.
 */
#ifndef VRRP_AH_H
#define VRRP_AH_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_AH_IPPROTO 51
#define VRRP_AH_HDR_LEN 24 /* next header, length, reserved, SPI, sequence, ICV */
#define VRRP_AH_ICV_LEN 12 /* HMAC-MD5-96 */
#define VRRP_AH_KEY_LEN 8  /* auth_pass, zero padded */
#define VRRP_AH_IP_HDR_LEN 20
/* Bytes an AH advert adds in front of the VRRP message. */
#define VRRP_AH_OVERHEAD (VRRP_AH_IP_HDR_LEN + VRRP_AH_HDR_LEN)
/* keepalived sends "internetwork control" (not covered by the ICV). */
#define VRRP_AH_IP_TOS 0xc0
/* The highest sequence number keepalived sends; it then stops counting. */
#define VRRP_AH_SEQ_MAX 0xfffffffeU

/* The HMAC-MD5 state of one key, created once. */
struct vrrp_ah;

/* Why vrrp_ah_verify() refused a datagram. */
enum vrrp_ah_drop {
	VRRP_AH_DROP_NONE = 0,
	VRRP_AH_DROP_SHORT,     /* shorter than IPv4 + AH + VRRP header */
	VRRP_AH_DROP_IP_HEADER, /* not IPv4, bad header length, protocol not 51 */
	VRRP_AH_DROP_FORMAT,    /* AH length not 96-bit ICV, next header not 112 */
	VRRP_AH_DROP_ICV,       /* HMAC mismatch: wrong auth_pass or altered */
	VRRP_AH_DROP_SPI,       /* SPI is not the source address */
	VRRP_AH_DROP_REPLAY,    /* sequence number not above the counter */
	/* A plain protocol-112 advert (no AH header) for an auth_type AH
	 * instance: counted by the instance, never verified here. */
	VRRP_AH_DROP_MISSING,
	VRRP_AH_DROP_COUNT_
};

/* Stable snake_case name of a drop reason, for logs and stats. */
const char *vrrp_ah_drop_name(enum vrrp_ah_drop reason);

/*
 * keepalived's per-instance counters; zero at start-up (keepalived keeps
 * nothing across a restart). seq is the highest sequence number sent or
 * accepted, ip_id the last IPv4 identification sent.
 */
struct vrrp_ah_seq {
	uint32_t seq;
	bool exhausted; /* seq reached VRRP_AH_SEQ_MAX: a master must give up */
	uint16_t ip_id;
};

/* What an AH advert is built from. */
struct vrrp_ah_tx {
	struct in_addr src; /* also the SPI */
	struct in_addr dst; /* 224.0.0.18 or the unicast peer */
	uint8_t ttl;
	uint16_t ip_id; /* not 0: Linux would replace a 0 after the ICV is made */
	uint32_t seq;
	bool unicast; /* leave the TTL out of the ICV, as keepalived does */
};

/* What vrrp_ah_verify() found in an accepted datagram. */
struct vrrp_ah_rx {
	const uint8_t *vrrp; /* the VRRP message, inside the datagram */
	size_t vrrp_len;
	uint32_t seq;
};

/*
 * Key a new HMAC-MD5 state with auth_pass (VRRP_AH_KEY_LEN bytes, zero
 * padded, as vrrp_instance_conf stores it). Returns NULL if OpenSSL cannot
 * provide HMAC-MD5 (logged).
 */
struct vrrp_ah *vrrp_ah_new(const uint8_t key[VRRP_AH_KEY_LEN]);
void vrrp_ah_free(struct vrrp_ah *ah);

/*
 * The sequence number and IP identification of the next advert, as
 * keepalived counts: both start at 1; the identification skips 0; the
 * sequence number stops at VRRP_AH_SEQ_MAX and sets exhausted. Every
 * advert takes one, priority 0 included; with several unicast peers the
 * copies of one advert share them (build each with its own dst).
 */
void vrrp_ah_seq_next(struct vrrp_ah_seq *s, struct vrrp_ah_tx *tx);

/*
 * Call when the instance becomes master: an exhausted counter starts again
 * from 0 (keepalived's "reset the anti-replay"), otherwise nothing changes.
 */
void vrrp_ah_seq_become_master(struct vrrp_ah_seq *s);

/*
 * Build the whole IPv4 datagram of an AH advert into out (out_size bytes):
 * IPv4 header (TOS 0xc0, no DF, protocol 51, header checksum filled in),
 * AH header with its ICV, then the vrrp_len bytes of the VRRP message the
 * codec built (vrrp_pkt_build() with auth_type AH; it may already lie at
 * out + VRRP_AH_OVERHEAD). The result is what goes
 * on the wire, byte for byte; send it with vrrp_sock_send_dgram().
 * Returns the datagram length, or -1 if out is too small or the message too
 * long (out: unchanged or partly written).
 */
int vrrp_ah_build(struct vrrp_ah *ah, const struct vrrp_ah_tx *tx, const uint8_t *vrrp,
		  size_t vrrp_len, uint8_t *out, size_t out_size);

/*
 * Check a received IPv4 datagram (header included, len bytes as the kernel
 * delivered it) as keepalived does, in its order: the ICV (constant time),
 * then the SPI, then the sequence number against *seq, which an accepted
 * datagram raises. unicast: the instance has unicast peers (TTL left out).
 * On success fills *rx; the VRRP message still has to go through
 * vrrp_pkt_decode() and vrrp_pkt_check(). *seq changes only on success:
 * seq->seq becomes the received number and exhausted is cleared.
 */
enum vrrp_ah_drop vrrp_ah_verify(struct vrrp_ah *ah, const uint8_t *dgram, size_t len, bool unicast,
				 struct vrrp_ah_seq *seq, struct vrrp_ah_rx *rx);

#endif
