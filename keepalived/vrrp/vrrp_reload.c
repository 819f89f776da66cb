/*
 * SIGHUP without a flap: apply a new configuration to the running VRRP side.
 *
 * Each new instance is matched to a running one (by name, else by VRID,
 * interface and family). What happens to it depends on what changed:
 *  - nothing: the live instance (state, timers, VIPs, counters) carries on
 *    untouched; only its configuration pointer moves to the new file;
 *  - only settings that can change under a running state machine (priority,
 *    VIPs, preemption, GARP settings, trackers, notify scripts): updated in
 *    place. A Master drops the VIPs no longer configured and adds the new
 *    ones, with GARPs for the added ones only; a new priority reaches the
 *    state machine as a priority change;
 *  - anything else (version, interval, authentication, owner, unicast,
 *    VMAC, routes...): the instance is restarted, as a removed one followed
 *    by a new one.
 * Removed instances stop as at shutdown (priority-0 advert if Master, VIPs
 * removed). Every removal is done before any addition, so a VIP moved from
 * one instance to another is right after one reload.
 *
 * Trackers are rebuilt from the new file: scripts start again from their
 * init state and tracked interfaces are read again at once. The instances'
 * VRRP state is kept; their effective priority is derived again from the
 * new trackers, and an instance held in Fault by a tracker that is gone or
 * now fine leaves Fault.
 */
#include "vrrp_daemon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "vrrp_arp.h"
#include "vrrp_conf.h"
#include "vrrp_conf_track.h"
#include "vrrp_instance.h"
#include "vrrp_netlink.h"
#include "vrrp_packet.h"
#include "vrrp_reload.h"
#include "vrrp_route.h"
#include "vrrp_track.h"
#include "vrrp_unicast.h"
#include "vrrp_vmac.h"

enum reload_kind {
	RELOAD_NEW = 0, /* started from scratch */
	RELOAD_KEEP,    /* identical: untouched */
	RELOAD_UPDATE,  /* changed in place */
};

struct reload_slot {
	enum reload_kind kind;
	size_t old;                              /* index in the old array (KEEP, UPDATE) */
	const struct vrrp_instance_conf *oldconf; /* the matched instance's old configuration */
	bool was_faulty;
	bool maintenance;                        /* carried over to a restarted instance */
	struct vrrp_ifsock *ifs;                 /* NEW: its socket */
};

/* A growing string, for comparing two instances' configurations. */
struct reload_sbuf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static void
reload_sbuf_line(const char *line, void *arg)
{
	struct reload_sbuf *sb = arg;
	size_t n = strlen(line) + 1;

	if (sb->oom)
		return;
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap != 0 ? sb->cap : 1024;
		char *p;

		while (sb->len + n + 1 > cap)
			cap *= 2;
		p = realloc(sb->p, cap);
		if (p == NULL) {
			sb->oom = true;
			return;
		}
		sb->p = p;
		sb->cap = cap;
	}
	memcpy(sb->p + sb->len, line, n - 1);
	sb->p[sb->len + n - 1] = '\n';
	sb->len += n;
	sb->p[sb->len] = '\0';
}

/*
 * The instance block as -d writes it, with its unicast, VMAC and route
 * lines, and the per-instance settings -d leaves out: two instances with
 * the same text behave the same. The name and file position are left out.
 */
static void
reload_sig(const struct vrrp_instance_conf *c, struct reload_sbuf *sb)
{
	struct vrrp_instance_conf one = *c;
	struct vrrp_conf conf;
	char extra[128];

	memset(&conf, 0, sizeof(conf));
	one.next = NULL;
	memset(one.name, 0, sizeof(one.name));
	conf.instances = &one;
	conf.ninstances = 1;
	sb->len = 0;
	vrrp_conf_dump(&conf, reload_sbuf_line, sb);
	vrrp_unicast_conf_dump(c->unicast, reload_sbuf_line, sb);
	vrrp_vmac_conf_dump(c->vmac, reload_sbuf_line, sb);
	vrrp_routes_conf_dump(c->routes, false, 4, reload_sbuf_line, sb);
	snprintf(extra, sizeof(extra), "family %d garp_interval %llu gna_interval %llu", c->family,
		 (unsigned long long)c->garp_interval_us, (unsigned long long)c->gna_interval_us);
	reload_sbuf_line(extra, sb);
}

static bool
reload_same(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
	    struct reload_sbuf *sa, struct reload_sbuf *sb)
{
	reload_sig(a, sa);
	reload_sig(b, sb);
	return !sa->oom && !sb->oom && sa->len == sb->len && memcmp(sa->p, sb->p, sa->len) == 0;
}

