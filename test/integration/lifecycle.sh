#!/bin/sh
# The daemon's life cycle, end to end:
# - -t (config test) on the sample, on an unclosed block and on an
#   out-of-range virtual_router_id: exit status and file:line on stderr;
# - -v, -h, --signum, and options refused with a non-zero exit;
# - a daemonised start in a network namespace: pid files appear with a live
#   pid and mode 0644, a second start is refused and the first keeps
#   running, SIGTERM stops it within 1 s and removes the pid files;
# - in the foreground with console logging: keepalived's start-up lines,
#   SIGHUP with a broken configuration ("Reload failed", still running),
#   SIGHUP with a good one (reload lines), dump signals survive, SIGTERM;
# - a stale pid file is replaced; a bad configuration refuses to start.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init lifecycle
lib_require_tools awk stat
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
SAMPLE=${top_srcdir:-$(dirname "$0")/../..}/conf/keepalived.conf

NS=core-lc-$$
T=$LIB_TMP
# Dumps (USR1/USR2/JSON) and anything else temporary stay in the test's directory.
TMPDIR=$T
export TMPDIR
PID=$T/run/keepalived.pid
VPID=$T/run/keepalived_vrrp.pid
mkdir -p "$T/run"

# Configurations ---------------------------------------------------------------
write_conf() { # FILE PRIORITY
	cat >"$1" <<EOF
! lifecycle test
global_defs {
    router_id core_lc
}

vrrp_instance VI_1 {
    state BACKUP
    interface ka0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress {
        198.18.10.100/24
    }
}
EOF
}
write_conf "$T/good.conf" 100
write_conf "$T/good2.conf" 150
# An unclosed vrrp_instance block.
sed '$d' "$T/good.conf" >"$T/unclosed.conf"
sed 's/virtual_router_id 51/virtual_router_id 300/' "$T/good.conf" >"$T/vrid300.conf"
VRID_LINE=$(grep -n virtual_router_id "$T/vrid300.conf" | cut -d: -f1)

ka() { ns_exec "$NS" "$KEEPALIVED" "$@"; }

# The namespace has the interface the configurations name, so that the
# checks below fail (or not) for the reason they test, whatever the host has.
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.10.1/24 dev ka0
# The sample's interface: -t, as keepalived's, warns about a missing one.
ns_veth "$NS" eth0 eth0p

# Config test, version, help -----------------------------------------------------
step "-t on the sample configuration"
ka -t -f "$SAMPLE" 2>"$T/t-sample.log" || fail "-t rejects $SAMPLE"

step "-t on an unclosed block"
if ka -t -f "$T/unclosed.conf" 2>"$T/t-unclosed.log"; then
	fail "-t accepts an unclosed block"
fi
grep -Eq 'unclosed\.conf:[0-9]+' "$T/t-unclosed.log" || fail "no file:line for the unclosed block"

step "-t on virtual_router_id 300"
if ka -t -f "$T/vrid300.conf" 2>"$T/t-vrid.log"; then
	fail "-t accepts virtual_router_id 300"
fi
grep -q "vrid300\.conf:$VRID_LINE" "$T/t-vrid.log" || fail "error does not name line $VRID_LINE"

step "--config-test=FILE writes there"
ka --config-test="$T/t-file.out" -f "$T/vrid300.conf" 2>"$T/t-file.log" &&
	fail "--config-test=FILE accepts virtual_router_id 300"
grep -q "vrid300\.conf:$VRID_LINE" "$T/t-file.out" || fail "nothing in the config-test file"
[ -s "$T/t-file.log" ] && fail "config-test errors went to stderr as well"

step "-t on a valid configuration"
ka -t -f "$T/good.conf" 2>"$T/t-good.log" || fail "-t rejects good.conf"

