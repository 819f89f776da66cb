/*
 * The interface cache: a small table of interfaces, each with its addresses
 * in the order the kernel keeps them, plus the set of VIPs this daemon
 * installed. vrrp_netlink.c feeds it from dumps and notifications; the VRRP
 * glue reads it instead of asking the kernel. Interfaces are allocated one
 * by one so that a pointer handed out stays valid while the table grows.
 */
#include "config.h"

#include <linux/if_addr.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/kernel/vrrp_ifcache.h"

size_t
ifc_addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

bool
ifc_addr_equal(int family, const union vrrp_addr *a, const union vrrp_addr *b)
{
	/* Fixed sizes: compiled inline, not a call per address compared. */
	if (family == AF_INET)
		return memcmp(a->bytes, b->bytes, sizeof(struct in_addr)) == 0;
	return memcmp(a->bytes, b->bytes, sizeof(struct in6_addr)) == 0;
}

void
ifc_init(struct ifcache *c)
{
	memset(c, 0, sizeof(*c));
}

static void
ifc_iface_free(struct ifc_iface *ifp)
{
	free(ifp->addrs);
	free(ifp->aidx);
	free(ifp);
}

/* The address index (struct ifc_iface) ------------------------------------------------ */

static size_t
ifc_key_hash(int family, const union vrrp_addr *a)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t n = ifc_addr_len(family);

	h = (h ^ (uint32_t)family) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	return h;
}

/* The slot of the address, or the empty slot where it would go (aslots > 0). */
static size_t
ifc_aidx_slot(const struct ifc_iface *ifp, int family, const union vrrp_addr *a)
{
	size_t mask = ifp->aslots - 1, s = ifc_key_hash(family, a) & mask;

	for (; ifp->aidx[s] != 0; s = (s + 1) & mask) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[ifp->aidx[s] - 1].pub;

		if (e->family == family && ifc_addr_equal(family, &e->addr, a))
			break;
	}
	return s;
}

void
ifc_addr_reindex(struct ifc_iface *ifp)
{
	size_t slots = 64;
	uint32_t *idx;

	if (ifp->naddrs < IFC_INDEX_MIN) {
		free(ifp->aidx);
		ifp->aidx = NULL;
		ifp->aslots = 0;
		return;
	}
	while (slots < 2 * ifp->naddrs)
		slots *= 2;
	idx = slots == ifp->aslots ? ifp->aidx : calloc(slots, sizeof(*idx));
	if (idx == NULL) {
		/* Without memory: no index, lookups scan. */
		free(ifp->aidx);
		ifp->aidx = NULL;
		ifp->aslots = 0;
		return;
	}
	if (idx == ifp->aidx) {
		memset(idx, 0, slots * sizeof(*idx));
	} else {
		free(ifp->aidx);
		ifp->aidx = idx;
		ifp->aslots = slots;
	}
	for (size_t i = 0; i < ifp->naddrs; i++) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[i].pub;

		idx[ifc_aidx_slot(ifp, e->family, &e->addr)] = (uint32_t)(i + 1);
	}
}

/*
 * Positions pos..naddrs-1 (as they are now) move by delta: +1 an insertion
 * before them, -1 a removal before them. A few (the IPv6 addresses after the
 * IPv4 primaries) are found by their keys; many, by a pass over the table.
 */
static void
ifc_aidx_shift(struct ifc_iface *ifp, size_t pos, int delta)
{
	enum {
		FEW = 64
	};
	size_t slot[FEW], k = ifp->naddrs > pos ? ifp->naddrs - pos : 0;

	if (k <= FEW) {
		/* All found before any changes: probes compare keys through the positions. */
		for (size_t i = 0; i < k; i++) {
			const struct vrrp_nl_ifaddr *e = &ifp->addrs[pos + i].pub;

			slot[i] = ifc_aidx_slot(ifp, e->family, &e->addr);
		}
		for (size_t i = 0; i < k; i++)
			ifp->aidx[slot[i]] = (uint32_t)((int64_t)ifp->aidx[slot[i]] + delta);
		return;
	}
	for (size_t s = 0; s < ifp->aslots; s++)
		if (ifp->aidx[s] != 0 && ifp->aidx[s] - 1 >= pos)
			ifp->aidx[s] = (uint32_t)((int64_t)ifp->aidx[s] + delta);
}

