/*
 * The event loop: one epoll set for file descriptors, a binary min-heap of
 * timers ordered by deadline, one signalfd carrying every signal the loop
 * handles, and a list of watched child processes reaped on SIGCHLD.
 *
 * Everything runs in one thread and the only blocking call is the wait in
 * ev_loop_run_once(). Callbacks may add and remove watches of every kind,
 * including their own; the dispatch code re-validates each pending item just
 * before running it, never holding a pointer across a callback.
 *
 * Here: the clock, the timer heap, child processes and the loop with its
 * dispatch, all that runs at every iteration. Adding and removing fd and
 * signal watches is in event_watch.c.
 */
#include "event.h"
#include "event_priv.h"
#include "log.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Initial timer heap size; it doubles when more timers are armed at once. */
#define EV_HEAP_INITIAL 16
/*
 * heap_index flag of a timer taken off the heap because it is due in the
 * dispatch now running; the low bits index loop->due.
 */
#define EV_TIMER_DUE 0x80000000u

#define EV_TIMER_SLACK_NS 1000UL

/* Set once epoll_pwait2() turned out to be missing (kernel < 5.11). */
static bool ev_no_pwait2;

static void ev_child_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg);

uint64_t
ev_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t
ev_default_clock(void *arg)
{
	(void)arg;
	return ev_monotonic_us();
}

static uint64_t
ev_clock_read(struct ev_loop *loop)
{
	return loop->clock(loop->clock_arg);
}

uint64_t
ev_now(struct ev_loop *loop)
{
	return loop->now_valid ? loop->now : ev_clock_read(loop);
}

/* Timers -------------------------------------------------------------- */

void
ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg)
{
	t->deadline_us = 0;
	t->cb = cb;
	t->arg = arg;
	t->heap_index = EV_TIMER_INACTIVE;
}

static void
ev_heap_put(struct ev_loop *loop, uint32_t i, struct ev_timer *t)
{
	loop->heap[i] = t;
	t->heap_index = i;
}

static void
ev_heap_up(struct ev_loop *loop, uint32_t i)
{
	struct ev_timer *t = loop->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (loop->heap[parent]->deadline_us <= t->deadline_us)
			break;
		ev_heap_put(loop, i, loop->heap[parent]);
		i = parent;
	}
	ev_heap_put(loop, i, t);
}

static void
ev_heap_down(struct ev_loop *loop, uint32_t i)
{
	struct ev_timer *t = loop->heap[i];

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= loop->heap_len)
			break;
		if (child + 1 < loop->heap_len &&
		    loop->heap[child + 1]->deadline_us < loop->heap[child]->deadline_us)
			child++;
		if (t->deadline_us <= loop->heap[child]->deadline_us)
			break;
		ev_heap_put(loop, i, loop->heap[child]);
		i = child;
	}
	ev_heap_put(loop, i, t);
}

/* Restore heap order around slot i after its deadline changed. */
static void
ev_heap_fix(struct ev_loop *loop, uint32_t i)
{
	if (i > 0 && loop->heap[(i - 1) / 2]->deadline_us > loop->heap[i]->deadline_us)
		ev_heap_up(loop, i);
	else
		ev_heap_down(loop, i);
}

static void
ev_heap_remove(struct ev_loop *loop, struct ev_timer *t)
{
	uint32_t i = t->heap_index;
	struct ev_timer *last;

	assert(i < loop->heap_len && loop->heap[i] == t);
	last = loop->heap[--loop->heap_len];
	t->heap_index = EV_TIMER_INACTIVE;
	if (last == t)
		return;
	ev_heap_put(loop, i, last);
	ev_heap_fix(loop, i);
}

/*
 * The only allocation on the timer path: it happens when more timers are
 * armed at once than ever before. Running out of memory for a few pointers
 * leaves nothing sensible to do, and the API promises arming cannot fail.
 */
