/*
 * Supervising the checker process from the main one. keepalived 2.2.7's
 * lines are kept ("Starting Healthcheck child process, pid=N",
 * "Healthcheck child process(N) died: Respawning"), since people alert on
 * them. A checker that keeps dying is restarted with a growing delay, so
 * that a crash at start-up cannot turn into a fork loop.
 */
#include "config.h"

#include "keepalived/check/core/check_supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/core/check_bfd_feed.h"
#include "keepalived/core/conf.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/log_syslog.h"

/* Restart delays: from the first to the last, doubling while the checker
 * dies young (within CHECK_RESPAWN_YOUNG_US of its start). */
#define CHECK_RESPAWN_MIN_US (100 * 1000ULL)
#define CHECK_RESPAWN_MAX_US (30 * 1000000ULL)
#define CHECK_RESPAWN_YOUNG_US (10 * 1000000ULL)
#define CHECK_STOP_WAIT_DEFAULT_S 5 /* child_wait_time's default */

struct check_supervisor {
	struct ev_loop *loop;
	const struct check_daemon_opts *opts;
	bool checker_only;
	pid_t pid; /* 0: not running */
	uint64_t started_us;
	uint64_t delay_us; /* before the next restart */
	struct ev_timer respawn;
	bool stopping;
	bool dont_respawn;          /* -R */
	unsigned stop_wait_s;       /* child_wait_time */
	struct check_bfd_feed *bfd; /* BFD session states to the checker; NULL: none */
};

static void child_exited(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg);

/* The child: run the checker, and leave without the parent's atexit handlers
 * (they would remove the main process's pid files). bfd_fd: its end of the
 * BFD state socketpair, or -1. */
static void __attribute__((noreturn)) child_main(const struct check_daemon_opts *opts, int bfd_fd)
{
	struct check_daemon_opts own = *opts;
	int status;

	/*
	 * Nothing of the main process's is needed here (the checker reads the
	 * configuration and opens its sockets itself), and holding copies of
	 * its VRRP sockets, control socket and pid file locks would keep them
	 * alive past a reload or a stop of the main process. syslog's socket
	 * goes too, reopened by check_daemon_main() with the checker's ident.
	 * The BFD socket is kept, as fd 3 (and not passed to scripts).
	 */
	closelog();
	log_syslog_detach();
	own.has_bfd_fd = false;
	if (bfd_fd != -1 && (bfd_fd == 3 || dup2(bfd_fd, 3) == 3) &&
	    fcntl(3, F_SETFD, FD_CLOEXEC) == 0) {
		own.has_bfd_fd = true;
		own.bfd_fd = 3;
	}
	if (close_range(own.has_bfd_fd ? 4 : 3, ~0U, 0) == -1)
		for (int fd = own.has_bfd_fd ? 4 : 3; fd < 1024; fd++)
			close(fd);
	status = check_daemon_main(&own);

	fflush(NULL);
	_exit(status);
}

static int
spawn(struct check_supervisor *s)
{
	int bfd_fd = check_bfd_feed_open(s->bfd);
	pid_t pid = fork();

	if (pid == -1) {
		log_warn("Unable to fork the Healthcheck child process");
		check_bfd_feed_forked(s->bfd, false);
		return -1;
	}
	if (pid == 0)
		child_main(s->opts, bfd_fd);
	s->pid = pid;
	s->started_us = ev_now(s->loop);
	log_info("Starting Healthcheck child process, pid=%d", (int)pid);
	if (ev_child_watch(s->loop, pid, 0, child_exited, s) == -1)
		log_warn("%s: cannot watch pid %d", __func__, (int)pid);
	/* The whole state now: the checker reads it once its loop runs. */
	check_bfd_feed_forked(s->bfd, true);
	return 0;
}

static void
on_respawn(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_supervisor *s = arg;

	if (!s->stopping && s->pid == 0 && spawn(s) == -1)
		ev_timer_start_in(loop, &s->respawn, CHECK_RESPAWN_MAX_US);
}

