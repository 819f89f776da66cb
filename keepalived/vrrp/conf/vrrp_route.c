/*
 * The lines of virtual_routes and static_routes: ip-route syntax as
 * keepalived 2.2.7 reads it, into struct vrrp_route. The word readers the
 * rule parser shares (vrrp_route_priv.h) are here too, and the containers
 * that hold a block's lines.
 *
 * What keepalived reports with `-t` but still runs (gw and or instead of
 * via and nexthop, an untracked route without dev, a protocol other than
 * keepalived's on a tracked route) is a warning here, with the same effect
 * as keepalived's; what it skips (an unknown word, a bad value) is an
 * error. Lines the kernel will refuse (host bits set in the destination, a
 * blackhole route with a device) are warnings: keepalived runs with them
 * too, and the installation logs the kernel's refusal.
 */
#include "keepalived/vrrp/conf/vrrp_route_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_route_priv.h"

const char *vrrp_route_iproute2_dir = "/etc/iproute2";

/* Word readers ------------------------------------------------------------ */

int
rp_error(struct rparse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error(p->r, "%s: %s", p->who, msg);
	return -1;
}

void
rp_warn(struct rparse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_warn(p->r, "%s: %s", p->who, msg);
}

int
rp_value(struct rparse *p, const char **val)
{
	if (p->i + 1 >= p->argc)
		return rp_error(p, "'%s' needs a value", p->argv[p->i]);
	*val = p->argv[++p->i];
	return 0;
}

int
rp_family(struct rparse *p, int *fam, int new_fam, const char *what)
{
	if (new_fam == AF_UNSPEC || *fam == new_fam) {
		return 0;
	} else if (*fam == AF_UNSPEC) {
		*fam = new_fam;
		return 0;
	}
	return rp_error(p, "%s is IPv%d in an IPv%d line", what, new_fam == AF_INET ? 4 : 6,
			*fam == AF_INET ? 4 : 6);
}

/* Digits of base only: strtoull() would also take a sign and blanks. */
static bool
parse_base(const char *s, int base, uint64_t max, uint64_t *out)
{
	const char *digits = base == 16 ? "0123456789abcdefABCDEF" : "0123456789";
	char *end;

	if (*s == '\0' || strchr(digits, *s) == NULL)
		return false;
	errno = 0;
	*out = strtoull(s, &end, base);
	return errno == 0 && *end == '\0' && *out <= max;
}

bool
rp_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_base(s + 2, 16, max, out);
	return parse_base(s, 10, max, out);
}

int
rp_uint(struct rparse *p, const char *kw, const char *s, uint64_t max, uint64_t *out)
{
	if (rp_parse_uint(s, max, out))
		return 0;
	return rp_error(p, "%s: '%s' is not a number in 0..%" PRIu64, kw, s, max);
}

int
rp_addr(struct rparse *p, const char *kw, const char *s, int *family, union vrrp_addr *a)
{
	*family = strchr(s, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(*family, s, a) == 1)
		return 0;
	return rp_error(p, "%s: '%s' is not an IP address", kw, s);
}

int
rp_prefix(struct rparse *p, const char *kw, const char *s, bool allow_any, int *family,
	  union vrrp_addr *a, uint8_t *len)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	uint8_t max;
	uint64_t v;

	memset(a, 0, sizeof(*a));
	if (allow_any &&
	    (strcmp(s, "default") == 0 || strcmp(s, "any") == 0 || strcmp(s, "all") == 0)) {
		*family = AF_UNSPEC;
		*len = 0;
		return 0;
	}
	if (n >= sizeof(addr))
		return rp_error(p, "%s: '%s' is not an IP prefix", kw, s);
	memcpy(addr, s, n);
	addr[n] = '\0';
	*family = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(*family, addr, a) != 1)
		return rp_error(p, "%s: '%s' is not an IP prefix", kw, s);
	max = *family == AF_INET ? 32 : 128;
	*len = max;
	if (slash != NULL) {
		if (!parse_base(slash + 1, 10, max, &v))
			return rp_error(p, "%s: prefix length in '%s' is not in 0..%u", kw, s, max);
		*len = (uint8_t)v;
	}
	return 0;
}

