/*
 * The VIPs of a live instance and their announcement: installing and
 * removing them (where they live: the VMAC with use_vmac), putting back
 * those someone else deleted, the paced gratuitous ARPs / unsolicited NAs
 * of a new Master, and what a reload changes in a running instance (its
 * move to the new array, the VIPs it drops and adds). vrrp_instance.c
 * calls these as the state machine's actions ask.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

#define VRRP_VIP_CHECK_US 1000000ULL

static void vrrp_inst_garp_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);
static void vrrp_inst_vip_check_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

void
vrrp_inst_vips_timers_init(struct vrrp_inst *inst)
{
	ev_timer_init(&inst->garp_timer, vrrp_inst_garp_cb, inst);
	ev_timer_init(&inst->vip_check_timer, vrrp_inst_vip_check_cb, inst);
}

/* VIPs ---------------------------------------------------------------------------- */

void
vrrp_inst_vips(struct vrrp_inst *inst, bool add)
{
	const struct vrrp_instance_conf *c = inst->conf;
	int ifindex = vrrp_inst_vip_ifindex(inst);
	int failed;

	/* Routes and rules may depend on the VIPs: they go last and leave first. */
	if (!add)
		vrrp_inst_routes(inst, false);
	if (vrrp_inst_naddrs(c) == 0)
		return;
	if (c->nvips > 0) {
		if (add)
			log_info("(%s) setting VIPs.", c->name);
		else if (inst->vips_installed)
			log_info("(%s) removing VIPs.", c->name);
		failed = vrrp_nl_vips_apply(inst->env->nl, add, ifindex, c->vips, c->nvips);
		if (failed > 0)
			inst->stats.vip_errors += (uint64_t)failed;
	}
	/* Excluded addresses come and go with the VIPs, as keepalived's. */
	if (c->nevips > 0) {
		if (add)
			log_info("(%s) setting E-VIPs.", c->name);
		else if (inst->vips_installed)
			log_info("(%s) removing E-VIPs.", c->name);
		failed = vrrp_nl_vips_apply(inst->env->nl, add, ifindex, c->evips, c->nevips);
		if (failed > 0)
			inst->stats.vip_errors += (uint64_t)failed;
	}
	inst->vips_installed = add;
	inst->vip_check_clean = false;
	if (add)
		ev_timer_start_in(inst->env->loop, &inst->vip_check_timer, VRRP_VIP_CHECK_US);
	else
		ev_timer_stop(inst->env->loop, &inst->vip_check_timer);
	if (add)
		vrrp_inst_routes(inst, true);
}

/* One GARP or NA for vip, on the interface that holds it. */
static void
vrrp_inst_garp_one(struct vrrp_inst *inst, const struct vrrp_vip *vip)
{
	struct vrrp_nl *nl = inst->env->nl;
	const struct vrrp_ifinfo *ifi =
		vrrp_nl_if(nl, vip->dev[0] != '\0' ? vip->dev : inst->conf->ifname);
	const uint8_t *mac = ifi != NULL && ifi->has_mac ? ifi->mac : NULL;
	int ifindex = ifi != NULL ? ifi->ifindex : 0;
	struct vrrp_arp *arp;

	/* use_vmac: the VIPs live on the VMAC and are announced with the virtual MAC. */
	if (vip->dev[0] == '\0' && inst->vmac != NULL) {
		ifindex = vrrp_inst_vip_ifindex(inst);
		mac = vrrp_inst_vmac_mac(inst);
	}
	if (mac == NULL || ifindex == 0)
		return;
	arp = inst->env->ops->arp(inst->env->owner, ifindex);
	if (arp == NULL)
		return;
	if (vip->family == AF_INET) {
		if (vrrp_arp_send_garp(arp, mac, vip->addr.v4) == 0)
			inst->stats.garps_tx++;
	} else {
		/* As keepalived: the NA comes from the VIP itself. */
		if (vrrp_arp_send_na(arp, mac, &vip->addr.v6, &vip->addr.v6,
				     inst->garp_router_flag) == 0)
			inst->stats.nas_tx++;
	}
}

static uint64_t
vrrp_inst_garp_gap_us(const struct vrrp_inst *inst)
{
	return inst->conf->family == AF_INET6 ? inst->conf->gna_interval_us :
						inst->conf->garp_interval_us;
}

/* Whether VIP i is announced by the current sequence (a reload announces only those it added). */
static bool
vrrp_inst_garp_picked(const struct vrrp_inst *inst, size_t i)
{
	return inst->garp_pick == NULL || inst->garp_pick[i];
}

static void
vrrp_inst_garp_unpick(struct vrrp_inst *inst)
{
	free(inst->garp_pick);
	inst->garp_pick = NULL;
}

/*
 * Send what is due of the current burst. With no interval every message of
 * the burst leaves now; otherwise one message per timer tick.
 */
