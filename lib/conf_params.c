/*
 * Parameters: "$NAME=value" lines define them, and cfg_line_expand() replaces
 * $NAME and ${NAME} in a line with their values, scanning each value again so
 * that values may use other parameters. The expanded line is written into one
 * of the two expansion buffers of the file being read (see conf_reader.c for
 * why there are two).
 */
#include "config.h"

#include "conf_reader_priv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CFG_MAX_EXPANDED 65536     /* a line after parameter substitution */
#define CFG_MAX_SUBSTITUTIONS 1000 /* per line; stops $A=$A loops */

struct cfg_def {
	char *name;
	size_t name_len;
	char *value;    /* a multi-line one's lines are separated by '\n' */
	bool multiline; /* defined with a trailing backslash (conf_gen.c) */
};

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

static struct cfg_def *
def_set(struct cfg_reader *r, const char *name, size_t len, const char *value)
{
	struct cfg_def *d = def_find(r, name, len), *defs;
	char *copy = strdup(value);

	if (copy == NULL)
		goto nomem;
	if (d != NULL) {
		free(d->value);
		d->value = copy;
		d->multiline = false;
		return d;
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
	d->multiline = false;
	r->ndefs++;
	return d;
nomem:
	free(copy);
	cfg_error(r, "out of memory defining $%.*s", (int)len, name);
	return NULL;
}

void
cfg_def_set(struct cfg_reader *r, const char *name, size_t len, const char *value)
{
	def_set(r, name, len, value);
}

/* Length of s without a trailing backslash and the blanks before it. */
static size_t
def_strip_continuation(const char *s, size_t len)
{
	len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len;
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
#undef IS
	return NULL;
}

/* "$NAME=value" at the start of a line defines NAME; returns false if the
 * line is not a definition. There is no space before '=' (keepalived). */
bool
cfg_def_line(struct cfg_reader *r, char *line)
{
	char *p = line + 1, *value;
	struct cfg_def *d;
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
		/* A multi-line definition: the next lines, to one without '\'. */
		value[def_strip_continuation(value, strlen(value))] = '\0';
		d = def_set(r, line + 1, len, value);
		if (d != NULL) {
			d->multiline = true;
			r->in_multiline_def = true;
			r->ml_def = (size_t)(d - r->defs);
		}
		return true;
	}
	def_set(r, line + 1, len, value);
	return true;
}

void
cfg_def_continue(struct cfg_reader *r, const char *line)
{
	struct cfg_def *d = &r->defs[r->ml_def];
	size_t len = strlen(line), old = strlen(d->value);
	bool more = len > 0 && line[len - 1] == '\\';
	char *v;

	if (more)
		len = def_strip_continuation(line, len);
	else
		r->in_multiline_def = false;
	/* Blank lines are not kept; an empty line (or comment) ends it too. */
	if (len > 0) {
		v = realloc(d->value, old + len + 2);
		if (v == NULL) {
			cfg_error(r, "out of memory defining $%s", d->name);
			r->in_multiline_def = false;
			return;
		}
		if (old > 0)
			v[old++] = '\n';
		memcpy(v + old, line, len);
		v[old + len] = '\0';
		d->value = v;
	}
	if (!r->in_multiline_def && d->value[0] == '\0')
		d->multiline = false;
}

/*
 * Length of the parameter reference at p ('$'), 0 if there is none. As in
 * keepalived, $NAME counts only when followed by a space, ',', ')' or the line
 * end; ${NAME} counts anywhere. '{' and '}' also end $NAME here.
 */
size_t
cfg_ref_parse(const char *p, const char **name, size_t *name_len)
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
	if (braced && *q == ' ' && *name_len == 7 && memcmp(*name, "_RANDOM", 7) == 0) {
		/* ${_RANDOM MIN MAX}: the numbers belong to the reference */
		q += strspn(q, " 0123456789");
		return *q == '}' ? (size_t)(q + 1 - p) : 0;
	}
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
 * ${_RANDOM [MIN [MAX]]}: a number in [MIN, MAX] (default 0 and 32767) from
 * the reader's own generator, which random_seed makes repeatable. NULL if
 * the user defined _RANDOM (theirs wins) or MIN > MAX.
 */
