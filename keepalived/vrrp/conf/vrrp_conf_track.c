/*
 * Parsing of tracking, notification and sync groups (vrrp_conf_track.h):
 * the top-level vrrp_script, track_file, vrrp_track_process and
 * vrrp_sync_group blocks, the track_* and notify* keywords that
 * vrrp_instance and vrrp_sync_group share, and the global_defs settings
 * for scripts and notify FIFOs. Names are resolved afterwards, in
 * vrrp_conf_track_finish() (vrrp_conf_sync.c), because a sync group may
 * name instances defined after it.
 *
 * The ranges and messages follow `keepalived -t` of 2.2.7: what it reports
 * for a line is an error here, except duplicates, which it only ignores.
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "lib/log.h"

#define SCRIPT_INTERVAL_MAX_S 4294 /* keepalived's limit: UINT_MAX microseconds */
#define FILE_WEIGHT_LIMIT 2147483647

/* Shared helpers --------------------------------------------------------------- */

static struct vrrp_track_conf *
track_get(struct cfg_reader *r, struct vrrp_conf *conf)
{
	if (conf->track == NULL && (conf->track = calloc(1, sizeof(*conf->track))) == NULL)
		cfg_error(r, "out of memory");
	return conf->track;
}

static struct vrrp_track_set_conf *
set_get(struct cfg_reader *r, struct vrrp_track_set_conf **set)
{
	if (*set == NULL && (*set = calloc(1, sizeof(**set))) == NULL)
		cfg_error(r, "out of memory");
	return *set;
}

static int
copy_name(struct cfg_reader *r, const char *what, const char *s, char *dst, size_t size)
{
	if (strlen(s) >= size) {
		cfg_error(r, "%s: '%s' is longer than %zu characters", what, s, size - 1);
		return -1;
	}
	snprintf(dst, size, "%s", s);
	return 0;
}

/* USER [GROUP] at argv[first]. */
static int
user_group(struct cfg_reader *r, const char *what, int argc, char *argv[], int first, char *user,
	   char *group)
{
	if (argc > first + 2) {
		cfg_error(r, "%s: too many words (expected at most USER GROUP)", what);
		return -1;
	}
	if (argc > first && copy_name(r, what, argv[first], user, VRRP_USER_NAME_MAX) == -1)
		return -1;
	if (argc > first + 1 &&
	    copy_name(r, what, argv[first + 1], group, VRRP_USER_NAME_MAX) == -1)
		return -1;
	return 0;
}

/* `KEYWORD COMMAND [USER [GROUP]]` into a new command. */
static struct vrrp_cmd *
cmd_line(struct cfg_reader *r, const char *who, int argc, char *argv[])
{
	struct vrrp_cmd *cmd;
	const char *err;

	if (argc < 2) {
		cfg_error(r, "%s%s: missing command", who, argv[0]);
		return NULL;
	}
	cmd = calloc(1, sizeof(*cmd));
	if (cmd == NULL) {
		cfg_error(r, "out of memory");
		return NULL;
	}
	if (vrrp_cmd_parse(argv[1], cmd, &err) == -1) {
		cfg_error(r, "%s%s: '%s': %s", who, argv[0], argv[1], err);
		free(cmd);
		return NULL;
	}
	if (user_group(r, argv[0], argc, argv, 2, cmd->user, cmd->group) == -1) {
		vrrp_cmd_free(cmd);
		free(cmd);
		return NULL;
	}
	return cmd;
}

static void
cmd_replace(struct vrrp_cmd **slot, struct vrrp_cmd *cmd)
{
	if (*slot != NULL) {
		vrrp_cmd_free(*slot);
		free(*slot);
	}
	*slot = cmd;
}

/* keepalived's check_true_false(): no value is true. */
static int
get_bool(struct cfg_reader *r, int argc, char *argv[], bool *out)
{
	if (argc < 2) {
		*out = true;
		return 0;
	}
	return cfg_parse_bool(r, argv[0], argv[1], out);
}

/* vrrp_script ------------------------------------------------------------------ */

static int
scr_script(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;
	const char *err;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	/* keepalived takes the first word only; arguments belong inside quotes. */
	if (argc > 2)
		cfg_warn(r, "(%s) script: words after '%s' are ignored; quote the whole command",
			 s->name, argv[1]);
	vrrp_cmd_free(&s->cmd);
	if (vrrp_cmd_parse(argv[1], &s->cmd, &err) == -1) {
		cfg_error(r, "(%s) script '%s': %s", s->name, argv[1], err);
		return -1;
	}
	return 0;
}

