/*
 * Virtual addresses through netlink: a transition's VIPs are packed as
 * RTM_NEWADDR / RTM_DELADDR requests into one batch of the request socket
 * (vrrp_nlreq.h, up to VNL_BATCH_MAX of them per datagram), and the
 * acknowledgements are matched to the requests by sequence number.
 * Idempotent outcomes (EEXIST on add, EADDRNOTAVAIL on delete) are
 * successes; other failures are logged once each, with the kernel's own
 * explanation when it gives one (extended ack).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_ifcache.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_nl_priv.h"
#include "keepalived/vrrp/kernel/vrrp_nlreq.h"

/*
 * An address request: header, ifaddrmsg, three addresses, a label, the
 * lifetimes and the flags at most.
 */
#define VNL_MSG_SIZE                                                              \
	(NLMSG_SPACE(sizeof(struct ifaddrmsg)) + 3 * NLA_ALIGN(NLA_HDRLEN + 16) + \
	 NLA_ALIGN(NLA_HDRLEN + IF_NAMESIZE) +                                    \
	 NLA_ALIGN(NLA_HDRLEN + sizeof(struct ifa_cacheinfo)) + NLA_ALIGN(NLA_HDRLEN + 4))

/* One VIP request of a batch and its outcome. */
struct vnl_slot {
	const struct vrrp_vip *vip;
	int ifindex;
	uint32_t seq;
	int err; /* positive errno, 0 for success */
	bool done;
	bool renew;   /* a lease renewal: NLM_F_REPLACE with lft (vrrp_nl_vips_renew()) */
	uint32_t lft; /* renew: the new lifetime, 0 = permanent */
	int *err_out; /* renew: where the caller wants the outcome */
};

/* The interface a VIP lives on: its own dev, else the default; 0 if unknown. */
static int
vnl_vip_ifindex(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	const struct ifc_iface *ifp;

	if (vip->dev[0] == '\0')
		return default_ifindex > 0 ? default_ifindex : 0;
	ifp = ifc_find_name(&nl->cache, vip->dev);
	return ifp != NULL ? ifp->info.ifindex : 0;
}

/* The kernel's rule for ifconfig-style aliases: "eth0" or "eth0:<anything>". */
static bool
vnl_label_ok(const char *label, const char *ifname)
{
	size_t n = strnlen(ifname, IF_NAMESIZE);

	return n > 0 && strncmp(label, ifname, n) == 0 && (label[n] == '\0' || label[n] == ':');
}

static const char *
vnl_ifname(const struct vrrp_nl *nl, int ifindex, char *buf, size_t len)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, ifindex);

	if (ifp != NULL)
		return ifp->info.name;
	snprintf(buf, len, "ifindex %d", ifindex);
	return buf;
}

/*
 * A lease (vrrp_conf_lease.h): valid lifetime lft seconds. Without one an
 * address is permanent, which a renewal says explicitly. The preferred
 * lifetime is the address's own (preferred_lft, 0 for an IPv6 /128:
 * vrrp_vip_pref_lft()), never beyond the valid one.
 */
static int
vnl_put_lifetime(struct nl_msg *msg, const struct vrrp_vip *vip, uint32_t lft, bool renew)
{
	uint32_t pref = vrrp_vip_pref_lft(vip);
	struct ifa_cacheinfo ci;

	if (lft == 0 && !renew && pref == UINT32_MAX)
		return 0;
	memset(&ci, 0, sizeof(ci));
	ci.ifa_valid = lft > 0 ? lft : UINT32_MAX;
	ci.ifa_prefered = pref < ci.ifa_valid ? pref : ci.ifa_valid;
	return nla_put(msg, IFA_CACHEINFO, sizeof(ci), &ci);
}

/*
 * The address's flags: home, mngtmpaddr, noprefixroute, autojoin, and for
 * IPv6 always nodad, as keepalived 2.2.7 sets it on every IPv6 VIP (-nodad
 * or not): a VIP must be usable at once, and a Backup still holding it for
 * a moment must not leave it "dadfailed" for ever.
 */
static uint32_t
vnl_vip_flags(const struct vrrp_vip *vip)
{
	return vip->ifa_flags | (vip->family == AF_INET6 ? IFA_F_NODAD : 0);
}

/*
 * Add the RTM_NEWADDR / RTM_DELADDR request for s to the request socket's
 * batch, which has room for it (one VIP batch fills one datagram at most).
 * Returns 0 with s->seq set, or -1.
 */
