/*
 * The running VRRP side: one live instance per vrrp_instance, one raw socket
 * per (interface, family) shared by the instances on it and dispatched by
 * VRID, and one netlink monitor whose link and address events move
 * instances in and out of Fault and restore VIPs that someone removed.
 */
#include "vrrp_daemon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "vrrp_arp.h"
#include "vrrp_conf.h"
#include "vrrp_instance.h"
#include "vrrp_net.h"
#include "vrrp_netlink.h"
#include "vrrp_packet.h"
#include "vrrp_track.h"

#define VRRP_START_ALIGN_MAX_US 50000 /* see vrrp_daemon_start_instances() */

/* A GARP/NA sender for an interface that holds VIPs. */
struct vrrp_arpsock {
	int ifindex;
	struct vrrp_arp *arp;
	struct vrrp_arpsock *next;
};

struct vrrp_daemon {
	struct ev_loop *loop;
	struct vrrp_conf *conf;
	struct vrrp_nl *nl;
	struct vrrp_inst *insts;
	size_t ninsts;
	struct vrrp_ifsock *socks;
	struct vrrp_arpsock *arps;
	struct vrrp_tracking *trk; /* trackers, notification, sync groups */
};

struct ev_loop *
vrrp_daemon_loop(struct vrrp_daemon *d)
{
	return d->loop;
}

struct vrrp_nl *
vrrp_daemon_nl(struct vrrp_daemon *d)
{
	return d->nl;
}

const struct vrrp_tracking *
vrrp_daemon_tracking(const struct vrrp_daemon *d)
{
	return d != NULL ? d->trk : NULL;
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

	for (i = 0; i < d->ninsts; i++) {
		const struct vrrp_fsm *f = &d->insts[i].fsm;

		vrrp_inst_start(&d->insts[i]);
		/*
		 * The timer as if armed at t0 (state_since_us: when it was).
		 * A start slow enough to matter more than that is left alone:
		 * the down timer never gets much shorter than configured.
		 */
		if (f->timer == VRRP_TIMER_MASTER_DOWN && f->state_since_us >= t0 &&
		    f->state_since_us - t0 <= VRRP_START_ALIGN_MAX_US)
			vrrp_inst_retime(&d->insts[i], f->timer_deadline_us - (f->state_since_us - t0) + i);
	}
}

struct vrrp_arp *
vrrp_daemon_arp(struct vrrp_daemon *d, int ifindex)
{
	struct vrrp_arpsock *as;

	for (as = d->arps; as != NULL; as = as->next)
		if (as->ifindex == ifindex)
			return as->arp;
	as = calloc(1, sizeof(*as));
	if (as == NULL)
		return NULL;
	as->arp = vrrp_arp_open(ifindex);
	if (as->arp == NULL) {
		log_warn("cannot open the ARP/ND socket on interface %d", ifindex);
		free(as);
		return NULL;
	}
	as->ifindex = ifindex;
	as->next = d->arps;
	d->arps = as;
	return as->arp;
}

static void
vrrp_daemon_arps_close(struct vrrp_daemon *d)
{
	struct vrrp_arpsock *as;

	while ((as = d->arps) != NULL) {
		d->arps = as->next;
		vrrp_arp_close(as->arp);
		free(as);
	}
}

/* Packets ------------------------------------------------------------------ */

static void
vrrp_daemon_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct vrrp_ifsock *ifs = arg;
	struct vrrp_advert adv;
	struct vrrp_inst *inst;
	enum vrrp_drop reason;

	ifs->rx_packets++;
	reason = vrrp_pkt_decode(pkt, len, meta, &adv);
	if (reason != VRRP_DROP_NONE) {
		/* Charge the drop to the instance the VRID byte names, if any. */
		inst = len >= 2 ? ifs->by_vrid[pkt[1]] : NULL;
		if (inst != NULL)
			inst->stats.drops[reason]++;
		else
			ifs->drops[reason]++;
		return;
	}
	inst = ifs->by_vrid[adv.vrid];
	if (inst == NULL) {
		ifs->drops[VRRP_DROP_VRID]++;
		return;
	}
	vrrp_inst_rx(inst, &adv, meta);
}

static void
vrrp_daemon_sock_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_ifsock *ifs = arg;

	vrrp_sock_recv(ifs->sock, vrrp_daemon_packet, ifs);
}

/* Open the socket of ifs once its interface exists. */
static void
vrrp_daemon_ifsock_open(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(d->nl, ifs->ifname);

	if (ifs->sock != NULL || ifi == NULL)
		return;
	ifs->ifindex = ifi->ifindex;
	ifs->sock = vrrp_sock_open(ifs->family, ifi->ifindex, ifs->ifname);
	if (ifs->sock == NULL) {
		log_warn("cannot open the VRRP socket on %s", ifs->ifname);
		return;
	}
	if (ev_fd_add(d->loop, vrrp_sock_fd(ifs->sock), EV_READ, vrrp_daemon_sock_cb, ifs) < 0)
		log_warn("cannot watch the VRRP socket on %s", ifs->ifname);
}

