/*
 * The probes over datagrams: UDP_CHECK (send the payload; an ICMP error
 * means down, silence means up unless a reply is required), DNS_CHECK (one
 * query, any NOERROR answer) and PING_CHECK (one ICMP or ICMPv6 echo). The
 * hard timeout ends each; the sentences are keepalived 2.2.7's.
 */
#include "config.h"

#include "keepalived/check/run/check_probe_priv.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Ids and payloads only need to differ between probes, not be secret. */
static uint32_t
probe_random(void)
{
	static uint32_t state;

	if (state == 0)
		state = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16) ^ 0x9e3779b9u;
	/* xorshift32 */
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

static int
dgram_open(struct check_probe *p, int type, int protocol, probe_io_fn fn)
{
	const char *stage;
	bool in_progress;

	p->fd = check_io_connect(&p->io, type, protocol, &in_progress, &stage);
	if (p->fd == -1)
		return -1;
	probe_arm_deadline(p);
	if (probe_watch(p, EV_READ, fn) == -1) {
		int e = errno;

		probe_close_io(p);
		errno = e;
		return -1;
	}
	return 0;
}

void
probe_dgram_timeout(struct check_probe *p)
{
	switch (p->c->kind) {
	case CHECK_UDP:
		/* No ICMP error in time: the port is open, unless an answer was wanted. */
		if (p->c->u.udp.require_reply)
			probe_finish(p, false, "UDP connection to %s failed.", p->addr_text);
		else
			probe_finish(p, true, "UDP connection to %s success.", p->addr_text);
		return;
	case CHECK_DNS:
		probe_finish(p, false, "DNS_CHECK (%s) read timeout from socket", p->addr_text);
		return;
	case CHECK_PING:
		probe_finish(p, false, "ICMP connection to address %s timeout.", p->addr_text);
		return;
	default:
		probe_finish(p, false, "%s on service %s timed out.",
			     check_probe_kind_name(p->c->kind), p->addr_text);
		return;
	}
}

/* UDP_CHECK ------------------------------------------------------------------------------------ */

/* keepalived's test of a reply: length within the limits, then the
 * require_reply bytes up to the shorter of the two, X digits not compared. */
static bool
udp_reply_ok(const struct check_udp_conf *u, const uint8_t *data, size_t len)
{
	/* reply_len <= CHECK_UDP_PAYLOAD_MAX: never past what was stored. */
	size_t n = len < u->reply_len ? len : u->reply_len;

	if (len < u->min_reply_length || len > u->max_reply_length)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((data[i] ^ u->reply[i]) & (uint8_t)~u->reply_mask[i])
			return false;
	return true;
}

static void
udp_on_read(struct check_probe *p, unsigned events)
{
	uint8_t buf[CHECK_UDP_PAYLOAD_MAX + 1];
	ssize_t n;

	(void)events;
	/* MSG_TRUNC: the datagram's real length, for max_reply_length. */
	n = recv(p->fd, buf, sizeof(buf), MSG_TRUNC);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		/* ECONNREFUSED: an ICMP port unreachable came back. */
		probe_finish(p, false, "UDP connection to %s failed.", p->addr_text);
		return;
	}
	if (p->c->u.udp.require_reply && !udp_reply_ok(&p->c->u.udp, buf, (size_t)n)) {
		probe_finish(p, false, "UDP check to %s reply data mismatch.", p->addr_text);
		return;
	}
	probe_finish(p, true, "UDP connection to %s success.", p->addr_text);
}

int
probe_udp_start(struct check_probe *p)
{
	const struct check_udp_conf *u = &p->c->u.udp;
	const void *payload = u->payload;
	size_t len = u->payload_len;

	if (probe_set_addresses(p, true) == -1)
		return -1;
	if (!u->payload_given) {
		for (size_t i = 0; i < sizeof(p->u.udp.payload); i++)
			p->u.udp.payload[i] = (uint8_t)probe_random();
		payload = p->u.udp.payload;
		len = sizeof(p->u.udp.payload);
	}
	if (dgram_open(p, SOCK_DGRAM, IPPROTO_UDP, udp_on_read) == -1 ||
	    send(p->fd, payload, len, 0) == -1)
		probe_finish(p, false, "UDP connection to %s failed.", p->addr_text);
	return 0;
}

/* DNS_CHECK ------------------------------------------------------------------------------------ */

static void
dns_on_read(struct check_probe *p, unsigned events)
{
	uint8_t buf[512];
	ssize_t n;
	int rcode = 0;

	(void)events;
	n = recv(p->fd, buf, sizeof(buf), 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		int e = errno;

		probe_finish(p, false, "DNS_CHECK (%s) failed to read socket; errno %d (%s)",
			     p->addr_text, e, strerror(e));
		return;
	}
	switch (check_dns_reply(buf, (size_t)n, p->u.dns.id, &rcode)) {
	case CHECK_DNS_IGNORE:
		return;
	case CHECK_DNS_RCODE:
		probe_finish(p, false, "DNS_CHECK (%s) read error occurred. (rcode = %d)",
			     p->addr_text, rcode);
		return;
	case CHECK_DNS_OK:
		/* keepalived logs nothing of its own for a DNS success. */
		probe_finish(p, true, "%s", "");
		return;
	}
}