/* What a matched instance needs: KEEP, UPDATE, or RELOAD_NEW for a restart. */
static enum reload_kind
reload_classify(const struct vrrp_instance_conf *o, const struct vrrp_instance_conf *n)
{
	struct reload_sbuf sa = { 0 }, sb = { 0 };
	struct vrrp_instance_conf tmp;
	enum reload_kind kind = RELOAD_NEW;

	if (o->vrid != n->vrid || o->family != n->family || strcmp(o->ifname, n->ifname) != 0)
		goto done;
	if (reload_same(o, n, &sa, &sb)) {
		kind = RELOAD_KEEP;
		goto done;
	}
	/* The owner's priority never moves: becoming or leaving it is a restart. */
	if ((o->priority == VRRP_PRIO_OWNER) != (n->priority == VRRP_PRIO_OWNER))
		goto done;
	/* The old settings, with those that can change in place taken from the new ones. */
	tmp = *o;
	tmp.priority = n->priority;
	tmp.vips = n->vips;
	tmp.nvips = n->nvips;
	tmp.nopreempt = n->nopreempt;
	tmp.preempt_delay_us = n->preempt_delay_us;
	tmp.lower_prio_no_advert = n->lower_prio_no_advert;
	tmp.higher_prio_send_advert = n->higher_prio_send_advert;
	tmp.garp_master_delay_us = n->garp_master_delay_us;
	tmp.garp_master_repeat = n->garp_master_repeat;
	tmp.garp_master_refresh_us = n->garp_master_refresh_us;
	tmp.garp_master_refresh_repeat = n->garp_master_refresh_repeat;
	tmp.garp_interval_us = n->garp_interval_us;
	tmp.gna_interval_us = n->gna_interval_us;
	tmp.track = n->track;
	if (reload_same(&tmp, n, &sa, &sb))
		kind = RELOAD_UPDATE;
done:
	free(sa.p);
	free(sb.p);
	return kind;
}

/* The running instance the new instance c continues, or -1. */
static long
reload_match(const struct vrrp_inst *old, size_t nold, const bool *taken,
	     const struct vrrp_instance_conf *c)
{
	size_t i;

	for (i = 0; i < nold; i++)
		if (!taken[i] && strcmp(old[i].conf->name, c->name) == 0)
			return (long)i;
	for (i = 0; i < nold; i++)
		if (!taken[i] && old[i].conf->vrid == c->vrid && old[i].conf->family == c->family &&
		    strcmp(old[i].conf->ifname, c->ifname) == 0)
			return (long)i;
	return -1;
}

static bool
reload_vip_eq(const struct vrrp_vip *a, const struct vrrp_vip *b)
{
	size_t alen = a->family == AF_INET6 ? sizeof(a->addr.v6) : sizeof(a->addr.v4);

	return a->family == b->family && memcmp(&a->addr, &b->addr, alen) == 0 &&
	       a->prefixlen == b->prefixlen && a->has_brd == b->has_brd &&
	       (!a->has_brd || a->brd.s_addr == b->brd.s_addr) && a->scope == b->scope &&
	       a->nodad == b->nodad && strcmp(a->dev, b->dev) == 0 &&
	       strcmp(a->label, b->label) == 0;
}

static bool
reload_vip_in(const struct vrrp_vip *v, const struct vrrp_vip *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (reload_vip_eq(v, &set[i]))
			return true;
	return false;
}

static int
reload_ifindex(struct vrrp_inst *inst)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(inst->env->nl, inst->conf->ifname);

	return ifi != NULL ? ifi->ifindex : inst->ifs->ifindex;
}

/* Apply, one at a time, the VIPs of from that are not in other (add or remove). */
static size_t
reload_vips_diff(struct vrrp_inst *inst, bool add, const struct vrrp_vip *from, size_t nfrom,
		 const struct vrrp_vip *other, size_t nother)
{
	struct vrrp_nl *nl = inst->env->nl;
	int ifindex = reload_ifindex(inst);
	char buf[INET6_ADDRSTRLEN];
	size_t done = 0;

	for (size_t i = 0; i < nfrom; i++) {
		if (reload_vip_in(&from[i], other, nother))
			continue;
		log_info("(%s) %s VIP %s", inst->conf->name, add ? "adding" : "removing",
			 vrrp_addr_ntop(from[i].family, &from[i].addr, buf, sizeof(buf)));
		if (vrrp_nl_vips_apply(nl, add, ifindex, &from[i], 1) > 0)
			inst->stats.vip_errors++;
		done++;
	}
	return done;
}