/* Empty slot s, moving back the entries of its probe run (linear probing). */
static void
ifc_aidx_unslot(struct ifc_iface *ifp, size_t s)
{
	size_t mask = ifp->aslots - 1, j = s;

	ifp->aidx[s] = 0;
	for (;;) {
		const struct vrrp_nl_ifaddr *e;
		size_t home;

		j = (j + 1) & mask;
		if (ifp->aidx[j] == 0)
			return;
		e = &ifp->addrs[ifp->aidx[j] - 1].pub;
		home = ifc_key_hash(e->family, &e->addr) & mask;
		if (s <= j ? (home <= s || home > j) : (home <= s && home > j)) {
			ifp->aidx[s] = ifp->aidx[j];
			ifp->aidx[j] = 0;
			s = j;
		}
	}
}

void
ifc_free(struct ifcache *c)
{
	for (size_t i = 0; i < c->nifs; i++)
		ifc_iface_free(c->ifs[i]);
	free(c->ifs);
	free(c->ours);
	free(c->ours_idx);
	ifc_init(c);
}

struct ifc_iface *
ifc_find(const struct ifcache *c, int ifindex)
{
	for (size_t i = 0; i < c->nifs; i++)
		if (c->ifs[i]->info.ifindex == ifindex)
			return c->ifs[i];
	return NULL;
}

int
ifc_l3_domain(const struct ifcache *c, int ifindex)
{
	const struct ifc_iface *ifp = ifc_find(c, ifindex), *m;

	if (ifp == NULL)
		return -1;
	if (ifp->info.is_vrf)
		return ifindex;
	m = ifp->info.master != 0 ? ifc_find(c, ifp->info.master) : NULL;
	return m != NULL && m->info.is_vrf ? m->info.ifindex : 0;
}

bool
ifc_addr_in_domain(const struct ifcache *c, int family, const union vrrp_addr *a, int domain)
{
	for (size_t i = 0; i < c->nifs; i++) {
		const struct ifc_iface *ifp = c->ifs[i];

		if (ifc_l3_domain(c, ifp->info.ifindex) == domain &&
		    ifc_addr_find(ifp, family, a) != NULL)
			return true;
	}
	return false;
}

struct ifc_iface *
ifc_find_name(const struct ifcache *c, const char *name)
{
	for (size_t i = 0; i < c->nifs; i++)
		if (strncmp(c->ifs[i]->info.name, name, IF_NAMESIZE) == 0)
			return c->ifs[i];
	return NULL;
}

/*
 * Make room for one more elem-sized item in arr (n used, *cap allocated).
 * Returns the array, moved or not, or NULL (arr is then untouched).
 */
static void *
ifc_grow(void *arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(arr, ncap * elem);
	if (p != NULL)
		*cap = ncap;
	return p;
}

/* The ours index ------------------------------------------------------------------ */

static size_t
ifc_ours_hash(int ifindex, int family, const union vrrp_addr *a)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	size_t n = ifc_addr_len(family);

	h = (h ^ (uint32_t)ifindex) * 16777619u;
	h = (h ^ (uint32_t)family) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	return h;
}

/* The slot of the matching entry, or of the empty slot where it would go. */
static size_t
ifc_ours_slot(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a)
{
	size_t mask = c->ours_slots - 1, s = ifc_ours_hash(ifindex, family, a) & mask;

	for (; c->ours_idx[s] != 0; s = (s + 1) & mask) {
		const struct ifc_ours *o = &c->ours[c->ours_idx[s] - 1];

		if (o->ifindex == ifindex && o->family == family &&
		    ifc_addr_equal(family, &o->addr, a))
			break;
	}
	return s;
}

/* Index of the entry, or -1. */
static ptrdiff_t
ifc_ours_find(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a)
{
	size_t s;

	if (c->nours == 0)
		return -1;
	s = ifc_ours_slot(c, ifindex, family, a);
	return c->ours_idx[s] != 0 ? (ptrdiff_t)c->ours_idx[s] - 1 : -1;
}

/* Room in the index for n entries; rebuilt when it grows. 0, or -1. */
static int
ifc_ours_reserve(struct ifcache *c, size_t n)
{
	size_t slots = c->ours_slots ? c->ours_slots : 16;
	uint32_t *idx;

	while (slots < 2 * n)
		slots *= 2;
	if (slots == c->ours_slots)
		return 0;
	idx = calloc(slots, sizeof(*idx));
	if (idx == NULL)
		return -1;
	free(c->ours_idx);
	c->ours_idx = idx;
	c->ours_slots = slots;
	for (size_t i = 0; i < c->nours; i++) {
		const struct ifc_ours *o = &c->ours[i];

		idx[ifc_ours_slot(c, o->ifindex, o->family, &o->addr)] = (uint32_t)(i + 1);
	}
	return 0;
}

