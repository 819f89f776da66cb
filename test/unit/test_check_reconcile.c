/*
 * Unit tests of the reconciler (keepalived/check/proto/check_reconcile.c)
 * against a fake IPVS that keeps its table in memory and records every
 * command: start brings the table to the configuration, a reload changes
 * only what changed (a destination that stays is never removed, so it
 * keeps its connections), services someone else made are left alone, and
 * stop removes what the checker made.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>

#include "keepalived/check/proto/check_reconcile.h"
#include "unit_helpers.h"

struct fake_ipvs {
	struct check_ipvs_table t;
	char log[2048];
	size_t n;
	bool fail_list;
};

static void
record(struct fake_ipvs *f, const char *op, const struct check_ipvs_svc *s,
       const struct check_ipvs_dest *d)
{
	char a[INET6_ADDRSTRLEN] = "";

	if (d != NULL)
		inet_ntop(d->addr.family, &d->addr.u, a, sizeof(a));
	f->n += (size_t)snprintf(f->log + f->n, sizeof(f->log) - f->n, "%s%s %u", f->n ? "; " : "",
				 op, s->port);
	if (d != NULL)
		f->n += (size_t)snprintf(f->log + f->n, sizeof(f->log) - f->n, " %s:%u w%d", a,
					 d->port, d->weight);
}

static int
copy_table(const struct check_ipvs_table *from, struct check_ipvs_table *to)
{
	for (unsigned i = 0; i < from->n_svcs; i++) {
		struct check_ipvs_entry *e = check_table_add_svc(to, &from->svcs[i].svc);

		for (unsigned j = 0; j < from->svcs[i].n_dests; j++)
			check_table_add_dest(e, &from->svcs[i].dests[j]);
	}
	return 0;
}

static int
f_list(void *ctx, struct check_ipvs_table *out)
{
	struct fake_ipvs *f = ctx;

	return f->fail_list ? -1 : copy_table(&f->t, out);
}

static int
f_svc_add(void *ctx, const struct check_ipvs_svc *s)
{
	struct fake_ipvs *f = ctx;

	record(f, "svc_add", s, NULL);
	return check_table_add_svc(&f->t, s) == NULL ? -1 : 0;
}

static int
f_svc_edit(void *ctx, const struct check_ipvs_svc *s)
{
	struct fake_ipvs *f = ctx;

	record(f, "svc_edit", s, NULL);
	check_table_find(&f->t, s)->svc = *s;
	return 0;
}

static int
f_svc_del(void *ctx, const struct check_ipvs_svc *s)
{
	struct fake_ipvs *f = ctx;
	struct check_ipvs_entry *e = check_table_find(&f->t, s);

	record(f, "svc_del", s, NULL);
	if (e == NULL) {
		errno = ESRCH;
		return -1;
	}
	free(e->dests);
	*e = f->t.svcs[--f->t.n_svcs];
	return 0;
}

static struct check_ipvs_dest *
dest_find(struct check_ipvs_entry *e, const struct check_ipvs_dest *d)
{
	for (unsigned i = 0; i < e->n_dests; i++)
		if (check_dest_same(&e->dests[i], d))
			return &e->dests[i];
	return NULL;
}

static int
f_dest_add(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	struct fake_ipvs *f = ctx;

	record(f, "dest_add", s, d);
	return check_table_add_dest(check_table_find(&f->t, s), d);
}

static int
f_dest_edit(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	struct fake_ipvs *f = ctx;

	record(f, "dest_edit", s, d);
	*dest_find(check_table_find(&f->t, s), d) = *d;
	return 0;
}

static int
f_dest_del(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	struct fake_ipvs *f = ctx;
	struct check_ipvs_entry *e = check_table_find(&f->t, s);

	struct check_ipvs_dest *found = dest_find(e, d);

	record(f, "dest_del", s, d);
	*found = e->dests[e->n_dests - 1];
	e->n_dests--;
	return 0;
}

static struct check_ipvs_ops
ops_of(struct fake_ipvs *f)
{
	return (struct check_ipvs_ops){ f_list,     f_svc_add,   f_svc_edit, f_svc_del,
					f_dest_add, f_dest_edit, f_dest_del, f };
}

/* A table from "PORT:last-byte=weight,..." services separated by spaces. */
static void
table(struct check_ipvs_table *t, const char *spec)
{
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		struct check_ipvs_svc s = { .family = AF_INET, .protocol = IPPROTO_TCP };
		struct check_ipvs_entry *e;
		char *rest = strchr(tok, ':'), *save2 = NULL, *d;

		s.addr.family = AF_INET;
		inet_pton(AF_INET, "198.18.0.100", &s.addr.u.v4);
		s.port = (uint16_t)atoi(tok);
		snprintf(s.sched, sizeof(s.sched), "wlc");
		s.netmask = UINT32_MAX;
		e = check_table_add_svc(t, &s);
		for (d = strtok_r(rest + 1, ",", &save2); d != NULL;
		     d = strtok_r(NULL, ",", &save2)) {
			struct check_ipvs_dest dst = { .port = 80 };
			char a[32];

			if (*d == '\0')
				continue;
			snprintf(a, sizeof(a), "198.18.1.%d", atoi(d));
			dst.addr.family = AF_INET;
			inet_pton(AF_INET, a, &dst.addr.u.v4);
			dst.weight = atoi(strchr(d, '=') + 1);
			check_table_add_dest(e, &dst);
		}
	}
}

