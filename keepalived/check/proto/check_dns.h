/*
 * The pure half of DNS_CHECK: the query keepalived 2.2.7 sends (one
 * question, recursion desired, class IN) and the test of a reply (same id,
 * a response, rcode 0). Anything else that arrives on the socket is not an
 * answer and is ignored, as keepalived does, until the timeout.
 */
#ifndef CHECK_DNS_H
#define CHECK_DNS_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_DNS_QUERY_MAX 300 /* header, a name of up to 255 bytes, type, class */

/* The query types keepalived knows, by name (any case); 0 if unknown. */
uint16_t check_dns_type_lookup(const char *name);
const char *check_dns_type_name(uint16_t type);

/*
 * Build the query for name ("." is the root; a trailing dot is allowed)
 * into buf. Returns its length, or -1 if the name has an empty or
 * over-long label or does not fit.
 */
int check_dns_query(uint8_t *buf, size_t size, uint16_t id, const char *name, uint16_t type);

enum check_dns_reply {
	CHECK_DNS_IGNORE, /* too short, another id, or not a response: keep waiting */
	CHECK_DNS_OK,
	CHECK_DNS_RCODE, /* an answer with an error rcode (in *rcode) */
};
enum check_dns_reply check_dns_reply(const uint8_t *buf, size_t len, uint16_t id, int *rcode);

#endif
