/*
 * The IPv4/IPv6 header in front of a VRRP payload (vrrp_frame.h).
 * Field for field what Linux writes on a raw socket: the caller chooses the
 * values the kernel would (TTL, TOS, DF, an identification that counts up,
 * the flow label), this file only lays them out.
 */
#include "keepalived/vrrp/kernel/vrrp_frame.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40
#define IPV4_DF 0x4000

bool
vrrp_frame_mcast_mac(int family, const union vrrp_addr *dst, uint8_t mac[VRRP_FRAME_MAC_LEN])
{
	if (family == AF_INET) {
		const uint8_t *a = (const uint8_t *)&dst->v4;

		if ((a[0] & 0xf0) != 0xe0)
			return false;
		mac[0] = 0x01;
		mac[1] = 0x00;
		mac[2] = 0x5e;
		mac[3] = a[1] & 0x7f;
		mac[4] = a[2];
		mac[5] = a[3];
		return true;
	}
	if (family == AF_INET6) {
		if (dst->v6.s6_addr[0] != 0xff)
			return false;
		mac[0] = 0x33;
		mac[1] = 0x33;
		memcpy(mac + 2, &dst->v6.s6_addr[12], 4);
		return true;
	}
	return false;
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
frame_ipv4(uint8_t *h, const struct vrrp_frame_ip *ip, size_t len)
{
	uint16_t csum;

	h[0] = 0x45; /* version 4, no options */
	h[1] = ip->tos;
	put16(h + 2, (unsigned)(IPV4_HDR_LEN + len));
	put16(h + 4, ip->id);
	put16(h + 6, ip->df ? IPV4_DF : 0);
	h[8] = ip->ttl;
	h[9] = ip->proto;
	h[10] = h[11] = 0;
	memcpy(h + 12, &ip->src->v4, 4);
	memcpy(h + 16, &ip->dst->v4, 4);
	/* RFC 1071 over the header, its checksum field zero; in memory order (vrrp_packet.h). */
	csum = vrrp_csum_fold(vrrp_csum_partial(h, IPV4_HDR_LEN, 0));
	memcpy(h + 10, &csum, sizeof(csum));
}

static void
frame_ipv6(uint8_t *h, const struct vrrp_frame_ip *ip, size_t len)
{
	uint32_t vtf = 6u << 28 | (uint32_t)ip->tos << 20 | (ip->flowlabel & 0xfffff);

	put16(h, vtf >> 16);
	put16(h + 2, vtf & 0xffff);
	put16(h + 4, (unsigned)len);
	h[6] = ip->proto;
	h[7] = ip->ttl;
	memcpy(h + 8, &ip->src->v6, 16);
	memcpy(h + 24, &ip->dst->v6, 16);
}

size_t
vrrp_frame_build(uint8_t *out, size_t cap, const struct vrrp_frame_ip *ip, const void *payload,
		 size_t len, uint8_t mac[VRRP_FRAME_MAC_LEN])
{
	size_t iplen = ip->family == AF_INET ? IPV4_HDR_LEN : IPV6_HDR_LEN;

	if (iplen + len > cap || len > 0xffff - IPV4_HDR_LEN ||
	    !vrrp_frame_mcast_mac(ip->family, ip->dst, mac))
		return 0;
	if (ip->family == AF_INET)
		frame_ipv4(out, ip, len);
	else
		frame_ipv6(out, ip, len);
	memcpy(out + iplen, payload, len);
	return iplen + len;
}
