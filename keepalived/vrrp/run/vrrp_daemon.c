/*
 * The running VRRP side: one live instance per vrrp_instance, one raw socket
 * per (interface, family) shared by the instances on it and dispatched by
 * VRID (vrrp_ifsock.c), and one netlink monitor whose link and address
 * events move instances in and out of Fault and restore VIPs that someone
 * removed. This file starts, stops and frees the daemon object and answers
 * the views of it. Its parts: what the instances share, given them through
 * their environment (vrrp_inst_env.h), is vrrp_daemon_socks.c's; start-up
 * and reload carry out the same kind of plan (vrrp_reload.c) in
 * vrrp_daemon_apply.c, start-up's over no running instance; the netlink
 * events are vrrp_daemon_nl.c's.
 */
#include "keepalived/vrrp/run/vrrp_daemon.h"

#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"
#include "keepalived/vrrp/run/vrrp_addr_detail.h"
#include "keepalived/vrrp/run/vrrp_daemon_priv.h"
#include "keepalived/vrrp/run/vrrp_firewall.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/run/vrrp_linkbeat_run.h"
#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/run/vrrp_route_watch.h"
#include "keepalived/vrrp/run/vrrp_track.h"

/* Views and administration ------------------------------------------------- */

struct vrrp_nl *
vrrp_daemon_nl(const struct vrrp_daemon *d)
{
	return d->nl;
}

const struct vrrp_tracking *
vrrp_daemon_tracking(const struct vrrp_daemon *d)
{
	return d != NULL ? d->trk : NULL;
}

size_t
vrrp_daemon_ninstances(const struct vrrp_daemon *d)
{
	return d != NULL ? d->ninsts : 0;
}

const struct vrrp_inst *
vrrp_daemon_instance(const struct vrrp_daemon *d, size_t i)
{
	return d != NULL && i < d->ninsts ? &d->insts[i] : NULL;
}

void
vrrp_daemon_stats_clear(struct vrrp_daemon *d)
{
	struct vrrp_inst *inst;
	size_t i;

	for (i = 0; d != NULL && i < d->ninsts; i++) {
		inst = &d->insts[i];
		memset(&inst->fsm.stats, 0, sizeof(inst->fsm.stats));
		memset(&inst->stats, 0, sizeof(inst->stats));
		inst->late.late_total = 0;
		inst->late.episodes = 0;
		if (inst->trouble != NULL) { /* the drops by reason, codec, unicast and AH */
			memset(&inst->trouble->d, 0, sizeof(inst->trouble->d));
			memset(&inst->trouble->err, 0, sizeof(inst->trouble->err));
		}
		if (inst->ifs != NULL) {
			inst->ifs->rx_packets = 0;
			memset(inst->ifs->drops, 0, sizeof(inst->ifs->drops));
		}
	}
}

int
vrrp_daemon_maintenance(struct vrrp_daemon *d, const char *name, bool on)
{
	size_t i;

	for (i = 0; d != NULL && i < d->ninsts; i++) {
		if (strcmp(d->insts[i].conf->name, name) == 0) {
			vrrp_inst_set_maintenance(&d->insts[i], on);
			return 0;
		}
	}
	return -1;
}

/* Lifecycle ---------------------------------------------------------------- */

