/*
 * The interface keywords (conf layer, no system calls): how an instance
 * uses its interface, and the global_defs line that lets an interface be
 * missing at start-up.
 *
 * global_defs: dynamic_interfaces [allow_if_changes].
 * vrrp_instance: dont_track_primary, track_src_ip, promote_secondaries,
 * kernel_rx_buf_size SIZE, native_ipv6, linkbeat_use_polling, debug LEVEL,
 * lvs_sync_daemon_interface IFNAME (the checker's lvs_sync_daemon, which
 * core/conf.c sets from it).
 *
 * What each does at run time is the run layer's (vrrp_iface.c, the
 * instance and its socket); this module only records the settings.
 */
#ifndef VRRP_CONF_IFACE_H
#define VRRP_CONF_IFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"

struct vrrp_conf;
struct vrrp_instance_conf;

/* interface_up_down_delays: one line, IFNAME DOWN [UP] (seconds, microsecond resolution). */
struct vrrp_iface_delay {
	char ifname[16];
	uint32_t down_us, up_us;
};

#define VRRP_IFACE_DELAYS_MAX 64

/* linkbeat_interfaces { IFNAME [MII|ETHTOOL|IOCTL] }: how the link is polled. */
enum vrrp_linkbeat_type {
	VRRP_LINKBEAT_AUTO, /* the first that works of MII, ETHTOOL, IOCTL */
	VRRP_LINKBEAT_MII,
	VRRP_LINKBEAT_ETHTOOL,
	VRRP_LINKBEAT_IOCTL,
};

struct vrrp_linkbeat_if {
	char ifname[16];
	uint8_t type; /* enum vrrp_linkbeat_type */
};

#define VRRP_LINKBEAT_MAX 64
#define VRRP_IFACE_DELAY_MAX_US 255000000u

/* global_defs and top-level blocks; zeroed = keepalived's defaults. */
struct vrrp_iface_conf {
	/* dynamic_interfaces: an instance's missing interface is waited for, in FAULT. */
	bool dynamic;
	bool allow_if_changes; /* accepted: ours follows an interface by name anyway */
	/* interface_up_down_delays { ... }: at most VRRP_IFACE_DELAYS_MAX interfaces. */
	struct vrrp_iface_delay delays[VRRP_IFACE_DELAYS_MAX];
	size_t ndelays;
	/* linkbeat_interfaces { ... } (vrrp_conf_linkbeat.c); at most VRRP_LINKBEAT_MAX. */
	struct vrrp_linkbeat_if linkbeat[VRRP_LINKBEAT_MAX];
	size_t nlinkbeat;
	bool linkbeat_all; /* top-level linkbeat_use_polling: every instance's interface */
};

/* vrrp_instance; zeroed = nothing given. */
struct vrrp_iface_instance_conf {
	int if_line;              /* line of the `interface` keyword, for messages */
	bool dont_track_primary;  /* the interface's link and address do not fault it */
	bool track_src_ip;        /* FAULT while unicast_src_ip is not on the host */
	bool promote_secondaries; /* set the interface's promote_secondaries sysctl */
	uint32_t rx_buf_size;     /* kernel_rx_buf_size: SO_RCVBUF of its socket; 0 = default */
	bool native_ipv6;         /* the instance is IPv6 whatever its addresses */
	bool linkbeat_polling;    /* linkbeat_use_polling: its interface's link is polled */
	uint8_t debug;            /* debug LEVEL: 0..4, no effect (nor in keepalived) */
	/* lvs_sync_daemon_interface IFNAME: global_defs lvs_sync_daemon IFNAME <this instance> */
	char lvs_sync_if[16];
	int lvs_sync_line;
	/* vrf VRF_IF: an instance without interface runs in that VRF (its socket bound to it). */
	char vrf[16];
	int vrf_line;
};

/*
 * One global_defs line of dynamic_interfaces (the core's global_defs table
 * routes it here). 0 or -1.
 */
int vrrp_iface_global_keyword(struct cfg_reader *r, int argc, char *argv[],
			      struct vrrp_iface_conf *ic);
/*
 * One line of the top-level block interface_up_down_delays (object: the
 * struct vrrp_iface_conf). A second line for an interface replaces the first.
 */
int vrrp_iface_delay_item(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* The delays of ifname, or NULL. */
const struct vrrp_iface_delay *vrrp_iface_delay_of(const struct vrrp_iface_conf *ic,
						   const char *ifname);

/* -d: the interface_up_down_delays block, if any. */
void vrrp_iface_delays_dump(const struct vrrp_iface_conf *ic,
			    void (*out)(const char *line, void *arg), void *arg);

/*
 * One line of the top-level block linkbeat_interfaces (object: the struct
 * vrrp_iface_conf), IFNAME [MII|ETHTOOL|IOCTL]: keepalived's warnings for
 * another word, the interface polled the default way then. A second line
 * for an interface replaces the first.
 */
int vrrp_linkbeat_item(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* The polling of ifname as configured (linkbeat_interfaces), or NULL. */
const struct vrrp_linkbeat_if *vrrp_linkbeat_of(const struct vrrp_iface_conf *ic,
						const char *ifname);

/*
 * An instance without `interface` (keepalived allows it with unicast
 * peers, optionally in a VRF): keepalived's checks, once the whole file is
 * read. Errors: no peers ("Unknown interface!"), no unicast_src_ip, an
 * IPv6 link-local one. Cleared with a warning: use_vmac / use_ipvlan, a
 * vrf given with an interface. Returns the number of errors.
 */
int vrrp_iface_conf_finish(struct vrrp_instance_conf *vi);

/* Entries of vrrp_instance (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_iface_instance_keywords[];
/* -d: the instance's lines of these keywords, indented by 4. */
void vrrp_iface_conf_dump(const struct vrrp_iface_instance_conf *ic,
			  void (*out)(const char *line, void *arg), void *arg);

#endif
