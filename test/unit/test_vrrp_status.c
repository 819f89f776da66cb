/*
 * Tests of the status model and its renderers, on the fixed state of
 * status_fixture.h: what the model derives (master address, times,
 * keepalived's counters), and that each renderer's output is well formed
 * (JSON parsed by a strict checker, Prometheus lines checked one by one,
 * keepalived's dump files checked with the rules exporters parse them by)
 * and carries the right values, every drop reason included.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_check.h"
#include "status_fixture.h"
#include "unit_helpers.h"

static int
fx_setup(void **state)
{
	struct status_fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	status_fixture_build(fx);
	*state = fx;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct status_fixture *fx = *state;

	vrrp_status_free(&fx->st);
	for (size_t i = 0; i < sizeof(fx->inst) / sizeof(fx->inst[0]); i++)
		free(fx->inst[i].lease);
	free(fx);
	return 0;
}

/* Render with fn into a fresh buffer; the caller frees the string. */
static char *
render(const struct vrrp_status *st,
       void (*fn)(const struct vrrp_status *, struct vrrp_status_buf *))
{
	struct vrrp_status_buf b;

	vrrp_status_buf_init(&b);
	fn(st, &b);
	assert_false(b.failed);
	assert_non_null(b.data);
	return b.data;
}

static char *
render_json(const struct vrrp_status *st, unsigned what)
{
	struct vrrp_status_buf b;
	size_t err = 0;

	vrrp_status_buf_init(&b);
	vrrp_status_json(st, what, &b);
	assert_false(b.failed);
	assert_non_null(b.data);
	if (!json_valid(b.data, &err)) {
		print_message("invalid JSON at %zu: ...%.60s\n", err, b.data + err);
		fail();
	}
	return b.data;
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		print_message("missing: %s\n", needle);
		fail();
	}
}

/* The model ---------------------------------------------------------------------- */

static void
test_model_master_address(void **state)
{
	struct status_fixture *fx = *state;
	const struct vrrp_status_inst *m = &fx->st.insts[0], *b = &fx->st.insts[1],
				      *f = &fx->st.insts[2];
	char buf[INET6_ADDRSTRLEN];

	/* Master: the master is us, at our priority. */
	assert_true(m->master_known);
	assert_string_equal(vrrp_addr_ntop(AF_INET, &m->master_addr, buf, sizeof(buf)),
			    "198.18.1.1");
	assert_int_equal(m->master_priority, 150);
	/* Backup: the master heard last. */
	assert_true(b->master_known);
	assert_string_equal(vrrp_addr_ntop(AF_INET6, &b->master_addr, buf, sizeof(buf)), "fe80::2");
	assert_int_equal(b->master_priority, 200);
	/* Fault: nobody we know of. */
	assert_false(f->master_known);
	assert_false(f->has_source);
}

static void
test_model_times_and_reason(void **state)
{
	struct status_fixture *fx = *state;

	assert_int_equal(fx->st.insts[0].time_in_state_us, 12500000);
	assert_int_equal(fx->st.insts[0].last_transition_us, FX_NOW_REAL - 12500000);
	assert_string_equal(fx->st.insts[0].reason, "master down timer");
	/* The state machine says "interface fault"; maintenance is the truth. */
	assert_string_equal(fx->st.insts[2].reason, "maintenance mode");
	assert_true(fx->st.insts[2].maintenance);
}

static void
test_model_never_transitioned(void **state)
{
	struct vrrp_instance_conf c;
	struct vrrp_inst inst;
	struct vrrp_status st;

	fx_conf(&c, "VI_0", AF_INET, 9, 2, 100, 100);
	fx_inst(&inst, &c, NULL, VRRP_STATE_INIT, "not started", 0);
	inst.fsm.state_since_us = 0;
	assert_int_equal(vrrp_status_init(&st, 1, NULL, FX_NOW_MONO, FX_NOW_REAL), 0);
	assert_int_equal(vrrp_status_add(&st, &inst), 0);
	assert_int_equal(st.insts[0].time_in_state_us, 0);
	assert_int_equal(st.insts[0].last_transition_us, 0);
	assert_int_equal(st.nsocks, 0);
	assert_string_equal(st.router_id, "");
	/* Full: a second instance does not fit. */
	assert_int_equal(vrrp_status_add(&st, &inst), -1);
	vrrp_status_free(&st);
}

