/*
 * garp_lower_prio_*, garp_extra_if, vrrp_startup_delay and garp_group
 * (vrrp_conf_garp.h). As everywhere in the VRRP configuration, a value
 * keepalived 2.2.7 reports and ignores is reported (a warning) and ignored
 * here: the line changes nothing.
 */
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"

#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"

#define GARP_EXTRA_IF_MAX_S 86400 /* keepalived: one day */
#define STARTUP_DELAY_LARGE_US (60 * US_PER_S)
#define STARTUP_DELAY_MAX_US ((uint64_t)(UINT_MAX / 1000000u) * US_PER_S)

/* Values -------------------------------------------------------------------- */

/* Whole seconds or a count: digits only, at most max. */
static bool
parse_count(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s) || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* Seconds with up to six decimals, in microseconds, at most max_us. */
static bool
parse_seconds(const char *s, uint64_t max_us, uint64_t *out_us)
{
	const char *dot = strchr(s, '.');
	char whole[24];
	uint64_t sec, frac = 0, scale = US_PER_S;
	size_t n = dot != NULL ? (size_t)(dot - s) : strlen(s);

	if (n == 0 || n >= sizeof(whole))
		return false;
	memcpy(whole, s, n);
	whole[n] = '\0';
	if (!parse_count(whole, max_us / US_PER_S, &sec))
		return false;
	if (dot != NULL) {
		const char *d = dot + 1;

		if (*d == '\0' || strlen(d) > 6)
			return false;
		for (; *d != '\0'; d++) {
			if (!isdigit((unsigned char)*d))
				return false;
			scale /= 10;
			frac += (uint64_t)(*d - '0') * scale;
		}
	}
	if (sec * US_PER_S + frac > max_us)
		return false;
	*out_us = sec * US_PER_S + frac;
	return true;
}

/* "(VI_1) kw" or "kw", as the messages of vrrp_conf.c. */
static const char *
who(char *buf, size_t len, const struct vrrp_instance_conf *vi, const char *kw)
{
	if (vi != NULL)
		snprintf(buf, len, "(%s) %s", vi->name, kw);
	else
		snprintf(buf, len, "%s", kw);
	return buf;
}

/*
 * garp_extra_if [all] SECS: "all" anywhere, one number 0..86400 (0: off).
 * Returns false (reported) when the line is to be ignored.
 */
static bool
parse_extra_if(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	       uint32_t *secs, bool *all)
{
	char kw[VRRP_NAME_MAX + 64];
	uint64_t v = UINT64_MAX;
	bool want_all = false;

	who(kw, sizeof(kw), vi, argv[0]);
	if (strcmp(argv[0], "vmac_garp_intvl") == 0 || strcmp(argv[0], "vrrp_vmac_garp_intvl") == 0)
		cfg_warn(r, "%s: deprecated - please use %sgarp_extra_if", kw,
			 vi != NULL ? "" : "vrrp_");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "all") == 0) {
			want_all = true;
		} else if (!parse_count(argv[i], GARP_EXTRA_IF_MAX_S, &v)) {
			cfg_warn(r, "%s: '%s' invalid - ignoring", kw, argv[i]);
			return false;
		}
	}
	if (v == UINT64_MAX) {
		cfg_warn(r, "%s specified without time - ignoring", kw);
		return false;
	}
	*secs = (uint32_t)v;
	*all = want_all;
	return true;
}

/* vrrp_instance keywords ---------------------------------------------------- */

static int
kw_extra_if(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (parse_extra_if(r, vi, argc, argv, &vi->garp_extra_if_s, &vi->garp_extra_if_all))
		vi->given.garp_extra_if = true;
	return 0;
}

