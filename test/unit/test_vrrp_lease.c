/*
 * Tests for the VIP lease renewals (keepalived/vrrp/run/vrrp_lease.c), on a
 * fake clock: when a Master renews (after its adverts, at the latest half a
 * lease on), that the renewals of several instances go out in one batch,
 * that a lease is never let run out by a running Master whatever the
 * advert pace, and what a Master does when it finds its lease ran out
 * (frozen): nothing sent at once, a reinstall after the grace if still
 * Master, nothing if it went Backup. Netlink and the instance's GARP are
 * fakes that record what they were asked.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/event.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_lease.h"
#include "test/unit/unit_helpers.h"

#define S 1000000ULL
#define MS 1000ULL

/* Fakes ------------------------------------------------------------------------- */

static struct {
	unsigned calls;   /* vrrp_nl_vips_renew() batches */
	size_t items;     /* requests in the last batch */
	size_t total;     /* requests in all batches */
	uint32_t lft;     /* lifetime of the last request */
	unsigned garps;   /* vrrp_inst_garp_start() */
	unsigned routes;  /* vrrp_inst_routes(add) */
	bool absent;      /* vrrp_nl_vip_present() says no */
	uint64_t last_us; /* clock at the last batch */
} fake;

static struct unit_clock clk;

int
vrrp_nl_vips_renew(struct vrrp_nl *nl, struct vrrp_nl_renewal *r, size_t n)
{
	fake.calls++;
	fake.items = n;
	fake.total += n;
	fake.last_us = clk.now;
	for (size_t i = 0; i < n; i++) {
		fake.lft = r[i].lft_s;
		r[i].err = 0;
	}
	return 0;
}

bool
vrrp_nl_vip_present(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	return !fake.absent;
}

int
vrrp_inst_vip_ifindex(const struct vrrp_inst *inst)
{
	return 2;
}

void
vrrp_inst_garp_start(struct vrrp_inst *inst, bool *pick)
{
	fake.garps++;
}

void
vrrp_inst_routes(struct vrrp_inst *inst, bool add)
{
	fake.routes += add;
}

/* Two instances with two VIPs each, Master, a lease of 4 s, advert_int 1 s. */
#define NINST 2
static struct vrrp_vip vips[NINST][2];
static struct vrrp_instance_conf confs[NINST];
static char conf_names[NINST][16];
static struct vrrp_inst insts[NINST];
static struct vrrp_inst_env env;
static size_t ninsts = NINST;

static struct vrrp_inst *
inst_at(void *owner, size_t i)
{
	return i < ninsts ? &insts[i] : NULL;
}

static int
setup(void **state)
{
	memset(&fake, 0, sizeof(fake));
	memset(vips, 0, sizeof(vips));
	memset(confs, 0, sizeof(confs));
	memset(insts, 0, sizeof(insts));
	memset(&env, 0, sizeof(env));
	clk.now = 1000 * S;
	env.loop = ev_loop_new(unit_clock_read, &clk);
	assert_non_null(env.loop);
	env.lease = vrrp_lease_set_new(env.loop, NULL, inst_at, NULL);
	assert_non_null(env.lease);
	ninsts = NINST;
	for (size_t i = 0; i < NINST; i++) {
		snprintf(conf_names[i], sizeof(conf_names[i]), "VI_%zu", i + 1);
		confs[i].name = conf_names[i];
		confs[i].adver_int_cs = 100;
		confs[i].lease.lease_s = 4;
		confs[i].vips = vips[i];
		confs[i].nvips = 2;
		insts[i].conf = &confs[i];
		insts[i].env = &env;
		insts[i].fsm.state = VRRP_STATE_MASTER;
	}
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	unit_log_stop();
	for (size_t i = 0; i < sizeof(insts) / sizeof(insts[0]); i++) {
		free(insts[i].lease);
		insts[i].lease = NULL;
	}
	vrrp_lease_set_free(env.lease);
	ev_loop_free(env.loop);
	return 0;
}

/* What vrrp_inst_vips() does for inst i. */
static void
install(size_t i, bool add)
{
	insts[i].vips_installed = add;
	vrrp_lease_installed(&insts[i], add);
}

/* Move the clock to t (absolute) and run what is due. */
static void
run_at(uint64_t t)
{
	clk.now = t;
	while (ev_loop_run_once(env.loop, 0) > 0)
		;
}

/* Move the clock to t and let the loop see it (as a callback would). */
static void
clock_to(uint64_t t)
{
	clk.now = t;
	(void)ev_loop_run_once(env.loop, 0);
}

/* Instance i sends an advert at the current time (vrrp_inst_apply()). */
static void
advert(size_t i)
{
	vrrp_lease_advert(&insts[i]);
}

/* Pure decisions ------------------------------------------------------------------ */

