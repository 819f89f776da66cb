/*
 * VMAC interfaces through libnl-route-3: create (or adopt) a private
 * macvlan with the virtual MAC, configure it as keepalived 2.2.7 does, and
 * remove it again. The steps and their reasons are listed in vrrp_vmac.h.
 *
 * Everything here runs at start-up and shutdown, never per packet, so it
 * uses libnl's synchronous calls (on the shared request socket of
 * vrrp_nlreq.h, which bounds how long the kernel may stay silent) and one
 * link dump per creation. The
 * sysctls changed on parents and globally are reference-counted in the
 * context: the first VMAC that needs a change makes it, the last one that
 * goes puts the old value back.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_ipvlan.h"
#include "keepalived/vrrp/kernel/vrrp_nlreq.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "lib/log.h"

#define SYSCTL_V4 "/proc/sys/net/ipv4/conf"
#define SYSCTL_V6 "/proc/sys/net/ipv6/conf"
/* The kernel's "forever" for address lifetimes. */
#define LIFETIME_INFINITE 0xffffffffu

/* The parent's ARP settings a VMAC needs (IPV4_DEVCONF_*, value). */
/* clang-format off */
static const int parent_arp[][2] = {
	{ IPV4_DEVCONF_ARP_IGNORE, 1 },
	{ IPV4_DEVCONF_ARPFILTER, 1 },
	{ IPV4_DEVCONF_ARP_ANNOUNCE, 2 },
};
/* clang-format on */
#define PARENT_ARP_N (sizeof(parent_arp) / sizeof(parent_arp[0]))

/* A parent whose ARP settings this context changed. */
struct vmac_parent {
	int ifindex;
	unsigned refs;
	bool changed;
	uint32_t before[PARENT_ARP_N];
	struct vmac_parent *next;
};

/* An interface's rp_filter before it was raised to all.rp_filter. */
struct vmac_rpf_saved {
	char name[IF_NAMESIZE];
	int value;
};

struct vrrp_vmac_ctx {
	struct vrrp_nlreq *rq;
	struct nl_sock *sk; /* rq's, for libnl's synchronous calls */
	struct vmac_parent *parents;
	struct vrrp_vmac *vmacs;
	unsigned rpf_refs;
	bool rpf_changed;
	int rpf_all, rpf_default;
	struct vmac_rpf_saved *rpf_ifs;
	size_t rpf_nifs;
};

struct vrrp_vmac {
	char instance[VRRP_NAME_MAX];
	char ifname[IF_NAMESIZE];
	int ifindex;
	int base_ifindex;
	int family;
	uint8_t mac[VRRP_VMAC_LEN];
	bool created;
	bool holds_parent, holds_rpf;
	struct vrrp_vmac *next;
};

/* sysctl files ------------------------------------------------------------ */

static int
sysctl_read(const char *path)
{
	char buf[16];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atoi(buf);
}

static int
sysctl_write(const char *path, int value)
{
	char buf[16];
	int fd, n, ok;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d\n", value);
	ok = write(fd, buf, (size_t)n) == n;
	close(fd);
	return ok ? 0 : -1;
}

static const char *
conf_path(char *buf, size_t len, const char *base, const char *ifname, const char *name)
{
	snprintf(buf, len, "%s/%s/%s", base, ifname, name);
	return buf;
}

int
vrrp_if_sysctl4_get(const char *ifname, const char *name)
{
	char path[128];

	return sysctl_read(conf_path(path, sizeof(path), SYSCTL_V4, ifname, name));
}

int
vrrp_if_sysctl4_set(const char *ifname, const char *name, int value)
{
	char path[128];

	return sysctl_write(conf_path(path, sizeof(path), SYSCTL_V4, ifname, name), value);
}

static bool
have_ipv6(void)
{
	return access(SYSCTL_V6, F_OK) == 0;
}

/* all.rp_filter ----------------------------------------------------------- */

