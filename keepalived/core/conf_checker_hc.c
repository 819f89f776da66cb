/*
 * The health-check blocks of a real_server, read and ignored:
 * HTTP_GET/SSL_GET with their url blocks, TCP_CHECK, SMTP_CHECK with its
 * host blocks, DNS_CHECK, MISC_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK and
 * BFD_CHECK. Which keyword each accepts and which values are mistakes follow
 * keepalived 2.2.7 (see conf_checker.c): MISC_CHECK opens no connection and
 * so has no connection options, FILE_CHECK and BFD_CHECK have none of the
 * common ones.
 */
#include "config.h"

#include "keepalived/core/conf_checker_priv.h"

#include <ctype.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every character a hexadecimal digit, or 'x'/'X' where that is allowed. */
static bool
is_hex(const char *s, bool x_allowed)
{
	for (; *s != '\0'; s++)
		if (!isxdigit((unsigned char)*s) && !(x_allowed && (*s == 'x' || *s == 'X')))
			return false;
	return true;
}

/* Connections ------------------------------------------------------------- */

static int
kw_address(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	return chk_addr(r, argv[0], argv[1]);
}

static int
kw_bind_if(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strlen(argv[1]) >= IFNAMSIZ) {
		cfg_error(r, "bind_if: '%s' is longer than %d characters", argv[1], IFNAMSIZ - 1);
		return -1;
	}
	return 0;
}

/* HTTP_GET and SSL_GET ---------------------------------------------------- */

static int
kw_nb_get_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	cfg_warn(r, "nb_get_retry is deprecated, use retry");
	return chk_kw_number(r, argc, argv, obj);
}

static int
kw_http_protocol(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const versions[] = { "1.0", "1.0C", "1.0c", "1.1", NULL };

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (chk_word_in(argv[1], versions, strcmp))
		return 0;
	cfg_error(r, "http_protocol: '%s' is not 1.0, 1.0C or 1.1", argv[1]);
	return -1;
}

/* The MD5 sum of the page, as genhash prints it. */
static int
kw_digest(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strlen(argv[1]) == 32 && is_hex(argv[1], false))
		return 0;
	cfg_error(r, "digest: '%s' is not an MD5 sum (32 hexadecimal digits)", argv[1]);
	return -1;
}

/* A code or range of codes from 100 to 599: 200, 200-299. */
static bool
status_range_ok(const char *s)
{
	unsigned long lo, hi;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return false;
	lo = hi = strtoul(s, &end, 10);
	if (*end == '-' && isdigit((unsigned char)end[1]))
		hi = strtoul(end + 1, &end, 10);
	return *end == '\0' && lo >= 100 && lo <= hi && hi <= 599;
}

/* status_code 200-299 400-499 503; none at all is accepted too. */
static int
kw_status_code(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	for (int i = 1; i < argc; i++) {
		if (!status_range_ok(argv[i])) {
			cfg_error(r, "status_code: '%s' is not a code or range of codes in 100-599",
				  argv[i]);
			return -1;
		}
	}
	return 0;
}

static void *
open_url(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct chk_block *checker = parent;

	checker->children++;
	return chk_block_new(r, CHK_URL, 1, argv);
}

/* DNS_CHECK, UDP_CHECK ---------------------------------------------------- */

static int
kw_dns_type(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const types[] = { "A",   "NS",   "CNAME", "SOA",    "MX",
					     "TXT", "AAAA", "RRSIG", "DNSKEY", NULL };

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (chk_word_in(argv[1], types, strcasecmp))
		return 0;
	cfg_error(r, "type: '%s' is not a DNS query type (A, NS, CNAME, SOA, MX, TXT, AAAA, "
		     "RRSIG, DNSKEY)", argv[1]);
	return -1;
}

/* A domain name: "." for the root, else labels with no empty one but the last. */
static int
kw_dns_name(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const char *n;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	n = argv[1];
	if (strcmp(n, ".") == 0 || (n[0] != '.' && strstr(n, "..") == NULL))
		return 0;
	cfg_error(r, "name: '%s' has an empty label", n);
	return -1;
}

/*
 * payload HEX... (required) and require_reply [HEX...], where the reply may
 * have X for a digit not compared. Words are hexadecimal digits in any
 * grouping: "Ab12f 3 456".
 */
static int
kw_hex(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	bool reply = strcmp(argv[0], "require_reply") == 0;

	if (!reply && cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	for (int i = 1; i < argc; i++) {
		if (!is_hex(argv[i], reply)) {
			cfg_error(r, "%s: '%s' is not hexadecimal", argv[0], argv[i]);
			return -1;
		}
	}
	return 0;
}

/* Kept for the check, when UDP_CHECK closes, that some reply can pass. */
static int
kw_reply_length(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct chk_block *b = obj;
	bool is_min = strcmp(argv[0], "min_reply_length") == 0;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	return chk_uint(r, argv[0], argv[1], 0, 65535, is_min ? &b->reply_min : &b->reply_max);
}

/* Checker blocks ---------------------------------------------------------- */

static void *
open_checker(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	static const struct {
		const char *name;
		enum chk_kind kind;
	} kinds[] = {
		{ "HTTP_GET", CHK_HTTP },   { "SSL_GET", CHK_HTTP }, { "MISC_CHECK", CHK_MISC },
		{ "FILE_CHECK", CHK_FILE }, { "BFD_CHECK", CHK_BFD }, { "UDP_CHECK", CHK_UDP },
	};
	enum chk_kind kind = CHK_OTHER_CHECK;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(argv[0], kinds[i].name) == 0)
			kind = kinds[i].kind;
	return chk_block_new(r, kind, 1, argv);
}

