/*
 * The control socket (see control.h for the protocol). Every client is a
 * small state machine on the event loop: read until a full line, carry it
 * out, write the framed response (watching for writability if the socket
 * buffer fills), then read the next line. Nothing here blocks.
 */
#include "config.h"

#include "control.h"
#include "conn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "keepalived/check/status/check_status_pub.h"
#include "keepalived/vrrp/status/vrrp_status.h"
#include "lib/event.h"
#include "lib/log.h"

#define CONTROL_ACCEPTS_PER_WAKE 16
#define CONTROL_MAX_ARGS 4

struct control_client {
	struct conn conn; /* first: conn_free() frees the client; out holds framed responses */
	struct control *ctl;
	char in[CONTROL_REQUEST_MAX];
	size_t in_len;
	bool closing; /* close once out is written */
};

struct control {
	struct ev_loop *loop;
	struct control_hooks hooks;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;
	dev_t dev; /* the socket file we made, to remove only that one */
	ino_t ino;
	struct conn_list clients;
};

/* Commands --------------------------------------------------------------------- */

static const char control_help[] =
	"status [--json]              instances: state, priorities, master, VIPs\n"
	"stats [--json]               counters, every receive-drop reason included\n"
	"metrics                      Prometheus text format\n"
	"reload                       re-read the configuration (as SIGHUP)\n"
	"maintenance INSTANCE on|off  hold INSTANCE in FAULT (priority-0 advert), or release it\n"
	"lvs [--json]                 virtual and real servers: health, weight, checks, last "
	"change\n"
	"help                         this list\n";

