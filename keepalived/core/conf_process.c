/*
 * Process-level keywords of keepalived.conf: where the daemon runs (network
 * namespace, instance name, pid directory), what its processes are called,
 * how they are scheduled and kept in memory, and the scripts run around the
 * VRRP side's life. Values are checked as keepalived 2.2.7 checks them: a
 * value it warns about and ignores (or clamps) is a warning here, naming
 * file:line, and the daemon still starts; a missing value that keepalived's
 * parser rejects outright is an error.
 */
#include "keepalived/core/conf_process.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keepalived/core/conf.h"

static struct process_conf *
pc_of(void *obj)
{
	struct kconf *conf = obj;

	return &conf->process;
}

/* keepalived truncates a process name to what the kernel keeps, with a warning. */
static void
pc_copy_name(struct cfg_reader *r, const char *name, char *out)
{
	if (strlen(name) >= PROCESS_NAME_MAX)
		cfg_warn(r, "Process name %s more than %d characters, truncating", name,
			 PROCESS_NAME_MAX - 1);
	snprintf(out, PROCESS_NAME_MAX, "%s", name);
}

/*
 * A whole number in [min, max]. keepalived warns about a bad one and goes on
 * without the line, so this warns (file:line) where cfg_parse_int() would
 * count an error. Returns 0, or -1 after the warning.
 */
static int
pc_number(struct cfg_reader *r, const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno != 0) {
		cfg_warn(r, "invalid number '%s'", s);
		return -1;
	}
	if (v < min || v > max) {
		cfg_warn(r, "number '%s' outside range [%lld, %lld]", s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Names ----------------------------------------------------------------------- */

static int
pc_process_names(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	pc_of(obj)->process_names = true;
	return 0;
}

static int
pc_process_name(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct process_conf *pc = pc_of(obj);
	char *out = pc->process_name;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[0], "vrrp_process_name") == 0)
		out = pc->vrrp_process_name;
	else if (strcmp(argv[0], "checker_process_name") == 0)
		out = pc->checker_process_name;
	else if (strcmp(argv[0], "bfd_process_name") == 0)
		out = pc->bfd_process_name;
	else if (strcmp(argv[0], "lvs_process_name") == 0) { /* keepalived's old name for it */
		cfg_warn(r, "'lvs_process_name' is deprecated - please use 'checker_process_name'");
		out = pc->checker_process_name;
	}
	pc_copy_name(r, argv[1], out);
	return 0;
}

const char *
process_conf_name(const struct process_conf *pc, const char *role)
{
	const char *set = pc->process_name, *dflt = "keepalived";

	if (strcmp(role, "vrrp") == 0) {
		set = pc->vrrp_process_name;
		dflt = "keepalived_vrrp";
	} else if (strcmp(role, "checker") == 0) {
		set = pc->checker_process_name;
		dflt = "keepalived_ipvs";
	} else if (strcmp(role, "bfd") == 0) {
		set = pc->bfd_process_name;
		dflt = "keepalived_bfd";
	}
	if (set[0] != '\0')
		return set;
	return pc->process_names ? dflt : NULL;
}

/* Scheduling and memory ----------------------------------------------------------- */

/* "vrrp_priority" and "checker_priority" name their process in messages. */
static struct process_sched *
pc_sched(void *obj, const char *kw, const char **who)
{
	struct process_conf *pc = pc_of(obj);

	if (strncmp(kw, "checker_", 8) == 0) {
		*who = "checker";
		return &pc->checker;
	}
	if (strncmp(kw, "bfd_", 4) == 0) {
		*who = "bfd";
		return &pc->bfd;
	}
	*who = "vrrp";
	return &pc->vrrp;
}

static int
pc_priority(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *who;
	struct process_sched *s = pc_sched(obj, argv[0], &who);
	long long v;

	if (argc < 2) {
		cfg_warn(r, "No %s process priority specified", who);
		return 0;
	}
	if (pc_number(r, argv[1], -20, 19, &v) == -1) {
		/* keepalived warns and runs with the default priority. */
		cfg_warn(r, "Invalid %s process priority specified", who);
		return 0;
	}
	s->nice = (int)v;
	s->nice_set = true;
	return 0;
}

