#!/bin/sh
# An instance without `interface` (issue 11): unicast only, as
# keepalived.conf(5) allows it: its socket bound to no device, adverts from
# unicast_src_ip to the peers by the routes, its VIPs on their dev.
# Host A: VI_1 without interface (VIP with dev v0), host B: VI_1 on v1.
# - A (150) Master: its VIP on v0, B Backup and hearing A's adverts;
# - A in maintenance (FAULT, priority 0 sent): B Master; back: A (nopreempt)
#   is Backup, hears B's adverts, and stays Backup past its down timer;
# - unicast_src_ip removed from v0: A logs keepalived's "entering FAULT
#   state (src address not configured)".
# (vrf VRF_IF: test/uml/vrrp_vrf.sh, this kernel may have no VRF.)
# Needs root and python3 (exit 77 otherwise). Nothing fixed on the host; no duration
# asserted.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_no_interface
lib_require_tools python3
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
CTL=${KEEPALIVED%/*}/keepalivectl
[ -x "$KEEPALIVED" ] && [ -x "$CTL" ] || fail "$KEEPALIVED is not built"
A=vnia-$$
B=vnib-$$
T=$LIB_TMP
ns_create "$A"
ns_create "$B"
ns_veth "$A" v0 v1 "$B"
ip -n "$A" addr add 198.18.43.1/24 dev v0 || fail "address on v0"
ip -n "$B" addr add 198.18.43.2/24 dev v1 || fail "address on v1"

inst() { # IFLINE SRC PEER PRIO VIPDEV
	cat <<CONF
vrrp_instance VI_1 {
    state BACKUP
$1    virtual_router_id 61
    version 3
    priority $4
    advert_int 0.5
    unicast_src_ip $2
    unicast_peer {
        $3
    }
    virtual_ipaddress {
        198.18.43.100/24$5
    }
}
CONF
}
inst "    nopreempt
" 198.18.43.1 198.18.43.2 150 " dev v0" >"$T/a.conf"
inst "    interface v1
" 198.18.43.2 198.18.43.1 100 "" >"$T/b.conf"
for h in a b; do
	ns=$A
	[ $h = b ] && ns=$B
	daemon_start_bg "$ns" "$T/$h.log" "$KEEPALIVED" -n -l -P -f "$T/$h.conf" \
		-p "$T/$h.pid" -r "$T/${h}v.pid" --control-socket="$T/$h.sock"
	eval "PID_$h=\$LIB_LAST_PID"
done

# rcvd H: VI_1's advert_rcvd on host H.
rcvd() {
	"$CTL" --socket "$T/$1.sock" stats --json 2>/dev/null |
		python3 -c 'import json, sys
for i in json.load(sys.stdin)["instances"]:
    if i["data"]["iname"] == "VI_1":
        print(i["stats"]["advert_rcvd"])' 2>/dev/null
}
state_is() { # H STATE
	"$CTL" --socket "$T/$1.sock" status 2>/dev/null | grep "VI_1" | grep -q "$2"
}
rcvd_over() { # H N
	n=$(rcvd "$1")
	[ -n "$n" ] && [ "$n" -gt "$2" ]
}
has_vip() { ip -n "$A" -br addr show dev v0 | grep -q "198.18.43.100/24"; }

step "A (no interface) Master, B Backup hearing it"
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/a.log" || fail "A not Master: $(cat "$T/a.log")"
wait_for 10 has_vip || fail "A's VIP not on v0"
wait_for 10 rcvd_over b 2 || fail "B hears no advert from A: $(rcvd b) $(cat "$T/b.log")"
grep -q "(VI_1) Entering MASTER STATE" "$T/b.log" && fail "B became Master"
grep -q "not supported" "$T/a.log" && fail "a 'not supported' warning"

step "A in maintenance: B Master; back: A Backup, hearing B"
"$CTL" --socket "$T/a.sock" maintenance VI_1 on >/dev/null || fail "maintenance on"
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/b.log" || fail "B not Master"
"$CTL" --socket "$T/a.sock" maintenance VI_1 off >/dev/null || fail "maintenance off"
wait_for 10 state_is a BACKUP || fail "A not Backup: $("$CTL" --socket "$T/a.sock" status)"
n=$(rcvd a)
wait_for 10 rcvd_over a "$n" || fail "A hears no advert from B"
n=$(rcvd a)
wait_for 10 rcvd_over a "$((n + 4))" || fail "A hears no more adverts from B"
state_is a BACKUP || fail "A left Backup: $("$CTL" --socket "$T/a.sock" status)"
[ "$(grep -c "(VI_1) Entering MASTER STATE" "$T/a.log")" = 1 ] || fail "A Master again"

step "unicast_src_ip gone from v0: A in FAULT"
ip -n "$A" addr del 198.18.43.1/24 dev v0 || fail "address off v0"
wait_for 10 grep -q "(VI_1): entering FAULT state (src address not configured)" "$T/a.log" ||
	fail "no FAULT line: $(cat "$T/a.log")"

daemon_stop "$PID_a" 5 || fail "A did not stop"
daemon_stop "$PID_b" 5 || fail "B did not stop"
echo "PASS: vrrp_no_interface"
