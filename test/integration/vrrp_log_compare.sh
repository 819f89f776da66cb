#!/bin/sh
# Log lines as keepalived 2.2.7's (issue 11: people alert on them). Host 1
# runs Debian's keepalived, then ours, through the same short lifecycle,
# once with -D (--log-detail) and once without; host 2 is keepalived.
# The lines that matter (state transitions, VIPs set and removed, script,
# interface and priority lines, stop) must come in the same order.
#  P0 host 1 (priority 150, track_interface trk0, vrrp_script chk weight
#     -60) starts alone: Master
#  P1 host 2 (priority 100) starts: Backup
#  P2 trk0 down: host 1 Fault; P3 trk0 up: host 1 preempts again
#  P4 chk fails: host 1 at 90 goes Backup; P5 chk succeeds: Master again
#  P3b an IPv4 address comes and goes on trk0 (-D: Assigned, Deassigned)
#  P6 SIGTERM
#  P7 (-D pass only) an IPv6 instance alone: start, Master, stop
# Host 1 has virtual_routes and virtual_rules. With -D the lines of
# keepalived's internals are compared too: "Registering ...", "Assigned
# address"/"Deassigned address" (link-local addresses as fe80::LL), one
# "Sending gratuitous ARP"/"Sending unsolicited Neighbour Advert" per
# message, "setting/removing Virtual Routes/Rules".
# garp_master_delay 0: keepalived's delayed burst may outlive the Master
# state that scheduled it (not a log line difference; left out here).
# Not compared: a reload (see LOG MESSAGES in keepalived.8 for what
# differs).
# Debugging: LOG_COMPARE_DETAIL=-D or =none runs one of the two passes;
# LOG_COMPARE_KEEP=DIR keeps each run's full log there.
# Needs root and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_log_compare
vh_need_keepalived
vh_params adv=0.3 nvip=1
WAIT=10

vh_conf_top() {
	[ "$_vh_sh" = 1 ] || return 0
	echo "vrrp_script chk {"
	echo "    script \"/bin/sh -c 'test ! -e $LIB_TMP/fail'\""
	echo "    interval 1"
	echo "    weight -60"
	echo "}"
}
vh_conf_instance() {
	[ "$_vh_sh" = 1 ] || return 0
	echo "    garp_master_delay 0"
	if [ "$VH_FAM" = 6 ]; then
		printf '    virtual_routes {\n        fd00:5::/64 dev eth0\n    }\n'
		return 0
	fi
	printf '    track_interface {\n        trk0\n    }\n'
	printf '    track_script {\n        chk\n    }\n'
	printf '    virtual_routes {\n        198.19.5.0/24 dev eth0\n    }\n'
	printf '    virtual_rules {\n        from 198.19.6.0/24 table 100 preference 100\n    }\n'
}

# The lines that matter, without time stamps, in the order written.
lines() { # LOG
	sed -e 's/^[0-9.]* //' -e 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9]* [0-9:]* [0-9]*: //' "$1" |
		grep -E -e 'STATE|VIPs|VRRP_Script|[Pp]riority|trk0|Stopped|Stopping|Reload|removed|added' \
			-e 'Registering|ssigned address|Sending|Virtual R' |
		grep -vE 'Opening|Starting|Running on|Command line|Configuration file|WARNING' |
		grep -vE 'lower priority|Registering DBus' |
		sed -e 's/^Stopped - used .*/Stopped - used (CPU times)/' -e 's/^Stopped Keepalived .*/Stopped Keepalived/' \
			-e 's/fe80::[0-9a-f:]*/fe80::LL/'
}

# A line that should come; the comparison shows it missing, so no failure here.
_wait_line() { vh_wait_log 1 "$1" 5 || echo "($2: no '$1' in the log of host 1)"; }

