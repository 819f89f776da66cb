#!/bin/sh
# Drop-in fidelity on real configurations (issue 11): every file of
# test/data/corpus (keepalived.conf files from public projects, normalised
# for namespaces; each names its source in its header) under Debian's
# keepalived 2.2.7 and under our daemon, with the "-peer" variant on a second
# host where the original implies one. For each daemon kind a pair of
# namespaces joined by a veth per interface name; -t on each host, then both
# daemons until the states and addresses have not changed for
# 3 * advert_int + 3 s. Compared: the -t verdict, started or not, each
# instance's final state (the "(VI_1) Entering MASTER STATE" lines both
# write), the addresses each daemon added (ip addr, against what was there
# before it started), and a warning from us for each line keepalived -t
# prints (by line number where keepalived gives one, else by keyword; our -t
# output and start-up log count).
#
# Today our daemon differs on several files: test/data/corpus/KNOWN_DIFFERENCES
# lists each difference found, one line each with its reason. The test fails
# on a difference the list lacks AND on a listed difference that no longer
# occurs, so the list only shrinks as issue 11 is fixed.
#
# Needs root and /usr/sbin/keepalived 2.2.7 (exit 77 otherwise). $KEEPALIVED
# is the daemon under test; CORPUS_ONLY=GLOB runs a subset (the list is then
# checked for those files only); CORPUS_JOBS sets how many daemon pairs run
# at once (default 6); CORPUS_KEEP=DIR keeps every log and result there.
set -u

top=${top_srcdir:-$(dirname "$0")/../..}
. "$top/test/integration/lib.sh"
. "$top/test/integration/corpus_lib.sh"

KA=${KA:-/usr/sbin/keepalived}
if [ ! -x "$KA" ] || ! "$KA" --version 2>&1 | grep -q '^Keepalived v2\.2\.7 '; then
	echo "SKIP: keepalived 2.2.7 not found at $KA"
	exit 77
fi
lib_init corpus_compare
lib_require_tools comm cksum
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
case $KEEPALIVED in /*) ;; *) KEEPALIVED=$(pwd)/$KEEPALIVED ;; esac
CORPUS=$(cd "$top/test/data/corpus" && pwd) || fail "no corpus directory"
KNOWN=$CORPUS/KNOWN_DIFFERENCES
JOBS=${CORPUS_JOBS:-6}
T=$LIB_TMP
START=$(_lib_now_ms)

FILES=
for f in "$CORPUS"/[0-9]*.conf; do
	case $f in *-peer.conf) continue ;; esac
	name=$(basename "$f" .conf)
	# shellcheck disable=SC2254 # a glob on purpose
	case $name in ${CORPUS_ONLY:-*}) FILES="$FILES $name" ;; esac
done
[ -n "$FILES" ] || fail "no corpus file matches ${CORPUS_ONLY:-*}"

# Namespace names are known in advance so that lib.sh's cleanup removes
# them even when a job is interrupted.
n=0
for name in $FILES; do
	n=$((n + 1))
	for kind in ka ours; do
		LIB_NAMESPACES="$LIB_NAMESPACES cc$$-$n-$kind-a cc$$-$n-$kind-b"
	done
done

# Jobs run in the background, at most $JOBS at once.
running=
reap() {
	still=
	for _p in $running; do
		if kill -0 "$_p" 2>/dev/null; then still="$still $_p"; else wait "$_p"; fi
	done
	running=$still
}
n=0
for name in $FILES; do
	n=$((n + 1))
	peer=
	[ -f "$CORPUS/$name-peer.conf" ] && peer=$CORPUS/$name-peer.conf
	for kind in ka ours; do
		if [ "$kind" = ka ]; then bin=$KA; else bin=$KEEPALIVED; fi
		while [ "$(echo "$running" | wc -w)" -ge "$JOBS" ]; do
			sleep 0.2
			reap
		done
		cc_run_host "$kind" "$bin" "$CORPUS/$name.conf" "$peer" "cc$$-$n-$kind-a" \
			"cc$$-$n-$kind-b" "$T/$name/$kind" "$T/$name/$kind.res" \
			>"$T/$name-$kind.job.out" 2>&1 &
		running="$running $!"
	done
done
while [ -n "$running" ]; do
	sleep 0.2
	reap
done

# Warnings: each keepalived -t line against our -t output and start-up log.
: >"$T/found"
for name in $FILES; do
	for kind in ka ours; do
		[ -s "$T/$name/$kind.res" ] || fail "$name: no result for $kind:" \
			"$(cat "$T/$name-$kind.job.out")"
	done
	for h in A B; do
		[ -f "$T/$name/ka/t-$h.out" ] || continue
		cc_warn_missing "$T/$name/ka/t-$h.out" "$T/$name/ours/t-$h.out" \
			"$T/$name/ours/run-$h.log" | sed "s/^/missing $h /" >>"$T/$name/ours.res"
	done
	for kind in ka ours; do
		if grep -q '^unsettled' "$T/$name/$kind.res"; then
			echo "$name A: did not settle: $kind" >>"$T/found"
		fi
	done
	# Paths differ between checkouts: differences name files relative to the corpus.
	cc_compare "$name" "$T/$name/ka.res" "$T/$name/ours.res" | sed "s|$CORPUS/||g" >>"$T/found"
done
[ -n "${CORPUS_KEEP:-}" ] && mkdir -p "$CORPUS_KEEP" && cp -r "$T"/. "$CORPUS_KEEP"/

# The list: "FILE HOST: difference -- reason", comments and blank lines aside.
: >"$T/listed"
for name in $FILES; do
	grep "^$name [AB]: " "$KNOWN" | sed 's/ -- .*//' >>"$T/listed"
done
sort -u "$T/found" >"$T/found.s"
sort -u "$T/listed" >"$T/listed.s"
new=$(comm -23 "$T/found.s" "$T/listed.s")
gone=$(comm -13 "$T/found.s" "$T/listed.s")

total=$(($(_lib_now_ms) - START))
nfiles=$(echo "$FILES" | wc -w)
ndiff=$(wc -l <"$T/found.s")
step "$nfiles files, $ndiff known differences, $((total / 1000)) s"
if [ -n "$new" ] || [ -n "$gone" ]; then
	[ -n "$new" ] && printf 'NEW (not in KNOWN_DIFFERENCES):\n%s\n' "$new"
	[ -n "$gone" ] && printf 'GONE (listed, no longer found; remove the line):\n%s\n' "$gone"
	for name in $FILES; do
		if printf '%s\n%s\n' "$new" "$gone" | grep -q "^$name "; then
			for kind in ka ours; do
				echo "--- $name $kind result"
				cat "$T/$name/$kind.res"
			done
		fi
	done
	fail "the corpus differences are not the listed ones"
fi
echo "PASS: corpus_compare ($nfiles files, every difference listed, none stale)"
