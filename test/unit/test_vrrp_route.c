/*
 * Tests of the route and rule lines (vrrp_route.c, vrrp_route_rule.c,
 * vrrp_route_fmt.c) and their keyword tables (vrrp_conf_route.c): each
 * accepted line as the daemon will install it (written back in
 * keepalived.conf syntax) with its warnings, each refused line with its
 * exact file:line message, round trips through the formatter, automatic
 * rule priorities in file order, names from the iproute2 files, and the
 * static_* blocks. One test per table row.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "conf_fixture.h"

#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/conf/vrrp_route_match.h"
#include "keepalived/vrrp/conf/vrrp_route_priv.h"

/* Configurations ------------------------------------------------------------ */

static struct vrrp_conf conf;
static struct vrrp_route captured_route;
static struct vrrp_rule captured_rule;

/* Blocks that hand a line straight to the parser, for byte-exact results. */
static int
capture_route(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vrrp_route_parse(r, "route", argc, argv, false, &captured_route);
}

static int
capture_rule(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vrrp_rule_parse(r, "rule", argc, argv, false, &captured_rule);
}

/* clang-format off */
static const struct cfg_keyword instance_keywords[] = {
	UNIT_CONF_INSTANCE_KEYWORDS(vrrp_route_instance_keywords),
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	UNIT_CONF_VRRP_INSTANCE(instance_keywords),
	{ "capture_route", NULL, NULL, NULL, capture_route, NULL },
	{ "capture_rule", NULL, NULL, NULL, capture_rule, NULL },
	CFG_KEYWORDS_FROM(vrrp_route_top_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static void
unload(void)
{
	for (struct vrrp_instance_conf *vi = conf.instances; vi != NULL; vi = vi->next)
		vrrp_routes_conf_free(vi->routes);
	vrrp_routes_conf_free(conf.statics);
	conf.statics = NULL;
	vrrp_conf_free(&conf);
}

static int
finish(struct vrrp_conf *c)
{
	return vrrp_conf_finish(c) + vrrp_route_conf_finish(c, c->statics);
}

/* Read text; returns the errors, with the log of it captured. */
static int
load(const char *text)
{
	return unit_conf_load(&conf, top_keywords, text, unload, finish);
}

/* An instance whose virtual_routes or virtual_rules block holds line, on line 8. */
static int
load_line(const char *block, const char *line)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		 " virtual_ipaddress {\n  198.18.0.1/24\n }\n %s {\n  %s\n }\n}\n",
		 block, line);
	return load(text);
}

static int
setup(void **state)
{
	unit_log_start();
	vrrp_route_iproute2_dir = "/nonexistent";
	vrrp_route_name_lookup = vrrp_route_names_read;
	return 0;
}

static int
teardown(void **state)
{
	unload();
	unit_log_stop();
	vrrp_route_iproute2_dir = "/etc/iproute2";
	return 0;
}

/* Accepted lines --------------------------------------------------------------- */

struct good_case {
	const char *name;
	const char *line;
	const char *written; /* vrrp_route_format / vrrp_rule_format */
	unsigned warnings;
};

/* clang-format off */
static const struct good_case good_routes[] = {
	{ "test_route_via_dev", "198.19.1.0/24 via 198.18.0.254 dev eth0",
	  "198.19.1.0/24 via 198.18.0.254 dev eth0", 0 },
	{ "test_route_src_to", "src 198.18.0.1 to 198.19.2.0/24 via 198.18.0.254 dev eth0",
	  "198.19.2.0/24 src 198.18.0.1 via 198.18.0.254 dev eth0", 0 },
	{ "test_route_no_track", "198.19.3.0/24 dev eth0 no_track",
	  "198.19.3.0/24 no_track dev eth0", 0 },
	{ "test_route_protocol_untracked", "198.19.4.0/24 dev eth0 protocol static no_track",
	  "198.19.4.0/24 protocol static no_track dev eth0", 0 },
	{ "test_route_blackhole_no_dev", "blackhole 198.19.5.0/24",
	  "blackhole 198.19.5.0/24 no_track", 1 },
	{ "test_route_unreachable_dev", "unreachable 198.19.5.0/24 dev eth0",
	  "unreachable 198.19.5.0/24 dev eth0", 1 },
	{ "test_route_default_table", "default via 198.18.0.1 dev eth0 table 100",
	  "0.0.0.0/0 table 100 via 198.18.0.1 dev eth0", 0 },
	{ "test_route_inet6_default", "inet6 default via fd00::1 dev eth0",
	  "::/0 via fd00::1 dev eth0", 0 },
	{ "test_route_ipv6_options",
	  "fd00:1::/64 from fd00:2::/64 via fd00::1 dev eth0 pref high expires 100",
	  "fd00:1::/64 from fd00:2::/64 pref 1 expires 100 via fd00::1 dev eth0", 0 },
	{ "test_route_every_option",
	  "198.19.6.0/24 dev eth0 metric 50 tos 0x10 scope link table main protocol keepalived "
	  "mtu lock 1400 advmss 1300 hoplimit 64 window 1000 initcwnd 10 initrwnd 20 cwnd lock 5 "
	  "ssthresh 7 reordering 3 features ecn quickack 1 fastopen_no_cookie 1 realms 1/2 onlink "
	  "append",
	  "198.19.6.0/24 scope link metric 50 tos 0x10 realms 1/2 mtu lock 1400 advmss 1300 cwnd "
	  "lock 5 "
	  "ssthresh 7 reordering 3 window 1000 hoplimit 64 initcwnd 10 initrwnd 20 quickack 1 "
	  "fastopen_no_cookie 1 features ecn append dev eth0 onlink", 0 },
	{ "test_route_nexthops",
	  "198.19.7.0/24 dev eth0 nexthop via 198.18.0.2 dev eth0 weight 2 onlink nexthop via "
	  "198.18.0.3 realms 5",
	  "198.19.7.0/24 dev eth0 nexthop via 198.18.0.2 dev eth0 weight 2 onlink nexthop via "
	  "198.18.0.3 realms 5", 0 },
	{ "test_route_gw_deprecated", "198.19.8.0/24 gw 198.18.0.254 dev eth0",
	  "198.19.8.0/24 via 198.18.0.254 dev eth0", 1 },
	{ "test_route_or_deprecated", "198.19.9.0/24 via 198.18.0.252 or 198.18.0.253 dev eth0",
	  "198.19.9.0/24 dev eth0 nexthop via 198.18.0.252 nexthop via 198.18.0.253", 1 },
	{ "test_route_via_inet", "198.19.10.0/24 via inet 198.18.0.1 dev eth0",
	  "198.19.10.0/24 via 198.18.0.1 dev eth0", 0 },
	{ "test_route_local_host", "local 198.19.11.1 dev eth0 table local",
	  "local 198.19.11.1/32 table local dev eth0", 0 },
	{ "test_route_protocol_reset", "198.19.12.0/24 dev eth0 protocol static",
	  "198.19.12.0/24 dev eth0", 1 },
	{ "test_route_host_bits", "198.19.13.1/24 dev eth0", "198.19.13.1/24 dev eth0", 1 },
	{ "test_route_numbers", "198.19.15.0/24 dev eth0 scope 200 table 0x10 protocol 99 no_track",
	  "198.19.15.0/24 table 16 protocol 99 scope site no_track dev eth0", 0 },
	{ "test_route_any", "any dev eth0 metric 7", "0.0.0.0/0 metric 7 dev eth0", 0 },
	/* Issue 11: keepalived 2.2.7's route words that were refused here. The RTT
	 * metrics as iproute2 reads them: bare is the kernel's value, with a unit
	 * milliseconds, scaled by 8 (rtt) and 4 (rttvar). */
	{ "test_route_rtt", "198.19.16.0/24 dev eth0 rtt 100ms rttvar lock 10 rto_min 1s",
	  "198.19.16.0/24 rtt 800 rttvar lock 10 rto_min 1000 dev eth0", 0 },
	{ "test_route_rtt_units", "198.19.16.0/24 dev eth0 rtt 1.5ms rttvar 2msec",
	  "198.19.16.0/24 rtt 16 rttvar 8 dev eth0", 0 },
	{ "test_route_congctl", "198.19.17.0/24 dev eth0 congctl lock bbr ttl-propagate disabled",
	  "198.19.17.0/24 congctl lock bbr ttl-propagate disabled dev eth0", 0 },
	{ "test_route_encap_mpls",
	  "198.19.18.0/24 via 198.18.0.2 dev eth0 encap mpls 100/200 ttl 10",
	  "198.19.18.0/24 encap mpls 100/200 ttl 10 via 198.18.0.2 dev eth0", 0 },
	{ "test_route_encap_ip",
	  "198.19.19.0/24 encap ip id 42 dst 198.18.0.9 src 198.18.0.1 "
	  "tos 0x10 ttl 5 csum dev eth0",
	  "198.19.19.0/24 encap ip id 42 dst 198.18.0.9 src 198.18.0.1 "
	  "tos 0x10 ttl 5 csum dev eth0", 0 },
	{ "test_route_encap_ip6", "fd00:3::/64 encap ip6 dst fd00::9 hoplimit 3 key dev eth0",
	  "fd00:3::/64 encap ip6 dst fd00::9 hoplimit 3 key dev eth0", 0 },
	/* keepalived: '"as to" for MPLS only - ignoring'. */
	{ "test_route_as_ignored", "198.19.20.0/24 dev eth0 as to 198.18.0.9",
	  "198.19.20.0/24 dev eth0", 1 },
};
/* clang-format on */

