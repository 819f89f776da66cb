/*
 * Configured programs: the start-up checks keepalived makes (and the lines
 * it logs when a script is disabled), and starting them through
 * lib/spawn.c with the loop reaping them (vrrp_exec.h).
 */
#include "config.h"

#include "keepalived/vrrp/kernel/vrrp_exec.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/log.h"
#include "lib/path_check.h"
#include "lib/spawn.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#define DEFAULT_SCRIPT_USER "keepalived_script"
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct vrrp_exec_child {
	vrrp_exec_done_fn done;
	void *owner;
	pid_t pid;
	int errfd;  /* spawn_start()'s error pipe, read when the child is reaped */
	char *name; /* without done: argv[0], to log a failure to execute */
	struct vrrp_exec_child *prev, *next;
};

/*
 * Children not reaped yet. A detached child may outlive its owner and even
 * the event loop (at exit, the loop drops its watches): listed here, its
 * record is never lost.
 */
static struct vrrp_exec_child *exec_children;

static void
exec_child_unlink(struct vrrp_exec_child *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		exec_children = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
}

/* Users -------------------------------------------------------------------------- */

int
vrrp_exec_lookup_user(const char *user, const char *group, uid_t *uid, gid_t *gid)
{
	const struct passwd *pw = getpwnam(user);
	const struct group *gr;

	if (pw == NULL)
		return -1;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (group[0] != '\0') {
		gr = getgrnam(group);
		if (gr == NULL)
			return -1;
		*gid = gr->gr_gid;
	}
	return 0;
}

void
vrrp_exec_defaults_init(struct vrrp_exec_defaults *d, const struct vrrp_track_conf *t)
{
	_Static_assert(sizeof(d->user) >= VRRP_USER_NAME_MAX, "script_user fits");
	memset(d, 0, sizeof(*d));
	d->security = t != NULL && t->script_security;
	if (t != NULL) {
		snprintf(d->user, sizeof(d->user), "%s", t->script_user);
		snprintf(d->group, sizeof(d->group), "%s", t->script_group);
	}
	d->pending = true;
}

/* The lookup vrrp_exec_defaults_init() deferred. */
static void
exec_defaults_resolve(struct vrrp_exec_defaults *d)
{
	if (!d->pending)
		return;
	d->pending = false;
	if (d->user[0] != '\0') {
		d->have = vrrp_exec_lookup_user(d->user, d->group, &d->uid, &d->gid) == 0;
		if (!d->have)
			log_warnx("Unable to set default user %s for scripts", d->user);
		return;
	}
	if (vrrp_exec_lookup_user(DEFAULT_SCRIPT_USER, d->group, &d->uid, &d->gid) == 0) {
		d->have = true;
		return;
	}
	log_info("Script user '%s' does not exist", DEFAULT_SCRIPT_USER);
	/* keepalived runs scripts as itself then, except when asked to be careful. */
	d->have = !d->security;
	d->uid = getuid();
	d->gid = getgid();
}

/* Checks ---------------------------------------------------------------------------- */

/* argv0 as a path: as written if it has a '/', else the first match in PATH. */
static int
exec_find(const char *argv0, char *path, size_t len)
{
	const char *dirs = getenv("PATH"), *p, *end;

	if (strchr(argv0, '/') != NULL) {
		snprintf(path, len, "%s", argv0);
		return 0;
	}
	if (dirs == NULL || *dirs == '\0')
		dirs = DEFAULT_PATH;
	for (p = dirs; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		snprintf(path, len, "%.*s/%s", (int)(end - p), p, argv0);
		if (access(path, F_OK) == 0)
			return 0;
	}
	snprintf(path, len, "%s", argv0);
	return -1;
}

