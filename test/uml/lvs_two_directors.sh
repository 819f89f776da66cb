#!/bin/bash
# shellcheck disable=SC2317 # functions are called through g_wait_for
# Issue 12's done-when: a two-director LVS set-up on this daemon alone, in
# the UML guest. One LAN (a bridge in the guest's root namespace, which is
# also the client): directors d1 (MASTER, priority 150) and d2 (BACKUP,
# 100) each run our daemon with ONE keepalived.conf holding the
# vrrp_instance for the VIP and the virtual servers (lb_kind DR); the real
# servers are addresses of one namespace, rs, served by servers.py: HTTP_GET,
# TCP_CHECK, MISC_CHECK (a flag file) and SSL_GET real servers, a sorry
# server, quorum 2. keepalived 2.2.7 -C runs the same file in a third
# namespace, dref, as the reference for the IPVS tables. Asserted:
#   - d1 holds the VIP, d2 does not; the three IPVS tables are the expected
#     one (lvs_flush removed a service left in d1's), and a client's
#     connection to the VIP goes through d1's IPVS; lvs_timeouts is applied;
#   - the TCP_CHECK server stops: removed from the three tables;
#   - the MISC_CHECK server fails too: quorum lost, the sorry server alone
#     (the three tables); it comes back: quorum gained;
#   - d1 dies (daemon and checker SIGKILLed, its link down): d2 takes the
#     VIP, its table is the expected one and the client's connection to the
#     VIP goes through it.
# Tables are read from /proc/PID/net/ip_vs in bash (no process: every fork
# and exec costs about 70 ms in the guest).
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	UML_PASS_ENV="${UML_PASS_ENV:-} KEEPALIVED_REF"
	export UML_PASS_ENV
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 150 "$0" "$@"
fi

export LC_ALL=C
. "$top_srcdir/test/uml/guest_lib.sh"
g_init lvs_two_directors
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }

VIP=198.18.1.100
g_step "network: bridge, d1, d2, dref, rs"
{
	echo "link add br0 type bridge"
	echo "link set br0 up"
	echo "addr add 198.18.1.50/24 dev br0"
	for ns in d1 d2 dref rs; do
		echo "netns add $ns"
		echo "link add b-$ns type veth peer name eth0 netns $ns"
		echo "link set b-$ns master br0"
		echo "link set b-$ns up"
	done
} >"$G_TMP/root.ip"
ip -batch "$G_TMP/root.ip" || g_fail "root namespace"
n=1
for ns in d1 d2 dref; do
	printf 'link set lo up\nlink set eth0 up\naddr add 198.18.1.%d/24 dev eth0\n' $n \
		>"$G_TMP/$ns.ip"
	ip -n $ns -batch "$G_TMP/$ns.ip" || g_fail "$ns"
	n=$((n + 1))
done
# The real servers: .11 HTTP, .12 TCP, .13 MISC (an address only), .14
# HTTPS, .15 the sorry server; the VIP on lo for DR (not answered in ARP).
{
	printf 'link set lo up\nlink set eth0 up\n'
	for a in 11 12 13 14 15; do echo "addr add 198.18.1.$a/24 dev eth0"; done
	echo "addr add $VIP/32 dev lo"
} >"$G_TMP/rs.ip"
ip -n rs -batch "$G_TMP/rs.ip" || g_fail "rs"
ip netns exec rs sh -c 'echo 1 >/proc/sys/net/ipv4/conf/all/arp_ignore &&
	echo 2 >/proc/sys/net/ipv4/conf/all/arp_announce' || g_fail "rs: arp sysctls"
srv_start rs1,rs,198.18.1.11,80,http rs2,rs,198.18.1.12,80,tcp rs4,rs,198.18.1.14,443,https \
	sorry,rs,198.18.1.15,80,tcp vip,rs,$VIP,80,tcp || g_fail "servers.py did not start"
MISC_FLAG=$G_TMP/rs3.up
: >"$MISC_FLAG"

