/*
 * What a live instance receives. The socket's callbacks decode a packet,
 * verify its AH header, and find among the instances sharing the socket the
 * one its VRID names; then come the transport checks, the RFC's, and
 * keepalived's check of the address list, each refusal counted by its
 * reason with a rate-limited line, before the advert reaches the state
 * machine (vrrp_inst_event()). A peer's old unicast checksum form is taken
 * up here, once a packet in that form has passed every other check.
 */
#include "keepalived/vrrp/run/vrrp_instance_priv.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>
#include <syslog.h>

#include "lib/log.h"
#include "keepalived/vrrp/run/vrrp_sync.h"

/* The instance whose demux entry m is. */
static struct vrrp_inst *
vrrp_inst_of(struct vrrp_ifsock_member *m)
{
	return m != NULL ? (struct vrrp_inst *)((char *)m - offsetof(struct vrrp_inst, demux)) :
			   NULL;
}

static uint64_t *
vrrp_inst_drops(struct vrrp_inst *inst)
{
	return vrrp_inst_trouble(inst)->d.drops;
}

/*
 * Feed an advert, and see what it meant beyond the state machine: a Master
 * hearing a lower priority (counted), a Backup accepting a Master (it no
 * longer wants its sync group to go Master).
 */
static void
vrrp_inst_rx_event(struct vrrp_inst *inst, const struct vrrp_fsm_advert *fadv)
{
	enum vrrp_state before = inst->fsm.state;
	uint64_t deadline = inst->fsm.timer_deadline_us;

	vrrp_inst_event(inst, VRRP_EV_ADVERT, fadv, 0);
	vrrp_inst_late_check(inst, fadv, before, inst->fsm.timer_deadline_us > deadline);
	if (before == VRRP_STATE_BACKUP && inst->fsm.state == VRRP_STATE_BACKUP &&
	    fadv->priority != VRRP_PRIO_STOP && inst->fsm.timer_deadline_us > deadline &&
	    inst->track.sync != NULL)
		vrrp_sync_member_heard_master(inst->track.sync, inst);
	/* Counted here, each one; answered (notify_master_rx_lower_pri included)
	 * by the state machine's VRRP_ACT_NOTIFY_RX_LOWER, at most once per interval. */
	if (before == VRRP_STATE_MASTER && inst->fsm.state == VRRP_STATE_MASTER &&
	    fadv->priority != VRRP_PRIO_STOP && fadv->priority < inst->fsm.priority)
		inst->track.stats.rx_lower_pri++;
}

static void vrrp_inst_use_old_csum(struct vrrp_inst *inst);

/*
 * keepalived's address check: an advert whose address list is not the one
 * our own advert carries is dropped (with skip_check_adv_addr, unless it
 * comes from the Master last heard). Returns whether it was dropped.
 */
static bool
vrrp_inst_rx_addrs_bad(struct vrrp_inst *inst, const struct vrrp_advert *adv,
		       const struct vrrp_pkt_meta *meta)
{
	const struct vrrp_instance_conf *c = inst->conf;
	struct vrrp_instance_conf copy;
	const struct vrrp_vip *missing;
	size_t expected;
	size_t alen = meta->family == AF_INET6 ? 16 : 4;
	char buf[INET6_ADDRSTRLEN];

	if (c->skip_check_adv_addr && inst->adv_src_known &&
	    memcmp(inst->adv_src.bytes, meta->src.bytes, alen) == 0)
		return false;
	if (vrrp_pkt_check_addrs(adv, vrrp_inst_advert_conf(inst, &copy), &expected, &missing) ==
	    VRRP_DROP_NONE)
		return false;
	vrrp_inst_drops(inst)[VRRP_DROP_ADDR_LIST]++;
	if (!log_ratelimit_ok(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst))))
		return true;
	/* keepalived 2.2.7's lines. */
	if (missing == NULL)
		log_info("(%s) received an unexpected ip number count %u, expected %zu!", c->name,
			 adv->naddr, expected);
	else
		log_info("(%s) ip address associated with VRID %u not present in MASTER advert: %s",
			 c->name, c->vrid,
			 vrrp_addr_ntop(missing->family, &missing->addr, buf, sizeof(buf)));
	return true;
}

/*
 * An advert for this instance: the transport checks, then the RFC's.
 * old_csum_form: its checksum matched only keepalived <= 1.3.6's unicast
 * form; the instance switches to that form only once everything else
 * about the packet has been checked, so that no stranger can flip it.
 */
