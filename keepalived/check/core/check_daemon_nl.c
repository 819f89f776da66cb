/*
 * The checker's rtnetlink sockets (the VRRP side's monitor, vrrp_netlink.h),
 * opened when a virtual server has ha_suspend: its checkers are suspended
 * and activated as soon as the kernel reports the address gone or back,
 * not at their next delay_loop. global_defs lvs_netlink_cmd_rcv_bufs and
 * lvs_netlink_monitor_rcv_bufs (and their _force) size these sockets as
 * vrrp_netlink_* size the VRRP side's, at start and at each reload; the
 * monitor size applies to -a's address monitor (check_nl_addr.h) too.
 */
#include "config.h"

#include <string.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/core/check_daemon_priv.h"
#include "keepalived/check/kernel/check_nl_addr.h"
#include "keepalived/core/conf.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "lib/event.h"
#include "lib/log.h"

static bool
addr_equal(const struct check_addr *a, int family, const union vrrp_addr *b)
{
	if (a->family != family)
		return false;
	return memcmp(&a->u, b, family == AF_INET ? 4 : 16) == 0;
}

/*
 * An address came or went: each ha_suspend checker of that address whose
 * state this changes runs now; task_start() then activates or suspends it
 * with keepalived's line.
 */
static void
on_addr(void *arg, int family, int ifindex, const union vrrp_addr *a, uint8_t prefixlen, bool added)
{
	struct check_daemon *cd = arg;

	(void)ifindex;
	(void)prefixlen;
	for (unsigned i = 0; i < cd->run.n_tasks; i++) {
		struct check_task *task = &cd->run.tasks[i];
		const struct check_vs_conf *vc = task->vs->conf;

		if (!vc->ha_suspend || vc->kind != CHECK_VS_ADDR || task->probe != NULL ||
		    task->suspended != added || !addr_equal(&vc->addr, family, a) ||
		    task->rs->checkers[task->ci].conf->kind == CHECK_BFD)
			continue;
		cd->nl_events++;
		ev_timer_start_in(cd->loop, &task->timer, 0);
	}
}

static void
on_readable(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct check_daemon *cd = arg;

	(void)loop;
	(void)fd;
	(void)events;
	if (vrrp_nl_process(cd->rtnl) == -1)
		log_debug("checker netlink monitor: read error");
}

static bool
wants_monitor(const struct check_conf *c)
{
	for (const struct check_vs_conf *vs = c->vs; vs != NULL; vs = vs->next)
		if (vs->ha_suspend && vs->kind == CHECK_VS_ADDR)
			return true;
	return false;
}

void
check_daemon_nl_apply(struct check_daemon *cd, const struct check_conf *c)
{
	const struct vrrp_tuning_conf *t = &c->nl_tuning;

	/* -a's monitor (check_daemon.c) is the checker's too. */
	if (cd->addr_mon != NULL && t->nl_monitor_rcvbuf != 0)
		vrrp_nl_fd_set_rcvbuf(check_nl_addr_fd(cd->addr_mon), (int)t->nl_monitor_rcvbuf,
				      t->nl_monitor_force, "monitor");

	if (cd->rtnl == NULL) {
		struct vrrp_nl_cbs cbs = { .addr = on_addr, .arg = cd };

		if (!wants_monitor(c))
			return;
		cd->rtnl = vrrp_nl_open();
		if (cd->rtnl == NULL)
			return; /* logged; ha_suspend still follows at each delay_loop */
		/*
		 * keepalived 2.2.7's checker opens its two netlink sockets for
		 * ha_suspend only, and says so with -D (seen in the UML guest:
		 * nothing without ha_suspend, these two after "Initializing ipvs").
		 */
		if (log_get_detail()) {
			log_info("Registering Kernel netlink reflector");
			log_info("Registering Kernel netlink command channel");
		}
		vrrp_nl_set_callbacks(cd->rtnl, &cbs);
		if (ev_fd_add(cd->loop, vrrp_nl_fd(cd->rtnl), EV_READ, on_readable, cd) == -1) {
			log_warn("checker netlink monitor");
			vrrp_nl_close(cd->rtnl);
			cd->rtnl = NULL;
			return;
		}
	}
	if (t->nl_monitor_rcvbuf != 0)
		vrrp_nl_set_rcvbuf(cd->rtnl, (int)t->nl_monitor_rcvbuf, t->nl_monitor_force);
	if (t->nl_cmd_rcvbuf != 0)
		vrrp_nl_set_cmd_rcvbuf(cd->rtnl, (int)t->nl_cmd_rcvbuf, t->nl_cmd_force);
}

void
check_daemon_nl_close(struct check_daemon *cd)
{
	if (cd->rtnl == NULL)
		return;
	ev_fd_del(cd->loop, vrrp_nl_fd(cd->rtnl));
	vrrp_nl_close(cd->rtnl);
	cd->rtnl = NULL;
}
