/*
 * MISC_CHECK runs misc_path through vrrp_exec (the same checks, user and
 * process-group handling as vrrp_script) and judges its exit as keepalived
 * 2.2.7 does: 0 up, 1 down, 2-255 up with weight code - 2 under
 * misc_dynamic (down without it), a signal down, the timeout "timed out".
 * FILE_CHECK reads its track_file's number at each attempt.
 */
#include "config.h"

#include "keepalived/check/run/check_probe_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"

#define MISC_DEFAULT_TIMEOUT_US 60000000u /* keepalived's delay_loop default */

/*
 * keepalived's name for a program in its MISC_CHECK lines: the folder made
 * absolute without links, the file's own name kept. NULL without memory;
 * the path as written when the folder cannot be resolved.
 */
static char *
shown_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX], *out;
	size_t len;

	if (slash == NULL)
		return strdup(path);
	len = (size_t)(slash - path);
	if (len == 0 || len >= sizeof(dir))
		return strdup(path);
	memcpy(dir, path, len);
	dir[len] = '\0';
	if (realpath(dir, real) == NULL)
		return strdup(path);
	len = strlen(real) + strlen(slash) + 1;
	out = malloc(len);
	if (out != NULL)
		snprintf(out, len, "%s%s", strcmp(real, "/") == 0 ? "" : real, slash);
	return out;
}

int
check_probe_prepare(struct check_probe_conf *c, struct vrrp_exec_defaults *d)
{
	struct vrrp_exec *x;

	if (c->kind != CHECK_MISC)
		return 0;
	if (c->u.misc.cmd == NULL) {
		errno = EINVAL;
		return -1;
	}
	x = c->u.misc.exec;
	if (x == NULL) {
		x = calloc(1, sizeof(*x));
		if (x == NULL)
			return -1;
		c->u.misc.exec = x;
	}
	free(c->u.misc.shown_path);
	c->u.misc.shown_path = shown_path(c->u.misc.cmd->argv[0]);
	/* Its lines: "Disabling misc script ... since not found/accessible". */
	return vrrp_exec_prepare(x, c->u.misc.cmd, d, "misc script", c->u.misc.cmd->argv[0]);
}

/* MISC_CHECK ----------------------------------------------------------------------------------- */

static void
misc_exited(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct check_probe *p = owner;
	const struct check_misc_conf *m = &p->c->u.misc;
	const char *vs = p->t->vs_text != NULL ? p->t->vs_text : "?";
	const char *script = m->shown_path != NULL ? m->shown_path : m->cmd->argv[0];

	(void)pid;
	p->u.misc.child = NULL;
	if (exec_errno != 0) {
		/* As when the start itself failed. */
		probe_finish(p, false, "Misc check for [%s VS %s] by [%s] failed (%s).",
			     p->addr_text, vs, m->cmd->argv[0], strerror(exec_errno));
		return;
	}
	if (timed_out) {
		p->out.timed_out = true;
		probe_finish(p, false, "Misc check for [%s VS %s] by [%s] timed out.", p->addr_text,
			     vs, script);
		return;
	}
	if (status != -1 && WIFEXITED(status)) {
		int code = WEXITSTATUS(status);

		if (code == 0 || (m->dynamic && code >= 2)) {
			/* misc_dynamic: the weight is the code less two (0..253). */
			if (m->dynamic && code >= 2)
				p->out.weight = code - 2;
			probe_finish(p, true, "Misc check for [%s VS %s] by [%s] succeeded.",
				     p->addr_text, vs, script);
			return;
		}
		snprintf(p->out.detail, sizeof(p->out.detail), " (exited with status %d)", code);
		probe_finish(p, false,
			     "Misc check for [%s VS %s] by [%s] failed (exited with status %d).",
			     p->addr_text, vs, script, code);
		return;
	}
	if (status != -1 && WIFSIGNALED(status)) {
		snprintf(p->out.detail, sizeof(p->out.detail), " (due to signal %d)",
			 WTERMSIG(status));
		probe_finish(p, false,
			     "Misc check for [%s VS %s] by [%s] failed (due to signal %d).",
			     p->addr_text, vs, script, WTERMSIG(status));
		return;
	}
	probe_finish(p, false, "Misc check for [%s VS %s] by [%s] failed.", p->addr_text, vs,
		     script);
}

int
probe_misc_start(struct check_probe *p)
{
	const struct check_misc_conf *m = &p->c->u.misc;
	uint64_t timeout = m->timeout_us;

	if (m->cmd == NULL || m->exec == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (probe_set_addresses(p, false) == -1)
		snprintf(p->addr_text, sizeof(p->addr_text), "[?]");
	if (!m->exec->usable) {
		probe_finish(p, false, "Misc check for [%s VS %s] by [%s] failed.", p->addr_text,
			     p->t->vs_text != NULL ? p->t->vs_text : "?",
			     m->shown_path != NULL ? m->shown_path : m->cmd->argv[0]);
		return 0;
	}
	/* keepalived: misc_timeout, else the checker's delay_loop. */
	if (timeout == 0)
		timeout = p->t->delay_loop_us != 0 ? p->t->delay_loop_us : MISC_DEFAULT_TIMEOUT_US;
	if (vrrp_exec_start(p->loop, m->exec, NULL, 0, timeout, misc_exited, p, &p->u.misc.child) ==
	    -1) {
		int e = errno;

		probe_finish(p, false, "Misc check for [%s VS %s] by [%s] failed (%s).",
			     p->addr_text, p->t->vs_text != NULL ? p->t->vs_text : "?",
			     m->cmd->argv[0], strerror(e));
	}
	return 0;
}

void
probe_misc_cancel(struct check_probe *p)
{
	if (p->u.misc.child != NULL)
		vrrp_exec_detach(p->u.misc.child, SIGKILL);
	p->u.misc.child = NULL;
}

/* FILE_CHECK ----------------------------------------------------------------------------------- */

/* The file's number as keepalived's track_file reads it: leading integer, else 0. */
static long
file_value(const char *path, bool *ok)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	*ok = false;
	if (fd == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	*ok = true;
	return strtol(buf, NULL, 10);
}

int
probe_file_start(struct check_probe *p)
{
	const struct check_file_conf *f = &p->c->u.file;
	bool ok;
	long v = file_value(f->path, &ok);
	long long eff;

	if (probe_set_addresses(p, false) == -1)
		snprintf(p->addr_text, sizeof(p->addr_text), "[?]");
	if (!ok) {
		probe_finish(p, false, "track_file %s not readable for %s", f->name, p->addr_text);
		return 0;
	}
	if (f->weight == 0) {
		probe_finish(p, v == 0, "track_file %s value %ld for %s", f->name, v, p->addr_text);
		return 0;
	}
	eff = (long long)v * f->weight * (f->reverse ? -1 : 1);
	/* As a tracked file for VRRP: far enough below zero means failed. */
	if (eff <= -254) {
		probe_finish(p, false, "track_file %s value %ld for %s", f->name, v, p->addr_text);
		return 0;
	}
	if (f->dynamic) {
		long long w = (long long)p->t->rs_weight + eff;

		p->out.weight = w < 0 ? 0 : w > 65535 ? 65535 : (int)w;
	}
	probe_finish(p, true, "track_file %s value %ld for %s", f->name, v, p->addr_text);
	return 0;
}
