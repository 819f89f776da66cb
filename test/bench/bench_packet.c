/*
 * Micro-benchmark of the advertisement codec: the receive path (decode plus
 * the instance checks) for each version and family, and the priority patch
 * and full build of the transmit path. Prints nanoseconds per operation,
 * the best of several rounds so that a preempted round does not count.
 *
 *   bench_packet [ITERATIONS]     (default 2000000 per round)
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "keepalived/vrrp/proto/vrrp_packet.h"

#define ROUNDS 5
#define DEFAULT_ITERATIONS 2000000UL

struct bench_case {
	const char *name;
	struct vrrp_instance_conf conf;
	struct vrrp_vip vips[4];
	struct vrrp_pkt_meta meta;
	struct vrrp_txpkt tx;
};

/* Results go here so that the compiler cannot drop the work. */
static volatile unsigned long sink;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
set_addr(int family, const char *text, union vrrp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(family, text, a) != 1) {
		fprintf(stderr, "bench_packet: bad address %s\n", text);
		exit(1);
	}
}

/*
 * A case as a peer would send it: version, family, VIPs, and whether the
 * v3 IPv4 sender uses the RFC 9568 plain checksum (the receiver's slower,
 * second try).
 */
static void
case_init(struct bench_case *bc, const char *name, uint8_t version, int family,
	  const char *const *vips, size_t nvips, bool plain_csum)
{
	size_t i;

	memset(bc, 0, sizeof(*bc));
	bc->name = name;
	bc->conf.family = family;
	bc->conf.version = version;
	bc->conf.vrid = 51;
	bc->conf.priority = 100;
	bc->conf.adver_int_cs = 100;
	bc->conf.v3_checksum_as_v2 = plain_csum;
	if (version == 2) {
		bc->conf.auth_type = VRRP_AUTH_PASS;
		memcpy(bc->conf.auth_pass, "secret", 6);
	}
	for (i = 0; i < nvips; i++) {
		bc->vips[i].family = family;
		set_addr(family, vips[i], &bc->vips[i].addr);
	}
	bc->conf.vips = bc->vips;
	bc->conf.nvips = nvips;

	bc->meta.family = family;
	bc->meta.ttl = VRRP_TTL;
	bc->meta.multicast = true;
	set_addr(family, family == AF_INET ? "198.18.0.1" : "fe80::1", &bc->meta.src);
	set_addr(family, family == AF_INET ? "224.0.0.18" : "ff02::12", &bc->meta.dst);
	if (vrrp_pkt_build(&bc->tx, &bc->conf, 150, &bc->meta.src, &bc->meta.dst) != 0) {
		fprintf(stderr, "bench_packet: cannot build %s\n", name);
		exit(1);
	}
}

/* What is measured: one advert received, or one sent. */
enum bench_op {
	OP_RECEIVE,      /* decode plus the instance checks */
	OP_SET_PRIORITY, /* patch the priority of the built advert */
	OP_BUILD,        /* build the advert anew */
};

static const char *const op_names[] = { "decode+check", "set_priority", "build" };

/* Nanoseconds per operation over one round of iterations. */
static double
run_round(enum bench_op op, struct bench_case *bc, unsigned long iterations)
{
	struct vrrp_advert adv;
	unsigned long i, bad = 0;
	bool mismatch;
	uint64_t t0 = now_ns();

	/* One loop per operation, so that the timed loop holds no branch
	 * of ours besides its own. */
	switch (op) {
	case OP_RECEIVE:
		for (i = 0; i < iterations; i++) {
			enum vrrp_drop r = vrrp_pkt_decode(bc->tx.buf, bc->tx.len, &bc->meta, &adv);

			if (r == VRRP_DROP_NONE)
				r = vrrp_pkt_check(&adv, &bc->meta, &bc->conf, 100, &mismatch);
			bad += r != VRRP_DROP_NONE;
			sink += adv.priority;
		}
		break;
	case OP_SET_PRIORITY:
		for (i = 0; i < iterations; i++) {
			vrrp_pkt_set_priority(&bc->tx, (uint8_t)(i & 0xff));
			sink += bc->tx.buf[6];
		}
		break;
	case OP_BUILD:
		for (i = 0; i < iterations; i++) {
			vrrp_pkt_build(&bc->tx, &bc->conf, (uint8_t)(i & 0xff), &bc->meta.src,
				       &bc->meta.dst);
			sink += bc->tx.buf[6];
		}
		break;
	}
	if (bad != 0) {
		fprintf(stderr, "bench_packet: %s: %lu drops\n", bc->name, bad);
		exit(1);
	}
	return (double)(now_ns() - t0) / (double)iterations;
}

static double
best_of(enum bench_op op, struct bench_case *bc, unsigned long iterations)
{
	double best = 0, t;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		t = run_round(op, bc, iterations);
		if (r == 0 || t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char *argv[])
{
	static const char *const v4[] = { "198.18.0.100", "198.18.0.101" };
	static const char *const v6[] = { "fe80::100", "fd00::100" };
	static struct bench_case cases[5];
	/* Every case is received; the transmit path is measured on two. */
	static const struct {
		enum bench_op op;
		size_t c;
	} tx_runs[] = { { OP_SET_PRIORITY, 1 }, { OP_BUILD, 1 }, { OP_BUILD, 3 } };
	unsigned long iterations = DEFAULT_ITERATIONS;
	size_t i;

	if (argc > 1) {
		iterations = strtoul(argv[1], NULL, 10);
		if (iterations == 0) {
			fprintf(stderr, "usage: bench_packet [ITERATIONS]\n");
			return 1;
		}
	}
	case_init(&cases[0], "v2 ipv4 PASS, 2 VIPs", 2, AF_INET, v4, 2, false);
	case_init(&cases[1], "v3 ipv4 pseudo-header, 2 VIPs", 3, AF_INET, v4, 2, false);
	case_init(&cases[2], "v3 ipv4 plain checksum, 2 VIPs", 3, AF_INET, v4, 2, true);
	case_init(&cases[3], "v3 ipv6, 2 VIPs", 3, AF_INET6, v6, 2, false);
	case_init(&cases[4], "v3 ipv6, 1 VIP", 3, AF_INET6, v6, 1, false);

	printf("bench_packet: %lu iterations, best of %d rounds\n", iterations, ROUNDS);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		printf("%-13s %-32s %8.1f ns/op\n", op_names[OP_RECEIVE], cases[i].name,
		       best_of(OP_RECEIVE, &cases[i], iterations));
	for (i = 0; i < sizeof(tx_runs) / sizeof(tx_runs[0]); i++)
		printf("%-13s %-32s %8.1f ns/op\n", op_names[tx_runs[i].op],
		       cases[tx_runs[i].c].name,
		       best_of(tx_runs[i].op, &cases[tx_runs[i].c], iterations));
	return 0;
}
