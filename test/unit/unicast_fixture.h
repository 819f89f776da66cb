/*
 * The fixture of the two transport test programs (test_vrrp_unicast.c,
 * test_vrrp_unicast_wire.c): configurations read by the real parser, with
 * the unicast keywords composed ahead of vrrp_instance_keywords as the
 * daemon composes them, and the global ones routed as global_defs routes
 * them; address helpers. Include after <cmocka.h> and unit_helpers.h.
 */
#ifndef UNICAST_FIXTURE_H
#define UNICAST_FIXTURE_H

#include <arpa/inet.h>

#include "conf_fixture.h"

#include "keepalived/vrrp/proto/vrrp_unicast.h"

static struct vrrp_conf conf;
static struct vrrp_unicast_global *uglobal;

static int
gd_unicast(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return vrrp_unicast_global_keyword(r, argc, argv, &uglobal);
}

/* clang-format off */
static const struct cfg_keyword global_keywords[] = {
	{ "vrrp_check_unicast_src", gd_unicast, NULL, NULL, NULL, NULL },
	{ "vrrp_mcast_group4", gd_unicast, NULL, NULL, NULL, NULL },
	{ "vrrp_mcast_group6", gd_unicast, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Ours first: vrrp_instance_keywords still lists them as not supported. */
/* clang-format off */
static const struct cfg_keyword instance_keywords[] = {
	CFG_KEYWORDS_FROM(vrrp_unicast_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_instance_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "global_defs", NULL, NULL, global_keywords, NULL, NULL },
	{ "vrrp_instance", NULL, vrrp_instance_open, instance_keywords, NULL, vrrp_instance_close },
	CFG_KEYWORD_END,
};
/* clang-format on */

static inline void
unload(void)
{
	for (struct vrrp_instance_conf *vi = conf.instances; vi != NULL; vi = vi->next)
		vrrp_unicast_conf_free(vi->unicast);
	vrrp_conf_free(&conf);
	vrrp_unicast_global_free(uglobal);
	uglobal = NULL;
}

static inline int
load(const char *text)
{
	int errors;

	unload();
	errors = unit_conf_read(&conf, top_keywords, text);
	if (errors == 0)
		errors = vrrp_conf_finish(&conf);
	for (struct vrrp_instance_conf *vi = conf.instances; errors == 0 && vi != NULL;
	     vi = vi->next)
		errors += vrrp_unicast_conf_finish(vi, uglobal);
	return errors;
}

/* A one-peer unicast_peer block. */
#define PEER2 " unicast_peer {\n  198.18.0.2\n }"

/* Instance VI_1 on eth0, VRID 51, lines from line 4 on, then VIPs of family. */
static inline int
load_family(const char *lines, int family)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n%s\n"
		 " virtual_ipaddress {\n  %s\n }\n}\n",
		 lines, family == AF_INET ? "198.18.0.100/24" : "fe80::100/64");
	return load(text);
}

static inline int
load_lines(const char *lines)
{
	return load_family(lines, AF_INET);
}

static inline union vrrp_addr
addr(int family, const char *text)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(family, text, &a), 1);
	return a;
}

static inline const char *
ntop(int family, const union vrrp_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static unsigned next;
	char *b = buf[next++ % 4];

	return inet_ntop(family, a, b, INET6_ADDRSTRLEN);
}

static inline int
setup(void **state)
{
	unit_log_start();
	return 0;
}

static inline int
teardown(void **state)
{
	unload();
	unit_log_stop();
	return 0;
}

#endif /* UNICAST_FIXTURE_H */
