/*
 * Deleted routes and rules: static ones put back, virtual ones of a Master
 * making it stand down (vrrp_route_watch.h).
 */
#include "keepalived/vrrp/run/vrrp_route_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/conf/vrrp_route_match.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_route_mon.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "keepalived/vrrp/run/vrrp_lease.h"

struct vrrp_route_watch {
	struct vrrp_inst_env *env;
	const struct vrrp_conf *const *conf;
	struct vrrp_inst *(*inst_at)(void *owner, size_t i);
	void *owner;
	struct vrrp_route_mon *mon;
	/* Static routes known gone with their interface: put back when it is up. */
	const struct vrrp_routes_conf *lost_of; /* the statics lost[] is about */
	bool *lost;
	size_t nlost;
};

/* Does the configuration hold anything a deletion matters for? */
static bool
rw_needed(const struct vrrp_conf *conf)
{
	const struct vrrp_routes_conf *st = conf->statics;

	if (st != NULL && st->nroutes + st->nrules > 0)
		return true;
	for (const struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next)
		if (vi->routes != NULL && vi->routes->nroutes + vi->routes->nrules > 0)
			return true;
	return false;
}

/* Is the route's interface (and every next hop's) up? No dev: yes. */
static bool
rw_route_if_up(const struct vrrp_route_watch *w, const struct vrrp_route *rt)
{
	const struct vrrp_ifinfo *ifi;

	if (rt->dev[0] != '\0' && ((ifi = vrrp_nl_if(w->env->nl, rt->dev)) == NULL || !ifi->up))
		return false;
	for (size_t i = 0; i < rt->nnh; i++)
		if (rt->nh[i].dev[0] != '\0' &&
		    ((ifi = vrrp_nl_if(w->env->nl, rt->nh[i].dev)) == NULL || !ifi->up))
			return false;
	return true;
}

/* Does the route use interface name (as dev or a next hop's)? */
static bool
rw_route_uses(const struct vrrp_route *rt, const char *name)
{
	if (strcmp(rt->dev, name) == 0)
		return true;
	for (size_t i = 0; i < rt->nnh; i++)
		if (strcmp(rt->nh[i].dev, name) == 0)
			return true;
	return false;
}

/* lost[] sized for the installed statics (a reload keeps them). */
static const struct vrrp_routes_conf *
rw_statics(struct vrrp_route_watch *w)
{
	const struct vrrp_routes_conf *st = vrrp_statics_installed();

	if (st != w->lost_of) {
		free(w->lost);
		w->lost = NULL;
		w->nlost = 0;
		w->lost_of = st;
		if (st != NULL && st->nroutes > 0 && (w->lost = calloc(st->nroutes, 1)) != NULL)
			w->nlost = st->nroutes;
	}
	return st;
}

static struct vrrp_route_nl *
rw_route_nl(const struct vrrp_route_watch *w)
{
	return w->env->ops->route_nl(w->env->owner);
}

/* keepalived's text of a route being put back, as its netlink request: "prepend DST/LEN
 * [from F/LEN] [src S] [via inet[6] GW] [dev IF] [table N] proto N [scope N] [metric N]". A
 * multipath or otherwise unusual route keeps our configuration text after the operation. */
static const char *
rw_route_text(const struct vrrp_route *rt, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], rest[800];
	const char *fam = rt->family == AF_INET6 ? "inet6" : "inet";
	size_t n = 0;

