/*
 * The VRRP part of the configuration: vrrp_instance blocks as parsed from
 * keepalived.conf, after defaults from global_defs have been applied. The
 * protocol core reads only this; nothing here refers to live interfaces.
 */
#ifndef VRRP_CONF_H
#define VRRP_CONF_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf_lease.h"
#include "keepalived/vrrp/conf/vrrp_conf_iface.h"
#include "keepalived/vrrp/conf/vrrp_conf_nft.h"
#include "keepalived/vrrp/conf/vrrp_tuning.h"

/* Tracking, notification and sync groups: vrrp_conf_track.h. */
struct vrrp_track_conf;
struct vrrp_track_set_conf;

#define VRRP_NAME_MAX 64
#define VRRP_AUTH_PASS_LEN 8
#define VRRP_PRIO_OWNER 255
#define VRRP_PRIO_DEFAULT 100
/* What an e-mail keyword's warning says instead (e-mail is out of scope). */
#define VRRP_CONF_NO_EMAIL \
	"e-mail alerts are not sent by this daemon; use notify scripts (notify_master...) instead"
#define VRRP_PRIO_STOP 0
#define VRRP_ADVER_INT_DEFAULT_CS 100
#define VRRP_V3_ADVER_INT_MAX_CS 4095
#define VRRP_DOWN_TIMER_ADVERTS_DEFAULT 3
#define VRRP_LATE_ADVERT_WARN_DEFAULT 50 /* late_advert_warn: percent (vrrp_late.h) */

struct vrrp_unicast_conf;
struct vrrp_vmac_conf;
struct vrrp_ipvlan_conf;
struct vrrp_garp_group_conf;
struct vrrp_routes_conf;
struct bfd_conf;

union vrrp_addr {
	struct in_addr v4;
	struct in6_addr v6;
	uint8_t bytes[16];
};

enum vrrp_auth_type {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,
	VRRP_AUTH_AH = 2,
};

/*
 * One virtual_ipaddress line. Every instance has at least one, so the
 * small fields are bytes and bits: 84 bytes, which glibc serves from a
 * 96-byte chunk (a 96-byte struct took 112).
 */
struct vrrp_vip {
	uint8_t family;    /* AF_INET or AF_INET6 */
	uint8_t prefixlen; /* default 32 / 128 */
	uint8_t scope;     /* RT_SCOPE_* (0..255, as the kernel's), default RT_SCOPE_UNIVERSE */
	bool has_brd : 1;
	bool nodad : 1;
	bool no_track : 1; /* a deletion by someone else is left alone */
	bool use_vmac : 1; /* use_vmac on the address: a VMAC on dev for it (vrrp_vmac_conf.h) */
	bool has_peer : 1; /* peer ADDRESS: the other end, installed as IFA_ADDRESS */
	bool has_pref_lft : 1; /* preferred_lft given (acted on for IPv6 only, as keepalived) */
	union vrrp_addr addr;
	struct in_addr brd;
	char dev[IF_NAMESIZE];   /* empty: the instance's interface */
	char label[IF_NAMESIZE]; /* empty: none */
	uint32_t lease_s;        /* kernel lifetime in seconds, 0 = permanent (vrrp_conf_lease.h) */
	union vrrp_addr peer;
	uint32_t pref_lft;  /* seconds, UINT32_MAX = forever */
	uint32_t ifa_flags; /* home, mngtmpaddr, noprefixroute, autojoin: IFA_F_* */
};

/*
 * The preferred lifetime an address is installed with (seconds, UINT32_MAX
 * = forever): for IPv6 its preferred_lft, else 0 (deprecated) for a /128,
 * as keepalived does, else forever; IPv4 addresses are always forever.
 */
uint32_t vrrp_vip_pref_lft(const struct vrrp_vip *vip);
/* For -d: the options above as written (" peer A preferred_lft N home ... no_track"). */
const char *vrrp_vip_opts_format(const struct vrrp_vip *vip, char *buf, size_t len);

