#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# Daemon-level benchmark: our daemon against keepalived, in the same run.
#
#   test/bench/daemon_bench.sh BUILD_DIR
#
# For each instance count M, two network namespaces joined by veth links
# (at most 250 VRIDs per link): one runs M VRRPv3 instances at advert_int
# 0.1 s as MASTER (priority 255), the other the same VRIDs as BACKUP
# (priority 100), so that the master's send path and the backup's receive
# path both run. Once the masters hold every VIP, the backups are up and the
# master's delayed gratuitous ARPs are past, a window of BENCH_SECONDS is
# measured: CPU time (sum_exec_runtime from /proc/PID/task/*/schedstat, and
# utime+stime from /proc/PID/stat, both summed over every process of the
# daemon: keepalived's parent and VRRP child, our single process), RSS, and
# the adverts sent and received (the namespaces' IpExt multicast counters:
# nothing else multicasts on these links), and the bytes each daemon logged
# in the window (should be 0: nothing is logged per packet). Same
# configurations and flags for both daemons: -n -P -l -G, log to a file.
#
# Prints a table and the ratios ours/keepalived (lower is better).
#
# Environment:
#   BENCH_INSTANCES   instance counts (default "100 500"; empty: none)
#   BENCH_SECONDS     measured window per run, seconds (default 20)
#   BENCH_KEEPALIVED  the reference daemon (default: keepalived in PATH)
#   BENCH_OURS        our daemon (default BUILD_DIR/keepalived/keepalived);
#                     pointing it at keepalived checks the bench itself
#   BENCH_CALLGRIND   1: also count user-space instructions per advert under
#                     callgrind, BENCH_CG_INSTANCES (default 50) instances,
#                     from two runs with windows BENCH_CG_SHORT and
#                     BENCH_CG_LONG seconds (default 4 and 16)
# Needs root; exits 77 if something it needs is missing.
set -u

