/*
 * keepalived 2.2.7's -D (--log-detail) lines about the addresses of the
 * interfaces it watches: "Assigned address A for interface IF" when an
 * interface that an instance uses or tracks gets its first IPv4 address (or
 * IPv6 link-local address), "Deassigned address A from interface IF" when
 * its last one goes; and the start-up lines written between reading the
 * configuration and starting the instances. Nothing here runs without -D.
 */
#ifndef KEEPALIVED_VRRP_RUN_VRRP_ADDR_DETAIL_H
#define KEEPALIVED_VRRP_RUN_VRRP_ADDR_DETAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

struct vrrp_nl;
struct vrrp_inst;

struct vrrp_addr_detail;

/*
 * With -D: note each interface's first address of each family (keepalived's
 * "primary"), as keepalived's first dump does, and write the start-up lines
 * (the instances' interfaces' addresses, the GARP/NDISC channels). Returns
 * NULL without -D or out of memory (then nothing more is written).
 */
struct vrrp_addr_detail *vrrp_addr_detail_start(const struct vrrp_nl *nl,
						const struct vrrp_conf *conf,
						const struct vrrp_inst *insts, size_t ninsts);
/* An address netlink reported (the cache already updated); NULL ad: nothing. */
void vrrp_addr_detail_event(struct vrrp_addr_detail *ad, const struct vrrp_nl *nl,
			    const struct vrrp_conf *conf, const struct vrrp_inst *insts,
			    size_t ninsts, int family, int ifindex, const union vrrp_addr *a,
			    bool added);
void vrrp_addr_detail_free(struct vrrp_addr_detail *ad);

#endif
