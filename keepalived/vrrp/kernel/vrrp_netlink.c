/*
 * Netlink for the VRRP daemon: two libnl-3 sockets and the interface cache.
 *
 * The monitor socket receives link and address notifications and feeds the
 * cache (vrrp_ifcache.c); the glue reads the cache, never the kernel, on its
 * per-advert paths. The request socket carries the dumps that fill the
 * cache and the VIP batches: every request of a batch is packed into one
 * datagram, which the kernel processes message by message, and the
 * acknowledgements are read afterwards, so N addresses cost one send and a
 * few receives instead of N round-trips.
 *
 * Multicast netlink carries no sequence numbers of its own, so the only
 * sign of lost notifications is ENOBUFS (or a truncated datagram) on the
 * monitor socket. Then the queue is drained (what it still holds predates
 * the dump and could undo it), links and addresses are dumped, and the
 * differences are reported. Every notification queued after the drain is
 * a complete statement of an object's new state, so applying it on top of
 * the dump converges on the kernel's state whatever the interleaving.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_ifcache.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_nl_priv.h"
#include "keepalived/vrrp/kernel/vrrp_nlreq.h"

/* clang-format off */
static struct nla_policy vnl_link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .maxlen = IF_NAMESIZE },
	[IFLA_OPERSTATE] = { .type = NLA_U8 },
	[IFLA_MTU] = { .type = NLA_U32 },
	[IFLA_MASTER] = { .type = NLA_U32 },
	[IFLA_LINKINFO] = { .type = NLA_NESTED },
};
static struct nla_policy vnl_linkinfo_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = NLA_STRING },
};
/* clang-format on */

/* clang-format off */
static struct nla_policy vnl_addr_policy[IFA_MAX + 1] = {
	[IFA_LABEL] = { .type = NLA_STRING, .maxlen = IF_NAMESIZE },
	[IFA_FLAGS] = { .type = NLA_U32 },
};
/* clang-format on */

static int vnl_resync(struct vrrp_nl *nl);

const char *
vrrp_nl_ntop(int family, const union vrrp_addr *a, char *buf, size_t len)
{
	return inet_ntop(family, a->bytes, buf, (socklen_t)len) != NULL ? buf : "?";
}

/* Parsing ---------------------------------------------------------------- */

/* Returns 0, 1 for a message to ignore, -1 for a malformed one. */
static int
vnl_parse_link(struct nlmsghdr *nlh, struct ifc_link *l)
{
	struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return -1;
	ifi = nlmsg_data(nlh);
	/* AF_BRIDGE and the like describe ports, not the device itself. */
	if (ifi->ifi_family != AF_UNSPEC)
		return 1;
	if (nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, vnl_link_policy) < 0)
		return -1;
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME] != NULL)
		l->name = nla_get_string(tb[IFLA_IFNAME]);
	if (tb[IFLA_ADDRESS] != NULL) {
		l->lladdr = nla_data(tb[IFLA_ADDRESS]);
		l->lladdr_len = (size_t)nla_len(tb[IFLA_ADDRESS]);
	}
	if (tb[IFLA_OPERSTATE] != NULL) {
		l->has_operstate = true;
		l->operstate = nla_get_u8(tb[IFLA_OPERSTATE]);
	}
	if (tb[IFLA_MTU] != NULL)
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER] != NULL)
		l->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	/* A VRF device: its slaves' sockets bind to its addresses only (vrrp_inst_source()). */
	if (tb[IFLA_LINKINFO] != NULL) {
		struct nlattr *li[IFLA_INFO_MAX + 1];

		if (nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], vnl_linkinfo_policy) ==
			    0 &&
		    li[IFLA_INFO_KIND] != NULL)
			l->is_vrf = strcmp(nla_get_string(li[IFLA_INFO_KIND]), "vrf") == 0;
	}
	return 0;
}

