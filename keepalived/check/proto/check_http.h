/*
 * The pure half of HTTP_GET / SSL_GET: the request keepalived 2.2.7 sends,
 * an incremental parser of the response (status line, Content-Length,
 * body hashed with MD5 as it arrives), status_code ranges and digests.
 * No sockets and no allocation: the probe feeds it what it reads, in
 * whatever pieces the network delivers.
 */
#ifndef CHECK_HTTP_H
#define CHECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/md5.h"

/* keepalived reads headers into a 4 KiB buffer; a longer head is a failure. */
#define CHECK_HTTP_HEAD_MAX 4096

enum check_http_state {
	CHECK_HTTP_HEAD, /* reading the status line and headers */
	CHECK_HTTP_BODY, /* headers done, reading (and hashing) the body */
	CHECK_HTTP_DONE, /* the whole response was read */
	CHECK_HTTP_BAD,  /* malformed; error says why */
};

struct check_http_resp {
	enum check_http_state state;
	char head[CHECK_HTTP_HEAD_MAX];
	size_t head_len;
	int status;              /* the status code, or -1 if the status line is unreadable */
	uint64_t content_length; /* UINT64_MAX: no Content-Length header */
	uint64_t body_len;       /* body bytes received */
	uint64_t rx_len;         /* all bytes received */
	bool hash;               /* hash the body */
	struct md5 md5;
	const char *error; /* static text when state is CHECK_HTTP_BAD */
};

void check_http_resp_init(struct check_http_resp *r, bool hash);
/* Feed len bytes as received. Returns the new state; bytes past the end
 * of a response with a Content-Length are ignored. */
enum check_http_state check_http_resp_feed(struct check_http_resp *r, const void *data, size_t len);
/* The peer closed: a body without Content-Length ends here. Returns the state. */
enum check_http_state check_http_resp_eof(struct check_http_resp *r);
/* The MD5 of the body (only up to Content-Length), once DONE. */
void check_http_resp_digest(struct check_http_resp *r, uint8_t out[MD5_LEN]);

/*
 * The request, as keepalived 2.2.7 writes it:
 *   GET <path> HTTP/1.<0|1>\r\nUser-Agent: KeepAliveClient\r\n
 *   [Connection: close\r\n]Host: <host>[:port]\r\n\r\n
 * host is the virtualhost, or the address ("[v6]" bracketed by the caller);
 * ":port" is added unless the port is the scheme's default (80, or 443
 * with tls). Returns the length, or -1 if it does not fit in size.
 */
int check_http_request(char *buf, size_t size, const char *path, const char *host, uint16_t port,
		       bool tls, int version_minor, bool conn_close);

/* status_code words: "200", "200-299". Ranges are appended; max ranges. */
#define CHECK_HTTP_STATUS_MIN 100
#define CHECK_HTTP_STATUS_MAX 599
/* Parse one word into lo..hi; -1 if not a code or range of codes in 100-599. */
int check_http_status_parse(const char *word, uint16_t *lo, uint16_t *hi);
/* Whether code is in one of the n ranges; n == 0 means keepalived's 200-299. */
bool check_http_status_match(const uint16_t (*ranges)[2], unsigned n, int code);

/* 32 hexadecimal digits (either case) to 16 bytes; -1 otherwise. */
int check_http_digest_parse(const char *hex, uint8_t out[MD5_LEN]);
/* 16 bytes to 32 lowercase digits and a NUL (size >= 33). */
void check_http_digest_format(const uint8_t d[MD5_LEN], char *out, size_t size);

#endif
