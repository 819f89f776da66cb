/*
 * BFD session states from the main process to the checker process
 * (check_bfd_feed.h). The feed keeps its own copy of the states, so that
 * a checker started again learns them without asking bfd_run.
 */
#include "config.h"

#include "keepalived/check/core/check_bfd_feed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "lib/event.h"
#include "lib/log.h"

/* A whole state that did not fit is tried again after this long. */
#define CHECK_BFD_FEED_RETRY_US (100 * 1000ULL)
/* The socket buffer: room for many whole states of a few hundred sessions. */
#define CHECK_BFD_FEED_SNDBUF (256 * 1024)

struct check_bfd_feed {
	struct ev_loop *loop;
	int fd;       /* our end; -1 while no checker runs */
	int child_fd; /* the checker's end between open and forked */
	struct check_bfd_entry *v;
	size_t n;
	struct ev_timer retry; /* a whole state to send again */
	struct log_ratelimit rl;
	struct check_bfd_feed_stats stats;
};

static void feed_send_full(struct check_bfd_feed *f);

static void
on_retry(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)loop;
	(void)t;
	feed_send_full(arg);
}

struct check_bfd_feed *
check_bfd_feed_new(struct ev_loop *loop)
{
	struct check_bfd_feed *f = calloc(1, sizeof(*f));

	if (f == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	f->loop = loop;
	f->fd = f->child_fd = -1;
	f->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10 * 1000000ULL, 3);
	ev_timer_init(&f->retry, on_retry, f);
	return f;
}

void
check_bfd_feed_free(struct check_bfd_feed *f)
{
	if (f == NULL)
		return;
	check_bfd_feed_closed(f);
	free(f->v);
	free(f);
}

/* Sending -------------------------------------------------------------------------------- */

/*
 * One message, never waiting. 0, or -1: not sent (a full buffer schedules
 * the whole state again; any other error is logged, rate-limited).
 */
static int
feed_send(struct check_bfd_feed *f, enum check_bfd_msg_type type, const char *name,
	  enum check_bfd_state state)
{
	struct check_bfd_msg m = { .type = type, .state = state };
	uint8_t buf[CHECK_BFD_MSG_MAX];
	size_t len;

	if (f->fd == -1)
		return -1;
	if (name != NULL)
		memcpy(m.name, name, strnlen(name, sizeof(m.name) - 1));
	len = check_bfd_msg_encode(&m, buf, sizeof(buf));
	if (len == 0)
		return -1;
	if (send(f->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len) {
		f->stats.sent++;
		return 0;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
		f->stats.deferred++;
		if (!ev_timer_active(&f->retry)) {
			log_ratelimited(&f->rl, ev_now(f->loop), LOG_WARNING,
					"BFD: the checker is not reading its session states; "
					"all of them are sent again in %llu ms",
					CHECK_BFD_FEED_RETRY_US / 1000);
			ev_timer_start_in(f->loop, &f->retry, CHECK_BFD_FEED_RETRY_US);
		}
	} else {
		f->stats.send_errs++;
		log_ratelimited(&f->rl, ev_now(f->loop), LOG_WARNING,
				"BFD: cannot pass session states to the checker: %s",
				strerror(errno));
	}
	return -1;
}

static void
feed_send_full(struct check_bfd_feed *f)
{
	ev_timer_stop(f->loop, &f->retry);
	if (f->fd == -1 || feed_send(f, CHECK_BFD_MSG_BEGIN, NULL, 0) == -1)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (feed_send(f, CHECK_BFD_MSG_STATE, f->v[i].name, f->v[i].state) == -1)
			return; /* the retry sends it all again, from BEGIN */
	if (feed_send(f, CHECK_BFD_MSG_END, NULL, 0) == 0)
		f->stats.full++;
}

static enum check_bfd_state
state_of(bool up, bool been_up)
{
	return up ? CHECK_BFD_UP : been_up ? CHECK_BFD_DOWN : CHECK_BFD_DOWN_INITIAL;
}

/* bfd_run's checker listener: runs in the BFD session's event, so it only sends. */
static void
on_changed(void *arg, const char *name, bool up, bool been_up)
{
	struct check_bfd_feed *f = arg;
	enum check_bfd_state st = state_of(up, been_up);
	struct check_bfd_entry *e = NULL, *grown;

	for (size_t i = 0; i < f->n && e == NULL; i++)
		if (strcmp(f->v[i].name, name) == 0)
			e = &f->v[i];
	/* A session not seen by check_bfd_feed_follow() yet: kept from now on. */
	if (e == NULL && (grown = realloc(f->v, (f->n + 1) * sizeof(*f->v))) != NULL) {
		f->v = grown;
		e = &f->v[f->n++];
		memset(e, 0, sizeof(*e));
		memcpy(e->name, name, strnlen(name, sizeof(e->name) - 1));
	}
	if (e != NULL)
		e->state = st;
	/* While a whole state waits, a change alone could overtake it: the whole state has it. */
	if (!ev_timer_active(&f->retry))
		feed_send(f, CHECK_BFD_MSG_STATE, name, st);
}

void
check_bfd_feed_follow(struct check_bfd_feed *f, struct bfd_run *b)
{
	size_t n = bfd_run_count(b), k = 0;
	struct check_bfd_entry *v;

	if (f == NULL)
		return;
	v = calloc(n ? n : 1, sizeof(*v));
	if (v == NULL) {
		log_warn("%s", __func__);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name;
		bool up, been_up;

		if (!bfd_run_checker_state(b, i, &name, &up, &been_up))
			continue;
		memcpy(v[k].name, name, strnlen(name, sizeof(v[k].name) - 1));
		v[k++].state = state_of(up, been_up);
	}
	free(f->v);
	f->v = v;
	f->n = k;
	bfd_run_set_checker_listener(b, on_changed, f);
	feed_send_full(f);
}

/* The socketpair ------------------------------------------------------------------------- */

int
check_bfd_feed_open(struct check_bfd_feed *f)
{
	int sv[2], size = CHECK_BFD_FEED_SNDBUF;

	if (f == NULL)
		return -1;
	check_bfd_feed_closed(f);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("BFD: no socketpair for the checker; BFD_CHECK will not follow sessions");
		return -1;
	}
	/* Best effort: the default buffer works too, with more retries. */
	(void)setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	f->fd = sv[0];
	f->child_fd = sv[1];
	return sv[1];
}

void
check_bfd_feed_forked(struct check_bfd_feed *f, bool ok)
{
	if (f == NULL)
		return;
	if (f->child_fd != -1)
		close(f->child_fd);
	f->child_fd = -1;
	if (!ok) {
		check_bfd_feed_closed(f);
		return;
	}
	feed_send_full(f);
}

void
check_bfd_feed_closed(struct check_bfd_feed *f)
{
	if (f == NULL)
		return;
	ev_timer_stop(f->loop, &f->retry);
	if (f->fd != -1)
		close(f->fd);
	if (f->child_fd != -1)
		close(f->child_fd);
	f->fd = f->child_fd = -1;
}

const struct check_bfd_feed_stats *
check_bfd_feed_stats(const struct check_bfd_feed *f)
{
	return &f->stats;
}
