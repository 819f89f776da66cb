/*
 * keepalived.conf reader. A file is read into memory whole; each line is then
 * stripped of its comment, filtered by its @id prefix, checked for a $NAME=
 * definition, expanded, and cut into statements at '{', '}' and the line end.
 * Statements are dispatched through the keyword table of the innermost block.
 *
 * A statement that ends its line is held back ("pending") until the next
 * token is seen, because keepalived allows a block's '{' on the next line.
 * Its words point into the file text or into the expansion buffer of its
 * line, which is why each file keeps two expansion buffers and never reuses
 * the one holding the pending statement.
 */
#include "config.h"

#include "conf_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CFG_MAX_NESTING 32		/* blocks inside blocks */
#define CFG_MAX_INCLUDES 16		/* files including files */
#define CFG_MAX_FILE_SIZE (64u << 20)
#define CFG_MAX_EXPANDED 65536		/* a line after parameter substitution */
#define CFG_MAX_SUBSTITUTIONS 1000	/* per line; stops $A=$A loops */
#define CFG_SPACE " \t\r\n\f\v"

/* One file being read; the chain of parents is the include stack. */
struct cfg_source {
	struct cfg_source *parent;
	char *name;		/* as shown in messages */
	char *dir;		/* base of relative includes */
	char *abs_dir;		/* ${_PWD}, made on first use */
	char *text;		/* the whole file, NUL-terminated */
	char *next;		/* start of the next line */
	char *end;
	int line;
	bool has_id;		/* dev/ino known: used to refuse include loops */
	dev_t dev;
	ino_t ino;
	char *exp[2];		/* expanded lines */
	size_t exp_cap[2];
	int exp_cur;		/* buffer of the current line, -1: file text */
	int exp_pending;	/* buffer of the pending statement, -1: none */
};

struct cfg_frame {
	const char *name;	/* keyword that opened the block */
	const struct cfg_keyword *sub;
	cfg_line_fn item;
	cfg_close_fn close;
	void *obj;
	const struct cfg_source *src;
	int line;
	int skip;		/* > 0: an ignored block, counts open braces */
	char skip_name[40];	/* its keyword: the line holding it is reused */
};

struct cfg_stmt {
	char *argv[CFG_MAX_ARGS + 1];
	int argc;
	int extra;		/* words beyond CFG_MAX_ARGS */
	int line;
};

struct cfg_def {
	char *name;
	size_t name_len;
	char *value;
};

struct cfg_reader {
	const char *config_id;
	char id_buf[sizeof(((struct utsname *)NULL)->nodename)];
	bool include_missing_is_error;
	int errors;
	int warnings;
	const char *top_name;
	struct cfg_source *src;
	int src_depth;
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

enum { TOK_END, TOK_WORD, TOK_OPEN, TOK_CLOSE };

static void source_run(struct cfg_reader *r, struct cfg_source *s);

/* Messages ---------------------------------------------------------------- */

const char *
cfg_file(const struct cfg_reader *r)
{
	return r->src != NULL ? r->src->name : r->top_name;
}

int
cfg_line(const struct cfg_reader *r)
{
	return r->line;
}

int
cfg_warning_count(const struct cfg_reader *r)
{
	return r->warnings;
}

static void
cfg_vreport(struct cfg_reader *r, bool error, const char *fmt, va_list ap)
{
	char msg[900];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (error) {
		r->errors++;
		log_error("%s:%d: %s", cfg_file(r), r->line, msg);
	} else {
		r->warnings++;
		log_warnx("%s:%d: %s", cfg_file(r), r->line, msg);
	}
}

void
cfg_error(struct cfg_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(r, true, fmt, ap);
	va_end(ap);
}

void
cfg_warn(struct cfg_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(r, false, fmt, ap);
	va_end(ap);
}

/* An include problem that -e (include_missing_is_error) turns into an error. */
static void
cfg_include_problem(struct cfg_reader *r, bool strict, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(r, strict || r->include_missing_is_error, fmt, ap);
	va_end(ap);
}

/* Parameters ($NAME=value) ------------------------------------------------ */

static bool
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static struct cfg_def *
def_find(struct cfg_reader *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->ndefs; i++)
		if (r->defs[i].name_len == len && memcmp(r->defs[i].name, name, len) == 0)
			return &r->defs[i];
	return NULL;
}

