BENCH_PROGS = test/bench/bench_packet
EXTRA_PROGRAMS = $(BENCH_PROGS)
test_bench_bench_packet_SOURCES = test/bench/bench_packet.c
test_bench_bench_packet_LDADD = $(VRRPCORE_LIBS)
CLEANFILES += $(BENCH_PROGS)
EXTRA_DIST += test/bench/run.sh test/bench/daemon_bench.sh test/bench/scale_bench.sh
