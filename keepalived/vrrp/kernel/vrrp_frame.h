/*
 * VRRP adverts sent on a packet socket (vrrp_net_tx.c): the IP header the
 * kernel would have put in front of the payload on the raw socket, and the
 * Ethernet destination of the group, so that the wire does not change (the
 * kernel writes the Ethernet header from these and the interface's own
 * address). Pure: no system calls, unit-tested against frames the kernel
 * built.
 */
#ifndef VRRP_FRAME_H
#define VRRP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

union vrrp_addr;

#define VRRP_FRAME_MAC_LEN 6
/* Largest header vrrp_frame_build() writes: IPv6's. */
#define VRRP_FRAME_HDR_MAX 40

/* What the raw socket would have put in the IP header. */
struct vrrp_frame_ip {
	int family; /* AF_INET or AF_INET6 */
	const union vrrp_addr *src;
	const union vrrp_addr *dst; /* a multicast group */
	uint8_t ttl;                /* TTL / hop limit */
	uint8_t tos;                /* IPv4 TOS / IPv6 traffic class */
	bool df;                    /* IPv4: don't fragment */
	uint16_t id;                /* IPv4 identification */
	uint32_t flowlabel;         /* IPv6, 20 bits */
	uint8_t proto;              /* IP protocol / next header */
};

/*
 * The Ethernet address of multicast group dst (RFC 1112 §6.4: 01:00:5e and
 * the low 23 bits; RFC 2464 §7: 33:33 and the low 32 bits) into mac.
 * Returns false if dst is not multicast.
 */
bool vrrp_frame_mcast_mac(int family, const union vrrp_addr *dst, uint8_t mac[VRRP_FRAME_MAC_LEN]);

/*
 * Write into out (cap bytes) the IP datagram carrying payload (len bytes,
 * e.g. a VRRP advert with its checksum) behind a header built from ip, the
 * IPv4 header checksum included. Returns the datagram's length, or 0 if it
 * does not fit in cap, the payload is larger than an IP datagram allows,
 * or dst is not multicast; the frame's destination MAC (dst's group) in mac.
 */
size_t vrrp_frame_build(uint8_t *out, size_t cap, const struct vrrp_frame_ip *ip,
			const void *payload, size_t len, uint8_t mac[VRRP_FRAME_MAC_LEN]);

#endif
