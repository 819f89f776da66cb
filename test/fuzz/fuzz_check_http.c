/*
 * libFuzzer entry point for the HTTP_GET response parser
 * (keepalived/check/proto/check_http.c). The first byte picks how the
 * input is split into reads, as a network would split it; the parser must
 * never read or write out of bounds whatever it is fed.
 * Build: clang -fsanitize=fuzzer,address,undefined -I. -Ibuild \
 *   test/fuzz/fuzz_check_http.c keepalived/check/proto/check_http.c \
 *   lib/md5.c
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "keepalived/check/proto/check_http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct check_http_resp r;
	size_t piece;
	uint8_t digest[MD5_LEN];

	if (size == 0)
		return 0;
	piece = (size_t)data[0] + 1;
	data++;
	size--;
	check_http_resp_init(&r, true);
	for (size_t off = 0; off < size; off += piece)
		check_http_resp_feed(&r, data + off, size - off < piece ? size - off : piece);
	check_http_resp_eof(&r);
	check_http_resp_digest(&r, digest);
	if (r.state == CHECK_HTTP_DONE && (r.status < 0 || r.status > 999))
		abort();
	return 0;
}
