/*
 * Reload planning: what applying a new configuration does to each running
 * instance, decided before anything changes, with no system call (the
 * daemon carries the plan out, vrrp_daemon_apply.c).
 *
 * Each new instance is matched to a running one (by name, else by VRID,
 * interface and family). What happens to it depends on what changed:
 *  - nothing (KEEP): the live instance (state, timers, VIPs, counters)
 *    carries on untouched; only its configuration pointer moves;
 *  - only settings that can change under a running state machine
 *    (priority, VIPs, preemption, GARP settings, trackers, notify
 *    scripts): UPDATE in place. A Master drops the VIPs no longer
 *    configured and adds the new ones, announcing the added ones only;
 *  - anything else (version, interval, authentication, owner, unicast,
 *    VMAC, routes...): NEW, a restart: the running one stops as a removed
 *    one, and a new one starts.
 * Removed instances stop as at shutdown. Every removal is done before any
 * addition, so a VIP moved from one instance to another is right after one
 * reload. Start-up is the same plan over no running instance: all NEW.
 */
#include "keepalived/vrrp/run/vrrp_reload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

/* A growing string, for comparing two instances' configurations. */
struct reload_sbuf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static void
reload_sbuf_line(const char *line, void *arg)
{
	struct reload_sbuf *sb = arg;
	size_t n = strlen(line) + 1;

	if (sb->oom)
		return;
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap != 0 ? sb->cap : 1024;
		char *p;

		while (sb->len + n + 1 > cap)
			cap *= 2;
		p = realloc(sb->p, cap);
		if (p == NULL) {
			sb->oom = true;
			return;
		}
		sb->p = p;
		sb->cap = cap;
	}
	memcpy(sb->p + sb->len, line, n - 1);
	sb->p[sb->len + n - 1] = '\n';
	sb->len += n;
	sb->p[sb->len] = '\0';
}

/*
 * The instance block as -d writes it, with its unicast, VMAC and route
 * lines, and the per-instance settings -d leaves out: two instances with
 * the same text behave the same. The name and file position are left out.
 */
static void
reload_sig(const struct vrrp_instance_conf *c, struct reload_sbuf *sb)
{
	struct vrrp_instance_conf one = *c;
	struct vrrp_conf conf;
	char extra[128];

	memset(&conf, 0, sizeof(conf));
	one.next = NULL;
	one.name = "";
	conf.instances = &one;
	conf.ninstances = 1;
	sb->len = 0;
	vrrp_conf_dump(&conf, reload_sbuf_line, sb);
	vrrp_unicast_conf_dump(c->unicast, reload_sbuf_line, sb);
	vrrp_vmac_conf_dump(c->vmac, reload_sbuf_line, sb);
	vrrp_routes_conf_dump(c->routes, false, 4, reload_sbuf_line, sb);
	snprintf(extra, sizeof(extra), "family %d garp_interval %llu gna_interval %llu", c->family,
		 (unsigned long long)c->garp_interval_us, (unsigned long long)c->gna_interval_us);
	reload_sbuf_line(extra, sb);
}

static bool
reload_same(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
	    struct reload_sbuf *sa, struct reload_sbuf *sb)
{
	reload_sig(a, sa);
	reload_sig(b, sb);
	return !sa->oom && !sb->oom && sa->len == sb->len && memcmp(sa->p, sb->p, sa->len) == 0;
}

enum vrrp_reload_kind
vrrp_reload_classify(const struct vrrp_instance_conf *o, const struct vrrp_instance_conf *n)
{
	struct reload_sbuf sa = { 0 }, sb = { 0 };
	struct vrrp_instance_conf tmp;
	enum vrrp_reload_kind kind = VRRP_RELOAD_NEW;

	if (o->vrid != n->vrid || o->family != n->family || strcmp(o->ifname, n->ifname) != 0)
		goto done;
	/* use_vmac_addr: the running configuration's dev names the VMACs (vrrp_instance_ext.c). */
	if (vrrp_vmac_conf_has_addr_vmacs(o) || vrrp_vmac_conf_has_addr_vmacs(n))
		goto done;
	if (reload_same(o, n, &sa, &sb)) {
		kind = VRRP_RELOAD_KEEP;
		goto done;
	}
	/* The owner's priority never moves: becoming or leaving it is a restart. */
	if ((o->priority == VRRP_PRIO_OWNER) != (n->priority == VRRP_PRIO_OWNER))
		goto done;
	/* The old settings, with those that can change in place taken from the new ones. */
	tmp = *o;
	tmp.priority = n->priority;
	tmp.vips = n->vips;
	tmp.nvips = n->nvips;
	tmp.evips = n->evips;
	tmp.nevips = n->nevips;
	tmp.nopreempt = n->nopreempt;
	tmp.preempt_delay_us = n->preempt_delay_us;
	tmp.lower_prio_no_advert = n->lower_prio_no_advert;
	tmp.higher_prio_send_advert = n->higher_prio_send_advert;
	tmp.skip_check_adv_addr = n->skip_check_adv_addr;
	tmp.garp_master_delay_us = n->garp_master_delay_us;
	tmp.garp_master_repeat = n->garp_master_repeat;
	tmp.garp_master_refresh_us = n->garp_master_refresh_us;
	tmp.garp_master_refresh_repeat = n->garp_master_refresh_repeat;
	tmp.garp_interval_us = n->garp_interval_us;
	tmp.gna_interval_us = n->gna_interval_us;
	tmp.track = n->track;
	tmp.lease = n->lease; /* the lease module renews with the new lifetime */
	if (reload_same(&tmp, n, &sa, &sb))
		kind = VRRP_RELOAD_UPDATE;
done:
	free(sa.p);
	free(sb.p);
	return kind;
}

