/*
 * BFD control packets and one session's state machine (bfd_session.h).
 * The state machine is RFC 5880 6.2's diagram as a table: the local state
 * and the state the peer sent give the next state and the diagnostic.
 */
#include "keepalived/vrrp/proto/bfd_session.h"

#include <string.h>

/* Names ----------------------------------------------------------------------------------- */

const char *
bfd_state_name(enum bfd_state st)
{
	static const char *const names[] = { "AdminDown", "Down", "Init", "Up" };

	return (unsigned)st < 4 ? names[st] : "?";
}

const char *
bfd_diag_name(enum bfd_diag d)
{
	/* clang-format off */
	static const char *const names[BFD_DIAG_COUNT_] = {
		[BFD_DIAG_NONE] = "No Diagnostic",
		[BFD_DIAG_EXPIRED] = "Control Detection Time Expired",
		[BFD_DIAG_ECHO_FAILED] = "Echo Function Failed",
		[BFD_DIAG_NEIGHBOR_DOWN] = "Neighbor Signaled Session Down",
		[BFD_DIAG_FWD_RESET] = "Forwarding Plane Reset",
		[BFD_DIAG_PATH_DOWN] = "Path Down",
		[BFD_DIAG_CONCAT_DOWN] = "Concatenated Path Down",
		[BFD_DIAG_ADMIN_DOWN] = "Administratively Down",
		[BFD_DIAG_REV_CONCAT_DOWN] = "Reverse Concatenated Path Down",
	};
	/* clang-format on */

	return (unsigned)d < BFD_DIAG_COUNT_ ? names[d] : "Unknown";
}

const char *
bfd_drop_name(enum bfd_drop r)
{
	/* clang-format off */
	static const char *const names[BFD_DROP_COUNT_] = {
		[BFD_DROP_NONE] = "none",
		[BFD_DROP_SHORT] = "short",
		[BFD_DROP_VERSION] = "version",
		[BFD_DROP_LENGTH] = "length",
		[BFD_DROP_DETECT_MULT] = "detect_mult",
		[BFD_DROP_MULTIPOINT] = "multipoint",
		[BFD_DROP_MY_DISCR] = "my_discr",
		[BFD_DROP_NO_SESSION] = "no_session",
		[BFD_DROP_YOUR_DISCR] = "your_discr",
		[BFD_DROP_AUTH] = "auth",
		[BFD_DROP_TTL] = "ttl",
		[BFD_DROP_ADMIN_DOWN] = "admin_down",
		[BFD_DROP_LOOPED] = "looped",
	};
	/* clang-format on */

	return (unsigned)r < BFD_DROP_COUNT_ ? names[r] : "?";
}

/* Codec ----------------------------------------------------------------------------------- */

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

enum bfd_drop
bfd_ctrl_decode(const uint8_t *buf, size_t len, struct bfd_ctrl *pkt)
{
	if (len < BFD_PKT_LEN)
		return BFD_DROP_SHORT;
	memset(pkt, 0, sizeof(*pkt));
	pkt->version = buf[0] >> 5;
	pkt->diag = (enum bfd_diag)(buf[0] & 0x1f);
	pkt->state = (enum bfd_state)(buf[1] >> 6);
	pkt->poll = buf[1] & 0x20;
	pkt->final = buf[1] & 0x10;
	pkt->cpi = buf[1] & 0x08;
	pkt->auth = buf[1] & 0x04;
	pkt->demand = buf[1] & 0x02;
	pkt->multipoint = buf[1] & 0x01;
	pkt->detect_mult = buf[2];
	pkt->length = buf[3];
	pkt->my_discr = get32(buf + 4);
	pkt->your_discr = get32(buf + 8);
	pkt->desired_min_tx_us = get32(buf + 12);
	pkt->required_min_rx_us = get32(buf + 16);
	pkt->required_min_echo_rx_us = get32(buf + 20);
	/* 6.8.6, one check a line, in the RFC's order. */
	if (pkt->version != BFD_VERSION)
		return BFD_DROP_VERSION;
	if (pkt->length < (pkt->auth ? BFD_PKT_LEN + 2 : BFD_PKT_LEN) || pkt->length > len)
		return BFD_DROP_LENGTH;
	if (pkt->detect_mult == 0)
		return BFD_DROP_DETECT_MULT;
	if (pkt->multipoint)
		return BFD_DROP_MULTIPOINT;
	if (pkt->my_discr == 0)
		return BFD_DROP_MY_DISCR;
	return BFD_DROP_NONE;
}