#define RW_ADD(...)                                                       \
	do {                                                              \
		if (n < len) {                                            \
			int k_ = snprintf(buf + n, len - n, __VA_ARGS__); \
			n = k_ < 0 ? len : n + (size_t)k_;                \
		}                                                         \
	} while (0)
	buf[0] = '\0';
	RW_ADD("%s ", rt->append ? "append" : "prepend");
	if (rt->nnh != 0 || rt->encap.type != VRRP_ENCAP_NONE || rt->metrics_set != 0 ||
	    rt->type != RTN_UNICAST) {
		RW_ADD("%s", vrrp_route_format(rt, rest, sizeof(rest)));
		return buf;
	}
	RW_ADD("%s/%u", vrrp_addr_ntop(rt->family, &rt->dst, a, sizeof(a)), rt->dst_len);
	if (rt->has_from)
		RW_ADD(" from %s/%u", vrrp_addr_ntop(rt->family, &rt->from, a, sizeof(a)),
		       rt->from_len);
	if (rt->has_pref_src)
		RW_ADD(" src %s", vrrp_addr_ntop(rt->family, &rt->pref_src, a, sizeof(a)));
	if (rt->has_via)
		RW_ADD(" via %s %s", fam, vrrp_addr_ntop(rt->family, &rt->via, a, sizeof(a)));
	if (rt->dev[0] != '\0')
		RW_ADD(" dev %s", rt->dev);
	if (rt->table != RT_TABLE_MAIN)
		RW_ADD(" table %u", rt->table);
	RW_ADD(" proto %u", rt->protocol);
	if (rt->scope != RT_SCOPE_UNIVERSE)
		RW_ADD(" scope %u", rt->scope);
	if (rt->has_metric)
		RW_ADD(" metric %u", rt->metric);
#undef RW_ADD
	return buf;
}

static void
rw_restore_route(struct vrrp_route_watch *w, const struct vrrp_route *rt)
{
	struct vrrp_routes_conf one;
	struct vrrp_route_nl *rh = rw_route_nl(w);
	char text[900];

	if (rh == NULL)
		return;
	log_info("Restoring deleted static route %s", rw_route_text(rt, text, sizeof(text)));
	memset(&one, 0, sizeof(one));
	one.routes = (struct vrrp_route *)rt;
	one.nroutes = 1;
	vrrp_route_apply(rh, &one, true, 0, "");
}

static void
rw_restore_rule(struct vrrp_route_watch *w, const struct vrrp_rule *ru)
{
	struct vrrp_routes_conf one;
	struct vrrp_route_nl *rh = rw_route_nl(w);
	char text[900];

	if (rh == NULL)
		return;
	log_info("Restoring deleted static rule %s", vrrp_rule_format(ru, text, sizeof(text)));
	memset(&one, 0, sizeof(one));
	one.rules = (struct vrrp_rule *)ru;
	one.nrules = 1;
	vrrp_route_apply(rh, &one, true, 0, "");
}

/* A Master whose tracked virtual route (route) or rule (rule) this is stands down. */
static void
rw_virtual(struct vrrp_route_watch *w, const struct vrrp_route *route, const struct vrrp_rule *rule)
{
	struct vrrp_inst *inst;

	for (size_t i = 0; (inst = w->inst_at(w->owner, i)) != NULL; i++) {
		const struct vrrp_routes_conf *rc = inst->conf->routes;
		bool hit = false;

		if (rc == NULL || inst->fsm.state != VRRP_STATE_MASTER || !inst->routes_installed)
			continue;
		for (size_t k = 0; route != NULL && !hit && k < rc->nroutes; k++)
			hit = !rc->routes[k].no_track && vrrp_route_matches(&rc->routes[k], route);
		for (size_t k = 0; rule != NULL && !hit && k < rc->nrules; k++)
			hit = !rc->rules[k].no_track && vrrp_rule_matches(&rc->rules[k], rule);
		/* A lapsed vip_lease took the routes with the addresses: the lease's to redo. */
		if (hit && !vrrp_lease_hold_restore(inst)) {
			vrrp_inst_errs(inst)->vips_lost++;
			vrrp_inst_resign(inst);
		}
	}
}

static void
rw_route_del(void *arg, const struct vrrp_route *seen)
{
	struct vrrp_route_watch *w = arg;
	const struct vrrp_routes_conf *st = rw_statics(w);

	for (size_t i = 0; st != NULL && i < st->nroutes; i++) {
		const struct vrrp_route *rt = &st->routes[i];

		if (rt->no_track || !vrrp_route_matches(rt, seen))
			continue;
		/* Gone with its interface: back when the interface is. */
		if (!rw_route_if_up(w, rt)) {
			if (i < w->nlost)
				w->lost[i] = true;
			continue;
		}
		rw_restore_route(w, rt);
	}
	rw_virtual(w, seen, NULL);
}

