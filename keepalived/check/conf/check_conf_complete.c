/*
 * The checker's configuration once the whole file has been read: defaults,
 * what a real server inherits from its virtual server, and what keepalived
 * 2.2.7 drops with a warning and runs without. The warnings carry
 * keepalived's wording after our "file:line: ", since people search their
 * logs for it. Also the names keepalived gives services in its log lines
 * and the -d dump of the model.
 */
#include "config.h"

#include "keepalived/check/conf/check_conf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

struct check_conf *
check_conf_new(void)
{
	return calloc(1, sizeof(struct check_conf));
}

static void
rs_free(struct check_rs_conf *rs)
{
	check_probe_list_free(&rs->probes);
	free(rs);
}

static void
vs_free(struct check_vs_conf *vs)
{
	struct check_rs_conf *rs, *next;

	for (rs = vs->rs; rs != NULL; rs = next) {
		next = rs->next;
		rs_free(rs);
	}
	free(vs);
}

void
check_conf_free(struct check_conf *c)
{
	struct check_vs_conf *vs, *vnext;
	struct check_vsg_conf *g, *gnext;
	struct check_vsg_entry *e, *enext;

	if (c == NULL)
		return;
	for (vs = c->vs; vs != NULL; vs = vnext) {
		vnext = vs->next;
		vs_free(vs);
	}
	for (g = c->groups; g != NULL; g = gnext) {
		gnext = g->next;
		for (e = g->entries; e != NULL; e = enext) {
			enext = e->next;
			free(e);
		}
		free(g);
	}
	free(c);
}

/* Names ------------------------------------------------------------------- */

const char *
check_proto_name(int protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	default:
		return "none";
	}
}

const char *
check_fwd_name(enum check_fwd m)
{
	switch (m) {
	case CHECK_FWD_DR:
		return "DR";
	case CHECK_FWD_TUN:
		return "TUN";
	default:
		return "NAT";
	}
}

static const char *
addr_text(const struct check_addr *a, char *buf, size_t size)
{
	if (inet_ntop(a->family, &a->u, buf, (socklen_t)size) == NULL)
		snprintf(buf, size, "?");
	return buf;
}

char *
check_vs_fmt(char *buf, size_t size, const struct check_vs_conf *vs)
{
	char a[INET6_ADDRSTRLEN];

	if (vs->kind == CHECK_VS_GROUP)
		snprintf(buf, size, "[%s]:%u", vs->group, vs->port);
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(buf, size, "FWM %u", vs->fwmark);
	else
		snprintf(buf, size, "[%s]:%s:%u", addr_text(&vs->addr, a, sizeof(a)),
			 check_proto_name(vs->protocol), vs->port);
	return buf;
}

char *
check_rs_fmt(char *buf, size_t size, const struct check_vs_conf *vs, const struct check_rs_conf *rs)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, size, "[%s]:%s:%u", addr_text(&rs->addr, a, sizeof(a)),
		 check_vs_proto_text(vs), rs->port);
	return buf;
}

const char *
check_vs_proto_text(const struct check_vs_conf *vs)
{
	return vs->protocol_none ? "none" : check_proto_name(vs->protocol);
}

/* Completion -------------------------------------------------------------- */

static struct check_vsg_conf *
group_find(const struct check_conf *c, const char *name)
{
	for (struct check_vsg_conf *g = c->groups; g != NULL; g = g->next)
		if (strcmp(g->name, name) == 0)
			return g;
	return NULL;
}

/* A group's family: its first address entry's, or its fwmark entries'. */
static int
group_family(const struct check_vsg_conf *g)
{
	for (const struct check_vsg_entry *e = g->entries; e != NULL; e = e->next)
		if (e->family != 0)
			return e->family;
	return 0;
}

/* The real server takes what it did not set from its virtual server. */
static void
rs_inherit(const struct check_vs_conf *vs, struct check_rs_conf *rs)
{
	if (!rs->fwd.given)
		rs->fwd = vs->fwd;
	if (!rs->inhibit_given)
		rs->inhibit_on_failure = vs->inhibit_on_failure;
	if (!rs->alpha_given)
		rs->alpha = vs->alpha;
	if (!rs->retry_given) {
		rs->retry = vs->retry_given ? vs->retry : 1;
		rs->retry_given = vs->retry_given;
	}
	if (!rs->delay_loop_given)
		rs->delay_loop_us = vs->delay_loop_us;
	if (!rs->delay_before_retry_given) {
		rs->delay_before_retry_us =
			vs->delay_before_retry_given ? vs->delay_before_retry_us : 1000000;
		rs->delay_before_retry_given = vs->delay_before_retry_given;
	}
	if (!rs->warmup_given)
		rs->warmup_us = vs->warmup_given ? vs->warmup_us : rs->delay_loop_us;
	if (!rs->connect_timeout_given)
		rs->connect_timeout_us = vs->connect_timeout_us;
	if (rs->virtualhost[0] == '\0')
		snprintf(rs->virtualhost, sizeof(rs->virtualhost), "%s", vs->virtualhost);
}

