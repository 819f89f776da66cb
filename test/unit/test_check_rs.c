/*
 * Unit tests of the checker's state machine (keepalived/check/proto/check_rs.c):
 * retries, alpha, inhibit_on_failure, quorum with hysteresis, the sorry
 * server, weights set by a checker, warmup and what a reload keeps. The
 * configurations are read from keepalived.conf text; outcomes are fed with
 * a time, and the table wanted and the lines logged (keepalived 2.2.7's
 * wording) are checked after each.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/proto/check_rs.h"
#include "unit_helpers.h"

struct check_conf *
check_conf_of(void *top_obj)
{
	return top_obj;
}

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
	uint64_t now;
};

static void
observed(void *arg, enum check_rs_event ev, struct check_vs_rt *vs, struct check_rs_rt *rs)
{
	struct fixture *f = arg;

	f->events[ev]++;
}

static void
setup(struct fixture *f, const char *text)
{
	memset(f, 0, sizeof(*f));
	f->conf = check_conf_new();
	unit_log_start();
	assert_int_equal(cfg_read_string("k.conf", text, top, f->conf, NULL), 0);
	assert_int_equal(check_conf_complete(f->conf), 0);
	assert_int_equal(f->conf->n_vs, 1);
	unit_log_clear();
	assert_int_equal(check_vs_rt_init(&f->vs, f->conf->vs), 0);
	f->obs = (struct check_rs_observer){ observed, f };
	f->now = 1000000;
}

static void
teardown(struct fixture *f)
{
	unit_log_stop();
	check_vs_rt_fini(&f->vs);
	check_conf_free(f->conf);
}

static uint64_t
feed(struct fixture *f, unsigned rs, bool up, int weight)
{
	struct check_outcome o = { .up = up, .weight = weight };
	char down[128], after[40] = "";
	struct check_rs_lines lines = { down, NULL };
	/* The count the daemon puts in the line (check_daemon_run.c), decided before the result. */
	unsigned n = check_rs_retries_told(&f->vs.rs[rs], 0);

	snprintf(o.reason, sizeof(o.reason), "TCP connection to [198.18.1.%u]:tcp:80 %s.", 10 + rs,
		 up ? "success" : "failed");
	if (n > 0)
		snprintf(after, sizeof(after), " after %u retries", n);
	snprintf(down, sizeof(down), "TCP_CHECK on service [198.18.1.%u]:tcp:80 failed%s.", 10 + rs,
		 after);
	f->now += 1000;
	return check_rs_result(&f->vs, &f->vs.rs[rs], 0, &o, &lines, f->now, &f->obs);
}

/* The table wanted now, as "addr:port weight" words joined by spaces. */
static const char *
dests(struct fixture *f)
{
	static char out[512];
	struct check_ipvs_table t = { 0 };
	size_t n = 0;

	out[0] = '\0';
	assert_int_equal(check_vs_desired(&f->vs, f->conf, &t), 0);
	assert_int_equal(t.n_svcs, 1);
	for (unsigned i = 0; i < t.svcs[0].n_dests; i++) {
		const struct check_ipvs_dest *d = &t.svcs[0].dests[i];
		char a[INET6_ADDRSTRLEN];

		inet_ntop(d->addr.family, &d->addr.u, a, sizeof(a));
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s:%u %d", n ? " " : "", a,
				      d->port, d->weight);
	}
	check_table_clear(&t);
	return out;
}

#define VS_HEAD "virtual_server 198.18.0.100 80 {\n protocol TCP\n delay_loop 10\n"
#define RS_N(n, extra) " real_server 198.18.1." #n " 80 {\n" extra "  TCP_CHECK {\n  }\n }\n"

