/*
 * BFD_CHECK (issue 12): the messages that carry the BFD session states from
 * the main process to the checker (keepalived/check/proto/check_bfd_msg.c:
 * encoding, every malformed form refused with its reason, the checker's
 * table with whole states and changes) and the real-server logic that
 * follows them (check_rs_bfd_state(), check_vs_bfd_state(): keepalived
 * 2.2.7's check_bfd.c rules and log lines, alpha, a second checker).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/check/proto/check_rs.h"
#include "unit_helpers.h"

struct check_conf *
check_conf_of(void *top_obj)
{
	return top_obj;
}

/* Codec ------------------------------------------------------------------------------------ */

static size_t
encode(enum check_bfd_msg_type type, enum check_bfd_state st, const char *name, uint8_t *buf)
{
	struct check_bfd_msg m = { .type = type, .state = st };

	snprintf(m.name, sizeof(m.name), "%s", name);
	return check_bfd_msg_encode(&m, buf, CHECK_BFD_MSG_MAX);
}

static void
test_codec_round_trip(void **state)
{
	uint8_t buf[CHECK_BFD_MSG_MAX];
	struct check_bfd_msg m;
	char longest[CHECK_BFD_NAME_MAX];
	size_t len;

	(void)state;
	len = encode(CHECK_BFD_MSG_STATE, CHECK_BFD_DOWN, "b1", buf);
	assert_int_equal(len, CHECK_BFD_MSG_HDR + 2);
	assert_memory_equal(buf, "B\1\1\2\0\2b1", len);
	assert_int_equal(check_bfd_msg_decode(buf, len, &m), CHECK_BFD_MSG_OK);
	assert_int_equal(m.type, CHECK_BFD_MSG_STATE);
	assert_int_equal(m.state, CHECK_BFD_DOWN);
	assert_string_equal(m.name, "b1");

	len = encode(CHECK_BFD_MSG_BEGIN, 0, "", buf);
	assert_int_equal(len, CHECK_BFD_MSG_HDR);
	assert_int_equal(check_bfd_msg_decode(buf, len, &m), CHECK_BFD_MSG_OK);
	assert_int_equal(m.type, CHECK_BFD_MSG_BEGIN);
	len = encode(CHECK_BFD_MSG_END, 0, "", buf);
	assert_int_equal(check_bfd_msg_decode(buf, len, &m), CHECK_BFD_MSG_OK);
	assert_int_equal(m.type, CHECK_BFD_MSG_END);

	/* The longest name a bfd_instance has fits; a STATE without a name is not sent. */
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	len = encode(CHECK_BFD_MSG_STATE, CHECK_BFD_UP, longest, buf);
	assert_int_equal(len, CHECK_BFD_MSG_MAX);
	assert_int_equal(check_bfd_msg_decode(buf, len, &m), CHECK_BFD_MSG_OK);
	assert_string_equal(m.name, longest);
	assert_int_equal(encode(CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "", buf), 0);
}

struct bad_row {
	const char *name;
	const char *bytes;
	size_t len;
	enum check_bfd_msg_err want;
};

