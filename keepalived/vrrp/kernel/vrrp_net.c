/*
 * VRRP raw sockets: set-up, sending and batched receiving.
 *
 * One socket per (interface, family). The kernel writes the IP header on
 * send and delivers, on receive, the IPv4 header with the payload (IPv4) or
 * the payload alone with ancillary data (IPv6). This file turns both into a
 * payload pointer and a struct vrrp_pkt_meta; it knows nothing of VRRP beyond
 * the protocol number, the group addresses and the TTL of 255.
 *
 * An interface with auth_type AH instances also gets an IPv4 socket for
 * protocol 51 with IP_HDRINCL: the AH ICV covers the IP header, so the
 * sender writes that header itself (vrrp_ah_build()) and the receiver needs
 * it whole (vrrp_ah_verify()).
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
 * (sock_frame_open()).
 */
#define _GNU_SOURCE /* recvmmsg, sendmmsg, struct in6_pktinfo */

#include "keepalived/vrrp/kernel/vrrp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_frame.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define IPV4_HDR_MIN 20
#define IPPROTO_AH_NUM 51 /* vrrp_ah.h's VRRP_AH_IPPROTO; kept free of that header */
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#ifndef IPV6_AUTOFLOWLABEL
#define IPV6_AUTOFLOWLABEL 70 /* Linux 4.10 */
#endif
#define SOCK_RCVBUF_BYTES (256 * 1024)

/* Enough for IPV6_PKTINFO and IPV6_HOPLIMIT (and IP_PKTINFO on send). */
#define SOCK_CMSG_LEN (CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)))

union sock_cmsg_buf {
	uint8_t buf[SOCK_CMSG_LEN];
	struct cmsghdr align;
};

struct vrrp_sock {
	int fd;
	int family;
	int proto; /* VRRP_IPPROTO, or IPPROTO_AH_NUM for the AH socket */
	int ifindex;
	char ifname[IF_NAMESIZE];
	bool nodev;      /* unicast only, no interface: unbound, or bound to a VRF (ifname) */
	int kernel_hops; /* IPv6: the hop limit the kernel would use (VRRP_SOCK_TTL_KERNEL) */
	struct vrrp_sock_stats stats;
	unsigned queued; /* its datagrams in the send batch (sock_txq) */
	bool framing;    /* the frame path (see the top of the file) sends its multicast */
	uint16_t ip_id;  /* IPv4 identification, counting up */
	uint8_t tos;     /* the raw socket's IP_TOS / IPV6_TCLASS */
	bool df;         /* the raw socket's IP_MTU_DISCOVER sets DF */
};

/*
 * The receive batch, one for the process (74 KB): the event loop reads one
 * socket at a time, and the callbacks are done with a datagram before the
 * next read, so every socket reads into the same buffers. Wired together
 * by sock_rx_init(); a vrrp_sock_recv() called from a callback of another
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

/* Set-up ------------------------------------------------------------------- */

static int
sock_opt(struct vrrp_sock *s, int level, int name, const void *val, socklen_t len, const char *what)
{
	if (setsockopt(s->fd, level, name, val, len) == 0)
		return 0;
	log_warn("%s: %s: setsockopt(%s)", __func__, s->ifname, what);
	return -1;
}

static int
sock_opt_int(struct vrrp_sock *s, int level, int name, int val, const char *what)
{
	return sock_opt(s, level, name, &val, sizeof(val), what);
}

