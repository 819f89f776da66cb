/*
 * Unit tests of keepalived/core/conf_checker*.c: the checker's blocks of
 * keepalived.conf are read through a top-level table that composes
 * checker_top_keywords, as conf.c will. Each block gives exactly one
 * warning; mistakes give the errors and warnings keepalived 2.2.7's -t
 * gives for them (every row of the tables below was run through it: the
 * "bad" ones make it fail, the "good" ones pass).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "keepalived/core/conf_checker.h"
#include "lib/conf_reader.h"
#include "lib/log.h"
#include "unit_helpers.h"

/* The reader's view ------------------------------------------------------- */

static int markers;

/* A keyword after the blocks, to show reading goes on at the top level. */
static int
h_marker(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	markers++;
	return 0;
}

/* What conf.c has for the checker's keywords until it composes ours. */
static int
h_placeholder(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	cfg_error(r, "placeholder reached");
	return -1;
}

static void *
h_placeholder_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	cfg_error(r, "placeholder reached");
	return NULL;
}

static const struct cfg_keyword top_keywords[] = {
	CFG_KEYWORDS_FROM(checker_top_keywords),
	{ "marker", h_marker, NULL, NULL, NULL, NULL },
	{ "virtual_server", h_placeholder, h_placeholder_open, NULL, NULL, NULL },
	{ "virtual_server_group", h_placeholder, h_placeholder_open, NULL, NULL, NULL },
	{ "SSL", h_placeholder, h_placeholder_open, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

/* The top-level object: the handlers must leave it alone. */
static unsigned char top_obj[64];

static int
read_conf(const char *text)
{
	unit_log_clear();
	markers = 0;
	return cfg_read_string("t.conf", text, top_keywords, top_obj, NULL);
}

/* The log is captured for the whole group; read_conf() clears it. */
static int
group_setup(void **state)
{
	unit_log_start();
	return 0;
}

static int
group_teardown(void **state)
{
	unit_log_stop();
	return 0;
}

#define IGNORED ": the checker (LVS/health checks) is not part of this daemon yet, block ignored"

/* Every keyword, once at least -------------------------------------------- */

static const char every_keyword[] =
	"virtual_server 198.18.0.1 80 {\n"				    /* 1 */
	"  delay_loop 6\n  lb_algo wrr\n  lvs_sched rr\n  lb_kind NAT\n"
	"  lvs_method TUN type gue port 6080 csum\n  protocol tcp\n"
	"  persistence_timeout 300\n  persistence_granularity 255.255.255.0\n"
	"  persistence_engine sip\n  ha_suspend\n  smtp_alert yes\n"
	"  virtualhost www.example.org\n  snmp_name web\n  alpha\n  omega\n"
	"  quorum 2\n  hysteresis 1\n  quorum_up \"/bin/echo up\" nobody\n"
	"  quorum_down /bin/true\n  ip_family inet\n  weight 3\n  retry 2\n"
	"  delay_before_retry 1.5\n  warmup 0\n  connect_timeout 0.5\n"
	"  inhibit_on_failure\n  hashed\n  ops\n  flag-1\n  flag-2\n  flag-3\n"
	"  sh-port\n  sh-fallback\n  mh-port\n  mh-fallback\n"
	"  sorry_server 198.18.0.9 8080\n  sorry_server_inhibit\n"
	"  sorry_server_lvs_method DR\n"
	"  real_server 198.18.1.1 80 {\n"
	"    weight 0\n    lvs_method DR\n    uthreshold 100\n    lthreshold 10\n"
	"    inhibit_on_failure no\n    notify_up /bin/true\n    notify_down /bin/true\n"
	"    alpha yes\n    retry 1\n    delay_before_retry 2\n    warmup 3\n"
	"    connect_timeout 4\n    delay_loop 5\n    smtp_alert off\n"
	"    virtualhost rs.example.org\n    snmp_name rs1\n"
	"    HTTP_GET {\n"
	"      url {\n        path /index.html\n"
	"        digest 640205b7b0fc66c1ea91c463fac6334d\n"
	"        status_code 200-299 400-499 503\n        virtualhost v.example.org\n"
	"        regex \"^ok\"\n        regex_no_match\n        regex_options caseless\n"
	"        regex_stack 1024 65536\n        regex_min_offset 0\n"
	"        regex_max_offset 100\n      }\n"
	"      http_protocol 1.0C\n      fast_recovery\n      enable_sni\n"
	"      virtualhost h.example.org\n      nb_get_retry 3\n"
	"      connect_ip 198.18.1.1\n      connect_port 8080\n      bindto 198.18.0.1\n"
	"      bind_if lo\n      bind_port 40000\n      fwmark 7\n      alpha\n"
	"      connect_timeout 3\n      retry 0\n      delay_before_retry 3\n"
	"      warmup 1\n      delay_loop 10\n      log_all_failures yes\n    }\n"
	"    SSL_GET {\n      url {\n        path /\n      }\n    }\n"
	"    TCP_CHECK {\n      connect_port 80\n    }\n"
	"    SMTP_CHECK {\n      helo_name \"mail.example.org\"\n"
	"      host {\n        connect_ip 198.18.1.2\n        connect_port 25\n"
	"        bindto 198.18.0.1\n      }\n    }\n"
	"    DNS_CHECK {\n      type AAAA\n      name example.org.\n    }\n"
	"    MISC_CHECK {\n      misc_path \"/bin/check arg\"\n      misc_timeout 5\n"
	"      misc_dynamic\n      user nobody nogroup\n    }\n"
	"    UDP_CHECK {\n      payload Ab12f 3 456\n      require_reply 0aXx\n"
	"      min_reply_length 1\n      max_reply_length 512\n    }\n"
	"    PING_CHECK {\n      retry 4\n    }\n"
	"    FILE_CHECK {\n      track_file weight_file\n      weight -10 reverse\n    }\n"
	"    BFD_CHECK {\n      name bfd_peer\n      alpha no\n    }\n"
	"  }\n"
	"}\n"
	"marker\n"
	"virtual_server fwmark 1 {\n  real_server 198.18.1.3 {\n  }\n}\n"
	"virtual_server group VSG_1 {\n  real_server 198.18.1.4 80 {\n  }\n}\n"
	"virtual_server_group VSG_1 {\n  198.18.0.1 80\n  198.18.0.2-10 80\n"
	"  198.18.0.250-198.18.1.10 443\n  198.18.2.0/29 80\n  fd00::2-9 80\n"
	"  fd00::1\n  fwmark 1\n  fwmark 2 inet6\n}\n"
	"SSL {\n  password secret\n  ca /etc/ca.pem\n  certificate /etc/c.pem\n"
	"  key /etc/k.pem\n}\n"
	"marker\n";

/* Line numbers in every_keyword of the top-level blocks. */
static int
line_of(const char *text, const char *start)
{
	const char *at = strstr(text, start);
	int line = 1;

	assert_non_null(at);
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

static void
test_every_keyword_one_warning_each(void **state)
{
	char want[256];
	const char *blocks[] = { "virtual_server 198.18.0.1 80", "virtual_server fwmark 1",
				 "virtual_server group VSG_1", "virtual_server_group VSG_1",
				 "SSL" };

	assert_int_equal(read_conf(every_keyword), 0);
	/* nb_get_retry is deprecated: the one warning that is not a block's */
	assert_int_equal(unit_log.warnings, UNIT_NELEMS(blocks) + 1);
	snprintf(want, sizeof(want), "t.conf:%d: nb_get_retry is deprecated, use retry",
		 line_of(every_keyword, "nb_get_retry"));
	assert_true(unit_logged(want));
	for (size_t i = 0; i < UNIT_NELEMS(blocks); i++) {
		char start[64];

		snprintf(start, sizeof(start), "%s {", blocks[i]);
		snprintf(want, sizeof(want), "t.conf:%d: %s%s", line_of(every_keyword, start),
			 blocks[i], IGNORED);
		assert_true(unit_logged(want));
	}
	assert_int_equal(markers, 2);
}

/* name begins a line of text (after its indentation). */
static bool
begins_a_line(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; *line != '\0'; line = strchr(line, '\n') + 1) {
		line += strspn(line, " ");
		if (strncmp(line, name, len) == 0 && (line[len] == ' ' || line[len] == '\n'))
			return true;
		if (strchr(line, '\n') == NULL)
			break;
	}
	return false;
}

/*
 * Walk every table reachable from checker_top_keywords and require each
 * keyword to begin a line of every_keyword: a keyword added to a table
 * without a test fails here.
 */
static void
check_table_covered(const struct cfg_keyword *kw, int depth)
{
	assert_true(depth < 8);
	for (; kw->name != NULL; kw++) {
		if (kw->sub != NULL)
			check_table_covered(kw->sub, depth + 1);
		if (kw->name != cfg_keywords_from_marker && !begins_a_line(every_keyword, kw->name))
			fail_msg("keyword '%s' is not in every_keyword", kw->name);
	}
}

static void
test_every_keyword_is_tested(void **state)
{
	check_table_covered(checker_top_keywords, 0);
}

static void
test_top_object_untouched(void **state)
{
	unsigned char want[sizeof(top_obj)];

	memset(top_obj, 0xa5, sizeof(top_obj));
	memset(want, 0xa5, sizeof(want));
	assert_int_equal(read_conf(every_keyword), 0);
	assert_memory_equal(top_obj, want, sizeof(want));
	/* no top object at all is fine too: the handlers never look at it */
	unit_log_clear();
	assert_int_equal(cfg_read_string("t.conf", every_keyword, top_keywords, NULL, NULL), 0);
}

static void
test_placeholders_shadowed(void **state)
{
	assert_int_equal(read_conf("virtual_server 198.18.0.1 80 {\n"
				   "  real_server 198.18.1.1 80 {\n  }\n}\n"
				   "virtual_server_group G {\n  fwmark 1\n}\n"
				   "SSL {\n}\n"),
			 0);
	unit_log_expect(3, "t.conf:1: virtual_server 198.18.0.1 80" IGNORED,
			"t.conf:5: virtual_server_group G" IGNORED, "t.conf:8: SSL" IGNORED);
}

/* Blocks cut short by the end of the file are closed (and freed: valgrind). */
static void
test_unterminated_blocks(void **state)
{
	assert_int_equal(read_conf("virtual_server 198.18.0.1 80 {\n"
				   "  real_server 198.18.1.1 80 {\n"
				   "    HTTP_GET {\n      url {\n        path /\n"),
			 4);
	assert_true(unit_logged("t.conf:4: block 'url' is not closed at the end of the file"));
	assert_true(unit_logged("t.conf:1: block 'virtual_server' is not closed at the end of "
				"the file"));
	assert_int_equal(unit_log.warnings, 1);
}

/* Mistakes ---------------------------------------------------------------- */

/* A virtual server keepalived takes, with the row's lines from line 7 on. */
#define VS(lines)                                                                  \
	"virtual_server 198.18.0.1 80 {\nprotocol TCP\nlb_algo rr\nlb_kind NAT\n" \
	"real_server 198.18.1.1 80 {\n}\n" lines "\n}\n"
/* A whole persistent virtual server from its header and its real server's. */
#define HDR(vs, rs)                                                                    \
	"virtual_server " vs " {\nprotocol TCP\nlb_algo rr\nlb_kind NAT\n"              \
	"persistence_timeout 30\nreal_server " rs " {\n}\n}\n"
/* The row's lines in a real_server, from line 6. */
#define RS(lines)                                                                  \
	"virtual_server 198.18.0.1 80 {\nprotocol TCP\nlb_algo rr\nlb_kind NAT\n" \
	"real_server 198.18.1.1 80 {\n" lines "\n}\n}\n"
/* The row's lines in a checker, from line 7. */
#define CK(type, lines) RS(type " {\n" lines "\n}")
/* The row's lines in a url that has a path, from line 9. */
#define URL(lines) CK("HTTP_GET", "url {\npath /\n" lines "\n}")
/* The row's lines in a group that has an entry, from line 3. */
#define VSG(lines) "virtual_server_group G {\n198.18.0.1 80\n" lines "\n}\n"

struct conf_case {
	const char *name;
	const char *text;
	int errors;	  /* cfg_read_string()'s count */
	int warnings;	  /* the block's one, and any the mistake gives */
	const char *want; /* a line that must be logged, or NULL */
};

static void
run_case(void **state)
{
	const struct conf_case *c = *state;

	assert_int_equal(read_conf(c->text), c->errors);
	assert_int_equal(unit_log.errors, c->errors);
	assert_int_equal(unit_log.warnings, c->warnings);
	if (c->want != NULL)
		assert_true(unit_logged(c->want));
}

/* Values keepalived refuses: one error each, and the block's one warning. */
static const struct conf_case bad_values[] = {
	{ "vs_delay_loop_word", VS("delay_loop abc"), 1, 1,
	  "t.conf:7: delay_loop: 'abc' is not a number" },
	{ "vs_delay_loop_0", VS("delay_loop 0"), 1, 1,
	  "t.conf:7: delay_loop: '0' is out of range 0.000001..18446744073709.551614" },
	{ "vs_delay_loop_negative", VS("delay_loop -1"), 1, 1, NULL },
	{ "vs_delay_loop_missing", VS("delay_loop"), 1, 1,
	  "t.conf:7: delay_loop: missing argument (expected at least 1, got 0)" },
	{ "vs_delay_loop_7_decimals", VS("delay_loop 1.1234567"), 1, 1,
	  "t.conf:7: delay_loop: '1.1234567' has more than 6 decimal places" },
	{ "vs_delay_loop_exponent", VS("delay_loop 1e3"), 1, 1, NULL },
	{ "vs_connect_timeout_0", VS("connect_timeout 0"), 1, 1, NULL },
	{ "vs_retry_0", VS("retry 0"), 1, 1, "t.conf:7: retry: '0' is out of range 1..4294967295" },
	{ "vs_lb_algo_unknown", VS("lb_algo bogus"), 1, 1,
	  "t.conf:7: lb_algo: 'bogus' is not an IPVS scheduler (rr, wrr, lc, wlc, lblc, sh, mh, "
	  "dh, fo, ovf, lblcr, sed, nq, twos)" },
	{ "vs_lb_algo_missing", VS("lb_algo"), 1, 1, NULL },
	{ "vs_lb_kind_unknown", VS("lb_kind BOGUS"), 1, 1,
	  "t.conf:7: lb_kind: 'BOGUS' is not NAT, DR or TUN" },
	{ "vs_lb_kind_lowercase", VS("lb_kind nat"), 1, 1, NULL },
	{ "vs_lb_kind_gue_no_port", VS("lb_kind TUN type gue"), 1, 1,
	  "t.conf:7: lb_kind: a gue tunnel needs a port, and only a gue tunnel takes one" },
	{ "vs_lb_kind_bad_option", VS("lb_kind TUN foo"), 1, 1,
	  "t.conf:7: lb_kind: 'foo' is not a tunnel option" },
	{ "vs_lb_kind_ipip_csum", VS("lb_kind TUN type ipip csum"), 1, 1,
	  "t.conf:7: lb_kind: ipip tunnels do not take csum" },
	{ "vs_persistence_timeout_0", VS("persistence_timeout 0"), 1, 1, NULL },
	{ "vs_persistence_timeout_big", VS("persistence_timeout 99999999"), 1, 1,
	  "t.conf:7: persistence_timeout: '99999999' is out of range 1..2678400" },
	{ "vs_granularity_word", VS("persistence_granularity abc"), 1, 1, NULL },
	{ "vs_protocol_unknown", VS("protocol XYZ"), 1, 1,
	  "t.conf:7: protocol: 'XYZ' is not TCP, UDP or SCTP" },
	{ "vs_smtp_alert_word", VS("smtp_alert maybe"), 1, 1, NULL },
	{ "vs_quorum_0", VS("quorum 0"), 1, 1, NULL },
	{ "vs_quorum_hex", VS("quorum 0x3"), 1, 1, NULL },
	{ "vs_hysteresis_negative", VS("hysteresis -1"), 1, 1, NULL },
	{ "vs_weight_0", VS("weight 0"), 1, 1, NULL },
	{ "vs_ip_family_unknown", VS("ip_family inet7"), 1, 1,
	  "t.conf:7: ip_family: 'inet7' is not inet or inet6" },
	{ "vs_sorry_server_bad_address", VS("sorry_server 10.0.0.300 80"), 1, 1,
	  "t.conf:7: sorry_server: '10.0.0.300' is not an IPv4 or IPv6 address" },
	{ "vs_sorry_server_bad_port", VS("sorry_server 198.18.0.9 abc"), 1, 1,
	  "t.conf:7: sorry_server port: 'abc' is not a number" },
	{ "vs_sorry_server_missing", VS("sorry_server"), 1, 1, NULL },
	{ "vs_quorum_up_missing", VS("quorum_up"), 1, 1, NULL },
	{ "vs_virtualhost_missing", VS("virtualhost"), 1, 1, NULL },
	{ "vs_snmp_name_two_words", VS("snmp_name a b"), 1, 1, NULL },
	{ "rs_weight_negative", RS("weight -1"), 1, 1, NULL },
	{ "rs_weight_too_big", RS("weight 2147483648"), 1, 1,
	  "t.conf:6: weight: '2147483648' is out of range 0..2147483647" },
	{ "rs_weight_decimal", RS("weight 1.0"), 1, 1, NULL },
	{ "rs_uthreshold_negative", RS("uthreshold -1"), 1, 1, NULL },
	{ "rs_lthreshold_word", RS("lthreshold x"), 1, 1, NULL },
	{ "rs_inhibit_word", RS("inhibit_on_failure maybe"), 1, 1, NULL },
	{ "rs_alpha_word", RS("alpha maybe"), 1, 1, NULL },
	{ "rs_notify_up_missing", RS("notify_up"), 1, 1, NULL },
	{ "rs_lvs_method_unknown", RS("lvs_method FOO"), 1, 1, NULL },
	{ "rs_retry_0", RS("retry 0"), 1, 1, NULL },
	{ "rs_delay_loop_0", RS("delay_loop 0"), 1, 1, NULL },
	{ "rs_virtualhost_missing", RS("virtualhost"), 1, 1, NULL },
	{ "tcp_connect_ip_bad", CK("TCP_CHECK", "connect_ip 10.0.0.300"), 1, 1,
	  "t.conf:7: connect_ip: '10.0.0.300' is not an IPv4 or IPv6 address" },
	{ "tcp_connect_ip_missing", CK("TCP_CHECK", "connect_ip"), 1, 1, NULL },
	{ "tcp_connect_port_0", CK("TCP_CHECK", "connect_port 0"), 1, 1, NULL },
	{ "tcp_connect_port_big", CK("TCP_CHECK", "connect_port 70000"), 1, 1,
	  "t.conf:7: connect_port: '70000' is out of range 1..65535" },
	{ "tcp_bindto_word", CK("TCP_CHECK", "bindto bad"), 1, 1, NULL },
	{ "tcp_bind_port_0", CK("TCP_CHECK", "bind_port 0"), 1, 1, NULL },
	{ "tcp_fwmark_word", CK("TCP_CHECK", "fwmark x"), 1, 1, NULL },
	{ "tcp_alpha_word", CK("TCP_CHECK", "alpha maybe"), 1, 1, NULL },
	{ "tcp_retry_word", CK("TCP_CHECK", "retry x"), 1, 1, NULL },
	{ "tcp_connect_timeout_0", CK("TCP_CHECK", "connect_timeout 0"), 1, 1, NULL },
	{ "tcp_log_all_failures_word", CK("TCP_CHECK", "log_all_failures x"), 1, 1, NULL },
	{ "tcp_bind_if_long", CK("TCP_CHECK", "bind_if aaaaaaaaaaaaaaaaaaaaaaaaa"), 1, 1,
	  "t.conf:7: bind_if: 'aaaaaaaaaaaaaaaaaaaaaaaaa' is longer than 15 characters" },
	{ "http_protocol_2", URL("\n}\nhttp_protocol 2.0\nurl {\npath /"), 1, 1,
	  "t.conf:11: http_protocol: '2.0' is not 1.0, 1.0C or 1.1" },
	{ "http_fast_recovery_word", URL("\n}\nfast_recovery x\nurl {\npath /"), 1, 1, NULL },
	{ "url_digest_short", URL("digest xyz"), 1, 1,
	  "t.conf:9: digest: 'xyz' is not an MD5 sum (32 hexadecimal digits)" },
	{ "url_digest_not_hex", URL("digest zz0205b7b0fc66c1ea91c463fac6334d"), 1, 1, NULL },
	{ "url_digest_long", URL("digest 640205b7b0fc66c1ea91c463fac6334d11"), 1, 1, NULL },
	{ "url_status_99", URL("status_code 99"), 1, 1,
	  "t.conf:9: status_code: '99' is not a code or range of codes in 100-599" },
	{ "url_status_600", URL("status_code 200 600"), 1, 1, NULL },
	{ "url_status_word", URL("status_code abc"), 1, 1, NULL },
	{ "url_status_backwards", URL("status_code 200-100"), 1, 1, NULL },
	{ "url_status_open_range", URL("status_code 200-"), 1, 1, NULL },
	{ "url_path_missing", URL("path"), 1, 1, NULL },
	{ "url_virtualhost_missing", URL("virtualhost"), 1, 1, NULL },
	{ "smtp_helo_name_missing", CK("SMTP_CHECK", "helo_name"), 1, 1, NULL },
	{ "smtp_host_connect_ip_bad", CK("SMTP_CHECK", "host {\nconnect_ip bad\n}"), 1, 1,
	  "t.conf:8: connect_ip: 'bad' is not an IPv4 or IPv6 address" },
	{ "dns_type_unknown", CK("DNS_CHECK", "type XX"), 1, 1,
	  "t.conf:7: type: 'XX' is not a DNS query type (A, NS, CNAME, SOA, MX, TXT, AAAA, "
	  "RRSIG, DNSKEY)" },
	{ "dns_type_missing", CK("DNS_CHECK", "type"), 1, 1, NULL },
	{ "dns_name_empty_label", CK("DNS_CHECK", "name a..b"), 1, 1,
	  "t.conf:7: name: 'a..b' has an empty label" },
	{ "dns_name_missing", CK("DNS_CHECK", "name"), 1, 1, NULL },
	{ "udp_payload_not_hex", CK("UDP_CHECK", "payload zz"), 1, 1,
	  "t.conf:7: payload: 'zz' is not hexadecimal" },
	{ "udp_payload_missing", CK("UDP_CHECK", "payload"), 1, 1, NULL },
	{ "udp_require_reply_not_hex", CK("UDP_CHECK", "require_reply zz"), 1, 1, NULL },
	{ "udp_max_reply_word", CK("UDP_CHECK", "max_reply_length x"), 1, 1, NULL },
	{ "misc_timeout_negative", CK("MISC_CHECK", "misc_path /bin/true\nmisc_timeout -1"), 1,
	  1, NULL },
	{ "file_weight_word", CK("FILE_CHECK", "track_file tf\nweight abc"), 1, 1, NULL },
	{ "file_weight_option", CK("FILE_CHECK", "track_file tf\nweight 2 xx"), 1, 1,
	  "t.conf:8: weight: 'xx' is not reverse or noreverse" },
	{ "bfd_name_two_words", CK("BFD_CHECK", "name a b"), 1, 2,
	  "t.conf:7: name: unexpected argument 'b' (expected at most 1)" },
	{ "vs_address_bad", "virtual_server 10.0.0.300 80 {\nreal_server 198.18.1.1 80 {\n}\n}\n",
	  1, 1, "t.conf:1: virtual_server: '10.0.0.300' is not an IPv4 or IPv6 address" },
	{ "vs_address_name", "virtual_server foo.example 80 {\nreal_server 198.18.1.1 80 {\n}\n}\n",
	  1, 1, NULL },
	{ "vs_address_short", "virtual_server 1.2.3 80 {\nreal_server 198.18.1.1 80 {\n}\n}\n", 1,
	  1, NULL },
	{ "vs_port_word", "virtual_server 198.18.0.1 abc {\nreal_server 198.18.1.1 80 {\n}\n}\n", 1,
	  1, "t.conf:1: virtual_server port: 'abc' is not a number" },
	{ "vs_port_big", "virtual_server 198.18.0.1 65536 {\nreal_server 198.18.1.1 80 {\n}\n}\n",
	  1, 1, NULL },
	{ "vs_fwmark_word", "virtual_server fwmark abc {\nreal_server 198.18.1.1 80 {\n}\n}\n", 1,
	  1, "t.conf:1: virtual_server fwmark: 'abc' is not a number" },
	{ "vs_no_address", "virtual_server {\nreal_server 198.18.1.1 80 {\n}\n}\n", 1, 1,
	  "t.conf:1: virtual_server: missing address" },
	{ "rs_address_bad", RS("\n}\nreal_server 10.0.0.300 80 {"), 1, 1,
	  "t.conf:8: real_server: '10.0.0.300' is not an IPv4 or IPv6 address" },
	{ "rs_port_word", RS("\n}\nreal_server 198.18.1.2 abc {"), 1, 1, NULL },
	{ "rs_no_address", RS("\n}\nreal_server {"), 1, 1,
	  "t.conf:8: real_server: missing address" },
	{ "vsg_fwmark_word", VSG("fwmark x"), 1, 1, NULL },
	{ "vsg_fwmark_missing", VSG("fwmark"), 1, 1, NULL },
	{ "vsg_fwmark_family", VSG("fwmark 1 foo"), 1, 1,
	  "t.conf:3: fwmark: family 'foo' is not inet or inet6" },
	{ "vsg_address_bad", VSG("10.0.0.300 80"), 1, 1,
	  "t.conf:3: virtual_server_group: '10.0.0.300' is not an address, a range or a prefix" },
	{ "vsg_word", VSG("bogus"), 1, 1, NULL },
	{ "vsg_port_word", VSG("198.18.0.1 abc"), 1, 1, NULL },
	{ "vsg_port_big", VSG("198.18.0.1 70000"), 1, 1, NULL },
	{ "vsg_range_backwards", VSG("198.18.0.10-5 80"), 1, 1,
	  "t.conf:3: virtual_server_group: '198.18.0.10-5': the range does not end above its "
	  "start" },
	{ "vsg_range_end_big", VSG("198.18.0.1-300 80"), 1, 1,
	  "t.conf:3: virtual_server_group: '198.18.0.1-300': the range end '300' is not an "
	  "address or a last byte (0-255)" },
	{ "vsg_prefix_33", VSG("198.18.0.1/33 80"), 1, 1, NULL },
	{ "vsg_no_name", "virtual_server_group {\n198.18.0.1 80\n}\n", 1, 1,
	  "t.conf:1: virtual_server_group: takes one name, got 0 words" },
	{ "vsg_two_names", "virtual_server_group G H {\n198.18.0.1 80\n}\n", 1, 1, NULL },
	{ "ssl_password_missing", "SSL {\npassword\n}\n", 1, 1, NULL },
};

/* Values keepalived takes, however odd: the block's one warning only. */
static const struct conf_case good_values[] = {
	{ "vs_plus_sign", VS("delay_loop +5\nquorum +1"), 0, 1, NULL },
	{ "vs_timer_fractions", VS("delay_loop .5\ndelay_before_retry 5."), 0, 1, NULL },
	{ "vs_timer_extra_words", VS("delay_loop 1 2"), 0, 1, NULL },
	{ "vs_persistence_timeout_alone", VS("persistence_timeout"), 0, 1, NULL },
	{ "vs_granularity_prefix", VS("persistence_granularity 24"), 0, 1, NULL },
	{ "vs_gue_tunnel", VS("lb_kind TUN type gue port 5"), 0, 1, NULL },
	{ "vs_gre_csum", VS("lb_kind TUN type gre csum"), 0, 1, NULL },
	{ "vs_protocol_any_case", VS("protocol sctp"), 0, 1, NULL },
	{ "vs_weight_big", VS("weight 70000"), 0, 1, NULL },
	{ "vs_flags_with_words", VS("ha_suspend x\nalpha yes\nomega 1"), 0, 1, NULL },
	{ "vs_virtualhost_words", VS("virtualhost a b"), 0, 1, NULL },
	{ "vs_port_0", HDR("198.18.0.1 0", "198.18.1.1 80"), 0, 1, NULL },
	{ "vs_no_port", HDR("198.18.0.1", "198.18.1.1"), 0, 1, NULL },
	{ "vs_address_slash", HDR("198.18.0.1/24 80", "198.18.1.1 80"), 0, 1, NULL },
	{ "vs_ipv6", HDR("fd00::1 80", "fd00::2 80"), 0, 1, NULL },
	{ "vs_fwmark_0", HDR("fwmark 0", "198.18.1.1 80"), 0, 1, NULL },
	{ "vs_extra_words", HDR("198.18.0.1 80 x", "198.18.1.1 80 y"), 0, 1, NULL },
	{ "rs_weight_max", RS("weight 2147483647"), 0, 1, NULL },
	{ "url_status_code_alone", URL("status_code"), 0, 1, NULL },
	{ "url_path_words", URL("path a b"), 0, 1, NULL },
	{ "url_regex_anything", URL("regex (\nregex_stack a b\nregex_min_offset x"), 0, 1, NULL },
	{ "tcp_retry_0", CK("TCP_CHECK", "retry 0"), 0, 1, NULL },
	{ "tcp_ipv6_connect", CK("TCP_CHECK", "connect_ip fd00::1\nbindto fd00::3/64"), 0, 1,
	  NULL },
	{ "smtp_empty_host", CK("SMTP_CHECK", "host {\n}\nhelo_name a b"), 0, 1, NULL },
	{ "dns_root_and_case", CK("DNS_CHECK", "type aaaa\nname ."), 0, 1, NULL },
	{ "udp_reply_alone", CK("UDP_CHECK", "require_reply"), 0, 1, NULL },
	{ "misc_path_words", CK("MISC_CHECK", "misc_path a b\nmisc_timeout 0"), 0, 1, NULL },
	{ "file_weight_noreverse", CK("FILE_CHECK", "track_file tf\nweight 2 noreverse"), 0, 1,
	  NULL },
	{ "vsg_ipv6_range", VSG("fd00::2-9 80"), 0, 1, NULL },
	{ "vsg_port_0_and_extra", VSG("198.18.0.1 0\n198.18.0.2 80 extra"), 0, 1, NULL },
	{ "vsg_fwmark_inet6", VSG("fwmark 1 inet6"), 0, 1, NULL },
};

/*
 * Blocks keepalived drops as incomplete, keywords it does not know there,
 * and options it ignores: warnings, no errors.
 */
static const struct conf_case incomplete[] = {
	{ "vs_no_real_server", "virtual_server 198.18.0.1 80 {\nprotocol TCP\n}\n", 0, 2,
	  "t.conf:3: virtual_server 198.18.0.1 80 has no real_server, keepalived would ignore it" },
	{ "vsg_no_entries", "virtual_server_group G {\n}\n", 0, 2,
	  "t.conf:2: virtual_server_group G has no entries, keepalived would ignore it" },
	{ "http_no_url", CK("HTTP_GET", "connect_timeout 3"), 0, 2,
	  "t.conf:8: HTTP_GET has no url, keepalived would ignore it" },
	{ "url_no_path", CK("SSL_GET", "url {\ndigest 640205b7b0fc66c1ea91c463fac6334d\n}"), 0, 2,
	  "t.conf:9: url has no path, keepalived would ignore it" },
	{ "misc_no_path", CK("MISC_CHECK", "misc_timeout 3"), 0, 2,
	  "t.conf:8: MISC_CHECK has no misc_path, keepalived would ignore it" },
	{ "file_no_track_file", CK("FILE_CHECK", "weight 1"), 0, 2,
	  "t.conf:8: FILE_CHECK has no track_file, keepalived would ignore it" },
	{ "bfd_no_name", CK("BFD_CHECK", "alpha"), 0, 2,
	  "t.conf:8: BFD_CHECK has no name, keepalived would ignore it" },
	{ "udp_min_above_max", CK("UDP_CHECK", "min_reply_length 10\nmax_reply_length 5"), 0, 2,
	  "t.conf:9: UDP_CHECK: min_reply_length 10 is above max_reply_length 5, no reply could "
	  "pass" },
	{ "udp_min_above_default_max", CK("UDP_CHECK", "min_reply_length 300"), 0, 2, NULL },
	{ "sorry_inhibit_first", VS("sorry_server_inhibit\nsorry_server 198.18.0.9 80"), 0, 2,
	  "t.conf:7: sorry_server_inhibit: no sorry_server before it, ignored" },
	{ "sorry_method_alone", VS("sorry_server_lvs_method DR"), 0, 2, NULL },
	{ "nb_get_retry_in_tcp", CK("TCP_CHECK", "nb_get_retry 3"), 0, 2,
	  "t.conf:7: unknown keyword 'nb_get_retry'" },
	{ "ip_family_in_rs", RS("ip_family inet"), 0, 2, "t.conf:6: unknown keyword 'ip_family'" },
	{ "protocol_in_rs", RS("protocol TCP"), 0, 2, NULL },
	{ "connect_ip_in_misc", CK("MISC_CHECK", "misc_path /bin/true\nconnect_ip 198.18.1.1"), 0,
	  2, "t.conf:8: unknown keyword 'connect_ip'" },
	{ "retry_in_file", CK("FILE_CHECK", "track_file tf\nretry 2"), 0, 2, NULL },
	{ "dynamic_in_file", CK("FILE_CHECK", "track_file tf\ndynamic"), 0, 2, NULL },
	{ "weight_in_http", URL("\n}\nweight 1\nurl {\npath /"), 0, 2, NULL },
	{ "unknown_in_url", URL("bogus"), 0, 2, "t.conf:9: unknown keyword 'bogus'" },
	{ "unknown_in_host", CK("SMTP_CHECK", "host {\nbogus 1\n}"), 0, 2, NULL },
	{ "unknown_in_vs_block", VS("bogus {\nreal_server x\n}"), 0, 2,
	  "t.conf:7: unknown keyword 'bogus'" },
	{ "unknown_in_ssl", "SSL {\nbogus 1\n}\n", 0, 2, NULL },
};

/* Misuse of blocks, reported by the reader. */
static const struct conf_case misuse[] = {
	{ "vs_without_block", "virtual_server 198.18.0.1 80\nmarker\n", 1, 0,
	  "t.conf:1: 'virtual_server' needs a block: '{' missing" },
	{ "checker_without_block", RS("TCP_CHECK"), 1, 1, NULL },
	{ "vsg_entry_with_block", VSG("198.18.0.3 80 {\n}"), 1, 1,
	  "t.conf:3: '198.18.0.3' does not take a block" },
};

#define FIXED_TESTS 5

int
main(void)
{
	struct CMUnitTest tests[FIXED_TESTS + UNIT_NELEMS(bad_values) + UNIT_NELEMS(good_values) +
				UNIT_NELEMS(incomplete) + UNIT_NELEMS(misuse)];
	const struct CMUnitTest fixed[FIXED_TESTS] = {
		cmocka_unit_test(test_every_keyword_one_warning_each),
		cmocka_unit_test(test_every_keyword_is_tested),
		cmocka_unit_test(test_top_object_untouched),
		cmocka_unit_test(test_placeholders_shadowed),
		cmocka_unit_test(test_unterminated_blocks),
	};
	size_t n = 0;

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, run_case, bad_values);
	unit_add_rows(tests, &n, run_case, good_values);
	unit_add_rows(tests, &n, run_case, incomplete);
	unit_add_rows(tests, &n, run_case, misuse);
	assert_int_equal(n, UNIT_NELEMS(tests));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
