# The VRRP I/O layer: sockets, netlink, ARP/ND, and the glue to the loop.
noinst_LIBRARIES += keepalived/vrrp/libvrrpio.a
keepalived_vrrp_libvrrpio_a_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(CRYPTO_CFLAGS)
keepalived_vrrp_libvrrpio_a_SOURCES = \
	keepalived/vrrp/vrrp_net.c keepalived/vrrp/vrrp_net.h \
	keepalived/vrrp/vrrp_ah.c keepalived/vrrp/vrrp_ah.h \
	keepalived/vrrp/vrrp_arp.c keepalived/vrrp/vrrp_arp.h \
	keepalived/vrrp/vrrp_ifcache.c keepalived/vrrp/vrrp_ifcache.h \
	keepalived/vrrp/vrrp_netlink.c keepalived/vrrp/vrrp_netlink.h \
	keepalived/vrrp/vrrp_nl_vips.c keepalived/vrrp/vrrp_nl_priv.h \
	keepalived/vrrp/vrrp_instance.c keepalived/vrrp/vrrp_instance.h keepalived/vrrp/vrrp_instance_ext.c \
	keepalived/vrrp/vrrp_daemon.c keepalived/vrrp/vrrp_daemon.h \
	keepalived/vrrp/vrrp_reload.c keepalived/vrrp/vrrp_reload.h \
	keepalived/vrrp/vrrp_exec.c keepalived/vrrp/vrrp_exec.h \
	keepalived/vrrp/vrrp_notify.c keepalived/vrrp/vrrp_notify.h \
	keepalived/vrrp/vrrp_track.c keepalived/vrrp/vrrp_track.h \
	keepalived/vrrp/vrrp_track_priv.h keepalived/vrrp/vrrp_tracking.c \
	keepalived/vrrp/vrrp_sync.c keepalived/vrrp/vrrp_sync.h \
	keepalived/vrrp/vrrp_vmac.c keepalived/vrrp/vrrp_route_nl.c \
	keepalived/vrrp/vrrp_nlreq.c keepalived/vrrp/vrrp_nlreq.h \
	keepalived/vrrp/vrrp_route_names.c keepalived/vrrp/vrrp_route.h keepalived/vrrp/vrrp_vmac.h

VRRPIO_LIBS = keepalived/vrrp/libvrrpio.a
# vrrp_ah.c (auth_type AH) needs libcrypto.
VRRPIO_LDADD = $(LIBNL_LIBS) $(CRYPTO_LIBS)

# no_accept / vrrp_strict: our nftables table (vrrp_nft.h), libnftnl over
# libmnl; a library of its own so that only what calls it links them.
noinst_LIBRARIES += keepalived/vrrp/libvrrpnft.a
keepalived_vrrp_libvrrpnft_a_CFLAGS = $(AM_CFLAGS) $(LIBNFTNL_CFLAGS)
keepalived_vrrp_libvrrpnft_a_SOURCES = keepalived/vrrp/vrrp_nft.c keepalived/vrrp/vrrp_nft.h \
	keepalived/vrrp/vrrp_nft_build.c keepalived/vrrp/vrrp_nft_priv.h
VRRPNFT_LIBS = keepalived/vrrp/libvrrpnft.a
VRRPNFT_LDADD = $(LIBNFTNL_LIBS)
# Process tracking, kernel side: the process events connector and /proc (vrrp_proc.h).
keepalived_vrrp_libvrrpio_a_SOURCES += keepalived/vrrp/vrrp_proc.c keepalived/vrrp/vrrp_proc.h
