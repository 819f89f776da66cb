/*
 * What the route and rule parsers share (vrrp_route.c, vrrp_route_rule.c,
 * vrrp_route_fmt.c): a cursor over the words of one line that reports
 * errors with the block's name, and the value readers both syntaxes use.
 */
#ifndef VRRP_ROUTE_PRIV_H
#define VRRP_ROUTE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

/* The iproute2 name files. */
#define RP_TABLES "rt_tables"
#define RP_PROTOS "rt_protos"
#define RP_SCOPES "rt_scopes"
#define RP_DSFIELD "rt_dsfield"
#define RP_REALMS "rt_realms"
#define RP_GROUPS "group"

struct rparse {
	struct cfg_reader *r;
	const char *who; /* "(VI_1) virtual_routes" */
	int argc;
	char **argv;
	int i; /* the word being read */
};

/* "who: message" as a file:line error; returns -1. */
int rp_error(struct rparse *p, const char *fmt, ...) LOG_PRINTF(2, 3);
void rp_warn(struct rparse *p, const char *fmt, ...) LOG_PRINTF(2, 3);

/* Step to the value of the keyword at p->i; -1 (reported) if the line ends. */
int rp_value(struct rparse *p, const char **val);

/* Settle the line's family: 0 if fam is AF_UNSPEC or already new_fam. */
int rp_family(struct rparse *p, int *fam, int new_fam, const char *what);

/*
 * ADDR[/LEN], or default/any/all (family AF_UNSPEC, length 0) when
 * allow_any. The family comes from the address (a colon means IPv6).
 */
int rp_prefix(struct rparse *p, const char *kw, const char *s, bool allow_any, int *family,
	      union vrrp_addr *a, uint8_t *len);
/* One address of either family. */
int rp_addr(struct rparse *p, const char *kw, const char *s, int *family, union vrrp_addr *a);
/* Whether bits beyond len are set: the kernel refuses such a prefix. */
bool rp_host_bits(int family, const union vrrp_addr *a, uint8_t len);

/* Decimal or 0x hexadecimal, at most max. */
int rp_uint(struct rparse *p, const char *kw, const char *s, uint64_t max, uint64_t *out);
bool rp_parse_uint(const char *s, uint64_t max, uint64_t *out);
/* A number, or a name from the iproute2 file (and the built-in names). */
int rp_name(struct rparse *p, const char *kw, const char *file, const char *s, uint64_t max,
	    uint64_t *out);
/* realms [SRC/]DST as the 32-bit value the kernel takes. */
int rp_realms(struct rparse *p, const char *s, uint32_t *out);
/* An interface name that fits IF_NAMESIZE. */
int rp_ifname(struct rparse *p, const char *kw, const char *s, char *dst);

struct vrrp_route;
/*
 * rtt, rttvar, rto_min, congctl, ttl-propagate, encap, as (vrrp_route_opts.c):
 * 0 read, -1 reported, 1 not one of these words.
 */
int vrrp_route_extra_option(struct rparse *p, struct vrrp_route *rt, const char *w);

/* The name ip(8) prints for a value, or the number: for -d. */
const char *rp_value_name(const char *file, uint64_t v, char *buf, size_t len);

#endif
