/*
 * Notify scripts and notify FIFOs (vrrp_notify.h). A FIFO's buffer is
 * allocated once when it is opened; notifying allocates only the small
 * records kept for each running script (the loop's, and ours, which frees
 * its slot when the script ends).
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_notify.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/run/vrrp_track.h"

#define NOTIFY_LOG_INTERVAL_US 10000000ULL /* failures: 5 lines per 10 s */
#define NOTIFY_LOG_BURST 5
#define NOTIFY_STOP_MAX 64 /* STOP scripts waited for at shutdown */
#define NOTIFY_LINE_MAX 160

struct vrrp_fifo {
	struct vrrp_notifier *n;
	const struct vrrp_fifo_conf *conf;
	const char *type; /* "" or "vrrp ", as keepalived's messages */
	int fd;
	char *buf; /* whole lines waiting for the reader */
	size_t len;
	bool watching; /* EV_WRITE armed */
	struct vrrp_exec script;
	struct vrrp_exec_child *script_child;
	struct vrrp_fifo_stats stats;
	struct log_ratelimit rl;
};

/*
 * A notify script of a target, kept by the notifier: most instances have
 * none, and a struct vrrp_exec holds a whole path (PATH_MAX).
 */
struct notify_exec {
	struct notify_exec *next;
	struct vrrp_exec x;
};

/* The scripts and queue of a target with scripts, kept by the notifier. */
struct notify_queue {
	struct notify_queue *next;
	struct vrrp_notify_scripts s;
};

/* A notify script running, watched so that the next one waiting can start. */
struct notify_child {
	struct vrrp_notifier *n;
	struct vrrp_notify_target *tg;
	struct vrrp_exec_child *child;
	enum vrrp_notify_kind kind; /* to log a failure to execute */
	struct notify_child *prev, *next;
};

struct vrrp_notifier {
	struct ev_loop *loop;
	struct notify_child *children; /* running notify scripts */
	struct notify_exec *execs;     /* the targets' scripts */
	struct notify_queue *queues;   /* and their queues */
	struct vrrp_exec_defaults *defaults;
	bool global_priority_changes;
	struct vrrp_fifo fifo[VRRP_FIFO_COUNT_];
	struct vrrp_fifo_conf lvs_conf[VRRP_FIFO_COUNT_]; /* vrrp_notifier_new_lvs()'s copies */
	pid_t stop_pids[NOTIFY_STOP_MAX];
	size_t nstop;
	struct log_ratelimit rl;
};

/* FIFOs ------------------------------------------------------------------------- */

