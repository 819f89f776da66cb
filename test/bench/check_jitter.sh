#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# VRRP advert jitter while the checker checks 1,000 real servers every
# second (issue 12: "with 1,000 real servers checked every second, VRRP
# advert jitter stays within 1 ms"), on this machine's kernel, without IPVS.
#
#   test/bench/check_jitter.sh BUILD_DIR
#
# Our daemon runs the VRRP instance (-P: advert_int 1, Master on a dummy
# interface) and, in the same namespace, bench_check_noipvs runs the
# checker process's code (check_daemon_main, the same probes, state
# machine and reconciler, at the checker's nice level) with IPVS replaced
# by an in-memory table: this kernel has no IPVS, and an IPVS command is
# only sent when a real server changes state. 1,000 TCP_CHECK real servers,
# delay_loop 1, retry 0, connect_timeout 1: 500 answer (a listener in a
# servers namespace), 250 refuse (a port nobody listens on), 250 never
# answer (routed to a MAC address nobody has: each check waits out its 1 s
# timeout). (This kernel has no dummy links: veth pairs instead.) tcpdump -tt captures the adverts; the figure is the largest
# deviation of an advert interval from 1 s and the spread of the adverts
# around their 1 s grid (largest minus smallest offset), in microseconds,
# over the whole capture and again once the advert has reached the
# process's phase grid (after becoming Master it moves there by at most 1 %
# of the interval per advert, vrrp_fsm.h: about 10 ms a step at 1 s),
# with VRRP alone (the machine's own noise), then with the checker; then
# both again with the VRRP process at a real-time priority.
#
# Environment: JITTER_SECONDS (default 30) per run; JITTER_OUT: a folder
# to keep the captures and the VRRP daemon's logs in; JITTER_RUNS: the runs
# to do, of vrrp_only with_1000_checks vrrp_only_rt with_1000_checks_rt
# (default all four, in that order). Needs root, tcpdump and
# python3; exits 77 without them. Prints the figures; exits 1 only if
# something did not run.
set -u

[ $# -eq 1 ] || {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/test/integration/lib.sh"
lib_init check-jitter
lib_require_tools ip tcpdump python3 awk
SECS=${JITTER_SECONDS:-30}
KA=$BUILD/keepalived/keepalived
CHK=$BUILD/test/bench/bench_check_noipvs
[ -x "$CHK" ] || make -C "$BUILD" test/bench/bench_check_noipvs >/dev/null || fail "build"
[ -x "$KA" ] || fail "$KA is not built"
T=$LIB_TMP
D=jit-d-$$
S=jit-s-$$
ns_create "$D"
ns_create "$S"
ns_veth "$D" eth0 eth0 "$S"
{
	echo "addr add 198.18.3.254/23 dev eth0"
	echo "link add vrrp0 type veth peer name vrrp1"
	echo "link set vrrp1 up"
	echo "link set vrrp0 up"
	echo "addr add 198.18.9.1/24 dev vrrp0"
	echo "link add hang0 type veth peer name hang1"
	echo "link set hang1 up"
	echo "link set hang0 up"
	echo "neigh add 198.18.4.254 lladdr 02:00:00:00:00:01 dev hang0 nud permanent"
	echo "route add 198.18.4.0/24 via 198.18.4.254 dev hang0 onlink"
} >"$T/d.ip"
ip -n "$D" -batch "$T/d.ip" || fail "director namespace"
{
	i=0
	while [ $i -lt 500 ]; do
		echo "addr add 198.18.$((2 + i / 250)).$((i % 250 + 1))/23 dev eth0"
		i=$((i + 1))
	done
} >"$T/s.ip"
ip -n "$S" -batch "$T/s.ip" || fail "servers namespace"

# One listener on port 80 answers all 500 addresses: accept and close.
# The count of connections accepted, in srv.count.
cat >"$T/srv.py" <<'PY'
import os, selectors, socket, sys
count = 0
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80))
s.listen(4096)
s.setblocking(False)
sel = selectors.DefaultSelector()
sel.register(s, selectors.EVENT_READ)
while True:
    sel.select(1.0)
    while True:
        try:
            c, _ = s.accept()
        except BlockingIOError:
            break
        c.close()
        count += 1
    with open(sys.argv[1] + ".new", "w") as f:
        f.write("%d\n" % count)
    os.replace(sys.argv[1] + ".new", sys.argv[1])
PY
ip netns exec "$S" python3 "$T/srv.py" "$T/srv.count" >"$T/srv.log" 2>&1 &
track_pid $!

vrrp_conf=$T/vrrp.conf
cat >"$vrrp_conf" <<CONF
vrrp_instance VI_1 {
	state MASTER
	interface vrrp0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		198.18.9.100/32
	}
}
CONF
check_conf=$T/check.conf
awk 'BEGIN {
	n = 0
	for (v = 0; v < 10; v++) {
		printf "virtual_server 198.18.8.%d 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tprotocol TCP\n", v + 1
		for (r = 0; r < 100; r++) {
			if (n < 500) { addr = sprintf("198.18.%d.%d", 2 + int(n / 250), n % 250 + 1); port = 80 }
			else if (n < 750) { addr = sprintf("198.18.2.%d", n - 500 + 1); port = 81 }
			else { addr = sprintf("198.18.4.%d", n - 750 + 1); port = 80 }
			printf "\treal_server %s %d {\n\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n", addr, port
			printf "\t\t\tretry 0\n\t\t}\n\t}\n"
			n++
		}
		printf "}\n"
	}
}' >"$check_conf"