static void
test_pure(void **state)
{
	/* A quarter of the lease, at most 0.5 s. */
	assert_int_equal(vrrp_lease_guard_us(1), 250 * MS);
	assert_int_equal(vrrp_lease_guard_us(4), 500 * MS);
	/* Safe until L minus the guard after the last renewal. */
	assert_true(vrrp_lease_renew_safe(10 * S, 4, 13 * S + 499 * MS));
	assert_false(vrrp_lease_renew_safe(10 * S, 4, 13 * S + 500 * MS));
	assert_int_equal(vrrp_lease_backstop_us(10 * S, 4), 12 * S);
	/* At adverts: at most every max(adv/2, 0.2 s), capped at L/4. */
	assert_false(vrrp_lease_advert_renews(10 * S, 4, 1 * S, 10 * S + 499 * MS));
	assert_true(vrrp_lease_advert_renews(10 * S, 4, 1 * S, 10 * S + 500 * MS));
	assert_false(vrrp_lease_advert_renews(10 * S, 1, 50 * MS, 10 * S + 199 * MS));
	assert_true(vrrp_lease_advert_renews(10 * S, 1, 50 * MS, 10 * S + 200 * MS));
	assert_true(vrrp_lease_advert_renews(10 * S, 1, 10 * S, 10 * S + 250 * MS));
	assert_int_equal(vrrp_lease_remaining_us(10 * S, 4, 11 * S), 3 * S);
	assert_int_equal(vrrp_lease_remaining_us(10 * S, 4, 15 * S), 0);
}

/* Renewals ------------------------------------------------------------------------ */

/* Installed: nothing sent; the first advert a second later renews, right away. */
static void
test_renew_after_advert(void **state)
{
	uint64_t t0 = clk.now, left;

	install(0, true);
	assert_true(vrrp_lease_remaining(&insts[0], t0, &left));
	assert_int_equal(left, 4 * S);
	run_at(t0 + 1 * S);
	assert_int_equal(fake.calls, 0);
	advert(0);
	assert_int_equal(fake.calls, 0); /* the batch leaves in the next loop iteration */
	run_at(t0 + 1 * S + 50);
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fake.items, 2);
	assert_int_equal(fake.lft, 4);
	assert_int_equal(insts[0].lease->stats.renewals, 1);
	assert_true(vrrp_lease_remaining(&insts[0], t0 + 2 * S, &left));
	assert_true(left > 3 * S - 100);
	/* An advert too soon after it asks for nothing. */
	clock_to(t0 + 1 * S + 100 * MS);
	advert(0);
	run_at(t0 + 1 * S + 200 * MS);
	assert_int_equal(fake.calls, 1);
}

/* Two instances advertising in the same iteration: one batch of four. */
static void
test_batch_all_instances(void **state)
{
	uint64_t t0 = clk.now;

	install(0, true);
	install(1, true);
	clock_to(t0 + 1 * S);
	advert(0);
	advert(1);
	run_at(t0 + 1 * S + 10);
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fake.items, 4);
}

/* No advert (a long advert_int, or none sent): renewed every half lease anyway. */
static void
test_backstop(void **state)
{
	uint64_t t0 = clk.now;

	install(0, true);
	for (unsigned k = 1; k <= 10; k++)
		run_at(t0 + k * S);
	assert_int_equal(fake.calls, 5); /* at 2, 4, 6, 8, 10 s */
	assert_int_equal(fake.last_us, t0 + 10 * S);
	assert_int_equal(insts[0].lease->stats.lapses, 0);
}

/*
 * A running Master never lets its lease run out: adverts every second for
 * 10 minutes, the loop running late by up to 0.9 s now and then; at every
 * instant the lease has more than its guard left.
 */
static void
test_never_lapses(void **state)
{
	uint64_t t0 = clk.now, t = t0, left;

	install(0, true);
	for (unsigned k = 1; k <= 600; k++) {
		uint64_t late = k % 7 == 0 ? 900 * MS : k % 3 == 0 ? 300 * MS : 0;

		t = t0 + k * S + late;
		clock_to(t);
		assert_true(vrrp_lease_remaining(&insts[0], t, &left));
		assert_true(left > vrrp_lease_guard_us(4));
		run_at(t);
		advert(0);
		run_at(t + 20);
	}
	assert_int_equal(insts[0].lease->stats.lapses, 0);
	assert_true(fake.calls >= 500);
	assert_int_equal(fake.garps, 0);
}

/*
 * Frozen for 6 s: the first thing the Master does on waking is find its
 * lease past; nothing is sent at once, the VIPs are reinstalled (all of
 * them, with a fresh lease) after the grace and announced again.
 */
