# The LVS checker's health-check probes (issue 12, see keepalived/check/run/check_probe.h):
# the pure protocol parts, then the probes with their sockets, TLS and configuration.
# The checker program links $(CHECK_PROBE_LIBS) $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(CHECK_PROBE_LDADD).

noinst_LIBRARIES += keepalived/check/libcheckproto.a
keepalived_check_libcheckproto_a_SOURCES = \
	keepalived/check/proto/check_http.c keepalived/check/proto/check_http.h \
	keepalived/check/proto/check_dns.c keepalived/check/proto/check_dns.h \
	keepalived/check/proto/check_smtp.c keepalived/check/proto/check_smtp.h

noinst_LIBRARIES += keepalived/check/libcheckprobe.a
keepalived_check_libcheckprobe_a_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
keepalived_check_libcheckprobe_a_SOURCES = \
	keepalived/check/kernel/check_io.c keepalived/check/kernel/check_io.h \
	keepalived/check/run/check_probe.c keepalived/check/run/check_probe.h \
	keepalived/check/conf/check_probe_conf.h \
	keepalived/check/run/check_probe_priv.h keepalived/check/run/check_probe_stream.c \
	keepalived/check/run/check_probe_dgram.c keepalived/check/run/check_probe_exec.c \
	keepalived/check/conf/check_conf_probe.c keepalived/check/conf/check_conf_probe_priv.h \
	keepalived/check/conf/check_conf_probe_kinds.c

CHECK_PROBE_LIBS = keepalived/check/libcheckprobe.a keepalived/check/libcheckproto.a
# libssl is dlopen()ed by check_io.c, not linked (issue 14): only its
# headers (libssl-dev) are needed to build, and the dynamic loader.
CHECK_PROBE_LDADD = $(DLOPEN_LIBS)

if HAVE_CMOCKA
# Pure parts: MD5, HTTP response parsing, status ranges, DNS and SMTP replies.
UNIT_TESTS += test/unit/test_check_proto
test_unit_test_check_proto_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_proto_LDADD = keepalived/check/libcheckproto.a $(UNIT_LIBS)
# The checker blocks of a real_server into struct check_probe_conf.
UNIT_TESTS += test/unit/test_check_conf_probe
test_unit_test_check_conf_probe_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_conf_probe_LDADD = $(CHECK_PROBE_LIBS) $(UNIT_IO_LIBS) $(CHECK_PROBE_LDADD)
# A probe's life on a real loop (FILE_CHECK, MISC_CHECK: no network), the transition lines.
UNIT_TESTS += test/unit/test_check_probe
test_unit_test_check_probe_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_check_probe_LDADD = $(CHECK_PROBE_LIBS) $(UNIT_IO_LIBS) $(CHECK_PROBE_LDADD)
endif

# One probe against local servers in a namespace; the driver runs one attempt.
INTEGRATION_TESTS += test/integration/check_probes.sh
check_PROGRAMS += test/integration/check_probe_drv
test_integration_check_probe_drv_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
test_integration_check_probe_drv_LDADD = $(CHECK_PROBE_LIBS) $(VRRPIO_LIBS) $(VRRPCORE_LIBS) \
	$(VRRPIO_LDADD) $(CHECK_PROBE_LDADD)
EXTRA_DIST += test/integration/check_servers.py

# libFuzzer entry point of the HTTP response parser (clang -fsanitize=fuzzer).
EXTRA_DIST += test/fuzz/fuzz_check_http.c
