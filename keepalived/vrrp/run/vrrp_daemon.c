/*
 * The running VRRP side: one live instance per vrrp_instance, one raw socket
 * per (interface, family) shared by the instances on it and dispatched by
 * VRID (vrrp_ifsock.c), and one netlink monitor whose link and address
 * events move instances in and out of Fault and restore VIPs that someone
 * removed. The instances get what they share through their environment
 * (vrrp_inst_env.h); start-up and reload carry out the same kind of plan
 * (vrrp_reload.c), start-up's over no running instance.
 */
#include "keepalived/vrrp/run/vrrp_daemon.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_addr_detail.h"
#include "keepalived/vrrp/run/vrrp_firewall.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/run/vrrp_linkbeat_run.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/run/vrrp_route_watch.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

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
	struct vrrp_tracking *trk;      /* trackers, notification, sync groups */
	struct vrrp_vmac_ctx *vmac_ctx; /* use_vmac interfaces, on first use */
	struct vrrp_route_nl *rt;       /* virtual_routes/rules, static_*, on first use */
	struct vrrp_inst_env env;       /* what the instances get of all this */
	struct ev_timer startup_timer;  /* vrrp_startup_delay */
	struct ev_timer vip_sweep;      /* every instance's VIP check (env.vip_sweep) */
	/* promote_secondaries set by us, interface_up_down_delays (vrrp_iface.h) */
	struct vrrp_iface_promote *promote;
	struct vrrp_iface_delays *delays;
	struct vrrp_linkbeat *linkbeat; /* linkbeat_interfaces (vrrp_linkbeat_run.h) */
	/* Address news of one netlink read, acted on once at its end (vrrp_daemon_nl_cb()). */
	bool nl_reading, nl_refresh, nl_vip_check, nl_statics;
	struct vrrp_route_watch *rwatch;      /* deleted routes and rules (vrrp_route_watch.h) */
	struct vrrp_addr_detail *addr_detail; /* -D address lines (vrrp_addr_detail.h) */
};

/* The instances' environment (vrrp_inst_env.h) ---------------------------- */

static struct vrrp_vmac_ctx *
vrrp_daemon_vmac_ctx(void *owner)
{
	struct vrrp_daemon *d = owner;

	if (d->vmac_ctx == NULL)
		d->vmac_ctx = vrrp_vmac_ctx_open();
	return d->vmac_ctx;
}

static struct vrrp_route_nl *
vrrp_daemon_route_nl(void *owner)
{
	struct vrrp_daemon *d = owner;

	if (d->rt == NULL && (d->rt = vrrp_route_nl_open()) != NULL) {
		vrrp_route_nl_set_resolver(d->rt, vrrp_inst_ifindex_of, d->nl);
		/* Its static addresses are ours: -a does not log them. */
		vrrp_nl_own_port_add(d->nl, vrrp_route_nl_port(d->rt));
	}
	return d->rt;
}

static struct vrrp_arp *vrrp_daemon_arp(void *owner, int ifindex);

/* The live instances, for the VIP lease renewals (vrrp_lease.h). */
static struct vrrp_inst *
vrrp_daemon_inst_at(void *owner, size_t i)
{
	struct vrrp_daemon *d = owner;

	return i < d->ninsts ? &d->insts[i] : NULL;
}

static const struct vrrp_inst_env_ops vrrp_daemon_env_ops = {
	.arp = vrrp_daemon_arp,
	.vmac_ctx = vrrp_daemon_vmac_ctx,
	.route_nl = vrrp_daemon_route_nl,
};

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

/*
 * Enter every instance in the VRID table of its socket, in configuration
 * order (so that the last one configured comes first, as it always has).
 */
static void
vrrp_daemon_demux_rebuild(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		vrrp_ifsock_clear(ifs);
	for (size_t i = 0; i < d->ninsts; i++)
		vrrp_ifsock_attach(d->insts[i].ifs, &d->insts[i].demux, d->insts[i].conf);
}

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
static void
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

