/*
 * ipvlan interfaces for use_ipvlan, through libnl: the RTM_NEWLINK request
 * is built by hand because libnl-route has no setter for
 * IFLA_IPVLAN_FLAGS (bridge, private, vepa). Start-up only, never per
 * packet; synchronous calls on the caller's request socket.
 */
#include "config.h"

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/kernel/vrrp_ipvlan.h"
#include "lib/log.h"

static int
ipvlan_link_change(struct nl_sock *sk, int ifindex, struct rtnl_link *chg)
{
	struct rtnl_link *orig = rtnl_link_alloc();
	int err;

	if (orig == NULL)
		return -NLE_NOMEM;
	rtnl_link_set_ifindex(orig, ifindex);
	err = rtnl_link_change(sk, orig, chg, 0);
	rtnl_link_put(orig);
	return err;
}

static int
ipvlan_delete(struct nl_sock *sk, int ifindex)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int err;

	if (l == NULL)
		return -NLE_NOMEM;
	rtnl_link_set_ifindex(l, ifindex);
	err = rtnl_link_delete(sk, l);
	rtnl_link_put(l);
	return err;
}

/* The configured name if free (or held by our own leftover), else the first free default. */
static int
ipvlan_choose(struct nl_sock *sk, const char *instance, int base_ifindex, uint8_t vrid, int family,
	      const char *want, char ifname[IF_NAMESIZE])
{
	struct nl_cache *cache;
	struct rtnl_link *l;
	int err, ret = -1;

	if ((err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache)) < 0) {
		log_warnx("(%s) ipvlan: cannot list interfaces - %s", instance, nl_geterror(err));
		return -1;
	}
	if (want[0] != '\0') {
		if ((l = rtnl_link_get_by_name(cache, want)) == NULL) {
			snprintf(ifname, IF_NAMESIZE, "%s", want);
			ret = 0;
		} else if (rtnl_link_is_ipvlan(l) && rtnl_link_get_link(l) == base_ifindex) {
			log_info("(%s) ipvlan %s already exists. It will be replaced", instance,
				 want);
			ipvlan_delete(sk, rtnl_link_get_ifindex(l));
			snprintf(ifname, IF_NAMESIZE, "%s", want);
			ret = 0;
		} else {
			log_warnx("(%s) ipvlan interface name %s already exists as another "
				  "interface - ignoring configured name",
				  instance, want);
		}
		if (l != NULL)
			rtnl_link_put(l);
	}
	for (unsigned attempt = 0;
	     ret == -1 && vrrp_vmac_default_name(family, vrid, attempt, ifname, IF_NAMESIZE) == 0;
	     attempt++) {
		if ((l = rtnl_link_get_by_name(cache, ifname)) == NULL)
			ret = 0;
		else
			rtnl_link_put(l);
	}
	nl_cache_free(cache);
	if (ret == -1)
		log_warnx("(%s) no free name for an ipvlan interface", instance);
	return ret;
}

static int
ipvlan_newlink(struct nl_sock *sk, int base_ifindex, const char *ifname, uint16_t flags)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *info, *data;
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);

	if (m == NULL)
		return -NLE_NOMEM;
	if (nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(m, IFLA_LINK, (uint32_t)base_ifindex) < 0 ||
	    nla_put_string(m, IFLA_IFNAME, ifname) < 0 ||
	    (info = nla_nest_start(m, IFLA_LINKINFO)) == NULL ||
	    nla_put_string(m, IFLA_INFO_KIND, "ipvlan") < 0 ||
	    (data = nla_nest_start(m, IFLA_INFO_DATA)) == NULL ||
	    nla_put_u16(m, IFLA_IPVLAN_MODE, IPVLAN_MODE_L2) < 0 ||
	    nla_put_u16(m, IFLA_IPVLAN_FLAGS, flags) < 0) {
		nlmsg_free(m);
		return -NLE_NOMEM;
	}
	nla_nest_end(m, data);
	nla_nest_end(m, info);
	return nl_send_sync(sk, m); /* frees m */
}

static int
ipvlan_addr_add(struct nl_sock *sk, int ifindex, const struct vrrp_ipvlan_conf *ic)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local =
		nl_addr_build(ic->family, &ic->addr, ic->family == AF_INET ? 4 : 16);
	int err = -NLE_NOMEM;

	if (a != NULL && local != NULL) {
		nl_addr_set_prefixlen(local, ic->prefixlen);
		rtnl_addr_set_ifindex(a, ifindex);
		rtnl_addr_set_family(a, ic->family);
		rtnl_addr_set_local(a, local);
		rtnl_addr_set_prefixlen(a, ic->prefixlen);
		if (ic->family == AF_INET6)
			rtnl_addr_set_flags(a, IFA_F_NODAD);
		err = rtnl_addr_add(sk, a, NLM_F_REPLACE);
	}
	nl_addr_put(local);
	if (a != NULL)
		rtnl_addr_put(a);
	return err;
}

/* Address, then up; IPv4 ones get no link-local (it would be the parent's). */
static int
ipvlan_configure(struct nl_sock *sk, int ifindex, int family, const struct vrrp_ipvlan_conf *ic,
		 const char **what)
{
	struct rtnl_link *chg;
	int err;

	if (family == AF_INET && (chg = rtnl_link_alloc()) != NULL) {
		if (rtnl_link_inet6_set_addr_gen_mode(chg, IN6_ADDR_GEN_MODE_NONE) == 0)
			ipvlan_link_change(sk, ifindex, chg); /* no IPv6 in the kernel: fine */
		rtnl_link_put(chg);
	}
	if (ic->has_addr && (err = ipvlan_addr_add(sk, ifindex, ic)) < 0) {
		*what = "adding its address";
		return err;
	}
	if ((chg = rtnl_link_alloc()) == NULL)
		return -NLE_NOMEM;
	rtnl_link_set_flags(chg, IFF_UP);
	err = ipvlan_link_change(sk, ifindex, chg);
	rtnl_link_put(chg);
	*what = "setting it up";
	return err;
}

int
vrrp_ipvlan_add(struct nl_sock *sk, const char *instance, int base_ifindex, uint8_t vrid,
		int family, const struct vrrp_ipvlan_conf *ic, char ifname[IF_NAMESIZE],
		int *ifindex)
{
	struct rtnl_link *got = NULL;
	const char *what = "creating it";
	int err;

	if (ipvlan_choose(sk, instance, base_ifindex, vrid, family, ic->ifname, ifname) == -1)
		return -1;
	if ((err = ipvlan_newlink(sk, base_ifindex, ifname, ic->flags)) < 0) {
		log_warnx("(%s): Unable to create ipvlan interface %s - %s", instance, ifname,
			  nl_geterror(err));
		return -1;
	}
	if ((err = rtnl_link_get_kernel(sk, 0, ifname, &got)) < 0) {
		log_warnx("(%s): Unable to create ipvlan interface %s - %s", instance, ifname,
			  nl_geterror(err));
		return -1;
	}
	*ifindex = rtnl_link_get_ifindex(got);
	rtnl_link_put(got);
	if ((err = ipvlan_configure(sk, *ifindex, family, ic, &what)) < 0) {
		log_warnx("(%s): Unable to create ipvlan interface %s - %s: %s", instance, ifname,
			  what, nl_geterror(err));
		ipvlan_delete(sk, *ifindex);
		return -1;
	}
	log_info("(%s): Success creating ipvlan interface %s", instance, ifname);
	return 0;
}
