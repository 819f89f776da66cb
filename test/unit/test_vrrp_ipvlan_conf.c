/*
 * Tests of the use_ipvlan configuration (vrrp_conf_ipvlan.c): every form of
 * use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa], in any order,
 * the words keepalived 2.2.7 ignores with a warning, the checks after the
 * file (address family, IPv4 without an address, with use_vmac, names
 * shared or the instance's own), and the dump. One test per table row.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "conf_fixture.h"

#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"

static struct vrrp_conf conf;

/* clang-format off */
static const struct cfg_keyword instance_keywords[] = {
	UNIT_CONF_INSTANCE_KEYWORDS(vrrp_ipvlan_instance_keywords),
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	UNIT_CONF_VRRP_INSTANCE(instance_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static void
unload(void)
{
	for (struct vrrp_instance_conf *vi = conf.instances; vi != NULL; vi = vi->next) {
		vrrp_ipvlan_conf_free(vi->ipvlan);
		vrrp_vmac_conf_free(vi->vmac);
	}
	vrrp_conf_free(&conf);
}

static int
finish(struct vrrp_conf *c)
{
	return vrrp_conf_finish(c) + vrrp_vmac_conf_finish(c) + vrrp_ipvlan_conf_finish(c);
}

static int
load(const char *text)
{
	return unit_conf_load(&conf, top_keywords, text, unload, finish);
}

/* One instance VI_1 on eth0, VRID 51, with lines on line 4; VIP of family 4 or 6. */
static int
load_lines_fam(const char *lines, int fam)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n%s\n"
		 " virtual_ipaddress {\n  %s\n }\n}\n",
		 lines, fam == 6 ? "fe80::1/64" : "198.18.0.1/24");
	return load(text);
}

static int
load_lines(const char *lines)
{
	return load_lines_fam(lines, 4);
}

static int
setup(void **state)
{
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	unload();
	unit_log_stop();
	return 0;
}

/* Accepted ----------------------------------------------------------------------- */

struct good_case {
	const char *name;
	const char *lines;
	int fam;
	const char *ifname;
	const char *addr; /* "" for none, else ADDRESS/PREFIX */
	uint16_t flags;
	const char *warning; /* NULL: none */
};

