/*
 * libFuzzer target for a BFD session (keepalived/vrrp/proto/bfd_session.c):
 * the control packet codec and the state machine, driven on a fake clock
 * by a stream of operations. Built with clang by test/fuzz/local.mk; make
 * check runs it for FUZZ_CHECK_TIME seconds (test/fuzz/run.sh).
 *
 * Input: operations, one byte each followed by its operands:
 *   0 LEN BYTES  a datagram of LEN (0..255) bytes, decoded, accepted and
 *                received as bfd_run.c does
 *   1 MS16       MS16 milliseconds pass (big endian): expiry, periodic packet
 *   2 TX RX IDLE MULT FLAGS   new parameters (each interval a byte, times
 *                10 ms; IDLE times 100 ms), as a reload gives them
 *   3            a packet is built (our periodic one)
 *   4            a peer's valid packet, in the state the next byte says,
 *                to our discriminator (or 0 while we are Down)
 * Besides the sanitizers' checks it aborts when an invariant of RFC 5880
 * breaks: a state outside the four, Up without the peer's discriminator, a
 * Poll Sequence outside Up, the slow rate (at least 1 s) not kept while not
 * Up, timing values other than the advertised ones without a poll, a packet
 * built that does not decode, P and F set together.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/proto/bfd_session.h"

#define MS 1000ull

static void
broken(const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	abort();
}

static void
check(const struct bfd_session *s)
{
	uint8_t buf[BFD_PKT_LEN];
	struct bfd_session copy = *s;
	struct bfd_ctrl c;

	if ((unsigned)s->state > BFD_STATE_UP)
		broken("state out of range");
	if (s->state == BFD_STATE_UP && s->remote_discr == 0)
		broken("Up without the peer's discriminator");
	if (s->poll && s->state != BFD_STATE_UP)
		broken("a Poll Sequence outside Up");
	if (s->state != BFD_STATE_UP && s->desired_tx_us < BFD_SLOW_TX_US)
		broken("faster than 1 s while not Up");
	if (!s->poll &&
	    (s->tx_active_us != s->desired_tx_us || s->rx_active_us != s->required_rx_us))
		broken("timing values differ from the advertised ones without a poll");
	bfd_session_build(&copy, false, buf);
	if (bfd_ctrl_decode(buf, sizeof(buf), &c) != BFD_DROP_NONE)
		broken("our own packet does not decode");
	if (c.poll && c.final)
		broken("P and F together");
	if (c.state != s->state || c.my_discr != s->local_discr)
		broken("the packet does not say our state");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bfd_session_params p = {
		.min_tx_us = 100 * MS, .min_rx_us = 100 * MS, .idle_tx_us = 1000 * MS, .mult = 3
	};
	struct bfd_session s;
	uint64_t now = 1000000 * MS;
	size_t i = 0;

	bfd_session_init(&s, &p, 0x1234, now);
	check(&s);
	while (i < size) {
		uint8_t op = data[i++] % 5;
		uint8_t buf[256];
		struct bfd_ctrl c;
		unsigned ev;

		switch (op) {
		case 0: {
			size_t len;

			if (i >= size)
				return 0;
			len = data[i++];
			if (len > size - i)
				len = size - i;
			memcpy(buf, data + i, len);
			i += len;
			if (bfd_ctrl_decode(buf, len, &c) == BFD_DROP_NONE &&
			    bfd_session_accept(&s, &c) == BFD_DROP_NONE) {
				ev = bfd_session_rx(&s, &c, now);
				if ((ev & BFD_EV_SEND_FINAL) && !c.poll)
					broken("a Final without a Poll");
			}
			break;
		}
		case 1:
			if (size - i < 2)
				return 0;
			now += ((uint64_t)data[i] << 8 | data[i + 1]) * MS;
			i += 2;
			bfd_session_check_expiry(&s, now);
			if (bfd_session_tx_due(&s, now)) {
				bfd_session_build(&s, false, buf);
				bfd_session_tx_done(&s, now, (uint16_t)(now * 2654435761u));
				if (bfd_session_tx_interval_us(&s) != 0 && s.next_tx_us <= now)
					broken("the next packet is not in the future");
			}
			break;
		case 2:
			if (size - i < 5)
				return 0;
			p.min_tx_us = (uint32_t)(data[i] + 1) * 10 * MS;
			p.min_rx_us = (uint32_t)(data[i + 1] + 1) * 10 * MS;
			p.idle_tx_us = (uint32_t)(data[i + 2] + 10) * 100 * MS;
			p.mult = (uint8_t)(data[i + 3] | 1);
			p.passive = data[i + 4] & 1;
			i += 5;
			bfd_session_set_params(&s, &p, now);
			break;
		case 3:
			bfd_session_build(&s, (data[i - 1] & 0x80) != 0, buf);
			break;
		case 4:
			if (i >= size)
				return 0;
			memset(&c, 0, sizeof(c));
			c.version = BFD_VERSION;
			c.state = (enum bfd_state)(data[i] & 3);
			c.poll = data[i] & 4;
			c.final = data[i] & 8;
			c.detect_mult = 3;
			c.length = BFD_PKT_LEN;
			c.my_discr = 0x77;
			c.your_discr = c.state == BFD_STATE_DOWN ||
						       c.state == BFD_STATE_ADMIN_DOWN ?
					       0 :
					       s.local_discr;
			c.desired_min_tx_us = (uint32_t)((data[i] >> 4) + 1) * 50 * MS;
			c.required_min_rx_us = (uint32_t)((data[i] >> 4) + 1) * 50 * MS;
			i++;
			if (bfd_session_accept(&s, &c) == BFD_DROP_NONE)
				bfd_session_rx(&s, &c, now);
			break;
		}
		check(&s);
	}
	return 0;
}
