/*
 * Pid files. The file is created with O_EXCL so two daemons cannot both
 * believe they own it, and with O_NOFOLLOW so a symlink planted at the path
 * (the pid file directory may be writable by others) never makes us write or
 * delete anything else. An existing regular file is read: if its process is
 * alive we refuse to start, otherwise it is stale and replaced.
 */
#include "pidfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIDFILE_MODE 0644

/* Is pid a running process? EPERM means it is, only not ours to signal. */
static int
pidfile_alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/*
 * Read the pid stored at path without following a symlink or blocking on a
 * FIFO. Returns the pid, 0 for content that is not a pid, or -1 with errno
 * (ELOOP: a symlink; EISDIR, EINVAL: a directory or another non-regular file).
 */
static pid_t
pidfile_read(const char *path)
{
	char buf[32], *end;
	struct stat st;
	ssize_t n;
	long pid;
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
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		goto error;
	close(fd);
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || (*end != '\0' && *end != '\n') || pid <= 0 ||
	    pid > INT_MAX)
		return 0;
	return (pid_t)pid;

error:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Create path exclusively and write our pid. 0, or -1 with errno. */
static int
pidfile_write(const char *path)
{
	char buf[32];
	int fd, len, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
		  PIDFILE_MODE);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	errno = 0; /* a short write sets none */
	/* The umask may have taken bits away: others read this file. */
	if (fchmod(fd, PIDFILE_MODE) < 0 || write(fd, buf, (size_t)len) != len)
		goto error;
	if (close(fd) < 0) {
		fd = -1;
		goto error;
	}
	return 0;

error:
	saved = errno == 0 ? EIO : errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	errno = saved;
	return -1;
}

int
pidfile_create(const char *path, pid_t *holder)
{
	int attempt;
	pid_t pid;

	if (holder != NULL)
		*holder = 0;
	for (attempt = 0; attempt < 2; attempt++) {
		if (pidfile_write(path) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
		pid = pidfile_read(path);
		if (pid < 0) {
			/* Vanished since the open: just try again. */
			if (errno == ENOENT)
				continue;
			/* A symlink or a non-file is not ours to remove. */
			return -1;
		}
		/*
		 * Our own pid is stale too: a restarted container gives the
		 * daemon the pid its previous run wrote.
		 */
		if (pid > 0 && pid != getpid() && pidfile_alive(pid)) {
			if (holder != NULL)
				*holder = pid;
			errno = EEXIST;
			return -1;
		}
		/* Stale or unreadable content: unlink removes the name only. */
		if (unlink(path) < 0 && errno != ENOENT)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

void
pidfile_remove(const char *path)
{
	int saved = errno;

	if (pidfile_read(path) == getpid())
		unlink(path);
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
