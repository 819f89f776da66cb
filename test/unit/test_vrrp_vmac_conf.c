/*
 * Tests of the VMAC configuration (vrrp_conf_vmac.c): every form of
 * use_vmac [NAME] [MAC] that keepalived 2.2.7 takes and each it refuses,
 * with the exact messages; vmac_xmit_base and use_vmac_addr; the checks
 * across instances; and the rules the live side follows (the virtual MAC,
 * the default names in keepalived's order, which VIPs get a VMAC of their
 * own). One test per table row.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "conf_fixture.h"

#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"

static struct vrrp_conf conf;

/* clang-format off */
static const struct cfg_keyword instance_keywords[] = {
	UNIT_CONF_INSTANCE_KEYWORDS(vrrp_vmac_instance_keywords),
};
/* clang-format on */

static int
kw_global(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vrrp_global_keyword(r, argc, argv, &((struct vrrp_conf *)obj)->global);
}

/* clang-format off */
static const struct cfg_keyword global_keywords[] = {
	{ "vmac_prefix", kw_global, NULL, NULL, NULL, NULL },
	{ "vmac_addr_prefix", kw_global, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "global_defs", NULL, NULL, global_keywords, NULL, NULL },
	UNIT_CONF_VRRP_INSTANCE(instance_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static void
unload(void)
{
	for (struct vrrp_instance_conf *vi = conf.instances; vi != NULL; vi = vi->next)
		vrrp_vmac_conf_free(vi->vmac);
	vrrp_conf_free(&conf);
}

static int
finish(struct vrrp_conf *c)
{
	return vrrp_conf_finish(c) + vrrp_vmac_conf_finish(c);
}

static int
load(const char *text)
{
	return unit_conf_load(&conf, top_keywords, text, unload, finish);
}

/* One instance VI_1 on eth0, VRID 51, with lines on line 4. */
static int
load_lines(const char *lines)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n%s\n"
		 " virtual_ipaddress {\n  198.18.0.1/24\n }\n}\n",
		 lines);
	return load(text);
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
	bool enabled;
	const char *ifname;
	const char *mac; /* vrrp_vmac_mac() for the IPv4 instance */
	bool xmit_base, use_vmac_addr;
	unsigned warnings;
};

/* clang-format off */
static const struct good_case good_cases[] = {
	{ "test_use_vmac", " use_vmac", true, "", "00:00:5e:00:01:33", false, false, 0 },
	{ "test_use_vmac_name", " use_vmac vrrp51", true, "vrrp51", "00:00:5e:00:01:33", false,
	  false, 0 },
	{ "test_use_vmac_dots", " use_vmac vrrp.51.x", true, "vrrp.51.x", "00:00:5e:00:01:33",
	  false, false, 0 },
	{ "test_use_vmac_15_chars", " use_vmac abcdefghijklmno", true, "abcdefghijklmno",
	  "00:00:5e:00:01:33", false, false, 0 },
	{ "test_use_vmac_mac6", " use_vmac 02:11:22:33:44:55", true, "", "02:11:22:33:44:55", false,
	  false, 0 },
	{ "test_use_vmac_mac5", " use_vmac 02:11:22:33:44", true, "", "02:11:22:33:44:33", false,
	  false, 0 },
	{ "test_use_vmac_mac5_colon", " use_vmac 2:a:B:3:4:", true, "", "02:0a:0b:03:04:33", false,
	  false, 0 },
	{ "test_use_vmac_name_mac", " use_vmac v1 02:11:22:33:44:55", true, "v1",
	  "02:11:22:33:44:55",
	  false, false, 0 },
	{ "test_use_vmac_mac_name", " use_vmac 02:11:22:33:44:55 v1", true, "v1",
	  "02:11:22:33:44:55",
	  false, false, 0 },
	{ "test_use_vmac_repeated", " use_vmac v1\n use_vmac v1 02:11:22:33:44:55\n use_vmac", true,
	  "v1",
	  "02:11:22:33:44:55", false, false, 0 },
	{ "test_use_vmac_other_oui", " use_vmac 00:00:5e:00:03:07", true, "", "00:00:5e:00:03:07",
	  false, false, 0 },
	{ "test_vmac_xmit_base", " use_vmac\n vmac_xmit_base", true, "", "00:00:5e:00:01:33", true,
	  false, 0 },
	{ "test_xmit_base_first", " vmac_xmit_base\n use_vmac", true, "", "00:00:5e:00:01:33", true,
	  false, 0 },
	/* use_vmac_addr is acted on (vrrp_vmac_addr_slots()), silently. */
	{ "test_use_vmac_addr", " use_vmac\n use_vmac_addr", true, "", "00:00:5e:00:01:33", false,
	  true, 0 },
	{ "test_use_vmac_addr_alone", " use_vmac_addr", false, "", "00:00:5e:00:01:33", false, true,
	  0 },
	{ "test_xmit_base_without_vmac", " vmac_xmit_base", false, "", "00:00:5e:00:01:33", false,
	  false, 1 },
	{ "test_flag_with_value", " use_vmac\n vmac_xmit_base yes", true, "", "00:00:5e:00:01:33",
	  true, false, 1 },
};
/* clang-format on */