static int control_error(struct vrrp_status_buf *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An error message as the response body; returns -1 for the caller to return. */
static int
control_error(struct vrrp_status_buf *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrrp_status_buf_vprintf(out, fmt, ap);
	va_end(ap);
	return -1;
}

/* status, stats, metrics: a snapshot rendered one way. */
static int
control_render(const struct control_hooks *hooks, const char *cmd, bool json,
	       struct vrrp_status_buf *out)
{
	struct vrrp_status st;

	if (hooks->status == NULL || hooks->status(hooks->arg, &st) == -1)
		return control_error(out, "%s: cannot take a snapshot (out of memory)\n", cmd);
	if (strcmp(cmd, "status") == 0 && json)
		vrrp_status_json(&st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS, out);
	else if (strcmp(cmd, "status") == 0)
		vrrp_status_table(&st, out);
	else if (json)
		vrrp_status_json(&st, VRRP_STATUS_JSON_STATS, out);
	else if (strcmp(cmd, "stats") == 0)
		vrrp_status_stats(&st, out);
	else
		vrrp_status_prometheus(&st, out);
	vrrp_status_free(&st);
	if (strcmp(cmd, "metrics") == 0 && !json) {
		/* The checker's rows, as its process published them. */
		char *rows = check_status_published(CHECK_STATUS_PROM);

		if (rows != NULL)
			vrrp_status_buf_puts(out, rows);
		free(rows);
	}
	if (out->failed) {
		vrrp_status_buf_reset(out);
		return control_error(out, "%s: response too large or out of memory\n", cmd);
	}
	return 0;
}

/* lvs [--json]: what the checker process published (check_status_pub.h). */
static int
control_lvs(char **argv, int argc, struct vrrp_status_buf *out)
{
	bool json = argc == 2 && strcmp(argv[1], "--json") == 0;
	char *text;

	if (argc > 2 || (argc == 2 && !json))
		return control_error(out, "%s: unexpected argument\n", argv[0]);
	text = check_status_published(json ? CHECK_STATUS_JSON : CHECK_STATUS_TEXT);
	if (text == NULL)
		return control_error(out, "lvs: no health checker is running\n");
	vrrp_status_buf_puts(out, text);
	free(text);
	return 0;
}

static int
control_maintenance(const struct control_hooks *hooks, char **argv, int argc,
		    struct vrrp_status_buf *out)
{
	bool on;

	if (argc != 3)
		return control_error(out, "usage: maintenance INSTANCE on|off\n");
	if (strcmp(argv[2], "on") == 0)
		on = true;
	else if (strcmp(argv[2], "off") == 0)
		on = false;
	else
		return control_error(out, "maintenance: '%s' is neither on nor off\n", argv[2]);
	if (hooks->maintenance == NULL || hooks->maintenance(hooks->arg, argv[1], on) == -1)
		return control_error(out, "maintenance: no VRRP instance called '%s'\n", argv[1]);
	vrrp_status_buf_printf(out, "(%s) maintenance mode %s\n", argv[1], on ? "on" : "off");
	return 0;
}

int
control_execute(const struct control_hooks *hooks, const char *line, struct vrrp_status_buf *out)
{
	char copy[CONTROL_REQUEST_MAX], *argv[CONTROL_MAX_ARGS + 1], *save = NULL, *tok;
	int argc = 0;
	bool json;

	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(copy, " \t\r", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (argc == CONTROL_MAX_ARGS)
			return control_error(out, "%s: too many arguments\n", argv[0]);
		argv[argc++] = tok;
	}
	if (argc == 0)
		return control_error(out, "empty command; try help\n");

	if (strcmp(argv[0], "status") == 0 || strcmp(argv[0], "stats") == 0 ||
	    strcmp(argv[0], "metrics") == 0) {
		json = argc == 2 && strcmp(argv[1], "--json") == 0 &&
		       strcmp(argv[0], "metrics") != 0;
		if (argc > 2 || (argc == 2 && !json))
			return control_error(out, "%s: unexpected argument\n", argv[0]);
		return control_render(hooks, argv[0], json, out);
	}
	if (strcmp(argv[0], "reload") == 0) {
		if (argc != 1)
			return control_error(out, "%s: unexpected argument\n", argv[0]);
		if (hooks->reload == NULL || hooks->reload(hooks->arg) == -1)
			return control_error(out, "Reload failed - the running configuration is "
						  "kept; the log says why\n");
		vrrp_status_buf_puts(out, "Reload complete\n");
		return 0;
	}
	if (strcmp(argv[0], "maintenance") == 0)
		return control_maintenance(hooks, argv, argc, out);
	if (strcmp(argv[0], "lvs") == 0)
		return control_lvs(argv, argc, out);
	if (strcmp(argv[0], "help") == 0) {
		vrrp_status_buf_puts(out, control_help);
		return 0;
	}
	return control_error(out, "unknown command '%s'; try help\n", argv[0]);
}

/* Clients ------------------------------------------------------------------------ */

static void control_client_cb(struct ev_loop *loop, int fd, unsigned events, void *arg);

static void
control_idle_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct control_client *cl = arg;

	conn_free(&cl->conn);
}

/* Frame and queue one response. */
static void
control_respond(struct control_client *cl, const char *line)
{
	struct vrrp_status_buf body;
	int rc;

	vrrp_status_buf_init(&body);
	rc = control_execute(&cl->ctl->hooks, line, &body);
	if (body.failed) {
		vrrp_status_buf_reset(&body);
		vrrp_status_buf_puts(&body, "out of memory\n");
		rc = -1;
	}
	vrrp_status_buf_printf(&cl->conn.out, "%s %zu\n", rc == 0 ? "OK" : "ERR", body.len);
	vrrp_status_buf_add(&cl->conn.out, body.data != NULL ? body.data : "", body.len);
	vrrp_status_buf_free(&body);
	if (cl->conn.out.failed)
		cl->closing = true;
}

/* Carry out the complete lines buffered, one at a time. */
static void
control_process(struct control_client *cl)
{
	char *nl;
	size_t used;

	while (cl->conn.out.len == 0 && !cl->closing &&
	       (nl = memchr(cl->in, '\n', cl->in_len)) != NULL) {
		*nl = '\0';
		used = (size_t)(nl - cl->in) + 1;
		control_respond(cl, cl->in);
		memmove(cl->in, cl->in + used, cl->in_len - used);
		cl->in_len -= used;
	}
	if (cl->conn.out.len == 0 && cl->in_len == sizeof(cl->in)) {
		vrrp_status_buf_printf(&cl->conn.out, "ERR %zu\n%s",
				       sizeof("request too long\n") - 1, "request too long\n");
		cl->closing = true;
	}
}

