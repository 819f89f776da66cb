/*
 * The receive path of a live instance (keepalived/vrrp/run/vrrp_instance.c
 * and vrrp_instance_rx.c, included here so that their static helpers run as
 * the daemon runs them): what a packet from the socket may do to an
 * instance, with the daemon, netlink and sockets replaced by the small
 * fakes below. Configurations
 * are read by the real parser (unicast_fixture.h); time is the event
 * loop's clock, set by the test.
 *
 * Issue 10: a plain protocol-112 advert never reaches an auth_type AH
 * instance (item 1), an AH instance without its AH socket is held in
 * Fault (item 1), and only an advert that passed every other check may
 * switch a unicast instance to the old VRRPv3 checksum (item 5).
 */
#include "config.h"

#include "keepalived/vrrp/run/vrrp_instance.c"
#include "keepalived/vrrp/run/vrrp_instance_rx.c"
#include "keepalived/vrrp/kernel/vrrp_arp.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_helpers.h"
#include "unicast_fixture.h"

/* Fakes of the daemon, netlink and sockets --------------------------------------- */

static struct ev_loop *loop;
static uint64_t clock_us;
static struct vrrp_ifinfo eth0;
static unsigned sent_plain, sent_ah;

static uint64_t
fake_clock(void *arg)
{
	return clock_us;
}

/* The instance's environment: an ARP sender that records, no VMAC or route handles. */
static struct vrrp_arp *
fake_arp(void *owner, int ifindex)
{
	return (struct vrrp_arp *)&eth0;
}

static struct vrrp_vmac_ctx *
fake_vmac_ctx(void *owner)
{
	return NULL;
}

static struct vrrp_route_nl *
fake_route_nl(void *owner)
{
	return NULL;
}

static const struct vrrp_inst_env_ops fake_ops = {
	.arp = fake_arp,
	.vmac_ctx = fake_vmac_ctx,
	.route_nl = fake_route_nl,
};
static struct vrrp_inst_env env;

const struct vrrp_ifinfo *
vrrp_nl_if(const struct vrrp_nl *nl, const char *ifname)
{
	return strcmp(ifname, eth0.name) == 0 ? &eth0 : NULL;
}

size_t
vrrp_nl_addr_count(const struct vrrp_nl *nl, int ifindex)
{
	return 0;
}

const struct vrrp_nl_ifaddr *
vrrp_nl_addr_at(const struct vrrp_nl *nl, int ifindex, size_t i)
{
	return NULL;
}

/* Instances without interface look through all of them: eth0 only here. */
size_t
vrrp_nl_if_count(const struct vrrp_nl *nl)
{
	return 1;
}

const struct vrrp_ifinfo *
vrrp_nl_if_at(const struct vrrp_nl *nl, size_t i)
{
	return i == 0 ? &eth0 : NULL;
}

/* vip_lease renewals (vrrp_lease.c): none of these tests leases its VIPs. */
int
vrrp_nl_vips_renew(struct vrrp_nl *nl, struct vrrp_nl_renewal *r, size_t n)
{
	return 0;
}

/* VIPs added or removed, as "+IFINDEX ADDR" / "-IFINDEX ADDR" lines. */
static char vip_ops[512];

int
vrrp_nl_vips_apply(struct vrrp_nl *nl, bool add, int default_ifindex, const struct vrrp_vip *vips,
		   size_t n)
{
	char a[INET6_ADDRSTRLEN];
	size_t len;

	for (size_t i = 0; i < n; i++) {
		len = strlen(vip_ops);
		snprintf(vip_ops + len, sizeof(vip_ops) - len, "%c%d %s\n", add ? '+' : '-',
			 default_ifindex,
			 vrrp_addr_ntop(vips[i].family, &vips[i].addr, a, sizeof(a)));
	}
	return 0;
}

/* Gratuitous ARPs sent: when, which address, from which MAC. */
struct garp_rec {
	uint64_t at_us;
	struct in_addr vip;
	uint8_t mac[6];
};
static struct garp_rec garps[32];
static unsigned ngarps;

int
vrrp_arp_send_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip)
{
	if (ngarps < sizeof(garps) / sizeof(garps[0])) {
		garps[ngarps].at_us = clock_us;
		garps[ngarps].vip = vip;
		memcpy(garps[ngarps].mac, mac, 6);
	}
	ngarps++;
	return 0;
}

int
vrrp_arp_send_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		 const struct in6_addr *target, bool router)
{
	return 0;
}

/* The queue sends at once here: the time of each message is what is checked. */
int
vrrp_arp_queue_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip)
{
	return vrrp_arp_send_garp(a, mac, vip);
}

