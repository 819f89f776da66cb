/*
 * keepalived.conf as a whole: the top-level keywords, global_defs, and the
 * entry points that read a file into a struct kconf and dump it for -d.
 *
 * What this VRRP-only daemon does with each of keepalived's keywords is
 * decided by the tables below, each in alphabetical order: implemented;
 * accepted and ignored, because without the checker, BFD, SNMP, DBus, SMTP
 * or firewall parts they cannot matter; accepted with one warning that they
 * are not supported yet, because a user would expect them to have an effect.
 * The VRRP keywords themselves live in keepalived/vrrp/vrrp_conf*.c.
 */
#include "keepalived/core/conf.h"
#include "keepalived/check/conf/check_conf.h"
#include "keepalived/core/conf_globals.h"

#include <stdbool.h>
#include <stdio.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <pwd.h>

#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "lib/log.h"

/* global_defs ------------------------------------------------------------- */

static int
gd_router_id(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(conf->router_id)) {
		cfg_error(r, "router_id: longer than %zu characters", sizeof(conf->router_id) - 1);
		return -1;
	}
	snprintf(conf->router_id, sizeof(conf->router_id), "%s", argv[1]);
	return 0;
}

/*
 * metrics_listen ADDR:PORT, [IPV6]:PORT or PORT alone (loopback): where the
 * daemon serves Prometheus metrics over HTTP.
 */
/*
 * default_interface IFNAME: where static_ipaddress lines without dev go
 * (keepalived's default is eth0). Applied to the model by kconf_complete(),
 * so the run-time never sees an address without its device.
 */
static int
gd_default_interface(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(conf->default_interface)) {
		cfg_warn(r, "default_interface: '%s' is too long for an interface name - ignored",
			 argv[1]);
		return 0;
	}
	snprintf(conf->default_interface, sizeof(conf->default_interface), "%s", argv[1]);
	return 0;
}

static int
gd_metrics_listen(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;
	char host[INET6_ADDRSTRLEN + 2] = "127.0.0.1";
	const char *port = argv[1], *colon;
	uint64_t portnum;
	struct sockaddr_in *sin = (struct sockaddr_in *)&conf->metrics_addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&conf->metrics_addr;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	colon = strrchr(argv[1], ':');
	if (colon != NULL) {
		size_t hl = (size_t)(colon - argv[1]);

		if (hl >= 2 && argv[1][0] == '[' && argv[1][hl - 1] == ']') {
			argv[1]++;
			hl -= 2;
		}
		if (hl == 0 || hl >= sizeof(host)) {
			cfg_error(r, "metrics_listen: '%s' is not ADDR:PORT", argv[1]);
			return -1;
		}
		memcpy(host, argv[1], hl);
		host[hl] = '\0';
		port = colon + 1;
	}
	if (cfg_parse_uint(r, "metrics_listen port", port, 1, 65535, &portnum) == -1)
		return -1;
	memset(&conf->metrics_addr, 0, sizeof(conf->metrics_addr));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)portnum);
		conf->metrics_addrlen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)portnum);
		conf->metrics_addrlen = sizeof(*sin6);
	} else {
		cfg_error(r, "metrics_listen: '%s' is not an IPv4 or IPv6 address", host);
		return -1;
	}
	conf->metrics_enabled = true;
	return 0;
}

/* lvs_sync_daemon: the checker's (check_conf.c; run by check_syncd.c). */
static int
gd_lvs_sync_daemon(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return check_conf_sync_keyword(r, argc, argv, conf->check);
}

/* The vrrp_* defaults: vrrp_conf.c knows their values. */
/* vrrp_strict and the firewall keywords: vrrp_conf_nft.c. */
static int
gd_nft(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return vrrp_nft_global_keyword(r, argc, argv, &conf->vrrp.nft);
}

static int
gd_vrrp(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return vrrp_global_keyword(r, argc, argv, &conf->vrrp.global);
}

