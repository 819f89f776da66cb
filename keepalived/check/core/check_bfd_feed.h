/*
 * The main process's side of BFD_CHECK: the bfd_instance sessions run in
 * the main process (keepalived/vrrp/run/bfd_run.c), the checker in a child
 * process; their states go to it over a SOCK_SEQPACKET socketpair made at
 * each fork (messages: keepalived/check/proto/check_bfd_msg.h). The whole
 * state is sent after each start of the checker and after each reload, a
 * change as it happens. Sending never blocks: a full socket buffer (a
 * checker that is not reading) makes the feed send the whole state again
 * a little later, counted, rather than wait.
 */
#ifndef CHECK_BFD_FEED_H
#define CHECK_BFD_FEED_H

#include <stdbool.h>
#include <stdint.h>

struct ev_loop;
struct bfd_run;
struct check_bfd_feed;

struct check_bfd_feed_stats {
	uint64_t sent;      /* messages */
	uint64_t full;      /* whole states sent */
	uint64_t deferred;  /* sends that found the buffer full: a whole state follows */
	uint64_t send_errs; /* other send errors (a checker gone) */
};

struct check_bfd_feed *check_bfd_feed_new(struct ev_loop *loop);
void check_bfd_feed_free(struct check_bfd_feed *f);

/*
 * Before a fork: a new socketpair (the previous one closed). Returns the
 * child's end (to be kept by the child, closed by the parent through
 * check_bfd_feed_forked()), or -1 (logged: the checker then runs without
 * BFD states).
 */
int check_bfd_feed_open(struct check_bfd_feed *f);
/* In the parent after the fork (ok: it worked): close the child's end, send the whole state. */
void check_bfd_feed_forked(struct check_bfd_feed *f, bool ok);
/* The checker is gone: its end is closed, nothing is sent until the next fork. */
void check_bfd_feed_closed(struct check_bfd_feed *f);

/*
 * Follow b (NULL: no session runs) from now on: its states replace the
 * feed's and are sent whole. Called at start and after each reload, for
 * the VRRP side's sessions or, with -C, the main process's own.
 */
void check_bfd_feed_follow(struct check_bfd_feed *f, struct bfd_run *b);

const struct check_bfd_feed_stats *check_bfd_feed_stats(const struct check_bfd_feed *f);

#endif
