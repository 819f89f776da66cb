/*
 * Unit tests of the keepalived.conf reader: syntax, dispatch, includes,
 * parameters, conditionals, value helpers, speed and robustness. The keyword
 * handlers append what they see to a trace string that the tests compare.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "lib/conf_reader.h"
#include "lib/log.h"
#include "unit_helpers.h"

/* Keyword tables that record what they are given ------------------------- */

static char trace[8192];
static bool tracing = true;
static int opens, closes;

struct obj {
	char name[16];
};
static struct obj top_obj = { "T" }, objs[64];

static void
trace_add(const char *what, int argc, char *argv[], void *obj)
{
	size_t n = strlen(trace);

	if (!tracing)
		return;
	n += (size_t)snprintf(trace + n, sizeof(trace) - n, "%s%s(", n ? " " : "", what);
	for (int i = 1; i < argc && n < sizeof(trace); i++)
		n += (size_t)snprintf(trace + n, sizeof(trace) - n, "%s%s", i > 1 ? "," : "",
				      argv[i]);
	if (n < sizeof(trace))
		snprintf(trace + n, sizeof(trace) - n, ")@%s", ((struct obj *)obj)->name);
}

static int
h_line(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)r;
	trace_add(argv[0], argc, argv, obj);
	return 0;
}

static int
h_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	char *all[CFG_MAX_ARGS + 2] = { "item" };

	(void)r;
	memcpy(all + 1, argv, (size_t)argc * sizeof(argv[0]));
	trace_add("item", argc + 1, all, obj);
	return 0;
}

static int
h_fail(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)r, (void)argc, (void)argv, (void)obj;
	return -1;
}

static int
h_failmsg(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)argc, (void)argv, (void)obj;
	cfg_error(r, "custom failure");
	return -1;
}

static void *
h_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct obj *o = &objs[opens % 64];

	(void)r;
	snprintf(o->name, sizeof(o->name), "%s", argc > 1 ? argv[1] : "?");
	trace_add(argv[0], argc, argv, parent);
	opens++;
	return o;
}

static void *
h_reject(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)argc, (void)argv, (void)parent;
	cfg_error(r, "rejected");
	return NULL;
}

static int
h_close(struct cfg_reader *r, void *obj)
{
	char *argv[] = { "close", NULL };

	(void)r;
	trace_add("close", 1, argv, obj);
	closes++;
	return 0;
}

/* A block without open() gets its parent's object: not counted in closes. */
static int
h_close_plain(struct cfg_reader *r, void *obj)
{
	char *argv[] = { "close", NULL };

	(void)r;
	trace_add("close", 1, argv, obj);
	return 0;
}

/* Value helpers, one keyword each. */
static int
h_values(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	uint64_t u = 0;
	int64_t i = 0;
	bool b = false;
	char buf[32], *res[] = { "=", buf };
	int rc = -1;

	if (cfg_check_argc(r, argc, argv, 1, 1) < 0)
		return -1;
	if (strcmp(argv[0], "virtual_router_id") == 0)
		rc = cfg_parse_uint(r, argv[0], argv[1], 1, 255, &u);
	else if (strcmp(argv[0], "weight") == 0)
		rc = cfg_parse_int(r, argv[0], argv[1], -254, 254, &i);
	else if (strcmp(argv[0], "advert_int") == 0)
		rc = cfg_parse_fixed(r, argv[0], argv[1], 2, 1, 4095, &u);
	else if (strcmp(argv[0], "nopreempt") == 0)
		rc = cfg_parse_bool(r, argv[0], argv[1], &b), u = b;
	if (rc == 0) {
		if (strcmp(argv[0], "weight") == 0)
			snprintf(buf, sizeof(buf), "%lld", (long long)i);
		else
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long)u);
		trace_add(argv[0], 2, res, obj);
	}
	return rc;
}

static const struct cfg_keyword inner_kw[];

static const struct cfg_keyword item_only = { .name = "items", .item = h_item };

