/*
 * The checker's own global_defs keywords, into the struct check_conf of the
 * configuration being read (check_conf_of()):
 *   checker_log_all_failures [BOOL]   every failed attempt logged, not only
 *                                     the verdict (the checkers' default)
 *   lvs_flush                         IPVS emptied when the checker starts
 *   lvs_flush_on_stop [VS]            at stop, IPVS emptied (VS: only the
 *                                     services the checker made, whole)
 *   lvs_timeouts [tcp S] [tcpfin S] [udp S]   IPVS connection timeouts
 *   rs_init_notifies                  notify_up run for the real servers
 *                                     that start up
 *   nftables_ipvs [TABLE]             a group's services as one fwmark
 *                                     service, marked by nftables
 *                                     (check_nft_marks.h); it resets the
 *                                     two below, as keepalived's does
 *   nftables_ipvs_priority P          its chain's priority (-1)
 *   nftables_ipvs_start_fwmark N      the first fwmark (1000)
 * A bad value is a warning naming file:line and the value is ignored, as
 * keepalived 2.2.7 reports these without refusing the file.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/conf/check_conf_val.h"
#include "keepalived/check/proto/check_nft_marks.h"

/* The kernel's bound for a timeout (IPVS: a month, in seconds). */
#define CHECK_LVS_TIMEOUT_MAX (86400U * 31U)

static int
gl_log_all_failures(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return check_val_flag(r, argc, argv, &check_conf_of(obj)->log_all_failures);
}

static int
gl_lvs_flush(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	(void)r;
	(void)argc;
	(void)argv;
	check_conf_of(obj)->lvs_flush = true;
	return 0;
}

static int
gl_lvs_flush_on_stop(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_conf *c = check_conf_of(obj);

	if (argc < 2) {
		c->flush_on_stop = CHECK_FLUSH_STOP_ALL;
	} else if (strcmp(argv[1], "VS") == 0) {
		c->flush_on_stop = CHECK_FLUSH_STOP_VS;
	} else {
		cfg_warn(r, "%s: unknown option '%s' - ignoring", argv[0], argv[1]);
		c->flush_on_stop = CHECK_FLUSH_STOP_ALL;
	}
	return 0;
}

static int
gl_lvs_timeouts(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	static const char *const names[] = { "tcp", "tcpfin", "udp" };
	struct check_conf *c = check_conf_of(obj);

	if (argc < 3) {
		cfg_warn(r, "lvs_timeouts requires at least one option - ignoring");
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		size_t k;
		char *end;
		unsigned long v;

		for (k = 0; k < 3 && strcmp(argv[i], names[k]) != 0; k++)
			;
		if (k == 3) {
			cfg_warn(r, "lvs_timeouts: unknown option '%s' - ignoring", argv[i]);
			continue;
		}
		if (i == argc - 1) {
			cfg_warn(r, "lvs_timeouts: no value for %s - ignoring", names[k]);
			break;
		}
		i++;
		v = strtoul(argv[i], &end, 10);
		if (argv[i][0] == '-' || *end != '\0' || end == argv[i] ||
		    v > CHECK_LVS_TIMEOUT_MAX) {
			cfg_warn(r, "lvs_timeouts: invalid %s value '%s' - ignoring", names[k],
				 argv[i]);
			continue;
		}
		c->lvs_timeout[k] = (uint32_t)v;
		c->lvs_timeouts_given = true;
	}
	return 0;
}

static int
gl_rs_init_notifies(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return check_val_flag(r, argc, argv, &check_conf_of(obj)->rs_init_notifies);
}

static int
gl_nftables_ipvs(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_conf *c = check_conf_of(obj);
	const char *name = argc > 1 ? argv[1] : CHECK_NFT_TABLE_DEFAULT;

	if (strlen(name) >= sizeof(c->nft_table)) {
		cfg_warn(r, "ipvs nftables table name too long - ignoring");
		return 0;
	}
	snprintf(c->nft_table, sizeof(c->nft_table), "%s", name);
	c->nft_ipvs = true;
	c->nft_priority = CHECK_NFT_PRIORITY_DEFAULT;
	c->nft_start_fwmark = CHECK_NFT_START_FWMARK_DEFAULT;
	return 0;
}

static int
gl_nftables_ipvs_number(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_conf *c = check_conf_of(obj);
	bool prio = strcmp(argv[0], "nftables_ipvs_priority") == 0;
	char *end;
	long long v;

	if (argc < 2) {
		cfg_warn(r, "%s: missing value - ignoring", argv[0]);
		return 0;
	}
	v = strtoll(argv[1], &end, 10);
	if (*end != '\0' || end == argv[1] || (prio && (v < INT32_MIN || v > INT32_MAX)) ||
	    (!prio && (v < 1 || v > UINT32_MAX))) {
		cfg_warn(r, "%s: invalid value '%s' - ignoring", argv[0], argv[1]);
		return 0;
	}
	if (prio)
		c->nft_priority = (int32_t)v;
	else
		c->nft_start_fwmark = (uint32_t)v;
	return 0;
}

/* clang-format off */
const struct cfg_keyword check_conf_global_keywords[] = {
	{ "checker_log_all_failures", gl_log_all_failures, NULL, NULL, NULL, NULL },
	{ "lvs_flush", gl_lvs_flush, NULL, NULL, NULL, NULL },
	{ "lvs_flush_on_stop", gl_lvs_flush_on_stop, NULL, NULL, NULL, NULL },
	{ "lvs_flush_onstop", gl_lvs_flush_on_stop, NULL, NULL, NULL, NULL },
	{ "lvs_timeouts", gl_lvs_timeouts, NULL, NULL, NULL, NULL },
	{ "nftables_ipvs", gl_nftables_ipvs, NULL, NULL, NULL, NULL },
	{ "nftables_ipvs_priority", gl_nftables_ipvs_number, NULL, NULL, NULL, NULL },
	{ "nftables_ipvs_start_fwmark", gl_nftables_ipvs_number, NULL, NULL, NULL, NULL },
	{ "rs_init_notifies", gl_rs_init_notifies, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */
