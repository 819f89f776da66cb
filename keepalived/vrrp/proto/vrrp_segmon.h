/*
 * VRRP segment monitor: what `keepalivectl monitor` knows about a segment,
 * built from captured frames. Pure: frames, their capture time and "now" in,
 * a model out; no syscalls, no allocation after vrrp_segmon_new().
 *
 * A frame is stripped of its link layer (Ethernet with up to two VLAN tags,
 * Linux cooked v1 and v2, raw IP), its IPv4 or IPv6 header (IPv6 extension
 * headers are walked) and an AH header if VRRP comes inside one; the VRRP
 * message is then decoded by vrrp_pkt_decode(). Every frame that does not
 * become an advert is counted with a reason (enum vrrp_segmon_drop).
 *
 * Virtual routers are keyed by (family, VRID): RFC 5798 gives IPv4 and IPv6
 * separate VRID spaces. Each router sending for one is keyed by its source
 * address and keeps what its last advert said.
 *
 * Problems, as the monitor reports them:
 *  - two masters: two senders with priority > 0 both advertising at once.
 *    When R advertises, another sender S of the same virtual router that
 *    sent a priority > 0 advert since R's previous one (itself at most
 *    VRRP_SEGMON_LATE_PCT % of R's interval ago) overlaps R. Two such
 *    overlapping adverts of R in a row are a conflict: a preemption, where
 *    the old master sends at most one advert after the new one's first,
 *    is not. Counted per pair of senders; sticky.
 *  - late adverts: a sender whose previous advert had priority > 0 sends
 *    the next one more than VRRP_SEGMON_LATE_PCT % of its interval later,
 *    and no other sender advertised with priority > 0 in between (else it
 *    had lost mastership, not stalled). Counted per sender; sticky.
 *  - disagreement: the senders of one virtual router differ (as their last
 *    adverts say) in advertisement interval, address list (compared as a
 *    set), version or authentication (type, and password for simple
 *    passwords, which are never printed). Evaluated on each snapshot.
 *  - adverts that a receiver would drop: a bad checksum, or a multicast
 *    advert with a TTL/hop limit other than 255. Counted per sender; such
 *    adverts do not update the sender's state.
 */
#ifndef VRRP_SEGMON_H
#define VRRP_SEGMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

/* An advert more than 150 % of its interval after the previous is late. */
#define VRRP_SEGMON_LATE_PCT 150
/* Addresses kept for display per sender; the comparison uses them all. */
#define VRRP_SEGMON_SHOW_ADDRS 16
/* Limits of the fixed tables (overflow is a counted drop). */
#define VRRP_SEGMON_MAX_GROUPS 512  /* (family, VRID) pairs */
#define VRRP_SEGMON_MAX_ROUTERS 512 /* senders, all groups together */
#define VRRP_SEGMON_MAX_PAIRS 64    /* pairs of senders seen as two masters */

/* The link layer of the captured frames. */
enum vrrp_segmon_link {
	VRRP_SEGMON_LINK_ETHER, /* Ethernet II, 802.1Q/802.1ad tags skipped */
	VRRP_SEGMON_LINK_SLL,   /* Linux cooked v1 (16 bytes) */
	VRRP_SEGMON_LINK_SLL2,  /* Linux cooked v2 (20 bytes) */
	VRRP_SEGMON_LINK_RAW,   /* IPv4 or IPv6, no link header */
};

/* Why a frame did not become an advert. */
enum vrrp_segmon_drop {
	VRRP_SEGMON_DROP_NONE = 0,
	VRRP_SEGMON_DROP_LINK,      /* short link header, or not IPv4/IPv6 */
	VRRP_SEGMON_DROP_IP,        /* bad or truncated IP header */
	VRRP_SEGMON_DROP_FRAGMENT,  /* an IP fragment */
	VRRP_SEGMON_DROP_NOT_VRRP,  /* another protocol, or AH not carrying VRRP */
	VRRP_SEGMON_DROP_TRUNCATED, /* captured shorter than the IP length says */
	VRRP_SEGMON_DROP_DECODE,    /* VRRP header broken (see vrrp_drop counters) */
	VRRP_SEGMON_DROP_TABLE,     /* too many virtual routers or senders */
	VRRP_SEGMON_DROP_COUNT_
};

const char *vrrp_segmon_drop_name(enum vrrp_segmon_drop reason);

