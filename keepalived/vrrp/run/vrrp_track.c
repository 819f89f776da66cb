/*
 * Trackers (vrrp_track.h): the rules that turn a tracker's state into an
 * instance's priority or Fault, then the three kinds of trackers that are
 * watched here: scripts run through the event loop, interfaces as netlink
 * reports them, files read when inotify says they were written.
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_track_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "lib/path_check.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"

#define FILE_VALUE_MAX 64    /* bytes of a tracked file that are read */
#define TRACK_RETRY_US 10000 /* a run that is being killed: the next one after this */

/* Rules ----------------------------------------------------------------------------------- */

uint32_t
vrrp_script_initial_result(uint32_t rise, bool init_fail)
{
	/* Measured with keepalived 2.2.7: init_fail, rise 3, one success is up at once. */
	(void)init_fail;
	return rise == 0 ? 0 : rise - 1;
}

bool
vrrp_script_reload_result(uint32_t old_result, uint32_t old_rise, uint32_t old_fall, uint32_t rise,
			  uint32_t fall, uint32_t *result)
{
	/* The same reading of 0 as vrrp_script_step(). */
	old_rise = old_rise != 0 ? old_rise : 1;
	old_fall = old_fall != 0 ? old_fall : 1;
	rise = rise != 0 ? rise : 1;
	fall = fall != 0 ? fall : 1;
	if (old_result < old_rise) {
		uint32_t short_of = old_rise - old_result; /* successes still needed */

		*result = old_result == 0 || short_of > rise ? 0 : rise - short_of;
		return false;
	}
	if (old_result >= old_rise + old_fall - 1) {
		*result = rise + fall - 1;
	} else {
		*result = rise + (old_result - old_rise); /* failures already counted */
		if (*result > rise + fall - 1)
			*result = rise + fall - 1;
	}
	return true;
}

/*
 * keepalived's counter: successes climb to rise (up), and an up script
 * sits at rise + fall - 1, so that fall failures bring it to rise - 1
 * (down, reset to 0). A result that does not cross the line only moves the
 * counter.
 */
enum vrrp_script_step
vrrp_script_step(uint32_t *result, uint32_t rise, uint32_t fall, bool in_init, bool ok)
{
	if (rise == 0)
		rise = 1;
	if (fall == 0)
		fall = 1;
	if (ok) {
		if (*result + 1 < rise) {
			(*result)++;
			return VRRP_SCRIPT_SAME;
		}
		if (*result < rise) {
			*result = rise + fall - 1;
			return VRRP_SCRIPT_NOW_UP;
		}
		*result = rise + fall - 1;
		return VRRP_SCRIPT_SAME;
	}
	if (*result > rise) {
		(*result)--;
		return VRRP_SCRIPT_SAME;
	}
	if (*result == rise || in_init) {
		*result = 0;
		return VRRP_SCRIPT_NOW_DOWN;
	}
	*result = 0;
	return VRRP_SCRIPT_SAME;
}

int64_t
vrrp_track_effect(enum vrrp_track_kind kind, enum vrrp_tracker_state st, int64_t value,
		  int64_t weight, bool reverse, bool *fault)
{
	int64_t mult = reverse ? -1 : 1, effect;

	*fault = false;
	if (st == VRRP_TRACKER_INIT)
		return 0;
	if (kind == VRRP_TRACK_FILE) {
		if (weight == 0) {
			*fault = reverse ? value == 0 : value != 0;
			return 0;
		}
		/* Saturate: the file may hold anything up to 2^31, the weight as much. */
		if (value > INT32_MAX || value < INT32_MIN)
			value = value > 0 ? INT32_MAX : INT32_MIN;
		effect = value * weight * mult;
		if (effect < -VRRP_TRACK_WEIGHT_MAX) {
			*fault = true;
			return 0;
		}
		return effect > VRRP_TRACK_WEIGHT_MAX ? VRRP_TRACK_WEIGHT_MAX : effect;
	}
	if (weight == 0) {
		*fault = reverse ? st == VRRP_TRACKER_UP : st == VRRP_TRACKER_DOWN;
		return 0;
	}
	if (st == VRRP_TRACKER_UP)
		return weight > 0 ? weight * mult : 0;
	return weight < 0 ? weight * mult : 0;
}

