/*
 * Start-up checks of the instances' interfaces (vrrp_iface.h).
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_iface.h"

#include <net/if.h>

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
