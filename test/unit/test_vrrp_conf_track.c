/*
 * Tests for the tracking, notification and sync group parts of
 * keepalived.conf (keepalived/vrrp/vrrp_conf_track*.c, vrrp_conf_sync.c):
 * command splitting, the blocks and their ranges, name resolution and the
 * sync group rules of vrrp_conf_track_finish(), and -d read back. The
 * configuration is read through a top-level table that composes the
 * keywords the way keepalived/core/conf.c does.
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

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "test/unit/unit_helpers.h"

/* Reading ------------------------------------------------------------------------- */

static int
top_global(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_conf *conf = obj;

	if (strstr(argv[0], "notify") != NULL || strstr(argv[0], "script") != NULL ||
	    strstr(argv[0], "process_monitor") != NULL)
		return vrrp_track_global_keyword(r, argc, argv, conf);
	return vrrp_global_keyword(r, argc, argv, &conf->global);
}

static void *
top_track(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	return vrrp_track_block_open(r, argc, argv, parent);
}

/* clang-format off */
static const struct cfg_keyword global_keywords[] = {
	{ "enable_script_security", top_global, NULL, NULL, NULL, NULL },
	{ "lvs_notify_fifo", top_global, NULL, NULL, NULL, NULL },
	{ "lvs_notify_fifo_script", top_global, NULL, NULL, NULL, NULL },
	{ "notify_fifo", top_global, NULL, NULL, NULL, NULL },
	{ "notify_fifo_script", top_global, NULL, NULL, NULL, NULL },
	{ "process_monitor_rcv_bufs", top_global, NULL, NULL, NULL, NULL },
	{ "process_monitor_rcv_bufs_force", top_global, NULL, NULL, NULL, NULL },
	{ "script_user", top_global, NULL, NULL, NULL, NULL },
	{ "vrrp_notify_fifo", top_global, NULL, NULL, NULL, NULL },
	{ "vrrp_notify_fifo_script", top_global, NULL, NULL, NULL, NULL },
	{ "vrrp_notify_priority_changes", top_global, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "global_defs", NULL, NULL, global_keywords, NULL, NULL },
	{ "vrrp_instance", NULL, vrrp_instance_open, vrrp_instance_keywords, NULL,
	  vrrp_instance_close },
	VRRP_TRACK_TOP_KEYWORDS(top_track),
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct vrrp_conf conf;

/* Read text as keepalived.conf; returns the errors (reader's, then finish's). */
static int
parse(const char *text)
{
	struct cfg_options opts = { "test", false };
	int errors;

	vrrp_conf_free(&conf);
	memset(&conf, 0, sizeof(conf));
	vrrp_global_conf_defaults(&conf.global);
	unit_log_clear();
	errors = cfg_read_string("t.conf", text, top_keywords, &conf, &opts);
	if (errors == 0)
		errors = vrrp_conf_finish(&conf);
	return errors;
}

/* Some logged line contains want. */
static bool
logged_part(const char *want)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], want) != NULL)
			return true;
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		print_message("  logged: %s\n", unit_log.line[i]);
	print_message("  wanted: ...%s...\n", want);
	return false;
}

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof(conf));
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	vrrp_conf_free(&conf);
	unit_log_stop();
	return 0;
}

#define INST(name, vrid, body)                                                      \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " #vrid "\n" \
	" virtual_ipaddress {\n  198.18.0." #vrid "/24\n }\n" body "}\n"
#define SCRIPT(name, body) "vrrp_script " name " {\n script \"/bin/true\"\n" body "}\n"

static const struct vrrp_instance_conf *
inst(const char *name)
{
	for (const struct vrrp_instance_conf *vi = conf.instances; vi != NULL; vi = vi->next)
		if (strcmp(vi->name, name) == 0)
			return vi;
	fail_msg("no instance %s", name);
	return NULL;
}

/* Commands ---------------------------------------------------------------------------- */

