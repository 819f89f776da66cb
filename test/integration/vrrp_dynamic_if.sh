#!/bin/sh
# An instance's interface that does not exist at start-up (issue 11), as
# keepalived 2.2.7 does it:
# - without dynamic_interfaces the daemon refuses to start: it logs
#   "WARNING - interface X for vrrp_instance Y doesn't exist" with the file
#   and line of the `interface` keyword, then "Non-existent interface
#   specified in configuration", and exits 2, in the foreground (-n) and
#   detached alike;
# - with dynamic_interfaces it starts, says it will use the interface if
#   created, holds the instance in FAULT, and once the interface appears
#   (with an address) the instance runs: Master, its VIP installed;
# - a reload whose configuration names a missing interface (without
#   dynamic_interfaces) logs the same lines and is refused: the running
#   configuration is kept (keepalived 2.2.7 stops instead).
# Needs root (exit 77 otherwise). Nothing fixed on the host, no durations.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_dynamic_if
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vdi-$$
T=$LIB_TMP
ns_create "$NS"

instance() {
	cat <<CONF
vrrp_instance VI_1 {
    state MASTER
    interface dy0
    virtual_router_id 73
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.18.32.100/24
    }
}
CONF
}
instance >"$T/static.conf"
{
	printf '%s\n' 'global_defs {' '    dynamic_interfaces' '}'
	instance
} >"$T/dynamic.conf"

ka() { # LOG CONF [OPTIONS...]
	_log=$1 _conf=$2
	shift 2
	# A daemon that started after all is stopped, not waited for.
	ns_exec "$NS" timeout 10 "$KEEPALIVED" -l -P -f "$_conf" -p "$T/ka.pid" -r "$T/kv.pid" \
		--control-socket="$T/ctl.sock" "$@" >"$_log" 2>&1
}

step "no dynamic_interfaces: refused, exit 2"
ka "$T/fg.log" "$T/static.conf" -n
rc=$?
[ "$rc" = 2 ] || fail "foreground: exit $rc, want 2: $(cat "$T/fg.log")"
grep -q "static.conf:3: WARNING - interface dy0 for vrrp_instance VI_1 doesn't exist" "$T/fg.log" ||
	fail "no WARNING line naming the interface line: $(cat "$T/fg.log")"
grep -q "Non-existent interface specified in configuration" "$T/fg.log" ||
	fail "no 'Non-existent interface' line"
grep -q "Startup complete" "$T/fg.log" && fail "started anyway"
ka "$T/bg.log" "$T/static.conf"
rc=$?
[ "$rc" = 2 ] || fail "detached: exit $rc, want 2"
[ -e "$T/ka.pid" ] && fail "a pid file was left"

step "dynamic_interfaces: FAULT until the interface exists, then Master"
daemon_start_bg "$NS" "$T/dyn.log" "$KEEPALIVED" -n -l -P -f "$T/dynamic.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/dyn.log" || fail "no start: $(cat "$T/dyn.log")"
grep -q "Configuration specifies interface dy0 which doesn't currently exist - will use if created" \
	"$T/dyn.log" || fail "no 'will use if created' line"
grep -q "(VI_1) Entering FAULT STATE" "$T/dyn.log" || fail "VI_1 not in FAULT"
ns_veth "$NS" dy0 dy1
ip -n "$NS" addr add 198.18.32.1/24 dev dy0 || fail "address"
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/dyn.log" ||
	fail "VI_1 never became Master: $(cat "$T/dyn.log")"
wait_for 5 sh -c "ip -n '$NS' addr show dev dy0 | grep -q '198.18.32.100/24'" ||
	fail "VIP not installed"
step "a reload naming a missing interface without dynamic_interfaces: refused"
{
	instance
	instance | sed 's/VI_1/VI_2/; s/dy0/dy9/; s/virtual_router_id 73/virtual_router_id 74/;
		s/198.18.32.100/198.18.32.101/'
} >"$T/dynamic.conf"
kill -HUP "$KA" || fail "SIGHUP"
wait_for 10 grep -q "Reload failed - keeping the running configuration" "$T/dyn.log" ||
	fail "the reload was not refused: $(cat "$T/dyn.log")"
grep -q "dynamic.conf:13: WARNING - interface dy9 for vrrp_instance VI_2 doesn't exist" "$T/dyn.log" ||
	fail "no WARNING line for dy9"
pid_alive "$KA" || fail "the daemon stopped"
grep -q "(VI_2)" "$T/dyn.log" && fail "VI_2 was started"
ip -n "$NS" addr show dev dy0 | grep -q '198.18.32.100/24' || fail "VI_1 lost its VIP"
daemon_stop "$KA" 5 || fail "did not stop"
echo "PASS: vrrp_dynamic_if"
