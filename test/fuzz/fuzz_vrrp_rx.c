/*
 * libFuzzer target for the whole VRRP receive path, as the socket layer
 * sees it: datagrams go through recvmmsg() of the daemon's own raw sockets
 * (vrrp_net_rx.c: IP header and ancillary data checks), the socket callbacks
 * (vrrp_instance_rx.c: decode, VRID dispatch, old unicast checksum, AH
 * verification), the per-instance checks (unicast source and TTL,
 * vrrp_pkt_check()) and the state machine, with its actions carried out:
 * adverts sent, VIPs added, GARP/NA bursts, timers.
 *
 * The daemon is the real one (vrrp_daemon_start() over a configuration read
 * by kconf_load_string()), on the real event loop with a fake clock. Only
 * the kernel is replaced, by link seams: fuzz_sys.c for the sockets,
 * fuzz_netlink.c for the interface cache and the VIPs. Each input starts a
 * fresh daemon and stops it at the end, so that every finding replays.
 *
 * Input: a sequence of records, each an op byte and its body.
 *   op & 3 == 0   IPv4 VRRP socket:  len(2, big endian) datagram (IP header first)
 *   op & 3 == 1   IPv6 VRRP socket:  hops(1) src(16) dst(16) len(2) payload
 *   op & 3 == 2   IPv4 AH socket:    len(2) datagram
 *   op & 3 == 3   time passes:       n(1): (n + 1) * 10 ms, due timers run;
 *                 op 0x83: a reload (SIGHUP) to the other configuration
 *                 op 0x87 / 0xc7: veth-b / veth-c loses its carrier, or gets it back
 *                 op 0x8b / 0xcb: someone deletes a VIP of ours on veth-b / veth-c
 *   op & 4        veth-c instead of veth-b
 *   op & 8        MSG_TRUNC
 *   op & 0x10     IPv6: no IPV6_PKTINFO       op & 0x20  IPv6: no IPV6_HOPLIMIT
 *   op & 0x40     IPv6: MSG_CTRUNC            op & 0x80  IPv6: no source address
 * A body cut short by the end of the input is delivered as far as it goes.
 *
 * Besides the sanitizers, it checks what the issue tracker asks of bad
 * input ("never a crash and never a state change"), per datagram:
 *  - an instance's state changes only if that instance accepted it;
 *  - one datagram is accepted by at most one instance;
 *  - an auth_type AH instance accepts only what came on the AH socket;
 *  - the old VRRPv3 unicast checksum is switched on only by an accepted
 *    advert;
 *  - a Master answers (sends anything in reply to) at most two adverts per
 *    advert interval: one lower-priority, one priority 0;
 * and after each reload: an interface has an AH socket exactly when an
 * instance on it uses auth_type AH, as after a start.
 * A violation aborts with a line saying which, so libFuzzer saves the input.
 *
 * Seeds: test/fuzz/fuzz_seeds turns the captures of test/data into inputs.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "keepalived/core/conf.h"
#include "keepalived/vrrp/run/vrrp_daemon.h"
#include "keepalived/vrrp/run/vrrp_instance.h"
#include "lib/event.h"
#include "lib/log.h"
#include "test/fuzz/fuzz_sys.h"

#define FUZZ_MAX_RECORDS 64
#define FUZZ_MAX_INSTS 32
#define FUZZ_CLOCK_START_US 1000000000000ULL

/*
 * The receivers of the captures in test/data (README there), at priority
 * 100 so that the captured masters win, except VI_PRIO0 (200: its capture's
 * master is lower and must be answered), plus instances on a second
 * interface and the unicast and checksum variants.
 */
