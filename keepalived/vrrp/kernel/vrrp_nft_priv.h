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

#endif
