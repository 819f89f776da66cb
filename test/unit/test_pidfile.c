/*
 * Tests of pid file creation and removal, each in a fresh temporary
 * directory. Live holders are real processes: our parent and a forked
 * sleeper; a dead one is a child already reaped.
 */
#include "config.h"

#include "lib/pidfile.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit_helpers.h"

struct dir {
	char path[64];
	char pidfile[128];
	char target[128];
};

static int
dir_setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	assert_non_null(d);
	unit_tmpdir_make(d->path, sizeof(d->path), "test_pidfile");
	snprintf(d->pidfile, sizeof(d->pidfile), "%s/keepalived.pid", d->path);
	snprintf(d->target, sizeof(d->target), "%s/precious", d->path);
	*state = d;
	return 0;
}

static int
dir_teardown(void **state)
{
	struct dir *d = *state;

	unit_tmpdir_remove(d->path);
	free(d);
	return 0;
}

/* The whole content of path, or "" when it cannot be read. */
static const char *
read_file(const char *path)
{
	static char buf[256];
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static const char *
pid_line(pid_t pid)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", (int)pid);
	return buf;
}

static void
write_pid(const char *path, pid_t pid)
{
	unit_write_file(path, pid_line(pid));
}

/* A process that existed and is gone (reaped). */
static pid_t
dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return pid;
}

static void
create_with_umask(const char *path, mode_t mask)
{
	mode_t old = umask(mask);
	struct stat st;
	int rc = pidfile_create(path, NULL);

	umask(old);
	assert_int_equal(rc, 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_string_equal(read_file(path), pid_line(getpid()));
}

static void
test_create_content_and_mode(void **state)
{
	struct dir *d = *state;
	pid_t holder = -1;

	create_with_umask(d->pidfile, 022);
	pidfile_remove(d->pidfile);
	assert_int_equal(access(d->pidfile, F_OK), -1);
	create_with_umask(d->pidfile, 077);

	/* Our own pid in the file is not another daemon: replaced. */
	assert_int_equal(pidfile_create(d->pidfile, &holder), 0);
	assert_int_equal(holder, 0);
	assert_int_equal(pidfile_read_live(d->pidfile), getpid());
}

static void
test_stale_replaced(void **state)
{
	static const char *const garbage[] = { "", "hello\n", "0\n", "-5\n", "12x\n",
					       "99999999999999999999\n" };
	struct dir *d = *state;
	pid_t holder = -1;
	size_t i;

	write_pid(d->pidfile, dead_pid());
	assert_int_equal(pidfile_read_live(d->pidfile), 0);
	assert_int_equal(pidfile_create(d->pidfile, &holder), 0);
	assert_int_equal(holder, 0);
	assert_string_equal(read_file(d->pidfile), pid_line(getpid()));

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		unit_write_file(d->pidfile, garbage[i]);
		assert_int_equal(pidfile_read_live(d->pidfile), 0);
		assert_int_equal(pidfile_create(d->pidfile, NULL), 0);
		assert_string_equal(read_file(d->pidfile), pid_line(getpid()));
	}
}

