/*
 * bfd_instance blocks (bfd_conf.h). keepalived 2.2.7 reports a bad value
 * twice: the number's range, then what it does about it; both lines are
 * kept, as one warning each, and the value is ignored.
 */
#include "keepalived/vrrp/conf/bfd_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Values ------------------------------------------------------------------- */

static int
parse_addr(const char *s, int *family, union vrrp_addr *a)
{
	*family = strchr(s, ':') != NULL ? AF_INET6 : AF_INET;
	memset(a, 0, sizeof(*a));
	return inet_pton(*family, s, a) == 1 ? 0 : -1;
}

/*
 * A time in ms with up to three decimals (µs resolution) in [lo_ms, hi_ms];
 * 0 and *us, or -1 after keepalived's two warnings.
 */
static int
parse_ms(struct cfg_reader *r, const struct bfd_instance_conf *b, const char *kw, const char *s,
	 unsigned lo_ms, uint32_t *us)
{
	const unsigned hi_ms = 4294967;
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo_ms && v <= hi_ms)) {
		cfg_warn(r, "number '%s' outside range [%u.000, %u.000]", s, lo_ms, hi_ms);
		cfg_warn(r,
			 "Configuration error: BFD instance %s %s value %s is not valid (must be "
			 "in range [%u-%u]), ignoring",
			 b->name, kw, s, lo_ms, hi_ms);
		return -1;
	}
	*us = (uint32_t)(v * 1000.0 + 0.5);
	return 0;
}

