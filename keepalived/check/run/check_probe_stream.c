/*
 * The probes over a TCP connection: TCP_CHECK (connect), HTTP_GET and
 * SSL_GET (GET each url on its own connection, check status and digest),
 * SMTP_CHECK (banner 220, HELO 250, QUIT). Each step waits on the event
 * loop; the hard timeout covers one connection from connect to the end.
 * The sentences are keepalived 2.2.7's (see check_probe.h).
 */
#include "config.h"

#include "keepalived/check/run/check_probe_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum stream_step {
	STEP_CONNECT = 0,
	STEP_TLS_HANDSHAKE,
	STEP_SEND,
	STEP_RECV,
	/* SMTP: which reply is awaited */
	STEP_SMTP_BANNER,
	STEP_SMTP_HELO,
	STEP_SMTP_QUIT,
};

static void stream_connected(struct check_probe *p);

/* Connecting ----------------------------------------------------------------------------------- */

/*
 * A connection that could not be made. Debian's keepalived 2.2.7 says
 * "Connection failed" (HTTP) and "Could not connect" (SMTP) for a refused
 * one as for an unreachable one; its "Error connecting" wording never shows
 * for these, so it is not used.
 */
static void
stream_connect_failed(struct check_probe *p)
{
	switch (p->c->kind) {
	case CHECK_TCP:
		probe_finish(p, false, "TCP connection to %s failed.", p->addr_text);
		return;
	case CHECK_SMTP:
		probe_finish(p, false, "SMTP_CHECK Could not connect to server %s", p->u.smtp.addr);
		return;
	default:
		probe_finish(p, false, "Connection failed server %s.", p->addr_text);
		return;
	}
}

void
probe_stream_timeout(struct check_probe *p)
{
	const char *msg;

	switch (p->c->kind) {
	case CHECK_TCP:
		probe_finish(p, false, "TCP connection to %s timeout.", p->addr_text);
		return;
	case CHECK_SMTP:
		if (p->step == STEP_CONNECT)
			probe_finish(p, false, "SMTP_CHECK Connection timeout to server %s",
				     p->u.smtp.addr);
		else if (p->step == STEP_SEND)
			probe_finish(p, false, "SMTP_CHECK Write timeout to server %s",
				     p->u.smtp.addr);
		else
			probe_finish(p, false, "SMTP_CHECK Read timeout from server %s",
				     p->u.smtp.addr);
		return;
	default:
		if (p->step == STEP_CONNECT || p->step == STEP_TLS_HANDSHAKE)
			msg = "Timeout connecting";
		else if (p->step == STEP_SEND)
			msg = "Timeout WEB write";
		else
			/* keepalived: waiting for the response, then reading its rest. */
			msg = p->u.http.resp.rx_len == 0 ? "Timeout WEB read" :
			      p->ssl != NULL             ? "Timeout SSL read" :
							   "Timeout HTTP read";
		probe_finish(p, false, "%s server %s.", msg, p->addr_text);
		return;
	}
}

static void
stream_on_connect(struct check_probe *p, unsigned events)
{
	(void)events;
	if (check_io_connect_result(p->fd) != 0) {
		stream_connect_failed(p);
		return;
	}
	stream_connected(p);
}

/* Open the connection of this attempt (HTTP: of the current url). */
static void
stream_open(struct check_probe *p)
{
	const char *stage;
	bool in_progress;

	p->step = STEP_CONNECT;
	probe_arm_deadline(p);
	p->fd = check_io_connect(&p->io, SOCK_STREAM, IPPROTO_TCP, &in_progress, &stage);
	if (p->fd == -1) {
		log_debug("%s %s: %s: %s", check_probe_kind_name(p->c->kind), p->addr_text, stage,
			  strerror(errno));
		stream_connect_failed(p);
		return;
	}
	if (!in_progress) {
		stream_connected(p);
		return;
	}
	if (probe_watch(p, EV_WRITE, stream_on_connect) == -1)
		stream_connect_failed(p);
}

/* Sending and receiving, plain or TLS ---------------------------------------------------------- */

static void stream_on_send(struct check_probe *p, unsigned events);
static void stream_on_recv(struct check_probe *p, unsigned events);
static void stream_sent(struct check_probe *p);
static void stream_received(struct check_probe *p, const char *data, size_t len, bool eof);
static void stream_io_failed(struct check_probe *p, bool sending);

static void
stream_send(struct check_probe *p, const char *buf, size_t len)
{
	p->send_buf = buf;
	p->send_len = len;
	p->send_off = 0;
	p->step = p->step >= STEP_SMTP_BANNER ? p->step : STEP_SEND;
	stream_on_send(p, EV_WRITE);
}

