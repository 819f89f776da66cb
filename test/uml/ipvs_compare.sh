#!/bin/bash
# Our checker against keepalived 2.2.7 -C: the same scenario with each, in
# the UML guest, and the IPVS tables they leave after every step must be the
# same (`ipvsadm -Ln` normalised by ipvs_table: sorted, no counters). The
# two run at once, each in its own director namespace (d-ref, d-ours: IPVS
# tables are per namespace) with its own real-server namespaces (ref-rs1,
# ours-rs1...) and servers.py; the configs run one after the other.
#
#   ipvs_compare.sh [CONFIG]...      (default: the test/uml/compare/*.conf
#                                     with "#@ server" lines and no "#@ extra")
#
# A CONFIG is a keepalived.conf whose comment lines starting with "#@" are
# the scenario, in order:
#   #@ rs NS ADDR DIRADDR             a real-server namespace (rs_setup)
#   #@ server NAME NS ADDR PORT KIND [HTTP_STATUS]   a server (servers.py)
#   #@ step stop|start NAME           stop / restart a server
#   #@ step status NAME CODE          a server's HTTP status from now on
#   #@ step reload FILE               FILE (beside CONFIG) replaces the
#                                     configuration, then SIGHUP
#   #@ step-same ...                  a step that should not change the table
#   #@ hold SECONDS                   only wait
#   #@ settle MS                      this scenario's $CMP_SETTLE_MS
# A table is recorded after start, after each step and after SIGTERM: a step
# is expected to change the table, so the recording waits for a change (at
# most $CMP_CHANGE_S, 15 s) and then for it to stay the same for
# $CMP_SETTLE_MS (1500 ms); "step-same" waits 3 s instead of for a change,
# "hold" its SECONDS.
#
# Our daemon ($KEEPALIVED) runs only once it has a checker: when
# UML_COMPARE_OURS=1, or, UML_COMPARE_OURS unset, when its --help describes
# -C/--check without "not built in" (today's text on main); UML_COMPARE_OURS=0
# keeps it off. Until then the test exits 77 without booting, or, with
# UML_COMPARE_REF_ONLY=1, runs keepalived 2.2.7 alone.
# Where CONFIG has a NAME.tables beside it, keepalived 2.2.7's tables must
# be those too (the scenario's own check, made from a reference run).
# Each side's logs and tables go to the results folder
# (uml-results/ipvs_compare/): NAME-SIDE-keepalived.log,
# NAME-SIDE-servers.log, NAME.SIDE.tables.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	ours=${UML_COMPARE_OURS:-}
	if [ -z "$ours" ] && [ -n "${KEEPALIVED:-}" ] && [ -x "$KEEPALIVED" ]; then
		help=$("$KEEPALIVED" --help 2>&1 | grep -e '--check')
		case $help in *--check*) case $help in *"not built in"*) ;; *) ours=1 ;; esac ;; esac
	fi
	if [ "$ours" != 1 ] && [ "${UML_COMPARE_REF_ONLY:-}" != 1 ]; then
		echo "SKIP: ${KEEPALIVED:-our daemon} has no checker yet (set UML_COMPARE_OURS=1 to force," \
			"UML_COMPARE_REF_ONLY=1 to run keepalived 2.2.7 alone)"
		exit 77
	fi
	# shellcheck disable=SC2046
	[ $# -gt 0 ] || set -- $(grep -L '^#@ extra' $(grep -l '^#@ server' "$top_srcdir"/test/uml/compare/*.conf))
	configs=
	for c in "$@"; do
		c=$(cd "$(dirname "$c")" && pwd)/$(basename "$c")
		configs="$configs $c"
	done
	export UML_COMPARE_OURS=$ours
	UML_PASS_ENV="${UML_PASS_ENV:-} UML_COMPARE_OURS KEEPALIVED_REF CMP_CHANGE_S CMP_SETTLE_MS"
	export UML_PASS_ENV
	# shellcheck disable=SC2086
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-300}" "$0" $configs
fi