/* Empty slot s, moving back the entries of its probe run that would be lost. */
static void
ifc_ours_unslot(struct ifcache *c, size_t s)
{
	size_t mask = c->ours_slots - 1, j = s;

	c->ours_idx[s] = 0;
	for (;;) {
		const struct ifc_ours *o;
		size_t home;

		j = (j + 1) & mask;
		if (c->ours_idx[j] == 0)
			return;
		o = &c->ours[c->ours_idx[j] - 1];
		home = ifc_ours_hash(o->ifindex, o->family, &o->addr) & mask;
		/* Movable unless its home lies cyclically in (s, j]. */
		if (s <= j ? (home <= s || home > j) : (home <= s && home > j)) {
			c->ours_idx[s] = c->ours_idx[j];
			c->ours_idx[j] = 0;
			s = j;
		}
	}
}

bool
ifc_ours_has(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a)
{
	return ifc_ours_find(c, ifindex, family, a) >= 0;
}

void
ifc_ours_mark_lost(struct ifcache *c, int ifindex, int family, const union vrrp_addr *a)
{
	ptrdiff_t i = ifc_ours_find(c, ifindex, family, a);

	if (i >= 0)
		c->ours[i].lost = true;
}

bool
ifc_ours_lost(const struct ifcache *c, int ifindex, int family, const union vrrp_addr *a)
{
	ptrdiff_t i = ifc_ours_find(c, ifindex, family, a);

	return i >= 0 && c->ours[i].lost;
}

struct ifc_iface *
ifc_link_set(struct ifcache *c, const struct ifc_link *l, bool *created)
{
	struct ifc_iface **ifs, *ifp;
	struct vrrp_ifinfo *info;

	*created = false;
	ifp = ifc_find(c, l->ifindex);
	if (ifp == NULL) {
		ifs = ifc_grow(c->ifs, &c->cap, c->nifs, sizeof(*c->ifs));
		if (ifs == NULL)
			return NULL;
		c->ifs = ifs;
		ifp = calloc(1, sizeof(*ifp));
		if (ifp == NULL)
			return NULL;
		ifp->info.ifindex = l->ifindex;
		c->ifs[c->nifs++] = ifp;
		*created = true;
	}
	info = &ifp->info;
	info->flags = l->flags;
	if (l->has_operstate)
		info->operstate = l->operstate;
	if (l->mtu != 0)
		info->mtu = l->mtu;
	info->master = l->master;
	info->is_vrf = l->is_vrf;
	/* IFF_RUNNING is the kernel's "operationally up" (carrier, dormant). */
	ifp->raw_up = (l->flags & IFF_UP) && (l->flags & IFF_RUNNING);
	if (!ifp->held)
		info->up = ifp->raw_up;
	if (l->name != NULL) {
		strncpy(info->name, l->name, sizeof(info->name) - 1);
		info->name[sizeof(info->name) - 1] = '\0';
	}
	if (l->lladdr != NULL) {
		info->has_mac = l->lladdr_len == sizeof(info->mac);
		if (info->has_mac)
			memcpy(info->mac, l->lladdr, sizeof(info->mac));
	}
	return ifp;
}

void
ifc_iface_remove(struct ifcache *c, struct ifc_iface *ifp)
{
	for (size_t i = 0; i < c->nifs; i++) {
		if (c->ifs[i] != ifp)
			continue;
		memmove(&c->ifs[i], &c->ifs[i + 1], (c->nifs - i - 1) * sizeof(*c->ifs));
		c->nifs--;
		ifc_iface_free(ifp);
		return;
	}
}

struct ifc_addr *
ifc_addr_find(const struct ifc_iface *ifp, int family, const union vrrp_addr *a)
{
	if (ifp->aslots > 0) {
		size_t s = ifc_aidx_slot(ifp, family, a);

		return ifp->aidx[s] != 0 ? &ifp->addrs[ifp->aidx[s] - 1] : NULL;
	}
	for (size_t i = 0; i < ifp->naddrs; i++) {
		struct ifc_addr *e = &ifp->addrs[i];

		if (e->pub.family == family && ifc_addr_equal(family, &e->pub.addr, a))
			return e;
	}
	return NULL;
}

/*
 * Where the kernel puts a new IPv4 address (__inet_insert_ifa()): a
 * secondary goes last; a primary goes after the last primary whose scope is
 * the same or narrower (numerically >=), or before every IPv4 address.
 */