int
vrrp_arp_queue_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		  const struct in6_addr *target, bool router)
{
	return vrrp_arp_send_na(a, mac, src, target, router);
}

int
vrrp_arp_flush(struct vrrp_arp *a)
{
	return 0;
}

int
vrrp_arp_ipv6_forwarding(const char *ifname)
{
	return 0;
}

/* A VMAC, as vrrp_vmac.c would have made it: vrrp.51, ifindex 10, 00:00:5e:00:01:33. */
struct vrrp_vmac {
	int ifindex;
	uint8_t mac[6];
};
static struct vrrp_vmac vmac51 = { 10, { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 } };

struct vrrp_vmac *
vrrp_vmac_create(struct vrrp_vmac_ctx *ctx, const struct vrrp_vmac_params *p)
{
	return NULL;
}

void
vrrp_vmac_destroy(struct vrrp_vmac_ctx *ctx, struct vrrp_vmac *v)
{
}

int
vrrp_vmac_ifindex(const struct vrrp_vmac *v)
{
	return v->ifindex;
}

const char *
vrrp_vmac_ifname(const struct vrrp_vmac *v)
{
	return "vrrp.51";
}

const uint8_t *
vrrp_vmac_get_mac(const struct vrrp_vmac *v)
{
	return v->mac;
}

/* The VIPs are in the cache, unless vip_add_failed: never added (neither ours nor lost). */
static bool vip_add_failed;

bool
vrrp_nl_vip_present(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	return !vip_add_failed;
}

uint64_t
vrrp_nl_addr_removals(const struct vrrp_nl *nl)
{
	return 0;
}

bool
vrrp_nl_vip_ours(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	return !vip_add_failed;
}

bool
vrrp_nl_vip_lost(const struct vrrp_nl *nl, int default_ifindex, const struct vrrp_vip *vip)
{
	return !vip_add_failed;
}

/* One routing domain (no VRF): a source held by no interface is in none. */
int
vrrp_nl_l3_domain(const struct vrrp_nl *nl, int ifindex)
{
	return 0;
}

bool
vrrp_nl_addr_in_domain(const struct vrrp_nl *nl, int family, const union vrrp_addr *a, int domain)
{
	return false;
}

int
vrrp_sock_join(struct vrrp_sock *s, const union vrrp_addr *group)
{
	return 0;
}

int
vrrp_sock_send_ttl(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		   const union vrrp_addr *dst, int ttl)
{
	sent_plain++;
	return 0;
}

/* A batched advert counts as sent when queued. */
int
vrrp_sock_queue(struct vrrp_sock *s, const void *buf, size_t len, const union vrrp_addr *src,
		const union vrrp_addr *dst, int ttl, uint64_t *errors)
{
	sent_plain++;
	return 0;
}

unsigned
vrrp_sock_queued(const struct vrrp_sock *s)
{
	return 0;
}

int
vrrp_sock_flush(struct vrrp_sock *s)
{
	return 0;
}

int
vrrp_sock_send_dgram(struct vrrp_sock *s, const void *dgram, size_t len)
{
	sent_ah++;
	return 0;
}

/*
 * The receive side of the shared socket (vrrp_ifsock_rx()): the datagrams
 * queued in rxq (each handed to cb once, as meta rxq_meta), and the fd the
 * loop watches for it (fake_fd: a pipe the test registered, else -1).
 */
#define RXQ_MAX 4
static uint8_t rxq[RXQ_MAX][VRRP_PKT_MAX];
static size_t rxq_len[RXQ_MAX];
static unsigned rxq_n;
static struct vrrp_pkt_meta rxq_meta;
static int fake_fd = -1;

int
vrrp_sock_recv(struct vrrp_sock *s, vrrp_sock_cb cb, void *arg)
{
	unsigned n = rxq_n;

	rxq_n = 0;
	for (unsigned i = 0; i < n; i++)
		cb(rxq[i], rxq_len[i], &rxq_meta, arg);
	return (int)n;
}

int
vrrp_sock_fd(const struct vrrp_sock *s)
{
	return fake_fd;
}

/* Fixture --------------------------------------------------------------------------- */

#define SEC UINT64_C(1000000)
/* Stands in for an open socket: the fakes above never look inside. */
static struct vrrp_sock *const some_sock = (struct vrrp_sock *)&eth0;

static struct vrrp_ifsock ifs;
static struct vrrp_inst inst;

