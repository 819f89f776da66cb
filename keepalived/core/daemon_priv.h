/*
 * What the files of the daemon's life cycle share: its state, and the
 * functions one part calls in another. daemon.c starts, runs and stops the
 * daemon; daemon_ops.c answers its operators (reload, dumps, the control
 * socket and the metrics server); daemon_config.c reads the configuration
 * (and -t); daemon_checker.c follows the checker process; daemon_pidfile.c
 * keeps the pid files; daemon_systemd.c talks to systemd. Private to
 * keepalived/core.
 */
#ifndef CORE_DAEMON_PRIV_H
#define CORE_DAEMON_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "globals_run.h"
#include "process_opts.h"
#include "keepalived/check/core/check_daemon.h"
#include "lib/conf_reader.h"

struct bfd_run;
struct cli_opts;
struct check_supervisor;
struct check_syncd;
struct control;
struct ev_loop;
struct kconf;
struct metrics_http;
struct vrrp_daemon;

#define DAEMON_LOG_IDENT "Keepalived"

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

/* daemon_pidfile.c ------------------------------------------------------------ */

/* The daemon already running, per either pid file, or 0. */
pid_t daemon_running(const struct daemon_state *ds);
/* Create (and lock) the pid files; -1 if one cannot be made (logged). */
int daemon_pidfiles_create(struct daemon_state *ds);
void daemon_pidfiles_remove(struct daemon_state *ds);
/* The default -b beside the default -r. */
void daemon_bfd_pid_default(struct daemon_state *ds);

/* daemon_systemd.c --------------------------------------------------------------- */

/* Tell systemd about a state change (sd_notify's state string). */
void daemon_notify(const char *state);
/* RELOADING=1, with the time of the request. */
void daemon_notify_reloading(void);
/* The watchdog keep-alives, when systemd asks for them, and the stall test hook. */
void daemon_watchdog_start(struct ev_loop *loop);

/* daemon_config.c ------------------------------------------------------------------ */

/* Read the configuration into *out; -1 (logged) if it has errors. */
int daemon_load_config(struct daemon_state *ds, struct kconf **out);

/* daemon_checker.c ----------------------------------------------------------------- */

/* Fork the checker when conf has virtual servers, unless -P. */
void daemon_checker_start(struct daemon_state *ds, const struct kconf *conf);
/* Reload: signal the checker, or start one the new configuration wants. */
void daemon_checker_reload(struct daemon_state *ds, const struct kconf *next);
/* BFD_CHECK: point the checker at the bfd_instance sessions of conf. */
void daemon_checker_bfd(struct daemon_state *ds, const struct kconf *conf);

/* daemon_ops.c --------------------------------------------------------------------- */

/* global_defs at start and after each reload, and the dump names. */
void daemon_globals_apply(struct daemon_state *ds);
/* SIGHUP: read the configuration again and apply it if it has no error. */
void daemon_on_reload(struct ev_loop *loop, int signo, void *arg);
/* reload_time_file's callback: the reload as SIGHUP's. */
void daemon_scheduled_reload(void *arg);
/* SIGUSR1, SIGUSR2, JSON, STATS_CLEAR: the dump files. */
void daemon_on_dump(struct ev_loop *loop, int signo, void *arg);
/* Open the control socket and the metrics server; neither failing is fatal. */
void daemon_servers_start(struct daemon_state *ds);
void daemon_servers_stop(struct daemon_state *ds);

#endif
