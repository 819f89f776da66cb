/*
 * The checks of tracking, notification and sync groups that need the whole
 * file (vrrp_conf_track_finish()), and freeing. keepalived 2.2.7 resolves a
 * tracker's name when it reads the track_* line, so a vrrp_script written
 * after the instance that uses it is "not found" there; here that is an
 * error that says so, rather than a tracker silently lost.
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/bfd_conf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

static int LOG_PRINTF(3, 4) at_error(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s:%d: %s", file, line, msg);
	return 1;
}

static void LOG_PRINTF(3, 4) at_warn(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("%s:%d: %s", file, line, msg);
}

int64_t
vrrp_track_ref_weight(const struct vrrp_track_ref *ref)
{
	if (ref->weight_given)
		return ref->weight;
	switch (ref->kind) {
	case VRRP_TRACK_SCRIPT:
		return ref->script != NULL ? ref->script->weight : 0;
	case VRRP_TRACK_FILE:
		return ref->tfile != NULL ? ref->tfile->weight : 1;
	case VRRP_TRACK_PROCESS:
		return ref->process != NULL ? ref->process->weight : 1;
	case VRRP_TRACK_BFD:
		return ref->bfd != NULL ? ref->bfd->weight : 0;
	default:
		return 0;
	}
}

bool
vrrp_track_ref_reverse(const struct vrrp_track_ref *ref)
{
	if (ref->reverse_given)
		return ref->reverse;
	switch (ref->kind) {
	case VRRP_TRACK_SCRIPT:
		return ref->script != NULL && ref->script->reverse;
	case VRRP_TRACK_FILE:
		return ref->tfile != NULL && ref->tfile->reverse;
	case VRRP_TRACK_PROCESS:
		return ref->process != NULL && ref->process->reverse;
	case VRRP_TRACK_BFD:
		return ref->bfd != NULL && ref->bfd->reverse;
	default:
		return ref->reverse;
	}
}

/* The tracker ref names, if it is defined; *later: only after the ref in the same file. */
static bool
resolve_ref(const struct vrrp_conf *conf, struct vrrp_track_ref *ref, const char **file, int *line)
{
	const struct vrrp_track_conf *t = conf->track;
	const struct vrrp_script_conf *s;
	const struct vrrp_track_file_conf *f;
	const struct vrrp_track_process_conf *p;

	*file = NULL;
	switch (ref->kind) {
	case VRRP_TRACK_SCRIPT:
		for (s = t != NULL ? t->scripts : NULL; s != NULL && strcmp(s->name, ref->name);
		     s = s->next)
			;
		if (s != NULL && s->cmd.argv != NULL) {
			ref->script = s;
			*file = s->file, *line = s->line;
		}
		return ref->script != NULL;
	case VRRP_TRACK_FILE:
		for (f = t != NULL ? t->files : NULL; f != NULL && strcmp(f->name, ref->name);
		     f = f->next)
			;
		if (f != NULL)
			*file = f->file, *line = f->line;
		return (ref->tfile = f) != NULL;
	case VRRP_TRACK_PROCESS:
		for (p = t != NULL ? t->processes : NULL; p != NULL && strcmp(p->name, ref->name);
		     p = p->next)
			;
		if (p != NULL)
			*file = p->file, *line = p->line;
		return (ref->process = p) != NULL;
	case VRRP_TRACK_BFD:
		ref->bfd = bfd_conf_find(conf, ref->name);
		if (ref->bfd != NULL)
			*file = ref->bfd->file, *line = ref->bfd->line;
		return ref->bfd != NULL;
	default:
		return true;
	}
}

static const char *
block_of(enum vrrp_track_kind kind)
{
	return kind == VRRP_TRACK_SCRIPT ? "vrrp_script" :
	       kind == VRRP_TRACK_FILE   ? "track_file" :
	       kind == VRRP_TRACK_BFD    ? "bfd_instance" :
					   "vrrp_track_process";
}