static int
rx_setup(void **state)
{
	setup(state);
	clock_us = 1000 * SEC;
	loop = ev_loop_new(fake_clock, NULL);
	assert_non_null(loop);
	memset(&env, 0, sizeof(env));
	env.loop = loop;
	env.ops = &fake_ops;
	memset(&eth0, 0, sizeof(eth0));
	snprintf(eth0.name, sizeof(eth0.name), "eth0");
	eth0.ifindex = 2;
	eth0.up = true;
	eth0.has_v4 = true;
	inet_pton(AF_INET, "198.18.0.1", &eth0.v4);
	memset(&ifs, 0, sizeof(ifs));
	ifs.family = AF_INET;
	ifs.ifindex = 2;
	snprintf(ifs.ifname, sizeof(ifs.ifname), "eth0");
	ifs.sock = some_sock;
	sent_plain = sent_ah = 0;
	vip_ops[0] = '\0';
	vip_add_failed = false;
	ngarps = 0;
	return 0;
}

static int
rx_teardown(void **state)
{
	/* vrrp_inst_free() wants it stopped: its heap blocks hold timers
	 * (garp_due, garp_extra_if). */
	vrrp_inst_abandon(&inst);
	vrrp_inst_free(&inst);
	ev_loop_free(loop);
	return teardown(state);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rx_setup, rx_teardown)

/* Start the instance of the loaded configuration, alone: Backup, then Master. */
static void
start_master(void)
{
	env.unicast = uglobal;
	vrrp_inst_init(&inst, &env, &ifs, conf.instances);
	vrrp_ifsock_attach(&ifs, &inst.demux, conf.instances);
	vrrp_inst_start(&inst);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	clock_us = inst.fsm.timer_deadline_us;
	vrrp_inst_event(&inst, VRRP_EV_MASTER_DOWN, NULL, 0);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	unit_log_clear();
}

/* An advert of conf as a peer would build it, with priority and auth_type. */
static size_t
peer_advert(uint8_t *buf, uint8_t version, uint8_t prio, enum vrrp_auth_type auth, const char *src,
	    const char *csum_dst)
{
	struct vrrp_instance_conf c = *conf.instances;
	union vrrp_addr s = addr(AF_INET, src), d = addr(AF_INET, csum_dst);
	struct vrrp_txpkt tx;

	c.version = version;
	c.auth_type = auth;
	assert_int_equal(vrrp_pkt_build(&tx, &c, prio, &s, &d), 0);
	memcpy(buf, tx.buf, tx.len);
	return tx.len;
}

static struct vrrp_pkt_meta
meta_of(const char *src, const char *dst, int ttl)
{
	struct vrrp_pkt_meta m;

	memset(&m, 0, sizeof(m));
	m.family = AF_INET;
	m.src = addr(AF_INET, src);
	m.dst = addr(AF_INET, dst);
	m.ttl = ttl;
	m.multicast = IN_MULTICAST(ntohl(m.dst.v4.s_addr));
	return m;
}

/* Item 1 ---------------------------------------------------------------------------- */

#define AH_INSTANCE \
	" version 2\n priority 100\n authentication {\n  auth_type AH\n  auth_pass secret\n }"

/*
 * The packet of the report: a plain VRRPv2 advert, priority 254, auth type
 * 2, no AH header. Before the fix the Master went Backup.
 */
static void
test_ah_master_ignores_plain_advert(void **state)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	size_t len;

	assert_int_equal(load_lines(AH_INSTANCE), 0);
	ifs.ah_sock = some_sock;
	start_master();
	len = peer_advert(pkt, 2, 254, VRRP_AUTH_AH, "198.18.0.3", "224.0.0.18");
	for (int i = 0; i < 3; i++)
		vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(inst.trouble->d.ah_drops[VRRP_AH_DROP_MISSING], 3);
	assert_int_equal(inst.stats.adverts_rx, 0);
	assert_int_equal(inst.fsm.stats.adverts_rx, 0);
	/* Rate-limited: the three drops fit in the first burst of lines. */
	assert_int_equal(unit_log.n, 3);
	assert_string_equal(unit_log.line[0], "(VI_1) dropped advert from 198.18.0.3: ah_missing "
					      "(auth_type AH, the packet has no AH header)");
	/* Even one with the wrong auth type is not looked at: still ah_missing. */
	len = peer_advert(pkt, 2, 254, VRRP_AUTH_NONE, "198.18.0.3", "224.0.0.18");
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.trouble->d.ah_drops[VRRP_AH_DROP_MISSING], 4);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
}

/* The same instance with PASS takes the advert (control: the packet is good otherwise). */
static void
test_pass_instance_takes_plain_advert(void **state)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	size_t len;

	assert_int_equal(load_lines(" version 2\n priority 100\n authentication {\n"
				    "  auth_type PASS\n  auth_pass secret\n }"),
			 0);
	start_master();
	len = peer_advert(pkt, 2, 254, VRRP_AUTH_PASS, "198.18.0.3", "224.0.0.18");
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
}

