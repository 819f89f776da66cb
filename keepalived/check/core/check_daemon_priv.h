/*
 * The checker process's state, shared by check_daemon.c (the loop, reload,
 * stop), check_daemon_run.c (a configuration's run: its tasks),
 * check_daemon_notify.c (notify scripts) and their siblings. Private to
 * keepalived/check/core.
 */
#ifndef CHECK_DAEMON_PRIV_H
#define CHECK_DAEMON_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "keepalived/check/core/check_daemon.h"
#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/check/proto/check_nft_marks.h"
#include "keepalived/check/proto/check_rs.h"
#include "keepalived/check/run/check_probe.h"
#include "keepalived/check/status/check_status.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"

struct kconf;
struct vrrp_notifier;
struct vrrp_nl;
struct check_nft;
struct check_conf;

/* Notify scripts run at most this long, as keepalived's default script timeout. */
#define CHECK_SCRIPT_TIMEOUT_US (30 * 1000000ULL)
/* omega's scripts at stop: waited for at most this long (the main process waits 5 s). */
#define CHECK_OMEGA_WAIT_US (3 * 1000000ULL)

struct check_daemon;

struct check_task {
	struct check_daemon *cd;
	struct check_vs_rt *vs;
	struct check_rs_rt *rs;
	unsigned ci;
	struct ev_timer timer;
	struct check_probe *probe; /* the attempt running, or NULL */
	bool suspended;            /* ha_suspend and the address is not here */
	unsigned url_next;         /* HTTP/SSL recovering without fast_recovery: the url to check */
	struct check_target target;
	char vs_text[160];
};

/* One configuration's run-time state. */
struct check_run {
	struct kconf *conf;
	struct check_vs_rt *vs;
	unsigned n_vs;
	struct check_task *tasks;
	unsigned n_tasks;
	struct vrrp_exec_defaults exec_defaults; /* script_user, enable_script_security */
};

struct check_daemon {
	const struct check_daemon_opts *opts;
	struct ev_loop *loop;
	struct check_run run;
	struct ipvs_nl *nl;
	struct check_nl_addr *addr_mon; /* -a; NULL: not asked or not opened */
	struct check_ipvs_ops ops;
	struct check_ipvs_table managed; /* what was applied last */
	struct ev_timer sync_timer;
	struct ev_timer status_timer; /* publishes the counters at most once a second */
	struct ev_timer stop_timer;   /* omega's scripts waited for at most so long */
	struct vrrp_notifier *fifos;  /* notify_fifo, lvs_notify_fifo (opened at start) */
	struct vrrp_nl *rtnl;         /* rtnetlink, for ha_suspend (check_daemon_nl.c) */
	uint64_t nl_events;           /* ha_suspend checkers run at an address change */
	struct check_nft_marks marks; /* nftables_ipvs: fwmarks given, kept across reloads */
	struct check_nft *nft;        /* and its table (NULL: none made) */
	bool stopping;
	unsigned scripts_pending; /* omega's scripts running */
	char status_dir[PATH_MAX];
	/* BFD_CHECK: the session states from the main process (check_daemon_bfd.c). */
	struct check_bfd_states bfd;
	struct log_ratelimit bfd_rl;
	struct check_status_bfd bfd_stats; /* received, dropped by reason (status output) */
	uint64_t rng;
	int pid_fd;
	int exit_status;
};

/* check_daemon_notify.c ------------------------------------------------------ */

/* Run a notify script line (notify_up, quorum_down...); "" runs nothing. */
void check_daemon_script_run(struct check_daemon *cd, const char *line);
/*
 * At start: rs_init_notifies' notify_up for each real server that starts
 * alive, and the FIFO lines (RS ... UP, then VS ... UP with quorum).
 */
void check_daemon_init_notifies(struct check_daemon *cd);
/*
 * omega, at stop: notify_down for each alive real server, quorum_down where
 * quorum is held; the stop waits for them (cd->scripts_pending), breaking
 * the loop after the last. Returns whether any was started.
 */
bool check_daemon_omega_notifies(struct check_daemon *cd);
/*
 * The notify FIFOs' lines, keepalived's "VS [198.18.0.1]:tcp:80 UP" (quorum)
 * and "RS [198.18.1.10]:tcp:80 [198.18.0.1]:tcp:80 DOWN"; rs NULL: a VS line.
 */
void check_daemon_fifo_line(struct check_daemon *cd, const struct check_vs_rt *vs,
			    const struct check_rs_rt *rs, bool up);

/* The observer of the state machine (scripts, FIFOs, IPVS sync). */
void check_daemon_rs_changed(void *arg, enum check_rs_event ev, struct check_vs_rt *vs,
			     struct check_rs_rt *rs);

/* check_daemon_run.c ---------------------------------------------------------- */

/* The run-time state of conf (taken over by run); 0 or -1. */
int check_daemon_run_create(struct check_run *run, struct kconf *conf);
/* One task per checker, its timer started; BFD_CHECK has no timer. 0 or -1. */
int check_daemon_run_tasks_create(struct check_daemon *cd, struct check_run *run);
/* Take over from old the states of the virtual servers that stay. */
void check_daemon_run_take_over(struct check_daemon *cd, struct check_run *run,
				const struct check_run *old);
/* Its tasks stopped, their probes cancelled, and all it owns freed. */
void check_daemon_run_free(struct check_daemon *cd, struct check_run *run);
/* The SSL block if an SSL_GET is configured, else NULL (libssl is not loaded). */
const struct check_ssl_conf *check_daemon_ssl_conf_if_used(const struct kconf *conf);

/* check_daemon_bfd.c ---------------------------------------------------------- */

/* At start: watch the BFD state socket the supervisor passed (if any). */
void check_daemon_bfd_open(struct check_daemon *cd);
void check_daemon_bfd_close(struct check_daemon *cd);
/* After start and each reload: the states known so far, to the run's BFD_CHECKs. */
void check_daemon_bfd_apply(struct check_daemon *cd);
/* Does c's bfd_instance exist, with its events for the checker? */
bool check_daemon_bfd_usable(const struct kconf *conf, const struct check_probe_conf *c);

/* check_daemon_nl.c ----------------------------------------------------------- */

/*
 * At start and at each reload: open the rtnetlink monitor if a virtual
 * server has ha_suspend (kept open after), and apply lvs_netlink_*_rcv_bufs.
 */
void check_daemon_nl_apply(struct check_daemon *cd, const struct check_conf *c);
void check_daemon_nl_close(struct check_daemon *cd);

#endif