/* GARPs / NAs for the VIPs added by the reload only, garp_master_repeat of each. */
static void
reload_garp_added(struct vrrp_inst *inst, const struct vrrp_instance_conf *o)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_nl *nl = inst->env->nl;
	bool router = c->family == AF_INET6 && vrrp_arp_ipv6_forwarding(c->ifname) > 0;
	char buf[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < c->nvips; i++) {
		const struct vrrp_vip *v = &c->vips[i];
		const struct vrrp_ifinfo *ifi = vrrp_nl_if(nl, v->dev[0] != '\0' ? v->dev : c->ifname);
		struct vrrp_arp *arp;

		if (reload_vip_in(v, o->vips, o->nvips) || ifi == NULL || !ifi->has_mac)
			continue;
		arp = inst->env->ops->arp(inst->env->owner, ifi->ifindex);
		if (arp == NULL)
			continue;
		log_info("(%s) Sending/queueing %s on %s for %s", c->name,
			 v->family == AF_INET6 ? "Unsolicited Neighbour Adverts" : "gratuitous ARPs",
			 c->ifname, vrrp_addr_ntop(v->family, &v->addr, buf, sizeof(buf)));
		for (uint32_t k = 0; k < (c->garp_master_repeat ? c->garp_master_repeat : 1); k++) {
			if (v->family == AF_INET6) {
				if (vrrp_arp_send_na(arp, ifi->mac, &v->addr.v6, &v->addr.v6, router) == 0)
					inst->stats.nas_tx++;
			} else if (vrrp_arp_send_garp(arp, ifi->mac, v->addr.v4) == 0) {
				inst->stats.garps_tx++;
			}
		}
	}
}

/* An armed timer of the instance being moved: where it was due, and its callback. */
struct reload_timer {
	bool active;
	uint64_t deadline;
	ev_timer_cb cb;
};

/* Note and stop a timer at its old address: the loop's heap points at it. */
static void
reload_timer_take(struct ev_loop *loop, struct ev_timer *t, struct reload_timer *saved)
{
	saved->active = ev_timer_active(t);
	saved->deadline = t->deadline_us;
	saved->cb = t->cb;
	ev_timer_stop(loop, t);
}

/* Arm the timer at its new address for the same deadline. */
static void
reload_timer_put(struct ev_loop *loop, struct ev_timer *t, const struct reload_timer *saved,
		 void *arg)
{
	ev_timer_init(t, saved->cb, arg);
	if (saved->active)
		ev_timer_start_at(loop, t, saved->deadline);
}

/* Move the live instance *o to *n, now configured by c. */
static void
reload_move(struct ev_loop *loop, struct vrrp_inst *o, struct vrrp_inst *n,
	    const struct vrrp_instance_conf *c)
{
	struct reload_timer fsm_timer, garp_timer, vip_timer;

	reload_timer_take(loop, &o->fsm_timer, &fsm_timer);
	reload_timer_take(loop, &o->garp_timer, &garp_timer);
	reload_timer_take(loop, &o->vip_check_timer, &vip_timer);
	*n = *o;
	reload_timer_put(loop, &n->fsm_timer, &fsm_timer, n);
	reload_timer_put(loop, &n->garp_timer, &garp_timer, n);
	reload_timer_put(loop, &n->vip_check_timer, &vip_timer, n);
	n->conf = c;
	n->fsm.conf = c;
	if (n->garp_next_vip >= c->nvips)
		n->garp_next_vip = 0;
	/* The trackers are rebuilt: what they meant is derived again. */
	vrrp_inst_clear_tracking(n);
}

/* An updated instance's advert, rebuilt only if what it carries changed. */
static void
reload_rebuild_tx(struct vrrp_inst *inst)
{
	struct vrrp_txpkt tx;

	if (!inst->tx_ready)
		return;
	if (vrrp_pkt_build(&tx, inst->conf, inst->tx.priority, &inst->fsm.local_addr,
			   &inst->group) != 0) {
		log_warnx("(%s) cannot build an advertisement", inst->conf->name);
		return;
	}
	if (tx.len != inst->tx.len || memcmp(tx.buf, inst->tx.buf, tx.len) != 0)
		inst->tx = tx;
}

static bool
reload_ifs_used(const struct vrrp_inst *insts, size_t n, const struct vrrp_ifsock *ifs)
{
	for (size_t i = 0; i < n; i++)
		if (insts[i].ifs == ifs)
			return true;
	return false;
}

