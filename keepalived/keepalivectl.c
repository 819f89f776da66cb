/*
 * keepalivectl: query and steer a running keepalived through its control
 * socket (keepalived/core/control.h has the protocol). It sends one command
 * line, prints the body of the answer (stdout for OK, stderr for ERR) and
 * exits with a status that scripts can test; --help lists them.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/core/control.h"
#include "keepalived/core/ctl_monitor.h"

enum ctl_exit {
	CTL_OK = 0,
	CTL_REFUSED = 1, /* the daemon answered ERR */
	CTL_USAGE = 2,
	CTL_NOT_RUNNING = 3, /* no socket, or nobody listening on it */
	CTL_DENIED = 4,      /* not permitted to use the socket */
	CTL_COMM = 5,        /* timeout, lost connection, garbled answer */
	CTL_UNTRUSTED = 6,   /* the socket is served by neither root nor us */
};

#define CTL_TIMEOUT_S 10
#define CTL_RELOAD_TIMEOUT_S 60
#define CTL_HEADER_MAX 64

static const char *progname = "keepalivectl";

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [--socket PATH] [--timeout SECONDS] COMMAND\n"
		"\n"
		"Query or steer a running keepalived through its control socket.\n"
		"\n"
		"Commands:\n"
		"  status [--json]              one line per VRRP instance: state, configured and\n"
		"                               effective priority, master address, VIPs, time in\n"
		"                               state, reason of the last transition\n"
		"  stats [--json]               counters per instance (adverts, transitions,\n"
		"                               every receive-drop reason, GARPs), sockets and\n"
		"                               netlink\n"
		"  metrics                      the same in Prometheus text format\n"
		"  reload                       re-read the configuration, as SIGHUP does; fails\n"
		"                               (and the daemon keeps the running one) if it is\n"
		"                               invalid\n"
		"  maintenance INSTANCE on|off  on: hold INSTANCE in FAULT (as Master it sends\n"
		"                               a priority-0 advert, so a peer takes over within\n"
		"                               its Skew_Time); off: release it. The\n"
		"                               configuration is not changed; a restart clears\n"
		"                               it.\n"
		"  lvs [--json]                 one line per real server of each virtual server:\n"
		"                               health, weight, check counters, reason of the\n"
		"                               last change; the quorum of each virtual server\n"
		"  monitor IFACE [--json]       watch VRRP on a segment (no daemon needed): every\n"
		"                               sender per VRID and the problems seen (two\n"
		"                               masters, disagreeing senders, late adverts);\n"
		"                               --read FILE instead of IFACE reads a capture\n"
		"\n"
		"Options:\n"
		"  -s, --socket PATH     the daemon's control socket (default %s,\n"
		"                        as keepalived --control-socket)\n"
		"  -t, --timeout SECONDS give up after this long (default %d; %d for reload)\n"
		"  -h, --help            this help\n"
		"  -V, --version         the version\n"
		"\n"
		"Exit status:\n"
		"  0  done\n"
		"  1  the daemon refused the command (unknown instance, reload failed...)\n"
		"  2  wrong usage\n"
		"  3  the daemon is not running (no socket, or nothing listening on it)\n"
		"  4  permission denied: the socket is for root only\n"
		"  5  no answer in time, connection lost, or an answer that makes no sense\n"
		"  6  the socket is served by a process that is neither root nor you:\n"
		"     not keepalived; nothing was sent to it\n",
		progname, CONTROL_DEFAULT_PATH, CTL_TIMEOUT_S, CTL_RELOAD_TIMEOUT_S);
}

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* How each command is used, for the error that a wrong use gets. */
/* clang-format off */
static const struct {
	const char *name;
	const char *usage;
} commands[] = {
	{ "status", "status [--json]" },
	{ "stats", "stats [--json]" },
	{ "metrics", "metrics" },
	{ "reload", "reload" },
	{ "maintenance", "maintenance INSTANCE on|off" },
	{ "lvs", "lvs [--json]" },
};
/* clang-format on */

static bool
args_ok(int argc, char *argv[])
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "status") == 0 || strcmp(cmd, "stats") == 0 || strcmp(cmd, "lvs") == 0)
		return argc == 1 || (argc == 2 && strcmp(argv[1], "--json") == 0);
	if (strcmp(cmd, "metrics") == 0 || strcmp(cmd, "reload") == 0)
		return argc == 1;
	return argc == 3 && (strcmp(argv[2], "on") == 0 || strcmp(argv[2], "off") == 0);
}

