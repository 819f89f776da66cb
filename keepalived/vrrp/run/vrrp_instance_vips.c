/*
 * The VIPs of a live instance and their announcement: installing and
 * removing them (where they live: the VMAC with use_vmac), putting back
 * those someone else deleted, and what a reload changes in a running
 * instance (the VIPs it drops and adds; its move to the new array is
 * vrrp_instance_reload.c's); their announcement is vrrp_instance_garp.c's.
 * vrrp_instance.c calls these as the state machine's actions ask.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_nft.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

/* How often the instances holding VIPs look for those someone else removed. */
#define VRRP_VIP_CHECK_US 1000000ULL

/* no_accept: the drop sets (kernel/vrrp_nft.h) ----------------------------------- */

size_t
vrrp_inst_nft_addrs(const struct vrrp_inst *inst, const bool *pick, struct vrrp_nft_addr *out)
{
	const struct vrrp_instance_conf *c = inst->conf;
	size_t i, n = 0;

	for (i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);
		struct vrrp_nft_addr *a = &out[n];

		if (pick != NULL && !pick[i])
			continue;
		memset(a, 0, sizeof(*a));
		a->family = v->family;
		if (v->family == AF_INET) {
			a->u.v4 = v->addr.v4;
		} else {
			a->u.v6 = v->addr.v6;
			/* A link-local address is dropped on its own interface only. */
			if (IN6_IS_ADDR_LINKLOCAL(&v->addr.v6))
				a->ifindex = (uint32_t)(v->dev[0] != '\0' ?
								vrrp_inst_ifindex_of(inst->env->nl,
										     v->dev) :
								vrrp_inst_vip_ifindex(inst));
		}
		n++;
	}
	return n;
}

/*
 * Put the addresses of inst that pick names (NULL: all) into the drop sets,
 * or take them out, if the instance drops (no_accept, not the owner): in
 * before they are installed, out after they are removed, so that no
 * moment lets them answer. keepalived says so with -D.
 */
static void
vrrp_inst_nft(struct vrrp_inst *inst, enum vrrp_nft_op op, const bool *pick)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_nft_addr *addrs;
	size_t n;

	if (!c->nft.drops || inst->env->nft == NULL || vrrp_inst_naddrs(c) == 0)
		return;
	addrs = calloc(vrrp_inst_naddrs(c), sizeof(*addrs));
	if (addrs == NULL) {
		log_error("(%s) out of memory for the firewall drop rule", c->name);
		return;
	}
	n = vrrp_inst_nft_addrs(inst, pick, addrs);
	if (pick == NULL)
		log_debug("(%s) %s firewall drop rule", c->name,
			  op == VRRP_NFT_ADD ? "setting" : "removing");
	if (n > 0 && vrrp_nft_vips(inst->env->nft, op, addrs, n) != 0)
		vrrp_inst_errs(inst)->nft_errors++;
	free(addrs);
}

/*
 * A reload: the addresses of inst that other (the configuration before or
 * after) does not have, into the drop sets or out of them. Without memory
 * nothing is done here; the daemon's resync after the reload does it.
 */
static void
vrrp_inst_nft_diff(struct vrrp_inst *inst, const struct vrrp_instance_conf *other,
		   enum vrrp_nft_op op)
{
	const struct vrrp_instance_conf *c = inst->conf;
	bool *pick, any = false;

	if (!c->nft.drops || inst->env->nft == NULL || vrrp_inst_naddrs(c) == 0)
		return;
	pick = calloc(vrrp_inst_naddrs(c), sizeof(*pick));
	if (pick == NULL)
		return;
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		pick[i] = !vrrp_reload_vip_in(v, other->vips, other->nvips) &&
			  !vrrp_reload_vip_in(v, other->evips, other->nevips);
		any = any || pick[i];
	}
	if (any)
		vrrp_inst_nft(inst, op, pick);
	free(pick);
}

/* VIPs ---------------------------------------------------------------------------- */

/* Set while an instance clears a previous run's leftovers at its start. */
static bool vrrp_vips_leftovers;

/* keepalived's "setting VIPs."/"removing VIPs." lines are -D lines; a removal at start,
 * whatever is there, is logged as one too. */
static bool
vrrp_vips_logged(const struct vrrp_inst *inst, bool add)
{
	return log_get_detail() && (add || inst->vips_installed || vrrp_vips_leftovers);
}

void
vrrp_inst_vips_clear(struct vrrp_inst *inst)
{
	vrrp_vips_leftovers = true;
	vrrp_inst_vips(inst, false);
	vrrp_vips_leftovers = false;
}

/*
 * keepalived 2.2.7 sets every Master's VIPs again when it reloads, and says
 * so with -D. Ours are still in place (the instance ran on), so only the
 * lines are written.
 */
