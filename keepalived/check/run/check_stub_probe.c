/*
 * A stand-in for the probes of check_probe.h while their implementation
 * (check_probe.c, check_conf_probe.c: helper lvs-checks) is not merged: it
 * lets the checker run end to end. It reads TCP_CHECK, HTTP_GET, SSL_GET
 * (checked as a TCP connect only), MISC_CHECK (run with /bin/sh -c, exit 0
 * is up) and accepts the others as always up. The build drops this file
 * when check_probe.c arrives: the two define the same symbols.
 */
#include "config.h"

#include "keepalived/check/run/check_probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/spawn.h"

/* Configuration ------------------------------------------------------------ */

static void *
open_probe(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct check_probe_conf *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (strcmp(argv[0], "TCP_CHECK") == 0)
		c->kind = CHECK_TCP;
	else if (strcmp(argv[0], "HTTP_GET") == 0)
		c->kind = CHECK_HTTP;
	else if (strcmp(argv[0], "SSL_GET") == 0)
		c->kind = CHECK_SSL;
	else if (strcmp(argv[0], "MISC_CHECK") == 0)
		c->kind = CHECK_MISC;
	else
		c->kind = CHECK_FILE; /* not checked by the stand-in: always up */
	snprintf(c->file, sizeof(c->file), "%s", cfg_file(r));
	c->line = cfg_line(r);
	c->next = parent; /* the list, until the block closes */
	return c;
}

static int
close_probe(struct cfg_reader *r, void *obj)
{
	struct check_probe_conf *c = obj;
	struct check_probe_list *l = (struct check_probe_list *)c->next;

	c->next = NULL;
	if (c->kind == CHECK_MISC && c->u.misc.text == NULL) {
		cfg_warn(r, "MISC_CHECK has no misc_path, ignored");
		free(c);
		return 0;
	}
	if (l->tail == NULL)
		l->tail = &l->head;
	*l->tail = c;
	l->tail = &c->next;
	l->count++;
	return 0;
}

static int
kw_probe(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (argc < 2)
		return 0;
	if (strcmp(argv[0], "connect_port") == 0) {
		if (cfg_parse_uint(r, argv[0], argv[1], 1, 65535, &v) == -1)
			return -1;
		c->connect_port = (uint16_t)v;
	} else if (strcmp(argv[0], "connect_timeout") == 0) {
		if (cfg_parse_fixed(r, argv[0], argv[1], 6, 1, UINT32_MAX, &v) == -1)
			return -1;
		c->connect_timeout_us = v;
	} else if (strcmp(argv[0], "retry") == 0 || strcmp(argv[0], "nb_get_retry") == 0) {
		if (cfg_parse_uint(r, argv[0], argv[1], 0, UINT32_MAX, &v) == -1)
			return -1;
		c->retry = (unsigned)v;
		c->retry_given = true;
	} else if (strcmp(argv[0], "delay_before_retry") == 0) {
		if (cfg_parse_fixed(r, argv[0], argv[1], 6, 0, UINT64_MAX - 1, &v) == -1)
			return -1;
		c->delay_before_retry_us = v;
	} else if (strcmp(argv[0], "misc_path") == 0) {
		free(c->u.misc.text);
		c->u.misc.text = strdup(argv[1]);
	} else if (strcmp(argv[0], "misc_timeout") == 0) {
		if (cfg_parse_uint(r, argv[0], argv[1], 0, UINT32_MAX, &v) == -1)
			return -1;
		c->u.misc.timeout_us = v * 1000000;
	}
	return 0;
}

/* Every line inside a checker block: the known ones are read, others kept quiet. */
static int
item_probe(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return kw_probe(r, argc, argv, obj);
}

static void *
open_ignored(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	return parent;
}

static int
close_ignored(struct cfg_reader *r, void *obj)
{
	return 0;
}

static const struct cfg_keyword probe_sub[] = {
	{ "url", NULL, open_ignored, NULL, item_probe, close_ignored },
	{ "host", NULL, open_ignored, NULL, item_probe, close_ignored },
	CFG_KEYWORD_END,
};