static const struct bad_row bad_rows[] = {
	{ "empty", "", 0, CHECK_BFD_MSG_SHORT },
	{ "short header", "B\1\1\1\0", 5, CHECK_BFD_MSG_SHORT },
	{ "bad magic", "X\1\1\1\0\2b1", 8, CHECK_BFD_MSG_BAD_HDR },
	{ "bad version", "B\2\1\1\0\2b1", 8, CHECK_BFD_MSG_BAD_HDR },
	{ "unknown type", "B\1\4\0\0\0", 6, CHECK_BFD_MSG_BAD_TYPE },
	{ "type 0", "B\1\0\0\0\0", 6, CHECK_BFD_MSG_BAD_TYPE },
	{ "state out of range", "B\1\1\3\0\2b1", 8, CHECK_BFD_MSG_BAD_TYPE },
	{ "BEGIN with a state", "B\1\2\1\0\0", 6, CHECK_BFD_MSG_BAD_TYPE },
	{ "name cut short", "B\1\1\1\0\3b1", 8, CHECK_BFD_MSG_BAD_LEN },
	{ "bytes after the name", "B\1\1\1\0\1b1", 8, CHECK_BFD_MSG_BAD_LEN },
	{ "huge length", "B\1\1\1\377\377b1", 8, CHECK_BFD_MSG_BAD_LEN },
	{ "STATE without name", "B\1\1\1\0\0", 6, CHECK_BFD_MSG_BAD_NAME },
	{ "END with a name", "B\1\3\0\0\2b1", 8, CHECK_BFD_MSG_BAD_NAME },
	{ "NUL in the name", "B\1\1\1\0\3b\0001", 9, CHECK_BFD_MSG_BAD_NAME },
};

static void
test_codec_bad(void **state)
{
	const struct bad_row *row = *state;
	struct check_bfd_msg m;

	memset(&m, 0x5a, sizeof(m));
	assert_int_equal(check_bfd_msg_decode((const uint8_t *)row->bytes, row->len, &m),
			 row->want);
	/* Nothing of a refused message is taken. */
	assert_int_equal(((const uint8_t *)&m)[0], 0x5a);
	assert_string_not_equal(check_bfd_msg_err_name(row->want), "?");
}

static void
test_codec_name_too_long(void **state)
{
	uint8_t buf[CHECK_BFD_MSG_HDR + CHECK_BFD_NAME_MAX];
	struct check_bfd_msg m;

	(void)state;
	memcpy(buf, "B\1\1\1\0", 5);
	buf[5] = CHECK_BFD_NAME_MAX;
	memset(buf + CHECK_BFD_MSG_HDR, 'x', CHECK_BFD_NAME_MAX);
	assert_int_equal(check_bfd_msg_decode(buf, sizeof(buf), &m), CHECK_BFD_MSG_BAD_NAME);
}

/* The checker's table ----------------------------------------------------------------------- */

struct seen {
	unsigned n;
	char name[8][CHECK_BFD_NAME_MAX];
	enum check_bfd_state state[8];
};

static void
record(void *arg, const char *name, enum check_bfd_state st)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
	s->state[s->n++] = st;
}

static int
take(struct check_bfd_states *t, enum check_bfd_msg_type type, enum check_bfd_state st,
     const char *name, struct seen *s)
{
	struct check_bfd_msg m = { .type = type, .state = st };

	snprintf(m.name, sizeof(m.name), "%s", name);
	return check_bfd_states_take(t, &m, record, s);
}