/*
 * The command line to send, checked here so that a typo fails at once with
 * CTL_USAGE. Returns CTL_OK or CTL_USAGE (said why).
 */
static int
build_request(int argc, char *argv[], char *line, size_t size)
{
	size_t len = 0, c;
	int i, n;

	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(argv[0], commands[c].name) == 0)
			break;
	if (c == sizeof(commands) / sizeof(commands[0]))
		return fail(CTL_USAGE, "unknown command '%s' (try --help)", argv[0]);
	if (!args_ok(argc, argv))
		return fail(CTL_USAGE, "usage: %s [--socket PATH] %s", progname, commands[c].usage);
	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '\0' || strpbrk(argv[i], " \t\r\n") != NULL)
			return fail(CTL_USAGE, "'%s': arguments cannot be empty or hold spaces",
				    argv[i]);
		n = snprintf(line + len, size - len, "%s%s", i ? " " : "", argv[i]);
		if (n < 0 || (size_t)n + 2 >= size - len)
			return fail(CTL_USAGE, "command line too long");
		len += (size_t)n;
	}
	line[len++] = '\n';
	line[len] = '\0';
	return CTL_OK;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until fd is ready for events or the deadline passes: 0, or -1 (errno). */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = { fd, events, 0 };
	int64_t left;
	int rc;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		rc = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
}

static int
connect_daemon(const char *path, int64_t deadline, int *fdp)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return fail(CTL_USAGE, "%s: socket path too long", path);
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return fail(CTL_COMM, "socket: %s", strerror(errno));
	while (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int err = errno;

		if (err == EINTR)
			continue;
		/* A full backlog: the daemon is there but busy; try until the deadline. */
		if (err == EAGAIN && now_ms() < deadline) {
			usleep(20000);
			continue;
		}
		close(fd);
		switch (err) {
		case ENOENT:
			return fail(CTL_NOT_RUNNING,
				    "%s: no such socket: keepalived is not running, or it "
				    "listens elsewhere (see --socket)",
				    path);
		case ECONNREFUSED:
			return fail(CTL_NOT_RUNNING,
				    "%s: connection refused: keepalived is not running "
				    "(the socket is left from an earlier run)",
				    path);
		case EACCES:
		case EPERM:
			return fail(CTL_DENIED,
				    "%s: permission denied: the control socket is for root "
				    "only",
				    path);
		case ENOTSOCK:
			return fail(CTL_NOT_RUNNING, "%s: not a socket", path);
		default:
			return fail(CTL_COMM, "%s: %s", path, strerror(err));
		}
	}
	*fdp = fd;
	return CTL_OK;
}

/*
 * Who listens on the socket: root, or our own user (a daemon run by us).
 * Anyone else has put a socket where keepalived's should be, to read our
 * commands or feed us made-up answers, so we say nothing to it.
 */
static int
check_server(int fd, const char *path)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return fail(CTL_COMM, "%s: cannot learn who serves the socket: %s", path,
			    strerror(errno));
	if (cred.uid != 0 && cred.uid != geteuid())
		return fail(CTL_UNTRUSTED,
			    "%s: served by pid %d of uid %u, which is neither root nor you: "
			    "that is not keepalived; nothing sent",
			    path, (int)cred.pid, (unsigned)cred.uid);
	return CTL_OK;
}

static int
send_all(int fd, const char *buf, size_t len, int64_t deadline)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && wait_fd(fd, POLLOUT, deadline) == 0)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read at most size bytes, waiting until the deadline. 0 means end of file. */
static ssize_t
recv_some(int fd, char *buf, size_t size, int64_t deadline)
{
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, size, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || wait_fd(fd, POLLIN, deadline) == -1)
			return -1;
	}
}

/*
 * Read "OK LEN\n" or "ERR LEN\n" and then LEN bytes, which go to stdout
 * (OK) or stderr (ERR) as they arrive. Bytes read past the header line are
 * the start of the body.
 */