static struct vrrp_arp *
vrrp_daemon_arp(void *owner, int ifindex)
{
	struct vrrp_daemon *d = owner;
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
	/* Decode, old unicast checksums, shared VRIDs: vrrp_instance.c. */
	vrrp_ifsock_packet(pkt, len, meta, arg);
}

static void
vrrp_daemon_sock_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_ifsock *ifs = arg;

	vrrp_ifsock_rx(ifs, loop, vrrp_daemon_packet); /* bursts read together */
}

static void
vrrp_daemon_ah_sock_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_ifsock *ifs = arg;

	vrrp_sock_recv(ifs->ah_sock, vrrp_ifsock_ah_packet, ifs);
}

static void
vrrp_daemon_ifsock_close_ah(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	if (ifs->ah_sock == NULL)
		return;
	ev_fd_del(d->loop, vrrp_sock_fd(ifs->ah_sock));
	vrrp_sock_close(ifs->ah_sock);
	ifs->ah_sock = NULL;
}

/* The AH socket (IP protocol 51) of ifs, when an instance on it uses auth_type AH. */
static void
vrrp_daemon_ifsock_open_ah(struct vrrp_daemon *d, struct vrrp_ifsock *ifs, int ifindex)
{
	if (!ifs->want_ah || ifs->ah_sock != NULL || ifs->family != AF_INET)
		return;
	ifs->ah_sock = vrrp_sock_open_ah(ifindex, ifs->ifname);
	if (ifs->ah_sock == NULL) {
		log_warn("cannot open the AH socket on %s", ifs->ifname);
		return;
	}
	if (ev_fd_add(d->loop, vrrp_sock_fd(ifs->ah_sock), EV_READ, vrrp_daemon_ah_sock_cb, ifs) <
	    0) {
		/* A socket nobody reads is no socket: its instances stay in Fault. */
		log_warn("cannot watch the AH socket on %s", ifs->ifname);
		vrrp_sock_close(ifs->ah_sock);
		ifs->ah_sock = NULL;
	}
}

/*
 * vrrp_rx_bufs_policy: MTU or ADVERT, times vrrp_rx_bufs_multiplier, for each
 * instance on the socket; or a size. 0: the socket keeps its own size.
 */
static int
vrrp_daemon_rx_bufs(const struct vrrp_daemon *d, const struct vrrp_ifsock *ifs)
{
	const struct vrrp_tuning_conf *t = &d->conf->tuning;
	const struct vrrp_ifinfo *ii = vrrp_nl_if(d->nl, ifs->ifname);
	uint64_t mult = t->rx_bufs_multiplier ? t->rx_bufs_multiplier :
						VRRP_RX_BUFS_MULTIPLIER_DEFAULT,
		 total = 0;

	if (t->rx_bufs_policy == VRRP_RX_BUFS_DEFAULT)
		return 0;
	if (t->rx_bufs_policy == VRRP_RX_BUFS_SIZE)
		return (int)t->rx_bufs_size;
	for (int v = 0; v < 256; v++) {
		for (const struct vrrp_ifsock_member *m = ifs->by_vrid[v]; m != NULL; m = m->next) {
			size_t alen = ifs->family == AF_INET ? 4 : 16;
			size_t advert = (ifs->family == AF_INET ? 20 : 40) + 8 + 8 +
					alen * (m->conf->nvips < 255 ? m->conf->nvips : 255);

			if (t->rx_bufs_policy == VRRP_RX_BUFS_MTU)
				total += mult * (ii != NULL && ii->mtu != 0 ? ii->mtu : 1500);
			else
				total += mult * advert;
		}
	}
	return total > INT32_MAX ? INT32_MAX : (int)total;
}