/* The multicast groups and vrrp_check_unicast_src: vrrp_conf_unicast.c knows them. */
static int
gd_unicast(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return vrrp_unicast_global_keyword(r, argc, argv, &conf->vrrp.unicast);
}

/* Scripts and notify FIFOs: vrrp_conf_track_global.c knows them. */
static int
gd_track(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return vrrp_track_global_keyword(r, argc, argv, &conf->vrrp);
}

/* dynamic_interfaces: vrrp_conf_iface.c knows it. */
static int
gd_iface(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;

	return vrrp_iface_global_keyword(r, argc, argv, &conf->vrrp.iface);
}

/*
 * Accepted, not acted on (issue 11, rule 2): each says so, naming file:line
 * and what is not done. SNMP, DBus and e-mail are out of scope for good:
 * one warning each per load, naming what replaces them.
 */
enum gd_scope {
	GD_SNMP = 1 << 0,
	GD_DBUS = 1 << 1,
	GD_EMAIL = 1 << 2,
};

/* clang-format off */
static const struct {
	const char *pattern; /* the keyword, or a prefix ending in '*' */
	unsigned scope;      /* 0: a warning per line */
	const char *what;    /* NULL: the first entry of its scope says it */
} gd_not_acted[] = {
	{ "enable_snmp_*", GD_SNMP,
	  "SNMP is not served by this daemon; use keepalivectl or the "
	  "metrics endpoint (metrics_listen) instead" },
	{ "enable_traps", GD_SNMP, NULL },
	{ "snmp_socket", GD_SNMP, NULL },
	{ "enable_dbus", GD_DBUS,
	  "DBus is not served by this daemon; use keepalivectl (the control "
	  "socket) instead" },
	{ "dbus_service_name", GD_DBUS, NULL },
	{ "notification_email*", GD_EMAIL, VRRP_CONF_NO_EMAIL },
	{ "smtp_*", GD_EMAIL, NULL },
	{ "no_email_faults", GD_EMAIL, NULL },
	{ "no_checker_emails", GD_EMAIL, NULL },
};
/* clang-format on */

static bool
gd_matches(const char *pattern, const char *kw)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, kw, n - 1) == 0;
	return strcmp(pattern, kw) == 0;
}

static int
gd_not_acted_on(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;
	const char *what = NULL;
	unsigned scope = 0;
	size_t i, n = sizeof(gd_not_acted) / sizeof(gd_not_acted[0]);

	for (i = 0; i < n; i++) {
		if (gd_matches(gd_not_acted[i].pattern, argv[0])) {
			scope = gd_not_acted[i].scope;
			what = gd_not_acted[i].what;
			break;
		}
	}
	if (scope != 0) {
		if (conf->warned_scopes & scope)
			return 0;
		conf->warned_scopes |= scope;
		for (i = 0; what == NULL && i < n; i++)
			if (gd_not_acted[i].scope == scope)
				what = gd_not_acted[i].what;
	}
	cfg_warn(r, "global_defs: '%s' is accepted but not acted on: %s", argv[0],
		 what != NULL ? what : "ignored");
	return 0;
}

/* notification_email { ... }: the same warning, the block skipped. */
static void *
gd_not_acted_block(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	gd_not_acted_on(r, argc, argv, parent);
	return NULL;
}