static int
pc_rt_priority(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *who;
	struct process_sched *s = pc_sched(obj, argv[0], &who);
	long long v;

	if (argc < 2) {
		cfg_warn(r, "No %s process real-time priority specified", who);
		return 0;
	}
	if (pc_number(r, argv[1], INT32_MIN, INT32_MAX, &v) == -1)
		return 0;
	if (v < 1) {
		cfg_warn(r,
			 "%s process real-time priority %lld less than minimum 1 - setting to "
			 "minimum",
			 who, v);
		v = 1;
	} else if (v > 99) {
		cfg_warn(r,
			 "%s process real-time priority %lld greater than maximum 99 - setting to "
			 "maximum",
			 who, v);
		v = 99;
	}
	s->rt_priority = (int)v;
	return 0;
}

static int
pc_rlimit_rttime(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *who;
	struct process_sched *s = pc_sched(obj, argv[0], &who);
	long long v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (pc_number(r, argv[1], 1, UINT32_MAX, &v) == -1) {
		/* keepalived runs with the default limit. */
		cfg_warn(r, "Invalid %s real-time limit - %s", who, argv[1]);
		return 0;
	}
	s->rlimit_rttime_us = (uint32_t)v;
	return 0;
}

static int
pc_no_swap(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *who;

	pc_sched(obj, argv[0], &who)->no_swap = true;
	return 0;
}

/* A list of CPU ids, each below the number of CPUs configured, as keepalived checks them. */
static int
pc_cpu_affinity(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *who;
	struct process_sched *s = pc_sched(obj, argv[0], &who);
	uint64_t cpus[PROCESS_CPU_MAX / 64] = { 0 };
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	long long v;
	int i;

	if (argc < 2) {
		cfg_warn(r, "No %s cpu_id set specified", who);
		return 0;
	}
	if (ncpus < 1 || ncpus > PROCESS_CPU_MAX)
		ncpus = PROCESS_CPU_MAX;
	for (i = 1; i < argc; i++) {
		if (pc_number(r, argv[i], 0, ncpus - 1, &v) == -1) {
			cfg_warn(r, "Invalid cpu_id:%s specified for %s process", argv[i], who);
			return 0;
		}
		cpus[v / 64] |= (uint64_t)1 << (v % 64);
	}
	memcpy(s->cpus, cpus, sizeof(s->cpus));
	s->cpus_set = true;
	return 0;
}

/* Scripts ----------------------------------------------------------------------- */

static int
pc_script(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct process_conf *pc = pc_of(obj);
	struct process_script *sc = strcmp(argv[0], "startup_script") == 0 ? &pc->startup :
									     &pc->shutdown;
	const char *what = sc == &pc->startup ? "startup" : "shutdown";
	if (argc < 2) {
		cfg_warn(r, "%s script missing", what);
		return 0;
	}
	if (strlen(argv[1]) >= sizeof(sc->text) ||
	    (argc > 2 && strlen(argv[2]) >= sizeof(sc->user)) ||
	    (argc > 3 && strlen(argv[3]) >= sizeof(sc->group)) ||
	    (argc > 2 && getpwnam(argv[2]) == NULL) || (argc > 3 && getgrnam(argv[3]) == NULL)) {
		/* keepalived checks the user and group as it reads them. */
		cfg_warn(r, "Invalid %s script", what);
		return 0;
	}
	snprintf(sc->text, sizeof(sc->text), "%s", argv[1]);
	snprintf(sc->user, sizeof(sc->user), "%s", argc > 2 ? argv[2] : "");
	snprintf(sc->group, sizeof(sc->group), "%s", argc > 3 ? argv[3] : "");
	return 0;
}

static int
pc_script_timeout(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct process_conf *pc = pc_of(obj);
	struct process_script *sc = strcmp(argv[0], "startup_script_timeout") == 0 ? &pc->startup :
										     &pc->shutdown;
	long long v;

	if (argc < 2) {
		cfg_warn(r, "%s requires value", argv[0]);
		return 0;
	}
	if (pc_number(r, argv[1], 1, 1000, &v) == -1) {
		cfg_warn(r, "%s '%s' must be in [1, 1000] - ignoring", argv[0], argv[1]);
		return 0;
	}
	sc->timeout_s = (unsigned)v;
	return 0;
}

/* Top level: where the daemon runs --------------------------------------------------- */

/* A name that stays inside /run/netns and /run/keepalived. */
static int
pc_copy_ns_name(struct cfg_reader *r, const char *kw, const char *name, char *out)
{
	if (name[0] == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strlen(name) >= PROCESS_NETNS_MAX) {
		cfg_error(r, "%s: '%s' is not a usable name", kw, name);
		return -1;
	}
	snprintf(out, PROCESS_NETNS_MAX, "%s", name);
	return 0;
}