/* KEYWORD N, N from 1 to max; messages say "(SCRIPT) KEYWORD". */
static int
scr_uint(struct cfg_reader *r, int argc, char *argv[], const struct vrrp_script_conf *s,
	 uint64_t max, uint64_t *v)
{
	char kw[VRRP_NAME_MAX + 32];

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	snprintf(kw, sizeof(kw), "(%s) %s", s->name, argv[0]);
	return cfg_parse_uint(r, kw, argv[1], 1, max, v);
}

static int
scr_seconds(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;
	uint64_t v;

	if (scr_uint(r, argc, argv, s, SCRIPT_INTERVAL_MAX_S, &v) == -1)
		return -1;
	if (strcmp(argv[0], "interval") == 0)
		s->interval_us = v * US_PER_S;
	else
		s->timeout_us = v * US_PER_S;
	return 0;
}

/* WEIGHT [reverse], as vrrp_script and track_* blocks write it. */
static int
parse_weight(struct cfg_reader *r, const char *who, int argc, char *argv[], int i, int64_t limit,
	     int64_t *weight, bool *reverse, bool *reverse_given)
{
	char kw[VRRP_NAME_MAX + 32];

	snprintf(kw, sizeof(kw), "%sweight", who);
	if (i >= argc) {
		cfg_error(r, "%s: missing value", kw);
		return -1;
	}
	if (cfg_parse_int(r, kw, argv[i], -limit, limit, weight) == -1)
		return -1;
	for (i++; i < argc; i++) {
		if (strcmp(argv[i], "reverse") == 0) {
			*reverse = true;
		} else if (strcmp(argv[i], "noreverse") == 0 ||
			   strcmp(argv[i], "no_reverse") == 0) {
			*reverse = false;
		} else {
			cfg_error(r, "%s: '%s' is not reverse or noreverse", kw, argv[i]);
			return -1;
		}
		if (reverse_given != NULL)
			*reverse_given = true;
	}
	return 0;
}

/* The weight line of the block called name: messages say "(NAME) weight". */
static int
block_weight(struct cfg_reader *r, const char *name, int argc, char *argv[], int64_t limit,
	     int64_t *weight, bool *reverse)
{
	char who[VRRP_NAME_MAX + 8];

	snprintf(who, sizeof(who), "(%s) ", name);
	return parse_weight(r, who, argc, argv, 1, limit, weight, reverse, NULL);
}

static int
scr_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;
	int64_t w;

	if (block_weight(r, s->name, argc, argv, VRRP_TRACK_WEIGHT_MAX, &w, &s->reverse) == -1)
		return -1;
	s->weight = (int)w;
	return 0;
}

static int
scr_count(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;
	uint64_t v;

	if (scr_uint(r, argc, argv, s, INT32_MAX, &v) == -1)
		return -1;
	if (strcmp(argv[0], "rise") == 0)
		s->rise = (uint32_t)v;
	else
		s->fall = (uint32_t)v;
	return 0;
}

static int
scr_user(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;

	if (cfg_check_argc(r, argc, argv, 1, 2) == -1)
		return -1;
	return user_group(r, "user", argc, argv, 1, s->cmd.user, s->cmd.group);
}

static int
scr_init_fail(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;

	s->init_fail = true;
	return 0;
}

/* clang-format off */
#define KW(name, fn) { name, fn, NULL, NULL, NULL, NULL }
/* clang-format on */

/* clang-format off */
const struct cfg_keyword vrrp_script_keywords[] = {
	KW("fall", scr_count),
	KW("init_fail", scr_init_fail),
	KW("interval", scr_seconds),
	KW("rise", scr_count),
	KW("script", scr_script),
	KW("timeout", scr_seconds),
	KW("user", scr_user),
	KW("weight", scr_weight),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* track_file -------------------------------------------------------------------- */

static int
tf_file(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_file_conf *f = obj;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	return copy_name(r, "file", argv[1], f->path, sizeof(f->path));
}

static int
tf_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_file_conf *f = obj;

	return block_weight(r, f->name, argc, argv, FILE_WEIGHT_LIMIT, &f->weight, &f->reverse);
}

