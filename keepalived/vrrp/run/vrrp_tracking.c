/*
 * Tracking for a running configuration: the trackers built from the
 * track_* lines of the instances and their sync groups (one tracker per
 * script, file, process or interface, shared by its watchers), the notify
 * targets, the sync groups and the notify FIFOs; their start and stop.
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_track_priv.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_notify.h"
#include "keepalived/vrrp/run/vrrp_sync.h"

#define NOTIFY_STOP_WAIT_US 1000000ULL /* keepalived waits a second for notify_stop */

/* What the tracking wires to one instance: its trackers, notify target, sync group. */
struct vrrp_tracking_inst {
	struct vrrp_tracking *t;
	struct vrrp_track_watch watch;
	struct vrrp_notify_target target;
	struct vrrp_sync *sync;
	struct vrrp_inst_observer obs; /* inst_news(): notify, then sync, as keepalived */
};

/* Building ----------------------------------------------------------------------------- */

static struct vrrp_tracker *
tracker_get(struct vrrp_tracking *t, enum vrrp_track_kind kind, const char *name)
{
	struct vrrp_tracker *tr, **tail;

	for (tail = &t->trackers; (tr = *tail) != NULL; tail = &tr->next)
		if (tr->kind == kind && strcmp(tr->name, name) == 0)
			return tr;
	tr = calloc(1, sizeof(*tr));
	if (tr == NULL)
		return NULL;
	tr->kind = kind;
	snprintf(tr->name, sizeof(tr->name), "%s", name);
	tr->trk = t;
	tr->wd = -1;
	tr->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(TRACK_LOG_INTERVAL_US, TRACK_LOG_BURST);
	ev_timer_init(&tr->timer, NULL, tr);
	*tail = tr;
	return tr;
}

static int
tracker_add_user(struct vrrp_tracker *tr, struct vrrp_track_use *u)
{
	struct vrrp_track_use **users = realloc(tr->users, (tr->nusers + 1) * sizeof(*users));

	if (users == NULL)
		return -1;
	users[tr->nusers++] = u;
	tr->users = users;
	return 0;
}

/* The refs an instance watches: its own, then its sync group's. */
static int
inst_uses(struct vrrp_tracking *t, struct vrrp_inst *inst, struct vrrp_track_watch *w)
{
	const struct vrrp_track_set_conf *own = inst->conf->track;
	const struct vrrp_sync_group_conf *g = vrrp_conf_sync_group_of(t->conf, inst->conf);
	const struct vrrp_track_set_conf *sets[2] = { own, g != NULL ? &g->set : NULL };
	size_t n = 0;

	for (int s = 0; s < 2; s++)
		n += sets[s] != NULL ? sets[s]->nrefs : 0;
	if (n == 0)
		return 0;
	w->uses = calloc(n, sizeof(*w->uses));
	if (w->uses == NULL)
		return -1;
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; sets[s] != NULL && i < sets[s]->nrefs; i++) {
			const struct vrrp_track_ref *ref = &sets[s]->refs[i];
			struct vrrp_track_use *u = &w->uses[w->nuses++];

			u->tracker = tracker_get(t, ref->kind, ref->name);
			if (u->tracker == NULL)
				return -1;
			u->watch = w;
			u->weight = vrrp_track_ref_weight(ref);
			u->reverse = vrrp_track_ref_reverse(ref);
			if (ref->kind == VRRP_TRACK_SCRIPT)
				u->tracker->script = ref->script;
			else if (ref->kind == VRRP_TRACK_FILE)
				u->tracker->tfile = ref->tfile;
			else if (ref->kind == VRRP_TRACK_PROCESS)
				u->tracker->process = ref->process;
			if (tracker_add_user(u->tracker, u) == -1)
				return -1;
		}
	}
	return 0;
}

/* A tracker that cannot work is watched by nobody: its watchers carry on without it. */
static void
tracker_disable(struct vrrp_tracker *tr)
{
	free(tr->users);
	tr->users = NULL;
	tr->nusers = 0;
}

