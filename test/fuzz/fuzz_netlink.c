/*
 * The netlink module (vrrp_netlink.h) of the receive-path fuzzer: the same
 * interface cache (vrrp_ifcache.c) filled with two fixed interfaces instead
 * of a kernel dump, and VIPs added to and removed from that cache instead of
 * the kernel's. It replaces vrrp_netlink.c and vrrp_nl_vips.c in the fuzz
 * build only. Link and address events happen when the fuzzer says
 * (fuzz_nl_link_toggle(), fuzz_nl_vip_vanish()).
 *
 *   veth-b  ifindex 2: 198.18.0.2/24, 198.18.0.3/24, fe80::2/64,
 *                      fd00:18::2/64, fd00:18::3/64 (the capture's receiver)
 *   veth-c  ifindex 3: 198.19.0.2/24, fe80::3/64
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_ifcache.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"

struct vrrp_nl {
	struct ifcache cache;
	struct vrrp_nl_cbs cbs;
	struct vrrp_nl_stats stats;
	int fd;                 /* never readable; the loop wants a descriptor to watch */
	uint64_t addr_removals; /* as the real one's (vrrp_nl_addr_removals()) */
};

struct fake_addr {
	int ifindex;
	const char *addr;
	uint8_t prefixlen;
};

/* clang-format off */
static const struct fake_addr fake_addrs[] = {
	{ 2, "198.18.0.2", 24 },  { 2, "198.18.0.3", 24 },   { 2, "fe80::2", 64 },
	{ 2, "fd00:18::2", 64 },  { 2, "fd00:18::3", 64 },   { 3, "198.19.0.2", 24 },
	{ 3, "fe80::3", 64 },
};
/* clang-format on */

static int
fake_link(struct vrrp_nl *nl, int ifindex, const char *name, bool up)
{
	const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x12, 0x00, (uint8_t)ifindex };
	struct ifc_link l = {
		.ifindex = ifindex,
		.flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST | (up ? IFF_RUNNING : 0),
		/* IF_OPER_UP, IF_OPER_DOWN (linux/if.h clashes with net/if.h) */
		.operstate = up ? 6 : 2,
		.has_operstate = true,
		.name = name,
		.lladdr = mac,
		.lladdr_len = sizeof(mac),
	};
	bool created;

	return ifc_link_set(&nl->cache, &l, &created) != NULL ? 0 : -1;
}

static int
fake_addr_add(struct vrrp_nl *nl, const struct fake_addr *f)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, f->ifindex);
	struct vrrp_nl_ifaddr a;

	memset(&a, 0, sizeof(a));
	a.family = strchr(f->addr, ':') != NULL ? AF_INET6 : AF_INET;
	if (ifp == NULL || inet_pton(a.family, f->addr, &a.addr) != 1)
		return -1;
	a.prefixlen = f->prefixlen;
	a.scope = strncmp(f->addr, "fe80", 4) == 0 ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	a.flags = IFA_F_PERMANENT;
	if (a.family == AF_INET)
		snprintf(a.label, sizeof(a.label), "%s", ifp->info.name);
	if (ifc_addr_set(&nl->cache, ifp, &a) < 0)
		return -1;
	ifc_derive(ifp);
	return 0;
}

struct vrrp_nl *
vrrp_nl_open(void)
{
	struct vrrp_nl *nl = calloc(1, sizeof(*nl));

	if (nl == NULL)
		return NULL;
	ifc_init(&nl->cache);
	nl->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (nl->fd < 0 || fake_link(nl, 2, "veth-b", true) < 0 ||
	    fake_link(nl, 3, "veth-c", true) < 0)
		goto error;
	for (size_t i = 0; i < sizeof(fake_addrs) / sizeof(fake_addrs[0]); i++)
		if (fake_addr_add(nl, &fake_addrs[i]) < 0)
			goto error;
	return nl;
error:
	vrrp_nl_close(nl);
	return NULL;
}

void
vrrp_nl_close(struct vrrp_nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->fd >= 0)
		close(nl->fd);
	ifc_free(&nl->cache);
	free(nl);
}

