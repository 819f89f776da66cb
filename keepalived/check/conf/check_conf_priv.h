/*
 * The virtual_server_group block's handlers (check_conf_group.c), named by
 * the top-level keyword table in check_conf.c. Private to
 * keepalived/check/conf.
 */
#ifndef CHECK_CONF_PRIV_H
#define CHECK_CONF_PRIV_H

struct cfg_reader;

/* virtual_server_group NAME: a new group, first in the model's list. */
void *check_conf_group_open(struct cfg_reader *r, int argc, char *argv[], void *top);
/* A line of virtual_server_group: ADDRESS-SPEC [PORT] or fwmark N [inet|inet6]. */
int check_conf_group_entry(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* The block's end: a group with no entries is warned about. */
int check_conf_group_close(struct cfg_reader *r, void *obj);

#endif
