/*
 * An IPVS table as plain data: services with their destinations. The state
 * machine (check_rs.c) produces the table it wants, the kernel module
 * (ipvs_nl.c) reads the one the kernel has, and the reconciler
 * (check_reconcile.c) turns the difference into commands. Addresses are in
 * network order inside struct check_addr, ports and marks in host order.
 */
#ifndef CHECK_RS_TABLE_H
#define CHECK_RS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/check/conf/check_probe_conf.h"

#define CHECK_TABLE_SCHED_MAX 16

/* What identifies a service: (family, protocol, address, port) or (family, fwmark). */
struct check_ipvs_svc {
	int family;
	uint16_t protocol; /* 0 for a fwmark service */
	struct check_addr addr;
	uint16_t port;
	uint32_t fwmark;
	/* Its settings. */
	char sched[CHECK_TABLE_SCHED_MAX];
	uint32_t flags;   /* IP_VS_SVC_F_* */
	uint32_t timeout; /* persistence, seconds */
	uint32_t netmask; /* IPv4 mask (network order) or IPv6 prefix length */
	char pe_name[CHECK_TABLE_SCHED_MAX];
};

/* What identifies a destination in its service: (family, address, port). */
struct check_ipvs_dest {
	struct check_addr addr;
	uint16_t port;
	/* Its settings. */
	uint32_t conn_flags; /* forwarding method: IP_VS_CONN_F_MASQ, _TUNNEL, _DROUTE */
	int weight;
	uint32_t u_threshold, l_threshold;
	uint8_t tun_type;
	uint16_t tun_port;
	uint16_t tun_flags;
};

struct check_ipvs_entry {
	struct check_ipvs_svc svc;
	struct check_ipvs_dest *dests;
	unsigned n_dests, cap_dests;
};

struct check_ipvs_table {
	struct check_ipvs_entry *svcs;
	unsigned n_svcs, cap_svcs;
};

/* Append; the returned pointer lives until the next append. NULL: no memory. */
struct check_ipvs_entry *check_table_add_svc(struct check_ipvs_table *t,
					     const struct check_ipvs_svc *s);
int check_table_add_dest(struct check_ipvs_entry *e, const struct check_ipvs_dest *d);
void check_table_clear(struct check_ipvs_table *t);

/* Identity and settings comparisons. */
bool check_svc_same(const struct check_ipvs_svc *a, const struct check_ipvs_svc *b);
bool check_svc_settings_equal(const struct check_ipvs_svc *a, const struct check_ipvs_svc *b);
bool check_dest_same(const struct check_ipvs_dest *a, const struct check_ipvs_dest *b);
bool check_dest_settings_equal(const struct check_ipvs_dest *a, const struct check_ipvs_dest *b);
struct check_ipvs_entry *check_table_find(const struct check_ipvs_table *t,
					  const struct check_ipvs_svc *s);

/* "TCP  198.18.0.100:80 wlc" / "FWM  5 rr", as ipvsadm -Ln prints them. */
char *check_svc_fmt(char *buf, size_t size, const struct check_ipvs_svc *s);

#endif