/* The first state of every tracker; -1 on a fatal problem (logged). */
static int
trackers_init(struct vrrp_tracking *t)
{
	struct vrrp_tracker *tr;

	for (tr = t->trackers; tr != NULL; tr = tr->next) {
		switch (tr->kind) {
		case VRRP_TRACK_SCRIPT:
			if (vrrp_exec_prepare(&tr->exec, &tr->script->cmd, &t->defaults,
					      "track script", tr->name) == -1) {
				tracker_disable(tr);
				break;
			}
			tr->result =
				vrrp_script_initial_result(tr->script->rise, tr->script->init_fail);
			/*
			 * init_fail counts as failed from start-up only: one that a
			 * reload brings waits for its first result (keepalived 2.2.7
			 * keeps a Master Master until then).
			 */
			tr->state = tr->script->init_fail && !t->reloaded ? VRRP_TRACKER_DOWN :
									    VRRP_TRACKER_INIT;
			tr->in_init = true;
			break;
		case VRRP_TRACK_INTERFACE:
			if (vrrp_nl_if(t->nl, tr->name) == NULL && tr->nusers > 0) {
				log_error("(%s) tracked interface %s doesn't exist",
					  tr->users[0]->watch->name, tr->name);
				log_error("Non-existent interface specified in configuration");
				return -1;
			}
			tr->state = VRRP_TRACKER_INIT;
			vrrp_tracker_iface_refresh(tr, false);
			break;
		case VRRP_TRACK_FILE:
			if (vrrp_tracker_file_check(tr) == -1) {
				tracker_disable(tr);
				break;
			}
			vrrp_tracker_file_setup(tr);
			break;
		case VRRP_TRACK_BFD:
			/* A new session starts Down (keepalived's first BFD event: unweighted,
			 * that is Fault); one kept across a reload is as it is. */
			tr->state = bfd_run_is_up(t->bfd, tr->name) ? VRRP_TRACKER_UP :
								      VRRP_TRACKER_DOWN;
			break;
		case VRRP_TRACK_PROCESS:
			/* The start-up scan already counted what runs (vrrp_proc_new()). */
			tr->state = vrrp_proc_up(t->proc, tr->name) ? VRRP_TRACKER_UP :
								      VRRP_TRACKER_DOWN;
			break;
		default:
			break;
		}
	}
	return 0;
}

/*
 * A reload: the scripts that had a result before it and are still
 * tracked carry it on (vrrp_script_reload_result()), in the order the
 * previous configuration defined them, with keepalived's line for each.
 * Anything else about the script may have changed: keepalived 2.2.7 keeps
 * the result all the same (its next run tells).
 */
static void
scripts_carry(struct vrrp_tracking *t, const struct vrrp_script_memos *kept)
{
	for (size_t i = 0; kept != NULL && i < kept->n; i++) {
		const struct vrrp_script_memo *m = &kept->v[i];
		struct vrrp_tracker *tr;
		bool up;

		for (tr = t->trackers; tr != NULL; tr = tr->next)
			if (tr->kind == VRRP_TRACK_SCRIPT && tr->nusers > 0 &&
			    strcmp(tr->name, m->name) == 0)
				break;
		if (tr == NULL)
			continue;
		up = vrrp_script_reload_result(m->result, m->rise, m->fall, tr->script->rise,
					       tr->script->fall, &tr->result);
		tr->state = up ? VRRP_TRACKER_UP : VRRP_TRACKER_DOWN;
		tr->in_init = false;
		tr->last_status = m->last_status;
		log_info("VRRP_Script(%s) considered %s on reload", tr->name,
			 up ? "successful" : "unsuccessful");
	}
}

