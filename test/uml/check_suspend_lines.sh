#!/bin/bash
# ha_suspend, ours against keepalived 2.2.7 -C, inside the UML guest (IPVS):
# a virtual server whose address is not on this host keeps its checker
# suspended ("Deactivating healthchecker for service ...") until the address
# appears ("Activating healthchecker for service ..."), and only then does the
# TCP_CHECK run (against a closed port: its failure line shows it ran); when
# the address goes, "Suspending healthchecker for service ...". The
# checker's healthchecker lines ("Activating BFD healthchecker" after the
# checkers' at start) and _CHECK lines must match keepalived's.
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-120}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_suspend_lines
g_need_ref

ip link add eth0 type dummy && ip link set eth0 up &&
	ip addr add 198.18.5.1/24 dev eth0 || g_fail "eth0"

cat >"$G_TMP/s.conf" <<'CONF'
global_defs {
	router_id uml_suspend
}
virtual_server 198.18.5.200 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	ha_suspend
	real_server 198.18.5.1 81 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF

has() { grep -q "$2" "$1" 2>/dev/null; }

run() { # KIND
	local log=$G_TMP/$1.log bin=$REF
	[ "$1" = ours ] && bin=$KEEPALIVED
	ip addr del 198.18.5.200/32 dev eth0 2>/dev/null
	ka_start "$log" "$bin" -n -l -D -C -f "$G_TMP/s.conf" -p "$G_TMP/$1.pid" \
		-c "$G_TMP/$1.cpid"
	g_wait_for 10 has "$log" 'Startup complete' || g_fail "$1: never started"
	# Three delay_loops with the address away: no check may run.
	g_wait_for 3 has "$log" '_CHECK on service' && g_fail "$1: a check ran while suspended"
	ip addr add 198.18.5.200/32 dev eth0 || g_fail "vip"
	g_wait_for 10 has "$log" '_CHECK on service' || g_fail "$1: the check never ran"
	ip addr del 198.18.5.200/32 dev eth0 || g_fail "vip del"
	g_wait_for 10 has "$log" 'Suspending healthchecker' || g_fail "$1: never suspended"
	ka_stop "$KA_PID" 5 || g_fail "$1: did not stop"
	g_log_lines "$log" |
		grep -E '_CHECK on service|healthchecker' >"$G_TMP/$1.lines"
	echo "== $1"; cat "$G_TMP/$1.lines"
}

run ka
run ours
diff "$G_TMP/ka.lines" "$G_TMP/ours.lines" || g_fail "ha_suspend lines differ from keepalived 2.2.7"
echo PASS
