/*
 * Unit tests for the interface cache behind vrrp_netlink.c: the kernel's
 * order of IPv4 addresses, which address counts as primary or link-local,
 * the set of our own VIPs, and pointer stability. No sockets.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/vrrp/kernel/vrrp_ifcache.h"

static struct vrrp_nl_ifaddr
mk(int family, const char *text, uint8_t plen, uint8_t scope, uint32_t flags)
{
	struct vrrp_nl_ifaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	assert_int_equal(inet_pton(family, text, a.addr.bytes), 1);
	a.prefixlen = plen;
	a.scope = scope;
	a.flags = flags;
	return a;
}

static struct ifc_iface *
mkif(struct ifcache *c, int ifindex, const char *name, unsigned flags)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct ifc_link l = { .ifindex = ifindex,
			      .flags = flags,
			      .name = name,
			      .lladdr = mac,
			      .lladdr_len = sizeof(mac) };
	bool created;
	struct ifc_iface *ifp = ifc_link_set(c, &l, &created);

	assert_non_null(ifp);
	assert_true(created);
	return ifp;
}

static void
set(struct ifcache *c, struct ifc_iface *ifp, struct vrrp_nl_ifaddr a, int expect)
{
	assert_int_equal(ifc_addr_set(c, ifp, &a), expect);
	ifc_derive(ifp);
}

static void
assert_order(const struct ifc_iface *ifp, const char *const *want, size_t n)
{
	char buf[INET6_ADDRSTRLEN];

	assert_int_equal(ifp->naddrs, n);
	for (size_t i = 0; i < n; i++) {
		const struct vrrp_nl_ifaddr *a = &ifp->addrs[i].pub;

		inet_ntop(a->family, a->addr.bytes, buf, sizeof(buf));
		assert_string_equal(buf, want[i]);
	}
}

/* The interface's addresses are exactly these, in this order. */
#define ASSERT_ORDER(ifp, ...)                                    \
	assert_order((ifp), (const char *const[]){ __VA_ARGS__ }, \
		     sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static char *
v4str(struct in_addr a, char *buf)
{
	return (char *)inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* __inet_insert_ifa(): secondaries last, primaries after wider-or-equal scope. */
static void
test_v4_kernel_order(void **state)
{
	struct ifcache c;
	struct ifc_iface *ifp;
	char buf[INET_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	set(&c, ifp, mk(AF_INET, "198.18.0.1", 24, RT_SCOPE_UNIVERSE, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET6, "fe80::1", 64, RT_SCOPE_LINK, IFA_F_PERMANENT), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.0.2", 24, 0, IFA_F_SECONDARY), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.19.0.1", 32, RT_SCOPE_LINK, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.1.1", 24, RT_SCOPE_UNIVERSE, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.19.0.2", 32, RT_SCOPE_HOST, 0), IFC_NEW);
	ASSERT_ORDER(ifp, "198.19.0.2", "198.19.0.1", "198.18.0.1", "198.18.1.1", "fe80::1",
		     "198.18.0.2");
	/* Nothing is ours: the kernel's first primary, scope host, it is. */
	assert_true(ifp->info.has_v4);
	assert_string_equal(v4str(ifp->info.v4, buf), "198.19.0.2");
	assert_int_equal(ifp->info.v4_prefixlen, 32);
	ifc_free(&c);
}

/* VIPs of ours never become the primary address, wherever the kernel lists them. */
static void
test_primary_skips_ours_and_secondaries(void **state)
{
	struct ifcache c;
	struct ifc_iface *ifp;
	struct vrrp_nl_ifaddr vip = mk(AF_INET, "198.19.0.1", 32, RT_SCOPE_LINK, 0);
	char buf[INET_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	/* Registered before the kernel's notification arrives: ours, not lost. */
	assert_int_equal(ifc_ours_set(&c, 3, AF_INET, &vip.addr, true), 0);
	assert_true(ifc_ours_has(&c, 3, AF_INET, &vip.addr));
	assert_false(ifc_ours_lost(&c, 3, AF_INET, &vip.addr));
	/* Deleted by someone else: lost until installed again. */
	ifc_ours_mark_lost(&c, 3, AF_INET, &vip.addr);
	assert_true(ifc_ours_lost(&c, 3, AF_INET, &vip.addr));
	assert_int_equal(ifc_ours_set(&c, 3, AF_INET, &vip.addr, true), 0);
	assert_false(ifc_ours_lost(&c, 3, AF_INET, &vip.addr));
	ifc_ours_mark_lost(&c, 4, AF_INET, &vip.addr); /* not ours there: nothing */
	assert_false(ifc_ours_lost(&c, 4, AF_INET, &vip.addr));
	set(&c, ifp, mk(AF_INET, "198.18.0.5", 24, 0, IFA_F_SECONDARY), IFC_NEW);
	assert_false(ifp->info.has_v4);
	set(&c, ifp, vip, IFC_NEW);
	assert_true(ifp->addrs[0].pub.ours);
	assert_false(ifp->info.has_v4);
	set(&c, ifp, mk(AF_INET, "198.18.0.1", 24, 0, 0), IFC_NEW);
	assert_string_equal(v4str(ifp->info.v4, buf), "198.18.0.1");
	/* Forgetting the VIP makes it an ordinary (first) primary again. */
	assert_int_equal(ifc_ours_set(&c, 3, AF_INET, &vip.addr, false), 0);
	assert_string_equal(v4str(ifp->info.v4, buf), "198.19.0.1");
	assert_int_equal(c.nours, 0);
	/* Registration is per interface. */
	assert_int_equal(ifc_ours_set(&c, 4, AF_INET, &vip.addr, true), 0);
	assert_string_equal(v4str(ifp->info.v4, buf), "198.19.0.1");
	ifc_free(&c);
}

static void
test_link_local(void **state)
{
	struct ifcache c;
	struct ifc_iface *ifp;
	struct vrrp_nl_ifaddr vip = mk(AF_INET6, "fe80::12", 64, RT_SCOPE_LINK, IFA_F_NODAD);
	struct vrrp_nl_ifaddr ll = mk(AF_INET6, "fe80::1", 64, RT_SCOPE_LINK, IFA_F_TENTATIVE);
	char buf[INET6_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	assert_int_equal(ifc_ours_set(&c, 3, AF_INET6, &vip.addr, true), 0);
	set(&c, ifp, mk(AF_INET6, "fd00:18::1", 64, 0, 0), IFC_NEW);
	set(&c, ifp, vip, IFC_NEW); /* a link-local VIP: never our source */
	set(&c, ifp, ll, IFC_NEW);  /* still doing DAD: cannot be bound */
	assert_false(ifp->info.has_ll6);
	ll.flags = IFA_F_PERMANENT;
	set(&c, ifp, ll, IFC_CHANGED);
	assert_true(ifp->info.has_ll6);
	assert_string_equal(inet_ntop(AF_INET6, &ifp->info.ll6, buf, sizeof(buf)), "fe80::1");
	set(&c, ifp, ll, IFC_SEEN);
	ifc_addr_remove_at(ifp, 2, NULL);
	ifc_derive(ifp);
	assert_false(ifp->info.has_ll6);
	ifc_free(&c);
}

/* A promoted secondary (RTM_NEWADDR without IFA_F_SECONDARY) moves to the primaries. */
static void
test_promotion(void **state)
{
	struct ifcache c;
	struct ifc_iface *ifp;
	struct vrrp_nl_ifaddr old;
	char buf[INET_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	set(&c, ifp, mk(AF_INET, "198.18.0.1", 24, 0, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.1.1", 24, 0, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.0.2", 24, 0, IFA_F_SECONDARY), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.1.2", 24, 0, IFA_F_SECONDARY), IFC_NEW);
	ifc_addr_remove_at(ifp, 0, &old);
	assert_string_equal(v4str(old.addr.v4, buf), "198.18.0.1");
	set(&c, ifp, mk(AF_INET, "198.18.0.2", 24, 0, 0), IFC_CHANGED);
	ASSERT_ORDER(ifp, "198.18.1.1", "198.18.0.2", "198.18.1.2");
	assert_string_equal(v4str(ifp->info.v4, buf), "198.18.1.1");
	ifc_free(&c);
}

static void
test_links(void **state)
{
	static const uint8_t ib[20] = { 0 };
	struct ifcache c;
	struct ifc_iface *first, *ifp;
	struct ifc_link l;
	bool created;
	char name[IF_NAMESIZE];

	(void)state;
	ifc_init(&c);
	first = mkif(&c, 1, "lo", IFF_UP | IFF_RUNNING | IFF_LOOPBACK);
	assert_true(first->info.up);
	assert_true(first->info.has_mac);
	for (int i = 2; i < 200; i++) {
		snprintf(name, sizeof(name), "if%d", i);
		mkif(&c, i, name, IFF_UP);
	}
	/* Growth of the table does not move the interfaces themselves. */
	assert_ptr_equal(ifc_find(&c, 1), first);
	assert_ptr_equal(ifc_find_name(&c, "lo"), first);
	ifp = ifc_find_name(&c, "if150");
	assert_non_null(ifp);
	assert_int_equal(ifp->info.ifindex, 150);
	assert_false(ifp->info.up); /* IFF_UP without IFF_RUNNING: no carrier */
	/* An update keeps the name when none is given; a 20-byte address is no MAC. */
	memset(&l, 0, sizeof(l));
	l.ifindex = 150;
	l.flags = IFF_UP | IFF_RUNNING;
	l.lladdr = ib;
	l.lladdr_len = sizeof(ib);
	assert_ptr_equal(ifc_link_set(&c, &l, &created), ifp);
	assert_false(created);
	assert_true(ifp->info.up);
	assert_false(ifp->info.has_mac);
	assert_string_equal(ifp->info.name, "if150");
	ifc_iface_remove(&c, ifp);
	assert_null(ifc_find(&c, 150));
	assert_int_equal(c.nifs, 198);
	assert_ptr_equal(ifc_find(&c, 1), first);
	ifc_free(&c);
	assert_int_equal(c.nifs, 0);
}

/*
 * Thousands of VIPs (the set is hashed): every one found after each is
 * added, and after removals in an order that moves entries around; the
 * primary picked is re-derived only when it can change.
 */
static void
test_many_ours(void **state)
{
	enum {
		N = 3000
	};
	struct ifcache c;
	struct ifc_iface *ifp;
	union vrrp_addr a;
	char buf[INET_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	set(&c, ifp, mk(AF_INET, "198.18.0.1", 24, 0, 0), IFC_NEW);
	memset(&a, 0, sizeof(a));
	for (uint32_t i = 0; i < N; i++) {
		struct vrrp_nl_ifaddr v;

		a.v4.s_addr = htonl(0xc6130000u + i); /* 198.19.0.0 + i */
		assert_int_equal(ifc_ours_set(&c, i % 2 ? 3 : 4, AF_INET, &a, true), 0);
		assert_int_equal(ifc_ours_set(&c, i % 2 ? 3 : 4, AF_INET, &a, true), 0);
		memset(&v, 0, sizeof(v));
		v.family = AF_INET;
		v.addr = a;
		v.prefixlen = 32;
		if (i % 2)
			set(&c, ifp, v, IFC_NEW);
	}
	assert_int_equal(c.nours, N);
	for (uint32_t i = 0; i < N; i++) {
		a.v4.s_addr = htonl(0xc6130000u + i);
		assert_true(ifc_ours_has(&c, i % 2 ? 3 : 4, AF_INET, &a));
		assert_false(ifc_ours_has(&c, i % 2 ? 4 : 3, AF_INET, &a));
		if (i % 2)
			assert_true(ifc_addr_find(ifp, AF_INET, &a)->pub.ours);
	}
	assert_string_equal(v4str(ifp->info.v4, buf), "198.18.0.1");
	/* Every third forgotten, from the middle outwards. */
	for (uint32_t k = 0; k < N; k++) {
		uint32_t i = (k * 7919u) % N;

		if (i % 3 != 0)
			continue;
		a.v4.s_addr = htonl(0xc6130000u + i);
		assert_int_equal(ifc_ours_set(&c, i % 2 ? 3 : 4, AF_INET, &a, false), 0);
		assert_false(ifc_ours_has(&c, i % 2 ? 3 : 4, AF_INET, &a));
	}
	assert_int_equal(c.nours, N - N / 3);
	for (uint32_t i = 0; i < N; i++) {
		a.v4.s_addr = htonl(0xc6130000u + i);
		assert_int_equal(ifc_ours_has(&c, i % 2 ? 3 : 4, AF_INET, &a), i % 3 != 0);
		if (i % 2)
			assert_int_equal(ifc_addr_find(ifp, AF_INET, &a)->pub.ours, i % 3 != 0);
	}
	/* The real address stays the primary: the VIPs forgotten come after it. */
	assert_string_equal(v4str(ifp->info.v4, buf), "198.18.0.1");
	ifc_free(&c);
}

/* Every address found where it is, the kernel's order kept (checked against a scan). */
static void
check_index(const struct ifc_iface *ifp)
{
	for (size_t i = 0; i < ifp->naddrs; i++) {
		const struct vrrp_nl_ifaddr *e = &ifp->addrs[i].pub;

		assert_ptr_equal(ifc_addr_find(ifp, e->family, &e->addr), &ifp->addrs[i]);
	}
}

/*
 * Thousands of addresses (indexed past IFC_INDEX_MIN): IPv4 primaries
 * inserted before a secondary (its position moves up), removals from the front,
 * the middle and the end (positions move down), a promotion, and back below
 * the threshold.
 */
static void
test_many_addrs(void **state)
{
	enum {
		N = 2000
	};
	struct ifcache c;
	struct ifc_iface *ifp;
	struct vrrp_nl_ifaddr v;
	union vrrp_addr a;
	char buf[INET_ADDRSTRLEN];

	(void)state;
	ifc_init(&c);
	ifp = mkif(&c, 3, "d0", IFF_UP | IFF_RUNNING);
	set(&c, ifp, mk(AF_INET6, "fe80::1", 64, RT_SCOPE_LINK, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET6, "fd00::1", 64, 0, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.0.1", 24, 0, 0), IFC_NEW);
	set(&c, ifp, mk(AF_INET, "198.18.0.2", 24, 0, IFA_F_SECONDARY), IFC_NEW);
	memset(&v, 0, sizeof(v));
	v.family = AF_INET;
	v.prefixlen = 32;
	for (uint32_t i = 0; i < N; i++) {
		v.addr.v4.s_addr = htonl(0xc6130000u + i);
		set(&c, ifp, v, IFC_NEW);
		if (i % 97 == 0)
			check_index(ifp);
	}
	assert_int_equal(ifp->naddrs, N + 4);
	assert_non_null(ifp->aidx);
	check_index(ifp);
	/* The IPv6 addresses first (added first), the secondary after the primaries. */
	assert_int_equal(ifp->addrs[1].pub.family, AF_INET6);
	assert_int_equal(ifp->addrs[N + 3].pub.flags, IFA_F_SECONDARY);
	set(&c, ifp, v, IFC_SEEN);
	/* Removals: every seventh, in an order that jumps around. */
	for (uint32_t k = 0; k < N; k++) {
		uint32_t i = (k * 7919u) % N;
		struct ifc_addr *e;

		if (i % 7 != 0)
			continue;
		a.v4.s_addr = htonl(0xc6130000u + i);
		e = ifc_addr_find(ifp, AF_INET, &a);
		assert_non_null(e);
		ifc_addr_remove_at(ifp, (size_t)(e - ifp->addrs), NULL);
		assert_null(ifc_addr_find(ifp, AF_INET, &a));
		if (k % 53 == 0)
			check_index(ifp);
	}
	check_index(ifp);
	for (uint32_t i = 0; i < N; i++) {
		a.v4.s_addr = htonl(0xc6130000u + i);
		assert_int_equal(ifc_addr_find(ifp, AF_INET, &a) != NULL, i % 7 != 0);
	}
	/* The secondary promoted: it moves among the primaries, found there. */
	set(&c, ifp, mk(AF_INET, "198.18.0.2", 24, 0, 0), IFC_CHANGED);
	check_index(ifp);
	assert_string_equal(v4str(ifp->info.v4, buf), "198.18.0.1");
	/* Down to a few: no index any more, still found. */
	while (ifp->naddrs > 3)
		ifc_addr_remove_at(ifp, 1, NULL);
	assert_null(ifp->aidx);
	check_index(ifp);
	ifc_free(&c);
}

/*
 * Routing domains (VRFs): a VRF device and its slaves are one domain, the
 * rest (a bridge's ports too) the main one; an address counts where the
 * interface holding it is. What a unicast source is checked against.
 */
static void
test_l3_domains(void **state)
{
	struct ifcache c;
	struct ifc_link l;
	struct ifc_iface *blue, *v0, *w0, *p0;
	union vrrp_addr a1, a2, a3;
	bool created;

	(void)state;
	ifc_init(&c);
	blue = mkif(&c, 10, "blue", IFF_UP | IFF_RUNNING);
	v0 = mkif(&c, 11, "v0", IFF_UP | IFF_RUNNING);
	w0 = mkif(&c, 12, "w0", IFF_UP | IFF_RUNNING);
	(void)mkif(&c, 13, "br0", IFF_UP | IFF_RUNNING);
	p0 = mkif(&c, 14, "p0", IFF_UP | IFF_RUNNING);
	/* What RTM_NEWLINK says: blue is a VRF, v0 its slave, p0 a port of br0. */
	memset(&l, 0, sizeof(l));
	l.ifindex = 10, l.flags = IFF_UP | IFF_RUNNING, l.is_vrf = true;
	assert_ptr_equal(ifc_link_set(&c, &l, &created), blue);
	l.ifindex = 11, l.is_vrf = false, l.master = 10;
	assert_ptr_equal(ifc_link_set(&c, &l, &created), v0);
	l.ifindex = 14, l.master = 13;
	assert_ptr_equal(ifc_link_set(&c, &l, &created), p0);
	assert_int_equal(ifc_l3_domain(&c, 10), 10);
	assert_int_equal(ifc_l3_domain(&c, 11), 10);
	assert_int_equal(ifc_l3_domain(&c, 12), 0);
	assert_int_equal(ifc_l3_domain(&c, 13), 0);
	assert_int_equal(ifc_l3_domain(&c, 14), 0); /* a bridge is no VRF */
	assert_int_equal(ifc_l3_domain(&c, 99), -1);

	set(&c, v0, mk(AF_INET, "198.18.44.1", 24, RT_SCOPE_UNIVERSE, 0), IFC_NEW);
	set(&c, w0, mk(AF_INET, "198.18.45.1", 24, RT_SCOPE_UNIVERSE, 0), IFC_NEW);
	set(&c, blue, mk(AF_INET, "198.18.47.1", 32, RT_SCOPE_UNIVERSE, 0), IFC_NEW);
	a1 = mk(AF_INET, "198.18.44.1", 24, 0, 0).addr;
	a2 = mk(AF_INET, "198.18.45.1", 24, 0, 0).addr;
	a3 = mk(AF_INET, "198.18.47.1", 32, 0, 0).addr;
	assert_true(ifc_addr_in_domain(&c, AF_INET, &a1, 10));
	assert_false(ifc_addr_in_domain(&c, AF_INET, &a1, 0));
	assert_true(ifc_addr_in_domain(&c, AF_INET, &a2, 0));
	assert_false(ifc_addr_in_domain(&c, AF_INET, &a2, 10));
	assert_true(ifc_addr_in_domain(&c, AF_INET, &a3, 10));   /* on the VRF device itself */
	assert_false(ifc_addr_in_domain(&c, AF_INET6, &a1, 10)); /* family counts */

	/* v0 released from blue: the main domain's now. */
	l.ifindex = 11, l.master = 0;
	assert_ptr_equal(ifc_link_set(&c, &l, &created), v0);
	assert_true(ifc_addr_in_domain(&c, AF_INET, &a1, 0));
	assert_false(ifc_addr_in_domain(&c, AF_INET, &a1, 10));
	ifc_free(&c);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_kernel_order),
		cmocka_unit_test(test_l3_domains),
		cmocka_unit_test(test_primary_skips_ours_and_secondaries),
		cmocka_unit_test(test_link_local),
		cmocka_unit_test(test_promotion),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_many_ours),
		cmocka_unit_test(test_many_addrs),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
