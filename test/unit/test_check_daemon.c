/*
 * The checker process end to end, without a kernel's IPVS: check_daemon_main()
 * runs in a child with a fake IPVS that writes each command it gets as a
 * line on a pipe. Its real servers are 127.0.0.1 ports: one this test
 * listens on, one nobody listens on. Checked: the table at start (both
 * servers), the dead one removed after its check fails, the live one
 * removed when the test stops listening, and every service removed at
 * SIGTERM; with dont_release_ipvs, nothing removed at SIGTERM.
 */
#include "config.h"

#define _GNU_SOURCE 1 /* unshare */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/check/core/check_daemon.h"
#include "keepalived/check/proto/check_bfd_msg.h"
#include "unit_helpers.h"

static int report_fd = -1;

static void
report(const char *op, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	char line[128];
	int n = d != NULL ? snprintf(line, sizeof(line), "%s %u %u\n", op, s->port, d->port) :
			    snprintf(line, sizeof(line), "%s %u\n", op, s->port);

	if (write(report_fd, line, (size_t)n) != n)
		_exit(3);
}

/* The fake kernel's table, in the checker's process. */
static struct check_ipvs_table kernel;

static int
f_list(void *ctx, struct check_ipvs_table *out)
{
	for (unsigned i = 0; i < kernel.n_svcs; i++) {
		struct check_ipvs_entry *e = check_table_add_svc(out, &kernel.svcs[i].svc);

		for (unsigned j = 0; e != NULL && j < kernel.svcs[i].n_dests; j++)
			check_table_add_dest(e, &kernel.svcs[i].dests[j]);
	}
	return 0;
}

static int
f_svc_add(void *ctx, const struct check_ipvs_svc *s)
{
	report("svc_add", s, NULL);
	return check_table_add_svc(&kernel, s) == NULL ? -1 : 0;
}

static int
f_svc_edit(void *ctx, const struct check_ipvs_svc *s)
{
	report("svc_edit", s, NULL);
	return 0;
}

static int
f_svc_del(void *ctx, const struct check_ipvs_svc *s)
{
	struct check_ipvs_entry *e = check_table_find(&kernel, s);

	report("svc_del", s, NULL);
	if (e != NULL)
		e->svc.port = 0; /* gone for the listing's purposes */
	return 0;
}

static struct check_ipvs_dest *
dest_find(const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	struct check_ipvs_entry *e = check_table_find(&kernel, s);

	for (unsigned i = 0; e != NULL && i < e->n_dests; i++)
		if (check_dest_same(&e->dests[i], d))
			return &e->dests[i];
	return NULL;
}

static int
f_dest_add(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	report("dest_add", s, d);
	return check_table_add_dest(check_table_find(&kernel, s), d);
}

static int
f_dest_edit(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	report("dest_edit", s, d);
	*dest_find(s, d) = *d;
	return 0;
}

static int
f_dest_del(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	struct check_ipvs_dest *found = dest_find(s, d);

	report("dest_del", s, d);
	found->port = 0; /* matches nothing from now on */
	found->addr.family = 0;
	return 0;
}

static const struct check_ipvs_ops fake = { f_list,     f_svc_add,   f_svc_edit, f_svc_del,
					    f_dest_add, f_dest_edit, f_dest_del, NULL };

/* A listening socket on 127.0.0.1; its port in *port. */
static int
listener(uint16_t *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 4096), 0); /* never accepted: room for every check */
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* A port nobody listens on: bound, then closed. */
static uint16_t
dead_port(void)
{
	uint16_t port;

	close(listener(&port));
	return port;
}

/*
 * Read lines from fd until one equals want, for at most ms; false if not
 * seen. The first line of a test waits up to 20 s: the checker child starts
 * under valgrind too, on a machine running other tests.
 */
static bool
expect_line(int fd, const char *want, int ms)
{
	static char buf[8192];
	static size_t have;

	for (int waited = 0; waited <= ms; waited += 50) {
		char *nl;
		struct pollfd p = { fd, POLLIN, 0 };

		while ((nl = memchr(buf, '\n', have)) != NULL) {
			size_t n = (size_t)(nl - buf) + 1;
			bool match = n - 1 == strlen(want) && memcmp(buf, want, n - 1) == 0;

			memmove(buf, buf + n, have - n);
			have -= n;
			if (match)
				return true;
		}
		if (poll(&p, 1, 50) == 1) {
			ssize_t r = read(fd, buf + have, sizeof(buf) - have);

			if (r <= 0)
				return false;
			have += (size_t)r;
		}
	}
	print_message("not seen: %s (read: %.*s)\n", want, (int)have, buf);
	return false;
}