static int
pc_net_namespace(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct process_conf *pc = pc_of(obj);

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[0], "instance") == 0)
		return pc_copy_ns_name(r, argv[0], argv[1], pc->instance);
	return pc_copy_ns_name(r, argv[0], argv[1], pc->net_namespace);
}

/* net_namespace_ipvs [NAME]: the namespace for IPVS, the default one without NAME. */
static int
pc_net_namespace_ipvs(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct process_conf *pc = pc_of(obj);

	pc->net_namespace_ipvs_set = true;
	pc->net_namespace_ipvs[0] = '\0';
	if (argc < 2)
		return 0;
	return pc_copy_ns_name(r, argv[0], argv[1], pc->net_namespace_ipvs);
}

static int
pc_use_pid_dir(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	pc_of(obj)->use_pid_dir = true;
	return 0;
}

/* child_wait_time SECS: a bad value is ignored with keepalived's warning. */
static int
pc_child_wait_time(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *s = argc > 1 ? argv[1] + strspn(argv[1], " \t") : "";
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (argc != 2 || *s < '0' || *s > '9' || *end != '\0' || errno != 0 || v > UINT_MAX) {
		cfg_warn(r, "Invalid child_wait_time %s", argc > 1 ? argv[1] : "");
		return 0;
	}
	pc_of(obj)->child_wait_set = true;
	pc_of(obj)->child_wait_time = (unsigned)v;
	return 0;
}

void
process_sched_merge(const struct process_sched *vrrp, const struct process_sched *bfd,
		    struct process_sched *out)
{
	*out = *vrrp;
	if (bfd->nice_set && (!vrrp->nice_set || bfd->nice < vrrp->nice)) {
		out->nice_set = true;
		out->nice = bfd->nice;
	}
	if (bfd->rt_priority > vrrp->rt_priority) {
		out->rt_priority = bfd->rt_priority;
		out->rlimit_rttime_us = bfd->rlimit_rttime_us;
	}
	out->no_swap = vrrp->no_swap || bfd->no_swap;
	if (bfd->cpus_set) {
		for (size_t i = 0; i < sizeof(out->cpus) / sizeof(out->cpus[0]); i++)
			out->cpus[i] = (vrrp->cpus_set ? vrrp->cpus[i] : 0) | bfd->cpus[i];
		out->cpus_set = true;
	}
}

#define KW(name, fn)                             \
	{                                        \
		name, fn, NULL, NULL, NULL, NULL \
	}

/* clang-format off */
const struct cfg_keyword process_global_keywords[] = {
	KW("bfd_cpu_affinity", pc_cpu_affinity),
	KW("bfd_no_swap", pc_no_swap),
	KW("bfd_priority", pc_priority),
	KW("bfd_process_name", pc_process_name),
	KW("bfd_rlimit_rtime", pc_rlimit_rttime),
	KW("bfd_rlimit_rttime", pc_rlimit_rttime),
	KW("bfd_rt_priority", pc_rt_priority),
	KW("checker_cpu_affinity", pc_cpu_affinity),
	KW("checker_no_swap", pc_no_swap),
	KW("checker_priority", pc_priority),
	KW("checker_process_name", pc_process_name),
	KW("checker_rlimit_rtime", pc_rlimit_rttime),
	KW("checker_rlimit_rttime", pc_rlimit_rttime),
	KW("checker_rt_priority", pc_rt_priority),
	KW("lvs_process_name", pc_process_name),
	KW("process_name", pc_process_name),
	KW("process_names", pc_process_names),
	KW("shutdown_script", pc_script),
	KW("shutdown_script_timeout", pc_script_timeout),
	KW("startup_script", pc_script),
	KW("startup_script_timeout", pc_script_timeout),
	KW("vrrp_cpu_affinity", pc_cpu_affinity),
	KW("vrrp_no_swap", pc_no_swap),
	KW("vrrp_priority", pc_priority),
	KW("vrrp_process_name", pc_process_name),
	KW("vrrp_rlimit_rtime", pc_rlimit_rttime),
	KW("vrrp_rlimit_rttime", pc_rlimit_rttime),
	KW("vrrp_rt_priority", pc_rt_priority),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword process_top_keywords[] = {
	KW("child_wait_time", pc_child_wait_time),
	KW("instance", pc_net_namespace),
	KW("net_namespace", pc_net_namespace),
	KW("net_namespace_ipvs", pc_net_namespace_ipvs),
	KW("use_pid_dir", pc_use_pid_dir),
	CFG_KEYWORD_END,
};
/* clang-format on */
