/*
 * Stream clients on the event loop (see conn.h): accepting, the list of
 * live clients with its count, writing a queued buffer without blocking,
 * and tearing a client down. What a client says is its owner's business.
 */
#include "config.h"

#include "conn.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/log.h"

int
conn_accept(int lfd, const char *caller)
{
	int fd;

	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	/* Nothing pending, or a client that left while queued: not worth a line. */
	if (fd == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
	    errno != ECONNABORTED)
		log_warn("%s: accept", caller);
	return fd;
}

int
conn_attach(struct conn_list *list, struct conn *c, int fd, ev_fd_cb cb, ev_timer_cb timer_cb,
	    void *arg, uint64_t timeout_us)
{
	if (ev_fd_add(list->loop, fd, EV_READ, cb, arg) == -1)
		return -1;
	c->list = list;
	c->fd = fd;
	vrrp_status_buf_init(&c->out);
	ev_timer_init(&c->timer, timer_cb, arg);
	ev_timer_start_in(list->loop, &c->timer, timeout_us);
	c->next = list->head;
	list->head = c;
	list->count++;
	return 0;
}

void
conn_free(struct conn *c)
{
	struct conn_list *list = c->list;
	struct conn **pp;

	for (pp = &list->head; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	list->count--;
	ev_timer_stop(list->loop, &c->timer);
	ev_fd_del(list->loop, c->fd);
	close(c->fd);
	vrrp_status_buf_free(&c->out);
	free(c);
}

void
conn_free_all(struct conn_list *list)
{
	while (list->head != NULL)
		conn_free(list->head);
}

int
conn_flush(struct conn *c)
{
	ssize_t n;

	while (c->out_off < c->out.len) {
		n = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		c->out_off += (size_t)n;
	}
	return 1;
}
