/*
 * bfd_instance sessions in the event loop (bfd_run.h): sockets from
 * bfd_sock.c, the protocol from bfd_session.c, keepalived's log lines.
 */
#include "keepalived/vrrp/run/bfd_run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/bfd_sock.h"
#include "lib/log.h"

#define BFD_RX_BATCH 64 /* datagrams read per wake-up, so that timers still run */

struct bfd_run_session {
	struct bfd_run *run;
	const struct bfd_instance_conf *conf;
	struct bfd_session s;
	int txfd;
	struct ev_timer timer;
	struct log_ratelimit rl; /* send errors */
	bool been_up;            /* Up at least once since it started (for the checker) */
};

struct bfd_run {
	struct ev_loop *loop;
	struct bfd_run_session **sess; /* one allocation each: their timers stay put */
	size_t n;
	uint32_t next_discr; /* the next session's discriminator */
	int rxfd[2];         /* IPv4, IPv6; -1 when no session of the family */
	bfd_run_changed_fn changed;
	void *arg;
	bfd_run_checker_fn checker_changed; /* the health checker's listener */
	void *checker_arg;
	struct bfd_run_stats stats;
	uint32_t rng; /* xorshift state for jitter */
};

static uint16_t
jitter(struct bfd_run *b)
{
	uint32_t x = b->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	b->rng = x;
	return (uint16_t)(x >> 16);
}

/* Log lines ------------------------------------------------------------------------------- */

/* The session parameters table keepalived writes with -D when the timing changes. */
static void
log_params(const struct bfd_run_session *rs, uint64_t old_detect)
{
	const struct bfd_session *s = &rs->s;
	uint64_t rtx = s->remote_desired_tx_us > s->rx_active_us ? s->remote_desired_tx_us :
								   s->rx_active_us;
	uint64_t rdetect =
		(uint64_t)s->params.mult *
		(s->remote_min_rx_us > s->tx_active_us ? s->remote_min_rx_us : s->tx_active_us);

	if (!log_get_detail())
		return;
	log_info("(%s) ---------------< Session parameters >--------------", rs->conf->name);
	log_info("              min_tx  min_rx  tx_intv  mult  detect_time");
	log_info("     local  %8" PRIu32 " %7" PRIu32 " %8" PRIu64 " %5u %12" PRIu64,
		 s->desired_tx_us, s->required_rx_us, bfd_session_tx_interval_us(s), s->params.mult,
		 s->detect_time_us);
	log_info("     remote %8" PRIu32 " %7" PRIu32 " %8" PRIu64 " %5u %12" PRIu64,
		 s->remote_desired_tx_us, s->remote_min_rx_us, rtx, s->remote_mult, rdetect);
	log_info("     Detection time is %" PRIu64 " us (was %" PRIu64 " us)", s->detect_time_us,
		 old_detect);
}

static void
log_state(const struct bfd_run_session *rs)
{
	const struct bfd_session *s = &rs->s;

	if (s->state == BFD_STATE_DOWN || s->state == BFD_STATE_ADMIN_DOWN)
		log_info("(%s) Entering %s state (Local diagnostic - %s, Remote diagnostic - %s)",
			 rs->conf->name, bfd_state_name(s->state), bfd_diag_name(s->local_diag),
			 bfd_diag_name(s->remote_diag));
	else
		log_info("(%s) Entering %s state", rs->conf->name, bfd_state_name(s->state));
}

/* Sending --------------------------------------------------------------------------------- */

static void
send_one(struct bfd_run_session *rs, bool final)
{
	uint8_t buf[BFD_PKT_LEN];
	size_t len = bfd_session_build(&rs->s, final, buf);
	uint64_t now = ev_now(rs->run->loop);

	if (bfd_sock_send(rs->txfd, rs->conf->family, &rs->conf->neighbor, BFD_CONTROL_PORT, buf,
			  len) == -1) {
		rs->run->stats.send_errors++;
		log_ratelimited(&rs->rl, now, LOG_WARNING, "(%s) BFD send failed: %s",
				rs->conf->name, strerror(errno));
		return;
	}
	rs->run->stats.tx++;
}

static void
arm(struct bfd_run_session *rs)
{
	uint64_t at = bfd_session_next_deadline(&rs->s);

	if (at == 0)
		ev_timer_stop(rs->run->loop, &rs->timer);
	else
		ev_timer_start_at(rs->run->loop, &rs->timer, at);
}

