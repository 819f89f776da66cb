/*
 * IPVS over generic netlink with libnl-genl-3. One request at a time on
 * one socket: build the message, send it, read until the kernel's ack (or
 * the end of a dump). The kernel's error comes back as errno.
 *
 * The kernel wants a whole service (scheduler, flags, timeout, netmask) on
 * add and change but only its identity on remove; a whole destination on
 * add and change, its address and port on remove.
 */
#include "config.h"

#include "keepalived/check/kernel/ipvs_nl.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib/log.h"
#include "lib/spawn.h"

struct ipvs_nl {
	struct nl_sock *sock;
	int family;
	int kernel_errno; /* from the last error message */
};

/* Requests --------------------------------------------------------------- */

static int
on_error(struct sockaddr_nl *who, struct nlmsgerr *err, void *arg)
{
	struct ipvs_nl *nl = arg;

	nl->kernel_errno = -err->error;
	return NL_STOP;
}

/* Send msg (freed here) and read the answers into cb/arg; 0 or -1 with errno. */
static int
request(struct ipvs_nl *nl, struct nl_msg *msg, nl_recvmsg_msg_cb_t cb, void *arg)
{
	int rc;

	nl->kernel_errno = 0;
	nl_socket_modify_err_cb(nl->sock, NL_CB_CUSTOM, on_error, nl);
	nl_socket_modify_cb(nl->sock, NL_CB_VALID, cb != NULL ? NL_CB_CUSTOM : NL_CB_DEFAULT, cb,
			    arg);
	rc = nl_send_auto(nl->sock, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		errno = EIO;
		return -1;
	}
	rc = cb != NULL ? nl_recvmsgs_default(nl->sock) : nl_wait_for_ack(nl->sock);
	if (nl->kernel_errno != 0) {
		errno = nl->kernel_errno;
		return -1;
	}
	if (rc < 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}

static struct nl_msg *
message(struct ipvs_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg == NULL)
		return NULL;
	if (genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, cmd,
			IPVS_GENL_VERSION) == NULL) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int
put_addr(struct nl_msg *msg, int attr, const struct check_addr *a)
{
	uint8_t bytes[16] = { 0 };

	memcpy(bytes, &a->u, a->family == AF_INET ? 4 : 16);
	return nla_put(msg, attr, sizeof(bytes), bytes);
}

/* The service: its identity, and with full its settings. */
static int
put_svc(struct nl_msg *msg, const struct check_ipvs_svc *s, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
	struct ip_vs_flags flags = { .flags = s->flags, .mask = ~0u };

	if (nest == NULL || nla_put_u16(msg, IPVS_SVC_ATTR_AF, (uint16_t)s->family) < 0)
		return -1;
	if (s->fwmark != 0) {
		if (nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, s->fwmark) < 0)
			return -1;
	} else if (nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, s->protocol) < 0 ||
		   put_addr(msg, IPVS_SVC_ATTR_ADDR, &s->addr) < 0 ||
		   nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(s->port)) < 0) {
		return -1;
	}
	if (full &&
	    (nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, s->sched) < 0 ||
	     nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags) < 0 ||
	     nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, s->timeout) < 0 ||
	     nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, s->netmask) < 0 ||
	     (s->pe_name[0] != '\0' && nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, s->pe_name) < 0)))
		return -1;
	return nla_nest_end(msg, nest);
}

static int
put_dest(struct nl_msg *msg, const struct check_ipvs_dest *d, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);

	if (nest == NULL || put_addr(msg, IPVS_DEST_ATTR_ADDR, &d->addr) < 0 ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(d->port)) < 0 ||
	    nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, (uint16_t)d->addr.family) < 0)
		return -1;
	if (full && (nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, d->conn_flags) < 0 ||
		     nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight) < 0 ||
		     nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, d->u_threshold) < 0 ||
		     nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, d->l_threshold) < 0))
		return -1;
	if (full && d->conn_flags == IP_VS_CONN_F_TUNNEL &&
	    (nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type) < 0 ||
	     nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port)) < 0 ||
	     nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags) < 0))
		return -1;
	return nla_nest_end(msg, nest);
}

static int
svc_cmd(struct ipvs_nl *nl, uint8_t cmd, const struct check_ipvs_svc *s, bool full)
{
	struct nl_msg *msg = message(nl, cmd, 0);

	if (msg == NULL || put_svc(msg, s, full) < 0) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return -1;
	}
	return request(nl, msg, NULL, NULL);
}

static int
dest_cmd(struct ipvs_nl *nl, uint8_t cmd, const struct check_ipvs_svc *s,
	 const struct check_ipvs_dest *d, bool full)
{
	struct nl_msg *msg = message(nl, cmd, 0);

	if (msg == NULL || put_svc(msg, s, false) < 0 || put_dest(msg, d, full) < 0) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return -1;
	}
	return request(nl, msg, NULL, NULL);
}

/* The ops -------------------------------------------------------------------- */

