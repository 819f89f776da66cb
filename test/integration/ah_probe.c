/*
 * A driver of vrrp_net's AH socket and vrrp_ah for test/integration/
 * ah_interop.sh, run inside a network namespace next to keepalived 2.2.7
 * with auth_type AH:
 *
 *   ah_probe listen IFNAME PASS VRID COUNT TIMEOUT_MS READY_FILE
 *       open the AH socket, create READY_FILE, and verify VRID's adverts
 *       until COUNT were accepted (AH, then VRRP decode) or time runs out.
 *       Prints "rx seq=N prio=P" per accepted advert and a summary line;
 *       exit 0 if COUNT were accepted, none refused, seq increasing.
 *   ah_probe master IFNAME PASS VRID PRIO SRC VIP LEARN_MS
 *       act as an AH master of VRID at priority PRIO from SRC, carrying VIP,
 *       with keepalived's sequence number handling: first wait up to
 *       LEARN_MS for an advert to learn the current number, then send an
 *       advert every second (each one above everything sent or accepted),
 *       verifying what arrives meanwhile. On SIGTERM send priority 0, print
 *       "tx sent=N last_seq=S" and exit 0.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/proto/vrrp_ah.h"
#include "keepalived/vrrp/kernel/vrrp_net.h"
#include "keepalived/vrrp/proto/vrrp_packet.h"

#define ADVER_INT_MS 1000

/* What the receiving side of the probe keeps. */
struct rx_state {
	struct vrrp_ah *ah;
	struct vrrp_ah_seq *seq;
	uint8_t vrid;
	unsigned accepted;
	unsigned refused[VRRP_AH_DROP_COUNT_];
	unsigned vrrp_refused;
	unsigned not_increasing;
	uint32_t last_rx_seq;
	uint8_t last_prio;
	bool quiet;
};

static volatile sig_atomic_t stop_requested;

static void
on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
parse_v4(const char *s, union vrrp_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, &out->v4) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
}

static int
ifindex_of(const char *ifname)
{
	int ifindex = (int)if_nametoindex(ifname);

	if (ifindex == 0) {
		perror(ifname);
		exit(2);
	}
	return ifindex;
}

static struct vrrp_ah *
ah_for(const char *pass)
{
	uint8_t key[VRRP_AH_KEY_LEN] = { 0 };
	struct vrrp_ah *ah;

	memcpy(key, pass, strlen(pass) < sizeof(key) ? strlen(pass) : sizeof(key));
	if ((ah = vrrp_ah_new(key)) == NULL)
		exit(2);
	return ah;
}

/* One datagram from the AH socket: AH first, then the VRRP codec. */
static void
on_dgram(const uint8_t *pkt, size_t len, const struct vrrp_pkt_meta *meta, void *arg)
{
	struct rx_state *st = arg;
	enum vrrp_ah_drop r;
	struct vrrp_advert adv;
	struct vrrp_ah_rx rx;

	/* The VRID picks the instance (and its key) before anything is
	 * trusted; it sits behind the IP and AH headers. */
	if (len < VRRP_AH_OVERHEAD + VRRP_HDR_LEN || pkt[VRRP_AH_OVERHEAD + 1] != st->vrid)
		return;
	r = vrrp_ah_verify(st->ah, pkt, len, !meta->multicast, st->seq, &rx);
	if (r != VRRP_AH_DROP_NONE) {
		st->refused[r]++;
		printf("refused %s\n", vrrp_ah_drop_name(r));
		return;
	}
	if (vrrp_pkt_decode(rx.vrrp, rx.vrrp_len, meta, &adv) != VRRP_DROP_NONE ||
	    adv.auth_type != VRRP_AUTH_AH) {
		st->vrrp_refused++;
		printf("refused vrrp\n");
		return;
	}
	if (st->accepted > 0 && rx.seq <= st->last_rx_seq)
		st->not_increasing++;
	st->accepted++;
	st->last_rx_seq = rx.seq;
	st->last_prio = adv.priority;
	if (!st->quiet)
		printf("rx seq=%u prio=%u\n", rx.seq, adv.priority);
}

/* Read the socket until deadline, or until stop() says so. */
static void
pump(struct vrrp_sock *s, struct rx_state *st, uint64_t deadline, unsigned want)
{
	struct pollfd pfd = { .fd = vrrp_sock_fd(s), .events = POLLIN };
	uint64_t now;

	while (!stop_requested && (now = now_ms()) < deadline &&
	       (want == 0 || st->accepted < want)) {
		if (poll(&pfd, 1, (int)(deadline - now)) > 0 && vrrp_sock_recv(s, on_dgram, st) < 0)
			perror("vrrp_sock_recv");
	}
}

static unsigned
refused_total(const struct rx_state *st)
{
	unsigned n = st->vrrp_refused;

	for (int i = 1; i < VRRP_AH_DROP_COUNT_; i++)
		n += st->refused[i];
	return n;
}

