/*
 * Routes, rules and static addresses, the configuration side (no system
 * calls); the installation is vrrp_route.h, which includes this header.
 *
 * Routes, policy rules and static addresses of keepalived.conf: the lines of
 * virtual_routes and virtual_rules in a vrrp_instance (installed on becoming
 * Master, removed on leaving it) and of the top-level static_ipaddress,
 * static_routes and static_rules blocks (installed at start, never removed).
 *
 * The line syntax is ip-route / ip-rule syntax as keepalived 2.2.7 reads it
 * (keepalived.conf(5)); vrrp_route.c and vrrp_route_rule.c parse it into the
 * structs below, and vrrp_route_nl.c installs or removes a whole block in
 * one netlink batch through libnl-route-3.
 *
 * Route words: [inet|inet6] [TYPE] [to] PREFIX|default, src ADDR,
 * via|gw [inet|inet6] ADDR, or ADDR, from PREFIX (IPv6), dev|oif IF, onlink,
 * table T, protocol P, scope S, metric|priority|preference N, tos|dsfield N,
 * realms [S/]D, mtu|advmss|cwnd|ssthresh|reordering [lock] N, hoplimit N,
 * window N, initcwnd N, initrwnd N, features ecn, quickack 0|1,
 * fastopen_no_cookie 0|1, pref low|medium|high|N, expires N, append,
 * no_track, nexthop via ADDR [dev IF] [weight N] [onlink] [realms R] ...
 * TYPE: unicast local broadcast anycast multicast blackhole unreachable
 * prohibit throw. rtt, rttvar, rto_min, congctl, ttl-propagate, encap
 * mpls|ip|ip6 and "as" (ignored, warned): vrrp_route_opts.c. Not supported
 * (a file:line error): nexthop encap.
 *
 * Rule words: [inet|inet6] [not] from PREFIX|all, to PREFIX|all,
 * table|lookup T, goto N, nop, [type] blackhole|unreachable|prohibit,
 * priority|preference|order N, tos|dsfield N, fwmark N[/M], iif|dev IF,
 * oif IF, realms [S/]D, suppress_prefixlength|sup_pl N,
 * suppress_ifgroup|sup_group G, uidrange A-B, l3mdev, protocol N,
 * ipproto P, sport A[-B], dport A[-B], tunnel-id N, no_track.
 *
 * static_* lines may end in track_group NAME, a track_group block read
 * before the line (vrrp_conf_tgroup.c; unknown: warned and dropped). Names of tables, protocols,
 * scopes, realms and groups are looked up in the iproute2 files under
 * vrrp_route_iproute2_dir, as ip(8) and keepalived do, through
 * vrrp_route_name_lookup: the parser itself reads no file.
 */
#ifndef VRRP_ROUTE_CONF_H
#define VRRP_ROUTE_CONF_H

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

#define VRRP_ROUTE_MAX_NEXTHOPS 16
/* keepalived numbers rules without a preference down from here, in file order. */
#define VRRP_RULE_AUTO_PRIORITY_START 16384

/*
 * encap TYPE ... of a route (lightweight tunnels, RTA_ENCAP): mpls, ip and
 * ip6, the kinds keepalived 2.2.7 reads. Installing it is the kernel layer's.
 */
#define VRRP_ENCAP_MPLS_MAX_LABELS 16
#define VRRP_ENCAP_F_CSUM 0x01 /* iproute2's csum: TUNNEL_CSUM */
#define VRRP_ENCAP_F_KEY 0x04  /* key: TUNNEL_KEY */
#define VRRP_ENCAP_F_SEQ 0x08  /* seq: TUNNEL_SEQ */
enum vrrp_encap_type {
	VRRP_ENCAP_NONE = 0,
	VRRP_ENCAP_MPLS, /* LWTUNNEL_ENCAP_MPLS */
	VRRP_ENCAP_IP,   /* LWTUNNEL_ENCAP_IP */
	VRRP_ENCAP_IP6,  /* LWTUNNEL_ENCAP_IP6 */
};

struct vrrp_route_encap {
	enum vrrp_encap_type type;
	uint32_t labels[VRRP_ENCAP_MPLS_MAX_LABELS]; /* mpls LABEL[/LABEL...], outermost first */
	size_t nlabels;
	bool has_id; /* ip, ip6: id TUNNEL_ID */
	uint64_t id;
	bool has_dst, has_src; /* ip, ip6: dst, src (the encap's family) */
	union vrrp_addr dst, src;
	bool has_tos; /* ip: tos, ip6: tc */
	uint8_t tos;
	bool has_ttl; /* mpls, ip: ttl; ip6: hoplimit */
	uint8_t ttl;
	uint16_t flags; /* ip, ip6: VRRP_ENCAP_F_* (key, csum, seq); the kernel layer maps them */
};

struct vrrp_route_nexthop {
	bool has_gw;
	union vrrp_addr gw;
	char dev[IF_NAMESIZE];
	uint16_t weight; /* 1..256; 0: not given */
	bool onlink;
	uint32_t realms;
};

