/*
 * The daemon's no_accept table (kernel/vrrp_nft.h) across start-up,
 * reloads and exit (run layer). The instances themselves put their
 * addresses into the drop sets and take them out (vrrp_instance_vips.c)
 * through env->nft; this module decides when the table exists, with which
 * options, and corrects its sets after a reload.
 */
#ifndef VRRP_FIREWALL_H
#define VRRP_FIREWALL_H

#include <stddef.h>

struct vrrp_conf;
struct vrrp_inst;
struct vrrp_inst_env;
struct vrrp_nft;

/*
 * Before conf is applied (start-up, reload): the table it asks for, open
 * before any instance can install an address (env->nft). A table with
 * other options is made beside the old one, holding in the same batch
 * what the running instances hold; *old is then the old one, for
 * vrrp_firewall_sync(). A failure is logged and the instances run
 * without dropping.
 */
void vrrp_firewall_prepare(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n,
			   const struct vrrp_conf *conf, struct vrrp_nft **old);

/*
 * After a reload (conf: the configuration in use now): the old table
 * removed (or let go, if the new one replaced it under the same name),
 * the table removed if no instance drops any more, else its sets made to
 * hold exactly what the instances hold now, in one batch.
 */
void vrrp_firewall_sync(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n,
			const struct vrrp_conf *conf, struct vrrp_nft *old);

/*
 * The VMACs of the instances (use_vmac) into the table's VMAC map, so that
 * their IGMP and MLD reports leave through the parent (vrrp_nft.h); sent
 * only when they changed. At start-up, after a reload (vrrp_firewall_sync()
 * does it) and after link changes (a VMAC made or re-made).
 */
void vrrp_firewall_vmacs(struct vrrp_inst_env *env, const struct vrrp_inst *insts, size_t n);

/* At exit, the instances stopped: the table removed. */
void vrrp_firewall_close(struct vrrp_inst_env *env);

#endif
