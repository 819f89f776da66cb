#!/bin/sh
# shellcheck disable=SC2317,SC1091 # functions called through wait_for/trap; lib.sh
# vrrp_track_process in the running daemon (vrrp_tracking.c over vrrp_proc.c):
# a tracker follows a real process and moves the instances that watch it.
# The daemon runs outside any namespace, because the kernel sends process
# events to the initial network namespace only (inside one, keepalived 2.2.7
# and this daemon both count no process). Its instances are on an interface
# that does not exist (allowed by dynamic_interfaces), so it opens no VRRP
# socket, sends nothing and changes no interface; they stay in FAULT for
# that, and what is checked is what the trackers hand them, read through the
# control socket (keepalivectl status --json), each within a deadline:
# - PT (full_command with a distinctive parameter, weight 20 on VI_1) and
#   P0 (by name, weight 0 on VI_2): while the process is absent VI_1's
#   effective priority is 100 and P0 holds VI_2 in Fault;
# - the process starts: 120, and P0 no longer holds VI_2;
# - a reload (new trackers, a new /proc scan) keeps that;
# - the process exits: 100 and Fault again;
# - the daemon logs keepalived's "Quorum gained/lost for tracked process"
#   lines, and no "not supported" warning.
# A copy of sleep under a name made for this test, so nothing else matches.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_track_process_run
lib_require_tools cp python3
T=$LIB_TMP
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
CTL=${KEEPALIVECTL:-${top_builddir:-.}/keepalived/keepalivectl}
[ -x "$KEEPALIVED" ] || fail "no $KEEPALIVED"
[ -x "$CTL" ] || fail "no $CTL"

NAME=kprp$$
BIN=$T/$NAME
ARG=3000$$
cp "$(command -v sleep)" "$BIN" || fail "cp sleep"
IF=kpnone$$

cat >"$T/k.conf" <<CONF
global_defs {
  dynamic_interfaces
}
vrrp_track_process PT {
  process $BIN $ARG
  full_command
}
vrrp_track_process P0 {
  process $NAME
}
vrrp_instance VI_1 {
  state BACKUP
  interface $IF
  virtual_router_id 51
  priority 100
  virtual_ipaddress {
    198.18.1.10/24
  }
  track_process {
    PT weight 20
  }
}
vrrp_instance VI_2 {
  state BACKUP
  interface $IF
  virtual_router_id 52
  priority 100
  virtual_ipaddress {
    198.18.1.11/24
  }
  track_process {
    P0 weight 0
  }
}
CONF

# INST FIELD: effective_priority, or the first tracker's fault (true/false).
field() {
	"$CTL" --socket "$T/ctl" status --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
for i in d["instances"]:
    if i["data"]["iname"] == sys.argv[1]:
        v = i["data"]["effective_priority"] if sys.argv[2] == "eff" else i["data"]["trackers"][0]["fault"]
        print(str(v).lower())
' "$1" "$2"
}
is() { # INST FIELD VALUE
	[ "$(field "$1" "$2")" = "$3" ]
}
absent() {
	is VI_1 eff 100 && is VI_2 fault true
}
present() {
	is VI_1 eff 120 && is VI_2 fault false
}

"$KEEPALIVED" -n -l -D -P -f "$T/k.conf" -p "$T/k.pid" -r "$T/v.pid" \
	--control-socket="$T/ctl" >"$T/daemon.log" 2>&1 &
DPID=$!
track_pid "$DPID"

wait_for 10 grep -q 'Process tracking: ' "$T/daemon.log" || fail "no process tracking line"
if grep -q 'cannot subscribe' "$T/daemon.log"; then
	echo "SKIP: the kernel refuses process events here (not the initial network namespace?)"
	exit 77
fi

step "absent: VI_1 at 100, VI_2 held in Fault by P0"
wait_for 10 absent || fail "absent: VI_1 $(field VI_1 eff), VI_2 fault $(field VI_2 fault)"

step "the process starts"
"$BIN" "$ARG" &
SPID=$!
track_pid "$SPID"
wait_for 5 present || fail "present: VI_1 $(field VI_1 eff), VI_2 fault $(field VI_2 fault)"

step "reload: the new trackers count it from their scan"
"$CTL" --socket "$T/ctl" reload >/dev/null || fail "reload refused"
wait_for 10 grep -q 'Reload complete' "$T/daemon.log" || fail "no 'Reload complete'"
wait_for 5 present || fail "after reload: VI_1 $(field VI_1 eff), VI_2 fault $(field VI_2 fault)"

step "the process exits"
kill -TERM "$SPID"
wait_for 5 absent || fail "gone: VI_1 $(field VI_1 eff), VI_2 fault $(field VI_2 fault)"

grep -q 'Quorum gained for tracked process PT' "$T/daemon.log" || fail "no 'Quorum gained' line"
grep -q 'Quorum lost for tracked process P0' "$T/daemon.log" || fail "no 'Quorum lost' line"
grep -q 'not supported' "$T/daemon.log" && fail "a 'not supported' warning"
grep -q '(VI_1) Changing effective priority from 100 to 120' "$T/daemon.log" ||
	fail "no priority change line"
daemon_stop "$DPID" 5 || fail "the daemon did not stop"
echo "PASS"
