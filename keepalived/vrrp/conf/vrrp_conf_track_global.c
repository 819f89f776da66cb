/*
 * The global_defs side of tracking: the notify FIFOs and their scripts,
 * enable_script_security, script_user, vrrp_notify_priority_changes and the
 * process monitor's buffers; then, once the file is read, the default
 * script user, and whether a script would run without script security
 * (keepalived 2.2.7's "SECURITY VIOLATION" test).
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_track_priv.h"
#include "lib/log.h"

bool (*vrrp_conf_user_exists)(const char *user);

void
vrrp_conf_track_default_user(struct vrrp_track_conf *t)
{
	static const char dflt[] = "keepalived_script";
	struct vrrp_script_conf **sp, *s;

	if (t == NULL || !t->script_security || t->script_user[0] != '\0' ||
	    vrrp_conf_user_exists == NULL || vrrp_conf_user_exists(dflt))
		return;
	for (sp = &t->scripts; (s = *sp) != NULL;) {
		if (s->cmd.argv == NULL || s->cmd.user[0] != '\0') {
			sp = &s->next;
			continue;
		}
		log_warnx("%s:%d: Unable to set default user %s for script", s->file, s->end_line,
			  dflt);
		log_warnx("%s:%d: Unable to set default user for vrrp script %s - removing",
			  s->file, s->end_line, s->name);
		*sp = s->next;
		vrrp_cmd_free(&s->cmd);
		free(s);
	}
}

/* global_defs ------------------------------------------------------------------- */

static int
global_fifo(struct cfg_reader *r, int argc, char *argv[], struct vrrp_track_conf *t)
{
	bool vrrp = strncmp(argv[0], "vrrp_", 5) == 0, lvs = strncmp(argv[0], "lvs_", 4) == 0;
	struct vrrp_fifo_conf *fifo = &t->fifo[vrrp ? VRRP_FIFO_VRRP :
					       lvs  ? VRRP_FIFO_LVS :
						      VRRP_FIFO_NOTIFY];
	struct vrrp_cmd *cmd;

	if (strstr(argv[0], "_script") != NULL) {
		cmd = vrrp_conf_track_cmd_line(r, "", argc, argv);
		if (cmd == NULL)
			return -1;
		vrrp_conf_track_cmd_replace(&fifo->script, cmd);
		return 0;
	}
	if (cfg_check_argc(r, argc, argv, 1, 3) == -1 ||
	    vrrp_conf_track_copy_name(r, argv[0], argv[1], fifo->path, sizeof(fifo->path)) == -1)
		return -1;
	fifo->user[0] = fifo->group[0] = '\0';
	return vrrp_conf_track_user_group(r, argv[0], argc, argv, 2, fifo->user, fifo->group);
}

int
vrrp_track_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf)
{
	struct vrrp_track_conf *t = vrrp_conf_track_get(r, conf);

	if (t == NULL)
		return -1;
	if (strstr(argv[0], "notify_fifo") != NULL)
		return global_fifo(r, argc, argv, t);
	if (strcmp(argv[0], "enable_script_security") == 0) {
		t->script_security = true;
		return 0;
	}
	if (strcmp(argv[0], "script_user") == 0) {
		if (cfg_check_argc(r, argc, argv, 1, 2) == -1)
			return -1;
		t->script_user[0] = t->script_group[0] = '\0';
		return vrrp_conf_track_user_group(r, argv[0], argc, argv, 1, t->script_user,
						  t->script_group);
	}
	if (strcmp(argv[0], "vrrp_notify_priority_changes") == 0)
		return vrrp_conf_track_get_bool(r, argc, argv, &t->notify_priority_changes);
	if (strcmp(argv[0], "process_monitor_rcv_bufs") == 0) {
		uint64_t v;

		if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
			return -1;
		if (!vrrp_conf_track_uint(argv[1], INT32_MAX, &v)) {
			cfg_warn(r, "Invalid process_monitor_rcv_bufs size '%s' - ignoring",
				 argv[1]);
			return 0;
		}
		t->process_rcvbuf = (int)v;
		return 0;
	}
	if (strcmp(argv[0], "process_monitor_rcv_bufs_force") == 0)
		return vrrp_conf_track_get_bool(r, argc, argv, &t->process_rcvbuf_force);
	cfg_error(r, "%s: not a script or notify keyword of global_defs", argv[0]);
	return -1;
}

/* A command that would run: configured, and its program found (found() says). */
static bool
cmd_runs(const struct vrrp_cmd *cmd, bool (*found)(const char *program))
{
	return cmd != NULL && cmd->argc > 0 && found(cmd->argv[0]);
}

/* Scripts in a track set: tracked vrrp_scripts and notify commands. */
static bool
set_runs_scripts(const struct vrrp_track_set_conf *set, bool (*found)(const char *program))
{
	size_t i;

	if (set == NULL)
		return false;
	for (i = 0; i < set->nrefs; i++)
		if (set->refs[i].kind == VRRP_TRACK_SCRIPT && set->refs[i].script != NULL &&
		    cmd_runs(&set->refs[i].script->cmd, found))
			return true;
	for (i = 0; i < VRRP_NOTIFY_KIND_COUNT_; i++)
		if (cmd_runs(set->notify[i], found))
			return true;
	return false;
}

bool
vrrp_conf_scripts_insecure(const struct vrrp_conf *conf, bool (*found)(const char *program))
{
	const struct vrrp_track_conf *t = conf->track;
	const struct vrrp_script_conf *sc;
	const struct vrrp_instance_conf *vi;
	const struct vrrp_sync_group_conf *g;
	size_t i;

	if (t != NULL && t->script_security)
		return false;
	/* keepalived counts every vrrp_script block, used or not. */
	for (sc = t != NULL ? t->scripts : NULL; sc != NULL; sc = sc->next)
		if (cmd_runs(&sc->cmd, found))
			return true;
	for (vi = conf->instances; vi != NULL; vi = vi->next)
		if (set_runs_scripts(vi->track, found))
			return true;
	if (t == NULL)
		return false;
	for (g = t->groups; g != NULL; g = g->next)
		if (set_runs_scripts(&g->set, found))
			return true;
	for (i = 0; i < VRRP_FIFO_COUNT_; i++)
		if (cmd_runs(t->fifo[i].script, found))
			return true;
	return false;
}
