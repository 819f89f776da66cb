#!/bin/sh
# Build and run the whole test suite: the normal build with warnings as errors
# (unit + integration tests), then an ASan+UBSan build of the unit tests.
# Prints automake's summaries and ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
fail=0

[ -x configure ] || autoreconf -fi || exit 1

build() { # dir, configure args...
	dir=$1; shift
	mkdir -p "$dir" && (cd "$dir" && "$top/configure" -q "$@" && make -j"$jobs" >make.log 2>&1) || {
		echo "build in $dir failed:"; tail -n 40 "$dir/make.log" 2>/dev/null; return 1; }
}

build build-ci --enable-werror || exit 1
# Build the test programs in parallel, run the tests one at a time: the
# integration tests measure failover timings and must not compete for the CPU.
(cd build-ci && make -j"$jobs" check TESTS= >>make.log 2>&1 && make check) || fail=1
# The unit tests once more under valgrind: no leak, no invalid access.
if command -v valgrind >/dev/null 2>&1; then
	(cd build-ci && make check-unit TEST_SUITE_LOG=valgrind-suite.log \
		LOG_COMPILER="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1") || fail=1
fi
build build-san --enable-werror --enable-sanitizers || exit 1
(cd build-san && ASAN_OPTIONS=detect_leaks=1 make -j"$jobs" check-unit) || fail=1

LOGS="build-ci/test-suite.log build-ci/valgrind-suite.log build-san/test-suite.log"
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
failed=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) ))
skipped=$(count SKIP)
for log in $LOGS; do
	[ -f "$log" ] && grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]' "$log" && sed -n '/^FAIL:\|^ERROR:/,+40p' "$log" | head -n 200
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$failed" -eq 0 ]