/* The global_defs knobs of the sockets (vrrp_tuning.h), at start, reload and re-open. */
static void
vrrp_daemon_tuning(struct vrrp_daemon *d)
{
	const struct vrrp_tuning_conf *t = &d->conf->tuning;
	int bytes;

	for (struct vrrp_ifsock *ifs = d->socks; ifs != NULL; ifs = ifs->next) {
		ifs->log_unknown_vrids = t->log_unknown_vrids;
		bytes = vrrp_daemon_rx_bufs(d, ifs);
		if (ifs->sock != NULL && bytes > 0)
			log_info("%s: VRRP receive buffer %d bytes (vrrp_rx_bufs_policy)",
				 ifs->ifname, vrrp_sock_set_rcvbuf(ifs->sock, bytes));
	}
	if (t->nl_monitor_rcvbuf != 0)
		vrrp_nl_set_rcvbuf(d->nl, (int)t->nl_monitor_rcvbuf, t->nl_monitor_force);
	if (t->nl_cmd_rcvbuf != 0)
		vrrp_nl_set_cmd_rcvbuf(d->nl, (int)t->nl_cmd_rcvbuf, t->nl_cmd_force);
}

/* kernel_rx_buf_size: SO_RCVBUF of the socket, once it is open. */
static void
vrrp_daemon_ifsock_rcvbuf(struct vrrp_ifsock *ifs)
{
	if (ifs->sock != NULL && ifs->rcvbuf > 0 &&
	    vrrp_sock_set_rcvbuf(ifs->sock, ifs->rcvbuf) == -1)
		log_warn("cannot set the receive buffer of the VRRP socket on %s", ifs->ifname);
}

/* Open the socket of ifs once its interface exists. */
static void
vrrp_daemon_ifsock_open(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	/* A VMAC made a moment ago may not be in the netlink cache yet. */
	int ifindex = ifs->ifname[0] != '\0' ? vrrp_inst_ifindex_of(d->nl, ifs->ifname) : 0;

	if (ifindex != 0 && !ifs->nodev)
		vrrp_daemon_ifsock_open_ah(d, ifs, ifindex);
	/* Without interface: unbound, or bound to the VRF once it exists. */
	if (ifs->sock != NULL || (ifindex == 0 && (!ifs->nodev || ifs->ifname[0] != '\0')))
		return;
	ifs->ifindex = ifindex;
	ifs->sock = ifs->nodev ? vrrp_sock_open_nodev(ifs->family, ifindex,
						      ifindex != 0 ? ifs->ifname : NULL) :
				 vrrp_sock_open(ifs->family, ifindex, ifs->ifname);
	if (ifs->sock == NULL) {
		log_warn("cannot open the VRRP socket on %s", ifs->ifname);
		return;
	}
	if (ev_fd_add(d->loop, vrrp_sock_fd(ifs->sock), EV_READ, vrrp_daemon_sock_cb, ifs) < 0)
		log_warn("cannot watch the VRRP socket on %s", ifs->ifname);
	/* vrrp_rx_bufs_policy first; an instance's kernel_rx_buf_size wins. */
	if (d->conf != NULL && vrrp_daemon_rx_bufs(d, ifs) > 0)
		vrrp_sock_set_rcvbuf(ifs->sock, vrrp_daemon_rx_bufs(d, ifs));
	vrrp_daemon_ifsock_rcvbuf(ifs);
}

/*
 * The shared socket of (family, ifname), created (and opened if it can be)
 * on first use. nodev: of the instances without interface, ifname their
 * VRF ("" for none).
 */
static struct vrrp_ifsock *
vrrp_daemon_ifsock_of(struct vrrp_daemon *d, int family, const char *ifname, bool nodev)
{
	struct vrrp_ifsock *ifs;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		if (ifs->family == family && ifs->nodev == nodev &&
		    strcmp(ifs->ifname, ifname) == 0)
			return ifs;
	ifs = calloc(1, sizeof(*ifs));
	if (ifs == NULL)
		return NULL;
	ifs->family = family;
	ifs->nodev = nodev;
	snprintf(ifs->ifname, sizeof(ifs->ifname), "%s", ifname);
	ifs->next = d->socks;
	d->socks = ifs;
	vrrp_daemon_ifsock_open(d, ifs);
	return ifs;
}