/* Write what is buffered; true when the buffer is empty. */
static bool
fifo_drain(struct vrrp_fifo *f)
{
	ssize_t n;

	while (f->len > 0) {
		n = write(f->fd, f->buf, f->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		memmove(f->buf, f->buf + n, f->len - (size_t)n);
		f->len -= (size_t)n;
	}
	return true;
}

static void
fifo_writable(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_fifo *f = arg;

	if (fifo_drain(f) && f->watching) {
		ev_fd_del(loop, fd);
		f->watching = false;
	}
}

static void
fifo_write(struct vrrp_fifo *f, const char *line, size_t len)
{
	ssize_t n = 0;

	if (f->fd < 0)
		return;
	if (f->len == 0) {
		do
			n = write(f->fd, line, len);
		while (n < 0 && errno == EINTR);
		if (n == (ssize_t)len) {
			f->stats.lines++;
			return;
		}
		if (n < 0 && errno != EAGAIN) {
			f->stats.errors++;
			log_ratelimited(&f->rl, ev_now(f->n->loop), LOG_WARNING,
					"cannot write to %snotify fifo %s: %s", f->type,
					f->conf->path, strerror(errno));
			return;
		}
		if (n < 0)
			n = 0;
	}
	if (f->len + len - (size_t)n > VRRP_FIFO_BUF_SIZE) {
		f->stats.drops++;
		log_ratelimited(&f->rl, ev_now(f->n->loop), LOG_WARNING,
				"%snotify fifo %s: the reader is too slow or gone, %" PRIu64
				" line(s) dropped so far",
				f->type, f->conf->path, f->stats.drops);
		return;
	}
	memcpy(f->buf + f->len, line + n, len - (size_t)n);
	f->len += len - (size_t)n;
	f->stats.lines++;
	if (f->len > f->stats.queued_max)
		f->stats.queued_max = f->len;
	if (!f->watching && ev_fd_add(f->n->loop, f->fd, EV_WRITE, fifo_writable, f) == 0)
		f->watching = true;
}

/*
 * Whether an existing FIFO at the path may be used, as st (from lstat())
 * shows it; NULL if so, else why not. Lines written to a FIFO someone else
 * planted, or can replace, go to whoever reads it. Acceptable owners: root,
 * the daemon's user, and the user the configuration gives the FIFO (it
 * owns the FIFO the daemon created for it before a restart). Nobody else
 * may write it: others never, a group only if it is root's, the daemon's or
 * the configured one.
 */
static const char *
fifo_unsafe(const struct stat *st, bool have_owner, uid_t uid, gid_t gid, char *why, size_t len)
{
	if (S_ISLNK(st->st_mode))
		return "it is a symbolic link";
	if (!S_ISFIFO(st->st_mode))
		return "it is not a FIFO";
	if (st->st_uid != 0 && st->st_uid != geteuid() && !(have_owner && st->st_uid == uid)) {
		snprintf(why, len, "it is owned by uid %u, not by root or the daemon's user",
			 (unsigned)st->st_uid);
		return why;
	}
	if ((st->st_mode & S_IWOTH) != 0) {
		snprintf(why, len, "it is writable by others (mode %04o)",
			 (unsigned)(st->st_mode & 07777));
		return why;
	}
	if ((st->st_mode & S_IWGRP) != 0 && st->st_gid != 0 && st->st_gid != getegid() &&
	    !(have_owner && st->st_gid == gid)) {
		snprintf(why, len, "it is writable by group %u (mode %04o)", (unsigned)st->st_gid,
			 (unsigned)(st->st_mode & 07777));
		return why;
	}
	return NULL;
}

/* The FIFO's reader ended: its record is gone, nothing is left to detach at close. */
static void
fifo_script_ended(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct vrrp_fifo *f = owner;

	(void)pid;
	(void)status;
	(void)timed_out;
	f->script_child = NULL;
	if (exec_errno != 0)
		log_warnx("cannot start %snotify fifo script %s: %s", f->type,
			  f->conf->script->text, strerror(exec_errno));
}

static void
fifo_open(struct vrrp_notifier *n, struct vrrp_fifo *f, const struct vrrp_fifo_conf *c,
	  const char *type)
{
	const char *extra[1] = { c->path };
	const char *unsafe;
	char why[96];
	struct stat st, fst;
	uid_t uid = 0;
	gid_t gid = 0;
	bool have_owner;

	f->n = n;
	f->conf = c;
	f->type = type;
	f->fd = -1;
	f->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(NOTIFY_LOG_INTERVAL_US, NOTIFY_LOG_BURST);
	if (c->path[0] == '\0')
		return;
	have_owner = c->user[0] != '\0' &&
		     vrrp_exec_lookup_user(c->user, c->group, &uid, &gid) == 0;
	if (mkfifo(c->path, S_IRUSR | S_IWUSR) == 0) {
		if (have_owner && chown(c->path, uid, gid) == -1)
			log_warn("Failed to set uid:gid for fifo %s", c->path);
	} else if (errno != EEXIST) {
		log_warn("Unable to create %snotify fifo %s", type, c->path);
	}
	if (lstat(c->path, &st) == -1) {
		log_warn("Unable to open %snotify fifo %s", type, c->path);
		return;
	}
	unsafe = fifo_unsafe(&st, have_owner, uid, gid, why, sizeof(why));
	if (unsafe != NULL) {
		f->stats.refused = true;
		log_warnx("%snotify fifo %s not used: %s", type, c->path, unsafe);
		return;
	}
	f->fd = open(c->path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (f->fd == -1) {
		log_warn("Unable to open %snotify fifo %s", type, c->path);
		return;
	}
	/* What was opened is what was checked, not something renamed in between. */
	if (fstat(f->fd, &fst) == -1 || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
		f->stats.refused = true;
		log_warnx("%snotify fifo %s not used: it was replaced while being opened", type,
			  c->path);
		close(f->fd);
		f->fd = -1;
		return;
	}
	f->buf = malloc(VRRP_FIFO_BUF_SIZE);
	if (f->buf == NULL) {
		close(f->fd);
		f->fd = -1;
		return;
	}
	f->stats.open = true;
	/* Its reader, once the FIFO is known to be ours; the first line waits in the pipe. */
	if (c->script != NULL &&
	    vrrp_exec_prepare(&f->script, c->script, n->defaults, "notify FIFO script", c->path) ==
		    0 &&
	    vrrp_exec_start(n->loop, &f->script, extra, 1, 0, fifo_script_ended, f,
			    &f->script_child) == -1)
		log_warn("cannot start %snotify fifo script %s", type, c->script->text);
}

static void
fifo_close(struct vrrp_fifo *f)
{
	if (f->fd >= 0) {
		if (f->watching)
			ev_fd_del(f->n->loop, f->fd);
		if (!fifo_drain(f) && f->len > 0)
			log_warnx("%snotify fifo %s: %zu bytes not read by anyone, dropped",
				  f->type, f->conf->path, f->len);
		close(f->fd);
	}
	/* Its FIFO stays (keepalived leaves it too); the reader may finish reading it. */
	vrrp_exec_detach(f->script_child, SIGTERM);
	free(f->buf);
	f->buf = NULL;
	f->fd = -1;
	f->watching = false;
}

static void
fifos_line(struct vrrp_notifier *n, bool group, const char *name, const char *what, int priority)
{
	char line[NOTIFY_LINE_MAX];
	int len;

	len = snprintf(line, sizeof(line), "%s \"%s\" %s %d\n", group ? "GROUP" : "INSTANCE", name,
		       what, priority);
	if (len <= 0 || (size_t)len >= sizeof(line))
		return;
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++)
		fifo_write(&n->fifo[i], line, (size_t)len);
}

/* The notifier ----------------------------------------------------------------------- */

struct vrrp_notifier *
vrrp_notifier_new(struct ev_loop *loop, const struct vrrp_track_conf *t,
		  struct vrrp_exec_defaults *defaults)
{
	static const char *const types[VRRP_FIFO_COUNT_] = { "", "vrrp ", "lvs " };
	static const struct vrrp_fifo_conf none;
	struct vrrp_notifier *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->loop = loop;
	n->defaults = defaults;
	n->global_priority_changes = t != NULL && t->notify_priority_changes;
	n->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(NOTIFY_LOG_INTERVAL_US, NOTIFY_LOG_BURST);
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++)
		fifo_open(n, &n->fifo[i], t != NULL && i != VRRP_FIFO_LVS ? &t->fifo[i] : &none,
			  types[i]);
	return n;
}

