/*
 * Late-advert warning, after heartbeat's warntime: a Backup notices when the
 * Master's adverts come later than they should, an early sign of a dying
 * master or a congested link, before any failover. Pure: fed the receive
 * time the event loop already has (ev_now() of the iteration that read the
 * advert), no system call, no allocation.
 *
 * An advert is late when the gap since the previous advert from the same
 * master exceeds
 *
 *     advert interval + PERCENT % of (Master_Down_Interval - advert interval)
 *
 * PERCENT from late_advert_warn (vrrp_instance) or vrrp_late_advert_warn
 * (global_defs), default 50, 0 turns it off. With advert_int 1 and priority
 * 100 (Master_Down_Interval 3.61 s) the default warns past 2.3 s. The first
 * late advert opens an episode and is the only one reported (logged); an
 * episode ends after VRRP_LATE_ON_TIME_END adverts in a row on time. Every
 * late advert is counted. Only adverts a Backup hears from the master it
 * follows are measured: the baseline restarts when the master changes, when
 * the instance leaves Backup and on priority 0 (vrrp_late_reset()).
 * The receive time is the loop's: a Backup whose own loop was held (a
 * SIGSTOP, a blocked callback) sees the first advert queued meanwhile as
 * late; the systemd watchdog (lib/wd_health.h) tells those cases apart.
 */
#ifndef VRRP_LATE_H
#define VRRP_LATE_H

#include <stdbool.h>
#include <stdint.h>

#define VRRP_LATE_PERCENT_DEFAULT VRRP_LATE_ADVERT_WARN_DEFAULT
#define VRRP_LATE_ON_TIME_END 3

/* 24 bytes: every instance has one (issue 14); the counters are 32-bit as VRRP-MIB's. */
struct vrrp_late {
	uint64_t last_rx_us;  /* previous advert measured; valid when have_last */
	uint32_t late_total;  /* late adverts */
	uint32_t episodes;    /* episodes opened */
	uint32_t last_gap_us; /* gap of the last late advert, for the log line (saturates) */
	uint8_t on_time_run;  /* on-time adverts in a row, inside an episode */
	bool have_last;
	bool in_episode;
};

enum vrrp_late_verdict {
	VRRP_LATE_NONE = 0, /* on time, or not measured */
	VRRP_LATE_LATE,     /* late, inside an open episode: counted, not reported */
	VRRP_LATE_REPORT,   /* late, opens an episode: counted and reported */
	VRRP_LATE_ENDED,    /* on time, and the episode is over */
};

/* The gap past which an advert is late; 0 when percent is 0 (off). */
uint64_t vrrp_late_threshold_us(uint64_t adver_int_us, uint64_t master_down_us, unsigned percent);

/* One advert from the followed master, received at now_us. */
enum vrrp_late_verdict vrrp_late_advert(struct vrrp_late *l, uint64_t now_us,
					uint64_t threshold_us);

/* Forget the baseline (and any open episode); the counters stay. */
void vrrp_late_reset(struct vrrp_late *l);

#endif
