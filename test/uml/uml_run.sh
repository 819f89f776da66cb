#!/bin/sh
# Run one test script inside a user-mode Linux guest (Debian's
# user-mode-linux package), for the tests that need a kernel feature this
# machine's kernel lacks: IPVS.
#
#   uml_run.sh [-t SECONDS] [-m MEM] [-o RESULTS] [-s DIR]... SCRIPT [ARG]...
#
#   -t SECONDS  hard limit for the whole guest run (default 90, or $UML_TIMEOUT)
#   -m MEM      guest memory (default 256M)
#   -o RESULTS  results folder (default $UML_RESULTS_DIR/NAME, where
#               UML_RESULTS_DIR defaults to ./uml-results and NAME is the
#               script's name without .sh); the files of a previous run
#               there (*.log, *.conf, *.tables, output...) are removed first
#   -s DIR      a host folder the guest may write, mounted at the same path
#               (repeatable; $top_builddir is always shared when set)
#
# The guest boots this machine's own root through hostfs, read-only, with a
# tmpfs overlay so it can write (guest_init.sh), so binaries built here run
# inside unchanged. SCRIPT runs as root in the guest with the arguments
# given, in the current directory, with UML_GUEST=1, top_srcdir,
# top_builddir, KEEPALIVED and the variables named in $UML_PASS_ENV exported. Its output and exit
# status land in RESULTS (output, status); the kernel's console in
# RESULTS/console. The script's output is printed here and its status is
# this script's status: 77 if the guest could not be used at all, 124 or
# 137 if the guest's own limit (5 s under SECONDS) stopped the script.
#
# linux.uml leaves our process group and session, so it is watched and
# killed by its pid (and its own process group, which it leads) at the
# deadline and at exit; the scratch folder (uml_dir, memory file) goes too.
set -u

timeout_s=${UML_TIMEOUT:-90}
mem=256M
results=
shares=
while getopts t:m:o:s: opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	m) mem=$OPTARG ;;
	o) results=$OPTARG ;;
	s) shares="$shares $OPTARG" ;;
	*) echo "usage: $0 [-t SECONDS] [-m MEM] [-o RESULTS] [-s DIR]... SCRIPT [ARG]..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [options] SCRIPT [ARG]..." >&2; exit 2; }

skip() {
	echo "SKIP: $*"
	exit 77
}

uml=$(command -v linux.uml 2>/dev/null) || skip "linux.uml not found (package user-mode-linux)"
uml_version=$("$uml" --version 2>/dev/null | head -n 1)
moddir=/usr/lib/uml/modules/$uml_version
[ -n "$uml_version" ] && [ -d "$moddir" ] || skip "no UML modules in $moddir"
command -v insmod >/dev/null 2>&1 && command -v modprobe >/dev/null 2>&1 || skip "insmod/modprobe not found (package kmod)"
[ "$(id -u)" = 0 ] || skip "UML tests run as root (the guest boots this root read-only)"