uint8_t
vrrp_track_priority(uint8_t base, int64_t sum)
{
	int64_t p = (int64_t)base + sum;

	if (base == VRRP_PRIO_OWNER)
		return VRRP_PRIO_OWNER;
	if (p < 1)
		return 1;
	return p > VRRP_PRIO_OWNER - 1 ? VRRP_PRIO_OWNER - 1 : (uint8_t)p;
}

const char *
vrrp_tracker_state_name(enum vrrp_tracker_state st)
{
	return st == VRRP_TRACKER_UP ? "up" : st == VRRP_TRACKER_DOWN ? "down" : "init";
}

/* Applying a change ---------------------------------------------------------------------- */

const char *
vrrp_track_fault_reason(const struct vrrp_track_watch *w, char *buf, size_t len)
{
	for (size_t i = 0; w != NULL && i < w->nuses; i++) {
		const struct vrrp_tracker *tr = w->uses[i].tracker;

		if (!w->uses[i].fault)
			continue;
		if (tr->kind == VRRP_TRACK_PROCESS) {
			snprintf(buf, len, "tracked process %s quorum not achieved", tr->name);
			return buf;
		}
		if (tr->kind == VRRP_TRACK_INTERFACE) {
			snprintf(buf, len, "interface %s down", tr->name);
			return buf;
		}
	}
	return NULL;
}

void
vrrp_tracker_apply(struct vrrp_tracker *tr)
{
	/* While building, the instances take the first states in one go. */
	if (tr->trk->building)
		return;
	for (size_t i = 0; i < tr->nusers; i++) {
		struct vrrp_track_use *u = tr->users[i];
		struct vrrp_track_watch *w = u->watch;
		bool fault;
		int64_t effect = vrrp_track_effect(tr->kind, tr->state, tr->value, u->weight,
						   u->reverse, &fault);

		if (u->pending && tr->state != VRRP_TRACKER_INIT) {
			u->pending = false;
			w->sum.init_pending--;
		}
		w->sum.weight_sum += effect - u->effect;
		u->effect = effect;
		if (fault != u->fault) {
			u->fault = fault;
			if (fault) {
				w->sum.faults++;
				w->sum.fault_events++;
			} else {
				w->sum.faults--;
			}
			if (tr->kind == VRRP_TRACK_FILE)
				log_info("(%s): tracked file %s %s FAULT state", w->name, tr->name,
					 fault ? "now" : "leaving");
		}
		w->changed(w->arg, &w->sum);
	}
}

static void
tracker_set_state(struct vrrp_tracker *tr, enum vrrp_tracker_state st)
{
	if (tr->state == st)
		return;
	tr->state = st;
	tr->stats.changes++;
	vrrp_tracker_apply(tr);
}

/* Scripts ---------------------------------------------------------------------------------- */

static uint64_t
script_timeout_us(const struct vrrp_script_conf *s)
{
	return s->timeout_us != 0 ? s->timeout_us : s->interval_us;
}

/* One result; how is keepalived's wording for a failure. */
static void
script_result(struct vrrp_tracker *tr, bool ok, const char *how)
{
	const struct vrrp_script_conf *s = tr->script;
	enum vrrp_script_step step;
	uint64_t now = ev_now(tr->trk->loop);

	step = vrrp_script_step(&tr->result, s->rise, s->fall, tr->in_init, ok);
	tr->in_init = false;
	if (step == VRRP_SCRIPT_NOW_UP) {
		log_ratelimited(&tr->rl, now, LOG_INFO, "VRRP_Script(%s) succeeded", tr->name);
		tracker_set_state(tr, VRRP_TRACKER_UP);
	} else if (step == VRRP_SCRIPT_NOW_DOWN) {
		log_ratelimited(&tr->rl, now, LOG_INFO, "VRRP_Script(%s) %s", tr->name, how);
		tracker_set_state(tr, VRRP_TRACKER_DOWN);
	}
}

