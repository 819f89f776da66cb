/*
 * The tracker blocks of keepalived.conf (vrrp_conf_track.h): vrrp_script,
 * track_file and vrrp_track_process, and the opening of these and of the
 * vrrp_sync_group blocks; with the parsers of the words that every piece of
 * tracking reads (vrrp_conf_track_priv.h). The track_* and notify* lines
 * that refer to trackers are read by vrrp_conf_track_set.c, the script and
 * FIFO settings of global_defs by vrrp_conf_track_global.c. Names are
 * resolved afterwards, in vrrp_conf_track_finish() (vrrp_conf_sync.c),
 * because a sync group may name instances defined after it.
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
#include "keepalived/vrrp/conf/vrrp_conf_track_priv.h"

#define SCRIPT_INTERVAL_MAX_S 4294 /* keepalived's limit: UINT_MAX microseconds */
#define FILE_WEIGHT_LIMIT 2147483647

/* Shared helpers --------------------------------------------------------------- */

struct vrrp_track_conf *
vrrp_conf_track_get(struct cfg_reader *r, struct vrrp_conf *conf)
{
	if (conf->track == NULL && (conf->track = calloc(1, sizeof(*conf->track))) == NULL)
		cfg_error(r, "out of memory");
	return conf->track;
}

int
vrrp_conf_track_copy_name(struct cfg_reader *r, const char *what, const char *s, char *dst,
			  size_t size)
{
	if (strlen(s) >= size) {
		cfg_error(r, "%s: '%s' is longer than %zu characters", what, s, size - 1);
		return -1;
	}
	snprintf(dst, size, "%s", s);
	return 0;
}

/* USER [GROUP] at argv[first]. */
int
vrrp_conf_track_user_group(struct cfg_reader *r, const char *what, int argc, char *argv[],
			   int first, char *user, char *group)
{
	if (argc > first + 2) {
		cfg_error(r, "%s: too many words (expected at most USER GROUP)", what);
		return -1;
	}
	if (argc > first &&
	    vrrp_conf_track_copy_name(r, what, argv[first], user, VRRP_USER_NAME_MAX) == -1)
		return -1;
	if (argc > first + 1 &&
	    vrrp_conf_track_copy_name(r, what, argv[first + 1], group, VRRP_USER_NAME_MAX) == -1)
		return -1;
	return 0;
}

/* `KEYWORD COMMAND [USER [GROUP]]` into a new command. */
struct vrrp_cmd *
vrrp_conf_track_cmd_line(struct cfg_reader *r, const char *who, int argc, char *argv[])
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
	if (vrrp_conf_track_user_group(r, argv[0], argc, argv, 2, cmd->user, cmd->group) == -1) {
		vrrp_cmd_free(cmd);
		free(cmd);
		return NULL;
	}
	return cmd;
}

void
vrrp_conf_track_cmd_replace(struct vrrp_cmd **slot, struct vrrp_cmd *cmd)
{
	if (*slot != NULL) {
		vrrp_cmd_free(*slot);
		free(*slot);
	}
	*slot = cmd;
}

/* keepalived's check_true_false(): no value is true. */
int
vrrp_conf_track_get_bool(struct cfg_reader *r, int argc, char *argv[], bool *out)
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
int
vrrp_conf_track_parse_weight(struct cfg_reader *r, const char *who, int argc, char *argv[], int i,
			     int64_t limit, int64_t *weight, bool *reverse, bool *reverse_given)
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
	return vrrp_conf_track_parse_weight(r, who, argc, argv, 1, limit, weight, reverse, NULL);
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
	return vrrp_conf_track_user_group(r, "user", argc, argv, 1, s->cmd.user, s->cmd.group);
}

static int
scr_init_fail(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_script_conf *s = obj;

	s->init_fail = true;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_script_keywords[] = {
	CFG_KW("fall", scr_count),
	CFG_KW("init_fail", scr_init_fail),
	CFG_KW("interval", scr_seconds),
	CFG_KW("rise", scr_count),
	CFG_KW("script", scr_script),
	CFG_KW("timeout", scr_seconds),
	CFG_KW("user", scr_user),
	CFG_KW("weight", scr_weight),
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
	return vrrp_conf_track_copy_name(r, "file", argv[1], f->path, sizeof(f->path));
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
	CFG_KW("file", tf_file),
	CFG_KW("init_file", tf_init_file),
	CFG_KW("weight", tf_weight),
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
bool
vrrp_conf_track_uint(const char *s, uint64_t max, uint64_t *v)
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
		if (!vrrp_conf_track_uint(argv[1], 65535, &v) || v < 1) {
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
		if (!vrrp_conf_track_uint(argv[1], 65535, &v)) {
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
	CFG_KW("delay", tp_number),
	CFG_KW("fork_delay", tp_number),
	CFG_KW("full_command", tp_full_command),
	CFG_KW("param_match", tp_param_match),
	CFG_KW("process", tp_process),
	CFG_KW("quorum", tp_number),
	CFG_KW("quorum_max", tp_number),
	CFG_KW("terminate_delay", tp_number),
	CFG_KW("weight", tp_weight),
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
	struct vrrp_track_conf *t = vrrp_conf_track_get(r, conf);
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
