/*
 * Tests for bfd_instance blocks and track_bfd (keepalived/vrrp/conf/
 * bfd_conf.c, the track_bfd lines of vrrp_conf_track_set.c) through the whole
 * reader (kconf_load_string()): defaults, every keyword, keepalived 2.2.7's
 * warnings for refused values and instances, track_bfd in an instance and a
 * sync group with the block's default weight, names resolved only when
 * defined before use, and -d read back.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "lib/log.h"

static char log_text[1 << 15];
static size_t log_len;
static int log_warnings;

static void
capture(int priority, const char *line, void *arg)
{
	int n;

	(void)arg;
	if (priority == LOG_WARNING)
		log_warnings++;
	n = snprintf(log_text + log_len, sizeof(log_text) - log_len, "%s\n", line);
	if (n > 0 && (size_t)n < sizeof(log_text) - log_len)
		log_len += (size_t)n;
}

static int
setup(void **state)
{
	(void)state;
	log_set_sink(capture, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_set_sink(NULL, NULL);
	return 0;
}

static struct kconf *
load_ok(const char *text)
{
	static const struct cfg_options opts = { .config_id = "bfd" };
	struct kconf *conf = NULL;
	int errors;

	log_text[0] = '\0';
	log_len = 0;
	log_warnings = 0;
	errors = kconf_load_string("keepalived.conf", text, &opts, &conf);
	if (errors != 0)
		print_error("unexpected errors:\n%s", log_text);
	assert_int_equal(errors, 0);
	assert_non_null(conf);
	return conf;
}

#define assert_logged(s)                                                        \
	do {                                                                    \
		if (strstr(log_text, (s)) == NULL)                              \
			print_error("'%s' not in the log:\n%s", (s), log_text); \
		assert_non_null(strstr(log_text, (s)));                         \
	} while (0)

#define INSTANCE(body)                                                        \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" body \
	" virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"

static void
test_defaults_and_keywords(void **state)
{
	struct kconf *conf;
	const struct bfd_instance_conf *b;
	char a[INET6_ADDRSTRLEN];

	(void)state;
	conf = load_ok("bfd_instance b1 {\n neighbor_ip 198.18.0.2\n}\n"
		       "bfd_instance b6 {\n neighbour_ip fd00::2\n source_ip fd00::1\n"
		       " min_rx 3.312\n min_tx 250\n idle_tx 2000\n multiplier 7\n passive\n"
		       " hoplimit 255\n max_hops 2\n weight -20 reverse\n vrrp\n}\n");
	assert_int_equal(log_warnings, 0);
	assert_non_null(conf->vrrp.bfd);
	assert_int_equal(conf->vrrp.bfd->n, 2);
	b = bfd_conf_find(&conf->vrrp, "b1");
	assert_non_null(b);
	assert_int_equal(b->family, AF_INET);
	assert_string_equal(inet_ntop(AF_INET, &b->neighbor, a, sizeof(a)), "198.18.0.2");
	assert_int_equal(b->min_rx_us, 10000);
	assert_int_equal(b->min_tx_us, 10000);
	assert_int_equal(b->idle_tx_us, 1000000);
	assert_int_equal(b->mult, 5);
	assert_int_equal(bfd_conf_ttl(b), 255);
	assert_false(b->passive || b->has_source || b->reverse);
	assert_int_equal(b->weight, 0);
	assert_true(bfd_conf_for_vrrp(b));
	b = bfd_conf_find(&conf->vrrp, "b6");
	assert_non_null(b);
	assert_int_equal(b->family, AF_INET6);
	assert_true(b->has_source);
	assert_int_equal(b->min_rx_us, 3312);
	assert_int_equal(b->min_tx_us, 250000);
	assert_int_equal(b->idle_tx_us, 2000000);
	assert_int_equal(b->mult, 7);
	assert_true(b->passive);
	assert_int_equal(bfd_conf_ttl(b), 255);
	assert_int_equal(b->max_hops, 2);
	assert_int_equal(b->weight, -20);
	assert_true(b->reverse);
	assert_true(b->vrrp && bfd_conf_for_vrrp(b));
	assert_null(bfd_conf_find(&conf->vrrp, "b2"));
	kconf_free(conf);

	/* IPv6 default hop limit 64, as keepalived; checker alone: not for VRRP. */
	conf = load_ok("bfd_instance b6 {\n neighbor_ip fd00::2\n checker\n}\n");
	b = bfd_conf_find(&conf->vrrp, "b6");
	assert_int_equal(bfd_conf_ttl(b), 64);
	assert_false(bfd_conf_for_vrrp(b));
	kconf_free(conf);

	/* max_hops above the hop limit (255 here) is lowered to it: no check at all. */
	conf = load_ok("bfd_instance b6 {\n neighbor_ip fd00::2\n max_hops 255\n}\n");
	assert_int_equal(bfd_conf_find(&conf->vrrp, "b6")->max_hops, 64);
	kconf_free(conf);
}

