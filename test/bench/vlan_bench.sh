#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# Many interfaces (issue 14 goal 4): 1,000 VRRPv3 instances at advert_int 1 s
# spread over 16 VLAN interfaces (VRIDs 1..63 reused on every VLAN), a MASTER
# daemon (priority 200) against a BACKUP daemon (priority 100), ours and then
# keepalived with the same configurations:
#
#   test/bench/vlan_bench.sh BUILD_DIR
#
# For each daemon: once the master holds every VIP and every backup instance
# is BACKUP (and 6 s more), a window of VLAN_BENCH_SECONDS: CPU of both
# daemons (schedstat), transitions logged in the window (should be none),
# late adverts (ours logs the backup's "advert from master ... late" and the
# master's "advert timer fired ... late"; keepalived logs neither). Then
# the master is killed (SIGKILL: no priority 0) and the time until the
# backup holds every VIP is the convergence, against the protocol's bound:
# Master_Down_Interval of priority 100 at 1 s, 3.609 s, + 50 ms.
#
# Environment:
#   VLAN_BENCH_SECONDS     measured window (default 60; make soak: 600)
#   VLAN_BENCH_INSTANCES   instances (default 1000, at most 16 x 255)
#   VLAN_BENCH_KEEPALIVED  the reference daemon (default keepalived in PATH;
#                          none: skipped, as make soak does)
#   VLAN_BENCH_FRAMED      1: ours runs with vrrp_framed_adverts (the packet
#                          socket's frame path, off by default)
# Needs root; exits 77 if something it needs is missing.
set -u

[ $# -eq 1 ] || {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
BUILD=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$SRC/test/integration/lib.sh"
lib_init bn-vlan
lib_require_tools awk ip readlink sysctl

WIN=${VLAN_BENCH_SECONDS:-60}
M=${VLAN_BENCH_INSTANCES:-1000}
KA=${VLAN_BENCH_KEEPALIVED:-$(command -v keepalived || true)}
OURS=$(readlink -f "$BUILD/keepalived/keepalived")
VLANS=16
SETTLE_S=6
BOUND_MS=3659 # 3 x 1 s + (256 - 100) / 256 s, + 50 ms

[ -x "$OURS" ] || fail "$OURS is not built"
[ "$KA" = none ] && KA=
[ -n "$KA" ] && KA=$(readlink -f "$KA")

T=$LIB_TMP
NS_A=bn-va-$$
NS_B=bn-vb-$$
RESULTS=$T/results
: >"$RESULTS"

for ns in "$NS_A" "$NS_B"; do
	ns_create "$ns"
	ns_exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.igmp_link_local_mcast_reports=0 || fail "sysctl in $ns"
done
ip -n "$NS_A" link add a0 type veth peer name b0 netns "$NS_B" || fail "veth"
ip -n "$NS_A" link set a0 up || fail "a0 up"
ip -n "$NS_B" link set b0 up || fail "b0 up"
# 802.1Q VLANs on the veth pair; a kernel without 8021q (some containers) gets
# one veth pair per VLAN instead, named alike: 16 interfaces and sockets all the same.
LINKS=vlan
ip -n "$NS_A" link add link a0 name a0.10 type vlan id 10 2>/dev/null || LINKS=veth
ip -n "$NS_A" link del a0.10 2>/dev/null
v=0
while [ "$v" -lt "$VLANS" ]; do
	a=a0.$((v + 10)) b=b0.$((v + 10))
	if [ "$LINKS" = vlan ]; then
		ip -n "$NS_A" link add link a0 name "$a" type vlan id $((v + 10)) || fail "vlan $a"
		ip -n "$NS_B" link add link b0 name "$b" type vlan id $((v + 10)) || fail "vlan $b"
	else
		ip -n "$NS_A" link add "$a" type veth peer name "$b" netns "$NS_B" || fail "veth $a"
	fi
	ip -n "$NS_A" addr add "198.18.$((v + 10)).1/24" dev "$a" || fail "addr $a"
	ip -n "$NS_B" addr add "198.18.$((v + 10)).2/24" dev "$b" || fail "addr $b"
	ip -n "$NS_A" link set "$a" up || fail "$a up"
	ip -n "$NS_B" link set "$b" up || fail "$b up"
	v=$((v + 1))
done

gen_conf() { # FILE ROLE [GLOBAL_LINE]
	awk -v role="$2" -v m="$M" -v nv="$VLANS" -v extra="${3:-}" 'BEGIN {
		if (role == "master") { st = "MASTER"; pr = 200; ifp = "a0" }
		else { st = "BACKUP"; pr = 100; ifp = "b0" }
		printf "global_defs {\n    router_id vlan_%s\n    vrrp_version 3\n", role
		if (extra != "") printf "    %s\n", extra
		printf "}\n"
		for (i = 0; i < m; i++) {
			vl = i % nv; vr = int(i / nv) + 1
			printf "\nvrrp_instance VI_%d_%d {\n    state %s\n", vl, vr, st
			printf "    interface %s.%d\n", ifp, vl + 10
			printf "    virtual_router_id %d\n    priority %d\n    advert_int 1\n", vr, pr
			printf "    virtual_ipaddress {\n        198.19.%d.%d/32\n    }\n}\n", vl, vr
		}
	}' >"$1"
}

