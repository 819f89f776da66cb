/*
 * The lines of a virtual_ipaddress block: an address with an optional
 * prefix length, then iproute2-style options (dev, scope, brd, label,
 * -nodad, ...), as keepalived 2.2.7 reads them. Each line is checked on its
 * own and against the instance's family; the options keepalived knows but
 * that are not implemented here yet are accepted with a warning.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"

/* The Count IPvX Addr field is 8 bits wide. */

/* A whole number as keepalived's read_unsigned() takes it, for address options. */
static bool
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && *out <= max;
}

/* Scope names of iproute2's rt_scopes; numbers are accepted as well. */
/* clang-format off */
static const struct {
	const char *name;
	int scope;
} vip_scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE },
	{ "host", RT_SCOPE_HOST },
	{ "link", RT_SCOPE_LINK },
	{ "nowhere", RT_SCOPE_NOWHERE },
	{ "site", RT_SCOPE_SITE },
};
/* clang-format on */

/* Address options keepalived takes without a value that are not implemented yet. */
/* clang-format off */
static const char *const vip_unsupported_flags[] = {
	"autojoin", "home", "mngtmpaddr", "no_track", "noprefixroute",
};
/* clang-format on */

/* What the options of one line said beyond struct vrrp_vip. */
struct vip_line {
	const char *text; /* the address as written, for messages */
	char brd_sign;    /* '+' or '-': broadcast computed from the prefix */
	bool peer;
	bool excluded; /* virtual_ipaddress_excluded: never in an advert, any family */
};

#define VIP_FMT "(%s) virtual_ipaddress: '%s': "

/* The address and its /prefix: the first word of the line. */
static int
vip_parse_address(struct cfg_reader *r, struct vrrp_instance_conf *vi, const char *text,
		  struct vrrp_vip *vip)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	size_t len = slash != NULL ? (size_t)(slash - text) : strlen(text);
	uint8_t max_len;
	uint64_t plen;

	/* keepalived decides the family by the presence of a colon. */
	vip->family = strchr(text, ':') != NULL ? AF_INET6 : AF_INET;
	max_len = vip->family == AF_INET6 ? 128 : 32;
	vip->prefixlen = max_len;
	if (len < sizeof(addr)) {
		memcpy(addr, text, len);
		addr[len] = '\0';
	}
	/* keepalived skips the line and goes on (a template's stray character). */
	if (len >= sizeof(addr) || inet_pton(vip->family, addr, &vip->addr) != 1) {
		cfg_warn(r, VIP_FMT "VRRP parsed invalid IP - skipping the address", vi->name,
			 text);
		return 1;
	}
	if (slash != NULL) {
		if (!parse_uint(slash + 1, max_len, &plen)) {
			cfg_error(r, VIP_FMT "prefix length '%s' is out of range 0..%u", vi->name,
				  text, slash + 1, max_len);
			return -1;
		}
		vip->prefixlen = (uint8_t)plen;
	}
	return 0;
}

/* A scope option's value: a name of vip_scopes[] or a number. */
static int
vip_scope(const char *s, int *scope)
{
	uint64_t v;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(vip_scopes) / sizeof(vip_scopes[0]); i++) {
		if (strcmp(s, vip_scopes[i].name) == 0) {
			*scope = vip_scopes[i].scope;
			return 0;
		}
	}
	/* iproute2 and keepalived take any base (strtoul base 0). */
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 || v > 255)
		return -1;
	*scope = (int)v;
	return 0;
}

/* The options that take a value (vip_option()'s). */
static bool
vip_known_option(const char *opt)
{
	static const char *const known[] = { "dev",   "scope", "brd",          "broadcast",
					     "label", "peer",  "preferred_lft" };

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(opt, known[i]) == 0)
			return true;
	return false;
}