/* One sender of one virtual router, as its last good advert said. */
struct vrrp_segmon_router {
	union vrrp_addr src;
	union vrrp_addr dst; /* the last advert's destination */
	bool unicast;        /* ... was not a multicast group */
	uint8_t version;     /* 0: no good advert yet (only bad ones) */
	uint8_t priority;
	uint8_t auth_type; /* enum vrrp_auth_type; AH when carried in AH */
	uint8_t naddr;
	uint16_t adver_int_cs;
	uint8_t addrs[VRRP_SEGMON_SHOW_ADDRS][16];
	uint64_t addr_digest; /* order-independent digest of all addresses */
	uint64_t auth_digest; /* of the v2 password; 0 without one */
	int64_t first_us;     /* capture time of the first good advert */
	int64_t last_us;      /* ... of the last one */
	int64_t active_us;    /* ... of the last one with priority > 0 */
	uint64_t adverts;
	uint64_t late;
	int64_t late_max_gap_us; /* the longest late gap */
	int64_t late_last_us;    /* when the last late advert came */
	uint64_t bad_checksum;
	uint64_t bad_ttl;
	uint8_t last_bad_ttl;
	int overlap_streak; /* adverts in a row that overlapped another sender's */
	int group;          /* index into the model's groups */
	int next;           /* next router of the same group, -1 at the end */
};

/* A pair of senders of one group seen advertising at once. */
struct vrrp_segmon_pair {
	int a, b; /* router indexes */
	uint64_t count;
	int64_t first_us, last_us;
};

/* A virtual router: (family, VRID) and its senders. */
struct vrrp_segmon_group {
	int family;
	uint8_t vrid;
	int first; /* first router, -1 if none */
	int nrouters;
};

struct vrrp_segmon {
	struct vrrp_segmon_group groups[VRRP_SEGMON_MAX_GROUPS];
	int ngroups;
	struct vrrp_segmon_router routers[VRRP_SEGMON_MAX_ROUTERS];
	int nrouters;
	struct vrrp_segmon_pair pairs[VRRP_SEGMON_MAX_PAIRS];
	int npairs;
	uint64_t frames;
	uint64_t adverts;
	uint64_t drops[VRRP_SEGMON_DROP_COUNT_];
	uint64_t vrrp_drops[VRRP_DROP_COUNT_]; /* VRRP_SEGMON_DROP_DECODE, by reason */
	uint64_t pairs_lost;                   /* two-master pairs beyond the table */
	int64_t last_us;                       /* capture time of the latest frame */
};

/* Empty the model (it is large: allocate it once, statically or on the heap). */
void vrrp_segmon_init(struct vrrp_segmon *m);

/*
 * Account one captured frame. frame/caplen: the bytes captured, starting
 * at the link header of kind link; ts_us: the capture time (microseconds
 * since the epoch). Returns the drop reason, VRRP_SEGMON_DROP_NONE for an
 * advert taken into the model (also one counted as bad by its sender).
 */
enum vrrp_segmon_drop vrrp_segmon_frame(struct vrrp_segmon *m, enum vrrp_segmon_link link,
					const uint8_t *frame, size_t caplen, int64_t ts_us);

/*
 * The same for a frame already without its link header: an IPv4 or IPv6
 * packet.
 */
enum vrrp_segmon_drop vrrp_segmon_ip(struct vrrp_segmon *m, const uint8_t *pkt, size_t len,
				     int64_t ts_us);

/* Groups in a stable order (family, then VRID): fills idx, returns the count. */
int vrrp_segmon_sorted(const struct vrrp_segmon *m, int idx[VRRP_SEGMON_MAX_GROUPS]);

/* Whether router r was advertising with priority > 0 at time now_us. */
bool vrrp_segmon_advertising(const struct vrrp_segmon *m, int r, int64_t now_us);

/*
 * The problems of group g at time now_us, one string each, written to out
 * through the callback (the string is valid during the call only).
 * Returns how many.
 */
typedef void (*vrrp_segmon_problem_cb)(void *arg, const char *problem);
int vrrp_segmon_problems(const struct vrrp_segmon *m, int g, int64_t now_us,
			 vrrp_segmon_problem_cb cb, void *arg);

/* "none", "pass" or "ah". */
const char *vrrp_segmon_auth_name(uint8_t auth_type);

/* "05:50:01.123" (UTC) of a capture time, into buf. */
const char *vrrp_segmon_clock(int64_t us, char *buf, size_t len);

#endif
