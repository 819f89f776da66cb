/*
 * track_group NAME { group { VI_1 VI_2 } } and the track_group option of
 * static_ipaddress / static_routes / static_rules lines (keepalived 2.2.7).
 *
 * The groups are kept with the static blocks (struct vrrp_routes_conf). A
 * line naming a group not read yet is warned about and the option dropped,
 * as keepalived does ("track_group G not found"). Once the file is read,
 * every instance of a group tracks the interfaces of the group's static
 * addresses and routes, and of its static rules' iif, as a track_interface
 * line without weight would: the link going down puts the instance in
 * FAULT, as keepalived's does.
 * Re-adding deleted static addresses is the run layer's (vrrp_instance_ext.c).
 */
#include "keepalived/vrrp/conf/vrrp_route_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_track.h"

void *
vrrp_tgroup_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_routes_conf *rc;
	struct vrrp_track_group *g;
	char *noargs[1] = { "static_ipaddress" };

	if (argc != 2) {
		cfg_error(r, "track_group: needs exactly one name before '{'");
		return NULL;
	}
	if (vrrp_tgroup_find(((struct vrrp_conf *)parent)->statics, argv[1]) != NULL) {
		cfg_error(r, "track_group %s: already defined", argv[1]);
		return NULL;
	}
	if ((rc = vrrp_route_static_open(r, 1, noargs, parent)) == NULL)
		return NULL;
	g = realloc(rc->groups, (rc->ngroups + 1) * sizeof(*g));
	if (g == NULL) {
		cfg_error(r, "track_group: out of memory");
		return NULL;
	}
	rc->groups = g;
	g = &rc->groups[rc->ngroups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->name, sizeof(g->name), "%s", argv[1]);
	return g;
}

/* One line of group { }: instance names. */
static int
tgroup_member(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_track_group *g = obj;
	char(*insts)[VRRP_NAME_MAX];

	for (int i = 0; i < argc; i++) {
		insts = realloc(g->insts, (g->ninsts + 1) * sizeof(*insts));
		if (insts == NULL) {
			cfg_error(r, "track_group %s: out of memory", g->name);
			return -1;
		}
		g->insts = insts;
		snprintf(g->insts[g->ninsts++], VRRP_NAME_MAX, "%s", argv[i]);
	}
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_tgroup_keywords[] = {
	{ "group", NULL, NULL, NULL, tgroup_member, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

const struct vrrp_track_group *
vrrp_tgroup_find(const struct vrrp_routes_conf *rc, const char *name)
{
	for (size_t i = 0; rc != NULL && i < rc->ngroups; i++)
		if (strcmp(rc->groups[i].name, name) == 0)
			return &rc->groups[i];
	return NULL;
}

void
vrrp_tgroup_resolve(struct cfg_reader *r, const struct vrrp_routes_conf *rc, char *name)
{
	if (name[0] == '\0' || vrrp_tgroup_find(rc, name) != NULL)
		return;
	cfg_warn(r, "track_group %s not found", name);
	name[0] = '\0';
}

/* vi tracks interface dev (weight 0: FAULT while down) unless it already watches it. */
static int
tgroup_track_dev(struct vrrp_instance_conf *vi, const char *dev)
{
	struct vrrp_track_set_conf *set = vi->track;
	struct vrrp_track_ref *refs;

	if (dev[0] == '\0' || strcmp(dev, vi->ifname) == 0)
		return 0;
	if (set == NULL && (set = vi->track = calloc(1, sizeof(*set))) == NULL)
		return -1;
	for (size_t i = 0; i < set->nrefs; i++)
		if (set->refs[i].kind == VRRP_TRACK_INTERFACE &&
		    strcmp(set->refs[i].name, dev) == 0)
			return 0;
	refs = realloc(set->refs, (set->nrefs + 1) * sizeof(*refs));
	if (refs == NULL)
		return -1;
	set->refs = refs;
	refs = &set->refs[set->nrefs++];
	memset(refs, 0, sizeof(*refs));
	refs->kind = VRRP_TRACK_INTERFACE;
	snprintf(refs->name, sizeof(refs->name), "%s", dev);
	return 0;
}

static int
tgroup_track_group(struct vrrp_conf *conf, const struct vrrp_routes_conf *rc, const char *group,
		   const char *dev)
{
	const struct vrrp_track_group *g = vrrp_tgroup_find(rc, group);
	struct vrrp_instance_conf *vi;
	int errors = 0;

	for (size_t i = 0; g != NULL && dev[0] != '\0' && i < g->ninsts; i++)
		for (vi = conf->instances; vi != NULL; vi = vi->next)
			if (strcmp(vi->name, g->insts[i]) == 0 && tgroup_track_dev(vi, dev) == -1)
				errors++;
	return errors;
}

int
vrrp_tgroup_finish(struct vrrp_conf *conf, struct vrrp_routes_conf *statics)
{
	int errors = 0;

	if (statics == NULL || statics->ngroups == 0)
		return 0;
	for (size_t i = 0; statics->addr_tgroup != NULL && i < statics->naddrs; i++)
		errors += tgroup_track_group(conf, statics, statics->addr_tgroup[i],
					     statics->addrs[i].dev);
	for (size_t i = 0; i < statics->nroutes; i++)
		errors += tgroup_track_group(conf, statics, statics->routes[i].track_group,
					     statics->routes[i].dev);
	for (size_t i = 0; i < statics->nrules; i++)
		errors += tgroup_track_group(conf, statics, statics->rules[i].track_group,
					     statics->rules[i].iif);
	if (errors != 0)
		log_error("track_group: out of memory");
	return errors;
}
