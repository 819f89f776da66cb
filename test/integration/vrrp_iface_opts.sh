#!/bin/sh
# The interface keywords of a vrrp_instance at run time (issue 11), as
# keepalived 2.2.7 does them:
# - promote_secondaries: net.ipv4.conf.IF.promote_secondaries is 1 while the
#   daemon runs, and back to 0 once it stopped;
# - kernel_rx_buf_size: the instances' receive socket gets SO_RCVBUF, the
#   sum of its instances' values (checked with strace, skipped without it);
# - dont_track_primary: with the links of both instances down, the one
#   without it goes to FAULT, the one with it stays Master.
# Needs root (exit 77 otherwise). Nothing fixed on the host, no durations.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_iface_opts
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vio-$$
T=$LIB_TMP
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ns_veth "$NS" kb0 kb1
ip -n "$NS" addr add 198.18.33.1/24 dev ka0 || fail "address on ka0"
ip -n "$NS" addr add 198.18.34.1/24 dev kb0 || fail "address on kb0"

cat >"$T/ka.conf" <<CONF
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 74
    priority 255
    dont_track_primary
    promote_secondaries
    kernel_rx_buf_size 70000
    virtual_ipaddress {
        198.18.33.100/24
    }
}
vrrp_instance VI_2 {
    state MASTER
    interface ka0
    virtual_router_id 75
    priority 255
    kernel_rx_buf_size 30000
    virtual_ipaddress {
        198.18.33.101/24
    }
}
vrrp_instance VI_3 {
    state MASTER
    interface kb0
    virtual_router_id 76
    priority 255
    virtual_ipaddress {
        198.18.34.100/24
    }
}
CONF

sysctl_ps() { ip netns exec "$NS" cat "/proc/sys/net/ipv4/conf/$1/promote_secondaries"; }
[ "$(sysctl_ps ka0)" = 0 ] || fail "promote_secondaries on ka0 is not 0 to begin with"

STRACE=
command -v strace >/dev/null 2>&1 && STRACE="strace -f -e trace=setsockopt -o $T/strace.out"
# shellcheck disable=SC2086 # STRACE is a command prefix or nothing
daemon_start_bg "$NS" "$T/ka.log" $STRACE "$KEEPALIVED" -n -l -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
RUNNER=$LIB_LAST_PID
wait_for 10 test -s "$T/ka.pid" || fail "no pid file: $(cat "$T/ka.log")"
# Under strace the runner is strace: stop the daemon itself.
KA=$(pidfile_pid "$T/ka.pid")
track_pid "$KA"
for i in 1 2 3; do
	wait_for 10 grep -q "(VI_$i) Entering MASTER STATE" "$T/ka.log" ||
		fail "VI_$i never became Master: $(cat "$T/ka.log")"
done

step "promote_secondaries set while running"
[ "$(sysctl_ps ka0)" = 1 ] || fail "promote_secondaries on ka0 is $(sysctl_ps ka0), want 1"
[ "$(sysctl_ps kb0)" = 0 ] || fail "promote_secondaries set on kb0, whose instance did not ask"

if [ -n "$STRACE" ]; then
	step "kernel_rx_buf_size: SO_RCVBUF 100000 on the VRRP socket"
	grep -q "SO_RCVBUF, \[100000\]" "$T/strace.out" ||
		fail "no SO_RCVBUF 100000: $(grep RCVBUF "$T/strace.out")"
else
	step "kernel_rx_buf_size: no strace, not checked"
fi

step "dont_track_primary: links down, VI_1 stays Master, VI_3 goes to FAULT"
ip -n "$NS" link set ka0 down || fail "ka0 down"
ip -n "$NS" link set kb0 down || fail "kb0 down"
wait_for 10 grep -q "(VI_3) Entering FAULT STATE" "$T/ka.log" || fail "VI_3 not in FAULT"
wait_for 10 grep -q "(VI_2) Entering FAULT STATE" "$T/ka.log" || fail "VI_2 not in FAULT"
grep -q "(VI_1) Entering FAULT STATE" "$T/ka.log" && fail "VI_1 went to FAULT"
ip -n "$NS" addr show dev ka0 | grep -q "198.18.33.100/24" || fail "VI_1 dropped its VIP"
ip -n "$NS" link set ka0 up || fail "ka0 up"

daemon_stop "$KA" 5 || fail "did not stop"
wait_for 5 _lib_dead "$RUNNER" || fail "strace did not end"
step "promote_secondaries restored"
[ "$(sysctl_ps ka0)" = 0 ] || fail "promote_secondaries on ka0 left at $(sysctl_ps ka0)"
echo "PASS: vrrp_iface_opts"
