/*
 * The lines of virtual_rules and static_rules: ip-rule syntax as keepalived
 * 2.2.7 reads it, into struct vrrp_rule. As for routes (vrrp_route.c), what
 * keepalived runs with after a complaint is a warning here and what it
 * skips is an error. Two of keepalived's limits are not kept: a single port
 * for sport/dport (keepalived 2.2.7 insists on a range) and ipproto numbers
 * above 127.
 */
#include "keepalived/vrrp/conf/vrrp_route_conf.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_route_priv.h"

/* Rules keep the order they were read in for vrrp_route_conf_finish(). */
static uint64_t rule_seq;

/* The action words (with or without "type" before them). 1: not an action. */
static int
rule_action(struct rparse *p, struct vrrp_rule *ru, const char *w)
{
	/* clang-format off */
	static const struct {
		const char *name;
		uint8_t action;
	} actions[] = {
		{ "nop", FR_ACT_NOP },
		{ "blackhole", FR_ACT_BLACKHOLE },
		{ "unreachable", FR_ACT_UNREACHABLE },
		{ "prohibit", FR_ACT_PROHIBIT },
		{ "goto", FR_ACT_GOTO },
	};
	/* clang-format on */
	uint8_t action = FR_ACT_UNSPEC;
	const char *v = NULL;
	uint64_t n;
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(w, actions[i].name) == 0)
			action = actions[i].action;
	if (action == FR_ACT_UNSPEC)
		return 1;
	if (action == FR_ACT_GOTO) {
		if (rp_value(p, &v) == -1 || rp_uint(p, "goto", v, UINT32_MAX, &n) == -1)
			return -1;
		ru->goto_target = (uint32_t)n;
	}
	if (ru->action != FR_ACT_UNSPEC)
		return rp_error(p, "more than one of table, goto, nop, blackhole, unreachable, "
				   "prohibit and l3mdev");
	ru->action = action;
	return 0;
}

/*
 * An IP protocol by name: the usual ones here, the rest through the
 * program's name lookup (the system's protocol database), as iproute2.
 */
static bool
rule_ipproto_name(const char *name, uint64_t *out)
{
	/* clang-format off */
	static const struct {
		const char *name;
		uint8_t number;
	} known[] = {
		{ "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 }, { "ipv6", 41 },
		{ "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 }, { "vrrp", 112 },
		{ "sctp", 132 }, { "udplite", 136 },
	};
	/* clang-format on */

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].name, name) == 0) {
			*out = known[i].number;
			return true;
		}
	return vrrp_route_name_lookup != NULL &&
	       vrrp_route_name_lookup(NULL, "protocols", name, out);
}

/* A port or a range A-B. */
static int
rule_ports(struct rparse *p, const char *kw, const char *s, uint16_t range[2])
{
	char first[16];
	const char *dash = strchr(s, '-');
	size_t n = dash != NULL ? (size_t)(dash - s) : strlen(s);
	uint64_t a, b;

	if (n >= sizeof(first))
		return rp_error(p, "%s: '%s' is not a port or a range A-B", kw, s);
	memcpy(first, s, n);
	first[n] = '\0';
	if (!rp_parse_uint(first, UINT16_MAX, &a) ||
	    (dash != NULL && !rp_parse_uint(dash + 1, UINT16_MAX, &b)))
		return rp_error(p, "%s: '%s' is not a port or a range A-B", kw, s);
	if (dash == NULL)
		b = a;
	if (b < a)
		return rp_error(p, "%s: range '%s' ends before it starts", kw, s);
	range[0] = (uint16_t)a;
	range[1] = (uint16_t)b;
	return 0;
}

static int
rule_fwmark(struct rparse *p, struct vrrp_rule *ru, const char *s)
{
	char mark[32];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	uint64_t v, m = 0;

	if (n >= sizeof(mark))
		return rp_error(p, "fwmark: '%s' is not MARK[/MASK]", s);
	memcpy(mark, s, n);
	mark[n] = '\0';
	if (!rp_parse_uint(mark, UINT32_MAX, &v) ||
	    (slash != NULL && !rp_parse_uint(slash + 1, UINT32_MAX, &m)))
		return rp_error(p, "fwmark: '%s' is not MARK[/MASK]", s);
	ru->fwmark = (uint32_t)v;
	ru->has_fwmark = true;
	ru->fwmask = (uint32_t)m;
	ru->has_fwmask = slash != NULL;
	return 0;
}

