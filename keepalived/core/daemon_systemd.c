/*
 * The daemon and systemd: the state changes it reports (READY, RELOADING,
 * STOPPING; a no-op when built --without-systemd or outside a Type=notify
 * service), and the watchdog keep-alives sent while the event loop is
 * healthy, with the test hook that stalls the loop on purpose.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "daemon_priv.h"
#include "lib/event.h"
#include "lib/log.h"
#include "lib/sd_notify.h"
#include "lib/wd_health.h"

/* Tell systemd about a state change; a no-op when built --without-systemd or
 * outside a Type=notify service. */
void
daemon_notify(const char *state)
{
#ifdef HAVE_SYSTEMD_NOTIFY
	sdnotify_send(state);
#else
	(void)state;
#endif
}

void
daemon_notify_reloading(void)
{
#ifdef HAVE_SYSTEMD_NOTIFY
	char state[64];

	/* systemd's notify-reload services want the time of the request. */
	snprintf(state, sizeof(state), "RELOADING=1\nMONOTONIC_USEC=%" PRIu64, ev_monotonic_us());
	sdnotify_send(state);
#endif
}

/*
 * systemd watchdog (WatchdogSec=): when systemd asks for keep-alives, send
 * WATCHDOG=1 from a timer of the event loop, and only while the loop is
 * healthy: its timers not late by half the interval or more
 * (lib/wd_health.h has the bounds). A loop that stops turning, or that
 * turns but holds its timers back, stops the keep-alives and systemd
 * restarts us. sdnotify_watchdog_usec() also checks WATCHDOG_PID, which names
 * the process systemd expects them from.
 */
#ifdef HAVE_SYSTEMD_NOTIFY
static struct ev_timer daemon_watchdog_timer;
static struct wd_health daemon_watchdog_health;

static void
daemon_watchdog_ping(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct wd_health *h = &daemon_watchdog_health;
	enum wd_verdict v = wd_health_decide(h, ev_loop_take_late_max(loop));

	(void)arg;
	if (v == WD_FIRST_WITHHOLD)
		log_warnx("systemd watchdog: event loop timers %" PRIu64
			  " ms late, keep-alives withheld until they are on time",
			  h->sick_worst_us / 1000);
	else if (v == WD_RECOVERED)
		log_info("systemd watchdog: event loop on time again (worst %" PRIu64
			 " ms late), keep-alives resumed",
			 h->sick_worst_us / 1000);
	if (wd_verdict_ping(v))
		sdnotify_send("WATCHDOG=1");
	ev_timer_start_in(loop, t, h->period_us);
}
#endif

/*
 * Test hook for the watchdog test (test/integration/systemd.sh): with
 * KEEPALIVED_TEST_LOOP_STALL=AFTER_MS,STALL_MS in the environment, the loop
 * blocks for STALL_MS at every turn from AFTER_MS after start on, as a
 * wedged callback would. Not for production; never set by the unit.
 */
static struct ev_timer daemon_stall_timer;
static struct timespec daemon_stall_ts;

static void
daemon_stall(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	(void)arg;
	nanosleep(&daemon_stall_ts, NULL);
	ev_timer_start_in(loop, t, 1000);
}

static void
daemon_stall_start(struct ev_loop *loop)
{
	const char *env = getenv("KEEPALIVED_TEST_LOOP_STALL");
	unsigned long after_ms, stall_ms;

	if (env == NULL || sscanf(env, "%lu,%lu", &after_ms, &stall_ms) != 2 || stall_ms == 0)
		return;
	log_warnx("test hook: the event loop stalls %lu ms per turn from %lu ms on", stall_ms,
		  after_ms);
	daemon_stall_ts.tv_sec = (time_t)(stall_ms / 1000);
	daemon_stall_ts.tv_nsec = (long)(stall_ms % 1000) * 1000000L;
	ev_timer_init(&daemon_stall_timer, daemon_stall, NULL);
	ev_timer_start_in(loop, &daemon_stall_timer, (uint64_t)after_ms * 1000);
}

void
daemon_watchdog_start(struct ev_loop *loop)
{
	daemon_stall_start(loop);
#ifdef HAVE_SYSTEMD_NOTIFY
	uint64_t interval_us = 0;

	if (sdnotify_watchdog_usec(&interval_us) <= 0)
		return;
	wd_health_init(&daemon_watchdog_health, interval_us);
	log_info("systemd watchdog: keep-alive every %" PRIu64 " ms while no timer is %" PRIu64
		 " ms late",
		 daemon_watchdog_health.period_us / 1000,
		 daemon_watchdog_health.late_bound_us / 1000);
	ev_timer_init(&daemon_watchdog_timer, daemon_watchdog_ping, NULL);
	ev_loop_take_late_max(loop);
	daemon_watchdog_ping(loop, &daemon_watchdog_timer, NULL);
#endif
}
