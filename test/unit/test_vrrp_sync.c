/*
 * Tests for the sync group decisions (vrrp_sync.c): when a member may go
 * Master, what the others must do when one member moves, the group's first
 * state; then whole scenarios played by the real runtime over fake members
 * (its operations interface), checked against the order of notifications
 * keepalived 2.2.7 produced for the same scenarios (recorded from its
 * notify FIFO in network namespaces).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/vrrp/run/vrrp_sync.h"
#include "test/unit/unit_helpers.h"

#define B VRRP_STATE_BACKUP
#define M VRRP_STATE_MASTER
#define F VRRP_STATE_FAULT
#define I VRRP_STATE_INIT

static void
test_may_master(void **state)
{
	struct vrrp_sync_member m[3] = { { B, false, false },
					 { B, false, false },
					 { B, false, false } };

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

/* clang-format off */
static const struct plan_case {
	const char *name;
	enum vrrp_state group;
	struct vrrp_sync_member m[3];
	size_t self;
	enum vrrp_state to;
	enum vrrp_state next;
	enum vrrp_sync_op ops[3];
} plan_cases[] = {
	{ "to_master_pulls_backups", B, { { M, false, false }, { B, true, false }, { B, true,
	  false } }, 0, M, M,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_MASTER, VRRP_SYNC_OP_MASTER } },
	{ "to_backup_pushes_masters", M, { { B, false, false }, { M, false, false }, { M, false,
	  false } }, 0, B, B,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_BACKUP, VRRP_SYNC_OP_BACKUP } },
	{ "to_fault_takes_all", M, { { F, false, true }, { M, false, false }, { B, false, false } },
	  0, F, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_FAULT, VRRP_SYNC_OP_FAULT } },
	{ "fault_clear_releases_others", F, { { F, false, false }, { B, false, false }, { F, false,
	  false } }, 1, B, B,
	  { VRRP_SYNC_OP_LEAVE_FAULT, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_LEAVE_FAULT } },
	{ "same_state_nothing", B, { { B, false, false }, { B, false, false }, { B, false,
	  false } }, 2, B, B,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "stop_nothing", M, { { VRRP_STATE_STOP, false, false }, { M, false, false }, { M, false,
	  false } }, 0, VRRP_STATE_STOP, M,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "backup_while_other_faulty_nothing", F, { { B, false, false }, { F, false, true }, { F,
	  false, false } }, 0, B, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE } },
	{ "fault_leaves_init_alone", B, { { F, false, true }, { I, false, false }, { B, false,
	  false } }, 0, F, F,
	  { VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_NONE, VRRP_SYNC_OP_FAULT } },
};
/* clang-format on */

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
 * The real runtime (vrrp_sync_member_changed() and the others) over fake
 * members: each has a configuration, a state machine struct whose state
 * the fake moves, and a fault flag. Every change is "notified" into a
 * transcript (what keepalived writes to its FIFO): the member's own line
 * first, then the group's plan, then the group's line, as a live instance
 * publishes its transitions.
 */
struct fake_member {
	struct vrrp_instance_conf conf;
	struct vrrp_fsm fsm;
	bool own_fault;
	uint64_t retimed_to;
};

static struct fake_member fakes[3];
static const char *const fake_names[3] = { "VI_1", "VI_2", "VI_3" };
static struct vrrp_sync group;
static struct vrrp_sync_group_conf group_conf;
static const struct vrrp_instance_conf *group_members[3];
static char transcript[1024];
static unsigned applied[VRRP_SYNC_OP_FAULT + 1];

static void
note(const char *what, const char *name, enum vrrp_state st)
{
	size_t len = strlen(transcript);

	snprintf(transcript + len, sizeof(transcript) - len, "%s %s %s\n", what, name,
		 vrrp_state_name(st));
}

static void fake_enter(struct fake_member *f, enum vrrp_state to);

static const struct vrrp_instance_conf *
fake_conf(const void *m)
{
	return &((const struct fake_member *)m)->conf;
}

