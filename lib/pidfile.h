/*
 * Pid files, created safely: O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644. A pid file
 * whose process is gone is stale and replaced; one whose process is alive
 * makes pidfile_create() fail with EEXIST so a second daemon refuses to start.
 */
#ifndef LIB_PIDFILE_H
#define LIB_PIDFILE_H

#include <sys/types.h>

/*
 * Write getpid() to path. 0, or -1 with errno: EEXIST when a live daemon
 * holds it (*holder, if not NULL, gets its pid, and 0 in every other case); ELOOP
 * when path is a symlink, EISDIR/EINVAL when it is a directory or another
 * non-regular file (none of these is touched); any open(2) error. A file
 * holding a dead pid, our own pid or no pid at all is replaced.
 */
int pidfile_create(const char *path, pid_t *holder);
/* Remove path if it still holds our pid (never through a symlink). errno kept. */
void pidfile_remove(const char *path);
/* The pid in path if that process is alive, else 0. */
pid_t pidfile_read_live(const char *path);

#endif
