/*
 * The checker blocks of a real_server (HTTP_GET, SSL_GET, TCP_CHECK,
 * SMTP_CHECK, DNS_CHECK, MISC_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK,
 * BFD_CHECK) and the global SSL block, read into struct check_probe_conf.
 * Keywords, ranges and mistakes follow keepalived 2.2.7 as
 * keepalived/core/conf_checker_hc.c established them: a bad value is an
 * error naming file:line; a block keepalived would drop (no url, no
 * misc_path, no track_file, no name) is a warning and is not kept.
 */
#include "config.h"

#include "keepalived/check/run/check_probe.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keepalived/check/proto/check_dns.h"
#include "keepalived/check/proto/check_http.h"
#include "keepalived/vrrp/vrrp_conf_track.h"

#define SECOND_US 1000000u

/* Values ------------------------------------------------------------------------------------- */

/* keepalived's strtoul() takes a leading '+'. */
static const char *
number_text(const char *s)
{
	return s[0] == '+' && (isdigit((unsigned char)s[1]) || s[1] == '.') ? s + 1 : s;
}

static int
one_value(struct cfg_reader *r, int argc, char *argv[])
{
	return cfg_check_argc(r, argc, argv, 1, -1);
}

static int
parse_uint(struct cfg_reader *r, char *argv[], uint64_t min, uint64_t max, uint64_t *out)
{
	return cfg_parse_uint(r, argv[0], number_text(argv[1]), min, max, out);
}

/* Seconds with up to six decimals, in microseconds. */
static int
parse_timer(struct cfg_reader *r, char *argv[], uint64_t min_us, uint64_t *out)
{
	return cfg_parse_fixed(r, argv[0], number_text(argv[1]), 6, min_us, UINT64_MAX - 1, out);
}

/* An IPv4 or IPv6 address; keepalived ignores anything from a '/' on. */
static int
parse_addr(struct cfg_reader *r, const char *kw, const char *s, struct check_addr *a)
{
	char buf[INET6_ADDRSTRLEN];
	size_t len = strcspn(s, "/");

	if (len > 0 && len < sizeof(buf)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (inet_pton(AF_INET, buf, &a->u.v4) == 1) {
			a->family = AF_INET;
			return 0;
		}
		if (inet_pton(AF_INET6, buf, &a->u.v6) == 1) {
			a->family = AF_INET6;
			return 0;
		}
	}
	cfg_error(r, "%s: '%s' is not an IPv4 or IPv6 address", kw, s);
	return -1;
}

/* Copy a string value, refusing one that does not fit. */
static int
copy_value(struct cfg_reader *r, const char *kw, const char *s, char *dst, size_t size)
{
	if (strlen(s) >= size) {
		cfg_error(r, "%s: '%.40s...' is longer than %zu characters", kw, s, size - 1);
		return -1;
	}
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

/* Common options ------------------------------------------------------------------------------ */

static int
kw_connect_ip(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return parse_addr(r, argv[0], argv[1], &c->connect_ip);
}

static int
kw_bindto(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return parse_addr(r, argv[0], argv[1], &c->bindto);
}

static int
kw_port(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (one_value(r, argc, argv) == -1 || parse_uint(r, argv, 1, 65535, &v) == -1)
		return -1;
	if (strcmp(argv[0], "connect_port") == 0)
		c->connect_port = (uint16_t)v;
	else
		c->bind_port = (uint16_t)v;
	return 0;
}

static int
kw_bind_if(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], c->bind_if, sizeof(c->bind_if));
}

static int
kw_fwmark(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (one_value(r, argc, argv) == -1 || parse_uint(r, argv, 0, UINT32_MAX, &v) == -1)
		return -1;
	c->fwmark = (uint32_t)v;
	return 0;
}

static int
kw_connect_timeout(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return parse_timer(r, argv, 1, &c->connect_timeout_us);
}

static int
kw_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (one_value(r, argc, argv) == -1 || parse_uint(r, argv, 0, UINT32_MAX, &v) == -1)
		return -1;
	c->retry = (unsigned)v;
	c->retry_given = true;
	return 0;
}