/* Without its AH socket an AH instance is held in Fault, and leaves it with the socket. */
static void
test_ah_without_socket_is_fault(void **state)
{
	assert_int_equal(load_lines(AH_INSTANCE), 0);
	env.unicast = uglobal;
	vrrp_inst_init(&inst, &env, &ifs, conf.instances);
	vrrp_ifsock_attach(&ifs, &inst.demux, conf.instances);
	assert_true(vrrp_inst_faulty_at_start(&inst));
	vrrp_inst_start(&inst);
	assert_int_equal(inst.fsm.state, VRRP_STATE_FAULT);
	assert_true(inst.ah_fault);
	assert_non_null(strstr(unit_log.line[0], "(VI_1) no AH socket on eth0: authentication "
						 "cannot be done - going to fault state"));
	ifs.ah_sock = some_sock;
	vrrp_inst_link_update(&inst);
	assert_false(inst.ah_fault);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	/* As Master it sends AH datagrams only. */
	clock_us = inst.fsm.timer_deadline_us;
	vrrp_inst_event(&inst, VRRP_EV_MASTER_DOWN, NULL, 0);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(sent_plain, 0);
	assert_int_equal(sent_ah, 1);
}

/* Item 5 ---------------------------------------------------------------------------- */

#define UC_INSTANCE                                       \
	" version 3\n priority 100\n check_unicast_src\n" \
	" unicast_peer {\n  198.18.0.2 min_ttl 250 max_ttl 255\n }"

/* Old-form unicast adverts (group in the pseudo-header) with priority 50, from src with ttl. */
static void
old_form(const char *src, int ttl, unsigned n)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of(src, "198.18.0.1", ttl);
	size_t len = peer_advert(pkt, 3, 50, VRRP_AUTH_NONE, src, "224.0.0.18");

	for (unsigned i = 0; i < n; i++)
		vrrp_ifsock_packet(pkt, len, &m, &ifs);
}

static void
test_old_csum_not_from_a_stranger(void **state)
{
	assert_int_equal(load_lines(UC_INSTANCE), 0);
	start_master();
	assert_false(inst.old_csum);
	old_form("198.18.0.3", 255, 2);
	assert_false(inst.old_csum);
	assert_int_equal(inst.trouble->d.uc_drops[VRRP_UC_DROP_NOT_PEER], 2);
	/* The peer, but a TTL outside its range. */
	old_form("198.18.0.2", 64, 2);
	assert_false(inst.old_csum);
	assert_int_equal(inst.trouble->d.drops[VRRP_DROP_TTL], 2);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	/* The peer, every check passed: now it switches. */
	old_form("198.18.0.2", 255, 1);
	assert_true(inst.old_csum);
	assert_int_equal(inst.stats.adverts_rx, 1);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
}

/* Issue 13 -------------------------------------------------------------------------- */

/* A VRRPv3 advert with another interval is counted once (it was twice: here and in the FSM). */
static void
test_v3_interval_mismatch_counted_once(void **state)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	struct vrrp_instance_conf c;
	size_t len;

	assert_int_equal(load_lines(" version 3\n priority 100\n advert_int 1"), 0);
	start_master();
	c = *conf.instances;
	c.adver_int_cs = 200;
	{
		union vrrp_addr s = addr(AF_INET, "198.18.0.3"), d = addr(AF_INET, "224.0.0.18");
		struct vrrp_txpkt tx;

		assert_int_equal(vrrp_pkt_build(&tx, &c, 50, &s, &d), 0);
		memcpy(pkt, tx.buf, tx.len);
		len = tx.len;
	}
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.stats.adverts_rx, 1);
	assert_int_equal(inst.fsm.stats.v3_interval_mismatch, 1);
}

/* Item 4: the advert address check ------------------------------------------------ */

/* A v3 advert from src, priority 254, carrying the addresses in texts. */
static size_t
advert_with(uint8_t *buf, const char *src, const char *const *texts, size_t n)
{
	struct vrrp_instance_conf c = *conf.instances;
	struct vrrp_vip vips[4];
	union vrrp_addr s = addr(AF_INET, src), d = addr(AF_INET, "224.0.0.18");
	struct vrrp_txpkt tx;

	assert_true(n <= 4);
	for (size_t i = 0; i < n; i++) {
		vips[i] = conf.instances->vips[0];
		vips[i].addr = addr(AF_INET, texts[i]);
	}
	c.vips = vips;
	c.nvips = n;
	assert_int_equal(vrrp_pkt_build(&tx, &c, 254, &s, &d), 0);
	memcpy(buf, tx.buf, tx.len);
	return tx.len;
}

