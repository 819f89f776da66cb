/*
 * Tracking, notification and sync groups as keepalived.conf(5) defines
 * them: the vrrp_script, track_file, vrrp_track_process and vrrp_sync_group
 * blocks, the track_* and notify* keywords of vrrp_instance and
 * vrrp_sync_group, and the script and FIFO settings of global_defs.
 *
 * Parsing only: names are resolved and weights checked once the whole file
 * has been read (vrrp_conf_track_finish()); nothing here runs a program or
 * looks at the system. The runtime lives in vrrp_track.c, vrrp_notify.c and
 * vrrp_sync.c.
 */
#ifndef VRRP_CONF_TRACK_H
#define VRRP_CONF_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

struct bfd_instance_conf;

#define VRRP_TRACK_WEIGHT_MAX 253 /* scripts, interfaces, processes */
#define VRRP_TRACK_FILE_WEIGHT_MAX 254
#define VRRP_USER_NAME_MAX 64
#define VRRP_PATH_MAX 256

/*
 * A program to run, split into words as keepalived splits a script string:
 * white space separates words except inside '...' or "..."; backslash
 * escapes as keepalived.conf(5) lists them (\n, \t, \xXX, \nnn, \\, ...).
 * No shell expansion of any kind.
 */
struct vrrp_cmd {
	char **argv; /* argc words, then NULL; one allocation with the words */
	int argc;
	char *text;                     /* the string as configured, for messages */
	char user[VRRP_USER_NAME_MAX];  /* empty: the default (script_user) */
	char group[VRRP_USER_NAME_MAX]; /* empty: the user's group */
};

/* vrrp_script NAME { ... } */
struct vrrp_script_conf {
	char name[VRRP_NAME_MAX];
	struct vrrp_cmd cmd;
	uint64_t interval_us; /* default 1 s */
	uint64_t timeout_us;  /* 0: the interval, as keepalived */
	int weight;           /* -253..253, default 0 */
	bool reverse;
	uint32_t rise, fall; /* default 1 */
	bool init_fail;
	char file[VRRP_PATH_MAX];
	int line;
	int end_line; /* its '}' */
	struct vrrp_script_conf *next;
};

/* track_file NAME { ... } (vrrp_track_file is a synonym) */
struct vrrp_track_file_conf {
	char name[VRRP_NAME_MAX];
	char path[VRRP_PATH_MAX];
	int64_t weight; /* default 1 */
	bool reverse;
	bool init_file; /* create the file (with init_value) */
	int64_t init_value;
	bool init_overwrite; /* ... even if it exists */
	char file[VRRP_PATH_MAX];
	int line;
	struct vrrp_track_file_conf *next;
};

/* vrrp_track_process NAME { ... } */
struct vrrp_track_process_conf {
	char name[VRRP_NAME_MAX];
	char process[VRRP_PATH_MAX]; /* the command name, or the command line */
	int nparams;                 /* words after the name (full_command match) */
	/* The words of the process line, each followed by a NUL (a word may hold spaces). */
	char words[VRRP_PATH_MAX];
	size_t words_len;
	bool param_match_partial, param_match_initial;
	bool param_match_exact; /* param_match without an argument */
	int weight;             /* default 0, as keepalived */
	bool reverse;
	uint32_t quorum;     /* default 1 */
	uint32_t quorum_max; /* default UINT32_MAX */
	uint64_t fork_delay_us, terminate_delay_us;
	bool full_command;
	char file[VRRP_PATH_MAX];
	int line;
	struct vrrp_track_process_conf *next;
};

enum vrrp_track_kind {
	VRRP_TRACK_SCRIPT = 0,
	VRRP_TRACK_INTERFACE,
	VRRP_TRACK_FILE,
	VRRP_TRACK_PROCESS,
	VRRP_TRACK_BFD, /* a bfd_instance (bfd_conf.h) */
	VRRP_TRACK_KIND_COUNT_
};

/* One line of a track_script / track_interface / track_file / track_process block. */
struct vrrp_track_ref {
	enum vrrp_track_kind kind;
	char name[VRRP_NAME_MAX]; /* the tracker, or the interface name */
	bool weight_given;        /* else the tracker's own weight */
	int64_t weight;
	bool reverse_given; /* else the tracker's own reverse */
	bool reverse;
	/* Resolved by vrrp_conf_track_finish(); the kind says which. */
	const struct vrrp_script_conf *script;
	const struct vrrp_track_file_conf *tfile;
	const struct vrrp_track_process_conf *process;
	const struct bfd_instance_conf *bfd;
	char file[VRRP_PATH_MAX];
	int line;
};