/* The next start()'s child runs in a network namespace of its own, lo up. */
static bool child_netns;
/* The next start()'s child has -a. */
static bool child_addr_mon;
/* The next start()'s child gets this BFD state socket (as the supervisor passes it); -1: none. */
static int child_bfd_fd = -1;

static pid_t
start(const char *conf_path, bool dont_release, int *rfd)
{
	static struct check_daemon_opts opts;
	static char pid_path[160];
	int pfd[2];
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	/* The pid file (and the status files beside it) in the test's directory. */
	snprintf(pid_path, sizeof(pid_path), "%.*s/checkers.pid",
		 (int)(strrchr(conf_path, '/') - conf_path), conf_path);
	opts = (struct check_daemon_opts){ .conf_path = conf_path,
					   .pid_path = pid_path,
					   .ipvs = &fake,
					   .dont_release_ipvs = dont_release,
					   .address_monitoring = child_addr_mon,
					   .has_bfd_fd = child_bfd_fd != -1,
					   .bfd_fd = child_bfd_fd };
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Not the test's listening socket: closing it must close it. */
		for (int fd = 3; fd < 256; fd++)
			if (fd != pfd[1] && fd != child_bfd_fd)
				close(fd);
		report_fd = pfd[1];
		if (child_netns &&
		    (unshare(CLONE_NEWNET) == -1 || system("ip link set lo up") != 0))
			_exit(4);
		if (getenv("CHECK_DAEMON_LOG") == NULL)
			log_set_sink(unit_log_sink, NULL); /* quiet */
		else
			log_set_console(true);
		_exit(check_daemon_main(&opts));
	}
	close(pfd[1]);
	*rfd = pfd[0];
	return pid;
}

static void
write_conf(const char *path, uint16_t live, uint16_t dead)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f,
		"virtual_server 198.18.0.100 80 {\n delay_loop 0.2\n protocol TCP\n"
		" real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.5\n   retry 0\n"
		"  }\n }\n"
		" real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.5\n   retry 0\n"
		"  }\n }\n}\n",
		live, dead);
	assert_int_equal(fclose(f), 0);
}

static void
test_life(void **state)
{
	char dir[64], conf[128], line[160];
	uint16_t live, dead = dead_port();
	int lfd = listener(&live), rfd, status;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	write_conf(conf, live, dead);
	pid = start(conf, false, &rfd);

	assert_true(expect_line(rfd, "svc_add 80", 20000));
	snprintf(line, sizeof(line), "dest_add 80 %u", live);
	assert_true(expect_line(rfd, line, 1000));
	snprintf(line, sizeof(line), "%s/checkers.pid", dir);
	assert_int_equal(access(line, F_OK), 0);
	/* The dead server goes at its first failed check. */
	snprintf(line, sizeof(line), "dest_del 80 %u", dead);
	assert_true(expect_line(rfd, line, 5000));
	/* The live one goes when nothing listens any more. */
	close(lfd);
	snprintf(line, sizeof(line), "dest_del 80 %u", live);
	assert_true(expect_line(rfd, line, 5000));
	kill(pid, SIGTERM);
	assert_true(expect_line(rfd, "svc_del 80", 5000));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	close(rfd);
	unit_tmpdir_remove(dir);
}

static void
test_dont_release(void **state)
{
	char dir[64], conf[128];
	uint16_t live;
	int lfd = listener(&live), rfd, status;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	write_conf(conf, live, live);
	pid = start(conf, true, &rfd);
	assert_true(expect_line(rfd, "svc_add 80", 20000));
	kill(pid, SIGTERM);
	assert_false(expect_line(rfd, "svc_del 80", 1000));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	close(lfd);
	close(rfd);
	unit_tmpdir_remove(dir);
}

