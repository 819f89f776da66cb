/*
 * keepalived's -D lines about interface addresses (vrrp_addr_detail.h).
 *
 * keepalived keeps one address per interface and family (the first IPv4
 * address it hears of, the first IPv6 link-local one; its own virtual
 * addresses never count) and logs when that slot fills or empties on an
 * interface that an instance uses or tracks. A second address fills
 * nothing; when the slot's address goes and another of the family is
 * left, that one takes the slot silently. This file keeps the same slots,
 * from the netlink cache and its address reports.
 */
#include "keepalived/vrrp/run/vrrp_addr_detail.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_instance.h"

/* One interface's slots. */
struct vrrp_addr_slot {
	int ifindex;
	bool has4, has6;
	union vrrp_addr a4, a6;
};

struct vrrp_addr_detail {
	struct vrrp_addr_slot *slots;
	size_t n, cap;
};

static size_t
addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

/* keepalived looks at IPv6 link-local addresses only. */
static bool
addr_counts_family(int family, const union vrrp_addr *a)
{
	return family == AF_INET || (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->v6));
}

/* A virtual or excluded address of some instance: never an interface's own. */
static bool
addr_is_vip(const struct vrrp_inst *insts, size_t ninsts, int family, const union vrrp_addr *a)
{
	for (size_t i = 0; i < ninsts; i++) {
		const struct vrrp_instance_conf *c = insts[i].conf;

		for (size_t k = 0; k < vrrp_inst_naddrs(c); k++) {
			const struct vrrp_vip *v = vrrp_inst_addr(c, k);

			if (v->family == family && memcmp(&v->addr, a, addr_len(family)) == 0)
				return true;
		}
	}
	return false;
}

static bool
addr_counts(const struct vrrp_inst *insts, size_t ninsts, int family, const union vrrp_addr *a,
	    bool own)
{
	return addr_counts_family(family, a) && !own && !addr_is_vip(insts, ninsts, family, a);
}

static bool
set_tracks_if(const struct vrrp_track_set_conf *t, const char *ifname)
{
	for (size_t k = 0; t != NULL && k < t->nrefs; k++)
		if (t->refs[k].kind == VRRP_TRACK_INTERFACE && strcmp(t->refs[k].name, ifname) == 0)
			return true;
	return false;
}

/*
 * An interface an instance uses or tracks (its track_interface, or its sync
 * group's, which keepalived gives each member): keepalived's lines are for those.
 */
static bool
if_watched(const struct vrrp_conf *conf, const struct vrrp_inst *insts, size_t ninsts,
	   const char *ifname)
{
	const struct vrrp_sync_group_conf *g;

	for (g = conf->track != NULL ? conf->track->groups : NULL; g != NULL; g = g->next)
		if (g->nmembers > 0 && set_tracks_if(&g->set, ifname))
			return true;
	for (size_t i = 0; i < ninsts; i++) {
		const struct vrrp_instance_conf *c = insts[i].conf;

		if (strcmp(c->ifname, ifname) == 0 || set_tracks_if(c->track, ifname))
			return true;
	}
	return false;
}

static struct vrrp_addr_slot *
slot_get(struct vrrp_addr_detail *ad, int ifindex)
{
	struct vrrp_addr_slot *s;

	for (size_t i = 0; i < ad->n; i++)
		if (ad->slots[i].ifindex == ifindex)
			return &ad->slots[i];
	if (ad->n == ad->cap) {
		size_t cap = ad->cap ? ad->cap * 2 : 8;

		s = realloc(ad->slots, cap * sizeof(*s));
		if (s == NULL)
			return NULL;
		ad->slots = s;
		ad->cap = cap;
	}
	s = &ad->slots[ad->n++];
	memset(s, 0, sizeof(*s));
	s->ifindex = ifindex;
	return s;
}

/* The first address of family on ifindex that counts, from the cache; false if none. */
static bool
first_counted(const struct vrrp_nl *nl, const struct vrrp_inst *insts, size_t ninsts, int ifindex,
	      int family, union vrrp_addr *out)
{
	const struct vrrp_nl_ifaddr *a;

	for (size_t j = 0; j < vrrp_nl_addr_count(nl, ifindex); j++) {
		a = vrrp_nl_addr_at(nl, ifindex, j);
		if (a != NULL && a->family == family &&
		    addr_counts(insts, ninsts, family, &a->addr, a->ours)) {
			*out = a->addr;
			return true;
		}
	}
	return false;
}

static void
slot_log(bool assigned, int family, const union vrrp_addr *a, const char *ifname)
{
	char buf[INET6_ADDRSTRLEN];

	if (assigned)
		log_info("Assigned address %s for interface %s",
			 vrrp_addr_ntop(family, a, buf, sizeof(buf)), ifname);
	else
		log_info("Deassigned address %s from interface %s",
			 vrrp_addr_ntop(family, a, buf, sizeof(buf)), ifname);
}