int
probe_dns_start(struct check_probe *p)
{
	const struct check_dns_conf *d = &p->c->u.dns;
	int len;

	if (probe_set_addresses(p, true) == -1)
		return -1;
	p->u.dns.id = (uint16_t)probe_random();
	len = check_dns_query(p->u.dns.query, sizeof(p->u.dns.query), p->u.dns.id,
			      d->name[0] != '\0' ? d->name : ".", d->qtype != 0 ? d->qtype : 6);
	if (len == -1) {
		errno = EINVAL;
		return -1;
	}
	if (dgram_open(p, SOCK_DGRAM, IPPROTO_UDP, dns_on_read) == -1) {
		if (errno == ENETUNREACH || errno == EHOSTUNREACH)
			probe_finish(p, false, "DNS_CHECK (%s) network unreachable for %s",
				     p->addr_text, p->addr_text);
		else
			probe_finish(p, false, "DNS_CHECK (%s) connection failure.", p->addr_text);
		return 0;
	}
	if (send(p->fd, p->u.dns.query, (size_t)len, 0) != len)
		probe_finish(p, false, "DNS_CHECK (%s) failed to write socket.", p->addr_text);
	return 0;
}

/* PING_CHECK ----------------------------------------------------------------------------------- */

/* RFC 1071 checksum (ICMPv4; the kernel fills ICMPv6's). */
static uint16_t
inet_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len == 1)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
ping_on_read(struct check_probe *p, unsigned events)
{
	uint8_t buf[1500];
	const uint8_t *icmp = buf;
	bool v6 = p->io.dst.ss_family == AF_INET6;
	ssize_t n;
	size_t len;

	(void)events;
	n = recv(p->fd, buf, sizeof(buf), 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		probe_finish(p, false, "ICMP connection to %s of %s failed.", p->addr_text,
			     p->t->vs_text != NULL ? p->t->vs_text : "?");
		return;
	}
	len = (size_t)n;
	/* A raw IPv4 socket delivers the IP header too. */
	if (p->u.ping.raw && !v6) {
		size_t ihl = len > 0 ? (size_t)(buf[0] & 0x0f) * 4 : 0;

		if (ihl < 20 || len < ihl)
			return;
		icmp += ihl;
		len -= ihl;
	}
	if (len < 8)
		return;
	/* Not our echo reply (another probe's, or an echo request): keep waiting. */
	if (icmp[0] != (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY))
		return;
	if ((uint16_t)(icmp[6] << 8 | icmp[7]) != p->u.ping.seq)
		return;
	/* Ping sockets rewrite the id to their port; raw ones keep ours. */
	if (p->u.ping.raw && (uint16_t)(icmp[4] << 8 | icmp[5]) != p->u.ping.id)
		return;
	probe_finish(p, true, "ICMP connection to %s success.", p->addr_text);
}

int
probe_ping_start(struct check_probe *p)
{
	bool v6;
	uint8_t *m = p->u.ping.payload;
	int protocol;

	if (probe_set_addresses(p, true) == -1)
		return -1;
	v6 = p->io.dst.ss_family == AF_INET6;
	protocol = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	/* The port of a connected ICMP socket means nothing. */
	if (v6)
		((struct sockaddr_in6 *)&p->io.dst)->sin6_port = 0;
	else
		((struct sockaddr_in *)&p->io.dst)->sin_port = 0;
	p->u.ping.id = (uint16_t)probe_random();
	p->u.ping.seq = (uint16_t)probe_random();
	memset(m, 0, sizeof(p->u.ping.payload));
	m[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	m[4] = (uint8_t)(p->u.ping.id >> 8);
	m[5] = (uint8_t)p->u.ping.id;
	m[6] = (uint8_t)(p->u.ping.seq >> 8);
	m[7] = (uint8_t)p->u.ping.seq;
	memcpy(m + 8, "keepalived-check", 16);
	if (!v6) {
		uint16_t sum = inet_checksum(m, sizeof(p->u.ping.payload));

		m[2] = (uint8_t)(sum >> 8);
		m[3] = (uint8_t)sum;
	}
	/*
	 * An unprivileged ping socket first (what keepalived uses), a raw one
	 * when net.ipv4.ping_group_range leaves root out. keepalived widens
	 * that sysctl instead; a raw socket changes nothing on the system.
	 */
	p->u.ping.raw = false;
	if (dgram_open(p, SOCK_DGRAM, protocol, ping_on_read) == -1 &&
	    (errno == EACCES || errno == EPERM || errno == EPROTONOSUPPORT)) {
		p->u.ping.raw = true;
		if (dgram_open(p, SOCK_RAW, protocol, ping_on_read) == -1)
			p->fd = -1;
	}
	if (p->fd == -1 || send(p->fd, m, sizeof(p->u.ping.payload), 0) == -1)
		probe_finish(p, false, "ICMP connection to %s of %s failed.", p->addr_text,
			     p->t->vs_text != NULL ? p->t->vs_text : "?");
	return 0;
}