static void
def_set(struct cfg_reader *r, const char *name, size_t len, const char *value)
{
	struct cfg_def *d = def_find(r, name, len), *defs;
	char *copy = strdup(value);

	if (copy == NULL)
		goto nomem;
	if (d != NULL) {
		free(d->value);
		d->value = copy;
		return;
	}
	defs = realloc(r->defs, (r->ndefs + 1) * sizeof(*defs));
	if (defs == NULL)
		goto nomem;
	r->defs = defs;
	d = &defs[r->ndefs];
	d->name = strndup(name, len);
	if (d->name == NULL)
		goto nomem;
	d->name_len = len;
	d->value = copy;
	r->ndefs++;
	return;
nomem:
	free(copy);
	cfg_error(r, "out of memory defining $%.*s", (int)len, name);
}

/* The value of a parameter: the user's first, then keepalived's predefined
 * ones (which the user may override). NULL if not defined. */
static const char *
def_value(struct cfg_reader *r, const char *name, size_t len)
{
	struct cfg_def *d = def_find(r, name, len);
	struct cfg_source *s = r->src;

#define IS(lit) (len == sizeof(lit) - 1 && memcmp(name, lit, len) == 0)
	if (d != NULL)
		return d->value;
	if (IS("_INSTANCE"))
		return r->config_id;
	if (IS("_HASH"))
		return "#";
	if (IS("_BANG"))
		return "!";
	if (IS("_PWD")) {
		if (s->abs_dir == NULL)
			s->abs_dir = realpath(s->dir, NULL);
		return s->abs_dir != NULL ? s->abs_dir : s->dir;
	}
	if (IS("_RANDOM"))
		cfg_warn(r, "${_RANDOM} is not supported");
#undef IS
	return NULL;
}

/* "$NAME=value" at the start of a line defines NAME; returns false if the
 * line is not a definition. There is no space before '=' (keepalived). */
static bool
def_line(struct cfg_reader *r, char *line)
{
	char *p = line + 1, *value;
	size_t len;

	if (line[0] != '$' || !is_name_start(*p))
		return false;
	while (is_name_char(*p))
		p++;
	if (*p != '=')
		return false;
	len = (size_t)(p - (line + 1));
	value = p + 1 + strspn(p + 1, " \t");
	if (*value != '\0' && value[strlen(value) - 1] == '\\') {
		cfg_warn(r, "multi-line definition of $%.*s is not supported, ignored",
			 (int)len, line + 1);
		r->in_multiline_def = true;
		return true;
	}
	def_set(r, line + 1, len, value);
	return true;
}

/*
 * Length of the parameter reference at p ('$'), 0 if there is none. As in
 * keepalived, $NAME counts only when followed by a space, ',', ')' or the line
 * end; ${NAME} counts anywhere. '{' and '}' also end $NAME here.
 */
static size_t
ref_parse(const char *p, const char **name, size_t *name_len)
{
	const char *q = p + 1;
	bool braced = *q == '{';

	if (braced)
		q++;
	*name = q;
	if (!is_name_start(*q))
		return 0;
	while (is_name_char(*q))
		q++;
	*name_len = (size_t)(q - *name);
	if (braced)
		return *q == '}' ? (size_t)(q + 1 - p) : 0;
	if (*q != '\0' && strchr(" \t,){}", *q) == NULL)
		return 0;
	return (size_t)(q - p);
}

static int
exp_reserve(struct cfg_source *s, int slot, size_t size)
{
	char *p;

	if (s->exp_cap[slot] >= size)
		return 0;
	if (size < 256)
		size = 256;
	p = realloc(s->exp[slot], size);
	if (p == NULL)
		return -1;
	s->exp[slot] = p;
	s->exp_cap[slot] = size;
	return 0;
}

/*
 * Replace parameter references. The replacement is scanned again, so values
 * may refer to other parameters (keepalived resolves them at use, not at
 * definition). Returns line itself when nothing was replaced, the expanded
 * copy, or NULL after an error.
 */
