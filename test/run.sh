#!/bin/sh
# Build and run the whole test suite: the normal build with warnings as errors
# (unit and integration tests), the unit tests again under valgrind, and an
# ASan+UBSan build of the unit tests. Prints automake's summaries, a table of
# the time each test took (slowest first) and ends with
# "N passed, N failed, N skipped".
#
# Each build is made once, then the tests run in two batches:
# - the parallel batch (make -jN): the unit tests, the fuzz runs, the same
#   unit tests under valgrind and in the sanitizer build, and the
#   integration tests listed in PARALLEL_INTEGRATION below;
# - the timing batch, with nothing else on the machine: first the
#   integration tests listed in PAIRED_INTEGRATION, two at a time (make
#   -j2), then every other integration test and the unit tests in
#   TIMING_UNIT (in all three passes) one at a time (make -j1).
# Tests that measure time (failover after Master_Down_Interval, adverts on
# time, timer latency, watchdog pings, floods) give false failures when they
# share the CPU with compiles, valgrind or each other. So each directory
# defaults to the safe side for its tests: many integration tests measure
# time (38 of the 82 in test/integration, uml, pkg and tools today), so a
# new one runs alone unless listed as parallel or paired; most unit tests
# do not (four of 53 assert a wall-clock bound, listed in TIMING_UNIT)
# and fuzz runs never do, so those are parallel unless listed. Where in doubt, serial: a test wrongly serial costs
# minutes, which the time table shows; a test wrongly parallel costs false
# failures now and then, which teach people to ignore red. Whoever checks
# that an integration test neither asserts a duration nor uses anything
# fixed on the host may add it to the parallel list; one whose bounds are
# wide and whose daemons idle, to the paired list.
#
# Environment: TEST_JOBS (parallel batch width, default twice the CPUs:
# most integration tests wait on timers rather than compute).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
ncpu=$(nproc 2>/dev/null || echo 2)
pjobs=${TEST_JOBS:-$((ncpu * 2))}

# Integration tests that neither assert a duration nor share a fixed host
# resource (their pid files, sockets and temporary files are their own).
# The longest come first: make starts tests in this order, and the batch
# ends when its longest test does. The corpus comparison and the IPVS tests
# in the user-mode kernel wait on daemons' states with deadlines and
# measure no duration. ipvs_compare.sh takes a table once the daemon has
# left it alone for 1.5 s: with three busy loops on the two CPUs (load 6-7)
# the last change of a step still came at most 0.9 s after its first, as
# on a quiet machine. vrrp_reload_run asserts no duration: its waits
# for a peer not to take over are Master_Down_Interval and more, and its
# gratuitous ARPs are paced from the previous one's send time, so load
# only widens the gaps it bounds from below. vrrp_rx_guard has one daemon
# and no peer to take over: it waits on counters and log lines.
# vrrp_track_compare compares notifications, not times; its phases end once
# the notify files are quiet for 1.5 s, which held at load 7-12 (three runs).
PARALLEL_INTEGRATION="corpus_compare debian_package ipvs_compare vrrp_reload_run check_fail_lines vrrp_log_compare
vrrp_reload_script_state check_bfd vrrp_track_compare vrrp_rx_guard lvs_two_directors
check_supervise ipvs_keepalived check_syncd check_status init_script lifecycle ops_ctl ops_dump
net_io ah_interop debian_samples core_netns check_layers check_format contrib_monitoring
monitor_read core_globals vrrp_dynamic_if vrrp_iface_opts vrrp_iface_delays vrrp_vmac_addr
vrrp_track_group vrrp_ipvlan core_cmdline check_respawn vrrp_addr_opts vrrp_linkbeat
nft_vmac_reports vrrp_no_interface vrrp_vrf vrrp_ipvlan_live vrrp_log_sync core_bfd_pid
vrrp_start_script_state vrrp_reload_log check_nl_log vrrp_framed_adverts check_suspend_lines
check_novrrp_lines vrrp_vips_shared_if vrrp_many_vips check_nft check_no_ipvs"
# Timing tests whose bounds are wide (failover within max(3 %, 20 ms) of
# Master_Down_Interval, adverts on time within tens of ms) and whose daemons
# sit idle between adverts: they run two at a time, with nothing else on the
# machine, longest first. bfd_interop (BFD at 100 ms x 3, no duration
# asserted) held its sessions at load 12 three times, so it is one of them.
# Every other timing test (floods, 100 instances at 0.1 s, a 15 ms timer
# bound, anything touching the host's own processes, users, pid files or
# systemd) runs alone after them; a new test does too, until someone checks
# it and lists it here.
PAIRED_INTEGRATION="vrrp_unicast vrrp_interop_keepalived vrrp_basic vrrp_interop_ah
vrrp_interop_frr vrrp_election vrrp_failure vrrp_vmac vrrp_reload vrrp_routes vrrp_monitor
ops_maintenance nft_no_accept bfd_interop vrrp_late_advert ops_failover nft_strict log_stuck_syslog
vmac_routes vrrp_route_opts vrrp_garp_master_delay vrrp_adver_grid"
# Unit tests that assert wall-clock bounds: timer latency while a script is
# killed (15 ms), loop wake-ups, the time to read a large configuration.
TIMING_UNIT="test_vrrp_track test_event test_event_io test_conf_reader"