/* clang-format off */
static const struct cmd_case {
	const char *name;
	const char *text;
	int argc;
	const char *words[5];
} cmd_cases[] = {
	{ "cmd_plain", "/bin/echo a b", 3, { "/bin/echo", "a", "b" } },
	{ "cmd_spaces", "  /bin/echo \t a  ", 2, { "/bin/echo", "a" } },
	{ "cmd_single_quotes", "/x 'a b' c", 3, { "/x", "a b", "c" } },
	{ "cmd_double_quotes_inside", "/x c\"d e\"f", 2, { "/x", "cd ef" } },
	{ "cmd_escape_hex", "/x \\x41\\x42", 2, { "/x", "AB" } },
	{ "cmd_escape_octal_tab", "/x a\\tb\\101", 2, { "/x", "a\tbA" } },
	{ "cmd_escaped_quote", "/x \\'a", 2, { "/x", "'a" } },
	{ "cmd_no_expansion", "/x $HOME ~ *", 4, { "/x", "$HOME", "~", "*" } },
	{ "cmd_shell_chars_are_words", "/bin/echo hi > /tmp/f", 4, { "/bin/echo", "hi", ">",
	  "/tmp/f" } },
};
/* clang-format on */

static void
test_cmd(void **state)
{
	const struct cmd_case *c = *state;
	struct vrrp_cmd cmd;
	const char *err;

	assert_int_equal(vrrp_cmd_parse(c->text, &cmd, &err), 0);
	assert_int_equal(cmd.argc, c->argc);
	for (int i = 0; i < c->argc; i++)
		assert_string_equal(cmd.argv[i], c->words[i]);
	assert_null(cmd.argv[c->argc]);
	assert_string_equal(cmd.text, c->text);
	vrrp_cmd_free(&cmd);
}

static void
test_cmd_errors(void **state)
{
	struct vrrp_cmd cmd;
	const char *err = NULL;

	(void)state;
	assert_int_equal(vrrp_cmd_parse("/x 'a b", &cmd, &err), -1);
	assert_string_equal(err, "unbalanced quote");
	assert_int_equal(vrrp_cmd_parse("   ", &cmd, &err), -1);
	assert_string_equal(err, "empty command");
}

/* vrrp_script --------------------------------------------------------------------------- */

static void
test_script_defaults(void **state)
{
	const struct vrrp_script_conf *s;

	(void)state;
	assert_int_equal(parse(SCRIPT("chk", "") INST("VI_1", 1, " track_script {\n  chk\n }\n")),
			 0);
	s = conf.track->scripts;
	assert_non_null(s);
	assert_string_equal(s->name, "chk");
	assert_string_equal(s->cmd.argv[0], "/bin/true");
	assert_int_equal(s->interval_us, 1000000);
	assert_int_equal(s->timeout_us, 0);
	assert_int_equal(s->weight, 0);
	assert_false(s->reverse);
	assert_int_equal(s->rise, 1);
	assert_int_equal(s->fall, 1);
	assert_false(s->init_fail);
	assert_string_equal(s->cmd.user, "");
}

static void
test_script_values(void **state)
{
	const struct vrrp_script_conf *s;

	(void)state;
	assert_int_equal(
		parse("vrrp_script chk {\n script \"/bin/check 'a b'\"\n interval 3\n"
		      " timeout 2\n weight -30 reverse\n rise 4\n fall 5\n user nobody nogroup\n"
		      " init_fail\n}\n" INST("VI_1", 1, " track_script {\n  chk\n }\n")),
		0);
	s = conf.track->scripts;
	assert_int_equal(s->cmd.argc, 2);
	assert_string_equal(s->cmd.argv[1], "a b");
	assert_int_equal(s->interval_us, 3000000);
	assert_int_equal(s->timeout_us, 2000000);
	assert_int_equal(s->weight, -30);
	assert_true(s->reverse);
	assert_int_equal(s->rise, 4);
	assert_int_equal(s->fall, 5);
	assert_string_equal(s->cmd.user, "nobody");
	assert_string_equal(s->cmd.group, "nogroup");
	assert_true(s->init_fail);
}