void
vrrp_inst_vips_reload_log(const struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;

	if (!log_get_detail() || inst->fsm.state != VRRP_STATE_MASTER)
		return;
	if (c->nvips > 0)
		log_info("(%s) setting VIPs.", c->name);
	if (c->nevips > 0)
		log_info("(%s) setting E-VIPs.", c->name);
}

void
vrrp_inst_vips(struct vrrp_inst *inst, bool add)
{
	const struct vrrp_instance_conf *c = inst->conf;
	int ifindex = vrrp_inst_vip_ifindex(inst);
	bool logged = vrrp_vips_logged(inst, add);
	int failed;

	/* Routes and rules may depend on the VIPs: they go last and leave first. */
	if (!add) {
		/* keepalived's start clears them, installed or not, with its lines. */
		if (vrrp_vips_leftovers && !inst->routes_installed)
			vrrp_inst_routes_log(inst, false);
		vrrp_inst_routes(inst, false);
	}
	if (vrrp_inst_naddrs(c) == 0)
		return;
	if (add)
		vrrp_inst_nft(inst, VRRP_NFT_ADD, NULL);
	if (c->nvips > 0) {
		if (logged)
			log_info("(%s) %s VIPs.", c->name, add ? "setting" : "removing");
		failed = vrrp_nl_vips_apply(inst->env->nl, add, ifindex, c->vips, c->nvips);
		if (failed > 0)
			vrrp_inst_errs(inst)->vip_errors += (uint64_t)failed;
	}
	/* Excluded addresses come and go with the VIPs, as keepalived's. */
	if (c->nevips > 0) {
		if (logged)
			log_info("(%s) %s E-VIPs.", c->name, add ? "setting" : "removing");
		failed = vrrp_nl_vips_apply(inst->env->nl, add, ifindex, c->evips, c->nevips);
		if (failed > 0)
			vrrp_inst_errs(inst)->vip_errors += (uint64_t)failed;
	}
	if (!add)
		vrrp_inst_nft(inst, VRRP_NFT_DEL, NULL);
	inst->vips_installed = add;
	vrrp_lease_installed(inst, add);
	inst->vip_check_clean = false;
	/* One timer for all instances (a heap entry each was most of the loop's work). */
	if (add && inst->env->vip_sweep != NULL && !ev_timer_active(inst->env->vip_sweep))
		ev_timer_start_in(inst->env->loop, inst->env->vip_sweep, VRRP_VIP_CHECK_US);
	if (add)
		vrrp_inst_routes(inst, true);
}

void
vrrp_inst_vips_sweep(struct ev_loop *loop, struct ev_timer *t, struct vrrp_inst *insts, size_t n)
{
	bool any = false;

	/* Cheap for most: one not Master, or whose last check was clean, returns at once. */
	for (size_t i = 0; i < n; i++) {
		vrrp_inst_vip_deleted(&insts[i]);
		any = any || insts[i].vips_installed;
	}
	/* Idle while no one holds VIPs: the next vrrp_inst_vips() that adds some arms it. */
	if (any)
		ev_timer_start_in(loop, t, VRRP_VIP_CHECK_US);
}

/* A tracked address of a Master deleted by someone else: the instance stands down. */
static void
vrrp_inst_vip_lost(struct vrrp_inst *inst, const struct vrrp_vip *v)
{
	char a[INET6_ADDRSTRLEN];

	if (log_get_detail())
		log_info("Netlink reflector reports IP %s removed from %s",
			 vrrp_addr_ntop(v->family, &v->addr, a, sizeof(a)),
			 v->dev[0] != '\0' ? v->dev : inst->conf->ifname);
	vrrp_inst_errs(inst)->vips_lost++;
	vrrp_inst_resign(inst);
}

void
vrrp_inst_vip_deleted(struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_nl *nl = inst->env->nl;
	uint64_t removals = vrrp_nl_addr_removals(nl);
	int ifindex;
	size_t i;

	/* First: the sweep calls this every second for every instance. */
	if (inst->fsm.state != VRRP_STATE_MASTER || !inst->vips_installed)
		return;
	if ((ifindex = vrrp_inst_vip_ifindex(inst)) == 0)
		return;
	if (vrrp_lease_hold_restore(inst)) /* a lease ran out: not "someone else" */
		return;
	/* Every VIP was there and nothing has left the cache since: no scan (thousands of VIPs). */
	if (inst->vip_check_clean && inst->vip_check_removals == removals)
		return;
	inst->vip_check_clean = true;
	inst->vip_check_removals = removals;
	for (i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		/* no_track: keepalived leaves it deleted, and so does the instance. */
		if (v->no_track || vrrp_nl_vip_present(nl, ifindex, v))
			continue;
		/*
		 * One we installed, deleted by someone else: as keepalived 2.2.7,
		 * Backup with a priority-0 advert and a new election after
		 * Skew_Time, which sets every address anew if this router wins.
		 */
		if (vrrp_nl_vip_lost(nl, ifindex, v)) {
			vrrp_inst_vip_lost(inst, v);
			return;
		}
		/*
		 * Acknowledged, its notification not read yet (thousands of VIPs
		 * on one interface): there; looked at again next time.
		 */
		if (vrrp_nl_vip_ours(nl, ifindex, v)) {
			inst->vip_check_clean = false;
			continue;
		}
		/*
		 * One whose add failed, or whose interface went: tried again; after
		 * a failure (logged), again only when a link changes or an address
		 * goes, not every second.
		 */
		log_info("(%s) VIP removed by someone else, restoring it", c->name);
		if (vrrp_nl_vips_apply(nl, true, ifindex, v, 1) == 0) {
			vrrp_inst_errs(inst)->vips_restored++;
			inst->vip_check_clean = false;
		}
	}
}

