/*
 * The systemd watchdog's health decision (wd_health.h says what it decides
 * and why those bounds).
 */
#include "lib/wd_health.h"

#include <string.h>

void
wd_health_init(struct wd_health *h, uint64_t interval_us)
{
	memset(h, 0, sizeof(*h));
	h->interval_us = interval_us;
	h->period_us = interval_us / 4 > 0 ? interval_us / 4 : 1;
	h->late_bound_us = interval_us / 2 > 0 ? interval_us / 2 : 1;
}

enum wd_verdict
wd_health_decide(struct wd_health *h, uint64_t late_max_us)
{
	if (late_max_us >= h->late_bound_us) {
		bool first = !h->sick;

		h->withheld++;
		if (first || late_max_us > h->sick_worst_us)
			h->sick_worst_us = late_max_us;
		h->sick = true;
		return first ? WD_FIRST_WITHHOLD : WD_WITHHOLD;
	}
	if (h->sick) {
		h->sick = false;
		return WD_RECOVERED;
	}
	return WD_PING;
}
