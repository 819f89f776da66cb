/*
 * The VRRP part of keepalived.conf: vrrp_instance blocks and the vrrp_*
 * defaults of global_defs.
 *
 * Keyword handlers fill a struct vrrp_instance_conf as the reader meets the
 * lines; vrrp_conf_finish() then completes each instance the way keepalived
 * 2.2.7 does (priority from the initial state, version from the family and
 * global_defs) and makes the checks that need a whole instance or the whole
 * file. The yardstick is `keepalived -t`: whatever it reports as a
 * configuration error is an error here, and the configuration is refused.
 * Keywords that keepalived.conf(5) lists but that are not implemented yet
 * are accepted with one warning each, and their blocks are skipped.
 * The lines of virtual_ipaddress are read by vrrp_conf_vip.c, and -d is
 * written by vrrp_conf_dump.c.
 *
 * Values are stored in the units the protocol core uses: the advertisement
 * interval in centiseconds, delays in microseconds.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <arpa/inet.h>
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/vrrp_route_conf.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "lib/log.h"

/* keepalived's defaults (vrrp.h, global_data.c). */
#define GARP_MASTER_DELAY_US (5 * US_PER_S)
#define GARP_MASTER_REPEAT 5
#define GARP_MASTER_REFRESH_REPEAT 1
#define PREEMPT_DELAY_MAX_US (1000 * US_PER_S)
#define ADVER_INT_MIN_US US_PER_CS
#define ADVER_INT_MAX_US (255 * US_PER_S)
/* IPv6 addresses that fit a VRRPv3 advert in a 1500 byte Ethernet frame. */
#define VRRP_ADVERT_MAX_ADDRS 255 /* the count is one byte */
#define VRRP_V6_VIPS_MTU1500 ((1500 - 14 - 40 - 8) / 16)

/* Values ------------------------------------------------------------------- */

/*
 * Numbers go through the reader's helpers; the keyword they are given is
 * prefixed with the instance's name, as keepalived's messages are:
 * "keepalived.conf:7: (VI_1) virtual_router_id: '300' is out of range 1..255".
 */
typedef char kw_label[VRRP_NAME_MAX + 64];

static const char *
label(kw_label buf, const struct vrrp_instance_conf *vi, const char *kw)
{
	if (vi == NULL)
		snprintf(buf, sizeof(kw_label), "%s", kw);
	else
		snprintf(buf, sizeof(kw_label), "(%s) %s", vi->name, kw);
	return buf;
}

static int
need_value(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[])
{
	kw_label kw;

	if (argc >= 2)
		return 0;
	cfg_error(r, "%s: missing argument", label(kw, vi, argv[0]));
	return -1;
}

static int
get_uint(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	 uint64_t min, uint64_t max, uint64_t *out)
{
	kw_label kw;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	return cfg_parse_uint(r, label(kw, vi, argv[0]), argv[1], min, max, out);
}

/*
 * keepalived's check_true_false(): no value means true, and only these six
 * words count (not 1/0, not upper case), so its own parser is used here.
 */
static int
get_bool(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	 bool *out)
{
	static const char *const yes[] = { "on", "true", "yes" }, *const no[] = { "off", "false",
										  "no" };
	kw_label kw;

	if (argc < 2) {
		*out = true;
		return 0;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(argv[1], yes[i]) == 0 || strcmp(argv[1], no[i]) == 0) {
			*out = strcmp(argv[1], yes[i]) == 0;
			return 0;
		}
	}
	/* keepalived reports it and ignores the line. */
	cfg_warn(r, "%s: invalid value '%s' (on/off, true/false, yes/no) - ignored",
		 label(kw, vi, argv[0]), argv[1]);
	return 0;
}

/* A fixed-point value as the shortest decimal: 150 with 2 digits is "1.5". */
const char *
vrrp_conf_fmt_fixed(uint64_t v, unsigned digits, char *buf, size_t len)
{
	uint64_t scale = 1, frac;
	int width = (int)digits;

	for (unsigned i = 0; i < digits; i++)
		scale *= 10;
	frac = v % scale;
	for (; frac != 0 && frac % 10 == 0; width--)
		frac /= 10;
	if (frac == 0)
		snprintf(buf, len, "%" PRIu64, v / scale);
	else
		snprintf(buf, len, "%" PRIu64 ".%0*" PRIu64, v / scale, width, frac);
	return buf;
}

/* Numeric settings ------------------------------------------------------------ */

/*
 * Settings that are one number, in a vrrp_instance or in global_defs: the
 * range keepalived accepts as written, and the factor to the unit stored.
 * Decimal settings are seconds with microsecond resolution (keepalived's
 * TIMER_HZ); their range is in microseconds.
 */
enum num_kind {
	NUM_INTEGER,
	NUM_REPEAT, /* keepalived reads 0 but calls it an error */
	NUM_DECIMAL,
};

struct num_setting {
	const char *name;
	enum num_kind kind;
	uint64_t min, max;
	uint64_t factor;
	size_t offset, size; /* the field in its struct */
};

