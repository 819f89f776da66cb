/*
 * Trackers at run time: vrrp_script programs run periodically through the
 * event loop (never waiting for them), tracked interfaces from netlink link
 * events, tracked files through inotify. Each tracker is shared by the
 * instances that watch it; what it means for one instance (a weight added
 * to the priority, or a Fault) depends on that instance's weight and
 * reverse, as keepalived.conf(5) describes:
 *  - weight 0: Fault while the tracker is down (with reverse: while up);
 *  - weight W > 0: +W while up; W < 0: W while down; reverse negates both;
 *  - a file: its value times the weight, Fault below -253 (weight 0: Fault
 *    while the value is not 0);
 *  - the effective priority is clamped to 1..254; the owner's 255 never moves.
 * A script starts in an "init" state that counts for nothing until its first
 * result; an instance with an unweighted script waits for that result
 * before it starts. Rise/fall follow keepalived's counter exactly.
 *
 * The pure rules are exported for the unit tests (test_vrrp_track.c).
 */
#ifndef VRRP_TRACK_H
#define VRRP_TRACK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "keepalived/vrrp/kernel/vrrp_proc.h"

struct bfd_run;
struct vrrp_conf;
struct vrrp_inst;
struct vrrp_nl;
struct vrrp_notifier;
struct vrrp_notify_target;
struct vrrp_sync;
struct vrrp_tracker;
struct vrrp_tracking;

enum vrrp_tracker_state {
	VRRP_TRACKER_INIT = 0, /* no result yet: counts for nothing */
	VRRP_TRACKER_UP,
	VRRP_TRACKER_DOWN,
};

/* Pure rules ------------------------------------------------------------------------------ */

enum vrrp_script_step {
	VRRP_SCRIPT_SAME = 0,
	VRRP_SCRIPT_NOW_UP,   /* "VRRP_Script(chk) succeeded" */
	VRRP_SCRIPT_NOW_DOWN, /* "VRRP_Script(chk) failed (...)" */
};

/*
 * keepalived's counter before the first result: rise - 1, init_fail or
 * not (one success is enough; init_fail only counts the script as down
 * until then).
 */
uint32_t vrrp_script_initial_result(uint32_t rise, bool init_fail);
/*
 * One result (ok, or a failure: non-zero exit, signal, timeout) applied to
 * keepalived's counter *result in 0..rise+fall-1 (up when >= rise).
 * in_init: no result yet, so the first failure counts at once.
 */
enum vrrp_script_step vrrp_script_step(uint32_t *result, uint32_t rise, uint32_t fall, bool in_init,
				       bool ok);
/*
 * A script that has had a result and is still configured after a reload
 * keeps it, as keepalived 2.2.7 does whatever else changed in its block:
 * the old counter (old_result of old_rise/old_fall) is carried onto the
 * new rise/fall into *result: a script at the top stays at the top, one
 * some failures below it stays as many below it, and likewise below rise.
 * Returns whether it counts as up ("considered successful on reload").
 */
bool vrrp_script_reload_result(uint32_t old_result, uint32_t old_rise, uint32_t old_fall,
			       uint32_t rise, uint32_t fall, uint32_t *result);
/*
 * What a tracker in state st (value: a file's number) adds to one
 * instance's priority with weight and reverse; *fault is set when it holds
 * the instance in Fault instead.
 */
int64_t vrrp_track_effect(enum vrrp_track_kind kind, enum vrrp_tracker_state st, int64_t value,
			  int64_t weight, bool reverse, bool *fault);
/* The effective priority from the configured one and the sum of effects. */
uint8_t vrrp_track_priority(uint8_t base, int64_t sum);

/* Run time ---------------------------------------------------------------------------------- */

/* What an instance's trackers mean for it, all together: all the instance sees of them. */
struct vrrp_track_summary {
	int64_t weight_sum;      /* added to the configured priority (vrrp_track_priority()) */
	uint32_t faults;         /* trackers holding it in Fault */
	uint32_t init_pending;   /* unweighted scripts still without a first result */
	uint32_t fault_events;   /* times a tracker put it in Fault (32-bit: 24 bytes in all) */
	bool script_start_fault; /* at start-up, an unweighted script pending or init_fail */
};

struct vrrp_track_watch;

/* One instance's watch of a tracker. */
struct vrrp_track_use {
	struct vrrp_tracker *tracker;
	struct vrrp_track_watch *watch;
	int64_t weight;
	bool reverse;
	int64_t effect; /* current contribution to the priority */
	bool fault;     /* holds the instance in Fault */
	bool pending;   /* unweighted, waiting for the first result */
};

/*
 * One instance's trackers (built and owned by the tracking): its watches,
 * their summary, and where the summary goes after every change.
 */
struct vrrp_track_watch {
	const char *name; /* the instance's, for log lines */
	struct vrrp_track_use *uses;
	size_t nuses;
	struct vrrp_track_summary sum;
	void (*changed)(void *arg, const struct vrrp_track_summary *sum);
	void *arg;
};

struct vrrp_inst_track_stats {
	uint64_t priority_changes;
	uint64_t tracker_faults; /* times a tracker put the instance in Fault */
	uint64_t rx_lower_pri;   /* lower-priority adverts heard as Master */
	/* Its notify scripts (vrrp_notify.h), filled in for status only. */
	uint64_t notify_scripts_queued;  /* waited for one of the running ones to end */
	uint64_t notify_scripts_dropped; /* the queue was full */
};

