/*
 * What vrrp_netlink.c and vrrp_nl_vips.c share: the handle itself and its
 * sizes. Internal to the netlink module; the request socket underneath is
 * vrrp_nlreq.h's.
 */
#ifndef VRRP_NL_PRIV_H
#define VRRP_NL_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "keepalived/vrrp/kernel/vrrp_ifcache.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"

#include "keepalived/vrrp/kernel/vrrp_nlreq.h"

struct nl_sock;

#define VNL_RXBUF_SIZE (64 * 1024) /* more than the kernel puts in one dump datagram */
#define VNL_MONITOR_RCVBUF (4 * 1024 * 1024)
/* VIP requests per datagram: a full batch of acks fits the request socket's buffer. */
#define VNL_BATCH_MAX VRRP_NLREQ_BATCH_MAX
#define VNL_PROCESS_BUDGET 64 /* datagrams per vrrp_nl_process() */
#define VNL_DRAIN_MAX 65536
#define VNL_DUMP_TRIES 5

struct vrrp_nl {
	struct nl_sock *mon;
	struct vrrp_nlreq *req;
	struct ifcache cache;
	struct vrrp_nl_cbs cbs;
	struct vrrp_nl_stats stats;
	uint32_t dump_order;
	bool resync_pending;    /* a resync failed half-way: retry it */
	uint64_t addr_removals; /* addresses gone from the cache (vrrp_nl_addr_removals()) */
	uint32_t event_port;    /* the requester named in the address message reported */
	uint32_t own_ports[4];  /* our other request sockets' (vrrp_nl_own_port_add()) */
	unsigned n_own_ports;
	/*
	 * Not the request socket's buffer: a callback run while a monitor
	 * datagram is being walked may send a VIP batch and read its acks.
	 */
	uint8_t *mon_buf; /* VNL_RXBUF_SIZE */
	/* Deletions held across calls (vrrp_nl_vips_hold()); NULL when none. */
	struct vnl_hold *hold;
};

const char *vrrp_nl_ntop(int family, const union vrrp_addr *a, char *buf, size_t len);

#endif
