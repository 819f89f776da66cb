/*
 * Tests for vrrp_strict, accept / no_accept, strict_mode and the firewall
 * keywords (keepalived/vrrp/conf/vrrp_conf_nft.c), read through the daemon's
 * own kconf_load_string(): what each instance's accept mode comes to, what
 * strict mode resets (with keepalived 2.2.7's messages, seen with its -t),
 * and what vrrp_iptables / vrrp_ipsets map to.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/core/conf.h"
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

static int
load_errors(const char *text)
{
	struct kconf *conf = NULL;
	int errors;

	unit_log_start();
	errors = kconf_load_string("keepalived.conf", text, &opts, &conf);
	assert_null(conf);
	return errors;
}

/* An instance block with extra lines, and optionally global_defs lines before it. */
#define GLOBAL(lines) "global_defs {\n" lines "}\n"
#define INSTANCE(lines)                                                    \
	"vrrp_instance X {\n interface eth0\n virtual_router_id 9\n" lines \
	" virtual_ipaddress {\n  198.18.0.100\n }\n}\n"

/* Accept mode -------------------------------------------------------------------------- */

struct accept_row {
	const char *name;
	const char *text;
	bool strict, accept, drops;
	const char *warning; /* NULL: no line at all */
};

/* clang-format off */
static const struct accept_row accept_rows[] = {
	{ "default: accept", INSTANCE(" priority 100\n"), false, true, false, NULL },
	{ "vrrp_strict: no_accept", GLOBAL(" vrrp_strict\n") INSTANCE(" priority 100\n"), true,
	  false, true, NULL },
	{ "vrrp_strict, owner: accept, nothing dropped",
	  GLOBAL(" vrrp_strict\n") INSTANCE(" priority 255\n"), true, true, false, NULL },
	{ "no_accept alone, v2 too", INSTANCE(" priority 100\n no_accept\n"), false, false, true,
	  NULL },
	{ "no_accept on the owner: nothing dropped", INSTANCE(" priority 255\n no_accept\n"), false,
	  false, false, NULL },
	{ "accept with vrrp_strict and v3",
	  GLOBAL(" vrrp_strict\n") INSTANCE(" version 3\n priority 100\n accept\n"), true, true,
	  false, NULL },
	{ "accept with vrrp_strict and v2: reset",
	  GLOBAL(" vrrp_strict\n") INSTANCE(" priority 100\n accept\n"), true, false, true,
	  "keepalived.conf:4: (X) warning - accept mode for VRRP version 2 does not comply with "
	  "RFC3768 - resetting" },
	{ "strict_mode off beats vrrp_strict",
	  GLOBAL(" vrrp_strict\n") INSTANCE(" priority 100\n strict_mode off\n"), false, true,
	  false, NULL },
	{ "strict_mode alone is on", INSTANCE(" priority 100\n strict_mode\n"), true, false, true,
	  NULL },
	/* keepalived 2.2.7 runs unicast instances in strict mode (checked in a namespace). */
	{ "vrrp_strict with unicast peers: kept",
	  GLOBAL(" vrrp_strict\n") INSTANCE(" priority 100\n unicast_peer {\n  198.18.0.2\n }\n"),
	  true, false, true, NULL },
};
/* clang-format on */

static void
test_accept(void **state)
{
	const struct accept_row *row = *state;
	struct kconf *conf = load_ok(row->text);
	const struct vrrp_instance_conf *vi = conf->vrrp.instances;

	assert_int_equal(vi->nft.strict, row->strict);
	assert_int_equal(vi->nft.accept, row->accept);
	assert_int_equal(vi->nft.drops, row->drops);
	assert_int_equal(conf->vrrp.nft.needed, row->drops);
	if (row->warning != NULL)
		unit_log_expect(1, row->warning);
	else
		unit_log_expect(0);
	unit_log_stop();
	kconf_free(conf);
}

/* What strict mode resets ---------------------------------------------------------------- */

