/*
 * keepalived.conf reader: turns files into keyword lines and dispatches them
 * through a keyword tree. It knows nothing about VRRP; the daemon hands it
 * tables of keywords with handlers.
 *
 * Syntax handled here: '!' and '#' comments (outside quotes), "quoted
 * strings", '{' '}' on the same or the next line, `include GLOB` (relative to
 * the including file, nested, loops refused), `$NAME=value` definitions with
 * `$NAME` / `${NAME}` substitution, and `@id` / `@^id` conditional lines
 * matched against the config id (-i, default the node name).
 *
 * Every message names file:line. Unknown keywords are warnings (their block
 * is skipped); malformed values are errors reported by the handlers through
 * cfg_error(). Reading continues after an error so that all of them are shown.
 *
 * Details (keepalived 2.2.7 behaviour unless said otherwise):
 * - A word runs to white space outside quotes: a"b c"d is the word "ab cd".
 *   Inside quotes \" is a quote and other backslashes are kept as written
 *   (script strings are split again by their users); outside, \# \! \" \{
 *   \} are those characters. Single quotes are ordinary characters.
 * - $NAME is replaced when followed by white space, ',', ')', '{', '}' or the
 *   line end, ${NAME} anywhere; values are expanded again when used. An
 *   undefined name is left as is, with a warning. ${_INSTANCE}, ${_PWD},
 *   ${_HASH}, ${_BANG} and ${_RANDOM [MIN [MAX]]} are predefined.
 *   Multi-line definitions and ~SEQ/~LST lines are not supported: a
 *   warning, and they are ignored.
 * - include, includer, includem, includew, includeb, includea: a pattern
 *   matching nothing is a warning (an error for includem/w/b/a, or with
 *   include_missing_is_error). A block must end in the file it began in.
 * - Limits: CFG_MAX_ARGS words per statement, 32 nested blocks, 16 nested
 *   includes; beyond them an error, never a crash.
 * - Per load (the main file and everything it includes, counted each time a
 *   file is read): at most CFG_MAX_LOAD_FILES files and CFG_MAX_LOAD_BYTES
 *   bytes. Loops are refused by the include stack, but a file included N
 *   times on each of 16 levels would be read N^16 times, on reload inside the
 *   event loop; past either limit the include is an error (file:line, naming
 *   the limit) and no further include of that load is read.
 */
#ifndef LIB_CONF_READER_H
#define LIB_CONF_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "log.h"

struct cfg_reader;

#define CFG_MAX_ARGS 64
/* Generous for real configurations (thousands of files, tens of MB), yet a
 * load stays well under a second or two. */
#define CFG_MAX_LOAD_FILES 4096u
#define CFG_MAX_LOAD_BYTES (64u << 20)

/*
 * A simple line: argv[0] is the keyword (or the first word of a list item).
 * The words are writable but live only during the call: copy what you keep.
 * Returning -1 without calling cfg_error() still counts one error.
 */
typedef int (*cfg_line_fn)(struct cfg_reader *r, int argc, char *argv[], void *obj);
/*
 * What the handler of an entry with both handler and item returns to say
 * that its line, given without '{', opens the block all the same: the lines
 * up to the next '}' go to item, each by itself, and a '{' among them is an
 * item "{" (keepalived 2.2.7 reads its track_* blocks so).
 */
#define CFG_BLOCK_WITHOUT_BRACE 1
/* A block opens: return the object its lines will get; NULL skips the block
 * (the handler has reported why). */
typedef void *(*cfg_open_fn)(struct cfg_reader *r, int argc, char *argv[], void *parent);
/* The block closed with '}': complete or check the object. */
typedef int (*cfg_close_fn)(struct cfg_reader *r, void *obj);

