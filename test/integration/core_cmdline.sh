#!/bin/sh
# keepalived 2.2.7's command-line flags and STATS_CLEAR, in one namespace
# with one instance (VRRPv3, 0.1 s, alone: it becomes Master at once):
# - -a: the addresses there at start and every later change are logged as
#   "Netlink reflector reports IP A added to|removed from IF"; the VIP and
#   the static address the daemon adds itself are not;
# - STATS_CLEAR: "Printing and clearing VRRP stats", the stats file as
#   SIGUSR2 writes it (Became master: 1), then the counters are zero (the
#   next SIGUSR2 shows Became master: 0);
# - -V: at stop no priority-0 advert (seen with tcpdump, when there is
#   one), the VIP stays on the interface;
# - the next start (here -X, into Fault: the tracked interface is down)
#   removes the VIP left behind;
# - -X: a transition caused by a signal (a reload into Fault) drops the VIPs.
# Asserts no duration (deadlines only) and uses nothing fixed on the host.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init core_cmdline
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
T=$LIB_TMP
NS=core-cmdl-$$
PEER=core-cmdl-p-$$
ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" kc0 kc1 "$PEER"
ns_veth "$NS" kt0 kt1
ip -n "$NS" link set kt0 down || fail "kt0 down"
ip -n "$NS" addr add 198.18.76.1/24 dev kc0 || fail "address"
ip -n "$PEER" addr add 198.18.76.2/24 dev kc1 || fail "peer address"
VIP=198.18.76.100

conf() { # FILE [TRACK]
	{
		echo "vrrp_instance VI_1 {"
		echo "    interface kc0"
		echo "    virtual_router_id 61"
		echo "    version 3"
		echo "    advert_int 0.1"
		echo "    priority 100"
		[ -z "${2:-}" ] || echo "    track_interface { kt0 }"
		echo "    virtual_ipaddress { $VIP/32 }"
		echo "}"
	} >"$1"
}
conf "$T/master.conf"
conf "$T/fault.conf" track
# A static address is the daemon's own change too: -a does not log it.
cp "$T/master.conf" "$T/a.conf"
echo "static_ipaddress { 198.18.78.1/32 dev kt1 }" >>"$T/a.conf"

start() { # LOG CONF FLAGS...
	_log=$1
	_conf=$2
	shift 2
	daemon_start_bg "$NS" "$T/$_log" env TMPDIR="$T" "$KEEPALIVED" -n -l -f "$_conf" "$@" \
		-p "$T/ka.pid" -r "$T/vrrp.pid" -c "$T/chk.pid" --control-socket "$T/ctl"
	PID=$LIB_LAST_PID
}
has_vip() { ip -n "$NS" -4 addr show dev kc0 | grep -q "inet $VIP/"; }
no_vip() { ! has_vip; }
logged() { grep -q "$2" "$T/$1"; }
count() { grep -c "$2" "$T/$1"; }
# More than N lines matching PATTERN in LOG, counted again at each poll.
count_above() { # LOG PATTERN N
	[ "$(count "$1" "$2")" -gt "$3" ]
}

step "-a -V: start, Master"
start a.log "$T/a.conf" -a -V
wait_for 10 logged a.log "Entering MASTER STATE" || fail "not Master"
wait_for 5 has_vip || fail "the VIP is not on kc0"
logged a.log "Netlink reflector reports IP 198.18.76.1 added to kc0" ||
	fail "-a: the address present at start was not logged"

step "-a: address changes are logged, our own VIP is not"
ip -n "$NS" addr add 198.18.77.5/24 dev kt1 || fail "add"
wait_for 5 logged a.log "Netlink reflector reports IP 198.18.77.5 added to kt1" ||
	fail "-a: the new address was not logged"
ip -n "$NS" addr del 198.18.77.5/24 dev kt1 || fail "del"
wait_for 5 logged a.log "Netlink reflector reports IP 198.18.77.5 removed from kt1" ||
	fail "-a: the removal was not logged"
! logged a.log "reports IP $VIP " || fail "-a: the VIP we added was logged"
ip -n "$NS" -4 addr show dev kt1 | grep -q "inet 198.18.78.1/" || fail "no static address"
! logged a.log "reports IP 198.18.78.1 " || fail "-a: the static address we added was logged"

step "STATS_CLEAR"
SC=$("$KEEPALIVED" --signum=STATS_CLEAR) || fail "--signum"
kill "-$SC" "$PID" || fail "STATS_CLEAR"
wait_for 5 logged a.log "Printing and clearing VRRP stats for process($PID) on signal" ||
	fail "STATS_CLEAR: no line"
wait_for 5 test -s "$T/keepalived.stats" || fail "STATS_CLEAR: no stats file"
grep -q "Became master: 1" "$T/keepalived.stats" || fail "STATS_CLEAR: the file before clearing"
rm -f "$T/keepalived.stats"
kill -USR2 "$PID"
wait_for 5 test -s "$T/keepalived.stats" || fail "SIGUSR2: no stats file"
grep -q "Became master: 0" "$T/keepalived.stats" || fail "STATS_CLEAR: the counters were kept"

step "-V: the VIP stays at stop, no priority-0 advert"
CAP=
if command -v tcpdump >/dev/null 2>&1; then
	ip netns exec "$PEER" tcpdump -i kc1 -n -l 'ip proto 112 or icmp' >"$T/cap.txt" \
		2>"$T/cap.err" &
	CAP=$!
	track_pid "$CAP"
	wait_for 5 grep -q "listening on" "$T/cap.err" || fail "tcpdump did not start"
	wait_for 5 grep -q "prio 100" "$T/cap.txt" || fail "no advert captured"
fi
daemon_stop "$PID" 5 || fail "did not stop"
logged a.log "Stopped Keepalived" || fail "no clean stop"
has_vip || fail "-V: the VIP was removed at stop"
! logged a.log "removing VIPs" || fail "-V: removing VIPs logged"
if [ -n "$CAP" ]; then
	# A ping after the stop: once tcpdump shows it, it has shown any advert before it.
	ns_exec "$NS" ping -c 1 -W 2 198.18.76.2 >/dev/null 2>&1
	wait_for 5 grep -q "ICMP echo" "$T/cap.txt" || fail "the ping after the stop not captured"
	kill -INT "$CAP"
	! grep -q "prio 0," "$T/cap.txt" || fail "-V: a priority-0 advert was sent"
fi

step "-X: the next start removes the VIP left behind (into Fault)"
start x.log "$T/fault.conf" -X
wait_for 10 logged x.log "Entering FAULT STATE" || fail "not Fault"
wait_for 5 no_vip || fail "the VIP left by -V is still there"

step "-X: a reload to Master, then one into Fault drops the VIP"
cp "$T/master.conf" "$T/fault.conf"
kill -HUP "$PID"
wait_for 10 has_vip || fail "reload: not Master"
conf "$T/fault.conf" track
n=$(count x.log "Reload complete")
kill -HUP "$PID"
wait_for 10 count_above x.log "Reload complete" "$n" || fail "second reload"
wait_for 5 no_vip || fail "-X: the VIP stayed after a reload into Fault"
daemon_stop "$PID" 5 || fail "did not stop"

echo "PASS: core_cmdline"