/* Drop the real servers of the wrong family, as keepalived does while reading. */
static void
vs_drop_foreign_rs(struct check_vs_conf *vs)
{
	struct check_rs_conf **p = &vs->rs, *rs;
	char a[INET6_ADDRSTRLEN];

	while ((rs = *p) != NULL) {
		if (vs->family != 0 && rs->addr.family != vs->family) {
			log_warnx("%s:%d: Address family of virtual server and real server %s "
				  "don't match - skipping real server.",
				  rs->file, rs->line, addr_text(&rs->addr, a, sizeof(a)));
			*p = rs->next;
			vs->n_rs--;
			rs_free(rs);
			continue;
		}
		p = &rs->next;
	}
}

static bool
rs_same(const struct check_rs_conf *a, const struct check_rs_conf *b)
{
	size_t len = a->addr.family == AF_INET6 ? sizeof(a->addr.u.v6) : sizeof(a->addr.u.v4);

	return a->addr.family == b->addr.family && a->port == b->port &&
	       memcmp(&a->addr.u, &b->addr.u, len) == 0;
}

/*
 * keepalived keeps the first of two real servers with the same address and
 * port (as written: before the port checks below) and goes on without a
 * configuration error; so do we, with a notice.
 */
static void
vs_drop_duplicate_rs(struct check_vs_conf *vs)
{
	char name[160], rname[160];

	for (struct check_rs_conf *first = vs->rs; first != NULL; first = first->next) {
		struct check_rs_conf **p = &first->next, *rs;

		while ((rs = *p) != NULL) {
			if (!rs_same(first, rs)) {
				p = &rs->next;
				continue;
			}
			log_notice("%s:%d: VS %s: real server %s is duplicated - "
				   "removing second rs",
				   rs->file, rs->line, check_vs_fmt(name, sizeof(name), vs),
				   check_rs_fmt(rname, sizeof(rname), vs, rs));
			*p = rs->next;
			vs->n_rs--;
			rs_free(rs);
		}
	}
}

/*
 * A quorum above the real servers' total weight could never be reached:
 * keepalived lowers it to that total (a notice, not a configuration error),
 * then brings a hysteresis not below the quorum down to quorum - 1 (an
 * error in -t's count). With a total weight of 0 that is 0 - 1 in unsigned
 * arithmetic, 4294967295, as keepalived 2.2.7 prints it.
 */
static void
vs_check_quorum(struct check_vs_conf *vs)
{
	char name[160];
	long total = 0;

	for (const struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next)
		total += rs->weight;
	if ((long)vs->quorum > total) {
		log_notice("%s:%d: Warning - quorum %u for %s exceeds total weight of real servers "
			   "%ld, reducing quorum to %ld",
			   vs->file, vs->line, vs->quorum, check_vs_fmt(name, sizeof(name), vs),
			   total, total);
		vs->quorum = (uint32_t)total;
	}
	if (vs->hysteresis >= vs->quorum) {
		log_warnx("%s:%d: Virtual server %s: hysteresis %u >= quorum %u; "
			  "setting hysteresis to %u",
			  vs->file, vs->line, check_vs_fmt(name, sizeof(name), vs), vs->hysteresis,
			  vs->quorum, vs->quorum - 1u);
		vs->hysteresis = vs->quorum - 1u;
	}
}

/* The forwarding method a real server (or the sorry server) ends with. */
static enum check_fwd
fwd_of(const struct check_fwd_conf *own, const struct check_vs_conf *vs)
{
	return own->given ? own->method : vs->fwd.method;
}

/*
 * DR and TUN cannot change the port: keepalived sets a real server's (and
 * the sorry server's) port to the service's, or clears it on a fwmark
 * service, and counts it as a configuration error. NAT keeps its port.
 * Groups are left alone (their entries have ports of their own). The
 * checkers still connect to the port as written (probe_port): keepalived
 * 2.2.7's do, though its log names the reset port.
 */
