/*
 * Self-fencing VIP leases (conf layer, no system calls): `vip_lease
 * auto|SECONDS|off` in vrrp_instance, `vrrp_vip_lease auto|SECONDS|off` in
 * global_defs as the default of the instances that give none.
 *
 * A leased VIP is installed with a kernel address lifetime (valid and
 * preferred lifetime, whole seconds) that the Master renews while it
 * runs; a Master that dies or freezes stops renewing, and the kernel
 * removes its VIPs by itself. `auto` is the longest time a Backup of any
 * priority needs to take over, rounded up to a whole second:
 * down_timer_adverts x advert_int + 255/256 x advert_int (the Backup's
 * Master_Down_Interval with its largest skew). See keepalived.conf(5).
 */
#ifndef VRRP_CONF_LEASE_H
#define VRRP_CONF_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"

struct vrrp_instance_conf;

#define VRRP_LEASE_MAX_S 86400u /* a day: beyond that a lease fences nothing useful */

enum vrrp_lease_mode {
	VRRP_LEASE_UNSET = 0, /* instance: the global default; global: off */
	VRRP_LEASE_OFF,
	VRRP_LEASE_AUTO,
	VRRP_LEASE_SECONDS,
};

/* What a vip_lease / vrrp_vip_lease line says; zeroed = nothing given. */
struct vrrp_lease_conf {
	uint8_t mode;     /* enum vrrp_lease_mode */
	uint32_t seconds; /* VRRP_LEASE_SECONDS: 1..VRRP_LEASE_MAX_S */
	/* Set by vrrp_lease_conf_finish() (instances only): the lease, 0 = none. */
	uint32_t lease_s;
};

/* Entries of vrrp_instance (object: struct vrrp_instance_conf *): vip_lease. */
extern const struct cfg_keyword vrrp_lease_instance_keywords[];

/* global_defs: vrrp_vip_lease, into g (the core's table routes it here). 0 or -1. */
int vrrp_lease_global_keyword(struct cfg_reader *r, int argc, char *argv[],
			      struct vrrp_lease_conf *g);

/*
 * The longest Master_Down_Interval a Backup of vi may have, in
 * microseconds: down_timer_adverts x advert_int plus the largest skew,
 * 255/256 x advert_int.
 */
uint64_t vrrp_lease_takeover_us(const struct vrrp_instance_conf *vi);
/* `auto` for vi: vrrp_lease_takeover_us() rounded up to whole seconds (at least 1). */
uint32_t vrrp_lease_auto_s(const struct vrrp_instance_conf *vi);

/*
 * After the instance's defaults are settled (advert_int, down_timer_adverts):
 * resolve vi's lease against the global default g into vi->lease.lease_s
 * and set every VIP's and excluded address's lease_s to it. A lease shorter
 * than the takeover time is accepted with a warning. Returns 0.
 */
int vrrp_lease_conf_finish(struct vrrp_instance_conf *vi, const struct vrrp_lease_conf *g);

/* -d: the line a lease conf is written as ("auto", "off", "N"), or NULL when not given. */
const char *vrrp_lease_conf_word(const struct vrrp_lease_conf *lc, char *buf, size_t len);

#endif