bool
rp_host_bits(int family, const union vrrp_addr *a, uint8_t len)
{
	unsigned bytes = family == AF_INET ? 4 : 16, i;

	for (i = 0; i < bytes; i++) {
		unsigned first = i * 8;
		uint8_t mask;

		if (first + 8 <= len)
			continue;
		mask = first >= len ? 0xff : (uint8_t)(0xff >> (len - first));
		if (a->bytes[i] & mask)
			return true;
	}
	return false;
}

int
rp_ifname(struct rparse *p, const char *kw, const char *s, char *dst)
{
	if (s[0] == '\0' || strlen(s) >= IF_NAMESIZE)
		return rp_error(p, "%s: '%s' is not an interface name", kw, s);
	snprintf(dst, IF_NAMESIZE, "%s", s);
	return 0;
}

/* Names ------------------------------------------------------------------- */

/* What ip(8) knows without its files; the files may add to it. */
/* clang-format off */
static const struct rp_builtin {
	const char *file;
	const char *name;
	uint32_t value;
} rp_builtins[] = {
	{ RP_TABLES, "default", RT_TABLE_DEFAULT },
	{ RP_TABLES, "main", RT_TABLE_MAIN },
	{ RP_TABLES, "local", RT_TABLE_LOCAL },
	{ RP_PROTOS, "redirect", RTPROT_REDIRECT },
	{ RP_PROTOS, "kernel", RTPROT_KERNEL },
	{ RP_PROTOS, "boot", RTPROT_BOOT },
	{ RP_PROTOS, "static", RTPROT_STATIC },
	{ RP_PROTOS, "ra", RTPROT_RA },
	{ RP_PROTOS, "zebra", RTPROT_ZEBRA },
	{ RP_PROTOS, "bird", RTPROT_BIRD },
	{ RP_PROTOS, "dhcp", RTPROT_DHCP },
	{ RP_PROTOS, "keepalived", RTPROT_KEEPALIVED },
	{ RP_PROTOS, "babel", RTPROT_BABEL },
	{ RP_PROTOS, "bgp", RTPROT_BGP },
	{ RP_PROTOS, "isis", RTPROT_ISIS },
	{ RP_PROTOS, "ospf", RTPROT_OSPF },
	{ RP_PROTOS, "rip", RTPROT_RIP },
	{ RP_PROTOS, "eigrp", RTPROT_EIGRP },
	{ RP_SCOPES, "global", RT_SCOPE_UNIVERSE },
	{ RP_SCOPES, "universe", RT_SCOPE_UNIVERSE },
	{ RP_SCOPES, "site", RT_SCOPE_SITE },
	{ RP_SCOPES, "link", RT_SCOPE_LINK },
	{ RP_SCOPES, "host", RT_SCOPE_HOST },
	{ RP_SCOPES, "nowhere", RT_SCOPE_NOWHERE },
	{ RP_GROUPS, "default", 0 },
};
/* clang-format on */

vrrp_route_name_fn vrrp_route_name_lookup;

int
rp_name(struct rparse *p, const char *kw, const char *file, const char *s, uint64_t max,
	uint64_t *out)
{
	size_t i;

	if (rp_parse_uint(s, max, out))
		return 0;
	for (i = 0; i < sizeof(rp_builtins) / sizeof(rp_builtins[0]); i++) {
		if (strcmp(rp_builtins[i].file, file) == 0 && strcmp(rp_builtins[i].name, s) == 0) {
			*out = rp_builtins[i].value;
			return 0;
		}
	}
	if (vrrp_route_name_lookup != NULL &&
	    vrrp_route_name_lookup(vrrp_route_iproute2_dir, file, s, out) && *out <= max)
		return 0;
	return rp_error(p, "%s: '%s' is neither a number in 0..%" PRIu64 " nor a name in %s/%s", kw,
			s, max, vrrp_route_iproute2_dir, file);
}

