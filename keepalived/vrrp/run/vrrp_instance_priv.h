/*
 * What the files of a live instance share and nobody else needs:
 * vrrp_instance.c (its life and its state machine's actions),
 * vrrp_instance_tx.c (the adverts it sends) and vrrp_instance_rx.c (the
 * packets it takes). The daemon and the other run-time modules use
 * vrrp_instance.h only.
 */
#ifndef VRRP_INSTANCE_PRIV_H
#define VRRP_INSTANCE_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/vrrp/run/vrrp_instance.h"

struct log_ratelimit;

static inline struct ev_loop *
vrrp_inst_loop(const struct vrrp_inst *inst)
{
	return inst->env->loop;
}

static inline const struct vrrp_unicast_global *
vrrp_inst_uglobal(const struct vrrp_inst *inst)
{
	return inst->env->unicast;
}

/* The trouble block of inst, allocated on its first drop or error (vrrp_instance.c). */
struct vrrp_inst_trouble *vrrp_inst_trouble(struct vrrp_inst *inst);
/* The rate limit of its log lines about refused packets and failed sends. */
struct log_ratelimit *vrrp_inst_rx_log(struct vrrp_inst *inst);

/*
 * The source address of its adverts (vrrp_instance_tx.c); false: none is
 * usable, and the instance is in Fault.
 */
bool vrrp_inst_source(const struct vrrp_inst *inst, union vrrp_addr *src);
/* Its unicast_src_ip cannot be bound to (keepalived's start-up lines then). */
bool vrrp_inst_src_unbindable(const struct vrrp_inst *inst);
/* (Re)build its advert from src. */
void vrrp_inst_build_tx(struct vrrp_inst *inst, const union vrrp_addr *src);
/* Send its advert with priority; batch: it may join the socket's send batch. */
void vrrp_inst_send(struct vrrp_inst *inst, uint8_t priority, bool batch);

#endif