static void
test_good(void **state)
{
	const struct good_case *c = *state;
	const struct vrrp_vmac_conf *vc;
	uint8_t mac[VRRP_VMAC_LEN];
	char text[24];

	if (load_lines(c->lines) != 0)
		fail_msg("refused: %s", unit_log.line[0]);
	vc = conf.instances->vmac;
	assert_non_null(vc);
	assert_int_equal(vc->enabled, c->enabled);
	assert_string_equal(vc->ifname, c->ifname);
	vrrp_vmac_mac(vc, AF_INET, conf.instances->vrid, mac);
	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	assert_string_equal(text, c->mac);
	assert_int_equal(vc->xmit_base, c->xmit_base);
	assert_int_equal(vc->use_vmac_addr, c->use_vmac_addr);
	assert_int_equal(unit_log.warnings, c->warnings);
	assert_int_equal(unit_log.errors, 0);
}

/* Refused ------------------------------------------------------------------------- */

struct bad_case {
	const char *name;
	const char *lines;
	const char *message;
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ "test_name_slash", " use_vmac a/b",
	  "keepalived.conf:4: (VI_1) use_vmac: 'a/b' is not a valid interface name" },
	{ "test_name_16_chars", " use_vmac abcdefghijklmnop",
	  "keepalived.conf:4: (VI_1) use_vmac: 'abcdefghijklmnop' is not a valid interface name" },
	{ "test_name_dot", " use_vmac .",
	  "keepalived.conf:4: (VI_1) use_vmac: '.' is not a valid interface name" },
	{ "test_name_dotdot", " use_vmac ..",
	  "keepalived.conf:4: (VI_1) use_vmac: '..' is not a valid interface name" },
	{ "test_name_space", " use_vmac \"a b\"",
	  "keepalived.conf:4: (VI_1) use_vmac: 'a b' is not a valid interface name" },
	{ "test_two_names", " use_vmac foo bar",
	  "keepalived.conf:4: (VI_1) use_vmac: interface name bar given after foo" },
	{ "test_name_changed", " use_vmac foo\n use_vmac bar",
	  "keepalived.conf:5: (VI_1) use_vmac: interface name bar given after foo" },
	{ "test_mac_4_octets", " use_vmac 02:11:22:33",
	  "keepalived.conf:4: (VI_1) use_vmac: '02:11:22:33' "
	  "is not a MAC address (5 or 6 octets)" },
	{ "test_mac_7_octets", " use_vmac 02:11:22:33:44:55:66",
	  "keepalived.conf:4: (VI_1) use_vmac: '02:11:22:33:44:55:66' is not a MAC address (5 or 6 "
	  "octets)" },
	{ "test_mac_bad_digit", " use_vmac 02:11:22:33:4g:55",
	  "keepalived.conf:4: (VI_1) use_vmac: '02:11:22:33:4g:55' is not a MAC address (5 or 6 "
	  "octets)" },
	{ "test_mac_3_digits", " use_vmac 002:11:22:33:44:55",
	  "keepalived.conf:4: (VI_1) use_vmac: '002:11:22:33:44:55' is not a MAC address (5 or 6 "
	  "octets)" },
	{ "test_mac_empty_octet", " use_vmac 02::22:33:44:55",
	  "keepalived.conf:4: (VI_1) use_vmac: '02::22:33:44:55' is not a MAC address (5 or 6 "
	  "octets)" },
	{ "test_mac_colon_name", " use_vmac foo:bar",
	  "keepalived.conf:4: (VI_1) use_vmac: 'foo:bar' is not a MAC address (5 or 6 octets)" },
	{ "test_mac_multicast", " use_vmac 01:11:22:33:44:55",
	  "keepalived.conf:4: (VI_1) use_vmac: 01:11:22:33:44:55 is a multicast MAC address" },
	{ "test_mac_rfc_v4", " use_vmac 00:00:5e:00:01:10",
	  "keepalived.conf:4: (VI_1) use_vmac: 00:00:5e:00:01:10 is in the RFC 5798 range, which "
	  "use_vmac "
	  "takes without an address" },
	{ "test_mac_rfc_v6_5", " use_vmac 00:00:5E:00:02",
	  "keepalived.conf:4: (VI_1) use_vmac: 00:00:5E:00:02 is in the RFC 5798 range, which "
	  "use_vmac "
	  "takes without an address" },
	{ "test_mac_changed", " use_vmac 02:11:22:33:44:55\n use_vmac 02:11:22:33:44:56",
	  "keepalived.conf:5: (VI_1) use_vmac: a different MAC address was given before" },
	{ "test_mac_5_then_6", " use_vmac 02:11:22:33:44\n use_vmac 02:11:22:33:44:33",
	  "keepalived.conf:5: (VI_1) use_vmac: a different MAC address was given before" },
	{ "test_name_own_interface", " use_vmac eth0",
	  "keepalived.conf:1: (VI_1) use_vmac: eth0 is the instance's own interface" },
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