/* clang-format off */
static const struct bad_case {
	const char *name;
	const char *text;
	const char *message;
} bad_cases[] = {
	{ "script_weight_254", SCRIPT("c", " weight 254\n"),
	  "(c) weight: '254' is out of range -253..253" },
	{ "script_weight_word", SCRIPT("c", " weight 10 sideways\n"),
	  "is not reverse or noreverse" },
	{ "script_interval_decimal", SCRIPT("c", " interval 0.5\n"),
	  "(c) interval: '0.5' is not a number" },
	{ "script_interval_0", SCRIPT("c", " interval 0\n"), "out of range 1..4294" },
	{ "script_rise_0", SCRIPT("c", " rise 0\n"), "(c) rise: '0' is out of range" },
	{ "script_no_script", "vrrp_script c {\n weight 10\n}\n",
	  "t.conf:1: No script set for vrrp_script c" },
	{ "script_twice", SCRIPT("c", "") SCRIPT("c", ""),
	  "vrrp_script c: already defined at t.conf:1" },
	{ "script_unbalanced", "vrrp_script c {\n script \"/x 'a\"\n}\n", "unbalanced quote" },
	{ "track_weight_range", SCRIPT("c", "") INST("VI_1", 1,
	  " track_script {\n  c weight 300\n }\n"),
	  "(VI_1) track_script c weight: '300' is out of range -253..253" },
	{ "track_file_weight_range", "track_file f {\n file /tmp/f\n}\n"
	  INST("VI_1", 1, " track_file {\n  f weight 255\n }\n"), "out of range -254..254" },
	{ "group_missing_member", INST("VI_1", 1,
	  "") "vrrp_sync_group G {\n group {\n  VI_1\n  VI_9\n }\n}\n",
	  "t.conf:11: Virtual router VI_9 specified in sync group G doesn't exist" },
	{ "group_member_twice", INST("VI_1", 1, "") INST("VI_2", 2, "")
	  "vrrp_sync_group G {\n group {\n  VI_1 VI_2\n }\n}\n"
	  "vrrp_sync_group H {\n group {\n  VI_2\n }\n}\n",
	  "Virtual router VI_2 cannot exist in more than one sync group" },
	{ "notify_no_command", INST("VI_1", 1, " notify_master\n"),
	  "(VI_1) notify_master: missing command" },
	{ "notify_too_many_words", INST("VI_1", 1, " notify_master /bin/x root root extra\n"),
	  "too many words" },
	{ "fifo_same_names", "global_defs {\n notify_fifo /tmp/f\n vrrp_notify_fifo /tmp/f\n}\n",
	  "the FIFO names must all be different" },
	{ "init_file_junk", "track_file f {\n file /tmp/f\n init_file 3 junk\n}\n",
	  "init_file: unexpected 'junk'" },
};
/* clang-format on */

static void
test_bad(void **state)
{
	const struct bad_case *c = *state;

	assert_true(parse(c->text) > 0);
	assert_true(logged_part(c->message));
}

/*
 * keepalived 2.2.7 looks a tracked name up as it reads it: an unknown one, or
 * one whose block comes later, is reported and dropped, and it runs.
 */
static void
test_track_not_found_ignored(void **state)
{
	/* clang-format off */
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ INST("VI_1", 1, " track_script {\n  nosuch\n }\n"),
		  "t.conf:8: (VI_1) track script nosuch not found, ignoring..." },
		{ INST("VI_1", 1, " track_script {\n  late\n }\n") SCRIPT("late", ""),
		  "t.conf:8: (VI_1) track script late not found, ignoring... (its vrrp_script "
		  "block, "
		  "line 11, comes after this use)" },
		{ INST("VI_1", 1, " track_file {\n  nosuch\n }\n"),
		  "(VI_1) track file nosuch not found, ignoring..." },
	};
	/* clang-format on */

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text), 0);
		assert_true(logged_part(cases[i].message));
		assert_int_equal(conf.instances->track->nrefs, 0);
	}
}

/* Refs, weights, notify ---------------------------------------------------------------------- */

static void
test_refs_resolved(void **state)
{
	const struct vrrp_track_set_conf *set;

	(void)state;
	/* clang-format off */
	assert_int_equal(parse(SCRIPT("a", " weight -20 reverse\n") SCRIPT("b", " weight 5\n")
			       "track_file f {\n file /tmp/f\n weight -3\n}\n"
			       INST("VI_1", 1,
				    " track_script {\n  a\n  b weight 7 noreverse\n  b\n }\n"
				    " track_interface {\n  eth1 weight -10 reverse\n  eth0\n }\n"
				    " track_file {\n  f\n }\n")),
			 0);
	/* clang-format on */
	set = inst("VI_1")->track;
	assert_non_null(set);
	/* The duplicate b and the own interface eth0 are dropped, with a warning each. */
	assert_int_equal(set->nrefs, 4);
	assert_true(logged_part("(VI_1) duplicate track_script b - ignoring"));
	assert_true(logged_part("(VI_1) Ignoring track_interface eth0 since own interface"));
	assert_int_equal(set->refs[0].kind, VRRP_TRACK_SCRIPT);
	assert_ptr_equal(set->refs[0].script, conf.track->scripts);
	assert_int_equal(vrrp_track_ref_weight(&set->refs[0]), -20);
	assert_true(vrrp_track_ref_reverse(&set->refs[0]));
	assert_int_equal(vrrp_track_ref_weight(&set->refs[1]), 7);
	assert_false(vrrp_track_ref_reverse(&set->refs[1]));
	assert_int_equal(set->refs[2].kind, VRRP_TRACK_INTERFACE);
	assert_string_equal(set->refs[2].name, "eth1");
	assert_int_equal(vrrp_track_ref_weight(&set->refs[2]), -10);
	assert_true(vrrp_track_ref_reverse(&set->refs[2]));
	assert_int_equal(set->refs[3].kind, VRRP_TRACK_FILE);
	assert_int_equal(vrrp_track_ref_weight(&set->refs[3]), -3);
}