static void
ev_heap_grow(struct ev_loop *loop)
{
	uint32_t cap = loop->heap_cap * 2;
	struct ev_timer **heap, **due;

	if (cap >= EV_TIMER_DUE)
		fatalx("%s: too many timers", __func__);
	heap = reallocarray(loop->heap, cap, sizeof(*heap));
	if (heap == NULL)
		fatal("%s", __func__);
	loop->heap = heap;
	due = reallocarray(loop->due, cap, sizeof(*due));
	if (due == NULL)
		fatal("%s", __func__);
	loop->due = due;
	loop->heap_cap = cap;
}

void
ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, uint64_t deadline_us)
{
	uint32_t i;

	if (t->heap_index != EV_TIMER_INACTIVE && !(t->heap_index & EV_TIMER_DUE)) {
		/* Already on the heap: move it. */
		assert(t->heap_index < loop->heap_len && loop->heap[t->heap_index] == t);
		t->deadline_us = deadline_us;
		ev_heap_fix(loop, t->heap_index);
		return;
	}
	ev_timer_stop(loop, t); /* takes it off the due list, if there */
	if (loop->heap_len == loop->heap_cap)
		ev_heap_grow(loop);
	t->deadline_us = deadline_us;
	i = loop->heap_len++;
	ev_heap_put(loop, i, t);
	ev_heap_up(loop, i);
}

void
ev_timer_start_in(struct ev_loop *loop, struct ev_timer *t, uint64_t delay_us)
{
	uint64_t now = ev_now(loop);

	ev_timer_start_at(loop, t, delay_us > UINT64_MAX - now ? UINT64_MAX : now + delay_us);
}

void
ev_timer_stop(struct ev_loop *loop, struct ev_timer *t)
{
	if (t->heap_index == EV_TIMER_INACTIVE)
		return;
	if (t->heap_index & EV_TIMER_DUE) {
		loop->due[t->heap_index & ~EV_TIMER_DUE] = NULL;
		t->heap_index = EV_TIMER_INACTIVE;
		return;
	}
	ev_heap_remove(loop, t);
}

/*
 * Run the timers whose deadline is <= now. They are first moved off the heap
 * into the due list, in deadline order, and only then run: a callback that
 * re-arms a timer for "now" puts it back on the heap for the next iteration
 * instead of looping here, and one that stops a timer still on the due list
 * clears its slot so it does not run.
 */
static void
ev_timers_run(struct ev_loop *loop, uint64_t now)
{
	uint32_t i, ndue = 0;

	while (loop->heap_len > 0 && loop->heap[0]->deadline_us <= now) {
		struct ev_timer *t = loop->heap[0];

		ev_heap_remove(loop, t);
		loop->due[ndue] = t;
		t->heap_index = EV_TIMER_DUE | ndue;
		ndue++;
	}
	/* loop->due may move while callbacks arm timers: index it afresh. */
	for (i = 0; i < ndue; i++) {
		struct ev_timer *t = loop->due[i];

		if (t == NULL)
			continue;
		loop->due[i] = NULL;
		t->heap_index = EV_TIMER_INACTIVE;
		if (t->cb != ev_child_timeout)
			loop->ncalls++;
		if (now - t->deadline_us > loop->late_max_us)
			loop->late_max_us = now - t->deadline_us;
		t->cb(loop, t, t->arg);
	}
}

/* File descriptors ---------------------------------------------------- */

static unsigned
ev_from_epoll(uint32_t events)
{
	unsigned ev = 0;

	if (events & EPOLLIN)
		ev |= EV_READ;
	if (events & EPOLLOUT)
		ev |= EV_WRITE;
	if (events & (EPOLLERR | EPOLLHUP))
		ev |= EV_ERROR | EV_READ;
	return ev;
}

