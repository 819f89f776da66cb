/*
 * Tests for the process tracking decisions (vrrp_proc_match.c): a table of
 * processes against vrrp_track_process rules as keepalived 2.2.7 matches
 * them (name, full_command, exact / partial / initial parameters), then
 * the counting and the quorum, with quorum, quorum_max, fork_delay and
 * terminate_delay on a clock the test moves.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/proto/vrrp_proc_match.h"
#include "unit_helpers.h"

#define S(x) ((uint64_t)(x)*1000000u)

/* A block as vrrp_conf_track.c leaves it, with keepalived's defaults. */
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
	snprintf(c->file, sizeof(c->file), "test.conf");
	c->line = 1;
}

/* Matching -------------------------------------------------------------------- */

struct match_case {
	const char *name;
	const char *process; /* the words of the process line */
	bool full_command, partial, initial;
	const char *comm;
	const char *cmdline; /* NUL-separated; length in cmdline_len */
	size_t cmdline_len;
	bool want;
};

#define CMD(s) (s), sizeof(s) - 1

/* clang-format off */
static const struct match_case match_cases[] = {
	{ "name_exact", "sleep", false, false, false, "sleep",
	  CMD("sleep\0"
	      "1000\0"),
	  true },
	/* pgrep ssh matches sshd; keepalived does not (pgrep "^ssh$"). */
	{ "name_not_prefix", "ssh", false, false, false, "sshd", CMD("ssh\0"), false },
	{ "name_not_cmdline", "sleep", false, false, false, "bash", CMD("sleep\0"), false },
	{ "name_needs_comm", "sleep", false, false, false, NULL, CMD("sleep\0"), false },
	/* The kernel keeps 15 bytes of a name: a longer one never matches. */
	{ "name_too_long", "averyverylongname", false, false, false, "averyverylongna",
	  CMD("averyverylongname\0"), false },
	{ "full_argv0", "sleep", true, false, false, "bash",
	  CMD("sleep\0"
	      "1000\0"),
	  true },
	{ "full_argv0_path", "/bin/sleep", true, false, false, "sleep",
	  CMD("sleep\0"
	      "1000\0"),
	  false },
	{ "full_needs_cmdline", "sleep", true, false, false, "sleep", NULL, 0, false },
	/* A program that rewrote its command line into one string without NUL. */
	{ "full_no_nul", "nginx", true, false, false, "x", CMD("nginx"), true },
	{ "params_exact", "sleep 1000", false, false, false, "x",
	  CMD("sleep\0"
	      "1000\0"),
	  true },
	{ "params_exact_more", "sleep 1000", false, false, false, "x",
	  CMD("sleep\0"
	      "1000\0"
	      "5\0"),
	  false },
	{ "params_exact_fewer", "sleep 1000 5", false, false, false, "x",
	  CMD("sleep\0"
	      "1000\0"),
	  false },
	{ "params_exact_longer_word", "sleep 1000", false, false, false, "x",
	  CMD("sleep\0"
	      "10000\0"),
	  false },
	{ "params_exact_shorter_word", "sleep 1000", false, false, false, "x",
	  CMD("sleep\0"
	      "100\0"),
	  false },
	{ "params_exact_other_argv0", "sleep 1000", false, false, false, "sleep",
	  CMD("/bin/sleep\0"
	      "1000\0"),
	  false },
	{ "partial_more", "sleep 1000", false, true, false, "x",
	  CMD("sleep\0"
	      "1000\0"
	      "5\0"),
	  true },
	{ "partial_same", "sleep 1000", false, true, false, "x",
	  CMD("sleep\0"
	      "1000\0"),
	  true },
	{ "partial_longer_word", "sleep 1000", false, true, false, "x",
	  CMD("sleep\0"
	      "10000\0"),
	  false },
	{ "partial_fewer", "sleep 1000 5", false, true, false, "x",
	  CMD("sleep\0"
	      "1000\0"),
	  false },
	{ "partial_no_params_any", "sleep", false, true, false, "x",
	  CMD("sleep\0"
	      "a\0"
	      "b\0"),
	  true },
	{ "initial_longer_word", "sleep 100", false, false, true, "x",
	  CMD("sleep\0"
	      "1000\0"),
	  true },
	{ "initial_more", "sleep 100", false, false, true, "x",
	  CMD("sleep\0"
	      "1000\0"
	      "5\0"),
	  true },
	{ "initial_other", "sleep 100", false, false, true, "x",
	  CMD("sleep\0"
	      "200\0"),
	  false },
	/* Only the last word may go on: the words before it match whole. */
	{ "initial_earlier_word", "sleep 10 5", false, false, true, "x",
	  CMD("sleep\0"
	      "100\0"
	      "5\0"),
	  false },
	/* Parameters mean the command line, not the name. */
	{ "params_not_comm", "sleep 1000", false, false, false, "sleep",
	  CMD("bash\0"
	      "1000\0"),
	  false },
};
/* clang-format on */