/*
 * At start keepalived writes the addresses of the interfaces its first
 * dump finds watched then: the instances' own and those of the sync
 * groups' track_interface (an instance's own track_interface comes later,
 * silently), in the kernel's order, IPv4 then IPv6 for each.
 */
static bool
if_watched_at_start(const struct vrrp_conf *conf, const struct vrrp_inst *insts, size_t ninsts,
		    const char *ifname)
{
	const struct vrrp_sync_group_conf *g;

	for (g = conf->track != NULL ? conf->track->groups : NULL; g != NULL; g = g->next)
		if (g->nmembers > 0 && set_tracks_if(&g->set, ifname))
			return true;
	for (size_t i = 0; i < ninsts; i++)
		if (strcmp(insts[i].conf->ifname, ifname) == 0)
			return true;
	return false;
}

static void
start_lines(struct vrrp_addr_detail *ad, const struct vrrp_nl *nl, const struct vrrp_conf *conf,
	    const struct vrrp_inst *insts, size_t ninsts)
{
	bool v4 = false, v6 = false;

	for (size_t i = 0; i < ad->n; i++) {
		const struct vrrp_addr_slot *s = &ad->slots[i];
		const struct vrrp_ifinfo *ifi = vrrp_nl_if_by_index(nl, s->ifindex);

		if (ifi == NULL || !if_watched_at_start(conf, insts, ninsts, ifi->name))
			continue;
		if (s->has4)
			slot_log(true, AF_INET, &s->a4, ifi->name);
		if (s->has6)
			slot_log(true, AF_INET6, &s->a6, ifi->name);
	}
	for (size_t i = 0; i < ninsts; i++) {
		v4 |= insts[i].conf->family == AF_INET;
		v6 |= insts[i].conf->family == AF_INET6;
	}
	if (v4)
		log_info("Registering gratuitous ARP shared channel");
	if (v6)
		log_info("Registering gratuitous NDISC shared channel");
}

struct vrrp_addr_detail *
vrrp_addr_detail_start(const struct vrrp_nl *nl, const struct vrrp_conf *conf,
		       const struct vrrp_inst *insts, size_t ninsts)
{
	struct vrrp_addr_detail *ad;

	if (!log_get_detail())
		return NULL;
	ad = calloc(1, sizeof(*ad));
	if (ad == NULL)
		return NULL;
	for (size_t i = 0; i < vrrp_nl_if_count(nl); i++) {
		const struct vrrp_ifinfo *ifi = vrrp_nl_if_at(nl, i);
		struct vrrp_addr_slot *s;

		if (ifi == NULL || (s = slot_get(ad, ifi->ifindex)) == NULL)
			continue;
		s->has4 = first_counted(nl, insts, ninsts, ifi->ifindex, AF_INET, &s->a4);
		s->has6 = first_counted(nl, insts, ninsts, ifi->ifindex, AF_INET6, &s->a6);
	}
	start_lines(ad, nl, conf, insts, ninsts);
	return ad;
}

void
vrrp_addr_detail_event(struct vrrp_addr_detail *ad, const struct vrrp_nl *nl,
		       const struct vrrp_conf *conf, const struct vrrp_inst *insts, size_t ninsts,
		       int family, int ifindex, const union vrrp_addr *a, bool added)
{
	const struct vrrp_ifinfo *ifi;
	struct vrrp_addr_slot *s;
	union vrrp_addr *slot;
	bool *has;

	if (ad == NULL || !addr_counts(insts, ninsts, family, a, vrrp_nl_event_own(nl)))
		return;
	if ((ifi = vrrp_nl_if_by_index(nl, ifindex)) == NULL || (s = slot_get(ad, ifindex)) == NULL)
		return;
	has = family == AF_INET ? &s->has4 : &s->has6;
	slot = family == AF_INET ? &s->a4 : &s->a6;
	if (added) {
		/* A change of flags (DAD done) or a second address fills nothing. */
		if (*has)
			return;
		*has = true;
		*slot = *a;
		if (if_watched(conf, insts, ninsts, ifi->name))
			slot_log(true, family, a, ifi->name);
		return;
	}
	if (!*has || memcmp(slot, a, addr_len(family)) != 0)
		return;
	/* Another address of the family left takes the slot without a line. */
	if (first_counted(nl, insts, ninsts, ifindex, family, slot))
		return;
	*has = false;
	if (if_watched(conf, insts, ninsts, ifi->name))
		slot_log(false, family, a, ifi->name);
}

void
vrrp_addr_detail_free(struct vrrp_addr_detail *ad)
{
	if (ad == NULL)
		return;
	free(ad->slots);
	free(ad);
}
