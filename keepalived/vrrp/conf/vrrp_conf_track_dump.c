/*
 * -d for tracking, notification and sync groups: the blocks written back in
 * keepalived.conf syntax, defaults included, so that a user sees what the
 * daemon runs with. Read again, the output gives the same configuration.
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "lib/log.h"

typedef void (*dump_fn)(const char *line, void *arg);

static void LOG_PRINTF(3, 4) emit(dump_fn out, void *arg, const char *fmt, ...)
{
	char line[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(line, arg);
}

/* A command as a quoted string the reader gives back unchanged. */
static const char *
quoted(const struct vrrp_cmd *cmd, char *buf, size_t len)
{
	size_t o = 0;

	if (len < 3)
		return "\"\"";
	buf[o++] = '"';
	for (const char *p = cmd->text; *p != '\0' && o + 3 < len; p++) {
		if (*p == '"')
			buf[o++] = '\\';
		buf[o++] = *p;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* " USER [GROUP]" or "". */
static const char *
user_suffix(const char *user, const char *group, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", user[0] ? " " : "", user, group[0] ? " " : "", group);
	return buf;
}

static void
dump_cmd_line(const char *indent, const char *kw, const struct vrrp_cmd *cmd, dump_fn out,
	      void *arg)
{
	char q[600], u[2 * VRRP_USER_NAME_MAX + 4];

	emit(out, arg, "%s%s %s%s", indent, kw, quoted(cmd, q, sizeof(q)),
	     user_suffix(cmd->user, cmd->group, u, sizeof(u)));
}

static void
dump_set(const struct vrrp_track_set_conf *set, dump_fn out, void *arg)
{
	if (set == NULL)
		return;
	for (int k = 0; k < VRRP_TRACK_KIND_COUNT_; k++) {
		bool opened = false;

		for (size_t i = 0; i < set->nrefs; i++) {
			const struct vrrp_track_ref *ref = &set->refs[i];

			if ((int)ref->kind != k)
				continue;
			if (!opened)
				emit(out, arg, "    track_%s {", vrrp_track_kind_name(ref->kind));
			opened = true;
			emit(out, arg, "        %s weight %" PRId64 "%s", ref->name,
			     vrrp_track_ref_weight(ref),
			     vrrp_track_ref_reverse(ref) ? " reverse" : "");
		}
		if (opened)
			emit(out, arg, "    }");
	}
	for (int n = 0; n < VRRP_NOTIFY_KIND_COUNT_; n++)
		if (set->notify[n] != NULL)
			dump_cmd_line("    ", vrrp_notify_kind_keyword[n], set->notify[n], out,
				      arg);
	if (set->priority_changes_given)
		emit(out, arg, "    notify_priority_changes %s",
		     set->priority_changes ? "true" : "false");
}

void
vrrp_conf_track_dump_instance(const struct vrrp_instance_conf *vi, dump_fn out, void *arg)
{
	dump_set(vi->track, out, arg);
}

void
vrrp_conf_track_dump_global(const struct vrrp_conf *conf, dump_fn out, void *arg)
{
	static const char *const fifo_kw[VRRP_FIFO_COUNT_] = { "notify_fifo", "vrrp_notify_fifo",
							       "lvs_notify_fifo" };
	const struct vrrp_track_conf *t = conf->track;
	char u[2 * VRRP_USER_NAME_MAX + 4], kw[40];

	if (t == NULL)
		return;
	if (t->script_security)
		emit(out, arg, "    enable_script_security");
	if (t->script_user[0] != '\0')
		emit(out, arg, "    script_user%s",
		     user_suffix(t->script_user, t->script_group, u, sizeof(u)));
	for (int i = 0; i < VRRP_FIFO_COUNT_; i++) {
		if (t->fifo[i].path[0] != '\0')
			emit(out, arg, "    %s \"%s\"%s", fifo_kw[i], t->fifo[i].path,
			     user_suffix(t->fifo[i].user, t->fifo[i].group, u, sizeof(u)));
		if (t->fifo[i].script != NULL) {
			snprintf(kw, sizeof(kw), "%s_script", fifo_kw[i]);
			dump_cmd_line("    ", kw, t->fifo[i].script, out, arg);
		}
	}
	if (t->notify_priority_changes)
		emit(out, arg, "    vrrp_notify_priority_changes true");
}

static void
dump_script(const struct vrrp_script_conf *s, dump_fn out, void *arg)
{
	char q[600];

	emit(out, arg, "vrrp_script %s {", s->name);
	emit(out, arg, "    script %s", quoted(&s->cmd, q, sizeof(q)));
	emit(out, arg, "    interval %" PRIu64, s->interval_us / US_PER_S);
	if (s->timeout_us != 0)
		emit(out, arg, "    timeout %" PRIu64, s->timeout_us / US_PER_S);
	emit(out, arg, "    weight %d%s", s->weight, s->reverse ? " reverse" : "");
	emit(out, arg, "    rise %" PRIu32, s->rise);
	emit(out, arg, "    fall %" PRIu32, s->fall);
	if (s->cmd.user[0] != '\0')
		emit(out, arg, "    user %s%s%s", s->cmd.user, s->cmd.group[0] ? " " : "",
		     s->cmd.group);
	if (s->init_fail)
		emit(out, arg, "    init_fail");
	emit(out, arg, "}");
}

static void
dump_file(const struct vrrp_track_file_conf *f, dump_fn out, void *arg)
{
	emit(out, arg, "track_file %s {", f->name);
	emit(out, arg, "    file \"%s\"", f->path);
	emit(out, arg, "    weight %" PRId64 "%s", f->weight, f->reverse ? " reverse" : "");
	if (f->init_file)
		emit(out, arg, "    init_file %" PRId64 "%s", f->init_value,
		     f->init_overwrite ? " overwrite" : "");
	emit(out, arg, "}");
}

/* The process line's words, each quoted when it holds a blank or a quote. */
static const char *
process_words(const struct vrrp_track_process_conf *p, char *buf, size_t len)
{
	size_t used = 0;

	if (p->words_len == 0)
		return p->process;
	buf[0] = '\0';
	for (size_t off = 0; off < p->words_len; off += strlen(p->words + off) + 1) {
		const char *w = p->words + off;
		const char *q = strpbrk(w, " \t\"'#!") == NULL ? "" :
				strchr(w, '"') == NULL         ? "\"" :
								 "'";
		int n = snprintf(buf + used, len - used, "%s%s%s%s", off > 0 ? " " : "", q, w, q);

		if (n < 0 || (size_t)n >= len - used)
			return p->process;
		used += (size_t)n;
	}
	return buf;
}

static void
dump_process(const struct vrrp_track_process_conf *p, dump_fn out, void *arg)
{
	char buf[32];
	char words[2 * VRRP_PATH_MAX];

	emit(out, arg, "vrrp_track_process %s {", p->name);
	emit(out, arg, "    process %s", process_words(p, words, sizeof(words)));
	if (p->param_match_partial || p->param_match_initial)
		emit(out, arg, "    param_match %s",
		     p->param_match_partial ? "partial" : "initial");
	else if (p->param_match_exact)
		emit(out, arg, "    param_match");
	emit(out, arg, "    weight %d%s", p->weight, p->reverse ? " reverse" : "");
	/* quorum_max 0 sets quorum 0, which a quorum line cannot say. */
	if (p->quorum_max != 0)
		emit(out, arg, "    quorum %" PRIu32, p->quorum);
	if (p->quorum_max != UINT32_MAX)
		emit(out, arg, "    quorum_max %" PRIu32, p->quorum_max);
	/* No delay is the default; a delay line must be above 0. */
	if (p->fork_delay_us != 0)
		emit(out, arg, "    fork_delay %s",
		     vrrp_conf_fmt_fixed(p->fork_delay_us, 6, buf, sizeof(buf)));
	if (p->terminate_delay_us != 0)
		emit(out, arg, "    terminate_delay %s",
		     vrrp_conf_fmt_fixed(p->terminate_delay_us, 6, buf, sizeof(buf)));
	if (p->full_command)
		emit(out, arg, "    full_command");
	emit(out, arg, "}");
}

static void
dump_group(const struct vrrp_sync_group_conf *g, dump_fn out, void *arg)
{
	emit(out, arg, "vrrp_sync_group %s {", g->name);
	emit(out, arg, "    group {");
	for (size_t i = 0; i < g->nmembers; i++)
		emit(out, arg, "        %s", g->members[i]->name);
	emit(out, arg, "    }");
	dump_set(&g->set, out, arg);
	if (g->tracking_weight)
		emit(out, arg, "    sync_group_tracking_weight");
	emit(out, arg, "}");
}

void
vrrp_conf_track_dump(const struct vrrp_conf *conf, dump_fn out, void *arg)
{
	const struct vrrp_track_conf *t = conf->track;

	if (t == NULL)
		return;
	for (const struct vrrp_script_conf *s = t->scripts; s != NULL; s = s->next)
		dump_script(s, out, arg);
	for (const struct vrrp_track_file_conf *f = t->files; f != NULL; f = f->next)
		dump_file(f, out, arg);
	for (const struct vrrp_track_process_conf *p = t->processes; p != NULL; p = p->next)
		dump_process(p, out, arg);
	for (const struct vrrp_sync_group_conf *g = t->groups; g != NULL; g = g->next)
		dump_group(g, out, arg);
}
