/*
 * Tests for the GARP keywords beyond a new Master's announcement (issue 11):
 * their reading (keepalived/vrrp/conf/vrrp_conf_garp.c) through the daemon's
 * own kconf_load_string(), defaults and messages included, and the pure
 * decisions on them (keepalived/vrrp/proto/vrrp_garp_sched.c) with times
 * passed in: pacing per interface and garp_group, the merged delayed burst,
 * garp_extra_if's choice of interfaces. The bursts themselves, on a fake
 * clock, are in test_vrrp_instance_rx.c.
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

#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"
#include "test/unit/unit_helpers.h"

#define SEC UINT64_C(1000000)

static const struct cfg_options opts = { .config_id = "lvs-a" };

static struct kconf *
load_ok(const char *text)
{
	struct kconf *conf = NULL;

	unit_log_start();
	if (kconf_load_string("keepalived.conf", text, &opts, &conf) != 0) {
		for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
			print_message("  logged: %s\n", unit_log.line[i]);
		fail_msg("configuration refused");
	}
	assert_non_null(conf);
	return conf;
}

/* Whether a logged line contains want. */
static bool
logged_has(const char *want)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], want) != NULL)
			return true;
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		print_message("  logged: %s\n", unit_log.line[i]);
	print_message("  wanted: ...%s...\n", want);
	return false;
}

#define INSTANCE(name, vrid, extra)                                                      \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " vrid "\n" extra \
	" virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"

/* Configuration --------------------------------------------------------------------- */

/* Without any of the keywords: lower-priority bursts as the master ones, no extra_if. */
static void
test_conf_defaults(void **state)
{
	struct kconf *k = load_ok(INSTANCE("VI_1", "51", ""));
	const struct vrrp_instance_conf *vi = k->vrrp.instances;

	assert_int_equal(vi->garp_lower_prio_repeat, 5);
	assert_int_equal(vi->garp_lower_prio_delay_us, 5 * SEC);
	assert_int_equal(vi->garp_extra_if_s, 0);
	assert_false(vi->garp_extra_if_all);
	assert_int_equal(k->vrrp.global.startup_delay_us, 0);
	assert_null(k->vrrp.garp_groups);
	kconf_free(k);
}

/*
 * The instance's own values, else global_defs' vrrp_garp_lower_prio_*, else
 * its master ones (vrrp_min_garp included), as keepalived 2.2.7.
 */