static void
test_model_compat_and_sockets(void **state)
{
	struct status_fixture *fx = *state;
	const struct vrrp_status_compat *k = &fx->st.insts[0].compat;

	assert_int_equal(k->packet_len_err, 3); /* short 1 + length 2 */
	assert_int_equal(k->ip_ttl_err, 2);
	assert_int_equal(k->auth_failure, 1);
	assert_int_equal(k->authtype_mismatch, 0);
	/* VI_1 and the third instance share the IPv4 socket: counted once. */
	assert_int_equal(fx->st.nsocks, 2);
	assert_int_equal(fx->st.socks[0].rx_packets, 42);
	assert_int_equal(fx->st.socks[0].drops[VRRP_DROP_VRID], 7);
	assert_int_equal(fx->st.socks[1].family, AF_INET6);
	assert_true(fx->st.has_netlink);
	assert_int_equal(fx->st.netlink.requests, 9);
}

static void
test_model_trackers(void **state)
{
	struct status_fixture *fx = *state;
	const struct vrrp_status *st = &fx->st;

	/* chk_web is watched twice and listed once. */
	assert_int_equal(st->ntrackers, 2);
	assert_string_equal(st->trackers[0].name, "chk_web");
	assert_int_equal(st->trackers[0].stats.runs, 12);
	assert_int_equal(st->trackers[1].kind, VRRP_TRACK_INTERFACE);
	assert_int_equal(st->nuses, 3);
	assert_int_equal(st->insts[0].nuses, 1);
	assert_int_equal(st->insts[1].uses_first, 1);
	assert_int_equal(st->insts[1].nuses, 2);
	assert_int_equal(st->insts[2].nuses, 0);
	assert_int_equal(st->uses[1].tracker, 0);
	assert_int_equal(st->uses[1].effect, -10);
	assert_true(st->uses[2].fault);
	assert_int_equal(st->insts[0].track.priority_changes, 3);
}

/* JSON ------------------------------------------------------------------------------ */

static void
test_json_document(void **state)
{
	struct status_fixture *fx = *state;
	char *j = render_json(&fx->st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS);

	assert_true(strncmp(j, "{\"schema\":1,", 12) == 0);
	assert_contains(j, "\"router_id\":\"rtr \\\"one\\\"\"");
	assert_contains(j, "\"time\":1795314689.720045");
	assert_contains(j, "\"iname\":\"VI_1\",\"ifp_ifname\":\"eth0\",\"vrid\":51,\"version\":2,"
			   "\"family\":\"IPv4\",\"state\":2,\"state_name\":\"MASTER\"");
	assert_contains(j, "\"base_priority\":150,\"effective_priority\":150");
	assert_contains(j, "\"master_address\":\"198.18.1.1\"");
	assert_contains(j, "\"master_address\":\"fe80::2\"");
	assert_contains(j, "\"master_address\":null");
	assert_contains(j, "\"time_in_state\":12.500000");
	assert_contains(j, "\"last_transition\":1795314677.220045");
	assert_contains(j, "\"last_transition_reason\":\"maintenance mode\"");
	assert_contains(j, "\"maintenance\":true");
	assert_contains(j, "\"adver_int\":0.50");
	assert_contains(j, "\"vips\":[\"198.18.1.100/24 dev eth0 scope global set\","
			   "\"198.18.1.101/24 dev eth0 scope global set\"]");
	assert_contains(j, "\"addresses\":[\"fd00::100/64\"]");
	/* The name, escaped: quote, backslash, newline, U+FFFD for the bad byte. */
	assert_contains(j, "\"iname\":\"we\\\"ird\\\\name\\u000a\\ufffd\"");
	assert_contains(j, "\"advert_sent\":10,\"become_master\":1");
	assert_contains(j, "\"packet_len_err\":3");
	assert_contains(j, "\"pri_zero_rcvd\":4,\"pri_zero_sent\":1");
	assert_contains(j, "\"garp_sent\":10");
	assert_contains(j, "\"interface\":\"eth0\",\"family\":\"IPv4\",\"open\":false,"
			   "\"packets_received\":42");
	assert_contains(j, "\"netlink\":{\"notifications\":6,\"overruns\":1,\"resyncs\":1,"
			   "\"batches\":4,\"requests\":9}");
	/* Trackers: per instance, and once for the daemon. */
	assert_contains(j, "\"trackers\":[{\"name\":\"chk_web\",\"kind\":\"script\","
			   "\"state\":\"up\",\"weight\":-20,\"reverse\":false,\"effect\":0,"
			   "\"fault\":false}]");
	assert_contains(j, "{\"name\":\"chk_web\",\"kind\":\"script\",\"state\":\"up\","
			   "\"weight\":10,\"reverse\":true,\"effect\":-10,\"fault\":false},"
			   "{\"name\":\"eth1\",\"kind\":\"interface\",\"state\":\"down\","
			   "\"weight\":0,\"reverse\":false,\"effect\":0,\"fault\":true}]");
	assert_contains(j, "],\"trackers\":[{\"name\":\"chk_web\",\"kind\":\"script\","
			   "\"state\":\"up\",\"value\":0,\"running\":false,\"runs\":12,"
			   "\"succeeded\":11,\"failed\":1,");
	assert_contains(j, "\"priority_changes\":3,\"tracker_faults\":0");
	free(j);
}

