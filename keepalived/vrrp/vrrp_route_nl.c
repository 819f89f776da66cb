/*
 * Installing and removing routes, rules and static addresses in batches.
 *
 * libnl-route-3 builds each request from an rtnl_route / rtnl_rule /
 * rtnl_addr object (the few attributes it has no setter for are appended
 * to the message it built); the requests are then copied back-to-back into
 * one datagram of up to RN_BATCH_MAX, each asking for an acknowledgement
 * with its own sequence number. rtnetlink handles a datagram message by
 * message in the sender's context, so when sendto() returns every answer
 * is queued; they are read and matched to the entries afterwards. N routes
 * cost one system call to send and a few to read instead of N round trips.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
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
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <endian.h>

#include "keepalived/vrrp/vrrp_route.h"
#include "lib/log.h"

#define RN_BATCH_MAX 64		     /* requests per datagram */
#define RN_TXBUF (64 * 1024)	     /* bytes per datagram */
#define RN_RXBUF (64 * 1024)
#define RN_SOCK_RCVBUF (1024 * 1024) /* every ack of a full batch fits, with room */
#define RN_TIMEOUT_S 2

enum rn_kind { RN_ADDR, RN_ROUTE, RN_RULE };

struct vrrp_route_nl {
	struct nl_sock *sk;
	vrrp_route_ifindex_fn resolve;
	void *resolve_arg;
	uint32_t seq;
	struct vrrp_route_nl_stats stats;
	uint8_t *txbuf;
	uint8_t *rxbuf;
};

/* One entry of a batch and its outcome. */
struct rn_slot {
	enum rn_kind kind;
	const void *entry;
	uint32_t seq;
	int err; /* positive errno, 0 for success */
	bool done;
};

struct rn_batch {
	struct rn_slot slots[RN_BATCH_MAX];
	size_t n, pending;
	size_t len; /* bytes in txbuf */
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
#define RN_SET_ADDR(err, setter, obj, family, a, len)                          \
	do {                                                                  \
		struct nl_addr *na_ = rn_addr((family), (a), (len));          \
		(err) = na_ != NULL ? setter((obj), na_) : -NLE_NOMEM;        \
		nl_addr_put(na_);                                             \
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
	for (int x = 1; err == 0 && x <= RTAX_MAX; x++)
		if (rt->metrics_set & (1u << x))
			err = rtnl_route_set_metric(r, x, rt->metrics[x]);
	if (err == 0 && rt->lock != 0)
		err = rtnl_route_set_metric(r, RTAX_LOCK, rt->lock);
	if (err == 0 && rt->nnh == 0 && (rt->has_via || rt->dev[0] != '\0' || rt->realms != 0))
		err = rn_nexthop(h, r, rt->family, rt->has_via ? &rt->via : NULL, rt->dev, 0, rt->onlink,
				 rt->realms, missing);
	for (size_t i = 0; err == 0 && i < rt->nnh; i++)
		err = rn_nexthop(h, r, rt->family, rt->nh[i].has_gw ? &rt->nh[i].gw : NULL,
				 rt->nh[i].dev, rt->nh[i].weight, rt->nh[i].onlink, rt->nh[i].realms,
				 missing);
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
	if (ru->has_suppress_ifgroup && nla_put_u32(msg, FRA_SUPPRESS_IFGROUP, ru->suppress_ifgroup) < 0)
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
	if (vip->nodad && vip->family == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	if (err == 0 && add)
		err = rtnl_addr_build_add_request(a, NLM_F_EXCL, msg);
	else if (err == 0)
		err = rtnl_addr_build_delete_request(a, 0, msg);
	rtnl_addr_put(a);
	return err;
}

/* Sending and collecting ------------------------------------------------------- */

/* The kernel's explanation in an extended ack, or NULL. */
static const char *
rn_ext_ack(struct nlmsghdr *nlh)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = sizeof(*e);
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	off = NLMSG_ALIGN(off);
	if (NLMSG_LENGTH(off) >= nlh->nlmsg_len)
		return NULL;
	len = (int)(nlh->nlmsg_len - NLMSG_LENGTH(off));
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((uint8_t *)nlmsg_data(nlh) + off), len,
		      NULL) < 0 ||
	    tb[NLMSGERR_ATTR_MSG] == NULL || nla_len(tb[NLMSGERR_ATTR_MSG]) < 1 ||
	    ((const char *)nla_data(tb[NLMSGERR_ATTR_MSG]))[nla_len(tb[NLMSGERR_ATTR_MSG]) - 1] != '\0')
		return NULL;
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

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
	log_warnx("%s%sNetlink: cannot %s %s %s: %s%s%s", who, who[0] ? " " : "", add ? "add" : "remove",
		  kinds[s->kind], text, strerror(s->err), why ? " - " : "", why ? why : "");
}