/*
 * What a session's events mean outside it: log lines, a Final or a packet
 * announcing the new state at once, the VRRP side told when Up comes or goes.
 */
static void
handle_events(struct bfd_run_session *rs, unsigned ev, enum bfd_state was, uint64_t old_detect,
	      uint64_t now)
{
	struct bfd_run *b = rs->run;

	if (ev & BFD_EV_TIMING)
		log_params(rs, old_detect);
	if (ev & BFD_EV_STATE)
		log_state(rs);
	if (ev & BFD_EV_POLL)
		log_info("(%s) Starting poll sequence", rs->conf->name);
	if (ev & BFD_EV_SEND_FINAL)
		send_one(rs, true);
	if (ev & BFD_EV_STATE) {
		/* The peer learns the new state now rather than at the next (slow) packet. */
		if (bfd_session_tx_interval_us(&rs->s) != 0) {
			send_one(rs, false);
			bfd_session_tx_done(&rs->s, now, jitter(b));
		}
		bool up = rs->s.state == BFD_STATE_UP;

		if ((was == BFD_STATE_UP) != up && bfd_conf_for_vrrp(rs->conf) &&
		    b->changed != NULL)
			b->changed(b->arg, rs->conf->name, up);
		if ((was == BFD_STATE_UP) != up && bfd_conf_for_checker(rs->conf) &&
		    b->checker_changed != NULL)
			b->checker_changed(b->checker_arg, rs->conf->name, up, rs->been_up || up);
		rs->been_up = rs->been_up || up;
	}
	arm(rs);
}

static void
session_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct bfd_run_session *rs = arg;
	uint64_t now = ev_now(loop), old_detect = rs->s.detect_time_us;
	uint64_t due = rs->s.detect_at_us;
	enum bfd_state was = rs->s.state;
	unsigned ev;

	(void)t;
	ev = bfd_session_check_expiry(&rs->s, now);
	if (ev & BFD_EV_EXPIRED)
		log_info("(%s) Expired after %" PRIu64 " ms (%" PRIu64 " usec overdue)",
			 rs->conf->name, old_detect / 1000, now - due);
	if (rs->s.state == was && bfd_session_tx_due(&rs->s, now)) {
		send_one(rs, false);
		bfd_session_tx_done(&rs->s, now, jitter(rs->run));
	}
	handle_events(rs, ev, was, old_detect, now);
}

/* Receiving ------------------------------------------------------------------------------- */

static struct bfd_run_session *
find_session(struct bfd_run *b, const struct bfd_ctrl *c, const struct bfd_sock_rx *rx)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct bfd_instance_conf *bc = b->sess[i]->conf;

		if (c->your_discr != 0) {
			if (b->sess[i]->s.local_discr == c->your_discr)
				return b->sess[i];
		} else if (bc->family == rx->family &&
			   memcmp(&bc->neighbor, &rx->from, rx->family == AF_INET ? 4 : 16) == 0 &&
			   (!bc->has_source || !rx->has_to ||
			    memcmp(&bc->source, &rx->to, rx->family == AF_INET ? 4 : 16) == 0)) {
			/* The same neighbor may have a session per source address of ours. */
			return b->sess[i];
		}
	}
	return NULL;
}

static void
rx_one(struct bfd_run *b, const uint8_t *buf, size_t len, const struct bfd_sock_rx *rx,
       uint64_t now)
{
	struct bfd_ctrl c;
	struct bfd_run_session *rs;
	enum bfd_drop why = bfd_ctrl_decode(buf, len, &c);
	enum bfd_state was;
	uint64_t old_detect;

	b->stats.rx++;
	if (why == BFD_DROP_NONE) {
		rs = find_session(b, &c, rx);
		if (rs == NULL)
			why = BFD_DROP_NO_SESSION;
		else if (!bfd_ttl_ok(rx->ttl, bfd_conf_ttl(rs->conf), rs->conf->max_hops))
			why = BFD_DROP_TTL;
		else
			why = bfd_session_accept(&rs->s, &c);
	}
	if (why != BFD_DROP_NONE) {
		b->stats.drops[why]++;
		return;
	}
	was = rs->s.state;
	old_detect = rs->s.detect_time_us;
	handle_events(rs, bfd_session_rx(&rs->s, &c, now), was, old_detect, now);
}

