/*
 * The announcement of a live instance's addresses by gratuitous ARPs and
 * unsolicited NAs: a new Master's bursts (garp_master_repeat, then again
 * after garp_master_delay, then every garp_master_refresh), the bursts after
 * answering a lower-priority advert (garp_lower_prio_repeat, then again after
 * garp_lower_prio_delay), the periodic message on the other interfaces of
 * the VIPs (garp_extra_if), each message paced per interface or garp_group
 * (vrrp_garp_interval, vrrp_gna_interval). The decisions are
 * vrrp_garp_sched.c's; this file sends and keeps the timers.
 *
 * One timer carries an instance's bursts: it fires when the pacing lets the
 * next message leave, when the delayed burst is due, or for the refresh.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/run/vrrp_sync.h"

#define US_PER_SEC 1000000ULL

static void vrrp_inst_garp_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);
static void vrrp_inst_garp_extra_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);
static void vrrp_inst_garp_due_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

void
vrrp_inst_garp_timers_init(struct vrrp_inst *inst)
{
	ev_timer_init(&inst->garp_timer, vrrp_inst_garp_cb, inst);
}

/*
 * garp_extra_if's timer, allocated when a Master first needs it: only
 * instances configured with it carry one. NULL: out of memory (logged).
 */
static struct ev_timer *
vrrp_inst_garp_extra_timer(struct vrrp_inst *inst)
{
	if (inst->garp_extra_timer == NULL) {
		inst->garp_extra_timer = malloc(sizeof(*inst->garp_extra_timer));
		if (inst->garp_extra_timer == NULL) {
			log_warnx("(%s) out of memory: no garp_extra_if messages",
				  inst->conf->name);
			return NULL;
		}
		ev_timer_init(inst->garp_extra_timer, vrrp_inst_garp_extra_cb, inst);
	}
	return inst->garp_extra_timer;
}

/* The interface vip lives on: its dev, else the VMAC with use_vmac, else the instance's. */
static const char *
vrrp_inst_garp_ifname(const struct vrrp_inst *inst, const struct vrrp_vip *vip)
{
	if (vip->dev[0] != '\0')
		return vip->dev;
	return inst->vmac != NULL ? vrrp_vmac_ifname(inst->vmac) : inst->conf->ifname;
}

/* The pacer of vip's messages: a VMAC's are paced with its parent's. */
static struct vrrp_garp_pace *
vrrp_inst_garp_pacer(const struct vrrp_inst *inst, const struct vrrp_vip *vip)
{
	return vrrp_garp_pacer(inst->env->garp,
			       vip->dev[0] != '\0' ? vip->dev : inst->conf->ifname);
}

/* keepalived's -D line for each message sent (or queued in a sendmmsg() batch). */
static void
vrrp_inst_garp_msg_log(const struct vrrp_inst *inst, const struct vrrp_vip *v)
{
	char addr[INET6_ADDRSTRLEN];

	if (v->family == AF_INET6)
		log_info("Sending unsolicited Neighbour Advert on %s for %s",
			 vrrp_inst_garp_ifname(inst, v),
			 vrrp_addr_ntop(v->family, &v->addr, addr, sizeof(addr)));
	else
		log_info("Sending gratuitous ARP on %s for %s", vrrp_inst_garp_ifname(inst, v),
			 vrrp_addr_ntop(v->family, &v->addr, addr, sizeof(addr)));
}

/*
 * One GARP or NA for vip, on the interface that holds it: sent at once
 * (batch NULL), or queued on its sender and *batch set to that sender, whose
 * queue the caller flushes (a previous *batch on another interface is
 * flushed here, so that the order of the messages is kept). detail: -D,
 * read once by the caller, so that without it a message costs one test.
 */
static void
vrrp_inst_garp_one(struct vrrp_inst *inst, const struct vrrp_vip *vip, struct vrrp_arp **batch,
		   bool detail)
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
	if (batch != NULL && *batch != arp) {
		(void)vrrp_arp_flush(*batch);
		*batch = arp;
	}
	/* keepalived -D: a line per message. */
	if (detail)
		vrrp_inst_garp_msg_log(inst, vip);
	if (vip->family == AF_INET) {
		if ((batch != NULL ? vrrp_arp_queue_garp(arp, mac, vip->addr.v4) :
				     vrrp_arp_send_garp(arp, mac, vip->addr.v4)) == 0)
			inst->stats.garps_tx++;
	} else {
		/* As keepalived: the NA comes from the VIP itself. */
		if ((batch != NULL ? vrrp_arp_queue_na(arp, mac, &vip->addr.v6, &vip->addr.v6,
						       inst->garp_router_flag) :
				     vrrp_arp_send_na(arp, mac, &vip->addr.v6, &vip->addr.v6,
						      inst->garp_router_flag)) == 0)
			inst->stats.nas_tx++;
	}
}

