# cmocka unit tests: one program per module, or two where one file would be
# too long to read (event, vrrp_packet, vrrp_fsm). A program is built from
# test/unit/NAME.c, automake's default, unless it lists its sources; the
# shared helpers are headers.
if HAVE_CMOCKA
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LIBS = $(VRRPCORE_LIBS) $(CMOCKA_LIBS)
UNIT_IO_LIBS = $(VRRPIO_LIBS) $(UNIT_LIBS) $(VRRPIO_LDADD)

UNIT_TESTS += test/unit/test_log test/unit/test_log_syslog test/unit/test_event test/unit/test_event_io test/unit/test_wd_health \
	test/unit/test_conf_reader test/unit/test_pidfile test/unit/test_cli \
	test/unit/test_vrrp_packet test/unit/test_vrrp_packet_golden \
	test/unit/test_vrrp_fsm test/unit/test_vrrp_fsm_timers test/unit/test_vrrp_conf \
	test/unit/test_vrrp_arp test/unit/test_vrrp_ifcache test/unit/test_vrrp_ah \
	test/unit/test_vrrp_frame
check_PROGRAMS += $(UNIT_TESTS)

# lib/
test_unit_test_log_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_log_LDADD = $(UNIT_LIBS)
test_unit_test_log_syslog_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_log_syslog_LDADD = $(UNIT_LIBS)
test_unit_test_event_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_event_LDADD = $(UNIT_LIBS)
test_unit_test_event_io_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_event_io_LDADD = $(UNIT_LIBS)
test_unit_test_wd_health_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_wd_health_LDADD = $(UNIT_LIBS)
# lib/sd_notify.c (issue 14: sd_notify without libsystemd)
UNIT_TESTS += test/unit/test_sd_notify
test_unit_test_sd_notify_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_sd_notify_LDADD = $(UNIT_LIBS)
test_unit_test_conf_reader_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_reader_LDADD = $(UNIT_LIBS)
test_unit_test_pidfile_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pidfile_LDADD = $(UNIT_LIBS)

# keepalived/core/: the command-line parser, compiled in.
test_unit_test_cli_SOURCES = test/unit/test_cli.c keepalived/core/cli.c keepalived/core/cli.h
test_unit_test_cli_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cli_LDADD = $(UNIT_LIBS)

# keepalived/vrrp/: the protocol core...
test_unit_test_vrrp_packet_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_packet_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_packet_golden_CFLAGS = $(UNIT_CFLAGS) $(PCAP_CFLAGS)
test_unit_test_vrrp_packet_golden_LDADD = $(UNIT_LIBS) $(PCAP_LIBS)
test_unit_test_vrrp_fsm_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_fsm_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_fsm_timers_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_fsm_timers_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_conf_SOURCES = test/unit/test_vrrp_conf.c $(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) \
	keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)

# ...and the pure parts of its I/O layer.
test_unit_test_vrrp_arp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_arp_LDADD = $(UNIT_IO_LIBS)
test_unit_test_vrrp_ifcache_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_ifcache_LDADD = $(UNIT_IO_LIBS)
test_unit_test_vrrp_frame_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_frame_LDADD = $(UNIT_IO_LIBS)

# IPsec AH (vrrp_ah.c): OpenSSL's HMAC, keepalived's captures.
test_unit_test_vrrp_ah_CFLAGS = $(UNIT_CFLAGS) $(CRYPTO_CFLAGS) $(PCAP_CFLAGS)
test_unit_test_vrrp_ah_LDADD = $(UNIT_IO_LIBS) $(PCAP_LIBS) $(CRYPTO_LIBS)
endif
EXTRA_DIST += test/data test/unit/unit_helpers.h test/unit/fsm_fixture.h \
	test/unit/pkt_fixture.h


