/*
 * The daemon's life cycle, in one process: the start-up lines keepalived
 * writes, detaching from the terminal, the start (configuration, pid files,
 * the VRRP side, the checker), the event loop and its signals, and the stop
 * sequence. Its parts: daemon_config.c reads the configuration,
 * daemon_pidfile.c keeps the pid files, daemon_checker.c follows the
 * checker process, daemon_ops.c answers the operators (reload, dumps, the
 * control socket and the metrics server), daemon_systemd.c talks to systemd.
 *
 * keepalived runs a parent and a VRRP child; we run both roles in one
 * process, so both pid files hold the same pid and the log shows the lines
 * of both roles in the order keepalived writes them (people alert on them).
 */
#include "config.h"

#include "daemon.h"
#include "daemon_priv.h"
#include "privs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/version.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "globals_run.h"
#include "keepalived/check/core/check_supervise.h"
#include "keepalived/check/run/check_syncd.h"
#include "keepalived/check/status/check_status_pub.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "process_opts.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/log_syslog.h"

#define DAEMON_UMASK 022 /* when -u is not given */

/* Logging ------------------------------------------------------------------- */

/* -G without -l: the lines have nowhere to go. */
static void
daemon_discard_sink(int priority, const char *line, void *arg)
{
	(void)priority;
	(void)line;
	(void)arg;
}

static void
daemon_log_setup(const struct cli_opts *opts)
{
	log_init(DAEMON_LOG_IDENT, opts->log_facility, opts->log_console);
	log_set_detail(opts->log_detail);
	if (opts->no_syslog && !opts->log_console)
		log_set_sink(daemon_discard_sink, NULL);
	/* A slow syslog never holds back an advert (lib/log_syslog.h). */
	else if (!opts->log_console)
		log_syslog_nonblocking(NULL, NULL);
}

/* keepalived's first lines: version, kernel, command line. */
static void
daemon_log_banner(int argc, char *argv[])
{
	struct utsname un;
	char line[900];
	size_t len = 0;
	int i;

	log_info("Starting %s", CLI_VERSION_STRING);
	if (uname(&un) == 0)
		log_info("Running on %s %s %s (built for Linux %d.%d.%d)", un.sysname, un.release,
			 un.version, (LINUX_VERSION_CODE >> 16) & 0xff,
			 (LINUX_VERSION_CODE >> 8) & 0xff, LINUX_VERSION_CODE & 0xff);
	for (i = 0; i < argc && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s'%s'", i ? " " : "",
					argv[i]);
	log_info("Command line: %s", line);
}

/* Paths and process set-up ---------------------------------------------------- */

/* Make path absolute against the current directory. 0 or -1. */
static int
daemon_abs_path(const char *path, char *out, size_t size)
{
	char cwd[PATH_MAX];
	int n;

	if (path[0] == '/')
		n = snprintf(out, size, "%s", path);
	else if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	else
		n = snprintf(out, size, "%s/%s", cwd, path);
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int
daemon_state_init(struct daemon_state *ds, const struct cli_opts *opts)
{
	memset(ds, 0, sizeof(*ds));
	ds->opts = opts;
	ds->ready_fd = -1;
	ds->pid_fd = ds->vrrp_pid_fd = ds->bfd_pid_fd = -1;
	ds->cfg_opts.config_id = opts->config_id;
	ds->cfg_opts.include_missing_is_error = opts->all_config;
	if (daemon_abs_path(opts->conf_file, ds->conf_path, sizeof(ds->conf_path)) == -1) {
		log_warn("configuration file %s", opts->conf_file);
		return -1;
	}
	if (daemon_abs_path(opts->checkers_pid_file, ds->checkers_pid_path,
			    sizeof(ds->checkers_pid_path)) == -1) {
		log_warn("checkers pid file %s", opts->checkers_pid_file);
		return -1;
	}
	check_status_set_dir(ds->checkers_pid_path);
	if (daemon_abs_path(opts->pid_file, ds->pid_path, sizeof(ds->pid_path)) == -1) {
		log_warn("pid file %s", opts->pid_file);
		return -1;
	}
	if (daemon_abs_path(opts->vrrp_pid_file, ds->vrrp_pid_path, sizeof(ds->vrrp_pid_path)) ==
	    -1) {
		log_warn("pid file %s", opts->vrrp_pid_file);
		return -1;
	}
	if (daemon_abs_path(opts->bfd_pid_file, ds->bfd_pid_path, sizeof(ds->bfd_pid_path)) == -1) {
		log_warn("pid file %s", opts->bfd_pid_file);
		return -1;
	}
	return 0;
}

static void
daemon_process_setup(const struct cli_opts *opts)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	umask(opts->umask_set ? opts->umask : DAEMON_UMASK);
	/* A peer closing a pipe or socket must not kill the daemon. */
	signal(SIGPIPE, SIG_IGN);
	if (opts->core_dump && setrlimit(RLIMIT_CORE, &rl) == -1)
		log_warn("Failed to set core file size");
}

