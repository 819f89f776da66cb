/*
 * Tests of the safe dump writer, each in a fresh temporary directory: the
 * file appears whole with mode 0600 whatever the umask, and whatever an
 * attacker planted at the name (a symlink to a precious file, a dangling
 * symlink, a hard link, a FIFO, a directory) is replaced or refused, never
 * written through; no temporary file is ever left behind.
 */
#include "config.h"

#include "keepalived/core/dump.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_check.h"
#include "status_fixture.h"
#include "unit_helpers.h"

struct dir {
	char path[64];
	char dump[128];     /* path/keepalived.data */
	char precious[128]; /* path/precious: must never change */
};

static const char precious_text[] = "root:x:0:0:do not touch\n";

static int
dir_setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	unit_tmpdir_make(d->path, sizeof(d->path), "test_dump");
	snprintf(d->dump, sizeof(d->dump), "%s/keepalived.data", d->path);
	snprintf(d->precious, sizeof(d->precious), "%s/precious", d->path);
	unit_write_file(d->precious, precious_text);
	assert_int_equal(chmod(d->precious, 0644), 0);
	*state = d;
	return 0;
}

static int
dir_teardown(void **state)
{
	struct dir *d = *state;

	unit_tmpdir_remove(d->path);
	free(d);
	unsetenv("TMPDIR");
	return 0;
}

