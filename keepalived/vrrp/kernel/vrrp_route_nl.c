/*
 * Installing and removing routes, rules and static addresses in batches.
 *
 * libnl-route-3 builds each request from an rtnl_route / rtnl_rule /
 * rtnl_addr object (the few attributes it has no setter for are appended
 * to the message it built); the requests then go into batches of the
 * request socket (vrrp_nlreq.h), each asking for an acknowledgement with
 * its own sequence number, and the answers are matched to the entries
 * afterwards. N routes cost one system call to send and a few to read
 * instead of N round trips.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>

#include "keepalived/vrrp/kernel/vrrp_nlreq.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "lib/log.h"

#define RN_BATCH_MAX VRRP_NLREQ_BATCH_MAX /* requests per datagram */

enum rn_kind {
	RN_ADDR,
	RN_ROUTE,
	RN_RULE
};

struct vrrp_route_nl {
	struct vrrp_nlreq *rq;
	vrrp_route_ifindex_fn resolve;
	void *resolve_arg;
	struct vrrp_route_nl_stats stats;
};

/* One entry of a batch and its outcome. */
struct rn_slot {
	enum rn_kind kind;
	const void *entry;
	uint32_t seq;
	int err; /* positive errno, 0 for success */
	bool done;
};

/* The entries of the request socket's batch. */
struct rn_batch {
	struct rn_slot slots[RN_BATCH_MAX];
	size_t n, pending;
	bool add;
	const char *who;
	int failures;
};

static int
rn_default_resolve(void *arg, const char *ifname)
{
	(void)arg;
	return (int)if_nametoindex(ifname);
}

/* Building requests ----------------------------------------------------------- */

static struct nl_addr *
rn_addr(int family, const union vrrp_addr *a, uint8_t prefixlen)
{
	struct nl_addr *na = nl_addr_build(family, a->bytes, family == AF_INET ? 4 : 16);

	if (na != NULL)
		nl_addr_set_prefixlen(na, prefixlen);
	return na;
}

/* obj's setter takes its own reference to the nl_addr. */
#define RN_SET_ADDR(err, setter, obj, family, a, len)                  \
	do {                                                           \
		struct nl_addr *na_ = rn_addr((family), (a), (len));   \
		(err) = na_ != NULL ? setter((obj), na_) : -NLE_NOMEM; \
		nl_addr_put(na_);                                      \
	} while (0)

/* An interface index, or -NLE_NODEV with the name kept for the message. */
static int
rn_ifindex(struct vrrp_route_nl *h, const char *name, const char **missing)
{
	int ifindex = h->resolve(h->resolve_arg, name);

	if (ifindex > 0)
		return ifindex;
	*missing = name;
	return -NLE_NODEV;
}

static int
rn_nexthop(struct vrrp_route_nl *h, struct rtnl_route *r, int family, const union vrrp_addr *gw,
	   const char *dev, uint16_t weight, bool onlink, uint32_t realms, const char **missing)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *na;
	int ifindex;

	if (nh == NULL)
		return -NLE_NOMEM;
	if (dev[0] != '\0') {
		if ((ifindex = rn_ifindex(h, dev, missing)) < 0) {
			rtnl_route_nh_free(nh);
			return ifindex;
		}
		rtnl_route_nh_set_ifindex(nh, ifindex);
	}
	if (gw != NULL) {
		if ((na = rn_addr(family, gw, family == AF_INET ? 32 : 128)) == NULL) {
			rtnl_route_nh_free(nh);
			return -NLE_NOMEM;
		}
		rtnl_route_nh_set_gateway(nh, na);
		nl_addr_put(na);
	}
	/* The kernel's weight is rtnh_hops + 1. */
	if (weight != 0)
		rtnl_route_nh_set_weight(nh, (uint8_t)(weight - 1));
	if (onlink)
		rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
	if (realms != 0)
		rtnl_route_nh_set_realms(nh, realms);
	rtnl_route_add_nexthop(r, nh);
	return 0;
}