daemon_pids() { # NS EXE
	for _p in $(ip netns pids "$1" 2>/dev/null); do
		[ "$(readlink "/proc/$_p/exe" 2>/dev/null)" = "$2" ] && echo "$_p"
	done
}
cpu_ns() { # PIDS...
	for _p in "$@"; do
		cat "/proc/$_p/task/"*/schedstat 2>/dev/null
	done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}
vip_count() { # NS
	ip -n "$1" -4 -o addr show 2>/dev/null | grep -c ' 198\.19\.'
}
vips_at_least() { # NS N
	[ "$(vip_count "$1")" -ge "$2" ]
}
log_count_at_least() { # FILE PATTERN N
	[ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ]
}
count() { # FILE PATTERN
	grep -c "$2" "$1" 2>/dev/null
}
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

run_daemon() { # NAME EXE
	_d=$T/$1
	mkdir -p "$_d"
	_extra=
	[ "$1" = ours ] && [ "${VLAN_BENCH_FRAMED:-0}" = 1 ] && _extra=vrrp_framed_adverts
	gen_conf "$_d/master.conf" master "$_extra"
	gen_conf "$_d/backup.conf" backup "$_extra"
	step "$1: $M instances on $VLANS VLANs, advert_int 1 s"
	daemon_start_bg "$NS_A" "$_d/master.log" "$2" -n -P -l -G -f "$_d/master.conf" \
		-p "$_d/m.pid" -r "$_d/m_vrrp.pid" -c "$_d/m_chk.pid" -b "$_d/m_bfd.pid"
	_mpid=$LIB_LAST_PID
	wait_for 60 vips_at_least "$NS_A" "$M" || fail "$1: master holds $(vip_count "$NS_A") of $M VIPs"
	daemon_start_bg "$NS_B" "$_d/backup.log" "$2" -n -P -l -G -f "$_d/backup.conf" \
		-p "$_d/b.pid" -r "$_d/b_vrrp.pid" -c "$_d/b_chk.pid" -b "$_d/b_bfd.pid"
	_bpid=$LIB_LAST_PID
	wait_for 60 log_count_at_least "$_d/backup.log" "Entering BACKUP STATE" "$M" ||
		echo "  warning: $1: $(count "$_d/backup.log" "Entering BACKUP STATE") of $M backups"
	sleep "$SETTLE_S"
	_mp=$(daemon_pids "$NS_A" "$2")
	_bp=$(daemon_pids "$NS_B" "$2")
	{ [ -n "$_mp" ] && [ -n "$_bp" ]; } || fail "$1: a daemon is not running"

	step "$1: ${WIN} s window"
	_e0=$(($(count "$_d/master.log" Entering) + $(count "$_d/backup.log" Entering)))
	_l0=$(($(count "$_d/master.log" "fired .* late") + $(count "$_d/backup.log" "from master .* late")))
	# shellcheck disable=SC2086 # pid lists
	_c0=$(cpu_ns $_mp $_bp)
	sleep "$WIN"
	# shellcheck disable=SC2086
	_c1=$(cpu_ns $_mp $_bp)
	_e1=$(($(count "$_d/master.log" Entering) + $(count "$_d/backup.log" Entering)))
	_l1=$(($(count "$_d/master.log" "fired .* late") + $(count "$_d/backup.log" "from master .* late")))

	step "$1: master killed, backup takes over"
	_t0=$(now_ms)
	# shellcheck disable=SC2086
	kill -KILL $_mp
	wait_for 30 vips_at_least "$NS_B" "$M" || echo "  warning: $1: backup holds $(vip_count "$NS_B") of $M VIPs"
	_t1=$(now_ms)
	daemon_stop "$_bpid" 10 || kill -KILL "$_bpid" 2>/dev/null
	wait_for 5 _lib_dead "$_mpid"
	# name cpu_ns transitions late converge_ms
	echo "$1 $((_c1 - _c0)) $((_e1 - _e0)) $((_l1 - _l0)) $((_t1 - _t0))" >>"$RESULTS"
}

echo "== many interfaces: $M VRRPv3 instances at 1 s over $VLANS interfaces ($LINKS), ${WIN} s window"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" \
	"(other work on the machine shows in CPU and lateness)"
run_daemon ours "$OURS"
if [ -n "$KA" ] && [ -x "$KA" ]; then
	run_daemon keepalived "$KA"
fi
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -v win="$WIN" -v m="$M" -v bound="$BOUND_MS" '
	BEGIN {
		printf "%-11s %9s %10s %12s %6s %13s %6s\n", "daemon", "cpu_ms", "cpu_%", "us/advert",
			"trans", "late_adverts", "conv_ms"
	}
	{
		cpu[$1] = $2; adv = m * win
		printf "%-11s %9.1f %10.2f %12.2f %6d %13d %6d%s\n", $1, $2 / 1e6,
			100 * $2 / 1e9 / win, $2 / 1000 / adv, $3, $4, $5,
			($5 <= bound ? "" : " (over the bound)")
	}
	END {
		printf "\nconvergence bound: %d ms (Master_Down_Interval + 50 ms)", bound
		if (cpu["keepalived"] > 0)
			printf "   CPU ours/keepalived: %.2f (goal <= 0.25)", cpu["ours"] / cpu["keepalived"]
		printf "\n"
	}' "$RESULTS"