struct warn_case {
	const char *text;
	const char *message;
	int warnings;
	size_t instances; /* left afterwards */
};

/* clang-format off */
static const struct warn_case warn_cases[] = {
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n min_rx 0\n}\n",
	  "keepalived.conf:3: Configuration error: BFD instance b1 min_rx value 0 is not valid "
	  "(must be in range [1-4294967]), ignoring", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n min_tx 5000000\n}\n",
	  "number '5000000' outside range [1.000, 4294967.000]", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n idle_tx 999\n}\n",
	  "BFD instance b1 idle_tx value 999 is not valid (must be in range "
	  "[1000-4294967])", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n multiplier 0\n}\n",
	  "BFD instance b1 multiplier value 0 not valid (must be in range [1-255]), "
	  "ignoring", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n ttl 256\n}\n",
	  "BFD instance b1 ttl/hoplimit value 256 not valid (must be in range [1-255])", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n max_hops -2\n}\n",
	  "BFD instance b1 max_hops value -2 not valid (must be in range [-1-255])", 2, 1 },
	{ "bfd_instance b1 {\n neighbor_ip fd00::2\n max_hops 100\n}\n",
	  "keepalived.conf:4: BFD instance b1: max_hops exceeds ttl/hoplimit - setting to "
	  "ttl/hoplimit", 1, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n max_hops -1\n}\n",
	  "BFD instance b1: max_hops exceeds ttl/hoplimit", 1, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n weight 254\n}\n",
	  "number '254' outside range [-253, 253]", 2, 1 },
	{ "bfd_instance b1 {\n source_ip 198.18.0.1\n}\n",
	  "keepalived.conf:3: Configuration error: BFD instance b1 has no neighbor address set, "
	  "disabling instance", 1, 0 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n}\n"
	  "bfd_instance b2 {\n neighbor_ip 198.18.0.2\n}\n",
	  "BFD instance b2 has duplicate neighbor address 198.18.0.2, ignoring instance", 1, 1 },
	{ "bfd_instance b1 {\n neighbor_ip fd00::2\n source_ip 198.18.0.1\n}\n",
	  "BFD instance b1 source address 198.18.0.1 and neighbor address fd00::2 are not of "
	  "the same family, disabling instance", 1, 0 },
	/* The same neighbor from two sources is two sessions; from the same one, a duplicate. */
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n source_ip 198.18.0.1\n}\n"
	  "bfd_instance b2 {\n neighbor_ip 198.18.0.2\n source_ip 198.18.0.3\n}\n"
	  "bfd_instance b3 {\n neighbor_ip 198.18.0.2\n source_ip 198.18.0.1\n}\n",
	  "keepalived.conf:12: Configuration error: BFD instance b3 has duplicate source/neighbor "
	  "address 198.18.0.1/198.18.0.2, ignoring instance", 1, 2 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n weight 10 bogus\n}\n",
	  "keepalived.conf:3: Configuration error: BFD instance b1 unknown weight option bogus",
	  1, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n}\n"
	  "bfd_instance b1 {\n neighbor_ip 198.18.0.3\n}\n",
	  "keepalived.conf:4: Configuration error: BFD instance b1 already configured - ignoring",
	  1, 1 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.300\n}\n",
	  "keepalived.conf:2: Configuration error: BFD instance b1 has malformed neighbor address "
	  "198.18.0.300, ignoring instance", 1, 0 },
	{ "bfd_instance b1 {\n neighbor_ip 198.18.0.2\n bogus 1\n}\n",
	  "keepalived.conf:3: unknown keyword 'bogus'", 1, 1 },
};
/* clang-format on */