const char *
rp_value_name(const char *file, uint64_t v, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(rp_builtins) / sizeof(rp_builtins[0]); i++)
		if (strcmp(rp_builtins[i].file, file) == 0 && rp_builtins[i].value == v)
			return rp_builtins[i].name;
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

int
rp_realms(struct rparse *p, const char *s, uint32_t *out)
{
	char src[64];
	const char *slash = strchr(s, '/');
	uint64_t from = 0, to;
	size_t n;

	if (slash != NULL) {
		n = (size_t)(slash - s);
		if (n >= sizeof(src))
			return rp_error(p, "realms: '%s' is not SRC/DST", s);
		memcpy(src, s, n);
		src[n] = '\0';
		if (rp_name(p, "realms", RP_REALMS, src, UINT16_MAX, &from) == -1)
			return -1;
		s = slash + 1;
	}
	if (rp_name(p, "realms", RP_REALMS, s, UINT16_MAX, &to) == -1)
		return -1;
	*out = (uint32_t)(from << 16 | to);
	return 0;
}

/* Containers -------------------------------------------------------------- */

static int
grow(void **arr, size_t n, size_t size)
{
	void *grown = realloc(*arr, (n + 1) * size);

	if (grown == NULL)
		return -1;
	*arr = grown;
	return 0;
}

int
vrrp_routes_conf_add_route(struct vrrp_routes_conf *rc, const struct vrrp_route *rt)
{
	if (grow((void **)&rc->routes, rc->nroutes, sizeof(*rt)) == -1)
		return -1;
	rc->routes[rc->nroutes++] = *rt;
	return 0;
}

int
vrrp_routes_conf_add_rule(struct vrrp_routes_conf *rc, const struct vrrp_rule *ru)
{
	if (grow((void **)&rc->rules, rc->nrules, sizeof(*ru)) == -1)
		return -1;
	rc->rules[rc->nrules++] = *ru;
	return 0;
}

int
vrrp_routes_conf_add_addr(struct vrrp_routes_conf *rc, const struct vrrp_vip *vip)
{
	if (grow((void **)&rc->addrs, rc->naddrs, sizeof(*vip)) == -1)
		return -1;
	rc->addrs[rc->naddrs++] = *vip;
	return 0;
}

void
vrrp_routes_conf_free(struct vrrp_routes_conf *rc)
{
	if (rc == NULL)
		return;
	free(rc->addrs);
	free(rc->addr_tgroup);
	for (size_t i = 0; i < rc->ngroups; i++)
		free(rc->groups[i].insts);
	free(rc->groups);
	free(rc->routes);
	free(rc->rules);
	free(rc);
}

/* Rules without a priority, numbered down per family in the order they were read. */
static void
number_rules(struct vrrp_routes_conf **all, size_t nall)
{
	uint32_t next[2] = { VRRP_RULE_AUTO_PRIORITY_START, VRRP_RULE_AUTO_PRIORITY_START };
	struct vrrp_rule *best;

	for (;;) {
		best = NULL;
		for (size_t b = 0; b < nall; b++)
			for (size_t i = 0; all[b] != NULL && i < all[b]->nrules; i++) {
				struct vrrp_rule *ru = &all[b]->rules[i];

				if (ru->auto_priority && !ru->has_priority &&
				    (best == NULL || ru->seq < best->seq))
					best = ru;
			}
		if (best == NULL)
			return;
		best->priority = next[best->family == AF_INET6]--;
		best->has_priority = true;
	}
}