#define INST_NUM(name, kind, min, max, factor, field)                                     \
	{                                                                                 \
		name, kind, min, max, factor, offsetof(struct vrrp_instance_conf, field), \
			sizeof(((struct vrrp_instance_conf *)NULL)->field)                \
	}
#define GLOBAL_NUM(name, kind, min, max, factor, field)                                 \
	{                                                                               \
		name, kind, min, max, factor, offsetof(struct vrrp_global_conf, field), \
			sizeof(((struct vrrp_global_conf *)NULL)->field)                \
	}

/* clang-format off */
static const struct num_setting instance_numbers[] = {
	INST_NUM("down_timer_adverts", NUM_INTEGER, 1, 100, 1, down_timer_adverts),
	INST_NUM("garp_master_delay", NUM_INTEGER, 0, UINT32_MAX / US_PER_S, US_PER_S,
		 garp_master_delay_us),
	INST_NUM("garp_master_refresh", NUM_INTEGER, 0, UINT32_MAX, US_PER_S,
		 garp_master_refresh_us),
	INST_NUM("garp_master_refresh_repeat", NUM_REPEAT, 0, UINT32_MAX, 1,
		 garp_master_refresh_repeat),
	INST_NUM("garp_master_repeat", NUM_REPEAT, 0, UINT32_MAX, 1, garp_master_repeat),
	INST_NUM("late_advert_warn", NUM_INTEGER, 0, 100, 1, late_advert_warn),
	INST_NUM("preempt_delay", NUM_DECIMAL, 0, PREEMPT_DELAY_MAX_US, 1, preempt_delay_us),
	INST_NUM("priority", NUM_INTEGER, 1, VRRP_PRIO_OWNER, 1, priority),
	INST_NUM("virtual_router_id", NUM_INTEGER, 1, 255, 1, vrid),
};
/* clang-format on */

/* clang-format off */
static const struct num_setting global_numbers[] = {
	GLOBAL_NUM("vrrp_down_timer_adverts", NUM_INTEGER, 1, 100, 1, down_timer_adverts),
	GLOBAL_NUM("vrrp_garp_interval", NUM_DECIMAL, 1, UINT32_MAX, 1, garp_interval_us),
	GLOBAL_NUM("vrrp_garp_master_delay", NUM_INTEGER, 0, UINT32_MAX / US_PER_S, US_PER_S,
		   garp_master_delay_us),
	GLOBAL_NUM("vrrp_garp_master_refresh", NUM_INTEGER, 0, UINT32_MAX, US_PER_S,
		   garp_master_refresh_us),
	GLOBAL_NUM("vrrp_garp_master_refresh_repeat", NUM_REPEAT, 0, UINT32_MAX, 1,
		   garp_master_refresh_repeat),
	GLOBAL_NUM("vrrp_garp_master_repeat", NUM_REPEAT, 0, UINT32_MAX, 1, garp_master_repeat),
	GLOBAL_NUM("vrrp_gna_interval", NUM_DECIMAL, 1, UINT32_MAX, 1, gna_interval_us),
	GLOBAL_NUM("vrrp_late_advert_warn", NUM_INTEGER, 0, 100, 1, late_advert_warn),
	GLOBAL_NUM("vrrp_version", NUM_INTEGER, VRRP_V2, VRRP_V3, 1, version),
};
/* clang-format on */