static int
vnl_queue_vip(struct vrrp_nl *nl, bool add, struct vnl_slot *s)
{
	const struct vrrp_vip *vip = s->vip;
	const struct ifc_iface *ifp = ifc_find(&nl->cache, s->ifindex);
	const struct ifc_addr *cached = ifp ? ifc_addr_find(ifp, vip->family, &vip->addr) : NULL;
	int alen = (int)ifc_addr_len(vip->family), r = -1;
	struct ifaddrmsg ifa;
	struct nl_msg *msg;

	memset(&ifa, 0, sizeof(ifa));
	ifa.ifa_family = (uint8_t)vip->family;
	ifa.ifa_prefixlen = vip->prefixlen;
	ifa.ifa_scope = (uint8_t)vip->scope;
	ifa.ifa_index = (uint32_t)s->ifindex;
	/* The kernel reads IFA_FLAGS, when given, instead of these 8 bits. */
	if (add)
		ifa.ifa_flags = (uint8_t)(vnl_vip_flags(vip) & 0xff);
	/* IPv6 deletion matches the prefix length too: use the one in place. */
	if (!add && vip->family == AF_INET6 && cached != NULL)
		ifa.ifa_prefixlen = cached->pub.prefixlen;
	/*
	 * A renewal replaces the lifetimes of the address in place (a
	 * RTM_NEWADDR notification, no delete); the kernel creates it when it
	 * is missing, so only leases known to be alive are renewed. The
	 * message is sized for the request: libnl's default is a zeroed page.
	 */
	msg = nlmsg_alloc_size(VNL_MSG_SIZE);
	if (msg == NULL)
		return -1;
	if (nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, add ? RTM_NEWADDR : RTM_DELADDR, 0,
		      NLM_F_REQUEST | NLM_F_ACK |
			      (s->renew ? NLM_F_CREATE | NLM_F_REPLACE :
			       add      ? NLM_F_CREATE | NLM_F_EXCL :
					  0)) == NULL ||
	    nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, IFA_LOCAL, alen, vip->addr.bytes) < 0 ||
	    (add && vnl_put_lifetime(msg, vip, s->renew ? s->lft : vip->lease_s, s->renew) < 0) ||
	    (add && vnl_vip_flags(vip) > 0xff &&
	     nla_put_u32(msg, IFA_FLAGS, vnl_vip_flags(vip)) < 0))
		goto done;
	/* A point-to-point address: the other end (both families). */
	if (add && vip->has_peer && nla_put(msg, IFA_ADDRESS, alen, vip->peer.bytes) < 0)
		goto done;
	/*
	 * An IPv4 delete names IFA_LOCAL only, so the kernel matches the
	 * address whatever its prefix length (a stale VIP from an older
	 * configuration may have another one).
	 */
	if (add && vip->family == AF_INET) {
		if (!vip->has_peer && nla_put(msg, IFA_ADDRESS, alen, vip->addr.bytes) < 0)
			goto done;
		if (vip->has_brd && nla_put(msg, IFA_BROADCAST, sizeof(vip->brd), &vip->brd) < 0)
			goto done;
		if (vip->label[0] != '\0' && ifp != NULL &&
		    !vnl_label_ok(vip->label, ifp->info.name)) {
			char buf[INET6_ADDRSTRLEN];

			log_warnx("Netlink: label %s of VIP %s must start with \"%s:\"; "
				  "adding the address without it",
				  vip->label,
				  vrrp_nl_ntop(vip->family, &vip->addr, buf, sizeof(buf)),
				  ifp->info.name);
		} else if (vip->label[0] != '\0' && nla_put_string(msg, IFA_LABEL, vip->label) < 0)
			goto done;
	}
	r = vrrp_nlreq_batch_add(nl->req, nlmsg_hdr(msg), &s->seq);
done:
	nlmsg_free(msg);
	return r;
}

/* Judge one finished request: log a real failure once, track our VIPs. 1 = failed. */
static int
vnl_vip_result(struct vrrp_nl *nl, bool add, const struct vnl_slot *s, const char *why)
{
	const struct vrrp_vip *vip = s->vip;
	char abuf[INET6_ADDRSTRLEN], ibuf[32];
	int err = s->err;

	if (add && err == EEXIST)
		err = 0;
	if (s->err_out != NULL)
		*s->err_out = err;
	/* Nothing to delete where the address or the whole interface is missing. */
	if (!add && (err == EADDRNOTAVAIL || err == ENOENT || err == ENODEV))
		err = 0;
	if (err == 0) {
		if (s->ifindex > 0)
			ifc_ours_set(&nl->cache, s->ifindex, vip->family, &vip->addr, add);
		return 0;
	}
	log_warnx("Netlink: cannot %s VIP %s/%u on %s: %s%s%s",
		  s->renew ? "renew the lease of" :
		  add      ? "add" :
			     "remove",
		  vrrp_nl_ntop(vip->family, &vip->addr, abuf, sizeof(abuf)), vip->prefixlen,
		  s->ifindex > 0 ? vnl_ifname(nl, s->ifindex, ibuf, sizeof(ibuf)) :
				   (vip->dev[0] ? vip->dev : "no interface"),
		  strerror(err), why != NULL ? " - " : "", why != NULL ? why : "");
	return 1;
}

