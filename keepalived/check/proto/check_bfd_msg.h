/*
 * The BFD session states the main process passes to the checker process
 * (keepalived/check/core/check_bfd_feed.c sends, check_daemon_bfd.c
 * receives), and the checker's table of them. One message is one datagram
 * of a SOCK_SEQPACKET socketpair made when the checker is forked:
 *
 *   0  'B'  magic
 *   1  1    version
 *   2  type (CHECK_BFD_MSG_*)
 *   3  state (CHECK_BFD_DOWN_*, CHECK_BFD_UP; 0 for BEGIN and END)
 *   4  name length, 16 bits, big endian (0 for BEGIN and END)
 *   6  name, without its NUL
 *
 * The whole state is BEGIN, one STATE per session, END: sessions not named
 * between them are gone. A STATE outside BEGIN..END is a change. Pure
 * code: no I/O, so that both ends are tested without processes.
 */
#ifndef CHECK_BFD_MSG_H
#define CHECK_BFD_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECK_BFD_MSG_MAGIC 'B'
#define CHECK_BFD_MSG_VERSION 1
#define CHECK_BFD_MSG_HDR 6
#define CHECK_BFD_NAME_MAX 64 /* with the NUL: a bfd_instance name (VRRP_NAME_MAX) */
#define CHECK_BFD_MSG_MAX (CHECK_BFD_MSG_HDR + CHECK_BFD_NAME_MAX - 1)

enum check_bfd_msg_type {
	CHECK_BFD_MSG_STATE = 1,
	CHECK_BFD_MSG_BEGIN = 2,
	CHECK_BFD_MSG_END = 3,
};

/*
 * A session that is not Up is told apart by its history: keepalived's BFD
 * process tells the checker only of Up and of a fall from Up, so a
 * BFD_CHECK that has heard nothing keeps its starting state (up, or down
 * under alpha) while its session has never been Up.
 */
enum check_bfd_state {
	CHECK_BFD_DOWN_INITIAL = 0, /* not Up, and not Up since the session started */
	CHECK_BFD_UP = 1,
	CHECK_BFD_DOWN = 2, /* fell from Up */
};

struct check_bfd_msg {
	enum check_bfd_msg_type type;
	enum check_bfd_state state;
	char name[CHECK_BFD_NAME_MAX];
};

/* Why a received message was dropped; each has a counter. */
enum check_bfd_msg_err {
	CHECK_BFD_MSG_OK = 0,
	CHECK_BFD_MSG_SHORT,    /* shorter than the header */
	CHECK_BFD_MSG_BAD_HDR,  /* magic or version */
	CHECK_BFD_MSG_BAD_TYPE, /* unknown type, or a state out of range */
	CHECK_BFD_MSG_BAD_LEN,  /* the name length does not match the datagram */
	CHECK_BFD_MSG_BAD_NAME, /* empty, too long, or with a NUL */
	CHECK_BFD_MSG_SEQUENCE, /* END without BEGIN */
	CHECK_BFD_MSG_ERR_COUNT_,
};

const char *check_bfd_msg_err_name(enum check_bfd_msg_err e);
const char *check_bfd_state_name(enum check_bfd_state s);

/*
 * Encode m into buf (at least CHECK_BFD_MSG_MAX bytes). Returns the
 * length, or 0 for a message that cannot be sent (a name too long).
 */
size_t check_bfd_msg_encode(const struct check_bfd_msg *m, uint8_t *buf, size_t size);
/* Decode one datagram; m is filled only on CHECK_BFD_MSG_OK. */
enum check_bfd_msg_err check_bfd_msg_decode(const uint8_t *buf, size_t len,
					    struct check_bfd_msg *m);

/* The checker's table --------------------------------------------------------------------- */

struct check_bfd_entry {
	char name[CHECK_BFD_NAME_MAX];
	enum check_bfd_state state;
};

struct check_bfd_states {
	struct check_bfd_entry *v; /* the sessions known */
	size_t n;
	struct check_bfd_entry *next; /* a full state being received */
	size_t nnext;
	bool in_full;
};

/* A session's state changed (or was told for the first time). */
typedef void (*check_bfd_changed_fn)(void *arg, const char *name, enum check_bfd_state state);

/*
 * Take one decoded message: a change is reported at once, a full state at
 * its END (a session it no longer names is reported CHECK_BFD_DOWN if it
 * was Up, then forgotten). Returns CHECK_BFD_MSG_OK, CHECK_BFD_MSG_SEQUENCE
 * for an END without BEGIN (nothing changes), or -1 when out of memory.
 */
int check_bfd_states_take(struct check_bfd_states *st, const struct check_bfd_msg *m,
			  check_bfd_changed_fn changed, void *arg);
/* The state of name; false if no message named it. */
bool check_bfd_states_get(const struct check_bfd_states *st, const char *name,
			  enum check_bfd_state *state);
void check_bfd_states_free(struct check_bfd_states *st);

#endif
