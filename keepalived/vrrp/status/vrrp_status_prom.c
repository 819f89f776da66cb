/*
 * The status model in Prometheus text format 0.0.4, for `keepalivectl
 * metrics` and the /metrics endpoint. Every metric is named
 * keepalived_vrrp_*, carries HELP and TYPE lines, and has the labels
 * instance, interface and vrid (plus reason for drops); the per-socket
 * and netlink counters are labelled by interface and family. The metrics
 * are listed in one table, so the set is easy to review.
 */
#include "config.h"

#include "keepalived/vrrp/status/vrrp_status.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Per instance -------------------------------------------------------------- */

struct prom_metric {
	const char *name;
	const char *type; /* "gauge" or "counter" */
	const char *help;
	uint64_t (*value)(const struct vrrp_status_inst *si);
	bool seconds; /* value is in microseconds: print seconds */
};

#define PROM_GETTER(fn, expr)                                 \
	static uint64_t fn(const struct vrrp_status_inst *si) \
	{                                                     \
		return (expr);                                \
	}

PROM_GETTER(prom_state, (uint64_t)si->state)
PROM_GETTER(prom_base_prio, si->base_priority)
PROM_GETTER(prom_eff_prio, si->effective_priority)
PROM_GETTER(prom_maint, si->maintenance)
PROM_GETTER(prom_in_state, si->time_in_state_us)
PROM_GETTER(prom_last_trans, si->last_transition_us)
PROM_GETTER(prom_became, si->fsm.became_master)
PROM_GETTER(prom_released, si->fsm.released_master)
PROM_GETTER(prom_adv_tx, si->io.adverts_tx)
PROM_GETTER(prom_adv_rx, si->io.adverts_rx)
PROM_GETTER(prom_p0_tx, si->io.prio0_tx)
PROM_GETTER(prom_p0_rx, si->fsm.prio0_rx)
PROM_GETTER(prom_garp, si->io.garps_tx)
PROM_GETTER(prom_na, si->io.nas_tx)
PROM_GETTER(prom_send_err, si->io.send_errors)
PROM_GETTER(prom_vip_err, si->io.vip_errors)
PROM_GETTER(prom_vip_restored, si->io.vips_restored)
PROM_GETTER(prom_prio_changes, si->track.priority_changes)
PROM_GETTER(prom_track_faults, si->track.tracker_faults)
PROM_GETTER(prom_notify_dropped, si->track.notify_scripts_dropped)
PROM_GETTER(prom_lower_suppressed, si->fsm.lower_prio_suppressed)
PROM_GETTER(prom_lease, (uint64_t)si->conf->lease.lease_s * 1000000u)
PROM_GETTER(prom_lease_left, si->lease_held ? si->lease_left_us : 0)
PROM_GETTER(prom_lease_renewals, si->lease.renewals)
PROM_GETTER(prom_lease_lapses, si->lease.lapses)
PROM_GETTER(prom_late_adverts, si->io.late_adverts)
PROM_GETTER(prom_late_episodes, si->io.late_advert_episodes)

