/*
 * global_defs knobs of the VRRP side's sockets and logging, read by
 * keepalived/core/conf_globals.c into conf->vrrp.tuning and followed by the
 * run-time layer: the receive buffers of the VRRP sockets
 * (vrrp_rx_bufs_policy/_multiplier), the netlink sockets' buffers
 * (vrrp_netlink_*_rcv_bufs[_force]), log_unknown_vrids and
 * fifo_write_vrrp_states_on_reload, vrrp_framed_adverts. Zero is every default.
 */
#ifndef VRRP_TUNING_H
#define VRRP_TUNING_H

#include <stdbool.h>
#include <stdint.h>

enum vrrp_rx_bufs_policy {
	VRRP_RX_BUFS_DEFAULT = 0, /* this daemon's own size */
	VRRP_RX_BUFS_MTU,         /* the interface MTU * multiplier, per instance */
	VRRP_RX_BUFS_ADVERT,      /* the advert's size * multiplier, per instance */
	VRRP_RX_BUFS_SIZE,        /* a number of bytes */
};

struct vrrp_tuning_conf {
	enum vrrp_rx_bufs_policy rx_bufs_policy;
	uint32_t rx_bufs_size;       /* VRRP_RX_BUFS_SIZE */
	uint32_t rx_bufs_multiplier; /* 0: keepalived's default, 3 */
	uint32_t nl_cmd_rcvbuf;      /* 0: this daemon's own size */
	bool nl_cmd_force;
	uint32_t nl_monitor_rcvbuf;
	bool nl_monitor_force;
	bool log_unknown_vrids;
	bool fifo_states_on_reload;
	bool framed_adverts; /* vrrp_framed_adverts: the packet socket's frame path */
};

#define VRRP_RX_BUFS_MULTIPLIER_DEFAULT 3u

#endif