static const struct num_setting *
num_find(const struct num_setting *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

/*
 * keepalived 2.2.7 reports a number it cannot read, or one outside its range,
 * and ignores the line (the default stays): "priority BACKUP" from a
 * template, "vrrp_garp_interval 0" from its own sample. So do we; returns
 * true when the line is to be ignored, the warning written.
 */
static bool
num_ignored(struct cfg_reader *r, const struct vrrp_instance_conf *vi, char *argv[],
	    const struct num_setting *s)
{
	const char *text = argv[1];
	double scale = s->kind == NUM_DECIMAL ? 1e6 : 1.0;
	double v;
	char *end;
	kw_label kw;

	label(kw, vi, argv[0]);
	errno = 0;
	v = strtod(text, &end);
	if (!isdigit((unsigned char)text[0]) || *end != '\0' || errno != 0 ||
	    (s->kind != NUM_DECIMAL && strchr(text, '.') != NULL)) {
		cfg_warn(r, "%s: invalid number '%s' - ignored, the default is used", kw, text);
		return true;
	}
	if (v * scale < (double)s->min - 0.5 || v * scale > (double)s->max + 0.5) {
		cfg_warn(r,
			 "%s: number '%s' outside range [%.*f, %.*f] - ignored, "
			 "the default is used",
			 kw, text, s->kind == NUM_DECIMAL ? 6 : 0, (double)s->min / scale,
			 s->kind == NUM_DECIMAL ? 6 : 0, (double)s->max / scale);
		return true;
	}
	return false;
}

/* Parse argv[1] for setting s and store it into obj (the instance or the globals). */
static int
num_set(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	const struct num_setting *s, void *obj, uint64_t *stored)
{
	unsigned char *field = (unsigned char *)obj + s->offset;
	kw_label kw;
	uint64_t v;
	uint32_t v32;
	uint8_t v8;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	label(kw, vi, argv[0]);
	if (num_ignored(r, vi, argv, s))
		return 0;
	if (s->kind == NUM_DECIMAL) {
		if (cfg_parse_fixed(r, kw, argv[1], 6, s->min, s->max, &v) == -1)
			return -1;
	} else if (cfg_parse_uint(r, kw, argv[1], s->min, s->max, &v) == -1) {
		return -1;
	}
	if (s->kind == NUM_REPEAT && v == 0) {
		cfg_warn(r, "%s: must be greater than 0, setting to 1", kw);
		v = 1;
	}
	v *= s->factor;
	if (stored != NULL)
		*stored = v;
	switch (s->size) {
	case sizeof(v8):
		v8 = (uint8_t)v;
		memcpy(field, &v8, sizeof(v8));
		break;
	case sizeof(v32):
		v32 = (uint32_t)v;
		memcpy(field, &v32, sizeof(v32));
		break;
	default:
		assert(s->size == sizeof(v));
		memcpy(field, &v, sizeof(v));
		break;
	}
	return 0;
}

/* vrrp_* in global_defs ----------------------------------------------------- */

void
vrrp_global_conf_defaults(struct vrrp_global_conf *g)
{
	memset(g, 0, sizeof(*g));
	g->version = 0; /* 2 for IPv4, 3 for IPv6 */
	g->garp_master_delay_us = GARP_MASTER_DELAY_US;
	g->garp_master_repeat = GARP_MASTER_REPEAT;
	g->garp_master_refresh_repeat = GARP_MASTER_REFRESH_REPEAT;
	g->down_timer_adverts = VRRP_DOWN_TIMER_ADVERTS_DEFAULT;
	g->late_advert_warn = VRRP_LATE_ADVERT_WARN_DEFAULT;
}

/*
 * vrrp_min_garp: one message, no second burst. As keepalived, only values still at their default
 * change.
 */
static void
global_min_garp(struct vrrp_global_conf *g)
{
	if (g->garp_master_repeat == GARP_MASTER_REPEAT)
		g->garp_master_repeat = 1;
	if (g->garp_master_refresh_repeat == GARP_MASTER_REFRESH_REPEAT)
		g->garp_master_refresh_repeat = 0;
	if (g->garp_master_delay_us == GARP_MASTER_DELAY_US)
		g->garp_master_delay_us = 0;
}

int
vrrp_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_global_conf *g)
{
	const struct num_setting *s;
	uint64_t v = 0; /* stays 0 when the line is ignored */
	bool b = false; /* stays false when the value is ignored */

	s = num_find(global_numbers, sizeof(global_numbers) / sizeof(global_numbers[0]), argv[0]);
	if (s != NULL) {
		if (num_set(r, NULL, argc, argv, s, g, &v) == -1)
			return -1;
		/* The decimal ones are the pacing intervals; keepalived warns too. */
		if (s->kind == NUM_DECIMAL && v >= US_PER_S)
			cfg_warn(r, "%s: '%s' seconds between messages is very large", argv[0],
				 argv[1]);
		return 0;
	}
	if (strcmp(argv[0], "vrrp_lower_prio_no_advert") == 0)
		return get_bool(r, NULL, argc, argv, &g->lower_prio_no_advert);
	if (strcmp(argv[0], "vrrp_higher_prio_send_advert") == 0)
		return get_bool(r, NULL, argc, argv, &g->higher_prio_send_advert);
	if (strcmp(argv[0], "vrrp_skip_check_adv_addr") == 0)
		return get_bool(r, NULL, argc, argv, &g->skip_check_adv_addr);
	if (strcmp(argv[0], "vmac_prefix") == 0 || strcmp(argv[0], "vmac_addr_prefix") == 0) {
		char *dst = argv[0][5] == 'p' ? g->vmac_prefix : g->vmac_addr_prefix;

		if (need_value(r, NULL, argc, argv) == -1)
			return -1;
		/* Room for ".255" within an interface name. */
		if (strlen(argv[1]) > sizeof(g->vmac_prefix) - 5) {
			cfg_warn(r,
				 "%s: '%s' leaves no room for .VRID in an interface name "
				 "- ignored",
				 argv[0], argv[1]);
			return 0;
		}
		snprintf(dst, sizeof(g->vmac_prefix), "%s", argv[1]);
		return 0;
	}
	if (strcmp(argv[0], "vrrp_vip_lease") == 0)
		return vrrp_lease_global_keyword(r, argc, argv, &g->lease);
	if (strcmp(argv[0], "vrrp_min_garp") == 0) {
		if (get_bool(r, NULL, argc, argv, &b) == -1)
			return -1;
		if (b)
			global_min_garp(g);
		return 0;
	}
	/* vrrp_garp_lower_prio_*, vrrp_garp_extra_if, vrrp_startup_delay: vrrp_conf_garp.c */
	if (vrrp_garp_global_keyword(r, argc, argv, g) != -2)
		return 0;
	cfg_error(r, "%s: not a VRRP keyword of global_defs", argv[0]);
	return -1;
}

