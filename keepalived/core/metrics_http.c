/*
 * The /metrics endpoint: a deliberately small HTTP/1.0 server on the event
 * loop. A connection reads its request (bounded), gets one response, and
 * is closed. The request must be complete METRICS_HEADER_TIMEOUT_US after
 * accept, and the whole exchange over METRICS_CONN_TIMEOUT_US after it, so
 * a client that sends slowly, reads slowly or never closes costs a slot for
 * a bounded time, and the loop never waits for it. One client address may
 * hold METRICS_MAX_CONNS_PER_ADDR of the METRICS_MAX_CONNS slots, so it
 * cannot lock out the scrapers at other addresses.
 */
#include "config.h"

#include "metrics_http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "conn.h"
#include "control.h"
#include "keepalived/check/status/check_status_pub.h"
#include "keepalived/vrrp/status/vrrp_status.h"
#include "lib/event.h"
#include "lib/log.h"

#define METRICS_ACCEPTS_PER_WAKE 16
#define METRICS_LOG_INTERVAL_US (60 * 1000000ULL) /* turned-away clients: lines per minute */
#define METRICS_LOG_BURST 5
#define METRICS_PATH "/metrics"
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

enum metrics_conn_state {
	METRICS_READING,
	METRICS_WRITING,
	METRICS_LINGERING, /* response sent, waiting for the client to close */
};

struct metrics_conn {
	struct conn conn; /* first: conn_free() frees the connection */
	struct metrics_http *m;
	enum metrics_conn_state state;
	struct sockaddr_storage peer; /* for the per-address limit */
	socklen_t peer_len;
	uint64_t accepted_us;
	char req[METRICS_REQUEST_MAX + 1];
	size_t req_len;
};

struct metrics_http {
	struct ev_loop *loop;
	struct control_hooks hooks;
	int fd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	struct conn_list conns;
	/* Clients turned away or cut off, for the log lines. */
	uint64_t refused_full;           /* every slot taken */
	uint64_t refused_per_addr;       /* their address holds its share */
	uint64_t header_timeouts;        /* no complete request in time */
	struct log_ratelimit rl_refused; /* one limiter each: a flood of one */
	struct log_ratelimit rl_timeout; /* kind hides no line of the other */
};

/* The checker's rows (virtual and real servers), as its process published them. */
static void
metrics_add_checker(struct vrrp_status_buf *body)
{
	char *rows = check_status_published(CHECK_STATUS_PROM);

	if (rows != NULL)
		vrrp_status_buf_puts(body, rows);
	free(rows);
}

/* The metrics server's own refusals and deadlines: every drop counted. */
static void
metrics_add_self(struct vrrp_status_buf *body, const struct metrics_http_counters *self)
{
	if (self == NULL)
		return;
	vrrp_status_buf_printf(
		body,
		"# HELP keepalived_metrics_http_refused_total Connections to the "
		"metrics server turned away.\n"
		"# TYPE keepalived_metrics_http_refused_total counter\n"
		"keepalived_metrics_http_refused_total{reason=\"all_slots\"} %" PRIu64 "\n"
		"keepalived_metrics_http_refused_total{reason=\"per_address\"} %" PRIu64 "\n",
		self->refused_full, self->refused_per_addr);
	vrrp_status_buf_printf(body,
			       "# HELP keepalived_metrics_http_header_timeouts_total Connections "
			       "closed for want of a complete request in time.\n"
			       "# TYPE keepalived_metrics_http_header_timeouts_total counter\n"
			       "keepalived_metrics_http_header_timeouts_total %" PRIu64 "\n",
			       self->header_timeouts);
}

/* Requests -------------------------------------------------------------------------- */

static const char *
metrics_reason(int code)
{
	switch (code) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 431:
		return "Request Header Fields Too Large";
	default:
		return "Internal Server Error";
	}
}