static char *
line_expand(struct cfg_reader *r, char *line)
{
	struct cfg_source *s = r->src;
	int slot = s->exp_pending == 0 ? 1 : 0, count = 0;
	size_t used = strlen(line), pos, ref_len, name_len, val_len;
	const char *name, *val;
	char *buf, *p;

	if (strchr(line, '$') == NULL)
		return line;
	if (exp_reserve(s, slot, used + 1) < 0)
		goto nomem;
	buf = s->exp[slot];
	memcpy(buf, line, used + 1);
	pos = 0;
	while ((p = strchr(buf + pos, '$')) != NULL) {
		pos = (size_t)(p - buf);
		ref_len = ref_parse(p, &name, &name_len);
		if (ref_len == 0 || (val = def_value(r, name, name_len)) == NULL) {
			if (ref_len != 0 && !(name_len == 7 && memcmp(name, "_RANDOM", 7) == 0))
				cfg_warn(r, "parameter $%.*s is not defined, left as is",
					 (int)name_len, name);
			pos++;
			continue;
		}
		val_len = strlen(val);
		if (++count > CFG_MAX_SUBSTITUTIONS || used - ref_len + val_len >= CFG_MAX_EXPANDED) {
			cfg_error(r, "parameter substitution does not end (recursive definition?)");
			return NULL;
		}
		if (exp_reserve(s, slot, used - ref_len + val_len + 1) < 0)
			goto nomem;
		buf = s->exp[slot];
		memmove(buf + pos + val_len, buf + pos + ref_len, used - pos - ref_len + 1);
		memcpy(buf + pos, val, val_len);
		used = used - ref_len + val_len;
	}
	if (count == 0)
		return line;
	s->exp_cur = slot;
	return buf;
nomem:
	cfg_error(r, "out of memory expanding parameters");
	return NULL;
}

/* Lines: comments, @id ---------------------------------------------------- */

/*
 * Cut the comment ('!' or '#' outside double quotes, not escaped by '\'),
 * then leading and trailing white space. Returns the start of what is left.
 */
static char *
line_decomment(char *line)
{
	char *p = line + strspn(line, CFG_SPACE), *q;
	bool quote = false;

	for (q = p; *q != '\0'; q++) {
		if (*q == '\\') {
			if (q[1] != '\0')
				q++;
		} else if (*q == '"') {
			quote = !quote;
		} else if (!quote && (*q == '#' || *q == '!')) {
			*q = '\0';
			break;
		}
	}
	while (q > p && strchr(CFG_SPACE, q[-1]) != NULL)
		q--;
	*q = '\0';
	return p;
}

/* Strip "@id " / "@^id " prefixes; NULL if the line is not for this node. */
static char *
line_conditional(struct cfg_reader *r, char *line)
{
	while (line[0] == '@') {
		bool negate = line[1] == '^';
		char *id = line + (negate ? 2 : 1);
		size_t id_len = strcspn(id, " \t");
		bool match;

		/* keepalived drops an "@id" with nothing after it */
		if (id[id_len] == '\0')
			return NULL;
		match = id_len == strlen(r->config_id) && memcmp(id, r->config_id, id_len) == 0;
		if (match == negate)
			return NULL;
		line = id + id_len + strspn(id + id_len, " \t");
	}
	return line;
}

/* Tokens ------------------------------------------------------------------ */

struct cfg_lexer {
	char *pos;
	char stash;		/* a brace that ended the previous word */
	bool braces;		/* '{' and '}' are tokens */
	bool open_quote;
};

/*
 * Next token of the line; words are unquoted in place. A word runs to white
 * space outside quotes, so a"b c"d is one word (keepalived). In quotes, \"
 * is a quote; outside, \# \! \" \{ \} are those characters. Other escapes
 * stay as written: script strings are split again by their users.
 */
static int
lex_next(struct cfg_lexer *lx, char **word)
{
	char *rd, *wr, c;
	bool quote = false;

	if (lx->stash != '\0') {
		c = lx->stash;
		lx->stash = '\0';
		return c == '{' ? TOK_OPEN : TOK_CLOSE;
	}
	rd = lx->pos + strspn(lx->pos, CFG_SPACE);
	if (*rd == '\0' || (lx->braces && (*rd == '{' || *rd == '}'))) {
		lx->pos = *rd == '\0' ? rd : rd + 1;
		return *rd == '\0' ? TOK_END : *rd == '{' ? TOK_OPEN : TOK_CLOSE;
	}
	*word = wr = rd;
	while ((c = *rd) != '\0') {
		if (c == '"') {
			quote = !quote;
			rd++;
		} else if (c == '\\' && rd[1] != '\0') {
			if (rd[1] == '"' || (!quote && strchr("#!{}", rd[1]) != NULL)) {
				rd++;
			} else {
				*wr++ = *rd++;
			}
			*wr++ = *rd++;
		} else if (quote) {
			*wr++ = *rd++;
		} else if (strchr(CFG_SPACE, c) != NULL) {
			rd++;
			break;
		} else if (c == '$' && rd[1] == '{' && strchr(rd, '}') != NULL) {
			/* an undefined ${NAME} stays one word */
			const char *name;
			size_t name_len, n = ref_parse(rd, &name, &name_len);

			if (n == 0)
				n = 1;
			memmove(wr, rd, n);
			wr += n;
			rd += n;
		} else if (lx->braces && (c == '{' || c == '}')) {
			lx->stash = c;
			rd++;
			break;
		} else {
			*wr++ = *rd++;
		}
	}
	if (quote)
		lx->open_quote = true;
	*wr = '\0';
	lx->pos = rd;
	return TOK_WORD;
}

