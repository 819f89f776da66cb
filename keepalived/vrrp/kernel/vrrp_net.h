/*
 * VRRP packet I/O: one raw socket (IP protocol 112) per interface and address
 * family, shared by the instances on that interface. The module only moves
 * bytes: it sends a payload built by the codec and hands each received VRRP
 * payload, with what the IP layer knew about it (struct vrrp_pkt_meta), to a
 * callback. Checksums, TTL policy and everything VRRP are the codec's job.
 *
 * auth_type AH instances (IPv4 only) use a second socket on the interface,
 * for IP protocol 51 with IP_HDRINCL (vrrp_sock_open_ah()): whole datagrams
 * in both directions, since the AH ICV covers the IP header (vrrp_ah.h).
 *
 * With vrrp_sock_set_framing(), batched multicast adverts
 * (vrrp_sock_queue()) on an Ethernet interface leave through one packet
 * socket of the process instead, with the IP
 * header the raw socket would have written (vrrp_net_tx.c, vrrp_frame.h):
 * fewer kernel steps per advert, the same packet on the wire.
 *
 * Sending and receiving never allocate: the receive buffers are allocated
 * once per socket by vrrp_sock_open().
 */
#ifndef VRRP_NET_H
#define VRRP_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct msghdr;
struct vrrp_pkt_meta;
struct vrrp_sock;
union vrrp_addr;

/* Datagrams read with one recvmmsg() call. */
#define VRRP_SOCK_BATCH 16
/* Datagrams handled per vrrp_sock_recv() call, so that one busy socket
 * cannot starve the rest of the event loop; the fd stays readable. */
#define VRRP_SOCK_RECV_CAP (4 * VRRP_SOCK_BATCH)
/* Datagrams sent with one sendmmsg() call (vrrp_sock_queue()). */
#define VRRP_SOCK_TX_BATCH 64
/* Largest payload vrrp_sock_queue() copies into its batch; a larger one is
 * sent at once. An advert with up to 20 IPv6 addresses fits. */
#define VRRP_SOCK_TX_SLOT_LEN 344
/* Receive buffer per datagram: the largest VRRP packet (VRRP_PKT_MAX) plus
 * an IPv4 header with options, rounded up. Anything larger is not VRRP. */
#define VRRP_SOCK_BUF_LEN 4608

/* Why the I/O layer dropped a datagram before the codec saw it. */
enum vrrp_sock_drop {
	VRRP_SOCK_DROP_NONE = 0,
	VRRP_SOCK_DROP_TRUNCATED,    /* larger than VRRP_SOCK_BUF_LEN */
	VRRP_SOCK_DROP_IP_SHORT,     /* shorter than an IPv4 header */
	VRRP_SOCK_DROP_IP_VERSION,   /* IP version field is not 4 */
	VRRP_SOCK_DROP_IP_HLEN,      /* IHL < 5 or beyond the datagram */
	VRRP_SOCK_DROP_IP_LENGTH,    /* total length differs from what was read */
	VRRP_SOCK_DROP_IP_PROTO,     /* protocol is not 112 (51 on the AH socket) */
	VRRP_SOCK_DROP_NO_ANCILLARY, /* IPv6 without hop limit or destination */
	VRRP_SOCK_DROP_COUNT_
};

/* Stable snake_case name of a drop reason, for logs and the status output. */
const char *vrrp_sock_drop_name(enum vrrp_sock_drop reason);

struct vrrp_sock_stats {
	uint64_t rx_packets; /* handed to the callback */
	uint64_t rx_errors;  /* recvmmsg() failures other than EAGAIN/EINTR */
	uint64_t rx_drops[VRRP_SOCK_DROP_COUNT_];
	uint64_t tx_packets;
	uint64_t tx_errors;
};

/* Called for every datagram that passed the IP checks. pkt starts at the VRRP
 * header (on the AH socket: at the IPv4 header, the whole datagram) and stays
 * valid only until the callback returns. The callback must not close the
 * socket. */
typedef void (*vrrp_sock_cb)(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
			     void *arg);

/*
 * Open the VRRP socket of family (AF_INET or AF_INET6) on interface ifindex,
 * whose name is ifname: bound to the device, member of 224.0.0.18 or ff02::12
 * there, TTL/hop limit 255, multicast not looped back to us.
 * Returns NULL on failure (logged, errno set).
 */
struct vrrp_sock *vrrp_sock_open(int family, int ifindex, const char *ifname);
/*
 * vrrp_framed_adverts: whether sockets opened from now on may send their
 * batched multicast adverts through the packet socket (the frame path).
 * Off by default: frames skip netfilter's output hooks, which keepalived's
 * adverts (and ours on the raw socket) go through, so a firewall rule on
 * outgoing VRRP would no longer apply.
 */
void vrrp_sock_set_framing(bool on);
/*
 * The socket of instances without interface (unicast only): bound to the
 * VRF device vrf (vrf_ifindex) when vrf is not NULL, else to no device;
 * no multicast group joined. Adverts then leave by the routes (of the VRF).
 */
struct vrrp_sock *vrrp_sock_open_nodev(int family, int vrf_ifindex, const char *vrf);

/*
 * Open the AH socket of interface ifindex: IPv4, IP protocol 51, with
 * IP_HDRINCL, otherwise set up as vrrp_sock_open(AF_INET, ...) does (device,
 * 224.0.0.18, no loopback). Its callback gets whole IPv4 datagrams for
 * vrrp_ah_verify(); it sends with vrrp_sock_send_dgram() only.
 * Returns NULL on failure (logged, errno set).
 */
