/*
 * VRRP advertisement codec: VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798/9568) for
 * IPv4 and IPv6. Pure: bytes and addresses in, decisions and bytes out, no
 * syscalls, no allocation. The buffers given here start at the VRRP header;
 * the I/O layer strips the IPv4 header and passes TTL/hop limit separately.
 *
 * Receive validation is split in two, in the RFC's order:
 *  vrrp_pkt_decode(): what needs no instance (TTL, version, type, length,
 *                     address count, checksum);
 *  vrrp_pkt_check():  what needs the instance the VRID selected (version,
 *                     owner, authentication, interval, v3 rules).
 * Each returns a vrrp_drop reason, VRRP_DROP_NONE when the packet is good.
 */
#ifndef VRRP_PACKET_H
#define VRRP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

#define VRRP_IPPROTO 112
#define VRRP_TYPE_ADVERT 1
#define VRRP_HDR_LEN 8
#define VRRP_AUTH_DATA_LEN 8
#define VRRP_TTL 255
#define VRRP_MAX_ADDRS 255
#define VRRP_PKT_MAX (VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16 + VRRP_AUTH_DATA_LEN)

/* Every reason a received packet can be dropped; each has a counter. */
enum vrrp_drop {
	VRRP_DROP_NONE = 0,
	VRRP_DROP_TTL,           /* TTL / hop limit != 255 */
	VRRP_DROP_VERSION,       /* not 2 or 3, or not the instance's version */
	VRRP_DROP_TYPE,          /* type != 1 */
	VRRP_DROP_SHORT,         /* shorter than the header or its addresses */
	VRRP_DROP_LENGTH,        /* length does not match the address count */
	VRRP_DROP_ZERO_COUNT,    /* address count 0 */
	VRRP_DROP_CHECKSUM,      /* bad checksum (in every accepted form) */
	VRRP_DROP_VRID,          /* no instance for this VRID */
	VRRP_DROP_OWNER,         /* we own the addresses (priority 255) */
	VRRP_DROP_AUTH_TYPE,     /* v2 auth type differs from ours */
	VRRP_DROP_AUTH,          /* v2 password differs */
	VRRP_DROP_INTERVAL,      /* v2 advert interval differs from ours */
	VRRP_DROP_ZERO_INTERVAL, /* v3 max advert interval 0 */
	VRRP_DROP_NOT_LINKLOCAL, /* v3 IPv6: first address not link-local */
	VRRP_DROP_FAMILY,        /* packet family differs from the instance's */
	VRRP_DROP_ADDR_LIST,     /* address list differs from the instance's (keepalived's check) */
	VRRP_DROP_COUNT_
};

/* Stable snake_case name for logs, stats and metrics ("ttl", "checksum"...). */
const char *vrrp_drop_name(enum vrrp_drop reason);

/* Which checksum form matched on receive. */
enum vrrp_csum_form {
	VRRP_CSUM_PLAIN = 0,  /* VRRP message only (v2, v3 IPv4 per RFC 9568) */
	VRRP_CSUM_PSEUDO = 1, /* with the IP pseudo-header (v3 IPv6; v3 IPv4 RFC 5798) */
};

/* What the I/O layer knows about a received packet. */
struct vrrp_pkt_meta {
	int family; /* AF_INET / AF_INET6 */
	union vrrp_addr src;
	union vrrp_addr dst;
	int ttl;        /* TTL or hop limit; -1 if unknown (not checked) */
	bool multicast; /* dst is the VRRP group: TTL must be 255 */
};

/* A decoded advertisement; pointers refer into the received buffer. */
struct vrrp_advert {
	uint8_t version;
	uint8_t type;
	uint8_t vrid;
	uint8_t priority;
	uint8_t naddr;
	uint8_t auth_type;     /* v2 only */
	uint16_t adver_int_cs; /* v2: seconds * 100; v3: the 12-bit field */
	uint16_t checksum;
	const uint8_t *addrs;     /* naddr * 4 or 16 bytes */
	const uint8_t *auth_data; /* v2: 8 bytes; v3: NULL */
	enum vrrp_csum_form csum_form;
};

