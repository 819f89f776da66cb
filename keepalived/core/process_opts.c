/*
 * The process-level settings put into effect: network namespace, pid files
 * and syslog ident that depend on it, process names, scheduling and memory,
 * and the startup / shutdown scripts. Log lines are keepalived 2.2.7's, so
 * that what operators watch for keeps matching.
 */
#include "config.h"

#include "keepalived/core/process_opts.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/spawn.h"

#define PROCESS_NETNS_DIR "/run/netns"
#define PROCESS_PID_DIR "/run/keepalived"
#define PROCESS_SCRIPT_TIMEOUT_S 10u
#define PROCESS_RTTIME_DEFAULT_US 10000u

/* Names and namespace ------------------------------------------------------------- */

void
process_set_name(const char *name)
{
	if (name != NULL && prctl(PR_SET_NAME, name, 0, 0, 0) == -1)
		log_warn("Unable to set process name to %s", name);
}

/* Whether the namespace open at fd is the one this process is in. */
static bool
process_netns_is_current(int fd)
{
	struct stat want, have;

	return fstat(fd, &want) == 0 && stat("/proc/self/ns/net", &have) == 0 &&
	       want.st_dev == have.st_dev && want.st_ino == have.st_ino;
}

/* setns() into /run/netns/NAME, as `ip netns exec` would. */
int
process_netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", PROCESS_NETNS_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		log_warn("Failed to open %s", path);
		return -1;
	}
	/*
	 * Already there (systemd's NetworkNamespacePath=, or `ip netns exec`):
	 * nothing to do, and no CAP_SYS_ADMIN needed, so a confined unit can
	 * put the daemon in its namespace.
	 */
	if (process_netns_is_current(fd)) {
		close(fd);
		return 0;
	}
	rc = setns(fd, CLONE_NEWNET);
	if (rc == -1)
		log_warn("setns() failed for network namespace %s", name);
	close(fd);
	return rc;
}

static void
process_ident_make(char *out, size_t size, const char *base, const struct process_run *pr)
{
	snprintf(out, size, "%s%s%s%s%s", base, pr->netns[0] ? "_" : "", pr->netns,
		 pr->instance[0] ? "_" : "", pr->instance);
}

int
process_run_begin(struct process_run *pr, const struct process_conf *pc, const char *cli_ns)
{
	memset(pr, 0, sizeof(*pr));
	/* keepalived: -s/--namespace wins over the file's net_namespace. */
	if (cli_ns != NULL && pc->net_namespace[0] != '\0' &&
	    strcmp(cli_ns, pc->net_namespace) != 0)
		log_info("Overriding config net_namespace '%s' with command line namespace '%s'",
			 pc->net_namespace, cli_ns);
	snprintf(pr->netns, sizeof(pr->netns), "%s", cli_ns != NULL ? cli_ns : pc->net_namespace);
	snprintf(pr->instance, sizeof(pr->instance), "%s", pc->instance);
	if (pr->netns[0] != '\0' && process_netns_enter(pr->netns) == -1)
		return -1;
	process_ident_make(pr->ident_main, sizeof(pr->ident_main), "Keepalived", pr);
	process_ident_make(pr->ident_vrrp, sizeof(pr->ident_vrrp), "Keepalived_vrrp", pr);
	if (pr->netns[0] != '\0' || pr->instance[0] != '\0') {
		log_info("Changing syslog ident to %s", pr->ident_main);
		log_set_ident(pr->ident_main);
	}
	process_set_name(process_conf_name(pc, ""));
	return 0;
}

const char *
process_run_ident(const struct process_run *pr, bool vrrp)
{
	return vrrp ? pr->ident_vrrp : pr->ident_main;
}

int
process_run_reload_check(const struct process_run *pr, const struct process_conf *next,
			 const char *cli_ns)
{
	int rc = 0;

	if (cli_ns == NULL && strcmp(pr->netns, next->net_namespace) != 0) {
		log_info("Cannot change network namespace at a reload - please restart %s",
			 PACKAGE);
		rc = -1;
	}
	if (strcmp(pr->instance, next->instance) != 0) {
		log_info("Cannot change instance name at a reload - please restart %s", PACKAGE);
		rc = -1;
	}
	return rc;
}

/* Pid files ----------------------------------------------------------------------- */

/* mkdir that accepts an existing directory only if it is a real one of ours. */
static int
process_mkdir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		log_warn("Unable to create directory %s", path);
		return -1;
	}
	if (lstat(path, &st) == -1) {
		log_warn("%s", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
		log_warnx("%s: not a directory of ours, writable only by us - not using it", path);
		return -1;
	}
	return 0;
}