void
vrrp_nl_set_callbacks(struct vrrp_nl *nl, const struct vrrp_nl_cbs *cbs)
{
	if (cbs != NULL)
		nl->cbs = *cbs;
	else
		memset(&nl->cbs, 0, sizeof(nl->cbs));
}

int
vrrp_nl_set_rcvbuf(struct vrrp_nl *nl, int bytes, bool force)
{
	return 0;
}

/* interface_up_down_delays: the fake's links never change, nothing to hold. */
void
vrrp_nl_link_hold(struct vrrp_nl *nl, int ifindex, bool up)
{
}

void
vrrp_nl_link_release(struct vrrp_nl *nl, int ifindex)
{
}

void
vrrp_nl_link_poll(struct vrrp_nl *nl, int ifindex, bool up)
{
}

int
vrrp_nl_set_cmd_rcvbuf(struct vrrp_nl *nl, int bytes, bool force)
{
	return 0;
}

int
vrrp_nl_fd(const struct vrrp_nl *nl)
{
	return nl->fd;
}

int
vrrp_nl_process(struct vrrp_nl *nl)
{
	return 0;
}

int
vrrp_nl_resync(struct vrrp_nl *nl)
{
	return 0;
}

const struct vrrp_ifinfo *
vrrp_nl_if(const struct vrrp_nl *nl, const char *ifname)
{
	const struct ifc_iface *ifp = ifc_find_name(&nl->cache, ifname);

	return ifp != NULL ? &ifp->info : NULL;
}

const struct vrrp_ifinfo *
vrrp_nl_if_by_index(const struct vrrp_nl *nl, int ifindex)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL ? &ifp->info : NULL;
}

size_t
vrrp_nl_if_count(const struct vrrp_nl *nl)
{
	return nl->cache.nifs;
}

const struct vrrp_ifinfo *
vrrp_nl_if_at(const struct vrrp_nl *nl, size_t i)
{
	return i < nl->cache.nifs ? &nl->cache.ifs[i]->info : NULL;
}

int
vrrp_nl_l3_domain(const struct vrrp_nl *nl, int ifindex)
{
	return ifc_l3_domain(&nl->cache, ifindex);
}

bool
vrrp_nl_addr_in_domain(const struct vrrp_nl *nl, int family, const union vrrp_addr *a, int domain)
{
	return ifc_addr_in_domain(&nl->cache, family, a, domain);
}

size_t
vrrp_nl_addr_count(const struct vrrp_nl *nl, int ifindex)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL ? ifp->naddrs : 0;
}

const struct vrrp_nl_ifaddr *
vrrp_nl_addr_at(const struct vrrp_nl *nl, int ifindex, size_t i)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL && i < ifp->naddrs ? &ifp->addrs[i].pub : NULL;
}

const struct vrrp_nl_stats *
vrrp_nl_get_stats(const struct vrrp_nl *nl)
{
	return &nl->stats;
}

static struct ifc_iface *
vip_iface(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	if (vip->dev[0] != '\0')
		return ifc_find_name(&nl->cache, vip->dev);
	return ifc_find(&nl->cache, default_ifindex);
}

/* Deletions here are synchronous already: nothing to hold. */
void
vrrp_nl_vips_hold(struct vrrp_nl *nl)
{
	(void)nl;
}

int
vrrp_nl_vips_release(struct vrrp_nl *nl)
{
	(void)nl;
	return 0;
}

