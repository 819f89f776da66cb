/*
 * Whether anyone but root could change what a path names. The path is
 * walked one component at a time, the way the kernel resolves it, with
 * every symbolic link followed by hand: each directory on the way, each
 * link met and the file at the end are examined with lstat(). The rule is
 * keepalived's (enable_script_security): a component is safe if root owns
 * it and, for a directory without the sticky bit or for a regular file,
 * neither others nor a group other than root may write it. A link's own
 * mode means nothing (it is always 0777), so only its owner counts; a
 * sticky directory such as /tmp passes because others can neither rename
 * nor remove root's entries in it.
 *
 * When the walk succeeds, resolved holds the path with no link left in it,
 * every component of which was found safe: opening or executing that path
 * later reaches the same file unless root changed it. Opening or executing
 * the configured path instead would follow the links again, and a link is
 * exactly what a check-then-use race swaps.
 */
#ifndef LIB_PATH_CHECK_H
#define LIB_PATH_CHECK_H

#include <limits.h>

enum path_check_result {
	PATH_CHECK_OK = 0,
	PATH_CHECK_MISSING,    /* a component could not be examined: err says why */
	PATH_CHECK_WRONG_TYPE, /* not a directory on the way, or the end not a regular file */
	PATH_CHECK_UNSAFE,     /* a component that someone other than root can change */
};

/* The last component may be absent (a file the caller will create). */
#define PATH_CHECK_MAY_BE_MISSING 0x1u

struct path_check {
	char resolved[PATH_MAX]; /* PATH_CHECK_OK: the path without links */
	char culprit[PATH_MAX];  /* otherwise: the component that failed */
	int err;                 /* PATH_CHECK_MISSING: errno */
};

/* Walk path (relative: from the working directory) with flags PATH_CHECK_*. */
enum path_check_result path_check(const char *path, unsigned flags, struct path_check *pc);

#endif
