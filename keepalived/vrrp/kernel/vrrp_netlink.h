/*
 * Netlink (rtnetlink through libnl-3): what the kernel knows about the
 * interfaces and their addresses, and the installation of virtual addresses.
 *
 * A handle owns two sockets. The monitor socket is subscribed to link and
 * address notifications; the event loop watches its descriptor and calls
 * vrrp_nl_process() when it is readable, which keeps a cache of every
 * interface up to date and reports changes through callbacks. Readers of the
 * cache (vrrp_nl_if() and friends) never talk to the kernel, so sending an
 * advert costs no netlink traffic. The request socket carries dumps and VIP
 * batches: all the addresses of one transition are sent back-to-back and
 * their acknowledgements collected afterwards.
 *
 * When the kernel drops notifications because the monitor socket overran
 * (ENOBUFS), the handle dumps links and addresses again and reports every
 * difference between its old cache and the kernel's state, then calls the
 * resync callback, so that no change is ever missed.
 *
 * Callbacks run from inside vrrp_nl_process() / vrrp_nl_resync(). They may
 * read the cache and call vrrp_nl_vips_apply() (to restore a VIP, say), but
 * must not call vrrp_nl_process(), vrrp_nl_resync() or vrrp_nl_close().
 */
#ifndef VRRP_NETLINK_H
#define VRRP_NETLINK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

struct vrrp_nl;

/* One interface as the cache knows it. */
struct vrrp_ifinfo {
	int ifindex;
	char name[IF_NAMESIZE];
	unsigned int flags; /* IFF_* as the kernel reports them */
	uint8_t operstate;  /* IF_OPER_* (RFC 2863) */
	unsigned int mtu;   /* 0: unknown */
	bool up;            /* IFF_UP and IFF_RUNNING */
	bool polled;        /* up comes from linkbeat polling (vrrp_nl_link_poll()) */
	bool has_mac;       /* a 6-byte link-layer address */
	uint8_t mac[6];
	/*
	 * The primary IPv4 address: the first one, in the kernel's order, that
	 * is neither IFA_F_SECONDARY nor a VIP installed by this handle.
	 */
	bool has_v4;
	struct in_addr v4;
	uint8_t v4_prefixlen;
	/* The first usable (not tentative, not a VIP of ours) fe80::/10 address. */
	bool has_ll6;
	struct in6_addr ll6;
	/* Its routing domain: a VRF device, or enslaved (master: ifindex, 0 for none). */
	bool is_vrf;
	int master;
};

/* One address of an interface. */
struct vrrp_nl_ifaddr {
	int family; /* AF_INET or AF_INET6 */
	union vrrp_addr addr;
	uint8_t prefixlen;
	uint8_t scope;           /* RT_SCOPE_* */
	uint32_t flags;          /* IFA_F_* */
	bool ours;               /* installed by vrrp_nl_vips_apply() of this handle */
	char label[IF_NAMESIZE]; /* IPv4 only; empty otherwise */
};

/*
 * What the glue is told. Any member may be NULL.
 *  link:   an interface appeared (with its state), went up or down, or
 *          disappeared (up = false).
 *  addr:   an address appeared or changed (added = true: flags, prefix or
 *          label differ, e.g. DAD finished or a secondary was promoted), or
 *          disappeared (added = false). Whether it is a VIP is for the glue
 *          to decide (vrrp_nl_vip_present() reads the same cache).
 *  resync: a full resynchronisation finished; the per-change callbacks for
 *          what it found have already been made.
 */
struct vrrp_nl_cbs {
	void (*link)(void *arg, int ifindex, bool up);
	void (*addr)(void *arg, int family, int ifindex, const union vrrp_addr *a,
		     uint8_t prefixlen, bool added);
	void (*resync)(void *arg);
	void *arg;
};

struct vrrp_nl_stats {
	uint64_t notifications; /* link and address messages handled */
	uint64_t overruns;      /* ENOBUFS (or truncation) on the monitor socket */
	uint64_t resyncs;       /* full dumps after the initial one */
	uint64_t batches;       /* datagrams of VIP requests sent */
	uint64_t requests;      /* VIP requests sent */
	uint64_t absent;        /* VIP deletions not sent: neither in the cache nor ours */
};

