/*
 * The sd_notify protocol spoken directly (see sd_notify.h for why). Each
 * call opens, sends and closes its own socket: notifications are rare
 * (start, reload, stop, a watchdog keep-alive every few seconds), and no
 * descriptor is left for scripts to inherit or for a reload to track.
 */
#include "config.h"

#include "sd_notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
sdnotify_send(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len;
	socklen_t alen;
	ssize_t n;
	int fd, saved;

	if (path == NULL || path[0] == '\0')
		return 0;
	len = strlen(path);
	/* Only a path or an abstract name: not "vsock:" and the like. */
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sun.sun_path)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memcpy(sun.sun_path, path, len);
	/* An abstract name starts with a NUL byte and is not NUL-terminated. */
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (path[0] == '/'));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sun, alen);
	saved = errno;
	close(fd);
	if (n == -1) {
		errno = saved;
		return -1;
	}
	return 1;
}

/* A decimal number that fills the whole string and fits in 64 bits. */
static int
sdnotify_parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = n;
	return 0;
}

int
sdnotify_watchdog_usec(uint64_t *usec)
{
	const char *s = getenv("WATCHDOG_USEC"), *p = getenv("WATCHDOG_PID");
	uint64_t v, pid;

	if (s == NULL)
		return 0;
	if (sdnotify_parse_u64(s, &v) == -1 || v == 0)
		return -1;
	/* Set by systemd for the main process: a child it forked is not asked. */
	if (p != NULL) {
		if (sdnotify_parse_u64(p, &pid) == -1)
			return -1;
		if (pid != (uint64_t)getpid())
			return 0;
	}
	*usec = v;
	return 1;
}