static void
vrrp_inst_garp_run(struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct ev_loop *loop = inst->env->loop;
	uint64_t gap = vrrp_inst_garp_gap_us(inst);

	/* keepalived 2.2.7 announces the excluded addresses too, after the VIPs. */
	while (inst->garp_burst_left > 0 && vrrp_inst_naddrs(c) > 0) {
		bool sent = vrrp_inst_garp_picked(inst, inst->garp_next_vip);

		if (sent)
			vrrp_inst_garp_one(inst, vrrp_inst_addr(c, inst->garp_next_vip));
		if (++inst->garp_next_vip == vrrp_inst_naddrs(c)) {
			inst->garp_next_vip = 0;
			inst->garp_burst_left--;
		}
		if (sent && gap > 0 && inst->garp_burst_left > 0) {
			ev_timer_start_in(loop, &inst->garp_timer, gap);
			return;
		}
	}
	if (inst->garp_second_pending && c->garp_master_delay_us > 0) {
		inst->garp_second_pending = false;
		inst->garp_burst_left = c->garp_master_repeat;
		ev_timer_start_in(loop, &inst->garp_timer, c->garp_master_delay_us);
	} else if (c->garp_master_refresh_us > 0) {
		/* The refresh is for every VIP. */
		vrrp_inst_garp_unpick(inst);
		inst->garp_burst_left = c->garp_master_refresh_repeat;
		ev_timer_start_in(loop, &inst->garp_timer, c->garp_master_refresh_us);
	} else {
		vrrp_inst_garp_unpick(inst);
	}
}

/*
 * The announcement of a new Master (pick NULL), or of the VIPs a reload
 * added (pick[i]: announce VIP i; the instance takes the array over).
 */
void
vrrp_inst_garp_start(struct vrrp_inst *inst, bool *pick)
{
	const struct vrrp_instance_conf *c = inst->conf;

	size_t i;
	char addr[INET6_ADDRSTRLEN];

	vrrp_inst_garp_unpick(inst);
	inst->garp_pick = pick;
	if (vrrp_inst_naddrs(c) == 0)
		return;
	for (i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		if (!vrrp_inst_garp_picked(inst, i))
			continue;
		log_info("(%s) Sending/queueing %s on %s for %s", c->name,
			 v->family == AF_INET6 ? "Unsolicited Neighbour Adverts" :
						 "gratuitous ARPs",
			 v->dev[0] != '\0'  ? v->dev :
			 inst->vmac != NULL ? vrrp_vmac_ifname(inst->vmac) :
					      c->ifname,
			 vrrp_addr_ntop(v->family, &v->addr, addr, sizeof(addr)));
	}
	inst->garp_burst_left = c->garp_master_repeat;
	inst->garp_next_vip = 0;
	inst->garp_second_pending = true;
	/* NAs carry the Router flag when the interface forwards, as keepalived's. */
	if (c->family == AF_INET6)
		inst->garp_router_flag = vrrp_arp_ipv6_forwarding(c->ifname) > 0;
	ev_timer_stop(inst->env->loop, &inst->garp_timer);
	vrrp_inst_garp_run(inst);
}

void
vrrp_inst_garp_stop(struct vrrp_inst *inst)
{
	inst->garp_burst_left = 0;
	inst->garp_second_pending = false;
	vrrp_inst_garp_unpick(inst);
	ev_timer_stop(inst->env->loop, &inst->garp_timer);
}

static void
vrrp_inst_garp_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	vrrp_inst_garp_run(arg);
}

/* Every second while Master: put back VIPs that someone else removed. */
static void
vrrp_inst_vip_check_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *inst = arg;

	if (inst->fsm.state != VRRP_STATE_MASTER || !inst->vips_installed)
		return;
	vrrp_inst_vip_deleted(inst);
	ev_timer_start_in(loop, t, VRRP_VIP_CHECK_US);
}

void
vrrp_inst_vip_deleted(struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_nl *nl = inst->env->nl;
	int ifindex = vrrp_inst_vip_ifindex(inst);
	uint64_t removals = vrrp_nl_addr_removals(nl);
	size_t i;

	if (inst->fsm.state != VRRP_STATE_MASTER || !inst->vips_installed || ifindex == 0)
		return;
	/* Every VIP was there and nothing has left the cache since: no scan (thousands of VIPs). */
	if (inst->vip_check_clean && inst->vip_check_removals == removals)
		return;
	inst->vip_check_clean = true;
	inst->vip_check_removals = removals;
	for (i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		if (vrrp_nl_vip_present(nl, ifindex, v))
			continue;
		log_info("(%s) VIP removed by someone else, restoring it", c->name);
		vrrp_nl_vips_apply(nl, true, ifindex, v, 1);
		inst->stats.vips_restored++;
		inst->vip_check_clean = false;
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
			inst->stats.vip_errors++;
	}
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
	pick = calloc(vrrp_inst_naddrs(c), sizeof(*pick));
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		if (vrrp_reload_vip_in(v, oldconf->vips, oldconf->nvips) ||
		    vrrp_reload_vip_in(v, oldconf->evips, oldconf->nevips))
			continue;
		log_info("(%s) adding VIP %s", c->name,
			 vrrp_addr_ntop(v->family, &v->addr, buf, sizeof(buf)));
		if (vrrp_nl_vips_apply(inst->env->nl, true, ifindex, v, 1) > 0)
			inst->stats.vip_errors++;
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
