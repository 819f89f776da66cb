/*
 * A fixed daemon state for the status renderers' tests: three instances
 * built by hand on the public struct vrrp_inst (no sockets, no loop), one
 * of each kind a renderer must get right.
 *
 *   VI_1  IPv4 v2 eth0 VRID 51, MASTER for 12.5 s (master down timer),
 *         priority 150, two VIPs installed, counters and drops set;
 *   VI_6  IPv6 v3 eth0 VRID 52, BACKUP, master fe80::2 at priority 200 heard;
 *   a name full of characters to escape, IPv4 eth0 VRID 53, FAULT because
 *         of maintenance, sharing VI_1's socket.
 *
 * The IPv4 socket saw 42 packets and dropped 7 for an unknown VRID.
 * Trackers: the script chk_web (up, 12 runs: 11 succeeded, 1 failed) is
 * watched by VI_1 (weight -20) and VI_6 (weight 10 reverse, effect -10);
 * the interface eth1 (down, weight 0) marks VI_6's watch of it as a fault
 * (only the counters matter here, not the state that would follow).
 */
#ifndef STATUS_FIXTURE_H
#define STATUS_FIXTURE_H

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "keepalived/vrrp/status/vrrp_status.h"

#define FX_NOW_MONO (1000ull * 1000000ull) /* 1000 s of uptime */
#define FX_NOW_REAL 1795314689720045ull    /* 2026-11-22, microseconds */
#define FX_WEIRD "we\"ird\\name\n\xff"     /* quote, backslash, newline, not UTF-8 */

struct status_fixture {
	struct vrrp_vip vips4[2];
	struct vrrp_vip vips6[1];
	struct vrrp_vip vips_weird[1];
	struct vrrp_instance_conf conf[3];
	struct vrrp_ifsock ifs4, ifs6;
	struct vrrp_tracker chk_web, eth1;
	struct vrrp_track_use uses1[1], uses6[2];
	struct vrrp_track_watch watch1, watch6;
	struct vrrp_inst inst[3];
	struct vrrp_inst_trouble trouble1; /* inst[0]'s drops */
	struct vrrp_status st;
};

static inline void
fx_vip(struct vrrp_vip *v, int family, const char *addr, uint8_t len)
{
	memset(v, 0, sizeof(*v));
	v->family = family;
	inet_pton(family, addr, &v->addr);
	v->prefixlen = len;
	v->scope = RT_SCOPE_UNIVERSE;
}

static inline void
fx_conf(struct vrrp_instance_conf *c, const char *name, int family, uint8_t vrid, uint8_t version,
	uint8_t prio, uint16_t adver_int_cs)
{
	memset(c, 0, sizeof(*c));
	c->name = name; /* the callers pass literals */
	snprintf(c->ifname, sizeof(c->ifname), "eth0");
	c->family = family;
	c->vrid = vrid;
	c->version = version;
	c->priority = prio;
	c->adver_int_cs = adver_int_cs;
	c->down_timer_adverts = 3;
	c->garp_master_delay_us = 5000000;
	c->garp_master_repeat = 5;
	c->garp_master_refresh_repeat = 1;
}

static inline void
fx_inst(struct vrrp_inst *inst, const struct vrrp_instance_conf *c, struct vrrp_ifsock *ifs,
	enum vrrp_state state, const char *reason, uint64_t age_us)
{
	memset(inst, 0, sizeof(*inst));
	inst->conf = c;
	inst->ifs = ifs;
	inst->fsm.conf = c;
	inst->fsm.state = state;
	inst->fsm.priority = c->priority;
	inst->fsm.master_adver_int_cs = c->adver_int_cs;
	inst->fsm.reason = reason;
	inst->fsm.state_since_us = FX_NOW_MONO - age_us;
}

