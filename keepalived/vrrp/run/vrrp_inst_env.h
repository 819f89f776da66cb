/*
 * What a live instance needs from the daemon that runs it, handed to the
 * instance as one struct instead of calls back into the daemon: the event
 * loop, the netlink handle and its interface cache, the global unicast
 * settings of the running configuration, and the handles the daemon opens
 * on first use and shares between instances (ARP/ND senders, use_vmac's
 * interfaces, the routes/rules socket). Unit tests fill one in with fakes.
 */
#ifndef VRRP_INST_ENV_H
#define VRRP_INST_ENV_H

struct ev_loop;
struct ev_timer;
struct vrrp_arp;
struct vrrp_lease_set;
struct vrrp_garp_pacers;
struct vrrp_nl;
struct vrrp_nft;
struct vrrp_route_nl;
struct vrrp_unicast_global;
struct vrrp_vmac_ctx;

/* The shared handles; each returns NULL when it cannot be opened (logged). owner: env->owner. */
struct vrrp_inst_env_ops {
	/* The GARP/NA sender of interface ifindex. */
	struct vrrp_arp *(*arp)(void *owner, int ifindex);
	/* use_vmac's interfaces and sysctls. */
	struct vrrp_vmac_ctx *(*vmac_ctx)(void *owner);
	/* virtual_routes/rules, static_*. */
	struct vrrp_route_nl *(*route_nl)(void *owner);
};

struct vrrp_inst_env {
	struct ev_loop *loop;
	struct vrrp_nl *nl;
	/*
	 * vrrp_mcast_group4/6, vrrp_check_unicast_src of the running configuration (NULL:
	 * defaults).
	 */
	const struct vrrp_unicast_global *unicast;
	const struct vrrp_inst_env_ops *ops;
	/* The no_accept drop table (kernel/vrrp_nft.h), NULL when no instance needs it. */
	struct vrrp_nft *nft;
	void *owner;
	struct vrrp_lease_set *lease; /* vip_lease renewals (vrrp_lease.h); NULL in tests */
	/* GARP/NA pacing of the running configuration (vrrp_garp_sched.h); NULL: none. */
	struct vrrp_garp_pacers *garp;
	/*
	 * The daemon's one VIP check, for all instances (vrrp_inst_vips_sweep()):
	 * an instance that installs its VIPs arms it when idle. NULL: none.
	 */
	struct ev_timer *vip_sweep;
};

#endif