usage() {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
[ $# -eq 1 ] || usage
BUILD=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$SRC/test/integration/lib.sh"
lib_init bn-bench
lib_require_tools awk ip readlink sysctl

INSTANCES=${BENCH_INSTANCES-100 500}
SECONDS_RUN=${BENCH_SECONDS:-20}
KA=${BENCH_KEEPALIVED:-$(command -v keepalived || true)}
OURS=${BENCH_OURS:-$BUILD/keepalived/keepalived}
CALLGRIND=${BENCH_CALLGRIND:-0}
CG_INSTANCES=${BENCH_CG_INSTANCES:-50}
CG_SHORT=${BENCH_CG_SHORT:-4}
CG_LONG=${BENCH_CG_LONG:-16}
PER_LINK=250
ADVERT_CS=10 # advert_int 0.1 s
# keepalived sends a second gratuitous ARP burst 5 s after becoming master
# (vrrp_garp_master_delay): keep it out of the window.
SETTLE_S=6

if [ -z "$KA" ] || [ ! -x "$KA" ]; then
	echo "SKIP: no keepalived to compare with"
	exit 77
fi
[ -x "$OURS" ] || fail "$OURS is not built"
KA=$(readlink -f "$KA")
OURS=$(readlink -f "$OURS")
if [ "$CALLGRIND" = 1 ]; then
	lib_require_tools valgrind
fi

T=$LIB_TMP
NS_M=bn-bm-$$
NS_B=bn-bb-$$
RESULTS=$T/results

# Topology ---------------------------------------------------------------------
# One pair of namespaces for the whole run, with as many links as the
# largest instance count needs.
max_m=0
for m in $INSTANCES $([ "$CALLGRIND" = 1 ] && echo "$CG_INSTANCES"); do
	[ "$m" -gt "$max_m" ] && max_m=$m
done
LINKS=$(((max_m + PER_LINK - 1) / PER_LINK))

setup_ns() { # NS
	ns_create "$1"
	# IPv6 off and no IGMP reports for 224.0.0.x, so that the only
	# multicast the namespace sends or receives is VRRP.
	ns_exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.igmp_link_local_mcast_reports=0 || fail "sysctl in $1"
}
setup_ns "$NS_M"
setup_ns "$NS_B"
l=0
while [ "$l" -lt "$LINKS" ]; do
	ip -n "$NS_M" link add "m$l" type veth peer name "b$l" netns "$NS_B" || fail "veth $l"
	ip -n "$NS_M" addr add "198.18.$((100 + l)).1/24" dev "m$l" || fail "addr m$l"
	ip -n "$NS_B" addr add "198.18.$((100 + l)).2/24" dev "b$l" || fail "addr b$l"
	ip -n "$NS_M" link set "m$l" up || fail "m$l up"
	ip -n "$NS_B" link set "b$l" up || fail "b$l up"
	l=$((l + 1))
done

# gen_conf FILE ROLE M: M instances, VRIDs 1..250 per link, one VIP each.
gen_conf() {
	awk -v role="$2" -v m="$3" -v per="$PER_LINK" -v cs="$ADVERT_CS" 'BEGIN {
		if (role == "master") { st = "MASTER"; pr = 255; ifp = "m" }
		else { st = "BACKUP"; pr = 100; ifp = "b" }
		printf "global_defs {\n    router_id bench_%s\n    vrrp_version 3\n}\n", role
		for (i = 0; i < m; i++) {
			l = int(i / per)
			v = i % per + 1
			printf "\nvrrp_instance VI_%d_%d {\n", l, v
			printf "    state %s\n    interface %s%d\n", st, ifp, l
			printf "    virtual_router_id %d\n    priority %d\n", v, pr
			printf "    advert_int %.2f\n", cs / 100
			printf "    virtual_ipaddress {\n        198.19.%d.%d/32\n    }\n}\n", l, v
		}
	}' >"$1"
}

# Measurement helpers ----------------------------------------------------------
# daemon_pids NS EXE: every process in NS running EXE.
daemon_pids() {
	for _p in $(ip netns pids "$1" 2>/dev/null); do
		[ "$(readlink "/proc/$_p/exe" 2>/dev/null)" = "$2" ] && echo "$_p"
	done
}

# sample PIDS...: "sched_ns ticks rss_kb" summed over the processes.
sample() {
	for _p in "$@"; do
		cat "/proc/$_p/task/"*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "S %.0f\n", s }'
		sed 's/.*) //' "/proc/$_p/stat" 2>/dev/null | awk '{ printf "T %d\n", $12 + $13 }'
		awk '$1 == "VmRSS:" { printf "R %d\n", $2 }' "/proc/$_p/status" 2>/dev/null
	done | awk '{ v[$1] += $2 } END { printf "%.0f %.0f %.0f\n", v["S"], v["T"], v["R"] }'
}