/* Resolve the refs of one instance or group; who is its name. */
static int
resolve_set(const struct vrrp_conf *conf, struct vrrp_track_set_conf *set, const char *who,
	    const char *own_ifname)
{
	const char *file;
	int errors = 0, line;
	size_t i, kept = 0;

	for (i = 0; set != NULL && i < set->nrefs; i++) {
		struct vrrp_track_ref *ref = &set->refs[i];

		/*
		 * keepalived 2.2.7 looks the name up when it reads the reference,
		 * so a block further down is not found either: it reports the
		 * reference, drops it and runs without it.
		 */
		if (!resolve_ref(conf, ref, &file, &line)) {
			at_warn(ref->file, ref->line, "(%s) track %s %s not found, ignoring...",
				who, vrrp_track_kind_name(ref->kind), ref->name);
			continue;
		}
		if (file != NULL && strcmp(file, ref->file) == 0 && line > ref->line) {
			at_warn(ref->file, ref->line,
				"(%s) track %s %s not found, ignoring... (its %s block, line %d, "
				"comes after this use)",
				who, vrrp_track_kind_name(ref->kind), ref->name,
				block_of(ref->kind), line);
			continue;
		}
		if (ref->kind == VRRP_TRACK_INTERFACE && own_ifname != NULL &&
		    strcmp(ref->name, own_ifname) == 0) {
			/* Its own interface is watched anyway. */
			at_warn(ref->file, ref->line,
				"(%s) Ignoring track_interface %s since own interface", who,
				ref->name);
			continue;
		}
		set->refs[kept++] = *ref;
	}
	if (set != NULL)
		set->nrefs = kept;
	return errors;
}

/*
 * Sync group members track together: a member's own weighted trackers would
 * give the members different priorities, so keepalived drops them (unless
 * sync_group_tracking_weight), with this message.
 */
static void
drop_member_weights(struct vrrp_instance_conf *vi)
{
	struct vrrp_track_set_conf *set = vi->track;
	size_t i, kept = 0;

	for (i = 0; set != NULL && i < set->nrefs; i++) {
		if (vrrp_track_ref_weight(&set->refs[i]) != 0 &&
		    set->refs[i].kind == VRRP_TRACK_BFD) {
			/* keepalived's own words for BFD, with the weight. */
			log_warnx("%s:%d: (%s) ignoring tracked bfd %s with weight %" PRId64
				  " due to SYNC group",
				  set->refs[i].file, set->refs[i].line, vi->name, set->refs[i].name,
				  vrrp_track_ref_weight(&set->refs[i]));
			continue;
		}
		if (vrrp_track_ref_weight(&set->refs[i]) != 0) {
			log_warnx(
				"%s:%d: (%s) ignoring tracked %s %s with weights due to SYNC group",
				set->refs[i].file, set->refs[i].line, vi->name,
				vrrp_track_kind_name(set->refs[i].kind), set->refs[i].name);
			continue;
		}
		set->refs[kept++] = set->refs[i];
	}
	if (set != NULL)
		set->nrefs = kept;
}

static int
resolve_group(struct vrrp_conf *conf, struct vrrp_sync_group_conf *g)
{
	const struct vrrp_instance_conf *vi;
	const struct vrrp_sync_group_conf *other;
	int errors = 0;

	free(g->members);
	g->nmembers = 0;
	g->members = calloc(g->nmember_names + 1, sizeof(*g->members));
	if (g->members == NULL)
		return at_error(g->file, g->line, "out of memory");
	for (size_t i = 0; i < g->nmember_names; i++) {
		const char *name = g->member_names[i].name;
		bool taken = false;

		for (vi = conf->instances; vi != NULL && strcmp(vi->name, name) != 0; vi = vi->next)
			;
		if (vi == NULL) {
			errors += at_error(
				g->file, g->member_names[i].line,
				"Virtual router %s specified in sync group %s doesn't exist", name,
				g->name);
			continue;
		}
		for (other = conf->track->groups; other != g && !taken; other = other->next)
			for (size_t j = 0; j < other->nmembers && !taken; j++)
				taken = other->members[j] == vi;
		for (size_t j = 0; j < g->nmembers && !taken; j++)
			taken = g->members[j] == vi;
		if (taken) {
			errors += at_error(
				g->file, g->member_names[i].line,
				"Virtual router %s cannot exist in more than one sync group", name);
			continue;
		}
		g->members[g->nmembers++] = vi;
	}
	if (g->nmembers < 2 && errors == 0)
		at_warn(g->file, g->line,
			"Sync group %s has only %zu virtual router(s) - this probably isn't what "
			"you want",
			g->name, g->nmembers);
	return errors;
}

