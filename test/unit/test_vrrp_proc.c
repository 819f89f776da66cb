/*
 * Tests for the kernel side of process tracking (vrrp_proc.c) without the
 * kernel: a fake /proc tree in a temporary directory (stat, comm, cmdline
 * per pid), connector messages built here byte by byte as the kernel lays
 * them out, and an event loop on a clock the test moves, so that the
 * delays run without sleeping.
 */
#include "config.h"

#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_proc.h"
#include "lib/event.h"
#include "unit_helpers.h"

#define S(x) ((uint64_t)(x)*1000000u)

struct fixture {
	char root[128];
	struct unit_clock clock;
	struct ev_loop *loop;
	struct vrrp_track_process_conf conf[3];
	struct vrrp_proc *proc;
	unsigned changes;
	char last[64];
	uint32_t seq;
};

static void
conf_make(struct vrrp_track_process_conf *c, const char *name, const char *process)
{
	int words = 1;

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->process, sizeof(c->process), "%s", process);
	for (const char *s = process; *s != '\0'; s++)
		words += *s == ' ';
	c->nparams = words - 1;
	c->weight = 1;
	c->quorum = 1;
	c->quorum_max = UINT32_MAX;
}

static void
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* ROOT/PID with the files /proc has, for a process named comm in state. */
static void
proc_add(struct fixture *f, int pid, const char *comm, char state, const char *cmdline,
	 size_t cmdline_len)
{
	char dir[256], line[128];
	int n;

	snprintf(dir, sizeof(dir), "%s/%d", f->root, pid);
	assert_int_equal(mkdir(dir, 0755), 0);
	n = snprintf(line, sizeof(line), "%s\n", comm);
	write_file(dir, "comm", line, (size_t)n);
	n = snprintf(line, sizeof(line), "%d (%s) %c 1 %d %d 0 -1 4194560 100 0", pid, comm, state,
		     pid, pid);
	write_file(dir, "stat", line, (size_t)n);
	write_file(dir, "cmdline", cmdline, cmdline_len);
}

static void
proc_del(struct fixture *f, int pid)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%d", f->root, pid);
	unit_tmpdir_remove(dir);
}

#define CMD(s) (s), sizeof(s) - 1

static void
on_change(size_t index, const char *name, bool up, void *arg)
{
	struct fixture *f = arg;

	(void)index;
	f->changes++;
	snprintf(f->last, sizeof(f->last), "%s %s", name, up ? "up" : "down");
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	unit_tmpdir_make(f->root, sizeof(f->root), "test_vrrp_proc");
	f->clock.now = S(100);
	f->loop = ev_loop_new(unit_clock_read, &f->clock);
	assert_non_null(f->loop);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	vrrp_proc_free(f->proc);
	ev_loop_free(f->loop);
	unit_tmpdir_remove(f->root);
	free(f);
	return 0;
}

static void
start(struct fixture *f)
{
	struct vrrp_proc_opts opts = { .proc_root = f->root, .no_connector = true };

	f->proc = vrrp_proc_new(f->loop, &f->conf[0], &opts, on_change, f);
	assert_non_null(f->proc);
}

static uint32_t
count_of(struct fixture *f, const char *name)
{
	const struct vrrp_proc_set *set = vrrp_proc_trackers(f->proc);
	int i = vrrp_proc_set_find(set, name);

	assert_true(i >= 0);
	return set->trackers[i].count;
}

/* One datagram as the connector sends it: netlink header, cn_msg, proc_event. */
static size_t
msg_make(struct fixture *f, char *buf, uint32_t what, const void *data, size_t datalen)
{
	struct nlmsghdr nlh = { 0 };
	struct cn_msg cn = { 0 };
	struct proc_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.what = what;
	ev.cpu = 0;
	memcpy(&ev.event_data, data, datalen);
	nlh.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + sizeof(cn) + sizeof(ev));
	nlh.nlmsg_type = NLMSG_DONE;
	cn.id.idx = CN_IDX_PROC;
	cn.id.val = CN_VAL_PROC;
	cn.seq = f->seq++;
	cn.ack = what == PROC_EVENT_NONE;
	cn.len = sizeof(ev);
	memcpy(buf, &nlh, sizeof(nlh));
	memcpy(buf + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy(buf + NLMSG_HDRLEN + sizeof(cn), &ev, sizeof(ev));
	return nlh.nlmsg_len;
}

static int
send_event(struct fixture *f, uint32_t what, int pid, int tgid, int other)
{
	char buf[256];
	int32_t data[4] = { pid, tgid, other, other };
	size_t len;

	if (what == PROC_EVENT_FORK) {
		/* parent pid, parent tgid, child pid, child tgid */
		data[0] = data[1] = other;
		data[2] = pid;
		data[3] = tgid;
	}
	len = msg_make(f, buf, what, data, sizeof(data));
	return vrrp_proc_input(f->proc, buf, len);
}

