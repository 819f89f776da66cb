/*
 * A hostile or stray VRRP speaker for the receive-path tests
 * (vrrp_rx_guard.sh, vrrp_flood.sh), run inside a network namespace: it
 * sends plain protocol-112 adverts built by the codec, paced in time.
 *
 *   vrrp_sender IFNAME VERSION SRC DST CSUM_DST VRID PRIO AUTH TTL VIP COUNT RATE
 *
 *   VERSION   2 or 3 (IPv4 only)
 *   SRC, DST  the IPv4 source (an address of IFNAME) and destination
 *   CSUM_DST  the destination the v3 pseudo-header is computed over ("-":
 *             DST); the group with a unicast DST gives keepalived <= 1.3.6's
 *             old unicast checksum
 *   AUTH      none, ah (auth type 2 in the VRRP header, but no AH header) or
 *             pass:SECRET (v2 only)
 *   TTL       1..255
 *   VIP       the one address the advert carries
 *   COUNT     adverts to send; RATE: adverts per second (0: as fast as the
 *             socket takes them)
 *
 * Prints "sent N errors E seconds S" and exits 0 if every advert was sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define NS_PER_S 1000000000LL

static void
parse_v4(const char *s, union vrrp_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, &out->v4) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* Sleep until the monotonic time at_ns. */
static void
sleep_until(long long at_ns)
{
	struct timespec ts = { .tv_sec = at_ns / NS_PER_S, .tv_nsec = at_ns % NS_PER_S };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void
set_auth(struct vrrp_instance_conf *conf, const char *auth)
{
	if (strcmp(auth, "none") == 0) {
		conf->auth_type = VRRP_AUTH_NONE;
	} else if (strcmp(auth, "ah") == 0) {
		conf->auth_type = VRRP_AUTH_AH;
	} else if (strncmp(auth, "pass:", 5) == 0) {
		size_t n = strlen(auth + 5);

		conf->auth_type = VRRP_AUTH_PASS;
		memcpy(conf->auth_pass, auth + 5,
		       n < sizeof(conf->auth_pass) ? n : sizeof(conf->auth_pass));
	} else {
		fprintf(stderr, "bad auth %s\n", auth);
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct vrrp_instance_conf conf;
	struct vrrp_vip vip;
	struct vrrp_txpkt tx;
	union vrrp_addr src, dst, csum_dst;
	struct vrrp_sock *s;
	long count, rate, sent = 0, errors = 0, i;
	long long t0, gap;
	int ifindex, ttl;

	if (argc != 13) {
		fprintf(stderr, "usage: see the comment at the top of vrrp_sender.c\n");
		return 2;
	}
	memset(&conf, 0, sizeof(conf));
	memset(&vip, 0, sizeof(vip));
	parse_v4(argv[3], &src);
	parse_v4(argv[4], &dst);
	parse_v4(strcmp(argv[5], "-") == 0 ? argv[4] : argv[5], &csum_dst);
	parse_v4(argv[10], &vip.addr);
	vip.family = AF_INET;
	vip.prefixlen = 24;
	conf.family = AF_INET;
	conf.version = (uint8_t)atoi(argv[2]);
	conf.vrid = (uint8_t)atoi(argv[6]);
	conf.priority = (uint8_t)atoi(argv[7]);
	conf.adver_int_cs = 100;
	conf.vips = &vip;
	conf.nvips = 1;
	set_auth(&conf, argv[8]);
	ttl = atoi(argv[9]);
	count = atol(argv[11]);
	rate = atol(argv[12]);
	if (vrrp_pkt_build(&tx, &conf, conf.priority, &src, &csum_dst) == -1) {
		fprintf(stderr, "cannot build the advert\n");
		return 2;
	}
	if ((ifindex = (int)if_nametoindex(argv[1])) == 0) {
		perror(argv[1]);
		return 2;
	}
	if ((s = vrrp_sock_open(AF_INET, ifindex, argv[1])) == NULL)
		return 2;
	gap = rate > 0 ? NS_PER_S / rate : 0;
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		if (gap > 0)
			sleep_until(t0 + i * gap);
		if (vrrp_sock_send_ttl(s, tx.buf, tx.len, &src, &dst, ttl) == 0)
			sent++;
		else
			errors++;
	}
	printf("sent %ld errors %ld seconds %.3f\n", sent, errors,
	       (double)(now_ns() - t0) / NS_PER_S);
	vrrp_sock_close(s);
	return errors == 0 ? 0 : 1;
}
