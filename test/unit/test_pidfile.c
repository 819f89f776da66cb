/*
 * Tests of pid file creation, locking and removal, each in a fresh
 * temporary directory. Live holders are real processes: our parent and a
 * forked sleeper; a dead one is a child already reaped. Closing the
 * descriptor without removing the file is a daemon that died.
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

/* pidfile_create() succeeded: the file is ours; then "die" without removing it. */
static void
created_and_dropped(const char *path, int fd)
{
	assert_true(fd >= 0);
	assert_string_equal(read_file(path), pid_line(getpid()));
	close(fd);
}

static int
create_with_umask(const char *path, mode_t mask)
{
	mode_t old = umask(mask);
	struct stat st;
	int fd = pidfile_create(path, NULL);

	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_string_equal(read_file(path), pid_line(getpid()));
	return fd;
}

static void
test_create_content_and_mode(void **state)
{
	struct dir *d = *state;
	pid_t holder = -1;
	int fd;

	fd = create_with_umask(d->pidfile, 022);
	pidfile_remove(d->pidfile, fd);
	assert_int_equal(access(d->pidfile, F_OK), -1);
	close(create_with_umask(d->pidfile, 077));

	/* Our own pid in an unlocked file is not another daemon: replaced. */
	fd = pidfile_create(d->pidfile, &holder);
	assert_true(fd >= 0);
	assert_int_equal(holder, 0);
	assert_int_equal(pidfile_read_live(d->pidfile), getpid());
	pidfile_remove(d->pidfile, fd);
}

