/*
 * Transport and addressing of an instance: unicast peers instead of the
 * multicast group, the source address, the group itself (mcast_dst_ip,
 * vrrp_mcast_group4/6), the unicast TTL and the receive checks keepalived
 * 2.2.7 applies to unicast adverts.
 *
 * Configuration (vrrp_conf_unicast.c): in a vrrp_instance, unicast_src_ip,
 * mcast_src_ip, unicast_peer { ADDR [min_ttl N] [max_ttl N] ... },
 * unicast_ttl, check_unicast_src, unicast_fault_no_peer, mcast_dst_ip and
 * old_unicast_checksum [never], into struct vrrp_unicast_conf (vi->unicast,
 * allocated by the first of them); in global_defs, vrrp_mcast_group4,
 * vrrp_mcast_group6 and vrrp_check_unicast_src into struct
 * vrrp_unicast_global. A NULL vi->unicast or global means all defaults.
 *
 * Policy (the rest of this header): pure functions of the configuration
 * and of what the I/O layer knows about a packet. No syscalls, no
 * allocation, no logging.
 *
 * What keepalived 2.2.7 does on the wire, and what is copied here:
 *  - with peers, one advert per peer per interval, to the peer's address;
 *    a VRRPv3 IPv4 checksum covers a pseudo-header naming that peer, so
 *    the adverts to two peers differ in their checksums only;
 *  - IPv4 unicast adverts leave with TTL 255 unless unicast_ttl is given;
 *    IPv6 ones with the interface's default hop limit (64), since
 *    keepalived sets only the multicast hop limit;
 *  - the source is unicast_src_ip / mcast_src_ip, else the interface's
 *    primary IPv4 or link-local IPv6 address, as for multicast;
 *  - received: an instance with peers takes only unicast adverts and one
 *    without only multicast ones (keepalived's sockets never even see the
 *    others); the TTL must be 255 only without peers; with
 *    check_unicast_src (or vrrp_check_unicast_src, or a peer's min_ttl or
 *    max_ttl) the source must be a peer and the TTL within that peer's
 *    range;
 *  - keepalived <= 1.3.6 put the multicast group into the unicast
 *    pseudo-header. 2.2.7 accepts that form once and then sends and
 *    accepts only it ("Setting unicast VRRPv3 checksum to old version"),
 *    unless old_unicast_checksum never; old_unicast_checksum alone selects
 *    it from the start. Sending the old form to a 2.2.7 peer therefore
 *    switches that peer over for good: the default here sends the new form.
 */
#ifndef VRRP_UNICAST_H
#define VRRP_UNICAST_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define VRRP_UNICAST_TTL_UNSET (-1)
/* The hop limit the kernel picks (the interface's), for IPv6 unicast. */
#define VRRP_UNICAST_TTL_KERNEL (-1)

/* One unicast_peer line. */
struct vrrp_unicast_peer {
	int family; /* AF_INET or AF_INET6 */
	union vrrp_addr addr;
	uint8_t min_ttl; /* 0 unless given */
	uint8_t max_ttl; /* 255 unless given */
	int line;        /* where it was given, for the checks after reading */
	char *file;
};

/* old_unicast_checksum: which IPv4 VRRPv3 unicast pseudo-header to use. */
enum vrrp_unicast_old_csum {
	VRRP_UNICAST_CSUM_DETECT = 0, /* the peer's address; switch on meeting the old form */
	VRRP_UNICAST_CSUM_NEVER,      /* `old_unicast_checksum never`: never switch */
	VRRP_UNICAST_CSUM_OLD,        /* `old_unicast_checksum`: the group, from the start */
};

struct vrrp_unicast_conf {
	/* unicast_src_ip or mcast_src_ip (one setting in keepalived: the last wins). */
	bool has_src;
	bool src_unicast_kw; /* given as unicast_src_ip */
	int src_family;
	union vrrp_addr src;
	int src_line;
	char *src_file;

	/* mcast_dst_ip: the group of this instance instead of the global one. */
	bool has_mcast_dst;
	int mcast_dst_family;
	union vrrp_addr mcast_dst;
	int mcast_dst_line;
	char *mcast_dst_file;

	struct vrrp_unicast_peer *peers; /* in file order, without duplicates */
	size_t npeers;

	int ttl;            /* unicast_ttl 0..255, or VRRP_UNICAST_TTL_UNSET */
	bool check_src;     /* check_unicast_src, or a peer gave min_ttl/max_ttl */
	bool fault_no_peer; /* unicast_fault_no_peer */
	bool unicast_kw;    /* a keyword that asks for unicast was given */
	enum vrrp_unicast_old_csum old_csum;
};

