/*
 * use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa] in a
 * vrrp_instance, into struct vrrp_ipvlan_conf (vi->ipvlan). The rules are
 * in vrrp_ipvlan_conf.h.
 *
 * Each word is a mode if it is one of the three, an address if it has a
 * '.' or ':' (interface names may have dots, so a word that is not an
 * address but a valid name is the name), else the name. A second name,
 * address or mode is ignored with a warning, as keepalived 2.2.7 does
 * ("IPVLAN interface already specified - ignoring 'X'").
 */
#include "keepalived/vrrp/conf/vrrp_ipvlan_conf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"
#include "lib/log.h"

/* clang-format off */
static const struct {
	const char *word;
	uint16_t flags;
} ipvlan_modes[] = {
	{ "bridge", VRRP_IPVLAN_F_BRIDGE },
	{ "private", VRRP_IPVLAN_F_PRIVATE },
	{ "vepa", VRRP_IPVLAN_F_VEPA },
};
/* clang-format on */
#define IPVLAN_NMODES (sizeof(ipvlan_modes) / sizeof(ipvlan_modes[0]))

/* The kernel's dev_valid_name(). */
static bool
ipvlan_name_valid(const char *name)
{
	if (name[0] == '\0' || strlen(name) >= IF_NAMESIZE || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return false;
	for (; *name != '\0'; name++)
		if (*name == '/' || *name == ':' || isspace((unsigned char)*name))
			return false;
	return true;
}

/* ADDRESS[/PREFIX]. 0, or -1 if it is not one. */
static int
ipvlan_parse_addr(const char *s, struct vrrp_ipvlan_conf *ic)
{
	char buf[INET6_ADDRSTRLEN + 1], *end;
	size_t n = strcspn(s, "/");
	int family = strchr(s, ':') != NULL ? AF_INET6 : AF_INET;
	unsigned long plen = family == AF_INET ? 32 : 128;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(family, buf, &ic->addr) != 1)
		return -1;
	if (s[n] == '/') {
		if (!isdigit((unsigned char)s[n + 1]))
			return -1;
		plen = strtoul(s + n + 1, &end, 10);
		if (*end != '\0' || plen > (family == AF_INET ? 32u : 128u))
			return -1;
	}
	ic->family = family;
	ic->prefixlen = (uint8_t)plen;
	ic->has_addr = true;
	return 0;
}

static bool
ipvlan_looks_like_addr(const char *s)
{
	return strchr(s, ':') != NULL ||
	       (isdigit((unsigned char)s[0]) && strspn(s, "0123456789./") == strlen(s));
}

static void
ipvlan_word(struct cfg_reader *r, struct vrrp_instance_conf *vi, struct vrrp_ipvlan_conf *ic,
	    const char *w, bool *have_mode)
{
	for (size_t m = 0; m < IPVLAN_NMODES; m++) {
		if (strcmp(w, ipvlan_modes[m].word) != 0)
			continue;
		if (*have_mode)
			cfg_warn(r, "(%s) IPVLAN mode already specified - ignoring '%s'", vi->name,
				 w);
		else
			ic->flags = ipvlan_modes[m].flags;
		*have_mode = true;
		return;
	}
	if (ipvlan_looks_like_addr(w)) {
		struct vrrp_ipvlan_conf tmp = *ic;

		if (ic->has_addr)
			cfg_warn(r, "(%s) IPVLAN address already specified - ignoring '%s'",
				 vi->name, w);
		else if (ipvlan_parse_addr(w, &tmp) == -1)
			cfg_warn(r, "(%s) use_ipvlan: '%s' is not a valid address - ignoring",
				 vi->name, w);
		else
			*ic = tmp;
		return;
	}
	if (ic->ifname[0] != '\0')
		cfg_warn(r, "(%s) IPVLAN interface already specified - ignoring '%s'", vi->name, w);
	else if (!ipvlan_name_valid(w))
		cfg_warn(r, "(%s) use_ipvlan: '%s' is not a valid interface name - ignoring",
			 vi->name, w);
	else
		snprintf(ic->ifname, sizeof(ic->ifname), "%s", w);
}

static int
kw_use_ipvlan(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_ipvlan_conf *ic;
	bool have_mode = false;

	if (vi->ipvlan != NULL) {
		cfg_warn(r, "(%s) use_ipvlan already specified - ignoring", vi->name);
		return 0;
	}
	if ((ic = calloc(1, sizeof(*ic))) == NULL) {
		cfg_error(r, "(%s) out of memory", vi->name);
		return -1;
	}
	vi->ipvlan = ic;
	ic->enabled = true;
	ic->flags = VRRP_IPVLAN_F_BRIDGE;
	ic->line = cfg_line(r);
	for (int i = 1; i < argc; i++)
		ipvlan_word(r, vi, ic, argv[i], &have_mode);
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_ipvlan_instance_keywords[] = {
	{ "use_ipvlan", kw_use_ipvlan, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

int
vrrp_ipvlan_conf_finish(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *other;
	int errors = 0;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		struct vrrp_ipvlan_conf *ic = vi->ipvlan;

		if (ic == NULL || !ic->enabled)
			continue;
		if (ic->has_addr && ic->family != vi->family) {
			log_warnx("%s:%d: (%s) use_ipvlan: address family must match VRRP "
				  "instance - ignoring the address",
				  vi->file, ic->line, vi->name);
			ic->has_addr = false;
		}
		if (vi->vmac != NULL && vi->vmac->enabled)
			errors += vrrp_conf_inst_error(vi, "use_ipvlan and use_vmac cannot both be "
							   "used");
		if (vi->family == AF_INET && !ic->has_addr)
			errors += vrrp_conf_inst_error(vi, "use_ipvlan: an IPv4 instance needs an "
							   "address for the ipvlan interface");
		if (ic->ifname[0] == '\0')
			continue;
		if (strcmp(ic->ifname, vi->ifname) == 0)
			errors += vrrp_conf_inst_error(
				vi, "use_ipvlan: %s is the instance's own interface", ic->ifname);
		for (other = conf->instances; other != vi; other = other->next)
			if (other->ipvlan != NULL && other->ipvlan->enabled &&
			    strcmp(other->ipvlan->ifname, ic->ifname) == 0)
				errors += vrrp_conf_inst_error(
					vi, "use_ipvlan: %s is already the ipvlan of %s",
					ic->ifname, other->name);
	}
	return errors;
}

void
vrrp_ipvlan_conf_free(struct vrrp_ipvlan_conf *ic)
{
	free(ic);
}

void
vrrp_ipvlan_conf_dump(const struct vrrp_ipvlan_conf *ic, void (*out)(const char *line, void *arg),
		      void *arg)
{
	char line[128], addr[INET6_ADDRSTRLEN + 8] = "";
	const char *mode = "bridge";

	if (ic == NULL || !ic->enabled)
		return;
	if (ic->has_addr) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(ic->family, &ic->addr, a, sizeof(a));
		snprintf(addr, sizeof(addr), " %s/%u", a, ic->prefixlen);
	}
	for (size_t m = 0; m < IPVLAN_NMODES; m++)
		if (ipvlan_modes[m].flags == ic->flags)
			mode = ipvlan_modes[m].word;
	snprintf(line, sizeof(line), "    use_ipvlan%s%s%s %s", ic->ifname[0] ? " " : "",
		 ic->ifname, addr, mode);
	out(line, arg);
}
