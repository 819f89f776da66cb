/*
 * The parts of a live instance that other modules implement: use_vmac
 * (vrrp_vmac.c) and virtual_routes / virtual_rules / static_* (vrrp_route*.c).
 * vrrp_instance.c calls these at the points keepalived does: the VMAC before
 * the instance's socket, routes and rules after the VIPs on becoming Master
 * and before them on leaving, the static entries once at start and exit.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

/* keepalived's default_interface, where static addresses without dev go. */
#define VRRP_DEFAULT_INTERFACE "eth0"

int
vrrp_inst_ifindex_of(void *nl, const char *ifname)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(nl, ifname);

	return ifi != NULL ? ifi->ifindex : (int)if_nametoindex(ifname);
}

/* use_ipvlan (vrrp_ipvlan.c): made and removed through the VMAC calls. */
static bool
vrrp_inst_wants_ipvlan(const struct vrrp_instance_conf *c)
{
	return c->ipvlan != NULL && c->ipvlan->enabled;
}

bool
vrrp_inst_ipvlan_addr(const struct vrrp_instance_conf *c, union vrrp_addr *addr)
{
	if (!vrrp_inst_wants_ipvlan(c) || !c->ipvlan->has_addr || c->ipvlan->family != c->family)
		return false;
	*addr = c->ipvlan->addr;
	return true;
}

const char *
vrrp_inst_vmac_create(struct vrrp_inst_env *env, const struct vrrp_instance_conf *c,
		      struct vrrp_vmac **vmac)
{
	const struct vrrp_ifinfo *ifi;
	struct vrrp_vmac_ctx *ctx;
	struct vrrp_vmac_params p;

	*vmac = NULL;
	if ((c->vmac == NULL || !c->vmac->enabled) && !vrrp_inst_wants_ipvlan(c))
		return c->ifname;
	ifi = vrrp_nl_if(env->nl, c->ifname);
	if (ifi == NULL || !ifi->has_mac) {
		log_warnx("(%s) cannot create a VMAC on %s: %s", c->name, c->ifname,
			  ifi == NULL ? "no such interface" : "no MAC address");
		return c->ifname;
	}
	if ((ctx = env->ops->vmac_ctx(env->owner)) == NULL)
		return c->ifname;
	memset(&p, 0, sizeof(p));
	p.instance = c->name;
	p.base_ifindex = ifi->ifindex;
	p.vrid = c->vrid;
	p.family = c->family;
	p.conf = c->vmac;
	p.ipvlan = vrrp_inst_wants_ipvlan(c) ? c->ipvlan : NULL;
	p.ll6 = ifi->has_ll6 ? &ifi->ll6 : NULL;
	p.base_mac = ifi->mac;
	*vmac = vrrp_vmac_create(ctx, &p);
	if (*vmac == NULL || (c->vmac != NULL && c->vmac->xmit_base))
		return c->ifname;
	return vrrp_vmac_ifname(*vmac);
}