static int
kw_nb_get_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	cfg_warn(r, "nb_get_retry is deprecated - please use 'retry'");
	return kw_retry(r, argc, argv, obj);
}

static int
kw_delay_before_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1 ||
	    parse_timer(r, argv, 0, &c->delay_before_retry_us) == -1)
		return -1;
	c->delay_before_retry_given = true;
	return 0;
}

static int
kw_delay_loop(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return parse_timer(r, argv, 1, &c->delay_loop_us);
}

static int
kw_warmup(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1 || parse_timer(r, argv, 0, &c->warmup_us) == -1)
		return -1;
	c->warmup_given = true;
	return 0;
}

/* alpha / log_all_failures [BOOL]: the word alone means yes. */
static int
kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	bool v = true;

	if (argc >= 2 && cfg_parse_bool(r, argv[0], argv[1], &v) == -1)
		return -1;
	if (strcmp(argv[0], "alpha") == 0) {
		c->alpha = v;
		c->alpha_given = true;
	} else {
		c->log_all_failures = v;
		c->log_all_failures_given = true;
	}
	return 0;
}

/* HTTP_GET and SSL_GET --------------------------------------------------------------------------- */

static struct check_http_url *
last_url(struct check_probe_conf *c)
{
	return &c->u.http.urls[c->u.http.n_urls - 1];
}

static int
kw_http_protocol(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	if (strcmp(argv[1], "1.0") == 0)
		c->u.http.protocol = CHECK_HTTP_1_0;
	else if (strcasecmp(argv[1], "1.0C") == 0)
		c->u.http.protocol = CHECK_HTTP_1_0C;
	else if (strcmp(argv[1], "1.1") == 0)
		c->u.http.protocol = CHECK_HTTP_1_1;
	else {
		cfg_error(r, "http_protocol: '%s' is not 1.0, 1.0C or 1.1", argv[1]);
		return -1;
	}
	return 0;
}

static int
kw_http_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	bool v = true;

	if (argc >= 2 && cfg_parse_bool(r, argv[0], argv[1], &v) == -1)
		return -1;
	if (strcmp(argv[0], "enable_sni") == 0)
		c->u.http.enable_sni = v;
	else
		c->u.http.fast_recovery = v;
	return 0;
}

static int
kw_http_virtualhost(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], c->u.http.virtualhost,
			  sizeof(c->u.http.virtualhost));
}

static void *
open_url(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct check_probe_conf *c = parent;
	struct check_http_url *urls;

	(void)argc;
	(void)argv;
	urls = realloc(c->u.http.urls, (c->u.http.n_urls + 1) * sizeof(*urls));
	if (urls == NULL) {
		cfg_error(r, "url: out of memory");
		return NULL;
	}
	c->u.http.urls = urls;
	memset(&urls[c->u.http.n_urls], 0, sizeof(*urls));
	c->u.http.n_urls++;
	return c;
}

/* A url without a path is dropped, as keepalived does. */
static int
close_url(struct cfg_reader *r, void *obj)
{
	struct check_probe_conf *c = obj;

	if (last_url(c)->path[0] == '\0') {
		cfg_warn(r, "HTTP/SSL_GET checker url has no path - ignoring");
		c->u.http.n_urls--;
	}
	return 0;
}

static int
kw_url_path(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_http_url *u = last_url(obj);

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], u->path, sizeof(u->path));
}

static int
kw_url_digest(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_http_url *u = last_url(obj);

	if (one_value(r, argc, argv) == -1)
		return -1;
	if (check_http_digest_parse(argv[1], u->digest) == -1) {
		cfg_error(r, "digest: '%s' is not an MD5 sum (32 hexadecimal digits)", argv[1]);
		return -1;
	}
	u->have_digest = true;
	return 0;
}

