/*
 * Which configured route or rule a kernel notification is about (no system
 * calls). The kernel layer's route monitor (kernel/vrrp_route_mon.h) reads
 * an RTM_DELROUTE / RTM_DELRULE into the same structs as the parser fills,
 * with what the kernel reports: these decide whether it is one of ours.
 */
#ifndef VRRP_ROUTE_MATCH_H
#define VRRP_ROUTE_MATCH_H

#include <stdbool.h>

#include "keepalived/vrrp/conf/vrrp_route_conf.h"

/*
 * A route as the kernel reports it: family, type, table, protocol, tos,
 * dst/dst_len, and the metric (has_metric) it was installed with. It is
 * cfg's when all of these agree; cfg's metric only when it gave one.
 */
bool vrrp_route_matches(const struct vrrp_route *cfg, const struct vrrp_route *seen);

/*
 * A rule as the kernel reports it: family, action, table, priority, from,
 * to, tos, fwmark, iif, oif and not. It is cfg's when all agree.
 */
bool vrrp_rule_matches(const struct vrrp_rule *cfg, const struct vrrp_rule *seen);

#endif
