/*
 * The run-time side of conf_globals.h (globals_run.h). None of it touches
 * VRRP's packets: a timer per second at most (reload_time_file's poll, the
 * auto-priority probe), files written on reloads only.
 */
#include "config.h"

#include "keepalived/core/globals_run.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "keepalived/core/dump.h"
#include "keepalived/core/process_opts.h"
#include "lib/log.h"

#define GLOBALS_IGMP_SYSCTL "/proc/sys/net/ipv4/igmp_link_local_mcast_reports"
#define GLOBALS_POLL_US 1000000u  /* reload_time_file */
#define GLOBALS_PROBE_US 1000000u /* how often the auto priority looks at the loop */
#define GLOBALS_AUTO_PRIO_MAX 99

/* IGMP reports -------------------------------------------------------------------------- */

static int
gr_sysctl_read(const char *path, char *c)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = read(fd, c, 1);
	close(fd);
	return n == 1 ? 0 : -1;
}

static int
gr_sysctl_write(const char *path, char c)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, &c, 1);
	close(fd);
	return n == 1 ? 0 : -1;
}

static void
gr_igmp(struct globals_run *gr, bool disable)
{
	char now;

	if (disable && !gr->igmp_changed) {
		if (gr_sysctl_read(GLOBALS_IGMP_SYSCTL, &now) == -1) {
			log_warn("disable_local_igmp: cannot read %s", GLOBALS_IGMP_SYSCTL);
			return;
		}
		if (now != '0' && gr_sysctl_write(GLOBALS_IGMP_SYSCTL, '0') == -1) {
			log_warn("disable_local_igmp: cannot write %s", GLOBALS_IGMP_SYSCTL);
			return;
		}
		gr->igmp_saved = now;
		gr->igmp_changed = now != '0';
	} else if (!disable && gr->igmp_changed) {
		if (gr_sysctl_write(GLOBALS_IGMP_SYSCTL, gr->igmp_saved) == -1)
			log_warn("cannot restore %s", GLOBALS_IGMP_SYSCTL);
		gr->igmp_changed = false;
	}
}

/* reload_time_file ------------------------------------------------------------------------ */

/* The file changed, appeared or went: schedule, move or cancel the reload. */
static void
gr_time_file_read(struct globals_run *gr, const struct stat *st)
{
	char line[64];
	FILE *f;
	time_t when;

	gr->when = 0;
	if (st == NULL) {
		log_info("reload_time_file %s removed: no reload scheduled", gr->time_file);
		return;
	}
	f = fopen(gr->time_file, "re");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL) {
		log_warnx("reload_time_file %s: cannot be read", gr->time_file);
		if (f != NULL)
			fclose(f);
		return;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	if (globals_parse_reload_time(line, time(NULL), &when) == -1) {
		log_warnx("reload_time_file %s: '%s' is not HH:MM:SS or [YY]YY-MM-DD HH:MM:SS "
			  "(optionally followed by Z)",
			  gr->time_file, line);
		return;
	}
	if (when <= time(NULL)) {
		log_info("reload_time_file %s: %s is in the past, ignored", gr->time_file, line);
		return;
	}
	gr->when = when;
	log_info("reload_time_file %s: reload scheduled in %lld s", gr->time_file,
		 (long long)(when - time(NULL)));
}

static void
gr_poll(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct globals_run *gr = arg;
	struct stat st;
	bool exists = stat(gr->time_file, &st) == 0;

	ev_timer_start_in(loop, t, GLOBALS_POLL_US);
	if (exists != gr->seen || (exists && (st.st_mtim.tv_sec != gr->seen_mtime.tv_sec ||
					      st.st_mtim.tv_nsec != gr->seen_mtime.tv_nsec))) {
		gr->seen = exists;
		if (exists)
			gr->seen_mtime = st.st_mtim;
		gr_time_file_read(gr, exists ? &st : NULL);
	}
	if (gr->when == 0 || time(NULL) < gr->when)
		return;
	gr->when = 0;
	log_info("reload_time_file %s: scheduled reload", gr->time_file);
	/*
	 * The reload is done: unless asked to repeat, the file goes. With
	 * reload_repeat it is read again, so that a time alone comes round
	 * again tomorrow (a date is then in the past).
	 */
	if (gr->repeat || unlink(gr->time_file) == 0)
		gr->seen = false;
	gr->reload(gr->arg);
}

