/*
 * What vrrp_netlink.c and vrrp_nl_vips.c share: the handle itself, its
 * sizes and the raw send/receive helpers. Internal to the netlink module.
 */
#ifndef VRRP_NL_PRIV_H
#define VRRP_NL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vrrp_ifcache.h"
#include "vrrp_netlink.h"

struct nl_sock;

#define VNL_RXBUF_SIZE (64 * 1024) /* more than the kernel puts in one dump datagram */
#define VNL_MONITOR_RCVBUF (4 * 1024 * 1024)
#define VNL_REQUEST_RCVBUF (1024 * 1024)
/*
 * Requests per datagram. Each acknowledgement occupies well under 2 KiB of
 * receive buffer, so a full batch of them fits the request socket's buffer
 * with a wide margin and none is dropped before it is read.
 */
#define VNL_BATCH_MAX 64
#define VNL_REQ_MAX 256 /* bytes of one VIP request, attributes included */
#define VNL_PROCESS_BUDGET 64 /* datagrams per vrrp_nl_process() */
#define VNL_DRAIN_MAX 65536
#define VNL_DUMP_TRIES 5
#define VNL_REQUEST_TIMEOUT_S 2

struct vrrp_nl {
	struct nl_sock *mon;
	struct nl_sock *req;
	uint32_t seq;
	struct ifcache cache;
	struct vrrp_nl_cbs cbs;
	struct vrrp_nl_stats stats;
	uint32_t dump_order;
	bool resync_pending; /* a resync failed half-way: retry it */
	/*
	 * Separate receive buffers: a callback run while a monitor datagram is
	 * being walked may send a VIP batch and read its acks.
	 */
	uint8_t *mon_buf; /* VNL_RXBUF_SIZE */
	uint8_t *req_buf; /* VNL_RXBUF_SIZE */
	uint8_t *txbuf;	  /* VNL_BATCH_MAX * VNL_REQ_MAX */
};

const char *vrrp_nl_ntop(int family, const union vrrp_addr *a, char *buf, size_t len);
/*
 * Receive one datagram into buf. Returns its length, 0 for one that did not
 * come from the kernel (any local process may unicast to our port), -1 with
 * errno set. *truncated tells whether it did not fit.
 */
ssize_t vrrp_nl_recv_kernel(int fd, uint8_t *buf, size_t len, int flags, bool *truncated);
/* Send buf (one or more netlink messages) to the kernel. 0 or -1 (errno). */
int vrrp_nl_send_kernel(struct nl_sock *sk, const void *buf, size_t len);

#endif