/* The whole content of path ("" if it cannot be read); static storage. */
static const char *
slurp(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (f == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Entries of the directory other than the ones expected. */
static unsigned
count_entries(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	assert_non_null(dh);
	while ((de = readdir(dh)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dh);
	return n;
}

static void
assert_precious_intact(const struct dir *d)
{
	struct stat st;

	assert_string_equal(slurp(d->precious), precious_text);
	assert_int_equal(stat(d->precious, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

static void
assert_dump_file(const struct dir *d, const char *content)
{
	struct stat st;

	assert_int_equal(lstat(d->dump, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_nlink, 1);
	assert_string_equal(slurp(d->dump), content);
}

static void
test_write_new(void **state)
{
	struct dir *d = *state;
	mode_t old = umask(0);

	/* Even with no umask at all, the file is 0600. */
	assert_int_equal(dump_write(d->path, "keepalived.data", "hello\n", 6), 0);
	umask(old);
	assert_dump_file(d, "hello\n");
	assert_int_equal(count_entries(d->path), 2);
}

static void
test_replace_existing(void **state)
{
	struct dir *d = *state;
	struct stat before, after;

	unit_write_file(d->dump, "old content that is longer\n");
	assert_int_equal(chmod(d->dump, 0666), 0);
	assert_int_equal(stat(d->dump, &before), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "new\n", 4), 0);
	assert_dump_file(d, "new\n");
	/* A new inode: a reader holding the old file keeps a whole old file. */
	assert_int_equal(stat(d->dump, &after), 0);
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(count_entries(d->path), 2);
}

static void
test_symlink_planted(void **state)
{
	struct dir *d = *state;

	assert_int_equal(symlink(d->precious, d->dump), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "dump\n", 5), 0);
	assert_precious_intact(d);
	assert_dump_file(d, "dump\n");
	assert_int_equal(count_entries(d->path), 2);
}

static void
test_dangling_symlink_planted(void **state)
{
	struct dir *d = *state;
	char target[160];
	struct stat st;

	/* Following it would create a file where the attacker wants one. */
	snprintf(target, sizeof(target), "%s/created-by-attack", d->path);
	assert_int_equal(symlink(target, d->dump), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "dump\n", 5), 0);
	assert_int_equal(lstat(target, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_dump_file(d, "dump\n");
}

static void
test_hardlink_planted(void **state)
{
	struct dir *d = *state;

	assert_int_equal(link(d->precious, d->dump), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "dump\n", 5), 0);
	assert_precious_intact(d);
	assert_dump_file(d, "dump\n");
}

static void
test_fifo_planted(void **state)
{
	struct dir *d = *state;

	/* Opening a FIFO for writing would block the daemon. */
	assert_int_equal(mkfifo(d->dump, 0666), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "dump\n", 5), 0);
	assert_dump_file(d, "dump\n");
}

static void
test_directory_planted(void **state)
{
	struct dir *d = *state;
	struct stat st;

	assert_int_equal(mkdir(d->dump, 0755), 0);
	assert_int_equal(dump_write(d->path, "keepalived.data", "dump\n", 5), -1);
	assert_int_equal(lstat(d->dump, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* The directory, the precious file, and no temporary left over. */
	assert_int_equal(count_entries(d->path), 2);
	assert_int_equal(rmdir(d->dump), 0);
}

static void
test_missing_dir(void **state)
{
	struct dir *d = *state;
	char missing[160];

	snprintf(missing, sizeof(missing), "%s/no/such/dir", d->path);
	assert_int_equal(dump_write(missing, "keepalived.data", "x", 1), -1);
	assert_int_equal(errno, ENOENT);
	/* A file is not a directory. */
	assert_int_equal(dump_write(d->precious, "keepalived.data", "x", 1), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_precious_intact(d);
}

static void
test_large_and_empty(void **state)
{
	struct dir *d = *state;
	static char big[1 << 20];
	struct stat st;

	memset(big, 'z', sizeof(big));
	assert_int_equal(dump_write(d->path, "keepalived.data", big, sizeof(big)), 0);
	assert_int_equal(stat(d->dump, &st), 0);
	assert_int_equal(st.st_size, sizeof(big));
	assert_int_equal(dump_write(d->path, "keepalived.data", "", 0), 0);
	assert_dump_file(d, "");
}

static void
test_dump_dir(void **state)
{
	struct dir *d = *state;

	unsetenv("TMPDIR");
	assert_string_equal(dump_dir(), "/tmp");
	setenv("TMPDIR", d->path, 1);
	assert_string_equal(dump_dir(), d->path);
	/* The daemon works in /: a relative TMPDIR is ignored. */
	setenv("TMPDIR", "relative/dir", 1);
	assert_string_equal(dump_dir(), "/tmp");
	setenv("TMPDIR", "", 1);
	assert_string_equal(dump_dir(), "/tmp");
	assert_string_equal(dump_file_name(DUMP_DATA), "keepalived.data");
	assert_string_equal(dump_file_name(DUMP_STATS), "keepalived.stats");
	assert_string_equal(dump_file_name(DUMP_JSON), "keepalived.json");
}

/* The three dumps of a daemon state, into $TMPDIR, through a planted link. */
static void
test_dump_status(void **state)
{
	struct dir *d = *state;
	struct status_fixture *fx = calloc(1, sizeof(*fx));
	char path[160];

	assert_non_null(fx);
	status_fixture_build(fx);
	setenv("TMPDIR", d->path, 1);
	assert_int_equal(symlink(d->precious, d->dump), 0);

	assert_int_equal(dump_status(&fx->st, DUMP_DATA), 0);
	assert_precious_intact(d);
	assert_non_null(strstr(slurp(d->dump), " VRRP Instance = VI_1\n"));

	snprintf(path, sizeof(path), "%s/keepalived.stats", d->path);
	assert_int_equal(dump_status(&fx->st, DUMP_STATS), 0);
	assert_non_null(strstr(slurp(path), "VRRP Instance: VI_6\n"));

	snprintf(path, sizeof(path), "%s/keepalived.json", d->path);
	assert_int_equal(dump_status(&fx->st, DUMP_JSON), 0);
	assert_true(json_valid(slurp(path), NULL));
	assert_true(slurp(path)[0] == '[');
	assert_int_equal(count_entries(d->path), 4);

	vrrp_status_free(&fx->st);
	free(fx);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, dir_setup, dir_teardown)
		T(test_write_new),
		T(test_replace_existing),
		T(test_symlink_planted),
		T(test_dangling_symlink_planted),
		T(test_hardlink_planted),
		T(test_fifo_planted),
		T(test_directory_planted),
		T(test_missing_dir),
		T(test_large_and_empty),
		T(test_dump_dir),
		T(test_dump_status),
#undef T
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