static bool
exec_executable_by(const struct stat *st, uid_t uid, gid_t gid)
{
	if (!S_ISREG(st->st_mode))
		return false;
	if (uid == 0)
		return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
	if (st->st_uid == uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (st->st_gid == gid)
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/*
 * Does this program run with root's power? keepalived's test: it runs as
 * uid 0 or gid 0, or it is set-uid or set-gid root.
 */
static bool
exec_needs_protection(const struct vrrp_exec *x, const struct stat *st)
{
	if (x->uid == 0 || x->gid == 0)
		return true;
	if (st->st_uid == 0 && (st->st_mode & (S_ISUID | S_IXUSR)) == (S_ISUID | S_IXUSR))
		return true;
	return st->st_gid == 0 && (st->st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);
}

/*
 * For a program root runs: walk the whole chain of its path (each
 * directory, each link, the file; lib/path_check.h) and from then on run
 * the resolved path, in which nothing but root can change anything. Running
 * the configured path would follow its links again at every start, and a
 * link swapped after this check would run any file as root. keepalived's
 * lines; an unsafe path is only reported without enable_script_security.
 * Returns 0 to carry on, -1 to disable.
 */
static int
exec_check_chain(struct vrrp_exec *x, const struct vrrp_exec_defaults *d, const char *kind,
		 const char *name)
{
	struct path_check pc;

	switch (path_check(x->path, 0, &pc)) {
	case PATH_CHECK_OK:
		snprintf(x->path, sizeof(x->path), "%s", pc.resolved);
		return 0;
	case PATH_CHECK_MISSING:
		log_warnx("check_script_secure could not find script '%s' - disabling", pc.culprit);
		return -1;
	case PATH_CHECK_WRONG_TYPE:
		log_warnx("Wrong file type found in script path '%s'.", pc.culprit);
		return -1;
	case PATH_CHECK_UNSAFE:
	default:
		log_warnx("Unsafe permissions found for script '%s'%s.", pc.culprit,
			  d->security ? " - disabling" : "");
		if (!d->security)
			return 0;
		if (strcmp(kind, "track script") == 0)
			log_warnx("Disabling track script %s due to insecure", name);
		return -1;
	}
}

int
vrrp_exec_prepare(struct vrrp_exec *x, const struct vrrp_cmd *cmd, struct vrrp_exec_defaults *d,
		  const char *kind, const char *name)
{
	bool track = strcmp(kind, "track script") == 0;
	struct stat st;

	memset(x, 0, sizeof(*x));
	x->cmd = cmd;
	/* keepalived 2.2.7 looks the default user up, and says it is missing,
	 * once there is a script, never in a configuration without. */
	exec_defaults_resolve(d);
	if (cmd->user[0] != '\0') {
		if (vrrp_exec_lookup_user(cmd->user, cmd->group, &x->uid, &x->gid) == -1) {
			log_warnx("Unable to set user %s for %s %s - disabling", cmd->user, kind,
				  name);
			return -1;
		}
	} else {
		if (!d->have) {
			if (track)
				log_warnx("Unable to set default user for vrrp script %s"
					  " - removing",
					  name);
			else
				log_warnx("Failed to set default user for %s %s - ignoring", kind,
					  name);
			return -1;
		}
		x->uid = d->uid;
		x->gid = d->gid;
	}
	if (exec_find(cmd->argv[0], x->path, sizeof(x->path)) == -1 || stat(x->path, &st) == -1) {
		log_warnx("Script %s cannot be accessed - %s", x->path,
			  strerror(errno ? errno : ENOENT));
		log_warnx("Disabling %s %s since not found/accessible", kind, name);
		return -1;
	}
	if (!exec_executable_by(&st, x->uid, x->gid)) {
		log_warnx("WARNING - script '%s' is not executable for uid:gid %u:%u - disabling.",
			  x->path, (unsigned)x->uid, (unsigned)x->gid);
		return -1;
	}
	if (exec_needs_protection(x, &st) && exec_check_chain(x, d, kind, name) == -1)
		return -1;
	if (x->uid == 0)
		d->root_used = true;
	x->usable = true;
	return 0;
}

/* Children ------------------------------------------------------------------------------ */

static void
exec_reaped(struct ev_loop *loop, pid_t pid, int status, bool timed_out, void *arg)
{
	struct vrrp_exec_child *c = arg;
	int exec_errno;

	/* The loop killed the leader only; what it started goes with it. */
	if (timed_out)
		kill(-pid, SIGKILL);
	exec_child_unlink(c);
	/* The child is gone, its end of the pipe with it: this never waits. */
	exec_errno = spawn_result(c->errfd);
	if (exec_errno == -1) {
		close(c->errfd); /* cannot happen */
		exec_errno = 0;
	}
	if (c->done != NULL && c->owner != NULL)
		c->done(c->owner, pid, status, timed_out, exec_errno);
	else if (c->done == NULL && exec_errno != 0)
		log_warnx("Unable to run notify script %s: %s", c->name, strerror(exec_errno));
	free(c->name);
	free(c);
}

pid_t
vrrp_exec_start(struct ev_loop *loop, const struct vrrp_exec *x, const char *const *extra,
		size_t nextra, uint64_t timeout_us, vrrp_exec_done_fn done, void *owner,
		struct vrrp_exec_child **child)
{
	char *argv[CFG_MAX_ARGS + 8];
	struct spawn_req req;
	struct vrrp_exec_child *c;
	size_t n = 0;
	pid_t pid;

	if (child != NULL)
		*child = NULL;
	if (!x->usable || nextra > 7) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < x->cmd->argc; i++)
		argv[n++] = x->cmd->argv[i];
	for (size_t i = 0; i < nextra; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	memset(&req, 0, sizeof(req));
	req.path = x->path;
	req.argv = argv;
	req.set_ids = x->uid != getuid() || x->gid != getgid();
	req.uid = x->uid;
	req.gid = x->gid;
	req.new_pgrp = true;
	req.parent_death_term = true;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	if (done == NULL && (c->name = strdup(x->cmd->argv[0])) == NULL) {
		free(c);
		return -1;
	}
	/* Not waiting for the child's execve(): its outcome comes with its exit. */
	pid = spawn_start(&req, &c->errfd);
	if (pid == -1) {
		int e = errno;

		free(c->name);
		free(c);
		errno = e;
		return -1;
	}
	c->done = done;
	c->owner = owner;
	c->pid = pid;
	if (ev_child_watch(loop, pid, done != NULL ? timeout_us : 0, exec_reaped, c) == -1) {
		/* Never left unreaped: this one is not worth stalling the loop for. */
		log_warn("cannot watch process %d", (int)pid);
		kill(-pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		if (spawn_result(c->errfd) == -1)
			close(c->errfd);
		free(c->name);
		free(c);
		return pid;
	}
	c->next = exec_children;
	if (exec_children != NULL)
		exec_children->prev = c;
	exec_children = c;
	if (child != NULL)
		*child = c;
	return pid;
}

void
vrrp_exec_detach(struct vrrp_exec_child *child, int signo)
{
	if (child == NULL)
		return;
	child->owner = NULL;
	if (signo != 0)
		kill(-child->pid, signo);
}