struct cfg_keyword {
	const char *name;
	/* Simple keyword: called with the line's words. */
	cfg_line_fn handler;
	/*
	 * Block keyword (followed by '{'): open (NULL = lines get the parent's
	 * object), then either sub (keywords inside) or item (every line inside
	 * is passed whole to item, as in virtual_ipaddress { ... }), then close.
	 * With both, sub keywords are matched first. close is called exactly
	 * once for every block open accepted, also when the file ends before
	 * the block's '}' (after that error is reported).
	 *
	 * An entry with both handler and block parts is a block when '{'
	 * follows and a simple line otherwise. An entry with neither is a
	 * keyword accepted and ignored, together with its block if it has one.
	 */
	cfg_open_fn open;
	const struct cfg_keyword *sub;
	cfg_line_fn item;
	cfg_close_fn close;
};
/* Tables end with an entry whose name is NULL. */
/* clang-format off */
#define CFG_KEYWORD_END { NULL, NULL, NULL, NULL, NULL, NULL }
/* A simple keyword: its words go to fn. */
#define CFG_KW(name, fn) { name, fn, NULL, NULL, NULL, NULL }
/* clang-format on */
/*
 * An entry standing for all the keywords of another table, searched at its
 * place in this one: features keep their keywords in their own files, and
 * an earlier entry wins over a later one of the same name.
 */
extern const char cfg_keywords_from_marker[];
/* clang-format off */
#define CFG_KEYWORDS_FROM(table) { cfg_keywords_from_marker, NULL, NULL, (table), NULL, NULL }
/* clang-format on */

struct cfg_options {
	const char *config_id;         /* NULL: the node name (uname) */
	bool include_missing_is_error; /* -e: a missing include file is an error */
};

/*
 * Read path and dispatch its lines into top (the outermost keyword table)
 * with top_obj as the object. Returns the number of errors found (0 = the
 * configuration is valid), or -1 if path itself cannot be read.
 */
int cfg_read_file(const char *path, const struct cfg_keyword *top, void *top_obj,
		  const struct cfg_options *opts);
/* The same for text held in memory; name is used in messages and for
 * relative includes. */
int cfg_read_string(const char *name, const char *text, const struct cfg_keyword *top,
		    void *top_obj, const struct cfg_options *opts);

/*
 * include_check (keepalived 2.2.7): which include problems are errors. Set
 * while reading, it holds for the rest of the file and the files it includes;
 * the setting in force is restored when an included file ends.
 */
#define CFG_INCLUDE_CHECK_READABLE 1u /* a matched file cannot be read */
#define CFG_INCLUDE_CHECK_MATCH 2u    /* a name without wildcards matches nothing */
#define CFG_INCLUDE_CHECK_WILDCARD 4u /* a pattern with wildcards matches nothing */
#define CFG_INCLUDE_CHECK_BRACE 8u    /* a {a,b} alternative matches nothing */
#define CFG_INCLUDE_CHECK_ALL 15u
unsigned cfg_include_check_get(const struct cfg_reader *r);
void cfg_include_check_set(struct cfg_reader *r, unsigned flags);
/* random_seed: ${_RANDOM [MIN [MAX]]} from here on is repeatable. */
void cfg_random_seed(struct cfg_reader *r, unsigned seed);

/* Position of the line being handled. */
const char *cfg_file(const struct cfg_reader *r);
int cfg_line(const struct cfg_reader *r);
/* Count of warnings so far (errors are returned by cfg_read_*). */
int cfg_warning_count(const struct cfg_reader *r);

/* "file:line: message", counted as an error / a warning. */
void cfg_error(struct cfg_reader *r, const char *fmt, ...) LOG_PRINTF(2, 3);
void cfg_warn(struct cfg_reader *r, const char *fmt, ...) LOG_PRINTF(2, 3);

/*
 * Value helpers; each reports a file:line error naming the keyword and the
 * bad value, and returns -1, or returns 0 with *out set.
 */
int cfg_parse_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
		   uint64_t *out);
int cfg_parse_int(struct cfg_reader *r, const char *kw, const char *s, int64_t min, int64_t max,
		  int64_t *out);
/* Decimal with up to `decimals` fraction digits, returned scaled by
 * 10^decimals: "0.1" with decimals 2 gives 10. More digits are an error. */
int cfg_parse_fixed(struct cfg_reader *r, const char *kw, const char *s, unsigned decimals,
		    uint64_t min, uint64_t max, uint64_t *out);
/* on/off, true/false, yes/no, 1/0 */
int cfg_parse_bool(struct cfg_reader *r, const char *kw, const char *s, bool *out);
/* A handler's check that it got between min and max arguments after the
 * keyword; max < 0: no upper limit. */
int cfg_check_argc(struct cfg_reader *r, int argc, char *argv[], int min, int max);

#endif
