#!/bin/sh
# The systemd side of the service:
# - the unit as make generated it (conf/keepalived.service), and the other
#   variant of the template (Type=notify unless --without-systemd, else
#   Type=forking), pass systemd-analyze verify without a word, their
#   Documentation= man pages included (skipped without systemd-analyze);
# - its CapabilityBoundingSet= is the list of capabilities the daemon keeps
#   (keepalived/core/privs.c), it has NoNewPrivileges=, ProtectSystem=full,
#   ProtectHome=read-only and RestrictAddressFamilies=, not PrivateTmp= nor
#   ProtectKernelTunables= (dumps and FIFOs in /tmp, use_vmac's sysctls), and
#   systemd-analyze security --offline rates its exposure below 6.0 (5.5;
#   9.6 without the sandboxing);
# and what the daemon tells systemd (unless built --without-systemd; skipped
# otherwise), read from a socket of ours named by NOTIFY_SOCKET, as under a
# Type=notify unit:
# - READY=1 once started, RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 on
#   SIGTERM;
# - with WATCHDOG_USEC=200000 (WatchdogSec=0.2), WATCHDOG=1 every 50 ms:
#   at least 8 in one second and never 200 ms apart, before and after a
#   reload;
# - none when WATCHDOG_PID names another process, or WATCHDOG_USEC is unset.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init systemd
lib_require_tools awk
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
SINK=${top_builddir:-.}/test/integration/dgram_sink
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
[ -x "$SINK" ] || fail "$SINK is not built"
SRC=${top_srcdir:-$(dirname "$0")/../..}
UNIT=${top_builddir:-.}/conf/keepalived.service
[ -f "$UNIT" ] || fail "$UNIT is not built"
T=$LIB_TMP

# The unit ------------------------------------------------------------------------
# verify FILE: systemd-analyze verify FILE, with the daemon's path pointing
# at the one under test and man pages from the source tree; silent, 0.
verify() {
	mkdir -p "$T/verify" "$T/man/man5" "$T/man/man8"
	for _page in keepalived.8 keepalivectl.8 keepalived.conf.5; do
		ln -sf "$(cd "$SRC/doc/man" && pwd)/$_page" "$T/man/man${_page##*.}/$_page"
	done
	sed "s|^ExecStart=[^ ]*/keepalived |ExecStart=$(cd "$(dirname "$KEEPALIVED")" && pwd)/keepalived |" \
		"$1" >"$T/verify/keepalived.service"
	MANPATH=$T/man systemd-analyze verify "$T/verify/keepalived.service" >"$T/verify.out" 2>&1 &&
		! [ -s "$T/verify.out" ]
}

if command -v systemd-analyze >/dev/null 2>&1 && command -v man >/dev/null 2>&1; then
	step "the unit verifies"
	grep -q "^ExecStart=.*/keepalived " "$UNIT" || fail "no ExecStart in $UNIT"
	grep -q "@" "$UNIT" && fail "unexpanded @word@ in $UNIT"
	verify "$UNIT" || fail "systemd-analyze verify $UNIT: $(cat "$T/verify.out")"
	if grep -q "^Type=notify" "$UNIT"; then
		OTHER=forking DROP=notify
		grep -q -- "--dont-fork" "$UNIT" || fail "Type=notify without --dont-fork"
	else
		OTHER=notify DROP=forking
		grep -q "^PIDFile=/run/keepalived.pid" "$UNIT" || fail "Type=forking without PIDFile="
	fi
	step "the Type=$OTHER variant verifies"
	sed -e "s|@sbindir@|/usr/sbin|g" -e "s|@sysconfdir@|/etc|g" \
		-e "s|@defaultsfile@|/etc/default/keepalived|g" -e "s|@pidfile@|/run/keepalived.pid|g" \
		-e "s|^@$OTHER@||" -e "/^@$DROP@/d" "$SRC/conf/keepalived.service.in" >"$T/other.service"
	grep -q "^Type=$OTHER" "$T/other.service" || fail "no Type=$OTHER in the template"
	verify "$T/other.service" || fail "systemd-analyze verify (Type=$OTHER): $(cat "$T/verify.out")"

	step "the unit confines the service"
	# The bounding set is the list the daemon keeps (privs.c), no more, no less.
	want=$(sed -n 's/^[[:space:]]*{ \(CAP_[A-Z_]*\), .*/\1/p' "$SRC/keepalived/core/privs.c" | sort | tr '\n' ' ')
	have=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT" | tr ' ' '\n' | sort | tr '\n' ' ')
	[ -n "$want" ] || fail "no capability list in privs.c"
	[ "$have" = "$want" ] || fail "CapabilityBoundingSet is '$have', the daemon keeps '$want'"
	for opt in NoNewPrivileges=yes ProtectSystem=full ProtectHome=read-only \
		"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET"; do
		grep -qx "$opt" "$UNIT" || fail "no $opt in $UNIT"
	done
	# The options the features need stay off: shared /tmp (dumps, FIFOs),
	# writable /proc/sys (use_vmac).
	grep -Eq "^(PrivateTmp|ProtectKernelTunables)=" "$UNIT" && fail "a sandboxing option breaks a feature"
	if systemd-analyze security --help 2>&1 | grep -q -- --offline; then
		systemd-analyze security --offline=yes "$T/verify/keepalived.service" >"$T/security.out" 2>&1
		level=$(sed -n 's/.*Overall exposure level for keepalived.service: \([0-9.]*\).*/\1/p' "$T/security.out")
		echo "systemd-analyze security: exposure $level"
		[ -n "$level" ] || fail "no exposure level: $(tail -n 3 "$T/security.out")"
		awk -v l="$level" 'BEGIN { exit !(l < 6.0) }' || fail "exposure $level, expected below 6.0"
	fi