static const struct vrrp_fsm *
fake_fsm(const void *m)
{
	return &((const struct fake_member *)m)->fsm;
}

static bool
fake_own_fault(const void *m)
{
	return ((const struct fake_member *)m)->own_fault;
}

static void
fake_apply(void *m, enum vrrp_sync_op op)
{
	applied[op]++;
	switch (op) {
	case VRRP_SYNC_OP_MASTER:
		fake_enter(m, M);
		break;
	case VRRP_SYNC_OP_BACKUP:
	case VRRP_SYNC_OP_LEAVE_FAULT:
		fake_enter(m, B);
		break;
	case VRRP_SYNC_OP_FAULT:
		fake_enter(m, F);
		break;
	default:
		break;
	}
}

static void
fake_retime(void *m, uint64_t deadline_us)
{
	struct fake_member *f = m;

	f->retimed_to = deadline_us;
	f->fsm.timer_deadline_us = deadline_us;
}

static const struct vrrp_sync_member_ops fake_ops = {
	.conf = fake_conf,
	.fsm = fake_fsm,
	.own_fault = fake_own_fault,
	.own_fault_at_start = fake_own_fault,
	.apply = fake_apply,
	.retime = fake_retime,
};

/* A member's state machine moved: its line, then the group's plan and line. */
static void
fake_enter(struct fake_member *f, enum vrrp_state to)
{
	uint64_t before = group.stats.transitions;

	f->fsm.state = to;
	f->fsm.timer = to == B ? VRRP_TIMER_MASTER_DOWN : VRRP_TIMER_NONE;
	f->fsm.timer_deadline_us = to == B ? 1000 : 0;
	note("INSTANCE", f->conf.name, to);
	vrrp_sync_member_changed(&group, f, to);
	if (group.stats.transitions != before)
		note("GROUP", "G", group.state);
}

/* A member's down timer expired: Master, or wait for the others (as vrrp_instance.c). */
static void
fake_timeout(size_t i)
{
	if (vrrp_sync_member_timeout(&group, &fakes[i]))
		fake_enter(&fakes[i], M);
}

/* n members VI_1.. in state st, group G over them (members listed in cands order). */
static void
group_setup(size_t n, enum vrrp_state st)
{
	void *cands[3];

	memset(fakes, 0, sizeof(fakes));
	memset(&group_conf, 0, sizeof(group_conf));
	memset(applied, 0, sizeof(applied));
	transcript[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		fakes[i].conf.name = fake_names[i];
		fakes[i].fsm.state = st;
		group_members[i] = &fakes[i].conf;
		/* The candidates come in another order: the group keeps its own. */
		cands[n - 1 - i] = &fakes[i];
	}
	snprintf(group_conf.name, sizeof(group_conf.name), "G");
	group_conf.members = group_members;
	group_conf.nmembers = n;
	assert_int_equal(vrrp_sync_init(&group, &group_conf, &fake_ops, cands, n, NULL), 0);
	assert_int_equal(group.n, n);
	group.state = st;
}

static int
group_teardown(void **state)
{
	(void)state;
	vrrp_sync_fini(&group);
	return 0;
}

