/*
 * What the VRRP raw sockets receive: one batch of buffers for the process,
 * filled by recvmmsg(), and each datagram's IPv4 header or IPv6 ancillary
 * data checked and turned into a payload pointer and a struct
 * vrrp_pkt_meta for the socket's callback, or dropped and counted by its
 * named reason. The raw socket does all the receiving, the frame path's
 * sockets included.
 */
#define _GNU_SOURCE /* recvmmsg, struct in6_pktinfo */

#include "keepalived/vrrp/kernel/vrrp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/kernel/vrrp_net_priv.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

/*
 * The receive batch, one for the process (74 KB): the event loop reads one
 * socket at a time, and the callbacks are done with a datagram before the
 * next read, so every socket reads into the same buffers. Wired together
 * by vrrp_net_rx_init(); a vrrp_sock_recv() called from a callback of another
 * (busy) returns 0 and the loop comes back to its socket, still readable.
 */
static struct {
	bool ready;
	bool busy;
	struct mmsghdr msgs[VRRP_SOCK_BATCH];
	struct iovec iov[VRRP_SOCK_BATCH];
	struct sockaddr_in6 names[VRRP_SOCK_BATCH]; /* large enough for both families */
	union sock_cmsg_buf cmsg[VRRP_SOCK_BATCH];
	uint8_t bufs[VRRP_SOCK_BATCH][VRRP_SOCK_BUF_LEN];
} sock_rx;

/* clang-format off */
static const char *const drop_names[VRRP_SOCK_DROP_COUNT_] = {
	[VRRP_SOCK_DROP_NONE] = "none",
	[VRRP_SOCK_DROP_TRUNCATED] = "truncated",
	[VRRP_SOCK_DROP_IP_SHORT] = "ip_short",
	[VRRP_SOCK_DROP_IP_VERSION] = "ip_version",
	[VRRP_SOCK_DROP_IP_HLEN] = "ip_header_length",
	[VRRP_SOCK_DROP_IP_LENGTH] = "ip_total_length",
	[VRRP_SOCK_DROP_IP_PROTO] = "ip_protocol",
	[VRRP_SOCK_DROP_NO_ANCILLARY] = "no_ancillary",
};
/* clang-format on */

const char *
vrrp_sock_drop_name(enum vrrp_sock_drop reason)
{
	if ((unsigned)reason >= VRRP_SOCK_DROP_COUNT_)
		return "unknown";
	return drop_names[reason];
}

/* The VRRP groups: 224.0.0.18 and ff02::12 (RFC 5798 §5.1.1.2, §5.1.2.2). */
static bool
is_vrrp_group4(const struct in_addr *a)
{
	return a->s_addr == htonl(0xe0000012);
}

static bool
is_vrrp_group6(const struct in6_addr *a)
{
	static const uint8_t group[16] = { 0xff, 0x02, [15] = 0x12 };

	return memcmp(a->s6_addr, group, sizeof(group)) == 0;
}

/* Parsing ------------------------------------------------------------------ */

static enum vrrp_sock_drop
parse_ipv4(const uint8_t *dgram, size_t len, int proto, struct vrrp_pkt_meta *meta,
	   const uint8_t **payload, size_t *payload_len)
{
	size_t hlen, total;

	/* Byte access rather than struct iphdr: no alignment assumptions. */
	if (len < IPV4_HDR_MIN)
		return VRRP_SOCK_DROP_IP_SHORT;
	if (dgram[0] >> 4 != 4)
		return VRRP_SOCK_DROP_IP_VERSION;
	hlen = (size_t)(dgram[0] & 0x0f) * 4;
	if (hlen < IPV4_HDR_MIN || hlen > len)
		return VRRP_SOCK_DROP_IP_HLEN;
	/* Linux hands raw sockets the reassembled datagram trimmed to its total
	 * length, in network order: anything else is not a datagram we trust. */
	total = (size_t)dgram[2] << 8 | dgram[3];
	if (total != len)
		return VRRP_SOCK_DROP_IP_LENGTH;
	if (dgram[9] != proto)
		return VRRP_SOCK_DROP_IP_PROTO;

	memset(meta, 0, sizeof(*meta));
	meta->family = AF_INET;
	memcpy(&meta->src.v4, dgram + 12, sizeof(meta->src.v4));
	memcpy(&meta->dst.v4, dgram + 16, sizeof(meta->dst.v4));
	meta->ttl = dgram[8];
	meta->multicast = is_vrrp_group4(&meta->dst.v4);
	*payload = dgram + hlen;
	*payload_len = len - hlen;
	return VRRP_SOCK_DROP_NONE;
}

enum vrrp_sock_drop
vrrp_sock_parse_ipv4(const uint8_t *dgram, size_t len, struct vrrp_pkt_meta *meta,
		     const uint8_t **payload, size_t *payload_len)
{
	return parse_ipv4(dgram, len, VRRP_IPPROTO, meta, payload, payload_len);
}