/* from/to PREFIX|all */
static int
rule_prefix(struct rparse *p, struct vrrp_rule *ru, const char *w)
{
	bool from = strcmp(w, "from") == 0;
	union vrrp_addr *a = from ? &ru->from : &ru->to;
	uint8_t *len = from ? &ru->from_len : &ru->to_len;
	const char *v = NULL;
	int fam;

	if (rp_value(p, &v) == -1 || rp_prefix(p, w, v, true, &fam, a, len) == -1 ||
	    rp_family(p, &ru->family, fam, w) == -1)
		return -1;
	/* "from all" matches everything: the same as no from at all. */
	if (fam == AF_UNSPEC)
		return 0;
	if (from)
		ru->has_from = true;
	else
		ru->has_to = true;
	if (rp_host_bits(fam, a, *len))
		rp_warn(p, "%s %s has host bits set: the kernel will refuse this rule", w, v);
	return 0;
}

/* Options that only go with table (the kernel's "table options"). 1: not one. */
static int
rule_table_option(struct rparse *p, struct vrrp_rule *ru, const char *w, bool *table_option)
{
	const char *v = NULL;
	uint64_t n;

	if (strcmp(w, "realms") == 0) {
		if (rp_value(p, &v) == -1 || rp_realms(p, v, &ru->realms) == -1 ||
		    rp_family(p, &ru->family, AF_INET, "realms") == -1)
			return -1;
	} else if (strcmp(w, "suppress_prefixlength") == 0 || strcmp(w, "sup_pl") == 0) {
		if (rp_value(p, &v) == -1 || rp_uint(p, w, v, INT32_MAX, &n) == -1)
			return -1;
		ru->suppress_prefixlen = (int32_t)n;
	} else if (strcmp(w, "suppress_ifgroup") == 0 || strcmp(w, "sup_group") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_GROUPS, v, INT32_MAX, &n) == -1)
			return -1;
		ru->suppress_ifgroup = (uint32_t)n;
		ru->has_suppress_ifgroup = true;
	} else {
		return 1;
	}
	*table_option = true;
	return 0;
}

/* Selectors that take one value. 1: not one of them. */
static int
rule_selector(struct rparse *p, struct vrrp_rule *ru, const char *w)
{
	const char *v = NULL;
	uint64_t n, proto;

	if (strcmp(w, "dev") == 0 || strcmp(w, "iif") == 0) {
		if (rp_value(p, &v) == -1 || rp_ifname(p, w, v, ru->iif) == -1)
			return -1;
	} else if (strcmp(w, "oif") == 0) {
		if (rp_value(p, &v) == -1 || rp_ifname(p, w, v, ru->oif) == -1)
			return -1;
	} else if (strcmp(w, "tos") == 0 || strcmp(w, "dsfield") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_DSFIELD, v, 255, &n) == -1)
			return -1;
		ru->tos = (uint8_t)n;
	} else if (strcmp(w, "fwmark") == 0) {
		if (rp_value(p, &v) == -1 || rule_fwmark(p, ru, v) == -1)
			return -1;
	} else if (strcmp(w, "uidrange") == 0) {
		unsigned long long a, b;
		char tail;

		if (rp_value(p, &v) == -1)
			return -1;
		if (sscanf(v, "%llu-%llu%c", &a, &b, &tail) != 2 || v[0] == '-' || a > UINT32_MAX ||
		    b > UINT32_MAX || b < a)
			return rp_error(p, "uidrange: '%s' is not A-B", v);
		ru->uid_start = (uint32_t)a;
		ru->uid_end = (uint32_t)b;
		ru->has_uidrange = true;
	} else if (strcmp(w, "ipproto") == 0) {
		if (rp_value(p, &v) == -1)
			return -1;
		if (rp_parse_uint(v, 255, &n)) {
			ru->ipproto = (uint8_t)n;
		} else if (rule_ipproto_name(v, &proto)) {
			ru->ipproto = (uint8_t)proto;
		} else {
			return rp_error(p, "ipproto: '%s' is neither a number nor a protocol name",
					v);
		}
		ru->has_ipproto = true;
	} else if (strcmp(w, "sport") == 0 || strcmp(w, "dport") == 0) {
		if (rp_value(p, &v) == -1 ||
		    rule_ports(p, w, v, w[0] == 's' ? ru->sport : ru->dport) == -1)
			return -1;
		if (w[0] == 's')
			ru->has_sport = true;
		else
			ru->has_dport = true;
	} else if (strcmp(w, "tunnel-id") == 0) {
		if (rp_value(p, &v) == -1 || rp_uint(p, w, v, UINT64_MAX, &ru->tun_id) == -1)
			return -1;
		ru->has_tun_id = true;
	} else {
		return 1;
	}
	return 0;
}

