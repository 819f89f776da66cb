/*
 * Tests for the interface keywords (keepalived/vrrp/conf/vrrp_conf_iface.c
 * and their lines in keepalived/core/conf.c), read through the daemon's own
 * kconf_load_string(): what each records, and the messages keepalived 2.2.7
 * gives for them (seen with its -t).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "test/unit/unit_helpers.h"

static const struct cfg_options opts = { .config_id = "lvs-a" };

static struct kconf *
load_ok(const char *text)
{
	struct kconf *conf = NULL;

	unit_log_start();
	if (kconf_load_string("keepalived.conf", text, &opts, &conf) != 0) {
		unsigned i;

		for (i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
			print_message("  logged: %s\n", unit_log.line[i]);
		fail_msg("configuration refused");
	}
	assert_non_null(conf);
	return conf;
}

#define GLOBAL(lines) "global_defs {\n" lines "}\n"
/* The instance starts at line 1 (or after a global_defs); interface on its second line. */
#define INSTANCE(lines)                                                    \
	"vrrp_instance X {\n interface eth0\n virtual_router_id 9\n" lines \
	" virtual_ipaddress {\n  198.18.0.100\n }\n}\n"

static void
test_dynamic_interfaces(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(""));

	assert_false(conf->vrrp.iface.dynamic);
	assert_int_equal(conf->vrrp.instances->iface.if_line, 2);
	kconf_free(conf);

	conf = load_ok(GLOBAL(" dynamic_interfaces\n") INSTANCE(""));
	assert_true(conf->vrrp.iface.dynamic);
	assert_false(conf->vrrp.iface.allow_if_changes);
	assert_int_equal(conf->vrrp.instances->iface.if_line, 5);
	unit_log_expect(0);
	kconf_free(conf);

	conf = load_ok(GLOBAL(" dynamic_interfaces allow_if_changes\n") INSTANCE(""));
	assert_true(conf->vrrp.iface.dynamic);
	assert_true(conf->vrrp.iface.allow_if_changes);
	unit_log_expect(0);
	kconf_free(conf);

	/* As keepalived: the option is ignored, dynamic_interfaces is not. */
	conf = load_ok(GLOBAL(" dynamic_interfaces sometimes\n") INSTANCE(""));
	assert_true(conf->vrrp.iface.dynamic);
	assert_false(conf->vrrp.iface.allow_if_changes);
	unit_log_expect(1, "keepalived.conf:2: Unknown dynamic_interfaces option 'sometimes'");
	unit_log_stop();
	kconf_free(conf);
}

static void
test_flags(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(" dont_track_primary\n track_src_ip\n"
					      " promote_secondaries\n kernel_rx_buf_size 100000\n"
					      " debug 3\n"));
	const struct vrrp_iface_instance_conf *ic = &conf->vrrp.instances->iface;

	assert_true(ic->dont_track_primary);
	assert_true(ic->track_src_ip);
	assert_true(ic->promote_secondaries);
	assert_int_equal(ic->rx_buf_size, 100000);
	assert_int_equal(ic->debug, 3);
	unit_log_expect(0);
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok(INSTANCE(""));
	ic = &conf->vrrp.instances->iface;
	assert_false(ic->dont_track_primary || ic->track_src_ip || ic->promote_secondaries);
	assert_int_equal(ic->rx_buf_size, 0);
	kconf_free(conf);
}

/* keepalived warns about a bad debug level and runs. */
static void
test_debug_range(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(" debug 7\n"));

	assert_int_equal(conf->vrrp.instances->iface.debug, 0);
	unit_log_expect(1, "keepalived.conf:4: (X) Debug value '7' not valid; must be between 0-4");
	unit_log_stop();
	kconf_free(conf);
}

