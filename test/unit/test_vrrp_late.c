/*
 * Tests of the late-advert decision (keepalived/vrrp/proto/vrrp_late.c) on a
 * fake clock: the threshold, adverts on time, one late advert, an episode of
 * several (reported once), its end after VRRP_LATE_ON_TIME_END on time, a
 * new episode after that, a reset (new master, left Backup), and off (0).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "keepalived/vrrp/proto/vrrp_late.h"

#define S 1000000ull
#define MS 1000ull

/* advert_int 1, priority 100, v2: Master_Down_Interval 3 s + 156/256 s. */
static uint64_t
mdi(void)
{
	return vrrp_master_down_us(2, 100, 100, 3);
}

static void
test_threshold(void **state)
{
	(void)state;
	assert_int_equal(mdi(), 3609375);
	/* 50 %: half way from 1 s to 3.609375 s. */
	assert_int_equal(vrrp_late_threshold_us(S, mdi(), 50), 2304687);
	assert_int_equal(vrrp_late_threshold_us(S, mdi(), 100), mdi());
	assert_int_equal(vrrp_late_threshold_us(S, mdi(), 200), mdi()); /* clamped */
	assert_int_equal(vrrp_late_threshold_us(S, mdi(), 1), S + 26093);
	assert_int_equal(vrrp_late_threshold_us(S, mdi(), 0), 0);  /* off */
	assert_int_equal(vrrp_late_threshold_us(S, S / 2, 50), S); /* no span */
	assert_int_equal(VRRP_LATE_PERCENT_DEFAULT, 50);
}

/* Adverts every second, with jitter below the threshold: never late. */
static void
test_on_time(void **state)
{
	struct vrrp_late l;
	uint64_t now = 5 * S, th = vrrp_late_threshold_us(S, mdi(), 50);
	int i;

	(void)state;
	memset(&l, 0, sizeof(l));
	/* The first advert only sets the baseline, however long since start. */
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	for (i = 0; i < 100; i++) {
		now += S + (i % 2 ? 300 * MS : 0);
		assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	}
	now += th; /* exactly at the threshold: on time */
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	assert_int_equal(l.late_total, 0);
	assert_int_equal(l.episodes, 0);
}

/* One late advert: reported, counted; three on time end the episode. */
static void
test_late_once(void **state)
{
	struct vrrp_late l;
	uint64_t now = S, th = vrrp_late_threshold_us(S, mdi(), 50);

	(void)state;
	memset(&l, 0, sizeof(l));
	vrrp_late_advert(&l, now, th);
	now += th + 1;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_REPORT);
	assert_int_equal(l.last_gap_us, th + 1);
	assert_int_equal(l.late_total, 1);
	assert_int_equal(l.episodes, 1);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_ENDED);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	assert_false(l.in_episode);
}

/*
 * An episode: late, on time twice, late again (still the same episode, the
 * on-time run starts over), then three on time; a later late advert opens
 * a second episode, reported again.
 */
static void
test_episode(void **state)
{
	struct vrrp_late l;
	uint64_t now = S, th = vrrp_late_threshold_us(S, mdi(), 50);
	int i;

	(void)state;
	memset(&l, 0, sizeof(l));
	vrrp_late_advert(&l, now, th);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_REPORT);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_LATE);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_LATE);
	for (i = 1; i < VRRP_LATE_ON_TIME_END; i++) {
		now += S;
		assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	}
	now += S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_ENDED);
	assert_int_equal(l.late_total, 3);
	assert_int_equal(l.episodes, 1);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_REPORT);
	assert_int_equal(l.late_total, 4);
	assert_int_equal(l.episodes, 2);
}

/*
 * A reset (another master, the instance left Backup, priority 0) forgets
 * the baseline and the episode, not the counters: the next advert only
 * sets a baseline, however long since the last one.
 */
static void
test_reset(void **state)
{
	struct vrrp_late l;
	uint64_t now = S, th = vrrp_late_threshold_us(S, mdi(), 50);

	(void)state;
	memset(&l, 0, sizeof(l));
	vrrp_late_advert(&l, now, th);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_REPORT);
	vrrp_late_reset(&l);
	now += 60 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_NONE);
	assert_false(l.in_episode);
	now += 3 * S;
	assert_int_equal(vrrp_late_advert(&l, now, th), VRRP_LATE_REPORT);
	assert_int_equal(l.late_total, 2);
	assert_int_equal(l.episodes, 2);
}

/* late_advert_warn 0: never late; a clock that steps back is not late. */
static void
test_off_and_clock(void **state)
{
	struct vrrp_late l;
	uint64_t now = 10 * S;

	(void)state;
	memset(&l, 0, sizeof(l));
	vrrp_late_advert(&l, now, 0);
	now += 30 * S;
	assert_int_equal(vrrp_late_advert(&l, now, 0), VRRP_LATE_NONE);
	assert_int_equal(l.late_total, 0);
	assert_int_equal(vrrp_late_advert(&l, now - S, 2 * S), VRRP_LATE_NONE);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_on_time),
		cmocka_unit_test(test_late_once),
		cmocka_unit_test(test_episode),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_off_and_clock),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