static const char fuzz_conf_text[] =
	"global_defs {\n router_id fuzz\n vrrp_garp_master_repeat 2\n}\n"
	"vrrp_instance VI_PASS {\n interface veth-b\n virtual_router_id 51\n priority 100\n"
	" advert_int 1\n authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.18.0.51/24\n  198.18.0.52/24\n }\n}\n"
	"vrrp_instance VI_PRIO0 {\n interface veth-b\n virtual_router_id 55\n priority 200\n"
	" advert_int 1\n virtual_ipaddress {\n  198.18.0.56/24\n }\n}\n"
	"vrrp_instance VI_V3 {\n interface veth-b\n virtual_router_id 52\n version 3\n"
	" priority 100\n advert_int 0.5\n"
	" virtual_ipaddress {\n  198.18.0.53/24\n  198.18.0.54/24\n  198.18.0.55/24\n }\n}\n"
	"vrrp_instance VI_V6 {\n interface veth-b\n virtual_router_id 53\n version 3\n"
	" priority 100\n virtual_ipaddress {\n  fe80::53/64\n  fd00:18::53/64\n }\n}\n"
	"vrrp_instance VI_V6G {\n interface veth-b\n virtual_router_id 54\n version 3\n"
	" priority 100\n virtual_ipaddress {\n  fd00:18::54/64\n  fe80::54/64\n }\n}\n"
	"vrrp_instance VI_AH {\n interface veth-b\n virtual_router_id 56\n priority 100\n"
	" authentication {\n  auth_type AH\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.18.0.57/24\n  198.18.0.58/24\n }\n}\n"
	"vrrp_instance VI_AH_UC {\n interface veth-b\n virtual_router_id 57\n priority 100\n"
	" authentication {\n  auth_type AH\n  auth_pass abcdefgh\n }\n"
	" unicast_src_ip 198.18.0.2\n unicast_peer {\n  198.18.0.1\n }\n"
	" virtual_ipaddress {\n  198.18.0.59/24\n }\n}\n"
	"vrrp_instance VI_UC2 {\n interface veth-b\n virtual_router_id 61\n priority 100\n"
	" authentication {\n  auth_type PASS\n  auth_pass uc2pass\n }\n"
	" unicast_src_ip 198.18.0.2\n check_unicast_src\n unicast_peer {\n  198.18.0.1\n }\n"
	" virtual_ipaddress {\n  198.18.0.61/24\n }\n}\n"
	"vrrp_instance VI_UC3 {\n interface veth-b\n virtual_router_id 62\n version 3\n"
	" priority 100\n unicast_src_ip 198.18.0.2\n"
	" unicast_peer {\n  198.18.0.1 min_ttl 64 max_ttl 64\n }\n"
	" virtual_ipaddress {\n  198.18.0.62/24\n  198.18.0.63/24\n }\n}\n"
	"vrrp_instance VI_UC_OLD {\n interface veth-b\n virtual_router_id 64\n version 3\n"
	" priority 100\n old_unicast_checksum\n unicast_peer {\n  198.18.0.1\n }\n"
	" virtual_ipaddress {\n  198.18.0.64/24\n }\n}\n"
	"vrrp_instance VI_UC6 {\n interface veth-b\n virtual_router_id 63\n version 3\n"
	" priority 100\n check_unicast_src\n unicast_peer {\n  fe80::5eff:fe12:a\n }\n"
	" virtual_ipaddress {\n  fe80::63/64\n  fd00:18::63/64\n }\n}\n"
	"vrrp_instance VI_FRR4 {\n interface veth-b\n virtual_router_id 5\n version 3\n"
	" priority 100\n lower_prio_no_advert\n"
	" virtual_ipaddress {\n  198.18.0.5/24\n  198.18.0.6/24\n }\n}\n"
	"vrrp_instance VI_FRR6 {\n interface veth-b\n virtual_router_id 5\n version 3\n"
	" priority 100\n higher_prio_send_advert\n virtual_ipaddress {\n  fd00:18::5/64\n }\n}\n"
	"vrrp_instance VI_C {\n interface veth-c\n virtual_router_id 51\n priority 100\n"
	" nopreempt\n authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.19.0.51/24\n }\n}\n"
	"vrrp_instance VI_C6 {\n interface veth-c\n virtual_router_id 53\n version 3\n"
	" priority 100\n virtual_ipaddress {\n  fe80::153/64\n }\n}\n";

