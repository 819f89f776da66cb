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

#include "keepalived/check/conf/check_conf_probe_priv.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"

/* Values ------------------------------------------------------------------------------------- */

/* keepalived's strtoul() takes a leading '+'. */
const char *
probe_conf_number_text(const char *s)
{
	return s[0] == '+' && (isdigit((unsigned char)s[1]) || s[1] == '.') ? s + 1 : s;
}

int
probe_conf_one_value(struct cfg_reader *r, int argc, char *argv[])
{
	return cfg_check_argc(r, argc, argv, 1, -1);
}

int
probe_conf_uint(struct cfg_reader *r, char *argv[], uint64_t min, uint64_t max, uint64_t *out)
{
	return cfg_parse_uint(r, argv[0], probe_conf_number_text(argv[1]), min, max, out);
}

/* Seconds with up to six decimals, in microseconds. */
static int
parse_timer(struct cfg_reader *r, char *argv[], uint64_t min_us, uint64_t *out)
{
	return cfg_parse_fixed(r, argv[0], probe_conf_number_text(argv[1]), 6, min_us,
			       UINT64_MAX - 1, out);
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
int
probe_conf_copy(struct cfg_reader *r, const char *kw, const char *s, char *dst, size_t size)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return parse_addr(r, argv[0], argv[1], &c->connect_ip);
}

static int
kw_bindto(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return parse_addr(r, argv[0], argv[1], &c->bindto);
}

static int
kw_port(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    probe_conf_uint(r, argv, 1, 65535, &v) == -1)
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

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return probe_conf_copy(r, argv[0], argv[1], c->bind_if, sizeof(c->bind_if));
}

static int
kw_fwmark(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    probe_conf_uint(r, argv, 0, UINT32_MAX, &v) == -1)
		return -1;
	c->fwmark = (uint32_t)v;
	return 0;
}

static int
kw_connect_timeout(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	/* keepalived keeps it in 32 bits of microseconds. */
	return cfg_parse_fixed(r, argv[0], probe_conf_number_text(argv[1]), 6, 1, UINT32_MAX,
			       &c->connect_timeout_us);
}

static int
kw_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;
	uint64_t v;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    probe_conf_uint(r, argv, 0, UINT32_MAX, &v) == -1)
		return -1;
	c->retry = (unsigned)v;
	c->retry_given = true;
	return 0;
}

int
probe_conf_kw_nb_get_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	cfg_warn(r, "nb_get_retry is deprecated - please use 'retry'");
	return kw_retry(r, argc, argv, obj);
}

static int
kw_delay_before_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    parse_timer(r, argv, 0, &c->delay_before_retry_us) == -1)
		return -1;
	c->delay_before_retry_given = true;
	return 0;
}

static int
kw_delay_loop(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1)
		return -1;
	return parse_timer(r, argv, 1, &c->delay_loop_us);
}

static int
kw_warmup(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_probe_conf *c = obj;

	if (probe_conf_one_value(r, argc, argv) == -1 ||
	    parse_timer(r, argv, 0, &c->warmup_us) == -1)
		return -1;
	c->warmup_given = true;
	return 0;
}

/* alpha / log_all_failures [BOOL]: the word alone means yes. */
int
probe_conf_kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
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

/* Checker blocks ------------------------------------------------------------------------------- */

/* clang-format off */
static const struct {
	const char *name;
	enum check_probe_kind kind;
} block_kinds[] = {
	{ "TCP_CHECK", CHECK_TCP },   { "HTTP_GET", CHECK_HTTP },   { "SSL_GET", CHECK_SSL },
	{ "MISC_CHECK", CHECK_MISC }, { "DNS_CHECK", CHECK_DNS },   { "SMTP_CHECK", CHECK_SMTP },
	{ "UDP_CHECK", CHECK_UDP },   { "PING_CHECK", CHECK_PING }, { "FILE_CHECK", CHECK_FILE },
	{ "BFD_CHECK", CHECK_BFD },
};
/* clang-format on */

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
		return c->u.http.n_urls == 0 ?
			       "HTTP/SSL_GET checker has no urls specified - ignoring" :
			       NULL;
	case CHECK_MISC:
		return c->u.misc.cmd == NULL || c->u.misc.cmd->argv == NULL ?
			       "No script path has been specified for MISC_CHECKER - skipping" :
			       NULL;
	case CHECK_FILE:
		return c->u.file.name[0] == '\0' ?
			       "FILE_CHECK has no track_file specified - ignoring" :
			       NULL;
	case CHECK_BFD:
		return c->u.file.name[0] == '\0' ?
			       "No name has been specified for BFD_CHECKER - skipping" :
			       NULL;
	default:
		break;
	}
	return NULL;
}

/* keepalived's per-kind defaults for what the block did not give. */
static void
checker_defaults(struct check_probe_conf *c)
{
	if (!c->retry_given)
		c->retry = c->kind == CHECK_MISC ? 0 : c->kind == CHECK_DNS ? 3 : 1;
	if (!c->delay_before_retry_given)
		c->delay_before_retry_us = c->kind == CHECK_DNS ? 0 :
					   c->kind == CHECK_HTTP || c->kind == CHECK_SSL ?
								  3 * SECOND_US :
								  SECOND_US;
}

