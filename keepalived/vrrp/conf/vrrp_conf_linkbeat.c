/*
 * linkbeat_interfaces { IFNAME [MII|ETHTOOL|IOCTL] }: the interfaces whose
 * link state is polled instead of taken from netlink (conf layer; the
 * polling is run/vrrp_linkbeat_run.c). keepalived 2.2.7 warns of a word it
 * does not know ("extra characters FOO in linkbeat interface") and polls
 * the interface the default way; this does the same.
 */
#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf_iface.h"

/* clang-format off */
static const struct {
	const char *word;
	enum vrrp_linkbeat_type type;
} linkbeat_words[] = {
	{ "MII", VRRP_LINKBEAT_MII },
	{ "ETHTOOL", VRRP_LINKBEAT_ETHTOOL },
	{ "IOCTL", VRRP_LINKBEAT_IOCTL },
};
/* clang-format on */

const struct vrrp_linkbeat_if *
vrrp_linkbeat_of(const struct vrrp_iface_conf *ic, const char *ifname)
{
	for (size_t i = 0; i < ic->nlinkbeat; i++)
		if (strcmp(ic->linkbeat[i].ifname, ifname) == 0)
			return &ic->linkbeat[i];
	return NULL;
}

int
vrrp_linkbeat_item(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	struct vrrp_iface_conf *ic = obj;
	struct vrrp_linkbeat_if lb, *slot;

	if (strlen(argv[0]) >= sizeof(lb.ifname)) {
		cfg_warn(r, "linkbeat_interfaces: interface '%s' is too long - ignoring", argv[0]);
		return 0;
	}
	memset(&lb, 0, sizeof(lb));
	memcpy(lb.ifname, argv[0], strlen(argv[0]));
	lb.type = VRRP_LINKBEAT_AUTO;
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(linkbeat_words) / sizeof(linkbeat_words[0]); i++)
			if (strcmp(argv[1], linkbeat_words[i].word) == 0)
				lb.type = (uint8_t)linkbeat_words[i].type;
		if (lb.type == VRRP_LINKBEAT_AUTO)
			cfg_warn(r, "extra characters %s in linkbeat interface", argv[1]);
		else if (argc > 2)
			cfg_warn(r, "extra characters %s in linkbeat interface", argv[2]);
	}
	slot = (struct vrrp_linkbeat_if *)vrrp_linkbeat_of(ic, lb.ifname);
	if (slot == NULL) {
		if (ic->nlinkbeat == (size_t)VRRP_LINKBEAT_MAX) {
			cfg_warn(r, "linkbeat_interfaces: more than %d interfaces - ignoring %s",
				 VRRP_LINKBEAT_MAX, lb.ifname);
			return 0;
		}
		slot = &ic->linkbeat[ic->nlinkbeat++];
	}
	*slot = lb;
	return 0;
}
