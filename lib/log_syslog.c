/*
 * Non-blocking syslog (log_syslog.h). One connected AF_UNIX datagram
 * socket, non-blocking; the queue holds whole datagrams (a 2-byte length,
 * then the bytes), in the order they were logged, each stamped when it was
 * logged, not when it went out.
 */
#include "log_syslog.h"
#include "event.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define LOG_SYSLOG_PATH "/dev/log"
#define LOG_SYSLOG_DGRAM_MAX 1400 /* header + a line of log.c (1024 at most) */
#define LOG_SYSLOG_EXIT_WAIT_MS 1000

struct log_syslog {
	bool on;
	bool watching; /* loop watches fd for EV_WRITE */
	int fd;        /* -1: not connected */
	struct ev_loop *loop;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct log_syslog_stats st;
	uint64_t dropped_unreported;
	size_t q_head, q_used; /* bytes of q in use, from q_head */
	unsigned char q[LOG_SYSLOG_QUEUE_BYTES];
};

static struct log_syslog ls = { .fd = -1 };
/* Of the last line: for the line that reports lost ones. */
static const char *ls_ident = "";
static int ls_facility = LOG_DAEMON;
static bool ls_atexit_set;

static void ls_flush_now(void);

static void
ls_unwatch(void)
{
	if (ls.watching && ls.loop != NULL)
		(void)ev_fd_del(ls.loop, ls.fd);
	ls.watching = false;
}

static void
ls_close(void)
{
	ls_unwatch();
	if (ls.fd != -1)
		close(ls.fd);
	ls.fd = -1;
}

static int
ls_connect(void)
{
	struct sockaddr_un sun;

	if (ls.fd != -1)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, ls.path, sizeof(sun.sun_path));
	ls.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ls.fd == -1)
		return -1;
	if (connect(ls.fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(ls.fd);
		ls.fd = -1;
		return -1;
	}
	return 0;
}

/*
 * 1: sent; 0: the syslog daemon's queue is full; -1: lost (no syslog
 * socket, or it refused the datagram). A socket whose reader went away
 * (the syslog daemon restarted) is reconnected once, as glibc does.
 */
static int
ls_send(const void *buf, size_t len)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		if (ls_connect() == -1)
			return -1;
		if (send(ls.fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len) {
			ls.st.sent++;
			return 1;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			return 0;
		if (errno != ECONNREFUSED && errno != ENOTCONN && errno != ECONNRESET &&
		    errno != EPIPE)
			return -1;
		ls_close();
	}
	return -1;
}

static void
ls_writable(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	(void)loop;
	(void)fd;
	(void)events;
	(void)arg;
	ls_flush_now();
}

/* Watch the socket while lines wait, and only then. */
static void
ls_update_watch(void)
{
	if (ls.q_used == 0 || ls.fd == -1 || ls.loop == NULL) {
		ls_unwatch();
		return;
	}
	if (!ls.watching && ev_fd_add(ls.loop, ls.fd, EV_WRITE, ls_writable, NULL) == 0)
		ls.watching = true;
}

static bool
ls_enqueue(const unsigned char *buf, size_t len)
{
	if (ls.q_used + 2 + len > sizeof(ls.q))
		return false;
	if (ls.q_head + ls.q_used + 2 + len > sizeof(ls.q)) {
		memmove(ls.q, ls.q + ls.q_head, ls.q_used);
		ls.q_head = 0;
	}
	ls.q[ls.q_head + ls.q_used] = (unsigned char)(len >> 8);
	ls.q[ls.q_head + ls.q_used + 1] = (unsigned char)len;
	memcpy(ls.q + ls.q_head + ls.q_used + 2, buf, len);
	ls.q_used += 2 + len;
	ls.st.waiting++;
	return true;
}

