/*
 * Routes, rules and static addresses written back in keepalived.conf
 * syntax: for -d, and for log lines that name an entry the kernel refused.
 * Only what differs from the defaults is written, and the result reads
 * back as the same entry (the unit test holds it to that).
 */
#include "keepalived/vrrp/conf/vrrp_route_conf.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/fib_rules.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_route_priv.h"

/* A string being appended to; output beyond its size is dropped. */
struct sbuf {
	char *buf;
	size_t len, pos;
};

static void LOG_PRINTF(2, 3) sb_add(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->pos >= sb->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->pos, sb->len - sb->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->pos += (size_t)n;
}

static void
sb_addr(struct sbuf *sb, const char *kw, int family, const union vrrp_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	sb_add(sb, "%s%s", kw, vrrp_addr_ntop(family, a, buf, sizeof(buf)));
}

static void
sb_realms(struct sbuf *sb, uint32_t realms)
{
	if (realms >> 16)
		sb_add(sb, " realms %" PRIu32 "/%" PRIu32, realms >> 16, realms & 0xffff);
	else if (realms)
		sb_add(sb, " realms %" PRIu32, realms);
}

/* clang-format off */
static const char *const type_names[] = {
	[RTN_UNICAST] = "unicast",     [RTN_LOCAL] = "local",	   [RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast",     [RTN_MULTICAST] = "multicast", [RTN_BLACKHOLE] = "blackhole",
	[RTN_UNREACHABLE] = "unreachable", [RTN_PROHIBIT] = "prohibit", [RTN_THROW] = "throw",
};
/* clang-format on */

/* clang-format off */
static const struct {
	const char *name;
	int rtax;
} metric_names[] = {
	{ "mtu", RTAX_MTU },
	{ "advmss", RTAX_ADVMSS },
	{ "cwnd", RTAX_CWND },
	{ "ssthresh", RTAX_SSTHRESH },
	{ "reordering", RTAX_REORDERING },
	{ "window", RTAX_WINDOW },
	{ "hoplimit", RTAX_HOPLIMIT },
	{ "initcwnd", RTAX_INITCWND },
	{ "initrwnd", RTAX_INITRWND },
	{ "quickack", RTAX_QUICKACK },
	{ "fastopen_no_cookie", RTAX_FASTOPEN_NO_COOKIE },
	/* The kernel's units: written bare, they read back unscaled. */
	{ "rtt", RTAX_RTT },
	{ "rttvar", RTAX_RTTVAR },
	{ "rto_min", RTAX_RTO_MIN },
};
/* clang-format on */

/* encap ...: what vrrp_route_opts.c reads. */
static void
route_encap(struct sbuf *sb, const struct vrrp_route *rt)
{
	const struct vrrp_route_encap *e = &rt->encap;
	int fam = e->type == VRRP_ENCAP_IP6 ? AF_INET6 : AF_INET;

	if (e->type == VRRP_ENCAP_MPLS) {
		for (size_t i = 0; i < e->nlabels; i++)
			sb_add(sb, "%s%" PRIu32, i == 0 ? " encap mpls " : "/", e->labels[i]);
		if (e->has_ttl)
			sb_add(sb, " ttl %u", e->ttl);
		return;
	}
	if (e->type != VRRP_ENCAP_IP && e->type != VRRP_ENCAP_IP6)
		return;
	sb_add(sb, " encap %s", fam == AF_INET6 ? "ip6" : "ip");
	if (e->has_id)
		sb_add(sb, " id %" PRIu64, e->id);
	if (e->has_dst)
		sb_addr(sb, " dst ", fam, &e->dst);
	if (e->has_src)
		sb_addr(sb, " src ", fam, &e->src);
	if (e->has_tos)
		sb_add(sb, " %s 0x%02x", fam == AF_INET6 ? "tc" : "tos", e->tos);
	if (e->has_ttl)
		sb_add(sb, " %s %u", fam == AF_INET6 ? "hoplimit" : "ttl", e->ttl);
	if (e->flags & VRRP_ENCAP_F_KEY)
		sb_add(sb, " key");
	if (e->flags & VRRP_ENCAP_F_CSUM)
		sb_add(sb, " csum");
	if (e->flags & VRRP_ENCAP_F_SEQ)
		sb_add(sb, " seq");
}

static void
route_metrics(struct sbuf *sb, const struct vrrp_route *rt)
{
	for (size_t i = 0; i < sizeof(metric_names) / sizeof(metric_names[0]); i++) {
		int x = metric_names[i].rtax;

		if (rt->metrics_set & (1u << x))
			sb_add(sb, " %s %s%" PRIu32, metric_names[i].name,
			       rt->lock & (1u << x) ? "lock " : "", rt->metrics[x]);
	}
	if ((rt->metrics_set & (1u << RTAX_FEATURES)) &&
	    (rt->metrics[RTAX_FEATURES] & RTAX_FEATURE_ECN))
		sb_add(sb, " features ecn");
}

static void
route_paths(struct sbuf *sb, const struct vrrp_route *rt)
{
	if (rt->has_via)
		sb_addr(sb, " via ", rt->family, &rt->via);
	if (rt->dev[0] != '\0')
		sb_add(sb, " dev %s", rt->dev);
	if (rt->onlink)
		sb_add(sb, " onlink");
	for (size_t i = 0; i < rt->nnh; i++) {
		const struct vrrp_route_nexthop *nh = &rt->nh[i];

		sb_add(sb, " nexthop");
		if (nh->has_gw)
			sb_addr(sb, " via ", rt->family, &nh->gw);
		if (nh->dev[0] != '\0')
			sb_add(sb, " dev %s", nh->dev);
		if (nh->weight != 0)
			sb_add(sb, " weight %u", nh->weight);
		if (nh->onlink)
			sb_add(sb, " onlink");
		sb_realms(sb, nh->realms);
	}
}

const char *
vrrp_route_format(const struct vrrp_route *rt, char *buf, size_t len)
{
	struct sbuf sb = { buf, len, 0 };
	char name[16];

	buf[0] = '\0';
	if (rt->type != RTN_UNICAST && rt->type < sizeof(type_names) / sizeof(type_names[0]) &&
	    type_names[rt->type] != NULL)
		sb_add(&sb, "%s ", type_names[rt->type]);
	sb_addr(&sb, "", rt->family, &rt->dst);
	sb_add(&sb, "/%u", rt->dst_len);
	if (rt->has_from) {
		sb_addr(&sb, " from ", rt->family, &rt->from);
		sb_add(&sb, "/%u", rt->from_len);
	}
	if (rt->has_pref_src)
		sb_addr(&sb, " src ", rt->family, &rt->pref_src);
	/* Written before the paths: nexthops run to the end of the line. */
	if (rt->table != RT_TABLE_MAIN)
		sb_add(&sb, " table %s", rp_value_name(RP_TABLES, rt->table, name, sizeof(name)));
	if (rt->protocol != RTPROT_KEEPALIVED)
		sb_add(&sb, " protocol %s",
		       rp_value_name(RP_PROTOS, rt->protocol, name, sizeof(name)));
	if (rt->scope != RT_SCOPE_UNIVERSE)
		sb_add(&sb, " scope %s", rp_value_name(RP_SCOPES, rt->scope, name, sizeof(name)));
	if (rt->has_metric)
		sb_add(&sb, " metric %" PRIu32, rt->metric);
	if (rt->tos != 0)
		sb_add(&sb, " tos 0x%02x", rt->tos);
	sb_realms(&sb, rt->realms);
	route_metrics(&sb, rt);
	if (rt->has_pref)
		sb_add(&sb, " pref %u", rt->pref);
	if (rt->has_expires)
		sb_add(&sb, " expires %" PRIu32, rt->expires);
	if (rt->congctl[0] != '\0')
		sb_add(&sb, " congctl %s%s", rt->congctl_lock ? "lock " : "", rt->congctl);
	if (rt->has_ttl_propagate)
		sb_add(&sb, " ttl-propagate %s", rt->ttl_propagate ? "enabled" : "disabled");
	route_encap(&sb, rt);
	if (rt->append)
		sb_add(&sb, " append");
	if (rt->no_track)
		sb_add(&sb, " no_track");
	/* Last, as keepalived writes it, unless nexthops follow (they take the rest). */
	if (rt->track_group[0] != '\0' && rt->nnh != 0)
		sb_add(&sb, " track_group %s", rt->track_group);
	route_paths(&sb, rt);
	if (rt->track_group[0] != '\0' && rt->nnh == 0)
		sb_add(&sb, " track_group %s", rt->track_group);
	return buf;
}

static void
rule_match(struct sbuf *sb, const struct vrrp_rule *ru)
{
	if (!ru->has_from && !ru->has_to && ru->family == AF_INET6)
		sb_add(sb, "inet6 ");
	if (ru->invert)
		sb_add(sb, "not ");
	if (ru->has_from) {
		sb_addr(sb, "from ", ru->family, &ru->from);
		sb_add(sb, "/%u", ru->from_len);
	} else {
		sb_add(sb, "from all");
	}
	if (ru->has_to) {
		sb_addr(sb, " to ", ru->family, &ru->to);
		sb_add(sb, "/%u", ru->to_len);
	}
	if (ru->iif[0] != '\0')
		sb_add(sb, " iif %s", ru->iif);
	if (ru->oif[0] != '\0')
		sb_add(sb, " oif %s", ru->oif);
	if (ru->has_fwmark)
		sb_add(sb, " fwmark 0x%" PRIx32, ru->fwmark);
	if (ru->has_fwmark && ru->has_fwmask)
		sb_add(sb, "/0x%" PRIx32, ru->fwmask);
	if (ru->tos != 0)
		sb_add(sb, " tos 0x%02x", ru->tos);
	if (ru->has_uidrange)
		sb_add(sb, " uidrange %" PRIu32 "-%" PRIu32, ru->uid_start, ru->uid_end);
	if (ru->has_ipproto)
		sb_add(sb, " ipproto %u", ru->ipproto);
	if (ru->has_sport)
		sb_add(sb, " sport %u-%u", ru->sport[0], ru->sport[1]);
	if (ru->has_dport)
		sb_add(sb, " dport %u-%u", ru->dport[0], ru->dport[1]);
	if (ru->has_tun_id)
		sb_add(sb, " tunnel-id %" PRIu64, ru->tun_id);
}

const char *
vrrp_rule_format(const struct vrrp_rule *ru, char *buf, size_t len)
{
	struct sbuf sb = { buf, len, 0 };
	char name[16];

	buf[0] = '\0';
	rule_match(&sb, ru);
	if (ru->has_priority)
		sb_add(&sb, " priority %" PRIu32, ru->priority);
	if (ru->l3mdev)
		sb_add(&sb, " l3mdev");
	else if (ru->action == FR_ACT_TO_TBL)
		sb_add(&sb, " table %s", rp_value_name(RP_TABLES, ru->table, name, sizeof(name)));
	else if (ru->action == FR_ACT_GOTO)
		sb_add(&sb, " goto %" PRIu32, ru->goto_target);
	else if (ru->action == FR_ACT_NOP)
		sb_add(&sb, " nop");
	else if (ru->action == FR_ACT_BLACKHOLE)
		sb_add(&sb, " blackhole");
	else if (ru->action == FR_ACT_UNREACHABLE)
		sb_add(&sb, " unreachable");
	else if (ru->action == FR_ACT_PROHIBIT)
		sb_add(&sb, " prohibit");
	sb_realms(&sb, ru->realms);
	if (ru->suppress_prefixlen >= 0)
		sb_add(&sb, " suppress_prefixlength %" PRId32, ru->suppress_prefixlen);
	if (ru->has_suppress_ifgroup)
		sb_add(&sb, " suppress_ifgroup %" PRIu32, ru->suppress_ifgroup);
	if (ru->has_protocol && ru->protocol != RTPROT_KEEPALIVED)
		sb_add(&sb, " protocol %u", ru->protocol);
	if (ru->no_track)
		sb_add(&sb, " no_track");
	if (ru->track_group[0] != '\0')
		sb_add(&sb, " track_group %s", ru->track_group);
	return buf;
}

/* A static_ipaddress line. */
static const char *
addr_format(const struct vrrp_vip *vip, char *buf, size_t len)
{
	struct sbuf sb = { buf, len, 0 };
	char name[16], opts[128];

	buf[0] = '\0';
	sb_addr(&sb, "", vip->family, &vip->addr);
	sb_add(&sb, "/%u", vip->prefixlen);
	if (vip->has_brd)
		sb_add(&sb, " brd %s", inet_ntop(AF_INET, &vip->brd, name, sizeof(name)));
	if (vip->dev[0] != '\0')
		sb_add(&sb, " dev %s", vip->dev);
	if (vip->scope != RT_SCOPE_UNIVERSE)
		sb_add(&sb, " scope %s",
		       rp_value_name(RP_SCOPES, (uint64_t)vip->scope, name, sizeof(name)));
	if (vip->label[0] != '\0')
		sb_add(&sb, " label %s", vip->label);
	if (vip->nodad)
		sb_add(&sb, " -nodad");
	sb_add(&sb, "%s", vrrp_vip_opts_format(vip, opts, sizeof(opts)));
	return buf;
}

static void
dump_block(const char *name, size_t n, int indent, void (*out)(const char *line, void *arg),
	   void *arg, const struct vrrp_routes_conf *rc, int kind)
{
	char line[1024], entry[900];

	if (n == 0)
		return;
	snprintf(line, sizeof(line), "%*s%s {", indent, "", name);
	out(line, arg);
	for (size_t i = 0; i < n; i++) {
		if (kind == 0) {
			addr_format(&rc->addrs[i], entry, sizeof(entry));
			if (rc->addr_tgroup != NULL && rc->addr_tgroup[i][0] != '\0')
				snprintf(entry + strlen(entry), sizeof(entry) - strlen(entry),
					 " track_group %s", rc->addr_tgroup[i]);
		} else if (kind == 1)
			vrrp_route_format(&rc->routes[i], entry, sizeof(entry));
		else
			vrrp_rule_format(&rc->rules[i], entry, sizeof(entry));
		snprintf(line, sizeof(line), "%*s%s", indent + 4, "", entry);
		out(line, arg);
	}
	snprintf(line, sizeof(line), "%*s}", indent, "");
	out(line, arg);
}

void
vrrp_routes_conf_dump(const struct vrrp_routes_conf *rc, bool is_static, int indent,
		      void (*out)(const char *line, void *arg), void *arg)
{
	char line[VRRP_NAME_MAX + 64];

	if (rc == NULL)
		return;
	for (size_t g = 0; g < rc->ngroups; g++) {
		snprintf(line, sizeof(line), "%*strack_group %s {", indent, "", rc->groups[g].name);
		out(line, arg);
		snprintf(line, sizeof(line), "%*sgroup {", indent + 4, "");
		out(line, arg);
		for (size_t i = 0; i < rc->groups[g].ninsts; i++) {
			snprintf(line, sizeof(line), "%*s%s", indent + 8, "",
				 rc->groups[g].insts[i]);
			out(line, arg);
		}
		snprintf(line, sizeof(line), "%*s}", indent + 4, "");
		out(line, arg);
		snprintf(line, sizeof(line), "%*s}", indent, "");
		out(line, arg);
	}
	dump_block("static_ipaddress", rc->naddrs, indent, out, arg, rc, 0);
	dump_block(is_static ? "static_routes" : "virtual_routes", rc->nroutes, indent, out, arg,
		   rc, 1);
	dump_block(is_static ? "static_rules" : "virtual_rules", rc->nrules, indent, out, arg, rc,
		   2);
}
