/*
 * Gratuitous ARP and unsolicited Neighbour Advertisement: the frame builders
 * and one AF_PACKET sender per interface.
 *
 * The frames are written byte by byte in network order rather than through
 * the kernel's header structs, so that the layout is visible here and the
 * builders need no alignment from the caller's buffer. What goes into each
 * field was checked against captures of keepalived 2.2.7.
 */
#define _GNU_SOURCE /* sendmmsg */

#include "keepalived/vrrp/kernel/vrrp_arp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/log.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define ETH_HDR_LEN 14
#define ARP_LEN 28
#define IPV6_HDR_LEN 40
#define NA_LEN 24
#define NA_OPT_TLLA_LEN 8
#define ICMPV6_NA_TYPE 136
#define ND_OPT_TARGET_LLADDR 2
#define ND_HOP_LIMIT 255 /* RFC 4861 §7.1.2: receivers drop anything else */
#define NA_FLAG_ROUTER 0x80
#define NA_FLAG_OVERRIDE 0x20

/* A queued frame and what it counts as once sent. */
struct vrrp_arp_qframe {
	uint8_t frame[VRRP_ARP_FRAME_MAX];
	uint8_t len;
	bool na;
};

struct vrrp_arp {
	int fd;
	int ifindex;
	struct vrrp_arp_stats stats;
	uint8_t frame[VRRP_ARP_FRAME_MAX];
	/* The queue (vrrp_arp_queue_*()), allocated by its first frame. */
	struct vrrp_arp_qframe *q;
	size_t qlen;
};

/* Frame builders ----------------------------------------------------------- */

static uint8_t *
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *
put_bytes(uint8_t *p, const void *src, size_t len)
{
	memcpy(p, src, len);
	return p + len;
}

static uint8_t *
put_eth(uint8_t *p, const uint8_t dst[6], const uint8_t src[6], uint16_t ethertype)
{
	p = put_bytes(p, dst, 6);
	p = put_bytes(p, src, 6);
	return put16(p, ethertype);
}

size_t
vrrp_arp_build_garp(uint8_t *frame, size_t size, const uint8_t mac[6], struct in_addr vip)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t *p = frame;

	if (size < VRRP_ARP_GARP_LEN)
		return 0;
	p = put_eth(p, bcast, mac, ETHERTYPE_ARP);
	p = put16(p, 1);            /* hardware type: Ethernet */
	p = put16(p, ETHERTYPE_IP); /* protocol type */
	*p++ = 6;                   /* hardware address length */
	*p++ = 4;                   /* protocol address length */
	/* A request, not a reply (RFC 5227 §3): every host processes it. */
	p = put16(p, 1);
	p = put_bytes(p, mac, 6);
	p = put_bytes(p, &vip, 4);
	/* keepalived fills the target hardware address with broadcast (FRR
	 * too); RFC 5227 would have zeros. Nobody reads it: match the peers. */
	p = put_bytes(p, bcast, 6);
	p = put_bytes(p, &vip, 4);
	return (size_t)(p - frame);
}

