#!/bin/sh
# `keepalivectl monitor` (the VRRP segment monitor) on a bridge, from a host
# that runs no daemon, live with --json, then --read on the capture of the
# same segment. The segment:
#   host 1  ours, VRID 51, v3, 1 s, priority 150, Master (two VIPs)
#   host 2  keepalived 2.2.7, VRID 51, priority 100, Backup (sends nothing)
#   host 3  keepalived 2.2.7, VRID 52, v2, 2 s, PASS, Master
#   host 4  vrrp_sender: crafted adverts (below)
#   host 5  the monitor
#   host 6  FRR vrrpd, VRID 53, v3 IPv6, 0.5 s (only if FRR is installed)
# Steps and what the monitor must report:
#   - every sender with its priority, interval, version, auth and addresses;
#   - host 1 stopped (SIGSTOP) for 1.8 s: late adverts from 198.18.1.1;
#   - host 4 sends three VRID 51 priority-50 adverts with one VIP, a second
#     apart, from 198.18.1.4: two masters (198.18.1.1 and .4), address
#     lists differ;
#   - one v2 advert without authentication for VRID 52 from 198.18.1.41
#     (1 s): authentication and intervals differ; one v3 advert from
#     198.18.1.42: versions differ;
#   - a v3 advert with TTL 64 from 198.18.1.43 and one with a bad checksum
#     from 198.18.1.44 (VRID 52): bad TTL, bad checksum;
#   - --read on tcpdump's capture reports the same, once, at the end.
# No duration is asserted (the late advert is 1.8 s or more against 1.5 s;
# host 2 would take over after 3.6 s); everything is in its own namespaces.
# Needs root, keepalived 2.2.7, tcpdump and jq (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_monitor
vh_need_keepalived
lib_require_tools jq
CTL=${KEEPALIVECTL:-${top_builddir:-.}/keepalived/keepalivectl}
SENDER=${VRRP_SENDER:-${top_builddir:-.}/test/integration/vrrp_sender}
[ -x "$CTL" ] || fail "$CTL is not built"
[ -x "$SENDER" ] || fail "$SENDER is not built"
FRR=
[ -x "$VH_FRR/zebra" ] && [ -x "$VH_FRR/vrrpd" ] && id frr >/dev/null 2>&1 && FRR=1

NHOSTS=5
[ -n "$FRR" ] && NHOSTS=6
vh_params ver=3 fam=4 adv=1 vrid=51 nvip=2
vh_topo "$NHOSTS"
ip -n "$(vh_ns 4)" addr add 198.18.1.41/24 dev eth0 || fail "address on host 4"
for a in 42 43 44; do
	ip -n "$(vh_ns 4)" addr add "198.18.1.$a/24" dev eth0 || fail "address on host 4"
done

MON=$LIB_TMP/monitor.json
daemon_start_bg "$(vh_ns 5)" "$MON" "$CTL" monitor eth0 --json
MON_PID=$LIB_LAST_PID
# The first snapshot comes a second after the capture is live.
wait_for 5 test -s "$MON" || fail "no snapshot from the monitor"

# jq over the last complete snapshot; true if the filter yields true.
mon_has() {
	tail -n 2 "$MON" | jq -se "last | $1" >/dev/null 2>&1
}
# The filter for VRID $1 of family $2: .routers, .problems.
vrid() { echo ".[] | select(.vrid == $1 and .family == \"${2:-ipv4}\")"; }
router() { echo "$(vrid "$1" "${3:-}") | .routers[] | select(.source == \"$2\")"; }
# A problem of VRID $1 that starts with $2 (and holds $3).
problem() {
	echo "[$(vrid "$1") | .problems[] | select(startswith(\"$2\") and contains(\"${3:-}\"))] |
		length > 0"
}
expect() { # WHAT TIMEOUT FILTER
	wait_for "$2" mon_has "$3" || fail "monitor: no $1 (filter: $3); last snapshot:
$(tail -n 1 "$MON")"
	echo "seen: $1"
}

step "daemons: ours and keepalived on VRID 51, keepalived on VRID 52${FRR:+, FRR on VRID 53}"
vh_start 1 ours prio=150 state=MASTER
vh_start 2 ka prio=100
VH_VRID=52
vh_start 3 ka prio=100 state=MASTER ver=2 adv=2 auth=secret1
if [ -n "$FRR" ]; then
	VH_VRID=53 VH_FAM=6
	vh_start 6 frr prio=100 adv=0.5
	VH_FAM=4
fi
VH_VRID=51