/* Across instances ---------------------------------------------------------------- */

static void
test_duplicate_name(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n use_vmac vmac1\n"
		" virtual_ipaddress {\n  198.18.0.1/24\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth1\n virtual_router_id 52\n use_vmac vmac1\n"
		" virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n"
		"vrrp_instance VI_3 {\n interface eth1\n virtual_router_id 53\n use_vmac\n"
		" virtual_ipaddress {\n  198.18.0.3/24\n }\n}\n";

	assert_int_equal(load(text), 1);
	assert_true(unit_logged(
		"keepalived.conf:9: (VI_2) use_vmac: vmac1 is already the VMAC of VI_1"));
}

static void
test_xmit_base_warning_text(void **state)
{
	assert_int_equal(load_lines(" vmac_xmit_base"), 0);
	assert_true(unit_logged(
		"keepalived.conf:1: (VI_1) vmac_xmit_base is only valid with use_vmac, ignored"));
	assert_false(conf.instances->vmac->xmit_base);
	assert_int_equal(load_lines(" use_vmac_addr 1"), 0);
	assert_true(
		unit_logged("keepalived.conf:4: (VI_1) use_vmac_addr takes no value, '1' ignored"));
}

static void
test_no_vmac(void **state)
{
	assert_int_equal(load_lines(""), 0);
	assert_null(conf.instances->vmac);
	vrrp_vmac_conf_free(NULL);
}

/* The live side's rules ------------------------------------------------------------ */

