/*
 * Tests of the transport configuration (vrrp_conf_unicast.c): every keyword
 * as keepalived 2.2.7 takes it, each refusal with its exact file:line
 * message, the checks after reading with keepalived's words for what it
 * only complains about, global_defs, and -d read back. What the settings
 * do on the wire is test_vrrp_unicast_wire.c's. One test per table row.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "unicast_fixture.h"

/* Accepted ------------------------------------------------------------------------- */

struct good_case {
	const char *name;
	const char *lines;
	int family;
	const char *peers; /* "ADDR/min/max ADDR/min/max" */
	const char *src;   /* NULL: none */
	const char *mcast_dst;
	int ttl;
	bool check_src, fault_no_peer;
	enum vrrp_unicast_old_csum old_csum;
	unsigned warnings;
};

/* clang-format off */
static const struct good_case good_cases[] = {
	{ "test_peer_one", PEER2, AF_INET, "198.18.0.2/0/255", NULL, NULL, -1, false, false, 0, 0 },
	{ "test_peers_ttl",
	  " unicast_peer {\n  198.18.0.2 min_ttl 2 max_ttl 250\n  198.18.0.3 max_ttl 9\n }",
	  AF_INET, "198.18.0.2/2/250 198.18.0.3/0/9", NULL, NULL, -1, true, false, 0, 0 },
	{ "test_peer_ttl_last_wins",
	  " unicast_peer {\n  198.18.0.2 min_ttl 3 min_ttl 5 max_ttl 9\n }",
	  AF_INET, "198.18.0.2/5/9", NULL, NULL, -1, true, false, 0, 0 },
	{ "test_peer_inline_block", " unicast_peer { 198.18.0.2 }", AF_INET, "198.18.0.2/0/255",
	  NULL,
	  NULL, -1, false, false, 0, 0 },
	{ "test_peer_prefix_cut", " unicast_peer {\n  198.18.0.2/24\n  198.18.0.3-9\n }", AF_INET,
	  "198.18.0.2/0/255 198.18.0.3/0/255", NULL, NULL, -1, false, false, 0, 0 },
	{ "test_peer_two_blocks", PEER2 "\n unicast_peer {\n  198.18.0.3\n }", AF_INET,
	  "198.18.0.2/0/255 198.18.0.3/0/255", NULL, NULL, -1, false, false, 0, 0 },
	{ "test_peer_duplicate", " unicast_peer {\n  198.18.0.2\n  198.18.0.2 min_ttl 9\n }",
	  AF_INET,
	  "198.18.0.2/0/255", NULL, NULL, -1, false, false, 0, 1 },
	{ "test_src_and_peer", " unicast_src_ip 198.18.0.1\n" PEER2, AF_INET, "198.18.0.2/0/255",
	  "198.18.0.1", NULL, -1, false, false, 0, 0 },
	{ "test_src_last_wins", " mcast_src_ip 198.18.0.1\n unicast_src_ip 198.18.0.9\n" PEER2,
	  AF_INET, "198.18.0.2/0/255", "198.18.0.9", NULL, -1, false, false, 0, 0 },
	{ "test_mcast_src", " mcast_src_ip 198.18.0.1", AF_INET, "", "198.18.0.1", NULL, -1, false,
	  false, 0, 0 },
	{ "test_ttl", " unicast_ttl 64\n" PEER2, AF_INET, "198.18.0.2/0/255", NULL, NULL, 64, false,
	  false, 0, 0 },
	{ "test_ttl_0", " unicast_ttl 0\n" PEER2, AF_INET, "198.18.0.2/0/255", NULL, NULL, 0, false,
	  false, 0, 1 },
	{ "test_check_src", " check_unicast_src\n" PEER2, AF_INET, "198.18.0.2/0/255", NULL, NULL,
	  -1,
	  true, false, 0, 0 },
	{ "test_check_src_word", " check_unicast_src yes\n" PEER2, AF_INET, "198.18.0.2/0/255",
	  NULL,
	  NULL, -1, true, false, 0, 1 },
	{ "test_fault_no_peer_alone", " unicast_fault_no_peer", AF_INET, "", NULL, NULL, -1, false,
	  true, 0, 0 },
	{ "test_fault_no_peer_with_peer", " unicast_fault_no_peer\n" PEER2, AF_INET,
	  "198.18.0.2/0/255",
	  NULL, NULL, -1, false, true, 0, 0 },
	{ "test_mcast_dst", " mcast_dst_ip 224.0.0.100", AF_INET, "", NULL, "224.0.0.100", -1,
	  false,
	  false, 0, 0 },
	{ "test_mcast_dst_v6", " mcast_dst_ip ff12::1234", AF_INET6, "", NULL, "ff12::1234", -1,
	  false,
	  false, 0, 0 },
	{ "test_old_csum", " old_unicast_checksum\n" PEER2, AF_INET, "198.18.0.2/0/255", NULL, NULL,
	  -1,
	  false, false, VRRP_UNICAST_CSUM_OLD, 0 },
	{ "test_old_csum_never", " old_unicast_checksum never\n" PEER2, AF_INET, "198.18.0.2/0/255",
	  NULL, NULL, -1, false, false, VRRP_UNICAST_CSUM_NEVER, 0 },
	{ "test_v6_peers",
	  " unicast_src_ip fd00:18::1\n unicast_peer {\n  fd00:18::2\n  fe80::2 min_ttl 255\n }",
	  AF_INET6, "fd00:18::2/0/255 fe80::2/255/255", "fd00:18::1", NULL, -1, true, false, 0, 0 },
	/* keepalived runs these, with its complaint: multicast after all. */
	{ "test_src_without_peers", " unicast_src_ip 198.18.0.1", AF_INET, "", "198.18.0.1", NULL,
	  -1,
	  false, false, 0, 1 },
	{ "test_check_without_peers", " check_unicast_src", AF_INET, "", NULL, NULL, -1, false,
	  false, 0, 1 },
	{ "test_empty_peer_block", " unicast_peer {\n }", AF_INET, "", NULL, NULL, -1, false, false,
	  0, 1 },
	{ "test_ttl_without_peers", " unicast_ttl 10", AF_INET, "", NULL, NULL, -1, false, false, 0,
	  1 },
	{ "test_mcast_dst_with_peers", " mcast_dst_ip 224.0.0.100\n" PEER2, AF_INET,
	  "198.18.0.2/0/255",
	  NULL, NULL, -1, false, false, 0, 1 },
	{ "test_src_is_peer", " unicast_src_ip 198.18.0.2\n" PEER2, AF_INET, "198.18.0.2/0/255",
	  "198.18.0.2", NULL, -1, false, false, 0, 1 },
};
/* clang-format on */

