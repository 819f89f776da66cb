/*
 * use_vmac [NAME] [MAC], vmac_xmit_base and use_vmac_addr in a
 * vrrp_instance, into struct vrrp_vmac_conf (vi->vmac, allocated by the
 * first of them), and the pure rules the live side follows: the virtual
 * MAC and the default interface names.
 *
 * keepalived 2.2.7 reports a bad name or MAC with -t and then runs without
 * it; here those are errors, since the user meant something that will not
 * happen. vmac_xmit_base without use_vmac does nothing in keepalived
 * either, and is a warning.
 */
#include "keepalived/vrrp/conf/vrrp_vmac_conf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_priv.h"

/* More default names than anyone has instances on one VRID. */
#define VMAC_NAME_ATTEMPTS 1000

/* The RFC's prefix: the fifth octet is 1 (IPv4) or 2 (IPv6), the sixth the VRID. */
static const uint8_t vmac_rfc_prefix[4] = { 0x00, 0x00, 0x5e, 0x00 };

static struct vrrp_vmac_conf *
vmac_conf(struct cfg_reader *r, struct vrrp_instance_conf *vi)
{
	if (vi->vmac == NULL && (vi->vmac = calloc(1, sizeof(*vi->vmac))) == NULL)
		cfg_error(r, "(%s) out of memory", vi->name);
	return vi->vmac;
}

