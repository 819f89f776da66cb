#!/bin/sh
# keepalivectl and the control socket, with one daemon in a namespace:
# - no daemon: a missing socket and a stale one (daemon killed -9) each give
#   exit 3 and say the daemon is not running; a restarted daemon replaces
#   the stale socket; SIGTERM removes it;
# - the socket is mode 0600: another user gets exit 4 "permission denied";
# - status (table), status --json (parsed), stats, stats --json, metrics;
# - reload: a changed priority is applied (exit 0, "Reload complete"); a
#   broken configuration gives exit 1 "Reload failed", the daemon and its
#   VIP stay;
# - maintenance of an unknown instance: exit 1; wrong usage: exit 2.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

lib_init ops_ctl
lib_require_tools awk stat python3 setpriv
ops_binaries

NS=ops-ctl-$$
T=$LIB_TMP
# A directory others may enter, so that only the socket's own mode stops them.
chmod 0711 "$T"
mkdir -p "$T/pub" "$T/run"
chmod 0755 "$T/pub"
cp "$KEEPALIVECTL" "$T/pub/keepalivectl"
CTL=$T/pub/ctl

write_conf() { # PRIORITY
	cat >"$T/ka.conf" <<EOF
global_defs {
    router_id ops_ctl
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 63
    priority $1
    advert_int 1
    virtual_ipaddress {
        198.18.21.100/24
    }
}
EOF
}

ns_create "$NS"
ns_veth "$NS" veth0 veth1
ip -n "$NS" addr add 198.18.21.1/24 dev veth0 || fail "address on veth0"

start() {
	daemon_start_bg "$NS" "$T/ka$1.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
		-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$CTL"
	KA=$LIB_LAST_PID
	wait_for 10 grep -q "Control socket $CTL" "$T/ka$1.log" || fail "no control socket"
}

# ctl EXPECTED_EXIT ARGS...: output in $T/out, errors in $T/err
ctl() {
	_want=$1
	shift
	"$KEEPALIVECTL" --socket "$CTL" "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	[ "$_rc" = "$_want" ] || fail "keepalivectl $*: exit $_rc, expected $_want: $(cat "$T/err")"
}

has_vip() { ip -n "$NS" -o addr show dev veth0 | grep -q ' 198.18.21.100/24 '; }

step "no daemon: no socket"
ctl 3 status
grep -q "no such socket: keepalived is not running" "$T/err" || fail "unclear error: $(cat "$T/err")"
"$KEEPALIVECTL" --socket "$CTL" bogus 2>"$T/err"
[ $? = 2 ] || fail "an unknown command is not a usage error"

step "a running daemon answers"
write_conf 150
start 1
[ "$(stat -c '%a %U' "$CTL")" = "600 root" ] || fail "socket is $(stat -c '%a %U' "$CTL")"
wait_for 10 has_vip || fail "VI_1 never took its VIP"
wait_for 5 sh -c "\"$KEEPALIVECTL\" --socket '$CTL' status | grep -q '^VI_1 .* MASTER '" ||
	fail "status never showed VI_1 MASTER"
ctl 0 status
head -n 1 "$T/out" | grep -q '^INSTANCE  *INTERFACE  *VRID  *STATE  *PRIO/EFF  *MASTER  *VIPS  *IN STATE  *REASON$' ||
	fail "status has no header: $(cat "$T/out")"
grep -Eq '^VI_1 +veth0 +63 +MASTER +150/150 +198\.18\.21\.1 \(us\) +198\.18\.21\.100/24 ' "$T/out" ||
	fail "status row: $(cat "$T/out")"
ctl 0 status --json
python3 - "$T/out" <<'EOF' || fail "status --json: $(cat "$T/out")"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema"] == 1 and doc["router_id"] == "ops_ctl", doc
d = doc["instances"][0]["data"]
assert (d["iname"], d["state_name"], d["effective_priority"]) == ("VI_1", "MASTER", 150), d
assert d["master_address"] == "198.18.21.1" and d["addresses"] == ["198.18.21.100/24"], d
assert doc["netlink"]["notifications"] >= 0 and doc["sockets"][0]["interface"] == "veth0"
EOF
ctl 0 stats
grep -qx '  Receive Drops:' "$T/out" || fail "stats: $(cat "$T/out")"
ctl 0 stats --json
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert "drops" in d["instances"][0]["stats"]' \
	"$T/out" || fail "stats --json"
ctl 0 metrics
grep -q '^keepalived_vrrp_state{instance="VI_1",interface="veth0",vrid="63"} 2$' "$T/out" ||
	fail "metrics: $(head -n 20 "$T/out")"

step "another user is not permitted"
setpriv --reuid=65534 --regid=65534 --clear-groups "$T/pub/keepalivectl" --socket "$CTL" status \
	>/dev/null 2>"$T/err"
rc=$?
[ $rc = 4 ] || fail "as nobody: exit $rc: $(cat "$T/err")"
grep -q "permission denied" "$T/err" || fail "unclear error: $(cat "$T/err")"

step "reload through keepalivectl"
write_conf 160
ctl 0 reload
grep -qx "Reload complete" "$T/out" || fail "reload said: $(cat "$T/out")"
grep -q "Reload complete" "$T/ka1.log" || fail "no 'Reload complete' in the log"
wait_for 10 sh -c "\"$KEEPALIVECTL\" --socket '$CTL' status | grep -q '^VI_1 .* 160/160 '" ||
	fail "the new priority is not in effect"
# A virtual router id out of range: keepalived 2.2.7 refuses that too.
sed -i 's/virtual_router_id [0-9]*/virtual_router_id 300/' "$T/ka.conf"
ctl 1 reload
grep -q "Reload failed" "$T/err" || fail "a failed reload said: $(cat "$T/err")"
pid_alive "$KA" || fail "the daemon died on a broken configuration"
ctl 0 status
grep -q ' 160/160 ' "$T/out" || fail "the running configuration was not kept"

step "maintenance of an unknown instance, wrong usage"
ctl 1 maintenance VI_9 on
grep -q "no VRRP instance called 'VI_9'" "$T/err" || fail "$(cat "$T/err")"
ctl 2 maintenance VI_1 sideways
ctl 2 status --yaml

step "a stale socket, then a restart"
kill -KILL "$KA"
wait_for 5 _lib_dead "$KA" || fail "kill -9 did not work"
[ -S "$CTL" ] || fail "the socket went with a SIGKILL?"
ctl 3 status
grep -q "connection refused: keepalived is not running" "$T/err" || fail "$(cat "$T/err")"
write_conf 150
start 2
ctl 0 status
grep -q '^VI_1 ' "$T/out" || fail "the restarted daemon does not answer"

step "SIGTERM removes the socket"
daemon_stop "$KA" 2 || fail "still running 2 s after SIGTERM"
[ -e "$CTL" ] && fail "the socket was left behind"
ctl 3 status
echo "ops_ctl: 1 passed, 0 failed"
