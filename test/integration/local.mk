# Integration tests: shell scripts, root, network namespaces.
INTEGRATION_TESTS += test/integration/lifecycle.sh
EXTRA_DIST += $(INTEGRATION_TESTS) test/integration/lib.sh
INTEGRATION_TESTS += test/integration/net_io.sh
check_PROGRAMS += test/integration/net_probe
test_integration_net_probe_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD)

# Netlink (vrrp_netlink.c): VIP batches, the cache, the monitor and resync.
INTEGRATION_TESTS += test/integration/netlink.sh
check_PROGRAMS += test/integration/nl_probe
test_integration_nl_probe_SOURCES = test/integration/nl_probe.c
test_integration_nl_probe_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS)
test_integration_nl_probe_LDADD = keepalived/vrrp/libvrrpio.a keepalived/vrrp/libvrrpcore.a \
	lib/libkalib.a $(LIBNL_LIBS)

# Scale: 100 v3 instances at 0.1 s under -D, every advert on time (capture).
INTEGRATION_TESTS += test/integration/vrrp_scale.sh

# VRRP end to end: failover between hosts in namespaces, timed from captures,
# with our daemon, keepalived 2.2.7 and FRR's vrrpd.
INTEGRATION_TESTS += test/integration/vrrp_basic.sh test/integration/vrrp_failure.sh \
	test/integration/vrrp_election.sh test/integration/vrrp_interop_keepalived.sh \
	test/integration/vrrp_interop_frr.sh
EXTRA_DIST += test/integration/vrrp_harness.sh

# Every sample of Debian's keepalived package that keepalived -t accepts.
INTEGRATION_TESTS += test/integration/debian_samples.sh
