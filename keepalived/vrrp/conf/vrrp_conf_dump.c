/*
 * -d: the VRRP part of the configuration written back in keepalived.conf
 * syntax, after the defaults and derived settings have been applied, so
 * that a user sees what the daemon will run with. Read again, the output
 * gives the same configuration; the unit test holds it to that.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/bfd_conf.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/rtnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/conf/vrrp_route_conf.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"
#include "lib/log.h"

typedef void (*dump_fn)(const char *line, void *arg);

/* One line of output: out() gets it formatted, without a newline. */
static void LOG_PRINTF(3, 4) emit(dump_fn out, void *arg, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(line, arg);
}

/* A setting whose value is fixed-point: digits decimal places in the stored number. */
static void
emit_fixed(dump_fn out, void *arg, const char *name, uint64_t v, unsigned digits)
{
	char buf[32];

	emit(out, arg, "    %s %s", name, vrrp_conf_fmt_fixed(v, digits, buf, sizeof(buf)));
}

/* Booleans in the words keepalived's check_true_false() reads. */
static const char *
yes_no(bool b)
{
	return b ? "true" : "false";
}

void
vrrp_global_conf_dump(const struct vrrp_global_conf *g, dump_fn out, void *arg)
{
	char buf[16];

	emit(out, arg, "    vrrp_version %u", g->version != 0 ? g->version : VRRP_V2);
	emit(out, arg, "    vrrp_garp_master_delay %" PRIu64, g->garp_master_delay_us / US_PER_S);
	emit(out, arg, "    vrrp_garp_master_repeat %" PRIu32, g->garp_master_repeat);
	emit(out, arg, "    vrrp_garp_master_refresh %" PRIu64,
	     g->garp_master_refresh_us / US_PER_S);
	emit(out, arg, "    vrrp_garp_master_refresh_repeat %" PRIu32,
	     g->garp_master_refresh_repeat);
	/* 0, the default, is not a value keepalived accepts in the file. */
	if (g->garp_interval_us != 0)
		emit_fixed(out, arg, "vrrp_garp_interval", g->garp_interval_us, 6);
	if (g->gna_interval_us != 0)
		emit_fixed(out, arg, "vrrp_gna_interval", g->gna_interval_us, 6);
	if (g->garp_lower_prio_delay_set)
		emit(out, arg, "    vrrp_garp_lower_prio_delay %" PRIu64,
		     g->garp_lower_prio_delay_us / US_PER_S);
	if (g->garp_lower_prio_repeat_set)
		emit(out, arg, "    vrrp_garp_lower_prio_repeat %" PRIu32,
		     g->garp_lower_prio_repeat);
	if (g->garp_extra_if_s != 0)
		emit(out, arg, "    vrrp_garp_extra_if %s%" PRIu32,
		     g->garp_extra_if_all ? "all " : "", g->garp_extra_if_s);
	if (g->startup_delay_us != 0)
		emit_fixed(out, arg, "vrrp_startup_delay", g->startup_delay_us, 6);
	emit(out, arg, "    vrrp_down_timer_adverts %u", g->down_timer_adverts);
	if (g->late_advert_warn != VRRP_LATE_ADVERT_WARN_DEFAULT)
		emit(out, arg, "    vrrp_late_advert_warn %u", g->late_advert_warn);
	emit(out, arg, "    vrrp_lower_prio_no_advert %s", yes_no(g->lower_prio_no_advert));
	emit(out, arg, "    vrrp_higher_prio_send_advert %s", yes_no(g->higher_prio_send_advert));
	if (vrrp_lease_conf_word(&g->lease, buf, sizeof(buf)) != NULL)
		emit(out, arg, "    vrrp_vip_lease %s",
		     vrrp_lease_conf_word(&g->lease, buf, sizeof(buf)));
}

/* One virtual_ipaddress line, with only the options that differ from the defaults. */
static void
dump_vip(const struct vrrp_vip *vip, dump_fn out, void *arg)
{
	char addr[INET6_ADDRSTRLEN], brd[INET_ADDRSTRLEN] = "", scope[8], opts[128];

	if (vip->has_brd)
		inet_ntop(AF_INET, &vip->brd, brd, sizeof(brd));
	emit(out, arg, "        %s/%u%s%s%s%s%s%s%s%s%s%s",
	     vrrp_addr_ntop(vip->family, &vip->addr, addr, sizeof(addr)), vip->prefixlen,
	     vip->has_brd ? " brd " : "", brd, vip->dev[0] ? " dev " : "", vip->dev,
	     vip->scope != RT_SCOPE_UNIVERSE ? " scope " : "",
	     vip->scope != RT_SCOPE_UNIVERSE ?
		     vrrp_conf_scope_name(vip->scope, scope, sizeof(scope)) :
		     "",
	     vip->label[0] ? " label " : "", vip->label, vip->nodad ? " -nodad" : "",
	     vrrp_vip_opts_format(vip, opts, sizeof(opts)));
}