/*
 * The kernel applies the larger of all.rp_filter and the interface's own,
 * so a VMAC's rp_filter=0 means nothing while all.rp_filter is set. As
 * keepalived: raise every interface (and default) to all's value, then
 * clear all, which leaves every other interface filtering as before.
 */
static void
rpf_raise(struct vrrp_vmac_ctx *ctx)
{
	char path[PATH_MAX];
	struct dirent *de;
	int all, v;
	DIR *d;

	all = sysctl_read(SYSCTL_V4 "/all/rp_filter");
	if (all <= 0 || (d = opendir(SYSCTL_V4)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		struct vmac_rpf_saved *grown;

		if (de->d_name[0] == '.' || strcmp(de->d_name, "all") == 0 ||
		    strcmp(de->d_name, "default") == 0 || strcmp(de->d_name, "lo") == 0 ||
		    strlen(de->d_name) >= IF_NAMESIZE)
			continue;
		conf_path(path, sizeof(path), SYSCTL_V4, de->d_name, "rp_filter");
		if ((v = sysctl_read(path)) < 0 || v >= all)
			continue;
		grown = realloc(ctx->rpf_ifs, (ctx->rpf_nifs + 1) * sizeof(*grown));
		if (grown == NULL || sysctl_write(path, all) == -1) {
			ctx->rpf_ifs = grown != NULL ? grown : ctx->rpf_ifs;
			log_warnx("vmac: cannot raise %s to %d", path, all);
			continue;
		}
		ctx->rpf_ifs = grown;
		snprintf(grown[ctx->rpf_nifs].name, IF_NAMESIZE, "%s", de->d_name);
		grown[ctx->rpf_nifs++].value = v;
	}
	closedir(d);
	ctx->rpf_all = all;
	ctx->rpf_default = sysctl_read(SYSCTL_V4 "/default/rp_filter");
	if (ctx->rpf_default >= 0 && ctx->rpf_default < all) {
		log_notice("NOTICE: setting sysctl net.ipv4.conf.default.rp_filter from %d to %d",
			   ctx->rpf_default, all);
		sysctl_write(SYSCTL_V4 "/default/rp_filter", all);
	}
	log_notice("NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from %d to 0", all);
	if (sysctl_write(SYSCTL_V4 "/all/rp_filter", 0) == -1)
		log_warn("vmac: cannot clear net.ipv4.conf.all.rp_filter");
	ctx->rpf_changed = true;
}

static void
rpf_restore(struct vrrp_vmac_ctx *ctx)
{
	char path[PATH_MAX];

	if (!ctx->rpf_changed)
		return;
	log_notice("NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter to %d", ctx->rpf_all);
	sysctl_write(SYSCTL_V4 "/all/rp_filter", ctx->rpf_all);
	if (ctx->rpf_default >= 0 && ctx->rpf_default < ctx->rpf_all) {
		log_notice("NOTICE: resetting sysctl net.ipv4.conf.default.rp_filter to %d",
			   ctx->rpf_default);
		sysctl_write(SYSCTL_V4 "/default/rp_filter", ctx->rpf_default);
	}
	/* Interfaces that went away meanwhile have nothing to restore. */
	for (size_t i = 0; i < ctx->rpf_nifs; i++)
		sysctl_write(conf_path(path, sizeof(path), SYSCTL_V4, ctx->rpf_ifs[i].name,
				       "rp_filter"),
			     ctx->rpf_ifs[i].value);
	free(ctx->rpf_ifs);
	ctx->rpf_ifs = NULL;
	ctx->rpf_nifs = 0;
	ctx->rpf_changed = false;
}

/* Links ------------------------------------------------------------------- */

/* Apply changes to the link with ifindex. 0 or a libnl error. */
static int
link_change(struct vrrp_vmac_ctx *ctx, int ifindex, struct rtnl_link *changes)
{
	struct rtnl_link *orig = rtnl_link_alloc();
	int err;

	if (orig == NULL)
		return -NLE_NOMEM;
	rtnl_link_set_ifindex(orig, ifindex);
	err = rtnl_link_change(ctx->sk, orig, changes, 0);
	rtnl_link_put(orig);
	return err;
}

static int
link_set_up(struct vrrp_vmac_ctx *ctx, int ifindex, bool up)
{
	struct rtnl_link *chg = rtnl_link_alloc();
	int err;

	if (chg == NULL)
		return -NLE_NOMEM;
	if (up)
		rtnl_link_set_flags(chg, IFF_UP);
	else
		rtnl_link_unset_flags(chg, IFF_UP);
	err = link_change(ctx, ifindex, chg);
	rtnl_link_put(chg);
	return err;
}

static int
link_delete(struct vrrp_vmac_ctx *ctx, int ifindex)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int err;

	if (l == NULL)
		return -NLE_NOMEM;
	rtnl_link_set_ifindex(l, ifindex);
	err = rtnl_link_delete(ctx->sk, l);
	rtnl_link_put(l);
	return err;
}