static void
gr_time_file(struct globals_run *gr, const struct globals_conf *g)
{
	bool same = strcmp(gr->time_file, g->reload_time_file) == 0;

	gr->repeat = g->reload_repeat;
	if (same && (gr->time_file[0] == '\0' || ev_timer_active(&gr->poll)))
		return;
	ev_timer_stop(gr->loop, &gr->poll);
	snprintf(gr->time_file, sizeof(gr->time_file), "%s", g->reload_time_file);
	gr->seen = false;
	gr->when = 0;
	if (gr->time_file[0] != '\0')
		gr_poll(gr->loop, &gr->poll, gr);
}

/* Automatic real-time priority -------------------------------------------------------------- */

/*
 * Every second the probe timer measures how late the loop ran it. Later than
 * min_auto_priority_delay: the process becomes real-time (SCHED_RR, with
 * the vrrp_rlimit_rttime limit), then one step higher at each further late
 * run, up to max_auto_priority.
 */
static void
gr_probe(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct globals_run *gr = arg;
	uint64_t now = ev_monotonic_us(), late = now > t->deadline_us ? now - t->deadline_us : 0;

	ev_timer_start_in(loop, t, GLOBALS_PROBE_US);
	if (late < gr->auto_delay_us || gr->auto_prio >= gr->auto_max)
		return;
	gr->auto_prio = gr->auto_prio == 0 ? 1 : gr->auto_prio + 1;
	gr->sched.rt_priority = gr->auto_prio;
	gr->auto_raises++;
	log_warnx("The loop ran %" PRIu64 " us late: setting real-time priority %d "
		  "(max_auto_priority %d)",
		  late, gr->auto_prio, gr->auto_max);
	process_sched_apply(&gr->sched, "vrrp");
}

static void
gr_auto_priority(struct globals_run *gr, const struct kconf *conf)
{
	const struct globals_conf *g = &conf->globals;

	gr->auto_max = g->max_auto_priority > GLOBALS_AUTO_PRIO_MAX ? GLOBALS_AUTO_PRIO_MAX :
								      g->max_auto_priority;
	gr->auto_delay_us = g->min_auto_priority_delay_us;
	gr->sched = conf->process.vrrp;
	gr->sched.nice_set = false;
	gr->sched.no_swap = false;
	gr->sched.cpus_set = false;
	/* A configured real-time priority is where the steps start. */
	if (gr->auto_prio < conf->process.vrrp.rt_priority)
		gr->auto_prio = conf->process.vrrp.rt_priority;
	if (gr->auto_max > 0 && !ev_timer_active(&gr->probe))
		ev_timer_start_in(gr->loop, &gr->probe, GLOBALS_PROBE_US);
	else if (gr->auto_max <= 0)
		ev_timer_stop(gr->loop, &gr->probe);
}

/* Entry points ----------------------------------------------------------------------------- */

void
globals_run_init(struct globals_run *gr, struct ev_loop *loop, bool cli_umask,
		 void (*reload)(void *arg), void *arg)
{
	memset(gr, 0, sizeof(*gr));
	gr->loop = loop;
	gr->cli_umask = cli_umask;
	gr->reload = reload;
	gr->arg = arg;
	ev_timer_init(&gr->poll, gr_poll, gr);
	ev_timer_init(&gr->probe, gr_probe, gr);
}

/*
 * tmp_config_directory: keepalived writes its copy of the configuration to
 * an anonymous file there; this daemon makes no copy, but reports a
 * directory where none could be made, as keepalived does at start and reload.
 */
static void
gr_tmp_config_dir(const char *dir)
{
	int fd;

	if (dir[0] == '\0')
		return;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd == -1)
		log_warnx("Cannot open config directory %s for writing, errno %d - %s", dir, errno,
			  strerror(errno));
	else
		close(fd);
}

void
globals_run_apply(struct globals_run *gr, const struct kconf *conf)
{
	const struct globals_conf *g = &conf->globals;

	gr_tmp_config_dir(g->tmp_config_directory);
	/* The command line's -u wins, as in keepalived. */
	if (g->umask_set && !gr->cli_umask)
		umask(g->umask);
	gr_igmp(gr, g->disable_local_igmp);
	gr_time_file(gr, g);
	gr_auto_priority(gr, conf);
}

