# The LVS checker (issue 12): configuration model, state machine, IPVS over
# generic netlink, the checker process. lvs-checks' probes are listed in
# keepalived/check/probe.mk.

# The configuration model, also linked by the unit tests that read
# keepalived.conf; with it, the checker blocks' keywords and the probes
# (keepalived/check/probe.mk: $(CHECK_PROBE_LIBS)).
CHECK_CONF_SOURCES = \
	keepalived/check/conf/check_conf.c keepalived/check/conf/check_conf.h \
	keepalived/check/conf/check_conf_val.c keepalived/check/conf/check_conf_val.h \
	keepalived/check/conf/check_conf_complete.c keepalived/check/conf/check_conf_global.c \
	keepalived/check/conf/check_conf_group.c keepalived/check/conf/check_conf_priv.h
CHECK_CONF_LIBS = $(CHECK_PROBE_LIBS) $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD) \
	$(CHECK_PROBE_LDADD)

# The pure parts: state machine, table, reconciler.
CHECK_CORE_SOURCES = \
	keepalived/check/proto/check_rs.c keepalived/check/proto/check_rs.h \
	keepalived/check/proto/check_outcome.h \
	keepalived/check/proto/check_bfd_msg.c keepalived/check/proto/check_bfd_msg.h \
	keepalived/check/proto/check_rs_table.c keepalived/check/proto/check_rs_table.h \
	keepalived/check/proto/check_reconcile.c keepalived/check/proto/check_reconcile.h \
	keepalived/check/proto/check_nft_marks.c keepalived/check/proto/check_nft_marks.h

# The checker process, its supervision from the main process, IPVS over
# generic netlink, status.
CHECK_RUN_SOURCES = \
	keepalived/check/kernel/ipvs_nl.c keepalived/check/kernel/ipvs_nl.h \
	keepalived/check/kernel/check_nl_addr.c keepalived/check/kernel/check_nl_addr.h \
	keepalived/check/kernel/check_nft.c keepalived/check/kernel/check_nft.h \
	keepalived/check/core/check_daemon.c keepalived/check/core/check_daemon.h \
	keepalived/check/core/check_daemon_notify.c keepalived/check/core/check_daemon_priv.h \
	keepalived/check/core/check_daemon_nl.c keepalived/check/core/check_daemon_bfd.c \
	keepalived/check/core/check_daemon_run.c \
	keepalived/check/core/check_bfd_feed.c keepalived/check/core/check_bfd_feed.h \
	keepalived/check/core/check_supervise.c keepalived/check/core/check_supervise.h \
	keepalived/check/run/check_syncd.c keepalived/check/run/check_syncd.h \
	keepalived/check/status/check_status.c keepalived/check/status/check_status.h \
	$(CHECK_STATUS_PUB_SOURCES)
# What the main process's servers read of the checker's status.
CHECK_STATUS_PUB_SOURCES = \
	keepalived/check/status/check_status_pub.c keepalived/check/status/check_status_pub.h

keepalived_keepalived_SOURCES += $(CHECK_CONF_SOURCES) $(CHECK_CORE_SOURCES) \
	$(CHECK_RUN_SOURCES)
keepalived_keepalived_CFLAGS += $(LIBNL_GENL_CFLAGS) $(LIBNFTNL_CFLAGS)
keepalived_keepalived_LDADD += $(CHECK_PROBE_LIBS) $(LIBNL_GENL_LIBS) $(CHECK_PROBE_LDADD)