# One file per director: the instance, then the same virtual servers.
read -r -d '' VS <<CONF
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
	quorum 2
	sorry_server 198.18.1.15 80
	real_server 198.18.1.11 80 {
		weight 1
		HTTP_GET {
			url {
				path /
				status_code 200
			}
			connect_timeout 2
			retry 0
		}
	}
	real_server 198.18.1.12 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 2
			retry 0
		}
	}
	real_server 198.18.1.13 80 {
		weight 1
		MISC_CHECK {
			misc_path "/usr/bin/test -e $MISC_FLAG"
			misc_timeout 3
			retry 0
		}
	}
}
virtual_server $VIP 443 {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
	real_server 198.18.1.14 443 {
		weight 1
		SSL_GET {
			url {
				path /
				status_code 200
			}
			connect_timeout 2
			retry 0
		}
	}
}
CONF
# lvs_flush removes a service left in d1's IPVS before the start; lvs_timeouts
# sets the connection timeouts.
director_conf() { # NAME STATE PRIORITY
	printf 'global_defs {\n\trouter_id %s\n\tlvs_flush\n' "$1"
	printf '\tlvs_timeouts tcp 901 tcpfin 31 udp 61\n}\n'
	printf 'vrrp_instance VI_1 {\n\tstate %s\n\tinterface eth0\n\tvirtual_router_id 51\n' "$2"
	printf '\tpriority %s\n\tadvert_int 1\n\tvirtual_ipaddress {\n\t\t%s/24\n\t}\n}\n' "$3" "$VIP"
	printf '%s\n' "$VS"
}
director_conf d1 MASTER 150 >"$G_TMP/d1.conf"
director_conf d2 BACKUP 100 >"$G_TMP/d2.conf"