static struct vrrp_ifsock *
vrrp_daemon_ifsock(struct vrrp_daemon *d, int family, const char *ifname)
{
	return vrrp_daemon_ifsock_of(d, family, ifname, false);
}

/* An instance's socket: its interface's, or (no interface) the one of its VRF or of none. */
static struct vrrp_ifsock *
vrrp_daemon_inst_ifsock(struct vrrp_daemon *d, const struct vrrp_instance_conf *c,
			const char *ifname)
{
	if (c->ifname[0] == '\0')
		return vrrp_daemon_ifsock_of(d, c->family, c->iface.vrf, true);
	return vrrp_daemon_ifsock(d, c->family, ifname);
}

static void
vrrp_daemon_ifsock_close(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	vrrp_ifsock_tx_stop(d->loop, ifs);
	if (ifs->sock != NULL) {
		ev_fd_del(d->loop, vrrp_sock_fd(ifs->sock));
		vrrp_sock_close(ifs->sock);
		ifs->sock = NULL;
	}
	vrrp_daemon_ifsock_close_ah(d, ifs);
}

/*
 * Give every shared socket the AH socket its instances need, and no more:
 * the one place that decides, at start-up and after a reload alike.
 */
static void
vrrp_daemon_ifsocks_sync_ah(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;
	size_t i;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next) {
		bool want = false;

		for (i = 0; i < d->ninsts && !want; i++)
			want = d->insts[i].ifs == ifs &&
			       d->insts[i].conf->auth_type == VRRP_AUTH_AH;
		ifs->want_ah = want;
		if (want)
			vrrp_daemon_ifsock_open(d, ifs);
		else
			vrrp_daemon_ifsock_close_ah(d, ifs);
	}
}

/* As keepalived: a socket's receive buffer is the sum of its instances' kernel_rx_buf_size. */
static void
vrrp_daemon_ifsocks_sync_rcvbuf(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next) {
		uint64_t sum = 0;

		for (size_t i = 0; i < d->ninsts; i++)
			if (d->insts[i].ifs == ifs)
				sum += d->insts[i].conf->iface.rx_buf_size;
		ifs->rcvbuf = sum > INT_MAX ? INT_MAX : (int)sum;
		vrrp_daemon_ifsock_rcvbuf(ifs);
	}
}

/* Close ifs, take it off the daemon's list and free it. */
static void
vrrp_daemon_ifsock_drop(struct vrrp_daemon *d, struct vrrp_ifsock *ifs)
{
	struct vrrp_ifsock **pp;

	for (pp = &d->socks; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == ifs) {
			*pp = ifs->next;
			break;
		}
	}
	vrrp_daemon_ifsock_close(d, ifs);
	free(ifs);
}

/* Close the sockets of interfaces no instance uses any more. */
static void
vrrp_daemon_ifsocks_prune(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs, *next;

	for (ifs = d->socks; ifs != NULL; ifs = next) {
		bool used = false;

		next = ifs->next;
		for (size_t i = 0; i < d->ninsts && !used; i++)
			used = d->insts[i].ifs == ifs;
		if (!used)
			vrrp_daemon_ifsock_drop(d, ifs);
	}
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
static int
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

/* Netlink ------------------------------------------------------------------ */

/* Any link or address change: let every instance re-check its interface. */
static void
vrrp_daemon_refresh(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;
	size_t i;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		vrrp_daemon_ifsock_open(d, ifs);
	vrrp_iface_promote_sync(&d->promote, d->conf);
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_link_update(&d->insts[i]);
	vrrp_firewall_vmacs(&d->env, d->insts, d->ninsts);
}

static void
vrrp_daemon_link_cb(void *arg, int ifindex, bool up)
{
	struct vrrp_daemon *d = arg;

	if (vrrp_iface_delays_link(d->delays, ifindex, up))
		return;
	/* Tracked interfaces first: keepalived logs the link before the transitions. */
	vrrp_tracking_links_changed(d->trk);
	vrrp_daemon_refresh(d);
	vrrp_route_watch_link(d->rwatch, ifindex, up);
	for (size_t i = 0; i < d->ninsts; i++) /* a VIP that could not be added: try again */
		d->insts[i].vip_check_clean = false;
	if (up)
		vrrp_statics_restore(&d->env, d->conf, ifindex);
}

/* -a (--address-monitoring): every address change netlink reports is logged. */
static bool vrrp_daemon_log_addrs;

void
vrrp_daemon_set_address_monitoring(bool on)
{
	vrrp_daemon_log_addrs = on;
}

/* keepalived's line; changes made by our own requests (VIPs) are not shown, as there. */
static void
vrrp_daemon_addr_log(struct vrrp_daemon *d, int family, int ifindex, const union vrrp_addr *a,
		     bool added)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if_by_index(d->nl, ifindex);
	char buf[INET6_ADDRSTRLEN];

	if (!vrrp_daemon_log_addrs || ifi == NULL)
		return;
	if (inet_ntop(family, a, buf, sizeof(buf)) == NULL)
		return;
	log_info("Netlink reflector reports IP %s %s %s", buf, added ? "added to" : "removed from",
		 ifi->name);
}