static void
test_good(void **state)
{
	const struct good_case *c = *state;
	const struct vrrp_unicast_conf *uc;
	char peers[256] = "";
	size_t i, n = 0;

	if (load_family(c->lines, c->family) != 0)
		fail_msg("refused: %s", unit_log.line[0]);
	uc = conf.instances->unicast;
	assert_non_null(uc);
	for (i = 0; i < uc->npeers; i++)
		n += (size_t)snprintf(peers + n, sizeof(peers) - n, "%s%s/%u/%u", i ? " " : "",
				      ntop(uc->peers[i].family, &uc->peers[i].addr),
				      uc->peers[i].min_ttl, uc->peers[i].max_ttl);
	assert_string_equal(peers, c->peers);
	assert_int_equal(uc->has_src, c->src != NULL);
	if (c->src != NULL)
		assert_string_equal(ntop(uc->src_family, &uc->src), c->src);
	assert_int_equal(uc->has_mcast_dst, c->mcast_dst != NULL);
	if (c->mcast_dst != NULL)
		assert_string_equal(ntop(uc->mcast_dst_family, &uc->mcast_dst), c->mcast_dst);
	assert_int_equal(uc->ttl, c->ttl);
	assert_int_equal(uc->check_src, c->check_src);
	assert_int_equal(uc->fault_no_peer, c->fault_no_peer);
	assert_int_equal(uc->old_csum, c->old_csum);
	assert_int_equal(unit_log.warnings, c->warnings);
	assert_int_equal(unit_log.errors, 0);
}

/*
 * keepalived 2.2.7 takes a multicast mcast_src_ip without a word (neutron
 * writes 224.0.0.1) and runs; an advert cannot come from it, so the line is
 * ignored with a warning and the interface's address is used.
 */
static void
test_src_multicast_ignored(void **state)
{
	assert_int_equal(load_lines(" mcast_src_ip 224.0.0.5"), 0);
	assert_true(
		unit_logged("keepalived.conf:4: (VI_1) mcast_src_ip: 224.0.0.5 is not a unicast "
			    "address - ignored, the interface's address is used"));
	assert_true(conf.instances->unicast == NULL || !conf.instances->unicast->has_src);
	assert_int_equal(unit_log.warnings, 1);
}

