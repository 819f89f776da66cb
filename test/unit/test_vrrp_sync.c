/*
 * Tests for the sync group decisions (vrrp_sync.c): when a member may go
 * Master, what the others must do when one member moves, the group's first
 * state; then whole scenarios played on a small model of members, checked
 * against the order of notifications keepalived 2.2.7 produced for the same
 * scenarios (recorded from its notify FIFO in network namespaces).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/vrrp/vrrp_sync.h"
#include "test/unit/unit_helpers.h"

#define B VRRP_STATE_BACKUP
#define M VRRP_STATE_MASTER
#define F VRRP_STATE_FAULT
#define I VRRP_STATE_INIT

static void
test_may_master(void **state)
{
	struct vrrp_sync_member m[3] = { { B, false, false }, { B, false, false }, { B, false, false } };

	(void)state;
	/* Nobody else wants Master yet: prefer Backup. */
	assert_false(vrrp_sync_may_master(B, m, 3, 0));
	m[1].want_master = true;
	assert_false(vrrp_sync_may_master(B, m, 3, 0));
	m[2].want_master = true;
	assert_true(vrrp_sync_may_master(B, m, 3, 0));
	/* A member in Fault or not started holds the group back. */
	m[2].state = F;
	assert_false(vrrp_sync_may_master(B, m, 3, 0));
	m[2].state = I;
	assert_false(vrrp_sync_may_master(B, m, 3, 0));
	/* A group already Master lets anyone in. */
	assert_true(vrrp_sync_may_master(M, m, 3, 0));
	/* Members already Master count as willing. */
	m[1].state = M;
	m[2].state = B;
	m[2].want_master = true;
	assert_true(vrrp_sync_may_master(B, m, 3, 0));
}

static void
test_hold_fault_and_initial(void **state)
{
	struct vrrp_sync_member m[2] = { { F, false, false }, { F, false, true } };

	(void)state;
	assert_true(vrrp_sync_hold_fault(m, 2, 0));
	assert_false(vrrp_sync_hold_fault(m, 2, 1));
	assert_int_equal(vrrp_sync_initial_state(m, 2), F);
	m[1].own_fault = false;
	assert_false(vrrp_sync_hold_fault(m, 2, 0));
	assert_int_equal(vrrp_sync_initial_state(m, 2), B);
}

static const struct plan_case {
	const char *name;
	enum vrrp_state group;
	struct vrrp_sync_member m[3];
	size_t self;
	enum vrrp_state to;
	enum vrrp_state next;
	enum vrrp_sync_op ops[3];
} plan_cases[] = {
	{ "to_master_pulls_backups", B, { { M, false, false }, { B, true, false }, { B, true, false } }, 0, M, M,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_MASTER, VRRP_SYNC_OP_MASTER } },
	{ "to_backup_pushes_masters", M, { { B, false, false }, { M, false, false }, { M, false, false } }, 0, B, B,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_BACKUP, VRRP_SYNC_OP_BACKUP } },
	{ "to_fault_takes_all", M, { { F, false, true }, { M, false, false }, { B, false, false } }, 0, F, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_FAULT, VRRP_SYNC_OP_FAULT } },
	{ "fault_clear_releases_others", F, { { F, false, false }, { B, false, false }, { F, false, false } }, 1, B, B,
	  { VRRP_SYNC_OP_LEAVE_FAULT, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_LEAVE_FAULT } },
	{ "same_state_nothing", B, { { B, false, false }, { B, false, false }, { B, false, false } }, 2, B, B,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "stop_nothing", M, { { VRRP_STATE_STOP, false, false }, { M, false, false }, { M, false, false } }, 0, VRRP_STATE_STOP, M,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "backup_while_other_faulty_nothing", F, { { B, false, false }, { F, false, true }, { F, false, false } }, 0, B, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "fault_leaves_init_alone", B, { { F, false, true }, { I, false, false }, { B, false, false } }, 0, F, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_FAULT } },
};