/* The notify scripts of an instance or a sync group; NULL when not configured. */
enum vrrp_notify_kind {
	VRRP_NOTIFY_MASTER = 0,
	VRRP_NOTIFY_BACKUP,
	VRRP_NOTIFY_FAULT,
	VRRP_NOTIFY_STOP,
	VRRP_NOTIFY_GENERIC, /* notify: 4 arguments appended */
	VRRP_NOTIFY_MASTER_RX_LOWER_PRI,
	VRRP_NOTIFY_KIND_COUNT_
};
/* The keyword of each kind ("notify_master"...): the parser, -d and the notify log lines. */
extern const char *const vrrp_notify_kind_keyword[VRRP_NOTIFY_KIND_COUNT_];

/* What a vrrp_instance or a vrrp_sync_group adds to tracking and notification. */
struct vrrp_track_set_conf {
	struct vrrp_track_ref *refs;
	size_t nrefs;
	struct vrrp_cmd *notify[VRRP_NOTIFY_KIND_COUNT_];
	bool priority_changes; /* notify_priority_changes */
	bool priority_changes_given;
};

/* vrrp_sync_group NAME { ... } */
struct vrrp_sync_group_conf {
	char name[VRRP_NAME_MAX];
	struct vrrp_sync_member_name {
		char name[VRRP_NAME_MAX];
		int line;
	} * member_names;
	size_t nmember_names;
	/* Resolved by vrrp_conf_track_finish(), in the group's order. */
	const struct vrrp_instance_conf **members;
	size_t nmembers;
	struct vrrp_track_set_conf set;
	bool tracking_weight; /* sync_group_tracking_weight */
	char file[VRRP_PATH_MAX];
	int line;
	struct vrrp_sync_group_conf *next;
};

/* A notify FIFO of global_defs, and the program that reads it. */
struct vrrp_fifo_conf {
	char path[VRRP_PATH_MAX]; /* empty: none */
	char user[VRRP_USER_NAME_MAX];
	char group[VRRP_USER_NAME_MAX];
	struct vrrp_cmd *script; /* *_fifo_script; gets the FIFO name last */
};

enum vrrp_fifo_kind {
	VRRP_FIFO_NOTIFY = 0, /* notify_fifo */
	VRRP_FIFO_VRRP,       /* vrrp_notify_fifo */
	VRRP_FIFO_LVS,        /* lvs_notify_fifo: the checker's (vrrp_notifier_new_lvs()) */
	VRRP_FIFO_COUNT_
};

/* Everything of this file for the whole configuration (struct vrrp_conf's track). */
struct vrrp_track_conf {
	struct vrrp_script_conf *scripts;
	struct vrrp_track_file_conf *files;
	struct vrrp_track_process_conf *processes;
	struct vrrp_sync_group_conf *groups;
	struct vrrp_fifo_conf fifo[VRRP_FIFO_COUNT_];
	bool script_security;                 /* enable_script_security */
	char script_user[VRRP_USER_NAME_MAX]; /* empty: keepalived_script, else root */
	char script_group[VRRP_USER_NAME_MAX];
	bool notify_priority_changes; /* vrrp_notify_priority_changes */
	int process_rcvbuf;           /* process_monitor_rcv_bufs; 0: the kernel's size */
	bool process_rcvbuf_force;    /* process_monitor_rcv_bufs_force */
};

/* The track conf of conf (NULL if the file had none of these keywords). */
static inline const struct vrrp_track_conf *
vrrp_conf_track(const struct vrrp_conf *conf)
{
	return conf->track;
}

/*
 * Split text into cmd (freed with vrrp_cmd_free()). Returns 0, or -1 with
 * *err set to a static description (unbalanced quote, empty, no memory).
 */
int vrrp_cmd_parse(const char *text, struct vrrp_cmd *cmd, const char **err);
void vrrp_cmd_free(struct vrrp_cmd *cmd);

/*
 * Keyword tables. The top-level blocks get struct vrrp_conf * (through the
 * open handlers below), vrrp_instance's keywords struct vrrp_instance_conf *.
 */
extern const struct cfg_keyword vrrp_script_keywords[];
extern const struct cfg_keyword vrrp_track_file_keywords[];
extern const struct cfg_keyword vrrp_track_process_keywords[];
extern const struct cfg_keyword vrrp_sync_group_keywords[];
extern const struct cfg_keyword vrrp_instance_track_keywords[];

