/*
 * Pid files. The daemon holds an exclusive flock() on its pid file for as
 * long as it lives, and the lock, not the content, says who owns the file:
 * two daemons started together open the same file, only one gets the lock,
 * and the kernel drops it when its holder dies however it dies. A file left
 * behind by a dead daemon is unlocked and simply taken over, in place.
 *
 * flock() rather than fcntl() locks: a POSIX lock is dropped when the
 * process closes any descriptor of the file (reading the pid file again
 * would do it), and a flock() lock belongs to the open file description,
 * which is close-on-exec, so scripts never carry it.
 *
 * The directory may be writable by others: the file is opened with
 * O_NOFOLLOW (a planted symlink is refused, its target untouched), a FIFO
 * or a directory is refused, and a file that is not ours alone (another
 * owner, or a second hard link) is unlinked and replaced rather than
 * written through. A daemon without locks (keepalived, or an older version
 * of this one) is respected as before: an unlocked file naming a live
 * process other than us is refused.
 */
#include "pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIDFILE_MODE 0644
#define PIDFILE_ATTEMPTS 8 /* the name changed under us this often: give up */

/* Is pid a running process? EPERM means it is, only not ours to signal. */
static int
pidfile_alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/* The pid written in the open file fd, 0 for content that is not a pid. */
static pid_t
pidfile_parse(int fd)
{
	char buf[32], *end;
	ssize_t n;
	long pid;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || (*end != '\0' && *end != '\n') || pid <= 0 || pid > INT_MAX)
		return 0;
	return (pid_t)pid;
}

/*
 * Read the pid stored at path without following a symlink or blocking on a
 * FIFO. Returns the pid, 0 for content that is not a pid, or -1 with errno
 * (ELOOP: a symlink; EISDIR, EINVAL: a directory or another non-regular file).
 */
static pid_t
pidfile_read(const char *path)
{
	struct stat st;
	pid_t pid;
	int fd, saved;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto error;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto error;
	}
	pid = pidfile_parse(fd);
	close(fd);
	return pid;

error:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Does path still name the file open as fd (st: its fstat)? */
static int
pidfile_same(const char *path, const struct stat *st)
{
	struct stat now;

	return lstat(path, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino;
}

/* Write our pid over the content of the locked fd. 0, or -1 with errno. */
static int
pidfile_write(int fd)
{
	char buf[32];
	int len;

	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	errno = EIO; /* a short write sets none */
	/* The umask may have taken bits away: others read this file. */
	if (ftruncate(fd, 0) < 0 || fchmod(fd, PIDFILE_MODE) < 0 ||
	    pwrite(fd, buf, (size_t)len, 0) != len)
		return -1;
	return 0;
}

/*
 * One try at path. Returns the locked fd; -1 with errno for a final
 * failure; -2 when the name changed under us (try again).
 */
static int
pidfile_try(const char *path, pid_t *holder)
{
	struct stat st;
	pid_t pid;
	int fd, saved;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		  PIDFILE_MODE);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto error;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto error;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			pid = pidfile_parse(fd);
			if (holder != NULL)
				*holder = pid;
			errno = EEXIST;
		}
		goto error;
	}
	/*
	 * Between open and lock the holder may have removed the file and a
	 * newcomer created another: our lock on the old one counts for nothing.
	 */
	if (!pidfile_same(path, &st)) {
		close(fd);
		return -2;
	}
	/* Another user's file, or a hard link to one: replace, never write through. */
	if (st.st_uid != geteuid() || st.st_nlink != 1) {
		if (unlink(path) < 0 && errno != ENOENT)
			goto error;
		close(fd);
		return -2;
	}
	/*
	 * Unlocked, yet naming a live process: a daemon that does not lock.
	 * Our own pid is stale, though: a restarted container gives the daemon
	 * the pid its previous run wrote.
	 */
	pid = pidfile_parse(fd);
	if (pid > 0 && pid != getpid() && pidfile_alive(pid)) {
		if (holder != NULL)
			*holder = pid;
		errno = EEXIST;
		goto error;
	}
	if (pidfile_write(fd) < 0)
		goto error;
	return fd;

error:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
pidfile_create(const char *path, pid_t *holder)
{
	int attempt, fd;

	for (attempt = 0; attempt < PIDFILE_ATTEMPTS; attempt++) {
		if (holder != NULL)
			*holder = 0;
		fd = pidfile_try(path, holder);
		if (fd != -2)
			return fd;
	}
	errno = EAGAIN;
	return -1;
}

void
pidfile_remove(const char *path, int fd)
{
	int saved = errno;
	struct stat st;

	if (fd < 0)
		return;
	/* Unlink while still holding the lock, so no newcomer loses its file. */
	if (fstat(fd, &st) == 0 && pidfile_same(path, &st))
		unlink(path);
	close(fd);
	errno = saved;
}

pid_t
pidfile_read_live(const char *path)
{
	int saved = errno;
	pid_t pid = pidfile_read(path);

	if (pid > 0 && !pidfile_alive(pid))
		pid = 0;
	errno = saved;
	return pid > 0 ? pid : 0;
}
