/*
 * Self-fencing VIP leases: when to renew, the batch of renewals of every
 * instance, and what a Master does when its lease ran out
 * (vrrp_lease.h explains the scheme).
 */
#include "keepalived/vrrp/run/vrrp_lease.h"

#include <stdlib.h>
#include <string.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/run/vrrp_instance.h"

#define LEASE_US_PER_S 1000000ULL
#define LEASE_US_PER_CS 10000ULL

/* One instance's part of a run's batch. */
struct lease_job {
	size_t inst; /* its index */
	int op;      /* enum lease_op */
	size_t first, count;
};

struct vrrp_lease_set {
	struct ev_loop *loop;
	struct vrrp_nl *nl;
	struct vrrp_inst *(*inst_at)(void *owner, size_t i);
	void *owner;
	struct ev_timer timer;
	struct vrrp_nl_renewal *items; /* reused from run to run */
	size_t cap;
	struct lease_job *jobs; /* the instances of the current run */
	size_t jobs_cap;
};

/* Pure decisions ------------------------------------------------------------------ */

uint64_t
vrrp_lease_guard_us(uint32_t lft_s)
{
	uint64_t quarter = (uint64_t)lft_s * LEASE_US_PER_S / 4;

	return quarter < VRRP_LEASE_GUARD_MAX_US ? quarter : VRRP_LEASE_GUARD_MAX_US;
}

bool
vrrp_lease_renew_safe(uint64_t renewed_us, uint32_t lft_s, uint64_t now_us)
{
	return now_us < renewed_us + (uint64_t)lft_s * LEASE_US_PER_S - vrrp_lease_guard_us(lft_s);
}

uint64_t
vrrp_lease_backstop_us(uint64_t renewed_us, uint32_t lft_s)
{
	return renewed_us + (uint64_t)lft_s * LEASE_US_PER_S / 2;
}

bool
vrrp_lease_advert_renews(uint64_t renewed_us, uint32_t lft_s, uint64_t adv_us, uint64_t now_us)
{
	uint64_t gap = adv_us / 2 > VRRP_LEASE_MIN_GAP_US ? adv_us / 2 : VRRP_LEASE_MIN_GAP_US;
	uint64_t quarter = (uint64_t)lft_s * LEASE_US_PER_S / 4;

	if (gap > quarter)
		gap = quarter;
	return now_us >= renewed_us + gap;
}

uint64_t
vrrp_lease_remaining_us(uint64_t renewed_us, uint32_t lft_s, uint64_t now_us)
{
	uint64_t end = renewed_us + (uint64_t)lft_s * LEASE_US_PER_S;

	return now_us < end ? end - now_us : 0;
}

/* The set ------------------------------------------------------------------------- */

static void lease_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg);

struct vrrp_lease_set *
vrrp_lease_set_new(struct ev_loop *loop, struct vrrp_nl *nl,
		   struct vrrp_inst *(*inst_at)(void *owner, size_t i), void *owner)
{
	struct vrrp_lease_set *set = calloc(1, sizeof(*set));

	if (set == NULL)
		return NULL;
	set->loop = loop;
	set->nl = nl;
	set->inst_at = inst_at;
	set->owner = owner;
	ev_timer_init(&set->timer, lease_timer_cb, set);
	return set;
}

void
vrrp_lease_set_free(struct vrrp_lease_set *set)
{
	if (set == NULL)
		return;
	ev_timer_stop(set->loop, &set->timer);
	free(set->items);
	free(set->jobs);
	free(set);
}

/* Run the timer no later than at. */
static void
lease_poke(struct vrrp_lease_set *set, uint64_t at)
{
	if (set == NULL)
		return;
	if (!ev_timer_active(&set->timer) || at < set->timer.deadline_us)
		ev_timer_start_at(set->loop, &set->timer, at);
}

/* The lifetime inst's VIPs should carry now (0: permanent). */
static uint32_t
lease_wanted(const struct vrrp_inst *inst)
{
	return inst->conf->lease.lease_s;
}

static bool
lease_holder(const struct vrrp_inst *inst)
{
	return inst->fsm.state == VRRP_STATE_MASTER && inst->vips_installed;
}

/* Whether inst has anything to renew: a lease, or one to change or end. */
static bool
lease_renewable(const struct vrrp_inst *inst)
{
	const struct vrrp_inst_lease *l = inst->lease;

	return l != NULL && l->active && (l->lft_s > 0 || lease_wanted(inst) > 0);
}

/* When inst needs the timer next; UINT64_MAX: never. */
static uint64_t
lease_next(const struct vrrp_inst *inst, uint64_t now)
{
	const struct vrrp_inst_lease *l = inst->lease;

	if (!lease_renewable(inst) || !lease_holder(inst))
		return UINT64_MAX;
	if (l->lapsed)
		return l->lapsed_us + VRRP_LEASE_GRACE_US;
	if (l->due || l->lft_s != lease_wanted(inst))
		return now;
	return vrrp_lease_backstop_us(l->renewed_us, l->lft_s);
}

