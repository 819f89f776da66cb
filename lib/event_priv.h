/*
 * The event loop's own state, shared by event.c (clock, timers, child
 * processes, the loop and its dispatch) and event_watch.c (file descriptor
 * watches and signals). Private to lib/: callers see only event.h.
 */
#ifndef LIB_EVENT_PRIV_H
#define LIB_EVENT_PRIV_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/types.h>

#include "event.h"

/* Events fetched from epoll per iteration; more stay queued for the next. */
#define EV_BATCH 64
struct ev_fd_watch {
	ev_fd_cb cb;
	void *arg;
	unsigned events;
	uint32_t gen; /* 0: no watch on this fd */
	bool internal;
};

struct ev_signal_watch {
	ev_signal_cb cb;
	void *arg;
};

struct ev_child {
	struct ev_child *next;
	pid_t pid;
	int status;
	bool timed_out;
	ev_child_cb cb;
	void *arg;
	struct ev_timer timeout;
};

struct ev_loop {
	ev_clock_fn clock;
	void *clock_arg;
	uint64_t now;
	bool now_valid;
	bool broken;
	bool dispatching;
	int ncalls;           /* user callbacks run in this iteration */
	uint64_t late_max_us; /* worst timer lateness since ev_loop_take_late_max() */

	int epfd;
	struct ev_fd_watch *fds; /* indexed by fd */
	int nfds;
	uint32_t fd_gen;
	struct epoll_event events[EV_BATCH];

	struct ev_timer **heap;
	uint32_t heap_len;
	uint32_t heap_cap;
	struct ev_timer **due; /* same capacity as heap */

	int sigfd;
	sigset_t sigmask;    /* signals read from sigfd */
	sigset_t we_blocked; /* of those, the ones this loop blocked */
	struct ev_signal_watch signals[_NSIG];

	struct ev_child *children;
	bool sigchld_on;
	bool child_check; /* reap before the next wait */
};

/* event_watch.c ---------------------------------------------------------- */

/* Watch fd; internal: the loop's own (the signalfd), not counted as a user callback. */
int ev_fd_watch_add(struct ev_loop *loop, int fd, unsigned events, ev_fd_cb cb, void *arg,
		    bool internal);
/* Block signo and have the signalfd report it. */
int ev_signal_enable(struct ev_loop *loop, int signo);
/* Unblock signo if this loop blocked it, its pending instance discarded. */
void ev_signal_unblock(struct ev_loop *loop, int signo);

#endif