static void
test_match(void **state)
{
	const struct match_case *c = *state;
	struct vrrp_track_process_conf conf;
	struct vrrp_proc_spec spec;

	conf_make(&conf, "TP", c->process);
	conf.full_command = c->full_command;
	conf.param_match_partial = c->partial;
	conf.param_match_initial = c->initial;
	assert_int_equal(vrrp_proc_spec_from_conf(&spec, &conf), 0);
	assert_int_equal(vrrp_proc_match(&spec, c->comm, c->cmdline, c->cmdline_len), c->want);
	vrrp_proc_spec_fini(&spec);
}

/* param_match with no word and no parameters: the command must have none. */
static void
test_match_no_params(void **state)
{
	struct vrrp_track_process_conf conf;
	struct vrrp_proc_spec spec;
	static const char *const words[] = { "sleep" };

	(void)state;
	conf_make(&conf, "TP", "sleep");
	assert_int_equal(vrrp_proc_spec_init(&spec, &conf, words, 1), 0);
	assert_false(spec.full_command);
	spec.param_match = VRRP_PROC_PARAMS_EXACT;
	spec.full_command = true;
	assert_true(vrrp_proc_match(&spec, NULL, CMD("sleep\0")));
	assert_false(vrrp_proc_match(&spec, NULL,
				     CMD("sleep\0"
					 "1\0")));
	/* No NUL at all (a rewritten command line): no parameter list, not an empty one. */
	assert_false(vrrp_proc_match(&spec, NULL, CMD("sleep")));
	spec.param_match = VRRP_PROC_PARAMS_PARTIAL;
	assert_true(vrrp_proc_match(&spec, NULL, CMD("sleep")));
	vrrp_proc_spec_fini(&spec);
}

/* A quoted word with a space: the words come from the caller, intact. */
static void
test_match_quoted_words(void **state)
{
	struct vrrp_track_process_conf conf;
	struct vrrp_proc_spec spec;
	static const char *const words[] = { "/tmp/a b", "param 2" };

	(void)state;
	conf_make(&conf, "TP", "/tmp/a b param 2");
	conf.nparams = 1;
	/* Joined by spaces, the words cannot be found again: refused, not guessed. */
	assert_int_equal(vrrp_proc_spec_from_conf(&spec, &conf), -1);
	assert_int_equal(vrrp_proc_spec_init(&spec, &conf, words, 2), 0);
	assert_true(spec.full_command);
	assert_true(vrrp_proc_match(&spec, NULL,
				    CMD("/tmp/a b\0"
					"param 2\0")));
	assert_false(vrrp_proc_match(&spec, NULL,
				     CMD("/tmp/a\0"
					 "b\0"
					 "param\0"
					 "2\0")));
	vrrp_proc_spec_fini(&spec);
}

/* Counting and quorum ------------------------------------------------------- */

struct changes {
	unsigned n;
	size_t index[16];
	bool up[16];
};

static void
record_change(size_t index, const char *name, bool up, void *arg)
{
	struct changes *ch = arg;

	(void)name;
	if (ch->n < 16) {
		ch->index[ch->n] = index;
		ch->up[ch->n] = up;
	}
	ch->n++;
}