# mcast PID: "in_pkts out_pkts in_octets out_octets" (IpExt) of the
# namespace PID runs in.
mcast() {
	mcast_parse <"/proc/$1/net/netstat"
}
mcast_parse() {
	awk '
		$1 == "IpExt:" && !h { for (i = 2; i <= NF; i++) n[$i] = i; h = 1; next }
		$1 == "IpExt:" { printf "%.0f %.0f %.0f %.0f\n", $n["InMcastPkts"], $n["OutMcastPkts"],
			$n["InMcastOctets"], $n["OutMcastOctets"] }'
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
now_ns() {
	date +%s%N
}
fsize() { # FILE
	wc -c <"$1" 2>/dev/null || echo 0
}

stop_pid() { # PID [TIMEOUT]
	daemon_stop "$1" "${2:-5}" || { kill -KILL "$1" 2>/dev/null; wait_for 2 _lib_dead "$1"; }
}

# record NAME M ROLE MCAST0 MCAST1 SAMPLE0 SAMPLE1 PIDS LOG_BYTES: one line of
# $RESULTS (see run_one); the master counts what it sent, the backup what it
# received. Uses $_wall.
record() {
	echo "$4 $5" | awk -v n="$1" -v m="$2" -v role="$3" -v cs="$ADVERT_CS" \
		-v wall="$_wall" -v s0="$6" -v s1="$7" -v procs="$(echo "$8" | wc -w)" \
		-v logb="$9" '
		{
			split(s0, a, " "); split(s1, b, " ")
			if (role == "master") { pk = $6 - $2; oc = $8 - $4 }
			else { pk = $5 - $1; oc = $7 - $3 }
			printf "%s %d %s %.0f %.0f %.0f %.0f %.0f %d %.0f %.0f %.0f\n", n, m, role,
				pk, m * wall / 1e9 / (cs / 100), b[1] - a[1], b[2] - a[2], b[3],
				procs, wall, oc, logb
		}' >>"$RESULTS"
}

# run_one NAME EXE M SECONDS [WRAP]: one measured run; appends a line per
# role to $RESULTS:
#   name m role adverts expected sched_ns ticks rss_kb procs wall_ns octets
#   log_bytes (written to the daemon's log during the window)
# With WRAP (a callgrind command line), also a line per role to $T/cg:
#   name m role seconds instructions adverts (both over the whole life)
run_one() {
	_name=$1 _exe=$2 _m=$3 _secs=$4 _wrap=${5:-}
	_d=$T/$_name-$_m-$_secs
	mkdir -p "$_d"
	gen_conf "$_d/master.conf" master "$_m"
	gen_conf "$_d/backup.conf" backup "$_m"
	_flags="-n -P -l -G"
	_timeout=$((10 + _m / 20))
	_stop_s=5
	if [ -n "$_wrap" ]; then
		_timeout=$((_timeout * 6)) _stop_s=60
		_wrap="$_wrap --callgrind-out-file=$_d/cg.%p"
		_lc0m=$(mcast_ns "$NS_M") _lc0b=$(mcast_ns "$NS_B")
	fi

	step "$_name: $_m instances, master"
	# shellcheck disable=SC2086 # _wrap and _flags are word lists
	daemon_start_bg "$NS_M" "$_d/master.log" $_wrap "$_exe" $_flags \
		-f "$_d/master.conf" -p "$_d/m.pid" -r "$_d/m_vrrp.pid" \
		-c "$_d/m_chk.pid" -b "$_d/m_bfd.pid"
	_mpid=$LIB_LAST_PID
	wait_for "$_timeout" vips_at_least "$NS_M" "$_m" ||
		fail "$_name: master holds $(vip_count "$NS_M") of $_m VIPs after ${_timeout}s"
	_master_ready=$(now_ns)

	step "$_name: $_m instances, backup"
	# shellcheck disable=SC2086
	daemon_start_bg "$NS_B" "$_d/backup.log" $_wrap "$_exe" $_flags \
		-f "$_d/backup.conf" -p "$_d/b.pid" -r "$_d/b_vrrp.pid" \
		-c "$_d/b_chk.pid" -b "$_d/b_bfd.pid"
	_bpid=$LIB_LAST_PID
	wait_for "$_timeout" log_count_at_least "$_d/backup.log" "Entering BACKUP STATE" "$_m" ||
		echo "  warning: $(grep -c "Entering BACKUP STATE" "$_d/backup.log") of $_m backup instances logged BACKUP"
	# Past the master's delayed gratuitous ARPs, and the backups settled.
	_wait_ms=$((SETTLE_S * 1000 - ($(now_ns) - _master_ready) / 1000000))
	[ "$_wait_ms" -lt 1000 ] && _wait_ms=1000
	sleep "$(awk -v ms="$_wait_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"

	if [ -n "$_wrap" ]; then
		# Under valgrind the process image is the tool: every process
		# in the namespaces is one of the daemon's.
		_mp=$(ip netns pids "$NS_M") _bp=$(ip netns pids "$NS_B")
	else
		_mp=$(daemon_pids "$NS_M" "$_exe") _bp=$(daemon_pids "$NS_B" "$_exe")
	fi
	[ -n "$_mp" ] || fail "$_name: no master process"
	[ -n "$_bp" ] || fail "$_name: no backup process"
	pid_alive "$_mpid" || fail "$_name: master exited"
	pid_alive "$_bpid" || fail "$_name: backup exited"

	# shellcheck disable=SC2086 # pid lists
	{
		_l0m=$(fsize "$_d/master.log") _l0b=$(fsize "$_d/backup.log")
		_s0m=$(sample $_mp) _s0b=$(sample $_bp)
		_t0=$(now_ns)
		_c0m=$(mcast "$_mpid") _c0b=$(mcast "$_bpid")
		sleep "$_secs"
		_c1m=$(mcast "$_mpid") _c1b=$(mcast "$_bpid")
		_t1=$(now_ns)
		_s1m=$(sample $_mp) _s1b=$(sample $_bp)
		_l1m=$(fsize "$_d/master.log") _l1b=$(fsize "$_d/backup.log")
	}
	pid_alive "$_mpid" || fail "$_name: master exited during the run"
	pid_alive "$_bpid" || fail "$_name: backup exited during the run"
	_bvips=$(vip_count "$NS_B")
	_bmaster=$(grep -c "Entering MASTER STATE" "$_d/backup.log")

	step "$_name: stopping"
	stop_pid "$_bpid" "$_stop_s"
	stop_pid "$_mpid" "$_stop_s"
	# shellcheck disable=SC2086 # pid lists
	if [ -n "$_wrap" ]; then
		_lc1m=$(mcast_ns "$NS_M") _lc1b=$(mcast_ns "$NS_B")
		echo "$_name $_m master $_secs $(cg_instr "$_d" $_mp)" \
			"$(echo "$_lc0m $_lc1m" | awk '{ print $6 - $2 }')" >>"$T/cg"
		echo "$_name $_m backup $_secs $(cg_instr "$_d" $_bp)" \
			"$(echo "$_lc0b $_lc1b" | awk '{ print $5 - $1 }')" >>"$T/cg"
	fi

	_wall=$((_t1 - _t0))
	record "$_name" "$_m" master "$_c0m" "$_c1m" "$_s0m" "$_s1m" "$_mp" $((_l1m - _l0m))
	record "$_name" "$_m" backup "$_c0b" "$_c1b" "$_s0b" "$_s1b" "$_bp" $((_l1b - _l0b))
	# Sanity: a backup that took over would send and skew every number.
	_bsent=$(echo "$_c0b $_c1b" | awk '{ print $6 - $2 }')
	[ "$_bsent" -eq 0 ] || echo "  warning: $_name backups sent $_bsent multicast packets"
	[ "$_bvips" -eq 0 ] || echo "  warning: $_name backup held $_bvips VIPs"
	[ "$_bmaster" -eq 0 ] || echo "  warning: $_name: $_bmaster backup instances entered MASTER"
}

# Callgrind: instructions per advert -----------------------------------------
# valgrind's gdbserver does not follow fork, so callgrind_control cannot zero
# keepalived's VRRP child at the start of a window. Instead each daemon runs
# twice, with a short and a long window, and the cost per advert is the
# difference of the whole-life instruction counts over the difference of the
# adverts: start-up and shutdown cancel out.

# cg_instr DIR PIDS...: instructions callgrind counted for the processes
# (written at their exit), summed.
cg_instr() {
	_dir=$1
	shift
	_sum=0
	for _p in "$@"; do
		_n=$(awk '$1 == "totals:" || $1 == "summary:" { print $2; exit }' "$_dir/cg.$_p" 2>/dev/null)
		[ -n "$_n" ] || echo "  warning: no callgrind totals for $_p" >&2
		_sum=$((_sum + ${_n:-0}))
	done
	echo "$_sum"
}

# mcast_ns NS: as mcast, read from inside NS.
mcast_ns() {
	ns_exec "$1" cat /proc/net/netstat | mcast_parse
}

# Runs -------------------------------------------------------------------------
echo "== daemon benchmark: VRRPv3 IPv4, advert_int $(awk -v c="$ADVERT_CS" 'BEGIN { print c / 100 }') s," \
	"instances: ${INSTANCES:-none}, ${SECONDS_RUN} s window"
echo "   ours:       $OURS"
echo "   keepalived: $KA ($("$KA" -v 2>&1 | head -n 1))"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
: >"$RESULTS"
for m in $INSTANCES; do
	run_one keepalived "$KA" "$m" "$SECONDS_RUN"
	run_one ours "$OURS" "$m" "$SECONDS_RUN"
done
if [ "$CALLGRIND" = 1 ]; then
	: >"$T/cg"
	for n in keepalived ours; do
		[ "$n" = ours ] && exe=$OURS || exe=$KA
		for secs in "$CG_SHORT" "$CG_LONG"; do
			run_one "cg-$n" "$exe" "$CG_INSTANCES" "$secs" \
				"valgrind -q --tool=callgrind --dump-instr=no"
		done
	done
fi

# Report -----------------------------------------------------------------------
echo
echo "== results (adverts: sent by the master, received by the backup; cg-*: under valgrind)"
awk '
	BEGIN {
		printf "%-13s %5s %-6s %6s %8s %6s %9s %9s %9s %9s %5s %6s\n", "daemon", "inst",
			"role", "win_s", "adverts", "%exp", "cpu_ms", "ticks_ms", "us/advert", "rss_kB",
			"procs", "log_B"
	}
	{
		us = $4 > 0 ? $6 / 1000 / $4 : 0
		printf "%-13s %5d %-6s %6.1f %8.0f %6.1f %9.1f %9.0f %9.2f %9.0f %5d %6.0f\n", $1, $2,
			$3, $10 / 1e9, $4, ($5 > 0 ? 100 * $4 / $5 : 0), $6 / 1e6, $7 * 1000 / hz, us,
			$8, $9, $12
		if ($4 > 0 && $11 != 32 * $4)
			bad = bad sprintf("  note: %s %d %s: %d octets for %d packets (not all 32-byte adverts)\n",
				$1, $2, $3, $11, $4)
	}
	END { printf "%s", bad }' hz="$(getconf CLK_TCK)" "$RESULTS"
echo
echo "== ours/keepalived (lower is better; adverts: 1.00 is the same rate)"
awk '
	{ k = $2 " " $3; us = $4 > 0 ? $6 / 1000 / $4 : 0
	  if ($1 == "ours") { o_us[k] = us; o_rss[k] = $8; o_pk[k] = $4; keys[++n] = k }
	  else if ($1 == "keepalived") { k_us[k] = us; k_rss[k] = $8; k_pk[k] = $4 } }
	END {
		printf "%5s %-6s %10s %8s %8s\n", "inst", "role", "us/advert", "rss", "adverts"
		for (i = 1; i <= n; i++) {
			k = keys[i]; split(k, f, " ")
			printf "%5d %-6s %10s %8s %8s\n", f[1], f[2],
				(k_us[k] > 0 ? sprintf("%.2f", o_us[k] / k_us[k]) : "-"),
				(k_rss[k] > 0 ? sprintf("%.2f", o_rss[k] / k_rss[k]) : "-"),
				(k_pk[k] > 0 ? sprintf("%.2f", o_pk[k] / k_pk[k]) : "-")
		}
	}' "$RESULTS"
if [ "$CALLGRIND" = 1 ]; then
	echo
	echo "== user-space instructions per advert under callgrind ($CG_INSTANCES instances;" \
		"windows ${CG_SHORT} s and ${CG_LONG} s, difference)"
	awk -v short="$CG_SHORT" '
		{ k = $1 " " $3; i = $4 == short ? 1 : 2; ins[k, i] = $5; adv[k, i] = $6
		  if (!(k in seen)) { seen[k] = 1; keys[++n] = k } }
		END {
			printf "%-16s %-6s %14s %10s %14s\n", "daemon", "role", "d_instr", "d_adverts", "instr/advert"
			for (j = 1; j <= n; j++) {
				k = keys[j]; split(k, f, " ")
				di = ins[k, 2] - ins[k, 1]; da = adv[k, 2] - adv[k, 1]
				v[k] = da > 0 ? di / da : 0
				printf "%-16s %-6s %14.0f %10.0f %14.0f\n", f[1], f[2], di, da, v[k]
			}
			for (r = 1; r <= 2; r++) {
				role = r == 1 ? "master" : "backup"
				if (v["cg-keepalived " role] > 0)
					printf "ours/keepalived %s: %.2f\n", role,
						v["cg-ours " role] / v["cg-keepalived " role]
			}
		}' "$T/cg"
fi