/* Could not fork, or (reported with the exit) could not execute. */
static void
script_start_failed(struct vrrp_tracker *tr, int e)
{
	char how[96];

	tr->stats.start_errors++;
	log_ratelimited(&tr->rl, ev_now(tr->trk->loop), LOG_WARNING,
			"VRRP_Script(%s) cannot be started: %s", tr->name, strerror(e));
	snprintf(how, sizeof(how), "failed (cannot be started: %s)", strerror(e));
	script_result(tr, false, how);
}

static void
script_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct vrrp_tracker *tr = owner;
	uint64_t now = ev_now(tr->trk->loop);
	char how[96];

	tr->child = NULL;
	if (exec_errno != 0) {
		/* Not a run: counted and logged as when the start itself failed. */
		if (tr->stats.runs > 0)
			tr->stats.runs--;
		script_start_failed(tr, exec_errno);
	} else if (timed_out) {
		tr->stats.timed_out++;
		script_result(tr, false, "timed_out");
	} else if (status != -1 && WIFEXITED(status)) {
		int code = WEXITSTATUS(status);

		if (code != tr->last_status) {
			log_ratelimited(&tr->rl, now, LOG_INFO, "Script `%s` now returning %d",
					tr->name, code);
			tr->last_status = code;
		}
		if (code == 0)
			tr->stats.succeeded++;
		else
			tr->stats.failed++;
		snprintf(how, sizeof(how), "failed (exited with status %d)", code);
		script_result(tr, code == 0, how);
	} else {
		tr->stats.failed++;
		if (status != -1 && WIFSIGNALED(status))
			snprintf(how, sizeof(how), "failed (due to signal %d)", WTERMSIG(status));
		else
			snprintf(how, sizeof(how), "failed (exit status lost)");
		script_result(tr, false, how);
	}
}

static void
script_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_tracker *tr = arg;

	/*
	 * A run whose timeout falls due together with this tick is being
	 * killed right now: start the next one just after, rather than skip it.
	 */
	if (tr->child != NULL && ev_now(loop) - tr->started_us >= script_timeout_us(tr->script)) {
		ev_timer_start_in(loop, t, TRACK_RETRY_US);
		return;
	}
	/* Every interval from the start of the previous run, as keepalived. */
	ev_timer_start_in(loop, t, tr->script->interval_us);
	if (tr->child != NULL) {
		tr->stats.skipped++;
		log_ratelimited(&tr->rl, ev_now(loop), LOG_INFO,
				"Track script %s is already running, expect idle - skipping run",
				tr->name);
		return;
	}
	if (vrrp_exec_start(loop, &tr->exec, NULL, 0, script_timeout_us(tr->script), script_done,
			    tr, &tr->child) == -1) {
		script_start_failed(tr, errno);
		return;
	}
	tr->started_us = ev_now(loop);
	tr->stats.runs++;
}

void
vrrp_tracker_script_start(struct vrrp_tracker *tr)
{
	if (!tr->exec.usable)
		return;
	ev_timer_init(&tr->timer, script_timer_cb, tr);
	ev_timer_start_in(tr->trk->loop, &tr->timer, 0);
}

void
vrrp_tracker_script_stop(struct vrrp_tracker *tr)
{
	ev_timer_stop(tr->trk->loop, &tr->timer);
	vrrp_exec_detach(tr->child, SIGKILL);
	tr->child = NULL;
}

/* Interfaces ------------------------------------------------------------------------------- */

