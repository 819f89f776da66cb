/*
 * BFD_CHECK in the checker process: the session states the main process
 * sends (check_bfd_feed.h) are read from the socketpair it made at the
 * fork, kept in a table (check_bfd_msg.h) and applied to the BFD_CHECK
 * checkers of the run (check_rs.h). A message that does not decode is
 * dropped, counted by reason and logged at a limited rate.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "keepalived/check/core/check_daemon_priv.h"
#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/check/proto/check_rs.h"
#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "lib/log.h"

#define CHECK_BFD_RX_BATCH 64 /* messages read per wake-up, so that timers still run */

static void
state_changed(void *arg, const char *name, enum check_bfd_state state)
{
	struct check_daemon *cd = arg;
	struct check_rs_observer obs = { check_daemon_rs_changed, cd };

	if (log_get_detail())
		log_info("Received BFD event: instance %s is in state %s", name,
			 state == CHECK_BFD_UP ? "Up" : "Down");
	if (check_vs_bfd_state(cd->run.vs, cd->run.n_vs, name, state, ev_now(cd->loop), &obs) > 0 &&
	    !ev_timer_active(&cd->status_timer))
		ev_timer_start_in(cd->loop, &cd->status_timer, 1000000);
}

static void
bad_message(struct check_daemon *cd, enum check_bfd_msg_err why, size_t len)
{
	cd->bfd_stats.drops[why]++;
	if (!ev_timer_active(&cd->status_timer))
		ev_timer_start_in(cd->loop, &cd->status_timer, 1000000);
	log_ratelimited(&cd->bfd_rl, ev_now(cd->loop), LOG_WARNING,
			"BFD: dropped a %zu-byte state message from the main process (%s)", len,
			check_bfd_msg_err_name(why));
}

/* A 0-byte read of a SOCK_SEQPACKET socket is an empty datagram or the end: which? */
static bool
peer_closed(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) != 0;
}

static void
on_readable(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct check_daemon *cd = arg;
	uint8_t buf[CHECK_BFD_MSG_MAX + 1]; /* one more: a longer datagram shows as one */
	struct check_bfd_msg m;

	(void)events;
	for (int i = 0; i < CHECK_BFD_RX_BATCH; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		enum check_bfd_msg_err why;
		int rc;

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return; /* EAGAIN: all read */
		if (n == 0 && peer_closed(fd)) {
			/* The main process is gone; PR_SET_PDEATHSIG stops us next. */
			log_warnx("BFD: the main process closed the BFD state socket");
			ev_fd_del(loop, fd);
			return;
		}
		cd->bfd_stats.messages++; /* an empty datagram too: it decodes as short */
		why = (size_t)n > sizeof(buf) ? CHECK_BFD_MSG_BAD_LEN :
						check_bfd_msg_decode(buf, (size_t)n, &m);
		if (why != CHECK_BFD_MSG_OK) {
			bad_message(cd, why, (size_t)n);
			continue;
		}
		rc = check_bfd_states_take(&cd->bfd, &m, state_changed, cd);
		if (rc == -1)
			log_warnx("BFD: out of memory for the session states");
		else if (rc != CHECK_BFD_MSG_OK)
			bad_message(cd, (enum check_bfd_msg_err)rc, (size_t)n);
	}
}

void
check_daemon_bfd_open(struct check_daemon *cd)
{
	cd->bfd_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10 * 1000000ULL, 5);
	if (!cd->opts->has_bfd_fd)
		return;
	if (ev_fd_add(cd->loop, cd->opts->bfd_fd, EV_READ, on_readable, cd) == -1)
		log_warn("BFD: cannot watch the BFD state socket; "
			 "BFD_CHECK will not follow sessions");
}

void
check_daemon_bfd_close(struct check_daemon *cd)
{
	if (cd->opts->has_bfd_fd) {
		if (cd->loop != NULL)
			ev_fd_del(cd->loop, cd->opts->bfd_fd);
		close(cd->opts->bfd_fd);
	}
	check_bfd_states_free(&cd->bfd);
}

void
check_daemon_bfd_apply(struct check_daemon *cd)
{
	struct check_rs_observer obs = { check_daemon_rs_changed, cd };

	for (size_t i = 0; i < cd->bfd.n; i++)
		check_vs_bfd_state(cd->run.vs, cd->run.n_vs, cd->bfd.v[i].name, cd->bfd.v[i].state,
				   ev_now(cd->loop), &obs);
}

bool
check_daemon_bfd_usable(const struct kconf *conf, const struct check_probe_conf *c)
{
	const struct bfd_instance_conf *b = bfd_conf_find(&conf->vrrp, c->u.file.name);

	return b != NULL && bfd_conf_for_checker(b);
}
