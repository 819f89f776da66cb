/*
 * The main process's side of the checker: fork the checker process, pass
 * it reloads, dumps and the stop, and start it again when it dies. The
 * checker runs in its own process so that a crash or a hang in checking
 * never stops VRRP: the main process only reaps and restarts it.
 */
#ifndef CHECK_SUPERVISE_H
#define CHECK_SUPERVISE_H

#include <stdbool.h>

#include "keepalived/check/core/check_daemon.h"

struct ev_loop;
struct check_supervisor;

/*
 * Fork the checker with opts (kept by reference: they must outlive the
 * supervisor). With checker_only (-C), a checker that exits with a
 * permanent error (a configuration or IPVS it cannot use) ends the main
 * loop, as keepalived terminates; otherwise VRRP goes on without it.
 * Returns NULL if the first fork failed (logged).
 */
struct check_supervisor *check_supervisor_start(struct ev_loop *loop,
						const struct check_daemon_opts *opts,
						bool checker_only);
/*
 * -R (--dont-respawn): a checker that dies is not started again; the whole
 * daemon stops instead (SIGTERM to itself), as keepalived does.
 */
void check_supervisor_set_dont_respawn(struct check_supervisor *s, bool on);
/* child_wait_time: how long check_supervisor_stop() waits (default 5 s). */
void check_supervisor_set_stop_wait(struct check_supervisor *s, unsigned seconds);
/* Pass SIGHUP (reload) or SIGUSR1 (dump) to the checker. */
void check_supervisor_signal(struct check_supervisor *s, int signo);
/*
 * Stop: SIGTERM, then wait for it (it removes its IPVS services) at most
 * child_wait_time seconds before SIGKILL. Frees s. NULL is fine.
 */
void check_supervisor_stop(struct check_supervisor *s);

/*
 * BFD_CHECK: pass the states of b's sessions (NULL: none) to the checker,
 * whole now and after each start of it, and each change as it happens
 * (check_bfd_feed.h). Call again after each reload.
 */
struct bfd_run;
void check_supervisor_bfd_follow(struct check_supervisor *s, struct bfd_run *b);

/* Whether the configuration asks for a checker (any virtual_server). */
struct kconf;
bool check_supervisor_wanted(const struct kconf *conf);

#endif
