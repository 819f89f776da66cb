#!/bin/sh
# A test driver that runs another one (automake's test-driver) and appends a
# line "MILLISECONDS RESULT TEST" to the file named by $TEST_TIME_LOG, for
# the time table of test/run.sh. The driver's exit status and files are
# left as they are. Used as LOG_DRIVER="sh time_driver.sh sh test-driver".
name='?'
trs=
prev=
for arg in "$@"; do
	[ "$arg" = -- ] && break
	case $prev in
	--test-name) name=$arg ;;
	--trs-file) trs=$arg ;;
	esac
	prev=$arg
done
start=$(date +%s%N)
"$@"
rc=$?
end=$(date +%s%N)
if [ -n "${TEST_TIME_LOG:-}" ]; then
	result=$(sed -n 's/^:global-test-result: *//p' "$trs" 2>/dev/null | head -n 1)
	# One short write per test: parallel drivers append without mixing lines.
	printf '%s %s %s\n' "$(((end - start) / 1000000))" "${result:-?}" "$name" >>"$TEST_TIME_LOG"
fi
exit "$rc"