static void
vs_check_ports(struct check_vs_conf *vs)
{
	char name[160], rname[160];

	if (vs->kind == CHECK_VS_GROUP)
		return;
	for (struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next) {
		if (fwd_of(&rs->fwd, vs) == CHECK_FWD_NAT || rs->port == 0 ||
		    (vs->kind == CHECK_VS_ADDR && rs->port == vs->port))
			continue;
		check_vs_fmt(name, sizeof(name), vs);
		check_rs_fmt(rname, sizeof(rname), vs, rs);
		if (vs->kind == CHECK_VS_FWMARK)
			log_warnx("%s:%d: WARNING - fwmark virtual server %s, real server "
				  "%s has port specified - clearing",
				  rs->file, rs->line, name, rname);
		else
			log_warnx("%s:%d: WARNING - virtual server %s and real server %s "
				  "ports don't match - resetting",
				  rs->file, rs->line, name, rname);
		rs->port = vs->kind == CHECK_VS_FWMARK ? 0 : vs->port;
	}
	if (!vs->has_sorry || fwd_of(&vs->sorry_fwd, vs) == CHECK_FWD_NAT || vs->sorry_port == 0 ||
	    (vs->kind == CHECK_VS_ADDR && vs->sorry_port == vs->port))
		return;
	check_vs_fmt(name, sizeof(name), vs);
	if (vs->kind == CHECK_VS_FWMARK)
		log_warnx("%s:%d: WARNING - virtual server %s, sorry server has port specified - "
			  "clearing",
			  vs->file, vs->line, name);
	else
		log_warnx("%s:%d: WARNING - virtual server %s and sorry server ports don't match - "
			  "resetting",
			  vs->file, vs->line, name);
	vs->sorry_port = vs->kind == CHECK_VS_FWMARK ? 0 : vs->port;
}

/* Returns false when keepalived would ignore the virtual server. */
static bool
vs_complete(const struct check_conf *c, struct check_vs_conf *vs)
{
	char name[160];
	const struct check_vsg_conf *g;

	if (vs->kind == CHECK_VS_GROUP) {
		g = group_find(c, vs->group);
		/* keepalived says it at start-up only, outside -t's count: a notice. */
		if (g == NULL) {
			log_notice("%s:%d: Virtual server group %s specified but not configured - "
				   "ignoring virtual server %s",
				   vs->file, vs->line, vs->group,
				   check_vs_fmt(name, sizeof(name), vs));
			return false;
		}
		if (vs->family == 0)
			vs->family = group_family(g);
	}
	if (vs->family == 0)
		vs->family = AF_INET; /* a fwmark service: keepalived's default family */
	vs_drop_foreign_rs(vs);
	if (vs->has_sorry && vs->sorry_addr.family != vs->family) {
		char a[INET6_ADDRSTRLEN];

		log_warnx("%s:%d: Address family of virtual server and sorry server %s don't "
			  "match - skipping sorry server.",
			  vs->file, vs->line, addr_text(&vs->sorry_addr, a, sizeof(a)));
		vs->has_sorry = false;
	}
	if (vs->rs == NULL) {
		log_warnx("%s:%d: Virtual server %s has no real servers - ignoring", vs->file,
			  vs->line, check_vs_fmt(name, sizeof(name), vs));
		return false;
	}
	if (vs->protocol == 0 && vs->kind != CHECK_VS_FWMARK) {
		/* keepalived 2.2.7's verdict, whatever the checkers are. */
		log_warnx("%s:%d: Virtual server %s: no protocol set - defaulting to UDP", vs->file,
			  vs->line, check_vs_fmt(name, sizeof(name), vs));
		vs->protocol = IPPROTO_UDP;
	}
	if ((vs->svc_flags & CHECK_SVC_F_ONEPACKET) && vs->protocol != IPPROTO_UDP) {
		log_warnx("%s:%d: Virtual server %s: one packet scheduling requires "
			  "UDP - resetting",
			  vs->file, vs->line, check_vs_fmt(name, sizeof(name), vs));
		vs->svc_flags &= ~(uint32_t)CHECK_SVC_F_ONEPACKET;
	}
	if (vs->protocol == 0) {
		vs->protocol = IPPROTO_TCP; /* fwmark: the checkers' default */
		vs->protocol_none = true;
	}
	vs_drop_duplicate_rs(vs);
	vs_check_quorum(vs);
	for (struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next)
		rs->probe_port = rs->port;
	vs_check_ports(vs);
	if (vs->sched[0] == '\0') {
		log_info("%s:%d: Virtual server %s: no scheduler set, setting default 'wlc'",
			 vs->file, vs->line, check_vs_fmt(name, sizeof(name), vs));
		snprintf(vs->sched, sizeof(vs->sched), "wlc");
	}
	if (!vs->fwd.given) {
		log_info("%s:%d: Virtual server %s: no forwarding method set, setting default NAT",
			 vs->file, vs->line, check_vs_fmt(name, sizeof(name), vs));
		vs->fwd.given = true;
	}
	if (vs->has_sorry && !vs->sorry_fwd.given)
		vs->sorry_fwd = vs->fwd;
	if (vs->has_sorry && vs->sorry_port == 0)
		vs->sorry_port = vs->port;
	for (struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next) {
		rs_inherit(vs, rs);
		/* keepalived: a real server without a port takes the service's. */
		if (rs->port == 0 && vs->kind == CHECK_VS_ADDR)
			rs->port = vs->port;
		if (rs->probe_port == 0)
			rs->probe_port = rs->port;
	}
	return true;
}

