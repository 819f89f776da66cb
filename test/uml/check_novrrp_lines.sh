#!/bin/bash
# With no vrrp_instance (a virtual server only), keepalived 2.2.7 starts no
# VRRP process, so with -D none of that process's "Registering ..." lines
# appear; ours must write none either. Run in the UML guest (the checker
# needs IPVS), both daemons without -C; the "Registering" lines must match
# keepalived's (none).
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-90}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_novrrp_lines
g_need_ref

ip link add eth0 type dummy && ip link set eth0 up &&
	ip addr add 198.18.5.1/24 dev eth0 || g_fail "eth0"

cat >"$G_TMP/n.conf" <<'CONF'
global_defs {
	router_id uml_novrrp
}
virtual_server 198.18.5.200 80 {
	delay_loop 2
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 198.18.5.2 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
CONF

has() { grep -q "$2" "$1" 2>/dev/null; }

run() { # KIND
	local log=$G_TMP/$1.log bin=$REF
	[ "$1" = ours ] && bin=$KEEPALIVED
	ka_start "$log" "$bin" -n -l -D -f "$G_TMP/n.conf" -p "$G_TMP/$1.pid" \
		-c "$G_TMP/$1.cpid" -r "$G_TMP/$1.vpid"
	g_wait_for 10 has "$log" 'Activating BFD healthchecker' || g_fail "$1: never started"
	# The VRRP side, were it running, has logged by now: give it a second.
	g_sleep 1
	ka_stop "$KA_PID" 5 || g_fail "$1: did not stop"
	g_log_lines "$log" |
		grep 'Registering' >"$G_TMP/$1.lines"
	echo "== $1"; cat "$G_TMP/$1.lines"
}

run ka
run ours
diff "$G_TMP/ka.lines" "$G_TMP/ours.lines" || g_fail "Registering lines differ from keepalived 2.2.7"
echo PASS
