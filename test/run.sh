#!/bin/sh
# Build and run the whole test suite: the normal build with warnings as errors
# (unit and integration tests), the unit tests again under valgrind, and an
# ASan+UBSan build of the unit tests. Prints automake's summaries, a table of
# the time each test took (slowest first) and ends with
# "N passed, N failed, N skipped".
#
# Each build is made once, then the tests run in two batches:
# - the parallel batch (make -jN): the unit tests, the fuzz runs, the valgrind
#   and sanitizer passes, and the integration tests listed in
#   PARALLEL_INTEGRATION below;
# - the serial batch (make -j1), alone on the machine: every other test.
# Any test not named here is serial. Tests that measure time (failover after
# Master_Down_Interval, adverts on time, watchdog pings, floods) give false
# failures when they share the CPU with a compile or valgrind, and a false
# failure costs more than the minutes a needlessly serial test costs: the
# slow ones show in the table, and whoever checks that a test neither
# measures time nor uses anything fixed on the host may add it to the list.
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
PARALLEL_INTEGRATION="lifecycle init_script ops_ctl ops_dump net_io ah_interop debian_samples
debian_package"

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

# Each batch's summary goes to its own log; stale ones from an earlier run
# must not be counted.
LOGS="build-ci/parallel-suite.log build-ci/valgrind-suite.log build-san/test-suite.log
build-ci/serial-suite.log"
# shellcheck disable=SC2086
rm -f $LOGS build-ci/test-suite.log build-ci/times-*.txt build-san/times-*.txt

build build-ci --enable-werror || give_up "the build failed"
build build-san --enable-werror --enable-sanitizers || give_up "the sanitizer build failed"
t_built=$(now)

# Split make check's tests (configure decides which there are).
all_tests=$(make -s -C build-ci list-tests) || give_up "cannot list the tests"
is_parallel() {
	case $1 in
	test/unit/* | test/fuzz/*) return 0 ;;
	esac
	_name=$(basename "$1" .sh)
	for _p in $PARALLEL_INTEGRATION; do
		[ "$_p" = "$_name" ] && return 0
	done
	return 1
}
par_tests=
ser_tests=
for t in $all_tests; do
	if is_parallel "$t"; then par_tests="$par_tests $t"; else ser_tests="$ser_tests $t"; fi
done

# Every test goes through test/time_driver.sh, which appends its duration to
# the file named by TEST_TIME_LOG.
DRIVER="/bin/sh $top/test/time_driver.sh /bin/sh $top/build-aux/test-driver"
fail=0
pass() { # label, dir, make arguments...
	_label=$1 _dir=$2
	shift 2
	(cd "$_dir" && TEST_TIME_LOG="$top/$_dir/times-$_label.txt" make "$@" LOG_DRIVER="$DRIVER") || fail=1
}

echo "== parallel batch (make -j$pjobs):$(echo "$par_tests" | wc -w) tests, valgrind and sanitizer passes"
pass parallel build-ci -j"$pjobs" check TESTS="$par_tests" TEST_SUITE_LOG=parallel-suite.log
# The unit tests once more under valgrind: no leak, no invalid access.
if command -v valgrind >/dev/null 2>&1; then
	pass valgrind build-ci -j"$pjobs" check-unit TEST_SUITE_LOG=valgrind-suite.log \
		LOG_COMPILER="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1"
fi
ASAN_OPTIONS=detect_leaks=1 pass sanitizer build-san -j"$pjobs" check-unit
t_par=$(now)

echo "== serial batch (one at a time):$(echo "$ser_tests" | wc -w) tests"
[ -z "$ser_tests" ] || pass serial build-ci -j1 check TESTS="$ser_tests" TEST_SUITE_LOG=serial-suite.log
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
done | sort -k1,1nr | awk '{ printf "%8.1f  %-5s %-9s %s\n", $1 / 1000, $2, $4, $3 }'
echo "Wall time: build $((t_built - t_begin)) s, parallel batch $((t_par - t_built)) s," \
	"serial batch $((t_ser - t_par)) s, total $((t_ser - t_begin)) s"

[ "$failed" -gt 0 ] || [ "$fail" -eq 0 ] || failed=1
echo "$passed passed, $failed failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$failed" -eq 0 ]