expect "ours as VRID 51 sender" 10 "[$(router 51 198.18.1.1)] | .[0] | .priority == 150 and
	.interval == 1 and .version == 3 and .auth == \"none\" and .advertising and
	(.addresses | sort) == [\"198.18.1.100\", \"198.18.1.101\"]"
expect "keepalived as VRID 52 sender" 10 "[$(router 52 198.18.1.3)] | .[0] | .priority == 100
	and .interval == 2 and .version == 2 and .auth == \"pass\" and .advertising"
if [ -n "$FRR" ]; then
	expect "FRR as VRID 53 IPv6 sender" 10 "[$(router 53 "$(_vh_get 6 SRC)" ipv6)] | .[0] |
		.priority == 100 and .interval == 0.5 and .version == 3 and .advertising and
		.addresses == [\"fd00::100\", \"fd00::101\"]"
fi
mon_has "[$(vrid 51) | .routers[]] | length == 1" || fail "host 2, a Backup, is listed"
mon_has "[.[] | .problems[]] | length == 0" || fail "problems on a healthy segment:
$(tail -n 1 "$MON")"

step "host 1 stopped for 1.8 s: late adverts"
# Just after one of its adverts, so that the next one is due while it is stopped.
_n=$(tail -n 1 "$MON" | jq "[$(router 51 198.18.1.1)] | .[0].adverts")
wait_for 3 mon_has "[$(router 51 198.18.1.1)] | .[0].adverts > $_n" ||
	fail "host 1 does not advertise"
vh_sigstop 1
sleep 1.8 # the fault itself, not a wait for a result
vh_sigcont 1
expect "late adverts of host 1" 5 "$(problem 51 "late adverts from 198.18.1.1: ")"
vh_holds_vip 2 && fail "host 2 took over: the stop was too long to be a late advert"

step "host 4: crafted adverts"
ip netns exec "$(vh_ns 4)" "$SENDER" eth0 3 198.18.1.4 224.0.0.18 - 51 50 none 255 \
	198.18.1.100 3 1 >"$LIB_TMP/sender.log" 2>&1 &
SENDER_PID=$!
track_pid "$SENDER_PID"
ip netns exec "$(vh_ns 4)" "$SENDER" eth0 2 198.18.1.41 224.0.0.18 - 52 50 none 255 \
	198.18.1.100 1 1 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
ip netns exec "$(vh_ns 4)" "$SENDER" eth0 3 198.18.1.42 224.0.0.18 - 52 50 none 255 \
	198.18.1.100 1 1 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
# Adverts that receivers drop: TTL 64 to the group; a v3 checksum over
# another destination.
ip netns exec "$(vh_ns 4)" "$SENDER" eth0 3 198.18.1.43 224.0.0.18 - 52 50 none 64 \
	198.18.1.100 1 1 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
ip netns exec "$(vh_ns 4)" "$SENDER" eth0 3 198.18.1.44 224.0.0.18 198.18.1.99 52 50 none \
	255 198.18.1.100 1 1 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
expect "two masters on VRID 51" 8 \
	"$(problem 51 "two masters: 198.18.1.1 (priority 150) and 198.18.1.4 (priority 50)")"
expect "address lists differing on VRID 51" 2 \
	"$(problem 51 "address lists differ: " "(198.18.1.4)")"
expect "authentication differing on VRID 52" 2 \
	"$(problem 52 "authentication differ: pass (198.18.1.3); none (198.18.1.41, 198.18.1.42)")"
expect "intervals differing on VRID 52" 2 \
	"$(problem 52 "advertisement intervals differ: 2.00 s (198.18.1.3); 1.00 s")"
expect "versions differing on VRID 52" 2 \
	"$(problem 52 "versions differ: v2 (198.18.1.3, 198.18.1.41); v3 (198.18.1.42)")"
expect "bad TTL on VRID 52" 2 "$(problem 52 "bad TTL from 198.18.1.43: 1 multicast adverts with TTL 64")"
expect "bad checksum on VRID 52" 2 "$(problem 52 "bad checksum from 198.18.1.44: 1 adverts")"
mon_has "[$(vrid 51) | .problems[] | select(test(\"late adverts from 198.18.1.4\"))] | length == 0" ||
	fail "host 4's first advert counted late"

# All three in the capture too: tcpdump may hold the last ones when stopped.
wait "$SENDER_PID" || fail "vrrp_sender failed"
_captured() {
	[ "$(tcpdump -r "$VH_PCAP" -n 'src host 198.18.1.4 and ip proto 112' 2>/dev/null |
		wc -l)" -ge 3 ]
}
wait_for 5 _captured || fail "the capture lacks host 4's adverts"

step "SIGINT ends the monitor"
kill -INT "$MON_PID"
wait_for 3 _lib_dead "$MON_PID" || fail "the monitor did not stop on SIGINT"
LIVE=$(tail -n 1 "$MON")

step "--read on the capture of the segment"
kill -INT "$VH_CAP_PID"
wait_for 5 _lib_dead "$VH_CAP_PID" || fail "tcpdump did not stop"
VH_CAP_PID=
READ=$LIB_TMP/read.json
"$CTL" monitor --read "$VH_PCAP" --json >"$READ" || fail "monitor --read failed"
[ "$(wc -l <"$READ")" = 1 ] || fail "--read printed more than one line"
MON=$READ
for f in \
	"$(problem 51 "two masters: 198.18.1.1 (priority 150) and 198.18.1.4")" \
	"$(problem 51 "late adverts from 198.18.1.1: ")" \
	"$(problem 51 "address lists differ")" \
	"$(problem 52 "authentication differ")" \
	"$(problem 52 "versions differ")" \
	"$(problem 52 "advertisement intervals differ")" \
	"$(problem 52 "bad TTL from 198.18.1.43")" \
	"$(problem 52 "bad checksum from 198.18.1.44")" \
	"[$(router 52 198.18.1.3)] | .[0] | .version == 2 and .auth == \"pass\""; do
	mon_has "$f" || fail "--read: not found: $f
$(cat "$READ")"
done
# The same senders as live (the counts may differ by the last second).
[ "$(echo "$LIVE" | jq -c '[.[] | {vrid, family, s: [.routers[].source]}]')" = \
	"$(jq -c '[.[] | {vrid, family, s: [.routers[].source]}]' "$READ")" ] ||
	fail "--read and live differ: $LIVE / $(cat "$READ")"
echo "--read: $(jq -c '[.[] | {vrid, n: (.problems | length)}]' "$READ")"

echo "PASS: vrrp_monitor"