static void
test_bad_values(void **state)
{
	struct kconf *conf = NULL;

	unit_log_start();
	assert_int_not_equal(kconf_load_string("keepalived.conf", INSTANCE(" kernel_rx_buf_size\n"),
					       &opts, &conf),
			     0);
	assert_null(conf);
	assert_int_not_equal(kconf_load_string("keepalived.conf",
					       INSTANCE(" kernel_rx_buf_size lots\n"), &opts,
					       &conf),
			     0);
	assert_null(conf);
	assert_int_not_equal(kconf_load_string("keepalived.conf",
					       INSTANCE(" dont_track_primary on\n"), &opts, &conf),
			     0);
	assert_null(conf);
	unit_log_stop();
}

static void
test_native_ipv6(void **state)
{
	struct kconf *conf = load_ok("vrrp_instance X {\n interface eth0\n virtual_router_id 9\n"
				     " native_ipv6\n virtual_ipaddress {\n  fd00::100/64\n"
				     "  198.18.0.100\n }\n}\n");
	const struct vrrp_instance_conf *vi = conf->vrrp.instances;

	assert_int_equal(vi->family, AF_INET6);
	assert_true(vi->iface.native_ipv6);
	assert_int_equal(vi->version, 3);
	assert_int_equal(vi->nvips, 1);
	assert_true(unit_logged("keepalived.conf:7: (X) virtual_ipaddress: '198.18.0.100': address "
				"family must match VRRP instance (IPv6) - ignoring"));
	unit_log_stop();
	kconf_free(conf);

	/* After an IPv4 address it is too late. */
	conf = load_ok("vrrp_instance X {\n interface eth0\n virtual_router_id 9\n"
		       " virtual_ipaddress {\n  198.18.0.100\n }\n native_ipv6\n}\n");
	vi = conf->vrrp.instances;
	assert_int_equal(vi->family, AF_INET);
	assert_false(vi->iface.native_ipv6);
	assert_true(unit_logged("keepalived.conf:7: (X) native_ipv6: the instance already has IPv4 "
				"addresses - ignoring"));
	unit_log_stop();
	kconf_free(conf);
}

static void
test_linkbeat(void **state)
{
	struct kconf *conf =
		load_ok("linkbeat_use_polling\nlinkbeat_interfaces {\n eth0 MII\n}\n" INSTANCE(
			" linkbeat_use_polling\n"));
	const struct vrrp_iface_conf *ic = &conf->vrrp.iface;

	assert_true(conf->vrrp.instances->iface.linkbeat_polling);
	assert_true(ic->linkbeat_all);
	assert_int_equal(ic->nlinkbeat, 1);
	assert_string_equal(ic->linkbeat[0].ifname, "eth0");
	assert_int_equal(ic->linkbeat[0].type, VRRP_LINKBEAT_MII);
	/* keepalived's deprecation warning only: the polling is acted on. */
	unit_log_expect(1, "keepalived.conf:8: (X) 'linkbeat_use_polling' in vrrp instance "
			   "deprecated - use linkbeat_interfaces block");
	unit_log_stop();
	kconf_free(conf);
}

/* The ways, a word keepalived does not know (polled the default way), a line given twice. */
static void
test_linkbeat_interfaces(void **state)
{
	struct kconf *conf =
		load_ok("linkbeat_interfaces {\n eth0 ETHTOOL\n eth1 IOCTL\n"
			" eth2 FOO\n eth3 MII extra\n eth4\n eth1 MII\n}\n" INSTANCE(""));
	const struct vrrp_iface_conf *ic = &conf->vrrp.iface;

	assert_false(ic->linkbeat_all);
	assert_int_equal(ic->nlinkbeat, 5);
	assert_int_equal(vrrp_linkbeat_of(ic, "eth0")->type, VRRP_LINKBEAT_ETHTOOL);
	assert_int_equal(vrrp_linkbeat_of(ic, "eth1")->type, VRRP_LINKBEAT_MII);
	assert_int_equal(vrrp_linkbeat_of(ic, "eth2")->type, VRRP_LINKBEAT_AUTO);
	assert_int_equal(vrrp_linkbeat_of(ic, "eth3")->type, VRRP_LINKBEAT_MII);
	assert_int_equal(vrrp_linkbeat_of(ic, "eth4")->type, VRRP_LINKBEAT_AUTO);
	assert_null(vrrp_linkbeat_of(ic, "eth5"));
	unit_log_expect(2, "keepalived.conf:4: extra characters FOO in linkbeat interface",
			"keepalived.conf:5: extra characters extra in linkbeat interface");
	unit_log_stop();
	kconf_free(conf);
}