/* Exactly these changes (of tracker 0) since the last check, as "+" / "-". */
static void
expect_changes(struct changes *ch, const char *want)
{
	char got[17] = "";

	for (unsigned i = 0; i < ch->n && i < 16; i++) {
		assert_int_equal(ch->index[i], 0);
		got[i] = ch->up[i] ? '+' : '-';
	}
	assert_string_equal(got, want);
	ch->n = 0;
}

struct fixture {
	struct vrrp_track_process_conf conf;
	struct vrrp_proc_set set;
	struct changes ch;
};

static void
fixture_init(struct fixture *f)
{
	assert_int_equal(vrrp_proc_set_init(&f->set, &f->conf, record_change, &f->ch), 0);
}

/* The set is given "sleep" processes by exec; others by the pid's name. */
static void
exec_sleep(struct fixture *f, pid_t pid, uint64_t now)
{
	vrrp_proc_set_exec(&f->set, pid, "sleep",
			   "sleep\0"
			   "1\0",
			   8, now);
}

/* The configuration's words, one with a space inside: matched as written. */
static void
test_words_with_space(void **state)
{
	struct fixture f = { 0 };
	static const char words[] = "/bin/x y\0-a\0b c";

	(void)state;
	conf_make(&f.conf, "TW", "/bin/x y -a b c");
	memcpy(f.conf.words, words, sizeof(words));
	f.conf.words_len = sizeof(words);
	f.conf.nparams = 2;
	fixture_init(&f);
	assert_int_equal(f.set.bad_specs, 0);
	vrrp_proc_set_exec(&f.set, 7, "x y", CMD("/bin/x y\0-a\0b c\0"), 0);
	expect_changes(&f.ch, "+");
	vrrp_proc_set_exec(&f.set, 8, "x y", CMD("/bin/x y\0-a\0b\0c\0"), 0);
	assert_int_equal(f.set.trackers[0].count, 1);
	vrrp_proc_set_fini(&f.set);
}

/* param_match alone: the command line without any parameter. */
static void
test_param_match_exact_alone(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TE", "sleep");
	f.conf.param_match_exact = true;
	f.conf.full_command = true;
	fixture_init(&f);
	vrrp_proc_set_exec(&f.set, 7, "sleep",
			   CMD("sleep\0"
			       "1\0"),
			   0);
	expect_changes(&f.ch, "");
	vrrp_proc_set_exec(&f.set, 8, "sleep", CMD("sleep\0"), 0);
	expect_changes(&f.ch, "+");
	vrrp_proc_set_fini(&f.set);
}

static void
test_quorum_one(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	fixture_init(&f);
	assert_false(f.set.trackers[0].up);
	unit_log_start();
	exec_sleep(&f, 100, 0);
	expect_changes(&f.ch, "+");
	assert_true(unit_logged("Quorum gained for tracked process TP"));
	/* The same program again is the same process: counted once. */
	exec_sleep(&f, 100, 0);
	assert_int_equal(f.set.trackers[0].count, 1);
	/* Exits of other pids (and threads' groups) change nothing. */
	vrrp_proc_set_exit(&f.set, 101, 0);
	expect_changes(&f.ch, "");
	vrrp_proc_set_exit(&f.set, 100, 0);
	expect_changes(&f.ch, "-");
	assert_true(unit_logged("Quorum lost for tracked process TP"));
	assert_int_equal(f.set.trackers[0].count, 0);
	assert_int_equal(f.set.npids, 0);
	unit_log_stop();
	vrrp_proc_set_fini(&f.set);
}

static void
test_quorum_two_and_max(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	f.conf.quorum = 2;
	f.conf.quorum_max = 3;
	fixture_init(&f);
	exec_sleep(&f, 100, 0);
	expect_changes(&f.ch, "");
	exec_sleep(&f, 101, 0);
	expect_changes(&f.ch, "+");
	exec_sleep(&f, 102, 0);
	expect_changes(&f.ch, "");
	exec_sleep(&f, 103, 0); /* four: more than quorum_max */
	expect_changes(&f.ch, "-");
	vrrp_proc_set_exit(&f.set, 103, 0);
	expect_changes(&f.ch, "+");
	vrrp_proc_set_exit(&f.set, 102, 0);
	vrrp_proc_set_exit(&f.set, 101, 0);
	expect_changes(&f.ch, "-");
	vrrp_proc_set_fini(&f.set);
}