static void
test_warnings(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(warn_cases) / sizeof(warn_cases[0]); i++) {
		struct kconf *conf = load_ok(warn_cases[i].text);

		assert_logged(warn_cases[i].message);
		if (log_warnings != warn_cases[i].warnings)
			print_error("case %zu: %d warnings:\n%s", i, log_warnings, log_text);
		assert_int_equal(log_warnings, warn_cases[i].warnings);
		assert_int_equal(conf->vrrp.bfd != NULL ? conf->vrrp.bfd->n : 0,
				 warn_cases[i].instances);
		kconf_free(conf);
	}
}

/* The refs of the instance VI_1 (set) of one kind. */
static const struct vrrp_track_ref *
ref_named(const struct vrrp_track_set_conf *set, const char *name)
{
	for (size_t i = 0; set != NULL && i < set->nrefs; i++)
		if (set->refs[i].kind == VRRP_TRACK_BFD && strcmp(set->refs[i].name, name) == 0)
			return &set->refs[i];
	return NULL;
}

static void
test_track_bfd(void **state)
{
	struct kconf *conf;
	const struct vrrp_track_ref *r;
	const struct vrrp_sync_group_conf *g;

	(void)state;
	conf = load_ok("bfd_instance b1 {\n neighbor_ip 198.18.0.2\n weight 10\n}\n"
		       "bfd_instance b2 {\n neighbor_ip 198.18.0.3\n}\n"
		       "bfd_instance b3 {\n neighbor_ip 198.18.0.4\n weight -5 reverse\n}\n"
		       "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		       " track_bfd {\n  b1\n  b2 weight -30\n  b3\n  nosuch\n  b2\n  later\n }\n"
		       " virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"
		       "bfd_instance later {\n neighbor_ip 198.18.0.5\n}\n");
	assert_logged("(VI_1) track bfd nosuch not found, ignoring...");
	assert_logged("(VI_1) duplicate track_bfd b2 - ignoring");
	/* keepalived looks the name up as it reads the reference. */
	assert_logged("(VI_1) track bfd later not found, ignoring... (its bfd_instance block");
	r = ref_named(conf->vrrp.instances->track, "b1");
	assert_non_null(r);
	assert_int_equal(vrrp_track_ref_weight(r), 10); /* the block's */
	assert_false(vrrp_track_ref_reverse(r));
	r = ref_named(conf->vrrp.instances->track, "b2");
	assert_int_equal(vrrp_track_ref_weight(r), -30); /* the line's */
	r = ref_named(conf->vrrp.instances->track, "b3");
	assert_int_equal(vrrp_track_ref_weight(r), -5);
	assert_true(vrrp_track_ref_reverse(r));
	assert_null(ref_named(conf->vrrp.instances->track, "nosuch"));
	assert_null(ref_named(conf->vrrp.instances->track, "later"));
	assert_int_equal(conf->vrrp.instances->track->nrefs, 3);
	kconf_free(conf);

	/* In a sync group: the members track it, unweighted. */
	conf = load_ok("bfd_instance b1 {\n neighbor_ip 198.18.0.2\n}\n" INSTANCE(
		"") "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"
		    " virtual_ipaddress {\n  198.18.0.101/24\n }\n}\n"
		    "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n"
		    " track_bfd {\n  b1\n }\n}\n");
	assert_int_equal(log_warnings, 0);
	g = conf->vrrp.track->groups;
	assert_non_null(g);
	r = ref_named(&g->set, "b1");
	assert_non_null(r);
	assert_non_null(r->bfd);
	assert_int_equal(vrrp_track_ref_weight(r), 0);
	kconf_free(conf);

	/* A member's own weighted track_bfd is dropped, in keepalived's words. */
	static const char weighted_member[] =
		"bfd_instance b1 {\n neighbor_ip 198.18.0.2\n weight 10\n}\n" INSTANCE(
			" track_bfd {\n  b1\n }\n") "vrrp_instance VI_2 {\n interface eth0\n"
						    " virtual_router_id 52\n virtual_ipaddress {\n"
						    "  198.18.0.101/24\n }\n}\n"
						    "vrrp_sync_group G {\n group {\n  VI_1\n"
						    "  VI_2\n }\n}\n";

	conf = load_ok(weighted_member);
	assert_logged("keepalived.conf:9: (VI_1) ignoring tracked bfd b1 with weight 10 due to "
		      "SYNC group");
	assert_null(ref_named(conf->vrrp.instances->track, "b1"));
	kconf_free(conf);
}

