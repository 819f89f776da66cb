#!/bin/sh
# The acceptance test of tracking and notification: one scenario, run once
# with Debian's keepalived 2.2.7 and once with our daemon as host 1 (the
# peer, host 2, is keepalived both times), must give host 1 the same notify
# script argument lists and the same notify FIFO lines.
#
# Host 1 (priority 150): VI_1 tracks vrrp_script chk (weight -60, rise 2,
# fall 2) and track_file tf (weight -2, created holding 1: 148); VI_2 and VI_3 form vrrp_sync_group G, VI_3 tracks interface trk0.
# Every instance and the group have notify, notify_master/backup/fault/stop;
# vrrp_notify_fifo with vrrp_notify_priority_changes. Host 2 (priority 100)
# has the same instances and group, nothing else. VRRPv3, 0.5 s.
#  P0 host 1 starts alone and takes every VIP
#  P1 host 2 starts, Backup
#  P2 chk fails: VI_1 at 88, host 2 takes its VIP (the group stays)
#  P3 chk succeeds again: VI_1 back at 148, preempts
#  P4 trk0 down: VI_3 Fault, the group follows, host 2 takes both VIPs
#  P5 trk0 up: the group comes back and preempts, both VIPs together
#  P6 SIGTERM of host 1: STOP for the instances, then the group
# Also checked on each run: the VIPs move as described, the group's VIPs
# never on different hosts at the end of a phase, and the daemon logs
# keepalived's lines for the script and the priority.
# Needs root and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_track_lib.sh"

vh_init vrrp_track_compare
vh_need_keepalived
vt_wrap

V1=198.18.1.100 V2=198.18.1.101 V3=198.18.1.102
WAIT=15

host_conf() { # H PRIO OUTDIR (OUTDIR empty: no tracking or notification)
	if [ -n "$3" ]; then
		n=$3/notify.sh
		cat <<EOF
global_defs {
    router_id it_h$1
    vrrp_notify_fifo $3/fifo
    vrrp_notify_priority_changes
}
vrrp_script chk {
    script "/bin/sh -c 'test ! -e $3/fail'"
    interval 1
    weight -60
    rise 2
    fall 2
}
track_file tf {
    file $3/tf
    weight -2
    init_file 1 overwrite
}
EOF
	else
		printf 'global_defs {\n    router_id it_h%s\n}\n' "$1"
	fi
	for i in 1 2 3; do
		echo "vrrp_instance VI_$i {"
		echo "    state BACKUP"
		echo "    interface eth0"
		echo "    virtual_router_id 5$i"
		echo "    version 3"
		echo "    priority $2"
		echo "    advert_int 0.5"
		echo "    virtual_ipaddress {"
		echo "        198.18.1.10$((i - 1))/24"
		echo "    }"
		if [ -n "$3" ]; then
			[ "$i" = 1 ] && printf '    track_script {\n        chk\n    }\n    track_file {\n        tf\n    }\n'
			[ "$i" = 3 ] && printf '    track_interface {\n        trk0\n    }\n'
			echo "    notify \"$n 'i $i'\""
			for s in master backup fault stop; do
				echo "    notify_$s \"$n $s$i\""
			done
		fi
		echo "}"
	done
	echo "vrrp_sync_group G {"
	echo "    group {"
	echo "        VI_2"
	echo "        VI_3"
	echo "    }"
	if [ -n "$3" ]; then
		echo "    notify \"$n g\""
		for s in master backup fault stop; do
			echo "    notify_$s $n"
		done
	fi
	echo "}"
}

# End of a phase: the files are quiet; the notify lines of the phase are
# kept sorted (scripts run concurrently), the FIFO as written.
phase_end() { # OUT LABEL
	vt_wait_quiet 10 1.5 "$1/args.log" "$1/fifo.log" || fail "$2: notifications do not settle"
	{
		echo "== $2"
		sort "$1/args.log" | comm -13 "$1/seen" -
	} >>"$1/args.txt"
	sort "$1/args.log" >"$1/seen"
}

