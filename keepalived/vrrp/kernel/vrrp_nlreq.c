/*
 * The shared rtnetlink request socket (vrrp_nlreq.h): opening it, packing
 * requests into one datagram, reading their acknowledgements with the
 * kernel's extended-ack explanation, and dumps. It decides nothing: what a
 * failure means is up to the caller's ack callback.
 */
#include "config.h"

#include <errno.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "lib/log.h"
#include "keepalived/vrrp/kernel/vrrp_nlreq.h"

/* Every ack of a full batch fits, with a wide margin, so none is dropped. */
#define NLREQ_SOCK_RCVBUF (1024 * 1024)

struct vrrp_nlreq {
	struct nl_sock *sk;
	const char *who;
	uint32_t seq;
	uint8_t *txbuf;
	size_t txlen;   /* bytes of the batch */
	size_t txcount; /* requests in it */
	uint8_t *rxbuf;
};

/* The handle ---------------------------------------------------------------- */

/* Blocking with a time limit, short acks with reasons. */
static int
nlreq_setup(struct vrrp_nlreq *rq)
{
	struct timeval tv = { .tv_sec = VRRP_NLREQ_TIMEOUT_S };
	int fd = nl_socket_get_fd(rq->sk), one = 1, size = NLREQ_SOCK_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) == -1 &&
	    nl_socket_set_buffer_size(rq->sk, size, 0) < 0)
		log_warnx("%s: cannot enlarge the request socket's receive buffer", rq->who);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1) {
		log_warn("%s: SO_RCVTIMEO", rq->who);
		return -1;
	}
	/* Acks without a copy of the request, and with the kernel's reason. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

struct vrrp_nlreq *
vrrp_nlreq_open(const char *who)
{
	struct vrrp_nlreq *rq = calloc(1, sizeof(*rq));
	int err;

	if (rq == NULL || (rq->sk = nl_socket_alloc()) == NULL ||
	    (rq->txbuf = malloc(VRRP_NLREQ_TXBUF)) == NULL ||
	    (rq->rxbuf = malloc(VRRP_NLREQ_RXBUF)) == NULL) {
		log_warnx("%s: out of memory", who);
		goto error;
	}
	rq->who = who;
	if ((err = nl_connect(rq->sk, NETLINK_ROUTE)) < 0) {
		log_warnx("%s: cannot open a request socket - %s", who, nl_geterror(err));
		goto error;
	}
	if (nlreq_setup(rq) == -1)
		goto error;
	rq->seq = (uint32_t)time(NULL);
	return rq;
error:
	vrrp_nlreq_close(rq);
	return NULL;
}

void
vrrp_nlreq_close(struct vrrp_nlreq *rq)
{
	if (rq == NULL)
		return;
	if (rq->sk != NULL)
		nl_socket_free(rq->sk);
	free(rq->txbuf);
	free(rq->rxbuf);
	free(rq);
}

struct nl_sock *
vrrp_nlreq_sock(struct vrrp_nlreq *rq)
{
	return rq->sk;
}

uint32_t
vrrp_nlreq_next_seq(struct vrrp_nlreq *rq)
{
	return ++rq->seq;
}

/* Raw helpers --------------------------------------------------------------- */

ssize_t
vrrp_nlreq_recv_kernel(int fd, uint8_t *buf, size_t len, int flags, bool *truncated)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1
	};
	ssize_t n;

	memset(&sa, 0, sizeof(sa));
	n = recvmsg(fd, &mh, flags);
	if (n < 0)
		return -1;
	*truncated = false;
	if (mh.msg_namelen != sizeof(sa) || sa.nl_pid != 0)
		return 0;
	*truncated = (mh.msg_flags & MSG_TRUNC) != 0;
	return n;
}

static int
nlreq_send_kernel(struct vrrp_nlreq *rq, const void *buf, size_t len)
{
	struct sockaddr_nl sa;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(nl_socket_get_fd(rq->sk), buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return 0;
}

const char *
vrrp_nlreq_ext_ack(const struct nlmsghdr *nlh)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	struct nlattr *attrs;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	/* Without NETLINK_CAP_ACK the request follows, before the attributes. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	off = NLMSG_ALIGN(off);
	if (NLMSG_LENGTH(off) >= nlh->nlmsg_len)
		return NULL;
	attrs = (struct nlattr *)((uint8_t *)NLMSG_DATA(nlh) + off);
	len = (int)(nlh->nlmsg_len - NLMSG_LENGTH(off));
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL) < 0 ||
	    tb[NLMSGERR_ATTR_MSG] == NULL || nla_len(tb[NLMSGERR_ATTR_MSG]) < 1)
		return NULL;
	/* Only a terminated string is one. */
	if (((const char *)nla_data(tb[NLMSGERR_ATTR_MSG]))[nla_len(tb[NLMSGERR_ATTR_MSG]) - 1])
		return NULL;
	return nla_get_string(tb[NLMSGERR_ATTR_MSG]);
}