/*
 * What a reload switches to, and back: PASS becomes AH (VI_PASS), AH
 * becomes PASS (VI_AH), an AH instance appears on the interface that had
 * none (VI_C_AH), one instance goes (VI_V3), others change priority or
 * peers.
 */
static const char fuzz_conf_reload_text[] =
	"global_defs {\n router_id fuzz\n vrrp_garp_master_repeat 2\n}\n"
	"vrrp_instance VI_PASS {\n interface veth-b\n virtual_router_id 51\n priority 100\n"
	" advert_int 1\n authentication {\n  auth_type AH\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.18.0.51/24\n  198.18.0.52/24\n }\n}\n"
	"vrrp_instance VI_PRIO0 {\n interface veth-b\n virtual_router_id 55\n priority 50\n"
	" advert_int 1\n virtual_ipaddress {\n  198.18.0.56/24\n }\n}\n"
	"vrrp_instance VI_V6 {\n interface veth-b\n virtual_router_id 53\n version 3\n"
	" priority 120\n virtual_ipaddress {\n  fe80::53/64\n  fd00:18::53/64\n }\n}\n"
	"vrrp_instance VI_AH {\n interface veth-b\n virtual_router_id 56\n priority 100\n"
	" authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.18.0.57/24\n  198.18.0.58/24\n }\n}\n"
	"vrrp_instance VI_UC3 {\n interface veth-b\n virtual_router_id 62\n version 3\n"
	" priority 100\n unicast_src_ip 198.18.0.2\n"
	" unicast_peer {\n  198.18.0.1\n  198.18.0.9\n }\n"
	" virtual_ipaddress {\n  198.18.0.62/24\n  198.18.0.63/24\n }\n}\n"
	"vrrp_instance VI_C {\n interface veth-c\n virtual_router_id 51\n priority 100\n"
	" nopreempt\n authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.19.0.51/24\n }\n}\n"
	"vrrp_instance VI_C_AH {\n interface veth-c\n virtual_router_id 56\n priority 100\n"
	" authentication {\n  auth_type AH\n  auth_pass secret\n }\n"
	" virtual_ipaddress {\n  198.19.0.56/24\n }\n}\n";

static struct kconf *conf, *conf_reload;
static uint64_t fake_now_us;

/* When each instance, as Master, last answered adverts: the two latest. */
struct answers {
	uint64_t at_us[2];
	unsigned n;
};
static struct answers answered[FUZZ_MAX_INSTS];

/* What each instance looked like before a datagram. */
struct inst_snap {
	enum vrrp_state state;
	uint64_t adverts_rx;
	bool old_csum;
};

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return fake_now_us;
}

static void
quiet(int priority, const char *line, void *arg)
{
	(void)priority, (void)line, (void)arg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct cfg_options opts = { .config_id = "fuzz" };

	(void)argc, (void)argv;
	/* FUZZ_VRRP_LOG=1 shows the daemon's log, to read what an input does. */
	if (getenv("FUZZ_VRRP_LOG") == NULL) {
		log_set_sink(quiet, NULL);
	} else {
		log_set_console(true);
		log_set_detail(true);
	}
	if (kconf_load_string("fuzz.conf", fuzz_conf_text, &opts, &conf) != 0 || conf == NULL ||
	    kconf_load_string("reload.conf", fuzz_conf_reload_text, &opts, &conf_reload) != 0 ||
	    conf_reload == NULL) {
		fprintf(stderr, "fuzz_vrrp_rx: the built-in configuration does not load\n");
		abort();
	}
	return 0;
}

static void
oracle_fail(const struct vrrp_inst *inst, const char *what)
{
	fprintf(stderr, "fuzz_vrrp_rx: invariant broken by instance %s: %s\n",
		inst != NULL ? inst->conf->name : "(several)", what);
	abort();
}

