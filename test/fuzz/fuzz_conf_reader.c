/*
 * libFuzzer target for the keepalived.conf reader (lib/conf_reader.c and its
 * includes, values and parameters) over a small keyword table of its own.
 * Built with clang by test/fuzz/local.mk; make check runs it for
 * FUZZ_CHECK_TIME seconds, make fuzz for FUZZ_TIME (test/fuzz/run.sh).
 * By hand, from a configured build directory:
 *
 *   make test/fuzz/fuzz_conf_reader
 *   mkdir -p corpus empty && cd empty && ../test/fuzz/fuzz_conf_reader -max_total_time=60 ../corpus
 *
 * Run it from an empty directory: includes in the input are relative to it.
 * Besides the sanitizers' checks, it checks that close() is called exactly
 * once for every block that open() accepted.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/conf_reader.h"
#include "lib/log.h"

static int opens, closes;
static int dummy;

static int
f_line(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	uint64_t u;
	int64_t i;
	bool b;

	(void)obj;
	if (argc < 2)
		return 0;
	/* exercise the value helpers with whatever the input holds */
	(void)cfg_parse_uint(r, argv[0], argv[1], 1, 255, &u);
	(void)cfg_parse_int(r, argv[0], argv[1], -254, 254, &i);
	(void)cfg_parse_fixed(r, argv[0], argv[1], 2, 1, 4095, &u);
	(void)cfg_parse_bool(r, argv[0], argv[1], &b);
	return cfg_check_argc(r, argc, argv, 1, 2);
}

static void *
f_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)r, (void)argv, (void)parent;
	if (argc > 2)
		return NULL;
	opens++;
	return &dummy;
}

static int
f_close(struct cfg_reader *r, void *obj)
{
	(void)r, (void)obj;
	closes++;
	return 0;
}

/* clang-format off */
static const struct cfg_keyword inner[] = {
	{ "a", f_line, NULL, NULL, NULL, NULL },
	{ "b", NULL, f_open, inner, NULL, f_close },
	{ "c", NULL, NULL, NULL, f_line, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top[] = {
	{ "a", f_line, NULL, NULL, NULL, NULL },
	{ "b", NULL, f_open, inner, NULL, f_close },
	{ "c", NULL, NULL, NULL, f_line, NULL },
	{ "d", NULL, NULL, inner, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

static void
quiet(int priority, const char *line, void *arg)
{
	(void)priority, (void)line, (void)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cfg_options opts = { "main", false };
	char *text = malloc(size + 1);

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	log_set_sink(quiet, NULL);
	opens = closes = 0;
	if (cfg_read_string("fuzz.conf", text, top, &dummy, &opts) < 0 || opens != closes)
		abort();
	free(text);
	return 0;
}