static void
test_plan(void **state)
{
	const struct plan_case *c = *state;
	enum vrrp_sync_op ops[3];

	assert_int_equal(vrrp_sync_plan(c->group, c->m, 3, c->self, c->to, ops), c->next);
	for (int i = 0; i < 3; i++) {
		if (ops[i] != c->ops[i])
			fail_msg("member %d: %s, wanted %s", i, vrrp_sync_op_name(ops[i]),
				 vrrp_sync_op_name(c->ops[i]));
	}
}

/* Scenarios ------------------------------------------------------------------------------- */

/*
 * A model of the runtime: members change state when told, every change is
 * "notified" into a transcript (what keepalived writes to its FIFO), and
 * the group's plan is carried out after the triggering member's own
 * notification, as vrrp_instance.c does.
 */
struct model {
	const char *names[3];
	struct vrrp_sync_member m[3];
	size_t n;
	enum vrrp_state group;
	bool busy;
	char transcript[1024];
};

static void model_enter(struct model *md, size_t i, enum vrrp_state to);

static void
model_note(struct model *md, const char *what, const char *name, enum vrrp_state st)
{
	size_t len = strlen(md->transcript);

	snprintf(md->transcript + len, sizeof(md->transcript) - len, "%s %s %s\n", what, name,
		 vrrp_state_name(st));
}

static void
model_member_changed(struct model *md, size_t self, enum vrrp_state to)
{
	enum vrrp_sync_op ops[3];
	enum vrrp_state next;

	if (to == B || to == F)
		md->m[self].want_master = false;
	if (md->busy)
		return;
	next = vrrp_sync_plan(md->group, md->m, md->n, self, to, ops);
	if (next == md->group)
		return;
	md->group = next;
	md->busy = true;
	for (size_t i = 0; i < md->n; i++) {
		if (ops[i] == VRRP_SYNC_OP_MASTER)
			model_enter(md, i, M);
		else if (ops[i] == VRRP_SYNC_OP_BACKUP || ops[i] == VRRP_SYNC_OP_LEAVE_FAULT)
			model_enter(md, i, B);
		else if (ops[i] == VRRP_SYNC_OP_FAULT)
			model_enter(md, i, F);
	}
	md->busy = false;
	model_note(md, "GROUP", "G", md->group);
}

static void
model_enter(struct model *md, size_t i, enum vrrp_state to)
{
	md->m[i].state = to;
	model_note(md, "INSTANCE", md->names[i], to);
	model_member_changed(md, i, to);
}

/* A member's down timer expired: Master, or wait for the others. */
static void
model_timeout(struct model *md, size_t i)
{
	if (!vrrp_sync_may_master(md->group, md->m, md->n, i)) {
		md->m[i].want_master = true;
		return;
	}
	md->m[i].want_master = true;
	model_enter(md, i, M);
}

static void
model_start(struct model *md)
{
	md->group = vrrp_sync_initial_state(md->m, md->n);
	model_note(md, "GROUP", "G", md->group);
	for (size_t i = 0; i < md->n; i++)
		model_enter(md, i, md->group == F ? F : B);
}

/*
 * keepalived 2.2.7's FIFO on the host with the higher priority, for
 * vrrp_sync_group G { VI_1 VI_2 } with VI_2 tracking an interface: start,
 * both time out (VI_1 first), the interface goes down, then up, both time
 * out again (VI_2 first).
 */
