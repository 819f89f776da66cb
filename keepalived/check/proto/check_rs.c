/*
 * The checker's state machine (see check_rs.h for its rules): checkers,
 * real servers, quorum and sorry server, and the IPVS table they want.
 * No I/O: time comes in as a parameter, changes go out through the
 * observer and the log.
 */
#include "config.h"

#include "keepalived/check/proto/check_rs.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

/* IPVS flag values (linux/ip_vs.h), kept here so that this file needs no kernel header. */
#define SVC_F_PERSISTENT 0x0001

/* Set-up ------------------------------------------------------------------ */

int
check_vs_rt_init(struct check_vs_rt *vs, const struct check_vs_conf *conf)
{
	const struct check_rs_conf *rc;
	unsigned i = 0;
	char name[160];

	memset(vs, 0, sizeof(*vs));
	vs->conf = conf;
	vs->rs = calloc(conf->n_rs ? conf->n_rs : 1, sizeof(*vs->rs));
	if (vs->rs == NULL)
		return -1;
	for (rc = conf->rs; rc != NULL; rc = rc->next, i++) {
		struct check_rs_rt *rs = &vs->rs[i];
		const struct check_probe_conf *pc;
		unsigned j = 0;

		rs->conf = rc;
		rs->weight = rc->weight;
		rs->n_checkers = rc->probes.count;
		rs->checkers = calloc(rs->n_checkers ? rs->n_checkers : 1, sizeof(*rs->checkers));
		if (rs->checkers == NULL)
			goto fail;
		for (pc = rc->probes.head; pc != NULL && j < rs->n_checkers; pc = pc->next, j++) {
			bool alpha = pc->alpha_given ? pc->alpha : rc->alpha;

			rs->checkers[j].conf = pc;
			rs->checkers[j].up = !alpha;
			if (alpha)
				rs->n_failed++;
		}
		rs->alive = rs->n_failed == 0;
		snprintf(rs->reason, sizeof(rs->reason), "%s",
			 rs->alive ? "start" : "start (alpha)");
	}
	vs->n_rs = i;
	vs->quorum_up = check_vs_live_weight(vs) >= (long)conf->quorum + conf->hysteresis;
	vs->sorry_active = !vs->quorum_up && conf->has_sorry;
	if (!vs->quorum_up)
		log_info("Starting with quorum down %u-%u=%ld > %ld for VS %s", conf->quorum,
			 conf->hysteresis, (long)conf->quorum - (long)conf->hysteresis,
			 check_vs_live_weight(vs), check_vs_fmt(name, sizeof(name), conf));
	return 0;
fail:
	vs->n_rs = conf->n_rs;
	check_vs_rt_fini(vs);
	return -1;
}

void
check_vs_log_start(const struct check_vs_rt *vs)
{
	char name[160];
	long threshold = (long)vs->conf->quorum + (long)vs->conf->hysteresis;

	if (vs->quorum_up)
		log_info("Gained quorum %u+%u=%ld <= %ld for VS %s", vs->conf->quorum,
			 vs->conf->hysteresis, threshold, check_vs_live_weight(vs),
			 check_vs_fmt(name, sizeof(name), vs->conf));
}

void
check_vs_rt_fini(struct check_vs_rt *vs)
{
	for (unsigned i = 0; i < vs->n_rs; i++)
		free(vs->rs[i].checkers);
	free(vs->rs);
	vs->rs = NULL;
	vs->n_rs = 0;
}

static bool
rs_same(const struct check_rs_conf *a, const struct check_rs_conf *b)
{
	if (a->addr.family != b->addr.family || a->port != b->port)
		return false;
	return memcmp(&a->addr.u, &b->addr.u, a->addr.family == AF_INET ? 4 : 16) == 0;
}

