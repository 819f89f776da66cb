#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# CPU per advert against its floor (issue 14 goal 1), in one run:
#
#   test/bench/send_bench.sh BUILD_DIR
#
# Three network namespaces: a sender and a receiver joined through a bridge in
# the third (multicast snooping off, IPv6 off, no IGMP reports: VRRP is the
# only multicast on the path). On that path, for the same window:
#   floor       send_floor: one raw socket sends M adverts (12-byte VRRPv3
#               payloads) to 224.0.0.18 every advert interval with sendmmsg()
#               in batches of 64, one raw socket receives with recvmmsg();
#   floor-1by1  the same, one sendmsg() per advert (for reference);
#   ours        our daemon, M VRRPv3 instances as MASTER against a second
#               daemon with the same VRIDs as BACKUP;
#   keepalived  Debian's keepalived 2.2.7 with the same configurations.
# CPU is user + system time of both sides (every process of each daemon:
# schedstat's sum_exec_runtime), per advert sent (the sender namespace's
# OutMcastPkts). Prints a table and ratios to the floor (lower is better).
# For the daemons, also the sender's and the receiver's wake-ups (voluntary
# context switches) per second and, where perf can count the syscalls:sys_enter_sendmmsg
# tracepoint, its sendmmsg() calls per second and adverts per call: counts
# that do not depend on the load of the machine.
#
# Environment:
#   BENCH_SEND_INSTANCES  instances M (default 255)
#   BENCH_SEND_INT_CS     advert_int in centiseconds (default 2: 20 ms)
#   BENCH_SEND_SECONDS    measured window per row (default 10)
#   BENCH_SEND_OURS       our daemon (default BUILD_DIR/keepalived/keepalived)
#   BENCH_SEND_KEEP       a directory to copy the logs and configurations to
#   BENCH_KEEPALIVED      the reference daemon (default: keepalived in PATH;
#                         none: its row is skipped)
# Needs root; exits 77 if something it needs is missing.
set -u

[ $# -eq 1 ] || {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
BUILD=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$SRC/test/integration/lib.sh"
lib_init bn-send
lib_require_tools awk ip readlink sysctl

M=${BENCH_SEND_INSTANCES:-255}
CS=${BENCH_SEND_INT_CS:-2}
WIN=${BENCH_SEND_SECONDS:-10}
KA=${BENCH_KEEPALIVED:-$(command -v keepalived || true)}
OURS=$(readlink -f "${BENCH_SEND_OURS:-$BUILD/keepalived/keepalived}")
FLOOR=$BUILD/test/bench/send_floor
SETTLE_S=6 # past keepalived's second gratuitous ARP burst (5 s)

[ -x "$OURS" ] || fail "$OURS is not built"
[ -x "$FLOOR" ] || make -C "$BUILD" test/bench/send_floor >/dev/null || fail "cannot build send_floor"
{ [ "$M" -ge 1 ] && [ "$M" -le 255 ]; } || fail "BENCH_SEND_INSTANCES must be 1..255"
[ -n "$KA" ] && KA=$(readlink -f "$KA")

T=$LIB_TMP
NS_A=bn-sa-$$
NS_B=bn-sb-$$
NS_BR=bn-sbr-$$
RESULTS=$T/results
: >"$RESULTS"

for ns in "$NS_A" "$NS_B" "$NS_BR"; do
	ns_create "$ns"
	ns_exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.igmp_link_local_mcast_reports=0 || fail "sysctl in $ns"
done
ip -n "$NS_BR" link add br0 type bridge mcast_snooping 0 || fail "bridge"
ip -n "$NS_BR" link set br0 up || fail "br0 up"
ip -n "$NS_A" link add a0 type veth peer name pa netns "$NS_BR" || fail "veth a"
ip -n "$NS_B" link add b0 type veth peer name pb netns "$NS_BR" || fail "veth b"
for p in pa pb; do
	ip -n "$NS_BR" link set "$p" master br0 up || fail "$p on br0"
done
ip -n "$NS_A" addr add 198.18.200.1/24 dev a0 || fail "addr a0"
ip -n "$NS_B" addr add 198.18.200.2/24 dev b0 || fail "addr b0"
ip -n "$NS_A" link set a0 up || fail "a0 up"
ip -n "$NS_B" link set b0 up || fail "b0 up"

# Helpers ----------------------------------------------------------------------
mcast_out() { # NS: OutMcastPkts
	ns_exec "$1" cat /proc/net/netstat | awk '
		$1 == "IpExt:" && !h { for (i = 2; i <= NF; i++) n[$i] = i; h = 1; next }
		$1 == "IpExt:" { print $n["OutMcastPkts"] }'
}
daemon_pids() { # NS EXE
	for _p in $(ip netns pids "$1" 2>/dev/null); do
		[ "$(readlink "/proc/$_p/exe" 2>/dev/null)" = "$2" ] && echo "$_p"
	done
}
cpu_ns() { # PIDS...: sum_exec_runtime of every thread, ns
	for _p in "$@"; do
		cat "/proc/$_p/task/"*/schedstat 2>/dev/null
	done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}
wakeups() { # PIDS...: voluntary context switches of every thread
	for _p in "$@"; do
		cat "/proc/$_p/task/"*/status 2>/dev/null
	done | awk '$1 == "voluntary_ctxt_switches:" { s += $2 } END { printf "%.0f\n", s }'
}
HAVE_PERF_TP=0
command -v perf >/dev/null 2>&1 &&
	perf stat -x, -e syscalls:sys_enter_sendmmsg -- true >/dev/null 2>&1 && HAVE_PERF_TP=1
vip_count() { # NS
	ip -n "$1" -4 -o addr show 2>/dev/null | grep -c ' 198\.19\.'
}
vips_at_least() { # NS N
	[ "$(vip_count "$1")" -ge "$2" ]
}
log_count_at_least() { # FILE PATTERN N
	[ "$(grep -c "$2" "$1" 2>/dev/null)" -ge "$3" ]
}
file_has() { # FILE PATTERN
	grep -q "$2" "$1" 2>/dev/null
}

gen_conf() { # FILE ROLE
	awk -v role="$2" -v m="$M" -v cs="$CS" 'BEGIN {
		if (role == "master") { st = "MASTER"; pr = 255; ifn = "a0" }
		else { st = "BACKUP"; pr = 100; ifn = "b0" }
		printf "global_defs {\n    router_id send_%s\n    vrrp_version 3\n}\n", role
		for (v = 1; v <= m; v++) {
			printf "\nvrrp_instance VI_%d {\n    state %s\n    interface %s\n", v, st, ifn
			printf "    virtual_router_id %d\n    priority %d\n", v, pr
			printf "    advert_int %.2f\n", cs / 100
			printf "    virtual_ipaddress {\n        198.19.0.%d/32\n    }\n}\n", v
		}
	}' >"$1"
}