/* clang-format off */
static const struct good_case good_rules[] = {
	{ "test_rule_from_table", "from 198.19.1.0/24 table 100 priority 100",
	  "from 198.19.1.0/24 priority 100 table 100", 0 },
	{ "test_rule_to_iif_lookup",
	  "to 198.19.2.0/24 iif eth0 lookup main preference 110 no_track",
	  "from all to 198.19.2.0/24 iif eth0 priority 110 table main no_track", 0 },
	{ "test_rule_fwmark_mask", "fwmark 0x10/0xff table 100 order 120",
	  "from all fwmark 0x10/0xff priority 120 table 100", 0 },
	{ "test_rule_fwmark", "fwmark 5 table 7 priority 1",
	  "from all fwmark 0x5 priority 1 table 7", 0 },
	{ "test_rule_ipv6", "from fd00:2::/64 table 100 priority 100",
	  "from fd00:2::/64 priority 100 table 100", 0 },
	{ "test_rule_inet6_all", "inet6 from all blackhole priority 5",
	  "inet6 from all priority 5 blackhole", 0 },
	{ "test_rule_not_table_options",
	  "not from 198.19.4.0/24 table 1000 priority 140 suppress_prefixlength 0 realms 1/2 "
	  "sup_group 3",
	  "not from 198.19.4.0/24 priority 140 table 1000 realms 1/2 suppress_prefixlength 0 "
	  "suppress_ifgroup 3", 0 },
	{ "test_rule_goto", "from 198.19.5.0/24 goto 200 priority 150",
	  "from 198.19.5.0/24 priority 150 goto 200", 0 },
	{ "test_rule_ports",
	  "from all uidrange 100-200 ipproto tcp dport 80 sport 1000-2000 table 100 priority 160",
	  "from all uidrange 100-200 ipproto 6 sport 1000-2000 dport 80-80 priority 160 table 100",
	          0 },
	{ "test_rule_nop_protocol", "from 198.19.6.0/24 nop priority 170 protocol 3 no_track",
	  "from 198.19.6.0/24 priority 170 nop protocol 3 no_track", 0 },
	{ "test_rule_type_oif_tos",
	  "from 198.19.7.0/24 type unreachable priority 1 oif eth1 tos 0x10 tunnel-id 7",
	  "from 198.19.7.0/24 oif eth1 tos 0x10 tunnel-id 7 priority 1 unreachable", 0 },
	{ "test_rule_l3mdev", "dev eth0 l3mdev priority 1000",
	  "from all iif eth0 priority 1000 l3mdev", 0 },
	{ "test_rule_protocol_reset", "from 198.19.8.0/24 prohibit priority 9 protocol static",
	  "from 198.19.8.0/24 priority 9 prohibit", 1 },
	{ "test_rule_auto_priority", "from 198.19.9.0/24 table 100",
	  "from 198.19.9.0/24 priority 16384 table 100", 1 },
	{ "test_rule_host_bits", "from 198.19.1.1/24 table 1 priority 1",
	  "from 198.19.1.1/24 priority 1 table 1", 1 },
};
/* clang-format on */

static void
test_good_route(void **state)
{
	const struct good_case *c = *state;
	struct vrrp_instance_conf *vi;
	char buf[1024];

	if (load_line("virtual_routes", c->line) != 0)
		fail_msg("refused: %s", unit_log.line[0]);
	vi = conf.instances;
	assert_non_null(vi->routes);
	assert_int_equal(vi->routes->nroutes, 1);
	assert_string_equal(vrrp_route_format(&vi->routes->routes[0], buf, sizeof(buf)),
			    c->written);
	assert_int_equal(unit_log.warnings, c->warnings);
	assert_int_equal(unit_log.errors, 0);
}

static void
test_good_rule(void **state)
{
	const struct good_case *c = *state;
	struct vrrp_instance_conf *vi;
	char buf[1024];

	if (load_line("virtual_rules", c->line) != 0)
		fail_msg("refused: %s", unit_log.line[0]);
	vi = conf.instances;
	assert_non_null(vi->routes);
	assert_int_equal(vi->routes->nrules, 1);
	assert_string_equal(vrrp_rule_format(&vi->routes->rules[0], buf, sizeof(buf)), c->written);
	assert_int_equal(unit_log.warnings, c->warnings);
	assert_int_equal(unit_log.errors, 0);
}