/* Blocks and dispatch ----------------------------------------------------- */

static const struct cfg_keyword *
kw_find(const struct cfg_keyword *table, const char *name)
{
	if (table == NULL)
		return NULL;
	for (; table->name != NULL; table++)
		if (table->name[0] == name[0] && strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

static bool
kw_is_block(const struct cfg_keyword *kw)
{
	return kw->open != NULL || kw->sub != NULL || kw->item != NULL || kw->close != NULL;
}

/* Call a handler; a failure it did not explain still counts as an error. */
static void
call_line_fn(struct cfg_reader *r, cfg_line_fn fn, struct cfg_stmt *st, void *obj)
{
	int before = r->errors;

	if (fn(r, st->argc, st->argv, obj) < 0 && r->errors == before)
		cfg_error(r, "%s: invalid", st->argv[0]);
}

static void
frame_skip(struct cfg_reader *r, const char *name)
{
	struct cfg_frame *f = &r->frames[++r->depth];

	memset(f, 0, sizeof(*f));
	snprintf(f->skip_name, sizeof(f->skip_name), "%s", name);
	f->name = f->skip_name;
	f->src = r->src;
	f->line = r->line;
	f->skip = 1;
}

static void
block_open(struct cfg_reader *r, struct cfg_stmt *st)
{
	struct cfg_frame *f = &r->frames[r->depth];
	const struct cfg_keyword *kw = kw_find(f->sub, st->argv[0]);
	void *obj = f->obj;
	int before = r->errors + r->warnings;

	if (kw == NULL) {
		if (f->item != NULL)
			cfg_error(r, "'%s' does not take a block", st->argv[0]);
		else
			cfg_warn(r, "unknown keyword '%s'", st->argv[0]);
		frame_skip(r, st->argv[0]);
		return;
	}
	if (!kw_is_block(kw)) {
		/* an entry with no handler is a keyword accepted and ignored */
		if (kw->handler != NULL)
			cfg_error(r, "'%s' does not take a block, block ignored", st->argv[0]);
		frame_skip(r, st->argv[0]);
		return;
	}
	if (r->depth > CFG_MAX_NESTING - 1) {
		cfg_error(r, "blocks nested deeper than %d, '%s' ignored", CFG_MAX_NESTING,
			  st->argv[0]);
		frame_skip(r, st->argv[0]);
		return;
	}
	if (kw->open != NULL) {
		obj = kw->open(r, st->argc, st->argv, f->obj);
		if (obj == NULL) {
			if (r->errors + r->warnings == before)
				cfg_error(r, "%s: block ignored", st->argv[0]);
			frame_skip(r, st->argv[0]);
			return;
		}
	}
	f = &r->frames[++r->depth];
	f->name = kw->name;
	f->sub = kw->sub;
	f->item = kw->item;
	f->close = kw->close;
	f->obj = obj;
	f->src = r->src;
	f->line = r->line;
	f->skip = 0;
}

static void
block_close(struct cfg_reader *r)
{
	struct cfg_frame *f = &r->frames[r->depth];
	int before = r->errors;

	/* a block opened in another file cannot be closed from this one */
	if (r->depth == 0 || f->src != r->src) {
		cfg_error(r, "extra '}'");
		return;
	}
	r->depth--;
	if (f->close != NULL && f->close(r, f->obj) < 0 && r->errors == before)
		cfg_error(r, "%s: invalid block", f->name);
}

static void
line_dispatch(struct cfg_reader *r, struct cfg_stmt *st)
{
	struct cfg_frame *f = &r->frames[r->depth];
	const struct cfg_keyword *kw = kw_find(f->sub, st->argv[0]);

	if (kw != NULL) {
		if (kw->handler != NULL)
			call_line_fn(r, kw->handler, st, f->obj);
		else if (kw_is_block(kw))
			cfg_error(r, "'%s' needs a block: '{' missing", st->argv[0]);
	} else if (f->item != NULL) {
		call_line_fn(r, f->item, st, f->obj);
	} else {
		cfg_warn(r, "unknown keyword '%s'", st->argv[0]);
	}
}

/* Includes ---------------------------------------------------------------- */

/* include and keepalived's variants includer, includem, ... */
static bool
is_include(const char *word, size_t len)
{
	return strncmp(word, "include", 7) == 0 &&
	       (len == 7 || (len == 8 && strchr("rmwba", word[7]) != NULL));
}

static int
read_all(int fd, char **text, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	ssize_t got;
	char *buf = NULL, *p;

	if (fstat(fd, &st) < 0)
		return -1;
	/* one more than the size, so that EOF is seen without growing */
	cap = (size_t)(st.st_size > 0 ? st.st_size : 0) + 2;
	for (;;) {
		if (buf == NULL || n + 1 >= cap) {
			if (buf != NULL)
				cap *= 2;
			if (cap > CFG_MAX_FILE_SIZE + 2) {
				errno = EFBIG;
				goto fail;
			}
			if ((p = realloc(buf, cap)) == NULL)
				goto fail;
			buf = p;
		}
		got = read(fd, buf + n, cap - 1 - n);
		if (got == 0)
			break;
		if (got < 0 && errno != EINTR)
			goto fail;
		n += got > 0 ? (size_t)got : 0;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	return -1;
}

/* Fill s from the open fd (closed here). */
static int
source_init(struct cfg_source *s, const char *name, int fd)
{
	const char *slash = strrchr(name, '/');
	struct stat st;
	size_t len = 0;

	memset(s, 0, sizeof(*s));
	s->exp_cur = s->exp_pending = -1;
	if (fd >= 0) {
		if (fstat(fd, &st) == 0) {
			s->has_id = true;
			s->dev = st.st_dev;
			s->ino = st.st_ino;
		}
		if (read_all(fd, &s->text, &len) < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		close(fd);
	}
	s->name = strdup(name);
	if (slash == NULL)
		s->dir = strdup(".");
	else
		s->dir = strndup(name, slash == name ? 1 : (size_t)(slash - name));
	if (s->name == NULL || s->dir == NULL)
		return -1;
	if (s->text != NULL) {
		s->next = s->text;
		s->end = s->text + len;
	}
	return 0;
}

static void
source_free(struct cfg_source *s)
{
	free(s->name);
	free(s->dir);
	free(s->abs_dir);
	free(s->text);
	free(s->exp[0]);
	free(s->exp[1]);
}

static void
include_file(struct cfg_reader *r, const char *path, bool strict)
{
	struct cfg_source child;
	struct stat st;
	int fd;

	if (r->src_depth >= CFG_MAX_INCLUDES) {
		cfg_error(r, "include '%s': files included deeper than %d", path, CFG_MAX_INCLUDES);
		return;
	}
	/* O_NONBLOCK: a FIFO matched by mistake must not hang the reader */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		cfg_include_problem(r, strict, "include '%s': %s", path, strerror(errno));
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		cfg_include_problem(r, strict, "include '%s': not a regular file", path);
		close(fd);
		return;
	}
	for (const struct cfg_source *s = r->src; s != NULL; s = s->parent) {
		if (s->has_id && s->dev == st.st_dev && s->ino == st.st_ino) {
			cfg_error(r, "include loop: '%s' is already being read", path);
			close(fd);
			return;
		}
	}
	if (source_init(&child, path, fd) < 0) {
		cfg_error(r, "include '%s': %s", path, strerror(errno));
		source_free(&child);
		return;
	}
	child.parent = r->src;
	r->src = &child;
	r->src_depth++;
	source_run(r, &child);
	r->src_depth--;
	r->src = child.parent;
	source_free(&child);
}

/*
 * include GLOB, relative to the including file's directory. The variants
 * (includer, includem, ...) make a pattern matching nothing an error, except
 * includer, which only checks readability.
 */
static void
include_stmt(struct cfg_reader *r, struct cfg_stmt *st)
{
	const char *kw = st->argv[0], *pattern = st->argv[1];
	bool strict = kw[7] != '\0' && kw[7] != 'r';
	char path[PATH_MAX];
	glob_t g;
	int rc;

	if (st->argc != 2) {
		cfg_error(r, "%s: expected one file name or pattern", kw);
		return;
	}
	if (pattern[0] == '/' || strcmp(r->src->dir, ".") == 0)
		rc = snprintf(path, sizeof(path), "%s", pattern);
	else
		rc = snprintf(path, sizeof(path), "%s/%s", r->src->dir, pattern);
	if (rc < 0 || (size_t)rc >= sizeof(path)) {
		cfg_error(r, "%s: path too long", kw);
		return;
	}
	rc = glob(path, GLOB_MARK | GLOB_BRACE, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		cfg_include_problem(r, strict, "include '%s': no file matches", path);
	} else if (rc != 0) {
		cfg_error(r, "include '%s': cannot search (glob error %d)", path, rc);
	} else {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			size_t len = strlen(g.gl_pathv[i]);

			if (len > 0 && g.gl_pathv[i][len - 1] != '/')
				include_file(r, g.gl_pathv[i], strict);
		}
	}
	globfree(&g);
}

/* Statements -------------------------------------------------------------- */

static void
stmt_dispatch(struct cfg_reader *r, struct cfg_stmt *st, bool opens_block)
{
	int saved_line = r->line;

	r->line = st->line;
	if (st->extra > 0) {
		cfg_error(r, "%s: more than %d words", st->argv[0], CFG_MAX_ARGS);
		if (opens_block)
			frame_skip(r, st->argv[0]);
	} else if (is_include(st->argv[0], strlen(st->argv[0]))) {
		if (opens_block) {
			cfg_error(r, "'%s' does not take a block, block ignored", st->argv[0]);
			frame_skip(r, st->argv[0]);
		} else {
			include_stmt(r, st);
		}
	} else if (opens_block) {
		block_open(r, st);
	} else {
		line_dispatch(r, st);
	}
	r->line = saved_line;
}

/* The next token is not '{': the pending statement is a simple line. */
static void
pending_flush(struct cfg_reader *r)
{
	if (!r->has_pending)
		return;
	r->has_pending = false;
	r->src->exp_pending = -1;
	stmt_dispatch(r, &r->pending, false);
}

static void
stmt_end(struct cfg_reader *r, struct cfg_stmt *st, int tok)
{
	struct cfg_frame *f = &r->frames[r->depth];

	if (f->skip > 0) {
		if (tok == TOK_OPEN)
			f->skip++;
		else if (tok == TOK_CLOSE && --f->skip == 0)
			r->depth--;
		return;
	}
	if (st->argc == 0) {
		if (tok == TOK_OPEN && r->has_pending) {
			r->has_pending = false;
			r->src->exp_pending = -1;
			stmt_dispatch(r, &r->pending, true);
		} else if (tok == TOK_OPEN) {
			cfg_error(r, "unexpected '{', block ignored");
			frame_skip(r, "{");
		} else if (tok == TOK_CLOSE) {
			pending_flush(r);
			block_close(r);
		}
		return;
	}
	pending_flush(r);
	if (tok == TOK_END && !is_include(st->argv[0], strlen(st->argv[0]))) {
		r->pending.argc = st->argc;
		r->pending.extra = st->extra;
		r->pending.line = st->line;
		memcpy(r->pending.argv, st->argv, (size_t)(st->argc + 1) * sizeof(st->argv[0]));
		r->has_pending = true;
		r->src->exp_pending = r->src->exp_cur;
		return;
	}
	stmt_dispatch(r, st, tok == TOK_OPEN);
	if (tok == TOK_CLOSE)
		block_close(r);
}

/* Cut a line into statements; braces == false for an include line, whose
 * pattern may hold csh-style {a,b} alternatives. */
static void
line_statements(struct cfg_reader *r, char *line, bool braces)
{
	struct cfg_lexer lx = { line, '\0', braces, false };
	struct cfg_stmt *st = &r->stmt;
	char *word = NULL;
	int tok;

	st->argc = st->extra = 0;
	st->line = r->line;
	for (;;) {
		tok = lex_next(&lx, &word);
		if (tok == TOK_WORD) {
			if (st->argc < CFG_MAX_ARGS)
				st->argv[st->argc++] = word;
			else
				st->extra++;
			continue;
		}
		if (tok == TOK_END && lx.open_quote)
			cfg_error(r, "unterminated quoted string");
		st->argv[st->argc] = NULL;
		stmt_end(r, st, tok);
		if (tok == TOK_END)
			break;
		/* an include may have run: r->stmt is ours again */
		st->argc = st->extra = 0;
		st->line = r->line;
	}
}

static void
line_process(struct cfg_reader *r, char *raw)
{
	char *line = line_decomment(raw), *expanded;

	if (r->in_multiline_def) {
		if (*line == '\0' || line[strlen(line) - 1] != '\\')
			r->in_multiline_def = false;
		return;
	}
	r->src->exp_cur = -1;
	if ((line = line_conditional(r, line)) == NULL || def_line(r, line))
		return;
	if (line[0] == '~') {
		cfg_warn(r, "'%.*s' lines are not supported, ignored", (int)strcspn(line, "( \t"),
			 line);
		return;
	}
	if ((expanded = line_expand(r, line)) == NULL)
		return;
	if (expanded != line) {
		/* a value may start with "@id" or be a definition (keepalived) */
		line = expanded + strspn(expanded, CFG_SPACE);
		if ((line = line_conditional(r, line)) == NULL || def_line(r, line))
			return;
	}
	line_statements(r, line, !is_include(line, strcspn(line, CFG_SPACE)));
}

static void
source_run(struct cfg_reader *r, struct cfg_source *s)
{
	while (s->next != NULL && s->next < s->end) {
		char *line = s->next, *nl = memchr(line, '\n', (size_t)(s->end - line));

		if (nl != NULL) {
			*nl = '\0';
			s->next = nl + 1;
		} else {
			s->next = s->end;
		}
		r->line = ++s->line;
		line_process(r, line);
	}
	pending_flush(r);
	r->in_multiline_def = false;
	while (r->depth > 0 && r->frames[r->depth].src == s) {
		struct cfg_frame *f = &r->frames[r->depth];

		r->line = f->line;
		cfg_error(r, "block '%s' is not closed at the end of the file", f->name);
		r->depth--;
		r->line = s->line;
		/* close() still runs: open() may have handed out what it frees */
		if (f->skip == 0 && f->close != NULL)
			(void)f->close(r, f->obj);
	}
}

/* Entry points ------------------------------------------------------------ */

static void
reader_init(struct cfg_reader *r, const char *name, const struct cfg_keyword *top,
	    void *top_obj, const struct cfg_options *opts)
{
	struct utsname u;

	memset(r, 0, sizeof(*r));
	r->top_name = name;
	r->include_missing_is_error = opts != NULL && opts->include_missing_is_error;
	if (opts != NULL && opts->config_id != NULL) {
		r->config_id = opts->config_id;
	} else {
		/* keepalived: the node name up to its first '.' */
		if (uname(&u) == 0)
			snprintf(r->id_buf, sizeof(r->id_buf), "%.*s",
				 (int)strcspn(u.nodename, "."), u.nodename);
		r->config_id = r->id_buf;
	}
	r->frames[0].name = "";
	r->frames[0].sub = top;
	r->frames[0].obj = top_obj;
}

static int
reader_run(struct cfg_reader *r, struct cfg_source *s)
{
	r->src = s;
	r->src_depth = 1;
	source_run(r, s);
	r->src = NULL;
	source_free(s);
	for (size_t i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].value);
	}
	free(r->defs);
	return r->errors;
}

