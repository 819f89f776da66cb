/*
 * nftables_ipvs, the decisions (no system calls): which virtual servers of
 * a virtual_server_group are put in IPVS as one fwmark service, with which
 * fwmark, and the map elements that mark their packets. As keepalived
 * 2.2.7: a virtual server of a group that has only address entries, with
 * protocol TCP, UDP or SCTP, gets one fwmark per group and protocol, the
 * first nftables_ipvs_start_fwmark (default 1000), then the next ones in
 * the order of the virtual_server blocks; a group with a fwmark entry
 * keeps its services of its own. A group and protocol keeps its fwmark
 * across reloads; a new one gets a fwmark never given before.
 *
 * check_nft.h (kernel layer) writes the elements into the table:
 *   ADDR[-ADDR_LAST] . PORT : FWMARK   in map PROTO_map of table ip|ip6.
 */
#ifndef CHECK_NFT_MARKS_H
#define CHECK_NFT_MARKS_H

#include <stddef.h>
#include <stdint.h>

#include "keepalived/check/conf/check_conf.h"

#define CHECK_NFT_START_FWMARK_DEFAULT 1000u
#define CHECK_NFT_TABLE_DEFAULT "keepalived_ipvs"
#define CHECK_NFT_PRIORITY_DEFAULT (-1)

/* One map element. */
struct check_nft_elem {
	int family;   /* AF_INET: table ip; AF_INET6: table ip6 */
	int protocol; /* IPPROTO_TCP, _UDP, _SCTP: map tcp_map, udp_map, sctp_map */
	struct check_addr first, last;
	uint16_t port; /* host order */
	uint32_t fwmark;
};

struct check_nft_mark {
	char group[64];
	int protocol;
	uint32_t fwmark;
};

/* The fwmarks given so far (the checker keeps it across reloads). Zeroed: none. */
struct check_nft_marks {
	struct check_nft_mark *v;
	unsigned n, cap;
	uint32_t next; /* 0: not started */
};

/*
 * Set auto_fwmark of every virtual server of c that gets one (0 for the
 * others, and for all without nftables_ipvs). 0, or -1 without memory.
 */
int check_nft_marks_assign(struct check_nft_marks *m, struct check_conf *c);
void check_nft_marks_free(struct check_nft_marks *m);

/* The elements for c's virtual servers with a fwmark: *out malloc'd (NULL if none). 0 or -1. */
int check_nft_elems(const struct check_conf *c, struct check_nft_elem **out, size_t *n);

/* The map of a protocol: "tcp_map", "udp_map", "sctp_map". */
const char *check_nft_map_name(int protocol);

#endif
