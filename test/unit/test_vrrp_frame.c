/*
 * Unit tests of the datagram builder of the packet-socket send path
 * (vrrp_frame.c): every byte against adverts the kernel framed itself on a
 * raw socket (captured on a veth pair, Linux 6.18), given the fields the
 * kernel chose (identification, flow label); the group's Ethernet address
 * against the captures' destination; refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/kernel/vrrp_frame.h"

/* The captures' Ethernet header: the destination, then the source (the kernel's), then the type. */
#define ETH_LEN 14

/* vrrp_frame_build()'s destination MAC. */
static uint8_t fmac[6];

/* Our raw socket's first advert: VRRPv3, VRID 7, priority 200, 198.19.0.7, id 0x1744, DF. */
/* clang-format off */
static const uint8_t kernel_v4[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0xf6, 0x0b, 0x52, 0xc8, 0xa5, 0xe6, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x20, 0x17, 0x44, 0x40, 0x00, 0xff, 0x70, 0xb4, 0x03,
	0xc6, 0x12, 0x0a, 0x01, 0xe0, 0x00, 0x00, 0x12,
	0x31, 0x07, 0xc8, 0x01, 0x00, 0x64, 0x8f, 0xd5, 0xc6, 0x13, 0x00, 0x07,
};
/* clang-format on */

/* A raw IPv6 socket, hop limit 255, source by IPV6_PKTINFO, flow label 0xf6554. */
/* clang-format off */
static const uint8_t kernel_v6[] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x12, 0xf6, 0x0b, 0x52, 0xc8, 0xa5, 0xe6, 0x86, 0xdd,
	0x60, 0x0f, 0x65, 0x54, 0x00, 0x18, 0x70, 0xff,
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xf4, 0x0b, 0x52, 0xff, 0xfe, 0xc8, 0xa5, 0xe6,
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x12,
	0x31, 0x07, 0xc8, 0x01, 0x00, 0x64, 0x12, 0x34,
	0xfd, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x07,
};
/* clang-format on */

static void
ipv4_as_kernel(void **state)
{
	union vrrp_addr src, dst;
	struct vrrp_frame_ip ip = { .family = AF_INET,
				    .src = &src,
				    .dst = &dst,
				    .ttl = 255,
				    .df = true,
				    .id = 0x1744,
				    .proto = 112 };
	uint8_t out[128];
	size_t n;

	(void)state;
	inet_pton(AF_INET, "198.18.10.1", &src.v4);
	inet_pton(AF_INET, "224.0.0.18", &dst.v4);
	n = vrrp_frame_build(out, sizeof(out), &ip, kernel_v4 + 34, sizeof(kernel_v4) - 34, fmac);
	assert_int_equal(n, sizeof(kernel_v4) - ETH_LEN);
	assert_memory_equal(fmac, kernel_v4, 6);
	assert_memory_equal(out, kernel_v4 + ETH_LEN, n);
	assert_true(vrrp_frame_mcast_mac(AF_INET, &dst, out));
	assert_memory_equal(out, kernel_v4, 6);
}

static void
ipv4_fields(void **state)
{
	union vrrp_addr src, dst;
	struct vrrp_frame_ip ip = { .family = AF_INET,
				    .src = &src,
				    .dst = &dst,
				    .ttl = 1,
				    .tos = 0xc0,
				    .df = false,
				    .id = 0xffff,
				    .proto = 112 };
	uint8_t out[128], pl[4] = { 1, 2, 3, 4 }, mac[6];
	/* 01:00:5e and the group's low 23 bits */
	static const uint8_t want_mac[6] = { 0x01, 0x00, 0x5e, 0x7f, 0x01, 0x02 };
	uint32_t sum = 0;

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &src.v4);
	inet_pton(AF_INET, "239.255.1.2", &dst.v4);
	assert_int_equal(vrrp_frame_build(out, sizeof(out), &ip, pl, sizeof(pl), fmac), 20 + 4);
	assert_true(vrrp_frame_mcast_mac(AF_INET, &dst, mac));
	assert_memory_equal(mac, want_mac, 6);
	assert_int_equal(out[1], 0xc0);
	assert_int_equal(out[2] << 8 | out[3], 24);
	assert_int_equal(out[4] << 8 | out[5], 0xffff);
	assert_int_equal(out[6], 0); /* no DF */
	assert_int_equal(out[8], 1);
	/* The header sums to 0xffff with its checksum. */
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)out[i] << 8 | out[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	assert_int_equal(sum, 0xffff);
	assert_memory_equal(out + 20, pl, sizeof(pl));
}

static void
ipv6_as_kernel(void **state)
{
	union vrrp_addr src, dst;
	struct vrrp_frame_ip ip = { .family = AF_INET6,
				    .src = &src,
				    .dst = &dst,
				    .ttl = 255,
				    .flowlabel = 0xf6554,
				    .proto = 112 };
	uint8_t out[128];
	size_t n;

	(void)state;
	inet_pton(AF_INET6, "fe80::f40b:52ff:fec8:a5e6", &src.v6);
	inet_pton(AF_INET6, "ff02::12", &dst.v6);
	n = vrrp_frame_build(out, sizeof(out), &ip, kernel_v6 + 54, sizeof(kernel_v6) - 54, fmac);
	assert_memory_equal(fmac, kernel_v6, 6);
	assert_int_equal(n, sizeof(kernel_v6) - ETH_LEN);
	assert_memory_equal(out, kernel_v6 + ETH_LEN, n);
	assert_true(vrrp_frame_mcast_mac(AF_INET6, &dst, out));
	assert_memory_equal(out, kernel_v6, 6);
}

static void
mcast_macs(void **state)
{
	union vrrp_addr a;
	uint8_t m[6];
	static const uint8_t v6[6] = { 0x33, 0x33, 0xde, 0xad, 0xbe, 0xef };

	(void)state;
	inet_pton(AF_INET6, "ff05::dead:beef", &a.v6);
	assert_true(vrrp_frame_mcast_mac(AF_INET6, &a, m));
	assert_memory_equal(m, v6, 6);
	inet_pton(AF_INET6, "fe80::1", &a.v6);
	assert_false(vrrp_frame_mcast_mac(AF_INET6, &a, m));
	inet_pton(AF_INET, "198.18.0.2", &a.v4);
	assert_false(vrrp_frame_mcast_mac(AF_INET, &a, m));
	assert_false(vrrp_frame_mcast_mac(AF_UNIX, &a, m));
}

/* Unicast and a frame larger than the buffer are the raw socket's. */
static void
refusals(void **state)
{
	union vrrp_addr src, dst;
	struct vrrp_frame_ip ip = {
		.family = AF_INET, .src = &src, .dst = &dst, .ttl = 255, .proto = 112
	};
	uint8_t out[50], pl[40] = { 0 };

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &src.v4);
	inet_pton(AF_INET, "198.18.0.2", &dst.v4);
	assert_int_equal(vrrp_frame_build(out, sizeof(out), &ip, pl, 12, fmac), 0);
	inet_pton(AF_INET, "224.0.0.18", &dst.v4);
	assert_int_equal(vrrp_frame_build(out, sizeof(out), &ip, pl, sizeof(pl), fmac), 0);
	assert_int_equal(vrrp_frame_build(out, sizeof(out), &ip, pl, 30, fmac), 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_as_kernel), cmocka_unit_test(ipv4_fields),
		cmocka_unit_test(ipv6_as_kernel), cmocka_unit_test(mcast_macs),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
