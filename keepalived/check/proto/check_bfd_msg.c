/*
 * The BFD state messages between the main process and the checker
 * (check_bfd_msg.h): their encoding, one check per line on receipt, and
 * the checker's table built from them.
 */
#include "keepalived/check/proto/check_bfd_msg.h"

#include <stdlib.h>
#include <string.h>

const char *
check_bfd_msg_err_name(enum check_bfd_msg_err e)
{
	static const char *const names[CHECK_BFD_MSG_ERR_COUNT_] = {
		[CHECK_BFD_MSG_OK] = "ok",
		[CHECK_BFD_MSG_SHORT] = "short",
		[CHECK_BFD_MSG_BAD_HDR] = "bad header",
		[CHECK_BFD_MSG_BAD_TYPE] = "bad type",
		[CHECK_BFD_MSG_BAD_LEN] = "bad length",
		[CHECK_BFD_MSG_BAD_NAME] = "bad name",
		[CHECK_BFD_MSG_SEQUENCE] = "out of sequence",
	};

	return (unsigned)e < CHECK_BFD_MSG_ERR_COUNT_ ? names[e] : "?";
}

const char *
check_bfd_state_name(enum check_bfd_state s)
{
	return s == CHECK_BFD_UP ? "Up" : s == CHECK_BFD_DOWN ? "Down" : "Down (never Up)";
}

size_t
check_bfd_msg_encode(const struct check_bfd_msg *m, uint8_t *buf, size_t size)
{
	size_t name_len = m->type == CHECK_BFD_MSG_STATE ? strnlen(m->name, sizeof(m->name)) : 0;

	if (name_len >= sizeof(m->name) || (m->type == CHECK_BFD_MSG_STATE && name_len == 0) ||
	    size < CHECK_BFD_MSG_HDR + name_len)
		return 0;
	buf[0] = CHECK_BFD_MSG_MAGIC;
	buf[1] = CHECK_BFD_MSG_VERSION;
	buf[2] = (uint8_t)m->type;
	buf[3] = m->type == CHECK_BFD_MSG_STATE ? (uint8_t)m->state : 0;
	buf[4] = (uint8_t)(name_len >> 8);
	buf[5] = (uint8_t)name_len;
	memcpy(buf + CHECK_BFD_MSG_HDR, m->name, name_len);
	return CHECK_BFD_MSG_HDR + name_len;
}

enum check_bfd_msg_err
check_bfd_msg_decode(const uint8_t *buf, size_t len, struct check_bfd_msg *m)
{
	size_t name_len;
	uint8_t type;

	/* The fixed header must be there before any field is read. */
	if (len < CHECK_BFD_MSG_HDR)
		return CHECK_BFD_MSG_SHORT;
	/* Another program, or another version of this one, on the other end. */
	if (buf[0] != CHECK_BFD_MSG_MAGIC || buf[1] != CHECK_BFD_MSG_VERSION)
		return CHECK_BFD_MSG_BAD_HDR;
	type = buf[2];
	if (type != CHECK_BFD_MSG_STATE && type != CHECK_BFD_MSG_BEGIN && type != CHECK_BFD_MSG_END)
		return CHECK_BFD_MSG_BAD_TYPE;
	/* BEGIN and END carry no state; a STATE only the three known ones. */
	if (type == CHECK_BFD_MSG_STATE ? buf[3] > CHECK_BFD_DOWN : buf[3] != 0)
		return CHECK_BFD_MSG_BAD_TYPE;
	/* The datagram is exactly the header and the name: a truncation shows here. */
	name_len = (size_t)buf[4] << 8 | buf[5];
	if (len != CHECK_BFD_MSG_HDR + name_len)
		return CHECK_BFD_MSG_BAD_LEN;
	/* A session has a name that fits a bfd_instance's; BEGIN and END have none. */
	if (type == CHECK_BFD_MSG_STATE ? name_len == 0 || name_len >= CHECK_BFD_NAME_MAX :
					  name_len != 0)
		return CHECK_BFD_MSG_BAD_NAME;
	/* A NUL inside would make two different names compare equal. */
	if (memchr(buf + CHECK_BFD_MSG_HDR, '\0', name_len) != NULL)
		return CHECK_BFD_MSG_BAD_NAME;
	memset(m, 0, sizeof(*m));
	m->type = (enum check_bfd_msg_type)type;
	m->state = (enum check_bfd_state)buf[3];
	memcpy(m->name, buf + CHECK_BFD_MSG_HDR, name_len);
	return CHECK_BFD_MSG_OK;
}

