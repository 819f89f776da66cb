sbin_PROGRAMS += keepalived/keepalived
keepalived_keepalived_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(CRYPTO_CFLAGS)
keepalived_keepalived_SOURCES = \
	keepalived/core/main.c \
	keepalived/core/cli.c keepalived/core/cli.h \
	keepalived/core/daemon.c keepalived/core/daemon.h \
	keepalived/core/daemon_priv.h keepalived/core/daemon_config.c \
	keepalived/core/daemon_pidfile.c keepalived/core/daemon_checker.c \
	keepalived/core/daemon_ops.c keepalived/core/daemon_systemd.c \
	keepalived/core/conf.c keepalived/core/conf.h \
	$(CONF_PROCESS_SOURCES) \
	keepalived/core/process_opts.c keepalived/core/process_opts.h \
	keepalived/core/privs.c keepalived/core/privs.h \
	keepalived/core/dump.c keepalived/core/dump.h \
	keepalived/core/globals_run.c keepalived/core/globals_run.h \
	keepalived/core/control.c keepalived/core/control.h \
	keepalived/core/conn.c keepalived/core/conn.h \
	keepalived/core/metrics_http.c keepalived/core/metrics_http.h \
	$(VRRP_STATUS_SOURCES)
keepalived_keepalived_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD) \
	$(LIBNL_LIBS)

# The status model and its renderers (JSON, Prometheus, keepalived's dump
# files, the status table), shared by the daemon and the unit tests.
VRRP_STATUS_SOURCES = \
	keepalived/vrrp/status/vrrp_status.c keepalived/vrrp/status/vrrp_status.h \
	keepalived/vrrp/status/vrrp_status_json.c keepalived/vrrp/status/vrrp_status_prom.c \
	keepalived/vrrp/status/vrrp_status_text.c

# keepalivectl: the control socket's client, installed beside the daemon.
sbin_PROGRAMS += keepalived/keepalivectl
keepalived_keepalivectl_SOURCES = keepalived/keepalivectl.c keepalived/core/control.h
# monitor: the VRRP segment monitor, the one user of libpcap (vrrp_pcap.h).
keepalived_keepalivectl_SOURCES += keepalived/core/ctl_monitor.c keepalived/core/ctl_monitor.h \
	keepalived/vrrp/kernel/vrrp_pcap.c keepalived/vrrp/kernel/vrrp_pcap.h \
	keepalived/vrrp/status/vrrp_segmon_fmt.c keepalived/vrrp/status/vrrp_segmon_fmt.h
keepalived_keepalivectl_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
keepalived_keepalivectl_LDADD = $(VRRPCORE_LIBS) $(PCAP_LIBS)

# Process-level keywords (net_namespace, names, scheduling, scripts), read
# with global_defs wherever conf.c is built.
CONF_PROCESS_SOURCES = keepalived/core/conf_process.c keepalived/core/conf_process.h \
	keepalived/core/conf_globals.c keepalived/core/conf_globals.h