/* status_code 200-299 400-499 503: each line adds to the set, as keepalived. */
static int
kw_url_status_code(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_http_url *u = last_url(obj);

	for (int i = 1; i < argc; i++) {
		uint16_t lo, hi;

		if (check_http_status_parse(argv[i], &lo, &hi) == -1) {
			cfg_error(r, "status_code: '%s' is not a code or range of codes in 100-599",
				  argv[i]);
			return -1;
		}
		if (u->status.n == CHECK_STATUS_RANGES_MAX) {
			cfg_error(r, "status_code: more than %d codes or ranges",
				  CHECK_STATUS_RANGES_MAX);
			return -1;
		}
		u->status.r[u->status.n][0] = lo;
		u->status.r[u->status.n][1] = hi;
		u->status.n++;
	}
	return 0;
}

static int
kw_url_virtualhost(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_http_url *u = last_url(obj);

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], u->virtualhost, sizeof(u->virtualhost));
}

/* Without PCRE2 (Debian's build) keepalived takes the regex keywords and ignores them. */
static int
kw_url_regex(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)argc;
	(void)obj;
	cfg_warn(r, "%s: regular expressions are not supported, ignored", argv[0]);
	return 0;
}

/* SMTP, DNS ------------------------------------------------------------------------------------ */

static int
kw_helo_name(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], c->u.smtp.helo_name, sizeof(c->u.smtp.helo_name));
}

static void *
open_smtp_host(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)argc;
	(void)argv;
	cfg_warn(r, "The SMTP_CHECK host block is deprecated. Please define additional checkers.");
	return parent;
}

static int
kw_dns_type(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint16_t t;

	if (one_value(r, argc, argv) == -1)
		return -1;
	t = check_dns_type_lookup(argv[1]);
	if (t == 0) {
		cfg_error(r, "type: '%s' is not a DNS query type (A, NS, CNAME, SOA, MX, TXT, AAAA, "
			     "RRSIG, DNSKEY)", argv[1]);
		return -1;
	}
	c->u.dns.qtype = t;
	return 0;
}

/* A domain name: "." for the root, else labels with no empty one but the last. */
static int
kw_dns_name(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	const char *n;

	if (one_value(r, argc, argv) == -1)
		return -1;
	n = argv[1];
	if (strcmp(n, ".") != 0 && (n[0] == '.' || strstr(n, "..") != NULL)) {
		cfg_error(r, "name: '%s' has an empty label", n);
		return -1;
	}
	return copy_value(r, argv[0], n, c->u.dns.name, sizeof(c->u.dns.name));
}

/* UDP_CHECK ------------------------------------------------------------------------------------ */

/*
 * Hex words as keepalived reads them: digits paired from the left of each
 * word, a last odd digit a byte of its own ("Ab12f 3 456" is AB 12 0F 03
 * 45 06). In a reply an X digit matches anything: its mask nibble is set.
 * Returns the byte count, or -1.
 */
static int
hex_digit(char ch, bool x_allowed, uint8_t *mask)
{
	*mask = 0;
	if (isdigit((unsigned char)ch))
		return ch - '0';
	if (isxdigit((unsigned char)ch))
		return tolower((unsigned char)ch) - 'a' + 10;
	if (x_allowed && (ch == 'x' || ch == 'X')) {
		*mask = 0xf;
		return 0;
	}
	return -1;
}

static long
parse_hex_words(int argc, char *argv[], bool x_allowed, uint8_t *out, uint8_t *mask,
		size_t size)
{
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		for (size_t j = 0; j < len; j += 2, n++) {
			uint8_t m1, m2 = 0;
			int hi = hex_digit(argv[i][j], x_allowed, &m1), lo = 0;

			if (j + 1 < len)
				lo = hex_digit(argv[i][j + 1], x_allowed, &m2);
			if (hi < 0 || lo < 0 || n >= size)
				return -1;
			/* A lone last digit is the low half of its byte. */
			out[n] = j + 1 < len ? (uint8_t)(hi << 4 | lo) : (uint8_t)hi;
			if (mask != NULL)
				mask[n] = j + 1 < len ? (uint8_t)(m1 << 4 | m2) : m1;
		}
	}
	return (long)n;
}