static int
vnl_parse_addr(struct nlmsghdr *nlh, int *ifindex, struct vrrp_nl_ifaddr *a)
{
	struct nlattr *tb[IFA_MAX + 1], *local;
	const struct ifaddrmsg *ifa;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return -1;
	ifa = nlmsg_data(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 1;
	if (nlmsg_parse(nlh, sizeof(*ifa), tb, IFA_MAX, vnl_addr_policy) < 0)
		return -1;
	/* IFA_ADDRESS is the peer on point-to-point links; IFA_LOCAL is ours. */
	local = tb[IFA_LOCAL] != NULL ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (local == NULL || (size_t)nla_len(local) != ifc_addr_len(ifa->ifa_family))
		return -1;
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	memcpy(a->addr.bytes, nla_data(local), ifc_addr_len(a->family));
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = tb[IFA_FLAGS] != NULL ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	if (a->family == AF_INET && tb[IFA_LABEL] != NULL)
		nla_strlcpy(a->label, tb[IFA_LABEL], sizeof(a->label));
	*ifindex = (int)ifa->ifa_index;
	return 0;
}

/* Applying messages to the cache ----------------------------------------- */

static void
vnl_report_link(struct vrrp_nl *nl, struct ifc_iface *ifp, bool force)
{
	if (!force && ifp->info.up == ifp->reported_up)
		return;
	ifp->reported_up = ifp->info.up;
	if (nl->cbs.link != NULL)
		nl->cbs.link(nl->cbs.arg, ifp->info.ifindex, ifp->info.up);
}

void
vrrp_nl_link_hold(struct vrrp_nl *nl, int ifindex, bool up)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	if (ifp == NULL)
		return;
	ifp->held = true;
	ifp->info.up = up;
	ifp->reported_up = up;
}

void
vrrp_nl_link_poll(struct vrrp_nl *nl, int ifindex, bool up)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	if (ifp == NULL)
		return;
	ifp->held = true;
	ifp->info.polled = true;
	ifp->info.up = up;
	vnl_report_link(nl, ifp, false);
}

void
vrrp_nl_link_release(struct vrrp_nl *nl, int ifindex)
{
	struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	if (ifp == NULL || !ifp->held)
		return;
	ifp->held = false;
	ifp->info.polled = false;
	ifp->info.up = ifp->raw_up;
	vnl_report_link(nl, ifp, false);
}

static void
vnl_report_addr(struct vrrp_nl *nl, int ifindex, const struct vrrp_nl_ifaddr *a, bool added)
{
	if (nl->cbs.addr != NULL)
		nl->cbs.addr(nl->cbs.arg, a->family, ifindex, &a->addr, a->prefixlen, added);
}

/* Remove the address at index i, keep the derived fields right, report it. */
static void
vnl_addr_gone(struct vrrp_nl *nl, struct ifc_iface *ifp, size_t i)
{
	struct vrrp_nl_ifaddr old;

	ifc_addr_remove_at(ifp, i, &old);
	nl->addr_removals++;
	/* Not caused by our own request (lease expiry included): a VIP of ours is lost. */
	if (!vrrp_nl_event_own(nl))
		ifc_ours_mark_lost(&nl->cache, ifp->info.ifindex, old.family, &old.addr);
	ifc_derive(ifp);
	vnl_report_addr(nl, ifp->info.ifindex, &old, false);
}

/* An interface disappeared: report its addresses, then the link itself. */
static void
vnl_iface_gone(struct vrrp_nl *nl, struct ifc_iface *ifp)
{
	int ifindex = ifp->info.ifindex;

	while (ifp->naddrs > 0)
		vnl_addr_gone(nl, ifp, ifp->naddrs - 1);
	ifc_iface_remove(&nl->cache, ifp);
	if (nl->cbs.link != NULL)
		nl->cbs.link(nl->cbs.arg, ifindex, false);
}

/*
 * Apply one link message. During a resync (report = false) only the marks
 * are set; the sweep reports afterwards, once the request socket is free.
 */
static void
vnl_handle_link(struct vrrp_nl *nl, struct nlmsghdr *nlh, bool report)
{
	struct ifc_iface *ifp;
	struct ifc_link l;
	bool created;
	int r;

	r = vnl_parse_link(nlh, &l);
	if (r != 0) {
		if (r < 0)
			log_debug("Netlink: malformed link message ignored");
		return;
	}
	if (nlh->nlmsg_type == RTM_DELLINK) {
		ifp = ifc_find(&nl->cache, l.ifindex);
		if (ifp != NULL)
			vnl_iface_gone(nl, ifp);
		return;
	}
	ifp = ifc_link_set(&nl->cache, &l, &created);
	if (ifp == NULL) {
		log_warnx("Netlink: out of memory for interface %d; will resync", l.ifindex);
		nl->resync_pending = true;
		return;
	}
	if (!report) {
		if (created)
			ifp->mark = IFC_NEW;
		else if (ifp->mark == IFC_STALE)
			ifp->mark = IFC_SEEN;
		return;
	}
	vnl_report_link(nl, ifp, created);
}

