/*
 * The interface keywords (vrrp_conf_iface.h): parsing only.
 */
#include "config.h"

#include "keepalived/vrrp/conf/vrrp_conf_iface.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"

/* global_defs ------------------------------------------------------------------------ */

int
vrrp_iface_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_iface_conf *ic)
{
	if (strcmp(argv[0], "dynamic_interfaces") != 0) {
		cfg_error(r, "%s: not an interface keyword of global_defs", argv[0]);
		return -1;
	}
	if (cfg_check_argc(r, argc, argv, 0, 1) == -1)
		return -1;
	ic->dynamic = true;
	/* keepalived: the option is ignored, dynamic_interfaces is not. */
	if (argc == 2 && strcmp(argv[1], "allow_if_changes") != 0)
		cfg_warn(r, "Unknown dynamic_interfaces option '%s'", argv[1]);
	else
		ic->allow_if_changes = argc == 2;
	return 0;
}

/* interface_up_down_delays ------------------------------------------------------------ */

const struct vrrp_iface_delay *
vrrp_iface_delay_of(const struct vrrp_iface_conf *ic, const char *ifname)
{
	for (size_t i = 0; i < ic->ndelays; i++)
		if (strcmp(ic->delays[i].ifname, ifname) == 0)
			return &ic->delays[i];
	return NULL;
}

int
vrrp_iface_delay_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_iface_conf *ic = obj;
	struct vrrp_iface_delay d, *slot;
	uint64_t down, up;

	if (argc < 2 || argc > 3) {
		cfg_error(r, "interface_up_down_delays: expected IFNAME DOWN_DELAY [UP_DELAY]");
		return -1;
	}
	if (strlen(argv[0]) >= sizeof(d.ifname)) {
		cfg_error(r, "interface_up_down_delays: interface '%s' is too long", argv[0]);
		return -1;
	}
	if (cfg_parse_fixed(r, "interface_up_down_delays", argv[1], 6, 0, VRRP_IFACE_DELAY_MAX_US,
			    &down) == -1)
		return -1;
	up = down;
	if (argc == 3 && cfg_parse_fixed(r, "interface_up_down_delays", argv[2], 6, 0,
					 VRRP_IFACE_DELAY_MAX_US, &up) == -1)
		return -1;
	memset(&d, 0, sizeof(d));
	snprintf(d.ifname, sizeof(d.ifname), "%s", argv[0]);
	d.down_us = (uint32_t)down;
	d.up_us = (uint32_t)up;
	slot = (struct vrrp_iface_delay *)vrrp_iface_delay_of(ic, d.ifname);
	if (slot == NULL) {
		if (ic->ndelays == (size_t)VRRP_IFACE_DELAYS_MAX) {
			cfg_error(r, "interface_up_down_delays: more than %d interfaces",
				  VRRP_IFACE_DELAYS_MAX);
			return -1;
		}
		slot = &ic->delays[ic->ndelays++];
	}
	*slot = d;
	return 0;
}

/* vrrp_instance ---------------------------------------------------------------------- */

/* A flag keyword: no value. */
static int
kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_iface_instance_conf *ic = &vi->iface;

	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	if (strcmp(argv[0], "dont_track_primary") == 0)
		ic->dont_track_primary = true;
	else if (strcmp(argv[0], "track_src_ip") == 0)
		ic->track_src_ip = true;
	else if (strcmp(argv[0], "promote_secondaries") == 0)
		ic->promote_secondaries = true;
	return 0;
}

/* A decimal number no greater than max. */
static bool
iface_uint(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && *v <= max;
}

static int
kw_debug(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	/* keepalived warns about a bad level and runs. */
	if (!iface_uint(argv[1], 4, &v)) {
		cfg_warn(r, "(%s) Debug value '%s' not valid; must be between 0-4", vi->name,
			 argv[1]);
		return 0;
	}
	/* keepalived.conf(5): "not implemented yet"; it has no effect there either. */
	vi->iface.debug = (uint8_t)v;
	return 0;
}

static int
kw_rx_buf_size(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	/* SO_RCVBUF takes an int, which the kernel doubles. */
	if (cfg_parse_uint(r, "kernel_rx_buf_size", argv[1], 0, INT32_MAX / 2, &v) == -1)
		return -1;
	vi->iface.rx_buf_size = (uint32_t)v;
	return 0;
}

static int
kw_native_ipv6(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	/* The family is the first address's; after an IPv4 one it is too late. */
	if (vi->family == AF_INET) {
		cfg_warn(r, "(%s) native_ipv6: the instance already has IPv4 addresses - ignoring",
			 vi->name);
		return 0;
	}
	vi->family = AF_INET6;
	vi->iface.native_ipv6 = true;
	return 0;
}

static int
kw_linkbeat(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	/* keepalived's own deprecation warning, then what this daemon does instead. */
	cfg_warn(r,
		 "(%s) 'linkbeat_use_polling' in vrrp instance deprecated - use "
		 "linkbeat_interfaces block",
		 vi->name);
	vi->iface.linkbeat_polling = true;
	return 0;
}

