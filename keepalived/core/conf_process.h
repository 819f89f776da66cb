/*
 * The process-level settings of keepalived.conf, as keepalived 2.2.7 reads
 * them: the network namespace and instance name (top level), process names,
 * scheduling and memory options for the VRRP and checker processes, and the
 * startup and shutdown scripts (global_defs). Parsing only; the daemon acts
 * on them through process_opts.h.
 */
#ifndef CORE_CONF_PROCESS_H
#define CORE_CONF_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/conf_reader.h"

/* Linux's task name: 15 characters and the NUL (prctl PR_SET_NAME). */
#define PROCESS_NAME_MAX 16
#define PROCESS_NETNS_MAX 256
#define PROCESS_SCRIPT_MAX 4096
#define PROCESS_USER_MAX 64
/* CPU ids accepted by *_cpu_affinity (the kernel's default CPU_SETSIZE). */
#define PROCESS_CPU_MAX 1024

/* {vrrp,checker}_{priority,rt_priority,rlimit_rttime,no_swap,cpu_affinity} */
struct process_sched {
	bool nice_set;
	int nice;                  /* vrrp_priority: -20..19 */
	int rt_priority;           /* vrrp_rt_priority: 1..99, 0: not real-time */
	uint32_t rlimit_rttime_us; /* 0: the default (10000 us) when real-time */
	bool no_swap;              /* mlockall */
	bool cpus_set;
	uint64_t cpus[PROCESS_CPU_MAX / 64]; /* bit n: CPU n */
};

/* startup_script / shutdown_script SCRIPT [USER [GROUP]] and their timeout. */
struct process_script {
	char text[PROCESS_SCRIPT_MAX]; /* empty: none */
	char user[PROCESS_USER_MAX];   /* empty: script_user's default */
	char group[PROCESS_USER_MAX];
	unsigned timeout_s; /* 0: the default, 10 s */
};

#define PROCESS_CHILD_WAIT 5 /* child_wait_time's default, keepalived's */

struct process_conf {
	/* Top level: net_namespace, net_namespace_ipvs, instance, use_pid_dir. */
	char net_namespace[PROCESS_NETNS_MAX];
	bool net_namespace_ipvs_set; /* IPVS's namespace, for the checker; "" = the default one */
	char net_namespace_ipvs[PROCESS_NETNS_MAX];
	char instance[PROCESS_NETNS_MAX];
	bool use_pid_dir;
	bool child_wait_set;      /* child_wait_time given */
	unsigned child_wait_time; /* seconds the checker has to stop; else PROCESS_CHILD_WAIT */

	/* Process names: "" = not set; process_names sets the defaults. */
	bool process_names;
	char process_name[PROCESS_NAME_MAX];
	char vrrp_process_name[PROCESS_NAME_MAX];
	char checker_process_name[PROCESS_NAME_MAX];
	char bfd_process_name[PROCESS_NAME_MAX]; /* BFD has no process here: logged only */

	struct process_sched vrrp;
	struct process_sched checker;
	struct process_sched bfd; /* bfd_*: merged into vrrp's while BFD sessions run */

	struct process_script startup;
	struct process_script shutdown;
};

/*
 * The keywords, each handler taking the struct kconf being read. The
 * global_defs table is composed into global_defs, the top one into the top
 * level, each with CFG_KEYWORDS_FROM() placed first so that it wins.
 */
extern const struct cfg_keyword process_global_keywords[];
extern const struct cfg_keyword process_top_keywords[];

/* The name of a process as configured: process_name, vrrp_process_name or
 * checker_process_name, the default under process_names, or NULL. role is
 * "" (the main process), "vrrp" or "checker". */
const char *process_conf_name(const struct process_conf *pc, const char *role);

/*
 * The scheduling of the VRRP process when it also runs BFD sessions (which
 * keepalived runs in a process of their own, with the bfd_* settings): the
 * stronger of each setting, so that neither side gets less than it asked
 * for. Nice: the lower; real-time priority: the higher, with the real-time
 * limit of the side that gave it; no_swap if either; CPUs: the union when
 * both are set, else the one that is. Pure; out may not alias the inputs.
 */
void process_sched_merge(const struct process_sched *vrrp, const struct process_sched *bfd,
			 struct process_sched *out);

#endif