/*
 * Written back and read again, a line gives the same entry byte for byte
 * (the parser clears what it fills, padding included).
 */
static void
test_round_trip_route(void **state)
{
	const struct good_case *c = *state;
	struct vrrp_route first;
	char text[1200], buf[1024];

	snprintf(text, sizeof(text), "capture_route {\n%s\n}\n", c->line);
	assert_int_equal(load(text), 0);
	memcpy(&first, &captured_route, sizeof(first));
	snprintf(text, sizeof(text), "capture_route {\n%s\n}\n",
		 vrrp_route_format(&first, buf, sizeof(buf)));
	assert_int_equal(load(text), 0);
	assert_memory_equal(&first, &captured_route, sizeof(first));
}

static void
test_round_trip_rule(void **state)
{
	const struct good_case *c = *state;
	struct vrrp_rule first;
	char text[1200], buf[1024];

	snprintf(text, sizeof(text), "capture_rule {\n%s\n}\n", c->line);
	assert_int_equal(load(text), 0);
	memcpy(&first, &captured_rule, sizeof(first));
	/* The automatic priority is given by finish(), which capture blocks skip. */
	if (first.auto_priority) {
		first.has_priority = true;
		first.auto_priority = false;
		first.priority = 16384;
	}
	snprintf(text, sizeof(text), "capture_rule {\n%s\n}\n",
		 vrrp_rule_format(&first, buf, sizeof(buf)));
	assert_int_equal(load(text), 0);
	first.seq = captured_rule.seq;
	assert_memory_equal(&first, &captured_rule, sizeof(first));
}

/* Refused lines ---------------------------------------------------------------- */

struct bad_case {
	const char *name;
	const char *line;
	const char *message; /* after "keepalived.conf:8: (VI_1) virtual_routes: " */
};

#define NEXTHOP16                                                \
	" nexthop via 198.18.0.2 nexthop via 198.18.0.2 nexthop" \
	" via 198.18.0.2 nexthop via 198.18.0.2"

/* clang-format off */
static const struct bad_case bad_routes[] = {
	{ "test_route_unknown_word", "198.19.1.0/24 dev eth0 foo", "unknown word 'foo'" },
	{ "test_route_unknown_first", "foo 198.19.1.0/24 dev eth0", "unknown word 'foo'" },
	{ "test_route_track_group_virtual", "198.19.1.0/24 dev eth0 track_group G",
	  "unknown word 'track_group'" },
	{ "test_route_second_destination", "198.19.1.0/24 198.19.2.0/24 dev eth0",
	  "second destination '198.19.2.0/24'" },
	{ "test_route_missing_value", "198.19.1.0/24 dev eth0 metric", "'metric' needs a value" },
	{ "test_route_type_alone", "blackhole", "'blackhole' needs a value" },
	{ "test_route_to_alone", "to", "'to' needs a value" },
	{ "test_route_metric_too_big", "198.19.1.0/24 dev eth0 metric 4294967296",
	  "metric: '4294967296' is not a number in 0..4294967295" },
	{ "test_route_metric_negative", "198.19.1.0/24 dev eth0 metric -1",
	  "metric: '-1' is not a number in 0..4294967295" },
	{ "test_route_prefix_too_long", "198.19.1.0/33 dev eth0",
	  "destination: prefix length in '198.19.1.0/33' is not in 0..32" },
	{ "test_route_prefix_hex_len", "198.19.1.0/0x8 dev eth0",
	  "destination: prefix length in '198.19.1.0/0x8' is not in 0..32" },
	{ "test_route_bad_prefix", "198.19.1/24 dev eth0",
	  "destination: '198.19.1/24' is not an IP prefix" },
	{ "test_route_no_destination", "via 198.18.0.1 dev eth0", "no destination" },
	{ "test_route_mixed_via", "198.19.1.0/24 via fd00::1 dev eth0",
	  "via is IPv6 in an IPv4 line" },
	{ "test_route_mixed_inet6", "inet6 198.19.1.0/24 dev eth0",
	  "the destination is IPv4 in an IPv6 line" },
	{ "test_route_from_ipv4", "198.19.1.0/24 from 198.18.0.0/24 dev eth0",
	  "from: only IPv6 routes have a source prefix ('198.18.0.0/24')" },
	{ "test_route_table_unknown", "198.19.1.0/24 dev eth0 table nosuch",
	  "table: 'nosuch' is neither a number in 0..4294967295 nor a name in "
	  "/nonexistent/rt_tables" },
	{ "test_route_protocol_range", "198.19.1.0/24 dev eth0 protocol 300",
	  "protocol: '300' is neither a number in 0..255 nor a name in /nonexistent/rt_protos" },
	{ "test_route_scope_unknown", "198.19.1.0/24 dev eth0 scope bogus",
	  "scope: 'bogus' is neither a number in 0..255 nor a name in /nonexistent/rt_scopes" },
	{ "test_route_encap_bad", "198.19.1.0/24 dev eth0 encap bpf in x",
	  "encap: 'bpf' is not mpls, ip or ip6" },
	{ "test_route_encap_label", "198.19.1.0/24 dev eth0 encap mpls 1048576",
	  "encap mpls label: '1048576' is not a number in 0..1048575" },
	{ "test_route_rtt_bad", "198.19.1.0/24 dev eth0 rtt 100us",
	  "rtt: '100us' is not a time (N, Nms or Ns)" },
	{ "test_route_ttl_propagate_bad", "198.19.1.0/24 dev eth0 ttl-propagate yes",
	  "ttl-propagate: 'yes' is not enabled or disabled" },
	{ "test_route_long_dev", "198.19.1.0/24 dev abcdefghijklmnopq",
	  "dev: 'abcdefghijklmnopq' is not an interface name" },
	{ "test_route_realms_ipv6", "fd00::/64 dev eth0 realms 3",
	  "realms is IPv4 in an IPv6 line" },
	{ "test_route_pref_ipv4", "198.19.1.0/24 dev eth0 pref high",
	  "pref is IPv6 in an IPv4 line" },
	{ "test_route_pref_bad", "fd00::/64 dev eth0 pref bogus",
	  "pref: 'bogus' is not a number in 0..255" },
	{ "test_route_features", "198.19.1.0/24 dev eth0 features foo",
	  "features: 'foo' is not supported (only ecn)" },
	{ "test_route_nexthop_word", "198.19.1.0/24 dev eth0 nexthop via 198.18.0.2 bogus",
	  "unknown word 'bogus' in a nexthop" },
	{ "test_route_nexthop_empty", "198.19.1.0/24 nexthop weight 2",
	  "nexthop 1 has neither via nor dev" },
	{ "test_route_weight_0", "198.19.1.0/24 dev eth0 nexthop via 198.18.0.2 weight 0",
	  "weight: 0 is not in 1..256" },
	{ "test_route_weight_257", "198.19.1.0/24 dev eth0 nexthop via 198.18.0.2 weight 257",
	  "weight: '257' is not a number in 0..256" },
	{ "test_route_nexthops_17", "198.19.1.0/24 dev eth0" NEXTHOP16 NEXTHOP16 NEXTHOP16 NEXTHOP16
	  " nexthop via 198.18.0.2", "more than 16 nexthops" },
	{ "test_route_or_without_via", "198.19.1.0/24 dev eth0 or 198.18.0.2",
	  "'or' needs a 'via' before it" },
	{ "test_route_or_twice", "198.19.1.0/24 via 198.18.0.1 or 198.18.0.2 or 198.18.0.3",
	  "'or' given twice" },
	{ "test_route_via_after_or", "198.19.1.0/24 via 198.18.0.1 or 198.18.0.2 via 198.18.0.3",
	  "'via' after 'or'" },
	{ "test_route_hoplimit", "198.19.1.0/24 dev eth0 hoplimit 256",
	  "hoplimit: '256' is not a number in 0..255" },
	{ "test_route_quickack", "198.19.1.0/24 dev eth0 quickack 2",
	  "quickack: '2' is not a number in 0..1" },
	{ "test_route_mtu_lock_alone", "198.19.1.0/24 dev eth0 mtu lock", "'lock' needs a value" },
	{ "test_route_bad_via", "198.19.1.0/24 via 1.2.3 dev eth0",
	  "via: '1.2.3' is not an IP address" },
	{ "test_route_bad_src", "198.19.1.0/24 src x.y dev eth0",
	  "src: 'x.y' is not an IP address" },
};
/* clang-format on */