# P7: an IPv6 instance, alone.
run6() { # KIND
	out=$LIB_TMP/${1}6.lines
	vh_topo 1
	step "$1 -D: P7 IPv6 instance"
	vh_start 1 "$1" prio=150
	vh_wait_sole_vip 1 $WAIT || fail "$1 P7: no VIP on host 1"
	_wait_line 'Sending unsolicited' "$1 P7"
	vh_term 1
	wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "$1 P7: host 1 did not stop"
	_vh_set 1 DEAD 1
	lines "$(vh_log 1)" >"$out"
	[ -z "${LOG_COMPARE_KEEP:-}" ] || cp "$(vh_log 1)" "$LOG_COMPARE_KEEP/${1}6.full"
	vh_teardown
}

run() { # KIND DETAIL
	VH_DETAIL=$2
	out=$LIB_TMP/$1$2.lines
	rm -f "$LIB_TMP/fail"
	vh_topo 2
	ns1=$(vh_ns 1)
	ip -n "$ns1" link add trk0 type veth peer name trk0p || fail "trk0"
	{ ip -n "$ns1" link set trk0p up && ip -n "$ns1" link set trk0 up; } || fail "trk0 up"
	step "$1 $2: P0 host 1 alone"
	vh_start 1 "$1" prio=150
	vh_wait_sole_vip 1 $WAIT || fail "$1 P0: no VIP on host 1"
	step "$1 $2: P1 host 2"
	vh_start 2 ka prio=100
	vh_wait_backup_log 2 $WAIT || fail "$1 P1: host 2 not Backup"
	step "$1 $2: P2/P3 trk0 down, up"
	ip -n "$ns1" link set trk0 down
	vh_wait_sole_vip 2 $WAIT || fail "$1 P2: host 2 did not take over"
	ip -n "$ns1" link set trk0 up
	vh_wait_sole_vip 1 $WAIT || fail "$1 P3: host 1 did not preempt"
	step "$1 $2: P3b an address on trk0 comes and goes"
	ip -n "$ns1" addr add 198.18.9.1/24 dev trk0 || fail "addr add"
	[ -z "$2" ] || _wait_line 'Assigned address 198.18.9.1' "$1 P3b"
	ip -n "$ns1" addr del 198.18.9.1/24 dev trk0 || fail "addr del"
	[ -z "$2" ] || _wait_line 'Deassigned address 198.18.9.1' "$1 P3b"
	step "$1 $2: P4/P5 chk fails, recovers"
	touch "$LIB_TMP/fail"
	vh_wait_sole_vip 2 $WAIT || fail "$1 P4: host 2 did not take over"
	rm -f "$LIB_TMP/fail"
	vh_wait_sole_vip 1 $WAIT || fail "$1 P5: host 1 did not preempt"
	step "$1 $2: P6 stop"
	vh_term 1
	wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "$1 P6: host 1 did not stop"
	_vh_set 1 DEAD 1
	vh_wait_sole_vip 2 $WAIT || fail "$1 P6: host 2 did not take over"
	lines "$(vh_log 1)" >"$out"
	[ -z "${LOG_COMPARE_KEEP:-}" ] || cp "$(vh_log 1)" "$LOG_COMPARE_KEEP/$1$2.full"
	vh_teardown
}

rc=0
for d in ${LOG_COMPARE_DETAIL:--D none}; do
	[ "$d" = none ] && d=
	run ka "$d"
	run ours "$d"
	if ! cmp -s "$LIB_TMP/ka$d.lines" "$LIB_TMP/ours$d.lines"; then
		echo "--- log lines with '$d': keepalived 2.2.7 (-) and ours (+)"
		diff -u "$LIB_TMP/ka$d.lines" "$LIB_TMP/ours$d.lines"
		rc=1
	fi
done
case " ${LOG_COMPARE_DETAIL:--D} " in
*" -D "*)
	vh_params fam=6
	run6 ka
	run6 ours
	if ! cmp -s "$LIB_TMP/ka6.lines" "$LIB_TMP/ours6.lines"; then
		echo "--- log lines of an IPv6 instance with -D: keepalived 2.2.7 (-) and ours (+)"
		diff -u "$LIB_TMP/ka6.lines" "$LIB_TMP/ours6.lines"
		rc=1
	fi
	;;
esac
[ "$rc" = 0 ] || fail "log lines differ"
echo "log lines (ours, -D):"
sed 's/^/    /' "$LIB_TMP/ours-D.lines"
echo "PASS: vrrp_log_compare"