static void
test_mac_defaults(void **state)
{
	struct vrrp_vmac_conf vc;
	uint8_t mac[VRRP_VMAC_LEN];
	static const uint8_t v4[] = { 0, 0, 0x5e, 0, 1, 255 }, v6[] = { 0, 0, 0x5e, 0, 2, 1 };
	static const uint8_t own[] = { 2, 1, 2, 3, 4, 9 };

	vrrp_vmac_mac(NULL, AF_INET, 255, mac);
	assert_memory_equal(mac, v4, sizeof(v4));
	vrrp_vmac_mac(NULL, AF_INET6, 1, mac);
	assert_memory_equal(mac, v6, sizeof(v6));
	memset(&vc, 0, sizeof(vc));
	vc.enabled = true;
	vrrp_vmac_mac(&vc, AF_INET6, 1, mac);
	assert_memory_equal(mac, v6, sizeof(v6));
	vc.has_mac = true;
	memcpy(vc.mac, own, sizeof(own));
	vrrp_vmac_mac(&vc, AF_INET6, 1, mac);
	assert_memory_equal(mac, own, sizeof(own));
	vc.mac_use_vrid = true;
	vrrp_vmac_mac(&vc, AF_INET, 77, mac);
	assert_int_equal(mac[5], 77);
	assert_memory_equal(mac, own, 5);
}

