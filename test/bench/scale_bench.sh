#!/bin/sh
# shellcheck disable=SC2317,SC2046,SC2086 # wait_for and trap call functions; pid lists split on purpose
# Scale benchmark: our daemon against keepalived, in the same run, on the
# things that grow with the configuration (issue 14, goals 2, 3 and 5).
#
#   test/bench/scale_bench.sh BUILD_DIR
#
# One network namespace with veth pairs (the daemon on the m* ends, the b*
# ends watched). Every instance is an address owner (priority 255, state
# MASTER), so it becomes Master as soon as it starts and installs its VIPs
# at once; `ip -ts monitor address`, started before the daemon, stamps every
# address the kernel adds or deletes.
#
# Rows:
#   memory   1, 255 and 1,000 instances (one VIP each): private memory
#            (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup) and
#            RSS summed over the daemon's processes once every VIP is in
#            place; per instance: (P(M) - P(1)) / (M - 1). Also Pss summed
#            and its per-instance growth: keepalived's VRRP process is
#            forked after its parent parsed the configuration, and the
#            pages both still share are in neither one's Private_*.
#            And group_kB: each page of the daemon's processes counted
#            once, libraries whole (test/bench/group_rss.c says why).
#            The ratios ours/keepalived of RSS, Pss and group_kB are
#            printed (goal 2: at most a third).
#   start    the same runs: launch to the last VIP added (parsed, running,
#            Master, addresses installed), and SIGTERM to the last VIP
#            deleted.
#   reload   the largest instance count: CPU time the reload of the unchanged
#            configuration (SIGHUP) costs, over the same time without one
#            (both 2 s windows, adverts at 1 s included in each, past the
#            second gratuitous ARP burst), and the longest gap between two
#            adverts of one VRID on b0 (tcpdump) from 3 s before to 2 s
#            after the signal: above 1,000 ms plus a few, an advert was late.
#            Ours is reloaded with `keepalivectl reload`, which answers when
#            the reload is done: its wall time is the reload's (plus the
#            client's start).
#   vips     one instance with 2,000 VIPs and 40 instances with 250 each on
#            one interface: first to last address added (the decision to
#            become Master comes just before the first), first address to
#            every VIP announced once by a gratuitous ARP (tcpdump on the
#            peer end), SIGTERM to the last address deleted.
# Each run is repeated BENCH_SCALE_RUNS times (default 3) and the best is
# kept: on a loaded machine the minimum is the figure least disturbed.
#
# Environment:
#   BENCH_SCALE_INSTANCES  instance counts for memory/start (default "1 255 1000";
#                          the first is the base of the per-instance figure)
#   BENCH_SCALE_RUNS       repetitions (default 3)
#   BENCH_SCALE_VIPS       0: skip the vips rows
#   BENCH_SCALE_RELOAD     0: skip the reload row
#   BENCH_KEEPALIVED, BENCH_OURS  as daemon_bench.sh
# Needs root; exits 77 if something it needs is missing.
set -u

