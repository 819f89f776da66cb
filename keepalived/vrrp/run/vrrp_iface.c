/*
 * Start-up checks of the instances' interfaces (vrrp_iface.h).
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_iface.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "lib/log.h"

int
vrrp_iface_check_startup(const struct vrrp_conf *conf, bool test)
{
	const struct vrrp_instance_conf *vi;
	int missing = 0;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		if (vi->ifname[0] == '\0' || if_nametoindex(vi->ifname) != 0)
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
