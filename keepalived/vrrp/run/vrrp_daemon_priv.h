/*
 * What the files of the running VRRP side share: the daemon object and the
 * functions one part calls in another. vrrp_daemon.c starts, stops and frees
 * it and answers the views; vrrp_daemon_apply.c carries out start-up's and
 * reload's plans; vrrp_daemon_nl.c follows netlink's link and address
 * events; vrrp_daemon_socks.c keeps what the instances share (sockets, ARP/ND
 * senders, VMAC and route handles). Private to keepalived/vrrp/run.
 */
#ifndef VRRP_DAEMON_PRIV_H
#define VRRP_DAEMON_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/run/vrrp_inst_env.h"
#include "lib/event.h"

struct vrrp_addr_detail;
struct vrrp_arp;
struct vrrp_conf;
struct vrrp_iface_delays;
struct vrrp_iface_promote;
struct vrrp_ifsock;
struct vrrp_inst;
struct vrrp_instance_conf;
struct vrrp_linkbeat;
struct vrrp_nl;
struct vrrp_reload_plan;
struct vrrp_route_nl;
struct vrrp_route_watch;
struct vrrp_tracking;
struct vrrp_vmac_ctx;
union vrrp_addr;

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

/* vrrp_daemon_socks.c ---------------------------------------------------------- */

/* The instances' environment operations: ARP/ND senders, VMACs, routes. */
extern const struct vrrp_inst_env_ops vrrp_daemon_env_ops;
/* The live instance i (NULL past the end), for the leases and the route watch. */
struct vrrp_inst *vrrp_daemon_inst_at(void *owner, size_t i);
/* Enter every instance in the VRID table of its socket, in configuration order. */
void vrrp_daemon_demux_rebuild(struct vrrp_daemon *d);
void vrrp_daemon_arps_close(struct vrrp_daemon *d);
/* The global_defs knobs of the sockets, at start, reload and re-open. */
void vrrp_daemon_tuning(struct vrrp_daemon *d);
/* Open the socket of ifs once its interface exists. */
void vrrp_daemon_ifsock_open(struct vrrp_daemon *d, struct vrrp_ifsock *ifs);
/* The shared socket of (family, ifname), made on first use; NULL: no memory. */
struct vrrp_ifsock *vrrp_daemon_ifsock(struct vrrp_daemon *d, int family, const char *ifname);
/* An instance's socket: its interface's, or that of its VRF or of none. */
struct vrrp_ifsock *vrrp_daemon_inst_ifsock(struct vrrp_daemon *d,
					    const struct vrrp_instance_conf *c, const char *ifname);
void vrrp_daemon_ifsock_close(struct vrrp_daemon *d, struct vrrp_ifsock *ifs);
/* Every socket gets the AH socket and the receive buffer its instances need. */
void vrrp_daemon_ifsocks_sync_ah(struct vrrp_daemon *d);
void vrrp_daemon_ifsocks_sync_rcvbuf(struct vrrp_daemon *d);
/* Close the sockets of interfaces no instance uses any more. */
void vrrp_daemon_ifsocks_prune(struct vrrp_daemon *d);

/* vrrp_daemon_apply.c ---------------------------------------------------------- */

/* Carry out plan for newconf, at start-up (startup) or at a reload; 0 or -1. */
int vrrp_daemon_apply(struct vrrp_daemon *d, struct vrrp_conf *newconf,
		      const struct vrrp_reload_plan *plan, bool startup);
/* vrrp_startup_delay is over (d->startup_timer). */
void vrrp_daemon_startup_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

/* vrrp_daemon_nl.c ------------------------------------------------------------- */

/* The netlink monitor's callbacks (struct vrrp_nl_cbs) and its fd's. */
void vrrp_daemon_link_cb(void *arg, int ifindex, bool up);
void vrrp_daemon_addr_cb(void *arg, int family, int ifindex, const union vrrp_addr *a,
			 uint8_t prefixlen, bool added);
void vrrp_daemon_resync_cb(void *arg);
void vrrp_daemon_nl_cb(struct ev_loop *loop, int fd, unsigned events, void *arg);
/* -a: the addresses there are at start. */
void vrrp_daemon_addr_log_all(struct vrrp_daemon *d);
/* Every instance's VIP check (d->vip_sweep). */
void vrrp_daemon_vip_sweep_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

#endif