/* clang-format off */
static const struct bad_case bad_rules[] = {
	{ "test_rule_no_action", "from 198.19.1.0/24 priority 100",
	  "no action (table, goto, nop, blackhole, unreachable or prohibit)" },
	{ "test_rule_table_0", "from 198.19.1.0/24 table 0 priority 1",
	  "table: table 0 is not valid" },
	{ "test_rule_two_actions", "from 198.19.1.0/24 table 100 blackhole priority 1",
	  "more than one of table, goto, nop, blackhole, unreachable, prohibit and l3mdev" },
	{ "test_rule_two_actions_table_last", "from 198.19.1.0/24 blackhole table 100 priority 1",
	  "more than one of table, goto, nop, blackhole, unreachable, prohibit and l3mdev" },
	{ "test_rule_table_then_l3mdev", "table 1 l3mdev priority 1",
	  "l3mdev excludes table, goto, nop, blackhole, unreachable and prohibit" },
	{ "test_rule_goto_backwards", "from 198.19.1.0/24 goto 50 priority 100",
	  "goto 50 must point after the rule's own priority 100" },
	{ "test_rule_goto_no_priority", "from 198.19.1.0/24 goto 50",
	  "goto 50 needs a priority before it" },
	{ "test_rule_mixed", "from 198.19.1.0/24 to fd00::/8 table 1 priority 1",
	  "to is IPv6 in an IPv4 line" },
	{ "test_rule_mixed_inet6", "from 198.19.1.0/24 table 1 priority 1 inet6",
	  "inet6 is IPv6 in an IPv4 line" },
	{ "test_rule_unknown", "from 198.19.1.0/24 table 1 priority 1 bogus",
	  "unknown word 'bogus'" },
	{ "test_rule_track_group_virtual", "from 198.19.1.0/24 table 1 priority 1 track_group G",
	  "unknown word 'track_group'" },
	{ "test_rule_type_local", "from 198.19.1.0/24 type local priority 1",
	  "type: 'local' is not a rule action" },
	{ "test_rule_realms_no_table", "from 198.19.1.0/24 blackhole priority 1 realms 1",
	  "realms, suppress_prefixlength and suppress_ifgroup need table" },
	{ "test_rule_realms_ipv6", "from fd00::/64 realms 1 table 1 priority 1",
	  "realms is IPv4 in an IPv6 line" },
	{ "test_rule_priority_negative", "from 198.19.1.0/24 table 1 priority -1",
	  "priority: '-1' is not a number in 0..4294967295" },
	{ "test_rule_fwmark_bad", "fwmark x table 1 priority 1", "fwmark: 'x' is not MARK[/MASK]" },
	{ "test_rule_fwmask_bad", "fwmark 1/y table 1 priority 1",
	  "fwmark: '1/y' is not MARK[/MASK]" },
	{ "test_rule_uidrange_backwards", "uidrange 200-100 table 1 priority 1",
	  "uidrange: '200-100' is not A-B" },
	{ "test_rule_uidrange_one", "uidrange 200 table 1 priority 1",
	  "uidrange: '200' is not A-B" },
	{ "test_rule_sport_backwards", "sport 2000-1000 table 1 priority 1",
	  "sport: range '2000-1000' ends before it starts" },
	{ "test_rule_dport_range", "dport 70000 table 1 priority 1",
	  "dport: '70000' is not a port or a range A-B" },
	{ "test_rule_ipproto", "ipproto nosuchproto table 1 priority 1",
	  "ipproto: 'nosuchproto' is neither a number nor a protocol name" },
	{ "test_rule_bad_from", "from 198.19.1/24 table 1 priority 1",
	  "from: '198.19.1/24' is not an IP prefix" },
	{ "test_rule_from_alone", "from", "'from' needs a value" },
	{ "test_rule_long_iif", "iif abcdefghijklmnopq table 1 priority 1",
	  "iif: 'abcdefghijklmnopq' is not an interface name" },
	{ "test_rule_sup_pl", "table 1 priority 1 sup_pl -1",
	  "sup_pl: '-1' is not a number in 0..2147483647" },
	{ "test_rule_tunnel_id", "table 1 priority 1 tunnel-id x",
	  "tunnel-id: 'x' is not a number in 0..18446744073709551615" },
};
/* clang-format on */

static void
check_bad(const char *block, const struct bad_case *c)
{
	char want[512];

	assert_int_equal(load_line(block, c->line), 1);
	snprintf(want, sizeof(want), "keepalived.conf:8: (VI_1) %s: %s", block, c->message);
	assert_true(unit_logged(want));
	assert_int_equal(unit_log.errors, 1);
	/* A refused line is not kept. */
	assert_true(conf.instances->routes == NULL);
}

static void
test_bad_route(void **state)
{
	check_bad("virtual_routes", *state);
}

static void
test_bad_rule(void **state)
{
	check_bad("virtual_rules", *state);
}

/* The messages of warnings ------------------------------------------------------- */