/* Every reason has its member, with the instance's count. */
static void
test_json_every_drop_reason(void **state)
{
	struct status_fixture *fx = *state;
	char *j = render_json(&fx->st, VRRP_STATUS_JSON_STATS);
	char want[64];
	unsigned r;

	for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++) {
		snprintf(want, sizeof(want), "\"%s\":%llu", vrrp_drop_name(r),
			 (unsigned long long)fx->inst[0].trouble->d.drops[r]);
		assert_contains(j, want);
	}
	assert_null(strstr(j, "\"none\":"));
	/* The unicast transport and AH reasons follow the codec's. */
	assert_contains(j, "\"not_peer\":3");
	assert_contains(j, "\"ah_icv\":4");
	/* Stats only: the identity stays, the configuration does not. */
	assert_contains(j, "\"iname\":\"VI_6\"");
	assert_null(strstr(j, "\"vips\""));
	free(j);
}

/* keepalived.json: keepalived's array, its field names and types. */
static void
test_json_keepalived_array(void **state)
{
	struct status_fixture *fx = *state;
	char *j = render_json(&fx->st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS |
					       VRRP_STATUS_JSON_BARE);
	/* clang-format off */
	static const char *const ka_fields[] = {
		"\"data\":{", "\"stats\":{", "\"iname\":", "\"ifp_ifname\":", "\"vrid\":",
		"\"state\":", "\"garp_delay\":5", "\"vips\":[", "\"advert_rcvd\":",
		"\"advert_sent\":", "\"become_master\":", "\"release_master\":2",
		"\"packet_len_err\":", "\"advert_interval_err\":", "\"ip_ttl_err\":",
		"\"invalid_type_rcvd\":", "\"addr_list_err\":", "\"invalid_authtype\":",
		"\"authtype_mismatch\":", "\"auth_failure\":", "\"pri_zero_rcvd\":",
		"\"pri_zero_sent\":",
	};
	/* clang-format on */
	size_t i;

	assert_true(j[0] == '[');
	assert_null(strstr(j, "\"schema\""));
	for (i = 0; i < UNIT_NELEMS(ka_fields); i++)
		assert_contains(j, ka_fields[i]);
	free(j);
}

static void
test_json_empty(void **state)
{
	struct vrrp_status st;
	char *j;

	assert_int_equal(vrrp_status_init(&st, 0, "r", 1, 2), 0);
	j = render_json(&st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS);
	assert_contains(j, "\"instances\":[],\"trackers\":[],\"sockets\":[],\"netlink\":null}");
	free(j);
	j = render_json(&st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_BARE);
	assert_string_equal(j, "[]\n");
	free(j);
	vrrp_status_free(&st);
}

