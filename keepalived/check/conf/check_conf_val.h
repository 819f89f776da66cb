/*
 * Value readers shared by the checker's keyword handlers: each reports a
 * file:line error naming the keyword and returns -1, or returns 0 with the
 * value stored. Numbers may start with '+', as keepalived's strtoul() takes.
 */
#ifndef CHECK_CONF_VAL_H
#define CHECK_CONF_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/check/conf/check_conf.h"

struct cfg_reader;

int check_val_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
		   uint64_t *out);
/* Seconds with up to six decimals, into microseconds. */
int check_val_timer(struct cfg_reader *r, const char *kw, const char *s, uint64_t min_us,
		    uint64_t *out_us);
/* An IPv4 or IPv6 address; keepalived ignores anything from a '/' on. */
int check_val_addr(struct cfg_reader *r, const char *kw, const char *s, struct check_addr *out);
/* The first len characters of s as an address: 0, or -1 if not one. */
int check_val_addr_parse(const char *s, size_t len, struct check_addr *out);
/* ADDRESS [PORT] after the keyword. */
int check_val_addr_port(struct cfg_reader *r, int argc, char *argv[], struct check_addr *addr,
			uint16_t *port);
/* NAT | DR | TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]. 0, -1 on an
 * error (logged), 1 when the method is none of the three (not logged, *out untouched:
 * keepalived warns, naming the block, and ignores the line). */
int check_val_fwd(struct cfg_reader *r, int argc, char *argv[], struct check_fwd_conf *out);
/* A script line kept whole (the words joined by spaces), for notify_up etc. */
int check_val_script(struct cfg_reader *r, int argc, char *argv[], char *out, size_t size);
/* A flag with an optional boolean (alpha, inhibit_on_failure). */
int check_val_flag(struct cfg_reader *r, int argc, char *argv[], bool *out);
/* The file and line being read, where a block opens, for later messages. */
void check_val_where(struct cfg_reader *r, char *file, size_t size, int *line);

#endif