/* The warnings' exact words: keepalived's where it has them. */
static void
test_warning_texts(void **state)
{
	assert_int_equal(load_lines(" unicast_src_ip 198.18.0.1"), 0);
	assert_true(unit_logged(
		"keepalived.conf:1: (VI_1) A unicast keyword has been specified without "
		"any unicast peers. Defaulting to multicast. This usage is deprecated - "
		"please update your configuration."));
	assert_int_equal(load_lines(" unicast_ttl 10"), 0);
	assert_true(unit_logged("keepalived.conf:1: (VI_1): Cannot use unicast_ttl without unicast "
				"peers - resetting"));
	assert_int_equal(load_lines(" mcast_dst_ip 224.0.0.100\n" PEER2), 0);
	assert_true(unit_logged("keepalived.conf:4: (VI_1) multicast destination specified with "
				"unicast - ignoring"));
	assert_int_equal(load_lines(" unicast_peer {\n  198.18.0.2\n  198.18.0.2\n }"), 0);
	assert_true(unit_logged(
		"keepalived.conf:6: (VI_1) unicast_peer 198.18.0.2: given twice, ignored"));
	assert_int_equal(load_lines(" unicast_src_ip 198.18.0.2\n" PEER2), 0);
	assert_true(unit_logged("keepalived.conf:4: (VI_1) unicast_src_ip 198.18.0.2 is also a "
				"unicast_peer: adverts to it go to ourselves"));
	assert_int_equal(load_lines(" unicast_ttl 0\n" PEER2), 0);
	assert_true(
		unit_logged("keepalived.conf:1: (VI_1) unicast_ttl 0: Linux sends no IPv4 TTL of "
			    "0, using 1"));
}

/* Refused --------------------------------------------------------------------------- */

struct bad_case {
	const char *name;
	const char *lines;
	int family;
	const char *message;
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ "test_peer_malformed", " unicast_peer {\n  198.18.0.300\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer: '198.18.0.300' is not an IPv4 or IPv6 address" },
	{ "test_peer_scope_id", " unicast_peer {\n  fe80::2%eth0\n }", AF_INET6,
	  "keepalived.conf:5: (VI_1) unicast_peer: 'fe80::2%eth0' is not an IPv4 or IPv6 address" },
	{ "test_peer_multicast", " unicast_peer {\n  224.0.0.18\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer: 224.0.0.18 is not a unicast address" },
	{ "test_peer_any", " unicast_peer {\n  ::\n }", AF_INET6,
	  "keepalived.conf:5: (VI_1) unicast_peer: :: is not a unicast address" },
	{ "test_peer_unknown_option", " unicast_peer {\n  198.18.0.2 foo 3\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2: unknown option 'foo' (min_ttl, "
	  "max_ttl)" },
	{ "test_peer_option_no_value", " unicast_peer {\n  198.18.0.2 min_ttl\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2: min_ttl is missing a value" },
	{ "test_peer_ttl_256", " unicast_peer {\n  198.18.0.2 max_ttl 256\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2 max_ttl: "
	  "'256' is out of range 0..255" },
	{ "test_peer_ttl_word", " unicast_peer {\n  198.18.0.2 min_ttl x\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2 min_ttl: 'x' is not a number" },
	{ "test_peer_min_above_max", " unicast_peer {\n  198.18.0.2 min_ttl 200 max_ttl 100\n }",
	  AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2: min_ttl 200 > max_ttl 100 would drop "
	  "every advert" },
	{ "test_peer_v6_in_v4", " unicast_peer {\n  fd00:18::2\n }", AF_INET,
	  "keepalived.conf:5: (VI_1) unicast_peer fd00:18::2: not IPv4, as the instance is" },
	{ "test_peer_v4_in_v6", " unicast_peer {\n  198.18.0.2\n }", AF_INET6,
	  "keepalived.conf:5: (VI_1) unicast_peer 198.18.0.2: not IPv6, as the instance is" },
	{ "test_src_malformed", " unicast_src_ip foo\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_src_ip: 'foo' is not an IPv4 or IPv6 address" },
	{ "test_src_missing", " unicast_src_ip\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_src_ip: missing address" },
	{ "test_src_family", " unicast_src_ip fd00:18::1\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_src_ip fd00:18::1: not IPv4, as the instance is" },
	{ "test_mcast_src_family", " mcast_src_ip 198.18.0.1", AF_INET6,
	  "keepalived.conf:4: (VI_1) mcast_src_ip 198.18.0.1: not IPv6, as the instance is" },
	{ "test_ttl_256", " unicast_ttl 256\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_ttl: '256' is out of range 0..255" },
	{ "test_ttl_word", " unicast_ttl abc\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_ttl: 'abc' is not a number" },
	{ "test_ttl_missing", " unicast_ttl\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) unicast_ttl: missing value" },
	{ "test_mcast_dst_unicast", " mcast_dst_ip 198.18.0.5", AF_INET,
	  "keepalived.conf:4: (VI_1) mcast_dst_ip: 198.18.0.5 is not multicast" },
	{ "test_mcast_dst_v6_site", " mcast_dst_ip ff05::12", AF_INET6,
	  "keepalived.conf:4: (VI_1) mcast_dst_ip: ff05::12 is not link-local multicast (ffX2::)" },
	{ "test_mcast_dst_family", " mcast_dst_ip ff02::100", AF_INET,
	  "keepalived.conf:4: (VI_1) mcast_dst_ip ff02::100: not IPv4, as the instance is" },
	{ "test_old_csum_bad", " old_unicast_checksum sometimes\n" PEER2, AF_INET,
	  "keepalived.conf:4: (VI_1) old_unicast_checksum: 'sometimes' is not 'never'" },
};
/* clang-format on */

