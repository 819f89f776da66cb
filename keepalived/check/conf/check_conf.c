/*
 * The checker's keywords of keepalived.conf: virtual_server with its
 * real_server blocks, and SSL, read into the model of check_conf.h;
 * virtual_server_group is read by check_conf_group.c. The checker blocks
 * inside a real_server are read by check_conf_probe.c into the real
 * server's probe list; the defaults and the checks that need the whole
 * file are in check_conf_complete.c.
 *
 * Verdicts follow keepalived 2.2.7 (`keepalived -t` over crafted blocks):
 * a value keepalived cannot read is an error, as before; where keepalived
 * ignores or corrects a value and runs (an unknown scheduler, quorum 0),
 * this is a warning with file:line and the same correction.
 */
#include "config.h"

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/conf/check_conf_priv.h"
#include "keepalived/check/conf/check_conf_val.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Blocks ------------------------------------------------------------------ */

/* virtual_server ADDRESS [PORT] | fwmark N | group NAME */
static void *
open_virtual_server(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	struct check_conf *c = check_conf_of(top);
	struct check_vs_conf *vs, **tail;
	uint64_t v;

	vs = calloc(1, sizeof(*vs));
	if (vs == NULL) {
		cfg_error(r, "virtual_server: out of memory");
		return NULL;
	}
	vs->quorum = 1;
	vs->weight = 1;
	vs->delay_loop_us = 60 * 1000000ULL;
	vs->connect_timeout_us = 5 * 1000000ULL;
	vs->persistence_netmask = UINT32_MAX;
	check_val_where(r, vs->file, sizeof(vs->file), &vs->line);
	if (argc > 1 && strcmp(argv[1], "fwmark") == 0) {
		vs->kind = CHECK_VS_FWMARK;
		if (argc < 3) {
			cfg_error(r, "virtual_server fwmark: missing mark");
			goto bad;
		}
		if (check_val_uint(r, "virtual_server fwmark", argv[2], 0, UINT32_MAX, &v) == -1)
			goto bad;
		vs->fwmark = (uint32_t)v;
	} else if (argc > 1 && strcmp(argv[1], "group") == 0) {
		vs->kind = CHECK_VS_GROUP;
		if (argc < 3) {
			cfg_error(r, "virtual_server group: missing group name");
			goto bad;
		}
		snprintf(vs->group, sizeof(vs->group), "%s", argv[2]);
	} else {
		vs->kind = CHECK_VS_ADDR;
		if (check_val_addr_port(r, argc, argv, &vs->addr, &vs->port) == -1)
			goto bad;
		vs->family = vs->addr.family;
	}
	for (tail = &c->vs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = vs;
	c->n_vs++;
	return vs;
bad:
	free(vs);
	return NULL;
}

static int
close_nothing(struct cfg_reader *r, void *obj)
{
	return 0;
}

static void *
open_real_server(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct check_vs_conf *vs = parent;
	struct check_rs_conf *rs, **tail;

	rs = calloc(1, sizeof(*rs));
	if (rs == NULL) {
		cfg_error(r, "real_server: out of memory");
		return NULL;
	}
	rs->weight = 1;
	check_val_where(r, rs->file, sizeof(rs->file), &rs->line);
	if (check_val_addr_port(r, argc, argv, &rs->addr, &rs->port) == -1) {
		free(rs);
		return NULL;
	}
	for (tail = &vs->rs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = rs;
	vs->n_rs++;
	return rs;
}

/* virtual_server keywords -------------------------------------------------- */

static int
vs_lb_algo(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const scheds[] = { "rr",    "wrr", "lc", "wlc",  "lblc",
					      "sh",    "mh",  "dh", "fo",   "ovf",
					      "lblcr", "sed", "nq", "twos", NULL };
	struct check_vs_conf *vs = obj;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	for (const char *const *s = scheds; *s != NULL; s++) {
		if (strcmp(argv[1], *s) == 0) {
			snprintf(vs->sched, sizeof(vs->sched), "%s", *s);
			return 0;
		}
	}
	/* keepalived: "Invalid lvs_scheduler 'foo' - ignoring", and runs. */
	cfg_warn(r, "Invalid lvs_scheduler '%s' - ignoring", argv[1]);
	return 0;
}

static int
vs_sched_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	/* clang-format off */
	static const struct {
		const char *kw;
		uint32_t flag;
	} flags[] = {
		{ "flag-1", CHECK_SVC_F_SCHED1 },      { "flag-2", CHECK_SVC_F_SCHED2 },
		{ "flag-3", CHECK_SVC_F_SCHED3 },      { "sh-fallback", CHECK_SVC_F_SCHED1 },
		{ "sh-port", CHECK_SVC_F_SCHED2 },     { "mh-fallback", CHECK_SVC_F_SCHED1 },
		{ "mh-port", CHECK_SVC_F_SCHED2 },     { "ops", CHECK_SVC_F_ONEPACKET },
		{ "hashed", CHECK_SVC_F_HASHED },
	};
	/* clang-format on */
	struct check_vs_conf *vs = obj;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(argv[0], flags[i].kw) == 0)
			vs->svc_flags |= flags[i].flag;
	return 0;
}

