/*
 * BFD's sockets (RFC 5881): one receive socket per family on UDP port
 * 3784 that reports each datagram's TTL or hop limit and the address it
 * was sent to, and one send socket
 * per session, bound to its source_ip (or any address) and a source port
 * in 49152..65535, sending with the session's TTL. System calls only: what
 * the packets mean is keepalived/vrrp/proto/bfd_session.c's business.
 */
#ifndef BFD_SOCK_H
#define BFD_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"

/* The receive socket of family on port (BFD_CONTROL_PORT). fd, or -1 (errno set). */
int bfd_sock_open_rx(int family, uint16_t port);
/*
 * A send socket of family bound to src (NULL: any) and the first free port
 * from start on in 49152..65535, with ttl as TTL / unicast hop limit. fd,
 * or -1 (errno set).
 */
int bfd_sock_open_tx(int family, const union vrrp_addr *src, uint16_t start, uint8_t ttl);

struct bfd_sock_rx {
	int family;
	union vrrp_addr from;
	uint16_t from_port;
	bool has_to;
	union vrrp_addr to; /* the address it was sent to, when has_to */
	int ttl;            /* -1: not reported */
};

/* One datagram into buf: its length, or -1 (errno; EAGAIN when none is left). */
ssize_t bfd_sock_recv(int fd, uint8_t *buf, size_t len, struct bfd_sock_rx *rx);
/* Send len bytes to addr:port. 0, or -1 (errno set). */
int bfd_sock_send(int fd, int family, const union vrrp_addr *to, uint16_t port, const uint8_t *buf,
		  size_t len);
/* 32 random bits (discriminators, jitter, ports). */
uint32_t bfd_sock_random(void);

#endif