static size_t
ifc_v4_insert_pos(const struct ifc_iface *ifp, const struct vrrp_nl_ifaddr *a)
{
	if (a->flags & IFA_F_SECONDARY)
		return ifp->naddrs;
	/* From the end: the last such primary is found after a few entries, not all. */
	for (size_t i = ifp->naddrs; i-- > 0;) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[i].pub;

		if (e->family == AF_INET && !(e->flags & IFA_F_SECONDARY) && a->scope <= e->scope)
			return i + 1;
	}
	for (size_t i = 0; i < ifp->naddrs; i++)
		if (ifp->addrs[i].pub.family == AF_INET)
			return i;
	return ifp->naddrs;
}

/* Index the address at pos, growing (or starting) the index as needed. */
static void
ifc_aidx_put(struct ifc_iface *ifp, size_t pos)
{
	const struct vrrp_nl_ifaddr *e = &ifp->addrs[pos].pub;

	if (ifp->naddrs < IFC_INDEX_MIN && ifp->aslots == 0)
		return;
	if (ifp->aslots < 2 * ifp->naddrs) {
		ifc_addr_reindex(ifp); /* indexes pos too */
		return;
	}
	ifp->aidx[ifc_aidx_slot(ifp, e->family, &e->addr)] = (uint32_t)(pos + 1);
}

/*
 * Open position pos (room made by the caller), with *e there if not NULL
 * (indexed then); the caller fills a NULL one and calls ifc_aidx_put().
 */
static void
ifc_addr_insert_at(struct ifc_iface *ifp, size_t pos, const struct ifc_addr *e)
{
	/* While the index still matches addrs. */
	if (ifp->aslots > 0 && pos < ifp->naddrs)
		ifc_aidx_shift(ifp, pos, +1);
	memmove(&ifp->addrs[pos + 1], &ifp->addrs[pos], (ifp->naddrs - pos) * sizeof(*ifp->addrs));
	ifp->naddrs++;
	if (e != NULL) {
		ifp->addrs[pos] = *e;
		ifc_aidx_put(ifp, pos);
	}
}

int
ifc_addr_set(struct ifcache *c, struct ifc_iface *ifp, const struct vrrp_nl_ifaddr *a)
{
	struct ifc_addr *e = ifc_addr_find(ifp, a->family, &a->addr);
	struct ifc_addr tmp, *addrs;
	size_t pos;

	if (e != NULL) {
		bool was_secondary = e->pub.flags & IFA_F_SECONDARY;
		bool ours = e->pub.ours;

		if (e->pub.prefixlen == a->prefixlen && e->pub.scope == a->scope &&
		    e->pub.flags == a->flags && strcmp(e->pub.label, a->label) == 0)
			return IFC_SEEN;
		e->pub = *a;
		e->pub.ours = ours;
		/* A promoted secondary moves among the primaries. */
		if (a->family == AF_INET && was_secondary && !(a->flags & IFA_F_SECONDARY)) {
			tmp = *e;
			ifc_addr_remove_at(ifp, (size_t)(e - ifp->addrs), NULL);
			pos = ifc_v4_insert_pos(ifp, &tmp.pub);
			ifc_addr_insert_at(ifp, pos, &tmp);
		}
		return IFC_CHANGED;
	}
	addrs = ifc_grow(ifp->addrs, &ifp->cap, ifp->naddrs, sizeof(*ifp->addrs));
	if (addrs == NULL)
		return -1;
	ifp->addrs = addrs;
	pos = a->family == AF_INET ? ifc_v4_insert_pos(ifp, a) : ifp->naddrs;
	ifc_addr_insert_at(ifp, pos, NULL);
	e = &ifp->addrs[pos];
	memset(e, 0, sizeof(*e));
	e->pub = *a;
	e->pub.ours = ifc_ours_has(c, ifp->info.ifindex, a->family, &a->addr);
	ifc_aidx_put(ifp, pos);
	return IFC_NEW;
}

void
ifc_addr_remove_at(struct ifc_iface *ifp, size_t i, struct vrrp_nl_ifaddr *old)
{
	if (old != NULL)
		*old = ifp->addrs[i].pub;
	if (ifp->aslots > 0) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[i].pub;

		ifc_aidx_unslot(ifp, ifc_aidx_slot(ifp, e->family, &e->addr));
		if (i + 1 < ifp->naddrs)
			ifc_aidx_shift(ifp, i + 1, -1);
	}
	memmove(&ifp->addrs[i], &ifp->addrs[i + 1], (ifp->naddrs - i - 1) * sizeof(*ifp->addrs));
	ifp->naddrs--;
	if (ifp->aslots > 0 && ifp->naddrs < IFC_INDEX_MIN / 2)
		ifc_addr_reindex(ifp); /* few again: drop the index */
}