static void
metrics_reply(struct vrrp_status_buf *out, int code, const char *type, const char *body,
	      size_t body_len, bool head)
{
	vrrp_status_buf_printf(out,
			       "HTTP/1.0 %d %s\r\n"
			       "Content-Type: %s\r\n"
			       "Content-Length: %zu\r\n"
			       "%s"
			       "Connection: close\r\n\r\n",
			       code, metrics_reason(code), type, body_len,
			       code == 405 ? "Allow: GET, HEAD\r\n" : "");
	if (!head)
		vrrp_status_buf_add(out, body, body_len);
}

static int
metrics_error(struct vrrp_status_buf *out, int code, const char *msg, bool head)
{
	metrics_reply(out, code, "text/plain; charset=utf-8", msg, strlen(msg), head);
	return code;
}

int
metrics_http_respond(const struct control_hooks *hooks, const struct metrics_http_counters *self,
		     const char *req, size_t len, struct vrrp_status_buf *out)
{
	char line[256], *method, *target, *version, *q;
	struct vrrp_status_buf body;
	struct vrrp_status st;
	size_t n = 0;
	bool head;
	int code = 200;

	while (n < len && req[n] != '\r' && req[n] != '\n')
		n++;
	if (n >= sizeof(line))
		return metrics_error(out, 400, "request line too long\n", false);
	memcpy(line, req, n);
	line[n] = '\0';
	/* METHOD SP TARGET SP VERSION, single spaces, as RFC 9112 has it. */
	method = line;
	target = strchr(method, ' ');
	version = target != NULL ? strchr(target + 1, ' ') : NULL;
	if (version == NULL || strchr(version + 1, ' ') != NULL)
		return metrics_error(out, 400, "bad request\n", false);
	*target++ = '\0';
	*version++ = '\0';
	if (method[0] == '\0' || target[0] != '/' || strncmp(version, "HTTP/1.", 7) != 0)
		return metrics_error(out, 400, "bad request\n", false);
	head = strcmp(method, "HEAD") == 0;
	if (!head && strcmp(method, "GET") != 0)
		return metrics_error(out, 405, "only GET and HEAD\n", false);
	q = strchr(target, '?');
	if (q != NULL)
		*q = '\0';
	if (strcmp(target, METRICS_PATH) != 0)
		return metrics_error(out, 404, "not found: the metrics are at " METRICS_PATH "\n",
				     head);

	vrrp_status_buf_init(&body);
	if (hooks->status == NULL || hooks->status(hooks->arg, &st) == -1) {
		code = metrics_error(out, 500, "cannot take a snapshot\n", head);
	} else {
		vrrp_status_prometheus(&st, &body);
		vrrp_status_free(&st);
		metrics_add_checker(&body);
		metrics_add_self(&body, self);
		if (body.failed)
			code = metrics_error(out, 500, "out of memory\n", head);
		else
			metrics_reply(out, 200, METRICS_CONTENT_TYPE,
				      body.data != NULL ? body.data : "", body.len, head);
	}
	vrrp_status_buf_free(&body);
	return code;
}

/* The end of the request headers, if they are all there. */
static bool
metrics_request_complete(const struct metrics_conn *c)
{
	return strstr(c->req, "\r\n\r\n") != NULL || strstr(c->req, "\n\n") != NULL;
}

/* Connections ----------------------------------------------------------------------- */

static void
metrics_peer_str(const struct metrics_conn *c, char *buf, size_t len)
{
	const void *a = NULL;

	if (c->peer.ss_family == AF_INET)
		a = &((const struct sockaddr_in *)&c->peer)->sin_addr;
	else if (c->peer.ss_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)&c->peer)->sin6_addr;
	if (a == NULL || inet_ntop(c->peer.ss_family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
}

static void
metrics_deadline_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct metrics_conn *c = arg;
	struct metrics_http *m = c->m;
	char peer[INET6_ADDRSTRLEN];

	if (c->state == METRICS_READING) {
		m->header_timeouts++;
		metrics_peer_str(c, peer, sizeof(peer));
		log_ratelimited(&m->rl_timeout, ev_now(loop), LOG_WARNING,
				"metrics: %s sent no complete request within %llu ms; closed "
				"(%" PRIu64 " so far)",
				peer, (unsigned long long)(METRICS_HEADER_TIMEOUT_US / 1000),
				m->header_timeouts);
	}
	conn_free(&c->conn);
}