void
globals_run_end(struct globals_run *gr)
{
	if (gr->loop != NULL) {
		ev_timer_stop(gr->loop, &gr->poll);
		ev_timer_stop(gr->loop, &gr->probe);
	}
	gr_igmp(gr, false);
}

void
globals_reload_file(const struct kconf *running, const char *pid_dir, bool before)
{
	char path[GLOBALS_PATH_MAX + 32];
	int fd;

	if (running == NULL || !running->globals.reload_file_set)
		return;
	if (running->globals.reload_file[0] != '\0')
		snprintf(path, sizeof(path), "%s", running->globals.reload_file);
	else
		snprintf(path, sizeof(path), "%s/keepalived.reload", pid_dir);
	if (!before) {
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("reload_file %s: cannot remove it", path);
		return;
	}
	/* Created, or emptied: the updater sees the reading begin. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd == -1)
		log_warn("reload_file %s: cannot create it", path);
	else
		close(fd);
}

/* reload_check_config LOG_FILE: the lines of the check go there. */
static void
gr_check_sink(int priority, const char *line, void *arg)
{
	FILE *out = arg;

	(void)priority;
	fprintf(out, "%s\n", line);
}

int
globals_reload_check(const struct kconf *running, const char *path, const struct cfg_options *opts)
{
	const struct globals_conf *g = running != NULL ? &running->globals : NULL;
	struct kconf *conf = NULL;
	FILE *out;
	int errors;

	if (g == NULL || !g->reload_check || g->reload_check_log[0] == '\0')
		return 0;
	out = fopen(g->reload_check_log, "we");
	if (out == NULL) {
		log_warn("reload_check_config: cannot open %s", g->reload_check_log);
		return 0; /* the reload's own reading still checks it */
	}
	log_set_sink(gr_check_sink, out);
	errors = kconf_load(path, opts, &conf);
	log_set_sink(NULL, NULL);
	fprintf(out, "%s: %d error%s\n", path, errors < 0 ? 1 : errors, errors == 1 ? "" : "s");
	fclose(out);
	kconf_free(conf);
	if (errors == 0)
		return 0;
	log_error("reload_check_config: %s has errors (see %s) - not reloading", path,
		  g->reload_check_log);
	return -1;
}

void
globals_reload_begins(struct globals_run *gr)
{
	gr->loads++;
}

/* The directory, made if missing (its parent must exist); NULL when not set or not usable. */
static const char *
gr_save_dir(const struct kconf *conf)
{
	const char *dir = conf != NULL ? conf->globals.config_save_dir : "";

	if (dir[0] == '\0')
		return NULL;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_warn("Unable to create config_save_dir %s", dir);
		return NULL;
	}
	return dir;
}

void
globals_save_config(const struct globals_run *gr, const struct kconf *conf, const char *path)
{
	const char *dir = gr_save_dir(conf);
	char out[GLOBALS_PATH_MAX + 64], buf[8192];
	int in, fd;
	ssize_t n;

	if (dir == NULL)
		return;
	snprintf(out, sizeof(out), "%s/keepalived.conf.%d.%u", dir, (int)getpid(), gr->loads);
	in = open(path, O_RDONLY | O_CLOEXEC);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (in == -1 || fd == -1) {
		log_warn("config_save_dir: cannot save %s as %s", path, out);
	} else {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(fd, buf, (size_t)n) != n) {
				log_warn("config_save_dir: %s", out);
				break;
			}
	}
	if (in != -1)
		close(in);
	if (fd != -1)
		close(fd);
}

void
globals_save_state(const struct globals_run *gr, const struct kconf *conf, const char *tag,
		   const char *text, size_t len)
{
	const char *dir = gr_save_dir(conf);
	char name[64];

	if (dir == NULL)
		return;
	snprintf(name, sizeof(name), "keepalived_vrrp.%d.%u.%s", (int)getpid(), gr->loads, tag);
	if (dump_write(dir, name, text, len) == -1)
		log_warn("config_save_dir: cannot write %s/%s", dir, name);
}
