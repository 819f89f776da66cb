/*
 * Tests of the BFD session (keepalived/vrrp/proto/bfd_session.c) on a fake
 * clock: the codec and every 6.8.6 drop reason, every transition of RFC
 * 5880's state diagram (and the pairs that keep the state), detection time
 * and expiry, the slow rate while not Up, jitter bounds, the Poll Sequence
 * on reaching Up (faster rate at once, slower only after Final), answering
 * a Poll with Final, passive mode, RemoteMinRx 0, AdminDown.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "keepalived/vrrp/proto/bfd_session.h"

#define MS 1000ull
#define S 1000000ull
#define T0 (100 * S)

static const struct bfd_session_params params = {
	.min_tx_us = 100 * MS, .min_rx_us = 100 * MS, .idle_tx_us = 1000 * MS, .mult = 3
};

/* A packet from the peer (discriminator 0x77) in state st. */
static struct bfd_ctrl
peer(enum bfd_state st, uint32_t your)
{
	struct bfd_ctrl c;

	memset(&c, 0, sizeof(c));
	c.version = 1;
	c.state = st;
	c.detect_mult = 3;
	c.length = BFD_PKT_LEN;
	c.my_discr = 0x77;
	c.your_discr = your;
	c.desired_min_tx_us = 100 * MS;
	c.required_min_rx_us = 100 * MS;
	return c;
}

static unsigned
rx(struct bfd_session *s, enum bfd_state st, uint64_t now)
{
	struct bfd_ctrl c = peer(st, st == BFD_STATE_DOWN ? 0 : s->local_discr);

	assert_int_equal(bfd_session_accept(s, &c), BFD_DROP_NONE);
	return bfd_session_rx(s, &c, now);
}

static void
session_in(struct bfd_session *s, enum bfd_state st)
{
	bfd_session_init(s, &params, 0x11, T0);
	if (st == BFD_STATE_INIT || st == BFD_STATE_UP)
		rx(s, BFD_STATE_DOWN, T0);
	if (st == BFD_STATE_UP)
		rx(s, BFD_STATE_UP, T0);
	assert_int_equal(s->state, st);
}

/* Codec ----------------------------------------------------------------------------------- */

static void
test_codec_roundtrip(void **state)
{
	struct bfd_ctrl c = peer(BFD_STATE_UP, 0x12345678), d;
	uint8_t buf[BFD_PKT_LEN];

	(void)state;
	c.poll = true;
	c.diag = BFD_DIAG_NEIGHBOR_DOWN;
	c.required_min_echo_rx_us = 5;
	assert_int_equal(bfd_ctrl_encode(&c, buf), BFD_PKT_LEN);
	assert_int_equal(buf[0], 0x20 | 3);
	assert_int_equal(buf[1], 0xc0 | 0x20);
	assert_int_equal(buf[3], 24);
	assert_int_equal(bfd_ctrl_decode(buf, sizeof(buf), &d), BFD_DROP_NONE);
	assert_true(d.poll && !d.final);
	assert_int_equal(d.state, BFD_STATE_UP);
	assert_int_equal(d.diag, BFD_DIAG_NEIGHBOR_DOWN);
	assert_int_equal(d.your_discr, 0x12345678);
	assert_int_equal(d.desired_min_tx_us, 100 * MS);
	assert_int_equal(d.required_min_echo_rx_us, 5);
}

static void
test_codec_drops(void **state)
{
	struct bfd_ctrl c = peer(BFD_STATE_DOWN, 0), d;
	uint8_t buf[BFD_PKT_LEN + 2];

	(void)state;
	bfd_ctrl_encode(&c, buf);
	assert_int_equal(bfd_ctrl_decode(buf, 23, &d), BFD_DROP_SHORT);
	buf[0] = (uint8_t)(2 << 5);
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_VERSION);
	bfd_ctrl_encode(&c, buf);
	buf[3] = 23;
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_LENGTH);
	buf[3] = 26; /* more than received */
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_LENGTH);
	bfd_ctrl_encode(&c, buf);
	buf[1] |= 0x04; /* A set, but Length 24 < 26 */
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_LENGTH);
	bfd_ctrl_encode(&c, buf);
	buf[2] = 0;
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_DETECT_MULT);
	bfd_ctrl_encode(&c, buf);
	buf[1] |= 0x01;
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_MULTIPOINT);
	c.my_discr = 0;
	bfd_ctrl_encode(&c, buf);
	assert_int_equal(bfd_ctrl_decode(buf, 24, &d), BFD_DROP_MY_DISCR);
	assert_string_equal(bfd_drop_name(BFD_DROP_TTL), "ttl");
}