static void
test_notify_lines(void **state)
{
	const struct vrrp_track_set_conf *set;

	(void)state;
	assert_int_equal(parse(INST("VI_1", 1,
				    " notify \"/bin/n 'x y'\"\n"
				    " notify_master /bin/m nobody\n"
				    " notify_backup \"/bin/b arg\" nobody nogroup\n"
				    " notify_fault /bin/f\n notify_stop /bin/s\n"
				    " notify_master_rx_lower_pri /bin/l\n"
				    " notify_priority_changes\n")),
			 0);
	set = inst("VI_1")->track;
	assert_string_equal(set->notify[VRRP_NOTIFY_GENERIC]->argv[1], "x y");
	assert_string_equal(set->notify[VRRP_NOTIFY_MASTER]->argv[0], "/bin/m");
	assert_string_equal(set->notify[VRRP_NOTIFY_MASTER]->user, "nobody");
	assert_string_equal(set->notify[VRRP_NOTIFY_BACKUP]->argv[1], "arg");
	assert_string_equal(set->notify[VRRP_NOTIFY_BACKUP]->group, "nogroup");
	assert_non_null(set->notify[VRRP_NOTIFY_FAULT]);
	assert_non_null(set->notify[VRRP_NOTIFY_STOP]);
	assert_non_null(set->notify[VRRP_NOTIFY_MASTER_RX_LOWER_PRI]);
	assert_true(set->priority_changes_given);
	assert_true(set->priority_changes);
}

static void
test_globals(void **state)
{
	const struct vrrp_track_conf *t;

	(void)state;
	assert_int_equal(
		parse("global_defs {\n enable_script_security\n script_user nobody nogroup\n"
		      " notify_fifo /tmp/a.fifo root\n notify_fifo_script \"/bin/r -x\"\n"
		      " vrrp_notify_fifo /tmp/b.fifo\n vrrp_notify_priority_changes\n"
		      " lvs_notify_fifo /tmp/c.fifo nobody\n lvs_notify_fifo_script /bin/lr\n"
		      " process_monitor_rcv_bufs 1048576\n process_monitor_rcv_bufs_force\n}\n"),
		0);
	t = conf.track;
	assert_int_equal(t->process_rcvbuf, 1048576);
	assert_true(t->process_rcvbuf_force);
	assert_true(t->script_security);
	assert_string_equal(t->script_user, "nobody");
	assert_string_equal(t->script_group, "nogroup");
	assert_string_equal(t->fifo[VRRP_FIFO_NOTIFY].path, "/tmp/a.fifo");
	assert_string_equal(t->fifo[VRRP_FIFO_NOTIFY].user, "root");
	assert_string_equal(t->fifo[VRRP_FIFO_NOTIFY].script->argv[1], "-x");
	assert_string_equal(t->fifo[VRRP_FIFO_VRRP].path, "/tmp/b.fifo");
	assert_null(t->fifo[VRRP_FIFO_VRRP].script);
	assert_string_equal(t->fifo[VRRP_FIFO_LVS].path, "/tmp/c.fifo");
	assert_string_equal(t->fifo[VRRP_FIFO_LVS].user, "nobody");
	assert_string_equal(t->fifo[VRRP_FIFO_LVS].script->argv[0], "/bin/lr");
	assert_true(t->notify_priority_changes);
}