/* Write what is queued. Returns -1 when the client is gone. */
static int
control_flush(struct control_client *cl)
{
	int rc = conn_flush(&cl->conn);

	if (rc != 1)
		return rc;
	vrrp_status_buf_reset(&cl->conn.out);
	cl->conn.out_off = 0;
	/* Keep memory low between requests: a big response is freed. */
	if (cl->conn.out.cap > 65536)
		vrrp_status_buf_free(&cl->conn.out);
	return 0;
}

/* Read what has arrived. Returns -1 on error, 1 on end of file, else 0. */
static int
control_read(struct control_client *cl)
{
	ssize_t n;

	while (cl->in_len < sizeof(cl->in)) {
		n = recv(cl->conn.fd, cl->in + cl->in_len, sizeof(cl->in) - cl->in_len,
			 MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		if (n == 0)
			return 1;
		cl->in_len += (size_t)n;
	}
	return 0;
}

static void
control_client_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct control_client *cl = arg;
	int rd = 0;

	if (cl->conn.out.len == 0 && (events & (EV_READ | EV_ERROR))) {
		rd = control_read(cl);
		if (rd == -1) {
			conn_free(&cl->conn);
			return;
		}
	}
	for (;;) {
		control_process(cl);
		if (control_flush(cl) == -1) {
			conn_free(&cl->conn);
			return;
		}
		/* Written in full: more buffered lines may be served now. */
		if (cl->conn.out.len != 0 || cl->closing ||
		    memchr(cl->in, '\n', cl->in_len) == NULL)
			break;
	}
	if (cl->conn.out.len == 0 && (cl->closing || rd == 1)) {
		conn_free(&cl->conn);
		return;
	}
	/* Read the next request only once this response is out. */
	ev_fd_modify(loop, cl->conn.fd, cl->conn.out.len != 0 ? EV_WRITE : EV_READ);
	ev_timer_start_in(loop, &cl->conn.timer, CONTROL_IDLE_US);
}

/* Root, or our own uid: the socket's mode says so too, this is the second lock. */
static bool
control_peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return false;
	return cred.uid == 0 || cred.uid == geteuid();
}

