/*
 * The status model as text: keepalived.data and keepalived.stats in
 * keepalived 2.2.7's layout (exporters parse them line by line: " VRRP
 * Instance = NAME", "   Key = value", five-space list items; "VRRP
 * Instance: NAME", "  Section:", "    Key: integer"), with our additions
 * written in the same shapes, and the table of `keepalivectl status`.
 */
#include "config.h"

#include "keepalived/vrrp/status/vrrp_status.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* keepalived's timestamp: "1795314689.720045 (Sun Nov 22 02:31:29.720045 2026)". */
static void
text_timestamp(struct vrrp_status_buf *b, const char *key, uint64_t us)
{
	time_t secs = (time_t)(us / 1000000u);
	struct tm tm;
	char day[32] = "?", year[8] = "?";

	if (localtime_r(&secs, &tm) != NULL) {
		strftime(day, sizeof(day), "%a %b %e %H:%M:%S", &tm);
		strftime(year, sizeof(year), "%Y", &tm);
	}
	vrrp_status_buf_printf(b, "   %s = %" PRIu64 ".%06" PRIu64 " (%s.%06" PRIu64 " %s)\n", key,
			       us / 1000000u, us % 1000000u, day, us % 1000000u, year);
}

/*
 * A name from the configuration, safe for a line-based format: control
 * characters (a newline would start a record of its own) become '?'.
 */
