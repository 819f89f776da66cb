/*
 * The VRID demux of a shared socket (vrrp_ifsock.h): a list per VRID, as
 * short as the number of instances that share the VRID (almost always one).
 */
#include "keepalived/vrrp/run/vrrp_ifsock.h"

#include <string.h>
#include <syslog.h>

#include "lib/event.h"

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"

void
vrrp_ifsock_log_unknown(struct vrrp_ifsock *ifs, const struct vrrp_advert *adv,
			const struct vrrp_pkt_meta *meta)
{
	char from[64];

	if (ifs->unknown_rl.interval_us == 0)
		ifs->unknown_rl =
			(struct log_ratelimit)LOG_RATELIMIT_INIT(VRRP_IFSOCK_UNKNOWN_LOG_US,
								 VRRP_IFSOCK_UNKNOWN_LOG_BURST);
	/* keepalived's line, with the sender added at the end. */
	log_ratelimited(&ifs->unknown_rl, ev_monotonic_us(), LOG_INFO,
			"Unknown VRID(%u) received on interface(%s). ignoring... (from %s)",
			adv->vrid, ifs->ifname,
			vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)));
}

void
vrrp_ifsock_attach(struct vrrp_ifsock *ifs, struct vrrp_ifsock_member *m,
		   const struct vrrp_instance_conf *conf)
{
	m->conf = conf;
	m->next = ifs->by_vrid[conf->vrid];
	ifs->by_vrid[conf->vrid] = m;
}

void
vrrp_ifsock_clear(struct vrrp_ifsock *ifs)
{
	memset(ifs->by_vrid, 0, sizeof(ifs->by_vrid));
}

struct vrrp_ifsock_member *
vrrp_ifsock_first(const struct vrrp_ifsock *ifs, uint8_t vrid)
{
	return ifs->by_vrid[vrid];
}

struct vrrp_ifsock_member *
vrrp_ifsock_demux(const struct vrrp_ifsock *ifs, uint8_t vrid, const struct vrrp_pkt_meta *meta,
		  const struct vrrp_unicast_global *g)
{
	struct vrrp_ifsock_member *first = ifs->by_vrid[vrid], *m;

	for (m = first; m != NULL; m = m->next)
		if (vrrp_unicast_rx_match(m->conf, g, meta))
			return m;
	return first;
}