enum vrrp_sock_drop
vrrp_sock_parse_ipv4_ah(const uint8_t *dgram, size_t len, struct vrrp_pkt_meta *meta)
{
	const uint8_t *payload;
	size_t payload_len;

	return parse_ipv4(dgram, len, IPPROTO_AH_NUM, meta, &payload, &payload_len);
}

enum vrrp_sock_drop
vrrp_sock_parse_ipv6(const struct msghdr *msg, struct vrrp_pkt_meta *meta)
{
	const struct sockaddr_in6 *from = msg->msg_name;
	struct cmsghdr *c;
	bool have_dst = false;
	int hops = -1;

	if (from == NULL || msg->msg_namelen < sizeof(*from) || from->sin6_family != AF_INET6)
		return VRRP_SOCK_DROP_NO_ANCILLARY;

	memset(meta, 0, sizeof(*meta));
	meta->family = AF_INET6;
	meta->src.v6 = from->sin6_addr;
	/* CMSG_NXTHDR takes a non-const msghdr; it only reads it. */
	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR((struct msghdr *)msg, c)) {
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			meta->dst.v6 = pi.ipi6_addr;
			have_dst = true;
		} else if (c->cmsg_type == IPV6_HOPLIMIT && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&hops, CMSG_DATA(c), sizeof(hops));
		}
	}
	/* Without the hop limit the TTL check cannot be made, and without the
	 * destination neither can the multicast one: drop rather than guess. */
	if (!have_dst || hops < 0 || (msg->msg_flags & MSG_CTRUNC))
		return VRRP_SOCK_DROP_NO_ANCILLARY;
	meta->ttl = hops;
	meta->multicast = is_vrrp_group6(&meta->dst.v6);
	return VRRP_SOCK_DROP_NONE;
}

/* Receiving ---------------------------------------------------------------- */

/* Point every mmsghdr of the batch at its buffer, address and control space. */
void
vrrp_net_rx_init(void)
{
	if (sock_rx.ready)
		return;
	for (size_t i = 0; i < VRRP_SOCK_BATCH; i++) {
		struct msghdr *m = &sock_rx.msgs[i].msg_hdr;

		sock_rx.iov[i].iov_base = sock_rx.bufs[i];
		sock_rx.iov[i].iov_len = sizeof(sock_rx.bufs[i]);
		m->msg_name = &sock_rx.names[i];
		m->msg_iov = &sock_rx.iov[i];
		m->msg_iovlen = 1;
		m->msg_control = sock_rx.cmsg[i].buf;
	}
	sock_rx.ready = true;
}

static void
sock_rx_one(struct vrrp_sock *s, const struct mmsghdr *mm, size_t i, vrrp_sock_cb cb, void *arg)
{
	struct vrrp_pkt_meta meta;
	enum vrrp_sock_drop drop;
	const uint8_t *payload = sock_rx.bufs[i];
	size_t len = mm->msg_len;

	if (mm->msg_hdr.msg_flags & MSG_TRUNC)
		drop = VRRP_SOCK_DROP_TRUNCATED;
	else if (s->proto == IPPROTO_AH_NUM)
		/* The whole datagram goes up: the AH ICV covers the header. */
		drop = vrrp_sock_parse_ipv4_ah(sock_rx.bufs[i], len, &meta);
	else if (s->family == AF_INET)
		drop = vrrp_sock_parse_ipv4(sock_rx.bufs[i], len, &meta, &payload, &len);
	else
		drop = vrrp_sock_parse_ipv6(&mm->msg_hdr, &meta);
	if (drop != VRRP_SOCK_DROP_NONE) {
		s->stats.rx_drops[drop]++;
		return;
	}
	s->stats.rx_packets++;
	cb(payload, len, &meta, arg);
}

int
vrrp_sock_recv(struct vrrp_sock *s, vrrp_sock_cb cb, void *arg)
{
	int total = 0;

	if (sock_rx.busy)
		return 0;
	sock_rx.busy = true;
	while (total < VRRP_SOCK_RECV_CAP) {
		int n;

		/* recvmmsg() overwrites these lengths and flags: reset them. */
		for (size_t i = 0; i < VRRP_SOCK_BATCH; i++) {
			sock_rx.msgs[i].msg_hdr.msg_namelen = sizeof(sock_rx.names[i]);
			sock_rx.msgs[i].msg_hdr.msg_controllen = sizeof(sock_rx.cmsg[i].buf);
			sock_rx.msgs[i].msg_hdr.msg_flags = 0;
		}
		n = recvmmsg(s->fd, sock_rx.msgs, VRRP_SOCK_BATCH, MSG_DONTWAIT, NULL);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			s->stats.rx_errors++;
			if (total == 0)
				total = -1;
			break;
		}
		for (int i = 0; i < n; i++)
			sock_rx_one(s, &sock_rx.msgs[i], (size_t)i, cb, arg);
		total += n;
		if (n < VRRP_SOCK_BATCH)
			break; /* the queue is empty: spare a syscall that says EAGAIN */
	}
	sock_rx.busy = false;
	return total;
}