/*
 * Detach: fork, setsid, fork again so that the daemon can never reacquire a
 * terminal, then cd / and point stdio at /dev/null. The original process
 * waits on a pipe until the daemon reports that it is up (one byte) or dies
 * (end of file), and exits 0 or 1 accordingly, so that `keepalived` returns
 * non-zero when the daemon could not start. Returns 0 in the daemon, -1 on
 * failure in the original process.
 */
static int
daemon_detach(struct daemon_state *ds)
{
	int fds[2], status, devnull;
	pid_t pid;
	char byte;
	ssize_t n;

	fflush(NULL); /* or both processes would write what is buffered */
	if (pipe2(fds, O_CLOEXEC) == -1) {
		log_warn("%s: pipe", __func__);
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		log_warn("%s: fork", __func__);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid > 0) {
		close(fds[1]);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		do
			n = read(fds[0], &byte, 1);
		while (n == -1 && errno == EINTR);
		_exit(n == 1 ? (unsigned char)byte : 1);
	}

	close(fds[0]);
	if (setsid() == -1)
		fatal("%s: setsid", __func__);
	pid = fork();
	if (pid == -1)
		fatal("%s: fork", __func__);
	if (pid > 0)
		_exit(0);

	if (chdir("/") == -1)
		fatal("%s: chdir /", __func__);
	devnull = open("/dev/null", O_RDWR);
	if (devnull == -1)
		fatal("%s: /dev/null", __func__);
	dup2(devnull, STDIN_FILENO);
	dup2(devnull, STDOUT_FILENO);
	dup2(devnull, STDERR_FILENO);
	if (devnull > STDERR_FILENO)
		close(devnull);
	ds->ready_fd = fds[1];
	return 0;
}

/* Tell the waiting parent (if any) how start-up ended. */
static void
daemon_report_ready(struct daemon_state *ds, int status)
{
	char byte = (char)status;

	if (ds->ready_fd == -1)
		return;
	if (write(ds->ready_fd, &byte, 1) != 1)
		log_warn("%s: write", __func__);
	close(ds->ready_fd);
	ds->ready_fd = -1;
}

/* Signals ------------------------------------------------------------------------- */

static void
daemon_vrrp_stop(struct daemon_state *ds)
{
	if (ds->vrrp == NULL)
		return;
	if (ds->opts->dont_release_vrrp)
		vrrp_daemon_abandon(ds->vrrp); /* -V */
	else
		vrrp_daemon_stop(ds->vrrp);
	vrrp_daemon_free(ds->vrrp);
	ds->vrrp = NULL;
}

/* SIGTERM, SIGINT: leave cleanly (VRRP sends its priority-0 adverts). */
/* -D: the CPU time used so far, "self/children" as keepalived's stop lines; with short, only
 * the process's own times when no child used any (keepalived's "Stopped - used" line). */
static bool
daemon_rusage(char *user, char *sys, size_t len, bool short_ok)
{
	struct rusage me, kids;

	if (getrusage(RUSAGE_SELF, &me) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0)
		return false;
	if (short_ok && kids.ru_utime.tv_sec == 0 && kids.ru_utime.tv_usec == 0 &&
	    kids.ru_stime.tv_sec == 0 && kids.ru_stime.tv_usec == 0) {
		snprintf(user, len, "%ld.%06ld", (long)me.ru_utime.tv_sec,
			 (long)me.ru_utime.tv_usec);
		snprintf(sys, len, "%ld.%06ld", (long)me.ru_stime.tv_sec,
			 (long)me.ru_stime.tv_usec);
		return true;
	}
	snprintf(user, len, "%ld.%06ld/%ld.%06ld", (long)me.ru_utime.tv_sec,
		 (long)me.ru_utime.tv_usec, (long)kids.ru_utime.tv_sec,
		 (long)kids.ru_utime.tv_usec);
	snprintf(sys, len, "%ld.%06ld/%ld.%06ld", (long)me.ru_stime.tv_sec,
		 (long)me.ru_stime.tv_usec, (long)kids.ru_stime.tv_sec,
		 (long)kids.ru_stime.tv_usec);
	return true;
}

