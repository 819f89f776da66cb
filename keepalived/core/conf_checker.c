/*
 * The checker's sections of keepalived.conf, read and ignored. keepalived
 * runs its health checker and IPVS (LVS) setup from virtual_server,
 * virtual_server_group and SSL blocks; this daemon has no checker yet, but a
 * user's configuration holds such blocks, and a mistake in them should be
 * reported rather than swallowed. So every keyword keepalived 2.2.7 knows
 * there is listed with a handler that checks its value the way keepalived
 * does, and nothing is kept.
 *
 * The keyword sets, the value ranges and what is a mistake were taken from
 * keepalived 2.2.7 itself, by running `keepalived -t` over crafted blocks.
 * Where keepalived is lax (extra words after a value, any regex), so are we:
 * a configuration keepalived accepts must be accepted here. Checks that
 * need other blocks (does the group exist, do address families match) are
 * left out: they are not syntax, and nothing here acts on them.
 *
 * This file holds the value helpers, the blocks' objects, and the
 * virtual_server, real_server, virtual_server_group and SSL keywords; the
 * health checks inside a real_server are in conf_checker_hc.c.
 */
#include "config.h"

#include "keepalived/core/conf_checker.h"
#include "keepalived/core/conf_checker_priv.h"

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Values ------------------------------------------------------------------ */

/* keepalived reads numbers with strtoul(), which takes a leading '+'. */
static const char *
number_text(const char *s)
{
	return s[0] == '+' && (isdigit((unsigned char)s[1]) || s[1] == '.') ? s + 1 : s;
}

int
chk_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
	 uint64_t *out)
{
	uint64_t v;

	return cfg_parse_uint(r, kw, number_text(s), min, max, out != NULL ? out : &v);
}

int
chk_addr_parse(const char *s, size_t len, unsigned char *bytes)
{
	char buf[INET6_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, bytes) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, buf, bytes) == 1)
		return AF_INET6;
	return 0;
}

int
chk_addr(struct cfg_reader *r, const char *kw, const char *s)
{
	unsigned char bytes[16];

	if (chk_addr_parse(s, strcspn(s, "/"), bytes) != 0)
		return 0;
	cfg_error(r, "%s: '%s' is not an IPv4 or IPv6 address", kw, s);
	return -1;
}

bool
chk_word_in(const char *s, const char *const words[], int (*cmp)(const char *, const char *))
{
	for (; *words != NULL; words++)
		if (cmp(s, *words) == 0)
			return true;
	return false;
}

/* ADDRESS [PORT], as on virtual_server, real_server and sorry_server lines. */
static int
addr_port(struct cfg_reader *r, int argc, char *argv[])
{
	char what[64];

	if (argc < 2) {
		cfg_error(r, "%s: missing address", argv[0]);
		return -1;
	}
	if (chk_addr(r, argv[0], argv[1]) == -1)
		return -1;
	snprintf(what, sizeof(what), "%s port", argv[0]);
	return argc > 2 ? chk_uint(r, what, argv[2], 0, 65535, NULL) : 0;
}

/* Shared handlers --------------------------------------------------------- */

/*
 * The ranges keepalived 2.2.7 enforces. Timers are seconds with up to six
 * decimals, their bounds in microseconds.
 */
static const struct {
	const char *kw;
	bool timer;
	bool optional; /* the value may be left out */
	uint64_t min, max;
} ranges[] = {
	{ "bind_port", false, false, 1, 65535 },
	{ "connect_port", false, false, 1, 65535 },
	{ "connect_timeout", true, false, 1, UINT32_MAX },
	{ "delay_before_retry", true, false, 0, UINT64_MAX - 1 },
	{ "delay_loop", true, false, 1, UINT64_MAX - 1 },
	{ "fwmark", false, false, 0, UINT32_MAX },
	{ "hysteresis", false, false, 0, UINT32_MAX },
	{ "lthreshold", false, false, 0, UINT32_MAX },
	{ "misc_timeout", false, false, 0, UINT32_MAX },
	{ "nb_get_retry", false, false, 0, UINT32_MAX },
	{ "persistence_timeout", false, true, 1, 2678400 }, /* 31 days */
	{ "quorum", false, false, 1, UINT32_MAX },
	{ "uthreshold", false, false, 0, UINT32_MAX },
	{ "warmup", true, false, 0, UINT64_MAX - 1 },
};

