/*
 * Tests for the configuration: keepalived/core/conf.c (top level,
 * global_defs) and keepalived/vrrp/vrrp_conf*.c (vrrp_instance, its
 * virtual_ipaddress lines, -d), all included so that their static helpers
 * can be tested too. Configurations
 * are read from strings through kconf_load_string(); the log is captured to
 * check messages. The fixtures under test/data/conf-{good,bad} carry the
 * verdict of keepalived 2.2.7's -t in their first line, and ours must agree.
 */
#include "keepalived/core/conf.c"
#include "keepalived/vrrp/conf/vrrp_conf.c"
#include "keepalived/vrrp/conf/vrrp_conf_dump.c"
#include "keepalived/vrrp/conf/vrrp_conf_vip.c"

#include <dirent.h>
#include <limits.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include <cmocka.h>

/* Log capture ------------------------------------------------------------- */

static char log_text[1 << 16];
static size_t log_len;
static int log_errors, log_warnings;

static void
capture(int priority, const char *line, void *arg)
{
	int n;

	if (priority == LOG_ERR)
		log_errors++;
	else if (priority == LOG_WARNING)
		log_warnings++;
	n = snprintf(log_text + log_len, sizeof(log_text) - log_len, "%s\n", line);
	if (n > 0 && (size_t)n < sizeof(log_text) - log_len)
		log_len += (size_t)n;
}

static void
log_reset(void)
{
	log_text[0] = '\0';
	log_len = 0;
	log_errors = log_warnings = 0;
}

static int
setup(void **state)
{
	log_set_sink(capture, NULL);
	log_reset();
	return 0;
}

static int
teardown(void **state)
{
	log_set_sink(NULL, NULL);
	return 0;
}

static const struct cfg_options opts = { .config_id = "lvs-a" };

static int
load(const char *text, struct kconf **out)
{
	log_reset();
	return kconf_load_string("keepalived.conf", text, &opts, out);
}

/* Load text that must be valid; the caller frees. */
static struct kconf *
load_ok(const char *text)
{
	struct kconf *conf;
	int errors = load(text, &conf);

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

#define NAME63 "VI_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"

/* An instance on lines 1-3, body from line 4, one IPv4 address after it. */
#define INSTANCE(body)                                                        \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n" body \
	" virtual_ipaddress {\n  198.18.0.1/24\n }\n}\n"

/* Defaults and every field ------------------------------------------------ */

static void
test_defaults(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(""));
	struct vrrp_instance_conf *vi = conf->vrrp.instances;
	struct utsname u;

	assert_int_equal(uname(&u), 0);
	assert_string_equal(conf->router_id, u.nodename);
	assert_int_equal(conf->vrrp.ninstances, 1);
	assert_non_null(vi);
	assert_null(vi->next);
	assert_string_equal(vi->name, "VI_1");
	assert_string_equal(vi->ifname, "eth0");
	assert_string_equal(vi->file, "keepalived.conf");
	assert_int_equal(vi->line, 1);
	assert_int_equal(vi->family, AF_INET);
	assert_int_equal(vi->vrid, 51);
	assert_int_equal(vi->version, 2);
	assert_int_equal(vi->priority, VRRP_PRIO_DEFAULT);
	assert_false(vi->init_master);
	assert_int_equal(vi->adver_int_cs, 100);
	assert_false(vi->nopreempt);
	assert_int_equal(vi->preempt_delay_us, 0);
	assert_int_equal(vi->auth_type, VRRP_AUTH_NONE);
	assert_int_equal(vi->down_timer_adverts, 3);
	assert_false(vi->v3_checksum_as_v2);
	assert_false(vi->lower_prio_no_advert);
	assert_false(vi->higher_prio_send_advert);
	assert_int_equal(vi->garp_master_delay_us, 5000000);
	assert_int_equal(vi->garp_master_repeat, 5);
	assert_int_equal(vi->garp_master_refresh_us, 0);
	assert_int_equal(vi->garp_master_refresh_repeat, 1);
	assert_int_equal(vi->garp_interval_us, 0);
	assert_int_equal(vi->gna_interval_us, 0);
	assert_int_equal(vi->nvips, 1);
	assert_int_equal(vi->vips[0].family, AF_INET);
	assert_int_equal(vi->vips[0].addr.v4.s_addr, htonl(0xc6120001));
	assert_int_equal(vi->vips[0].prefixlen, 24);
	assert_false(vi->vips[0].has_brd);
	assert_int_equal(vi->vips[0].scope, RT_SCOPE_UNIVERSE);
	assert_string_equal(vi->vips[0].dev, "");
	assert_string_equal(vi->vips[0].label, "");
	assert_false(vi->vips[0].nodad);
	assert_int_equal(log_warnings + log_errors, 0);
	kconf_free(conf);
}

static const char full_config[] =
	"global_defs {\n"
	"    router_id lvs-a\n"
	"    vrrp_garp_interval 0.001\n"
	"    vrrp_gna_interval 0.000002\n"
	"}\n"
	"vrrp_instance VI_1 {\n"
	"    state BACKUP\n"
	"    interface eth0\n"
	"    virtual_router_id 7\n"
	"    priority 150\n"
	"    advert_int 3\n"
	"    nopreempt\n"
	"    down_timer_adverts 5\n"
	"    lower_prio_no_advert\n"
	"    higher_prio_send_advert yes\n"
	"    garp_master_delay 7\n"
	"    garp_master_repeat 3\n"
	"    garp_master_refresh 30\n"
	"    garp_master_refresh_repeat 4\n"
	"    authentication {\n"
	"        auth_type PASS\n"
	"        auth_pass \"s3 cret\"\n"
	"    }\n"
	"    virtual_ipaddress {\n"
	"        198.18.0.1/24 brd 198.18.0.255 dev eth1 scope link label eth1:vip\n"
	"        198.18.0.2/23 brd + -nodad\n"
	"        198.18.0.3/16 brd - scope 17\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_6 {\n"
	"    interface eth1\n"
	"    virtual_router_id 7\n"
	"    priority 200\n"
	"    advert_int 0.35\n"
	"    preempt_delay 2.5\n"
	"    v3_checksum_as_v2 on\n"
	"    virtual_ipaddress {\n"
	"        fe80::7\n"
	"        fd00::7/64 dev eth0\n"
	"    }\n"
	"}\n";

/*
 * Issue 14 (memory per instance): the name costs what it needs. "VI_1"
 * and its instance share one allocation that fits glibc's 304-byte chunk
 * (296 usable; 360 while the name was a 64-byte array), and the longest
 * name keepalived accepts, 63 characters, is still kept whole. Its one
 * VIP, 84 bytes, takes a 96-byte chunk (88 usable; 104 when it was 96).
 */
static void
test_instance_name_storage(void **state)
{
	struct kconf *conf = load_ok(INSTANCE("") "vrrp_instance " NAME63
						  " {\n interface eth0\n virtual_router_id 52\n"
						  " virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n");
	struct vrrp_instance_conf *vi = conf->vrrp.instances;

	assert_string_equal(vi->name, "VI_1");
	assert_in_range(malloc_usable_size(vi), sizeof(*vi) + sizeof("VI_1"), 296);
	assert_int_equal(vi->nvips, 1);
	assert_in_range(malloc_usable_size(vi->vips), sizeof(*vi->vips), 88);
	assert_non_null(vi->next);
	assert_string_equal(vi->next->name, NAME63);
	assert_true(malloc_usable_size(vi->next) >= sizeof(*vi) + sizeof(NAME63));
	kconf_free(conf);
	/* One more character is keepalived's error, as before. */
	assert_true(load("vrrp_instance " NAME63 "x {\n}\n", &conf) > 0);
	assert_logged("vrrp_instance: name '" NAME63 "x' is longer than 63 characters");
	kconf_free(conf);
}