now() { date +%s; }
t_begin=$(now)

# A failure before any test ran still ends with the line CI reads.
give_up() {
	echo "$*"
	echo "0 passed, 1 failed"
	exit 1
}

# README's first command configures in the source tree. Automake refuses
# out-of-tree builds of a tree configured in place (make would find the
# in-tree objects through VPATH), so that build is cleaned away; running
# README's first command again rebuilds it.
if [ -f config.status ]; then
	echo "The source tree is configured in place (./configure): cleaning it with"
	echo "'make distclean' so that the test builds (build-ci/, build-san/) can be made."
	make distclean >/dev/null 2>&1 || rm -f config.status
	[ ! -f config.status ] || give_up "make distclean failed in $top: clean the tree by hand"
fi
[ -x configure ] || autoreconf -fi || give_up "autoreconf failed"

build() { # dir, configure args...
	dir=$1
	shift
	mkdir -p "$dir" && (cd "$dir" && "$top/configure" -q "$@" &&
		make -j"$ncpu" >make.log 2>&1 && make -j"$ncpu" check TESTS= >>make.log 2>&1) || {
		echo "build in $dir failed:"
		tail -n 40 "$dir/make.log" 2>/dev/null
		return 1
	}
}

# The sanitizer build runs the unit tests only: it builds only them.
build_unit() { # dir, configure args...
	dir=$1
	shift
	# shellcheck disable=SC2046 # the list is meant to split into targets
	mkdir -p "$dir" && (cd "$dir" && "$top/configure" -q "$@" &&
		make -j"$ncpu" $(make -s list-unit-tests) >make.log 2>&1) || {
		echo "build in $dir failed:"
		tail -n 40 "$dir/make.log" 2>/dev/null
		return 1
	}
}

# Each batch's summary goes to its own log; stale ones from an earlier run
# must not be counted.
LOGS="build-ci/parallel-suite.log build-ci/valgrind-suite.log build-san/parallel-suite.log
build-ci/paired-suite.log build-ci/serial-suite.log build-ci/valgrind-serial-suite.log build-san/serial-suite.log"
# shellcheck disable=SC2086
rm -f $LOGS build-ci/test-suite.log build-san/test-suite.log build-ci/times-*.txt build-san/times-*.txt

build build-ci --enable-werror || give_up "the build failed"
build_unit build-san --enable-werror --enable-sanitizers || give_up "the sanitizer build failed"
t_built=$(now)