# Operational visibility: the status model and its renderers, the safe dump
# writer, the control socket and the metrics endpoint's requests.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_status test/unit/test_dump test/unit/test_control
test_unit_test_vrrp_status_SOURCES = test/unit/test_vrrp_status.c $(VRRP_STATUS_SOURCES)
test_unit_test_vrrp_status_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_status_LDADD = $(UNIT_IO_LIBS)
test_unit_test_dump_SOURCES = test/unit/test_dump.c keepalived/core/dump.c \
	keepalived/core/dump.h $(VRRP_STATUS_SOURCES)
test_unit_test_dump_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_dump_LDADD = $(UNIT_IO_LIBS)
test_unit_test_control_SOURCES = test/unit/test_control.c keepalived/core/control.c \
	keepalived/core/control.h keepalived/core/conn.c keepalived/core/conn.h \
	keepalived/core/metrics_http.c \
	keepalived/core/metrics_http.h $(VRRP_STATUS_SOURCES) $(CHECK_STATUS_PUB_SOURCES)
test_unit_test_control_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_control_LDADD = $(UNIT_IO_LIBS)
endif
EXTRA_DIST += test/unit/status_fixture.h test/unit/json_check.h

# Routes, rules, static addresses (vrrp_route*.c, vrrp_conf_route.c) and the
# VMAC configuration (vrrp_conf_vmac.c): parsing, messages, round trips.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_route test/unit/test_vrrp_vmac_conf
test_unit_test_vrrp_route_SOURCES = test/unit/test_vrrp_route.c keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_route_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_route_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_vmac_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_vmac_conf_LDADD = $(UNIT_LIBS)
# use_ipvlan (vrrp_conf_ipvlan.c).
UNIT_TESTS += test/unit/test_vrrp_ipvlan_conf
test_unit_test_vrrp_ipvlan_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_ipvlan_conf_LDADD = $(UNIT_LIBS)
endif

# Tracking, notification and sync groups (vrrp_conf_track*.c, vrrp_track.c,
# vrrp_tracking.c, vrrp_notify.c, vrrp_exec.c, vrrp_sync.c, lib/spawn.c).
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_conf_track test/unit/test_vrrp_track test/unit/test_vrrp_sync
test_unit_test_vrrp_conf_track_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_track_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_track_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_track_LDADD = $(UNIT_IO_LIBS)
test_unit_test_vrrp_sync_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_sync_LDADD = $(UNIT_IO_LIBS)
UNIT_TESTS += test/unit/test_vrrp_exec
test_unit_test_vrrp_exec_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_exec_LDADD = $(UNIT_IO_LIBS)
endif

# Process tracking (vrrp_proc_match.c, vrrp_proc.c): matching, quorum and
# delays on a fake clock; the kernel side on a fake /proc and fake messages.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_proc_match test/unit/test_vrrp_proc
test_unit_test_vrrp_proc_match_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_proc_match_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_proc_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_proc_LDADD = $(UNIT_IO_LIBS)
endif

# Transport and addressing (vrrp_conf_unicast.c, vrrp_unicast.c): the
# keywords, and the wire against keepalived's unicast captures.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_unicast test/unit/test_vrrp_unicast_wire
test_unit_test_vrrp_unicast_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_unicast_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_unicast_wire_CFLAGS = $(UNIT_CFLAGS) $(PCAP_CFLAGS)
test_unit_test_vrrp_unicast_wire_LDADD = $(UNIT_LIBS) $(PCAP_LIBS)
endif
EXTRA_DIST += test/unit/unicast_fixture.h test/unit/conf_fixture.h

# late_advert_warn: the late-advert decision, on a fake clock (issue 15).
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_late
test_unit_test_vrrp_late_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_late_LDADD = $(UNIT_LIBS)
endif

# The receive path of a live instance (vrrp_instance.c and vrrp_instance_rx.c,
# included by the test, with fakes of the daemon, netlink and sockets): issue 10
# items 1 and 5.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_instance_rx
test_unit_test_vrrp_instance_rx_CFLAGS = $(UNIT_CFLAGS) $(CRYPTO_CFLAGS)
test_unit_test_vrrp_instance_rx_LDADD = $(UNIT_IO_LIBS)
endif

