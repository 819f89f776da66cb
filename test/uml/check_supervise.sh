#!/bin/bash
# A crash or a hang of the checker never stops VRRP, in the UML guest (the
# checker needs IPVS). Our daemon runs one VRRP instance (Master on a dummy
# interface, advert_int 1) and one virtual server. Asserted:
#   - the checker is stopped (SIGSTOP, a hang) for 5 s: the adverts go on,
#     one a second;
#   - the checker is killed (SIGKILL, a crash): "Healthcheck child
#     process(N) died: Respawning", a new checker writes its pid file and
#     programs IPVS again (flushed before the crash), and the adverts went
#     on meanwhile;
#   - the VRRP process is the same one all along;
#   - with -C --dont-release-ipvs, the services stay in IPVS after stop.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 120 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_supervise
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: no tcpdump"; exit 77; }

ip link add vrrp0 type dummy && ip link set vrrp0 multicast on up &&
	ip addr add 198.18.9.1/24 dev vrrp0 || g_fail "vrrp0"
rs_setup rs1,198.18.1.10,198.18.1.1 || g_fail "rs_setup"
srv_start rs1,rs1,198.18.1.10,80,tcp || g_fail "servers.py did not start"
conf=$G_TMP/keepalived.conf
cat >"$conf" <<CONF
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
ka_start "$G_TMP/ours.log" "$KEEPALIVED" -n -l -f "$conf" -p "$G_TMP/ka.pid" \
	-r "$G_TMP/vrrp.pid" -c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl"
is_master() {
	grep -q "Entering MASTER STATE" "$G_TMP/ours.log"
}
g_wait_for 15 is_master || g_fail "not Master"
TABLE="TCP 198.18.0.100:80 -> 198.18.1.10:80 Masq 1
TCP 198.18.0.100:80 rr"
g_expect_table 10 "$TABLE" || g_fail "IPVS not programmed"
vrrp_pid=$(cat "$G_TMP/vrrp.pid")

# Adverts seen on vrrp0 during SECONDS.
adverts_during() { # SECONDS
	timeout "$1" tcpdump -i vrrp0 -n -l 'ip proto 112' 2>/dev/null | grep -c VRRP
}

g_step "checker hung (SIGSTOP) for 5 s"
checker=$(cat "$G_TMP/checkers.pid")
kill -STOP "$checker"
n=$(adverts_during 5)
kill -CONT "$checker"
g_step "adverts while hung: $n"
[ "$n" -ge 4 ] || g_fail "only $n adverts in 5 s while the checker hung"

g_step "checker crashes (SIGKILL), IPVS flushed behind its back"
ipvsadm -C
kill -KILL "$checker"
n=$(adverts_during 3)
g_step "adverts after the crash: $n"
[ "$n" -ge 2 ] || g_fail "only $n adverts in 3 s after the checker crashed"
respawned() {
	grep -q "Healthcheck child process($checker) died: Respawning" "$G_TMP/ours.log" &&
		[ -s "$G_TMP/checkers.pid" ] && [ "$(cat "$G_TMP/checkers.pid")" != "$checker" ]
}
g_wait_for 10 respawned || g_fail "checker not respawned"
g_expect_table 10 "$TABLE" || g_fail "the new checker did not program IPVS"
[ "$(cat "$G_TMP/vrrp.pid")" = "$vrrp_pid" ] && kill -0 "$vrrp_pid" || g_fail "the VRRP process changed"
ka_stop "$KA_PID" 10 || g_fail "still running 10 s after SIGTERM"
g_expect_table 5 "" || g_fail "IPVS not emptied at stop"

g_step "--dont-release-ipvs: the table stays at stop"
ka_start "$G_TMP/ours2.log" "$KEEPALIVED" -C --dont-release-ipvs -n -l -f "$conf" \
	-p "$G_TMP/ka.pid" -c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl"
g_expect_table 10 "$TABLE" || g_fail "-C -I: IPVS not programmed"
ka_stop "$KA_PID" 10 || g_fail "-C -I: still running 10 s after SIGTERM"
g_sleep 1
g_expect_table 1 "$TABLE" || g_fail "--dont-release-ipvs: the table was removed"
g_step "PASS"
exit 0