/* The slots of one batch, for the acknowledgement callback. */
struct vnl_batch {
	struct vrrp_nl *nl;
	bool add;
	struct vnl_slot *slots;
	size_t count;
	int failures;
};

/* Match one acknowledgement to its slot and judge it. */
static int
vnl_ack(void *arg, uint32_t seq, int err, const char *why)
{
	struct vnl_batch *b = arg;

	for (size_t i = 0; i < b->count; i++) {
		struct vnl_slot *s = &b->slots[i];

		if (s->done || s->seq != seq)
			continue;
		s->err = err;
		s->done = true;
		b->failures += vnl_vip_result(b->nl, b->add, s, why);
		return 1;
	}
	return 0;
}

/* Every slot still without an answer failed with err. */
static void
vnl_fail_pending(struct vnl_batch *b, int err)
{
	for (size_t i = 0; i < b->count; i++) {
		if (b->slots[i].done)
			continue;
		b->slots[i].err = err;
		b->slots[i].done = true;
		b->failures += vnl_vip_result(b->nl, b->add, &b->slots[i], NULL);
	}
}

/*
 * A deletion that would only come back EADDRNOTAVAIL: the cache (in step
 * with the kernel unless a resync is due) has no such address and we did
 * not add it (an add acknowledged before its notification was read is
 * ours). At start-up every VIP is removed in case it is stale: without
 * this, as many requests as VIPs for nothing.
 */
static bool
vnl_surely_absent(const struct vrrp_nl *nl, const struct vnl_slot *s)
{
	const struct ifc_iface *ifp = ifc_find(&nl->cache, s->ifindex);
	const struct vrrp_vip *vip = s->vip;

	return !nl->resync_pending && ifp != NULL &&
	       ifc_addr_find(ifp, vip->family, &vip->addr) == NULL &&
	       !ifc_ours_has(&nl->cache, s->ifindex, vip->family, &vip->addr);
}

/* Up to VNL_BATCH_MAX requests, their slots filled in: one datagram out, then the acks. */
static int
vnl_slots_batch(struct vrrp_nl *nl, bool add, struct vnl_slot *slots, size_t count)
{
	struct vnl_batch b = { nl, add, slots, count, 0 };
	size_t pending = 0;

	for (size_t i = 0; i < count; i++) {
		struct vnl_slot *s = &slots[i];

		s->err = 0;
		s->done = true;
		if (s->ifindex == 0) {
			s->err = ENODEV;
			b.failures += vnl_vip_result(nl, add, s, NULL);
			continue;
		}
		if (!add && vnl_surely_absent(nl, s)) {
			nl->stats.absent++;
			b.failures += vnl_vip_result(nl, add, s, NULL);
			continue;
		}
		if (vnl_queue_vip(nl, add, s) == -1) {
			s->err = ENOMEM;
			b.failures += vnl_vip_result(nl, add, s, NULL);
			continue;
		}
		s->done = false;
		pending++;
	}
	if (pending == 0)
		return b.failures;
	nl->stats.batches++;
	nl->stats.requests += pending;
	if (vrrp_nlreq_batch_send(nl->req) == -1 ||
	    vrrp_nlreq_collect(nl->req, pending, vnl_ack, &b) == -1)
		vnl_fail_pending(&b, errno);
	return b.failures;
}

/* A slot for one VIP added or deleted. */
static void
vnl_slot_set(const struct vrrp_nl *nl, struct vnl_slot *s, int default_ifindex,
	     const struct vrrp_vip *vip)
{
	memset(s, 0, sizeof(*s));
	s->vip = vip;
	s->ifindex = vnl_vip_ifindex(nl, default_ifindex, vip);
}

/* Up to VNL_BATCH_MAX VIPs added or deleted. */
static int
vnl_vips_batch(struct vrrp_nl *nl, bool add, int default_ifindex, const struct vrrp_vip *vips,
	       size_t count)
{
	struct vnl_slot slots[VNL_BATCH_MAX];

	for (size_t i = 0; i < count; i++)
		vnl_slot_set(nl, &slots[i], default_ifindex, &vips[i]);
	return vnl_slots_batch(nl, add, slots, count);
}