static struct vrrp_ifsock *
vrrp_daemon_ifsock(struct vrrp_daemon *d, int family, const char *ifname)
{
	struct vrrp_ifsock *ifs;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		if (ifs->family == family && strcmp(ifs->ifname, ifname) == 0)
			return ifs;
	ifs = calloc(1, sizeof(*ifs));
	if (ifs == NULL)
		return NULL;
	ifs->family = family;
	snprintf(ifs->ifname, sizeof(ifs->ifname), "%s", ifname);
	ifs->next = d->socks;
	d->socks = ifs;
	vrrp_daemon_ifsock_open(d, ifs);
	return ifs;
}

static void
vrrp_daemon_ifsock_close(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	if (ifs->sock != NULL) {
		ev_fd_del(d->loop, vrrp_sock_fd(ifs->sock));
		vrrp_sock_close(ifs->sock);
		ifs->sock = NULL;
	}
}

/* Netlink ------------------------------------------------------------------ */

/* Any link or address change: let every instance re-check its interface. */
static void
vrrp_daemon_refresh(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;
	size_t i;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		vrrp_daemon_ifsock_open(d, ifs);
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_link_update(&d->insts[i]);
}

static void
vrrp_daemon_link_cb(void *arg, int ifindex, bool up)
{
	struct vrrp_daemon *d = arg;

	/* Tracked interfaces first: keepalived logs the link before the transitions. */
	vrrp_tracking_links_changed(d->trk);
	vrrp_daemon_refresh(d);
}

static void
vrrp_daemon_addr_cb(void *arg, int family, int ifindex, const union vrrp_addr *a,
		    uint8_t prefixlen, bool added)
{
	struct vrrp_daemon *d = arg;
	size_t i;

	vrrp_daemon_refresh(d);
	if (added)
		return;
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_vip_deleted(&d->insts[i]);
}

static void
vrrp_daemon_resync_cb(void *arg)
{
	struct vrrp_daemon *d = arg;
	size_t i;

	log_info("Netlink resynchronised");
	vrrp_tracking_links_changed(d->trk);
	vrrp_daemon_refresh(d);
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_vip_deleted(&d->insts[i]);
}

static void
vrrp_daemon_nl_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_daemon *d = arg;

	vrrp_nl_process(d->nl);
}

/* Views and administration ------------------------------------------------- */

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
	const struct vrrp_instance_conf *c;
	struct vrrp_nl_cbs cbs;

	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->loop = loop;
	d->conf = conf;
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
	vrrp_nl_set_callbacks(d->nl, &cbs);
	if (ev_fd_add(loop, vrrp_nl_fd(d->nl), EV_READ, vrrp_daemon_nl_cb, d) < 0) {
		log_warn("cannot watch netlink");
		goto fail;
	}
	d->insts = calloc(conf->ninstances ? conf->ninstances : 1, sizeof(*d->insts));
	if (d->insts == NULL)
		goto fail;
	for (c = conf->instances; c != NULL; c = c->next) {
		struct vrrp_ifsock *ifs = vrrp_daemon_ifsock(d, c->family, c->ifname);

		if (ifs == NULL)
			goto fail;
		vrrp_inst_init(&d->insts[d->ninsts], d, ifs, c);
		ifs->by_vrid[c->vrid] = &d->insts[d->ninsts];
		d->ninsts++;
	}
	d->trk = vrrp_tracking_new(loop, conf, d->nl, d->insts, d->ninsts);
	if (d->trk == NULL)
		goto fail;
	vrrp_tracking_start(d->trk);
	vrrp_daemon_start_instances(d);
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
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_stop(&d->insts[i]);
	/* Group STOP notifications, then up to a second for the notify_stop scripts. */
	vrrp_tracking_stop(d->trk);
}

void
vrrp_daemon_free(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs, *next;

	if (d == NULL)
		return;
	for (ifs = d->socks; ifs != NULL; ifs = next) {
		next = ifs->next;
		vrrp_daemon_ifsock_close(d, ifs);
		free(ifs);
	}
	vrrp_daemon_arps_close(d);
	vrrp_tracking_free(d->trk);
	d->trk = NULL;
	if (d->nl != NULL) {
		ev_fd_del(d->loop, vrrp_nl_fd(d->nl));
		vrrp_nl_close(d->nl);
	}
	free(d->insts);
	free(d);
}