static void
test_stale_replaced(void **state)
{
	static const char *const garbage[] = { "",     "hello\n", "0\n",
					       "-5\n", "12x\n",   "99999999999999999999\n" };
	struct dir *d = *state;
	pid_t holder = -1;
	size_t i;

	write_pid(d->pidfile, dead_pid());
	assert_int_equal(pidfile_read_live(d->pidfile), 0);
	created_and_dropped(d->pidfile, pidfile_create(d->pidfile, &holder));
	assert_int_equal(holder, 0);

	for (i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		unit_write_file(d->pidfile, garbage[i]);
		assert_int_equal(pidfile_read_live(d->pidfile), 0);
		created_and_dropped(d->pidfile, pidfile_create(d->pidfile, NULL));
	}

	/* A longer stale pid than ours: nothing of it is left behind. */
	unit_write_file(d->pidfile, "2147483647\n");
	created_and_dropped(d->pidfile, pidfile_create(d->pidfile, NULL));
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
	pidfile_remove(d->pidfile, -1);
	assert_string_equal(read_file(d->pidfile), pid_line(sleeper));

	kill(sleeper, SIGKILL);
	assert_int_equal(waitpid(sleeper, NULL, 0), sleeper);
	assert_int_equal(pidfile_read_live(d->pidfile), 0);
	created_and_dropped(d->pidfile, pidfile_create(d->pidfile, &holder));
	assert_int_equal(holder, 0);
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
	pidfile_remove(d->pidfile, -1);
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

	int fd;

	/* Not ours: nothing happens, errno is kept. */
	errno = EAGAIN;
	pidfile_remove(d->pidfile, -1);
	assert_int_equal(errno, EAGAIN);

	write_pid(d->pidfile, getppid());
	pidfile_remove(d->pidfile, -1);
	assert_string_equal(read_file(d->pidfile), pid_line(getppid()));

	assert_int_equal(unlink(d->pidfile), 0);
	fd = pidfile_create(d->pidfile, NULL);
	assert_true(fd >= 0);
	pidfile_remove(d->pidfile, fd);
	assert_int_equal(access(d->pidfile, F_OK), -1);
	assert_int_equal(errno, ENOENT);

	/* Our file replaced by another under the same name: that one stays. */
	fd = pidfile_create(d->pidfile, NULL);
	assert_true(fd >= 0);
	assert_int_equal(unlink(d->pidfile), 0);
	write_pid(d->pidfile, getppid());
	pidfile_remove(d->pidfile, fd);
	assert_string_equal(read_file(d->pidfile), pid_line(getppid()));
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

/*
 * A locked file is refused whatever it says: here its holder is a child,
 * and the content is a dead pid (as when an admin "cleans up" the file).
 */
static void
test_locked_refused(void **state)
{
	struct dir *d = *state;
	int ready[2], go[2], fd;
	pid_t child, holder = 0;
	char byte = 0;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		fd = pidfile_create(d->pidfile, NULL);
		byte = fd >= 0 ? 'y' : 'n';
		if (write(ready[1], &byte, 1) != 1 || read(go[0], &byte, 1) < 0)
			_exit(2);
		_exit(0); /* dies holding it: the kernel drops the lock */
	}
	assert_int_equal(read(ready[0], &byte, 1), 1);
	assert_int_equal(byte, 'y');
	write_pid(d->pidfile, dead_pid());
	assert_int_equal(pidfile_create(d->pidfile, &holder), -1);
	assert_int_equal(errno, EEXIST);
	/* The content names a dead process: the lock alone said no. */
	assert_true(holder > 0 && holder != child);

	assert_int_equal(write(go[1], &byte, 1), 1);
	assert_int_equal(waitpid(child, NULL, 0), child);
	fd = pidfile_create(d->pidfile, &holder);
	assert_true(fd >= 0);
	assert_int_equal(holder, 0);
	pidfile_remove(d->pidfile, fd);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

/* A file that is not ours alone is replaced, never written through. */
static void
test_foreign_file_replaced(void **state)
{
	struct dir *d = *state;
	struct stat st;
	int fd;

	unit_write_file(d->target, "precious\n");
	assert_int_equal(link(d->target, d->pidfile), 0);
	fd = pidfile_create(d->pidfile, NULL);
	assert_true(fd >= 0);
	assert_string_equal(read_file(d->target), "precious\n");
	assert_string_equal(read_file(d->pidfile), pid_line(getpid()));
	assert_int_equal(stat(d->target, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	pidfile_remove(d->pidfile, fd);
}

#define RACE_ROUNDS 100
#define RACE_STARTERS 6

/*
 * Daemons started together: RACE_STARTERS processes released at once
 * against a stale file, RACE_ROUNDS times. Exactly one may win each round;
 * the winner then dies without removing the file, so the next round starts
 * from a stale, unlocked file again.
 */
static void
test_race_one_winner(void **state)
{
	struct dir *d = *state;
	int round, i, winners, most = 0, results[2], go[2], release[2];
	pid_t kids[RACE_STARTERS];
	char byte;

	write_pid(d->pidfile, dead_pid());
	for (round = 0; round < RACE_ROUNDS; round++) {
		assert_int_equal(pipe(results), 0);
		assert_int_equal(pipe(go), 0);
		assert_int_equal(pipe(release), 0);
		for (i = 0; i < RACE_STARTERS; i++) {
			kids[i] = fork();
			assert_true(kids[i] >= 0);
			if (kids[i] == 0) {
				close(go[1]);
				close(release[1]);
				if (read(go[0], &byte, 1) != 0)
					_exit(2);
				byte = pidfile_create(d->pidfile, NULL) >= 0 ? 'y' : 'n';
				if (write(results[1], &byte, 1) != 1)
					_exit(2);
				/* Winners run on until the round is counted. */
				if (read(release[0], &byte, 1) != 0)
					_exit(2);
				_exit(0);
			}
		}
		close(go[0]);
		close(go[1]); /* end of file: everyone starts now */
		close(release[0]);
		winners = 0;
		for (i = 0; i < RACE_STARTERS; i++) {
			assert_int_equal(read(results[0], &byte, 1), 1);
			winners += byte == 'y';
		}
		close(release[1]);
		for (i = 0; i < RACE_STARTERS; i++)
			assert_int_equal(waitpid(kids[i], NULL, 0), kids[i]);
		close(results[0]);
		close(results[1]);
		if (winners > most)
			most = winners;
		if (winners != 1)
			print_message("  round %d: %d winners\n", round, winners);
	}
	assert_int_equal(most, 1);
}

#define DIR_TEST(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		DIR_TEST(test_create_content_and_mode),
		DIR_TEST(test_stale_replaced),
		DIR_TEST(test_live_holder_refused),
		DIR_TEST(test_symlink_refused),
		DIR_TEST(test_non_regular_refused),
		DIR_TEST(test_remove_only_ours),
		DIR_TEST(test_missing_directory),
		DIR_TEST(test_locked_refused),
		DIR_TEST(test_foreign_file_replaced),
		DIR_TEST(test_race_one_winner),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