static void
test_scenario_keepalived(void **state)
{
	struct model md = { { "VI_1", "VI_2" }, { { I, false, false }, { I, false, false } }, 2, I, false, "" };

	(void)state;
	model_start(&md);
	model_timeout(&md, 0); /* waits for VI_2 */
	model_timeout(&md, 1);
	md.m[1].own_fault = true; /* trk0 down */
	model_enter(&md, 1, F);
	md.m[1].own_fault = false; /* trk0 up: FAULT_CLEAR, not held */
	assert_false(vrrp_sync_hold_fault(md.m, md.n, 1));
	model_enter(&md, 1, B);
	model_timeout(&md, 1);
	model_timeout(&md, 0);
	assert_string_equal(md.transcript,
			    "GROUP G BACKUP\n"
			    "INSTANCE VI_1 BACKUP\n"
			    "INSTANCE VI_2 BACKUP\n"
			    "INSTANCE VI_2 MASTER\n"
			    "INSTANCE VI_1 MASTER\n"
			    "GROUP G MASTER\n"
			    "INSTANCE VI_2 FAULT\n"
			    "INSTANCE VI_1 FAULT\n"
			    "GROUP G FAULT\n"
			    "INSTANCE VI_2 BACKUP\n"
			    "INSTANCE VI_1 BACKUP\n"
			    "GROUP G BACKUP\n"
			    "INSTANCE VI_1 MASTER\n"
			    "INSTANCE VI_2 MASTER\n"
			    "GROUP G MASTER\n");
}

/* The peer's side of the same run: a higher priority takes VI_1 to Backup, VI_2 follows. */
static void
test_scenario_preempted(void **state)
{
	struct model md = { { "VI_1", "VI_2" }, { { M, false, false }, { M, false, false } }, 2, M, false, "" };

	(void)state;
	model_enter(&md, 0, B);
	assert_string_equal(md.transcript, "INSTANCE VI_1 BACKUP\n"
					   "INSTANCE VI_2 BACKUP\n"
					   "GROUP G BACKUP\n");
	assert_int_equal(md.group, B);
}

/* Two members with faults of their own: the group leaves Fault only when both cleared. */
static void
test_scenario_two_faults(void **state)
{
	struct model md = { { "VI_1", "VI_2", "VI_3" }, { { B, false, false }, { B, false, false }, { B, false, false } }, 3, B, false, "" };

	(void)state;
	md.m[0].own_fault = true;
	model_enter(&md, 0, F);
	md.m[1].own_fault = true; /* already in Fault with the group */
	md.m[0].own_fault = false;
	assert_true(vrrp_sync_hold_fault(md.m, md.n, 0)); /* VI_1 stays in Fault */
	md.m[1].own_fault = false;
	assert_false(vrrp_sync_hold_fault(md.m, md.n, 1));
	model_enter(&md, 1, B);
	assert_string_equal(md.transcript, "INSTANCE VI_1 FAULT\n"
					   "INSTANCE VI_2 FAULT\n"
					   "INSTANCE VI_3 FAULT\n"
					   "GROUP G FAULT\n"
					   "INSTANCE VI_2 BACKUP\n"
					   "INSTANCE VI_1 BACKUP\n"
					   "INSTANCE VI_3 BACKUP\n"
					   "GROUP G BACKUP\n");
}

/* A member that was waiting and then hears a master again stops wanting Master. */
static void
test_scenario_want_reset(void **state)
{
	struct model md = { { "VI_1", "VI_2" }, { { B, false, false }, { B, false, false } }, 2, B, false, "" };

	(void)state;
	model_timeout(&md, 0);
	assert_true(md.m[0].want_master);
	md.m[0].want_master = false; /* an advert from a better master */
	model_timeout(&md, 1);
	assert_int_equal(md.m[1].state, B);
	assert_string_equal(md.transcript, "");
}

int
main(void)
{
	struct CMUnitTest tests[32];
	size_t n = 0;
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_may_master),
		cmocka_unit_test(test_hold_fault_and_initial),
		cmocka_unit_test(test_scenario_keepalived),
		cmocka_unit_test(test_scenario_preempted),
		cmocka_unit_test(test_scenario_two_faults),
		cmocka_unit_test(test_scenario_want_reset),
	};

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_plan, plan_cases);
	return _cmocka_run_group_tests("vrrp_sync", tests, n, NULL, NULL);
}