int
vrrp_route_conf_finish(struct vrrp_conf *conf, struct vrrp_routes_conf *statics)
{
	struct vrrp_routes_conf **all;
	struct vrrp_instance_conf *vi;
	size_t n = 1;

	for (vi = conf->instances; vi != NULL; vi = vi->next)
		n++;
	if ((all = calloc(n, sizeof(*all))) == NULL) {
		log_error("routes: out of memory");
		return 1;
	}
	n = 0;
	all[n++] = statics;
	for (vi = conf->instances; vi != NULL; vi = vi->next)
		all[n++] = vi->routes;
	number_rules(all, n);
	free(all);
	return vrrp_tgroup_finish(conf, statics);
}

/* Route lines ------------------------------------------------------------- */

/* clang-format off */
static const struct {
	const char *name;
	uint8_t type;
} route_types[] = {
	{ "unicast", RTN_UNICAST },
	{ "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST },
	{ "anycast", RTN_ANYCAST },
	{ "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE },
	{ "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT },
	{ "throw", RTN_THROW },
};
/* clang-format on */

/* RTAX metrics that take a number, and whether "lock" may precede it. */
/* clang-format off */
static const struct {
	const char *name;
	int rtax;
	bool lockable;
	uint32_t max;
} route_metrics[] = {
	{ "mtu", RTAX_MTU, true, UINT32_MAX },
	{ "advmss", RTAX_ADVMSS, true, UINT32_MAX },
	{ "cwnd", RTAX_CWND, true, UINT32_MAX },
	{ "ssthresh", RTAX_SSTHRESH, true, UINT32_MAX },
	{ "reordering", RTAX_REORDERING, true, UINT32_MAX },
	{ "window", RTAX_WINDOW, false, UINT32_MAX },
	{ "hoplimit", RTAX_HOPLIMIT, false, 255 },
	{ "initcwnd", RTAX_INITCWND, false, UINT32_MAX },
	{ "initrwnd", RTAX_INITRWND, false, UINT32_MAX },
	{ "quickack", RTAX_QUICKACK, false, 1 },
	{ "fastopen_no_cookie", RTAX_FASTOPEN_NO_COOKIE, false, 1 },
};
/* clang-format on */

static int
route_type(const char *s)
{
	for (size_t i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		if (strcmp(s, route_types[i].name) == 0)
			return route_types[i].type;
	return -1;
}

/* A gateway: [inet|inet6] ADDR, in the line's family. */
static int
route_gateway(struct rparse *p, struct vrrp_route *rt, union vrrp_addr *gw)
{
	const char *kw = p->argv[p->i], *s = NULL;
	int fam;

	if (rp_value(p, &s) == -1)
		return -1;
	if (strcmp(s, "inet") == 0 || strcmp(s, "inet6") == 0) {
		if (rp_family(p, &rt->family, s[4] == '6' ? AF_INET6 : AF_INET, kw) == -1 ||
		    rp_value(p, &s) == -1)
			return -1;
	}
	if (rp_addr(p, kw, s, &fam, gw) == -1 || rp_family(p, &rt->family, fam, kw) == -1)
		return -1;
	return 0;
}

/* The nexthop words from p->i (a "nexthop") to the end of the line. */
static int
route_nexthops(struct rparse *p, struct vrrp_route *rt)
{
	struct vrrp_route_nexthop *nh = NULL;
	const char *w, *v = NULL;
	uint64_t n;

	for (; p->i < p->argc; p->i++) {
		w = p->argv[p->i];
		if (strcmp(w, "nexthop") == 0) {
			if (rt->nnh == VRRP_ROUTE_MAX_NEXTHOPS)
				return rp_error(p, "more than %d nexthops",
						VRRP_ROUTE_MAX_NEXTHOPS);
			nh = &rt->nh[rt->nnh++];
		} else if (strcmp(w, "via") == 0) {
			if (route_gateway(p, rt, &nh->gw) == -1)
				return -1;
			nh->has_gw = true;
		} else if (strcmp(w, "dev") == 0) {
			if (rp_value(p, &v) == -1 || rp_ifname(p, "nexthop dev", v, nh->dev) == -1)
				return -1;
		} else if (strcmp(w, "weight") == 0) {
			if (rp_value(p, &v) == -1 || rp_uint(p, "weight", v, 256, &n) == -1)
				return -1;
			if (n == 0)
				return rp_error(p, "weight: 0 is not in 1..256");
			nh->weight = (uint16_t)n;
		} else if (strcmp(w, "onlink") == 0) {
			nh->onlink = true;
		} else if (strcmp(w, "realms") == 0) {
			if (rp_value(p, &v) == -1 || rp_realms(p, v, &nh->realms) == -1 ||
			    rp_family(p, &rt->family, AF_INET, "realms") == -1)
				return -1;
		} else {
			return rp_error(p, "unknown word '%s' in a nexthop", w);
		}
	}
	for (size_t i = 0; i < rt->nnh; i++)
		if (!rt->nh[i].has_gw && rt->nh[i].dev[0] == '\0')
			return rp_error(p, "nexthop %zu has neither via nor dev", i + 1);
	return 0;
}

/* "or ADDR": keepalived's old two-path syntax, turned into two nexthops. */
static int
route_or(struct rparse *p, struct vrrp_route *rt)
{
	rp_warn(p, "'or' is deprecated, use 'nexthop'");
	if (rt->nnh != 0)
		return rp_error(p, "'or' given twice");
	if (!rt->has_via)
		return rp_error(p, "'or' needs a 'via' before it");
	rt->nh[0].has_gw = true;
	rt->nh[0].gw = rt->via;
	rt->nh[1].has_gw = true;
	rt->nnh = 2;
	rt->has_via = false;
	memset(&rt->via, 0, sizeof(rt->via));
	return route_gateway(p, rt, &rt->nh[1].gw);
}

/* Metrics and the options only one family has. 1: not such a word. */
static int
route_option(struct rparse *p, struct vrrp_route *rt, const char *w)
{
	const char *v = NULL;
	uint64_t n;
	size_t i;

	for (i = 0; i < sizeof(route_metrics) / sizeof(route_metrics[0]); i++) {
		if (strcmp(w, route_metrics[i].name) != 0)
			continue;
		if (rp_value(p, &v) == -1)
			return -1;
		if (route_metrics[i].lockable && strcmp(v, "lock") == 0) {
			rt->lock |= 1u << route_metrics[i].rtax;
			if (rp_value(p, &v) == -1)
				return -1;
		}
		if (rp_uint(p, w, v, route_metrics[i].max, &n) == -1)
			return -1;
		rt->metrics[route_metrics[i].rtax] = (uint32_t)n;
		rt->metrics_set |= 1u << route_metrics[i].rtax;
		return 0;
	}
	if (strcmp(w, "features") == 0) {
		if (rp_value(p, &v) == -1)
			return -1;
		if (strcmp(v, "ecn") != 0)
			return rp_error(p, "features: '%s' is not supported (only ecn)", v);
		rt->metrics[RTAX_FEATURES] |= RTAX_FEATURE_ECN;
		rt->metrics_set |= 1u << RTAX_FEATURES;
	} else if (strcmp(w, "realms") == 0) {
		if (rp_value(p, &v) == -1 || rp_realms(p, v, &rt->realms) == -1 ||
		    rp_family(p, &rt->family, AF_INET, "realms") == -1)
			return -1;
	} else if (strcmp(w, "pref") == 0) {
		static const char *const prefs[] = { "medium", "high", NULL, "low" };

		if (rp_value(p, &v) == -1 || rp_family(p, &rt->family, AF_INET6, "pref") == -1)
			return -1;
		for (i = 0; i < 4 && (prefs[i] == NULL || strcmp(v, prefs[i]) != 0); i++)
			;
		if (i < 4)
			n = i;
		else if (rp_uint(p, "pref", v, 255, &n) == -1)
			return -1;
		rt->pref = (uint8_t)n;
		rt->has_pref = true;
	} else if (strcmp(w, "expires") == 0) {
		if (rp_value(p, &v) == -1 || rp_family(p, &rt->family, AF_INET6, "expires") == -1 ||
		    rp_uint(p, "expires", v, UINT32_MAX, &n) == -1)
			return -1;
		rt->expires = (uint32_t)n;
		rt->has_expires = true;
	} else {
		return 1;
	}
	return 0;
}

/* The words that take one value and set a plain field. 1: not such a word. */
static int
route_setting(struct rparse *p, struct vrrp_route *rt, const char *w, bool *proto_given)
{
	const char *v = NULL;
	uint64_t n;
	int fam;

	if (strcmp(w, "src") == 0) {
		if (rp_value(p, &v) == -1 || rp_addr(p, "src", v, &fam, &rt->pref_src) == -1 ||
		    rp_family(p, &rt->family, fam, "src") == -1)
			return -1;
		rt->has_pref_src = true;
	} else if (strcmp(w, "from") == 0) {
		if (rp_value(p, &v) == -1 ||
		    rp_prefix(p, "from", v, false, &fam, &rt->from, &rt->from_len) == -1)
			return -1;
		if (fam != AF_INET6)
			return rp_error(p, "from: only IPv6 routes have a source prefix ('%s')", v);
		if (rp_family(p, &rt->family, fam, "from") == -1)
			return -1;
		rt->has_from = true;
	} else if (strcmp(w, "dev") == 0 || strcmp(w, "oif") == 0) {
		if (rp_value(p, &v) == -1 || rp_ifname(p, w, v, rt->dev) == -1)
			return -1;
	} else if (strcmp(w, "table") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_TABLES, v, UINT32_MAX, &n) == -1)
			return -1;
		rt->table = (uint32_t)n;
	} else if (strcmp(w, "protocol") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_PROTOS, v, 255, &n) == -1)
			return -1;
		rt->protocol = (uint8_t)n;
		*proto_given = true;
	} else if (strcmp(w, "scope") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_SCOPES, v, 255, &n) == -1)
			return -1;
		rt->scope = (uint8_t)n;
	} else if (strcmp(w, "tos") == 0 || strcmp(w, "dsfield") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_DSFIELD, v, 255, &n) == -1)
			return -1;
		rt->tos = (uint8_t)n;
	} else if (strcmp(w, "metric") == 0 || strcmp(w, "priority") == 0 ||
		   strcmp(w, "preference") == 0) {
		if (rp_value(p, &v) == -1 || rp_uint(p, w, v, UINT32_MAX, &n) == -1)
			return -1;
		rt->metric = (uint32_t)n;
		rt->has_metric = true;
	} else {
		return route_option(p, rt, w);
	}
	return 0;
}

