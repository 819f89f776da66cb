#!/bin/sh
# The checker on a kernel without IPVS (this machine's): it cannot run, and
# says so as keepalived 2.2.7 does, but VRRP must not suffer from it.
# - keepalived -C: the checker process starts ("Starting Healthcheck child
#   process"), logs "IPVS: Can't initialize ipvs", and the daemon ends with
#   "pid N exited with permanent error FATAL. Terminating";
# - with a vrrp_instance too (no -C): the checker's failure is logged and
#   it is not restarted in a loop, the instance still becomes Master and the
#   daemon keeps running;
# - -P: no checker process at all.
# Skipped (77) where the kernel has IPVS: the UML tests cover that case.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init check_no_ipvs
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
if [ -e /proc/net/ip_vs ] || modinfo ip_vs >/dev/null 2>&1; then
	echo "SKIP: this kernel has IPVS"
	exit 77
fi
T=$LIB_TMP
NS=chk-noipvs-$$
ns_create "$NS"
ns_veth "$NS" vrrp0 vrrp1
ip -n "$NS" addr add 198.18.9.1/24 dev vrrp0 || fail "address"

cat >"$T/check.conf" <<CONF
virtual_server 198.18.0.100 80 {
	protocol TCP
	real_server 198.18.1.10 80 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
CONF
{
	cat <<CONF
vrrp_instance VI_1 {
	state MASTER
	interface vrrp0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		198.18.9.100/32
	}
}
CONF
	cat "$T/check.conf"
} >"$T/both.conf"

run() { # LOG ARGS...
	_log=$1
	shift
	daemon_start_bg "$NS" "$T/$_log" "$KEEPALIVED" -n -l -p "$T/$_log.pid" -r "$T/$_log.vpid" \
		-c "$T/$_log.cpid" --control-socket "$T/$_log.ctl" "$@"
}
logged() { # LOG TEXT
	grep -qF "$2" "$T/$1"
}

step "-C without IPVS"
run check.log -C -f "$T/check.conf"
wait_for 10 _lib_dead "$LIB_LAST_PID" || fail "-C: still running without IPVS"
logged check.log "Starting Healthcheck child process, pid=" || fail "-C: no checker started"
logged check.log "IPVS: Can't initialize ipvs" || fail "-C: no IPVS line"
logged check.log "exited with permanent error FATAL. Terminating" || fail "-C: no FATAL line"

step "VRRP and a checker without IPVS"
run both.log -f "$T/both.conf"
pid=$LIB_LAST_PID
wait_for 10 logged both.log "(VI_1) Entering MASTER STATE" || fail "VRRP did not become Master"
wait_for 5 logged both.log "exited with permanent error FATAL" ||
	fail "the checker's failure is not logged"
# The supervisor's back-off would restart a dying checker within 0.1 s.
wait_for 1 false
pid_alive "$pid" || fail "the daemon died with its checker"
[ "$(grep -c 'Starting Healthcheck child process' "$T/both.log")" = 1 ] ||
	fail "the checker was restarted after a permanent error"
daemon_stop "$pid" 5 || fail "still running 5 s after SIGTERM"

step "-P: no checker"
run vrrp.log -P -f "$T/both.conf"
pid=$LIB_LAST_PID
wait_for 10 logged vrrp.log "(VI_1) Entering MASTER STATE" || fail "-P: VRRP did not become Master"
logged vrrp.log "Healthcheck" && fail "-P: a checker was started"
daemon_stop "$pid" 5 || fail "-P: still running 5 s after SIGTERM"
echo "PASS"