static void
test_all_fields(void **state)
{
	struct kconf *conf = load_ok(full_config);
	struct vrrp_instance_conf *vi = conf->vrrp.instances, *v6 = vi->next;
	char buf[INET6_ADDRSTRLEN];

	assert_string_equal(conf->router_id, "lvs-a");
	assert_int_equal(conf->vrrp.ninstances, 2);
	assert_int_equal(vi->line, 6);
	assert_false(vi->init_master);
	assert_int_equal(vi->vrid, 7);
	assert_int_equal(vi->priority, 150);
	assert_int_equal(vi->adver_int_cs, 300);
	assert_true(vi->nopreempt);
	assert_int_equal(vi->down_timer_adverts, 5);
	assert_true(vi->lower_prio_no_advert);
	assert_true(vi->higher_prio_send_advert);
	assert_int_equal(vi->garp_master_delay_us, 7000000);
	assert_int_equal(vi->garp_master_repeat, 3);
	assert_int_equal(vi->garp_master_refresh_us, 30000000);
	assert_int_equal(vi->garp_master_refresh_repeat, 4);
	assert_int_equal(vi->garp_interval_us, 1000);
	assert_int_equal(vi->gna_interval_us, 2);
	assert_int_equal(vi->auth_type, VRRP_AUTH_PASS);
	assert_memory_equal(vi->auth_pass, "s3 cret\0", 8);
	assert_int_equal(vi->nvips, 3);
	assert_true(vi->vips[0].has_brd);
	assert_string_equal(inet_ntop(AF_INET, &vi->vips[0].brd, buf, sizeof(buf)), "198.18.0.255");
	assert_string_equal(vi->vips[0].dev, "eth1");
	assert_int_equal(vi->vips[0].scope, RT_SCOPE_LINK);
	assert_string_equal(vi->vips[0].label, "eth1:vip");
	assert_int_equal(vi->vips[1].prefixlen, 23);
	assert_string_equal(inet_ntop(AF_INET, &vi->vips[1].brd, buf, sizeof(buf)), "198.18.1.255");
	assert_true(vi->vips[1].nodad);
	assert_string_equal(inet_ntop(AF_INET, &vi->vips[2].brd, buf, sizeof(buf)), "198.18.0.0");
	assert_int_equal(vi->vips[2].scope, 17);

	assert_string_equal(v6->name, "VI_6");
	assert_int_equal(v6->family, AF_INET6);
	assert_int_equal(v6->version, 3);
	assert_int_equal(v6->adver_int_cs, 35);
	assert_int_equal(v6->preempt_delay_us, 2500000);
	assert_true(v6->v3_checksum_as_v2);
	assert_int_equal(v6->nvips, 2);
	assert_int_equal(v6->vips[0].prefixlen, 128);
	assert_string_equal(vrrp_addr_ntop(AF_INET6, &v6->vips[1].addr, buf, sizeof(buf)),
			    "fd00::7");
	assert_int_equal(v6->vips[1].prefixlen, 64);
	assert_string_equal(v6->vips[1].dev, "eth0");
	/* Same VRID on another interface and family is fine. */
	assert_int_equal(log_errors, 0);
	kconf_free(conf);
}

/* Derived settings ---------------------------------------------------------- */

static void
test_state_and_priority(void **state)
{
	struct kconf *conf;

	/* state MASTER without a priority makes the address owner (keepalived). */
	conf = load_ok(INSTANCE(" state MASTER\n"));
	assert_true(conf->vrrp.instances->init_master);
	assert_int_equal(conf->vrrp.instances->priority, 255);
	kconf_free(conf);

	/* Priority 255 without a state starts as MASTER. */
	conf = load_ok(INSTANCE(" priority 255\n"));
	assert_true(conf->vrrp.instances->init_master);
	kconf_free(conf);

	/* An explicit BACKUP stays BACKUP, even as owner. */
	conf = load_ok(INSTANCE(" state BACKUP\n priority 255\n"));
	assert_false(conf->vrrp.instances->init_master);
	kconf_free(conf);

	conf = load_ok(INSTANCE(" state BACKUP\n state MASTER\n priority 100\n preempt\n"));
	assert_true(conf->vrrp.instances->init_master);
	assert_int_equal(conf->vrrp.instances->priority, 100);
	assert_false(conf->vrrp.instances->nopreempt);
	kconf_free(conf);
}

static void
test_versions(void **state)
{
	struct kconf *conf;
	struct vrrp_instance_conf *vi;

	/* IPv6 instances are version 3 whatever vrrp_version says. */
	conf = load_ok("global_defs {\n vrrp_version 2\n}\n"
		       "vrrp_instance V6 {\n interface eth0\n virtual_router_id 1\n"
		       " virtual_ipaddress {\n  fd00::1\n }\n}\n"
		       "vrrp_instance V4 {\n interface eth0\n virtual_router_id 1\n"
		       " virtual_ipaddress {\n  198.18.0.1\n }\n}\n");
	vi = conf->vrrp.instances;
	assert_int_equal(vi->family, AF_INET6);
	assert_int_equal(vi->version, 3);
	assert_int_equal(vi->next->version, 2);
	assert_logged(
		"keepalived.conf:4: (V6) the first IPv6 address fd00::1 should be link-local");
	assert_int_equal(log_warnings, 1); /* vrrp_version is a default, not worth a warning */
	kconf_free(conf);

	conf = load_ok("global_defs {\n vrrp_version 3\n}\n" INSTANCE(""));
	assert_int_equal(conf->vrrp.instances->version, 3);
	kconf_free(conf);

	conf = load_ok(INSTANCE(" version 3\n version 3\n advert_int 40.95\n"));
	assert_int_equal(conf->vrrp.instances->adver_int_cs, 4095);
	kconf_free(conf);
}

/* late_advert_warn: 50 by default, from global_defs read before, 0..100. */
static void
test_late_advert_warn(void **state)
{
	struct kconf *conf;

	conf = load_ok(INSTANCE(""));
	assert_int_equal(conf->vrrp.instances->late_advert_warn, 50);
	kconf_free(conf);
	conf = load_ok("global_defs {\n vrrp_late_advert_warn 40\n}\n" INSTANCE(
		" late_advert_warn 0\n") "vrrp_instance VI_2 {\n interface eth0\n"
					 " virtual_router_id 52\n virtual_ipaddress {\n"
					 "  198.18.0.2/24\n }\n}\n");
	assert_int_equal(conf->vrrp.instances->late_advert_warn, 0);
	assert_int_equal(conf->vrrp.instances->next->late_advert_warn, 40);
	kconf_free(conf);
	assert_int_equal(load(INSTANCE(" late_advert_warn 101\n"), &conf), 0);
	assert_logged("late_advert_warn: number '101' outside range [0, 100]");
	kconf_free(conf);
}

static void
test_global_defaults(void **state)
{
	struct kconf *conf;
	struct vrrp_instance_conf *vi;

	conf = load_ok(
		"global_defs {\n"
		" vrrp_garp_master_delay 2\n vrrp_garp_master_repeat 3\n"
		" vrrp_garp_master_refresh 60\n vrrp_garp_master_refresh_repeat 2\n"
		" vrrp_down_timer_adverts 4\n vrrp_lower_prio_no_advert\n"
		" vrrp_higher_prio_send_advert on\n}\n" INSTANCE(" lower_prio_no_advert false\n"));
	vi = conf->vrrp.instances;
	assert_int_equal(vi->garp_master_delay_us, 2000000);
	assert_int_equal(vi->garp_master_repeat, 3);
	assert_int_equal(vi->garp_master_refresh_us, 60000000);
	assert_int_equal(vi->garp_master_refresh_repeat, 2);
	assert_int_equal(vi->down_timer_adverts, 4);
	assert_false(vi->lower_prio_no_advert); /* given in the instance */
	assert_true(vi->higher_prio_send_advert);
	kconf_free(conf);

	/*
	 * As keepalived: the GARP and down timer defaults are copied when the
	 * instance starts, the others apply wherever global_defs is.
	 */
	conf = load_ok(INSTANCE("") "global_defs {\n vrrp_garp_master_repeat 2\n"
				    " vrrp_version 3\n vrrp_higher_prio_send_advert\n}\n");
	vi = conf->vrrp.instances;
	assert_int_equal(vi->garp_master_repeat, 5);
	assert_int_equal(vi->version, 3);
	assert_true(vi->higher_prio_send_advert);
	kconf_free(conf);

	/* vrrp_min_garp changes only what is still at its default. */
	conf = load_ok(
		"global_defs {\n vrrp_garp_master_refresh_repeat 3\n vrrp_min_garp\n}\n" INSTANCE(
			""));
	vi = conf->vrrp.instances;
	assert_int_equal(vi->garp_master_repeat, 1);
	assert_int_equal(vi->garp_master_delay_us, 0);
	assert_int_equal(vi->garp_master_refresh_repeat, 3);
	kconf_free(conf);

	conf = load_ok("global_defs {\n vrrp_min_garp off\n}\n" INSTANCE(""));
	assert_int_equal(conf->vrrp.instances->garp_master_repeat, 5);
	kconf_free(conf);

	conf = load_ok("global_defs {\n vrrp_garp_interval 1.5\n}\n" INSTANCE(""));
	assert_int_equal(conf->vrrp.instances->garp_interval_us, 1500000);
	assert_logged(
		"keepalived.conf:2: vrrp_garp_interval: '1.5' seconds between messages is very "
		"large");
	kconf_free(conf);
}