static int
rn_route_fill(struct vrrp_route_nl *h, struct rtnl_route *r, const struct vrrp_route *rt,
	      const char **missing)
{
	int err;

	rtnl_route_set_family(r, (uint8_t)rt->family);
	rtnl_route_set_type(r, rt->type);
	rtnl_route_set_table(r, rt->table);
	/* Set explicitly: libnl would otherwise guess ip(8)'s scope, not keepalived's. */
	rtnl_route_set_scope(r, rt->scope);
	rtnl_route_set_protocol(r, rt->protocol);
	rtnl_route_set_tos(r, rt->tos);
	if (rt->has_metric)
		rtnl_route_set_priority(r, rt->metric);
	RN_SET_ADDR(err, rtnl_route_set_dst, r, rt->family, &rt->dst, rt->dst_len);
	if (err == 0 && rt->has_from)
		RN_SET_ADDR(err, rtnl_route_set_src, r, rt->family, &rt->from, rt->from_len);
	if (err == 0 && rt->has_pref_src)
		RN_SET_ADDR(err, rtnl_route_set_pref_src, r, rt->family, &rt->pref_src,
			    rt->family == AF_INET ? 32 : 128);
	/* With congctl (a string metric libnl cannot carry) rn_route_extra() writes them all. */
	for (int x = 1; err == 0 && x <= RTAX_MAX && rt->congctl[0] == '\0'; x++)
		if (rt->metrics_set & (1u << x))
			err = rtnl_route_set_metric(r, x, rt->metrics[x]);
	if (err == 0 && rt->lock != 0 && rt->congctl[0] == '\0')
		err = rtnl_route_set_metric(r, RTAX_LOCK, rt->lock);
	if (err == 0 && rt->nnh == 0 && (rt->has_via || rt->dev[0] != '\0' || rt->realms != 0))
		err = rn_nexthop(h, r, rt->family, rt->has_via ? &rt->via : NULL, rt->dev, 0,
				 rt->onlink, rt->realms, missing);
	for (size_t i = 0; err == 0 && i < rt->nnh; i++)
		err = rn_nexthop(h, r, rt->family, rt->nh[i].has_gw ? &rt->nh[i].gw : NULL,
				 rt->nh[i].dev, rt->nh[i].weight, rt->nh[i].onlink,
				 rt->nh[i].realms, missing);
	return err;
}