/* A configuration the checker refuses is a permanent error, not a crash. */
static void
test_bad_conf(void **state)
{
	char dir[64], conf[128];
	int rfd, status;
	FILE *f;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("virtual_server 198.18.0.100 80 {\n lb_kind TUN type gue\n}\n", f);
	fclose(f);
	pid = start(conf, false, &rfd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_FATAL);
	close(rfd);
	unit_tmpdir_remove(dir);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A service nobody configured, in the fake kernel before the checker starts. */
static void
foreign_service(void)
{
	struct check_ipvs_svc s = { .family = AF_INET, .protocol = IPPROTO_TCP, .port = 99 };

	check_table_clear(&kernel);
	s.addr.family = AF_INET;
	inet_pton(AF_INET, "198.18.0.99", &s.addr.u.v4);
	snprintf(s.sched, sizeof(s.sched), "rr");
	assert_non_null(check_table_add_svc(&kernel, &s));
}

/* lvs_flush: the foreign service goes at start; lvs_flush_on_stop: every service at stop. */
static void
test_flush(void **state)
{
	char dir[64], conf[128], text[512];
	uint16_t live;
	int lfd = listener(&live), rfd, status;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(text, sizeof(text),
		 "global_defs {\n lvs_flush\n}\nvirtual_server 198.18.0.100 80 {\n delay_loop 1\n"
		 " protocol TCP\n real_server 127.0.0.1 %u {\n  TCP_CHECK {\n  }\n }\n}\n",
		 live);
	write_text(conf, text);
	foreign_service();
	pid = start(conf, false, &rfd);
	assert_true(expect_line(rfd, "svc_del 99", 5000));
	assert_true(expect_line(rfd, "svc_add 80", 1000));
	kill(pid, SIGTERM);
	assert_true(expect_line(rfd, "svc_del 80", 5000));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(rfd);

	/* Without lvs_flush the foreign service stays; lvs_flush_on_stop removes it at stop. */
	snprintf(text, sizeof(text),
		 "global_defs {\n lvs_flush_on_stop\n}\nvirtual_server 198.18.0.100 80 {\n"
		 " delay_loop 1\n protocol TCP\n real_server 127.0.0.1 %u {\n  TCP_CHECK {\n"
		 "  }\n }\n}\n",
		 live);
	write_text(conf, text);
	foreign_service();
	pid = start(conf, false, &rfd);
	assert_true(expect_line(rfd, "svc_add 80", 20000));
	kill(pid, SIGTERM);
	assert_true(expect_line(rfd, "svc_del 99", 5000));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(rfd);
	check_table_clear(&kernel);
	close(lfd);
	unit_tmpdir_remove(dir);
}

static bool
exists(const char *dir, const char *name)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static bool fifo_has(int fd, char *acc, size_t size, const char *want, int ms);

/*
 * rs_init_notifies: notify_up for the real servers that start alive;
 * omega: at stop, notify_down for the alive ones and quorum_down, run
 * before the checker exits; lvs_process_name names the process. The
 * lvs_notify_fifo lines in keepalived 2.2.7's order: RS UP then VS UP at
 * start, RS DOWN then VS DOWN at stop (omega).
 */
static void
test_notifies(void **state)
{
	char dir[64], conf[128], text[1024], fifo[128], acc[2048] = "", want[256];
	uint16_t live;
	int lfd = listener(&live), rfd, status, ffd;
	pid_t pid;
	FILE *f;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(fifo, sizeof(fifo), "%s/lvs.fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	ffd = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(ffd >= 0);
	snprintf(text, sizeof(text),
		 "global_defs {\n rs_init_notifies\n lvs_process_name chk_unit\n"
		 " lvs_notify_fifo %s\n}\n"
		 "virtual_server 198.18.0.100 80 {\n delay_loop 1\n protocol TCP\n omega\n"
		 " quorum_down \"/bin/sh -c 'sleep 0.3; touch %s/quorum_down'\"\n"
		 " real_server 127.0.0.1 %u {\n  notify_up \"/bin/touch %s/up\"\n"
		 "  notify_down \"/bin/touch %s/down\"\n  TCP_CHECK {\n  }\n }\n}\n",
		 fifo, dir, live, dir, dir);
	write_text(conf, text);
	pid = start(conf, false, &rfd);
	assert_true(expect_line(rfd, "svc_add 80", 20000));
	for (int i = 0; i < 100 && !exists(dir, "up"); i++)
		usleep(20000);
	assert_true(exists(dir, "up"));
	assert_false(exists(dir, "down"));
	/* checker_process_name (here by its old name) names the checker's process. */
	snprintf(text, sizeof(text), "/proc/%d/comm", (int)pid);
	f = fopen(text, "r");
	assert_non_null(f);
	assert_non_null(fgets(text, sizeof(text), f));
	fclose(f);
	assert_string_equal(text, "chk_unit\n");
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	/* Waited for, even the slow one. */
	assert_true(exists(dir, "down"));
	assert_true(exists(dir, "quorum_down"));
	snprintf(want, sizeof(want),
		 "RS [127.0.0.1]:tcp:%u [198.18.0.100]:tcp:80 UP\nVS [198.18.0.100]:tcp:80 UP\n"
		 "RS [127.0.0.1]:tcp:%u [198.18.0.100]:tcp:80 DOWN\n"
		 "VS [198.18.0.100]:tcp:80 DOWN\n",
		 live, live);
	assert_true(fifo_has(ffd, acc, sizeof(acc), want, 2000));
	assert_string_equal(acc, want);
	close(ffd);
	close(rfd);
	close(lfd);
	unit_tmpdir_remove(dir);
}

/* Read fd (non-blocking) into acc until it holds want, for at most ms. */
static bool
fifo_has(int fd, char *acc, size_t size, const char *want, int ms)
{
	size_t have = strlen(acc);

	for (int waited = 0; waited <= ms; waited += 20) {
		ssize_t r;

		if (strstr(acc, want) != NULL)
			return true;
		r = read(fd, acc + have, size - 1 - have);
		if (r > 0) {
			have += (size_t)r;
			acc[have] = '\0';
			continue;
		}
		usleep(20000);
	}
	print_message("not seen on the FIFO: %s (read: %s)\n", want, acc);
	return false;
}

/*
 * How many rtnetlink sockets of pid ss shows with this receive buffer
 * ("rb3000000"). libnl numbers a process's sockets pid + (i << 22); ss
 * prints "rtnl:NAME/PID" for pid itself, the others as a signed number.
 */
static int
rtnl_rcvbuf_count(pid_t pid, long rb)
{
	char line[1024], tag[64];
	int port, seen[16], n = 0;
	FILE *p = popen("ss -f netlink -a -m 2>/dev/null", "r");

	if (p == NULL)
		return 0;
	while (fgets(line, sizeof(line), p) != NULL) {
		bool mine;

		snprintf(tag, sizeof(tag), "rb%ld,", rb);
		if (strstr(line, "rtnl:") == NULL || strstr(line, tag) == NULL)
			continue;
		snprintf(tag, sizeof(tag), "/%d ", (int)pid);
		mine = strstr(line, tag) != NULL;
		if (mine)
			port = (int)pid;
		else if (sscanf(strstr(line, "rtnl:") + 5, "%d", &port) == 1)
			mine = ((uint32_t)port & 0x3fffff) == (uint32_t)pid;
		for (int i = 0; mine && i < n; i++)
			mine = seen[i] != port; /* ss may show a socket twice */
		if (mine && n < 16)
			seen[n++] = port;
	}
	pclose(p);
	return n;
}

/*
 * lvs_notify_fifo and notify_fifo: keepalived's "VS ... UP" at start and
 * "RS ... DOWN" when a real server fails, on both. lvs_netlink_*: with
 * ha_suspend the checker has its rtnetlink monitor, sized as configured,
 * and so is -a's.
 */
static void
test_fifo(void **state)
{
	char dir[64], conf[128], lvs[128], glob[128], text[1024], want[128];
	char acc_l[4096] = "", acc_g[4096] = "";
	uint16_t live, dead = dead_port();
	int lfd = listener(&live), rfd, status, fl, fg;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(lvs, sizeof(lvs), "%s/lvs.fifo", dir);
	snprintf(glob, sizeof(glob), "%s/g.fifo", dir);
	assert_int_equal(mkfifo(lvs, 0600), 0);
	assert_int_equal(mkfifo(glob, 0600), 0);
	fl = open(lvs, O_RDONLY | O_NONBLOCK);
	fg = open(glob, O_RDONLY | O_NONBLOCK);
	assert_true(fl >= 0 && fg >= 0);
	snprintf(text, sizeof(text),
		 "global_defs {\n notify_fifo %s\n lvs_notify_fifo %s\n"
		 " lvs_netlink_monitor_rcv_bufs 1500000\n lvs_netlink_monitor_rcv_bufs_force\n}\n"
		 "virtual_server 127.0.0.1 80 {\n delay_loop 0.2\n protocol TCP\n ha_suspend\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.5\n   retry 0\n"
		 "  }\n }\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.5\n   retry 0\n"
		 "  }\n }\n}\n",
		 glob, lvs, live, dead);
	write_text(conf, text);
	child_addr_mon = true;
	pid = start(conf, false, &rfd);
	child_addr_mon = false;
	assert_true(expect_line(rfd, "svc_add 80", 20000));
	assert_true(fifo_has(fl, acc_l, sizeof(acc_l), "VS [127.0.0.1]:tcp:80 UP\n", 10000));
	snprintf(want, sizeof(want), "RS [127.0.0.1]:tcp:%u [127.0.0.1]:tcp:80 DOWN\n", dead);
	assert_true(fifo_has(fl, acc_l, sizeof(acc_l), want, 10000));
	assert_true(fifo_has(fg, acc_g, sizeof(acc_g), "VS [127.0.0.1]:tcp:80 UP\n", 10000));
	assert_true(fifo_has(fg, acc_g, sizeof(acc_g), want, 10000));
	/* The live one never went down; no line for it. */
	snprintf(want, sizeof(want), "RS [127.0.0.1]:tcp:%u", live);
	assert_null(strstr(acc_l, want));
	/* SO_RCVBUFFORCE needs CAP_NET_ADMIN; the kernel doubles the size. */
	if (geteuid() == 0 && access("/usr/bin/ss", X_OK) == 0)
		/* ha_suspend's monitor and -a's. */
		assert_int_equal(rtnl_rcvbuf_count(pid, 3000000), 2);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	close(fl);
	close(fg);
	close(rfd);
	close(lfd);
	unit_tmpdir_remove(dir);
}

/* A child answering every GET with 200, writing "PATH MS" (monotonic) for each on out. */
static pid_t
http_server(int lfd, int out)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test must not leave it behind */
	for (;;) {
		char req[2048], line[256], path[128] = "?";
		static const char ok[] = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
		size_t have = 0;
		struct timespec ts;
		int fd = accept(lfd, NULL, NULL), n;
		ssize_t r;

		if (fd < 0)
			_exit(0);
		while (have < sizeof(req) - 1 &&
		       (r = read(fd, req + have, sizeof(req) - 1 - have)) > 0) {
			have += (size_t)r;
			req[have] = '\0';
			if (strstr(req, "\r\n\r\n") != NULL)
				break;
		}
		req[have] = '\0';
		sscanf(req, "GET %127s", path);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		n = snprintf(line, sizeof(line), "%s %lld\n", path,
			     (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
		if (write(out, line, (size_t)n) != n || write(fd, ok, sizeof(ok) - 1) < 0)
			_exit(0);
		close(fd);
	}
}

/*
 * fast_recovery: a failed (here alpha) server's urls checked back to back;
 * without it one url per delay_loop (keepalived.conf(5)). VS 80 (fast,
 * delay_loop 3: up at its first check) must come up before VS 81 (paced,
 * delay_loop 1: up after about 2 s), whose urls must be at least a
 * delay_loop apart; 80's urls within one delay_loop (paced: 6 s). warmup 0:
 * both first checks at start, not at a random time within delay_loop
 * (80's could otherwise come after 81's third url).
 */
static void
test_fast_recovery(void **state)
{
	char dir[64], conf[128], text[2048], log[4096] = "", want[64];
	uint16_t port;
	int lfd = listener(&port), rfd, pfd[2], status;
	long long sa = -1, sb = -1, sc = -1, fa = -1, fc = -1;
	pid_t pid, srv;
	char *s;

	assert_int_equal(pipe(pfd), 0);
	srv = http_server(lfd, pfd[1]);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(text, sizeof(text),
		 "virtual_server 198.18.0.100 80 {\n delay_loop 3\n warmup 0\n protocol TCP\n"
		 " alpha\n"
		 " real_server 127.0.0.1 %u {\n  HTTP_GET {\n   fast_recovery\n"
		 "   url {\n    path /fa\n   }\n   url {\n    path /fb\n   }\n"
		 "   url {\n    path /fc\n   }\n  }\n }\n}\n"
		 "virtual_server 198.18.0.100 81 {\n delay_loop 1\n warmup 0\n protocol TCP\n"
		 " alpha\n"
		 " real_server 127.0.0.1 %u {\n  HTTP_GET {\n"
		 "   url {\n    path /sa\n   }\n   url {\n    path /sb\n   }\n"
		 "   url {\n    path /sc\n   }\n  }\n }\n}\n",
		 port, port);
	write_text(conf, text);
	pid = start(conf, false, &rfd);
	/* Generous bounds (a loaded machine): the order is what is checked. */
	snprintf(want, sizeof(want), "dest_add 80 %u", port);
	assert_true(expect_line(rfd, want, 10000));
	/* Lines are dropped until a match: 81 before 80 (paced: 6 s) would be missed here. */
	snprintf(want, sizeof(want), "dest_add 81 %u", port);
	assert_true(expect_line(rfd, want, 10000));
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	kill(srv, SIGTERM);
	waitpid(srv, NULL, 0);
	assert_true(read(pfd[0], log, sizeof(log) - 1) > 0);
	if ((s = strstr(log, "/sa ")) != NULL)
		sa = atoll(s + 4);
	if ((s = strstr(log, "/sb ")) != NULL)
		sb = atoll(s + 4);
	if ((s = strstr(log, "/sc ")) != NULL)
		sc = atoll(s + 4);
	if ((s = strstr(log, "/fa ")) != NULL)
		fa = atoll(s + 4);
	if ((s = strstr(log, "/fc ")) != NULL)
		fc = atoll(s + 4);
	assert_true(sa >= 0 && sb >= 0 && sc >= 0 && fa >= 0 && fc >= 0);
	/* Back to back: well within 80's delay_loop (3 s), where paced ones are 6 s apart. */
	assert_true(fc - fa < 3000);
	/* A timer never fires early: paced by delay_loop (1 s), less a little rounding. */
	assert_true(sb - sa >= 900 && sc - sb >= 900);
	close(pfd[0]);
	close(rfd);
	close(lfd);
	unit_tmpdir_remove(dir);
}

/*
 * ha_suspend follows the address at once through the checker's netlink
 * monitor: its checker is suspended while 198.18.0.100 is not local, and
 * runs as soon as the address is added (the failed check removes the dead
 * real server), not after delay_loop (60 s). In a namespace of the
 * checker's own, where the test adds the address.
 */
static void
test_ha_suspend_follows(void **state)
{
	char dir[64], conf[128], text[512], cmd[128];
	uint16_t dead = dead_port();
	int rfd, status;
	pid_t pid;

	if (system("command -v nsenter >/dev/null && command -v ip >/dev/null") != 0) {
		print_message("nsenter or ip missing: skipped\n");
		return;
	}
	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(text, sizeof(text),
		 "virtual_server 198.18.0.100 80 {\n delay_loop 60\n protocol TCP\n ha_suspend\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.5\n   retry 0\n"
		 "  }\n }\n}\n",
		 dead);
	write_text(conf, text);
	child_netns = true;
	pid = start(conf, false, &rfd);
	child_netns = false;
	assert_true(expect_line(rfd, "svc_add 80", 10000));
	snprintf(text, sizeof(text), "dest_del 80 %u", dead);
	assert_false(expect_line(rfd, text, 500)); /* suspended */
	snprintf(cmd, sizeof(cmd), "nsenter -t %d -n ip addr add 198.18.0.100/32 dev lo", (int)pid);
	assert_int_equal(system(cmd), 0);
	assert_true(expect_line(rfd, text, 10000)); /* not the 60 s of delay_loop */
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	close(rfd);
	unit_tmpdir_remove(dir);
}

/* One BFD state message, as the main process sends it. */
static void
bfd_send(int fd, enum check_bfd_msg_type type, enum check_bfd_state st, const char *name)
{
	struct check_bfd_msg m = { .type = type, .state = st };
	uint8_t buf[CHECK_BFD_MSG_MAX];
	size_t len;

	snprintf(m.name, sizeof(m.name), "%s", name);
	len = check_bfd_msg_encode(&m, buf, sizeof(buf));
	assert_true(len > 0);
	assert_int_equal(send(fd, buf, len, 0), (ssize_t)len);
}

/* Whether dir/name holds want within ms. */
static bool
file_has(const char *dir, const char *name, const char *want, int ms)
{
	char path[160], text[8192];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	for (int waited = 0; waited <= ms; waited += 50) {
		FILE *f = fopen(path, "r");
		size_t n = 0;

		if (f != NULL) {
			n = fread(text, 1, sizeof(text) - 1, f);
			fclose(f);
		}
		text[n] = '\0';
		if (strstr(text, want) != NULL)
			return true;
		usleep(50000);
	}
	print_message("%s: no %s in %s\n", path, want, text);
	return false;
}

/*
 * BFD_CHECK: the checker follows the states that come on its BFD socket (a
 * socketpair here, as the supervisor makes). Under alpha the real server
 * comes in with a whole state saying Up and goes with a change to Down;
 * malformed messages in between are dropped and counted by reason in the
 * status JSON, and change nothing.
 */
static void
test_bfd_check(void **state)
{
	char dir[64], conf[128], text[1024], line[160];
	uint16_t port = dead_port();
	int sv[2], rfd, status;
	pid_t pid;

	unit_tmpdir_make(dir, sizeof(dir), "check_daemon");
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(text, sizeof(text),
		 "bfd_instance b1 {\n neighbor_ip 198.18.7.2\n}\n"
		 "virtual_server 198.18.0.100 80 {\n delay_loop 1\n protocol TCP\n"
		 " real_server 127.0.0.1 %u {\n  BFD_CHECK {\n   name b1\n   alpha\n  }\n }\n"
		 " real_server 127.0.0.2 %u {\n  BFD_CHECK {\n   name nosuch\n  }\n }\n}\n",
		 port, port);
	write_text(conf, text);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	child_bfd_fd = sv[1];
	pid = start(conf, false, &rfd);
	child_bfd_fd = -1;
	close(sv[1]);
	assert_true(expect_line(rfd, "svc_add 80", 20000));
	/* The BFD_CHECK without its bfd_instance is dropped: that server is in, unchecked. */
	snprintf(line, sizeof(line), "dest_add 80 %u", port);
	assert_true(expect_line(rfd, line, 1000));
	bfd_send(sv[0], CHECK_BFD_MSG_BEGIN, 0, "");
	bfd_send(sv[0], CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b1");
	bfd_send(sv[0], CHECK_BFD_MSG_END, 0, "");
	assert_true(expect_line(rfd, line, 3000));
	/* Malformed: short, another version, an END without BEGIN; none changes anything. */
	assert_int_equal(send(sv[0], "B\1", 2, 0), 2);
	assert_int_equal(send(sv[0], "", 0, 0), 0);
	assert_int_equal(send(sv[0], "B\2\1\1\0\2b1", 8, 0), 8);
	bfd_send(sv[0], CHECK_BFD_MSG_END, 0, "");
	assert_false(expect_line(rfd, "dest_del 80", 300));
	bfd_send(sv[0], CHECK_BFD_MSG_STATE, CHECK_BFD_DOWN, "b1");
	snprintf(line, sizeof(line), "dest_del 80 %u", port);
	assert_true(expect_line(rfd, line, 3000));
	assert_true(
		file_has(dir, "keepalived_check.json",
			 "\"bfd\":{\"messages\":8,\"drops\":{\"short\":2,\"bad header\":1,"
			 "\"bad type\":0,\"bad length\":0,\"bad name\":0,\"out of sequence\":1}}",
			 3000));
	assert_true(
		file_has(dir, "keepalived_check.json", "BFD check of [b1] RS([127.0.0.1]", 100));
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == CHECK_EXIT_OK);
	close(sv[0]);
	close(rfd);
	unit_tmpdir_remove(dir);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_life),
		cmocka_unit_test(test_dont_release),
		cmocka_unit_test(test_bad_conf),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_notifies),
		cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_fast_recovery),
		cmocka_unit_test(test_ha_suspend_follows),
		cmocka_unit_test(test_bfd_check),
	};
	/* clang-format on */

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