/* The kernel's dev_valid_name(): what it will take as an interface name. */
static bool
vmac_name_valid(const char *name)
{
	if (name[0] == '\0' || strlen(name) >= IF_NAMESIZE || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return false;
	for (; *name != '\0'; name++)
		if (*name == '/' || *name == ':' || isspace((unsigned char)*name))
			return false;
	return true;
}

/*
 * Five or six octets of one or two hex digits, separated by ':' (five may
 * end in ':'). Returns the number of octets, or -1.
 */
static int
vmac_parse_mac(const char *s, uint8_t mac[VRRP_VMAC_LEN])
{
	int n = 0;

	while (*s != '\0' && n < VRRP_VMAC_LEN) {
		unsigned v = 0, digits = 0;

		for (; isxdigit((unsigned char)*s) && digits < 3; s++, digits++) {
			int c = tolower((unsigned char)*s);

			v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
		}
		if (digits == 0 || digits > 2 || (*s != ':' && *s != '\0'))
			return -1;
		mac[n++] = (uint8_t)v;
		if (*s == ':')
			s++;
	}
	return *s == '\0' && n >= VRRP_VMAC_LEN - 1 ? n : -1;
}

static int
vmac_mac_word(struct cfg_reader *r, struct vrrp_instance_conf *vi, struct vrrp_vmac_conf *vc,
	      const char *s)
{
	uint8_t mac[VRRP_VMAC_LEN] = { 0 };
	int n;

	if ((n = vmac_parse_mac(s, mac)) == -1) {
		cfg_error(r, "(%s) use_vmac: '%s' is not a MAC address (5 or 6 octets)", vi->name,
			  s);
		return -1;
	}
	if (mac[0] & 0x01) {
		cfg_error(r, "(%s) use_vmac: %s is a multicast MAC address", vi->name, s);
		return -1;
	}
	if (memcmp(mac, vmac_rfc_prefix, sizeof(vmac_rfc_prefix)) == 0 &&
	    (mac[4] == 1 || mac[4] == 2)) {
		cfg_error(r,
			  "(%s) use_vmac: %s is in the RFC 5798 range, which use_vmac takes "
			  "without an address",
			  vi->name, s);
		return -1;
	}
	if (vc->has_mac && (memcmp(vc->mac, mac, (size_t)n) != 0 ||
			    vc->mac_use_vrid != (n == VRRP_VMAC_LEN - 1))) {
		cfg_error(r, "(%s) use_vmac: a different MAC address was given before", vi->name);
		return -1;
	}
	memcpy(vc->mac, mac, sizeof(vc->mac));
	vc->mac_use_vrid = n == VRRP_VMAC_LEN - 1;
	vc->has_mac = true;
	return 0;
}

static int
kw_use_vmac(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_vmac_conf *vc = vmac_conf(r, vi);
	int i;

	if (vc == NULL)
		return -1;
	vc->enabled = true;
	for (i = 1; i < argc; i++) {
		/* Interface names cannot hold a ':', so a word with one is the MAC. */
		if (strchr(argv[i], ':') != NULL) {
			if (vmac_mac_word(r, vi, vc, argv[i]) == -1)
				return -1;
			continue;
		}
		if (!vmac_name_valid(argv[i])) {
			cfg_error(r, "(%s) use_vmac: '%s' is not a valid interface name", vi->name,
				  argv[i]);
			return -1;
		}
		if (vc->ifname[0] != '\0' && strcmp(vc->ifname, argv[i]) != 0) {
			cfg_error(r, "(%s) use_vmac: interface name %s given after %s", vi->name,
				  argv[i], vc->ifname);
			return -1;
		}
		snprintf(vc->ifname, sizeof(vc->ifname), "%s", argv[i]);
	}
	return 0;
}

static int
kw_vmac_flag(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_instance_conf *vi = obj;
	struct vrrp_vmac_conf *vc = vmac_conf(r, vi);

	if (vc == NULL)
		return -1;
	if (argc > 1)
		cfg_warn(r, "(%s) %s takes no value, '%s' ignored", vi->name, argv[0], argv[1]);
	if (strcmp(argv[0], "vmac_xmit_base") == 0)
		vc->xmit_base = true;
	else
		vc->use_vmac_addr = true;
	return 0;
}

/* clang-format off */
const struct cfg_keyword vrrp_vmac_instance_keywords[] = {
	{ "use_vmac", kw_use_vmac, NULL, NULL, NULL, NULL },
	{ "use_vmac_addr", kw_vmac_flag, NULL, NULL, NULL, NULL },
	{ "vmac_xmit_base", kw_vmac_flag, NULL, NULL, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Whole-file checks -------------------------------------------------------- */

/* The i-th address as vrrp_inst_addr() numbers them: the VIPs, then the excluded ones. */
static const struct vrrp_vip *
vmac_addr(const struct vrrp_instance_conf *vi, size_t i)
{
	return i < vi->nvips ? &vi->vips[i] : &vi->evips[i - vi->nvips];
}

/* use_vmac_addr / an address's use_vmac: note it, with the names' prefix. -1: no memory. */
static int
vmac_conf_addr_vmacs(const struct vrrp_conf *conf, struct vrrp_instance_conf *vi)
{
	bool any = false;
	size_t i;

	for (i = 0; i < vi->nvips + vi->nevips && !any; i++)
		any = vrrp_vmac_vip_wants_vmac(vi, vmac_addr(vi, i));
	if (!any)
		return 0;
	if (vi->vmac == NULL && (vi->vmac = calloc(1, sizeof(*vi->vmac))) == NULL) {
		log_error("(%s) out of memory", vi->name);
		return -1;
	}
	vi->vmac->has_addr_vmacs = true;
	snprintf(vi->vmac->addr_prefix, sizeof(vi->vmac->addr_prefix), "%s",
		 vrrp_vmac_addr_prefix(&conf->global));
	return 0;
}

int
vrrp_vmac_conf_finish(struct vrrp_conf *conf)
{
	struct vrrp_instance_conf *vi, *other;
	int errors = 0;

	for (vi = conf->instances; vi != NULL; vi = vi->next) {
		struct vrrp_vmac_conf *vc;

		if (vmac_conf_addr_vmacs(conf, vi) == -1)
			return errors + 1;
		if ((vc = vi->vmac) == NULL)
			continue;
		if (vc->xmit_base && !vc->enabled) {
			log_warnx("%s:%d: (%s) vmac_xmit_base is only valid with use_vmac, ignored",
				  vi->file, vi->line, vi->name);
			vc->xmit_base = false;
		}
		/*
		 * vmac_prefix names the VMACs keepalived would call vrrp.VRID; the
		 * name is then fixed (keepalived's numbered fallbacks, PREFIXn.VRID,
		 * are not tried).
		 */
		if (vc->enabled && vc->ifname[0] == '\0' && conf->global.vmac_prefix[0] != '\0') {
			char name[sizeof(conf->global.vmac_prefix) + 8];

			/* vmac_prefix leaves room for ".255" (vrrp_global_keyword()). */
			snprintf(name, sizeof(name), "%s.%u", conf->global.vmac_prefix, vi->vrid);
			if (strlen(name) < sizeof(vc->ifname))
				memcpy(vc->ifname, name, strlen(name) + 1);
		}
		if (!vc->enabled || vc->ifname[0] == '\0')
			continue;
		if (strcmp(vc->ifname, vi->ifname) == 0)
			errors +=
				vrrp_conf_inst_error(vi,
						     "use_vmac: %s is the instance's own interface",
						     vc->ifname);
		for (other = conf->instances; other != vi; other = other->next)
			if (other->vmac != NULL && other->vmac->enabled &&
			    strcmp(other->vmac->ifname, vc->ifname) == 0)
				errors += vrrp_conf_inst_error(
					vi, "use_vmac: %s is already the VMAC of %s", vc->ifname,
					other->name);
	}
	return errors;
}

void
vrrp_vmac_conf_free(struct vrrp_vmac_conf *vc)
{
	free(vc);
}

void
vrrp_vmac_conf_dump(const struct vrrp_vmac_conf *vc, void (*out)(const char *line, void *arg),
		    void *arg)
{
	char line[96], mac[24] = "";

	if (vc == NULL)
		return;
	if (vc->has_mac && vc->mac_use_vrid)
		snprintf(mac, sizeof(mac), " %02x:%02x:%02x:%02x:%02x", vc->mac[0], vc->mac[1],
			 vc->mac[2], vc->mac[3], vc->mac[4]);
	else if (vc->has_mac)
		snprintf(mac, sizeof(mac), " %02x:%02x:%02x:%02x:%02x:%02x", vc->mac[0], vc->mac[1],
			 vc->mac[2], vc->mac[3], vc->mac[4], vc->mac[5]);
	if (vc->enabled) {
		snprintf(line, sizeof(line), "    use_vmac%s%s%s", vc->ifname[0] ? " " : "",
			 vc->ifname, mac);
		out(line, arg);
	}
	if (vc->xmit_base)
		out("    vmac_xmit_base", arg);
	if (vc->use_vmac_addr)
		out("    use_vmac_addr", arg);
}

/* Rules the live side follows ------------------------------------------------ */

void
vrrp_vmac_mac(const struct vrrp_vmac_conf *vc, int family, uint8_t vrid, uint8_t mac[VRRP_VMAC_LEN])
{
	if (vc != NULL && vc->has_mac) {
		memcpy(mac, vc->mac, VRRP_VMAC_LEN);
		if (vc->mac_use_vrid)
			mac[VRRP_VMAC_LEN - 1] = vrid;
		return;
	}
	memcpy(mac, vmac_rfc_prefix, sizeof(vmac_rfc_prefix));
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

int
vrrp_vmac_prefixed_name(const char *prefix, int family, uint8_t vrid, unsigned attempt, char *buf,
			size_t len)
{
	unsigned num;
	int n;

	if (attempt >= VMAC_NAME_ATTEMPTS)
		return -1;
	if (attempt == 0) {
		n = snprintf(buf, len, "%s.%u", prefix, vrid);
		return n > 0 && (size_t)n < len && (size_t)n < IF_NAMESIZE ? 0 : -1;
	}
	/* IPv6 tries 6 first, then 1, 2, ... leaving 6 out. */
	if (family == AF_INET6)
		num = attempt == 1 ? 6 : (attempt <= 6 ? attempt - 1 : attempt);
	else
		num = attempt;
	n = snprintf(buf, len, "%s%u.%u", prefix, num, vrid);
	return n > 0 && (size_t)n < len && (size_t)n < IF_NAMESIZE ? 0 : -1;
}

int
vrrp_vmac_default_name(int family, uint8_t vrid, unsigned attempt, char *buf, size_t len)
{
	return vrrp_vmac_prefixed_name("vrrp", family, vrid, attempt, buf, len);
}

bool
vrrp_vmac_vip_wants_vmac(const struct vrrp_instance_conf *vi, const struct vrrp_vip *vip)
{
	/* Without dev on the instance's interface, unless that is on its own VMAC already. */
	if (vip->use_vmac && (vip->dev[0] != '\0' || vi->vmac == NULL || !vi->vmac->enabled))
		return true;
	if (vi->vmac == NULL || !vi->vmac->use_vmac_addr)
		return false;
	if (vip->dev[0] != '\0' && strcmp(vip->dev, vi->ifname) != 0)
		return true;
	return vip->family != vi->family;
}

const char *
vrrp_vmac_vip_parent(const struct vrrp_instance_conf *vi, const struct vrrp_vip *vip)
{
	return vip->dev[0] != '\0' ? vip->dev : vi->ifname;
}

size_t
vrrp_vmac_addr_slots(const struct vrrp_instance_conf *vi, int *slot_of, size_t *first_of)
{
	size_t i, k, n = 0;

	for (i = 0; i < vi->nvips + vi->nevips; i++) {
		const struct vrrp_vip *v = vmac_addr(vi, i);

		slot_of[i] = -1;
		if (!vrrp_vmac_vip_wants_vmac(vi, v))
			continue;
		for (k = 0; k < n; k++) {
			const struct vrrp_vip *f = vmac_addr(vi, first_of[k]);

			if (f->family == v->family &&
			    strcmp(vrrp_vmac_vip_parent(vi, f), vrrp_vmac_vip_parent(vi, v)) == 0)
				break;
		}
		if (k == n)
			first_of[n++] = i;
		slot_of[i] = (int)k;
	}
	return n;
}

const char *
vrrp_vmac_addr_prefix(const struct vrrp_global_conf *g)
{
	if (g->vmac_addr_prefix[0] != '\0')
		return g->vmac_addr_prefix;
	return g->vmac_prefix[0] != '\0' ? g->vmac_prefix : "vrrp";
}
