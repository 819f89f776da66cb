/* SMTP reply lines for SMTP_CHECK. */
#include "config.h"

#include "keepalived/check/proto/check_smtp.h"

#include <ctype.h>
#include <string.h>

void
check_smtp_line_reset(struct check_smtp_line *l)
{
	l->len = 0;
	l->buf[0] = '\0';
	l->complete = false;
}

void
check_smtp_line_feed(struct check_smtp_line *l, const char *data, size_t len)
{
	const char *nl;
	size_t take;

	if (l->complete)
		return;
	nl = memchr(data, '\n', len);
	take = nl != NULL ? (size_t)(nl - data) : len;
	if (take > sizeof(l->buf) - 1 - l->len)
		take = sizeof(l->buf) - 1 - l->len;
	memcpy(l->buf + l->len, data, take);
	l->len += take;
	l->buf[l->len] = '\0';
	if (nl != NULL) {
		if (l->len > 0 && l->buf[l->len - 1] == '\r')
			l->buf[--l->len] = '\0';
		l->complete = true;
	}
}

int
check_smtp_reply_code(const char *line)
{
	for (int i = 0; i < 3; i++)
		if (!isdigit((unsigned char)line[i]))
			return -1;
	if (line[3] != '\0' && line[3] != ' ')
		return -1;
	return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}
