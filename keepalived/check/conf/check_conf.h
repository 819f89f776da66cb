/*
 * The checker's configuration model: virtual servers (by address and port,
 * by fwmark, by group), virtual_server_group entries, real servers with
 * their checker blocks, and the global SSL block, as keepalived 2.2.7 reads
 * them from keepalived.conf. Built by the keyword handlers of check_conf.c
 * and completed (defaults, inheritance, keepalived's verdicts on blocks it
 * drops) by check_conf_complete() once the whole file has been read.
 *
 * The checker blocks inside a real_server (HTTP_GET, TCP_CHECK, ...) are
 * parsed by check_conf_probe.c (keepalived/check/run/check_probe.h) into
 * the real server's probe list.
 */
#ifndef CHECK_CONF_H
#define CHECK_CONF_H

#include <stdbool.h>
#include <stdint.h>

#include "keepalived/check/conf/check_probe_conf.h"
#include "keepalived/vrrp/conf/vrrp_tuning.h"
#include "lib/conf_reader.h"

/* IPVS forwarding methods (the kernel's IP_VS_CONN_F_* values). */
enum check_fwd {
	CHECK_FWD_NAT = 0, /* IP_VS_CONN_F_MASQ */
	CHECK_FWD_TUN = 2, /* IP_VS_CONN_F_TUNNEL */
	CHECK_FWD_DR = 3,  /* IP_VS_CONN_F_DROUTE */
};

/* TUN's encapsulation (IP_VS_CONN_F_TUNNEL_TYPE_*) and checksum flags. */
enum check_tun_type {
	CHECK_TUN_IPIP = 0,
	CHECK_TUN_GUE = 1,
	CHECK_TUN_GRE = 2
};
#define CHECK_TUN_F_NOCSUM 0x0
#define CHECK_TUN_F_CSUM 0x1
#define CHECK_TUN_F_REMCSUM 0x2

struct check_fwd_conf {
	enum check_fwd method;
	enum check_tun_type tun_type;
	uint16_t tun_port; /* gue only */
	uint16_t tun_flags;
	bool given;
};

#define CHECK_SCRIPT_MAX 1024

struct check_rs_conf {
	/* First member: check_probe.h's real_server object contract. */
	struct check_probe_list probes;

	struct check_addr addr;
	uint16_t port; /* host order; 0 for fwmark services */
	/* Where the checkers connect: the port as written, which keepalived's
	 * checkers keep when a DR/TUN port is reset; else port. */
	uint16_t probe_port;
	int weight; /* default 1; 0 keeps it out of service */
	uint32_t u_threshold, l_threshold;
	struct check_fwd_conf fwd; /* default: the virtual server's */

	/* Inherited from the virtual server where not given (the _given flags). */
	bool inhibit_on_failure, inhibit_given;
	bool alpha, alpha_given;
	unsigned retry;
	bool retry_given;
	uint64_t delay_before_retry_us, delay_loop_us, warmup_us, connect_timeout_us;
	bool delay_before_retry_given, delay_loop_given, warmup_given, connect_timeout_given;
	char virtualhost[CHECK_HOST_MAX];

	char notify_up[CHECK_SCRIPT_MAX]; /* empty: none */
	char notify_down[CHECK_SCRIPT_MAX];

	char file[256];
	int line;
	struct check_rs_conf *next;
};

enum check_vs_kind {
	CHECK_VS_ADDR,
	CHECK_VS_FWMARK,
	CHECK_VS_GROUP
};

/* One line of a virtual_server_group. */
struct check_vsg_entry {
	bool is_fwmark;
	uint32_t fwmark;
	int family;              /* fwmark: AF_INET, AF_INET6 or 0 (the VS's) */
	struct check_addr first; /* an address entry: first..last inclusive */
	struct check_addr last;
	uint16_t port;
	struct check_vsg_entry *next;
};

struct check_vsg_conf {
	char name[64];
	struct check_vsg_entry *entries;
	unsigned n_entries;
	char file[256];
	int line;
	struct check_vsg_conf *next;
};

#define CHECK_SCHED_MAX 16
#define CHECK_PE_MAX 16

/* Scheduler flags (IP_VS_SVC_F_SCHED1..3, ONEPACKET, HASHED, PERSISTENT). */
#define CHECK_SVC_F_PERSISTENT 0x0001
#define CHECK_SVC_F_HASHED 0x0002
#define CHECK_SVC_F_ONEPACKET 0x0004
#define CHECK_SVC_F_SCHED1 0x0008
#define CHECK_SVC_F_SCHED2 0x0010
#define CHECK_SVC_F_SCHED3 0x0020

struct check_vs_conf {
	enum check_vs_kind kind;
	struct check_addr addr; /* CHECK_VS_ADDR */
	uint16_t port;
	uint32_t fwmark;      /* CHECK_VS_FWMARK */
	char group[64];       /* CHECK_VS_GROUP */
	uint32_t auto_fwmark; /* nftables_ipvs: the group's fwmark (check_nft_marks.h); 0: none */
	int family;           /* ip_family, or the address's; 0 until known */
	int protocol;         /* IPPROTO_TCP, _UDP, _SCTP; 0 until completed */
	bool protocol_none;   /* fwmark without protocol: keepalived names it "none" */

