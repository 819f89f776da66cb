/*
 * Process tracking, the decisions (vrrp_track_process blocks): whether a
 * process matches a tracker, how many matching processes each tracker
 * counts, and when that count gains or loses the tracker's quorum, with
 * fork_delay and terminate_delay, the way keepalived 2.2.7 decides.
 *
 * Layer: run-time logic without system calls. vrrp_proc.c reads the
 * kernel's process events and /proc and feeds them here as plain data
 * (a pid, its name, its command line bytes); the time is a parameter.
 *
 * Matching, as keepalived.conf(5) and keepalived 2.2.7:
 *  - without parameters or full_command: the process name (/proc/PID/comm,
 *    at most 15 bytes) equals the configured name exactly ("ssh" does not
 *    match sshd; a name longer than 15 bytes never matches);
 *  - full_command: argv[0] of /proc/PID/cmdline equals the name exactly;
 *  - parameters after the name imply full_command and an exact match of
 *    the whole parameter list; param_match partial: the first N
 *    parameters are the configured ones; param_match initial: the same,
 *    except that the last configured one need only begin the process's
 *    parameter; param_match without parameters configured and without
 *    partial/initial: the process must have no parameters.
 * Counting and quorum, as keepalived: the tracker is up while
 * quorum <= count <= quorum_max (quorum_max 0 means "up while none
 * runs"). Crossing into quorum by a fork of a counted process waits
 * fork_delay; leaving it by the exit of a process waits terminate_delay;
 * a crossing back cancels the wait. A process that changes its name or
 * executes another program stops counting at once.
 * Where keepalived counts wrong, this counts each process once per tracker
 * (keepalived counts a counted process that executes a matching program
 * again twice).
 */
#ifndef VRRP_PROC_MATCH_H
#define VRRP_PROC_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct vrrp_track_process_conf;

/* The kernel's limit for a process name, without the NUL (TASK_COMM_LEN - 1). */
#define VRRP_PROC_COMM_MAX 15

enum vrrp_proc_param_match {
	VRRP_PROC_PARAMS_NONE = 0, /* argv[0] (or comm) only */
	VRRP_PROC_PARAMS_EXACT,
	VRRP_PROC_PARAMS_PARTIAL,
	VRRP_PROC_PARAMS_INITIAL,
};

/* One tracker's matching rule and limits, built from its configuration. */
struct vrrp_proc_spec {
	char *path;        /* the process name, or argv[0] with full_command */
	char *params;      /* the parameters, each followed by a NUL; NULL: none */
	size_t params_len; /* bytes of params, the NULs included */
	enum vrrp_proc_param_match param_match;
	bool full_command;
	uint32_t quorum, quorum_max;
	uint64_t fork_delay_us, terminate_delay_us;
};

/*
 * Build spec from a vrrp_track_process block. words[0] is the name and the
 * rest are the parameters (the words of the process line); the other
 * fields come from conf. Returns 0, or -1 (no memory, no words).
 */
int vrrp_proc_spec_init(struct vrrp_proc_spec *spec, const struct vrrp_track_process_conf *conf,
			const char *const *words, size_t nwords);
/*
 * The same with the words taken from conf->process, which keeps the words
 * of the process line joined by single spaces: split at spaces. A quoted
 * word with a space inside cannot be told apart there, so such a block
 * returns -1 (see the report to the lead: the configuration should keep
 * the words).
 */
int vrrp_proc_spec_from_conf(struct vrrp_proc_spec *spec,
			     const struct vrrp_track_process_conf *conf);
void vrrp_proc_spec_fini(struct vrrp_proc_spec *spec);

/*
 * Whether a process matches spec. comm is its name (NUL-terminated, no
 * newline) or NULL if not read; cmdline the bytes of /proc/PID/cmdline as
 * read (cmdline_len of them, NUL-separated words) or NULL if not read. A
 * rule that needs what was not read does not match.
 */
