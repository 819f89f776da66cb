/*
 * Unit tests of the pure parts of the VRRP I/O layer: the GARP and NA frame
 * builders (every byte, against frames captured from keepalived 2.2.7 on a
 * veth pair, and the ICMPv6 checksum recomputed here independently), and the
 * IP-level checks of the raw socket receive path.
 */
#define _GNU_SOURCE /* struct in6_pktinfo */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

static const uint8_t mac_a[6] = { 0xaa, 0x30, 0x36, 0x2b, 0xb6, 0x78 };
static const uint8_t mac_b[6] = { 0xca, 0xd0, 0xae, 0x67, 0x73, 0x45 };

/* keepalived 2.2.7, VIP 198.18.0.100 on an interface with MAC mac_a. */
/* clang-format off */
static const uint8_t ka_garp[VRRP_ARP_GARP_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa, 0x30, 0x36, 0x2b, 0xb6, 0x78, 0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0xaa, 0x30, 0x36, 0x2b, 0xb6, 0x78,
	0xc6, 0x12, 0x00, 0x64, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc6, 0x12, 0x00, 0x64,
};
/* clang-format on */

/* keepalived 2.2.7, VIP fd00::100 (also the source), IPv6 forwarding off. */
/* clang-format off */
static const uint8_t ka_na[VRRP_ARP_NA_LEN] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0xaa, 0x30, 0x36, 0x2b, 0xb6, 0x78, 0x86, 0xdd,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff,
	0xfd, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01,
	0x88, 0x00, 0xc3, 0xc9, 0x20, 0x00, 0x00, 0x00,
	0xfd, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,
	0x02, 0x01, 0xaa, 0x30, 0x36, 0x2b, 0xb6, 0x78,
};
/* clang-format on */

/*
 * keepalived 2.2.7's NA for the same VIP with IPv6 forwarding on and MAC
 * mac_b: the frame above but for the two MACs, the Router flag and the
 * ICMPv6 checksum it captured with.
 */
static void
ka_na_router(uint8_t frame[VRRP_ARP_NA_LEN])
{
	memcpy(frame, ka_na, VRRP_ARP_NA_LEN);
	memcpy(frame + 6, mac_b, 6); /* Ethernet source */
	frame[54 + 2] = 0xee;        /* checksum */
	frame[54 + 3] = 0x1f;
	frame[54 + 4] = 0xa0;         /* R and O */
	memcpy(frame + 80, mac_b, 6); /* Target Link-Layer Address option */
}

static struct in6_addr
addr6(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/*
 * RFC 1071 the slow way, 16-bit big-endian words, written independently of
 * the code under test: returns the folded sum, 0xffff when a message that
 * includes its checksum is correct.
 */
static uint16_t
ref_icmp6_sum(const uint8_t *ip6, const uint8_t *icmp, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 8; i < 40; i += 2) /* source and destination */
		sum += (uint32_t)ip6[i] << 8 | ip6[i + 1];
	sum += (uint32_t)len;  /* upper-layer length (fits in 16 bits here) */
	sum += IPPROTO_ICMPV6; /* next header */
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)icmp[i] << 8 | icmp[i + 1];
	if (len & 1)
		sum += (uint32_t)icmp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* GARP ----------------------------------------------------------------------- */

static void
garp_matches_keepalived(void **state)
{
	uint8_t frame[64];
	struct in_addr vip;

	memset(frame, 0x5a, sizeof(frame));
	assert_int_equal(inet_pton(AF_INET, "198.18.0.100", &vip), 1);
	assert_int_equal(vrrp_arp_build_garp(frame, sizeof(frame), mac_a, vip), VRRP_ARP_GARP_LEN);
	assert_memory_equal(frame, ka_garp, sizeof(ka_garp));
	/* Nothing written past the frame. */
	assert_int_equal(frame[VRRP_ARP_GARP_LEN], 0x5a);
}

