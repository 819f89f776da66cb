/*
 * The rtnetlink request socket that the kernel-interface modules share:
 * VIPs and the interface dumps (vrrp_netlink.c, vrrp_nl_vips.c), routes,
 * rules and static addresses (vrrp_route_nl.c) and VMAC links
 * (vrrp_vmac.c). Each of them opens its own handle; this module only holds
 * what they would otherwise each write again.
 *
 * A handle is a blocking NETLINK_ROUTE socket with a receive time limit,
 * short acknowledgements (NETLINK_CAP_ACK) that carry the kernel's reason
 * (NETLINK_EXT_ACK), a receive buffer large enough for every ack of a full
 * batch, and one transmit buffer in which requests are packed back-to-back.
 * rtnetlink handles a datagram message by message in the sender's context,
 * so once vrrp_nlreq_batch_send() returns every answer is already queued:
 * N requests cost one send and a few receives instead of N round trips.
 */
#ifndef VRRP_NLREQ_H
#define VRRP_NLREQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nl_sock;
struct nlmsghdr;
struct vrrp_nlreq;

#define VRRP_NLREQ_BATCH_MAX 64      /* requests per datagram */
#define VRRP_NLREQ_TXBUF (64 * 1024) /* bytes per datagram */
#define VRRP_NLREQ_RXBUF (64 * 1024) /* more than the kernel puts in one dump datagram */
#define VRRP_NLREQ_TIMEOUT_S 2       /* how long the kernel may stay silent */

/*
 * Open a request socket. who prefixes the log lines ("Netlink", "routes:
 * Netlink", "vmac"). Returns NULL (logged) on failure.
 */
struct vrrp_nlreq *vrrp_nlreq_open(const char *who);
void vrrp_nlreq_close(struct vrrp_nlreq *rq);

/*
 * The libnl socket underneath, for libnl's own synchronous calls (VMAC
 * links). Those run their own sequence numbers: do not mix them with a
 * batch in flight.
 */
struct nl_sock *vrrp_nlreq_sock(struct vrrp_nlreq *rq);

/* A fresh sequence number (for a dump). */
uint32_t vrrp_nlreq_next_seq(struct vrrp_nlreq *rq);

/* Batches ------------------------------------------------------------------ */

/*
 * Append a copy of the request nlh to the batch, asking for an
 * acknowledgement under a sequence number of its own, stored in *seq.
 * Returns 0, or -1 when the batch is full (send it, then add again).
 */
int vrrp_nlreq_batch_add(struct vrrp_nlreq *rq, const struct nlmsghdr *nlh, uint32_t *seq);
/* Requests in the batch not yet sent. */
size_t vrrp_nlreq_batch_count(const struct vrrp_nlreq *rq);
/*
 * Send the batch as one datagram and empty it. Returns 0, or -1 with errno
 * set when it could not be sent (no request of it reached the kernel).
 */
int vrrp_nlreq_batch_send(struct vrrp_nlreq *rq);

/*
 * Called with each acknowledgement read: its sequence number, the outcome
 * (a positive errno, 0 for success) and the kernel's explanation of a
 * failure or NULL. Returns 1 if it answered a request still waiting, else
 * 0 (an answer to a batch that timed out earlier, say).
 */
typedef int (*vrrp_nlreq_ack_fn)(void *arg, uint32_t seq, int err, const char *why);

/*
 * Read acknowledgements until `pending` of them were answers (ack returned
 * 1). Returns 0, or -1 with errno set (ETIMEDOUT when the kernel stayed
 * silent): then the requests not answered have an unknown outcome.
 */
int vrrp_nlreq_collect(struct vrrp_nlreq *rq, size_t pending, vrrp_nlreq_ack_fn ack, void *arg);

/* Dumps -------------------------------------------------------------------- */

/* Called with each message of a dump that belongs to it. */
typedef void (*vrrp_nlreq_msg_fn)(void *arg, struct nlmsghdr *nlh);

/*
 * One NLM_F_DUMP request of the given type, whose family header (hdrlen
 * bytes of zeroes will do) follows the netlink header. Returns 0, 1 when
 * the kernel flagged the dump as interrupted by a change (redo it), -1 on
 * failure (logged).
 */
int vrrp_nlreq_dump(struct vrrp_nlreq *rq, int type, const void *hdr, size_t hdrlen,
		    vrrp_nlreq_msg_fn msg, void *arg);

/* Raw helpers -------------------------------------------------------------- */

/*
 * Receive one datagram from fd into buf. Returns its length, 0 for one that
 * did not come from the kernel (any local process may unicast to our port),
 * -1 with errno set. *truncated tells whether it did not fit.
 */
ssize_t vrrp_nlreq_recv_kernel(int fd, uint8_t *buf, size_t len, int flags, bool *truncated);

/* The kernel's explanation in an extended acknowledgement, or NULL. */
const char *vrrp_nlreq_ext_ack(const struct nlmsghdr *nlh);

#endif
