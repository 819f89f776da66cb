/*
 * What the pieces of the configuration reader share, and nothing else may
 * use: the reader's state, one file being read (struct cfg_source), and the
 * calls between conf_reader.c (lines, statements, blocks), conf_params.c
 * ($NAME parameters) and conf_include.c (reading files, the include stack).
 * conf_values.c needs only the public header.
 */
#ifndef LIB_CONF_READER_PRIV_H
#define LIB_CONF_READER_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/utsname.h>

#include "conf_reader.h"

#define CFG_MAX_NESTING 32 /* blocks inside blocks */

/* One file being read; the chain of parents is the include stack. */
struct cfg_source {
	struct cfg_source *parent;
	char *name;    /* as shown in messages */
	char *dir;     /* base of relative includes */
	char *abs_dir; /* ${_PWD}, made on first use */
	char *text;    /* the whole file, NUL-terminated */
	char *next;    /* start of the next line */
	char *end;
	int line;
	bool has_id; /* dev/ino known: used to refuse include loops */
	dev_t dev;
	ino_t ino;
	char *exp[2]; /* expanded lines */
	size_t exp_cap[2];
	int exp_cur;     /* buffer of the current line, -1: file text */
	int exp_pending; /* buffer of the pending statement, -1: none */
};

struct cfg_frame {
	const char *name; /* keyword that opened the block */
	const struct cfg_keyword *sub;
	cfg_line_fn item;
	cfg_close_fn close;
	void *obj;
	const struct cfg_source *src;
	int line;
	int skip;           /* > 0: an ignored block, counts open braces */
	char skip_name[40]; /* its keyword: the line holding it is reused */
	bool no_brace;      /* opened without '{' (CFG_BLOCK_WITHOUT_BRACE) */
};

struct cfg_stmt {
	char *argv[CFG_MAX_ARGS + 1];
	int argc;
	int extra; /* words beyond CFG_MAX_ARGS */
	int line;
};

struct cfg_def;

struct cfg_reader {
	const char *config_id;
	char id_buf[sizeof(((struct utsname *)NULL)->nodename)];
	bool include_missing_is_error;
	unsigned include_check; /* CFG_INCLUDE_CHECK_*, restored after each included file */
	uint32_t random_state;  /* ${_RANDOM}: random_seed, else the time */
	char random_buf[16];
	int errors;
	int warnings;
	const char *top_name;
	struct cfg_source *src;
	int src_depth;
	unsigned load_files; /* files read by this load, the same one counted each time */
	size_t load_bytes;   /* their bytes */
	bool load_capped;    /* a per-load limit was hit: no more includes */
	int line;
	struct cfg_frame frames[CFG_MAX_NESTING + 2];
	int depth;
	struct cfg_stmt stmt;
	struct cfg_stmt pending;
	bool has_pending;
	bool in_multiline_def;
	struct cfg_def *defs;
	size_t ndefs;
};

/* conf_reader.c ----------------------------------------------------------- */

/* cfg_error() (error true) or cfg_warn() with a va_list. */
void cfg_vreport(struct cfg_reader *r, bool error, const char *fmt, va_list ap) LOG_PRINTF(3, 0);
/* Read the lines of s, which is r->src, to its end, then report and close the
 * blocks that s left open. */
void cfg_source_run(struct cfg_reader *r, struct cfg_source *s);

/* conf_params.c ----------------------------------------------------------- */

/* "$NAME=value" at the start of line defines NAME; false if the line is not a
 * definition. */
bool cfg_def_line(struct cfg_reader *r, char *line);
/* Length of the parameter reference at p ('$'), 0 if there is none; *name and
 * *name_len are its name. */
size_t cfg_ref_parse(const char *p, const char **name, size_t *name_len);
/* line with its parameters replaced: line itself when nothing was replaced,
 * else a buffer of r->src (made current in exp_cur); NULL after an error. */
char *cfg_line_expand(struct cfg_reader *r, char *line);
/* Free the definitions when the reading is done. */
void cfg_params_free(struct cfg_reader *r);

/* conf_include.c ---------------------------------------------------------- */

/* Fill s from the open fd, which is closed here; fd -1 leaves the text to
 * the caller. -1 with errno set on failure: s must still be freed. */
int cfg_source_init(struct cfg_source *s, const char *name, int fd);
void cfg_source_free(struct cfg_source *s);
/* word (len bytes) is include or one of its variants (includer, ...). */
bool cfg_is_include(const char *word, size_t len);
/* Run an include statement: st->argv[0] is the include keyword. */
void cfg_include_stmt(struct cfg_reader *r, struct cfg_stmt *st);

#endif