/* The checker itself rejects what it must, or the tests above prove nothing. */
static void
test_json_checker_rejects(void **state)
{
	/* clang-format off */
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "\"a\nb\"", "\"\\x\"", "01", "1.",
		"{\"a\":1}}", "[nul]", "{a:1}", "\"\\u12G4\"",
	};
	/* clang-format on */
	size_t i;

	for (i = 0; i < UNIT_NELEMS(bad); i++)
		assert_false(json_valid(bad[i], NULL));
	assert_true(json_valid(" {\"a\":[1,-2.5e3,true,null,\"\\u00e9\"]} ", NULL));
}

/* Prometheus ---------------------------------------------------------------------- */

/* Check one sample line: NAME{LABELS} VALUE or NAME VALUE, name declared. */
static void
prom_check_sample(const char *line, const char *declared)
{
	const char *p = line, *brace;

	assert_true(strncmp(line, "keepalived_vrrp_", 16) == 0);
	brace = strchr(line, '{');
	if (brace != NULL && brace < strchr(line, ' ')) {
		assert_int_equal((size_t)(brace - line), strlen(declared));
		assert_true(strncmp(line, declared, strlen(declared)) == 0);
		/* Labels: name="value" pairs, quotes escaped inside values. */
		p = brace + 1;
		while (*p != '}') {
			while (*p == '_' || isalnum((unsigned char)*p))
				p++;
			assert_true(p[0] == '=' && p[1] == '"');
			for (p += 2; *p != '"'; p++) {
				assert_true(*p != '\0' && *p != '\n');
				if (*p == '\\') {
					p++;
					assert_non_null(strchr("\\\"n", *p));
				}
			}
			p++;
			if (*p == ',')
				p++;
		}
		p++;
	} else {
		assert_true(strncmp(line, declared, strlen(declared)) == 0);
		p = line + strlen(declared);
	}
	assert_true(*p == ' ');
	p++;
	if (*p == '-')
		p++;
	assert_true(isdigit((unsigned char)*p));
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	assert_true(*p == '\0');
}

static void
test_prometheus_format(void **state)
{
	struct status_fixture *fx = *state;
	char *text = render(&fx->st, vrrp_status_prometheus), *save = NULL, *line;
	char declared[128] = "", help_for[128] = "";
	unsigned samples = 0, families = 0;

	assert_true(text[strlen(text) - 1] == '\n');
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "# HELP ", 7) == 0) {
			sscanf(line + 7, "%127s", help_for);
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			char type[16];

			assert_int_equal(sscanf(line + 7, "%127s %15s", declared, type), 2);
			/* HELP first, then TYPE, for the same name. */
			assert_string_equal(declared, help_for);
			assert_true(strcmp(type, "gauge") == 0 || strcmp(type, "counter") == 0);
			if (strcmp(type, "counter") == 0)
				assert_non_null(strstr(declared, "_total"));
			families++;
			continue;
		}
		prom_check_sample(line, declared);
		samples++;
	}
	assert_true(families >= 20);
	assert_true(samples > 3 * (VRRP_DROP_COUNT_ - 1));
	free(text);
}

