/*
 * The lines of a virtual_ipaddress block: an address with an optional
 * prefix length, then iproute2-style options (dev, scope, brd, label,
 * -nodad, ...), as keepalived 2.2.7 reads them. Each line is checked on its
 * own and against the instance's family. peer, preferred_lft, the address
 * flags (home, mngtmpaddr, noprefixroute, autojoin) and no_track are
 * checked and corrected as keepalived 2.2.7 does (a warning, the option or
 * the conflicting part dropped); the kernel layer installs them.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
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
	uint8_t scope;
} vip_scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE },
	{ "host", RT_SCOPE_HOST },
	{ "link", RT_SCOPE_LINK },
	{ "nowhere", RT_SCOPE_NOWHERE },
	{ "site", RT_SCOPE_SITE },
};
/* clang-format on */

/* Address options without a value that set a flag of the address (IFA_FLAGS). */
/* clang-format off */
static const struct {
	const char *name;
	uint32_t flag;
} vip_flags[] = {
	{ "autojoin",      IFA_F_MCAUTOJOIN },
	{ "home",          IFA_F_HOMEADDRESS },
	{ "mngtmpaddr",    IFA_F_MANAGETEMPADDR },
	{ "noprefixroute", IFA_F_NOPREFIXROUTE },
};
/* clang-format on */

uint32_t
vrrp_vip_pref_lft(const struct vrrp_vip *vip)
{
	if (vip->family != AF_INET6)
		return UINT32_MAX;
	if (vip->has_pref_lft)
		return vip->pref_lft;
	return vip->prefixlen == 128 ? 0 : UINT32_MAX;
}

const char *
vrrp_vip_opts_format(const struct vrrp_vip *vip, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	size_t n = 0;

	buf[0] = '\0';
#define VIP_OPT_ADD(...)                                                      \
	do {                                                                  \
		if (n < len)                                                  \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
	} while (0)
	if (vip->has_peer)
		VIP_OPT_ADD(" peer %s", inet_ntop(vip->family, &vip->peer, a, sizeof(a)));
	if (vip->has_pref_lft && vip->pref_lft == UINT32_MAX)
		VIP_OPT_ADD(" preferred_lft forever");
	else if (vip->has_pref_lft)
		VIP_OPT_ADD(" preferred_lft %u", vip->pref_lft);
	for (size_t k = 0; k < sizeof(vip_flags) / sizeof(vip_flags[0]); k++)
		if (vip->ifa_flags & vip_flags[k].flag)
			VIP_OPT_ADD(" %s", vip_flags[k].name);
	if (vip->no_track)
		VIP_OPT_ADD(" no_track");
#undef VIP_OPT_ADD
	return buf;
}

/* A flag word of vip_flags[] or no_track: true if it was one. */
static bool
vip_flag_word(struct vrrp_vip *vip, const char *word)
{
	if (strcmp(word, "no_track") == 0) {
		vip->no_track = true;
		return true;
	}
	for (size_t k = 0; k < sizeof(vip_flags) / sizeof(vip_flags[0]); k++) {
		if (strcmp(word, vip_flags[k].name) == 0) {
			vip->ifa_flags |= vip_flags[k].flag;
			return true;
		}
	}
	return false;
}

/* What the options of one line said beyond struct vrrp_vip. */
struct vip_line {
	const char *text; /* the address as written, for messages */
	char brd_sign;    /* '+' or '-': broadcast computed from the prefix */
	bool excluded;    /* virtual_ipaddress_excluded: never in an advert, any family */
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
vip_scope(const char *s, uint8_t *scope)
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
	*scope = (uint8_t)v;
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
	int other = vip->family == AF_INET ? AF_INET6 : AF_INET;

	memset(&peer, 0, sizeof(peer)); /* compared whole (reloads) */

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
		/* keepalived keeps the first peer, and the address without a wrong one. */
		if (vip->has_peer) {
			cfg_warn(r, VIP_FMT "peer %s - another peer has already been specified",
				 vi->name, line->text, val);
		} else if (inet_pton(vip->family, val, &peer) == 1) {
			vip->has_peer = true;
			vip->peer = peer;
		} else if (inet_pton(other, val, &peer) == 1) {
			cfg_warn(r, VIP_FMT "peer address %s does not match address family",
				 vi->name, line->text, val);
		} else {
			cfg_error(r, VIP_FMT "invalid peer '%s'", vi->name, line->text, val);
			return -1;
		}
	} else if (strcmp(opt, "preferred_lft") == 0) {
		/* keepalived ignores a bad value and keeps the address. */
		if (strcmp(val, "forever") == 0) {
			vip->has_pref_lft = true;
			vip->pref_lft = UINT32_MAX;
		} else if (parse_uint(val, UINT32_MAX, &lft)) {
			vip->has_pref_lft = true;
			vip->pref_lft = (uint32_t)lft;
		} else {
			cfg_warn(r, VIP_FMT "preferred_lft %s is invalid - ignoring", vi->name,
				 line->text, val);
		}
	} else {
		return 1;
	}
	return 0;
}

/* The checks keepalived makes once the whole line is read. */
static int
vip_complete(struct cfg_reader *r, struct vrrp_instance_conf *vi, struct vrrp_vip *vip,
	     struct vip_line *line)
{
	uint32_t host_mask;

	/* A point-to-point address: keepalived drops the prefix and the broadcast. */
	if (vip->has_peer && vip->prefixlen != (vip->family == AF_INET ? 32 : 128)) {
		cfg_warn(r,
			 VIP_FMT "cannot specify address prefix when specifying peer address - "
				 "ignoring",
			 vi->name, line->text);
		vip->prefixlen = vip->family == AF_INET ? 32 : 128;
	}
	if (vip->has_peer && vip->has_brd) {
		cfg_warn(r,
			 VIP_FMT "cannot specify broadcast and peer addresses - ignoring broadcast "
				 "address",
			 vi->name, line->text);
		vip->has_brd = false;
		line->brd_sign = 0;
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
		if (vip_flag_word(&vip, argv[i]))
			continue;
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