static int
kw_payload(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_udp_conf *u = &((struct check_probe_conf *)obj)->u.udp;
	long n;

	if (one_value(r, argc, argv) == -1)
		return -1;
	n = parse_hex_words(argc, argv, false, u->payload, NULL, sizeof(u->payload));
	if (n <= 0) {
		cfg_error(r, "payload: not hexadecimal digits (at most %d bytes)",
			  CHECK_UDP_PAYLOAD_MAX);
		return -1;
	}
	u->payload_len = (size_t)n;
	u->payload_given = true;
	return 0;
}

static int
kw_require_reply(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_udp_conf *u = &((struct check_probe_conf *)obj)->u.udp;
	long n = 0;

	if (argc > 1) {
		n = parse_hex_words(argc, argv, true, u->reply, u->reply_mask, sizeof(u->reply));
		if (n < 0) {
			cfg_error(r, "require_reply: not hexadecimal digits (X allowed, at most %d "
				     "bytes)", CHECK_UDP_PAYLOAD_MAX);
			return -1;
		}
	}
	u->reply_len = (size_t)n;
	u->require_reply = true;
	return 0;
}

static int
kw_reply_length(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_udp_conf *u = &((struct check_probe_conf *)obj)->u.udp;
	uint64_t v;

	if (one_value(r, argc, argv) == -1 || parse_uint(r, argv, 0, 65535, &v) == -1)
		return -1;
	if (strcmp(argv[0], "min_reply_length") == 0)
		u->min_reply_length = (size_t)v;
	else
		u->max_reply_length = (size_t)v;
	return 0;
}

/* MISC_CHECK ----------------------------------------------------------------------------------- */

static int
kw_misc_path(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_misc_conf *m = &((struct check_probe_conf *)obj)->u.misc;
	struct vrrp_cmd *cmd;
	const char *err = NULL;

	if (one_value(r, argc, argv) == -1)
		return -1;
	cmd = calloc(1, sizeof(*cmd));
	if (cmd == NULL || vrrp_cmd_parse(argv[1], cmd, &err) == -1) {
		cfg_error(r, "misc_path: %s", err != NULL ? err : "out of memory");
		free(cmd);
		return -1;
	}
	if (m->cmd != NULL) {
		snprintf(cmd->user, sizeof(cmd->user), "%s", m->cmd->user);
		snprintf(cmd->group, sizeof(cmd->group), "%s", m->cmd->group);
		vrrp_cmd_free(m->cmd);
		free(m->cmd);
	}
	m->cmd = cmd;
	return 0;
}

static int
kw_misc_timeout(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_misc_conf *m = &((struct check_probe_conf *)obj)->u.misc;
	uint64_t v;

	if (one_value(r, argc, argv) == -1 || parse_uint(r, argv, 0, UINT32_MAX, &v) == -1)
		return -1;
	m->timeout_us = v * SECOND_US;
	return 0;
}

static int
kw_misc_dynamic(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_misc_conf *m = &((struct check_probe_conf *)obj)->u.misc;
	bool v = true;

	if (argc >= 2 && cfg_parse_bool(r, argv[0], argv[1], &v) == -1)
		return -1;
	m->dynamic = v;
	return 0;
}

/* user NAME [GROUP]: kept for check_probe_prepare(); the block may give it before misc_path. */
static int
kw_misc_user(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_misc_conf *m = &((struct check_probe_conf *)obj)->u.misc;

	if (cfg_check_argc(r, argc, argv, 1, 2) == -1)
		return -1;
	if (m->cmd == NULL) {
		m->cmd = calloc(1, sizeof(*m->cmd));
		if (m->cmd == NULL)
			return -1;
	}
	if (copy_value(r, argv[0], argv[1], m->cmd->user, sizeof(m->cmd->user)) == -1)
		return -1;
	return argc > 2 ? copy_value(r, argv[0], argv[2], m->cmd->group, sizeof(m->cmd->group)) : 0;
}

/* FILE_CHECK, BFD_CHECK ------------------------------------------------------------------------- */

static int
kw_track_file(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (one_value(r, argc, argv) == -1)
		return -1;
	return copy_value(r, argv[0], argv[1], c->u.file.name, sizeof(c->u.file.name));
}