static void
stream_on_send(struct check_probe *p, unsigned events)
{
	(void)events;
	while (p->send_off < p->send_len) {
		size_t n = 0;

		if (p->ssl != NULL) {
			enum check_io_tls r = check_io_tls_write(p->ssl, p->send_buf + p->send_off,
								 p->send_len - p->send_off, &n);

			if (r == CHECK_IO_TLS_WANT_READ || r == CHECK_IO_TLS_WANT_WRITE) {
				if (probe_watch(p, r == CHECK_IO_TLS_WANT_READ ? EV_READ : EV_WRITE,
						stream_on_send) == -1)
					stream_io_failed(p, true);
				return;
			}
			if (r != CHECK_IO_TLS_OK) {
				stream_io_failed(p, true);
				return;
			}
		} else {
			ssize_t w = send(p->fd, p->send_buf + p->send_off,
					 p->send_len - p->send_off, MSG_NOSIGNAL);

			if (w == -1 && (errno == EAGAIN || errno == EINTR)) {
				if (probe_watch(p, EV_WRITE, stream_on_send) == -1)
					stream_io_failed(p, true);
				return;
			}
			if (w <= 0) {
				stream_io_failed(p, true);
				return;
			}
			n = (size_t)w;
		}
		p->send_off += n;
	}
	stream_sent(p);
}

/* Wait for the reply: stream_received() gets every piece. */
static void
stream_recv(struct check_probe *p)
{
	if (p->step < STEP_SMTP_BANNER)
		p->step = STEP_RECV;
	if (probe_watch(p, EV_READ, stream_on_recv) == -1)
		stream_io_failed(p, false);
}

static void
stream_on_recv(struct check_probe *p, unsigned events)
{
	/* A whole TLS record (16 KiB at most): none is left inside OpenSSL
	 * where the level-triggered fd watch would not see it. */
	char buf[16384];
	size_t n = 0;
	bool eof = false;

	(void)events;
	/* One read per wake-up: a fast peer cannot hold the loop. */
	if (p->ssl != NULL) {
		enum check_io_tls r = check_io_tls_read(p->ssl, buf, sizeof(buf), &n);

		if (r == CHECK_IO_TLS_WANT_READ || r == CHECK_IO_TLS_WANT_WRITE) {
			if (probe_watch(p, r == CHECK_IO_TLS_WANT_READ ? EV_READ : EV_WRITE,
					stream_on_recv) == -1)
				stream_io_failed(p, false);
			return;
		}
		if (r == CHECK_IO_TLS_EOF) {
			eof = true;
		} else if (r != CHECK_IO_TLS_OK) {
			/* Servers commonly close without close_notify: that ends the body. */
			if (p->c->kind != CHECK_SSL || p->u.http.resp.rx_len == 0) {
				stream_io_failed(p, false);
				return;
			}
			eof = true;
		}
	} else {
		ssize_t r = recv(p->fd, buf, sizeof(buf), 0);

		if (r == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r == -1) {
			stream_io_failed(p, false);
			return;
		}
		eof = r == 0;
		n = (size_t)r;
	}
	stream_received(p, buf, n, eof);
}

/* TLS handshake (SSL_GET), after connecting. */
static void
stream_on_handshake(struct check_probe *p, unsigned events)
{
	enum check_io_tls r = check_io_tls_handshake(p->ssl);

	(void)events;
	if (r == CHECK_IO_TLS_WANT_READ || r == CHECK_IO_TLS_WANT_WRITE) {
		if (probe_watch(p, r == CHECK_IO_TLS_WANT_READ ? EV_READ : EV_WRITE,
				stream_on_handshake) == -1)
			stream_io_failed(p, true);
		return;
	}
	if (r != CHECK_IO_TLS_OK) {
		probe_finish(p, false, "SSL handshake/communication error connecting to server %s.",
			     p->addr_text);
		return;
	}
	p->step = STEP_SEND;
	stream_send(p, p->u.http.req, strlen(p->u.http.req));
}

/* HTTP_GET and SSL_GET ------------------------------------------------------------------------- */

static const struct check_http_url *
http_url(const struct check_probe *p)
{
	return &p->c->u.http.urls[p->url];
}