/* One vrrp_instance block, every setting written out, defaults included. */
static void
dump_instance(const struct vrrp_instance_conf *vi, dump_fn out, void *arg)
{
	char pass[VRRP_AUTH_PASS_LEN + 1];
	size_t i;

	emit(out, arg, "vrrp_instance %s {", vi->name);
	emit(out, arg, "    state %s", vi->init_master ? "MASTER" : "BACKUP");
	if (vi->ifname[0] != '\0') /* none: unicast (vrrp_conf_iface.h) */
		emit(out, arg, "    interface %s", vi->ifname);
	emit(out, arg, "    virtual_router_id %u", vi->vrid);
	emit(out, arg, "    version %u", vi->version);
	emit(out, arg, "    priority %u", vi->priority);
	emit_fixed(out, arg, "advert_int", vi->adver_int_cs, 2);
	if (vi->nopreempt)
		emit(out, arg, "    nopreempt");
	if (vi->preempt_delay_us != 0)
		emit_fixed(out, arg, "preempt_delay", vi->preempt_delay_us, 6);
	emit(out, arg, "    down_timer_adverts %u", vi->down_timer_adverts);
	/* The lease in force, in seconds (vrrp_conf_lease.c). */
	if (vi->lease.lease_s > 0)
		emit(out, arg, "    vip_lease %u", vi->lease.lease_s);
	/* Ours, not keepalived's: only when not the default. */
	if (vi->late_advert_warn != VRRP_LATE_ADVERT_WARN_DEFAULT)
		emit(out, arg, "    late_advert_warn %u", vi->late_advert_warn);
	emit(out, arg, "    lower_prio_no_advert %s", yes_no(vi->lower_prio_no_advert));
	/* Only when set: -d output of configurations without it stays as it was. */
	if (vi->skip_check_adv_addr)
		emit(out, arg, "    skip_check_adv_addr yes");
	emit(out, arg, "    higher_prio_send_advert %s", yes_no(vi->higher_prio_send_advert));
	if (vi->v3_checksum_as_v2)
		emit(out, arg, "    v3_checksum_as_v2 true");
	emit(out, arg, "    garp_master_delay %" PRIu64, vi->garp_master_delay_us / US_PER_S);
	emit(out, arg, "    garp_master_repeat %" PRIu32, vi->garp_master_repeat);
	emit(out, arg, "    garp_master_refresh %" PRIu64, vi->garp_master_refresh_us / US_PER_S);
	emit(out, arg, "    garp_master_refresh_repeat %" PRIu32, vi->garp_master_refresh_repeat);
	/* Only when given: the defaults come back from global_defs. */
	if (vi->given.garp_lower_prio_delay)
		emit(out, arg, "    garp_lower_prio_delay %" PRIu64,
		     vi->garp_lower_prio_delay_us / US_PER_S);
	if (vi->given.garp_lower_prio_repeat)
		emit(out, arg, "    garp_lower_prio_repeat %" PRIu32, vi->garp_lower_prio_repeat);
	if (vi->given.garp_extra_if)
		emit(out, arg, "    garp_extra_if %s%" PRIu32, vi->garp_extra_if_all ? "all " : "",
		     vi->garp_extra_if_s);
	if (vi->auth_type != VRRP_AUTH_NONE) {
		/* As keepalived's -d: PASS travels in clear on the wire anyway. */
		memcpy(pass, vi->auth_pass, VRRP_AUTH_PASS_LEN);
		pass[VRRP_AUTH_PASS_LEN] = '\0';
		emit(out, arg, "    authentication {");
		emit(out, arg, "        auth_type %s",
		     vi->auth_type == VRRP_AUTH_PASS ? "PASS" : "AH");
		emit(out, arg, "        auth_pass \"%s\"", pass);
		emit(out, arg, "    }");
	}
	emit(out, arg, "    virtual_ipaddress {");
	for (i = 0; i < vi->nvips; i++)
		dump_vip(&vi->vips[i], out, arg);
	emit(out, arg, "    }");
	if (vi->nevips > 0) {
		emit(out, arg, "    virtual_ipaddress_excluded {");
		for (i = 0; i < vi->nevips; i++)
			dump_vip(&vi->evips[i], out, arg);
		emit(out, arg, "    }");
	}
	vrrp_unicast_conf_dump(vi->unicast, out, arg);
	vrrp_vmac_conf_dump(vi->vmac, out, arg);
	vrrp_ipvlan_conf_dump(vi->ipvlan, out, arg);
	vrrp_iface_conf_dump(&vi->iface, out, arg);
	vrrp_routes_conf_dump(vi->routes, false, 4, out, arg);
	vrrp_conf_track_dump_instance(vi, out, arg);
	emit(out, arg, "}");
}

void
vrrp_conf_dump(const struct vrrp_conf *conf, dump_fn out, void *arg)
{
	const struct vrrp_instance_conf *vi;

	/* Trackers first: keepalived finds them only if they come before their use. */
	bfd_conf_dump(conf, out, arg); /* before the sync groups' track_bfd */
	vrrp_conf_track_dump(conf, out, arg);
	vrrp_routes_conf_dump(conf->statics, true, 0, out, arg);
	for (const struct vrrp_garp_group_conf *gg = conf->garp_groups; gg != NULL; gg = gg->next) {
		if (gg->nifs == 0)
			continue;
		emit(out, arg, "garp_group {");
		if (gg->has_garp_interval)
			emit_fixed(out, arg, "garp_interval", gg->garp_interval_us, 6);
		if (gg->has_gna_interval)
			emit_fixed(out, arg, "gna_interval", gg->gna_interval_us, 6);
		emit(out, arg, "    interfaces {");
		for (size_t i = 0; i < gg->nifs; i++)
			emit(out, arg, "        %s", gg->ifnames[i]);
		emit(out, arg, "    }");
		emit(out, arg, "}");
	}
	for (vi = conf->instances; vi != NULL; vi = vi->next)
		dump_instance(vi, out, arg);
}