static void
test_retry(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " retry 2\n delay_before_retry 3\n" RS_N(10, "") "}\n");
	assert_string_equal(dests(&f), "198.18.1.10:80 1");
	/* Two failures are retried, 3 s apart; the server stays; keepalived says nothing. */
	assert_int_equal(feed(&f, 0, false, -1), 3000000);
	assert_int_equal(feed(&f, 0, false, -1), 3000000);
	assert_string_equal(dests(&f), "198.18.1.10:80 1");
	unit_log_expect(0);
	/* The third is the verdict: the first, so "failed." (keepalived's has_run). */
	assert_int_equal(feed(&f, 0, false, -1), 10000000);
	unit_log_expect(3, "TCP_CHECK on service [198.18.1.10]:tcp:80 failed.",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80",
			"Lost quorum 1-0=1 > 0 for VS [198.18.0.100]:tcp:80");
	assert_string_equal(dests(&f), "");
	assert_string_equal(f.vs.rs[0].reason, "TCP connection to [198.18.1.10]:tcp:80 failed.");
	/* Failing on: nothing more is said. */
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	unit_log_expect(0);
	/* One success brings it back. */
	assert_int_equal(feed(&f, 0, true, -1), 10000000);
	unit_log_expect(3, "TCP connection to [198.18.1.10]:tcp:80 success.",
			"Adding service [198.18.1.10]:tcp:80 to VS [198.18.0.100]:tcp:80",
			"Gained quorum 1+0=1 <= 1 for VS [198.18.0.100]:tcp:80");
	assert_string_equal(dests(&f), "198.18.1.10:80 1");
	assert_int_equal(f.events[CHECK_EV_RS_DOWN], 1);
	assert_int_equal(f.events[CHECK_EV_RS_UP], 1);
	assert_int_equal(f.vs.rs[0].checkers[0].attempts, 7);
	/* Down again: now the virtual server's retry 2 is told. */
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	unit_log_expect(3, "TCP_CHECK on service [198.18.1.10]:tcp:80 failed after 2 retries.",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80",
			"Lost quorum 1-0=1 > 0 for VS [198.18.0.100]:tcp:80");
	teardown(&f);
}

/*
 * keepalived 2.2.7 counts a checker as run once it gives a verdict, not at a
 * retried failure: the first verdict after retries is "failed." (no "after N
 * retries"), and a success after failed retries at start is still told.
 */
static void
test_judged(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " retry 1\n" RS_N(10, "") RS_N(11, "") "}\n");
	feed(&f, 0, false, -1);
	assert_true(f.vs.rs[0].checkers[0].has_run);
	assert_false(f.vs.rs[0].checkers[0].judged);
	assert_false(check_rs_has_run(&f.vs.rs[0].checkers[0]));
	feed(&f, 0, false, -1);
	assert_true(f.vs.rs[0].checkers[0].judged);
	unit_log_clear();
	/* The other one: a failure retried, then a success, which is logged. */
	feed(&f, 1, false, -1);
	unit_log_expect(0);
	feed(&f, 1, true, -1);
	unit_log_expect(1, "TCP connection to [198.18.1.11]:tcp:80 success.");
	assert_true(f.vs.rs[1].checkers[0].judged);
	teardown(&f);
}

/* Under alpha keepalived 2.2.7 still says the first verdict, the server already out. */
static void
test_alpha_first_verdict(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " alpha\n" RS_N(10, "") "}\n");
	unit_log_clear();
	feed(&f, 0, false, -1); /* retry 1 by default: one quiet retry */
	unit_log_expect(0);
	feed(&f, 0, false, -1); /* the first verdict: "failed." */
	unit_log_expect(1, "TCP_CHECK on service [198.18.1.10]:tcp:80 failed.");
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	unit_log_expect(0);
	assert_int_equal(f.events[CHECK_EV_RS_DOWN], 0);
	teardown(&f);
}

/*
 * log_all_failures (checker_log_all_failures sets the default): each failed
 * attempt is logged while the checker is up, then the verdict; a checker's
 * first success is logged as keepalived logs it at start.
 */