int
chk_kw_number(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (strcmp(ranges[i].kw, argv[0]) == 0)
			break;
	assert(i < sizeof(ranges) / sizeof(ranges[0])); /* a table names us without a range */
	if (argc < 2 && ranges[i].optional)
		return 0;
	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (ranges[i].timer)
		return cfg_parse_fixed(r, argv[0], number_text(argv[1]), 6, ranges[i].min,
				       ranges[i].max, &v);
	return chk_uint(r, argv[0], argv[1], ranges[i].min, ranges[i].max, NULL);
}

/* At least one try for servers; a checker may have none beyond the first. */
int
chk_kw_retry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const struct chk_block *b = obj;
	bool server = b->kind == CHK_VS || b->kind == CHK_REAL_SERVER;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	return chk_uint(r, argv[0], argv[1], server ? 1 : 0, UINT32_MAX, NULL);
}

/*
 * weight: of a virtual server 1.., of a real server 0.. (0 takes it out of
 * service); FILE_CHECK's is a signed multiplier with an optional reverse.
 */
int
chk_kw_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const struct chk_block *b = obj;
	int64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (b->kind != CHK_FILE)
		return chk_uint(r, argv[0], argv[1], b->kind == CHK_VS ? 1 : 0, INT32_MAX, NULL);
	if (cfg_parse_int(r, argv[0], argv[1], -INT32_MAX, INT32_MAX, &v) == -1)
		return -1;
	if (argc > 2 && strcmp(argv[2], "reverse") != 0 && strcmp(argv[2], "noreverse") != 0) {
		cfg_error(r, "weight: '%s' is not reverse or noreverse", argv[2]);
		return -1;
	}
	return 0;
}

int
chk_kw_string(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return cfg_check_argc(r, argc, argv, 1, -1);
}

int
chk_kw_required_string(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct chk_block *b = obj;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	b->required_seen = true;
	return 0;
}

int
chk_kw_one_word(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct chk_block *b = obj;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	b->required_seen = true;
	return 0;
}

int
chk_kw_opt_bool(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	bool v;

	return argc < 2 ? 0 : cfg_parse_bool(r, argv[0], argv[1], &v);
}

/* Virtual servers --------------------------------------------------------- */

static int
kw_scheduler(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const scheds[] = { "rr", "wrr", "lc",  "wlc",   "lblc", "sh", "mh",
					      "dh", "fo",  "ovf", "lblcr", "sed",  "nq", "twos",
					      NULL };

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (chk_word_in(argv[1], scheds, strcmp))
		return 0;
	cfg_error(r, "%s: '%s' is not an IPVS scheduler (rr, wrr, lc, wlc, lblc, sh, mh, dh, fo, "
		     "ovf, lblcr, sed, nq, twos)", argv[0], argv[1]);
	return -1;
}

/*
 * NAT | DR | TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]: a gue
 * tunnel needs a port and nothing else may have one; ipip takes no checksum
 * option and gre no remcsum. keepalived checks the options after NAT and DR
 * the same way.
 */
static int
lvs_method_check(struct cfg_reader *r, int argc, char *argv[])
{
	static const char *const methods[] = { "NAT", "DR", "TUN", NULL };
	static const char *const types[] = { "ipip", "gue", "gre", NULL };
	static const char *const csums[] = { "nocsum", "csum", "remcsum", NULL };
	const char *type = "ipip", *csum = "nocsum";
	bool port = false;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (!chk_word_in(argv[1], methods, strcmp)) {
		cfg_error(r, "%s: '%s' is not NAT, DR or TUN", argv[0], argv[1]);
		return -1;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "type") == 0 && i + 1 < argc) {
			type = argv[++i];
			if (!chk_word_in(type, types, strcmp)) {
				cfg_error(r, "%s: tunnel type '%s' is not ipip, gue or gre",
					  argv[0], type);
				return -1;
			}
		} else if (strcmp(argv[i], "port") == 0 && i + 1 < argc) {
			if (chk_uint(r, "tunnel port", argv[++i], 1, 65535, NULL) == -1)
				return -1;
			port = true;
		} else if (chk_word_in(argv[i], csums, strcmp)) {
			csum = argv[i];
		} else {
			cfg_error(r, "%s: '%s' is not a tunnel option", argv[0], argv[i]);
			return -1;
		}
	}
	if ((strcmp(type, "gue") == 0) != port) {
		cfg_error(r, "%s: a gue tunnel needs a port, and only a gue tunnel takes one",
			  argv[0]);
		return -1;
	}
	if ((strcmp(type, "ipip") == 0 && strcmp(csum, "nocsum") != 0) ||
	    (strcmp(type, "gre") == 0 && strcmp(csum, "remcsum") == 0)) {
		cfg_error(r, "%s: %s tunnels do not take %s", argv[0], type, csum);
		return -1;
	}
	return 0;
}

