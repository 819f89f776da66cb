#!/bin/bash
# Our checker against keepalived 2.2.7 -C: the same scenario with each, in
# the UML guest, and the IPVS tables they leave after every step must be the
# same (`ipvsadm -Ln` normalised by ipvs_table: sorted, no counters).
#
#   ipvs_compare.sh [CONFIG]...      (default: the test/uml/compare/*.conf
#                                     that have "#@ server" lines)
#
# A CONFIG is a keepalived.conf whose comment lines starting with "#@" are
# the scenario, in order:
#   #@ rs NS ADDR DIRADDR             a real-server namespace (rs_setup)
#   #@ server NAME NS ADDR PORT KIND [HTTP_STATUS]   a server (servers.py)
#   #@ step stop|start NAME           stop / restart a server
#   #@ step status NAME CODE          a server's HTTP status from now on
#   #@ step reload FILE               FILE (beside CONFIG) replaces the
#                                     configuration, then SIGHUP
#   #@ hold SECONDS                   only wait
# A table is recorded after start, after each step and after SIGTERM: a step
# is expected to change the table, so the recording waits for a change (at
# most $CMP_CHANGE_S, 15 s) and then for it to stay the same for
# $CMP_SETTLE_MS (1500 ms); "hold" records after its wait.
#
# Our daemon ($KEEPALIVED) runs only once it has a checker: when
# UML_COMPARE_OURS=1, or when its --help describes -C/--check without
# "not built in" (today's text). Until then the test exits 77 without
# booting, or, with UML_COMPARE_REF_ONLY=1, runs keepalived 2.2.7 alone.
# Where CONFIG has a NAME.tables beside it, keepalived 2.2.7's tables must
# be those too (the scenario's own check, made from a reference run). The
# tables go to the results folder (uml-results/ipvs_compare/*.tables).
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
	[ $# -gt 0 ] || set -- $(grep -l '^#@ server' "$top_srcdir"/test/uml/compare/*.conf)
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
g_init ipvs_compare
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
CHANGE_S=${CMP_CHANGE_S:-15}
SETTLE_MS=${CMP_SETTLE_MS:-1500}
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
command -v ipvsadm >/dev/null || { echo "SKIP: no ipvsadm"; exit 77; }

# Record the table once it differs from $1 (unless $1 is "-") and then
# stays the same for SETTLE_MS milliseconds.
record() { # PREVIOUS_TABLE TITLE OUTFILE
	local prev=$1 title=$2 out=$3 t end stable_end
	end=$(($(g_now_ms) + CHANGE_S * 1000))
	t=$(ipvs_table)
	if [ "$prev" != - ]; then
		while [ "$t" = "$prev" ] && [ "$(g_now_ms)" -lt "$end" ]; do
			g_sleep 0.2
			t=$(ipvs_table)
		done
	fi
	stable_end=$(($(g_now_ms) + SETTLE_MS))
	while [ "$(g_now_ms)" -lt "$stable_end" ]; do
		g_sleep 0.25
		G_TABLE=$(ipvs_table)
		if [ "$G_TABLE" != "$t" ]; then
			t=$G_TABLE
			stable_end=$(($(g_now_ms) + SETTLE_MS))
		fi
	done
	RECORDED=$t
	{
		echo "== $title"
		[ -n "$t" ] && printf '%s\n' "$t"
	} >>"$out"
}

# Run CONFIG's scenario with daemon BINARY; tables to OUT.
scenario() { # LABEL BINARY CONFIG OUT
	local label=$1 bin=$2 config=$3 out=$4 dir tag kw a b c d e specs=() steps=()
	dir=${config%/*}
	: >"$out"
	while read -r tag kw a b c d e; do
		[ "$tag" = "#@" ] || continue
		case $kw in
		server) specs+=("$a,$b,$c,$d,$e") ;;
		step | hold) steps+=("$kw $a $b $c") ;;
		esac
	done <"$config"
	# servers.py afresh, so both daemons meet the same servers.
	[ -n "$SRV_FIFO" ] && { srv_cmd quit; SRV_FIFO=; }
	srv_start "${specs[@]%,}" || g_fail "$label: servers.py did not start"
	ipvsadm -C
	cp "$config" "$G_TMP/run.conf"
	g_step "$label: start"
	ka_start "$G_TMP/$label.log" "$bin" -C -n -l -D -f "$G_TMP/run.conf" \
		-p "$G_TMP/$label.pid" -c "$G_TMP/${label}_checkers.pid"
	record - "after start" "$out"
	local step
	for step in "${steps[@]}"; do
		# A daemon that died makes the rest of its tables meaningless.
		if ! kill -0 "$KA_PID" 2>/dev/null; then
			echo "== $label exited before: $step" >>"$out"
			g_step "$label: daemon exited; its log:"
			tail -n 5 "$G_TMP/$label.log"
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
		record "$RECORDED" "after $a $b${c:+ $c}" "$out"
	done
	g_step "$label: stop"
	ka_stop "$KA_PID" 10 || g_fail "$label: still running 10 s after SIGTERM"
	record "$RECORDED" "after stop" "$out"
}

rc=0
for config in "$@"; do
	name=${config##*/}
	name=${name%.conf}
	g_step "== $name"
	rs=()
	while read -r tag kw a b c; do
		[ "$tag" = "#@" ] && [ "$kw" = rs ] && rs+=("$a,$b,$c")
	done <"$config"
	# Namespaces persist across configs: make each only once.
	todo=()
	for r in "${rs[@]}"; do
		[ -e "/run/netns/${r%%,*}" ] || todo+=("$r")
	done
	[ ${#todo[@]} -eq 0 ] || rs_setup "${todo[@]}" || g_fail "$name: rs_setup"
	scenario ref "$REF" "$config" "$G_TMP/$name.ref.tables"
	cat "$G_TMP/$name.ref.tables"
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
		scenario ours "$KEEPALIVED" "$config" "$G_TMP/$name.ours.tables"
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
