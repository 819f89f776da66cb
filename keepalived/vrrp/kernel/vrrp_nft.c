/*
 * no_accept mode through nftables (kernel layer): the netlink socket and
 * the batches of vrrp_nft_build.c. Each call sends one batch and waits for
 * the kernel's answer to every message in it, so a caller knows the rules
 * are in place (or why not) when the call returns. No decisions here: the
 * run-time layer says when addresses go in and out.
 */
#include "keepalived/vrrp/kernel/vrrp_nft.h"
#include "keepalived/vrrp/kernel/vrrp_nft_priv.h"

#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "lib/log.h"

struct vrrp_nft {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	struct vrrp_nft_opts opts;
	bool vmac_rules; /* the VMAC map, set and rules are in the tables */
	/* The VMACs last put in them (vrrp_nft_vmacs()). */
	struct vrrp_nft_vmac vmacs[VRRP_NFT_VMACS_MAX];
	size_t nvmacs;
};

/*
 * Wait for the answers to the nmsgs messages sent with sequence numbers
 * from first: an ack (error 0) or an error each. The kernel undoes the
 * whole batch on any error; the first is returned as -errno.
 */
static int
nft_wait_acks(struct vrrp_nft *nft, uint32_t first, int nmsgs)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int answered = 0, err = 0;

	while (answered < nmsgs) {
		ssize_t len = mnl_socket_recvfrom(nft->nl, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int left = (int)len;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return err != 0 ? err : -errno;
		}
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq < first)
				continue;
			answered++;
			if (e->error != 0 && err == 0)
				err = e->error;
		}
		/* After an error the kernel answers only the failed messages: stop waiting. */
		if (err != 0)
			break;
	}
	/* Drop what may still be queued from an aborted batch. */
	if (err != 0)
		while (recv(mnl_socket_get_fd(nft->nl), buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	return err;
}

/*
 * Build one batch with build(arg) between the begin and end markers, send
 * it and wait for its answers. Returns 0 or -errno.
 */
static int
nft_send(struct vrrp_nft *nft, size_t naddrs,
	 int (*build)(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg), const void *arg)
{
	size_t limit = vrrp_nft_batch_limit(naddrs);
	/* libmnl writes a message before it checks the limit: twice the room.
	 * Zeroed: netlink attribute padding goes to the kernel as it is. */
	char *buf = calloc(2, limit);
	struct mnl_nlmsg_batch *b = NULL;
	uint32_t first;
	int n, ret = -ENOMEM;

	if (buf == NULL)
		goto out;
	b = mnl_nlmsg_batch_start(buf, limit);
	if (b == NULL)
		goto out;
	if (vrrp_nft_build_begin(b, &nft->seq) < 0)
		goto out;
	first = nft->seq;
	n = build(b, &nft->seq, arg);
	if (n < 0 || vrrp_nft_build_end(b, &nft->seq) < 0)
		goto out;
	if (n == 0) {
		ret = 0;
		goto out;
	}
	if (mnl_socket_sendto(nft->nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0) {
		ret = -errno;
		goto out;
	}
	ret = nft_wait_acks(nft, first, n);
out:
	if (b != NULL)
		mnl_nlmsg_batch_stop(b);
	free(buf);
	return ret;
}

struct elems_arg {
	const struct vrrp_nft_opts *opts;
	enum vrrp_nft_op op;
	const struct vrrp_nft_addr *addrs;
	size_t n;
};

static int
build_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	const struct elems_arg *a = arg;

	return vrrp_nft_build_elems(b, seq, vrrp_nft_table_name(a->opts), a->op, a->addrs, a->n);
}

/* The empty tables, then the elements of a (ADD). */
static int
build_setup(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	const struct elems_arg *a = arg;
	int n = vrrp_nft_build_setup(b, seq, a->opts), m;

	if (n < 0)
		return -1;
	m = build_elems(b, seq, arg);
	return m < 0 ? -1 : n + m;
}

/* Empty the sets, then the elements of a (ADD). */
static int
build_replace(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	const struct elems_arg *a = arg;
	int n = vrrp_nft_build_flush(b, seq, vrrp_nft_table_name(a->opts)), m;

	if (n < 0)
		return -1;
	m = build_elems(b, seq, arg);
	return m < 0 ? -1 : n + m;
}

static int
build_vmac_setup(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	const struct vrrp_nft_opts *opts = arg;

	return vrrp_nft_build_vmac_setup(b, seq, vrrp_nft_table_name(opts), opts->counters);
}

struct vmacs_arg {
	const char *table;
	const struct vrrp_nft_vmac *v;
	size_t n;
};

static int
build_vmacs(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	const struct vmacs_arg *a = arg;

	return vrrp_nft_build_vmac_elems(b, seq, a->table, a->v, a->n);
}

static int
build_teardown(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	return vrrp_nft_build_teardown(b, seq, arg, true);
}

int
vrrp_nft_open(const struct vrrp_nft_opts *opts, struct vrrp_nft **out)
{
	return vrrp_nft_open_with(opts, NULL, 0, out);
}

int
vrrp_nft_open_with(const struct vrrp_nft_opts *opts, const struct vrrp_nft_addr *addrs, size_t n,
		   struct vrrp_nft **out)
{
	struct vrrp_nft *nft = calloc(1, sizeof(*nft));
	struct elems_arg a;
	int ret;

	*out = NULL;
	if (nft == NULL) {
		log_error("nftables: out of memory");
		return -1;
	}
	nft->opts = *opts;
	nft->seq = (uint32_t)time(NULL);
	nft->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (nft->nl == NULL || mnl_socket_bind(nft->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		log_warn("nftables: netlink socket");
		goto fail;
	}
	nft->portid = mnl_socket_get_portid(nft->nl);
	a = (struct elems_arg){ &nft->opts, VRRP_NFT_ADD, addrs, n };
	ret = nft_send(nft, n, build_setup, &a);
	if (ret != 0) {
		log_error("nftables: cannot create table %s: %s", vrrp_nft_table_name(opts),
			  strerror(-ret));
		goto fail;
	}
	log_info("nftables: table %s created (ip, ip6)", vrrp_nft_table_name(opts));
	/* Apart: a kernel without meta oifkind (before 5.1) still gets the rest. */
	ret = nft_send(nft, 0, build_vmac_setup, &nft->opts);
	if (ret != 0)
		log_warnx("nftables: table %s: no rules for VMACs' multicast reports: %s",
			  vrrp_nft_table_name(opts), strerror(-ret));
	nft->vmac_rules = ret == 0;
	*out = nft;
	return 0;
fail:
	if (nft->nl != NULL)
		mnl_socket_close(nft->nl);
	free(nft);
	return -1;
}

int
vrrp_nft_vips(struct vrrp_nft *nft, enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs,
	      size_t n)
{
	struct elems_arg a = { &nft->opts, op, addrs, n };
	int ret = nft_send(nft, n, build_elems, &a);

	if (ret != 0) {
		log_error("nftables: cannot %s %zu address%s %s table %s: %s",
			  op == VRRP_NFT_ADD ? "add" : "remove", n, n == 1 ? "" : "es",
			  op == VRRP_NFT_ADD ? "to" : "from", vrrp_nft_table_name(&nft->opts),
			  strerror(-ret));
		return -1;
	}
	return 0;
}

int
vrrp_nft_replace(struct vrrp_nft *nft, const struct vrrp_nft_addr *addrs, size_t n)
{
	struct elems_arg a = { &nft->opts, VRRP_NFT_ADD, addrs, n };
	int ret = nft_send(nft, n, build_replace, &a);

	if (ret != 0) {
		log_error("nftables: cannot set the %zu address%s of table %s: %s", n,
			  n == 1 ? "" : "es", vrrp_nft_table_name(&nft->opts), strerror(-ret));
		return -1;
	}
	return 0;
}

int
vrrp_nft_vmacs(struct vrrp_nft *nft, const struct vrrp_nft_vmac *v, size_t n)
{
	struct vmacs_arg a = { vrrp_nft_table_name(&nft->opts), v, n };
	int ret;

	if (!nft->vmac_rules)
		return -1;
	if (n > VRRP_NFT_VMACS_MAX)
		n = VRRP_NFT_VMACS_MAX;
	if (n == nft->nvmacs && memcmp(v, nft->vmacs, n * sizeof(*v)) == 0)
		return 0;
	a.n = n;
	ret = nft_send(nft, n, build_vmacs, &a);
	if (ret != 0) {
		log_error("nftables: cannot set the %zu VMAC%s of table %s: %s", n,
			  n == 1 ? "" : "s", vrrp_nft_table_name(&nft->opts), strerror(-ret));
		return -1;
	}
	memcpy(nft->vmacs, v, n * sizeof(*v));
	nft->nvmacs = n;
	return 0;
}

const struct vrrp_nft_opts *
vrrp_nft_opts(const struct vrrp_nft *nft)
{
	return &nft->opts;
}

void
vrrp_nft_close(struct vrrp_nft *nft)
{
	int ret;

	if (nft == NULL)
		return;
	ret = nft_send(nft, 0, build_teardown, vrrp_nft_table_name(&nft->opts));
	if (ret != 0)
		log_error("nftables: cannot remove table %s: %s", vrrp_nft_table_name(&nft->opts),
			  strerror(-ret));
	else
		log_info("nftables: table %s removed", vrrp_nft_table_name(&nft->opts));
	mnl_socket_close(nft->nl);
	free(nft);
}

void
vrrp_nft_detach(struct vrrp_nft *nft)
{
	if (nft == NULL)
		return;
	mnl_socket_close(nft->nl);
	free(nft);
}

int
vrrp_nft_socket(struct vrrp_nft **out)
{
	struct vrrp_nft *nft = calloc(1, sizeof(*nft));

	*out = NULL;
	if (nft == NULL)
		return -ENOMEM;
	nft->seq = (uint32_t)time(NULL);
	nft->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (nft->nl == NULL || mnl_socket_bind(nft->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		if (nft->nl != NULL)
			mnl_socket_close(nft->nl);
		free(nft);
		return err;
	}
	nft->portid = mnl_socket_get_portid(nft->nl);
	*out = nft;
	return 0;
}

int
vrrp_nft_batch(struct vrrp_nft *nft, size_t naddrs,
	       int (*build)(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg),
	       const void *arg)
{
	return nft_send(nft, naddrs, build, arg);
}
