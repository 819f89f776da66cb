/*
 * The transport keywords of keepalived.conf: unicast_src_ip, mcast_src_ip,
 * unicast_peer { }, unicast_ttl, check_unicast_src, unicast_fault_no_peer,
 * mcast_dst_ip and old_unicast_checksum in a vrrp_instance (into
 * vi->unicast, allocated by the first of them), vrrp_mcast_group4/6 and
 * vrrp_check_unicast_src in global_defs; the checks that need the whole
 * instance; and -d.
 *
 * The yardstick is keepalived 2.2.7's -t. What it refuses and then cannot
 * honour at all (a malformed address, an address of the other family, a
 * TTL out of range, an unknown peer option) is an error here. Where it
 * complains but runs on in a defined way (a unicast keyword without peers
 * falls back to multicast, unicast_ttl without peers is dropped,
 * mcast_dst_ip with peers is ignored), this is a warning and the same
 * thing happens, so that existing configurations keep running. Addresses
 * are read as keepalived's inet_stosockaddr() reads them: anything from a
 * '/' or '-' on is cut off, so 198.18.0.2/24 is 198.18.0.2.
 */
#include "keepalived/vrrp/proto/vrrp_unicast.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

#define TTL_MAX 255

/* Values ------------------------------------------------------------------- */

/*
 * An address as keepalived's inet_stosockaddr() takes it: IPv6 when it has a
 * ':', and only what comes before a '-' or '/'. Returns 0, or -1.
 */
static int
parse_addr(const char *s, int *family, union vrrp_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 1];
	size_t n = strcspn(s, "-/");

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*family = strchr(buf, ':') != NULL ? AF_INET6 : AF_INET;
	memset(a, 0, sizeof(*a));
	return inet_pton(*family, buf, a) == 1 ? 0 : -1;
}

static bool
addr_is_multicast(int family, const union vrrp_addr *a)
{
	return family == AF_INET ? IN_MULTICAST(ntohl(a->v4.s_addr)) :
				   IN6_IS_ADDR_MULTICAST(&a->v6);
}