/* The metrics with RTAX_CC_ALGO, in one RTA_METRICS nest. */
static int
rn_metrics_cc(struct nl_msg *msg, const struct vrrp_route *rt)
{
	struct nlattr *nest = nla_nest_start(msg, RTA_METRICS);
	uint32_t lock = rt->lock | (rt->congctl_lock ? 1u << RTAX_CC_ALGO : 0);

	if (nest == NULL)
		return -NLE_MSGSIZE;
	for (int x = 1; x <= RTAX_MAX; x++)
		if (x != RTAX_CC_ALGO && (rt->metrics_set & (1u << x)) &&
		    nla_put_u32(msg, x, rt->metrics[x]) < 0)
			return -NLE_MSGSIZE;
	if (lock != 0 && nla_put_u32(msg, RTAX_LOCK, lock) < 0)
		return -NLE_MSGSIZE;
	if (nla_put_string(msg, RTAX_CC_ALGO, rt->congctl) < 0)
		return -NLE_MSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* encap ip / ip6: the tunnel's key, addresses, tos and ttl (LWTUNNEL_IP*_). */
static int
rn_encap_ip(struct nl_msg *msg, const struct vrrp_route_encap *e)
{
	bool v6 = e->type == VRRP_ENCAP_IP6;
	size_t alen = v6 ? 16 : 4;

	/*
	 * The attribute numbers of ip and ip6 differ: ID 1, DST 2, SRC 3, then
	 * TOS/TC, TTL/HOPLIMIT.
	 */
	if (e->has_id &&
	    nla_put_u64(msg, v6 ? LWTUNNEL_IP6_ID : LWTUNNEL_IP_ID, htobe64(e->id)) < 0)
		return -NLE_MSGSIZE;
	if (e->has_dst &&
	    nla_put(msg, v6 ? LWTUNNEL_IP6_DST : LWTUNNEL_IP_DST, (int)alen, &e->dst) < 0)
		return -NLE_MSGSIZE;
	if (e->has_src &&
	    nla_put(msg, v6 ? LWTUNNEL_IP6_SRC : LWTUNNEL_IP_SRC, (int)alen, &e->src) < 0)
		return -NLE_MSGSIZE;
	if (e->has_tos && nla_put_u8(msg, v6 ? LWTUNNEL_IP6_TC : LWTUNNEL_IP_TOS, e->tos) < 0)
		return -NLE_MSGSIZE;
	if (e->has_ttl && nla_put_u8(msg, v6 ? LWTUNNEL_IP6_HOPLIMIT : LWTUNNEL_IP_TTL, e->ttl) < 0)
		return -NLE_MSGSIZE;
	/* The kernel reads the flags as big-endian TUNNEL_* bits. */
	if (e->flags != 0 &&
	    nla_put_u16(msg, v6 ? LWTUNNEL_IP6_FLAGS : LWTUNNEL_IP_FLAGS, htons(e->flags)) < 0)
		return -NLE_MSGSIZE;
	return 0;
}

/* encap mpls: the label stack, bottom of stack on the last (MPLS_IPTUNNEL_*). */
static int
rn_encap_mpls(struct nl_msg *msg, const struct vrrp_route_encap *e)
{
	uint32_t stack[VRRP_ENCAP_MPLS_MAX_LABELS];

	for (size_t i = 0; i < e->nlabels; i++)
		stack[i] = htonl(e->labels[i] << 12 | (i + 1 == e->nlabels ? 1u << 8 : 0));
	if (nla_put(msg, MPLS_IPTUNNEL_DST, (int)(e->nlabels * sizeof(stack[0])), stack) < 0)
		return -NLE_MSGSIZE;
	if (e->has_ttl && nla_put_u8(msg, MPLS_IPTUNNEL_TTL, e->ttl) < 0)
		return -NLE_MSGSIZE;
	return 0;
}

/* What libnl's route object has no setter for: congctl, ttl-propagate, encap. */
static int
rn_route_extra(struct nl_msg *msg, const struct vrrp_route *rt)
{
	const struct vrrp_route_encap *e = &rt->encap;
	struct nlattr *nest;
	int err;

	if (rt->congctl[0] != '\0' && (err = rn_metrics_cc(msg, rt)) != 0)
		return err;
	if (rt->has_ttl_propagate &&
	    nla_put_u8(msg, RTA_TTL_PROPAGATE, rt->ttl_propagate ? 1 : 0) < 0)
		return -NLE_MSGSIZE;
	if (e->type == VRRP_ENCAP_NONE)
		return 0;
	if (nla_put_u16(msg, RTA_ENCAP_TYPE,
			e->type == VRRP_ENCAP_MPLS ? LWTUNNEL_ENCAP_MPLS :
			e->type == VRRP_ENCAP_IP   ? LWTUNNEL_ENCAP_IP :
						     LWTUNNEL_ENCAP_IP6) < 0)
		return -NLE_MSGSIZE;
	nest = nla_nest_start(msg, RTA_ENCAP);
	if (nest == NULL)
		return -NLE_MSGSIZE;
	err = e->type == VRRP_ENCAP_MPLS ? rn_encap_mpls(msg, e) : rn_encap_ip(msg, e);
	if (err == 0)
		nla_nest_end(msg, nest);
	return err;
}

static int
rn_build_route(struct vrrp_route_nl *h, const struct vrrp_route *rt, bool add, struct nl_msg **msg,
	       const char **missing)
{
	struct rtnl_route *r = rtnl_route_alloc();
	int err;

	if (r == NULL)
		return -NLE_NOMEM;
	err = rn_route_fill(h, r, rt, missing);
	if (err == 0 && add)
		err = rtnl_route_build_add_request(r, rt->append ? NLM_F_APPEND : 0, msg);
	else if (err == 0)
		err = rtnl_route_build_del_request(r, 0, msg);
	rtnl_route_put(r);
	/* What libnl has no setter for. */
	if (err == 0 && rt->has_pref && nla_put_u8(*msg, RTA_PREF, rt->pref) < 0)
		err = -NLE_MSGSIZE;
	if (err == 0 && rt->has_expires && add && nla_put_u32(*msg, RTA_EXPIRES, rt->expires) < 0)
		err = -NLE_MSGSIZE;
	if (err == 0 && add)
		err = rn_route_extra(*msg, rt);
	return err;
}

static int
rn_rule_fill(struct rtnl_rule *u, const struct vrrp_rule *ru)
{
	int err = 0;

	rtnl_rule_set_family(u, ru->family);
	rtnl_rule_set_action(u, ru->action);
	if (ru->has_priority)
		rtnl_rule_set_prio(u, ru->priority);
	if (ru->action == FR_ACT_TO_TBL && !ru->l3mdev)
		rtnl_rule_set_table(u, ru->table);
	if (ru->action == FR_ACT_GOTO)
		rtnl_rule_set_goto(u, ru->goto_target);
	if (ru->l3mdev)
		rtnl_rule_set_l3mdev(u, 1);
	if (ru->has_from)
		RN_SET_ADDR(err, rtnl_rule_set_src, u, ru->family, &ru->from, ru->from_len);
	if (err == 0 && ru->has_to)
		RN_SET_ADDR(err, rtnl_rule_set_dst, u, ru->family, &ru->to, ru->to_len);
	if (ru->tos != 0)
		rtnl_rule_set_dsfield(u, ru->tos);
	if (ru->has_fwmark)
		rtnl_rule_set_mark(u, ru->fwmark);
	if (ru->has_fwmask)
		rtnl_rule_set_mask(u, ru->fwmask);
	if (ru->realms != 0)
		rtnl_rule_set_realms(u, ru->realms);
	/* A rule names its interfaces; it may match one that does not exist yet. */
	if (err == 0 && ru->iif[0] != '\0')
		err = rtnl_rule_set_iif(u, ru->iif);
	if (err == 0 && ru->oif[0] != '\0')
		err = rtnl_rule_set_oif(u, ru->oif);
	if (err == 0 && ru->has_protocol)
		err = rtnl_rule_set_protocol(u, ru->protocol);
	if (err == 0 && ru->has_ipproto)
		err = rtnl_rule_set_ipproto(u, ru->ipproto);
	if (err == 0 && ru->has_sport)
		err = rtnl_rule_set_sport_range(u, ru->sport[0], ru->sport[1]);
	if (err == 0 && ru->has_dport)
		err = rtnl_rule_set_dport_range(u, ru->dport[0], ru->dport[1]);
	return err;
}

/* The attributes libnl's rule object lacks, appended to its message. */
static int
rn_rule_extra(struct nl_msg *msg, const struct vrrp_rule *ru)
{
	struct fib_rule_hdr *frh = nlmsg_data(nlmsg_hdr(msg));

	if (ru->invert)
		frh->flags |= FIB_RULE_INVERT;
	if (ru->suppress_prefixlen >= 0 &&
	    nla_put_u32(msg, FRA_SUPPRESS_PREFIXLEN, (uint32_t)ru->suppress_prefixlen) < 0)
		return -NLE_MSGSIZE;
	if (ru->has_suppress_ifgroup &&
	    nla_put_u32(msg, FRA_SUPPRESS_IFGROUP, ru->suppress_ifgroup) < 0)
		return -NLE_MSGSIZE;
	if (ru->has_uidrange) {
		struct fib_rule_uid_range range = { ru->uid_start, ru->uid_end };

		if (nla_put(msg, FRA_UID_RANGE, sizeof(range), &range) < 0)
			return -NLE_MSGSIZE;
	}
	if (ru->has_tun_id && nla_put_u64(msg, FRA_TUN_ID, htobe64(ru->tun_id)) < 0)
		return -NLE_MSGSIZE;
	return 0;
}

static int
rn_build_rule(const struct vrrp_rule *ru, bool add, struct nl_msg **msg)
{
	struct rtnl_rule *u = rtnl_rule_alloc();
	int err;

	if (u == NULL)
		return -NLE_NOMEM;
	err = rn_rule_fill(u, ru);
	/* EXCL: without it the kernel would add a second, identical rule. */
	if (err == 0 && add)
		err = rtnl_rule_build_add_request(u, NLM_F_EXCL, msg);
	else if (err == 0)
		err = rtnl_rule_build_delete_request(u, 0, msg);
	rtnl_rule_put(u);
	if (err == 0)
		err = rn_rule_extra(*msg, ru);
	return err;
}

static int
rn_build_addr(struct vrrp_route_nl *h, const struct vrrp_vip *vip, int default_ifindex, bool add,
	      struct nl_msg **msg, const char **missing)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	int ifindex = default_ifindex, err;

	if (a == NULL)
		return -NLE_NOMEM;
	if (vip->dev[0] != '\0')
		ifindex = rn_ifindex(h, vip->dev, missing);
	if (ifindex <= 0) {
		rtnl_addr_put(a);
		if (*missing == NULL)
			*missing = "(no default interface)";
		return -NLE_NODEV;
	}
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, vip->family);
	rtnl_addr_set_prefixlen(a, vip->prefixlen);
	rtnl_addr_set_scope(a, vip->scope);
	RN_SET_ADDR(err, rtnl_addr_set_local, a, vip->family, &vip->addr, vip->prefixlen);
	if (err == 0 && vip->has_brd) {
		union vrrp_addr brd = { .v4 = vip->brd };

		RN_SET_ADDR(err, rtnl_addr_set_broadcast, a, AF_INET, &brd, 32);
	}
	if (err == 0 && vip->label[0] != '\0' && vip->family == AF_INET)
		err = rtnl_addr_set_label(a, vip->label);
	/* libnl sends the flags above 8 bits as IFA_FLAGS; IPv6 always nodad, as keepalived. */
	rtnl_addr_set_flags(a, vip->ifa_flags | (vip->family == AF_INET6 ? IFA_F_NODAD : 0));
	/* preferred_lft, or keepalived's deprecated IPv6 /128 (vrrp_vip_pref_lft()). */
	if (add && vrrp_vip_pref_lft(vip) != UINT32_MAX) {
		rtnl_addr_set_valid_lifetime(a, UINT32_MAX);
		rtnl_addr_set_preferred_lifetime(a, vrrp_vip_pref_lft(vip));
	}
	if (err == 0 && add)
		err = rtnl_addr_build_add_request(a, NLM_F_EXCL, msg);
	else if (err == 0)
		err = rtnl_addr_build_delete_request(a, 0, msg);
	rtnl_addr_put(a);
	/*
	 * peer: the other end, as IFA_ADDRESS after the one libnl wrote (the
	 * kernel takes the last); libnl's own setter is IPv4 only.
	 */
	if (err == 0 && add && vip->has_peer &&
	    nla_put(*msg, IFA_ADDRESS, vip->family == AF_INET ? 4 : 16, vip->peer.bytes) < 0)
		err = -NLE_MSGSIZE;
	return err;
}