[ $# -eq 1 ] || {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
BUILD=$1
SRC=$(cd "$(dirname "$0")/../.." && pwd)

. "$SRC/test/integration/lib.sh"
lib_init bn-scale
lib_require_tools awk ip readlink

INSTANCES=${BENCH_SCALE_INSTANCES-1 255 1000}
RUNS=${BENCH_SCALE_RUNS:-3}
DO_VIPS=${BENCH_SCALE_VIPS:-1}
DO_RELOAD=${BENCH_SCALE_RELOAD:-1}
KA=${BENCH_KEEPALIVED:-$(command -v keepalived || true)}
OURS=${BENCH_OURS:-$BUILD/keepalived/keepalived}
CTL=$BUILD/keepalived/keepalivectl
GROUP_RSS=$BUILD/test/bench/group_rss
# A benchmark program (EXTRA_PROGRAMS): built on demand.
[ -x "$GROUP_RSS" ] || make -C "$BUILD" test/bench/group_rss >/dev/null 2>&1 ||
	echo "warning: $GROUP_RSS not built: group_kB 0"
PER_LINK=250

if [ -z "$KA" ] || [ ! -x "$KA" ]; then
	echo "SKIP: no keepalived to compare with"
	exit 77
fi
[ -x "$OURS" ] || fail "$OURS is not built"
KA=$(readlink -f "$KA")
OURS=$(readlink -f "$OURS")
HAVE_TCPDUMP=0
command -v tcpdump >/dev/null 2>&1 && HAVE_TCPDUMP=1

T=$LIB_TMP
NS=bn-sc-$$
RESULTS=$T/results
: >"$RESULTS"

max_m=1
for m in $INSTANCES; do
	[ "$m" -gt "$max_m" ] && max_m=$m
done
LINKS=$(((max_m + PER_LINK - 1) / PER_LINK))

ns_create "$NS"
ns_exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
	net.ipv4.igmp_link_local_mcast_reports=0 || fail "sysctl"
l=0
while [ "$l" -lt "$LINKS" ]; do
	ip -n "$NS" link add "m$l" type veth peer name "b$l" || fail "veth $l"
	ip -n "$NS" addr add "198.18.$((100 + l)).1/24" dev "m$l" || fail "addr m$l"
	ip -n "$NS" link set "m$l" up || fail "m$l up"
	ip -n "$NS" link set "b$l" up || fail "b$l up"
	l=$((l + 1))
done

# gen_conf FILE INSTANCES VIPS_EACH: owners, VRIDs 1..250 per link.
gen_conf() {
	awk -v m="$2" -v nv="$3" -v per="$PER_LINK" 'BEGIN {
		printf "global_defs {\n    router_id bench_scale\n    vrrp_version 3\n}\n"
		k = 0
		for (i = 0; i < m; i++) {
			l = int(i / per)
			printf "\nvrrp_instance VI_%d {\n    state MASTER\n    interface m%d\n", i, l
			printf "    virtual_router_id %d\n    priority 255\n    advert_int 1\n", i % per + 1
			printf "    virtual_ipaddress {\n"
			for (j = 0; j < nv; j++) {
				printf "        198.%d.%d.%d/32\n", 19 + int(k / 62500),
					int(k / 250) % 250, k % 250 + 1
				k++
			}
			printf "    }\n}\n"
		}
	}' >"$1"
}

daemon_pids() { # EXE
	for _p in $(ip netns pids "$NS" 2>/dev/null); do
		[ "$(readlink "/proc/$_p/exe" 2>/dev/null)" = "$1" ] && echo "$_p"
	done
}

# mem PIDS...: "private_kB rss_kB pss_kB group_kB" summed. Pss counts a page
# shared by n processes as 1/n in each: keepalived's VRRP process shares the
# pages of the configuration its parent parsed before the fork (copy on
# write), which are in neither process's Private_*; the sum of Pss counts
# them once. But Pss also divides the libraries among every other program on
# the host that maps them (other keepalived processes on a busy machine), so
# group_kB (test/bench/group_rss) counts each page of the daemon's processes
# once, libraries whole: their resident memory as if alone on the host.
mem() {
	_g=$("$GROUP_RSS" "$@" 2>/dev/null || echo 0)
	for _p in "$@"; do
		awk '/^Private_(Clean|Dirty):/ { p += $2 } /^Rss:/ { r += $2 } /^Pss:/ { s += $2 }
			END { printf "%d %d %d\n", p, r, s }' "/proc/$_p/smaps_rollup" 2>/dev/null
	done | awk -v g="$_g" '{ p += $1; r += $2; s += $3 } END { printf "%d %d %d %d\n", p, r, s, g }'
}

# The VIPs (198.19.0.0/16 and up) the monitor saw: added (A) or deleted (D).
mon_count() { # FILE A|D
	awk -v w="$2" '/ inet 198\.(19|2[0-9])\./ { d = ($2 == "Deleted")
		if ((w == "D") == d) n++ } END { print n + 0 }' "$1"
}
mon_at_least() { # FILE A|D N
	[ "$(mon_count "$1" "$2")" -ge "$3" ]
}
# Seconds since midnight, local time, as ip -ts prints it.
now_sod() {
	date +%H:%M:%S.%N | awk -F: '{ printf "%.6f\n", $1 * 3600 + $2 * 60 + $3 }'
}
# mon_times FILE: "first_add last_add first_del last_del" (seconds of day).
mon_times() {
	awk '/ inet 198\.(19|2[0-9])\./ {
		split(substr($1, 13, 15), t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
		if ($2 == "Deleted") { if (!fd) fd = s; ld = s } else { if (!fa) fa = s; la = s } }
		END { printf "%.6f %.6f %.6f %.6f\n", fa, la, fd, ld }' "$1"
}
# garp_done FILE N: seconds of day when the N-th distinct VIP was first
# announced (tcpdump -tt: epoch seconds, converted), or 0.
garp_done() {
	awk -v n="$2" -v off="$(($(date +%s) - $(date +%s) % 86400))" '
		/Request who-has 198\.(19|2[0-9])\./ && $0 ~ /tell 198\.(19|2[0-9])\./ {
			ip = $0; sub(/.*who-has /, "", ip); sub(/ .*/, "", ip)
			if (!(ip in seen)) { seen[ip] = 1; c++; if (c == n) { printf "%.6f\n", $1 - off + tz; exit } } }
		END { if (c < n) print 0 }' tz="$(date +%z | awk '{ s = substr($1, 1, 1) == "-" ? -1 : 1
			printf "%d", s * (substr($1, 2, 2) * 3600 + substr($1, 4, 2) * 60) }')" "$1"
}

