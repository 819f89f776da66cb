/*
 * Prometheus metrics over HTTP (global_defs metrics_listen ADDR:PORT): GET
 * or HEAD /metrics answers the text format, any other path 404, any other
 * method 405. One request per connection, HTTP/1.0 style (the response
 * says "Connection: close").
 *
 * Served from the event loop, so a slow or hostile client must never stall
 * it: sockets are non-blocking, a request may be at most
 * METRICS_REQUEST_MAX bytes and must be complete METRICS_HEADER_TIMEOUT_US
 * after accept, a connection may live at most METRICS_CONN_TIMEOUT_US from
 * accept to close, at most METRICS_MAX_CONNS are open at once and at most
 * METRICS_MAX_CONNS_PER_ADDR from one client address (more are accepted and
 * closed at once, with a rate-limited log line), and a wake-up accepts a
 * bounded number of connections.
 */
#ifndef CORE_METRICS_HTTP_H
#define CORE_METRICS_HTTP_H

#include <stdint.h>

#include <stdbool.h>
#include <sys/socket.h>

#define METRICS_REQUEST_MAX 2048
#define METRICS_MAX_CONNS 16
#define METRICS_MAX_CONNS_PER_ADDR 4
#define METRICS_HEADER_TIMEOUT_US (2 * 1000000ULL)
#define METRICS_CONN_TIMEOUT_US (5 * 1000000ULL)

struct ev_loop;
struct control_hooks;
struct metrics_http;

/* Listen on addr. hooks->status supplies the snapshot. NULL on failure, logged. */
struct metrics_http *metrics_http_open(struct ev_loop *loop, const struct sockaddr *addr,
				       socklen_t addrlen, const struct control_hooks *hooks);
void metrics_http_close(struct metrics_http *m);
/* Whether m listens on addr (to keep it across a reload). */
bool metrics_http_listens_on(const struct metrics_http *m, const struct sockaddr *addr,
			     socklen_t addrlen);

/*
 * The response to one complete request (its bytes up to the blank line),
 * appended to out: status line, headers and, unless HEAD, the body. For the
 * unit tests. Returns the HTTP status code.
 */
struct vrrp_status_buf;
/* The server's own counters, shown with the daemon's metrics. */
struct metrics_http_counters {
	uint64_t refused_full;     /* every connection slot taken */
	uint64_t refused_per_addr; /* the client's address held its share */
	uint64_t header_timeouts;  /* no complete request within the header deadline */
};
/* self: the server's counters (NULL: none shown). */
int metrics_http_respond(const struct control_hooks *hooks,
			 const struct metrics_http_counters *self, const char *req, size_t len,
			 struct vrrp_status_buf *out);

#endif
