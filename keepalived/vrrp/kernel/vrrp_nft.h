/*
 * no_accept mode through nftables (kernel layer): a table of our own, in the
 * ip and ip6 families, whose input and output chains drop what is addressed
 * to, or sent from, the addresses in its sets. An instance in no_accept
 * mode puts its VIPs into the sets when it becomes Master (the addresses are
 * on the host then, and must not answer) and takes them out when it leaves
 * Master, as keepalived 2.2.7 does ("setting firewall drop rule" / "removing
 * firewall drop rule"). While Backup the VIPs are not configured, so nothing
 * needs dropping.
 *
 * Per family, the same layout as keepalived's own table, so `nft list
 * ruleset` reads the same:
 *   table ip NAME  { set vips { type ipv4_addr }
 *                    chain in  { hook input  priority P; ip daddr @vips drop }
 *                    chain out { hook output priority P; ip saddr @vips drop } }
 *   table ip6 NAME { set vips { type ipv6_addr }
 *                    set vips_link_local { type ipv6_addr . iface_index }
 *                    chain in  { hook input priority P;
 *                                icmpv6 type nd-neighbor-solicit..nd-neighbor-advert accept
 *                                ip6 daddr . iif @vips_link_local drop
 *                                ip6 daddr @vips drop }
 *                    chain out { the same with saddr and oif } }
 * Neighbour discovery passes so that the Master still resolves its VIPs.
 *
 * Every change is one netlink batch (libnftnl messages over a libmnl
 * socket), applied atomically by the kernel; nothing happens per advert.
 */
#ifndef VRRP_NFT_H
#define VRRP_NFT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Our default table name: not keepalived's "keepalived", so that the two
 * daemons never remove each other's rules (see vrrp_conf_nft.c). */
#define VRRP_NFT_TABLE_DEFAULT "keepalived_vrrp"
/* keepalived's default chain priority: just before the filter tables. */
#define VRRP_NFT_PRIORITY_DEFAULT (-1)
/* NFT_TABLE_MAXNAMELEN */
#define VRRP_NFT_NAME_MAX 256

struct vrrp_nft_opts {
	char table[VRRP_NFT_NAME_MAX]; /* "" = VRRP_NFT_TABLE_DEFAULT */
	int32_t priority;              /* hook priority of both chains */
	bool counters;                 /* a counter in each rule (nftables_counters) */
};

/* One VIP. An IPv6 link-local address is bound to its interface. */
struct vrrp_nft_addr {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
	uint32_t ifindex; /* for IPv6 link-local only */
};

/* A VMAC (use_vmac's macvlan) of an instance of family, and its parent interface. */
struct vrrp_nft_vmac {
	int family; /* the instance's: AF_INET or AF_INET6 */
	uint32_t ifindex;
	uint32_t parent;
};

#define VRRP_NFT_VMACS_MAX 1024

enum vrrp_nft_op {
	VRRP_NFT_ADD,
	VRRP_NFT_DEL
};

struct vrrp_nft;

/*
 * Open a netlink socket and create both tables with their sets and chains,
 * empty, in one batch. A table of the same name left by a previous run that
 * did not exit cleanly is replaced in the same batch.
 * Returns: 0 and *out, or -1 (logged with the kernel's reason).
 */
int vrrp_nft_open(const struct vrrp_nft_opts *opts, struct vrrp_nft **out);

/*
 * vrrp_nft_open() with the n addresses of addrs in the sets from the
 * start, in the same batch: a table re-created under the same name (new
 * priority, counters) never passes through an empty state.
 */
int vrrp_nft_open_with(const struct vrrp_nft_opts *opts, const struct vrrp_nft_addr *addrs,
		       size_t n, struct vrrp_nft **out);

/* The options the table was opened with. */
const struct vrrp_nft_opts *vrrp_nft_opts(const struct vrrp_nft *nft);

/*
 * Add n addresses to, or remove them from, the drop sets, in one batch.
 * Adding an address already there and removing one that is not are not
 * errors (an instance that never was Master removes its VIPs on Backup).
 * Returns: 0, or -1 (logged; the sets are unchanged).
 */
int vrrp_nft_vips(struct vrrp_nft *nft, enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs,
		  size_t n);

/*
 * Make the sets hold exactly the n addresses of addrs, in one batch (empty
 * every set, then add): what a reload uses to correct whatever changed.
 * Returns: 0, or -1 (logged; the sets are unchanged).
 */
int vrrp_nft_replace(struct vrrp_nft *nft, const struct vrrp_nft_addr *addrs, size_t n);

/*
 * Make the VMAC map (and set) hold exactly the n VMACs of v (at most
 * VRRP_NFT_VMACS_MAX), in one batch; nothing is sent when they already do.
 * The tables' rules send a VMAC's IGMP and MLD reports through its parent
 * and drop its router solicitations (see vrrp_nft_priv.h).
 * Returns: 0, or -1 (logged, or the kernel has no such rules).
 */
int vrrp_nft_vmacs(struct vrrp_nft *nft, const struct vrrp_nft_vmac *v, size_t n);

/* Remove both tables (and so every rule and address) and close. NULL is a no-op. */
void vrrp_nft_close(struct vrrp_nft *nft);

/*
 * Close without touching the tables: for a handle whose table a newer
 * vrrp_nft_open() of the same name has already replaced. NULL is a no-op.
 */
void vrrp_nft_detach(struct vrrp_nft *nft);

/*
 * Another table over the same machinery (the checker's, check_nft.c): a
 * socket only, no table made (free it with vrrp_nft_detach()); and one
 * batch of the messages build(arg) appends between the markers (it returns
 * how many, or -1), sent and acknowledged; naddrs sizes the buffer
 * (vrrp_nft_batch_limit()). 0 or -errno.
 */
struct mnl_nlmsg_batch;
int vrrp_nft_socket(struct vrrp_nft **out);
int vrrp_nft_batch(struct vrrp_nft *nft, size_t naddrs,
		   int (*build)(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg),
		   const void *arg);

#endif