/* keepalived's -D line for each address of a burst. */
static void
vrrp_inst_garp_log(const struct vrrp_inst *inst, const struct vrrp_vip *v)
{
	char addr[INET6_ADDRSTRLEN];

	if (!log_get_detail())
		return;
	log_info("(%s) Sending/queueing %s on %s for %s", inst->conf->name,
		 v->family == AF_INET6 ? "Unsolicited Neighbour Adverts" : "gratuitous ARPs",
		 vrrp_inst_garp_ifname(inst, v),
		 vrrp_addr_ntop(v->family, &v->addr, addr, sizeof(addr)));
}

/*
 * garp_left[i]: the messages still due for address i, and this bit while
 * the burst's "Sending/queueing" line is still to be written. keepalived
 * writes that line just before the first message of each address in a
 * burst (so with two VIPs: line A, ARP A, line B, ARP B, ARP A, ...).
 */
#define GARP_ANNOUNCE 0x80000000U
#define GARP_COUNT(v) ((v) & ~GARP_ANNOUNCE)

/*
 * Add a burst of rounds messages for each address (pick NULL) or for those
 * pick[i] names; an address with messages still due gets no more than the
 * larger of the two. Returns -1 when out of memory (nothing is sent).
 */
static int
vrrp_inst_garp_fill(struct vrrp_inst *inst, const bool *pick, uint32_t rounds)
{
	size_t n = vrrp_inst_naddrs(inst->conf);

	if (inst->garp_left == NULL || inst->garp_nleft != n) {
		free(inst->garp_left);
		inst->garp_nleft = 0;
		inst->garp_left = calloc(n, sizeof(*inst->garp_left));
		if (inst->garp_left == NULL)
			return -1;
		inst->garp_nleft = (uint32_t)n; /* naddrs is far below 2^32 */
	}
	rounds = GARP_COUNT(rounds);
	for (size_t i = 0; i < n; i++) {
		if ((pick != NULL && !pick[i]) || rounds == 0)
			continue;
		if (GARP_COUNT(inst->garp_left[i]) < rounds)
			inst->garp_left[i] = rounds;
		inst->garp_left[i] |= GARP_ANNOUNCE;
	}
	return 0;
}

/*
 * Send what the pacing lets leave now, one message per address and pass,
 * so that the rounds of a burst alternate between the addresses and an
 * interface that must wait holds up no other. Returns how long the first
 * waiting message must still wait (0: none waits).
 */
static uint64_t
vrrp_inst_garp_send_due(struct vrrp_inst *inst, uint64_t now)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_arp *batch = NULL;
	uint64_t min_wait = 0;
	bool detail = log_get_detail();
	bool sent;

	do {
		sent = false;
		/* keepalived 2.2.7 announces the excluded addresses too, after the VIPs. */
		for (size_t i = 0; i < inst->garp_nleft; i++) {
			const struct vrrp_vip *v = vrrp_inst_addr(c, i);
			enum vrrp_garp_kind kind = vrrp_garp_kind_of(v->family);
			struct vrrp_garp_pace *p;
			uint64_t wait;

			if (GARP_COUNT(inst->garp_left[i]) == 0)
				continue;
			if (inst->garp_left[i] & GARP_ANNOUNCE) {
				inst->garp_left[i] &= ~GARP_ANNOUNCE;
				vrrp_inst_garp_log(inst, v);
			}
			p = vrrp_inst_garp_pacer(inst, v);
			wait = p != NULL ? vrrp_garp_pace_wait(p, kind, now) : 0;
			if (wait > 0) {
				if (min_wait == 0 || wait < min_wait)
					min_wait = wait;
				continue;
			}
			vrrp_inst_garp_one(inst, v, &batch, detail);
			if (p != NULL)
				vrrp_garp_pace_sent(p, kind, now);
			inst->garp_left[i]--;
			sent = true;
		}
	} while (sent);
	/* What the pacing let leave now goes in sendmmsg() batches. */
	(void)vrrp_arp_flush(batch);
	return min_wait;
}

/*
 * Send the bursts as far as the pacing lets them, then move to what is due
 * next: the delayed burst, else the refresh.
 */
