/*
 * vrrp_strict, accept / no_accept and the firewall keywords of
 * keepalived.conf (conf layer, no system calls): parsed here, checked once
 * the whole file is read, and handed to the run-time layer in struct
 * vrrp_nft_conf / vrrp_nft_instance_conf (vrrp_conf_nft.h).
 */
#include "keepalived/vrrp/conf/vrrp_conf_nft.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"

#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <stdio.h>
#include <string.h>

#include "lib/log.h"

/* global_defs ------------------------------------------------------------------------ */

/* The global_defs lines come through vrrp_nft_global_keyword(): obj is the struct vrrp_nft_conf. */
static struct vrrp_nft_conf *
global_nft(void *obj)
{
	return obj;
}

static int
gd_vrrp_strict(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	global_nft(obj)->strict = true;
	return 0;
}

/* nftables [TABLE]: keepalived's name for the table; without one, ours. */
static int
gd_nftables(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_nft_conf *nft = global_nft(obj);

	if (cfg_check_argc(r, argc, argv, 0, 1) == -1)
		return -1;
	nft->table_given = true;
	if (argc == 1)
		return 0;
	if (strlen(argv[1]) >= sizeof(nft->table)) {
		cfg_error(r, "nftables: table name longer than %zu characters",
			  sizeof(nft->table) - 1);
		return -1;
	}
	snprintf(nft->table, sizeof(nft->table), "%s", argv[1]);
	return 0;
}

static int
gd_nftables_priority(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_nft_conf *nft = global_nft(obj);
	int64_t prio;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1 ||
	    cfg_parse_int(r, "nftables_priority", argv[1], INT32_MIN, INT32_MAX, &prio) == -1)
		return -1;
	nft->priority = (int32_t)prio;
	nft->priority_given = true;
	return 0;
}

/* nftables_counters, nftables_ifindex: flags. */
static int
gd_nftables_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_nft_conf *nft = global_nft(obj);

	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	if (strcmp(argv[0], "nftables_counters") == 0)
		nft->counters = true;
	else
		nft->ifindex = true;
	return 0;
}

/*
 * vrrp_iptables [IN [OUT]], vrrp_ipsets [NAMES]: Debian's keepalived 2.2.7
 * has no iptables support and says "iptables not supported, using nftables
 * instead"; so do we, naming the table.
 */
static int
gd_iptables(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_nft_conf *nft = global_nft(obj);

	if (strcmp(argv[0], "vrrp_iptables") == 0)
		nft->iptables = true;
	cfg_warn(r,
		 "%s: iptables not supported, using nftables instead (table %s, chains in/out); "
		 "replace 'vrrp_iptables' and 'vrrp_ipsets' with 'nftables'",
		 argv[0], nft->table[0] != '\0' ? nft->table : "keepalived_vrrp");
	return 0;
}

#define GD(name, fn)                             \
	{                                        \
		name, fn, NULL, NULL, NULL, NULL \
	}

/* clang-format off */
static const struct cfg_keyword vrrp_nft_global_keywords[] = {
	GD("nftables", gd_nftables),
	GD("nftables_counters", gd_nftables_flag),
	GD("nftables_ifindex", gd_nftables_flag),
	GD("nftables_priority", gd_nftables_priority),
	GD("vrrp_ipsets", gd_iptables),
	GD("vrrp_iptables", gd_iptables),
	GD("vrrp_strict", gd_vrrp_strict),
	CFG_KEYWORD_END,
};
/* clang-format on */

int
vrrp_nft_global_keyword(struct cfg_reader *r, int argc, char *argv[], struct vrrp_nft_conf *nft)
{
	const struct cfg_keyword *kw;

	for (kw = vrrp_nft_global_keywords; kw->name != NULL; kw++)
		if (strcmp(kw->name, argv[0]) == 0)
			return kw->handler(r, argc, argv, nft);
	cfg_error(r, "%s: not a firewall keyword", argv[0]);
	return -1;
}

/* vrrp_instance ---------------------------------------------------------------------- */