struct vrrp_instance_conf {
	/*
	 * At most VRRP_NAME_MAX - 1 characters. vrrp_instance_open() keeps it
	 * in the instance's own allocation, just past the struct: a name costs
	 * its length, not VRRP_NAME_MAX, and copies of the struct may point to
	 * it while the configuration lives.
	 */
	const char *name;
	char ifname[IF_NAMESIZE];
	int family;      /* AF_INET or AF_INET6, from the VIPs (IPv4 if none) */
	uint8_t vrid;    /* 1..255, required */
	uint8_t version; /* 2 or 3 */
	uint8_t priority;
	bool init_master;      /* state MASTER */
	uint16_t adver_int_cs; /* centiseconds; v2 a multiple of 100 */
	bool nopreempt;
	enum vrrp_auth_type auth_type;
	uint8_t auth_pass[VRRP_AUTH_PASS_LEN]; /* zero padded */
	uint64_t preempt_delay_us;
	struct vrrp_vip *vips;
	size_t nvips;
	/*
	 * virtual_ipaddress_excluded, then (as keepalived does) the addresses
	 * of virtual_ipaddress past the 255 an advert can carry: installed with
	 * the VIPs, never in an advert. Installing them is the run-time's.
	 */
	struct vrrp_vip *evips;
	size_t nevips;
	uint8_t down_timer_adverts;
	/* late_advert_warn: percent of the way from the advert interval to the
	 * Master_Down_Interval past which a master's advert is late; 0: off
	 * (keepalived/vrrp/proto/vrrp_late.h). */
	uint8_t late_advert_warn;
	bool v3_checksum_as_v2;
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	/* skip_check_adv_addr: adverts from the Master last heard are not compared with VIPs. */
	bool skip_check_adv_addr;
	bool garp_extra_if_all; /* garp_extra_if all (below) */
	/*
	 * Parser bookkeeping read by vrrp_conf_finish(): which settings that
	 * default from global_defs or from other settings the block gave itself.
	 * One byte, in what would otherwise be a hole: with it the struct is 288
	 * bytes, and a name of up to 7 characters fits the same malloc chunk.
	 */
	struct {
		bool state : 1;
		bool lower_prio_no_advert : 1;
		bool higher_prio_send_advert : 1;
		bool v3_checksum_as_v2 : 1;
		bool skip_check_adv_addr : 1;
		bool garp_lower_prio_delay : 1;
		bool garp_lower_prio_repeat : 1;
		bool garp_extra_if : 1;
	} given;

	/* Gratuitous ARP / unsolicited NA on becoming master. */
	uint64_t garp_master_delay_us;
	uint32_t garp_master_repeat;
	uint32_t garp_master_refresh_repeat;
	uint64_t garp_master_refresh_us; /* 0: no refresh */
	uint64_t garp_interval_us;
	uint64_t gna_interval_us;
	/*
	 * After a lower-priority advert while Master (vrrp_conf_garp.c): a burst
	 * of garp_lower_prio_repeat rounds (0: none), another after the delay
	 * (0: none). Defaults: the vrrp_garp_lower_prio_* of global_defs, else
	 * its vrrp_garp_master_*.
	 */
	uint64_t garp_lower_prio_delay_us;
	uint32_t garp_lower_prio_repeat;
	/* garp_extra_if [all] SECS (alias vmac_garp_intvl): 0 off (vrrp_garp_sched.h). */
	uint32_t garp_extra_if_s;

	/* track_* and notify* keywords (vrrp_conf_track.h); NULL if none. */
	struct vrrp_track_set_conf *track;

	/* Where the block started, for messages (file: interned, never freed; line: at the end). */
	const char *file;

	struct vrrp_instance_conf *next;

	/* Extensions parsed and owned by their own modules (NULL: not used). */
	struct vrrp_unicast_conf *unicast; /* unicast_* (vrrp_conf_unicast.c) */
	struct vrrp_vmac_conf *vmac;       /* use_vmac (vrrp_vmac.c) */
	struct vrrp_ipvlan_conf *ipvlan;   /* use_ipvlan (vrrp_conf_ipvlan.c) */
	struct vrrp_routes_conf *routes;   /* virtual_routes/rules (vrrp_route.c) */
	struct vrrp_nft_instance_conf nft; /* accept, no_accept, strict_mode (vrrp_conf_nft.c) */
	struct vrrp_lease_conf lease;      /* vip_lease (vrrp_conf_lease.c) */
	struct vrrp_iface_instance_conf iface; /* dont_track_primary... (vrrp_conf_iface.c) */

	int line; /* of file (here, where it leaves no hole) */
};

/* VRRP defaults that global_defs can set; UNSET values take the built-in ones. */
struct vrrp_global_conf {
	uint8_t version; /* vrrp_version; 0 = unset (2 for IPv4, 3 for IPv6) */
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	bool skip_check_adv_addr; /* vrrp_skip_check_adv_addr */
	bool v3_checksum_as_v2;   /* no keyword sets it: keepalived has only the per-instance one */
	uint64_t garp_master_delay_us;
	uint32_t garp_master_repeat;
	uint64_t garp_master_refresh_us;
	uint32_t garp_master_refresh_repeat;
	uint64_t garp_interval_us; /* vrrp_garp_interval, vrrp_gna_interval: per interface */
	uint64_t gna_interval_us;
	uint8_t down_timer_adverts;
	uint8_t late_advert_warn; /* vrrp_late_advert_warn */
	/* vrrp_garp_lower_prio_*, vrrp_garp_extra_if, vrrp_startup_delay (vrrp_conf_garp.c). */
	bool garp_lower_prio_delay_set, garp_lower_prio_repeat_set;
	uint64_t garp_lower_prio_delay_us;
	uint32_t garp_lower_prio_repeat;
	uint32_t garp_extra_if_s;
	bool garp_extra_if_all;
	uint64_t startup_delay_us;
	/* vmac_prefix: VMACs without a name are PREFIX.VRID (vrrp_conf_vmac.c); empty: vrrp */
	char vmac_prefix[16];
	char vmac_addr_prefix[16]; /* use_vmac_addr's VMACs (vrrp_conf_vmac.c); empty: the above */
	struct vrrp_lease_conf lease; /* vrrp_vip_lease (vrrp_conf_lease.c) */
};

