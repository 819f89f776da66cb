/*
 * GARP/NA pacing, the pending delayed burst and garp_extra_if's choice of
 * interfaces (vrrp_garp_sched.h): pure decisions over a clock passed in.
 */
#include "keepalived/vrrp/proto/vrrp_garp_sched.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"

/* Pacing ------------------------------------------------------------------------ */

enum vrrp_garp_kind
vrrp_garp_kind_of(int family)
{
	return family == AF_INET6 ? VRRP_GARP_NA : VRRP_GARP_ARP;
}

uint64_t
vrrp_garp_pace_wait(const struct vrrp_garp_pace *p, enum vrrp_garp_kind kind, uint64_t now_us)
{
	if (p->interval_us[kind] == 0 || now_us >= p->next_us[kind])
		return 0;
	return p->next_us[kind] - now_us;
}

void
vrrp_garp_pace_sent(struct vrrp_garp_pace *p, enum vrrp_garp_kind kind, uint64_t now_us)
{
	/* From when it left: a sender that waited longer owes nothing. */
	p->next_us[kind] = now_us + p->interval_us[kind];
}

/* One pacer: a garp_group's (group set), or an interface's with the global intervals. */
struct garp_pacer_slot {
	const struct vrrp_garp_group_conf *group;
	char ifname[IF_NAMESIZE];
	struct vrrp_garp_pace pace;
	struct garp_pacer_slot *next;
};

struct vrrp_garp_pacers {
	const struct vrrp_conf *conf;
	uint64_t global_us[VRRP_GARP_KIND_COUNT_];
	struct garp_pacer_slot *slots;
};

struct vrrp_garp_pacers *
vrrp_garp_pacers_new(const struct vrrp_conf *conf)
{
	struct vrrp_garp_pacers *ps = calloc(1, sizeof(*ps));

	if (ps == NULL)
		return NULL;
	ps->conf = conf;
	ps->global_us[VRRP_GARP_ARP] = conf->global.garp_interval_us;
	ps->global_us[VRRP_GARP_NA] = conf->global.gna_interval_us;
	return ps;
}

struct vrrp_garp_pace *
vrrp_garp_pacer(struct vrrp_garp_pacers *ps, const char *ifname)
{
	const struct vrrp_garp_group_conf *gg;
	struct garp_pacer_slot *s;

	if (ps == NULL)
		return NULL;
	gg = vrrp_garp_group_of(ps->conf, ifname);
	for (s = ps->slots; s != NULL; s = s->next)
		if (gg != NULL ? s->group == gg : strcmp(s->ifname, ifname) == 0)
			return &s->pace;
	if (gg == NULL && ps->global_us[VRRP_GARP_ARP] == 0 && ps->global_us[VRRP_GARP_NA] == 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->group = gg;
	snprintf(s->ifname, sizeof(s->ifname), "%s", gg != NULL ? "" : ifname);
	s->pace.interval_us[VRRP_GARP_ARP] = gg != NULL && gg->has_garp_interval ?
						     gg->garp_interval_us :
						     ps->global_us[VRRP_GARP_ARP];
	s->pace.interval_us[VRRP_GARP_NA] = gg != NULL && gg->has_gna_interval ?
						    gg->gna_interval_us :
						    ps->global_us[VRRP_GARP_NA];
	s->next = ps->slots;
	ps->slots = s;
	return &s->pace;
}

void
vrrp_garp_pacers_free(struct vrrp_garp_pacers *ps)
{
	struct garp_pacer_slot *s, *next;

	if (ps == NULL)
		return;
	for (s = ps->slots; s != NULL; s = next) {
		next = s->next;
		free(s);
	}
	free(ps);
}

/* Delayed burst ------------------------------------------------------------------ */

void
vrrp_garp_later_merge(struct vrrp_garp_later *l, uint32_t rounds, uint64_t at_us)
{
	if (rounds == 0)
		return;
	if (l->rounds == 0) {
		l->rounds = rounds;
		l->at_us = at_us;
		return;
	}
	if (rounds > l->rounds)
		l->rounds = rounds;
	if (at_us > l->at_us)
		l->at_us = at_us;
}

/* garp_extra_if --------------------------------------------------------------------- */

bool
vrrp_garp_extra_if_wanted(bool all, bool ours, bool own, bool xmit_base)
{
	if (!ours && !all)
		return false;
	return !own || xmit_base;
}