void
check_vs_rt_take_over(struct check_vs_rt *vs, const struct check_vs_rt *old)
{
	char vsn[160], rsn[160];

	for (unsigned i = 0; i < vs->n_rs; i++) {
		struct check_rs_rt *rs = &vs->rs[i];

		for (unsigned k = 0; k < old->n_rs; k++) {
			const struct check_rs_rt *o = &old->rs[k];

			if (!rs_same(rs->conf, o->conf))
				continue;
			rs->n_failed = 0;
			for (unsigned j = 0; j < rs->n_checkers; j++) {
				if (j < o->n_checkers &&
				    o->checkers[j].conf->kind == rs->checkers[j].conf->kind) {
					rs->checkers[j].up = o->checkers[j].up;
					rs->checkers[j].has_run = o->checkers[j].has_run;
					rs->checkers[j].judged = o->checkers[j].judged;
					rs->checkers[j].attempts = o->checkers[j].attempts;
					rs->checkers[j].failures = o->checkers[j].failures;
				}
				if (!rs->checkers[j].up)
					rs->n_failed++;
			}
			rs->alive = rs->n_failed == 0;
			/* A weight a checker set survives, unless the configured one changed. */
			rs->weight = o->conf->weight == rs->conf->weight ? o->weight :
									   rs->conf->weight;
			memcpy(rs->reason, o->reason, sizeof(rs->reason));
			rs->changed_us = o->changed_us;
			rs->n_up = o->n_up;
			rs->n_down = o->n_down;
			if (rs->weight != o->weight)
				log_info("Changing weight from %d to %d for %sactive service %s of "
					 "VS %s",
					 o->weight, rs->weight, rs->alive ? "" : "in",
					 check_rs_fmt(rsn, sizeof(rsn), vs->conf, rs->conf),
					 check_vs_fmt(vsn, sizeof(vsn), vs->conf));
			break;
		}
	}
	/* keepalived's lines for the real servers the reload dropped. */
	for (unsigned k = 0; k < old->n_rs; k++) {
		const struct check_rs_rt *o = &old->rs[k];
		bool kept = false;

		for (unsigned i = 0; i < vs->n_rs && !kept; i++)
			kept = rs_same(vs->rs[i].conf, o->conf);
		if (kept)
			continue;
		check_rs_fmt(rsn, sizeof(rsn), old->conf, o->conf);
		log_info("service %s no longer exist", rsn);
		if (o->alive || o->conf->inhibit_on_failure)
			log_info("Removing service %s from VS %s", rsn,
				 check_vs_fmt(vsn, sizeof(vsn), old->conf));
	}
	vs->quorum_up = old->quorum_up;
	vs->sorry_active = old->sorry_active && vs->conf->has_sorry;
}

void
check_vs_log_removed(const struct check_vs_rt *old)
{
	char vsn[160], rsn[160];

	check_vs_fmt(vsn, sizeof(vsn), old->conf);
	log_info("Removing Virtual Server %s", vsn);
	for (unsigned k = 0; k < old->n_rs; k++)
		if (old->rs[k].alive || old->rs[k].conf->inhibit_on_failure)
			log_info("Removing service %s from VS %s",
				 check_rs_fmt(rsn, sizeof(rsn), old->conf, old->rs[k].conf), vsn);
}

/* Quorum ------------------------------------------------------------------ */

long
check_vs_live_weight(const struct check_vs_rt *vs)
{
	long sum = 0;

	for (unsigned i = 0; i < vs->n_rs; i++)
		if (vs->rs[i].alive)
			sum += vs->rs[i].weight;
	return sum;
}

static void
notify(const struct check_rs_observer *obs, enum check_rs_event ev, struct check_vs_rt *vs,
       struct check_rs_rt *rs)
{
	if (obs != NULL && obs->changed != NULL)
		obs->changed(obs->arg, ev, vs, rs);
}

static void
sorry_log(const struct check_vs_rt *vs, bool adding)
{
	const struct check_vs_conf *c = vs->conf;
	char vsn[160], a[INET6_ADDRSTRLEN] = "?";

	inet_ntop(c->sorry_addr.family, &c->sorry_addr.u, a, sizeof(a));
	if (adding)
		log_info("%s sorry server [%s]:%s:%u to VS %s",
			 c->sorry_inhibit ? "Enabling" : "Adding", a, check_vs_proto_text(c),
			 c->sorry_port, check_vs_fmt(vsn, sizeof(vsn), c));
	else
		log_info("%s sorry server [%s]:%s:%u from VS %s",
			 c->sorry_inhibit ? "Disabling" : "Removing", a, check_vs_proto_text(c),
			 c->sorry_port, check_vs_fmt(vsn, sizeof(vsn), c));
}