static const char *
text_name(const char *name, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "%s", name);
	for (i = 0; buf[i] != '\0'; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

/* vip_lease: "4s, 3.2s left (renewals N, lapses N)", or "4s, not held (...)". */
static void
text_lease(struct vrrp_status_buf *b, const struct vrrp_status_inst *si, const char *lead)
{
	char left[32];

	if (si->lease_held)
		vrrp_status_duration(si->lease_left_us, left, sizeof(left));
	vrrp_status_buf_printf(b,
			       "%s%us, %s%s (renewals %" PRIu64 ", lapses %" PRIu64
			       ", renewal errors %" PRIu64 ")\n",
			       lead, si->conf->lease.lease_s, si->lease_held ? left : "not held",
			       si->lease_held ? " left" : "", si->lease.renewals, si->lease.lapses,
			       si->lease.renew_errors);
}

static const char *
text_bool(bool v)
{
	return v ? "true" : "false";
}

static const char *
text_auth_name(enum vrrp_auth_type t)
{
	switch (t) {
	case VRRP_AUTH_PASS:
		return "SIMPLE_PASSWORD";
	case VRRP_AUTH_AH:
		return "IPSEC_AH";
	default:
		return "none";
	}
}

/* keepalived.data ----------------------------------------------------------------- */

/* keepalived's "   Tracked scripts :" lists, one per kind the instance uses. */
static void
text_data_tracked(struct vrrp_status_buf *b, const struct vrrp_status *st,
		  const struct vrrp_status_inst *si)
{
	/* clang-format off */
	static const char *const heads[VRRP_TRACK_KIND_COUNT_] = {
		[VRRP_TRACK_SCRIPT] = "scripts",
		[VRRP_TRACK_INTERFACE] = "interfaces",
		[VRRP_TRACK_FILE] = "files",
		[VRRP_TRACK_PROCESS] = "processes",
		[VRRP_TRACK_BFD] = "BFDs",
	};
	/* clang-format on */
	char name[VRRP_NAME_MAX];
	unsigned kind;
	size_t i;
	bool head;

	for (kind = 0; kind < VRRP_TRACK_KIND_COUNT_; kind++) {
		head = false;
		for (i = si->uses_first; i < si->uses_first + si->nuses; i++) {
			const struct vrrp_status_use *u = &st->uses[i];
			const struct vrrp_status_tracker *t = &st->trackers[u->tracker];

			if (t->kind != kind)
				continue;
			if (!head)
				vrrp_status_buf_printf(b, "   Tracked %s :\n", heads[kind]);
			head = true;
			vrrp_status_buf_printf(b, "     %s weight %" PRId64 "%s\n",
					       text_name(t->name, name, sizeof(name)), u->weight,
					       u->reverse ? " reverse" : "");
		}
	}
}

/* keepalived's "VRRP Script" blocks, which exporters read the status of. */
static void
text_data_scripts(struct vrrp_status_buf *b, const struct vrrp_status *st)
{
	char name[VRRP_NAME_MAX];
	size_t i;

	vrrp_status_buf_puts(b, "------< VRRP Scripts >------\n");
	for (i = 0; i < st->ntrackers; i++) {
		const struct vrrp_status_tracker *t = &st->trackers[i];

		if (t->kind != VRRP_TRACK_SCRIPT)
			continue;
		vrrp_status_buf_printf(b, " VRRP Script = %s\n   Status = %s\n   State = %s\n",
				       text_name(t->name, name, sizeof(name)),
				       t->state == VRRP_TRACKER_UP   ? "GOOD" :
				       t->state == VRRP_TRACKER_DOWN ? "BAD" :
								       "INIT",
				       t->running ? "running" : "idle");
	}
}

static void
text_data_inst(struct vrrp_status_buf *b, const struct vrrp_status *st,
	       const struct vrrp_status_inst *si)
{
	const struct vrrp_instance_conf *c = si->conf;
	char addr[INET6_ADDRSTRLEN], vip[160], dur[32], name[VRRP_NAME_MAX];
	size_t i;

	vrrp_status_buf_printf(b, " VRRP Instance = %s\n", text_name(c->name, name, sizeof(name)));
	vrrp_status_buf_printf(b, "   VRRP Version = %u\n", c->version);
	if (c->family == AF_INET6)
		vrrp_status_buf_puts(b, "   Using Native IPv6\n");
	vrrp_status_buf_printf(b, "   State = %s\n", vrrp_state_name(si->state));
	if (si->last_transition_us != 0)
		text_timestamp(b, "Last transition", si->last_transition_us);
	vrrp_status_buf_printf(b, "   Last transition reason = %s\n", si->reason);
	vrrp_status_buf_printf(b, "   Time in state = %s\n",
			       vrrp_status_duration(si->time_in_state_us, dur, sizeof(dur)));
	vrrp_status_buf_printf(b, "   Master down timer = %" PRIu64 " usecs\n",
			       vrrp_master_down_us(c->version, si->effective_priority,
						   si->master_adver_int_cs, c->down_timer_adverts));
	/* An instance without interface (unicast) has none, maybe a VRF. */
	if (c->ifname[0] != '\0')
		vrrp_status_buf_printf(b, "   Interface = %s\n", c->ifname);
	if (c->iface.vrf[0] != '\0')
		vrrp_status_buf_printf(b, "   VRF = %s\n", c->iface.vrf);
	if (si->has_source)
		vrrp_status_buf_printf(b, "   Using src_ip = %s\n",
				       vrrp_addr_ntop(c->family, &si->source, addr, sizeof(addr)));
	vrrp_status_buf_printf(b, "   Multicast address %s\n",
			       c->family == AF_INET6 ? "ff02::12" : "224.0.0.18");
	vrrp_status_buf_printf(b, "   Gratuitous ARP delay = %" PRIu64 "\n",
			       c->garp_master_delay_us / 1000000u);
	vrrp_status_buf_printf(b, "   Gratuitous ARP repeat = %u\n", c->garp_master_repeat);
	vrrp_status_buf_printf(b, "   Gratuitous ARP refresh = %" PRIu64 "\n",
			       c->garp_master_refresh_us / 1000000u);
	vrrp_status_buf_printf(b, "   Gratuitous ARP refresh repeat = %u\n",
			       c->garp_master_refresh_repeat);
	vrrp_status_buf_printf(b, "   Down timer adverts = %u\n",
			       c->down_timer_adverts != 0 ? c->down_timer_adverts :
							    VRRP_DOWN_TIMER_ADVERTS_DEFAULT);
	vrrp_status_buf_printf(b, "   Send advert after receive lower priority advert = %s\n",
			       text_bool(!c->lower_prio_no_advert));
	vrrp_status_buf_printf(b, "   Send advert after receive higher priority advert = %s\n",
			       text_bool(c->higher_prio_send_advert));
	vrrp_status_buf_printf(b, "   Virtual Router ID = %u\n", c->vrid);
	vrrp_status_buf_printf(b, "   Priority = %u\n", si->base_priority);
	vrrp_status_buf_printf(b, "   Effective priority = %u\n", si->effective_priority);
	if (c->version == 2)
		vrrp_status_buf_printf(b, "   Advert interval = %u sec\n", c->adver_int_cs / 100u);
	else
		vrrp_status_buf_printf(b, "   Advert interval = %u milli-sec\n",
				       c->adver_int_cs * 10u);
	vrrp_status_buf_printf(b, "   Preempt = %s\n", c->nopreempt ? "disabled" : "enabled");
	if (c->preempt_delay_us != 0)
		vrrp_status_buf_printf(b, "   Preempt delay = %" PRIu64 " secs\n",
				       c->preempt_delay_us / 1000000u);
	if (c->version == 2)
		vrrp_status_buf_printf(b, "   Authentication type = %s\n",
				       text_auth_name(c->auth_type));
	if (si->master_known) {
		vrrp_status_buf_printf(b, "   Master router = %s\n",
				       vrrp_addr_ntop(c->family, &si->master_addr, addr,
						      sizeof(addr)));
		vrrp_status_buf_printf(b, "   Master priority = %u\n", si->master_priority);
	}
	vrrp_status_buf_printf(b, "   Maintenance = %s\n", si->maintenance ? "on" : "off");
	text_data_tracked(b, st, si);
	if (c->lease.lease_s > 0)
		text_lease(b, si, "   VIP lease = ");
	vrrp_status_buf_printf(b, "   Virtual IP (%zu):\n", c->nvips);
	for (i = 0; i < c->nvips; i++)
		vrrp_status_buf_printf(b, "     %s\n",
				       vrrp_status_vip_ka_str(si, &c->vips[i], vip, sizeof(vip)));
}

void
vrrp_status_data(const struct vrrp_status *st, struct vrrp_status_buf *out)
{
	vrrp_status_buf_puts(out, "------< Global definitions >------\n");
	char rid[sizeof(st->router_id)];
	size_t i;

	vrrp_status_buf_printf(out, " Router ID = %s\n",
			       text_name(st->router_id, rid, sizeof(rid)));
	vrrp_status_buf_puts(out, "------< VRRP Topology >------\n");
	for (i = 0; i < st->ninsts; i++)
		text_data_inst(out, st, &st->insts[i]);
	text_data_scripts(out, st);
}

/* keepalived.stats ------------------------------------------------------------------ */

static void
text_drops(struct vrrp_status_buf *b, const uint64_t *drops, const struct vrrp_status_inst *si)
{
	unsigned r;
	const char *name;
	uint64_t n;
	size_t i;

	vrrp_status_buf_puts(b, "  Receive Drops:\n");
	for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++)
		vrrp_status_buf_printf(b, "    %s: %" PRIu64 "\n", vrrp_drop_name(r), drops[r]);
	for (i = 0; si != NULL && vrrp_status_extra_drop(si, i, &name, &n); i++)
		vrrp_status_buf_printf(b, "    %s: %" PRIu64 "\n", name, n);
}

