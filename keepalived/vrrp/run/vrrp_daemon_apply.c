/*
 * Start-up and reload of the running VRRP side carry out the same kind of
 * plan (vrrp_reload.c), start-up's over no running instance: what may fail
 * is tried first, then removals, then the instances move to their new array
 * and the new ones are set up, then the trackers, then additions. Start-up
 * then starts every instance as if at the same instant, at once or after
 * vrrp_startup_delay.
 */
#include <stdlib.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_addr_detail.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_daemon_priv.h"
#include "keepalived/vrrp/run/vrrp_firewall.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_linkbeat_run.h"
#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/run/vrrp_route_watch.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "lib/event.h"
#include "lib/log.h"

#define VRRP_START_ALIGN_MAX_US 50000 /* see vrrp_daemon_start_instances() */

/*
 * The advert phase grid (vrrp_fsm.h) lets instances of one interval share
 * wake-ups and send batches; an instance whose interval no other instance
 * has gains nothing from it, so it keeps its own phase and sends exactly
 * every interval, as keepalived does. At start and after each reload.
 */
static void
vrrp_daemon_adver_align(struct vrrp_daemon *d)
{
	for (size_t i = 0; i < d->ninsts; i++) {
		bool shared = false;

		for (size_t j = 0; j < d->ninsts && !shared; j++)
			shared = j != i &&
				 d->insts[j].conf->adver_int_cs == d->insts[i].conf->adver_int_cs;
		d->insts[i].fsm.adver_align = shared;
	}
}

/*
 * Start every instance as if at the same instant, in configuration order:
 * starting one takes a little time (VIP clean-up, notify scripts), and
 * keepalived starts them together, so the order of their first timeouts
 * (and of their notifications) depends on their priorities only. Ties go
 * to the earlier instance, as in keepalived.
 */
static void
vrrp_daemon_start_instances(struct vrrp_daemon *d)
{
	uint64_t t0 = ev_now(d->loop);
	size_t i;

	for (i = 0; i < d->ninsts; i++) /* every leftover VIP first, as keepalived */
		vrrp_inst_vips_clear(&d->insts[i]);
	for (i = 0; i < d->ninsts; i++) {
		const struct vrrp_fsm *f = &d->insts[i].fsm;

		vrrp_inst_start_cleared(&d->insts[i]);
		/*
		 * The timer as if armed at t0 (state_since_us: when it was).
		 * A start slow enough to matter more than that is left alone:
		 * the down timer never gets much shorter than configured.
		 */
		if (f->timer == VRRP_TIMER_MASTER_DOWN && f->state_since_us >= t0 &&
		    f->state_since_us - t0 <= VRRP_START_ALIGN_MAX_US)
			vrrp_inst_retime(&d->insts[i],
					 f->timer_deadline_us - (f->state_since_us - t0) + i);
	}
}

/*
 * vrrp_startup_delay is over: start the instances together, or, after a
 * reload during the delay started the new ones, those still waiting.
 */
void
vrrp_daemon_startup_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_daemon *d = arg;
	bool any_started = false;
	size_t i;

	for (i = 0; i < d->ninsts; i++)
		any_started |= d->insts[i].track.started || d->insts[i].track.start_held;
	if (!any_started) {
		vrrp_daemon_start_instances(d);
		return;
	}
	for (i = 0; i < d->ninsts; i++)
		if (!d->insts[i].track.started && !d->insts[i].track.start_held)
			vrrp_inst_start(&d->insts[i]);
}

/* Instances: one path for start-up and reload ---------------------------------- */

/*
 * Set inst up for c, not started: its VMAC first (its adverts go through
 * it), then its socket, then the instance. -1: no memory for the socket.
 */
static int
vrrp_daemon_inst_create(struct vrrp_daemon *d, struct vrrp_inst *inst,
			const struct vrrp_instance_conf *c)
{
	struct vrrp_vmac *vmac;
	const char *ifname = vrrp_inst_vmac_create(&d->env, c, &vmac);
	struct vrrp_ifsock *ifs = vrrp_daemon_inst_ifsock(d, c, ifname);

	if (ifs == NULL && vmac != NULL) {
		/* The parent's socket (made beforehand on reload); the instance is in Fault. */
		vrrp_vmac_destroy(d->vmac_ctx, vmac);
		vmac = NULL;
		ifs = vrrp_daemon_ifsock(d, c->family, c->ifname);
	}
	if (ifs == NULL)
		return -1;
	vrrp_inst_init(inst, &d->env, ifs, c);
	vrrp_inst_attach_vmac(inst, vmac);
	return 0;
}

/*
 * What may fail is tried before anything changes: memory, the sockets of
 * the new instances' interfaces, the trackers (a tracked interface that
 * does not exist is refused, as at start-up). -1: nothing changed.
 */