int
process_run_pid_paths(struct process_run *pr, const struct process_conf *pc, char *main_path,
		      size_t main_size, bool main_default, char *vrrp_path, size_t vrrp_size,
		      bool vrrp_default)
{
	char dir[PATH_MAX] = "/run";
	const char *vrrp_base = "keepalived_vrrp";
	const char *sep = pr->instance[0] ? "_" : "";
	int n1, n2;

	if (!main_default && !vrrp_default)
		return 0;
	/* keepalived: an instance name also puts the pid files in /run/keepalived. */
	if (pr->netns[0] != '\0' || pc->use_pid_dir || pr->instance[0] != '\0') {
		if (process_mkdir(PROCESS_PID_DIR) == -1)
			return -1;
		snprintf(dir, sizeof(dir), "%s", PROCESS_PID_DIR);
		vrrp_base = "vrrp";
	}
	if (pr->netns[0] != '\0') {
		snprintf(dir, sizeof(dir), "%s/%s", PROCESS_PID_DIR, pr->netns);
		if (process_mkdir(dir) == -1)
			return -1;
		snprintf(pr->pid_dir, sizeof(pr->pid_dir), "%s", dir);
	}
	n1 = main_default ? snprintf(main_path, main_size, "%s/keepalived%s%s.pid", dir, sep,
				     pr->instance) :
			    0;
	n2 = vrrp_default ? snprintf(vrrp_path, vrrp_size, "%s/%s%s%s.pid", dir, vrrp_base, sep,
				     pr->instance) :
			    0;
	if (n1 < 0 || (size_t)n1 >= main_size || n2 < 0 || (size_t)n2 >= vrrp_size) {
		log_warnx("pid file name too long in %s", dir);
		return -1;
	}
	return 0;
}

const char *
process_run_control_path(struct process_run *pr)
{
	const char *sep = pr->instance[0] ? "_" : "";
	int n;

	if (pr->netns[0] != '\0')
		n = snprintf(pr->control_path, sizeof(pr->control_path), "%s/%s/control%s%s",
			     PROCESS_PID_DIR, pr->netns, sep, pr->instance);
	else if (pr->instance[0] != '\0')
		n = snprintf(pr->control_path, sizeof(pr->control_path), "%s/control_%s",
			     PROCESS_PID_DIR, pr->instance);
	else
		return NULL;
	return n > 0 && (size_t)n < sizeof(pr->control_path) ? pr->control_path : NULL;
}

/* Scripts ------------------------------------------------------------------------- */

/*
 * Wait for pid until deadline_us; then kill its process group. Returns the status, or -1 on
 * timeout.
 */
static int
process_script_wait(pid_t pid, uint64_t deadline_us, bool *timed_out)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status;
	pid_t got;

	*timed_out = false;
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			return status;
		if (got == -1 && errno != EINTR)
			return -1;
		if (ev_monotonic_us() >= deadline_us)
			break;
		nanosleep(&tick, NULL);
	}
	*timed_out = true;
	/* Its own process group: whatever it started goes too. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return -1;
}

/* Run one script as keepalived does: checked, as its user, waited for up to its timeout. */
static void
process_script_run(const struct process_script *sc, const struct vrrp_track_conf *track,
		   const char *what)
{
	struct vrrp_exec_defaults d;
	struct vrrp_exec x;
	struct vrrp_cmd cmd;
	struct spawn_req req;
	const char *err = NULL;
	char kind[32];
	unsigned timeout_s = sc->timeout_s ? sc->timeout_s : PROCESS_SCRIPT_TIMEOUT_S;
	bool timed_out;
	pid_t pid;
	int status;

	if (vrrp_cmd_parse(sc->text, &cmd, &err) == -1) {
		log_warnx("%s script %s: %s", what, sc->text, err);
		return;
	}
	snprintf(cmd.user, sizeof(cmd.user), "%s", sc->user);
	snprintf(cmd.group, sizeof(cmd.group), "%s", sc->group);
	snprintf(kind, sizeof(kind), "%s script", what);
	vrrp_exec_defaults_init(&d, track);
	if (vrrp_exec_prepare(&x, &cmd, &d, kind, sc->text) == -1)
		goto done;
	if (x.uid == 0 && !d.security)
		log_warnx("SECURITY VIOLATION - start/shutdown scripts are being executed but "
			  "script_security not enabled.");
	log_info("Running %s script %s", what, x.path);
	memset(&req, 0, sizeof(req));
	req.path = x.path;
	req.argv = cmd.argv;
	req.set_ids = true;
	req.uid = x.uid;
	req.gid = x.gid;
	req.new_pgrp = true;
	req.parent_death_term = true;
	pid = spawn_exec(&req);
	if (pid == -1) {
		log_warn("%s script %s could not be started", what, x.path);
		goto done;
	}
	status = process_script_wait(pid, ev_monotonic_us() + (uint64_t)timeout_s * 1000000u,
				     &timed_out);
	if (timed_out)
		log_info("%s script timed out", what);
	else if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_info("%s script script succeeded", what);
	else if (status != -1 && WIFEXITED(status))
		log_info("%s script script failed, status %d", what, WEXITSTATUS(status));
	else if (status != -1 && WIFSIGNALED(status))
		log_info("%s script script failed, signal %d", what, WTERMSIG(status));
done:
	vrrp_cmd_free(&cmd);
}

