# IPVS tests inside a user-mode Linux guest (this machine's kernel has no
# IPVS): uml_run.sh boots Debian's linux.uml on the host root read-only and
# runs a test script in it. Root only; exit 77 without user-mode-linux.
INTEGRATION_TESTS += test/uml/ipvs_keepalived.sh
EXTRA_DIST += test/uml/uml_run.sh test/uml/guest_init.sh test/uml/guest_lib.sh \
	test/uml/servers.py
# A scenario ipvs_compare.sh runs only when named (#@ extra).
EXTRA_DIST += test/uml/compare/sorry_alpha.conf test/uml/compare/sorry_alpha.tables

# Our checker against keepalived 2.2.7 -C, table by table, on the scenarios
# in test/uml/compare/; skipped (77) until our -C has a checker.
INTEGRATION_TESTS += test/uml/ipvs_compare.sh
EXTRA_DIST += test/uml/compare/basic.conf test/uml/compare/basic_reload.conf \
	test/uml/compare/basic.tables
# lvs-core: the quorum scenario for ipvs_compare.sh, and lvs_sync_daemon
# following a VRRP instance (keepalived 2.2.7 and ours).
EXTRA_DIST += test/uml/compare/quorum.conf test/uml/compare/quorum_reload.conf \
	test/uml/compare/quorum.tables
# nftables_ipvs: groups as fwmark services (lvsglob).
EXTRA_DIST += test/uml/compare/nft_groups.conf test/uml/compare/nft_groups.tables
INTEGRATION_TESTS += test/uml/check_syncd.sh test/uml/check_status.sh \
	test/uml/check_supervise.sh
# -R and child_wait_time for the checker process (keepalived.8, keepalived.conf.5).
INTEGRATION_TESTS += test/uml/check_respawn.sh
# The checker's -D netlink lines (ha_suspend), against keepalived 2.2.7 -C.
INTEGRATION_TESTS += test/uml/check_nl_log.sh
# A measurement, run by hand: advert jitter with 1,000 real servers checked.
EXTRA_DIST += test/uml/check_jitter.sh
# Issue 12's done-when: two directors (VRRP + checker from one file each),
# keepalived 2.2.7 -C as the reference table, quorum, sorry server, failover.
INTEGRATION_TESTS += test/uml/lvs_two_directors.sh
# use_ipvlan live (the host's kernel has no ipvlan): vrrp_ipvlan.sh in the guest.
INTEGRATION_TESTS += test/uml/vrrp_ipvlan_live.sh
# vrf VRF_IF (an instance without interface bound to a VRF): the guest has vrf.ko.
INTEGRATION_TESTS += test/uml/vrrp_vrf.sh
# Load-time corrections of a virtual server (quorum, duplicate, DR port).
EXTRA_DIST += test/uml/compare/quorum_reduce.conf test/uml/compare/quorum_reduce.tables
# BFD_CHECK: real servers follow a bfd_instance session (our daemon as the peer), -C and not.
INTEGRATION_TESTS += test/uml/check_bfd.sh
# The checker's failure lines (retry counts), against keepalived 2.2.7 -C.
INTEGRATION_TESTS += test/uml/check_fail_lines.sh
# ha_suspend's Deactivating/Activating lines, against keepalived 2.2.7 -C.
INTEGRATION_TESTS += test/uml/check_suspend_lines.sh
# No vrrp_instance: no VRRP process's -D "Registering" lines, as keepalived 2.2.7.
INTEGRATION_TESTS += test/uml/check_novrrp_lines.sh
