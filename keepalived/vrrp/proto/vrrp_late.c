/*
 * Late-advert detection (vrrp_late.h says what is late and what an episode is).
 */
#include "keepalived/vrrp/proto/vrrp_late.h"

uint64_t
vrrp_late_threshold_us(uint64_t adver_int_us, uint64_t master_down_us, unsigned percent)
{
	uint64_t span;

	if (percent == 0)
		return 0;
	if (percent > 100)
		percent = 100;
	span = master_down_us > adver_int_us ? master_down_us - adver_int_us : 0;
	return adver_int_us + span / 100 * percent + span % 100 * percent / 100;
}

enum vrrp_late_verdict
vrrp_late_advert(struct vrrp_late *l, uint64_t now_us, uint64_t threshold_us)
{
	uint64_t gap;
	bool had_last = l->have_last;

	gap = had_last && now_us > l->last_rx_us ? now_us - l->last_rx_us : 0;
	l->last_rx_us = now_us;
	l->have_last = true;
	if (!had_last || threshold_us == 0)
		return VRRP_LATE_NONE;
	if (gap > threshold_us) {
		l->late_total++;
		l->last_gap_us = gap > UINT32_MAX ? UINT32_MAX : (uint32_t)gap;
		l->on_time_run = 0;
		if (l->in_episode)
			return VRRP_LATE_LATE;
		l->in_episode = true;
		l->episodes++;
		return VRRP_LATE_REPORT;
	}
	if (!l->in_episode)
		return VRRP_LATE_NONE;
	if (++l->on_time_run < VRRP_LATE_ON_TIME_END)
		return VRRP_LATE_NONE;
	l->in_episode = false;
	l->on_time_run = 0;
	return VRRP_LATE_ENDED;
}

void
vrrp_late_reset(struct vrrp_late *l)
{
	l->have_last = false;
	l->in_episode = false;
	l->on_time_run = 0;
}