/* Fill fx and take the snapshot (fx->st) at FX_NOW_*. */
static inline void
status_fixture_build(struct status_fixture *fx)
{
	struct vrrp_inst *i1 = &fx->inst[0], *i6 = &fx->inst[1], *iw = &fx->inst[2];
	struct vrrp_nl_stats nl = { 6, 1, 1, 4, 9, 0 };

	memset(fx, 0, sizeof(*fx));
	fx_vip(&fx->vips4[0], AF_INET, "198.18.1.100", 24);
	fx_vip(&fx->vips4[1], AF_INET, "198.18.1.101", 24);
	fx_vip(&fx->vips6[0], AF_INET6, "fd00::100", 64);
	fx_vip(&fx->vips_weird[0], AF_INET, "198.18.1.103", 32);

	fx_conf(&fx->conf[0], "VI_1", AF_INET, 51, 2, 150, 100);
	fx->conf[0].vips = fx->vips4;
	fx->conf[0].nvips = 2;
	fx_conf(&fx->conf[1], "VI_6", AF_INET6, 52, 3, 100, 50);
	fx->conf[1].vips = fx->vips6;
	fx->conf[1].nvips = 1;
	fx_conf(&fx->conf[2], FX_WEIRD, AF_INET, 53, 2, 90, 100);
	fx->conf[2].vips = fx->vips_weird;
	fx->conf[2].nvips = 1;

	fx->ifs4.family = AF_INET;
	snprintf(fx->ifs4.ifname, sizeof(fx->ifs4.ifname), "eth0");
	fx->ifs4.rx_packets = 42;
	fx->ifs4.drops[VRRP_DROP_VRID] = 7;
	fx->ifs6.family = AF_INET6;
	snprintf(fx->ifs6.ifname, sizeof(fx->ifs6.ifname), "eth0");

	fx_inst(i1, &fx->conf[0], &fx->ifs4, VRRP_STATE_MASTER, "master down timer", 12500000);
	inet_pton(AF_INET, "198.18.1.1", &i1->fsm.local_addr);
	i1->vips_installed = true;
	i1->fsm.stats.became_master = 1;
	i1->fsm.stats.prio0_rx = 4;
	i1->stats.adverts_tx = 10;
	i1->stats.adverts_rx = 3;
	i1->stats.prio0_tx = 1;
	i1->stats.garps_tx = 10;
	i1->trouble = &fx->trouble1;
	i1->trouble->d.drops[VRRP_DROP_TTL] = 2;
	i1->trouble->d.drops[VRRP_DROP_AUTH] = 1;
	i1->trouble->d.drops[VRRP_DROP_SHORT] = 1;
	i1->trouble->d.drops[VRRP_DROP_LENGTH] = 2;
	i1->trouble->d.drops[VRRP_DROP_FAMILY] = 5;
	i1->trouble->d.uc_drops[VRRP_UC_DROP_NOT_PEER] = 3;
	i1->trouble->d.ah_drops[VRRP_AH_DROP_ICV] = 4;

	fx_inst(i6, &fx->conf[1], &fx->ifs6, VRRP_STATE_BACKUP, "startup", 3000000);
	inet_pton(AF_INET6, "fe80::1", &i6->fsm.local_addr);
	i6->fsm.master_known = true;
	inet_pton(AF_INET6, "fe80::2", &i6->fsm.master_addr);
	i6->fsm.master_priority = 200;
	i6->fsm.stats.released_master = 2;
	i6->stats.adverts_rx = 77;

	fx_inst(iw, &fx->conf[2], &fx->ifs4, VRRP_STATE_FAULT, "interface fault", 65000000);
	iw->maintenance = true;

	fx->chk_web.kind = VRRP_TRACK_SCRIPT;
	snprintf(fx->chk_web.name, sizeof(fx->chk_web.name), "chk_web");
	fx->chk_web.state = VRRP_TRACKER_UP;
	fx->chk_web.stats.runs = 12;
	fx->chk_web.stats.succeeded = 11;
	fx->chk_web.stats.failed = 1;
	fx->chk_web.stats.changes = 1;
	fx->eth1.kind = VRRP_TRACK_INTERFACE;
	snprintf(fx->eth1.name, sizeof(fx->eth1.name), "eth1");
	fx->eth1.state = VRRP_TRACKER_DOWN;
	fx->uses1[0] =
		(struct vrrp_track_use){ &fx->chk_web, &fx->watch1, -20, false, 0, false, false };
	fx->uses6[0] =
		(struct vrrp_track_use){ &fx->chk_web, &fx->watch6, 10, true, -10, false, false };
	fx->uses6[1] = (struct vrrp_track_use){ &fx->eth1, &fx->watch6, 0, false, 0, true, false };
	fx->watch1.uses = fx->uses1;
	fx->watch1.nuses = 1;
	fx->watch6.uses = fx->uses6;
	fx->watch6.nuses = 2;
	i1->track.watch = &fx->watch1;
	i1->track.stats.priority_changes = 3;
	i6->track.watch = &fx->watch6;
	i6->track.stats.tracker_faults = 1;

	assert_int_equal(vrrp_status_init(&fx->st, 3, "rtr \"one\"", FX_NOW_MONO, FX_NOW_REAL), 0);
	assert_int_equal(vrrp_status_add(&fx->st, i1), 0);
	assert_int_equal(vrrp_status_add(&fx->st, i6), 0);
	assert_int_equal(vrrp_status_add(&fx->st, iw), 0);
	vrrp_status_set_netlink(&fx->st, &nl);
}

#endif