struct vrrp_route {
	int family;   /* AF_INET or AF_INET6 */
	uint8_t type; /* RTN_*, default RTN_UNICAST */
	union vrrp_addr dst;
	uint8_t dst_len;
	bool has_pref_src; /* src: the preferred source address */
	union vrrp_addr pref_src;
	bool has_from; /* from: IPv6 source prefix */
	union vrrp_addr from;
	uint8_t from_len;
	bool has_via;
	union vrrp_addr via;
	char dev[IF_NAMESIZE]; /* empty: none */
	bool onlink;
	uint32_t table;   /* default RT_TABLE_MAIN */
	uint8_t scope;    /* default RT_SCOPE_UNIVERSE, as keepalived (not ip's link) */
	uint8_t protocol; /* RTPROT_KEEPALIVED unless no_track and protocol given */
	uint8_t tos;
	bool has_metric;
	uint32_t metric;
	uint32_t realms;
	/*
	 * RTAX_* values: bit n of metrics_set says metrics[n] was given, of lock that it is
	 * locked.
	 */
	uint32_t metrics[RTAX_MAX + 1];
	uint32_t metrics_set;
	uint32_t lock;
	bool has_pref; /* IPv6 router preference */
	uint8_t pref;
	bool has_expires; /* IPv6, seconds */
	uint32_t expires;
	bool append; /* after matching routes (ip route append), not before */
	/* congctl [lock] NAME: RTAX_CC_ALGO, a string metric; empty: none. */
	char congctl[16];
	bool congctl_lock;
	/* ttl-propagate enabled|disabled: RTA_TTL_PROPAGATE (MPLS). */
	bool has_ttl_propagate;
	bool ttl_propagate;
	struct vrrp_route_encap encap;
	bool no_track;
	char track_group[VRRP_NAME_MAX]; /* static only; empty: none */
	struct vrrp_route_nexthop nh[VRRP_ROUTE_MAX_NEXTHOPS];
	size_t nnh; /* 0: a single path (via/dev above) */
};

struct vrrp_rule {
	int family;
	bool invert; /* not */
	bool has_from;
	union vrrp_addr from;
	uint8_t from_len;
	bool has_to;
	union vrrp_addr to;
	uint8_t to_len;
	uint8_t action; /* FR_ACT_TO_TBL, _GOTO, _NOP, _BLACKHOLE, _UNREACHABLE, _PROHIBIT */
	uint32_t table; /* FR_ACT_TO_TBL; 0 with l3mdev */
	uint32_t goto_target;
	bool has_priority;
	bool auto_priority; /* none given: vrrp_route_conf_finish() numbers it */
	uint32_t priority;
	uint8_t tos;
	bool has_fwmark, has_fwmask;
	uint32_t fwmark, fwmask;
	char iif[IF_NAMESIZE];
	char oif[IF_NAMESIZE];
	int32_t suppress_prefixlen; /* -1: not given */
	bool has_suppress_ifgroup;
	uint32_t suppress_ifgroup;
	uint32_t realms;
	bool has_uidrange;
	uint32_t uid_start, uid_end;
	bool has_ipproto;
	uint8_t ipproto;
	bool has_sport, has_dport;
	uint16_t sport[2], dport[2]; /* start, end */
	bool has_tun_id;
	uint64_t tun_id;
	bool l3mdev;
	bool has_protocol;
	uint8_t protocol; /* RTPROT_KEEPALIVED unless no_track */
	bool no_track;
	char track_group[VRRP_NAME_MAX]; /* static only; empty: none */
	uint64_t seq;                    /* order of parsing, for automatic priorities */
};

/* track_group NAME { group { VI_1 VI_2 } } (vrrp_conf_tgroup.c). */
struct vrrp_track_group {
	char name[VRRP_NAME_MAX];
	char (*insts)[VRRP_NAME_MAX]; /* instance names, as written */
	size_t ninsts;
};

/* What one vrrp_instance (vi->routes) or the static_* blocks hold. */
struct vrrp_routes_conf {
	struct vrrp_vip *addrs; /* static_ipaddress only */
	size_t naddrs;
	/* static_ipaddress: addr_tgroup[i] names addrs[i]'s track_group (empty: none). */
	char (*addr_tgroup)[VRRP_NAME_MAX];
	/* The track_group blocks (statics only). */
	struct vrrp_track_group *groups;
	size_t ngroups;
	struct vrrp_route *routes;
	size_t nroutes;
	struct vrrp_rule *rules;
	size_t nrules;
};

/* Where the iproute2 name files are (rt_tables, rt_protos, ...); tests change it. */
extern const char *vrrp_route_iproute2_dir;
/*
 * Look name up in the iproute2 name file `file` ("rt_tables"...) under dir:
 * true with *out set if found. vrrp_route_name_lookup is the parser's way
 * to the files, set by the program that reads configurations (to
 * vrrp_route_names_read); NULL: numbers and built-in names only.
 */
typedef bool (*vrrp_route_name_fn)(const char *dir, const char *file, const char *name,
				   uint64_t *out);
