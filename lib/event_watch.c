/*
 * What the event loop watches through the kernel: file descriptors in its
 * epoll set, each watch stamped with a generation by which a stale event is
 * known, and signals, blocked and read from one signalfd that is itself
 * one of those watches. Running the events fetched is the loop's
 * (ev_fds_run() in event.c), beside the wait.
 */
#include "event_priv.h"
#include "log.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

/* File descriptors ---------------------------------------------------- */

static int
ev_fd_reserve(struct ev_loop *loop, int fd)
{
	struct ev_fd_watch *fds;
	int n = loop->nfds > 0 ? loop->nfds : 64;

	if (fd < loop->nfds)
		return 0;
	while (n <= fd) {
		if (n > INT_MAX / 2) {
			errno = EBADF;
			return -1;
		}
		n *= 2;
	}
	fds = reallocarray(loop->fds, (size_t)n, sizeof(*fds));
	if (fds == NULL)
		return -1;
	memset(fds + loop->nfds, 0, (size_t)(n - loop->nfds) * sizeof(*fds));
	loop->fds = fds;
	loop->nfds = n;
	return 0;
}

static uint32_t
ev_to_epoll(unsigned events)
{
	return ((events & EV_READ) ? EPOLLIN : 0) | ((events & EV_WRITE) ? EPOLLOUT : 0);
}

/*
 * The epoll data carries the fd and the generation of its watch, so an
 * event fetched before the watch was removed (and maybe replaced by a new
 * watch on a reused fd number) is recognised as stale and dropped.
 */
int
ev_fd_watch_add(struct ev_loop *loop, int fd, unsigned events, ev_fd_cb cb, void *arg,
		bool internal)
{
	struct epoll_event ee;
	struct ev_fd_watch *w;
	uint32_t gen;

	if (fd < 0 || cb == NULL) {
		errno = fd < 0 ? EBADF : EINVAL;
		return -1;
	}
	if (ev_fd_reserve(loop, fd) < 0)
		return -1;
	w = &loop->fds[fd];
	if (w->gen != 0) {
		errno = EEXIST;
		return -1;
	}
	gen = ++loop->fd_gen;
	if (gen == 0)
		gen = ++loop->fd_gen;
	memset(&ee, 0, sizeof(ee));
	ee.events = ev_to_epoll(events);
	ee.data.u64 = (uint64_t)gen << 32 | (uint32_t)fd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ee) < 0)
		return -1;
	w->cb = cb;
	w->arg = arg;
	w->events = events;
	w->gen = gen;
	w->internal = internal;
	return 0;
}

int
ev_fd_add(struct ev_loop *loop, int fd, unsigned events, ev_fd_cb cb, void *arg)
{
	return ev_fd_watch_add(loop, fd, events, cb, arg, false);
}

int
ev_fd_modify(struct ev_loop *loop, int fd, unsigned events)
{
	struct epoll_event ee;
	struct ev_fd_watch *w;

	if (fd < 0 || fd >= loop->nfds || loop->fds[fd].gen == 0) {
		errno = ENOENT;
		return -1;
	}
	w = &loop->fds[fd];
	memset(&ee, 0, sizeof(ee));
	ee.events = ev_to_epoll(events);
	ee.data.u64 = (uint64_t)w->gen << 32 | (uint32_t)fd;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ee) < 0)
		return -1;
	w->events = events;
	return 0;
}

int
ev_fd_del(struct ev_loop *loop, int fd)
{
	if (fd < 0 || fd >= loop->nfds || loop->fds[fd].gen == 0) {
		errno = ENOENT;
		return -1;
	}
	memset(&loop->fds[fd], 0, sizeof(loop->fds[fd]));
	/*
	 * The watch is gone whatever epoll says: if the caller closed the fd
	 * first, the kernel already dropped it from the set (EBADF).
	 */
	if (epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 && errno != EBADF && errno != ENOENT)
		return -1;
	return 0;
}