/* Errors -------------------------------------------------------------------- */

struct bad_case {
	const char *text;
	const char *message;
};

#define LONG_NAME64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define LONG_NAME LONG_NAME64 LONG_NAME64 LONG_NAME64 LONG_NAME64

/* clang-format off */
static const struct bad_case bad_cases[] = {
	{ INSTANCE(" priority\n"), "keepalived.conf:4: (VI_1) priority: missing argument" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 0\n}\n",
	  "keepalived.conf:3: (VI_1) virtual_router_id: number '0' outside range [1, 255]" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 256\n}\n",
	  "(VI_1) virtual_router_id: number '256' outside range" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 300\n}\n",
	  "keepalived.conf:3: (VI_1) virtual_router_id: number '300' outside range" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id abc\n}\n",
	  "(VI_1) virtual_router_id: invalid number 'abc'" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress {\n  198.18.0.1\n }\n}\n",
	  "keepalived.conf:1: (VI_1) virtual_router_id: missing (required)" },
	{ "vrrp_instance VI_1 {\n virtual_router_id 1\n virtual_ipaddress {\n  198.18.0.1\n }\n}\n",
	  "keepalived.conf:1: (VI_1) Unknown interface!" },
	{ INSTANCE(" advert_int 1.0000001\n"),
	  "(VI_1) advert_int: '1.0000001' has more than 6 decimal places" },
	{ INSTANCE(" version 4\n"), "(VI_1) version: '4' is out of range 2..3" },
	{ INSTANCE(" state\n"), "(VI_1) state: missing argument" },
	{ "vrrp_instance VI_1 {\n interface lo\n}\n",
	  "keepalived.conf:2: (VI_1) interface: 'lo' is the loopback" },
	{ "vrrp_instance VI_1 {\n interface eth0123456789abcdef\n}\n",
	  "(VI_1) interface: 'eth0123456789abcdef' is too long" },
	{ "vrrp_instance VI_1 {\n interface\n}\n", "(VI_1) interface: missing argument" },
	{ INSTANCE(" authentication {\n  auth_pass\n }\n"), "(VI_1) auth_pass: missing argument" },
	{ INSTANCE(" track_interface\n"),
	  "keepalived.conf:4: 'track_interface' needs a block: '{' missing" },
	/* virtual_ipaddress */
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1/33\n }\n}\n",
	  "(VI_1) virtual_ipaddress: '198.18.0.1/33': prefix length '33' is out of range 0..32" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  fd00::1/129\n }\n}\n",
	  "prefix length '129' is out of range 0..128" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1/x\n }\n}\n",
	  "prefix length 'x'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 bogus x\n }\n}\n",
	  "'198.18.0.1': unknown option 'bogus'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 dev\n }\n}\n",
	  "'dev' without a value" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 dev eth0 dev eth1\n }\n}\n",
	  "dev given twice or too long" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 scope galaxy\n }\n}\n",
	  "invalid scope 'galaxy'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 scope 256\n }\n}\n",
	  "invalid scope '256'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 scope -1\n }\n}\n",
	  "invalid scope '-1'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 brd 1.2.3\n }\n}\n",
	  "invalid broadcast '1.2.3'" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1/31 brd +\n }\n}\n",
	  "prefix /31 too long for brd +" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  fe80::1 brd 198.18.0.255\n }\n}\n",
	  "IPv6 addresses have no broadcast" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  fe80::1 scope link\n }\n}\n",
	  "take no scope or label" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 label eth0:averylonglabel\n "
	  "}\n}\n",
	  "label 'eth0:averylonglabel' longer than 15 characters" },
	{ "vrrp_instance VI_1 {\n virtual_ipaddress {\n  198.18.0.1 peer 1.2.3\n }\n}\n",
	  "invalid peer '1.2.3'" },
	/* Whole file */
	{ INSTANCE("") INSTANCE(""),
	  "keepalived.conf:8: vrrp_instance VI_1: already defined at keepalived.conf:1" },
	{ INSTANCE("") "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 51\n"
		       " virtual_ipaddress {\n  198.18.0.2\n }\n}\n",
	  "keepalived.conf:8: (VI_2) VRID 51 with IPv4 on eth0 is already used by VI_1" },
	{ "vrrp_instance {\n}\n", "keepalived.conf:1: vrrp_instance: expected one name" },
	{ "vrrp_instance A B {\n}\n", "vrrp_instance: expected one name" },
	{ "vrrp_instance VI_01234567890123456789"
	  "01234567890123456789012345678901234567890123 {\n}\n",
	  "is longer than 63 characters" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "198.18.0.1\n }\n",
	  "keepalived.conf:1: block 'vrrp_instance' is not closed at the end of the file" },
	/* global_defs */
	{ "global_defs {\n router_id\n}\n", "keepalived.conf:2: router_id: missing argument" },
	{ "global_defs {\n router_id " LONG_NAME "\n}\n", "router_id: longer than 255 characters" },
	{ "global_defs {\n vrrp_version\n}\n", "vrrp_version: missing argument" },
};
/* clang-format on */

static void
test_errors(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct kconf *conf = (struct kconf *)&conf;
		int errors = load(bad_cases[i].text, &conf);

		if (errors <= 0 || strstr(log_text, bad_cases[i].message) == NULL)
			print_error("case %zu: %d errors, expected '%s' in:\n%s", i, errors,
				    bad_cases[i].message, log_text);
		assert_true(errors > 0);
		assert_int_equal(errors, log_errors);
		assert_null(conf);
		assert_logged(bad_cases[i].message);
	}
}

/*
 * Rule 1 of issue 11: where keepalived 2.2.7 reports a line and goes on
 * (ignoring it, rounding, clearing a flag, using a default), so do we: a
 * warning naming file:line, and the instance loads.
 */
