/*
 * Tests of the non-blocking syslog (lib/log_syslog.c) against a datagram
 * socket of the test's own standing in for /dev/log: the bytes glibc's
 * syslog() would send, no wait when the reader stops reading (glibc's
 * syslog() would block there: an alarm turns a hang into a failure), lines
 * sent in order once it reads again, the lost ones reported, and a
 * restarted syslog daemon found again.
 */
#include "config.h"

#include "lib/event.h"
#include "lib/log.h"
#include "lib/log_syslog.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

struct fake_syslog {
	char dir[64];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd; /* the reader */
};

static void
fake_bind(struct fake_syslog *f)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", f->path);
	unlink(f->path);
	f->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	assert_true(f->fd >= 0);
	assert_int_equal(bind(f->fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
}

static int
setup(void **state)
{
	struct fake_syslog *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_log_syslog.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/log", f->dir);
	fake_bind(f);
	log_init("Keepalived_vrrp", LOG_DAEMON, false);
	*state = f;
	/* glibc's syslog() would block forever in the full-queue cases. */
	alarm(20);
	return 0;
}

static int
teardown(void **state)
{
	struct fake_syslog *f = *state;

	alarm(0);
	log_syslog_detach();
	close(f->fd);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The next datagram, or "" when there is none. */
static const char *
fake_read(struct fake_syslog *f)
{
	static char buf[2048];
	ssize_t n = recv(f->fd, buf, sizeof(buf) - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void
test_format(void **state)
{
	struct fake_syslog *f = *state;
	char want[128];
	regex_t re;

	log_syslog_nonblocking(NULL, f->path);
	assert_true(log_syslog_nonblocking_on());
	log_warnx("(VI_1) Entering MASTER STATE");
	snprintf(want, sizeof(want),
		 "^<28>[A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] "
		 "Keepalived_vrrp\\[%d\\]: \\(VI_1\\) Entering MASTER STATE$",
		 (int)getpid());
	assert_int_equal(regcomp(&re, want, REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, fake_read(f), 0, NULL, 0), 0);
	regfree(&re);
	/* A facility given with the level wins, as with syslog(3). */
	log_msg(LOG_LOCAL3 | LOG_INFO, "x");
	assert_true(strncmp(fake_read(f), "<158>", 5) == 0);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Log numbered lines until some are lost; returns how many were logged. */
static unsigned
fill(void)
{
	struct log_syslog_stats st;
	uint64_t start = now_ms();
	unsigned i;

	for (i = 0; i < 100000; i++) {
		log_info("line %06u %0150u", i, 0u);
		log_syslog_stats(&st);
		if (st.dropped > 0)
			break;
	}
	assert_true(st.dropped > 0);
	assert_true(st.waiting > 0);
	assert_int_equal(st.sent + st.waiting + st.dropped, i + 1);
	/* No wait for the reader: a few ms of formatting at most. */
	assert_true(now_ms() - start < 2000);
	return i + 1;
}

static void
test_full_queue_never_blocks_then_drains_in_order(void **state)
{
	struct fake_syslog *f = *state;
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct log_syslog_stats st;
	unsigned logged, next = 0, got = 0, lost = 0;
	uint64_t deadline;
	bool report = false;

	assert_non_null(loop);
	log_syslog_nonblocking(loop, f->path);
	logged = fill();
	log_syslog_stats(&st);
	/* Now read; the loop's watch sends the rest as room appears. */
	deadline = now_ms() + 10000;
	while (!report && now_ms() < deadline) {
		const char *line = fake_read(f);
		const char *p;

		if (*line == '\0') {
			assert_true(ev_loop_run_once(loop, 10000) >= 0);
			continue;
		}
		if ((p = strstr(line, "]: line ")) != NULL) {
			unsigned n = (unsigned)strtoul(p + 8, NULL, 10);

			/* In order; what was lost is a run of the last ones. */
			assert_int_equal(n, next);
			next++;
			got++;
		} else if ((p = strstr(line, "]: ")) != NULL &&
			   sscanf(p + 3, "%u log lines lost", &lost) == 1) {
			assert_non_null(strstr(line, "syslog did not take them in time"));
			assert_true(strncmp(line, "<28>", 4) == 0);
			report = true;
		}
	}
	assert_true(report);
	assert_int_equal(lost, st.dropped);
	assert_int_equal(got + lost, logged);
	log_syslog_stats(&st);
	assert_int_equal(st.waiting, 0);
	log_syslog_detach();
	ev_loop_free(loop);
}

/* Without a loop, queued lines go before the next one, and at flush. */
static void
test_flush_without_loop(void **state)
{
	struct fake_syslog *f = *state;
	struct log_syslog_stats st;
	unsigned logged, got = 0;
	const char *line;

	log_syslog_nonblocking(NULL, f->path);
	logged = fill();
	log_syslog_stats(&st);
	for (bool drained = false;;) {
		line = fake_read(f);
		if (*line != '\0') {
			if (strstr(line, "]: line ") != NULL)
				got++;
			continue;
		}
		if (drained)
			break;
		/* 0 once nothing waits; what it sent is read at the next turn. */
		drained = log_syslog_flush(0) == 0;
	}
	assert_int_equal(got + st.dropped, logged);
}

/* The syslog daemon restarted: a new socket at the same path. */
static void
test_reconnect(void **state)
{
	struct fake_syslog *f = *state;
	struct log_syslog_stats st;

	log_syslog_nonblocking(NULL, f->path);
	log_info("before");
	assert_non_null(strstr(fake_read(f), "]: before"));
	close(f->fd);
	fake_bind(f);
	log_info("after");
	assert_non_null(strstr(fake_read(f), "]: after"));
	/* No syslog at all: the line is lost, nothing waits. */
	close(f->fd);
	unlink(f->path);
	log_info("nobody");
	log_syslog_stats(&st);
	assert_int_equal(st.lost, 1);
	assert_int_equal(st.waiting, 0);
	fake_bind(f);
}

static void
test_detach(void **state)
{
	struct fake_syslog *f = *state;

	log_syslog_nonblocking(NULL, f->path);
	log_syslog_detach();
	assert_false(log_syslog_nonblocking_on());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_queue_never_blocks_then_drains_in_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_without_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detach, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