static void
quorum_update(struct check_vs_rt *vs, const struct check_rs_observer *obs)
{
	const struct check_vs_conf *c = vs->conf;
	long sum = check_vs_live_weight(vs);
	long threshold = (long)c->quorum + (vs->quorum_up ? -1 : 1) * (long)c->hysteresis;
	char vsn[160];

	check_vs_fmt(vsn, sizeof(vsn), c);
	if (!vs->quorum_up && sum >= threshold) {
		vs->quorum_up = true;
		log_info("Gained quorum %u+%u=%ld <= %ld for VS %s", c->quorum, c->hysteresis,
			 threshold, sum, vsn);
		if (vs->sorry_active) {
			sorry_log(vs, false);
			vs->sorry_active = false;
			log_info("Adding alive servers to the pool for VS %s", vsn);
		}
		notify(obs, CHECK_EV_QUORUM_UP, vs, NULL);
	} else if (vs->quorum_up && (sum == 0 || sum < threshold)) {
		vs->quorum_up = false;
		log_info("Lost quorum %u-%u=%ld > %ld for VS %s", c->quorum, c->hysteresis,
			 threshold, sum, vsn);
		if (c->has_sorry && !vs->sorry_active) {
			sorry_log(vs, true);
			log_info("Removing alive servers from the pool for VS %s", vsn);
			vs->sorry_active = true;
		}
		notify(obs, CHECK_EV_QUORUM_DOWN, vs, NULL);
	}
}

/* Checkers and real servers ------------------------------------------------ */

static void
rs_set_alive(struct check_vs_rt *vs, struct check_rs_rt *rs, bool alive, const char *reason,
	     uint64_t now_us, const struct check_rs_observer *obs)
{
	const struct check_rs_conf *c = rs->conf;
	char vsn[160], rsn[160];

	if (rs->alive == alive)
		return;
	check_vs_fmt(vsn, sizeof(vsn), vs->conf);
	check_rs_fmt(rsn, sizeof(rsn), vs->conf, c);
	log_info("%s service %s %s VS %s",
		 alive ? (c->inhibit_on_failure ? "Enabling" : "Adding") :
			 (c->inhibit_on_failure ? "Disabling" : "Removing"),
		 rsn,
		 c->inhibit_on_failure ? "of" :
		 alive                 ? "to" :
					 "from",
		 vsn);
	rs->alive = alive;
	rs->changed_us = now_us;
	snprintf(rs->reason, sizeof(rs->reason), "%s", reason);
	if (alive)
		rs->n_up++;
	else
		rs->n_down++;
	notify(obs, alive ? CHECK_EV_RS_UP : CHECK_EV_RS_DOWN, vs, rs);
	quorum_update(vs, obs);
}

static void
rs_set_weight(struct check_vs_rt *vs, struct check_rs_rt *rs, int weight,
	      const struct check_rs_observer *obs)
{
	char vsn[160], rsn[160];

	if (weight == rs->weight)
		return;
	log_info("Changing weight from %d to %d for %sactive service %s of VS %s", rs->weight,
		 weight, rs->alive ? "" : "in", check_rs_fmt(rsn, sizeof(rsn), vs->conf, rs->conf),
		 check_vs_fmt(vsn, sizeof(vsn), vs->conf));
	rs->weight = weight;
	notify(obs, CHECK_EV_WEIGHT, vs, rs);
	quorum_update(vs, obs);
}

/*
 * The checker block's value when it gave one; else the real server's (or
 * virtual server's) when given; else the checker kind's default, which
 * the block holds (check_probe.h).
 */
static unsigned
checker_retry(const struct check_rs_rt *rs, const struct check_probe_conf *pc)
{
	return pc->retry_given || !rs->conf->retry_given ? pc->retry : rs->conf->retry;
}

static uint64_t
checker_retry_delay(const struct check_rs_rt *rs, const struct check_probe_conf *pc)
{
	return pc->delay_before_retry_given || !rs->conf->delay_before_retry_given ?
		       pc->delay_before_retry_us :
		       rs->conf->delay_before_retry_us;
}

unsigned
check_rs_retries_told(const struct check_rs_rt *rs, unsigned ci)
{
	const struct check_checker_rt *ck = &rs->checkers[ci];

	return check_rs_has_run(ck) ? checker_retry(rs, ck->conf) : 0;
}

