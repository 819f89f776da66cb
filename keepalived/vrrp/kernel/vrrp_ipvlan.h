/*
 * use_ipvlan, the live side (vrrp_ipvlan.c, libnl): creating an instance's
 * ipvlan interface (mode L2, the configured flags) on its interface, with
 * the configured address, up. The interface is then handled as a VMAC
 * this process created (vrrp_vmac.c: its ifindex and name carry the VIPs
 * and the adverts, and vrrp_vmac_destroy() deletes it); the configuration
 * is in keepalived/vrrp/conf/vrrp_ipvlan_conf.h.
 */
#ifndef VRRP_IPVLAN_H
#define VRRP_IPVLAN_H

#include <net/if.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"

struct nl_sock;

/*
 * On sk (synchronous requests): pick the name (the configured one, else
 * vrrp.VRID or the first free vrrpN.VRID, as for a VMAC; an ipvlan left
 * with the configured name on the same parent by an earlier run is
 * replaced), create the interface, add the address, bring it up. Logs
 * "(VI_1): Success creating ipvlan interface vrrp.51" or "(VI_1): Unable
 * to create ipvlan interface vrrp.51 - REASON". Fills ifname and
 * *ifindex; 0, or -1 with nothing left behind.
 */
int vrrp_ipvlan_add(struct nl_sock *sk, const char *instance, int base_ifindex, uint8_t vrid,
		    int family, const struct vrrp_ipvlan_conf *ic, char ifname[IF_NAMESIZE],
		    int *ifindex);

#endif