. "$top_srcdir/test/uml/guest_lib.sh"
if [ "${1:-}" = --side ]; then
	G_LOG_PREFIX=${4##*/}
	G_LOG_PREFIX=${G_LOG_PREFIX%.conf}-$2-
	g_init "ipvs_compare-$2"
else
	g_init ipvs_compare
fi
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
CHANGE_S=${CMP_CHANGE_S:-15}
SETTLE_MS=${CMP_SETTLE_MS:-1500}
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
command -v ipvsadm >/dev/null || { echo "SKIP: no ipvsadm"; exit 77; }

# Record the table once it differs from PREVIOUS (an ipvs_raw text; "-":
# do not wait for a change) and then stays the same for SETTLE_MS
# milliseconds. Polls /proc/net/ip_vs (no process), records ipvs_table;
# RECORDED is the raw text for the next call.
record() { # PREVIOUS TITLE OUTFILE
	local prev=$1 title=$2 out=$3 t end stable_end t0 t_change changes=0
	g_now
	t0=$G_NOW
	end=$((G_NOW + CHANGE_S * 1000))
	ipvs_raw
	if [ "$prev" != - ]; then
		while [ "$G_RAW" = "$prev" ] && [ "$G_NOW" -lt "$end" ]; do
			g_sleep 0.1
			ipvs_raw
			g_now
		done
	fi
	t=$G_RAW
	g_now
	t_change=$((G_NOW - t0))
	stable_end=$((G_NOW + SETTLE_MS))
	while [ "$G_NOW" -lt "$stable_end" ]; do
		g_sleep 0.1
		ipvs_raw
		g_now
		if [ "$G_RAW" != "$t" ]; then
			t=$G_RAW
			stable_end=$((G_NOW + SETTLE_MS))
			changes=$((changes + 1))
		fi
	done
	RECORDED=$t
	# Why a recording took long: kept in the results folder.
	echo "$title: waited ${t_change} ms for a change, then $((G_NOW - t0 - t_change)) ms," \
		"$changes more change(s)" >>"$G_TMP/record.log"
	{
		echo "== $title"
		ipvs_table
	} >>"$out"
}

# Run CONFIG's scenario with daemon BINARY; tables to OUT.
scenario() { # LABEL BINARY CONFIG OUT
	local label=$1 bin=$2 config=$3 out=$4 dir tag kw a b c d e specs=() steps=() empty
	dir=${config%/*}
	: >"$out"
	while read -r tag kw a b c d e; do
		[ "$tag" = "#@" ] || continue
		case $kw in
		server) specs+=("$a,$label-$b,$c,$d,$e") ;;
		step | step-same | hold) steps+=("$kw $a $b $c") ;;
		settle) SETTLE_MS=$a ;;
		esac
	done <"$config"
	srv_start "${specs[@]%,}" || g_fail "$label: servers.py did not start"
	ipvsadm -C
	ipvs_raw
	empty=$G_RAW
	cp "$config" "$G_TMP/run.conf"
	g_step "$label: start"
	# Our checker runs at nice 10 (its own default); keepalived's too here,
	# so that neither side's checks lose the guest's one CPU to the other's.
	local nice=()
	[ "$bin" = "$REF" ] && nice=(nice -n 10)
	ka_start "$G_TMP/keepalived.log" "${nice[@]}" "$bin" -C -n -l -D -f "$G_TMP/run.conf" \
		-p "$G_TMP/keepalived.pid" -c "$G_TMP/checkers.pid"
	# From an empty table: a slow start must not be recorded as empty.
	record "$empty" "after start" "$out"
	local step
	for step in "${steps[@]}"; do
		# A daemon that died makes the rest of its tables meaningless.
		if ! kill -0 "$KA_PID" 2>/dev/null; then
			echo "== $label exited before: $step" >>"$out"
			g_step "$label: daemon exited; its log:"
			tail -n 5 "$G_TMP/keepalived.log"
			return 0
		fi
		read -r kw a b c <<<"$step"
		g_step "$label: $kw $a $b"
		case $kw in
		hold)
			g_sleep "$a"
			record - "after hold $a" "$out"
			continue
			;;
		esac
		case $a in
		reload)
			cp "$dir/$b" "$G_TMP/run.conf" || g_fail "no $dir/$b"
			kill -HUP "$KA_PID"
			;;
		*) srv_cmd "$a" "$b" ${c:+"$c"} || g_fail "$label: servers.py: $a $b $c" ;;
		esac
		if [ "$kw" = step-same ]; then
			# No change expected: give the checks 3 delay_loops to prove it.
			g_sleep 3
			record - "after $a $b${c:+ $c}" "$out"
		else
			record "$RECORDED" "after $a $b${c:+ $c}" "$out"
		fi
	done
	g_step "$label: stop"
	ka_stop "$KA_PID" 10 || g_fail "$label: still running 10 s after SIGTERM"
	record "$RECORDED" "after stop" "$out"
}

# One side of the comparison, inside its own director namespace (IPVS
# tables are per namespace), with its own real-server namespaces and
# servers.py: the two sides run at once.
if [ "${1:-}" = --side ]; then
	scenario "$2" "$3" "$4" "$5"
	exit 0
fi

# The scenarios' MISC_CHECK programs, read once before the daemons start:
# the first run of a program reads it and its libraries through hostfs,
# seconds on a loaded host, and a check timed out on that alone.
curl --version >/dev/null 2>&1
sides=(ref)
[ "$UML_COMPARE_OURS" = 1 ] && sides+=(ours)
rc=0
for config in "$@"; do
	name=${config##*/}
	name=${name%.conf}
	g_step "== $name: ${sides[*]}"
	pids=()
	for side in "${sides[@]}"; do
		rs=()
		while read -r tag kw a b c; do
			[ "$tag" = "#@" ] && [ "$kw" = rs ] && [ ! -e "/run/netns/$side-$a" ] && rs+=("$side-$a,$b,$c")
		done <"$config"
		if [ ${#rs[@]} -gt 0 ]; then
			RS_DIRECTOR=d-$side rs_setup "${rs[@]}" || g_fail "$name: rs_setup $side"
		fi
		bin=$REF
		[ "$side" = ours ] && bin=$KEEPALIVED
		ip netns exec "d-$side" "$0" --side "$side" "$bin" "$config" "$G_TMP/$name.$side.tables" \
			>"$G_TMP/$name.$side.out" 2>&1 &
		pids+=($!)
	done
	i=0
	for side in "${sides[@]}"; do
		wait "${pids[$i]}" || { echo "FAIL: $name: the $side side failed"; rc=1; }
		i=$((i + 1))
		cat "$G_TMP/$name.$side.out"
	done
	[ -s "$G_TMP/$name.ref.tables" ] && cat "$G_TMP/$name.ref.tables"
	# The scenario's own check: keepalived 2.2.7 made the tables expected.
	if [ -r "${config%.conf}.tables" ]; then
		if diff -u "${config%.conf}.tables" "$G_TMP/$name.ref.tables"; then
			g_step "$name: keepalived 2.2.7 made the expected tables"
		else
			echo "FAIL: $name: keepalived 2.2.7's tables differ from ${config##*/}'s .tables (+ theirs)"
			rc=1
		fi
	fi
	if [ "$UML_COMPARE_OURS" = 1 ]; then
		if diff -u "$G_TMP/$name.ref.tables" "$G_TMP/$name.ours.tables"; then
			g_step "$name: same tables"
		else
			echo "FAIL: $name: our tables differ from keepalived 2.2.7's (- theirs, + ours)"
			rc=1
		fi
	fi
done
cp "$G_TMP"/*.tables "$UML_RESULTS/" 2>/dev/null
exit $rc
