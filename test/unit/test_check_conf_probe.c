/*
 * Tests for the checker blocks of a real_server (check_conf_probe.c): each
 * kind's keywords into struct check_probe_conf, keepalived's per-kind
 * defaults, the blocks keepalived drops (warned, not kept), bad values
 * (errors naming the line), and the SSL block.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "keepalived/check/run/check_probe.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "test/unit/unit_helpers.h"

/* A stand-in for lvs-core's real server: the list first, as check_probe.h asks. */
struct fake_rs {
	struct check_probe_list probes;
	int other;
};

static void *
open_rs(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)r;
	(void)argc;
	(void)argv;
	return parent;
}

/* clang-format off */
static const struct cfg_keyword rs_keywords[] = {
	CFG_KEYWORDS_FROM(check_conf_probe_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "real_server", NULL, open_rs, rs_keywords, NULL, NULL },
	{ "SSL", NULL, NULL, check_conf_ssl_keywords, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct fake_rs rs;

/* Some captured line contains part (the lines carry file:line prefixes). */
static bool
logged_part(const char *part)
{
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		if (strstr(unit_log.line[i], part) != NULL)
			return true;
	for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
		print_message("logged: %s\n", unit_log.line[i]);
	return false;
}

/* Read "real_server 198.18.1.10 80 { TEXT }"; returns the error count. */
static int
read_rs(const char *text)
{
	char buf[4096];

	check_probe_list_free(&rs.probes);
	snprintf(buf, sizeof(buf), "real_server 198.18.1.10 80 {\n%s\n}\n", text);
	unit_log_start();
	return cfg_read_string("t.conf", buf, top_keywords, &rs, NULL);
}

static void
teardown_rs(void)
{
	unit_log_stop();
	check_probe_list_free(&rs.probes);
}

static void
test_tcp_common(void **state)
{
	const struct check_probe_conf *c;
	char text[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(read_rs("TCP_CHECK {\n connect_ip 198.18.2.1\n connect_port 8080\n"
				 " bindto 198.18.0.1\n bind_port 4000\n bind_if eth0\n fwmark 7\n"
				 " connect_timeout 2.5\n retry 4\n delay_before_retry 0.5\n"
				 " delay_loop 3\n warmup 1\n alpha\n log_all_failures no\n}"),
			 0);
	assert_int_equal(rs.probes.count, 1);
	c = rs.probes.head;
	assert_int_equal(c->kind, CHECK_TCP);
	assert_int_equal(c->connect_ip.family, AF_INET);
	inet_ntop(AF_INET, &c->connect_ip.u.v4, text, sizeof(text));
	assert_string_equal(text, "198.18.2.1");
	assert_int_equal(c->connect_port, 8080);
	assert_int_equal(c->bindto.family, AF_INET);
	assert_int_equal(c->bind_port, 4000);
	assert_string_equal(c->bind_if, "eth0");
	assert_int_equal(c->fwmark, 7);
	assert_int_equal(c->connect_timeout_us, 2500000);
	assert_int_equal(c->retry, 4);
	assert_int_equal(c->delay_before_retry_us, 500000);
	assert_int_equal(c->delay_loop_us, 3000000);
	assert_int_equal(c->warmup_us, 1000000);
	assert_true(c->alpha);
	assert_true(c->log_all_failures_given);
	assert_false(c->log_all_failures);
	assert_int_equal(c->line, 2);
	teardown_rs();
}

/* keepalived's defaults: retry 1 (MISC 0, DNS 3), delay_before_retry 1 s (HTTP 3 s,
        DNS delay_loop). */
static void
test_defaults(void **state)
{
	const struct check_probe_conf *c;

	(void)state;
	assert_int_equal(read_rs("TCP_CHECK {\n}\nHTTP_GET {\n url {\n  path /\n }\n}\n"
				 "DNS_CHECK {\n}\nMISC_CHECK {\n misc_path /bin/true\n}\n"
				 "UDP_CHECK {\n}\nPING_CHECK {\n}\nSMTP_CHECK {\n}"),
			 0);
	assert_int_equal(rs.probes.count, 7);
	c = rs.probes.head;
	assert_int_equal(c->retry, 1);
	assert_int_equal(c->delay_before_retry_us, 1000000);
	assert_false(c->retry_given);
	c = c->next;
	assert_int_equal(c->kind, CHECK_HTTP);
	assert_int_equal(c->delay_before_retry_us, 3000000);
	assert_int_equal(c->u.http.protocol, CHECK_HTTP_1_0);
	c = c->next;
	assert_int_equal(c->kind, CHECK_DNS);
	assert_int_equal(c->retry, 3);
	assert_int_equal(c->delay_before_retry_us, 0);
	assert_int_equal(c->u.dns.qtype, 6);
	assert_string_equal(c->u.dns.name, "");
	c = c->next;
	assert_int_equal(c->kind, CHECK_MISC);
	assert_int_equal(c->retry, 0);
	c = c->next;
	assert_int_equal(c->kind, CHECK_UDP);
	assert_int_equal(c->u.udp.max_reply_length, 255);
	assert_false(c->u.udp.payload_given);
	assert_int_equal(c->next->kind, CHECK_PING);
	assert_int_equal(c->next->next->kind, CHECK_SMTP);
	teardown_rs();
}

static void
test_http(void **state)
{
	const struct check_probe_conf *c;
	const struct check_http_url *u;

	(void)state;
	assert_int_equal(
		read_rs("SSL_GET {\n http_protocol 1.0C\n enable_sni\n virtualhost www.a\n"
			" url {\n  path /health\n  digest 9B3A0C85A887A256D6939DA88AABD8CD\n"
			"  status_code 200 400-499\n  status_code 503\n  virtualhost u.a\n }\n"
			" url {\n  path /two\n }\n nb_get_retry 2\n}"),
		0);
	assert_int_equal(rs.probes.count, 1);
	c = rs.probes.head;
	assert_int_equal(c->kind, CHECK_SSL);
	assert_int_equal(c->u.http.protocol, CHECK_HTTP_1_0C);
	assert_true(c->u.http.enable_sni);
	assert_string_equal(c->u.http.virtualhost, "www.a");
	assert_int_equal(c->u.http.n_urls, 2);
	u = &c->u.http.urls[0];
	assert_string_equal(u->path, "/health");
	assert_true(u->have_digest);
	assert_int_equal(u->digest[0], 0x9b);
	assert_int_equal(u->status.n, 3);
	assert_int_equal(u->status.r[1][0], 400);
	assert_int_equal(u->status.r[1][1], 499);
	assert_int_equal(u->status.r[2][0], 503);
	assert_string_equal(u->virtualhost, "u.a");
	assert_int_equal(c->u.http.urls[1].status.n, 0);
	assert_int_equal(c->retry, 2);
	assert_true(logged_part("nb_get_retry is deprecated"));
	teardown_rs();
}

/* What keepalived drops is warned about and not kept; the rest is. */
static void
test_dropped_blocks(void **state)
{
	(void)state;
	assert_int_equal(
		read_rs("HTTP_GET {\n}\nHTTP_GET {\n url {\n  digest "
			"9b3a0c85a887a256d6939da88aabd8cd\n }\n}\nMISC_CHECK {\n user nobody\n}\n"
			"FILE_CHECK {\n weight 2\n}\nBFD_CHECK {\n}\nTCP_CHECK {\n connect_ip "
			"fd00::1\n bindto 198.18.0.1\n}\nTCP_CHECK {\n}"),
		0);
	assert_int_equal(rs.probes.count, 1);
	assert_int_equal(rs.probes.head->kind, CHECK_TCP);
	assert_true(logged_part("HTTP/SSL_GET checker has no urls specified - ignoring"));
	assert_true(logged_part("HTTP/SSL_GET checker url has no path - ignoring"));
	assert_true(logged_part("No script path has been specified for MISC_CHECKER - skipping"));
	assert_true(logged_part("FILE_CHECK has no track_file specified - ignoring"));
	assert_true(logged_part("No name has been specified for BFD_CHECKER - skipping"));
	assert_true(logged_part("bindto address 198.18.0.1 does not match address family "
				"of connect_ip - skipping"));
	assert_true(logged_part("t.conf:"));
	teardown_rs();
}

struct bad_row {
	const char *name;
	const char *text;
	const char *want; /* in the error line */
};

/* clang-format off */
static const struct bad_row bad_rows[] = {
	{ "connect_ip", "TCP_CHECK {\n connect_ip 1.2.3\n}", "not an IPv4 or IPv6 address" },
	{ "connect_port 0", "TCP_CHECK {\n connect_port 0\n}", "connect_port" },
	{ "connect_timeout 0", "TCP_CHECK {\n connect_timeout 0\n}", "connect_timeout" },
	{ "connect_timeout 4295", "TCP_CHECK {\n connect_timeout 4295\n}", "connect_timeout" },
	{ "bind_if long", "TCP_CHECK {\n bind_if abcdefghijklmnopq\n}", "bind_if" },
	{ "http_protocol", "HTTP_GET {\n http_protocol 2\n url {\n path /\n }\n}",
	  "http_protocol" },
	{ "digest", "HTTP_GET {\n url {\n  path /\n  digest 123\n }\n}", "not an MD5 sum" },
	{ "status_code", "HTTP_GET {\n url {\n  path /\n  status_code 200-99\n }\n}",
	  "status_code" },
	{ "dns type", "DNS_CHECK {\n type PTR\n}", "not a DNS query type" },
	{ "dns name", "DNS_CHECK {\n name a..b\n}", "empty label" },
	{ "payload", "UDP_CHECK {\n payload 12zz\n}", "payload" },
	{ "require_reply", "UDP_CHECK {\n require_reply 1g\n}", "require_reply" },
	{ "file weight", "FILE_CHECK {\n track_file f\n weight 2 sideways\n}", "reverse" },
	{ "misc_path quote", "MISC_CHECK {\n misc_path \"/bin/x 'a\"\n}", "misc_path" },
};
/* clang-format on */

static void
test_bad_row(void **state)
{
	const struct bad_row *row = *state;

	assert_true(read_rs(row->text) > 0);
	assert_true(logged_part(row->want));
	assert_true(logged_part("t.conf:"));
	teardown_rs();
}

static void
test_udp_hex(void **state)
{
	const struct check_udp_conf *u;
	static const uint8_t payload[] = { 0xab, 0x12, 0x0f, 0x03, 0x45, 0x06 };

	(void)state;
	assert_int_equal(read_rs("UDP_CHECK {\n payload Ab12f 3 456\n require_reply 1X x2\n"
				 " min_reply_length 2\n max_reply_length 100\n}"),
			 0);
	u = &rs.probes.head->u.udp;
	assert_true(u->payload_given);
	assert_int_equal(u->payload_len, sizeof(payload));
	assert_memory_equal(u->payload, payload, sizeof(payload));
	assert_true(u->require_reply);
	assert_int_equal(u->reply_len, 2);
	assert_int_equal(u->reply[0], 0x10);
	assert_int_equal(u->reply_mask[0], 0x0f);
	assert_int_equal(u->reply[1], 0x02);
	assert_int_equal(u->reply_mask[1], 0xf0);
	assert_int_equal(u->min_reply_length, 2);
	assert_int_equal(u->max_reply_length, 100);
	teardown_rs();
}

static void
test_misc_file_dns_smtp(void **state)
{
	const struct check_probe_conf *c;

	(void)state;
	assert_int_equal(
		read_rs("MISC_CHECK {\n user nobody nogroup\n misc_path \"/bin/chk -x 'a b'\"\n"
			" misc_timeout 7\n misc_dynamic\n}\nFILE_CHECK {\n track_file tf\n"
			" weight -3 reverse\n dynamic\n}\nDNS_CHECK {\n type aaaa\n name "
			"example.org\n}\nSMTP_CHECK {\n helo_name me.example\n host {\n  "
			"connect_port 2525\n }\n}"),
		0);
	c = rs.probes.head;
	assert_int_equal(c->kind, CHECK_MISC);
	assert_int_equal(c->u.misc.cmd->argc, 3);
	assert_string_equal(c->u.misc.cmd->argv[0], "/bin/chk");
	assert_string_equal(c->u.misc.cmd->argv[2], "a b");
	assert_string_equal(c->u.misc.cmd->user, "nobody");
	assert_string_equal(c->u.misc.cmd->group, "nogroup");
	assert_int_equal(c->u.misc.timeout_us, 7000000);
	assert_true(c->u.misc.dynamic);
	c = c->next;
	assert_int_equal(c->kind, CHECK_FILE);
	assert_string_equal(c->u.file.name, "tf");
	assert_int_equal(c->u.file.weight, -3);
	assert_true(c->u.file.weight_given);
	assert_true(c->u.file.reverse);
	assert_true(c->u.file.dynamic);
	c = c->next;
	assert_int_equal(c->u.dns.qtype, 28);
	assert_string_equal(c->u.dns.name, "example.org");
	c = c->next;
	assert_string_equal(c->u.smtp.helo_name, "me.example");
	assert_int_equal(c->connect_port, 2525);
	assert_true(logged_part("The SMTP_CHECK host block is deprecated"));
	teardown_rs();
}

static void
test_ssl_block(void **state)
{
	struct check_ssl_conf ssl;
	/* clang-format off */
	static const struct cfg_keyword top[] = {
		{ "SSL", NULL, NULL, check_conf_ssl_keywords, NULL, NULL },
		CFG_KEYWORD_END,
	};
	/* clang-format on */

	(void)state;
	memset(&ssl, 0, sizeof(ssl));
	assert_int_equal(cfg_read_string("t.conf",
					 "SSL {\n ca /etc/ca.pem\n certificate /etc/c.pem\n"
					 " key /etc/k.pem\n password secret\n}\n",
					 top, &ssl, NULL),
			 0);
	assert_true(ssl.given);
	assert_string_equal(ssl.ca, "/etc/ca.pem");
	assert_string_equal(ssl.certificate, "/etc/c.pem");
	assert_string_equal(ssl.key, "/etc/k.pem");
	assert_string_equal(ssl.password, "secret");
}

/* fast_recovery [BOOL]: kept for the checker (check_daemon.c paces the urls without it). */
static void
test_fast_recovery(void **state)
{
	(void)state;
	assert_int_equal(read_rs("HTTP_GET {\n url {\n  path /\n }\n fast_recovery\n}\n"
				 "SSL_GET {\n url {\n  path /\n }\n fast_recovery no\n}\n"
				 "HTTP_GET {\n url {\n  path /\n }\n}"),
			 0);
	assert_false(logged_part("not acted on"));
	assert_true(rs.probes.head->u.http.fast_recovery);
	assert_false(rs.probes.head->next->u.http.fast_recovery);
	assert_false(rs.probes.head->next->next->u.http.fast_recovery);
	teardown_rs();
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_tcp_common), cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_http),       cmocka_unit_test(test_dropped_blocks),
		cmocka_unit_test(test_udp_hex),    cmocka_unit_test(test_misc_file_dns_smtp),
		cmocka_unit_test(test_ssl_block),  cmocka_unit_test(test_fast_recovery),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_bad_row, bad_rows);
	return _cmocka_run_group_tests("check_conf_probe", tests, n, NULL, NULL);
}