static void
test_log_all_failures(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " retry 1\n real_server 198.18.1.10 80 {\n  TCP_CHECK {\n"
			  "   log_all_failures\n  }\n }\n" RS_N(11, "") "}\n");
	feed(&f, 0, false, -1);
	unit_log_expect(1, "TCP connection to [198.18.1.10]:tcp:80 failed.");
	feed(&f, 0, false, -1);
	unit_log_expect(3, "TCP connection to [198.18.1.10]:tcp:80 failed.",
			"TCP_CHECK on service [198.18.1.10]:tcp:80 failed.",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80");
	/* Down: the failures are no longer told. */
	feed(&f, 0, false, -1);
	unit_log_expect(0);
	/* The other checker's first success is told, then nothing until it changes. */
	feed(&f, 1, true, -1);
	unit_log_expect(1, "TCP connection to [198.18.1.11]:tcp:80 success.");
	feed(&f, 1, true, -1);
	unit_log_expect(0);
	/* Without log_all_failures, a failed attempt with retries left is not told. */
	feed(&f, 1, false, -1);
	unit_log_expect(0);
	teardown(&f);
}

static void
test_alpha_inhibit(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " alpha\n" RS_N(10, "  inhibit_on_failure\n") RS_N(11, "") "}\n");
	/* Alpha: both start failed; the inhibited one is in the table with weight 0. */
	assert_false(f.vs.quorum_up);
	assert_string_equal(dests(&f), "198.18.1.10:80 0");
	feed(&f, 0, true, -1);
	assert_string_equal(dests(&f), "198.18.1.10:80 1");
	assert_true(
		unit_logged("Enabling service [198.18.1.10]:tcp:80 of VS [198.18.0.100]:tcp:80"));
	feed(&f, 1, true, -1);
	assert_string_equal(dests(&f), "198.18.1.10:80 1 198.18.1.11:80 1");
	unit_log_clear();
	feed(&f, 0, false, -1); /* retry 1 by default: one quiet retry */
	feed(&f, 0, false, -1);
	assert_true(
		unit_logged("Disabling service [198.18.1.10]:tcp:80 of VS [198.18.0.100]:tcp:80"));
	assert_string_equal(dests(&f), "198.18.1.10:80 0 198.18.1.11:80 1");
	teardown(&f);
}

static void
test_quorum_sorry(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " quorum 2\n retry 1\n sorry_server 198.18.1.99 8080\n" RS_N(10, "")
			  RS_N(11, "") "}\n");
	assert_true(f.vs.quorum_up);
	assert_string_equal(dests(&f), "198.18.1.10:80 1 198.18.1.11:80 1");
	feed(&f, 1, false, -1);
	feed(&f, 1, false, -1);
	assert_true(unit_logged("Lost quorum 2-0=2 > 1 for VS [198.18.0.100]:tcp:80"));
	assert_true(unit_logged("Adding sorry server [198.18.1.99]:tcp:8080 to VS "
				"[198.18.0.100]:tcp:80"));
	/* The sorry server alone: the one alive real server is taken out. */
	assert_string_equal(dests(&f), "198.18.1.99:8080 1");
	assert_int_equal(f.events[CHECK_EV_QUORUM_DOWN], 1);
	feed(&f, 1, true, -1);
	assert_true(unit_logged("Gained quorum 2+0=2 <= 2 for VS [198.18.0.100]:tcp:80"));
	assert_true(unit_logged("Removing sorry server [198.18.1.99]:tcp:8080 from VS "
				"[198.18.0.100]:tcp:80"));
	assert_string_equal(dests(&f), "198.18.1.10:80 1 198.18.1.11:80 1");
	assert_int_equal(f.events[CHECK_EV_QUORUM_UP], 1);
	teardown(&f);
}

static void
test_sorry_inhibit(void **state)
{
	struct fixture f;

	setup(&f,
	      VS_HEAD " sorry_server 198.18.1.99 8080\n sorry_server_inhibit\n" RS_N(10, "") "}\n");
	/* Quorum up: the sorry server waits in the table with weight 0. */
	assert_string_equal(dests(&f), "198.18.1.10:80 1 198.18.1.99:8080 0");
	feed(&f, 0, false, -1);
	feed(&f, 0, false, -1);
	assert_true(unit_logged("Enabling sorry server [198.18.1.99]:tcp:8080 to VS "
				"[198.18.0.100]:tcp:80"));
	assert_string_equal(dests(&f), "198.18.1.99:8080 1");
	teardown(&f);
}