# /proc/PID/net/ip_vs (PID's namespace) as ipvs_table prints it, sorted,
# into G_TABLE, without a process.
_hexaddr() { # C6120164:0050 -> 198.18.1.100:80 in H
	local a=${1%:*}
	H=$((16#${a:0:2})).$((16#${a:2:2})).$((16#${a:4:2})).$((16#${a:6:2})):$((16#${1#*:}))
}
proc_table() { # PID
	local raw vs lines=()
	read -r -d '' raw <"/proc/$1/net/ip_vs"
	while read -r -a f; do
		case ${f[0]} in
		TCP | UDP | SCTP)
			_hexaddr "${f[1]}"
			vs="${f[0]} $H"
			lines+=("$vs ${f[*]:2}")
			;;
		-\>)
			[ "${f[1]}" = RemoteAddress:Port ] && continue
			_hexaddr "${f[1]}"
			lines+=("$vs -> $H ${f[2]} ${f[3]}")
			;;
		esac
	done <<<"$raw"
	sort_lines "${lines[@]}"
}
# LINE... sorted (insertion sort: a few lines), one a line, into G_TABLE.
sort_lines() {
	local line sorted=() i t
	for line in "$@"; do
		[ -n "$line" ] || continue
		i=${#sorted[@]}
		while [ "$i" -gt 0 ] && [[ ${sorted[i - 1]} > $line ]]; do
			sorted[i]=${sorted[i - 1]}
			i=$((i - 1))
		done
		sorted[i]=$line
	done
	G_TABLE=
	for t in "${sorted[@]}"; do G_TABLE+="$t"$'\n'; done
}
_tables_are() { # WANT PID...
	local want=$1 pid
	shift
	for pid in "$@"; do
		proc_table "$pid"
		[ "$G_TABLE" = "$want" ] || return 1
	done
}
# Wait until every PID's namespace has the table WANT (lines, any order).
expect_tables() { # TIMEOUT WHAT WANT PID...
	local timeout=$1 what=$2 want pid
	local -a wl
	mapfile -t wl <<<"$3"
	sort_lines "${wl[@]}"
	want=$G_TABLE
	shift 3
	g_wait_for "$timeout" _tables_are "$want" "$@" && return 0
	echo "expected IPVS table ($what):"
	printf '%s' "$want" | sed 's/^/  /'
	for pid in "$@"; do
		proc_table "$pid"
		echo "pid $pid's namespace:"
		printf '%s' "$G_TABLE" | sed 's/^/  /'
	done
	g_fail "$what"
}
# Connections IPVS forwarded in PID's namespace (active + inactive) in G_CONNS.
proc_conns() { # PID
	local raw
	read -r -d '' raw <"/proc/$1/net/ip_vs"
	G_CONNS=0
	while read -r -a f; do
		[ "${f[0]}" = "->" ] && [ "${f[1]}" != RemoteAddress:Port ] &&
			G_CONNS=$((G_CONNS + f[4] + f[5]))
	done <<<"$raw"
}
log_has() { # LOG TEXT
	local s
	read -r -d '' s <"$G_TMP/$1"
	[[ $s == *"$2"* ]]
}
has_vip() { # NS
	[[ $(ip -n "$1" -4 -o addr show dev eth0) == *" $VIP/24 "* ]]
}
# A client's TCP connection to the VIP: answered only through a director's
# IPVS (DR to the rs namespace, where a server listens on the VIP).
client_connects() {
	timeout 3 bash -c "exec 3<>/dev/tcp/$VIP/80" 2>/dev/null
}

g_step "start d1, d2 (ours) and dref (keepalived 2.2.7 -C)"
start_ours() { # NS
	ka_start "$G_TMP/$1.log" ip netns exec "$1" "$KEEPALIVED" -n -l -f "$G_TMP/$1.conf" \
		-p "$G_TMP/$1.pid" -r "$G_TMP/$1.vpid" -c "$G_TMP/$1.cpid" --control-socket "$G_TMP/$1.ctl"
}
ip netns exec d1 ipvsadm -A -t 198.18.1.200:80 -s rr || g_fail "d1: a stale service"
start_ours d1
D1=$KA_PID
start_ours d2
D2=$KA_PID
ka_start "$G_TMP/dref.log" ip netns exec dref "$REF" -C -n -l -f "$G_TMP/d1.conf" \
	-p "$G_TMP/dref.pid" -c "$G_TMP/dref.cpid"
DREF=$KA_PID

T_ALL="TCP $VIP:80 rr
TCP $VIP:80 -> 198.18.1.11:80 Route 1
TCP $VIP:80 -> 198.18.1.12:80 Route 1
TCP $VIP:80 -> 198.18.1.13:80 Route 1
TCP $VIP:443 rr
TCP $VIP:443 -> 198.18.1.14:443 Route 1"
g_wait_for 15 log_has d1.log "(VI_1) Entering MASTER STATE" || g_fail "d1 did not become Master"
expect_tables 15 "start" "$T_ALL" "$D1" "$D2" "$DREF"
has_vip d1 || g_fail "d1 is Master without the VIP"
timeouts=$(ip netns exec d1 ipvsadm -L --timeout)
[ "$timeouts" = "Timeout (tcp tcpfin udp): 901 31 61" ] || g_fail "d1: lvs_timeouts: $timeouts"
has_vip d2 && g_fail "d2 (Backup) holds the VIP"
log_has d2.log "Entering MASTER STATE" && g_fail "d2 was Master"
client_connects || g_fail "no connection to the VIP through d1"
proc_conns "$D1"
[ "$G_CONNS" -gt 0 ] || g_fail "the connection did not go through d1's IPVS"

g_step "the TCP_CHECK server stops"
T_NO_RS2="TCP $VIP:80 rr
TCP $VIP:80 -> 198.18.1.11:80 Route 1
TCP $VIP:80 -> 198.18.1.13:80 Route 1
TCP $VIP:443 rr
TCP $VIP:443 -> 198.18.1.14:443 Route 1"
srv_cmd stop rs2 || g_fail "servers.py: stop rs2"
expect_tables 10 "the dead real server removed" "$T_NO_RS2" "$D1" "$D2" "$DREF"

g_step "the MISC_CHECK fails too: quorum lost"
rm -f "$MISC_FLAG"
T_SORRY="TCP $VIP:80 rr
TCP $VIP:80 -> 198.18.1.15:80 Route 1
TCP $VIP:443 rr
TCP $VIP:443 -> 198.18.1.14:443 Route 1"
expect_tables 10 "quorum lost: the sorry server" "$T_SORRY" "$D1" "$D2" "$DREF"
log_has d1.log "Lost quorum" || g_fail "d1: no 'Lost quorum' line"

g_step "the MISC_CHECK passes again: quorum gained"
: >"$MISC_FLAG"
expect_tables 10 "quorum gained" "$T_NO_RS2" "$D1" "$D2" "$DREF"

g_step "d1 dies"
kill -KILL "$(cat "$G_TMP/d1.cpid")" "$D1"
ip -n d1 link set eth0 down
g_wait_for 10 log_has d2.log "(VI_1) Entering MASTER STATE" || g_fail "d2 did not become Master"
has_vip d2 || g_fail "d2 is Master without the VIP"
expect_tables 5 "d2 after the failover" "$T_NO_RS2" "$D2"
proc_conns "$D2"
[ "$G_CONNS" = 0 ] || g_fail "d2 forwarded connections while Backup"
g_wait_for 5 client_connects || g_fail "no connection to the VIP through d2"
proc_conns "$D2"
[ "$G_CONNS" -gt 0 ] || g_fail "the connection did not go through d2's IPVS"
ka_stop "$D2" 10 || g_fail "d2: still running 10 s after SIGTERM"
ka_stop "$DREF" 10 || g_fail "dref: still running 10 s after SIGTERM"
g_step "PASS"
exit 0