static void
test_start_reload_stop(void **state)
{
	struct fake_ipvs f = { 0 };
	struct check_ipvs_ops ops = ops_of(&f);
	struct check_ipvs_table want = { 0 }, prev = { 0 }, other = { 0 };
	struct check_reconcile_stats st;

	/* Someone else's service is there before us. */
	table(&other, "443:50=1");
	copy_table(&other, &f.t);

	table(&want, "80:10=1,11=1 81:10=2");
	assert_int_equal(check_reconcile(&ops, &want, NULL, &st), 0);
	assert_string_equal(f.log, "svc_add 80; dest_add 80 198.18.1.10:80 w1; "
				   "dest_add 80 198.18.1.11:80 w1; svc_add 81; "
				   "dest_add 81 198.18.1.10:80 w2");
	assert_int_equal(st.svc_added, 2);
	assert_int_equal(st.dest_added, 3);

	/* The same again: nothing to do. */
	f.n = 0;
	f.log[0] = '\0';
	assert_int_equal(check_reconcile(&ops, &want, &want, &st), 0);
	assert_string_equal(f.log, "");

	/* Reload: .11 goes, .10's weight changes, .12 comes; 81 goes, 82 comes. */
	copy_table(&want, &prev);
	check_table_clear(&want);
	table(&want, "80:10=3,12=1 82:12=1");
	assert_int_equal(check_reconcile(&ops, &want, &prev, &st), 0);
	assert_string_equal(f.log, "svc_del 81; dest_del 80 198.18.1.11:80 w1; "
				   "dest_edit 80 198.18.1.10:80 w3; dest_add 80 198.18.1.12:80 w1; "
				   "svc_add 82; dest_add 82 198.18.1.12:80 w1");

	/* Stop: ours go, the other one stays. */
	f.n = 0;
	f.log[0] = '\0';
	assert_int_equal(check_reconcile_release(&ops, &want, &st), 0);
	assert_string_equal(f.log, "svc_del 80; svc_del 82");
	assert_int_equal(f.t.n_svcs, 1);
	assert_int_equal(f.t.svcs[0].svc.port, 443);

	check_table_clear(&want);
	check_table_clear(&prev);
	check_table_clear(&other);
	check_table_clear(&f.t);
}

/* A service whose settings changed is edited, its destinations kept. */
static void
test_edit_service(void **state)
{
	struct fake_ipvs f = { 0 };
	struct check_ipvs_ops ops = ops_of(&f);
	struct check_ipvs_table want = { 0 };
	struct check_reconcile_stats st;

	table(&want, "80:10=1");
	assert_int_equal(check_reconcile(&ops, &want, NULL, &st), 0);
	f.n = 0;
	f.log[0] = '\0';
	snprintf(want.svcs[0].svc.sched, sizeof(want.svcs[0].svc.sched), "rr");
	assert_int_equal(check_reconcile(&ops, &want, &want, &st), 0);
	assert_string_equal(f.log, "svc_edit 80");
	assert_int_equal(st.svc_edited, 1);
	check_table_clear(&want);
	check_table_clear(&f.t);
}

/* After ipvsadm -C the next pass puts everything back; a stop finds nothing. */
static void
test_flushed_behind_our_back(void **state)
{
	struct fake_ipvs f = { 0 };
	struct check_ipvs_ops ops = ops_of(&f);
	struct check_ipvs_table want = { 0 };
	struct check_reconcile_stats st;

	table(&want, "80:10=1");
	assert_int_equal(check_reconcile(&ops, &want, NULL, &st), 0);
	check_table_clear(&f.t);
	assert_int_equal(check_reconcile(&ops, &want, &want, &st), 0);
	assert_int_equal(f.t.n_svcs, 1);
	assert_int_equal(f.t.svcs[0].n_dests, 1);
	check_table_clear(&f.t);
	unit_log_start();
	assert_int_equal(check_reconcile_release(&ops, &want, &st), 0);
	assert_int_equal(st.errors, 0);
	f.fail_list = true;
	assert_int_equal(check_reconcile(&ops, &want, NULL, &st), -1);
	assert_int_equal(st.errors, 1);
	unit_log_stop();
	check_table_clear(&want);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_reload_stop),
		cmocka_unit_test(test_edit_service),
		cmocka_unit_test(test_flushed_behind_our_back),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