/* IPv4 settings through IFLA_AF_SPEC; pairs of IPV4_DEVCONF_* and value. */
static int
link_set_inet(struct vrrp_vmac_ctx *ctx, int ifindex, const int *conf, size_t n)
{
	struct rtnl_link *chg = rtnl_link_alloc();
	int err = 0;

	if (chg == NULL)
		return -NLE_NOMEM;
	for (size_t i = 0; i + 1 < n && err == 0; i += 2)
		err = rtnl_link_inet_set_conf(chg, conf[i], (uint32_t)conf[i + 1]);
	if (err == 0)
		err = link_change(ctx, ifindex, chg);
	rtnl_link_put(chg);
	return err;
}

/* No link-local address derived from the shared MAC (RFC 5798 §7.4). */
static int
link_addrgenmode_none(struct vrrp_vmac_ctx *ctx, int ifindex)
{
	struct rtnl_link *chg = rtnl_link_alloc();
	int err;

	if (chg == NULL)
		return -NLE_NOMEM;
	err = rtnl_link_inet6_set_addr_gen_mode(chg, IN6_ADDR_GEN_MODE_NONE);
	if (err == 0)
		err = link_change(ctx, ifindex, chg);
	rtnl_link_put(chg);
	return err;
}

static bool
link_has_mac(struct rtnl_link *l, const uint8_t mac[VRRP_VMAC_LEN])
{
	struct nl_addr *a = rtnl_link_get_addr(l);

	return a != NULL && nl_addr_get_len(a) == VRRP_VMAC_LEN &&
	       memcmp(nl_addr_get_binary_addr(a), mac, VRRP_VMAC_LEN) == 0;
}

/* Parents ------------------------------------------------------------------ */

/*
 * The parent must not answer ARP for addresses that live on its VMACs
 * (arp_ignore, arp_filter: keepalived's settings). Nor may it ask with one
 * as sender: replies to a client leave through the parent, and an ARP
 * request from there naming the VIP would teach the client the parent's MAC
 * for it (keepalived 2.2.7 does exactly that); arp_announce=2 makes the
 * parent name its own address instead.
 */