static void
test_accept(void **state)
{
	struct bfd_session s;
	struct bfd_ctrl c;

	(void)state;
	session_in(&s, BFD_STATE_DOWN);
	c = peer(BFD_STATE_UP, 0); /* Your Discr 0 outside Down/AdminDown */
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_YOUR_DISCR);
	c = peer(BFD_STATE_ADMIN_DOWN, 0);
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_NONE);
	c = peer(BFD_STATE_INIT, 0x12);
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_NO_SESSION);
	c = peer(BFD_STATE_INIT, 0x11);
	c.auth = true;
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_AUTH);
	c = peer(BFD_STATE_DOWN, 0); /* our own packet, sent to an address of this host */
	c.my_discr = s.local_discr;
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_LOOPED);
	bfd_session_admin_down(&s, T0);
	c = peer(BFD_STATE_INIT, 0x11);
	assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_ADMIN_DOWN);
}

static void
test_ttl(void **state)
{
	(void)state;
	/* Single hop (RFC 5881): exactly 255 unless max_hops allows less. */
	assert_true(bfd_ttl_ok(255, 255, 0));
	assert_false(bfd_ttl_ok(254, 255, 0));
	assert_true(bfd_ttl_ok(253, 255, 2));
	assert_false(bfd_ttl_ok(252, 255, 2));
	assert_true(bfd_ttl_ok(1, 255, 255)); /* max_hops = TTL: no check */
	/* keepalived's IPv6 default, hop limit 64: FRR's 255 passes, 63 does not. */
	assert_true(bfd_ttl_ok(255, 64, 0));
	assert_false(bfd_ttl_ok(63, 64, 0));
	assert_true(bfd_ttl_ok(-1, 255, 0)); /* not reported */
}

/* State machine --------------------------------------------------------------------------- */

struct row {
	int from, received, to;
	int diag;
	bool changes;
};

/* Every (local, received) pair of RFC 5880 6.2 / 6.8.6, AdminDown locally aside. */
static void
test_transitions(void **state)
{
	enum {
		D = BFD_STATE_DOWN,
		I = BFD_STATE_INIT,
		U = BFD_STATE_UP,
		A = BFD_STATE_ADMIN_DOWN
	};
	enum {
		NONE = BFD_DIAG_NONE,
		NBR = BFD_DIAG_NEIGHBOR_DOWN
	};
	/* clang-format off */
	static const struct row rows[] = {
		{ D, A, D, NONE, false },
		{ D, D, I, NONE, true },
		{ D, I, U, NONE, true },
		{ D, U, D, NONE, false },
		{ I, A, D, NBR, true },
		{ I, D, I, NONE, false },
		{ I, I, U, NONE, true },
		{ I, U, U, NONE, true },
		{ U, A, D, NBR, true },
		{ U, D, D, NBR, true },
		{ U, I, U, NONE, false },
		{ U, U, U, NONE, false },
	};
	/* clang-format on */
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bfd_session s;
		struct bfd_ctrl c;
		unsigned ev;

		session_in(&s, rows[i].from);
		c = peer(rows[i].received, s.local_discr);
		assert_int_equal(bfd_session_accept(&s, &c), BFD_DROP_NONE);
		ev = bfd_session_rx(&s, &c, T0 + MS);
		assert_int_equal(s.state, rows[i].to);
		assert_int_equal(s.local_diag, rows[i].diag);
		assert_int_equal(!!(ev & BFD_EV_STATE), rows[i].changes);
		assert_int_equal(s.remote_discr, 0x77);
		assert_int_equal(s.remote_state, rows[i].received);
	}
}