# row NAME ADVERTS CPU_NS_SEND CPU_NS_RECV WALL_NS
row() {
	echo "$1 $2 $3 $4 $5" >>"$RESULTS"
}

# Floor ------------------------------------------------------------------------
run_floor() { # NAME BATCH
	step "$1: $M adverts every $((CS * 10)) ms, batches of $2"
	ns_exec "$NS_B" "$FLOOR" recv b0 $((WIN + 3)) >"$T/$1-recv.out" 2>&1 &
	_rpid=$!
	track_pid "$_rpid"
	wait_for 5 file_has "$T/$1-recv.out" ready || fail "$1: receiver not ready"
	_o0=$(mcast_out "$NS_A")
	_t0=$(date +%s%N)
	ns_exec "$NS_A" "$FLOOR" send a0 198.18.200.1 "$M" $((CS * 10000)) "$WIN" "$2" \
		>"$T/$1-send.out" 2>&1 || fail "$1: sender: $(cat "$T/$1-send.out")"
	_t1=$(date +%s%N)
	_o1=$(mcast_out "$NS_A")
	wait "$_rpid" || fail "$1: receiver: $(cat "$T/$1-recv.out")"
	_sc=$(awk '$1 == "packets" { print $4 * 1000 }' "$T/$1-send.out")
	_rc=$(awk '$1 == "packets" { print $4 * 1000 }' "$T/$1-recv.out")
	_rp=$(awk '$1 == "packets" { print $2 }' "$T/$1-recv.out")
	[ "$_rp" -ge $((_o1 - _o0 - 10)) ] || echo "  warning: $1 received $_rp of $((_o1 - _o0))"
	row "$1" $((_o1 - _o0)) "$_sc" "$_rc" $((_t1 - _t0))
}