int
cfg_read_file(const char *path, const struct cfg_keyword *top, void *top_obj,
	      const struct cfg_options *opts)
{
	struct cfg_reader r;
	struct cfg_source s;
	struct stat st;
	int fd;

	reader_init(&r, path, top, top_obj, opts);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
		errno = EINVAL;
	}
	if (fd < 0 || source_init(&s, path, fd) < 0) {
		log_error("cannot read configuration file %s: %s", path,
			  errno == EINVAL ? "not a regular file" : strerror(errno));
		if (fd >= 0)
			source_free(&s);
		return -1;
	}
	return reader_run(&r, &s);
}

int
cfg_read_string(const char *name, const char *text, const struct cfg_keyword *top,
		void *top_obj, const struct cfg_options *opts)
{
	struct cfg_reader r;
	struct cfg_source s;
	struct stat st;
	size_t len = strlen(text);

	if (name == NULL)
		name = "(string)";
	reader_init(&r, name, top, top_obj, opts);
	if (source_init(&s, name, -1) < 0 || (s.text = malloc(len + 1)) == NULL) {
		log_error("%s: out of memory", name);
		source_free(&s);
		return -1;
	}
	memcpy(s.text, text, len + 1);
	s.next = s.text;
	s.end = s.text + len;
	/* if name is a real file, an include of it is a loop */
	if (stat(name, &st) == 0) {
		s.has_id = true;
		s.dev = st.st_dev;
		s.ino = st.st_ino;
	}
	return reader_run(&r, &s);
}

