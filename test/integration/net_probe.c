/*
 * A small driver of the VRRP I/O layer for test/integration/net_io.sh, run
 * inside a network namespace:
 *
 *   net_probe recv IFNAME inet|inet6 TIMEOUT_MS READY_FILE
 *       open the VRRP socket, create READY_FILE, wait for one probe payload
 *       and print what the socket said about it; exit 1 on timeout.
 *   net_probe send IFNAME inet|inet6 SRC DST COUNT INTERVAL_MS
 *       send COUNT probe payloads while reading the same socket, and print
 *       how many of our own came back (IP_MULTICAST_LOOP is off: none).
 *   net_probe garp IFNAME MAC VIP
 *   net_probe na IFNAME MAC SRC VIP 0|1
 *       send one gratuitous ARP / unsolicited NA (last argument: Router flag).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

/* Looks like a VRRPv3 advert for VRID 51 with one address; the codec never
 * sees it, so only its bytes matter: the receiver compares them. */
/* clang-format off */
static const uint8_t probe_payload[] = {
	0x31, 51, 100, 1, 0x00, 100, 0xbe, 0xef, 198, 18, 0, 100,
};
/* clang-format on */

struct rx_state {
	int got;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
parse_family(const char *s)
{
	if (strcmp(s, "inet") == 0)
		return AF_INET;
	if (strcmp(s, "inet6") == 0)
		return AF_INET6;
	fprintf(stderr, "bad family %s\n", s);
	exit(2);
}

static void
parse_addr(int family, const char *s, void *out)
{
	if (inet_pton(family, s, out) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
	if (sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4],
		   &mac[5]) != 6) {
		fprintf(stderr, "bad MAC %s\n", s);
		exit(2);
	}
}

static int
ifindex_of(const char *ifname)
{
	int ifindex = (int)if_nametoindex(ifname);

	if (ifindex == 0) {
		perror(ifname);
		exit(2);
	}
	return ifindex;
}

static void
on_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct rx_state *st = arg;
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];

	if (len != sizeof(probe_payload) || memcmp(pkt, probe_payload, len) != 0) {
		printf("other len=%zu\n", len);
		return;
	}
	inet_ntop(meta->family, &meta->src, src, sizeof(src));
	inet_ntop(meta->family, &meta->dst, dst, sizeof(dst));
	printf("rx family=%s src=%s dst=%s ttl=%d multicast=%d\n",
	       meta->family == AF_INET ? "inet" : "inet6", src, dst, meta->ttl, meta->multicast);
	st->got++;
}

/* Read the socket until deadline or, if stop_on_first, the first probe. */
static void
pump(struct vrrp_sock *s, struct rx_state *st, uint64_t deadline, int stop_on_first)
{
	struct pollfd pfd = { .fd = vrrp_sock_fd(s), .events = POLLIN };
	uint64_t now;

	while ((now = now_ms()) < deadline && !(stop_on_first && st->got > 0)) {
		if (poll(&pfd, 1, (int)(deadline - now)) > 0 &&
		    vrrp_sock_recv(s, on_packet, st) < 0)
			perror("vrrp_sock_recv");
	}
}

static void
print_drops(const struct vrrp_sock *s)
{
	const struct vrrp_sock_stats *stats = vrrp_sock_stats(s);

	for (int i = 1; i < VRRP_SOCK_DROP_COUNT_; i++)
		if (stats->rx_drops[i] != 0)
			printf("drop %s=%llu\n", vrrp_sock_drop_name((enum vrrp_sock_drop)i),
			       (unsigned long long)stats->rx_drops[i]);
}

static int
cmd_recv(char **argv)
{
	int family = parse_family(argv[1]);
	struct rx_state st = { 0 };
	struct vrrp_sock *s = vrrp_sock_open(family, ifindex_of(argv[0]), argv[0]);
	int fd;

	if (s == NULL)
		return 2;
	if ((fd = open(argv[3], O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		perror(argv[3]);
		return 2;
	}
	close(fd);
	fflush(stdout);
	pump(s, &st, now_ms() + (uint64_t)atoi(argv[2]), 1);
	print_drops(s);
	vrrp_sock_close(s);
	return st.got > 0 ? 0 : 1;
}

static int
cmd_send(char **argv)
{
	int family = parse_family(argv[1]);
	struct rx_state st = { 0 };
	union vrrp_addr src, dst;
	int count = atoi(argv[4]), interval = atoi(argv[5]), sent = 0;
	struct vrrp_sock *s;

	memset(&src, 0, sizeof(src));
	memset(&dst, 0, sizeof(dst));
	parse_addr(family, argv[2], &src);
	parse_addr(family, argv[3], &dst);
	if ((s = vrrp_sock_open(family, ifindex_of(argv[0]), argv[0])) == NULL)
		return 2;
	for (int i = 0; i < count; i++) {
		if (vrrp_sock_send(s, probe_payload, sizeof(probe_payload), &src, &dst) == 0)
			sent++;
		else
			perror("vrrp_sock_send");
		/* Listen meanwhile: a looped-back copy would show up here. */
		pump(s, &st, now_ms() + (uint64_t)interval, 0);
	}
	printf("tx sent=%d own=%d tx_packets=%llu\n", sent, st.got,
	       (unsigned long long)vrrp_sock_stats(s)->tx_packets);
	vrrp_sock_close(s);
	return sent == count ? 0 : 1;
}

static int
cmd_garp_na(int na, char **argv)
{
	struct vrrp_arp *a = vrrp_arp_open(ifindex_of(argv[0]));
	uint8_t mac[6];
	int ret;

	if (a == NULL)
		return 2;
	parse_mac(argv[1], mac);
	if (na) {
		struct in6_addr src, vip;

		parse_addr(AF_INET6, argv[2], &src);
		parse_addr(AF_INET6, argv[3], &vip);
		ret = vrrp_arp_send_na(a, mac, &src, &vip, atoi(argv[4]) != 0);
	} else {
		struct in_addr vip;

		parse_addr(AF_INET, argv[2], &vip);
		ret = vrrp_arp_send_garp(a, mac, vip);
	}
	if (ret == -1)
		perror("vrrp_arp_send");
	vrrp_arp_close(a);
	return ret == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && strcmp(argv[1], "recv") == 0)
		return cmd_recv(argv + 2);
	if (argc == 8 && strcmp(argv[1], "send") == 0)
		return cmd_send(argv + 2);
	if (argc == 5 && strcmp(argv[1], "garp") == 0)
		return cmd_garp_na(0, argv + 2);
	if (argc == 7 && strcmp(argv[1], "na") == 0)
		return cmd_garp_na(1, argv + 2);
	fprintf(stderr, "usage: see the comment at the top of net_probe.c\n");
	return 2;
}