/* [to] [TYPE] PREFIX */
static int
route_destination(struct rparse *p, struct vrrp_route *rt, bool *have_dst)
{
	const char *w = p->argv[p->i];
	int type, fam;

	if (strcmp(w, "to") == 0 && rp_value(p, &w) == -1)
		return -1;
	if ((type = route_type(w)) >= 0) {
		rt->type = (uint8_t)type;
		if (rp_value(p, &w) == -1)
			return -1;
	}
	/* Anything else that is not an address is a misspelt keyword. */
	if (strchr(w, '.') == NULL && strchr(w, ':') == NULL && strcmp(w, "default") != 0 &&
	    strcmp(w, "any") != 0 && strcmp(w, "all") != 0)
		return rp_error(p, "unknown word '%s'", w);
	if (*have_dst)
		return rp_error(p, "second destination '%s'", w);
	if (rp_prefix(p, "destination", w, true, &fam, &rt->dst, &rt->dst_len) == -1 ||
	    rp_family(p, &rt->family, fam, "the destination") == -1)
		return -1;
	*have_dst = true;
	return 0;
}

/* The checks keepalived makes once the line is read, and its defaults. */
static int
route_complete(struct rparse *p, struct vrrp_route *rt, bool have_dst, bool proto_given)
{
	char dst[INET6_ADDRSTRLEN];

	if (!have_dst)
		return rp_error(p, "no destination");
	if (rt->family == AF_UNSPEC)
		rt->family = AF_INET;
	inet_ntop(rt->family, &rt->dst, dst, sizeof(dst));
	if (rp_host_bits(rt->family, &rt->dst, rt->dst_len))
		rp_warn(p, "%s/%u has host bits set: the kernel will refuse this route", dst,
			rt->dst_len);
	if (rt->type != RTN_UNICAST && rt->type != RTN_LOCAL && rt->type != RTN_BROADCAST &&
	    rt->type != RTN_ANYCAST && rt->type != RTN_MULTICAST &&
	    (rt->has_via || rt->dev[0] != '\0' || rt->nnh != 0))
		rp_warn(p, "the kernel will refuse via, dev or nexthop on this type of route");
	if (!rt->no_track) {
		if (proto_given && rt->protocol != RTPROT_KEEPALIVED)
			rp_warn(p, "a tracked route has protocol keepalived (%d): protocol ignored",
				RTPROT_KEEPALIVED);
		rt->protocol = RTPROT_KEEPALIVED;
		if (rt->dev[0] == '\0') {
			rp_warn(p,
				"route to %s/%u has no dev, so it cannot be tracked: not tracking",
				dst, rt->dst_len);
			rt->no_track = true;
		}
	}
	return 0;
}

int
vrrp_route_parse(struct cfg_reader *r, const char *who, int argc, char *argv[], bool is_static,
		 struct vrrp_route *rt)
{
	struct rparse p = { r, who, argc, argv, 0 };
	bool have_dst = false, proto_given = false;
	const char *w;
	int ret;

	memset(rt, 0, sizeof(*rt));
	rt->type = RTN_UNICAST;
	rt->table = RT_TABLE_MAIN;
	rt->scope = RT_SCOPE_UNIVERSE;
	rt->protocol = RTPROT_KEEPALIVED;
	for (; p.i < argc; p.i++) {
		w = argv[p.i];
		if ((ret = vrrp_route_extra_option(&p, rt, w)) != 1) {
			if (ret == -1)
				return -1;
		} else if (strcmp(w, "inet") == 0 || strcmp(w, "inet6") == 0) {
			if (rp_family(&p, &rt->family, w[4] == '6' ? AF_INET6 : AF_INET, w) == -1)
				return -1;
		} else if (strcmp(w, "via") == 0 || strcmp(w, "gw") == 0) {
			if (w[0] == 'g')
				rp_warn(&p, "'gw' is deprecated, use 'via'");
			if (rt->nnh != 0)
				return rp_error(&p, "'%s' after 'or'", w);
			if (route_gateway(&p, rt, &rt->via) == -1)
				return -1;
			rt->has_via = true;
		} else if (strcmp(w, "or") == 0) {
			if (route_or(&p, rt) == -1)
				return -1;
		} else if (strcmp(w, "nexthop") == 0) {
			if (rt->nnh != 0)
				return rp_error(&p, "'nexthop' after 'or'");
			if (route_nexthops(&p, rt) == -1)
				return -1;
		} else if (strcmp(w, "onlink") == 0) {
			rt->onlink = true;
		} else if (strcmp(w, "append") == 0) {
			rt->append = true;
		} else if (strcmp(w, "no_track") == 0) {
			rt->no_track = true;
		} else if (is_static && strcmp(w, "track_group") == 0) {
			if (rp_value(&p, &w) == -1)
				return -1;
			snprintf(rt->track_group, sizeof(rt->track_group), "%s", w);
		} else if ((ret = route_setting(&p, rt, w, &proto_given)) == -1) {
			return -1;
		} else if (ret == 1 && route_destination(&p, rt, &have_dst) == -1) {
			return -1;
		}
	}
	return route_complete(&p, rt, have_dst, proto_given);
}
