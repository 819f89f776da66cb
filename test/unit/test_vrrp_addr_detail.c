/*
 * Tests for keepalived's -D address lines (keepalived/vrrp/run/vrrp_addr_detail.c):
 * which start-up lines are written, in which order, and when "Assigned
 * address"/"Deassigned address" follow an address report. The netlink cache
 * is replaced by a fake one (the vrrp_nl_* functions below): the module is
 * included, so no socket is opened.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/vrrp/run/vrrp_addr_detail.c"
#include "test/unit/unit_helpers.h"

/* The fake cache ---------------------------------------------------------- */

#define FAKE_IFS 4
#define FAKE_ADDRS 8

struct vrrp_nl {
	struct vrrp_ifinfo ifs[FAKE_IFS];
	size_t nifs;
	struct vrrp_nl_ifaddr addrs[FAKE_IFS][FAKE_ADDRS];
	size_t naddrs[FAKE_IFS];
	bool own; /* the report being handled was caused by our own request */
};

static struct vrrp_nl fake;

static int
fake_slot(int ifindex)
{
	for (size_t i = 0; i < fake.nifs; i++)
		if (fake.ifs[i].ifindex == ifindex)
			return (int)i;
	return -1;
}

size_t
vrrp_nl_if_count(const struct vrrp_nl *nl)
{
	return nl->nifs;
}

const struct vrrp_ifinfo *
vrrp_nl_if_at(const struct vrrp_nl *nl, size_t i)
{
	return i < nl->nifs ? &nl->ifs[i] : NULL;
}

const struct vrrp_ifinfo *
vrrp_nl_if_by_index(const struct vrrp_nl *nl, int ifindex)
{
	int i = fake_slot(ifindex);

	return i >= 0 ? &nl->ifs[i] : NULL;
}

const struct vrrp_ifinfo *
vrrp_nl_if(const struct vrrp_nl *nl, const char *ifname)
{
	for (size_t i = 0; i < nl->nifs; i++)
		if (strcmp(nl->ifs[i].name, ifname) == 0)
			return &nl->ifs[i];
	return NULL;
}

size_t
vrrp_nl_addr_count(const struct vrrp_nl *nl, int ifindex)
{
	int i = fake_slot(ifindex);

	return i >= 0 ? nl->naddrs[i] : 0;
}

const struct vrrp_nl_ifaddr *
vrrp_nl_addr_at(const struct vrrp_nl *nl, int ifindex, size_t j)
{
	int i = fake_slot(ifindex);

	return i >= 0 && j < nl->naddrs[i] ? &nl->addrs[i][j] : NULL;
}

bool
vrrp_nl_event_own(const struct vrrp_nl *nl)
{
	return nl->own;
}

static void
fake_if(int ifindex, const char *name)
{
	struct vrrp_ifinfo *ifi = &fake.ifs[fake.nifs++];

	ifi->ifindex = ifindex;
	snprintf(ifi->name, sizeof(ifi->name), "%s", name);
}

static union vrrp_addr
ip(int family, const char *text)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(family, text, a.bytes), 1);
	return a;
}

/* The address joins the cache (as vrrp_netlink.c does before reporting). */
static void
fake_add(int ifindex, int family, const char *text, bool ours)
{
	int i = fake_slot(ifindex);
	struct vrrp_nl_ifaddr *a = &fake.addrs[i][fake.naddrs[i]++];

	memset(a, 0, sizeof(*a));
	a->family = family;
	a->addr = ip(family, text);
	a->ours = ours;
}

static void
fake_del(int ifindex, int family, const char *text)
{
	int i = fake_slot(ifindex);
	union vrrp_addr a = ip(family, text);

	for (size_t j = 0; j < fake.naddrs[i]; j++) {
		if (fake.addrs[i][j].family == family &&
		    memcmp(&fake.addrs[i][j].addr, &a, sizeof(a)) == 0) {
			memmove(&fake.addrs[i][j], &fake.addrs[i][j + 1],
				(fake.naddrs[i] - j - 1) * sizeof(fake.addrs[i][0]));
			fake.naddrs[i]--;
			return;
		}
	}
	fail_msg("%s not in the fake cache", text);
}

