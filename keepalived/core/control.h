/*
 * The control socket: a Unix stream socket (default /run/keepalived/control,
 * --control-socket PATH) through which keepalivectl queries and steers the
 * daemon. Root only: the directory is created 0700 when missing, the socket
 * is 0600, and peers whose uid is neither 0 nor ours are refused. An
 * existing directory must belong to root or to the daemon's user and be
 * writable by its owner only, or the daemon does not listen there (a socket
 * in a directory others may write could be swapped for theirs). keepalivectl
 * checks the other side the same way: it talks only to a server whose uid
 * is 0 or its own.
 *
 * Protocol, line based: the client sends one command per line, and gets for
 * each a header line "OK LENGTH" or "ERR LENGTH", then LENGTH bytes of body
 * (text or JSON, or the error message). Commands:
 *
 *   status [--json]             the status table, or the JSON document
 *   stats [--json]              keepalived.stats text, or JSON counters
 *   metrics                     Prometheus text format
 *   reload                      as SIGHUP; ERR if the new configuration
 *                               is not running afterwards
 *   maintenance INSTANCE on|off a controlled FAULT, or back
 *   help                        the commands
 *
 * Each client is served from the event loop without blocking it: requests
 * longer than CONTROL_REQUEST_MAX, more than CONTROL_MAX_CLIENTS clients and
 * clients idle for CONTROL_IDLE_US are cut off; while a response is being
 * written, the next request is not read.
 */
#ifndef CORE_CONTROL_H
#define CORE_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#define CONTROL_DEFAULT_PATH "/run/keepalived/control"
#define CONTROL_REQUEST_MAX 512
#define CONTROL_MAX_CLIENTS 16
#define CONTROL_IDLE_US (30 * 1000000ULL)

struct ev_loop;
struct vrrp_status;
struct vrrp_status_buf;

/* What the daemon provides to the control socket and the metrics server. */
struct control_hooks {
	/* A snapshot of the daemon now (vrrp_status_build()). 0 or -1. */
	int (*status)(void *arg, struct vrrp_status *st);
	/* Maintenance of the instance called name: 0, or -1 if there is none. */
	int (*maintenance)(void *arg, const char *name, bool on);
	/* Reload as SIGHUP does: 0 if the new configuration runs, -1 if not. */
	int (*reload)(void *arg);
	void *arg;
};

struct control;

/*
 * Listen on path. A live daemon already answering there is left alone (and
 * this fails); a stale socket is replaced; any other kind of file is refused.
 * hooks is copied. Returns NULL on failure, logged.
 */
struct control *control_open(struct ev_loop *loop, const char *path,
			     const struct control_hooks *hooks);
/* Disconnect the clients, stop listening, remove the socket if it is still ours. */
void control_close(struct control *ctl);

/*
 * Carry out one command line (no newline), appending the body of the
 * response to out. Returns 0 for OK, -1 for ERR (out holds the message).
 */
int control_execute(const struct control_hooks *hooks, const char *line,
		    struct vrrp_status_buf *out);

#endif