static void
test_lvs_sync_daemon_interface(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(" lvs_sync_daemon_interface eth1\n"));

	assert_true(conf->check->sync_given);
	assert_string_equal(conf->check->sync_iface, "eth1");
	assert_string_equal(conf->check->sync_instance, "X");
	assert_int_equal(conf->check->sync_id, 0);
	unit_log_expect(2,
			"keepalived.conf:4: (X) Specifying lvs_sync_daemon_interface against a "
			"vrrp is deprecated.",
			"keepalived.conf:4:         Please use global lvs_sync_daemon");
	unit_log_stop();
	kconf_free(conf);

	/* global_defs lvs_sync_daemon wins. */
	conf = load_ok(GLOBAL(" lvs_sync_daemon eth2 X\n")
			       INSTANCE(" lvs_sync_daemon_interface eth1\n"));
	assert_string_equal(conf->check->sync_iface, "eth2");
	assert_true(unit_logged("keepalived.conf:7: (X) lvs_sync_daemon_interface has already been "
				"specified as eth2 - ignoring"));
	unit_log_stop();
	kconf_free(conf);
}

static void
test_up_down_delays(void **state)
{
	struct kconf *conf = load_ok("interface_up_down_delays {\n eth0 2 1\n eth1 0.00001\n"
				     " eth0 3.5 0\n}\n" INSTANCE(""));
	const struct vrrp_iface_conf *ic = &conf->vrrp.iface;
	const struct vrrp_iface_delay *d;

	assert_int_equal(ic->ndelays, 2);
	d = vrrp_iface_delay_of(ic, "eth0");
	assert_non_null(d);
	assert_int_equal(d->down_us, 3500000); /* the later line replaces the first */
	assert_int_equal(d->up_us, 0);
	d = vrrp_iface_delay_of(ic, "eth1");
	assert_non_null(d);
	assert_int_equal(d->down_us, 10); /* UP_DELAY defaults to DOWN_DELAY */
	assert_int_equal(d->up_us, 10);
	assert_null(vrrp_iface_delay_of(ic, "eth2"));
	unit_log_expect(0);
	unit_log_stop();
	kconf_free(conf);
}

static void
test_up_down_delays_bad(void **state)
{
	static const char *const bad[] = {
		"interface_up_down_delays {\n eth0\n}\n",
		"interface_up_down_delays {\n eth0 256\n}\n",
		"interface_up_down_delays {\n eth0 1 2 3\n}\n",
		"interface_up_down_delays {\n eth0 -1\n}\n",
		"interface_up_down_delays {\n eth0 0.0000001\n}\n",
	};
	struct kconf *conf = NULL;
	char text[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", bad[i], INSTANCE(""));
		unit_log_start();
		assert_int_not_equal(kconf_load_string("keepalived.conf", text, &opts, &conf), 0);
		assert_null(conf);
		unit_log_stop();
	}
}

#define NODEV(lines)                                                                         \
	"vrrp_instance X {\n virtual_router_id 9\n unicast_peer {\n  198.18.0.2\n }\n" lines \
	" virtual_ipaddress {\n  198.18.0.100\n  198.18.0.101 dev eth1\n }\n"                \
	" virtual_ipaddress_excluded {\n  198.18.9.1\n }\n}\n"

/*
 * An instance without interface: unicast with unicast_src_ip, maybe in a
 * VRF; its (e)VIPs without dev go to default_interface (eth0 unless set);
 * use_vmac is cleared.
 */