static void
vnl_handle_addr(struct vrrp_nl *nl, struct nlmsghdr *nlh, bool report)
{
	struct vrrp_nl_ifaddr a;
	struct ifc_iface *ifp;
	struct ifc_addr *e;
	int ifindex, r;

	r = vnl_parse_addr(nlh, &ifindex, &a);
	/* The kernel names the requester's port in what its request caused. */
	nl->event_port = nlh->nlmsg_pid;
	if (r != 0) {
		if (r < 0)
			log_debug("Netlink: malformed address message ignored");
		return;
	}
	/*
	 * An address of an interface not (yet) in the cache: its RTM_NEWLINK
	 * comes first in the kernel's order, so this can only be an interface
	 * already gone.
	 */
	ifp = ifc_find(&nl->cache, ifindex);
	if (ifp == NULL)
		return;
	if (nlh->nlmsg_type == RTM_DELADDR) {
		e = ifc_addr_find(ifp, a.family, &a.addr);
		if (e != NULL)
			vnl_addr_gone(nl, ifp, (size_t)(e - ifp->addrs));
		return;
	}
	r = ifc_addr_set(&nl->cache, ifp, &a);
	if (r < 0) {
		log_warnx("Netlink: out of memory for an address; will resync");
		nl->resync_pending = true;
		return;
	}
	ifc_derive(ifp);
	if (!report) {
		e = ifc_addr_find(ifp, a.family, &a.addr);
		if (r == IFC_NEW)
			e->mark = IFC_NEW;
		else if (e->mark == IFC_STALE)
			e->mark = r == IFC_CHANGED ? IFC_CHANGED : IFC_SEEN;
		e->order = nl->dump_order++;
		return;
	}
	if (r != IFC_SEEN)
		vnl_report_addr(nl, ifindex, &a, true);
}

/* Returns 1 if the message was a link or address one, else 0. */
static int
vnl_handle_msg(struct vrrp_nl *nl, struct nlmsghdr *nlh, bool report)
{
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		vnl_handle_link(nl, nlh, report);
		return 1;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		vnl_handle_addr(nl, nlh, report);
		return 1;
	default:
		return 0;
	}
}

/* Resynchronisation ------------------------------------------------------ */

/* Throw away every queued notification: all of it predates the coming dump. */
static void
vnl_drain(struct vrrp_nl *nl)
{
	int fd = nl_socket_get_fd(nl->mon);

	for (int i = 0; i < VNL_DRAIN_MAX; i++) {
		if (recv(fd, nl->mon_buf, VNL_RXBUF_SIZE, MSG_DONTWAIT) >= 0)
			continue;
		if (errno != EINTR && errno != ENOBUFS)
			break;
	}
}

static void
vnl_dump_msg(void *arg, struct nlmsghdr *nlh)
{
	vnl_handle_msg(arg, nlh, false);
}

/* One dump on the request socket. 0, 1 when interrupted (redo), -1 on error. */
static int
vnl_dump_once(struct vrrp_nl *nl, int type)
{
	struct ifinfomsg ifi;
	struct ifaddrmsg ifa;

	memset(&ifi, 0, sizeof(ifi));
	memset(&ifa, 0, sizeof(ifa));
	if (type == RTM_GETLINK)
		return vrrp_nlreq_dump(nl->req, type, &ifi, sizeof(ifi), vnl_dump_msg, nl);
	return vrrp_nlreq_dump(nl->req, type, &ifa, sizeof(ifa), vnl_dump_msg, nl);
}

static int
vnl_dump(struct vrrp_nl *nl, int type)
{
	for (int i = 0; i < VNL_DUMP_TRIES; i++) {
		int r = vnl_dump_once(nl, type);

		if (r <= 0)
			return r;
	}
	log_warnx("Netlink: dump kept being interrupted by changes");
	return -1;
}

/* Restore the kernel's order: the dump lists addresses as the kernel keeps them. */
static void
vnl_sort_addrs(struct ifc_iface *ifp)
{
	for (size_t i = 1; i < ifp->naddrs; i++) {
		struct ifc_addr tmp = ifp->addrs[i];
		size_t j = i;

		for (; j > 0 && ifp->addrs[j - 1].order > tmp.order; j--)
			ifp->addrs[j] = ifp->addrs[j - 1];
		ifp->addrs[j] = tmp;
	}
	ifc_addr_reindex(ifp);
}

