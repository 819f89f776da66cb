/*
 * The running VRRP side and netlink: link events move instances in and out
 * of Fault (through the interface delays and the trackers), address events
 * restore VIPs and static addresses that someone removed, once per netlink
 * read however many addresses it carried; -a logs the address changes. The
 * periodic VIP check backs the events up.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_addr_detail.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_daemon_priv.h"
#include "keepalived/vrrp/run/vrrp_firewall.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_route_watch.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "lib/event.h"
#include "lib/log.h"

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

void
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
void
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

void
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

void
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

void
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
void
vrrp_daemon_vip_sweep_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_daemon *d = arg;

	vrrp_inst_vips_sweep(loop, t, d->insts, d->ninsts);
}
