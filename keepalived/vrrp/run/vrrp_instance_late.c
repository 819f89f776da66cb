/*
 * late_advert_warn: a Backup times the adverts of the master it follows
 * (vrrp_late.h decides; this file feeds it the receive time the event loop
 * already has, keeps the counters and writes the log lines). Nothing here
 * makes a system call; the log lines come once per episode.
 */
#include "keepalived/vrrp/run/vrrp_instance.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/log.h"

static const char *
vrrp_inst_late_addr(const struct vrrp_inst *inst, const union vrrp_addr *a, char *buf, size_t len)
{
	if (inet_ntop(inst->conf->family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

void
vrrp_inst_late_check(struct vrrp_inst *inst, const struct vrrp_fsm_advert *fadv,
		     enum vrrp_state before, bool accepted)
{
	struct vrrp_late *l = &inst->late;
	uint64_t int_us, threshold;
	char addr[INET6_ADDRSTRLEN];
	enum vrrp_late_verdict v;

	if (before != VRRP_STATE_BACKUP || inst->fsm.state != VRRP_STATE_BACKUP || !accepted ||
	    fadv->priority == VRRP_PRIO_STOP || inst->conf->late_advert_warn == 0) {
		vrrp_late_reset(l);
		return;
	}
	if (l->have_last && memcmp(&inst->late_src, &fadv->src, sizeof(fadv->src)) != 0)
		vrrp_late_reset(l);
	inst->late_src = fadv->src;
	/* The interval the master advertises (v2: whole seconds, in centiseconds). */
	int_us = (uint64_t)(fadv->adver_int_cs != 0 ? fadv->adver_int_cs :
						      inst->conf->adver_int_cs) *
		 10000u;
	threshold = vrrp_late_threshold_us(int_us, inst->fsm.master_down_us,
					   inst->conf->late_advert_warn);
	v = vrrp_late_advert(l, ev_now(inst->env->loop), threshold);
	if (v == VRRP_LATE_REPORT)
		log_warnx("(%s) advert from master %s late: %" PRIu64 " ms after the previous one,"
			  " warning past %" PRIu64 " ms (Master_Down_Interval %" PRIu64 " ms)",
			  inst->conf->name,
			  vrrp_inst_late_addr(inst, &fadv->src, addr, sizeof(addr)),
			  (uint64_t)l->last_gap_us / 1000, threshold / 1000,
			  inst->fsm.master_down_us / 1000);
	else if (v == VRRP_LATE_ENDED)
		log_info("(%s) adverts from master %s on time again (%u in a row)",
			 inst->conf->name,
			 vrrp_inst_late_addr(inst, &fadv->src, addr, sizeof(addr)),
			 VRRP_LATE_ON_TIME_END);
}
