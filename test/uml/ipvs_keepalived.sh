#!/bin/bash
# keepalived 2.2.7 -C (Debian's) drives IPVS inside the UML guest: this
# proves the harness (guest, real-server namespaces, servers.py) against
# the reference before our checker is compared with it (ipvs_compare.sh).
#
# One virtual server, rr, NAT: rs1 TCP_CHECK, rs2 HTTP_GET status_code 200.
# Asserted with `ipvsadm -Ln`, polled with deadlines:
#   - both real servers in the table after start;
#   - rs1 removed when its server stops, added back when it returns;
#   - rs2 removed when it answers 503, added back on 200;
#   - after SIGHUP with a changed configuration (wrr, rs1 weight 3, rs2
#     gone, rs3 new): exactly the new table;
#   - after SIGTERM: the table empty, the daemon gone.
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-120}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init ipvs_keepalived
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
command -v ipvsadm >/dev/null || { echo "SKIP: no ipvsadm"; exit 77; }

VS=198.18.0.100
conf=$G_TMP/keepalived.conf
write_conf() { # lb_algo rs1_weight with_rs2 with_rs3
	{
		printf 'global_defs {\n\trouter_id uml_ipvs\n}\n'
		printf 'virtual_server %s 80 {\n\tdelay_loop 1\n\tlb_algo %s\n\tlb_kind NAT\n\tprotocol TCP\n' "$VS" "$1"
		printf '\treal_server 198.18.1.10 80 {\n\t\tweight %s\n' "$2"
		printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 3\n\t\t\tretry 0\n\t\t}\n\t}\n'
		if [ "$3" = yes ]; then
			printf '\treal_server 198.18.2.10 80 {\n\t\tweight 2\n\t\tHTTP_GET {\n'
			printf '\t\t\turl {\n\t\t\t\tpath /\n\t\t\t\tstatus_code 200\n\t\t\t}\n'
			printf '\t\t\tconnect_timeout 3\n\t\t\tretry 0\n\t\t}\n\t}\n'
		fi
		if [ "$4" = yes ]; then
			printf '\treal_server 198.18.3.10 80 {\n\t\tweight 1\n'
			printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 3\n\t\t\tretry 0\n\t\t}\n\t}\n'
		fi
		printf '}\n'
	} >"$conf.new" && mv "$conf.new" "$conf"
}

g_step "real servers: 3 namespaces, servers.py"
rs_setup rs1,198.18.1.10,198.18.1.1 rs2,198.18.2.10,198.18.2.1 rs3,198.18.3.10,198.18.3.1 ||
	g_fail "rs_setup"
srv_start rs1,rs1,198.18.1.10,80,tcp rs2,rs2,198.18.2.10,80,http rs3,rs3,198.18.3.10,80,tcp ||
	g_fail "servers.py did not start"

T1="TCP $VS:80 -> 198.18.1.10:80 Masq 1"
T2="TCP $VS:80 -> 198.18.2.10:80 Masq 2"
both="TCP $VS:80 rr
$T1
$T2"

g_step "start keepalived -C"
write_conf rr 1 yes no
ka_start "$G_TMP/keepalived.log" "$REF" -C -n -l -D -f "$conf" -p "$G_TMP/ka.pid" -c "$G_TMP/ka_checkers.pid"
g_expect_table 20 "$both" || g_fail "real servers not added after start"

g_step "stop rs1's server"
srv_cmd stop rs1 || g_fail "servers.py: stop rs1"
g_expect_table 15 "TCP $VS:80 rr
$T2" || g_fail "rs1 not removed when its server stopped"

g_step "rs1's server back"
srv_cmd start rs1 || g_fail "servers.py: start rs1"
g_expect_table 15 "$both" || g_fail "rs1 not added back"

g_step "rs2 answers 503"
srv_cmd status rs2 503 || g_fail "servers.py: status rs2"
g_expect_table 15 "TCP $VS:80 rr
$T1" || g_fail "rs2 not removed on HTTP 503"

g_step "rs2 answers 200"
srv_cmd status rs2 200 || g_fail "servers.py: status rs2"
g_expect_table 15 "$both" || g_fail "rs2 not added back on HTTP 200"

g_step "reload: wrr, rs1 weight 3, rs2 removed, rs3 added"
write_conf wrr 3 no yes
kill -HUP "$KA_PID"
g_expect_table 15 "TCP $VS:80 wrr
TCP $VS:80 -> 198.18.1.10:80 Masq 3
TCP $VS:80 -> 198.18.3.10:80 Masq 1" || g_fail "table not as configured after reload"

g_step "stop keepalived"
ka_stop "$KA_PID" 10 || g_fail "keepalived still running 10 s after SIGTERM"
g_expect_table 5 "" || g_fail "table not emptied after stop"
g_step "PASS"
exit 0
