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

# Process tracking (vrrp_proc.c) on the real connector and /proc: counts,
# quorum 2, quorum_max, full_command, param_match, fork/terminate_delay,
# renames, lost events, and keepalived 2.2.7's lines on the same processes.
# Outside any namespace: the kernel's process events reach the initial one only.
INTEGRATION_TESTS += test/integration/track_process.sh
check_PROGRAMS += test/integration/proc_probe
test_integration_proc_probe_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD)
# The same in the running daemon: instances' priority and Fault, across a reload.
INTEGRATION_TESTS += test/integration/vrrp_track_process_run.sh
# Route options installed: congctl, encap ip/ip6/mpls (ip -d route).
INTEGRATION_TESTS += test/integration/vrrp_route_opts.sh

# Scale: 100 v3 instances at 0.1 s under -D, every advert on time (capture).
INTEGRATION_TESTS += test/integration/vrrp_scale.sh

# VRRP end to end: failover between hosts in namespaces, timed from captures,
# with our daemon, keepalived 2.2.7 and FRR's vrrpd.
INTEGRATION_TESTS += test/integration/vrrp_basic.sh test/integration/vrrp_failure.sh \
	test/integration/vrrp_election.sh test/integration/vrrp_interop_keepalived.sh \
	test/integration/vrrp_interop_frr.sh
# SIGHUP without a flap: same, added, moved-VIP, removed, broken configurations.
INTEGRATION_TESTS += test/integration/vrrp_reload.sh test/integration/vrrp_reload_run.sh
INTEGRATION_TESTS += test/integration/vrrp_reload_script_state.sh
INTEGRATION_TESTS += test/integration/vrrp_start_script_state.sh
INTEGRATION_TESTS += test/integration/vrrp_reload_log.sh
INTEGRATION_TESTS += test/integration/vrrp_garp_master_delay.sh
INTEGRATION_TESTS += test/integration/vrrp_many_vips.sh
INTEGRATION_TESTS += test/integration/vrrp_vips_shared_if.sh
# vip_lease: a killed or frozen Master's VIPs expire in the kernel (overlap <= 1 s).
INTEGRATION_TESTS += test/integration/vrrp_lease.sh
INTEGRATION_TESTS += test/integration/vrrp_late_advert.sh
# no_accept / vrrp_strict driven by the daemon: VIPs dropped while Master,
# across a reload; the table gone at exit; keepalived 2.2.7 compared.
INTEGRATION_TESTS += test/integration/nft_no_accept.sh
INTEGRATION_TESTS += test/integration/vrrp_dynamic_if.sh
INTEGRATION_TESTS += test/integration/vrrp_iface_opts.sh
INTEGRATION_TESTS += test/integration/vrrp_iface_delays.sh
# linkbeat_interfaces, linkbeat_use_polling: the link polled (vrrp_linkbeat_run.h).
INTEGRATION_TESTS += test/integration/vrrp_linkbeat.sh
# use_vmac: the VMACs' IGMP/MLD reports through the parent (vrrp_nft_priv.h).
INTEGRATION_TESTS += test/integration/nft_vmac_reports.sh
EXTRA_DIST += test/integration/nft_vmac_reports.py
# vrrp_framed_adverts: frames skip netfilter's output hooks (vrrp_net.h).
INTEGRATION_TESTS += test/integration/vrrp_framed_adverts.sh
# The advert phase grid only for intervals instances share (vrrp_fsm.h).
INTEGRATION_TESTS += test/integration/vrrp_adver_grid.sh
# An instance without interface, unicast only (vrrp_conf_iface.h).
INTEGRATION_TESTS += test/integration/vrrp_no_interface.sh
EXTRA_DIST += test/integration/vrrp_harness.sh test/integration/probe_lib.sh test/integration/cmp_lib.sh