int
vrrp_sock_set_rcvbuf(struct vrrp_sock *s, int bytes)
{
	int got = 0;
	socklen_t len = sizeof(got);

	if (sock_opt_int(s, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF") != 0 ||
	    getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == -1)
		return -1;
	return got;
}

static int
sock_setup4(struct vrrp_sock *s)
{
	struct ip_mreqn mreq;

	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_multiaddr.s_addr = htonl(0xe0000012);
	mreq.imr_ifindex = s->ifindex;
	/* Without interface (unicast only) no group is joined, no multicast interface set. */
	if (!s->nodev &&
	    sock_opt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq), "IP_ADD_MEMBERSHIP"))
		return -1;
	/* The same mreqn selects the outgoing interface of multicast. */
	mreq.imr_multiaddr.s_addr = INADDR_ANY;
	if (!s->nodev &&
	    sock_opt(s, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq), "IP_MULTICAST_IF"))
		return -1;
	/* Our own adverts must not come back to us as a peer's. */
	if (sock_opt_int(s, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IP, IP_MULTICAST_TTL, VRRP_TTL, "IP_MULTICAST_TTL"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IP, IP_TTL, VRRP_TTL, "IP_TTL"))
		return -1;
	/* Only the groups joined on this socket, not every group some other
	 * socket joined (the Linux default). Old kernels lack it: not fatal. */
	sock_opt_int(s, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
	/*
	 * No IP_PKTINFO on receive: an IPv4 raw socket delivers the IP header,
	 * whose destination field is what IP_PKTINFO would report. On send, the
	 * source goes in an IP_PKTINFO control message (vrrp_sock_send()), so
	 * a change of primary address needs no new socket.
	 */
	return 0;
}

static int
sock_setup6(struct vrrp_sock *s)
{
	struct ipv6_mreq mreq;
	socklen_t len;

	memset(&mreq, 0, sizeof(mreq));
	mreq.ipv6mr_multiaddr.s6_addr[0] = 0xff;
	mreq.ipv6mr_multiaddr.s6_addr[1] = 0x02;
	mreq.ipv6mr_multiaddr.s6_addr[15] = 0x12;
	mreq.ipv6mr_interface = (unsigned)s->ifindex;
	if (!s->nodev && sock_opt(s, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof(mreq),
				  "IPV6_ADD_MEMBERSHIP"))
		return -1;
	if (!s->nodev &&
	    sock_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, s->ifindex, "IPV6_MULTICAST_IF"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VRRP_TTL, "IPV6_MULTICAST_HOPS"))
		return -1;
	/*
	 * keepalived sets only the multicast hop limit: its unicast adverts
	 * leave with the kernel's default (64). Remember that default for
	 * VRRP_SOCK_TTL_KERNEL before the socket's own becomes 255.
	 */
	len = sizeof(s->kernel_hops);
	if (getsockopt(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &s->kernel_hops, &len) == -1 ||
	    s->kernel_hops < 1 || s->kernel_hops > 255)
		s->kernel_hops = 64;
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, VRRP_TTL, "IPV6_UNICAST_HOPS"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT"))
		return -1;
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO"))
		return -1;
	sock_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
	/*
	 * IPV6_CHECKSUM stays off (-1, the default for protocols other than
	 * ICMPv6; set explicitly so nobody turns it on by accident). With an
	 * offset the kernel would overwrite the codec's checksum on send and
	 * silently discard bad ones on receive, so the codec could neither
	 * count checksum drops nor report which form matched. The codec
	 * computes the same pseudo-header checksum keepalived's kernel option
	 * does, so the wire format is unchanged.
	 */
	if (sock_opt_int(s, IPPROTO_IPV6, IPV6_CHECKSUM, -1, "IPV6_CHECKSUM"))
		return -1;
	return 0;
}

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
static void
sock_frame_open(struct vrrp_sock *s)
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
		if (sock_opt_int(s, IPPROTO_IPV6, IPV6_AUTOFLOWLABEL, 0, "IPV6_AUTOFLOWLABEL"))
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

static void
sock_frame_close(struct vrrp_sock *s)
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
	n = vrrp_frame_build(slot->buf, sizeof(slot->buf), &ip, buf, len);
	if (n == 0 || !vrrp_frame_mcast_mac(s->family, dst, slot->name.ll.sll_addr))
		return false; /* not multicast */
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

/* Point every mmsghdr of the batch at its buffer, address and control space. */
static void
sock_rx_init(void)
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