static void
vrrp_inst_rx_checked(struct vrrp_inst *inst, const struct vrrp_advert *adv,
		     const struct vrrp_pkt_meta *meta, bool old_csum_form)
{
	struct vrrp_fsm_advert fadv;
	bool mismatch = false;
	enum vrrp_drop reason;
	char from[INET6_ADDRSTRLEN];
	char why[160];
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	enum vrrp_unicast_drop uc = vrrp_unicast_rx_check(inst->conf, g, meta);

	if (uc != VRRP_UC_DROP_NONE) {
		/* The TTL ones are the RFC's TTL check; the others are unicast's own. */
		if (uc == VRRP_UC_DROP_TTL || uc == VRRP_UC_DROP_PEER_TTL)
			vrrp_inst_drops(inst)[VRRP_DROP_TTL]++;
		else
			vrrp_inst_trouble(inst)->d.uc_drops[uc]++;
		if (log_ratelimit_ok(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst))))
			log_info("%s",
				 vrrp_unicast_drop_text(uc, inst->conf, g, meta, why, sizeof(why)));
		return;
	}
	reason = vrrp_pkt_check(adv, meta, inst->conf, inst->fsm.priority, &mismatch);
	if (reason != VRRP_DROP_NONE) {
		vrrp_inst_drops(inst)[reason]++;
		log_ratelimited(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
				"(%s) dropped advert from %s: %s", inst->conf->name,
				vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
				vrrp_drop_name(reason));
		return;
	}
	if (vrrp_inst_rx_addrs_bad(inst, adv, meta))
		return;
	inst->adv_src = meta->src;
	inst->adv_src_known = true;
	if (old_csum_form)
		vrrp_inst_use_old_csum(inst);
	inst->stats.adverts_rx++;
	if (adv->csum_form == VRRP_CSUM_PLAIN)
		inst->stats.csum_plain_rx++;
	else
		inst->stats.csum_pseudo_rx++;
	/* Counted by the state machine (fsm.stats.v3_interval_mismatch); said here. */
	if (mismatch) {
		log_ratelimited(vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
				"(%s) advertisement interval mismatch: received %u cs, ours %u cs",
				inst->conf->name, adv->adver_int_cs, inst->conf->adver_int_cs);
	}
	fadv.priority = adv->priority;
	fadv.adver_int_cs = adv->adver_int_cs;
	fadv.src = meta->src;
	vrrp_inst_rx_event(inst, &fadv);
}

void
vrrp_inst_rx(struct vrrp_inst *inst, const struct vrrp_advert *adv,
	     const struct vrrp_pkt_meta *meta)
{
	vrrp_inst_rx_checked(inst, adv, meta, false);
}

/* Count and log a refused AH datagram, with keepalived's lines where it has them. */
static void
vrrp_inst_ah_drop(struct vrrp_inst *inst, enum vrrp_ah_drop why, const uint8_t *pkt, size_t ihl,
		  const struct vrrp_pkt_meta *meta)
{
	uint64_t now = ev_now(vrrp_inst_loop(inst));
	uint32_t seq;
	char from[INET6_ADDRSTRLEN];

	vrrp_inst_trouble(inst)->d.ah_drops[why]++;
	switch (why) {
	case VRRP_AH_DROP_ICV:
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) IPSEC-AH : invalid IPSEC HMAC-MD5 "
				"value. Due to fields mutation or bad password !",
				inst->conf->name);
		break;
	case VRRP_AH_DROP_REPLAY:
		/* verify() checked the length: the sequence number follows the SPI. */
		memcpy(&seq, pkt + ihl + 8, sizeof(seq));
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) IPSEC-AH : sequence number %u "
				"already processed. Packet dropped. Local(%u)",
				inst->conf->name, ntohl(seq), inst->ah_seq.seq);
		break;
	case VRRP_AH_DROP_SPI:
		vrrp_inst_drops(inst)[VRRP_DROP_AUTH]++;
		log_ratelimited(vrrp_inst_rx_log(inst), now, LOG_INFO,
				"(%s) dropped AH advert from %s: %s", inst->conf->name,
				vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
				vrrp_ah_drop_name(why));
		break;
	default:
		vrrp_inst_drops(
			inst)[why == VRRP_AH_DROP_SHORT ? VRRP_DROP_SHORT : VRRP_DROP_LENGTH]++;
		break;
	}
}

/*
 * A plain protocol-112 advert for an auth_type AH instance: whatever it
 * says, it is not authenticated (keepalived 2.2.7 does not even listen for
 * it), so it may not move the state machine.
 */
static void
vrrp_inst_ah_missing(struct vrrp_inst *inst, const struct vrrp_pkt_meta *meta)
{
	char from[INET6_ADDRSTRLEN];

	vrrp_inst_trouble(inst)->d.ah_drops[VRRP_AH_DROP_MISSING]++;
	log_ratelimited(
		vrrp_inst_rx_log(inst), ev_now(vrrp_inst_loop(inst)), LOG_INFO,
		"(%s) dropped advert from %s: %s (auth_type AH, the packet has no AH header)",
		inst->conf->name, vrrp_addr_ntop(meta->family, &meta->src, from, sizeof(from)),
		vrrp_ah_drop_name(VRRP_AH_DROP_MISSING));
}

