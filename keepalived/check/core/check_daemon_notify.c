/*
 * The checker's notify scripts: notify_up/notify_down and quorum_up/
 * quorum_down on changes, rs_init_notifies at start, omega at stop. Also
 * the state machine's observer, which runs them with the FIFO lines and
 * asks for an IPVS sync.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "keepalived/check/core/check_daemon_priv.h"
#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/run/vrrp_notify.h"
#include "lib/log.h"

/* Scripts ----------------------------------------------------------------- */

/*
 * notify_up and the like, run as keepalived runs scripts: split like a
 * vrrp_script line, checked and run as script_user under the script
 * security rules (vrrp_exec.h), killed after the timeout.
 */
static void script_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno);

static void
script_start(struct check_daemon *cd, const char *line, bool waited)
{
	struct vrrp_cmd cmd = { 0 };
	struct vrrp_exec x;
	const char *err = NULL;

	if (line[0] == '\0')
		return;
	if (vrrp_cmd_parse(line, &cmd, &err) == -1) {
		log_warnx("notify script '%s': %s", line, err != NULL ? err : "unusable");
		return;
	}
	if (vrrp_exec_prepare(&x, &cmd, &cd->run.exec_defaults, "notify script", cmd.argv[0]) ==
	    0) {
		if (vrrp_exec_start(cd->loop, &x, NULL, 0, CHECK_SCRIPT_TIMEOUT_US,
				    waited ? script_done : NULL, cd, NULL) == -1)
			log_warn("Unable to run notify script %s", cmd.argv[0]);
		else if (waited)
			cd->scripts_pending++;
	}
	vrrp_cmd_free(&cmd);
}

void
check_daemon_script_run(struct check_daemon *cd, const char *line)
{
	script_start(cd, line, false);
}

/* A script the stop waits for (omega) ended: the stop goes on after the last. */
static void
script_done(void *owner, pid_t pid, int status, bool timed_out, int exec_errno)
{
	struct check_daemon *cd = owner;

	(void)pid;
	(void)status;
	(void)timed_out;
	if (exec_errno != 0)
		log_warnx("Unable to run notify script: %s", strerror(exec_errno));
	if (cd->scripts_pending > 0 && --cd->scripts_pending == 0 && cd->stopping)
		ev_loop_break(cd->loop);
}

void
check_daemon_fifo_line(struct check_daemon *cd, const struct check_vs_rt *vs,
		       const struct check_rs_rt *rs, bool up)
{
	char vsn[160], rsn[160], line[360];

	if (cd->fifos == NULL)
		return;
	check_vs_fmt(vsn, sizeof(vsn), vs->conf);
	if (rs != NULL)
		snprintf(line, sizeof(line), "RS %s %s %s\n",
			 check_rs_fmt(rsn, sizeof(rsn), vs->conf, rs->conf), vsn,
			 up ? "UP" : "DOWN");
	else
		snprintf(line, sizeof(line), "VS %s %s\n", vsn, up ? "UP" : "DOWN");
	vrrp_notifier_fifo_line(cd->fifos, line);
}

void
check_daemon_rs_changed(void *arg, enum check_rs_event ev, struct check_vs_rt *vs,
			struct check_rs_rt *rs)
{
	struct check_daemon *cd = arg;

	switch (ev) {
	case CHECK_EV_RS_UP:
		check_daemon_fifo_line(cd, vs, rs, true);
		check_daemon_script_run(cd, rs->conf->notify_up);
		break;
	case CHECK_EV_RS_DOWN:
		check_daemon_fifo_line(cd, vs, rs, false);
		check_daemon_script_run(cd, rs->conf->notify_down);
		break;
	case CHECK_EV_QUORUM_UP:
		check_daemon_fifo_line(cd, vs, NULL, true);
		check_daemon_script_run(cd, vs->conf->quorum_up);
		break;
	case CHECK_EV_QUORUM_DOWN:
		check_daemon_fifo_line(cd, vs, NULL, false);
		check_daemon_script_run(cd, vs->conf->quorum_down);
		break;
	case CHECK_EV_WEIGHT:
		break;
	}
	if (!ev_timer_active(&cd->sync_timer))
		ev_timer_start_in(cd->loop, &cd->sync_timer, 0);
}

/*
 * At start, per virtual server as keepalived 2.2.7: with rs_init_notifies,
 * notify_up (and the FIFO's RS ... UP) for each real server that starts
 * alive; then the FIFO's VS ... UP if it starts with quorum. (A reload's
 * servers have their states already.)
 */
void
check_daemon_init_notifies(struct check_daemon *cd)
{
	for (unsigned i = 0; i < cd->run.n_vs; i++) {
		struct check_vs_rt *vs = &cd->run.vs[i];

		for (unsigned j = 0; cd->run.conf->check->rs_init_notifies && j < vs->n_rs; j++)
			if (vs->rs[j].alive) {
				check_daemon_fifo_line(cd, vs, &vs->rs[j], true);
				check_daemon_script_run(cd, vs->rs[j].conf->notify_up);
			}
		if (vs->quorum_up)
			check_daemon_fifo_line(cd, vs, NULL, true);
	}
}

/*
 * omega: at stop, notify_down for each alive real server and quorum_down
 * for a virtual server with quorum, as if they all went down, with their
 * FIFO lines (RS ... DOWN, VS ... DOWN); the stop waits for these scripts
 * (at most CHECK_OMEGA_WAIT_US). Returns whether any was started.
 */
bool
check_daemon_omega_notifies(struct check_daemon *cd)
{
	for (unsigned i = 0; i < cd->run.n_vs; i++) {
		struct check_vs_rt *vs = &cd->run.vs[i];

		if (!vs->conf->omega)
			continue;
		for (unsigned j = 0; j < vs->n_rs; j++)
			if (vs->rs[j].alive) {
				check_daemon_fifo_line(cd, vs, &vs->rs[j], false);
				script_start(cd, vs->rs[j].conf->notify_down, true);
			}
		if (vs->quorum_up) {
			check_daemon_fifo_line(cd, vs, NULL, false);
			script_start(cd, vs->conf->quorum_down, true);
		}
	}
	return cd->scripts_pending > 0;
}
