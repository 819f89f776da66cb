/*
 * What the probe files share: the probe object and the helpers of
 * check_probe.c. One probe is one attempt; everything it needs during the
 * attempt lives in it, so a check allocates once (OpenSSL's session
 * aside). Kinds: check_probe_stream.c (TCP, HTTP, SSL, SMTP),
 * check_probe_dgram.c (UDP, DNS, PING), check_probe_exec.c (MISC, FILE).
 */
#ifndef CHECK_PROBE_PRIV_H
#define CHECK_PROBE_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/types.h>

#include "keepalived/check/kernel/check_io.h"
#include "keepalived/check/proto/check_dns.h"
#include "keepalived/check/proto/check_http.h"
#include "keepalived/check/proto/check_smtp.h"
#include "keepalived/check/run/check_probe.h"
#include "lib/event.h"
#include "lib/log.h"

struct vrrp_exec_child;

/* Called with the fd's events (EV_READ, EV_WRITE, EV_ERROR). */
typedef void (*probe_io_fn)(struct check_probe *p, unsigned events);

struct check_probe {
	struct ev_loop *loop;
	const struct check_probe_conf *c;
	const struct check_target *t;
	check_probe_done done;
	void *arg;

	struct ev_timer deadline; /* the attempt's hard timeout */
	struct ev_timer deliver;  /* reports a result reached inside check_probe_start() */
	bool starting;            /* inside check_probe_start(): done must wait */
	bool finished;

	int fd;
	bool watched;
	probe_io_fn on_io;
	SSL *ssl;
	struct check_io_conn io;
	char addr_text[96]; /* "[198.18.1.10]:tcp:80", keepalived's FMT_CHK */

	unsigned step;        /* where a kind's exchange is */
	unsigned url;         /* HTTP: the url being checked */
	const char *send_buf; /* bytes being written */
	size_t send_len, send_off;
	union {
		struct {
			char req[CHECK_PATH_MAX + 2 * CHECK_HOST_MAX + 128];
			struct check_http_resp resp;
		} http;
		struct {
			struct check_smtp_line line;
			char cmd[CHECK_HOST_MAX + 16];
			char addr[INET6_ADDRSTRLEN + 10]; /* "[addr]:port", for failures */
		} smtp;
		struct {
			uint8_t query[CHECK_DNS_QUERY_MAX];
			uint16_t id;
		} dns;
		struct {
			uint8_t payload[64];
			uint16_t id, seq;
			bool raw;
		} ping;
		struct {
			uint8_t payload[16];
		} udp;
		struct {
			struct vrrp_exec_child *child;
		} misc;
	} u;
	struct check_outcome out;
};

/* Kinds ------------------------------------------------------------------------------------- */

/* Each starts its attempt: 0, or -1 with errno when no attempt could be
 * made for a reason that is not an outcome (no memory, bad conf). */
int probe_tcp_start(struct check_probe *p);
int probe_http_start(struct check_probe *p);
int probe_smtp_start(struct check_probe *p);
int probe_udp_start(struct check_probe *p);
int probe_dns_start(struct check_probe *p);
int probe_ping_start(struct check_probe *p);
int probe_misc_start(struct check_probe *p);
int probe_file_start(struct check_probe *p);
/* The hard timeout of each kind that has sockets: finishes p. */
void probe_stream_timeout(struct check_probe *p);
void probe_dgram_timeout(struct check_probe *p);
void probe_misc_cancel(struct check_probe *p);
/* The TLS context of SSL_GET (NULL: could not be built). */
SSL_CTX *probe_tls_ctx(void);

/* Shared helpers ------------------------------------------------------------------------------ */

/* Fill p->io and p->addr_text from the conf and the target. 0 or -1 (EINVAL). */
int probe_set_addresses(struct check_probe *p, bool udp_socket);
/* Watch p->fd for events with fn; 0 or -1. */
int probe_watch(struct check_probe *p, unsigned events, probe_io_fn fn);
/* (Re)arm the hard timeout to now + the connect timeout. */
void probe_arm_deadline(struct check_probe *p);
/* Close the fd and TLS session (HTTP moves on to the next url this way). */
void probe_close_io(struct check_probe *p);
/*
 * End the attempt with up and the reason (printf format). Closes
 * everything and reports (later if inside check_probe_start()). p may be
 * freed on return: the caller must return at once.
 */
void probe_finish(struct check_probe *p, bool up, const char *fmt, ...) LOG_PRINTF(3, 4);

#endif
