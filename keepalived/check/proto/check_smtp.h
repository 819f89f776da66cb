/*
 * The pure half of SMTP_CHECK: keepalived 2.2.7 reads the greeting (220),
 * sends "HELO name", wants 250, sends "QUIT" and wants any line back. A
 * reply is read up to its first newline; only the code at its start counts.
 */
#ifndef CHECK_SMTP_H
#define CHECK_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#define CHECK_SMTP_LINE_MAX 512

/* Collects one reply line from the pieces read. */
struct check_smtp_line {
	char buf[CHECK_SMTP_LINE_MAX];
	size_t len;
	bool complete; /* a newline was seen: buf holds the line without it */
};

void check_smtp_line_reset(struct check_smtp_line *l);
/* Take bytes until a newline; what follows it in the same read is dropped
 * (the server answers one command at a time). A line longer than the
 * buffer keeps its start, which is all that is read. */
void check_smtp_line_feed(struct check_smtp_line *l, const char *data, size_t len);
/* "250 ok" -> 250: three digits followed by a space or the end (keepalived
 * refuses "250-" continuation lines too); -1 otherwise. */
int check_smtp_reply_code(const char *line);

#endif