/* clang-format off */
static const struct bad_case lenient_cases[] = {
	{ INSTANCE(" priority 0\n"),
	  "keepalived.conf:4: (VI_1) priority: number '0' outside range [1, 255] - ignored" },
	{ INSTANCE(" priority 256\n"),
	  "(VI_1) priority: number '256' outside range [1, 255] - ignored" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n}\n",
	  "keepalived.conf:1: (VI_1) No VIP specified; at least one is sensible" },
	{ INSTANCE(" advert_int 0\n"),
	  "(VI_1) advert_int: number '0' outside range [0.010000, 255.000000] - ignored" },
	{ INSTANCE(" advert_int 256\n"), "(VI_1) advert_int: number '256' outside range" },
	{ INSTANCE(" advert_int abc\n"), "(VI_1) advert_int: invalid number 'abc' - ignored" },
	{ INSTANCE(" advert_int 0.015\n"),
	  "keepalived.conf:4: (VI_1) advertisement interval 0.015s must be in units of 10ms - "
	  "rounding" },
	{ INSTANCE(" advert_int 1.5\n"),
	  "keepalived.conf:1: (VI_1) VRRPv2 advertisement interval 1.5s must be an integer. "
	  "rounding" },
	{ INSTANCE(" version 3\n advert_int 41\n"),
	  "(VI_1) VRRPv3 advertisement interval 41s is out of range. Must be less than 40.96s. "
	  "Setting to 40.95s" },
	{ INSTANCE(" version 3\n version 2\n"),
	  "keepalived.conf:5: (VI_1) version: 2 conflicts with version 3 set before - ignoring" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n"
	  "  fe80::1\n }\n version 2\n}\n",
	  "keepalived.conf:7: (VI_1) version: 2 after IPv6 addresses, which imply version 3 - "
	  "ignoring" },
	{ INSTANCE(" state master\n"),
	  "keepalived.conf:4: (VI_1) unknown state 'master', defaulting to BACKUP" },
	{ INSTANCE(" state MASTER\n state BACKUP\n"),
	  "keepalived.conf:5: (VI_1) state previously set as MASTER - ignoring BACKUP" },
	{ INSTANCE(" nopreempt\n priority 255\n"),
	  "(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt" },
	{ INSTANCE(" nopreempt\n state MASTER\n priority 100\n"),
	  "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing" },
	{ INSTANCE(" preempt_delay 1\n state MASTER\n"),
	  "(VI_1) Warning - preempt delay will not work with initial state MASTER - clearing" },
	{ INSTANCE(" preempt_delay 1\n nopreempt\n"),
	  "(VI_1) preempt_delay is incompatible with nopreempt mode - resetting" },
	{ INSTANCE(" preempt_delay 1001\n"),
	  "(VI_1) preempt_delay: number '1001' outside range [0.000000, 1000.000000] - ignored" },
	{ INSTANCE(" down_timer_adverts 0\n"),
	  "(VI_1) down_timer_adverts: number '0' outside range [1, 100] - ignored" },
	{ INSTANCE(" garp_master_delay 4295\n"),
	  "(VI_1) garp_master_delay: number '4295' outside range [0, 4294] - ignored" },
	{ INSTANCE(" garp_master_repeat 0\n"),
	  "keepalived.conf:4: (VI_1) garp_master_repeat: must be greater than 0, setting to 1" },
	{ INSTANCE(" garp_master_refresh_repeat 0\n"),
	  "(VI_1) garp_master_refresh_repeat: must be greater than 0, setting to 1" },
	{ INSTANCE(" garp_master_refresh -1\n"),
	  "(VI_1) garp_master_refresh: invalid number '-1' - ignored" },
	{ INSTANCE(" lower_prio_no_advert 1\n"),
	  "(VI_1) lower_prio_no_advert: invalid value '1' (on/off, true/false, yes/no) - ignored" },
	{ INSTANCE(" garp_interval 0.1\n"),
	  "keepalived.conf:4: (VI_1) garp_interval: not a vrrp_instance keyword (use "
	  "vrrp_garp_interval in global_defs) - ignored" },
	{ INSTANCE(" gna_interval 0.1\n"), "(VI_1) gna_interval: not a vrrp_instance keyword" },
	{ INSTANCE(" authentication {\n  auth_type pass\n }\n"),
	  "keepalived.conf:5: (VI_1) unknown authentication type 'pass' - ignored" },
	{ INSTANCE(" authentication {\n  auth_type PASS\n }\n"),
	  "(VI_1) Authentication specified but no password given. Ignoring" },
	{ INSTANCE(" version 3\n authentication {\n  auth_type PASS\n  auth_pass x\n }\n"),
	  "(VI_1) VRRP version 3 does not support authentication. Ignoring." },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
	  " authentication {\n  auth_type AH\n  auth_pass x\n }\n virtual_ipaddress {\n  fe80::1\n "
	  "}\n}\n",
	  "keepalived.conf:1: (VI_1) VRRP version 3 does not support authentication. Ignoring." },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "198.18.0.256\n }\n}\n",
	  "keepalived.conf:5: (VI_1) virtual_ipaddress: '198.18.0.256': VRRP parsed invalid IP - "
	  "skipping the address" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "fd00::zz\n }\n}\n", "'fd00::zz': VRRP parsed invalid IP - skipping" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "fd00:0000:0000:0000:0000:0000:0000:0000:1\n }\n}\n",
	  "VRRP parsed invalid IP - skipping" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "198.18.0.1\n  fd00::1\n }\n}\n",
	  "keepalived.conf:6: (VI_1) virtual_ipaddress: 'fd00::1': address family must match VRRP "
	  "instance (IPv4) - ignoring" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "198.18.0.1 nodad\n }\n}\n",
	  "'198.18.0.1': unknown option 'nodad' - ignoring" },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  "
	  "fe80::1 label eth0:6\n }\n}\n",
	  "'fe80::1': IPv6 addresses take no label - ignoring label" },
	{ "global_defs {\n vrrp_version 1\n}\n",
	  "keepalived.conf:2: vrrp_version: number '1' outside range [2, 3] - ignored" },
	{ "global_defs {\n vrrp_garp_interval 0\n}\n",
	  "vrrp_garp_interval: number '0' outside range [0.000001, 4294.967295] - ignored" },
	{ "global_defs {\n vrrp_gna_interval 0.0000001\n}\n",
	  "vrrp_gna_interval: number '0.0000001' outside range [0.000001, 4294.967295] - ignored" },
	{ "global_defs {\n vrrp_garp_master_repeat 0\n}\n",
	  "vrrp_garp_master_repeat: must be greater than 0, setting to 1" },
	{ "global_defs {\n vrrp_down_timer_adverts 101\n}\n",
	  "vrrp_down_timer_adverts: number '101' outside range [1, 100] - ignored" },
	{ "global_defs {\n vrrp_lower_prio_no_advert 1\n}\n",
	  "vrrp_lower_prio_no_advert: invalid value '1' (on/off, true/false, yes/no) - ignored" },
	{ "global_defs {\n vrrp_higher_prio_send_advert TRUE\n}\n",
	  "vrrp_higher_prio_send_advert: invalid value 'TRUE' (on/off, true/false, yes/no) - "
	  "ignored" },
	{ "global_defs {\n vrrp_min_garp maybe\n}\n",
	  "vrrp_min_garp: invalid value 'maybe' (on/off, true/false, yes/no) - ignored" },
};
/* clang-format on */

static void
test_lenient(void **state)
{
	for (size_t i = 0; i < sizeof(lenient_cases) / sizeof(lenient_cases[0]); i++) {
		struct kconf *conf = NULL;
		int errors = load(lenient_cases[i].text, &conf);

		if (errors != 0 || log_warnings == 0 ||
		    strstr(log_text, lenient_cases[i].message) == NULL)
			print_error("case %zu: %d errors, %d warnings, expected '%s' in:\n%s", i,
				    errors, log_warnings, lenient_cases[i].message, log_text);
		assert_int_equal(errors, 0);
		assert_non_null(conf);
		assert_true(log_warnings > 0);
		assert_logged(lenient_cases[i].message);
		kconf_free(conf);
	}
}

/*
 * As keepalived: an invalid value is ignored with a warning, and the setting
 * it was for is then missing (an error only where a value is required).
 */
static void
test_no_cascade(void **state)
{
	struct kconf *conf;

	assert_int_equal(load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 300\n"
			      " virtual_ipaddress {\n  198.18.0.1\n }\n}\n",
			      &conf),
			 1);
	assert_int_equal(log_warnings, 1);
	assert_logged("keepalived.conf:3: (VI_1) virtual_router_id: number '300' outside range");
	assert_logged("keepalived.conf:1: (VI_1) virtual_router_id: missing (required)");
}

/* default_interface: where static addresses without dev go (eth0 by default). */
static void
test_default_interface(void **state)
{
	struct kconf *conf;

	conf = load_ok(
		"global_defs {\n default_interface eth3\n}\n"
		"static_ipaddress {\n 198.18.4.1/24\n 198.18.4.2/24 dev eth1\n}\n" INSTANCE(""));
	assert_int_equal(log_warnings, 0);
	assert_string_equal(conf->vrrp.statics->addrs[0].dev, "eth3");
	assert_string_equal(conf->vrrp.statics->addrs[1].dev, "eth1");
	kconf_free(conf);

	conf = load_ok("static_ipaddress {\n 198.18.4.1/24\n}\n" INSTANCE(""));
	assert_string_equal(conf->vrrp.statics->addrs[0].dev, "eth0");
	kconf_free(conf);
}

/* vmac_prefix: the VMACs without a name are PREFIX.VRID; a named one keeps its name. */
static void
test_vmac_prefix(void **state)
{
	struct kconf *conf;

	conf = load_ok("global_defs {\n vmac_prefix vm\n}\n" INSTANCE(
		" use_vmac\n") "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n "
			       "use_vmac mine\n"
			       " virtual_ipaddress {\n  198.18.0.2/24\n }\n}\n");
	assert_int_equal(log_warnings, 0);
	assert_string_equal(conf->vrrp.instances->vmac->ifname, "vm.51");
	assert_string_equal(conf->vrrp.instances->next->vmac->ifname, "mine");
	kconf_free(conf);

	conf = load_ok("global_defs {\n vmac_prefix averylongprefix\n}\n" INSTANCE(" use_vmac\n"));
	assert_string_equal(conf->vrrp.instances->vmac->ifname, "");
	assert_logged("keepalived.conf:2: vmac_prefix: 'averylongprefix' leaves no room for .VRID");
	kconf_free(conf);
}

static bool
found_all(const char *program)
{
	return true;
}

static bool
found_none(const char *program)
{
	return false;
}

