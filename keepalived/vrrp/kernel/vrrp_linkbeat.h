/*
 * Link state by polling (kernel layer), for linkbeat_interfaces and
 * linkbeat_use_polling: what a driver says of its link when asked, by one
 * of keepalived's three ways:
 *   MII      the PHY's basic mode status register (SIOCGMIIPHY, SIOCGMIIREG
 *            MII_BMSR, bit BMSR_LSTATUS), read twice as the bit latches low;
 *   ETHTOOL  ETHTOOL_GLINK (SIOCETHTOOL);
 *   IOCTL    the interface flags (SIOCGIFFLAGS), IFF_RUNNING.
 * An interface that is administratively down (no IFF_UP) is down whatever
 * the driver says. No decisions here: run/vrrp_linkbeat_run.c polls and
 * reports.
 */
#ifndef VRRP_LINKBEAT_H
#define VRRP_LINKBEAT_H

#include <stdbool.h>

#include "keepalived/vrrp/conf/vrrp_conf_iface.h"

/*
 * A socket for the requests (AF_INET datagram, close-on-exec).
 * Returns: the descriptor, or -1 (errno set).
 */
int vrrp_linkbeat_socket(void);

/*
 * Ask for ifname's link state the given way (not VRRP_LINKBEAT_AUTO).
 * Returns: 0 and *up, or -1 with errno (ENODEV: no such interface;
 * EOPNOTSUPP, EINVAL...: the driver does not answer this way).
 */
int vrrp_linkbeat_query(int fd, const char *ifname, enum vrrp_linkbeat_type type, bool *up);

/* "MII", "ETHTOOL", "IOCTL" ("AUTO" for the default). */
const char *vrrp_linkbeat_type_name(enum vrrp_linkbeat_type type);

#endif