/* Words of one value that are not selectors. 1: not one of them. */
static int
rule_setting(struct rparse *p, struct vrrp_rule *ru, const char *w, bool *proto_given)
{
	const char *v = NULL;
	uint64_t n;

	if (strcmp(w, "table") == 0 || strcmp(w, "lookup") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_TABLES, v, UINT32_MAX, &n) == -1)
			return -1;
		if (n == 0)
			return rp_error(p, "%s: table 0 is not valid", w);
		if (ru->action != FR_ACT_UNSPEC)
			return rp_error(p, "more than one of table, goto, nop, blackhole, "
					   "unreachable, prohibit and l3mdev");
		ru->table = (uint32_t)n;
		ru->action = FR_ACT_TO_TBL;
	} else if (strcmp(w, "priority") == 0 || strcmp(w, "preference") == 0 ||
		   strcmp(w, "order") == 0) {
		if (rp_value(p, &v) == -1 || rp_uint(p, w, v, UINT32_MAX, &n) == -1)
			return -1;
		ru->priority = (uint32_t)n;
		ru->has_priority = true;
	} else if (strcmp(w, "protocol") == 0) {
		if (rp_value(p, &v) == -1 || rp_name(p, w, RP_PROTOS, v, 255, &n) == -1)
			return -1;
		ru->protocol = (uint8_t)n;
		*proto_given = true;
	} else if (strcmp(w, "l3mdev") == 0) {
		if (ru->action != FR_ACT_UNSPEC)
			return rp_error(p,
					"l3mdev excludes table, goto, nop, blackhole, unreachable "
					"and prohibit");
		ru->l3mdev = true;
		ru->action = FR_ACT_TO_TBL;
	} else {
		return rule_selector(p, ru, w);
	}
	return 0;
}

/* keepalived's checks once the line is read, and its defaults. */
static int
rule_complete(struct rparse *p, struct vrrp_rule *ru, bool table_option, bool proto_given)
{
	if (ru->action == FR_ACT_UNSPEC)
		return rp_error(p,
				"no action (table, goto, nop, blackhole, unreachable or prohibit)");
	if (ru->action == FR_ACT_GOTO && !ru->has_priority)
		return rp_error(p, "goto %u needs a priority before it", ru->goto_target);
	if (ru->action == FR_ACT_GOTO && ru->priority >= ru->goto_target)
		return rp_error(p, "goto %u must point after the rule's own priority %u",
				ru->goto_target, ru->priority);
	if (table_option && (ru->action != FR_ACT_TO_TBL || ru->l3mdev))
		return rp_error(p, "realms, suppress_prefixlength and suppress_ifgroup need table");
	if (ru->family == AF_UNSPEC)
		ru->family = AF_INET;
	if (!ru->no_track) {
		if (proto_given && ru->protocol != RTPROT_KEEPALIVED)
			rp_warn(p, "a tracked rule has protocol keepalived (%d): protocol ignored",
				RTPROT_KEEPALIVED);
		ru->protocol = RTPROT_KEEPALIVED;
		ru->has_protocol = true;
	} else {
		ru->has_protocol = proto_given;
	}
	if (!ru->has_priority) {
		rp_warn(p,
			"no priority: one is given counting down from %d in file order, "
			"which is probably not what you want",
			VRRP_RULE_AUTO_PRIORITY_START);
		ru->auto_priority = true;
	}
	return 0;
}

int
vrrp_rule_parse(struct cfg_reader *r, const char *who, int argc, char *argv[], bool is_static,
		struct vrrp_rule *ru)
{
	struct rparse p = { r, who, argc, argv, 0 };
	bool table_option = false, proto_given = false;
	const char *w;
	int ret;

	memset(ru, 0, sizeof(*ru));
	ru->suppress_prefixlen = -1;
	ru->seq = ++rule_seq;
	for (; p.i < argc; p.i++) {
		w = argv[p.i];
		if (strcmp(w, "inet") == 0 || strcmp(w, "inet6") == 0) {
			if (rp_family(&p, &ru->family, w[4] == '6' ? AF_INET6 : AF_INET, w) == -1)
				return -1;
		} else if (strcmp(w, "not") == 0) {
			ru->invert = true;
		} else if (strcmp(w, "from") == 0 || strcmp(w, "to") == 0) {
			if (rule_prefix(&p, ru, w) == -1)
				return -1;
		} else if (strcmp(w, "no_track") == 0) {
			ru->no_track = true;
		} else if (is_static && strcmp(w, "track_group") == 0) {
			if (rp_value(&p, &w) == -1)
				return -1;
			snprintf(ru->track_group, sizeof(ru->track_group), "%s", w);
		} else if (strcmp(w, "type") == 0) {
			if (rp_value(&p, &w) == -1 || (ret = rule_action(&p, ru, w)) == -1)
				return -1;
			if (ret == 1)
				return rp_error(&p, "type: '%s' is not a rule action", w);
		} else if ((ret = rule_table_option(&p, ru, w, &table_option)) == -1 ||
			   (ret == 1 && (ret = rule_setting(&p, ru, w, &proto_given)) == -1) ||
			   (ret == 1 && (ret = rule_action(&p, ru, w)) == -1)) {
			return -1;
		} else if (ret == 1) {
			return rp_error(&p, "unknown word '%s'", w);
		}
	}
	return rule_complete(&p, ru, table_option, proto_given);
}