static void
test_default_names(void **state)
{
	static const char *const v4[] = { "vrrp.51",  "vrrp1.51", "vrrp2.51", "vrrp3.51",
					  "vrrp4.51", "vrrp5.51", "vrrp6.51", "vrrp7.51" };
	static const char *const v6[] = { "vrrp.51",  "vrrp6.51", "vrrp1.51",
					  "vrrp2.51", "vrrp3.51", "vrrp4.51",
					  "vrrp5.51", "vrrp7.51", "vrrp8.51" };
	char buf[IF_NAMESIZE], small[8];

	for (unsigned i = 0; i < UNIT_NELEMS(v4); i++) {
		assert_int_equal(vrrp_vmac_default_name(AF_INET, 51, i, buf, sizeof(buf)), 0);
		assert_string_equal(buf, v4[i]);
	}
	for (unsigned i = 0; i < UNIT_NELEMS(v6); i++) {
		assert_int_equal(vrrp_vmac_default_name(AF_INET6, 51, i, buf, sizeof(buf)), 0);
		assert_string_equal(buf, v6[i]);
	}
	assert_int_equal(vrrp_vmac_default_name(AF_INET, 255, 999, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "vrrp999.255");
	assert_int_equal(vrrp_vmac_default_name(AF_INET, 255, 1000, buf, sizeof(buf)), -1);
	assert_int_equal(vrrp_vmac_default_name(AF_INET, 255, 0, small, sizeof(small)), -1);
	assert_int_equal(vrrp_vmac_default_name(AF_INET, 5, 0, small, sizeof(small)), 0);
	assert_string_equal(small, "vrrp.5");
}

static void
test_vip_wants_vmac(void **state)
{
	struct vrrp_instance_conf vi;
	struct vrrp_vmac_conf vc;
	struct vrrp_vip vip;

	memset(&vi, 0, sizeof(vi));
	memset(&vc, 0, sizeof(vc));
	memset(&vip, 0, sizeof(vip));
	snprintf(vi.ifname, sizeof(vi.ifname), "eth0");
	vi.family = AF_INET;
	vip.family = AF_INET;
	snprintf(vip.dev, sizeof(vip.dev), "eth1");
	/* Without use_vmac_addr nothing but the instance's interface gets a VMAC. */
	assert_false(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	vi.vmac = &vc;
	vc.enabled = true;
	assert_false(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	vc.use_vmac_addr = true;
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	snprintf(vip.dev, sizeof(vip.dev), "eth0");
	assert_false(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	vip.dev[0] = '\0';
	assert_false(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	/* The other family needs the other MAC. */
	vip.family = AF_INET6;
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	/* keepalived 2.2.7 does so without the instance's own use_vmac too. */
	vc.enabled = false;
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	/*
	 * An address's own use_vmac: with dev, even the instance's interface;
	 * without, on the instance's interface unless it is on use_vmac's VMAC.
	 */
	vc.use_vmac_addr = false;
	vip.family = AF_INET;
	vip.use_vmac = true;
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	vc.enabled = true;
	assert_false(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	snprintf(vip.dev, sizeof(vip.dev), "eth0");
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	vi.vmac = NULL;
	assert_true(vrrp_vmac_vip_wants_vmac(&vi, &vip));
	assert_string_equal(vrrp_vmac_vip_parent(&vi, &vip), "eth0");
	vip.dev[0] = '\0';
	assert_string_equal(vrrp_vmac_vip_parent(&vi, &vip), "eth0");
}

/* use_vmac_addr and an address's use_vmac, read from a file ------------------------- */

/* The same configuration as test/integration/vrrp_vmac_addr.sh. */
static const char addr_text[] =
	"global_defs {\n vmac_addr_prefix zz\n}\n"
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n use_vmac_addr\n"
	" virtual_ipaddress {\n  198.18.0.10/24 dev eth0\n  198.18.1.10/24 dev eth1\n"
	"  198.18.1.11/24 dev eth1\n }\n"
	" virtual_ipaddress_excluded {\n  fd00:18::10/64 dev eth0\n }\n}\n"
	"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"
	" virtual_ipaddress {\n  198.18.1.20/24 dev eth1 use_vmac\n"
	"  198.18.0.20/24 dev eth0 use_vmac\n  198.18.0.21/24 use_vmac\n }\n}\n"
	"vrrp_instance VI_3 {\n interface eth0\n virtual_router_id 53\n"
	" virtual_ipaddress {\n  198.18.1.30/24 dev eth1\n }\n}\n";

static void
test_addr_slots(void **state)
{
	const struct vrrp_instance_conf *vi;
	size_t first_of[8];
	int slot_of[8];
	char name[IF_NAMESIZE];

	assert_int_equal(load(addr_text), 0);
	assert_int_equal(unit_log.warnings, 0);
	/* VI_1: eth0's own IPv4 address none; eth1's two share one; the IPv6 one on eth0. */
	vi = conf.instances;
	assert_non_null(vi->vmac);
	assert_true(vi->vmac->has_addr_vmacs);
	assert_false(vi->vmac->enabled);
	assert_string_equal(vi->vmac->addr_prefix, "zz");
	assert_int_equal(vrrp_vmac_addr_slots(vi, slot_of, first_of), 2);
	assert_int_equal(slot_of[0], -1);
	assert_int_equal(slot_of[1], 0);
	assert_int_equal(slot_of[2], 0);
	assert_int_equal(slot_of[3], 1);
	assert_int_equal(first_of[0], 1);
	assert_int_equal(first_of[1], 3);
	/* The names the live side tries first: zz.51 (eth1), zz.51 then zz6.51 (IPv6). */
	assert_int_equal(vrrp_vmac_prefixed_name(vi->vmac->addr_prefix, AF_INET, vi->vrid, 0, name,
						 sizeof(name)),
			 0);
	assert_string_equal(name, "zz.51");
	assert_int_equal(vrrp_vmac_prefixed_name(vi->vmac->addr_prefix, AF_INET6, vi->vrid, 1, name,
						 sizeof(name)),
			 0);
	assert_string_equal(name, "zz6.51");
	/* VI_2: use_vmac on the addresses, one VMAC per interface. */
	vi = vi->next;
	assert_true(vi->vips[0].use_vmac && vi->vips[1].use_vmac && vi->vips[2].use_vmac);
	assert_non_null(vi->vmac);
	assert_true(vi->vmac->has_addr_vmacs);
	assert_int_equal(vrrp_vmac_addr_slots(vi, slot_of, first_of), 2);
	assert_int_equal(slot_of[0], 0);
	assert_int_equal(slot_of[1], 1);
	assert_int_equal(slot_of[2], 1); /* no dev: the instance's interface, eth0's VMAC */
	assert_string_equal(vrrp_vmac_vip_parent(vi, &vi->vips[first_of[0]]), "eth1");
	assert_string_equal(vrrp_vmac_vip_parent(vi, &vi->vips[first_of[1]]), "eth0");
	/* VI_3: dev without use_vmac_addr: no VMAC, no struct. */
	vi = vi->next;
	assert_null(vi->vmac);
	assert_false(vrrp_vmac_conf_has_addr_vmacs(vi));
	assert_int_equal(vrrp_vmac_addr_slots(vi, slot_of, first_of), 0);
	assert_int_equal(slot_of[0], -1);
}

/* The prefix: vmac_addr_prefix, else vmac_prefix, else vrrp; one too long is ignored. */
static void
test_addr_prefix(void **state)
{
	static const struct {
		const char *globals, *prefix;
		unsigned warnings;
	} rows[] = {
		{ "", "vrrp", 0 },
		{ " vmac_prefix vp\n", "vp", 0 },
		{ " vmac_prefix vp\n vmac_addr_prefix va\n", "va", 0 },
		{ " vmac_addr_prefix va\n vmac_prefix vp\n", "va", 0 },
		{ " vmac_addr_prefix abcdefghijkl\n", "vrrp", 1 },
	};
	char text[512];

	for (size_t i = 0; i < UNIT_NELEMS(rows); i++) {
		snprintf(text, sizeof(text),
			 "global_defs {\n%s}\nvrrp_instance VI_1 {\n interface eth0\n"
			 " virtual_router_id 51\n use_vmac_addr\n virtual_ipaddress {\n"
			 "  198.18.1.10/24 dev eth1\n }\n}\n",
			 rows[i].globals);
		assert_int_equal(load(text), 0);
		assert_int_equal(unit_log.warnings, rows[i].warnings);
		assert_string_equal(conf.instances->vmac->addr_prefix, rows[i].prefix);
		unit_log_stop();
		unit_log_start();
	}
	if (load("global_defs {\n vmac_addr_prefix abcdefghijkl\n}\n") != 0 ||
	    !unit_logged("keepalived.conf:2: vmac_addr_prefix: 'abcdefghijkl' leaves no room for "
			 ".VRID in an interface name - ignored"))
		fail_msg("no warning for a long prefix: %s", unit_log.line[0]);
}

static void
test_dump(void **state)
{
	struct unit_text out = { 0 };

	assert_int_equal(load_lines(" use_vmac v1 02:0a:0b:0c:0d\n vmac_xmit_base\n use_vmac_addr"),
			 0);
	vrrp_vmac_conf_dump(conf.instances->vmac, unit_text_line, &out);
	assert_string_equal(
		out.text,
		"    use_vmac v1 02:0a:0b:0c:0d\n    vmac_xmit_base\n    use_vmac_addr\n");
	unit_text_clear(&out);
	assert_int_equal(load_lines(" use_vmac 02:0a:0b:0c:0d:0e"), 0);
	vrrp_vmac_conf_dump(conf.instances->vmac, unit_text_line, &out);
	assert_string_equal(out.text, "    use_vmac 02:0a:0b:0c:0d:0e\n");
	vrrp_vmac_conf_dump(NULL, unit_text_line, &out);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_duplicate_name),
		cmocka_unit_test(test_xmit_base_warning_text),
		cmocka_unit_test(test_no_vmac),
		cmocka_unit_test(test_mac_defaults),
		cmocka_unit_test(test_default_names),
		cmocka_unit_test(test_vip_wants_vmac),
		cmocka_unit_test(test_addr_slots),
		cmocka_unit_test(test_addr_prefix),
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
