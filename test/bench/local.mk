BENCH_PROGS = test/bench/bench_packet
EXTRA_PROGRAMS = $(BENCH_PROGS)
test_bench_bench_packet_SOURCES = test/bench/bench_packet.c
test_bench_bench_packet_LDADD = $(VRRPCORE_LIBS)
CLEANFILES += $(BENCH_PROGS)
EXTRA_DIST += test/bench/run.sh test/bench/daemon_bench.sh
# The checker process with an in-memory IPVS, for check_jitter.sh (issue 12).
BENCH_PROGS += test/bench/bench_check_noipvs
test_bench_bench_check_noipvs_SOURCES = test/bench/bench_check_noipvs.c $(CHECK_CONF_SOURCES) \
	$(CHECK_CORE_SOURCES) $(CHECK_RUN_SOURCES) keepalived/core/conf.c keepalived/core/dump.c \
	keepalived/vrrp/kernel/vrrp_route_names.c keepalived/core/process_opts.c \
	$(CONF_PROCESS_SOURCES) $(VRRP_STATUS_SOURCES)
test_bench_bench_check_noipvs_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(LIBNL_GENL_CFLAGS)
test_bench_bench_check_noipvs_LDADD = $(CHECK_CONF_LIBS) $(LIBNL_GENL_LIBS) $(LIBNL_LIBS)
EXTRA_DIST += test/bench/check_jitter.sh
EXTRA_DIST += test/bench/scale_bench.sh
# issue 14 goal 1: the floor of send_bench.sh
BENCH_PROGS += test/bench/send_floor
test_bench_send_floor_SOURCES = test/bench/send_floor.c
EXTRA_DIST += test/bench/send_bench.sh test/bench/vlan_bench.sh
# issue 12: what starting a script costs the event loop (spawn_exec against spawn_start)
BENCH_PROGS += test/bench/bench_spawn
test_bench_bench_spawn_SOURCES = test/bench/bench_spawn.c
test_bench_bench_spawn_LDADD = lib/libkalib.a
# issue 14 goal 2: resident memory of a daemon's processes, each page once (scale_bench.sh)
BENCH_PROGS += test/bench/group_rss
test_bench_group_rss_SOURCES = test/bench/group_rss.c
