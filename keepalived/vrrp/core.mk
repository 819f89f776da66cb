# The protocol core: no syscalls, unit-tested with a fake clock.
noinst_LIBRARIES += keepalived/vrrp/libvrrpcore.a
keepalived_vrrp_libvrrpcore_a_SOURCES = \
	keepalived/vrrp/conf/vrrp_conf.c keepalived/vrrp/conf/vrrp_conf.h \
	keepalived/vrrp/conf/vrrp_conf_inst.c keepalived/vrrp/conf/vrrp_conf_finish.c \
	keepalived/vrrp/conf/vrrp_conf_vip.c keepalived/vrrp/conf/vrrp_conf_dump.c \
	keepalived/vrrp/conf/vrrp_conf_priv.h \
	keepalived/vrrp/conf/vrrp_conf_track.c keepalived/vrrp/conf/vrrp_conf_track.h \
	keepalived/vrrp/conf/vrrp_conf_track_set.c keepalived/vrrp/conf/vrrp_conf_track_global.c \
	keepalived/vrrp/conf/vrrp_conf_track_priv.h \
	keepalived/vrrp/conf/vrrp_conf_sync.c keepalived/vrrp/conf/vrrp_conf_track_dump.c \
	keepalived/vrrp/conf/vrrp_conf_cmd.c \
	keepalived/vrrp/proto/vrrp_packet.c keepalived/vrrp/proto/vrrp_packet.h \
	keepalived/vrrp/proto/vrrp_fsm.c keepalived/vrrp/proto/vrrp_fsm.h \
	keepalived/vrrp/conf/vrrp_route.c keepalived/vrrp/conf/vrrp_route_conf.h keepalived/vrrp/conf/vrrp_route_priv.h \
	keepalived/vrrp/conf/vrrp_route_rule.c keepalived/vrrp/conf/vrrp_route_fmt.c \
	keepalived/vrrp/conf/vrrp_conf_route.c keepalived/vrrp/conf/vrrp_conf_vmac.c keepalived/vrrp/conf/vrrp_vmac_conf.h \
	keepalived/vrrp/conf/vrrp_conf_ipvlan.c keepalived/vrrp/conf/vrrp_ipvlan_conf.h

# rtt/rttvar/rto_min, congctl, ttl-propagate, encap, as (issue 11).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_route_opts.c
# track_group blocks and the static entries' track_group option (issue 11).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_conf_tgroup.c

VRRPCORE_LIBS = keepalived/vrrp/libvrrpcore.a lib/libkalib.a

# Transport and addressing: unicast peers, source, groups (vrrp_unicast.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/proto/vrrp_unicast.c \
	keepalived/vrrp/proto/vrrp_unicast.h keepalived/vrrp/conf/vrrp_conf_unicast.c
# vrrp_strict, accept/no_accept, nftables*, vrrp_iptables (vrrp_conf_nft.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_conf_nft.c \
	keepalived/vrrp/conf/vrrp_conf_nft.h
# Process tracking decisions: matching, counting, quorum and delays (vrrp_proc_match.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/proto/vrrp_proc_match.c \
	keepalived/vrrp/proto/vrrp_proc_match.h
# The segment monitor's model (`keepalivectl monitor`): frames in, senders and problems out.
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/proto/vrrp_segmon.c \
	keepalived/vrrp/proto/vrrp_segmon.h keepalived/vrrp/proto/vrrp_segmon_problems.c
# vip_lease, vrrp_vip_lease (vrrp_conf_lease.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_conf_lease.c \
	keepalived/vrrp/conf/vrrp_conf_lease.h
# Late-advert warning: when a master's advert is late (vrrp_late.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/proto/vrrp_late.c \
	keepalived/vrrp/proto/vrrp_late.h
# garp_lower_prio_*, garp_extra_if, vrrp_startup_delay, garp_group (vrrp_conf_garp.h), and
# what is done with them: pacing, the lower-priority bursts (vrrp_garp_sched.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_conf_garp.c \
	keepalived/vrrp/conf/vrrp_conf_garp.h keepalived/vrrp/proto/vrrp_garp_sched.c \
	keepalived/vrrp/proto/vrrp_garp_sched.h
# Interface keywords: dynamic_interfaces, dont_track_primary, track_src_ip... (vrrp_conf_iface.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_conf_iface.c \
	keepalived/vrrp/conf/vrrp_conf_iface.h keepalived/vrrp/conf/vrrp_conf_linkbeat.c
# global_defs socket and netlink tuning read by core/conf_globals.c (a header only).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_tuning.h
# Which configured route or rule a deletion is about (vrrp_route_match.h).
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/conf/vrrp_route_match.c \
	keepalived/vrrp/conf/vrrp_route_match.h
# BFD (bfd_instance, track_bfd): the control packet codec and session state machine.
keepalived_vrrp_libvrrpcore_a_SOURCES += keepalived/vrrp/proto/bfd_session.c \
	keepalived/vrrp/proto/bfd_session.h keepalived/vrrp/conf/bfd_conf.c \
	keepalived/vrrp/conf/bfd_conf.h