static int
parent_hold(struct vrrp_vmac_ctx *ctx, struct nl_cache *cache, int ifindex)
{
	int want[2 * PARENT_ARP_N];
	struct vmac_parent *pp;
	struct rtnl_link *l;
	bool same = true;
	size_t i;
	int err;

	for (pp = ctx->parents; pp != NULL && pp->ifindex != ifindex; pp = pp->next)
		;
	if (pp != NULL) {
		pp->refs++;
		return 0;
	}
	if ((pp = calloc(1, sizeof(*pp))) == NULL)
		return -1;
	pp->ifindex = ifindex;
	pp->refs = 1;
	pp->next = ctx->parents;
	ctx->parents = pp;
	if ((l = rtnl_link_get(cache, ifindex)) == NULL) {
		log_warnx("vmac: cannot read the ARP settings of ifindex %d", ifindex);
		return 0;
	}
	for (i = 0; i < PARENT_ARP_N; i++) {
		if (rtnl_link_inet_get_conf(l, parent_arp[i][0], &pp->before[i]) < 0) {
			rtnl_link_put(l);
			log_warnx("vmac: cannot read the ARP settings of ifindex %d", ifindex);
			return 0;
		}
		same = same && pp->before[i] == (uint32_t)parent_arp[i][1];
		want[2 * i] = parent_arp[i][0];
		want[2 * i + 1] = parent_arp[i][1];
	}
	rtnl_link_put(l);
	if (same)
		return 0;
	if ((err = link_set_inet(ctx, ifindex, want, 2 * PARENT_ARP_N)) < 0) {
		log_warnx("vmac: cannot set arp_ignore/arp_filter/arp_announce on ifindex %d - %s",
			  ifindex, nl_geterror(err));
		return 0;
	}
	pp->changed = true;
	return 0;
}

static void
parent_release(struct vrrp_vmac_ctx *ctx, int ifindex)
{
	struct vmac_parent **pp, *p;
	int old[2 * PARENT_ARP_N], err;

	for (pp = &ctx->parents; *pp != NULL && (*pp)->ifindex != ifindex; pp = &(*pp)->next)
		;
	if ((p = *pp) == NULL || --p->refs > 0)
		return;
	*pp = p->next;
	if (p->changed) {
		for (size_t i = 0; i < PARENT_ARP_N; i++) {
			old[2 * i] = parent_arp[i][0];
			old[2 * i + 1] = (int)p->before[i];
		}
		/* The parent may be gone: nothing to restore then. */
		if ((err = link_set_inet(ctx, ifindex, old, 2 * PARENT_ARP_N)) < 0 &&
		    err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND)
			log_warnx("vmac: cannot restore the ARP settings of ifindex %d - %s",
				  ifindex, nl_geterror(err));
	}
	free(p);
}

/* Choosing the interface ------------------------------------------------------- */

/*
 * Find what to use: an existing private macvlan with the MAC on the parent
 * (adopted: returns 1, v->ifindex set), or a free name (returns 0).
 * Incompatible macvlans in the way are deleted, as keepalived does.
 */
static int
vmac_choose(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p, struct vrrp_vmac *v,
	    struct nl_cache *cache)
{
	const char *want = p->conf != NULL ? p->conf->ifname : "";
	struct rtnl_link *l;
	unsigned attempt;

	for (struct nl_object *o = nl_cache_get_first(cache); o != NULL; o = nl_cache_get_next(o)) {
		l = (struct rtnl_link *)o;
		if (!rtnl_link_is_macvlan(l) || rtnl_link_get_link(l) != p->base_ifindex ||
		    !link_has_mac(l, v->mac))
			continue;
		if (rtnl_link_macvlan_get_mode(l) != MACVLAN_MODE_PRIVATE) {
			log_warnx("(%s) VMAC %s is not a private macvlan. It will be deleted",
				  v->instance, rtnl_link_get_name(l));
			link_delete(ctx, rtnl_link_get_ifindex(l));
			nl_cache_refill(ctx->sk, cache);
			break;
		}
		if (want[0] != '\0' && strcmp(want, rtnl_link_get_name(l)) != 0)
			log_info("(%s) vmac name mismatch %s <=> %s; changing to %s.", v->instance,
				 want, rtnl_link_get_name(l), rtnl_link_get_name(l));
		snprintf(v->ifname, sizeof(v->ifname), "%s", rtnl_link_get_name(l));
		v->ifindex = rtnl_link_get_ifindex(l);
		return 1;
	}
	if (want[0] != '\0') {
		if ((l = rtnl_link_get_by_name(cache, want)) == NULL) {
			snprintf(v->ifname, sizeof(v->ifname), "%s", want);
			return 0;
		}
		if (rtnl_link_is_macvlan(l)) {
			log_info("(%s) VMAC %s already exists but is incompatible. It will be "
				 "deleted",
				 v->instance, want);
			link_delete(ctx, rtnl_link_get_ifindex(l));
			rtnl_link_put(l);
			snprintf(v->ifname, sizeof(v->ifname), "%s", want);
			return 0;
		}
		rtnl_link_put(l);
		log_warnx("(%s) VMAC interface name %s already exists as a non VMAC interface - "
			  "ignoring configured name",
			  v->instance, want);
	}
	for (attempt = 0;
	     vrrp_vmac_prefixed_name(p->prefix != NULL ? p->prefix : "vrrp", p->family, p->vrid,
				     attempt, v->ifname, sizeof(v->ifname)) == 0;
	     attempt++) {
		if ((l = rtnl_link_get_by_name(cache, v->ifname)) == NULL)
			return 0;
		rtnl_link_put(l);
	}
	log_warnx("(%s) no free name for a VMAC interface", v->instance);
	return -1;
}