static void
snapshot(const struct vrrp_daemon *d, struct inst_snap *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct vrrp_inst *inst = vrrp_daemon_instance(d, i);

		s[i].state = inst->fsm.state;
		s[i].adverts_rx = inst->stats.adverts_rx;
		s[i].old_csum = inst->old_csum;
	}
}

/*
 * inst, Master before and after, sent something in reply to an advert it
 * accepted: a third answer within one advert interval is one too many.
 */
static void
check_answer(const struct vrrp_inst *inst, struct answers *a)
{
	uint64_t interval_us = (uint64_t)inst->conf->adver_int_cs * 10000;

	if (a->n == 2 && fake_now_us - a->at_us[0] < interval_us)
		oracle_fail(inst, "Master answered more than two adverts in one advert interval");
	if (a->n == 2)
		a->at_us[0] = a->at_us[1];
	a->at_us[a->n == 2 ? 1 : a->n] = fake_now_us;
	if (a->n < 2)
		a->n++;
}

/* The invariants of one datagram, delivered on the AH socket or not. */
static void
check_datagram(const struct vrrp_daemon *d, const struct inst_snap *before, size_t n, bool on_ah,
	       uint64_t sent)
{
	size_t accepted = 0;

	for (size_t i = 0; i < n; i++) {
		const struct vrrp_inst *inst = vrrp_daemon_instance(d, i);
		bool took = inst->stats.adverts_rx != before[i].adverts_rx;

		if (took && inst->stats.adverts_rx != before[i].adverts_rx + 1)
			oracle_fail(inst, "one datagram counted as several adverts");
		accepted += took;
		if (inst->fsm.state != before[i].state && !took)
			oracle_fail(inst,
				    "state changed by a datagram the instance did not accept");
		if (took && inst->conf->auth_type == VRRP_AUTH_AH && !on_ah)
			oracle_fail(inst, "auth_type AH instance accepted an advert without AH");
		if (inst->old_csum && !before[i].old_csum && !took)
			oracle_fail(inst, "old unicast checksum switched on by a dropped advert");
		/* A new term as Master starts afresh. */
		if (inst->fsm.state != VRRP_STATE_MASTER || before[i].state != VRRP_STATE_MASTER)
			answered[i].n = 0;
		else if (took && sent > 0)
			check_answer(inst, &answered[i]);
	}
	if (accepted > 1)
		oracle_fail(NULL, "one datagram accepted by several instances");
}

/* Is there an IPv4 auth_type AH instance on ifname? */
static bool
wants_ah(const struct vrrp_daemon *d, const char *ifname)
{
	for (size_t i = 0; i < vrrp_daemon_ninstances(d); i++) {
		const struct vrrp_instance_conf *c = vrrp_daemon_instance(d, i)->conf;

		if (c->auth_type == VRRP_AUTH_AH && c->family == AF_INET &&
		    strcmp(c->ifname, ifname) == 0)
			return true;
	}
	return false;
}

/* After a start or a reload: an AH socket exactly where an AH instance is. */
static void
check_ah_sockets(const struct vrrp_daemon *d)
{
	static const char *const ifnames[] = { "veth-b", "veth-c" };

	for (size_t i = 0; i < sizeof(ifnames) / sizeof(ifnames[0]); i++) {
		bool want = wants_ah(d, ifnames[i]);
		bool have = fuzz_sys_find(AF_INET, 51, ifnames[i]) >= 0;

		if (want != have) {
			fprintf(stderr, "fuzz_vrrp_rx: invariant broken on %s: %s\n", ifnames[i],
				want ? "AH instance without an AH socket" :
				       "AH socket without an AH instance");
			abort();
		}
	}
}

/* Run every timer that is due at the fake time (and the fds that are ready). */
static void
run_due(struct ev_loop *loop)
{
	/* Bounded: a timer re-armed for "now" would spin forever otherwise. */
	for (int i = 0; i < 64; i++)
		if (ev_loop_run_once(loop, 0) <= 0)
			break;
}

