/*
 * HTTP response parsing for the HTTP_GET / SSL_GET checkers. The parser is
 * fed raw bytes and keeps at most CHECK_HTTP_HEAD_MAX of header; the body
 * is never stored, only hashed. It accepts what servers send in practice
 * (bare "\n" line ends, any header case), and refuses a head that does
 * not start with "HTTP/" so that a non-HTTP service never passes.
 */
#include "config.h"

#include "keepalived/check/proto/check_http.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void
check_http_resp_init(struct check_http_resp *r, bool hash)
{
	r->state = CHECK_HTTP_HEAD;
	r->head_len = 0;
	r->status = -1;
	r->content_length = UINT64_MAX;
	r->body_len = 0;
	r->rx_len = 0;
	r->hash = hash;
	r->error = NULL;
	if (hash)
		md5_init(&r->md5);
}

static enum check_http_state
resp_bad(struct check_http_resp *r, const char *why)
{
	r->state = CHECK_HTTP_BAD;
	r->error = why;
	return r->state;
}

/* "HTTP/1.1 200 OK": the version, one space, three digits, then a space or the end. */
static int
parse_status_line(const char *s, size_t len)
{
	size_t i = 5;

	if (len < 12 || strncmp(s, "HTTP/", 5) != 0)
		return -1;
	while (i < len && s[i] != ' ')
		i++;
	while (i < len && s[i] == ' ')
		i++;
	if (i + 3 > len || !isdigit((unsigned char)s[i]) || !isdigit((unsigned char)s[i + 1]) ||
	    !isdigit((unsigned char)s[i + 2]))
		return -1;
	if (i + 3 < len && s[i + 3] != ' ' && s[i + 3] != '\r')
		return -1;
	return (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
}

/* One header line (without its end): only Content-Length matters. */
static int
parse_header(struct check_http_resp *r, const char *s, size_t len)
{
	static const char name[] = "content-length:";
	uint64_t v = 0;
	size_t i = sizeof(name) - 1;
	bool digits = false;

	if (len < i || strncasecmp(s, name, i) != 0)
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < len && isdigit((unsigned char)s[i]); i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		digits = true;
	}
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (!digits || i != len)
		return -1;
	/* Two different lengths: a response smuggling a second one is refused. */
	if (r->content_length != UINT64_MAX && r->content_length != v)
		return -1;
	r->content_length = v;
	return 0;
}

/* The head is complete in head[0..end): parse its lines. */
static enum check_http_state
parse_head(struct check_http_resp *r, size_t end)
{
	const char *p = r->head, *stop = r->head + end;
	const char *nl = memchr(p, '\n', (size_t)(stop - p));

	r->status = parse_status_line(p, (size_t)(nl - p));
	if (r->status < 0)
		return resp_bad(r, "unreadable status line");
	for (p = nl + 1; p < stop; p = nl + 1) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(stop - p));
		if (nl == NULL)
			nl = stop;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0)
			break;
		if (parse_header(r, p, len) == -1)
			return resp_bad(r, "bad Content-Length");
	}
	r->state = CHECK_HTTP_BODY;
	return r->state;
}

static void
take_body(struct check_http_resp *r, const uint8_t *p, size_t len)
{
	if (r->content_length != UINT64_MAX && len > r->content_length - r->body_len)
		len = (size_t)(r->content_length - r->body_len);
	if (r->hash)
		md5_update(&r->md5, p, len);
	r->body_len += len;
	if (r->content_length != UINT64_MAX && r->body_len == r->content_length)
		r->state = CHECK_HTTP_DONE;
}

/* Where the blank line ending the head is in head[0..head_len), searching from `from`. */
static size_t
head_end(const struct check_http_resp *r, size_t from, size_t *body_start)
{
	for (size_t i = from; i < r->head_len; i++) {
		if (r->head[i] != '\n')
			continue;
		if (i + 1 < r->head_len && r->head[i + 1] == '\n') {
			*body_start = i + 2;
			return i + 1;
		}
		if (i + 2 < r->head_len && r->head[i + 1] == '\r' && r->head[i + 2] == '\n') {
			*body_start = i + 3;
			return i + 1;
		}
	}
	return 0;
}