static int
kw_file_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	int64_t v;

	if (one_value(r, argc, argv) == -1 ||
	    cfg_parse_int(r, argv[0], argv[1], -INT32_MAX, INT32_MAX, &v) == -1)
		return -1;
	if (argc > 2 && strcmp(argv[2], "reverse") != 0 && strcmp(argv[2], "noreverse") != 0) {
		cfg_error(r, "weight: '%s' is not reverse or noreverse", argv[2]);
		return -1;
	}
	c->u.file.weight = (int)v;
	c->u.file.reverse = argc > 2 && strcmp(argv[2], "reverse") == 0;
	return 0;
}

static int
kw_file_dynamic(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	(void)r;
	(void)argc;
	(void)argv;
	c->u.file.dynamic = true;
	return 0;
}

static int
kw_bfd_name(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	/* The name is kept where FILE_CHECK keeps its track_file: both only need it found. */
	return copy_value(r, argv[0], argv[1], c->u.file.name, sizeof(c->u.file.name));
}

/* Checker blocks -------------------------------------------------------------------------------- */

static const struct {
	const char *name;
	enum check_probe_kind kind;
} block_kinds[] = {
	{ "TCP_CHECK", CHECK_TCP },   { "HTTP_GET", CHECK_HTTP },   { "SSL_GET", CHECK_SSL },
	{ "MISC_CHECK", CHECK_MISC }, { "DNS_CHECK", CHECK_DNS },   { "SMTP_CHECK", CHECK_SMTP },
	{ "UDP_CHECK", CHECK_UDP },   { "PING_CHECK", CHECK_PING }, { "FILE_CHECK", CHECK_FILE },
	{ "BFD_CHECK", CHECK_BFD },
};

/*
 * A checker block while it is read: the conf first (every keyword handler
 * gets it as its object) and the real server's list to append it to when
 * the block closes.
 */
struct checker_block {
	struct check_probe_conf c;
	struct check_probe_list *list;
};

/*
 * The real_server's object begins with its struct check_probe_list
 * (check_probe.h), so parent converts to it.
 */
static void *
open_checker(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct checker_block *b = calloc(1, sizeof(*b));
	struct check_probe_conf *c;

	(void)argc;
	if (b == NULL) {
		cfg_error(r, "%s: out of memory", argv[0]);
		return NULL;
	}
	b->list = parent;
	c = &b->c;
	for (size_t i = 0; i < sizeof(block_kinds) / sizeof(block_kinds[0]); i++)
		if (strcmp(argv[0], block_kinds[i].name) == 0)
			c->kind = block_kinds[i].kind;
	snprintf(c->file, sizeof(c->file), "%s", cfg_file(r));
	c->line = cfg_line(r);
	c->u.file.weight = c->kind == CHECK_FILE ? 1 : 0;
	if (c->kind == CHECK_UDP)
		c->u.udp.max_reply_length = 255;
	if (c->kind == CHECK_DNS)
		c->u.dns.qtype = 6; /* SOA */
	return c;
}

/* What keepalived needs of a block, or the reason it drops it. */
static const char *
checker_missing(const struct check_probe_conf *c)
{
	switch (c->kind) {
	case CHECK_HTTP:
	case CHECK_SSL:
		return c->u.http.n_urls == 0 ? "HTTP/SSL_GET checker has no urls specified - ignoring"
					     : NULL;
	case CHECK_MISC:
		return c->u.misc.cmd == NULL || c->u.misc.cmd->argv == NULL
			       ? "No script path has been specified for MISC_CHECKER - skipping"
			       : NULL;
	case CHECK_FILE:
		return c->u.file.name[0] == '\0' ? "FILE_CHECK has no track_file specified - ignoring"
						 : NULL;
	case CHECK_BFD:
		return c->u.file.name[0] == '\0'
			       ? "No name has been specified for BFD_CHECKER - skipping"
			       : NULL;
	default:
		break;
	}
	if (c->bindto.family != 0 && c->connect_ip.family != 0 &&
	    c->bindto.family != c->connect_ip.family)
		return "bindto address does not match address family of connect_ip - skipping";
	return NULL;
}