# Service files: the SysV init script (start, status, reload, stop, LSB exit
# codes); the systemd unit (systemd-analyze verify) and what the daemon tells
# systemd (READY, RELOADING, STOPPING, WATCHDOG). dgram_sink stands in for
# /dev/log and NOTIFY_SOCKET.
INTEGRATION_TESTS += test/integration/init_script.sh test/integration/systemd.sh
INTEGRATION_TESTS += test/integration/systemd_watchdog.sh
# A syslog that stops reading does not stop VRRP (lib/log_syslog.h).
INTEGRATION_TESTS += test/integration/log_stuck_syslog.sh
# contrib/: Prometheus alert rules (promtool check/test rules) and the
# Grafana dashboard, and that every metric name they use is exported.
INTEGRATION_TESTS += test/integration/contrib_monitoring.sh
EXTRA_DIST += contrib/README contrib/prometheus/keepalived_alerts.yml \
	contrib/prometheus/keepalived_alerts_test.yml contrib/grafana/keepalived_dashboard.json \
	contrib/grafana/make_dashboard.py
check_PROGRAMS += test/integration/dgram_sink

# IPsec AH (vrrp_ah.c, vrrp_net's AH socket) against keepalived 2.2.7, both
# directions, through a probe: no daemon involved.
INTEGRATION_TESTS += test/integration/ah_interop.sh
check_PROGRAMS += test/integration/ah_probe
test_integration_ah_probe_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
test_integration_ah_probe_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD) $(CRYPTO_LIBS)

# Debian's keepalived samples: each one keepalived 2.2.7 accepts with -t,
# ours accepts too.
INTEGRATION_TESTS += test/integration/debian_samples.sh

# use_vmac (vrrp_vmac.c) and routes/rules/static addresses (vrrp_route_nl.c):
# what `ip -d link`, sysctl, `ip route` and `ip rule` show, and the batch time.
INTEGRATION_TESTS += test/integration/vmac_routes.sh
check_PROGRAMS += test/integration/vm_probe
test_integration_vm_probe_SOURCES = test/integration/vm_probe.c
test_integration_vm_probe_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS)
test_integration_vm_probe_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD)

# Operational visibility: safe dumps, the control socket and keepalivectl,
# metrics over HTTP, status during a failover, maintenance mode.
INTEGRATION_TESTS += test/integration/ops_dump.sh test/integration/ops_ctl.sh \
	test/integration/ops_metrics.sh test/integration/ops_failover.sh \
	test/integration/ops_maintenance.sh
EXTRA_DIST += test/integration/ops_lib.sh

# Tracking, notification and sync groups: the same scenario against
# keepalived 2.2.7 and our daemon (notify arguments and FIFO lines must be
# identical), and timing under trackers (vrrp_track_lib.sh on the harness).
INTEGRATION_TESTS += test/integration/vrrp_track_compare.sh test/integration/vrrp_track_timing.sh
INTEGRATION_TESTS += test/integration/vrrp_log_compare.sh test/integration/vrrp_log_sync.sh
# enable_script_security, planted FIFOs, a link swapped after the check (issue 10).
INTEGRATION_TESTS += test/integration/vrrp_exec_security.sh
EXTRA_DIST += test/integration/vrrp_track_lib.sh

# Daemon wiring of issue 6 against keepalived 2.2.7, both roles: AH.
INTEGRATION_TESTS += test/integration/vrrp_interop_ah.sh
# use_vmac with keepalived 2.2.7, both roles: adverts and GARPs from the
# virtual MAC, the client's ARP entry unchanged across failovers.
INTEGRATION_TESTS += test/integration/vrrp_vmac.sh
# use_ipvlan: the ipvlan made and removed, failover (skips without ipvlan in the kernel).
INTEGRATION_TESTS += test/integration/vrrp_ipvlan.sh
# use_vmac_addr / an address's use_vmac / vmac_addr_prefix: the same macvlans,
# MACs and address placement as keepalived 2.2.7, GARPs from them, reload, exit.
INTEGRATION_TESTS += test/integration/vrrp_vmac_addr.sh
# virtual_routes/rules and static_routes follow mastership, with keepalived 2.2.7.
INTEGRATION_TESTS += test/integration/vrrp_routes.sh
# track_group and static_ipaddress, with keepalived 2.2.7: restore, FAULT, back.
INTEGRATION_TESTS += test/integration/vrrp_track_group.sh
# VIP options (peer, preferred_lft, flags, no_track), deleted static and virtual
# routes/rules: the same addresses and behaviour as keepalived 2.2.7.
INTEGRATION_TESTS += test/integration/vrrp_addr_opts.sh

# Unicast peers with keepalived 2.2.7: v2/v3, IPv4/IPv6, both roles, kill -9
# failover timing, adverts only to the peer, good checksums.
INTEGRATION_TESTS += test/integration/vrrp_unicast.sh