/* clang-format off */
static const struct cfg_keyword inner_kw[] = {
	{ .name = "val", .handler = h_line },
	{ .name = "inner", .open = h_open, .sub = inner_kw, .close = h_close },
	{ .name = "plain", .sub = inner_kw, .close = h_close_plain },
	item_only,
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_kw[] = {
	{ .name = "simple", .handler = h_line },
	{ .name = "fail", .handler = h_fail },
	{ .name = "failmsg", .handler = h_failmsg },
	{ .name = "blk", .open = h_open, .sub = inner_kw, .close = h_close },
	{ .name = "plain", .sub = inner_kw, .close = h_close_plain },
	{ .name = "needblock", .open = h_open, .sub = inner_kw, .close = h_close },
	{ .name = "reject", .open = h_reject, .sub = inner_kw, .close = h_close },
	{ .name = "ignored" },
	{ .name = "virtual_router_id", .handler = h_values },
	{ .name = "weight", .handler = h_values },
	{ .name = "advert_int", .handler = h_values },
	{ .name = "nopreempt", .handler = h_values },
	item_only,
	CFG_KEYWORD_END,
};
/* clang-format on */

/* A feature's own table, composed into another with CFG_KEYWORDS_FROM. */
/* clang-format off */
static const struct cfg_keyword feature_kw[] = {
	{ .name = "feat", .handler = h_line },
	{ .name = "shadowed", .handler = h_failmsg },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword composed_kw[] = {
	CFG_KEYWORDS_FROM(feature_kw),
	{ .name = "other", .handler = h_line },
	{ .name = "shadowed", .handler = h_line },
	{ .name = "blk", .open = h_open, .sub = feature_kw, .close = h_close },
	CFG_KEYWORD_END,
};
/* clang-format on */

static const struct cfg_options main_opts = { "main", false };

static int
setup(void **state)
{
	trace[0] = '\0';
	tracing = true;
	opens = closes = 0;
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	unit_log_stop();
	return 0;
}

/* Read text as "t.conf"; also checks that the errors returned are the ones
 * logged. */
static int
read_text(const char *text, const struct cfg_options *opts)
{
	int rc = cfg_read_string("t.conf", text, top_kw, &top_obj, opts);

	assert_int_equal(rc, unit_log.errors);
	return rc;
}

#define assert_trace(want) assert_string_equal(trace, want)

/* Syntax ------------------------------------------------------------------ */

/* Keywords of a composed table are found in place; the earlier entry wins. */
static void
test_composed_tables(void **state)
{
	assert_int_equal(cfg_read_string("t.conf", "feat a\nother b\nblk x {\n feat c\n}\n",
					 composed_kw, &top_obj, NULL),
			 0);
	assert_trace("feat(a)@T other(b)@T blk(x)@T feat(c)@x close()@x");
	assert_int_equal(cfg_read_string("t.conf", "shadowed\n", composed_kw, &top_obj, NULL), 1);
	assert_int_equal(cfg_read_string("t.conf", "nosuch\n", composed_kw, &top_obj, NULL), 0);
	assert_int_equal(unit_log.warnings, 1);
}

static void
test_simple(void **state)
{
	assert_int_equal(read_text("simple a b\n  simple\tc\r\nsimple", NULL), 0);
	assert_trace("simple(a,b)@T simple(c)@T simple()@T");
	assert_int_equal(unit_log.n, 0);
}

static void
test_nested_blocks(void **state)
{
	assert_int_equal(read_text("blk x {\n"
				   "  val 1\n"
				   "  inner y\n"
				   "  {\n"
				   "    val 2\n"
				   "    plain\n"
				   "    {\n"
				   "      val 3\n"
				   "    }\n"
				   "  }\n"
				   "}\n"
				   "plain {\n val 4\n}\n",
				   NULL),
			 0);
	assert_trace("blk(x)@T val(1)@x inner(y)@x val(2)@y val(3)@y close()@y close()@y "
		     "close()@x val(4)@T close()@T");
	assert_int_equal(opens, 2);
}

static void
test_items_inline_braces(void **state)
{
	assert_int_equal(read_text("items { 198.18.0.1 dev eth0 }\n"
				   "items {\n  a\n  b c\n}\n"
				   "blk x { val 1\n val 2 }\n"
				   "blk y{val 3}simple z\n"
				   "blk w {\n}\n",
				   NULL),
			 0);
	assert_trace("item(198.18.0.1,dev,eth0)@T item(a)@T item(b,c)@T blk(x)@T val(1)@x "
		     "val(2)@x close()@x blk(y)@T val(3)@y close()@y simple(z)@T blk(w)@T "
		     "close()@w");
}

static void
test_quotes(void **state)
{
	assert_int_equal(read_text("simple \"a b\" c\"d e\"f \"\" x\\\"y\n"
				   "simple \"{\" \"}\" \"#!\" \"/bin/sh -c 'x y'\"\n"
				   "simple \"a\\\"b\" \"c\\\\d\"\n",
				   NULL),
			 0);
	assert_trace("simple(a b,cd ef,,x\"y)@T simple({,},#!,/bin/sh -c 'x y')@T "
		     "simple(a\"b,c\\\\d)@T");
	assert_int_equal(read_text("simple \"open\n", NULL), 1);
	assert_true(unit_logged("t.conf:1: unterminated quoted string"));
}

static void
test_comments(void **state)
{
	assert_int_equal(read_text("# comment\n! comment\n"
				   "simple a # comment\n"
				   "simple b!c\n"
				   "simple \\#x \\!y\n"
				   "blk x { # comment {\n val 1 ! }\n}\n",
				   NULL),
			 0);
	assert_trace("simple(a)@T simple(b)@T simple(#x,!y)@T blk(x)@T val(1)@x close()@x");
}

static void
test_unknown_keyword(void **state)
{
	assert_int_equal(read_text("foo {\n"
				   "  simple in1\n"
				   "  bar { simple in2 }\n"
				   "}\n"
				   "foo2 a\n"
				   "foo3\n"
				   "{\n  simple in3\n}\n"
				   "blk x { nope 1 }\n"
				   "ignored 1 2\nignored { simple in4 }\n"
				   "simple ok\n",
				   NULL),
			 0);
	assert_trace("blk(x)@T close()@x simple(ok)@T");
	assert_int_equal(unit_log.warnings, 4);
	assert_true(unit_logged("t.conf:1: unknown keyword 'foo'"));
	assert_true(unit_logged("t.conf:5: unknown keyword 'foo2'"));
	assert_true(unit_logged("t.conf:6: unknown keyword 'foo3'"));
	assert_true(unit_logged("t.conf:10: unknown keyword 'nope'"));
}

static void
test_handler_errors(void **state)
{
	assert_int_equal(read_text("fail\nfailmsg x\nsimple ok\nreject r {\n val 1\n}\n", NULL), 3);
	assert_true(unit_logged("t.conf:1: fail: invalid"));
	assert_true(unit_logged("t.conf:2: custom failure"));
	assert_true(unit_logged("t.conf:4: rejected"));
	assert_trace("simple(ok)@T");
}

static void
test_block_misuse(void **state)
{
	assert_int_equal(read_text("needblock x\nsimple a\n"
				   "simple b {\n  val 1\n}\n"
				   "simple c\n{\n val 2\n}\n"
				   "items { a { b } }\n"
				   "{\n simple d\n}\n"
				   "simple e\n",
				   NULL),
			 5);
	assert_true(unit_logged("t.conf:1: 'needblock' needs a block: '{' missing"));
	assert_true(unit_logged("t.conf:3: 'simple' does not take a block, block ignored"));
	assert_true(unit_logged("t.conf:6: 'simple' does not take a block, block ignored"));
	assert_true(unit_logged("t.conf:10: 'a' does not take a block"));
	assert_true(unit_logged("t.conf:11: unexpected '{', block ignored"));
	assert_trace("simple(a)@T simple(e)@T");
}

static void
test_unterminated_and_stray(void **state)
{
	assert_int_equal(read_text("simple a\nblk x {\n val 1\n inner y {\n val 2\n", NULL), 2);
	assert_true(unit_logged("t.conf:2: block 'blk' is not closed at the end of the file"));
	assert_true(unit_logged("t.conf:4: block 'inner' is not closed at the end of the file"));
	/* close() still runs once per accepted open */
	assert_int_equal(opens, 2);
	assert_int_equal(closes, 2);

	setup(NULL);
	assert_int_equal(read_text("simple a\n}\nblk x {\n}}\nsimple b\n", NULL), 2);
	assert_true(unit_logged("t.conf:2: extra '}'"));
	assert_true(unit_logged("t.conf:4: extra '}'"));
	assert_trace("simple(a)@T blk(x)@T close()@x simple(b)@T");
}

static void
test_limits(void **state)
{
	char text[4096] = "";
	size_t n = 0;

	/* 40 nested blocks: the 33rd is refused, its content skipped */
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s b%d {\n", i ? "inner" : "blk",
				      i);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "}\n");
	n += (size_t)snprintf(text + n, sizeof(text) - n, "simple ");
	for (int i = 0; i < 70; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "w ");
	snprintf(text + n, sizeof(text) - n, "\nsimple ok\n");
	assert_int_equal(read_text(text, NULL), 2);
	assert_true(unit_logged("t.conf:33: blocks nested deeper than 32, 'inner' ignored"));
	assert_true(unit_logged("t.conf:81: simple: more than 64 words"));
	assert_int_equal(opens, 32);
	assert_int_equal(closes, 32);
	assert_non_null(strstr(trace, "simple(ok)@T"));
}

/* Includes ---------------------------------------------------------------- */

static char tmpdir[64];

static void
write_file(const char *rel, const char *text)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	unit_write_file(path, text);
}

