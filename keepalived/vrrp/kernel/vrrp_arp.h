/*
 * Gratuitous ARP (IPv4) and unsolicited Neighbour Advertisements (IPv6) that
 * a new Master sends for its virtual addresses, so that hosts and switches
 * learn where the addresses now live.
 *
 * The frame builders are pure and byte-for-byte what keepalived 2.2.7 sends:
 *  - GARP: Ethernet broadcast, ARP request, sender MAC = target MAC field
 *    ff:ff:ff:ff:ff:ff, sender IP = target IP = the VIP; 42 bytes.
 *  - NA: to ff02::1 (33:33:00:00:00:01), hop limit 255, Override set,
 *    Solicited clear, Router set only when the caller says so (keepalived:
 *    when IPv6 forwarding is on for the interface), target = the VIP, option
 *    Target Link-Layer Address = the MAC; 86 bytes. keepalived uses the VIP
 *    as IPv6 source; the source is the caller's choice here.
 *
 * The sender is one AF_PACKET socket per interface; sending does not
 * allocate. Pacing (garp_master_delay, repeat, refresh) is the caller's job.
 */
#ifndef VRRP_ARP_H
#define VRRP_ARP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_ARP_GARP_LEN 42 /* Ethernet 14 + ARP 28 */
#define VRRP_ARP_NA_LEN 86   /* Ethernet 14 + IPv6 40 + NA 24 + TLLA option 8 */
#define VRRP_ARP_FRAME_MAX VRRP_ARP_NA_LEN

struct vrrp_arp;

struct vrrp_arp_stats {
	uint64_t garp_sent;
	uint64_t na_sent;
	uint64_t errors;
};

/*
 * Build a gratuitous ARP for vip announced with mac into frame (size bytes).
 * Returns the frame length (VRRP_ARP_GARP_LEN), or 0 if size is too small.
 */
size_t vrrp_arp_build_garp(uint8_t *frame, size_t size, const uint8_t mac[6], struct in_addr vip);

/*
 * Build an unsolicited Neighbour Advertisement for vip announced with mac,
 * from IPv6 source src, with the Router flag if router. Returns the frame
 * length (VRRP_ARP_NA_LEN), or 0 if size is too small.
 */
size_t vrrp_arp_build_na(uint8_t *frame, size_t size, const uint8_t mac[6],
			 const struct in6_addr *src, const struct in6_addr *vip, bool router);

/* Open the sender for interface ifindex. NULL on failure (logged, errno set). */
struct vrrp_arp *vrrp_arp_open(int ifindex);

/* Build and send one frame. 0, or -1 with errno set (not logged: the caller
 * knows the instance and rate-limits). */
int vrrp_arp_send_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip);
int vrrp_arp_send_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		     const struct in6_addr *vip, bool router);

/*
 * Queue a frame instead (built now), sent by vrrp_arp_flush() with the others
 * in one sendmmsg(), or when VRRP_ARP_QUEUE_MAX are queued. Counted in the
 * stats when sent. 0, or what the direct send returns when the queue cannot
 * be allocated (the frame is then sent at once).
 */
#define VRRP_ARP_QUEUE_MAX 64
int vrrp_arp_queue_garp(struct vrrp_arp *a, const uint8_t mac[6], struct in_addr vip);
int vrrp_arp_queue_na(struct vrrp_arp *a, const uint8_t mac[6], const struct in6_addr *src,
		      const struct in6_addr *vip, bool router);
/* Send what is queued (a NULL sender or an empty queue: nothing). 0, or -1 if
 * the kernel refused a frame (counted in errors). */
int vrrp_arp_flush(struct vrrp_arp *a);

const struct vrrp_arp_stats *vrrp_arp_stats(const struct vrrp_arp *a);
void vrrp_arp_close(struct vrrp_arp *a);

/*
 * Whether IPv6 forwarding is on for ifname
 * (/proc/sys/net/ipv6/conf/IFNAME/forwarding), which decides the Router flag
 * as in keepalived. Returns 1, 0, or -1 if it cannot be read.
 */
int vrrp_arp_ipv6_forwarding(const char *ifname);

#endif