# The daemon's no_accept table across start-up, reloads and exit
# (run/vrrp_firewall.c, included by the test, with fakes of vrrp_nft.h).
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_firewall
test_unit_test_vrrp_firewall_LDADD = $(UNIT_LIBS)
endif

# The LVS checker (keepalived/check/): model, state machine, reconciler.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_check_conf test/unit/test_check_rs test/unit/test_check_reconcile \
	test/unit/test_check_daemon
test_unit_test_check_conf_SOURCES = test/unit/test_check_conf.c $(CHECK_CONF_SOURCES) \
	$(CHECK_CORE_SOURCES)
test_unit_test_check_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_conf_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
test_unit_test_check_rs_SOURCES = test/unit/test_check_rs.c $(CHECK_CONF_SOURCES) \
	$(CHECK_CORE_SOURCES)
test_unit_test_check_rs_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_rs_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
test_unit_test_check_reconcile_SOURCES = test/unit/test_check_reconcile.c \
	keepalived/check/proto/check_rs_table.c keepalived/check/proto/check_reconcile.c
test_unit_test_check_reconcile_CFLAGS = $(UNIT_CFLAGS)
# The checker process with a fake IPVS, the configuration read as the daemon reads it.
test_unit_test_check_daemon_SOURCES = test/unit/test_check_daemon.c $(CHECK_CONF_SOURCES) \
	$(CHECK_CORE_SOURCES) $(CHECK_RUN_SOURCES) keepalived/core/conf.c keepalived/core/dump.c \
	keepalived/core/process_opts.c \
	keepalived/vrrp/kernel/vrrp_route_names.c $(CONF_PROCESS_SOURCES) \
	$(VRRP_STATUS_SOURCES)
