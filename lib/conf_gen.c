/*
 * Line generators: what makes one line of the file stand for several.
 *
 *  - a multi-line parameter ($NAME= ending with a backslash, conf_params.c)
 *    used at the end of a line gives its first line in place and its other
 *    lines after it;
 *  - "~SEQ(var, start, step, end) rest" and "~SEQx(...)" give "rest" once per
 *    number, with $var set to it (in hexadecimal for ~SEQx);
 *  - "~LST(var, v1, v2, ...) rest" and "~LST({a, b}, {1, 2}, {3, 4}) rest"
 *    give "rest" once per value (set of values).
 *
 * keepalived 2.2.7 reads the lines so made as if they were in the file, at
 * once, before the next line of the file: a generated line may itself be a
 * definition, a generator or use a multi-line parameter. So the generators of
 * one file form a stack: the reader takes the next line from the top one and
 * a generator that has given its last line is popped. The order is the one of
 * nested loops, the first generator of a line varying slowest.
 *
 * Each line given is copied into one of two buffers of the file, never the
 * one that holds the words of the pending statement (see conf_reader.c).
 */
#include "config.h"

#include "conf_reader_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_MAX_DEPTH 64           /* generators active at once in one file */
#define GEN_MAX_LINES 2000000UL    /* lines generated per load */
#define GEN_MAX_BYTES (64UL << 20) /* and their bytes */
#define GEN_BLANK " \t"
#define GEN_MAX_NUMS_LEN 64 /* the numbers of ~SEQ(...) after substitution */

enum gen_kind {
	GEN_LINES, /* the other lines of a multi-line parameter */
	GEN_SEQ,
	GEN_LST,
};

struct cfg_gen {
	struct cfg_gen *below;
	enum gen_kind kind;
	char *text; /* LINES: lines separated by '\n'; SEQ, LST: the line repeated */
	size_t pos; /* LINES: start of the next line */
	/* SEQ */
	char *var;
	long next, step, last;
	bool hex;
	/* LST: nvars names, then nsets * nvars values, all in words */
	char **words;
	size_t nwords, nvars, nsets, set;
};

static void
gen_free_one(struct cfg_gen *g)
{
	for (size_t i = 0; i < g->nwords; i++)
		free(g->words[i]);
	free(g->words);
	free(g->var);
	free(g->text);
	free(g);
}

void
cfg_gen_free(struct cfg_source *s)
{
	struct cfg_gen *g;

	while ((g = s->gen) != NULL) {
		s->gen = g->below;
		gen_free_one(g);
	}
	s->gen_depth = 0;
	free(s->gen_buf[0]);
	free(s->gen_buf[1]);
	s->gen_buf[0] = s->gen_buf[1] = NULL;
	s->gen_cap[0] = s->gen_cap[1] = 0;
}

/* Put g on top of the file's stack; g is freed on failure. 0 or -1. */
static int
gen_push(struct cfg_reader *r, struct cfg_gen *g)
{
	struct cfg_source *s = r->src;

	if (s->gen_depth >= GEN_MAX_DEPTH) {
		cfg_error(r,
			  "multi-line parameters and ~SEQ/~LST nested deeper than %d "
			  "(recursive definition?)",
			  GEN_MAX_DEPTH);
		gen_free_one(g);
		return -1;
	}
	g->below = s->gen;
	s->gen = g;
	s->gen_depth++;
	return 0;
}

static void
gen_pop(struct cfg_source *s)
{
	struct cfg_gen *g = s->gen;

	s->gen = g->below;
	s->gen_depth--;
	gen_free_one(g);
}

int
cfg_gen_push_lines(struct cfg_reader *r, const char *lines)
{
	struct cfg_gen *g = calloc(1, sizeof(*g));

	if (g == NULL || (g->text = strdup(lines)) == NULL) {
		free(g);
		cfg_error(r, "out of memory expanding a multi-line parameter");
		return -1;
	}
	g->kind = GEN_LINES;
	return gen_push(r, g);
}

/* ~SEQ -------------------------------------------------------------------- */

/* The numbers of ~SEQ(var, ...): 1 to 3 of them, as keepalived reads them. */
static int
seq_numbers(const char *p, long *start, long *step, long *end)
{
	long n[3];
	int count = 0;
	char *q;

	for (;;) {
		errno = 0;
		n[count] = strtol(p, &q, 0);
		if (q == p || errno != 0)
			return -1;
		count++;
		p = q + strspn(q, GEN_BLANK);
		if (*p == '\0')
			break;
		if (*p != ',' || count == 3)
			return -1;
		p++;
	}
	if (count == 1) {
		/* (var, end): from 1 (or -1) towards end */
		*end = n[0];
		*start = *end < 0 ? -1 : 1;
		*step = *end < 1 ? -1 : 1;
	} else if (count == 2) {
		*start = n[0];
		*end = n[1];
		*step = *start <= *end ? 1 : -1;
	} else {
		*start = n[0];
		*step = n[1];
		*end = n[2];
		if (*step == 0 || (*start < *end && *step < 0) || (*start > *end && *step > 0))
			return -2;
	}
	return 0;
}

