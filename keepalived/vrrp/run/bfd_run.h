/*
 * The bfd_instance sessions at run time, in the VRRP process's event loop:
 * one send socket and one timer per session, one receive socket per family
 * shared by all (UDP 3784, RFC 5881), received packets matched to their
 * session by Your Discriminator, or by the source address while the peer
 * does not know ours yet. Every change of a session's state is logged as
 * keepalived 2.2.7 logs it and, for the instances the VRRP side gets
 * (bfd_conf_for_vrrp()), reported through the callback (Up or not Up).
 *
 * Each dropped packet is counted with its reason (enum bfd_drop).
 */
#ifndef BFD_RUN_H
#define BFD_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/event.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/proto/bfd_session.h"

struct bfd_run;

/* A session became Up (up) or left Up; name is the bfd_instance's. */
typedef void (*bfd_run_changed_fn)(void *arg, const char *name, bool up);

struct bfd_run_stats {
	uint64_t rx, tx, send_errors;
	uint64_t drops[BFD_DROP_COUNT_];
};

/*
 * Start every bfd_instance of conf (conf->bfd may be NULL: no session;
 * none either under -B, bfd_conf's not_run). Returns NULL on an error
 * (logged: a socket that cannot be opened).
 */
struct bfd_run *bfd_run_new(struct ev_loop *loop, const struct vrrp_conf *conf,
			    bfd_run_changed_fn changed, void *arg);
/*
 * A reload: the sessions of conf's instances, keeping those whose name,
 * neighbor, source and TTL are unchanged (running on, new intervals through
 * a Poll Sequence), starting the new ones, stopping the others. 0, or -1 if
 * a session could not be started (logged; the others run).
 */
int bfd_run_reconf(struct bfd_run *b, const struct vrrp_conf *conf);
/* Where state changes go from now on (changed NULL: nowhere). */
void bfd_run_set_listener(struct bfd_run *b, bfd_run_changed_fn changed, void *arg);
/*
 * The health checker's listener (keepalived/check/core/check_bfd_feed.h),
 * for the instances whose events go to the checker (bfd_conf_for_checker()):
 * told when a session comes Up or leaves it; been_up says whether it was
 * Up since it started. It stays across reloads, apart from the VRRP one.
 */
typedef void (*bfd_run_checker_fn)(void *arg, const char *name, bool up, bool been_up);
void bfd_run_set_checker_listener(struct bfd_run *b, bfd_run_checker_fn changed, void *arg);
/*
 * Session i as the checker sees it: false if its events do not go to the
 * checker (or i is out of range); else its name, whether it is Up and
 * whether it has been Up since it started.
 */
bool bfd_run_checker_state(const struct bfd_run *b, size_t i, const char **name, bool *up,
			   bool *been_up);
void bfd_run_free(struct bfd_run *b);
/*
 * Is the session of the bfd_instance name Up, as the VRRP side sees it?
 * false when there is none, and for one whose events go to the checker only.
 */
bool bfd_run_is_up(const struct bfd_run *b, const char *name);
/* Counters and sessions for status output. */
const struct bfd_run_stats *bfd_run_stats(const struct bfd_run *b);
size_t bfd_run_count(const struct bfd_run *b);
const struct bfd_session *bfd_run_session(const struct bfd_run *b, size_t i, const char **name);

#endif