static void
ev_fds_run(struct ev_loop *loop, int nevents)
{
	int i;

	for (i = 0; i < nevents; i++) {
		uint64_t data = loop->events[i].data.u64;
		int fd = (int)(uint32_t)data;
		uint32_t gen = (uint32_t)(data >> 32);
		struct ev_fd_watch *w;
		unsigned events, keep;

		if (fd >= loop->nfds || loop->fds[fd].gen != gen)
			continue; /* removed by an earlier callback */
		w = &loop->fds[fd];
		events = ev_from_epoll(loop->events[i].events);
		/* An earlier callback may have narrowed the watch; errors always pass. */
		keep = w->events;
		if (events & EV_ERROR)
			keep |= EV_ERROR | EV_READ;
		events &= keep;
		if (events == 0)
			continue;
		if (!w->internal)
			loop->ncalls++;
		w->cb(loop, fd, events, w->arg);
	}
}

/* Child processes ----------------------------------------------------- */

/*
 * Reap every watched child that has exited, then report them. Reports come
 * after the list walk, so callbacks may watch new children (or run anything
 * else) without disturbing it. Children not watched here are left alone for
 * whoever started them.
 */
static void
ev_children_reap(struct ev_loop *loop)
{
	struct ev_child *c, *done = NULL, **tail = &done, **pp = &loop->children;

	loop->child_check = false;
	while ((c = *pp) != NULL) {
		pid_t r = waitpid(c->pid, &c->status, WNOHANG);

		if (r == 0) {
			pp = &c->next;
			continue;
		}
		if (r < 0) {
			/* Reaped behind our back; report it as a failure. */
			log_warn("%s: waitpid %d", __func__, (int)c->pid);
			c->status = -1;
		}
		*pp = c->next;
		c->next = NULL;
		*tail = c;
		tail = &c->next;
		ev_timer_stop(loop, &c->timeout);
	}
	while ((c = done) != NULL) {
		done = c->next;
		loop->ncalls++;
		c->cb(loop, c->pid, c->status, c->timed_out, c->arg);
		free(c);
	}
}

static void
ev_child_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct ev_child *c = arg;
	siginfo_t si;

	/*
	 * A child that exited just now, with its SIGCHLD not yet read, did not
	 * time out: peek without reaping, and let the reaper report it.
	 */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid != 0) {
		/* Exited, or no longer ours to kill (reaped elsewhere). */
		loop->child_check = true;
		return;
	}
	c->timed_out = true;
	if (kill(c->pid, SIGKILL) < 0)
		log_warn("%s: kill %d", __func__, (int)c->pid);
}