/* The Host header: the url's virtualhost, the checker's, the server's, or the address. */
static const char *
http_host(const struct check_probe *p, char *buf, size_t size)
{
	const struct check_http_url *u = http_url(p);
	const struct sockaddr_storage *ss = &p->io.dst;
	char text[INET6_ADDRSTRLEN] = "?";

	if (u->virtualhost[0] != '\0')
		return u->virtualhost;
	if (p->c->u.http.virtualhost[0] != '\0')
		return p->c->u.http.virtualhost;
	if (p->t->virtualhost != NULL && p->t->virtualhost[0] != '\0')
		return p->t->virtualhost;
	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, text,
			  sizeof(text));
		snprintf(buf, size, "[%s]", text);
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, text, sizeof(text));
		snprintf(buf, size, "%s", text);
	}
	return buf;
}

static uint16_t
dst_port(const struct check_probe *p)
{
	const struct sockaddr_storage *ss = &p->io.dst;

	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/* Start the current url: build its request, connect. */
static void
http_url_begin(struct check_probe *p)
{
	const struct check_http_conf *h = &p->c->u.http;
	char host_buf[INET6_ADDRSTRLEN + 3];
	const char *host = http_host(p, host_buf, sizeof(host_buf));

	if (check_http_request(p->u.http.req, sizeof(p->u.http.req), http_url(p)->path, host,
			       dst_port(p), p->c->kind == CHECK_SSL,
			       h->protocol == CHECK_HTTP_1_1 ? 1 : 0,
			       h->protocol != CHECK_HTTP_1_0) == -1) {
		probe_finish(p, false, "Cannot send get request to server %s.", p->addr_text);
		return;
	}
	check_http_resp_init(&p->u.http.resp, http_url(p)->have_digest);
	stream_open(p);
}

int
probe_http_start(struct check_probe *p)
{
	if (p->c->u.http.n_urls == 0 || probe_set_addresses(p, false) == -1) {
		errno = EINVAL;
		return -1;
	}
	if (p->c->kind == CHECK_SSL && probe_tls_ctx() == NULL) {
		probe_finish(p, false, "SSL handshake/communication error connecting to server %s.",
			     p->addr_text);
		return 0;
	}
	p->url = p->t->http_one_url != 0 && p->t->http_one_url <= p->c->u.http.n_urls ?
			 p->t->http_one_url - 1 :
			 0;
	http_url_begin(p);
	return 0;
}

/* The response of the current url is complete (or the peer closed). */
static void
http_judge(struct check_probe *p)
{
	struct check_http_resp *r = &p->u.http.resp;
	const struct check_http_url *u = http_url(p);
	const char *what = "HTTP status code";
	uint8_t digest[MD5_LEN];

	if (r->state == CHECK_HTTP_BAD && r->rx_len == 0) {
		probe_finish(p, false, "Read, no data received from  server %s.", p->addr_text);
		return;
	}
	if (r->state != CHECK_HTTP_DONE ||
	    !check_http_status_match((const uint16_t(*)[2])u->status.r, u->status.n, r->status)) {
		probe_finish(p, false, "HTTP status code error to server %s.", p->addr_text);
		return;
	}
	if (u->have_digest) {
		check_http_resp_digest(r, digest);
		if (memcmp(digest, u->digest, sizeof(digest)) != 0) {
			probe_finish(p, false, "MD5 digest error to server %s.", p->addr_text);
			return;
		}
		what = "MD5 digest";
	}
	if (p->t->http_one_url == 0 && p->url + 1 < p->c->u.http.n_urls) {
		probe_close_io(p);
		p->url++;
		http_url_begin(p);
		return;
	}
	probe_finish(p, true, "%s success to %s url(%s)", what, p->addr_text, u->path);
}

static void
http_received(struct check_probe *p, const char *data, size_t len, bool eof)
{
	struct check_http_resp *r = &p->u.http.resp;

	if (len > 0)
		check_http_resp_feed(r, data, len);
	if (eof)
		check_http_resp_eof(r);
	if (r->state == CHECK_HTTP_DONE || r->state == CHECK_HTTP_BAD) {
		http_judge(p);
		return;
	}
	stream_recv(p);
}

/* SMTP_CHECK ----------------------------------------------------------------------------------- */

int
probe_smtp_start(struct check_probe *p)
{
	char text[INET6_ADDRSTRLEN] = "?";
	const struct sockaddr_storage *ss = &p->io.dst;

	if (probe_set_addresses(p, false) == -1)
		return -1;
	/* keepalived names the server "[addr]:port" in SMTP_CHECK's failures. */
	if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, text,
			  sizeof(text));
	else
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, text, sizeof(text));
	snprintf(p->u.smtp.addr, sizeof(p->u.smtp.addr), "[%s]:%u", text, (unsigned)dst_port(p));
	stream_open(p);
	return 0;
}

static void
smtp_expect(struct check_probe *p, unsigned step)
{
	p->step = step;
	check_smtp_line_reset(&p->u.smtp.line);
	stream_recv(p);
}

