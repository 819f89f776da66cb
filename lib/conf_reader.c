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
 *
 * Parameters and their substitution are in conf_params.c, reading files and
 * the include statement in conf_include.c, the value helpers for handlers in
 * conf_values.c; conf_reader_priv.h is what they share.
 */
#include "config.h"

#include "conf_reader_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define CFG_SPACE " \t\r\n\f\v"

enum {
	TOK_END,
	TOK_WORD,
	TOK_OPEN,
	TOK_CLOSE
};

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

void
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

/* Lines: comments, @id ---------------------------------------------------- */

/* Whether line ends with a backslash that no other one escapes. */
static bool
line_continues(const char *line)
{
	for (const char *q = line; *q != '\0'; q++)
		if (*q == '\\' && *++q == '\0')
			return true;
	return false;
}

/*
 * Cut the comment ('!' or '#' outside double quotes, not escaped by '\'),
 * then leading and trailing white space. Returns the start of what is left.
 * With defs, a backslash that ends the line, even in the comment, stays at
 * its end, as keepalived keeps it: it continues a multi-line definition.
 * (On other lines keepalived would keep it too, in the last word.)
 */
static char *
line_decomment(char *line, bool defs)
{
	char *p = line + strspn(line, CFG_SPACE), *q;
	bool quote = false, cont = false;

	for (q = p; *q != '\0'; q++) {
		if (*q == '\\') {
			if (q[1] != '\0')
				q++;
		} else if (*q == '"') {
			quote = !quote;
		} else if (!quote && (*q == '#' || *q == '!')) {
			cont = defs && line_continues(q);
			*q = '\0';
			break;
		}
	}
	while (q > p && strchr(CFG_SPACE, q[-1]) != NULL)
		q--;
	/* The comment held at least its mark and the backslash: there is room. */
	if (cont)
		*q++ = '\\';
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
	char stash;  /* a brace that ended the previous word */
	bool braces; /* '{' and '}' are tokens */
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
			size_t name_len, n = cfg_ref_parse(rd, &name, &name_len);

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

const char cfg_keywords_from_marker[] = "";

/*
 * Look name up in table. An entry made with CFG_KEYWORDS_FROM() stands for
 * every keyword of another table, searched in place, so that a feature can
 * keep its keywords in its own file and win over later entries of the same
 * name (such as a "not supported yet" placeholder).
 */
static const struct cfg_keyword *
kw_find(const struct cfg_keyword *table, const char *name)
{
	const struct cfg_keyword *kw;

	if (table == NULL)
		return NULL;
	for (; table->name != NULL; table++) {
		if (table->name == cfg_keywords_from_marker) {
			if ((kw = kw_find(table->sub, name)) != NULL)
				return kw;
		} else if (table->name[0] == name[0] && strcmp(table->name, name) == 0)
			return table;
	}
	return NULL;
}

static bool
kw_is_block(const struct cfg_keyword *kw)
{
	return kw->open != NULL || kw->sub != NULL || kw->item != NULL || kw->close != NULL;
}

/* Call a handler; a failure it did not explain still counts as an error. */
static int
call_line_fn(struct cfg_reader *r, cfg_line_fn fn, struct cfg_stmt *st, void *obj)
{
	int before = r->errors;
	int rc = fn(r, st->argc, st->argv, obj);

	if (rc < 0 && r->errors == before)
		cfg_error(r, "%s: invalid", st->argv[0]);
	return rc;
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
	f->no_brace = false;
}

/* A handler said CFG_BLOCK_WITHOUT_BRACE: its item block is open, with no '{'. */
static void
block_open_no_brace(struct cfg_reader *r, const struct cfg_keyword *kw, void *obj)
{
	struct cfg_frame *f;

	if (kw->item == NULL || r->depth > CFG_MAX_NESTING - 1)
		return;
	f = &r->frames[++r->depth];
	memset(f, 0, sizeof(*f));
	f->name = kw->name;
	f->item = kw->item;
	f->close = kw->close;
	f->obj = obj;
	f->src = r->src;
	f->line = r->line;
	f->no_brace = true;
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
		if (kw->handler != NULL &&
		    call_line_fn(r, kw->handler, st, f->obj) == CFG_BLOCK_WITHOUT_BRACE)
			block_open_no_brace(r, kw, f->obj);
		else if (kw->handler == NULL && kw_is_block(kw))
			cfg_error(r, "'%s' needs a block: '{' missing", st->argv[0]);
	} else if (f->item != NULL) {
		call_line_fn(r, f->item, st, f->obj);
	} else {
		cfg_warn(r, "unknown keyword '%s'", st->argv[0]);
	}
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
	} else if (cfg_is_include(st->argv[0], strlen(st->argv[0]))) {
		if (opens_block) {
			cfg_error(r, "'%s' does not take a block, block ignored", st->argv[0]);
			frame_skip(r, st->argv[0]);
		} else {
			cfg_include_stmt(r, st);
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
	r->src->exp_pending = r->src->gen_pending = -1;
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
	if (tok == TOK_OPEN && st->argc > 0) {
		/* The pending line may open a block without '{' (CFG_BLOCK_WITHOUT_BRACE). */
		pending_flush(r);
		f = &r->frames[r->depth];
	}
	if (f->no_brace && tok == TOK_OPEN) {
		/* The block has no '{' of its own: this one is an item. */
		static char open_word[] = "{";
		char *argv[2] = { open_word, NULL };
		int before = r->errors;

		pending_flush(r);
		if (st->argc > 0)
			stmt_dispatch(r, st, false);
		if (f->item(r, 1, argv, f->obj) < 0 && r->errors == before)
			cfg_error(r, "{: invalid");
		return;
	}
	if (st->argc == 0) {
		if (tok == TOK_OPEN && r->has_pending) {
			r->has_pending = false;
			r->src->exp_pending = r->src->gen_pending = -1;
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
	if (tok == TOK_END && !cfg_is_include(st->argv[0], strlen(st->argv[0]))) {
		r->pending.argc = st->argc;
		r->pending.extra = st->extra;
		r->pending.line = st->line;
		memcpy(r->pending.argv, st->argv, (size_t)(st->argc + 1) * sizeof(st->argv[0]));
		r->has_pending = true;
		r->src->exp_pending = r->src->exp_cur;
		r->src->gen_pending = r->src->gen_cur;
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

/* One line without its comment, from the file or a generator (gen_slot). */
static void
line_handle(struct cfg_reader *r, char *line, int gen_slot)
{
	char *expanded;

	if (r->in_multiline_def) {
		cfg_def_continue(r, line);
		return;
	}
	r->src->exp_cur = -1;
	r->src->gen_cur = gen_slot;
	if ((line = line_conditional(r, line)) == NULL || cfg_def_line(r, line) ||
	    cfg_gen_line(r, line))
		return;
	if ((expanded = cfg_line_expand(r, line)) == NULL)
		return;
	if (gen_slot >= 0 && expanded != line)
		r->gen_bytes += strlen(expanded); /* counted against the generators' limit */
	if (expanded != line) {
		/* a value may start with "@id", be a definition or a ~SEQ (keepalived) */
		line = expanded + strspn(expanded, CFG_SPACE);
		if ((line = line_conditional(r, line)) == NULL || cfg_def_line(r, line) ||
		    cfg_gen_line(r, line))
			return;
	}
	line_statements(r, line, !cfg_is_include(line, strcspn(line, CFG_SPACE)));
}

/* A line of the file, then every line it generates (conf_gen.c). */
static void
line_process(struct cfg_reader *r, char *raw)
{
	const char *first = raw + strspn(raw, CFG_SPACE);
	char *line;
	int slot;

	/* A definition, maybe conditional, or a line of one. */
	line_handle(r, line_decomment(raw, r->in_multiline_def || *first == '$' || *first == '@'),
		    -1);
	while ((slot = cfg_gen_next(r, &line)) >= 0)
		line_handle(r, line, slot);
}

void
cfg_source_run(struct cfg_reader *r, struct cfg_source *s)
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
reader_init(struct cfg_reader *r, const char *name, const struct cfg_keyword *top, void *top_obj,
	    const struct cfg_options *opts)
{
	struct utsname u;

	memset(r, 0, sizeof(*r));
	r->top_name = name;
	r->include_missing_is_error = opts != NULL && opts->include_missing_is_error;
	r->random_state = (uint32_t)time(NULL) ^ (uint32_t)getpid();
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

unsigned
cfg_include_check_get(const struct cfg_reader *r)
{
	return r->include_check;
}

void
cfg_include_check_set(struct cfg_reader *r, unsigned flags)
{
	r->include_check = flags & CFG_INCLUDE_CHECK_ALL;
}

void
cfg_random_seed(struct cfg_reader *r, unsigned seed)
{
	r->random_state = seed;
}

static int
reader_run(struct cfg_reader *r, struct cfg_source *s)
{
	r->src = s;
	r->src_depth = 1;
	r->load_files = 1;
	r->load_bytes = s->text != NULL ? (size_t)(s->end - s->text) : 0;
	cfg_source_run(r, s);
	r->src = NULL;
	cfg_source_free(s);
	cfg_params_free(r);
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
	if (fd < 0 || cfg_source_init(&s, path, fd) < 0) {
		log_error("cannot read configuration file %s: %s", path,
			  errno == EINVAL ? "not a regular file" : strerror(errno));
		if (fd >= 0)
			cfg_source_free(&s);
		return -1;
	}
	return reader_run(&r, &s);
}

int
cfg_read_string(const char *name, const char *text, const struct cfg_keyword *top, void *top_obj,
		const struct cfg_options *opts)
{
	struct cfg_reader r;
	struct cfg_source s;
	struct stat st;
	size_t len = strlen(text);

	if (name == NULL)
		name = "(string)";
	reader_init(&r, name, top, top_obj, opts);
	if (cfg_source_init(&s, name, -1) < 0 || (s.text = malloc(len + 1)) == NULL) {
		log_error("%s: out of memory", name);
		cfg_source_free(&s);
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
