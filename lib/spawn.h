/*
 * Starting programs from an event-driven daemon: fork and execve, with the
 * child's state made clean first. The parent's blocked signal mask (the
 * event loop blocks what it reads through signalfd) and ignored signals
 * (SIGPIPE) are inherited across exec, so both are reset; descriptors other
 * than 0-2 are closed, and 0-2 point at /dev/null so that a program writing
 * to them can never block or corrupt anything.
 *
 * An exec failure is reported to the caller as errno through a
 * close-on-exec pipe: the caller learns "no such file" rather than only an
 * exit status of 127. spawn_exec() waits for it (end of file: execve()
 * succeeded); spawn_start() does not wait for the child at all and hands
 * the pipe over, so that an event loop pays only for the fork() and reads
 * the outcome when the child is reaped (spawn_result()). A file that
 * execve() refuses as not a binary (ENOEXEC: a script without #!) is run
 * with /bin/sh, as execvp() does; nothing else ever goes through a shell.
 *
 * Reaping is the caller's business (lib/event.h: ev_child_watch()).
 */
#ifndef LIB_SPAWN_H
#define LIB_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

struct spawn_req {
	const char *path;  /* the program; argv[0] is what it is told */
	char *const *argv; /* NULL-terminated */
	bool set_ids;      /* run as uid:gid (supplementary groups dropped) */
	uid_t uid;
	gid_t gid;
	bool new_pgrp;          /* own process group: kill(-pid) reaches its children */
	bool parent_death_term; /* SIGTERM when the daemon dies */
	void (*pre_exec)(void); /* tests only: run in the child just before execve() */
};

/*
 * Start the program. Returns its pid, or -1 with errno set: from fork(), or
 * from the child's set-up or execve() (the child has then been reaped).
 */
pid_t spawn_exec(const struct spawn_req *req);

/*
 * Start the program without waiting for the child (it may not even have
 * run yet when this returns). Returns its pid, or -1 with errno set from
 * pipe2() or fork(). *errfd is the read end of the error pipe (close-on-exec,
 * non-blocking), the caller's to pass to spawn_result() once the child has
 * ended (or earlier, when it is readable). With new_pgrp the child is put in
 * its own group before this returns, so that kill(-pid) reaches it at once.
 */
pid_t spawn_start(const struct spawn_req *req, int *errfd);

/*
 * The outcome of a spawn_start(), read without blocking from errfd, which
 * is closed: 0 if execve() succeeded, the child's errno if its set-up or
 * execve() failed, -1 if not known yet (the child still runs and errfd was
 * not closed: only possible before the child has ended).
 */
int spawn_result(int errfd);

#endif
