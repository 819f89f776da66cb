/*
 * BFD (RFC 5880, single hop over UDP as RFC 5881) for bfd_instance blocks:
 * the control packet codec and one session's state machine, asynchronous
 * mode only (no demand mode, no echo, no authentication). Pure: the caller
 * passes the time ("now", microseconds on CLOCK_MONOTONIC) and the random
 * jitter, and gets back decisions and bytes to send; no system call, no
 * allocation. The run layer (keepalived/vrrp/run/bfd_run.c) owns sockets and
 * timers and asks this module when to send and when the session expires.
 *
 * Timing as keepalived 2.2.7 does it: while the session is not Up, packets
 * go every idle_tx (at least 1 s, RFC 5880 6.8.3); on reaching Up the
 * desired transmit interval drops to min_tx through a Poll Sequence, and
 * back to idle_tx when the session goes down. Parameter changes while Up
 * follow 6.8.3: a larger transmit interval and a smaller receive interval
 * take effect only when the peer answers the poll with Final.
 */
#ifndef BFD_SESSION_H
#define BFD_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BFD_CONTROL_PORT 3784  /* RFC 5881, single hop */
#define BFD_SRC_PORT_MIN 49152 /* RFC 5881 4: source port range */
#define BFD_SRC_PORT_MAX 65535
#define BFD_PKT_LEN 24 /* mandatory section, no authentication */
#define BFD_VERSION 1
#define BFD_SLOW_TX_US 1000000u /* 6.8.3: at least 1 s while not Up */

enum bfd_state {
	BFD_STATE_ADMIN_DOWN = 0,
	BFD_STATE_DOWN = 1,
	BFD_STATE_INIT = 2,
	BFD_STATE_UP = 3,
};

/* Diagnostic codes (RFC 5880 4.1). */
enum bfd_diag {
	BFD_DIAG_NONE = 0,
	BFD_DIAG_EXPIRED = 1,       /* Control Detection Time Expired */
	BFD_DIAG_ECHO_FAILED = 2,   /* Echo Function Failed */
	BFD_DIAG_NEIGHBOR_DOWN = 3, /* Neighbor Signaled Session Down */
	BFD_DIAG_FWD_RESET = 4,     /* Forwarding Plane Reset */
	BFD_DIAG_PATH_DOWN = 5,     /* Path Down */
	BFD_DIAG_CONCAT_DOWN = 6,   /* Concatenated Path Down */
	BFD_DIAG_ADMIN_DOWN = 7,    /* Administratively Down */
	BFD_DIAG_REV_CONCAT_DOWN = 8,
	BFD_DIAG_COUNT_
};

/* One control packet, decoded (host byte order). */
struct bfd_ctrl {
	uint8_t version;
	enum bfd_diag diag;
	enum bfd_state state;
	bool poll, final, cpi, auth, demand, multipoint;
	uint8_t detect_mult;
	uint8_t length;
	uint32_t my_discr, your_discr;
	uint32_t desired_min_tx_us, required_min_rx_us, required_min_echo_rx_us;
};

/* Why a received packet was dropped (RFC 5880 6.8.6, in its order); counted per reason. */
enum bfd_drop {
	BFD_DROP_NONE = 0,
	BFD_DROP_SHORT,       /* fewer bytes than the mandatory section */
	BFD_DROP_VERSION,     /* not version 1 */
	BFD_DROP_LENGTH,      /* Length field too small, or more than was received */
	BFD_DROP_DETECT_MULT, /* Detect Mult zero */
	BFD_DROP_MULTIPOINT,  /* M bit set */
	BFD_DROP_MY_DISCR,    /* My Discriminator zero */
	BFD_DROP_NO_SESSION,  /* Your Discriminator matches no session / unknown source */
	BFD_DROP_YOUR_DISCR,  /* Your Discriminator zero outside Down and AdminDown */
	BFD_DROP_AUTH,        /* A bit set: no authentication is configured */
	BFD_DROP_TTL,         /* received TTL / hop limit below what max_hops allows */
	BFD_DROP_ADMIN_DOWN,  /* the local session is AdminDown */
	BFD_DROP_LOOPED,      /* our own packet: My Discriminator is the session's own */
	BFD_DROP_COUNT_
};

/* What a bfd_instance asks for (bfd_conf.h holds the configured values). */
struct bfd_session_params {
	uint32_t min_tx_us;  /* desired min TX while Up */
	uint32_t min_rx_us;  /* required min RX */
	uint32_t idle_tx_us; /* desired min TX while not Up (>= 1 s) */
	uint8_t mult;        /* detect multiplier */
	bool passive;        /* send nothing until the peer has been heard */
};

/* Events returned by the session functions (a bit mask). */
#define BFD_EV_STATE 0x01u      /* the state changed: see state, local_diag */
#define BFD_EV_SEND_FINAL 0x02u /* answer a Poll now, with Final set */
#define BFD_EV_POLL 0x04u       /* a Poll Sequence started */
#define BFD_EV_TIMING 0x08u     /* the transmit interval or detection time changed */
#define BFD_EV_EXPIRED 0x10u    /* the detection time passed without a packet */
#define BFD_EV_POLL_DONE 0x20u  /* the peer answered our Poll with Final */

