#!/bin/bash
# The checker's failure lines, ours against keepalived 2.2.7 -C, inside the
# UML guest (IPVS): each kind of checker against a closed port (or an absent
# host for PING_CHECK), with retries. keepalived 2.2.7's TCP_CHECK counts a
# checker as having run only once it has given a verdict, so the first
# verdict after retries says "TCP_CHECK on service [IP]:tcp:PORT failed."
# without "after N retries"; the lines of every kind must match keepalived's.
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-240}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_fail_lines
g_need_ref

ip link add eth0 type dummy && ip link set eth0 up &&
	ip addr add 198.18.5.1/24 dev eth0 || g_fail "eth0"

write_conf() { # KIND RETRY (empty: default) [PORT]
	printf 'global_defs {\n\trouter_id uml_fail\n}\n'
	printf 'virtual_server 198.18.5.200 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tlb_kind NAT\n'
	printf '\tprotocol %s\n' "$([ "$1" = UDP_CHECK ] || [ "$1" = DNS_CHECK ] && echo UDP || echo TCP)"
	case $1 in
	PING_CHECK) printf '\treal_server 198.18.5.9 81 {\n\t\tweight 1\n' ;;
	DNS_CHECK) printf '\treal_server 198.18.5.1 53 {\n\t\tweight 1\n' ;;
	*) printf '\treal_server 198.18.5.1 %s {\n\t\tweight 1\n' "${3:-81}" ;;
	esac
	printf '\t\t%s {\n' "${1%_ALPHA}"
	case $1 in *_ALPHA) printf '\t\t\talpha\n' ;; esac
	case $1 in
	TCP_CHECK* | UDP_CHECK | PING_CHECK | SMTP_CHECK) printf '\t\t\tconnect_timeout 1\n' ;;
	HTTP_GET) printf '\t\t\tconnect_timeout 1\n\t\t\turl {\n\t\t\t\tpath /\n\t\t\t}\n' ;;
	DNS_CHECK) printf '\t\t\tconnect_timeout 1\n\t\t\tname example.org\n' ;;
	MISC_CHECK) printf '\t\t\tmisc_path /bin/false\n' ;;
	esac
	[ -n "$2" ] && printf '\t\t\tretry %s\n' "$2"
	printf '\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n}\n'
}

DOWN='CHECK on service|Misc check|DNS_CHECK|SMTP'

has_down() { grep -Eq "$DOWN" "$1" 2>/dev/null; }
UP='success|succeed'
has_up() { grep -Eq "$UP" "$1" 2>/dev/null; }

run() { # KIND SCENARIO [up]
	local log=$G_TMP/$2-$1.log bin=$REF want=has_down
	[ -n "${3:-}" ] && want=has_up
	[ "$1" = ours ] && bin=$KEEPALIVED
	ka_start "$log" "$bin" -n -l -D -C -f "$G_TMP/$2.conf" -p "$G_TMP/$1.pid" \
		-c "$G_TMP/$1.cpid"
	g_wait_for 15 $want "$log" || g_fail "$1 $2: no failure/success line"
	ka_stop "$KA_PID" 5 || g_fail "$1 $2: did not stop"
	g_log_lines "$log" |
		grep -E "$DOWN|$UP" >"$G_TMP/$2-$1.lines"
}

for s in TCP_CHECK: TCP_CHECK:0 TCP_CHECK:2 HTTP_GET:1 UDP_CHECK:1 PING_CHECK:1 DNS_CHECK:1 \
	MISC_CHECK:1 MISC_CHECK:0 SMTP_CHECK:1 TCP_CHECK_ALPHA:0 TCP_CHECK_ALPHA:1; do
	k=${s%%:*} r=${s#*:} n=$(echo "$s" | tr ':A-Z' _a-z)
	write_conf "$k" "$r" >"$G_TMP/$n.conf"
	g_step "$k retry ${r:-default}"
	run ka "$n"
	run ours "$n"
	echo "== keepalived $n"; cat "$G_TMP/$n-ka.lines"
	echo "== ours $n"; cat "$G_TMP/$n-ours.lines"
	diff "$G_TMP/$n-ka.lines" "$G_TMP/$n-ours.lines" >/dev/null || FAILED="$FAILED $n"
done
# The success lines, against servers that answer.
srv_start up_tcp,-,198.18.5.1,82,tcp up_http,-,198.18.5.1,83,http,200 \
	up_udp,-,198.18.5.1,84,udp || g_fail "servers.py did not start"
for s in TCP_CHECK:82 HTTP_GET:83 UDP_CHECK:84; do
	k=${s%%:*} p=${s#*:} n=up_$(echo "$k" | tr 'A-Z' 'a-z')
	write_conf "$k" 1 "$p" >"$G_TMP/$n.conf"
	g_step "$k up"
	run ka "$n" up
	run ours "$n" up
	echo "== keepalived $n"; cat "$G_TMP/$n-ka.lines"
	echo "== ours $n"; cat "$G_TMP/$n-ours.lines"
	diff "$G_TMP/$n-ka.lines" "$G_TMP/$n-ours.lines" >/dev/null || FAILED="$FAILED $n"
done
[ -z "$FAILED" ] || g_fail "failure lines differ from keepalived 2.2.7:$FAILED"
echo PASS