/* line starts with "~SEQ": push its generator. A bad one is warned about. */
static void
gen_seq(struct cfg_reader *r, const char *line)
{
	const char *p = line + 4, *var, *close;
	char nums[GEN_MAX_NUMS_LEN + 1], *expanded;
	size_t var_len, len;
	struct cfg_gen *g;
	bool hex = false;
	long start, step, end;
	int rc;

	if (*p == 'x') {
		hex = true;
		p++;
	}
	p += strspn(p, GEN_BLANK);
	if (*p != '(')
		goto invalid;
	p++;
	p += strspn(p, GEN_BLANK);
	var = p;
	var_len = strcspn(p, " \t,)");
	p += var_len;
	p += strspn(p, GEN_BLANK);
	close = strchr(p, ')');
	if (var_len == 0 || *p != ',' || close == NULL)
		goto invalid;
	p++;
	len = (size_t)(close - p);
	if (len > GEN_MAX_NUMS_LEN) {
		cfg_warn(r, "~SEQ parameter strings too long '%s', line ignored", line);
		return;
	}
	/* The numbers may be parameters. */
	memcpy(nums, p, len);
	nums[len] = '\0';
	expanded = cfg_line_expand(r, nums);
	if (expanded == NULL)
		return;
	rc = seq_numbers(expanded, &start, &step, &end);
	if (rc == -2) {
		cfg_warn(r, "Invalid ~SEQ values '%s', line ignored", line);
		return;
	}
	if (rc < 0)
		goto invalid;
	if (hex && (start < 0 || end < 0)) {
		cfg_warn(r, "~SEQx is only valid for positive numbers '%s', line ignored", line);
		return;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL || (g->var = strndup(var, var_len)) == NULL ||
	    (g->text = strdup(close + 1 + strspn(close + 1, GEN_BLANK))) == NULL) {
		if (g != NULL)
			gen_free_one(g);
		cfg_error(r, "out of memory reading ~SEQ");
		return;
	}
	g->kind = GEN_SEQ;
	g->hex = hex;
	g->next = start;
	g->step = step;
	g->last = end;
	gen_push(r, g);
	return;
invalid:
	cfg_warn(r, "Invalid ~SEQ specification '%s', line ignored", line);
}

/* ~LST -------------------------------------------------------------------- */

/* Append a word of len bytes at p to g->words. */
static int
lst_word(struct cfg_gen *g, size_t *cap, const char *p, size_t len)
{
	char **w;

	if (g->nwords == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		w = realloc(g->words, *cap * sizeof(*w));
		if (w == NULL)
			return -1;
		g->words = w;
	}
	g->words[g->nwords] = strndup(p, len);
	if (g->words[g->nwords] == NULL)
		return -1;
	g->nwords++;
	return 0;
}

/*
 * Parse "(names, sets) rest" at p into g: -1 bad syntax, -2 too many values
 * in a set, -3 out of memory; else the offset of rest in p.
 */
static long
lst_parse(struct cfg_gen *g, const char *p0)
{
	const char *p = p0;
	size_t cap = 0, len, k;
	bool braced;

	p += strspn(p, GEN_BLANK);
	if (*p++ != '(')
		return -1;
	p += strspn(p, GEN_BLANK);
	braced = *p == '{';
	if (braced)
		p += 1 + strspn(p + 1, GEN_BLANK);
	for (;;) {
		len = strcspn(p, " \t,})");
		if (len == 0)
			return -1;
		if (lst_word(g, &cap, p, len) < 0)
			return -3;
		p += len;
		p += strspn(p, GEN_BLANK);
		if (!braced || *p != ',')
			break;
		p += 1 + strspn(p + 1, GEN_BLANK);
	}
	if (braced) {
		if (*p != '}')
			return -1;
		p += 1 + strspn(p + 1, GEN_BLANK);
	}
	if (*p != ',')
		return -1;
	p += 1 + strspn(p + 1, GEN_BLANK);
	g->nvars = g->nwords;
	for (;;) {
		braced = *p == '{';
		if (braced)
			p += 1 + strspn(p + 1, GEN_BLANK);
		k = 0;
		for (;;) {
			len = strcspn(p, " \t,})");
			if (++k > g->nvars)
				return -2;
			if (lst_word(g, &cap, p, len) < 0)
				return -3;
			p += len;
			p += strspn(p, GEN_BLANK);
			if (!braced || *p != ',')
				break;
			p += 1 + strspn(p + 1, GEN_BLANK);
		}
		/* A set with fewer values leaves the others empty. */
		for (; k < g->nvars; k++)
			if (lst_word(g, &cap, "", 0) < 0)
				return -3;
		g->nsets++;
		if (braced) {
			if (*p != '}')
				return -1;
			p += 1 + strspn(p + 1, GEN_BLANK);
		}
		if (*p == ')')
			break;
		if (*p != ',')
			return -1;
		p += 1 + strspn(p + 1, GEN_BLANK);
	}
	p++;
	p += strspn(p, GEN_BLANK);
	return (long)(p - p0);
}