static bool
addr_is_unspecified(int family, const union vrrp_addr *a)
{
	return family == AF_INET ? a->v4.s_addr == INADDR_ANY : IN6_IS_ADDR_UNSPECIFIED(&a->v6);
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static int
family_version(int family)
{
	return family == AF_INET ? 4 : 6;
}

/* A copy of the reader's current file name, for messages after reading. */
static char *
file_copy(struct cfg_reader *r)
{
	char *f = strdup(cfg_file(r));

	if (f == NULL)
		cfg_error(r, "out of memory");
	return f;
}

static struct vrrp_unicast_conf *
uc_conf(struct cfg_reader *r, struct vrrp_instance_conf *vi)
{
	if (vi->unicast != NULL)
		return vi->unicast;
	if ((vi->unicast = calloc(1, sizeof(*vi->unicast))) == NULL) {
		cfg_error(r, "(%s) out of memory", vi->name);
		return NULL;
	}
	vi->unicast->ttl = VRRP_UNICAST_TTL_UNSET;
	return vi->unicast;
}

static int
need_value(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[])
{
	if (argc >= 2)
		return 0;
	cfg_error(r, "(%s) %s: missing address", vi->name, argv[0]);
	return -1;
}

/* KEYWORD ADDR: the address and its family, or -1 (logged). */
static int
addr_value(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	   int *family, union vrrp_addr *a)
{
	if (need_value(r, vi, argc, argv) == -1)
		return -1;
	if (parse_addr(argv[1], family, a) == -1) {
		cfg_error(r, "(%s) %s: '%s' is not an IPv4 or IPv6 address", vi->name, argv[0],
			  argv[1]);
		return -1;
	}
	return 0;
}

/* *file becomes a copy of the reader's current file name; -1 (logged) if out of memory. */
static int
file_replace(struct cfg_reader *r, char **file)
{
	free(*file);
	*file = file_copy(r);
	return *file != NULL ? 0 : -1;
}

/* Keepalived takes flags with any words after them, and so do we, with a word. */
static void
extra_words(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	    int max)
{
	if (argc > max + 1)
		cfg_warn(r, "(%s) %s: '%s' ignored", vi->name, argv[0], argv[max + 1]);
}

/* Instance keywords ---------------------------------------------------------- */

/* unicast_src_ip ADDR, mcast_src_ip ADDR: the source of the adverts. */
static int
kw_src_ip(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc;
	union vrrp_addr a;
	int family;

	if (addr_value(r, vi, argc, argv, &family, &a) == -1)
		return -1;
	/*
	 * keepalived 2.2.7 takes any address here without a word (OpenStack's
	 * neutron writes mcast_src_ip 224.0.0.1); an advert cannot come from
	 * one, so the line is ignored, with a warning, and the interface's own
	 * address is used, as when the line is absent.
	 */
	if (addr_is_multicast(family, &a) || addr_is_unspecified(family, &a)) {
		cfg_warn(r,
			 "(%s) %s: %s is not a unicast address - ignored, the interface's address "
			 "is used",
			 vi->name, argv[0], argv[1]);
		return 0;
	}
	extra_words(r, vi, argc, argv, 1);
	if ((uc = uc_conf(r, vi)) == NULL)
		return -1;
	if (file_replace(r, &uc->src_file) == -1)
		return -1;
	uc->has_src = true;
	uc->src_family = family;
	uc->src = a;
	uc->src_line = cfg_line(r);
	uc->src_unicast_kw = strcmp(argv[0], "unicast_src_ip") == 0;
	if (uc->src_unicast_kw)
		uc->unicast_kw = true;
	return 0;
}

/*
 * mcast_dst_ip ADDR: the instance's own group. keepalived wants IPv4
 * multicast, or IPv6 link-local multicast (ffX2::).
 */
static int
kw_mcast_dst_ip(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc;
	union vrrp_addr a;
	int family;

	if (addr_value(r, vi, argc, argv, &family, &a) == -1)
		return -1;
	if (family == AF_INET ? !IN_MULTICAST(ntohl(a.v4.s_addr)) :
				!IN6_IS_ADDR_MC_LINKLOCAL(&a.v6)) {
		cfg_error(r, "(%s) mcast_dst_ip: %s is not %s", vi->name, argv[1],
			  family == AF_INET ? "multicast" : "link-local multicast (ffX2::)");
		return -1;
	}
	extra_words(r, vi, argc, argv, 1);
	if ((uc = uc_conf(r, vi)) == NULL)
		return -1;
	if (file_replace(r, &uc->mcast_dst_file) == -1)
		return -1;
	uc->has_mcast_dst = true;
	uc->mcast_dst_family = family;
	uc->mcast_dst = a;
	uc->mcast_dst_line = cfg_line(r);
	return 0;
}

/* unicast_ttl 0..255 */
static int
kw_unicast_ttl(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc;
	char kw[VRRP_NAME_MAX + 32];
	uint64_t v;

	if (argc < 2) {
		cfg_error(r, "(%s) unicast_ttl: missing value", vi->name);
		return -1;
	}
	snprintf(kw, sizeof(kw), "(%s) unicast_ttl", vi->name);
	if (cfg_parse_uint(r, kw, argv[1], 0, TTL_MAX, &v) == -1)
		return -1;
	extra_words(r, vi, argc, argv, 1);
	if ((uc = uc_conf(r, vi)) == NULL)
		return -1;
	uc->ttl = (int)v;
	return 0;
}

/* check_unicast_src, unicast_fault_no_peer: flags that also mean unicast. */
static int
kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc = uc_conf(r, vi);

	if (uc == NULL)
		return -1;
	extra_words(r, vi, argc, argv, 0);
	if (strcmp(argv[0], "check_unicast_src") == 0)
		uc->check_src = true;
	else
		uc->fault_no_peer = true;
	uc->unicast_kw = true;
	return 0;
}

