/*
 * Unit tests for the send batching decision (vrrp_ifsock.h): the shared
 * advert timer tick. An advert timer is armed on the next tick at or after
 * its deadline, so that instances due within one tick leave in one batch:
 * never early, less than a tick late, and the protocol's own deadline (the
 * state machine's) is left alone, so lateness does not add up.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "keepalived/vrrp/run/vrrp_ifsock.h"

static void
test_tick_rounds_up(void **state)
{
	(void)state;
	assert_int_equal(vrrp_ifsock_tick(1000, 250), 1000); /* on a tick: as it is */
	assert_int_equal(vrrp_ifsock_tick(1001, 250), 1250);
	assert_int_equal(vrrp_ifsock_tick(1249, 250), 1250);
	assert_int_equal(vrrp_ifsock_tick(1250, 250), 1250);
	assert_int_equal(vrrp_ifsock_tick(0, 250), 0);
}

static void
test_tick_never_early_and_bounded(void **state)
{
	(void)state;
	for (uint64_t d = 5000000; d < 5000000 + 3 * VRRP_IFSOCK_TICK_US; d += 7) {
		uint64_t t = vrrp_ifsock_tick(d, VRRP_IFSOCK_TICK_US);

		assert_true(t >= d);
		assert_true(t - d < VRRP_IFSOCK_TICK_US);
		assert_int_equal(t % VRRP_IFSOCK_TICK_US, 0);
	}
}

static void
test_tick_shared(void **state)
{
	(void)state;
	/* Two instances 180 us apart within one tick fire together; one past it does not. */
	assert_int_equal(vrrp_ifsock_tick(20000010, 250), vrrp_ifsock_tick(20000190, 250));
	assert_true(vrrp_ifsock_tick(20000260, 250) > vrrp_ifsock_tick(20000190, 250));
}

static void
test_tick_edges(void **state)
{
	(void)state;
	assert_int_equal(vrrp_ifsock_tick(12345, 0), 12345); /* no tick */
	assert_int_equal(vrrp_ifsock_tick(12345, 1), 12345);
	/* No wrap at the end of the clock: the deadline as it is. */
	assert_true(vrrp_ifsock_tick(UINT64_MAX - 3, 250) == UINT64_MAX - 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tick_rounds_up),
		cmocka_unit_test(test_tick_never_early_and_bounded),
		cmocka_unit_test(test_tick_shared),
		cmocka_unit_test(test_tick_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