static void
garp_fields(void **state)
{
	uint8_t frame[VRRP_ARP_GARP_LEN];
	struct in_addr vip;

	assert_int_equal(inet_pton(AF_INET, "198.19.255.1", &vip), 1);
	assert_int_equal(vrrp_arp_build_garp(frame, sizeof(frame), mac_b, vip), sizeof(frame));
	assert_memory_equal(frame, "\xff\xff\xff\xff\xff\xff", 6); /* broadcast */
	assert_memory_equal(frame + 6, mac_b, 6);
	assert_memory_equal(frame + 12, "\x08\x06", 2); /* ARP */
	assert_memory_equal(frame + 14, "\x00\x01\x08\x00\x06\x04", 6);
	assert_memory_equal(frame + 20, "\x00\x01", 2); /* request */
	assert_memory_equal(frame + 22, mac_b, 6);      /* sender HW */
	assert_memory_equal(frame + 28, &vip, 4);       /* sender IP */
	assert_memory_equal(frame + 32, "\xff\xff\xff\xff\xff\xff", 6);
	assert_memory_equal(frame + 38, &vip, 4); /* target IP */
}

static void
garp_short_buffer(void **state)
{
	uint8_t frame[VRRP_ARP_GARP_LEN - 1];
	struct in_addr vip = { htonl(0xc6120064) };

	memset(frame, 0x5a, sizeof(frame));
	assert_int_equal(vrrp_arp_build_garp(frame, sizeof(frame), mac_a, vip), 0);
	assert_int_equal(frame[0], 0x5a);
}

/* NA -------------------------------------------------------------------------- */

static void
na_matches_keepalived(void **state)
{
	struct in6_addr vip = addr6("fd00::100");
	uint8_t frame[128];

	memset(frame, 0x5a, sizeof(frame));
	assert_int_equal(vrrp_arp_build_na(frame, sizeof(frame), mac_a, &vip, &vip, false),
			 VRRP_ARP_NA_LEN);
	assert_memory_equal(frame, ka_na, sizeof(ka_na));
	assert_int_equal(frame[VRRP_ARP_NA_LEN], 0x5a);
}

static void
na_router_matches_keepalived(void **state)
{
	struct in6_addr vip = addr6("fd00::100");
	uint8_t frame[VRRP_ARP_NA_LEN], want[VRRP_ARP_NA_LEN];

	ka_na_router(want);
	assert_int_equal(vrrp_arp_build_na(frame, sizeof(frame), mac_b, &vip, &vip, true),
			 VRRP_ARP_NA_LEN);
	assert_memory_equal(frame, want, sizeof(want));
}

