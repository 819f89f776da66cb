/*
 * Routes, rules and static addresses, the kernel side: installing and
 * removing a block in netlink batches (vrrp_route_nl.c) and reading the
 * iproute2 name files (vrrp_route_names.c). The entries and their syntax
 * are in vrrp_route_conf.h.
 */
#ifndef VRRP_ROUTE_H
#define VRRP_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_route_conf.h"

/* The reader of the files, as ip(8) reads them: dir/file, then dir/file.d/ *.conf. */
bool vrrp_route_names_read(const char *dir, const char *file, const char *name, uint64_t *out);

/* Installation (vrrp_route_nl.c, libnl-route-3) ------------------------------- */

struct vrrp_route_nl;

/* Interface name to index; 0 if unknown. The default is if_nametoindex(). */
typedef int (*vrrp_route_ifindex_fn)(void *arg, const char *ifname);

struct vrrp_route_nl_stats {
	uint64_t batches;  /* datagrams sent */
	uint64_t requests; /* requests in them */
	uint64_t failures;
};

/* An rtnetlink socket of its own. NULL on failure, logged. */
struct vrrp_route_nl *vrrp_route_nl_open(void);
void vrrp_route_nl_close(struct vrrp_route_nl *h);
/* Resolve names through the glue's interface cache instead of a syscall each. */
void vrrp_route_nl_set_resolver(struct vrrp_route_nl *h, vrrp_route_ifindex_fn fn, void *arg);
/* The socket's netlink port: what the kernel names in the changes its requests make. */
uint32_t vrrp_route_nl_port(const struct vrrp_route_nl *h);

/*
 * Install (add) or remove everything rc holds, in one batch: every request
 * is sent before any answer is read (datagrams of up to 64), then the
 * acknowledgements are collected. Adding goes addresses, routes, rules;
 * removing the reverse. Already present on add (EEXIST) and already absent
 * on remove (ESRCH, ENOENT, EADDRNOTAVAIL, ENODEV) count as success, so
 * applying twice is harmless. Addresses without dev go on default_ifindex
 * (keepalived's default_interface). who prefixes the log lines, e.g. "(VI_1)".
 * Returns 0, or the number of failed entries, each logged once with the
 * entry in keepalived.conf syntax and the kernel's reason.
 */
int vrrp_route_apply(struct vrrp_route_nl *h, const struct vrrp_routes_conf *rc, bool add,
		     int default_ifindex, const char *who);

const struct vrrp_route_nl_stats *vrrp_route_nl_get_stats(const struct vrrp_route_nl *h);

#endif