/* A decimal number in 0..max (keepalived's checks that warn and go on). */
static bool
vs_number(const char *text, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end = NULL;

	if (text[0] == '-' || text[0] == '+' || text[0] == '\0')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

static int
vs_lb_kind(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	int rc = check_val_fwd(r, argc, argv, &vs->fwd);

	if (rc == 1)
		cfg_warn(r, "PARSER : unknown [%s] routing method for virtual server.", argv[1]);
	return rc == 1 ? 0 : rc;
}

static int
vs_protocol(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcasecmp(argv[1], "TCP") == 0)
		vs->protocol = IPPROTO_TCP;
	else if (strcasecmp(argv[1], "UDP") == 0)
		vs->protocol = IPPROTO_UDP;
	else if (strcasecmp(argv[1], "SCTP") == 0)
		vs->protocol = IPPROTO_SCTP;
	else {
		cfg_error(r, "protocol: '%s' is not TCP, UDP or SCTP", argv[1]);
		return -1;
	}
	return 0;
}

static int
vs_ip_family(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	int af;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[1], "inet") == 0)
		af = AF_INET;
	else if (strcmp(argv[1], "inet6") == 0)
		af = AF_INET6;
	else {
		cfg_error(r, "ip_family: '%s' is not inet or inet6", argv[1]);
		return -1;
	}
	if (vs->family != 0 && vs->family != af) {
		cfg_warn(r, "ip_family %s does not match the virtual server's address, ignored",
			 argv[1]);
		return 0;
	}
	vs->family = af;
	return 0;
}

/* persistence_timeout [SECONDS]: alone it means keepalived's 360 s. */
static int
vs_persistence_timeout(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	unsigned long v = 360;
	char *end = NULL;

	if (argc > 1) {
		errno = 0;
		v = strtoul(argv[1], &end, 10);
		/* keepalived warns, ignores the line and runs: so do we. */
		if (errno != 0 || end == argv[1] || *end != '\0' || v < 1 || v > 2678400) {
			cfg_warn(r,
				 "number '%s' outside range [1, 2678400]; persistence_timeout "
				 "invalid, ignored",
				 argv[1]);
			return 0;
		}
	}
	vs->persistence_timeout_s = (uint32_t)v;
	return 0;
}

/*
 * An IPv4 netmask, or an IPv6 prefix length. keepalived reads IPv4 ones
 * with getaddrinfo(), which takes what inet_aton() takes; the family is
 * only known once the block is complete, so both readings are kept.
 */
static int
vs_granularity(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	struct in_addr mask;
	char *end;
	unsigned long plen;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (vs->family == AF_INET6) {
		plen = strtoul(argv[1], &end, 10);
		if (*end == '\0' && plen >= 1 && plen <= 128) {
			vs->persistence_netmask = (uint32_t)plen;
			vs->granularity_given = true;
			return 0;
		}
	} else if (inet_aton(argv[1], &mask) != 0) {
		vs->persistence_netmask = mask.s_addr;
		vs->granularity_given = true;
		return 0;
	}
	cfg_error(r, "persistence_granularity: '%s' is neither a netmask nor a prefix length",
		  argv[1]);
	return -1;
}

static int
vs_persistence_engine(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(vs->persistence_engine)) {
		cfg_error(r, "persistence_engine: '%s' is too long", argv[1]);
		return -1;
	}
	snprintf(vs->persistence_engine, sizeof(vs->persistence_engine), "%s", argv[1]);
	return 0;
}

static int
vs_quorum(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	/* keepalived: anything but 1..4294967295 is a warning, and the quorum 1. */
	if (!vs_number(argv[1], UINT32_MAX, &v) || v == 0) {
		cfg_warn(r, "Quorum %s must be in [1, 4294967295]. Setting to 1.", argv[1]);
		v = 1;
	}
	vs->quorum = (uint32_t)v;
	return 0;
}

