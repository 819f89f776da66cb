/*
 * The keyword tables of routes and rules: virtual_routes and virtual_rules
 * inside a vrrp_instance, static_ipaddress, static_routes and static_rules
 * at the top level. Each line is parsed by vrrp_route.c / vrrp_route_rule.c
 * (static_ipaddress by the virtual_ipaddress reader) and appended to the
 * block's struct vrrp_routes_conf, which is allocated with the first line.
 */
#include "keepalived/vrrp/conf/vrrp_route_conf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"

/* The instance's routes, allocated on first use; NULL (reported) when out of memory. */
static struct vrrp_routes_conf *
instance_routes(struct cfg_reader *r, struct vrrp_instance_conf *vi)
{
	if (vi->routes == NULL && (vi->routes = calloc(1, sizeof(*vi->routes))) == NULL)
		cfg_error(r, "(%s) out of memory", vi->name);
	return vi->routes;
}

static int
oom(struct cfg_reader *r, const char *who)
{
	cfg_error(r, "%s: out of memory", who);
	return -1;
}

static int
kw_virtual_route(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_routes_conf *rc;
	char who[VRRP_NAME_MAX + 32];
	struct vrrp_route rt;

	snprintf(who, sizeof(who), "(%s) virtual_routes", vi->name);
	if (vrrp_route_parse(r, who, argc, argv, false, &rt) == -1)
		return -1;
	if ((rc = instance_routes(r, vi)) == NULL)
		return -1;
	return vrrp_routes_conf_add_route(rc, &rt) == -1 ? oom(r, who) : 0;
}

static int
kw_virtual_rule(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_routes_conf *rc;
	char who[VRRP_NAME_MAX + 32];
	struct vrrp_rule ru;

	snprintf(who, sizeof(who), "(%s) virtual_rules", vi->name);
	if (vrrp_rule_parse(r, who, argc, argv, false, &ru) == -1)
		return -1;
	if ((rc = instance_routes(r, vi)) == NULL)
		return -1;
	return vrrp_routes_conf_add_rule(rc, &ru) == -1 ? oom(r, who) : 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_route_instance_keywords[] = {
	{ "virtual_routes", NULL, NULL, NULL, kw_virtual_route, NULL },
	{ "virtual_rules", NULL, NULL, NULL, kw_virtual_rule, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Top level ------------------------------------------------------------------ */

void *
vrrp_route_static_open(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	struct vrrp_routes_conf **slot = &((struct vrrp_conf *)parent)->statics;

	if (argc > 1) {
		cfg_error(r, "%s: unexpected '%s' before '{'", argv[0], argv[1]);
		return NULL;
	}
	if (*slot == NULL && (*slot = calloc(1, sizeof(**slot))) == NULL) {
		oom(r, argv[0]);
		return NULL;
	}
	return *slot;
}

int
vrrp_route_static_route_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_route rt;

	if (vrrp_route_parse(r, "static_routes", argc, argv, true, &rt) == -1)
		return -1;
	vrrp_tgroup_resolve(r, obj, rt.track_group);
	return vrrp_routes_conf_add_route(obj, &rt) == -1 ? oom(r, "static_routes") : 0;
}

int
vrrp_route_static_rule_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_rule ru;

	if (vrrp_rule_parse(r, "static_rules", argc, argv, true, &ru) == -1)
		return -1;
	vrrp_tgroup_resolve(r, obj, ru.track_group);
	/* The group tracks the rule's input interface: keepalived wants one. */
	if (ru.track_group[0] != '\0' && ru.iif[0] == '\0') {
		cfg_warn(r, "static_rules: static rule cannot have track_group if dev/iif not "
			    "specified - ignoring track_group");
		ru.track_group[0] = '\0';
	}
	return vrrp_routes_conf_add_rule(obj, &ru) == -1 ? oom(r, "static_rules") : 0;
}

/*
 * A static address is a virtual_ipaddress line without the instance: it is
 * read by the same code into a scratch instance, which keeps the families of
 * the lines apart (static addresses may mix them). track_group NAME is
 * taken out first and kept in rc->addr_tgroup.
 */
int
vrrp_route_static_addr_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_routes_conf *rc = obj;
	struct vrrp_instance_conf scratch;
	char *words[CFG_MAX_ARGS];
	char group[VRRP_NAME_MAX] = "";
	char(*tg)[VRRP_NAME_MAX];
	int i, n = 0, ret;

	for (i = 0; i < argc && n < CFG_MAX_ARGS; i++) {
		if (strcmp(argv[i], "track_group") == 0 && i + 1 < argc) {
			snprintf(group, sizeof(group), "%s", argv[++i]);
			continue;
		}
		words[n++] = argv[i];
	}
	vrrp_tgroup_resolve(r, rc, group);
	memset(&scratch, 0, sizeof(scratch));
	scratch.name = "static_ipaddress";
	ret = vrrp_conf_vip_item(r, n, words, &scratch);
	if (ret == 0 && scratch.nvips == 0) /* skipped with a warning */
		return 0;
	if (ret == 0 && vrrp_routes_conf_add_addr(rc, &scratch.vips[0]) == -1)
		ret = oom(r, "static_ipaddress");
	if (ret == 0) {
		tg = realloc(rc->addr_tgroup, rc->naddrs * sizeof(*tg));
		if (tg == NULL) {
			ret = oom(r, "static_ipaddress");
		} else {
			rc->addr_tgroup = tg;
			memcpy(tg[rc->naddrs - 1], group, sizeof(group));
		}
	}
	free(scratch.vips);
	return ret;
}

/* clang-format off */
const struct cfg_keyword vrrp_route_top_keywords[] = {
	VRRP_ROUTE_TOP_KEYWORDS(vrrp_route_static_open),
	VRRP_TGROUP_TOP_KEYWORD(vrrp_tgroup_open),
	CFG_KEYWORD_END,
};
/* clang-format on */