struct dump_buf {
	char text[8192];
	size_t len;
};

static void
dump_to_buf(const char *line, void *arg)
{
	struct dump_buf *b = arg;
	int n = snprintf(b->text + b->len, sizeof(b->text) - b->len, "%s\n", line);

	if (n > 0 && (size_t)n < sizeof(b->text) - b->len)
		b->len += (size_t)n;
}

static void
test_dump_round_trip(void **state)
{
	static struct dump_buf buf, again_buf;
	struct kconf *conf, *again;

	(void)state;
	conf = load_ok("bfd_instance b6 {\n neighbour_ip fd00::2\n source_ip fd00::1\n"
		       " min_rx 3.312\n min_tx 250\n idle_tx 2000\n multiplier 7\n passive\n"
		       " hoplimit 255\n max_hops 2\n weight -20 reverse\n checker\n}\n"
		       "bfd_instance b4 {\n neighbor_ip 198.18.0.2\n}\n" INSTANCE(
			       " track_bfd {\n  b4 weight 7\n }\n"));
	buf.len = 0;
	bfd_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text, "bfd_instance b6 {\n    neighbor_ip fd00::2\n"
					 "    source_ip fd00::1\n    min_rx 3.312\n"
					 "    min_tx 250\n    idle_tx 2000\n    multiplier 7\n"
					 "    passive\n    hoplimit 255\n    max_hops 2\n"
					 "    weight -20 reverse\n    checker\n}\n"));
	again = load_ok(buf.text);
	assert_int_equal(log_warnings, 0);
	again_buf.len = 0;
	bfd_conf_dump(&again->vrrp, dump_to_buf, &again_buf);
	assert_string_equal(buf.text, again_buf.text);
	kconf_free(again);
	/* The whole -d: the instance's track_bfd line too. */
	buf.len = 0;
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text, "    track_bfd {\n        b4 weight 7\n    }\n"));
	kconf_free(conf);

	/* A sync group's track_bfd reads back: the bfd_instance blocks come first. */
	conf = load_ok("bfd_instance b4 {\n neighbor_ip 198.18.0.2\n}\n" INSTANCE(
		"") "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n"
		    " virtual_ipaddress {\n  198.18.0.101/24\n }\n}\n"
		    "vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n"
		    " track_bfd {\n  b4\n }\n}\n");
	buf.len = 0;
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	again = load_ok(buf.text);
	if (log_warnings != 0)
		print_error("%s\n%s", buf.text, log_text);
	assert_int_equal(log_warnings, 0);
	assert_non_null(again->vrrp.track->groups->set.refs[0].bfd);
	kconf_free(again);
	kconf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_keywords, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_track_bfd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_round_trip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
