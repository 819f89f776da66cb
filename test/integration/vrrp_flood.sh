#!/bin/sh
# A Master under a flood of lower-priority adverts (issue 10): host 1 (ours,
# VRRPv2, 1 s, priority 150, two VIPs, notify_master_rx_lower_pri) is Master;
# host 2, a third party with no daemon, sends 1,000 priority-1 adverts a
# second for 5 s for the Master's VRID (vrrp_sender). Asserted:
# - host 1 stays Master: no "Entering" line, the VIP never leaves it;
# - GARP bursts stay within one per advert interval: ARP frames from host 1
#   on the bridge during the flood <= (seconds + 2) * garp_master_repeat *
#   VIPs (keepalived 2.2.7's behaviour, a burst per advert, was 50,000);
# - notify_master_rx_lower_pri ran at most once per advert interval (the
#   script appends a line per run);
# - keepalivectl status answers during the flood, and the suppressed adverts
#   are counted in `keepalivectl stats --json` (lower_prio_suppressed).
# Needs root, tcpdump and tshark (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init vrrp_flood
ops_wrap_keepalived
SENDER=${VRRP_SENDER:-${top_builddir:-.}/test/integration/vrrp_sender}
[ -x "$SENDER" ] || fail "$SENDER is not built"

RATE=1000
SECS=5
REPEAT=5
NOTIFY_LOG=$LIB_TMP/rx_lower.lines
NOTIFY_SH=$LIB_TMP/rx_lower.sh
printf '#!/bin/sh\necho "$*" >>%s\n' "$NOTIFY_LOG" >"$NOTIFY_SH"
chmod 755 "$NOTIFY_SH"
: >"$NOTIFY_LOG"

# The GARP repeat and the script (vrrp_harness.sh's hook). The second GARP
# burst after becoming Master comes after 1 s instead of keepalived's 5 s,
# so that the wait for it to pass is short.
vh_conf_instance() {
	echo "    garp_master_repeat $REPEAT"
	echo "    garp_master_delay 1"
	echo "    notify_master_rx_lower_pri $NOTIFY_SH"
}

# One address: the flood's adverts carry it, so they pass the advert address
# check (a list that differs is dropped before the state machine sees it).
vh_params ver=2 fam=4 adv=1 nvip=1
vh_topo 2
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
vh_wait_sole_vip 1 5 || fail "host 1 does not hold the VIP"
# Past the second GARP burst (garp_master_delay, 1 s): later ARP frames are answers.
vh_wait_log 1 'Entering MASTER STATE' 1 || fail "no MASTER line"
sleep 2
N_ENTER=$(grep -c 'Entering' "$(vh_log 1)")

step "flood: $RATE priority-1 adverts a second for $SECS s from host 2"
T0=$(vh_now)
ip netns exec "$(vh_ns 2)" "$SENDER" eth0 2 198.18.1.2 224.0.0.18 - "$VH_VRID" 1 none 255 \
	198.18.1.100 $((RATE * SECS)) "$RATE" >"$LIB_TMP/sender.out" 2>&1 &
SENDER_PID=$!
track_pid "$SENDER_PID"

# While it runs: the VIP stays, and the control socket answers.
vh_wait_log 1 'Received advert from 198.18.1.2 with lower priority 1' 5 "$T0" ||
	fail "host 1 did not hear the flood"
vh_holds_vip 1 || fail "host 1 lost the VIP during the flood"
CTL_T0=$(vh_now)
ops_ctl 1 -t 2 status >"$LIB_TMP/status.out" 2>&1 || fail "keepalivectl status failed during the flood"
CTL_T1=$(vh_now)
grep -q MASTER "$LIB_TMP/status.out" || fail "status does not show MASTER: $(cat "$LIB_TMP/status.out")"
echo "keepalivectl status answered in $(vh_diff "$CTL_T1" "$CTL_T0") s during the flood"
wait_for $((SECS + 20)) _lib_dead "$SENDER_PID" || fail "the sender did not finish"
wait "$SENDER_PID" || fail "the sender failed: $(cat "$LIB_TMP/sender.out")"
T1=$(vh_now)
cat "$LIB_TMP/sender.out"
# Anything the daemon still had queued is handled within a second.
sleep 1
vh_holds_vip 1 || fail "host 1 lost the VIP after the flood"
vh_alive 1 || fail "host 1's daemon died"
[ "$(grep -c 'Entering' "$(vh_log 1)")" -eq "$N_ENTER" ] ||
	fail "host 1 changed state during the flood: $(grep 'Entering' "$(vh_log 1)" | tail -n 3)"

vh_cap_stop
# The flood, and up to its end plus a second: bursts within the bound.
SPAN=$(vh_diff "$T1" "$T0")
GARPS=$(awk -v f="$T0" -v t="$T1" '$2 == 1 && $3 == "GARP" && $1 > f + 0 && $1 < t + 1' "$VH_WIRE" | wc -l)
ADVS=$(awk -v f="$T0" -v t="$T1" '$2 == 2 && $3 == "ADV"' "$VH_WIRE" | wc -l)
MAXG=$(awk -v s="$SPAN" -v r="$REPEAT" 'BEGIN { printf "%d", (int(s) + 2) * r }')
echo "flood of $SPAN s: $ADVS adverts from host 2 captured, $GARPS GARPs from host 1 (bound $MAXG)"
# The script: at most one run per advert interval (+1 for the edges).
wait_for 5 test -s "$NOTIFY_LOG" || fail "notify_master_rx_lower_pri never ran"
sleep 1
RUNS=$(wc -l <"$NOTIFY_LOG")
MAXR=$(awk -v s="$SPAN" 'BEGIN { printf "%d", int(s) + 2 }')
echo "notify_master_rx_lower_pri ran $RUNS times (bound $MAXR)"
[ "$ADVS" -ge $((RATE * SECS / 2)) ] || fail "only $ADVS flood adverts on the wire"
[ "$GARPS" -le "$MAXG" ] || fail "$GARPS GARPs from host 1 during the flood, bound $MAXG"
[ "$GARPS" -ge "$REPEAT" ] || fail "host 1 never answered the flood ($GARPS GARPs)"
[ "$RUNS" -le "$MAXR" ] || fail "notify_master_rx_lower_pri ran $RUNS times, bound $MAXR"

ops_ctl 1 stats --json >"$LIB_TMP/stats.json" 2>&1 || fail "keepalivectl stats failed"
SUPP=$(sed -n 's/.*"lower_prio_suppressed": *\([0-9]*\).*/\1/p' "$LIB_TMP/stats.json" | head -n1)
RCVD=$(sed -n 's/.*"lower_prio_rcvd": *\([0-9]*\).*/\1/p' "$LIB_TMP/stats.json" | head -n1)
echo "lower-priority adverts: received $RCVD, unanswered $SUPP"
[ -n "$SUPP" ] && [ "$SUPP" -ge $((RATE * SECS / 2)) ] ||
	fail "lower_prio_suppressed is '$SUPP', expected most of $((RATE * SECS))"

echo "PASS: vrrp_flood"
