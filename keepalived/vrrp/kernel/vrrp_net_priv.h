/*
 * What the three files of the VRRP raw sockets share, and nobody else
 * needs: vrrp_net.c (their set-up), vrrp_net_rx.c (receiving) and
 * vrrp_net_tx.c (sending, the frame path). The rest of the daemon sees the
 * socket as the opaque struct vrrp_sock of vrrp_net.h.
 */
#ifndef VRRP_NET_PRIV_H
#define VRRP_NET_PRIV_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "keepalived/vrrp/kernel/vrrp_net.h"

#define IPV4_HDR_MIN 20
#define IPPROTO_AH_NUM 51 /* vrrp_ah.h's VRRP_AH_IPPROTO; kept free of that header */

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
	bool framing;    /* the frame path (vrrp_net_tx.c) sends its multicast */
	uint16_t ip_id;  /* IPv4 identification, counting up */
	uint8_t tos;     /* the raw socket's IP_TOS / IPV6_TCLASS */
	bool df;         /* the raw socket's IP_MTU_DISCOVER sets DF */
};

/* setsockopt() of an int, with a line naming what failed (vrrp_net.c). */
int vrrp_net_opt_int(struct vrrp_sock *s, int level, int name, int val, const char *what);
/* Wire the receive batch together, once for the process (vrrp_net_rx.c). */
void vrrp_net_rx_init(void);
/* Let s use the frame path if it applies; leave it at close (vrrp_net_tx.c). */
void vrrp_net_frame_open(struct vrrp_sock *s);
void vrrp_net_frame_close(struct vrrp_sock *s);

#endif