/* The running instance the new instance c continues, or -1. */
static long
reload_match(const struct vrrp_instance_conf *const *old, size_t nold, const bool *taken,
	     const struct vrrp_instance_conf *c)
{
	size_t i;

	for (i = 0; i < nold; i++)
		if (!taken[i] && strcmp(old[i]->name, c->name) == 0)
			return (long)i;
	for (i = 0; i < nold; i++)
		if (!taken[i] && old[i]->vrid == c->vrid && old[i]->family == c->family &&
		    strcmp(old[i]->ifname, c->ifname) == 0)
			return (long)i;
	return -1;
}

static bool
reload_vip_eq(const struct vrrp_vip *a, const struct vrrp_vip *b)
{
	size_t alen = a->family == AF_INET6 ? sizeof(a->addr.v6) : sizeof(a->addr.v4);

	return a->family == b->family && memcmp(&a->addr, &b->addr, alen) == 0 &&
	       a->prefixlen == b->prefixlen && a->has_brd == b->has_brd &&
	       (!a->has_brd || a->brd.s_addr == b->brd.s_addr) && a->scope == b->scope &&
	       a->nodad == b->nodad && strcmp(a->dev, b->dev) == 0 &&
	       strcmp(a->label, b->label) == 0 && a->has_peer == b->has_peer &&
	       (!a->has_peer || memcmp(&a->peer, &b->peer, alen) == 0) &&
	       a->ifa_flags == b->ifa_flags && vrrp_vip_pref_lft(a) == vrrp_vip_pref_lft(b);
}

bool
vrrp_reload_vip_in(const struct vrrp_vip *v, const struct vrrp_vip *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (reload_vip_eq(v, &set[i]))
			return true;
	return false;
}

int
vrrp_reload_plan(struct vrrp_reload_plan *plan, const struct vrrp_instance_conf *const *old,
		 size_t nold, const struct vrrp_conf *newconf)
{
	const struct vrrp_instance_conf *c;
	bool *taken = NULL;
	size_t j, nnew = newconf->ninstances;

	memset(plan, 0, sizeof(*plan));
	plan->steps = calloc(nnew ? nnew : 1, sizeof(*plan->steps));
	plan->stops = calloc(nold ? nold : 1, sizeof(*plan->stops));
	taken = calloc(nold ? nold : 1, sizeof(*taken));
	if (plan->steps == NULL || plan->stops == NULL || taken == NULL) {
		free(taken);
		vrrp_reload_plan_free(plan);
		return -1;
	}
	plan->nold = nold;
	for (c = newconf->instances, j = 0; c != NULL && j < nnew; c = c->next, j++) {
		struct vrrp_reload_step *st = &plan->steps[j];
		long m = reload_match(old, nold, taken, c);

		st->conf = c;
		st->old = m;
		st->kind = m >= 0 ? vrrp_reload_classify(old[m], c) : VRRP_RELOAD_NEW;
		/* A restarted one leaves its slot to be matched again, as a removed one. */
		if (st->kind != VRRP_RELOAD_NEW)
			taken[m] = true;
	}
	plan->nsteps = j;
	for (size_t i = 0; i < nold; i++)
		plan->stops[i] = !taken[i];
	free(taken);
	return 0;
}

void
vrrp_reload_plan_free(struct vrrp_reload_plan *plan)
{
	free(plan->steps);
	free(plan->stops);
	memset(plan, 0, sizeof(*plan));
}

const char *
vrrp_reload_kind_name(enum vrrp_reload_kind k)
{
	static const char *const names[] = { "new", "keep", "update" };

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}
