/*
 * A stream client served on the event loop: the part the control socket
 * and the metrics endpoint share. The owner embeds struct conn as the FIRST
 * member of its per-client structure (conn_free() frees that allocation),
 * keeps its clients in a struct conn_list, and decides itself what to read
 * and when to answer; this module accepts, links, writes and tears down.
 */
#ifndef CORE_CONN_H
#define CORE_CONN_H

#include <stdint.h>
#include <stddef.h>

#include "keepalived/vrrp/status/vrrp_status.h"
#include "lib/event.h"

struct conn_list;

struct conn {
	struct conn_list *list;
	int fd;
	struct vrrp_status_buf out; /* queued for the client, not yet written */
	size_t out_off;             /* how much of out is written */
	struct ev_timer timer;      /* idle or whole-connection deadline */
	struct conn *next;
};

struct conn_list {
	struct ev_loop *loop;
	struct conn *head;
	unsigned count;
};

/*
 * Accept one pending connection, non-blocking and close-on-exec.
 * Returns: the fd, or -1 when there is none to take now (unexpected errors
 * are logged with caller's name).
 */
int conn_accept(int lfd, const char *caller);

/*
 * Link the zeroed c (the first member of the caller's calloc'ed client) for
 * fd: watch fd for reading with cb(arg), arm c->timer to call timer_cb(arg)
 * after timeout_us. Returns: 0, or -1 if the loop cannot watch fd (nothing
 * linked; the caller frees c and closes fd).
 */
int conn_attach(struct conn_list *list, struct conn *c, int fd, ev_fd_cb cb, ev_timer_cb timer_cb,
		void *arg, uint64_t timeout_us);

/* Unlink c, stop its watch and timer, close its fd, free it and its buffer. */
void conn_free(struct conn *c);

/* conn_free() every client of list. */
void conn_free_all(struct conn_list *list);

/*
 * Write what is queued in c->out from c->out_off on.
 * Returns: 1 when all is written, 0 when the socket is full, -1 when the
 * client is gone.
 */
int conn_flush(struct conn *c);

#endif /* CORE_CONN_H */