/* Sending and collecting ------------------------------------------------------- */

/* Is err what applying twice gives? Then it is no failure. */
static bool
rn_harmless(enum rn_kind kind, bool add, int err)
{
	if (add)
		return err == EEXIST;
	if (kind == RN_ADDR)
		return err == EADDRNOTAVAIL || err == ENODEV;
	return err == ESRCH || err == ENOENT || err == ENODEV;
}

static void
rn_log_failure(const struct rn_slot *s, bool add, const char *who, const char *why)
{
	static const char *const kinds[] = { "address", "route", "rule" };
	char text[900];

	if (s->kind == RN_ROUTE) {
		vrrp_route_format(s->entry, text, sizeof(text));
	} else if (s->kind == RN_RULE) {
		vrrp_rule_format(s->entry, text, sizeof(text));
	} else {
		const struct vrrp_vip *vip = s->entry;
		char a[INET6_ADDRSTRLEN];

		snprintf(text, sizeof(text), "%s/%u%s%s",
			 vrrp_addr_ntop(vip->family, &vip->addr, a, sizeof(a)), vip->prefixlen,
			 vip->dev[0] ? " dev " : "", vip->dev);
	}
	log_warnx("%s%sNetlink: cannot %s %s %s: %s%s%s", who, who[0] ? " " : "",
		  add ? "add" : "remove", kinds[s->kind], text, strerror(s->err), why ? " - " : "",
		  why ? why : "");
}

