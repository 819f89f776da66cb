/*
 * MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), in contexts the caller holds, so
 * nothing is allocated per message.
 * - HTTP_GET's digest: the body is hashed as it arrives, in a context that
 *   lives inside the probe, and the HTTP parser stays fuzzable alone. MD5 is
 *   there only because keepalived.conf's digest is one, never for security.
 * - auth_type AH (keepalived/vrrp/proto/vrrp_ah.c): HMAC-MD5-96, the only
 *   algorithm keepalived's AH speaks. It was OpenSSL's; with its own here
 *   the VRRP process no longer maps libcrypto at all (about 1.4 MB resident,
 *   0.4 MB of it relocated pages private to each process; issue 14).
 */
#ifndef LIB_MD5_H
#define LIB_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_LEN 16

struct md5 {
	uint32_t state[4];
	uint64_t total; /* bytes hashed so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t len);
void md5_final(struct md5 *m, uint8_t out[MD5_LEN]);

/* HMAC-MD5 keyed once: the states after the inner and the outer padded key
 * block; each message starts from a copy of the inner one. */
struct md5_hmac {
	struct md5 inner;
	struct md5 outer;
};

/* Key H with KEY (any length; one longer than a block is hashed first). */
void md5_hmac_init(struct md5_hmac *h, const void *key, size_t len);
/* Start a message: M becomes the keyed inner state; feed it with md5_update(). */
void md5_hmac_start(const struct md5_hmac *h, struct md5 *m);
/* The HMAC of the message fed to M. M is cleared. */
void md5_hmac_final(const struct md5_hmac *h, struct md5 *m, uint8_t out[MD5_LEN]);
/* Clear a keyed context (the key can be recovered from its states). */
void md5_hmac_clear(struct md5_hmac *h);

#endif