static void
vrrp_inst_garp_run(struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct ev_loop *loop = inst->env->loop;
	uint64_t now = ev_now(loop), wait;

	if (vrrp_inst_naddrs(c) == 0)
		return;
	if (inst->garp_refresh_at != 0 && now >= inst->garp_refresh_at) {
		inst->garp_refresh_at = 0;
		if (vrrp_inst_garp_fill(inst, NULL, c->garp_master_refresh_repeat) == -1)
			return;
	}
	for (;;) {
		if (inst->garp_left != NULL && (wait = vrrp_inst_garp_send_due(inst, now)) > 0) {
			ev_timer_start_in(loop, &inst->garp_timer, wait);
			return;
		}
		if (inst->garp_later.rounds == 0)
			break;
		if (now < inst->garp_later.at_us) {
			ev_timer_start_at(loop, &inst->garp_timer, inst->garp_later.at_us);
			return;
		}
		if (vrrp_inst_garp_fill(inst, NULL, inst->garp_later.rounds) == -1)
			return;
		inst->garp_later.rounds = 0;
		inst->garp_term_due_us = 0;
	}
	if (c->garp_master_refresh_us > 0) {
		inst->garp_refresh_at = now + c->garp_master_refresh_us;
		ev_timer_start_at(loop, &inst->garp_timer, inst->garp_refresh_at);
	}
}

/*
 * The announcement of a new Master (pick NULL), or of the VIPs a reload
 * added (pick[i]: announce VIP i; freed here).
 */
void
vrrp_inst_garp_start(struct vrrp_inst *inst, bool *pick)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct ev_loop *loop = inst->env->loop;

	if (vrrp_inst_naddrs(c) == 0) {
		free(pick);
		return;
	}
	if (pick == NULL) {
		/* A new Master: what an earlier term left pending goes, but its delayed burst
		 * (kept when it ended); a second announcement in one term replaces the first. */
		inst->garp_term_due_us = 0;
		vrrp_inst_garp_stop(inst);
		if (c->garp_master_delay_us > 0) {
			inst->garp_term_due_us = ev_now(loop) + c->garp_master_delay_us;
			vrrp_garp_later_merge(&inst->garp_later, c->garp_master_repeat,
					      inst->garp_term_due_us);
		}
	}
	/* As before the refresh restarts after this announcement. */
	inst->garp_refresh_at = 0;
	if (vrrp_inst_garp_fill(inst, pick, c->garp_master_repeat) == -1)
		log_warnx("(%s) out of memory: no gratuitous ARPs", c->name);
	free(pick);
	/* NAs carry the Router flag when the interface forwards, as keepalived's. */
	if (c->family == AF_INET6)
		inst->garp_router_flag = vrrp_arp_ipv6_forwarding(c->ifname) > 0;
	/* A new Master's garp_extra_if period starts now; a reload's keeps its own. */
	if (pick == NULL && c->garp_extra_if_s > 0 && vrrp_inst_garp_extra_timer(inst) != NULL)
		ev_timer_start_in(loop, inst->garp_extra_timer, c->garp_extra_if_s * US_PER_SEC);
	ev_timer_stop(loop, &inst->garp_timer);
	vrrp_inst_garp_run(inst);
}

/*
 * keepalived sends garp_lower_prio_repeat rounds right away and schedules
 * the same again garp_lower_prio_delay later, for every lower-priority
 * advert. Here the state machine answers at most one such advert per
 * advert interval (so at most one immediate burst per interval, as
 * keepalived with a peer that sends at the advert rate), and the delayed
 * burst is merged into the one pending (vrrp_garp_later_merge()): under a
 * stream of such adverts it moves to after the last one instead of piling
 * up, so a flood cannot add more than the immediate bursts. A pending
 * delayed burst of becoming Master is kept (the later time, the larger
 * count), and the refresh starts again after it.
 */
static void
vrrp_inst_garp_lower_one(struct vrrp_inst *inst)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct ev_loop *loop = inst->env->loop;

	/* keepalived: strict mode means no lower-priority GARPs, whatever is configured. */
	if (c->garp_lower_prio_repeat == 0 || c->nft.strict || vrrp_inst_naddrs(c) == 0 ||
	    !inst->vips_installed)
		return;
	inst->garp_refresh_at = 0;
	if (vrrp_inst_garp_fill(inst, NULL, c->garp_lower_prio_repeat) == -1)
		return;
	if (c->garp_lower_prio_delay_us > 0)
		vrrp_garp_later_merge(&inst->garp_later, c->garp_lower_prio_repeat,
				      ev_now(loop) + c->garp_lower_prio_delay_us);
	ev_timer_stop(loop, &inst->garp_timer);
	vrrp_inst_garp_run(inst);
}

/* As keepalived, the other members of its sync group that hold their addresses announce too. */
void
vrrp_inst_garp_lower(struct vrrp_inst *inst)
{
	struct vrrp_sync *g = inst->track.sync;

	vrrp_inst_garp_lower_one(inst);
	for (size_t i = 0; g != NULL && i < g->n; i++)
		if (g->members[i] != inst)
			vrrp_inst_garp_lower_one(g->members[i]);
}