void
ifc_derive(struct ifc_iface *ifp)
{
	struct vrrp_ifinfo *info = &ifp->info;

	info->has_v4 = false;
	info->has_ll6 = false;
	memset(&info->v4, 0, sizeof(info->v4));
	info->v4_prefixlen = 0;
	memset(&info->ll6, 0, sizeof(info->ll6));
	for (size_t i = 0; i < ifp->naddrs; i++) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[i].pub;

		if (e->ours)
			continue;
		if (e->family == AF_INET && !info->has_v4 && !(e->flags & IFA_F_SECONDARY)) {
			info->has_v4 = true;
			info->v4 = e->addr.v4;
			info->v4_prefixlen = e->prefixlen;
		} else if (e->family == AF_INET6 && !info->has_ll6 &&
			   IN6_IS_ADDR_LINKLOCAL(&e->addr.v6) &&
			   !(e->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) {
			/* A tentative address cannot be bound yet. */
			info->has_ll6 = true;
			info->ll6 = e->addr.v6;
		}
	}
}

/*
 * Whether e's ours flag turning to ours can change what ifc_derive() picks:
 * it is the address picked, or (forgotten) one that may come before it.
 */
static bool
ifc_derive_affected(const struct ifc_iface *ifp, const struct ifc_addr *e, bool ours)
{
	const struct vrrp_ifinfo *info = &ifp->info;
	const struct vrrp_nl_ifaddr *a = &e->pub;

	if (a->family == AF_INET) {
		if (ours)
			return info->has_v4 && a->addr.v4.s_addr == info->v4.s_addr;
		if (a->flags & IFA_F_SECONDARY)
			return false;
		if (!info->has_v4)
			return true;
		/* Earlier than the primary picked? */
		for (const struct ifc_addr *p = ifp->addrs; p < e; p++)
			if (p->pub.family == AF_INET && !p->pub.ours &&
			    p->pub.addr.v4.s_addr == info->v4.s_addr)
				return false;
		return true;
	}
	if (!IN6_IS_ADDR_LINKLOCAL(&a->addr.v6))
		return false;
	return ours ? info->has_ll6 && memcmp(&a->addr.v6, &info->ll6, sizeof(info->ll6)) == 0 :
		      true;
}

int
ifc_ours_set(struct ifcache *c, int ifindex, int family, const union vrrp_addr *a, bool ours)
{
	struct ifc_iface *ifp = ifc_find(c, ifindex);
	struct ifc_addr *e = ifp != NULL ? ifc_addr_find(ifp, family, a) : NULL;
	struct ifc_ours *o, *ours_arr;
	ptrdiff_t i = ifc_ours_find(c, ifindex, family, a);

	if (e != NULL && e->pub.ours != ours) {
		bool affected = ifc_derive_affected(ifp, e, ours);

		e->pub.ours = ours;
		if (affected)
			ifc_derive(ifp);
	}
	if (i >= 0) {
		size_t last = c->nours - 1;

		if (ours) {
			c->ours[i].lost = false; /* installed again */
			return 0;
		}
		ifc_ours_unslot(c, ifc_ours_slot(c, ifindex, family, a));
		if ((size_t)i != last) {
			o = &c->ours[last];
			c->ours_idx[ifc_ours_slot(c, o->ifindex, o->family, &o->addr)] =
				(uint32_t)(i + 1);
			c->ours[i] = *o;
		}
		c->nours--;
		return 0;
	}
	if (!ours)
		return 0;
	if (ifc_ours_reserve(c, c->nours + 1) == -1)
		return -1;
	ours_arr = ifc_grow(c->ours, &c->ours_cap, c->nours, sizeof(*c->ours));
	if (ours_arr == NULL)
		return -1;
	c->ours = ours_arr;
	o = &c->ours[c->nours];
	memset(o, 0, sizeof(*o));
	o->ifindex = ifindex;
	o->family = family;
	memcpy(o->addr.bytes, a->bytes, ifc_addr_len(family));
	c->ours_idx[ifc_ours_slot(c, ifindex, family, a)] = (uint32_t)(c->nours + 1);
	c->nours++;
	return 0;
}