static void
lease_lapse(struct vrrp_inst *inst, uint64_t now)
{
	struct vrrp_inst_lease *l = inst->lease; /* renewable: present */

	l->lapsed = true;
	l->lapsed_us = now;
	l->due = false;
	l->stats.lapses++;
	log_warnx("(%s) VIP lease of %us ran out (last renewed %llu ms ago: the daemon was stopped "
		  "or starved); reinstalling the VIPs in %llu ms if still Master",
		  inst->conf->name, l->lft_s, (unsigned long long)((now - l->renewed_us) / 1000),
		  VRRP_LEASE_GRACE_US / 1000);
	lease_poke(inst->env->lease, now + VRRP_LEASE_GRACE_US);
}

/* Append inst's addresses to the batch (all of them, or those in place). 0 or -1. */
static int
lease_collect(struct vrrp_lease_set *set, size_t *n, struct vrrp_inst *inst, bool all, uint32_t lft)
{
	const struct vrrp_instance_conf *c = inst->conf;
	int ifindex = vrrp_inst_vip_ifindex(inst);

	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		const struct vrrp_vip *v = vrrp_inst_addr(c, i);

		/* One someone removed is the restore path's (vrrp_inst_vip_deleted()). */
		if (!all && !vrrp_nl_vip_present(set->nl, ifindex, v))
			continue;
		if (*n == set->cap) {
			size_t cap = set->cap ? set->cap * 2 : 64;
			struct vrrp_nl_renewal *grown = realloc(set->items, cap * sizeof(*grown));

			if (grown == NULL)
				return -1;
			set->items = grown;
			set->cap = cap;
		}
		set->items[*n].vip = v;
		set->items[*n].default_ifindex = ifindex;
		set->items[*n].lft_s = lft;
		set->items[*n].err = 0;
		(*n)++;
	}
	return 0;
}

/* What the run does for one instance. */
enum lease_op {
	LEASE_OP_NONE,
	LEASE_OP_RENEW,
	LEASE_OP_REINSTALL,
};

static enum lease_op
lease_decide(struct vrrp_inst *inst, uint64_t now)
{
	struct vrrp_inst_lease *l = inst->lease;

	if (!lease_renewable(inst) || !lease_holder(inst))
		return LEASE_OP_NONE;
	if (l->lapsed)
		return now >= l->lapsed_us + VRRP_LEASE_GRACE_US ? LEASE_OP_REINSTALL :
								   LEASE_OP_NONE;
	if (l->lft_s > 0 && !vrrp_lease_renew_safe(l->renewed_us, l->lft_s, now)) {
		lease_lapse(inst, now);
		return LEASE_OP_NONE;
	}
	if (l->due || l->lft_s != lease_wanted(inst) ||
	    now >= vrrp_lease_backstop_us(l->renewed_us, l->lft_s))
		return LEASE_OP_RENEW;
	return LEASE_OP_NONE;
}

/* After the batch: the new lease of inst, whose items are [first, first + count). */
static void
lease_done(struct vrrp_lease_set *set, struct vrrp_inst *inst, int op, size_t first, size_t count,
	   uint64_t now)
{
	struct vrrp_inst_lease *l = inst->lease; /* lease_decide(): present */

	l->due = false;
	/* Nothing in place to renew: what is missing is the restore path's. */
	if (count == 0 && op == LEASE_OP_RENEW)
		return;
	for (size_t i = first; i < first + count; i++)
		if (set->items[i].err != 0)
			l->stats.renew_errors++;
	l->lft_s = lease_wanted(inst);
	l->renewed_us = now;
	l->stats.renewals++;
	if (op != LEASE_OP_REINSTALL)
		return;
	l->lapsed = false;
	l->stats.reinstalls += count;
	log_info("(%s) still Master after its VIP lease ran out: VIPs reinstalled",
		 inst->conf->name);
	/* The kernel took the routes that used them along (virtual_routes: idempotent). */
	vrrp_inst_routes(inst, true);
	/* Another router held them meanwhile: the neighbours must learn our MAC again. */
	vrrp_inst_garp_start(inst, NULL);
}

/* Grow the job list to hold one more. 0 or -1. */
static int
lease_job_room(struct vrrp_lease_set *set, size_t njobs)
{
	size_t cap;
	struct lease_job *grown;

	if (njobs < set->jobs_cap)
		return 0;
	cap = set->jobs_cap ? set->jobs_cap * 2 : 16;
	grown = realloc(set->jobs, cap * sizeof(*grown));
	if (grown == NULL)
		return -1;
	set->jobs = grown;
	set->jobs_cap = cap;
	return 0;
}