/* clang-format off */
#define GD(name, fn) { name, fn, NULL, NULL, NULL, NULL }
/* clang-format on */
/* The reader accepts an entry with no handler, and its block, and does nothing. */
/* clang-format off */
#define IGNORED(name) { name, NULL, NULL, NULL, NULL, NULL }
#define NOT_ACTED(name) { name, gd_not_acted_on, gd_not_acted_block, NULL, NULL, NULL }
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword global_defs_keywords[] = {
	CFG_KEYWORDS_FROM(process_global_keywords), /* conf_process.c, first: it wins */
	CFG_KEYWORDS_FROM(globals_keywords),        /* conf_globals.c */
	CFG_KEYWORDS_FROM(check_conf_global_keywords), /* the checker's: check_conf_global.c */
	GD("default_interface", gd_default_interface),
	GD("enable_script_security", gd_track),
	GD("lvs_sync_daemon", gd_lvs_sync_daemon),
	GD("metrics_listen", gd_metrics_listen),
	GD("notify_fifo", gd_track),
	GD("notify_fifo_script", gd_track),
	GD("router_id", gd_router_id),
	GD("script_user", gd_track),
	GD("vrrp_down_timer_adverts", gd_vrrp),
	GD("vrrp_garp_interval", gd_vrrp),
	GD("vrrp_garp_master_delay", gd_vrrp),
	GD("vrrp_garp_master_refresh", gd_vrrp),
	GD("vrrp_garp_master_refresh_repeat", gd_vrrp),
	GD("vrrp_garp_master_repeat", gd_vrrp),
	GD("vrrp_gna_interval", gd_vrrp),
	GD("vrrp_late_advert_warn", gd_vrrp),
	GD("vrrp_higher_prio_send_advert", gd_vrrp),
	GD("vrrp_lower_prio_no_advert", gd_vrrp),
	GD("vrrp_min_garp", gd_vrrp),
	GD("vrrp_notify_fifo", gd_track),
	GD("vrrp_notify_fifo_script", gd_track),
	GD("vrrp_notify_priority_changes", gd_track),
	GD("vrrp_version", gd_vrrp),
	GD("vrrp_vip_lease", gd_vrrp),

	/* The checker (LVS), BFD, SNMP, DBus, SMTP, firewall, VMAC and tuning knobs. */
	NOT_ACTED("dbus_service_name"),
	NOT_ACTED("enable_dbus"),
	NOT_ACTED("enable_snmp_checker"),
	NOT_ACTED("enable_snmp_keepalived"),
	NOT_ACTED("enable_snmp_rfc"),
	NOT_ACTED("enable_snmp_rfcv2"),
	NOT_ACTED("enable_snmp_rfcv3"),
	NOT_ACTED("enable_snmp_vrrp"),
	NOT_ACTED("enable_traps"),
	GD("lvs_notify_fifo", gd_track),
	GD("lvs_notify_fifo_script", gd_track),
	GD("nftables", gd_nft),
	GD("nftables_counters", gd_nft),
	GD("nftables_ifindex", gd_nft),
	GD("nftables_priority", gd_nft),
	NOT_ACTED("no_checker_emails"),
	NOT_ACTED("no_email_faults"),
	NOT_ACTED("notification_email"),
	NOT_ACTED("notification_email_from"),
	GD("process_monitor_rcv_bufs", gd_track),
	GD("process_monitor_rcv_bufs_force", gd_track),
	NOT_ACTED("smtp_alert"),
	NOT_ACTED("smtp_alert_checker"),
	NOT_ACTED("smtp_alert_vrrp"),
	NOT_ACTED("smtp_connect_timeout"),
	NOT_ACTED("smtp_helo_name"),
	NOT_ACTED("smtp_server"),
	NOT_ACTED("snmp_socket"),
	GD("vmac_addr_prefix", gd_vrrp),
	GD("vmac_prefix", gd_vrrp),
	GD("vrrp_check_unicast_src", gd_unicast),
	GD("vrrp_ipsets", gd_nft),
	GD("vrrp_iptables", gd_nft),
	GD("vrrp_skip_check_adv_addr", gd_vrrp),

	/* Routed to the VRRP side (vrrp_conf*.c). */
	GD("dynamic_interfaces", gd_iface),
	GD("vrrp_garp_extra_if", gd_vrrp),
	GD("vrrp_garp_lower_prio_delay", gd_vrrp),
	GD("vrrp_garp_lower_prio_repeat", gd_vrrp),
	GD("vrrp_mcast_group4", gd_unicast),
	GD("vrrp_mcast_group6", gd_unicast),
	GD("vrrp_startup_delay", gd_vrrp),
	GD("vrrp_strict", gd_nft),
	GD("vrrp_vmac_garp_intvl", gd_vrrp),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Top level --------------------------------------------------------------- */

static void *
top_vrrp_instance(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct kconf *conf = parent;

	return vrrp_instance_open(r, argc, argv, &conf->vrrp);
}

/* vrrp_script, track_file, vrrp_track_process, vrrp_sync_group: vrrp_conf_track.c. */
static void *
top_vrrp_track(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct kconf *conf = parent;

	return vrrp_track_block_open(r, argc, argv, &conf->vrrp);
}

/* One warning for the line or the whole block, naming the block's name if it has one. */
static int
top_unsupported(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	cfg_warn(r, "%s%s%s: not supported yet, ignored", argv[0], argc > 1 ? " " : "",
		 argc > 1 ? argv[1] : "");
	return 0;
}

static void *
top_unsupported_block(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	cfg_warn(r, "%s%s%s: not supported yet, block skipped", argv[0], argc > 1 ? " " : "",
		 argc > 1 ? argv[1] : "");
	return NULL;
}

/* interface_up_down_delays { IFNAME DOWN [UP] ... } and linkbeat_interfaces { IFNAME [TYPE] }:
 * vrrp_conf_iface.c and vrrp_conf_linkbeat.c read the lines. */
static void *
top_iface_delays(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct kconf *conf = parent;

	return &conf->vrrp.iface;
}

/* linkbeat_use_polling, linkbeat_interfaces { IFNAME [MII|ETHTOOL|IOCTL] ... }. */
static int
top_linkbeat_all(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	((struct kconf *)obj)->vrrp.iface.linkbeat_all = true;
	return 0;
}

/* clang-format off */
#define TOP_UNSUPPORTED(name) { name, top_unsupported, top_unsupported_block, NULL, NULL, NULL }
/* clang-format on */

/* garp_group { }: vrrp_conf_garp.c, into conf->vrrp.garp_groups. */
static void *
top_garp_group(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct kconf *conf = parent;

	return vrrp_garp_group_open(r, argc, argv, &conf->vrrp);
}

/* static_ipaddress, static_routes, static_rules: vrrp_conf_route.c, into conf->vrrp.statics. */
static void *
top_vrrp_static(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct kconf *conf = parent;

	return vrrp_route_static_open(r, argc, argv, &conf->vrrp);
}

static void *
top_vrrp_tgroup(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	return vrrp_tgroup_open(r, argc, argv, &((struct kconf *)parent)->vrrp);
}

static void *
top_bfd_instance(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	return bfd_instance_open(r, argc, argv, &((struct kconf *)parent)->vrrp);
}

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	CFG_KEYWORDS_FROM(process_top_keywords), /* conf_process.c: net_namespace, instance... */
	/* virtual_server & co: the checker's model (keepalived/check/conf/). */
	CFG_KEYWORDS_FROM(check_conf_top_keywords),
	{ "global_defs", NULL, NULL, global_defs_keywords, NULL, NULL },
	{ "vrrp_instance", NULL, top_vrrp_instance, vrrp_instance_keywords, NULL,
	  vrrp_instance_close },
	VRRP_TRACK_TOP_KEYWORDS(top_vrrp_track),
	VRRP_ROUTE_TOP_KEYWORDS(top_vrrp_static),

	/* ipsets in a namespace on kernels before 3.13: no ipsets here (keepalived.conf.5). */
	IGNORED("namespace_with_ipsets"),

	{ "bfd_instance", NULL, top_bfd_instance, bfd_instance_keywords, NULL,
	  bfd_instance_close }, /* keepalived/vrrp/conf/bfd_conf.c */
	{ "garp_group", NULL, top_garp_group, vrrp_garp_group_keywords, NULL,
	  vrrp_garp_group_close }, /* vrrp_conf_garp.c */
	{ "interface_up_down_delays", NULL, top_iface_delays, NULL, vrrp_iface_delay_item, NULL },
	{ "linkbeat_interfaces", NULL, top_iface_delays, NULL, vrrp_linkbeat_item, NULL },
	{ "linkbeat_use_polling", top_linkbeat_all, NULL, NULL, NULL, NULL },
	VRRP_TGROUP_TOP_KEYWORD(top_vrrp_tgroup), /* vrrp_conf_tgroup.c */
	TOP_UNSUPPORTED("virtual_server"),
	TOP_UNSUPPORTED("virtual_server_group"),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Entry points ------------------------------------------------------------ */

/* For the parser, which reads no file: keepalived looks its script user up as it reads. */
static bool
kconf_user_exists(const char *user)
{
	return getpwnam(user) != NULL;
}

static struct kconf *
kconf_new(void)
{
	struct kconf *conf = calloc(1, sizeof(*conf));
	struct utsname u;

	if (conf == NULL)
		return NULL;
	/* keepalived's default router_id is the host name. */
	if (uname(&u) == 0)
		snprintf(conf->router_id, sizeof(conf->router_id), "%s", u.nodename);
	vrrp_global_conf_defaults(&conf->vrrp.global);
	conf->globals.min_auto_priority_delay_us = GLOBALS_AUTO_PRIO_DELAY_US;
	/* Route table, protocol... names: the parser reaches the iproute2 files through this. */
	vrrp_route_name_lookup = vrrp_route_names_read;
	vrrp_conf_user_exists = kconf_user_exists;
	conf->check = check_conf_new();
	if (conf->check == NULL) {
		free(conf);
		return NULL;
	}
	return conf;
}

/*
 * The checks that need the whole file run only when the reader found no
 * error: an invalid value would otherwise come back as a missing one.
 */
/* static_ipaddress lines without dev: on default_interface (eth0 unless set). */
static void
kconf_default_interface(struct kconf *conf)
{
	struct vrrp_routes_conf *st = conf->vrrp.statics;
	const char *dev = conf->default_interface[0] != '\0' ? conf->default_interface : "eth0";

	for (size_t i = 0; st != NULL && i < st->naddrs; i++)
		if (st->addrs[i].dev[0] == '\0')
			snprintf(st->addrs[i].dev, sizeof(st->addrs[i].dev), "%s", dev);
	/* The (e)VIPs without dev of an instance without interface: there too, as keepalived. */
	for (struct vrrp_instance_conf *vi = conf->vrrp.instances; vi != NULL; vi = vi->next) {
		if (vi->ifname[0] != '\0')
			continue;
		for (size_t i = 0; i < vi->nvips + vi->nevips; i++) {
			struct vrrp_vip *v = i < vi->nvips ? &vi->vips[i] :
							     &vi->evips[i - vi->nvips];

			if (v->dev[0] == '\0')
				snprintf(v->dev, sizeof(v->dev), "%s", dev);
		}
	}
}

/*
 * lvs_sync_daemon_interface IFNAME in a vrrp_instance: keepalived's older
 * form of global_defs lvs_sync_daemon IFNAME INSTANCE; the first one given
 * counts.
 */
static void
kconf_lvs_sync_interface(struct kconf *conf)
{
	struct check_conf *c = conf->check;

	for (const struct vrrp_instance_conf *vi = conf->vrrp.instances; vi != NULL;
	     vi = vi->next) {
		if (vi->iface.lvs_sync_if[0] == '\0')
			continue;
		if (c->sync_given) {
			log_warnx("%s:%d: (%s) lvs_sync_daemon_interface has already been "
				  "specified as %s - ignoring",
				  vi->file, vi->iface.lvs_sync_line, vi->name, c->sync_iface);
			continue;
		}
		snprintf(c->sync_iface, sizeof(c->sync_iface), "%s", vi->iface.lvs_sync_if);
		snprintf(c->sync_instance, sizeof(c->sync_instance), "%s", vi->name);
		c->sync_id = 0;
		c->sync_given = true;
	}
}

static int
kconf_complete(struct kconf *conf, int errors, struct kconf **out)
{
	struct vrrp_instance_conf *vi;

	if (errors == 0)
		errors = vrrp_conf_finish(&conf->vrrp);
	kconf_default_interface(conf);
	/* Transport (vrrp_conf_unicast.c): needs each instance's family and version. */
	for (vi = conf->vrrp.instances; errors == 0 && vi != NULL; vi = vi->next)
		errors += vrrp_unicast_conf_finish(vi, conf->vrrp.unicast);
	errors += errors == 0 ? vrrp_nft_conf_finish(&conf->vrrp) : 0; /* vrrp_conf_nft.c */
	/* The extensions' own checks (vrrp_conf_vmac.c, vrrp_conf_route.c). */
	if (errors == 0)
		errors = vrrp_vmac_conf_finish(&conf->vrrp) + vrrp_ipvlan_conf_finish(&conf->vrrp) +
			 vrrp_route_conf_finish(&conf->vrrp, conf->vrrp.statics);
	if (errors == 0) {
		kconf_lvs_sync_interface(conf);
		errors = check_conf_complete(conf->check);
	}
	if (errors != 0) {
		kconf_free(conf);
		conf = NULL;
	}
	*out = conf;
	return errors;
}

int
kconf_load(const char *path, const struct cfg_options *opts, struct kconf **out)
{
	struct kconf *conf = kconf_new();

	*out = NULL;
	if (conf == NULL) {
		log_error("%s: out of memory", path);
		return -1;
	}
	return kconf_complete(conf, cfg_read_file(path, top_keywords, conf, opts), out);
}

int
kconf_load_string(const char *name, const char *text, const struct cfg_options *opts,
		  struct kconf **out)
{
	struct kconf *conf = kconf_new();

	*out = NULL;
	if (conf == NULL) {
		log_error("%s: out of memory", name);
		return -1;
	}
	return kconf_complete(conf, cfg_read_string(name, text, top_keywords, conf, opts), out);
}

void
kconf_free(struct kconf *conf)
{
	struct vrrp_instance_conf *vi;

	if (conf == NULL)
		return;
	/* What the extension modules allocated (vrrp_conf_free() leaves it to them). */
	for (vi = conf->vrrp.instances; vi != NULL; vi = vi->next) {
		vrrp_vmac_conf_free(vi->vmac);
		vi->vmac = NULL;
		vrrp_ipvlan_conf_free(vi->ipvlan);
		vi->ipvlan = NULL;
		vrrp_routes_conf_free(vi->routes);
		vi->routes = NULL;
		vrrp_unicast_conf_free(vi->unicast);
		vi->unicast = NULL;
	}
	vrrp_routes_conf_free(conf->vrrp.statics);
	conf->vrrp.statics = NULL;
	vrrp_conf_free(&conf->vrrp);
	check_conf_free(conf->check);
	free(conf);
}

static void
dump_line(const char *line, void *arg)
{
	log_info("%s", line);
}

void
kconf_dump(const struct kconf *conf)
{
	log_info("global_defs {");
	log_info("    router_id %s", conf->router_id);
	vrrp_global_conf_dump(&conf->vrrp.global, dump_line, NULL);
	vrrp_conf_track_dump_global(&conf->vrrp, dump_line, NULL);
	vrrp_unicast_global_dump(conf->vrrp.unicast, dump_line, NULL);
	globals_conf_dump(&conf->globals, &conf->vrrp.tuning, dump_line, NULL);
	if (conf->vrrp.iface.dynamic)
		log_info("    dynamic_interfaces%s",
			 conf->vrrp.iface.allow_if_changes ? " allow_if_changes" : "");
	log_info("}");
	vrrp_iface_delays_dump(&conf->vrrp.iface, dump_line, NULL);
	vrrp_conf_dump(&conf->vrrp, dump_line, NULL);
	check_conf_dump(conf->check, dump_line, NULL);
}

struct check_conf *
check_conf_of(void *top_obj)
{
	struct kconf *conf = top_obj;

	return conf->check;
}
