/*
 * linkbeat_interfaces and linkbeat_use_polling at run time (run layer): the
 * link state of the polled interfaces comes from asking the driver once a
 * second (kernel/vrrp_linkbeat.h), as keepalived 2.2.7 polls, and not from
 * netlink. The state polled is held in the netlink cache
 * (vrrp_nl_link_poll()), so the instances and track_interface see it
 * through the one link path; a change is logged ("Linkbeat reports v1
 * down") and reported through the link callback.
 *
 * Which interfaces: those in linkbeat_interfaces that an instance uses
 * (its interface or a track_interface; the others are logged and left, as
 * keepalived's "Turning off linkbeat for IF since not used for tracking"),
 * the interface of an instance with linkbeat_use_polling, and, with the
 * top-level linkbeat_use_polling, every instance's interface. The way is
 * the one configured, else the first of MII, ETHTOOL and IOCTL that the
 * driver answers; a configured way the driver does not answer is logged
 * and replaced the same way.
 */
#ifndef VRRP_LINKBEAT_RUN_H
#define VRRP_LINKBEAT_RUN_H

#include <stdbool.h>
#include <stddef.h>

struct ev_loop;
struct vrrp_conf;
struct vrrp_nl;
struct vrrp_linkbeat;

/* Polls once now, then every second. NULL when nothing is polled (or no memory, logged). */
struct vrrp_linkbeat *vrrp_linkbeat_new(struct ev_loop *loop, struct vrrp_nl *nl,
					const struct vrrp_conf *conf);
/*
 * Stop polling. With release (a reload) the interfaces show netlink's state
 * again, reported if it differs; without (the daemon is going) they are
 * left. NULL is fine.
 */
void vrrp_linkbeat_free(struct vrrp_linkbeat *lb, bool release);
/* How many interfaces are polled (status, tests). */
size_t vrrp_linkbeat_count(const struct vrrp_linkbeat *lb);

#endif