# run_one NAME EXE CONF NVIPS WITH_MEM: one start, measure, stop; a line in $RESULTS:
#   name conf start_ms remove_ms span_ms garp_ms private_kB rss_kB
run_one() {
	_name=$1 _exe=$2 _conf=$3 _nv=$4 _d=$T/run
	rm -rf "$_d"
	mkdir -p "$_d"
	ns_exec "$NS" ip -ts monitor address >"$_d/mon" 2>&1 &
	_mon=$!
	track_pid "$_mon"
	_cap=
	if [ "$HAVE_TCPDUMP" = 1 ] && [ "$5" = 0 ]; then
		ns_exec "$NS" tcpdump -i b0 -n -l -tt -B 65536 --immediate-mode arp \
			>"$_d/arp" 2>/dev/null &
		_cap=$!
		track_pid "$_cap"
	fi
	sleep 0.5
	_t0=$(now_sod)
	daemon_start_bg "$NS" "$_d/daemon.log" "$_exe" -n -P -l -G -f "$_conf" \
		-p "$_d/p.pid" -r "$_d/r.pid" -c "$_d/c.pid" -b "$_d/b.pid"
	_pid=$LIB_LAST_PID
	wait_for $((10 + _nv / 100)) mon_at_least "$_d/mon" A "$_nv" ||
		fail "$_name: $(mon_count "$_d/mon" A) of $_nv VIPs added"
	# Past the gratuitous ARPs of the first round (and settled, for memory).
	sleep 1.5
	_mem="0 0 0 0"
	[ "$5" = 1 ] && _mem=$(mem $(daemon_pids "$_exe"))
	_t1=$(now_sod)
	kill -TERM "$_pid"
	wait_for $((10 + _nv / 100)) mon_at_least "$_d/mon" D "$_nv" ||
		echo "  warning: $_name: $(mon_count "$_d/mon" D) of $_nv VIPs deleted"
	daemon_stop "$_pid" 10 || kill -KILL "$_pid"
	sleep 0.2
	kill "$_mon" 2>/dev/null
	[ -n "$_cap" ] && kill "$_cap" 2>/dev/null
	wait "$_mon" 2>/dev/null
	[ -n "$_cap" ] && wait "$_cap" 2>/dev/null
	_g=0
	[ -n "$_cap" ] && _g=$(garp_done "$_d/arp" "$_nv")
	mon_times "$_d/mon" | awk -v n="$_name" -v c="$(basename "$_conf" .conf)" -v t0="$_t0" \
		-v t1="$_t1" -v g="$_g" -v mem="$_mem" '{
			split(mem, m, " ")
			printf "%s %s %.1f %.1f %.1f %.1f %d %d %d %d\n", n, c, ($2 - t0) * 1000,
				($4 - t1) * 1000, ($2 - $1) * 1000, (g > 0 ? (g - $1) * 1000 : -1), m[1], m[2],
				m[3], m[4]
		}' >>"$RESULTS"
}