enum check_http_state
check_http_resp_feed(struct check_http_resp *r, const void *data, size_t len)
{
	const uint8_t *p = data;

	r->rx_len += len;
	if (r->state == CHECK_HTTP_BODY) {
		take_body(r, p, len);
		return r->state;
	}
	if (r->state != CHECK_HTTP_HEAD)
		return r->state;
	while (len > 0) {
		size_t room = sizeof(r->head) - r->head_len, take = len < room ? len : room;
		/* The blank line may straddle two reads: look back over it. */
		size_t from = r->head_len >= 2 ? r->head_len - 2 : 0, body, end;

		memcpy(r->head + r->head_len, p, take);
		r->head_len += take;
		p += take;
		len -= take;
		end = head_end(r, from, &body);
		if (end == 0) {
			if (r->head_len == sizeof(r->head))
				return resp_bad(r, "header too long");
			continue;
		}
		if (parse_head(r, end) == CHECK_HTTP_BAD)
			return r->state;
		if (r->content_length == 0)
			r->state = CHECK_HTTP_DONE;
		else
			take_body(r, (const uint8_t *)r->head + body, r->head_len - body);
		if (r->state == CHECK_HTTP_BODY && len > 0)
			take_body(r, p, len);
		return r->state;
	}
	return r->state;
}

enum check_http_state
check_http_resp_eof(struct check_http_resp *r)
{
	if (r->state == CHECK_HTTP_HEAD)
		return resp_bad(r, r->rx_len == 0 ? "no data received" : "incomplete header");
	if (r->state == CHECK_HTTP_BODY)
		r->state = CHECK_HTTP_DONE;
	return r->state;
}

void
check_http_resp_digest(struct check_http_resp *r, uint8_t out[MD5_LEN])
{
	if (r->hash)
		md5_final(&r->md5, out);
	else
		memset(out, 0, MD5_LEN);
}

int
check_http_request(char *buf, size_t size, const char *path, const char *host, uint16_t port,
		   bool tls, int version_minor, bool conn_close)
{
	char port_text[8] = "";
	int n;

	if (port != (tls ? 443 : 80))
		snprintf(port_text, sizeof(port_text), ":%u", (unsigned)port);
	n = snprintf(buf, size,
		     "GET %s HTTP/1.%d\r\nUser-Agent: KeepAliveClient\r\n%sHost: %s%s\r\n\r\n",
		     path, version_minor, conn_close ? "Connection: close\r\n" : "", host,
		     port_text);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}

static bool
parse_code(const char *s, char **end, uint16_t *out)
{
	unsigned long v = 0;
	int digits = 0;

	for (; isdigit((unsigned char)*s) && digits < 4; s++, digits++)
		v = v * 10 + (unsigned long)(*s - '0');
	*end = (char *)s;
	if (digits == 0 || v < CHECK_HTTP_STATUS_MIN || v > CHECK_HTTP_STATUS_MAX)
		return false;
	*out = (uint16_t)v;
	return true;
}

int
check_http_status_parse(const char *word, uint16_t *lo, uint16_t *hi)
{
	char *end;

	if (!parse_code(word, &end, lo))
		return -1;
	*hi = *lo;
	if (*end == '-' && !parse_code(end + 1, &end, hi))
		return -1;
	if (*end != '\0' || *hi < *lo)
		return -1;
	return 0;
}

bool
check_http_status_match(const uint16_t (*ranges)[2], unsigned n, int code)
{
	if (n == 0)
		return code >= 200 && code <= 299;
	for (unsigned i = 0; i < n; i++)
		if (code >= ranges[i][0] && code <= ranges[i][1])
			return true;
	return false;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
check_http_digest_parse(const char *hex, uint8_t out[MD5_LEN])
{
	if (strlen(hex) != 2 * MD5_LEN)
		return -1;
	for (int i = 0; i < MD5_LEN; i++) {
		int h = hex_value(hex[2 * i]), l = hex_value(hex[2 * i + 1]);

		if (h < 0 || l < 0)
			return -1;
		out[i] = (uint8_t)(h << 4 | l);
	}
	return 0;
}

void
check_http_digest_format(const uint8_t d[MD5_LEN], char *out, size_t size)
{
	static const char digits[] = "0123456789abcdef";

	if (size < 2 * MD5_LEN + 1) {
		if (size > 0)
			out[0] = '\0';
		return;
	}
	for (int i = 0; i < MD5_LEN; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 0xf];
	}
	out[2 * MD5_LEN] = '\0';
}