static void
test_states_changes_and_full(void **state)
{
	struct check_bfd_states t = { 0 };
	struct seen s = { 0 };
	enum check_bfd_state st;

	(void)state;
	assert_false(check_bfd_states_get(&t, "b1", &st));
	/* A change: told once, not again when repeated. */
	assert_int_equal(take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b1", &s), 0);
	assert_int_equal(take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b1", &s), 0);
	assert_int_equal(s.n, 1);
	assert_true(check_bfd_states_get(&t, "b1", &st));
	assert_int_equal(st, CHECK_BFD_UP);

	/* A whole state: nothing is told before its END. b1 is gone, b2 new, b3 never Up. */
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b9", &s);
	s.n = 0;
	assert_int_equal(take(&t, CHECK_BFD_MSG_BEGIN, 0, "", &s), 0);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b2", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_DOWN_INITIAL, "b3", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b9", &s);
	assert_int_equal(s.n, 0);
	assert_true(check_bfd_states_get(&t, "b1", &st)); /* still the old table */
	assert_int_equal(take(&t, CHECK_BFD_MSG_END, 0, "", &s), 0);
	assert_int_equal(s.n, 3); /* b9 unchanged: not told */
	assert_string_equal(s.name[0], "b1");
	assert_int_equal(s.state[0], CHECK_BFD_DOWN);
	assert_string_equal(s.name[1], "b2");
	assert_int_equal(s.state[1], CHECK_BFD_UP);
	assert_string_equal(s.name[2], "b3");
	assert_int_equal(s.state[2], CHECK_BFD_DOWN_INITIAL);
	assert_false(check_bfd_states_get(&t, "b1", &st));

	/* A BEGIN that was not finished is started over by the next one. */
	s.n = 0;
	take(&t, CHECK_BFD_MSG_BEGIN, 0, "", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_DOWN, "b2", &s);
	take(&t, CHECK_BFD_MSG_BEGIN, 0, "", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b2", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_DOWN_INITIAL, "b3", &s);
	take(&t, CHECK_BFD_MSG_STATE, CHECK_BFD_UP, "b9", &s);
	take(&t, CHECK_BFD_MSG_END, 0, "", &s);
	assert_int_equal(s.n, 0);

	/* An END without BEGIN is refused and changes nothing. */
	assert_int_equal(take(&t, CHECK_BFD_MSG_END, 0, "", &s), CHECK_BFD_MSG_SEQUENCE);
	assert_int_equal(s.n, 0);
	assert_int_equal(t.n, 3);
	check_bfd_states_free(&t);
}

/* The real servers -------------------------------------------------------------------------- */

/* clang-format off */
static const struct cfg_keyword top[] = {
	CFG_KEYWORDS_FROM(check_conf_top_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

struct fixture {
	struct check_conf *conf;
	struct check_vs_rt vs;
	unsigned events[5];
	struct check_rs_observer obs;
};

static void
observed(void *arg, enum check_rs_event ev, struct check_vs_rt *vs, struct check_rs_rt *rs)
{
	struct fixture *f = arg;

	(void)vs;
	(void)rs;
	f->events[ev]++;
}

static const char conf_text[] = "virtual_server 198.18.0.100 80 {\n"
				" protocol TCP\n"
				" real_server 198.18.1.10 80 {\n"
				"  BFD_CHECK {\n   name b1\n  }\n"
				" }\n"
				" real_server 198.18.1.11 80 {\n"
				"  BFD_CHECK {\n   name b1\n   alpha\n  }\n"
				" }\n"
				" real_server 198.18.1.12 80 {\n"
				"  BFD_CHECK {\n   name b2\n  }\n"
				"  TCP_CHECK {\n  }\n"
				" }\n"
				"}\n";

static void
setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->conf = check_conf_new();
	unit_log_start();
	assert_int_equal(cfg_read_string("k.conf", conf_text, top, f->conf, NULL), 0);
	assert_int_equal(check_conf_complete(f->conf), 0);
	unit_log_clear();
	assert_int_equal(check_vs_rt_init(&f->vs, f->conf->vs), 0);
	f->obs = (struct check_rs_observer){ observed, f };
	unit_log_clear();
}

static void
teardown(struct fixture *f)
{
	unit_log_stop();
	check_vs_rt_fini(&f->vs);
	check_conf_free(f->conf);
}

static unsigned
bfd(struct fixture *f, const char *name, enum check_bfd_state st)
{
	return check_vs_bfd_state(&f->vs, 1, name, st, 2000000, &f->obs);
}

static void
test_rs_follows_session(void **state)
{
	struct fixture f;
	struct check_rs_rt *rs0, *rs1;

	(void)state;
	setup(&f);
	rs0 = &f.vs.rs[0];
	rs1 = &f.vs.rs[1];
	assert_true(rs0->alive);
	assert_false(rs1->alive); /* alpha */

	/* A session never Up: keepalived's BFD process has told nothing yet. */
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_DOWN_INITIAL), 0);
	unit_log_expect(0);
	assert_true(rs0->alive);
	assert_false(rs1->alive);

	/* Up: both are told (the first word logged even where nothing changes). */
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_UP), 1);
	unit_log_expect(3, "BFD check of [b1] RS([198.18.1.10]:tcp:80) is UP",
			"BFD check of [b1] RS([198.18.1.11]:tcp:80) is UP",
			"Adding service [198.18.1.11]:tcp:80 to VS [198.18.0.100]:tcp:80");
	assert_true(rs1->alive);
	assert_int_equal(f.events[CHECK_EV_RS_UP], 1);
	assert_string_equal(rs1->reason, "BFD check of [b1] RS([198.18.1.11]:tcp:80) is UP");

	/* Told again (a whole state after a reload): nothing. */
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_UP), 0);
	unit_log_expect(0);

	/* Down at once, no retry; then a session restarted (never Up again) keeps it down. */
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_DOWN), 2);
	unit_log_expect(4, "BFD check of [b1] RS([198.18.1.10]:tcp:80) is DOWN",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80",
			"BFD check of [b1] RS([198.18.1.11]:tcp:80) is DOWN",
			"Removing service [198.18.1.11]:tcp:80 from VS [198.18.0.100]:tcp:80");
	assert_false(rs0->alive);
	assert_int_equal(rs0->n_failed, 1);
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_DOWN_INITIAL), 0);
	assert_false(rs0->alive);
	assert_int_equal(bfd(&f, "b1", CHECK_BFD_UP), 2);
	assert_true(rs0->alive);
	assert_int_equal(rs0->n_failed, 0);
	assert_int_equal(rs0->checkers[0].attempts, 3);
	assert_int_equal(rs0->checkers[0].failures, 1);
	/* Another name: nothing of b1's. */
	unit_log_clear();
	assert_int_equal(bfd(&f, "b3", CHECK_BFD_DOWN), 0);
	unit_log_expect(0);
	teardown(&f);
}

