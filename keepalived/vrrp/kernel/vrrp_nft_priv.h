/*
 * The message builders of vrrp_nft.c, pure (no system calls) so that the
 * unit tests can parse back what they write. Each appends messages to a
 * libmnl batch and returns the number it appended, or -1 if the batch
 * buffer is too small or memory runs out.
 */
#ifndef VRRP_NFT_PRIV_H
#define VRRP_NFT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/kernel/vrrp_nft.h"

struct mnl_nlmsg_batch;

/* Set names, as keepalived names them. */
#define VRRP_NFT_SET_VIPS "vips"
#define VRRP_NFT_SET_LINK_LOCAL "vips_link_local"
/* VMACs: VMAC ifindex -> parent ifindex (ip, ip6), and the IPv6 VMACs (ip6). */
#define VRRP_NFT_MAP_VMAC "vmac_map"
#define VRRP_NFT_SET_VMAC "vmac_set"
/* nft's data type numbers, for `nft list` to print the keys (nft's datatype.h). */
#define VRRP_NFT_TYPE_IPADDR 7
#define VRRP_NFT_TYPE_IP6ADDR 8
#define VRRP_NFT_TYPE_IFINDEX 20
#define VRRP_NFT_TYPE_BITS 6
/* The longest key: an IPv6 address and an interface index. */
#define VRRP_NFT_KEY_MAX 20

/* The table name opts asks for. */
const char *vrrp_nft_table_name(const struct vrrp_nft_opts *opts);

/*
 * The set and key of one address: IPv4 and IPv6 keys in network order, an
 * IPv6 link-local address followed by the interface index in host order
 * (as the kernel's meta iif writes it). Returns the key length, 0 for an
 * unknown family.
 */
size_t vrrp_nft_elem_key(const struct vrrp_nft_addr *a, uint8_t key[VRRP_NFT_KEY_MAX],
			 const char **set_name);

/*
 * The batch limit for a batch touching naddrs addresses. libmnl writes a
 * message before it checks the limit, so the buffer holds twice as much;
 * one message never exceeds the limit with this size.
 */
size_t vrrp_nft_batch_limit(size_t naddrs);

/* Batch begin and end markers. */
int vrrp_nft_build_begin(struct mnl_nlmsg_batch *b, uint32_t *seq);
int vrrp_nft_build_end(struct mnl_nlmsg_batch *b, uint32_t *seq);

/* Both tables, emptied if they exist (add, delete, add), with sets, chains and rules. */
int vrrp_nft_build_setup(struct mnl_nlmsg_batch *b, uint32_t *seq,
			 const struct vrrp_nft_opts *opts);

/*
 * The elements: one message per set touched. A removal first adds the same
 * elements (no error if present) so that the removal cannot fail on an
 * absent one and abort the batch.
 */
int vrrp_nft_build_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			 enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs, size_t n);

/* Empty the three sets (one message each, with no element list). */
int vrrp_nft_build_flush(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table);

/* Delete both tables; with `ensure`, create them first so that the delete cannot fail. */
int vrrp_nft_build_teardown(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			    bool ensure);

/*
 * In both tables: the map vmac_map (VMAC ifindex : parent ifindex), in ip6
 * the set vmac_set (VMAC ifindexes), and first in each out chain, as in
 * keepalived 2.2.7's table:
 *   ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map drop
 *   icmpv6 type mld2-listener-report meta oifkind "macvlan"
 *       dup to ip6 daddr device oif map @vmac_map drop
 *   icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set drop
 * so that a VMAC's multicast reports leave with the parent's MAC address
 * (switches must not learn the virtual MAC from a Backup) and a VMAC sends
 * no router solicitation.
 */
int vrrp_nft_build_vmac_setup(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			      bool counters);
/* Empty vmac_map and vmac_set, then put in the n VMACs (each in its family's table). */
int vrrp_nft_build_vmac_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			      const struct vrrp_nft_vmac *v, size_t n);

/*
 * The builders above for another table (the checker's, check_nft.c):
 * message header and close, a table, a base chain (type filter, policy
 * accept), and rule expressions (a compare reads NFT_REG_1; a verdict
 * follows a counter if asked for).
 */
struct nftnl_rule;
struct nlmsghdr *vrrp_nft_msg_hdr(struct mnl_nlmsg_batch *b, uint16_t type, uint16_t family,
				  uint16_t flags, uint32_t *seq);
int vrrp_nft_msg_next(struct mnl_nlmsg_batch *b);
int vrrp_nft_build_table(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *name);
int vrrp_nft_build_chain(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
			 const char *name, uint32_t hook, int32_t priority);
bool vrrp_nft_expr_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len,
			   uint32_t dreg);
bool vrrp_nft_expr_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg);
bool vrrp_nft_expr_cmp(struct nftnl_rule *r, uint32_t op, const void *data, uint32_t len);
bool vrrp_nft_expr_verdict(struct nftnl_rule *r, bool counter, uint32_t verdict);

#endif
