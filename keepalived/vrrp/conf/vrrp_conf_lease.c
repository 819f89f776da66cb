/*
 * vip_lease / vrrp_vip_lease (conf layer, no system calls): parsed here,
 * resolved once the whole file is read (vrrp_lease_conf_finish()), handed
 * to the run-time layer as vi->lease.lease_s and each VIP's lease_s.
 */
#include "keepalived/vrrp/conf/vrrp_conf_lease.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"

#define LEASE_US_PER_S UINT64_C(1000000)
#define LEASE_US_PER_CS UINT64_C(10000)

/* "auto", "off" or 0, or 1..VRRP_LEASE_MAX_S seconds into lc. 0 or -1. */
static int
lease_parse(struct cfg_reader *r, int argc, char *argv[], struct vrrp_lease_conf *lc)
{
	int64_t s;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (strcmp(argv[1], "auto") == 0) {
		lc->mode = VRRP_LEASE_AUTO;
		return 0;
	}
	if (strcmp(argv[1], "off") == 0) {
		lc->mode = VRRP_LEASE_OFF;
		return 0;
	}
	if (cfg_parse_int(r, argv[0], argv[1], 0, VRRP_LEASE_MAX_S, &s) == -1)
		return -1;
	lc->mode = s == 0 ? VRRP_LEASE_OFF : VRRP_LEASE_SECONDS;
	lc->seconds = (uint32_t)s;
	return 0;
}

static int
kw_vip_lease(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	return lease_parse(r, argc, argv, &vi->lease);
}

/* clang-format off */
const struct cfg_keyword vrrp_lease_instance_keywords[] = {
	{ "vip_lease", kw_vip_lease, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

int
vrrp_lease_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_lease_conf *g)
{
	return lease_parse(r, argc, argv, g);
}

uint64_t
vrrp_lease_takeover_us(const struct vrrp_instance_conf *vi)
{
	uint64_t adv = (uint64_t)vi->adver_int_cs * LEASE_US_PER_CS;

	return (uint64_t)vi->down_timer_adverts * adv + adv * 255 / 256;
}

uint32_t
vrrp_lease_auto_s(const struct vrrp_instance_conf *vi)
{
	uint64_t s = (vrrp_lease_takeover_us(vi) + LEASE_US_PER_S - 1) / LEASE_US_PER_S;

	if (s < 1)
		s = 1;
	return s > VRRP_LEASE_MAX_S ? VRRP_LEASE_MAX_S : (uint32_t)s;
}

int
vrrp_lease_conf_finish(struct vrrp_instance_conf *vi, const struct vrrp_lease_conf *g)
{
	const struct vrrp_lease_conf *lc = vi->lease.mode != VRRP_LEASE_UNSET ? &vi->lease : g;
	uint64_t takeover = vrrp_lease_takeover_us(vi);
	uint32_t lease = 0;

	if (lc->mode == VRRP_LEASE_AUTO)
		lease = vrrp_lease_auto_s(vi);
	else if (lc->mode == VRRP_LEASE_SECONDS)
		lease = lc->seconds;
	if (lease > 0 && (uint64_t)lease * LEASE_US_PER_S < takeover)
		log_warnx("%s:%d: (%s) vip_lease %us is shorter than the %llu.%03llus a backup may "
			  "need to take over: a dead master's VIPs go before a backup has them",
			  vi->file, vi->line, vi->name, lease,
			  (unsigned long long)(takeover / LEASE_US_PER_S),
			  (unsigned long long)(takeover % LEASE_US_PER_S / 1000));
	vi->lease.lease_s = lease;
	for (size_t i = 0; i < vi->nvips; i++)
		vi->vips[i].lease_s = lease;
	for (size_t i = 0; i < vi->nevips; i++)
		vi->evips[i].lease_s = lease;
	return 0;
}

const char *
vrrp_lease_conf_word(const struct vrrp_lease_conf *lc, char *buf, size_t len)
{
	switch (lc->mode) {
	case VRRP_LEASE_AUTO:
		return "auto";
	case VRRP_LEASE_OFF:
		return "off";
	case VRRP_LEASE_SECONDS:
		snprintf(buf, len, "%u", lc->seconds);
		return buf;
	default:
		return NULL;
	}
}