/* keepalived drops an advert whose addresses are not the instance's, with its lines. */
static void
test_advert_address_list_checked(void **state)
{
	static const char *const other[] = { "198.18.0.101" };
	static const char *const two[] = { "198.18.0.100", "198.18.0.101" };
	static const char *const same[] = { "198.18.0.100" };
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	size_t len;

	assert_int_equal(load_lines(" version 3\n priority 100"), 0);
	start_master();
	len = advert_with(pkt, "198.18.0.3", other, 1);
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	len = advert_with(pkt, "198.18.0.3", two, 2);
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(inst.trouble->d.drops[VRRP_DROP_ADDR_LIST], 2);
	assert_int_equal(inst.stats.adverts_rx, 0);
	assert_string_equal(vrrp_drop_name(VRRP_DROP_ADDR_LIST), "addr_list");
	assert_int_equal(unit_log.n, 2);
	assert_string_equal(unit_log.line[0],
			    "(VI_1) ip address associated with VRID 51 not present "
			    "in MASTER advert: 198.18.0.100");
	assert_string_equal(unit_log.line[1],
			    "(VI_1) received an unexpected ip number count 2, expected 1!");
	/* Control: the same list is taken (a higher priority: Backup). */
	len = advert_with(pkt, "198.18.0.3", same, 1);
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(inst.trouble->d.drops[VRRP_DROP_ADDR_LIST], 2);
}

/* skip_check_adv_addr: the Master already heard is trusted, a new one is still checked. */
static void
test_skip_check_adv_addr(void **state)
{
	static const char *const other[] = { "198.18.0.101" };
	static const char *const same[] = { "198.18.0.100" };
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m3 = meta_of("198.18.0.3", "224.0.0.18", 255);
	struct vrrp_pkt_meta m4 = meta_of("198.18.0.4", "224.0.0.18", 255);
	size_t len;

	assert_int_equal(load_lines(" version 3\n priority 100\n skip_check_adv_addr"), 0);
	assert_true(conf.instances->skip_check_adv_addr);
	start_master();
	len = advert_with(pkt, "198.18.0.3", other, 1);
	vrrp_ifsock_packet(pkt, len, &m3, &ifs);
	assert_int_equal(inst.trouble->d.drops[VRRP_DROP_ADDR_LIST], 1);
	len = advert_with(pkt, "198.18.0.3", same, 1);
	vrrp_ifsock_packet(pkt, len, &m3, &ifs);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	len = advert_with(pkt, "198.18.0.3", other, 1);
	vrrp_ifsock_packet(pkt, len, &m3, &ifs);
	assert_int_equal(inst.stats.adverts_rx, 2);
	len = advert_with(pkt, "198.18.0.4", other, 1);
	vrrp_ifsock_packet(pkt, len, &m4, &ifs);
	assert_int_equal(inst.trouble->d.drops[VRRP_DROP_ADDR_LIST], 2);
	assert_int_equal(inst.stats.adverts_rx, 2);
}

/* Run the loop at the fake time now_us. */
static void
run_until(uint64_t now_us)
{
	clock_us = now_us;
	ev_loop_run_once(loop, 0);
}

static void
fd_ignore(struct ev_loop *l, int fd, unsigned events, void *arg)
{
}

/*
 * Receive coalescing (vrrp_ifsock.h): a burst of datagrams holds the
 * socket's watch; a Backup whose Master_Down_Timer falls due while its
 * master's advert waits in the held socket reads that advert first and
 * stays Backup (adverts before timers); with nothing held, it takes over.
 */