static const char *
random_value(struct cfg_reader *r, const char *name, size_t ref_len, const char *ref)
{
	unsigned long lo = 0, hi = 32767;
	int n;

	if (def_find(r, name, 7) != NULL)
		return NULL;
	n = sscanf(name + 7, "%lu %lu", &lo, &hi);
	if (n == 1)
		hi = lo > 32767 ? lo : 32767;
	if (lo > hi || hi > UINT32_MAX || ref[ref_len - 1] != '}') {
		cfg_warn(r, "${_RANDOM}: '%.*s' is not ${_RANDOM [MIN [MAX]]}", (int)ref_len, ref);
		return NULL;
	}
	/* A 32-bit LCG (Numerical Recipes): the same seed, the same numbers. */
	r->random_state = r->random_state * 1664525u + 1013904223u;
	snprintf(r->random_buf, sizeof(r->random_buf), "%lu",
		 lo + (unsigned long)((uint64_t)r->random_state % (hi - lo + 1)));
	return r->random_buf;
}

/*
 * Replace parameter references. The replacement is scanned again, so values
 * may refer to other parameters (keepalived resolves them at use, not at
 * definition). Returns line itself when nothing was replaced, the expanded
 * copy, or NULL after an error.
 */
char *
cfg_line_expand(struct cfg_reader *r, char *line)
{
	struct cfg_source *s = r->src;
	int slot = s->exp_pending == 0 ? 1 : 0, count = 0;
	size_t used = strlen(line), pos, ref_len, name_len, val_len;
	const char *name, *val;
	struct cfg_def *d;
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
		ref_len = cfg_ref_parse(p, &name, &name_len);
		val = NULL;
		if (ref_len != 0 && p[1] == '{' && name_len == 7 && memcmp(name, "_RANDOM", 7) == 0)
			val = random_value(r, name, ref_len, p);
		if (ref_len == 0 || (val == NULL && (val = def_value(r, name, name_len)) == NULL)) {
			if (ref_len != 0 && !(name_len == 7 && memcmp(name, "_RANDOM", 7) == 0))
				cfg_warn(r, "parameter $%.*s is not defined, left as is",
					 (int)name_len, name);
			pos++;
			continue;
		}
		val_len = strlen(val);
		d = def_find(r, name, name_len);
		if (d != NULL && d->multiline && val != r->random_buf) {
			/* Only alone at the end of a line; its other lines follow it. */
			if (pos + ref_len != used) {
				cfg_warn(r,
					 "multi-line parameter $%.*s is only replaced at the end "
					 "of a line, left as is",
					 (int)name_len, name);
				pos++;
				continue;
			}
			val_len = strcspn(val, "\n");
			if (val[val_len] == '\n' && cfg_gen_push_lines(r, val + val_len + 1) < 0)
				return NULL;
		}
		if (++count > CFG_MAX_SUBSTITUTIONS ||
		    used - ref_len + val_len >= CFG_MAX_EXPANDED) {
			cfg_error(r, "parameter substitution does not end (recursive definition?)");
			return NULL;
		}
		if (exp_reserve(s, slot, used - ref_len + val_len + 1) < 0)
			goto nomem;
		buf = s->exp[slot];
		memmove(buf + pos + val_len, buf + pos + ref_len, used - pos - ref_len + 1);
		memcpy(buf + pos, val, val_len);
		used = used - ref_len + val_len;
		/* A line that now starts a generator is expanded at each of its turns. */
		p = buf + strspn(buf, " \t");
		if (strncmp(p, "~SEQ", 4) == 0 || strncmp(p, "~LST", 4) == 0)
			break;
	}
	if (count == 0)
		return line;
	s->exp_cur = slot;
	return buf;
nomem:
	cfg_error(r, "out of memory expanding parameters");
	return NULL;
}

void
cfg_params_free(struct cfg_reader *r)
{
	for (size_t i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].value);
	}
	free(r->defs);
}
