#!/bin/sh
# The systemd watchdog's health check (lib/wd_health.h), read from a socket
# of ours named by NOTIFY_SOCKET (dgram_sink), with WATCHDOG_USEC=1000000:
# - WATCHDOG=1 every 250 ms while the loop is healthy;
# - none while the daemon is stopped (SIGSTOP); after SIGCONT, the late
#   keep-alive is withheld and the next ones are sent again ("resumed");
# - a loop that keeps turning but is held 900 ms at every turn (the test
#   hook KEEPALIVED_TEST_LOOP_STALL) sends none for 3 s, and says so once:
#   without the health check its keep-alive timer would still fire every
#   900 ms, within WatchdogSec, and systemd would never restart it.
# Under a real systemd the unit's Restart=on-failure then restarts it; that
# part runs only where systemd is PID 1 (skipped in containers).
# Needs root and a daemon that notifies systemd (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init sd-watchdog
lib_require_tools awk
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
SINK=${top_builddir:-.}/test/integration/dgram_sink
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
[ -x "$SINK" ] || fail "$SINK is not built"
if ! "$KEEPALIVED" -v 2>&1 | grep -q SYSTEMD_NOTIFY; then
	echo "SKIP: the daemon is built --without-systemd"
	exit 77
fi
T=$LIB_TMP
NS=sd-wd-$$
cat >"$T/k.conf" <<EOC
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 62
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.18.22.100/24
    }
}
EOC
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.22.1/24 dev ka0

pings() {
	grep -c " WATCHDOG=1" "$T/wd.msgs"
}
# more_pings N: more than N keep-alives received.
more_pings() {
	[ "$(pings)" -gt "$1" ]
}

# The loop is held from 9 s after start on: time for the first two steps.
"$SINK" "$T/wd.sock" >"$T/wd.msgs" 2>"$T/sink.log" &
track_pid $!
wait_for 5 test -S "$T/wd.sock" || fail "the sink did not start"
daemon_start_bg "$NS" "$T/wd.log" env NOTIFY_SOCKET="$T/wd.sock" WATCHDOG_USEC=1000000 \
	KEEPALIVED_TEST_LOOP_STALL=9000,900 \
	"$KEEPALIVED" -n -l -D -f "$T/k.conf" -p "$T/wd.pid" -r "$T/wd.vpid" --control-socket "$T/wd.ctl"
DPID=$LIB_LAST_PID
wait_for 5 grep -q " READY=1" "$T/wd.msgs" || fail "no READY=1"

step "a healthy loop: WATCHDOG=1 every 250 ms"
grep -q "systemd watchdog: keep-alive every 250 ms while no timer is 500 ms late" "$T/wd.log" ||
	fail "the keep-alive interval and bound are not logged"
wait_for 3 more_pings 6 || fail "fewer than 7 keep-alives in 3 s"
# Times are the sink's stamps, all on one clock.
awk '$2 == "WATCHDOG=1" { if (n++ && $1 - last > gap) gap = $1 - last; last = $1 }
	END { printf "%d keep-alives, longest gap %d ms\n", n, gap; exit !(gap < 700) }' \
	"$T/wd.msgs" || fail "keep-alives more than 700 ms apart"

step "SIGSTOP: no keep-alives; SIGCONT: withheld once, then resumed"
kill -STOP "$DPID"
n=$(pings)
sleep 1.5 # an absence needs a wait: 1.5 s would hold six keep-alives
m=$(pings)
kill -CONT "$DPID"
[ "$m" -eq "$n" ] || fail "keep-alives from a stopped daemon"
wait_for 3 grep -q "keep-alives withheld" "$T/wd.log" ||
	fail "the late keep-alive after SIGCONT was not withheld"
wait_for 3 grep -q "keep-alives resumed" "$T/wd.log" || fail "keep-alives did not resume"
n=$(pings)
wait_for 2 more_pings $((n + 2)) || fail "keep-alives did not resume"
[ "$(grep -c "keep-alives withheld" "$T/wd.log")" -eq 1 ] || fail "withheld said more than once"

step "a loop held 900 ms at every turn: no keep-alives"
wait_for 8 grep -q "test hook: the event loop stalls" "$T/wd.log" || fail "no test hook"
wait_for 8 sh -c "[ \$(grep -c 'keep-alives withheld' '$T/wd.log') -ge 2 ]" ||
	fail "a loop held back for 900 ms per turn still sends keep-alives"
n=$(pings)
sleep 3 # without the check: three or four keep-alives
m=$(pings)
[ "$m" -eq "$n" ] || fail "$((m - n)) keep-alives in 3 s from a loop held 900 ms per turn"
echo "no keep-alive in 3 s with WatchdogSec=1: systemd would restart the daemon"
daemon_stop "$DPID" 5 || fail "still running 5 s after SIGTERM"

if [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ] && [ -d /run/systemd/system ]; then
	echo "NOTE: systemd is PID 1 here, but the restart under the real unit is not tested"
else
	echo "systemd is not PID 1 here: the restart under the real unit is not tested"
fi
echo "PASS: systemd_watchdog"
exit 0
