/* nftables_ipvs: fwmarks and map elements (check_nft_marks.h). */
#include "config.h"

#include "keepalived/check/proto/check_nft_marks.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct check_vsg_conf *
group_of(const struct check_conf *c, const char *name)
{
	for (const struct check_vsg_conf *g = c->groups; g != NULL; g = g->next)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

/* Whether vs is put in IPVS as one fwmark service. */
static bool
eligible(const struct check_conf *c, const struct check_vs_conf *vs)
{
	const struct check_vsg_conf *g;

	if (!c->nft_ipvs || vs->kind != CHECK_VS_GROUP || vs->protocol_none ||
	    (vs->protocol != IPPROTO_TCP && vs->protocol != IPPROTO_UDP &&
	     vs->protocol != IPPROTO_SCTP))
		return false;
	g = group_of(c, vs->group);
	if (g == NULL || g->entries == NULL)
		return false;
	for (const struct check_vsg_entry *e = g->entries; e != NULL; e = e->next)
		if (e->is_fwmark)
			return false;
	return true;
}

static uint32_t
mark_of(struct check_nft_marks *m, const struct check_conf *c, const struct check_vs_conf *vs)
{
	struct check_nft_mark *v;

	for (unsigned i = 0; i < m->n; i++)
		if (m->v[i].protocol == vs->protocol && strcmp(m->v[i].group, vs->group) == 0)
			return m->v[i].fwmark;
	if (m->n == m->cap) {
		unsigned cap = m->cap ? 2 * m->cap : 8;

		v = realloc(m->v, cap * sizeof(*v));
		if (v == NULL)
			return 0;
		m->v = v;
		m->cap = cap;
	}
	if (m->next == 0)
		m->next = c->nft_start_fwmark;
	v = &m->v[m->n++];
	snprintf(v->group, sizeof(v->group), "%s", vs->group);
	v->protocol = vs->protocol;
	v->fwmark = m->next++;
	return v->fwmark;
}

int
check_nft_marks_assign(struct check_nft_marks *m, struct check_conf *c)
{
	for (struct check_vs_conf *vs = c->vs; vs != NULL; vs = vs->next) {
		vs->auto_fwmark = 0;
		if (!eligible(c, vs))
			continue;
		vs->auto_fwmark = mark_of(m, c, vs);
		if (vs->auto_fwmark == 0)
			return -1;
	}
	return 0;
}

void
check_nft_marks_free(struct check_nft_marks *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int
check_nft_elems(const struct check_conf *c, struct check_nft_elem **out, size_t *n)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (const struct check_vs_conf *vs = c->vs; vs != NULL; vs = vs->next) {
		const struct check_vsg_conf *g;

		if (vs->auto_fwmark == 0 || (g = group_of(c, vs->group)) == NULL)
			continue;
		for (const struct check_vsg_entry *e = g->entries; e != NULL; e = e->next) {
			struct check_nft_elem *el;

			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				el = realloc(*out, cap * sizeof(*el));
				if (el == NULL) {
					free(*out);
					*out = NULL;
					*n = 0;
					return -1;
				}
				*out = el;
			}
			el = &(*out)[(*n)++];
			memset(el, 0, sizeof(*el));
			el->family = e->first.family;
			el->protocol = vs->protocol;
			el->first = e->first;
			el->last = e->last;
			el->port = e->port;
			el->fwmark = vs->auto_fwmark;
		}
	}
	return 0;
}

const char *
check_nft_map_name(int protocol)
{
	return protocol == IPPROTO_TCP ? "tcp_map" :
	       protocol == IPPROTO_UDP ? "udp_map" :
					 "sctp_map";
}
