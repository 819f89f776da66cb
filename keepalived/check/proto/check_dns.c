/*
 * DNS messages for DNS_CHECK (RFC 1035 section 4.1). Only the header of a
 * reply is read: keepalived counts any answer with rcode NOERROR as up.
 */
#include "config.h"

#include "keepalived/check/proto/check_dns.h"

#include <string.h>
#include <strings.h>

#define DNS_HEADER_LEN 12
#define DNS_FLAG_QR 0x8000u
#define DNS_FLAG_RD 0x0100u

/* clang-format off */
static const struct {
	const char *name;
	uint16_t type;
} dns_types[] = {
	{ "A", 1 },    { "NS", 2 },    { "CNAME", 5 },  { "SOA", 6 },     { "MX", 15 },
	{ "TXT", 16 }, { "AAAA", 28 }, { "RRSIG", 46 }, { "DNSKEY", 48 },
};
/* clang-format on */

uint16_t
check_dns_type_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcasecmp(name, dns_types[i].name) == 0)
			return dns_types[i].type;
	return 0;
}

const char *
check_dns_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	return "(unknown)";
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int
check_dns_query(uint8_t *buf, size_t size, uint16_t id, const char *name, uint16_t type)
{
	size_t n = DNS_HEADER_LEN, name_start;
	const char *s = name;

	if (size < DNS_HEADER_LEN + 5)
		return -1;
	memset(buf, 0, DNS_HEADER_LEN);
	put16(buf, id);
	put16(buf + 2, DNS_FLAG_RD);
	put16(buf + 4, 1); /* one question */
	name_start = n;
	if (strcmp(name, ".") != 0) {
		while (*s != '\0') {
			const char *dot = strchr(s, '.');
			size_t len = dot != NULL ? (size_t)(dot - s) : strlen(s);

			if (len == 0 || len > 63 || n + 1 + len + 5 > size)
				return -1;
			buf[n++] = (uint8_t)len;
			memcpy(buf + n, s, len);
			n += len;
			s += len;
			if (*s == '.')
				s++;
		}
	}
	buf[n++] = 0;
	/* RFC 1035 2.3.4: 255 octets for a whole name. */
	if (n - name_start > 255)
		return -1;
	put16(buf + n, type);
	put16(buf + n + 2, 1); /* class IN */
	return (int)(n + 4);
}

enum check_dns_reply
check_dns_reply(const uint8_t *buf, size_t len, uint16_t id, int *rcode)
{
	uint16_t flags;

	if (len < DNS_HEADER_LEN)
		return CHECK_DNS_IGNORE;
	if ((uint16_t)(buf[0] << 8 | buf[1]) != id)
		return CHECK_DNS_IGNORE;
	flags = (uint16_t)(buf[2] << 8 | buf[3]);
	if (!(flags & DNS_FLAG_QR))
		return CHECK_DNS_IGNORE;
	*rcode = flags & 0xf;
	return *rcode == 0 ? CHECK_DNS_OK : CHECK_DNS_RCODE;
}
