/*
 * Link state by polling: the three ioctl ways (see vrrp_linkbeat.h).
 */
#include "keepalived/vrrp/kernel/vrrp_linkbeat.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/mii.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int
vrrp_linkbeat_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

const char *
vrrp_linkbeat_type_name(enum vrrp_linkbeat_type type)
{
	switch (type) {
	case VRRP_LINKBEAT_MII:
		return "MII";
	case VRRP_LINKBEAT_ETHTOOL:
		return "ETHTOOL";
	case VRRP_LINKBEAT_IOCTL:
		return "IOCTL";
	case VRRP_LINKBEAT_AUTO:
		break;
	}
	return "AUTO";
}

static int
lb_ifreq(struct ifreq *ifr, const char *ifname)
{
	memset(ifr, 0, sizeof(*ifr));
	if (strlen(ifname) >= sizeof(ifr->ifr_name)) {
		errno = ENODEV;
		return -1;
	}
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	return 0;
}

/* The PHY's status register: the link bit latches low, so the second read is now. */
static int
lb_mii(int fd, const char *ifname, bool *up)
{
	struct ifreq ifr;
	struct mii_ioctl_data *mii = (struct mii_ioctl_data *)&ifr.ifr_data;

	if (lb_ifreq(&ifr, ifname) == -1 || ioctl(fd, SIOCGMIIPHY, &ifr) == -1)
		return -1;
	mii->reg_num = MII_BMSR;
	if (ioctl(fd, SIOCGMIIREG, &ifr) == -1)
		return -1;
	mii->reg_num = MII_BMSR;
	if (ioctl(fd, SIOCGMIIREG, &ifr) == -1)
		return -1;
	*up = (mii->val_out & BMSR_LSTATUS) != 0;
	return 0;
}

static int
lb_ethtool(int fd, const char *ifname, bool *up)
{
	struct ifreq ifr;
	struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };

	if (lb_ifreq(&ifr, ifname) == -1)
		return -1;
	ifr.ifr_data = (char *)&ev;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == -1)
		return -1;
	*up = ev.data != 0;
	return 0;
}

/* The flags: 0 and *flags, or -1. */
static int
lb_flags(int fd, const char *ifname, short *flags)
{
	struct ifreq ifr;

	if (lb_ifreq(&ifr, ifname) == -1 || ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		return -1;
	*flags = ifr.ifr_flags;
	return 0;
}

int
vrrp_linkbeat_query(int fd, const char *ifname, enum vrrp_linkbeat_type type, bool *up)
{
	short flags;
	bool link = false;
	int rc = -1;

	if (lb_flags(fd, ifname, &flags) == -1)
		return -1;
	switch (type) {
	case VRRP_LINKBEAT_MII:
		rc = lb_mii(fd, ifname, &link);
		break;
	case VRRP_LINKBEAT_ETHTOOL:
		rc = lb_ethtool(fd, ifname, &link);
		break;
	case VRRP_LINKBEAT_IOCTL:
		link = (flags & IFF_RUNNING) != 0;
		rc = 0;
		break;
	case VRRP_LINKBEAT_AUTO:
		errno = EINVAL;
		break;
	}
	if (rc == -1)
		return -1;
	*up = (flags & IFF_UP) != 0 && link;
	return 0;
}