size_t
bfd_ctrl_encode(const struct bfd_ctrl *pkt, uint8_t *buf)
{
	buf[0] = (uint8_t)(BFD_VERSION << 5 | (pkt->diag & 0x1f));
	buf[1] =
		(uint8_t)((pkt->state & 3) << 6 | (pkt->poll ? 0x20 : 0) | (pkt->final ? 0x10 : 0) |
			  (pkt->cpi ? 0x08 : 0) | (pkt->auth ? 0x04 : 0) |
			  (pkt->demand ? 0x02 : 0) | (pkt->multipoint ? 0x01 : 0));
	buf[2] = pkt->detect_mult;
	buf[3] = BFD_PKT_LEN;
	put32(buf + 4, pkt->my_discr);
	put32(buf + 8, pkt->your_discr);
	put32(buf + 12, pkt->desired_min_tx_us);
	put32(buf + 16, pkt->required_min_rx_us);
	put32(buf + 20, pkt->required_min_echo_rx_us);
	return BFD_PKT_LEN;
}

/* Timing ---------------------------------------------------------------------------------- */

static uint32_t
max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static uint32_t
min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static bool
may_send(const struct bfd_session *s)
{
	/* 6.8.7: a passive system waits for the peer; RemoteMinRx 0 means "send nothing". */
	if (s->params.passive && s->remote_discr == 0)
		return false;
	return s->remote_min_rx_us != 0;
}

uint64_t
bfd_session_tx_interval_us(const struct bfd_session *s)
{
	if (!may_send(s))
		return 0;
	return max32(s->tx_active_us, s->remote_min_rx_us);
}

/*
 * 6.8.4: the detection time is the peer's Detect Mult times the greater of
 * our RequiredMinRx and its last Desired Min TX. Returns BFD_EV_TIMING if
 * it or the transmit interval changed; a shorter transmit interval pulls
 * the next packet in.
 */
static unsigned
timing_update(struct bfd_session *s, uint64_t old_tx, uint64_t now_us)
{
	uint64_t detect = 0, tx = bfd_session_tx_interval_us(s);
	unsigned ev = 0;

	if (s->remote_mult != 0)
		detect = (uint64_t)s->remote_mult * max32(s->rx_active_us, s->remote_desired_tx_us);
	if (detect != s->detect_time_us) {
		s->detect_time_us = detect;
		ev |= BFD_EV_TIMING;
	}
	if (tx != old_tx)
		ev |= BFD_EV_TIMING;
	if (tx != 0 && (s->next_tx_us == 0 || s->next_tx_us > now_us + tx))
		s->next_tx_us = now_us + tx;
	return ev;
}

/*
 * Desired Min TX follows the state (min_tx while Up, idle_tx otherwise).
 * While Up a change runs a Poll Sequence and 6.8.3 holds the old values in
 * timing until it ends; otherwise it takes effect at once.
 */
static unsigned
params_follow_state(struct bfd_session *s)
{
	uint32_t want_tx = s->state == BFD_STATE_UP ? s->params.min_tx_us :
						      max32(s->params.idle_tx_us, BFD_SLOW_TX_US);
	uint32_t want_rx = s->params.min_rx_us;

	if (s->state != BFD_STATE_UP) {
		/* Not Up: no poll (one running ends with the session), values at once. */
		s->desired_tx_us = s->tx_active_us = want_tx;
		s->required_rx_us = s->rx_active_us = want_rx;
		s->poll = s->poll_pending = false;
		return 0;
	}
	if (want_tx == s->desired_tx_us && want_rx == s->required_rx_us)
		return 0;
	if (s->poll) {
		/* One poll at a time: the new values wait for the current one. */
		s->poll_pending = true;
		return 0;
	}
	/* A faster rate and a longer detection time are safe at once; the others wait. */
	s->tx_active_us = min32(s->desired_tx_us, want_tx);
	s->rx_active_us = max32(s->required_rx_us, want_rx);
	s->desired_tx_us = want_tx;
	s->required_rx_us = want_rx;
	s->poll = true;
	s->stats.polls++;
	return BFD_EV_POLL;
}