# cpu_ns PIDS...: sum_exec_runtime of every thread.
cpu_ns() {
	for _p in "$@"; do
		cat "/proc/$_p/task/"*/schedstat 2>/dev/null
	done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

# reload_one NAME EXE CONF M: a line "name reload M base_us hup_us max_gap_ms wall_ms"
# in $RESULTS (wall_ms -1: not measured).
reload_one() {
	_name=$1 _exe=$2 _conf=$3 _m=$4 _d=$T/reload
	rm -rf "$_d"
	mkdir -p "$_d"
	_ctl=
	[ "$_name" = ours ] && [ -x "$CTL" ] && _ctl="--control-socket=$_d/ctl"
	daemon_start_bg "$NS" "$_d/daemon.log" "$_exe" -n -P -l -G -f "$_conf" $_ctl \
		-p "$_d/p.pid" -r "$_d/r.pid" -c "$_d/c.pid" -b "$_d/b.pid"
	_pid=$LIB_LAST_PID
	wait_for $((10 + _m / 100)) vips_at_least "$_m" || fail "$_name: VIPs not in place"
	# Past the second gratuitous ARP burst (garp_master_delay, 5 s).
	sleep 5.5
	_cap=
	if [ "$HAVE_TCPDUMP" = 1 ]; then
		ns_exec "$NS" tcpdump -i b0 -n -l -tt -B 65536 --immediate-mode 'ip proto 112' \
			>"$_d/vrrp" 2>/dev/null &
		_cap=$!
		track_pid "$_cap"
		sleep 1
	fi
	_pids=$(daemon_pids "$_exe")
	_c0=$(cpu_ns $_pids)
	sleep 2
	_c1=$(cpu_ns $_pids)
	_w=-1
	if [ -n "$_ctl" ]; then
		_w0=$(date +%s%N)
		"$CTL" --socket "$_d/ctl" reload >"$_d/ctl.out" 2>&1 || fail "$_name: reload failed"
		_w=$((($(date +%s%N) - _w0) / 1000))
		sleep 1.9
	else
		kill -HUP "$_pid"
		sleep 2
	fi
	_c2=$(cpu_ns $(daemon_pids "$_exe"))
	[ -n "$_cap" ] && kill "$_cap" 2>/dev/null && wait "$_cap" 2>/dev/null
	daemon_stop "$_pid" 10 || kill -KILL "$_pid"
	_gap=-1
	[ -n "$_cap" ] && _gap=$(awk '/vrid [0-9]+/ { v = $0; sub(/.*vrid /, "", v); sub(/[^0-9].*/, "", v)
		if (v in last && $1 - last[v] > g) g = $1 - last[v]; last[v] = $1 }
		END { printf "%.1f\n", g * 1000 }' "$_d/vrrp")
	echo "$_name reload $_m $(((_c1 - _c0) / 1000)) $(((_c2 - _c1) / 1000)) $_gap" \
		"$(awk -v w="$_w" 'BEGIN { printf "%.1f", w < 0 ? -1 : w / 1000 }')" >>"$RESULTS"
}
vips_at_least() { # N: VIPs in the namespace
	[ "$(ip -n "$NS" -4 -o addr show 2>/dev/null | grep -c ' 198\.\(19\|2[0-9]\)\.')" -ge "$1" ]
}

echo "== scale benchmark: ours against keepalived, best of $RUNS runs each"
echo "   ours:       $OURS"
echo "   keepalived: $KA ($("$KA" -v 2>&1 | head -n 1))"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
for m in $INSTANCES; do
	gen_conf "$T/i$m.conf" "$m" 1
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		run_one keepalived "$KA" "$T/i$m.conf" "$m" 1
		run_one ours "$OURS" "$T/i$m.conf" "$m" 1
		r=$((r + 1))
	done
done
if [ "$DO_RELOAD" = 1 ]; then
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		reload_one keepalived "$KA" "$T/i$max_m.conf" "$max_m"
		reload_one ours "$OURS" "$T/i$max_m.conf" "$max_m"
		r=$((r + 1))
	done
fi
if [ "$DO_VIPS" = 1 ]; then
	gen_conf "$T/v1x2000.conf" 1 2000
	gen_conf "$T/v40x250.conf" 40 250
	# 40 instances on one interface: m0 only.
	sed -i 's/interface m[0-9]*/interface m0/' "$T/v40x250.conf"
	for c in v1x2000:2000 v40x250:10000; do
		r=0
		while [ "$r" -lt "$RUNS" ]; do
			run_one keepalived "$KA" "$T/${c%:*}.conf" "${c#*:}" 0
			run_one ours "$OURS" "$T/${c%:*}.conf" "${c#*:}" 0
			r=$((r + 1))
		done
	done
fi

# Report -----------------------------------------------------------------------
echo
echo "== memory and start-up, 1 VIP per instance (best of $RUNS; ms from launch / SIGTERM)"
awk '
	$2 ~ /^i[0-9]+$/ {
		k = $1 " " $2
		if (!(k in st) || $3 < st[k]) st[k] = $3
		if (!(k in rm) || $4 < rm[k]) rm[k] = $4
		if (!(k in pv) || $7 < pv[k]) pv[k] = $7
		if (!(k in rs) || $8 < rs[k]) rs[k] = $8
		if (!(k in ps) || $9 < ps[k]) ps[k] = $9
		if (!(k in gr) || $10 < gr[k]) gr[k] = $10
		if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
	}
	END {
		printf "%-10s %6s %10s %8s %12s %7s %11s %8s %9s %10s\n", "daemon", "inst", "private_kB",
			"rss_kB", "priv_B/inst", "pss_kB", "pss_B/inst", "group_kB", "start_ms", "remove_ms"
		for (i = 1; i <= n; i++) {
			split(keys[i], f, " "); m = substr(f[2], 2) + 0
			if (!(f[1] in base)) { base[f[1]] = pv[keys[i]]; bps[f[1]] = ps[keys[i]]; bm[f[1]] = m }
			per = m > bm[f[1]] ? (pv[keys[i]] - base[f[1]]) * 1024 / (m - bm[f[1]]) : -1
			pper = m > bm[f[1]] ? (ps[keys[i]] - bps[f[1]]) * 1024 / (m - bm[f[1]]) : -1
			pi[keys[i]] = per
			printf "%-10s %6d %10d %8d %12s %7d %11s %8d %9.1f %10.1f\n", f[1], m, pv[keys[i]],
				rs[keys[i]], (per >= 0 ? sprintf("%.0f", per) : "-"), ps[keys[i]],
				(pper >= 0 ? sprintf("%.0f", pper) : "-"), gr[keys[i]], st[keys[i]],
				rm[keys[i]]
		}
		print ""
		# Goal 2 of issue 14: RSS and Pss at most a third of those of keepalived.
		printf "ours/keepalived: %6s %10s %8s %8s %8s %12s %9s %10s\n", "inst", "private", "rss",
			"pss", "group", "priv/inst", "start", "remove"
		for (i = 1; i <= n; i++) {
			split(keys[i], f, " ")
			if (f[1] != "ours") continue
			o = keys[i]; k = "keepalived " f[2]
			printf "%-16s %6d %10.2f %8.2f %8.2f %8s %12s %9.2f %10.2f\n", "", substr(f[2], 2),
				pv[o] / pv[k], rs[o] / rs[k], ps[o] / ps[k],
				(gr[k] > 0 ? sprintf("%.2f", gr[o] / gr[k]) : "-"),
				(pi[k] > 0 && pi[o] >= 0 ? sprintf("%.2f", pi[o] / pi[k]) : "-"),
				st[o] / st[k], rm[o] / rm[k]
		}
	}' "$RESULTS"
if [ "$DO_RELOAD" = 1 ]; then
	echo
	echo "== reload of the unchanged $max_m-instance configuration ($RUNS runs): CPU ms in 2 s" \
		"without and with the reload and their difference (median), wall time of" \
		"'keepalivectl reload' (best; -1: none), longest gap between adverts of a VRID on b0 (worst)"
	awk '
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		$2 == "reload" {
			k = $1; c = ++cnt[k]
			bs[k, c] = $4 / 1000; hs[k, c] = $5 / 1000; ds[k, c] = ($5 - $4) / 1000
			if (!(k in gap) || $6 > gap[k]) gap[k] = $6
			if (!(k in wall) || ($7 >= 0 && (wall[k] < 0 || $7 < wall[k]))) wall[k] = $7
			if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		}
		END {
			printf "%-10s %9s %9s %10s %9s %11s\n", "daemon", "base_ms", "with_ms", "reload_ms",
				"wall_ms", "max_gap_ms"
			for (i = 1; i <= n; i++) {
				k = keys[i]
				for (j = 1; j <= cnt[k]; j++) { x[j] = bs[k, j] } ; b = median(x, cnt[k])
				for (j = 1; j <= cnt[k]; j++) { x[j] = hs[k, j] } ; h = median(x, cnt[k])
				for (j = 1; j <= cnt[k]; j++) { x[j] = ds[k, j] } ; d = median(x, cnt[k])
				printf "%-10s %9.1f %9.1f %10.1f %9.1f %11.1f\n", k, b, h, d, wall[k], gap[k]
			}
		}' "$RESULTS"
fi
if [ "$DO_VIPS" = 1 ]; then
	echo
	echo "== many VIPs on one interface (best of $RUNS; ms): first to last address added," \
		"first address to every VIP announced once$([ "$HAVE_TCPDUMP" = 1 ] || echo " (no tcpdump: -1)")," \
		"SIGTERM to last address deleted"
	awk '
		$2 ~ /^v/ {
			k = $1 " " $2
			if (!(k in sp) || $5 < sp[k]) sp[k] = $5
			if (!(k in ga) || ($6 >= 0 && $6 < ga[k])) ga[k] = $6
			if (!(k in rm) || $4 < rm[k]) rm[k] = $4
			if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		}
		END {
			printf "%-10s %-8s %9s %9s %10s\n", "daemon", "config", "add_ms", "garp_ms", "remove_ms"
			for (i = 1; i <= n; i++) {
				split(keys[i], f, " ")
				printf "%-10s %-8s %9.1f %9.1f %10.1f\n", f[1], substr(f[2], 2), sp[keys[i]],
					ga[keys[i]], rm[keys[i]]
			}
		}' "$RESULTS"
fi