/* The configuration: VI_1 on eth0 (VIP 198.18.1.100) tracking trk0. ------- */

static struct vrrp_vip vips[1];
static struct vrrp_track_ref refs[1];
static struct vrrp_track_set_conf tset;
static struct vrrp_instance_conf ic;
static struct vrrp_sync_group_conf group;
static struct vrrp_track_conf tconf;
static struct vrrp_conf conf;
static struct vrrp_inst insts[1];

enum {
	IF_ETH0 = 2,
	IF_TRK0 = 3,
	IF_OTH0 = 4
};

static int
setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	memset(&ic, 0, sizeof(ic));
	memset(&tset, 0, sizeof(tset));
	memset(&group, 0, sizeof(group));
	memset(&tconf, 0, sizeof(tconf));
	memset(&conf, 0, sizeof(conf));
	memset(insts, 0, sizeof(insts));
	ic.name = "VI_1";
	snprintf(ic.ifname, sizeof(ic.ifname), "eth0");
	ic.family = AF_INET;
	memset(vips, 0, sizeof(vips));
	vips[0].family = AF_INET;
	vips[0].addr = ip(AF_INET, "198.18.1.100");
	ic.vips = vips;
	ic.nvips = 1;
	memset(refs, 0, sizeof(refs));
	refs[0].kind = VRRP_TRACK_INTERFACE;
	snprintf(refs[0].name, sizeof(refs[0].name), "trk0");
	tset.refs = refs;
	tset.nrefs = 1;
	ic.track = &tset;
	conf.track = &tconf;
	insts[0].conf = &ic;
	fake_if(1, "lo");
	fake_if(IF_ETH0, "eth0");
	fake_if(IF_TRK0, "trk0");
	fake_if(IF_OTH0, "oth0");
	fake_add(1, AF_INET, "127.0.0.1", false);
	fake_add(IF_ETH0, AF_INET, "198.18.1.1", false);
	fake_add(IF_ETH0, AF_INET, "198.18.1.100", true); /* a previous run's VIP */
	fake_add(IF_ETH0, AF_INET6, "fd00::1", false);    /* not link-local: never counts */
	fake_add(IF_ETH0, AF_INET6, "fe80::1", false);
	fake_add(IF_TRK0, AF_INET, "198.18.9.1", false);
	unit_log_start();
	log_set_detail(true);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unit_log_stop();
	return 0;
}

static void
event(struct vrrp_addr_detail *ad, int ifindex, int family, const char *text, bool added)
{
	union vrrp_addr a = ip(family, text);

	vrrp_addr_detail_event(ad, &fake, &conf, insts, 1, family, ifindex, &a, added);
}

/* Tests ---------------------------------------------------------------------- */

/* Without -D nothing is kept or written. */
static void
test_no_detail(void **state)
{
	(void)state;
	log_set_detail(false);
	assert_null(vrrp_addr_detail_start(&fake, &conf, insts, 1));
	event(NULL, IF_TRK0, AF_INET, "198.18.9.1", false);
	unit_log_expect(0);
}

/*
 * At start: the instance's interface, IPv4 then IPv6 link-local, its VIP
 * left aside; not the instance's track_interface (keepalived 2.2.7 writes
 * those only when they change); then the ARP channel (an IPv4 instance).
 */
static void
test_start_lines(void **state)
{
	struct vrrp_addr_detail *ad;

	(void)state;
	ad = vrrp_addr_detail_start(&fake, &conf, insts, 1);
	assert_non_null(ad);
	unit_log_expect(3, "Assigned address 198.18.1.1 for interface eth0",
			"Assigned address fe80::1 for interface eth0",
			"Registering gratuitous ARP shared channel");
	vrrp_addr_detail_free(ad);
}