static int
vmac_add(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p, struct vrrp_vmac *v)
{
	struct rtnl_link *l = rtnl_link_macvlan_alloc(), *got = NULL;
	struct nl_addr *mac = nl_addr_build(AF_LLC, v->mac, VRRP_VMAC_LEN);
	int err = -NLE_NOMEM;

	if (l != NULL && mac != NULL) {
		rtnl_link_macvlan_set_mode(l, MACVLAN_MODE_PRIVATE);
		rtnl_link_set_link(l, p->base_ifindex);
		rtnl_link_set_name(l, v->ifname);
		rtnl_link_set_addr(l, mac);
		err = rtnl_link_add(ctx->sk, l, NLM_F_CREATE | NLM_F_EXCL);
	}
	if (err == 0 && (err = rtnl_link_get_kernel(ctx->sk, 0, v->ifname, &got)) == 0) {
		v->ifindex = rtnl_link_get_ifindex(got);
		rtnl_link_put(got);
	}
	if (l != NULL)
		rtnl_link_put(l);
	nl_addr_put(mac);
	if (err < 0) {
		log_warnx("(%s): Unable to create VMAC interface %s - %s", v->instance, v->ifname,
			  nl_geterror(err));
		return -1;
	}
	v->created = true;
	return 0;
}

/* The parent's link-local, or an EUI-64 one from its MAC, on the VMAC. */
static int
vmac_add_ll6(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p, struct vrrp_vmac *v)
{
	struct in6_addr ll;
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local;
	int err = -NLE_NOMEM;

	if (p->ll6 != NULL) {
		ll = *p->ll6;
	} else if (p->base_mac != NULL) {
		memset(&ll, 0, sizeof(ll));
		ll.s6_addr[0] = 0xfe;
		ll.s6_addr[1] = 0x80;
		ll.s6_addr[8] = p->base_mac[0] ^ 0x02;
		memcpy(&ll.s6_addr[9], &p->base_mac[1], 2);
		ll.s6_addr[11] = 0xff;
		ll.s6_addr[12] = 0xfe;
		memcpy(&ll.s6_addr[13], &p->base_mac[3], 3);
	} else {
		rtnl_addr_put(a);
		log_warnx("(%s) no link-local address to put on VMAC %s", v->instance, v->ifname);
		return -1;
	}
	local = nl_addr_build(AF_INET6, &ll, sizeof(ll));
	if (a != NULL && local != NULL) {
		nl_addr_set_prefixlen(local, 64);
		rtnl_addr_set_ifindex(a, v->ifindex);
		rtnl_addr_set_family(a, AF_INET6);
		rtnl_addr_set_local(a, local);
		rtnl_addr_set_prefixlen(a, 64);
		rtnl_addr_set_flags(a, IFA_F_NODAD);
		/* Deprecated: a source for adverts only, never picked for other traffic. */
		rtnl_addr_set_preferred_lifetime(a, 0);
		rtnl_addr_set_valid_lifetime(a, LIFETIME_INFINITE);
		err = rtnl_addr_add(ctx->sk, a, NLM_F_REPLACE);
	}
	nl_addr_put(local);
	if (a != NULL)
		rtnl_addr_put(a);
	if (err < 0) {
		log_warnx("(%s) Adding link-local address to vmac %s failed - %s", v->instance,
			  v->ifname, nl_geterror(err));
		return -1;
	}
	return 0;
}

