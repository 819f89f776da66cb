/*
 * The track_* and notify* lines of vrrp_instance and vrrp_sync_group (a
 * struct vrrp_track_set_conf each), and the other keywords of
 * vrrp_sync_group. A line names a tracker only; vrrp_conf_track_finish()
 * (vrrp_conf_sync.c) finds it once the whole file is read. The trackers
 * themselves are vrrp_conf_track.c's.
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_track_priv.h"

static struct vrrp_track_set_conf *
set_get(struct cfg_reader *r, struct vrrp_track_set_conf **set)
{
	if (*set == NULL && (*set = calloc(1, sizeof(**set))) == NULL)
		cfg_error(r, "out of memory");
	return *set;
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
	if (vrrp_conf_track_copy_name(r, what, argv[0], ref.name, sizeof(ref.name)) == -1)
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
		if (argc > 1 &&
		    vrrp_conf_track_parse_weight(r, what, argc, argv, 2, limit, &ref.weight,
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
		return vrrp_conf_track_get_bool(r, argc, argv, &set->priority_changes);
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
		cmd = vrrp_conf_track_cmd_line(r, who, argc, argv);
		if (cmd == NULL)
			return -1;
		vrrp_conf_track_cmd_replace(&set->notify[k], cmd);
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
	CFG_KW("notify", inst_notify),
	CFG_KW("notify_backup", inst_notify),
	CFG_KW("notify_deleted", inst_notify),
	CFG_KW("notify_fault", inst_notify),
	CFG_KW("notify_master", inst_notify),
	CFG_KW("notify_master_rx_lower_pri", inst_notify),
	CFG_KW("notify_priority_changes", inst_notify),
	CFG_KW("notify_stop", inst_notify),
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
		if (vrrp_conf_track_copy_name(r, "group", argv[i], names[g->nmember_names].name,
					      VRRP_NAME_MAX) == -1)
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
group_email(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const struct vrrp_sync_group_conf *g = obj;

	(void)argc;
	cfg_warn(r, "(%s) '%s' is accepted but not acted on: %s", g->name, argv[0],
		 VRRP_CONF_NO_EMAIL);
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_sync_group_keywords[] = {
	ITEM_BLOCK("group", group_member),
	CFG_KW("global_tracking", group_flag),
	CFG_KW("notify", group_notify),
	CFG_KW("notify_backup", group_notify),
	CFG_KW("notify_deleted", group_notify),
	CFG_KW("notify_fault", group_notify),
	CFG_KW("notify_master", group_notify),
	CFG_KW("notify_priority_changes", group_notify),
	CFG_KW("notify_stop", group_notify),
	/* Without SMTP there is nothing to alert by. */
	CFG_KW("smtp_alert", group_email),
	CFG_KW("sync_group_tracking_weight", group_flag),
	ITEM_BLOCK("track_bfd", group_track_bfd),
	ITEM_BLOCK("track_file", group_track_file),
	ITEM_BLOCK("track_interface", group_track_interface),
	ITEM_BLOCK("track_process", group_track_process),
	ITEM_BLOCK("track_script", group_track_script),
	CFG_KEYWORD_END,
};
/* clang-format on */