/* init_file [VALUE] [overwrite] */
static int
tf_init_file(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_file_conf *f = obj;
	int i = 1;

	f->init_file = true;
	f->init_value = 0;
	if (i < argc && strcmp(argv[i], "overwrite") != 0 &&
	    cfg_parse_int(r, "init_file", argv[i++], INT32_MIN, INT32_MAX, &f->init_value) == -1)
		return -1;
	if (i < argc && strcmp(argv[i], "overwrite") == 0) {
		f->init_overwrite = true;
		i++;
	}
	if (i < argc) {
		cfg_error(r, "init_file: unexpected '%s'", argv[i]);
		return -1;
	}
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_track_file_keywords[] = {
	KW("file", tf_file),
	KW("init_file", tf_init_file),
	KW("weight", tf_weight),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* vrrp_track_process --------------------------------------------------------- */

static int
tp_process(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_process_conf *p = obj;
	size_t len = 0, wlen = 0;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (p->words_len > 0) {
		cfg_warn(r, "Process already set for track process %s - ignoring %s", p->name,
			 argv[1]);
		return 0;
	}
	/* Joined by spaces for messages; the words themselves for matching. */
	p->process[0] = '\0';
	for (int i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		int k = snprintf(p->process + len, sizeof(p->process) - len, "%s%s",
				 i > 1 ? " " : "", argv[i]);

		if (k < 0 || (size_t)k >= sizeof(p->process) - len || n > sizeof(p->words) - wlen) {
			cfg_error(r, "(%s) process: too long", p->name);
			p->process[0] = '\0';
			p->words_len = 0;
			return -1;
		}
		len += (size_t)k;
		memcpy(p->words + wlen, argv[i], n);
		wlen += n;
	}
	p->words_len = wlen;
	p->nparams = argc - 2;
	return 0;
}

static int
tp_param_match(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_process_conf *p = obj;

	if (cfg_check_argc(r, argc, argv, 0, 1) == -1)
		return -1;
	/* As keepalived: the last param_match line wins; each means the command line. */
	p->param_match_exact = p->param_match_partial = p->param_match_initial = false;
	if (argc == 1) {
		p->param_match_exact = true;
	} else if (strcmp(argv[1], "partial") == 0) {
		p->param_match_partial = true;
	} else if (strcmp(argv[1], "initial") == 0) {
		p->param_match_initial = true;
	} else {
		cfg_warn(r, "Invalid param_match type %s - ignoring", argv[1]);
		return 0;
	}
	p->full_command = true;
	return 0;
}

static int
tp_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_process_conf *p = obj;
	int64_t w;

	if (block_weight(r, p->name, argc, argv, VRRP_TRACK_FILE_WEIGHT_MAX, &w, &p->reverse) == -1)
		return -1;
	p->weight = (int)w;
	return 0;
}

/* A plain decimal number up to max; false for anything else. */
static bool
tp_uint(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || n > max)
		return false;
	*v = n;
	return true;
}

static int
tp_number(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_process_conf *p = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	/* keepalived ignores a bad quorum, quorum_max or delay line, with a warning. */
	if (strcmp(argv[0], "quorum") == 0) {
		if (!tp_uint(argv[1], 65535, &v) || v < 1) {
			cfg_warn(r,
				 "Quorum (%s) for vrrp_track_process %s must be between [1..65535] "
				 "inclusive. Ignoring...",
				 argv[1], p->name);
			return 0;
		}
		if (v > p->quorum_max) {
			cfg_warn(r, "Quorum is greater than quorum_max - ignoring");
			return 0;
		}
		p->quorum = (uint32_t)v;
		return 0;
	}
	if (strcmp(argv[0], "quorum_max") == 0) {
		if (!tp_uint(argv[1], 65535, &v)) {
			cfg_warn(r,
				 "quorum_max (%s) for vrrp_track_process %s must be between "
				 "[0..65535] inclusive. Ignoring...",
				 argv[1], p->name);
			return 0;
		}
		/* quorum_max 0 ("up while none runs") is allowed while quorum is the default. */
		if ((v != 0 || p->quorum > 1) && v < p->quorum) {
			cfg_warn(r, "quorum_max is less than quorum - ignoring");
			return 0;
		}
		p->quorum_max = (uint32_t)v;
		if (v == 0)
			p->quorum = 0;
		else if (p->quorum == 0)
			p->quorum = 1;
		return 0;
	}
	if (cfg_parse_fixed(r, argv[0], argv[1], 6, 0, UINT64_MAX / 2, &v) == -1)
		return -1;
	if (v < 1 || v > 3600 * US_PER_S) {
		cfg_warn(r,
			 "%sdelay (%s) for vrrp_track_process %s must be between [0.000001..3600] "
			 "inclusive. Ignoring...",
			 strcmp(argv[0], "delay") == 0      ? "" :
			 strcmp(argv[0], "fork_delay") == 0 ? "fork_" :
							      "terminate_",
			 argv[1], p->name);
		return 0;
	}
	if (strcmp(argv[0], "fork_delay") == 0 || strcmp(argv[0], "delay") == 0)
		p->fork_delay_us = v;
	if (strcmp(argv[0], "terminate_delay") == 0 || strcmp(argv[0], "delay") == 0)
		p->terminate_delay_us = v;
	return 0;
}