/* Every entry still without an answer failed with err. */
static void
rn_fail_pending(struct rn_batch *b, int err)
{
	for (size_t i = 0; i < b->n; i++) {
		struct rn_slot *s = &b->slots[i];

		if (s->done)
			continue;
		s->done = true;
		s->err = err;
		rn_log_failure(s, b->add, b->who, NULL);
		b->failures++;
	}
	b->pending = 0;
}

/* Match one answer to its entry; a failure is logged and counted. */
static int
rn_answer(void *arg, uint32_t seq, int err, const char *why)
{
	struct rn_batch *b = arg;

	for (size_t i = 0; i < b->n; i++) {
		struct rn_slot *s = &b->slots[i];

		/* An answer to an entry of an earlier batch that timed out matches none. */
		if (s->done || s->seq != seq)
			continue;
		s->done = true;
		b->pending--;
		s->err = err;
		if (s->err != 0 && !rn_harmless(s->kind, b->add, s->err)) {
			rn_log_failure(s, b->add, b->who, why);
			b->failures++;
		}
		return 1;
	}
	return 0;
}

/* Send the batch, read every answer; failures are logged and counted in b. */
static void
rn_flush(struct vrrp_route_nl *h, struct rn_batch *b)
{
	if (b->pending > 0 && vrrp_nlreq_batch_send(h->rq) == -1)
		rn_fail_pending(b, errno);
	else if (b->pending > 0)
		h->stats.batches++;
	if (b->pending > 0 && vrrp_nlreq_collect(h->rq, b->pending, rn_answer, b) == -1)
		rn_fail_pending(b, errno);
	b->n = b->pending = 0;
}