static void
group_start(void)
{
	vrrp_sync_start(&group);
	note("GROUP", "G", group.state);
	for (size_t i = 0; i < group.n; i++)
		fake_enter(&fakes[i], group.state == F ? F : B);
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
	(void)state;
	group_setup(2, I);
	group_start();
	fake_timeout(0); /* waits for VI_2 */
	assert_int_equal(group.stats.held_master, 1);
	fake_timeout(1);
	fakes[1].own_fault = true; /* trk0 down */
	fake_enter(&fakes[1], F);
	fakes[1].own_fault = false; /* trk0 up: FAULT_CLEAR, not held */
	assert_false(vrrp_sync_member_hold_fault(&group, &fakes[1]));
	fake_enter(&fakes[1], B);
	fake_timeout(1);
	fake_timeout(0);
	assert_string_equal(transcript, "GROUP G BACKUP\n"
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
	assert_int_equal(group.stats.held_master, 2);
}

/*
 * The peer's side of the same run: a higher priority takes VI_1 to Backup,
 * VI_2 follows with the sync-backup event (no priority-0 advert), and its
 * down timer is put just after VI_1's, so that VI_1's fires first.
 */
static void
test_scenario_preempted(void **state)
{
	(void)state;
	group_setup(2, M);
	fake_enter(&fakes[0], B);
	assert_string_equal(transcript, "INSTANCE VI_1 BACKUP\n"
					"INSTANCE VI_2 BACKUP\n"
					"GROUP G BACKUP\n");
	assert_int_equal(group.state, B);
	assert_int_equal(applied[VRRP_SYNC_OP_BACKUP], 1);
	assert_int_equal(group.stats.syncs, 1);
	assert_int_equal(fakes[1].retimed_to, 1001);
	assert_int_equal(fakes[0].retimed_to, 0);
}

/* Two members with faults of their own: the group leaves Fault only when both cleared. */
static void
test_scenario_two_faults(void **state)
{
	(void)state;
	group_setup(3, B);
	fakes[0].own_fault = true;
	fake_enter(&fakes[0], F);
	fakes[1].own_fault = true; /* already in Fault with the group */
	fakes[0].own_fault = false;
	assert_true(vrrp_sync_member_hold_fault(&group, &fakes[0])); /* VI_1 stays in Fault */
	fakes[1].own_fault = false;
	assert_false(vrrp_sync_member_hold_fault(&group, &fakes[1]));
	fake_enter(&fakes[1], B);
	assert_string_equal(transcript, "INSTANCE VI_1 FAULT\n"
					"INSTANCE VI_2 FAULT\n"
					"INSTANCE VI_3 FAULT\n"
					"GROUP G FAULT\n"
					"INSTANCE VI_2 BACKUP\n"
					"INSTANCE VI_1 BACKUP\n"
					"INSTANCE VI_3 BACKUP\n"
					"GROUP G BACKUP\n");
	assert_int_equal(applied[VRRP_SYNC_OP_FAULT], 2);
	assert_int_equal(applied[VRRP_SYNC_OP_LEAVE_FAULT], 2);
}

/* A member that was waiting and then hears a master again stops wanting Master. */
static void
test_scenario_want_reset(void **state)
{
	(void)state;
	group_setup(2, B);
	fake_timeout(0);
	assert_true(group.want_master[0]);
	vrrp_sync_member_heard_master(&group, &fakes[0]); /* an advert from a better master */
	assert_false(group.want_master[0]);
	fake_timeout(1);
	assert_int_equal(fakes[1].fsm.state, B);
	assert_string_equal(transcript, "");
	/* Going Backup or Fault also ends the wish. */
	fake_timeout(0);
	fakes[0].own_fault = true;
	fake_enter(&fakes[0], F);
	assert_false(group.want_master[0]);
}

/* After STOP the group moves nobody. */
static void
test_stopped_group_moves_nobody(void **state)
{
	(void)state;
	group_setup(2, M);
	vrrp_sync_stop(&group);
	fake_enter(&fakes[0], B);
	assert_int_equal(fakes[1].fsm.state, M);
	assert_int_equal(group.stats.syncs, 0);
}

int
main(void)
{
	struct CMUnitTest tests[32];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_may_master),
		cmocka_unit_test(test_hold_fault_and_initial),
		cmocka_unit_test_teardown(test_scenario_keepalived, group_teardown),
		cmocka_unit_test_teardown(test_scenario_preempted, group_teardown),
		cmocka_unit_test_teardown(test_scenario_two_faults, group_teardown),
		cmocka_unit_test_teardown(test_scenario_want_reset, group_teardown),
		cmocka_unit_test_teardown(test_stopped_group_moves_nobody, group_teardown),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_plan, plan_cases);
	return _cmocka_run_group_tests("vrrp_sync", tests, n, NULL, NULL);
}
