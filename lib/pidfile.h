/*
 * Pid files, held with a lock: pidfile_create() opens (or creates, mode 0644)
 * the file without following symlinks, takes an exclusive flock() on it and
 * writes our pid; the daemon keeps the returned descriptor open for its
 * whole life, so a second daemon, even one started at the same instant,
 * finds the file locked and refuses to start. A file nobody holds is stale
 * and taken over, unless it names a live process that is not us (a daemon
 * that does not lock, such as keepalived itself).
 */
#ifndef LIB_PIDFILE_H
#define LIB_PIDFILE_H

#include <sys/types.h>

/*
 * Lock path and write getpid() to it. Returns the locked descriptor
 * (close-on-exec; keep it open, pass it to pidfile_remove()), or -1 with
 * errno: EEXIST when a live daemon holds it (*holder, if not NULL, gets its
 * pid as written, 0 if unreadable, and 0 in every other case); ELOOP when
 * path is a symlink, EISDIR/EINVAL when it is a directory or another
 * non-regular file (none of these is touched); EAGAIN if the name kept
 * changing under us; any open(2) error.
 */
int pidfile_create(const char *path, pid_t *holder);
/* Remove path if it still names the file of fd, then close fd (the lock
 * goes with it). fd -1 does nothing. errno kept. */
void pidfile_remove(const char *path, int fd);
/* The pid in path if that process is alive, else 0. */
pid_t pidfile_read_live(const char *path);

#endif
