/*
 * The fake socket layer behind fuzz_sys.h: every socket the daemon opens is
 * an eventfd, which the real event loop can watch; the fuzzer queues one
 * datagram on it and makes it readable, and recvmmsg() hands that datagram
 * over with the address and control messages a raw socket would give.
 * Sending succeeds and is only counted.
 */
#include "test/fuzz/fuzz_sys.h"

#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* Undo the renaming for this file: it implements the fakes. */
#undef socket
#undef setsockopt
#undef getsockopt
#undef sendmsg
#undef sendto
#undef recvmmsg

#define FUZZ_SYS_FDS 1024

struct fuzz_sock {
	bool open;
	int domain;
	int protocol;
	char ifname[IF_NAMESIZE];
	const struct fuzz_dgram *pending;
};

static struct fuzz_sock socks[FUZZ_SYS_FDS];
static uint64_t sent;

static struct fuzz_sock *
sock_of(int fd)
{
	if (fd < 0 || fd >= FUZZ_SYS_FDS || !socks[fd].open)
		return NULL;
	return &socks[fd];
}

int
fuzz_sys_socket(int domain, int type, int protocol)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fd >= FUZZ_SYS_FDS) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	/* A descriptor number freed by close() is simply taken over. */
	memset(&socks[fd], 0, sizeof(socks[fd]));
	socks[fd].open = true;
	socks[fd].domain = domain;
	socks[fd].protocol = protocol;
	return fd;
}

int
fuzz_sys_setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	struct fuzz_sock *s = sock_of(fd);

	if (s == NULL) {
		errno = ENOTSOCK;
		return -1;
	}
	if (level == SOL_SOCKET && name == SO_BINDTODEVICE) {
		size_t n = len < sizeof(s->ifname) ? len : sizeof(s->ifname) - 1;

		memset(s->ifname, 0, sizeof(s->ifname));
		memcpy(s->ifname, val, n);
	}
	return 0;
}

int
fuzz_sys_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	int v = 0;

	if (sock_of(fd) == NULL) {
		errno = ENOTSOCK;
		return -1;
	}
	/* The only one the daemon reads: the kernel's default hop limit. */
	if (level == IPPROTO_IPV6 && name == IPV6_UNICAST_HOPS)
		v = 64;
	if (*len < sizeof(v)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

ssize_t
fuzz_sys_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	size_t total = 0;

	if (sock_of(fd) == NULL) {
		errno = ENOTSOCK;
		return -1;
	}
	for (size_t i = 0; i < msg->msg_iovlen; i++)
		total += msg->msg_iov[i].iov_len;
	sent++;
	return (ssize_t)total;
}

ssize_t
fuzz_sys_sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to,
		socklen_t tolen)
{
	if (sock_of(fd) == NULL) {
		errno = ENOTSOCK;
		return -1;
	}
	sent++;
	return (ssize_t)len;
}

uint64_t
fuzz_sys_sent(void)
{
	return sent;
}

/*
 * close() itself is taken over for the whole program (the macro way would
 * also rename members called close): a socket closed by the daemon leaves
 * the table before its number can be given to anything else.
 */
int
close(int fd)
{
	if (fd >= 0 && fd < FUZZ_SYS_FDS)
		socks[fd].open = false;
	return (int)syscall(SYS_close, fd);
}

void
fuzz_sys_reset(void)
{
	memset(socks, 0, sizeof(socks));
}

int
fuzz_sys_find(int domain, int protocol, const char *ifname)
{
	for (int fd = 0; fd < FUZZ_SYS_FDS; fd++)
		if (socks[fd].open && socks[fd].domain == domain &&
		    socks[fd].protocol == protocol && strcmp(socks[fd].ifname, ifname) == 0)
			return fd;
	return -1;
}

int
fuzz_sys_queue(int fd, const struct fuzz_dgram *d)
{
	struct fuzz_sock *s = sock_of(fd);
	uint64_t one = 1;

	if (s == NULL)
		return -1;
	s->pending = d;
	if (write(fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return -1;
	return 0;
}

/* IPv6: the source in msg_name, IPV6_PKTINFO and IPV6_HOPLIMIT as asked. */
static void
fill_ipv6(struct msghdr *m, const struct fuzz_dgram *d)
{
	size_t room = m->msg_controllen, used = 0;
	uint8_t *ctl = m->msg_control;

	if (d->has_name && m->msg_name != NULL && m->msg_namelen >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 from;

		memset(&from, 0, sizeof(from));
		from.sin6_family = AF_INET6;
		from.sin6_addr = d->src;
		memcpy(m->msg_name, &from, sizeof(from));
		m->msg_namelen = sizeof(from);
	} else {
		m->msg_namelen = 0;
	}
	if (d->has_pktinfo && ctl != NULL &&
	    room - used >= CMSG_SPACE(sizeof(struct in6_pktinfo))) {
		struct cmsghdr c = { .cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo)),
				     .cmsg_level = IPPROTO_IPV6,
				     .cmsg_type = IPV6_PKTINFO };
		struct in6_pktinfo pi = { .ipi6_addr = d->dst };

		memset(ctl + used, 0, CMSG_SPACE(sizeof(pi)));
		memcpy(ctl + used, &c, sizeof(c));
		memcpy(ctl + used + CMSG_LEN(0), &pi, sizeof(pi));
		used += CMSG_SPACE(sizeof(pi));
	}
	if (d->has_hops && ctl != NULL && room - used >= CMSG_SPACE(sizeof(int))) {
		struct cmsghdr c = { .cmsg_len = CMSG_LEN(sizeof(int)),
				     .cmsg_level = IPPROTO_IPV6,
				     .cmsg_type = IPV6_HOPLIMIT };

		memset(ctl + used, 0, CMSG_SPACE(sizeof(int)));
		memcpy(ctl + used, &c, sizeof(c));
		memcpy(ctl + used + CMSG_LEN(0), &d->hops, sizeof(d->hops));
		used += CMSG_SPACE(sizeof(int));
	}
	m->msg_controllen = used;
	if (d->ctrunc)
		m->msg_flags |= MSG_CTRUNC;
}

int
fuzz_sys_recvmmsg(int fd, struct mmsghdr *msgs, unsigned int vlen, int flags,
		  struct timespec *timeout)
{
	struct fuzz_sock *s = sock_of(fd);
	const struct fuzz_dgram *d;
	struct msghdr *m;
	uint64_t count;
	size_t room, n;

	if (s == NULL) {
		errno = ENOTSOCK;
		return -1;
	}
	if (s->pending == NULL || vlen == 0) {
		errno = EAGAIN;
		return -1;
	}
	d = s->pending;
	s->pending = NULL;
	/* No longer readable. */
	if (read(fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return -1;
	m = &msgs[0].msg_hdr;
	m->msg_flags = 0;
	room = m->msg_iovlen > 0 ? m->msg_iov[0].iov_len : 0;
	n = d->len < room ? d->len : room;
	if (n > 0)
		memcpy(m->msg_iov[0].iov_base, d->data, n);
	if (n < d->len || d->trunc)
		m->msg_flags |= MSG_TRUNC;
	if (s->domain == AF_INET6)
		fill_ipv6(m, d);
	else
		m->msg_controllen = 0;
	msgs[0].msg_len = (unsigned)n;
	return 1;
}