static void
test_conf_lower_prio(void **state)
{
	struct kconf *k = load_ok("global_defs {\n vrrp_garp_master_repeat 3\n"
				  " vrrp_garp_master_delay 7\n}\n" INSTANCE("VI_1", "51", "")
					  INSTANCE("VI_2", "52",
						   " garp_lower_prio_repeat 0\n"
						   " garp_lower_prio_delay 9\n"));
	const struct vrrp_instance_conf *v1 = k->vrrp.instances, *v2 = v1->next;

	assert_int_equal(v1->garp_lower_prio_repeat, 3);
	assert_int_equal(v1->garp_lower_prio_delay_us, 7 * SEC);
	assert_int_equal(v2->garp_lower_prio_repeat, 0);
	assert_int_equal(v2->garp_lower_prio_delay_us, 9 * SEC);
	assert_int_equal(unit_log.warnings, 0);
	kconf_free(k);

	k = load_ok(
		"global_defs {\n vrrp_garp_lower_prio_repeat 2\n"
		" vrrp_garp_lower_prio_delay 4\n vrrp_min_garp\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.instances->garp_lower_prio_repeat, 2);
	assert_int_equal(k->vrrp.instances->garp_lower_prio_delay_us, 4 * SEC);
	kconf_free(k);

	k = load_ok("global_defs {\n vrrp_min_garp\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.instances->garp_lower_prio_repeat, 1);
	assert_int_equal(k->vrrp.instances->garp_lower_prio_delay_us, 0);
	kconf_free(k);

	/* Reported and ignored: the default stays. */
	k = load_ok(INSTANCE("VI_1", "51", " garp_lower_prio_repeat many\n"));
	assert_int_equal(k->vrrp.instances->garp_lower_prio_repeat, 5);
	assert_true(logged_has("(VI_1) garp_lower_prio_repeat: invalid value 'many' - ignoring"));
	kconf_free(k);
}

/* garp_extra_if [all] SECS, the deprecated vmac_garp_intvl, and the global default. */
static void
test_conf_extra_if(void **state)
{
	struct kconf *k;
	const struct vrrp_instance_conf *vi;

	k = load_ok(INSTANCE("VI_1", "51", " garp_extra_if all 100\n")
			    INSTANCE("VI_2", "52", " garp_extra_if 30\n")
				    INSTANCE("VI_3", "53", " vmac_garp_intvl 20 all\n"));
	vi = k->vrrp.instances;
	assert_int_equal(vi->garp_extra_if_s, 100);
	assert_true(vi->garp_extra_if_all);
	vi = vi->next;
	assert_int_equal(vi->garp_extra_if_s, 30);
	assert_false(vi->garp_extra_if_all);
	vi = vi->next;
	assert_int_equal(vi->garp_extra_if_s, 20);
	assert_true(vi->garp_extra_if_all);
	assert_true(logged_has("(VI_3) vmac_garp_intvl: deprecated - please use garp_extra_if"));
	kconf_free(k);

	k = load_ok("global_defs {\n vrrp_garp_extra_if all 60\n}\n" INSTANCE("VI_1", "51", "")
			    INSTANCE("VI_2", "52", " garp_extra_if 0\n")
				    INSTANCE("VI_3", "53", " garp_extra_if all\n")
					    INSTANCE("VI_4", "54", " garp_extra_if 86401\n"));
	vi = k->vrrp.instances;
	assert_int_equal(vi->garp_extra_if_s, 60);
	assert_true(vi->garp_extra_if_all);
	vi = vi->next;
	assert_int_equal(vi->garp_extra_if_s, 0);
	/* Without a time, or out of range: reported and ignored (the global default). */
	vi = vi->next;
	assert_int_equal(vi->garp_extra_if_s, 60);
	assert_true(logged_has("(VI_3) garp_extra_if specified without time - ignoring"));
	vi = vi->next;
	assert_int_equal(vi->garp_extra_if_s, 60);
	assert_true(logged_has("(VI_4) garp_extra_if: '86401' invalid - ignoring"));
	kconf_free(k);

	k = load_ok("global_defs {\n vrrp_vmac_garp_intvl 15\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.instances->garp_extra_if_s, 15);
	assert_false(k->vrrp.instances->garp_extra_if_all);
	kconf_free(k);
}

static void
test_conf_startup_delay(void **state)
{
	struct kconf *k;

	k = load_ok("global_defs {\n vrrp_startup_delay 5.5\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.global.startup_delay_us, 5500000);
	assert_int_equal(unit_log.warnings, 0);
	kconf_free(k);

	k = load_ok("global_defs {\n vrrp_startup_delay 90\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.global.startup_delay_us, 90 * SEC);
	assert_true(logged_has("The vrrp_startup_delay is very large - 90 seconds"));
	kconf_free(k);

	k = load_ok("global_defs {\n vrrp_startup_delay soon\n}\n" INSTANCE("VI_1", "51", ""));
	assert_int_equal(k->vrrp.global.startup_delay_us, 0);
	assert_true(logged_has("vrrp_startup_delay 'soon' is invalid - ignoring"));
	kconf_free(k);
}

/* garp_group: interface or interfaces { }, its intervals; none is "not supported" any more. */
static void
test_conf_garp_group(void **state)
{
	struct kconf *k;
	const struct vrrp_garp_group_conf *g1, *g2;

	k = load_ok("garp_group {\n garp_interval 0.25\n interface eth0\n}\n"
		    "garp_group {\n gna_interval 0.001\n interfaces {\n  eth1 eth2\n  eth3\n"
		    "  eth0\n }\n}\n"
		    "garp_group {\n garp_interval 1\n}\n" INSTANCE("VI_1", "51", ""));
	g1 = k->vrrp.garp_groups;
	assert_non_null(g1);
	g2 = g1->next;
	assert_non_null(g2);
	assert_true(g1->has_garp_interval);
	assert_false(g1->has_gna_interval);
	assert_int_equal(g1->garp_interval_us, 250000);
	assert_int_equal(g1->nifs, 1);
	assert_string_equal(g1->ifnames[0], "eth0");
	assert_int_equal(g2->gna_interval_us, 1000);
	assert_int_equal(g2->nifs, 4);
	assert_string_equal(g2->ifnames[2], "eth3");
	/* eth0 belongs to the first group that names it. */
	assert_ptr_equal(vrrp_garp_group_of(&k->vrrp, "eth0"), g1);
	assert_ptr_equal(vrrp_garp_group_of(&k->vrrp, "eth2"), g2);
	assert_null(vrrp_garp_group_of(&k->vrrp, "eth9"));
	assert_true(logged_has("interface eth0 is already in a garp_group - ignoring it here"));
	assert_true(logged_has("has no interfaces - ignoring"));
	assert_true(logged_has("The garp_interval is very large - 1 seconds"));
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		assert_null(strstr(unit_log.line[i], "not supported"));
	kconf_free(k);

	k = load_ok("garp_group {\n garp_interval 0.5s\n interface eth0\n}\n" INSTANCE("VI_1", "51",
										       ""));
	assert_false(k->vrrp.garp_groups->has_garp_interval);
	assert_true(logged_has("garp_group garp_interval '0.5s' invalid - ignoring"));
	kconf_free(k);
}

/* The instance and global keywords are no longer warned about. */
static void
test_conf_no_unsupported_warning(void **state)
{
	static const char text[] =
		"global_defs {\n vrrp_garp_lower_prio_delay 3\n vrrp_garp_lower_prio_repeat 1\n"
		" vrrp_garp_extra_if 100\n vrrp_startup_delay 1\n}\n" INSTANCE(
			"VI_1", "51",
			" garp_lower_prio_delay 2\n garp_lower_prio_repeat 2\n"
			" garp_extra_if 50\n");
	struct kconf *k = load_ok(text);

	assert_int_equal(unit_log.warnings, 0);
	kconf_free(k);
}

/* -d: what it writes reads back the same. */
struct dump_text {
	char text[8192];
	size_t len;
};

static void
dump_line(const char *line, void *arg)
{
	struct dump_text *d = arg;
	int n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%s\n", line);

	if (n > 0 && (size_t)n < sizeof(d->text) - d->len)
		d->len += (size_t)n;
}

static void
test_conf_dump_round_trip(void **state)
{
	static struct dump_text d;
	static const char text[] =
		"global_defs {\n vrrp_garp_lower_prio_repeat 3\n vrrp_garp_extra_if all 40\n"
		" vrrp_startup_delay 2.25\n}\n"
		"garp_group {\n garp_interval 0.02\n"
		" interfaces {\n  eth0\n  eth1\n }\n}\n" INSTANCE(
			"VI_1", "51", " garp_lower_prio_delay 8\n garp_extra_if 9\n")
			INSTANCE("VI_2", "52", "");
	struct kconf *k = load_ok(text);
	struct kconf *again;
	const struct vrrp_instance_conf *a, *b;

	d.len = 0;
	dump_line("global_defs {", &d);
	vrrp_global_conf_dump(&k->vrrp.global, dump_line, &d);
	dump_line("}", &d);
	vrrp_conf_dump(&k->vrrp, dump_line, &d);
	assert_non_null(strstr(d.text, "    vrrp_startup_delay 2.25\n"));
	assert_non_null(strstr(d.text, "    garp_extra_if 9\n"));
	assert_non_null(strstr(d.text, "garp_group {\n    garp_interval 0.02\n"));
	again = load_ok(d.text);
	assert_int_equal(again->vrrp.global.startup_delay_us, 2250000);
	assert_int_equal(again->vrrp.garp_groups->nifs, 2);
	assert_int_equal(again->vrrp.garp_groups->garp_interval_us, 20000);
	for (a = k->vrrp.instances, b = again->vrrp.instances; a != NULL;
	     a = a->next, b = b->next) {
		assert_non_null(b);
		assert_int_equal(a->garp_lower_prio_delay_us, b->garp_lower_prio_delay_us);
		assert_int_equal(a->garp_lower_prio_repeat, b->garp_lower_prio_repeat);
		assert_int_equal(a->garp_extra_if_s, b->garp_extra_if_s);
		assert_int_equal(a->garp_extra_if_all, b->garp_extra_if_all);
	}
	assert_int_equal(k->vrrp.instances->next->garp_extra_if_s, 40);
	assert_int_equal(k->vrrp.instances->next->garp_lower_prio_repeat, 3);
	kconf_free(again);
	kconf_free(k);
}

/* Decisions ----------------------------------------------------------------------------- */

static void
test_pace(void **state)
{
	struct vrrp_garp_pace p = { .interval_us = { 300000, 0 } };

	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_ARP, 10 * SEC), 0);
	vrrp_garp_pace_sent(&p, VRRP_GARP_ARP, 10 * SEC);
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_ARP, 10 * SEC), 300000);
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_ARP, 10 * SEC + 299999), 1);
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_ARP, 10 * SEC + 300000), 0);
	/* NAs are paced apart, here not at all. */
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_NA, 10 * SEC), 0);
	vrrp_garp_pace_sent(&p, VRRP_GARP_NA, 10 * SEC);
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_NA, 10 * SEC), 0);
	/* A sender that waited longer owes nothing. */
	vrrp_garp_pace_sent(&p, VRRP_GARP_ARP, 20 * SEC);
	assert_int_equal(vrrp_garp_pace_wait(&p, VRRP_GARP_ARP, 20 * SEC + 100000), 200000);
	assert_int_equal(vrrp_garp_kind_of(AF_INET6), VRRP_GARP_NA);
	assert_int_equal(vrrp_garp_kind_of(AF_INET), VRRP_GARP_ARP);
}

