/*
 * Tests for the daemon's no_accept table across start-up, reloads and exit
 * (keepalived/vrrp/run/vrrp_firewall.c, included here), with the kernel
 * layer (vrrp_nft.h) replaced by fakes that record each call: when the
 * table is opened, re-created beside the old one, let go or removed, and
 * what its sets are made to hold.
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_firewall.c"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit_helpers.h"

/* Fakes of the kernel layer ---------------------------------------------------------- */

struct vrrp_nft {
	struct vrrp_nft_opts opts;
};

static char calls[16][128];
static unsigned ncalls;
static bool open_fails;

static void
record(const char *what, const struct vrrp_nft_opts *o, const struct vrrp_nft_addr *a, size_t n)
{
	char buf[128];
	size_t used;

	assert_true(ncalls < UNIT_NELEMS(calls));
	used = (size_t)snprintf(buf, sizeof(buf), "%s %s/%d%s", what,
				o->table[0] != '\0' ? o->table : "-", (int)o->priority,
				o->counters ? "/c" : "");
	for (size_t i = 0; i < n && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, " %s",
					 inet_ntoa(a[i].u.v4));
	snprintf(calls[ncalls++], sizeof(calls[0]), "%s", buf);
}

int
vrrp_nft_open_with(const struct vrrp_nft_opts *opts, const struct vrrp_nft_addr *addrs, size_t n,
		   struct vrrp_nft **out)
{
	record("open", opts, addrs, n);
	*out = NULL;
	if (open_fails)
		return -1;
	*out = calloc(1, sizeof(**out));
	assert_non_null(*out);
	(*out)->opts = *opts;
	return 0;
}

const struct vrrp_nft_opts *
vrrp_nft_opts(const struct vrrp_nft *nft)
{
	return &nft->opts;
}

int
vrrp_nft_vips(struct vrrp_nft *nft, enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs,
	      size_t n)
{
	fail_msg("the instances' own calls are not this module's");
	return -1;
}

int
vrrp_nft_replace(struct vrrp_nft *nft, const struct vrrp_nft_addr *addrs, size_t n)
{
	record("replace", &nft->opts, addrs, n);
	return 0;
}

void
vrrp_nft_close(struct vrrp_nft *nft)
{
	if (nft == NULL)
		return;
	record("close", &nft->opts, NULL, 0);
	free(nft);
}

void
vrrp_nft_detach(struct vrrp_nft *nft)
{
	record("detach", &nft->opts, NULL, 0);
	free(nft);
}

/* The VMACs: recorded when there are any, "vmacs FAMILY:VMAC>PARENT...". */
int
vrrp_nft_vmacs(struct vrrp_nft *nft, const struct vrrp_nft_vmac *v, size_t n)
{
	char buf[128] = "vmacs";
	size_t used = strlen(buf);

	for (size_t i = 0; i < n && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, " %d:%u>%u",
					 v[i].family == AF_INET6 ? 6 : 4, v[i].ifindex,
					 v[i].parent);
	if (n > 0)
		snprintf(calls[ncalls++], sizeof(calls[0]), "%s", buf);
	return 0;
}

/* A VMAC here is its ifindex, and the parent's index the length of its name. */
int
vrrp_vmac_ifindex(const struct vrrp_vmac *v)
{
	return *(const int *)(const void *)v;
}

int
vrrp_inst_ifindex_of(void *nl, const char *ifname)
{
	return (int)strlen(ifname);
}

/* The instances' part (vrrp_instance_vips.c): their VIPs, IPv4 only here. */
size_t
vrrp_inst_nft_addrs(const struct vrrp_inst *inst, const bool *pick, struct vrrp_nft_addr *out)
{
	const struct vrrp_instance_conf *c = inst->conf;
	size_t n = 0;

	assert_null(pick);
	for (size_t i = 0; i < vrrp_inst_naddrs(c); i++) {
		memset(&out[n], 0, sizeof(out[n]));
		out[n].family = AF_INET;
		out[n].u.v4 = vrrp_inst_addr(c, i)->addr.v4;
		n++;
	}
	return n;
}

/* Fixtures ----------------------------------------------------------------------------- */

static struct vrrp_vip vips[3];
static struct vrrp_instance_conf iconf[3];
static struct vrrp_inst insts[3];
static struct vrrp_conf conf;
static struct vrrp_inst_env env;

static void
expect_calls(unsigned n, ...)
{
	va_list ap;

	assert_int_equal(ncalls, n);
	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		assert_string_equal(calls[i], va_arg(ap, const char *));
	va_end(ap);
	ncalls = 0;
}

/*
 * Three instances of one VIP each (198.18.7.1..3): 0 drops and is Master,
 * 1 drops and is Backup, 2 accepts and is Master.
 */
static int
setup(void **state)
{
	memset(vips, 0, sizeof(vips));
	memset(iconf, 0, sizeof(iconf));
	memset(insts, 0, sizeof(insts));
	memset(&conf, 0, sizeof(conf));
	memset(&env, 0, sizeof(env));
	ncalls = 0;
	open_fails = false;
	for (int i = 0; i < 3; i++) {
		vips[i].family = AF_INET;
		vips[i].addr.v4.s_addr = htonl(0xc6120701u + (uint32_t)i);
		iconf[i].vips = &vips[i];
		iconf[i].nvips = 1;
		iconf[i].nft.drops = i != 2;
		insts[i].conf = &iconf[i];
		insts[i].env = &env;
		insts[i].vips_installed = i != 1;
	}
	conf.nft.needed = true;
	unit_log_start();
	return 0;
}

static int
teardown(void **state)
{
	vrrp_firewall_close(&env);
	unit_log_stop();
	return 0;
}

/* Tests ---------------------------------------------------------------------------------- */

/*
 * use_vmac: each instance's VMAC with its parent into the map, after a
 * reload too; an ipvlan, an instance without its VMAC and one without
 * use_vmac are left out.
 */
static void
test_vmacs(void **state)
{
	struct vrrp_vmac_conf vc = { .enabled = true };
	struct vrrp_ipvlan_conf ipv = { .enabled = true };
	int idx[3] = { 11, 12, 13 };
	struct vrrp_nft *old;

	vrrp_firewall_prepare(&env, NULL, 0, &conf, &old);
	expect_calls(1, "open -/-1");
	for (int i = 0; i < 3; i++) {
		iconf[i].vmac = &vc;
		insts[i].vmac = (struct vrrp_vmac *)(void *)&idx[i];
	}
	snprintf(iconf[0].ifname, sizeof(iconf[0].ifname), "eth0");
	iconf[0].family = AF_INET;
	snprintf(iconf[1].ifname, sizeof(iconf[1].ifname), "bond10");
	iconf[1].family = AF_INET6;
	iconf[2].ipvlan = &ipv;
	vrrp_firewall_vmacs(&env, insts, 3);
	expect_calls(1, "vmacs 4:11>4 6:12>6");

	insts[1].vmac = NULL;
	vrrp_firewall_sync(&env, insts, 3, &conf, NULL);
	expect_calls(2, "replace -/-1 198.18.7.1", "vmacs 4:11>4");

	/* No table: nothing asked. */
	vrrp_firewall_close(&env);
	expect_calls(1, "close -/-1");
	vrrp_firewall_vmacs(&env, insts, 3);
	expect_calls(0);
}

/* Start-up: the table before any instance runs, empty; none when nothing drops. */
static void
test_startup(void **state)
{
	struct vrrp_nft *old;

	conf.nft.needed = false;
	vrrp_firewall_prepare(&env, NULL, 0, &conf, &old);
	assert_null(env.nft);
	assert_null(old);
	expect_calls(0);

	conf.nft.needed = true;
	vrrp_firewall_prepare(&env, NULL, 0, &conf, &old);
	assert_non_null(env.nft);
	assert_null(old);
	expect_calls(1, "open -/-1");
	/* keepalived's line when no table is named. */
	unit_log_expect(1, "use_vmac or no_accept/strict specified, but no firewall configured - "
			   "using nftables");
	vrrp_firewall_close(&env);
	expect_calls(1, "close -/-1");

	/* Named ("nftables" alone, too): no such line. */
	conf.nft.table_given = true;
	conf.nft.priority_given = true;
	conf.nft.priority = -150;
	conf.nft.counters = true;
	vrrp_firewall_prepare(&env, NULL, 0, &conf, &old);
	assert_non_null(env.nft);
	assert_null(old);
	expect_calls(1, "open -/-150/c");
	unit_log_expect(0);

	vrrp_firewall_close(&env);
	assert_null(env.nft);
	expect_calls(1, "close -/-150/c");
}

/* A reload with the same options keeps the table and sets what the Masters hold. */
static void
test_reload_same(void **state)
{
	struct vrrp_nft *old, *nft;

	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	nft = env.nft;
	expect_calls(1, "open -/-1 198.18.7.1");
	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	assert_ptr_equal(env.nft, nft);
	assert_null(old);
	vrrp_firewall_sync(&env, insts, 3, &conf, old);
	expect_calls(1, "replace -/-1 198.18.7.1");
}

/* New options, same name: the new table replaced the old one, which is let go. */
static void
test_reload_priority(void **state)
{
	struct vrrp_nft *old;

	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	conf.nft.priority_given = true;
	conf.nft.priority = -5;
	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	assert_non_null(old);
	vrrp_firewall_sync(&env, insts, 3, &conf, old);
	expect_calls(4, "open -/-1 198.18.7.1", "open -/-5 198.18.7.1", "detach -/-1",
		     "replace -/-5 198.18.7.1");
}

/* A new name: the new table holds the addresses before the old one goes. */
static void
test_reload_name(void **state)
{
	struct vrrp_nft *old;

	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	snprintf(conf.nft.table, sizeof(conf.nft.table), "other");
	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	vrrp_firewall_sync(&env, insts, 3, &conf, old);
	expect_calls(4, "open -/-1 198.18.7.1", "open other/-1 198.18.7.1", "close -/-1",
		     "replace other/-1 198.18.7.1");
}

/* No instance drops any more: the table goes. */
static void
test_reload_not_needed(void **state)
{
	struct vrrp_nft *old;

	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	conf.nft.needed = false;
	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	assert_null(old);
	vrrp_firewall_sync(&env, insts, 3, &conf, old);
	assert_null(env.nft);
	expect_calls(2, "open -/-1 198.18.7.1", "close -/-1");
}

/* The kernel refuses: logged, the daemon runs on without the table. */
static void
test_open_fails(void **state)
{
	struct vrrp_nft *old;

	open_fails = true;
	conf.instances = &iconf[0];
	iconf[0].next = &iconf[1];
	iconf[1].next = &iconf[2];
	vrrp_firewall_prepare(&env, insts, 3, &conf, &old);
	assert_null(env.nft);
	assert_null(old);
	assert_true(unit_logged("no_accept is not enforced: its addresses answer while Master"));
	vrrp_firewall_sync(&env, insts, 3, &conf, old);
	expect_calls(1, "open -/-1 198.18.7.1");

	/* Wanted for use_vmac only: what is lost is the VMAC rules. */
	iconf[0].nft.drops = iconf[1].nft.drops = false;
	vrrp_firewall_prepare(&env, NULL, 0, &conf, &old);
	assert_true(unit_logged("VMACs' multicast reports leave with the virtual MAC"));
	expect_calls(1, "open -/-1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_startup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_not_needed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmacs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