static void
test_lapse_reinstall(void **state)
{
	uint64_t t0 = clk.now;

	install(0, true);
	clock_to(t0 + 1 * S);
	advert(0);
	run_at(t0 + 1 * S + 10);
	assert_int_equal(fake.calls, 1);
	/* SIGSTOP for 6 s; the kernel removes the VIPs meanwhile. */
	clock_to(t0 + 7 * S);
	fake.absent = true;
	assert_true(vrrp_lease_hold_restore(&insts[0])); /* the netlink delete */
	assert_int_equal(insts[0].lease->stats.lapses, 1);
	assert_true(vrrp_lease_hold_restore(&insts[0])); /* still held, not twice */
	assert_int_equal(insts[0].lease->stats.lapses, 1);
	advert(0);
	run_at(t0 + 7 * S + VRRP_LEASE_GRACE_US - 1);
	assert_int_equal(fake.calls, 1);
	run_at(t0 + 7 * S + VRRP_LEASE_GRACE_US);
	assert_int_equal(fake.calls, 2);
	assert_int_equal(fake.items, 2); /* absent ones too: a reinstall */
	assert_int_equal(fake.lft, 4);
	assert_int_equal(fake.garps, 1);
	assert_int_equal(fake.routes, 1);
	assert_int_equal(insts[0].lease->stats.reinstalls, 2);
	assert_false(insts[0].lease->lapsed);
	assert_true(
		unit_logged("(VI_1) still Master after its VIP lease ran out: VIPs reinstalled"));
}

/* Frozen, then the new Master's adverts make it Backup within the grace: nothing reinstalled. */
static void
test_lapse_then_backup(void **state)
{
	uint64_t t0 = clk.now;

	install(0, true);
	clock_to(t0 + 7 * S);
	advert(0); /* the late advert timer: the batch finds the lease past */
	run_at(t0 + 7 * S + 10);
	assert_int_equal(insts[0].lease->stats.lapses, 1);
	assert_int_equal(fake.calls, 0);
	insts[0].fsm.state = VRRP_STATE_BACKUP;
	install(0, false);
	run_at(t0 + 8 * S);
	assert_int_equal(fake.calls, 0);
	assert_int_equal(fake.garps, 0);
}

/* A VIP removed by someone else while the lease runs: the ordinary restore. */
static void
test_removed_by_someone(void **state)
{
	install(0, true);
	clock_to(clk.now + 1 * S);
	assert_false(vrrp_lease_hold_restore(&insts[0]));
	assert_int_equal(insts[0].lease->stats.lapses, 0);
	/* Renewals leave the missing one to that restore. */
	fake.absent = true;
	advert(0);
	run_at(clk.now + 10);
	assert_int_equal(fake.calls, 0);
}

/* A reload that turns the lease off: one renewal making the VIPs permanent, then none. */
static void
test_lease_turned_off(void **state)
{
	uint64_t t0 = clk.now;

	install(0, true);
	confs[0].lease.lease_s = 0;
	clock_to(t0 + 1 * S);
	advert(0);
	run_at(t0 + 1 * S + 10);
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fake.lft, 0);
	for (unsigned k = 2; k < 10; k++) {
		clock_to(t0 + k * S);
		advert(0);
		run_at(t0 + k * S + 10);
	}
	assert_int_equal(fake.calls, 1);
	/* And on again: the next advert renews with the new lease. */
	confs[0].lease.lease_s = 6;
	clock_to(t0 + 10 * S);
	advert(0);
	run_at(t0 + 10 * S + 10);
	assert_int_equal(fake.calls, 2);
	assert_int_equal(fake.lft, 6);
}

/* Without a lease nothing is ever scheduled or held. */
static void
test_no_lease(void **state)
{
	uint64_t left;

	confs[0].lease.lease_s = 0;
	install(0, true);
	assert_false(vrrp_lease_remaining(&insts[0], clk.now, &left));
	clock_to(clk.now + 100 * S);
	advert(0);
	assert_false(vrrp_lease_hold_restore(&insts[0]));
	run_at(clk.now + 10);
	assert_int_equal(fake.calls, 0);
	/* Its instance carries no lease state at all (vrrp_inst memory). */
	assert_null(insts[0].lease);
}

/* A reload that gives a lease to a Master holding its VIPs without one:
 * renewed under it at once. */
static void
test_lease_turned_on(void **state)
{
	uint64_t left;

	confs[0].lease.lease_s = 0;
	install(0, true);
	assert_null(insts[0].lease);
	confs[0].lease.lease_s = 4;
	vrrp_lease_adopt(&insts[0]);
	assert_non_null(insts[0].lease);
	run_at(clk.now + 10);
	assert_int_equal(fake.calls, 1);
	assert_int_equal(fake.lft, 4);
	assert_true(vrrp_lease_remaining(&insts[0], clk.now, &left));
	/* Adopting again changes nothing. */
	vrrp_lease_adopt(&insts[0]);
	run_at(clk.now + 10);
	assert_int_equal(fake.calls, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pure),
		cmocka_unit_test_setup_teardown(test_renew_after_advert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_all_instances, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backstop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_lapses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lapse_reinstall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lapse_then_backup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_by_someone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lease_turned_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lease_turned_on, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