static void
test_track_file_and_process(void **state)
{
	const struct vrrp_track_file_conf *f;
	const struct vrrp_track_process_conf *p;

	(void)state;
	assert_int_equal(
		parse("vrrp_track_file f {\n file \"/tmp/x y\"\n weight 1000 reverse\n"
		      " init_file 7 overwrite\n}\n"
		      "vrrp_track_process p {\n process haproxy -f cfg\n param_match partial\n"
		      " weight -4\n quorum 2\n quorum_max 3\n delay 0.25\n full_command\n}\n"),
		0);
	f = conf.track->files;
	assert_string_equal(f->path, "/tmp/x y");
	assert_int_equal(f->weight, 1000);
	assert_true(f->reverse);
	assert_true(f->init_file);
	assert_int_equal(f->init_value, 7);
	assert_true(f->init_overwrite);
	p = conf.track->processes;
	assert_string_equal(p->process, "haproxy -f cfg");
	assert_int_equal(p->nparams, 2);
	assert_true(p->param_match_partial);
	assert_int_equal(p->weight, -4);
	assert_int_equal(p->quorum, 2);
	assert_int_equal(p->quorum_max, 3);
	assert_int_equal(p->fork_delay_us, 250000);
	assert_int_equal(p->terminate_delay_us, 250000);
	assert_true(p->full_command);
}

/* keepalived 2.2.7 warns and ignores these lines of a vrrp_track_process block. */
static void
test_process_ignored_lines(void **state)
{
	const struct vrrp_track_process_conf *p;
	static const char *const warnings[] = {
		"Process already set for track process p - ignoring other",
		"Invalid param_match type some - ignoring",
		"Quorum (0) for vrrp_track_process p must be between [1..65535] inclusive. "
		"Ignoring...",
		"quorum_max (70000) for vrrp_track_process p must be between [0..65535] inclusive. "
		"Ignoring...",
		"quorum_max is less than quorum - ignoring",
		"terminate_delay (0) for vrrp_track_process p must be between [0.000001..3600] "
		"inclusive. Ignoring...",
	};

	(void)state;
	assert_int_equal(
		parse("vrrp_track_process p {\n process \"/bin/x y\" -a \"b c\"\n"
		      " process other\n param_match some\n quorum 0\n quorum 3\n"
		      " quorum_max 70000\n quorum_max 2\n terminate_delay 0\n}\n"
		      "vrrp_track_process q {\n process sshd\n param_match\n quorum_max 0\n}\n"),
		0);
	for (size_t i = 0; i < sizeof(warnings) / sizeof(warnings[0]); i++)
		assert_true(logged_part(warnings[i]));
	p = conf.track->processes;
	/* The words as written, a space inside one of them kept. */
	assert_int_equal(p->words_len, sizeof("/bin/x y\0-a\0b c"));
	assert_memory_equal(p->words, "/bin/x y\0-a\0b c", p->words_len);
	assert_int_equal(p->nparams, 2);
	assert_false(p->full_command);
	assert_int_equal(p->quorum, 3);
	assert_int_equal(p->quorum_max, UINT32_MAX);
	assert_int_equal(p->terminate_delay_us, 0);
	p = p->next;
	/* param_match alone: exact (no parameters at all), on the command line. */
	assert_true(p->param_match_exact);
	assert_true(p->full_command);
	assert_int_equal(p->quorum_max, 0);
	assert_int_equal(p->quorum, 0);
}

/* Sync groups -------------------------------------------------------------------------------- */

