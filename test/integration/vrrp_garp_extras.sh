#!/bin/sh
# The GARP keywords beyond a new Master's announcement (issue 11), on one
# daemon of ours (host 1, VRRPv2, 1 s, priority 150, VIP 198.18.1.100 on
# eth0, excluded address 198.18.2.100 on a second interface ex0); host 2
# runs no daemon and injects one lower-priority advert (vrrp_sender).
# Asserted, from captures on the bridge (eth0) and on ex0:
# - vrrp_startup_delay 2: "Delaying startup for 2 seconds" is logged and the
#   first advert comes no earlier than 2 s + Master_Down_Interval after the
#   start (without the delay: Master_Down_Interval);
# - garp_group { garp_interval 0.3; interface eth0 }: the 3 GARPs of
#   becoming Master (garp_master_repeat 3) for the VIP are >= 0.3 s apart
#   (those on ex0, not in the group, are not paced);
# - garp_extra_if all 1: while Master, a GARP for 198.18.2.100 on ex0 every
#   second after the initial burst;
# - garp_lower_prio_repeat 2, garp_lower_prio_delay 2: after the injected
#   priority-1 advert, 2 GARPs for the VIP within a second, and 2 more about
#   2 s later, then none (no refresh).
# Needs root, tcpdump and tshark (exit 77 otherwise). About 15 s.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_garp_extras
SENDER=${VRRP_SENDER:-${top_builddir:-.}/test/integration/vrrp_sender}
[ -x "$SENDER" ] || fail "$SENDER is not built"

vh_conf_top() {
	echo "global_defs {"
	echo "    vrrp_startup_delay 2"
	echo "}"
	echo "garp_group {"
	echo "    garp_interval 0.3"
	echo "    interface eth0"
	echo "}"
}
vh_conf_instance() {
	echo "    garp_master_repeat 3"
	echo "    garp_master_delay 0"
	echo "    garp_lower_prio_repeat 2"
	echo "    garp_lower_prio_delay 2"
	echo "    garp_extra_if all 1"
	echo "    virtual_ipaddress_excluded {"
	echo "        198.18.2.100/24 dev ex0"
	echo "    }"
}

vh_params ver=2 fam=4 adv=1 nvip=1
vh_topo 2
NS1=$(vh_ns 1)
# The second interface of host 1, captured from its peer.
ip -n "$NS1" link add ex0 type veth peer name ex1 || fail "veth ex0"
ip -n "$NS1" link set ex0 up && ip -n "$NS1" link set ex1 up || fail "ex0 up"
ip -n "$NS1" addr add 198.18.2.1/24 dev ex0 || fail "address on ex0"
EX_PCAP=$LIB_TMP/ex1.pcap
daemon_start_bg "$NS1" "$LIB_TMP/ex1.out" tcpdump -i ex1 -n -U -s 128 -w "$EX_PCAP" arp
EX_CAP=$LIB_LAST_PID
wait_for 10 grep -qs 'listening on' "$LIB_TMP/ex1.out" || fail "tcpdump on ex1 did not start"

# GARPs for IP (who-has IP tell IP) in the pcap FILE after time AFTER.
garps() { # FILE IP AFTER
	tcpdump -r "$1" -tt -n arp 2>/dev/null |
		awk -v ip="$2" -v t="$3" '$1 + 0 > t + 0 && $5 == ip && index($0, "tell " ip ",")' | wc -l
}
garps_ge() { [ "$(garps "$1" "$2" "$3")" -ge "$4" ]; }

step "start host 1 with vrrp_startup_delay 2"
T0=$(vh_now)
vh_start 1 ours prio=150
vh_wait_log 1 'Delaying startup for 2 seconds' 5 || fail "no startup delay line"
vh_wait_master_log 1 12 "$T0" || fail "host 1 never became Master"

# The initial burst: 3 GARPs for the VIP (paced) and 3 on ex0.
wait_for 3 garps_ge "$VH_PCAP" 198.18.1.100 "$T0" 3 || fail "no initial GARP burst on eth0"

step "inject one priority-1 advert from host 2"
# Past the initial burst and the first periodic ex0 message.
wait_for 4 garps_ge "$EX_PCAP" 198.18.2.100 "$T0" 4 || fail "no periodic GARP on ex0"
TI=$(vh_now)
ip netns exec "$(vh_ns 2)" "$SENDER" eth0 2 198.18.1.2 224.0.0.18 - "$VH_VRID" 1 none 255 \
	198.18.1.100 1 0 >"$LIB_TMP/sender.out" 2>&1 || fail "vrrp_sender: $(cat "$LIB_TMP/sender.out")"