static int
read_rel(const char *rel, const struct cfg_options *opts)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	rc = cfg_read_file(path, top_kw, &top_obj, opts);
	assert_int_equal(rc, unit_log.errors);
	return rc;
}

/* Whether this line was logged, each '@' in it standing for tmpdir. */
static bool
logged_in_tmpdir(const char *want)
{
	char line[512];
	size_t n = 0;

	for (; *want != '\0' && n < sizeof(line) - 1; want++) {
		if (*want == '@')
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s", tmpdir);
		else
			line[n++] = *want;
	}
	assert_true(n < sizeof(line) - 1);
	line[n] = '\0';
	return unit_logged(line);
}

static int
setup_dir(void **state)
{
	char path[128];

	unit_tmpdir_make(tmpdir, sizeof(tmpdir), "test_conf_reader");
	snprintf(path, sizeof(path), "%s/sub", tmpdir);
	assert_int_equal(mkdir(path, 0755), 0);
	return setup(state);
}

static int
teardown_dir(void **state)
{
	unit_tmpdir_remove(tmpdir);
	return teardown(state);
}

static void
test_include(void **state)
{
	write_file("main.conf", "simple m\n"
				"include sub/one.conf\n"
				"blk x {\n"
				"  include sub/part*.conf\n"
				"  include \"sub/part{2,1}.conf\"\n"
				"}\n"
				"simple end\n");
	write_file("sub/one.conf", "simple one\ninclude two.conf\n");
	write_file("sub/two.conf", "simple two\nbogus\n");
	write_file("sub/part1.conf", "val p1\n");
	write_file("sub/part2.conf", "val p2\n");
	assert_int_equal(read_rel("main.conf", NULL), 0);
	assert_trace("simple(m)@T simple(one)@T simple(two)@T blk(x)@T val(p1)@x val(p2)@x "
		     "val(p2)@x val(p1)@x close()@x simple(end)@T");
	assert_true(logged_in_tmpdir("@/sub/two.conf:2: unknown keyword 'bogus'"));
}