static void
smtp_received(struct check_probe *p, const char *data, size_t len, bool eof)
{
	struct check_smtp_line *l = &p->u.smtp.line;
	const char *helo;
	int n;

	check_smtp_line_feed(l, data, len);
	if (!l->complete) {
		if (eof) {
			probe_finish(p, false, "SMTP_CHECK Read failure from server %s",
				     p->u.smtp.addr);
			return;
		}
		stream_recv(p);
		return;
	}
	switch (p->step) {
	case STEP_SMTP_BANNER:
		if (check_smtp_reply_code(l->buf) != 220) {
			probe_finish(p, false, "SMTP_CHECK Bad greeting banner from server %s",
				     p->u.smtp.addr);
			return;
		}
		helo = p->c->u.smtp.helo_name[0] != '\0' ? p->c->u.smtp.helo_name :
							   "smtpchecker.keepalived.org";
		n = snprintf(p->u.smtp.cmd, sizeof(p->u.smtp.cmd), "HELO %s\r\n", helo);
		p->step = STEP_SMTP_HELO;
		stream_send(p, p->u.smtp.cmd, (size_t)n < sizeof(p->u.smtp.cmd) ? (size_t)n : 0);
		return;
	case STEP_SMTP_HELO:
		if (check_smtp_reply_code(l->buf) != 250) {
			probe_finish(p, false, "SMTP_CHECK Bad HELO response from server %s",
				     p->u.smtp.addr);
			return;
		}
		p->step = STEP_SMTP_QUIT;
		stream_send(p, "QUIT\r\n", 6);
		return;
	default:
		probe_finish(p, true, "Remote SMTP server %s succeed on service.", p->addr_text);
		return;
	}
}

/* Dispatch ------------------------------------------------------------------------------------- */

int
probe_tcp_start(struct check_probe *p)
{
	if (probe_set_addresses(p, false) == -1)
		return -1;
	stream_open(p);
	return 0;
}

static void
stream_connected(struct check_probe *p)
{
	switch (p->c->kind) {
	case CHECK_TCP:
		probe_finish(p, true, "TCP connection to %s success.", p->addr_text);
		return;
	case CHECK_SMTP:
		smtp_expect(p, STEP_SMTP_BANNER);
		return;
	case CHECK_SSL: {
		const char *sni = NULL;
		char host_buf[INET6_ADDRSTRLEN + 3];

		if (p->c->u.http.enable_sni)
			sni = http_host(p, host_buf, sizeof(host_buf));
		/* An address is no server name (RFC 6066 section 3). */
		if (sni == host_buf)
			sni = NULL;
		p->ssl = check_io_tls_new(probe_tls_ctx(), p->fd, sni);
		if (p->ssl == NULL) {
			probe_finish(p, false,
				     "SSL handshake/communication error connecting to server %s.",
				     p->addr_text);
			return;
		}
		p->step = STEP_TLS_HANDSHAKE;
		stream_on_handshake(p, EV_WRITE);
		return;
	}
	default:
		p->step = STEP_SEND;
		stream_send(p, p->u.http.req, strlen(p->u.http.req));
		return;
	}
}

static void
stream_sent(struct check_probe *p)
{
	switch (p->step) {
	case STEP_SMTP_HELO:
	case STEP_SMTP_QUIT:
		smtp_expect(p, p->step);
		return;
	default:
		stream_recv(p);
		return;
	}
}

static void
stream_received(struct check_probe *p, const char *data, size_t len, bool eof)
{
	if (p->c->kind == CHECK_SMTP)
		smtp_received(p, data, len, eof);
	else
		http_received(p, data, len, eof);
}

static void
stream_io_failed(struct check_probe *p, bool sending)
{
	if (p->c->kind == CHECK_SMTP) {
		if (sending)
			probe_finish(p, false, "SMTP_CHECK Write failure to server %s",
				     p->u.smtp.addr);
		else
			probe_finish(p, false, "SMTP_CHECK Read failure from server %s",
				     p->u.smtp.addr);
		return;
	}
	if (p->ssl != NULL) {
		if (p->step == STEP_TLS_HANDSHAKE || sending)
			probe_finish(p, false,
				     "SSL handshake/communication error connecting to server %s.",
				     p->addr_text);
		else
			probe_finish(p, false, "SSL read error from server %s.", p->addr_text);
		return;
	}
	if (sending)
		probe_finish(p, false, "Cannot send get request to server %s.", p->addr_text);
	else
		probe_finish(p, false, "Read error with server %s.", p->addr_text);
}
