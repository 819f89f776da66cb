/*
 * The systemd watchdog's health decision (WatchdogSec=, sd_notify's
 * WATCHDOG=1), pure: the daemon feeds it the event loop's worst timer
 * lateness since the last decision (ev_loop_take_late_max()) and sends
 * WATCHDOG=1 only when it says so.
 *
 * With W the watchdog interval systemd gives (WATCHDOG_USEC):
 *  - the keep-alive timer runs every W/4, so two keep-alives are still
 *    sent within W after one that was withheld;
 *  - a keep-alive is withheld when a timer of the loop, the keep-alive's
 *    own included, ran W/2 or more past its deadline since the previous
 *    decision. The keep-alive timer's own lateness is how long the loop last
 *    went without turning; another timer's is how long a callback held it.
 *
 * So a loop that stops turning for W is restarted by systemd (no timer
 * fires at all), and so is one that keeps turning but holds its timers
 * back by W/2 or more for W (a callback that blocks, a busy loop). A single
 * stall of S delays the keep-alive timer by at least S - W/4: one of 3W/4
 * or more withholds a keep-alive whatever else is due (and W has nearly
 * passed anyway); a shorter one withholds one only when another timer fell
 * due during it, and then the next keep-alive follows W/4 later, so the gap
 * stays below W and systemd does not restart us for it.
 */
#ifndef LIB_WD_HEALTH_H
#define LIB_WD_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

struct wd_health {
	uint64_t interval_us;   /* W, as systemd gave it */
	uint64_t period_us;     /* keep-alive timer: W/4 (at least 1) */
	uint64_t late_bound_us; /* withheld at this lateness or more: W/2 (at least 1) */
	bool sick;              /* the last decision withheld the keep-alive */
	uint64_t sick_worst_us; /* worst lateness seen in the current sick stretch */
	uint64_t withheld;      /* keep-alives withheld since start */
};

enum wd_verdict {
	WD_PING = 0,       /* healthy: send WATCHDOG=1 */
	WD_WITHHOLD,       /* late: send nothing */
	WD_RECOVERED,      /* healthy again after WD_WITHHOLD: send, and say so once */
	WD_FIRST_WITHHOLD, /* late after being healthy: send nothing, and say so once */
};

void wd_health_init(struct wd_health *h, uint64_t interval_us);
/* One decision, from the worst timer lateness since the previous one. */
enum wd_verdict wd_health_decide(struct wd_health *h, uint64_t late_max_us);
static inline bool
wd_verdict_ping(enum wd_verdict v)
{
	return v == WD_PING || v == WD_RECOVERED;
}

#endif