/* accept, no_accept: no argument. */
static int
kw_accept(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;

	if (cfg_check_argc(r, argc, argv, 0, 0) == -1)
		return -1;
	vi->nft.accept_given = strcmp(argv[0], "accept") == 0 ? VRRP_NFT_ON : VRRP_NFT_OFF;
	return 0;
}

/* strict_mode [BOOL]: alone, on. */
static int
kw_strict_mode(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	bool on = true;

	if (cfg_check_argc(r, argc, argv, 0, 1) == -1 ||
	    (argc == 2 && cfg_parse_bool(r, "strict_mode", argv[1], &on) == -1))
		return -1;
	vi->nft.strict_given = on ? VRRP_NFT_ON : VRRP_NFT_OFF;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_nft_instance_keywords[] = {
	GD("accept", kw_accept),
	GD("no_accept", kw_accept),
	GD("strict_mode", kw_strict_mode),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* After the whole file -------------------------------------------------------------- */

#define VRRP_PRIO_OWNER 255

/* What strict mode overrides, with keepalived's messages. Returns the errors. */
static int
finish_strict(struct vrrp_instance_conf *vi)
{
	bool owner = vi->priority == VRRP_PRIO_OWNER;

	if (vi->nvips == 0) {
		log_error("%s:%d: (%s) No VIP specified; at least one is required", vi->file,
			  vi->line, vi->name);
		return 1;
	}
	if (vi->init_master != owner) {
		log_warnx("%s:%d: (%s) State MASTER must match being address owner", vi->file,
			  vi->line, vi->name);
		vi->init_master = owner;
	}
	if (vi->auth_type != VRRP_AUTH_NONE) {
		log_warnx("%s:%d: (%s) Strict mode does not support authentication. Ignoring.",
			  vi->file, vi->line, vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
	}
	/* keepalived clears it for a Master first, with that message. */
	if (vi->preempt_delay_us != 0 && vi->init_master)
		log_warnx("%s:%d: (%s) Warning - preempt delay will not work with initial state "
			  "MASTER - clearing",
			  vi->file, vi->line, vi->name);
	else if (vi->preempt_delay_us != 0)
		log_warnx("%s:%d: (%s) preempt_delay is incompatible with strict mode - resetting",
			  vi->file, vi->line, vi->name);
	vi->preempt_delay_us = 0;
	if (vi->given.lower_prio_no_advert && !vi->lower_prio_no_advert)
		log_warnx("%s:%d: (%s) Strict mode requires no lower priority advert. resetting",
			  vi->file, vi->line, vi->name);
	vi->lower_prio_no_advert = true;
	if (vi->given.higher_prio_send_advert && vi->higher_prio_send_advert)
		log_warnx("%s:%d: (%s) strict mode requires higher_prio_send_advert to be clear. "
			  "resetting",
			  vi->file, vi->line, vi->name);
	vi->higher_prio_send_advert = false;
	return 0;
}

int
vrrp_nft_conf_finish(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi;
	int errors = 0;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		struct vrrp_nft_instance_conf *n = &vi->nft;
		bool owner = vi->priority == VRRP_PRIO_OWNER;

		n->strict = n->strict_given != VRRP_NFT_UNSET ? n->strict_given == VRRP_NFT_ON :
								conf->nft.strict;
		if (n->strict)
			errors += finish_strict(vi);
		/* keepalived: accept unless strict, and always for the address owner. */
		if (n->accept_given != VRRP_NFT_UNSET)
			n->accept = n->accept_given == VRRP_NFT_ON;
		else
			n->accept = owner || !n->strict;
		if (n->accept && !owner && n->strict && vi->version == 2) {
			log_warnx("%s:%d: (%s) warning - accept mode for VRRP version 2 does not "
				  "comply with RFC3768 - resetting",
				  vi->file, vi->line, vi->name);
			n->accept = false;
		}
		/*
		 * The owner answers for its addresses whatever the mode (keepalived adds no
		 * rule).
		 */
		n->drops = !n->accept && !owner;
		if (n->drops)
			conf->nft.needed = true;
		/* keepalived's table also sends a VMAC's multicast reports through its parent. */
		if (vi->vmac != NULL && vi->vmac->enabled)
			conf->nft.needed = true;
	}
	return errors;
}