/* clang-format off */
static const struct prom_metric prom_inst_metrics[] = {
	{ "keepalived_vrrp_state", "gauge",
	  "VRRP state: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP.", prom_state, false },
	{ "keepalived_vrrp_priority", "gauge", "Configured priority.", prom_base_prio, false },
	{ "keepalived_vrrp_effective_priority", "gauge",
	  "Priority in use, after trackers (255 for the address owner).", prom_eff_prio, false },
	{ "keepalived_vrrp_maintenance", "gauge",
	  "1 while the instance is held in FAULT by `keepalivectl maintenance`.", prom_maint,
	  false },
	{ "keepalived_vrrp_state_duration_seconds", "gauge",
	  "Time since the last state transition.", prom_in_state, true },
	{ "keepalived_vrrp_last_transition_timestamp_seconds", "gauge",
	  "Wall-clock time of the last state transition (0: none yet).", prom_last_trans, true },
	{ "keepalived_vrrp_became_master_total", "counter", "Transitions to MASTER.",
	  prom_became, false },
	{ "keepalived_vrrp_released_master_total", "counter",
	  "Transitions from MASTER to another state.", prom_released, false },
	{ "keepalived_vrrp_adverts_sent_total", "counter",
	  "Advertisements sent, priority 0 included.", prom_adv_tx, false },
	{ "keepalived_vrrp_adverts_received_total", "counter",
	  "Valid advertisements received.", prom_adv_rx, false },
	{ "keepalived_vrrp_priority_zero_sent_total", "counter",
	  "Priority-0 advertisements sent (leaving MASTER).", prom_p0_tx, false },
	{ "keepalived_vrrp_priority_zero_received_total", "counter",
	  "Priority-0 advertisements received.", prom_p0_rx, false },
	{ "keepalived_vrrp_gratuitous_arps_sent_total", "counter", "Gratuitous ARPs sent.",
	  prom_garp, false },
	{ "keepalived_vrrp_neighbour_adverts_sent_total", "counter",
	  "Unsolicited IPv6 neighbour advertisements sent.", prom_na, false },
	{ "keepalived_vrrp_send_errors_total", "counter", "Advertisements that failed to send.",
	  prom_send_err, false },
	{ "keepalived_vrrp_vip_errors_total", "counter",
	  "Virtual addresses the kernel refused to add or delete.", prom_vip_err, false },
	{ "keepalived_vrrp_vips_restored_total", "counter",
	  "Virtual addresses put back after someone else removed them.", prom_vip_restored,
	  false },
	{ "keepalived_vrrp_priority_changes_total", "counter",
	  "Changes of the effective priority made by trackers.", prom_prio_changes, false },
	{ "keepalived_vrrp_tracker_faults_total", "counter",
	  "Times a tracker put the instance in FAULT.", prom_track_faults, false },
	{ "keepalived_vrrp_notify_scripts_dropped_total", "counter",
	  "Notify scripts not run: too many running and waiting.", prom_notify_dropped, false },
	{ "keepalived_vrrp_lower_prio_suppressed_total", "counter",
	  "Lower-priority and priority-0 advertisements left unanswered as MASTER (one answer per"
	  " advert interval).", prom_lower_suppressed, false },
	{ "keepalived_vrrp_vip_lease_seconds", "gauge",
	  "The VIPs' kernel lifetime (vip_lease; 0: permanent).", prom_lease, true },
	{ "keepalived_vrrp_vip_lease_remaining_seconds", "gauge",
	  "Time before the kernel may remove the VIPs unless renewed (0: no lease held).",
	  prom_lease_left, true },
	{ "keepalived_vrrp_vip_lease_renewals_total", "counter",
	  "Renewals of the VIP lease (one per batch).", prom_lease_renewals, false },
	{ "keepalived_vrrp_vip_lease_lapses_total", "counter",
	  "VIP leases that ran out while held (the daemon was stopped or starved).",
	  prom_lease_lapses, false },
	{ "keepalived_vrrp_late_adverts_total", "counter",
	  "Master advertisements received as BACKUP later than late_advert_warn allows.",
	  prom_late_adverts, false },
	{ "keepalived_vrrp_late_advert_episodes_total", "counter",
	  "Episodes of late master advertisements (each logged once).", prom_late_episodes,
	  false },
};
/* clang-format on */

/* Label values ------------------------------------------------------------------ */

/*
 * Append s as a label value: backslash, double quote and newline escaped as
 * the text format requires, bytes that are not UTF-8 replaced by U+FFFD.
 */
static void
prom_label_value(struct vrrp_status_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\\')
			vrrp_status_buf_puts(b, "\\\\");
		else if (*p == '"')
			vrrp_status_buf_puts(b, "\\\"");
		else if (*p == '\n')
			vrrp_status_buf_puts(b, "\\n");
		else if (*p < 0x80)
			vrrp_status_buf_add(b, (const char *)p, 1);
		else {
			size_t n = 0, i;

			if (*p >= 0xc2 && *p <= 0xdf)
				n = 2;
			else if (*p >= 0xe0 && *p <= 0xef)
				n = 3;
			else if (*p >= 0xf0 && *p <= 0xf4)
				n = 4;
			for (i = 1; i < n; i++)
				if ((p[i] & 0xc0) != 0x80)
					n = 0;
			if (n == 0) {
				vrrp_status_buf_add(b, "\xef\xbf\xbd", 3);
				continue;
			}
			vrrp_status_buf_add(b, (const char *)p, n);
			p += n - 1;
		}
	}
}