int
vrrp_daemon_reload(struct vrrp_daemon *d, struct vrrp_conf *newconf)
{
	struct vrrp_daemon_parts p;
	const struct vrrp_instance_conf *c;
	struct reload_slot *slots = NULL;
	struct vrrp_inst *old, *insts = NULL;
	struct vrrp_ifsock *ifs, *next;
	bool *taken = NULL;
	size_t nold, nnew = newconf->ninstances, i, j;
	int ret = -1;

	vrrp_daemon_parts(d, &p);
	old = *p.insts;
	nold = *p.ninsts;
	insts = calloc(nnew ? nnew : 1, sizeof(*insts));
	slots = calloc(nnew ? nnew : 1, sizeof(*slots));
	taken = calloc(nold ? nold : 1, sizeof(*taken));
	if (insts == NULL || slots == NULL || taken == NULL) {
		log_error("Reload: out of memory");
		goto out;
	}

	/* Match, and decide. Nothing changes before this is done. */
	for (c = newconf->instances, j = 0; c != NULL && j < nnew; c = c->next, j++) {
		long m = reload_match(old, nold, taken, c);

		slots[j].kind = RELOAD_NEW;
		if (m >= 0) {
			slots[j].maintenance = old[m].maintenance;
			slots[j].kind = reload_classify(old[m].conf, c);
		}
		if (slots[j].kind == RELOAD_NEW) {
			if (m >= 0) /* the old one stops as a removed one */
				log_info("(%s) configuration changed, restarting the instance",
					 c->name);
			slots[j].ifs = vrrp_daemon_ifsock(d, c->family, c->ifname);
			if (slots[j].ifs == NULL) {
				log_error("Reload: out of memory");
				goto out;
			}
			continue;
		}
		taken[m] = true;
		slots[j].old = (size_t)m;
		slots[j].oldconf = old[m].conf;
		slots[j].was_faulty = vrrp_inst_faulty(&old[m]);
	}

	/* Removals first: instances that go (while their notifications still work)... */
	for (i = 0; i < nold; i++) {
		if (taken[i])
			continue;
		log_info("(%s) no longer configured, stopping", old[i].conf->name);
		vrrp_inst_stop(&old[i]);
	}
	/* ... and the VIPs that Masters no longer hold. */
	for (c = newconf->instances, j = 0; c != NULL && j < nnew; c = c->next, j++) {
		struct vrrp_inst *o = &old[slots[j].old];

		if (slots[j].kind == RELOAD_UPDATE && o->vips_installed)
			reload_vips_diff(o, false, o->conf->vips, o->conf->nvips, c->vips, c->nvips);
	}

	/* The trackers go with the old array; the instances move to the new one. */
	vrrp_tracking_free(*p.trk);
	*p.trk = NULL;
	for (c = newconf->instances, j = 0; c != NULL && j < nnew; c = c->next, j++) {
		if (slots[j].kind != RELOAD_NEW) {
			reload_move(p.loop, &old[slots[j].old], &insts[j], c);
			continue;
		}
		vrrp_inst_init(&insts[j], p.env, slots[j].ifs, c);
		insts[j].maintenance = slots[j].maintenance;
	}
	/* Stopped ones: their AH keys go (a moved instance took its own along). */
	for (i = 0; i < nold; i++) {
		if (!taken[i]) {
			vrrp_ah_free(old[i].ah);
			old[i].ah = NULL;
		}
	}
	free(old);
	*p.insts = insts;
	*p.ninsts = nnew;
	*p.conf = newconf;
	p.env->unicast = newconf->unicast;
	vrrp_daemon_demux_rebuild(d);
	insts = NULL;
	ret = 0;
	/* AH sockets as start-up opens them, before anything is started or sent. */
	vrrp_daemon_ifsocks_sync_ah(d);

	*p.trk = vrrp_tracking_new(p.loop, newconf, p.nl, *p.insts, nnew);
	if (*p.trk == NULL)
		log_error("Reload: the trackers could not be set up; running without them");
	else
		vrrp_tracking_start(*p.trk);

	/* Additions: the updated instances' new VIPs and adverts, then the new instances. */
	for (j = 0; j < nnew; j++) {
		struct vrrp_inst *inst = &(*p.insts)[j];

		if (slots[j].kind == RELOAD_NEW)
			continue;
		/* Fault held by a tracker that is gone or fine now: leave it. */
		vrrp_inst_track_changed(inst, slots[j].was_faulty);
		if (slots[j].kind != RELOAD_UPDATE)
			continue;
		if (inst->vips_installed && inst->fsm.state == VRRP_STATE_MASTER &&
		    reload_vips_diff(inst, true, inst->conf->vips, inst->conf->nvips,
				     slots[j].oldconf->vips, slots[j].oldconf->nvips) > 0)
			reload_garp_added(inst, slots[j].oldconf);
		reload_rebuild_tx(inst);
	}
	for (j = 0; j < nnew; j++)
		if (slots[j].kind == RELOAD_NEW)
			vrrp_inst_start(&(*p.insts)[j]);

	/* Sockets of interfaces no instance uses any more. */
	for (ifs = *p.socks; ifs != NULL; ifs = next) {
		next = ifs->next;
		if (!reload_ifs_used(*p.insts, nnew, ifs))
			vrrp_daemon_ifsock_drop(d, ifs);
	}
out:
	free(insts);
	free(slots);
	free(taken);
	return ret;
}