here=$(cd "$(dirname "$0")" && pwd)
script=$1
shift
case $script in /*) ;; *) script=$(pwd)/$script ;; esac
[ -r "$script" ] || { echo "FAIL: no script $script" >&2; exit 1; }
name=$(basename "$script" .sh)
[ -n "$results" ] || results=${UML_RESULTS_DIR:-$(pwd)/uml-results}/$name
mkdir -p "$results" || exit 1
results=$(cd "$results" && pwd)
# Only what a run leaves there: RESULTS may be a folder of the caller's.
rm -f "$results/output" "$results/status" "$results/booted" "$results/console" "$results/job" \
	"$results"/*.log "$results"/*.conf "$results"/*.tables

# The kernel hands unknown name=value parameters to init as environment
# variables; a value cannot hold a space, so neither can these paths.
shares="$results ${top_builddir:-} $shares"
share_list=
for d in $shares; do
	[ -d "$d" ] || continue
	d=$(cd "$d" && pwd)
	case $d in *[!A-Za-z0-9/._+-]*) echo "FAIL: path not usable in the guest: $d" >&2; exit 1 ;; esac
	share_list="$share_list${share_list:+:}$d"
done

# Single quotes survive anything but a single quote, which becomes '\''.
quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

{
	echo "cd $(quote "$(pwd)") || exit 1"
	echo "export UML_GUEST=1"
	for v in top_srcdir top_builddir KEEPALIVED ${UML_PASS_ENV:-}; do
		eval "isset=\${$v+y}"
		[ "$isset" = y ] || continue
		eval "val=\$$v"
		echo "export $v=$(quote "$val")"
	done
	printf 'exec'
	for a in "$script" "$@"; do
		printf ' %s' "$(quote "$a")"
	done
	echo
} >"$results/job"

# The memory file is faster on tmpfs, and nothing is written under $HOME.
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
scratch=$(mktemp -d "$base/uml.XXXXXX") || exit 1
uml_pid=

now_ms() {
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}0"
}

uml_kill() {
	[ -n "$uml_pid" ] || return 0
	# Its helper processes share its process group, which it leads, and
	# outlive it when it is killed. (dash's kill takes no "--".)
	kill -KILL "-$uml_pid" 2>/dev/null
	kill -KILL "$uml_pid" 2>/dev/null
	wait "$uml_pid" 2>/dev/null
	uml_pid=
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM
	uml_kill
	rm -rf "$scratch"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

t0=$(now_ms)
TMPDIR=$scratch "$uml" mem="$mem" root=/dev/root rootfstype=hostfs rootflags=/ ro \
	uml_dir="$scratch" con=null con0=null,fd:1 quiet \
	init="$here/guest_init.sh" UML_MODDIR="$moddir" UML_RESULTS="$results" UML_SHARES="$share_list" \
	UML_JOB_TIMEOUT=$((timeout_s > 10 ? timeout_s - 5 : timeout_s)) \
	</dev/null >"$results/console" 2>&1 &
uml_pid=$!

deadline=$((t0 + timeout_s * 1000))
t_boot=
timed_out=
while kill -0 "$uml_pid" 2>/dev/null; do
	# A zombie has ended: wait below collects it.
	state=$(sed 's/.*) //' "/proc/$uml_pid/stat" 2>/dev/null | cut -d' ' -f1)
	[ "$state" = Z ] && break
	[ -z "$t_boot" ] && [ -e "$results/booted" ] && t_boot=$(now_ms)
	if [ "$(now_ms)" -ge "$deadline" ]; then
		timed_out=1
		break
	fi
	sleep 0.1
done
uml_kill
t_end=$(now_ms)
[ -z "$t_boot" ] && [ -e "$results/booted" ] && t_boot=$t_end

[ -s "$results/output" ] && cat "$results/output"
boot_txt=?
[ -n "$t_boot" ] && boot_txt=$(awk -v a="$t0" -v b="$t_boot" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
guest_up=?
[ -s "$results/booted" ] && read -r guest_up <"$results/booted"
total_txt=$(awk -v a="$t0" -v b="$t_end" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
echo "uml: $name: job started at guest uptime ${guest_up} s (seen here after ${boot_txt} s)," \
	"${total_txt} s in all; results in $results"

if [ -n "$timed_out" ]; then
	echo "FAIL: $name: guest still running after ${timeout_s} s: killed" >&2
	tail -n 20 "$results/console" >&2
	exit 1
fi
if [ ! -e "$results/booted" ]; then
	echo "SKIP: $name: the UML guest did not reach its init script; console:" >&2
	tail -n 20 "$results/console" >&2
	exit 77
fi
if [ ! -s "$results/status" ]; then
	echo "FAIL: $name: the guest stopped without an exit status; console:" >&2
	tail -n 20 "$results/console" >&2
	exit 1
fi
read -r status <"$results/status"
case $status in *[!0-9]* | '') status=1 ;; esac
exit "$status"
