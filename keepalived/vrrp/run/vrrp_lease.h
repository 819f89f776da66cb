/*
 * Self-fencing VIP leases, run-time side (vip_lease, vrrp_conf_lease.h).
 *
 * A leased instance installs its VIPs with a kernel lifetime of L whole
 * seconds (vip->lease_s). While it is Master it renews them: right after an
 * advert leaves (at most every max(advert_int/2, 0.2 s)), and at the
 * latest half a lease after the last renewal, on CLOCK_MONOTONIC (the
 * loop's clock; the kernel counts lifetimes in jiffies, which a wall-clock
 * step does not move either). Renewals of every instance due in one loop
 * iteration leave together, in one netlink batch (vrrp_nl_vips_renew()):
 * a lifetime update in place, no delete, no GARP, no route or label change.
 *
 * A renewal is sent only while it is safely early: before the last one
 * plus L minus a guard (a quarter of the lease, at most 0.5 s), since the
 * kernel would re-create an address that expired meanwhile. A Master that
 * finds itself past that point (it was frozen or starved: the kernel has
 * removed, or is about to remove, its VIPs) or that hears of the delete
 * does not put them back at once: the lease has lapsed, a Backup has most
 * likely taken over, and its adverts are queued. After a short grace
 * (VRRP_LEASE_GRACE_US), in which those adverts are taken, an instance
 * still Master reinstalls its VIPs with a fresh lease and announces them
 * again; one that went Backup has nothing to do.
 *
 * The set (one per daemon) owns the only timer; each instance's state is
 * plain values in struct vrrp_inst (moved with it on reload).
 */
#ifndef VRRP_LEASE_H
#define VRRP_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;
struct vrrp_inst;
struct vrrp_nl;
struct vrrp_lease_set;

#define VRRP_LEASE_GRACE_US 100000ULL     /* after a lapse, before reinstalling */
#define VRRP_LEASE_GUARD_MAX_US 500000ULL /* renew no later than this before expiry */
#define VRRP_LEASE_MIN_GAP_US 200000ULL   /* renewals at adverts: at most this often */

struct vrrp_lease_stats {
	uint64_t renewals;     /* instance renewals (one per instance and batch) */
	uint64_t renew_errors; /* VIPs whose renewal the kernel refused */
	uint64_t lapses;       /* leases that ran out while installed */
	uint64_t reinstalls;   /* VIPs put back by a Master after a lapse */
};

/* An instance's lease, in struct vrrp_inst. Zeroed: none. */
struct vrrp_inst_lease {
	uint32_t lft_s;      /* the lifetime its installed VIPs carry; 0: permanent or none */
	bool active;         /* VIPs installed under the lease logic */
	bool due;            /* an advert asked for a renewal */
	bool lapsed;         /* ran out: reinstall after the grace if still Master */
	uint64_t renewed_us; /* last install or renewal, loop time (not after the kernel's) */
	uint64_t lapsed_us;  /* when the lapse was noticed */
	struct vrrp_lease_stats stats;
};

/* Pure decisions (times in microseconds on one monotonic clock) -------------- */

/* The guard: a quarter of the lease, at most VRRP_LEASE_GUARD_MAX_US. */
uint64_t vrrp_lease_guard_us(uint32_t lft_s);
/* Whether a renewal sent now is safely before the kernel may expire the lease. */
bool vrrp_lease_renew_safe(uint64_t renewed_us, uint32_t lft_s, uint64_t now_us);
/* The latest renewal time: half a lease after the last one. */
uint64_t vrrp_lease_backstop_us(uint64_t renewed_us, uint32_t lft_s);
/* Whether an advert sent now asks for a renewal. */
bool vrrp_lease_advert_renews(uint64_t renewed_us, uint32_t lft_s, uint64_t adv_us,
			      uint64_t now_us);
/* Time left before the kernel may remove the VIPs (0 when past). */
uint64_t vrrp_lease_remaining_us(uint64_t renewed_us, uint32_t lft_s, uint64_t now_us);

/* The set -------------------------------------------------------------------- */

/*
 * inst_at(owner, i): the daemon's i-th live instance, NULL past the last
 * (read at each timer run, so reloads need no registration). NULL on ENOMEM.
 */
struct vrrp_lease_set *vrrp_lease_set_new(struct ev_loop *loop, struct vrrp_nl *nl,
					  struct vrrp_inst *(*inst_at)(void *owner, size_t i),
					  void *owner);
void vrrp_lease_set_free(struct vrrp_lease_set *set);

/* Hooks of the instance code --------------------------------------------------- */

/* vrrp_inst_vips(): the VIPs were just installed (add) or removed. */
void vrrp_lease_installed(struct vrrp_inst *inst, bool add);
/*
 * vrrp_inst_move(): a reload gave a lease to an instance whose VIPs are
 * installed without one; they are renewed under it at once.
 */
void vrrp_lease_adopt(struct vrrp_inst *inst);
/* vrrp_inst_apply(): an advert was sent. */
void vrrp_lease_advert(struct vrrp_inst *inst);
/*
 * vrrp_inst_vip_deleted(): true when a VIP missing now is the lease's doing
 * (lapsed, or past the time the kernel may have removed it), so that it is
 * not restored at once; the set reinstalls after the grace if still Master.
 */
bool vrrp_lease_hold_restore(struct vrrp_inst *inst);
/* For status: seconds left of inst's lease (0 when past), false when it has none. */
bool vrrp_lease_remaining(const struct vrrp_inst *inst, uint64_t now_us, uint64_t *left_us);

#endif
