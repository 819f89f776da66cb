/*
 * The problems of one virtual router in the segment monitor's model, as
 * sentences (vrrp_segmon.h lists the rules): two masters, senders that
 * disagree, late adverts, adverts that receivers drop.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/proto/vrrp_segmon.h"

/* A sentence under construction; an overlong one ends in "...". */
struct sentence {
	char buf[1024];
	size_t len;
};

static void sentence_add(struct sentence *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sentence_add(struct sentence *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->len >= sizeof(s->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, sizeof(s->buf) - s->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(s->buf) - s->len) {
		s->len = sizeof(s->buf) - 1;
		memcpy(s->buf + s->len - 3, "...", 3);
	} else {
		s->len += (size_t)n;
	}
}

static void
sentence_reset(struct sentence *s)
{
	s->len = 0;
	s->buf[0] = '\0';
}

static const char *
src_name(const struct vrrp_segmon *m, int r, char *buf, size_t len)
{
	return vrrp_addr_ntop(m->groups[m->routers[r].group].family, &m->routers[r].src, buf, len);
}

/* Disagreement ----------------------------------------------------------- */

/* One attribute the senders of a virtual router must agree on. */
struct attr {
	const char *what; /* "interval", ... */
	uint64_t (*key)(const struct vrrp_segmon_router *r);
	void (*label)(const struct vrrp_segmon *m, int r, struct sentence *s);
};

static uint64_t
key_interval(const struct vrrp_segmon_router *r)
{
	return r->adver_int_cs;
}

static void
label_interval(const struct vrrp_segmon *m, int r, struct sentence *s)
{
	unsigned cs = m->routers[r].adver_int_cs;

	sentence_add(s, "%u.%02u s", cs / 100, cs % 100);
}

static uint64_t
key_addresses(const struct vrrp_segmon_router *r)
{
	return r->addr_digest * 31 + r->naddr;
}

static void
label_addresses(const struct vrrp_segmon *m, int r, struct sentence *s)
{
	const struct vrrp_segmon_router *x = &m->routers[r];
	int family = m->groups[x->group].family;
	char a[64];
	int i;

	if (x->naddr == 0)
		sentence_add(s, "no address");
	for (i = 0; i < x->naddr && i < 4; i++)
		sentence_add(s, "%s%s", i ? " " : "",
			     vrrp_addr_ntop(family, (const union vrrp_addr *)x->addrs[i], a,
					    sizeof(a)));
	if (x->naddr > 4)
		sentence_add(s, " and %d more", x->naddr - 4);
}

static uint64_t
key_version(const struct vrrp_segmon_router *r)
{
	return r->version;
}

static void
label_version(const struct vrrp_segmon *m, int r, struct sentence *s)
{
	sentence_add(s, "v%u", m->routers[r].version);
}

static uint64_t
key_auth(const struct vrrp_segmon_router *r)
{
	return r->auth_digest ^ r->auth_type;
}

/* Simple passwords are never printed: distinct ones are numbered. */
static void
label_auth(const struct vrrp_segmon *m, int r, struct sentence *s)
{
	const struct vrrp_segmon_router *x = &m->routers[r];
	uint64_t seen[VRRP_SEGMON_MAX_ROUTERS];
	int i, nseen = 0, k;

	sentence_add(s, "%s", vrrp_segmon_auth_name(x->auth_type));
	if (x->auth_digest == 0)
		return;
	for (i = m->groups[x->group].first; i != -1; i = m->routers[i].next) {
		uint64_t d = m->routers[i].auth_digest;

		if (d == 0 || m->routers[i].version == 0)
			continue;
		for (k = 0; k < nseen && seen[k] != d; k++)
			;
		if (k == nseen)
			seen[nseen++] = d;
	}
	if (nseen < 2)
		return;
	for (k = 0; k < nseen && seen[k] != x->auth_digest; k++)
		;
	sentence_add(s, ", password %d", k + 1);
}

/* clang-format off */
static const struct attr attrs[] = {
	{ "advertisement intervals", key_interval, label_interval },
	{ "address lists", key_addresses, label_addresses },
	{ "versions", key_version, label_version },
	{ "authentication", key_auth, label_auth },
};
/* clang-format on */

/*
 * "advertisement intervals differ: 1.00 s (198.18.1.1, 198.18.1.2);
 * 0.50 s (198.18.1.9)", or nothing when the senders agree.
 */
static bool
disagreement(const struct vrrp_segmon *m, int g, const struct attr *at, struct sentence *s)
{
	int reps[VRRP_SEGMON_MAX_ROUTERS], nreps = 0, i, j, k;
	char a[64];

	for (i = m->groups[g].first; i != -1; i = m->routers[i].next) {
		if (m->routers[i].version == 0)
			continue;
		for (k = 0; k < nreps && at->key(&m->routers[reps[k]]) != at->key(&m->routers[i]);
		     k++)
			;
		if (k == nreps)
			reps[nreps++] = i;
	}
	if (nreps < 2)
		return false;
	sentence_reset(s);
	sentence_add(s, "%s differ: ", at->what);
	for (k = 0; k < nreps; k++) {
		bool first = true;

		sentence_add(s, "%s", k ? "; " : "");
		at->label(m, reps[k], s);
		sentence_add(s, " (");
		for (j = m->groups[g].first; j != -1; j = m->routers[j].next) {
			if (m->routers[j].version == 0 ||
			    at->key(&m->routers[j]) != at->key(&m->routers[reps[k]]))
				continue;
			sentence_add(s, "%s%s", first ? "" : ", ", src_name(m, j, a, sizeof(a)));
			first = false;
		}
		sentence_add(s, ")");
	}
	return true;
}

/* Per sender ---------------------------------------------------------------- */

static int
sender_problems(const struct vrrp_segmon *m, int r, struct sentence *s, vrrp_segmon_problem_cb cb,
		void *arg)
{
	const struct vrrp_segmon_router *x = &m->routers[r];
	char a[64], t[32];
	int n = 0;

	src_name(m, r, a, sizeof(a));
	if (x->late > 0) {
		sentence_reset(s);
		sentence_add(s,
			     "late adverts from %s: %llu more than %d %% of its interval after "
			     "the previous one, longest gap %.2f s, last at %s",
			     a, (unsigned long long)x->late, VRRP_SEGMON_LATE_PCT,
			     (double)x->late_max_gap_us / 1e6,
			     vrrp_segmon_clock(x->late_last_us, t, sizeof(t)));
		cb(arg, s->buf);
		n++;
	}
	if (x->bad_checksum > 0) {
		sentence_reset(s);
		sentence_add(s, "bad checksum from %s: %llu adverts that receivers drop", a,
			     (unsigned long long)x->bad_checksum);
		cb(arg, s->buf);
		n++;
	}
	if (x->bad_ttl > 0) {
		sentence_reset(s);
		sentence_add(s,
			     "bad TTL from %s: %llu multicast adverts with TTL %u, not 255, "
			     "that receivers drop",
			     a, (unsigned long long)x->bad_ttl, x->last_bad_ttl);
		cb(arg, s->buf);
		n++;
	}
	return n;
}

int
vrrp_segmon_problems(const struct vrrp_segmon *m, int g, int64_t now_us, vrrp_segmon_problem_cb cb,
		     void *arg)
{
	struct sentence s;
	char a[64], b[64], t[32];
	size_t i;
	int p, r, n = 0;

	for (p = 0; p < m->npairs; p++) {
		const struct vrrp_segmon_pair *pr = &m->pairs[p];

		if (m->routers[pr->a].group != g)
			continue;
		sentence_reset(&s);
		sentence_add(&s,
			     "two masters: %s (priority %u) and %s (priority %u) advertised at "
			     "the same time, %llu times, last at %s%s",
			     src_name(m, pr->a, a, sizeof(a)), m->routers[pr->a].priority,
			     src_name(m, pr->b, b, sizeof(b)), m->routers[pr->b].priority,
			     (unsigned long long)pr->count,
			     vrrp_segmon_clock(pr->last_us, t, sizeof(t)),
			     vrrp_segmon_advertising(m, pr->a, now_us) &&
					     vrrp_segmon_advertising(m, pr->b, now_us) ?
				     " (still both advertising)" :
				     "");
		cb(arg, s.buf);
		n++;
	}
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		if (disagreement(m, g, &attrs[i], &s)) {
			cb(arg, s.buf);
			n++;
		}
	}
	for (r = m->groups[g].first; r != -1; r = m->routers[r].next)
		n += sender_problems(m, r, &s, cb, arg);
	return n;
}