static int
read_answer(int fd, int64_t deadline)
{
	char buf[4096], header[CTL_HEADER_MAX + 1], *nl, *end;
	size_t have = 0, body_left, chunk;
	unsigned long long len;
	bool ok;
	ssize_t n;
	FILE *out;

	for (;;) {
		n = recv_some(fd, header + have, CTL_HEADER_MAX - have, deadline);
		if (n <= 0)
			return fail(CTL_COMM, "%s",
				    n == 0 ? "the daemon closed the connection without answering" :
				    errno == ETIMEDOUT ? "no answer in time" :
							 strerror(errno));
		have += (size_t)n;
		header[have] = '\0';
		nl = memchr(header, '\n', have);
		if (nl != NULL)
			break;
		if (have == CTL_HEADER_MAX)
			return fail(CTL_COMM, "garbled answer from the daemon");
	}
	*nl = '\0';
	ok = strncmp(header, "OK ", 3) == 0;
	if (!ok && strncmp(header, "ERR ", 4) != 0)
		return fail(CTL_COMM, "garbled answer from the daemon");
	errno = 0;
	len = strtoull(header + (ok ? 3 : 4), &end, 10);
	if (errno != 0 || *end != '\0')
		return fail(CTL_COMM, "garbled answer from the daemon");
	out = ok ? stdout : stderr;
	if (!ok)
		fprintf(stderr, "%s: ", progname);

	/* What came with the header already. */
	chunk = have - (size_t)(nl + 1 - header);
	if (chunk > len)
		chunk = (size_t)len;
	/* An ERR body saying "permission denied" is the daemon's uid check. */
	if (!ok && chunk >= 17 && strncmp(nl + 1, "permission denied", 17) == 0) {
		fwrite(nl + 1, 1, chunk, stderr);
		return CTL_DENIED;
	}
	fwrite(nl + 1, 1, chunk, out);
	body_left = (size_t)len - chunk;
	while (body_left > 0) {
		n = recv_some(fd, buf, body_left < sizeof(buf) ? body_left : sizeof(buf), deadline);
		if (n <= 0) {
			fflush(out);
			return fail(CTL_COMM, "%s",
				    n == 0 ? "the daemon closed the connection mid-answer" :
				    errno == ETIMEDOUT ? "no complete answer in time" :
							 strerror(errno));
		}
		fwrite(buf, 1, (size_t)n, out);
		body_left -= (size_t)n;
	}
	if (fflush(out) == EOF)
		return fail(CTL_COMM, "writing the answer: %s", strerror(errno));
	return ok ? CTL_OK : CTL_REFUSED;
}

int
main(int argc, char *argv[])
{
	/* clang-format off */
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	/* clang-format on */
	const char *path = CONTROL_DEFAULT_PATH;
	char line[CONTROL_REQUEST_MAX], *end;
	long timeout_s = -1;
	int64_t deadline;
	int opt, fd = -1, rc;

	if (argc > 0 && argv[0] != NULL) {
		const char *slash = strrchr(argv[0], '/');

		progname = slash != NULL ? slash + 1 : argv[0];
	}
	/* "+": options end at the command, whose own options follow it. */
	while ((opt = getopt_long(argc, argv, "+s:t:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 't':
			errno = 0;
			timeout_s = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || timeout_s <= 0 || timeout_s > 86400)
				return fail(CTL_USAGE, "--timeout: '%s' is not a number of seconds",
					    optarg);
			break;
		case 'h':
			usage(stdout);
			return CTL_OK;
		case 'V':
			printf("keepalivectl %s (%s)\n", PACKAGE_VERSION, PACKAGE_NAME);
			return CTL_OK;
		default:
			usage(stderr);
			return CTL_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CTL_USAGE;
	}
	if (strcmp(argv[optind], "monitor") == 0)
		return ctl_monitor_main(argc - optind, argv + optind);
	rc = build_request(argc - optind, argv + optind, line, sizeof(line));
	if (rc != CTL_OK)
		return rc;
	if (timeout_s < 0)
		timeout_s = strcmp(argv[optind], "reload") == 0 ? CTL_RELOAD_TIMEOUT_S :
								  CTL_TIMEOUT_S;
	deadline = now_ms() + timeout_s * 1000;

	rc = connect_daemon(path, deadline, &fd);
	if (rc != CTL_OK)
		return rc;
	rc = check_server(fd, path);
	if (rc != CTL_OK) {
		close(fd);
		return rc;
	}
	if (send_all(fd, line, strlen(line), deadline) == -1) {
		rc = fail(CTL_COMM, "%s: sending the command: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	rc = read_answer(fd, deadline);
	close(fd);
	return rc;
}
