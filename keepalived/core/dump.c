/*
 * Safe dump files: a new file in the target directory, then rename(2).
 *
 * /tmp is writable by everyone, so whatever sits at /tmp/keepalived.data
 * may have been put there by someone else: a symlink to /etc/shadow, a
 * hard link, a FIFO. keepalived before 2.0.11 opened that path and wrote
 * through it (CVE-2018-19044). Here the path is never opened: the content
 * goes to a file we create ourselves (O_EXCL: it cannot exist already;
 * O_NOFOLLOW: not through a link) and rename() replaces the directory
 * entry, whatever it was, without touching what it pointed to.
 */
#include "config.h"

#include "dump.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/status/vrrp_status.h"
#include "lib/log.h"

#define DUMP_DEFAULT_DIR "/tmp"
#define DUMP_MODE 0600
#define DUMP_TMP_TRIES 32

/* clang-format off */
static const char *const dump_names[] = {
	[DUMP_DATA] = "keepalived.data",
	[DUMP_STATS] = "keepalived.stats",
	[DUMP_JSON] = "keepalived.json",
};
/* clang-format on */

static char dump_suffix[80];

void
dump_set_suffix(const char *suffix)
{
	snprintf(dump_suffix, sizeof(dump_suffix), "%s", suffix);
}

const char *
dump_file_name(enum dump_kind kind)
{
	static char name[sizeof(dump_suffix) + 32];
	const char *dot;

	if (dump_suffix[0] == '\0')
		return dump_names[kind];
	dot = strrchr(dump_names[kind], '.');
	snprintf(name, sizeof(name), "%.*s.%s%s", (int)(dot - dump_names[kind]), dump_names[kind],
		 dump_suffix, dot);
	return name;
}

const char *
dump_dir(void)
{
	const char *dir = getenv("TMPDIR");

	/* The daemon runs in /: a relative TMPDIR would mean something else. */
	return dir != NULL && dir[0] == '/' ? dir : DUMP_DEFAULT_DIR;
}

/* A name no one can predict for the temporary file. */
static void
dump_tmp_name(char *buf, size_t size, const char *name)
{
	uint64_t r;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid();
	}
	snprintf(buf, size, ".%s.%016llx", name, (unsigned long long)r);
}

static int
dump_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
dump_write(const char *dir, const char *name, const char *data, size_t len)
{
	char tmp[256];
	int dirfd, fd = -1, saved, tries;

	/* Everything below happens relative to this one directory. */
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd == -1)
		return -1;
	for (tries = 0; tries < DUMP_TMP_TRIES && fd == -1; tries++) {
		dump_tmp_name(tmp, sizeof(tmp), name);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    DUMP_MODE);
		if (fd == -1 && errno != EEXIST)
			goto fail;
	}
	if (fd == -1)
		goto fail;
	/* The umask can only take bits away; make sure of exactly 0600. */
	if (fchmod(fd, DUMP_MODE) == -1 || dump_write_all(fd, data, len) == -1)
		goto fail_unlink;
	if (close(fd) == -1) {
		fd = -1;
		goto fail_unlink;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) == -1)
		goto fail_unlink;
	close(dirfd);
	return 0;

fail_unlink:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	close(dirfd);
	errno = saved;
	return -1;
fail:
	saved = errno;
	close(dirfd);
	errno = saved;
	return -1;
}

int
dump_status(const struct vrrp_status *st, enum dump_kind kind)
{
	struct vrrp_status_buf out;
	const char *dir = dump_dir();
	int rc = -1;

	vrrp_status_buf_init(&out);
	switch (kind) {
	case DUMP_DATA:
		vrrp_status_data(st, &out);
		break;
	case DUMP_STATS:
		vrrp_status_stats(st, &out);
		break;
	case DUMP_JSON:
		vrrp_status_json(st,
				 VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS |
					 VRRP_STATUS_JSON_BARE,
				 &out);
		break;
	}
	if (out.failed)
		log_warnx("%s: %s: out of memory", __func__, dump_file_name(kind));
	else if (dump_write(dir, dump_file_name(kind), out.data != NULL ? out.data : "", out.len) ==
		 -1)
		log_warn("Unable to write %s/%s", dir, dump_file_name(kind));
	else
		rc = 0;
	vrrp_status_buf_free(&out);
	return rc;
}
