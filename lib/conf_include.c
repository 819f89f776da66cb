/*
 * The files of a configuration: reading one into memory (struct cfg_source),
 * and the include statement, which expands its glob relative to the including
 * file and reads each match in turn on the include stack. The stack refuses
 * a file that is already being read (by device and inode, so that links and
 * other spellings of a path are caught) and grows no deeper than
 * CFG_MAX_INCLUDES; what one load reads in all is capped by
 * CFG_MAX_LOAD_FILES and CFG_MAX_LOAD_BYTES. The lines themselves are handled
 * by conf_reader.c.
 */
#include "config.h"

#include "conf_reader_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CFG_MAX_INCLUDES 16 /* files including files */
#define CFG_MAX_FILE_SIZE (64u << 20)

/* An include problem that -e (include_missing_is_error) turns into an error. */
static void
cfg_include_problem(struct cfg_reader *r, bool strict, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(r, strict || r->include_missing_is_error, fmt, ap);
	va_end(ap);
}

/* include and keepalived's variants includer, includem, ... */
bool
cfg_is_include(const char *word, size_t len)
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
int
cfg_source_init(struct cfg_source *s, const char *name, int fd)
{
	const char *slash = strrchr(name, '/');
	struct stat st;
	size_t len = 0;

	memset(s, 0, sizeof(*s));
	s->exp_cur = s->exp_pending = -1;
	s->gen_cur = s->gen_pending = -1;
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

void
cfg_source_free(struct cfg_source *s)
{
	free(s->name);
	free(s->dir);
	free(s->abs_dir);
	free(s->text);
	free(s->exp[0]);
	free(s->exp[1]);
	cfg_gen_free(s);
}

/*
 * Count child against the per-load limits (conf_reader.h). Past one, say so
 * once, at the include that crossed it; the load has failed and every later
 * include is skipped without a word, so a fan-out costs neither time nor a
 * flood of lines. Returns 0 if child may be read.
 */
static int
include_account(struct cfg_reader *r, const char *path, const struct cfg_source *child)
{
	size_t len = child->text != NULL ? (size_t)(child->end - child->text) : 0;

	if (r->load_files >= CFG_MAX_LOAD_FILES) {
		cfg_error(r,
			  "include '%s': a configuration may read at most %u files per load "
			  "(a file included many times over counts each time); not reading more",
			  path, CFG_MAX_LOAD_FILES);
		r->load_capped = true;
		return -1;
	}
	if (len > CFG_MAX_LOAD_BYTES - r->load_bytes) {
		cfg_error(r,
			  "include '%s': a configuration may read at most %u MiB per load "
			  "(a file included many times over counts each time); not reading more",
			  path, CFG_MAX_LOAD_BYTES >> 20);
		r->load_capped = true;
		return -1;
	}
	r->load_files++;
	r->load_bytes += len;
	return 0;
}

static void
include_file(struct cfg_reader *r, const char *path, bool strict)
{
	struct cfg_source child;
	struct stat st;
	unsigned check;
	int fd;

	if (r->load_capped)
		return;
	if (r->src_depth >= CFG_MAX_INCLUDES) {
		cfg_error(r, "include '%s': files included deeper than %d", path, CFG_MAX_INCLUDES);
		return;
	}
	/* O_NONBLOCK: a FIFO matched by mistake must not hang the reader */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		cfg_include_problem(r, strict || (r->include_check & CFG_INCLUDE_CHECK_READABLE),
				    "include '%s': %s", path, strerror(errno));
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		cfg_include_problem(r, strict || (r->include_check & CFG_INCLUDE_CHECK_READABLE),
				    "include '%s': not a regular file", path);
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
	if (cfg_source_init(&child, path, fd) < 0) {
		cfg_error(r, "include '%s': %s", path, strerror(errno));
		cfg_source_free(&child);
		return;
	}
	if (include_account(r, path, &child) == -1) {
		cfg_source_free(&child);
		return;
	}
	child.parent = r->src;
	r->src = &child;
	r->src_depth++;
	check = r->include_check;
	cfg_source_run(r, &child);
	r->include_check = check; /* include_check in an included file ends with it */
	r->src_depth--;
	r->src = child.parent;
	cfg_source_free(&child);
}

/*
 * include GLOB, relative to the including file's directory. The variants
 * (includer, includem, ...) make a pattern matching nothing an error, except
 * includer, which only checks readability.
 */
void
cfg_include_stmt(struct cfg_reader *r, struct cfg_stmt *st)
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
	/* Over a per-load limit: not even the glob (include_account()). */
	if (r->load_capped)
		return;
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
		/* include_check: by the kind of pattern that matched nothing */
		unsigned need = strpbrk(pattern, "*?[") != NULL ? CFG_INCLUDE_CHECK_WILDCARD :
				strchr(pattern, '{') != NULL    ? CFG_INCLUDE_CHECK_BRACE :
								  CFG_INCLUDE_CHECK_MATCH;

		cfg_include_problem(r, strict || (r->include_check & need) != 0,
				    "include '%s': no file matches", path);
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
