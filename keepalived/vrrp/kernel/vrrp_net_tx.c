/*
 * What the VRRP raw sockets send: single datagrams, their source and TTL
 * in control messages; the batch of the process, sent by the next flush
 * with one sendmmsg() per socket; the AH socket's whole datagrams; and the
 * frame path.
 *
 * With vrrp_framed_adverts (off by default), batched multicast adverts on
 * an Ethernet interface leave instead as frames on a packet socket (the
 * frame path): the kernel then skips the
 * route lookup, the IP output path and the per-datagram control messages,
 * about a quarter of the sender's CPU per advert (issue 14). The datagram
 * carries the header the raw socket would have written (vrrp_frame.h); the
 * kernel writes the Ethernet header to the group's address from the
 * interface's own (a VMAC's on a VMAC interface) as it is when the frame
 * leaves (SOCK_DGRAM). Everything else (unicast, the AH socket, single
 * sends, a TTL left to the kernel, an interface that is not Ethernet)
 * keeps the raw socket, which also does all the receiving. Frames skip
 * netfilter's output hooks, as keepalived's ARP does: that is why the path
 * is opt-in, since keepalived's adverts go through those hooks. IPv6 adverts of a
 * socket that frames carry flow label 0 whichever way they leave
 * (vrrp_net_frame_open()).
 */
#define _GNU_SOURCE /* sendmmsg, struct in6_pktinfo */

#include "keepalived/vrrp/kernel/vrrp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_frame.h"
#include "keepalived/vrrp/kernel/vrrp_net_priv.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#ifndef IPV6_AUTOFLOWLABEL
#define IPV6_AUTOFLOWLABEL 70 /* Linux 4.10 */
#endif

/*
 * One queued datagram: its socket, its own copy of payload, address and
 * control data; or, framed, the whole frame for the process's packet socket.
 */
struct sock_tx_slot {
	struct vrrp_sock *sock;
	bool framed;
	struct msghdr hdr;
	struct iovec iov;
	union {
		struct sockaddr_in6 in6; /* large enough for both families */
		struct sockaddr_ll ll;
	} name;
	union sock_cmsg_buf cbuf;
	uint64_t *errors; /* the caller's counter, charged if the datagram fails */
	uint8_t buf[VRRP_FRAME_HDR_MAX + VRRP_SOCK_TX_SLOT_LEN];
};

/*
 * The send batch, one for the process (30 KB) like the receive batch: the
 * datagrams of every socket queued in one loop pass, sent by the next flush
 * with one sendmmsg() per socket (msgs: those of the socket being sent).
 */
static struct {
	unsigned n;
	struct sock_tx_slot slots[VRRP_SOCK_TX_BATCH];
	struct mmsghdr msgs[VRRP_SOCK_TX_BATCH];
	unsigned idx[VRRP_SOCK_TX_BATCH]; /* msgs[k] is slots[idx[k]] */
} sock_txq;

/* The frame path ------------------------------------------------------------ */

/*
 * One packet socket for the process, shared by every VRRP socket that
 * frames (frame_users of them): each frame names its interface and
 * destination address, and one descriptor per interface would double the
 * descriptors of a daemon with a VMAC per instance. Protocol 0 and no
 * bind: it receives nothing, so it costs nothing on receive.
 */
static int frame_fd = -1;
static unsigned frame_users;
static bool frame_enabled; /* vrrp_framed_adverts */

void
vrrp_sock_set_framing(bool on)
{
	frame_enabled = on;
}

/* Whether the interface of s is Ethernet (VLANs, macvlans and VMACs are). */
static bool
sock_frame_ether(const struct vrrp_sock *s)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, s->ifname, strlen(s->ifname) + 1);
	return ioctl(frame_fd, SIOCGIFHWADDR, &ifr) == 0 &&
	       ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER;
}

/*
 * Let s use the frame path if it applies: an interface with an Ethernet
 * address. The IP header's variable fields come from the raw socket, so
 * that frames match what it would send. Failure is not an error: the raw
 * socket sends everything then.
 */