/* The states of scripts with a result, taken from a tracking before a reload frees it. */
struct vrrp_script_memo {
	char name[VRRP_NAME_MAX];
	uint32_t result, rise, fall;
	int last_status;
};

struct vrrp_script_memos {
	struct vrrp_script_memo *v;
	size_t n;
};

struct vrrp_tracker_stats {
	uint64_t runs;      /* scripts started */
	uint64_t succeeded; /* exit 0 */
	uint64_t failed;    /* other exits and signals */
	uint64_t timed_out;
	uint64_t start_errors; /* could not be started */
	uint64_t skipped;      /* still running at the next interval */
	uint64_t changes;      /* up/down transitions */
	uint64_t refused;      /* track_file: not read (not a regular file, or unsafe) */
	uint64_t rereads;      /* track_file: read again after inotify lost events */
};

struct vrrp_tracker {
	enum vrrp_track_kind kind;
	char name[VRRP_NAME_MAX];
	enum vrrp_tracker_state state;
	int64_t value; /* file: the number it holds */
	struct vrrp_track_use **users;
	size_t nusers;
	struct vrrp_tracking *trk;
	/* vrrp_script */
	const struct vrrp_script_conf *script;
	struct vrrp_exec exec;
	struct ev_timer timer;
	struct vrrp_exec_child *child; /* while running */
	uint64_t started_us;           /* when the current run started */
	uint32_t result;
	int last_status;
	bool in_init; /* no result yet: the first one is logged whatever it is */
	/* track_file */
	const struct vrrp_track_file_conf *tfile;
	int wd; /* inotify watch of its directory */
	/* vrrp_track_process */
	const struct vrrp_track_process_conf *process;
	struct log_ratelimit rl;
	struct vrrp_tracker_stats stats;
	struct vrrp_tracker *next;
};

/*
 * Build the trackers of conf for the live instances insts[0..n-1] (already
 * initialised, not started), with their notify targets and sync groups;
 * on a reload the scripts in kept (NULL at start-up) keep their state.
 * Returns NULL on a fatal error (logged): a tracked interface that does not
 * exist, as keepalived refuses it, or no memory.
 */
struct vrrp_tracking *vrrp_tracking_new(struct ev_loop *loop, const struct vrrp_conf *conf,
					struct vrrp_nl *nl, struct vrrp_inst *insts, size_t n,
					struct bfd_run *bfd, const struct vrrp_script_memos *kept);
/*
 * The scripts of t that have had a result (vrrp_tracking_new()'s kept on
 * the next reload, which carries them on as keepalived does, with its
 * lines). 0, or -1: no memory (out is empty: the scripts start again).
 */
int vrrp_tracking_take_scripts(const struct vrrp_tracking *t, struct vrrp_script_memos *out);
void vrrp_script_memos_free(struct vrrp_script_memos *m);
/*
 * The BFD sessions (bfd_run.h), taken out of t before it is freed so that a
 * reload can hand them to the next tracking (vrrp_tracking_new()'s bfd,
 * which it owns from then on, also on failure). NULL if none.
 */
struct bfd_run *vrrp_tracking_take_bfd(struct vrrp_tracking *t);
/*
 * Whether conf's trackers can be built over nl's interfaces (the check
 * vrrp_tracking_new() makes, done before a reload changes anything).
 * 0, or -1 with keepalived's lines.
 */
int vrrp_tracking_check(const struct vrrp_conf *conf, const struct vrrp_nl *nl);
/*
 * Why w's trackers hold the instance in Fault, in keepalived's words for
 * the kinds it names ("tracked process P quorum not achieved", "interface
 * X down"), into buf; NULL when no such tracker does.
 */
const char *vrrp_track_fault_reason(const struct vrrp_track_watch *w, char *buf, size_t len);
/* The BFD sessions (bfd_run.h); NULL without bfd_instance blocks, or under -B. */
struct bfd_run *vrrp_tracking_bfd(const struct vrrp_tracking *t);
/* The process event listener's counters (vrrp_proc.h); NULL without vrrp_track_process. */
const struct vrrp_proc_stats *vrrp_tracking_proc_stats(const struct vrrp_tracking *t);
/* fifo_write_vrrp_states_on_reload: each group's and instance's state to the FIFOs. */
void vrrp_tracking_fifo_states(struct vrrp_tracking *t);
/* Before the instances start: sync groups' first notifications, first script runs. */
void vrrp_tracking_start(struct vrrp_tracking *t);
/* After the instances stopped: sync groups' STOP, then wait up to 1 s for STOP scripts. */
void vrrp_tracking_stop(struct vrrp_tracking *t);
void vrrp_tracking_free(struct vrrp_tracking *t);
/* Netlink reported a link change: re-evaluate tracked interfaces. */
void vrrp_tracking_links_changed(struct vrrp_tracking *t);

struct vrrp_notifier *vrrp_tracking_notifier(const struct vrrp_tracking *t);
/* Read-only views for status and metrics. */
const struct vrrp_tracker *vrrp_tracking_trackers(const struct vrrp_tracking *t);
size_t vrrp_tracking_ngroups(const struct vrrp_tracking *t);
const struct vrrp_sync *vrrp_tracking_group(const struct vrrp_tracking *t, size_t i);
const char *vrrp_tracker_state_name(enum vrrp_tracker_state st); /* "init", "up", "down" */

#endif