static void
rx_ready(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct bfd_run *b = arg;
	uint8_t buf[512];
	struct bfd_sock_rx rx;

	(void)events;
	for (int i = 0; i < BFD_RX_BATCH; i++) {
		ssize_t n = bfd_sock_recv(fd, buf, sizeof(buf), &rx);

		if (n < 0)
			break;
		rx_one(b, buf, (size_t)n, &rx, ev_now(loop));
	}
}

/* Life cycle ------------------------------------------------------------------------------ */

static int
open_rx(struct bfd_run *b, int family)
{
	int k = family == AF_INET6;

	if (b->rxfd[k] != -1)
		return 0;
	b->rxfd[k] = bfd_sock_open_rx(family, BFD_CONTROL_PORT);
	if (b->rxfd[k] == -1) {
		log_error("BFD: cannot listen on UDP port %d (%s): %s", BFD_CONTROL_PORT,
			  family == AF_INET ? "IPv4" : "IPv6", strerror(errno));
		return -1;
	}
	if (ev_fd_add(b->loop, b->rxfd[k], EV_READ, rx_ready, b) == -1) {
		log_error("BFD: cannot watch the receive socket: %s", strerror(errno));
		close(b->rxfd[k]);
		b->rxfd[k] = -1;
		return -1;
	}
	return 0;
}

static void
close_rx(struct bfd_run *b, int k)
{
	if (b->rxfd[k] == -1)
		return;
	ev_fd_del(b->loop, b->rxfd[k]);
	close(b->rxfd[k]);
	b->rxfd[k] = -1;
}

static struct bfd_session_params
params_of(const struct bfd_instance_conf *bc)
{
	struct bfd_session_params p = {
		.min_tx_us = bc->min_tx_us,
		.min_rx_us = bc->min_rx_us,
		.idle_tx_us = bc->idle_tx_us,
		.mult = bc->mult,
		.passive = bc->passive,
	};

	return p;
}

static void
session_free(struct bfd_run *b, struct bfd_run_session *rs)
{
	if (rs == NULL)
		return;
	ev_timer_stop(b->loop, &rs->timer);
	if (rs->txfd != -1)
		close(rs->txfd);
	free(rs);
}

static struct bfd_run_session *
session_new(struct bfd_run *b, const struct bfd_instance_conf *bc)
{
	struct bfd_run_session *rs = calloc(1, sizeof(*rs));
	struct bfd_session_params p = params_of(bc);

	if (rs == NULL) {
		log_error("(%s) BFD: out of memory", bc->name);
		return NULL;
	}
	rs->run = b;
	rs->conf = bc;
	rs->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000000ULL, 5);
	ev_timer_init(&rs->timer, session_timer, rs);
	rs->txfd = bfd_sock_open_tx(bc->family, bc->has_source ? &bc->source : NULL,
				    (uint16_t)bfd_sock_random(), bfd_conf_ttl(bc));
	if (rs->txfd == -1) {
		log_error("(%s) BFD: cannot open the send socket: %s", bc->name, strerror(errno));
		free(rs);
		return NULL;
	}
	if (++b->next_discr == 0)
		b->next_discr = 1;
	bfd_session_init(&rs->s, &p, b->next_discr, ev_now(b->loop));
	arm(rs);
	return rs;
}

/* The same peer over the same socket: a reload keeps such a session running. */
static bool
same_path(const struct bfd_instance_conf *a, const struct bfd_instance_conf *c)
{
	size_t len = a->family == AF_INET ? 4 : 16;

	return strcmp(a->name, c->name) == 0 && a->family == c->family &&
	       memcmp(&a->neighbor, &c->neighbor, len) == 0 && a->has_source == c->has_source &&
	       (!a->has_source || memcmp(&a->source, &c->source, len) == 0) &&
	       bfd_conf_ttl(a) == bfd_conf_ttl(c);
}