/* Detection ------------------------------------------------------------------------------- */

static void
test_detection_time(void **state)
{
	struct bfd_session s;
	struct bfd_ctrl c;

	(void)state;
	session_in(&s, BFD_STATE_UP);
	/* 3 x max(our 100 ms RX, its 100 ms TX). */
	assert_int_equal(s.detect_time_us, 300 * MS);
	assert_int_equal(s.detect_at_us, T0 + 300 * MS);
	/* The peer slows to 250 ms with mult 4: 1 s, from its packet on. */
	c = peer(BFD_STATE_UP, s.local_discr);
	c.desired_min_tx_us = 250 * MS;
	c.detect_mult = 4;
	assert_true(bfd_session_rx(&s, &c, T0 + 50 * MS) & BFD_EV_TIMING);
	assert_int_equal(s.detect_time_us, 1000 * MS);
	assert_int_equal(s.detect_at_us, T0 + 1050 * MS);
	/* A slower peer than our RX still counts at our RX: max(). */
	c.desired_min_tx_us = 10 * MS;
	c.detect_mult = 3;
	bfd_session_rx(&s, &c, T0 + 100 * MS);
	assert_int_equal(s.detect_time_us, 300 * MS);
}

static void
test_expiry_up(void **state)
{
	struct bfd_session s;
	unsigned ev;

	(void)state;
	session_in(&s, BFD_STATE_UP);
	assert_int_equal(bfd_session_check_expiry(&s, T0 + 300 * MS - 1), 0);
	assert_int_equal(s.state, BFD_STATE_UP);
	ev = bfd_session_check_expiry(&s, T0 + 300 * MS);
	assert_true(ev & BFD_EV_EXPIRED);
	assert_true(ev & BFD_EV_STATE);
	assert_int_equal(s.state, BFD_STATE_DOWN);
	assert_int_equal(s.local_diag, BFD_DIAG_EXPIRED);
	assert_int_equal(s.remote_discr, 0);
	assert_int_equal(s.stats.expiries, 1);
	/* Back to the slow rate, no poll while not Up. */
	assert_int_equal(s.desired_tx_us, 1000 * MS);
	assert_false(s.poll);
	/* No timer afterwards until a packet comes. */
	assert_int_equal(s.detect_at_us, 0);
	assert_int_equal(bfd_session_check_expiry(&s, T0 + 10 * S), 0);
	/* Coming back: Down, Init, Up again; the diag clears at Up. */
	rx(&s, BFD_STATE_DOWN, T0 + 11 * S);
	assert_int_equal(s.state, BFD_STATE_INIT);
	assert_int_equal(s.local_diag, BFD_DIAG_EXPIRED);
	rx(&s, BFD_STATE_INIT, T0 + 11 * S + MS);
	assert_int_equal(s.state, BFD_STATE_UP);
	assert_int_equal(s.local_diag, BFD_DIAG_NONE);
}

static void
test_expiry_init_and_down(void **state)
{
	struct bfd_session s;
	unsigned ev;

	(void)state;
	session_in(&s, BFD_STATE_INIT);
	ev = bfd_session_check_expiry(&s, T0 + 300 * MS);
	assert_true(ev & BFD_EV_STATE);
	assert_int_equal(s.state, BFD_STATE_DOWN);
	assert_int_equal(s.local_diag, BFD_DIAG_EXPIRED);
	/* In Down, an expiry forgets the peer's discriminator and nothing else. */
	rx(&s, BFD_STATE_ADMIN_DOWN, T0 + S);
	assert_int_equal(s.remote_discr, 0x77);
	ev = bfd_session_check_expiry(&s, T0 + S + 300 * MS);
	assert_int_equal(ev & BFD_EV_STATE, 0);
	assert_true(ev & BFD_EV_EXPIRED);
	assert_int_equal(s.state, BFD_STATE_DOWN);
	assert_int_equal(s.remote_discr, 0);
}

/* Transmission ---------------------------------------------------------------------------- */

