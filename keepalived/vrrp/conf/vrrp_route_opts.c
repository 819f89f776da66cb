/*
 * The route words keepalived 2.2.7 reads that are not plain numbers: the
 * RTT metrics with their time units (rtt, rttvar, rto_min, as iproute2's
 * get_time_rtt() reads them), congctl, ttl-propagate, encap mpls/ip/ip6,
 * and "as", which keepalived accepts for MPLS routes only and ignores
 * here with a warning. Conf layer: parsing into struct vrrp_route only;
 * vrrp_route_nl.c installs what it knows of the model.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keepalived/vrrp/conf/vrrp_route_conf.h"
#include "keepalived/vrrp/conf/vrrp_route_priv.h"

/*
 * iproute2's time for the RTT metrics: a bare number is the kernel's raw
 * value; with s/sec/secs or ms/msec/msecs it is milliseconds, rounded up.
 * Returns 0 with *ms and *raw set, -1 if it is not such a time.
 */
static int
rtt_time(const char *s, uint32_t *val, bool *raw)
{
	double t;
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	t = strtod(s, &end);
	if (end == s || t < 0 || t > UINT32_MAX)
		return -1;
	*raw = *end == '\0';
	if (!*raw) {
		if (strcasecmp(end, "s") == 0 || strcasecmp(end, "sec") == 0 ||
		    strcasecmp(end, "secs") == 0)
			t *= 1000;
		else if (strcasecmp(end, "ms") != 0 && strcasecmp(end, "msec") != 0 &&
			 strcasecmp(end, "msecs") != 0)
			return -1;
	}
	if (t > UINT32_MAX)
		return -1;
	*val = (uint32_t)t;
	if ((double)*val < t)
		(*val)++;
	return 0;
}

/* rtt, rttvar, rto_min [lock] TIME: the kernel keeps rtt in 1/8 ms, rttvar in 1/4 ms. */
static int
route_rtt(struct rparse *p, struct vrrp_route *rt, const char *w)
{
	const char *v;
	uint32_t t;
	uint64_t scaled;
	bool raw;
	int rtax = strcmp(w, "rtt") == 0    ? RTAX_RTT :
		   strcmp(w, "rttvar") == 0 ? RTAX_RTTVAR :
					      RTAX_RTO_MIN;
	unsigned factor = rtax == RTAX_RTT ? 8 : rtax == RTAX_RTTVAR ? 4 : 1;

	if (rp_value(p, &v) == -1)
		return -1;
	if (strcmp(v, "lock") == 0) {
		rt->lock |= 1u << rtax;
		if (rp_value(p, &v) == -1)
			return -1;
	}
	if (rtt_time(v, &t, &raw) == -1)
		return rp_error(p, "%s: '%s' is not a time (N, Nms or Ns)", w, v);
	scaled = raw ? t : (uint64_t)t * factor;
	if (scaled > UINT32_MAX)
		return rp_error(p, "%s: '%s' is too large", w, v);
	rt->metrics[rtax] = (uint32_t)scaled;
	rt->metrics_set |= 1u << rtax;
	return 0;
}

/* mpls LABEL[/LABEL...] [ttl N] */
static int
encap_mpls(struct rparse *p, struct vrrp_route_encap *e)
{
	const char *v;
	char copy[256], *tok, *save = NULL;
	uint64_t n;

	if (rp_value(p, &v) == -1)
		return -1;
	if (strlen(v) >= sizeof(copy))
		return rp_error(p, "encap mpls: '%s' is too long", v);
	memcpy(copy, v, strlen(v) + 1);
	for (tok = strtok_r(copy, "/", &save); tok != NULL; tok = strtok_r(NULL, "/", &save)) {
		if (e->nlabels == VRRP_ENCAP_MPLS_MAX_LABELS)
			return rp_error(p, "encap mpls: more than %d labels",
					VRRP_ENCAP_MPLS_MAX_LABELS);
		/* 20 bits; 0..15 are reserved but the kernel takes them. */
		if (rp_uint(p, "encap mpls label", tok, (1u << 20) - 1, &n) == -1)
			return -1;
		e->labels[e->nlabels++] = (uint32_t)n;
	}
	if (e->nlabels == 0)
		return rp_error(p, "encap mpls: no label");
	if (p->i + 1 < p->argc && strcmp(p->argv[p->i + 1], "ttl") == 0) {
		p->i++;
		if (rp_value(p, &v) == -1 || rp_uint(p, "encap mpls ttl", v, 255, &n) == -1)
			return -1;
		e->ttl = (uint8_t)n;
		e->has_ttl = true;
	}
	return 0;
}