static void
test_prometheus_values(void **state)
{
	struct status_fixture *fx = *state;
	char *t = render(&fx->st, vrrp_status_prometheus);
	char want[160];
	unsigned r;

	assert_contains(t, "\nkeepalived_vrrp_up 1\n");
	assert_contains(t, "\nkeepalived_vrrp_instances 3\n");
	assert_contains(t, "\nkeepalived_vrrp_state{instance=\"VI_1\",interface=\"eth0\","
			   "vrid=\"51\"} 2\n");
	assert_contains(t, "\nkeepalived_vrrp_state{instance=\"VI_6\",interface=\"eth0\","
			   "vrid=\"52\"} 1\n");
	assert_contains(t, "\nkeepalived_vrrp_effective_priority{instance=\"VI_1\","
			   "interface=\"eth0\",vrid=\"51\"} 150\n");
	assert_contains(t, "\nkeepalived_vrrp_maintenance{instance=\"we\\\"ird\\\\name\\n"
			   "\xef\xbf\xbd\",interface=\"eth0\",vrid=\"53\"} 1\n");
	assert_contains(t, "\nkeepalived_vrrp_state_duration_seconds{instance=\"VI_1\","
			   "interface=\"eth0\",vrid=\"51\"} 12.500000\n");
	assert_contains(t, "\nkeepalived_vrrp_released_master_total{instance=\"VI_6\","
			   "interface=\"eth0\",vrid=\"52\"} 2\n");
	assert_contains(t, "\nkeepalived_vrrp_adverts_received_total{instance=\"VI_6\","
			   "interface=\"eth0\",vrid=\"52\"} 77\n");
	assert_contains(t, "\nkeepalived_vrrp_gratuitous_arps_sent_total{instance=\"VI_1\","
			   "interface=\"eth0\",vrid=\"51\"} 10\n");
	for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++) {
		snprintf(want, sizeof(want),
			 "\nkeepalived_vrrp_drops_total{instance=\"VI_1\",interface=\"eth0\","
			 "vrid=\"51\",reason=\"%s\"} %llu\n",
			 vrrp_drop_name(r), (unsigned long long)fx->inst[0].trouble->d.drops[r]);
		assert_contains(t, want);
	}
	assert_contains(t, "\nkeepalived_vrrp_drops_total{instance=\"VI_1\",interface=\"eth0\","
			   "vrid=\"51\",reason=\"not_peer\"} 3\n");
	assert_contains(t, "\nkeepalived_vrrp_drops_total{instance=\"VI_1\",interface=\"eth0\","
			   "vrid=\"51\",reason=\"ah_icv\"} 4\n");
	assert_contains(t, "\nkeepalived_vrrp_socket_drops_total{interface=\"eth0\","
			   "family=\"IPv4\",reason=\"vrid\"} 7\n");
	assert_contains(t, "\nkeepalived_vrrp_socket_packets_received_total{interface=\"eth0\","
			   "family=\"IPv4\"} 42\n");
	assert_contains(t, "\nkeepalived_vrrp_netlink_overruns_total 1\n");
	assert_contains(t,
			"\nkeepalived_vrrp_tracker_state{tracker=\"chk_web\",kind=\"script\"} 1\n");
	assert_contains(t,
			"\nkeepalived_vrrp_tracker_state{tracker=\"eth1\",kind=\"interface\"} 2\n");
	assert_contains(t, "\nkeepalived_vrrp_script_results_total{tracker=\"chk_web\","
			   "kind=\"script\","
			   "result=\"failed\"} 1\n");
	assert_null(strstr(t, "keepalived_vrrp_script_results_total{tracker=\"eth1\""));
	assert_contains(t, "\nkeepalived_vrrp_tracker_effect{instance=\"VI_6\",interface=\"eth0\","
			   "vrid=\"52\",tracker=\"chk_web\",kind=\"script\"} -10\n");
	assert_contains(t, "\nkeepalived_vrrp_priority_changes_total{instance=\"VI_1\","
			   "interface=\"eth0\",vrid=\"51\"} 3\n");
	free(t);
}

/* keepalived.data and keepalived.stats -------------------------------------------- */

/*
 * keepalived.data as exporters read it: inside an instance block, every line
 * is "   Key = value", "   Key:" (a list follows) or a five-space list item.
 */