static void
test_bad(void **state)
{
	const struct bad_case *c = *state;

	assert_int_equal(load_family(c->lines, c->family), 1);
	assert_true(unit_logged(c->message));
	assert_int_equal(unit_log.errors, 1);
}

/* global_defs ----------------------------------------------------------------------- */

static const char *const instance_tail =
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
	" virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n";

static int
load_global(const char *lines)
{
	char text[1024];

	snprintf(text, sizeof(text), "global_defs {\n%s\n}\n%s", lines, instance_tail);
	return load(text);
}

struct global_case {
	const char *name;
	const char *lines;
	const char *group4, *group6; /* NULL: refused with message */
	bool check;
	const char *message; /* the error, or a warning */
};

/* clang-format off */
static const struct global_case global_cases[] = {
	{ "test_global_defaults", "", "224.0.0.18", "ff02::12", false, NULL },
	{ "test_global_groups", " vrrp_mcast_group4 224.0.0.19\n vrrp_mcast_group6 ff02::13",
	  "224.0.0.19", "ff02::13", false, NULL },
	{ "test_global_group_prefix", " vrrp_mcast_group4 224.0.0.19/24", "224.0.0.19", "ff02::12",
	  false,
	  NULL },
	{ "test_global_check", " vrrp_check_unicast_src", "224.0.0.18", "ff02::12", true, NULL },
	{ "test_global_check_word", " vrrp_check_unicast_src yes", "224.0.0.18", "ff02::12", true,
	  "keepalived.conf:2: vrrp_check_unicast_src: 'yes' ignored" },
	{ "test_global_group6_site", " vrrp_mcast_group6 ff05::13", "224.0.0.18", "ff05::13", false,
	  "keepalived.conf:2: vrrp_mcast_group6: ff05::13 "
	  "should be link-local multicast (ffX2::)" },
	{ "test_global_group4_unicast", " vrrp_mcast_group4 198.18.0.5", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group4: 198.18.0.5 is not multicast" },
	{ "test_global_group4_v6", " vrrp_mcast_group4 ff02::12", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group4: ff02::12 is not IPv4" },
	{ "test_global_group4_word", " vrrp_mcast_group4 foo", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group4: 'foo' is not an IPv4 address" },
	{ "test_global_group4_missing", " vrrp_mcast_group4", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group4: missing address" },
	{ "test_global_group6_v4", " vrrp_mcast_group6 224.0.0.18", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group6: 224.0.0.18 is not IPv6" },
	{ "test_global_group6_unicast", " vrrp_mcast_group6 fd00::1", NULL, NULL, false,
	  "keepalived.conf:2: vrrp_mcast_group6: fd00::1 is not multicast" },
};
/* clang-format on */

static void
test_global(void **state)
{
	const struct global_case *c = *state;
	union vrrp_addr g4, g6;
	struct vrrp_instance_conf vi6;

	if (c->group4 == NULL) {
		assert_int_equal(load_global(c->lines), 1);
		assert_true(unit_logged(c->message));
		return;
	}
	assert_int_equal(load_global(c->lines), 0);
	assert_int_equal(unit_log.warnings, c->message != NULL);
	if (c->message != NULL)
		assert_true(unit_logged(c->message));
	vrrp_unicast_group(conf.instances, uglobal, &g4);
	assert_string_equal(ntop(AF_INET, &g4), c->group4);
	memset(&vi6, 0, sizeof(vi6));
	vi6.family = AF_INET6;
	vrrp_unicast_group(&vi6, uglobal, &g6);
	assert_string_equal(ntop(AF_INET6, &g6), c->group6);
	assert_int_equal(uglobal != NULL && uglobal->check_unicast_src, c->check);
}

/* -d ---------------------------------------------------------------------------------- */

struct dump_buf {
	char text[4096];
	size_t len;
};

static void
dump_line(const char *line, void *arg)
{
	struct dump_buf *d = arg;
	int n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%s\n", line);

	assert_true(n > 0 && (size_t)n < sizeof(d->text) - d->len);
	d->len += (size_t)n;
}

/* What -d writes, read back, gives the same configuration and the same -d. */
static void
test_dump_round_trip(void **state)
{
	/* clang-format off */
	static const char *const cases[] = {
		" unicast_src_ip 198.18.0.1\n unicast_ttl 7\n check_unicast_src\n "
		"unicast_fault_no_peer\n"
		" old_unicast_checksum never\n unicast_peer {\n  198.18.0.2 min_ttl 3\n"
		"  198.18.0.3 max_ttl 9\n  198.18.0.4 min_ttl 1 max_ttl 2\n }",
		" mcast_src_ip 198.18.0.1\n mcast_dst_ip 224.0.0.100",
		" old_unicast_checksum\n" PEER2,
		/* Multicast after all: written as what runs. */
		" unicast_src_ip 198.18.0.1\n unicast_ttl 5",
	};
	static const char *const first[] = {
		"    unicast_src_ip 198.18.0.1\n    unicast_ttl 7\n    check_unicast_src\n"
		"    unicast_fault_no_peer\n    old_unicast_checksum never\n    unicast_peer {\n"
		"        198.18.0.2 min_ttl 3\n        198.18.0.3 max_ttl 9\n"
		"        198.18.0.4 min_ttl 1 max_ttl 2\n    }\n",
		"    mcast_src_ip 198.18.0.1\n    mcast_dst_ip 224.0.0.100\n",
		"    old_unicast_checksum\n    unicast_peer {\n        198.18.0.2\n    }\n",
		"    mcast_src_ip 198.18.0.1\n",
	};
	/* clang-format on */
	struct dump_buf a, b;
	char text[sizeof(a.text) + 256];

	for (size_t i = 0; i < UNIT_NELEMS(cases); i++) {
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		assert_int_equal(load_lines(cases[i]), 0);
		vrrp_unicast_conf_dump(conf.instances->unicast, dump_line, &a);
		assert_string_equal(a.text, first[i]);
		snprintf(text, sizeof(text),
			 "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			 "%s virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n",
			 a.text);
		assert_int_equal(load(text), 0);
		assert_int_equal(unit_log.warnings, 0);
		vrrp_unicast_conf_dump(conf.instances->unicast, dump_line, &b);
		assert_string_equal(a.text, b.text);
	}
	memset(&a, 0, sizeof(a));
	vrrp_unicast_conf_dump(NULL, dump_line, &a);
	assert_int_equal(a.len, 0);
	vrrp_unicast_global_dump(NULL, dump_line, &a);
	assert_string_equal(a.text,
			    "    vrrp_mcast_group4 224.0.0.18\n    vrrp_mcast_group6 ff02::12\n");
	assert_int_equal(load_global(" vrrp_mcast_group4 224.0.0.19\n vrrp_check_unicast_src"), 0);
	memset(&a, 0, sizeof(a));
	vrrp_unicast_global_dump(uglobal, dump_line, &a);
	assert_string_equal(a.text,
			    "    vrrp_mcast_group4 224.0.0.19\n    vrrp_mcast_group6 ff02::12\n"
			    "    vrrp_check_unicast_src\n");
}

int
main(void)
{
	struct CMUnitTest tests[100];
	size_t n = 0;
	/* clang-format off */
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_warning_texts),
		cmocka_unit_test(test_src_multicast_ignored),
		cmocka_unit_test(test_dump_round_trip),
	};
	/* clang-format on */

	unit_add_rows(tests, &n, test_good, good_cases);
	unit_add_rows(tests, &n, test_bad, bad_cases);
	unit_add_rows(tests, &n, test_global, global_cases);
	unit_add_tests(tests, &n, fixed);
	assert_true(n <= UNIT_NELEMS(tests));
	return _cmocka_run_group_tests("vrrp_unicast", tests, n, setup, teardown);
}