/* ICMPv6 checksum: the IPv6 pseudo-header (RFC 8200 §8.1) with next header 58. */
static uint16_t
icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst, const uint8_t *msg, uint32_t len)
{
	uint8_t ph[IPV6_HDR_LEN];

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ph[32] = (uint8_t)(len >> 24);
	ph[33] = (uint8_t)(len >> 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = IPPROTO_ICMPV6;
	return vrrp_csum_fold(vrrp_csum_partial(msg, len, vrrp_csum_partial(ph, sizeof(ph), 0)));
}

size_t
vrrp_arp_build_na(uint8_t *frame, size_t size, const uint8_t mac[6], const struct in6_addr *src,
		  const struct in6_addr *vip, bool router)
{
	/* All-nodes, and its Ethernet mapping 33:33 + low 32 bits (RFC 2464 §7). */
	static const struct in6_addr all_nodes = { { { 0xff, 0x02, [15] = 0x01 } } };
	static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 0x01 };
	const uint16_t icmp_len = NA_LEN + NA_OPT_TLLA_LEN;
	uint8_t *p = frame, *icmp;
	uint16_t csum;

	if (size < VRRP_ARP_NA_LEN)
		return 0;
	p = put_eth(p, all_nodes_mac, mac, ETHERTYPE_IPV6);

	*p++ = 0x60; /* version 6, traffic class and flow label 0 */
	*p++ = 0;
	*p++ = 0;
	*p++ = 0;
	p = put16(p, icmp_len);
	*p++ = IPPROTO_ICMPV6;
	*p++ = ND_HOP_LIMIT;
	p = put_bytes(p, src, 16);
	p = put_bytes(p, &all_nodes, 16);

	icmp = p;
	*p++ = ICMPV6_NA_TYPE;
	*p++ = 0;        /* code */
	p = put16(p, 0); /* checksum, filled below */
	/* Override: replace what caches hold. Solicited: never, it is unsolicited
	 * (RFC 4861 §7.2.6). Router: as keepalived, when we forward. */
	*p++ = (uint8_t)(NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0));
	*p++ = 0;
	*p++ = 0;
	*p++ = 0;
	p = put_bytes(p, vip, 16);
	*p++ = ND_OPT_TARGET_LLADDR;
	*p++ = 1; /* option length in units of 8 bytes */
	p = put_bytes(p, mac, 6);

	csum = icmp6_csum(src, &all_nodes, icmp, icmp_len);
	memcpy(icmp + 2, &csum, sizeof(csum));
	return (size_t)(p - frame);
}

/* Sender ------------------------------------------------------------------- */

struct vrrp_arp *
vrrp_arp_open(int ifindex)
{
	struct vrrp_arp *a;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		log_warn("%s: ifindex %d", __func__, ifindex);
		return NULL;
	}
	a->ifindex = ifindex;
	/*
	 * Protocol 0: the socket only sends, so it receives nothing and never
	 * fills its queue (keepalived's ETH_P_RARP socket gets every RARP
	 * frame). The ethertype of each frame is given per sendto() instead.
	 */
	a->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (a->fd == -1) {
		int saved = errno;

		log_warn("%s: ifindex %d: socket(AF_PACKET)", __func__, ifindex);
		free(a);
		errno = saved;
		return NULL;
	}
	return a;
}

void
vrrp_arp_close(struct vrrp_arp *a)
{
	if (a == NULL)
		return;
	close(a->fd);
	free(a->q);
	free(a);
}

const struct vrrp_arp_stats *
vrrp_arp_stats(const struct vrrp_arp *a)
{
	return &a->stats;
}

static int
arp_send(struct vrrp_arp *a, size_t len, uint16_t ethertype)
{
	struct sockaddr_ll sll;
	ssize_t n;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ethertype);
	sll.sll_ifindex = a->ifindex;
	/* With SOCK_RAW the frame carries its own addresses; this is informative. */
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, a->frame, 6);

	do
		n = sendto(a->fd, a->frame, len, 0, (struct sockaddr *)&sll, sizeof(sll));
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		a->stats.errors++;
		return -1;
	}
	if ((size_t)n != len) {
		a->stats.errors++;
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

int
vrrp_arp_send_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip)
{
	size_t len = vrrp_arp_build_garp(a->frame, sizeof(a->frame), mac, vip);

	if (arp_send(a, len, ETHERTYPE_ARP) == -1)
		return -1;
	a->stats.garp_sent++;
	return 0;
}

int
vrrp_arp_send_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		 const struct in6_addr *vip, bool router)
{
	size_t len = vrrp_arp_build_na(a->frame, sizeof(a->frame), mac, src, vip, router);

	if (arp_send(a, len, ETHERTYPE_IPV6) == -1)
		return -1;
	a->stats.na_sent++;
	return 0;
}

/* Queue -------------------------------------------------------------------- */