static int
op_svc_add(void *ctx, const struct check_ipvs_svc *s)
{
	return svc_cmd(ctx, IPVS_CMD_NEW_SERVICE, s, true);
}

static int
op_svc_edit(void *ctx, const struct check_ipvs_svc *s)
{
	return svc_cmd(ctx, IPVS_CMD_SET_SERVICE, s, true);
}

static int
op_svc_del(void *ctx, const struct check_ipvs_svc *s)
{
	return svc_cmd(ctx, IPVS_CMD_DEL_SERVICE, s, false);
}

static int
op_dest_add(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	return dest_cmd(ctx, IPVS_CMD_NEW_DEST, s, d, true);
}

static int
op_dest_edit(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	return dest_cmd(ctx, IPVS_CMD_SET_DEST, s, d, true);
}

static int
op_dest_del(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d)
{
	return dest_cmd(ctx, IPVS_CMD_DEL_DEST, s, d, false);
}

/* Listing ---------------------------------------------------------------- */

static void
get_addr(struct nlattr *a, int family, struct check_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	if (a != NULL)
		memcpy(&out->u, nla_data(a),
		       (size_t)nla_len(a) < sizeof(out->u) ? (size_t)nla_len(a) : sizeof(out->u));
}

static int
on_service(struct nl_msg *msg, void *arg)
{
	struct check_ipvs_table *t = arg;
	struct nlattr *cmd[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_SVC_ATTR_MAX + 1];
	struct check_ipvs_svc s = { 0 };

	if (genlmsg_parse(nlmsg_hdr(msg), 0, cmd, IPVS_CMD_ATTR_MAX, NULL) < 0 ||
	    cmd[IPVS_CMD_ATTR_SERVICE] == NULL ||
	    nla_parse_nested(a, IPVS_SVC_ATTR_MAX, cmd[IPVS_CMD_ATTR_SERVICE], NULL) < 0 ||
	    a[IPVS_SVC_ATTR_AF] == NULL)
		return NL_SKIP;
	s.family = nla_get_u16(a[IPVS_SVC_ATTR_AF]);
	if (a[IPVS_SVC_ATTR_FWMARK] != NULL)
		s.fwmark = nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]);
	if (s.fwmark == 0) {
		if (a[IPVS_SVC_ATTR_PROTOCOL] != NULL)
			s.protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
		get_addr(a[IPVS_SVC_ATTR_ADDR], s.family, &s.addr);
		if (a[IPVS_SVC_ATTR_PORT] != NULL)
			s.port = ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT]));
	}
	if (a[IPVS_SVC_ATTR_SCHED_NAME] != NULL)
		snprintf(s.sched, sizeof(s.sched), "%s",
			 nla_get_string(a[IPVS_SVC_ATTR_SCHED_NAME]));
	if (a[IPVS_SVC_ATTR_FLAGS] != NULL) {
		struct ip_vs_flags f;

		memcpy(&f, nla_data(a[IPVS_SVC_ATTR_FLAGS]), sizeof(f));
		/* The kernel reports HASHED on every service it holds. */
		s.flags = f.flags & ~(uint32_t)IP_VS_SVC_F_HASHED;
	}
	if (a[IPVS_SVC_ATTR_TIMEOUT] != NULL)
		s.timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
	if (a[IPVS_SVC_ATTR_NETMASK] != NULL)
		s.netmask = nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]);
	if (a[IPVS_SVC_ATTR_PE_NAME] != NULL)
		snprintf(s.pe_name, sizeof(s.pe_name), "%s",
			 nla_get_string(a[IPVS_SVC_ATTR_PE_NAME]));
	return check_table_add_svc(t, &s) == NULL ? NL_STOP : NL_OK;
}

static int
on_dest(struct nl_msg *msg, void *arg)
{
	struct check_ipvs_entry *e = arg;
	struct nlattr *cmd[IPVS_CMD_ATTR_MAX + 1], *a[IPVS_DEST_ATTR_MAX + 1];
	struct check_ipvs_dest d = { 0 };
	int family = e->svc.family;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, cmd, IPVS_CMD_ATTR_MAX, NULL) < 0 ||
	    cmd[IPVS_CMD_ATTR_DEST] == NULL ||
	    nla_parse_nested(a, IPVS_DEST_ATTR_MAX, cmd[IPVS_CMD_ATTR_DEST], NULL) < 0)
		return NL_SKIP;
	if (a[IPVS_DEST_ATTR_ADDR_FAMILY] != NULL)
		family = nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]);
	get_addr(a[IPVS_DEST_ATTR_ADDR], family, &d.addr);
	if (a[IPVS_DEST_ATTR_PORT] != NULL)
		d.port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
	if (a[IPVS_DEST_ATTR_FWD_METHOD] != NULL)
		d.conn_flags = nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	if (a[IPVS_DEST_ATTR_WEIGHT] != NULL)
		d.weight = (int)nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]);
	if (a[IPVS_DEST_ATTR_U_THRESH] != NULL)
		d.u_threshold = nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]);
	if (a[IPVS_DEST_ATTR_L_THRESH] != NULL)
		d.l_threshold = nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]);
	if (d.conn_flags == IP_VS_CONN_F_TUNNEL) {
		if (a[IPVS_DEST_ATTR_TUN_TYPE] != NULL)
			d.tun_type = nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]);
		if (a[IPVS_DEST_ATTR_TUN_PORT] != NULL)
			d.tun_port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT]));
		if (a[IPVS_DEST_ATTR_TUN_FLAGS] != NULL)
			d.tun_flags = nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
	}
	return check_table_add_dest(e, &d) == -1 ? NL_STOP : NL_OK;
}

