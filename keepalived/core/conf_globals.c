/*
 * The global_defs keywords of conf_globals.h. Values are checked as
 * keepalived 2.2.7 checks them: a bad value is a warning naming file:line
 * and the line is ignored, so the daemon still starts as keepalived would.
 */
#include "keepalived/core/conf_globals.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/core/conf.h"
#include "lib/log.h"

static struct globals_conf *
gl_of(void *obj)
{
	struct kconf *conf = obj;

	return &conf->globals;
}

static struct vrrp_tuning_conf *
tun_of(void *obj)
{
	struct kconf *conf = obj;

	return &conf->vrrp.tuning;
}

/* A whole number in [min, max], else a warning; 0 or -1. */
static int
gl_number(struct cfg_reader *r, const char *kw, const char *s, long long min, long long max,
	  long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		cfg_warn(r, "%s: '%s' is not a number in [%lld, %lld] - ignoring", kw, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* An optional boolean argument: absent means true. */
static int
gl_bool(struct cfg_reader *r, int argc, char *argv[], bool *out)
{
	bool v = true;

	if (argc > 1 && cfg_parse_bool(r, argv[0], argv[1], &v) == -1)
		return -1;
	*out = v;
	return 0;
}

static int
gl_path(struct cfg_reader *r, const char *kw, const char *s, bool absolute, char *out)
{
	if (strlen(s) >= GLOBALS_PATH_MAX || (absolute && s[0] != '/')) {
		cfg_warn(r, "%s: '%s' is not %s path - ignoring", kw, s,
			 absolute ? "an absolute" : "a usable");
		return -1;
	}
	snprintf(out, GLOBALS_PATH_MAX, "%s", s);
	return 0;
}

/* umask ------------------------------------------------------------------------------ */

/* clang-format off */
static const struct {
	const char *name;
	mode_t bit;
} gl_mode_bits[] = {
	{ "IRUSR", S_IRUSR }, { "IWUSR", S_IWUSR }, { "IXUSR", S_IXUSR },
	{ "IRGRP", S_IRGRP }, { "IWGRP", S_IWGRP }, { "IXGRP", S_IXGRP },
	{ "IROTH", S_IROTH }, { "IWOTH", S_IWOTH }, { "IXOTH", S_IXOTH },
};
/* clang-format on */

int
globals_parse_umask(const char *s, mode_t *out)
{
	mode_t m = 0;
	const char *p = s;
	char *end;
	unsigned long v;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		v = strtoul(s, &end, 0);
		if (*end != '\0' || errno != 0 || v > 0777)
			return -1;
		*out = (mode_t)v;
		return 0;
	}
	while (*p != '\0') {
		size_t len = strcspn(p, "| \t"), i;

		for (i = 0; i < sizeof(gl_mode_bits) / sizeof(gl_mode_bits[0]); i++)
			if (len == strlen(gl_mode_bits[i].name) &&
			    strncmp(p, gl_mode_bits[i].name, len) == 0)
				break;
		if (len == 0 || i == sizeof(gl_mode_bits) / sizeof(gl_mode_bits[0]))
			return -1;
		m |= gl_mode_bits[i].bit;
		p += len;
		p += strspn(p, "| \t");
	}
	if (p == s)
		return -1;
	*out = m;
	return 0;
}

static int
gl_umask(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct globals_conf *g = gl_of(obj);
	char all[256] = "";
	size_t len = 0;

	if (argc < 2) {
		cfg_warn(r, "umask: missing value - ignoring");
		return 0;
	}
	/* "IWGRP | IWOTH" arrives as three words. */
	for (int i = 1; i < argc && len < sizeof(all); i++)
		len += (size_t)snprintf(all + len, sizeof(all) - len, "%s", argv[i]);
	if (len >= sizeof(all) || globals_parse_umask(all, &g->umask) == -1) {
		cfg_warn(r,
			 "umask: '%s' is not a mask (a number, or bits such as IWGRP|IWOTH) - "
			 "ignoring",
			 all);
		return 0;
	}
	g->umask_set = true;
	return 0;
}

/* Reloads ------------------------------------------------------------------------------- */

static int
gl_reload(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct globals_conf *g = gl_of(obj);

	if (strcmp(argv[0], "reload_check_config") == 0) {
		g->reload_check = true;
		g->reload_check_log[0] = '\0';
		if (argc > 1)
			gl_path(r, argv[0], argv[1], false, g->reload_check_log);
		return 0;
	}
	if (strcmp(argv[0], "reload_file") == 0) {
		g->reload_file[0] = '\0';
		if (argc > 1 && gl_path(r, argv[0], argv[1], true, g->reload_file) == -1)
			return 0;
		g->reload_file_set = true;
		return 0;
	}
	if (strcmp(argv[0], "reload_repeat") == 0)
		return gl_bool(r, argc, argv, &g->reload_repeat);
	/* reload_time_file */
	if (argc < 2) {
		cfg_warn(r, "reload_time_file: missing file name - ignoring");
		return 0;
	}
	gl_path(r, argv[0], argv[1], true, g->reload_time_file);
	return 0;
}

/* Sets a reader option as soon as it is read, as keepalived does. */
static int
gl_include_check(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	unsigned flags = cfg_include_check_get(r);

	if (argc == 1) {
		cfg_include_check_set(r, CFG_INCLUDE_CHECK_ALL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		bool add = true;
		unsigned f;

		if (w[0] == '+' || w[0] == '-') {
			add = w[0] == '+';
			w++;
		}
		if (strcmp(w, "readable") == 0)
			f = CFG_INCLUDE_CHECK_READABLE;
		else if (strcmp(w, "match") == 0)
			f = CFG_INCLUDE_CHECK_MATCH | CFG_INCLUDE_CHECK_READABLE;
		else if (strcmp(w, "wildcard_match") == 0)
			f = CFG_INCLUDE_CHECK_WILDCARD | CFG_INCLUDE_CHECK_READABLE;
		else if (strcmp(w, "brace_match") == 0)
			f = CFG_INCLUDE_CHECK_BRACE | CFG_INCLUDE_CHECK_READABLE;
		else {
			cfg_warn(r, "include_check: unknown option '%s' - ignoring", argv[i]);
			continue;
		}
		flags = add ? flags | f : flags & ~f;
	}
	cfg_include_check_set(r, flags);
	return 0;
}

static int
gl_random_seed(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	long long v;

	if (argc < 2) {
		cfg_warn(r, "random_seed: missing value - ignoring");
		return 0;
	}
	if (gl_number(r, argv[0], argv[1], 0, UINT32_MAX, &v) == 0)
		cfg_random_seed(r, (unsigned)v);
	return 0;
}

static int
gl_dir(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct globals_conf *g = gl_of(obj);
	char *out = strcmp(argv[0], "config_save_dir") == 0 ? g->config_save_dir :
							      g->tmp_config_directory;

	if (argc < 2) {
		cfg_warn(r, "%s: missing directory - ignoring", argv[0]);
		return 0;
	}
	if (gl_path(r, argv[0], argv[1], false, out) == -1)
		return 0;
	/* keepalived makes it as it reads the line (its parent must exist). */
	if (out == gl_of(obj)->config_save_dir && mkdir(out, 0700) == -1 && errno != EEXIST)
		cfg_warn(r, "Unable to create config_save_dir %s (error %d - %s)", out, errno,
			 strerror(errno));
	return 0;
}

static int
gl_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct globals_conf *g = gl_of(obj);
	struct vrrp_tuning_conf *t = tun_of(obj);

	if (strcmp(argv[0], "data_use_instance") == 0)
		return gl_bool(r, argc, argv, &g->data_use_instance);
	if (strcmp(argv[0], "disable_local_igmp") == 0)
		return gl_bool(r, argc, argv, &g->disable_local_igmp);
	if (strcmp(argv[0], "log_unknown_vrids") == 0)
		return gl_bool(r, argc, argv, &t->log_unknown_vrids);
	if (strcmp(argv[0], "vrrp_framed_adverts") == 0)
		return gl_bool(r, argc, argv, &t->framed_adverts);
	return gl_bool(r, argc, argv, &t->fifo_states_on_reload);
}

/* Scheduling -------------------------------------------------------------------------- */

static int
gl_auto_priority(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct globals_conf *g = gl_of(obj);
	long long v;

	if (strcmp(argv[0], "min_auto_priority_delay") == 0) {
		if (argc < 2) {
			cfg_warn(r, "min_auto_priority_delay: missing value - ignoring");
			return 0;
		}
		if (gl_number(r, argv[0], argv[1], 1, 10000000, &v) == 0)
			g->min_auto_priority_delay_us = (uint32_t)v;
		return 0;
	}
	/* Without a number: the highest real-time priority. */
	v = 99;
	if (argc > 1 && gl_number(r, argv[0], argv[1], -1, 99, &v) == -1)
		return 0;
	g->max_auto_priority = (int)v;
	g->max_auto_priority_set = true;
	return 0;
}

/* VRRP sockets ------------------------------------------------------------------------- */

static int
gl_rx_bufs(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_tuning_conf *t = tun_of(obj);
	long long v;

	if (argc < 2) {
		cfg_warn(r, "%s: missing value - ignoring", argv[0]);
		return 0;
	}
	if (strcmp(argv[0], "vrrp_rx_bufs_multiplier") == 0) {
		if (gl_number(r, argv[0], argv[1], 1, 1000, &v) == 0)
			t->rx_bufs_multiplier = (uint32_t)v;
		return 0;
	}
	if (strcasecmp(argv[1], "MTU") == 0) {
		t->rx_bufs_policy = VRRP_RX_BUFS_MTU;
	} else if (strcasecmp(argv[1], "ADVERT") == 0) {
		t->rx_bufs_policy = VRRP_RX_BUFS_ADVERT;
	} else if (gl_number(r, argv[0], argv[1], 1, INT32_MAX, &v) == 0) {
		t->rx_bufs_policy = VRRP_RX_BUFS_SIZE;
		t->rx_bufs_size = (uint32_t)v;
	}
	return 0;
}

/* vrrp_netlink_*: the VRRP side's sockets; lvs_netlink_*: the checker's (check_conf.h). */
static int
gl_netlink_bufs(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct kconf *conf = obj;
	struct vrrp_tuning_conf *t = strncmp(argv[0], "lvs_", 4) == 0 ? &conf->check->nl_tuning :
									tun_of(obj);
	bool monitor = strstr(argv[0], "monitor") != NULL;
	long long v;

	if (strstr(argv[0], "_force") != NULL)
		return gl_bool(r, argc, argv, monitor ? &t->nl_monitor_force : &t->nl_cmd_force);
	if (argc < 2) {
		cfg_warn(r, "%s: missing value - ignoring", argv[0]);
		return 0;
	}
	if (gl_number(r, argv[0], argv[1], 1, INT32_MAX, &v) == 0)
		*(monitor ? &t->nl_monitor_rcvbuf : &t->nl_cmd_rcvbuf) = (uint32_t)v;
	return 0;
}

/* reload_time_file ------------------------------------------------------------------------ */

static int
gl_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
globals_parse_reload_time(const char *s, time_t now, time_t *when)
{
	struct tm tm;
	size_t len = strlen(s);
	bool utc = len > 0 && s[len - 1] == 'Z';
	int y = -1, mo = 0, d = 0, h, mi, se;
	const char *t = s;
	time_t v;

	if (utc)
		len--;
	if (len == 19 || len == 17) { /* YYYY-MM-DD or YY-MM-DD, then a space */
		int yl = len == 19 ? 4 : 2;

		if (gl_digits(s, yl, &y) == -1 || s[yl] != '-' ||
		    gl_digits(s + yl + 1, 2, &mo) == -1 || s[yl + 3] != '-' ||
		    gl_digits(s + yl + 4, 2, &d) == -1 || s[yl + 6] != ' ')
			return -1;
		if (yl == 2)
			y += 2000;
		t = s + yl + 7;
	} else if (len != 8) {
		return -1;
	}
	if (gl_digits(t, 2, &h) == -1 || t[2] != ':' || gl_digits(t + 3, 2, &mi) == -1 ||
	    t[5] != ':' || gl_digits(t + 6, 2, &se) == -1 || h > 23 || mi > 59 || se > 60)
		return -1;
	if (utc)
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	if (y != -1) {
		if (mo < 1 || mo > 12 || d < 1 || d > 31)
			return -1;
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
	}
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	tm.tm_isdst = -1;
	v = utc ? timegm(&tm) : mktime(&tm);
	if (v == (time_t)-1)
		return -1;
	if (y == -1 && v <= now) { /* a time alone: tomorrow's */
		tm.tm_mday++;
		tm.tm_isdst = -1;
		v = utc ? timegm(&tm) : mktime(&tm);
	}
	*when = v;
	return 0;
}

/* -d ----------------------------------------------------------------------------------- */

static void gl_line(void (*out)(const char *line, void *arg), void *arg, const char *fmt, ...)
	LOG_PRINTF(3, 4);

static void
gl_line(void (*out)(const char *line, void *arg), void *arg, const char *fmt, ...)
{
	char line[GLOBALS_PATH_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(line, arg);
}

void
globals_conf_dump(const struct globals_conf *g, const struct vrrp_tuning_conf *t,
		  void (*out)(const char *line, void *arg), void *arg)
{
	static const char *const policy[] = { "", "MTU", "ADVERT", "" };

	if (g->umask_set)
		gl_line(out, arg, "    umask 0%03o", (unsigned)g->umask);
	if (g->reload_check)
		gl_line(out, arg, "    reload_check_config%s%s", g->reload_check_log[0] ? " " : "",
			g->reload_check_log);
	if (g->reload_file_set)
		gl_line(out, arg, "    reload_file%s%s", g->reload_file[0] ? " " : "",
			g->reload_file);
	if (g->reload_time_file[0] != '\0')
		gl_line(out, arg, "    reload_time_file %s", g->reload_time_file);
	if (g->reload_repeat)
		out("    reload_repeat", arg);
	if (g->config_save_dir[0] != '\0')
		gl_line(out, arg, "    config_save_dir %s", g->config_save_dir);
	if (g->tmp_config_directory[0] != '\0')
		gl_line(out, arg, "    tmp_config_directory %s", g->tmp_config_directory);
	if (g->data_use_instance)
		out("    data_use_instance", arg);
	if (g->disable_local_igmp)
		out("    disable_local_igmp", arg);
	if (g->max_auto_priority_set)
		gl_line(out, arg, "    max_auto_priority %d", g->max_auto_priority);
	if (g->min_auto_priority_delay_us != GLOBALS_AUTO_PRIO_DELAY_US)
		gl_line(out, arg, "    min_auto_priority_delay %u",
			(unsigned)g->min_auto_priority_delay_us);
	if (t->rx_bufs_policy == VRRP_RX_BUFS_SIZE)
		gl_line(out, arg, "    vrrp_rx_bufs_policy %u", (unsigned)t->rx_bufs_size);
	else if (t->rx_bufs_policy != VRRP_RX_BUFS_DEFAULT)
		gl_line(out, arg, "    vrrp_rx_bufs_policy %s", policy[t->rx_bufs_policy]);
	if (t->rx_bufs_multiplier != 0)
		gl_line(out, arg, "    vrrp_rx_bufs_multiplier %u",
			(unsigned)t->rx_bufs_multiplier);
	if (t->nl_cmd_rcvbuf != 0)
		gl_line(out, arg, "    vrrp_netlink_cmd_rcv_bufs %u", (unsigned)t->nl_cmd_rcvbuf);
	if (t->nl_cmd_force)
		out("    vrrp_netlink_cmd_rcv_bufs_force", arg);
	if (t->nl_monitor_rcvbuf != 0)
		gl_line(out, arg, "    vrrp_netlink_monitor_rcv_bufs %u",
			(unsigned)t->nl_monitor_rcvbuf);
	if (t->nl_monitor_force)
		out("    vrrp_netlink_monitor_rcv_bufs_force", arg);
	if (t->log_unknown_vrids)
		out("    log_unknown_vrids", arg);
	if (t->fifo_states_on_reload)
		out("    fifo_write_vrrp_states_on_reload", arg);
	if (t->framed_adverts)
		out("    vrrp_framed_adverts", arg);
}

#define KW(name, fn)                             \
	{                                        \
		name, fn, NULL, NULL, NULL, NULL \
	}

/* clang-format off */
const struct cfg_keyword globals_keywords[] = {
	KW("config_save_dir", gl_dir),
	KW("data_use_instance", gl_flag),
	KW("disable_local_igmp", gl_flag),
	KW("fifo_write_vrrp_states_on_reload", gl_flag),
	KW("include_check", gl_include_check),
	KW("log_unknown_vrids", gl_flag),
	KW("lvs_netlink_cmd_rcv_bufs", gl_netlink_bufs),
	KW("lvs_netlink_cmd_rcv_bufs_force", gl_netlink_bufs),
	KW("lvs_netlink_monitor_rcv_bufs", gl_netlink_bufs),
	KW("lvs_netlink_monitor_rcv_bufs_force", gl_netlink_bufs),
	KW("max_auto_priority", gl_auto_priority),
	KW("min_auto_priority_delay", gl_auto_priority),
	KW("random_seed", gl_random_seed),
	KW("reload_check_config", gl_reload),
	KW("reload_file", gl_reload),
	KW("reload_repeat", gl_reload),
	KW("reload_time_file", gl_reload),
	KW("tmp_config_directory", gl_dir),
	KW("umask", gl_umask),
	KW("vrrp_framed_adverts", gl_flag),
	KW("vrrp_netlink_cmd_rcv_bufs", gl_netlink_bufs),
	KW("vrrp_netlink_cmd_rcv_bufs_force", gl_netlink_bufs),
	KW("vrrp_netlink_monitor_rcv_bufs", gl_netlink_bufs),
	KW("vrrp_netlink_monitor_rcv_bufs_force", gl_netlink_bufs),
	KW("vrrp_rx_bufs_multiplier", gl_rx_bufs),
	KW("vrrp_rx_bufs_policy", gl_rx_bufs),
	CFG_KEYWORD_END,
};
/* clang-format on */
