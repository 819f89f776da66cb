/*
 * The component-by-component walk of path_check.h. The part already
 * walked (done) never contains a link, so ".." can be taken lexically.
 */
#include "config.h"

#include "path_check.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_CHECK_MAX_LINKS 40 /* the kernel's limit (ELOOP) */

/* keepalived's rule, one component at a time (path_check.h). */
static bool
path_check_safe(const struct stat *st)
{
	bool guarded_by_mode = S_ISREG(st->st_mode) ||
			       (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX) == 0);

	if (st->st_uid != 0)
		return false;
	if (!guarded_by_mode)
		return true;
	if (st->st_gid != 0 && (st->st_mode & S_IWGRP) != 0)
		return false;
	return (st->st_mode & S_IWOTH) == 0;
}

static enum path_check_result
path_check_fail(struct path_check *pc, enum path_check_result r, const char *culprit, int err)
{
	snprintf(pc->culprit, sizeof(pc->culprit), "%s", culprit);
	pc->err = err;
	pc->resolved[0] = '\0';
	return r;
}

enum path_check_result
path_check(const char *path, unsigned flags, struct path_check *pc)
{
	/* todo: components still to walk; done: the safe prefix ("" is "/"). */
	char todo[2 * PATH_MAX], next[2 * PATH_MAX], done[PATH_MAX], cand[PATH_MAX];
	char target[PATH_MAX];
	const char *p, *end, *rest;
	unsigned links = 0;
	struct stat st;
	ssize_t tlen;
	size_t clen;
	int n;

	memset(pc, 0, sizeof(*pc));
	done[0] = '\0';
	if (path[0] == '/') {
		n = snprintf(todo, sizeof(todo), "%s", path);
	} else {
		if (getcwd(cand, sizeof(cand)) == NULL)
			return path_check_fail(pc, PATH_CHECK_MISSING, ".", errno);
		n = snprintf(todo, sizeof(todo), "%s/%s", cand, path);
	}
	if (n < 0 || (size_t)n >= sizeof(todo))
		return path_check_fail(pc, PATH_CHECK_MISSING, path, ENAMETOOLONG);
	if (lstat("/", &st) == -1)
		return path_check_fail(pc, PATH_CHECK_MISSING, "/", errno);
	if (!path_check_safe(&st))
		return path_check_fail(pc, PATH_CHECK_UNSAFE, "/", 0);

	for (p = todo; *p != '\0';) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = strchrnul(p, '/');
		rest = end + strspn(end, "/");
		clen = (size_t)(end - p);
		if (clen == 1 && p[0] == '.') {
			p = end;
			continue;
		}
		if (clen == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(done, '/');

			if (slash != NULL)
				*slash = '\0';
			p = end;
			continue;
		}
		n = snprintf(cand, sizeof(cand), "%s/%.*s", done, (int)clen, p);
		if (n < 0 || (size_t)n >= sizeof(cand))
			return path_check_fail(pc, PATH_CHECK_MISSING, done, ENAMETOOLONG);
		if (lstat(cand, &st) == -1) {
			if (errno == ENOENT && *rest == '\0' &&
			    (flags & PATH_CHECK_MAY_BE_MISSING)) {
				snprintf(pc->resolved, sizeof(pc->resolved), "%s", cand);
				return PATH_CHECK_OK;
			}
			return path_check_fail(pc, PATH_CHECK_MISSING, cand, errno);
		}
		if (S_ISLNK(st.st_mode)) {
			/* The link could be replaced by whoever owns it. */
			if (!path_check_safe(&st))
				return path_check_fail(pc, PATH_CHECK_UNSAFE, cand, 0);
			if (++links > PATH_CHECK_MAX_LINKS)
				return path_check_fail(pc, PATH_CHECK_MISSING, cand, ELOOP);
			tlen = readlink(cand, target, sizeof(target) - 1);
			if (tlen < 0)
				return path_check_fail(pc, PATH_CHECK_MISSING, cand, errno);
			target[tlen] = '\0';
			n = snprintf(next, sizeof(next), "%s/%s", target, rest);
			if (n < 0 || (size_t)n >= sizeof(next))
				return path_check_fail(pc, PATH_CHECK_MISSING, cand, ENAMETOOLONG);
			memcpy(todo, next, (size_t)n + 1);
			if (target[0] == '/')
				done[0] = '\0';
			p = todo;
			continue;
		}
		/* Only a directory may have something after it; the end is a file. */
		if (*rest != '\0' ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
			return path_check_fail(pc, PATH_CHECK_WRONG_TYPE, cand,
					       *rest != '\0' ? ENOTDIR : EINVAL);
		if (!path_check_safe(&st))
			return path_check_fail(pc, PATH_CHECK_UNSAFE, cand, 0);
		memcpy(done, cand, (size_t)n + 1);
		p = rest;
	}
	if (done[0] == '\0')
		return path_check_fail(pc, PATH_CHECK_WRONG_TYPE, "/", EISDIR);
	snprintf(pc->resolved, sizeof(pc->resolved), "%s", done);
	return PATH_CHECK_OK;
}
