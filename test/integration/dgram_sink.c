/*
 * A datagram listener for the service tests (init_script.sh, systemd.sh):
 *
 *   dgram_sink PATH
 *
 * binds a Unix datagram socket at PATH (which must not exist) and prints
 * each datagram it receives on one line of stdout, flushed at once, after
 * the receive time in milliseconds on CLOCK_MONOTONIC: "1234567 READY=1".
 * Newlines inside a datagram become spaces, so that one message stays one
 * line. It stands in for syslog's /dev/log and for systemd's NOTIFY_SOCKET,
 * and runs until it is killed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun;
	char buf[4096];
	ssize_t n, i;
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: dgram_sink PATH (shorter than %zu bytes)\n",
			sizeof(sun.sun_path));
		return 2;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		perror("socket");
		return 1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, argv[1], strlen(argv[1]) + 1);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "bind %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (;;) {
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			perror("recv");
			return 1;
		}
		/* syslog and sd_notify may end a message with a newline. */
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
			n--;
		for (i = 0; i < n; i++)
			if (buf[i] == '\n' || buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		printf("%llu %s\n", (unsigned long long)now_ms(), buf);
		fflush(stdout);
	}
}