/* An integer in [lo, hi]; what names it in the second warning ("multiplier", "ttl/hoplimit"). */
static int
parse_int(struct cfg_reader *r, const struct bfd_instance_conf *b, const char *what, const char *s,
	  long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		cfg_warn(r, "number '%s' outside range [%ld, %ld]", s, lo, hi);
		cfg_warn(r,
			 "Configuration error: BFD instance %s %s value %s not valid (must be in "
			 "range [%ld-%ld]), ignoring",
			 b->name, what, s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* Keywords ----------------------------------------------------------------- */

static int
kw_neighbor(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	union vrrp_addr a;
	int fam;

	if (argc < 2 || parse_addr(argv[1], &fam, &a) == -1) {
		cfg_warn(r,
			 "Configuration error: BFD instance %s has malformed neighbor address %s, "
			 "ignoring instance",
			 b->name, argc < 2 ? "(none)" : argv[1]);
		b->invalid = true;
		return 0;
	}
	b->family = fam;
	b->neighbor = a;
	return 0;
}

static int
kw_source(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	union vrrp_addr a;
	int fam;

	if (argc < 2 || parse_addr(argv[1], &fam, &a) == -1) {
		cfg_warn(r,
			 "Configuration error: BFD instance %s has malformed source address %s, "
			 "ignoring",
			 b->name, argc < 2 ? "(none)" : argv[1]);
		return 0;
	}
	b->has_source = true;
	b->source_family = fam;
	b->source = a;
	return 0;
}

static int
kw_interval(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	uint32_t us;
	bool idle = strcmp(argv[0], "idle_tx") == 0;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (parse_ms(r, b, argv[0], argv[1], idle ? 1000 : 1, &us) == -1)
		return 0;
	if (idle)
		b->idle_tx_us = us;
	else if (strcmp(argv[0], "min_rx") == 0)
		b->min_rx_us = us;
	else
		b->min_tx_us = us;
	return 0;
}

static int
kw_multiplier(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	long v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (parse_int(r, b, "multiplier", argv[1], 1, 255, &v) == 0)
		b->mult = (uint8_t)v;
	return 0;
}

static int
kw_ttl(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	long v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (parse_int(r, b, "ttl/hoplimit", argv[1], 1, 255, &v) == 0)
		b->ttl = (uint8_t)v;
	return 0;
}

static int
kw_max_hops(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	long v;

	if (cfg_check_argc(r, argc, argv, 1, 1) == -1)
		return -1;
	if (parse_int(r, b, "max_hops", argv[1], -1, 255, &v) == 0)
		b->max_hops = (int)v;
	return 0;
}

static int
kw_weight(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;
	long v;

	if (cfg_check_argc(r, argc, argv, 1, 2) == -1)
		return -1;
	if (argc > 2 && strcmp(argv[2], "reverse") != 0) {
		cfg_warn(r, "Configuration error: BFD instance %s unknown weight option %s",
			 b->name, argv[2]);
		argc = 2;
	}
	if (parse_int(r, b, "weight", argv[1], -253, 253, &v) == -1)
		return 0;
	b->weight = (int)v;
	b->reverse = argc > 2;
	return 0;
}

static int
kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct bfd_instance_conf *b = obj;

	(void)r;
	(void)argc;
	if (strcmp(argv[0], "passive") == 0)
		b->passive = true;
	else if (strcmp(argv[0], "vrrp") == 0)
		b->vrrp = true;
	else
		b->checker = true;
	return 0;
}

/* clang-format off */
const struct cfg_keyword bfd_instance_keywords[] = {
	CFG_KW("checker", kw_flag),
	CFG_KW("hoplimit", kw_ttl),
	CFG_KW("idle_tx", kw_interval),
	CFG_KW("max_hops", kw_max_hops),
	CFG_KW("min_rx", kw_interval),
	CFG_KW("min_tx", kw_interval),
	CFG_KW("multiplier", kw_multiplier),
	CFG_KW("neighbor_ip", kw_neighbor),
	CFG_KW("neighbour_ip", kw_neighbor),
	CFG_KW("passive", kw_flag),
	CFG_KW("source_ip", kw_source),
	CFG_KW("ttl", kw_ttl),
	CFG_KW("vrrp", kw_flag),
	CFG_KW("weight", kw_weight),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Blocks ------------------------------------------------------------------- */

void *
bfd_instance_open(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf)
{
	struct bfd_instance_conf *b, **tail;

	if (argc < 2) {
		cfg_warn(r, "bfd_instance: no name, block skipped");
		return NULL;
	}
	if (strlen(argv[1]) >= sizeof(b->name)) {
		cfg_warn(r, "Configuration error: BFD instance name %s too long, ignoring",
			 argv[1]);
		return NULL;
	}
	if (conf->bfd == NULL && (conf->bfd = calloc(1, sizeof(*conf->bfd))) == NULL) {
		cfg_error(r, "out of memory");
		return NULL;
	}
	for (tail = &conf->bfd->instances; *tail != NULL; tail = &(*tail)->next) {
		if (strcmp((*tail)->name, argv[1]) == 0) {
			cfg_warn(r,
				 "Configuration error: BFD instance %s already configured - "
				 "ignoring",
				 argv[1]);
			return NULL;
		}
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		cfg_error(r, "out of memory");
		return NULL;
	}
	snprintf(b->name, sizeof(b->name), "%s", argv[1]);
	snprintf(b->file, sizeof(b->file), "%s", cfg_file(r));
	b->line = cfg_line(r);
	b->owner = conf->bfd;
	b->min_rx_us = BFD_MIN_RX_DEFAULT_US;
	b->min_tx_us = BFD_MIN_TX_DEFAULT_US;
	b->idle_tx_us = BFD_IDLE_TX_DEFAULT_US;
	b->mult = BFD_MULT_DEFAULT;
	*tail = b;
	conf->bfd->n++;
	return b;
}

static bool
same_addr(int family, const union vrrp_addr *a, const union vrrp_addr *b)
{
	return memcmp(a, b, family == AF_INET ? 4 : 16) == 0;
}

/* Remove b from the list it is the last of, and free it. */
static void
drop_last(struct bfd_conf *bc, struct bfd_instance_conf *b)
{
	struct bfd_instance_conf **p;

	for (p = &bc->instances; *p != NULL && *p != b; p = &(*p)->next)
		;
	if (*p == b) {
		*p = b->next;
		bc->n--;
	}
	free(b);
}

int
bfd_instance_close(struct cfg_reader *r, void *obj)
{
	struct bfd_instance_conf *b = obj, *o;
	struct bfd_conf *bc;
	char buf[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN] = "";

	if (b == NULL)
		return 0;
	bc = b->owner;
	if (b->invalid) { /* said when it was read */
		drop_last(bc, b);
		return 0;
	}
	if (b->family == 0) {
		cfg_warn(r,
			 "Configuration error: BFD instance %s has no neighbor address set, "
			 "disabling instance",
			 b->name);
		drop_last(bc, b);
		return 0;
	}
	inet_ntop(b->family, &b->neighbor, buf, sizeof(buf));
	if (b->has_source)
		inet_ntop(b->source_family, &b->source, src, sizeof(src));
	if (b->has_source && b->source_family != b->family) {
		cfg_warn(r,
			 "Configuration error: BFD instance %s source address %s and neighbor "
			 "address %s are not of the same family, disabling instance",
			 b->name, src, buf);
		drop_last(bc, b);
		return 0;
	}
	/* The same neighbor twice only from two different source addresses. */
	for (o = bc->instances; o != NULL && o != b; o = o->next) {
		if (o->family != b->family || !same_addr(b->family, &o->neighbor, &b->neighbor))
			continue;
		if (o->has_source && b->has_source && !same_addr(b->family, &o->source, &b->source))
			continue;
		if (o->has_source && b->has_source)
			cfg_warn(r,
				 "Configuration error: BFD instance %s has duplicate "
				 "source/neighbor address %s/%s, ignoring instance",
				 b->name, src, buf);
		else
			cfg_warn(r,
				 "Configuration error: BFD instance %s has duplicate neighbor "
				 "address %s, ignoring instance",
				 b->name, buf);
		drop_last(bc, b);
		return 0;
	}
	/* keepalived reads -1 as 255; a reduction beyond the TTL itself is no check at all. */
	if (b->max_hops < 0 || b->max_hops > bfd_conf_ttl(b)) {
		cfg_warn(r,
			 "BFD instance %s: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit",
			 b->name);
		b->max_hops = bfd_conf_ttl(b);
	}
	return 0;
}

/* Queries ------------------------------------------------------------------ */

const struct bfd_instance_conf *
bfd_conf_find(const struct vrrp_conf *conf, const char *name)
{
	for (const struct bfd_instance_conf *b = conf->bfd != NULL ? conf->bfd->instances : NULL;
	     b != NULL; b = b->next)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

uint8_t
bfd_conf_ttl(const struct bfd_instance_conf *b)
{
	if (b->ttl != 0)
		return b->ttl;
	return b->family == AF_INET6 ? BFD_HOPLIMIT6_DEFAULT : BFD_TTL4_DEFAULT;
}

bool
bfd_conf_for_vrrp(const struct bfd_instance_conf *b)
{
	return b->vrrp || !b->checker;
}

bool
bfd_conf_for_checker(const struct bfd_instance_conf *b)
{
	return b->checker || !b->vrrp;
}

void
bfd_conf_free(struct vrrp_conf *conf)
{
	if (conf->bfd == NULL)
		return;
	while (conf->bfd->instances != NULL) {
		struct bfd_instance_conf *b = conf->bfd->instances;

		conf->bfd->instances = b->next;
		free(b);
	}
	free(conf->bfd);
	conf->bfd = NULL;
}

static void emit(void (*out)(const char *line, void *arg), void *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
emit(void (*out)(const char *line, void *arg), void *arg, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	out(line, arg);
}

static void
ms(char *buf, size_t len, uint32_t us)
{
	if (us % 1000 == 0)
		snprintf(buf, len, "%u", us / 1000);
	else
		snprintf(buf, len, "%u.%03u", us / 1000, us % 1000);
}

void
bfd_conf_dump(const struct vrrp_conf *conf, void (*out)(const char *line, void *arg), void *arg)
{
	char a[INET6_ADDRSTRLEN], t1[24], t2[24], t3[24];

	for (const struct bfd_instance_conf *b = conf->bfd != NULL ? conf->bfd->instances : NULL;
	     b != NULL; b = b->next) {
		emit(out, arg, "bfd_instance %s {", b->name);
		inet_ntop(b->family, &b->neighbor, a, sizeof(a));
		emit(out, arg, "    neighbor_ip %s", a);
		if (b->has_source) {
			inet_ntop(b->source_family, &b->source, a, sizeof(a));
			emit(out, arg, "    source_ip %s", a);
		}
		ms(t1, sizeof(t1), b->min_rx_us);
		ms(t2, sizeof(t2), b->min_tx_us);
		ms(t3, sizeof(t3), b->idle_tx_us);
		emit(out, arg, "    min_rx %s", t1);
		emit(out, arg, "    min_tx %s", t2);
		emit(out, arg, "    idle_tx %s", t3);
		emit(out, arg, "    multiplier %u", b->mult);
		if (b->passive)
			emit(out, arg, "    passive");
		emit(out, arg, "    %s %u", b->family == AF_INET6 ? "hoplimit" : "ttl",
		     bfd_conf_ttl(b));
		emit(out, arg, "    max_hops %d", b->max_hops);
		if (b->weight != 0 || b->reverse)
			emit(out, arg, "    weight %d%s", b->weight, b->reverse ? " reverse" : "");
		if (b->vrrp)
			emit(out, arg, "    vrrp");
		if (b->checker)
			emit(out, arg, "    checker");
		emit(out, arg, "}");
	}
}