int
vrrp_nl_vips_renew(struct vrrp_nl *nl, struct vrrp_nl_renewal *r, size_t n)
{
	struct vnl_slot slots[VNL_BATCH_MAX];
	int failures = 0;

	for (size_t i = 0; i < n; i += VNL_BATCH_MAX) {
		size_t count = n - i < VNL_BATCH_MAX ? n - i : VNL_BATCH_MAX;

		memset(slots, 0, count * sizeof(slots[0]));
		for (size_t j = 0; j < count; j++) {
			struct vrrp_nl_renewal *one = &r[i + j];

			one->err = 0;
			slots[j].vip = one->vip;
			slots[j].ifindex = vnl_vip_ifindex(nl, one->default_ifindex, one->vip);
			slots[j].renew = true;
			slots[j].lft = one->lft_s;
			slots[j].err_out = &one->err;
		}
		failures += vnl_slots_batch(nl, true, slots, count);
	}
	return failures;
}

/* Deletions held by vrrp_nl_vips_hold(), sent when a datagram's worth is in. */
struct vnl_hold {
	struct vnl_slot slots[VNL_BATCH_MAX];
	size_t n;
	int failures;
};

static void
vnl_hold_flush(struct vrrp_nl *nl)
{
	struct vnl_hold *h = nl->hold;

	if (h->n > 0)
		h->failures += vnl_slots_batch(nl, false, h->slots, h->n);
	h->n = 0;
}

void
vrrp_nl_vips_hold(struct vrrp_nl *nl)
{
	if (nl != NULL && nl->hold == NULL)
		nl->hold = calloc(1, sizeof(*nl->hold)); /* without memory: not held */
}

int
vrrp_nl_vips_release(struct vrrp_nl *nl)
{
	int failures;

	if (nl == NULL || nl->hold == NULL)
		return 0;
	vnl_hold_flush(nl);
	failures = nl->hold->failures;
	free(nl->hold);
	nl->hold = NULL;
	return failures;
}

int
vrrp_nl_vips_apply(struct vrrp_nl *nl, bool add, int default_ifindex, const struct vrrp_vip *vips,
		   size_t n)
{
	int failures = 0;

	if (nl->hold != NULL && !add) {
		for (size_t i = 0; i < n; i++) {
			vnl_slot_set(nl, &nl->hold->slots[nl->hold->n++], default_ifindex,
				     &vips[i]);
			if (nl->hold->n == VNL_BATCH_MAX)
				vnl_hold_flush(nl);
		}
		return 0;
	}
	if (nl->hold != NULL) /* an add after held deletions: in their order */
		vnl_hold_flush(nl);
	for (size_t i = 0; i < n; i += VNL_BATCH_MAX) {
		size_t count = n - i < VNL_BATCH_MAX ? n - i : VNL_BATCH_MAX;

		failures += vnl_vips_batch(nl, add, default_ifindex, vips + i, count);
	}
	return failures;
}

uint64_t
vrrp_nl_addr_removals(const struct vrrp_nl *nl)
{
	return nl->addr_removals;
}

bool
vrrp_nl_event_own(const struct vrrp_nl *nl)
{
	if (nl->event_port == 0)
		return false; /* the kernel's own, or a process's without a port */
	if (nl->event_port == nl_socket_get_local_port(vrrp_nlreq_sock(nl->req)))
		return true;
	for (unsigned i = 0; i < nl->n_own_ports; i++)
		if (nl->event_port == nl->own_ports[i])
			return true;
	return false;
}

void
vrrp_nl_own_port_add(struct vrrp_nl *nl, uint32_t port)
{
	if (port != 0 && nl->n_own_ports < sizeof(nl->own_ports) / sizeof(nl->own_ports[0]))
		nl->own_ports[nl->n_own_ports++] = port;
}

bool
vrrp_nl_vip_present(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	const struct ifc_iface *ifp =
		ifc_find(&nl->cache, vnl_vip_ifindex(nl, default_ifindex, vip));

	return ifp != NULL && ifc_addr_find(ifp, vip->family, &vip->addr) != NULL;
}

bool
vrrp_nl_vip_ours(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	int ifindex = vnl_vip_ifindex(nl, default_ifindex, vip);

	return ifindex > 0 && ifc_ours_has(&nl->cache, ifindex, vip->family, &vip->addr);
}

bool
vrrp_nl_vip_lost(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	int ifindex = vnl_vip_ifindex(nl, default_ifindex, vip);

	return ifindex > 0 && ifc_ours_lost(&nl->cache, ifindex, vip->family, &vip->addr);
}
