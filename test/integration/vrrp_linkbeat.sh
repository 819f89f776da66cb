#!/bin/sh
# linkbeat_interfaces and linkbeat_use_polling (issue 11), as keepalived
# 2.2.7 does them: the link state of a polled interface comes from asking
# the driver every second (here ETHTOOL_GLINK, the carrier), not from
# netlink, and feeds the same path (FAULT, back to Master).
# - kb0 (linkbeat_interfaces, ETHTOOL): its peer goes down and up;
#   "Linkbeat reports kb0 down" comes before VI_1's FAULT, "up" before
#   Master again;
# - kd0 (linkbeat_use_polling in VI_3): the same, by the instance keyword;
# - kb0 and kc0 (not polled) made dormant (operstate DORMANT: netlink says
#   not running, the carrier is still there): VI_2 on kc0 goes to FAULT,
#   VI_1 on kb0 stays (or is again) Master, since the driver says the link
#   is up. With netlink's state VI_1 would be in FAULT too;
# - start-up lines: the polling, an unknown interface, an unused one.
# Needs root (exit 77 otherwise). Nothing fixed on the host; no duration
# is asserted (the polling second only bounds the waits).
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_linkbeat
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vlb-$$
T=$LIB_TMP
ns_create "$NS"
for x in b c d e; do
	ns_veth "$NS" k${x}0 k${x}1
done
ip -n "$NS" addr add 198.18.37.1/24 dev kb0 || fail "address on kb0"
ip -n "$NS" addr add 198.18.38.1/24 dev kc0 || fail "address on kc0"
ip -n "$NS" addr add 198.18.39.1/24 dev kd0 || fail "address on kd0"

inst() {
	cat <<CONF
vrrp_instance VI_$1 {
    state MASTER
    interface $2
    virtual_router_id $3
    priority 255
    advert_int 0.5
$4    virtual_ipaddress {
        $5/24
    }
}
CONF
}
{
	cat <<CONF
linkbeat_interfaces {
    kb0 ETHTOOL
    ke0
    nosuch0
}
CONF
	inst 1 kb0 81 "" 198.18.37.100
	inst 2 kc0 82 "" 198.18.38.100
	inst 3 kd0 83 "    linkbeat_use_polling
" 198.18.39.100
} >"$T/ka.conf"
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
for i in 1 2 3; do
	wait_for 10 grep -q "(VI_$i) Entering MASTER STATE" "$T/ka.log" ||
		fail "VI_$i never became Master: $(cat "$T/ka.log")"
done
for line in "Using MII-BMSR/ETHTOOL NIC polling thread(s)..." \
	"unknown interface nosuch0 specified for linkbeat interface" \
	"Turning off linkbeat for ke0 since not used for tracking" \
	"(VI_3) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block"; do
	grep -qF "$line" "$T/ka.log" || fail "no line '$line': $(cat "$T/ka.log")"
done
grep -q "not acted on\|not supported" "$T/ka.log" && fail "a 'not acted on' warning"

# The line number of the first line matching $2 after line $1 (0 if none).
line_after() {
	awk -v from="$1" -v pat="$2" 'NR > from && index($0, pat) { print NR; found = 1; exit }
		END { if (!found) print 0 }' "$T/ka.log"
}

# bounce IF VI: the peer down, FAULT after the linkbeat line; up, Master after the other.
bounce() {
	start=$(wc -l <"$T/ka.log")
	ip -n "$NS" link set "${1%0}1" down || fail "${1%0}1 down"
	wait_for 10 sh -c "grep -q '($2) Entering FAULT STATE' '$T/ka.log'" || fail "$2 not in FAULT"
	lb=$(line_after "$start" "Linkbeat reports $1 down")
	fault=$(line_after "$start" "($2) Entering FAULT STATE")
	[ "$lb" -gt 0 ] && [ "$lb" -lt "$fault" ] ||
		fail "$2's FAULT without 'Linkbeat reports $1 down' first: $(cat "$T/ka.log")"
	start=$fault
	ip -n "$NS" link set "${1%0}1" up || fail "${1%0}1 up"
	wait_for 10 sh -c "[ \$(awk 'NR > $start' '$T/ka.log' | grep -c '($2) Entering MASTER STATE') -ge 1 ]" ||
		fail "$2 not Master again"
	lb=$(line_after "$start" "Linkbeat reports $1 up")
	master=$(line_after "$start" "($2) Entering MASTER STATE")
	[ "$lb" -gt 0 ] && [ "$lb" -lt "$master" ] ||
		fail "$2 Master again without 'Linkbeat reports $1 up' first: $(cat "$T/ka.log")"
}

step "kb0 (linkbeat_interfaces ETHTOOL): the link down and up, as polled"
bounce kb0 VI_1
step "kd0 (linkbeat_use_polling): the same"
bounce kd0 VI_3
grep -q "Linkbeat reports kc0" "$T/ka.log" && fail "kc0 is polled"
# A polled link's change is the poller's line, not netlink's.
grep -q "Netlink reports k[bd]0" "$T/ka.log" && fail "netlink's line for a polled link"

step "kb0 and kc0 dormant: netlink says not running, the carrier is up"
start=$(wc -l <"$T/ka.log")
for x in b c; do
	ip -n "$NS" link set k${x}0 mode dormant || fail "k${x}0 dormant"
	ip -n "$NS" link set k${x}1 down || fail "k${x}1 down"
	ip -n "$NS" link set k${x}1 up || fail "k${x}1 up"
done
wait_for 10 sh -c "ip -n '$NS' link show kc0 | grep -q 'state DORMANT'" || fail "kc0 not dormant"
ip -n "$NS" link show kb0 | grep -q "state DORMANT" || fail "kb0 not dormant"
wait_for 10 sh -c "awk 'NR > $start' '$T/ka.log' | grep -q '(VI_2) Entering FAULT STATE'" ||
	fail "VI_2 (netlink) not in FAULT: $(cat "$T/ka.log")"
has_vip() {
	ip -n "$NS" -br addr show dev kb0 | grep -q "198.18.37.100/24"
}
# Polled within a second: Master (again, if the carrier's bounce was seen) and stays.
wait_for 10 has_vip || fail "VI_1 (polled, link up) lost its VIP: $(cat "$T/ka.log")"
grep -q "Netlink reports kc0 down" "$T/ka.log" || fail "no netlink line for kc0"
last=$(grep "(VI_1) Entering" "$T/ka.log" | tail -1)
case $last in *"MASTER STATE"*) ;; *) fail "VI_1 ends in '$last'" ;; esac

daemon_stop "$KA" 5 || fail "did not stop"
echo "PASS: vrrp_linkbeat"
