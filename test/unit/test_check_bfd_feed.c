/*
 * The main process's side of BFD_CHECK (keepalived/check/core/check_bfd_feed.c,
 * included so that its bfd_run listener is called directly; bfd_run is a
 * fake here): the whole state at a fork and at follow(), changes one by
 * one, and a checker that does not read: the sender never waits (a small
 * socket buffer fills), counts what it could not send, sends no change
 * that could overtake the pending whole state, and sends the whole state,
 * with the latest values, once there is room.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "keepalived/check/core/check_bfd_feed.c"
#include "unit_helpers.h"

/* The fake bfd_run: a table of sessions, and the listener the feed sets. */
struct bfd_run {
	const char *names[4];
	bool up[4], been_up[4], for_checker[4];
	size_t n;
	bfd_run_checker_fn listener;
	void *listener_arg;
};

size_t
bfd_run_count(const struct bfd_run *b)
{
	return b != NULL ? b->n : 0;
}

bool
bfd_run_checker_state(const struct bfd_run *b, size_t i, const char **name, bool *up, bool *been_up)
{
	if (b == NULL || i >= b->n || !b->for_checker[i])
		return false;
	*name = b->names[i];
	*up = b->up[i];
	*been_up = b->been_up[i];
	return true;
}

void
bfd_run_set_checker_listener(struct bfd_run *b, bfd_run_checker_fn changed, void *arg)
{
	if (b == NULL)
		return;
	b->listener = changed;
	b->listener_arg = arg;
}

/* The next message on the checker's end, as "BEGIN", "END" or "b1 Up"; "" if none. */
static const char *
next_msg(int fd)
{
	static char text[CHECK_BFD_NAME_MAX + 32];
	uint8_t buf[CHECK_BFD_MSG_MAX + 1];
	struct check_bfd_msg m;
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n <= 0)
		return "";
	assert_int_equal(check_bfd_msg_decode(buf, (size_t)n, &m), CHECK_BFD_MSG_OK);
	if (m.type == CHECK_BFD_MSG_BEGIN)
		return "BEGIN";
	if (m.type == CHECK_BFD_MSG_END)
		return "END";
	snprintf(text, sizeof(text), "%s %s", m.name, check_bfd_state_name(m.state));
	return text;
}

static void
test_full_and_changes(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_bfd_feed *f = check_bfd_feed_new(loop);
	struct bfd_run b = {
		.names = { "b1", "b2", "vrrp_only" },
		.up = { true, false, true },
		.been_up = { true, false, true },
		.for_checker = { true, true, false },
		.n = 3,
	};
	int cfd;

	(void)state;
	assert_non_null(f);
	/* Nothing to send to before a checker runs. */
	check_bfd_feed_follow(f, &b);
	assert_ptr_equal(b.listener_arg, f);
	/* dup: the forked child's copy, as forked() closes the parent's. */
	cfd = dup(check_bfd_feed_open(f));
	assert_true(cfd >= 0);
	check_bfd_feed_forked(f, true);
	/* At the fork: the whole state, the VRRP-only session left out. */
	assert_string_equal(next_msg(cfd), "BEGIN");
	assert_string_equal(next_msg(cfd), "b1 Up");
	assert_string_equal(next_msg(cfd), "b2 Down (never Up)");
	assert_string_equal(next_msg(cfd), "END");
	assert_string_equal(next_msg(cfd), "");
	/* Changes one by one: a fall from Up is Down, not "never Up". */
	b.listener(b.listener_arg, "b1", false, true);
	b.listener(b.listener_arg, "b2", true, true);
	assert_string_equal(next_msg(cfd), "b1 Down");
	assert_string_equal(next_msg(cfd), "b2 Up");
	/* A reload: follow() sends the whole state again. */
	b.up[0] = true;
	check_bfd_feed_follow(f, &b);
	assert_string_equal(next_msg(cfd), "BEGIN");
	assert_string_equal(next_msg(cfd), "b1 Up");
	assert_string_equal(next_msg(cfd), "b2 Down (never Up)");
	assert_string_equal(next_msg(cfd), "END");
	assert_int_equal(check_bfd_feed_stats(f)->full, 2); /* the fork's and the reload's */
	/* The checker gone: nothing is sent, nothing fails. */
	check_bfd_feed_closed(f);
	b.listener(b.listener_arg, "b1", false, true);
	assert_int_equal(check_bfd_feed_stats(f)->send_errs, 0);
	close(cfd);
	check_bfd_feed_free(f);
	ev_loop_free(loop);
}

static void
test_checker_not_reading(void **state)
{
	struct ev_loop *loop = ev_loop_new(NULL, NULL);
	struct check_bfd_feed *f = check_bfd_feed_new(loop);
	struct bfd_run b = { .names = { "b1" }, .for_checker = { true }, .n = 1 };
	int cfd, small = 4096, sent_before, n = 0;

	(void)state;
	/* dup: the forked child's copy, as forked() closes the parent's. */
	cfd = dup(check_bfd_feed_open(f));
	/* A small buffer, so that it fills fast. */
	assert_int_equal(setsockopt(f->fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
	check_bfd_feed_forked(f, true);
	check_bfd_feed_follow(f, &b);
	/* A blocking send would hang here: the alarm ends the test instead. */
	alarm(10);
	for (int i = 0; i < 100000 && check_bfd_feed_stats(f)->deferred == 0; i++)
		b.listener(b.listener_arg, "b1", i % 2 == 0, true);
	alarm(0);
	assert_true(check_bfd_feed_stats(f)->deferred > 0);
	assert_true(ev_timer_active(&f->retry));
	/* While the whole state waits, changes are not sent alone (they would overtake it). */
	sent_before = (int)check_bfd_feed_stats(f)->sent;
	b.listener(b.listener_arg, "b1", true, true);
	b.listener(b.listener_arg, "b1", false, true);
	assert_int_equal((int)check_bfd_feed_stats(f)->sent, sent_before);
	/* The checker reads everything; the retry then sends the whole state, with b1 Down. */
	while (next_msg(cfd)[0] != '\0')
		n++;
	assert_true(n > 0);
	for (int i = 0; i < 50 && ev_timer_active(&f->retry); i++)
		ev_loop_run_once(loop, 20000);
	assert_false(ev_timer_active(&f->retry));
	assert_string_equal(next_msg(cfd), "BEGIN");
	assert_string_equal(next_msg(cfd), "b1 Down");
	assert_string_equal(next_msg(cfd), "END");
	assert_string_equal(next_msg(cfd), "");
	close(cfd);
	check_bfd_feed_free(f);
	ev_loop_free(loop);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_and_changes),
		cmocka_unit_test(test_checker_not_reading),
	};
	/* clang-format on */

	unit_log_start();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