/* A sync group's track_interface is written at start, in the kernel's order; IPv6: NDISC. */
static void
test_start_group_ipv6(void **state)
{
	static const struct vrrp_instance_conf *members[1];
	struct vrrp_addr_detail *ad;

	(void)state;
	ic.track = NULL;
	members[0] = &ic;
	group.members = members;
	group.nmembers = 1;
	group.set = tset;
	tconf.groups = &group;
	ic.family = AF_INET6;
	ad = vrrp_addr_detail_start(&fake, &conf, insts, 1);
	unit_log_expect(4, "Assigned address 198.18.1.1 for interface eth0",
			"Assigned address fe80::1 for interface eth0",
			"Assigned address 198.18.9.1 for interface trk0",
			"Registering gratuitous NDISC shared channel");
	/* The group's interface is watched later too. */
	fake_del(IF_TRK0, AF_INET, "198.18.9.1");
	event(ad, IF_TRK0, AF_INET, "198.18.9.1", false);
	unit_log_expect(1, "Deassigned address 198.18.9.1 from interface trk0");
	vrrp_addr_detail_free(ad);
}

/*
 * The slot of a family fills with the first address and empties with the
 * last: a second address, a change of flags, the first going while another
 * is left, write nothing.
 */
static void
test_slot_fills_and_empties(void **state)
{
	struct vrrp_addr_detail *ad;

	(void)state;
	ad = vrrp_addr_detail_start(&fake, &conf, insts, 1);
	unit_log_clear();
	fake_add(IF_TRK0, AF_INET, "198.18.9.2", false);
	event(ad, IF_TRK0, AF_INET, "198.18.9.2", true);
	event(ad, IF_TRK0, AF_INET, "198.18.9.1", true); /* flags changed */
	fake_del(IF_TRK0, AF_INET, "198.18.9.1");
	event(ad, IF_TRK0, AF_INET, "198.18.9.1", false); /* 9.2 takes the slot */
	unit_log_expect(0);
	fake_del(IF_TRK0, AF_INET, "198.18.9.2");
	event(ad, IF_TRK0, AF_INET, "198.18.9.2", false);
	unit_log_expect(1, "Deassigned address 198.18.9.2 from interface trk0");
	fake_add(IF_TRK0, AF_INET6, "fe80::3", false);
	event(ad, IF_TRK0, AF_INET6, "fe80::3", true);
	fake_add(IF_TRK0, AF_INET6, "fd00::3", false);
	event(ad, IF_TRK0, AF_INET6, "fd00::3", true);
	unit_log_expect(1, "Assigned address fe80::3 for interface trk0");
	fake_del(IF_TRK0, AF_INET6, "fe80::3");
	event(ad, IF_TRK0, AF_INET6, "fe80::3", false);
	unit_log_expect(1, "Deassigned address fe80::3 from interface trk0");
	vrrp_addr_detail_free(ad);
}

/* Our VIPs never count, nor do interfaces no instance uses or tracks. */
static void
test_vips_and_unwatched(void **state)
{
	struct vrrp_addr_detail *ad;

	(void)state;
	fake_del(IF_ETH0, AF_INET, "198.18.1.1");
	ad = vrrp_addr_detail_start(&fake, &conf, insts, 1);
	unit_log_expect(2, "Assigned address fe80::1 for interface eth0",
			"Registering gratuitous ARP shared channel");
	/* eth0 has no IPv4 of its own: the VIP coming back fills nothing. */
	fake.own = true;
	event(ad, IF_ETH0, AF_INET, "198.18.1.100", true);
	fake.own = false;
	event(ad, IF_ETH0, AF_INET, "198.18.1.100", true); /* someone else's add: still ours */
	fake_add(IF_OTH0, AF_INET, "198.18.8.1", false);
	event(ad, IF_OTH0, AF_INET, "198.18.8.1", true);
	fake_del(IF_OTH0, AF_INET, "198.18.8.1");
	event(ad, IF_OTH0, AF_INET, "198.18.8.1", false);
	unit_log_expect(0);
	fake_add(IF_ETH0, AF_INET, "198.18.1.1", false);
	event(ad, IF_ETH0, AF_INET, "198.18.1.1", true);
	unit_log_expect(1, "Assigned address 198.18.1.1 for interface eth0");
	vrrp_addr_detail_free(ad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_group_ipv6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slot_fills_and_empties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vips_and_unwatched, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