/* -a: the addresses there are at start, as keepalived's first dump shows them. */
static void
vrrp_daemon_addr_log_all(struct vrrp_daemon *d)
{
	const struct vrrp_ifinfo *ifi;
	const struct vrrp_nl_ifaddr *a;

	for (size_t i = 0; vrrp_daemon_log_addrs && i < vrrp_nl_if_count(d->nl); i++) {
		ifi = vrrp_nl_if_at(d->nl, i);
		for (size_t j = 0; ifi != NULL && j < vrrp_nl_addr_count(d->nl, ifi->ifindex); j++)
			if ((a = vrrp_nl_addr_at(d->nl, ifi->ifindex, j)) != NULL)
				vrrp_daemon_addr_log(d, a->family, ifi->ifindex, &a->addr, true);
	}
}

static void
vrrp_daemon_addr_cb(void *arg, int family, int ifindex, const union vrrp_addr *a, uint8_t prefixlen,
		    bool added)
{
	struct vrrp_daemon *d = arg;
	size_t i;

	if (!vrrp_nl_event_own(d->nl))
		vrrp_daemon_addr_log(d, family, ifindex, a, added);
	vrrp_addr_detail_event(d->addr_detail, d->nl, d->conf, d->insts, d->ninsts, family, ifindex,
			       a, added);

	if (d->nl_reading) {
		d->nl_refresh = true;
		d->nl_vip_check |= !added;
		d->nl_statics |= !added;
		return;
	}
	vrrp_daemon_refresh(d);
	if (added)
		return;
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_vip_deleted(&d->insts[i]);
	vrrp_statics_restore(&d->env, d->conf, ifindex); /* static_ipaddress is put back */
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

	/*
	 * Thousands of VIPs come and go in one read: every instance looks at
	 * its interface once after it, not once per address (that was
	 * addresses x instances).
	 */
	d->nl_reading = true;
	vrrp_nl_process(d->nl);
	d->nl_reading = false;
	if (d->nl_refresh) {
		d->nl_refresh = false;
		vrrp_daemon_refresh(d);
	}
	if (d->nl_vip_check) {
		d->nl_vip_check = false;
		for (size_t i = 0; i < d->ninsts; i++)
			vrrp_inst_vip_deleted(&d->insts[i]);
	}
	if (d->nl_statics) {
		d->nl_statics = false;
		vrrp_statics_restore(&d->env, d->conf, 0); /* any interface */
	}
}

/* The live array at each tick: a reload may have moved the instances. */
static void
vrrp_daemon_vip_sweep_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_daemon *d = arg;

	vrrp_inst_vips_sweep(loop, t, d->insts, d->ninsts);
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
	for (i = 0; i < d->ninsts; i++)
		vrrp_inst_stop(&d->insts[i]);
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
