/*
 * Helpers shared by the cmocka unit tests: a log sink that keeps the lines
 * it is given, a fake clock, a reproducible random number generator,
 * temporary directories, and a way to run one test function per row of a
 * table. Everything is static, so each test program gets its own copy.
 * Include "config.h" first (nftw() needs its _GNU_SOURCE) and this after
 * <cmocka.h>.
 */
#ifndef UNIT_HELPERS_H
#define UNIT_HELPERS_H

#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "lib/log.h"

#define UNIT_NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Append the tests of the array fixed[] to tests[] from *n on. */
#define unit_add_tests(tests, n, fixed)                         \
	do {                                                    \
		memcpy(&(tests)[*(n)], (fixed), sizeof(fixed)); \
		*(n) += UNIT_NELEMS(fixed);                     \
	} while (0)

/*
 * Append one test per row of the table rows[], each row having a name
 * member: each runs fn with the row as *state, and passes or fails on its
 * own. A table of cases then reads as a table, and counts as many tests.
 */
#define unit_add_rows(tests, n, fn, rows)                                                          \
	do {                                                                                       \
		for (size_t unit_i_ = 0; unit_i_ < UNIT_NELEMS(rows); unit_i_++)                   \
			(tests)[(*(n))++] = (struct CMUnitTest){ (rows)[unit_i_].name, (fn), NULL, \
								 NULL, (void *)&(rows)[unit_i_] }; \
	} while (0)

/* Captured log lines ------------------------------------------------------- */

#define UNIT_LOG_LINES 64
#define UNIT_LOG_LINE_MAX 1100 /* more than lib/log.c writes: truncation shows */

/* Every line is counted; the first UNIT_LOG_LINES are kept. */
struct unit_log_buf {
	unsigned n;
	unsigned errors, warnings;
	int priority[UNIT_LOG_LINES];
	char line[UNIT_LOG_LINES][UNIT_LOG_LINE_MAX];
};

static struct unit_log_buf unit_log __attribute__((unused));

static inline void
unit_log_clear(void)
{
	unit_log.n = unit_log.errors = unit_log.warnings = 0;
}

static inline void
unit_log_sink(int priority, const char *line, void *arg)
{
	(void)arg;
	if (priority == LOG_ERR)
		unit_log.errors++;
	else if (priority == LOG_WARNING)
		unit_log.warnings++;
	if (unit_log.n < UNIT_LOG_LINES) {
		unit_log.priority[unit_log.n] = priority;
		snprintf(unit_log.line[unit_log.n], sizeof(unit_log.line[0]), "%s", line);
	}
	unit_log.n++;
}

/* Capture from now on, from an empty buffer, with log_debug() gated off. */
static inline void
unit_log_start(void)
{
	unit_log_clear();
	log_set_detail(false);
	log_set_sink(unit_log_sink, NULL);
}

static inline void
unit_log_stop(void)
{
	log_set_sink(NULL, NULL);
	log_set_detail(false);
}

/* Exactly these n lines, in this order, were logged since the last clear;
 * then clear. */
static inline void
unit_log_expect(unsigned n, ...)
{
	va_list ap;
	unsigned i;

	assert_int_equal(unit_log.n, n);
	assert_true(n <= UNIT_LOG_LINES);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(unit_log.line[i], va_arg(ap, const char *));
	va_end(ap);
	unit_log_clear();
}

/* Whether some kept line is exactly want; when none is, the lines are shown. */
static inline bool
unit_logged(const char *want)
{
	unsigned i;

	for (i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strcmp(unit_log.line[i], want) == 0)
			return true;
	for (i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		print_message("  logged: %s\n", unit_log.line[i]);
	print_message("  wanted: %s\n", want);
	return false;
}

/* Fake clock --------------------------------------------------------------- */

/* A clock that moves only when a test moves it: pass unit_clock_read and the
 * clock to whatever takes a clock function. */
struct unit_clock {
	uint64_t now;
};

static inline uint64_t
unit_clock_read(void *arg)
{
	return ((const struct unit_clock *)arg)->now;
}

/* Random numbers ----------------------------------------------------------- */

/* xorshift64: the same sequence on every run for a given seed, never 0. */
static inline uint64_t
unit_rng(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Files -------------------------------------------------------------------- */

/* A fresh directory /tmp/NAME.XXXXXX, its path in dir. */
static inline void
unit_tmpdir_make(char *dir, size_t size, const char *name)
{
	int n = snprintf(dir, size, "/tmp/%s.XXXXXX", name);

	assert_true(n > 0 && (size_t)n < size);
	assert_non_null(mkdtemp(dir));
}

static inline int
unit_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Remove dir and everything below it, without following symbolic links. */
static inline void
unit_tmpdir_remove(const char *dir)
{
	assert_int_equal(nftw(dir, unit_rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/*
 * The path of file in the source tree's test/data: $top_srcdir when make
 * check exports it, else derived from this header's own path (absolute, or
 * relative to the build directory the tests run in).
 */
static inline void
unit_data_path(char *path, size_t size, const char *file)
{
	static const char suffix[] = "test/unit/unit_helpers.h";
	const char *top = getenv("top_srcdir");
	size_t flen = strlen(__FILE__);
	int n;

	if (top != NULL && *top != '\0') {
		n = snprintf(path, size, "%s/test/data/%s", top, file);
	} else {
		assert_true(flen >= sizeof(suffix) - 1);
		assert_string_equal(__FILE__ + flen - (sizeof(suffix) - 1), suffix);
		n = snprintf(path, size, "%.*stest/data/%s", (int)(flen - (sizeof(suffix) - 1)),
			     __FILE__, file);
	}
	assert_true(n > 0 && (size_t)n < size);
}

/* Dumped text ----------------------------------------------------------------- */

/* What a dump callback was given, each line ended by '\n'. */
struct unit_text {
	size_t len;
	char text[4096];
};

/* A dump callback: appends line to the struct unit_text arg, failing the test
 * rather than truncating. */
static inline void
unit_text_line(const char *line, void *arg)
{
	struct unit_text *t = arg;
	int n = snprintf(t->text + t->len, sizeof(t->text) - t->len, "%s\n", line);

	assert_true(n >= 0 && (size_t)n < sizeof(t->text) - t->len);
	t->len += (size_t)n;
}

static inline void
unit_text_clear(struct unit_text *t)
{
	t->len = 0;
	t->text[0] = '\0';
}

static inline void
unit_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

#endif /* UNIT_HELPERS_H */