static void
control_refuse(int fd, const char *why)
{
	char msg[96];
	int n = snprintf(msg, sizeof(msg), "ERR %zu\n%s\n", strlen(why) + 1, why);

	/* Best effort: never wait for a client we are turning away. */
	if (n > 0 && send(fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		errno = 0;
	close(fd);
}

static void
control_accept_cb(struct ev_loop *loop, int lfd, unsigned events, void *arg)
{
	struct control *ctl = arg;
	struct control_client *cl;
	int fd, i;

	for (i = 0; i < CONTROL_ACCEPTS_PER_WAKE; i++) {
		fd = conn_accept(lfd, __func__);
		if (fd == -1)
			return;
		if (!control_peer_allowed(fd)) {
			control_refuse(fd, "permission denied");
			continue;
		}
		if (ctl->clients.count >= CONTROL_MAX_CLIENTS) {
			control_refuse(fd, "too many clients; try again");
			continue;
		}
		cl = calloc(1, sizeof(*cl));
		if (cl == NULL || conn_attach(&ctl->clients, &cl->conn, fd, control_client_cb,
					      control_idle_cb, cl, CONTROL_IDLE_US) == -1) {
			free(cl);
			close(fd);
			continue;
		}
		cl->ctl = ctl;
	}
}

/* The socket ---------------------------------------------------------------------- */

/*
 * The socket's directory must be as trustworthy as the socket: whoever may
 * write it may replace our socket with theirs after we bind, and talk to
 * every keepalivectl in our name. So its owner is root or us, and neither
 * its group nor others may write it (a shared 1777 directory such as /tmp
 * included). 0, or -1 with the reason logged.
 */
static int
control_dir_check(const char *dir, const struct stat *st)
{
	if (!S_ISDIR(st->st_mode)) {
		log_warnx("control socket: %s is not a directory", dir);
		return -1;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		log_warnx("control socket: refusing directory %s: owned by uid %u, which is "
			  "neither root nor the daemon's user",
			  dir, (unsigned)st->st_uid);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		log_warnx("control socket: refusing directory %s: mode %04o lets %s write it "
			  "(it must be writable by its owner only)",
			  dir, (unsigned)(st->st_mode & 07777),
			  st->st_mode & S_IWOTH ? "others" : "its group");
		return -1;
	}
	return 0;
}

/* The directory of path, created 0700 if missing; an existing one must pass
 * control_dir_check(). */
static int
control_mkdir(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST) {
		log_warn("control socket: cannot create %s", dir);
		return -1;
	}
	if (lstat(dir, &st) == -1) {
		log_warn("control socket: %s", dir);
		return -1;
	}
	return control_dir_check(dir, &st);
}

/*
 * What is at path already: nothing or a stale socket (0, removed), a live
 * daemon's socket or another kind of file (-1, left alone).
 */
static int
control_clear_path(const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(sun->sun_path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		log_warnx("control socket: %s exists and is not a socket; not replacing it",
			  sun->sun_path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (rc == 0) {
		log_warnx("control socket: %s is in use by another daemon; not listening",
			  sun->sun_path);
		return -1;
	}
	if (unlink(sun->sun_path) == -1 && errno != ENOENT) {
		log_warn("control socket: cannot remove the stale %s", sun->sun_path);
		return -1;
	}
	return 0;
}

static int
control_listen(struct control *ctl)
{
	struct sockaddr_un sun;
	struct stat st;
	mode_t old_umask;
	int rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl->path);
	if (control_mkdir(ctl->path) == -1 || control_clear_path(&sun) == -1)
		return -1;
	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->fd == -1) {
		log_warn("control socket: socket");
		return -1;
	}
	/* The socket is born 0600: no window in which others may connect. */
	old_umask = umask(0177);
	rc = bind(ctl->fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old_umask);
	if (rc == -1) {
		log_warn("control socket: cannot bind %s", ctl->path);
		return -1;
	}
	if (lstat(ctl->path, &st) == -1 || listen(ctl->fd, CONTROL_MAX_CLIENTS) == -1) {
		log_warn("control socket: %s", ctl->path);
		unlink(ctl->path);
		return -1;
	}
	ctl->dev = st.st_dev;
	ctl->ino = st.st_ino;
	return 0;
}

struct control *
control_open(struct ev_loop *loop, const char *path, const struct control_hooks *hooks)
{
	struct control *ctl;

	if (path == NULL || path[0] == '\0')
		path = CONTROL_DEFAULT_PATH;
	ctl = calloc(1, sizeof(*ctl));
	if (ctl == NULL)
		return NULL;
	ctl->loop = loop;
	ctl->clients.loop = loop;
	ctl->hooks = *hooks;
	ctl->fd = -1;
	if (strlen(path) >= sizeof(ctl->path)) {
		log_warnx("control socket: %s: path too long", path);
		free(ctl);
		return NULL;
	}
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	if (control_listen(ctl) == -1)
		goto fail;
	if (ev_fd_add(loop, ctl->fd, EV_READ, control_accept_cb, ctl) == -1) {
		log_warn("control socket: event loop");
		unlink(ctl->path);
		goto fail;
	}
	log_info("Control socket %s", ctl->path);
	return ctl;
fail:
	if (ctl->fd != -1)
		close(ctl->fd);
	free(ctl);
	return NULL;
}

void
control_close(struct control *ctl)
{
	struct stat st;

	if (ctl == NULL)
		return;
	conn_free_all(&ctl->clients);
	ev_fd_del(ctl->loop, ctl->fd);
	close(ctl->fd);
	/* Another daemon may have taken the path since: remove only ours. */
	if (lstat(ctl->path, &st) == 0 && st.st_dev == ctl->dev && st.st_ino == ctl->ino)
		unlink(ctl->path);
	free(ctl);
}