step "-v, -h, --signum"
"$KEEPALIVED" -v 2>"$T/version.out" || fail "-v exits non-zero"
head -n 1 "$T/version.out" | grep -Eq '^Keepalived v[0-9]+\.[0-9]+' || fail "-v first line"
grep -q libnl "$T/version.out" || fail "-v does not list libnl"
"$KEEPALIVED" -h 2>"$T/help.out" || fail "-h exits non-zero"
grep -q -- "--use-file=FILE" "$T/help.out" || fail "-h lacks --use-file"
grep -q -- "--config-test" "$T/help.out" || fail "-h lacks --config-test"
[ "$("$KEEPALIVED" --signum=RELOAD)" = 1 ] || fail "--signum=RELOAD"
[ "$("$KEEPALIVED" --signum=JSON)" = 36 ] || fail "--signum=JSON"
"$KEEPALIVED" --signum=NOPE 2>/dev/null && fail "--signum=NOPE exits 0"
grep -q -- "--check  *Run the health checker" "$T/help.out" || fail "-h does not describe -C"
"$KEEPALIVED" -S 9 -t -f "$T/good.conf" 2>/dev/null && fail "-S 9 accepted"

# Daemonised --------------------------------------------------------------------
step "daemonised start"
ka -f "$T/good.conf" -p "$PID" -r "$VPID" --control-socket "$T/ctl" 2>"$T/start.log" || fail "daemonised start failed"
wait_for 5 test -s "$PID" || fail "no pid file"
wait_for 5 test -s "$VPID" || fail "no VRRP pid file"
DPID=$(pidfile_pid "$PID")
track_pid "$DPID"
pid_alive "$DPID" || fail "pid file holds $DPID, which is not running"
[ "$(pidfile_pid "$VPID")" = "$DPID" ] || fail "the two pid files differ"
[ "$(stat -c %a "$PID")" = 644 ] || fail "pid file mode $(stat -c %a "$PID")"
[ "$(stat -c %a "$VPID")" = 644 ] || fail "VRRP pid file mode $(stat -c %a "$VPID")"

step "running with only the capabilities it needs"
# net_admin net_raw net_bind_service setuid setgid kill chown dac_override; the
# bounding set is left alone so that scripts run as root keep every capability.
caps() { sed -n "s/^$1:[[:space:]]*//p" "/proc/$DPID/status"; }
wait_for 5 sh -c "grep -q '^CapPrm:[[:space:]]*00000000000034e3' /proc/$DPID/status" ||
	fail "permitted capabilities are $(caps CapPrm), expected 00000000000034e3"
[ "$(caps CapBnd)" = "$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)" ] ||
	fail "bounding set changed: $(caps CapBnd)"

step "a second daemon with the same pid file refuses"
ka -f "$T/good.conf" -p "$PID" -r "$VPID" 2>"$T/second.log" && fail "second daemon exits 0"
ka -n -l -f "$T/good.conf" -p "$PID" -r "$VPID" 2>"$T/second-fg.log" &&
	fail "second foreground daemon exits 0"
grep -q "daemon is already running" "$T/second-fg.log" || fail "no 'daemon is already running'"
pid_alive "$DPID" || fail "the first daemon died"
[ "$(pidfile_pid "$PID")" = "$DPID" ] || fail "the pid file changed"

step "SIGTERM stops it within 1 s and removes the pid files"
daemon_stop "$DPID" 1 || fail "still running 1 s after SIGTERM"
[ -e "$PID" ] && fail "pid file left behind"
[ -e "$VPID" ] && fail "VRRP pid file left behind"

# Foreground, console log ------------------------------------------------------------
step "foreground start with console logging"
cp "$T/good.conf" "$T/run.conf"
daemon_start_bg "$NS" "$T/fg.log" "$KEEPALIVED" -n -l -D -f "$T/run.conf" -p "$PID" -r "$VPID" \
	--control-socket "$T/ctl"
FG=$LIB_LAST_PID
wait_for 5 grep -q "Startup complete" "$T/fg.log" || fail "no 'Startup complete'"
head -n 1 "$T/fg.log" | grep -q ": Starting Keepalived v" || fail "first line is not 'Starting Keepalived v...'"
grep -q "Configuration file $T/run.conf" "$T/fg.log" || fail "no 'Configuration file' line"
# -D: keepalived's parent names the file it opens, once, just before that line.
[ "$(grep -c "Opening file '$T/run.conf'\.$" "$T/fg.log")" = 1 ] || fail "not one 'Opening file' line"
grep -A1 "Opening file" "$T/fg.log" | grep -q "Configuration file" ||
	fail "'Opening file' is not just before 'Configuration file'"
