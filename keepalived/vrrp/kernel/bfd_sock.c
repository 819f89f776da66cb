/*
 * BFD's UDP sockets (bfd_sock.h).
 */
#define _GNU_SOURCE /* struct in6_pktinfo */
#include "keepalived/vrrp/kernel/bfd_sock.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int
set_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

static socklen_t
make_sa(int family, const union vrrp_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (a != NULL)
			sin->sin_addr = a->v4;
		return sizeof(*sin);
	}
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	if (a != NULL)
		sin6->sin6_addr = a->v6;
	return sizeof(*sin6);
}

int
bfd_sock_open_rx(int family, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = make_sa(family, NULL, port, &ss);
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	int e;

	if (fd == -1)
		return -1;
	/* No SO_REUSEADDR: another BFD daemon on the port is an error, not a silent share. */
	if (family == AF_INET6) {
		if (set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) == -1 ||
		    set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) == -1 ||
		    set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) == -1)
			goto fail;
	} else if (set_int(fd, IPPROTO_IP, IP_RECVTTL, 1) == -1 ||
		   set_int(fd, IPPROTO_IP, IP_PKTINFO, 1) == -1) {
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
bfd_sock_open_tx(int family, const union vrrp_addr *src, uint16_t start, uint8_t ttl)
{
	const unsigned span = 65535 - 49152 + 1;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	int e = EADDRINUSE;

	if (fd == -1)
		return -1;
	if (family == AF_INET6 ? set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl) == -1 :
				 set_int(fd, IPPROTO_IP, IP_TTL, ttl) == -1)
		goto fail;
	if (family == AF_INET6)
		set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	for (unsigned i = 0; i < span; i++) {
		struct sockaddr_storage ss;
		uint16_t port = (uint16_t)(49152 + (start + i) % span);
		socklen_t len = make_sa(family, src, port, &ss);

		if (bind(fd, (struct sockaddr *)&ss, len) == 0)
			return fd;
		if (errno != EADDRINUSE)
			break;
	}
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

ssize_t
bfd_sock_recv(int fd, uint8_t *buf, size_t len, struct bfd_sock_rx *rx)
{
	struct sockaddr_storage ss;
	union {
		char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			 CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { buf, len };
	struct msghdr msg = { 0 };
	struct cmsghdr *c;
	ssize_t n;

	msg.msg_name = &ss;
	msg.msg_namelen = sizeof(ss);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	memset(rx, 0, sizeof(*rx));
	rx->ttl = -1;
	rx->family = ss.ss_family;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;

		rx->from.v4 = sin->sin_addr;
		rx->from_port = ntohs(sin->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&ss;

		rx->from.v6 = sin6->sin6_addr;
		rx->from_port = ntohs(sin6->sin6_port);
	}
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		int v;

		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
		    (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&v, CMSG_DATA(c), sizeof(v));
			rx->ttl = v;
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			rx->to.v4 = pi.ipi_addr;
			rx->has_to = true;
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi6;

			memcpy(&pi6, CMSG_DATA(c), sizeof(pi6));
			rx->to.v6 = pi6.ipi6_addr;
			rx->has_to = true;
		}
	}
	return n;
}

int
bfd_sock_send(int fd, int family, const union vrrp_addr *to, uint16_t port, const uint8_t *buf,
	      size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = make_sa(family, to, port, &ss);

	return sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sl) == (ssize_t)len ? 0 : -1;
}

uint32_t
bfd_sock_random(void)
{
	uint32_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	return (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16;
}