/* Is script s tracked by anything? */
static bool
script_used(const struct vrrp_conf *conf, const struct vrrp_script_conf *s)
{
	const struct vrrp_instance_conf *vi;
	const struct vrrp_sync_group_conf *g;
	size_t i;

	for (vi = conf->instances; vi != NULL; vi = vi->next)
		for (i = 0; vi->track != NULL && i < vi->track->nrefs; i++)
			if (vi->track->refs[i].script == s)
				return true;
	for (g = conf->track->groups; g != NULL; g = g->next)
		for (i = 0; i < g->set.nrefs; i++)
			if (g->set.refs[i].script == s)
				return true;
	return false;
}

int
vrrp_conf_track_finish(struct vrrp_conf *conf)
{
	struct vrrp_track_conf *t = conf->track;
	struct vrrp_instance_conf *vi;
	struct vrrp_sync_group_conf *g;
	const struct vrrp_script_conf *s;
	int errors = 0;

	for (s = t != NULL ? t->scripts : NULL; s != NULL; s = s->next)
		if (s->cmd.argv == NULL)
			errors += at_error(s->file, s->line, "No script set for vrrp_script %s",
					   s->name);
	vrrp_conf_track_default_user(t); /* vrrp_conf_track_global.c */
	for (vi = conf->instances; vi != NULL; vi = vi->next)
		errors += resolve_set(conf, vi->track, vi->name, vi->ifname);
	if (t == NULL)
		return errors;
	for (g = t->groups; g != NULL; g = g->next) {
		errors += resolve_set(conf, &g->set, g->name, NULL);
		errors += resolve_group(conf, g);
		for (size_t i = 0; !g->tracking_weight && i < g->nmembers; i++)
			drop_member_weights((struct vrrp_instance_conf *)g->members[i]);
	}
	for (s = t->scripts; s != NULL; s = s->next)
		if (s->cmd.argv != NULL && !script_used(conf, s))
			log_warnx("%s:%d: Warning - script %s is not used", s->file, s->line,
				  s->name);
	if (t->fifo[VRRP_FIFO_NOTIFY].path[0] != '\0' &&
	    strcmp(t->fifo[VRRP_FIFO_NOTIFY].path, t->fifo[VRRP_FIFO_VRRP].path) == 0)
		errors += at_error("global_defs", 0,
				   "notify_fifo and vrrp_notify_fifo are both %s: "
				   "the FIFO names must all be different",
				   t->fifo[VRRP_FIFO_NOTIFY].path);
	return errors;
}

const struct vrrp_sync_group_conf *
vrrp_conf_sync_group_of(const struct vrrp_conf *conf, const struct vrrp_instance_conf *vi)
{
	const struct vrrp_sync_group_conf *g;

	for (g = conf->track != NULL ? conf->track->groups : NULL; g != NULL; g = g->next)
		for (size_t i = 0; i < g->nmembers; i++)
			if (g->members[i] == vi)
				return g;
	return NULL;
}

/* Freeing ------------------------------------------------------------------------- */

static void
set_free(struct vrrp_track_set_conf *set)
{
	for (int i = 0; i < VRRP_NOTIFY_KIND_COUNT_; i++) {
		vrrp_cmd_free(set->notify[i]);
		free(set->notify[i]);
		set->notify[i] = NULL;
	}
	free(set->refs);
	set->refs = NULL;
	set->nrefs = 0;
}

void
vrrp_conf_track_instance_free(struct vrrp_instance_conf *vi)
{
	if (vi->track == NULL)
		return;
	set_free(vi->track);
	free(vi->track);
	vi->track = NULL;
}

void
vrrp_conf_track_free(struct vrrp_conf *conf)
{
	struct vrrp_track_conf *t = conf->track;
	struct vrrp_instance_conf *vi;

	for (vi = conf->instances; vi != NULL; vi = vi->next)
		vrrp_conf_track_instance_free(vi);
	if (t == NULL)
		return;
	while (t->scripts != NULL) {
		struct vrrp_script_conf *s = t->scripts;

		t->scripts = s->next;
		vrrp_cmd_free(&s->cmd);
		free(s);
	}
	while (t->files != NULL) {
		struct vrrp_track_file_conf *f = t->files;

		t->files = f->next;
		free(f);
	}
	while (t->processes != NULL) {
		struct vrrp_track_process_conf *p = t->processes;

		t->processes = p->next;
		free(p);
	}
	while (t->groups != NULL) {
		struct vrrp_sync_group_conf *g = t->groups;

		t->groups = g->next;
		set_free(&g->set);
		free(g->member_names);
		free(g->members);
		free(g);
	}
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++) {
		vrrp_cmd_free(t->fifo[i].script);
		free(t->fifo[i].script);
	}
	free(t);
	conf->track = NULL;
}