static void
test_include_errors(void **state)
{
	struct cfg_options strict = { "main", true };
	char fifo[256];

	/* a loop through two files, and a file including itself */
	write_file("loop_a.conf", "simple a\ninclude loop_b.conf\n");
	write_file("loop_b.conf", "simple b\ninclude loop_a.conf\ninclude loop_b.conf\n");
	assert_int_equal(read_rel("loop_a.conf", NULL), 2);
	assert_true(logged_in_tmpdir(
		"@/loop_b.conf:2: include loop: '@/loop_a.conf' is already being read"));
	assert_trace("simple(a)@T simple(b)@T");

	/* no match: a warning, or an error with -e */
	setup(NULL);
	write_file("missing.conf", "include nothing*.conf\nsimple after\n");
	assert_int_equal(read_rel("missing.conf", NULL), 0);
	assert_int_equal(unit_log.warnings, 1);
	assert_true(
		logged_in_tmpdir("@/missing.conf:1: include '@/nothing*.conf': no file matches"));
	assert_int_equal(read_rel("missing.conf", &strict), 1);
	assert_trace("simple(after)@T simple(after)@T");

	/* a FIFO is refused, not read (which would block) */
	setup(NULL);
	snprintf(fifo, sizeof(fifo), "%s/sub/fifo.conf", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	write_file("fifo.conf", "include sub/*.conf\nsimple after\n");
	assert_int_equal(read_rel("fifo.conf", NULL), 0);
	assert_true(
		logged_in_tmpdir("@/fifo.conf:1: include '@/sub/fifo.conf': not a regular file"));
	assert_trace("simple(after)@T");

	/* a chain of 20 files stops at 16 */
	setup(NULL);
	for (int i = 0; i < 20; i++) {
		char name[32], text[64];

		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(text, sizeof(text), "simple %d\ninclude d%d.conf\n", i, i + 1);
		write_file(name, text);
	}
	assert_int_equal(read_rel("d0.conf", NULL), 1);
	assert_true(logged_in_tmpdir(
		"@/d15.conf:2: include '@/d16.conf': files included deeper than 16"));

	/* the top file missing is not an error count but -1 */
	assert_int_equal(cfg_read_file("/nonexistent/k.conf", top_kw, &top_obj, NULL), -1);
}

/* Whether a logged line holds want. */
static bool
logged_part(const char *want)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], want) != NULL)
			return true;
	return false;
}

/*
 * Fan-out: each of 16 levels includes the next one 4 times, 4^15 reads
 * without a cap (the include stack sees no loop). The load stops at
 * CFG_MAX_LOAD_FILES with one error, at once.
 */