/* Link-local source (the RFC 5798 choice), every field and the checksum. */
static void
na_link_local_source(void **state)
{
	struct in6_addr src = addr6("fe80::a830:36ff:fe2b:b678");
	struct in6_addr vip = addr6("fd00:1234::5");
	uint8_t frame[VRRP_ARP_NA_LEN];
	const uint8_t *ip6 = frame + 14, *icmp = frame + 54;

	assert_int_equal(vrrp_arp_build_na(frame, sizeof(frame), mac_a, &src, &vip, false),
			 VRRP_ARP_NA_LEN);
	assert_memory_equal(frame, "\x33\x33\x00\x00\x00\x01", 6);
	assert_memory_equal(frame + 6, mac_a, 6);
	assert_memory_equal(frame + 12, "\x86\xdd", 2);
	assert_memory_equal(ip6, "\x60\x00\x00\x00", 4); /* version, class, flow */
	assert_memory_equal(ip6 + 4, "\x00\x20", 2);     /* payload length 32 */
	assert_int_equal(ip6[6], 58);                    /* ICMPv6 */
	assert_int_equal(ip6[7], 255);                   /* hop limit */
	assert_memory_equal(ip6 + 8, &src, 16);
	assert_memory_equal(ip6 + 24, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	assert_int_equal(icmp[0], 136);  /* NA */
	assert_int_equal(icmp[1], 0);    /* code */
	assert_int_equal(icmp[4], 0x20); /* O only: not R, not S */
	assert_memory_equal(icmp + 5, "\0\0\0", 3);
	assert_memory_equal(icmp + 8, &vip, 16); /* target */
	assert_int_equal(icmp[24], 2);           /* Target Link-Layer Address */
	assert_int_equal(icmp[25], 1);
	assert_memory_equal(icmp + 26, mac_a, 6);
	assert_int_equal(ref_icmp6_sum(ip6, icmp, 32), 0xffff);

	/* The checksum covers the source: change it and the sum breaks. */
	frame[14 + 8 + 15] ^= 1;
	assert_int_not_equal(ref_icmp6_sum(ip6, icmp, 32), 0xffff);
}

static void
na_router_flag_and_checksum(void **state)
{
	struct in6_addr src = addr6("fe80::1");
	struct in6_addr vip = addr6("fd00::1:2");
	uint8_t off[VRRP_ARP_NA_LEN], on[VRRP_ARP_NA_LEN];

	assert_int_equal(vrrp_arp_build_na(off, sizeof(off), mac_b, &src, &vip, false),
			 sizeof(off));
	assert_int_equal(vrrp_arp_build_na(on, sizeof(on), mac_b, &src, &vip, true), sizeof(on));
	assert_int_equal(off[54 + 4], 0x20);
	assert_int_equal(on[54 + 4], 0xa0);
	assert_int_equal(ref_icmp6_sum(off + 14, off + 54, 32), 0xffff);
	assert_int_equal(ref_icmp6_sum(on + 14, on + 54, 32), 0xffff);
	/* Only the flag byte and the checksum differ. */
	for (size_t i = 0; i < sizeof(on); i++)
		if (i != 54 + 2 && i != 54 + 3 && i != 54 + 4)
			assert_int_equal(on[i], off[i]);
}

static void
na_short_buffer(void **state)
{
	struct in6_addr a = addr6("fe80::1");
	uint8_t frame[VRRP_ARP_NA_LEN - 1];

	memset(frame, 0x5a, sizeof(frame));
	assert_int_equal(vrrp_arp_build_na(frame, sizeof(frame), mac_a, &a, &a, false), 0);
	assert_int_equal(frame[0], 0x5a);
}

static void
forwarding_rejects_bad_names(void **state)
{
	assert_int_equal(vrrp_arp_ipv6_forwarding(""), -1);
	assert_int_equal(vrrp_arp_ipv6_forwarding(".."), -1);
	assert_int_equal(vrrp_arp_ipv6_forwarding("../../../../etc/passwd"), -1);
	assert_int_equal(vrrp_arp_ipv6_forwarding("no-such-if0"), -1);
	assert_int_equal(vrrp_arp_ipv6_forwarding(NULL), -1);
	/* Every Linux host has lo: the sysctl reads as 0 or 1. */
	assert_in_range(vrrp_arp_ipv6_forwarding("lo"), 0, 1);
}

/* IPv4 header checks ------------------------------------------------------------ */

/* A VRRP datagram as an IPv4 raw socket delivers it: 20-byte header + 8. */
static void
make_ipv4(uint8_t *d, size_t *len)
{
	/* clang-format off */
	static const uint8_t hdr[20] = {
		0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0xff, 112, 0x00, 0x00,
		198, 18, 0, 1, 224, 0, 0, 18,
	};
	/* clang-format on */

	memcpy(d, hdr, sizeof(hdr));
	memcpy(d + 20, "\x31\x33\x64\x01\x00\x64\xab\xcd", 8);
	*len = 28;
}

static void
ipv4_good(void **state)
{
	struct vrrp_pkt_meta meta;
	const uint8_t *payload = NULL;
	size_t plen = 0, len;
	uint8_t d[64];

	make_ipv4(d, &len);
	assert_int_equal(vrrp_sock_parse_ipv4(d, len, &meta, &payload, &plen), VRRP_SOCK_DROP_NONE);
	assert_int_equal(meta.family, AF_INET);
	assert_int_equal(meta.ttl, 255);
	assert_true(meta.multicast);
	assert_int_equal(meta.src.v4.s_addr, htonl(0xc6120001));
	assert_int_equal(meta.dst.v4.s_addr, htonl(0xe0000012));
	assert_ptr_equal(payload, d + 20);
	assert_int_equal(plen, 8);

	/* A unicast destination and another TTL pass through unchanged. */
	d[8] = 64;
	memcpy(d + 16, "\xc6\x12\x00\x02", 4);
	assert_int_equal(vrrp_sock_parse_ipv4(d, len, &meta, &payload, &plen), VRRP_SOCK_DROP_NONE);
	assert_false(meta.multicast);
	assert_int_equal(meta.ttl, 64);
	assert_int_equal(meta.dst.v4.s_addr, htonl(0xc6120002));
}

static void
ipv4_options(void **state)
{
	struct vrrp_pkt_meta meta;
	const uint8_t *payload;
	size_t plen, len;
	uint8_t d[64];

	/* IHL 6: a 4-byte option (router alert) before the payload. */
	make_ipv4(d, &len);
	memmove(d + 24, d + 20, 8);
	memcpy(d + 20, "\x94\x04\x00\x00", 4);
	d[0] = 0x46;
	d[3] = 32;
	len = 32;
	assert_int_equal(vrrp_sock_parse_ipv4(d, len, &meta, &payload, &plen), VRRP_SOCK_DROP_NONE);
	assert_ptr_equal(payload, d + 24);
	assert_int_equal(plen, 8);
	assert_int_equal(payload[0], 0x31);
}

static void
ipv4_drops(void **state)
{
	/* make_ipv4()'s datagram with one byte changed, len bytes of it received. */
	/* clang-format off */
	static const struct {
		size_t at;
		uint8_t value;
		size_t len;
		enum vrrp_sock_drop want;
	} cases[] = {
		{ 0, 0x45, 19, VRRP_SOCK_DROP_IP_SHORT },   /* unchanged, but cut */
		{ 0, 0x65, 28, VRRP_SOCK_DROP_IP_VERSION },
		{ 0, 0x44, 28, VRRP_SOCK_DROP_IP_HLEN },    /* IHL 4 */
		{ 0, 0x48, 28, VRRP_SOCK_DROP_IP_HLEN },
		  /* 32-byte header in a 28-byte datagram */
		{ 3, 29, 28, VRRP_SOCK_DROP_IP_LENGTH },    /* longer than what arrived */
		{ 3, 27, 28, VRRP_SOCK_DROP_IP_LENGTH },
		  /* shorter: trailing bytes are not ours to trust */
		{ 9, 51, 28, VRRP_SOCK_DROP_IP_PROTO },     /* AH */
	};
	/* clang-format on */
	struct vrrp_pkt_meta meta;
	const uint8_t *payload;
	size_t plen, len, i;
	uint8_t d[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_ipv4(d, &len);
		assert_int_equal(len, 28);
		d[cases[i].at] = cases[i].value;
		assert_int_equal(vrrp_sock_parse_ipv4(d, cases[i].len, &meta, &payload, &plen),
				 cases[i].want);
	}
}

/* IPv6 ancillary data ----------------------------------------------------------- */

struct rx6 {
	struct msghdr msg;
	struct sockaddr_in6 from;
	union {
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
};

/* A received IPv6 datagram's msghdr with the chosen control messages. */
static void
make_rx6(struct rx6 *r, const char *dst, int hops)
{
	struct cmsghdr *c;
	size_t used = 0;

	memset(r, 0, sizeof(*r));
	r->from.sin6_family = AF_INET6;
	r->from.sin6_addr = addr6("fe80::a830:36ff:fe2b:b678");
	r->msg.msg_name = &r->from;
	r->msg.msg_namelen = sizeof(r->from);
	r->msg.msg_control = r->ctl.buf;
	r->msg.msg_controllen = sizeof(r->ctl.buf);
	c = CMSG_FIRSTHDR(&r->msg);
	if (dst != NULL) {
		struct in6_pktinfo pi = { .ipi6_addr = addr6(dst), .ipi6_ifindex = 7 };

		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		used += CMSG_SPACE(sizeof(pi));
		c = CMSG_NXTHDR(&r->msg, c);
	}
	if (hops >= 0) {
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_HOPLIMIT;
		c->cmsg_len = CMSG_LEN(sizeof(hops));
		memcpy(CMSG_DATA(c), &hops, sizeof(hops));
		used += CMSG_SPACE(sizeof(hops));
	}
	r->msg.msg_controllen = used;
	if (used == 0)
		r->msg.msg_control = NULL;
}

static void
ipv6_good(void **state)
{
	struct vrrp_pkt_meta meta;
	struct rx6 r;

	make_rx6(&r, "ff02::12", 255);
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NONE);
	assert_int_equal(meta.family, AF_INET6);
	assert_int_equal(meta.ttl, 255);
	assert_true(meta.multicast);
	assert_memory_equal(&meta.src.v6, &r.from.sin6_addr, 16);
	struct in6_addr grp = addr6("ff02::12");
	assert_memory_equal(&meta.dst.v6, &grp, 16);

	make_rx6(&r, "fd00::2", 1);
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NONE);
	assert_false(meta.multicast);
	assert_int_equal(meta.ttl, 1);

	/* ff02::1 is a multicast address but not the VRRP group. */
	make_rx6(&r, "ff02::1", 255);
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NONE);
	assert_false(meta.multicast);
}