static void
test_warning_texts(void **state)
{
	/* clang-format off */
	static const struct {
		const char *block, *line, *message;
	} cases[] = {
		{ "virtual_routes", "198.19.1.0/24 gw 198.18.0.1 dev eth0",
		  "'gw' is deprecated, use 'via'" },
		{ "virtual_routes", "198.19.1.0/24 via 198.18.0.1 or 198.18.0.2 dev eth0",
		  "'or' is deprecated, use 'nexthop'" },
		{ "virtual_routes", "198.19.1.0/24 via 198.18.0.1",
		  "route to 198.19.1.0/24 has no dev, so it cannot be tracked: not tracking" },
		{ "virtual_routes", "198.19.1.0/24 dev eth0 protocol bird",
		  "a tracked route has protocol keepalived (18): protocol ignored" },
		{ "virtual_routes", "198.19.1.1/24 dev eth0",
		  "198.19.1.1/24 has host bits set: the kernel will refuse this route" },
		{ "virtual_routes", "prohibit 198.19.1.0/24 dev eth0",
		  "the kernel will refuse via, dev or nexthop on this type of route" },
		{ "virtual_rules", "from 198.19.1.0/24 table 1 priority 1 protocol 4",
		  "a tracked rule has protocol keepalived (18): protocol ignored" },
		{ "virtual_rules", "to fd00::1/64 table 1 priority 1",
		  "to fd00::1/64 has host bits set: the kernel will refuse this rule" },
		{ "virtual_rules", "from 198.19.1.0/24 table 1",
		  "no priority: one is given counting down from 16384 in file order, which is "
		  "probably not what you want" },
	};
	/* clang-format on */
	char want[512];

	for (size_t i = 0; i < UNIT_NELEMS(cases); i++) {
		assert_int_equal(load_line(cases[i].block, cases[i].line), 0);
		snprintf(want, sizeof(want), "keepalived.conf:8: (VI_1) %s: %s", cases[i].block,
			 cases[i].message);
		assert_true(unit_logged(want));
	}
}

/* What the parse leaves in the structs ------------------------------------------ */

static void
test_route_fields(void **state)
{
	const struct vrrp_route *rt;

	assert_int_equal(load_line("virtual_routes",
				   "fd00:1::/64 via fd00::1 dev eth0 metric 7 mtu lock 1280"),
			 0);
	rt = &conf.instances->routes->routes[0];
	assert_int_equal(rt->family, AF_INET6);
	assert_int_equal(rt->dst_len, 64);
	assert_true(rt->has_via);
	assert_int_equal(rt->via.v6.s6_addr[15], 1);
	assert_string_equal(rt->dev, "eth0");
	assert_int_equal(rt->protocol, RTPROT_KEEPALIVED);
	assert_int_equal(rt->table, RT_TABLE_MAIN);
	assert_int_equal(rt->type, RTN_UNICAST);
	assert_int_equal(rt->scope, RT_SCOPE_UNIVERSE);
	assert_true(rt->has_metric);
	assert_int_equal(rt->metric, 7);
	assert_int_equal(rt->metrics[RTAX_MTU], 1280);
	assert_int_equal(rt->metrics_set, 1u << RTAX_MTU);
	assert_int_equal(rt->lock, 1u << RTAX_MTU);
	assert_false(rt->no_track);
	assert_int_equal(rt->nnh, 0);

	assert_int_equal(load_line("virtual_routes",
				   "198.19.1.0/24 nexthop via 198.18.0.2 weight 256 dev eth1"),
			 0);
	rt = &conf.instances->routes->routes[0];
	assert_int_equal(rt->family, AF_INET);
	assert_int_equal(rt->nnh, 1);
	assert_int_equal(rt->nh[0].weight, 256);
	assert_string_equal(rt->nh[0].dev, "eth1");
	/* No dev on the route itself: keepalived cannot track it. */
	assert_true(rt->no_track);
}

static void
test_rule_fields(void **state)
{
	const struct vrrp_rule *ru;

	assert_int_equal(
		load_line("virtual_rules",
			  "not from fd00::/8 to fd00:1::/64 fwmark 3/7 lookup 5000 priority 9"),
		0);
	ru = &conf.instances->routes->rules[0];
	assert_int_equal(ru->family, AF_INET6);
	assert_true(ru->invert);
	assert_true(ru->has_from && ru->has_to);
	assert_int_equal(ru->from_len, 8);
	assert_int_equal(ru->to_len, 64);
	assert_int_equal(ru->fwmark, 3);
	assert_true(ru->has_fwmask);
	assert_int_equal(ru->fwmask, 7);
	assert_int_equal(ru->action, FR_ACT_TO_TBL);
	assert_int_equal(ru->table, 5000);
	assert_int_equal(ru->priority, 9);
	assert_true(ru->has_protocol);
	assert_int_equal(ru->protocol, RTPROT_KEEPALIVED);
	assert_int_equal(ru->suppress_prefixlen, -1);

	/* from all is no selector at all; no_track keeps the protocol unset. */
	assert_int_equal(load_line("virtual_rules", "from all to all prohibit priority 3 no_track"),
			 0);
	ru = &conf.instances->routes->rules[0];
	assert_false(ru->has_from || ru->has_to);
	assert_int_equal(ru->family, AF_INET);
	assert_int_equal(ru->action, FR_ACT_PROHIBIT);
	assert_false(ru->has_protocol);
}

/* Whole configurations -------------------------------------------------------------- */

/*
 * keepalived numbers rules without a priority down from 16384 per family,
 * in the order the lines were read, static or not.
 */
static void
test_auto_priorities(void **state)
{
	static const char text[] =
		"static_rules {\n"
		"  from 198.19.1.0/24 table 1\n"
		"  from fd00:1::/64 table 1\n"
		"  from 198.19.2.0/24 table 1 priority 5\n"
		"  from 198.19.3.0/24 table 1\n"
		"}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		" virtual_ipaddress {\n  198.18.0.1/24\n }\n"
		" virtual_rules {\n  from 198.19.4.0/24 table 1\n  from fd00:2::/64 table 1\n "
		"}\n}\n"
		"static_rules {\n  from 198.19.5.0/24 table 1\n}\n";
	const struct vrrp_routes_conf *vr;

	assert_int_equal(load(text), 0);
	assert_int_equal(unit_log.warnings, 6);
	assert_non_null(conf.statics);
	assert_int_equal(conf.statics->nrules, 5);
	vr = conf.instances->routes;
	assert_int_equal(conf.statics->rules[0].priority, 16384);
	assert_int_equal(conf.statics->rules[1].priority, 16384); /* IPv6 counts on its own */
	assert_int_equal(conf.statics->rules[2].priority, 5);
	assert_int_equal(conf.statics->rules[3].priority, 16383);
	assert_int_equal(vr->rules[0].priority, 16382);
	assert_int_equal(vr->rules[1].priority, 16383);
	assert_int_equal(conf.statics->rules[4].priority, 16381);
	for (size_t i = 0; i < conf.statics->nrules; i++)
		assert_true(conf.statics->rules[i].has_priority);
}