static void
test_include_fanout(void **state)
{
	struct timespec t0, t1;
	double ms;
	int rc;

	for (int i = 0; i < 16; i++) {
		char name[32], text[256];

		snprintf(name, sizeof(name), "f%d.conf", i);
		if (i == 15)
			snprintf(text, sizeof(text), "simple leaf\n");
		else
			snprintf(text, sizeof(text),
				 "simple %d\ninclude f%d.conf\ninclude f%d.conf\n"
				 "include f%d.conf\ninclude f%d.conf\n",
				 i, i + 1, i + 1, i + 1, i + 1);
		write_file(name, text);
	}
	tracing = false;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = read_rel("f0.conf", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("  fan-out stopped after %.1f ms\n", ms);
	assert_int_equal(rc, 1);
	assert_true(logged_part(
		".conf': a configuration may read at most 4096 files per load "
		"(a file included many times over counts each time); not reading more"));
	assert_true(ms < (RUNNING_ON_VALGRIND ? 60000 : 2000));

	/* bytes: a 1 MiB file included 70 times; the 64th would pass 64 MiB */
	setup(NULL);
	tracing = false;
	{
		size_t size = 1u << 20;
		char *big = malloc(size + 1), path[256];
		FILE *f;

		assert_non_null(big);
		memset(big, '#', size);
		for (size_t i = 1023; i < size; i += 1024)
			big[i] = '\n';
		big[size] = '\0';
		snprintf(path, sizeof(path), "%s/big.conf", tmpdir);
		unit_write_file(path, big);
		free(big);
		snprintf(path, sizeof(path), "%s/bytes.conf", tmpdir);
		f = fopen(path, "w");
		assert_non_null(f);
		for (int i = 0; i < 70; i++)
			fputs("include big.conf\n", f);
		fputs("simple after\n", f);
		fclose(f);
	}
	assert_int_equal(read_rel("bytes.conf", NULL), 1);
	assert_true(logged_in_tmpdir("@/bytes.conf:64: include '@/big.conf': a configuration may "
				     "read at most 64 MiB per load (a file included many times "
				     "over counts each time); not reading more"));
	tracing = true;
}

/* Parameters and conditionals --------------------------------------------- */

static void
test_parameters(void **state)
{
	assert_int_equal(read_text("$A=hello\n"
				   "$B=${A} world\n"
				   "simple $A\n"
				   "simple ${B}x\n"
				   "simple $UNDEF ${UNDEF} $1\n"
				   "simple ${A}${A},$A,\n"
				   "$A=bye\n"
				   "  $EMPTY=\n"
				   "simple $B ${EMPTY}x\n"
				   "$KW=simple\n"
				   "$KW kw\n"
				   "simple ${_HASH}${_BANG} ${_INSTANCE}\n"
				   "$IF_MAIN=@main\n"
				   "$IF_MAIN simple cond\n"
				   "$ML= \\\n  simple never \\\n  simple never2\n"
				   "simple after_ml\n"
				   "~SEQ(i, 1, 3) simple $i\n",
				   &main_opts),
			 0);
	assert_trace("simple(hello)@T simple(hello,worldx)@T simple($UNDEF,${UNDEF},$1)@T "
		     "simple(hellohello,hello,)@T simple(bye,world,x)@T simple(kw)@T "
		     "simple(#!,main)@T simple(cond)@T simple(after_ml)@T simple(1)@T simple(2)@T "
		     "simple(3)@T");
	assert_true(unit_logged("t.conf:5: parameter $UNDEF is not defined, left as is"));

	setup(NULL);
	assert_int_equal(read_text("$L=$L x\nsimple $L\nsimple ok\n", NULL), 1);
	assert_true(unit_logged(
		"t.conf:2: parameter substitution does not end (recursive definition?)"));
	assert_trace("simple(ok)@T");
}

/* Multi-line parameters, ~SEQ and ~LST, as keepalived 2.2.7 expands them. */
static void
test_multiline(void **state)
{
	(void)state;
	assert_int_equal(read_text("$B= \\\n"
				   "  inner ${N} { \\\n"
				   "  \\\n"
				   "  val x${N}\n"
				   "$A=blk a { \\\n"
				   "  val one  \\\n"
				   "  $N=2 \\\n"
				   "  $B \\\n"
				   "  } \\\n"
				   "}\n"
				   "$N=1\n"
				   "$A\n"
				   "simple $A mid\n"
				   "$E= \\\n"
				   "\n"
				   "simple [${E}]\n"
				   "$C=simple c1 \\\n"
				   "! a comment ends it\n"
				   "simple c2\n"
				   "$C\n"
				   "$D=simple d1 # a backslash after a comment continues \\\n"
				   "  simple d2 ! \\\\\n"
				   "simple d3\n"
				   "$D\n",
				   NULL),
			 0);
	assert_trace("blk(a)@T val(one)@a inner(2)@a val(x2)@2 close()@2 close()@a "
		     "simple($A,mid)@T simple([])@T simple(c2)@T simple(c1)@T simple(d3)@T "
		     "simple(d1)@T simple(d2)@T");
	assert_true(unit_logged("t.conf:13: multi-line parameter $A is only replaced at the end "
				"of a line, left as is"));

	/* Recursion is stopped, not followed for ever. */
	setup(NULL);
	assert_int_equal(read_text("$R= \\\nsimple r \\\n$R \\\nsimple t\nsimple ok\n$R\n", NULL),
			 1);
	assert_true(unit_logged("t.conf:6: multi-line parameters and ~SEQ/~LST nested deeper "
				"than 64 (recursive definition?)"));
}

static void
test_sequences(void **state)
{
	(void)state;
	assert_int_equal(read_text("~SEQ(A, 0, 2) simple a$A\n"
				   "~SEQ(B, 3) simple b$B\n"
				   "~SEQ(C, 5, -2, 1) simple c$C\n"
				   "~SEQ(D, 0) simple d$D\n"
				   "~SEQ(E, -2) simple e$E\n"
				   "~SEQx(F, 0x9, 0x3, 0x10) simple f$F\n"
				   "$LAST=3\n"
				   "~SEQ ( G , 2 , $LAST ) simple g$G\n"
				   "~SEQ(I,1,2) ~SEQ(J,1,2) simple ${I}${J}\n"
				   "~LST(K, x, y) simple k$K\n"
				   "~LST({L, M}, {1,2},{3}, 4) simple l$L m$M\n"
				   "~LST(N, 1, 2) ~SEQ(O, $N) simple ${N}${O}\n"
				   "$GEN=~SEQ(P, 2) simple p$P\n"
				   "$GEN\n"
				   "$ONE=1\n"
				   "$TWO=simple x$ONE ${ONE}\n"
				   "$TWO\n"
				   "$G2=~SEQ(Q2, 1) x$ONE\n"
				   "simple $G2\n"
				   "simple after $A $P\n"
				   "blk z {\n"
				   "~SEQ(Q, 2) val q$Q\n"
				   "~SEQ(R, 1) inner r$R\n"
				   "{\n"
				   "}\n"
				   "}\n",
				   NULL),
			 0);
	assert_trace("simple(a0)@T simple(a1)@T simple(a2)@T simple(b1)@T simple(b2)@T "
		     "simple(b3)@T simple(c5)@T simple(c3)@T simple(c1)@T simple(d1)@T "
		     "simple(d0)@T simple(e-1)@T simple(e-2)@T simple(f9)@T simple(fc)@T "
		     "simple(ff)@T simple(g2)@T simple(g3)@T simple(11)@T simple(12)@T "
		     "simple(21)@T simple(22)@T simple(kx)@T simple(ky)@T simple(l1,m2)@T "
		     "simple(l3,m)@T simple(l4,m)@T simple(11)@T simple(21)@T simple(22)@T "
		     "simple(p1)@T simple(p2)@T simple(x1,1)@T simple(~SEQ(Q2,,1),x1)@T "
		     "simple(after,2,2)@T blk(z)@T val(q1)@z val(q2)@z inner(r1)@z close()@r1 "
		     "close()@z");

	/* Bad ones are warned about and their line skipped. */
	setup(NULL);
	assert_int_equal(read_text("~SEQ(A) simple no\n"
				   "~SEQ(A, 1, -1, 3) simple no\n"
				   "~SEQx(A, -1, 3) simple no\n"
				   "~SEQ(A, 1, 0x) simple no\n"
				   "~LST(A) simple no\n"
				   "~LST({A}, {1, 2}) simple no\n"
				   "~SEQ A, 1) simple no\n"
				   "simple yes\n",
				   NULL),
			 0);
	assert_trace("simple(yes)@T");
	assert_true(unit_logged("t.conf:1: Invalid ~SEQ specification '~SEQ(A) simple no', "
				"line ignored"));
	assert_true(unit_logged("t.conf:2: Invalid ~SEQ values '~SEQ(A, 1, -1, 3) simple no', "
				"line ignored"));
	assert_true(unit_logged("t.conf:3: ~SEQx is only valid for positive numbers "
				"'~SEQx(A, -1, 3) simple no', line ignored"));
	assert_true(unit_logged("t.conf:4: Invalid ~SEQ specification '~SEQ(A, 1, 0x) simple no', "
				"line ignored"));
	assert_true(unit_logged("t.conf:5: Invalid ~LST specification '~LST(A) simple no', "
				"line ignored"));
	assert_true(unit_logged("t.conf:6: ~LST specification has too many values "
				"'~LST({A}, {1, 2}) simple no', line ignored"));
	assert_true(unit_logged("t.conf:7: Invalid ~SEQ specification '~SEQ A, 1) simple no', "
				"line ignored"));

	/* A runaway sequence is cut short (seconds under valgrind: not there). */
	if (RUNNING_ON_VALGRIND)
		return;
	setup(NULL);
	tracing = false;
	assert_int_equal(read_text("~SEQ(A, 1, 3000000) ignored\n~SEQ(A, 1, 2) ignored\n", NULL),
			 1);
	tracing = true;
	assert_true(unit_logged("t.conf:1: multi-line parameters and ~SEQ/~LST made more than "
				"2000000 lines or 64 MiB; not generating more"));
	/* And bytes: 1100 lines of 65 kB. */
	setup(NULL);
	{
		static char text[70000];

		snprintf(text, sizeof(text), "$L=%0*d\n~SEQ(A, 1100) ignored $L\n", 65000, 0);
		tracing = false;
		assert_int_equal(read_text(text, NULL), 1);
		tracing = true;
		assert_true(unit_logged("t.conf:2: multi-line parameters and ~SEQ/~LST made more "
					"than 2000000 lines or 64 MiB; not generating more"));
	}
}

static void
test_conditionals(void **state)
{
	struct utsname u;
	char text[256], id[sizeof(u.nodename)];

	assert_int_equal(read_text("@main simple a\n"
				   "@backup simple b\n"
				   "@^main simple c\n"
				   "@^backup simple d\n"
				   "@main\n"
				   "@mainx simple e\n"
				   "blk x {\n  @main   val 1\n  @other val 2\n}\n"
				   "@main $P=240\n@backup $P=200\nsimple $P\n",
				   &main_opts),
			 0);
	assert_trace("simple(a)@T simple(d)@T blk(x)@T val(1)@x close()@x simple(240)@T");

	/* the default config id: the node name up to its first '.' */
	setup(NULL);
	assert_int_equal(uname(&u), 0);
	snprintf(id, sizeof(id), "%.*s", (int)strcspn(u.nodename, "."), u.nodename);
	snprintf(text, sizeof(text), "@%s simple mine\n@^%s simple other\n", id, id);
	assert_int_equal(read_text(text, NULL), 0);
	assert_trace("simple(mine)@T");
}

/* Value helpers ----------------------------------------------------------- */

static void
test_values(void **state)
{
	setup(NULL);
	assert_int_equal(read_text("virtual_router_id 1\nvirtual_router_id 255\n"
				   "weight -254\nweight +3\n"
				   "advert_int 0.1\nadvert_int 1\nadvert_int 40.95\nadvert_int .5\n"
				   "nopreempt on\nnopreempt False\nnopreempt 0\n",
				   NULL),
			 0);
	assert_trace("virtual_router_id(1)@T virtual_router_id(255)@T weight(-254)@T weight(3)@T "
		     "advert_int(10)@T advert_int(100)@T advert_int(4095)@T advert_int(50)@T "
		     "nopreempt(1)@T nopreempt(0)@T nopreempt(0)@T");

	setup(NULL);
	assert_int_equal(
		cfg_read_string("keepalived.conf",
				"virtual_router_id 300\nvirtual_router_id 0\n"
				"virtual_router_id abc\nvirtual_router_id -1\n"
				"virtual_router_id 99999999999999999999999\n"
				"weight -255\nweight 1x\nweight -\n"
				"advert_int 0.123\nadvert_int 41\nadvert_int 0\nadvert_int .\n"
				"nopreempt maybe\n"
				"virtual_router_id\nvirtual_router_id 1 2\n",
				top_kw, &top_obj, NULL),
		15);
	assert_true(
		unit_logged("keepalived.conf:1: virtual_router_id: '300' is out of range 1..255"));
	assert_true(
		unit_logged("keepalived.conf:2: virtual_router_id: '0' is out of range 1..255"));
	assert_true(unit_logged("keepalived.conf:3: virtual_router_id: 'abc' is not a number"));
	assert_true(
		unit_logged("keepalived.conf:4: virtual_router_id: '-1' is out of range 1..255"));
	assert_true(
		unit_logged("keepalived.conf:5: virtual_router_id: '99999999999999999999999' is "
			    "out of range 1..255"));
	assert_true(unit_logged("keepalived.conf:6: weight: '-255' is out of range -254..254"));
	assert_true(unit_logged("keepalived.conf:7: weight: '1x' is not a number"));
	assert_true(unit_logged("keepalived.conf:8: weight: '-' is not a number"));
	assert_true(unit_logged(
		"keepalived.conf:9: advert_int: '0.123' has more than 2 decimal places"));
	assert_true(
		unit_logged("keepalived.conf:10: advert_int: '41' is out of range 0.01..40.95"));
	assert_true(unit_logged("keepalived.conf:11: advert_int: '0' is out of range 0.01..40.95"));
	assert_true(unit_logged("keepalived.conf:12: advert_int: '.' is not a number"));
	assert_true(unit_logged("keepalived.conf:13: nopreempt: 'maybe' is not a boolean "
				"(on/off, true/false, yes/no)"));
	assert_true(unit_logged("keepalived.conf:14: virtual_router_id: missing argument "
				"(expected at least 1, got 0)"));
	assert_true(unit_logged("keepalived.conf:15: virtual_router_id: unexpected argument '2' "
				"(expected at most 1)"));
	assert_trace("");
}

/* Speed ------------------------------------------------------------------- */

static int
perf_uint(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	uint64_t v;

	(void)obj;
	return cfg_check_argc(r, argc, argv, 1, 1) < 0 ?
		       -1 :
		       cfg_parse_uint(r, argv[0], argv[1], 0, 255, &v);
}

static int
perf_fixed(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	uint64_t v;

	(void)argc, (void)obj;
	return cfg_parse_fixed(r, argv[0], argv[1], 2, 1, 4095, &v);
}

static int
perf_word(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)obj;
	return cfg_check_argc(r, argc, argv, 1, 1);
}