static void
test_no_interface(void **state)
{
	struct kconf *conf = load_ok("global_defs {\n default_interface eth7\n}\n" NODEV(
		" unicast_src_ip 198.18.0.1\n vrf blue\n use_vmac\n"));
	const struct vrrp_instance_conf *vi = conf->vrrp.instances;

	assert_string_equal(vi->ifname, "");
	assert_string_equal(vi->iface.vrf, "blue");
	assert_false(vi->vmac->enabled);
	assert_string_equal(vi->vips[0].dev, "eth7");
	assert_string_equal(vi->vips[1].dev, "eth1");
	assert_string_equal(vi->evips[0].dev, "eth7");
	assert_true(
		unit_logged("keepalived.conf:4: (X): Cannot use VMAC/ipvlan with unicast and no "
			    "interface - clearing use_vmac"));
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok(NODEV(" unicast_src_ip 198.18.0.1\n"));
	assert_string_equal(conf->vrrp.instances->vips[0].dev, "eth0");
	assert_string_equal(conf->vrrp.instances->iface.vrf, "");
	unit_log_stop();
	kconf_free(conf);
}

/* vrf: keepalived's warnings, each ignoring the line; with interface it is cleared. */
static void
test_vrf_warnings(void **state)
{
	struct kconf *conf =
		load_ok(NODEV(" unicast_src_ip 198.18.0.1\n vrf lo\n vrf blue\n vrf red\n"
			      " vrf abcdefghijklmnopq\n"));

	assert_string_equal(conf->vrrp.instances->iface.vrf, "blue");
	unit_log_expect(
		3,
		"keepalived.conf:7: (X) cannot use a loopback interface (lo) for VRF - "
		"ignoring",
		"keepalived.conf:9: (X) VRF interface already specified as 'blue' - ignoring",
		"keepalived.conf:10: (X) VRF interface name 'abcdefghijklmnopq' too long - "
		"ignoring");
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok(INSTANCE(" vrf blue\n"));
	assert_string_equal(conf->vrrp.instances->iface.vrf, "");
	unit_log_expect(1, "keepalived.conf:4: (X) Cannot specify VRF interface and interface - "
			   "ignoring");
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok("vrrp_instance X {\n vrf blue\n interface eth0\n virtual_router_id 9\n"
		       " virtual_ipaddress {\n  198.18.0.100\n }\n}\n");
	assert_string_equal(conf->vrrp.instances->iface.vrf, "");
	unit_log_expect(1, "keepalived.conf:2: (X) vrf can only be specified without interface - "
			   "clearing");
	unit_log_stop();
	kconf_free(conf);
}

/* Without interface: peers and a (not link-local) unicast_src_ip are needed. */
static void
test_no_interface_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "vrrp_instance X {\n virtual_router_id 9\n virtual_ipaddress {\n"
		  "  198.18.0.100 dev eth0\n }\n}\n",
		  "keepalived.conf:1: (X) Unknown interface!" },
		{ NODEV(""), "keepalived.conf:1: (X) Unicast instances must have unicast_src_ip or "
			     "interface" },
		{ "vrrp_instance X {\n virtual_router_id 9\n unicast_src_ip fe80::1\n unicast_peer "
		  "{\n  fe80::2\n }\n virtual_ipaddress {\n  fd00::100 dev eth0\n }\n}\n",
		  "keepalived.conf:1: (X) Non link-local address required if interface omitted" },
	};
	struct kconf *conf = NULL;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unit_log_start();
		assert_int_not_equal(kconf_load_string("keepalived.conf", bad[i].text, &opts,
						       &conf),
				     0);
		assert_null(conf);
		if (!unit_logged(bad[i].msg))
			fail_msg("case %zu: no '%s'", i, bad[i].msg);
		unit_log_stop();
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dynamic_interfaces),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_debug_range),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_native_ipv6),
		cmocka_unit_test(test_linkbeat),
		cmocka_unit_test(test_linkbeat_interfaces),
		cmocka_unit_test(test_no_interface),
		cmocka_unit_test(test_vrf_warnings),
		cmocka_unit_test(test_no_interface_errors),
		cmocka_unit_test(test_lvs_sync_daemon_interface),
		cmocka_unit_test(test_up_down_delays),
		cmocka_unit_test(test_up_down_delays_bad),
	};

	return cmocka_run_group_tests_name("vrrp_conf_iface", tests, NULL, NULL);
}