static void
gen_lst(struct cfg_reader *r, const char *line)
{
	struct cfg_gen *g = calloc(1, sizeof(*g));
	long rest;

	if (g == NULL) {
		cfg_error(r, "out of memory reading ~LST");
		return;
	}
	g->kind = GEN_LST;
	rest = lst_parse(g, line + 4);
	if (rest < 0) {
		gen_free_one(g);
		if (rest == -3)
			cfg_error(r, "out of memory reading ~LST");
		else if (rest == -2)
			cfg_warn(r, "~LST specification has too many values '%s', line ignored",
				 line);
		else
			cfg_warn(r, "Invalid ~LST specification '%s', line ignored", line);
		return;
	}
	g->text = strdup(line + 4 + rest);
	if (g->text == NULL) {
		gen_free_one(g);
		cfg_error(r, "out of memory reading ~LST");
		return;
	}
	gen_push(r, g);
}

bool
cfg_gen_line(struct cfg_reader *r, const char *line)
{
	if (strncmp(line, "~SEQ", 4) == 0)
		gen_seq(r, line);
	else if (strncmp(line, "~LST", 4) == 0)
		gen_lst(r, line);
	else
		return false;
	return true;
}

/* Taking lines -------------------------------------------------------------- */

/* Copy len bytes of text into the buffer that the pending statement does not use. */
static char *
gen_copy(struct cfg_reader *r, const char *text, size_t len, int *slot_out)
{
	struct cfg_source *s = r->src;
	int slot = s->gen_pending == 0 ? 1 : 0;
	char *p;

	if (s->gen_cap[slot] < len + 1) {
		p = realloc(s->gen_buf[slot], len + 1);
		if (p == NULL)
			return NULL;
		s->gen_buf[slot] = p;
		s->gen_cap[slot] = len + 1;
	}
	memcpy(s->gen_buf[slot], text, len);
	s->gen_buf[slot][len] = '\0';
	*slot_out = slot;
	return s->gen_buf[slot];
}

/* Set the variable(s) of the top generator and say what its line is. */
static const char *
gen_take(struct cfg_reader *r, struct cfg_gen *g, size_t *len, bool *last)
{
	char num[24];
	const char *line;
	size_t i;
	long next;

	switch (g->kind) {
	case GEN_LINES:
		line = g->text + g->pos;
		*len = strcspn(line, "\n");
		*last = line[*len] == '\0';
		g->pos += *len + 1;
		return line;
	case GEN_SEQ:
		if (g->hex)
			snprintf(num, sizeof(num), "%lx", (unsigned long)g->next);
		else
			snprintf(num, sizeof(num), "%ld", g->next);
		cfg_def_set(r, g->var, strlen(g->var), num);
		*last = __builtin_add_overflow(g->next, g->step, &next) ||
			(g->step > 0 ? next > g->last : next < g->last);
		g->next = next;
		break;
	case GEN_LST:
		for (i = 0; i < g->nvars; i++)
			cfg_def_set(r, g->words[i], strlen(g->words[i]),
				    g->words[g->nvars * (g->set + 1) + i]);
		*last = ++g->set == g->nsets;
		break;
	}
	*len = strlen(g->text);
	return g->text;
}

int
cfg_gen_next(struct cfg_reader *r, char **line)
{
	struct cfg_source *s = r->src;
	const char *text;
	size_t len = 0;
	bool last = true;
	int slot = -1;

	if (s->gen == NULL)
		return -1;
	if (r->gen_lines >= GEN_MAX_LINES || r->gen_bytes >= GEN_MAX_BYTES) {
		/* Said once per load; what comes later is cut short silently. */
		if (!r->gen_capped)
			cfg_error(r,
				  "multi-line parameters and ~SEQ/~LST made more than %lu lines or "
				  "%lu MiB; not generating more",
				  GEN_MAX_LINES, GEN_MAX_BYTES >> 20);
		r->gen_capped = true;
		while (s->gen != NULL)
			gen_pop(s);
		return -1;
	}
	text = gen_take(r, s->gen, &len, &last);
	r->gen_lines++;
	r->gen_bytes += len + 1;
	*line = gen_copy(r, text, len, &slot);
	if (last)
		gen_pop(s);
	if (*line == NULL) {
		cfg_error(r, "out of memory generating lines");
		while (s->gen != NULL)
			gen_pop(s);
		return -1;
	}
	return slot;
}