static void
test_data_layout(void **state)
{
	struct status_fixture *fx = *state;
	static const char head[] = "------< Global definitions >------\n"
				   " Router ID = rtr \"one\"\n"
				   "------< VRRP Topology >------\n";
	char *t = render(&fx->st, vrrp_status_data), *save = NULL, *line;
	bool in_inst = false;
	unsigned insts = 0;

	assert_true(strncmp(t, head, strlen(head)) == 0);
	assert_contains(t, " VRRP Instance = VI_1\n   VRRP Version = 2\n   State = MASTER\n");
	assert_contains(t, "   Last transition = 1795314677.220045 (");
	assert_contains(t, "   Interface = eth0\n");
	assert_contains(t, "   Virtual Router ID = 51\n");
	assert_contains(t, "   Priority = 150\n   Effective priority = 150\n");
	assert_contains(t, "   Advert interval = 1 sec\n");
	assert_contains(t, "   Advert interval = 500 milli-sec\n");
	assert_contains(t, "   Gratuitous ARP delay = 5\n");
	assert_contains(t, "   Virtual IP (2):\n     198.18.1.100/24 dev eth0 scope global set\n"
			   "     198.18.1.101/24 dev eth0 scope global set\n");
	assert_contains(t, " VRRP Instance = VI_6\n   VRRP Version = 3\n   Using Native IPv6\n"
			   "   State = BACKUP\n");
	assert_contains(t, "   Master router = fe80::2\n   Master priority = 200\n");
	assert_contains(t, "   State = FAULT\n");
	assert_contains(t, "   Maintenance = on\n");
	assert_contains(t, "   Last transition reason = maintenance mode\n");
	assert_contains(t, "   Maintenance = off\n   Tracked scripts :\n     chk_web weight -20\n"
			   "   Virtual IP (2):\n");
	assert_contains(t, "   Tracked scripts :\n     chk_web weight 10 reverse\n"
			   "   Tracked interfaces :\n     eth1 weight 0\n");
	/* keepalived's script block, which exporters read. */
	assert_contains(t, "------< VRRP Scripts >------\n VRRP Script = chk_web\n"
			   "   Status = GOOD\n   State = idle\n");
	assert_null(strstr(t, "VRRP Script = eth1"));
	for (line = strtok_r(t, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "------", 6) == 0) {
			in_inst = false;
			continue;
		}
		if (strncmp(line, " VRRP Instance = ", 17) == 0) {
			in_inst = true;
			insts++;
			continue;
		}
		if (!in_inst || line[0] != ' ')
			continue;
		assert_true(strncmp(line, "   ", 3) == 0);
		if (strncmp(line, "     ", 5) == 0 || strstr(line, " = ") != NULL ||
		    line[strlen(line) - 1] == ':' || strcmp(line, "   Using Native IPv6") == 0 ||
		    strncmp(line, "   Multicast address ", 21) == 0)
			continue;
		print_message("unexpected line: '%s'\n", line);
		fail();
	}
	assert_int_equal(insts, 3);
	free(t);
}

/*
 * keepalived.stats as exporters read it: "VRRP Instance: NAME", then
 * two-space lines that are a section ("Name:") or "Key: integer", and
 * four-space lines "Key: integer". Every value must parse as an integer.
 */
static void
test_stats_layout(void **state)
{
	struct status_fixture *fx = *state;
	/* keepalived 2.2.7's block, line for line, then ours. */
	static const char head[] = "VRRP Instance: VI_1\n  Advertisements:\n    Received: 3\n"
				   "    Sent: 10\n  Became master: 1\n  Released master: 0\n"
				   "  Packet Errors:\n    Length: 3\n    TTL: 2\n"
				   "    Invalid Type: 0\n    Advertisement Interval: 0\n"
				   "    Address List: 0\n  Authentication Errors:\n"
				   "    Invalid Type: 0\n    Type Mismatch: 0\n    Failure: 1\n"
				   "  Priority Zero:\n    Received: 4\n    Sent: 1\n"
				   "  Receive Drops:\n";
	char *t = render(&fx->st, vrrp_status_stats), *save = NULL, *line, *colon, *end;
	char want[64];
	unsigned r, blocks = 0;

	assert_true(strncmp(t, head, strlen(head)) == 0);
	for (r = VRRP_DROP_NONE + 1; r < VRRP_DROP_COUNT_; r++) {
		snprintf(want, sizeof(want), "\n    %s: %llu\n", vrrp_drop_name(r),
			 (unsigned long long)fx->inst[0].trouble->d.drops[r]);
		assert_contains(t, want);
	}
	assert_contains(t, "\n    not_peer: 3\n");
	assert_contains(t, "\n    ah_icv: 4\n");
	assert_contains(t, "VRRP Socket: eth0 IPv4\n  Packets received: 42\n");
	assert_contains(t, "\n    vrid: 7\n");
	assert_contains(t, "Netlink:\n  Notifications: 6\n");
	for (line = strtok_r(t, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != ' ') {
			blocks++;
			continue;
		}
		colon = strrchr(line, ':');
		assert_non_null(colon);
		if (colon[1] == '\0' && strncmp(line, "    ", 4) != 0)
			continue; /* a section */
		assert_true(colon[1] == ' ');
		strtoull(colon + 2, &end, 10);
		assert_true(end != colon + 2 && *end == '\0');
	}
	/* Three instances, two sockets, netlink. */
	assert_int_equal(blocks, 6);
	free(t);
}