static void
poll_done(struct bfd_session *s)
{
	s->poll = false;
	s->tx_active_us = s->desired_tx_us;
	s->rx_active_us = s->required_rx_us;
}

/* State machine --------------------------------------------------------------------------- */

/*
 * RFC 5880 6.8.6, the state machine part: one row per (local state, state
 * received); rows not listed keep the state. AdminDown locally never gets
 * here (bfd_session_accept() drops the packet).
 */
struct bfd_transition {
	enum bfd_state local, received, next;
	enum bfd_diag diag; /* BFD_DIAG_COUNT_: leave LocalDiag as it is */
};

/* clang-format off */
static const struct bfd_transition bfd_transitions[] = {
	{ BFD_STATE_DOWN, BFD_STATE_DOWN,       BFD_STATE_INIT, BFD_DIAG_COUNT_ },
	{ BFD_STATE_DOWN, BFD_STATE_INIT,       BFD_STATE_UP,   BFD_DIAG_NONE },
	{ BFD_STATE_INIT, BFD_STATE_ADMIN_DOWN, BFD_STATE_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
	{ BFD_STATE_INIT, BFD_STATE_INIT,       BFD_STATE_UP,   BFD_DIAG_NONE },
	{ BFD_STATE_INIT, BFD_STATE_UP,         BFD_STATE_UP,   BFD_DIAG_NONE },
	{ BFD_STATE_UP,   BFD_STATE_ADMIN_DOWN, BFD_STATE_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
	{ BFD_STATE_UP,   BFD_STATE_DOWN,       BFD_STATE_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
};
/* clang-format on */

static unsigned
set_state(struct bfd_session *s, enum bfd_state next, enum bfd_diag diag)
{
	unsigned ev;

	if (diag != BFD_DIAG_COUNT_)
		s->local_diag = diag;
	if (next == s->state)
		return 0;
	s->state = next;
	if (next == BFD_STATE_UP)
		s->stats.up_events++;
	else if (next == BFD_STATE_DOWN)
		s->stats.down_events++;
	ev = BFD_EV_STATE;
	return ev | params_follow_state(s);
}

void
bfd_session_init(struct bfd_session *s, const struct bfd_session_params *p, uint32_t discr,
		 uint64_t now_us)
{
	memset(s, 0, sizeof(*s));
	s->params = *p;
	s->state = BFD_STATE_DOWN;
	s->remote_state = BFD_STATE_DOWN;
	s->local_discr = discr;
	s->remote_min_rx_us = 1; /* 6.8.1: initialised to 1 */
	s->desired_tx_us = s->tx_active_us = max32(p->idle_tx_us, BFD_SLOW_TX_US);
	s->required_rx_us = s->rx_active_us = p->min_rx_us;
	s->next_tx_us = may_send(s) ? now_us : 0;
}

bool
bfd_ttl_ok(int ttl, unsigned own_ttl, int max_hops)
{
	if (ttl < 0)
		return true;
	return (long)ttl + max_hops >= (long)own_ttl;
}

enum bfd_drop
bfd_session_accept(const struct bfd_session *s, const struct bfd_ctrl *pkt)
{
	if (pkt->auth)
		return BFD_DROP_AUTH; /* no authentication is ever configured */
	/* A neighbor_ip of this host: the session would come Up with itself. */
	if (pkt->my_discr == s->local_discr)
		return BFD_DROP_LOOPED;
	if (pkt->your_discr == 0 && pkt->state != BFD_STATE_DOWN &&
	    pkt->state != BFD_STATE_ADMIN_DOWN)
		return BFD_DROP_YOUR_DISCR;
	if (pkt->your_discr != 0 && pkt->your_discr != s->local_discr)
		return BFD_DROP_NO_SESSION;
	if (s->state == BFD_STATE_ADMIN_DOWN)
		return BFD_DROP_ADMIN_DOWN;
	return BFD_DROP_NONE;
}

unsigned
bfd_session_rx(struct bfd_session *s, const struct bfd_ctrl *pkt, uint64_t now_us)
{
	uint64_t old_tx = bfd_session_tx_interval_us(s);
	unsigned ev = 0;

	s->stats.rx++;
	s->heard = true;
	s->last_rx_us = now_us;
	s->remote_discr = pkt->my_discr;
	s->remote_state = pkt->state;
	s->remote_diag = pkt->diag;
	s->remote_min_rx_us = pkt->required_min_rx_us;
	s->remote_desired_tx_us = pkt->desired_min_tx_us;
	s->remote_mult = pkt->detect_mult;
	if (pkt->final && s->poll) {
		poll_done(s);
		ev |= BFD_EV_POLL_DONE;
		if (s->poll_pending) {
			s->poll_pending = false;
			ev |= params_follow_state(s);
		}
	}
	for (size_t i = 0; i < sizeof(bfd_transitions) / sizeof(bfd_transitions[0]); i++) {
		const struct bfd_transition *t = &bfd_transitions[i];

		if (t->local == s->state && t->received == pkt->state) {
			ev |= set_state(s, t->next, t->diag);
			break;
		}
	}
	ev |= timing_update(s, old_tx, now_us);
	if (pkt->poll)
		ev |= BFD_EV_SEND_FINAL;
	s->detect_at_us = s->detect_time_us != 0 ? now_us + s->detect_time_us : 0;
	return ev;
}

unsigned
bfd_session_check_expiry(struct bfd_session *s, uint64_t now_us)
{
	uint64_t old_tx = bfd_session_tx_interval_us(s);
	unsigned ev = BFD_EV_EXPIRED;

	if (s->detect_at_us == 0 || now_us < s->detect_at_us)
		return 0;
	s->detect_at_us = 0;
	s->stats.expiries++;
	/* 6.8.1: the peer's discriminator is forgotten when a detection time passes. */
	s->remote_discr = 0;
	s->remote_state = BFD_STATE_DOWN;
	if (s->state == BFD_STATE_INIT || s->state == BFD_STATE_UP)
		ev |= set_state(s, BFD_STATE_DOWN, BFD_DIAG_EXPIRED);
	return ev | timing_update(s, old_tx, now_us);
}

bool
bfd_session_tx_due(const struct bfd_session *s, uint64_t now_us)
{
	return may_send(s) && s->next_tx_us != 0 && now_us >= s->next_tx_us;
}

size_t
bfd_session_build(struct bfd_session *s, bool final, uint8_t *buf)
{
	struct bfd_ctrl c;

	memset(&c, 0, sizeof(c));
	c.diag = s->local_diag;
	c.state = s->state;
	c.poll = s->poll && !final;
	c.final = final;
	c.detect_mult = s->params.mult;
	c.my_discr = s->local_discr;
	c.your_discr = s->remote_discr;
	c.desired_min_tx_us = s->desired_tx_us;
	c.required_min_rx_us = s->required_rx_us;
	c.required_min_echo_rx_us = 0; /* no echo function */
	s->stats.tx++;
	return bfd_ctrl_encode(&c, buf);
}

void
bfd_session_tx_done(struct bfd_session *s, uint64_t now_us, uint16_t jitter)
{
	uint64_t iv = bfd_session_tx_interval_us(s);
	/* 6.8.7: 75..100 % of the interval, 75..90 % when Detect Mult is 1. */
	uint64_t span = s->params.mult == 1 ? 15 : 25;

	if (iv == 0) {
		s->next_tx_us = 0;
		return;
	}
	s->next_tx_us = now_us + iv * 75 / 100 + iv * span * jitter / (100 * 65536);
}

uint64_t
bfd_session_next_deadline(const struct bfd_session *s)
{
	uint64_t tx = may_send(s) ? s->next_tx_us : 0, d = s->detect_at_us;

	if (tx == 0)
		return d;
	if (d == 0)
		return tx;
	return tx < d ? tx : d;
}

unsigned
bfd_session_set_params(struct bfd_session *s, const struct bfd_session_params *p, uint64_t now_us)
{
	uint64_t old_tx = bfd_session_tx_interval_us(s);
	bool was_silent = bfd_session_tx_interval_us(s) == 0;
	unsigned ev;

	s->params = *p;
	ev = params_follow_state(s);
	/* Passive turned off: start sending now. */
	if (was_silent && s->next_tx_us == 0 && bfd_session_tx_interval_us(s) != 0)
		s->next_tx_us = now_us;
	return ev | timing_update(s, old_tx, now_us);
}

unsigned
bfd_session_admin_down(struct bfd_session *s, uint64_t now_us)
{
	unsigned ev;

	(void)now_us;
	ev = set_state(s, BFD_STATE_ADMIN_DOWN, BFD_DIAG_ADMIN_DOWN);
	s->detect_at_us = 0;
	return ev;
}