/* Everything after creation, in the order that matters: no LL before up. */
static int
vmac_configure(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p, struct vrrp_vmac *v,
	       struct nl_cache *cache)
{
	static const int vmac_v4[] = { IPV4_DEVCONF_ARP_IGNORE,          1,
				       IPV4_DEVCONF_ACCEPT_LOCAL,        1,
				       IPV4_DEVCONF_RP_FILTER,           0,
				       IPV4_DEVCONF_PROMOTE_SECONDARIES, 1 };
	bool xmit_base = p->conf != NULL && p->conf->xmit_base;
	char path[PATH_MAX];
	int err, disable_v6;

	/* An adopted VMAC may have had a link-local from its MAC: going down flushes it. */
	if (!v->created && (err = link_set_up(ctx, v->ifindex, false)) < 0)
		log_warnx("(%s) cannot set %s down - %s", v->instance, v->ifname, nl_geterror(err));
	if (have_ipv6() && (err = link_addrgenmode_none(ctx, v->ifindex)) < 0) {
		log_warnx("(%s) vmac: Error setting ADDR_GEN_MODE to NONE on %s - %s", v->instance,
			  v->ifname, nl_geterror(err));
		return -1;
	}
	if (p->family == AF_INET) {
		/* First: raising every interface's rp_filter must not reach this VMAC's 0. */
		if (ctx->rpf_refs++ == 0)
			rpf_raise(ctx);
		v->holds_rpf = true;
		err = link_set_inet(ctx, v->ifindex, vmac_v4, sizeof(vmac_v4) / sizeof(vmac_v4[0]));
		if (err < 0)
			log_warnx("(%s) Unable to set parameters for %s - %s", v->instance,
				  v->ifname, nl_geterror(err));
		if (parent_hold(ctx, cache, p->base_ifindex) == 0)
			v->holds_parent = true;
	}
	/*
	 * IPv4 VMACs run without IPv6 unless they carry IPv6 addresses; an IPv6
	 * one needs it even where default.disable_ipv6 is set (or an adopted
	 * VMAC had it off).
	 */
	disable_v6 = p->family == AF_INET && !p->want_ipv6;
	if (have_ipv6() &&
	    sysctl_write(conf_path(path, sizeof(path), SYSCTL_V6, v->ifname, "disable_ipv6"),
			 disable_v6) == -1)
		log_warn("(%s) cannot %s IPv6 on %s", v->instance,
			 disable_v6 ? "disable" : "enable", v->ifname);
	if ((err = link_set_up(ctx, v->ifindex, true)) < 0) {
		log_warnx("(%s) cannot set VMAC %s up - %s", v->instance, v->ifname,
			  nl_geterror(err));
		return -1;
	}
	if (p->family == AF_INET6 && !xmit_base && vmac_add_ll6(ctx, p, v) == -1)
		return -1;
	return 0;
}

/* Release what v holds and unlink it from the context; frees v. */
static void
vmac_release(struct vrrp_vmac_ctx *ctx, struct vrrp_vmac *v)
{
	struct vrrp_vmac **pp;

	if (v->holds_parent)
		parent_release(ctx, v->base_ifindex);
	if (v->holds_rpf && --ctx->rpf_refs == 0)
		rpf_restore(ctx);
	for (pp = &ctx->vmacs; *pp != NULL && *pp != v; pp = &(*pp)->next)
		;
	if (*pp == v)
		*pp = v->next;
	free(v);
}

/* API ------------------------------------------------------------------------ */

