#!/bin/bash
# A measurement, not a pass/fail test: VRRP advert jitter of our daemon
# while its checker checks 1,000 real servers every second (issue 12: "with
# 1,000 real servers checked every second, VRRP advert jitter stays within
# 1 ms"), against the same daemon with VRRP only (-P), in the UML guest.
# Half the real servers refuse (a local address, nothing listening), half
# never answer (routed into a dummy interface): hung servers whose checks
# run into their 1 s connect timeout.
#
# Prints, for each run, the number of adverts and the largest deviation of
# an advert interval from advert_int (1 s), in microseconds. Exits 1 only if
# the daemon does not become Master.
#
#   JITTER_SECONDS (default 20): how long each run captures.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	UML_PASS_ENV="${UML_PASS_ENV:-} JITTER_SECONDS"
	export UML_PASS_ENV
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 200 -m 512M "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_jitter
SECS=${JITTER_SECONDS:-20}
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
command -v tcpdump >/dev/null || { echo "SKIP: no tcpdump"; exit 77; }

ip link add vrrp0 type dummy && ip link set vrrp0 multicast on up &&
	ip addr add 198.18.9.1/24 dev vrrp0 || g_fail "vrrp0"
# Refusing servers: local addresses with nothing listening.
ip link add refuse0 type dummy && ip link set refuse0 up || g_fail "refuse0"
for i in $(seq 1 5); do ip addr add 198.18.1$i.1/24 dev refuse0; done
# Hung servers: routed into a dummy interface, where packets vanish.
ip link add hang0 type dummy && ip link set hang0 up || g_fail "hang0"
ip route add 198.18.20.0/22 dev hang0 || g_fail "route"

conf=$G_TMP/keepalived.conf
{
	printf 'vrrp_instance VI_1 {\n\tstate MASTER\n\tinterface vrrp0\n\tvirtual_router_id 51\n'
	printf '\tpriority 150\n\tadvert_int 1\n\tvirtual_ipaddress {\n\t\t198.18.9.100/32\n\t}\n}\n'
	n=0
	for v in $(seq 0 9); do
		printf 'virtual_server 198.18.8.%d 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tprotocol TCP\n' $((v + 1))
		for r in $(seq 0 99); do
			if [ $((n % 2)) = 0 ]; then
				addr=198.18.1$((n % 5 + 1)).1
				port=$((10000 + n))
			else
				addr=198.18.$((20 + (n / 250))).$((n % 250 + 1))
				port=80
			fi
			printf '\treal_server %s %d {\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n' "$addr" "$port"
			printf '\t\t\tretry 0\n\t\t}\n\t}\n'
			n=$((n + 1))
		done
		printf '}\n'
	done
} >"$conf"

is_master() {
	grep -q "Entering MASTER STATE" "$G_TMP/$1.log"
}

measure() { # LABEL ARGS...
	local label=$1 cap=$G_TMP/$1.adverts.log
	shift
	ka_start "$G_TMP/$label.log" "$KEEPALIVED" "$@" -n -l -f "$conf" -p "$G_TMP/$label.pid" \
		-r "$G_TMP/${label}_vrrp.pid" -c "$G_TMP/${label}_checkers.pid" \
		--control-socket "$G_TMP/$label.ctl"
	g_wait_for 15 is_master "$label" || g_fail "$label: not Master"
	g_sleep 2
	timeout "$SECS" tcpdump -i vrrp0 -n -tt -l 'ip proto 112' >"$cap" 2>/dev/null
	ka_stop "$KA_PID" 10
	awk -v label="$label" '
		$2 == "IP" { t = $1 + 0; if (prev) { d = (t - prev - 1.0) * 1e6; if (d < 0) d = -d;
		  if (d > max) max = d; sum += d; n++ } prev = t }
		END { printf "%s: %d intervals, deviation from 1 s: largest %.0f us, mean %.0f us\n",
		      label, n, max, n ? sum / n : 0 }' "$cap"
}

g_step "VRRP only (-P)"
measure vrrp_only -P
g_step "VRRP and the checker with 1000 real servers"
measure with_checker
grep -c "Activating healthchecker" "$G_TMP/with_checker.log" | sed 's/^/checkers activated: /'
grep -c "TCP_CHECK on service.*failed" "$G_TMP/with_checker.log" | sed 's/^/real servers found down: /'
exit 0
