/*
 * The keywords of each checker kind inside a real_server: HTTP_GET and
 * SSL_GET with their url blocks, SMTP_CHECK, DNS_CHECK, UDP_CHECK,
 * MISC_CHECK, FILE_CHECK and BFD_CHECK (check_conf_probe.c has the common
 * options and the blocks themselves). Values and mistakes as keepalived
 * 2.2.7: a bad value is an error naming file:line.
 */
#include "config.h"

#include "keepalived/check/conf/check_conf_probe_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keepalived/check/proto/check_dns.h"
#include "keepalived/check/proto/check_http.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "lib/log.h"

/* HTTP_GET and SSL_GET ------------------------------------------------------------------------- */

static struct check_http_url *
last_url(struct check_probe_conf *c)
{
	return &c->u.http.urls[c->u.http.n_urls - 1];
}

static int
kw_http_protocol(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], c->u.http.virtualhost,
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], u->path, sizeof(u->path));
}

static int
kw_url_digest(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_http_url *u = last_url(obj);

	if (probe_conf_one_value(r, argc, argv) == -1)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], u->virtualhost, sizeof(u->virtualhost));
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], c->u.smtp.helo_name,
			       sizeof(c->u.smtp.helo_name));
}

static void *
open_smtp_host(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)argc;
	(void)argv;
	/* keepalived 2.2.7 logs this and still passes -t: a notice, not a warning. */
	log_info("%s:%d: The SMTP_CHECK host block is deprecated. Please define additional "
		 "checkers.",
		 cfg_file(r), cfg_line(r));
	return parent;
}

static int
kw_dns_type(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint16_t t;

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	t = check_dns_type_lookup(argv[1]);
	if (t == 0) {
		cfg_error(r,
			  "type: '%s' is not a DNS query type (A, NS, CNAME, SOA, MX, TXT, AAAA, "
			  "RRSIG, DNSKEY)",
			  argv[1]);
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	n = argv[1];
	if (strcmp(n, ".") != 0 && (n[0] == '.' || strstr(n, "..") != NULL)) {
		cfg_error(r, "name: '%s' has an empty label", n);
		return -1;
	}
	return probe_conf_copy(r, argv[0], n, c->u.dns.name, sizeof(c->u.dns.name));
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
parse_hex_words(int argc, char *argv[], bool x_allowed, uint8_t *out, uint8_t *mask, size_t size)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
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
			cfg_error(r,
				  "require_reply: not hexadecimal digits (X allowed, at most %d "
				  "bytes)",
				  CHECK_UDP_PAYLOAD_MAX);
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

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    probe_conf_uint(r, argv, 0, 65535, &v) == -1)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
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

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    probe_conf_uint(r, argv, 0, UINT32_MAX, &v) == -1)
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
	if (probe_conf_copy(r, argv[0], argv[1], m->cmd->user, sizeof(m->cmd->user)) == -1)
		return -1;
	return argc > 2 ?
		       probe_conf_copy(r, argv[0], argv[2], m->cmd->group, sizeof(m->cmd->group)) :
		       0;
}

/* FILE_CHECK, BFD_CHECK ------------------------------------------------------------------------ */

static int
kw_track_file(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], c->u.file.name, sizeof(c->u.file.name));
}

static int
kw_file_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	int64_t v;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    cfg_parse_int(r, argv[0], argv[1], -INT32_MAX, INT32_MAX, &v) == -1)
		return -1;
	if (argc > 2 && strcmp(argv[2], "reverse") != 0 && strcmp(argv[2], "noreverse") != 0) {
		cfg_error(r, "weight: '%s' is not reverse or noreverse", argv[2]);
		return -1;
	}
	c->u.file.weight = (int)v;
	c->u.file.weight_given = true;
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
	return probe_conf_copy(r, argv[0], argv[1], c->u.file.name, sizeof(c->u.file.name));
}

/* clang-format off */
const struct cfg_keyword probe_conf_url_keywords[] = {
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
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_http_keywords[] = {
	{ "enable_sni", kw_http_flag, NULL, NULL, NULL, NULL },
	{ "fast_recovery", kw_http_flag, NULL, NULL, NULL, NULL },
	{ "http_protocol", kw_http_protocol, NULL, NULL, NULL, NULL },
	{ "nb_get_retry", probe_conf_kw_nb_get_retry, NULL, NULL, NULL, NULL },
	{ "url", NULL, open_url, probe_conf_url_keywords, NULL, close_url },
	{ "virtualhost", kw_http_virtualhost, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_connection_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_smtp_keywords[] = {
	{ "helo_name", kw_helo_name, NULL, NULL, NULL, NULL },
	{ "host", NULL, open_smtp_host, probe_conf_connection_keywords, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_connection_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_dns_keywords[] = {
	{ "name", kw_dns_name, NULL, NULL, NULL, NULL },
	{ "type", kw_dns_type, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_connection_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_udp_keywords[] = {
	{ "max_reply_length", kw_reply_length, NULL, NULL, NULL, NULL },
	{ "min_reply_length", kw_reply_length, NULL, NULL, NULL, NULL },
	{ "payload", kw_payload, NULL, NULL, NULL, NULL },
	{ "require_reply", kw_require_reply, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_connection_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* MISC_CHECK opens no connection: only the options from alpha on. */
/* clang-format off */
const struct cfg_keyword probe_conf_misc_keywords[] = {
	{ "misc_dynamic", kw_misc_dynamic, NULL, NULL, NULL, NULL },
	{ "misc_path", kw_misc_path, NULL, NULL, NULL, NULL },
	{ "misc_timeout", kw_misc_timeout, NULL, NULL, NULL, NULL },
	{ "user", kw_misc_user, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_common_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_file_keywords[] = {
	{ "dynamic", kw_file_dynamic, NULL, NULL, NULL, NULL },
	{ "track_file", kw_track_file, NULL, NULL, NULL, NULL },
	{ "weight", kw_file_weight, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_bfd_keywords[] = {
	{ "alpha", probe_conf_kw_flag, NULL, NULL, NULL, NULL },
	{ "name", kw_bfd_name, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */
