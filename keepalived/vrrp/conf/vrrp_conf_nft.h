/*
 * vrrp_strict, accept / no_accept and the firewall keywords (conf layer):
 * what keepalived.conf asks of the nftables table that vrrp_nft.c keeps.
 *
 * global_defs: vrrp_strict; nftables [TABLE]; nftables_priority N;
 * nftables_counters; nftables_ifindex; vrrp_iptables [IN [OUT]] and
 * vrrp_ipsets [...], which Debian's keepalived 2.2.7 (built without
 * iptables) also maps to nftables, with a warning.
 * vrrp_instance: accept, no_accept, strict_mode [BOOL].
 *
 * Our table is named keepalived_vrrp unless `nftables TABLE` names one:
 * not keepalived's "keepalived", because the daemon replaces a table of its
 * own name left by a crash, and must never empty the table of a keepalived
 * running in the same namespace (keepalived.conf(5) asks for a distinct
 * name per daemon, too).
 */
#ifndef VRRP_CONF_NFT_H
#define VRRP_CONF_NFT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/conf_reader.h"

struct vrrp_conf;
struct vrrp_instance_conf;

/* NFT_TABLE_MAXNAMELEN */
#define VRRP_CONF_NFT_NAME_MAX 256

/* global_defs; zeroed = keepalived's defaults. */
struct vrrp_nft_conf {
	bool strict;                        /* vrrp_strict */
	char table[VRRP_CONF_NFT_NAME_MAX]; /* nftables TABLE; "" = keepalived_vrrp */
	bool table_given;                   /* nftables, with or without a name */
	bool priority_given;
	int32_t priority; /* nftables_priority; default -1 */
	bool counters;    /* nftables_counters */
	bool ifindex;     /* nftables_ifindex: our only way, noted for -d */
	bool iptables;    /* vrrp_iptables seen (mapped to nftables) */
	/* Set by vrrp_nft_conf_finish(): some instance drops (the table is needed). */
	bool needed;
};

enum vrrp_nft_given {
	VRRP_NFT_UNSET = 0,
	VRRP_NFT_ON,
	VRRP_NFT_OFF
};

/* vrrp_instance; zeroed = nothing given. */
struct vrrp_nft_instance_conf {
	uint8_t strict_given; /* enum vrrp_nft_given: strict_mode */
	uint8_t accept_given; /* enum vrrp_nft_given: accept / no_accept */
	/* Set by vrrp_nft_conf_finish(). */
	bool strict; /* strict_mode, else vrrp_strict */
	bool accept; /* accept mode as keepalived derives it */
	bool drops;  /* VIPs go into the drop sets while Master: !accept, not the owner */
};

/* Entries of global_defs (object: struct kconf *, as every global_defs entry). */
/*
 * One global_defs line of vrrp_strict, nftables, nftables_counters,
 * nftables_ifindex, nftables_priority, vrrp_iptables or vrrp_ipsets, into
 * nft (the core's global_defs table routes those names here). 0 or -1.
 */
int vrrp_nft_global_keyword(struct cfg_reader *r, int argc, char *argv[],
			    struct vrrp_nft_conf *nft);
/* Entries of vrrp_instance (object: struct vrrp_instance_conf *). */
extern const struct cfg_keyword vrrp_nft_instance_keywords[];

/*
 * After vrrp_conf_finish(): each instance's strict and accept mode, and the
 * settings strict mode overrides, as keepalived 2.2.7 does (each with its
 * warning, naming file:line): no VIP is an error; state MASTER must match
 * priority 255; no authentication; no preempt_delay; lower_prio_no_advert
 * on and higher_prio_send_advert off; no accept mode with VRRPv2 (unless
 * the owner). Returns the number of errors.
 */
int vrrp_nft_conf_finish(struct vrrp_conf *conf);

#endif