struct vrrp_notifier *
vrrp_notifier_new_lvs(struct ev_loop *loop, const struct vrrp_track_conf *t, bool global_script,
		      struct vrrp_exec_defaults *defaults)
{
	static const char *const types[VRRP_FIFO_COUNT_] = { "", "vrrp ", "lvs " };
	struct vrrp_notifier *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->loop = loop;
	n->defaults = defaults;
	n->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(NOTIFY_LOG_INTERVAL_US, NOTIFY_LOG_BURST);
	if (t != NULL) {
		n->lvs_conf[VRRP_FIFO_NOTIFY] = t->fifo[VRRP_FIFO_NOTIFY];
		n->lvs_conf[VRRP_FIFO_LVS] = t->fifo[VRRP_FIFO_LVS];
	}
	if (!global_script)
		n->lvs_conf[VRRP_FIFO_NOTIFY].script = NULL;
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++) {
		fifo_open(n, &n->fifo[i], &n->lvs_conf[i], types[i]);
		/* Started: its configuration may go (a reload), the FIFO stays. */
		n->lvs_conf[i].script = NULL;
	}
	return n;
}

void
vrrp_notifier_fifo_line(struct vrrp_notifier *n, const char *line)
{
	size_t len = strlen(line);

	for (int i = 0; n != NULL && i < VRRP_FIFO_COUNT_; i++)
		fifo_write(&n->fifo[i], line, len);
}

void
vrrp_notifier_free(struct vrrp_notifier *n)
{
	struct notify_child *c;
	struct notify_exec *e;
	struct notify_queue *q;

	if (n == NULL)
		return;
	while ((e = n->execs) != NULL) {
		n->execs = e->next;
		free(e);
	}
	while ((q = n->queues) != NULL) {
		n->queues = q->next;
		free(q);
	}
	/* Their targets may be freed already: the loop must not report to them. */
	while ((c = n->children) != NULL) {
		n->children = c->next;
		vrrp_exec_detach(c->child, 0);
		free(c);
	}
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++)
		fifo_close(&n->fifo[i]);
	free(n);
}