/*
 * `vrrp_script NAME {`, `track_file NAME {` (and vrrp_track_file),
 * `vrrp_track_process NAME {`, `vrrp_sync_group NAME {`, by argv[0]. The
 * object given to the block's lines is the new entry, or NULL (block
 * skipped) after an error.
 */
void *vrrp_track_block_open(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf);
int vrrp_track_block_close(struct cfg_reader *r, void *obj);
int vrrp_script_block_close(struct cfg_reader *r, void *obj);

/*
 * Does this user exist? The parser reads no file: the daemon sets this
 * (NULL: every user exists). keepalived looks up its default script user
 * keepalived_script while it reads the file.
 */
extern bool (*vrrp_conf_user_exists)(const char *user);

/*
 * keepalived 2.2.7 with enable_script_security and no script_user drops a
 * vrrp_script without a user of its own when the user keepalived_script
 * does not exist ("Unable to set default user ..."). Called by
 * vrrp_conf_track_finish() before the references are resolved.
 */
void vrrp_conf_track_default_user(struct vrrp_track_conf *t);
/*
 * The top-level entries of those blocks, for a keyword table whose open_fn
 * finds the struct vrrp_conf in its parent and returns
 * vrrp_track_block_open() on it (keepalived/core/conf.c, the tests).
 */
/* clang-format off */
#define VRRP_TRACK_TOP_KEYWORDS(open_fn)                                                   \
	{ "track_file", NULL, (open_fn), vrrp_track_file_keywords, NULL,                   \
	  vrrp_track_block_close },                                                        \
	{ "vrrp_script", NULL, (open_fn), vrrp_script_keywords, NULL,                      \
	  vrrp_script_block_close },                                                       \
	{ "vrrp_sync_group", NULL, (open_fn), vrrp_sync_group_keywords, NULL,              \
	  vrrp_track_block_close },                                                        \
	{ "vrrp_track_file", NULL, (open_fn), vrrp_track_file_keywords, NULL,              \
	  vrrp_track_block_close },                                                        \
	{ "vrrp_track_process", NULL, (open_fn), vrrp_track_process_keywords, NULL,        \
	  vrrp_track_block_close }
/* clang-format on */

/*
 * A global_defs line for this file: notify_fifo, notify_fifo_script,
 * vrrp_notify_fifo, vrrp_notify_fifo_script, enable_script_security,
 * script_user, vrrp_notify_priority_changes. 0, or -1 after cfg_error().
 */
int vrrp_track_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf);

/*
 * After the whole file: resolve tracker and member names, apply the sync
 * group rules (member trackers with weights are dropped, as keepalived
 * does), and report what keepalived -t reports. Errors are logged with
 * file:line; returns their number.
 */
int vrrp_conf_track_finish(struct vrrp_conf *conf);
void vrrp_conf_track_free(struct vrrp_conf *conf);
/* Free what an instance's track_* / notify* keywords allocated. */
void vrrp_conf_track_instance_free(struct vrrp_instance_conf *vi);

/* A ref's weight and reverse: its own if given, else its tracker's. */
int64_t vrrp_track_ref_weight(const struct vrrp_track_ref *ref);
bool vrrp_track_ref_reverse(const struct vrrp_track_ref *ref);

/* The sync group an instance belongs to, or NULL. */
const struct vrrp_sync_group_conf *vrrp_conf_sync_group_of(const struct vrrp_conf *conf,
							   const struct vrrp_instance_conf *vi);

/* -d: the blocks of this file in keepalived.conf syntax (lines without newline). */
void vrrp_conf_track_dump(const struct vrrp_conf *conf, void (*out)(const char *line, void *arg),
			  void *arg);
/* -d: the track/notify lines inside one vrrp_instance block. */
void vrrp_conf_track_dump_instance(const struct vrrp_instance_conf *vi,
				   void (*out)(const char *line, void *arg), void *arg);
/* -d: the global_defs lines. */
void vrrp_conf_track_dump_global(const struct vrrp_conf *conf,
				 void (*out)(const char *line, void *arg), void *arg);

const char *vrrp_track_kind_name(enum vrrp_track_kind kind); /* "script", "interface"... */

/*
 * keepalived 2.2.7's "SECURITY VIOLATION" test: true when a script would run
 * (a vrrp_script, a notify script, a FIFO script whose program found()
 * finds: keepalived skips the ones it cannot find) and
 * enable_script_security is not set. -t reports it (exit status 6).
 */
bool vrrp_conf_scripts_insecure(const struct vrrp_conf *conf, bool (*found)(const char *program));

#endif
