/*
 * vrrp_instance blocks as the reader opens them: the instances by name while
 * the file is read (a duplicate name is refused), the file and line each was
 * read at, and errors found later that name that line. vrrp_conf_free()
 * frees the whole VRRP configuration. The keywords inside the block are
 * vrrp_conf.c's; the checks once the file is read, vrrp_conf_finish.c's.
 */
#include "keepalived/vrrp/conf/vrrp_conf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_garp.h"
#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/proto/vrrp_unicast.h"
#include "lib/log.h"

/* Instances ------------------------------------------------------------------------- */

/*
 * The file a block came from, kept once per distinct name for the life of
 * the process (a few configuration files, shared by every instance and every
 * reload; an instance would otherwise carry a whole path).
 */
static const char *
vrrp_conf_file_name(const char *name)
{
	static struct conf_file_name {
		struct conf_file_name *next;
		char name[];
	} * names;
	struct conf_file_name *n;
	size_t len = strlen(name);

	for (n = names; n != NULL; n = n->next)
		if (strcmp(n->name, name) == 0)
			return n->name;
	n = malloc(sizeof(*n) + len + 1);
	if (n == NULL)
		return "(out of memory)";
	memcpy(n->name, name, len + 1);
	n->next = names;
	names = n;
	return n->name;
}

/*
 * The instances by name while the file is read (open addressing, linear
 * probing; slots a power of two at least twice n), and the list's tail:
 * a thousand instances are not a million name comparisons.
 */
struct vrrp_conf_names {
	struct vrrp_instance_conf **tail;
	size_t n, slots;
	struct vrrp_instance_conf *tab[];
};

static size_t
names_hash(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *name != '\0'; name++)
		h = (h ^ (uint8_t)*name) * 16777619u;
	return h;
}

/* The slot holding name, or the empty one where it would go. */
static size_t
names_slot(const struct vrrp_conf_names *x, const char *name)
{
	size_t mask = x->slots - 1, s = names_hash(name) & mask;

	while (x->tab[s] != NULL && strcmp(x->tab[s]->name, name) != 0)
		s = (s + 1) & mask;
	return s;
}

/* Room for one more name. 0, or -1 without memory (conf->names is then untouched). */
static int
names_reserve(struct vrrp_conf *conf)
{
	struct vrrp_conf_names *old = conf->names, *x;
	size_t slots = old != NULL ? old->slots : 64;

	if (old != NULL && 2 * (old->n + 1) <= old->slots)
		return 0;
	while (2 * ((old != NULL ? old->n : 0) + 1) > slots)
		slots *= 2;
	x = calloc(1, sizeof(*x) + slots * sizeof(x->tab[0]));
	if (x == NULL)
		return -1;
	x->slots = slots;
	x->tail = &conf->instances;
	for (struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next) {
		x->tab[names_slot(x, vi->name)] = vi;
		x->n++;
		x->tail = &vi->next;
	}
	free(old);
	conf->names = x;
	return 0;
}

void
vrrp_conf_names_free(struct vrrp_conf *conf)
{
	free(conf->names);
	conf->names = NULL;
}

void *
vrrp_instance_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_conf *conf = parent;
	struct vrrp_instance_conf *vi, **tail;
	size_t slot, len;
	char *name;

	if (argc != 2) {
		cfg_error(r, "vrrp_instance: expected one name");
		return NULL;
	}
	len = strlen(argv[1]);
	if (len >= VRRP_NAME_MAX) {
		cfg_error(r, "vrrp_instance: name '%s' is longer than %d characters", argv[1],
			  VRRP_NAME_MAX - 1);
		return NULL;
	}
	if (names_reserve(conf) == -1) {
		cfg_error(r, "(%s) out of memory", argv[1]);
		return NULL;
	}
	slot = names_slot(conf->names, argv[1]);
	if (conf->names->tab[slot] != NULL) {
		cfg_error(r, "vrrp_instance %s: already defined at %s:%d", argv[1],
			  conf->names->tab[slot]->file, conf->names->tab[slot]->line);
		return NULL;
	}
	tail = conf->names->tail;
	if ((vi = calloc(1, sizeof(*vi) + len + 1)) == NULL) {
		cfg_error(r, "(%s) out of memory", argv[1]);
		return NULL;
	}
	name = (char *)(vi + 1);
	memcpy(name, argv[1], len + 1);
	vi->name = name;
	vi->file = vrrp_conf_file_name(cfg_file(r));
	vi->line = cfg_line(r);
	/*
	 * keepalived copies these global_defs values when the instance starts,
	 * so only a global_defs read before the instance changes them; the other
	 * defaults are applied by vrrp_conf_finish().
	 */
	vi->garp_master_delay_us = conf->global.garp_master_delay_us;
	vi->garp_master_repeat = conf->global.garp_master_repeat;
	vi->garp_master_refresh_us = conf->global.garp_master_refresh_us;
	vi->garp_master_refresh_repeat = conf->global.garp_master_refresh_repeat;
	vi->down_timer_adverts = conf->global.down_timer_adverts;
	vi->late_advert_warn = conf->global.late_advert_warn;
	*tail = vi;
	conf->names->tail = &vi->next;
	conf->names->tab[slot] = vi;
	conf->names->n++;
	conf->ninstances++;
	return vi;
}

int
vrrp_instance_close(struct cfg_reader *r, void *obj)
{
	/* Everything is checked by vrrp_conf_finish(), once global_defs is known. */
	return 0;
}

void
vrrp_conf_inst_vsay(const struct vrrp_instance_conf *vi, int priority, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_msg(priority, "%s:%d: (%s) %s", vi->file, vi->line, vi->name, msg);
}

int
vrrp_conf_inst_error(const struct vrrp_instance_conf *vi, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrrp_conf_inst_vsay(vi, LOG_ERR, fmt, ap);
	va_end(ap);
	return 1;
}

void
vrrp_conf_free(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *next;

	vrrp_conf_track_free(conf);
	bfd_conf_free(conf);
	vrrp_garp_groups_free(conf);
	vrrp_conf_names_free(conf);
	for (vi = conf->instances; vi != NULL; vi = next) {
		next = vi->next;
		free(vi->vips);
		free(vi->evips);
		free(vi);
	}
	conf->instances = NULL;
	conf->ninstances = 0;
	vrrp_unicast_global_free(conf->unicast);
	conf->unicast = NULL;
}