uint64_t
check_rs_delay_loop(const struct check_rs_rt *rs, unsigned ci)
{
	const struct check_probe_conf *pc = rs->checkers[ci].conf;

	return pc->delay_loop_us ? pc->delay_loop_us : rs->conf->delay_loop_us;
}

/* keepalived logs an attempt's own failure line only with log_all_failures. */
static void
log_failed_attempt(const struct check_checker_rt *ck, bool first, bool verdict, const char *down,
		   const struct check_outcome *o)
{
	if (!ck->conf->log_all_failures || o->reason[0] == '\0' || !(ck->up || first))
		return;
	/* Where the verdict's line is the attempt's own (SMTP_CHECK...), once. */
	if (verdict && ck->up && strcmp(down, o->reason) == 0)
		return;
	log_info("%s", o->reason);
}

/*
 * Whether the checker counts as having run, as keepalived 2.2.7 decides it
 * for "after N retries" and the first success line: HTTP_GET and SSL_GET
 * from the first attempt on, retried or not; the others (TCP_CHECK,
 * UDP_CHECK, PING_CHECK, DNS_CHECK...) only once they gave a verdict (seen
 * in the UML guest: test/uml/check_fail_lines.sh).
 */
bool
check_rs_has_run(const struct check_checker_rt *ck)
{
	switch (ck->conf->kind) {
	case CHECK_HTTP:
	case CHECK_SSL:
		return ck->has_run;
	default:
		return ck->judged;
	}
}

uint64_t
check_rs_result(struct check_vs_rt *vs, struct check_rs_rt *rs, unsigned ci,
		const struct check_outcome *o, const struct check_rs_lines *lines, uint64_t now_us,
		const struct check_rs_observer *obs)
{
	struct check_checker_rt *ck = &rs->checkers[ci];
	const struct check_probe_conf *pc = ck->conf;
	unsigned retry = checker_retry(rs, pc);
	uint64_t loop = check_rs_delay_loop(rs, ci);
	const char *down = lines != NULL && lines->down != NULL ? lines->down : o->reason;
	const char *up = lines != NULL && lines->up != NULL ? lines->up : "";
	bool first = !ck->has_run;
	bool ran = check_rs_has_run(ck);

	ck->attempts++;
	ck->has_run = true;
	if (o->up) {
		ck->retry_it = 0;
		ck->judged = true;
		if (o->weight >= 0)
			rs_set_weight(vs, rs, o->weight, obs);
		if (!ck->up) {
			if (o->reason[0] != '\0')
				log_info("%s", o->reason);
			if (up[0] != '\0')
				log_info("%s", up);
		} else if (!ran) {
			/* keepalived tells of a first success (after failed retries too): its
			 * up line, else the attempt's. */
			const char *line = up[0] != '\0' ? up : o->reason;

			if (line[0] != '\0')
				log_info("%s", line);
		}
		if (!ck->up) {
			ck->up = true;
			rs->n_failed--;
			if (rs->n_failed == 0)
				rs_set_alive(vs, rs, true, o->reason, now_us, obs);
		}
		return loop;
	}
	ck->failures++;
	log_failed_attempt(ck, first, ck->retry_it >= retry, down, o);
	if (ck->retry_it < retry) {
		ck->retry_it++;
		return checker_retry_delay(rs, pc);
	}
	ck->retry_it = 0;
	ck->judged = true;
	/* A fall, or a first verdict (under alpha too: the checker already down). */
	if (ck->up || !ran)
		log_info("%s", down);
	if (ck->up) {
		ck->up = false;
		rs->n_failed++;
		if (rs->n_failed == 1)
			rs_set_alive(vs, rs, false, o->reason, now_us, obs);
	}
	return loop;
}

bool
check_rs_bfd_state(struct check_vs_rt *vs, struct check_rs_rt *rs, unsigned ci,
		   enum check_bfd_state state, uint64_t now_us, const struct check_rs_observer *obs)
{
	struct check_checker_rt *ck = &rs->checkers[ci];
	bool up = state == CHECK_BFD_UP;
	char rsn[160], line[CHECK_RS_REASON_MAX];