/* The request is in: from now on only the whole-connection deadline counts. */
static void
metrics_request_done(struct metrics_conn *c)
{
	c->state = METRICS_WRITING;
	ev_timer_start_at(c->m->loop, &c->conn.timer, c->accepted_us + METRICS_CONN_TIMEOUT_US);
}

/*
 * Once the response is out, stop sending and let the client close first:
 * closing with unread request bytes would reset the connection and could
 * destroy the response before the client has read it.
 */
static void
metrics_linger(struct metrics_conn *c)
{
	shutdown(c->conn.fd, SHUT_WR);
	c->state = METRICS_LINGERING;
	ev_fd_modify(c->m->loop, c->conn.fd, EV_READ);
}

/* Returns -1 when the connection must go. */
static int
metrics_write(struct metrics_conn *c)
{
	switch (conn_flush(&c->conn)) {
	case -1:
		return -1;
	case 0:
		ev_fd_modify(c->m->loop, c->conn.fd, EV_WRITE);
		return 0;
	default:
		metrics_linger(c);
		return 0;
	}
}

/* Returns -1 when the connection must go. */
static int
metrics_read(struct metrics_conn *c)
{
	char discard[512];
	ssize_t n;

	if (c->state == METRICS_LINGERING) {
		do
			n = recv(c->conn.fd, discard, sizeof(discard), MSG_DONTWAIT);
		while (n > 0 || (n < 0 && errno == EINTR));
		return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) ? -1 : 0;
	}
	for (;;) {
		n = recv(c->conn.fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len,
			 MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if (n == 0)
			return -1; /* gone before asking anything complete */
		c->req_len += (size_t)n;
		c->req[c->req_len] = '\0';
		if (metrics_request_complete(c)) {
			struct metrics_http_counters self = {
				.refused_full = c->m->refused_full,
				.refused_per_addr = c->m->refused_per_addr,
				.header_timeouts = c->m->header_timeouts,
			};

			metrics_http_respond(&c->m->hooks, &self, c->req, c->req_len, &c->conn.out);
			break;
		}
		if (c->req_len == sizeof(c->req) - 1) {
			metrics_error(&c->conn.out, 431, "request too large\n", false);
			break;
		}
	}
	metrics_request_done(c);
	return metrics_write(c);
}

static void
metrics_conn_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct metrics_conn *c = arg;
	int rc;

	if (c->state == METRICS_WRITING)
		rc = (events & EV_ERROR) ? -1 : metrics_write(c);
	else
		rc = metrics_read(c);
	if (rc == -1)
		conn_free(&c->conn);
}

/* Same client address (the port aside)? */
static bool
metrics_same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			      &((const struct sockaddr_in6 *)b)->sin6_addr,
			      sizeof(struct in6_addr)) == 0;
	return false;
}

/* How many slots the address of c holds already (c not linked yet). */
static unsigned
metrics_addr_count(const struct metrics_http *m, const struct metrics_conn *c)
{
	const struct conn *k;
	unsigned n = 0;

	for (k = m->conns.head; k != NULL; k = k->next)
		n += metrics_same_addr(&((const struct metrics_conn *)k)->peer, &c->peer);
	return n;
}

/*
 * Turn the newcomer away (closed at once rather than left in the backlog,
 * where it would block the clients behind it), with a rate-limited line.
 */
