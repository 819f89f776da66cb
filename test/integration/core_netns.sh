#!/bin/sh
# net_namespace, -s/--namespace and instance, as keepalived 2.2.7 does them:
# - the daemon started in the host's namespace with `net_namespace NS1`
#   enters NS1 itself: its /proc/PID/ns/net is NS1's, the VIP appears on
#   NS1's interface and in no other namespace (a second one, NS2, has an
#   interface of the same name and must stay without it; the host has no
#   such address), the pid files are /run/keepalived/NS1/keepalived.pid and
#   vrrp.pid, and the directory is gone again after SIGTERM
#   (with the control socket's default, /run/keepalived/NS1/control);
# - -s NS2 overrides the file's net_namespace, and `instance inst1` names
#   the pid files keepalived_inst1.pid / vrrp_inst1.pid and the syslog ident;
#   an instance name alone puts them in /run/keepalived;
# - a namespace that does not exist: exit 1 and keepalived's message.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init core_netns
lib_require_tools awk stat
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"

NS1=core-ns1-$$
NS2=core-ns2-$$
T=$LIB_TMP
VIP=198.18.11.100

ns_create "$NS1"
ns_create "$NS2"
# The same interface name in both: only the namespace decides where the VIP goes.
ns_veth "$NS1" ka0 ka1
ns_veth "$NS2" ka0 ka1
ip -n "$NS1" addr add 198.18.11.1/24 dev ka0 || fail "address in $NS1"
ip -n "$NS2" addr add 198.18.11.2/24 dev ka0 || fail "address in $NS2"

write_conf() { # FILE TOP-LEVEL-LINES
	cat >"$1" <<EOF
$2
global_defs {
    router_id core_netns
}
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 61
    priority 255
    advert_int 1
    virtual_ipaddress {
        $VIP/32
    }
}
EOF
}

has_vip() { # NS
	ip -n "$1" -4 addr show dev ka0 | grep -q " $VIP/"
}
no_vip() {
	! has_vip "$1"
}
ns_inode() { # NS
	stat -L -c %i "/run/netns/$1"
}
proc_ns_inode() { # PID
	stat -L -c %i "/proc/$1/ns/net"
}
host_has_vip() {
	ip -4 addr show | grep -q " $VIP/"
}

# Started from the host's namespace, not through `ip netns exec`.
start_host() { # LOG ARGS...
	_log=$1
	shift
	"$KEEPALIVED" "$@" >"$_log" 2>&1 &
	LIB_LAST_PID=$!
	track_pid "$LIB_LAST_PID"
}

step "net_namespace $NS1 from the host's namespace"
write_conf "$T/ns1.conf" "net_namespace $NS1"
host_has_vip && fail "the host already has $VIP: cannot test"
# No --control-socket: the default follows the namespace.
start_host "$T/ns1.log" -n -l -D -f "$T/ns1.conf"
PID=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/ns1.log" || fail "no start"
[ "$(proc_ns_inode "$PID")" = "$(ns_inode "$NS1")" ] ||
	fail "daemon is not in $NS1's network namespace"
wait_for 8 has_vip "$NS1" || fail "$VIP not on ka0 in $NS1"
no_vip "$NS2" || fail "$VIP appeared in $NS2 too"
host_has_vip && fail "$VIP appeared in the host's namespace"
grep -q "Changing syslog ident to Keepalived_$NS1\$" "$T/ns1.log" ||
	fail "no 'Changing syslog ident' line"
DIR=/run/keepalived/$NS1
[ "$(pidfile_pid "$DIR/keepalived.pid")" = "$PID" ] || fail "$DIR/keepalived.pid"
[ "$(pidfile_pid "$DIR/vrrp.pid")" = "$PID" ] || fail "$DIR/vrrp.pid"
KCTL=$(dirname "$KEEPALIVED")/keepalivectl
if [ -x "$KCTL" ]; then
	"$KCTL" --socket "$DIR/control" status >"$T/ctl.out" 2>&1 ||
		fail "keepalivectl on $DIR/control: $(cat "$T/ctl.out")"
	grep -q VI_1 "$T/ctl.out" || fail "status without VI_1"
fi
daemon_stop "$PID" 3 || fail "did not stop"
no_vip "$NS1" || fail "$VIP left in $NS1"
[ ! -e "$DIR" ] || fail "$DIR left behind"

