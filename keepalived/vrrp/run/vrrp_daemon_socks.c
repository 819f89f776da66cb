/*
 * What the instances of the running VRRP side share, kept by the daemon and
 * handed to them through their environment (vrrp_inst_env.h): one raw
 * socket per (interface, family), dispatched by VRID (vrrp_ifsock.c), with
 * its AH socket and receive buffer sized as the instances on it need; the
 * ARP/ND senders of the interfaces that hold VIPs; and the VMAC and route
 * netlink handles, opened on first use.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "keepalived/vrrp/run/vrrp_daemon_priv.h"
#include "keepalived/vrrp/run/vrrp_ifsock.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "lib/event.h"
#include "lib/log.h"

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
struct vrrp_inst *
vrrp_daemon_inst_at(void *owner, size_t i)
{
	struct vrrp_daemon *d = owner;

	return i < d->ninsts ? &d->insts[i] : NULL;
}

const struct vrrp_inst_env_ops vrrp_daemon_env_ops = {
	.arp = vrrp_daemon_arp,
	.vmac_ctx = vrrp_daemon_vmac_ctx,
	.route_nl = vrrp_daemon_route_nl,
};

/*
 * Enter every instance in the VRID table of its socket, in configuration
 * order (so that the last one configured comes first, as it always has).
 */
void
vrrp_daemon_demux_rebuild(struct vrrp_daemon *d)
{
	struct vrrp_ifsock *ifs;

	for (ifs = d->socks; ifs != NULL; ifs = ifs->next)
		vrrp_ifsock_clear(ifs);
	for (size_t i = 0; i < d->ninsts; i++)
		vrrp_ifsock_attach(d->insts[i].ifs, &d->insts[i].demux, d->insts[i].conf);
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

void
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
	/* Decode, old unicast checksums, shared VRIDs: vrrp_instance_rx.c. */
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
void
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
void
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

struct vrrp_ifsock *
vrrp_daemon_ifsock(struct vrrp_daemon *d, int family, const char *ifname)
{
	return vrrp_daemon_ifsock_of(d, family, ifname, false);
}

/* An instance's socket: its interface's, or (no interface) the one of its VRF or of none. */
struct vrrp_ifsock *
vrrp_daemon_inst_ifsock(struct vrrp_daemon *d, const struct vrrp_instance_conf *c,
			const char *ifname)
{
	if (c->ifname[0] == '\0')
		return vrrp_daemon_ifsock_of(d, c->family, c->iface.vrf, true);
	return vrrp_daemon_ifsock(d, c->family, ifname);
}

void
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
void
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
void
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
void
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