/* One VMAC of use_vmac_addr: on the parent of vip, with vip's family. NULL: failed, logged. */
static struct vrrp_vmac *
vrrp_inst_addr_vmac_create(struct vrrp_inst *inst, struct vrrp_vmac_ctx *ctx,
			   const struct vrrp_vip *vip)
{
	const struct vrrp_instance_conf *c = inst->conf;
	const char *parent = vrrp_vmac_vip_parent(c, vip);
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(inst->env->nl, parent);
	struct vrrp_vmac_params p;

	if (ifi == NULL || !ifi->has_mac) {
		log_warnx("(%s) cannot create a VMAC on %s: %s", c->name, parent,
			  ifi == NULL ? "no such interface" : "no MAC address");
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.instance = c->name;
	p.base_ifindex = ifi->ifindex;
	p.vrid = c->vrid;
	p.family = vip->family;
	p.prefix = c->vmac->addr_prefix;
	p.ll6 = ifi->has_ll6 ? &ifi->ll6 : NULL;
	p.base_mac = ifi->mac;
	return vrrp_vmac_create(ctx, &p);
}

/*
 * use_vmac_addr: the VMACs of the addresses that need one, and each such
 * address's dev pointed at its VMAC. The live configuration is the
 * daemon's own (it parsed it and frees it), so the one place that learns
 * the VMAC's name writes it there: installing, restoring and announcing
 * the address then need nothing new. A reload restarts such an instance
 * (vrrp_vmac_conf_has_addr_vmacs()), whose fresh configuration says dev
 * again.
 */
static void
vrrp_inst_addr_vmacs_create(struct vrrp_inst *inst)
{
	struct vrrp_instance_conf *c = (struct vrrp_instance_conf *)inst->conf;
	size_t i, k, n = vrrp_inst_naddrs(c), nv;
	struct vrrp_vmac_ctx *ctx;
	size_t *first_of;
	int *slot_of;

	if (n == 0 || c->vmac == NULL || !c->vmac->has_addr_vmacs)
		return;
	slot_of = calloc(n, sizeof(*slot_of));
	first_of = calloc(n, sizeof(*first_of));
	if (slot_of == NULL || first_of == NULL)
		goto out;
	nv = vrrp_vmac_addr_slots(c, slot_of, first_of);
	if (nv == 0 || (ctx = inst->env->ops->vmac_ctx(inst->env->owner)) == NULL ||
	    (inst->addr_vmacs = calloc(nv, sizeof(*inst->addr_vmacs))) == NULL)
		goto out;
	inst->naddr_vmacs = nv;
	for (k = 0; k < nv; k++)
		inst->addr_vmacs[k] =
			vrrp_inst_addr_vmac_create(inst, ctx, vrrp_inst_addr(c, first_of[k]));
	for (i = 0; i < n; i++) {
		struct vrrp_vip *v = (struct vrrp_vip *)vrrp_inst_addr(c, i);

		if (slot_of[i] >= 0 && inst->addr_vmacs[slot_of[i]] != NULL)
			snprintf(v->dev, sizeof(v->dev), "%s",
				 vrrp_vmac_ifname(inst->addr_vmacs[slot_of[i]]));
	}
out:
	free(slot_of);
	free(first_of);
}

void
vrrp_inst_attach_vmac(struct vrrp_inst *inst, struct vrrp_vmac *vmac)
{
	const struct vrrp_vmac_conf *vc = inst->conf->vmac;

	inst->vmac = vmac;
	/* keepalived keeps an instance whose VMAC it could not make out of the election. */
	inst->vmac_fault = ((vc != NULL && vc->enabled) || vrrp_inst_wants_ipvlan(inst->conf)) &&
			   vmac == NULL;
	vrrp_inst_addr_vmacs_create(inst);
}

void
vrrp_inst_vmac_release(struct vrrp_inst *inst)
{
	struct vrrp_vmac_ctx *ctx;

	if (inst->vmac == NULL && inst->naddr_vmacs == 0)
		return;
	ctx = inst->env->ops->vmac_ctx(inst->env->owner);
	if (inst->vmac != NULL)
		vrrp_vmac_destroy(ctx, inst->vmac);
	inst->vmac = NULL;
	for (size_t k = 0; k < inst->naddr_vmacs; k++)
		if (inst->addr_vmacs[k] != NULL)
			vrrp_vmac_destroy(ctx, inst->addr_vmacs[k]);
	free(inst->addr_vmacs);
	inst->addr_vmacs = NULL;
	inst->naddr_vmacs = 0;
}

int
vrrp_inst_vip_ifindex(const struct vrrp_inst *inst)
{
	if (inst->vmac != NULL)
		return vrrp_vmac_ifindex(inst->vmac);
	return vrrp_inst_ifindex_of(inst->env->nl, inst->conf->ifname);
}

const uint8_t *
vrrp_inst_vmac_mac(const struct vrrp_inst *inst)
{
	return inst->vmac != NULL ? vrrp_vmac_get_mac(inst->vmac) : NULL;
}

/*
 * keepalived's -D lines for virtual_routes and virtual_rules: routes then
 * rules when they are set, rules then routes when they are removed.
 */
void
vrrp_inst_routes_log(const struct vrrp_inst *inst, bool add)
{
	const struct vrrp_instance_conf *c = inst->conf;
	const struct vrrp_routes_conf *rc = c->routes;
	const char *what = add ? "setting" : "removing";

	if (!log_get_detail() || rc == NULL)
		return;
	if (!add && rc->nrules > 0)
		log_info("(%s) %s Virtual Rules", c->name, what);
	if (rc->nroutes > 0)
		log_info("(%s) %s Virtual Routes", c->name, what);
	if (add && rc->nrules > 0)
		log_info("(%s) %s Virtual Rules", c->name, what);
}

void
vrrp_inst_routes(struct vrrp_inst *inst, bool add)
{
	const struct vrrp_instance_conf *c = inst->conf;
	const struct vrrp_routes_conf *rc = c->routes;
	struct vrrp_route_nl *rh;
	char who[VRRP_NAME_MAX + 2];
	int failed;

	if (rc == NULL || (rc->nroutes == 0 && rc->nrules == 0))
		return;
	if ((rh = inst->env->ops->route_nl(inst->env->owner)) == NULL)
		return;
	/* A line for what was or is being installed (a start's clean-up: vrrp_inst_vips()). */
	if (add || inst->routes_installed)
		vrrp_inst_routes_log(inst, add);
	snprintf(who, sizeof(who), "(%s)", c->name);
	failed = vrrp_route_apply(rh, rc, add, vrrp_inst_ifindex_of(inst->env->nl, c->ifname), who);
	if (failed > 0)
		vrrp_inst_errs(inst)->vip_errors += (uint64_t)failed;
	inst->routes_installed = add;
}

/*
 * The static entries installed (between the two vrrp_statics_apply calls),
 * compared only: a reload does not install the new file's, so they are not
 * restored either.
 */
static const struct vrrp_routes_conf *statics_installed;

void
vrrp_statics_apply(struct vrrp_inst_env *env, const struct vrrp_conf *conf, bool add)
{
	struct vrrp_route_nl *rh;

	statics_installed = add ? conf->statics : NULL;
	if (conf->statics == NULL || (rh = env->ops->route_nl(env->owner)) == NULL)
		return;
	vrrp_route_apply(rh, conf->statics, add,
			 vrrp_inst_ifindex_of(env->nl, VRRP_DEFAULT_INTERFACE), "");
}

const struct vrrp_routes_conf *
vrrp_statics_installed(void)
{
	return statics_installed;
}

/* keepalived's text of an address put back: "A[/LEN] [brd B] dev IF scope S [label L] set". */
static const char *
statics_addr_text(const struct vrrp_vip *vip, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET_ADDRSTRLEN], num[12];
	const char *scope = NULL;
	int n;

	switch (vip->scope) {
	case RT_SCOPE_UNIVERSE:
		scope = "global";
		break;
	case RT_SCOPE_SITE:
		scope = "site";
		break;
	case RT_SCOPE_LINK:
		scope = "link";
		break;
	case RT_SCOPE_HOST:
		scope = "host";
		break;
	case RT_SCOPE_NOWHERE:
		scope = "nowhere";
		break;
	default:
		snprintf(num, sizeof(num), "%d", vip->scope);
		scope = num;
		break;
	}
	/* A host address without its length, as keepalived. */
	n = snprintf(buf, len, "%s", inet_ntop(vip->family, &vip->addr, a, sizeof(a)));
	if (vip->prefixlen != (vip->family == AF_INET ? 32 : 128) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "/%u", vip->prefixlen);
	if (vip->has_brd && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " brd %s",
			      inet_ntop(AF_INET, &vip->brd, b, sizeof(b)));
	if (n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " dev %s scope %s",
			      vip->dev[0] != '\0' ? vip->dev : VRRP_DEFAULT_INTERFACE, scope);
	if (vip->label[0] != '\0' && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " label %s", vip->label);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " set");
	return buf;
}