/* One "option value" pair of a virtual_ipaddress line; 2: the address is dropped. */
static int
vip_option(struct cfg_reader *r, struct vrrp_instance_conf *vi, struct vrrp_vip *vip,
	   struct vip_line *line, const char *opt, const char *val)
{
	union vrrp_addr peer;
	uint64_t lft;

	if (strcmp(opt, "dev") == 0) {
		if (vip->dev[0] != '\0' || strlen(val) >= sizeof(vip->dev)) {
			cfg_error(r, VIP_FMT "dev given twice or too long", vi->name, line->text);
			return -1;
		}
		snprintf(vip->dev, sizeof(vip->dev), "%s", val);
	} else if (strcmp(opt, "scope") == 0) {
		/* keepalived ignores the option and keeps the address. */
		if (vip_scope(val, &vip->scope) == -1)
			cfg_warn(r, VIP_FMT "invalid scope '%s' - ignoring", vi->name, line->text,
				 val);
	} else if (strcmp(opt, "brd") == 0 || strcmp(opt, "broadcast") == 0) {
		if (vip->family == AF_INET6) {
			cfg_error(r, VIP_FMT "IPv6 addresses have no broadcast", vi->name,
				  line->text);
			return -1;
		}
		vip->has_brd = true;
		if (strcmp(val, "+") == 0 || strcmp(val, "-") == 0) {
			line->brd_sign = val[0];
		} else if (inet_pton(AF_INET, val, &vip->brd) != 1) {
			cfg_error(r, VIP_FMT "invalid broadcast '%s'", vi->name, line->text, val);
			return -1;
		}
	} else if (strcmp(opt, "label") == 0) {
		/* keepalived drops the whole address. */
		if (strlen(val) >= sizeof(vip->label)) {
			cfg_warn(r,
				 VIP_FMT "label '%s' longer than %zu characters - removing address",
				 vi->name, line->text, val, sizeof(vip->label) - 1);
			return 2;
		}
		snprintf(vip->label, sizeof(vip->label), "%s", val);
	} else if (strcmp(opt, "peer") == 0) {
		if (inet_pton(vip->family, val, &peer) != 1) {
			cfg_error(r, VIP_FMT "invalid peer '%s'", vi->name, line->text, val);
			return -1;
		}
		line->peer = true;
		cfg_warn(r, VIP_FMT "option 'peer' is not supported yet, ignored", vi->name,
			 line->text);
	} else if (strcmp(opt, "preferred_lft") == 0) {
		if (strcmp(val, "forever") != 0 && !parse_uint(val, UINT32_MAX, &lft)) {
			cfg_error(r, VIP_FMT "invalid preferred_lft '%s'", vi->name, line->text,
				  val);
			return -1;
		}
		cfg_warn(r, VIP_FMT "option 'preferred_lft' is not supported yet, ignored",
			 vi->name, line->text);
	} else {
		return 1;
	}
	return 0;
}

/* The checks keepalived makes once the whole line is read. */
static int
vip_complete(struct cfg_reader *r, struct vrrp_instance_conf *vi, struct vrrp_vip *vip,
	     const struct vip_line *line)
{
	uint32_t host_mask;

	if (line->peer && (vip->has_brd || vip->prefixlen != (vip->family == AF_INET ? 32 : 128))) {
		cfg_error(r, VIP_FMT "peer excludes a prefix length and brd", vi->name, line->text);
		return -1;
	}
	if (line->brd_sign != 0) {
		if (vip->prefixlen > 30) {
			cfg_error(r, VIP_FMT "prefix /%u too long for brd %c", vi->name, line->text,
				  vip->prefixlen, line->brd_sign);
			return -1;
		}
		host_mask = vip->prefixlen == 0 ? UINT32_MAX : UINT32_MAX >> vip->prefixlen;
		vip->brd.s_addr = line->brd_sign == '+' ? vip->addr.v4.s_addr | htonl(host_mask) :
							  vip->addr.v4.s_addr & ~htonl(host_mask);
	}
	if (vip->family == AF_INET6 && vip->label[0] != '\0') {
		cfg_warn(r, VIP_FMT "IPv6 addresses take no label - ignoring label", vi->name,
			 line->text);
		vip->label[0] = '\0';
	}
	if (vip->family == AF_INET6 && vip->scope != RT_SCOPE_UNIVERSE) {
		cfg_error(r, VIP_FMT "IPv6 addresses take no scope or label", vi->name, line->text);
		return -1;
	}
	/* An instance's family is its first address's; keepalived skips the others. */
	if (!line->excluded && vi->family != 0 && vi->family != vip->family) {
		cfg_warn(r, VIP_FMT "address family must match VRRP instance (IPv%d) - ignoring",
			 vi->name, line->text, vi->family == AF_INET ? 4 : 6);
		return 1;
	}
	return 0;
}