	char sched[CHECK_SCHED_MAX];    /* default "wlc" */
	uint32_t svc_flags;             /* CHECK_SVC_F_* other than PERSISTENT */
	struct check_fwd_conf fwd;      /* default NAT */
	uint32_t persistence_timeout_s; /* 0: not persistent */
	uint32_t persistence_netmask;   /* IPv4: netmask; IPv6: prefix length */
	bool granularity_given;
	char persistence_engine[CHECK_PE_MAX];

	uint32_t quorum; /* default 1 */
	uint32_t hysteresis;
	char quorum_up[CHECK_SCRIPT_MAX], quorum_down[CHECK_SCRIPT_MAX];
	bool ha_suspend;
	bool alpha, omega;
	bool inhibit_on_failure;
	char virtualhost[CHECK_HOST_MAX];
	int weight; /* virtual server weight: default 1 (unused by IPVS) */

	/* Real server defaults. */
	uint64_t delay_loop_us; /* default 60 s */
	uint64_t delay_before_retry_us;
	bool delay_before_retry_given;
	unsigned retry;
	bool retry_given;
	uint64_t warmup_us;
	bool warmup_given;
	uint64_t connect_timeout_us; /* default 5 s */

	/* sorry_server ADDRESS PORT */
	bool has_sorry;
	struct check_addr sorry_addr;
	uint16_t sorry_port;
	bool sorry_inhibit;
	struct check_fwd_conf sorry_fwd;

	struct check_rs_conf *rs;
	unsigned n_rs;

	char file[256];
	int line;
	struct check_vs_conf *next;
};

/* lvs_flush_on_stop: what the checker removes at stop. */
enum check_flush_stop {
	CHECK_FLUSH_STOP_NONE, /* the services it made (the default) */
	CHECK_FLUSH_STOP_ALL,  /* every service in IPVS */
	CHECK_FLUSH_STOP_VS,   /* the services it made, each whole */
};

/* lvs_timeouts: indexes of check_conf.lvs_timeout. */
enum {
	CHECK_LVS_TIMEOUT_TCP,
	CHECK_LVS_TIMEOUT_TCPFIN,
	CHECK_LVS_TIMEOUT_UDP
};

struct check_conf {
	struct check_vs_conf *vs;
	unsigned n_vs;
	struct check_vsg_conf *groups;
	struct check_ssl_conf ssl;
	/* global_defs lvs_sync_daemon IFACE INSTANCE [id N] */
	char sync_iface[16];
	char sync_instance[64];
	unsigned sync_id;
	bool sync_given;
	/* The checker's global_defs keywords (check_conf_global.c). */
	bool log_all_failures; /* checker_log_all_failures */
	bool lvs_flush;
	enum check_flush_stop flush_on_stop;
	uint32_t lvs_timeout[3]; /* seconds; 0: left as it is */
	bool lvs_timeouts_given;
	bool rs_init_notifies;
	/*
	 * lvs_netlink_{cmd,monitor}_rcv_bufs[_force], read by conf_globals.c as
	 * the vrrp_ ones: the nl_* members only; the checker's rtnetlink sockets.
	 */
	struct vrrp_tuning_conf nl_tuning;
	/* nftables_ipvs [TABLE], nftables_ipvs_priority, nftables_ipvs_start_fwmark */
	bool nft_ipvs;
	char nft_table[64];
	int32_t nft_priority;
	uint32_t nft_start_fwmark;
};

/*
 * Top-level keywords virtual_server, virtual_server_group and SSL. Their
 * handlers find the model of the configuration being read through
 * check_conf_of(top_obj), which the top-level table's owner provides.
 */
extern const struct cfg_keyword check_conf_top_keywords[];
struct check_conf *check_conf_of(void *top_obj);
/* checker_log_all_failures, lvs_flush*, lvs_timeouts, rs_init_notifies: global_defs' entries. */
extern const struct cfg_keyword check_conf_global_keywords[];

/* global_defs lvs_sync_daemon IFACE INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR]. */
int check_conf_sync_keyword(struct cfg_reader *r, int argc, char *argv[], struct check_conf *c);

struct check_conf *check_conf_new(void);
void check_conf_free(struct check_conf *c);

/*
 * Once the whole file is read: resolve groups, apply defaults and the
 * virtual server's values to its real servers, and drop what keepalived
 * 2.2.7 drops (a virtual server of an unknown group, without real servers
 * and sorry server, a real server of the wrong family), each with a warning
 * naming file:line. Returns the number of errors (keepalived refuses).
 */
int check_conf_complete(struct check_conf *c);

/* "[198.18.0.100]:tcp:80", "FWM 5", "[group]" as keepalived names services. */
char *check_vs_fmt(char *buf, size_t size, const struct check_vs_conf *vs);
char *check_rs_fmt(char *buf, size_t size, const struct check_vs_conf *vs,
		   const struct check_rs_conf *rs);
const char *check_proto_name(int protocol); /* "tcp", "udp", "sctp" */
/* The protocol as keepalived writes it in a service's name: "none" for an fwmark without one. */
const char *check_vs_proto_text(const struct check_vs_conf *vs);
const char *check_fwd_name(enum check_fwd m); /* "NAT", "DR", "TUN" */

/* -d: the model, one line at a time. */
void check_conf_dump(const struct check_conf *c, void (*line)(const char *, void *), void *arg);

#endif
