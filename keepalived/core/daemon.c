/*
 * The daemon's life cycle, in one process: the start-up lines keepalived
 * writes, reading the configuration, detaching from the terminal, pid files,
 * the event loop and its signals, reload, and the stop sequence. It also
 * hooks up what operators use: the dump signals (dump.c), the control
 * socket (control.c) and the metrics server (metrics_http.c), all fed by
 * one status model (vrrp_status.c).
 *
 * keepalived runs a parent and a VRRP child; we run both roles in one
 * process, so both pid files hold the same pid and the log shows the lines
 * of both roles in the order keepalived writes them (people alert on them).
 */
#include "config.h"

#include "daemon.h"
#include "privs.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/version.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <syslog.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "control.h"
#include "dump.h"
#include "globals_run.h"
#include "keepalived/check/core/check_supervise.h"
#include "keepalived/check/run/check_syncd.h"
#include "keepalived/check/status/check_status_pub.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/run/vrrp_track.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/status/vrrp_status.h"
#include "metrics_http.h"
#include "process_opts.h"
#include "lib/conf_reader.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/log_syslog.h"
#include "lib/pidfile.h"
#include "lib/sd_notify.h"
#include "lib/wd_health.h"

#define DAEMON_LOG_IDENT "Keepalived"
#define DAEMON_UMASK 022 /* when -u is not given */
/* -t exit codes, keepalived 2.2.7's (its man page numbers them one lower). */
#define DAEMON_EXIT_CONFIG 4
#define DAEMON_EXIT_CONFIG_TEST 5
#define DAEMON_EXIT_CONFIG_TEST_SECURITY 6

struct daemon_state {
	const struct cli_opts *opts;
	struct cfg_options cfg_opts;
	/* Absolute, because the daemon changes directory to / when detached. */
	char conf_path[PATH_MAX];
	char pid_path[PATH_MAX];
	char vrrp_pid_path[PATH_MAX];
	char bfd_pid_path[PATH_MAX]; /* -b */
	int pid_fd; /* the pid files, locked for as long as we live; -1: not ours */
	int vrrp_pid_fd;
	int bfd_pid_fd;

	struct ev_loop *loop;
	struct kconf *conf;       /* the running configuration */
	struct vrrp_daemon *vrrp; /* NULL once stopped */
	int ready_fd;             /* tells the waiting parent we are up; -1 if none */
	bool stopping;            /* SIGTERM or SIGINT seen */
	int exit_status;

	/* The checker process (virtual_server); NULL when none runs. */
	struct check_supervisor *checker;
	struct bfd_run *bfd_only;  /* -C: the bfd_instance sessions, run here without VRRP */
	struct check_syncd *syncd; /* lvs_sync_daemon; NULL when not configured */
	struct check_daemon_opts check_opts;
	char checkers_pid_path[PATH_MAX];

	struct control *control;      /* the control socket; NULL if it could not be opened */
	struct metrics_http *metrics; /* metrics_listen; NULL when not configured */
	struct process_run process;   /* namespace, names, scripts (process_opts.c) */
	struct globals_run globals;   /* umask, reload files, auto priority (globals_run.c) */
};

/* For the atexit() handler: fatal() exits without unwinding. */
static struct daemon_state *daemon_current;

/* systemd ------------------------------------------------------------------ */

/* Tell systemd about a state change; a no-op when built --without-systemd or
 * outside a Type=notify service. */
static void
daemon_notify(const char *state)
{
#ifdef HAVE_SYSTEMD_NOTIFY
	sdnotify_send(state);
#else
	(void)state;
#endif
}

static void
daemon_notify_reloading(void)
{
#ifdef HAVE_SYSTEMD_NOTIFY
	char state[64];

	/* systemd's notify-reload services want the time of the request. */
	snprintf(state, sizeof(state), "RELOADING=1\nMONOTONIC_USEC=%" PRIu64, ev_monotonic_us());
	sdnotify_send(state);
#endif
}

/*
 * systemd watchdog (WatchdogSec=): when systemd asks for keep-alives, send
 * WATCHDOG=1 from a timer of the event loop, and only while the loop is
 * healthy: its timers not late by half the interval or more
 * (lib/wd_health.h has the bounds). A loop that stops turning, or that
 * turns but holds its timers back, stops the keep-alives and systemd
 * restarts us. sdnotify_watchdog_usec() also checks WATCHDOG_PID, which names
 * the process systemd expects them from.
 */