static void
test_live_holder_refused(void **state)
{
	struct dir *d = *state;
	pid_t holder = 0, sleeper;

	/* Our parent is alive. */
	write_pid(d->pidfile, getppid());
	assert_int_equal(pidfile_create(d->pidfile, &holder), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(holder, getppid());
	assert_string_equal(read_file(d->pidfile), pid_line(getppid()));
	assert_int_equal(pidfile_read_live(d->pidfile), getppid());

	/* So is a sleeping child, until it dies and is reaped. */
	sleeper = fork();
	assert_true(sleeper >= 0);
	if (sleeper == 0) {
		pause();
		_exit(0);
	}
	write_pid(d->pidfile, sleeper);
	holder = 0;
	assert_int_equal(pidfile_create(d->pidfile, &holder), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(holder, sleeper);
	/* Not ours: removal leaves it alone. */
	pidfile_remove(d->pidfile);
	assert_string_equal(read_file(d->pidfile), pid_line(sleeper));

	kill(sleeper, SIGKILL);
	assert_int_equal(waitpid(sleeper, NULL, 0), sleeper);
	assert_int_equal(pidfile_read_live(d->pidfile), 0);
	assert_int_equal(pidfile_create(d->pidfile, &holder), 0);
	assert_int_equal(holder, 0);
	assert_string_equal(read_file(d->pidfile), pid_line(getpid()));
}

static void
test_symlink_refused(void **state)
{
	struct dir *d = *state;
	struct stat st;
	pid_t holder = -1;

	/* A symlink to an existing file: refused, target untouched. */
	unit_write_file(d->target, "precious\n");
	assert_int_equal(symlink(d->target, d->pidfile), 0);
	assert_int_equal(pidfile_create(d->pidfile, &holder), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(holder, 0);
	assert_string_equal(read_file(d->target), "precious\n");
	assert_int_equal(lstat(d->pidfile, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* Not even when the target holds our pid. */
	write_pid(d->target, getpid());
	pidfile_remove(d->pidfile);
	assert_int_equal(lstat(d->pidfile, &st), 0);
	assert_string_equal(read_file(d->target), pid_line(getpid()));
	assert_int_equal(pidfile_read_live(d->pidfile), 0);

	/* A dangling symlink: its target is not created. */
	assert_int_equal(unlink(d->target), 0);
	assert_int_equal(pidfile_create(d->pidfile, NULL), -1);
	assert_int_equal(errno, ELOOP);
	assert_int_equal(access(d->target, F_OK), -1);
	assert_int_equal(lstat(d->pidfile, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static void
test_non_regular_refused(void **state)
{
	struct dir *d = *state;
	struct stat st;

	assert_int_equal(mkfifo(d->pidfile, 0600), 0);
	assert_int_equal(pidfile_create(d->pidfile, NULL), -1); /* and did not block */
	assert_int_equal(errno, EINVAL);
	assert_int_equal(lstat(d->pidfile, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(unlink(d->pidfile), 0);

	assert_int_equal(mkdir(d->pidfile, 0700), 0);
	assert_int_equal(pidfile_create(d->pidfile, NULL), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(rmdir(d->pidfile), 0);
}

static void
test_remove_only_ours(void **state)
{
	struct dir *d = *state;

	/* Absent: nothing happens, errno is kept. */
	errno = EAGAIN;
	pidfile_remove(d->pidfile);
	assert_int_equal(errno, EAGAIN);

	write_pid(d->pidfile, getppid());
	pidfile_remove(d->pidfile);
	assert_string_equal(read_file(d->pidfile), pid_line(getppid()));

	write_pid(d->pidfile, dead_pid());
	pidfile_remove(d->pidfile);
	assert_int_equal(access(d->pidfile, F_OK), 0);

	assert_int_equal(unlink(d->pidfile), 0);
	assert_int_equal(pidfile_create(d->pidfile, NULL), 0);
	pidfile_remove(d->pidfile);
	assert_int_equal(access(d->pidfile, F_OK), -1);
	assert_int_equal(errno, ENOENT);
}

static void
test_missing_directory(void **state)
{
	struct dir *d = *state;
	char path[128];

	snprintf(path, sizeof(path), "%s/no/such.pid", d->path);
	assert_int_equal(pidfile_create(path, NULL), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(pidfile_read_live(path), 0);
}

#define DIR_TEST(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		DIR_TEST(test_create_content_and_mode),
		DIR_TEST(test_stale_replaced),
		DIR_TEST(test_live_holder_refused),
		DIR_TEST(test_symlink_refused),
		DIR_TEST(test_non_regular_refused),
		DIR_TEST(test_remove_only_ours),
		DIR_TEST(test_missing_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