/* Free what a conf owns, not the conf. */
void
probe_conf_free_members(struct check_probe_conf *c)
{
	if (c->kind == CHECK_HTTP || c->kind == CHECK_SSL)
		free(c->u.http.urls);
	if (c->kind == CHECK_MISC) {
		if (c->u.misc.cmd != NULL) {
			vrrp_cmd_free(c->u.misc.cmd);
			free(c->u.misc.cmd);
		}
		free(c->u.misc.exec);
		free(c->u.misc.shown_path);
	}
}

static int
close_checker(struct cfg_reader *r, void *obj)
{
	struct checker_block *b = obj;
	struct check_probe_list *l = b->list;
	struct check_probe_conf *c = &b->c, *kept;
	const char *missing = checker_missing(c);
	char text[INET6_ADDRSTRLEN];

	if (c->kind == CHECK_UDP && c->u.udp.min_reply_length > c->u.udp.max_reply_length)
		cfg_warn(r,
			 "UDP_CHECK min_reply length %zu > max_reply_length %zu - will always fail",
			 c->u.udp.min_reply_length, c->u.udp.max_reply_length);
	if (missing != NULL) {
		cfg_warn(r, "%s", missing);
	} else if (c->bindto.family != 0 && c->connect_ip.family != 0 &&
		   c->bindto.family != c->connect_ip.family) {
		inet_ntop(c->bindto.family, &c->bindto.u, text, sizeof(text));
		cfg_warn(r,
			 "bindto address %s does not match address family of connect_ip - "
			 "skipping",
			 text);
		missing = "family";
	}
	kept = missing == NULL && l != NULL ? malloc(sizeof(*kept)) : NULL;
	if (kept == NULL) {
		probe_conf_free_members(c);
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

/* clang-format off */
const struct cfg_keyword probe_conf_common_keywords[] = {
	{ "alpha", probe_conf_kw_flag, NULL, NULL, NULL, NULL },
	{ "delay_before_retry", kw_delay_before_retry, NULL, NULL, NULL, NULL },
	{ "delay_loop", kw_delay_loop, NULL, NULL, NULL, NULL },
	{ "log_all_failures", probe_conf_kw_flag, NULL, NULL, NULL, NULL },
	{ "retry", kw_retry, NULL, NULL, NULL, NULL },
	{ "warmup", kw_warmup, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword probe_conf_connection_keywords[] = {
	{ "bind_if", kw_bind_if, NULL, NULL, NULL, NULL },
	{ "bind_port", kw_port, NULL, NULL, NULL, NULL },
	{ "bindto", kw_bindto, NULL, NULL, NULL, NULL },
	{ "connect_ip", kw_connect_ip, NULL, NULL, NULL, NULL },
	{ "connect_port", kw_port, NULL, NULL, NULL, NULL },
	{ "connect_timeout", kw_connect_timeout, NULL, NULL, NULL, NULL },
	{ "fwmark", kw_fwmark, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(probe_conf_common_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
#define CHECKER_BLOCK(name, sub) { name, NULL, open_checker, sub, NULL, close_checker }
/* clang-format on */

/* clang-format off */
const struct cfg_keyword check_conf_probe_keywords[] = {
	CHECKER_BLOCK("BFD_CHECK", probe_conf_bfd_keywords),
	CHECKER_BLOCK("DNS_CHECK", probe_conf_dns_keywords),
	CHECKER_BLOCK("FILE_CHECK", probe_conf_file_keywords),
	CHECKER_BLOCK("HTTP_GET", probe_conf_http_keywords),
	CHECKER_BLOCK("MISC_CHECK", probe_conf_misc_keywords),
	CHECKER_BLOCK("PING_CHECK", probe_conf_connection_keywords),
	CHECKER_BLOCK("SMTP_CHECK", probe_conf_smtp_keywords),
	CHECKER_BLOCK("SSL_GET", probe_conf_http_keywords),
	CHECKER_BLOCK("TCP_CHECK", probe_conf_connection_keywords),
	CHECKER_BLOCK("UDP_CHECK", probe_conf_udp_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Freeing -------------------------------------------------------------------------------------- */

const char *
check_probe_kind_name(enum check_probe_kind kind)
{
	/* clang-format off */
	static const char *const names[] = {
		[CHECK_TCP] = "TCP_CHECK",   [CHECK_HTTP] = "HTTP_GET",
		[CHECK_SSL] = "SSL_GET",     [CHECK_MISC] = "MISC_CHECK",
		[CHECK_DNS] = "DNS_CHECK",   [CHECK_SMTP] = "SMTP_CHECK",
		[CHECK_UDP] = "UDP_CHECK",   [CHECK_PING] = "PING_CHECK",
		[CHECK_FILE] = "FILE_CHECK", [CHECK_BFD] = "BFD_CHECK",
	};
	/* clang-format on */

	if ((unsigned)kind < sizeof(names) / sizeof(names[0]))
		return names[kind];
	return "?";
}

void
check_probe_conf_free(struct check_probe_conf *c)
{
	if (c == NULL)
		return;
	probe_conf_free_members(c);
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

/* The global SSL block ------------------------------------------------------------------------- */

static int
kw_ssl_value(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_ssl_conf *s = obj;
	char *dst;
	size_t size;

	if (probe_conf_one_value(r, argc, argv) == -1)
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
	return probe_conf_copy(r, argv[0], argv[1], dst, size);
}

/* clang-format off */
const struct cfg_keyword check_conf_ssl_keywords[] = {
	{ "ca", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "certificate", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "key", kw_ssl_value, NULL, NULL, NULL, NULL },
	{ "password", kw_ssl_value, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */
