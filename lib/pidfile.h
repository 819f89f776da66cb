/*
 * Pid files, created safely: O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644. A pid file
 * whose process is gone is stale and replaced; one whose process is alive
 * makes pidfile_create() fail with EEXIST so a second daemon refuses to start.
 */
#ifndef LIB_PIDFILE_H
#define LIB_PIDFILE_H

#include <sys/types.h>

/* Write getpid() to path. 0, or -1 with errno (EEXIST: a live daemon holds it;
 * *holder, if not NULL, gets its pid). */
int pidfile_create(const char *path, pid_t *holder);
/* Remove path if it still holds our pid. */
void pidfile_remove(const char *path);
/* The pid in path if that process is alive, else 0. */
pid_t pidfile_read_live(const char *path);

#endif
