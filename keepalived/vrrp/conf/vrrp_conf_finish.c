/*
 * What vrrp_conf_finish() does once the whole file is read: each instance
 * completed the way keepalived 2.2.7's vrrp_complete_instance() does
 * (priority from the initial state, version from the family and
 * global_defs), the settings that exclude each other cleared with
 * keepalived's warnings, and the checks that need the whole file (one VRID
 * per interface and family). Also how many addresses an advert carries.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "lib/log.h"

/* IPv6 addresses that fit a VRRPv3 advert in a 1500 byte Ethernet frame. */
#define VRRP_ADVERT_MAX_ADDRS 255 /* the count is one byte */
#define VRRP_V6_VIPS_MTU1500 ((1500 - 14 - 40 - 8) / 16)

/* keepalived's chk_min_cfg(), and the defaults of vrrp_complete_instance(). */
static int
instance_defaults(struct vrrp_instance_conf *vi, const struct vrrp_global_conf *g)
{
	int errors = 0;

	if (vi->vrid == 0)
		errors += vrrp_conf_inst_error(vi, "virtual_router_id: missing (required)");
	/* Unicast without interface, maybe in a VRF (vrrp_conf_iface.c). */
	errors += vrrp_iface_conf_finish(vi);
	/* keepalived runs such an instance (a notify script may move the address). */
	if (vi->nvips == 0)
		log_warnx("%s:%d: (%s) No VIP specified; at least one is sensible", vi->file,
			  vi->line, vi->name);
	if (vi->family == 0)
		vi->family = AF_INET;
	/*
	 * keepalived keeps version 2 for IPv6 when it is written, and then
	 * drops AH, which is IPv4 only (without version 2 the version 3 check
	 * below reports the authentication).
	 */
	if (vi->family == AF_INET6 && vi->version == VRRP_V2 && vi->auth_type == VRRP_AUTH_AH) {
		log_warnx("%s:%d: (%s) Cannot use AH authentication with IPv6 - ignoring", vi->file,
			  vi->line, vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
	}
	if (vi->version == 0) {
		vi->version = vi->family == AF_INET6 ? VRRP_V3 :
						       (g->version != 0 ? g->version : VRRP_V2);
	} else if (vi->version == VRRP_V2 && vi->family == AF_INET6) {
		/*
		 * keepalived 2.2.7 keeps version 2 here, but RFC 3768 defines
		 * VRRPv2 for IPv4 only and the packet codec cannot build such an
		 * advert, so the instance runs the version that exists.
		 */
		log_warnx("%s:%d: (%s) VRRP version 2 is not defined for IPv6, using version 3",
			  vi->file, vi->line, vi->name);
		vi->version = VRRP_V3;
	}
	if (vi->adver_int_cs == 0)
		vi->adver_int_cs = VRRP_ADVER_INT_DEFAULT_CS;
	/* With no priority, state MASTER means owner; with no state, owner means MASTER. */
	if (vi->priority == 0)
		vi->priority = vi->init_master ? VRRP_PRIO_OWNER : VRRP_PRIO_DEFAULT;
	if (!vi->given.state)
		vi->init_master = vi->priority == VRRP_PRIO_OWNER;
	/*
	 * As keepalived: an AH backup must learn the master's sequence number
	 * before it may send, so it never starts as master below 255.
	 */
	if (vi->auth_type == VRRP_AUTH_AH && vi->auth_pass[0] != 0 && vi->version == VRRP_V2 &&
	    vi->init_master && vi->priority != VRRP_PRIO_OWNER) {
		log_warnx("%s:%d: (%s) Initial state master is incompatible with AH authentication "
			  "- "
			  "clearing",
			  vi->file, vi->line, vi->name);
		vi->init_master = false;
	}
	if (!vi->given.lower_prio_no_advert)
		vi->lower_prio_no_advert = g->lower_prio_no_advert;
	if (!vi->given.skip_check_adv_addr)
		vi->skip_check_adv_addr = g->skip_check_adv_addr;
	if (!vi->given.higher_prio_send_advert)
		vi->higher_prio_send_advert = g->higher_prio_send_advert;
	if (!vi->given.v3_checksum_as_v2)
		vi->v3_checksum_as_v2 = g->v3_checksum_as_v2;
	vi->garp_interval_us = g->garp_interval_us;
	vi->gna_interval_us = g->gna_interval_us;
	return errors;
}

/* The rest of vrrp_complete_instance(): settings that exclude each other. */
/* A warning about an instance, at the line of its vrrp_instance. */
static void inst_warn(const struct vrrp_instance_conf *vi, const char *fmt, ...) LOG_PRINTF(2, 3);

static void
inst_warn(const struct vrrp_instance_conf *vi, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrrp_conf_inst_vsay(vi, LOG_WARNING, fmt, ap);
	va_end(ap);
}

/*
 * keepalived 2.2.7 moves the addresses past what an advert can carry to the
 * excluded ones (installed, not advertised), with a warning.
 */
static int
instance_excess_vips(struct vrrp_instance_conf *vi)
{
	size_t excess = vi->nvips > VRRP_ADVERT_MAX_ADDRS ? vi->nvips - VRRP_ADVERT_MAX_ADDRS : 0;
	struct vrrp_vip *grown;

	if (excess == 0)
		return 0;
	inst_warn(vi,
		  "Number of VIPs (%zu) exceeds maximum/space available in packet (max %d "
		  "addresses) - excess moved to eVIPs",
		  vi->nvips, VRRP_ADVERT_MAX_ADDRS);
	grown = realloc(vi->evips, (vi->nevips + excess) * sizeof(*vi->evips));
	if (grown == NULL)
		return vrrp_conf_inst_error(vi, "out of memory");
	memcpy(grown + vi->nevips, vi->vips + VRRP_ADVERT_MAX_ADDRS, excess * sizeof(*grown));
	vi->evips = grown;
	vi->nevips += excess;
	vi->nvips = VRRP_ADVERT_MAX_ADDRS;
	return 0;
}

size_t
vrrp_conf_advert_naddr(const struct vrrp_instance_conf *vi, unsigned mtu)
{
	size_t hdr = vi->family == AF_INET6 ? 40 : 20;
	size_t alen = vi->family == AF_INET6 ? 16 : 4;
	size_t fit;

	hdr += 8; /* the VRRP header */
	if (vi->family == AF_INET && vi->version == VRRP_V2)
		hdr += 8; /* the password field, present whatever the type */
	if (vi->auth_type == VRRP_AUTH_AH)
		hdr += 24; /* AH header with its 96-bit ICV */
	fit = mtu > hdr ? (mtu - hdr) / alen : 0;
	if (fit > VRRP_ADVERT_MAX_ADDRS)
		fit = VRRP_ADVERT_MAX_ADDRS;
	return vi->nvips < fit ? vi->nvips : fit;
}

static int
instance_check(struct vrrp_instance_conf *vi)
{
	char buf[INET6_ADDRSTRLEN];
	int errors = 0;

	/* keepalived drops the authentication and runs. */
	if (vi->auth_type != VRRP_AUTH_NONE && vi->version == VRRP_V3) {
		inst_warn(vi, "VRRP version 3 does not support authentication. Ignoring.");
		vi->auth_type = VRRP_AUTH_NONE;
	} else if (vi->auth_type != VRRP_AUTH_NONE && vi->auth_pass[0] == 0) {
		inst_warn(vi, "Authentication specified but no password given. Ignoring");
		vi->auth_type = VRRP_AUTH_NONE;
	}

	/* keepalived 2.2.7 clears the setting that cannot work, in this order, and runs. */
	if (vi->nopreempt && vi->priority == VRRP_PRIO_OWNER) {
		inst_warn(vi, "nopreempt is incompatible with priority 255. resetting nopreempt");
		vi->nopreempt = false;
	} else if (vi->nopreempt && vi->init_master) {
		inst_warn(vi,
			  "Warning - nopreempt will not work with initial state MASTER - clearing");
		vi->nopreempt = false;
	}
	if (vi->preempt_delay_us != 0 && vi->init_master) {
		inst_warn(vi, "Warning - preempt delay will not work with initial state MASTER - "
			      "clearing");
		vi->preempt_delay_us = 0;
	} else if (vi->preempt_delay_us != 0 && vi->nopreempt) {
		inst_warn(vi, "preempt_delay is incompatible with nopreempt mode - resetting");
		vi->preempt_delay_us = 0;
	}

	/* Rounded to the nearest second (at least one), as keepalived does. */
	if (vi->version == VRRP_V2 && vi->adver_int_cs % 100 != 0) {
		inst_warn(vi, "VRRPv2 advertisement interval %ss must be an integer. rounding",
			  vrrp_conf_fmt_fixed(vi->adver_int_cs, 2, buf, sizeof(buf)));
		vi->adver_int_cs = (uint16_t)((vi->adver_int_cs + 50) / 100 * 100);
		if (vi->adver_int_cs == 0)
			vi->adver_int_cs = 100;
	} else if (vi->version == VRRP_V3 && vi->adver_int_cs > VRRP_V3_ADVER_INT_MAX_CS) {
		inst_warn(vi,
			  "VRRPv3 advertisement interval %ss is out of range. Must be less than "
			  "40.96s. Setting to 40.95s",
			  vrrp_conf_fmt_fixed(vi->adver_int_cs, 2, buf, sizeof(buf)));
		vi->adver_int_cs = VRRP_V3_ADVER_INT_MAX_CS;
	}
	errors += instance_excess_vips(vi);

	/* What keepalived only logs. */
	if (vi->family == AF_INET6 && vi->nvips > 0 && !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.v6))
		log_warnx("%s:%d: (%s) the first IPv6 address %s should be link-local", vi->file,
			  vi->line, vi->name,
			  vrrp_addr_ntop(AF_INET6, &vi->vips[0].addr, buf, sizeof(buf)));
	if (vi->family == AF_INET6 && vi->nvips > VRRP_V6_VIPS_MTU1500)
		log_warnx("%s:%d: (%s) %zu IPv6 addresses do not fit an advert on a 1500 byte MTU",
			  vi->file, vi->line, vi->name, vi->nvips);
	return errors;
}

int
vrrp_conf_finish(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *other;
	int errors = 0;

	vrrp_conf_names_free(conf);
	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		errors += instance_defaults(vi, &conf->global);
		errors += instance_check(vi);
		errors += vrrp_lease_conf_finish(vi, &conf->global.lease);
	}
	vrrp_garp_conf_finish(conf); /* garp_lower_prio_*, garp_extra_if defaults */

	/* One VRID per interface and family: the adverts would be indistinguishable. */
	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		for (other = vi->next; other != NULL; other = other->next) {
			if (other->vrid != 0 && other->vrid == vi->vrid &&
			    other->family == vi->family && other->ifname[0] != '\0' &&
			    strcmp(other->ifname, vi->ifname) == 0 &&
			    !vrrp_unicast_can_share_vrid(vi, other, conf->unicast))
				errors += vrrp_conf_inst_error(
					other, "VRID %u with IPv%d on %s is already used by %s",
					vi->vrid, vi->family == AF_INET ? 4 : 6, vi->ifname,
					vi->name);
		}
	}
	return errors + vrrp_conf_track_finish(conf);
}