static void
prom_inst_labels(struct vrrp_status_buf *b, const struct vrrp_status_inst *si)
{
	vrrp_status_buf_puts(b, "instance=\"");
	prom_label_value(b, si->conf->name);
	vrrp_status_buf_puts(b, "\",interface=\"");
	prom_label_value(b, si->conf->ifname);
	vrrp_status_buf_printf(b, "\",vrid=\"%u\"", si->conf->vrid);
}

static void
prom_sock_labels(struct vrrp_status_buf *b, const struct vrrp_status_sock *ss)
{
	vrrp_status_buf_puts(b, "interface=\"");
	prom_label_value(b, ss->ifname);
	vrrp_status_buf_printf(b, "\",family=\"%s\"", vrrp_status_family_name(ss->family));
}

static void
prom_tracker_labels(struct vrrp_status_buf *b, const struct vrrp_status_tracker *t)
{
	vrrp_status_buf_puts(b, "tracker=\"");
	prom_label_value(b, t->name);
	vrrp_status_buf_printf(b, "\",kind=\"%s\"", vrrp_track_kind_name(t->kind));
}

static void
prom_head(struct vrrp_status_buf *b, const char *name, const char *type, const char *help)
{
	vrrp_status_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
prom_value(struct vrrp_status_buf *b, uint64_t v, bool seconds)
{
	if (seconds)
		vrrp_status_buf_printf(b, "} %" PRIu64 ".%06" PRIu64 "\n", v / 1000000u,
				       v % 1000000u);
	else
		vrrp_status_buf_printf(b, "} %" PRIu64 "\n", v);
}

/* Families ------------------------------------------------------------------ */

static void
prom_instances(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	size_t m, i, x;
	unsigned r;
	const char *name;
	uint64_t n;

	for (m = 0; m < sizeof(prom_inst_metrics) / sizeof(prom_inst_metrics[0]); m++) {
		const struct prom_metric *pm = &prom_inst_metrics[m];

		prom_head(b, pm->name, pm->type, pm->help);
		for (i = 0; i < st->ninsts; i++) {
			vrrp_status_buf_printf(b, "%s{", pm->name);
			prom_inst_labels(b, &st->insts[i]);
			prom_value(b, pm->value(&st->insts[i]), pm->seconds);
		}
	}
	prom_head(b, "keepalived_vrrp_drops_total", "counter",
		  "Received packets dropped, charged to the instance their VRID names, "
		  "by reason.");
	for (i = 0; i < st->ninsts; i++) {
		for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++) {
			vrrp_status_buf_puts(b, "keepalived_vrrp_drops_total{");
			prom_inst_labels(b, &st->insts[i]);
			vrrp_status_buf_printf(b, ",reason=\"%s\"", vrrp_drop_name(r));
			prom_value(b, st->insts[i].rx.drops[r], false);
		}
		for (x = 0; vrrp_status_extra_drop(&st->insts[i], x, &name, &n); x++) {
			vrrp_status_buf_puts(b, "keepalived_vrrp_drops_total{");
			prom_inst_labels(b, &st->insts[i]);
			vrrp_status_buf_printf(b, ",reason=\"%s\"", name);
			prom_value(b, n, false);
		}
	}
}

static void
prom_sockets(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	size_t i;
	unsigned r;

	prom_head(b, "keepalived_vrrp_socket_packets_received_total", "counter",
		  "VRRP packets read from the socket of an interface and family.");
	for (i = 0; i < st->nsocks; i++) {
		vrrp_status_buf_printf(b, "keepalived_vrrp_socket_packets_received_total{");
		prom_sock_labels(b, &st->socks[i]);
		prom_value(b, st->socks[i].rx_packets, false);
	}
	prom_head(b, "keepalived_vrrp_socket_drops_total", "counter",
		  "Received packets dropped that no instance could be charged with, by reason.");
	for (i = 0; i < st->nsocks; i++) {
		for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++) {
			vrrp_status_buf_printf(b, "keepalived_vrrp_socket_drops_total{");
			prom_sock_labels(b, &st->socks[i]);
			vrrp_status_buf_printf(b, ",reason=\"%s\"", vrrp_drop_name(r));
			prom_value(b, st->socks[i].drops[r], false);
		}
	}
}