static void
text_stats_inst(struct vrrp_status_buf *b, const struct vrrp_status_inst *si)
{
	const struct vrrp_status_compat *k = &si->compat;
	char name[VRRP_NAME_MAX];

	vrrp_status_buf_printf(b,
			       "VRRP Instance: %s\n"
			       "  Advertisements:\n"
			       "    Received: %" PRIu64 "\n"
			       "    Sent: %" PRIu64 "\n"
			       "  Became master: %" PRIu64 "\n"
			       "  Released master: %" PRIu64 "\n",
			       text_name(si->conf->name, name, sizeof(name)), si->io.adverts_rx,
			       si->io.adverts_tx, (uint64_t)si->fsm.became_master,
			       (uint64_t)si->fsm.released_master);
	vrrp_status_buf_printf(b,
			       "  Packet Errors:\n"
			       "    Length: %" PRIu64 "\n"
			       "    TTL: %" PRIu64 "\n"
			       "    Invalid Type: %" PRIu64 "\n"
			       "    Advertisement Interval: %" PRIu64 "\n"
			       "    Address List: %" PRIu64 "\n",
			       k->packet_len_err, k->ip_ttl_err, k->invalid_type_rcvd,
			       k->advert_interval_err, k->addr_list_err);
	vrrp_status_buf_printf(b,
			       "  Authentication Errors:\n"
			       "    Invalid Type: %" PRIu64 "\n"
			       "    Type Mismatch: %" PRIu64 "\n"
			       "    Failure: %" PRIu64 "\n"
			       "  Priority Zero:\n"
			       "    Received: %" PRIu64 "\n"
			       "    Sent: %" PRIu64 "\n",
			       k->invalid_authtype, k->authtype_mismatch, k->auth_failure,
			       (uint64_t)si->fsm.prio0_rx, si->io.prio0_tx);
	/* Ours, in the same shapes, after everything keepalived writes. */
	text_drops(b, si->rx.drops, si);
	vrrp_status_buf_printf(b,
			       "  Gratuitous ARP:\n"
			       "    Sent: %" PRIu64 "\n"
			       "  Neighbour Advertisements:\n"
			       "    Sent: %" PRIu64 "\n"
			       "  Errors:\n"
			       "    Send: %" PRIu64 "\n"
			       "    Virtual IP: %" PRIu64 "\n"
			       "  Virtual IPs restored: %" PRIu64 "\n"
			       "  Lower priority adverts unanswered: %" PRIu64 "\n"
			       "  Late master adverts: %" PRIu64 "\n"
			       "  Late master advert episodes: %" PRIu64 "\n",
			       si->io.garps_tx, si->io.nas_tx, si->io.send_errors,
			       si->io.vip_errors, si->io.vips_restored,
			       (uint64_t)si->fsm.lower_prio_suppressed, si->io.late_adverts,
			       si->io.late_advert_episodes);
}