test_unit_test_check_daemon_CFLAGS = $(UNIT_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
test_unit_test_check_daemon_LDADD = $(CHECK_CONF_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS) \
	$(CMOCKA_LIBS)
test_unit_test_check_reconcile_LDADD = $(UNIT_LIBS)
# BFD_CHECK: the main process's BFD state messages and the real servers that follow them.
UNIT_TESTS += test/unit/test_check_bfd
test_unit_test_check_bfd_SOURCES = test/unit/test_check_bfd.c $(CHECK_CONF_SOURCES) \
	$(CHECK_CORE_SOURCES)
test_unit_test_check_bfd_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_bfd_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
# The main process's sender of those states (check_bfd_feed.c, included), bfd_run faked.
UNIT_TESTS += test/unit/test_check_bfd_feed
test_unit_test_check_bfd_feed_SOURCES = test/unit/test_check_bfd_feed.c \
	keepalived/check/proto/check_bfd_msg.c
test_unit_test_check_bfd_feed_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_bfd_feed_LDADD = $(UNIT_LIBS)
endif

# Process-level keywords (conf_process.c): net_namespace, names, scheduling, scripts.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_conf_process
test_unit_test_conf_process_SOURCES = test/unit/test_conf_process.c $(CONF_PROCESS_SOURCES)
test_unit_test_conf_process_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_process_LDADD = $(UNIT_LIBS)
endif

# global_defs of conf_globals.c; include_check and random_seed in the reader.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_conf_globals
test_unit_test_conf_globals_SOURCES = test/unit/test_conf_globals.c $(CONF_PROCESS_SOURCES)
test_unit_test_conf_globals_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_globals_LDADD = $(UNIT_LIBS)
endif

# no_accept's nftables messages (vrrp_nft_build.c), parsed back with libnftnl;
# vrrp_strict / accept / nftables keywords (vrrp_conf_nft.c) through kconf_load_string.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_nft test/unit/test_vrrp_conf_nft
test_unit_test_vrrp_nft_CFLAGS = $(UNIT_CFLAGS) $(LIBNFTNL_CFLAGS)
test_unit_test_vrrp_nft_LDADD = $(VRRPNFT_LIBS) $(UNIT_LIBS) $(VRRPNFT_LDADD)
test_unit_test_vrrp_conf_nft_SOURCES = test/unit/test_vrrp_conf_nft.c keepalived/core/conf.c \
	$(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_conf_nft_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_nft_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
endif

# The reload planner (vrrp_reload.c, pure): match, classify, plan (issue 13).
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_reload
test_unit_test_vrrp_reload_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_reload_LDADD = $(UNIT_IO_LIBS)
endif

# The segment monitor (keepalivectl monitor): its model and JSON, crafted frames.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_segmon
check_PROGRAMS += test/unit/test_vrrp_segmon
test_unit_test_vrrp_segmon_SOURCES = test/unit/test_vrrp_segmon.c \
	keepalived/vrrp/status/vrrp_segmon_fmt.c keepalived/vrrp/status/vrrp_segmon_fmt.h
test_unit_test_vrrp_segmon_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_segmon_LDADD = $(UNIT_LIBS)
endif

# vip_lease: when a Master renews, the batch of all instances, lapses (vrrp_lease.c,
# fake clock, fake netlink); the keywords and the auto lease (vrrp_conf_lease.c).
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_lease test/unit/test_vrrp_conf_lease
test_unit_test_vrrp_lease_SOURCES = test/unit/test_vrrp_lease.c keepalived/vrrp/run/vrrp_lease.c
test_unit_test_vrrp_lease_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_lease_LDADD = $(UNIT_LIBS)
test_unit_test_vrrp_conf_lease_SOURCES = test/unit/test_vrrp_conf_lease.c keepalived/core/conf.c \
	$(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_conf_lease_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_lease_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
endif

# GARP keywords beyond a new Master's announcement (vrrp_conf_garp.c) through
# kconf_load_string, and their decisions (vrrp_garp_sched.c), issue 11.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_garp
test_unit_test_vrrp_garp_SOURCES = test/unit/test_vrrp_garp.c keepalived/core/conf.c \
	$(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_garp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_garp_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
endif

# The interface keywords (vrrp_conf_iface.c, core/conf.c) through kconf_load_string.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_conf_iface
test_unit_test_vrrp_conf_iface_SOURCES = test/unit/test_vrrp_conf_iface.c keepalived/core/conf.c \
	$(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_vrrp_conf_iface_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_iface_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
endif

# Send batching: the shared advert timer tick (vrrp_ifsock.h), issue 14 goal 1.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_txbatch
test_unit_test_vrrp_txbatch_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_txbatch_LDADD = $(UNIT_IO_LIBS)
endif
# BFD sessions (bfd_session.c) on a fake clock.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_bfd_session
test_unit_test_bfd_session_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_bfd_session_LDADD = $(UNIT_LIBS)
# bfd_instance and track_bfd through the whole reader (core/conf.c linked as in test_vrrp_conf).
UNIT_TESTS += test/unit/test_bfd_conf
test_unit_test_bfd_conf_SOURCES = test/unit/test_bfd_conf.c keepalived/core/conf.c \
	$(CHECK_CONF_SOURCES) $(CONF_PROCESS_SOURCES) keepalived/vrrp/kernel/vrrp_route_names.c
test_unit_test_bfd_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_bfd_conf_LDADD = $(CHECK_CONF_LIBS) $(CMOCKA_LIBS)
endif

# keepalived's -D address lines (keepalived/vrrp/run/vrrp_addr_detail.c) over a fake netlink cache; issue 11.
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_vrrp_addr_detail
test_unit_test_vrrp_addr_detail_SOURCES = test/unit/test_vrrp_addr_detail.c
test_unit_test_vrrp_addr_detail_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_addr_detail_LDADD = $(UNIT_LIBS)
endif