static int
kw_lvs_method(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return lvs_method_check(r, argc, argv);
}

static int
kw_protocol(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const protos[] = { "TCP", "UDP", "SCTP", NULL };

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (chk_word_in(argv[1], protos, strcasecmp))
		return 0;
	cfg_error(r, "protocol: '%s' is not TCP, UDP or SCTP", argv[1]);
	return -1;
}

static int
kw_ip_family(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[1], "inet") == 0 || strcmp(argv[1], "inet6") == 0)
		return 0;
	cfg_error(r, "ip_family: '%s' is not inet or inet6", argv[1]);
	return -1;
}

/*
 * An IPv4 netmask, or an IPv6 prefix length. keepalived reads IPv4 ones
 * with getaddrinfo(), which takes what inet_aton() takes, plain numbers
 * included; that covers the prefix lengths too.
 */
static int
kw_granularity(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct in_addr mask;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (inet_aton(argv[1], &mask) != 0)
		return 0;
	cfg_error(r, "persistence_granularity: '%s' is neither a netmask nor a prefix length",
		  argv[1]);
	return -1;
}

static int
kw_sorry_server(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct chk_block *b = obj;

	b->sorry_server = true;
	return addr_port(r, argc, argv);
}

/* sorry_server_inhibit and sorry_server_lvs_method apply to the sorry_server
 * given before them; keepalived ignores them otherwise. */
static int
kw_sorry_option(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const struct chk_block *b = obj;

	if (strcmp(argv[0], "sorry_server_lvs_method") == 0 &&
	    lvs_method_check(r, argc, argv) == -1)
		return -1;
	if (!b->sorry_server)
		cfg_warn(r, "%s: no sorry_server before it, ignored", argv[0]);
	return 0;
}

/* virtual_server_group entries -------------------------------------------- */

/*
 * The end of ADDRESS-END: a whole address of the same family, or the last
 * byte of an IPv4 address in decimal, or the last 16-bit group of an IPv6
 * one in hexadecimal. It must be above the start.
 */
static int
vsg_range_end(struct cfg_reader *r, const char *spec, const char *end, int af,
	      const unsigned char *start)
{
	unsigned char last[16];
	unsigned long v, first;
	char *stop;

	if (chk_addr_parse(end, strlen(end), last) == af) {
		if (memcmp(last, start, af == AF_INET ? 4 : 16) > 0)
			return 0;
	} else {
		v = strtoul(end, &stop, af == AF_INET ? 10 : 16);
		if (!isxdigit((unsigned char)end[0]) || *stop != '\0' ||
		    v > (af == AF_INET ? 255UL : 0xffffUL)) {
			cfg_error(r, "virtual_server_group: '%s': the range end '%s' is not an "
				     "address or a last %s", spec, end,
				  af == AF_INET ? "byte (0-255)" : "group (0-ffff)");
			return -1;
		}
		first = af == AF_INET ? start[3] : (unsigned long)(start[14] << 8 | start[15]);
		if (v > first)
			return 0;
	}
	cfg_error(r, "virtual_server_group: '%s': the range does not end above its start", spec);
	return -1;
}

/* ADDRESS, ADDRESS-END or ADDRESS/PREFIX. */
static int
vsg_address(struct cfg_reader *r, const char *spec)
{
	size_t len = strcspn(spec, "-/");
	unsigned char start[16];
	int af = chk_addr_parse(spec, len, start);

	if (af == 0) {
		cfg_error(r, "virtual_server_group: '%s' is not an address, a range or a prefix",
			  spec);
		return -1;
	}
	if (spec[len] == '/')
		return chk_uint(r, "virtual_server_group prefix length", spec + len + 1, 0,
				af == AF_INET ? 32 : 128, NULL);
	if (spec[len] == '-')
		return vsg_range_end(r, spec, spec + len + 1, af, start);
	return 0;
}

