/*
 * Tests for vip_lease and vrrp_vip_lease (keepalived/vrrp/conf/vrrp_conf_lease.c),
 * read through the daemon's own kconf_load_string(): the auto lease for
 * several advert intervals, explicit seconds, off, the global default and
 * an instance's own value over it, the warning for a lease shorter than a
 * takeover, the VIPs' lifetimes, bad values, and the -d lines.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keepalived/core/conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_lease.h"
#include "test/unit/unit_helpers.h"

static const struct cfg_options opts = { .config_id = "lvs-a" };

static struct kconf *
load_ok(const char *text)
{
	struct kconf *conf = NULL;

	unit_log_start();
	if (kconf_load_string("keepalived.conf", text, &opts, &conf) != 0) {
		for (unsigned i = 0; i < unit_log.n && i < UNIT_LOG_LINES; i++)
			print_message("  logged: %s\n", unit_log.line[i]);
		fail_msg("configuration refused");
	}
	assert_non_null(conf);
	return conf;
}

static int
load_errors(const char *text)
{
	struct kconf *conf = NULL;
	int errors;

	unit_log_start();
	errors = kconf_load_string("keepalived.conf", text, &opts, &conf);
	assert_null(conf);
	return errors;
}

#define GLOBAL(lines) "global_defs {\n" lines "}\n"
#define INSTANCE(lines)                                                                   \
	"vrrp_instance X {\n interface eth0\n virtual_router_id 9\n priority 150\n" lines \
	" virtual_ipaddress {\n  198.18.0.100\n  198.18.0.101\n }\n"                      \
	" virtual_ipaddress_excluded {\n  198.18.0.102\n }\n}\n"

struct lease_row {
	const char *name;
	const char *text;
	uint32_t lease_s;
	bool warned; /* shorter than a takeover */
};

/* clang-format off */
static const struct lease_row lease_rows[] = {
	{ "none", INSTANCE(""), 0, false },
	{ "auto, advert_int 1: 3 + 255/256 s -> 4", INSTANCE(" vip_lease auto\n"), 4, false },
	{ "auto, advert_int 2 -> 8", INSTANCE(" advert_int 2\n vip_lease auto\n"), 8, false },
	{ "auto, v3 0.5 s -> 2", INSTANCE(" version 3\n advert_int 0.5\n vip_lease auto\n"), 2,
	  false },
	{ "auto, v3 0.1 s -> 1", INSTANCE(" version 3\n advert_int 0.1\n vip_lease auto\n"), 1,
	  false },
	{ "auto, down_timer_adverts 1 -> 2",
	  INSTANCE(" down_timer_adverts 1\n vip_lease auto\n"), 2, false },
	{ "seconds", INSTANCE(" vip_lease 10\n"), 10, false },
	{ "shorter than a takeover", INSTANCE(" vip_lease 3\n"), 3, true },
	{ "off", INSTANCE(" vip_lease off\n"), 0, false },
	{ "0 is off", INSTANCE(" vip_lease 0\n"), 0, false },
	{ "global auto", GLOBAL(" vrrp_vip_lease auto\n") INSTANCE(""), 4, false },
	{ "global after the instance", INSTANCE("") GLOBAL(" vrrp_vip_lease 7\n"), 7, false },
	{ "instance off over global", GLOBAL(" vrrp_vip_lease auto\n") INSTANCE(" vip_lease off\n"),
	  0, false },
	{ "instance seconds over global",
	  GLOBAL(" vrrp_vip_lease auto\n") INSTANCE(" vip_lease 6\n"), 6, false },
};
/* clang-format on */

static void
test_lease_rows(void **state)
{
	for (size_t i = 0; i < sizeof(lease_rows) / sizeof(lease_rows[0]); i++) {
		const struct lease_row *row = &lease_rows[i];
		struct kconf *conf;
		const struct vrrp_instance_conf *vi;
		bool warned = false;

		print_message("  %s\n", row->name);
		conf = load_ok(row->text);
		vi = conf->vrrp.instances;
		assert_non_null(vi);
		assert_int_equal(vi->lease.lease_s, row->lease_s);
		/* Every address the instance installs carries it. */
		for (size_t k = 0; k < vi->nvips; k++)
			assert_int_equal(vi->vips[k].lease_s, row->lease_s);
		assert_int_equal(vi->nevips, 1);
		assert_int_equal(vi->evips[0].lease_s, row->lease_s);
		for (unsigned k = 0; k < unit_log.n && k < UNIT_LOG_LINES; k++)
			if (strstr(unit_log.line[k], "is shorter than") != NULL)
				warned = true;
		assert_int_equal(warned, row->warned);
		kconf_free(conf);
	}
}

static void
test_warning_text(void **state)
{
	struct kconf *conf = load_ok(INSTANCE(" vip_lease 3\n"));

	assert_true(unit_logged("keepalived.conf:1: (X) vip_lease 3s is shorter than the 3.996s a "
				"backup may need to take over: a dead master's VIPs go before a "
				"backup has them"));
	kconf_free(conf);
}

static void
test_bad_values(void **state)
{
	assert_int_equal(load_errors(INSTANCE(" vip_lease\n")), 1);
	assert_int_equal(load_errors(INSTANCE(" vip_lease soon\n")), 1);
	assert_int_equal(load_errors(INSTANCE(" vip_lease -1\n")), 1);
	assert_int_equal(load_errors(INSTANCE(" vip_lease 86401\n")), 1);
	assert_int_equal(load_errors(INSTANCE(" vip_lease 4 5\n")), 1);
	assert_int_equal(load_errors(GLOBAL(" vrrp_vip_lease never\n") INSTANCE("")), 1);
}

static void
test_takeover(void **state)
{
	struct vrrp_instance_conf vi;

	memset(&vi, 0, sizeof(vi));
	vi.adver_int_cs = 100;
	vi.down_timer_adverts = 3;
	assert_int_equal(vrrp_lease_takeover_us(&vi), 3996093);
	assert_int_equal(vrrp_lease_auto_s(&vi), 4);
	vi.adver_int_cs = 4095;
	assert_int_equal(vrrp_lease_auto_s(&vi), 164);
}

/* -d: the lease in force on the instance, the global line as written. */
static void
dump_line(const char *line, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 4096 - len, "%s\n", line);
}

static void
test_dump(void **state)
{
	static char buf[4096];
	struct kconf *conf = load_ok(GLOBAL(" vrrp_vip_lease auto\n") INSTANCE(""));

	buf[0] = '\0';
	vrrp_conf_dump(&conf->vrrp, dump_line, buf);
	assert_non_null(strstr(buf, "    vip_lease 4\n"));
	buf[0] = '\0';
	vrrp_global_conf_dump(&conf->vrrp.global, dump_line, buf);
	assert_non_null(strstr(buf, "    vrrp_vip_lease auto\n"));
	kconf_free(conf);
	conf = load_ok(INSTANCE(""));
	buf[0] = '\0';
	vrrp_conf_dump(&conf->vrrp, dump_line, buf);
	vrrp_global_conf_dump(&conf->vrrp.global, dump_line, buf);
	assert_null(strstr(buf, "lease"));
	kconf_free(conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lease_rows), cmocka_unit_test(test_warning_text),
		cmocka_unit_test(test_bad_values), cmocka_unit_test(test_takeover),
		cmocka_unit_test(test_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
