/*
 * The interface cache behind vrrp_netlink.c: interfaces by index, their
 * addresses in the kernel's order, and the set of addresses this daemon
 * installed. Pure data structure: no sockets, no callbacks. Internal to the
 * netlink module.
 */
#ifndef VRRP_IFCACHE_H
#define VRRP_IFCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/kernel/vrrp_netlink.h"

/* Marks used while a resync compares the kernel's dump with the cache. */
enum ifc_mark {
	IFC_SEEN = 0, /* in the cache and in the dump, unchanged */
	IFC_STALE,    /* not (yet) seen in the dump */
	IFC_NEW,      /* created by the dump */
	IFC_CHANGED,  /* in both, but different */
};

struct ifc_addr {
	struct vrrp_nl_ifaddr pub;
	uint8_t mark;
	uint32_t order; /* position in the last dump */
};

struct ifc_iface {
	struct vrrp_ifinfo info;
	bool reported_up; /* the state the glue was last told */
	bool raw_up;      /* the kernel's; info.up follows it unless held */
	bool held;        /* vrrp_nl_link_hold(): info.up kept as it is */
	uint8_t mark;
	struct ifc_addr *addrs;
	size_t naddrs, cap;
	/*
	 * From IFC_INDEX_MIN addresses on: an index of addrs by address (open
	 * addressing, each slot 0 or 1 + a position in addrs; aslots a power of
	 * two at least twice naddrs), kept in step by the functions below.
	 */
	uint32_t *aidx;
	size_t aslots;
};

#define IFC_INDEX_MIN 32

struct ifc_ours {
	int ifindex;
	int family;
	union vrrp_addr addr;
	/*
	 * Its deletion was reported by a notification that our own requests
	 * did not cause: someone else removed it. Until then, an address ours
	 * but not in the cache is one whose add notification is still unread.
	 */
	bool lost;
};

struct ifcache {
	struct ifc_iface **ifs; /* each allocated, so pointers stay put */
	size_t nifs, cap;
	struct ifc_ours *ours;
	size_t nours, ours_cap;
	/*
	 * An index of ours: open addressing with linear probing, each slot
	 * 0 (empty) or 1 + a position in ours; ours_slots a power of two at
	 * least twice nours (thousands of VIPs: no scan per VIP).
	 */
	uint32_t *ours_idx;
	size_t ours_slots;
};

/* Link attributes from one RTM_NEWLINK message. */
struct ifc_link {
	int ifindex;
	unsigned int flags;
	uint8_t operstate;
	bool has_operstate;
	const char *name; /* NULL: keep */
	const uint8_t *lladdr;
	size_t lladdr_len;
	unsigned int mtu; /* 0: not in the message, keep */
	int master;       /* IFLA_MASTER; 0: not enslaved */
	bool is_vrf;      /* IFLA_INFO_KIND "vrf" */
};

size_t ifc_addr_len(int family);
bool ifc_addr_equal(int family, const union vrrp_addr *a, const union vrrp_addr *b);

void ifc_init(struct ifcache *c);
void ifc_free(struct ifcache *c);

struct ifc_iface *ifc_find(const struct ifcache *c, int ifindex);
struct ifc_iface *ifc_find_name(const struct ifcache *c, const char *name);
/* Create or update an interface; *created tells which. NULL on ENOMEM. */
struct ifc_iface *ifc_link_set(struct ifcache *c, const struct ifc_link *l, bool *created);
void ifc_iface_remove(struct ifcache *c, struct ifc_iface *ifp);

struct ifc_addr *ifc_addr_find(const struct ifc_iface *ifp, int family, const union vrrp_addr *a);
/*
 * Insert or update an address. Returns IFC_NEW, IFC_CHANGED or IFC_SEEN
 * (identical), -1 on ENOMEM. New IPv4 primaries are placed where the kernel
 * places them, so "first primary" means the same in both.
 */
int ifc_addr_set(struct ifcache *c, struct ifc_iface *ifp, const struct vrrp_nl_ifaddr *a);
/* Remove the address at index i; *old receives it if not NULL. */
void ifc_addr_remove_at(struct ifc_iface *ifp, size_t i, struct vrrp_nl_ifaddr *old);
/* The addresses were reordered in place (a dump's order restored): index them again. */
void ifc_addr_reindex(struct ifc_iface *ifp);

/*
 * The routing domain (l3mdev) of ifindex: a VRF device's own ifindex for
 * the VRF and its slaves, 0 for the main one (not enslaved, or enslaved to
 * something else than a VRF, e.g. a bridge). -1 for an unknown ifindex.
 */
int ifc_l3_domain(const struct ifcache *c, int ifindex);
/* Whether an interface of domain holds the address (any of its addresses, VIPs too). */
bool ifc_addr_in_domain(const struct ifcache *c, int family, const union vrrp_addr *a, int domain);

/* Recompute the primary IPv4 and link-local IPv6 of the interface. */
void ifc_derive(struct ifc_iface *ifp);

/* Whether the address is among the VIPs remembered as ours on ifindex. */
bool ifc_ours_has(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a);
/* Remember (ours = true; not lost) or forget an installed VIP, and mark its entry. */
int ifc_ours_set(struct ifcache *c, int ifindex, int family, const union vrrp_addr *a, bool ours);
/* A VIP of ours was deleted by someone else: mark it lost (nothing if not ours). */
void ifc_ours_mark_lost(struct ifcache *c, int ifindex, int family, const union vrrp_addr *a);
/* Whether the address is ours and marked lost. */
bool ifc_ours_lost(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a);

#endif
