#!/bin/sh
# Run the micro-benchmarks of a build directory ("make bench" calls this).
#
#   test/bench/run.sh BUILD_DIR [ITERATIONS]
#
# bench_packet times the advertisement codec alone (decode + instance checks,
# priority patch, full build) in ns per operation. It has no keepalived
# counterpart: keepalived's codec is not a separable library, so the
# comparison with keepalived is made at daemon level instead.
set -eu

usage() {
	echo "usage: $0 BUILD_DIR [ITERATIONS]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
build=$1
iterations=${2:-}
prog=$build/test/bench/bench_packet

if [ ! -x "$prog" ]; then
	# The benchmarks are EXTRA_PROGRAMS: build on demand.
	make -C "$build" test/bench/bench_packet >/dev/null
fi

echo "== codec micro-benchmark (no keepalived counterpart)"
if [ -n "$iterations" ]; then
	"$prog" "$iterations"
else
	"$prog"
fi

# Daemon level, against keepalived in the same run: CPU per advert, RSS and
# instructions, as ratios ours/keepalived. Needs root and Debian's keepalived.
echo
echo "== daemon benchmark against keepalived 2.2.7 (about 2.5 minutes)"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: needs root (network namespaces)"
else
	"$(dirname "$0")/daemon_bench.sh" "$build" || [ $? -eq 77 ]
fi

# VRRP advert jitter while the checker checks 1,000 real servers a second
# (issue 12), without IPVS (bench_check_noipvs). Needs root.
echo
echo "== advert jitter with 1,000 real servers checked (about 2.5 minutes)"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: needs root (network namespaces)"
else
	"$(dirname "$0")/check_jitter.sh" "$build" || [ $? -eq 77 ]
fi

# Growth with the configuration: memory per instance, start-up, reload,
# thousands of VIPs (test/bench/scale_bench.sh), against keepalived too.
echo
echo "== scale benchmark against keepalived 2.2.7 (about 6 minutes)"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: needs root (network namespaces)"
else
	"$(dirname "$0")/scale_bench.sh" "$build" || [ $? -eq 77 ]
fi

# Issue 14: CPU per advert against the bare send/receive floor (goal 1), 1,000 instances over 16 VLANs (goal 4).
for b in send_bench vlan_bench; do echo; echo "== $b (1.5 and 4 minutes)"; if [ "$(id -u)" -ne 0 ]; then echo "skipped: needs root"; else "$(dirname "$0")/$b.sh" "$build" || [ $? -eq 77 ]; fi; done
