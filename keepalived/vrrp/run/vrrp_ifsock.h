/*
 * The shared sockets of the running daemon and their VRID demux: one raw
 * socket per (interface, family), shared by the instances on it, and the
 * table that names, for each VRID, the instances that may own a packet.
 * Two instances on one interface and family may share a VRID when their
 * unicast peers or multicast groups differ: the demux picks the one the
 * packet's addresses match. The table knows instances only by their
 * configuration (struct vrrp_ifsock_member, embedded in the instance), so
 * it sits below the instances and needs nothing of the daemon.
 */
#ifndef VRRP_IFSOCK_H
#define VRRP_IFSOCK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/event.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "lib/log.h"

struct vrrp_instance_conf;
struct vrrp_pkt_meta;
struct vrrp_sock;
struct vrrp_unicast_global;
union vrrp_addr;

/* An instance's entry in the demux table of its socket. */
struct vrrp_ifsock_member {
	const struct vrrp_instance_conf *conf;
	struct vrrp_ifsock_member *next; /* another instance with the same VRID */
};

/* One raw socket per (interface, family), shared by its instances. */
struct vrrp_ifsock {
	int family;
	int ifindex;
	char ifname[IF_NAMESIZE];
	bool nodev; /* instances without interface: ifname is their VRF, or empty */
	struct vrrp_sock *sock;
	struct vrrp_sock *ah_sock; /* IPv4 protocol 51, when an instance uses auth_type AH */
	bool want_ah;
	int rcvbuf; /* SO_RCVBUF: its instances' kernel_rx_buf_size; 0: the kernel's */
	struct vrrp_ifsock_member *by_vrid[256]; /* the last one attached first */
	uint64_t rx_packets;
	uint64_t drops[VRRP_DROP_COUNT_]; /* packets no instance could be charged with */
	bool log_unknown_vrids;           /* global_defs log_unknown_vrids */
	struct log_ratelimit unknown_rl;  /* ... at most a few lines a minute */
	/* Send batching: flushes the socket's queue on the loop pass after the
	 * adverts were queued (set up by the first vrrp_ifsock_send_batched()). */
	struct ev_timer tx_timer;
	bool tx_timer_ready;
	uint64_t tx_batches; /* flushes that sent something */
	/* Receive coalescing (vrrp_ifsock_rx()). */
	struct ev_timer rx_timer;
	bool rx_timer_ready;
	bool rx_held; /* the socket is not watched: rx_timer reads it */
	void (*rx_cb)(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
		      void *arg); /* the packets' callback (arg: ifs) */
	uint64_t rx_holds;        /* times the watch was held */
	struct vrrp_ifsock *next;
};

/*
 * log_unknown_vrids: an advert no instance here has the VRID of (already
 * counted as a VRRP_DROP_VRID drop), logged at most 10 times a minute.
 */
#define VRRP_IFSOCK_UNKNOWN_LOG_US 60000000u
#define VRRP_IFSOCK_UNKNOWN_LOG_BURST 10u
void vrrp_ifsock_log_unknown(struct vrrp_ifsock *ifs, const struct vrrp_advert *adv,
			     const struct vrrp_pkt_meta *meta);

/* Enter m, configured by conf, in the table of ifs (m must not be in any). */
void vrrp_ifsock_attach(struct vrrp_ifsock *ifs, struct vrrp_ifsock_member *m,
			const struct vrrp_instance_conf *conf);
/* Forget every member (a reload enters the instances again, at their new addresses). */
void vrrp_ifsock_clear(struct vrrp_ifsock *ifs);
/* The first member with vrid, or NULL. */
struct vrrp_ifsock_member *vrrp_ifsock_first(const struct vrrp_ifsock *ifs, uint8_t vrid);
/*
 * The member a packet with vrid and meta's addresses is meant for: the
 * first whose peers or group match (g: the global unicast settings), else
 * the first with that VRID, whose checks then count and log the drop.
 * NULL when no instance uses vrid here.
 */
struct vrrp_ifsock_member *vrrp_ifsock_demux(const struct vrrp_ifsock *ifs, uint8_t vrid,
					     const struct vrrp_pkt_meta *meta,
					     const struct vrrp_unicast_global *g);

/*
 * Send batching. The advert timers of the instances on one socket that fall
 * due in one loop pass queue their adverts (vrrp_sock_queue()); a timer due
 * at once flushes them with one sendmmsg() on the next pass, before the loop
 * sleeps again: a few microseconds after the last one was queued. errors is
 * the sender's counter for a datagram that fails in the flush.
 * Returns as vrrp_sock_queue().
 */
int vrrp_ifsock_send_batched(struct vrrp_ifsock *ifs, struct ev_loop *loop, const void *buf,
			     size_t len, const union vrrp_addr *src, const union vrrp_addr *dst,
			     int ttl, uint64_t *errors);
/*
 * Receive coalescing. The adverts of a Master's instances leave in bursts
 * (one sendmmsg() per interval and socket), and they arrive here one by
 * one: woken by the first, the daemon would read a few and sleep again, a
 * wake-up per few adverts. vrrp_ifsock_rx() is the socket's read callback:
 * it reads what is queued (cb for each packet, arg ifs) and, when that was
 * more than one datagram (a burst is arriving), stops watching the socket
 * for VRRP_IFSOCK_RX_HOLD_US; then rx_timer reads what came meanwhile, and
 * holds again while more than one arrives, else watches the socket again.
 * A lone advert is read at once, as before; one in a burst at most
 * VRRP_IFSOCK_RX_HOLD_US later. The state machine must still see adverts
 * before timers: vrrp_ifsock_rx_drain() reads a held socket at once, and
 * the instances call it before acting on a Master_Down_Timer.
 */
#define VRRP_IFSOCK_RX_HOLD_US 1000
void vrrp_ifsock_rx(struct vrrp_ifsock *ifs, struct ev_loop *loop,
		    void (*cb)(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta,
			       void *arg));
/* Read a held socket now (nothing to do unless rx_held). */
void vrrp_ifsock_rx_drain(struct vrrp_ifsock *ifs, struct ev_loop *loop);

/* Before ifs's socket is closed or ifs freed: disarm the flush (closing flushes)
 * and the receive hold. */
void vrrp_ifsock_tx_stop(struct ev_loop *loop, struct vrrp_ifsock *ifs);

/*
 * Advert timer ticks: deadline_us rounded up to a multiple of tick_us, so that
 * the advert timers of instances whose deadlines lie within one tick fire in
 * the same loop pass and leave in one batch. Never earlier than deadline_us,
 * at most tick_us - 1 later; tick_us 0 leaves the deadline as it is.
 */
#define VRRP_IFSOCK_TICK_US 250
uint64_t vrrp_ifsock_tick(uint64_t deadline_us, uint64_t tick_us);

#endif