/*
 * Open both sockets, subscribe to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and
 * RTNLGRP_IPV6_IFADDR, and fill the cache with a first dump (no callbacks).
 * Returns NULL on failure, logged.
 */
struct vrrp_nl *vrrp_nl_open(void);
void vrrp_nl_close(struct vrrp_nl *nl);

/* Install the callbacks (copied). NULL removes them. */
void vrrp_nl_set_callbacks(struct vrrp_nl *nl, const struct vrrp_nl_cbs *cbs);

/*
 * Set the monitor socket's receive buffer (bytes). force uses
 * SO_RCVBUFFORCE, which root may use to pass net.core.rmem_max. The handle
 * asks for 4 MiB itself; tests shrink it to provoke an overrun.
 * Returns 0 or -1 (logged).
 */
int vrrp_nl_set_rcvbuf(struct vrrp_nl *nl, int bytes, bool force);
/* The same for the command socket (requests and their answers). */
int vrrp_nl_set_cmd_rcvbuf(struct vrrp_nl *nl, int bytes, bool force);
/* The same for any netlink socket fd (what: "monitor", "command" in the warning). */
int vrrp_nl_fd_set_rcvbuf(int fd, int bytes, bool force, const char *what);

/* The monitor socket, non-blocking, for the event loop (EV_READ). */
int vrrp_nl_fd(const struct vrrp_nl *nl);

/*
 * Read pending notifications (a bounded number, so a flood cannot starve the
 * loop; the descriptor stays readable if more remain), update the cache and
 * make the callbacks. An overrun triggers vrrp_nl_resync(); a resync that
 * failed is retried on the next call.
 * Returns the number of notifications handled, or -1 on a socket error.
 */
int vrrp_nl_process(struct vrrp_nl *nl);

/*
 * Forget queued notifications, dump links and addresses, report every
 * difference with the old cache through the callbacks, then call resync.
 * Returns 0 or -1: the cache then keeps its old content, updated by the
 * notifications that follow, and the next vrrp_nl_process() tries again.
 */
int vrrp_nl_resync(struct vrrp_nl *nl);

/*
 * Cache look-ups; no system call. The pointer stays valid until the
 * interface disappears, which only vrrp_nl_process() and vrrp_nl_resync()
 * can make happen. NULL if unknown.
 */
const struct vrrp_ifinfo *vrrp_nl_if(const struct vrrp_nl *nl, const char *ifname);
/*
 * interface_up_down_delays: hold the link state an interface shows (up)
 * whatever the kernel reports next, until released; releasing shows the
 * kernel's state and reports it through the link callback if it differs
 * from the one held. Unknown interfaces are ignored.
 */
void vrrp_nl_link_hold(struct vrrp_nl *nl, int ifindex, bool up);
void vrrp_nl_link_release(struct vrrp_nl *nl, int ifindex);
/*
 * linkbeat polling: hold the link state an interface shows at up, as
 * vrrp_nl_link_hold(), and report it through the link callback when it
 * differs from the state last reported. Released by vrrp_nl_link_release().
 */
void vrrp_nl_link_poll(struct vrrp_nl *nl, int ifindex, bool up);
const struct vrrp_ifinfo *vrrp_nl_if_by_index(const struct vrrp_nl *nl, int ifindex);
/* Number of interfaces, and the i-th one (cache order), for status output. */
size_t vrrp_nl_if_count(const struct vrrp_nl *nl);
const struct vrrp_ifinfo *vrrp_nl_if_at(const struct vrrp_nl *nl, size_t i);
/*
 * The routing domain of ifindex (vrrp_ifcache.h, ifc_l3_domain()), and
 * whether an address of family is held by an interface of domain: what
 * the kernel lets a socket of that domain bind to.
 */
int vrrp_nl_l3_domain(const struct vrrp_nl *nl, int ifindex);
bool vrrp_nl_addr_in_domain(const struct vrrp_nl *nl, int family, const union vrrp_addr *a,
			    int domain);