grep -q "has no configuration to run" "$T/fg.log" && fail "'no configuration' with an instance"
[ "$(pidfile_pid "$PID")" = "$FG" ] || fail "pid file does not hold $FG"

step "SIGHUP with a broken configuration"
cp "$T/unclosed.conf" "$T/run.conf"
kill -HUP "$FG"
wait_for 5 grep -q "Reload failed" "$T/fg.log" || fail "no 'Reload failed'"
grep -q "Reloading \.\.\." "$T/fg.log" || fail "no 'Reloading ...'"
grep -Eq 'run\.conf:[0-9]+' "$T/fg.log" || fail "reload errors do not name file:line"
pid_alive "$FG" || fail "daemon died on a broken reload"

step "SIGHUP with a good configuration"
cp "$T/good2.conf" "$T/run.conf"
kill -HUP "$FG"
wait_for 5 grep -q "Reload complete" "$T/fg.log" || fail "no 'Reload complete'"
pid_alive "$FG" || fail "daemon died on reload"
[ "$(grep -c "Opening file '$T/run.conf'\.$" "$T/fg.log")" = 3 ] ||
	fail "-D: no 'Opening file' line at each reload"

step "dump signals are logged and survived"
kill -USR1 "$FG"
kill -USR2 "$FG"
kill -"$("$KEEPALIVED" --signum=JSON)" "$FG"
# A function, so that wait_for counts again on every try.
dumps_logged() {
	[ "$(grep -c 'Printing VRRP' "$T/fg.log")" -ge 3 ]
}
wait_for 5 dumps_logged || fail "dump signals not acknowledged"
pid_alive "$FG" || fail "a dump signal killed the daemon"

step "SIGTERM in the foreground"
daemon_stop "$FG" 1 || fail "still running 1 s after SIGTERM"
wait "$FG"
RC=$?
[ "$RC" = 0 ] || fail "exit status $RC after SIGTERM"
grep -q ": Stopping$" "$T/fg.log" || fail "no 'Stopping'"
tail -n 1 "$T/fg.log" | grep -q "Stopped Keepalived v" || fail "last line is not 'Stopped Keepalived v...'"
[ -e "$PID" ] && fail "pid file left behind"

step "a configuration with nothing to run says so, as keepalived's parent"
printf 'global_defs {\n    router_id empty\n}\n' >"$T/empty.conf"
daemon_start_bg "$NS" "$T/empty.log" "$KEEPALIVED" -n -l -f "$T/empty.conf" -p "$PID" -r "$VPID" \
	--control-socket "$T/ctl"
EMPTY=$LIB_LAST_PID
wait_for 5 grep -q "Startup complete" "$T/empty.log" || fail "empty: no 'Startup complete'"
grep -q ": Warning - keepalived has no configuration to run$" "$T/empty.log" ||
	fail "empty: no 'Warning - keepalived has no configuration to run'"
grep -q "Opening file" "$T/empty.log" && fail "'Opening file' without -D"
daemon_stop "$EMPTY" 2 || fail "empty: still running 2 s after SIGTERM"
wait "$EMPTY"

# Stale pid file, bad start -----------------------------------------------------------
step "a stale pid file is replaced"
sleep 0 &
DEAD=$!
wait "$DEAD"
echo "$DEAD" >"$PID"
echo "$DEAD" >"$VPID"
ka -f "$T/good.conf" -p "$PID" -r "$VPID" 2>"$T/stale.log" || fail "refused a stale pid file"
wait_for 5 test -s "$PID" || fail "no pid file"
DPID=$(pidfile_pid "$PID")
track_pid "$DPID"
[ "$DPID" != "$DEAD" ] || fail "stale pid file not replaced"
pid_alive "$DPID" || fail "pid file holds $DPID, which is not running"
daemon_stop "$DPID" 1 || fail "still running 1 s after SIGTERM"

step "a broken configuration does not start"
ka -f "$T/vrid300.conf" -p "$PID" -r "$VPID" 2>"$T/badstart.log" &&
	fail "started with virtual_router_id 300"
[ -e "$PID" ] && fail "pid file left by a failed start"

echo "PASS: lifecycle"
exit 0