static void
ipv6_drops(void **state)
{
	struct vrrp_pkt_meta meta;
	struct rx6 r;

	make_rx6(&r, "ff02::12", -1);
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NO_ANCILLARY);
	make_rx6(&r, NULL, 255);
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NO_ANCILLARY);
	make_rx6(&r, "ff02::12", 255);
	r.msg.msg_flags = MSG_CTRUNC;
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NO_ANCILLARY);
	make_rx6(&r, "ff02::12", 255);
	r.msg.msg_namelen = 0;
	assert_int_equal(vrrp_sock_parse_ipv6(&r.msg, &meta), VRRP_SOCK_DROP_NO_ANCILLARY);
}

static void
drop_names(void **state)
{
	for (int i = 0; i < VRRP_SOCK_DROP_COUNT_; i++) {
		const char *n = vrrp_sock_drop_name((enum vrrp_sock_drop)i);

		assert_non_null(n);
		assert_string_not_equal(n, "unknown");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(n, vrrp_sock_drop_name((enum vrrp_sock_drop)j));
	}
	assert_string_equal(vrrp_sock_drop_name(VRRP_SOCK_DROP_IP_PROTO), "ip_protocol");
	assert_string_equal(vrrp_sock_drop_name(VRRP_SOCK_DROP_COUNT_), "unknown");
}