struct vrrp_vmac_ctx *
vrrp_vmac_ctx_open(void)
{
	struct vrrp_vmac_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL) {
		log_warnx("vmac: out of memory");
		return NULL;
	}
	if ((ctx->rq = vrrp_nlreq_open("vmac")) == NULL) {
		free(ctx);
		return NULL;
	}
	ctx->sk = vrrp_nlreq_sock(ctx->rq);
	return ctx;
}

void
vrrp_vmac_ctx_close(struct vrrp_vmac_ctx *ctx)
{
	if (ctx == NULL)
		return;
	while (ctx->vmacs != NULL)
		vrrp_vmac_destroy(ctx, ctx->vmacs);
	rpf_restore(ctx);
	vrrp_nlreq_close(ctx->rq);
	free(ctx);
}

struct vrrp_vmac *
vrrp_vmac_create(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p)
{
	struct nl_cache *cache = NULL;
	struct vrrp_vmac *v;
	int err, adopted;

	if ((v = calloc(1, sizeof(*v))) == NULL) {
		log_warnx("(%s) vmac: out of memory", p->instance);
		return NULL;
	}
	snprintf(v->instance, sizeof(v->instance), "%s", p->instance);
	v->base_ifindex = p->base_ifindex;
	v->family = p->family;
	vrrp_vmac_mac(p->conf, p->family, p->vrid, v->mac);
	v->next = ctx->vmacs;
	ctx->vmacs = v;
	if (p->ipvlan != NULL) {
		/* use_ipvlan: made by vrrp_ipvlan.c, removed as a VMAC we created. */
		if (p->base_mac != NULL)
			memcpy(v->mac, p->base_mac, VRRP_VMAC_LEN);
		if (vrrp_ipvlan_add(ctx->sk, p->instance, p->base_ifindex, p->vrid, p->family,
				    p->ipvlan, v->ifname, &v->ifindex) == -1)
			goto fail;
		v->created = true;
		return v;
	}
	if ((err = rtnl_link_alloc_cache(ctx->sk, AF_UNSPEC, &cache)) < 0) {
		log_warnx("(%s) vmac: cannot list interfaces - %s", v->instance, nl_geterror(err));
		goto fail;
	}
	if ((adopted = vmac_choose(ctx, p, v, cache)) == -1 ||
	    (adopted == 0 && vmac_add(ctx, p, v) == -1))
		goto fail;
	if (adopted == 1)
		log_info("(%s) Found matching interface %s", v->instance, v->ifname);
	if (vmac_configure(ctx, p, v, cache) == -1)
		goto fail;
	nl_cache_free(cache);
	if (v->created)
		log_info("(%s): Success creating VMAC interface %s", v->instance, v->ifname);
	return v;
fail:
	if (cache != NULL)
		nl_cache_free(cache);
	if (v->created && (err = link_delete(ctx, v->ifindex)) < 0)
		log_warnx("(%s) cannot remove VMAC %s again - %s", v->instance, v->ifname,
			  nl_geterror(err));
	vmac_release(ctx, v);
	return NULL;
}

void
vrrp_vmac_destroy(struct vrrp_vmac_ctx *ctx, struct vrrp_vmac *v)
{
	int err;

	if (v == NULL)
		return;
	if (v->created) {
		if ((err = link_delete(ctx, v->ifindex)) < 0)
			log_warnx("(%s) vmac: Error removing VMAC interface %s - %s", v->instance,
				  v->ifname, nl_geterror(err));
		else
			log_info("(%s) Success removing VMAC interface %s", v->instance, v->ifname);
	}
	vmac_release(ctx, v);
}

int
vrrp_vmac_ifindex(const struct vrrp_vmac *v)
{
	return v->ifindex;
}

const char *
vrrp_vmac_ifname(const struct vrrp_vmac *v)
{
	return v->ifname;
}

const uint8_t *
vrrp_vmac_get_mac(const struct vrrp_vmac *v)
{
	return v->mac;
}

bool
vrrp_vmac_created(const struct vrrp_vmac *v)
{
	return v->created;
}
