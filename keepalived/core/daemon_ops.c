/*
 * What operators ask of the running daemon: a reload (SIGHUP,
 * `keepalivectl reload`, reload_time_file), the dump files (SIGUSR1,
 * SIGUSR2, JSON, STATS_CLEAR), and, through the control socket and the
 * metrics server opened here, its status and the instances' maintenance.
 * One file because they call each other: the servers can ask for a reload,
 * and a reload moves the metrics server.
 */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "control.h"
#include "daemon_priv.h"
#include "dump.h"
#include "globals_run.h"
#include "metrics_http.h"
#include "process_opts.h"
#include "keepalived/check/core/check_supervise.h"
#include "keepalived/check/run/check_syncd.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "keepalived/vrrp/status/vrrp_status.h"
#include "lib/event.h"
#include "lib/log.h"

static void daemon_metrics_apply(struct daemon_state *ds);

/* The pid files' directory: reload_file's default place. */
static const char *
daemon_pid_dir(const struct daemon_state *ds, char *buf, size_t size)
{
	const char *slash = strrchr(ds->pid_path, '/');

	snprintf(buf, size, "%.*s", slash != NULL ? (int)(slash - ds->pid_path) : 1,
		 slash != NULL ? ds->pid_path : ".");
	return buf;
}

/* global_defs at start and after each reload (globals_run.c), and the dump names. */
void
daemon_globals_apply(struct daemon_state *ds)
{
	const struct kconf *c = ds->conf;
	const char *ns = ds->opts->net_namespace != NULL ? ds->opts->net_namespace :
							   c->process.net_namespace;
	char suffix[2 * PROCESS_NETNS_MAX + 2] = "";

	globals_run_apply(&ds->globals, c);
	/* data_use_instance: keepalived.NETNS_INSTANCE.data, either part alone without '_'. */
	if (c->globals.data_use_instance)
		snprintf(suffix, sizeof(suffix), "%s%s%s", ns,
			 ns[0] != '\0' && c->process.instance[0] != '\0' ? "_" : "",
			 c->process.instance);
	dump_set_suffix(suffix);
}

static int daemon_hook_status(void *arg, struct vrrp_status *st);

/* config_save_dir: the VRRP state as SIGUSR1 writes it, around a reload. */
static void
daemon_save_state(struct daemon_state *ds, const char *tag)
{
	struct vrrp_status st;
	struct vrrp_status_buf out;

	if (ds->conf == NULL || ds->conf->globals.config_save_dir[0] == '\0' ||
	    daemon_hook_status(ds, &st) == -1)
		return;
	vrrp_status_buf_init(&out);
	vrrp_status_data(&st, &out);
	if (!out.failed)
		globals_save_state(&ds->globals, ds->conf, tag, out.data != NULL ? out.data : "",
				   out.len);
	vrrp_status_buf_free(&out);
	vrrp_status_free(&st);
}

/* reload_time_file: the time has come. */

void
daemon_scheduled_reload(void *arg)
{
	struct daemon_state *ds = arg;

	daemon_on_reload(ds->loop, SIGHUP, ds);
}

/*
 * SIGHUP: read the configuration again. A configuration with errors is not
 * applied: the daemon keeps running on the old one, so a typo never takes
 * the virtual addresses down.
 */
