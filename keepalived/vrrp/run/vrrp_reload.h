/*
 * Reload planning (vrrp_reload.c): match the instances of a new
 * configuration to the running ones, classify what changed, and plan what
 * each must do. Pure: configurations in, a plan out; vrrp_daemon_apply.c carries
 * it out with the instances' own code, at start-up (over no running
 * instance) and at every reload alike.
 */
#ifndef VRRP_RELOAD_H
#define VRRP_RELOAD_H

#include <stdbool.h>
#include <stddef.h>

struct vrrp_conf;
struct vrrp_instance_conf;
struct vrrp_vip;

enum vrrp_reload_kind {
	VRRP_RELOAD_NEW = 0, /* started from scratch (new, or a restart of steps[].old) */
	VRRP_RELOAD_KEEP,    /* identical: untouched */
	VRRP_RELOAD_UPDATE,  /* changed in place */
};

struct vrrp_reload_step {
	enum vrrp_reload_kind kind;
	const struct vrrp_instance_conf *conf; /* the new configuration */
	long old; /* the running instance it continues (KEEP, UPDATE) or restarts (NEW), or -1 */
};

struct vrrp_reload_plan {
	struct vrrp_reload_step *steps; /* one per new instance, in configuration order */
	size_t nsteps;
	bool *stops; /* per running instance: it stops (removed, or restarted) */
	size_t nold;
};

/*
 * Plan newconf over the running instances configured by old[0..nold-1].
 * Returns 0, or -1 (no memory; plan is empty).
 */
int vrrp_reload_plan(struct vrrp_reload_plan *plan, const struct vrrp_instance_conf *const *old,
		     size_t nold, const struct vrrp_conf *newconf);
void vrrp_reload_plan_free(struct vrrp_reload_plan *plan);
/* What a running instance configured by o needs to be configured by n (same VRID...). */
enum vrrp_reload_kind vrrp_reload_classify(const struct vrrp_instance_conf *o,
					   const struct vrrp_instance_conf *n);
/* Whether v is in set[0..n-1], every attribute alike. */
bool vrrp_reload_vip_in(const struct vrrp_vip *v, const struct vrrp_vip *set, size_t n);
const char *vrrp_reload_kind_name(enum vrrp_reload_kind k); /* "new", "keep", "update" */

#endif