static size_t
take(const uint8_t **p, const uint8_t *end, void *out, size_t want)
{
	size_t n = (size_t)(end - *p) < want ? (size_t)(end - *p) : want;

	memset(out, 0, want);
	memcpy(out, *p, n);
	*p += n;
	return n;
}

static void
deliver(struct vrrp_daemon *d, struct ev_loop *loop, uint8_t op, const uint8_t **p,
	const uint8_t *end)
{
	static const int domains[] = { AF_INET, AF_INET6, AF_INET };
	static const int protos[] = { 112, 112, 51 };
	const char *ifname = op & 4 ? "veth-c" : "veth-b";
	struct inst_snap before[FUZZ_MAX_INSTS];
	size_t n = vrrp_daemon_ninstances(d);
	struct fuzz_dgram dg;
	uint8_t lenb[2], hops = 0;
	size_t len;
	uint64_t sent;
	int kind = op & 3, fd;

	memset(&dg, 0, sizeof(dg));
	if (kind == 1) {
		take(p, end, &hops, 1);
		take(p, end, &dg.src, sizeof(dg.src));
		take(p, end, &dg.dst, sizeof(dg.dst));
		dg.hops = hops;
		dg.has_name = !(op & 0x80);
		dg.has_pktinfo = !(op & 0x10);
		dg.has_hops = !(op & 0x20);
		dg.ctrunc = op & 0x40;
	}
	take(p, end, lenb, sizeof(lenb));
	len = (size_t)lenb[0] << 8 | lenb[1];
	if (len > (size_t)(end - *p))
		len = (size_t)(end - *p);
	dg.data = *p;
	dg.len = len;
	dg.trunc = op & 8;
	*p += len;

	fd = fuzz_sys_find(domains[kind], protos[kind], ifname);
	if (fd < 0 || n > FUZZ_MAX_INSTS)
		return;
	/* What fell due before this datagram is not its doing. */
	run_due(loop);
	snapshot(d, before, n);
	sent = fuzz_sys_sent();
	if (fuzz_sys_queue(fd, &dg) < 0)
		abort();
	/* The loop sees the socket readable and runs the daemon's callback. */
	if (ev_loop_run_once(loop, 0) < 0)
		abort();
	check_datagram(d, before, n, kind == 2, fuzz_sys_sent() - sent);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct ev_loop *loop;
	struct vrrp_daemon *d;
	struct kconf *running = conf;

	fake_now_us = FUZZ_CLOCK_START_US;
	fuzz_sys_reset();
	memset(answered, 0, sizeof(answered));
	loop = ev_loop_new(fake_clock, NULL);
	if (loop == NULL)
		abort();
	d = vrrp_daemon_start(loop, &conf->vrrp);
	if (d == NULL)
		abort();
	check_ah_sockets(d);
	for (int r = 0; r < FUZZ_MAX_RECORDS && p < end; r++) {
		uint8_t op = *p++;

		if (op == 0x83) {
			/* Both configurations stay loaded: each outlives the daemon. */
			struct kconf *next = running == conf ? conf_reload : conf;

			run_due(loop);
			/* -1: nothing changed, the old configuration still runs. */
			if (vrrp_daemon_reload(d, &next->vrrp) == 0)
				running = next;
			check_ah_sockets(d);
		} else if (op == 0x87 || op == 0xc7) {
			run_due(loop);
			fuzz_nl_link_toggle(vrrp_daemon_nl(d), op & 0x40 ? 3 : 2);
		} else if (op == 0x8b || op == 0xcb) {
			run_due(loop);
			fuzz_nl_vip_vanish(vrrp_daemon_nl(d), op & 0x40 ? 3 : 2);
		} else if ((op & 3) == 3) {
			uint8_t step = 0;

			take(&p, end, &step, 1);
			fake_now_us += ((uint64_t)step + 1) * 10000;
			run_due(loop);
		} else {
			deliver(d, loop, op, &p, end);
		}
	}
	vrrp_daemon_stop(d);
	vrrp_daemon_free(d);
	ev_loop_free(loop);
	return 0;
}
