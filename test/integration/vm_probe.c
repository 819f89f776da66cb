/*
 * vm_probe: drives vrrp_vmac.c and vrrp_route_nl.c for
 * test/integration/vmac_routes.sh, inside a network namespace. It reads a
 * keepalived.conf with the daemon's own keyword tables (vrrp_instance with
 * use_vmac and virtual_routes/rules, the static_* blocks), and makes the
 * calls the glue will make. Output lines are for the script to grep:
 *
 *   vmac CONF GO    create the VMAC of every instance with use_vmac, put
 *                   the instance's VIPs on it (vrrp_nl_vips_apply), print
 *                   "vmac NAME ifname=.. ifindex=.. mac=.. created=0|1" and
 *                   "ready"; then for k = 1, 2, ... wait for the file GO.k
 *                   and destroy the k-th VMAC from the last ("destroyed IF")
 *   routes CONF add|del [DEFAULT_IF]
 *                   install or remove the static_* blocks and every
 *                   instance's routes and rules, one vrrp_route_apply()
 *                   each: "apply add entries=N failures=F usec=U batches=B"
 *
 * Exit status: 0, 1 for a failed operation, 2 for a configuration error.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "keepalived/vrrp/conf/vrrp_route.h"
#include "keepalived/vrrp/kernel/vrrp_vmac.h"
#include "lib/log.h"

#define PROBE_MAX_VMACS 32
#define GO_TIMEOUT_S 60

/* clang-format off */
static const struct cfg_keyword probe_instance_keywords[] = {
	CFG_KEYWORDS_FROM(vrrp_vmac_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_route_instance_keywords),
	CFG_KEYWORDS_FROM(vrrp_instance_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* clang-format off */
static const struct cfg_keyword probe_top_keywords[] = {
	{ "vrrp_instance", NULL, vrrp_instance_open, probe_instance_keywords, NULL,
	  vrrp_instance_close },
	CFG_KEYWORDS_FROM(vrrp_route_top_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int
load(const char *path, struct vrrp_conf *conf)
{
	struct cfg_options opts = { .config_id = "probe" };
	int errors;

	memset(conf, 0, sizeof(*conf));
	vrrp_global_conf_defaults(&conf->global);
	vrrp_route_name_lookup = vrrp_route_names_read;
	errors = cfg_read_file(path, probe_top_keywords, conf, &opts);
	if (errors == 0)
		errors = vrrp_conf_finish(conf) + vrrp_vmac_conf_finish(conf) +
			 vrrp_route_conf_finish(conf, conf->statics);
	if (errors != 0)
		printf("config errors=%d\n", errors);
	return errors;
}

static void
unload(struct vrrp_conf *conf)
{
	for (struct vrrp_instance_conf *vi = conf->instances; vi != NULL; vi = vi->next) {
		vrrp_vmac_conf_free(vi->vmac);
		vrrp_routes_conf_free(vi->routes);
	}
	vrrp_routes_conf_free(conf->statics);
	conf->statics = NULL;
	vrrp_conf_free(conf);
}

/* The first usable IPv6 link-local address of ifname, as the glue's cache has it. */
static bool
parent_ll6(const char *ifname, struct in6_addr *ll)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa) != 0)
		return false;
	for (i = ifa; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(i->ifa_name, ifname) != 0)
			continue;
		*ll = ((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		found = IN6_IS_ADDR_LINKLOCAL(ll);
	}
	freeifaddrs(ifa);
	return found;
}

static bool
wait_file(const char *path)
{
	uint64_t end = now_us() + GO_TIMEOUT_S * 1000000ull;

	while (access(path, F_OK) != 0) {
		if (now_us() > end)
			return false;
		usleep(10000);
	}
	return true;
}

static int
cmd_vmac(const char *path, const char *go)
{
	struct vrrp_vmac *vmacs[PROBE_MAX_VMACS];
	struct vrrp_vmac_ctx *ctx;
	struct vrrp_instance_conf *vi;
	struct vrrp_conf conf;
	struct vrrp_nl *nl;
	size_t n = 0, k;
	int r = 0;

	if (load(path, &conf) != 0) {
		unload(&conf);
		return 2;
	}
	if ((ctx = vrrp_vmac_ctx_open()) == NULL || (nl = vrrp_nl_open()) == NULL) {
		vrrp_vmac_ctx_close(ctx);
		unload(&conf);
		return 1;
	}
	for (vi = conf.instances; vi != NULL && n < PROBE_MAX_VMACS; vi = vi->next) {
		struct vrrp_vmac_params p = { 0 };
		struct in6_addr ll;
		const uint8_t *mac;

		if (vi->vmac == NULL || !vi->vmac->enabled)
			continue;
		p.instance = vi->name;
		p.base_ifindex = (int)if_nametoindex(vi->ifname);
		p.vrid = vi->vrid;
		p.family = vi->family;
		p.conf = vi->vmac;
		p.ll6 = parent_ll6(vi->ifname, &ll) ? &ll : NULL;
		if ((vmacs[n] = vrrp_vmac_create(ctx, &p)) == NULL) {
			r = 1;
			break;
		}
		mac = vrrp_vmac_get_mac(vmacs[n]);
		printf("vmac %s ifname=%s ifindex=%d "
		       "mac=%02x:%02x:%02x:%02x:%02x:%02x created=%d\n",
		       vi->name, vrrp_vmac_ifname(vmacs[n]), vrrp_vmac_ifindex(vmacs[n]), mac[0],
		       mac[1], mac[2], mac[3], mac[4], mac[5], vrrp_vmac_created(vmacs[n]));
		/* What the glue does on becoming master: VIPs without dev go on the VMAC. */
		printf("vips %s failures=%d\n", vi->name,
		       vrrp_nl_vips_apply(nl, true, vrrp_vmac_ifindex(vmacs[n]), vi->vips,
					  vi->nvips));
		n++;
	}
	printf("ready\n");
	fflush(stdout);
	for (k = 1; k <= n; k++) {
		char file[512];

		/* The line means it is done: printed after the removal. */

		snprintf(file, sizeof(file), "%s.%zu", go, k);
		if (!wait_file(file)) {
			printf("timeout waiting for %s\n", file);
			r = 1;
			break;
		}
		snprintf(file, sizeof(file), "%s", vrrp_vmac_ifname(vmacs[n - k]));
		vrrp_vmac_destroy(ctx, vmacs[n - k]);
		printf("destroyed %s\n", file);
	}
	/* Whatever a timeout left: the context removes it. */
	vrrp_vmac_ctx_close(ctx);
	vrrp_nl_close(nl);
	unload(&conf);
	return r;
}

static int
cmd_routes(const char *path, const char *op, const char *default_if)
{
	struct vrrp_instance_conf *vi;
	struct vrrp_route_nl *h;
	struct vrrp_conf conf;
	bool add = strcmp(op, "add") == 0;
	int failures = 0, def = default_if != NULL ? (int)if_nametoindex(default_if) : 0;
	size_t entries = 0;
	uint64_t t0;
	char who[VRRP_NAME_MAX + 4];

	if (load(path, &conf) != 0) {
		unload(&conf);
		return 2;
	}
	if ((h = vrrp_route_nl_open()) == NULL) {
		unload(&conf);
		return 1;
	}
	t0 = now_us();
	failures += vrrp_route_apply(h, conf.statics, add, def, "");
	for (vi = conf.instances; vi != NULL; vi = vi->next) {
		snprintf(who, sizeof(who), "(%s)", vi->name);
		failures += vrrp_route_apply(h, vi->routes, add, def, who);
	}
	t0 = now_us() - t0;
	if (conf.statics != NULL)
		entries += conf.statics->naddrs + conf.statics->nroutes + conf.statics->nrules;
	for (vi = conf.instances; vi != NULL; vi = vi->next)
		if (vi->routes != NULL)
			entries += vi->routes->naddrs + vi->routes->nroutes + vi->routes->nrules;
	printf("apply %s entries=%zu failures=%d usec=%llu batches=%llu requests=%llu\n", op,
	       entries, failures, (unsigned long long)t0,
	       (unsigned long long)vrrp_route_nl_get_stats(h)->batches,
	       (unsigned long long)vrrp_route_nl_get_stats(h)->requests);
	vrrp_route_nl_close(h);
	unload(&conf);
	return failures == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	log_init("vm_probe", LOG_DAEMON, true);
	if (argc == 4 && strcmp(argv[1], "vmac") == 0) {
		r = cmd_vmac(argv[2], argv[3]);
	} else if ((argc == 4 || argc == 5) && strcmp(argv[1], "routes") == 0 &&
		   (strcmp(argv[3], "add") == 0 || strcmp(argv[3], "del") == 0)) {
		r = cmd_routes(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	} else {
		fprintf(stderr,
			"usage: vm_probe vmac CONF GO | routes CONF add|del [DEFAULT_IF]\n");
		r = 2;
	}
	return r;
}