/* The status table ------------------------------------------------------------------ */

static void
test_table(void **state)
{
	struct status_fixture *fx = *state;
	char *t = render(&fx->st, vrrp_status_table), *rows[5], *save = NULL;
	size_t state_col, n = 0;

	for (char *l = strtok_r(t, "\n", &save); l != NULL && n < 5;
	     l = strtok_r(NULL, "\n", &save))
		rows[n++] = l;
	assert_int_equal(n, 4);
	assert_true(strncmp(rows[0], "INSTANCE", 8) == 0);
	assert_non_null(strstr(rows[0], "PRIO/EFF"));
	assert_non_null(strstr(rows[0], "REASON"));
	/* Columns line up: each row's state sits under STATE. */
	state_col = (size_t)(strstr(rows[0], "STATE") - rows[0]);
	assert_true(strncmp(rows[1] + state_col, "MASTER", 6) == 0);
	assert_true(strncmp(rows[2] + state_col, "BACKUP", 6) == 0);
	assert_true(strncmp(rows[3] + state_col, "FAULT", 5) == 0);
	assert_non_null(strstr(rows[1], "150/150"));
	assert_non_null(strstr(rows[1], "198.18.1.1 (us)"));
	assert_non_null(strstr(rows[1], "198.18.1.100/24,198.18.1.101/24"));
	assert_non_null(strstr(rows[1], "12.5s"));
	assert_non_null(strstr(rows[1], "master down timer"));
	assert_non_null(strstr(rows[2], "fe80::2 "));
	assert_non_null(strstr(rows[3], "1m05s"));
	assert_non_null(strstr(rows[3], "maintenance mode"));
	free(t);
}

static void
test_table_empty(void **state)
{
	struct vrrp_status st;
	char *t;

	assert_int_equal(vrrp_status_init(&st, 0, NULL, 1, 2), 0);
	t = render(&st, vrrp_status_table);
	assert_string_equal(t, "No VRRP instances.\n");
	free(t);
	vrrp_status_free(&st);
}

/* Helpers ------------------------------------------------------------------------------ */

static void
test_duration(void **state)
{
	/* clang-format off */
	static const struct {
		uint64_t us;
		const char *want;
	} rows[] = {
		{ 0, "0.0s" },
		{ 12500000, "12.5s" },
		{ 59999999, "59.9s" },
		{ 60000000, "1m00s" },
		{ 3599000000ull, "59m59s" },
		{ 3600000000ull, "1h00m" },
		{ 86399000000ull, "23h59m" },
		{ 90000000000ull, "1d01h" },
	};
	/* clang-format on */
	char buf[32];
	size_t i;

	for (i = 0; i < UNIT_NELEMS(rows); i++)
		assert_string_equal(vrrp_status_duration(rows[i].us, buf, sizeof(buf)),
				    rows[i].want);
}

static void
test_buf_growth_and_limit(void **state)
{
	struct vrrp_status_buf b;
	static char chunk[1 << 20];
	size_t i;

	vrrp_status_buf_init(&b);
	for (i = 0; i < 2000; i++)
		vrrp_status_buf_printf(&b, "%05zu %s\n", i, "0123456789abcdef0123456789abcdef");
	assert_false(b.failed);
	assert_int_equal(b.len, 2000 * 39);
	assert_true(strncmp(b.data + 1999 * 39, "01999 0123", 10) == 0);
	/* One line longer than the first guess of the formatter. */
	memset(chunk, 'x', 1000);
	chunk[1000] = '\0';
	vrrp_status_buf_reset(&b);
	vrrp_status_buf_printf(&b, "[%s]", chunk);
	assert_int_equal(b.len, 1002);
	assert_true(b.data[1001] == ']' && b.data[1002] == '\0');
	/* Past the cap: failed, and it stays failed. */
	memset(chunk, 'y', sizeof(chunk));
	for (i = 0; i < (VRRP_STATUS_BUF_MAX >> 20) + 1; i++)
		vrrp_status_buf_add(&b, chunk, sizeof(chunk));
	assert_true(b.failed);
	assert_true(b.len < VRRP_STATUS_BUF_MAX);
	vrrp_status_buf_puts(&b, "more");
	assert_true(b.failed);
	vrrp_status_buf_free(&b);
	assert_null(b.data);
}

