/*
 * A strict JSON syntax checker for the tests (RFC 8259): objects, arrays,
 * strings with their escapes and no raw control characters, numbers in
 * JSON's grammar, true/false/null. json_valid() says whether the whole text
 * is one JSON value (surrounding whitespace allowed) and, if not, where the
 * first error is.
 */
#ifndef JSON_CHECK_H
#define JSON_CHECK_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct json_check {
	const char *p;
	int depth;
};

static bool json_check_value(struct json_check *j);

static inline void
json_check_ws(struct json_check *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static inline bool
json_check_string(struct json_check *j)
{
	if (*j->p != '"')
		return false;
	for (j->p++; *j->p != '"'; j->p++) {
		if ((unsigned char)*j->p < 0x20)
			return false;
		if (*j->p != '\\')
			continue;
		j->p++;
		if (*j->p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!isxdigit((unsigned char)j->p[i]))
					return false;
			j->p += 4;
		} else if (strchr("\"\\/bfnrt", *j->p) == NULL || *j->p == '\0') {
			return false;
		}
	}
	j->p++;
	return true;
}

static inline bool
json_check_digits(struct json_check *j)
{
	if (!isdigit((unsigned char)*j->p))
		return false;
	while (isdigit((unsigned char)*j->p))
		j->p++;
	return true;
}

static inline bool
json_check_number(struct json_check *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (!json_check_digits(j))
		return false;
	if (*j->p == '.') {
		j->p++;
		if (!json_check_digits(j))
			return false;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!json_check_digits(j))
			return false;
	}
	return true;
}

static inline bool
json_check_word(struct json_check *j, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(j->p, w, n) != 0)
		return false;
	j->p += n;
	return true;
}

/* Object or array: open, members separated by commas, close. */
static inline bool
json_check_container(struct json_check *j, char close, bool keyed)
{
	if (++j->depth > 64)
		return false;
	j->p++;
	json_check_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		json_check_ws(j);
		if (keyed) {
			if (!json_check_string(j))
				return false;
			json_check_ws(j);
			if (*j->p++ != ':')
				return false;
		}
		if (!json_check_value(j))
			return false;
		json_check_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p != close)
			return false;
		j->p++;
		j->depth--;
		return true;
	}
}

static bool
json_check_value(struct json_check *j)
{
	json_check_ws(j);
	switch (*j->p) {
	case '{':
		return json_check_container(j, '}', true);
	case '[':
		return json_check_container(j, ']', false);
	case '"':
		return json_check_string(j);
	case 't':
		return json_check_word(j, "true");
	case 'f':
		return json_check_word(j, "false");
	case 'n':
		return json_check_word(j, "null");
	default:
		return json_check_number(j);
	}
}

/* Whether text is exactly one JSON value; *err_at (if not NULL) gets the
 * offset of the first error. */
static inline bool
json_valid(const char *text, size_t *err_at)
{
	struct json_check j = { text, 0 };
	bool ok = json_check_value(&j);

	json_check_ws(&j);
	ok = ok && *j.p == '\0';
	if (err_at != NULL)
		*err_at = (size_t)(j.p - text);
	return ok;
}

#endif
