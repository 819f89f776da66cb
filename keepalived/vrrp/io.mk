# The VRRP I/O layer: sockets, netlink, ARP/ND, and the glue to the loop.
noinst_LIBRARIES += keepalived/vrrp/libvrrpio.a
keepalived_vrrp_libvrrpio_a_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS)
keepalived_vrrp_libvrrpio_a_SOURCES = \
	keepalived/vrrp/kernel/vrrp_net.c keepalived/vrrp/kernel/vrrp_net.h \
	keepalived/vrrp/kernel/vrrp_net_rx.c keepalived/vrrp/kernel/vrrp_net_tx.c \
	keepalived/vrrp/kernel/vrrp_net_priv.h \
	keepalived/vrrp/kernel/vrrp_frame.c keepalived/vrrp/kernel/vrrp_frame.h \
	keepalived/vrrp/proto/vrrp_ah.c keepalived/vrrp/proto/vrrp_ah.h \
	keepalived/vrrp/kernel/vrrp_arp.c keepalived/vrrp/kernel/vrrp_arp.h \
	keepalived/vrrp/kernel/vrrp_ifcache.c keepalived/vrrp/kernel/vrrp_ifcache.h \
	keepalived/vrrp/kernel/vrrp_netlink.c keepalived/vrrp/kernel/vrrp_netlink.h \
	keepalived/vrrp/kernel/vrrp_nl_vips.c keepalived/vrrp/kernel/vrrp_nl_priv.h \
	keepalived/vrrp/run/vrrp_instance.c keepalived/vrrp/run/vrrp_instance.h keepalived/vrrp/run/vrrp_instance_ext.c keepalived/vrrp/run/vrrp_instance_vips.c \
	keepalived/vrrp/run/vrrp_inst_env.h keepalived/vrrp/run/vrrp_ifsock.c keepalived/vrrp/run/vrrp_ifsock.h \
	keepalived/vrrp/run/vrrp_daemon.c keepalived/vrrp/run/vrrp_daemon.h \
	keepalived/vrrp/run/vrrp_daemon_priv.h keepalived/vrrp/run/vrrp_daemon_socks.c \
	keepalived/vrrp/run/vrrp_daemon_apply.c keepalived/vrrp/run/vrrp_daemon_nl.c \
	keepalived/vrrp/run/vrrp_addr_detail.c keepalived/vrrp/run/vrrp_addr_detail.h \
	keepalived/vrrp/run/vrrp_firewall.c keepalived/vrrp/run/vrrp_firewall.h \
	keepalived/vrrp/run/vrrp_iface.c keepalived/vrrp/run/vrrp_iface.h \
	keepalived/vrrp/run/vrrp_reload.c keepalived/vrrp/run/vrrp_reload.h \
	keepalived/vrrp/kernel/vrrp_exec.c keepalived/vrrp/kernel/vrrp_exec.h \
	keepalived/vrrp/run/vrrp_notify.c keepalived/vrrp/run/vrrp_notify.h \
	keepalived/vrrp/run/vrrp_track.c keepalived/vrrp/run/vrrp_track.h \
	keepalived/vrrp/run/vrrp_track_priv.h keepalived/vrrp/run/vrrp_tracking.c \
	keepalived/vrrp/run/vrrp_sync.c keepalived/vrrp/run/vrrp_sync.h \
	keepalived/vrrp/kernel/vrrp_vmac.c keepalived/vrrp/kernel/vrrp_route_nl.c \
	keepalived/vrrp/kernel/vrrp_nlreq.c keepalived/vrrp/kernel/vrrp_nlreq.h \
	keepalived/vrrp/kernel/vrrp_route_names.c keepalived/vrrp/conf/vrrp_route.h keepalived/vrrp/kernel/vrrp_vmac.h \
	keepalived/vrrp/kernel/vrrp_ipvlan.c keepalived/vrrp/kernel/vrrp_ipvlan.h
# linkbeat_interfaces, linkbeat_use_polling: link state polled (vrrp_linkbeat_run.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/kernel/vrrp_linkbeat.c \
	keepalived/vrrp/kernel/vrrp_linkbeat.h keepalived/vrrp/run/vrrp_linkbeat_run.c \
	keepalived/vrrp/run/vrrp_linkbeat_run.h

# The announcement of the addresses: bursts, pacing, garp_extra_if (vrrp_garp_sched.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/run/vrrp_instance_garp.c
# A live instance's adverts, what it receives, its move on a reload (vrrp_instance_priv.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/run/vrrp_instance_tx.c \
	keepalived/vrrp/run/vrrp_instance_rx.c keepalived/vrrp/run/vrrp_instance_reload.c \
	keepalived/vrrp/run/vrrp_instance_priv.h

VRRPIO_LIBS = keepalived/vrrp/libvrrpio.a
# The instances drive the no_accept table. No libcrypto: auth_type AH's HMAC
# is lib/md5.c's (issue 14: libcrypto was 1.4 MB resident in the VRRP process).
VRRPIO_LDADD = $(VRRPNFT_LIBS) $(LIBNL_LIBS) $(VRRPNFT_LDADD)

# no_accept / vrrp_strict: our nftables table (vrrp_nft.h), libnftnl over
# libmnl; a library of its own so that only what calls it links them.
noinst_LIBRARIES += keepalived/vrrp/libvrrpnft.a
keepalived_vrrp_libvrrpnft_a_CFLAGS = $(AM_CFLAGS) $(LIBNFTNL_CFLAGS)
keepalived_vrrp_libvrrpnft_a_SOURCES = keepalived/vrrp/kernel/vrrp_nft.c keepalived/vrrp/kernel/vrrp_nft.h \
	keepalived/vrrp/kernel/vrrp_nft_build.c keepalived/vrrp/kernel/vrrp_nft_priv.h
VRRPNFT_LIBS = keepalived/vrrp/libvrrpnft.a
VRRPNFT_LDADD = $(LIBNFTNL_LIBS)
# Process tracking, kernel side: the process events connector and /proc (vrrp_proc.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/kernel/vrrp_proc.c keepalived/vrrp/kernel/vrrp_proc.h
# vip_lease: renewals and lapses of the VIP leases (vrrp_lease.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/run/vrrp_lease.c keepalived/vrrp/run/vrrp_lease.h
# late_advert_warn: timing the master's adverts as a Backup (vrrp_late.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/run/vrrp_instance_late.c
# Deleted routes and rules: the monitor, and putting back / standing down (vrrp_route_watch.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/kernel/vrrp_route_mon.c \
	keepalived/vrrp/kernel/vrrp_route_mon.h keepalived/vrrp/run/vrrp_route_watch.c \
	keepalived/vrrp/run/vrrp_route_watch.h
# bfd_instance sessions: the UDP sockets and the sessions in the loop (bfd_run.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/kernel/bfd_sock.c \
	keepalived/vrrp/kernel/bfd_sock.h keepalived/vrrp/run/bfd_run.c keepalived/vrrp/run/bfd_run.h
