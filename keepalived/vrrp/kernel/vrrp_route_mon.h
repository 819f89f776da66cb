/*
 * The route and rule monitor: a netlink socket of its own, subscribed to
 * the IPv4/IPv6 route and rule groups, that reports deletions. It is apart
 * from the link/address monitor (vrrp_netlink.h) so that a host carrying a
 * full routing table floods only this one. It decides nothing: each
 * RTM_DELROUTE / RTM_DELRULE is read into a struct vrrp_route / vrrp_rule
 * (vrrp_route_match.h says which fields) and handed to the callback.
 */
#ifndef VRRP_ROUTE_MON_H
#define VRRP_ROUTE_MON_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_route_conf.h"

struct vrrp_route_mon;

/*
 * route_del / rule_del: one deletion. overrun: the kernel dropped
 * notifications (the socket's buffer was full); what was deleted then is
 * unknown. Any member may be NULL.
 */
struct vrrp_route_mon_cbs {
	void (*route_del)(void *arg, const struct vrrp_route *seen);
	void (*rule_del)(void *arg, const struct vrrp_rule *seen);
	void (*overrun)(void *arg);
	void *arg;
};

struct vrrp_route_mon_stats {
	uint64_t messages;  /* notifications read */
	uint64_t deletions; /* of which deletions reported */
	uint64_t overruns;  /* ENOBUFS */
	uint64_t malformed; /* too short to read */
};

/* NULL on failure (logged). The socket is non-blocking. */
struct vrrp_route_mon *vrrp_route_mon_open(const struct vrrp_route_mon_cbs *cbs);
void vrrp_route_mon_close(struct vrrp_route_mon *m);
/* For the event loop (EV_READ). */
int vrrp_route_mon_fd(const struct vrrp_route_mon *m);
/* Read what is pending (a bounded number of datagrams) and make the callbacks. */
void vrrp_route_mon_process(struct vrrp_route_mon *m);
const struct vrrp_route_mon_stats *vrrp_route_mon_get_stats(const struct vrrp_route_mon *m);

#endif