struct vrrp_daemon *
vrrp_daemon_start(struct ev_loop *loop, struct vrrp_conf *conf)
{
	struct vrrp_daemon *d;
	struct vrrp_reload_plan plan;
	struct vrrp_nl_cbs cbs;
	struct vrrp_nft *no_old;
	int rc;

	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->loop = loop;
	d->conf = conf;
	d->env.loop = loop;
	d->env.unicast = conf->unicast;
	d->env.ops = &vrrp_daemon_env_ops;
	d->env.owner = d;
	ev_timer_init(&d->startup_timer, vrrp_daemon_startup_cb, d);
	ev_timer_init(&d->vip_sweep, vrrp_daemon_vip_sweep_cb, d);
	d->env.vip_sweep = &d->vip_sweep;
	memset(&cbs, 0, sizeof(cbs));
	cbs.link = vrrp_daemon_link_cb;
	cbs.addr = vrrp_daemon_addr_cb;
	cbs.resync = vrrp_daemon_resync_cb;
	cbs.arg = d;
	d->nl = vrrp_nl_open();
	if (d->nl == NULL) {
		log_warn("cannot open netlink");
		goto fail;
	}
	d->env.nl = d->nl;
	/*
	 * keepalived's two netlink sockets, in its VRRP process, which 2.2.7
	 * starts only with VRRP configuration (an instance, static addresses,
	 * routes or rules): without, no such lines.
	 */
	if (log_get_detail() && (conf->ninstances > 0 || conf->statics != NULL)) {
		log_info("Registering Kernel netlink reflector");
		log_info("Registering Kernel netlink command channel");
	}
	d->env.lease = vrrp_lease_set_new(loop, d->nl, vrrp_daemon_inst_at, d);
	if (d->env.lease == NULL)
		goto fail;
	vrrp_nl_set_callbacks(d->nl, &cbs);
	vrrp_daemon_addr_log_all(d);
	if (ev_fd_add(loop, vrrp_nl_fd(d->nl), EV_READ, vrrp_daemon_nl_cb, d) < 0) {
		log_warn("cannot watch netlink");
		goto fail;
	}
	d->delays = vrrp_iface_delays_new(loop, d->nl, &conf->iface);
	vrrp_statics_apply(&d->env, conf, true);
	d->rwatch = vrrp_route_watch_new(&d->env, (const struct vrrp_conf *const *)&d->conf,
					 vrrp_daemon_inst_at, d);
	/* no_accept: the table before any instance starts (its sets empty). */
	vrrp_firewall_prepare(&d->env, d->insts, d->ninsts, conf, &no_old);
	if (vrrp_reload_plan(&plan, NULL, 0, conf) == -1)
		goto fail;
	rc = vrrp_daemon_apply(d, conf, &plan, true);
	vrrp_reload_plan_free(&plan);
	if (rc == -1)
		goto fail;
	vrrp_firewall_vmacs(&d->env, d->insts, d->ninsts);
	d->linkbeat = vrrp_linkbeat_new(loop, d->nl, conf);
	return d;
fail:
	vrrp_daemon_free(d);
	return NULL;
}

void
vrrp_daemon_stop(struct vrrp_daemon *d)
{
	size_t i;

	if (d == NULL)
		return;
	/* Our own removals are no one else's deletions. */
	vrrp_route_watch_free(d->rwatch);
	d->rwatch = NULL;
	/* Their VIPs leave 64 to a datagram, before the static addresses. */
	vrrp_nl_vips_hold(d->nl);
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_stop(&d->insts[i]);
	(void)vrrp_nl_vips_release(d->nl);
	vrrp_statics_apply(&d->env, d->conf, false);
	/* Group STOP notifications, then up to a second for the notify_stop scripts. */
	vrrp_tracking_stop(d->trk);
}

void
vrrp_daemon_abandon(struct vrrp_daemon *d)
{
	if (d == NULL)
		return;
	/* The instances stop (STOP notifications, as keepalived's), saying nothing on the wire. */
	for (size_t i = 0; i < d->ninsts; i++) {
		d->insts[i].keep_at_stop = true;
		vrrp_inst_stop(&d->insts[i]);
	}
	vrrp_tracking_stop(d->trk);
}

void
vrrp_daemon_free(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs, *next;

	if (d == NULL)
		return;
	vrrp_iface_delays_free(d->delays, false);
	d->delays = NULL;
	vrrp_linkbeat_free(d->linkbeat, false);
	d->linkbeat = NULL;
	for (ifs = d->socks; ifs != NULL; ifs = next) {
		next = ifs->next;
		vrrp_daemon_ifsock_close(d, ifs);
		free(ifs);
	}
	vrrp_daemon_arps_close(d);
	ev_timer_stop(d->loop, &d->startup_timer);
	ev_timer_stop(d->loop, &d->vip_sweep);
	vrrp_garp_pacers_free(d->env.garp);
	vrrp_tracking_free(d->trk);
	d->trk = NULL;
	vrrp_addr_detail_free(d->addr_detail);
	vrrp_lease_set_free(d->env.lease);
	if (d->nl != NULL) {
		ev_fd_del(d->loop, vrrp_nl_fd(d->nl));
		vrrp_nl_close(d->nl);
	}
	for (size_t i = 0; i < d->ninsts; i++)
		vrrp_inst_free(&d->insts[i]);
	/* The instances are stopped (their VIPs removed): the drop table goes. */
	vrrp_firewall_close(&d->env);
	/* Removes what is left of the VMACs and restores the sysctls. */
	vrrp_vmac_ctx_close(d->vmac_ctx);
	vrrp_iface_promote_restore(&d->promote);
	vrrp_route_watch_free(d->rwatch);
	vrrp_route_nl_close(d->rt);
	free(d->insts);
	free(d);
}