extern vrrp_route_name_fn vrrp_route_name_lookup;

/*
 * Parse one line (argv[0..argc-1]) into *out. who names the block in
 * messages, e.g. "(VI_1) virtual_routes" or "static_routes"; is_static
 * allows track_group. Returns 0, or -1 after a file:line error.
 */
int vrrp_route_parse(struct cfg_reader *r, const char *who, int argc, char *argv[], bool is_static,
		     struct vrrp_route *out);
int vrrp_rule_parse(struct cfg_reader *r, const char *who, int argc, char *argv[], bool is_static,
		    struct vrrp_rule *out);

/* Append to rc (grown as needed). 0, or -1 when out of memory. */
int vrrp_routes_conf_add_route(struct vrrp_routes_conf *rc, const struct vrrp_route *rt);
int vrrp_routes_conf_add_rule(struct vrrp_routes_conf *rc, const struct vrrp_rule *ru);
int vrrp_routes_conf_add_addr(struct vrrp_routes_conf *rc, const struct vrrp_vip *vip);
/* Free rc (allocated with calloc) and its arrays; NULL is fine. */
void vrrp_routes_conf_free(struct vrrp_routes_conf *rc);

/*
 * After the whole file: give the rules that have no priority theirs, in
 * file order, counting down from VRRP_RULE_AUTO_PRIORITY_START per family
 * as keepalived does. statics may be NULL. Returns the number of errors (0).
 */
int vrrp_route_conf_finish(struct vrrp_conf *conf, struct vrrp_routes_conf *statics);

/* One line in keepalived.conf syntax (for -d and log lines). Returns buf. */
const char *vrrp_route_format(const struct vrrp_route *rt, char *buf, size_t len);
const char *vrrp_rule_format(const struct vrrp_rule *ru, char *buf, size_t len);
/* -d: the lines of rc's blocks, indented by indent spaces. */
void vrrp_routes_conf_dump(const struct vrrp_routes_conf *rc, bool is_static, int indent,
			   void (*out)(const char *line, void *arg), void *arg);

/* Keyword tables (vrrp_conf_route.c) ---------------------------------------- */

/*
 * virtual_routes { } and virtual_rules { } inside vrrp_instance (obj: struct vrrp_instance_conf
 * *).
 */
extern const struct cfg_keyword vrrp_route_instance_keywords[];
/*
 * static_ipaddress, static_routes, static_rules at the top level, for a
 * table whose object is a struct vrrp_conf: they go to its statics, which
 * the first static block allocates.
 */
extern const struct cfg_keyword vrrp_route_top_keywords[];
/*
 * The same entries for a top level whose object holds the struct vrrp_conf
 * (keepalived/core/conf.c): open_fn finds the struct vrrp_conf in its parent
 * and returns vrrp_route_static_open() on it.
 */
#define VRRP_ROUTE_TOP_KEYWORDS(open_fn)                                                        \
	{ "static_ipaddress", NULL, (open_fn), NULL, vrrp_route_static_addr_item, NULL },       \
		{ "static_routes", NULL, (open_fn), NULL, vrrp_route_static_route_item, NULL }, \
	{                                                                                       \
		"static_rules", NULL, (open_fn), NULL, vrrp_route_static_rule_item, NULL        \
	}
/*
 * track_group NAME { group { VI... } } at the top level (vrrp_conf_tgroup.c):
 * open_fn finds the struct vrrp_conf and returns vrrp_tgroup_open() on it.
 */
#define VRRP_TGROUP_TOP_KEYWORD(open_fn)                                         \
	{                                                                        \
		"track_group", NULL, (open_fn), vrrp_tgroup_keywords, NULL, NULL \
	}
extern const struct cfg_keyword vrrp_tgroup_keywords[];
void *vrrp_tgroup_open(struct cfg_reader *r, int argc, char *argv[], void *parent);
/* The group called name, or NULL (rc may be NULL). */
const struct vrrp_track_group *vrrp_tgroup_find(const struct vrrp_routes_conf *rc,
						const char *name);
/* A static line's track_group name: unknown ones are warned about and emptied. */
void vrrp_tgroup_resolve(struct cfg_reader *r, const struct vrrp_routes_conf *rc, char *name);
/* From vrrp_route_conf_finish(): group instances track the static entries' interfaces. */
int vrrp_tgroup_finish(struct vrrp_conf *conf, struct vrrp_routes_conf *statics);
/* A static block opens (parent: struct vrrp_conf *): returns its struct vrrp_routes_conf. */
void *vrrp_route_static_open(struct cfg_reader *r, int argc, char *argv[], void *parent);
/* One line of each static block (obj: struct vrrp_routes_conf *). */
int vrrp_route_static_addr_item(struct cfg_reader *r, int argc, char *argv[], void *obj);
int vrrp_route_static_route_item(struct cfg_reader *r, int argc, char *argv[], void *obj);
int vrrp_route_static_rule_item(struct cfg_reader *r, int argc, char *argv[], void *obj);

#endif