vh_wait_log 1 'Received advert from 198.18.1.2 with lower priority 1' 3 "$TI" ||
	fail "host 1 did not hear the lower-priority advert"
# Immediate burst, then the delayed one about 2 s later.
wait_for 5 garps_ge "$VH_PCAP" 198.18.1.100 "$TI" 4 || fail "fewer than 4 GARPs after the advert"
# One periodic period more, to see that nothing follows the delayed burst.
wait_for 3 garps_ge "$EX_PCAP" 198.18.2.100 "$(vh_now)" 1 || fail "ex0 went quiet"
TE=$(vh_now)
vh_alive 1 || fail "host 1's daemon died"
kill -INT "$EX_CAP" 2>/dev/null
wait_for 5 _lib_dead "$EX_CAP" || kill -KILL "$EX_CAP" 2>/dev/null
vh_cap_stop

# Startup delay: the first advert waited 2 s more than Master_Down_Interval.
FA=$(vh_adv_first 1 "$T0")
[ -n "$FA" ] || fail "no advert from host 1"
MDI=$(vh_mdi 150)
echo "first advert $(vh_diff "$FA" "$T0") s after the start (Master_Down_Interval $MDI s)"
awk -v a="$FA" -v t="$T0" -v m="$MDI" 'BEGIN { exit !(a - t >= 2 + m - 0.2) }' ||
	fail "the first advert came $(vh_diff "$FA" "$T0") s after the start: no startup delay"

# garp_group pacing: the initial burst on eth0 spaced by >= 0.3 s (10 ms slack).
awk -v f="$T0" -v t="$TI" '$2 == 1 && $3 == "GARP" && $4 == "198.18.1.100" && $1 > f && $1 < t { print $1 }' \
	"$VH_WIRE" >"$LIB_TMP/initial"
[ "$(wc -l <"$LIB_TMP/initial")" -eq 3 ] ||
	fail "initial burst: $(wc -l <"$LIB_TMP/initial") GARPs on eth0, expected 3"
awk 'NR > 1 { g = $1 - p; if (g < 0.29) bad = 1; printf "gap %.3f s\n", g } { p = $1 } END { exit bad }' \
	"$LIB_TMP/initial" || fail "GARPs on eth0 closer than garp_interval 0.3"
# Not paced on ex0: the initial three within 0.1 s.
tcpdump -r "$EX_PCAP" -tt -n arp 2>/dev/null |
	awk -v ip=198.18.2.100 '$5 == ip && index($0, "tell " ip ",") { print $1 }' \
	>"$LIB_TMP/ex0"
awk 'NR == 1 { f = $1 } NR == 3 { exit !($1 - f < 0.1) }' "$LIB_TMP/ex0" ||
	fail "the initial ex0 GARPs were paced: $(head -n 3 "$LIB_TMP/ex0" | tr '\n' ' ')"

# garp_extra_if: after the initial burst about one a second on ex0, plus the
# address's share of the two lower-priority bursts (2 + 2).
F=$(head -n 1 "$LIB_TMP/ex0")
NPER=$(awk -v f="$F" -v t="$TE" '$1 > f + 0.5 && $1 < t' "$LIB_TMP/ex0" | wc -l)
NPER=$((NPER - 4))
SPAN=$(vh_diff "$TE" "$F")
echo "garp_extra_if: $NPER periodic GARPs on ex0 in $SPAN s"
awk -v n="$NPER" -v s="$SPAN" 'BEGIN { exit !(n >= int(s) - 1 && n <= int(s) + 1) }' ||
	fail "$NPER periodic GARPs on ex0 in $SPAN s, expected one a second"

# garp_lower_prio_*: 2 now, 2 about 2 s later, nothing else.
awk -v t="$TI" '$2 == 1 && $3 == "GARP" && $4 == "198.18.1.100" && $1 > t { print $1 - t }' \
	"$VH_WIRE" >"$LIB_TMP/lower"
echo "GARPs after the lower-priority advert (s): $(tr '\n' ' ' <"$LIB_TMP/lower")"
NOW=$(awk '$1 < 1' "$LIB_TMP/lower" | wc -l)
LATER=$(awk '$1 >= 1.5 && $1 < 3' "$LIB_TMP/lower" | wc -l)
ALL=$(wc -l <"$LIB_TMP/lower")
[ "$NOW" -eq 2 ] && [ "$LATER" -eq 2 ] && [ "$ALL" -eq 4 ] ||
	fail "after the lower-priority advert: $NOW GARPs within 1 s, $LATER at 1.5-3 s, $ALL in all (expected 2, 2, 4)"

echo "PASS: vrrp_garp_extras"
