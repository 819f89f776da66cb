/*
 * The probe interface (check_probe.h): starting and cancelling one attempt,
 * its hard timeout, how its result is reported, and the keepalived
 * sentences shared by every kind. The exchanges themselves are in
 * check_probe_stream.c, check_probe_dgram.c and check_probe_exec.c.
 */
#include "config.h"

#include "keepalived/check/run/check_probe_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"

#define PROBE_DEFAULT_TIMEOUT_US 5000000u /* keepalived's connect_timeout */

static SSL_CTX *probe_ssl_ctx;

/* Set-up -------------------------------------------------------------------------------------- */

int
check_probe_init(const struct check_ssl_conf *ssl)
{
	check_probe_fini();
	if (ssl == NULL)
		return 0; /* no SSL_GET: no context, libssl not loaded */
	if (!ssl->given) {
		probe_ssl_ctx = check_io_tls_ctx_new(NULL, NULL, NULL, NULL);
	} else {
		probe_ssl_ctx = check_io_tls_ctx_new(ssl->ca[0] ? ssl->ca : NULL,
						     ssl->certificate[0] ? ssl->certificate : NULL,
						     ssl->key[0] ? ssl->key : NULL,
						     ssl->password[0] ? ssl->password : NULL);
	}
	if (probe_ssl_ctx == NULL) {
		log_warnx("Error Initialize SSL, ctx Instance");
		return -1;
	}
	return 0;
}

void
check_probe_fini(void)
{
	if (probe_ssl_ctx != NULL)
		check_io_tls_ctx_free(probe_ssl_ctx);
	probe_ssl_ctx = NULL;
}

SSL_CTX *
probe_tls_ctx(void)
{
	return probe_ssl_ctx;
}

/* Addresses ----------------------------------------------------------------------------------- */

char *
check_probe_fmt_addr(char *buf, size_t size, const struct check_addr *a, uint16_t port, bool udp)
{
	char text[INET6_ADDRSTRLEN] = "?";

	if (a->family == AF_INET || a->family == AF_INET6)
		inet_ntop(a->family, &a->u, text, sizeof(text));
	snprintf(buf, size, "[%s]:%s:%u", text, udp ? "udp" : "tcp", (unsigned)port);
	return buf;
}

static socklen_t
sockaddr_fill(struct sockaddr_storage *ss, const struct check_addr *a, uint16_t port,
	      unsigned scope)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = a->u.v4;
		sin->sin_port = htons(port);
		return sizeof(*sin);
	}
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->u.v6;
		sin6->sin6_port = htons(port);
		if (IN6_IS_ADDR_LINKLOCAL(&a->u.v6))
			sin6->sin6_scope_id = scope;
		return sizeof(*sin6);
	}
	return 0;
}

int
probe_set_addresses(struct check_probe *p, bool udp_socket)
{
	const struct check_probe_conf *c = p->c;
	const struct check_addr *dst = c->connect_ip.family != 0 ? &c->connect_ip : &p->t->addr;
	uint16_t port = c->connect_port != 0 ? c->connect_port : p->t->port;
	unsigned scope = c->bind_if[0] != '\0' ? if_nametoindex(c->bind_if) : 0;
	const char *proto = p->t->protocol != NULL ? p->t->protocol : "tcp";
	char text[INET6_ADDRSTRLEN] = "?";

	(void)udp_socket;
	memset(&p->io, 0, sizeof(p->io));
	p->io.dst_len = sockaddr_fill(&p->io.dst, dst, port, scope);
	if (p->io.dst_len == 0) {
		errno = EINVAL;
		return -1;
	}
	if (c->bindto.family != 0 || c->bind_port != 0) {
		struct check_addr any = { .family = dst->family };

		/* keepalived drops a checker whose bindto family differs at load. */
		if (c->bindto.family != 0 && c->bindto.family != dst->family) {
			errno = EINVAL;
			return -1;
		}
		p->io.src_len = sockaddr_fill(&p->io.src, c->bindto.family != 0 ? &c->bindto : &any,
					      c->bind_port, scope);
	}
	snprintf(p->io.bind_if, sizeof(p->io.bind_if), "%s", c->bind_if);
	p->io.fwmark = c->fwmark;
	inet_ntop(dst->family, &dst->u, text, sizeof(text));
	snprintf(p->addr_text, sizeof(p->addr_text), "[%s]:%s:%u", text, proto, (unsigned)port);
	return 0;
}

