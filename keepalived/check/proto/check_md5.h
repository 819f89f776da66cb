/*
 * MD5 (RFC 1321) for HTTP_GET's digest: the body is hashed as it arrives,
 * in a context that lives inside the probe, so a check allocates nothing
 * and the HTTP parser stays free of OpenSSL (and fuzzable alone). MD5 is
 * used here only because keepalived.conf's digest is one, never for security.
 */
#ifndef CHECK_MD5_H
#define CHECK_MD5_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_MD5_LEN 16

struct check_md5 {
	uint32_t state[4];
	uint64_t total; /* bytes hashed so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

void check_md5_init(struct check_md5 *m);
void check_md5_update(struct check_md5 *m, const void *data, size_t len);
void check_md5_final(struct check_md5 *m, uint8_t out[CHECK_MD5_LEN]);

#endif