/* One pacer per group whatever interface of it sends; per interface with the global intervals. */
static void
test_pacers(void **state)
{
	struct kconf *k =
		load_ok("global_defs {\n vrrp_gna_interval 0.002\n}\n"
			"garp_group {\n garp_interval 0.1\n interfaces {\n  eth1\n  eth2\n"
			" }\n}\n" INSTANCE("VI_1", "51", ""));
	struct vrrp_garp_pacers *ps = vrrp_garp_pacers_new(&k->vrrp);
	struct vrrp_garp_pace *p1, *p2, *p0, *p3;

	assert_non_null(ps);
	p1 = vrrp_garp_pacer(ps, "eth1");
	p2 = vrrp_garp_pacer(ps, "eth2");
	p0 = vrrp_garp_pacer(ps, "eth0");
	p3 = vrrp_garp_pacer(ps, "eth3");
	assert_non_null(p1);
	assert_ptr_equal(p1, p2);
	assert_int_equal(p1->interval_us[VRRP_GARP_ARP], 100000);
	/* The group sets no gna_interval: the global one. */
	assert_int_equal(p1->interval_us[VRRP_GARP_NA], 2000);
	assert_non_null(p0);
	assert_ptr_not_equal(p0, p3);
	assert_int_equal(p0->interval_us[VRRP_GARP_ARP], 0);
	assert_int_equal(p0->interval_us[VRRP_GARP_NA], 2000);
	assert_ptr_equal(vrrp_garp_pacer(ps, "eth0"), p0);
	/* A message on eth1 holds up the next on eth2. */
	vrrp_garp_pace_sent(p1, VRRP_GARP_ARP, 5 * SEC);
	assert_int_equal(vrrp_garp_pace_wait(p2, VRRP_GARP_ARP, 5 * SEC + 40000), 60000);
	vrrp_garp_pacers_free(ps);
	kconf_free(k);

	/* Nothing set: nothing paced. */
	k = load_ok(INSTANCE("VI_1", "51", ""));
	ps = vrrp_garp_pacers_new(&k->vrrp);
	assert_null(vrrp_garp_pacer(ps, "eth0"));
	assert_null(vrrp_garp_pacer(NULL, "eth0"));
	vrrp_garp_pacers_free(ps);
	kconf_free(k);
}