static int
vrrp_daemon_apply_check(struct vrrp_daemon *d, const struct vrrp_conf *newconf,
			const struct vrrp_reload_plan *plan)
{
	for (size_t j = 0; j < plan->nsteps; j++) {
		const struct vrrp_instance_conf *c = plan->steps[j].conf;

		if (plan->steps[j].kind == VRRP_RELOAD_NEW &&
		    vrrp_daemon_inst_ifsock(d, c, c->ifname) == NULL) {
			log_error("Reload: out of memory");
			return -1;
		}
	}
	return vrrp_tracking_check(newconf, d->nl);
}

/* Removals, before any addition: stopped instances, and the VIPs updated Masters no longer hold. */
static void
vrrp_daemon_apply_removals(struct vrrp_daemon *d, const struct vrrp_reload_plan *plan)
{
	for (size_t i = 0; i < plan->nold; i++) {
		bool restarted = false;

		if (!plan->stops[i])
			continue;
		for (size_t j = 0; j < plan->nsteps && !restarted; j++)
			restarted = plan->steps[j].kind == VRRP_RELOAD_NEW &&
				    plan->steps[j].old == (long)i;
		if (restarted)
			log_info("(%s) configuration changed, restarting the instance",
				 d->insts[i].conf->name);
		else
			log_info("(%s) no longer configured, stopping", d->insts[i].conf->name);
		vrrp_inst_stop(&d->insts[i]);
	}
	for (size_t j = 0; j < plan->nsteps; j++)
		if (plan->steps[j].kind == VRRP_RELOAD_UPDATE)
			vrrp_inst_vips_retire(&d->insts[plan->steps[j].old], plan->steps[j].conf);
}

/*
 * Carry out plan (vrrp_reload.c) for newconf: at start-up over no running
 * instance (every step NEW), at a reload over the running ones. Returns 0
 * once newconf is in use, or -1: before anything changed on a reload, or
 * a fatal set-up error at start-up (logged).
 */
