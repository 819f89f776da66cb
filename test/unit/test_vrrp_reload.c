/*
 * Tests for the reload planner (keepalived/vrrp/run/vrrp_reload.c): how the
 * instances of a new configuration are matched to the running ones, what
 * each needs (keep, update in place, restart), which running ones stop,
 * and start-up as the same plan over nothing. Configurations are read by
 * the real parser; no daemon, no system call.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "conf_fixture.h"

#include "keepalived/vrrp/run/vrrp_reload.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

/* clang-format off */
static const struct cfg_keyword instance_keywords[] = {
	CFG_KEYWORDS_FROM(vrrp_unicast_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_instance_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "vrrp_instance", NULL, vrrp_instance_open, instance_keywords, NULL, vrrp_instance_close },
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct vrrp_conf oldc, newc;
static const struct vrrp_instance_conf *running[8];
static size_t nrunning;
static struct vrrp_reload_plan plan;

static void
unload(struct vrrp_conf *c)
{
	for (struct vrrp_instance_conf *vi = c->instances; vi != NULL; vi = vi->next) {
		vrrp_unicast_conf_free(vi->unicast);
		vrrp_vmac_conf_free(vi->vmac);
	}
	vrrp_conf_free(c);
	memset(c, 0, sizeof(*c));
}

static void
load(struct vrrp_conf *c, const char *text)
{
	int errors;

	unload(c);
	errors = unit_conf_read(c, top_keywords, text);
	if (errors == 0)
		errors = vrrp_conf_finish(c);
	for (struct vrrp_instance_conf *vi = c->instances; errors == 0 && vi != NULL; vi = vi->next)
		errors += vrrp_unicast_conf_finish(vi, NULL);
	for (unsigned i = 0; errors != 0 && i < unit_log.n; i++)
		print_message("%s\n", unit_log.line[i]);
	assert_int_equal(errors, 0);
}

/* The running configuration, then the plan of the new one over it. */
static void
plan_for(const char *old_text, const char *new_text)
{
	nrunning = 0;
	if (old_text != NULL) {
		load(&oldc, old_text);
		for (const struct vrrp_instance_conf *vi = oldc.instances; vi != NULL;
		     vi = vi->next)
			running[nrunning++] = vi;
	}
	load(&newc, new_text);
	vrrp_reload_plan_free(&plan);
	assert_int_equal(vrrp_reload_plan(&plan, running, nrunning, &newc), 0);
	assert_int_equal(plan.nsteps, newc.ninstances);
	assert_int_equal(plan.nold, nrunning);
}

static void
expect_step(size_t j, enum vrrp_reload_kind kind, long old)
{
	if (plan.steps[j].kind != kind)
		fail_msg("step %zu (%s): %s, wanted %s", j, plan.steps[j].conf->name,
			 vrrp_reload_kind_name(plan.steps[j].kind), vrrp_reload_kind_name(kind));
	assert_int_equal(plan.steps[j].old, old);
}

static int
setup(void **state)
{
	(void)state;
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unit_log_stop();
	vrrp_reload_plan_free(&plan);
	unload(&oldc);
	unload(&newc);
	return 0;
}

#define VI(name, vrid, body) \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " #vrid "\n" body "}\n"
/* An instance with one VIP, 198.18.0.VRID. */
#define VI1(name, vrid, body) VI(name, vrid, body VIPS("  198.18.0." #vrid "/24\n"))
#define VIPS(...) " virtual_ipaddress {\n" __VA_ARGS__ " }\n"

/* Start-up is the plan over nothing: every instance new, nothing stops. */
static void
test_startup_all_new(void **state)
{
	(void)state;
	plan_for(NULL, VI1("VI_1", 51, " priority 100\n") VI1("VI_2", 52, " priority 100\n"));
	expect_step(0, VRRP_RELOAD_NEW, -1);
	expect_step(1, VRRP_RELOAD_NEW, -1);
}

/* Same text: kept; priority and VIPs: updated; interval: restarted; gone: stops. */
static void
test_classify(void **state)
{
	(void)state;
	plan_for(VI("VI_1", 51, " priority 100\n" VIPS("  198.18.0.100/24\n"))
			 VI("VI_2", 52, " priority 100\n" VIPS("  198.18.0.110/24\n"))
				 VI1("VI_3", 53, " priority 100\n advert_int 1\n")
					 VI1("VI_4", 54, " priority 100\n"),
		 VI("VI_1", 51, " priority 100\n" VIPS("  198.18.0.100/24\n"))
			 VI("VI_2", 52,
			    " priority 90\n" VIPS("  198.18.0.110/24\n  198.18.0.111/24\n"))
				 VI1("VI_3", 53, " priority 100\n advert_int 2\n"));
	expect_step(0, VRRP_RELOAD_KEEP, 0);
	expect_step(1, VRRP_RELOAD_UPDATE, 1);
	/* A restart names the instance it replaces, which stops. */
	expect_step(2, VRRP_RELOAD_NEW, 2);
	assert_false(plan.stops[0]);
	assert_false(plan.stops[1]);
	assert_true(plan.stops[2]);
	assert_true(plan.stops[3]);
}

/* Renamed but same VRID, interface and family: matched all the same. */
static void
test_match_by_vrid(void **state)
{
	(void)state;
	plan_for(VI1("VI_A", 51, " priority 100\n") VI1("VI_B", 52, " priority 100\n"),
		 VI1("VI_X", 52, " priority 100\n") VI1("VI_A", 53, " priority 100\n"));
	expect_step(0, VRRP_RELOAD_KEEP, 1);
	/* VI_A by name, but another VRID: a restart. */
	expect_step(1, VRRP_RELOAD_NEW, 0);
	assert_true(plan.stops[0]);
	assert_false(plan.stops[1]);
}

/* What cannot change under a running state machine is a restart: unicast, owner, VMAC. */
static void
test_restarts(void **state)
{
	(void)state;
	plan_for(VI1("VI_1", 51, " priority 100\n") VI1("VI_2", 52, " priority 100\n")
			 VI1("VI_3", 53, " priority 100\n"),
		 VI1("VI_1", 51, " priority 100\n unicast_peer {\n  198.18.0.2\n }\n")
			 VI1("VI_2", 52, " priority 255\n")
				 VI1("VI_3", 53, " priority 100\n use_vmac\n"));
	expect_step(0, VRRP_RELOAD_NEW, 0);
	expect_step(1, VRRP_RELOAD_NEW, 1);
	expect_step(2, VRRP_RELOAD_NEW, 2);
}

static void
test_vip_in(void **state)
{
	(void)state;
	plan_for(NULL, VI("VI_1", 51, VIPS("  198.18.0.100/24\n  198.18.0.101/24 dev eth1\n"))
			       VI("VI_2", 52, VIPS("  198.18.0.100/25\n  198.18.0.101/24\n")));
	{
		const struct vrrp_instance_conf *a = newc.instances, *b = a->next;

		assert_true(vrrp_reload_vip_in(&a->vips[0], a->vips, a->nvips));
		/* Another prefix length or device is another VIP. */
		assert_false(vrrp_reload_vip_in(&a->vips[0], b->vips, b->nvips));
		assert_false(vrrp_reload_vip_in(&a->vips[1], b->vips, b->nvips));
	}
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_startup_all_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_classify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_by_vrid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restarts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vip_in, setup, teardown),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
