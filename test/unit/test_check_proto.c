/*
 * Tests for the pure parts of the health-check probes
 * (keepalived/check/proto/): MD5 against RFC 1321's test suite, the HTTP
 * response parser fed in every split, status_code ranges, digests and the
 * request keepalived 2.2.7 writes, the DNS query and reply tests, and
 * SMTP reply lines.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/check/proto/check_dns.h"
#include "keepalived/check/proto/check_http.h"
#include "lib/md5.h"
#include "keepalived/check/proto/check_smtp.h"
#include "test/unit/unit_helpers.h"

/* MD5 ------------------------------------------------------------------------------------- */

static void
md5_hex(const void *data, size_t len, char out[33])
{
	struct md5 m;
	uint8_t d[MD5_LEN];

	md5_init(&m);
	md5_update(&m, data, len);
	md5_final(&m, d);
	check_http_digest_format(d, out, 33);
}

/* RFC 1321 appendix A.5. */
static void
test_md5_rfc1321(void **state)
{
	/* clang-format off */
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890123456789"
		  "0",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	/* clang-format on */
	char out[33];

	(void)state;
	for (size_t i = 0; i < UNIT_NELEMS(v); i++) {
		md5_hex(v[i].in, strlen(v[i].in), out);
		assert_string_equal(out, v[i].want);
	}
}

/* The same sum however the input is split (block boundaries, padding at 55/56/64). */
static void
test_md5_pieces(void **state)
{
	uint8_t data[300], whole[16], parts[16];
	uint64_t rng = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)unit_rng(&rng);
	for (size_t len = 0; len <= sizeof(data); len += 1) {
		struct md5 m;

		md5_init(&m);
		md5_update(&m, data, len);
		md5_final(&m, whole);
		md5_init(&m);
		for (size_t off = 0; off < len;) {
			size_t step = 1 + (size_t)(unit_rng(&rng) % 70);

			if (step > len - off)
				step = len - off;
			md5_update(&m, data + off, step);
			off += step;
		}
		md5_final(&m, parts);
		assert_memory_equal(whole, parts, 16);
	}
}

/* HMAC-MD5 (auth_type AH's), RFC 2202 section 2: a key of one byte
 * repeated, the text, the HMAC; test cases 1, 2, 3, 6 and 7 (6 and 7 have
 * keys longer than a block, hashed first). The keyed context serves two
 * messages in a row, as vrrp_ah.c reuses it for every packet. */
