/*
 * lvs_sync_daemon IFACE INSTANCE [id N]: the IPVS connection-sync daemon
 * follows the state of one VRRP instance, as in keepalived 2.2.7: while
 * the instance is Master the kernel runs a master sync daemon, otherwise a
 * backup one; both stop when VRRP stops. It runs in the main process,
 * which owns the instances: their state is read through the VRRP daemon's
 * read-only view on a short timer, so the VRRP code needs no hook.
 */
#ifndef CHECK_SYNCD_H
#define CHECK_SYNCD_H

struct ev_loop;
struct vrrp_daemon;
struct check_conf;
struct check_syncd;

/*
 * Start following when conf has lvs_sync_daemon; NULL otherwise (or on
 * failure, logged). vrrp and conf must outlive the follower; after a
 * reload, stop it and start a new one.
 */
struct check_syncd *check_syncd_start(struct ev_loop *loop, struct vrrp_daemon *vrrp,
				      const struct check_conf *conf);
/* Stop the kernel's sync daemons and free. NULL is fine. */
void check_syncd_stop(struct check_syncd *s);

#endif