/* Options of every checker but FILE_CHECK and BFD_CHECK. */
static const struct cfg_keyword common_keywords[] = {
	CHK_KW("alpha", chk_kw_opt_bool),
	CHK_KW("delay_before_retry", chk_kw_number),
	CHK_KW("delay_loop", chk_kw_number),
	CHK_KW("log_all_failures", chk_kw_opt_bool),
	CHK_KW("retry", chk_kw_retry),
	CHK_KW("warmup", chk_kw_number),
	CFG_KEYWORD_END,
};

/* Where the checkers that open a connection connect, and from where. */
static const struct cfg_keyword connection_keywords[] = {
	CHK_KW("bind_if", kw_bind_if),
	CHK_KW("bind_port", chk_kw_number),
	CHK_KW("bindto", kw_address),
	CHK_KW("connect_ip", kw_address),
	CHK_KW("connect_port", chk_kw_number),
	CHK_KW("connect_timeout", chk_kw_number),
	CHK_KW("fwmark", chk_kw_number),
	CFG_KEYWORDS_FROM(common_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword url_keywords[] = {
	CHK_KW("digest", kw_digest),
	CHK_KW("path", chk_kw_required_string),
	/* Without PCRE2 (Debian's build), keepalived takes any regex options. */
	CHK_FLAG("regex"),
	CHK_FLAG("regex_max_offset"),
	CHK_FLAG("regex_min_offset"),
	CHK_FLAG("regex_no_match"),
	CHK_FLAG("regex_options"),
	CHK_FLAG("regex_stack"),
	CHK_KW("status_code", kw_status_code),
	CHK_KW("virtualhost", chk_kw_string),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword http_keywords[] = {
	CHK_FLAG("enable_sni"),
	CHK_KW("fast_recovery", chk_kw_opt_bool),
	CHK_KW("http_protocol", kw_http_protocol),
	CHK_KW("nb_get_retry", kw_nb_get_retry),
	CHK_BLOCK("url", open_url, url_keywords),
	CHK_KW("virtualhost", chk_kw_string),
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword smtp_keywords[] = {
	CHK_KW("helo_name", chk_kw_string),
	/* Each host { } is one more connection to check; its lines go to the
	 * SMTP_CHECK's block, so it has nothing to close. */
	{ "host", NULL, NULL, connection_keywords, NULL, NULL },
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword dns_keywords[] = {
	CHK_KW("name", kw_dns_name),
	CHK_KW("type", kw_dns_type),
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword udp_keywords[] = {
	CHK_KW("max_reply_length", kw_reply_length),
	CHK_KW("min_reply_length", kw_reply_length),
	CHK_KW("payload", kw_hex),
	CHK_KW("require_reply", kw_hex),
	CFG_KEYWORDS_FROM(connection_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword misc_keywords[] = {
	CHK_FLAG("misc_dynamic"),
	CHK_KW("misc_path", chk_kw_required_string),
	CHK_KW("misc_timeout", chk_kw_number),
	CHK_KW("user", chk_kw_string),
	CFG_KEYWORDS_FROM(common_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword file_keywords[] = {
	CHK_KW("track_file", chk_kw_required_string),
	CHK_KW("weight", chk_kw_weight),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword bfd_keywords[] = {
	CHK_KW("alpha", chk_kw_opt_bool),
	CHK_KW("name", chk_kw_one_word),
	CFG_KEYWORD_END,
};

const struct cfg_keyword chk_health_check_keywords[] = {
	CHK_BLOCK("BFD_CHECK", open_checker, bfd_keywords),
	CHK_BLOCK("DNS_CHECK", open_checker, dns_keywords),
	CHK_BLOCK("FILE_CHECK", open_checker, file_keywords),
	CHK_BLOCK("HTTP_GET", open_checker, http_keywords),
	CHK_BLOCK("MISC_CHECK", open_checker, misc_keywords),
	CHK_BLOCK("PING_CHECK", open_checker, connection_keywords),
	CHK_BLOCK("SMTP_CHECK", open_checker, smtp_keywords),
	CHK_BLOCK("SSL_GET", open_checker, http_keywords),
	CHK_BLOCK("TCP_CHECK", open_checker, connection_keywords),
	CHK_BLOCK("UDP_CHECK", open_checker, udp_keywords),
	CFG_KEYWORD_END,
};
