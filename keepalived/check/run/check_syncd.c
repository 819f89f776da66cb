/*
 * The IPVS sync daemon following a VRRP instance (check_syncd.h).
 *
 * The instance's state is polled every 100 ms rather than hooked: the
 * sync daemon only carries connection state to the standby director, so a
 * tenth of a second after a transition is soon enough, and the VRRP code
 * stays unaware of IPVS.
 */
#include "config.h"

#include "keepalived/check/run/check_syncd.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/kernel/ipvs_nl.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/proto/vrrp_fsm.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "lib/conf_reader.h"
#include "lib/event.h"
#include "lib/log.h"

#define CHECK_SYNCD_POLL_US (100 * 1000ULL)

struct check_syncd {
	struct ev_loop *loop;
	struct vrrp_daemon *vrrp;
	const struct check_conf *conf;
	struct ipvs_nl *nl;
	struct ev_timer poll;
	int running; /* IP_VS_STATE_MASTER, _BACKUP, or 0 */
};

static const char *
state_name(int state)
{
	return state == IP_VS_STATE_MASTER ? "master" : "backup";
}

/* Run the daemon of state (and only it). */
static void
syncd_become(struct check_syncd *s, int state, unsigned vrid)
{
	unsigned id = s->conf->sync_id ? s->conf->sync_id - 1 : vrid;

	if (s->running == state)
		return;
	if (s->running != 0 && ipvs_nl_sync_stop(s->nl, s->running) == -1 && errno != ESRCH)
		log_warn("IPVS: stopping the %s sync daemon", state_name(s->running));
	s->running = 0;
	if (ipvs_nl_sync_start(s->nl, state, s->conf->sync_iface, id) == -1) {
		log_warn("IPVS: starting the %s sync daemon on %s", state_name(state),
			 s->conf->sync_iface);
		return;
	}
	log_info("Starting IPVS %s sync daemon on %s, syncid %u", state_name(state),
		 s->conf->sync_iface, id);
	s->running = state;
}

static void
on_poll(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct check_syncd *s = arg;
	size_t n = vrrp_daemon_ninstances(s->vrrp);

	for (size_t i = 0; i < n; i++) {
		const struct vrrp_inst *inst = vrrp_daemon_instance(s->vrrp, i);

		if (strcmp(inst->conf->name, s->conf->sync_instance) != 0)
			continue;
		syncd_become(s,
			     inst->fsm.state == VRRP_STATE_MASTER ? IP_VS_STATE_MASTER :
								    IP_VS_STATE_BACKUP,
			     inst->conf->vrid);
		break;
	}
	ev_timer_start_in(loop, &s->poll, CHECK_SYNCD_POLL_US);
}

struct check_syncd *
check_syncd_start(struct ev_loop *loop, struct vrrp_daemon *vrrp, const struct check_conf *conf)
{
	struct check_syncd *s;

	if (vrrp == NULL || conf == NULL || !conf->sync_given)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->loop = loop;
	s->vrrp = vrrp;
	s->conf = conf;
	s->nl = ipvs_nl_open();
	if (s->nl == NULL) {
		free(s);
		return NULL;
	}
	ev_timer_init(&s->poll, on_poll, s);
	ev_timer_start_in(loop, &s->poll, 0);
	return s;
}

void
check_syncd_stop(struct check_syncd *s)
{
	if (s == NULL)
		return;
	ev_timer_stop(s->loop, &s->poll);
	if (s->running != 0) {
		ipvs_nl_sync_stop(s->nl, s->running);
		log_info("Stopping IPVS %s sync daemon", state_name(s->running));
	}
	ipvs_nl_close(s->nl);
	free(s);
}