static void
child_exited(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg)
{
	struct check_supervisor *s = arg;
	bool young = ev_now(loop) - s->started_us < CHECK_RESPAWN_YOUNG_US;

	s->pid = 0;
	check_bfd_feed_closed(s->bfd);
	if (s->stopping)
		return;
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_FATAL) {
		if (s->checker_only) {
			log_error("pid %d exited with permanent error FATAL. Terminating",
				  (int)pid);
			ev_loop_break(loop);
		} else {
			log_error("pid %d exited with permanent error FATAL; the checker is not "
				  "restarted until a reload, VRRP goes on",
				  (int)pid);
		}
		return;
	}
	/* keepalived's line exactly, since alerts match it; the cause after it. */
	log_warnx("Healthcheck child process(%d) died: %s", (int)pid,
		  s->dont_respawn ? "Exiting" : "Respawning");
	if (status != -1 && WIFSIGNALED(status))
		log_info("Healthcheck child process(%d) was killed by signal %d", (int)pid,
			 WTERMSIG(status));
	else if (status != -1 && WIFEXITED(status))
		log_info("Healthcheck child process(%d) exited with status %d", (int)pid,
			 WEXITSTATUS(status));
	if (s->dont_respawn) {
		/* -R: the daemon stops as on SIGTERM (VRRP leaves cleanly). */
		kill(getpid(), SIGTERM);
		return;
	}
	s->delay_us = !young                                 ? 0 :
		      s->delay_us == 0                       ? CHECK_RESPAWN_MIN_US :
		      s->delay_us * 2 > CHECK_RESPAWN_MAX_US ? CHECK_RESPAWN_MAX_US :
							       s->delay_us * 2;
	ev_timer_start_in(loop, &s->respawn, s->delay_us);
}

struct check_supervisor *
check_supervisor_start(struct ev_loop *loop, const struct check_daemon_opts *opts,
		       bool checker_only)
{
	struct check_supervisor *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	s->loop = loop;
	s->opts = opts;
	s->checker_only = checker_only;
	s->stop_wait_s = CHECK_STOP_WAIT_DEFAULT_S;
	ev_timer_init(&s->respawn, on_respawn, s);
	s->bfd = check_bfd_feed_new(loop);
	if (spawn(s) == -1) {
		check_bfd_feed_free(s->bfd);
		free(s);
		return NULL;
	}
	return s;
}

void
check_supervisor_set_dont_respawn(struct check_supervisor *s, bool on)
{
	if (s != NULL)
		s->dont_respawn = on;
}

void
check_supervisor_set_stop_wait(struct check_supervisor *s, unsigned seconds)
{
	if (s != NULL)
		s->stop_wait_s = seconds;
}

void
check_supervisor_signal(struct check_supervisor *s, int signo)
{
	if (s == NULL)
		return;
	if (s->pid > 0) {
		kill(s->pid, signo);
		return;
	}
	/* A reload is the way to bring back a checker that stopped for good. */
	if (signo == SIGHUP && !ev_timer_active(&s->respawn)) {
		s->delay_us = 0;
		spawn(s);
	}
}

void
check_supervisor_stop(struct check_supervisor *s)
{
	int status;

	if (s == NULL)
		return;
	s->stopping = true;
	ev_timer_stop(s->loop, &s->respawn);
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		/* Waited for here: the loop is ending, and IPVS must be clean before we go. */
		for (uint64_t ms = 0; ms < (uint64_t)s->stop_wait_s * 1000; ms += 10) {
			if (waitpid(s->pid, &status, WNOHANG) != 0)
				goto reaped;
			nanosleep(&(struct timespec){ 0, 10 * 1000000L }, NULL);
		}
		if (waitpid(s->pid, &status, WNOHANG) != 0)
			goto reaped;
		/* keepalived's line for its checker child (child_wait_time elapsed). */
		log_info("checker process failed to die - forcing termination");
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
	}
reaped:
	check_bfd_feed_free(s->bfd);
	free(s);
}

void
check_supervisor_bfd_follow(struct check_supervisor *s, struct bfd_run *b)
{
	if (s != NULL)
		check_bfd_feed_follow(s->bfd, b);
}

bool
check_supervisor_wanted(const struct kconf *conf)
{
	return conf->check != NULL && conf->check->n_vs > 0;
}