/* keepalived's per-kind defaults for what the block did not give. */
static void
checker_defaults(struct check_probe_conf *c)
{
	if (!c->retry_given)
		c->retry = c->kind == CHECK_MISC ? 0 : c->kind == CHECK_DNS ? 3 : 1;
	if (!c->delay_before_retry_given)
		c->delay_before_retry_us = c->kind == CHECK_DNS ? 0
					   : c->kind == CHECK_HTTP || c->kind == CHECK_SSL
						   ? 3 * SECOND_US
						   : SECOND_US;
}

/* Free what a conf owns, not the conf. */
static void
conf_free_members(struct check_probe_conf *c)
{
	if (c->kind == CHECK_HTTP || c->kind == CHECK_SSL)
		free(c->u.http.urls);
	if (c->kind == CHECK_MISC) {
		if (c->u.misc.cmd != NULL) {
			vrrp_cmd_free(c->u.misc.cmd);
			free(c->u.misc.cmd);
		}
		free(c->u.misc.exec);
	}
}

static int
close_checker(struct cfg_reader *r, void *obj)
{
	struct checker_block *b = obj;
	struct check_probe_list *l = b->list;
	struct check_probe_conf *c = &b->c, *kept;
	const char *missing = checker_missing(c);

	if (c->kind == CHECK_UDP && c->u.udp.min_reply_length > c->u.udp.max_reply_length)
		cfg_warn(r, "UDP_CHECK min_reply length %zu > max_reply_length %zu - will always fail",
			 c->u.udp.min_reply_length, c->u.udp.max_reply_length);
	if (missing != NULL)
		cfg_warn(r, "%s", missing);
	kept = missing == NULL && l != NULL ? malloc(sizeof(*kept)) : NULL;
	if (kept == NULL) {
		conf_free_members(c);
		free(b);
		return 0;
	}
	checker_defaults(c);
	memcpy(kept, c, sizeof(*kept));
	kept->next = NULL;
	free(b);
	if (l->tail == NULL)
		l->tail = &l->head;
	*l->tail = kept;
	l->tail = &kept->next;
	l->count++;
	return 0;
}

