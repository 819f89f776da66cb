/*
 * The real-server and virtual-server state machine of the checker, as
 * keepalived 2.2.7 runs it, with no I/O: it is fed the outcome of each
 * probe attempt with the time, and answers when to try next; it keeps each
 * real server's health and weight and each virtual server's quorum, and
 * from them builds the IPVS table the configuration wants now.
 *
 * Rules (keepalived 2.2.7, ipwrapper.c and check_api.c):
 * - A checker fails after retry + 1 failed attempts in a row, spaced by
 *   delay_before_retry; one success makes it up again. Between rounds it
 *   waits delay_loop. Under alpha it starts failed, else up.
 * - A real server is alive when none of its checkers is failed. Alive, it
 *   is in the table with its weight (a MISC_CHECK misc_dynamic or
 *   FILE_CHECK outcome may change that weight); dead, it is absent, or in
 *   with weight 0 under inhibit_on_failure.
 * - Quorum: the weights of the alive real servers are summed. With quorum
 *   up, it goes down when the sum is below quorum - hysteresis (or 0);
 *   with quorum down, it comes up when the sum reaches quorum + hysteresis.
 *   At start it is up when the sum reaches quorum + hysteresis.
 * - While quorum is down, a sorry server (if any) is in the table and the
 *   alive real servers are out of it (weight 0 under inhibit); while it is
 *   up, the sorry server is out (weight 0 under sorry_server_inhibit).
 * - ha_suspend: while the virtual server's address is not on this host,
 *   its checkers are not run and nothing changes.
 *
 * Every change is logged with keepalived's wording and reported to the
 * observer (notify scripts, status).
 */
#ifndef CHECK_RS_H
#define CHECK_RS_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/check/proto/check_outcome.h"
#include "keepalived/check/proto/check_rs_table.h"

#define CHECK_RS_REASON_MAX 200

struct check_checker_rt {
	const struct check_probe_conf *conf;
	bool up;
	bool has_run; /* an attempt has ended */
	/* A verdict was given (a success, or a failure after the retries):
	 * keepalived 2.2.7's has_run, which decides "failed after N retries". */
	bool judged;
	unsigned retry_it; /* failed attempts in a row, before the verdict */
	uint64_t attempts, failures;
};

/* Whether keepalived 2.2.7 counts this checker as having run (has_run):
 * "failed after N retries" and the first success line depend on it. */
bool check_rs_has_run(const struct check_checker_rt *ck);

struct check_rs_rt {
	const struct check_rs_conf *conf;
	bool alive;
	int weight; /* effective: the configured one, or a checker's */
	struct check_checker_rt *checkers;
	unsigned n_checkers;
	unsigned n_failed;                /* checkers failed */
	char reason[CHECK_RS_REASON_MAX]; /* of the last change */
	uint64_t changed_us;
	uint64_t n_up, n_down; /* transitions */
};

struct check_vs_rt {
	const struct check_vs_conf *conf;
	bool quorum_up;
	bool sorry_active; /* the sorry server is serving (quorum down) */
	bool suspended;    /* ha_suspend and the address is not local */
	struct check_rs_rt *rs;
	unsigned n_rs;
};

enum check_rs_event {
	CHECK_EV_RS_UP,
	CHECK_EV_RS_DOWN,
	CHECK_EV_QUORUM_UP,
	CHECK_EV_QUORUM_DOWN,
	CHECK_EV_WEIGHT,
};

/* Told of every change, after it is made; rs is NULL for the quorum ones. */
struct check_rs_observer {
	void (*changed)(void *arg, enum check_rs_event ev, struct check_vs_rt *vs,
			struct check_rs_rt *rs);
	void *arg;
};

/*
 * Set up vs from its configuration (allocates the real servers and their
 * checkers). Real servers start alive unless alpha; quorum is computed.
 * Logs "Starting with quorum down" when it is. Returns 0 or -1 (no memory).
 */
int check_vs_rt_init(struct check_vs_rt *vs, const struct check_vs_conf *conf);
void check_vs_rt_fini(struct check_vs_rt *vs);
/* A new virtual server's quorum as keepalived logs it at start ("Gained quorum ..."). */
void check_vs_log_start(const struct check_vs_rt *vs);

/*
 * Keep what old knew of the real servers that stay: a reload must not
 * bring back a failed server or drop a healthy one. Matching is by
 * address and port, then checkers by position and kind. Logs, as
 * keepalived does, a weight the reload changed and the real servers it
 * dropped.
 */
void check_vs_rt_take_over(struct check_vs_rt *vs, const struct check_vs_rt *old);
/* A reload dropped old: keepalived's "Removing Virtual Server" and its real servers' lines. */
void check_vs_log_removed(const struct check_vs_rt *old);

/* The lines keepalived logs when a checker goes down or comes up (NULL: o->reason, none). */
struct check_rs_lines {
	const char *down; /* "TCP_CHECK on service [...]:tcp:80 failed after 1 retries." */
	const char *up;   /* "Remote Web server [...]:tcp:80 succeed on service." */
};

/*
 * One attempt of checker ci of real server rs ended at now with o. Updates
 * states, logs (o->reason for each failed attempt while the checker is up,
 * then lines->down at the verdict; o->reason and lines->up when it comes
 * back), tells obs. Returns the delay until the next attempt.
 */
uint64_t check_rs_result(struct check_vs_rt *vs, struct check_rs_rt *rs, unsigned ci,
			 const struct check_outcome *o, const struct check_rs_lines *lines,
			 uint64_t now_us, const struct check_rs_observer *obs);

/*
 * BFD_CHECK (keepalived's check_bfd.c): the session named by checker ci of
 * rs is in state (check_bfd_msg.h). As keepalived, a checker that has heard
 * nothing keeps its starting state (up, or down under alpha) while its
 * session has never been Up; after that it follows Up and Down at once,
 * with no retry, logging "BFD check of [NAME] RS([...]:tcp:80) is UP"
 * (DOWN) before the real server's own line. Returns whether it changed.
 */
bool check_rs_bfd_state(struct check_vs_rt *vs, struct check_rs_rt *rs, unsigned ci,
			enum check_bfd_state state, uint64_t now_us,
			const struct check_rs_observer *obs);
/* check_rs_bfd_state() for every BFD_CHECK of name in vs[0..n_vs); the number changed. */
unsigned check_vs_bfd_state(struct check_vs_rt *vs, unsigned n_vs, const char *name,
			    enum check_bfd_state state, uint64_t now_us,
			    const struct check_rs_observer *obs);

/* The checker's delay_loop: its own, else its real server's. */
uint64_t check_rs_delay_loop(const struct check_rs_rt *rs, unsigned ci);
/*
 * The N of checker ci's "failed after N retries": the retries it makes (its
 * block's retry, else the real or virtual server's), once it counts as
 * having run (check_rs_has_run()); 0 says "failed." as keepalived 2.2.7.
 */
unsigned check_rs_retries_told(const struct check_rs_rt *rs, unsigned ci);

/* The delay before a checker's first attempt: random_us (0..warmup) drawn by the caller. */
uint64_t check_rs_first_delay(const struct check_rs_rt *rs, unsigned ci, uint64_t random_us);

/* The services and destinations vs wants in IPVS now, appended to t. 0 or -1. */
int check_vs_desired(const struct check_vs_rt *vs, const struct check_conf *conf,
		     struct check_ipvs_table *t);

/* Sum of the weights of the alive real servers. */
long check_vs_live_weight(const struct check_vs_rt *vs);

#endif