int
check_conf_complete(struct check_conf *c)
{
	struct check_vs_conf **p = &c->vs, *vs;
	struct check_vsg_conf **gp = &c->groups, *g;

	/* An empty group is gone (warned at its close); its services are then ignored. */
	while ((g = *gp) != NULL) {
		if (g->n_entries != 0) {
			gp = &g->next;
			continue;
		}
		*gp = g->next;
		free(g);
	}
	while ((vs = *p) != NULL) {
		if (!vs_complete(c, vs)) {
			*p = vs->next;
			c->n_vs--;
			vs_free(vs);
			continue;
		}
		p = &vs->next;
	}
	/* checker_log_all_failures: the default of the checkers that do not say. */
	for (vs = c->vs; vs != NULL; vs = vs->next)
		for (struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next)
			for (struct check_probe_conf *pc = rs->probes.head; pc != NULL;
			     pc = pc->next)
				if (!pc->log_all_failures_given)
					pc->log_all_failures = c->log_all_failures;
	return 0;
}

/* Dump -------------------------------------------------------------------- */

#define DUMP(...)                                          \
	do {                                               \
		snprintf(text, sizeof(text), __VA_ARGS__); \
		line(text, arg);                           \
	} while (0)

void
check_conf_dump(const struct check_conf *c, void (*line)(const char *, void *), void *arg)
{
	char text[1200], name[160], a[INET6_ADDRSTRLEN];

	for (const struct check_vs_conf *vs = c->vs; vs != NULL; vs = vs->next) {
		DUMP("virtual_server %s {", check_vs_fmt(name, sizeof(name), vs));
		DUMP("    lb_algo %s", vs->sched);
		DUMP("    lb_kind %s", check_fwd_name(vs->fwd.method));
		DUMP("    protocol %s", check_proto_name(vs->protocol));
		DUMP("    delay_loop %.6f", (double)vs->delay_loop_us / 1e6);
		if (vs->persistence_timeout_s != 0)
			DUMP("    persistence_timeout %u", vs->persistence_timeout_s);
		DUMP("    quorum %u", vs->quorum);
		DUMP("    hysteresis %u", vs->hysteresis);
		if (vs->has_sorry)
			DUMP("    sorry_server %s %u%s", addr_text(&vs->sorry_addr, a, sizeof(a)),
			     vs->sorry_port, vs->sorry_inhibit ? " (inhibit)" : "");
		for (const struct check_rs_conf *rs = vs->rs; rs != NULL; rs = rs->next) {
			DUMP("    real_server %s {", check_rs_fmt(name, sizeof(name), vs, rs));
			DUMP("        weight %d", rs->weight);
			DUMP("        lvs_method %s", check_fwd_name(rs->fwd.method));
			DUMP("        retry %u delay_before_retry %.6f warmup %.6f", rs->retry,
			     (double)rs->delay_before_retry_us / 1e6, (double)rs->warmup_us / 1e6);
			if (rs->inhibit_on_failure)
				DUMP("        inhibit_on_failure");
			if (rs->alpha)
				DUMP("        alpha");
			DUMP("        checkers %u", rs->probes.count);
			DUMP("    }");
		}
		DUMP("}");
	}
}