/* Life of a probe ----------------------------------------------------------------------------- */

static void
probe_fd_event(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct check_probe *p = arg;

	(void)loop;
	(void)fd;
	p->on_io(p, events);
}

int
probe_watch(struct check_probe *p, unsigned events, probe_io_fn fn)
{
	p->on_io = fn;
	if (p->watched)
		return ev_fd_modify(p->loop, p->fd, events);
	if (ev_fd_add(p->loop, p->fd, events, probe_fd_event, p) == -1)
		return -1;
	p->watched = true;
	return 0;
}

static void
probe_deadline(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_probe *p = arg;

	(void)loop;
	(void)t;
	p->out.timed_out = true;
	switch (p->c->kind) {
	case CHECK_TCP:
	case CHECK_HTTP:
	case CHECK_SSL:
	case CHECK_SMTP:
		probe_stream_timeout(p);
		break;
	default:
		probe_dgram_timeout(p);
		break;
	}
}

void
probe_arm_deadline(struct check_probe *p)
{
	uint64_t us = p->c->connect_timeout_us;

	if (us == 0)
		us = p->t->default_timeout_us;
	if (us == 0)
		us = PROBE_DEFAULT_TIMEOUT_US;
	ev_timer_start_in(p->loop, &p->deadline, us);
}

void
probe_close_io(struct check_probe *p)
{
	if (p->ssl != NULL) {
		check_io_tls_free(p->ssl);
		p->ssl = NULL;
	}
	if (p->fd >= 0) {
		if (p->watched)
			ev_fd_del(p->loop, p->fd);
		close(p->fd);
	}
	p->fd = -1;
	p->watched = false;
}

/* Everything but the object itself. */
static void
probe_release(struct check_probe *p)
{
	probe_close_io(p);
	ev_timer_stop(p->loop, &p->deadline);
	ev_timer_stop(p->loop, &p->deliver);
}

/* The result goes out last, after p is gone: done may start the next probe. */
static void
probe_deliver_now(struct check_probe *p)
{
	struct check_outcome o = p->out;
	check_probe_done done = p->done;
	void *arg = p->arg;

	probe_release(p);
	free(p);
	done(arg, &o);
}

static void
probe_deliver(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	probe_deliver_now(arg);
}

void
probe_finish(struct check_probe *p, bool up, const char *fmt, ...)
{
	va_list ap;

	if (p->finished)
		return;
	p->finished = true;
	p->out.up = up;
	va_start(ap, fmt);
	vsnprintf(p->out.reason, sizeof(p->out.reason), fmt, ap);
	va_end(ap);
	probe_close_io(p);
	ev_timer_stop(p->loop, &p->deadline);
	if (p->starting)
		ev_timer_start_in(p->loop, &p->deliver, 0);
	else
		probe_deliver_now(p);
}

struct check_probe *
check_probe_start(struct ev_loop *loop, const struct check_probe_conf *c,
		  const struct check_target *t, check_probe_done done, void *arg)
{
	static int (*const starts[])(struct check_probe *) = {
		[CHECK_TCP] = probe_tcp_start,   [CHECK_HTTP] = probe_http_start,
		[CHECK_SSL] = probe_http_start,  [CHECK_MISC] = probe_misc_start,
		[CHECK_DNS] = probe_dns_start,   [CHECK_SMTP] = probe_smtp_start,
		[CHECK_UDP] = probe_udp_start,   [CHECK_PING] = probe_ping_start,
		[CHECK_FILE] = probe_file_start, [CHECK_BFD] = NULL,
	};
	struct check_probe *p;

	if (loop == NULL || c == NULL || t == NULL || done == NULL ||
	    (unsigned)c->kind >= sizeof(starts) / sizeof(starts[0]) || starts[c->kind] == NULL) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->loop = loop;
	p->c = c;
	p->t = t;
	p->done = done;
	p->arg = arg;
	p->fd = -1;
	p->out.weight = -1;
	ev_timer_init(&p->deadline, probe_deadline, p);
	ev_timer_init(&p->deliver, probe_deliver, p);
	p->starting = true;
	if (starts[c->kind](p) == -1) {
		int e = errno;

		if (c->kind == CHECK_MISC)
			probe_misc_cancel(p);
		probe_release(p);
		free(p);
		errno = e;
		return NULL;
	}
	p->starting = false;
	return p;
}

