#!/bin/bash
# The checker's failure lines, ours against keepalived 2.2.7 -C, inside the
# UML guest (IPVS): a TCP_CHECK against a closed port, with the default retry
# (1), retry 0 and retry 2. keepalived 2.2.7 counts a checker as having run
# only once it has given a verdict, so the first verdict after retries says
# "TCP_CHECK on service [IP]:tcp:PORT failed." without "after N retries".
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t "${UML_TIMEOUT:-120}" "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_fail_lines
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }

ip link add eth0 type dummy && ip link set eth0 up &&
	ip addr add 198.18.5.1/24 dev eth0 || g_fail "eth0"

write_conf() { # RETRY (empty: default)
	printf 'global_defs {\n\trouter_id uml_fail\n}\n'
	printf 'virtual_server 198.18.5.200 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tlb_kind NAT\n'
	printf '\tprotocol TCP\n'
	printf '\treal_server 198.18.5.1 81 {\n\t\tweight 1\n'
	printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n'
	[ -n "$1" ] && printf '\t\t\tretry %s\n' "$1"
	printf '\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n}\n'
}

has_down() { grep -q 'TCP_CHECK on service' "$1" 2>/dev/null; }

run() { # KIND SCENARIO
	local log=$G_TMP/$2-$1.log bin=$REF
	[ "$1" = ours ] && bin=$KEEPALIVED
	ka_start "$log" "$bin" -n -l -D -C -f "$G_TMP/$2.conf" -p "$G_TMP/$1.pid" \
		-c "$G_TMP/$1.cpid"
	g_wait_for 15 has_down "$log" || g_fail "$1 $2: no failure line"
	ka_stop "$KA_PID" 5 || g_fail "$1 $2: did not stop"
	sed 's/^[A-Z][a-z]* [A-Z][a-z]* *[0-9]* [0-9:]* [0-9]*: //' "$log" |
		grep '_CHECK on service' >"$G_TMP/$2-$1.lines"
}

for s in default 0 2; do
	r=$s
	[ "$s" = default ] && r=
	write_conf "$r" >"$G_TMP/r$s.conf"
	g_step "retry $s"
	run ka "r$s"
	run ours "r$s"
	echo "== keepalived r$s"; cat "$G_TMP/r$s-ka.lines"
	echo "== ours r$s"; cat "$G_TMP/r$s-ours.lines"
	diff "$G_TMP/r$s-ka.lines" "$G_TMP/r$s-ours.lines" ||
		g_fail "retry $s: failure lines differ from keepalived 2.2.7"
done
echo PASS