#define PROBE(name) { name, NULL, open_probe, probe_sub, item_probe, close_probe }
const struct cfg_keyword check_conf_probe_keywords[] = {
	PROBE("BFD_CHECK"),  PROBE("DNS_CHECK"), PROBE("FILE_CHECK"), PROBE("HTTP_GET"),
	PROBE("MISC_CHECK"), PROBE("PING_CHECK"), PROBE("SMTP_CHECK"), PROBE("SSL_GET"),
	PROBE("TCP_CHECK"),  PROBE("UDP_CHECK"), CFG_KEYWORD_END,
};

static int
ssl_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return 0;
}

const struct cfg_keyword check_conf_ssl_keywords[] = {
	{ "ca", ssl_item, NULL, NULL, NULL, NULL },
	{ "certificate", ssl_item, NULL, NULL, NULL, NULL },
	{ "key", ssl_item, NULL, NULL, NULL, NULL },
	{ "password", ssl_item, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

void
check_probe_conf_free(struct check_probe_conf *c)
{
	if (c == NULL)
		return;
	if (c->kind == CHECK_MISC)
		free(c->u.misc.text);
	free(c);
}

void
check_probe_list_free(struct check_probe_list *l)
{
	struct check_probe_conf *c, *next;

	for (c = l->head; c != NULL; c = next) {
		next = c->next;
		check_probe_conf_free(c);
	}
	memset(l, 0, sizeof(*l));
}

const char *
check_probe_kind_name(enum check_probe_kind kind)
{
	static const char *const names[] = { "TCP_CHECK",  "HTTP_GET",   "SSL_GET",
					     "MISC_CHECK", "DNS_CHECK",  "SMTP_CHECK",
					     "UDP_CHECK",  "PING_CHECK", "FILE_CHECK",
					     "BFD_CHECK" };

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

int
check_probe_init(const struct check_ssl_conf *ssl)
{
	return 0;
}

void
check_probe_fini(void)
{
}

int
check_probe_prepare(struct check_probe_conf *c, struct vrrp_exec_defaults *d)
{
	return 0;
}

char *
check_probe_fmt_addr(char *buf, size_t size, const struct check_addr *a, uint16_t port, bool udp)
{
	char text[INET6_ADDRSTRLEN] = "?";

	inet_ntop(a->family, &a->u, text, sizeof(text));
	snprintf(buf, size, "[%s]:%s:%u", text, udp ? "udp" : "tcp", port);
	return buf;
}

/* Attempts ----------------------------------------------------------------- */

struct check_probe {
	struct ev_loop *loop;
	const struct check_probe_conf *c;
	check_probe_done done;
	void *arg;
	int fd;
	pid_t pid;
	struct ev_timer timer; /* the timeout, or the deferred outcome */
	struct check_outcome o;
	char where[96]; /* "[198.18.1.10]:tcp:80" */
};

static void
probe_finish(struct check_probe *p)
{
	struct check_outcome o = p->o;
	check_probe_done done = p->done;
	void *arg = p->arg;

	if (p->fd >= 0) {
		ev_fd_del(p->loop, p->fd);
		close(p->fd);
	}
	ev_timer_stop(p->loop, &p->timer);
	free(p);
	done(arg, &o);
}

static void
probe_timer(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_probe *p = arg;

	if (p->pid > 0) {
		kill(-p->pid, SIGKILL);
		return; /* the child watch finishes it */
	}
	if (p->fd >= 0)
		snprintf(p->o.reason, sizeof(p->o.reason), "TCP connection to %s timeout.",
			 p->where);
	probe_finish(p);
}

static void
probe_connected(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct check_probe *p = arg;
	int err = 0;
	socklen_t len = sizeof(err);
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	p->o.up = err == 0 && !(events & EV_ERROR);
	snprintf(p->o.reason, sizeof(p->o.reason), "TCP connection to %s %s.", p->where,
		 p->o.up ? "success" : "failed");
	probe_finish(p);
}

static void
probe_child(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg)
{
	struct check_probe *p = arg;

	p->pid = 0;
	if (p->done == NULL) { /* cancelled while running */
		free(p);
		return;
	}
	p->o.up = !timed_out && status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	snprintf(p->o.reason, sizeof(p->o.reason), "Misc check for [%s] %s.", p->c->u.misc.text,
		 timed_out ? "timed out" : p->o.up ? "succeeded" : "failed");
	probe_finish(p);
}

static int
probe_tcp(struct check_probe *p, const struct check_target *t)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	const struct check_addr *a = p->c->connect_ip.family ? &p->c->connect_ip : &t->addr;
	uint16_t port = p->c->connect_port ? p->c->connect_port : t->port;

	check_probe_fmt_addr(p->where, sizeof(p->where), a, port, false);
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = a->u.v4;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = a->u.v6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	}
	p->fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return -1;
	if (connect(p->fd, (struct sockaddr *)&ss, len) == -1 && errno != EINPROGRESS) {
		/* Refused at once: reported from the loop, never from here. */
		close(p->fd);
		p->fd = -1;
		snprintf(p->o.reason, sizeof(p->o.reason), "TCP connection to %s failed.", p->where);
		ev_timer_start_in(p->loop, &p->timer, 0);
		return 0;
	}
	return ev_fd_add(p->loop, p->fd, EV_WRITE, probe_connected, p);
}

static int
probe_misc(struct check_probe *p)
{
	char *argv[] = { "/bin/sh", "-c", p->c->u.misc.text, NULL };
	struct spawn_req req = { .path = "/bin/sh", .argv = argv, .new_pgrp = true,
				 .parent_death_term = true };
	uint64_t timeout = p->c->u.misc.timeout_us ? p->c->u.misc.timeout_us : 30000000;

	p->pid = spawn_exec(&req);
	if (p->pid < 0)
		return -1;
	return ev_child_watch(p->loop, p->pid, timeout, probe_child, p);
}

struct check_probe *
check_probe_start(struct ev_loop *loop, const struct check_probe_conf *c,
		  const struct check_target *t, check_probe_done done, void *arg)
{
	struct check_probe *p = calloc(1, sizeof(*p));
	uint64_t timeout = c->connect_timeout_us ? c->connect_timeout_us
			   : t->default_timeout_us ? t->default_timeout_us
						   : 5000000;
	int rc;

	if (p == NULL)
		return NULL;
	*p = (struct check_probe){ .loop = loop, .c = c, .done = done, .arg = arg, .fd = -1 };
	p->o.weight = -1;
	ev_timer_init(&p->timer, probe_timer, p);
	if (c->kind == CHECK_BFD) {
		free(p);
		errno = EINVAL;
		return NULL;
	}
	if (c->kind == CHECK_MISC) {
		rc = probe_misc(p);
	} else if (c->kind == CHECK_TCP || c->kind == CHECK_HTTP || c->kind == CHECK_SSL) {
		rc = probe_tcp(p, t);
		if (rc == 0 && p->fd >= 0)
			ev_timer_start_in(loop, &p->timer, timeout);
	} else {
		p->o.up = true;
		snprintf(p->o.reason, sizeof(p->o.reason), "%s not checked", check_probe_kind_name(c->kind));
		ev_timer_start_in(loop, &p->timer, 0);
		rc = 0;
	}
	if (rc == -1) {
		if (p->fd >= 0)
			close(p->fd);
		free(p);
		return NULL;
	}
	return p;
}

void
check_probe_cancel(struct check_probe *p)
{
	ev_timer_stop(p->loop, &p->timer);
	if (p->pid > 0) {
		/* The child watch cannot be removed: it frees p when the loop reaps. */
		kill(-p->pid, SIGKILL);
		p->done = NULL;
		return;
	}
	if (p->fd >= 0) {
		ev_fd_del(p->loop, p->fd);
		close(p->fd);
	}
	ev_timer_stop(p->loop, &p->timer);
	free(p);
}