void
vrrp_net_frame_open(struct vrrp_sock *s)
{
	struct timespec ts;
	int val = 0;
	socklen_t len = sizeof(val);

	if (!frame_enabled || s->nodev || s->proto != VRRP_IPPROTO)
		return;
	if (frame_fd == -1)
		frame_fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (frame_fd == -1 || !sock_frame_ether(s))
		goto none;
	if (s->family == AF_INET) {
		if (getsockopt(s->fd, IPPROTO_IP, IP_TOS, &val, &len) == -1)
			goto none;
		s->tos = (uint8_t)val;
		len = sizeof(val);
		if (getsockopt(s->fd, IPPROTO_IP, IP_MTU_DISCOVER, &val, &len) == -1)
			goto none;
		/* ip_dont_fragment(): DF with "do" and "want" (a multicast
		 * route's MTU is not locked). */
		s->df = val == IP_PMTUDISC_DO || val == IP_PMTUDISC_WANT;
	} else {
		if (getsockopt(s->fd, IPPROTO_IPV6, IPV6_TCLASS, &val, &len) == -1)
			goto none;
		s->tos = val < 0 ? 0 : (uint8_t)val;
		/*
		 * The kernel's automatic flow label is a keyed hash we cannot
		 * compute: every advert of the socket, framed or not, goes
		 * unlabelled (0, RFC 6437 §2) rather than switch label from one
		 * advert to the next. VRRP peers do not look at it.
		 */
		if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_AUTOFLOWLABEL, 0, "IPV6_AUTOFLOWLABEL"))
			goto none;
	}
	/* Not predictable from outside, like the kernel's: the clock's low bits. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->ip_id = (uint16_t)(ts.tv_nsec ^ (long)s->ifindex << 7);
	s->framing = true;
	frame_users++;
	return;

none:
	if (frame_users == 0 && frame_fd >= 0) {
		close(frame_fd);
		frame_fd = -1;
	}
}

void
vrrp_net_frame_close(struct vrrp_sock *s)
{
	if (!s->framing)
		return;
	s->framing = false;
	if (--frame_users == 0) {
		close(frame_fd);
		frame_fd = -1;
	}
}

/*
 * Build the frame of one queued datagram into slot, if the frame path takes
 * it: a multicast destination, a source, and a TTL the socket knows
 * (-1: the multicast TTL of 255). Returns false for the raw socket.
 */
static bool
sock_frame_fill(struct vrrp_sock *s, struct sock_tx_slot *slot, const void *buf, size_t len,
		const union vrrp_addr *src, const union vrrp_addr *dst, int ttl)
{
	struct vrrp_frame_ip ip = { .family = s->family,
				    .src = src,
				    .dst = dst,
				    .tos = s->tos,
				    .df = s->df,
				    .proto = VRRP_IPPROTO };
	size_t n;

	if (!s->framing || src == NULL || ttl < -1 || ttl > 255 ||
	    (ttl == 0 && s->family == AF_INET))
		return false;
	ip.ttl = ttl == -1 ? VRRP_TTL : (uint8_t)ttl;
	ip.id = s->ip_id;
	n = vrrp_frame_build(slot->buf, sizeof(slot->buf), &ip, buf, len, slot->name.ll.sll_addr);
	if (n == 0)
		return false; /* not multicast, or too long */
	s->ip_id++;
	memset(&slot->hdr, 0, sizeof(slot->hdr));
	slot->name.ll.sll_family = AF_PACKET;
	slot->name.ll.sll_ifindex = s->ifindex;
	slot->name.ll.sll_protocol = htons(s->family == AF_INET ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
	slot->name.ll.sll_hatype = 0;
	slot->name.ll.sll_pkttype = 0;
	slot->name.ll.sll_halen = VRRP_FRAME_MAC_LEN;
	slot->hdr.msg_name = &slot->name.ll;
	slot->hdr.msg_namelen = sizeof(slot->name.ll);
	slot->iov.iov_base = slot->buf;
	slot->iov.iov_len = n;
	slot->hdr.msg_iov = &slot->iov;
	slot->hdr.msg_iovlen = 1;
	slot->framed = true;
	return true;
}

/* Sending ------------------------------------------------------------------ */

int
vrrp_sock_send(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
	       const union vrrp_addr *dst)
{
	return vrrp_sock_send_ttl(s, buf, len, src, dst, -1);
}

/* Append one control message after those already in msg (cbuf has room for all we send). */
static void
sock_cmsg_add(struct msghdr *msg, union sock_cmsg_buf *cbuf, int level, int type, const void *data,
	      size_t size)
{
	struct cmsghdr *c;
	size_t used = msg->msg_control == NULL ? 0 : msg->msg_controllen;

	msg->msg_control = cbuf->buf;
	msg->msg_controllen = used + CMSG_SPACE(size);
	c = (struct cmsghdr *)(void *)(cbuf->buf + used);
	c->cmsg_level = level;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(size);
	memcpy(CMSG_DATA(c), data, size);
}

/* An int control message: IP_TTL, IPV6_HOPLIMIT. */
static void
sock_cmsg_int(struct msghdr *msg, union sock_cmsg_buf *cbuf, int level, int type, int val)
{
	sock_cmsg_add(msg, cbuf, level, type, &val, sizeof(val));
}

/* The tail of every send: the whole datagram or an error, counted. */
static int
sock_sendmsg(struct vrrp_sock *s, const struct msghdr *msg, size_t len)
{
	ssize_t n;

	do
		n = sendmsg(s->fd, msg, MSG_DONTWAIT);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		s->stats.tx_errors++;
		return -1;
	}
	if ((size_t)n != len) {
		/* A raw datagram goes whole or not at all; keep the check cheap. */
		s->stats.tx_errors++;
		errno = EMSGSIZE;
		return -1;
	}
	s->stats.tx_packets++;
	return 0;
}