int
bfd_run_reconf(struct bfd_run *b, const struct vrrp_conf *conf)
{
	size_t n = conf->bfd != NULL && !conf->bfd->not_run ? conf->bfd->n : 0, i = 0, kept = 0;
	struct bfd_run_session **sess = calloc(n + 1, sizeof(*sess));
	const struct bfd_instance_conf *bc;
	bool want[2] = { false, false };
	int rc = 0;

	if (sess == NULL) {
		log_error("BFD: out of memory");
		return -1;
	}
	for (bc = n > 0 ? conf->bfd->instances : NULL; bc != NULL && i < n; bc = bc->next) {
		struct bfd_run_session *rs = NULL;

		for (size_t j = 0; j < b->n && rs == NULL; j++) {
			if (b->sess[j] != NULL && same_path(b->sess[j]->conf, bc)) {
				rs = b->sess[j];
				b->sess[j] = NULL;
			}
		}
		want[bc->family == AF_INET6] = true;
		if (open_rx(b, bc->family) == -1) {
			session_free(b, rs);
			rc = -1;
			continue;
		}
		if (rs != NULL) {
			struct bfd_session_params p = params_of(bc);
			enum bfd_state was = rs->s.state;
			uint64_t old_detect = rs->s.detect_time_us;
			uint64_t now = ev_now(b->loop);

			rs->conf = bc;
			kept++;
			handle_events(rs, bfd_session_set_params(&rs->s, &p, now), was, old_detect,
				      now);
		} else if ((rs = session_new(b, bc)) == NULL) {
			rc = -1;
			continue;
		}
		sess[i++] = rs;
	}
	for (size_t j = 0; j < b->n; j++)
		session_free(b, b->sess[j]);
	free(b->sess);
	b->sess = sess;
	b->n = i;
	for (int k = 0; k < 2; k++)
		if (!want[k])
			close_rx(b, k);
	if (kept > 0)
		log_info("BFD: %zu session%s kept across the reload", kept, kept == 1 ? "" : "s");
	return rc;
}

struct bfd_run *
bfd_run_new(struct ev_loop *loop, const struct vrrp_conf *conf, bfd_run_changed_fn changed,
	    void *arg)
{
	struct bfd_run *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->loop = loop;
	b->rxfd[0] = b->rxfd[1] = -1;
	b->changed = changed;
	b->arg = arg;
	b->rng = bfd_sock_random() | 1;
	/* Discriminators count up from a random start, never 0. */
	b->next_discr = bfd_sock_random() & 0x7fffffffu;
	if (bfd_run_reconf(b, conf) == -1) {
		bfd_run_free(b);
		return NULL;
	}
	return b;
}

void
bfd_run_set_listener(struct bfd_run *b, bfd_run_changed_fn changed, void *arg)
{
	if (b == NULL)
		return;
	b->changed = changed;
	b->arg = arg;
}

void
bfd_run_set_checker_listener(struct bfd_run *b, bfd_run_checker_fn changed, void *arg)
{
	if (b == NULL)
		return;
	b->checker_changed = changed;
	b->checker_arg = arg;
}

bool
bfd_run_checker_state(const struct bfd_run *b, size_t i, const char **name, bool *up, bool *been_up)
{
	if (b == NULL || i >= b->n || !bfd_conf_for_checker(b->sess[i]->conf))
		return false;
	*name = b->sess[i]->conf->name;
	*up = b->sess[i]->s.state == BFD_STATE_UP;
	*been_up = b->sess[i]->been_up;
	return true;
}

void
bfd_run_free(struct bfd_run *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n; i++)
		session_free(b, b->sess[i]);
	for (int k = 0; k < 2; k++)
		close_rx(b, k);
	free(b->sess);
	free(b);
}

bool
bfd_run_is_up(const struct bfd_run *b, const char *name)
{
	for (size_t i = 0; b != NULL && i < b->n; i++)
		if (strcmp(b->sess[i]->conf->name, name) == 0)
			return b->sess[i]->s.state == BFD_STATE_UP &&
			       bfd_conf_for_vrrp(b->sess[i]->conf);
	return false;
}

const struct bfd_run_stats *
bfd_run_stats(const struct bfd_run *b)
{
	return &b->stats;
}

size_t
bfd_run_count(const struct bfd_run *b)
{
	return b != NULL ? b->n : 0;
}

const struct bfd_session *
bfd_run_session(const struct bfd_run *b, size_t i, const char **name)
{
	if (b == NULL || i >= b->n)
		return NULL;
	*name = b->sess[i]->conf->name;
	return &b->sess[i]->s;
}
