/*
 * The status model as JSON: keepalived.json (keepalived 2.2.7's array of
 * {"data", "stats"} per instance, with our fields added) and the document
 * keepalivectl gets, which wraps the same array with the daemon's global
 * counters. The layout is described in vrrp_status.h. Output is compact,
 * one line, as keepalived writes it.
 */
#include "config.h"

#include "keepalived/vrrp/status/vrrp_status.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A JSON writer that only has to know whether a comma is due. */
struct json {
	struct vrrp_status_buf *b;
	bool comma;
};

static void
json_raw(struct json *j, const char *s)
{
	vrrp_status_buf_add(j->b, s, strlen(s));
}

/* Before a value in an array, or a key in an object. */
static void
json_sep(struct json *j)
{
	if (j->comma)
		json_raw(j, ",");
	j->comma = true;
}

/* Keys are our own ASCII names: no escaping needed. */
static void
json_key(struct json *j, const char *key)
{
	json_sep(j);
	vrrp_status_buf_printf(j->b, "\"%s\":", key);
}

static void
json_open(struct json *j, const char *key, const char *bracket)
{
	if (key != NULL)
		json_key(j, key);
	else
		json_sep(j);
	json_raw(j, bracket);
	j->comma = false;
}

static void
json_close(struct json *j, const char *bracket)
{
	json_raw(j, bracket);
	j->comma = true;
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
json_utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * A string value. Names come from a configuration file and may hold any
 * byte: quotes, backslashes and control characters are escaped, and bytes
 * that are not UTF-8 become U+FFFD so the document always parses.
 */
static void
json_string_value(struct json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	json_raw(j, "\"");
	while (*p != '\0') {
		if (*p == '"' || *p == '\\') {
			vrrp_status_buf_printf(j->b, "\\%c", *p);
			p++;
		} else if (*p < 0x20) {
			vrrp_status_buf_printf(j->b, "\\u%04x", *p);
			p++;
		} else if ((n = json_utf8_len(p)) == 0) {
			json_raw(j, "\\ufffd");
			p++;
		} else {
			vrrp_status_buf_add(j->b, (const char *)p, n);
			p += n;
		}
	}
	json_raw(j, "\"");
}

static void
json_str(struct json *j, const char *key, const char *value)
{
	json_key(j, key);
	json_string_value(j, value);
}

static void
json_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	vrrp_status_buf_printf(j->b, "%" PRIu64, v);
}

static void
json_i64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	vrrp_status_buf_printf(j->b, "%" PRId64, v);
}

static void
json_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_raw(j, v ? "true" : "false");
}

/* Microseconds as seconds with six decimals. */
static void
json_us(struct json *j, const char *key, uint64_t us)
{
	json_key(j, key);
	vrrp_status_buf_printf(j->b, "%" PRIu64 ".%06" PRIu64, us / 1000000u, us % 1000000u);
}

/* Centiseconds as seconds: 1, 0.5, 0.25. */
static void
json_cs(struct json *j, const char *key, uint64_t cs)
{
	json_key(j, key);
	if (cs % 100 == 0)
		vrrp_status_buf_printf(j->b, "%" PRIu64, cs / 100);
	else
		vrrp_status_buf_printf(j->b, "%" PRIu64 ".%02" PRIu64, cs / 100, cs % 100);
}

static void
json_addr(struct json *j, const char *key, int family, bool known, const union vrrp_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!known) {
		json_key(j, key);
		json_raw(j, "null");
		return;
	}
	json_str(j, key, vrrp_addr_ntop(family, a, buf, sizeof(buf)));
}

/* Instances ---------------------------------------------------------------- */

static void
json_identity(struct json *j, const struct vrrp_status_inst *si)
{
	const struct vrrp_instance_conf *c = si->conf;

	json_str(j, "iname", c->name);
	json_str(j, "ifp_ifname", c->ifname);
	json_u64(j, "vrid", c->vrid);
	json_u64(j, "version", c->version);
	json_str(j, "family", vrrp_status_family_name(c->family));
	json_u64(j, "state", si->state);
	json_str(j, "state_name", vrrp_state_name(si->state));
}

