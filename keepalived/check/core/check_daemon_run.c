/*
 * One configuration's run-time state in the checker process (struct
 * check_run): built from the configuration once its checker blocks are
 * prepared against the rest of the file, a task per checker whose timer
 * starts a probe attempt and whose outcome goes to the state machine
 * (check_rs_result()), ha_suspend's pause while the virtual server's
 * address is elsewhere, and at reload the states taken over from the run
 * before.
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/core/check_daemon_priv.h"
#include "keepalived/check/proto/check_rs.h"
#include "keepalived/check/run/check_probe.h"
#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"
#include "lib/log.h"

/* Tasks ------------------------------------------------------------------------ */

static void task_start(struct ev_loop *loop, struct ev_timer *t, void *arg);

static void
task_done(void *arg, const struct check_outcome *o)
{
	struct check_task *task = arg;
	struct check_daemon *cd = task->cd;
	struct check_rs_observer obs = { check_daemon_rs_changed, cd };
	uint64_t delay;

	char down[CHECK_REASON_MAX + 64], up[CHECK_REASON_MAX];
	const struct check_probe_conf *pc = task->rs->checkers[task->ci].conf;
	struct check_rs_lines lines = { down, up };

	task->probe = NULL;
	/* A recovering server's urls one per delay_loop: a url passed, the next one later. */
	if (task->target.http_one_url != 0 && o->up && task->url_next + 1 < pc->u.http.n_urls) {
		log_info("%s", o->reason); /* keepalived's line for each url that passed */
		task->url_next++;
		ev_timer_start_in(cd->loop, &task->timer, check_rs_delay_loop(task->rs, task->ci));
		return;
	}
	task->url_next = 0;
	check_probe_fmt_down(down, sizeof(down), pc, &task->target, o,
			     check_rs_retries_told(task->rs, task->ci));
	check_probe_fmt_up(up, sizeof(up), pc, &task->target);
	delay = check_rs_result(task->vs, task->rs, task->ci, o, &lines, ev_now(cd->loop), &obs);
	/* The check counters moved: publish them within a second. */
	if (!ev_timer_active(&cd->status_timer))
		ev_timer_start_in(cd->loop, &cd->status_timer, 1000000);
	ev_timer_start_in(cd->loop, &task->timer, delay);
}