static int
vs_hysteresis(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (!vs_number(argv[1], UINT32_MAX, &v)) {
		cfg_warn(r, "Hysteresis %s must be in [0, 4294967295] - ignoring", argv[1]);
		return 0;
	}
	vs->hysteresis = (uint32_t)v;
	return 0;
}

static int
vs_script(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	if (strcmp(argv[0], "quorum_up") == 0)
		return check_val_script(r, argc, argv, vs->quorum_up, sizeof(vs->quorum_up));
	return check_val_script(r, argc, argv, vs->quorum_down, sizeof(vs->quorum_down));
}

static int
vs_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	if (strcmp(argv[0], "alpha") == 0)
		return check_val_flag(r, argc, argv, &vs->alpha);
	if (strcmp(argv[0], "omega") == 0)
		return check_val_flag(r, argc, argv, &vs->omega);
	if (strcmp(argv[0], "ha_suspend") == 0)
		return check_val_flag(r, argc, argv, &vs->ha_suspend);
	return check_val_flag(r, argc, argv, &vs->inhibit_on_failure);
}

static int
vs_virtualhost(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	return check_val_script(r, argc, argv, vs->virtualhost, sizeof(vs->virtualhost));
}

static int
vs_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	/* keepalived warns, keeps the weight it had and runs: so do we. */
	if (!vs_number(argv[1], INT32_MAX, &v) || v == 0) {
		cfg_warn(r, "Virtual server weight %s is outside range 1-2147483647", argv[1]);
		return 0;
	}
	vs->weight = (int)v;
	return 0;
}

/* Where one block keeps the timing keywords (a NULL flag: not recorded). */
struct timing_fields {
	unsigned *retry;
	uint64_t *delay_loop_us, *delay_before_retry_us, *warmup_us, *connect_timeout_us;
	bool *retry_given, *delay_loop_given, *delay_before_retry_given, *warmup_given,
		*connect_timeout_given;
};

static void
timing_given(bool *flag)
{
	if (flag != NULL)
		*flag = true;
}

/* delay_loop, delay_before_retry, warmup, connect_timeout, retry, into f. */
static int
timing_line(struct cfg_reader *r, int argc, char *argv[], const struct timing_fields *f)
{
	bool at_least_1;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (strcmp(argv[0], "retry") == 0) {
		if (check_val_uint(r, argv[0], argv[1], 1, UINT32_MAX, &v) == -1)
			return -1;
		*f->retry = (unsigned)v;
		timing_given(f->retry_given);
		return 0;
	}
	at_least_1 = strcmp(argv[0], "delay_loop") == 0 || strcmp(argv[0], "connect_timeout") == 0;
	if (check_val_timer(r, argv[0], argv[1], at_least_1 ? 1 : 0, &v) == -1)
		return -1;
	if (strcmp(argv[0], "delay_loop") == 0) {
		*f->delay_loop_us = v;
		timing_given(f->delay_loop_given);
	} else if (strcmp(argv[0], "delay_before_retry") == 0) {
		*f->delay_before_retry_us = v;
		timing_given(f->delay_before_retry_given);
	} else if (strcmp(argv[0], "warmup") == 0) {
		*f->warmup_us = v;
		timing_given(f->warmup_given);
	} else {
		*f->connect_timeout_us = v;
		timing_given(f->connect_timeout_given);
	}
	return 0;
}

/* delay_loop, delay_before_retry, warmup, connect_timeout, retry. */
static int
vs_timing(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	const struct timing_fields f = {
		.retry = &vs->retry,
		.delay_loop_us = &vs->delay_loop_us,
		.delay_before_retry_us = &vs->delay_before_retry_us,
		.warmup_us = &vs->warmup_us,
		.connect_timeout_us = &vs->connect_timeout_us,
		.retry_given = &vs->retry_given,
		.delay_before_retry_given = &vs->delay_before_retry_given,
		.warmup_given = &vs->warmup_given,
	};

	return timing_line(r, argc, argv, &f);
}

static int
vs_sorry_server(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;

	if (check_val_addr_port(r, argc, argv, &vs->sorry_addr, &vs->sorry_port) == -1)
		return -1;
	vs->has_sorry = true;
	return 0;
}

/* sorry_server_inhibit and sorry_server_lvs_method apply to the sorry_server
 * given before them; keepalived ignores them otherwise. */