struct bfd_session_stats {
	uint64_t rx, tx;
	uint64_t expiries;
	uint64_t polls;
	uint64_t up_events, down_events;
};

struct bfd_session {
	struct bfd_session_params params;
	enum bfd_state state, remote_state;
	enum bfd_diag local_diag, remote_diag;
	uint32_t local_discr, remote_discr;
	/* What we send: bfd.DesiredMinTxInterval and bfd.RequiredMinRxInterval. */
	uint32_t desired_tx_us, required_rx_us;
	/* What timing uses while a Poll Sequence runs (6.8.3); equal to the above otherwise. */
	uint32_t tx_active_us, rx_active_us;
	/* The peer's: bfd.RemoteMinRxInterval, its Desired Min TX and Detect Mult. */
	uint32_t remote_min_rx_us, remote_desired_tx_us;
	uint8_t remote_mult;
	bool poll;               /* a Poll Sequence is running: our packets carry P */
	bool poll_pending;       /* parameters changed during a poll: poll again after it */
	bool heard;              /* a packet has been received since the session started */
	uint64_t next_tx_us;     /* when the next periodic packet is due; 0: none */
	uint64_t detect_at_us;   /* when the session expires; 0: no timer */
	uint64_t detect_time_us; /* the current detection time */
	uint64_t last_rx_us;
	struct bfd_session_stats stats;
};

/* Names for log lines: "AdminDown", "Down", "Init", "Up" / keepalived's diagnostic texts. */
const char *bfd_state_name(enum bfd_state st);
const char *bfd_diag_name(enum bfd_diag d);
const char *bfd_drop_name(enum bfd_drop r);

/*
 * Decode len bytes; BFD_DROP_NONE and *pkt filled, or the first reason of
 * 6.8.6 that makes the packet invalid on its own (the checks that need the
 * session are bfd_session_accept()'s).
 */
enum bfd_drop bfd_ctrl_decode(const uint8_t *buf, size_t len, struct bfd_ctrl *pkt);
/* Encode the mandatory section into buf (BFD_PKT_LEN bytes); returns BFD_PKT_LEN. */
size_t bfd_ctrl_encode(const struct bfd_ctrl *pkt, uint8_t *buf);

/*
 * RFC 5881 5 (GTSM), loosened by max_hops: may a packet that arrived with
 * ttl (-1: not reported) be taken, when we send with own_ttl? It may have
 * lost up to max_hops on the way (max_hops equal to own_ttl: no check).
 */
bool bfd_ttl_ok(int ttl, unsigned own_ttl, int max_hops);

/* A session in Down, sending (unless passive) from now. discr must not be 0. */
void bfd_session_init(struct bfd_session *s, const struct bfd_session_params *p, uint32_t discr,
		      uint64_t now_us);

/*
 * The session checks of 6.8.6 on a decoded packet: Your Discriminator zero
 * while not Down, a local AdminDown, authentication. BFD_DROP_NONE if it
 * may be given to bfd_session_rx().
 */
enum bfd_drop bfd_session_accept(const struct bfd_session *s, const struct bfd_ctrl *pkt);
/* A valid packet for this session received at now_us: 6.8.6's state machine. Returns events. */
unsigned bfd_session_rx(struct bfd_session *s, const struct bfd_ctrl *pkt, uint64_t now_us);

/* The detection timer at now_us: BFD_EV_EXPIRED (and BFD_EV_STATE) if it ran out. */
unsigned bfd_session_check_expiry(struct bfd_session *s, uint64_t now_us);

/* Is a periodic packet due at now_us? */
bool bfd_session_tx_due(const struct bfd_session *s, uint64_t now_us);
/*
 * The packet to send now into buf (BFD_PKT_LEN bytes). final: the answer to
 * a Poll (P is never set with F). Returns BFD_PKT_LEN.
 */
size_t bfd_session_build(struct bfd_session *s, bool final, uint8_t *buf);
/*
 * A periodic packet was sent at now_us: schedule the next one. jitter is a
 * random number in 0..65535 that picks the interval between 75 and 100 %
 * of the transmit interval (90 % with a detect multiplier of 1, 6.8.7).
 */
void bfd_session_tx_done(struct bfd_session *s, uint64_t now_us, uint16_t jitter);

/* The transmit interval in use now (0: nothing is sent periodically). */
uint64_t bfd_session_tx_interval_us(const struct bfd_session *s);
/* The earliest of the transmit and detection deadlines (0: none). */
uint64_t bfd_session_next_deadline(const struct bfd_session *s);

/*
 * New parameters for a running session (a reload changed its bfd_instance):
 * while Up, changed intervals run a Poll Sequence (BFD_EV_POLL) and 6.8.3's
 * rules; otherwise they apply at once. Returns events.
 */
unsigned bfd_session_set_params(struct bfd_session *s, const struct bfd_session_params *p,
				uint64_t now_us);

/*
 * Administrative down: the state becomes AdminDown (diag 7), packets keep
 * being sent so the peer learns it; received packets are then dropped.
 */
unsigned bfd_session_admin_down(struct bfd_session *s, uint64_t now_us);

#endif