static void
test_static_blocks(void **state)
{
	static const char text[] = "static_ipaddress {\n"
				   "  198.18.7.1/24 dev eth1 scope link label eth1:st\n"
				   "  fd00:7::1/64 dev eth1 -nodad track_group G1\n"
				   "}\n"
				   "static_routes {\n"
				   "  198.19.9.0/24 via 198.18.7.254 dev eth1 track_group G1\n"
				   "}\n"
				   "static_rules {\n"
				   "  from 198.19.9.0/24 table 101 priority 101 track_group G1\n"
				   "}\n"
				   "static_routes {\n"
				   "  fd00:9::/64 dev eth1\n"
				   "}\n";
	char buf[512];

	assert_int_equal(load(text), 0);
	assert_non_null(conf.statics);
	assert_int_equal(conf.statics->naddrs, 2);
	assert_int_equal(conf.statics->nroutes, 2);
	assert_int_equal(conf.statics->nrules, 1);
	/* The families of static addresses may mix. */
	assert_int_equal(conf.statics->addrs[0].family, AF_INET);
	assert_int_equal(conf.statics->addrs[1].family, AF_INET6);
	assert_true(conf.statics->addrs[1].nodad);
	assert_string_equal(conf.statics->addrs[0].label, "eth1:st");
	assert_int_equal(conf.statics->addrs[0].scope, RT_SCOPE_LINK);
	assert_string_equal(vrrp_route_format(&conf.statics->routes[0], buf, sizeof(buf)),
			    "198.19.9.0/24 via 198.18.7.254 dev eth1");
	/* No track_group G1 block before the lines: keepalived's warning, the option dropped. */
	assert_true(unit_logged("keepalived.conf:3: track_group G1 not found"));
	assert_true(unit_logged("keepalived.conf:6: track_group G1 not found"));
	assert_true(unit_logged("keepalived.conf:9: track_group G1 not found"));
	assert_int_equal(unit_log.warnings, 3);
	assert_string_equal(conf.statics->addr_tgroup[1], "");
	assert_string_equal(conf.statics->routes[0].track_group, "");
	assert_string_equal(conf.statics->rules[0].track_group, "");
}

/* Lines of -d, gathered. */
static char dumped[2048];
static void
dump_line(const char *line, void *arg)
{
	(void)arg;
	snprintf(dumped + strlen(dumped), sizeof(dumped) - strlen(dumped), "%s\n", line);
}

static void
test_track_group(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		" virtual_ipaddress {\n  198.18.0.1/24\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth2\n virtual_router_id 52\n"
		" virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n"
		"track_group G1 {\n"
		"  group {\n"
		"    VI_1\n"
		"    VI_2 VI_9\n"
		"  }\n"
		"}\n"
		"static_ipaddress {\n"
		"  198.18.7.1/24 dev eth1 track_group G1\n"
		"  198.18.7.2/24 dev eth3\n"
		"  198.18.7.3/24 dev eth0 track_group G2\n"
		"}\n"
		"static_routes {\n"
		"  198.19.9.0/24 via 198.18.7.254 dev eth2 track_group G1\n"
		"}\n"
		"static_rules {\n"
		"  from 198.19.9.0/24 table 101 priority 101 track_group G1\n"
		"  from 198.19.8.0/24 iif eth4 table 101 priority 102 track_group G1\n"
		"}\n";
	const struct vrrp_track_group *g;
	const struct vrrp_instance_conf *vi1, *vi2;
	char buf[512];

	assert_int_equal(load(text), 0);
	g = vrrp_tgroup_find(conf.statics, "G1");
	assert_non_null(g);
	assert_int_equal(g->ninsts, 3);
	assert_string_equal(g->insts[2], "VI_9");
	assert_null(vrrp_tgroup_find(conf.statics, "G2"));
	assert_true(unit_logged("keepalived.conf:24: track_group G2 not found"));
	/* As keepalived: a rule's group tracks its iif; without one it is dropped. */
	assert_true(unit_logged("keepalived.conf:30: static_rules: static rule cannot have "
				"track_group if dev/iif not specified - ignoring track_group"));
	assert_int_equal(unit_log.warnings, 2);
	assert_string_equal(conf.statics->addr_tgroup[0], "G1");
	assert_string_equal(conf.statics->addr_tgroup[1], "");
	assert_string_equal(conf.statics->addr_tgroup[2], "");
	assert_string_equal(conf.statics->routes[0].track_group, "G1");
	assert_string_equal(conf.statics->rules[0].track_group, "");
	assert_string_equal(conf.statics->rules[1].track_group, "G1");
	assert_string_equal(vrrp_route_format(&conf.statics->routes[0], buf, sizeof(buf)),
			    "198.19.9.0/24 via 198.18.7.254 dev eth2 track_group G1");
	/* The group's instances track the interfaces of its addresses and routes (weight 0). */
	vi1 = conf.instances;
	vi2 = vi1->next;
	assert_non_null(vi1->track);
	assert_int_equal(vi1->track->nrefs, 3);
	assert_int_equal(vi1->track->refs[0].kind, VRRP_TRACK_INTERFACE);
	assert_string_equal(vi1->track->refs[0].name, "eth1");
	assert_false(vi1->track->refs[0].weight_given);
	assert_string_equal(vi1->track->refs[1].name, "eth2");
	assert_string_equal(vi1->track->refs[2].name, "eth4"); /* the rule's iif */
	/* Not its own interface. */
	assert_int_equal(vi2->track->nrefs, 2);
	assert_string_equal(vi2->track->refs[0].name, "eth1");
	dumped[0] = '\0';
	vrrp_routes_conf_dump(conf.statics, true, 0, dump_line, NULL);
	assert_non_null(strstr(dumped, "track_group G1 {\n    group {\n        VI_1\n        VI_2\n"
				       "        VI_9\n    }\n}\n"));
	assert_non_null(strstr(dumped, "198.18.7.1/24 dev eth1 track_group G1\n"));
	assert_non_null(strstr(dumped, "iif eth4 priority 102 table 101 track_group G1"));

	assert_int_equal(load("track_group G1 {\n group {\n  VI_1\n }\n}\n"
			      "track_group G1 {\n}\n"),
			 1);
	assert_true(unit_logged("keepalived.conf:6: track_group G1: already defined"));
	assert_int_equal(load("track_group {\n}\n"), 1);
	assert_true(
		unit_logged("keepalived.conf:1: track_group: needs exactly one name before '{'"));
}

