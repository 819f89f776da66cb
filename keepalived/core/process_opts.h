/*
 * Acting on the process-level settings (conf_process.h) the way keepalived
 * 2.2.7 does: entering the network namespace, the pid file names and syslog
 * ident that follow from it and from the instance name, process names,
 * scheduling and memory options, and the startup and shutdown scripts.
 *
 * keepalived runs a parent and a VRRP child; this daemon is both in one
 * process, so the parent's settings apply from start-up and the VRRP
 * child's (vrrp_process_name, vrrp_priority...) from the moment VRRP starts.
 */
#ifndef CORE_PROCESS_OPTS_H
#define CORE_PROCESS_OPTS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "keepalived/core/conf_process.h"

struct vrrp_track_conf;

/* What the daemon remembers between start-up and exit. */
struct process_run {
	char netns[PROCESS_NETNS_MAX]; /* the namespace entered; "" for none */
	char instance[PROCESS_NETNS_MAX];
	char ident_main[PROCESS_NETNS_MAX * 2 + 32]; /* openlog() keeps the pointer */
	char ident_vrrp[PROCESS_NETNS_MAX * 2 + 32];
	char pid_dir[PATH_MAX]; /* /run/keepalived/NS made for us, removed at exit */
	char control_path[PATH_MAX];
	bool startup_ran; /* the shutdown script runs only after it */
};

/*
 * Start-up, right after the configuration is read and before anything is
 * opened: enter the network namespace (-s NAME, else net_namespace), name
 * the process (process_name) and work out the syslog idents. cli_ns may be
 * NULL. Returns 0, or -1 (logged) if the namespace cannot be entered.
 */
int process_run_begin(struct process_run *pr, const struct process_conf *pc, const char *cli_ns);
/* Enter /run/netns/NAME (nothing to do if already there); 0, or -1 logged. */
int process_netns_enter(const char *name);

/* The syslog idents: "Keepalived" or "Keepalived_vrrp", then _NAMESPACE and _INSTANCE. */
const char *process_run_ident(const struct process_run *pr, bool vrrp);

/*
 * The pid files keepalived would use: in /run/keepalived/NAMESPACE when in a
 * namespace, in /run/keepalived with use_pid_dir or an instance name, else
 * in /run; named
 * keepalived[_INSTANCE].pid and vrrp[_INSTANCE].pid in a pid directory,
 * keepalived[_INSTANCE].pid and keepalived_vrrp[_INSTANCE].pid in /run.
 * Only the paths whose *_default is true (no -p / -r) are replaced. The
 * directories are made (0755, root's, never through a link). 0 or -1.
 */
int process_run_pid_paths(struct process_run *pr, const struct process_conf *pc, char *main_path,
			  size_t main_size, bool main_default, char *vrrp_path, size_t vrrp_size,
			  bool vrrp_default);

/*
 * The control socket's default for a daemon in a namespace or with an
 * instance name, so that several on one host do not meet on one socket:
 * /run/keepalived/NAMESPACE/control[_INSTANCE], or
 * /run/keepalived/control_INSTANCE. NULL: control.h's default.
 */
const char *process_run_control_path(struct process_run *pr);

/* startup_script, before VRRP starts: waited for, killed at its timeout. */
void process_run_startup(struct process_run *pr, const struct process_conf *pc,
			 const struct vrrp_track_conf *track);

/*
 * VRRP starts: vrrp_process_name and the vrrp_* scheduling options, merged
 * with the bfd_* ones (process_sched_merge) when bfd_runs: BFD sessions run
 * in this process's loop.
 */
void process_run_vrrp(struct process_run *pr, const struct process_conf *pc, bool bfd_runs);

/*
 * BFD sessions run here without VRRP instances (-C, or a configuration
 * with bfd_instances and no vrrp_instance): the process is named with
 * bfd_process_name, as keepalived's BFD process would be; with sched, the
 * bfd_* scheduling options apply (-C: process_run_vrrp() never ran).
 */
void process_run_bfd(struct process_run *pr, const struct process_conf *pc, bool sched);

/* After VRRP stopped: shutdown_script (if the startup script's turn came), pid directory. */
void process_run_end(struct process_run *pr, const struct process_conf *pc,
		     const struct vrrp_track_conf *track);

/*
 * Reload: the namespace and instance name cannot change (keepalived refuses
 * the reload, asking for a restart). 0 if next keeps them, -1 (logged) if not.
 */
int process_run_reload_check(const struct process_run *pr, const struct process_conf *next,
			     const char *cli_ns);

/*
 * Apply one set of scheduling and memory options to the calling process:
 * SCHED_RR with RLIMIT_RTTIME, or else the nice value (as keepalived, which
 * leaves nice alone for a real-time process), mlockall, CPU affinity. who
 * ("vrrp", "checker") names it in messages. The checker process calls it
 * with conf->process.checker. Returns 0, or -1 if any part failed (logged;
 * the rest is still applied).
 */
int process_sched_apply(const struct process_sched *s, const char *who);

/* prctl(PR_SET_NAME); NULL does nothing. */
void process_set_name(const char *name);

#endif