# Split make check's tests (configure decides which there are).
all_tests=$(make -s -C build-ci list-tests) || give_up "cannot list the tests"
unit_tests=$(make -s -C build-ci list-unit-tests) || give_up "cannot list the unit tests"
listed() { # name, list...
	_n=$1
	shift
	for _p in "$@"; do
		[ "$_p" = "$_n" ] && return 0
	done
	return 1
}
is_parallel() {
	_name=$(basename "$1" .sh)
	case $1 in
	test/unit/* | test/fuzz/*)
		# shellcheck disable=SC2086
		! listed "$_name" $TIMING_UNIT
		;;
	*)
		# shellcheck disable=SC2086
		listed "$_name" $PARALLEL_INTEGRATION
		;;
	esac
}
# The tests of ALL whose names are in LIST, in LIST's order.
in_order() { # "LIST" "ALL"
	for _n in $1; do
		for _t in $2; do
			[ "$(basename "$_t" .sh)" = "$_n" ] && printf ' %s' "$_t"
		done
	done
}
par_tests=$(in_order "$PARALLEL_INTEGRATION" "$all_tests")
pair_tests='' ser_tests='' unit_par='' unit_ser=''
for t in $all_tests; do
	_name=$(basename "$t" .sh)
	if is_parallel "$t"; then
		# shellcheck disable=SC2086
		listed "$_name" $PARALLEL_INTEGRATION || par_tests="$par_tests $t"
	else
		# shellcheck disable=SC2086
		listed "$_name" $PAIRED_INTEGRATION || ser_tests="$ser_tests $t"
	fi
done
pair_tests=$(in_order "$PAIRED_INTEGRATION" "$all_tests")
for t in $unit_tests; do
	if is_parallel "$t"; then unit_par="$unit_par $t"; else unit_ser="$unit_ser $t"; fi
done

# Every test goes through test/time_driver.sh, which appends its duration to
# the file named by TEST_TIME_LOG.
DRIVER="/bin/sh $top/test/time_driver.sh /bin/sh $top/build-aux/test-driver"
VALGRIND="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1"
command -v valgrind >/dev/null 2>&1 || VALGRIND=
fail=0
pass() { # label, dir, suite log, -jN, tests, make arguments...
	_label=$1 _dir=$2 _log=$3 _jobs=$4 _tests=$5
	shift 5
	[ -n "$_tests" ] || return 0
	# build-san has only its unit tests built: check-TESTS runs them without
	# building the rest (make check would build everything first).
	_target=check
	[ "$_dir" = build-san ] && _target=check-TESTS
	(cd "$_dir" && TEST_TIME_LOG="$top/$_dir/times-$_label.txt" make -s "$_jobs" "$_target" \
		TESTS="$_tests" TEST_SUITE_LOG="$_log" LOG_DRIVER="$DRIVER" "$@") || fail=1
}

echo "== parallel batch (make -j$pjobs): $(echo "$par_tests" | wc -w) tests, then" \
	"$(echo "$unit_par" | wc -w) unit tests under valgrind; the sanitizer build's beside them"
# The unit tests once more with ASan+UBSan, beside the rest of the batch:
# their own build directory, two at a time, a few seconds of CPU each (a
# subshell: its result comes back through a file).
rm -f build-san/.pass-failed
(
	ASAN_OPTIONS=detect_leaks=1 pass sanitizer build-san parallel-suite.log -j2 "$unit_par"
	[ "$fail" -eq 0 ] || : >build-san/.pass-failed
) &
san_pid=$!
pass parallel build-ci parallel-suite.log -j"$pjobs" "$par_tests"
# And under valgrind (no leak, no invalid access), in build-ci once the
# parallel pass is done with its logs.
[ -z "$VALGRIND" ] ||
	pass valgrind build-ci valgrind-suite.log -j"$pjobs" "$unit_par" LOG_COMPILER="$VALGRIND"
wait "$san_pid" || fail=1
[ ! -e build-san/.pass-failed ] || fail=1
t_par=$(now)

echo "== timing batch: $(echo "$pair_tests" | wc -w) tests two at a time, then" \
	"$(echo "$ser_tests" | wc -w) tests and $(echo "$unit_ser" | wc -w) unit tests (under" \
	"valgrind and in the sanitizer build too) one at a time"
pass paired build-ci paired-suite.log -j2 "$pair_tests"
pass serial build-ci serial-suite.log -j1 "$ser_tests"
[ -z "$VALGRIND" ] ||
	pass valgrind-serial build-ci valgrind-serial-suite.log -j1 "$unit_ser" LOG_COMPILER="$VALGRIND"
ASAN_OPTIONS=detect_leaks=1 pass sanitizer-serial build-san serial-suite.log -j1 "$unit_ser"
t_ser=$(now)

count() { # sum one field over the test-suite logs
	sum=0
	for log in $LOGS; do
		[ -f "$log" ] || continue
		n=$(sed -n "s/^# $1: *//p" "$log" | head -n 1)
		sum=$((sum + ${n:-0}))
	done
	echo "$sum"
}
passed=$(count PASS)
failed=$(($(count FAIL) + $(count ERROR) + $(count XPASS)))
skipped=$(count SKIP)
for log in $LOGS; do
	[ -f "$log" ] && grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]' "$log" &&
		sed -n '/^FAIL:\|^ERROR:/,+40p' "$log" | head -n 200
done

# The time table: every test of every batch, slowest first.
echo
echo "Time per test, slowest first (seconds, result, batch, test):"
for f in build-ci/times-*.txt build-san/times-*.txt; do
	[ -f "$f" ] || continue
	_label=$(basename "$f" .txt)
	sed "s|\$| ${_label#times-}|" "$f"
done | sort -k1,1nr | awk '{ printf "%8.1f  %-5s %-16s %s\n", $1 / 1000, $2, $4, $3 }'
echo "Wall time: build $((t_built - t_begin)) s, parallel batch $((t_par - t_built)) s," \
	"timing batch $((t_ser - t_par)) s, total $((t_ser - t_begin)) s"

# make failed without a failed test to show for it (a test program that
# did not build, a broken harness): that is one failure.
[ "$failed" -gt 0 ] || [ "$fail" -eq 0 ] || failed=1
echo "$passed passed, $failed failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$failed" -eq 0 ]