static int
kw_lower_prio(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	bool delay = strcmp(argv[0], "garp_lower_prio_delay") == 0;
	char kw[VRRP_NAME_MAX + 64];
	uint64_t v;

	who(kw, sizeof(kw), vi, argv[0]);
	if (argc < 2 || !parse_count(argv[1], delay ? UINT_MAX / 1000000u : INT_MAX, &v)) {
		cfg_warn(r, "%s: invalid value '%s' - ignoring", kw, argc < 2 ? "" : argv[1]);
		return 0;
	}
	if (delay) {
		vi->garp_lower_prio_delay_us = v * US_PER_S;
		vi->given.garp_lower_prio_delay = true;
	} else {
		vi->garp_lower_prio_repeat = (uint32_t)v;
		vi->given.garp_lower_prio_repeat = true;
	}
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_garp_instance_keywords[] = {
	{ "garp_extra_if", kw_extra_if, NULL, NULL, NULL, NULL },
	{ "garp_lower_prio_delay", kw_lower_prio, NULL, NULL, NULL, NULL },
	{ "garp_lower_prio_repeat", kw_lower_prio, NULL, NULL, NULL, NULL },
	{ "vmac_garp_intvl", kw_extra_if, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* global_defs ------------------------------------------------------------------ */

int
vrrp_garp_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_global_conf *g)
{
	const char *kw = argv[0], *val = argc >= 2 ? argv[1] : "";
	uint64_t v;

	if (strcmp(kw, "vrrp_garp_extra_if") == 0 || strcmp(kw, "vrrp_vmac_garp_intvl") == 0) {
		parse_extra_if(r, NULL, argc, argv, &g->garp_extra_if_s, &g->garp_extra_if_all);
		return 0;
	}
	if (strcmp(kw, "vrrp_garp_lower_prio_delay") == 0) {
		if (!parse_count(val, UINT_MAX / 1000000u, &v)) {
			cfg_warn(r, "%s: invalid value '%s' - ignoring", kw, val);
			return 0;
		}
		g->garp_lower_prio_delay_us = v * US_PER_S;
		g->garp_lower_prio_delay_set = true;
		return 0;
	}
	if (strcmp(kw, "vrrp_garp_lower_prio_repeat") == 0) {
		if (!parse_count(val, INT_MAX, &v)) {
			cfg_warn(r, "%s: invalid value '%s' - ignoring", kw, val);
			return 0;
		}
		g->garp_lower_prio_repeat = (uint32_t)v;
		g->garp_lower_prio_repeat_set = true;
		return 0;
	}
	if (strcmp(kw, "vrrp_startup_delay") == 0) {
		/* keepalived: more than zero; 0 would mean no delay anyway. */
		if (!parse_seconds(val, STARTUP_DELAY_MAX_US, &v) || v == 0) {
			cfg_warn(r, "vrrp_startup_delay '%s' is invalid - ignoring", val);
			return 0;
		}
		if (v >= STARTUP_DELAY_LARGE_US)
			cfg_warn(r, "The vrrp_startup_delay is very large - %s seconds", val);
		g->startup_delay_us = v;
		return 0;
	}
	return -2;
}

void
vrrp_garp_instance_defaults(struct vrrp_instance_conf *vi, const struct vrrp_global_conf *g)
{
	/* keepalived: the instance's own, else global_defs', else its master ones. */
	if (!vi->given.garp_lower_prio_delay)
		vi->garp_lower_prio_delay_us = g->garp_lower_prio_delay_set ?
						       g->garp_lower_prio_delay_us :
						       g->garp_master_delay_us;
	if (!vi->given.garp_lower_prio_repeat)
		vi->garp_lower_prio_repeat = g->garp_lower_prio_repeat_set ?
						     g->garp_lower_prio_repeat :
						     g->garp_master_repeat;
	if (!vi->given.garp_extra_if) {
		vi->garp_extra_if_s = g->garp_extra_if_s;
		vi->garp_extra_if_all = g->garp_extra_if_all;
	}
}

/* garp_group ----------------------------------------------------------------------- */

const struct vrrp_garp_group_conf *
vrrp_garp_group_of(const struct vrrp_conf *conf, const char *ifname)
{
	for (const struct vrrp_garp_group_conf *gg = conf->garp_groups; gg != NULL; gg = gg->next)
		for (size_t i = 0; i < gg->nifs; i++)
			if (strcmp(gg->ifnames[i], ifname) == 0)
				return gg;
	return NULL;
}

void *
vrrp_garp_group_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_conf *conf = parent;
	struct vrrp_garp_group_conf *gg, **tail;

	gg = calloc(1, sizeof(*gg));
	if (gg == NULL) {
		cfg_error(r, "garp_group: out of memory");
		return NULL;
	}
	gg->line = cfg_line(r);
	for (tail = &conf->garp_groups; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = gg;
	return gg;
}

static int
gg_interval(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_garp_group_conf *gg = obj;
	bool garp = strcmp(argv[0], "garp_interval") == 0;
	const char *val = argc >= 2 ? argv[1] : "";
	uint64_t us;

	if (!parse_seconds(val, INT_MAX, &us)) {
		cfg_warn(r, "garp_group %s '%s' invalid - ignoring", argv[0], val);
		return 0;
	}
	if (us >= US_PER_S)
		cfg_warn(r, "The %s is very large - %s seconds", argv[0], val);
	if (garp) {
		gg->garp_interval_us = us;
		gg->has_garp_interval = true;
	} else {
		gg->gna_interval_us = us;
		gg->has_gna_interval = true;
	}
	return 0;
}

/* One interface name into the group (the interface line, or a line of interfaces { }). */
static int
gg_add_ifname(struct cfg_reader *r, struct vrrp_garp_group_conf *gg, const char *name)
{
	char(*grown)[IF_NAMESIZE];

	if (strlen(name) >= IF_NAMESIZE) {
		cfg_warn(r, "garp_group: interface name '%s' is too long - ignoring", name);
		return 0;
	}
	for (size_t i = 0; i < gg->nifs; i++)
		if (strcmp(gg->ifnames[i], name) == 0)
			return 0;
	grown = realloc(gg->ifnames, (gg->nifs + 1) * sizeof(*gg->ifnames));
	if (grown == NULL) {
		cfg_error(r, "garp_group: out of memory");
		return -1;
	}
	gg->ifnames = grown;
	snprintf(gg->ifnames[gg->nifs++], IF_NAMESIZE, "%s", name);
	return 0;
}

static int
gg_interface(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (argc < 2) {
		cfg_warn(r, "garp_group interface: missing name - ignoring");
		return 0;
	}
	return gg_add_ifname(r, obj, argv[1]);
}

/* interfaces { NAME ... }: every word of every line is an interface. */
static int
gg_interfaces_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	for (int i = 0; i < argc; i++)
		if (gg_add_ifname(r, obj, argv[i]) == -1)
			return -1;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_garp_group_keywords[] = {
	{ "garp_interval", gg_interval, NULL, NULL, NULL, NULL },
	{ "gna_interval", gg_interval, NULL, NULL, NULL, NULL },
	{ "interface", gg_interface, NULL, NULL, NULL, NULL },
	{ "interfaces", NULL, NULL, NULL, gg_interfaces_item, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* A group left without interfaces does nothing; one without intervals takes the global ones. */
int
vrrp_garp_group_close(struct cfg_reader *r, void *obj)
{
	struct vrrp_garp_group_conf *gg = obj;

	if (gg->nifs == 0)
		cfg_warn(r, "garp_group at line %d has no interfaces - ignoring", gg->line);
	else if (!gg->has_garp_interval && !gg->has_gna_interval)
		cfg_warn(r, "garp_group at line %d sets neither garp_interval nor gna_interval",
			 gg->line);
	return 0;
}

/* Completion ------------------------------------------------------------------------ */

void
vrrp_garp_conf_finish(struct vrrp_conf *conf)
{
	/* An interface belongs to the first group that names it. */
	for (const struct vrrp_garp_group_conf *gg = conf->garp_groups; gg != NULL; gg = gg->next)
		for (size_t i = 0; i < gg->nifs; i++)
			if (vrrp_garp_group_of(conf, gg->ifnames[i]) != gg)
				log_warnx("garp_group at line %d: interface %s is already in a "
					  "garp_group - ignoring it here",
					  gg->line, gg->ifnames[i]);
	for (struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next)
		vrrp_garp_instance_defaults(vi, &conf->global);
}

void
vrrp_garp_groups_free(struct vrrp_conf *conf)
{
	struct vrrp_garp_group_conf *gg, *next;

	for (gg = conf->garp_groups; gg != NULL; gg = next) {
		next = gg->next;
		free(gg->ifnames);
		free(gg);
	}
	conf->garp_groups = NULL;
}
