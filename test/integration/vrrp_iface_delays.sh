#!/bin/sh
# interface_up_down_delays (issue 11), as keepalived 2.2.7 does it: a link
# change of a listed interface is acted on only after its delay, and not at
# all if the link is back before then.
# - ka0 (down delay 60 s): the link goes down and up again; the change is
#   logged as held and VI_1 stays Master;
# - kb0 (0.2 s both ways): the link goes down and stays down; VI_2 goes to
#   FAULT once the delay has passed (logged as held first), and back to
#   Master when the link is up again.
# Needs root (exit 77 otherwise). Nothing fixed on the host; the only
# duration is the delay itself, as an order (held line, then FAULT).
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_iface_delays
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vid-$$
T=$LIB_TMP
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ns_veth "$NS" kb0 kb1
ip -n "$NS" addr add 198.18.35.1/24 dev ka0 || fail "address on ka0"
ip -n "$NS" addr add 198.18.36.1/24 dev kb0 || fail "address on kb0"

cat >"$T/ka.conf" <<CONF
interface_up_down_delays {
    ka0 60 0
    kb0 0.2
}
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 77
    priority 255
    virtual_ipaddress {
        198.18.35.100/24
    }
}
vrrp_instance VI_2 {
    state MASTER
    interface kb0
    virtual_router_id 78
    priority 255
    virtual_ipaddress {
        198.18.36.100/24
    }
}
CONF
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
for i in 1 2; do
	wait_for 10 grep -q "(VI_$i) Entering MASTER STATE" "$T/ka.log" ||
		fail "VI_$i never became Master: $(cat "$T/ka.log")"
done
grep -q "not supported" "$T/ka.log" && fail "a 'not supported' warning"

step "ka0 bounces within its delay: VI_1 stays Master"
ip -n "$NS" link set ka0 down || fail "ka0 down"
wait_for 10 grep -q "ka0: link down, acted on in 60.000000 s unless it changes back" "$T/ka.log" ||
	fail "the change of ka0 was not held: $(cat "$T/ka.log")"
ip -n "$NS" link set ka0 up || fail "ka0 up"
grep -q "(VI_1) Entering FAULT STATE" "$T/ka.log" && fail "VI_1 went to FAULT"
ip -n "$NS" addr show dev ka0 | grep -q "198.18.35.100/24" || fail "VI_1 dropped its VIP"

step "kb0 stays down past its delay: VI_2 goes to FAULT, then back"
ip -n "$NS" link set kb0 down || fail "kb0 down"
wait_for 10 grep -q "(VI_2) Entering FAULT STATE" "$T/ka.log" || fail "VI_2 not in FAULT"
held=$(grep -n "kb0: link down, acted on in 0.200000 s" "$T/ka.log" | head -1 | cut -d: -f1)
fault=$(grep -n "(VI_2) Entering FAULT STATE" "$T/ka.log" | head -1 | cut -d: -f1)
[ -n "$held" ] && [ "$held" -lt "$fault" ] || fail "FAULT without the held line first"
ip -n "$NS" link set kb0 up || fail "kb0 up"
wait_for 10 sh -c "[ \$(grep -c '(VI_2) Entering MASTER STATE' '$T/ka.log') -ge 2 ]" ||
	fail "VI_2 not Master again"
grep -q "(VI_1) Entering FAULT STATE" "$T/ka.log" && fail "VI_1 went to FAULT"

daemon_stop "$KA" 5 || fail "did not stop"
echo "PASS: vrrp_iface_delays"