/* global_defs: the groups and vrrp_check_unicast_src. */
struct vrrp_unicast_global {
	struct in_addr group4;  /* vrrp_mcast_group4, default 224.0.0.18 */
	struct in6_addr group6; /* vrrp_mcast_group6, default ff02::12 */
	bool check_unicast_src; /* vrrp_check_unicast_src */
};

/* Configuration (vrrp_conf_unicast.c) --------------------------------------- */

/* The vrrp_instance keywords above (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_unicast_instance_keywords[];

void vrrp_unicast_global_defaults(struct vrrp_unicast_global *g);
/*
 * One global_defs line: vrrp_mcast_group4, vrrp_mcast_group6 or
 * vrrp_check_unicast_src. *gp is allocated, with the defaults, by the first
 * line that needs it. Returns 0, or -1 after cfg_error().
 */
int vrrp_unicast_global_keyword(struct cfg_reader *r, int argc, char *argv[],
				struct vrrp_unicast_global **gp);
void vrrp_unicast_global_free(struct vrrp_unicast_global *g); /* NULL is fine */
/* -d: the global_defs lines, indented by 4 (g NULL: the defaults). */
void vrrp_unicast_global_dump(const struct vrrp_unicast_global *g,
			      void (*out)(const char *line, void *arg), void *arg);

/*
 * After vrrp_conf_finish() has settled vi's family and version: the checks
 * that need the whole instance. Errors: a peer, source or mcast_dst_ip of
 * the other family. Warnings, as keepalived 2.2.7 runs on (its -t calls
 * them errors): a unicast keyword without peers (multicast is used, unless
 * unicast_fault_no_peer), unicast_ttl without peers, mcast_dst_ip with
 * peers, a peer that is the instance's own source. The ignored settings
 * are cleared, so that -d shows what runs. Messages name the file and line
 * of the setting. Returns the number of errors.
 */
int vrrp_unicast_conf_finish(struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g);
void vrrp_unicast_conf_free(struct vrrp_unicast_conf *uc); /* NULL is fine */
/* -d: the instance's lines, indented by 4; nothing for NULL. */
void vrrp_unicast_conf_dump(const struct vrrp_unicast_conf *uc,
			    void (*out)(const char *line, void *arg), void *arg);

/* Sending (vrrp_unicast.c) ---------------------------------------------------- */

/* Whether vi sends to peers (at least one peer) rather than to a group. */
bool vrrp_unicast_active(const struct vrrp_instance_conf *vi);
/*
 * unicast_fault_no_peer without peers: the instance stays in Fault.
 * keepalived logs "(VI_1) Cannot use unicast without any peers - going to
 * fault state".
 */
bool vrrp_unicast_fault_no_peer(const struct vrrp_instance_conf *vi);
/* The multicast group of vi: mcast_dst_ip, else vrrp_mcast_group4/6. */
void vrrp_unicast_group(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
			union vrrp_addr *group);
/* Adverts per interval: one per peer, or one to the group. */
size_t vrrp_unicast_ndests(const struct vrrp_instance_conf *vi);
/*
 * The destination of the i-th advert (i < vrrp_unicast_ndests()), and in
 * *csum_dst the address the VRRPv3 pseudo-header must name for it: the
 * same, or the group when old_csum is set (old_unicast_checksum, or the
 * switch made on receiving an old-form advert). Pass csum_dst as the dst
 * of vrrp_pkt_build(); csum_dst may be NULL.
 */
void vrrp_unicast_dest(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
		       size_t i, bool old_csum, union vrrp_addr *dst, union vrrp_addr *csum_dst);
/*
 * The source address: unicast_src_ip / mcast_src_ip, else if_addr (the
 * interface's primary IPv4 or link-local IPv6 address; NULL if it has
 * none). Returns 0, or -1 when there is neither.
 */
int vrrp_unicast_src(const struct vrrp_instance_conf *vi, const union vrrp_addr *if_addr,
		     union vrrp_addr *src);
/*
 * TTL / hop limit for vi's adverts: 255 to a group; to peers unicast_ttl,
 * else 255 (IPv4) or VRRP_UNICAST_TTL_KERNEL (IPv6, keepalived's 64 from
 * the kernel). Linux refuses an IP_TTL control message of 0, so an IPv4
 * unicast_ttl 0 gives 1 (vrrp_unicast_conf_finish() warns).
 */