/* After a complete dump: drop and report what is gone, report what is new. */
static void
vnl_sweep(struct vrrp_nl *nl)
{
	struct ifcache *c = &nl->cache;

	for (size_t i = 0; i < c->nifs;) {
		if (c->ifs[i]->mark == IFC_STALE)
			vnl_iface_gone(nl, c->ifs[i]);
		else
			i++;
	}
	for (size_t i = 0; i < c->nifs; i++) {
		struct ifc_iface *ifp = c->ifs[i];
		bool created = ifp->mark == IFC_NEW;

		for (size_t j = 0; j < ifp->naddrs;) {
			if (ifp->addrs[j].mark == IFC_STALE)
				vnl_addr_gone(nl, ifp, j);
			else
				j++;
		}
		vnl_sort_addrs(ifp);
		ifc_derive(ifp);
		ifp->mark = IFC_SEEN;
		vnl_report_link(nl, ifp, created);
		for (size_t j = 0; j < ifp->naddrs; j++) {
			struct ifc_addr *e = &ifp->addrs[j];

			if (e->mark != IFC_SEEN)
				vnl_report_addr(nl, ifp->info.ifindex, &e->pub, true);
			e->mark = IFC_SEEN;
		}
	}
}

static int
vnl_resync(struct vrrp_nl *nl)
{
	struct ifcache *c = &nl->cache;

	nl->resync_pending = true;
	vnl_drain(nl);
	for (size_t i = 0; i < c->nifs; i++) {
		c->ifs[i]->mark = IFC_STALE;
		for (size_t j = 0; j < c->ifs[i]->naddrs; j++)
			c->ifs[i]->addrs[j].mark = IFC_STALE;
	}
	nl->dump_order = 0;
	if (vnl_dump(nl, RTM_GETLINK) == -1 || vnl_dump(nl, RTM_GETADDR) == -1) {
		/* Nothing is known to be gone: unmark, keep what we had, retry later. */
		for (size_t i = 0; i < c->nifs; i++) {
			c->ifs[i]->mark = IFC_SEEN;
			for (size_t j = 0; j < c->ifs[i]->naddrs; j++)
				c->ifs[i]->addrs[j].mark = IFC_SEEN;
		}
		return -1;
	}
	nl->resync_pending = false;
	vnl_sweep(nl);
	return 0;
}

int
vrrp_nl_resync(struct vrrp_nl *nl)
{
	log_info("Netlink: resynchronising interfaces and addresses");
	nl->stats.resyncs++;
	if (vnl_resync(nl) == -1)
		return -1;
	if (nl->cbs.resync != NULL)
		nl->cbs.resync(nl->cbs.arg);
	return 0;
}

/* Monitor ---------------------------------------------------------------- */

int
vrrp_nl_process(struct vrrp_nl *nl)
{
	int fd = nl_socket_get_fd(nl->mon), handled = 0, rem;
	struct nlmsghdr *nlh;
	bool truncated;
	ssize_t n;

	/*
	 * A failed resync is retried here; meanwhile notifications are still
	 * applied, each being a complete statement of an object's state.
	 */
	if (nl->resync_pending)
		(void)vrrp_nl_resync(nl);
	for (int budget = VNL_PROCESS_BUDGET; budget > 0; budget--) {
		n = vrrp_nlreq_recv_kernel(fd, nl->mon_buf, VNL_RXBUF_SIZE, MSG_DONTWAIT,
					   &truncated);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 && errno == ENOBUFS) {
			/* keepalived's wording, which people alert on. */
			log_info("Netlink: Receive buffer overrun on monitor socket - (%s)",
				 strerror(ENOBUFS));
			log_info("  - increase the relevant netlink_rcv_bufs global parameter "
				 "and/or set force");
		} else if (n >= 0 && truncated) {
			log_warnx("Netlink: truncated notification on monitor socket");
		} else if (n < 0) {
			log_warn("Netlink: recvmsg error on monitor socket");
			return -1;
		} else {
			rem = (int)n;
			for (nlh = (struct nlmsghdr *)nl->mon_buf; nlmsg_ok(nlh, rem);
			     nlh = nlmsg_next(nlh, &rem))
				handled += vnl_handle_msg(nl, nlh, true);
			continue;
		}
		/* Notifications were lost. */
		nl->stats.overruns++;
		(void)vrrp_nl_resync(nl);
	}
	nl->stats.notifications += (uint64_t)handled;
	return handled;
}

/* Cache look-ups --------------------------------------------------------- */

const struct vrrp_ifinfo *
vrrp_nl_if(const struct vrrp_nl *nl, const char *ifname)
{
	const struct ifc_iface *ifp = ifc_find_name(&nl->cache, ifname);

	return ifp != NULL ? &ifp->info : NULL;
}

const struct vrrp_ifinfo *
vrrp_nl_if_by_index(const struct vrrp_nl *nl, int ifindex)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL ? &ifp->info : NULL;
}