step "-s $NS2 overrides net_namespace; instance inst1 names pid files and ident"
write_conf "$T/ns2.conf" "net_namespace $NS1
instance inst1"
start_host "$T/ns2.log" -n -l -s "$NS2" -f "$T/ns2.conf" --control-socket="$T/ctl2.sock"
PID=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/ns2.log" || fail "no start with -s"
[ "$(proc_ns_inode "$PID")" = "$(ns_inode "$NS2")" ] || fail "-s did not win"
wait_for 8 has_vip "$NS2" || fail "$VIP not on ka0 in $NS2"
no_vip "$NS1" || fail "$VIP appeared in $NS1 with -s $NS2"
DIR=/run/keepalived/$NS2
[ "$(pidfile_pid "$DIR/keepalived_inst1.pid")" = "$PID" ] || fail "$DIR/keepalived_inst1.pid"
[ "$(pidfile_pid "$DIR/vrrp_inst1.pid")" = "$PID" ] || fail "$DIR/vrrp_inst1.pid"
grep -q "Changing syslog ident to Keepalived_${NS2}_inst1\$" "$T/ns2.log" ||
	fail "ident without namespace and instance"
grep -q "Overriding config net_namespace '$NS1' with command line namespace '$NS2'" "$T/ns2.log" ||
	fail "no 'Overriding config net_namespace' line"

step "a reload may not change the instance name"
sed 's/^instance inst1/instance inst2/' "$T/ns2.conf" >"$T/ns2b.conf"
cp "$T/ns2b.conf" "$T/ns2.conf"
kill -HUP "$PID"
wait_for 5 grep -q "Cannot change instance name at a reload" "$T/ns2.log" ||
	fail "instance change accepted at reload"
pid_alive "$PID" || fail "daemon died on reload"
daemon_stop "$PID" 3 || fail "did not stop"
[ ! -e "$DIR" ] || fail "$DIR left behind"

step "instance alone: pid files in /run/keepalived, as keepalived puts them"
INST=solo$$
write_conf "$T/inst.conf" "instance $INST"
daemon_start_bg "$NS1" "$T/inst.log" "$KEEPALIVED" -n -l -f "$T/inst.conf"
PID=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/inst.log" || fail "no start with instance"
[ "$(pidfile_pid "/run/keepalived/keepalived_$INST.pid")" = "$PID" ] ||
	fail "/run/keepalived/keepalived_$INST.pid"
[ "$(pidfile_pid "/run/keepalived/vrrp_$INST.pid")" = "$PID" ] || fail "/run/keepalived/vrrp_$INST.pid"
[ -S "/run/keepalived/control_$INST" ] || fail "no control socket /run/keepalived/control_$INST"
daemon_stop "$PID" 3 || fail "did not stop"
[ ! -e "/run/keepalived/keepalived_$INST.pid" ] || fail "pid file left behind"

step "already in the namespace (NetworkNamespacePath=, ip netns exec): no setns, no CAP_SYS_ADMIN"
# The confined systemd unit puts the daemon in its namespace itself and
# keeps CAP_SYS_ADMIN out of the bounding set: setns() would fail there.
write_conf "$T/in.conf" "net_namespace $NS1"
daemon_start_bg "$NS1" "$T/in.log" setpriv --bounding-set -sys_admin \
	"$KEEPALIVED" -n -l -f "$T/in.conf" --control-socket="$T/ctl4.sock"
PID=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/in.log" || fail "no start inside $NS1 without CAP_SYS_ADMIN"
wait_for 8 has_vip "$NS1" || fail "$VIP not on ka0 in $NS1"
grep -q "setns() failed" "$T/in.log" && fail "setns() tried while already in $NS1"
daemon_stop "$PID" 3 || fail "did not stop"

step "a namespace that does not exist"
write_conf "$T/none.conf" "net_namespace core-none-$$"
"$KEEPALIVED" -n -l -f "$T/none.conf" --control-socket="$T/ctl3.sock" >"$T/none.log" 2>&1 &
NPID=$!
track_pid "$NPID"
wait_for 5 _lib_dead "$NPID" || fail "started without its namespace"
wait "$NPID"
[ $? = 1 ] || fail "exit status not 1"
grep -q "Failed to open /run/netns/core-none-$$" "$T/none.log" || fail "no reason given"

echo "PASS: core_netns"
