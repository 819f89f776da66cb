/*
 * Dump files, as keepalived 2.2.7 writes them on its signals (SIGUSR1:
 * keepalived.data, SIGUSR2: keepalived.stats, the JSON signal:
 * keepalived.json), in $TMPDIR or /tmp where existing exporters read them,
 * but written safely: the content goes to a new file created in the same
 * directory with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, which is then
 * renamed over the name. A link planted at the name is replaced, never
 * followed, so its target is never written; a reader sees the old file or
 * the whole new one, never a partial one.
 */
#ifndef CORE_DUMP_H
#define CORE_DUMP_H

#include <stddef.h>

struct vrrp_status;

enum dump_kind {
	DUMP_DATA,  /* keepalived.data, SIGUSR1 */
	DUMP_STATS, /* keepalived.stats, SIGUSR2 */
	DUMP_JSON,  /* keepalived.json, the JSON signal */
};

/* The file name of a dump ("keepalived.data"...). */
const char *dump_file_name(enum dump_kind kind);

/*
 * data_use_instance: names become keepalived.SUFFIX.data...; "" for the
 * plain names. Copied.
 */
void dump_set_suffix(const char *suffix);

/* Where dumps go: $TMPDIR when it is set to an absolute path, else /tmp. */
const char *dump_dir(void);

/*
 * Write len bytes of data as dir/name, safely (see above): the file is
 * complete and mode 0600 once it appears. Fails, leaving whatever is at
 * dir/name as it was, when dir is not a directory or dir/name is one.
 * Returns 0, or -1 with errno set.
 */
int dump_write(const char *dir, const char *name, const char *data, size_t len);

/*
 * Render st as kind and write it into dump_dir(); logs the outcome.
 * Returns 0 or -1.
 */
int dump_status(const struct vrrp_status *st, enum dump_kind kind);

#endif
