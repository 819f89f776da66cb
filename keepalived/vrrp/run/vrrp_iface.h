/*
 * The instances' interfaces at run time (run layer), as keepalived 2.2.7
 * handles them:
 *  - start-up (and reload, and -t): an instance whose `interface` does not
 *    exist stops the daemon from starting, unless global_defs has
 *    dynamic_interfaces, in which case the instance waits for the
 *    interface in FAULT;
 *  - promote_secondaries: the sysctl set while the daemon runs;
 *  - interface_up_down_delays: link changes held back for a while.
 */
#ifndef VRRP_IFACE_H
#define VRRP_IFACE_H

#include <stdbool.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

/* keepalived's exit code when it refuses to start for a missing interface. */
#define VRRP_IFACE_EXIT 2

/*
 * Every instance's interface, looked up in the current network namespace.
 * Without dynamic_interfaces each missing one is reported with the file and
 * line of its `interface` keyword, then once that the configuration names
 * a non-existent interface; returns how many are missing. With it, a
 * running daemon (test false) notes each that it will use once created, -t
 * (test true) says nothing, and 0 is returned.
 */
int vrrp_iface_check_startup(const struct vrrp_conf *conf, bool test);

/*
 * promote_secondaries: the interfaces whose net.ipv4.conf.IF.promote_secondaries
 * this daemon set to 1, with the value each had, restored when the daemon
 * stops (as keepalived does). A VMAC instance's VMAC has it already.
 */
struct vrrp_iface_promote;

/*
 * Set it on the interface of every instance of conf that asks for it, if the
 * interface exists and this has not set it yet: at start-up, after a reload
 * and when interfaces change (a missing one may have appeared). *list keeps
 * what was set (NULL at first).
 */
void vrrp_iface_promote_sync(struct vrrp_iface_promote **list, const struct vrrp_conf *conf);
/* Put back every value that was changed, and free the list. */
void vrrp_iface_promote_restore(struct vrrp_iface_promote **list);

/*
 * interface_up_down_delays: a link change of a listed interface is held
 * back (the netlink cache keeps showing the previous state, so instances and
 * track_interface see nothing) for that interface's down or up delay; when
 * it expires the kernel's state then is shown and reported, so a link that
 * came back in time changes nothing. The delay runs from the first change.
 */
struct vrrp_iface_delays;
struct ev_loop;
struct vrrp_nl;

/* NULL when conf lists no interface (or out of memory, logged). */
struct vrrp_iface_delays *vrrp_iface_delays_new(struct ev_loop *loop, struct vrrp_nl *nl,
						const struct vrrp_iface_conf *conf);
/*
 * Free; with release, what is held is shown and reported first (a reload),
 * without, it is left (the daemon is going, netlink with it). NULL is fine.
 */
void vrrp_iface_delays_free(struct vrrp_iface_delays *dl, bool release);
/*
 * The link callback's first step: true when the change of ifindex to up is
 * held back (the caller then does nothing more), false when it is to be
 * acted on now.
 */
bool vrrp_iface_delays_link(struct vrrp_iface_delays *dl, int ifindex, bool up);

#endif