void
process_run_startup(struct process_run *pr, const struct process_conf *pc,
		    const struct vrrp_track_conf *track)
{
	pr->startup_ran = true;
	if (pc->startup.text[0] != '\0')
		process_script_run(&pc->startup, track, "startup");
}

void
process_run_end(struct process_run *pr, const struct process_conf *pc,
		const struct vrrp_track_conf *track)
{
	if (pr->startup_ran && pc != NULL && pc->shutdown.text[0] != '\0')
		process_script_run(&pc->shutdown, track, "shutdown");
	pr->startup_ran = false;
	/* keepalived leaves a directory that still holds something. */
	if (pr->pid_dir[0] != '\0' && rmdir(pr->pid_dir) == -1 && errno != ENOTEMPTY &&
	    errno != EBUSY && errno != ENOENT)
		log_warn("unlink of %s failed", pr->pid_dir);
	pr->pid_dir[0] = '\0';
}

/* Scheduling and memory ----------------------------------------------------------- */

int
process_sched_apply(const struct process_sched *s, const char *who)
{
	struct sched_param param;
	struct rlimit rl;
	cpu_set_t cpus;
	int rc = 0;

	/* keepalived sets the nice value only for a process that is not real-time. */
	if (s->nice_set && s->rt_priority == 0 && setpriority(PRIO_PROCESS, 0, s->nice) == -1) {
		log_warn("Unable to set %s process priority to %d", who, s->nice);
		rc = -1;
	}
	if (s->rt_priority > 0) {
		rlim_t rttime = s->rlimit_rttime_us ? s->rlimit_rttime_us :
						      PROCESS_RTTIME_DEFAULT_US;

		/*
		 * keepalived's limits: SIGXCPU at half the time (ignored: it is
		 * only a warning), SIGKILL at the whole, so that a real-time loop
		 * that never blocks cannot freeze the machine.
		 */
		signal(SIGXCPU, SIG_IGN);
		rl.rlim_cur = rttime / 2;
		rl.rlim_max = rttime;
		if (setrlimit(RLIMIT_RTTIME, &rl) == -1) {
			log_warn("Unable to set %s process real-time time limit", who);
			rc = -1;
		}
		memset(&param, 0, sizeof(param));
		param.sched_priority = s->rt_priority;
		/* Scripts started from here get the normal policy back. */
		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param) == -1) {
			log_warn("Unable to set %s process real-time priority %d", who,
				 s->rt_priority);
			rc = -1;
		}
	}
	if (s->no_swap) {
		/*
		 * Locked memory counts against RLIMIT_MEMLOCK once the capabilities
		 * are reduced (privs.c): with MCL_FUTURE a low limit would make
		 * every later allocation fail, so lift it first.
		 */
		int flags = MCL_CURRENT | MCL_FUTURE;

		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
		if (setrlimit(RLIMIT_MEMLOCK, &rl) == -1) {
			/* Without CAP_SYS_RESOURCE: lock what there is, never fail later. */
			log_warn("Unable to lift the locked memory limit for %s process; "
				 "memory allocated from now on is not locked",
				 who);
			flags = MCL_CURRENT;
		}
		if (mlockall(flags) == -1) {
			log_warn("Unable to lock %s process in memory", who);
			rc = -1;
		}
	}
	if (s->cpus_set) {
		CPU_ZERO(&cpus);
		for (int cpu = 0; cpu < PROCESS_CPU_MAX && cpu < CPU_SETSIZE; cpu++)
			if (s->cpus[cpu / 64] & ((uint64_t)1 << (cpu % 64)))
				CPU_SET(cpu, &cpus);
		if (sched_setaffinity(0, sizeof(cpus), &cpus) == -1) {
			log_warn("Unable to set cpu affinity for %s process", who);
			rc = -1;
		}
	}
	return rc;
}

void
process_run_vrrp(struct process_run *pr, const struct process_conf *pc, bool bfd_runs)
{
	struct process_sched merged;

	(void)pr;
	process_set_name(process_conf_name(pc, "vrrp"));
	if (!bfd_runs) {
		process_sched_apply(&pc->vrrp, "vrrp");
		return;
	}
	process_sched_merge(&pc->vrrp, &pc->bfd, &merged);
	if (pc->bfd.nice_set || pc->bfd.rt_priority > 0 || pc->bfd.no_swap || pc->bfd.cpus_set)
		log_info("BFD runs in the VRRP process: its bfd_* scheduling settings apply to it");
	process_sched_apply(&merged, "vrrp");
}

void
process_run_bfd(struct process_run *pr, const struct process_conf *pc, bool sched)
{
	(void)pr;
	process_set_name(process_conf_name(pc, "bfd"));
	if (sched)
		process_sched_apply(&pc->bfd, "bfd");
}