/*
 * vip_lease: VI_1 holds its VIPs under a 4 s lease renewed 1.5 s ago; VI_6
 * has a lease but is Backup (none held). Every format shows it.
 */
static void
test_lease(void **state)
{
	struct status_fixture *fx = *state;
	struct vrrp_inst *i1 = &fx->inst[0];
	char *j, *t;

	fx->conf[0].lease.lease_s = 4;
	fx->conf[1].lease.lease_s = 4;
	i1->lease = calloc(1, sizeof(*i1->lease));
	assert_non_null(i1->lease);
	i1->lease->active = true;
	i1->lease->lft_s = 4;
	i1->lease->renewed_us = FX_NOW_MONO - 1500000;
	i1->lease->stats.renewals = 7;
	i1->lease->stats.lapses = 1;
	vrrp_status_free(&fx->st);
	assert_int_equal(vrrp_status_init(&fx->st, 3, "r", FX_NOW_MONO, FX_NOW_REAL), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(vrrp_status_add(&fx->st, &fx->inst[i]), 0);

	j = render_json(&fx->st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS);
	assert_contains(j, "\"vip_lease\":4,\"vip_lease_remaining\":2.500000");
	assert_contains(j, "\"vip_lease\":4,\"vip_lease_remaining\":null");
	assert_contains(j, "\"vip_lease\":0,\"vip_lease_remaining\":null");
	assert_contains(j, "\"lease_renewals\":7,\"lease_renew_errors\":0,\"lease_lapses\":1");
	free(j);
	t = render(&fx->st, vrrp_status_prometheus);
	assert_contains(t, "keepalived_vrrp_vip_lease_remaining_seconds{");
	assert_contains(t, "keepalived_vrrp_vip_lease_seconds{");
	assert_contains(t, "} 2.5");
	free(t);
	t = render(&fx->st, vrrp_status_table);
	assert_contains(t, "\nVIP leases:\n  VI_1: 4s, 2.5s left (renewals 7, lapses 1, renewal "
			   "errors 0)\n  VI_6: 4s, not held (renewals 0");
	free(t);
	t = render(&fx->st, vrrp_status_data);
	assert_contains(t, "   VIP lease = 4s, 2.5s left (renewals 7");
	free(t);
}

/* vrrp_track_process: the listener's counters, in every renderer; absent without it. */
static void
test_proc_counters(void **state)
{
	struct status_fixture *fx = *state;
	struct vrrp_proc_stats ps = { 11, 1, 2, 3, 4, 5 };
	char *t;

	t = render_json(&fx->st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS);
	assert_null(strstr(t, "process_events"));
	free(t);
	vrrp_status_set_proc(&fx->st, &ps);
	t = render_json(&fx->st, VRRP_STATUS_JSON_DATA | VRRP_STATUS_JSON_STATS);
	assert_contains(t, "\"process_events\":{\"messages\":11,\"bad\":1,\"missed\":2,"
			   "\"overflows\":3,\"scans\":4,\"read_errors\":5}");
	free(t);
	t = render(&fx->st, vrrp_status_prometheus);
	assert_contains(t, "\nkeepalived_vrrp_process_events_total 11\n");
	assert_contains(t, "\nkeepalived_vrrp_process_events_missed_total 2\n");
	assert_contains(t, "\nkeepalived_vrrp_process_scans_total 4\n");
	free(t);
	t = render(&fx->st, vrrp_status_stats);
	assert_contains(t, "Process events:\n  Messages: 11\n");
	free(t);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_model_master_address, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_model_times_and_reason, fx_setup, fx_teardown),
		cmocka_unit_test(test_model_never_transitioned),
		cmocka_unit_test_setup_teardown(test_model_compat_and_sockets, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_model_trackers, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_json_document, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lease, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_json_every_drop_reason, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_json_keepalived_array, fx_setup, fx_teardown),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_json_checker_rejects),
		cmocka_unit_test_setup_teardown(test_prometheus_format, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_prometheus_values, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_proc_counters, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_data_layout, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_stats_layout, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_table, fx_setup, fx_teardown),
		cmocka_unit_test(test_table_empty),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_buf_growth_and_limit),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