static int
cmd_listen(char **argv)
{
	struct vrrp_ah_seq seq = { 0 };
	struct rx_state st = { .seq = &seq };
	unsigned want = (unsigned)atoi(argv[3]);
	struct vrrp_sock *s;
	int fd, ok;

	st.ah = ah_for(argv[1]);
	st.vrid = (uint8_t)atoi(argv[2]);
	if ((s = vrrp_sock_open_ah(ifindex_of(argv[0]), argv[0])) == NULL)
		return 2;
	if ((fd = open(argv[5], O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		perror(argv[5]);
		return 2;
	}
	close(fd);
	pump(s, &st, now_ms() + (uint64_t)atoi(argv[4]), want);
	ok = st.accepted >= want && refused_total(&st) == 0 && st.not_increasing == 0;
	printf("summary accepted=%u refused=%u not_increasing=%u last_seq=%u socket_drops=%llu\n",
	       st.accepted, refused_total(&st), st.not_increasing, st.last_rx_seq,
	       (unsigned long long)vrrp_sock_stats(s)->rx_drops[VRRP_SOCK_DROP_IP_PROTO]);
	vrrp_sock_close(s);
	vrrp_ah_free(st.ah);
	return ok ? 0 : 1;
}

/* Build and send one advert at prio with the next sequence number. */
static int
send_advert(struct vrrp_sock *s, struct vrrp_ah *ah, struct vrrp_ah_seq *seq,
	    const struct vrrp_instance_conf *conf, uint8_t prio, const union vrrp_addr *src,
	    const union vrrp_addr *grp)
{
	struct vrrp_txpkt vtx;
	struct vrrp_ah_tx tx = { .src = src->v4, .dst = grp->v4, .ttl = VRRP_TTL };
	uint8_t dgram[VRRP_AH_OVERHEAD + VRRP_PKT_MAX];
	int len;

	if (vrrp_pkt_build(&vtx, conf, prio, src, grp) == -1)
		return -1;
	vrrp_ah_seq_next(seq, &tx);
	len = vrrp_ah_build(ah, &tx, vtx.buf, vtx.len, dgram, sizeof(dgram));
	if (len < 0 || vrrp_sock_send_dgram(s, dgram, (size_t)len) == -1) {
		perror("send");
		return -1;
	}
	return 0;
}

static int
cmd_master(char **argv)
{
	struct vrrp_ah_seq seq = { 0 };
	struct rx_state st = { .seq = &seq, .quiet = true };
	struct vrrp_instance_conf conf;
	struct vrrp_vip vip;
	union vrrp_addr src, grp;
	uint8_t prio = (uint8_t)atoi(argv[3]);
	unsigned sent = 0;
	struct vrrp_sock *s;
	uint64_t next;

	memset(&conf, 0, sizeof(conf));
	memset(&vip, 0, sizeof(vip));
	parse_v4(argv[4], &src);
	parse_v4(argv[5], &vip.addr);
	parse_v4("224.0.0.18", &grp);
	vip.family = AF_INET;
	vip.prefixlen = 24;
	conf.family = AF_INET;
	conf.version = 2;
	conf.vrid = (uint8_t)atoi(argv[2]);
	conf.priority = prio;
	conf.adver_int_cs = ADVER_INT_MS / 10;
	conf.auth_type = VRRP_AUTH_AH;
	conf.vips = &vip;
	conf.nvips = 1;
	st.ah = ah_for(argv[1]);
	st.vrid = conf.vrid;

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if ((s = vrrp_sock_open_ah(ifindex_of(argv[0]), argv[0])) == NULL)
		return 2;
	/* Learn the master's sequence number first, as a backup would: below
	 * it keepalived would take our adverts for replays. */
	pump(s, &st, now_ms() + (uint64_t)atoi(argv[6]), 1);
	printf("learned seq=%u from %u advert(s)\n", seq.seq, st.accepted);
	if (st.accepted == 0)
		fprintf(stderr, "no advert to learn from: sending from 1\n");
	vrrp_ah_seq_become_master(&seq);

	next = now_ms();
	while (!stop_requested) {
		if (now_ms() >= next) {
			if (send_advert(s, st.ah, &seq, &conf, prio, &src, &grp) == 0)
				sent++;
			next += ADVER_INT_MS;
		}
		pump(s, &st, next, 0);
	}
	send_advert(s, st.ah, &seq, &conf, VRRP_PRIO_STOP, &src, &grp);
	printf("tx sent=%u last_seq=%u rx accepted=%u refused=%u\n", sent, seq.seq, st.accepted,
	       refused_total(&st));
	vrrp_sock_close(s);
	vrrp_ah_free(st.ah);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 8 && strcmp(argv[1], "listen") == 0)
		return cmd_listen(argv + 2);
	if (argc == 9 && strcmp(argv[1], "master") == 0)
		return cmd_master(argv + 2);
	fprintf(stderr, "usage: see the comment at the top of ah_probe.c\n");
	return 2;
}