/* vrf VRF_IF: keepalived's warnings, each ignoring the line. */
static int
kw_vrf(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_iface_instance_conf *ic = &vi->iface;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(ic->vrf))
		cfg_warn(r, "(%s) VRF interface name '%s' too long - ignoring", vi->name, argv[1]);
	else if (vi->ifname[0] != '\0')
		cfg_warn(r, "(%s) Cannot specify VRF interface and interface - ignoring", vi->name);
	else if (ic->vrf[0] != '\0')
		cfg_warn(r, "(%s) VRF interface already specified as '%s' - ignoring", vi->name,
			 ic->vrf);
	else if (strcmp(argv[1], "lo") == 0)
		cfg_warn(r, "(%s) cannot use a loopback interface (%s) for VRF - ignoring",
			 vi->name, argv[1]);
	else {
		memcpy(ic->vrf, argv[1], strlen(argv[1]) + 1);
		ic->vrf_line = cfg_line(r);
	}
	return 0;
}

static int
kw_lvs_sync_if(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_iface_instance_conf *ic = &vi->iface;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(ic->lvs_sync_if)) {
		cfg_error(r, "(%s) lvs_sync_daemon_interface: '%s' is too long", vi->name, argv[1]);
		return -1;
	}
	/* keepalived's two lines. */
	cfg_warn(r, "(%s) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.",
		 vi->name);
	cfg_warn(r, "        Please use global lvs_sync_daemon");
	snprintf(ic->lvs_sync_if, sizeof(ic->lvs_sync_if), "%s", argv[1]);
	ic->lvs_sync_line = cfg_line(r);
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_iface_instance_keywords[] = {
	{ "debug", kw_debug, NULL, NULL, NULL, NULL },
	{ "dont_track_primary", kw_flag, NULL, NULL, NULL, NULL },
	{ "kernel_rx_buf_size", kw_rx_buf_size, NULL, NULL, NULL, NULL },
	{ "linkbeat_use_polling", kw_linkbeat, NULL, NULL, NULL, NULL },
	{ "lvs_sync_daemon_interface", kw_lvs_sync_if, NULL, NULL, NULL, NULL },
	{ "native_ipv6", kw_native_ipv6, NULL, NULL, NULL, NULL },
	{ "promote_secondaries", kw_flag, NULL, NULL, NULL, NULL },
	{ "track_src_ip", kw_flag, NULL, NULL, NULL, NULL },
	{ "vrf", kw_vrf, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* -d ------------------------------------------------------------------------------------ */

void
vrrp_iface_conf_dump(const struct vrrp_iface_instance_conf *ic,
		     void (*out)(const char *line, void *arg), void *arg)
{
	char line[64];

	if (ic->native_ipv6)
		out("    native_ipv6", arg);
	if (ic->dont_track_primary)
		out("    dont_track_primary", arg);
	if (ic->track_src_ip)
		out("    track_src_ip", arg);
	if (ic->promote_secondaries)
		out("    promote_secondaries", arg);
	if (ic->rx_buf_size != 0) {
		snprintf(line, sizeof(line), "    kernel_rx_buf_size %u",
			 (unsigned)ic->rx_buf_size);
		out(line, arg);
	}
	if (ic->debug != 0) {
		snprintf(line, sizeof(line), "    debug %u", (unsigned)ic->debug);
		out(line, arg);
	}
	if (ic->vrf[0] != '\0') {
		snprintf(line, sizeof(line), "    vrf %s", ic->vrf);
		out(line, arg);
	}
}

/* Without interface ------------------------------------------------------------------- */

int
vrrp_iface_conf_finish(struct vrrp_instance_conf *vi)
{
	const struct vrrp_unicast_conf *u = vi->unicast;

	if (vi->ifname[0] != '\0') {
		/* `interface` after `vrf`: kw_vrf() could not see it. */
		if (vi->iface.vrf[0] != '\0') {
			log_warnx("%s:%d: (%s) vrf can only be specified without interface - "
				  "clearing",
				  vi->file, vi->iface.vrf_line, vi->name);
			vi->iface.vrf[0] = '\0';
		}
		return 0;
	}
	/* keepalived 2.2.7's words: chk_min_cfg() when there is no peer either. */
	if (u == NULL || u->npeers == 0)
		return vrrp_conf_inst_error(vi, "Unknown interface!");
	if (!u->has_src)
		return vrrp_conf_inst_error(
			vi, "Unicast instances must have unicast_src_ip or interface");
	if (u->src_family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&u->src.v6))
		return vrrp_conf_inst_error(vi, "Non link-local address required if interface "
						"omitted");
	if ((vi->vmac != NULL && vi->vmac->enabled) ||
	    (vi->ipvlan != NULL && vi->ipvlan->enabled)) {
		log_warnx("%s:%d: (%s): Cannot use VMAC/ipvlan with unicast and no interface - "
			  "clearing use_vmac",
			  vi->file, vi->line, vi->name);
		if (vi->vmac != NULL)
			vi->vmac->enabled = false;
		if (vi->ipvlan != NULL)
			vi->ipvlan->enabled = false;
	}
	return 0;
}

void
vrrp_iface_delays_dump(const struct vrrp_iface_conf *ic, void (*out)(const char *line, void *arg),
		       void *arg)
{
	char line[96];

	if (ic->ndelays == 0)
		return;
	out("interface_up_down_delays {", arg);
	for (size_t i = 0; i < ic->ndelays; i++) {
		const struct vrrp_iface_delay *d = &ic->delays[i];

		snprintf(line, sizeof(line), "    %s %u.%06u %u.%06u", d->ifname,
			 d->down_us / 1000000, d->down_us % 1000000, d->up_us / 1000000,
			 d->up_us % 1000000);
		out(line, arg);
	}
	out("}", arg);
}
