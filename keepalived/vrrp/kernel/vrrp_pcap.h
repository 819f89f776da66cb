/*
 * libpcap for the segment monitor (`keepalivectl monitor`): a live capture
 * on one interface or a capture file, filtered to VRRP (protocol 112) and
 * AH (51) over IPv4 and IPv6, VLAN-tagged too on Ethernet. Frames go to a
 * callback with their link type as the monitor's model knows it. Only
 * keepalivectl links this (and libpcap); the daemon does not.
 */
#ifndef VRRP_PCAP_H
#define VRRP_PCAP_H

#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/proto/vrrp_segmon.h"

/* The capture filter, in pcap-filter(7) syntax. */
#define VRRP_PCAP_FILTER "ip proto 112 or ip6 proto 112 or ip proto 51 or ip6 proto 51"

struct vrrp_pcap;

enum vrrp_pcap_err {
	VRRP_PCAP_OK = 0,
	VRRP_PCAP_ERR_PERM = -1, /* not permitted (capturing needs CAP_NET_RAW) */
	VRRP_PCAP_ERR = -2,      /* any other failure; see the message */
};

/*
 * Open a live capture on ifname (promiscuous, immediate delivery) or a
 * capture file, with the VRRP filter set. On failure returns NULL, *err
 * says which kind and msg (msglen bytes) says why.
 */
struct vrrp_pcap *vrrp_pcap_open_live(const char *ifname, enum vrrp_pcap_err *err, char *msg,
				      size_t msglen);
struct vrrp_pcap *vrrp_pcap_open_file(const char *path, enum vrrp_pcap_err *err, char *msg,
				      size_t msglen);

/* The link type of its frames. */
enum vrrp_segmon_link vrrp_pcap_link(const struct vrrp_pcap *p);

/* A descriptor to poll for frames (live captures), or -1. */
int vrrp_pcap_fd(const struct vrrp_pcap *p);

/*
 * Hand the frames available now (a live capture does not block) or, for a
 * file, all of them to cb. ts_us: capture time, microseconds since the
 * epoch. Returns the number of frames, 0 if none was waiting, or -1 on an
 * error (said in msg).
 */
typedef void (*vrrp_pcap_cb)(void *arg, const uint8_t *frame, size_t caplen, int64_t ts_us);
int vrrp_pcap_dispatch(struct vrrp_pcap *p, vrrp_pcap_cb cb, void *arg, char *msg, size_t msglen);

void vrrp_pcap_close(struct vrrp_pcap *p);

#endif