struct vrrp_sock *vrrp_sock_open_ah(int ifindex, const char *ifname);

/* The descriptor to watch for EV_READ. */
int vrrp_sock_fd(const struct vrrp_sock *s);
/*
 * vrrp_rx_bufs_policy: set the receive buffer to bytes; returns the size the
 * kernel reports back (it doubles what it is given), or -1.
 */
int vrrp_sock_set_rcvbuf(struct vrrp_sock *s, int bytes);
int vrrp_sock_family(const struct vrrp_sock *s);
bool vrrp_sock_is_ah(const struct vrrp_sock *s);
const struct vrrp_sock_stats *vrrp_sock_stats(const struct vrrp_sock *s);

/*
 * Send one VRRP payload (the codec's bytes, starting at the VRRP header) to
 * dst, from src. The kernel writes the IP header. IPv4: src is the
 * interface's primary address; IPv6: its link-local address. src NULL lets
 * the kernel choose, which VRRP does not want outside tests.
 * Returns 0, or -1 with errno set (EAGAIN when the socket buffer is full,
 * EINVAL on the AH socket).
 */
int vrrp_sock_send(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		   const union vrrp_addr *dst);
/*
 * The same with the TTL (IPv4) or hop limit (IPv6) of this datagram only,
 * in an IP_TTL / IPV6_HOPLIMIT control message: 1..255 (0 too for IPv6),
 * -1 for the socket's (255, as vrrp_sock_send()), or VRRP_SOCK_TTL_KERNEL
 * for what the kernel uses on a plain socket (64 as a rule; keepalived's
 * IPv6 unicast adverts leave with it).
 */
#define VRRP_SOCK_TTL_KERNEL (-2)
/* Receive a further multicast group (mcast_dst_ip, vrrp_mcast_group4/6): 0, or -1 with errno. */
int vrrp_sock_join(struct vrrp_sock *s, const union vrrp_addr *group);
int vrrp_sock_send_ttl(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		       const union vrrp_addr *dst, int ttl);

/*
 * Batched sending. vrrp_sock_queue() copies the datagram (payload, source,
 * destination, ttl as vrrp_sock_send_ttl()) into the send batch, one for
 * the process (every socket's datagrams; vrrp_sock_queued(): s's);
 * vrrp_sock_flush() sends the whole batch, with one sendmmsg() per socket,
 * each socket's datagrams in the order queued (s only says who asks).
 * A full batch (VRRP_SOCK_TX_BATCH) is flushed at once, and so is the batch
 * before a vrrp_sock_send*() and when a socket is closed, so datagrams
 * never overtake one another. A datagram that fails in a flush is
 * counted in tx_errors and in *errors (may be NULL).
 * vrrp_sock_queue() returns 0 when queued, 1 when it had to send at once
 * (too large for a slot), -1 with errno set if that
 * send failed. vrrp_sock_flush() returns the datagrams sent.
 */
int vrrp_sock_queue(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		    const union vrrp_addr *dst, int ttl, uint64_t *errors);
int vrrp_sock_flush(struct vrrp_sock *s);
unsigned vrrp_sock_queued(const struct vrrp_sock *s);

/*
 * Send one whole IPv4 datagram (vrrp_ah_build()'s) on the AH socket, to the
 * destination written in its header. The kernel keeps the header as given
 * but for the checksum, which it recomputes, and an identification of 0,
 * which it replaces. Returns 0, or -1 with errno set (EINVAL on a socket
 * that is not the AH socket).
 */
int vrrp_sock_send_dgram(struct vrrp_sock *s, const void *dgram, size_t len);

/*
 * Read what is queued, up to VRRP_SOCK_RECV_CAP datagrams, and call cb for
 * every one that passes the IP checks; the others are counted in the stats.
 * Returns the number of datagrams read (passed or dropped), or -1 with errno
 * set if the first read failed with something other than EAGAIN. Every
 * socket reads into the same buffers: the datagram cb is handed is valid
 * until cb returns, and a call from inside cb reads nothing (returns 0).
 */
int vrrp_sock_recv(struct vrrp_sock *s, vrrp_sock_cb cb, void *arg);

void vrrp_sock_close(struct vrrp_sock *s);

/*
 * The IP-level checks, exposed for the unit tests.
 *
 * vrrp_sock_parse_ipv4(): dgram is what an IPv4 raw socket delivers (the IP
 * header, then the payload). Validates the header, fills meta (family, src,
 * dst, ttl, multicast) and points *payload past the header.
 *
 * vrrp_sock_parse_ipv6(): an IPv6 raw socket delivers only the payload; the
 * source comes from msg_name, destination and hop limit from the
 * IPV6_PKTINFO and IPV6_HOPLIMIT control messages of msg.
 *
 * Both return VRRP_SOCK_DROP_NONE or the reason to drop.
 */
enum vrrp_sock_drop vrrp_sock_parse_ipv4(const uint8_t *dgram, size_t len,
					 struct vrrp_pkt_meta *meta, const uint8_t **payload,
					 size_t *payload_len);
enum vrrp_sock_drop vrrp_sock_parse_ipv6(const struct msghdr *msg, struct vrrp_pkt_meta *meta);
/* The same IPv4 checks for the AH socket: protocol 51, the payload is not
 * split off (the callback gets the whole datagram). */
enum vrrp_sock_drop vrrp_sock_parse_ipv4_ah(const uint8_t *dgram, size_t len,
					    struct vrrp_pkt_meta *meta);

#endif
