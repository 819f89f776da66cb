/*
 * The VRID demux of a shared socket (vrrp_ifsock.h): a list per VRID, as
 * short as the number of instances that share the VRID (almost always one).
 */
#include "keepalived/vrrp/run/vrrp_ifsock.h"

#include <string.h>
#include <syslog.h>

#include "lib/event.h"

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"

void
vrrp_ifsock_log_unknown(struct vrrp_ifsock *ifs, const struct vrrp_advert *adv,
			const struct vrrp_pkt_meta *meta)
{
	char from[64];

	if (ifs->unknown_rl.interval_us == 0)
		ifs->unknown_rl =
			(struct log_ratelimit)LOG_RATELIMIT_INIT(VRRP_IFSOCK_UNKNOWN_LOG_US,
								 VRRP_IFSOCK_UNKNOWN_LOG_BURST);
	/* keepalived's line, with the sender added at the end. */
	log_ratelimited(&ifs->unknown_rl, ev_monotonic_us(), LOG_INFO,
			"Unknown VRID(%u) received on interface(%s). ignoring... (from %s)",
			adv->vrid, ifs->ifname,
			vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)));
}

void
vrrp_ifsock_attach(struct vrrp_ifsock *ifs, struct vrrp_ifsock_member *m,
		   const struct vrrp_instance_conf *conf)
{
	m->conf = conf;
	m->next = ifs->by_vrid[conf->vrid];
	ifs->by_vrid[conf->vrid] = m;
}

void
vrrp_ifsock_clear(struct vrrp_ifsock *ifs)
{
	memset(ifs->by_vrid, 0, sizeof(ifs->by_vrid));
}

struct vrrp_ifsock_member *
vrrp_ifsock_first(const struct vrrp_ifsock *ifs, uint8_t vrid)
{
	return ifs->by_vrid[vrid];
}

struct vrrp_ifsock_member *
vrrp_ifsock_demux(const struct vrrp_ifsock *ifs, uint8_t vrid, const struct vrrp_pkt_meta *meta,
		  const struct vrrp_unicast_global *g)
{
	struct vrrp_ifsock_member *first = ifs->by_vrid[vrid], *m;

	for (m = first; m != NULL; m = m->next)
		if (vrrp_unicast_rx_match(m->conf, g, meta))
			return m;
	return first;
}

/* Send batching ------------------------------------------------------------ */

static void
vrrp_ifsock_tx_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_ifsock *ifs = arg;

	if (ifs->sock != NULL && vrrp_sock_flush(ifs->sock) > 0)
		ifs->tx_batches++;
}

int
vrrp_ifsock_send_batched(struct vrrp_ifsock *ifs, struct ev_loop *loop, const void *buf, size_t len,
			 const union vrrp_addr *src, const union vrrp_addr *dst, int ttl,
			 uint64_t *errors)
{
	int rc = vrrp_sock_queue(ifs->sock, buf, len, src, dst, ttl, errors);

	if (rc != 0 || vrrp_sock_queued(ifs->sock) == 0)
		return rc; /* sent at once, or the batch just filled and went out */
	if (!ifs->tx_timer_ready) {
		ev_timer_init(&ifs->tx_timer, vrrp_ifsock_tx_cb, ifs);
		ifs->tx_timer_ready = true;
	}
	/* Due now: it runs on the next pass, after every timer of this one. */
	if (!ev_timer_active(&ifs->tx_timer))
		ev_timer_start_at(loop, &ifs->tx_timer, ev_now(loop));
	return 0;
}

void
vrrp_ifsock_tx_stop(struct ev_loop *loop, struct vrrp_ifsock *ifs)
{
	if (ifs->tx_timer_ready)
		ev_timer_stop(loop, &ifs->tx_timer);
	if (ifs->rx_timer_ready)
		ev_timer_stop(loop, &ifs->rx_timer);
	ifs->rx_held = false; /* a socket opened again is watched from the start */
}

/* Receive coalescing -------------------------------------------------------- */

/* Read what is queued; hold the watch while bursts arrive, else watch again. */
static void
vrrp_ifsock_rx_read(struct vrrp_ifsock *ifs, struct ev_loop *loop)
{
	int n = vrrp_sock_recv(ifs->sock, ifs->rx_cb, ifs);

	/* A callback may have closed the socket (a reload does not run from here). */
	if (ifs->sock == NULL)
		return;
	if (n > 1) {
		if (!ifs->rx_held && ev_fd_modify(loop, vrrp_sock_fd(ifs->sock), 0) < 0)
			return; /* cannot hold: keep reading as packets come */
		if (!ifs->rx_held)
			ifs->rx_holds++;
		ifs->rx_held = true;
		ev_timer_start_in(loop, &ifs->rx_timer, VRRP_IFSOCK_RX_HOLD_US);
	} else if (ifs->rx_held) {
		ifs->rx_held = false;
		if (ifs->rx_timer_ready)
			ev_timer_stop(loop, &ifs->rx_timer);
		if (ev_fd_modify(loop, vrrp_sock_fd(ifs->sock), EV_READ) < 0)
			log_warn("cannot watch the VRRP socket on %s again", ifs->ifname);
	}
}

static void
vrrp_ifsock_rx_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_ifsock *ifs = arg;

	if (ifs->rx_held && ifs->sock != NULL)
		vrrp_ifsock_rx_read(ifs, loop);
}

void
vrrp_ifsock_rx(struct vrrp_ifsock *ifs, struct ev_loop *loop,
	       void (*cb)(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
			  void *arg))
{
	if (!ifs->rx_timer_ready) {
		ev_timer_init(&ifs->rx_timer, vrrp_ifsock_rx_cb, ifs);
		ifs->rx_timer_ready = true;
	}
	ifs->rx_cb = cb;
	vrrp_ifsock_rx_read(ifs, loop);
}

void
vrrp_ifsock_rx_drain(struct vrrp_ifsock *ifs, struct ev_loop *loop)
{
	if (ifs->rx_held && ifs->sock != NULL && ifs->rx_cb != NULL)
		vrrp_ifsock_rx_read(ifs, loop);
}

uint64_t
vrrp_ifsock_tick(uint64_t deadline_us, uint64_t tick_us)
{
	uint64_t rest;

	if (tick_us == 0)
		return deadline_us;
	rest = deadline_us % tick_us;
	if (rest == 0 || deadline_us > UINT64_MAX - (tick_us - rest))
		return deadline_us;
	return deadline_us + (tick_us - rest);
}