/*
 * Address and control data of one datagram to dst from src with ttl (see
 * vrrp_sock_send_ttl()) into msg, whose iovec the caller set; name and cbuf
 * are the storage msg points at.
 */
static void
sock_msg_fill(const struct vrrp_sock *s, struct msghdr *msg, struct sockaddr_in6 *name,
	      union sock_cmsg_buf *cbuf, const union vrrp_addr *src, const union vrrp_addr *dst,
	      int ttl)
{
	msg->msg_control = NULL;
	msg->msg_controllen = 0;
	msg->msg_flags = 0;
	memset(cbuf, 0, sizeof(*cbuf));
	memset(name, 0, sizeof(*name));
	msg->msg_name = name;
	if (s->family == AF_INET) {
		struct sockaddr_in *to4 = (struct sockaddr_in *)(void *)name;

		to4->sin_family = AF_INET;
		to4->sin_addr = dst->v4;
		msg->msg_namelen = sizeof(*to4);
		if (src != NULL) {
			/* ipi_spec_dst is the source address to use on send. */
			struct in_pktinfo pi = { .ipi_ifindex = s->ifindex,
						 .ipi_spec_dst = src->v4 };

			sock_cmsg_add(msg, cbuf, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
		}
		/* Linux refuses an IP_TTL of 0 (vrrp_unicast_tx_ttl() never asks for it). */
		if (ttl > 0 && ttl <= 255)
			sock_cmsg_int(msg, cbuf, IPPROTO_IP, IP_TTL, ttl);
		else if (ttl == VRRP_SOCK_TTL_KERNEL)
			sock_cmsg_int(msg, cbuf, IPPROTO_IP, IP_TTL, IPDEFTTL);
	} else {
		name->sin6_family = AF_INET6;
		name->sin6_addr = dst->v6;
		/* ff02::12 and link-local peers need the scope; others ignore it. */
		if (IN6_IS_ADDR_LINKLOCAL(&dst->v6) || IN6_IS_ADDR_MC_LINKLOCAL(&dst->v6))
			name->sin6_scope_id = (uint32_t)s->ifindex;
		msg->msg_namelen = sizeof(*name);
		if (src != NULL) {
			struct in6_pktinfo pi = { .ipi6_addr = src->v6,
						  .ipi6_ifindex = (unsigned)s->ifindex };

			sock_cmsg_add(msg, cbuf, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
		}
		if (ttl == VRRP_SOCK_TTL_KERNEL)
			ttl = s->kernel_hops;
		if (ttl >= 0 && ttl <= 255)
			sock_cmsg_int(msg, cbuf, IPPROTO_IPV6, IPV6_HOPLIMIT, ttl);
	}
}

int
vrrp_sock_send_ttl(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		   const union vrrp_addr *dst, int ttl)
{
	union sock_cmsg_buf cbuf;
	struct sockaddr_in6 name;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	/* With IP_HDRINCL the payload would be taken for an IP header. */
	if (s->proto == IPPROTO_AH_NUM) {
		errno = EINVAL;
		return -1;
	}
	/* Whatever was queued before this datagram leaves before it. */
	vrrp_sock_flush(s);
	sock_msg_fill(s, &msg, &name, &cbuf, src, dst, ttl);
	return sock_sendmsg(s, &msg, len);
}

int
vrrp_sock_queue(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		const union vrrp_addr *dst, int ttl, uint64_t *errors)
{
	struct sock_tx_slot *slot;

	if (s->proto == IPPROTO_AH_NUM) {
		errno = EINVAL;
		return -1;
	}
	if (len > VRRP_SOCK_TX_SLOT_LEN)
		return vrrp_sock_send_ttl(s, buf, len, src, dst, ttl) < 0 ? -1 : 1;
	slot = &sock_txq.slots[sock_txq.n];
	slot->sock = s;
	slot->errors = errors;
	if (!sock_frame_fill(s, slot, buf, len, src, dst, ttl)) {
		memset(&slot->hdr, 0, sizeof(slot->hdr));
		memcpy(slot->buf, buf, len);
		slot->framed = false;
		slot->iov.iov_base = slot->buf;
		slot->iov.iov_len = len;
		slot->hdr.msg_iov = &slot->iov;
		slot->hdr.msg_iovlen = 1;
		sock_msg_fill(s, &slot->hdr, &slot->name.in6, &slot->cbuf, src, dst, ttl);
	}
	s->queued++;
	if (++sock_txq.n == VRRP_SOCK_TX_BATCH)
		vrrp_sock_flush(s);
	return 0;
}

unsigned
vrrp_sock_queued(const struct vrrp_sock *s)
{
	return s->queued;
}

/* A datagram of the batch failed: counted on its socket and for its sender. */
static void
sock_tx_fail(struct vrrp_sock *s, const struct sock_tx_slot *slot)
{
	s->stats.tx_errors++;
	if (slot->errors != NULL)
		(*slot->errors)++;
}

/*
 * Send the datagrams [i, n) of s gathered in sock_txq.msgs, on fd (the raw
 * socket or the frame path's). Returns those sent.
 */
static int
sock_tx_send(struct vrrp_sock *s, int fd, unsigned i, unsigned n)
{
	int sent = 0;

	while (i < n) {
		int k = sendmmsg(fd, &sock_txq.msgs[i], n - i, MSG_DONTWAIT);

		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0) {
			/* The first datagram left failed: skip it, try the rest. */
			sock_tx_fail(s, &sock_txq.slots[sock_txq.idx[i]]);
			i++;
			continue;
		}
		for (int m = 0; m < k; m++, i++) {
			const struct sock_tx_slot *slot = &sock_txq.slots[sock_txq.idx[i]];

			if (sock_txq.msgs[i].msg_len != slot->iov.iov_len) {
				sock_tx_fail(s, slot);
				continue;
			}
			s->stats.tx_packets++;
			sent++;
		}
	}
	return sent;
}

/*
 * Send the n datagrams of s gathered in sock_txq.msgs, in order, each run
 * of frames on the packet socket and each run of the others on the raw one.
 */
static int
sock_tx_runs(struct vrrp_sock *s, unsigned n)
{
	unsigned i = 0;
	int sent = 0;

	while (i < n) {
		bool framed = sock_txq.slots[sock_txq.idx[i]].framed;
		unsigned end = i;

		while (end < n && sock_txq.slots[sock_txq.idx[end]].framed == framed)
			end++;
		sent += sock_tx_send(s, framed ? frame_fd : s->fd, i, end);
		i = end;
	}
	return sent;
}

int
vrrp_sock_flush(struct vrrp_sock *s)
{
	unsigned first = 0;
	int sent = 0;

	(void)s; /* the batch is the process's: every socket's datagrams go */
	while (first < sock_txq.n) {
		struct vrrp_sock *to = sock_txq.slots[first].sock;
		unsigned n = 0;

		/* This socket's datagrams, in the order queued; the others' wait a round. */
		for (unsigned i = first; i < sock_txq.n; i++) {
			if (sock_txq.slots[i].sock != to)
				continue;
			sock_txq.msgs[n].msg_hdr = sock_txq.slots[i].hdr;
			sock_txq.msgs[n].msg_len = 0;
			sock_txq.idx[n++] = i;
			sock_txq.slots[i].sock = NULL;
		}
		sent += sock_tx_runs(to, n);
		to->queued = 0;
		while (first < sock_txq.n && sock_txq.slots[first].sock == NULL)
			first++;
	}
	sock_txq.n = 0;
	return sent;
}

int
vrrp_sock_send_dgram(struct vrrp_sock *s, const void *dgram, size_t len)
{
	const uint8_t *ip = dgram;
	struct sockaddr_in to;
	struct iovec iov = { .iov_base = (void *)dgram, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov, .msg_iovlen = 1
	};

	/* Only the AH socket has IP_HDRINCL; on the others the kernel would
	 * put a second header in front. */
	if (s->proto != IPPROTO_AH_NUM || len < IPV4_HDR_MIN || ip[0] >> 4 != 4) {
		errno = EINVAL;
		return -1;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	memcpy(&to.sin_addr, ip + 16, sizeof(to.sin_addr));
	return sock_sendmsg(s, &msg, len);
}