# Issue 10, sockets and files: keepalivectl trusts only root or itself, the
# control socket directory is checked, the pid file lock (two starts race).
INTEGRATION_TESTS += test/integration/sec_ctl.sh

# The metrics server: a per-address connection limit and a header deadline.
INTEGRATION_TESTS += test/integration/sec_metrics.sh
# What the daemon keeps after its capability drop: a reload reaching scripts,
# FIFOs and track files in another user's 0700 directory.
INTEGRATION_TESTS += test/integration/sec_privs.sh

# Receive-path hardening (issue 10): plain adverts for an AH instance, AH
# sockets after a reload, the old unicast checksum only from a checked peer;
# a flood of lower-priority adverts against a Master. vrrp_sender is the
# stray or hostile third host.
INTEGRATION_TESTS += test/integration/vrrp_rx_guard.sh test/integration/vrrp_flood.sh
# garp_lower_prio_*, garp_extra_if, vrrp_startup_delay, garp_group (issue 11).
INTEGRATION_TESTS += test/integration/vrrp_garp_extras.sh
check_PROGRAMS += test/integration/vrrp_sender
test_integration_vrrp_sender_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD)

# Drop-in fidelity (issue 11): 32 real keepalived.conf files (test/data/corpus)
# under keepalived 2.2.7 and ours; the differences must be exactly those
# listed in test/data/corpus/KNOWN_DIFFERENCES.
INTEGRATION_TESTS += test/integration/corpus_compare.sh
INTEGRATION_TESTS += test/integration/config_test_codes.sh
EXTRA_DIST += test/integration/corpus_lib.sh

# Process-level settings (conf_process.c, process_opts.c): net_namespace, -s
# and instance; scheduling, memory, process names, startup/shutdown scripts.
INTEGRATION_TESTS += test/integration/core_netns.sh test/integration/core_process.sh \
	test/integration/core_globals.sh

# no_accept / vrrp_strict through our nftables table (vrrp_nft.c): a probe
# creates it, adds and removes VIPs, and the table goes at the end.
INTEGRATION_TESTS += test/integration/nft_strict.sh
check_PROGRAMS += test/integration/nft_probe
test_integration_nft_probe_CFLAGS = $(AM_CFLAGS) $(LIBNFTNL_CFLAGS)
test_integration_nft_probe_LDADD = $(VRRPNFT_LIBS) $(VRRPCORE_LIBS) $(VRRPNFT_LDADD)
# nftables_ipvs: the checker's table (check_nft.c) made, changed and removed
# in a namespace, and a packet to a group's address marked through it.
INTEGRATION_TESTS += test/integration/check_nft.sh
check_PROGRAMS += test/integration/check_nft_drv
test_integration_check_nft_drv_SOURCES = test/integration/check_nft_drv.c \
	keepalived/check/kernel/check_nft.c keepalived/check/proto/check_nft_marks.c
test_integration_check_nft_drv_CFLAGS = $(AM_CFLAGS) $(LIBNFTNL_CFLAGS)
test_integration_check_nft_drv_LDADD = $(VRRPNFT_LIBS) $(VRRPCORE_LIBS) $(VRRPNFT_LDADD)
# The checker where the kernel has no IPVS (lvs-core, issue 12).
INTEGRATION_TESTS += test/integration/check_no_ipvs.sh

# keepalivectl monitor (issue 15): the segment monitor live on a bridge with
# our daemon, keepalived 2.2.7, FRR and crafted adverts (vrrp_sender), then
# --read on the capture; --read on every capture in test/data.
INTEGRATION_TESTS += test/integration/vrrp_monitor.sh test/integration/monitor_read.sh
# keepalived 2.2.7's -a, -V, -X and STATS_CLEAR (doc/man/keepalived.8).
INTEGRATION_TESTS += test/integration/core_cmdline.sh
INTEGRATION_TESTS += test/integration/core_bfd_pid.sh
# BFD (bfd_instance, track_bfd) with FRR's bfdd and keepalived 2.2.7 as peers:
# sessions Up, the tracking instances to FAULT while the peer is stopped, and back.
INTEGRATION_TESTS += test/integration/bfd_interop.sh