int
ev_child_watch(struct ev_loop *loop, pid_t pid, uint64_t timeout_us, ev_child_cb cb, void *arg)
{
	struct ev_child *c;

	if (pid <= 0 || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	for (c = loop->children; c != NULL; c = c->next) {
		if (c->pid == pid) {
			errno = EEXIST;
			return -1;
		}
	}
	if (!loop->sigchld_on) {
		if (!sigismember(&loop->sigmask, SIGCHLD) && ev_signal_enable(loop, SIGCHLD) < 0)
			return -1;
		loop->sigchld_on = true;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	ev_timer_init(&c->timeout, ev_child_timeout, c);
	if (timeout_us > 0)
		ev_timer_start_in(loop, &c->timeout, timeout_us);
	c->next = loop->children;
	loop->children = c;
	/* It may have exited before SIGCHLD was blocked: look once anyway. */
	loop->child_check = true;
	return 0;
}

/* The loop ------------------------------------------------------------ */

struct ev_loop *
ev_loop_new(ev_clock_fn clock, void *clock_arg)
{
	struct ev_loop *loop = calloc(1, sizeof(*loop));

	if (loop == NULL)
		return NULL;
	loop->clock = clock != NULL ? clock : ev_default_clock;
	loop->clock_arg = clock_arg;
	/*
	 * The kernel may delay a wake-up by the timer slack (50 us by default)
	 * to batch it with others; protocol timers want their deadline. The
	 * cost is a few more wake-ups of this process alone.
	 */
	if (clock == NULL)
		(void)prctl(PR_SET_TIMERSLACK, EV_TIMER_SLACK_NS, 0, 0, 0);
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	sigemptyset(&loop->we_blocked);
	loop->heap_cap = EV_HEAP_INITIAL;
	loop->heap = calloc(loop->heap_cap, sizeof(*loop->heap));
	loop->due = calloc(loop->heap_cap, sizeof(*loop->due));
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->heap == NULL || loop->due == NULL || loop->epfd < 0) {
		int saved = errno;

		if (loop->epfd >= 0)
			close(loop->epfd);
		free(loop->heap);
		free(loop->due);
		free(loop);
		errno = saved;
		return NULL;
	}
	return loop;
}

void
ev_loop_free(struct ev_loop *loop)
{
	struct ev_child *c;
	int signo;

	if (loop == NULL)
		return;
	/* Timers outlive the loop in their owners: leave them stopped. */
	while (loop->heap_len > 0)
		loop->heap[--loop->heap_len]->heap_index = EV_TIMER_INACTIVE;
	while ((c = loop->children) != NULL) {
		loop->children = c->next;
		free(c);
	}
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	for (signo = 1; signo < _NSIG; signo++) {
		if (sigismember(&loop->sigmask, signo) == 1)
			ev_signal_unblock(loop, signo);
	}
	close(loop->epfd);
	free(loop->fds);
	free(loop->heap);
	free(loop->due);
	free(loop);
}

/*
 * Wait for fd events. epoll_pwait2() takes the timeout in nanoseconds, so
 * the wait ends at the deadline; plain epoll_wait() counts in milliseconds,
 * and the timeout is rounded up so that the loop never wakes before a timer
 * is due only to spin until it is.
 */
static int
ev_wait(struct ev_loop *loop, uint64_t wait_us)
{
	int ms;

	if (!ev_no_pwait2) {
		struct timespec ts, *tsp = NULL;
		int n;

		if (wait_us != UINT64_MAX) {
			ts.tv_sec = (time_t)(wait_us / 1000000u);
			ts.tv_nsec = (long)(wait_us % 1000000u) * 1000;
			tsp = &ts;
		}
		n = epoll_pwait2(loop->epfd, loop->events, EV_BATCH, tsp, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		ev_no_pwait2 = true;
	}
	if (wait_us == UINT64_MAX)
		ms = -1;
	else if (wait_us / 1000u >= INT_MAX)
		ms = INT_MAX;
	else
		ms = (int)((wait_us + 999u) / 1000u);
	return epoll_wait(loop->epfd, loop->events, EV_BATCH, ms);
}

int
ev_loop_run_once(struct ev_loop *loop, uint64_t max_wait_us)
{
	uint64_t wait_us = max_wait_us;
	int n;

	assert(!loop->dispatching); /* not re-entrant */
	if (loop->child_check) {
		wait_us = 0;
	} else if (loop->heap_len > 0) {
		uint64_t now = ev_clock_read(loop);
		uint64_t deadline = loop->heap[0]->deadline_us;

		if (deadline <= now)
			wait_us = 0;
		else if (deadline - now < wait_us)
			wait_us = deadline - now;
	}
	n = ev_wait(loop, wait_us);
	if (n < 0) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}

	loop->dispatching = true;
	loop->ncalls = 0;
	loop->now = ev_clock_read(loop);
	loop->now_valid = true;
	ev_fds_run(loop, n);
	if (loop->child_check)
		ev_children_reap(loop);
	loop->now = ev_clock_read(loop);
	ev_timers_run(loop, loop->now);
	loop->dispatching = false;
	return loop->ncalls;
}

int
ev_loop_run(struct ev_loop *loop)
{
	int rc = 0;

	while (!loop->broken) {
		if (ev_loop_run_once(loop, UINT64_MAX) < 0) {
			log_warn("%s: epoll", __func__);
			rc = -1;
			break;
		}
	}
	loop->broken = false;
	return rc;
}

uint64_t
ev_loop_take_late_max(struct ev_loop *loop)
{
	uint64_t late = loop->late_max_us;

	loop->late_max_us = 0;
	return late;
}

void
ev_loop_break(struct ev_loop *loop)
{
	loop->broken = true;
}
