/*
 * IPVS through generic netlink (libnl-genl-3), never by running ipvsadm:
 * services and destinations (add, change, remove, list) and the sync
 * daemon. The calls wait for the kernel's answer; IPVS commands are
 * handled at once in the kernel, and this runs in the checker process,
 * never in the one sending VRRP adverts.
 */
#ifndef IPVS_NL_H
#define IPVS_NL_H

#include <stdint.h>

#include "keepalived/check/proto/check_reconcile.h"

struct ipvs_nl;

/*
 * Connect and find the IPVS family; when the kernel does not know it, load
 * the module (modprobe ip_vs, as keepalived does) and try again. Returns
 * NULL and logs keepalived's "IPVS: Can't initialize ipvs: ..." on failure.
 */
struct ipvs_nl *ipvs_nl_open(void);
void ipvs_nl_close(struct ipvs_nl *nl);

/* The command interface of check_reconcile.h on this connection. */
struct check_ipvs_ops ipvs_nl_ops(struct ipvs_nl *nl);

/* Sync daemon: state 1 master, 2 backup (IP_VS_STATE_*). 0 or -1 (errno). */
int ipvs_nl_sync_start(struct ipvs_nl *nl, int state, const char *ifname, unsigned sync_id);
int ipvs_nl_sync_stop(struct ipvs_nl *nl, int state);

/* lvs_timeouts: seconds, 0 leaves that one as it is. 0 or -1 (errno). */
int ipvs_nl_set_timeouts(struct ipvs_nl *nl, uint32_t tcp, uint32_t tcpfin, uint32_t udp);

#endif