bool vrrp_proc_match(const struct vrrp_proc_spec *spec, const char *comm, const char *cmdline,
		     size_t cmdline_len);

/* The tracker set: counting, quorum and delays ------------------------------- */

/* Called when tracker index (in configuration order) gains or loses its quorum. */
typedef void (*vrrp_proc_change_fn)(size_t index, const char *name, bool up, void *arg);

struct vrrp_proc_tracker {
	char *name; /* the block's name (a copy) */
	struct vrrp_proc_spec spec;
	uint32_t count;                 /* matching processes now */
	bool up;                        /* quorum as last reported */
	uint64_t fork_deadline_us;      /* 0: no fork_delay running */
	uint64_t terminate_deadline_us; /* 0: no terminate_delay running */
};

/* A counted (pid, tracker) pair; the set keeps them sorted. */
struct vrrp_proc_pid {
	pid_t pid;
	uint32_t tracker;
};

struct vrrp_proc_set {
	struct vrrp_proc_tracker *trackers;
	size_t ntrackers;
	struct vrrp_proc_pid *pids;
	size_t npids, pids_cap;
	bool need_comm, need_cmdline; /* what the kernel layer must read */
	size_t cmdline_max;           /* bytes of a command line that decide every match */
	vrrp_proc_change_fn change;
	void *change_arg;
	uint64_t nomem;     /* processes not counted for lack of memory */
	uint64_t bad_specs; /* blocks that cannot be tracked (never up unless quorum 0) */
};

/*
 * Build the set from the configuration's list of vrrp_track_process blocks
 * (linked by next; NULL: an empty set). change gets every later quorum
 * change. Every tracker starts with count 0, down unless its quorum is 0.
 * Returns 0 or -1 (no memory).
 */
int vrrp_proc_set_init(struct vrrp_proc_set *set, const struct vrrp_track_process_conf *list,
		       vrrp_proc_change_fn change, void *arg);
void vrrp_proc_set_fini(struct vrrp_proc_set *set);

/*
 * A scan of every process: begin forgets every count (and stops the
 * delays), each process is given to scan_process, and scan_end settles
 * the quorums. With initial, the trackers take the result silently (the
 * caller reads them); otherwise (a rescan after lost events) a tracker
 * that gained its quorum reports it at once and one that lost it waits
 * terminate_delay, as after an exit.
 */
void vrrp_proc_set_scan_begin(struct vrrp_proc_set *set);
void vrrp_proc_set_scan_process(struct vrrp_proc_set *set, pid_t pid, const char *comm,
				const char *cmdline, size_t cmdline_len);
void vrrp_proc_set_scan_end(struct vrrp_proc_set *set, bool initial, uint64_t now_us);

/* Whether the set counts pid for some tracker (the kernel layer reads less otherwise). */
bool vrrp_proc_set_counts_pid(const struct vrrp_proc_set *set, pid_t pid);

/* Process events (of processes, not threads: pid is a thread group id). */
void vrrp_proc_set_exec(struct vrrp_proc_set *set, pid_t pid, const char *comm, const char *cmdline,
			size_t cmdline_len, uint64_t now_us);
void vrrp_proc_set_comm(struct vrrp_proc_set *set, pid_t pid, const char *comm, uint64_t now_us);
void vrrp_proc_set_fork(struct vrrp_proc_set *set, pid_t parent, pid_t child, uint64_t now_us);
void vrrp_proc_set_exit(struct vrrp_proc_set *set, pid_t pid, uint64_t now_us);

/* The earliest running delay's deadline, or 0 if none runs. */
uint64_t vrrp_proc_set_next_deadline(const struct vrrp_proc_set *set);
/* End the delays due at now_us, reporting their trackers' quorum changes. */
void vrrp_proc_set_expire(struct vrrp_proc_set *set, uint64_t now_us);

/* Tracker index by name, or -1. */
int vrrp_proc_set_find(const struct vrrp_proc_set *set, const char *name);

#endif