	/* keepalived's BFD process is silent until a session first comes Up. */
	if (!ck->has_run && state == CHECK_BFD_DOWN_INITIAL)
		return false;
	/* Told again what it follows already (a full state after a reload or a restart). */
	if (ck->has_run && ck->up == up)
		return false;
	snprintf(line, sizeof(line), "BFD check of [%.*s] RS(%s) is %s", CHECK_BFD_NAME_MAX - 1,
		 ck->conf->u.file.name, check_rs_fmt(rsn, sizeof(rsn), vs->conf, rs->conf),
		 up ? "UP" : "DOWN");
	log_info("%s", line);
	ck->has_run = true;
	ck->attempts++;
	if (up == ck->up)
		return false;
	ck->up = up;
	if (!up) {
		ck->failures++;
		if (++rs->n_failed == 1)
			rs_set_alive(vs, rs, false, line, now_us, obs);
	} else if (--rs->n_failed == 0) {
		rs_set_alive(vs, rs, true, line, now_us, obs);
	}
	return true;
}

unsigned
check_vs_bfd_state(struct check_vs_rt *vs, unsigned n_vs, const char *name,
		   enum check_bfd_state state, uint64_t now_us, const struct check_rs_observer *obs)
{
	unsigned changed = 0;

	for (unsigned i = 0; i < n_vs; i++)
		for (unsigned j = 0; j < vs[i].n_rs; j++)
			for (unsigned k = 0; k < vs[i].rs[j].n_checkers; k++) {
				const struct check_probe_conf *pc = vs[i].rs[j].checkers[k].conf;

				if (pc->kind == CHECK_BFD && strcmp(pc->u.file.name, name) == 0)
					changed += check_rs_bfd_state(&vs[i], &vs[i].rs[j], k,
								      state, now_us, obs);
			}
	return changed;
}

uint64_t
check_rs_first_delay(const struct check_rs_rt *rs, unsigned ci, uint64_t random_us)
{
	const struct check_probe_conf *pc = rs->checkers[ci].conf;
	uint64_t warmup = pc->warmup_given ? pc->warmup_us : rs->conf->warmup_us;

	return warmup == 0 ? 0 : random_us % (warmup + 1);
}

/* The table --------------------------------------------------------------- */

static void
svc_settings(struct check_ipvs_svc *s, const struct check_vs_conf *c)
{
	snprintf(s->sched, sizeof(s->sched), "%s", c->sched);
	/*
	 * HASHED is the kernel's own (it reports it on every service, and the
	 * listing drops it); ops means something for UDP only, and keepalived
	 * leaves it out elsewhere.
	 */
	s->flags = c->svc_flags & ~(uint32_t)CHECK_SVC_F_HASHED;
	if (c->protocol != IPPROTO_UDP || s->fwmark != 0)
		s->flags &= ~(uint32_t)CHECK_SVC_F_ONEPACKET;
	/*
	 * keepalived 2.2.7 programs a group's services without the
	 * persistence_granularity (seen in IPVS: "persistent 120", no mask),
	 * and a plain or fwmark service with it.
	 */
	if (c->persistence_timeout_s != 0 && (!c->granularity_given || c->kind == CHECK_VS_GROUP)) {
		s->flags |= SVC_F_PERSISTENT;
		s->timeout = c->persistence_timeout_s;
		s->netmask = s->family == AF_INET6 ? 128 : UINT32_MAX;
	} else if (c->persistence_timeout_s != 0) {
		s->flags |= SVC_F_PERSISTENT;
		s->timeout = c->persistence_timeout_s;
		s->netmask = c->persistence_netmask;
	} else {
		s->netmask = s->family == AF_INET6 ? 128 : UINT32_MAX;
	}
	snprintf(s->pe_name, sizeof(s->pe_name), "%s", c->persistence_engine);
}

static void
fwd_to_dest(struct check_ipvs_dest *d, const struct check_fwd_conf *f)
{
	d->conn_flags = (uint32_t)f->method;
	d->tun_type = (uint8_t)f->tun_type;
	d->tun_port = f->tun_port;
	d->tun_flags = f->tun_flags;
}

