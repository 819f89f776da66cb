/*
 * Reading back what the checker process published (check_status_pub.h).
 */
#include "config.h"

#include "keepalived/check/status/check_status_pub.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

char *
check_status_read(const char *dir, const char *name)
{
	char path[4096], *text;
	struct stat st;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return NULL;
	/* Only a regular file of root's (the checker's), and of a sane size. */
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    st.st_size > (1 << 24)) {
		close(fd);
		return NULL;
	}
	text = malloc((size_t)st.st_size + 1);
	if (text == NULL) {
		close(fd);
		return NULL;
	}
	n = read(fd, text, (size_t)st.st_size);
	close(fd);
	if (n < 0) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

/* The main process's view ---------------------------------------------------- */

static char published_dir[PATH_MAX];

void
check_status_set_dir(const char *checkers_pid_path)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", checkers_pid_path);
	snprintf(published_dir, sizeof(published_dir), "%s", dirname(copy));
}

char *
check_status_published(const char *name)
{
	return published_dir[0] != '\0' ? check_status_read(published_dir, name) : NULL;
}