/* Addresses of an interface in the kernel's order: count, and the i-th one. */
size_t vrrp_nl_addr_count(const struct vrrp_nl *nl, int ifindex);
const struct vrrp_nl_ifaddr *vrrp_nl_addr_at(const struct vrrp_nl *nl, int ifindex, size_t i);

/*
 * Add (add = true) or delete the n VIPs, each on vip->dev or, when that is
 * empty, on default_ifindex. Every request is sent before any answer is
 * read (in datagrams of up to 64 requests), then all the acknowledgements
 * are collected. EEXIST on add and EADDRNOTAVAIL/ENOENT on delete count as
 * success, so applying twice is harmless. IPv4 labels must be the device
 * name or start with "<device>:"; another label is logged and the address
 * added without it. Added VIPs are remembered as ours, so they are never
 * taken for the interface's primary or link-local address.
 * Returns 0, or the number of VIPs that failed, each logged once with its
 * address and the reason.
 */
int vrrp_nl_vips_apply(struct vrrp_nl *nl, bool add, int default_ifindex,
		       const struct vrrp_vip *vips, size_t n);

/*
 * Hold deletions: from here until vrrp_nl_vips_release(), the VIPs
 * vrrp_nl_vips_apply() deletes are sent 64 to a datagram across calls (a
 * stop of 1,000 instances: 16 round trips to the kernel instead of 1,000),
 * so the VIPs must outlive the release; an add sends the held ones first.
 * Each failure is logged as ever, and counted in release's return instead
 * of apply's. Without memory, nothing is held.
 */
void vrrp_nl_vips_hold(struct vrrp_nl *nl);
int vrrp_nl_vips_release(struct vrrp_nl *nl);

/*
 * Leased VIPs (vip->lease_s > 0) are added with that valid and preferred
 * lifetime, and the kernel removes them when it runs out. A renewal
 * replaces the lifetimes of an address in place (RTM_NEWADDR with
 * NLM_F_REPLACE: the kernel reports a changed address, never a delete, and
 * leaves its label, broadcast and routes alone); lft_s 0 makes it
 * permanent again. The kernel creates an address it does not have, so
 * renew only what must be there. All the renewals go out in datagrams of
 * up to 64 requests, as vrrp_nl_vips_apply()'s.
 */
struct vrrp_nl_renewal {
	const struct vrrp_vip *vip;
	int default_ifindex; /* where vip lives when vip->dev is empty */
	uint32_t lft_s;      /* the new lifetime in seconds, 0 = permanent */
	int err;             /* out: 0, or the positive errno it failed with (logged) */
};

/* Returns 0, or the number of renewals that failed. */
int vrrp_nl_vips_renew(struct vrrp_nl *nl, struct vrrp_nl_renewal *r, size_t n);

/*
 * How many addresses have left the cache so far (deleted, their interface
 * gone, or missing from a resync's dump): while it stays the same, an
 * address found in the cache is still there.
 */
uint64_t vrrp_nl_addr_removals(const struct vrrp_nl *nl);
/* In an addr callback: the change was made by this handle's own request. */
bool vrrp_nl_event_own(const struct vrrp_nl *nl);
/* Count the changes made through another request socket of ours as own too. */
void vrrp_nl_own_port_add(struct vrrp_nl *nl, uint32_t port);
/* Is vip (on vip->dev or default_ifindex) in the cache? No system call. */
bool vrrp_nl_vip_present(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip);
/*
 * Was vip installed by this handle and not removed by it since (whether
 * still there or deleted by someone else)? No system call.
 */
bool vrrp_nl_vip_ours(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip);
/*
 * Was vip installed by this handle and then deleted by someone else (a
 * deletion notification our requests did not cause)? An acknowledged add
 * whose notification is still unread is ours, not in the cache, and not
 * lost. No system call.
 */
bool vrrp_nl_vip_lost(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip);

const struct vrrp_nl_stats *vrrp_nl_get_stats(const struct vrrp_nl *nl);

#endif
