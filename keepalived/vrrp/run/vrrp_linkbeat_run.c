/*
 * Link state polling at run time: see vrrp_linkbeat_run.h.
 */
#include "keepalived/vrrp/run/vrrp_linkbeat_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/event.h"
#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_iface.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_linkbeat.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"

/* keepalived's POLLING_DELAY. */
#define LINKBEAT_INTERVAL_US 1000000u

struct lb_if {
	char ifname[16];
	enum vrrp_linkbeat_type want; /* as configured */
	enum vrrp_linkbeat_type type; /* the way used; AUTO until the driver answered one */
	int ifindex;                  /* held in the netlink cache; 0: not (yet) */
	bool up;
};

struct vrrp_linkbeat {
	struct ev_loop *loop;
	struct vrrp_nl *nl;
	int fd;
	struct ev_timer timer;
	size_t n;
	struct lb_if ifs[];
};

/* clang-format off */
static const enum vrrp_linkbeat_type lb_order[] = {
	VRRP_LINKBEAT_MII, VRRP_LINKBEAT_ETHTOOL, VRRP_LINKBEAT_IOCTL,
};
/* clang-format on */

/* The way to poll e: the configured one if the driver answers it, else the first that does. */
static int
lb_choose(struct vrrp_linkbeat *lb, struct lb_if *e, bool *up)
{
	if (e->want != VRRP_LINKBEAT_AUTO) {
		if (vrrp_linkbeat_query(lb->fd, e->ifname, e->want, up) == 0) {
			e->type = e->want;
			return 0;
		}
		if (errno == ENODEV)
			return -1;
	}
	for (size_t i = 0; i < sizeof(lb_order) / sizeof(lb_order[0]); i++) {
		if (vrrp_linkbeat_query(lb->fd, e->ifname, lb_order[i], up) != 0)
			continue;
		e->type = lb_order[i];
		if (e->want != VRRP_LINKBEAT_AUTO)
			log_info("(%s): Configured linkbeat type %s not supported, using %s",
				 e->ifname, vrrp_linkbeat_type_name(e->want),
				 vrrp_linkbeat_type_name(e->type));
		return 0;
	}
	return -1;
}

static void
lb_poll_one(struct vrrp_linkbeat *lb, struct lb_if *e)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(lb->nl, e->ifname);
	bool up;
	int rc;

	/* Not there (yet): netlink has nothing to show either. */
	if (ifi == NULL) {
		e->ifindex = 0;
		return;
	}
	if (e->type == VRRP_LINKBEAT_AUTO)
		rc = lb_choose(lb, e, &up);
	else
		rc = vrrp_linkbeat_query(lb->fd, e->ifname, e->type, &up);
	if (rc != 0)
		return;
	if (e->ifindex == ifi->ifindex && up != e->up)
		log_info("Linkbeat reports %s %s", e->ifname, up ? "up" : "down");
	e->ifindex = ifi->ifindex;
	e->up = up;
	/* Reports the change, if netlink's last report differs, through the link callback. */
	vrrp_nl_link_poll(lb->nl, ifi->ifindex, up);
}

static void
lb_tick(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_linkbeat *lb = arg;

	ev_timer_start_in(loop, &lb->timer, LINKBEAT_INTERVAL_US);
	for (size_t i = 0; i < lb->n; i++)
		lb_poll_one(lb, &lb->ifs[i]);
}

/* An instance's interface or track_interface. */
static bool
lb_used(const struct vrrp_conf *conf, const char *ifname)
{
	for (const struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next) {
		if (strcmp(vi->ifname, ifname) == 0)
			return true;
		if (vi->track == NULL)
			continue;
		for (size_t i = 0; i < vi->track->nrefs; i++)
			if (vi->track->refs[i].kind == VRRP_TRACK_INTERFACE &&
			    strcmp(vi->track->refs[i].name, ifname) == 0)
				return true;
	}
	return false;
}

static void
lb_add(struct vrrp_linkbeat *lb, const char *ifname, enum vrrp_linkbeat_type type)
{
	for (size_t i = 0; i < lb->n; i++)
		if (strcmp(lb->ifs[i].ifname, ifname) == 0)
			return;
	memset(&lb->ifs[lb->n], 0, sizeof(lb->ifs[0]));
	memcpy(lb->ifs[lb->n].ifname, ifname, strnlen(ifname, sizeof(lb->ifs[0].ifname) - 1));
	lb->ifs[lb->n].want = type;
	lb->n++;
}

struct vrrp_linkbeat *
vrrp_linkbeat_new(struct ev_loop *loop, struct vrrp_nl *nl, const struct vrrp_conf *conf)
{
	const struct vrrp_iface_conf *ic = &conf->iface;
	struct vrrp_linkbeat *lb;
	size_t room = ic->nlinkbeat;

	for (const struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next)
		room++;
	if (room == 0)
		return NULL;
	lb = calloc(1, sizeof(*lb) + room * sizeof(lb->ifs[0]));
	if (lb == NULL) {
		log_error("linkbeat: out of memory; link state comes from netlink");
		return NULL;
	}
	for (size_t i = 0; i < ic->nlinkbeat; i++) {
		if (vrrp_nl_if(nl, ic->linkbeat[i].ifname) == NULL)
			log_warnx("unknown interface %s specified for linkbeat interface",
				  ic->linkbeat[i].ifname);
		if (!lb_used(conf, ic->linkbeat[i].ifname))
			log_info("Turning off linkbeat for %s since not used for tracking",
				 ic->linkbeat[i].ifname);
		else
			lb_add(lb, ic->linkbeat[i].ifname, ic->linkbeat[i].type);
	}
	for (const struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next)
		if ((ic->linkbeat_all || vi->iface.linkbeat_polling) && vi->ifname[0] != '\0')
			lb_add(lb, vi->ifname, VRRP_LINKBEAT_AUTO);
	if (lb->n == 0) {
		free(lb);
		return NULL;
	}
	lb->fd = vrrp_linkbeat_socket();
	if (lb->fd == -1) {
		log_warn("open linkbeat init socket failed");
		free(lb);
		return NULL;
	}
	lb->loop = loop;
	lb->nl = nl;
	log_info("Using MII-BMSR/ETHTOOL NIC polling thread(s)...");
	ev_timer_init(&lb->timer, lb_tick, lb);
	lb_tick(loop, &lb->timer, lb);
	return lb;
}

void
vrrp_linkbeat_free(struct vrrp_linkbeat *lb, bool release)
{
	if (lb == NULL)
		return;
	ev_timer_stop(lb->loop, &lb->timer);
	for (size_t i = 0; i < lb->n; i++)
		if (release && lb->ifs[i].ifindex != 0)
			vrrp_nl_link_release(lb->nl, lb->ifs[i].ifindex);
	close(lb->fd);
	free(lb);
}

size_t
vrrp_linkbeat_count(const struct vrrp_linkbeat *lb)
{
	return lb == NULL ? 0 : lb->n;
}
