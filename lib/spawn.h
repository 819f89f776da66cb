/*
 * Starting programs from an event-driven daemon: fork and execve, with the
 * child's state made clean first. The parent's blocked signal mask (the
 * event loop blocks what it reads through signalfd) and ignored signals
 * (SIGPIPE) are inherited across exec, so both are reset; descriptors other
 * than 0-2 are closed, and 0-2 point at /dev/null so that a program writing
 * to them can never block or corrupt anything.
 *
 * An exec failure is reported to the caller as errno, synchronously,
 * through a close-on-exec pipe: the caller learns "no such file" at once
 * instead of from an exit status. A file that execve() refuses as not a
 * binary (ENOEXEC: a script without #!) is run with /bin/sh, as execvp()
 * does; nothing else ever goes through a shell.
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
};

/*
 * Start the program. Returns its pid, or -1 with errno set: from fork(), or
 * from the child's set-up or execve() (the child has then been reaped).
 */
pid_t spawn_exec(const struct spawn_req *req);

#endif