/* Add one entry's request to the batch, flushing first when it is full. */
static void
rn_queue(struct vrrp_route_nl *h, struct rn_batch *b, enum rn_kind kind, const void *entry,
	 int default_ifindex)
{
	const char *missing = NULL;
	struct nl_msg *msg = NULL;
	uint32_t seq;
	int err;

	if (kind == RN_ROUTE)
		err = rn_build_route(h, entry, b->add, &msg, &missing);
	else if (kind == RN_RULE)
		err = rn_build_rule(entry, b->add, &msg);
	else
		err = rn_build_addr(h, entry, default_ifindex, b->add, &msg, &missing);
	if (err < 0) {
		struct rn_slot s = { kind, entry, 0, err == -NLE_NODEV ? ENODEV : ENOMEM, true };

		if (msg != NULL)
			nlmsg_free(msg);
		/* Nothing to remove where the interface is gone. */
		if (!b->add && err == -NLE_NODEV)
			return;
		rn_log_failure(&s, b->add, b->who, missing != NULL ? missing : nl_geterror(err));
		b->failures++;
		return;
	}
	if (b->n == RN_BATCH_MAX || vrrp_nlreq_batch_add(h->rq, nlmsg_hdr(msg), &seq) == -1) {
		rn_flush(h, b);
		if (vrrp_nlreq_batch_add(h->rq, nlmsg_hdr(msg), &seq) == -1) {
			struct rn_slot s = { kind, entry, 0, EMSGSIZE, true };

			rn_log_failure(&s, b->add, b->who, NULL);
			b->failures++;
			nlmsg_free(msg);
			return;
		}
	}
	b->slots[b->n++] = (struct rn_slot){ kind, entry, seq, 0, false };
	b->pending++;
	h->stats.requests++;
	nlmsg_free(msg);
}