static void
test_hysteresis(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD " quorum 2\n hysteresis 1\n retry 1\n" RS_N(10, "") RS_N(11, "")
			  RS_N(12, "") "}\n");
	assert_true(f.vs.quorum_up); /* 3 >= 2 + 1 */
	for (unsigned rs = 0; rs < 2; rs++) {
		feed(&f, rs, false, -1);
		feed(&f, rs, false, -1);
	}
	assert_true(f.vs.quorum_up); /* 1 is not below 2 - 1 */
	feed(&f, 2, false, -1);
	feed(&f, 2, false, -1);
	assert_false(f.vs.quorum_up);
	assert_true(unit_logged("Lost quorum 2-1=1 > 0 for VS [198.18.0.100]:tcp:80"));
	feed(&f, 0, true, -1);
	feed(&f, 1, true, -1);
	assert_false(f.vs.quorum_up); /* 2 is below 2 + 1 */
	feed(&f, 2, true, -1);
	assert_true(f.vs.quorum_up);
	assert_true(unit_logged("Gained quorum 2+1=3 <= 3 for VS [198.18.0.100]:tcp:80"));
	teardown(&f);
}

static void
test_dynamic_weight(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD RS_N(10, "  weight 3\n") "}\n");
	assert_string_equal(dests(&f), "198.18.1.10:80 3");
	feed(&f, 0, true, 7);
	assert_true(unit_logged("Changing weight from 3 to 7 for active service "
				"[198.18.1.10]:tcp:80 of VS [198.18.0.100]:tcp:80"));
	assert_string_equal(dests(&f), "198.18.1.10:80 7");
	assert_int_equal(f.events[CHECK_EV_WEIGHT], 1);
	teardown(&f);
}

static void
test_warmup(void **state)
{
	struct fixture f;

	setup(&f, VS_HEAD RS_N(10, "  warmup 2\n") "}\n");
	assert_int_equal(check_rs_first_delay(&f.vs.rs[0], 0, 5), 5);
	assert_int_equal(check_rs_first_delay(&f.vs.rs[0], 0, 2000001), 0);
	assert_true(check_rs_first_delay(&f.vs.rs[0], 0, UINT64_MAX) <= 2000000);
	teardown(&f);
}

/* A reload keeps a failed server out, and takes a new one in as configured. */
static void
test_take_over(void **state)
{
	struct fixture f, g;

	setup(&f, VS_HEAD RS_N(10, "") RS_N(11, "") "}\n");
	feed(&f, 1, false, -1);
	feed(&f, 1, false, -1);
	assert_string_equal(dests(&f), "198.18.1.10:80 1");
	setup(&g, VS_HEAD RS_N(11, "  weight 3\n") RS_N(12, "") "}\n");
	check_vs_rt_take_over(&g.vs, &f.vs);
	/* keepalived's reload lines: the weight, the real server dropped. */
	unit_log_expect(3,
			"Changing weight from 1 to 3 for inactive service [198.18.1.11]:tcp:80 of "
			"VS [198.18.0.100]:tcp:80",
			"service [198.18.1.10]:tcp:80 no longer exist",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80");
	check_vs_log_removed(&f.vs);
	unit_log_expect(2, "Removing Virtual Server [198.18.0.100]:tcp:80",
			"Removing service [198.18.1.10]:tcp:80 from VS [198.18.0.100]:tcp:80");
	assert_string_equal(dests(&g), "198.18.1.12:80 1");
	assert_false(g.vs.rs[0].checkers[0].up);
	assert_int_equal(g.vs.rs[0].n_down, 1);
	teardown(&g);
	teardown(&f);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry),	      cmocka_unit_test(test_alpha_inhibit),
		cmocka_unit_test(test_judged),	      cmocka_unit_test(test_alpha_first_verdict),
		cmocka_unit_test(test_log_all_failures),
		cmocka_unit_test(test_quorum_sorry),  cmocka_unit_test(test_sorry_inhibit),
		cmocka_unit_test(test_hysteresis),    cmocka_unit_test(test_dynamic_weight),
		cmocka_unit_test(test_warmup),	      cmocka_unit_test(test_take_over),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
