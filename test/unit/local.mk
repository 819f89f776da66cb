# cmocka unit tests, one program per module.
if HAVE_CMOCKA
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LIBS = $(VRRPCORE_LIBS) $(CMOCKA_LIBS)

UNIT_TESTS += test/unit/test_log test/unit/test_event test/unit/test_conf_reader \
	test/unit/test_pidfile test/unit/test_vrrp_packet test/unit/test_vrrp_fsm \
	test/unit/test_vrrp_conf test/unit/test_vrrp_arp

test_unit_test_log_SOURCES = test/unit/test_log.c
test_unit_test_log_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_log_LDADD = $(UNIT_LIBS)

test_unit_test_event_SOURCES = test/unit/test_event.c
test_unit_test_event_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_event_LDADD = $(UNIT_LIBS)

test_unit_test_conf_reader_SOURCES = test/unit/test_conf_reader.c
test_unit_test_conf_reader_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_reader_LDADD = $(UNIT_LIBS)

test_unit_test_pidfile_SOURCES = test/unit/test_pidfile.c
test_unit_test_pidfile_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pidfile_LDADD = $(UNIT_LIBS)

test_unit_test_vrrp_packet_SOURCES = test/unit/test_vrrp_packet.c
test_unit_test_vrrp_packet_CFLAGS = $(UNIT_CFLAGS) $(PCAP_CFLAGS)
test_unit_test_vrrp_packet_LDADD = $(UNIT_LIBS) $(PCAP_LIBS)

test_unit_test_vrrp_fsm_SOURCES = test/unit/test_vrrp_fsm.c
test_unit_test_vrrp_fsm_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_fsm_LDADD = $(UNIT_LIBS)

test_unit_test_vrrp_conf_SOURCES = test/unit/test_vrrp_conf.c
test_unit_test_vrrp_conf_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_conf_LDADD = $(UNIT_LIBS)

test_unit_test_vrrp_arp_SOURCES = test/unit/test_vrrp_arp.c
test_unit_test_vrrp_arp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_arp_LDADD = $(VRRPIO_LIBS) $(UNIT_LIBS) $(VRRPIO_LDADD)

UNIT_TESTS += test/unit/test_vrrp_ifcache
test_unit_test_vrrp_ifcache_SOURCES = test/unit/test_vrrp_ifcache.c
test_unit_test_vrrp_ifcache_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_vrrp_ifcache_LDADD = $(VRRPIO_LIBS) $(UNIT_LIBS) $(VRRPIO_LDADD)

check_PROGRAMS += $(UNIT_TESTS)
endif
EXTRA_DIST += test/data

# --- test_cli: the command-line parser (added by the core engineer) ---------
if HAVE_CMOCKA
UNIT_TESTS += test/unit/test_cli
test_unit_test_cli_SOURCES = test/unit/test_cli.c \
	keepalived/core/cli.c keepalived/core/cli.h
test_unit_test_cli_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cli_LDADD = $(UNIT_LIBS)
endif