/* The values that replace what keepalived rounds, clears or ignores. */
static void
test_lenient_values(void **state)
{
	struct kconf *conf;
	struct vrrp_instance_conf *vi;

	conf = load_ok(INSTANCE(" advert_int 0.5\n priority BACKUP\n"));
	vi = conf->vrrp.instances;
	assert_int_equal(vi->adver_int_cs, 100); /* 0.5 s rounds up to 1 s for VRRPv2 */
	assert_int_equal(vi->priority, 100);     /* the default */
	kconf_free(conf);

	conf = load_ok(INSTANCE(" advert_int 1.5\n"));
	assert_int_equal(conf->vrrp.instances->adver_int_cs, 200);
	kconf_free(conf);

	conf = load_ok(INSTANCE(" version 3\n advert_int 0.015\n"));
	assert_int_equal(conf->vrrp.instances->adver_int_cs, 2);
	kconf_free(conf);

	conf = load_ok(INSTANCE(" state MASTER\n priority 100\n nopreempt\n preempt_delay 3\n"));
	vi = conf->vrrp.instances;
	assert_true(vi->init_master);
	assert_false(vi->nopreempt);
	assert_int_equal(vi->preempt_delay_us, 0);
	kconf_free(conf);

	conf = load_ok(INSTANCE(" nopreempt\n preempt_delay 3\n"));
	assert_true(conf->vrrp.instances->nopreempt);
	assert_int_equal(conf->vrrp.instances->preempt_delay_us, 0);
	kconf_free(conf);

	conf = load_ok(
		"global_defs {\n vrrp_garp_interval 0\n vrrp_gna_interval 0\n}\n" INSTANCE(""));
	assert_int_equal(conf->vrrp.instances->garp_interval_us, 0);
	assert_int_equal(conf->vrrp.instances->gna_interval_us, 0);
	if (log_warnings != 2)
		print_error("%s", log_text);
	assert_int_equal(log_warnings, 2);
	kconf_free(conf);

	/* The IPv6 address is dropped, the IPv4 one kept. */
	conf = load_ok("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		       " virtual_ipaddress {\n  198.18.0.1/24\n  fd00::1/64\n }\n}\n");
	assert_int_equal(conf->vrrp.instances->nvips, 1);
	assert_int_equal(conf->vrrp.instances->family, AF_INET);
	kconf_free(conf);

	/* A multicast source is ignored (keepalived says nothing; we warn). */
	conf = load_ok(INSTANCE(" mcast_src_ip 224.0.0.1\n"));
	assert_logged(
		"keepalived.conf:4: (VI_1) mcast_src_ip: 224.0.0.1 is not a unicast address - "
		"ignored");
	kconf_free(conf);

	/* A vrrp_script below the instance is not found by keepalived: dropped. */
	conf = load_ok(INSTANCE(
		" track_script {\n  chk\n }\n") "vrrp_script chk {\n script /bin/true\n}\n");
	assert_int_equal(conf->vrrp.instances->track->nrefs, 0);
	assert_logged("keepalived.conf:5: (VI_1) track script chk not found, ignoring...");
	assert_true(vrrp_conf_scripts_insecure(&conf->vrrp, found_all));
	assert_false(vrrp_conf_scripts_insecure(&conf->vrrp, found_none));
	kconf_free(conf);

	/* virtual_ipaddress_excluded is kept, any family. */
	conf = load_ok(INSTANCE(
		" virtual_ipaddress_excluded {\n  198.18.1.1/24 dev eth1\n  fd00::5/64\n }\n"));
	vi = conf->vrrp.instances;
	assert_int_equal(vi->nevips, 2);
	assert_string_equal(vi->evips[0].dev, "eth1");
	assert_int_equal(vi->evips[1].family, AF_INET6);
	assert_int_equal(log_warnings, 0);
	kconf_free(conf);
}

/* A long auth_pass is truncated with a warning: keepalived runs with it too. */
static void
test_auth_pass_truncated(void **state)
{
	struct kconf *conf = load_ok(
		INSTANCE(" authentication {\n  auth_type PASS\n  auth_pass 0123456789\n }\n"));

	assert_memory_equal(conf->vrrp.instances->auth_pass, "01234567", 8);
	assert_int_equal(log_warnings, 1);
	assert_logged("keepalived.conf:6: (VI_1) auth_pass: longer than 8 characters, truncated");
	kconf_free(conf);

	conf = load_ok(INSTANCE(" authentication {\n  auth_type AH\n  auth_pass 12345678\n }\n"));
	assert_int_equal(conf->vrrp.instances->auth_type, VRRP_AUTH_AH);
	assert_memory_equal(conf->vrrp.instances->auth_pass, "12345678", 8);
	assert_int_equal(log_warnings, 0);
	kconf_free(conf);

	/* As keepalived: AH never starts as master below 255, it learns the sequence first. */
	conf = load_ok(INSTANCE(" state MASTER\n priority 200\n authentication {\n  auth_type AH\n"
				"  auth_pass x\n }\n"));
	assert_false(conf->vrrp.instances->init_master);
	assert_int_equal(conf->vrrp.instances->priority, 200);
	assert_int_equal(conf->vrrp.instances->auth_type, VRRP_AUTH_AH);
	assert_logged("keepalived.conf:1: (VI_1) Initial state master is incompatible with AH "
		      "authentication - clearing");
	kconf_free(conf);

	/* The owner may start as master. */
	conf = load_ok(INSTANCE(" state MASTER\n priority 255\n authentication {\n  auth_type AH\n"
				"  auth_pass x\n }\n"));
	assert_true(conf->vrrp.instances->init_master);
	assert_int_equal(log_warnings, 0);
	kconf_free(conf);

	/* IPv6 with version 2 written: keepalived drops AH (IPv4 only). */
	conf = load_ok("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n version 2\n"
		       " authentication {\n  auth_type AH\n  auth_pass x\n }\n"
		       " virtual_ipaddress {\n  fe80::1\n }\n}\n");
	assert_int_equal(conf->vrrp.instances->auth_type, VRRP_AUTH_NONE);
	assert_int_equal(conf->vrrp.instances->version, VRRP_V3);
	assert_logged(
		"keepalived.conf:1: (VI_1) Cannot use AH authentication with IPv6 - ignoring");
	kconf_free(conf);
}

/* Warnings ------------------------------------------------------------------ */

struct warn_case {
	const char *text;
	const char *message; /* NULL: silently accepted */
	int warnings;
};

