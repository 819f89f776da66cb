/*
 * Event loop on epoll: file descriptors, timers with microsecond deadlines
 * on CLOCK_MONOTONIC kept in a binary heap, signals through signalfd, and
 * child processes reaped with an optional timeout (the child is killed with
 * SIGKILL when it runs past it).
 *
 * Timers are embedded in the caller's structures (struct ev_timer), so arming
 * one never allocates. Stopping or re-arming any timer, including the one
 * whose callback is running, is safe from inside every callback.
 *
 * The loop reads time through a clock function; tests pass a fake clock and
 * drive the loop with ev_loop_run_once() without sleeping.
 */
#ifndef LIB_EVENT_H
#define LIB_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ev_loop;
struct ev_timer;

#define EV_READ 0x1u
#define EV_WRITE 0x2u
#define EV_ERROR 0x4u /* EPOLLERR or EPOLLHUP, reported with EV_READ */

typedef void (*ev_fd_cb)(struct ev_loop *loop, int fd, unsigned events, void *arg);
typedef void (*ev_timer_cb)(struct ev_loop *loop, struct ev_timer *t, void *arg);
typedef void (*ev_signal_cb)(struct ev_loop *loop, int signo, void *arg);
/* status is as from waitpid(); timed_out is true when the loop killed it. */
typedef void (*ev_child_cb)(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg);
typedef uint64_t (*ev_clock_fn)(void *arg);

struct ev_timer {
	uint64_t deadline_us; /* absolute, on the loop's clock */
	ev_timer_cb cb;
	void *arg;
	uint32_t heap_index; /* EV_TIMER_INACTIVE when not armed */
};
#define EV_TIMER_INACTIVE UINT32_MAX

/* CLOCK_MONOTONIC in microseconds. */
uint64_t ev_monotonic_us(void);

/* clock NULL means ev_monotonic_us(). Returns NULL on failure (errno set). */
struct ev_loop *ev_loop_new(ev_clock_fn clock, void *clock_arg);
/* Closes the epoll and signal fds, frees everything; child watches are dropped. */
void ev_loop_free(struct ev_loop *loop);
uint64_t ev_now(struct ev_loop *loop);

/* Watch fd for events (EV_READ|EV_WRITE). One watch per fd. 0 or -1. */
int ev_fd_add(struct ev_loop *loop, int fd, unsigned events, ev_fd_cb cb, void *arg);
int ev_fd_modify(struct ev_loop *loop, int fd, unsigned events);
/* Safe inside callbacks: a removed fd's pending events are not delivered. */
int ev_fd_del(struct ev_loop *loop, int fd);

void ev_timer_init(struct ev_timer *t, ev_timer_cb cb, void *arg);
/* Arm (or re-arm) at an absolute deadline / after a delay from ev_now(). */
void ev_timer_start_at(struct ev_loop *loop, struct ev_timer *t, uint64_t deadline_us);
void ev_timer_start_in(struct ev_loop *loop, struct ev_timer *t, uint64_t delay_us);
void ev_timer_stop(struct ev_loop *loop, struct ev_timer *t);
static inline bool
ev_timer_active(const struct ev_timer *t)
{
	return t->heap_index != EV_TIMER_INACTIVE;
}

/*
 * Block signo and deliver it through a signalfd. One callback per signal.
 * ev_signal_del() and ev_loop_free() discard a pending instance and unblock
 * the signal again if the loop was the one that blocked it. Processes forked
 * from the loop inherit the blocked mask: reset it before exec.
 */
int ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg);
int ev_signal_del(struct ev_loop *loop, int signo);

/*
 * Report pid's exit through cb. timeout_us 0 means no timeout; otherwise the
 * child is sent SIGKILL once it runs longer, and cb gets timed_out = true.
 * The loop installs its own SIGCHLD handling on the first watch; it reaps
 * only the pids it watches. status is -1 if the child was reaped elsewhere.
 */
int ev_child_watch(struct ev_loop *loop, pid_t pid, uint64_t timeout_us, ev_child_cb cb, void *arg);

/*
 * Run one iteration: wait for at most max_wait_us (or until the earliest
 * timer; UINT64_MAX = no limit), dispatch ready fds first, then every timer
 * whose deadline is <= now. A timer armed by a callback of this iteration
 * runs in the next one at the earliest. Not re-entrant: never call it from a
 * callback. Returns the number of callbacks run (the loop's own signal and
 * child handling not counted), -1 on error.
 */
int ev_loop_run_once(struct ev_loop *loop, uint64_t max_wait_us);
/* Run until ev_loop_break() (also one requested before the call), then clear
 * the request. Returns 0, or -1 on a fatal epoll error. */
int ev_loop_run(struct ev_loop *loop);
void ev_loop_break(struct ev_loop *loop);

/*
 * The worst lateness (dispatch time minus deadline, in microseconds) of the
 * timers run since the previous call, and start measuring afresh. A loop
 * blocked in a callback shows here as the lateness of the timers that fell
 * due meanwhile (the systemd watchdog's health check, lib/wd_health.h).
 */
uint64_t ev_loop_take_late_max(struct ev_loop *loop);

#endif
