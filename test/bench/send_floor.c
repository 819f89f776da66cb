/*
 * The floor of the send benchmark (send_bench.sh): the least a VRRP sender
 * and receiver can cost on a path, with nothing of VRRP in user space.
 *
 *   send_floor send IFNAME SRC_IPV4 PER_TICK TICK_US SECONDS [BATCH]
 *   send_floor recv IFNAME SECONDS
 *
 * send: one raw socket (IP protocol 112) bound to IFNAME sends PER_TICK
 * 12-byte payloads (a VRRPv3 advert with one IPv4 address) to 224.0.0.18,
 * TTL 255, from SRC_IPV4, every TICK_US microseconds on an absolute
 * schedule, with sendmmsg() in batches of BATCH (default 64; 1: sendmsg()
 * one by one), for SECONDS.
 * recv: one raw socket bound to IFNAME, member of 224.0.0.18, drains what
 * arrives with recvmmsg() (up to 64 per call, blocking for the first) for
 * SECONDS.
 *
 * Both print one line at exit: "packets N cpu_us U" (user + system time of
 * the process, getrusage()), so that the script can divide the two sides'
 * CPU by the packets of the same run.
 */
#define _GNU_SOURCE /* sendmmsg, recvmmsg */

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FLOOR_PROTO 112
#define FLOOR_MAX_BATCH 64
#define FLOOR_PAYLOAD 12
#define FLOOR_BUF 2048

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void
sleep_until_us(uint64_t t)
{
	struct timespec ts = { .tv_sec = (time_t)(t / 1000000u),
			       .tv_nsec = (long)(t % 1000000u) * 1000 };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static uint64_t
cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)ru.ru_utime.tv_sec * 1000000u + (uint64_t)ru.ru_utime.tv_usec +
	       (uint64_t)ru.ru_stime.tv_sec * 1000000u + (uint64_t)ru.ru_stime.tv_usec;
}

static int
open_raw(const char *ifname)
{
	int fd = socket(AF_INET, SOCK_RAW, FLOOR_PROTO);
	int ttl = 255, loop = 0;

	if (fd == -1) {
		perror("socket");
		exit(1);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop))) {
		perror("setsockopt");
		exit(1);
	}
	return fd;
}

static int
do_send(const char *ifname, const char *src, long per_tick, long tick_us, long seconds, int batch)
{
	static struct mmsghdr msgs[FLOOR_MAX_BATCH];
	static struct iovec iov[FLOOR_MAX_BATCH];
	static uint8_t payload[FLOOR_MAX_BATCH][FLOOR_PAYLOAD];
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct ip_mreqn mif;
	int fd = open_raw(ifname);
	uint64_t sent = 0, start, end, next;

	memset(&mif, 0, sizeof(mif));
	if (inet_pton(AF_INET, src, &mif.imr_address) != 1) {
		fprintf(stderr, "bad address %s\n", src);
		return 2;
	}
	/* Leave from SRC, as an advert does (the daemons use IP_PKTINFO). */
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mif, sizeof(mif))) {
		perror("IP_MULTICAST_IF");
		return 1;
	}
	to.sin_addr.s_addr = htonl(0xe0000012);
	for (int i = 0; i < FLOOR_MAX_BATCH; i++) {
		payload[i][0] = 0x31; /* version 3, advertisement */
		payload[i][1] = (uint8_t)(i + 1);
		payload[i][2] = 255;
		payload[i][3] = 1;
		iov[i].iov_base = payload[i];
		iov[i].iov_len = FLOOR_PAYLOAD;
		msgs[i].msg_hdr.msg_name = &to;
		msgs[i].msg_hdr.msg_namelen = sizeof(to);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now_us();
	end = start + (uint64_t)seconds * 1000000u;
	for (next = start; next < end; next += (uint64_t)tick_us) {
		long left = per_tick;

		sleep_until_us(next);
		while (left > 0) {
			int n = left < batch ? (int)left : batch;
			int r;

			if (batch == 1)
				r = sendmsg(fd, &msgs[0].msg_hdr, 0) < 0 ? -1 : 1;
			else
				r = sendmmsg(fd, msgs, (unsigned)n, 0);
			if (r <= 0) {
				perror("send");
				return 1;
			}
			sent += (uint64_t)r;
			left -= r;
		}
	}
	printf("packets %llu cpu_us %llu\n", (unsigned long long)sent,
	       (unsigned long long)cpu_us());
	return 0;
}

static int
do_recv(const char *ifname, long seconds)
{
	static struct mmsghdr msgs[FLOOR_MAX_BATCH];
	static struct iovec iov[FLOOR_MAX_BATCH];
	static uint8_t bufs[FLOOR_MAX_BATCH][FLOOR_BUF];
	struct ip_mreqn mreq;
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	int fd = open_raw(ifname);
	uint64_t got = 0, end;

	memset(&mreq, 0, sizeof(mreq));
	mreq.imr_multiaddr.s_addr = htonl(0xe0000012);
	mreq.imr_ifindex = (int)if_nametoindex(ifname);
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("setsockopt");
		return 1;
	}
	for (int i = 0; i < FLOOR_MAX_BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = FLOOR_BUF;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/* Ready: the script starts the sender on this line. */
	printf("ready\n");
	fflush(stdout);
	end = now_us() + (uint64_t)seconds * 1000000u;
	while (now_us() < end) {
		int n = recvmmsg(fd, msgs, FLOOR_MAX_BATCH, MSG_WAITFORONE, NULL);

		if (n > 0)
			got += (uint64_t)n;
		else if (n == -1 && errno != EAGAIN && errno != EINTR) {
			perror("recvmmsg");
			return 1;
		}
	}
	printf("packets %llu cpu_us %llu\n", (unsigned long long)got, (unsigned long long)cpu_us());
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 7 && strcmp(argv[1], "send") == 0) {
		int batch = argc >= 8 ? atoi(argv[7]) : FLOOR_MAX_BATCH;

		if (batch < 1 || batch > FLOOR_MAX_BATCH)
			batch = FLOOR_MAX_BATCH;
		return do_send(argv[2], argv[3], atol(argv[4]), atol(argv[5]), atol(argv[6]),
			       batch);
	}
	if (argc == 4 && strcmp(argv[1], "recv") == 0)
		return do_recv(argv[2], atol(argv[3]));
	fprintf(stderr,
		"usage: %s send IFNAME SRC_IPV4 PER_TICK TICK_US SECONDS [BATCH]\n"
		"       %s recv IFNAME SECONDS\n",
		argv[0], argv[0]);
	return 2;
}