int vrrp_unicast_tx_ttl(const struct vrrp_instance_conf *vi);
/*
 * Point an advert built by vrrp_pkt_build() for pseudo-header destination
 * from at pseudo-header destination to instead: the checksum is updated in
 * place (RFC 1624), the rest is unchanged. With it one prebuilt advert
 * serves every peer: retarget, send, next peer. Nothing to do (and nothing
 * done) without a pseudo-header: VRRPv2, or IPv4 with v3_checksum_as_v2.
 */
void vrrp_unicast_tx_retarget(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *vi,
			      const union vrrp_addr *from, const union vrrp_addr *to);
/* Whether old_unicast_checksum asks for the old form from the start. */
bool vrrp_unicast_old_csum_configured(const struct vrrp_instance_conf *vi);

/* Receiving (vrrp_unicast.c) -------------------------------------------------- */

/* Why vrrp_unicast_rx_check() drops a packet; each deserves a counter. */
enum vrrp_unicast_drop {
	VRRP_UC_DROP_NONE = 0,
	VRRP_UC_DROP_TTL,           /* no peers: TTL / hop limit != 255 */
	VRRP_UC_DROP_NOT_UNICAST,   /* we have peers: the advert went to a group */
	VRRP_UC_DROP_NOT_MULTICAST, /* we have no peers: the advert was unicast */
	VRRP_UC_DROP_GROUP,         /* multicast to another group than ours */
	VRRP_UC_DROP_NOT_PEER,      /* check_unicast_src: the source is no peer */
	VRRP_UC_DROP_PEER_TTL,      /* TTL / hop limit outside the peer's range */
	VRRP_UC_DROP_COUNT_
};

/* Stable snake_case name for logs, stats and metrics ("not_peer"...). */
const char *vrrp_unicast_drop_name(enum vrrp_unicast_drop reason);

/*
 * The transport checks of an advert the VRID matched to vi, after
 * vrrp_pkt_decode() and before vrrp_pkt_check(). meta->dst decides unicast
 * or multicast (by the address, not meta->multicast, which knows only the
 * default groups); meta->ttl -1 skips the TTL checks.
 */
enum vrrp_unicast_drop vrrp_unicast_rx_check(const struct vrrp_instance_conf *vi,
					     const struct vrrp_unicast_global *g,
					     const struct vrrp_pkt_meta *meta);

/*
 * keepalived's log line for a drop, "(VI_1) unicast source address
 * 198.18.0.3 not a unicast peer" and the like (our own wording for
 * VRRP_UC_DROP_GROUP, which keepalived never sees). Returns buf.
 */
const char *vrrp_unicast_drop_text(enum vrrp_unicast_drop reason,
				   const struct vrrp_instance_conf *vi,
				   const struct vrrp_unicast_global *g,
				   const struct vrrp_pkt_meta *meta, char *buf, size_t len);

/*
 * A VRRPv3 IPv4 unicast advert that vrrp_pkt_decode() dropped for its
 * checksum: decode it again with the group in the pseudo-header, the form
 * of keepalived <= 1.3.6. Returns VRRP_DROP_NONE when that form matches
 * (the caller then sends the old form from now on, unless it already does,
 * and logs "(VI_1) Setting unicast VRRPv3 checksum to old version"), else
 * VRRP_DROP_CHECKSUM. Never tried for `old_unicast_checksum never`, for
 * instances without peers, for IPv6 or VRRPv2.
 */
enum vrrp_drop vrrp_unicast_decode_old(const struct vrrp_instance_conf *vi,
				       const struct vrrp_unicast_global *g, const uint8_t *buf,
				       size_t len, const struct vrrp_pkt_meta *meta,
				       struct vrrp_advert *adv);

/*
 * Whether an advert to meta->dst from meta->src can be meant for vi, for
 * the rare case of two instances with the same VRID on one interface and
 * family, which keepalived allows when their peers do not overlap or their
 * groups differ: the first instance that matches gets the packet.
 */
bool vrrp_unicast_rx_match(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g,
			   const struct vrrp_pkt_meta *meta);
/*
 * Whether two instances with the same VRID on the same interface and
 * family can coexist: both unicast with disjoint peers, or both multicast
 * to different groups (keepalived.conf(5), virtual_router_id).
 */
bool vrrp_unicast_can_share_vrid(const struct vrrp_instance_conf *a,
				 const struct vrrp_instance_conf *b,
				 const struct vrrp_unicast_global *g);

#endif