else
	step "systemd-analyze or man missing: the unit is not verified"
fi

if ! "$KEEPALIVED" -v 2>&1 | grep -q SYSTEMD_NOTIFY; then
	echo "SKIP: the daemon is built --without-systemd"
	exit 77
fi

NS=pkg-sdn-$$
cat >"$T/k.conf" <<EOF
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 61
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.18.21.100/24
    }
}
EOF
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.21.1/24 dev ka0

# notify_start NAME ENV...: a sink at $T/NAME.sock logging to $T/NAME.msgs,
# and the daemon in the foreground with NOTIFY_SOCKET and ENV; $DPID.
notify_start() {
	_name=$1
	shift
	"$SINK" "$T/$_name.sock" >"$T/$_name.msgs" 2>"$T/$_name-sink.log" &
	track_pid $!
	wait_for 5 test -S "$T/$_name.sock" || fail "$_name: the sink did not start"
	daemon_start_bg "$NS" "$T/$_name.log" env NOTIFY_SOCKET="$T/$_name.sock" "$@" \
		"$KEEPALIVED" -n -l -D -f "$T/k.conf" -p "$T/$_name.pid" -r "$T/$_name.vpid" \
		--control-socket "$T/$_name.ctl"
	DPID=$LIB_LAST_PID
	wait_for 5 grep -q " READY=1" "$T/$_name.msgs" || fail "$_name: no READY=1"
}

# watchdog_check FILE FROM_MS TO_MS: the WATCHDOG=1 times in FILE between
# FROM and TO: at least 8 per second, no gap of 200 ms or more.
watchdog_check() {
	awk -v from="$2" -v to="$3" '
		$2 == "WATCHDOG=1" && $1 >= from && $1 <= to {
			if (n > 0 && $1 - last > gap) gap = $1 - last
			last = $1; n++
		}
		END {
			span = (to - from) / 1000
			printf "%d keep-alives in %.1f s, longest gap %d ms\n", n, span, gap
			exit !(n >= 8 * span && gap < 200)
		}' "$1"
}

# seen_after FILE MS: FILE has a message stamped after MS.
seen_after() {
	awk -v t="$2" '$1 > t { found = 1 } END { exit !found }' "$1"
}

step "READY, RELOADING, STOPPING and WATCHDOG=1 with WATCHDOG_USEC=200000"
notify_start wd WATCHDOG_USEC=200000
wait_for 2 grep -q " WATCHDOG=1" "$T/wd.msgs" || fail "no WATCHDOG=1"
# Times are the sink's stamps, all on one clock.
START=$(awk '$2 == "WATCHDOG=1" { print $1; exit }' "$T/wd.msgs")
wait_for 3 seen_after "$T/wd.msgs" $((START + 1500)) || fail "keep-alives stopped"
watchdog_check "$T/wd.msgs" "$START" $((START + 1500)) || fail "keep-alives too slow"
grep -q "systemd watchdog" "$T/wd.log" || fail "the keep-alive interval is not logged"

kill -HUP "$DPID"
wait_for 5 grep -q "Reload complete" "$T/wd.log" || fail "no 'Reload complete'"
wait_for 5 sh -c "grep -A1000 ' RELOADING=1' '$T/wd.msgs' | grep -q ' READY=1'" ||
	fail "no RELOADING=1 followed by READY=1"
RELOAD=$(awk '$2 == "RELOADING=1" { print $1; exit }' "$T/wd.msgs")
grep -q " RELOADING=1 MONOTONIC_USEC=[0-9]" "$T/wd.msgs" || fail "RELOADING=1 without MONOTONIC_USEC"
wait_for 3 seen_after "$T/wd.msgs" $((RELOAD + 1500)) || fail "keep-alives stopped after reload"
watchdog_check "$T/wd.msgs" "$RELOAD" $((RELOAD + 1500)) || fail "keep-alives stopped after reload"

daemon_stop "$DPID" 2 || fail "still running 2 s after SIGTERM"
wait_for 2 grep -q " STOPPING=1" "$T/wd.msgs" || fail "no STOPPING=1"
awk '$2 == "STOPPING=1" { s = 1 } s && $2 == "WATCHDOG=1" { exit 1 }' "$T/wd.msgs" ||
	fail "WATCHDOG=1 after STOPPING=1"

# An absence needs a wait: after READY=1, 0.6 s would hold six keep-alives,
# and the first is sent with READY=1.
step "no keep-alives for another process's watchdog"
notify_start other WATCHDOG_USEC=200000 WATCHDOG_PID=1
sleep 0.6
grep -q " WATCHDOG=1" "$T/other.msgs" && fail "WATCHDOG=1 sent for WATCHDOG_PID=1"
daemon_stop "$DPID" 2 || fail "still running 2 s after SIGTERM"

step "no keep-alives without WATCHDOG_USEC"
notify_start none
sleep 0.6
grep -q " WATCHDOG=1" "$T/none.msgs" && fail "WATCHDOG=1 sent without WATCHDOG_USEC"
daemon_stop "$DPID" 2 || fail "still running 2 s after SIGTERM"

echo "PASS: systemd"
exit 0