static int
op_list(void *ctx, struct check_ipvs_table *out)
{
	struct ipvs_nl *nl = ctx;
	struct nl_msg *msg = message(nl, IPVS_CMD_GET_SERVICE, NLM_F_DUMP);

	if (msg == NULL)
		return -1;
	if (request(nl, msg, on_service, out) == -1)
		return -1;
	for (unsigned i = 0; i < out->n_svcs; i++) {
		msg = message(nl, IPVS_CMD_GET_DEST, NLM_F_DUMP);
		if (msg == NULL || put_svc(msg, &out->svcs[i].svc, false) < 0) {
			nlmsg_free(msg);
			return -1;
		}
		if (request(nl, msg, on_dest, &out->svcs[i]) == -1)
			return -1;
	}
	return 0;
}

struct check_ipvs_ops
ipvs_nl_ops(struct ipvs_nl *nl)
{
	return (struct check_ipvs_ops){ op_list,     op_svc_add,   op_svc_edit, op_svc_del,
					op_dest_add, op_dest_edit, op_dest_del, nl };
}

/* Sync daemon ------------------------------------------------------------- */

int
ipvs_nl_sync_start(struct ipvs_nl *nl, int state, const char *ifname, unsigned sync_id)
{
	struct nl_msg *msg = message(nl, IPVS_CMD_NEW_DAEMON, 0);
	struct nlattr *nest;

	if (msg == NULL || (nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON)) == NULL ||
	    nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, (uint32_t)state) < 0 ||
	    nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, ifname) < 0 ||
	    nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, sync_id) < 0 ||
	    nla_nest_end(msg, nest) < 0) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return -1;
	}
	return request(nl, msg, NULL, NULL);
}

int
ipvs_nl_sync_stop(struct ipvs_nl *nl, int state)
{
	struct nl_msg *msg = message(nl, IPVS_CMD_DEL_DAEMON, 0);
	struct nlattr *nest;

	if (msg == NULL || (nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON)) == NULL ||
	    nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, (uint32_t)state) < 0 ||
	    nla_nest_end(msg, nest) < 0) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return -1;
	}
	return request(nl, msg, NULL, NULL);
}

/* Connection timeouts -------------------------------------------------------- */

int
ipvs_nl_set_timeouts(struct ipvs_nl *nl, uint32_t tcp, uint32_t tcpfin, uint32_t udp)
{
	struct nl_msg *msg = message(nl, IPVS_CMD_SET_CONFIG, 0);

	/* An attribute left out keeps the kernel's value. */
	if (msg == NULL || (tcp != 0 && nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, tcp) < 0) ||
	    (tcpfin != 0 && nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, tcpfin) < 0) ||
	    (udp != 0 && nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, udp) < 0)) {
		nlmsg_free(msg);
		errno = ENOMEM;
		return -1;
	}
	return request(nl, msg, NULL, NULL);
}

/* Set-up ---------------------------------------------------------------------- */

/* modprobe ip_vs, waited for: start-up only. */
static void
load_module(void)
{
	char *argv[] = { "modprobe", "ip_vs", NULL };
	struct spawn_req req = { .path = "/sbin/modprobe", .argv = argv };
	pid_t pid = spawn_exec(&req);
	int status;

	if (pid > 0)
		waitpid(pid, &status, 0);
}

struct ipvs_nl *
ipvs_nl_open(void)
{
	struct ipvs_nl *nl = calloc(1, sizeof(*nl));

	if (nl == NULL)
		goto fail;
	nl->sock = nl_socket_alloc();
	if (nl->sock == NULL || genl_connect(nl->sock) < 0)
		goto fail;
	nl->family = genl_ctrl_resolve(nl->sock, IPVS_GENL_NAME);
	if (nl->family < 0) {
		load_module();
		nl->family = genl_ctrl_resolve(nl->sock, IPVS_GENL_NAME);
	}
	if (nl->family < 0) {
		errno = ENOENT;
		goto fail;
	}
	return nl;
fail:
	log_error("IPVS: Can't initialize ipvs: %s", strerror(errno ? errno : ENOMEM));
	ipvs_nl_close(nl);
	return NULL;
}

void
ipvs_nl_close(struct ipvs_nl *nl)
{
	if (nl == NULL)
		return;
	if (nl->sock != NULL)
		nl_socket_free(nl->sock);
	free(nl);
}
