/*
 * use_vmac, the configuration side (vrrp_conf_vmac.c, no system calls);
 * the live side is vrrp_vmac.h, which includes this header.
 *
 * use_vmac: a macvlan interface in private mode on the instance's
 * interface, carrying the virtual MAC 00:00:5e:00:01:VRID (IPv6:
 * 00:00:5e:00:02:VRID), so that clients keep the same MAC across a
 * failover (RFC 5798 §7.3).
 *
 * The configuration side (vrrp_conf_vmac.c) reads use_vmac [NAME] [MAC],
 * vmac_xmit_base and use_vmac_addr into struct vrrp_vmac_conf, and decides
 * which addresses need a VMAC of their own (use_vmac_addr, or use_vmac on an
 * address with dev) and with what name (vmac_addr_prefix). The live side
 * (vrrp_vmac.c, libnl-route-3) creates, configures and removes the
 * interfaces the way keepalived 2.2.7 does:
 *
 *  - macvlan mode private, named as configured or vrrp.VRID (the first free
 *    of vrrpN.VRID if that is taken; IPv6 tries vrrp6.VRID first), with the
 *    virtual MAC, on the instance's interface; an existing private macvlan
 *    with that MAC on that interface is used as it is found;
 *  - IPv6 address generation off (IN6_ADDR_GEN_MODE_NONE), so that no
 *    link-local address is derived from the shared MAC (two routers would
 *    get the same one: PROTOCOL.md §7, keepalived issue #757);
 *  - IPv4: on the VMAC arp_ignore=1, accept_local=1, rp_filter=0 and
 *    promote_secondaries=1, on the parent arp_ignore=1 and arp_filter=1,
 *    and (not in keepalived) arp_announce=2, so that ARP requests the parent
 *    sends for replies from a VIP do not teach clients the parent's MAC;
 *    IPv6 disabled on the VMAC unless the instance needs it; and when
 *    net.ipv4.conf.all.rp_filter is set, every interface's rp_filter raised
 *    to it, default.rp_filter likewise and all.rp_filter set to 0, so that
 *    adverts arriving on the VMAC pass the reverse path filter. The parent's
 *    and the global values are restored when the last VMAC that needed them
 *    goes;
 *  - IPv6 without vmac_xmit_base: the parent's link-local address (or one
 *    built from the parent's MAC) on the VMAC, without DAD and deprecated,
 *    so that adverts leave the VMAC from a non-VIP link-local address;
 *  - then up. On removal only a VMAC this process created is deleted.
 */
#ifndef VRRP_VMAC_CONF_H
#define VRRP_VMAC_CONF_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

#define VRRP_VMAC_LEN 6

struct vrrp_vmac_conf {
	bool enabled;             /* use_vmac given */
	char ifname[IF_NAMESIZE]; /* empty: vrrp.VRID or the first free vrrpN.VRID */
	bool has_mac;             /* use_vmac ... MAC: instead of the RFC's */
	bool mac_use_vrid;        /* only five octets given: the VRID is the sixth */
	uint8_t mac[VRRP_VMAC_LEN];
	bool xmit_base;     /* vmac_xmit_base: adverts leave and arrive on the parent */
	bool use_vmac_addr; /* VIPs on another interface get a VMAC there (vrrp_vmac_addr_slots) */
	/* Set by vrrp_vmac_conf_finish() when an address needs a VMAC: vrrp_vmac_addr_prefix(). */
	bool has_addr_vmacs;
	char addr_prefix[16];
};

/* Configuration (vrrp_conf_vmac.c) ------------------------------------------- */

/* use_vmac, vmac_xmit_base, use_vmac_addr (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_vmac_instance_keywords[];

/*
 * After the whole file (and after vrrp_conf_finish()): the checks that need
 * every instance; an instance with an address that needs a VMAC gets a
 * struct vrrp_vmac_conf (has_addr_vmacs, addr_prefix) if it had none.
 * vmac_xmit_base without use_vmac is ignored with a warning, as keepalived
 * does; a name used by two instances, or that is an
 * instance's own interface, is an error. Returns the number of errors.
 */
int vrrp_vmac_conf_finish(struct vrrp_conf *conf);
void vrrp_vmac_conf_free(struct vrrp_vmac_conf *vc); /* NULL is fine */
/* -d: the instance's VMAC lines, indented by 4. */
void vrrp_vmac_conf_dump(const struct vrrp_vmac_conf *vc, void (*out)(const char *line, void *arg),
			 void *arg);

/* The virtual MAC of an instance: the configured one, or 00:00:5e:00:0{1,2}:VRID. */
void vrrp_vmac_mac(const struct vrrp_vmac_conf *vc, int family, uint8_t vrid,
		   uint8_t mac[VRRP_VMAC_LEN]);
/*
 * The attempt-th default name: vrrp.VRID, then vrrp1.VRID, vrrp2.VRID...
 * (IPv6: vrrp6.VRID, then vrrp1.VRID... skipping 6), as keepalived picks
 * them. Returns 0, or -1 when attempt is past the last name that fits.
 */
int vrrp_vmac_default_name(int family, uint8_t vrid, unsigned attempt, char *buf, size_t len);
/*
 * use_vmac_addr: whether vip needs a VMAC of its own (on its dev, or the
 * instance's interface): with use_vmac_addr, when it names another
 * interface than the instance's or is of the other family (an excluded
 * one); and when it has its own use_vmac, unless it has no dev and the
 * instance has use_vmac (it is on that VMAC). keepalived 2.2.7 does the
 * same, with or without the instance's own use_vmac.
 */
bool vrrp_vmac_vip_wants_vmac(const struct vrrp_instance_conf *vi, const struct vrrp_vip *vip);
/* The interface a VMAC for vip goes on: its dev, else the instance's. */
const char *vrrp_vmac_vip_parent(const struct vrrp_instance_conf *vi, const struct vrrp_vip *vip);
/*
 * Which addresses (the VIPs, then the excluded ones, as vrrp_inst_addr()
 * numbers them) share which VMAC: one per (parent interface, family).
 * slot_of[i] (room for nvips + nevips) gets the VMAC's number or -1;
 * first_of[k] (same room) the first address of VMAC k, whose parent and
 * family are the VMAC's. Returns the number of VMACs.
 */
size_t vrrp_vmac_addr_slots(const struct vrrp_instance_conf *vi, int *slot_of, size_t *first_of);
/* Whether vi has addresses with VMACs of their own (a reload restarts such an instance). */
static inline bool
vrrp_vmac_conf_has_addr_vmacs(const struct vrrp_instance_conf *vi)
{
	return vi->vmac != NULL && vi->vmac->has_addr_vmacs;
}
/* The name prefix of those VMACs: vmac_addr_prefix, else vmac_prefix, else "vrrp". */
const char *vrrp_vmac_addr_prefix(const struct vrrp_global_conf *g);
/* vrrp_vmac_default_name() with another prefix than "vrrp" (PREFIX.VRID, PREFIXn.VRID). */
int vrrp_vmac_prefixed_name(const char *prefix, int family, uint8_t vrid, unsigned attempt,
			    char *buf, size_t len);

#endif
