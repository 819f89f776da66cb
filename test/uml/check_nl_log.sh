#!/bin/bash
# The checker's -D lines about its netlink sockets, ours against keepalived
# 2.2.7 -C, inside the UML guest (IPVS). keepalived's checker opens them
# for ha_suspend only and then logs "Registering Kernel netlink reflector"
# and "Registering Kernel netlink command channel" after "Initializing
# ipvs"; without ha_suspend it logs neither. One virtual server with one
# TCP_CHECK real server, with and without ha_suspend; the lines from
# "Initializing ipvs" on that name netlink must match.
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-90}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_nl_log
g_need_ref

ip link add eth0 type dummy && ip link set eth0 up &&
	ip addr add 198.18.5.1/24 dev eth0 || g_fail "eth0"

write_conf() { # ha_suspend or nothing
	printf 'global_defs {\n\trouter_id uml_nl\n}\n'
	printf 'virtual_server 198.18.5.200 80 {\n\tdelay_loop 2\n\tlb_algo rr\n\tlb_kind NAT\n'
	printf '\tprotocol TCP\n'
	[ -n "$1" ] && printf '\tha_suspend\n'
	printf '\treal_server 198.18.5.2 80 {\n\t\tweight 1\n'
	printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n\t\t}\n\t}\n}\n'
}

has_quorum() { grep -q 'Gained quorum' "$1" 2>/dev/null; }

run() { # KIND SCENARIO
	local log=$G_TMP/$2-$1.log bin=$REF
	[ "$1" = ours ] && bin=$KEEPALIVED
	ka_start "$log" "$bin" -n -l -D -C -f "$G_TMP/$2.conf" -p "$G_TMP/$1.pid" \
		-c "$G_TMP/$1.cpid"
	g_wait_for 10 has_quorum "$log" || g_fail "$1 $2: the virtual server never came up"
	ka_stop "$KA_PID" 5 || g_fail "$1 $2: did not stop"
	g_log_lines "$log" |
		sed -n '/^Initializing ipvs$/,$p' | grep 'netlink' >"$G_TMP/$2-$1.lines"
}

write_conf >"$G_TMP/plain.conf"
write_conf ha_suspend >"$G_TMP/suspend.conf"
for s in plain suspend; do
	g_step "$s"
	run ka "$s"
	run ours "$s"
	diff "$G_TMP/$s-ka.lines" "$G_TMP/$s-ours.lines" ||
		g_fail "$s: netlink lines differ from keepalived 2.2.7"
done
# What keepalived 2.2.7 showed, checked as such.
[ -s "$G_TMP/plain-ours.lines" ] && g_fail "plain: netlink lines without ha_suspend"
[ "$(cat "$G_TMP/suspend-ours.lines")" = "Registering Kernel netlink reflector
Registering Kernel netlink command channel" ] || g_fail "suspend: not keepalived's two lines"
echo PASS