/* Signals ------------------------------------------------------------- */

static void
ev_signal_read(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct signalfd_siginfo si[16];
	ssize_t n;
	size_t i;

	/* One read per iteration; epoll reports the rest next time. */
	n = read(fd, si, sizeof(si));
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_warn("%s: read", __func__);
		return;
	}
	for (i = 0; i < (size_t)n / sizeof(si[0]); i++) {
		int signo = (int)si[i].ssi_signo;
		struct ev_signal_watch *s;

		if (signo <= 0 || signo >= _NSIG)
			continue;
		if (signo == SIGCHLD && loop->sigchld_on)
			loop->child_check = true;
		s = &loop->signals[signo];
		if (s->cb != NULL) {
			loop->ncalls++;
			s->cb(loop, signo, s->arg);
		}
	}
}

/* Point the signalfd at loop->sigmask, creating it the first time. */
static int
ev_signalfd_update(struct ev_loop *loop)
{
	int fd;

	if (loop->sigfd >= 0)
		return signalfd(loop->sigfd, &loop->sigmask, 0) < 0 ? -1 : 0;
	fd = signalfd(-1, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ev_fd_watch_add(loop, fd, EV_READ, ev_signal_read, NULL, true) < 0) {
		close(fd);
		return -1;
	}
	loop->sigfd = fd;
	return 0;
}

/*
 * Unblock signo if this loop blocked it. A pending instance is discarded
 * first: it was meant for the loop, and unblocking would deliver it with its
 * default action, which for most signals terminates the process.
 */
void
ev_signal_unblock(struct ev_loop *loop, int signo)
{
	const struct timespec zero = { 0, 0 };
	sigset_t one;

	if (!sigismember(&loop->we_blocked, signo))
		return;
	sigemptyset(&one);
	sigaddset(&one, signo);
	while (sigtimedwait(&one, NULL, &zero) == signo)
		;
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	sigdelset(&loop->we_blocked, signo);
}

/* Block signo and have the signalfd report it. */
int
ev_signal_enable(struct ev_loop *loop, int signo)
{
	sigset_t one, old;

	sigemptyset(&one);
	sigaddset(&one, signo);
	if (sigprocmask(SIG_BLOCK, &one, &old) < 0)
		return -1;
	if (!sigismember(&old, signo))
		sigaddset(&loop->we_blocked, signo);
	sigaddset(&loop->sigmask, signo);
	if (ev_signalfd_update(loop) < 0) {
		int saved = errno;

		sigdelset(&loop->sigmask, signo);
		ev_signal_unblock(loop, signo);
		errno = saved;
		return -1;
	}
	return 0;
}

static void
ev_signal_disable(struct ev_loop *loop, int signo)
{
	sigdelset(&loop->sigmask, signo);
	if (ev_signalfd_update(loop) < 0)
		log_warn("%s: signalfd", __func__);
	ev_signal_unblock(loop, signo);
}

int
ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg)
{
	struct ev_signal_watch *s;

	if (signo <= 0 || signo >= _NSIG || signo == SIGKILL || signo == SIGSTOP || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	s = &loop->signals[signo];
	if (s->cb != NULL) {
		errno = EEXIST;
		return -1;
	}
	if (!sigismember(&loop->sigmask, signo) && ev_signal_enable(loop, signo) < 0)
		return -1;
	s->cb = cb;
	s->arg = arg;
	return 0;
}

int
ev_signal_del(struct ev_loop *loop, int signo)
{
	if (signo <= 0 || signo >= _NSIG || loop->signals[signo].cb == NULL) {
		errno = ENOENT;
		return -1;
	}
	loop->signals[signo].cb = NULL;
	loop->signals[signo].arg = NULL;
	/* Child watching keeps SIGCHLD for itself. */
	if (!(signo == SIGCHLD && loop->sigchld_on))
		ev_signal_disable(loop, signo);
	return 0;
}