/* Reload --------------------------------------------------------------------------- */

void
vrrp_inst_vips_retire(struct vrrp_inst *inst, const struct vrrp_instance_conf *newconf)
{
	const struct vrrp_instance_conf *c = inst->conf;
	int ifindex = vrrp_inst_vip_ifindex(inst);
	char buf[INET6_ADDRSTRLEN];

	if (!inst->vips_installed)
		return;
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		/* An address that moves between the VIPs and the excluded ones stays. */
		if (vrrp_reload_vip_in(v, newconf->vips, newconf->nvips) ||
		    vrrp_reload_vip_in(v, newconf->evips, newconf->nevips))
			continue;
		log_info("(%s) removing VIP %s", c->name,
			 vrrp_addr_ntop(v->family, &v->addr, buf, sizeof(buf)));
		if (vrrp_nl_vips_apply(inst->env->nl, false, ifindex, v, 1) > 0)
			vrrp_inst_errs(inst)->vip_errors++;
	}
	vrrp_inst_nft_diff(inst, newconf, VRRP_NFT_DEL);
}

const struct vrrp_instance_conf *
vrrp_inst_advert_conf(const struct vrrp_inst *inst, struct vrrp_instance_conf *copy)
{
	const struct vrrp_ifinfo *ifi =
		inst->env->nl != NULL ? vrrp_nl_if(inst->env->nl, inst->conf->ifname) : NULL;
	size_t n;

	/* An unknown MTU limits nothing beyond the 255 the conf already kept. */
	if (ifi == NULL || ifi->mtu == 0)
		return inst->conf;
	n = vrrp_conf_advert_naddr(inst->conf, ifi->mtu);
	if (n >= inst->conf->nvips)
		return inst->conf;
	*copy = *inst->conf;
	copy->nvips = n;
	return copy;
}

/* An updated instance's advert, rebuilt only if what it carries changed. */
static void
vrrp_inst_rebuild_tx(struct vrrp_inst *inst)
{
	struct vrrp_txpkt tx;
	struct vrrp_instance_conf copy;

	if (!inst->tx_ready)
		return;
	if (vrrp_pkt_build(&tx, vrrp_inst_advert_conf(inst, &copy), inst->tx->priority,
			   &inst->fsm.local_addr, &inst->group) != 0) {
		log_warnx("(%s) cannot build an advertisement", inst->conf->name);
		return;
	}
	if ((tx.len != inst->tx->len || memcmp(tx.buf, inst->tx->buf, tx.len) != 0) &&
	    !vrrp_inst_tx_store(inst, &tx))
		inst->tx_ready = false;
}

void
vrrp_inst_reconfigured(struct vrrp_inst *inst, const struct vrrp_instance_conf *oldconf)
{
	const struct vrrp_instance_conf *c = inst->conf;
	int ifindex = vrrp_inst_vip_ifindex(inst);
	char buf[INET6_ADDRSTRLEN];
	bool *pick;
	size_t added = 0;

	vrrp_inst_rebuild_tx(inst);
	if (!inst->vips_installed || inst->fsm.state != VRRP_STATE_MASTER ||
	    vrrp_inst_naddrs(c) == 0)
		return;
	/* no_accept: the new addresses go into the drop sets before they are installed. */
	vrrp_inst_nft_diff(inst, oldconf, VRRP_NFT_ADD);
	pick = calloc(vrrp_inst_naddrs(c), sizeof(*pick));
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		if (vrrp_reload_vip_in(v, oldconf->vips, oldconf->nvips) ||
		    vrrp_reload_vip_in(v, oldconf->evips, oldconf->nevips))
			continue;
		log_info("(%s) adding VIP %s", c->name,
			 vrrp_addr_ntop(v->family, &v->addr, buf, sizeof(buf)));
		if (vrrp_nl_vips_apply(inst->env->nl, true, ifindex, v, 1) > 0)
			vrrp_inst_errs(inst)->vip_errors++;
		if (pick != NULL)
			pick[i] = true;
		added++;
	}
	/*
	 * Announced as a new Master announces its VIPs (paced, from the VMAC's MAC), the new
	 * ones only.
	 */
	if (added > 0 && pick != NULL)
		vrrp_inst_garp_start(inst, pick);
	else
		free(pick);
}
