#!/bin/bash
# -R (--dont-respawn), child_wait_time and -a for the checker process, in the
# UML guest (the checker needs IPVS). One VRRP instance (Master on a dummy
# interface) and one virtual server. Asserted:
#   - -R: the checker is killed (SIGKILL): "Healthcheck child process(N)
#     died: Exiting", no new checker, and the daemon stops as on SIGTERM
#     ("Stopping", the VIP removed, the IPVS table emptied by nobody: the
#     checker is gone, so it stays);
#   - child_wait_time 1: the checker hangs (SIGSTOP) and the daemon gets
#     SIGTERM: "checker process failed to die - forcing termination" and
#     the daemon is gone within 4 s (the default, 5 s, would not do);
#   - -C -a: the checker logs keepalived's "Netlink reflector reports IP A
#     added|removed" for the addresses at start and each change.
# Deadlines only; nothing fixed on the host.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 120 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_respawn
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }

ip link add vrrp0 type dummy && ip link set vrrp0 multicast on up &&
	ip addr add 198.18.9.1/24 dev vrrp0 || g_fail "vrrp0"
conf=$G_TMP/keepalived.conf
write_conf() { # WAIT
	{
		[ -z "$1" ] || echo "child_wait_time $1"
		cat <<CONF
vrrp_instance VI_1 {
	interface vrrp0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		198.18.9.100/32
	}
}
virtual_server 198.18.0.100 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	real_server 198.18.1.10 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF
	} >"$conf"
}
start() { # LOG FLAGS...
	local log=$1
	shift
	rm -f "$G_TMP/checkers.pid"
	ka_start "$log" "$KEEPALIVED" -n -l -f "$conf" -p "$G_TMP/ka.pid" -r "$G_TMP/vrrp.pid" \
		-c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl" "$@"
}
has_vip() { ip -4 addr show dev vrrp0 | grep -q "inet 198.18.9.100/"; }
no_vip() { ! has_vip; }
checker_up() { [ -s "$G_TMP/checkers.pid" ] && grep -q "Initializing ipvs" "$1"; }

g_step "-R: the checker dies, the daemon stops"
write_conf ""
start "$G_TMP/r.log" -R
g_wait_for 15 has_vip || g_fail "-R: not Master"
g_wait_for 10 checker_up "$G_TMP/r.log" || g_fail "-R: no checker"
checker=$(cat "$G_TMP/checkers.pid")
kill -KILL "$checker"
g_wait_for 10 _g_dead "$KA_PID" || g_fail "-R: the daemon still runs after its checker died"
grep -q "Healthcheck child process($checker) died: Exiting" "$G_TMP/r.log" ||
	g_fail "-R: no 'died: Exiting' line"
grep -q "Respawning" "$G_TMP/r.log" && g_fail "-R: respawned"
[ "$(grep -c "Starting Healthcheck child process" "$G_TMP/r.log")" = 1 ] ||
	g_fail "-R: a second checker was started"
grep -q ": Stopping$" "$G_TMP/r.log" || g_fail "-R: no clean stop"
no_vip || g_fail "-R: the VIP stayed"

g_step "child_wait_time 1: a hung checker is killed after 1 s"
write_conf 1
start "$G_TMP/w.log"
g_wait_for 15 has_vip || g_fail "wait: not Master"
g_wait_for 10 checker_up "$G_TMP/w.log" || g_fail "wait: no checker"
checker=$(cat "$G_TMP/checkers.pid")
kill -STOP "$checker"
kill -TERM "$KA_PID"
g_wait_for 4 _g_dead "$KA_PID" || g_fail "child_wait_time 1: still running 4 s after SIGTERM"
grep -q "checker process failed to die - forcing termination" "$G_TMP/w.log" ||
	g_fail "child_wait_time: no 'failed to die' line"
g_step "-C -a: the checker logs the addresses and their changes"
write_conf ""
start "$G_TMP/a.log" -C -a
g_wait_for 10 checker_up "$G_TMP/a.log" || g_fail "-a: no checker"
a_logged() { grep -q "Netlink reflector reports IP $1\$" "$G_TMP/a.log"; }
g_wait_for 5 a_logged "198.18.9.1 added" || g_fail "-a: the address at start not logged"
ip addr add 198.18.9.7/24 dev vrrp0 || g_fail "add"
g_wait_for 5 a_logged "198.18.9.7 added" || g_fail "-a: the new address not logged"
ip addr del 198.18.9.7/24 dev vrrp0 || g_fail "del"
g_wait_for 5 a_logged "198.18.9.7 removed" || g_fail "-a: the removal not logged"
ka_stop "$KA_PID" 10 || g_fail "-a: still running 10 s after SIGTERM"
g_step "PASS"
exit 0