/* vrrp_instance keywords ----------------------------------------------------- */

static int
kw_state(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	if (strcmp(argv[1], "MASTER") == 0) {
		vi->init_master = true;
	} else if (strcmp(argv[1], "BACKUP") == 0) {
		/* keepalived keeps the first MASTER and reports the BACKUP. */
		if (vi->init_master) {
			cfg_warn(r, "(%s) state previously set as MASTER - ignoring BACKUP",
				 vi->name);
			return 0;
		}
	} else {
		/* keepalived: the state is BACKUP, with a warning. */
		cfg_warn(r, "(%s) unknown state '%s', defaulting to BACKUP", vi->name, argv[1]);
		vi->init_master = false;
	}
	vi->given.state = true;
	return 0;
}

static int
kw_interface(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(vi->ifname)) {
		cfg_error(r, "(%s) interface: '%s' is too long", vi->name, argv[1]);
		return -1;
	}
	/* keepalived refuses loopback interfaces; "lo" is the only one by name. */
	if (strcmp(argv[1], "lo") == 0) {
		cfg_error(r, "(%s) interface: 'lo' is the loopback interface", vi->name);
		return -1;
	}
	snprintf(vi->ifname, sizeof(vi->ifname), "%s", argv[1]);
	vi->iface.if_line = cfg_line(r);
	return 0;
}

/* The settings of instance_numbers[]. */
static int
kw_number(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	const struct num_setting *s;

	s = num_find(instance_numbers, sizeof(instance_numbers) / sizeof(instance_numbers[0]),
		     argv[0]);
	return num_set(r, obj, argc, argv, s, obj, NULL);
}

static int
kw_advert_int(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	kw_label kw;
	uint64_t us;

	static const struct num_setting range = {
		"advert_int", NUM_DECIMAL, ADVER_INT_MIN_US, ADVER_INT_MAX_US, 1, 0, 0
	};

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	if (num_ignored(r, vi, argv, &range))
		return 0;
	if (cfg_parse_fixed(r, label(kw, vi, argv[0]), argv[1], 6, ADVER_INT_MIN_US,
			    ADVER_INT_MAX_US, &us) == -1)
		return -1;
	/* keepalived rounds to the nearest 10 ms and goes on. */
	if (us % US_PER_CS != 0) {
		cfg_warn(r, "(%s) advertisement interval %ss must be in units of 10ms - rounding",
			 vi->name, argv[1]);
		us += US_PER_CS / 2;
	}
	vi->adver_int_cs = (uint16_t)(us / US_PER_CS);
	if (vi->adver_int_cs == 0)
		vi->adver_int_cs = 1;
	return 0;
}

static int
kw_version(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	uint64_t v;

	if (get_uint(r, vi, argc, argv, VRRP_V2, VRRP_V3, &v) == -1)
		return -1;
	/* As keepalived: IPv6 addresses already read imply version 3. */
	/* keepalived keeps the version it had, with a warning. */
	if (vi->version != 0 && vi->version != v) {
		cfg_warn(r,
			 "(%s) version: %" PRIu64
			 " conflicts with version %u set before - ignoring",
			 vi->name, v, vi->version);
		return 0;
	}
	if (v == VRRP_V2 && vi->family == AF_INET6) {
		cfg_warn(r,
			 "(%s) version: 2 after IPv6 addresses, which imply version 3 - ignoring",
			 vi->name);
		return 0;
	}
	vi->version = (uint8_t)v;
	return 0;
}

static int
kw_nopreempt(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	vi->nopreempt = strcmp(argv[0], "nopreempt") == 0;
	return 0;
}

static int
kw_skip_check_adv_addr(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	vi->given.skip_check_adv_addr = true;
	return get_bool(r, vi, argc, argv, &vi->skip_check_adv_addr);
}

static int
kw_lower_prio_no_advert(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	vi->given.lower_prio_no_advert = true;
	return get_bool(r, vi, argc, argv, &vi->lower_prio_no_advert);
}

static int
kw_higher_prio_send_advert(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	vi->given.higher_prio_send_advert = true;
	return get_bool(r, vi, argc, argv, &vi->higher_prio_send_advert);
}

/* keepalived 2.3 added this keyword; 2.2.7 does not know it. */
static int
kw_v3_checksum_as_v2(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	vi->given.v3_checksum_as_v2 = true;
	return get_bool(r, vi, argc, argv, &vi->v3_checksum_as_v2);
}

/* Per-interface pacing is set in global_defs (or garp_group), never per instance. */
static int
kw_global_only(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	/* keepalived: "Unknown keyword", the line ignored. */
	cfg_warn(r, "(%s) %s: not a vrrp_instance keyword (use vrrp_%s in global_defs) - ignored",
		 vi->name, argv[0], argv[0]);
	return 0;
}

static int
kw_auth_type(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	if (strcmp(argv[1], "PASS") == 0) {
		vi->auth_type = VRRP_AUTH_PASS;
	} else if (strcmp(argv[1], "AH") == 0) {
		vi->auth_type = VRRP_AUTH_AH;
	} else {
		cfg_warn(r, "(%s) unknown authentication type '%s' - ignored", vi->name, argv[1]);
		return 0;
	}
	return 0;
}