/* The trackers an instance watches, and what each does to it now. */
static void
json_inst_trackers(struct json *j, const struct vrrp_status *st, const struct vrrp_status_inst *si)
{
	size_t i;

	json_open(j, "trackers", "[");
	for (i = si->uses_first; i < si->uses_first + si->nuses; i++) {
		const struct vrrp_status_use *u = &st->uses[i];
		const struct vrrp_status_tracker *t = &st->trackers[u->tracker];

		json_open(j, NULL, "{");
		json_str(j, "name", t->name);
		json_str(j, "kind", vrrp_track_kind_name(t->kind));
		json_str(j, "state", vrrp_tracker_state_name(t->state));
		json_i64(j, "weight", u->weight);
		json_bool(j, "reverse", u->reverse);
		json_i64(j, "effect", u->effect);
		json_bool(j, "fault", u->fault);
		json_close(j, "}");
	}
	json_close(j, "]");
}

static void
json_data(struct json *j, const struct vrrp_status *st, const struct vrrp_status_inst *si)
{
	const struct vrrp_instance_conf *c = si->conf;
	char buf[160];
	size_t i;

	json_identity(j, si);
	json_u64(j, "base_priority", si->base_priority);
	json_u64(j, "effective_priority", si->effective_priority);
	json_u64(j, "master_priority", si->master_known ? si->master_priority : 0);
	json_addr(j, "source_address", c->family, si->has_source, &si->source);
	json_addr(j, "master_address", c->family, si->master_known, &si->master_addr);
	json_us(j, "last_transition", si->last_transition_us);
	json_us(j, "time_in_state", si->time_in_state_us);
	json_str(j, "last_transition_reason", si->reason);
	json_bool(j, "maintenance", si->maintenance);
	json_bool(j, "link_fault", si->link_fault);
	json_cs(j, "adver_int", c->adver_int_cs);
	json_cs(j, "master_adver_int", si->master_adver_int_cs);
	json_bool(j, "nopreempt", c->nopreempt);
	json_us(j, "preempt_delay", c->preempt_delay_us);
	json_u64(j, "garp_delay", c->garp_master_delay_us / 1000000u);
	json_u64(j, "garp_rep", c->garp_master_repeat);
	json_u64(j, "garp_refresh", c->garp_master_refresh_us / 1000000u);
	json_u64(j, "garp_refresh_rep", c->garp_master_refresh_repeat);
	json_u64(j, "lower_prio_no_advert", c->lower_prio_no_advert);
	json_u64(j, "higher_prio_send_advert", c->higher_prio_send_advert);
	json_u64(j, "auth_type", c->auth_type);
	json_bool(j, "vipset", si->vips_installed);
	json_u64(j, "vip_lease", c->lease.lease_s);
	if (si->lease_held) {
		json_us(j, "vip_lease_remaining", si->lease_left_us);
	} else {
		json_key(j, "vip_lease_remaining");
		json_raw(j, "null");
	}
	json_open(j, "vips", "[");
	for (i = 0; i < c->nvips; i++) {
		json_sep(j);
		json_string_value(j, vrrp_status_vip_ka_str(si, &c->vips[i], buf, sizeof(buf)));
	}
	json_close(j, "]");
	json_open(j, "addresses", "[");
	for (i = 0; i < c->nvips; i++) {
		json_sep(j);
		json_string_value(j, vrrp_status_vip_str(&c->vips[i], buf, sizeof(buf)));
	}
	json_close(j, "]");
	json_inst_trackers(j, st, si);
}

static void
json_drops(struct json *j, const uint64_t *drops, const struct vrrp_status_inst *si)
{
	unsigned r;
	const char *name;
	uint64_t n;
	size_t i;

	json_open(j, "drops", "{");
	for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++)
		json_u64(j, vrrp_drop_name(r), drops[r]);
	for (i = 0; si != NULL && vrrp_status_extra_drop(si, i, &name, &n); i++)
		json_u64(j, name, n);
	json_close(j, "}");
}