/*
 * Send the queued frames with sendmmsg(), VRRP_ARP_QUEUE_MAX per call at
 * most. A frame the kernel refuses counts as an error and is not retried
 * (as a refused sendto()).
 */
int
vrrp_arp_flush(struct vrrp_arp *a)
{
	struct mmsghdr msgs[VRRP_ARP_QUEUE_MAX];
	struct iovec iov[VRRP_ARP_QUEUE_MAX];
	struct sockaddr_ll sll[2]; /* ARP, IPv6 */
	size_t done = 0;
	int r = 0;

	if (a == NULL || a->qlen == 0)
		return 0;
	memset(sll, 0, sizeof(sll));
	for (size_t i = 0; i < 2; i++) {
		sll[i].sll_family = AF_PACKET;
		sll[i].sll_protocol = htons(i == 0 ? ETHERTYPE_ARP : ETHERTYPE_IPV6);
		sll[i].sll_ifindex = a->ifindex;
		sll[i].sll_halen = 6;
	}
	memset(msgs, 0, sizeof(msgs[0]) * a->qlen);
	for (size_t i = 0; i < a->qlen; i++) {
		iov[i].iov_base = a->q[i].frame;
		iov[i].iov_len = a->q[i].len;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		/* With SOCK_RAW the frame carries its own addresses; the ethertype is per frame. */
		msgs[i].msg_hdr.msg_name = &sll[a->q[i].na ? 1 : 0];
		msgs[i].msg_hdr.msg_namelen = sizeof(sll[0]);
	}
	while (done < a->qlen) {
		int n = sendmmsg(a->fd, msgs + done, (unsigned int)(a->qlen - done), 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The first unsent frame is refused; go on with the next. */
			a->stats.errors++;
			r = -1;
			done++;
			continue;
		}
		for (int i = 0; i < n; i++) {
			const struct vrrp_arp_qframe *f = &a->q[done + (size_t)i];

			if (msgs[done + (size_t)i].msg_len != f->len)
				a->stats.errors++;
			else if (f->na)
				a->stats.na_sent++;
			else
				a->stats.garp_sent++;
		}
		done += (size_t)n;
	}
	a->qlen = 0;
	return r;
}

static uint8_t *
arp_queue_slot(struct vrrp_arp *a)
{
	if (a->q == NULL && (a->q = malloc(VRRP_ARP_QUEUE_MAX * sizeof(*a->q))) == NULL)
		return NULL;
	if (a->qlen == VRRP_ARP_QUEUE_MAX)
		(void)vrrp_arp_flush(a);
	return a->q[a->qlen].frame;
}

int
vrrp_arp_queue_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip)
{
	uint8_t *f = arp_queue_slot(a);

	if (f == NULL)
		return vrrp_arp_send_garp(a, mac, vip);
	a->q[a->qlen].len = (uint8_t)vrrp_arp_build_garp(f, VRRP_ARP_FRAME_MAX, mac, vip);
	a->q[a->qlen++].na = false;
	return 0;
}

int
vrrp_arp_queue_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		  const struct in6_addr *vip, bool router)
{
	uint8_t *f = arp_queue_slot(a);

	if (f == NULL)
		return vrrp_arp_send_na(a, mac, src, vip, router);
	a->q[a->qlen].len =
		(uint8_t)vrrp_arp_build_na(f, VRRP_ARP_FRAME_MAX, mac, src, vip, router);
	a->q[a->qlen++].na = true;
	return 0;
}

/* Helpers ------------------------------------------------------------------ */

int
vrrp_arp_ipv6_forwarding(const char *ifname)
{
	char path[96], c;
	int fd, ret = -1;
	int n;

	/* An interface name cannot be a path component other than itself. */
	if (ifname == NULL || ifname[0] == '\0' || strchr(ifname, '/') != NULL ||
	    strcmp(ifname, ".") == 0 || strcmp(ifname, "..") == 0)
		return -1;
	n = snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (read(fd, &c, 1) == 1)
		ret = c != '0';
	close(fd);
	return ret;
}
