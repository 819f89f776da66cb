/*
 * Address notifications for the checker process (check_nl_addr.h), on a
 * plain NETLINK_ROUTE socket: the checker needs nothing else of rtnetlink.
 */
#include "config.h"

#include "keepalived/check/kernel/check_nl_addr.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NL_ADDR_BUF 16384
#define NL_ADDR_READS 64 /* datagrams per readable event */

struct check_nl_addr {
	int fd;
	uint8_t buf[NL_ADDR_BUF];
};

/* One RTM_NEWADDR / RTM_DELADDR: the local address (IFA_LOCAL, else IFA_ADDRESS). */
static void
nl_addr_msg(const struct nlmsghdr *h, check_nl_addr_fn fn, void *arg)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *rta;
	const void *addr = NULL, *local = NULL;
	size_t alen;
	int len;

	if ((h->nlmsg_type != RTM_NEWADDR && h->nlmsg_type != RTM_DELADDR) ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return;
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa)));
	for (rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (RTA_PAYLOAD(rta) < alen)
			continue;
		if (rta->rta_type == IFA_LOCAL)
			local = RTA_DATA(rta);
		else if (rta->rta_type == IFA_ADDRESS)
			addr = RTA_DATA(rta);
	}
	if (local != NULL)
		addr = local;
	if (addr != NULL)
		fn(arg, ifa->ifa_family, addr, h->nlmsg_type == RTM_NEWADDR);
}

/* Walk one datagram; 1 at NLMSG_DONE or an error message, else 0. */
static int
nl_addr_walk(const uint8_t *buf, size_t n, check_nl_addr_fn fn, void *arg)
{
	const struct nlmsghdr *h;
	size_t len = n;

	for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
			return 1;
		nl_addr_msg(h, fn, arg);
	}
	return 0;
}

/* Only the kernel (port 0) is listened to. */
static ssize_t
nl_addr_recv(int fd, uint8_t *buf, size_t size, int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { buf, size };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1
	};
	ssize_t n;

	do
		n = recvmsg(fd, &msg, flags);
	while (n == -1 && errno == EINTR);
	if (n >= 0 &&
	    (msg.msg_namelen != sizeof(from) || from.nl_pid != 0 || (msg.msg_flags & MSG_TRUNC)))
		return 0;
	return n;
}

struct check_nl_addr *
check_nl_addr_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR };
	struct check_nl_addr *h = malloc(sizeof(*h));
	int saved;

	if (h == NULL)
		return NULL;
	h->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (h->fd == -1 || bind(h->fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		saved = errno;
		if (h->fd != -1)
			close(h->fd);
		free(h);
		errno = saved;
		return NULL;
	}
	return h;
}

void
check_nl_addr_close(struct check_nl_addr *h)
{
	if (h == NULL)
		return;
	close(h->fd);
	free(h);
}

int
check_nl_addr_fd(const struct check_nl_addr *h)
{
	return h->fd;
}

int
check_nl_addr_dump(check_nl_addr_fn fn, void *arg)
{
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg ifa;
	} req = { .h = { .nlmsg_len = sizeof(req),
			 .nlmsg_type = RTM_GETADDR,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			 .nlmsg_seq = 1 } };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct timeval tv = { 2, 0 }; /* the kernel answers at once; never hang */
	uint8_t *buf = malloc(NL_ADDR_BUF);
	int fd, rc = -1, done = 0;
	ssize_t n;

	if (buf == NULL)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		goto out;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1 ||
	    sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)) == -1)
		goto out;
	while (!done) {
		n = nl_addr_recv(fd, buf, NL_ADDR_BUF, 0);
		if (n <= 0)
			goto out;
		done = nl_addr_walk(buf, (size_t)n, fn, arg);
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	free(buf);
	return rc;
}

void
check_nl_addr_read(struct check_nl_addr *h, check_nl_addr_fn fn, void *arg)
{
	ssize_t n;

	for (int i = 0; i < NL_ADDR_READS; i++) {
		n = nl_addr_recv(h->fd, h->buf, sizeof(h->buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS)
			continue; /* overrun: some changes are lost, as keepalived loses them */
		if (n == 0)
			continue; /* not from the kernel */
		if (n < 0)
			return;
		nl_addr_walk(h->buf, (size_t)n, fn, arg);
	}
}