static void
open_rejects_bad_arguments(void **state)
{
	errno = 0;
	assert_null(vrrp_sock_open(AF_UNIX, 1, "lo"));
	assert_int_equal(errno, EINVAL);
	assert_null(vrrp_sock_open(AF_INET, 0, "lo"));
	assert_null(vrrp_sock_open(AF_INET6, 1, NULL));
	assert_null(vrrp_sock_open(AF_INET, 1, "a-name-longer-than-ifnamsiz"));
	assert_null(vrrp_arp_open(0));
	vrrp_sock_close(NULL);
	vrrp_arp_close(NULL);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(garp_matches_keepalived),
		cmocka_unit_test(garp_fields),
		cmocka_unit_test(garp_short_buffer),
		cmocka_unit_test(na_matches_keepalived),
		cmocka_unit_test(na_router_matches_keepalived),
		cmocka_unit_test(na_link_local_source),
		cmocka_unit_test(na_router_flag_and_checksum),
		cmocka_unit_test(na_short_buffer),
		cmocka_unit_test(forwarding_rejects_bad_names),
		cmocka_unit_test(ipv4_good),
		cmocka_unit_test(ipv4_options),
		cmocka_unit_test(ipv4_drops),
		cmocka_unit_test(ipv6_good),
		cmocka_unit_test(ipv6_drops),
		cmocka_unit_test(drop_names),
		cmocka_unit_test(open_rejects_bad_arguments),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
