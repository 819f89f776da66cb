/*
 * Link seam of the receive-path fuzzer (fuzz_vrrp_rx): forced into every
 * daemon source compiled into it (clang -include), it sends the socket
 * calls of vrrp_net*.c and vrrp_arp.c to fuzz_sys.c instead of the kernel.
 * A "socket" is an eventfd, so the real event loop can watch it; receiving
 * returns the datagram the fuzzer queued, sending only counts. Nothing
 * reaches a network.
 *
 * The system headers come first, so their prototypes keep the real names;
 * only the calls in the daemon's code are renamed.
 */
#ifndef FUZZ_SYS_H
#define FUZZ_SYS_H

/* vrrp_net*.c's own definition (recvmmsg, sendmmsg), made before any header. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/types.h>
#include <sys/socket.h>

int fuzz_sys_socket(int domain, int type, int protocol);
int fuzz_sys_setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int fuzz_sys_getsockopt(int fd, int level, int name, void *val, socklen_t *len);
ssize_t fuzz_sys_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t fuzz_sys_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
			socklen_t tolen);
int fuzz_sys_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags,
		      struct timespec *timeout);

/* What the fuzzer drives (fuzz_vrrp_rx.c). */
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

/* One datagram as a raw socket would deliver it, with what the kernel adds. */
struct fuzz_dgram {
	const uint8_t *data;
	size_t len;
	bool trunc; /* MSG_TRUNC whatever the length */
	/* IPv6 sockets: the source in msg_name, destination and hop limit in
	 * control messages; each may be missing, as a misbehaving kernel's. */
	bool has_name;
	bool has_pktinfo;
	bool has_hops;
	bool ctrunc; /* MSG_CTRUNC */
	struct in6_addr src;
	struct in6_addr dst;
	int hops;
};

/* Forget every socket (fuzz_sys.c also replaces close(), which forgets one). */
void fuzz_sys_reset(void);
/* The descriptor of the socket for (domain, protocol) bound to ifname, or -1. */
int fuzz_sys_find(int domain, int protocol, const char *ifname);
/* Queue d (copied by reference: keep it alive until received) on fd and make
 * fd readable for the event loop. 0, or -1 if fd is not one of ours. */
int fuzz_sys_queue(int fd, const struct fuzz_dgram *d);
/* Kernel events of the fake netlink module (fuzz_netlink.c). */
struct vrrp_nl;
void fuzz_nl_link_toggle(struct vrrp_nl *nl, int ifindex);
void fuzz_nl_vip_vanish(struct vrrp_nl *nl, int ifindex);

/* Datagrams and frames the daemon sent since the start. */
uint64_t fuzz_sys_sent(void);

#define socket(d, t, p) fuzz_sys_socket(d, t, p)
#define setsockopt(f, l, n, v, s) fuzz_sys_setsockopt(f, l, n, v, s)
#define getsockopt(f, l, n, v, s) fuzz_sys_getsockopt(f, l, n, v, s)
#define sendmsg(f, m, fl) fuzz_sys_sendmsg(f, m, fl)
#define sendto(f, b, l, fl, t, tl) fuzz_sys_sendto(f, b, l, fl, t, tl)
#define recvmmsg(f, m, v, fl, t) fuzz_sys_recvmmsg(f, m, v, fl, t)

#endif