/* old_unicast_checksum [never] */
static int
kw_old_unicast_checksum(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc;

	if (argc >= 2 && strcmp(argv[1], "never") != 0) {
		cfg_error(r, "(%s) old_unicast_checksum: '%s' is not 'never'", vi->name, argv[1]);
		return -1;
	}
	extra_words(r, vi, argc, argv, 1);
	if ((uc = uc_conf(r, vi)) == NULL)
		return -1;
	uc->old_csum = argc >= 2 ? VRRP_UNICAST_CSUM_NEVER : VRRP_UNICAST_CSUM_OLD;
	uc->unicast_kw = true;
	return 0;
}

/* unicast_peer { opens: an empty block still asks for unicast. */
static void *
open_unicast_peer(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_instance_conf *vi = parent;
	struct vrrp_unicast_conf *uc = uc_conf(r, vi);

	if (uc == NULL)
		return NULL;
	if (argc > 1)
		cfg_warn(r, "(%s) unicast_peer: '%s' ignored, the addresses go inside the block",
			 vi->name, argv[1]);
	uc->unicast_kw = true;
	return vi;
}

/* min_ttl N / max_ttl N pairs after a peer's address. */
static int
peer_options(struct cfg_reader *r, const struct vrrp_instance_conf *vi, int argc, char *argv[],
	     struct vrrp_unicast_peer *p, bool *ranged)
{
	char kw[VRRP_NAME_MAX + 64];
	uint64_t v;
	int i;

	for (i = 1; i < argc; i += 2) {
		bool is_min = strcmp(argv[i], "min_ttl") == 0;

		if (!is_min && strcmp(argv[i], "max_ttl") != 0) {
			cfg_error(r, "(%s) unicast_peer %s: unknown option '%s' (min_ttl, max_ttl)",
				  vi->name, argv[0], argv[i]);
			return -1;
		}
		if (i + 1 >= argc) {
			cfg_error(r, "(%s) unicast_peer %s: %s is missing a value", vi->name,
				  argv[0], argv[i]);
			return -1;
		}
		snprintf(kw, sizeof(kw), "(%s) unicast_peer %s %s", vi->name, argv[0], argv[i]);
		if (cfg_parse_uint(r, kw, argv[i + 1], 0, TTL_MAX, &v) == -1)
			return -1;
		if (is_min)
			p->min_ttl = (uint8_t)v;
		else
			p->max_ttl = (uint8_t)v;
		*ranged = true;
	}
	/* keepalived runs with it and drops every advert: refuse instead. */
	if (p->min_ttl > p->max_ttl) {
		cfg_error(r,
			  "(%s) unicast_peer %s: min_ttl %u > max_ttl %u would drop every advert",
			  vi->name, argv[0], p->min_ttl, p->max_ttl);
		return -1;
	}
	return 0;
}

static const struct vrrp_unicast_peer *
find_peer(const struct vrrp_unicast_conf *uc, int family, const union vrrp_addr *a)
{
	size_t i;

	for (i = 0; i < uc->npeers; i++)
		if (uc->peers[i].family == family &&
		    memcmp(&uc->peers[i].addr, a, addr_len(family)) == 0)
			return &uc->peers[i];
	return NULL;
}

