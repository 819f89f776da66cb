/*
 * The pid files: keepalived's main and VRRP ones (and -b's BFD one when
 * bfd_instances run), all holding this one process's pid, created locked
 * before the daemon starts its work, and removed at exit, a fatal() exit
 * included. A live pid in either file means the daemon already runs.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon_priv.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "lib/log.h"
#include "lib/pidfile.h"

/* For the atexit() handler: fatal() exits without unwinding. */
static struct daemon_state *daemon_current;

/* The daemon already running, per either pid file, or 0. */
pid_t
daemon_running(const struct daemon_state *ds)
{
	pid_t pid;

	pid = pidfile_read_live(ds->pid_path);
	if (pid == 0)
		pid = pidfile_read_live(ds->vrrp_pid_path);
	/* Our own pid in a file is left from a previous run of a container. */
	return pid == getpid() ? 0 : pid;
}

static int
daemon_pidfile_create(const char *path, int *fd)
{
	pid_t holder = 0;

	*fd = pidfile_create(path, &holder);
	if (*fd >= 0)
		return 0;
	if (errno == EEXIST)
		log_error("daemon is already running");
	else
		log_warn("Unable to create pid file %s", path);
	return -1;
}

void
daemon_pidfiles_remove(struct daemon_state *ds)
{
	pidfile_remove(ds->bfd_pid_path, ds->bfd_pid_fd);
	pidfile_remove(ds->vrrp_pid_path, ds->vrrp_pid_fd);
	pidfile_remove(ds->pid_path, ds->pid_fd);
	ds->bfd_pid_fd = -1;
	ds->vrrp_pid_fd = -1;
	ds->pid_fd = -1;
	if (ds == daemon_current) /* nothing left for the atexit() handler */
		daemon_current = NULL;
}

static void
daemon_atexit(void)
{
	if (daemon_current != NULL)
		daemon_pidfiles_remove(daemon_current);
}

/*
 * keepalived runs its BFD child when bfd_instances are configured, or with
 * --all, unless -B; here the main process runs the sessions, with or
 * without VRRP (-C: daemon_checker_bfd()).
 */
static bool
daemon_runs_bfd(const struct daemon_state *ds)
{
	const struct bfd_conf *b = ds->conf->vrrp.bfd;

	if (ds->opts->no_bfd)
		return false;
	return ds->opts->run_all || bfd_conf_runs(b);
}

/* One process plays keepalived's parent and VRRP child: same pid in both. */
int
daemon_pidfiles_create(struct daemon_state *ds)
{
	daemon_current = ds;
	if (atexit(daemon_atexit) != 0)
		log_warnx("%s: atexit failed; pid files may outlive a fatal error", __func__);
	if (daemon_pidfile_create(ds->pid_path, &ds->pid_fd) == -1)
		return -1;
	if (strcmp(ds->pid_path, ds->vrrp_pid_path) != 0 &&
	    daemon_pidfile_create(ds->vrrp_pid_path, &ds->vrrp_pid_fd) == -1)
		return -1;
	/*
	 * keepalived writes its BFD child's pid file when bfd_instances are
	 * configured; here the VRRP process runs BFD, so -b holds its pid,
	 * made and removed like the others.
	 */
	if (daemon_runs_bfd(ds) && strcmp(ds->bfd_pid_path, ds->pid_path) != 0 &&
	    strcmp(ds->bfd_pid_path, ds->vrrp_pid_path) != 0 &&
	    daemon_pidfile_create(ds->bfd_pid_path, &ds->bfd_pid_fd) == -1)
		return -1;
	return 0;
}

/*
 * The default -b beside the default -r, named as keepalived names it there
 * (keepalived_bfd.pid, or bfd.pid in /run/keepalived, with the instance's
 * suffix): a namespace or an instance name moved the VRRP one.
 */
void
daemon_bfd_pid_default(struct daemon_state *ds)
{
	const char *slash = strrchr(ds->vrrp_pid_path, '/');
	const char *base = slash != NULL ? slash + 1 : ds->vrrp_pid_path;
	int dirlen = (int)(base - ds->vrrp_pid_path), n;

	if (strncmp(base, "keepalived_vrrp", 15) == 0)
		n = snprintf(ds->bfd_pid_path, sizeof(ds->bfd_pid_path), "%.*skeepalived_bfd%s",
			     dirlen, ds->vrrp_pid_path, base + 15);
	else if (strncmp(base, "vrrp", 4) == 0)
		n = snprintf(ds->bfd_pid_path, sizeof(ds->bfd_pid_path), "%.*sbfd%s", dirlen,
			     ds->vrrp_pid_path, base + 4);
	else
		return;
	if (n < 0 || (size_t)n >= sizeof(ds->bfd_pid_path))
		snprintf(ds->bfd_pid_path, sizeof(ds->bfd_pid_path), "%s", CLI_DEFAULT_BFD_PID);
}