/* ip|ip6 id N dst ADDR [src ADDR] [tos|tc N] [ttl|hoplimit N] [key] [csum] [seq] */
static int
encap_ip(struct rparse *p, struct vrrp_route_encap *e, int family)
{
	const char *w, *v;
	const char *tos_kw = family == AF_INET ? "tos" : "tc";
	const char *ttl_kw = family == AF_INET ? "ttl" : "hoplimit";
	uint64_t n;
	int fam;

	while (p->i + 1 < p->argc) {
		w = p->argv[p->i + 1];
		if (strcmp(w, "key") == 0 || strcmp(w, "csum") == 0 || strcmp(w, "seq") == 0) {
			e->flags |= w[0] == 'k' ? VRRP_ENCAP_F_KEY :
				    w[0] == 'c' ? VRRP_ENCAP_F_CSUM :
						  VRRP_ENCAP_F_SEQ;
			p->i++;
			continue;
		}
		if (strcmp(w, "id") != 0 && strcmp(w, "dst") != 0 && strcmp(w, "src") != 0 &&
		    strcmp(w, tos_kw) != 0 && strcmp(w, ttl_kw) != 0)
			break;
		p->i++;
		if (rp_value(p, &v) == -1)
			return -1;
		if (strcmp(w, "id") == 0) {
			if (rp_uint(p, "encap id", v, UINT64_MAX, &e->id) == -1)
				return -1;
			e->has_id = true;
		} else if (strcmp(w, "dst") == 0 || strcmp(w, "src") == 0) {
			if (rp_addr(p, w[0] == 'd' ? "encap dst" : "encap src", v, &fam,
				    w[0] == 'd' ? &e->dst : &e->src) == -1)
				return -1;
			if (fam != family)
				return rp_error(p, "encap %s: '%s' is not IPv%d", w, v,
						family == AF_INET ? 4 : 6);
			*(w[0] == 'd' ? &e->has_dst : &e->has_src) = true;
		} else if (strcmp(w, tos_kw) == 0) {
			if (rp_name(p, w, RP_DSFIELD, v, 255, &n) == -1)
				return -1;
			e->tos = (uint8_t)n;
			e->has_tos = true;
		} else {
			if (rp_uint(p, w, v, 255, &n) == -1)
				return -1;
			e->ttl = (uint8_t)n;
			e->has_ttl = true;
		}
	}
	if (!e->has_id && !e->has_dst)
		return rp_error(p, "encap ip%s: needs id or dst", family == AF_INET6 ? "6" : "");
	return 0;
}

static int
route_encap(struct rparse *p, struct vrrp_route *rt)
{
	struct vrrp_route_encap *e = &rt->encap;
	const char *type;

	if (e->type != VRRP_ENCAP_NONE)
		return rp_error(p, "encap given twice");
	if (rp_value(p, &type) == -1)
		return -1;
	if (strcmp(type, "mpls") == 0) {
		e->type = VRRP_ENCAP_MPLS;
		return encap_mpls(p, e);
	}
	if (strcmp(type, "ip") == 0 || strcmp(type, "ip6") == 0) {
		e->type = type[2] == '6' ? VRRP_ENCAP_IP6 : VRRP_ENCAP_IP;
		return encap_ip(p, e, type[2] == '6' ? AF_INET6 : AF_INET);
	}
	return rp_error(p, "encap: '%s' is not mpls, ip or ip6", type);
}

int
vrrp_route_extra_option(struct rparse *p, struct vrrp_route *rt, const char *w)
{
	const char *v;

	if (strcmp(w, "rtt") == 0 || strcmp(w, "rttvar") == 0 || strcmp(w, "rto_min") == 0)
		return route_rtt(p, rt, w);
	if (strcmp(w, "encap") == 0)
		return route_encap(p, rt);
	if (strcmp(w, "congctl") == 0) {
		if (rp_value(p, &v) == -1)
			return -1;
		if (strcmp(v, "lock") == 0) {
			rt->congctl_lock = true;
			if (rp_value(p, &v) == -1)
				return -1;
		}
		if (strlen(v) >= sizeof(rt->congctl))
			return rp_error(p, "congctl: '%s' is longer than %zu characters", v,
					sizeof(rt->congctl) - 1);
		memcpy(rt->congctl, v, strlen(v) + 1);
		return 0;
	}
	if (strcmp(w, "ttl-propagate") == 0) {
		if (rp_value(p, &v) == -1)
			return -1;
		if (strcmp(v, "enabled") != 0 && strcmp(v, "disabled") != 0)
			return rp_error(p, "ttl-propagate: '%s' is not enabled or disabled", v);
		rt->has_ttl_propagate = true;
		rt->ttl_propagate = v[0] == 'e';
		return 0;
	}
	/* keepalived: '"as to" for MPLS only - ignoring'; routes here are IPv4/IPv6. */
	if (strcmp(w, "as") == 0) {
		if (rp_value(p, &v) == -1)
			return -1;
		if (strcmp(v, "to") == 0 && rp_value(p, &v) == -1)
			return -1;
		rp_warn(p, "\"as to\" %s is for MPLS routes only - ignoring", v);
		return 0;
	}
	return 1;
}