static void
test_group(void **state)
{
	const struct vrrp_sync_group_conf *g;

	(void)state;
	assert_int_equal(
		parse(SCRIPT("a",
			     " weight -20\n") SCRIPT("z",
						     "") INST("VI_1", 1,
							      " track_script {\n  a\n  z\n }\n")
			      INST("VI_2", 2, " track_interface {\n  eth1 weight 5\n }\n") INST(
				      "VI_3", 3,
				      " track_script {\n  a\n }\n") "vrrp_sync_group G {\n group "
								    "{\n  VI_2\n  VI_1\n }\n"
								    " track_script {\n  a weight "
								    "5\n }\n notify_master "
								    "/bin/gm\n"
								    " notify \"/bin/g x\"\n}\n"),
		0);
	g = conf.track->groups;
	assert_int_equal(g->nmembers, 2);
	assert_ptr_equal(g->members[0], inst("VI_2"));
	assert_ptr_equal(g->members[1], inst("VI_1"));
	assert_ptr_equal(vrrp_conf_sync_group_of(&conf, inst("VI_1")), g);
	assert_null(vrrp_conf_sync_group_of(&conf, inst("VI_3")));
	/* Members' weighted trackers go, the unweighted stay; the group's are kept. */
	assert_true(logged_part("(VI_1) ignoring tracked script a with weights due to SYNC group"));
	assert_true(logged_part(
		"(VI_2) ignoring tracked interface eth1 with weights due to SYNC group"));
	assert_int_equal(inst("VI_1")->track->nrefs, 1);
	assert_string_equal(inst("VI_1")->track->refs[0].name, "z");
	assert_int_equal(inst("VI_2")->track->nrefs, 0);
	assert_int_equal(inst("VI_3")->track->nrefs, 1);
	assert_int_equal(g->set.nrefs, 1);
	assert_int_equal(vrrp_track_ref_weight(&g->set.refs[0]), 5);
	assert_string_equal(g->set.notify[VRRP_NOTIFY_MASTER]->argv[0], "/bin/gm");
	assert_string_equal(g->set.notify[VRRP_NOTIFY_GENERIC]->argv[1], "x");
}

static void
test_group_tracking_weight(void **state)
{
	(void)state;
	assert_int_equal(parse(SCRIPT("a", " weight -20\n") INST("VI_1", 1,
								 " track_script {\n  a\n }\n")
				       INST("VI_2", 2,
					    "") "vrrp_sync_group G {\n group {\n  VI_1 VI_2\n }\n "
						"sync_group_tracking_weight\n}\n"),
			 0);
	assert_int_equal(inst("VI_1")->track->nrefs, 1);
}

static void
test_group_one_member_warns(void **state)
{
	(void)state;
	assert_int_equal(parse(INST("VI_1", 1,
				    "") "vrrp_sync_group G {\n group {\n  VI_1\n }\n}\n"),
			 0);
	assert_true(logged_part(
		"Sync group G has only 1 virtual router(s) - this probably isn't what you want"));
}

static void
test_unused_script_warns(void **state)
{
	(void)state;
	assert_int_equal(parse(SCRIPT("lonely", "") INST("VI_1", 1, "")), 0);
	assert_true(logged_part("t.conf:1: Warning - script lonely is not used"));
}

/* -d ------------------------------------------------------------------------------------------- */

static char dump_text[16384];
static size_t dump_len;

static void
dump_line(const char *line, void *arg)
{
	int n = snprintf(dump_text + dump_len, sizeof(dump_text) - dump_len, "%s\n", line);

	(void)arg;
	if (n > 0 && (size_t)n < sizeof(dump_text) - dump_len)
		dump_len += (size_t)n;
}

static void
dump_all(char *out, size_t len)
{
	dump_len = 0;
	dump_text[0] = '\0';
	dump_line("global_defs {", NULL);
	vrrp_conf_track_dump_global(&conf, dump_line, NULL);
	dump_line("}", NULL);
	vrrp_conf_dump(&conf, dump_line, NULL);
	snprintf(out, len, "%s", dump_text);
}

static void
test_dump_round_trip(void **state)
{
	static char first[16384], second[16384];

	(void)state;
	/* clang-format off */
	assert_int_equal(parse("global_defs {\n script_user nobody\n notify_fifo /tmp/a.fifo\n"
			       " vrrp_notify_fifo_script \"/bin/r 'q \\\"x\\\"'\" root\n}\n"
			       SCRIPT("a", " weight -20 reverse\n rise 2\n timeout 3\n init_fail\n")
			       "track_file f {\n file /tmp/f\n weight 2\n init_file 1\n}\n"
			       INST("VI_1", 1,
				    " track_script {\n  a weight 10\n }\n"
				    " track_file {\n  f\n }\n notify \"/bin/n 'a b'\" nobody\n"
				    " notify_priority_changes false\n")
			       INST("VI_2", 2, "")
			       "vrrp_sync_group G {\n group {\n  VI_1 VI_2\n }\n"
			       " sync_group_tracking_weight\n track_interface {\n  eth1\n }\n}\n"),
			 0);
	/* clang-format on */
	dump_all(first, sizeof(first));
	assert_non_null(strstr(first, "vrrp_script a {\n    script \"/bin/true\"\n"));
	assert_non_null(strstr(first, "    notify \"/bin/n 'a b'\" nobody\n"));
	assert_non_null(strstr(first, "        a weight 10 reverse\n"));
	assert_int_equal(parse(first), 0);
	dump_all(second, sizeof(second));
	assert_string_equal(first, second);
}