/* A deletion as the kernel reports it against the configured entries (vrrp_route_match.h). */
static void
test_match_deleted(void **state)
{
	struct vrrp_route seen;
	struct vrrp_rule rseen;
	const struct vrrp_route *rt;
	const struct vrrp_rule *ru;

	assert_int_equal(load("static_routes {\n 198.19.9.0/24 dev eth1\n"
			      " fd00:9::/64 dev eth1 metric 5 table 7\n"
			      " 198.19.8.0/24 dev eth1 no_track protocol 4\n}\n"
			      "static_rules {\n"
			      " from 198.19.9.0/24 iif eth1 table 101 priority 101\n"
			      " to fd00:9::/64 lookup 7\n}\n"),
			 0);
	rt = conf.statics->routes;
	/* What RTM_DELROUTE says of the first route. */
	memset(&seen, 0, sizeof(seen));
	seen.family = AF_INET;
	seen.type = RTN_UNICAST;
	seen.table = RT_TABLE_MAIN;
	seen.protocol = RTPROT_KEEPALIVED;
	seen.dst_len = 24;
	inet_pton(AF_INET, "198.19.9.0", &seen.dst);
	assert_true(vrrp_route_matches(&rt[0], &seen));
	assert_false(vrrp_route_matches(&rt[1], &seen));
	seen.protocol = RTPROT_BOOT; /* someone else's route to the same prefix */
	assert_false(vrrp_route_matches(&rt[0], &seen));
	seen.protocol = RTPROT_KEEPALIVED;
	seen.table = 100;
	assert_false(vrrp_route_matches(&rt[0], &seen));
	seen.table = RT_TABLE_MAIN;
	seen.dst_len = 25;
	assert_false(vrrp_route_matches(&rt[0], &seen));
	seen.dst_len = 24;
	seen.has_metric = true;
	seen.metric = 10; /* another metric than the route's (none: 0) */
	assert_false(vrrp_route_matches(&rt[0], &seen));
	/* IPv6 with a metric and a table. */
	memset(&seen, 0, sizeof(seen));
	seen.family = AF_INET6;
	seen.type = RTN_UNICAST;
	seen.table = 7;
	seen.protocol = RTPROT_KEEPALIVED;
	seen.dst_len = 64;
	seen.has_metric = true;
	seen.metric = 5;
	inet_pton(AF_INET6, "fd00:9::", &seen.dst);
	assert_true(vrrp_route_matches(&rt[1], &seen));
	seen.metric = 1024;
	assert_false(vrrp_route_matches(&rt[1], &seen));
	assert_true(rt[2].no_track);

	ru = conf.statics->rules;
	memset(&rseen, 0, sizeof(rseen));
	rseen.family = AF_INET;
	rseen.action = FR_ACT_TO_TBL;
	rseen.table = 101;
	rseen.has_priority = true;
	rseen.priority = 101;
	rseen.has_from = true;
	rseen.from_len = 24;
	inet_pton(AF_INET, "198.19.9.0", &rseen.from);
	snprintf(rseen.iif, sizeof(rseen.iif), "eth1");
	assert_true(vrrp_rule_matches(&ru[0], &rseen));
	rseen.priority = 102;
	assert_false(vrrp_rule_matches(&ru[0], &rseen));
	rseen.priority = 101;
	rseen.iif[0] = '\0';
	assert_false(vrrp_rule_matches(&ru[0], &rseen));
	/* The second rule got keepalived's automatic priority. */
	memset(&rseen, 0, sizeof(rseen));
	rseen.family = AF_INET6;
	rseen.action = FR_ACT_TO_TBL;
	rseen.table = 7;
	rseen.has_priority = true;
	rseen.priority = ru[1].priority;
	rseen.has_to = true;
	rseen.to_len = 64;
	inet_pton(AF_INET6, "fd00:9::", &rseen.to);
	assert_true(vrrp_rule_matches(&ru[1], &rseen));
	assert_false(vrrp_rule_matches(&ru[0], &rseen));
}

static void
test_static_errors(void **state)
{
	assert_int_equal(load("static_routes extra {\n 198.19.9.0/24 dev eth1\n}\n"), 1);
	assert_true(unit_logged("keepalived.conf:1: static_routes: unexpected 'extra' before '{'"));
	assert_null(conf.statics);

	assert_int_equal(load("static_ipaddress {\n 198.18.7.1/33\n}\n"), 1);
	assert_true(unit_logged("keepalived.conf:2: (static_ipaddress) virtual_ipaddress: "
				"'198.18.7.1/33': prefix length '33' is out of range 0..32"));
	assert_int_equal(conf.statics->naddrs, 0);

	assert_int_equal(load("static_routes {\n 198.19.9.0/24 dev eth1 bogus\n}\n"), 1);
	assert_true(unit_logged("keepalived.conf:2: static_routes: unknown word 'bogus'"));

	assert_int_equal(load("static_rules {\n from 198.19.9.0/24 priority 1\n}\n"), 1);
	assert_true(unit_logged("keepalived.conf:2: static_rules: no action (table, goto, nop, "
				"blackhole, unreachable or prohibit)"));
}

/* Several lines keep their order; an instance without the blocks has no routes. */
static void
test_blocks_and_order(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		" virtual_ipaddress {\n  198.18.0.1/24\n }\n"
		" virtual_routes {\n  198.19.1.0/24 dev eth0\n  198.19.2.0/24 dev eth0\n }\n"
		" virtual_rules {\n  from 198.19.1.0/24 table 1 priority 1\n }\n"
		" virtual_routes {\n  198.19.3.0/24 dev eth0\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"
		" virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n";
	const struct vrrp_routes_conf *rc;

	assert_int_equal(load(text), 0);
	rc = conf.instances->routes;
	assert_int_equal(rc->nroutes, 3);
	assert_int_equal(rc->nrules, 1);
	assert_int_equal(rc->naddrs, 0);
	assert_int_equal(rc->routes[0].dst.bytes[2], 1);
	assert_int_equal(rc->routes[1].dst.bytes[2], 2);
	assert_int_equal(rc->routes[2].dst.bytes[2], 3);
	assert_null(conf.instances->next->routes);
}