static void
json_stats(struct json *j, const struct vrrp_status_inst *si)
{
	const struct vrrp_status_compat *k = &si->compat;

	json_u64(j, "advert_rcvd", si->io.adverts_rx);
	json_u64(j, "advert_sent", si->io.adverts_tx);
	json_u64(j, "become_master", si->fsm.became_master);
	json_u64(j, "release_master", si->fsm.released_master);
	json_u64(j, "packet_len_err", k->packet_len_err);
	json_u64(j, "advert_interval_err", k->advert_interval_err);
	json_u64(j, "ip_ttl_err", k->ip_ttl_err);
	json_u64(j, "invalid_type_rcvd", k->invalid_type_rcvd);
	json_u64(j, "addr_list_err", k->addr_list_err);
	json_u64(j, "invalid_authtype", k->invalid_authtype);
	json_u64(j, "authtype_mismatch", k->authtype_mismatch);
	json_u64(j, "auth_failure", k->auth_failure);
	json_u64(j, "pri_zero_rcvd", si->fsm.prio0_rx);
	json_u64(j, "pri_zero_sent", si->io.prio0_tx);
	json_drops(j, si->rx.drops, si);
	json_u64(j, "garp_sent", si->io.garps_tx);
	json_u64(j, "na_sent", si->io.nas_tx);
	json_u64(j, "send_errors", si->io.send_errors);
	json_u64(j, "vip_errors", si->io.vip_errors);
	json_u64(j, "late_adverts", si->io.late_adverts);
	json_u64(j, "late_advert_episodes", si->io.late_advert_episodes);
	json_u64(j, "vips_restored", si->io.vips_restored);
	json_u64(j, "checksum_plain_rcvd", si->io.csum_plain_rx);
	json_u64(j, "checksum_pseudo_rcvd", si->io.csum_pseudo_rx);
	json_u64(j, "interval_mismatch_rcvd", si->fsm.v3_interval_mismatch);
	json_u64(j, "priority_changes", si->track.priority_changes);
	json_u64(j, "tracker_faults", si->track.tracker_faults);
	json_u64(j, "lower_prio_rcvd", si->track.rx_lower_pri);
	json_u64(j, "notify_scripts_queued", si->track.notify_scripts_queued);
	json_u64(j, "notify_scripts_dropped", si->track.notify_scripts_dropped);
	json_u64(j, "lower_prio_suppressed", si->fsm.lower_prio_suppressed);
	json_u64(j, "lease_renewals", si->lease.renewals);
	json_u64(j, "lease_renew_errors", si->lease.renew_errors);
	json_u64(j, "lease_lapses", si->lease.lapses);
	json_u64(j, "lease_reinstalls", si->lease.reinstalls);
}

static void
json_instances(struct json *j, const struct vrrp_status *st, unsigned what)
{
	size_t i;

	for (i = 0; i < st->ninsts; i++) {
		json_open(j, NULL, "{");
		json_open(j, "data", "{");
		if (what & VRRP_STATUS_JSON_DATA)
			json_data(j, st, &st->insts[i]);
		else
			json_identity(j, &st->insts[i]);
		json_close(j, "}");
		if (what & VRRP_STATUS_JSON_STATS) {
			json_open(j, "stats", "{");
			json_stats(j, &st->insts[i]);
			json_close(j, "}");
		}
		json_close(j, "}");
	}
}

/* Global counters ------------------------------------------------------------ */

static void
json_trackers(struct json *j, const struct vrrp_status *st)
{
	size_t i;

	json_open(j, "trackers", "[");
	for (i = 0; i < st->ntrackers; i++) {
		const struct vrrp_status_tracker *t = &st->trackers[i];

		json_open(j, NULL, "{");
		json_str(j, "name", t->name);
		json_str(j, "kind", vrrp_track_kind_name(t->kind));
		json_str(j, "state", vrrp_tracker_state_name(t->state));
		json_i64(j, "value", t->value);
		json_bool(j, "running", t->running);
		json_u64(j, "runs", t->stats.runs);
		json_u64(j, "succeeded", t->stats.succeeded);
		json_u64(j, "failed", t->stats.failed);
		json_u64(j, "timed_out", t->stats.timed_out);
		json_u64(j, "start_errors", t->stats.start_errors);
		json_u64(j, "skipped", t->stats.skipped);
		json_u64(j, "changes", t->stats.changes);
		json_u64(j, "refused", t->stats.refused);
		json_u64(j, "rereads", t->stats.rereads);
		json_close(j, "}");
	}
	json_close(j, "]");
}

static void
json_sockets(struct json *j, const struct vrrp_status *st)
{
	size_t i;

	json_open(j, "sockets", "[");
	for (i = 0; i < st->nsocks; i++) {
		const struct vrrp_status_sock *ss = &st->socks[i];

		json_open(j, NULL, "{");
		json_str(j, "interface", ss->ifname);
		json_str(j, "family", vrrp_status_family_name(ss->family));
		json_bool(j, "open", ss->open);
		json_u64(j, "packets_received", ss->rx_packets);
		json_drops(j, ss->drops, NULL);
		json_close(j, "}");
	}
	json_close(j, "]");
}