/* quorum_max 0: up while no such process runs (quorum becomes 0, as keepalived). */
static void
test_quorum_max_zero(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	f.conf.quorum_max = 0;
	fixture_init(&f);
	assert_true(f.set.trackers[0].up);
	exec_sleep(&f, 100, 0);
	expect_changes(&f.ch, "-");
	vrrp_proc_set_exit(&f.set, 100, 0);
	expect_changes(&f.ch, "+");
	vrrp_proc_set_fini(&f.set);
}

static void
test_terminate_delay(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	f.conf.terminate_delay_us = S(2);
	fixture_init(&f);
	exec_sleep(&f, 100, S(10));
	expect_changes(&f.ch, "+"); /* gaining quorum by exec is at once */
	vrrp_proc_set_exit(&f.set, 100, S(20));
	expect_changes(&f.ch, "");
	assert_int_equal(vrrp_proc_set_next_deadline(&f.set), S(22));
	vrrp_proc_set_expire(&f.set, S(22) - 1);
	expect_changes(&f.ch, "");
	vrrp_proc_set_expire(&f.set, S(22));
	expect_changes(&f.ch, "-");
	assert_int_equal(vrrp_proc_set_next_deadline(&f.set), 0);

	/* A restart within the delay: no change at all. */
	exec_sleep(&f, 101, S(30));
	expect_changes(&f.ch, "+");
	vrrp_proc_set_exit(&f.set, 101, S(40));
	exec_sleep(&f, 102, S(41));
	assert_int_equal(vrrp_proc_set_next_deadline(&f.set), 0);
	vrrp_proc_set_expire(&f.set, S(50));
	expect_changes(&f.ch, "");
	assert_true(f.set.trackers[0].up);

	/* A name change is not an exit: no delay. */
	vrrp_proc_set_comm(&f.set, 102, "other", S(60));
	expect_changes(&f.ch, "-");
	vrrp_proc_set_fini(&f.set);
}

static void
test_fork_delay(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	f.conf.quorum = 2;
	f.conf.fork_delay_us = S(1);
	fixture_init(&f);
	exec_sleep(&f, 100, 0);
	/* The child of an untracked process is not counted. */
	vrrp_proc_set_fork(&f.set, 99, 98, 0);
	assert_int_equal(f.set.trackers[0].count, 1);

	/* The child counts, but quorum waits fork_delay... */
	vrrp_proc_set_fork(&f.set, 100, 200, S(5));
	assert_int_equal(f.set.trackers[0].count, 2);
	expect_changes(&f.ch, "");
	assert_int_equal(vrrp_proc_set_next_deadline(&f.set), S(6));
	/* ... and the child executing another program ends the wait, still down. */
	vrrp_proc_set_exec(&f.set, 200, "true", "true\0", 5, S(5) + 10);
	assert_int_equal(f.set.trackers[0].count, 1);
	assert_int_equal(vrrp_proc_set_next_deadline(&f.set), 0);
	expect_changes(&f.ch, "");

	/* A child that stays: up once the delay is over. */
	vrrp_proc_set_fork(&f.set, 100, 201, S(10));
	vrrp_proc_set_expire(&f.set, S(11));
	expect_changes(&f.ch, "+");
	vrrp_proc_set_fini(&f.set);
}

