/*
 * The instances' interfaces at run time (vrrp_iface.h): the start-up check
 * of missing interfaces, promote_secondaries, interface_up_down_delays.
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_iface.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "lib/event.h"
#include "lib/log.h"

/*
 * Whether ifname exists, remembering the last name asked: instances are
 * usually listed interface by interface, and each if_nametoindex() is
 * three system calls (1,000 instances: 3,000 at start-up, issue 14).
 */
static bool
iface_exists(const char *ifname, char *last, bool *last_exists)
{
	if (strcmp(ifname, last) != 0) {
		snprintf(last, IF_NAMESIZE, "%s", ifname);
		*last_exists = if_nametoindex(ifname) != 0;
	}
	return *last_exists;
}

int
vrrp_iface_check_startup(const struct vrrp_conf *conf, bool test)
{
	const struct vrrp_instance_conf *vi;
	char last[IF_NAMESIZE] = "";
	bool last_exists = false;
	int missing = 0;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		/* vrf VRF_IF (instances without interface): keepalived's words. */
		if (vi->iface.vrf[0] != '\0' && if_nametoindex(vi->iface.vrf) == 0 &&
		    !conf->iface.dynamic) {
			log_warnx("%s:%d: (%s) WARNING - VRF interface %s doesn't exist", vi->file,
				  vi->iface.vrf_line, vi->name, vi->iface.vrf);
			missing++;
		}
		if (vi->ifname[0] == '\0' || iface_exists(vi->ifname, last, &last_exists))
			continue;
		if (conf->iface.dynamic) {
			if (!test)
				log_info("Configuration specifies interface %s which doesn't "
					 "currently exist - will use if created",
					 vi->ifname);
			continue;
		}
		log_warnx("%s:%d: WARNING - interface %s for vrrp_instance %s doesn't exist",
			  vi->file, vi->iface.if_line != 0 ? vi->iface.if_line : vi->line,
			  vi->ifname, vi->name);
		missing++;
	}
	if (missing != 0) {
		if (test)
			log_warnx("Non-existent interface specified in configuration");
		else
			log_error("Non-existent interface specified in configuration");
	}
	return missing;
}

/* promote_secondaries ---------------------------------------------------------------- */

struct vrrp_iface_promote {
	char ifname[IF_NAMESIZE];
	int old; /* the value before; -1: unknown, left at 1 */
	struct vrrp_iface_promote *next;
};

static bool
promote_listed(const struct vrrp_iface_promote *p, const char *ifname)
{
	for (; p != NULL; p = p->next)
		if (strcmp(p->ifname, ifname) == 0)
			return true;
	return false;
}

void
vrrp_iface_promote_sync(struct vrrp_iface_promote **list, const struct vrrp_conf *conf)
{
	const struct vrrp_instance_conf *vi;
	struct vrrp_iface_promote *p;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		if (!vi->iface.promote_secondaries || (vi->vmac != NULL && vi->vmac->enabled))
			continue;
		if (promote_listed(*list, vi->ifname) || if_nametoindex(vi->ifname) == 0)
			continue;
		if ((p = calloc(1, sizeof(*p))) == NULL) {
			log_error("(%s) promote_secondaries: out of memory", vi->name);
			continue;
		}
		snprintf(p->ifname, sizeof(p->ifname), "%s", vi->ifname);
		p->old = vrrp_if_sysctl4_get(vi->ifname, "promote_secondaries");
		if (p->old != 1 && vrrp_if_sysctl4_set(vi->ifname, "promote_secondaries", 1) == -1)
			log_warn("(%s) cannot set promote_secondaries on %s", vi->name, vi->ifname);
		p->next = *list;
		*list = p;
	}
}

void
vrrp_iface_promote_restore(struct vrrp_iface_promote **list)
{
	struct vrrp_iface_promote *p, *next;

	for (p = *list; p != NULL; p = next) {
		next = p->next;
		/* An interface that is gone has nothing to restore. */
		if (p->old == 0 && if_nametoindex(p->ifname) != 0)
			vrrp_if_sysctl4_set(p->ifname, "promote_secondaries", 0);
		free(p);
	}
	*list = NULL;
}

/* interface_up_down_delays ------------------------------------------------------------ */

struct vrrp_iface_hold {
	struct vrrp_iface_delays *dl;
	struct vrrp_iface_delay conf;
	int ifindex; /* held: the interface whose change waits; 0: none */
	struct ev_timer timer;
};

struct vrrp_iface_delays {
	struct ev_loop *loop;
	struct vrrp_nl *nl;
	bool releasing; /* the report a release makes is not held again */
	size_t n;
	struct vrrp_iface_hold holds[];
};

static void
delays_expired(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct vrrp_iface_hold *h = arg;
	int ifindex = h->ifindex;

	h->ifindex = 0;
	h->dl->releasing = true;
	vrrp_nl_link_release(h->dl->nl, ifindex);
	h->dl->releasing = false;
}

struct vrrp_iface_delays *
vrrp_iface_delays_new(struct ev_loop *loop, struct vrrp_nl *nl, const struct vrrp_iface_conf *conf)
{
	struct vrrp_iface_delays *dl;

	if (conf->ndelays == 0)
		return NULL;
	dl = calloc(1, sizeof(*dl) + conf->ndelays * sizeof(dl->holds[0]));
	if (dl == NULL) {
		log_error("interface_up_down_delays: out of memory; link changes act at once");
		return NULL;
	}
	dl->loop = loop;
	dl->nl = nl;
	dl->n = conf->ndelays;
	for (size_t i = 0; i < dl->n; i++) {
		dl->holds[i].dl = dl;
		dl->holds[i].conf = conf->delays[i];
		ev_timer_init(&dl->holds[i].timer, delays_expired, &dl->holds[i]);
	}
	return dl;
}

void
vrrp_iface_delays_free(struct vrrp_iface_delays *dl, bool release)
{
	if (dl == NULL)
		return;
	for (size_t i = 0; i < dl->n; i++) {
		struct vrrp_iface_hold *h = &dl->holds[i];

		ev_timer_stop(dl->loop, &h->timer);
		if (h->ifindex != 0 && release)
			delays_expired(dl->loop, &h->timer, h);
	}
	free(dl);
}

bool
vrrp_iface_delays_link(struct vrrp_iface_delays *dl, int ifindex, bool up)
{
	const struct vrrp_ifinfo *ifi;
	struct vrrp_iface_hold *h = NULL;
	uint32_t delay;

	if (dl == NULL || dl->releasing)
		return false;
	ifi = vrrp_nl_if_by_index(dl->nl, ifindex);
	if (ifi == NULL)
		return false;
	for (size_t i = 0; i < dl->n && h == NULL; i++)
		if (strcmp(dl->holds[i].conf.ifname, ifi->name) == 0)
			h = &dl->holds[i];
	delay = h == NULL ? 0 : up ? h->conf.up_us : h->conf.down_us;
	if (delay == 0 || h->ifindex != 0)
		return false;
	log_info("%s: link %s, acted on in %u.%06u s unless it changes back", ifi->name,
		 up ? "up" : "down", delay / 1000000, delay % 1000000);
	h->ifindex = ifindex;
	vrrp_nl_link_hold(dl->nl, ifindex, !up);
	ev_timer_start_in(dl->loop, &h->timer, delay);
	return true;
}