/* The table ------------------------------------------------------------------------------- */

static struct check_bfd_entry *
find(struct check_bfd_entry *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* Set name's state in *v (grown by one if new). Returns the entry, or NULL (no memory). */
static struct check_bfd_entry *
put(struct check_bfd_entry **v, size_t *n, const char *name, enum check_bfd_state state)
{
	struct check_bfd_entry *e = find(*v, *n, name), *grown;

	if (e == NULL) {
		grown = realloc(*v, (*n + 1) * sizeof(**v));
		if (grown == NULL)
			return NULL;
		*v = grown;
		e = &grown[(*n)++];
		memset(e, 0, sizeof(*e));
		memcpy(e->name, name, strnlen(name, sizeof(e->name) - 1));
		e->state = state;
		return e;
	}
	e->state = state;
	return e;
}

/* A full state is complete: report what differs, forget what it no longer names. */
static void
full_end(struct check_bfd_states *st, check_bfd_changed_fn changed, void *arg)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].state == CHECK_BFD_UP &&
		    find(st->next, st->nnext, st->v[i].name) == NULL)
			changed(arg, st->v[i].name, CHECK_BFD_DOWN);
	for (size_t i = 0; i < st->nnext; i++) {
		const struct check_bfd_entry *old = find(st->v, st->n, st->next[i].name);

		if (old == NULL || old->state != st->next[i].state)
			changed(arg, st->next[i].name, st->next[i].state);
	}
	free(st->v);
	st->v = st->next;
	st->n = st->nnext;
	st->next = NULL;
	st->nnext = 0;
	st->in_full = false;
}

int
check_bfd_states_take(struct check_bfd_states *st, const struct check_bfd_msg *m,
		      check_bfd_changed_fn changed, void *arg)
{
	const struct check_bfd_entry *old;

	switch (m->type) {
	case CHECK_BFD_MSG_BEGIN:
		/* A BEGIN while one is open: the sender started over (it could not finish). */
		free(st->next);
		st->next = NULL;
		st->nnext = 0;
		st->in_full = true;
		return CHECK_BFD_MSG_OK;
	case CHECK_BFD_MSG_END:
		if (!st->in_full)
			return CHECK_BFD_MSG_SEQUENCE;
		full_end(st, changed, arg);
		return CHECK_BFD_MSG_OK;
	case CHECK_BFD_MSG_STATE:
		if (st->in_full)
			return put(&st->next, &st->nnext, m->name, m->state) != NULL ? 0 : -1;
		old = find(st->v, st->n, m->name);
		if (old != NULL && old->state == m->state)
			return CHECK_BFD_MSG_OK;
		if (put(&st->v, &st->n, m->name, m->state) == NULL)
			return -1;
		changed(arg, m->name, m->state);
		return CHECK_BFD_MSG_OK;
	}
	return CHECK_BFD_MSG_BAD_TYPE;
}

bool
check_bfd_states_get(const struct check_bfd_states *st, const char *name,
		     enum check_bfd_state *state)
{
	const struct check_bfd_entry *e = find(st->v, st->n, name);

	if (e != NULL)
		*state = e->state;
	return e != NULL;
}

void
check_bfd_states_free(struct check_bfd_states *st)
{
	free(st->v);
	free(st->next);
	memset(st, 0, sizeof(*st));
}
