/*
 * use_ipvlan, the configuration side (vrrp_conf_ipvlan.c, no system calls);
 * the live side is keepalived/vrrp/kernel/vrrp_ipvlan.h.
 *
 * use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa]: instead of a
 * macvlan with a virtual MAC (use_vmac), an ipvlan in mode L2 on the
 * instance's interface, sharing the parent's MAC. The VIPs go on it, and
 * adverts leave and arrive on it, from ADDRESS (required for IPv4, where
 * an advert needs a source address; an IPv6 one may do without and use
 * its link-local address). The words may come in any order, as
 * keepalived 2.2.7 takes them; the mode defaults to bridge.
 */
#ifndef VRRP_IPVLAN_CONF_H
#define VRRP_IPVLAN_CONF_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

/* The mode flags, as the kernel's IFLA_IPVLAN_FLAGS (linux/if_link.h). */
#define VRRP_IPVLAN_F_BRIDGE 0x00
#define VRRP_IPVLAN_F_PRIVATE 0x01
#define VRRP_IPVLAN_F_VEPA 0x02

struct vrrp_ipvlan_conf {
	bool enabled;             /* use_ipvlan given */
	char ifname[IF_NAMESIZE]; /* empty: vrrp.VRID, or the first free vrrpN.VRID */
	bool has_addr;
	int family; /* of addr */
	union vrrp_addr addr;
	uint8_t prefixlen; /* default 32 / 128 */
	uint16_t flags;    /* VRRP_IPVLAN_F_* */
	int line;          /* of use_ipvlan, for the checks after the file */
};

/* use_ipvlan (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_ipvlan_instance_keywords[];

/*
 * After the whole file: an address of the other family is ignored with a
 * warning (as keepalived); use_ipvlan with use_vmac, an IPv4 instance
 * without an address, or a name another instance or the instance's own
 * interface has, are errors. Returns the number of errors.
 */
int vrrp_ipvlan_conf_finish(struct vrrp_conf *conf);
void vrrp_ipvlan_conf_free(struct vrrp_ipvlan_conf *ic); /* NULL is fine */
/* -d and reload: the instance's use_ipvlan line, indented by 4. */
void vrrp_ipvlan_conf_dump(const struct vrrp_ipvlan_conf *ic,
			   void (*out)(const char *line, void *arg), void *arg);

#endif