static int
perf_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)obj;
	return cfg_check_argc(r, argc, argv, 0, 0);
}

static void *
perf_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)r, (void)argc, (void)argv;
	return parent;
}

/* clang-format off */
static const struct cfg_keyword perf_inst_kw[] = {
	{ .name = "state", .handler = perf_word },
	{ .name = "interface", .handler = perf_word },
	{ .name = "virtual_router_id", .handler = perf_uint },
	{ .name = "priority", .handler = perf_uint },
	{ .name = "advert_int", .handler = perf_fixed },
	{ .name = "virtual_ipaddress", .item = perf_item },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword perf_kw[] = {
	{ .name = "vrrp_instance", .open = perf_open, .sub = perf_inst_kw },
	CFG_KEYWORD_END,
};
/* clang-format on */

static void
test_speed_100k_lines(void **state)
{
	size_t size = 400 * 10000, n = 0;
	char *text = malloc(size);
	struct timespec t0, t1;
	double ms, limit_ms = 1000;
	int rc;

	assert_non_null(text);
	for (int i = 0; i < 10000; i++)
		n += (size_t)snprintf(text + n, size - n,
				      "vrrp_instance VI_%d {\n"
				      "    state BACKUP\n"
				      "    interface eth0\n"
				      "    virtual_router_id %d\n"
				      "    priority 100   # the default\n"
				      "    advert_int 0.5\n"
				      "    virtual_ipaddress {\n"
				      "        198.18.%d.%d/32\n"
				      "    }\n"
				      "}\n",
				      i, i % 255 + 1, i / 256, i % 256);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = cfg_read_string("big.conf", text, perf_kw, &top_obj, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("  100000 lines read in %.1f ms\n", ms);
	assert_int_equal(rc, 0);
	assert_int_equal(unit_log.n, 0);
	/* valgrind runs code some 50 times slower; the bound is for real runs */
	if (RUNNING_ON_VALGRIND)
		limit_ms *= 50;
	assert_true(ms < limit_ms);
}

/* Robustness -------------------------------------------------------------- */

static uint64_t rng_state = 12345;

static uint32_t
rnd(void)
{
	return (uint32_t)unit_rng(&rng_state);
}

/* Garbage made mostly of the characters the syntax cares about, and every
 * prefix of a valid file: no crash, errors counted as logged, and close()
 * called exactly once for every block that open() accepted. */
static void
test_garbage(void **state)
{
	static const char alphabet[] = "{}{}\"\"##!!$$@@^\\\\ \t\n\n\n\r=~_.,()simplebkvalmn01";
	static const char valid[] =
		"$X=1\n@main blk a {\n val $X\n inner \"b c\"\n {\n items { 1 2 }\n"
		" }\n}\nsimple ${X}\n@^main plain { val 2 }\n";
	char path[128], text[512];
	int iterations = RUNNING_ON_VALGRIND ? 300 : 3000, rc;

	snprintf(path, sizeof(path), "%s/garbage.conf", tmpdir);
	tracing = false;
	for (int i = 0; i < iterations; i++) {
		size_t len = rnd() % (sizeof(text) - 1);

		for (size_t j = 0; j < len; j++) {
			uint32_t x = rnd();

			text[j] = (char)(x % 8 == 0 ? (char)(x >> 8 | 1) :
						      alphabet[(x >> 8) % (sizeof(alphabet) - 1)]);
		}
		text[len] = '\0';
		opens = closes = unit_log.errors = unit_log.n = 0;
		rc = cfg_read_string(path, text, top_kw, &top_obj, &main_opts);
		assert_int_equal(rc, unit_log.errors);
		assert_int_equal(opens, closes);
	}
	for (size_t len = 0; len <= strlen(valid); len++) {
		snprintf(text, sizeof(text), "%.*s", (int)len, valid);
		opens = closes = unit_log.errors = unit_log.n = 0;
		rc = cfg_read_string(path, text, top_kw, &top_obj, &main_opts);
		assert_int_equal(rc, unit_log.errors);
		assert_int_equal(opens, closes);
	}
	/* the whole file is valid */
	assert_int_equal(unit_log.errors, 0);
	assert_int_equal(opens, 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define T_DIR(fn) cmocka_unit_test_setup_teardown(fn, setup_dir, teardown_dir)

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		T(test_simple),
		T(test_composed_tables),
		T(test_nested_blocks),
		T(test_items_inline_braces),
		T(test_quotes),
		T(test_comments),
		T(test_unknown_keyword),
		T(test_handler_errors),
		T(test_block_misuse),
		T(test_unterminated_and_stray),
		T(test_limits),
		T_DIR(test_include),
		T_DIR(test_include_errors),
		T_DIR(test_include_fanout),
		T(test_parameters),
		T(test_multiline),
		T(test_sequences),
		T(test_conditionals),
		T(test_values),
		T(test_speed_100k_lines),
		T_DIR(test_garbage),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