static void
daemon_on_stop(struct ev_loop *loop, int signo, void *arg)
{
	struct daemon_state *ds = arg;
	char user[64], sys[64];

	(void)signo;
	if (ds->stopping)
		return;
	ds->stopping = true;
	log_info("Stopping");
	daemon_notify("STOPPING=1");
	check_syncd_stop(ds->syncd);
	ds->syncd = NULL;
	daemon_vrrp_stop(ds);
	check_supervisor_stop(ds->checker);
	ds->checker = NULL;
	bfd_run_free(ds->bfd_only);
	ds->bfd_only = NULL;
	if (log_get_detail() && daemon_rusage(user, sys, sizeof(user), true))
		log_info("Stopped - used %s%s user time, %s system time",
			 strchr(user, '/') != NULL ? "(self/children) " : "", user, sys);
	else
		log_info("Stopped");
	ev_loop_break(loop);
}

static int
daemon_signals_init(struct daemon_state *ds)
{
	static const int dumps[] = { SIGUSR1, SIGUSR2 };
	size_t i;

	if (ev_signal_add(ds->loop, SIGTERM, daemon_on_stop, ds) == -1 ||
	    ev_signal_add(ds->loop, SIGINT, daemon_on_stop, ds) == -1 ||
	    ev_signal_add(ds->loop, SIGHUP, daemon_on_reload, ds) == -1)
		return -1;
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++)
		if (ev_signal_add(ds->loop, dumps[i], daemon_on_dump, ds) == -1)
			return -1;
	/* Real-time signal numbers are not constants. */
	if (ev_signal_add(ds->loop, cli_signum("JSON"), daemon_on_dump, ds) == -1 ||
	    ev_signal_add(ds->loop, cli_signum("STATS_CLEAR"), daemon_on_dump, ds) == -1)
		return -1;
	return 0;
}

/* Entry points --------------------------------------------------------------------- */

/* Everything between start-up and the event loop; 0 or -1 (logged). */
static int
daemon_start(struct daemon_state *ds)
{
	pid_t running;

	if (daemon_load_config(ds, &ds->conf) == -1)
		return -1;
	/* Before any file is made; -u wins. */
	if (ds->conf->globals.umask_set && !ds->opts->umask_set)
		umask(ds->conf->globals.umask);
	if (ds->conf->globals.max_auto_priority == 0)
		log_info("NOTICE: setting config option max_auto_priority should result in better "
			 "keepalived performance");
	/* Before anything is opened: the namespace, and the pid files named after it. */
	if (process_run_begin(&ds->process, &ds->conf->process, ds->opts->net_namespace) == -1 ||
	    process_run_pid_paths(&ds->process, &ds->conf->process, ds->pid_path,
				  sizeof(ds->pid_path),
				  strcmp(ds->opts->pid_file, CLI_DEFAULT_PID_FILE) == 0,
				  ds->vrrp_pid_path, sizeof(ds->vrrp_pid_path),
				  strcmp(ds->opts->vrrp_pid_file, CLI_DEFAULT_VRRP_PID) == 0) == -1)
		return -1;
	if (strcmp(ds->opts->bfd_pid_file, CLI_DEFAULT_BFD_PID) == 0 &&
	    strcmp(ds->opts->vrrp_pid_file, CLI_DEFAULT_VRRP_PID) == 0)
		daemon_bfd_pid_default(ds);
	running = daemon_running(ds);
	if (running != 0) {
		log_error("daemon is already running");
		return -1;
	}

	if (!ds->opts->dont_fork && daemon_detach(ds) == -1)
		return -1;

	/* Signals first, so that one sent as soon as the pid file appears is
	 * handled rather than fatal. */
	ds->loop = ev_loop_new(NULL, NULL);
	if (ds->loop == NULL) {
		log_warn("%s: event loop", __func__);
		return -1;
	}
	if (log_syslog_nonblocking_on()) /* the loop sends the lines that had to wait */
		log_syslog_nonblocking(ds->loop, NULL);
	if (daemon_signals_init(ds) == -1) {
		log_warn("%s: signals", __func__);
		return -1;
	}
	globals_run_init(&ds->globals, ds->loop, ds->opts->umask_set, daemon_scheduled_reload, ds);
	if (daemon_pidfiles_create(ds) == -1)
		return -1;

	/*
	 * keepalived logs its VRRP lines from a child whose syslog ident is
	 * "Keepalived_vrrp"; filters on that name must keep matching.
	 */
	process_run_startup(&ds->process, &ds->conf->process, ds->conf->vrrp.track);
	/* Forked before VRRP's scheduling settings, which are VRRP's alone. */
	daemon_checker_start(ds, ds->conf);
	if (!ds->opts->check_only) {
		log_set_ident(process_run_ident(&ds->process, true));
		bool bfd_runs = bfd_conf_runs(ds->conf->vrrp.bfd);

		process_run_vrrp(&ds->process, &ds->conf->process, bfd_runs);
		if (bfd_runs && ds->conf->vrrp.ninstances == 0)
			process_run_bfd(&ds->process, &ds->conf->process, false);
		if (vrrp_iface_check_startup(&ds->conf->vrrp, false) != 0) {
			ds->exit_status = VRRP_IFACE_EXIT;
			return -1;
		}
		vrrp_daemon_set_address_monitoring(ds->opts->address_monitoring); /* -a */
		ds->vrrp = vrrp_daemon_start(ds->loop, &ds->conf->vrrp);
		if (ds->vrrp == NULL)
			return -1;
		ds->syncd = check_syncd_start(ds->loop, ds->vrrp, ds->conf->check);
	}
	daemon_checker_bfd(ds, ds->conf);
	daemon_servers_start(ds);
	daemon_globals_apply(ds);
	globals_save_config(&ds->globals, ds->conf, ds->conf_path);
	/* Pid files are written and the sockets open: keep only what running needs. */
	if (privs_drop(ds->conf->globals.max_auto_priority > 0) == -1)
		log_warnx("running with all capabilities");
	return 0;
}