void
vrrp_ifsock_ah_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct vrrp_ifsock *ifs = arg;
	struct vrrp_inst *inst;
	struct vrrp_advert adv;
	struct vrrp_ah_rx rx;
	enum vrrp_ah_drop ah_drop;
	enum vrrp_drop reason;
	size_t ihl, off;

	ifs->rx_packets++;
	/* The VRID lies behind the IP and AH headers (vrrp_net checked the IP header). */
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	off = ihl + VRRP_AH_HDR_LEN + 1;
	inst = len > off ? vrrp_inst_of(vrrp_ifsock_first(ifs, pkt[off])) : NULL;
	if (inst == NULL || inst->ah == NULL) {
		ifs->drops[VRRP_DROP_VRID]++;
		return;
	}
	ah_drop =
		vrrp_ah_verify(inst->ah, pkt, len, inst->conf->unicast != NULL, &inst->ah_seq, &rx);
	if (ah_drop != VRRP_AH_DROP_NONE)
		vrrp_inst_ah_drop(inst, ah_drop, pkt, ihl, meta);
	if (ah_drop != VRRP_AH_DROP_NONE)
		return;
	reason = vrrp_pkt_decode(rx.vrrp, rx.vrrp_len, meta, &adv);
	if (reason != VRRP_DROP_NONE) {
		vrrp_inst_drops(inst)[reason]++;
		return;
	}
	vrrp_inst_rx(inst, &adv, meta);
}

/*
 * A VRRPv3 IPv4 unicast advert that failed its checksum: keepalived <= 1.3.6
 * put the group into the pseudo-header. Returns whether that form matches
 * (adv is then decoded); the switch waits for the other checks.
 */
static bool
vrrp_inst_rx_old_csum(struct vrrp_inst *inst, const uint8_t *pkt, size_t len,
		      const struct vrrp_pkt_meta *meta, struct vrrp_advert *adv)
{
	return vrrp_unicast_decode_old(inst->conf, vrrp_inst_uglobal(inst), pkt, len, meta, adv) ==
	       VRRP_DROP_NONE;
}

/*
 * Send the old checksum form from now on (as keepalived 2.2.7), so that such a peer accepts
 * ours.
 */
static void
vrrp_inst_use_old_csum(struct vrrp_inst *inst)
{
	const struct vrrp_unicast_global *g = vrrp_inst_uglobal(inst);
	union vrrp_addr dst, csum_dst;

	if (inst->old_csum)
		return;
	inst->old_csum = true;
	log_info("(%s) Setting unicast VRRPv3 checksum to old version", inst->conf->name);
	vrrp_unicast_dest(inst->conf, g, 0, true, &dst, &csum_dst);
	if (inst->tx != NULL)
		vrrp_unicast_tx_retarget(inst->tx, inst->conf, &inst->tx_csum_dst, &csum_dst);
	inst->tx_csum_dst = csum_dst;
}

/*
 * The instance the VRID byte names, among those sharing the VRID the one
 * whose peers or group match (they all run under the same global settings).
 */
static struct vrrp_inst *
vrrp_ifsock_inst(struct vrrp_ifsock *ifs, const uint8_t *pkt, size_t len,
		 const struct vrrp_pkt_meta *meta)
{
	struct vrrp_inst *first = len >= 2 ? vrrp_inst_of(vrrp_ifsock_first(ifs, pkt[1])) : NULL;

	if (first == NULL)
		return NULL;
	return vrrp_inst_of(vrrp_ifsock_demux(ifs, pkt[1], meta, first->env->unicast));
}

void
vrrp_ifsock_packet(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct vrrp_ifsock *ifs = arg;
	struct vrrp_advert adv;
	struct vrrp_inst *inst;
	enum vrrp_drop reason;
	bool old_form = false;

	ifs->rx_packets++;
	/* The instance the VRID byte names, if any, is charged with a drop. */
	inst = vrrp_ifsock_inst(ifs, pkt, len, meta);
	/* An AH instance hears only what its AH socket verified. */
	if (inst != NULL && inst->conf->auth_type == VRRP_AUTH_AH) {
		vrrp_inst_ah_missing(inst, meta);
		return;
	}
	reason = vrrp_pkt_decode(pkt, len, meta, &adv);
	if (reason == VRRP_DROP_CHECKSUM && inst != NULL &&
	    vrrp_inst_rx_old_csum(inst, pkt, len, meta, &adv)) {
		reason = VRRP_DROP_NONE;
		old_form = true;
	}
	if (reason != VRRP_DROP_NONE) {
		if (inst != NULL)
			vrrp_inst_drops(inst)[reason]++;
		else
			ifs->drops[reason]++;
		return;
	}
	if (inst == NULL) {
		ifs->drops[VRRP_DROP_VRID]++;
		if (ifs->log_unknown_vrids)
			vrrp_ifsock_log_unknown(ifs, &adv, meta);
		return;
	}
	vrrp_inst_rx_checked(inst, &adv, meta, old_form);
}