void
vrrp_status_stats(const struct vrrp_status *st, struct vrrp_status_buf *out)
{
	size_t i;

	for (i = 0; i < st->ninsts; i++)
		text_stats_inst(out, &st->insts[i]);
	/* Drops before a VRID selected an instance, per shared socket. */
	for (i = 0; i < st->nsocks; i++) {
		const struct vrrp_status_sock *ss = &st->socks[i];

		vrrp_status_buf_printf(out, "VRRP Socket: %s %s\n  Packets received: %" PRIu64 "\n",
				       ss->ifname, vrrp_status_family_name(ss->family),
				       ss->rx_packets);
		text_drops(out, ss->drops, NULL);
	}
	if (st->has_netlink)
		vrrp_status_buf_printf(out,
				       "Netlink:\n"
				       "  Notifications: %" PRIu64 "\n"
				       "  Overruns: %" PRIu64 "\n"
				       "  Resyncs: %" PRIu64 "\n"
				       "  Requests: %" PRIu64 "\n",
				       st->netlink.notifications, st->netlink.overruns,
				       st->netlink.resyncs, st->netlink.requests);
	if (st->has_proc)
		vrrp_status_buf_printf(out,
				       "Process events:\n"
				       "  Messages: %" PRIu64 "\n"
				       "  Bad: %" PRIu64 "\n"
				       "  Missed: %" PRIu64 "\n"
				       "  Overflows: %" PRIu64 "\n"
				       "  Scans: %" PRIu64 "\n"
				       "  Read errors: %" PRIu64 "\n",
				       st->proc.messages, st->proc.bad, st->proc.missed,
				       st->proc.overflows, st->proc.scans, st->proc.read_errors);
}

/* The status table ------------------------------------------------------------------ */

/* Under the table, when some instance has vip_lease: one line per such instance. */
static void
table_leases(const struct vrrp_status *st, struct vrrp_status_buf *out)
{
	char name[VRRP_NAME_MAX];
	bool any = false;

	for (size_t i = 0; i < st->ninsts; i++) {
		const struct vrrp_status_inst *si = &st->insts[i];

		if (si->conf->lease.lease_s == 0)
			continue;
		if (!any)
			vrrp_status_buf_puts(out, "\nVIP leases:\n");
		any = true;
		text_name(si->conf->name, name, sizeof(name));
		vrrp_status_buf_printf(out, "  %s: ", name);
		text_lease(out, si, "");
	}
}

enum {
	COL_NAME,
	COL_IF,
	COL_VRID,
	COL_STATE,
	COL_PRIO,
	COL_MASTER,
	COL_VIPS,
	COL_SINCE,
	COL_REASON,
	COL_COUNT
};