/* The destinations of one service, per the rules of check_rs.h. */
static int
add_dests(const struct check_vs_rt *vs, struct check_ipvs_entry *e)
{
	const struct check_vs_conf *c = vs->conf;
	struct check_ipvs_dest d;

	for (unsigned i = 0; i < vs->n_rs; i++) {
		const struct check_rs_rt *rs = &vs->rs[i];
		bool serving = rs->alive && !vs->sorry_active;

		if (!serving && !rs->conf->inhibit_on_failure)
			continue;
		memset(&d, 0, sizeof(d));
		d.addr = rs->conf->addr;
		d.port = rs->conf->port;
		d.weight = serving ? rs->weight : 0;
		d.u_threshold = rs->conf->u_threshold;
		d.l_threshold = rs->conf->l_threshold;
		fwd_to_dest(&d, &rs->conf->fwd);
		if (check_table_add_dest(e, &d) == -1)
			return -1;
	}
	if (c->has_sorry && (vs->sorry_active || c->sorry_inhibit)) {
		memset(&d, 0, sizeof(d));
		d.addr = c->sorry_addr;
		d.port = c->sorry_port;
		d.weight = vs->sorry_active ? 1 : 0;
		fwd_to_dest(&d, &c->sorry_fwd);
		for (unsigned i = 0; i < e->n_dests; i++)
			if (check_dest_same(&e->dests[i], &d))
				return 0; /* the sorry server is also a real server */
		if (check_table_add_dest(e, &d) == -1)
			return -1;
	}
	return 0;
}

static int
add_svc(const struct check_vs_rt *vs, struct check_ipvs_table *t, struct check_ipvs_svc *s)
{
	struct check_ipvs_entry *e;

	svc_settings(s, vs->conf);
	if (check_table_find(t, s) != NULL)
		return 0; /* two groups naming one service: the first wins */
	e = check_table_add_svc(t, s);
	return e == NULL ? -1 : add_dests(vs, e);
}

/* Each address of a range is a service of its own, as keepalived adds them. */
#define CHECK_GROUP_RANGE_MAX 256

static int
add_group(const struct check_vs_rt *vs, const struct check_conf *conf, struct check_ipvs_table *t)
{
	const struct check_vs_conf *c = vs->conf;
	const struct check_vsg_conf *g;

	for (g = conf->groups; g != NULL; g = g->next)
		if (strcmp(g->name, c->group) == 0)
			break;
	if (g == NULL)
		return 0;
	for (const struct check_vsg_entry *e = g->entries; e != NULL; e = e->next) {
		struct check_ipvs_svc s = { 0 };

		if (e->is_fwmark) {
			s.family = e->family ? e->family : c->family;
			s.fwmark = e->fwmark;
			if (add_svc(vs, t, &s) == -1)
				return -1;
			continue;
		}
		if (e->family != c->family)
			continue;
		s.family = e->family;
		s.protocol = (uint16_t)c->protocol;
		s.port = e->port;
		s.addr = e->first;
		for (unsigned n = 0; n < CHECK_GROUP_RANGE_MAX; n++) {
			uint8_t *b = s.family == AF_INET ? (uint8_t *)&s.addr.u.v4 :
							   s.addr.u.v6.s6_addr;
			size_t len = s.family == AF_INET ? 4 : 16;

			if (add_svc(vs, t, &s) == -1)
				return -1;
			if (memcmp(b, &e->last.u, len) >= 0)
				break;
			for (size_t k = len; k-- > 0;)
				if (++b[k] != 0)
					break;
		}
	}
	return 0;
}

int
check_vs_desired(const struct check_vs_rt *vs, const struct check_conf *conf,
		 struct check_ipvs_table *t)
{
	const struct check_vs_conf *c = vs->conf;
	struct check_ipvs_svc s = { 0 };

	switch (c->kind) {
	case CHECK_VS_GROUP:
		if (c->auto_fwmark == 0)
			return add_group(vs, conf, t);
		/* nftables_ipvs: the group is one fwmark service (check_nft_marks.h). */
		s.family = c->family;
		s.fwmark = c->auto_fwmark;
		break;
	case CHECK_VS_FWMARK:
		s.family = c->family;
		s.fwmark = c->fwmark;
		break;
	default:
		s.family = c->family;
		s.protocol = (uint16_t)c->protocol;
		s.addr = c->addr;
		s.port = c->port;
		break;
	}
	return add_svc(vs, t, &s);
}