int
vrrp_tracking_take_scripts(const struct vrrp_tracking *t, struct vrrp_script_memos *out)
{
	const struct vrrp_script_conf *sc;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (t == NULL || t->conf->track == NULL)
		return 0;
	for (sc = t->conf->track->scripts; sc != NULL; sc = sc->next)
		n++;
	if (n == 0)
		return 0;
	out->v = calloc(n, sizeof(*out->v));
	if (out->v == NULL)
		return -1;
	/* keepalived walks its list of scripts: the configuration's order. */
	for (sc = t->conf->track->scripts; sc != NULL; sc = sc->next) {
		const struct vrrp_tracker *tr;
		struct vrrp_script_memo *m;

		for (tr = t->trackers; tr != NULL; tr = tr->next)
			if (tr->kind == VRRP_TRACK_SCRIPT && strcmp(tr->name, sc->name) == 0)
				break;
		if (tr == NULL || tr->nusers == 0 || tr->in_init)
			continue; /* not tracked, disabled, or no result yet: starts again */
		m = &out->v[out->n++];
		snprintf(m->name, sizeof(m->name), "%s", tr->name);
		m->result = tr->result;
		m->rise = tr->script->rise;
		m->fall = tr->script->fall;
		m->last_status = tr->last_status;
	}
	return 0;
}

