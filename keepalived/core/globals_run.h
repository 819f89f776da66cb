/*
 * What the daemon does with the global_defs of conf_globals.h while it runs:
 * the file mode mask, IGMP reports for link-local groups
 * (disable_local_igmp), the reload file (reload_file), the configuration
 * check before a reload with its log (reload_check_config), scheduled
 * reloads (reload_time_file, reload_repeat), saved configurations
 * (config_save_dir), and the automatic real-time priority
 * (max_auto_priority, min_auto_priority_delay).
 */
#ifndef CORE_GLOBALS_RUN_H
#define CORE_GLOBALS_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "keepalived/core/conf.h"
#include "lib/event.h"

struct globals_run {
	struct ev_loop *loop;
	void (*reload)(void *arg); /* a scheduled reload is due */
	void *arg;
	bool cli_umask; /* -u given: the configuration's umask does not apply */

	/* disable_local_igmp: the value found, put back at exit */
	char igmp_saved;
	bool igmp_changed;

	/* reload_time_file: polled every second (its directory may come and go) */
	char time_file[GLOBALS_PATH_MAX];
	bool repeat;
	struct ev_timer poll;
	struct timespec seen_mtime; /* the version of the file last read */
	bool seen;
	time_t when; /* 0: no reload scheduled */

	/* config_save_dir: the loads so far (0: start-up), for the file names */
	unsigned loads;

	/* max_auto_priority */
	struct ev_timer probe;
	int auto_max;
	uint32_t auto_delay_us;
	int auto_prio;              /* the real-time priority set so far, 0: none */
	struct process_sched sched; /* vrrp's, copied: the rlimit and the rest */
	uint64_t auto_raises;       /* times the priority went up */
};

void globals_run_init(struct globals_run *gr, struct ev_loop *loop, bool cli_umask,
		      void (*reload)(void *arg), void *arg);
/* Follow conf (at start and after each reload). */
void globals_run_apply(struct globals_run *gr, const struct kconf *conf);
/* At exit: timers stopped, IGMP reports as they were. */
void globals_run_end(struct globals_run *gr);

/* reload_file: before (true) and after (false) reading the configuration. */
void globals_reload_file(const struct kconf *running, const char *pid_dir, bool before);
/*
 * reload_check_config LOG_FILE: read path as -t does, the messages into the
 * log file; 0 if it has no errors, -1 (logged) if it has. Without a log
 * file, the reload's own reading checks it (0).
 */
int globals_reload_check(const struct kconf *running, const char *path,
			 const struct cfg_options *opts);
/*
 * config_save_dir, as keepalived names the files: the configuration file of
 * each load as keepalived.conf.PID.N (N: 0 at start-up, then one per
 * reload), and the VRRP state before and after reload N as
 * keepalived_vrrp.PID.N.pre and .post (text, the SIGUSR1 dump's).
 */
void globals_save_config(const struct globals_run *gr, const struct kconf *conf, const char *path);
void globals_save_state(const struct globals_run *gr, const struct kconf *conf, const char *tag,
			const char *text, size_t len);
/* A reload begins: the next N. */
void globals_reload_begins(struct globals_run *gr);

#endif