#define TABLE_CELL 256

/* clang-format off */
static const char *const table_heads[COL_COUNT] = {
	"INSTANCE", "INTERFACE", "VRID", "STATE", "PRIO/EFF", "MASTER", "VIPS", "IN STATE",
	"REASON",
};
/* clang-format on */

/* The VIPs, comma separated; "..." when they do not fit. */
static void
table_vips(const struct vrrp_status_inst *si, char *cell, size_t size)
{
	char one[INET6_ADDRSTRLEN + 8];
	size_t i, len = 0, n;

	cell[0] = '\0';
	for (i = 0; i < si->conf->nvips; i++) {
		vrrp_status_vip_str(&si->conf->vips[i], one, sizeof(one));
		n = strlen(one) + (i > 0);
		if (len + n + 4 >= size) {
			snprintf(cell + len, size - len, "%s...", i > 0 ? "," : "");
			return;
		}
		snprintf(cell + len, size - len, "%s%s", i > 0 ? "," : "", one);
		len += n;
	}
	if (si->conf->nvips == 0)
		snprintf(cell, size, "-");
}

static void
table_row(const struct vrrp_status_inst *si, char cells[COL_COUNT][TABLE_CELL])
{
	const struct vrrp_instance_conf *c = si->conf;
	char addr[INET6_ADDRSTRLEN];

	text_name(c->name, cells[COL_NAME], TABLE_CELL);
	snprintf(cells[COL_IF], TABLE_CELL, "%s", c->ifname);
	snprintf(cells[COL_VRID], TABLE_CELL, "%u", c->vrid);
	snprintf(cells[COL_STATE], TABLE_CELL, "%s", vrrp_state_name(si->state));
	snprintf(cells[COL_PRIO], TABLE_CELL, "%u/%u", si->base_priority, si->effective_priority);
	if (si->master_known)
		snprintf(cells[COL_MASTER], TABLE_CELL, "%s%s",
			 vrrp_addr_ntop(c->family, &si->master_addr, addr, sizeof(addr)),
			 si->state == VRRP_STATE_MASTER ? " (us)" : "");
	else
		snprintf(cells[COL_MASTER], TABLE_CELL, "-");
	table_vips(si, cells[COL_VIPS], TABLE_CELL);
	if (si->last_transition_us != 0)
		vrrp_status_duration(si->time_in_state_us, cells[COL_SINCE], TABLE_CELL);
	else
		snprintf(cells[COL_SINCE], TABLE_CELL, "-");
	snprintf(cells[COL_REASON], TABLE_CELL, "%s", si->reason);
}

static void
table_print(struct vrrp_status_buf *b, char cells[COL_COUNT][TABLE_CELL], const size_t *width)
{
	unsigned col;

	for (col = 0; col < COL_COUNT; col++) {
		if (col == COL_COUNT - 1)
			vrrp_status_buf_printf(b, "%s\n", cells[col]);
		else
			vrrp_status_buf_printf(b, "%-*s  ", (int)width[col], cells[col]);
	}
}

void
vrrp_status_table(const struct vrrp_status *st, struct vrrp_status_buf *out)
{
	char(*rows)[COL_COUNT][TABLE_CELL];
	size_t width[COL_COUNT], i, n;
	unsigned col;

	if (st->ninsts == 0) {
		vrrp_status_buf_puts(out, "No VRRP instances.\n");
		return;
	}
	rows = calloc(st->ninsts + 1, sizeof(*rows));
	if (rows == NULL) {
		out->failed = true;
		return;
	}
	for (col = 0; col < COL_COUNT; col++) {
		snprintf(rows[0][col], TABLE_CELL, "%s", table_heads[col]);
		width[col] = strlen(table_heads[col]);
	}
	for (i = 0; i < st->ninsts; i++) {
		table_row(&st->insts[i], rows[i + 1]);
		for (col = 0; col < COL_COUNT; col++) {
			n = strlen(rows[i + 1][col]);
			if (n > width[col])
				width[col] = n;
		}
	}
	for (i = 0; i <= st->ninsts; i++)
		table_print(out, rows[i], width);
	free(rows);
	table_leases(st, out);
}