/* Names from the iproute2 files, and their .d directories. */
static void
test_iproute2_names(void **state)
{
	char dir[64], path[128];
	const struct vrrp_route *rt;
	const struct vrrp_rule *ru;

	unit_tmpdir_make(dir, sizeof(dir), "vm-iproute2");
	snprintf(path, sizeof(path), "%s/rt_tables", dir);
	unit_write_file(path, "# comment\n200\tmytable\n");
	snprintf(path, sizeof(path), "%s/rt_tables.d", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/rt_tables.d/extra.conf", dir);
	unit_write_file(path, "201 other\n");
	snprintf(path, sizeof(path), "%s/rt_tables.d/ignored.txt", dir);
	unit_write_file(path, "202 ignored\n");
	snprintf(path, sizeof(path), "%s/rt_protos", dir);
	unit_write_file(path, "77 myproto\n");
	snprintf(path, sizeof(path), "%s/rt_dsfield", dir);
	unit_write_file(path, "0x20 CS1\n");
	snprintf(path, sizeof(path), "%s/rt_realms", dir);
	unit_write_file(path, "9 myrealm\n");
	snprintf(path, sizeof(path), "%s/group", dir);
	unit_write_file(path, "5 mygroup\n");
	vrrp_route_iproute2_dir = dir;

	assert_int_equal(load_line("virtual_routes",
				   "198.19.1.0/24 dev eth0 table mytable tos CS1 realms myrealm/1 "
				   "protocol myproto no_track"),
			 0);
	rt = &conf.instances->routes->routes[0];
	assert_int_equal(rt->table, 200);
	assert_int_equal(rt->tos, 0x20);
	assert_int_equal(rt->realms, 9u << 16 | 1);
	assert_int_equal(rt->protocol, 77);
	assert_int_equal(load_line("virtual_routes", "198.19.1.0/24 dev eth0 table other"), 0);
	assert_int_equal(conf.instances->routes->routes[0].table, 201);
	assert_int_equal(load_line("virtual_routes", "198.19.1.0/24 dev eth0 table ignored"), 1);
	/* The built-in names need no file. */
	assert_int_equal(load_line("virtual_routes",
				   "198.19.1.0/24 dev eth0 table default scope host"),
			 0);
	assert_int_equal(conf.instances->routes->routes[0].table, RT_TABLE_DEFAULT);
	assert_int_equal(conf.instances->routes->routes[0].scope, RT_SCOPE_HOST);

	assert_int_equal(load_line("virtual_rules",
				   "from all lookup mytable priority 1 sup_group mygroup"),
			 0);
	ru = &conf.instances->routes->rules[0];
	assert_int_equal(ru->table, 200);
	assert_true(ru->has_suppress_ifgroup);
	assert_int_equal(ru->suppress_ifgroup, 5);

	unload();
	vrrp_route_iproute2_dir = "/nonexistent";
	unit_tmpdir_remove(dir);
}

static void
test_dump(void **state)
{
	static const char text[] =
		"static_ipaddress {\n 198.18.7.1/24 dev eth1 brd 198.18.7.255\n fd00::7/64 dev "
		"eth1 -nodad\n}\n"
		"static_routes {\n 198.19.9.0/24 via 198.18.7.254 dev eth1\n}\n";
	struct unit_text out = { 0 };

	assert_int_equal(load(text), 0);
	vrrp_routes_conf_dump(conf.statics, true, 0, unit_text_line, &out);
	assert_string_equal(out.text, "static_ipaddress {\n"
				      "    198.18.7.1/24 brd 198.18.7.255 dev eth1\n"
				      "    fd00::7/64 dev eth1 -nodad\n"
				      "}\n"
				      "static_routes {\n"
				      "    198.19.9.0/24 via 198.18.7.254 dev eth1\n"
				      "}\n");
	unit_text_clear(&out);
	assert_int_equal(load_line("virtual_rules", "from 198.19.1.0/24 table 1 priority 2"), 0);
	vrrp_routes_conf_dump(conf.instances->routes, false, 4, unit_text_line, &out);
	assert_string_equal(
		out.text,
		"    virtual_rules {\n        from 198.19.1.0/24 priority 2 table 1\n    }\n");
	vrrp_routes_conf_dump(NULL, false, 4, unit_text_line, &out);
	vrrp_routes_conf_free(NULL);
}

/* The shared helpers, at their edges. */
static void
test_helpers(void **state)
{
	union vrrp_addr a;
	char buf[8];
	uint64_t v;

	assert_true(rp_parse_uint("0", 0, &v) && v == 0);
	assert_true(rp_parse_uint("0xff", 255, &v) && v == 255);
	assert_false(rp_parse_uint("0x100", 255, &v));
	assert_false(rp_parse_uint("0x", 255, &v));
	assert_false(rp_parse_uint("", 255, &v));
	assert_false(rp_parse_uint(" 1", 255, &v));
	assert_false(rp_parse_uint("+1", 255, &v));
	assert_false(rp_parse_uint("1x", 255, &v));
	assert_false(rp_parse_uint("18446744073709551616", UINT64_MAX, &v));

	memset(&a, 0, sizeof(a));
	a.bytes[3] = 1;
	assert_true(rp_host_bits(AF_INET, &a, 24));
	assert_true(rp_host_bits(AF_INET, &a, 31));
	assert_false(rp_host_bits(AF_INET, &a, 32));
	a.bytes[3] = 0;
	a.bytes[2] = 0x80;
	assert_false(rp_host_bits(AF_INET, &a, 17));
	assert_true(rp_host_bits(AF_INET, &a, 16));
	assert_true(rp_host_bits(AF_INET, &a, 0));
	memset(&a, 0, sizeof(a));
	a.bytes[15] = 1;
	assert_true(rp_host_bits(AF_INET6, &a, 127));
	assert_false(rp_host_bits(AF_INET6, &a, 128));

	assert_string_equal(rp_value_name("rt_tables", 254, buf, sizeof(buf)), "main");
	assert_string_equal(rp_value_name("rt_scopes", 0, buf, sizeof(buf)), "global");
	assert_string_equal(rp_value_name("rt_tables", 7, buf, sizeof(buf)), "7");
}

static char route_trip_names[UNIT_NELEMS(good_routes)][64];
static char rule_trip_names[UNIT_NELEMS(good_rules)][64];

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test_setup_teardown(test_warning_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auto_priorities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iproute2_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
	};
	/* clang-format on */
	struct CMUnitTest tests[2 * UNIT_NELEMS(good_routes) + 2 * UNIT_NELEMS(good_rules) +
				UNIT_NELEMS(bad_routes) + UNIT_NELEMS(bad_rules) +
				UNIT_NELEMS(fixed)];
	size_t n = 0;

	unit_add_rows(tests, &n, test_good_route, good_routes);
	unit_add_rows(tests, &n, test_good_rule, good_rules);
	/* The round trips run over the same rows, under names of their own. */
	for (size_t i = 0; i < UNIT_NELEMS(good_routes); i++) {
		snprintf(route_trip_names[i], sizeof(route_trip_names[i]), "%s_round_trip",
			 good_routes[i].name);
		tests[n++] = (struct CMUnitTest){ route_trip_names[i], test_round_trip_route, NULL,
						  NULL, (void *)&good_routes[i] };
	}
	for (size_t i = 0; i < UNIT_NELEMS(good_rules); i++) {
		snprintf(rule_trip_names[i], sizeof(rule_trip_names[i]), "%s_round_trip",
			 good_rules[i].name);
		tests[n++] = (struct CMUnitTest){ rule_trip_names[i], test_round_trip_rule, NULL,
						  NULL, (void *)&good_rules[i] };
	}
	unit_add_rows(tests, &n, test_bad_route, bad_routes);
	unit_add_rows(tests, &n, test_bad_rule, bad_rules);
	unit_add_tests(tests, &n, fixed);
	return cmocka_run_group_tests(tests, setup, teardown);
}