static struct vrrp_sock *
sock_open(int family, int proto, int ifindex, const char *ifname, bool nodev)
{
	struct vrrp_sock *s;
	int saved;

	if ((family != AF_INET && family != AF_INET6) || ifindex < 0 || (ifindex == 0 && !nodev) ||
	    ifname == NULL || strlen(ifname) >= IF_NAMESIZE) {
		errno = EINVAL;
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_warn("%s: %s", __func__, ifname);
		return NULL;
	}
	s->family = family;
	s->proto = proto;
	s->ifindex = ifindex;
	s->nodev = nodev;
	memcpy(s->ifname, ifname, strlen(ifname) + 1);
	sock_rx_init();

	s->fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (s->fd == -1) {
		log_warn("%s: %s: socket", __func__, ifname);
		goto error;
	}
	/* Receive only what arrives on this interface (or VRF), whatever the routes say. */
	if (ifname[0] != '\0' && sock_opt(s, SOL_SOCKET, SO_BINDTODEVICE, ifname,
					  (socklen_t)strlen(ifname) + 1, "SO_BINDTODEVICE"))
		goto error;
	/* Room for bursts (many instances, a flapping peer): 64 KiB
	 * datagram buffers make the default fill after a few packets. */
	sock_opt_int(s, SOL_SOCKET, SO_RCVBUF, SOCK_RCVBUF_BYTES, "SO_RCVBUF");
	if ((family == AF_INET ? sock_setup4(s) : sock_setup6(s)) == -1)
		goto error;
	/* The AH sender writes the IP header: the ICV covers it. */
	if (proto == IPPROTO_AH_NUM && sock_opt_int(s, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL"))
		goto error;
	sock_frame_open(s);
	return s;

error:
	saved = errno;
	vrrp_sock_close(s);
	errno = saved;
	return NULL;
}

struct vrrp_sock *
vrrp_sock_open(int family, int ifindex, const char *ifname)
{
	return sock_open(family, VRRP_IPPROTO, ifindex, ifname, false);
}

struct vrrp_sock *
vrrp_sock_open_nodev(int family, int vrf_ifindex, const char *vrf)
{
	return sock_open(family, VRRP_IPPROTO, vrf != NULL ? vrf_ifindex : 0,
			 vrf != NULL ? vrf : "", true);
}

struct vrrp_sock *
vrrp_sock_open_ah(int ifindex, const char *ifname)
{
	return sock_open(AF_INET, IPPROTO_AH_NUM, ifindex, ifname, false);
}

void
vrrp_sock_close(struct vrrp_sock *s)
{
	if (s == NULL)
		return;
	/* What was queued still goes out (a last advert before a reload). */
	vrrp_sock_flush(s);
	/* Closing leaves the multicast group too. */
	if (s->fd >= 0)
		close(s->fd);
	sock_frame_close(s);
	free(s);
}

int
vrrp_sock_fd(const struct vrrp_sock *s)
{
	return s->fd;
}

int
vrrp_sock_family(const struct vrrp_sock *s)
{
	return s->family;
}

bool
vrrp_sock_is_ah(const struct vrrp_sock *s)
{
	return s->proto == IPPROTO_AH_NUM;
}

const struct vrrp_sock_stats *
vrrp_sock_stats(const struct vrrp_sock *s)
{
	return &s->stats;
}

int
vrrp_sock_join(struct vrrp_sock *s, const union vrrp_addr *group)
{
	int rc;

	if (s->family == AF_INET) {
		struct ip_mreqn mreq;

		memset(&mreq, 0, sizeof(mreq));
		mreq.imr_multiaddr = group->v4;
		mreq.imr_ifindex = s->ifindex;
		rc = setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
	} else {
		struct ipv6_mreq mreq6;

		memset(&mreq6, 0, sizeof(mreq6));
		mreq6.ipv6mr_multiaddr = group->v6;
		mreq6.ipv6mr_interface = (unsigned)s->ifindex;
		rc = setsockopt(s->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq6, sizeof(mreq6));
	}
	/* Joined already (the default group, or another instance's). */
	if (rc == -1 && errno == EADDRINUSE)
		rc = 0;
	return rc;
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

/* Receiving ---------------------------------------------------------------- */

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