/*
 * keepalived 2.2.7 starts a timer for garp_master_delay at each move to
 * Master and never cancels it: it sends the burst whenever the VIPs are set
 * at that moment (seen with tcpdump: a Master lost after 1 s and back at
 * 3.3 s sent at 0, 3.3, 5 and 8.3 s). So a term's delayed burst that is
 * still pending when the term ends is kept here. A flap faster than
 * garp_master_delay / VRRP_GARP_DUE_MAX forgets the oldest.
 */
static void
vrrp_inst_garp_due_keep(struct vrrp_inst *inst)
{
	struct ev_loop *loop = inst->env->loop;
	struct vrrp_garp_due *g = inst->garp_due;

	if (inst->garp_term_due_us == 0)
		return;
	if (g == NULL) {
		/* Out of memory: the burst is forgotten, as the oldest of too many. */
		g = calloc(1, sizeof(*g));
		if (g == NULL) {
			inst->garp_term_due_us = 0;
			return;
		}
		ev_timer_init(&g->timer, vrrp_inst_garp_due_cb, inst);
		inst->garp_due = g;
	}
	if (g->n == VRRP_GARP_DUE_MAX) {
		memmove(&g->due_us[0], &g->due_us[1],
			(VRRP_GARP_DUE_MAX - 1) * sizeof(g->due_us[0]));
		g->n--;
	}
	g->due_us[g->n++] = inst->garp_term_due_us;
	inst->garp_term_due_us = 0;
	ev_timer_start_at(loop, &g->timer, g->due_us[0]);
}

/* An earlier term's delayed burst is due: sent if the VIPs are set now, as keepalived's. */
static void
vrrp_inst_garp_due_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *inst = arg;
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_garp_due *g = inst->garp_due;
	uint64_t now = ev_now(loop);
	size_t n = 0;

	while (n < g->n && g->due_us[n] <= now)
		n++;
	memmove(&g->due_us[0], &g->due_us[n], (g->n - n) * sizeof(g->due_us[0]));
	g->n -= n;
	if (g->n > 0)
		ev_timer_start_at(loop, t, g->due_us[0]);
	if (n == 0 || inst->fsm.state != VRRP_STATE_MASTER || !inst->vips_installed ||
	    vrrp_inst_naddrs(c) == 0)
		return;
	/* As after this term's own delayed burst, the refresh starts again after it. */
	inst->garp_refresh_at = 0;
	if (vrrp_inst_garp_fill(inst, NULL, c->garp_master_repeat) == -1)
		return;
	ev_timer_stop(loop, &inst->garp_timer);
	vrrp_inst_garp_run(inst);
}

/* Nothing more is sent (leaving Master) but an earlier term's delayed burst;
 * garp_extra_if's timer stops by itself. */
void
vrrp_inst_garp_stop(struct vrrp_inst *inst)
{
	vrrp_inst_garp_due_keep(inst);
	free(inst->garp_left);
	inst->garp_left = NULL;
	inst->garp_nleft = 0;
	inst->garp_later.rounds = 0;
	inst->garp_refresh_at = 0;
	ev_timer_stop(inst->env->loop, &inst->garp_timer);
}

static void
vrrp_inst_garp_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	vrrp_inst_garp_run(arg);
}

/*
 * garp_extra_if: one message per interface that vrrp_garp_extra_if_wanted()
 * picks, for the first address on it. It is not held back by the pacing
 * (one message per interface every second or more), but counts in it.
 */
static void
vrrp_inst_garp_extra_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_inst *inst = arg;
	const struct vrrp_instance_conf *c = inst->conf;
	const char *own = inst->vmac != NULL ? vrrp_vmac_ifname(inst->vmac) : c->ifname;
	bool xmit_base = c->vmac != NULL && c->vmac->xmit_base;
	uint64_t now = ev_now(loop);

	if (inst->fsm.state != VRRP_STATE_MASTER || !inst->vips_installed ||
	    c->garp_extra_if_s == 0)
		return;
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);
		const char *ifname = vrrp_inst_garp_ifname(inst, v);
		bool ours = inst->vmac != NULL && strcmp(ifname, vrrp_vmac_ifname(inst->vmac)) == 0;
		bool done = false;
		struct vrrp_garp_pace *p;

		if (!vrrp_garp_extra_if_wanted(c->garp_extra_if_all, ours, strcmp(ifname, own) == 0,
					       xmit_base))
			continue;
		for (size_t j = 0; j < i && !done; j++)
			done = strcmp(vrrp_inst_garp_ifname(inst, vrrp_inst_addr(c, j)), ifname) ==
			       0;
		if (done)
			continue;
		vrrp_inst_garp_log(inst, v);
		vrrp_inst_garp_one(inst, v, NULL, log_get_detail());
		if ((p = vrrp_inst_garp_pacer(inst, v)) != NULL)
			vrrp_garp_pace_sent(p, vrrp_garp_kind_of(v->family), now);
	}
	ev_timer_start_in(loop, t, c->garp_extra_if_s * US_PER_SEC);
}
