/*
 * The gratuitous ARP / unsolicited NA settings that go beyond a new Master's
 * announcement (conf layer, no system calls), as keepalived 2.2.7 reads them:
 *
 *  - vrrp_instance: garp_lower_prio_delay SECS, garp_lower_prio_repeat N
 *    (what a Master sends after answering a lower-priority advert),
 *    garp_extra_if [all] SECS and its deprecated alias vmac_garp_intvl
 *    (periodic messages on the VIPs' other interfaces while Master);
 *  - global_defs: vrrp_garp_lower_prio_delay, vrrp_garp_lower_prio_repeat,
 *    vrrp_garp_extra_if (alias vrrp_vmac_garp_intvl), the defaults of the
 *    above, and vrrp_startup_delay SECS (instances start that long after
 *    the daemon);
 *  - the top-level garp_group { garp_interval, gna_interval, interface,
 *    interfaces { } } blocks: the spacing of messages on an interface, or
 *    shared by a group of interfaces.
 *
 * What the run-time does with them is decided by vrrp_garp_sched.h.
 */
#ifndef VRRP_CONF_GARP_H
#define VRRP_CONF_GARP_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"

struct vrrp_conf;
struct vrrp_global_conf;
struct vrrp_instance_conf;

/* One garp_group block. */
struct vrrp_garp_group_conf {
	bool has_garp_interval, has_gna_interval; /* else the global ones apply */
	uint64_t garp_interval_us, gna_interval_us;
	char (*ifnames)[IF_NAMESIZE];
	size_t nifs;
	int line; /* of the garp_group line, for messages */
	struct vrrp_garp_group_conf *next;
};

/* garp_lower_prio_*, garp_extra_if, vmac_garp_intvl inside a vrrp_instance. */
extern const struct cfg_keyword vrrp_garp_instance_keywords[];

/* garp_group { ... }: open (parent: struct vrrp_conf *), its keywords, close. */
void *vrrp_garp_group_open(struct cfg_reader *r, int argc, char *argv[], void *parent);
extern const struct cfg_keyword vrrp_garp_group_keywords[];
int vrrp_garp_group_close(struct cfg_reader *r, void *obj);

/*
 * A global_defs line of this module (vrrp_garp_lower_prio_*, vrrp_garp_extra_if,
 * vrrp_vmac_garp_intvl, vrrp_startup_delay). Returns 0 (a bad value is
 * reported and ignored, as keepalived does), or -2 if argv[0] is not one of them.
 */
int vrrp_garp_global_keyword(struct cfg_reader *r, int argc, char *argv[],
			     struct vrrp_global_conf *g);

/* After reading: an instance's settings it did not give itself, from g. */
void vrrp_garp_instance_defaults(struct vrrp_instance_conf *vi, const struct vrrp_global_conf *g);
/*
 * After reading the whole file (vrrp_conf_finish()): every instance's
 * defaults, and a warning for an interface named by two groups (the first wins).
 */
void vrrp_garp_conf_finish(struct vrrp_conf *conf);

/* The garp_group that names ifname, or NULL. */
const struct vrrp_garp_group_conf *vrrp_garp_group_of(const struct vrrp_conf *conf,
						      const char *ifname);

void vrrp_garp_groups_free(struct vrrp_conf *conf);

#endif