/* clang-format off */
static const struct good_case good_cases[] = {
	{ "test_addr_only", " use_ipvlan 198.18.0.10/24", 4, "", "198.18.0.10/24",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_addr_no_prefix", " use_ipvlan 198.18.0.10", 4, "", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_name_addr", " use_ipvlan ipv1 198.18.0.10/24", 4, "ipv1", "198.18.0.10/24",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_name_addr_private", " use_ipvlan ipv1 198.18.0.10/24 private", 4, "ipv1",
	  "198.18.0.10/24", VRRP_IPVLAN_F_PRIVATE, NULL },
	{ "test_vepa_first", " use_ipvlan vepa 198.18.0.10 ipv1", 4, "ipv1", "198.18.0.10/32",
	  VRRP_IPVLAN_F_VEPA, NULL },
	{ "test_bridge", " use_ipvlan 198.18.0.10/24 bridge", 4, "", "198.18.0.10/24",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_dotted_name", " use_ipvlan ipv.51 198.18.0.10", 4, "ipv.51", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_v6_none", " use_ipvlan", 6, "", "", VRRP_IPVLAN_F_BRIDGE, NULL },
	{ "test_v6_addr", " use_ipvlan ipv6x fd00::10/64 private", 6, "ipv6x", "fd00::10/64",
	  VRRP_IPVLAN_F_PRIVATE, NULL },
	{ "test_v6_no_prefix", " use_ipvlan fd00::10", 6, "", "fd00::10/128",
	  VRRP_IPVLAN_F_BRIDGE, NULL },
	/* What keepalived ignores with a warning. */
	{ "test_two_names", " use_ipvlan foo bar 198.18.0.10", 4, "foo", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) IPVLAN interface already specified - ignoring 'bar'" },
	{ "test_extra_word", " use_ipvlan foo 198.18.0.10 vepa extra", 4, "foo",
	  "198.18.0.10/32", VRRP_IPVLAN_F_VEPA,
	  "keepalived.conf:4: (VI_1) IPVLAN interface already specified - ignoring 'extra'" },
	{ "test_two_modes", " use_ipvlan 198.18.0.10 private vepa", 4, "", "198.18.0.10/32",
	  VRRP_IPVLAN_F_PRIVATE,
	  "keepalived.conf:4: (VI_1) IPVLAN mode already specified - ignoring 'vepa'" },
	{ "test_two_addrs", " use_ipvlan 198.18.0.10 198.18.0.11", 4, "", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) IPVLAN address already specified - ignoring '198.18.0.11'" },
	{ "test_bad_prefix", " use_ipvlan 198.18.0.10/33 198.18.0.12", 4, "", "198.18.0.12/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: '198.18.0.10/33' is not a valid address - "
	  "ignoring" },
	{ "test_bad_v4", " use_ipvlan 198.18.0.256 198.18.0.12", 4, "", "198.18.0.12/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: '198.18.0.256' is not a valid address - "
	  "ignoring" },
	{ "test_bad_v6", " use_ipvlan fd00:::1", 6, "", "", VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: 'fd00:::1' is not a valid address - ignoring" },
	{ "test_bad_name", " use_ipvlan a/b 198.18.0.10", 4, "", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: 'a/b' is not a valid interface name - ignoring" },
	{ "test_long_name", " use_ipvlan abcdefghijklmnop 198.18.0.10", 4, "", "198.18.0.10/32",
	  VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: 'abcdefghijklmnop' is not a valid interface "
	  "name - ignoring" },
	{ "test_twice", " use_ipvlan 198.18.0.10\n use_ipvlan x 198.18.0.11", 4, "",
	  "198.18.0.10/32", VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:5: (VI_1) use_ipvlan already specified - ignoring" },
	/* keepalived: "address family must match VRRP instance". */
	{ "test_v6_addr_on_v6_inst", " use_ipvlan 198.18.0.10", 6, "", "", VRRP_IPVLAN_F_BRIDGE,
	  "keepalived.conf:4: (VI_1) use_ipvlan: address family must match VRRP instance - "
	  "ignoring the address" },
};
/* clang-format on */

static void
test_good(void **state)
{
	const struct good_case *c = *state;
	const struct vrrp_ipvlan_conf *ic;
	char a[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 8] = "";

	if (load_lines_fam(c->lines, c->fam) != 0)
		fail_msg("refused: %s", unit_log.line[0]);
	ic = conf.instances->ipvlan;
	assert_non_null(ic);
	assert_true(ic->enabled);
	assert_string_equal(ic->ifname, c->ifname);
	if (ic->has_addr) {
		inet_ntop(ic->family, &ic->addr, a, sizeof(a));
		snprintf(text, sizeof(text), "%s/%u", a, ic->prefixlen);
	}
	assert_string_equal(text, c->addr);
	assert_int_equal(ic->flags, c->flags);
	assert_int_equal(unit_log.errors, 0);
	if (c->warning == NULL) {
		assert_int_equal(unit_log.warnings, 0);
	} else {
		assert_int_equal(unit_log.warnings, 1);
		assert_true(unit_logged(c->warning));
	}
}

/* Refused ------------------------------------------------------------------------- */

struct bad_case {
	const char *name;
	const char *lines;
	const char *message;
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ "test_v4_without_addr", " use_ipvlan ipv1",
	  "keepalived.conf:1: (VI_1) use_ipvlan: an IPv4 instance needs an address for the "
	  "ipvlan interface" },
	{ "test_v4_bare", " use_ipvlan",
	  "keepalived.conf:1: (VI_1) use_ipvlan: an IPv4 instance needs an address for the "
	  "ipvlan interface" },
	{ "test_with_vmac", " use_ipvlan 198.18.0.10\n use_vmac",
	  "keepalived.conf:1: (VI_1) use_ipvlan and use_vmac cannot both be used" },
	{ "test_own_interface", " use_ipvlan eth0 198.18.0.10",
	  "keepalived.conf:1: (VI_1) use_ipvlan: eth0 is the instance's own interface" },
};
/* clang-format on */

static void
test_bad(void **state)
{
	const struct bad_case *c = *state;

	assert_int_equal(load_lines(c->lines), 1);
	assert_true(unit_logged(c->message));
	assert_int_equal(unit_log.errors, 1);
}

/* Across instances, dump ------------------------------------------------------------ */

static void
test_duplicate_name(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		" use_ipvlan ipv1 198.18.0.10\n virtual_ipaddress {\n  198.18.0.1/24\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n"
		" use_ipvlan ipv1 198.18.0.11\n virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n";

	assert_int_equal(load(text), 1);
	assert_true(unit_logged(
		"keepalived.conf:9: (VI_2) use_ipvlan: ipv1 is already the ipvlan of VI_1"));
}

static void
test_no_ipvlan(void **state)
{
	assert_int_equal(load_lines(""), 0);
	assert_null(conf.instances->ipvlan);
	vrrp_ipvlan_conf_free(NULL);
}

static void
test_dump(void **state)
{
	struct unit_text out = { 0 };

	assert_int_equal(load_lines(" use_ipvlan ipv1 198.18.0.10/24 vepa"), 0);
	vrrp_ipvlan_conf_dump(conf.instances->ipvlan, unit_text_line, &out);
	assert_string_equal(out.text, "    use_ipvlan ipv1 198.18.0.10/24 vepa\n");
	unit_text_clear(&out);
	assert_int_equal(load_lines_fam(" use_ipvlan", 6), 0);
	vrrp_ipvlan_conf_dump(conf.instances->ipvlan, unit_text_line, &out);
	assert_string_equal(out.text, "    use_ipvlan bridge\n");
	unit_text_clear(&out);
	vrrp_ipvlan_conf_dump(NULL, unit_text_line, &out);
	assert_string_equal(out.text, "");
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_duplicate_name),
		cmocka_unit_test(test_no_ipvlan),
		cmocka_unit_test(test_dump),
	};
	/* clang-format on */
	struct CMUnitTest
		tests[UNIT_NELEMS(good_cases) + UNIT_NELEMS(bad_cases) + UNIT_NELEMS(fixed)];
	size_t n = 0;

	unit_add_rows(tests, &n, test_good, good_cases);
	unit_add_rows(tests, &n, test_bad, bad_cases);
	unit_add_tests(tests, &n, fixed);
	return cmocka_run_group_tests(tests, setup, teardown);
}