/* Every entry still without an answer failed with err. */
static int
rn_fail_pending(struct rn_batch *b, int err, bool add, const char *who)
{
	int failures = 0;

	for (size_t i = 0; i < b->n; i++) {
		struct rn_slot *s = &b->slots[i];

		if (s->done)
			continue;
		s->done = true;
		s->err = err;
		rn_log_failure(s, add, who, NULL);
		failures++;
	}
	b->pending = 0;
	return failures;
}

/* Match one answer to its entry; 1 if it reports a failure (logged). */
static int
rn_answer(struct rn_batch *b, struct nlmsghdr *nlh, bool add, const char *who)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);

	if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return 0;
	for (size_t i = 0; i < b->n; i++) {
		struct rn_slot *s = &b->slots[i];

		/* An answer to an entry of an earlier batch that timed out matches none. */
		if (s->done || s->seq != nlh->nlmsg_seq)
			continue;
		s->done = true;
		b->pending--;
		s->err = -e->error;
		if (s->err == 0 || rn_harmless(s->kind, add, s->err))
			return 0;
		rn_log_failure(s, add, who, rn_ext_ack(nlh));
		return 1;
	}
	return 0;
}

/* Send the batch, read every answer. Returns the failures, each logged. */
static int
rn_flush(struct vrrp_route_nl *h, struct rn_batch *b, bool add, const char *who)
{
	int fd = nl_socket_get_fd(h->sk), failures = 0, rem;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen;
	struct nlmsghdr *nlh;
	ssize_t n;

	if (b->pending > 0 && sendto(fd, h->txbuf, b->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		failures += rn_fail_pending(b, errno, add, who);
	else if (b->pending > 0)
		h->stats.batches++;
	while (b->pending > 0) {
		salen = sizeof(sa);
		n = recvfrom(fd, h->rxbuf, RN_RXBUF, 0, (struct sockaddr *)&sa, &salen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* No answer within RN_TIMEOUT_S: what is missing failed. */
			failures += rn_fail_pending(b, n < 0 ? errno : EIO, add, who);
			break;
		}
		/* Any local process may send to our port: only the kernel is heard. */
		if (salen != sizeof(sa) || sa.nl_pid != 0)
			continue;
		rem = (int)n;
		for (nlh = (struct nlmsghdr *)h->rxbuf; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem))
			failures += rn_answer(b, nlh, add, who);
	}
	b->n = b->pending = b->len = 0;
	return failures;
}

/* Add one entry's request to the batch, flushing first when it is full. */
static int
rn_queue(struct vrrp_route_nl *h, struct rn_batch *b, enum rn_kind kind, const void *entry,
	 bool add, int default_ifindex, const char *who)
{
	const char *missing = NULL;
	struct nl_msg *msg = NULL;
	struct nlmsghdr *nlh;
	int failures = 0, err;

	if (kind == RN_ROUTE)
		err = rn_build_route(h, entry, add, &msg, &missing);
	else if (kind == RN_RULE)
		err = rn_build_rule(entry, add, &msg);
	else
		err = rn_build_addr(h, entry, default_ifindex, add, &msg, &missing);
	if (err < 0) {
		struct rn_slot s = { kind, entry, 0, err == -NLE_NODEV ? ENODEV : ENOMEM, true };

		if (msg != NULL)
			nlmsg_free(msg);
		/* Nothing to remove where the interface is gone. */
		if (!add && err == -NLE_NODEV)
			return 0;
		rn_log_failure(&s, add, who, missing != NULL ? missing : nl_geterror(err));
		return 1;
	}
	nlh = nlmsg_hdr(msg);
	if (b->n == RN_BATCH_MAX || b->len + NLMSG_ALIGN(nlh->nlmsg_len) > RN_TXBUF)
		failures += rn_flush(h, b, add, who);
	/* libnl adds NLM_F_REQUEST when it sends; without it the kernel acks and ignores. */
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++h->seq;
	memcpy(h->txbuf + b->len, nlh, nlh->nlmsg_len);
	memset(h->txbuf + b->len + nlh->nlmsg_len, 0, NLMSG_ALIGN(nlh->nlmsg_len) - nlh->nlmsg_len);
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
	b->slots[b->n++] = (struct rn_slot){ kind, entry, nlh->nlmsg_seq, 0, false };
	b->pending++;
	h->stats.requests++;
	nlmsg_free(msg);
	return failures;
}

int
vrrp_route_apply(struct vrrp_route_nl *h, const struct vrrp_routes_conf *rc, bool add,
		 int default_ifindex, const char *who)
{
	struct rn_batch *b;
	int failures = 0;
	size_t i;

	if (rc == NULL || rc->naddrs + rc->nroutes + rc->nrules == 0)
		return 0;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		log_warnx("%s Netlink: out of memory", who);
		return (int)(rc->naddrs + rc->nroutes + rc->nrules);
	}
	/* Routes may need the addresses (src, via on their subnet); rules the routes. */
	if (add) {
		for (i = 0; i < rc->naddrs; i++)
			failures += rn_queue(h, b, RN_ADDR, &rc->addrs[i], add, default_ifindex, who);
		for (i = 0; i < rc->nroutes; i++)
			failures += rn_queue(h, b, RN_ROUTE, &rc->routes[i], add, default_ifindex, who);
		for (i = 0; i < rc->nrules; i++)
			failures += rn_queue(h, b, RN_RULE, &rc->rules[i], add, default_ifindex, who);
	} else {
		for (i = rc->nrules; i-- > 0;)
			failures += rn_queue(h, b, RN_RULE, &rc->rules[i], add, default_ifindex, who);
		for (i = rc->nroutes; i-- > 0;)
			failures += rn_queue(h, b, RN_ROUTE, &rc->routes[i], add, default_ifindex, who);
		for (i = rc->naddrs; i-- > 0;)
			failures += rn_queue(h, b, RN_ADDR, &rc->addrs[i], add, default_ifindex, who);
	}
	failures += rn_flush(h, b, add, who);
	free(b);
	h->stats.failures += (uint64_t)failures;
	return failures;
}