static const struct cfg_keyword common_keywords[] = {
	{ "alpha", kw_flag, NULL, NULL, NULL, NULL },
	{ "delay_before_retry", kw_delay_before_retry, NULL, NULL, NULL, NULL },
	{ "delay_loop", kw_delay_loop, NULL, NULL, NULL, NULL },
	{ "log_all_failures", kw_flag, NULL, NULL, NULL, NULL },
	{ "retry", kw_retry, NULL, NULL, NULL, NULL },
	{ "warmup", kw_warmup, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

static const struct cfg_keyword connection_keywords[] = {
	{ "bind_if", kw_bind_if, NULL, NULL, NULL, NULL },
	{ "bind_port", kw_port, NULL, NULL, NULL, NULL },
	{ "bindto", kw_bindto, NULL, NULL, NULL, NULL },
	{ "connect_ip", kw_connect_ip, NULL, NULL, NULL, NULL },
	{ "connect_port", kw_port, NULL, NULL, NULL, NULL },
	{ "connect_timeout", kw_connect_timeout, NULL, NULL, NULL, NULL },
	{ "fwmark", kw_fwmark, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(common_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword url_keywords[] = {
	{ "digest", kw_url_digest, NULL, NULL, NULL, NULL },
	{ "path", kw_url_path, NULL, NULL, NULL, NULL },
	{ "regex", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "regex_max_offset", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "regex_min_offset", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "regex_no_match", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "regex_options", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "regex_stack", kw_url_regex, NULL, NULL, NULL, NULL },
	{ "status_code", kw_url_status_code, NULL, NULL, NULL, NULL },
	{ "virtualhost", kw_url_virtualhost, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

static const struct cfg_keyword http_keywords[] = {
	{ "enable_sni", kw_http_flag, NULL, NULL, NULL, NULL },
	{ "fast_recovery", kw_http_flag, NULL, NULL, NULL, NULL },
	{ "http_protocol", kw_http_protocol, NULL, NULL, NULL, NULL },
	{ "nb_get_retry", kw_nb_get_retry, NULL, NULL, NULL, NULL },
	{ "url", NULL, open_url, url_keywords, NULL, close_url },
	{ "virtualhost", kw_http_virtualhost, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword smtp_keywords[] = {
	{ "helo_name", kw_helo_name, NULL, NULL, NULL, NULL },
	{ "host", NULL, open_smtp_host, connection_keywords, NULL, NULL },
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword dns_keywords[] = {
	{ "name", kw_dns_name, NULL, NULL, NULL, NULL },
	{ "type", kw_dns_type, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword udp_keywords[] = {
	{ "max_reply_length", kw_reply_length, NULL, NULL, NULL, NULL },
	{ "min_reply_length", kw_reply_length, NULL, NULL, NULL, NULL },
	{ "payload", kw_payload, NULL, NULL, NULL, NULL },
	{ "require_reply", kw_require_reply, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

/* MISC_CHECK opens no connection: only the options from alpha on. */
static const struct cfg_keyword misc_keywords[] = {
	{ "misc_dynamic", kw_misc_dynamic, NULL, NULL, NULL, NULL },
	{ "misc_path", kw_misc_path, NULL, NULL, NULL, NULL },
	{ "misc_timeout", kw_misc_timeout, NULL, NULL, NULL, NULL },
	{ "user", kw_misc_user, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(common_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword file_keywords[] = {
	{ "dynamic", kw_file_dynamic, NULL, NULL, NULL, NULL },
	{ "track_file", kw_track_file, NULL, NULL, NULL, NULL },
	{ "weight", kw_file_weight, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

static const struct cfg_keyword bfd_keywords[] = {
	{ "alpha", kw_flag, NULL, NULL, NULL, NULL },
	{ "name", kw_bfd_name, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};

#define CHECKER_BLOCK(name, sub) { name, NULL, open_checker, sub, NULL, close_checker }

const struct cfg_keyword check_conf_probe_keywords[] = {
	CHECKER_BLOCK("BFD_CHECK", bfd_keywords),
	CHECKER_BLOCK("DNS_CHECK", dns_keywords),
	CHECKER_BLOCK("FILE_CHECK", file_keywords),
	CHECKER_BLOCK("HTTP_GET", http_keywords),
	CHECKER_BLOCK("MISC_CHECK", misc_keywords),
	CHECKER_BLOCK("PING_CHECK", connection_keywords),
	CHECKER_BLOCK("SMTP_CHECK", smtp_keywords),
	CHECKER_BLOCK("SSL_GET", http_keywords),
	CHECKER_BLOCK("TCP_CHECK", connection_keywords),
	CHECKER_BLOCK("UDP_CHECK", udp_keywords),
	CFG_KEYWORD_END,
};

/* Freeing ---------------------------------------------------------------------------------------- */

void
check_probe_conf_free(struct check_probe_conf *c)
{
	if (c == NULL)
		return;
	conf_free_members(c);
	free(c);
}

void
check_probe_list_free(struct check_probe_list *l)
{
	struct check_probe_conf *c = l->head;

	while (c != NULL) {
		struct check_probe_conf *next = c->next;

		check_probe_conf_free(c);
		c = next;
	}
	l->head = NULL;
	l->tail = NULL;
	l->count = 0;
}

/* The global SSL block ---------------------------------------------------------------------------- */

static int
kw_ssl_value(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_ssl_conf *s = obj;
	char *dst;
	size_t size;

	if (one_value(r, argc, argv) == -1)
		return -1;
	if (strcmp(argv[0], "ca") == 0)
		dst = s->ca, size = sizeof(s->ca);
	else if (strcmp(argv[0], "certificate") == 0)
		dst = s->certificate, size = sizeof(s->certificate);
	else if (strcmp(argv[0], "key") == 0)
		dst = s->key, size = sizeof(s->key);
	else
		dst = s->password, size = sizeof(s->password);
	s->given = true;
	return copy_value(r, argv[0], argv[1], dst, size);
}

const struct cfg_keyword check_conf_ssl_keywords[] = {
	{ "ca", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "certificate", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "key", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "password", kw_ssl_value, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