void
vrrp_statics_restore(struct vrrp_inst_env *env, const struct vrrp_conf *conf, int ifindex)
{
	const struct vrrp_routes_conf *rc = conf->statics;
	struct vrrp_routes_conf one;
	struct vrrp_vip copy;
	const struct vrrp_ifinfo *ifi;
	struct vrrp_route_nl *rh;
	const struct vrrp_vip *vip;
	char a[160];
	int defidx;

	if (rc == NULL || rc != statics_installed || rc->naddrs == 0 ||
	    (rh = env->ops->route_nl(env->owner)) == NULL)
		return;
	defidx = vrrp_inst_ifindex_of(env->nl, VRRP_DEFAULT_INTERFACE);
	for (size_t i = 0; i < rc->naddrs; i++) {
		vip = &rc->addrs[i];
		ifi = vrrp_nl_if(env->nl, vip->dev[0] != '\0' ? vip->dev : VRRP_DEFAULT_INTERFACE);
		/* An interface that is gone: tried again when it comes back. */
		/* no_track: keepalived leaves it deleted. */
		if (vip->no_track || ifi == NULL || (ifindex != 0 && ifi->ifindex != ifindex) ||
		    vrrp_nl_vip_present(env->nl, defidx, vip))
			continue;
		log_info("Restoring deleted static address %s%s%s",
			 statics_addr_text(vip, a, sizeof(a)),
			 rc->addr_tgroup != NULL && rc->addr_tgroup[i][0] != '\0' ?
				 " track_group " :
				 "",
			 rc->addr_tgroup != NULL ? rc->addr_tgroup[i] : "");
		memset(&one, 0, sizeof(one));
		copy = *vip;
		one.addrs = &copy;
		one.naddrs = 1;
		vrrp_route_apply(rh, &one, true, defidx, "");
	}
}