/*
 * keepalived 2.2.7 reads a track_* line with a name and no '{' as a block
 * all the same: the name dropped, the lines up to the next '}' (and a '{'
 * among them) tracked; an unknown word after a name is dropped with a warning.
 */
static void
test_track_without_brace(void **state)
{
	const struct vrrp_track_set_conf *set;

	(void)state;
	assert_int_equal(parse(INST("VI_1", 1,
				    " track_interface eth9\n"
				    " authentication {\n  auth_type PASS\n }\n"
				    " track_interface {\n  eth7 weight 3\n }\n")),
			 0);
	assert_true(logged_part("t.conf:7: Block track_interface has extra parameters eth9 ..."));
	assert_true(logged_part("t.conf:9: (VI_1) unknown track_interface auth_type option PASS - "
				"ignoring"));
	set = inst("VI_1")->track;
	assert_non_null(set);
	assert_int_equal(set->nrefs, 4);
	assert_string_equal(set->refs[0].name, "authentication");
	assert_int_equal(set->refs[0].line, 8);
	assert_string_equal(set->refs[1].name, "{");
	assert_string_equal(set->refs[2].name, "auth_type");
	assert_false(set->refs[2].weight_given);
	assert_string_equal(set->refs[3].name, "eth7");
	assert_int_equal(set->refs[3].weight, 3);
	/* Alone on its line, with no '{' after it, it is still an error. */
	assert_true(parse(INST("VI_1", 1, " track_script\n")) > 0);
	assert_true(logged_part("'track_script' needs a block: '{' missing"));
}

static bool
no_user_exists(const char *user)
{
	(void)user;
	return false;
}

/*
 * With enable_script_security and no script_user, a script without a user of
 * its own needs keepalived_script: without it, it is dropped at load time.
 */
static void
test_script_default_user(void **state)
{
	static const char text[] = "global_defs {\n enable_script_security\n}\n" SCRIPT("a", "")
		SCRIPT("b", " user nobody\n") INST("VI_1", 1, " track_script {\n  a\n  b\n }\n");

	(void)state;
	vrrp_conf_user_exists = no_user_exists;
	assert_int_equal(parse(text), 0);
	vrrp_conf_user_exists = NULL;
	assert_true(
		logged_part("t.conf:6: Unable to set default user keepalived_script for script"));
	assert_true(
		logged_part("t.conf:6: Unable to set default user for vrrp script a - removing"));
	assert_true(logged_part("(VI_1) track script a not found, ignoring..."));
	assert_int_equal(inst("VI_1")->track->nrefs, 1);
	assert_string_equal(inst("VI_1")->track->refs[0].name, "b");
	/* The user exists, or no security: the script stays. */
	assert_int_equal(parse(text), 0);
	assert_int_equal(inst("VI_1")->track->nrefs, 2);
	vrrp_conf_user_exists = no_user_exists;
	assert_int_equal(parse(SCRIPT("a", "") INST("VI_1", 1, " track_script {\n  a\n }\n")), 0);
	vrrp_conf_user_exists = NULL;
	assert_int_equal(inst("VI_1")->track->nrefs, 1);
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_cmd_errors),
		cmocka_unit_test(test_track_not_found_ignored),
		cmocka_unit_test(test_script_defaults),
		cmocka_unit_test(test_script_values),
		cmocka_unit_test(test_refs_resolved),
		cmocka_unit_test(test_notify_lines),
		cmocka_unit_test(test_globals),
		cmocka_unit_test(test_track_file_and_process),
		cmocka_unit_test(test_process_ignored_lines),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_group_tracking_weight),
		cmocka_unit_test(test_group_one_member_warns),
		cmocka_unit_test(test_unused_script_warns),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_track_without_brace),
		cmocka_unit_test(test_script_default_user),
	};
	/* clang-format on */

	unit_add_rows(tests, &n, test_cmd, cmd_cases);
	unit_add_rows(tests, &n, test_bad, bad_cases);
	unit_add_tests(tests, &n, fixed);
	return _cmocka_run_group_tests("vrrp_conf_track", tests, n, setup, teardown);
}