/* At most one delayed burst pending: the later time, the larger count. */
static void
test_later_merge(void **state)
{
	struct vrrp_garp_later l = { 0, 0 };

	vrrp_garp_later_merge(&l, 0, 9 * SEC);
	assert_int_equal(l.rounds, 0);
	vrrp_garp_later_merge(&l, 5, 10 * SEC);
	assert_int_equal(l.rounds, 5);
	assert_int_equal(l.at_us, 10 * SEC);
	vrrp_garp_later_merge(&l, 2, 12 * SEC);
	assert_int_equal(l.rounds, 5);
	assert_int_equal(l.at_us, 12 * SEC);
	vrrp_garp_later_merge(&l, 7, 11 * SEC);
	assert_int_equal(l.rounds, 7);
	assert_int_equal(l.at_us, 12 * SEC);
	/* A flood: one answer per second for a minute leaves one burst, after the last. */
	l.rounds = 0;
	for (uint64_t t = 0; t < 60; t++)
		vrrp_garp_later_merge(&l, 2, t * SEC + 5 * SEC);
	assert_int_equal(l.rounds, 2);
	assert_int_equal(l.at_us, 64 * SEC);
}

/* keepalived 2.2.7's rule: (all, ours, own, xmit_base). */
static void
test_extra_if_wanted(void **state)
{
	/* Another interface: only with all. */
	assert_false(vrrp_garp_extra_if_wanted(false, false, false, false));
	assert_true(vrrp_garp_extra_if_wanted(true, false, false, false));
	/* The instance's own interface: only when the adverts leave by the parent. */
	assert_false(vrrp_garp_extra_if_wanted(true, false, true, false));
	assert_false(vrrp_garp_extra_if_wanted(false, true, true, false));
	assert_true(vrrp_garp_extra_if_wanted(false, true, true, true));
	assert_true(vrrp_garp_extra_if_wanted(true, true, true, true));
	/* A VMAC of ours that is not the instance's. */
	assert_true(vrrp_garp_extra_if_wanted(false, true, false, false));
}

static int
teardown(void **state)
{
	unit_log_stop();
	return 0;
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_conf_defaults, teardown),
		cmocka_unit_test_teardown(test_conf_lower_prio, teardown),
		cmocka_unit_test_teardown(test_conf_extra_if, teardown),
		cmocka_unit_test_teardown(test_conf_startup_delay, teardown),
		cmocka_unit_test_teardown(test_conf_garp_group, teardown),
		cmocka_unit_test_teardown(test_conf_no_unsupported_warning, teardown),
		cmocka_unit_test_teardown(test_conf_dump_round_trip, teardown),
		cmocka_unit_test(test_pace),
		cmocka_unit_test_teardown(test_pacers, teardown),
		cmocka_unit_test(test_later_merge),
		cmocka_unit_test(test_extra_if_wanted),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