static void
test_held_socket_read_before_master_down(void **state)
{
	int p[2];
	uint64_t deadline;

	assert_int_equal(load_lines(" version 3\n priority 100"), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(ev_fd_add(loop, p[0], EV_READ, fd_ignore, NULL), 0);
	fake_fd = p[0];
	env.unicast = uglobal;
	vrrp_inst_init(&inst, &env, &ifs, conf.instances);
	vrrp_ifsock_attach(&ifs, &inst.demux, conf.instances);
	vrrp_inst_start(&inst);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	deadline = inst.fsm.timer_deadline_us;

	/* Half a hold before the deadline, a burst (two runts, dropped) arrives. */
	clock_us = deadline - VRRP_IFSOCK_RX_HOLD_US / 2;
	rxq_meta = meta_of("198.18.0.3", "224.0.0.18", 255);
	rxq_len[0] = rxq_len[1] = 4;
	memset(rxq[0], 0, 4);
	memset(rxq[1], 0, 4);
	rxq_n = 2;
	vrrp_ifsock_rx(&ifs, loop, vrrp_ifsock_packet);
	assert_true(ifs.rx_held);
	assert_int_equal(ifs.rx_holds, 1);
	/* Then the master's advert, into the held socket. */
	rxq_len[0] = peer_advert(rxq[0], 3, 200, VRRP_AUTH_NONE, "198.18.0.3", "224.0.0.18");
	rxq_n = 1;
	run_until(deadline);
	assert_int_equal(inst.fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(inst.stats.adverts_rx, 1);
	assert_true(inst.fsm.timer_deadline_us > deadline);
	assert_false(ifs.rx_held); /* a lone datagram: watched again */

	/* Nothing arrives: the timer acts. */
	run_until(inst.fsm.timer_deadline_us);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	vrrp_ifsock_tx_stop(loop, &ifs);
	ev_fd_del(loop, p[0]);
	fake_fd = -1;
	close(p[0]);
	close(p[1]);
}

/*
 * A reload that adds a VIP to a use_vmac Master (vrrp_inst_move(), then
 * vrrp_inst_reconfigured(), as vrrp_daemon_apply.c carries out an update): the
 * VIP goes on the VMAC, and only it is announced, garp_master_repeat
 * times, from the virtual MAC, one vrrp_garp_interval apart. Before
 * issue 13 the reload's own copy put it on eth0 and sent every GARP at
 * once from eth0's MAC.
 */
static void
test_reload_adds_vip_on_vmac(void **state)
{
	static struct vrrp_vip vips2[2];
	static struct vrrp_instance_conf c2;
	static struct vrrp_inst moved;
	struct vrrp_instance_conf *c1;
	uint64_t t;

	assert_int_equal(load_lines(" version 2\n priority 100\n use_vmac\n"
				    " garp_master_repeat 3\n garp_master_delay 60"),
			 0);
	c1 = conf.instances;
	/* vrrp_garp_interval: the pacing of eth0, shared by whatever sends there. */
	conf.global.garp_interval_us = 200000;
	env.garp = vrrp_garp_pacers_new(&conf);
	env.unicast = uglobal;
	vrrp_inst_init(&inst, &env, &ifs, c1);
	vrrp_inst_attach_vmac(&inst, &vmac51);
	vrrp_ifsock_attach(&ifs, &inst.demux, c1);
	vrrp_inst_start(&inst);
	clock_us = inst.fsm.timer_deadline_us;
	vrrp_inst_event(&inst, VRRP_EV_MASTER_DOWN, NULL, 0);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
	assert_string_equal(vip_ops, "-10 198.18.0.100\n+10 198.18.0.100\n");
	/* Past the three GARPs of becoming Master. */
	run_until(clock_us + 200000);
	run_until(clock_us + 200000);
	assert_int_equal(ngarps, 3);
	/* One interval on, so that eth0's pacing lets the next one go at once. */
	run_until(clock_us + 200000);
	assert_int_equal(ngarps, 3);

	/* The reload: the same instance with 198.18.0.102 added. */
	c2 = *c1;
	vips2[0] = c1->vips[0];
	vips2[1] = c1->vips[0];
	vips2[1].addr = addr(AF_INET, "198.18.0.102");
	c2.vips = vips2;
	c2.nvips = 2;
	vip_ops[0] = '\0';
	ngarps = 0;
	unit_log_clear();
	log_set_detail(true); /* "Sending/queueing ..." is a -D line, as keepalived's */
	vrrp_inst_vips_retire(&inst, &c2);
	assert_string_equal(vip_ops, "");
	vrrp_inst_move(&moved, &inst, &c2);
	vrrp_inst_reconfigured(&moved, c1);
	assert_string_equal(vip_ops, "+10 198.18.0.102\n");
	assert_true(
		unit_logged("(VI_1) Sending/queueing gratuitous ARPs on vrrp.51 for 198.18.0.102"));
	assert_false(
		unit_logged("(VI_1) Sending/queueing gratuitous ARPs on vrrp.51 for 198.18.0.100"));
	t = clock_us;
	assert_int_equal(ngarps, 1);
	run_until(t + 199999);
	assert_int_equal(ngarps, 1);
	run_until(t + 200000);
	run_until(t + 400000);
	run_until(t + 600000);
	assert_int_equal(ngarps, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(garps[i].vip.s_addr, vips2[1].addr.v4.s_addr);
		assert_memory_equal(garps[i].mac, vmac51.mac, 6);
		assert_int_equal(garps[i].at_us, t + 200000 * i);
	}
	/* The moved instance is the live one: its timers run, the old slot owns nothing. */
	assert_null(inst.vmac);
	assert_int_equal(moved.fsm.state, VRRP_STATE_MASTER);
	vrrp_inst_stop(&moved);
	moved.vmac = NULL; /* vmac51 is static */
	vrrp_inst_free(&moved);
	vrrp_garp_pacers_free(env.garp);
	env.garp = NULL;
}

/*
 * garp_lower_prio_repeat 2, garp_lower_prio_delay 3 (issue 11): a Master
 * answering a lower-priority advert sends 2 GARPs at once and 2 more 3 s
 * later. Under a stream of such adverts (one every 0.1 s for 2.5 s) the
 * state machine answers one per advert interval (2 GARPs each), and the
 * delayed burst follows the last answer once instead of once per answer.
 */
static void
test_lower_prio_garps(void **state)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	uint64_t t0, t1;
	size_t len;

	eth0.has_mac = true; /* GARPs from eth0's own MAC */
	assert_int_equal(load_lines(" version 2\n priority 150\n garp_master_repeat 1\n"
				    " garp_master_delay 0\n garp_lower_prio_repeat 2\n"
				    " garp_lower_prio_delay 3"),
			 0);
	start_master();
	ngarps = 0;
	len = peer_advert(pkt, 2, 100, VRRP_AUTH_NONE, "198.18.0.3", "224.0.0.18");
	t0 = clock_us;
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	assert_int_equal(ngarps, 2);
	run_until(t0 + 3 * SEC - 1);
	assert_int_equal(ngarps, 2);
	run_until(t0 + 3 * SEC);
	assert_int_equal(ngarps, 4);

	ngarps = 0;
	t1 = t0 + 4 * SEC;
	for (uint64_t k = 0; k < 25; k++) {
		run_until(t1 + k * 100000);
		vrrp_ifsock_packet(pkt, len, &m, &ifs);
	}
	/* Answers at t1, t1 + 1 s, t1 + 2 s. */
	assert_int_equal(ngarps, 6);
	assert_int_equal(inst.fsm.stats.lower_prio_suppressed, 22);
	run_until(t1 + 5 * SEC - 1);
	assert_int_equal(ngarps, 6);
	run_until(t1 + 5 * SEC);
	assert_int_equal(ngarps, 8);
	run_until(t1 + 20 * SEC);
	assert_int_equal(ngarps, 8);
}

/* garp_lower_prio_repeat 0: an answered lower-priority advert sends no GARP. */
static void
test_lower_prio_garps_off(void **state)
{
	uint8_t pkt[VRRP_PKT_MAX];
	struct vrrp_pkt_meta m = meta_of("198.18.0.3", "224.0.0.18", 255);
	size_t len;

	eth0.has_mac = true;
	assert_int_equal(load_lines(" version 2\n priority 150\n garp_master_repeat 1\n"
				    " garp_master_delay 0\n garp_lower_prio_repeat 0"),
			 0);
	start_master();
	ngarps = 0;
	len = peer_advert(pkt, 2, 100, VRRP_AUTH_NONE, "198.18.0.3", "224.0.0.18");
	vrrp_ifsock_packet(pkt, len, &m, &ifs);
	run_until(clock_us + 10 * SEC);
	assert_int_equal(ngarps, 0);
	assert_int_equal(inst.fsm.state, VRRP_STATE_MASTER);
}

/*
 * keepalived also announces the other members of the sync group that hold
 * their addresses when one member answers a lower-priority advert.
 */
static void
test_lower_prio_garps_sync_group(void **state)
{
	static struct vrrp_inst other;
	void *members[2] = { &inst, &other };
	struct vrrp_sync g;

	eth0.has_mac = true;
	assert_int_equal(load_lines(" version 2\n priority 150\n garp_master_repeat 1\n"
				    " garp_master_delay 0\n garp_lower_prio_repeat 2\n"
				    " garp_lower_prio_delay 0"),
			 0);
	start_master();
	memset(&other, 0, sizeof(other));
	vrrp_inst_init(&other, &env, &ifs, conf.instances);
	memset(&g, 0, sizeof(g));
	g.members = members;
	g.n = 2;
	inst.track.sync = &g;
	ngarps = 0;
	other.vips_installed = true;
	vrrp_inst_garp_lower(&inst);
	assert_int_equal(ngarps, 4);
	/* A member without its addresses (Backup) stays quiet. */
	other.vips_installed = false;
	vrrp_inst_garp_lower(&inst);
	assert_int_equal(ngarps, 6);
	inst.track.sync = NULL;
	vrrp_inst_garp_stop(&other);
	vrrp_inst_free(&other);
}

/*
 * Issue 14: one VIP check timer for all the instances, not one each.
 * Three Masters holding their VIPs wake the loop once a second between
 * their adverts, not three times. A VIP whose add failed is tried again
 * within a second of a link change (the daemon then marks every check
 * unclean); after a reload moved the instances to a new array, the sweep
 * checks them there; once no instance holds VIPs, the timer stops.
 */
static struct vrrp_inst sweep_insts[3], sweep_moved[3];
static struct vrrp_inst *sweep_live = sweep_insts;

static void
sweep_cb(struct ev_loop *l, struct ev_timer *t, void *arg)
{
	vrrp_inst_vips_sweep(l, t, sweep_live, 3); /* as the daemon's, with its live array */
}

/* The number of callbacks run once the loop reaches the fake time now_us. */
static int
callbacks_at(uint64_t now_us)
{
	int n = 0, r;

	clock_us = now_us;
	while ((r = ev_loop_run_once(loop, 0)) > 0)
		n += r;
	return n;
}

static void
test_vip_sweep_one_timer(void **state)
{
	struct ev_timer sweep;
	uint64_t t0;
	size_t i;

	assert_int_equal(load_lines(" version 2\n priority 100\n advert_int 100\n"
				    " garp_master_repeat 1\n garp_master_delay 0"),
			 0);
	env.unicast = uglobal;
	ev_timer_init(&sweep, sweep_cb, NULL);
	env.vip_sweep = &sweep;
	vrrp_inst_init(&inst, &env, &ifs, conf.instances); /* the fixture's, for its teardown */
	for (i = 0; i < 3; i++) {
		vrrp_inst_init(&sweep_insts[i], &env, &ifs, conf.instances);
		vrrp_inst_start(&sweep_insts[i]);
	}
	clock_us = sweep_insts[2].fsm.timer_deadline_us;
	for (i = 0; i < 3; i++) {
		vrrp_inst_event(&sweep_insts[i], VRRP_EV_MASTER_DOWN, NULL, 0);
		assert_int_equal(sweep_insts[i].fsm.state, VRRP_STATE_MASTER);
	}
	assert_true(ev_timer_active(&sweep));
	t0 = clock_us;
	/* One wake-up a second for the three (before: three). */
	assert_int_equal(callbacks_at(t0 + 1 * SEC - 1), 0);
	assert_int_equal(callbacks_at(t0 + 1 * SEC), 1);
	assert_int_equal(callbacks_at(t0 + 2 * SEC), 1);

	/* VI_1's VIP could not be added; a link changes: put back at the next tick. */
	vip_add_failed = true;
	sweep_insts[1].vip_check_clean = false;
	vip_ops[0] = '\0';
	assert_int_equal(callbacks_at(t0 + 3 * SEC), 1);
	assert_string_equal(vip_ops, "+2 198.18.0.100\n");
	assert_int_equal(vrrp_inst_errs(&sweep_insts[1])->vips_restored, 1);
	assert_true(unit_logged("(VI_1) VIP removed by someone else, restoring it"));

	/* A reload moves them: the sweep finds them in the new array. */
	for (i = 0; i < 3; i++)
		vrrp_inst_move(&sweep_moved[i], &sweep_insts[i], conf.instances);
	sweep_live = sweep_moved;
	vip_ops[0] = '\0';
	assert_int_equal(callbacks_at(t0 + 4 * SEC), 1);
	assert_string_equal(vip_ops, "+2 198.18.0.100\n+2 198.18.0.100\n+2 198.18.0.100\n");
	assert_int_equal(vrrp_inst_errs(&sweep_moved[1])->vips_restored, 2);
	vip_add_failed = false;

	/* No VIPs held any more: one last tick, then the timer stays idle. */
	for (i = 0; i < 3; i++)
		vrrp_inst_stop(&sweep_moved[i]);
	assert_int_equal(callbacks_at(t0 + 5 * SEC), 1);
	assert_false(ev_timer_active(&sweep));
	assert_int_equal(callbacks_at(t0 + 10 * SEC), 0);
	for (i = 0; i < 3; i++) {
		vrrp_inst_free(&sweep_insts[i]);
		vrrp_inst_free(&sweep_moved[i]);
	}
	sweep_live = sweep_insts;
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		T(test_ah_master_ignores_plain_advert),
		T(test_pass_instance_takes_plain_advert),
		T(test_ah_without_socket_is_fault),
		T(test_old_csum_not_from_a_stranger),
		T(test_v3_interval_mismatch_counted_once),
		T(test_reload_adds_vip_on_vmac),
		T(test_advert_address_list_checked),
		T(test_skip_check_adv_addr),
		T(test_lower_prio_garps),
		T(test_lower_prio_garps_off),
		T(test_lower_prio_garps_sync_group),
		T(test_held_socket_read_before_master_down),
		T(test_vip_sweep_one_timer),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
