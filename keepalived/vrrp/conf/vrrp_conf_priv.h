/*
 * What the pieces of the VRRP configuration share and nobody else needs:
 * vrrp_conf.c (keywords and defaults), vrrp_conf_inst.c (vrrp_instance
 * blocks by name), vrrp_conf_finish.c (checks once the file is read),
 * vrrp_conf_vip.c (the lines of a virtual_ipaddress block), vrrp_conf_vmac.c
 * (use_vmac) and vrrp_conf_dump.c (-d).
 */
#ifndef VRRP_CONF_PRIV_H
#define VRRP_CONF_PRIV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/log.h"

struct cfg_reader;
struct vrrp_conf;
struct vrrp_instance_conf;

#define US_PER_S UINT64_C(1000000)
#define US_PER_CS UINT64_C(10000)
#define VRRP_V2 2
#define VRRP_V3 3

/*
 * A fixed-point value as the shortest decimal, as keepalived.conf takes it:
 * 150 with 2 digits is "1.5". Returns buf.
 */
const char *vrrp_conf_fmt_fixed(uint64_t v, unsigned digits, char *buf, size_t len);

/*
 * The item handler of virtual_ipaddress { }: one address line, appended to
 * the instance (obj: struct vrrp_instance_conf *). Returns 0, or -1 after
 * cfg_error().
 */
int vrrp_conf_vip_item(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* virtual_ipaddress_excluded: the same lines, into vi->evips. */
int vrrp_conf_evip_item(struct cfg_reader *r, int argc, char *argv[], void *obj);

/* An RT_SCOPE_* value by its iproute2 name, or as a number when it has none. */
const char *vrrp_conf_scope_name(int scope, char *buf, size_t len);

/*
 * An error found after reading, naming the vrrp_instance line as
 * "file:line: (name) message". Returns 1, to be added to an error count.
 */
int vrrp_conf_inst_error(const struct vrrp_instance_conf *vi, const char *fmt, ...)
	LOG_PRINTF(2, 3);
/* The same line at a syslog priority (LOG_ERR for the errors above, LOG_WARNING). */
void vrrp_conf_inst_vsay(const struct vrrp_instance_conf *vi, int priority, const char *fmt,
			 va_list ap) LOG_PRINTF(3, 0);

/*
 * Drop the table of instances by name that vrrp_instance_open() keeps while
 * the file is read (vrrp_conf_inst.c); the list of instances stays.
 */
void vrrp_conf_names_free(struct vrrp_conf *conf);

#endif