/* Value helpers ----------------------------------------------------------- */

/* Decimal digits at *p into *v; -1: none, -2: overflow. */
static int
parse_digits(const char **p, uint64_t *v, unsigned *ndigits)
{
	const char *s = *p;

	*v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*v > (UINT64_MAX - d) / 10)
			return -2;
		*v = *v * 10 + d;
	}
	if (ndigits != NULL)
		*ndigits = (unsigned)(s - *p);
	if (s == *p)
		return -1;
	*p = s;
	return 0;
}

int
cfg_parse_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
	       uint64_t *out)
{
	const char *p = s + (s[0] == '-' ? 1 : 0);
	uint64_t v;
	int rc = parse_digits(&p, &v, NULL);

	if ((rc == -1 || *p != '\0') && rc != -2) {
		cfg_error(r, "%s: '%s' is not a number", kw, s);
		return -1;
	}
	if (rc == -2 || s[0] == '-' || v < min || v > max) {
		cfg_error(r, "%s: '%s' is out of range %" PRIu64 "..%" PRIu64, kw, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
cfg_parse_int(struct cfg_reader *r, const char *kw, const char *s, int64_t min, int64_t max,
	      int64_t *out)
{
	bool neg = s[0] == '-';
	const char *p = s + (s[0] == '-' || s[0] == '+' ? 1 : 0);
	uint64_t mag;
	int64_t v = 0;
	int rc = parse_digits(&p, &mag, NULL);

	if ((rc == -1 || *p != '\0') && rc != -2) {
		cfg_error(r, "%s: '%s' is not a number", kw, s);
		return -1;
	}
	if (rc == 0 && !neg && mag <= INT64_MAX)
		v = (int64_t)mag;
	else if (rc == 0 && neg && mag <= (uint64_t)INT64_MAX + 1)
		v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	else
		rc = -2;
	if (rc == -2 || v < min || v > max) {
		cfg_error(r, "%s: '%s' is out of range %" PRId64 "..%" PRId64, kw, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* v scaled by 10^decimals, written as a decimal number. */
static const char *
fixed_format(char *buf, size_t size, uint64_t v, unsigned decimals, uint64_t scale)
{
	if (decimals == 0)
		snprintf(buf, size, "%" PRIu64, v);
	else
		snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, v / scale, (int)decimals, v % scale);
	return buf;
}

int
cfg_parse_fixed(struct cfg_reader *r, const char *kw, const char *s, unsigned decimals,
		uint64_t min, uint64_t max, uint64_t *out)
{
	const char *p = s + (s[0] == '-' ? 1 : 0);
	uint64_t ip = 0, frac = 0, scale = 1, v;
	unsigned ndig = 0, fdig = 0;
	char lo[32], hi[32];
	int rc;

	if (decimals > 19)
		decimals = 19;	/* 10^19 is the largest power of ten in 64 bits */
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	rc = parse_digits(&p, &ip, &ndig);
	if (rc == -1)
		rc = 0;
	if (rc == 0 && *p == '.') {
		p++;
		rc = parse_digits(&p, &frac, &fdig);
		if (rc == -1)
			rc = 0;
	}
	if (rc == 0 && (*p != '\0' || ndig + fdig == 0)) {
		cfg_error(r, "%s: '%s' is not a number", kw, s);
		return -1;
	}
	if (rc == 0 && fdig > decimals) {
		cfg_error(r, "%s: '%s' has more than %u decimal places", kw, s, decimals);
		return -1;
	}
	for (unsigned i = fdig; i < decimals; i++)
		frac *= 10;
	if (rc == 0 && ip > (UINT64_MAX - frac) / scale)
		rc = -2;
	v = rc == 0 ? ip * scale + frac : 0;
	if (rc == -2 || s[0] == '-' || v < min || v > max) {
		cfg_error(r, "%s: '%s' is out of range %s..%s", kw, s,
			  fixed_format(lo, sizeof(lo), min, decimals, scale),
			  fixed_format(hi, sizeof(hi), max, decimals, scale));
		return -1;
	}
	*out = v;
	return 0;
}

int
cfg_parse_bool(struct cfg_reader *r, const char *kw, const char *s, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", "1" };
	static const char *const no[] = { "off", "false", "no", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
			*out = strcasecmp(s, yes[i]) == 0;
			return 0;
		}
	}
	cfg_error(r, "%s: '%s' is not a boolean (on/off, true/false, yes/no)", kw, s);
	return -1;
}

int
cfg_check_argc(struct cfg_reader *r, int argc, char *argv[], int min, int max)
{
	int n = argc - 1;

	if (n < min) {
		cfg_error(r, "%s: missing argument (expected at least %d, got %d)", argv[0], min, n);
		return -1;
	}
	if (max >= 0 && n > max) {
		cfg_error(r, "%s: unexpected argument '%s' (expected at most %d)", argv[0],
			  argv[max + 1], max);
		return -1;
	}
	return 0;
}