static int
vs_sorry_option(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vs_conf *vs = obj;
	struct check_fwd_conf fwd;

	if (strcmp(argv[0], "sorry_server_lvs_method") == 0) {
		int rc = check_val_fwd(r, argc, argv, &fwd);

		if (rc == 1) {
			cfg_warn(r, "PARSER : unknown [%s] routing method for sorry server.",
				 argv[1]);
			return 0;
		}
		if (rc == -1)
			return -1;
	}
	if (!vs->has_sorry) {
		cfg_warn(r, "%s: no sorry_server before it, ignored", argv[0]);
		return 0;
	}
	if (strcmp(argv[0], "sorry_server_inhibit") == 0)
		return check_val_flag(r, argc, argv, &vs->sorry_inhibit);
	vs->sorry_fwd = fwd;
	return 0;
}

/* Accepted, with no effect in this checker (SNMP, SMTP alerts). */
static int
kw_accepted(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)argc;
	(void)obj;
	cfg_warn(r, "%s: accepted but not acted on: SNMP and e-mail are not part of this daemon",
		 argv[0]);
	return 0;
}

/* real_server keywords ---------------------------------------------------- */

static int
rs_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1)
		return -1;
	if (!vs_number(argv[1], INT32_MAX, &v)) {
		cfg_warn(r, "Real server weight %s is outside range 0-2147483647", argv[1]);
		return 0;
	}
	rs->weight = (int)v;
	return 0;
}

static int
rs_threshold(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 1, -1) == -1 ||
	    check_val_uint(r, argv[0], argv[1], 0, UINT32_MAX, &v) == -1)
		return -1;
	if (strcmp(argv[0], "uthreshold") == 0)
		rs->u_threshold = (uint32_t)v;
	else
		rs->l_threshold = (uint32_t)v;
	return 0;
}

static int
rs_lvs_method(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;
	int rc;

	rc = check_val_fwd(r, argc, argv, &rs->fwd);
	if (rc == 1)
		cfg_warn(r, "PARSER : unknown [%s] routing method for real server.", argv[1]);
	return rc == 1 ? 0 : rc;
}

static int
rs_script(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;

	if (strcmp(argv[0], "notify_up") == 0)
		return check_val_script(r, argc, argv, rs->notify_up, sizeof(rs->notify_up));
	return check_val_script(r, argc, argv, rs->notify_down, sizeof(rs->notify_down));
}

static int
rs_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;

	if (strcmp(argv[0], "alpha") == 0) {
		rs->alpha_given = true;
		return check_val_flag(r, argc, argv, &rs->alpha);
	}
	rs->inhibit_given = true;
	return check_val_flag(r, argc, argv, &rs->inhibit_on_failure);
}

static int
rs_virtualhost(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;

	return check_val_script(r, argc, argv, rs->virtualhost, sizeof(rs->virtualhost));
}

static int
rs_timing(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_rs_conf *rs = obj;
	const struct timing_fields f = {
		.retry = &rs->retry,
		.delay_loop_us = &rs->delay_loop_us,
		.delay_before_retry_us = &rs->delay_before_retry_us,
		.warmup_us = &rs->warmup_us,
		.connect_timeout_us = &rs->connect_timeout_us,
		.retry_given = &rs->retry_given,
		.delay_loop_given = &rs->delay_loop_given,
		.delay_before_retry_given = &rs->delay_before_retry_given,
		.warmup_given = &rs->warmup_given,
		.connect_timeout_given = &rs->connect_timeout_given,
	};

	return timing_line(r, argc, argv, &f);
}

static void *
open_ssl(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	struct check_conf *c = check_conf_of(top);

	c->ssl.given = true;
	return &c->ssl;
}

/* global_defs lvs_sync_daemon ------------------------------------------------ */

int
check_conf_sync_keyword(struct cfg_reader *r, int argc, char *argv[], struct check_conf *c)
{
	uint64_t v;

	if (cfg_check_argc(r, argc, argv, 2, -1) == -1)
		return -1;
	if (strlen(argv[1]) >= sizeof(c->sync_iface) ||
	    strlen(argv[2]) >= sizeof(c->sync_instance)) {
		cfg_error(r, "lvs_sync_daemon: interface or instance name too long");
		return -1;
	}
	snprintf(c->sync_iface, sizeof(c->sync_iface), "%s", argv[1]);
	snprintf(c->sync_instance, sizeof(c->sync_instance), "%s", argv[2]);
	c->sync_id = 0;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "id") == 0) {
			if (cfg_parse_uint(r, "lvs_sync_daemon id", argv[i + 1], 0, 255, &v) == -1)
				return -1;
			c->sync_id = (unsigned)v + 1; /* 0: the instance's VRID */
		} else if (strcmp(argv[i], "maxlen") == 0 || strcmp(argv[i], "port") == 0 ||
			   strcmp(argv[i], "ttl") == 0 || strcmp(argv[i], "group") == 0) {
			cfg_warn(r,
				 "lvs_sync_daemon: '%s' is accepted but not acted on: the "
				 "kernel's defaults are used",
				 argv[i]);
		} else {
			cfg_warn(r, "lvs_sync_daemon: unknown option '%s', ignored", argv[i]);
		}
	}
	c->sync_given = true;
	return 0;
}