static void
rw_rule_del(void *arg, const struct vrrp_rule *seen)
{
	struct vrrp_route_watch *w = arg;
	const struct vrrp_routes_conf *st = rw_statics(w);

	for (size_t i = 0; st != NULL && i < st->nrules; i++)
		if (!st->rules[i].no_track && vrrp_rule_matches(&st->rules[i], seen))
			rw_restore_rule(w, &st->rules[i]);
	rw_virtual(w, NULL, seen);
}

/* Notifications were lost: every tracked static route and rule set again (EEXIST is fine). */
static void
rw_overrun(void *arg)
{
	struct vrrp_route_watch *w = arg;
	const struct vrrp_routes_conf *st = rw_statics(w);
	struct vrrp_route_nl *rh;
	struct vrrp_routes_conf some;

	if (st == NULL || (rh = rw_route_nl(w)) == NULL)
		return;
	memset(&some, 0, sizeof(some));
	for (size_t i = 0; i < st->nroutes; i++) {
		if (st->routes[i].no_track || !rw_route_if_up(w, &st->routes[i]))
			continue;
		some.routes = &((struct vrrp_route *)st->routes)[i];
		some.nroutes = 1;
		vrrp_route_apply(rh, &some, true, 0, "");
	}
	memset(&some, 0, sizeof(some));
	for (size_t i = 0; i < st->nrules; i++) {
		if (st->rules[i].no_track)
			continue;
		some.rules = &((struct vrrp_rule *)st->rules)[i];
		some.nrules = 1;
		vrrp_route_apply(rh, &some, true, 0, "");
	}
}

static void
rw_fd_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct vrrp_route_watch *w = arg;

	(void)loop;
	(void)fd;
	(void)events;
	vrrp_route_mon_process(w->mon);
}

void
vrrp_route_watch_link(struct vrrp_route_watch *w, int ifindex, bool up)
{
	const struct vrrp_routes_conf *st;
	const struct vrrp_ifinfo *ifi;

	if (w == NULL || (st = rw_statics(w)) == NULL || w->nlost == 0)
		return;
	ifi = vrrp_nl_if_by_index(w->env->nl, ifindex);
	for (size_t i = 0; i < st->nroutes; i++) {
		const struct vrrp_route *rt = &st->routes[i];

		if (rt->no_track)
			continue;
		/* Down (or gone, then unknown): its routes are lost with it. */
		if (!up && (ifi == NULL || rw_route_uses(rt, ifi->name))) {
			if (ifi != NULL)
				w->lost[i] = true;
			continue;
		}
		if (up && w->lost[i] && rw_route_if_up(w, rt)) {
			w->lost[i] = false;
			rw_restore_route(w, rt);
		}
	}
}

struct vrrp_route_watch *
vrrp_route_watch_new(struct vrrp_inst_env *env, const struct vrrp_conf *const *conf,
		     struct vrrp_inst *(*inst_at)(void *owner, size_t i), void *owner)
{
	struct vrrp_route_mon_cbs cbs = { rw_route_del, rw_rule_del, rw_overrun, NULL };
	struct vrrp_route_watch *w;

	if (*conf == NULL || !rw_needed(*conf))
		return NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warnx("routes: out of memory");
		return NULL;
	}
	w->env = env;
	w->conf = conf;
	w->inst_at = inst_at;
	w->owner = owner;
	cbs.arg = w;
	if ((w->mon = vrrp_route_mon_open(&cbs)) == NULL ||
	    ev_fd_add(env->loop, vrrp_route_mon_fd(w->mon), EV_READ, rw_fd_cb, w) < 0) {
		log_warnx("routes: deleted routes and rules will not be noticed");
		vrrp_route_watch_free(w);
		return NULL;
	}
	return w;
}

void
vrrp_route_watch_free(struct vrrp_route_watch *w)
{
	if (w == NULL)
		return;
	if (w->mon != NULL) {
		ev_fd_del(w->env->loop, vrrp_route_mon_fd(w->mon));
		vrrp_route_mon_close(w->mon);
	}
	free(w->lost);
	free(w);
}
