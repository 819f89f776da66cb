/*
 * use_vmac, the live side (vrrp_vmac.c, libnl-route-3): creating,
 * configuring and removing the macvlan interfaces as keepalived 2.2.7 does.
 * The steps and their reasons, and the configuration they follow, are in
 * vrrp_vmac_conf.h.
 */
#ifndef VRRP_VMAC_H
#define VRRP_VMAC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"

/* Live interfaces (vrrp_vmac.c) ----------------------------------------------- */

struct vrrp_vmac_ctx;
struct vrrp_vmac;

struct vrrp_vmac_params {
	const char *instance; /* the instance's name, for log lines */
	int base_ifindex;     /* the instance's interface (or a VIP's, for use_vmac_addr) */
	uint8_t vrid;
	int family;                        /* AF_INET or AF_INET6: which virtual MAC */
	const struct vrrp_vmac_conf *conf; /* name, MAC, xmit_base; NULL: the defaults */
	const char *prefix; /* default names PREFIX.VRID...; NULL: "vrrp" (use_vmac_addr's) */
	bool want_ipv6;     /* an IPv4 VMAC that must keep IPv6 (IPv6 VIPs on it) */
	/*
	 * IPv6 without xmit_base: the link-local address to put on the VMAC,
	 * the parent's. NULL: one built from base_mac (EUI-64), as keepalived
	 * does when the parent has none; with neither, creation fails.
	 */
	const struct in6_addr *ll6;
	const uint8_t *base_mac; /* 6 bytes */
	/* use_ipvlan: an ipvlan (vrrp_ipvlan.c) with the parent's MAC instead. */
	const struct vrrp_ipvlan_conf *ipvlan;
};

/*
 * A context: its own rtnetlink socket and the bookkeeping of the sysctls
 * changed for the VMACs (parents' arp settings, the rp_filter values).
 * NULL on failure, logged.
 */
struct vrrp_vmac_ctx *vrrp_vmac_ctx_open(void);
/* Remove every VMAC still open (as vrrp_vmac_destroy()), restore the sysctls. */
void vrrp_vmac_ctx_close(struct vrrp_vmac_ctx *ctx);

/*
 * Create (or adopt) and configure the VMAC, and bring it up. Synchronous:
 * when it returns the interface exists and is up, although the glue's
 * netlink cache may learn of it a moment later. Logs "(VI_1): Success
 * creating VMAC interface vrrp.51" or "(VI_1) Found matching interface
 * vrrp.51", as keepalived. NULL on failure, logged.
 */
struct vrrp_vmac *vrrp_vmac_create(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p);
/*
 * Delete the interface if this process created it ("(VI_1) Success removing
 * VMAC interface vrrp.51"), leave an adopted one, release the sysctls it
 * held, and free v.
 */
void vrrp_vmac_destroy(struct vrrp_vmac_ctx *ctx, struct vrrp_vmac *v);

int vrrp_vmac_ifindex(const struct vrrp_vmac *v);
const char *vrrp_vmac_ifname(const struct vrrp_vmac *v);
const uint8_t *vrrp_vmac_get_mac(const struct vrrp_vmac *v);
bool vrrp_vmac_created(const struct vrrp_vmac *v); /* false: adopted */

/*
 * net.ipv4.conf.IFNAME.NAME of any interface (promote_secondaries): the
 * value, or -1; 0 or -1 with errno.
 */
int vrrp_if_sysctl4_get(const char *ifname, const char *name);
int vrrp_if_sysctl4_set(const char *ifname, const char *name, int value);

#endif
