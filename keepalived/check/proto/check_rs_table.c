/*
 * The IPVS table as plain data: growing, comparing and naming its rows.
 */
#include "config.h"

#include "keepalived/check/proto/check_rs_table.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
addr_equal(const struct check_addr *a, const struct check_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->u.v4.s_addr == b->u.v4.s_addr;
	return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6)) == 0;
}

struct check_ipvs_entry *
check_table_add_svc(struct check_ipvs_table *t, const struct check_ipvs_svc *s)
{
	struct check_ipvs_entry *e;

	if (t->n_svcs == t->cap_svcs) {
		unsigned cap = t->cap_svcs ? t->cap_svcs * 2 : 8;
		struct check_ipvs_entry *n = realloc(t->svcs, cap * sizeof(*n));

		if (n == NULL)
			return NULL;
		t->svcs = n;
		t->cap_svcs = cap;
	}
	e = &t->svcs[t->n_svcs++];
	memset(e, 0, sizeof(*e));
	e->svc = *s;
	return e;
}

int
check_table_add_dest(struct check_ipvs_entry *e, const struct check_ipvs_dest *d)
{
	if (e->n_dests == e->cap_dests) {
		unsigned cap = e->cap_dests ? e->cap_dests * 2 : 8;
		struct check_ipvs_dest *n = realloc(e->dests, cap * sizeof(*n));

		if (n == NULL)
			return -1;
		e->dests = n;
		e->cap_dests = cap;
	}
	e->dests[e->n_dests++] = *d;
	return 0;
}

void
check_table_clear(struct check_ipvs_table *t)
{
	for (unsigned i = 0; i < t->n_svcs; i++)
		free(t->svcs[i].dests);
	free(t->svcs);
	memset(t, 0, sizeof(*t));
}

bool
check_svc_same(const struct check_ipvs_svc *a, const struct check_ipvs_svc *b)
{
	if (a->family != b->family || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark != 0)
		return true;
	return a->protocol == b->protocol && a->port == b->port && addr_equal(&a->addr, &b->addr);
}

bool
check_svc_settings_equal(const struct check_ipvs_svc *a, const struct check_ipvs_svc *b)
{
	return strcmp(a->sched, b->sched) == 0 && a->flags == b->flags &&
	       a->timeout == b->timeout && a->netmask == b->netmask &&
	       strcmp(a->pe_name, b->pe_name) == 0;
}

bool
check_dest_same(const struct check_ipvs_dest *a, const struct check_ipvs_dest *b)
{
	return a->port == b->port && addr_equal(&a->addr, &b->addr);
}

bool
check_dest_settings_equal(const struct check_ipvs_dest *a, const struct check_ipvs_dest *b)
{
	return a->conn_flags == b->conn_flags && a->weight == b->weight &&
	       a->u_threshold == b->u_threshold && a->l_threshold == b->l_threshold &&
	       a->tun_type == b->tun_type && a->tun_port == b->tun_port &&
	       a->tun_flags == b->tun_flags;
}

struct check_ipvs_entry *
check_table_find(const struct check_ipvs_table *t, const struct check_ipvs_svc *s)
{
	for (unsigned i = 0; i < t->n_svcs; i++)
		if (check_svc_same(&t->svcs[i].svc, s))
			return &t->svcs[i];
	return NULL;
}

char *
check_svc_fmt(char *buf, size_t size, const struct check_ipvs_svc *s)
{
	char a[INET6_ADDRSTRLEN] = "?";
	const char *proto = s->protocol == IPPROTO_TCP ? "TCP" :
			    s->protocol == IPPROTO_UDP ? "UDP" :
							 "SCTP";

	if (s->fwmark != 0) {
		snprintf(buf, size, "FWM  %u %s", s->fwmark, s->sched);
		return buf;
	}
	inet_ntop(s->addr.family, &s->addr.u, a, sizeof(a));
	if (s->addr.family == AF_INET6)
		snprintf(buf, size, "%s  [%s]:%u %s", proto, a, s->port, s->sched);
	else
		snprintf(buf, size, "%s  %s:%u %s", proto, a, s->port, s->sched);
	return buf;
}