static int
send_comm(struct fixture *f, int pid, const char *comm)
{
	struct comm_proc_event c = { pid, pid, { 0 } };
	char buf[256];

	snprintf(c.comm, sizeof(c.comm), "%s", comm);
	return vrrp_proc_input(f->proc, buf, msg_make(f, buf, PROC_EVENT_COMM, &c, sizeof(c)));
}

/* The start-up scan: names from stat (even with ')' inside), zombies not counted. */
static void
test_scan_start(void **state)
{
	struct fixture *f = *state;
	char link[256];

	proc_add(f, 100, "sleep", 'S',
		 CMD("sleep\0"
		     "1000\0"));
	proc_add(f, 101, "sleep", 'Z', "", 0);
	proc_add(f, 102, "a)_R_(b)", 'R', CMD("x\0"));
	proc_add(f, 103, "bash", 'S',
		 CMD("sleep\0"
		     "1000\0"));
	/* Something /proc also has that is not a process. */
	snprintf(link, sizeof(link), "%s/self", f->root);
	assert_int_equal(symlink("100", link), 0);
	conf_make(&f->conf[0], "TP", "sleep");
	/* A name may hold ") R (": only the last ')' of stat ends it. */
	conf_make(&f->conf[1], "WEIRD", "a)_R_(b)");
	conf_make(&f->conf[2], "FULL", "sleep 1000");
	f->conf[0].next = &f->conf[1];
	f->conf[1].next = &f->conf[2];
	start(f);
	assert_int_equal(count_of(f, "TP"), 1);
	assert_int_equal(count_of(f, "WEIRD"), 1);
	assert_int_equal(count_of(f, "FULL"), 2); /* 100 and 103 (named bash) */
	assert_true(vrrp_proc_up(f->proc, "TP"));
	assert_false(vrrp_proc_up(f->proc, "nosuch"));
	assert_int_equal(f->changes, 0); /* the start is read, not reported */
	assert_int_equal(vrrp_proc_stats(f->proc)->scans, 1);
	assert_false(vrrp_proc_connected(f->proc));
}

static void
test_events(void **state)
{
	struct fixture *f = *state;

	conf_make(&f->conf[0], "TP", "sleep");
	f->conf[0].quorum = 2;
	proc_add(f, 100, "sleep", 'S',
		 CMD("sleep\0"
		     "1\0"));
	start(f);
	assert_false(vrrp_proc_up(f->proc, "TP"));

	/* exec: the name is read from /proc/PID/comm. */
	proc_add(f, 104, "sleep", 'S',
		 CMD("sleep\0"
		     "2\0"));
	assert_int_equal(send_event(f, PROC_EVENT_EXEC, 104, 104, 0), 0);
	assert_int_equal(count_of(f, "TP"), 2);
	assert_string_equal(f->last, "TP up");
	/* A thread's exit is not the process's. */
	assert_int_equal(send_event(f, PROC_EVENT_EXIT, 105, 104, 0), 0);
	assert_int_equal(count_of(f, "TP"), 2);
	assert_int_equal(send_event(f, PROC_EVENT_EXIT, 104, 104, 0), 0);
	assert_int_equal(count_of(f, "TP"), 1);
	assert_string_equal(f->last, "TP down");
	/* An exec of a process already gone is skipped (its exit follows). */
	assert_int_equal(send_event(f, PROC_EVENT_EXEC, 106, 106, 0), 0);
	assert_int_equal(vrrp_proc_stats(f->proc)->read_errors, 1);
	/* fork of a counted process: the child counts; a thread does not. */
	assert_int_equal(send_event(f, PROC_EVENT_FORK, 108, 107, 100), 0);
	assert_int_equal(count_of(f, "TP"), 1);
	assert_int_equal(send_event(f, PROC_EVENT_FORK, 107, 107, 100), 0);
	assert_int_equal(count_of(f, "TP"), 2);
	assert_string_equal(f->last, "TP up");
	/* A new name. */
	assert_int_equal(send_comm(f, 100, "renamed"), 0);
	assert_int_equal(count_of(f, "TP"), 1);
	assert_string_equal(f->last, "TP down");
	assert_int_equal(f->changes, 4);
	assert_int_equal(vrrp_proc_stats(f->proc)->bad, 0);
}