static void
test_hmac_md5_rfc2202(void **state)
{
	/* clang-format off */
	static const struct {
		uint8_t key_byte;
		size_t key_len;
		const char *text, *want;
	} v[] = {
		{ 0x0b, 16, "Hi There", "9294727a3638bb1c13f48ef8158bfc9d" },
		{ 0, 0, "what do ya want for nothing?", "750c783e6ab0b503eaa86e310a5db738" },
		{ 0xaa, 80, "Test Using Larger Than Block-Size Key - Hash Key First",
		  "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
		{ 0xaa, 80,
		  "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
		  "6f630fad67cda0ee1fb1f562db3aa53e" },
	};
	/* clang-format on */
	uint8_t key[80], d[MD5_LEN];
	char out[33];
	struct md5_hmac h;
	struct md5 m;

	(void)state;
	for (size_t i = 0; i < UNIT_NELEMS(v); i++) {
		size_t len = v[i].key_len;

		memset(key, v[i].key_byte, sizeof(key));
		/* Test case 2's key is the text "Jefe". */
		if (len == 0) {
			memcpy(key, "Jefe", 4);
			len = 4;
		}
		md5_hmac_init(&h, key, len);
		for (int round = 0; round < 2; round++) {
			md5_hmac_start(&h, &m);
			md5_update(&m, v[i].text, strlen(v[i].text));
			md5_hmac_final(&h, &m, d);
			check_http_digest_format(d, out, sizeof(out));
			assert_string_equal(out, v[i].want);
		}
		md5_hmac_clear(&h);
	}
	/* Test case 3: fifty 0xdd bytes under a key of sixteen 0xaa, in two pieces. */
	memset(key, 0xaa, 16);
	md5_hmac_init(&h, key, 16);
	md5_hmac_start(&h, &m);
	memset(key, 0xdd, sizeof(key));
	md5_update(&m, key, 20);
	md5_update(&m, key, 30);
	md5_hmac_final(&h, &m, d);
	check_http_digest_format(d, out, sizeof(out));
	assert_string_equal(out, "56be34521d144c88dbb8c733f0e8b3f6");
}

/* HTTP responses -------------------------------------------------------------------------- */

/* Feed text in pieces of `piece` bytes (0: whole), then EOF if eof. */
static enum check_http_state
feed(struct check_http_resp *r, const char *text, size_t piece, bool eof)
{
	size_t len = strlen(text);
	enum check_http_state st = r->state;

	if (piece == 0)
		piece = len ? len : 1;
	for (size_t off = 0; off < len; off += piece)
		st = check_http_resp_feed(r, text + off, len - off < piece ? len - off : piece);
	if (eof)
		st = check_http_resp_eof(r);
	return st;
}

struct http_row {
	const char *name;
	const char *text;
	bool eof;
	enum check_http_state want;
	int status;
	const char *body_md5; /* NULL: not checked */
};

/* clang-format off */
static const struct http_row http_rows[] = {
	{ "content-length ends it", "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhelloTRAILING",
	  false, CHECK_HTTP_DONE, 200, "5d41402abc4b2a76b9719d911017c592" },
	{ "eof ends a body without length", "HTTP/1.1 503 Busy\r\nServer: x\r\n\r\nhello", true,
	  CHECK_HTTP_DONE, 503, "5d41402abc4b2a76b9719d911017c592" },
	{ "bare newlines", "HTTP/1.0 404 Not Found\ncontent-length: 0\n\n", false, CHECK_HTTP_DONE,
	  404, "d41d8cd98f00b204e9800998ecf8427e" },
	{ "no reason phrase", "HTTP/1.1 204\r\n\r\n", true, CHECK_HTTP_DONE, 204, NULL },
	{ "body still coming", "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhello", false,
	  CHECK_HTTP_BODY, 200, NULL },
	{ "short body at eof is done", "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhello", true,
	  CHECK_HTTP_DONE, 200, "5d41402abc4b2a76b9719d911017c592" },
	{ "not http", "SSH-2.0-OpenSSH_9.2\r\n\r\n", true, CHECK_HTTP_BAD, -1, NULL },
	{ "status not three digits", "HTTP/1.0 20 OK\r\n\r\n", true, CHECK_HTTP_BAD, -1, NULL },
	{ "status too long", "HTTP/1.0 2000 OK\r\n\r\n", true, CHECK_HTTP_BAD, -1, NULL },
	{ "two lengths", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
	  true, CHECK_HTTP_BAD, 200, NULL },
	{ "same length twice",
	  "HTTP/1.0 200 OK\r\nContent-Length: 2\r\nContent-length: 2\r\n\r\nab", false,
	  CHECK_HTTP_DONE, 200, "187ef4436122d1cc2f40dc2b92f0eba0" },
	{ "bad length", "HTTP/1.0 200 OK\r\nContent-Length: 1x\r\n\r\nab", true, CHECK_HTTP_BAD,
	  200, NULL },
	{ "huge length", "HTTP/1.0 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", true,
	  CHECK_HTTP_BAD, 200, NULL },
	{ "incomplete head", "HTTP/1.0 200 OK\r\nServer: x\r\n", true, CHECK_HTTP_BAD, -1, NULL },
	{ "nothing", "", true, CHECK_HTTP_BAD, -1, NULL },
};
/* clang-format on */

static void
test_http_row(void **state)
{
	const struct http_row *row = *state;
	static const size_t pieces[] = { 0, 1, 2, 3, 7, 64 };

	for (size_t i = 0; i < UNIT_NELEMS(pieces); i++) {
		struct check_http_resp *r = malloc(sizeof(*r));
		uint8_t d[16];
		char hex[33];

		assert_non_null(r);
		check_http_resp_init(r, true);
		assert_int_equal(feed(r, row->text, pieces[i], row->eof), row->want);
		assert_int_equal(r->status, row->status);
		if (row->body_md5 != NULL) {
			check_http_resp_digest(r, d);
			check_http_digest_format(d, hex, sizeof(hex));
			assert_string_equal(hex, row->body_md5);
		}
		if (row->want == CHECK_HTTP_BAD)
			assert_non_null(r->error);
		free(r);
	}
}

/* A head that never ends is refused at the buffer's size, not read forever. */
static void
test_http_head_limit(void **state)
{
	struct check_http_resp *r = malloc(sizeof(*r));
	char line[100];

	(void)state;
	assert_non_null(r);
	check_http_resp_init(r, false);
	assert_int_equal(check_http_resp_feed(r, "HTTP/1.0 200 OK\r\n", 17), CHECK_HTTP_HEAD);
	memset(line, 'a', sizeof(line));
	for (int i = 0; i < 100 && r->state == CHECK_HTTP_HEAD; i++)
		check_http_resp_feed(r, line, sizeof(line));
	assert_int_equal(r->state, CHECK_HTTP_BAD);
	assert_string_equal(r->error, "header too long");
	free(r);
}

/* The body is hashed only up to Content-Length; more bytes change nothing. */
static void
test_http_digest_stops_at_length(void **state)
{
	struct check_http_resp *r = malloc(sizeof(*r));
	uint8_t d[16];
	char hex[33];

	(void)state;
	assert_non_null(r);
	check_http_resp_init(r, true);
	feed(r, "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nab", 0, false);
	assert_int_equal(r->state, CHECK_HTTP_BODY);
	check_http_resp_feed(r, "cdef", 4);
	assert_int_equal(r->state, CHECK_HTTP_DONE);
	check_http_resp_digest(r, d);
	check_http_digest_format(d, hex, sizeof(hex));
	assert_string_equal(hex, "900150983cd24fb0d6963f7d28e17f72"); /* "abc" */
	free(r);
}

static void
test_http_status_ranges(void **state)
{
	uint16_t ranges[3][2], lo, hi;

	(void)state;
	assert_int_equal(check_http_status_parse("200", &lo, &hi), 0);
	assert_int_equal(lo, 200);
	assert_int_equal(hi, 200);
	assert_int_equal(check_http_status_parse("400-499", &lo, &hi), 0);
	assert_int_equal(lo, 400);
	assert_int_equal(hi, 499);
	assert_int_equal(check_http_status_parse("99", &lo, &hi), -1);
	assert_int_equal(check_http_status_parse("600", &lo, &hi), -1);
	assert_int_equal(check_http_status_parse("300-200", &lo, &hi), -1);
	assert_int_equal(check_http_status_parse("200-", &lo, &hi), -1);
	assert_int_equal(check_http_status_parse("2x0", &lo, &hi), -1);
	assert_int_equal(check_http_status_parse("", &lo, &hi), -1);
	/* None configured: keepalived's 200-299. */
	assert_true(check_http_status_match(NULL, 0, 200));
	assert_true(check_http_status_match(NULL, 0, 299));
	assert_false(check_http_status_match(NULL, 0, 301));
	assert_false(check_http_status_match(NULL, 0, -1));
	ranges[0][0] = 200, ranges[0][1] = 200;
	ranges[1][0] = 400, ranges[1][1] = 499;
	ranges[2][0] = 503, ranges[2][1] = 503;
	assert_true(check_http_status_match((const uint16_t(*)[2])ranges, 3, 404));
	assert_true(check_http_status_match((const uint16_t(*)[2])ranges, 3, 503));
	assert_false(check_http_status_match((const uint16_t(*)[2])ranges, 3, 201));
	assert_false(check_http_status_match((const uint16_t(*)[2])ranges, 3, 502));
}

static void
test_http_digest_text(void **state)
{
	uint8_t d[16];
	char hex[33];

	(void)state;
	assert_int_equal(check_http_digest_parse("9B3A0C85A887A256D6939DA88AABD8CD", d), 0);
	check_http_digest_format(d, hex, sizeof(hex));
	assert_string_equal(hex, "9b3a0c85a887a256d6939da88aabd8cd");
	assert_int_equal(check_http_digest_parse("9b3a0c85a887a256d6939da88aabd8c", d), -1);
	assert_int_equal(check_http_digest_parse("9b3a0c85a887a256d6939da88aabd8cdd", d), -1);
	assert_int_equal(check_http_digest_parse("zb3a0c85a887a256d6939da88aabd8cd", d), -1);
}

static void
test_http_request(void **state)
{
	char buf[256];
	int n;

	(void)state;
	n = check_http_request(buf, sizeof(buf), "/", "198.18.1.10", 80, false, 0, false);
	assert_int_equal(n, (int)strlen(buf));
	assert_string_equal(buf, "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
				 "Host: 198.18.1.10\r\n\r\n");
	check_http_request(buf, sizeof(buf), "/x", "www.example", 8080, false, 1, true);
	assert_string_equal(buf, "GET /x HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\n"
				 "Connection: close\r\nHost: www.example:8080\r\n\r\n");
	check_http_request(buf, sizeof(buf), "/", "[fd00::1]", 443, true, 0, true);
	assert_string_equal(buf, "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
				 "Connection: close\r\nHost: [fd00::1]\r\n\r\n");
	/* TLS on port 80 names the port. */
	check_http_request(buf, sizeof(buf), "/", "h", 80, true, 0, false);
	assert_non_null(strstr(buf, "Host: h:80\r\n"));
	assert_int_equal(check_http_request(buf, 20, "/", "h", 80, false, 0, false), -1);
}

/* DNS ---------------------------------------------------------------------------------------- */

static void
test_dns_query(void **state)
{
	/* clang-format off */
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1,   0,   0,   0,   0,   0,   0, /* id, RD,
		        one question */
		3,    'w',  'w',  'w',  7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3,
		'c',  'o',  'm',  0,    0, 1,   0,   1, /* A, IN */
	};
	/* clang-format on */
	static const uint8_t root[] = { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0,
					0,    0,    0,    0,    0, 6, 0, 1 };
	uint8_t buf[CHECK_DNS_QUERY_MAX];
	char label[70];

	(void)state;
	assert_int_equal(check_dns_query(buf, sizeof(buf), 0x1234, "www.example.com", 1),
			 (int)sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	/* A trailing dot is the same name. */
	assert_int_equal(check_dns_query(buf, sizeof(buf), 0x1234, "www.example.com.", 1),
			 (int)sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(check_dns_query(buf, sizeof(buf), 0xabcd, ".", 6), (int)sizeof(root));
	assert_memory_equal(buf, root, sizeof(root));
	assert_int_equal(check_dns_query(buf, sizeof(buf), 1, "a..b", 1), -1);
	memset(label, 'a', 64);
	label[64] = '\0';
	assert_int_equal(check_dns_query(buf, sizeof(buf), 1, label, 1), -1);
	assert_int_equal(check_dns_query(buf, 20, 1, "www.example.com", 1), -1);
	assert_int_equal(check_dns_type_lookup("aaaa"), 28);
	assert_int_equal(check_dns_type_lookup("SOA"), 6);
	assert_int_equal(check_dns_type_lookup("PTR"), 0);
	assert_string_equal(check_dns_type_name(16), "TXT");
}

static void
test_dns_reply(void **state)
{
	uint8_t r[12] = { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0 };
	int rcode = -1;

	(void)state;
	assert_int_equal(check_dns_reply(r, sizeof(r), 0x1234, &rcode), CHECK_DNS_OK);
	assert_int_equal(rcode, 0);
	assert_int_equal(check_dns_reply(r, 11, 0x1234, &rcode), CHECK_DNS_IGNORE);
	assert_int_equal(check_dns_reply(r, sizeof(r), 0x1235, &rcode), CHECK_DNS_IGNORE);
	r[2] = 0x01; /* a query, not a response */
	assert_int_equal(check_dns_reply(r, sizeof(r), 0x1234, &rcode), CHECK_DNS_IGNORE);
	r[2] = 0x81;
	r[3] = 0x83; /* NXDOMAIN */
	assert_int_equal(check_dns_reply(r, sizeof(r), 0x1234, &rcode), CHECK_DNS_RCODE);
	assert_int_equal(rcode, 3);
}

/* SMTP ----------------------------------------------------------------------------------------- */

static void
test_smtp_lines(void **state)
{
	struct check_smtp_line l;
	char big[1000];

	(void)state;
	check_smtp_line_reset(&l);
	check_smtp_line_feed(&l, "220 mail.exa", 12);
	assert_false(l.complete);
	check_smtp_line_feed(&l, "mple ESMTP\r\n250 next", 20);
	assert_true(l.complete);
	assert_string_equal(l.buf, "220 mail.example ESMTP");
	assert_int_equal(check_smtp_reply_code(l.buf), 220);
	assert_int_equal(check_smtp_reply_code("250"), 250);
	assert_int_equal(check_smtp_reply_code("250-PIPELINING"), -1);
	assert_int_equal(check_smtp_reply_code("25 ok"), -1);
	assert_int_equal(check_smtp_reply_code(""), -1);
	/* An over-long line keeps its start. */
	check_smtp_line_reset(&l);
	memset(big, 'x', sizeof(big));
	memcpy(big, "554 ", 4);
	check_smtp_line_feed(&l, big, sizeof(big));
	check_smtp_line_feed(&l, "\n", 1);
	assert_true(l.complete);
	assert_int_equal(l.len, CHECK_SMTP_LINE_MAX - 1);
	assert_int_equal(check_smtp_reply_code(l.buf), 554); /* the code survives */
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_md5_rfc1321),
		cmocka_unit_test(test_hmac_md5_rfc2202),
		cmocka_unit_test(test_md5_pieces),
		cmocka_unit_test(test_http_head_limit),
		cmocka_unit_test(test_http_digest_stops_at_length),
		cmocka_unit_test(test_http_status_ranges),
		cmocka_unit_test(test_http_digest_text),
		cmocka_unit_test(test_http_request),
		cmocka_unit_test(test_dns_query),
		cmocka_unit_test(test_dns_reply),
		cmocka_unit_test(test_smtp_lines),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, test_http_row, http_rows);
	return _cmocka_run_group_tests("check_proto", tests, n, NULL, NULL);
}