/* The handle ------------------------------------------------------------------------ */

struct vrrp_route_nl *
vrrp_route_nl_open(void)
{
	struct vrrp_route_nl *h = calloc(1, sizeof(*h));
	struct timeval tv = { RN_TIMEOUT_S, 0 };
	int one = 1, err, fd;

	if (h == NULL || (h->sk = nl_socket_alloc()) == NULL ||
	    (h->txbuf = malloc(RN_TXBUF)) == NULL || (h->rxbuf = malloc(RN_RXBUF)) == NULL) {
		log_warnx("routes: Netlink: out of memory");
		goto fail;
	}
	if ((err = nl_connect(h->sk, NETLINK_ROUTE)) < 0) {
		log_warnx("routes: Netlink: cannot open a socket - %s", nl_geterror(err));
		goto fail;
	}
	fd = nl_socket_get_fd(h->sk);
	/* Errors carry the kernel's explanation, not a copy of the request. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_buffer_size(h->sk, RN_SOCK_RCVBUF, 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	h->resolve = rn_default_resolve;
	h->seq = (uint32_t)time(NULL);
	return h;
fail:
	vrrp_route_nl_close(h);
	return NULL;
}

void
vrrp_route_nl_close(struct vrrp_route_nl *h)
{
	if (h == NULL)
		return;
	if (h->sk != NULL)
		nl_socket_free(h->sk);
	free(h->txbuf);
	free(h->rxbuf);
	free(h);
}

void
vrrp_route_nl_set_resolver(struct vrrp_route_nl *h, vrrp_route_ifindex_fn fn, void *arg)
{
	h->resolve = fn != NULL ? fn : rn_default_resolve;
	h->resolve_arg = fn != NULL ? arg : NULL;
}

const struct vrrp_route_nl_stats *
vrrp_route_nl_get_stats(const struct vrrp_route_nl *h)
{
	return &h->stats;
}
