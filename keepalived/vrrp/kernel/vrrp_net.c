/*
 * VRRP raw sockets: their set-up (the interface or VRF they are bound to,
 * the options, the multicast groups) and their life. What they send is
 * vrrp_net_tx.c's, what they receive vrrp_net_rx.c's.
 *
 * One socket per (interface, family). The kernel writes the IP header on
 * send and delivers, on receive, the IPv4 header with the payload (IPv4) or
 * the payload alone with ancillary data (IPv6). vrrp_net_rx.c turns both
 * into a payload pointer and a struct vrrp_pkt_meta; the three files know
 * nothing of VRRP beyond the protocol number, the group addresses and the
 * TTL of 255.
 *
 * An interface with auth_type AH instances also gets an IPv4 socket for
 * protocol 51 with IP_HDRINCL: the AH ICV covers the IP header, so the
 * sender writes that header itself (vrrp_ah_build()) and the receiver needs
 * it whole (vrrp_ah_verify()).
 */
#define _GNU_SOURCE /* struct in6_pktinfo */

#include "keepalived/vrrp/kernel/vrrp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_net_priv.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define SOCK_RCVBUF_BYTES (256 * 1024)

static int
sock_opt(struct vrrp_sock *s, int level, int name, const void *val, socklen_t len, const char *what)
{
	if (setsockopt(s->fd, level, name, val, len) == 0)
		return 0;
	log_warn("%s: %s: setsockopt(%s)", __func__, s->ifname, what);
	return -1;
}

int
vrrp_net_opt_int(struct vrrp_sock *s, int level, int name, int val, const char *what)
{
	return sock_opt(s, level, name, &val, sizeof(val), what);
}

int
vrrp_sock_set_rcvbuf(struct vrrp_sock *s, int bytes)
{
	int got = 0;
	socklen_t len = sizeof(got);

	if (vrrp_net_opt_int(s, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF") != 0 ||
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
	if (vrrp_net_opt_int(s, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IP, IP_MULTICAST_TTL, VRRP_TTL, "IP_MULTICAST_TTL"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IP, IP_TTL, VRRP_TTL, "IP_TTL"))
		return -1;
	/* Only the groups joined on this socket, not every group some other
	 * socket joined (the Linux default). Old kernels lack it: not fatal. */
	vrrp_net_opt_int(s, IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
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
	    vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, s->ifindex, "IPV6_MULTICAST_IF"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VRRP_TTL, "IPV6_MULTICAST_HOPS"))
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
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, VRRP_TTL, "IPV6_UNICAST_HOPS"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT"))
		return -1;
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO"))
		return -1;
	vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
	/*
	 * IPV6_CHECKSUM stays off (-1, the default for protocols other than
	 * ICMPv6; set explicitly so nobody turns it on by accident). With an
	 * offset the kernel would overwrite the codec's checksum on send and
	 * silently discard bad ones on receive, so the codec could neither
	 * count checksum drops nor report which form matched. The codec
	 * computes the same pseudo-header checksum keepalived's kernel option
	 * does, so the wire format is unchanged.
	 */
	if (vrrp_net_opt_int(s, IPPROTO_IPV6, IPV6_CHECKSUM, -1, "IPV6_CHECKSUM"))
		return -1;
	return 0;
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
	vrrp_net_rx_init();

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
	vrrp_net_opt_int(s, SOL_SOCKET, SO_RCVBUF, SOCK_RCVBUF_BYTES, "SO_RCVBUF");
	if ((family == AF_INET ? sock_setup4(s) : sock_setup6(s)) == -1)
		goto error;
	/* The AH sender writes the IP header: the ICV covers it. */
	if (proto == IPPROTO_AH_NUM && vrrp_net_opt_int(s, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL"))
		goto error;
	vrrp_net_frame_open(s);
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
	vrrp_net_frame_close(s);
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