/* One line: the address, then its options word by word; kept only if all of it is valid. */
static int
vip_item(struct cfg_reader *r, int argc, char *argv[], struct vrrp_instance_conf *vi, bool excluded)
{
	struct vip_line line = { .text = argv[0], .excluded = excluded };
	struct vrrp_vip vip, *grown, **list;
	size_t *n;
	int i, ret;
	size_t k;

	memset(&vip, 0, sizeof(vip));
	vip.scope = RT_SCOPE_UNIVERSE;
	if ((ret = vip_parse_address(r, vi, argv[0], &vip)) != 0)
		return ret == 1 ? 0 : -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-nodad") == 0) {
			vip.nodad = true;
			continue;
		}
		if (strcmp(argv[i], "use_vmac") == 0) {
			vip.use_vmac = true; /* acted on with dev (vrrp_vmac_vip_wants_vmac()) */
			continue;
		}
		for (k = 0; k < sizeof(vip_unsupported_flags) / sizeof(vip_unsupported_flags[0]);
		     k++)
			if (strcmp(argv[i], vip_unsupported_flags[k]) == 0)
				break;
		if (k < sizeof(vip_unsupported_flags) / sizeof(vip_unsupported_flags[0])) {
			cfg_warn(r, VIP_FMT "option '%s' is not supported yet, ignored", vi->name,
				 line.text, argv[i]);
			continue;
		}
		/* keepalived skips a word it does not know, and goes on with the next. */
		if (!vip_known_option(argv[i])) {
			cfg_warn(r, VIP_FMT "unknown option '%s' - ignoring", vi->name, line.text,
				 argv[i]);
			continue;
		}
		if (i + 1 >= argc) {
			cfg_error(r, VIP_FMT "'%s' without a value", vi->name, line.text, argv[i]);
			return -1;
		}
		if ((ret = vip_option(r, vi, &vip, &line, argv[i], argv[i + 1])) == -1)
			return -1;
		if (ret == 2)
			return 0;
		i++;
	}
	if ((ret = vip_complete(r, vi, &vip, &line)) != 0)
		return ret == 1 ? 0 : -1;
	list = excluded ? &vi->evips : &vi->vips;
	n = excluded ? &vi->nevips : &vi->nvips;
	grown = realloc(*list, (*n + 1) * sizeof(**list));
	if (grown == NULL) {
		cfg_error(r, "(%s) out of memory", vi->name);
		return -1;
	}
	*list = grown;
	grown[(*n)++] = vip;
	if (!excluded)
		vi->family = vip.family;
	return 0;
}

int
vrrp_conf_vip_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vip_item(r, argc, argv, obj, false);
}

int
vrrp_conf_evip_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vip_item(r, argc, argv, obj, true);
}

/* For -d: the name that vip_scope() reads back as the same scope. */
const char *
vrrp_conf_scope_name(int scope, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(vip_scopes) / sizeof(vip_scopes[0]); i++)
		if (vip_scopes[i].scope == scope)
			return vip_scopes[i].name;
	snprintf(buf, len, "%d", scope);
	return buf;
}