/* One line of unicast_peer { }: ADDR [min_ttl N] [max_ttl N]. */
static int
item_unicast_peer(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_unicast_conf *uc = vi->unicast;
	struct vrrp_unicast_peer p, *grown;
	bool ranged = false;

	memset(&p, 0, sizeof(p));
	p.max_ttl = TTL_MAX;
	if (parse_addr(argv[0], &p.family, &p.addr) == -1) {
		cfg_error(r, "(%s) unicast_peer: '%s' is not an IPv4 or IPv6 address", vi->name,
			  argv[0]);
		return -1;
	}
	if (addr_is_multicast(p.family, &p.addr) || addr_is_unspecified(p.family, &p.addr)) {
		cfg_error(r, "(%s) unicast_peer: %s is not a unicast address", vi->name, argv[0]);
		return -1;
	}
	if (peer_options(r, vi, argc, argv, &p, &ranged) == -1)
		return -1;
	/*
	 * keepalived would send every advert twice and check a received one
	 * against the first entry only, so the second changes nothing else.
	 */
	if (find_peer(uc, p.family, &p.addr) != NULL) {
		cfg_warn(r, "(%s) unicast_peer %s: given twice, ignored", vi->name, argv[0]);
		return 0;
	}
	p.line = cfg_line(r);
	if ((p.file = file_copy(r)) == NULL)
		return -1;
	grown = realloc(uc->peers, (uc->npeers + 1) * sizeof(*uc->peers));
	if (grown == NULL) {
		free(p.file);
		cfg_error(r, "(%s) out of memory", vi->name);
		return -1;
	}
	uc->peers = grown;
	uc->peers[uc->npeers++] = p;
	/* keepalived.conf(5): "Specifying min_ttl or max_ttl turns on check_unicast_src." */
	if (ranged)
		uc->check_src = true;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_unicast_instance_keywords[] = {
	{ "check_unicast_src", kw_flag, NULL, NULL, NULL, NULL },
	{ "mcast_dst_ip", kw_mcast_dst_ip, NULL, NULL, NULL, NULL },
	{ "mcast_src_ip", kw_src_ip, NULL, NULL, NULL, NULL },
	{ "old_unicast_checksum", kw_old_unicast_checksum, NULL, NULL, NULL, NULL },
	{ "unicast_fault_no_peer", kw_flag, NULL, NULL, NULL, NULL },
	{ "unicast_peer", NULL, open_unicast_peer, NULL, item_unicast_peer, NULL },
	{ "unicast_src_ip", kw_src_ip, NULL, NULL, NULL, NULL },
	{ "unicast_ttl", kw_unicast_ttl, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* global_defs -------------------------------------------------------------- */

/* vrrp_mcast_group4 ADDR / vrrp_mcast_group6 ADDR */
static int
global_group(struct cfg_reader *r, int argc, char *argv[], struct vrrp_unicast_global *g)
{
	int want = strcmp(argv[0], "vrrp_mcast_group6") == 0 ? AF_INET6 : AF_INET;
	union vrrp_addr a;
	int family;

	if (argc < 2) {
		cfg_error(r, "%s: missing address", argv[0]);
		return -1;
	}
	if (parse_addr(argv[1], &family, &a) == -1) {
		cfg_error(r, "%s: '%s' is not an IPv%d address", argv[0], argv[1],
			  family_version(want));
		return -1;
	}
	if (family != want) {
		cfg_error(r, "%s: %s is not IPv%d", argv[0], argv[1], family_version(want));
		return -1;
	}
	if (!addr_is_multicast(family, &a)) {
		cfg_error(r, "%s: %s is not multicast", argv[0], argv[1]);
		return -1;
	}
	/* keepalived complains and uses it all the same. */
	if (family == AF_INET6 && !IN6_IS_ADDR_MC_LINKLOCAL(&a.v6))
		cfg_warn(r, "%s: %s should be link-local multicast (ffX2::)", argv[0], argv[1]);
	if (argc > 2)
		cfg_warn(r, "%s: '%s' ignored", argv[0], argv[2]);
	if (family == AF_INET)
		g->group4 = a.v4;
	else
		g->group6 = a.v6;
	return 0;
}

int
vrrp_unicast_global_keyword(struct cfg_reader *r, int argc, char *argv[],
			    struct vrrp_unicast_global **gp)
{
	if (*gp == NULL) {
		if ((*gp = malloc(sizeof(**gp))) == NULL) {
			cfg_error(r, "%s: out of memory", argv[0]);
			return -1;
		}
		vrrp_unicast_global_defaults(*gp);
	}
	if (strcmp(argv[0], "vrrp_check_unicast_src") == 0) {
		if (argc > 1)
			cfg_warn(r, "%s: '%s' ignored", argv[0], argv[1]);
		(*gp)->check_unicast_src = true;
		return 0;
	}
	if (strcmp(argv[0], "vrrp_mcast_group4") == 0 || strcmp(argv[0], "vrrp_mcast_group6") == 0)
		return global_group(r, argc, argv, *gp);
	cfg_error(r, "%s: not a unicast keyword", argv[0]);
	return -1;
}

void
vrrp_unicast_global_free(struct vrrp_unicast_global *g)
{
	free(g);
}

void
vrrp_unicast_global_dump(const struct vrrp_unicast_global *g,
			 void (*out)(const char *line, void *arg), void *arg)
{
	struct vrrp_unicast_global defaults;
	char line[96], buf[INET6_ADDRSTRLEN];

	if (g == NULL) {
		vrrp_unicast_global_defaults(&defaults);
		g = &defaults;
	}
	snprintf(line, sizeof(line), "    vrrp_mcast_group4 %s",
		 inet_ntop(AF_INET, &g->group4, buf, sizeof(buf)));
	out(line, arg);
	snprintf(line, sizeof(line), "    vrrp_mcast_group6 %s",
		 inet_ntop(AF_INET6, &g->group6, buf, sizeof(buf)));
	out(line, arg);
	if (g->check_unicast_src)
		out("    vrrp_check_unicast_src", arg);
}

/* Whole-instance checks ------------------------------------------------------ */

static int LOG_PRINTF(4, 5) report(bool error, const char *file, int line, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (error)
		log_error("%s:%d: %s", file, line, msg);
	else
		log_warnx("%s:%d: %s", file, line, msg);
	return error ? 1 : 0;
}

/* Peers, source and group must be of the instance's family. */
static int
check_families(const struct vrrp_instance_conf *vi, const struct vrrp_unicast_conf *uc)
{
	char buf[INET6_ADDRSTRLEN];
	int errors = 0, ipv = family_version(vi->family);
	size_t i;

	for (i = 0; i < uc->npeers; i++) {
		const struct vrrp_unicast_peer *p = &uc->peers[i];

		if (p->family != vi->family)
			errors += report(true, p->file, p->line,
					 "(%s) unicast_peer %s: not IPv%d, as the instance is",
					 vi->name,
					 vrrp_addr_ntop(p->family, &p->addr, buf, sizeof(buf)),
					 ipv);
	}
	if (uc->has_src && uc->src_family != vi->family)
		errors += report(true, uc->src_file, uc->src_line,
				 "(%s) %s %s: not IPv%d, as the instance is", vi->name,
				 uc->src_unicast_kw ? "unicast_src_ip" : "mcast_src_ip",
				 vrrp_addr_ntop(uc->src_family, &uc->src, buf, sizeof(buf)), ipv);
	if (uc->has_mcast_dst && uc->mcast_dst_family != vi->family)
		errors += report(true, uc->mcast_dst_file, uc->mcast_dst_line,
				 "(%s) mcast_dst_ip %s: not IPv%d, as the instance is", vi->name,
				 vrrp_addr_ntop(uc->mcast_dst_family, &uc->mcast_dst, buf,
						sizeof(buf)),
				 ipv);
	return errors;
}

/* What keepalived drops or falls back from, with a warning each. */
static void
settle(struct vrrp_instance_conf *vi, struct vrrp_unicast_conf *uc)
{
	char buf[INET6_ADDRSTRLEN];

	/* keepalived's own words for these three. */
	if (uc->npeers == 0 && uc->ttl != VRRP_UNICAST_TTL_UNSET) {
		log_warnx("%s:%d: (%s): Cannot use unicast_ttl without unicast peers - resetting",
			  vi->file, vi->line, vi->name);
		uc->ttl = VRRP_UNICAST_TTL_UNSET;
	}
	if (uc->npeers == 0 && uc->unicast_kw && !uc->fault_no_peer) {
		log_warnx("%s:%d: (%s) A unicast keyword has been specified without any unicast "
			  "peers. Defaulting to multicast. This usage is deprecated - please "
			  "update "
			  "your configuration.",
			  vi->file, vi->line, vi->name);
		uc->unicast_kw = false;
		uc->check_src = false;
		uc->old_csum = VRRP_UNICAST_CSUM_DETECT;
	}
	if (uc->npeers > 0 && uc->has_mcast_dst) {
		report(false, uc->mcast_dst_file, uc->mcast_dst_line,
		       "(%s) multicast destination specified with unicast - ignoring", vi->name);
		uc->has_mcast_dst = false;
	}
	if (uc->npeers > 0 && uc->ttl == 0 && vi->family == AF_INET)
		log_warnx("%s:%d: (%s) unicast_ttl 0: Linux sends no IPv4 TTL of 0, using 1",
			  vi->file, vi->line, vi->name);
	if (uc->has_src && find_peer(uc, uc->src_family, &uc->src) != NULL)
		report(false, uc->src_file, uc->src_line,
		       "(%s) unicast_src_ip %s is also a unicast_peer: adverts to it go to "
		       "ourselves",
		       vi->name, vrrp_addr_ntop(uc->src_family, &uc->src, buf, sizeof(buf)));
}

int
vrrp_unicast_conf_finish(struct vrrp_instance_conf *vi, const struct vrrp_unicast_global *g)
{
	struct vrrp_unicast_conf *uc = vi->unicast;
	int errors;

	if (uc == NULL)
		return 0;
	errors = check_families(vi, uc);
	if (errors == 0)
		settle(vi, uc);
	return errors;
}

void
vrrp_unicast_conf_free(struct vrrp_unicast_conf *uc)
{
	size_t i;

	if (uc == NULL)
		return;
	for (i = 0; i < uc->npeers; i++)
		free(uc->peers[i].file);
	free(uc->peers);
	free(uc->src_file);
	free(uc->mcast_dst_file);
	free(uc);
}

/* -d ------------------------------------------------------------------------- */

void
vrrp_unicast_conf_dump(const struct vrrp_unicast_conf *uc, void (*out)(const char *line, void *arg),
		       void *arg)
{
	char line[128], buf[INET6_ADDRSTRLEN], opt[40];
	size_t i;

	if (uc == NULL)
		return;
	if (uc->has_src) {
		snprintf(line, sizeof(line), "    %s %s",
			 uc->npeers > 0 ? "unicast_src_ip" : "mcast_src_ip",
			 vrrp_addr_ntop(uc->src_family, &uc->src, buf, sizeof(buf)));
		out(line, arg);
	}
	if (uc->has_mcast_dst) {
		snprintf(line, sizeof(line), "    mcast_dst_ip %s",
			 vrrp_addr_ntop(uc->mcast_dst_family, &uc->mcast_dst, buf, sizeof(buf)));
		out(line, arg);
	}
	if (uc->ttl != VRRP_UNICAST_TTL_UNSET) {
		snprintf(line, sizeof(line), "    unicast_ttl %d", uc->ttl);
		out(line, arg);
	}
	if (uc->check_src)
		out("    check_unicast_src", arg);
	if (uc->fault_no_peer)
		out("    unicast_fault_no_peer", arg);
	if (uc->old_csum == VRRP_UNICAST_CSUM_OLD)
		out("    old_unicast_checksum", arg);
	else if (uc->old_csum == VRRP_UNICAST_CSUM_NEVER)
		out("    old_unicast_checksum never", arg);
	if (uc->npeers == 0)
		return;
	out("    unicast_peer {", arg);
	for (i = 0; i < uc->npeers; i++) {
		const struct vrrp_unicast_peer *p = &uc->peers[i];
		int n = 0;

		opt[0] = '\0';
		if (p->min_ttl != 0)
			n = snprintf(opt, sizeof(opt), " min_ttl %u", p->min_ttl);
		if (p->max_ttl != TTL_MAX && n >= 0 && (size_t)n < sizeof(opt))
			snprintf(opt + n, sizeof(opt) - (size_t)n, " max_ttl %u", p->max_ttl);
		snprintf(line, sizeof(line), "        %s%s",
			 vrrp_addr_ntop(p->family, &p->addr, buf, sizeof(buf)), opt);
		out(line, arg);
	}
	out("    }", arg);
}