bool
vrrp_tracker_iface_refresh(struct vrrp_tracker *tr, bool log_change)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(tr->trk->nl, tr->name);
	enum vrrp_tracker_state st = ifi != NULL && ifi->up ? VRRP_TRACKER_UP : VRRP_TRACKER_DOWN;

	if (st == tr->state)
		return false;
	/* A polled link's change was logged by the poller ("Linkbeat reports"). */
	if (log_change && (ifi == NULL || !ifi->polled))
		log_ratelimited(&tr->rl, ev_now(tr->trk->loop), LOG_INFO, "Netlink reports %s %s",
				tr->name, st == VRRP_TRACKER_UP ? "up" : "down");
	tracker_set_state(tr, st);
	return true;
}

/* Files -------------------------------------------------------------------------------------- */

static const char *
file_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * enable_script_security for a file the daemon reads as root: the file and
 * every directory and link on its way must be root's alone (the rule of
 * scripts, lib/path_check.h), or someone else could move the priority or
 * hold the instance in FAULT. The file itself need not exist yet. Without
 * enable_script_security the finding is only reported, as for scripts.
 * Returns -1 to disable the tracker.
 */
int
vrrp_tracker_file_check(struct vrrp_tracker *tr)
{
	bool security = tr->trk->defaults.security;
	struct path_check pc;

	if (geteuid() != 0)
		return 0;
	switch (path_check(tr->tfile->path, PATH_CHECK_MAY_BE_MISSING, &pc)) {
	case PATH_CHECK_OK:
		return 0;
	case PATH_CHECK_MISSING:
		log_warnx("track_file %s: cannot check %s: %s", tr->name, pc.culprit,
			  strerror(pc.err));
		return security ? -1 : 0;
	case PATH_CHECK_WRONG_TYPE:
		log_warnx("track_file %s: %s is not a %s", tr->name, pc.culprit,
			  pc.err == ENOTDIR ? "directory" : "regular file");
		return security ? -1 : 0;
	case PATH_CHECK_UNSAFE:
	default:
		log_warnx("Unsafe permissions found for track file '%s'%s.", pc.culprit,
			  security ? " - disabling" : "");
		if (!security)
			return 0;
		log_warnx("Disabling track file %s due to insecure", tr->name);
		return -1;
	}
}

/*
 * Whether what fd opened may be read: a regular file (a FIFO or a device
 * planted at the path is never read), and with enable_script_security
 * root's alone. NULL if so, else why not.
 */
static const char *
file_unusable(const struct vrrp_tracker *tr, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (tr->trk->defaults.security && geteuid() == 0 &&
	    (st.st_uid != 0 || (st.st_mode & S_IWOTH) != 0 ||
	     (st.st_gid != 0 && (st.st_mode & S_IWGRP) != 0)))
		return "writable by someone other than root";
	return NULL;
}

/*
 * The number in the file: keepalived's strtol() reading, 0 if there is
 * none. -1 if the file must not be read (logged, counted): the value stays.
 */