static void
test_bad_messages(void **state)
{
	struct fixture *f = *state;
	char buf[256];
	struct nlmsghdr nlh;
	struct cn_msg cn;
	int32_t data[4] = { 100, 100, 0, 0 };
	size_t len;

	conf_make(&f->conf[0], "TP", "sleep");
	start(f);
	unit_log_start();
	len = msg_make(f, buf, PROC_EVENT_EXIT, data, sizeof(data));
	assert_int_equal(vrrp_proc_input(f->proc, buf, 20), -1);      /* short */
	assert_int_equal(vrrp_proc_input(f->proc, buf, len - 1), -1); /* nlmsg_len past the end */
	memcpy(&cn, buf + NLMSG_HDRLEN, sizeof(cn));
	cn.id.idx = CN_IDX_PROC + 1;
	memcpy(buf + NLMSG_HDRLEN, &cn, sizeof(cn));
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), -1); /* another connector */
	cn.id.idx = CN_IDX_PROC;
	cn.ack = 1;
	memcpy(buf + NLMSG_HDRLEN, &cn, sizeof(cn));
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), -1); /* an ack with an event */
	cn.ack = 0;
	cn.len = 20;
	memcpy(buf + NLMSG_HDRLEN, &cn, sizeof(cn));
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), -1); /* event cut short */
	cn.len = 1000;
	memcpy(buf + NLMSG_HDRLEN, &cn, sizeof(cn));
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), -1); /* longer than the message */
	assert_int_equal(vrrp_proc_stats(f->proc)->bad, 6);
	/* Six drops, five lines: the rest waits for the rate limit's next window. */
	assert_int_equal(unit_log.n, 5);
	assert_true(unit_logged("Process tracking: dropped a connector message: too short"));
	unit_log_stop();
	/* A netlink no-op is not an error. */
	len = msg_make(f, buf, PROC_EVENT_EXIT, data, sizeof(data));
	memcpy(&nlh, buf, sizeof(nlh));
	nlh.nlmsg_type = NLMSG_NOOP;
	memcpy(buf, &nlh, sizeof(nlh));
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), 0);
	/* The subscription's acknowledgement. */
	len = msg_make(f, buf, PROC_EVENT_NONE, data, 0);
	assert_int_equal(vrrp_proc_input(f->proc, buf, len), 0);
	assert_int_equal(vrrp_proc_stats(f->proc)->bad, 6);
}

static void
test_sequence_gap(void **state)
{
	struct fixture *f = *state;

	conf_make(&f->conf[0], "TP", "sleep");
	start(f);
	assert_int_equal(send_event(f, PROC_EVENT_EXIT, 1, 1, 0), 0);
	f->seq += 3;
	assert_int_equal(send_event(f, PROC_EVENT_EXIT, 1, 1, 0), 0);
	assert_int_equal(vrrp_proc_stats(f->proc)->missed, 3);
	assert_int_equal(vrrp_proc_stats(f->proc)->messages, 2);
}

/* terminate_delay runs on the loop's clock: no change until it is over. */
static void
test_terminate_delay_on_loop(void **state)
{
	struct fixture *f = *state;

	conf_make(&f->conf[0], "TP", "sleep");
	f->conf[0].terminate_delay_us = S(2);
	proc_add(f, 100, "sleep", 'S', CMD("sleep\0"));
	start(f);
	assert_true(vrrp_proc_up(f->proc, "TP"));
	send_event(f, PROC_EVENT_EXIT, 100, 100, 0);
	f->clock.now += S(2) - 1;
	ev_loop_run_once(f->loop, 0);
	assert_int_equal(f->changes, 0);
	f->clock.now += 1;
	ev_loop_run_once(f->loop, 0);
	assert_int_equal(f->changes, 1);
	assert_string_equal(f->last, "TP down");
}

/* Only the bytes that decide are read; a longer command line still fails exact. */
static void
test_cmdline_read(void **state)
{
	struct fixture *f = *state;
	char cmd[3000];

	memset(cmd, 'x', sizeof(cmd));
	memcpy(cmd,
	       "sleep\0"
	       "1000\0",
	       11);
	cmd[sizeof(cmd) - 1] = '\0';
	proc_add(f, 100, "sleep", 'S', cmd, sizeof(cmd));
	proc_add(f, 101, "sleep", 'S',
		 CMD("sleep\0"
		     "1000\0"));
	conf_make(&f->conf[0], "EXACT", "sleep 1000");
	conf_make(&f->conf[1], "PARTIAL", "sleep 1000");
	f->conf[1].param_match_partial = true;
	f->conf[0].next = &f->conf[1];
	start(f);
	assert_int_equal(count_of(f, "EXACT"), 1);
	assert_int_equal(count_of(f, "PARTIAL"), 2);
	assert_int_equal(vrrp_proc_trackers(f->proc)->cmdline_max, 12);
}

/* A rescan (after lost events) reports what changed, with the delays. */
static void
test_rescan(void **state)
{
	struct fixture *f = *state;

	conf_make(&f->conf[0], "TP", "sleep");
	proc_add(f, 100, "sleep", 'S', CMD("sleep\0"));
	start(f);
	proc_del(f, 100);
	assert_int_equal(vrrp_proc_rescan(f->proc), 0);
	assert_string_equal(f->last, "TP down");
	proc_add(f, 101, "sleep", 'S', CMD("sleep\0"));
	assert_int_equal(vrrp_proc_rescan(f->proc), 0);
	assert_string_equal(f->last, "TP up");
	assert_int_equal(f->changes, 2);
	assert_int_equal(vrrp_proc_stats(f->proc)->scans, 3);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequence_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terminate_delay_on_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmdline_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rescan, setup, teardown),
	};
	/* clang-format on */

	return cmocka_run_group_tests_name("vrrp_proc", tests, NULL, NULL);
}