static void
json_netlink(struct json *j, const struct vrrp_status *st)
{
	if (!st->has_netlink) {
		json_key(j, "netlink");
		json_raw(j, "null");
		return;
	}
	json_open(j, "netlink", "{");
	json_u64(j, "notifications", st->netlink.notifications);
	json_u64(j, "overruns", st->netlink.overruns);
	json_u64(j, "resyncs", st->netlink.resyncs);
	json_u64(j, "batches", st->netlink.batches);
	json_u64(j, "requests", st->netlink.requests);
	json_close(j, "}");
}

static void
json_proc(struct json *j, const struct vrrp_status *st)
{
	/* Only with vrrp_track_process: other documents stay as they were. */
	if (!st->has_proc)
		return;
	json_open(j, "process_events", "{");
	json_u64(j, "messages", st->proc.messages);
	json_u64(j, "bad", st->proc.bad);
	json_u64(j, "missed", st->proc.missed);
	json_u64(j, "overflows", st->proc.overflows);
	json_u64(j, "scans", st->proc.scans);
	json_u64(j, "read_errors", st->proc.read_errors);
	json_close(j, "}");
}

/* stats: the bfd_instance sessions and their receive drops by reason, with bfd_instance only. */
static void
json_bfd(struct json *j, const struct vrrp_status *st)
{
	if (!st->has_bfd)
		return;
	json_open(j, "bfd", "{");
	json_u64(j, "rx", st->bfd.rx);
	json_u64(j, "tx", st->bfd.tx);
	json_u64(j, "send_errors", st->bfd.send_errors);
	json_open(j, "drops", "{");
	for (int r = BFD_DROP_NONE + 1; r < BFD_DROP_COUNT_; r++)
		json_u64(j, bfd_drop_name((enum bfd_drop)r), st->bfd.drops[r]);
	json_close(j, "}");
	json_open(j, "sessions", "[");
	for (size_t i = 0; i < st->nbfd; i++) {
		const struct bfd_session *s = &st->bfd_sessions[i].s;

		json_open(j, NULL, "{");
		json_str(j, "name", st->bfd_sessions[i].name);
		json_str(j, "state", bfd_state_name(s->state));
		json_str(j, "remote_state", bfd_state_name(s->remote_state));
		json_str(j, "local_diag", bfd_diag_name(s->local_diag));
		json_str(j, "remote_diag", bfd_diag_name(s->remote_diag));
		json_u64(j, "local_discr", s->local_discr);
		json_u64(j, "remote_discr", s->remote_discr);
		json_u64(j, "desired_min_tx_us", s->desired_tx_us);
		json_u64(j, "required_min_rx_us", s->required_rx_us);
		json_u64(j, "remote_min_rx_us", s->remote_min_rx_us);
		json_u64(j, "tx_interval_us", bfd_session_tx_interval_us(s));
		json_u64(j, "detect_time_us", s->detect_time_us);
		json_bool(j, "poll", s->poll);
		json_u64(j, "rx", s->stats.rx);
		json_u64(j, "tx", s->stats.tx);
		json_u64(j, "expiries", s->stats.expiries);
		json_u64(j, "polls", s->stats.polls);
		json_u64(j, "up_events", s->stats.up_events);
		json_u64(j, "down_events", s->stats.down_events);
		json_close(j, "}");
	}
	json_close(j, "]");
	json_close(j, "}");
}

void
vrrp_status_json(const struct vrrp_status *st, unsigned what, struct vrrp_status_buf *out)
{
	struct json j = { out, false };

	if (what & VRRP_STATUS_JSON_BARE) {
		json_open(&j, NULL, "[");
		json_instances(&j, st, what);
		json_close(&j, "]");
		json_raw(&j, "\n");
		return;
	}
	json_open(&j, NULL, "{");
	json_u64(&j, "schema", 1);
	json_str(&j, "daemon", "Keepalived v" PACKAGE_VERSION " (" PACKAGE_NAME ")");
	json_u64(&j, "pid", (uint64_t)st->pid);
	json_str(&j, "router_id", st->router_id);
	json_us(&j, "time", st->now_real_us);
	json_open(&j, "instances", "[");
	json_instances(&j, st, what);
	json_close(&j, "]");
	json_trackers(&j, st);
	if (what & VRRP_STATUS_JSON_STATS) {
		json_sockets(&j, st);
		json_netlink(&j, st);
		json_proc(&j, st);
		json_bfd(&j, st);
	}
	json_close(&j, "}");
	json_raw(&j, "\n");
}