#ifdef HAVE_SYSTEMD_NOTIFY
static struct ev_timer daemon_watchdog_timer;
static struct wd_health daemon_watchdog_health;

static void
daemon_watchdog_ping(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct wd_health *h = &daemon_watchdog_health;
	enum wd_verdict v = wd_health_decide(h, ev_loop_take_late_max(loop));

	(void)arg;
	if (v == WD_FIRST_WITHHOLD)
		log_warnx("systemd watchdog: event loop timers %" PRIu64
			  " ms late, keep-alives withheld until they are on time",
			  h->sick_worst_us / 1000);
	else if (v == WD_RECOVERED)
		log_info("systemd watchdog: event loop on time again (worst %" PRIu64
			 " ms late), keep-alives resumed",
			 h->sick_worst_us / 1000);
	if (wd_verdict_ping(v))
		sdnotify_send("WATCHDOG=1");
	ev_timer_start_in(loop, t, h->period_us);
}
#endif

/*
 * Test hook for the watchdog test (test/integration/systemd.sh): with
 * KEEPALIVED_TEST_LOOP_STALL=AFTER_MS,STALL_MS in the environment, the loop
 * blocks for STALL_MS at every turn from AFTER_MS after start on, as a
 * wedged callback would. Not for production; never set by the unit.
 */
static struct ev_timer daemon_stall_timer;
static struct timespec daemon_stall_ts;

static void
daemon_stall(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)arg;
	nanosleep(&daemon_stall_ts, NULL);
	ev_timer_start_in(loop, t, 1000);
}

static void
daemon_stall_start(struct ev_loop *loop)
{
	const char *env = getenv("KEEPALIVED_TEST_LOOP_STALL");
	unsigned long after_ms, stall_ms;

	if (env == NULL || sscanf(env, "%lu,%lu", &after_ms, &stall_ms) != 2 || stall_ms == 0)
		return;
	log_warnx("test hook: the event loop stalls %lu ms per turn from %lu ms on", stall_ms,
		  after_ms);
	daemon_stall_ts.tv_sec = (time_t)(stall_ms / 1000);
	daemon_stall_ts.tv_nsec = (long)(stall_ms % 1000) * 1000000L;
	ev_timer_init(&daemon_stall_timer, daemon_stall, NULL);
	ev_timer_start_in(loop, &daemon_stall_timer, (uint64_t)after_ms * 1000);
}

static void
daemon_watchdog_start(struct ev_loop *loop)
{
	daemon_stall_start(loop);
#ifdef HAVE_SYSTEMD_NOTIFY
	uint64_t interval_us = 0;

	if (sdnotify_watchdog_usec(&interval_us) <= 0)
		return;
	wd_health_init(&daemon_watchdog_health, interval_us);
	log_info("systemd watchdog: keep-alive every %" PRIu64 " ms while no timer is %" PRIu64
		 " ms late",
		 daemon_watchdog_health.period_us / 1000,
		 daemon_watchdog_health.late_bound_us / 1000);
	ev_timer_init(&daemon_watchdog_timer, daemon_watchdog_ping, NULL);
	ev_loop_take_late_max(loop);
	daemon_watchdog_ping(loop, &daemon_watchdog_timer, NULL);
#endif
}

/* Logging ------------------------------------------------------------------- */

/* -G without -l: the lines have nowhere to go. */
static void
daemon_discard_sink(int priority, const char *line, void *arg)
{
	(void)priority;
	(void)line;
	(void)arg;
}

/* What -t has seen: where to write, and whether anything was reported. */
struct daemon_test_out {
	FILE *out;
	unsigned reports; /* warnings and errors */
};

/*
 * Warnings about what this daemon lacks, not about the file: keepalived
 * accepts those lines silently, so they are shown but leave -t's exit
 * status as keepalived's would be (scripts that gate on `-t` keep working).
 */
/* clang-format off */
static const char *const daemon_test_own_gaps[] = {
	"not supported",
	"not part of this daemon",
	"accepted but not acted on",
};
/* clang-format on */

/*
 * Whether a script's program exists as keepalived looks for it: a path as
 * given, a bare name along $PATH. keepalived disables the ones it cannot
 * find, and they do not count as scripts being executed.
 */