const struct vrrp_fifo_stats *
vrrp_notifier_fifo_stats(const struct vrrp_notifier *n, int i, const char **path)
{
	if (n == NULL || i < 0 || i >= VRRP_FIFO_COUNT_)
		return NULL;
	if (path != NULL)
		*path = n->fifo[i].conf != NULL ? n->fifo[i].conf->path : "";
	return &n->fifo[i].stats;
}

void
vrrp_notify_target_init(struct vrrp_notify_target *tg, struct vrrp_notifier *n,
			const struct vrrp_track_set_conf *set, const char *name, bool group)
{
	char what[VRRP_NAME_MAX + 40];
	struct notify_queue *q;
	bool any = false;

	memset(tg, 0, sizeof(*tg));
	tg->name = name;
	tg->group = group;
	tg->priority_changes = n->global_priority_changes;
	if (set == NULL)
		return;
	if (set->priority_changes_given)
		tg->priority_changes = set->priority_changes;
	for (int k = 0; k < VRRP_NOTIFY_KIND_COUNT_; k++) {
		tg->configured[k] = set->notify[k] != NULL;
		any = any || tg->configured[k];
	}
	if (!any)
		return;
	/* Its scripts' block, which only a target with scripts has. */
	if ((q = calloc(1, sizeof(*q))) == NULL) {
		log_warnx("(%s) notify scripts: out of memory, not run", name);
		return;
	}
	q->next = n->queues;
	n->queues = q;
	tg->s = &q->s;
	for (int k = 0; k < VRRP_NOTIFY_KIND_COUNT_; k++) {
		if (set->notify[k] == NULL)
			continue;
		struct notify_exec *e = calloc(1, sizeof(*e));

		if (e == NULL) {
			log_warnx("(%s) %s: out of memory, not run", name,
				  vrrp_notify_kind_keyword[k]);
			continue;
		}
		e->next = n->execs;
		n->execs = e;
		tg->s->exec[k] = &e->x;
		snprintf(what, sizeof(what), "%s", set->notify[k]->argv[0]);
		vrrp_exec_prepare(&e->x, set->notify[k], n->defaults, "notify script", what);
	}
}

/* Scripts ------------------------------------------------------------------------------ */

static void notify_child_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno);

/* Start one script now; its pid, or -1 (not configured, disabled, or failed: logged). */
static pid_t
notify_run(struct vrrp_notifier *n, struct vrrp_notify_target *tg, struct vrrp_notify_job job)
{
	enum vrrp_notify_kind k = job.kind;
	char prio[8];
	const char *extra[4] = { tg->group ? "GROUP" : "INSTANCE", tg->name,
				 vrrp_state_name((enum vrrp_state)job.state), prio };
	struct notify_child *c;
	pid_t pid;

	if (tg->s->exec[k] == NULL || !tg->s->exec[k]->usable)
		return -1;
	snprintf(prio, sizeof(prio), "%d", job.priority);
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	pid = vrrp_exec_start(n->loop, tg->s->exec[k], extra, k == VRRP_NOTIFY_GENERIC ? 4 : 0, 0,
			      notify_child_done, c, &c->child);
	if (pid == -1 || c->child == NULL) {
		int e = errno;

		free(c);
		if (pid != -1)
			return pid; /* started, but not watched (logged): it cannot hold a slot */
		tg->s->stats.script_errors++;
		log_ratelimited(&n->rl, ev_now(n->loop), LOG_WARNING, "(%s) cannot run %s %s: %s",
				tg->name, vrrp_notify_kind_keyword[k], tg->s->exec[k]->path,
				strerror(e));
		return -1;
	}
	c->n = n;
	c->tg = tg;
	c->kind = k;
	c->next = n->children;
	if (n->children != NULL)
		n->children->prev = c;
	n->children = c;
	tg->s->stats.scripts_started++;
	if (++tg->s->stats.running > tg->s->stats.running_max)
		tg->s->stats.running_max = tg->s->stats.running;
	return pid;
}

static struct vrrp_notify_job
notify_queue_pop(struct vrrp_notify_target *tg)
{
	struct vrrp_notify_job job = tg->s->jobs[tg->s->qhead];

	tg->s->qhead = (tg->s->qhead + 1) % VRRP_NOTIFY_QUEUE_MAX;
	tg->s->qlen--;
	return job;
}