/* Keyword tables ---------------------------------------------------------- */

/* clang-format off */
static const struct cfg_keyword real_server_keywords[] = {
	CFG_KW("alpha", rs_flag),
	CFG_KW("connect_timeout", rs_timing),
	CFG_KW("delay_before_retry", rs_timing),
	CFG_KW("delay_loop", rs_timing),
	CFG_KW("inhibit_on_failure", rs_flag),
	CFG_KW("lthreshold", rs_threshold),
	CFG_KW("lvs_method", rs_lvs_method),
	CFG_KW("notify_down", rs_script),
	CFG_KW("notify_up", rs_script),
	CFG_KW("retry", rs_timing),
	CFG_KW("smtp_alert", kw_accepted),
	CFG_KW("snmp_name", kw_accepted),
	CFG_KW("uthreshold", rs_threshold),
	CFG_KW("virtualhost", rs_virtualhost),
	CFG_KW("warmup", rs_timing),
	CFG_KW("weight", rs_weight),
	CFG_KEYWORDS_FROM(check_conf_probe_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword virtual_server_keywords[] = {
	CFG_KW("alpha", vs_flag),
	CFG_KW("connect_timeout", vs_timing),
	CFG_KW("delay_before_retry", vs_timing),
	CFG_KW("delay_loop", vs_timing),
	CFG_KW("flag-1", vs_sched_flag),
	CFG_KW("flag-2", vs_sched_flag),
	CFG_KW("flag-3", vs_sched_flag),
	CFG_KW("ha_suspend", vs_flag),
	CFG_KW("hashed", vs_sched_flag),
	CFG_KW("hysteresis", vs_hysteresis),
	CFG_KW("inhibit_on_failure", vs_flag),
	CFG_KW("ip_family", vs_ip_family),
	CFG_KW("lb_algo", vs_lb_algo),
	CFG_KW("lb_kind", vs_lb_kind),
	CFG_KW("lvs_method", vs_lb_kind),
	CFG_KW("lvs_sched", vs_lb_algo),
	CFG_KW("mh-fallback", vs_sched_flag),
	CFG_KW("mh-port", vs_sched_flag),
	CFG_KW("omega", vs_flag),
	CFG_KW("ops", vs_sched_flag),
	CFG_KW("persistence_engine", vs_persistence_engine),
	CFG_KW("persistence_granularity", vs_granularity),
	CFG_KW("persistence_timeout", vs_persistence_timeout),
	CFG_KW("protocol", vs_protocol),
	CFG_KW("quorum", vs_quorum),
	CFG_KW("quorum_down", vs_script),
	CFG_KW("quorum_up", vs_script),
	{ "real_server", NULL, open_real_server, real_server_keywords, NULL, close_nothing },
	CFG_KW("retry", vs_timing),
	CFG_KW("sh-fallback", vs_sched_flag),
	CFG_KW("sh-port", vs_sched_flag),
	CFG_KW("smtp_alert", kw_accepted),
	CFG_KW("snmp_name", kw_accepted),
	CFG_KW("sorry_server", vs_sorry_server),
	CFG_KW("sorry_server_inhibit", vs_sorry_option),
	CFG_KW("sorry_server_lvs_method", vs_sorry_option),
	CFG_KW("virtualhost", vs_virtualhost),
	CFG_KW("warmup", vs_timing),
	CFG_KW("weight", vs_weight),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
const struct cfg_keyword check_conf_top_keywords[] = {
	{ "SSL", NULL, open_ssl, check_conf_ssl_keywords, NULL, close_nothing },
	{ "virtual_server", NULL, open_virtual_server, virtual_server_keywords, NULL,
	  close_nothing },
	{ "virtual_server_group", NULL, check_conf_group_open, NULL, check_conf_group_entry,
	  check_conf_group_close },
	CFG_KEYWORD_END,
};
/* clang-format on */
