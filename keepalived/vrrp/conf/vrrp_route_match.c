/*
 * Matching a deleted route or rule, as the kernel reported it, against the
 * configured ones (vrrp_route_match.h).
 */
#include "keepalived/vrrp/conf/vrrp_route_match.h"

#include <linux/fib_rules.h>
#include <string.h>
#include <sys/socket.h>

/* The first len bits of two addresses. */
static bool
rm_prefix_equal(const union vrrp_addr *a, const union vrrp_addr *b, uint8_t len)
{
	size_t bytes = len / 8;
	uint8_t bits = len % 8, mask;

	if (memcmp(a->bytes, b->bytes, bytes) != 0)
		return false;
	if (bits == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - bits));
	return (a->bytes[bytes] & mask) == (b->bytes[bytes] & mask);
}

bool
vrrp_route_matches(const struct vrrp_route *cfg, const struct vrrp_route *seen)
{
	if (cfg->family != seen->family || cfg->type != seen->type || cfg->table != seen->table ||
	    cfg->protocol != seen->protocol || cfg->tos != seen->tos ||
	    cfg->dst_len != seen->dst_len || !rm_prefix_equal(&cfg->dst, &seen->dst, cfg->dst_len))
		return false;
	/* IPv6 metric 0 is the kernel's 1024; a route given none may have either. */
	if (cfg->has_metric && seen->has_metric && cfg->metric != seen->metric &&
	    !(cfg->family == AF_INET6 && cfg->metric == 0 && seen->metric == 1024))
		return false;
	if (!cfg->has_metric && seen->has_metric && seen->metric != 0 &&
	    !(cfg->family == AF_INET6 && seen->metric == 1024))
		return false;
	return true;
}

bool
vrrp_rule_matches(const struct vrrp_rule *cfg, const struct vrrp_rule *seen)
{
	if (cfg->family != seen->family || cfg->action != seen->action ||
	    cfg->invert != seen->invert || cfg->tos != seen->tos)
		return false;
	if (cfg->has_priority && (!seen->has_priority || cfg->priority != seen->priority))
		return false;
	if (cfg->action == FR_ACT_TO_TBL && !cfg->l3mdev && cfg->table != seen->table)
		return false;
	if (cfg->has_from != seen->has_from ||
	    (cfg->has_from && (cfg->from_len != seen->from_len ||
			       !rm_prefix_equal(&cfg->from, &seen->from, cfg->from_len))))
		return false;
	if (cfg->has_to != seen->has_to ||
	    (cfg->has_to &&
	     (cfg->to_len != seen->to_len || !rm_prefix_equal(&cfg->to, &seen->to, cfg->to_len))))
		return false;
	if (cfg->has_fwmark != seen->has_fwmark || (cfg->has_fwmark && cfg->fwmark != seen->fwmark))
		return false;
	return strcmp(cfg->iif, seen->iif) == 0 && strcmp(cfg->oif, seen->oif) == 0;
}