/* Whether addr is one of this host's addresses (ha_suspend). */
static bool
addr_is_local(const struct check_addr *addr)
{
	struct ifaddrs *all, *a;
	bool found = false;

	if (getifaddrs(&all) == -1)
		return true; /* unknown: keep checking rather than stop */
	for (a = all; a != NULL && !found; a = a->ifa_next) {
		if (a->ifa_addr == NULL || a->ifa_addr->sa_family != addr->family)
			continue;
		if (addr->family == AF_INET)
			found = ((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr ==
				addr->u.v4.s_addr;
		else
			found = memcmp(&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr,
				       &addr->u.v6, sizeof(addr->u.v6)) == 0;
	}
	freeifaddrs(all);
	return found;
}

/*
 * ha_suspend: a checker runs only while its virtual server's address is on
 * this host (the VIP moved here by VRRP), with keepalived's lines at each
 * change. Returns true when the attempt is to be skipped.
 */
static bool
task_suspended(struct check_task *task)
{
	const struct check_vs_conf *vc = task->vs->conf;
	char rsn[160];
	bool local;

	if (!vc->ha_suspend || vc->kind != CHECK_VS_ADDR)
		return false;
	local = addr_is_local(&vc->addr);
	if (local == !task->suspended)
		return task->suspended;
	task->suspended = !local;
	/* keepalived 2.2.7's words, with the virtual server ("Deactivating" at start only). */
	log_info("%s healthchecker for service %s for VS %s", local ? "Activating" : "Suspending",
		 check_rs_fmt(rsn, sizeof(rsn), vc, task->rs->conf), task->vs_text);
	return task->suspended;
}

static void
task_start(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_task *task = arg;
	const struct check_probe_conf *pc = task->rs->checkers[task->ci].conf;
	struct check_outcome o = { .up = false, .weight = -1 };

	if (task_suspended(task)) {
		ev_timer_start_in(loop, &task->timer, check_rs_delay_loop(task->rs, task->ci));
		return;
	}

	/*
	 * HTTP_GET/SSL_GET with several urls: while the checker is failed (or
	 * under alpha before its first success), one url per attempt, spaced
	 * by delay_loop, as keepalived; fast_recovery: all of them at once.
	 */
	task->target.http_one_url = 0;
	if ((pc->kind == CHECK_HTTP || pc->kind == CHECK_SSL) && pc->u.http.n_urls > 1 &&
	    !pc->u.http.fast_recovery && !task->rs->checkers[task->ci].up)
		task->target.http_one_url = task->url_next + 1;
	task->probe = check_probe_start(loop, pc, &task->target, task_done, task);
	if (task->probe != NULL)
		return;
	/* Could not even start (no memory, no socket): a failed attempt. */
	snprintf(o.reason, sizeof(o.reason), "%s on %s could not start: %s",
		 check_probe_kind_name(pc->kind), task->vs_text, strerror(errno));
	task_done(task, &o);
}

static uint64_t
random_next(struct check_daemon *cd)
{
	cd->rng ^= cd->rng << 13;
	cd->rng ^= cd->rng >> 7;
	cd->rng ^= cd->rng << 17;
	return cd->rng;
}

/* One task per checker; BFD_CHECK has no timer: the main process tells it (check_daemon_bfd.c). */
int
check_daemon_run_tasks_create(struct check_daemon *cd, struct check_run *run)
{
	unsigned n = 0;
	char rsn[160];

	for (unsigned i = 0; i < run->n_vs; i++)
		for (unsigned j = 0; j < run->vs[i].n_rs; j++)
			n += run->vs[i].rs[j].n_checkers;
	run->tasks = calloc(n ? n : 1, sizeof(*run->tasks));
	if (run->tasks == NULL)
		return -1;
	for (unsigned i = 0; i < run->n_vs; i++) {
		struct check_vs_rt *vs = &run->vs[i];
		/*
		 * ha_suspend: its checks off while the address is not here
		 * (asked once per virtual server); keepalived 2.2.7 then says
		 * "Deactivating" at start instead.
		 */
		bool away = vs->conf->ha_suspend && vs->conf->kind == CHECK_VS_ADDR &&
			    !addr_is_local(&vs->conf->addr);

		for (unsigned j = 0; j < vs->n_rs; j++) {
			struct check_rs_rt *rs = &vs->rs[j];

			for (unsigned k = 0; k < rs->n_checkers; k++) {
				struct check_task *task = &run->tasks[run->n_tasks++];

				task->cd = cd;
				task->vs = vs;
				task->rs = rs;
				task->ci = k;
				check_vs_fmt(task->vs_text, sizeof(task->vs_text), vs->conf);
				task->target.addr = rs->conf->addr;
				task->target.port = rs->conf->probe_port;
				task->target.vs_text = task->vs_text;
				task->target.default_timeout_us = rs->conf->connect_timeout_us;
				task->target.delay_loop_us = check_rs_delay_loop(rs, k);
				task->target.virtualhost =
					rs->conf->virtualhost[0] ? rs->conf->virtualhost : NULL;
				task->target.protocol = check_vs_proto_text(vs->conf);
				task->target.rs_weight = rs->conf->weight;
				ev_timer_init(&task->timer, task_start, task);
				task->suspended = away;
				if (rs->checkers[k].conf->kind == CHECK_BFD)
					continue;
				log_info("%s healthchecker for service %s for VS %s",
					 task->suspended ? "Deactivating" : "Activating",
					 check_rs_fmt(rsn, sizeof(rsn), vs->conf, rs->conf),
					 task->vs_text);
				ev_timer_start_in(cd->loop, &task->timer,
						  check_rs_first_delay(rs, k, random_next(cd)));
			}
		}
	}
	/*
	 * keepalived 2.2.7 (built with BFD, as Debian's) says this once after its
	 * checkers' lines, at start and at each reload, BFD_CHECK or not.
	 */
	log_info("Activating BFD healthchecker");
	return 0;
}

void
check_daemon_run_free(struct check_daemon *cd, struct check_run *run)
{
	for (unsigned i = 0; i < run->n_tasks; i++) {
		ev_timer_stop(cd->loop, &run->tasks[i].timer);
		if (run->tasks[i].probe != NULL)
			check_probe_cancel(run->tasks[i].probe);
	}
	free(run->tasks);
	for (unsigned i = 0; i < run->n_vs; i++)
		check_vs_rt_fini(&run->vs[i]);
	free(run->vs);
	if (run->conf != NULL)
		kconf_free(run->conf);
	memset(run, 0, sizeof(*run));
}

/* FILE_CHECK's track_file NAME: the file of that global block. */
static bool
file_path(const struct kconf *conf, struct check_probe_conf *c)
{
	const struct vrrp_track_file_conf *f;

	if (conf->vrrp.track == NULL)
		return false;
	for (f = conf->vrrp.track->files; f != NULL; f = f->next) {
		if (strcmp(f->name, c->u.file.name) == 0) {
			snprintf(c->u.file.path, sizeof(c->u.file.path), "%s", f->path);
			return true;
		}
	}
	return false;
}

/*
 * keepalived builds its TLS context only when an SSL_GET is configured;
 * so does this checker, which then loads libssl (check_io.c) only then.
 */
const struct check_ssl_conf *
check_daemon_ssl_conf_if_used(const struct kconf *conf)
{
	for (const struct check_vs_conf *vs = conf->check->vs; vs != NULL; vs = vs->next)
		for (const struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next)
			for (const struct check_probe_conf *c = rs->probes.head; c != NULL;
			     c = c->next)
				if (c->kind == CHECK_SSL)
					return &conf->check->ssl;
	return NULL;
}

/*
 * What the checker blocks need from the rest of the file: MISC_CHECK's
 * program checked as keepalived checks scripts (a checker it cannot run
 * is dropped, as keepalived drops it), FILE_CHECK's file from its
 * track_file block, BFD_CHECK's bfd_instance (dropped without one).
 */
static void
prepare_probes(struct kconf *conf, struct vrrp_exec_defaults *defaults)
{
	char rsn[160];

	for (struct check_vs_conf *vs = conf->check->vs; vs != NULL; vs = vs->next) {
		for (struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next) {
			struct check_probe_conf **p = &rs->probes.head, *c;

			while ((c = *p) != NULL) {
				if (c->kind == CHECK_FILE && !file_path(conf, c)) {
					log_warnx("%s:%d: FILE_CHECK: no track_file %s - ignoring",
						  c->file, c->line, c->u.file.name);
				} else if (c->kind == CHECK_BFD &&
					   !check_daemon_bfd_usable(conf, c)) {
					/* keepalived's line; its checker drops the block. */
					log_info("(%s) BFD_CHECK - BFD %s not configured",
						 check_rs_fmt(rsn, sizeof(rsn), vs, rs),
						 c->u.file.name);
				} else if (check_probe_prepare(c, defaults) == 0) {
					p = &c->next;
					continue;
				}
				*p = c->next;
				rs->probes.count--;
				check_probe_conf_free(c);
			}
			rs->probes.tail = &rs->probes.head;
			while (*rs->probes.tail != NULL)
				rs->probes.tail = &(*rs->probes.tail)->next;
		}
	}
}

/* The run-time state of conf (taken over by run); 0 or -1. */
int
check_daemon_run_create(struct check_run *run, struct kconf *conf)
{
	const struct check_vs_conf *vc;
	unsigned i = 0;

	memset(run, 0, sizeof(*run));
	vrrp_exec_defaults_init(&run->exec_defaults, conf->vrrp.track);
	prepare_probes(conf, &run->exec_defaults);
	run->conf = conf;
	run->vs = calloc(conf->check->n_vs ? conf->check->n_vs : 1, sizeof(*run->vs));
	if (run->vs == NULL)
		return -1;
	for (vc = conf->check->vs; vc != NULL; vc = vc->next, i++) {
		if (check_vs_rt_init(&run->vs[i], vc) == -1)
			return -1;
		run->n_vs = i + 1;
	}
	return 0;
}

/* Take over from old the states of the virtual servers that stay. */
void
check_daemon_run_take_over(struct check_daemon *cd, struct check_run *run,
			   const struct check_run *old)
{
	char a[160], b[160];

	for (unsigned i = 0; i < run->n_vs; i++) {
		unsigned k;

		for (k = 0; k < old->n_vs; k++)
			if (strcmp(check_vs_fmt(a, sizeof(a), run->vs[i].conf),
				   check_vs_fmt(b, sizeof(b), old->vs[k].conf)) == 0) {
				check_vs_rt_take_over(&run->vs[i], &old->vs[k]);
				break;
			}
		if (k == old->n_vs) { /* a new one */
			check_vs_log_start(&run->vs[i]);
			if (run->vs[i].quorum_up)
				check_daemon_fifo_line(cd, &run->vs[i], NULL, true);
		}
	}
	for (unsigned k = 0; k < old->n_vs; k++) {
		unsigned i;

		check_vs_fmt(b, sizeof(b), old->vs[k].conf);
		for (i = 0; i < run->n_vs; i++)
			if (strcmp(check_vs_fmt(a, sizeof(a), run->vs[i].conf), b) == 0)
				break;
		if (i == run->n_vs) /* dropped */
			check_vs_log_removed(&old->vs[k]);
	}
}
