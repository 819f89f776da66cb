/*
 * The checker process (keepalived/check/core/check_supervise.h), seen from
 * the main process: forked when the configuration has virtual servers,
 * signalled at each reload, given the time it has to stop, and pointed at
 * the bfd_instance sessions its BFD_CHECKs follow (VRRP's, or with -C the
 * ones run here alone).
 */
#include "config.h"

#include <signal.h>

#include "cli.h"
#include "conf.h"
#include "daemon_priv.h"
#include "process_opts.h"
#include "keepalived/check/core/check_supervise.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/run/bfd_run.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_track.h"

/* child_wait_time: how long the checker has to stop, at start and each reload. */
static void
daemon_checker_wait(struct daemon_state *ds, const struct kconf *conf)
{
	check_supervisor_set_stop_wait(ds->checker, conf->process.child_wait_set ?
							    conf->process.child_wait_time :
							    PROCESS_CHILD_WAIT);
}

/* Fork the checker when the configuration has virtual servers, unless -P. */
void
daemon_checker_start(struct daemon_state *ds, const struct kconf *conf)
{
	if (ds->opts->vrrp_only || ds->checker != NULL || !check_supervisor_wanted(conf))
		return;
	ds->check_opts = (struct check_daemon_opts){
		.conf_path = ds->conf_path,
		.cfg = ds->cfg_opts,
		.pid_path = ds->checkers_pid_path,
		.dont_release_ipvs = ds->opts->dont_release_ipvs,
		.dump_conf = ds->opts->dump_conf,
		.address_monitoring = ds->opts->address_monitoring,
		.fifo_script = ds->opts->check_only,
	};
	ds->checker = check_supervisor_start(ds->loop, &ds->check_opts, ds->opts->check_only);
	check_supervisor_set_dont_respawn(ds->checker, ds->opts->dont_respawn); /* -R */
	daemon_checker_wait(ds, conf);
}

/* Reload: the checker reads the file itself; one is started if it is new. */
void
daemon_checker_reload(struct daemon_state *ds, const struct kconf *next)
{
	if (ds->checker != NULL) {
		check_supervisor_signal(ds->checker, SIGHUP);
		daemon_checker_wait(ds, next);
	} else {
		daemon_checker_start(ds, next);
	}
}

/*
 * BFD_CHECK: the checker follows the bfd_instance sessions of this process,
 * at start and after each reload (check_supervise.h). Without -C they are
 * VRRP's; with -C, as keepalived still runs its BFD process, they run here
 * alone. conf: the configuration now in use, which the sessions point into.
 */
void
daemon_checker_bfd(struct daemon_state *ds, const struct kconf *conf)
{
	const struct bfd_conf *bc = conf->vrrp.bfd;

	if (ds->opts->check_only) {
		if (ds->bfd_only != NULL)
			bfd_run_reconf(ds->bfd_only, &conf->vrrp);
		else if (bfd_conf_runs(bc)) {
			ds->bfd_only = bfd_run_new(ds->loop, &conf->vrrp, NULL, NULL);
			if (ds->bfd_only != NULL) /* at start: the process is BFD's */
				process_run_bfd(&ds->process, &conf->process, true);
		}
		check_supervisor_bfd_follow(ds->checker, ds->bfd_only);
		return;
	}
	check_supervisor_bfd_follow(ds->checker, vrrp_tracking_bfd(vrrp_daemon_tracking(ds->vrrp)));
}
