/*
 * The virtual_server_group block of keepalived.conf: its lines name single
 * addresses, ranges (ADDRESS-END), prefixes (ADDRESS/PREFIX, read as the
 * range they cover) and fwmarks, kept as entries of struct check_vsg_conf.
 * Resolving the groups that virtual servers name happens once the whole
 * file is read (check_conf_complete.c).
 */
#include "config.h"

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/conf/check_conf_priv.h"
#include "keepalived/check/conf/check_conf_val.h"

#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *
check_conf_group_open(struct cfg_reader *r, int argc, char *argv[], void *top)
{
	struct check_conf *c = check_conf_of(top);
	struct check_vsg_conf *g;

	if (argc != 2) {
		cfg_error(r, "virtual_server_group: takes one name, got %d words", argc - 1);
		return NULL;
	}
	g = calloc(1, sizeof(*g));
	if (g == NULL) {
		cfg_error(r, "virtual_server_group: out of memory");
		return NULL;
	}
	snprintf(g->name, sizeof(g->name), "%s", argv[1]);
	check_val_where(r, g->file, sizeof(g->file), &g->line);
	g->next = c->groups;
	c->groups = g;
	return g;
}

/*
 * The end of ADDRESS-END: a whole address of the same family, or the last
 * byte of an IPv4 address in decimal, or the last 16-bit group of an IPv6
 * one in hexadecimal. It must be above the start.
 */
static int
vsg_range_end(struct cfg_reader *r, const char *spec, const char *end, struct check_vsg_entry *e)
{
	unsigned long v;
	char *stop;

	e->last = e->first;
	if (check_val_addr_parse(end, strlen(end), &e->last) == 0 &&
	    e->last.family == e->first.family) {
		if (memcmp(&e->last.u, &e->first.u, e->first.family == AF_INET ? 4 : 16) > 0)
			return 0;
	} else {
		e->last = e->first;
		v = strtoul(end, &stop, e->first.family == AF_INET ? 10 : 16);
		if (!isxdigit((unsigned char)end[0]) || *stop != '\0' ||
		    v > (e->first.family == AF_INET ? 255UL : 0xffffUL)) {
			cfg_error(r,
				  "virtual_server_group: '%s': the range end '%s' is not an "
				  "address or a last %s",
				  spec, end,
				  e->first.family == AF_INET ? "byte (0-255)" : "group (0-ffff)");
			return -1;
		}
		if (e->first.family == AF_INET) {
			uint8_t *b = (uint8_t *)&e->last.u.v4;

			if (v > b[3]) {
				b[3] = (uint8_t)v;
				return 0;
			}
		} else {
			uint8_t *b = e->last.u.v6.s6_addr;

			if (v > (unsigned long)(b[14] << 8 | b[15])) {
				b[14] = (uint8_t)(v >> 8);
				b[15] = (uint8_t)v;
				return 0;
			}
		}
	}
	cfg_error(r, "virtual_server_group: '%s': the range does not end above its start", spec);
	return -1;
}

/* ADDRESS, ADDRESS-END or ADDRESS/PREFIX (the whole prefix, as a range). */
static int
vsg_address(struct cfg_reader *r, const char *spec, struct check_vsg_entry *e)
{
	size_t len = strcspn(spec, "-/");
	uint64_t plen;

	if (check_val_addr_parse(spec, len, &e->first) == -1) {
		cfg_error(r, "virtual_server_group: '%s' is not an address, a range or a prefix",
			  spec);
		return -1;
	}
	e->last = e->first;
	if (spec[len] == '-')
		return vsg_range_end(r, spec, spec + len + 1, e);
	if (spec[len] == '/') {
		unsigned bits = e->first.family == AF_INET ? 32 : 128;
		uint8_t *f = (uint8_t *)&e->first.u, *l = (uint8_t *)&e->last.u;

		if (check_val_uint(r, "virtual_server_group prefix length", spec + len + 1, 0, bits,
				   &plen) == -1)
			return -1;
		for (unsigned i = (unsigned)plen; i < bits; i++) {
			f[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
			l[i / 8] |= (uint8_t)(0x80u >> (i % 8));
		}
	}
	return 0;
}

/* A line of virtual_server_group: ADDRESS-SPEC [PORT] or fwmark N [inet|inet6]. */
int
check_conf_group_entry(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct check_vsg_conf *g = obj;
	struct check_vsg_entry e = { 0 }, *copy, **tail;
	uint64_t v = 0;

	if (strcmp(argv[0], "fwmark") == 0) {
		if (cfg_check_argc(r, argc, argv, 1, -1) == -1 ||
		    check_val_uint(r, "fwmark", argv[1], 0, UINT32_MAX, &v) == -1)
			return -1;
		e.is_fwmark = true;
		e.fwmark = (uint32_t)v;
		if (argc > 2 && strcmp(argv[2], "inet") != 0 && strcmp(argv[2], "inet6") != 0) {
			cfg_error(r, "fwmark: family '%s' is not inet or inet6", argv[2]);
			return -1;
		}
		if (argc > 2)
			e.family = strcmp(argv[2], "inet") == 0 ? AF_INET : AF_INET6;
	} else {
		if (vsg_address(r, argv[0], &e) == -1 ||
		    (argc > 1 &&
		     check_val_uint(r, "virtual_server_group port", argv[1], 0, 65535, &v) == -1))
			return -1;
		e.port = (uint16_t)v;
		e.family = e.first.family;
	}
	copy = malloc(sizeof(*copy));
	if (copy == NULL) {
		cfg_error(r, "virtual_server_group: out of memory");
		return -1;
	}
	*copy = e;
	for (tail = &g->entries; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = copy;
	g->n_entries++;
	return 0;
}

int
check_conf_group_close(struct cfg_reader *r, void *obj)
{
	struct check_vsg_conf *g = obj;

	if (g->n_entries == 0)
		cfg_warn(r, "virtual server group %s has no entries - removing", g->name);
	return 0;
}