void
vrrp_script_memos_free(struct vrrp_script_memos *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* A vrrp_track_process block gained or lost its quorum (the module logged it). */
static void
proc_changed(size_t index, const char *name, bool up, void *arg)
{
	struct vrrp_tracking *t = arg;
	enum vrrp_tracker_state st = up ? VRRP_TRACKER_UP : VRRP_TRACKER_DOWN;

	(void)index;
	for (struct vrrp_tracker *tr = t->trackers; tr != NULL; tr = tr->next) {
		if (tr->kind != VRRP_TRACK_PROCESS || strcmp(tr->name, name) != 0)
			continue;
		if (tr->state != st) {
			tr->state = st;
			tr->stats.changes++;
			vrrp_tracker_apply(tr);
		}
		return;
	}
}

/* A bfd_instance's session reached Up or left it (bfd_run.c logged the session's side). */
static void
bfd_changed(void *arg, const char *name, bool up)
{
	struct vrrp_tracking *t = arg;

	for (struct vrrp_tracker *tr = t->trackers; tr != NULL; tr = tr->next) {
		if (tr->kind != VRRP_TRACK_BFD || strcmp(tr->name, name) != 0)
			continue;
		for (size_t i = 0; i < tr->nusers; i++)
			log_info("VRRP_Instance(%s) Tracked BFD instance %s is %s",
				 tr->users[i]->watch->name, name, up ? "UP" : "DOWN");
		if (tr->state != (up ? VRRP_TRACKER_UP : VRRP_TRACKER_DOWN)) {
			tr->state = up ? VRRP_TRACKER_UP : VRRP_TRACKER_DOWN;
			tr->stats.changes++;
			vrrp_tracker_apply(tr);
		}
		return;
	}
}

/* What the trackers' first states mean for each instance, before it starts. */
static void
uses_init(struct vrrp_track_watch *w, bool reload)
{
	for (size_t i = 0; i < w->nuses; i++) {
		struct vrrp_track_use *u = &w->uses[i];
		struct vrrp_tracker *tr = u->tracker;
		bool watched = false;

		for (size_t j = 0; j < tr->nusers && !watched; j++)
			watched = tr->users[j] == u;
		if (!watched)
			continue; /* a disabled tracker */
		u->effect = vrrp_track_effect(tr->kind, tr->state, tr->value, u->weight, u->reverse,
					      &u->fault);
		u->pending = u->weight == 0 && tr->state == VRRP_TRACKER_INIT;
		/* keepalived's reload: an unweighted script carried on as failed. */
		if (reload && tr->kind == VRRP_TRACK_SCRIPT && u->weight == 0 && u->fault &&
		    !tr->in_init)
			log_info("(%s): entering FAULT state due to script %s", w->name, tr->name);
		w->sum.weight_sum += u->effect;
		w->sum.faults += u->fault;
		w->sum.init_pending += u->pending;
		if (!reload && tr->kind == VRRP_TRACK_SCRIPT && u->weight == 0 &&
		    (u->pending || u->fault))
			w->sum.script_start_fault = true;
	}
	w->changed(w->arg, &w->sum);
}

/* An instance's transitions, to its notify scripts and FIFOs. */
static void
notify_news(void *arg, struct vrrp_inst *inst, const struct vrrp_inst_news *news)
{
	struct vrrp_tracking_inst *pi = arg;
	struct vrrp_notifier *n = pi->t->notifier;

	switch (news->kind) {
	case VRRP_INST_NEWS_STATE:
		vrrp_notify_state(n, &pi->target, news->to, news->priority);
		break;
	case VRRP_INST_NEWS_PRIORITY:
		vrrp_notify_priority(n, &pi->target, news->to == VRRP_STATE_MASTER, news->priority);
		break;
	case VRRP_INST_NEWS_RX_LOWER:
		vrrp_notify_rx_lower_pri(n, &pi->target, news->priority);
		break;
	}
}

/* One observer per instance: its notify scripts, then its sync group, as keepalived. */
static void
inst_news(void *arg, struct vrrp_inst *inst, const struct vrrp_inst_news *news)
{
	struct vrrp_tracking_inst *pi = arg;

	notify_news(pi, inst, news);
	if (pi->sync != NULL && news->kind == VRRP_INST_NEWS_STATE)
		vrrp_sync_member_changed(pi->sync, inst, news->to);
}

/* Hand instance i its trackers, notify target and sync group. */
static void
inst_wire(struct vrrp_tracking *t, size_t i)
{
	struct vrrp_tracking_inst *pi = &t->per[i];
	struct vrrp_inst *inst = &t->insts[i];

	vrrp_inst_set_tracking(inst, &pi->watch, &pi->target, pi->sync);
	pi->obs.fn = inst_news;
	pi->obs.arg = pi;
	vrrp_inst_subscribe(inst, &pi->obs);
}

/* Interfaces that nobody tracks but instances use: their changes are logged too. */
static int
own_interfaces(struct vrrp_tracking *t)
{
	for (size_t i = 0; i < t->ninsts; i++) {
		struct vrrp_tracker *tr;

		/* An instance without interface (unicast) has none of its own. */
		if (t->insts[i].conf->ifname[0] == '\0')
			continue;
		tr = tracker_get(t, VRRP_TRACK_INTERFACE, t->insts[i].conf->ifname);
		if (tr == NULL)
			return -1;
	}
	return 0;
}

struct vrrp_tracking *
vrrp_tracking_new(struct ev_loop *loop, const struct vrrp_conf *conf, struct vrrp_nl *nl,
		  struct vrrp_inst *insts, size_t n, struct bfd_run *bfd,
		  const struct vrrp_script_memos *kept)
{
	const struct vrrp_track_conf *tc = conf->track;
	const struct vrrp_sync_group_conf *gc;
	struct vrrp_tracking *t = calloc(1, sizeof(*t));
	void **cands = NULL; /* the instances, as sync group candidates */
	size_t i;

	if (t == NULL) {
		bfd_run_free(bfd);
		return NULL;
	}
	/* Every missing interface with its file:line, as keepalived lists them. */
	if (vrrp_tracking_check(conf, nl) == -1) {
		bfd_run_free(bfd);
		free(t);
		return NULL;
	}
	/*
	 * The bfd_instance sessions run in this loop (keepalived.conf(5), BFD):
	 * those of the previous configuration carry on where they still apply.
	 * Without them (a socket that cannot be opened, logged) the tracked
	 * instances stay as a Down session leaves them.
	 */
	t->bfd = bfd;
	if (t->bfd != NULL) {
		bfd_run_set_listener(t->bfd, bfd_changed, t);
		bfd_run_reconf(t->bfd, conf);
	} else if (bfd_conf_runs(conf->bfd)) {
		t->bfd = bfd_run_new(loop, conf, bfd_changed, t);
	}
	t->loop = loop;
	t->conf = conf;
	t->nl = nl;
	t->insts = insts;
	t->ninsts = n;
	t->inotify_fd = -1;
	t->files_rl =
		(struct log_ratelimit)LOG_RATELIMIT_INIT(TRACK_LOG_INTERVAL_US, TRACK_LOG_BURST);
	vrrp_exec_defaults_init(&t->defaults, tc);
	t->notifier = vrrp_notifier_new(loop, tc, &t->defaults);
	t->per = calloc(n + 1, sizeof(*t->per));
	if (t->notifier == NULL || t->per == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		struct vrrp_tracking_inst *pi = &t->per[i];

		pi->t = t;
		pi->watch.name = insts[i].conf->name;
		pi->watch.changed = vrrp_inst_track_update;
		pi->watch.arg = &insts[i];
		vrrp_notify_target_init(&pi->target, t->notifier, insts[i].conf->track,
					insts[i].conf->name, false);
	}
	for (gc = tc != NULL ? tc->groups : NULL; gc != NULL; gc = gc->next)
		t->ngroups++;
	t->groups = calloc(t->ngroups + 1, sizeof(*t->groups));
	cands = calloc(n + 1, sizeof(*cands));
	if (t->groups == NULL || cands == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		cands[i] = &insts[i];
	for (i = 0, gc = tc != NULL ? tc->groups : NULL; gc != NULL; gc = gc->next, i++) {
		struct vrrp_sync *g = &t->groups[i];

		if (vrrp_sync_init(g, gc, &vrrp_inst_sync_ops, cands, n, t->notifier) == -1)
			goto fail;
		for (size_t k = 0; k < g->n; k++)
			t->per[(struct vrrp_inst *)g->members[k] - insts].sync = g;
	}
	for (i = 0; i < n; i++)
		inst_wire(t, i);
	for (i = 0; i < n; i++)
		if (inst_uses(t, &insts[i], &t->per[i].watch) == -1)
			goto fail;
	if (tc != NULL && tc->processes != NULL) {
		/* It subscribes, then scans /proc: the trackers' first states below. */
		struct vrrp_proc_opts opts = { .rcvbuf = tc->process_rcvbuf,
					       .rcvbuf_force = tc->process_rcvbuf_force };

		t->proc = vrrp_proc_new(loop, tc->processes, &opts, proc_changed, t);
		if (t->proc == NULL) {
			log_error("Process tracking: out of memory");
			goto fail;
		}
	}
	t->building = true;
	t->reloaded = kept != NULL;
	if (own_interfaces(t) == -1 || trackers_init(t) == -1)
		goto fail;
	scripts_carry(t, kept);
	t->building = false;
	if (t->defaults.root_used && !t->defaults.security)
		log_warnx("SECURITY VIOLATION - scripts are being executed but script_security not "
			  "enabled.");
	for (i = 0; i < n; i++)
		uses_init(&t->per[i].watch, kept != NULL);
	free(cands);
	return t;
fail:
	free(cands);
	vrrp_tracking_free(t);
	return NULL;
}

int
vrrp_tracking_check(const struct vrrp_conf *conf, const struct vrrp_nl *nl)
{
	int missing = 0;

	for (const struct vrrp_instance_conf *c = conf->instances; c != NULL; c = c->next) {
		const struct vrrp_sync_group_conf *g = vrrp_conf_sync_group_of(conf, c);
		const struct vrrp_track_set_conf *sets[2] = { c->track,
							      g != NULL ? &g->set : NULL };

		for (int s = 0; s < 2; s++) {
			for (size_t i = 0; sets[s] != NULL && i < sets[s]->nrefs; i++) {
				const struct vrrp_track_ref *ref = &sets[s]->refs[i];

				if (ref->kind != VRRP_TRACK_INTERFACE ||
				    vrrp_nl_if(nl, ref->name) != NULL)
					continue;
				log_error("%s:%d: (%s) tracked interface %s doesn't exist",
					  ref->file, ref->line, c->name, ref->name);
				missing++;
			}
		}
	}
	if (missing == 0)
		return 0;
	log_error("Non-existent interface specified in configuration");
	return -1;
}

/* Life cycle ------------------------------------------------------------------------------ */

const struct vrrp_proc_stats *
vrrp_tracking_proc_stats(const struct vrrp_tracking *t)
{
	return t != NULL && t->proc != NULL ? vrrp_proc_stats(t->proc) : NULL;
}

void
vrrp_tracking_fifo_states(struct vrrp_tracking *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ngroups; i++)
		vrrp_notify_fifo_state(t->notifier, &t->groups[i].notify, t->groups[i].state, 0);
	for (size_t i = 0; i < t->ninsts; i++)
		vrrp_notify_fifo_state(t->notifier, &t->per[i].target, t->insts[i].fsm.state,
				       t->insts[i].fsm.priority);
}

void
vrrp_tracking_start(struct vrrp_tracking *t)
{
	struct vrrp_tracker *tr;

	/* keepalived announces the groups' states before their members'. */
	for (size_t i = 0; i < t->ngroups; i++)
		vrrp_sync_start(&t->groups[i]);
	for (tr = t->trackers; tr != NULL; tr = tr->next)
		if (tr->kind == VRRP_TRACK_SCRIPT && tr->nusers > 0)
			vrrp_tracker_script_start(tr);
}

void
vrrp_tracking_stop(struct vrrp_tracking *t)
{
	struct vrrp_tracker *tr;

	if (t == NULL)
		return;
	for (tr = t->trackers; tr != NULL; tr = tr->next)
		if (tr->kind == VRRP_TRACK_SCRIPT)
			vrrp_tracker_script_stop(tr);
	for (size_t i = 0; i < t->ngroups; i++)
		vrrp_sync_stop(&t->groups[i]);
	vrrp_notify_shutdown(t->notifier, NOTIFY_STOP_WAIT_US);
}

struct bfd_run *
vrrp_tracking_bfd(const struct vrrp_tracking *t)
{
	return t != NULL ? t->bfd : NULL;
}

struct bfd_run *
vrrp_tracking_take_bfd(struct vrrp_tracking *t)
{
	struct bfd_run *b;

	if (t == NULL)
		return NULL;
	b = t->bfd;
	t->bfd = NULL;
	bfd_run_set_listener(b, NULL, NULL);
	return b;
}

void
vrrp_tracking_free(struct vrrp_tracking *t)
{
	struct vrrp_tracker *tr;

	if (t == NULL)
		return;
	while ((tr = t->trackers) != NULL) {
		t->trackers = tr->next;
		if (tr->kind == VRRP_TRACK_SCRIPT)
			vrrp_tracker_script_stop(tr);
		free(tr->users);
		free(tr);
	}
	vrrp_proc_free(t->proc);
	bfd_run_free(t->bfd);
	if (t->inotify_fd >= 0) {
		ev_fd_del(t->loop, t->inotify_fd);
		close(t->inotify_fd);
	}
	for (size_t i = 0; t->groups != NULL && i < t->ngroups; i++)
		vrrp_sync_fini(&t->groups[i]);
	free(t->groups);
	for (size_t i = 0; t->per != NULL && i < t->ninsts; i++) {
		vrrp_inst_clear_tracking(&t->insts[i]);
		free(t->per[i].watch.uses);
	}
	free(t->per);
	vrrp_notifier_free(t->notifier);
	free(t);
}

void
vrrp_tracking_links_changed(struct vrrp_tracking *t)
{
	for (struct vrrp_tracker *tr = t != NULL ? t->trackers : NULL; tr != NULL; tr = tr->next)
		if (tr->kind == VRRP_TRACK_INTERFACE)
			vrrp_tracker_iface_refresh(tr, true);
}

struct vrrp_notifier *
vrrp_tracking_notifier(const struct vrrp_tracking *t)
{
	return t != NULL ? t->notifier : NULL;
}

const struct vrrp_tracker *
vrrp_tracking_trackers(const struct vrrp_tracking *t)
{
	return t != NULL ? t->trackers : NULL;
}

size_t
vrrp_tracking_ngroups(const struct vrrp_tracking *t)
{
	return t != NULL ? t->ngroups : 0;
}

const struct vrrp_sync *
vrrp_tracking_group(const struct vrrp_tracking *t, size_t i)
{
	return t != NULL && i < t->ngroups ? &t->groups[i] : NULL;
}