void
check_probe_cancel(struct check_probe *p)
{
	if (p == NULL)
		return;
	if (p->c->kind == CHECK_MISC)
		probe_misc_cancel(p);
	probe_release(p);
	free(p);
}

/* The transition lines ------------------------------------------------------------------------ */

char *
check_probe_fmt_down(char *buf, size_t size, const struct check_probe_conf *c,
		     const struct check_target *t, const struct check_outcome *o, unsigned nretries)
{
	struct check_probe tmp;
	char retries[40] = "";
	const char *what = NULL;

	memset(&tmp, 0, sizeof(tmp));
	tmp.c = c;
	tmp.t = t;
	if (probe_set_addresses(&tmp, false) == -1)
		snprintf(tmp.addr_text, sizeof(tmp.addr_text), "[?]");
	if (nretries > 0)
		snprintf(retries, sizeof(retries), " after %u retries", nretries);
	switch (c->kind) {
	case CHECK_TCP:
		what = "TCP_CHECK";
		break;
	case CHECK_HTTP:
	case CHECK_SSL:
		what = "HTTP_CHECK";
		break;
	case CHECK_UDP:
		what = "UDP_CHECK";
		break;
	case CHECK_PING:
		if (retries[0] != '\0')
			snprintf(buf, size, "ICMP CHECK on service %s of %s failed%s.",
				 tmp.addr_text, t->vs_text != NULL ? t->vs_text : "?", retries);
		else
			snprintf(buf, size, "ICMP CHECK on service %s failed.", tmp.addr_text);
		return buf;
	case CHECK_MISC:
		/* keepalived 2.2.7: "after 1 retry", "after 2 retries", for a timeout too. */
		if (c->retry > 0)
			snprintf(retries, sizeof(retries), " after %u %s", c->retry,
				 c->retry == 1 ? "retry" : "retries");
		else /* as Debian's keepalived 2.2.7 says it under UML */
			snprintf(retries, sizeof(retries), " with retry disabled");
		snprintf(buf, size, "Misc check for [%s VS %s] by [%s] %s%s%s.", tmp.addr_text,
			 t->vs_text != NULL ? t->vs_text : "?",
			 c->u.misc.shown_path != NULL ? c->u.misc.shown_path :
			 c->u.misc.cmd != NULL        ? c->u.misc.cmd->argv[0] :
							"?",
			 o->timed_out ? "timed out" : "failed", retries, o->detail);
		return buf;
	case CHECK_DNS: {
		/* The attempt's own sentence, less its final period, with the count. */
		size_t len = strlen(o->reason);

		snprintf(buf, size, "%.*s%s", (int)len, o->reason, retries);
		return buf;
	}
	default:
		snprintf(buf, size, "%s", o->reason);
		return buf;
	}
	if (retries[0] != '\0')
		snprintf(buf, size, "%s on service %s failed%s.", what, tmp.addr_text, retries);
	else
		snprintf(buf, size, "%s on service %s failed.", what, tmp.addr_text);
	return buf;
}

char *
check_probe_fmt_up(char *buf, size_t size, const struct check_probe_conf *c,
		   const struct check_target *t)
{
	struct check_probe tmp;

	memset(&tmp, 0, sizeof(tmp));
	tmp.c = c;
	tmp.t = t;
	if (probe_set_addresses(&tmp, false) == -1)
		snprintf(tmp.addr_text, sizeof(tmp.addr_text), "[?]");
	if (c->kind == CHECK_HTTP || c->kind == CHECK_SSL)
		snprintf(buf, size, "Remote Web server %s succeed on service.", tmp.addr_text);
	else if (c->kind == CHECK_SMTP)
		snprintf(buf, size, "Remote SMTP server %s succeed on service.", tmp.addr_text);
	else if (size > 0)
		buf[0] = '\0';
	return buf;
}