static int
kw_auth_pass(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	size_t len;

	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	len = strlen(argv[1]);
	/* keepalived -t calls this an error; it still runs with the first 8 characters. */
	if (len > sizeof(vi->auth_pass)) {
		cfg_warn(r, "(%s) auth_pass: longer than %zu characters, truncated", vi->name,
			 sizeof(vi->auth_pass));
		len = sizeof(vi->auth_pass);
	}
	memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
	memcpy(vi->auth_pass, argv[1], len);
	return 0;
}

/* E-mail is out of scope: one warning that names the replacement. */
static int
kw_email(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	(void)argc;
	cfg_warn(r, "(%s) '%s' is accepted but not acted on: %s", vi->name, argv[0],
		 VRRP_CONF_NO_EMAIL);
	return 0;
}

/* Tables ---------------------------------------------------------------------- */

/* clang-format off */
#define KW(name, fn) { name, fn, NULL, NULL, NULL, NULL }
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword vrrp_auth_keywords[] = {
	KW("auth_pass", kw_auth_pass),
	KW("auth_type", kw_auth_type),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Alphabetical: implemented keywords, then those keepalived.conf(5) lists that are not (yet). */
/* clang-format off */
const struct cfg_keyword vrrp_instance_keywords[] = {
	CFG_KEYWORDS_FROM(vrrp_nft_instance_keywords), /* accept, no_accept, strict_mode */
	KW("advert_int", kw_advert_int),
	{ "authentication", NULL, NULL, vrrp_auth_keywords, NULL, NULL },
	KW("down_timer_adverts", kw_number),
	KW("garp_master_delay", kw_number),
	KW("garp_master_refresh", kw_number),
	KW("garp_master_refresh_repeat", kw_number),
	KW("garp_master_repeat", kw_number),
	KW("higher_prio_send_advert", kw_higher_prio_send_advert),
	KW("interface", kw_interface),
	KW("late_advert_warn", kw_number),
	KW("lower_prio_no_advert", kw_lower_prio_no_advert),
	KW("skip_check_adv_addr", kw_skip_check_adv_addr),
	KW("nopreempt", kw_nopreempt),
	KW("preempt", kw_nopreempt),
	KW("preempt_delay", kw_number),
	KW("priority", kw_number),
	KW("state", kw_state),
	KW("v3_checksum_as_v2", kw_v3_checksum_as_v2),
	KW("version", kw_version),
	{ "virtual_ipaddress", NULL, NULL, NULL, vrrp_conf_vip_item, NULL },
	{ "virtual_ipaddress_excluded", NULL, NULL, NULL, vrrp_conf_evip_item, NULL },
	KW("virtual_router_id", kw_number),
	/* track_*, notify*: vrrp_conf_track.c */
	CFG_KEYWORDS_FROM(vrrp_instance_track_keywords),
	/* use_vmac, vmac_xmit_base, use_vmac_addr: vrrp_conf_vmac.c */
	CFG_KEYWORDS_FROM(vrrp_vmac_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_ipvlan_instance_keywords), /* use_ipvlan: vrrp_conf_ipvlan.c */
	/* virtual_routes, virtual_rules: vrrp_conf_route.c */
	CFG_KEYWORDS_FROM(vrrp_route_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_unicast_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_lease_instance_keywords), /* vip_lease: vrrp_conf_lease.c */
	/* garp_lower_prio_*, garp_extra_if, vmac_garp_intvl: vrrp_conf_garp.c */
	CFG_KEYWORDS_FROM(vrrp_garp_instance_keywords),
	/* debug, dont_track_primary, track_src_ip...: vrrp_conf_iface.c */
	CFG_KEYWORDS_FROM(vrrp_iface_instance_keywords),

	/* keepalived has these in global_defs and garp_group only. */
	KW("garp_interval", kw_global_only),
	KW("gna_interval", kw_global_only),

	KW("smtp_alert", kw_email),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Instances ------------------------------------------------------------------------- */

/*
 * The file a block came from, kept once per distinct name for the life of
 * the process (a few configuration files, shared by every instance and every
 * reload; an instance would otherwise carry a whole path).
 */
static const char *
vrrp_conf_file_name(const char *name)
{
	static struct conf_file_name {
		struct conf_file_name *next;
		char name[];
	} * names;
	struct conf_file_name *n;
	size_t len = strlen(name);

	for (n = names; n != NULL; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n->name;
	n = malloc(sizeof(*n) + len + 1);
	if (n == NULL)
		return "(out of memory)";
	memcpy(n->name, name, len + 1);
	n->next = names;
	names = n;
	return n->name;
}

/*
 * The instances by name while the file is read (open addressing, linear
 * probing; slots a power of two at least twice n), and the list's tail:
 * a thousand instances are not a million name comparisons.
 */
struct vrrp_conf_names {
	struct vrrp_instance_conf **tail;
	size_t n, slots;
	struct vrrp_instance_conf *tab[];
};

static size_t
names_hash(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (uint8_t)*name) * 16777619u;
	return h;
}

/* The slot holding name, or the empty one where it would go. */
static size_t
names_slot(const struct vrrp_conf_names *x, const char *name)
{
	size_t mask = x->slots - 1, s = names_hash(name) & mask;

	while (x->tab[s] != NULL && strcmp(x->tab[s]->name, name) != 0)
		s = (s + 1) & mask;
	return s;
}

/* Room for one more name. 0, or -1 without memory (conf->names is then untouched). */
static int
names_reserve(struct vrrp_conf *conf)
{
	struct vrrp_conf_names *old = conf->names, *x;
	size_t slots = old != NULL ? old->slots : 64;

	if (old != NULL && 2 * (old->n + 1) <= old->slots)
		return 0;
	while (2 * ((old != NULL ? old->n : 0) + 1) > slots)
		slots *= 2;
	x = calloc(1, sizeof(*x) + slots * sizeof(x->tab[0]));
	if (x == NULL)
		return -1;
	x->slots = slots;
	x->tail = &conf->instances;
	for (struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next) {
		x->tab[names_slot(x, vi->name)] = vi;
		x->n++;
		x->tail = &vi->next;
	}
	free(old);
	conf->names = x;
	return 0;
}

static void
names_free(struct vrrp_conf *conf)
{
	free(conf->names);
	conf->names = NULL;
}

void *
vrrp_instance_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_conf *conf = parent;
	struct vrrp_instance_conf *vi, **tail;
	size_t slot, len;
	char *name;

	if (argc != 2) {
		cfg_error(r, "vrrp_instance: expected one name");
		return NULL;
	}
	if (strlen(argv[1]) >= VRRP_NAME_MAX) {
		cfg_error(r, "vrrp_instance: name '%s' is longer than %d characters", argv[1],
			  VRRP_NAME_MAX - 1);
		return NULL;
	}
	if (names_reserve(conf) == -1) {
		cfg_error(r, "(%s) out of memory", argv[1]);
		return NULL;
	}
	slot = names_slot(conf->names, argv[1]);
	if (conf->names->tab[slot] != NULL) {
		cfg_error(r, "vrrp_instance %s: already defined at %s:%d", argv[1],
			  conf->names->tab[slot]->file, conf->names->tab[slot]->line);
		return NULL;
	}
	tail = conf->names->tail;
	len = strlen(argv[1]);
	if ((vi = calloc(1, sizeof(*vi) + len + 1)) == NULL) {
		cfg_error(r, "(%s) out of memory", argv[1]);
		return NULL;
	}
	name = (char *)(vi + 1);
	memcpy(name, argv[1], len + 1);
	vi->name = name;
	vi->file = vrrp_conf_file_name(cfg_file(r));
	vi->line = cfg_line(r);
	/*
	 * keepalived copies these global_defs values when the instance starts,
	 * so only a global_defs read before the instance changes them; the other
	 * defaults are applied by vrrp_conf_finish().
	 */
	vi->garp_master_delay_us = conf->global.garp_master_delay_us;
	vi->garp_master_repeat = conf->global.garp_master_repeat;
	vi->garp_master_refresh_us = conf->global.garp_master_refresh_us;
	vi->garp_master_refresh_repeat = conf->global.garp_master_refresh_repeat;
	vi->down_timer_adverts = conf->global.down_timer_adverts;
	vi->late_advert_warn = conf->global.late_advert_warn;
	*tail = vi;
	conf->names->tail = &vi->next;
	conf->names->tab[slot] = vi;
	conf->names->n++;
	conf->ninstances++;
	return vi;
}

int
vrrp_instance_close(struct cfg_reader *r, void *obj)
{
	/* Everything is checked by vrrp_conf_finish(), once global_defs is known. */
	return 0;
}

int
vrrp_conf_inst_error(const struct vrrp_instance_conf *vi, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s:%d: (%s) %s", vi->file, vi->line, vi->name, msg);
	return 1;
}

/* keepalived's chk_min_cfg(), and the defaults of vrrp_complete_instance(). */
static int
instance_defaults(struct vrrp_instance_conf *vi, const struct vrrp_global_conf *g)
{
	int errors = 0;

	if (vi->vrid == 0)
		errors += vrrp_conf_inst_error(vi, "virtual_router_id: missing (required)");
	/* Unicast without interface, maybe in a VRF (vrrp_conf_iface.c). */
	errors += vrrp_iface_conf_finish(vi);
	/* keepalived runs such an instance (a notify script may move the address). */
	if (vi->nvips == 0)
		log_warnx("%s:%d: (%s) No VIP specified; at least one is sensible", vi->file,
			  vi->line, vi->name);
	if (vi->family == 0)
		vi->family = AF_INET;
	/*
	 * keepalived keeps version 2 for IPv6 when it is written, and then
	 * drops AH, which is IPv4 only (without version 2 the version 3 check
	 * below reports the authentication).
	 */
	if (vi->family == AF_INET6 && vi->version == VRRP_V2 && vi->auth_type == VRRP_AUTH_AH) {
		log_warnx("%s:%d: (%s) Cannot use AH authentication with IPv6 - ignoring", vi->file,
			  vi->line, vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
	}
	if (vi->version == 0) {
		vi->version = vi->family == AF_INET6 ? VRRP_V3 :
						       (g->version != 0 ? g->version : VRRP_V2);
	} else if (vi->version == VRRP_V2 && vi->family == AF_INET6) {
		/*
		 * keepalived 2.2.7 keeps version 2 here, but RFC 3768 defines
		 * VRRPv2 for IPv4 only and the packet codec cannot build such an
		 * advert, so the instance runs the version that exists.
		 */
		log_warnx("%s:%d: (%s) VRRP version 2 is not defined for IPv6, using version 3",
			  vi->file, vi->line, vi->name);
		vi->version = VRRP_V3;
	}
	if (vi->adver_int_cs == 0)
		vi->adver_int_cs = VRRP_ADVER_INT_DEFAULT_CS;
	/* With no priority, state MASTER means owner; with no state, owner means MASTER. */
	if (vi->priority == 0)
		vi->priority = vi->init_master ? VRRP_PRIO_OWNER : VRRP_PRIO_DEFAULT;
	if (!vi->given.state)
		vi->init_master = vi->priority == VRRP_PRIO_OWNER;
	/*
	 * As keepalived: an AH backup must learn the master's sequence number
	 * before it may send, so it never starts as master below 255.
	 */
	if (vi->auth_type == VRRP_AUTH_AH && vi->auth_pass[0] != 0 && vi->version == VRRP_V2 &&
	    vi->init_master && vi->priority != VRRP_PRIO_OWNER) {
		log_warnx("%s:%d: (%s) Initial state master is incompatible with AH authentication "
			  "- "
			  "clearing",
			  vi->file, vi->line, vi->name);
		vi->init_master = false;
	}
	if (!vi->given.lower_prio_no_advert)
		vi->lower_prio_no_advert = g->lower_prio_no_advert;
	if (!vi->given.skip_check_adv_addr)
		vi->skip_check_adv_addr = g->skip_check_adv_addr;
	if (!vi->given.higher_prio_send_advert)
		vi->higher_prio_send_advert = g->higher_prio_send_advert;
	if (!vi->given.v3_checksum_as_v2)
		vi->v3_checksum_as_v2 = g->v3_checksum_as_v2;
	vi->garp_interval_us = g->garp_interval_us;
	vi->gna_interval_us = g->gna_interval_us;
	return errors;
}

/* The rest of vrrp_complete_instance(): settings that exclude each other. */
/* A warning about an instance, at the line of its vrrp_instance. */
static void inst_warn(const struct vrrp_instance_conf *vi, const char *fmt, ...) LOG_PRINTF(2, 3);

static void
inst_warn(const struct vrrp_instance_conf *vi, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("%s:%d: (%s) %s", vi->file, vi->line, vi->name, msg);
}

/*
 * keepalived 2.2.7 moves the addresses past what an advert can carry to the
 * excluded ones (installed, not advertised), with a warning.
 */
static int
instance_excess_vips(struct vrrp_instance_conf *vi)
{
	size_t excess = vi->nvips > VRRP_ADVERT_MAX_ADDRS ? vi->nvips - VRRP_ADVERT_MAX_ADDRS : 0;
	struct vrrp_vip *grown;

	if (excess == 0)
		return 0;
	inst_warn(vi,
		  "Number of VIPs (%zu) exceeds maximum/space available in packet (max %d "
		  "addresses) - excess moved to eVIPs",
		  vi->nvips, VRRP_ADVERT_MAX_ADDRS);
	grown = realloc(vi->evips, (vi->nevips + excess) * sizeof(*vi->evips));
	if (grown == NULL)
		return vrrp_conf_inst_error(vi, "out of memory");
	memcpy(grown + vi->nevips, vi->vips + VRRP_ADVERT_MAX_ADDRS, excess * sizeof(*grown));
	vi->evips = grown;
	vi->nevips += excess;
	vi->nvips = VRRP_ADVERT_MAX_ADDRS;
	return 0;
}

size_t
vrrp_conf_advert_naddr(const struct vrrp_instance_conf *vi, unsigned mtu)
{
	size_t hdr = vi->family == AF_INET6 ? 40 : 20;
	size_t alen = vi->family == AF_INET6 ? 16 : 4;
	size_t fit;

	hdr += 8; /* the VRRP header */
	if (vi->family == AF_INET && vi->version == VRRP_V2)
		hdr += 8; /* the password field, present whatever the type */
	if (vi->auth_type == VRRP_AUTH_AH)
		hdr += 24; /* AH header with its 96-bit ICV */
	fit = mtu > hdr ? (mtu - hdr) / alen : 0;
	if (fit > VRRP_ADVERT_MAX_ADDRS)
		fit = VRRP_ADVERT_MAX_ADDRS;
	return vi->nvips < fit ? vi->nvips : fit;
}

static int
instance_check(struct vrrp_instance_conf *vi)
{
	char buf[INET6_ADDRSTRLEN];
	int errors = 0;

	/* keepalived drops the authentication and runs. */
	if (vi->auth_type != VRRP_AUTH_NONE && vi->version == VRRP_V3) {
		inst_warn(vi, "VRRP version 3 does not support authentication. Ignoring.");
		vi->auth_type = VRRP_AUTH_NONE;
	} else if (vi->auth_type != VRRP_AUTH_NONE && vi->auth_pass[0] == 0) {
		inst_warn(vi, "Authentication specified but no password given. Ignoring");
		vi->auth_type = VRRP_AUTH_NONE;
	}

	/* keepalived 2.2.7 clears the setting that cannot work, in this order, and runs. */
	if (vi->nopreempt && vi->priority == VRRP_PRIO_OWNER) {
		inst_warn(vi, "nopreempt is incompatible with priority 255. resetting nopreempt");
		vi->nopreempt = false;
	} else if (vi->nopreempt && vi->init_master) {
		inst_warn(vi,
			  "Warning - nopreempt will not work with initial state MASTER - clearing");
		vi->nopreempt = false;
	}
	if (vi->preempt_delay_us != 0 && vi->init_master) {
		inst_warn(vi, "Warning - preempt delay will not work with initial state MASTER - "
			      "clearing");
		vi->preempt_delay_us = 0;
	} else if (vi->preempt_delay_us != 0 && vi->nopreempt) {
		inst_warn(vi, "preempt_delay is incompatible with nopreempt mode - resetting");
		vi->preempt_delay_us = 0;
	}

	/* Rounded to the nearest second (at least one), as keepalived does. */
	if (vi->version == VRRP_V2 && vi->adver_int_cs % 100 != 0) {
		inst_warn(vi, "VRRPv2 advertisement interval %ss must be an integer. rounding",
			  vrrp_conf_fmt_fixed(vi->adver_int_cs, 2, buf, sizeof(buf)));
		vi->adver_int_cs = (uint16_t)((vi->adver_int_cs + 50) / 100 * 100);
		if (vi->adver_int_cs == 0)
			vi->adver_int_cs = 100;
	} else if (vi->version == VRRP_V3 && vi->adver_int_cs > VRRP_V3_ADVER_INT_MAX_CS) {
		inst_warn(vi,
			  "VRRPv3 advertisement interval %ss is out of range. Must be less than "
			  "40.96s. Setting to 40.95s",
			  vrrp_conf_fmt_fixed(vi->adver_int_cs, 2, buf, sizeof(buf)));
		vi->adver_int_cs = VRRP_V3_ADVER_INT_MAX_CS;
	}
	errors += instance_excess_vips(vi);

	/* What keepalived only logs. */
	if (vi->family == AF_INET6 && vi->nvips > 0 && !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.v6))
		log_warnx("%s:%d: (%s) the first IPv6 address %s should be link-local", vi->file,
			  vi->line, vi->name,
			  vrrp_addr_ntop(AF_INET6, &vi->vips[0].addr, buf, sizeof(buf)));
	if (vi->family == AF_INET6 && vi->nvips > VRRP_V6_VIPS_MTU1500)
		log_warnx("%s:%d: (%s) %zu IPv6 addresses do not fit an advert on a 1500 byte MTU",
			  vi->file, vi->line, vi->name, vi->nvips);
	return errors;
}

int
vrrp_conf_finish(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *other;
	int errors = 0;

	names_free(conf);
	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		errors += instance_defaults(vi, &conf->global);
		errors += instance_check(vi);
		errors += vrrp_lease_conf_finish(vi, &conf->global.lease);
	}
	vrrp_garp_conf_finish(conf); /* garp_lower_prio_*, garp_extra_if defaults */

	/* One VRID per interface and family: the adverts would be indistinguishable. */
	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		for (other = vi->next; other != NULL; other = other->next) {
			if (other->vrid != 0 && other->vrid == vi->vrid &&
			    other->family == vi->family && other->ifname[0] != '\0' &&
			    strcmp(other->ifname, vi->ifname) == 0 &&
			    !vrrp_unicast_can_share_vrid(vi, other, conf->unicast))
				errors += vrrp_conf_inst_error(
					other, "VRID %u with IPv%d on %s is already used by %s",
					vi->vrid, vi->family == AF_INET ? 4 : 6, vi->ifname,
					vi->name);
		}
	}
	return errors + vrrp_conf_track_finish(conf);
}

void
vrrp_conf_free(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *next;

	vrrp_conf_track_free(conf);
	bfd_conf_free(conf);
	vrrp_garp_groups_free(conf);
	names_free(conf);
	for (vi = conf->instances; vi != NULL; vi = next) {
		next = vi->next;
		free(vi->vips);
		free(vi->evips);
		free(vi);
	}
	conf->instances = NULL;
	conf->ninstances = 0;
	vrrp_unicast_global_free(conf->unicast);
	conf->unicast = NULL;
}

const char *
vrrp_addr_ntop(int family, const union vrrp_addr *a, char *buf, size_t len)
{
	if (inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}