static void
metrics_refuse(struct metrics_http *m, struct metrics_conn *c, bool per_addr)
{
	char peer[INET6_ADDRSTRLEN];
	uint64_t *count = per_addr ? &m->refused_per_addr : &m->refused_full;

	(*count)++;
	metrics_peer_str(c, peer, sizeof(peer));
	if (per_addr)
		log_ratelimited(&m->rl_refused, ev_now(m->loop), LOG_WARNING,
				"metrics: %s already holds %d connections; refused (%" PRIu64
				" so far)",
				peer, METRICS_MAX_CONNS_PER_ADDR, *count);
	else
		log_ratelimited(&m->rl_refused, ev_now(m->loop), LOG_WARNING,
				"metrics: all %d connections are taken; %s refused (%" PRIu64
				" so far)",
				METRICS_MAX_CONNS, peer, *count);
}

static void
metrics_accept_cb(struct ev_loop *loop, int lfd, unsigned events, void *arg)
{
	struct metrics_http *m = arg;
	struct metrics_conn *c;
	bool per_addr;
	int fd, i;

	for (i = 0; i < METRICS_ACCEPTS_PER_WAKE; i++) {
		fd = conn_accept(lfd, __func__);
		if (fd == -1)
			return;
		c = calloc(1, sizeof(*c));
		if (c == NULL) {
			close(fd);
			continue;
		}
		c->m = m;
		c->peer_len = sizeof(c->peer);
		if (getpeername(fd, (struct sockaddr *)&c->peer, &c->peer_len) == -1)
			c->peer.ss_family = AF_UNSPEC; /* gone already: it fails on read */
		per_addr = metrics_addr_count(m, c) >= METRICS_MAX_CONNS_PER_ADDR;
		if (per_addr || m->conns.count >= METRICS_MAX_CONNS) {
			metrics_refuse(m, c, per_addr);
			free(c);
			close(fd);
			continue;
		}
		c->accepted_us = ev_now(loop);
		c->state = METRICS_READING;
		if (conn_attach(&m->conns, &c->conn, fd, metrics_conn_cb, metrics_deadline_cb, c,
				METRICS_HEADER_TIMEOUT_US) == -1) {
			free(c);
			close(fd);
		}
	}
}

/* The listener ------------------------------------------------------------------------ */

static void
metrics_addr_str(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(s4->sin_port));
	}
}

struct metrics_http *
metrics_http_open(struct ev_loop *loop, const struct sockaddr *addr, socklen_t addrlen,
		  const struct control_hooks *hooks)
{
	struct metrics_http *m;
	char where[INET6_ADDRSTRLEN + 16];
	int one = 1;

	metrics_addr_str(addr, where, sizeof(where));
	if (addrlen > sizeof(m->addr)) {
		log_warnx("metrics_listen %s: bad address", where);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	m->loop = loop;
	m->conns.loop = loop;
	m->hooks = *hooks;
	m->rl_refused = (struct log_ratelimit)LOG_RATELIMIT_INIT(METRICS_LOG_INTERVAL_US,
								 METRICS_LOG_BURST);
	m->rl_timeout = m->rl_refused;
	memcpy(&m->addr, addr, addrlen);
	m->addrlen = addrlen;
	m->fd = socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (m->fd == -1 || setsockopt(m->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(m->fd, addr, addrlen) == -1 || listen(m->fd, METRICS_MAX_CONNS) == -1 ||
	    ev_fd_add(loop, m->fd, EV_READ, metrics_accept_cb, m) == -1) {
		log_warn("metrics_listen %s: cannot listen", where);
		if (m->fd != -1)
			close(m->fd);
		free(m);
		return NULL;
	}
	log_info("Metrics on http://%s" METRICS_PATH, where);
	return m;
}

void
metrics_http_close(struct metrics_http *m)
{
	if (m == NULL)
		return;
	conn_free_all(&m->conns);
	ev_fd_del(m->loop, m->fd);
	close(m->fd);
	free(m);
}

bool
metrics_http_listens_on(const struct metrics_http *m, const struct sockaddr *addr,
			socklen_t addrlen)
{
	return m != NULL && m->addrlen == addrlen && memcmp(&m->addr, addr, addrlen) == 0;
}
