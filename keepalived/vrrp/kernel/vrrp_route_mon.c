/*
 * The route and rule monitor (vrrp_route_mon.h): RTM_DELROUTE and
 * RTM_DELRULE notifications read into the configuration's structs.
 */
#include "config.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_nlreq.h"
#include "keepalived/vrrp/kernel/vrrp_route_mon.h"
#include "lib/log.h"

#define RM_BUF_SIZE (64 * 1024)
#define RM_RCVBUF (4 * 1024 * 1024)
#define RM_BUDGET 64 /* datagrams per vrrp_route_mon_process() */

struct vrrp_route_mon {
	int fd;
	struct vrrp_route_mon_cbs cbs;
	struct vrrp_route_mon_stats stats;
	uint8_t *buf;
};

static int
rm_join(int fd, int group)
{
	return setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group));
}

struct vrrp_route_mon *
vrrp_route_mon_open(const struct vrrp_route_mon_cbs *cbs)
{
	struct vrrp_route_mon *m = calloc(1, sizeof(*m));
	struct sockaddr_nl sa;
	int size = RM_RCVBUF;

	if (m == NULL || (m->buf = malloc(RM_BUF_SIZE)) == NULL) {
		log_warnx("routes: Netlink monitor: out of memory");
		free(m);
		return NULL;
	}
	m->cbs = *cbs;
	m->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (m->fd == -1 || bind(m->fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    rm_join(m->fd, RTNLGRP_IPV4_ROUTE) == -1 || rm_join(m->fd, RTNLGRP_IPV6_ROUTE) == -1 ||
	    rm_join(m->fd, RTNLGRP_IPV4_RULE) == -1 || rm_join(m->fd, RTNLGRP_IPV6_RULE) == -1) {
		log_warn("routes: Netlink monitor: cannot open");
		vrrp_route_mon_close(m);
		return NULL;
	}
	if (setsockopt(m->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) == -1)
		(void)setsockopt(m->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return m;
}

void
vrrp_route_mon_close(struct vrrp_route_mon *m)
{
	if (m == NULL)
		return;
	if (m->fd >= 0)
		close(m->fd);
	free(m->buf);
	free(m);
}

int
vrrp_route_mon_fd(const struct vrrp_route_mon *m)
{
	return m->fd;
}

const struct vrrp_route_mon_stats *
vrrp_route_mon_get_stats(const struct vrrp_route_mon *m)
{
	return &m->stats;
}

/* An address attribute of the family's length into a. */
static bool
rm_addr(const struct nlattr *na, int family, union vrrp_addr *a)
{
	int len = family == AF_INET ? 4 : 16;

	if (na == NULL || nla_len(na) < len)
		return false;
	memset(a, 0, sizeof(*a));
	memcpy(a->bytes, nla_data(na), (size_t)len);
	return true;
}

static void
rm_route(struct vrrp_route_mon *m, struct nlmsghdr *nlh)
{
	struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm;
	struct vrrp_route seen;

	if (nlmsg_parse(nlh, sizeof(*rtm), tb, RTA_MAX, NULL) < 0) {
		m->stats.malformed++;
		return;
	}
	rtm = nlmsg_data(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return;
	memset(&seen, 0, sizeof(seen));
	seen.family = rtm->rtm_family;
	seen.type = rtm->rtm_type;
	seen.dst_len = rtm->rtm_dst_len;
	seen.tos = rtm->rtm_tos;
	seen.protocol = rtm->rtm_protocol;
	seen.scope = rtm->rtm_scope;
	seen.table = tb[RTA_TABLE] != NULL ? nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (seen.dst_len > 0 && !rm_addr(tb[RTA_DST], seen.family, &seen.dst)) {
		m->stats.malformed++;
		return;
	}
	if (tb[RTA_PRIORITY] != NULL) {
		seen.has_metric = true;
		seen.metric = nla_get_u32(tb[RTA_PRIORITY]);
	}
	m->stats.deletions++;
	if (m->cbs.route_del != NULL)
		m->cbs.route_del(m->cbs.arg, &seen);
}

static void
rm_ifname(const struct nlattr *na, char *out)
{
	if (na != NULL)
		snprintf(out, IF_NAMESIZE, "%.*s", nla_len(na), (const char *)nla_data(na));
}

static void
rm_rule(struct vrrp_route_mon *m, struct nlmsghdr *nlh)
{
	struct nlattr *tb[FRA_MAX + 1];
	const struct fib_rule_hdr *frh;
	struct vrrp_rule seen;

	if (nlmsg_parse(nlh, sizeof(*frh), tb, FRA_MAX, NULL) < 0) {
		m->stats.malformed++;
		return;
	}
	frh = nlmsg_data(nlh);
	if (frh->family != AF_INET && frh->family != AF_INET6)
		return;
	memset(&seen, 0, sizeof(seen));
	seen.family = frh->family;
	seen.action = frh->action;
	seen.invert = (frh->flags & FIB_RULE_INVERT) != 0;
	seen.tos = frh->tos;
	seen.table = tb[FRA_TABLE] != NULL ? nla_get_u32(tb[FRA_TABLE]) : frh->table;
	seen.has_priority = tb[FRA_PRIORITY] != NULL;
	seen.priority = seen.has_priority ? nla_get_u32(tb[FRA_PRIORITY]) : 0;
	seen.has_from = frh->src_len > 0 && rm_addr(tb[FRA_SRC], seen.family, &seen.from);
	seen.from_len = seen.has_from ? frh->src_len : 0;
	seen.has_to = frh->dst_len > 0 && rm_addr(tb[FRA_DST], seen.family, &seen.to);
	seen.to_len = seen.has_to ? frh->dst_len : 0;
	seen.has_fwmark = tb[FRA_FWMARK] != NULL;
	seen.fwmark = seen.has_fwmark ? nla_get_u32(tb[FRA_FWMARK]) : 0;
	rm_ifname(tb[FRA_IIFNAME], seen.iif);
	rm_ifname(tb[FRA_OIFNAME], seen.oif);
	seen.suppress_prefixlen = -1;
	m->stats.deletions++;
	if (m->cbs.rule_del != NULL)
		m->cbs.rule_del(m->cbs.arg, &seen);
}

void
vrrp_route_mon_process(struct vrrp_route_mon *m)
{
	struct nlmsghdr *nlh;
	bool truncated;
	ssize_t n;
	int rem;

	for (int d = 0; d < RM_BUDGET; d++) {
		n = vrrp_nlreq_recv_kernel(m->fd, m->buf, RM_BUF_SIZE, MSG_DONTWAIT, &truncated);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			m->stats.overruns++;
			log_warnx("routes: Netlink monitor overrun - (%s)", strerror(ENOBUFS));
			if (m->cbs.overrun != NULL)
				m->cbs.overrun(m->cbs.arg);
			continue;
		}
		if (n < 0)
			return; /* EAGAIN: nothing more; another error: the next readable */
		if (truncated) {
			m->stats.overruns++;
			if (m->cbs.overrun != NULL)
				m->cbs.overrun(m->cbs.arg);
			continue;
		}
		rem = (int)n;
		for (nlh = (struct nlmsghdr *)m->buf; nlmsg_ok(nlh, rem);
		     nlh = nlmsg_next(nlh, &rem)) {
			m->stats.messages++;
			if (nlh->nlmsg_type == RTM_DELROUTE)
				rm_route(m, nlh);
			else if (nlh->nlmsg_type == RTM_DELRULE)
				rm_rule(m, nlh);
		}
	}
}