static bool
daemon_program_found(const char *program)
{
	const char *path = getenv("PATH"), *p, *end;
	char full[PATH_MAX];
	int n;

	if (strchr(program, '/') != NULL)
		return access(program, X_OK) == 0;
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0';
	     p = *end != '\0' ? end + 1 : end) {
		end = strchrnul(p, ':');
		n = snprintf(full, sizeof(full), "%.*s/%s", (int)(end - p), p, program);
		if (n > 0 && (size_t)n < sizeof(full) && access(full, X_OK) == 0)
			return true;
	}
	return false;
}

/* -t: bare lines on stderr or the -t file, without timestamps. */
static void
daemon_test_sink(int priority, const char *line, void *arg)
{
	struct daemon_test_out *t = arg;
	bool gap = false;

	for (size_t i = 0; i < sizeof(daemon_test_own_gaps) / sizeof(daemon_test_own_gaps[0]); i++)
		gap = gap || strstr(line, daemon_test_own_gaps[i]) != NULL;
	if (priority <= LOG_WARNING && !gap)
		t->reports++;
	fprintf(t->out, "%s\n", line);
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

/* Pid files --------------------------------------------------------------------- */

/* The daemon already running, per either pid file, or 0. */
static pid_t
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

static void
daemon_pidfiles_remove(struct daemon_state *ds)
{
	pidfile_remove(ds->bfd_pid_path, ds->bfd_pid_fd);
	pidfile_remove(ds->vrrp_pid_path, ds->vrrp_pid_fd);
	pidfile_remove(ds->pid_path, ds->pid_fd);
	ds->bfd_pid_fd = -1;
	ds->vrrp_pid_fd = -1;
	ds->pid_fd = -1;
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
	return ds->opts->run_all || (b != NULL && b->n > 0 && !b->not_run);
}

/* One process plays keepalived's parent and VRRP child: same pid in both. */
static int
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
static void
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

/* Configuration ----------------------------------------------------------------- */

/* Read the configuration; the reader logs every problem with file:line. */
static int
daemon_load_config(struct daemon_state *ds, struct kconf **out)
{
	int errors;

	*out = NULL;
	log_info("Configuration file %s", ds->opts->conf_file);
	errors = kconf_load(ds->conf_path, &ds->cfg_opts, out);
	if (errors < 0)
		return -1; /* the reader said why */
	if (errors > 0) {
		log_error("Configuration file %s has %d error%s", ds->opts->conf_file, errors,
			  errors == 1 ? "" : "s");
		if (*out != NULL)
			kconf_free(*out);
		*out = NULL;
		return -1;
	}
	if (ds->opts->dump_conf)
		kconf_dump(*out);
	/* -B: the bfd_instance sessions are not run; their trackers stay down, as keepalived's. */
	if (ds->opts->no_bfd && (*out)->vrrp.bfd != NULL)
		(*out)->vrrp.bfd->not_run = true;
	return 0;
}

/* The checker process (keepalived/check/core/check_supervise.h) ------------------- */

/* child_wait_time: how long the checker has to stop, at start and each reload. */
static void
daemon_checker_wait(struct daemon_state *ds, const struct kconf *conf)
{
	check_supervisor_set_stop_wait(ds->checker, conf->process.child_wait_set ?
							    conf->process.child_wait_time :
							    PROCESS_CHILD_WAIT);
}

/* Fork the checker when the configuration has virtual servers, unless -P. */
static void
daemon_checker_start(struct daemon_state *ds, const struct kconf *conf)
{
	if (ds->opts->vrrp_only || ds->checker != NULL || !check_supervisor_wanted(conf))
		return;
	ds->check_opts = (struct check_daemon_opts){
		.conf_path = ds->conf_path,
		.cfg = ds->cfg_opts,
		.pid_path = ds->checkers_pid_path,
		.dont_release_ipvs = ds->opts->dont_release_ipvs,
		.dump_conf = ds->opts->dump_conf,
		.address_monitoring = ds->opts->address_monitoring,
		.fifo_script = ds->opts->check_only,
	};
	ds->checker = check_supervisor_start(ds->loop, &ds->check_opts, ds->opts->check_only);
	check_supervisor_set_dont_respawn(ds->checker, ds->opts->dont_respawn); /* -R */
	daemon_checker_wait(ds, conf);
}

/* Reload: the checker reads the file itself; one is started if it is new. */
static void
daemon_checker_reload(struct daemon_state *ds, const struct kconf *next)
{
	if (ds->checker != NULL) {
		check_supervisor_signal(ds->checker, SIGHUP);
		daemon_checker_wait(ds, next);
	} else {
		daemon_checker_start(ds, next);
	}
}

/*
 * BFD_CHECK: the checker follows the bfd_instance sessions of this process,
 * at start and after each reload (check_supervise.h). Without -C they are
 * VRRP's; with -C, as keepalived still runs its BFD process, they run here
 * alone. conf: the configuration now in use, which the sessions point into.
 */
static void
daemon_checker_bfd(struct daemon_state *ds, const struct kconf *conf)
{
	const struct bfd_conf *bc = conf->vrrp.bfd;

	if (ds->opts->check_only) {
		if (ds->bfd_only != NULL)
			bfd_run_reconf(ds->bfd_only, &conf->vrrp);
		else if (bc != NULL && bc->n > 0 && !bc->not_run) {
			ds->bfd_only = bfd_run_new(ds->loop, &conf->vrrp, NULL, NULL);
			if (ds->bfd_only != NULL) /* at start: the process is BFD's */
				process_run_bfd(&ds->process, &conf->process, true);
		}
		check_supervisor_bfd_follow(ds->checker, ds->bfd_only);
		return;
	}
	check_supervisor_bfd_follow(ds->checker, vrrp_tracking_bfd(vrrp_daemon_tracking(ds->vrrp)));
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

static void daemon_metrics_apply(struct daemon_state *ds);

/* The pid files' directory: reload_file's default place. */
static const char *
daemon_pid_dir(const struct daemon_state *ds, char *buf, size_t size)
{
	const char *slash = strrchr(ds->pid_path, '/');

	snprintf(buf, size, "%.*s", slash != NULL ? (int)(slash - ds->pid_path) : 1,
		 slash != NULL ? ds->pid_path : ".");
	return buf;
}

/* global_defs at start and after each reload (globals_run.c), and the dump names. */
static void
daemon_globals_apply(struct daemon_state *ds)
{
	const struct kconf *c = ds->conf;
	const char *ns = ds->opts->net_namespace != NULL ? ds->opts->net_namespace :
							   c->process.net_namespace;
	char suffix[2 * PROCESS_NETNS_MAX + 2] = "";

	globals_run_apply(&ds->globals, c);
	/* data_use_instance: keepalived.NETNS_INSTANCE.data, either part alone without '_'. */
	if (c->globals.data_use_instance)
		snprintf(suffix, sizeof(suffix), "%s%s%s", ns,
			 ns[0] != '\0' && c->process.instance[0] != '\0' ? "_" : "",
			 c->process.instance);
	dump_set_suffix(suffix);
}

static int daemon_hook_status(void *arg, struct vrrp_status *st);

/* config_save_dir: the VRRP state as SIGUSR1 writes it, around a reload. */
static void
daemon_save_state(struct daemon_state *ds, const char *tag)
{
	struct vrrp_status st;
	struct vrrp_status_buf out;

	if (ds->conf == NULL || ds->conf->globals.config_save_dir[0] == '\0' ||
	    daemon_hook_status(ds, &st) == -1)
		return;
	vrrp_status_buf_init(&out);
	vrrp_status_data(&st, &out);
	if (!out.failed)
		globals_save_state(&ds->globals, ds->conf, tag, out.data != NULL ? out.data : "",
				   out.len);
	vrrp_status_buf_free(&out);
	vrrp_status_free(&st);
}

/* reload_time_file: the time has come. */
static void daemon_on_reload(struct ev_loop *loop, int signo, void *arg);

static void
daemon_scheduled_reload(void *arg)
{
	struct daemon_state *ds = arg;

	daemon_on_reload(ds->loop, SIGHUP, ds);
}

/*
 * SIGHUP: read the configuration again. A configuration with errors is not
 * applied: the daemon keeps running on the old one, so a typo never takes
 * the virtual addresses down.
 */
static void
daemon_on_reload(struct ev_loop *loop, int signo, void *arg)
{
	struct daemon_state *ds = arg;
	struct kconf *next;
	struct vrrp_daemon *vrrp;
	char dir[PATH_MAX];
	int rc;

	(void)signo;
	log_info("Reloading ...");
	daemon_notify_reloading();
	/* global_defs reload_check_config, reload_file, config_save_dir (globals_run.c). */
	globals_reload_begins(&ds->globals);
	daemon_save_state(ds, "pre");
	if (globals_reload_check(ds->conf, ds->conf_path, &ds->cfg_opts) == -1) {
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	globals_reload_file(ds->conf, daemon_pid_dir(ds, dir, sizeof(dir)), true);
	rc = daemon_load_config(ds, &next);
	globals_reload_file(ds->conf, dir, false);
	if (rc == 0)
		globals_save_config(&ds->globals, next, ds->conf_path);
	if (rc == -1) {
		log_error("Reload failed - keeping the running configuration");
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}

	if (process_run_reload_check(&ds->process, &next->process, ds->opts->net_namespace) == -1) {
		kconf_free(next);
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	/* keepalived 2.2.7 stops altogether here; this daemon keeps what runs. */
	if (!ds->opts->check_only && vrrp_iface_check_startup(&next->vrrp, false) != 0) {
		log_error("Reload failed - keeping the running configuration");
		kconf_free(next);
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	log_info("Reloading");
	daemon_checker_reload(ds, next);
	if (ds->opts->check_only) {
		/* -C: no VRRP to reload. */
	} else if (ds->vrrp != NULL) {
		/* Instance by instance, without a flap (vrrp_reload.c). */
		if (vrrp_daemon_reload(ds->vrrp, &next->vrrp) == -1) {
			log_error("Reload failed - keeping the running configuration");
			kconf_free(next);
			daemon_notify("READY=1\nSTATUS=Reload failed");
			return;
		}
	} else {
		vrrp = vrrp_daemon_start(loop, &next->vrrp);
		if (vrrp == NULL) {
			log_error("Reload failed - the new configuration could not be started");
			kconf_free(next);
			daemon_notify("READY=1\nSTATUS=Reload failed");
			return;
		}
		ds->vrrp = vrrp;
	}
	daemon_checker_bfd(ds, next);
	check_syncd_stop(ds->syncd);
	ds->syncd = NULL;
	kconf_free(ds->conf);
	ds->conf = next;
	ds->syncd = check_syncd_start(loop, ds->vrrp, ds->conf->check);
	daemon_metrics_apply(ds);
	daemon_globals_apply(ds);
	daemon_save_state(ds, "post");
	log_info("Reload complete");
	daemon_notify("READY=1\nSTATUS=Running");
}

/* Operational visibility: dumps, control socket, metrics ------------------------ */

/* A snapshot of the running daemon, for dumps, keepalivectl and /metrics. */
static int
daemon_hook_status(void *arg, struct vrrp_status *st)
{
	struct daemon_state *ds = arg;

	return vrrp_status_build(st, ds->vrrp, ds->conf != NULL ? ds->conf->router_id : NULL);
}

static int
daemon_hook_maintenance(void *arg, const char *name, bool on)
{
	struct daemon_state *ds = arg;

	return vrrp_daemon_maintenance(ds->vrrp, name, on);
}

/*
 * `keepalivectl reload`: the SIGHUP path itself. A reload that applies the
 * new configuration replaces ds->conf; one that fails keeps the old one.
 */
static int
daemon_hook_reload(void *arg)
{
	struct daemon_state *ds = arg;
	const struct kconf *before = ds->conf;

	daemon_on_reload(ds->loop, SIGHUP, ds);
	return ds->conf != before && ds->vrrp != NULL ? 0 : -1;
}

static const struct control_hooks *
daemon_hooks(struct daemon_state *ds)
{
	static struct control_hooks hooks;

	hooks.status = daemon_hook_status;
	hooks.maintenance = daemon_hook_maintenance;
	hooks.reload = daemon_hook_reload;
	hooks.arg = ds;
	return &hooks;
}

/* Follow metrics_listen: open, move or close the server as the configuration says. */
static void
daemon_metrics_apply(struct daemon_state *ds)
{
	const struct kconf *c = ds->conf;

	if (c != NULL && c->metrics_enabled &&
	    metrics_http_listens_on(ds->metrics, (const struct sockaddr *)&c->metrics_addr,
				    c->metrics_addrlen))
		return;
	metrics_http_close(ds->metrics);
	ds->metrics = NULL;
	if (c != NULL && c->metrics_enabled)
		ds->metrics = metrics_http_open(ds->loop, (const struct sockaddr *)&c->metrics_addr,
						c->metrics_addrlen, daemon_hooks(ds));
}

/* The control socket and the metrics server; neither failing stops VRRP. */
static void
daemon_servers_start(struct daemon_state *ds)
{
	ds->control = control_open(ds->loop,
				   ds->opts->control_socket != NULL ?
					   ds->opts->control_socket :
					   process_run_control_path(&ds->process),
				   daemon_hooks(ds));
	if (ds->control == NULL)
		log_warnx("running without a control socket");
	daemon_metrics_apply(ds);
}

static void
daemon_servers_stop(struct daemon_state *ds)
{
	control_close(ds->control);
	ds->control = NULL;
	metrics_http_close(ds->metrics);
	ds->metrics = NULL;
}

/* SIGUSR1 (keepalived.data), SIGUSR2 (keepalived.stats), JSON (keepalived.json). */
static void
daemon_on_dump(struct ev_loop *loop, int signo, void *arg)
{
	struct daemon_state *ds = arg;
	struct vrrp_status st;
	enum dump_kind kind;
	const char *what;
	bool clear = false;

	if (signo == SIGUSR1) {
		kind = DUMP_DATA;
		what = "VRRP data";
	} else if (signo == SIGUSR2) {
		kind = DUMP_STATS;
		what = "VRRP stats";
	} else if (signo == cli_signum("JSON")) {
		kind = DUMP_JSON;
		what = "VRRP as json";
	} else {
		/* STATS_CLEAR: the stats file as SIGUSR2 writes it, then the counters zeroed. */
		kind = DUMP_STATS;
		what = "and clearing VRRP stats";
		clear = true;
	}
	if (signo == SIGUSR1)
		check_supervisor_signal(ds->checker, SIGUSR1);
	log_info("Printing %s for process(%d) on signal", what, (int)getpid());
	if (daemon_hook_status(ds, &st) == -1) {
		log_warn("%s: snapshot", __func__);
		return;
	}
	dump_status(&st, kind);
	vrrp_status_free(&st);
	if (clear)
		vrrp_daemon_stats_clear(ds->vrrp);
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

int
daemon_config_test(const struct cli_opts *opts)
{
	struct cfg_options cfg_opts = { opts->config_id, opts->all_config };
	struct kconf *conf = NULL;
	FILE *out = stderr;
	struct daemon_test_out t = { NULL, 0 };
	bool insecure = false;
	int errors;

	if (opts->config_test_log != NULL) {
		out = fopen(opts->config_test_log, "we");
		if (out == NULL) {
			fprintf(stderr, "Unable to open config-test log file %s: %s\n",
				opts->config_test_log, strerror(errno));
			return 1;
		}
	}
	log_init(DAEMON_LOG_IDENT, opts->log_facility, true);
	log_set_detail(opts->log_detail);
	t.out = out;
	log_set_sink(daemon_test_sink, &t);

	/* On errors, the reader has written each with its file:line. */
	errors = kconf_load(opts->conf_file, &cfg_opts, &conf);
	/* The interfaces, as keepalived: in the namespace the daemon would run in. */
	if (errors == 0) {
		const char *ns = opts->net_namespace != NULL ? opts->net_namespace :
							       conf->process.net_namespace;

		if (ns[0] == '\0' || process_netns_enter(ns) == 0)
			vrrp_iface_check_startup(&conf->vrrp, true);
	}
	if (conf != NULL && vrrp_conf_scripts_insecure(&conf->vrrp, daemon_program_found)) {
		log_warnx("SECURITY VIOLATION - scripts are being executed but script_security not "
			  "enabled.");
		insecure = true;
	}
	if (errors == 0 && opts->dump_conf)
		kconf_dump(conf);
	if (conf != NULL)
		kconf_free(conf);

	log_set_sink(NULL, NULL);
	if (out != stderr)
		fclose(out);
	/*
	 * keepalived 2.2.7's codes: 4 when the configuration cannot be run (ours
	 * refuses it), 6 for scripts without enable_script_security, 5 for any
	 * other warning (it runs, having cleared, rounded or ignored something),
	 * 0 when nothing was reported.
	 */
	if (errors != 0)
		return DAEMON_EXIT_CONFIG;
	if (insecure)
		return DAEMON_EXIT_CONFIG_TEST_SECURITY;
	return t.reports != 0 ? DAEMON_EXIT_CONFIG_TEST : 0;
}

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
		bool bfd_runs = ds->conf->vrrp.bfd != NULL && ds->conf->vrrp.bfd->n > 0 &&
				!ds->conf->vrrp.bfd->not_run;

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
	daemon_current = NULL;
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
