/*
 * What is done when someone deletes a route or rule the daemon installed,
 * as keepalived 2.2.7 does (observed in a namespace):
 *  - a static route or rule (static_routes, static_rules) is put back at
 *    once, with "Restoring deleted static route|rule LINE"; one given
 *    no_track is left deleted. A static route whose interface is down is
 *    put back when the interface comes up again (the kernel drops IPv4
 *    routes of a downed interface without telling).
 *  - a virtual route or rule of a Master (virtual_routes, virtual_rules),
 *    unless no_track: the instance stands down (VRRP_EV_RESIGN: Backup, a
 *    priority-0 advert, a new election after Skew_Time, which sets them
 *    again if it wins).
 * Deletions come from the kernel layer's route monitor (vrrp_route_mon.h),
 * opened only when the configuration has routes or rules to watch.
 */
#ifndef VRRP_ROUTE_WATCH_H
#define VRRP_ROUTE_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "keepalived/vrrp/run/vrrp_inst_env.h"

struct vrrp_conf;
struct vrrp_inst;
struct vrrp_route_watch;

/*
 * conf: where the running configuration is (read at each event, so reloads
 * need no call); inst_at(owner, i): the i-th live instance, NULL past the
 * last. NULL when there is nothing to watch or the monitor cannot be opened
 * (logged).
 */
struct vrrp_route_watch *vrrp_route_watch_new(struct vrrp_inst_env *env,
					      const struct vrrp_conf *const *conf,
					      struct vrrp_inst *(*inst_at)(void *owner, size_t i),
					      void *owner);
void vrrp_route_watch_free(struct vrrp_route_watch *w);
/* Interface ifindex went down or came up (static routes on it are put back on up). */
void vrrp_route_watch_link(struct vrrp_route_watch *w, int ifindex, bool up);

#endif