static void
test_slow_then_fast(void **state)
{
	struct bfd_session s;
	uint8_t buf[BFD_PKT_LEN];
	struct bfd_ctrl d;
	unsigned ev;

	(void)state;
	bfd_session_init(&s, &params, 0x11, T0);
	/* The first packet at once, then every second (jitter 0: 75 %). */
	assert_true(bfd_session_tx_due(&s, T0));
	bfd_session_build(&s, false, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_int_equal(d.state, BFD_STATE_DOWN);
	assert_int_equal(d.desired_min_tx_us, 1000 * MS);
	assert_int_equal(d.required_min_rx_us, 100 * MS);
	assert_int_equal(d.your_discr, 0);
	assert_false(d.poll);
	bfd_session_tx_done(&s, T0, 0);
	assert_int_equal(s.next_tx_us, T0 + 750 * MS);
	bfd_session_tx_done(&s, T0, 65535);
	assert_in_range(s.next_tx_us, T0 + 999 * MS, T0 + 1000 * MS);
	assert_false(bfd_session_tx_due(&s, T0 + 999 * MS - 1));
	/* Up: a Poll Sequence to 100 ms; the faster rate applies at once. */
	rx(&s, BFD_STATE_DOWN, T0 + 10 * MS);
	ev = rx(&s, BFD_STATE_INIT, T0 + 20 * MS);
	assert_true(ev & BFD_EV_STATE);
	assert_true(ev & BFD_EV_POLL);
	assert_true(s.poll);
	assert_int_equal(bfd_session_tx_interval_us(&s), 100 * MS);
	assert_int_equal(s.next_tx_us, T0 + 120 * MS); /* pulled in */
	bfd_session_build(&s, false, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_true(d.poll);
	assert_int_equal(d.state, BFD_STATE_UP);
	assert_int_equal(d.desired_min_tx_us, 100 * MS);
	assert_int_equal(d.your_discr, 0x77);
	/* Final ends it. */
	{
		struct bfd_ctrl f = peer(BFD_STATE_UP, 0x11);

		f.final = true;
		ev = bfd_session_rx(&s, &f, T0 + 30 * MS);
		assert_true(ev & BFD_EV_POLL_DONE);
		assert_false(s.poll);
	}
	bfd_session_build(&s, false, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_false(d.poll);
	/* The peer asks for a slower rate than ours: its RX wins. */
	{
		struct bfd_ctrl c = peer(BFD_STATE_UP, 0x11);

		c.required_min_rx_us = 400 * MS;
		bfd_session_rx(&s, &c, T0 + 40 * MS);
		assert_int_equal(bfd_session_tx_interval_us(&s), 400 * MS);
	}
}

static void
test_poll_slower_waits_for_final(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;
	struct bfd_ctrl f;

	(void)state;
	/* min_tx above the idle rate: going Up slows us down, which must wait (6.8.3). */
	p.min_tx_us = 2000 * MS;
	bfd_session_init(&s, &p, 0x11, T0);
	bfd_session_rx(&s,
		       &(struct bfd_ctrl){ .version = 1,
					   .state = BFD_STATE_INIT,
					   .detect_mult = 3,
					   .length = 24,
					   .my_discr = 0x77,
					   .your_discr = 0x11,
					   .desired_min_tx_us = 100 * MS,
					   .required_min_rx_us = 100 * MS },
		       T0);
	assert_int_equal(s.state, BFD_STATE_UP);
	assert_true(s.poll);
	assert_int_equal(s.desired_tx_us, 2000 * MS);        /* advertised */
	assert_int_equal(bfd_session_tx_interval_us(&s), S); /* still used */
	f = peer(BFD_STATE_UP, 0x11);
	bfd_session_rx(&s, &f, T0 + MS); /* no Final: no change */
	assert_int_equal(bfd_session_tx_interval_us(&s), S);
	f.final = true;
	bfd_session_rx(&s, &f, T0 + 2 * MS);
	assert_false(s.poll);
	assert_int_equal(bfd_session_tx_interval_us(&s), 2 * S);
	assert_int_equal(s.stats.polls, 1);
}

static void
test_answer_poll(void **state)
{
	struct bfd_session s;
	struct bfd_ctrl c, d;
	uint8_t buf[BFD_PKT_LEN];

	(void)state;
	session_in(&s, BFD_STATE_UP);
	c = peer(BFD_STATE_UP, s.local_discr);
	c.poll = true;
	assert_true(bfd_session_rx(&s, &c, T0 + MS) & BFD_EV_SEND_FINAL);
	bfd_session_build(&s, true, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_true(d.final);
	assert_false(d.poll); /* never both, even during our own poll */
	c.poll = false;
	assert_int_equal(bfd_session_rx(&s, &c, T0 + 2 * MS) & BFD_EV_SEND_FINAL, 0);
}

static void
test_jitter_mult_one(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;

	(void)state;
	p.mult = 1;
	bfd_session_init(&s, &p, 0x11, T0);
	bfd_session_tx_done(&s, T0, 65535);
	assert_in_range(s.next_tx_us, T0 + 899 * MS, T0 + 900 * MS);
	bfd_session_tx_done(&s, T0, 0);
	assert_int_equal(s.next_tx_us, T0 + 750 * MS);
}

static void
test_passive(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;

	(void)state;
	p.passive = true;
	bfd_session_init(&s, &p, 0x11, T0);
	assert_false(bfd_session_tx_due(&s, T0));
	assert_false(bfd_session_tx_due(&s, T0 + 10 * S));
	assert_int_equal(bfd_session_next_deadline(&s), 0);
	rx(&s, BFD_STATE_DOWN, T0 + S);
	assert_int_equal(s.state, BFD_STATE_INIT);
	assert_true(bfd_session_tx_due(&s, T0 + 2 * S));
	/* Expiry forgets the peer: silent again. */
	bfd_session_check_expiry(&s, T0 + S + 300 * MS);
	assert_false(bfd_session_tx_due(&s, T0 + 3 * S));
}

static void
test_remote_min_rx_zero(void **state)
{
	struct bfd_session s;
	struct bfd_ctrl c;

	(void)state;
	session_in(&s, BFD_STATE_UP);
	c = peer(BFD_STATE_UP, s.local_discr);
	c.required_min_rx_us = 0;
	bfd_session_rx(&s, &c, T0 + MS);
	assert_int_equal(bfd_session_tx_interval_us(&s), 0);
	assert_false(bfd_session_tx_due(&s, T0 + 10 * S));
	/* Only the detection timer is left. */
	assert_int_equal(bfd_session_next_deadline(&s), T0 + MS + 300 * MS);
}

/* A reload changes the intervals of an Up session: a poll, and 6.8.3 until Final. */
static void
test_set_params_up(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;
	struct bfd_ctrl f;
	uint8_t buf[BFD_PKT_LEN];
	struct bfd_ctrl d;
	unsigned ev;

	(void)state;
	session_in(&s, BFD_STATE_UP);
	f = peer(BFD_STATE_UP, s.local_discr);
	f.final = true;
	bfd_session_rx(&s, &f, T0 + MS); /* the poll of reaching Up is over */
	assert_false(s.poll);
	/* Slower TX and shorter RX: both wait for Final. */
	p.min_tx_us = 300 * MS;
	p.min_rx_us = 50 * MS;
	ev = bfd_session_set_params(&s, &p, T0 + 2 * MS);
	assert_true(ev & BFD_EV_POLL);
	assert_true(s.poll);
	assert_int_equal(bfd_session_tx_interval_us(&s), 100 * MS);
	assert_int_equal(s.detect_time_us, 300 * MS); /* 3 x max(100 ms old RX, 100 ms) */
	bfd_session_build(&s, false, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_true(d.poll);
	assert_int_equal(d.desired_min_tx_us, 300 * MS);
	assert_int_equal(d.required_min_rx_us, 50 * MS);
	/* A change during the poll waits for it, then polls again. */
	p.mult = 4;
	p.min_tx_us = 200 * MS;
	assert_int_equal(bfd_session_set_params(&s, &p, T0 + 3 * MS) & BFD_EV_POLL, 0);
	f.desired_min_tx_us = 50 * MS;
	ev = bfd_session_rx(&s, &f, T0 + 4 * MS);
	assert_true(ev & BFD_EV_POLL_DONE);
	assert_true(ev & BFD_EV_POLL); /* the pending change */
	assert_true(s.poll);
	assert_int_equal(s.desired_tx_us, 200 * MS);
	assert_int_equal(bfd_session_tx_interval_us(&s), 200 * MS); /* faster than 300: at once */
	assert_int_equal(s.detect_time_us, 3 * 50 * MS);            /* 3 x max(50, 50) */
	bfd_session_rx(&s, &f, T0 + 5 * MS);
	assert_false(s.poll);
	assert_int_equal(s.stats.polls, 3);
}

/* A poll running when the session goes down ends with it, also when the rates stay. */
static void
test_poll_ends_with_session(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;

	(void)state;
	p.min_tx_us = p.idle_tx_us; /* reaching Up changes no rate: no poll */
	bfd_session_init(&s, &p, 0x11, T0);
	rx(&s, BFD_STATE_INIT, T0);
	assert_int_equal(s.state, BFD_STATE_UP);
	assert_false(s.poll);
	p.min_rx_us = 50 * MS; /* a reload while Up: a poll */
	assert_true(bfd_session_set_params(&s, &p, T0 + MS) & BFD_EV_POLL);
	assert_true(s.poll);
	rx(&s, BFD_STATE_DOWN, T0 + 2 * MS);
	assert_int_equal(s.state, BFD_STATE_DOWN);
	assert_false(s.poll);
	assert_int_equal(s.rx_active_us, 50 * MS);
}

/* Not Up: new parameters apply at once, without a poll; passive off starts sending. */
static void
test_set_params_down(void **state)
{
	struct bfd_session_params p = params;
	struct bfd_session s;

	(void)state;
	p.passive = true;
	bfd_session_init(&s, &p, 0x11, T0);
	assert_false(bfd_session_tx_due(&s, T0 + S));
	p.passive = false;
	p.idle_tx_us = 2 * S;
	assert_int_equal(bfd_session_set_params(&s, &p, T0 + S) & BFD_EV_POLL, 0);
	assert_false(s.poll);
	assert_true(bfd_session_tx_due(&s, T0 + S));
	assert_int_equal(s.desired_tx_us, 2 * S);
	assert_int_equal(bfd_session_tx_interval_us(&s), 2 * S);
}

static void
test_admin_down(void **state)
{
	struct bfd_session s;
	uint8_t buf[BFD_PKT_LEN];
	struct bfd_ctrl d;

	(void)state;
	session_in(&s, BFD_STATE_UP);
	assert_true(bfd_session_admin_down(&s, T0 + MS) & BFD_EV_STATE);
	bfd_session_build(&s, false, buf);
	bfd_ctrl_decode(buf, sizeof(buf), &d);
	assert_int_equal(d.state, BFD_STATE_ADMIN_DOWN);
	assert_int_equal(d.diag, BFD_DIAG_ADMIN_DOWN);
	assert_int_equal(s.detect_at_us, 0);
	assert_string_equal(bfd_state_name(BFD_STATE_ADMIN_DOWN), "AdminDown");
	assert_string_equal(bfd_diag_name(BFD_DIAG_EXPIRED), "Control Detection Time Expired");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_roundtrip),
		cmocka_unit_test(test_codec_drops),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_detection_time),
		cmocka_unit_test(test_expiry_up),
		cmocka_unit_test(test_expiry_init_and_down),
		cmocka_unit_test(test_slow_then_fast),
		cmocka_unit_test(test_poll_slower_waits_for_final),
		cmocka_unit_test(test_answer_poll),
		cmocka_unit_test(test_jitter_mult_one),
		cmocka_unit_test(test_passive),
		cmocka_unit_test(test_remote_min_rx_zero),
		cmocka_unit_test(test_set_params_up),
		cmocka_unit_test(test_set_params_down),
		cmocka_unit_test(test_poll_ends_with_session),
		cmocka_unit_test(test_admin_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
