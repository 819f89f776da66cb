#!/bin/sh
# Run one libFuzzer target of test/fuzz for a while and say whether it found
# anything (a crash, a sanitizer report, a leak, a timeout, a broken check).
#
#   run.sh TARGET SECONDS check    fresh corpus from the seeds (make check)
#   run.sh TARGET SECONDS corpus   corpus kept in the build directory (make fuzz)
#
# Needs top_srcdir and top_builddir (make check exports them). FUZZ_ARGS adds
# libFuzzer options, e.g. FUZZ_ARGS='-jobs=4 -workers=4'. Exit 0: nothing
# found; 1: a finding, saved under test/fuzz/TARGET.check or .corpus (how to
# replay it is printed); 77: the target was not built (no clang), or
# SECONDS is 0.
target=$1 seconds=$2 mode=$3
: "${top_srcdir:?}" "${top_builddir:?}"
bin=$top_builddir/test/fuzz/$target
if [ "$seconds" = 0 ]; then
	echo "SKIP: $target: no time given (FUZZ_CHECK_TIME=0)"
	exit 77
fi
if [ ! -x "$bin" ]; then
	echo "SKIP: $bin not built: configure found no clang with libFuzzer"
	exit 77
fi
# In make check, the fuzzer yields the CPU to the timing-sensitive tests
# that may run beside it (make -j).
nice=
case $mode in
check)
	work=$top_builddir/test/fuzz/$target.check
	rm -rf "$work"
	command -v nice >/dev/null 2>&1 && nice="nice -n 10" ;;
corpus) work=$top_builddir/test/fuzz/$target.corpus ;;
*) echo "usage: run.sh TARGET SECONDS check|corpus" >&2; exit 2 ;;
esac
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts" "$work/cwd" || exit 1

case $target in
fuzz_vrrp_rx)
	"$top_builddir/test/fuzz/fuzz_seeds" "$work/seeds" "$top_srcdir"/test/data/*.pcap || exit 1
	maxlen=4096 ;;
fuzz_conf_reader)
	for f in "$top_srcdir"/test/data/conf-good/* "$top_srcdir"/test/data/conf-bad/*; do
		[ -f "$f" ] && cp "$f" "$work/seeds/"
	done
	maxlen=8192 ;;
fuzz_bfd_session)
	# Up (the peer Down, then Up), time passing, a poll answered, a reload, expiry.
	printf '\004\000\004\003\001\000\144\003' >"$work/seeds/up"
	printf '\004\000\004\003\004\033\002\011\011\001\003\000\001\001\364' \
		>"$work/seeds/poll-expiry"
	maxlen=1024 ;;
*) maxlen=4096 ;;
esac

# libFuzzer says 77 for a finding by default, which automake takes for a
# skip: every finding exits 1 here. The working directory is empty, as the
# config reader's includes are relative to it.
log=$work/fuzz.log
: >"$work/started"
(
	cd "$work/cwd" || exit 1
	# shellcheck disable=SC2086
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
	$nice "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
		-error_exitcode=1 -timeout_exitcode=1 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" $FUZZ_ARGS "$work/corpus" "$work/seeds"
) >"$log" 2>&1
rc=$?
# libFuzzer's last status line: coverage (cov), features (ft), corpus, runs.
grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log"
if [ "$rc" -ne 0 ]; then
	echo "FAIL: $target found something (exit $rc); its output: $log"
	grep -E 'ERROR|SUMMARY|invariant|runtime error|^    #[0-9]' "$log" | head -n 40
	# Only this run's: a kept corpus directory holds the older ones too.
	for a in "$work"/artifacts/*; do
		[ -f "$a" ] && [ -z "$(find "$work/started" -prune -newer "$a")" ] && echo "replay: $bin $a"
	done
	exit 1
fi
exit 0