/*
 * What keepalived's parent calls starting no child: no checker, no BFD
 * sessions of their own, and no VRRP to run (-C, or no instance, static
 * address, route or rule, nor bfd_instance); --all starts them all anyway.
 */
static bool
daemon_nothing_to_run(const struct daemon_state *ds)
{
	const struct vrrp_conf *v = &ds->conf->vrrp;

	return !ds->opts->run_all && ds->checker == NULL && ds->bfd_only == NULL &&
	       (ds->opts->check_only ||
		(v->ninstances == 0 && v->statics == NULL && !bfd_conf_runs(v->bfd)));
}

int
daemon_run(const struct cli_opts *opts, int argc, char *argv[])
{
	struct daemon_state ds;
	char user[64], sys[64];
	unsigned i;

	daemon_process_setup(opts);
	daemon_log_setup(opts);
	daemon_log_banner(argc, argv);
	for (i = 0; i < opts->n_notices; i++)
		log_warnx("%s", opts->notices[i]);

	if (daemon_state_init(&ds, opts) == -1 || daemon_start(&ds) == -1) {
		if (ds.exit_status == 0)
			ds.exit_status = 1;
		goto done;
	}

	/* keepalived's parent says so (at LOG_INFO) when it starts no child, and keeps running. */
	if (daemon_nothing_to_run(&ds))
		log_info("Warning - keepalived has no configuration to run");
	log_info("Startup complete");
	daemon_notify("READY=1\nSTATUS=Running");
	daemon_watchdog_start(ds.loop);
	daemon_report_ready(&ds, 0);
	if (ev_loop_run(ds.loop) == -1) {
		log_warn("event loop failed");
		ds.exit_status = 1;
	}

done:
	globals_run_end(&ds.globals);
	daemon_servers_stop(&ds);
	check_syncd_stop(ds.syncd);
	daemon_vrrp_stop(&ds);
	check_supervisor_stop(ds.checker);
	bfd_run_free(ds.bfd_only);
	daemon_pidfiles_remove(&ds);
	/* A detached start that failed: its original process exits with the same code. */
	if (ds.exit_status != 0)
		daemon_report_ready(&ds, ds.exit_status);
	process_run_end(&ds.process, ds.conf != NULL ? &ds.conf->process : NULL,
			ds.conf != NULL ? ds.conf->vrrp.track : NULL);
	if (ds.ready_fd != -1)
		close(ds.ready_fd);
	if (ds.conf != NULL)
		kconf_free(ds.conf);
	if (ds.loop != NULL) {
		if (log_syslog_nonblocking_on()) /* off the loop before it goes */
			log_syslog_nonblocking(NULL, NULL);
		ev_loop_free(ds.loop);
	}
	if (log_get_detail() && daemon_rusage(user, sys, sizeof(user), false))
		log_info("CPU usage (self/children) user: %s system: %s", user, sys);
	log_info("Stopped %s", CLI_VERSION_STRING);
	return ds.exit_status;
}
