/*
 * Value helpers for keyword handlers: numbers (unsigned, signed, and decimal
 * fractions scaled to integers), booleans and argument counts. Each reports a
 * file:line error through cfg_error() naming the keyword and the bad value.
 * Digits are parsed here because strtoull() would accept leading white space
 * and turn "-1" into the largest value.
 */
#include "config.h"

#include "conf_reader.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <strings.h>

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
		decimals = 19; /* 10^19 is the largest power of ten in 64 bits */
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
		cfg_error(r, "%s: missing argument (expected at least %d, got %d)", argv[0], min,
			  n);
		return -1;
	}
	if (max >= 0 && n > max) {
		cfg_error(r, "%s: unexpected argument '%s' (expected at most %d)", argv[0],
			  argv[max + 1], max);
		return -1;
	}
	return 0;
}