static void
test_rs_with_two_checkers(void **state)
{
	struct fixture f;
	struct check_rs_rt *rs = NULL;
	struct check_outcome fail = { .up = false, .weight = -1 };
	struct check_outcome ok = { .up = true, .weight = -1 };
	unsigned tcp = 1;

	(void)state;
	setup(&f);
	rs = &f.vs.rs[2];
	assert_int_equal(rs->n_checkers, 2);
	assert_int_equal(rs->checkers[0].conf->kind, CHECK_BFD);
	/* The TCP check fails (retry 1: two attempts): the server goes. */
	check_rs_result(&f.vs, rs, tcp, &fail, NULL, 1, &f.obs);
	check_rs_result(&f.vs, rs, tcp, &fail, NULL, 2, &f.obs);
	assert_false(rs->alive);
	/* BFD Up and then Down: the server stays out; one failed checker still holds it. */
	bfd(&f, "b2", CHECK_BFD_UP);
	bfd(&f, "b2", CHECK_BFD_DOWN);
	assert_int_equal(rs->n_failed, 2);
	check_rs_result(&f.vs, rs, tcp, &ok, NULL, 3, &f.obs);
	assert_false(rs->alive);
	unit_log_clear();
	bfd(&f, "b2", CHECK_BFD_UP);
	assert_true(unit_logged("Adding service [198.18.1.12]:tcp:80 to VS [198.18.0.100]:tcp:80"));
	assert_true(rs->alive);
	teardown(&f);
}

int
main(void)
{
	struct CMUnitTest tests[UNIT_NELEMS(bad_rows) + 8];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_codec_round_trip),
		cmocka_unit_test(test_codec_name_too_long),
		cmocka_unit_test(test_states_changes_and_full),
		cmocka_unit_test(test_rs_follows_session),
		cmocka_unit_test(test_rs_with_two_checkers),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_codec_bad, bad_rows);
	return _cmocka_run_group_tests("test_check_bfd", tests, n, NULL, NULL);
}