/* clang-format off */
static const struct warn_case warn_cases[] = {
	{ INSTANCE(" no_such_keyword 1\n"), "keepalived.conf:4: unknown keyword 'no_such_keyword'",
	  1 },
	{ INSTANCE(" notify_master \"/bin/true master\"\n"), NULL, 0 },
	{ INSTANCE(" track_bfd {\n  bfd_a\n }\n"),
	  "(VI_1) track bfd bfd_a not found, ignoring...", 1 },
	{ "bfd_instance bfd_a {\n neighbor_ip 198.18.0.9\n}\n"
	  INSTANCE(" track_bfd {\n  bfd_a\n }\n"), NULL, 0 },
	/* Implemented by their own modules: no warning. */
	{ INSTANCE(" unicast_src_ip 198.18.0.1\n unicast_peer {\n  198.18.0.2\n }\n unicast_ttl "
	           "64\n"
		   " check_unicast_src\n"), NULL, 0 },
	{ "global_defs {\n vrrp_mcast_group4 224.0.0.19\n vrrp_check_unicast_src\n}\n" INSTANCE(""),
	  NULL, 0 },
	{ INSTANCE(" use_vmac\n vmac_xmit_base\n virtual_routes {\n  198.18.2.0/24 via "
	           "198.18.0.254 dev eth0\n }\n"
		   " virtual_rules {\n  from 198.18.0.1 table 100 priority 100\n }\n"), NULL, 0 },
	{ "static_routes {\n 198.18.3.0/24 dev eth0\n}\n" INSTANCE(""), NULL, 0 },
	{ INSTANCE(" track_interface {\n  eth1 weight -10\n }\n"), NULL, 0 },
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
	  "  198.18.0.1 home no_track use_vmac\n  198.18.0.2 preferred_lft forever\n"
	  "  198.18.0.3 peer 198.18.0.4\n }\n}\n",
	  NULL, 0 }, /* acted on; use_vmac by vrrp_conf_vmac.c */
	/* As keepalived 2.2.7: the conflicting part is dropped with a warning, the address kept. */
	{ "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n"
	  "  198.18.0.1/24 peer 198.18.0.4\n  198.18.0.2 brd 198.18.0.255 peer 198.18.0.5\n"
	  "  198.18.0.3 peer fd00::1\n  198.18.0.6 peer 198.18.0.7 peer 198.18.0.8\n"
	  "  198.18.0.9 preferred_lft soon\n }\n}\n",
	  "keepalived.conf:5: (VI_1) virtual_ipaddress: '198.18.0.1/24': cannot specify address "
	  "prefix when specifying peer address - ignoring",
	  5 },
	{ "global_defs {\n vrrp_strict\n vrrp_mcast_group4 224.0.0.18\n}\n" INSTANCE(""),
	  NULL, 0 }, /* vrrp_strict: vrrp_conf_nft.c */
	/*
	 * Rule 2 of issue 11: e-mail, SNMP and DBus one warning each, naming the
	 * replacement; lvs_notify_fifo is acted on (the checker's FIFO).
	 */
	{ "global_defs {\n notification_email {\n  a@example.com\n }\n smtp_server 198.18.0.25\n"
	  " enable_snmp_vrrp\n lvs_notify_fifo /run/x\n enable_dbus\n"
	  " enable_snmp_rfc\n smtp_alert\n}\n" INSTANCE(""),
	  "keepalived.conf:2: global_defs: 'notification_email' is accepted but not acted on: "
	  "e-mail alerts are not sent by this daemon; use notify scripts", 3 },
	{ "global_defs {\n enable_snmp_vrrp\n enable_dbus\n}\n" INSTANCE(""),
	  "keepalived.conf:2: global_defs: 'enable_snmp_vrrp' is accepted but not acted on: SNMP "
	  "is not "
	  "served by this daemon; use keepalivectl or the metrics endpoint", 2 },
	{ "global_defs {\n enable_dbus\n}\n" INSTANCE(""),
	  "global_defs: 'enable_dbus' is accepted but not acted on: DBus is not served by this "
	  "daemon; "
	  "use keepalivectl", 1 },
	{ "global_defs {\n vrrp_skip_check_adv_addr\n bfd_process_name kb\n}\n" INSTANCE(""), NULL,
	  0 },
	{ INSTANCE(" smtp_alert\n"),
	  "keepalived.conf:4: (VI_1) 'smtp_alert' is accepted but not acted on: e-mail alerts are "
	  "not sent by this daemon; use notify scripts",
	  1 },
	{ INSTANCE("") "vrrp_sync_group G {\n group {\n  VI_1\n }\n smtp_alert\n}\n",
	  "keepalived.conf:12: (G) 'smtp_alert' is accepted but not acted on: e-mail alerts", 2 },
	{ INSTANCE(" virtual_ipaddress_excluded {\n  198.18.9.1/24\n }\n"), NULL, 0 },
	{ "vrrp_script chk {\n script /bin/true\n interval 2\n}\n" INSTANCE(""),
	  "keepalived.conf:1: Warning - script chk is not used", 1 },
	{ "virtual_server 198.18.0.1 80 {\n real_server 198.18.0.5 80 {\n"
	  "  weight 1\n }\n}\n" INSTANCE(""),
	  "keepalived.conf:1: Virtual server [198.18.0.1]:none:80: no protocol set - defaulting to "
	  "UDP", 1 },
	{ "static_ipaddress {\n 198.18.5.1/24 dev eth1\n}\n" INSTANCE(""), NULL, 0 },
	/* Acted on by the daemon (conf_process.c, process_opts.c). */
	{ "net_namespace blue\nuse_pid_dir\n" INSTANCE(""), NULL, 0 },
	{ "child_wait_time 5\nnet_namespace_ipvs red\n" INSTANCE(""), NULL, 0 },
};
/* clang-format on */

static void
test_warnings(void **state)
{
	for (size_t i = 0; i < sizeof(warn_cases) / sizeof(warn_cases[0]); i++) {
		struct kconf *conf = NULL;
		int errors = load(warn_cases[i].text, &conf);

		if (errors != 0 || log_warnings != warn_cases[i].warnings)
			print_error("case %zu: %d errors, %d warnings:\n%s", i, errors,
				    log_warnings, log_text);
		assert_int_equal(errors, 0);
		assert_non_null(conf);
		assert_int_equal(log_warnings, warn_cases[i].warnings);
		if (warn_cases[i].message != NULL)
			assert_logged(warn_cases[i].message);
		/* The skipped blocks did not leak into the instance. */
		assert_int_equal(conf->vrrp.ninstances, 1);
		kconf_free(conf);
	}
}

static void
test_vip_limits(void **state)
{
	char *text = malloc(128 * 1024);
	size_t off;
	struct kconf *conf;

	assert_non_null(text);
	off = (size_t)snprintf(text, 1024,
			       "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			       " virtual_ipaddress {\n");
	for (int i = 0; i < 90; i++)
		off += (size_t)snprintf(text + off, 64, "  fe80::%x\n", i + 1);
	snprintf(text + off, 64, " }\n}\n");
	conf = load_ok(text);
	assert_int_equal(conf->vrrp.instances->nvips, 90);
	assert_logged("(VI_1) 90 IPv6 addresses do not fit an advert on a 1500 byte MTU");
	kconf_free(conf);

	off = (size_t)snprintf(text, 1024,
			       "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
			       " virtual_ipaddress {\n");
	/* keepalived 2.2.7: the 256th and later go to the excluded ones, with a warning. */
	for (int i = 0; i < 2000; i++)
		off += (size_t)snprintf(text + off, 64, "  198.18.%d.%d\n", i / 200, i % 200 + 1);
	snprintf(text + off, 64, " }\n}\n");
	conf = load_ok(text);
	assert_int_equal(conf->vrrp.instances->nvips, 255);
	assert_int_equal(conf->vrrp.instances->nevips, 2000 - 255);
	assert_int_equal(conf->vrrp.instances->evips[0].addr.v4.s_addr, inet_addr("198.18.1.56"));
	assert_logged(
		"keepalived.conf:1: (VI_1) Number of VIPs (2000) exceeds maximum/space available "
		"in "
		"packet (max 255 addresses) - excess moved to eVIPs");
	/* What an advert carries on a given MTU. */
	assert_int_equal(vrrp_conf_advert_naddr(conf->vrrp.instances, 1500), 255);
	assert_int_equal(vrrp_conf_advert_naddr(conf->vrrp.instances, 576), (576 - 20 - 8 - 8) / 4);
	assert_int_equal(vrrp_conf_advert_naddr(conf->vrrp.instances, 20), 0);
	kconf_free(conf);
	free(text);
}

/* Files --------------------------------------------------------------------- */

/* The source tree: $top_srcdir when make check runs us, else from this file's path. */
static const char *
srcdir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("top_srcdir");
	const char *tail = "test/unit/test_vrrp_conf.c";
	size_t len = strlen(__FILE__);

	if (env != NULL)
		return env;
	if (len >= strlen(tail) && strcmp(__FILE__ + len - strlen(tail), tail) == 0)
		snprintf(dir, sizeof(dir), "%.*s", (int)(len - strlen(tail)), __FILE__);
	if (dir[0] == '\0')
		snprintf(dir, sizeof(dir), ".");
	return dir;
}

static void
test_sample_config(void **state)
{
	char path[PATH_MAX + 32];
	struct kconf *conf;
	struct vrrp_instance_conf *v4, *v6;

	snprintf(path, sizeof(path), "%s/conf/keepalived.conf", srcdir());
	log_reset();
	assert_int_equal(kconf_load(path, &opts, &conf), 0);
	assert_int_equal(log_warnings, 0);
	assert_string_equal(conf->router_id, "lvs-a");
	assert_int_equal(conf->vrrp.ninstances, 2);
	v4 = conf->vrrp.instances;
	v6 = v4->next;
	assert_int_equal(v4->family, AF_INET);
	assert_int_equal(v4->version, 2);
	assert_int_equal(v4->auth_type, VRRP_AUTH_PASS);
	assert_true(v4->nvips >= 2);
	assert_string_not_equal(v4->vips[0].label, "");
	assert_int_equal(v6->family, AF_INET6);
	assert_int_equal(v6->version, 3);
	assert_true(IN6_IS_ADDR_LINKLOCAL(&v6->vips[0].addr.v6));
	kconf_free(conf);

	assert_int_equal(kconf_load("/nonexistent/keepalived.conf", &opts, &conf), -1);
	assert_null(conf);
	assert_logged("cannot read configuration file /nonexistent/keepalived.conf");
}

/*
 * Each fixture's first line is keepalived 2.2.7's verdict from `keepalived -t`
 * (recorded by test/data/conf-good/keepalived-verdicts.sh). conf-good holds
 * what we accept, conf-bad what we refuse; a "# ours:" line documents each
 * deliberate difference from keepalived.
 */
static int
check_fixture_dir(const char *sub, bool want_ok)
{
	char dir[PATH_MAX + 32], path[PATH_MAX + 320], first[512], second[512];
	struct dirent *de;
	struct kconf *conf;
	int count = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/test/data/%s", srcdir(), sub);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		bool keepalived_ok, keepalived_warns, differs, same;
		FILE *f;
		int errors;

		if (len < 5 || strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		first[0] = second[0] = '\0';
		assert_non_null(fgets(first, sizeof(first), f));
		if (fgets(second, sizeof(second), f) == NULL)
			second[0] = '\0';
		fclose(f);
		assert_true(strncmp(first, "# keepalived 2.2.7 -t: ", 23) == 0);
		keepalived_ok = strncmp(first + 23, "accept", 6) == 0;
		keepalived_warns = strncmp(first + 23, "reject (exit 5)", 15) == 0;
		differs = strncmp(second, "# ours: ", 8) == 0;

		log_reset();
		errors = kconf_load(path, &opts, &conf);
		/*
		 * keepalived -t exits 5 when it warned and would run: the same
		 * verdict as ours when we load the file with warnings (our -t
		 * exits 5 too).
		 */
		same = want_ok ? keepalived_ok || (keepalived_warns && log_warnings > 0) :
				 !keepalived_ok;
		if ((errors == 0) != want_ok || !same != differs)
			print_error("%s: %d errors, keepalived %s:\n%s", path, errors,
				    keepalived_ok ? "accepts" : "rejects", log_text);
		assert_int_equal(errors == 0, want_ok);
		assert_int_equal(!same, differs);
		kconf_free(conf);
		count++;
	}
	closedir(d);
	return count;
}

static void
test_fixtures(void **state)
{
	assert_true(check_fixture_dir("conf-good", true) >= 50);
	assert_true(check_fixture_dir("conf-bad", false) >= 15);
}

/* -d ---------------------------------------------------------------------------- */

struct dump_buf {
	char text[16384];
	size_t len;
};

static void
dump_to_buf(const char *line, void *arg)
{
	struct dump_buf *b = arg;
	int n = snprintf(b->text + b->len, sizeof(b->text) - b->len, "%s\n", line);

	assert_true(n > 0 && (size_t)n < sizeof(b->text) - b->len);
	b->len += (size_t)n;
}

/* Two instances agree on everything that matters (not where they were read). */
static void
assert_same_instance(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->ifname, b->ifname);
	assert_int_equal(a->family, b->family);
	assert_int_equal(a->vrid, b->vrid);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->priority, b->priority);
	assert_int_equal(a->init_master, b->init_master);
	assert_int_equal(a->adver_int_cs, b->adver_int_cs);
	assert_int_equal(a->nopreempt, b->nopreempt);
	assert_int_equal(a->preempt_delay_us, b->preempt_delay_us);
	assert_int_equal(a->auth_type, b->auth_type);
	assert_memory_equal(a->auth_pass, b->auth_pass, sizeof(a->auth_pass));
	assert_int_equal(a->down_timer_adverts, b->down_timer_adverts);
	assert_int_equal(a->v3_checksum_as_v2, b->v3_checksum_as_v2);
	assert_int_equal(a->lower_prio_no_advert, b->lower_prio_no_advert);
	assert_int_equal(a->higher_prio_send_advert, b->higher_prio_send_advert);
	assert_int_equal(a->garp_master_delay_us, b->garp_master_delay_us);
	assert_int_equal(a->garp_master_repeat, b->garp_master_repeat);
	assert_int_equal(a->garp_master_refresh_us, b->garp_master_refresh_us);
	assert_int_equal(a->garp_master_refresh_repeat, b->garp_master_refresh_repeat);
	assert_int_equal(a->garp_interval_us, b->garp_interval_us);
	assert_int_equal(a->gna_interval_us, b->gna_interval_us);
	assert_int_equal(a->nvips, b->nvips);
	for (size_t i = 0; i < a->nvips; i++)
		assert_memory_equal(&a->vips[i], &b->vips[i], sizeof(a->vips[i]));
}