# Daemons ----------------------------------------------------------------------
run_daemon() { # NAME EXE
	_d=$T/$1
	mkdir -p "$_d"
	gen_conf "$_d/master.conf" master
	gen_conf "$_d/backup.conf" backup
	step "$1: $M instances, advert_int $((CS * 10)) ms"
	daemon_start_bg "$NS_A" "$_d/master.log" "$2" -n -P -l -G -f "$_d/master.conf" \
		-p "$_d/m.pid" -r "$_d/m_vrrp.pid" -c "$_d/m_chk.pid" -b "$_d/m_bfd.pid"
	_mpid=$LIB_LAST_PID
	wait_for 30 vips_at_least "$NS_A" "$M" || fail "$1: master holds $(vip_count "$NS_A") of $M VIPs"
	daemon_start_bg "$NS_B" "$_d/backup.log" "$2" -n -P -l -G -f "$_d/backup.conf" \
		-p "$_d/b.pid" -r "$_d/b_vrrp.pid" -c "$_d/b_chk.pid" -b "$_d/b_bfd.pid"
	_bpid=$LIB_LAST_PID
	wait_for 30 log_count_at_least "$_d/backup.log" "Entering BACKUP STATE" "$M" ||
		echo "  warning: $1: $(grep -c "Entering BACKUP STATE" "$_d/backup.log") of $M backups"
	sleep "$SETTLE_S"
	_mp=$(daemon_pids "$NS_A" "$2")
	_bp=$(daemon_pids "$NS_B" "$2")
	{ [ -n "$_mp" ] && [ -n "$_bp" ]; } || fail "$1: a daemon is not running"
	# shellcheck disable=SC2086 # pid lists
	{
		_w0=$(wakeups $_mp) _v0=$(wakeups $_bp)
		_c0m=$(cpu_ns $_mp) _c0b=$(cpu_ns $_bp) _o0=$(mcast_out "$NS_A") _t0=$(date +%s%N)
		if [ "$HAVE_PERF_TP" = 1 ]; then
			perf stat -x, -o "$_d/perf" -e syscalls:sys_enter_sendmmsg \
				-p "$(echo $_mp | tr ' ' ',')" -- sleep "$WIN" >/dev/null 2>&1
		else
			sleep "$WIN"
		fi
		_c1m=$(cpu_ns $_mp) _c1b=$(cpu_ns $_bp) _o1=$(mcast_out "$NS_A") _t1=$(date +%s%N)
		_w1=$(wakeups $_mp) _v1=$(wakeups $_bp)
	}
	_mm=$(awk -F, '$3 ~ /sendmmsg/ { print $1 }' "$_d/perf" 2>/dev/null)
	awk -v w=$((_w1 - _w0)) -v a=$((_o1 - _o0)) -v t=$((_t1 - _t0)) -v mm="${_mm:-}" \
		-v v=$((_v1 - _v0)) -v n="$1" 'BEGIN {
		s = t / 1e9
		printf "%s sender: %.0f wake-ups/s, %.1f adverts per wake-up", n, w / s,
			(w > 0 ? a / w : 0)
		if (mm != "" && mm > 0)
			printf ", %.0f sendmmsg/s, %.1f adverts per sendmmsg", mm / s, a / mm
		printf "; receiver: %.0f wake-ups/s\n", v / s }' >>"$T/counts"
	_bm=$(grep -c "Entering MASTER STATE" "$_d/backup.log")
	[ "$_bm" -eq 0 ] || echo "  warning: $1: $_bm backup instances entered MASTER"
	daemon_stop "$_bpid" 5 || kill -KILL "$_bpid" 2>/dev/null
	daemon_stop "$_mpid" 5 || kill -KILL "$_mpid" 2>/dev/null
	row "$1" $((_o1 - _o0)) $((_c1m - _c0m)) $((_c1b - _c0b)) $((_t1 - _t0))
}

echo "== send benchmark: $M VRRPv3 instances, advert_int $((CS * 10)) ms, ${WIN} s windows," \
	"sender and receiver through a bridge"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs" \
	"(other work on the machine inflates every row alike)"
run_floor floor 64
run_floor floor-1by1 1
run_daemon ours "$OURS"
if [ -n "$KA" ] && [ -x "$KA" ]; then
	run_daemon keepalived "$KA"
else
	echo "   keepalived: not found, row skipped"
fi
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${BENCH_SEND_KEEP:-}" ] && cp -r "$T/." "$BENCH_SEND_KEEP/"

# Report -----------------------------------------------------------------------
echo
[ -f "$T/counts" ] && cat "$T/counts"
awk -v m="$M" -v cs="$CS" '
	BEGIN {
		printf "%-11s %8s %6s %10s %10s %10s %9s\n", "row", "adverts", "%exp", "send_us/a",
			"recv_us/a", "cpu_us/a", "x_floor"
	}
	{
		ex = m * ($5 / 1e9) / (cs / 100)
		s = $2 > 0 ? $3 / 1000 / $2 : 0; r = $2 > 0 ? $4 / 1000 / $2 : 0
		name[NR] = $1; adv[NR] = $2; pe[NR] = ex > 0 ? 100 * $2 / ex : 0
		su[NR] = s; ru[NR] = r; tot[NR] = s + r
		if ($1 == "floor") floor = s + r
	}
	END {
		for (i = 1; i <= NR; i++)
			printf "%-11s %8d %6.1f %10.2f %10.2f %10.2f %9s\n", name[i], adv[i], pe[i],
				su[i], ru[i], tot[i], (floor > 0 ? sprintf("%.2f", tot[i] / floor) : "-")
		for (i = 1; i <= NR; i++) { if (name[i] == "ours") o = tot[i]; if (name[i] == "keepalived") k = tot[i] }
		if (o > 0 && floor > 0)
			printf "\nCPU per advert, ours/floor: %.2f (goal <= 1.20)", o / floor
		if (k > 0 && floor > 0)
			printf "   keepalived/floor: %.2f   ours/keepalived: %.2f", k / floor, o / k
		printf "\n"
	}' "$RESULTS"