/* Start what waits, oldest first, while there is room (or all of it: force). */
static void
notify_queue_run(struct vrrp_notifier *n, struct vrrp_notify_target *tg, bool force)
{
	while (tg->s->qlen > 0 && (force || tg->s->stats.running < VRRP_NOTIFY_RUNNING_MAX))
		notify_run(n, tg, notify_queue_pop(tg));
}

static void
notify_child_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct notify_child *c = owner;
	struct vrrp_notifier *n = c->n;
	struct vrrp_notify_target *tg = c->tg;

	(void)pid, (void)status, (void)timed_out;
	if (exec_errno != 0) {
		/* Counted and logged as when the start itself failed. */
		if (tg->s->stats.scripts_started > 0)
			tg->s->stats.scripts_started--;
		tg->s->stats.script_errors++;
		log_ratelimited(&n->rl, ev_now(n->loop), LOG_WARNING, "(%s) cannot run %s %s: %s",
				tg->name, vrrp_notify_kind_keyword[c->kind],
				tg->s->exec[c->kind] != NULL ? tg->s->exec[c->kind]->path : "?",
				strerror(exec_errno));
	}
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		n->children = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	free(c);
	tg->s->stats.running--;
	notify_queue_run(n, tg, false);
}

/*
 * The queue is full. A state change makes room by evicting the oldest
 * waiting notify_master_rx_lower_pri (the rest keep their order); anything
 * else is dropped. Returns true if there is room now.
 */
static bool
notify_queue_make_room(struct vrrp_notify_target *tg, struct vrrp_notify_job job)
{
	unsigned i, at;

	if (job.kind == VRRP_NOTIFY_MASTER_RX_LOWER_PRI)
		return false;
	for (i = 0; i < tg->s->qlen; i++) {
		at = (tg->s->qhead + i) % VRRP_NOTIFY_QUEUE_MAX;
		if (tg->s->jobs[at].kind != VRRP_NOTIFY_MASTER_RX_LOWER_PRI)
			continue;
		for (; i + 1 < tg->s->qlen; i++) {
			unsigned from = (tg->s->qhead + i + 1) % VRRP_NOTIFY_QUEUE_MAX;

			tg->s->jobs[(tg->s->qhead + i) % VRRP_NOTIFY_QUEUE_MAX] = tg->s->jobs[from];
		}
		tg->s->qlen--;
		return true;
	}
	return false;
}

/*
 * Run one script of tg now if fewer than VRRP_NOTIFY_RUNNING_MAX run and
 * nothing waits before it, else queue it. force (STOP): everything waiting
 * is started first, then this one, whatever runs. Returns the pid if it
 * was started now, else -1.
 */
static pid_t
notify_submit(struct vrrp_notifier *n, struct vrrp_notify_target *tg, enum vrrp_notify_kind k,
	      enum vrrp_state st, int priority, bool force)
{
	struct vrrp_notify_job job = { (uint8_t)k, (uint8_t)st, (int16_t)priority };
	struct vrrp_notify_job lost = job;

	if (tg->s == NULL || tg->s->exec[k] == NULL || !tg->s->exec[k]->usable)
		return -1;
	if (force) {
		notify_queue_run(n, tg, true);
		return notify_run(n, tg, job);
	}
	if (tg->s->qlen == 0 && tg->s->stats.running < VRRP_NOTIFY_RUNNING_MAX)
		return notify_run(n, tg, job);
	if (tg->s->qlen == VRRP_NOTIFY_QUEUE_MAX) {
		if (notify_queue_make_room(tg, job))
			lost.kind = VRRP_NOTIFY_MASTER_RX_LOWER_PRI;
		tg->s->stats.scripts_dropped++;
		log_ratelimited(&n->rl, ev_now(n->loop), LOG_WARNING,
				"(%s) %u notify scripts running and %u waiting: %s not run "
				"(%" PRIu64 " dropped so far)",
				tg->name, tg->s->stats.running, tg->s->qlen,
				vrrp_notify_kind_keyword[lost.kind], tg->s->stats.scripts_dropped);
		if (tg->s->qlen == VRRP_NOTIFY_QUEUE_MAX)
			return -1;
	}
	tg->s->jobs[(tg->s->qhead + tg->s->qlen) % VRRP_NOTIFY_QUEUE_MAX] = job;
	tg->s->qlen++;
	tg->s->stats.scripts_queued++;
	return -1;
}