static int
tp_full_command(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_process_conf *p = obj;

	p->full_command = true;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_track_process_keywords[] = {
	KW("delay", tp_number),
	KW("fork_delay", tp_number),
	KW("full_command", tp_full_command),
	KW("param_match", tp_param_match),
	KW("process", tp_process),
	KW("quorum", tp_number),
	KW("quorum_max", tp_number),
	KW("terminate_delay", tp_number),
	KW("weight", tp_weight),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* track_* and notify* of instances and sync groups ------------------------------ */

/*
 * One line of a track_* block: NAME [weight W [reverse|noreverse]]. who is
 * "(VI_1) " or "(G) " for messages; duplicates are ignored, as keepalived.
 */
static int
track_item(struct cfg_reader *r, int argc, char *argv[], struct vrrp_track_set_conf **setp,
	   const char *who, enum vrrp_track_kind kind)
{
	struct vrrp_track_set_conf *set = set_get(r, setp);
	struct vrrp_track_ref ref, *refs;
	int64_t limit = kind == VRRP_TRACK_FILE || kind == VRRP_TRACK_PROCESS ?
				VRRP_TRACK_FILE_WEIGHT_MAX :
				VRRP_TRACK_WEIGHT_MAX;
	char what[VRRP_NAME_MAX + 32];

	if (set == NULL)
		return -1;
	memset(&ref, 0, sizeof(ref));
	ref.kind = kind;
	snprintf(what, sizeof(what), "%strack_%s", who, vrrp_track_kind_name(kind));
	if (copy_name(r, what, argv[0], ref.name, sizeof(ref.name)) == -1)
		return -1;
	if (argc > 1) {
		snprintf(what, sizeof(what), "%strack_%s %s ", who, vrrp_track_kind_name(kind),
			 argv[0]);
		if (strcmp(argv[1], "weight") != 0) {
			/* keepalived tracks the name and drops the word. */
			cfg_warn(r, "%sunknown track_%s %s option %s - ignoring", who,
				 vrrp_track_kind_name(kind), argv[0], argv[1]);
			argc = 1;
		}
		if (argc > 1 && parse_weight(r, what, argc, argv, 2, limit, &ref.weight,
					     &ref.reverse, &ref.reverse_given) == -1)
			return -1;
		ref.weight_given = argc > 1;
	}
	for (size_t i = 0; i < set->nrefs; i++) {
		if (set->refs[i].kind == kind && strcmp(set->refs[i].name, ref.name) == 0) {
			cfg_warn(r, "%sduplicate track_%s %s - ignoring", who,
				 vrrp_track_kind_name(kind), ref.name);
			return 0;
		}
	}
	snprintf(ref.file, sizeof(ref.file), "%s", cfg_file(r));
	ref.line = cfg_line(r);
	refs = realloc(set->refs, (set->nrefs + 1) * sizeof(*refs));
	if (refs == NULL) {
		cfg_error(r, "out of memory");
		return -1;
	}
	refs[set->nrefs++] = ref;
	set->refs = refs;
	return 0;
}

/* clang-format off */
const char *const vrrp_notify_kind_keyword[VRRP_NOTIFY_KIND_COUNT_] = {
	[VRRP_NOTIFY_MASTER] = "notify_master",
	[VRRP_NOTIFY_BACKUP] = "notify_backup",
	[VRRP_NOTIFY_FAULT] = "notify_fault",
	[VRRP_NOTIFY_STOP] = "notify_stop",
	[VRRP_NOTIFY_GENERIC] = "notify",
	[VRRP_NOTIFY_MASTER_RX_LOWER_PRI] = "notify_master_rx_lower_pri",
};
/* clang-format on */

static int
notify_line(struct cfg_reader *r, int argc, char *argv[], struct vrrp_track_set_conf **setp,
	    const char *who)
{
	struct vrrp_track_set_conf *set = set_get(r, setp);
	struct vrrp_cmd *cmd;

	if (set == NULL)
		return -1;
	if (strcmp(argv[0], "notify_priority_changes") == 0) {
		set->priority_changes_given = true;
		return get_bool(r, argc, argv, &set->priority_changes);
	}
	if (strcmp(argv[0], "notify_deleted") == 0) {
		/* DELETED only exists across reloads, which restart every instance here. */
		cfg_warn(r,
			 "%snotify_deleted: instances are never deleted by a reload here, ignored",
			 who);
		return 0;
	}
	for (int k = 0; k < VRRP_NOTIFY_KIND_COUNT_; k++) {
		if (strcmp(argv[0], vrrp_notify_kind_keyword[k]) != 0)
			continue;
		cmd = cmd_line(r, who, argc, argv);
		if (cmd == NULL)
			return -1;
		cmd_replace(&set->notify[k], cmd);
		return 0;
	}
	cfg_error(r, "%s%s: not a notify keyword", who, argv[0]);
	return -1;
}

/* Instance side: obj is struct vrrp_instance_conf *. */
#define INST_WHO(vi, buf) (snprintf((buf), sizeof(buf), "(%s) ", (vi)->name), (buf))
#define INST_TRACK_FN(fn, kind)                                                        \
	static int fn(struct cfg_reader *r, int argc, char *argv[], void *obj)         \
	{                                                                              \
		struct vrrp_instance_conf *vi = obj;                                   \
		char who[VRRP_NAME_MAX + 4];                                           \
		return track_item(r, argc, argv, &vi->track, INST_WHO(vi, who), kind); \
	}
INST_TRACK_FN(inst_track_script, VRRP_TRACK_SCRIPT)
INST_TRACK_FN(inst_track_interface, VRRP_TRACK_INTERFACE)
INST_TRACK_FN(inst_track_file, VRRP_TRACK_FILE)
INST_TRACK_FN(inst_track_process, VRRP_TRACK_PROCESS)
INST_TRACK_FN(inst_track_bfd, VRRP_TRACK_BFD)

static int
inst_notify(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	char who[VRRP_NAME_MAX + 4];

	return notify_line(r, argc, argv, &vi->track, INST_WHO(vi, who));
}

/*
 * track_script NAME... without '{': keepalived warns, drops the words and
 * reads the lines up to the next '}' as the block's names, a '{' among them
 * included (a braced block forgotten after it is read so).
 */
static int
inst_track_no_brace(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (argc < 2) {
		cfg_error(r, "'%s' needs a block: '{' missing", argv[0]);
		return -1;
	}
	cfg_warn(r,
		 "Block %s has extra parameters %s ... - '{' missing: the lines up to the next "
		 "'}' are read as its names",
		 argv[0], argv[1]);
	return CFG_BLOCK_WITHOUT_BRACE;
}

/* clang-format off */
#define ITEM_BLOCK(name, fn) { name, NULL, NULL, NULL, fn, NULL }
#define INST_TRACK_BLOCK(name, fn) { name, inst_track_no_brace, NULL, NULL, fn, NULL }
/* clang-format on */

/* clang-format off */
const struct cfg_keyword vrrp_instance_track_keywords[] = {
	KW("notify", inst_notify),
	KW("notify_backup", inst_notify),
	KW("notify_deleted", inst_notify),
	KW("notify_fault", inst_notify),
	KW("notify_master", inst_notify),
	KW("notify_master_rx_lower_pri", inst_notify),
	KW("notify_priority_changes", inst_notify),
	KW("notify_stop", inst_notify),
	INST_TRACK_BLOCK("track_bfd", inst_track_bfd),
	INST_TRACK_BLOCK("track_file", inst_track_file),
	INST_TRACK_BLOCK("track_interface", inst_track_interface),
	INST_TRACK_BLOCK("track_process", inst_track_process),
	INST_TRACK_BLOCK("track_script", inst_track_script),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* vrrp_sync_group --------------------------------------------------------------- */

#define GROUP_TRACK_FN(fn, kind)                                               \
	static int fn(struct cfg_reader *r, int argc, char *argv[], void *obj) \
	{                                                                      \
		struct vrrp_sync_group_conf *g = obj;                          \
		char who[VRRP_NAME_MAX + 4];                                   \
		struct vrrp_track_set_conf *set = &g->set;                     \
		snprintf(who, sizeof(who), "(%s) ", g->name);                  \
		return track_item(r, argc, argv, &set, who, kind);             \
	}
GROUP_TRACK_FN(group_track_script, VRRP_TRACK_SCRIPT)
GROUP_TRACK_FN(group_track_interface, VRRP_TRACK_INTERFACE)
GROUP_TRACK_FN(group_track_file, VRRP_TRACK_FILE)
GROUP_TRACK_FN(group_track_process, VRRP_TRACK_PROCESS)
GROUP_TRACK_FN(group_track_bfd, VRRP_TRACK_BFD)

static int
group_notify(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_sync_group_conf *g = obj;
	struct vrrp_track_set_conf *set = &g->set;
	char who[VRRP_NAME_MAX + 4];

	snprintf(who, sizeof(who), "(%s) ", g->name);
	if (strcmp(argv[0], "notify_master_rx_lower_pri") == 0) {
		cfg_error(r, "(%s) notify_master_rx_lower_pri: only for vrrp_instance", g->name);
		return -1;
	}
	return notify_line(r, argc, argv, &set, who);
}

/* Every word of every line of `group { }` names a member. */
static int
group_member(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_sync_group_conf *g = obj;
	struct vrrp_sync_member_name *names;

	for (int i = 0; i < argc; i++) {
		names = realloc(g->member_names, (g->nmember_names + 1) * sizeof(*names));
		if (names == NULL) {
			cfg_error(r, "out of memory");
			return -1;
		}
		g->member_names = names;
		if (copy_name(r, "group", argv[i], names[g->nmember_names].name, VRRP_NAME_MAX) ==
		    -1)
			return -1;
		names[g->nmember_names++].line = cfg_line(r);
	}
	return 0;
}

static int
group_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_sync_group_conf *g = obj;

	if (strcmp(argv[0], "global_tracking") == 0) {
		cfg_warn(r,
			 "(%s) global_tracking is deprecated; it means sync_group_tracking_weight",
			 g->name);
	}
	g->tracking_weight = true;
	return 0;
}

static int
group_ignored(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_sync_group_keywords[] = {
	ITEM_BLOCK("group", group_member),
	KW("global_tracking", group_flag),
	KW("notify", group_notify),
	KW("notify_backup", group_notify),
	KW("notify_deleted", group_notify),
	KW("notify_fault", group_notify),
	KW("notify_master", group_notify),
	KW("notify_priority_changes", group_notify),
	KW("notify_stop", group_notify),
	/* Without SMTP there is nothing to alert by. */
	KW("smtp_alert", group_ignored),
	KW("sync_group_tracking_weight", group_flag),
	ITEM_BLOCK("track_bfd", group_track_bfd),
	ITEM_BLOCK("track_file", group_track_file),
	ITEM_BLOCK("track_interface", group_track_interface),
	ITEM_BLOCK("track_process", group_track_process),
	ITEM_BLOCK("track_script", group_track_script),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Top-level blocks ------------------------------------------------------------- */

/* The name of a new block, refused if taken (keepalived keeps the first). */
static const char *
block_name(struct cfg_reader *r, int argc, char *argv[])
{
	if (argc != 2) {
		cfg_error(r, "%s: expected one name", argv[0]);
		return NULL;
	}
	if (strlen(argv[1]) >= VRRP_NAME_MAX) {
		cfg_error(r, "%s: name '%s' is longer than %d characters", argv[0], argv[1],
			  VRRP_NAME_MAX - 1);
		return NULL;
	}
	return argv[1];
}

/* Allocate an entry of size bytes, named, appended to the list at *head. */
#define BLOCK_NEW(r, head, type, name, kw, out)                                                 \
	do {                                                                                    \
		type **tail_;                                                                   \
		(out) = NULL;                                                                   \
		for (tail_ = (head); *tail_ != NULL; tail_ = &(*tail_)->next) {                 \
			if (strcmp((*tail_)->name, (name)) == 0) {                              \
				cfg_error((r), "%s %s: already defined at %s:%d", (kw), (name), \
					  (*tail_)->file, (*tail_)->line);                      \
				break;                                                          \
			}                                                                       \
		}                                                                               \
		if (*tail_ == NULL && ((out) = calloc(1, sizeof(type))) == NULL)                \
			cfg_error((r), "out of memory");                                        \
		if ((out) != NULL) {                                                            \
			snprintf((out)->name, sizeof((out)->name), "%s", (name));               \
			snprintf((out)->file, sizeof((out)->file), "%s", cfg_file(r));          \
			(out)->line = cfg_line(r);                                              \
			*tail_ = (out);                                                         \
		}                                                                               \
	} while (0)

void *
vrrp_track_block_open(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf)
{
	struct vrrp_track_conf *t = track_get(r, conf);
	const char *name = block_name(r, argc, argv);
	struct vrrp_script_conf *s;
	struct vrrp_track_file_conf *f;
	struct vrrp_track_process_conf *p;
	struct vrrp_sync_group_conf *g;

	if (t == NULL || name == NULL)
		return NULL;
	if (strcmp(argv[0], "vrrp_script") == 0) {
		BLOCK_NEW(r, &t->scripts, struct vrrp_script_conf, name, argv[0], s);
		if (s != NULL) {
			s->interval_us = US_PER_S;
			s->rise = s->fall = 1;
		}
		return s;
	}
	if (strcmp(argv[0], "track_file") == 0 || strcmp(argv[0], "vrrp_track_file") == 0) {
		BLOCK_NEW(r, &t->files, struct vrrp_track_file_conf, name, argv[0], f);
		if (f != NULL)
			f->weight = 1;
		return f;
	}
	if (strcmp(argv[0], "vrrp_track_process") == 0) {
		BLOCK_NEW(r, &t->processes, struct vrrp_track_process_conf, name, argv[0], p);
		if (p != NULL) {
			/* keepalived 2.2.7: no weight line means 0 (Fault while down). */
			p->quorum = 1;
			p->quorum_max = UINT32_MAX;
		}
		return p;
	}
	BLOCK_NEW(r, &t->groups, struct vrrp_sync_group_conf, name, argv[0], g);
	return g;
}

/*
 * The block's own checks. The object does not say which kind it is, so the
 * checks that need one (a script without a command) are in finish, where
 * keepalived also makes them.
 */
int
vrrp_track_block_close(struct cfg_reader *r, void *obj)
{
	return 0;
}

int
vrrp_script_block_close(struct cfg_reader *r, void *obj)
{
	struct vrrp_script_conf *s = obj;

	s->end_line = cfg_line(r);
	return 0;
}

bool (*vrrp_conf_user_exists)(const char *user);

void
vrrp_conf_track_default_user(struct vrrp_track_conf *t)
{
	static const char dflt[] = "keepalived_script";
	struct vrrp_script_conf **sp, *s;

	if (t == NULL || !t->script_security || t->script_user[0] != '\0' ||
	    vrrp_conf_user_exists == NULL || vrrp_conf_user_exists(dflt))
		return;
	for (sp = &t->scripts; (s = *sp) != NULL;) {
		if (s->cmd.argv == NULL || s->cmd.user[0] != '\0') {
			sp = &s->next;
			continue;
		}
		log_warnx("%s:%d: Unable to set default user %s for script", s->file, s->end_line,
			  dflt);
		log_warnx("%s:%d: Unable to set default user for vrrp script %s - removing",
			  s->file, s->end_line, s->name);
		*sp = s->next;
		vrrp_cmd_free(&s->cmd);
		free(s);
	}
}

/* global_defs ------------------------------------------------------------------- */

static int
global_fifo(struct cfg_reader *r, int argc, char *argv[], struct vrrp_track_conf *t)
{
	bool vrrp = strncmp(argv[0], "vrrp_", 5) == 0, lvs = strncmp(argv[0], "lvs_", 4) == 0;
	struct vrrp_fifo_conf *fifo = &t->fifo[vrrp ? VRRP_FIFO_VRRP :
					       lvs  ? VRRP_FIFO_LVS :
						      VRRP_FIFO_NOTIFY];
	struct vrrp_cmd *cmd;

	if (strstr(argv[0], "_script") != NULL) {
		cmd = cmd_line(r, "", argc, argv);
		if (cmd == NULL)
			return -1;
		cmd_replace(&fifo->script, cmd);
		return 0;
	}
	if (cfg_check_argc(r, argc, argv, 1, 3) == -1 ||
	    copy_name(r, argv[0], argv[1], fifo->path, sizeof(fifo->path)) == -1)
		return -1;
	fifo->user[0] = fifo->group[0] = '\0';
	return user_group(r, argv[0], argc, argv, 2, fifo->user, fifo->group);
}

int
vrrp_track_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf)
{
	struct vrrp_track_conf *t = track_get(r, conf);

	if (t == NULL)
		return -1;
	if (strstr(argv[0], "notify_fifo") != NULL)
		return global_fifo(r, argc, argv, t);
	if (strcmp(argv[0], "enable_script_security") == 0) {
		t->script_security = true;
		return 0;
	}
	if (strcmp(argv[0], "script_user") == 0) {
		if (cfg_check_argc(r, argc, argv, 1, 2) == -1)
			return -1;
		t->script_user[0] = t->script_group[0] = '\0';
		return user_group(r, argv[0], argc, argv, 1, t->script_user, t->script_group);
	}
	if (strcmp(argv[0], "vrrp_notify_priority_changes") == 0)
		return get_bool(r, argc, argv, &t->notify_priority_changes);
	if (strcmp(argv[0], "process_monitor_rcv_bufs") == 0) {
		uint64_t v;

		if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
			return -1;
		if (!tp_uint(argv[1], INT32_MAX, &v)) {
			cfg_warn(r, "Invalid process_monitor_rcv_bufs size '%s' - ignoring",
				 argv[1]);
			return 0;
		}
		t->process_rcvbuf = (int)v;
		return 0;
	}
	if (strcmp(argv[0], "process_monitor_rcv_bufs_force") == 0)
		return get_bool(r, argc, argv, &t->process_rcvbuf_force);
	cfg_error(r, "%s: not a script or notify keyword of global_defs", argv[0]);
	return -1;
}

const char *
vrrp_track_kind_name(enum vrrp_track_kind kind)
{
	/* clang-format off */
	static const char *const names[VRRP_TRACK_KIND_COUNT_] = {
		[VRRP_TRACK_SCRIPT] = "script",
		[VRRP_TRACK_INTERFACE] = "interface",
		[VRRP_TRACK_FILE] = "file",
		[VRRP_TRACK_PROCESS] = "process",
		[VRRP_TRACK_BFD] = "bfd",
	};
	/* clang-format on */

	return (unsigned)kind < VRRP_TRACK_KIND_COUNT_ ? names[kind] : "?";
}

/* A command that would run: configured, and its program found (found() says). */
static bool
cmd_runs(const struct vrrp_cmd *cmd, bool (*found)(const char *program))
{
	return cmd != NULL && cmd->argc > 0 && found(cmd->argv[0]);
}

/* Scripts in a track set: tracked vrrp_scripts and notify commands. */
static bool
set_runs_scripts(const struct vrrp_track_set_conf *set, bool (*found)(const char *program))
{
	size_t i;

	if (set == NULL)
		return false;
	for (i = 0; i < set->nrefs; i++)
		if (set->refs[i].kind == VRRP_TRACK_SCRIPT && set->refs[i].script != NULL &&
		    cmd_runs(&set->refs[i].script->cmd, found))
			return true;
	for (i = 0; i < VRRP_NOTIFY_KIND_COUNT_; i++)
		if (cmd_runs(set->notify[i], found))
			return true;
	return false;
}

bool
vrrp_conf_scripts_insecure(const struct vrrp_conf *conf, bool (*found)(const char *program))
{
	const struct vrrp_track_conf *t = conf->track;
	const struct vrrp_script_conf *sc;
	const struct vrrp_instance_conf *vi;
	const struct vrrp_sync_group_conf *g;
	size_t i;

	if (t != NULL && t->script_security)
		return false;
	/* keepalived counts every vrrp_script block, used or not. */
	for (sc = t != NULL ? t->scripts : NULL; sc != NULL; sc = sc->next)
		if (cmd_runs(&sc->cmd, found))
			return true;
	for (vi = conf->instances; vi != NULL; vi = vi->next)
		if (set_runs_scripts(vi->track, found))
			return true;
	if (t == NULL)
		return false;
	for (g = t->groups; g != NULL; g = g->next)
		if (set_runs_scripts(&g->set, found))
			return true;
	for (i = 0; i < VRRP_FIFO_COUNT_; i++)
		if (cmd_runs(t->fifo[i].script, found))
			return true;
	return false;
}