struct vrrp_conf {
	struct vrrp_global_conf global;
	struct vrrp_instance_conf *instances; /* a list in file order (next) */
	size_t ninstances;
	/* Scripts, tracked files and processes, sync groups, notify FIFOs
	 * (vrrp_conf_track.h); NULL if the file uses none of them. */
	struct vrrp_track_conf *track;
	/* static_ipaddress, static_routes, static_rules (vrrp_route_conf.h); NULL if none. */
	struct vrrp_routes_conf *statics;
	/* vrrp_mcast_group4/6, vrrp_check_unicast_src (vrrp_unicast.h); NULL: defaults. */
	struct vrrp_unicast_global *unicast;
	/* vrrp_strict, nftables*, vrrp_iptables (vrrp_conf_nft.h). */
	struct vrrp_nft_conf nft;
	/* garp_group blocks in file order (vrrp_conf_garp.h); NULL if none. */
	struct vrrp_garp_group_conf *garp_groups;
	/* bfd_instance blocks (bfd_conf.h); NULL if none. */
	struct bfd_conf *bfd;
	/* Socket buffers, log_unknown_vrids... (vrrp_tuning.h, read by core/conf_globals.c). */
	struct vrrp_tuning_conf tuning;
	/* dynamic_interfaces, interface_up_down_delays (vrrp_conf_iface.h). */
	struct vrrp_iface_conf iface;
	/* While parsing: instances by name and the list's tail (vrrp_conf_inst.c); NULL after. */
	struct vrrp_conf_names *names;
};

/* Built-in defaults for global VRRP settings (as keepalived 2.2.7). */
void vrrp_global_conf_defaults(struct vrrp_global_conf *g);

/*
 * One global_defs line that sets a VRRP default (vrrp_version,
 * vrrp_garp_master_delay, vrrp_min_garp, ...): the core/conf.c table routes
 * them here. Returns 0, or -1 after reporting the error with cfg_error().
 */
int vrrp_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_global_conf *g);

/* Keywords inside a vrrp_instance block (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_instance_keywords[];
/* Open handler for `vrrp_instance NAME {`, parent is struct vrrp_conf *. */
void *vrrp_instance_open(struct cfg_reader *r, int argc, char *argv[], void *parent);
int vrrp_instance_close(struct cfg_reader *r, void *obj);

/*
 * After the whole file has been read: apply global defaults and keepalived's
 * derived settings (no priority + state MASTER: 255; no state + priority 255:
 * MASTER; IPv6: version 3, also over `version 2`, with a warning), and check
 * what only a whole instance or the whole configuration shows (required
 * keywords, settings that exclude each other, duplicate VRID on an interface
 * and family). Errors are logged with the instance's file:line; returns the
 * number of errors.
 */
int vrrp_conf_finish(struct vrrp_conf *conf);
void vrrp_conf_free(struct vrrp_conf *conf);
/* -d: write the instances in keepalived.conf syntax, one line per call of out. */
void vrrp_conf_dump(const struct vrrp_conf *conf, void (*out)(const char *line, void *arg),
		    void *arg);

/* -d: the VRRP lines of global_defs, in keepalived.conf syntax. */
void vrrp_global_conf_dump(const struct vrrp_global_conf *g,
			   void (*out)(const char *line, void *arg), void *arg);

/* Helpers shared with the rest of the daemon. */
const char *vrrp_addr_ntop(int family, const union vrrp_addr *a, char *buf, size_t len);

/*
 * How many of vi->vips (the first ones, in order) an advert carries on an
 * interface of this MTU: what fits after the IP and VRRP headers (and AH or
 * the VRRPv2 password), at most 255. keepalived 2.2.7 moves the rest to the
 * excluded addresses when the instance starts; vrrp_conf_finish() already
 * moved those past 255.
 */
size_t vrrp_conf_advert_naddr(const struct vrrp_instance_conf *vi, unsigned mtu);

#endif
