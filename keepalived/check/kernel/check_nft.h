/*
 * nftables_ipvs, the kernel side: the checker's table, which marks the
 * packets of a virtual_server_group's addresses with the group's fwmark so
 * that one fwmark service in IPVS takes them (check_nft_marks.h decides).
 * The layout, as keepalived 2.2.7 makes it, per family with elements
 * (table ip and/or ip6, named nftables_ipvs's TABLE, default
 * keepalived_ipvs):
 *
 *   chain in { type filter hook input priority P; policy accept;
 *     meta l4proto tcp meta mark set ip daddr . tcp dport map @tcp_map counter return
 *     (the same for udp and sctp, each with its map, when used) }
 *   map tcp_map { type ipv4_addr . inet_service : mark; flags interval;
 *                 elements = { 198.18.0.100-198.18.0.102 . 80 : 1000, ... } }
 *
 * Built with the VRRP side's nftables machinery (vrrp_nft.h): every
 * change is one batch that deletes the table and makes it again, so the
 * kernel goes from the old rules to the new ones atomically (at start and
 * at a reload; nothing per packet). No decisions here.
 */
#ifndef CHECK_NFT_H
#define CHECK_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/check/proto/check_nft_marks.h"

struct check_nft;

/*
 * Make the table (name, chain priority) hold exactly the n elements e: one
 * batch. *h is opened on first use (NULL: not yet). With n == 0 the table
 * is removed. 0, or -1 (logged with the kernel's reason; the old rules stay).
 */
int check_nft_apply(struct check_nft **h, const char *table, int32_t priority,
		    const struct check_nft_elem *e, size_t n);

/* Remove the table (unless keep) and close. NULL is a no-op. */
void check_nft_close(struct check_nft *h, bool keep);

#endif