static void
test_strict_resets(void **state)
{
	struct kconf *conf = load_ok(GLOBAL(" vrrp_strict\n") INSTANCE(
		" state MASTER\n priority 100\n higher_prio_send_advert\n"
		" lower_prio_no_advert false\n authentication {\n  auth_type PASS\n"
		"  auth_pass secret\n }\n"));
	const struct vrrp_instance_conf *vi = conf->vrrp.instances;

	assert_false(vi->init_master);
	assert_int_equal(vi->auth_type, VRRP_AUTH_NONE);
	assert_false(vi->higher_prio_send_advert);
	assert_true(vi->lower_prio_no_advert);
	assert_true(
		unit_logged("keepalived.conf:4: (X) State MASTER must match being address owner"));
	assert_true(unit_logged(
		"keepalived.conf:4: (X) Strict mode does not support authentication. Ignoring."));
	assert_true(unit_logged("keepalived.conf:4: (X) strict mode requires "
				"higher_prio_send_advert to be clear. resetting"));
	assert_true(unit_logged("keepalived.conf:4: (X) Strict mode requires no lower priority "
				"advert. resetting"));
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok(GLOBAL(" vrrp_strict\n") INSTANCE(" priority 100\n preempt_delay 5\n"));
	assert_int_equal(conf->vrrp.instances->preempt_delay_us, 0);
	/* Without being asked, strict mode's defaults apply silently. */
	assert_true(conf->vrrp.instances->lower_prio_no_advert);
	unit_log_expect(1,
			"keepalived.conf:4: (X) preempt_delay is incompatible with strict mode - "
			"resetting");
	unit_log_stop();
	kconf_free(conf);
}

/* Global keywords ------------------------------------------------------------------------- */

static void
test_nftables_keywords(void **state)
{
	struct kconf *conf = load_ok(
		GLOBAL(" vrrp_strict\n nftables mine\n nftables_priority -150\n"
		       " nftables_counters\n nftables_ifindex\n") INSTANCE(" priority 100\n"));

	assert_true(conf->vrrp.nft.strict);
	assert_string_equal(conf->vrrp.nft.table, "mine");
	assert_true(conf->vrrp.nft.priority_given);
	assert_int_equal(conf->vrrp.nft.priority, -150);
	assert_true(conf->vrrp.nft.counters);
	assert_true(conf->vrrp.nft.ifindex);
	/* Implemented: no "not supported" line any more. */
	unit_log_expect(0);
	unit_log_stop();
	kconf_free(conf);

	/* nftables alone: our default name (empty here). */
	conf = load_ok(GLOBAL(" nftables\n vrrp_strict\n") INSTANCE(" priority 100\n"));
	assert_string_equal(conf->vrrp.nft.table, "");
	assert_true(conf->vrrp.nft.table_given);
	assert_true(conf->vrrp.nft.needed);
	assert_false(conf->vrrp.nft.priority_given);
	unit_log_expect(0);
	unit_log_stop();
	kconf_free(conf);

	assert_int_equal(load_errors(GLOBAL(" nftables_priority low\n") INSTANCE("")), 1);
	assert_int_equal(load_errors(GLOBAL(" vrrp_strict extra\n") INSTANCE("")), 1);
	unit_log_stop();
}

static void
test_iptables_mapped(void **state)
{
	struct kconf *conf =
		load_ok(GLOBAL(" vrrp_iptables keepalived_in keepalived_out\n"
			       " vrrp_ipsets keepalived\n") INSTANCE(" priority 100\n"));

	assert_true(conf->vrrp.nft.iptables);
	unit_log_expect(2,
			"keepalived.conf:2: vrrp_iptables: iptables not supported, using nftables "
			"instead (table keepalived_vrrp, chains in/out); replace 'vrrp_iptables' "
			"and 'vrrp_ipsets' with 'nftables'",
			"keepalived.conf:3: vrrp_ipsets: iptables not supported, using nftables "
			"instead (table keepalived_vrrp, chains in/out); replace 'vrrp_iptables' "
			"and 'vrrp_ipsets' with 'nftables'");
	unit_log_stop();
	kconf_free(conf);
}

static void
test_strict_no_vip(void **state)
{
	assert_int_equal(load_errors(GLOBAL(" vrrp_strict\n") "vrrp_instance X {\n interface eth0\n"
							      " virtual_router_id 9\n}\n"),
			 1);
	unit_log_stop();
}

/* use_vmac makes the table too (its VMAC rules), as in keepalived; accept mode drops nothing. */
static void
test_vmac_needs_table(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(" priority 100\n use_vmac\n"));

	assert_true(conf->vrrp.nft.needed);
	assert_false(conf->vrrp.instances->nft.drops);
	unit_log_stop();
	kconf_free(conf);

	conf = load_ok(INSTANCE(" priority 100\n"));
	assert_false(conf->vrrp.nft.needed);
	unit_log_stop();
	kconf_free(conf);
}

int
main(void)
{
	struct CMUnitTest tests[32];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_strict_resets),
		cmocka_unit_test(test_nftables_keywords),
		cmocka_unit_test(test_iptables_mapped),
		cmocka_unit_test(test_vmac_needs_table),
		cmocka_unit_test(test_strict_no_vip),
	};
	/* clang-format on */

	unit_add_rows(tests, &n, test_accept, accept_rows);
	unit_add_tests(tests, &n, fixed);
	return _cmocka_run_group_tests("vrrp_conf_nft", tests, n, NULL, NULL);
}
