/*
 * Private to vrrp_daemon.c and vrrp_reload.c: what applying a new
 * configuration to the running daemon needs of struct vrrp_daemon, whose
 * definition stays in vrrp_daemon.c.
 */
#ifndef VRRP_RELOAD_H
#define VRRP_RELOAD_H

#include <stddef.h>

struct ev_loop;
struct vrrp_conf;
struct vrrp_daemon;
struct vrrp_inst;
struct vrrp_inst_env;
struct vrrp_ifsock;
struct vrrp_nl;
struct vrrp_tracking;

/* The daemon's fields, by reference, so that a reload can replace them. */
struct vrrp_daemon_parts {
	struct ev_loop *loop;
	struct vrrp_nl *nl;
	struct vrrp_inst_env *env;
	struct vrrp_conf **conf;
	struct vrrp_inst **insts;
	size_t *ninsts;
	struct vrrp_ifsock **socks;
	struct vrrp_tracking **trk;
};

void vrrp_daemon_parts(struct vrrp_daemon *d, struct vrrp_daemon_parts *p);
/* The shared socket of (family, ifname), created (and opened if it can be) on first use. */
struct vrrp_ifsock *vrrp_daemon_ifsock(struct vrrp_daemon *d, int family, const char *ifname);
/*
 * Open the AH socket of every shared socket an auth_type AH instance uses
 * (if its interface exists), close those no instance needs any more.
 */
void vrrp_daemon_ifsocks_sync_ah(struct vrrp_daemon *d);
/* Enter every live instance in the VRID table of its socket (after they moved). */
void vrrp_daemon_demux_rebuild(struct vrrp_daemon *d);
/* Close ifs, take it off the daemon's list and free it. */
void vrrp_daemon_ifsock_drop(struct vrrp_daemon *d, struct vrrp_ifsock *ifs);

#endif