int
vrrp_daemon_apply(struct vrrp_daemon *d, struct vrrp_conf *newconf,
		  const struct vrrp_reload_plan *plan, bool startup)
{
	struct vrrp_inst *old = d->insts, *insts;
	struct bfd_run *bfd = NULL;
	struct vrrp_script_memos kept = { 0 };
	const struct vrrp_instance_conf **oldconf;
	bool *was_faulty;
	size_t nold = d->ninsts, nnew = plan->nsteps, i, j;
	int ret = -1;

	insts = calloc(nnew ? nnew : 1, sizeof(*insts));
	oldconf = calloc(nnew ? nnew : 1, sizeof(*oldconf));
	was_faulty = calloc(nnew ? nnew : 1, sizeof(*was_faulty));
	if (insts == NULL || oldconf == NULL || was_faulty == NULL) {
		log_error("%s: out of memory", startup ? "Start-up" : "Reload");
		goto out;
	}
	if (!startup && vrrp_daemon_apply_check(d, newconf, plan) == -1) {
		/* The sockets it may have made for the refused instances go again. */
		vrrp_daemon_ifsocks_prune(d);
		goto out;
	}
	for (j = 0; j < nnew; j++) {
		if (plan->steps[j].kind == VRRP_RELOAD_NEW)
			continue;
		oldconf[j] = old[plan->steps[j].old].conf;
		was_faulty[j] = vrrp_inst_faulty(&old[plan->steps[j].old]);
	}

	/* Sockets keep the way they send: the setting is the start's. */
	if (startup)
		vrrp_sock_set_framing(newconf->tuning.framed_adverts);
	else if (newconf->tuning.framed_adverts != d->conf->tuning.framed_adverts)
		log_warnx("vrrp_framed_adverts changed: it takes effect at the next start");
	vrrp_daemon_apply_removals(d, plan);
	/* The trackers go with the old array; stopped instances give up their AH
	 * keys and VMACs before a restarted one makes its VMAC of the same name. */
	bfd = vrrp_tracking_take_bfd(d->trk); /* BFD sessions run on across a reload */
	/* So do the scripts' results (keepalived's "considered successful on reload"). */
	if (!startup && vrrp_tracking_take_scripts(d->trk, &kept) == -1)
		log_error("Reload: out of memory; the scripts start again");
	vrrp_tracking_free(d->trk);
	d->trk = NULL;
	for (i = 0; i < nold; i++)
		if (plan->stops[i])
			vrrp_inst_free(&old[i]);

	/* The instances move to the new array; new and restarted ones are set up. */
	for (j = 0; j < nnew; j++) {
		const struct vrrp_reload_step *st = &plan->steps[j];

		if (st->kind != VRRP_RELOAD_NEW) {
			vrrp_inst_move(&insts[j], &old[st->old], st->conf);
			insts[j].track.reloaded = true;
			continue;
		}
		if (vrrp_daemon_inst_create(d, &insts[j], st->conf) == -1) {
			/* Only at start-up: a reload made the parent's socket beforehand. */
			log_error("Start-up: out of memory");
			d->insts = insts;
			d->ninsts = j;
			insts = NULL;
			goto out;
		}
		if (st->old >= 0)
			insts[j].maintenance = old[st->old].maintenance;
	}
	free(old);
	d->insts = insts;
	d->ninsts = nnew;
	d->conf = newconf;
	d->env.unicast = newconf->unicast;
	if (d->rwatch == NULL) /* the new file may have the first routes or rules */
		d->rwatch = vrrp_route_watch_new(&d->env, (const struct vrrp_conf *const *)&d->conf,
						 vrrp_daemon_inst_at, d);
	insts = NULL;
	vrrp_daemon_demux_rebuild(d);
	vrrp_daemon_adver_align(d);
	vrrp_daemon_tuning(d);
	/* AH sockets before anything is started or sent. */
	vrrp_daemon_ifsocks_sync_ah(d);
	vrrp_daemon_ifsocks_sync_rcvbuf(d);
	vrrp_iface_promote_sync(&d->promote, newconf);

	d->trk = vrrp_tracking_new(d->loop, newconf, d->nl, d->insts, nnew, bfd,
				   startup ? NULL : &kept);
	bfd = NULL; /* the tracking's now */
	for (j = 0; j < nnew; j++)
		d->insts[j].track.reloaded = false; /* taken by the trackers' first summary */
	if (d->trk == NULL) {
		if (startup)
			goto out;
		/* vrrp_tracking_check() passed: only memory can be missing here. */
		log_error("Reload: the trackers could not be set up; running without them");
	} else {
		vrrp_tracking_start(d->trk);
		/* fifo_write_vrrp_states_on_reload: the FIFO readers learn where things stand. */
		if (!startup && newconf->tuning.fifo_states_on_reload)
			vrrp_tracking_fifo_states(d->trk);
	}

	/* Additions: the updated instances' new VIPs and adverts, then the new instances. */
	for (j = 0; j < nnew; j++) {
		if (plan->steps[j].kind == VRRP_RELOAD_NEW)
			continue;
		vrrp_inst_vips_reload_log(&d->insts[j]);
		/* Fault held by a tracker that is gone or fine now: leave it. */
		vrrp_inst_track_changed(&d->insts[j], was_faulty[j]);
		if (plan->steps[j].kind == VRRP_RELOAD_UPDATE)
			vrrp_inst_reconfigured(&d->insts[j], oldconf[j]);
	}
	/* GARP/NA pacing of the configuration in use (vrrp_garp_sched.h). */
	vrrp_garp_pacers_free(d->env.garp);
	d->env.garp = vrrp_garp_pacers_new(newconf);
	/* keepalived -D: the interfaces' addresses and the GARP channels, before the instances. */
	if (startup)
		d->addr_detail = vrrp_addr_detail_start(d->nl, newconf, d->insts, d->ninsts);
	if (startup && newconf->global.startup_delay_us > 0) {
		/* As keepalived: the instances wait, set up, their state machines not started. */
		log_info("Delaying startup for %g seconds",
			 (double)newconf->global.startup_delay_us / 1e6);
		ev_timer_start_in(d->loop, &d->startup_timer, newconf->global.startup_delay_us);
	} else if (startup) {
		vrrp_daemon_start_instances(d);
	} else {
		for (j = 0; j < nnew; j++)
			if (plan->steps[j].kind == VRRP_RELOAD_NEW)
				vrrp_inst_start(&d->insts[j]);
	}
	vrrp_daemon_ifsocks_prune(d);
	ret = 0;
out:
	bfd_run_free(bfd);
	vrrp_script_memos_free(&kept);
	free(insts);
	free(oldconf);
	free(was_faulty);
	return ret;
}

int
vrrp_daemon_reload(struct vrrp_daemon *d, struct vrrp_conf *newconf)
{
	const struct vrrp_instance_conf **old;
	struct vrrp_reload_plan plan;
	struct vrrp_nft *old_nft;
	int ret = -1;

	old = calloc(d->ninsts ? d->ninsts : 1, sizeof(*old));
	if (old == NULL) {
		log_error("Reload: out of memory");
		return -1;
	}
	for (size_t i = 0; i < d->ninsts; i++)
		old[i] = d->insts[i].conf;
	vrrp_firewall_prepare(&d->env, d->insts, d->ninsts, newconf, &old_nft);
	if (vrrp_reload_plan(&plan, old, d->ninsts, newconf) == -1)
		log_error("Reload: out of memory");
	else
		ret = vrrp_daemon_apply(d, newconf, &plan, false);
	vrrp_firewall_sync(&d->env, d->insts, d->ninsts, d->conf, old_nft);
	vrrp_reload_plan_free(&plan);
	if (ret == 0) {
		/* What waits is shown now; the new delays apply from the next change. */
		vrrp_iface_delays_free(d->delays, true);
		d->delays = vrrp_iface_delays_new(d->loop, d->nl, &newconf->iface);
		vrrp_linkbeat_free(d->linkbeat, true);
		d->linkbeat = vrrp_linkbeat_new(d->loop, d->nl, newconf);
	}
	free(old);
	return ret;
}