void
vrrp_notify_track_stats(const struct vrrp_notify_target *tg, struct vrrp_inst_track_stats *st)
{
	if (tg == NULL || tg->s == NULL)
		return;
	st->notify_scripts_queued = tg->s->stats.scripts_queued;
	st->notify_scripts_dropped = tg->s->stats.scripts_dropped;
}

static void
notify_remember_stop(struct vrrp_notifier *n, pid_t pid)
{
	if (pid > 0 && n->nstop < NOTIFY_STOP_MAX)
		n->stop_pids[n->nstop++] = pid;
}

static enum vrrp_notify_kind
notify_kind_of(enum vrrp_state st)
{
	switch (st) {
	case VRRP_STATE_MASTER:
		return VRRP_NOTIFY_MASTER;
	case VRRP_STATE_BACKUP:
		return VRRP_NOTIFY_BACKUP;
	case VRRP_STATE_FAULT:
		return VRRP_NOTIFY_FAULT;
	case VRRP_STATE_STOP:
		return VRRP_NOTIFY_STOP;
	default:
		return VRRP_NOTIFY_KIND_COUNT_;
	}
}

void
vrrp_notify_state(struct vrrp_notifier *n, struct vrrp_notify_target *tg, enum vrrp_state st,
		  int priority)
{
	enum vrrp_notify_kind k = notify_kind_of(st);
	bool stop = st == VRRP_STATE_STOP;
	pid_t pid;

	if (n == NULL || k == VRRP_NOTIFY_KIND_COUNT_)
		return;
	if (tg->s != NULL)
		tg->s->stats.events++;
	pid = notify_submit(n, tg, k, st, priority, stop);
	if (stop)
		notify_remember_stop(n, pid);
	pid = notify_submit(n, tg, VRRP_NOTIFY_GENERIC, st, priority, stop);
	if (stop)
		notify_remember_stop(n, pid);
	fifos_line(n, tg->group, tg->name, vrrp_state_name(st), priority);
}

void
vrrp_notify_fifo_state(struct vrrp_notifier *n, const struct vrrp_notify_target *tg,
		       enum vrrp_state st, int priority)
{
	if (n != NULL && notify_kind_of(st) != VRRP_NOTIFY_KIND_COUNT_)
		fifos_line(n, tg->group, tg->name, vrrp_state_name(st), priority);
}

void
vrrp_notify_priority(struct vrrp_notifier *n, struct vrrp_notify_target *tg, bool master,
		     int priority)
{
	if (n == NULL || !tg->priority_changes)
		return;
	fifos_line(n, tg->group, tg->name, master ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
		   priority);
}

void
vrrp_notify_rx_lower_pri(struct vrrp_notifier *n, struct vrrp_notify_target *tg, int priority)
{
	if (n == NULL)
		return;
	notify_submit(n, tg, VRRP_NOTIFY_MASTER_RX_LOWER_PRI, VRRP_STATE_MASTER, priority, false);
	fifos_line(n, tg->group, tg->name, "MASTER_RX_LOWER_PRI", priority);
}

/* Shutdown -------------------------------------------------------------------------------- */

/* Has pid ended? Looked at without reaping it: the loop reaps its children. */
static bool
notify_ended(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		return true;
	return si.si_pid != 0;
}

void
vrrp_notify_shutdown(struct vrrp_notifier *n, uint64_t max_us)
{
	uint64_t deadline = ev_monotonic_us() + max_us;
	struct timespec pause = { 0, 5 * 1000 * 1000 };
	size_t i, running;

	if (n == NULL)
		return;
	for (;;) {
		for (i = 0, running = 0; i < n->nstop; i++)
			running += !notify_ended(n->stop_pids[i]);
		if (running == 0 || ev_monotonic_us() >= deadline)
			break;
		nanosleep(&pause, NULL);
	}
	for (i = 0; i < n->nstop; i++) {
		if (!notify_ended(n->stop_pids[i])) {
			log_warnx("notify_stop script (pid %d) still running after %" PRIu64
				  " ms, terminating it",
				  (int)n->stop_pids[i], max_us / 1000);
			kill(-n->stop_pids[i], SIGTERM);
		}
	}
	n->nstop = 0;
	for (i = 0; i < VRRP_FIFO_COUNT_; i++)
		if (n->fifo[i].fd >= 0)
			fifo_drain(&n->fifo[i]);
}