/* The name trackers follow PROC_EVENT_COMM; command-line trackers ignore it. */
static void
test_comm_change(void **state)
{
	struct vrrp_track_process_conf full;
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "worker");
	conf_make(&full, "FULL", "sleep");
	full.full_command = true;
	f.conf.next = &full;
	fixture_init(&f);
	vrrp_proc_set_exec(&f.set, 100, "sleep", "sleep\0", 6, 0);
	assert_int_equal(f.set.trackers[1].count, 1);
	f.ch.n = 0; /* tracker 1 gained its quorum */
	vrrp_proc_set_comm(&f.set, 100, "worker", 0);
	expect_changes(&f.ch, "+");
	assert_int_equal(f.set.trackers[1].count, 1);
	vrrp_proc_set_comm(&f.set, 100, "worker", 0);
	assert_int_equal(f.set.trackers[0].count, 1);
	vrrp_proc_set_comm(&f.set, 100, "other", 0);
	expect_changes(&f.ch, "-");
	assert_int_equal(f.set.trackers[1].count, 1);
	vrrp_proc_set_fini(&f.set);
}

static void
test_scan(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "sleep");
	f.conf.quorum = 2;
	f.conf.terminate_delay_us = S(3);
	fixture_init(&f);
	/* At start the result is taken silently. */
	vrrp_proc_set_scan_begin(&f.set);
	vrrp_proc_set_scan_process(&f.set, 10, "sleep", NULL, 0);
	vrrp_proc_set_scan_process(&f.set, 11, "bash", NULL, 0);
	vrrp_proc_set_scan_process(&f.set, 12, "sleep", NULL, 0);
	vrrp_proc_set_scan_end(&f.set, true, 0);
	expect_changes(&f.ch, "");
	assert_true(f.set.trackers[0].up);
	assert_int_equal(f.set.trackers[0].count, 2);
	assert_true(vrrp_proc_set_counts_pid(&f.set, 12));
	assert_false(vrrp_proc_set_counts_pid(&f.set, 11));

	/* A rescan after lost events: a loss waits terminate_delay. */
	vrrp_proc_set_scan_begin(&f.set);
	vrrp_proc_set_scan_process(&f.set, 10, "sleep", NULL, 0);
	vrrp_proc_set_scan_end(&f.set, false, S(1));
	expect_changes(&f.ch, "");
	vrrp_proc_set_expire(&f.set, S(4));
	expect_changes(&f.ch, "-");
	/* A gain is at once. */
	vrrp_proc_set_scan_begin(&f.set);
	vrrp_proc_set_scan_process(&f.set, 10, "sleep", NULL, 0);
	vrrp_proc_set_scan_process(&f.set, 13, "sleep", NULL, 0);
	vrrp_proc_set_scan_end(&f.set, false, S(5));
	expect_changes(&f.ch, "+");
	assert_false(vrrp_proc_set_counts_pid(&f.set, 12));
	vrrp_proc_set_fini(&f.set);
}

/* A block that cannot be split is never up, and says why with file:line. */
static void
test_bad_block(void **state)
{
	struct fixture f = { 0 };

	(void)state;
	conf_make(&f.conf, "TP", "/tmp/a b");
	f.conf.nparams = 0;
	unit_log_start();
	fixture_init(&f);
	assert_int_equal(f.set.bad_specs, 1);
	assert_true(unit_logged("test.conf:1: vrrp_track_process TP: process '/tmp/a b' cannot be "
				"split into its words; no process will match"));
	unit_log_stop();
	vrrp_proc_set_exec(&f.set, 1, "a", "/tmp/a b\0", 9, 0);
	assert_false(f.set.trackers[0].up);
	vrrp_proc_set_fini(&f.set);
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_match_no_params),
		cmocka_unit_test(test_match_quoted_words),
		cmocka_unit_test(test_quorum_one),
		cmocka_unit_test(test_quorum_two_and_max),
		cmocka_unit_test(test_quorum_max_zero),
		cmocka_unit_test(test_terminate_delay),
		cmocka_unit_test(test_fork_delay),
		cmocka_unit_test(test_comm_change),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_bad_block),
		cmocka_unit_test(test_words_with_space),
		cmocka_unit_test(test_param_match_exact_alone),
	};
	/* clang-format on */

	unit_add_rows(tests, &n, test_match, match_cases);
	unit_add_tests(tests, &n, fixed);
	return _cmocka_run_group_tests("vrrp_proc_match", tests, n, NULL, NULL);
}