/* What -d writes reads back as the same configuration. */
/* -d shows virtual_ipaddress_excluded, and it reads back. */
static void
test_evips_dump(void **state)
{
	static struct dump_buf buf;
	struct kconf *conf, *again;

	conf = load_ok(INSTANCE(
		" virtual_ipaddress_excluded {\n  198.18.1.1/24 dev eth1\n  fd00::5/64\n }\n"));
	buf.len = 0;
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text,
			       "    virtual_ipaddress_excluded {\n        198.18.1.1/24 dev eth1\n"
			       "        fd00::5/64\n    }\n"));
	again = load_ok(buf.text);
	assert_int_equal(again->vrrp.instances->nevips, 2);
	kconf_free(again);
	kconf_free(conf);
}

/* peer, preferred_lft, the flags and no_track: parsed, shown by -d, read back (issue 11). */
static void
test_vip_options(void **state)
{
	static struct dump_buf buf;
	struct kconf *conf, *again;
	const struct vrrp_vip *v, *e;
	struct in_addr a4;
	struct in6_addr a6;

	conf = load_ok(INSTANCE(" virtual_ipaddress_excluded {\n"
				"  198.18.1.1 peer 198.18.1.2 dev eth1 no_track\n"
				"  fd00::5/64 preferred_lft 0 home mngtmpaddr noprefixroute\n"
				"  fd00::6/64 preferred_lft 100\n"
				"  fd00::7/128 preferred_lft forever\n"
				"  fd00::8/128 autojoin\n"
				"  fd00::9/64\n"
				"  198.18.1.3/24 preferred_lft 0\n }\n"));
	assert_int_equal(conf->vrrp.instances->nevips, 7);
	v = conf->vrrp.instances->vips;
	e = conf->vrrp.instances->evips;
	/* The instance's own VIP: no option, nothing set. */
	assert_false(v[0].has_peer || v[0].has_pref_lft || v[0].no_track || v[0].ifa_flags != 0);
	assert_true(e[0].has_peer && e[0].no_track);
	inet_pton(AF_INET, "198.18.1.2", &a4);
	assert_memory_equal(&e[0].peer.v4, &a4, sizeof(a4));
	assert_int_equal(e[0].prefixlen, 32);
	assert_true(e[1].has_pref_lft);
	assert_int_equal(e[1].pref_lft, 0);
	assert_int_equal(e[1].ifa_flags,
			 IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE);
	assert_false(e[1].no_track);
	assert_int_equal(e[4].ifa_flags, IFA_F_MCAUTOJOIN);
	/* The lifetime installed: keepalived deprecates an IPv6 /128 unless told otherwise. */
	assert_int_equal(vrrp_vip_pref_lft(&e[1]), 0);
	assert_int_equal(vrrp_vip_pref_lft(&e[2]), 100);
	assert_int_equal(vrrp_vip_pref_lft(&e[3]), UINT32_MAX);
	assert_int_equal(vrrp_vip_pref_lft(&e[4]), 0);
	assert_int_equal(vrrp_vip_pref_lft(&e[5]), UINT32_MAX);
	assert_int_equal(vrrp_vip_pref_lft(&e[6]), UINT32_MAX); /* IPv4: never */
	assert_int_equal(vrrp_vip_pref_lft(&v[0]), UINT32_MAX);
	inet_pton(AF_INET6, "fd00::5", &a6);
	assert_memory_equal(&e[1].addr.v6, &a6, sizeof(a6));

	buf.len = 0;
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text, "        198.18.1.1/32 dev eth1 peer 198.18.1.2 no_track\n"
					 "        fd00::5/64 preferred_lft 0 home mngtmpaddr "
					 "noprefixroute\n"
					 "        fd00::6/64 preferred_lft 100\n"
					 "        fd00::7/128 preferred_lft forever\n"
					 "        fd00::8/128 autojoin\n"));
	again = load_ok(buf.text);
	assert_int_equal(again->vrrp.instances->nevips, 7);
	for (size_t i = 0; i < 7; i++)
		assert_memory_equal(&again->vrrp.instances->evips[i], &e[i], sizeof(e[i]));
	kconf_free(again);
	kconf_free(conf);
}

static void
test_dump_round_trip(void **state)
{
	static struct dump_buf buf;
	struct kconf *conf = load_ok(full_config), *again;
	struct vrrp_instance_conf *a, *b;

	buf.len = 0;
	dump_to_buf("global_defs {", &buf);
	vrrp_global_conf_dump(&conf->vrrp.global, dump_to_buf, &buf);
	dump_to_buf("}", &buf);
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(
		buf.text,
		"        198.18.0.1/24 brd 198.18.0.255 dev eth1 scope link label eth1:vip\n"));
	assert_non_null(strstr(buf.text, "        198.18.0.3/16 brd 198.18.0.0 scope 17\n"));
	assert_non_null(strstr(buf.text, "    advert_int 0.35\n"));
	assert_non_null(strstr(buf.text, "    auth_pass \"s3 cret\"\n"));
	assert_non_null(strstr(buf.text, "    vrrp_garp_interval 0.001\n"));

	again = load_ok(buf.text);
	for (a = conf->vrrp.instances, b = again->vrrp.instances; a != NULL;
	     a = a->next, b = b->next) {
		assert_non_null(b);
		assert_same_instance(a, b);
	}
	assert_null(b);
	kconf_free(again);

	/* kconf_dump logs the same lines, one per log_info. */
	log_reset();
	kconf_dump(conf);
	assert_logged("global_defs {\n    router_id lvs-a\n    vrrp_version 2\n");
	assert_logged("vrrp_instance VI_6 {\n    state BACKUP\n");
	kconf_free(conf);
}