static int
file_read(struct vrrp_tracker *tr, int64_t *value)
{
	char buf[FILE_VALUE_MAX];
	const char *why;
	ssize_t n;
	int fd;

	*value = 0;
	/* Non-blocking: opening a FIFO for reading would otherwise wait for a writer. */
	fd = open(tr->tfile->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd == -1) {
		log_ratelimited(&tr->rl, ev_now(tr->trk->loop), LOG_WARNING,
				"track_file %s: cannot read %s: %s", tr->name, tr->tfile->path,
				strerror(errno));
		return 0;
	}
	why = file_unusable(tr, fd);
	if (why != NULL) {
		close(fd);
		tr->stats.refused++;
		log_ratelimited(&tr->rl, ev_now(tr->trk->loop), LOG_WARNING,
				"track_file %s: not reading %s: %s", tr->name, tr->tfile->path,
				why);
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	*value = strtoll(buf, NULL, 10);
	return 0;
}

static void
file_refresh(struct vrrp_tracker *tr)
{
	int64_t v;

	if (file_read(tr, &v) == -1)
		return;
	if (tr->state != VRRP_TRACKER_INIT && v == tr->value)
		return;
	tr->value = v;
	tr->state = VRRP_TRACKER_UP; /* a file always has a value */
	tr->stats.changes++;
	vrrp_tracker_apply(tr);
}

/*
 * init_file: write the initial value unless the file exists (or overwrite).
 * Only ever into a regular file: a FIFO planted at the path would block an
 * open for writing until someone reads it (start-up would hang), a device
 * would take the value as a command. The type is looked at first, and the
 * open cannot block or follow a link either, in case it changed between.
 */
static void
file_init(const struct vrrp_tracker *tr)
{
	const struct vrrp_track_file_conf *f = tr->tfile;
	/* As keepalived 2.2.7: a reload never overwrites the file, it only creates it. */
	bool overwrite = f->init_overwrite && !tr->trk->reloaded;
	struct stat st;
	char buf[32];
	int fd, len;

	if (!f->init_file)
		return;
	if (lstat(f->path, &st) == 0) {
		if (!overwrite)
			return;
		if (!S_ISREG(st.st_mode)) {
			log_warnx("track_file %s: %s is not a regular file, not writing its "
				  "initial "
				  "value",
				  f->name, f->path);
			return;
		}
	}
	fd = open(f->path,
		  O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
			  (overwrite ? 0 : O_EXCL),
		  0600);
	if (fd == -1) {
		if (errno != EEXIST)
			log_warn("track_file %s: cannot create %s", f->name, f->path);
		return;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_warnx("track_file %s: %s is not a regular file, not writing its initial value",
			  f->name, f->path);
		close(fd);
		return;
	}
	len = snprintf(buf, sizeof(buf), "%" PRId64 "\n", f->init_value);
	if (ftruncate(fd, 0) == -1 || write(fd, buf, (size_t)len) != len)
		log_warn("track_file %s: cannot write %s", f->name, f->path);
	close(fd);
}

int
vrrp_tracker_file_setup(struct vrrp_tracker *tr)
{
	struct vrrp_tracking *t = tr->trk;
	char dir[PATH_MAX];

	file_init(tr);
	snprintf(dir, sizeof(dir), "%s", tr->tfile->path);
	if (t->inotify_fd == -1) {
		t->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (t->inotify_fd == -1 ||
		    ev_fd_add(t->loop, t->inotify_fd, EV_READ, vrrp_tracker_files_event, t) == -1) {
			log_warn("track_file: inotify");
			return -1;
		}
	}
	/* The directory: a file replaced by rename is a new inode. */
	tr->wd = inotify_add_watch(t->inotify_fd, dirname(dir),
				   IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE);
	if (tr->wd == -1)
		log_warn("track_file %s: cannot watch %s", tr->name, tr->tfile->path);
	tr->state = VRRP_TRACKER_INIT;
	file_refresh(tr);
	return tr->wd == -1 ? -1 : 0;
}

/*
 * The kernel's inotify queue overflowed: events were lost, and with them
 * perhaps a change of any tracked file. Every one is read again (a value
 * that did not change changes nothing).
 */
static void
files_reread(struct vrrp_tracking *t)
{
	struct vrrp_tracker *tr;

	log_ratelimited(&t->files_rl, ev_now(t->loop), LOG_WARNING,
			"track_file: inotify queue overflowed, reading every tracked file again");
	for (tr = t->trackers; tr != NULL; tr = tr->next) {
		if (tr->kind != VRRP_TRACK_FILE || tr->wd == -1)
			continue;
		tr->stats.rereads++;
		file_refresh(tr);
	}
}

void
vrrp_tracker_files_event(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_tracking *t = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	struct vrrp_tracker *tr;
	ssize_t n;

	bool overflow = false;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(void *)p;
			if (ev->mask & IN_Q_OVERFLOW)
				overflow = true;
			for (tr = t->trackers; tr != NULL; tr = tr->next) {
				if (tr->kind != VRRP_TRACK_FILE || tr->wd != ev->wd ||
				    (ev->len > 0 &&
				     strcmp(ev->name, file_base(tr->tfile->path)) != 0))
					continue;
				file_refresh(tr);
			}
		}
	}
	if (overflow)
		files_reread(t);
}