/* A line of virtual_server_group: ADDRESS-SPEC [PORT] or fwmark N [inet|inet6]. */
static int
vsg_entry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct chk_block *b = obj;

	if (strcmp(argv[0], "fwmark") == 0) {
		if (cfg_check_argc(r, argc, argv, 1, -1) == -1 ||
		    chk_uint(r, "fwmark", argv[1], 0, UINT32_MAX, NULL) == -1)
			return -1;
		if (argc > 2 && strcmp(argv[2], "inet") != 0 && strcmp(argv[2], "inet6") != 0) {
			cfg_error(r, "fwmark: family '%s' is not inet or inet6", argv[2]);
			return -1;
		}
	} else if (vsg_address(r, argv[0]) == -1 ||
		   (argc > 1 && chk_uint(r, "virtual_server_group port", argv[1], 0, 65535,
					 NULL) == -1)) {
		return -1;
	}
	b->children++;
	return 0;
}

/* Blocks ------------------------------------------------------------------ */

struct chk_block *
chk_block_new(struct cfg_reader *r, enum chk_kind kind, int argc, char *argv[])
{
	struct chk_block *b = calloc(1, sizeof(*b));
	size_t n = 0;

	if (b == NULL) {
		cfg_error(r, "%s: out of memory", argv[0]);
		return NULL;
	}
	b->kind = kind;
	b->reply_max = 255; /* keepalived's default for UDP_CHECK */
	for (int i = 0; i < argc && n < sizeof(b->label); i++)
		n += (size_t)snprintf(b->label + n, sizeof(b->label) - n, "%s%s", i ? " " : "",
				      argv[i]);
	return b;
}

int
chk_block_close(struct cfg_reader *r, void *obj)
{
	struct chk_block *b = obj;
	const char *missing = NULL;

	switch (b->kind) {
	case CHK_VS:
		missing = b->children == 0 ? "real_server" : NULL;
		break;
	case CHK_VSG:
		missing = b->children == 0 ? "entries" : NULL;
		break;
	case CHK_HTTP:
		missing = b->children == 0 ? "url" : NULL;
		break;
	case CHK_URL:
		missing = b->required_seen ? NULL : "path";
		break;
	case CHK_MISC:
		missing = b->required_seen ? NULL : "misc_path";
		break;
	case CHK_FILE:
		missing = b->required_seen ? NULL : "track_file";
		break;
	case CHK_BFD:
		missing = b->required_seen ? NULL : "name";
		break;
	case CHK_UDP:
		if (b->reply_min > b->reply_max)
			cfg_warn(r, "UDP_CHECK: min_reply_length %" PRIu64 " is above "
				    "max_reply_length %" PRIu64 ", no reply could pass",
				 b->reply_min, b->reply_max);
		break;
	default:
		break;
	}
	if (missing != NULL)
		cfg_warn(r, "%s has no %s, keepalived would ignore it", b->label, missing);
	free(b);
	return 0;
}

/* A top-level block and its one warning, on its opening line. */
static struct chk_block *
top_open(struct cfg_reader *r, enum chk_kind kind, int argc, char *argv[])
{
	struct chk_block *b = chk_block_new(r, kind, argc, argv);

	if (b != NULL)
		cfg_warn(r, "%s: the checker (LVS/health checks) is not part of this daemon yet, "
			    "block ignored", b->label);
	return b;
}

/* virtual_server ADDRESS [PORT] | fwmark N | group NAME */
static void *
open_virtual_server(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	struct chk_block *b = top_open(r, CHK_VS, argc, argv);

	if (b == NULL)
		return NULL;
	if (argc > 1 && strcmp(argv[1], "fwmark") == 0) {
		if (argc < 3)
			cfg_error(r, "virtual_server fwmark: missing mark");
		else
			chk_uint(r, "virtual_server fwmark", argv[2], 0, UINT32_MAX, NULL);
	} else if (argc > 1 && strcmp(argv[1], "group") == 0) {
		if (argc < 3)
			cfg_error(r, "virtual_server group: missing group name");
	} else {
		addr_port(r, argc, argv);
	}
	return b;
}

static void *
open_virtual_server_group(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	struct chk_block *b = top_open(r, CHK_VSG, argc, argv);

	if (b != NULL && argc != 2)
		cfg_error(r, "virtual_server_group: takes one name, got %d words", argc - 1);
	return b;
}