static void
lease_timer_cb(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_lease_set *set = arg;
	uint64_t now = ev_now(loop), next = UINT64_MAX;
	struct vrrp_inst *inst;
	size_t n = 0, njobs = 0, i;

	/* One batch: the renewals and reinstalls of every instance. */
	for (i = 0; (inst = set->inst_at(set->owner, i)) != NULL; i++) {
		enum lease_op op = lease_decide(inst, now);
		size_t first = n;

		if (op == LEASE_OP_NONE)
			continue;
		if (lease_job_room(set, njobs) == -1 ||
		    lease_collect(set, &n, inst, op == LEASE_OP_REINSTALL, lease_wanted(inst)) ==
			    -1) {
			n = first;
			log_warnx("(%s) VIP lease: out of memory for the renewal",
				  inst->conf->name);
			continue;
		}
		set->jobs[njobs++] = (struct lease_job){ i, op, first, n - first };
	}
	if (n > 0)
		(void)vrrp_nl_vips_renew(set->nl, set->items, n);
	for (size_t j = 0; j < njobs; j++) {
		inst = set->inst_at(set->owner, set->jobs[j].inst);
		if (inst != NULL)
			lease_done(set, inst, set->jobs[j].op, set->jobs[j].first,
				   set->jobs[j].count, now);
	}
	for (i = 0; (inst = set->inst_at(set->owner, i)) != NULL; i++) {
		uint64_t at = lease_next(inst, now);

		if (at < next)
			next = at;
	}
	if (next != UINT64_MAX)
		ev_timer_start_at(loop, t, next > now ? next : now);
}

/* Hooks ---------------------------------------------------------------------------- */

/*
 * inst's lease state, allocated if need be: only instances given a lease
 * carry one (NULL: out of memory, logged; the VIPs keep the lifetime they
 * were installed with and are not renewed).
 */
static struct vrrp_inst_lease *
lease_block(struct vrrp_inst *inst)
{
	if (inst->lease == NULL) {
		inst->lease = calloc(1, sizeof(*inst->lease));
		if (inst->lease == NULL)
			log_warnx("(%s) VIP lease: out of memory for its state, the VIPs will not "
				  "be renewed",
				  inst->conf->name);
	}
	return inst->lease;
}

void
vrrp_lease_installed(struct vrrp_inst *inst, bool add)
{
	struct vrrp_inst_lease *l = inst->lease;
	uint64_t now = ev_now(inst->env->loop);

	/* An instance without a lease needs no state until one installs under it. */
	if (l == NULL && (!add || lease_wanted(inst) == 0))
		return;
	if (l == NULL && (l = lease_block(inst)) == NULL)
		return;
	l->active = add;
	l->due = false;
	l->lapsed = false;
	l->lft_s = add ? lease_wanted(inst) : 0;
	l->renewed_us = now;
	if (add && l->lft_s > 0)
		lease_poke(inst->env->lease, vrrp_lease_backstop_us(now, l->lft_s));
}

void
vrrp_lease_advert(struct vrrp_inst *inst)
{
	struct vrrp_inst_lease *l = inst->lease;
	uint64_t now = ev_now(inst->env->loop);

	if (!lease_renewable(inst) || !lease_holder(inst) || l->lapsed)
		return;
	if (l->lft_s != lease_wanted(inst) ||
	    vrrp_lease_advert_renews(l->renewed_us, l->lft_s,
				     (uint64_t)inst->conf->adver_int_cs * LEASE_US_PER_CS, now)) {
		l->due = true;
		lease_poke(inst->env->lease, now);
	}
}

bool
vrrp_lease_hold_restore(struct vrrp_inst *inst)
{
	struct vrrp_inst_lease *l = inst->lease;
	uint64_t now = ev_now(inst->env->loop);

	if (l == NULL || !l->active || l->lft_s == 0 || inst->env->lease == NULL)
		return false;
	if (l->lapsed)
		return true;
	if (vrrp_lease_renew_safe(l->renewed_us, l->lft_s, now))
		return false;
	if (lease_holder(inst))
		lease_lapse(inst, now);
	return true;
}

bool
vrrp_lease_remaining(const struct vrrp_inst *inst, uint64_t now_us, uint64_t *left_us)
{
	const struct vrrp_inst_lease *l = inst->lease;

	if (l == NULL || !l->active || l->lft_s == 0)
		return false;
	*left_us = l->lapsed ? 0 : vrrp_lease_remaining_us(l->renewed_us, l->lft_s, now_us);
	return true;
}

void
vrrp_lease_adopt(struct vrrp_inst *inst)
{
	struct vrrp_inst_lease *l;
	uint64_t now;

	/* With state already, the lease logic follows the new lifetime itself. */
	if (inst->lease != NULL || !inst->vips_installed || lease_wanted(inst) == 0)
		return;
	if ((l = lease_block(inst)) == NULL)
		return;
	/* As if installed without a lease: lft_s 0 differs from the one wanted, renewed now. */
	now = ev_now(inst->env->loop);
	l->active = true;
	l->renewed_us = now;
	lease_poke(inst->env->lease, now);
}