/* Trackers: state and changes of each, script results, effect on each instance. */
static void
prom_trackers(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	/* clang-format off */
	static const struct {
		const char *result;
		size_t offset;
	} results[] = {
		{ "succeeded", offsetof(struct vrrp_tracker_stats, succeeded) },
		{ "failed", offsetof(struct vrrp_tracker_stats, failed) },
		{ "timed_out", offsetof(struct vrrp_tracker_stats, timed_out) },
		{ "start_error", offsetof(struct vrrp_tracker_stats, start_errors) },
		{ "skipped", offsetof(struct vrrp_tracker_stats, skipped) },
	};
	/* clang-format on */
	size_t i, r;
	uint64_t v;

	prom_head(b, "keepalived_vrrp_tracker_state", "gauge",
		  "Tracker state: 0 INIT (no result yet), 1 UP, 2 DOWN.");
	for (i = 0; i < st->ntrackers; i++) {
		vrrp_status_buf_puts(b, "keepalived_vrrp_tracker_state{");
		prom_tracker_labels(b, &st->trackers[i]);
		prom_value(b, (uint64_t)st->trackers[i].state, false);
	}
	prom_head(b, "keepalived_vrrp_tracker_changes_total", "counter",
		  "Tracker transitions between UP and DOWN.");
	for (i = 0; i < st->ntrackers; i++) {
		vrrp_status_buf_puts(b, "keepalived_vrrp_tracker_changes_total{");
		prom_tracker_labels(b, &st->trackers[i]);
		prom_value(b, st->trackers[i].stats.changes, false);
	}
	prom_head(b, "keepalived_vrrp_script_results_total", "counter",
		  "vrrp_script runs by result.");
	for (i = 0; i < st->ntrackers; i++) {
		if (st->trackers[i].kind != VRRP_TRACK_SCRIPT)
			continue;
		for (r = 0; r < sizeof(results) / sizeof(results[0]); r++) {
			memcpy(&v, (const char *)&st->trackers[i].stats + results[r].offset,
			       sizeof(v));
			vrrp_status_buf_puts(b, "keepalived_vrrp_script_results_total{");
			prom_tracker_labels(b, &st->trackers[i]);
			vrrp_status_buf_printf(b, ",result=\"%s\"", results[r].result);
			prom_value(b, v, false);
		}
	}
	prom_head(b, "keepalived_vrrp_tracker_effect", "gauge",
		  "What a tracker adds to an instance's priority now.");
	for (i = 0; i < st->ninsts; i++) {
		const struct vrrp_status_inst *si = &st->insts[i];

		for (r = si->uses_first; r < si->uses_first + si->nuses; r++) {
			vrrp_status_buf_puts(b, "keepalived_vrrp_tracker_effect{");
			prom_inst_labels(b, si);
			vrrp_status_buf_puts(b, ",");
			prom_tracker_labels(b, &st->trackers[st->uses[r].tracker]);
			vrrp_status_buf_printf(b, "} %" PRId64 "\n", st->uses[r].effect);
		}
	}
}

static void
prom_netlink(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	/* clang-format off */
	static const struct {
		const char *name, *help;
		size_t offset;
	} nl[] = {
		{ "keepalived_vrrp_netlink_notifications_total",
		  "Link and address notifications handled.",
		  offsetof(struct vrrp_nl_stats, notifications) },
		{ "keepalived_vrrp_netlink_overruns_total",
		  "Netlink monitor overruns (notifications lost, then resynchronised).",
		  offsetof(struct vrrp_nl_stats, overruns) },
		{ "keepalived_vrrp_netlink_resyncs_total",
		  "Full netlink resynchronisations after the first dump.",
		  offsetof(struct vrrp_nl_stats, resyncs) },
		{ "keepalived_vrrp_netlink_requests_total", "Virtual-address requests sent.",
		  offsetof(struct vrrp_nl_stats, requests) },
	};
	/* clang-format on */
	size_t i;
	uint64_t v;

	if (!st->has_netlink)
		return;
	for (i = 0; i < sizeof(nl) / sizeof(nl[0]); i++) {
		memcpy(&v, (const char *)&st->netlink + nl[i].offset, sizeof(v));
		prom_head(b, nl[i].name, "counter", nl[i].help);
		vrrp_status_buf_printf(b, "%s %" PRIu64 "\n", nl[i].name, v);
	}
}