static void *
open_ssl(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	return top_open(r, CHK_SSL, argc, argv);
}

static void *
open_real_server(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct chk_block *vs = parent;

	vs->children++;
	addr_port(r, argc, argv);
	return chk_block_new(r, CHK_REAL_SERVER, argc, argv);
}

/* Keyword tables ---------------------------------------------------------- */

static const struct cfg_keyword real_server_keywords[] = {
	CHK_KW("alpha", chk_kw_opt_bool),
	CHK_KW("connect_timeout", chk_kw_number),
	CHK_KW("delay_before_retry", chk_kw_number),
	CHK_KW("delay_loop", chk_kw_number),
	CHK_KW("inhibit_on_failure", chk_kw_opt_bool),
	CHK_KW("lthreshold", chk_kw_number),
	CHK_KW("lvs_method", kw_lvs_method),
	CHK_KW("notify_down", chk_kw_string),
	CHK_KW("notify_up", chk_kw_string),
	CHK_KW("retry", chk_kw_retry),
	CHK_KW("smtp_alert", chk_kw_opt_bool),
	CHK_KW("snmp_name", chk_kw_one_word),
	CHK_KW("uthreshold", chk_kw_number),
	CHK_KW("virtualhost", chk_kw_string),
	CHK_KW("warmup", chk_kw_number),
	CHK_KW("weight", chk_kw_weight),
	CFG_KEYWORDS_FROM(chk_health_check_keywords),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword virtual_server_keywords[] = {
	CHK_FLAG("alpha"),
	CHK_KW("connect_timeout", chk_kw_number),
	CHK_KW("delay_before_retry", chk_kw_number),
	CHK_KW("delay_loop", chk_kw_number),
	CHK_FLAG("flag-1"),
	CHK_FLAG("flag-2"),
	CHK_FLAG("flag-3"),
	CHK_FLAG("ha_suspend"),
	CHK_FLAG("hashed"),
	CHK_KW("hysteresis", chk_kw_number),
	CHK_FLAG("inhibit_on_failure"),
	CHK_KW("ip_family", kw_ip_family),
	CHK_KW("lb_algo", kw_scheduler),
	CHK_KW("lb_kind", kw_lvs_method),
	CHK_KW("lvs_method", kw_lvs_method),
	CHK_KW("lvs_sched", kw_scheduler),
	CHK_FLAG("mh-fallback"),
	CHK_FLAG("mh-port"),
	CHK_FLAG("omega"),
	CHK_FLAG("ops"),
	CHK_KW("persistence_engine", chk_kw_string),
	CHK_KW("persistence_granularity", kw_granularity),
	CHK_KW("persistence_timeout", chk_kw_number),
	CHK_KW("protocol", kw_protocol),
	CHK_KW("quorum", chk_kw_number),
	CHK_KW("quorum_down", chk_kw_string),
	CHK_KW("quorum_up", chk_kw_string),
	CHK_BLOCK("real_server", open_real_server, real_server_keywords),
	CHK_KW("retry", chk_kw_retry),
	CHK_FLAG("sh-fallback"),
	CHK_FLAG("sh-port"),
	CHK_KW("smtp_alert", chk_kw_opt_bool),
	CHK_KW("snmp_name", chk_kw_one_word),
	CHK_KW("sorry_server", kw_sorry_server),
	CHK_KW("sorry_server_inhibit", kw_sorry_option),
	CHK_KW("sorry_server_lvs_method", kw_sorry_option),
	CHK_KW("virtualhost", chk_kw_string),
	CHK_KW("warmup", chk_kw_number),
	CHK_KW("weight", chk_kw_weight),
	CFG_KEYWORD_END,
};

static const struct cfg_keyword ssl_keywords[] = {
	CHK_KW("ca", chk_kw_string),
	CHK_KW("certificate", chk_kw_string),
	CHK_KW("key", chk_kw_string),
	CHK_KW("password", chk_kw_string),
	CFG_KEYWORD_END,
};

const struct cfg_keyword checker_top_keywords[] = {
	CHK_BLOCK("SSL", open_ssl, ssl_keywords),
	CHK_BLOCK("virtual_server", open_virtual_server, virtual_server_keywords),
	{ "virtual_server_group", NULL, open_virtual_server_group, NULL, vsg_entry,
	  chk_block_close },
	CFG_KEYWORD_END,
};