int
vrrp_route_apply(struct vrrp_route_nl *h, const struct vrrp_routes_conf *rc, bool add,
		 int default_ifindex, const char *who)
{
	struct rn_batch *b;
	int failures;
	size_t i;

	if (rc == NULL || rc->naddrs + rc->nroutes + rc->nrules == 0)
		return 0;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		log_warnx("%s Netlink: out of memory", who);
		return (int)(rc->naddrs + rc->nroutes + rc->nrules);
	}
	b->add = add;
	b->who = who;
	/* Routes may need the addresses (src, via on their subnet); rules the routes. */
	if (add) {
		for (i = 0; i < rc->naddrs; i++)
			rn_queue(h, b, RN_ADDR, &rc->addrs[i], default_ifindex);
		for (i = 0; i < rc->nroutes; i++)
			rn_queue(h, b, RN_ROUTE, &rc->routes[i], default_ifindex);
		for (i = 0; i < rc->nrules; i++)
			rn_queue(h, b, RN_RULE, &rc->rules[i], default_ifindex);
	} else {
		for (i = rc->nrules; i-- > 0;)
			rn_queue(h, b, RN_RULE, &rc->rules[i], default_ifindex);
		for (i = rc->nroutes; i-- > 0;)
			rn_queue(h, b, RN_ROUTE, &rc->routes[i], default_ifindex);
		for (i = rc->naddrs; i-- > 0;)
			rn_queue(h, b, RN_ADDR, &rc->addrs[i], default_ifindex);
	}
	rn_flush(h, b);
	failures = b->failures;
	free(b);
	h->stats.failures += (uint64_t)failures;
	return failures;
}

/* The handle ------------------------------------------------------------------------ */

struct vrrp_route_nl *
vrrp_route_nl_open(void)
{
	struct vrrp_route_nl *h = calloc(1, sizeof(*h));

	if (h == NULL) {
		log_warnx("routes: Netlink: out of memory");
		return NULL;
	}
	if ((h->rq = vrrp_nlreq_open("routes: Netlink")) == NULL) {
		free(h);
		return NULL;
	}
	h->resolve = rn_default_resolve;
	return h;
}

void
vrrp_route_nl_close(struct vrrp_route_nl *h)
{
	if (h == NULL)
		return;
	vrrp_nlreq_close(h->rq);
	free(h);
}

void
vrrp_route_nl_set_resolver(struct vrrp_route_nl *h, vrrp_route_ifindex_fn fn, void *arg)
{
	h->resolve = fn != NULL ? fn : rn_default_resolve;
	h->resolve_arg = fn != NULL ? arg : NULL;
}

uint32_t
vrrp_route_nl_port(const struct vrrp_route_nl *h)
{
	return nl_socket_get_local_port(vrrp_nlreq_sock(h->rq));
}

const struct vrrp_route_nl_stats *
vrrp_route_nl_get_stats(const struct vrrp_route_nl *h)
{
	return &h->stats;
}
