/*
 * The running VRRP side: turns the configuration into live instances, binds
 * the state machine to sockets, netlink and timers on the event loop, and
 * carries out the state machine's actions.
 */
#ifndef VRRP_DAEMON_H
#define VRRP_DAEMON_H

#include <stdbool.h>
#include <stddef.h>

struct ev_loop;
struct vrrp_conf;
struct vrrp_daemon;

/* Start every instance of conf (which must outlive the daemon object).
 * Returns NULL on a fatal set-up error, logged. */
struct vrrp_daemon *vrrp_daemon_start(struct ev_loop *loop, struct vrrp_conf *conf);
/* Leave cleanly: priority-0 adverts where Master, VIPs removed, sockets
 * closed. Returns once done (well within a second). */
void vrrp_daemon_stop(struct vrrp_daemon *d);
/* -V (--dont-release-vrrp): as vrrp_daemon_stop() (notify scripts too), but
 * without priority-0 adverts, leaving the VIPs, routes and static addresses
 * in place; the next start removes the VIPs. */
void vrrp_daemon_abandon(struct vrrp_daemon *d);
/* -a: log every address change netlink reports (set before vrrp_daemon_start()). */
void vrrp_daemon_set_address_monitoring(bool on);
void vrrp_daemon_free(struct vrrp_daemon *d);
/*
 * SIGHUP: carry on with newconf (checked, and outliving the daemon from now
 * on) without a flap: unchanged instances keep their state, timers and VIPs;
 * changed ones are updated in place, or restarted when that is not safe;
 * removed ones stop as at shutdown; new ones start. vrrp_reload.c plans it,
 * the daemon carries the plan out as it carries out start-up's. Returns 0
 * once newconf is in use (the old one may then be freed), or -1 before
 * anything changed (the daemon still runs on the old configuration): no
 * memory, or trackers that cannot be built (a tracked interface missing).
 */
int vrrp_daemon_reload(struct vrrp_daemon *d, struct vrrp_conf *newconf);

/* Read-only view of the live instances, for status, dumps and metrics
 * (struct vrrp_inst is in vrrp_instance.h). */
struct vrrp_inst;
size_t vrrp_daemon_ninstances(const struct vrrp_daemon *d);
const struct vrrp_inst *vrrp_daemon_instance(const struct vrrp_daemon *d, size_t i);
struct vrrp_nl;
struct vrrp_tracking;
/* The netlink handle (its interface cache and counters), and the trackers, for status. */
struct vrrp_nl *vrrp_daemon_nl(const struct vrrp_daemon *d);
const struct vrrp_tracking *vrrp_daemon_tracking(const struct vrrp_daemon *d);
/* Maintenance mode of the instance called name: 0, or -1 if there is none. */
int vrrp_daemon_maintenance(struct vrrp_daemon *d, const char *name, bool on);
/* STATS_CLEAR: zero the instances' and their sockets' counters (the stats dump's). */
void vrrp_daemon_stats_clear(struct vrrp_daemon *d);

#endif