/* Batches ------------------------------------------------------------------- */

int
vrrp_nlreq_batch_add(struct vrrp_nlreq *rq, const struct nlmsghdr *nlh, uint32_t *seq)
{
	size_t aligned = NLMSG_ALIGN(nlh->nlmsg_len);
	struct nlmsghdr *copy;

	if (rq->txcount == VRRP_NLREQ_BATCH_MAX || rq->txlen + aligned > VRRP_NLREQ_TXBUF)
		return -1;
	copy = (struct nlmsghdr *)(rq->txbuf + rq->txlen);
	memcpy(copy, nlh, nlh->nlmsg_len);
	memset((uint8_t *)copy + nlh->nlmsg_len, 0, aligned - nlh->nlmsg_len);
	/* libnl adds NLM_F_REQUEST when it sends; without it the kernel acks and ignores. */
	copy->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	copy->nlmsg_seq = *seq = ++rq->seq;
	rq->txlen += aligned;
	rq->txcount++;
	return 0;
}

size_t
vrrp_nlreq_batch_count(const struct vrrp_nlreq *rq)
{
	return rq->txcount;
}

int
vrrp_nlreq_batch_send(struct vrrp_nlreq *rq)
{
	int r = 0;

	if (rq->txcount > 0)
		r = nlreq_send_kernel(rq, rq->txbuf, rq->txlen);
	rq->txlen = rq->txcount = 0;
	return r;
}

int
vrrp_nlreq_collect(struct vrrp_nlreq *rq, size_t pending, vrrp_nlreq_ack_fn ack, void *arg)
{
	int fd = nl_socket_get_fd(rq->sk), rem;
	struct nlmsghdr *nlh;
	bool truncated;
	ssize_t n;

	while (pending > 0) {
		n = vrrp_nlreq_recv_kernel(fd, rq->rxbuf, VRRP_NLREQ_RXBUF, 0, &truncated);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* Lost or late acknowledgements: the outcome is unknown. */
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				errno = ETIMEDOUT;
			return -1;
		}
		rem = (int)n;
		for (nlh = (struct nlmsghdr *)rq->rxbuf; nlmsg_ok(nlh, rem) && pending > 0;
		     nlh = nlmsg_next(nlh, &rem)) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);
			int err;

			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				continue;
			err = -e->error;
			if (ack(arg, nlh->nlmsg_seq, err,
				err != 0 ? vrrp_nlreq_ext_ack(nlh) : NULL) == 1)
				pending--;
		}
	}
	return 0;
}

/* Dumps --------------------------------------------------------------------- */

int
vrrp_nlreq_dump(struct vrrp_nlreq *rq, int type, const void *hdr, size_t hdrlen,
		vrrp_nlreq_msg_fn cb, void *arg)
{
	int fd = nl_socket_get_fd(rq->sk), r = -1, rem;
	uint32_t seq = vrrp_nlreq_next_seq(rq);
	bool intr = false, truncated;
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	ssize_t n;

	msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_DUMP);
	if (msg == NULL || nlmsg_append(msg, (void *)hdr, hdrlen, NLMSG_ALIGNTO) < 0) {
		log_warnx("%s: %s: out of memory", rq->who, __func__);
		goto done;
	}
	nlmsg_hdr(msg)->nlmsg_seq = seq;
	if (nlreq_send_kernel(rq, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len) == -1) {
		log_warn("%s: cannot request a dump", rq->who);
		goto done;
	}
	for (;;) {
		n = vrrp_nlreq_recv_kernel(fd, rq->rxbuf, VRRP_NLREQ_RXBUF, 0, &truncated);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || truncated) {
			log_warn("%s: dump failed", rq->who);
			goto done;
		}
		rem = (int)n;
		for (nlh = (struct nlmsghdr *)rq->rxbuf; nlmsg_ok(nlh, rem);
		     nlh = nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				r = intr ? 1 : 0;
				goto done;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				errno = -e->error;
				log_warn("%s: dump refused", rq->who);
				goto done;
			}
			cb(arg, nlh);
		}
	}
done:
	if (msg != NULL)
		nlmsg_free(msg);
	return r;
}