master() {
	grep -q "Entering MASTER STATE" "$T/$1.log"
}

# The adverts of SECS seconds; prints LABEL's figures.
capture() { # LABEL
	ip netns exec "$D" timeout "$SECS" tcpdump -i vrrp0 -n -tt -l 'ip proto 112' \
		>"$T/$1.adverts" 2>/dev/null
	awk -v label="$1" '
		BEGIN { n = 0 }
		$2 == "IP" { t[n] = $1 + 0
		  if (n > 0) { d = (t[n] - t[n - 1] - 1.0) * 1e6; if (d < 0) d = -d; dev[n] = d
		    if (d > imax) imax = d }
		  k = int(t[n] - t[0] + 0.5); o = (t[n] - t[0] - k) * 1e6
		  if (n == 0 || o > omax) omax = o; if (n == 0 || o < omin) omin = o
		  n++ }
		END { printf "%-24s %3d adverts: interval vs 1 s off by at most %5.0f us;" \
		      " spread around the 1 s grid %5.0f us\n", label, n, imax, omax - omin
		  # The adverts move onto the process grid at most 1 % of the
		  # interval per advert after becoming Master (vrrp_fsm.h): the
		  # figures once that is over, from the first 5 intervals in a row
		  # within 5 ms of 1 s.
		  for (s = 1; s + 4 < n; s++) {
		    ok = 1; for (j = s; j < s + 5; j++) if (dev[j] > 5000) ok = 0
		    if (ok) break }
		  if (s + 4 >= n) { print "  never settled on the grid"; exit }
		  for (j = s; j < n; j++) { if (dev[j] > smax) smax = dev[j]
		    k = int(t[j] - t[s] + 0.5); o = (t[j] - t[s] - k) * 1e6
		    if (j == s || o > somax) somax = o; if (j == s || o < somin) somin = o }
		  printf "  on the grid from advert %d (%d intervals): off by at most %5.0f us;" \
		      " spread %5.0f us\n", s, n - s, smax, somax - somin }' "$T/$1.adverts"
	[ -z "${JITTER_OUT:-}" ] || cp "$T/$1.adverts" "$T/$1.log" "$JITTER_OUT/"
}

majflt() { # PID: major page faults so far
	awk '{ print $12 }' "/proc/$1/stat"
}

cpu_ticks() { # PID: utime + stime
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

run() { # LABEL WITH_CHECKER CONF
	case " ${JITTER_RUNS:-$1} " in
	*" $1 "*) ;;
	*) return 0 ;;
	esac
	daemon_start_bg "$D" "$T/$1.log" "$KA" -P -n -l -f "$3" -p "$T/$1.pid" \
		-r "$T/$1.vpid" --control-socket "$T/$1.ctl"
	ka=$LIB_LAST_PID
	chk=
	wait_for 10 master "$1" || fail "$1: not Master"
	if [ "$2" = 1 ]; then
		daemon_start_bg "$D" "$T/$1.check.log" "$CHK" "$check_conf"
		chk=$LIB_LAST_PID
		# Every real server checked once, the refused and hung ones removed.
		wait_for 10 grep -q "Removing service \[198.18.4.250\]" "$T/$1.check.log" ||
			fail "$1: the checker did not settle"
	fi
	sleep 1
	if [ -n "$chk" ]; then
		c0=$(cpu_ticks "$chk")
		a0=$(cat "$T/srv.count")
	fi
	m0=$(majflt "$ka")
	capture "$1"
	m1=$(majflt "$ka")
	# A page the VRRP process must read back from disk (code that had not
	# run yet, or was evicted) stalls it for a disk read.
	[ "$m1" = "$m0" ] || echo "  the VRRP process waited for $((m1 - m0)) page(s) from disk"
	if [ -n "$chk" ]; then
		c1=$(cpu_ticks "$chk")
		a1=$(cat "$T/srv.count")
		echo "  the checker used $(((c1 - c0) * 100 / $(getconf CLK_TCK) / SECS))% of a CPU;" \
			"the 500 answering real servers were checked $(((a1 - a0) / SECS)) times a second"
		pid_alive "$chk" || fail "$1: the checker died"
		echo "  $(grep -c 'Removing service' "$T/$1.check.log") real servers removed (500 expected)"
		daemon_stop "$chk" 10
	fi
	daemon_stop "$ka" 10
}

echo "== VRRP advert jitter, advert_int 1, ${SECS} s per run"
run vrrp_only 0 "$vrrp_conf"
run with_1000_checks 1 "$vrrp_conf"
# The same with the VRRP process at a real-time priority (vrrp_rt_priority):
# what is left is what the checker costs VRRP, the rest of the machine's
# load no longer counts.
{
	printf 'global_defs {\n\tvrrp_rt_priority 50\n}\n'
	cat "$vrrp_conf"
} >"$T/vrrp_rt.conf"
run vrrp_only_rt 0 "$T/vrrp_rt.conf"
run with_1000_checks_rt 1 "$T/vrrp_rt.conf"