/* The datagram glibc's syslog() sends: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: LINE". */
static size_t
ls_format(char *buf, size_t size, int pri, const char *ident, const char *line)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	localtime_r(&now, &tm);
	if (strftime(stamp, sizeof(stamp), "%h %e %T", &tm) == 0)
		stamp[0] = '\0';
	n = snprintf(buf, size, "<%d>%s %s[%d]: %s", pri, stamp, ident != NULL ? ident : "",
		     (int)getpid(), line);
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

static void
ls_report_drops(void)
{
	char line[128], buf[LOG_SYSLOG_DGRAM_MAX];
	size_t len;

	if (ls.dropped_unreported == 0)
		return;
	snprintf(line, sizeof(line),
		 "%llu log line%s lost: syslog did not take them in time (its queue was full)",
		 (unsigned long long)ls.dropped_unreported, ls.dropped_unreported == 1 ? "" : "s");
	len = ls_format(buf, sizeof(buf), ls_facility | LOG_WARNING, ls_ident, line);
	if (ls_send(buf, len) != 0)
		ls.dropped_unreported = 0; /* sent, or nobody to tell */
}

/* Send queued datagrams until the socket is full or the queue empty. */
static void
ls_flush_now(void)
{
	while (ls.q_used > 0) {
		const unsigned char *rec = ls.q + ls.q_head;
		size_t len = (size_t)rec[0] << 8 | rec[1];
		int rc = ls_send(rec + 2, len);

		if (rc == 0)
			break;
		if (rc < 0)
			ls.st.lost++;
		ls.q_head += 2 + len;
		ls.q_used -= 2 + len;
		ls.st.waiting--;
	}
	if (ls.q_used == 0) {
		ls.q_head = 0;
		ls_report_drops();
	}
	ls_update_watch();
}

void
log_syslog_emit(int pri, const char *ident, const char *line)
{
	char buf[LOG_SYSLOG_DGRAM_MAX];
	size_t len = ls_format(buf, sizeof(buf), pri, ident, line);
	int rc;

	ls_ident = ident != NULL ? ident : "";
	ls_facility = pri & LOG_FACMASK;
	/* Never ahead of lines already waiting. */
	if (ls.q_used > 0)
		ls_flush_now();
	if (ls.q_used == 0) {
		rc = ls_send(buf, len);
		if (rc != 0) {
			if (rc < 0)
				ls.st.lost++;
			return;
		}
	}
	if (ls_enqueue((const unsigned char *)buf, len)) {
		ls.st.queued++;
	} else {
		ls.st.dropped++;
		ls.dropped_unreported++;
	}
	ls_update_watch();
}

int
log_syslog_flush(int timeout_ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd;
		long left;

		ls_flush_now();
		if (ls.q_used == 0)
			return 0;
		if (ls.fd == -1)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000L +
				     (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0)
			return -1;
		pfd.fd = ls.fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR)
			return -1;
	}
}

static void
ls_atexit(void)
{
	if (ls.on)
		(void)log_syslog_flush(LOG_SYSLOG_EXIT_WAIT_MS);
}

void
log_syslog_nonblocking(struct ev_loop *loop, const char *path)
{
	ls_unwatch();
	snprintf(ls.path, sizeof(ls.path), "%s", path != NULL ? path : LOG_SYSLOG_PATH);
	ls.loop = loop;
	ls.on = true;
	if (!ls_atexit_set && atexit(ls_atexit) == 0)
		ls_atexit_set = true;
	(void)ls_connect();
	ls_update_watch();
}

void
log_syslog_detach(void)
{
	/* The parent's loop is not ours: only close. */
	ls.watching = false;
	ls.loop = NULL;
	if (ls.fd != -1)
		close(ls.fd);
	ls.fd = -1;
	ls.on = false;
	ls.q_head = ls.q_used = 0;
	memset(&ls.st, 0, sizeof(ls.st));
	ls.dropped_unreported = 0;
}

bool
log_syslog_nonblocking_on(void)
{
	return ls.on;
}

void
log_syslog_stats(struct log_syslog_stats *st)
{
	*st = ls.st;
}