run() { # KIND
	out=$LIB_TMP/run-$1
	mkdir -p "$out"
	: >"$out/args.log"
	: >"$out/args.txt"
	: >"$out/seen"
	vt_notify_script "$out/notify.sh" "$out/args.log"
	mkfifo "$out/fifo"
	vh_topo 2
	ns1=$(vh_ns 1)
	ip -n "$ns1" link add trk0 type veth peer name trk0p || fail "trk0"
	ip -n "$ns1" link set trk0p up && ip -n "$ns1" link set trk0 up || fail "trk0 up"
	host_conf 1 150 "$out" | vt_conf 1
	host_conf 2 100 "" | vt_conf 2
	cat "$out/fifo" >"$out/fifo.log" &
	reader=$!
	track_pid "$reader"

	step "$1: P0 host 1 alone"
	vh_start 1 "$1"
	vt_wait_holds 1 "$WAIT" $V1 $V2 $V3 || fail "$1 P0: host 1 does not hold every VIP"
	phase_end "$out" P0
	step "$1: P1 host 2 starts"
	vh_start 2 ka
	vh_wait_backup_log 2 "$WAIT" || fail "$1 P1: host 2 never logged BACKUP"
	phase_end "$out" P1
	vt_holds 2 $V1 && fail "$1 P1: host 2 took VI_1"

	step "$1: P2 chk fails"
	touch "$out/fail"
	vt_wait_holds 2 "$WAIT" $V1 || fail "$1 P2: host 2 did not take VI_1"
	phase_end "$out" P2
	vt_holds 1 $V2 && vt_holds 1 $V3 || fail "$1 P2: the group moved"
	vh_wait_log 1 'VRRP_Script[(]chk[)] failed [(]exited with status 1[)]' 1 ||
		fail "$1 P2: no failure line"
	vh_wait_log 1 'Changing effective priority from 148 to 88' 1 || fail "$1 P2: no priority line"

	step "$1: P3 chk recovers"
	rm -f "$out/fail"
	vt_wait_holds 1 "$WAIT" $V1 || fail "$1 P3: host 1 did not take VI_1 back"
	phase_end "$out" P3
	vh_wait_log 1 'VRRP_Script[(]chk[)] succeeded' 1 || fail "$1 P3: no success line"

	step "$1: P4 trk0 down"
	ip -n "$ns1" link set trk0 down
	vt_wait_holds 2 "$WAIT" $V2 $V3 || fail "$1 P4: host 2 did not take the group's VIPs"
	phase_end "$out" P4
	vt_holds 1 $V1 || fail "$1 P4: VI_1 moved"
	vh_wait_log 1 'VI_3[)] Entering FAULT STATE' 1 || fail "$1 P4: VI_3 not in FAULT"

	step "$1: P5 trk0 up"
	ip -n "$ns1" link set trk0 up
	vt_wait_holds 1 "$WAIT" $V2 $V3 || fail "$1 P5: host 1 did not take the group back"
	phase_end "$out" P5

	step "$1: P6 stop"
	vh_term 1
	wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "$1 P6: host 1 did not stop"
	_vh_set 1 DEAD 1
	vt_wait_holds 2 "$WAIT" $V1 $V2 $V3 || fail "$1 P6: host 2 did not take over"
	phase_end "$out" P6
	wait_for 5 _lib_dead "$reader" || kill "$reader"
	cp "$(vh_log 1)" "$out/daemon.log"
	vh_teardown
}

run ka
run ours

for f in fifo.log args.txt; do
	if ! cmp -s "$LIB_TMP/run-ka/$f" "$LIB_TMP/run-ours/$f"; then
		echo "--- $f: keepalived 2.2.7 (-) and ours (+)"
		diff -u "$LIB_TMP/run-ka/$f" "$LIB_TMP/run-ours/$f" | sed "s#$LIB_TMP/run-[a-z]*#OUT#g"
		fail "$f differs"
	fi
done
echo "FIFO lines (both daemons):"
sed 's/^/    /' "$LIB_TMP/run-ours/fifo.log"
echo "notify argument lists: $(grep -vc '^==' "$LIB_TMP/run-ours/args.txt") in 7 phases, identical"
echo "PASS: vrrp_track_compare"