static void
prom_proc(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	/* clang-format off */
	static const struct {
		const char *name, *help;
		size_t offset;
	} pe[] = {
		{ "keepalived_vrrp_process_events_total",
		  "Process event messages taken (vrrp_track_process).",
		  offsetof(struct vrrp_proc_stats, messages) },
		{ "keepalived_vrrp_process_events_bad_total",
		  "Malformed or foreign process event messages dropped.",
		  offsetof(struct vrrp_proc_stats, bad) },
		{ "keepalived_vrrp_process_events_missed_total",
		  "Process events lost, by their sequence numbers.",
		  offsetof(struct vrrp_proc_stats, missed) },
		{ "keepalived_vrrp_process_events_overflows_total",
		  "Process event socket buffer overflows (a /proc scan follows).",
		  offsetof(struct vrrp_proc_stats, overflows) },
		{ "keepalived_vrrp_process_scans_total",
		  "Scans of /proc, the first one included.",
		  offsetof(struct vrrp_proc_stats, scans) },
		{ "keepalived_vrrp_process_read_errors_total",
		  "/proc/PID files that could not be read.",
		  offsetof(struct vrrp_proc_stats, read_errors) },
	};
	/* clang-format on */
	uint64_t v;

	if (!st->has_proc)
		return;
	for (size_t i = 0; i < sizeof(pe) / sizeof(pe[0]); i++) {
		memcpy(&v, (const char *)&st->proc + pe[i].offset, sizeof(v));
		prom_head(b, pe[i].name, "counter", pe[i].help);
		vrrp_status_buf_printf(b, "%s %" PRIu64 "\n", pe[i].name, v);
	}
}

/* The bfd_instance sessions: Up or not, and the receive drops by reason (bfd_instance only). */
static void
prom_bfd(const struct vrrp_status *st, struct vrrp_status_buf *b)
{
	if (!st->has_bfd)
		return;
	prom_head(b, "keepalived_vrrp_bfd_session_up", "gauge",
		  "1 while the bfd_instance session is Up.");
	for (size_t i = 0; i < st->nbfd; i++) {
		vrrp_status_buf_puts(b, "keepalived_vrrp_bfd_session_up{name=\"");
		prom_label_value(b, st->bfd_sessions[i].name);
		vrrp_status_buf_printf(b, "\"} %d\n", st->bfd_sessions[i].s.state == BFD_STATE_UP);
	}
	prom_head(b, "keepalived_vrrp_bfd_packets_received_total", "counter",
		  "BFD control packets received, dropped ones included.");
	vrrp_status_buf_printf(b, "keepalived_vrrp_bfd_packets_received_total %" PRIu64 "\n",
			       st->bfd.rx);
	prom_head(b, "keepalived_vrrp_bfd_packets_sent_total", "counter",
		  "BFD control packets sent.");
	vrrp_status_buf_printf(b, "keepalived_vrrp_bfd_packets_sent_total %" PRIu64 "\n",
			       st->bfd.tx);
	prom_head(b, "keepalived_vrrp_bfd_drops_total", "counter",
		  "BFD control packets dropped, by reason.");
	for (int r = BFD_DROP_NONE + 1; r < BFD_DROP_COUNT_; r++)
		vrrp_status_buf_printf(b,
				       "keepalived_vrrp_bfd_drops_total{reason=\"%s\"} %" PRIu64
				       "\n",
				       bfd_drop_name((enum bfd_drop)r), st->bfd.drops[r]);
}

void
vrrp_status_prometheus(const struct vrrp_status *st, struct vrrp_status_buf *out)
{
	prom_head(out, "keepalived_vrrp_up", "gauge", "1 when the daemon answers.");
	vrrp_status_buf_printf(out, "keepalived_vrrp_up 1\n");
	prom_head(out, "keepalived_vrrp_instances", "gauge", "Number of VRRP instances.");
	vrrp_status_buf_printf(out, "keepalived_vrrp_instances %zu\n", st->ninsts);
	prom_instances(st, out);
	prom_trackers(st, out);
	prom_sockets(st, out);
	prom_netlink(st, out);
	prom_proc(st, out);
	prom_bfd(st, out);
}