void
daemon_on_reload(struct ev_loop *loop, int signo, void *arg)
{
	struct daemon_state *ds = arg;
	struct kconf *next;
	struct vrrp_daemon *vrrp;
	char dir[PATH_MAX];
	int rc;

	(void)signo;
	log_info("Reloading ...");
	daemon_notify_reloading();
	/* global_defs reload_check_config, reload_file, config_save_dir (globals_run.c). */
	globals_reload_begins(&ds->globals);
	daemon_save_state(ds, "pre");
	if (globals_reload_check(ds->conf, ds->conf_path, &ds->cfg_opts) == -1) {
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	globals_reload_file(ds->conf, daemon_pid_dir(ds, dir, sizeof(dir)), true);
	rc = daemon_load_config(ds, &next);
	globals_reload_file(ds->conf, dir, false);
	if (rc == 0)
		globals_save_config(&ds->globals, next, ds->conf_path);
	if (rc == -1) {
		log_error("Reload failed - keeping the running configuration");
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}

	if (process_run_reload_check(&ds->process, &next->process, ds->opts->net_namespace) == -1) {
		kconf_free(next);
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	/* keepalived 2.2.7 stops altogether here; this daemon keeps what runs. */
	if (!ds->opts->check_only && vrrp_iface_check_startup(&next->vrrp, false) != 0) {
		log_error("Reload failed - keeping the running configuration");
		kconf_free(next);
		daemon_notify("READY=1\nSTATUS=Reload failed");
		return;
	}
	log_info("Reloading");
	daemon_checker_reload(ds, next);
	if (ds->opts->check_only) {
		/* -C: no VRRP to reload. */
	} else if (ds->vrrp != NULL) {
		/* Instance by instance, without a flap (vrrp_reload.c). */
		if (vrrp_daemon_reload(ds->vrrp, &next->vrrp) == -1) {
			log_error("Reload failed - keeping the running configuration");
			kconf_free(next);
			daemon_notify("READY=1\nSTATUS=Reload failed");
			return;
		}
	} else {
		vrrp = vrrp_daemon_start(loop, &next->vrrp);
		if (vrrp == NULL) {
			log_error("Reload failed - the new configuration could not be started");
			kconf_free(next);
			daemon_notify("READY=1\nSTATUS=Reload failed");
			return;
		}
		ds->vrrp = vrrp;
	}
	daemon_checker_bfd(ds, next);
	check_syncd_stop(ds->syncd);
	ds->syncd = NULL;
	kconf_free(ds->conf);
	ds->conf = next;
	ds->syncd = check_syncd_start(loop, ds->vrrp, ds->conf->check);
	daemon_metrics_apply(ds);
	daemon_globals_apply(ds);
	daemon_save_state(ds, "post");
	log_info("Reload complete");
	daemon_notify("READY=1\nSTATUS=Running");
}

/* Operational visibility: dumps, control socket, metrics ------------------------ */

/* A snapshot of the running daemon, for dumps, keepalivectl and /metrics. */
static int
daemon_hook_status(void *arg, struct vrrp_status *st)
{
	struct daemon_state *ds = arg;

	return vrrp_status_build(st, ds->vrrp, ds->conf != NULL ? ds->conf->router_id : NULL);
}

static int
daemon_hook_maintenance(void *arg, const char *name, bool on)
{
	struct daemon_state *ds = arg;

	return vrrp_daemon_maintenance(ds->vrrp, name, on);
}

/*
 * `keepalivectl reload`: the SIGHUP path itself. A reload that applies the
 * new configuration replaces ds->conf; one that fails keeps the old one.
 */
static int
daemon_hook_reload(void *arg)
{
	struct daemon_state *ds = arg;
	const struct kconf *before = ds->conf;

	daemon_on_reload(ds->loop, SIGHUP, ds);
	return ds->conf != before && ds->vrrp != NULL ? 0 : -1;
}

static const struct control_hooks *
daemon_hooks(struct daemon_state *ds)
{
	static struct control_hooks hooks;

	hooks.status = daemon_hook_status;
	hooks.maintenance = daemon_hook_maintenance;
	hooks.reload = daemon_hook_reload;
	hooks.arg = ds;
	return &hooks;
}

/* Follow metrics_listen: open, move or close the server as the configuration says. */
static void
daemon_metrics_apply(struct daemon_state *ds)
{
	const struct kconf *c = ds->conf;

	if (c != NULL && c->metrics_enabled &&
	    metrics_http_listens_on(ds->metrics, (const struct sockaddr *)&c->metrics_addr,
				    c->metrics_addrlen))
		return;
	metrics_http_close(ds->metrics);
	ds->metrics = NULL;
	if (c != NULL && c->metrics_enabled)
		ds->metrics = metrics_http_open(ds->loop, (const struct sockaddr *)&c->metrics_addr,
						c->metrics_addrlen, daemon_hooks(ds));
}

/* The control socket and the metrics server; neither failing stops VRRP. */
void
daemon_servers_start(struct daemon_state *ds)
{
	ds->control = control_open(ds->loop,
				   ds->opts->control_socket != NULL ?
					   ds->opts->control_socket :
					   process_run_control_path(&ds->process),
				   daemon_hooks(ds));
	if (ds->control == NULL)
		log_warnx("running without a control socket");
	daemon_metrics_apply(ds);
}

void
daemon_servers_stop(struct daemon_state *ds)
{
	control_close(ds->control);
	ds->control = NULL;
	metrics_http_close(ds->metrics);
	ds->metrics = NULL;
}

/* SIGUSR1 (keepalived.data), SIGUSR2 (keepalived.stats), JSON (keepalived.json). */
void
daemon_on_dump(struct ev_loop *loop, int signo, void *arg)
{
	struct daemon_state *ds = arg;
	struct vrrp_status st;
	enum dump_kind kind;
	const char *what;
	bool clear = false;

	if (signo == SIGUSR1) {
		kind = DUMP_DATA;
		what = "VRRP data";
	} else if (signo == SIGUSR2) {
		kind = DUMP_STATS;
		what = "VRRP stats";
	} else if (signo == cli_signum("JSON")) {
		kind = DUMP_JSON;
		what = "VRRP as json";
	} else {
		/* STATS_CLEAR: the stats file as SIGUSR2 writes it, then the counters zeroed. */
		kind = DUMP_STATS;
		what = "and clearing VRRP stats";
		clear = true;
	}
	if (signo == SIGUSR1)
		check_supervisor_signal(ds->checker, SIGUSR1);
	log_info("Printing %s for process(%d) on signal", what, (int)getpid());
	if (daemon_hook_status(ds, &st) == -1) {
		log_warn("%s: snapshot", __func__);
		return;
	}
	dump_status(&st, kind);
	vrrp_status_free(&st);
	if (clear)
		vrrp_daemon_stats_clear(ds->vrrp);
}
