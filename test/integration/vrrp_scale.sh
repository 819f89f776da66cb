#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# No advert is lost or late under -D logging at 100 instances x 0.1 s.
#
# The daemon runs 100 VRRPv3 IPv4 instances (VRIDs 1-100, advert_int 0.1 s)
# as MASTER (priority 255) in one namespace, with -n -P -l -D -G and its
# console in a file; once it holds every VIP, a second copy runs the same
# VRIDs as BACKUP (priority 100) in a peer namespace on the same link. Then
# the link is captured for CAPTURE_S seconds on the backup's side and the
# test asserts:
# - every VRID's adverts come from the master's address with priority 255,
#   no consecutive two more than MAX_GAP_MS apart (the capture's edges
#   count as adverts too), and their count within 2% of window / 0.1 s;
# - nothing else VRRP is on the link (no advert from the backup);
# - the backup never became master: every backup instance logged BACKUP,
#   none "Entering MASTER STATE", and no VIP was ever added in the backup's
#   namespace (watched with ip monitor from before its start to its stop);
# - both daemons are still running at the end, and the capture lost nothing.
# Needs root, ip and tcpdump (exit 77 otherwise). $KEEPALIVED is the
# daemon under test (both roles); KEEPALIVED=keepalived checks the test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init bn-vrrp-scale
lib_require_tools awk tcpdump
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
case $KEEPALIVED in
*/*) ;;
*) KEEPALIVED=$(command -v "$KEEPALIVED") ;;
esac
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"

N=100
CAPTURE_S=${CAPTURE_S:-10}
MAX_GAP_MS=150
INTERVAL_MS=100
NS_M=bn-sm-$$
NS_B=bn-sb-$$
T=$LIB_TMP
MASTER_IP=198.18.120.1
BACKUP_IP=198.18.120.2

gen_conf() { # FILE ROLE
	awk -v role="$2" -v n="$N" 'BEGIN {
		if (role == "master") { st = "MASTER"; pr = 255; ifn = "m0" }
		else { st = "BACKUP"; pr = 100; ifn = "b0" }
		printf "global_defs {\n    router_id scale_%s\n    vrrp_version 3\n}\n", role
		for (v = 1; v <= n; v++) {
			printf "\nvrrp_instance VI_%d {\n    state %s\n    interface %s\n", v, st, ifn
			printf "    virtual_router_id %d\n    priority %d\n    advert_int 0.1\n", v, pr
			printf "    virtual_ipaddress {\n        198.19.120.%d/32\n    }\n}\n", v
		}
	}' >"$1"
}

vip_count() { # NS
	ip -n "$1" -4 -o addr show 2>/dev/null | grep -c ' 198\.19\.120\.'
}
vips_all() { # NS
	[ "$(vip_count "$1")" -eq "$N" ]
}
log_count_is() { # FILE PATTERN N
	[ "$(grep -c "$2" "$1" 2>/dev/null)" -eq "$3" ]
}
file_has() { # FILE PATTERN
	grep -q "$2" "$1" 2>/dev/null
}

start() { # NS ROLE
	daemon_start_bg "$1" "$T/$2.log" "$KEEPALIVED" -n -P -l -D -G \
		-f "$T/$2.conf" -p "$T/$2.pid" -r "$T/$2_vrrp.pid" \
		-c "$T/$2_chk.pid" -b "$T/$2_bfd.pid"
}

# Set-up -------------------------------------------------------------------------
ns_create "$NS_M"
ns_create "$NS_B"
ns_veth "$NS_M" m0 b0 "$NS_B"
ip -n "$NS_M" addr add "$MASTER_IP/24" dev m0 || fail "address on m0"
ip -n "$NS_B" addr add "$BACKUP_IP/24" dev b0 || fail "address on b0"
gen_conf "$T/master.conf" master
gen_conf "$T/backup.conf" backup

step "master: $N instances"
start "$NS_M" master
MPID=$LIB_LAST_PID
wait_for 15 vips_all "$NS_M" || fail "master holds $(vip_count "$NS_M") of $N VIPs after 15 s"
wait_for 5 log_count_is "$T/master.log" "Entering MASTER STATE" "$N" ||
	fail "$(grep -c "Entering MASTER STATE" "$T/master.log") of $N master instances logged MASTER"

# Every address added in the backup's namespace from now on; a probe address
# shows the monitor is listening before the backup starts.
ip -n "$NS_B" monitor address >"$T/monitor.out" 2>&1 &
MONPID=$!
track_pid "$MONPID"
probe_added() {
	ip -n "$NS_B" addr add 198.18.120.9/32 dev b0 2>/dev/null
	file_has "$T/monitor.out" '198\.18\.120\.9/32'
}
wait_for 5 probe_added || fail "ip monitor does not report addresses"
ip -n "$NS_B" addr del 198.18.120.9/32 dev b0

step "backup: $N instances"
start "$NS_B" backup
BPID=$LIB_LAST_PID
wait_for 15 log_count_is "$T/backup.log" "Entering BACKUP STATE" "$N" ||
	fail "$(grep -c "Entering BACKUP STATE" "$T/backup.log") of $N backup instances logged BACKUP"

# Capture ------------------------------------------------------------------------
step "capture: ${CAPTURE_S} s on the backup's link"
ip netns exec "$NS_B" tcpdump -i b0 -n -B 8192 -w "$T/link.pcap" 'ip proto 112' \
	>"$T/tcpdump.log" 2>&1 &
DUMPPID=$!
track_pid "$DUMPPID"
wait_for 5 file_has "$T/tcpdump.log" "listening on" || fail "tcpdump did not start"
mlines0=$(wc -l <"$T/master.log") blines0=$(wc -l <"$T/backup.log")
sleep "$CAPTURE_S"
mlines1=$(wc -l <"$T/master.log") blines1=$(wc -l <"$T/backup.log")
kill -TERM "$DUMPPID"
wait_for 5 file_has "$T/tcpdump.log" "packets captured" || fail "tcpdump did not stop"

pid_alive "$MPID" || fail "the master exited during the capture"
pid_alive "$BPID" || fail "the backup exited during the capture"

step "stopping the backup, then the master"
daemon_stop "$BPID" 5 || fail "the backup did not stop within 5 s"
kill -TERM "$MONPID"
daemon_stop "$MPID" 5 || fail "the master did not stop within 5 s"

# Checks -------------------------------------------------------------------------
dropped=$(awk '/dropped by kernel/ { print $1 }' "$T/tcpdump.log")
[ "${dropped:-x}" = 0 ] || fail "the capture dropped ${dropped:-?} packets: cannot judge"

step "backup never master"
n_master=$(grep -c "Entering MASTER STATE" "$T/backup.log")
[ "$n_master" -eq 0 ] || fail "the backup entered MASTER $n_master times: $(grep -m 3 "Entering MASTER STATE" "$T/backup.log")"
if grep -q '198\.19\.120\.' "$T/monitor.out"; then
	fail "VIPs appeared on the backup: $(grep -m 3 '198\.19\.120\.' "$T/monitor.out")"
fi

step "every VRID every ${INTERVAL_MS} ms"
tcpdump -r "$T/link.pcap" -n -tt 2>/dev/null >"$T/link.txt"
[ -s "$T/link.txt" ] || fail "nothing captured"
# Print one line per problem; nothing if all is well.
awk -v n="$N" -v src="$MASTER_IP" -v maxgap="$MAX_GAP_MS" -v ivl="$INTERVAL_MS" '
	{
		t = $1 * 1000
		if (NR == 1) first = t
		last = t
		vrid = -1; prio = -1
		for (i = 2; i < NF; i++) {
			# "vrid 5," -> 5 (numeric, not the string "5,")
			if ($i == "vrid") vrid = $(i + 1) + 0
			if ($i == "prio") prio = $(i + 1) + 0
		}
		if ($3 != src) { other++; if (other <= 3) print "not from the master: " $0; next }
		if (prio != 255) { badprio++; if (badprio <= 3) print "priority not 255: " $0; next }
		if (vrid < 1 || vrid > n) { print "unexpected VRID: " $0; next }
		if (cnt[vrid]++ == 0) firstv[vrid] = t
		else if (t - prev[vrid] > worst[vrid]) { worst[vrid] = t - prev[vrid]; worst_at[vrid] = t }
		prev[vrid] = t
	}
	END {
		window = last - first
		expect = window / ivl
		late = 0
		for (v = 1; v <= n; v++) {
			if (!(v in cnt)) { print "VRID " v ": no advert"; continue }
			# The capture edges count: an advert due just inside the
			# window must be in it.
			if (firstv[v] - first > worst[v]) { worst[v] = firstv[v] - first; worst_at[v] = firstv[v] }
			if (last - prev[v] > worst[v]) { worst[v] = last - prev[v]; worst_at[v] = last }
			if (worst[v] > maxgap)
				printf "VRID %d: gap of %.1f ms ending at +%.3f s\n", v, worst[v],
					(worst_at[v] - first) / 1000
			if (cnt[v] < expect * 0.98 || cnt[v] > expect * 1.02 + 1)
				printf "VRID %d: %d adverts in %.3f s, expected %.1f (2%%)\n", v, cnt[v],
					window / 1000, expect
			if (worst[v] > maxw) maxw = worst[v]
			total += cnt[v]
		}
		printf "summary: %d adverts, %.3f s, worst gap %.1f ms, %.2f adverts/VRID/s\n",
			total, window / 1000, maxw, total / n / (window / 1000) >"/dev/stderr"
	}' "$T/link.txt" >"$T/problems.txt" 2>"$T/summary.txt"
cat "$T/summary.txt"
echo "log lines during the capture: master $((mlines1 - mlines0)), backup $((blines1 - blines0))"
if [ -s "$T/problems.txt" ]; then
	echo "$(wc -l <"$T/problems.txt") problems, first 20:"
	head -n 20 "$T/problems.txt"
	fail "adverts lost, late or foreign on the link"
fi
echo "PASS: $N instances, every advert on time"
