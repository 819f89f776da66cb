/*
 * The VRRP part of keepalived.conf: the keywords of vrrp_instance blocks
 * and the vrrp_* defaults of global_defs.
 *
 * Keyword handlers fill a struct vrrp_instance_conf as the reader meets the
 * lines (vrrp_conf_inst.c opens the block); vrrp_conf_finish()
 * (vrrp_conf_finish.c) then completes each instance the way keepalived
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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static const struct cfg_keyword vrrp_auth_keywords[] = {
	CFG_KW("auth_pass", kw_auth_pass),
	CFG_KW("auth_type", kw_auth_type),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Alphabetical: implemented keywords, then those keepalived.conf(5) lists that are not (yet). */
/* clang-format off */
const struct cfg_keyword vrrp_instance_keywords[] = {
	CFG_KEYWORDS_FROM(vrrp_nft_instance_keywords), /* accept, no_accept, strict_mode */
	CFG_KW("advert_int", kw_advert_int),
	{ "authentication", NULL, NULL, vrrp_auth_keywords, NULL, NULL },
	CFG_KW("down_timer_adverts", kw_number),
	CFG_KW("garp_master_delay", kw_number),
	CFG_KW("garp_master_refresh", kw_number),
	CFG_KW("garp_master_refresh_repeat", kw_number),
	CFG_KW("garp_master_repeat", kw_number),
	CFG_KW("higher_prio_send_advert", kw_higher_prio_send_advert),
	CFG_KW("interface", kw_interface),
	CFG_KW("late_advert_warn", kw_number),
	CFG_KW("lower_prio_no_advert", kw_lower_prio_no_advert),
	CFG_KW("skip_check_adv_addr", kw_skip_check_adv_addr),
	CFG_KW("nopreempt", kw_nopreempt),
	CFG_KW("preempt", kw_nopreempt),
	CFG_KW("preempt_delay", kw_number),
	CFG_KW("priority", kw_number),
	CFG_KW("state", kw_state),
	CFG_KW("v3_checksum_as_v2", kw_v3_checksum_as_v2),
	CFG_KW("version", kw_version),
	{ "virtual_ipaddress", NULL, NULL, NULL, vrrp_conf_vip_item, NULL },
	{ "virtual_ipaddress_excluded", NULL, NULL, NULL, vrrp_conf_evip_item, NULL },
	CFG_KW("virtual_router_id", kw_number),
	/* track_*, notify*: vrrp_conf_track_set.c */
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
	CFG_KW("garp_interval", kw_global_only),
	CFG_KW("gna_interval", kw_global_only),

	CFG_KW("smtp_alert", kw_email),
	CFG_KEYWORD_END,
};
/* clang-format on */

const char *
vrrp_addr_ntop(int family, const union vrrp_addr *a, char *buf, size_t len)
{
	if (inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}
