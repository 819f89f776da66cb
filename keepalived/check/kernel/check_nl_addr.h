/*
 * The checker's view of address changes, for -a (--address-monitoring):
 * an rtnetlink socket on the IPv4 and IPv6 address groups, and a dump of
 * the addresses there are. Each address is handed to a callback; what to
 * do with it (keepalived's log line) is the caller's.
 */
#ifndef CHECK_NL_ADDR_H
#define CHECK_NL_ADDR_H

#include <stdbool.h>

struct check_nl_addr;

/* family AF_INET or AF_INET6, addr its in_addr / in6_addr. */
typedef void (*check_nl_addr_fn)(void *arg, int family, const void *addr, bool added);

/* The monitor socket, non-blocking; NULL on failure (errno set). */
struct check_nl_addr *check_nl_addr_open(void);
void check_nl_addr_close(struct check_nl_addr *h);
int check_nl_addr_fd(const struct check_nl_addr *h);
/* Every address there is now, as added, through a socket of its own. 0 or -1. */
int check_nl_addr_dump(check_nl_addr_fn fn, void *arg);
/* What the monitor socket holds (call when it is readable). */
void check_nl_addr_read(struct check_nl_addr *h, check_nl_addr_fn fn, void *arg);

#endif
