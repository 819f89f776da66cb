/*
 * The daemon's no_accept table across start-up, reloads and exit: see
 * vrrp_firewall.h.
 */
#include "keepalived/vrrp/run/vrrp_firewall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/kernel/vrrp_nft.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/run/vrrp_instance.h"

/* The table conf asks for (nftables, nftables_priority, nftables_counters). */
static void
vrrp_firewall_want(const struct vrrp_conf *conf, struct vrrp_nft_opts *o)
{
	memset(o, 0, sizeof(*o));
	snprintf(o->table, sizeof(o->table), "%s", conf->nft.table);
	o->priority = conf->nft.priority_given ? conf->nft.priority : VRRP_NFT_PRIORITY_DEFAULT;
	o->counters = conf->nft.counters;
}

static bool
vrrp_firewall_holds(const struct vrrp_inst *inst)
{
	return inst->conf->nft.drops && inst->vips_installed;
}

/*
 * What the drop sets must hold now: the addresses of every instance that
 * drops and holds its addresses (Master). *count: how many; NULL when
 * none, or out of memory (*count > 0 then).
 */
static struct vrrp_nft_addr *
vrrp_firewall_collect(const struct vrrp_inst *insts, size_t n, size_t *count)
{
	struct vrrp_nft_addr *addrs;
	size_t i, room = 0;

	*count = 0;
	for (i = 0; i < n; i++)
		if (vrrp_firewall_holds(&insts[i]))
			room += vrrp_inst_naddrs(insts[i].conf);
	if (room == 0)
		return NULL;
	addrs = calloc(room, sizeof(*addrs));
	if (addrs == NULL) {
		*count = room;
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (vrrp_firewall_holds(&insts[i]))
			*count += vrrp_inst_nft_addrs(&insts[i], NULL, addrs + *count);
	return addrs;
}

void
vrrp_firewall_prepare(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n,
		      const struct vrrp_conf *conf, struct vrrp_nft **old)
{
	struct vrrp_nft_opts want;
	struct vrrp_nft_addr *addrs;
	struct vrrp_nft *nft;
	size_t count;

	*old = NULL;
	if (!conf->nft.needed)
		return;
	/* keepalived's line at start and at each reload (not with -t). */
	if (!conf->nft.table_given)
		log_info("use_vmac or no_accept/strict specified, but no firewall configured - "
			 "using nftables");
	vrrp_firewall_want(conf, &want);
	if (env->nft != NULL && memcmp(vrrp_nft_opts(env->nft), &want, sizeof(want)) == 0)
		return;
	addrs = vrrp_firewall_collect(insts, n, &count);
	if (addrs == NULL && count > 0) {
		log_error("nftables: out of memory");
		return;
	}
	if (vrrp_nft_open_with(&want, addrs, count, &nft) == 0) {
		*old = env->nft;
		env->nft = nft;
	} else {
		bool drops = false;

		for (const struct vrrp_instance_conf *vi = conf->instances; vi != NULL;
		     vi = vi->next)
			drops |= vi->nft.drops;
		/* use_vmac alone asks for the table for its VMAC rules only. */
		if (drops)
			log_error("no_accept is not enforced: its addresses answer while Master");
		else
			log_error("VMACs' multicast reports leave with the virtual MAC");
	}
	free(addrs);
}

void
vrrp_firewall_sync(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n,
		   const struct vrrp_conf *conf, struct vrrp_nft *old)
{
	struct vrrp_nft_addr *addrs;
	size_t count;

	if (old != NULL) {
		if (strcmp(vrrp_nft_opts(old)->table, vrrp_nft_opts(env->nft)->table) == 0)
			vrrp_nft_detach(old);
		else
			vrrp_nft_close(old);
	}
	if (env->nft == NULL)
		return;
	if (!conf->nft.needed) {
		vrrp_firewall_close(env);
		return;
	}
	addrs = vrrp_firewall_collect(insts, n, &count);
	if (addrs == NULL && count > 0)
		log_error("nftables: out of memory");
	else
		vrrp_nft_replace(env->nft, addrs, count);
	free(addrs);
	vrrp_firewall_vmacs(env, insts, n);
}

void
vrrp_firewall_vmacs(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n)
{
	struct vrrp_nft_vmac *v;
	size_t count = 0;

	if (env->nft == NULL)
		return;
	v = calloc(n > 0 ? n : 1, sizeof(*v));
	if (v == NULL) {
		log_error("nftables: out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct vrrp_inst *inst = &insts[i];
		const struct vrrp_instance_conf *c = inst->conf;
		int vmac, parent;

		/* use_vmac's macvlan only: an ipvlan has the parent's MAC already. */
		if (inst->vmac == NULL || c->vmac == NULL || !c->vmac->enabled ||
		    (c->ipvlan != NULL && c->ipvlan->enabled))
			continue;
		vmac = vrrp_vmac_ifindex(inst->vmac);
		parent = vrrp_inst_ifindex_of(env->nl, c->ifname);
		if (vmac <= 0 || parent <= 0)
			continue;
		v[count].family = c->family;
		v[count].ifindex = (uint32_t)vmac;
		v[count].parent = (uint32_t)parent;
		count++;
	}
	vrrp_nft_vmacs(env->nft, v, count);
	free(v);
}

void
vrrp_firewall_close(struct vrrp_inst_env *env)
{
	vrrp_nft_close(env->nft);
	env->nft = NULL;
}