/*
 * Unicast is wired in: the instance keywords reach vrrp_conf_unicast.c, the
 * global ones land in conf->vrrp.unicast, -d shows both and reads back,
 * and two instances may share a VRID only with disjoint peers.
 */
static void
test_unicast_wired(void **state)
{
#define UC_INST(name, peer)                                                  \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id 51\n" \
	" unicast_src_ip 198.18.0.1\n unicast_peer {\n  " peer "\n }\n"      \
	" virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n"
	static struct dump_buf buf;
	struct kconf *conf, *again;
	struct in_addr g4;

	conf = load_ok("global_defs {\n vrrp_mcast_group4 224.0.0.19\n vrrp_check_unicast_src\n}\n"
		       "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n"
		       " unicast_src_ip 198.18.0.1\n unicast_ttl 64\n"
		       " unicast_peer {\n  198.18.0.2\n  198.18.0.3 min_ttl 10 max_ttl 100\n }\n"
		       " virtual_ipaddress {\n  198.18.0.100/24\n }\n}\n");
	assert_int_equal(log_warnings, 0);
	assert_non_null(conf->vrrp.unicast);
	inet_pton(AF_INET, "224.0.0.19", &g4);
	assert_int_equal(conf->vrrp.unicast->group4.s_addr, g4.s_addr);
	assert_true(conf->vrrp.unicast->check_unicast_src);
	assert_non_null(conf->vrrp.instances->unicast);
	assert_int_equal(conf->vrrp.instances->unicast->npeers, 2);
	assert_int_equal(conf->vrrp.instances->unicast->ttl, 64);
	assert_true(vrrp_unicast_active(conf->vrrp.instances));

	buf.len = 0;
	dump_to_buf("global_defs {", &buf);
	vrrp_unicast_global_dump(conf->vrrp.unicast, dump_to_buf, &buf);
	dump_to_buf("}", &buf);
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text, "    vrrp_mcast_group4 224.0.0.19\n"));
	assert_non_null(strstr(buf.text, "    unicast_peer {\n"));
	again = load_ok(buf.text);
	assert_non_null(again->vrrp.instances->unicast);
	assert_int_equal(again->vrrp.instances->unicast->npeers, 2);
	assert_int_equal(again->vrrp.unicast->group4.s_addr, g4.s_addr);
	kconf_free(again);
	log_reset();
	kconf_dump(conf);
	assert_logged("    vrrp_check_unicast_src\n");
	assert_logged("    unicast_ttl 64\n");
	kconf_free(conf);

	/* One VRID on eth0 twice: fine with other peers, an error with the same. */
	conf = load_ok(UC_INST("VI_1", "198.18.0.2") UC_INST("VI_2", "198.18.0.3"));
	kconf_free(conf);
	assert_int_equal(load(UC_INST("VI_1", "198.18.0.2") UC_INST("VI_2", "198.18.0.2"), &conf),
			 1);
	assert_null(conf);
	assert_logged("VRID 51 with IPv4 on eth0 is already used by VI_1");
#undef UC_INST
}

/*
 * keepalived 2.2.7 keeps a version 2 given before IPv6 addresses; VRRPv2 is
 * IPv4 only and the codec cannot build it, so the instance becomes version 3
 * with one warning, and the version 3 rules apply to it from then on.
 */
static void
test_version2_ipv6_coerced(void **state)
{
#define V2_V6(body)                                                                       \
	"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n version 2\n" body \
	" virtual_ipaddress {\n  fe80::1\n  fd00::1/64\n }\n}\n"
	static struct dump_buf buf;
	struct kconf *conf = load_ok(V2_V6(" advert_int 0.5\n"));

	assert_int_equal(conf->vrrp.instances->family, AF_INET6);
	assert_int_equal(conf->vrrp.instances->version, 3);
	assert_int_equal(conf->vrrp.instances->adver_int_cs, 50); /* fractional: fine for v3 */
	assert_int_equal(log_warnings, 1);
	assert_logged(
		"keepalived.conf:1: (VI_1) VRRP version 2 is not defined for IPv6, using version "
		"3\n");
	buf.len = 0;
	vrrp_conf_dump(&conf->vrrp, dump_to_buf, &buf);
	assert_non_null(strstr(buf.text, "    version 3\n"));
	kconf_free(conf);

	/* Authentication is a v2 feature: the coerced instance drops it, as keepalived. */
	conf = load_ok(V2_V6(" authentication {\n  auth_type PASS\n  auth_pass x\n }\n"));
	assert_int_equal(conf->vrrp.instances->auth_type, VRRP_AUTH_NONE);
	assert_int_equal(log_warnings, 2);
	assert_logged("VRRP version 2 is not defined for IPv6, using version 3\n"
		      "keepalived.conf:1: (VI_1) VRRP version 3 does not support authentication. "
		      "Ignoring.\n");
	kconf_free(conf);

	/* IPv4 keeps version 2, silently. */
	conf = load_ok(INSTANCE(" version 2\n"));
	assert_int_equal(conf->vrrp.instances->version, 2);
	assert_int_equal(log_warnings, 0);
	kconf_free(conf);
#undef V2_V6
}

/* Helpers ------------------------------------------------------------------------ */

static void
test_helpers(void **state)
{
	union vrrp_addr a;
	char buf[INET6_ADDRSTRLEN];
	uint8_t scope;

	assert_string_equal(vrrp_conf_fmt_fixed(100, 2, buf, sizeof(buf)), "1");
	assert_string_equal(vrrp_conf_fmt_fixed(5, 2, buf, sizeof(buf)), "0.05");
	assert_string_equal(vrrp_conf_fmt_fixed(4095, 2, buf, sizeof(buf)), "40.95");
	assert_string_equal(vrrp_conf_fmt_fixed(2500000, 6, buf, sizeof(buf)), "2.5");
	assert_string_equal(vrrp_conf_fmt_fixed(1, 6, buf, sizeof(buf)), "0.000001");
	assert_int_equal(vip_scope("0x10", &scope), 0);
	assert_int_equal(scope, 16);
	assert_int_equal(vip_scope("nowhere", &scope), 0);
	assert_int_equal(scope, RT_SCOPE_NOWHERE);
	assert_int_equal(vip_scope("", &scope), -1);
	assert_int_equal(vip_scope("255", &scope), 0);
	assert_int_equal(scope, 255);
	assert_int_equal(vip_scope("256", &scope), -1);
	assert_string_equal(vrrp_conf_scope_name(RT_SCOPE_HOST, buf, sizeof(buf)), "host");
	assert_string_equal(vrrp_conf_scope_name(42, buf, sizeof(buf)), "42");

	assert_int_equal(inet_pton(AF_INET, "198.18.0.9", &a.v4), 1);
	assert_string_equal(vrrp_addr_ntop(AF_INET, &a, buf, sizeof(buf)), "198.18.0.9");
	assert_string_equal(vrrp_addr_ntop(AF_UNSPEC, &a, buf, sizeof(buf)), "?");

	/* A table entry routed to vrrp_global_keyword() that it does not know. */
	{
		/* clang-format off */
		static const struct cfg_keyword top[] = {
			{ "vrrp_bogus", gd_vrrp, NULL, NULL, NULL, NULL },
			CFG_KEYWORD_END,
		};
		/* clang-format on */
		struct kconf *conf = kconf_new();

		log_reset();
		assert_int_equal(cfg_read_string("t.conf", "vrrp_bogus 1\n", top, conf, &opts), 1);
		assert_logged("t.conf:1: vrrp_bogus: not a VRRP keyword of global_defs");
		kconf_free(conf);
	}
	kconf_free(NULL);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instance_name_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_and_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version2_ipv6_coerced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_global_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_advert_warn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lenient, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lenient_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_interface, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmac_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evips_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_cascade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_pass_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vip_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vip_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sample_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicast_wired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