size_t
vrrp_nl_if_count(const struct vrrp_nl *nl)
{
	return nl->cache.nifs;
}

const struct vrrp_ifinfo *
vrrp_nl_if_at(const struct vrrp_nl *nl, size_t i)
{
	return i < nl->cache.nifs ? &nl->cache.ifs[i]->info : NULL;
}

int
vrrp_nl_l3_domain(const struct vrrp_nl *nl, int ifindex)
{
	return ifc_l3_domain(&nl->cache, ifindex);
}

bool
vrrp_nl_addr_in_domain(const struct vrrp_nl *nl, int family, const union vrrp_addr *a, int domain)
{
	return ifc_addr_in_domain(&nl->cache, family, a, domain);
}

size_t
vrrp_nl_addr_count(const struct vrrp_nl *nl, int ifindex)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL ? ifp->naddrs : 0;
}

const struct vrrp_nl_ifaddr *
vrrp_nl_addr_at(const struct vrrp_nl *nl, int ifindex, size_t i)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	return ifp != NULL && i < ifp->naddrs ? &ifp->addrs[i].pub : NULL;
}

const struct vrrp_nl_stats *
vrrp_nl_get_stats(const struct vrrp_nl *nl)
{
	return &nl->stats;
}

/* Set-up ----------------------------------------------------------------- */

int
vrrp_nl_set_rcvbuf(struct vrrp_nl *nl, int bytes, bool force)
{
	int fd = nl_socket_get_fd(nl->mon), err;

	if (force && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0)
		return 0;
	/* Without CAP_NET_ADMIN the kernel caps this at net.core.rmem_max. */
	err = nl_socket_set_buffer_size(nl->mon, bytes, 0);
	if (err < 0) {
		log_warnx("Netlink: cannot set the monitor receive buffer to %d: %s", bytes,
			  nl_geterror(err));
		return -1;
	}
	return 0;
}

int
vrrp_nl_fd_set_rcvbuf(int fd, int bytes, bool force, const char *what)
{
	if (force && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) == -1) {
		log_warn("Netlink: cannot set the %s receive buffer to %d", what, bytes);
		return -1;
	}
	return 0;
}

int
vrrp_nl_set_cmd_rcvbuf(struct vrrp_nl *nl, int bytes, bool force)
{
	return vrrp_nl_fd_set_rcvbuf(nl_socket_get_fd(vrrp_nlreq_sock(nl->req)), bytes, force,
				     "command");
}

void
vrrp_nl_set_callbacks(struct vrrp_nl *nl, const struct vrrp_nl_cbs *cbs)
{
	if (cbs != NULL)
		nl->cbs = *cbs;
	else
		memset(&nl->cbs, 0, sizeof(nl->cbs));
}

int
vrrp_nl_fd(const struct vrrp_nl *nl)
{
	return nl_socket_get_fd(nl->mon);
}

struct vrrp_nl *
vrrp_nl_open(void)
{
	struct vrrp_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (nl == NULL) {
		log_warn("Netlink: %s", __func__);
		return NULL;
	}
	ifc_init(&nl->cache);
	nl->mon_buf = malloc(VNL_RXBUF_SIZE);
	nl->mon = nl_socket_alloc();
	if (nl->mon_buf == NULL || nl->mon == NULL) {
		log_warnx("Netlink: %s: out of memory", __func__);
		goto error;
	}
	/* Subscribe before the first dump, so no change falls between the two. */
	if ((err = nl_connect(nl->mon, NETLINK_ROUTE)) < 0 ||
	    (err = nl_socket_add_memberships(nl->mon, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
					     RTNLGRP_IPV6_IFADDR, 0)) < 0 ||
	    (err = nl_socket_set_nonblocking(nl->mon)) < 0) {
		log_warnx("Netlink: cannot open the rtnetlink sockets: %s", nl_geterror(err));
		goto error;
	}
	if (vrrp_nl_set_rcvbuf(nl, VNL_MONITOR_RCVBUF, true) == -1 ||
	    (nl->req = vrrp_nlreq_open("Netlink")) == NULL)
		goto error;
	if (vnl_resync(nl) == -1)
		goto error;
	return nl;
error:
	vrrp_nl_close(nl);
	return NULL;
}

void
vrrp_nl_close(struct vrrp_nl *nl)
{
	if (nl == NULL)
		return;
	(void)vrrp_nl_vips_release(nl);
	if (nl->mon != NULL)
		nl_socket_free(nl->mon);
	vrrp_nlreq_close(nl->req);
	ifc_free(&nl->cache);
	free(nl->mon_buf);
	free(nl);
}