/* As the kernel would: an add of a present VIP and a delete of an absent one succeed. */
int
vrrp_nl_vips_apply(struct vrrp_nl *nl, bool add, int default_ifindex, const struct vrrp_vip *vips,
		   size_t n)
{
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		struct ifc_iface *ifp = vip_iface(nl, default_ifindex, &vips[i]);
		struct vrrp_nl_ifaddr a;

		nl->stats.requests++;
		if (ifp == NULL) {
			failures++;
			continue;
		}
		if (!add) {
			for (size_t j = 0; j < ifp->naddrs; j++) {
				if (ifp->addrs[j].pub.family == vips[i].family &&
				    ifc_addr_equal(vips[i].family, &ifp->addrs[j].pub.addr,
						   &vips[i].addr)) {
					ifc_addr_remove_at(ifp, j, NULL);
					nl->addr_removals++;
					break;
				}
			}
			ifc_ours_set(&nl->cache, ifp->info.ifindex, vips[i].family, &vips[i].addr,
				     false);
			ifc_derive(ifp);
			continue;
		}
		memset(&a, 0, sizeof(a));
		a.family = vips[i].family;
		a.addr = vips[i].addr;
		a.prefixlen = vips[i].prefixlen;
		a.scope = (uint8_t)vips[i].scope;
		a.ours = true;
		if (ifc_ours_set(&nl->cache, ifp->info.ifindex, a.family, &a.addr, true) < 0 ||
		    ifc_addr_set(&nl->cache, ifp, &a) < 0) {
			failures++;
			continue;
		}
		ifc_derive(ifp);
	}
	nl->stats.batches++;
	return failures;
}

/* vip_lease renewals: lifetimes are not modelled; every renewal succeeds. */
int
vrrp_nl_vips_renew(struct vrrp_nl *nl, struct vrrp_nl_renewal *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		r[i].err = 0;
	nl->stats.batches++;
	return 0;
}

uint64_t
vrrp_nl_addr_removals(const struct vrrp_nl *nl)
{
	return nl->addr_removals;
}

bool
vrrp_nl_event_own(const struct vrrp_nl *nl)
{
	(void)nl;
	return false;
}

void
vrrp_nl_own_port_add(struct vrrp_nl *nl, uint32_t port)
{
	(void)nl, (void)port;
}

bool
vrrp_nl_vip_present(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	const struct ifc_iface *ifp = vip_iface(nl, default_ifindex, vip);

	return ifp != NULL && ifc_addr_find(ifp, vip->family, &vip->addr) != NULL;
}

bool
vrrp_nl_vip_ours(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	const struct ifc_iface *ifp = vip_iface(nl, default_ifindex, vip);

	return ifp != NULL && ifc_ours_has(&nl->cache, ifp->info.ifindex, vip->family, &vip->addr);
}

bool
vrrp_nl_vip_lost(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	const struct ifc_iface *ifp = vip_iface(nl, default_ifindex, vip);

	return ifp != NULL && ifc_ours_lost(&nl->cache, ifp->info.ifindex, vip->family, &vip->addr);
}

/* The fuzzer's events ------------------------------------------------------ */

/* Carrier lost or back on ifindex, told as the kernel's notification would be. */
void
fuzz_nl_link_toggle(struct vrrp_nl *nl, int ifindex)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);
	char name[IF_NAMESIZE];
	bool up;

	if (ifp == NULL)
		return;
	up = !ifp->info.up;
	/* A copy: the cache writes the name into the very buffer it came from. */
	memcpy(name, ifp->info.name, sizeof(name));
	if (fake_link(nl, ifindex, name, up) < 0)
		return;
	nl->stats.notifications++;
	if (nl->cbs.link != NULL)
		nl->cbs.link(nl->cbs.arg, ifindex, up);
}

/* Someone else deletes the first VIP of ours on ifindex. */
void
fuzz_nl_vip_vanish(struct vrrp_nl *nl, int ifindex)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);
	struct vrrp_nl_ifaddr old;

	if (ifp == NULL)
		return;
	for (size_t i = 0; i < ifp->naddrs; i++) {
		if (!ifp->addrs[i].pub.ours)
			continue;
		ifc_addr_remove_at(ifp, i, &old);
		nl->addr_removals++;
		ifc_ours_mark_lost(&nl->cache, ifindex, old.family, &old.addr);
		ifc_derive(ifp);
		nl->stats.notifications++;
		if (nl->cbs.addr != NULL)
			nl->cbs.addr(nl->cbs.arg, old.family, ifindex, &old.addr, old.prefixlen,
				     false);
		return;
	}
}