/*
 * Generic checks and decoding. buf/len: the VRRP message exactly (the IP
 * payload per the IP length, without link-layer padding). Fills *adv as far
 * as the bytes allow, also on a drop (for the log line). Accepts both v3
 * IPv4 checksum forms and reports the one that matched in adv->csum_form;
 * meta->src/dst feed the pseudo-header.
 */
enum vrrp_drop vrrp_pkt_decode(const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *meta,
			       struct vrrp_advert *adv);

/*
 * Instance checks, after the VRID has selected conf. Sets *interval_mismatch
 * for a v3 interval that differs from ours (log, do not drop). The v3 IPv6
 * link-local rule is enforced only when conf's own first IPv6 VIP is
 * link-local (keepalived 2.2.7 lets a configuration start with a global VIP
 * and advertises it as is; see vrrp_packet.c).
 */
enum vrrp_drop vrrp_pkt_check(const struct vrrp_advert *adv, const struct vrrp_pkt_meta *meta,
			      const struct vrrp_instance_conf *conf, uint8_t local_priority,
			      bool *interval_mismatch);

/*
 * Advert to send, built once and patched when the priority changes. buf is
 * last: a holder may keep only VRRP_TXPKT_SIZE(len) bytes of it (the
 * functions below touch buf[0..len) only).
 */
struct vrrp_txpkt {
	size_t len;
	int family;
	uint8_t priority;
	uint8_t buf[VRRP_PKT_MAX];
};

#define VRRP_TXPKT_SIZE(len) (offsetof(struct vrrp_txpkt, buf) + (len))

/*
 * Build the advert of conf with the given priority: conf's VIPs of its
 * family in configuration order (at most 255). src/dst feed the
 * pseudo-header (dst: the group, or the unicast peer); they may be NULL when
 * no pseudo-header is used (v2, v3 IPv4 with v3_checksum_as_v2). Returns 0,
 * or -1 if the instance cannot be encoded (no addresses, bad family, v2 over
 * IPv6, interval out of the field's range, missing src/dst).
 */
int vrrp_pkt_build(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *conf, uint8_t priority,
		   const union vrrp_addr *src, const union vrrp_addr *dst);
/*
 * keepalived's advert address check: the advert carries as many addresses
 * as the instance's own advert would (conf: the one it is built from) and
 * each of those. Returns VRRP_DROP_NONE or VRRP_DROP_ADDR_LIST; *expected:
 * our count; *missing: our first address not in the advert (NULL when the
 * counts differ).
 */
enum vrrp_drop vrrp_pkt_check_addrs(const struct vrrp_advert *adv,
				    const struct vrrp_instance_conf *conf, size_t *expected,
				    const struct vrrp_vip **missing);
/* Change the priority, updating the checksum incrementally (RFC 1624). */
void vrrp_pkt_set_priority(struct vrrp_txpkt *tx, uint8_t priority);

/*
 * Internet checksum helpers (RFC 1071), exposed for the tests and ARP/ND.
 * Words are summed as they lie in memory (BSD convention), so the value
 * vrrp_csum_fold() returns is stored into a packet with memcpy, no htons.
 * vrrp_csum_partial() accumulates: pass the previous result as sum; every
 * chunk but the last must have an even length. vrrp_csum_fold() folds and
 * complements: it gives the checksum field to send, and 0 over a received
 * message whose checksum is correct. vrrp_csum_pseudo() is the partial sum
 * of the IPv4 or IPv6 pseudo-header with next header 112 and the given
 * upper-layer length.
 */
uint32_t vrrp_csum_partial(const void *data, size_t len, uint32_t sum);
uint16_t vrrp_csum_fold(uint32_t sum);
uint32_t vrrp_csum_pseudo(int family, const union vrrp_addr *src, const union vrrp_addr *dst,
			  uint32_t len);

#endif
