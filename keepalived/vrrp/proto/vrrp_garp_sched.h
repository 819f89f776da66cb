/*
 * When gratuitous ARPs and unsolicited NAs may leave: the decisions, with
 * time as a parameter (no system calls; run/vrrp_instance_garp.c sends).
 *
 *  - Pacing (vrrp_garp_interval, vrrp_gna_interval, garp_group): messages on
 *    an interface, or on any interface of a garp_group, are spaced by the
 *    interval, whichever instance sends them; ARPs and NAs are paced apart.
 *    One struct vrrp_garp_pace per group, and per other interface when the
 *    global intervals are set; none where nothing is paced.
 *  - The delayed burst (garp_master_delay after becoming Master,
 *    garp_lower_prio_delay after answering a lower-priority advert): at most
 *    one is pending per instance. A new one merges into it: the later
 *    deadline, the larger count. The immediate lower-priority bursts are
 *    bounded by the state machine (one answer per advert interval); merging
 *    keeps the delayed ones from piling up under a flood of such adverts.
 *  - garp_extra_if: which of a Master's VIP interfaces get the periodic
 *    message.
 */
#ifndef VRRP_GARP_SCHED_H
#define VRRP_GARP_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vrrp_conf;

enum vrrp_garp_kind {
	VRRP_GARP_ARP = 0, /* IPv4: gratuitous ARP */
	VRRP_GARP_NA = 1,  /* IPv6: unsolicited neighbour advertisement */
	VRRP_GARP_KIND_COUNT_
};

struct vrrp_garp_pace {
	uint64_t interval_us[VRRP_GARP_KIND_COUNT_]; /* 0: not paced */
	uint64_t next_us[VRRP_GARP_KIND_COUNT_];     /* none may leave before */
};

/* Family AF_INET / AF_INET6 to its kind. */
enum vrrp_garp_kind vrrp_garp_kind_of(int family);
/* Returns: 0 if a message of kind may leave at now_us, else how long it must wait (us). */
uint64_t vrrp_garp_pace_wait(const struct vrrp_garp_pace *p, enum vrrp_garp_kind kind,
			     uint64_t now_us);
/* A message of kind left at now_us. */
void vrrp_garp_pace_sent(struct vrrp_garp_pace *p, enum vrrp_garp_kind kind, uint64_t now_us);

/*
 * The pacers of a configuration: one per garp_group (its intervals, or the
 * global ones it does not set), one per other interface when
 * vrrp_garp_interval or vrrp_gna_interval is set, made on first use.
 */
struct vrrp_garp_pacers;
/* Returns: NULL when out of memory (then nothing is paced). */
struct vrrp_garp_pacers *vrrp_garp_pacers_new(const struct vrrp_conf *conf);
/* The pacer of ifname; NULL if nothing on it is paced (or out of memory). */
struct vrrp_garp_pace *vrrp_garp_pacer(struct vrrp_garp_pacers *ps, const char *ifname);
void vrrp_garp_pacers_free(struct vrrp_garp_pacers *ps);

/* A pending delayed burst: rounds over the addresses at at_us; rounds 0: none. */
struct vrrp_garp_later {
	uint32_t rounds;
	uint64_t at_us;
};

/* Schedule rounds at at_us, merged with a pending one (the later time, the larger count). */
void vrrp_garp_later_merge(struct vrrp_garp_later *l, uint32_t rounds, uint64_t at_us);

/*
 * garp_extra_if: whether a Master's VIP interface gets the periodic message.
 * ours: a VMAC this daemon made; own: the interface the instance's VIPs
 * live on by default (its VMAC with use_vmac); xmit_base: vmac_xmit_base
 * (the adverts leave by the parent, so the VMAC's MAC is otherwise never
 * seen by the switches). keepalived 2.2.7's rule: only our VMACs unless
 * `all`, and never the own interface unless xmit_base.
 */
bool vrrp_garp_extra_if_wanted(bool all, bool ours, bool own, bool xmit_base);

#endif
