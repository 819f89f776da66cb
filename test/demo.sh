#!/bin/sh
# The built-in demo: two hosts (network namespaces joined by a veth pair),
# our daemon on each, the VIP on the master; the master is killed and the
# VIP moves to the backup; the master comes back and takes the VIP back.
# Run as root from the top of a built tree: sh test/demo.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
KEEPALIVED=${KEEPALIVED:-$top/keepalived/keepalived}
VIP=198.18.1.100
work=$(mktemp -d /tmp/kv-demo.XXXXXX)
A=kvdemo-a
B=kvdemo-b

[ "$(id -u)" -eq 0 ] || { echo "the demo needs root (network namespaces)"; exit 1; }
[ -x "$KEEPALIVED" ] || { echo "build first: $KEEPALIVED not found"; exit 1; }

cleanup() {
	for ns in $A $B; do
		[ -f "$work/$ns.pid" ] && kill -9 "$(cat "$work/$ns.pid")" 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

now_ms() { date +%s%3N; }
say() { printf '[%6s ms] %s\n' "$(( $(now_ms) - T0 ))" "$*"; }

# has_vip NS: the VIP is configured in NS
has_vip() { ip -n "$1" -o -4 addr show dev eth0 | grep -q " $VIP/"; }

# wait_for TIMEOUT_MS COMMAND...: poll until COMMAND succeeds
wait_for() {
	limit=$(( $(now_ms) + $1 )); shift
	until "$@"; do
		[ "$(now_ms)" -lt "$limit" ] || return 1
		sleep 0.01
	done
}

for ns in $A $B; do ip netns add $ns; done
ip link add eth0 netns $A type veth peer name eth0 netns $B
ip -n $A addr add 198.18.1.1/24 dev eth0
ip -n $B addr add 198.18.1.2/24 dev eth0
for ns in $A $B; do ip -n $ns link set lo up; ip -n $ns link set eth0 up; done

conf() { # name priority
	cat >"$work/$1.conf" <<EOF
global_defs {
	router_id $1
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass demo
	}
	virtual_ipaddress {
		$VIP/24 dev eth0 label eth0:vip
	}
}
EOF
}
conf $A 150
conf $B 100

start() { # ns
	ip netns exec "$1" "$KEEPALIVED" -n -l -P -f "$work/$1.conf" \
		-p "$work/$1.main.pid" -r "$work/$1.vrrp.pid" >"$work/$1.log" 2>&1 &
	echo $! >"$work/$1.pid"
}

T0=$(now_ms)
echo "Two hosts: $A (priority 150) and $B (priority 100), VRRPv2, advert_int 1 s, VIP $VIP"
start $A
start $B
say "started both daemons"
if wait_for 10000 has_vip $A; then
	say "VIP $VIP is on $A (master)"
else
	say "VIP did not appear on $A"; cat "$work"/*.log; exit 1
fi
sleep 2
kill -9 "$(cat "$work/$A.pid")"; rm -f "$work/$A.pid"
t_kill=$(now_ms)
say "killed $A with SIGKILL (its VIP stays behind in its namespace, as with a crashed host)"
if wait_for 10000 has_vip $B; then
	t=$(( $(now_ms) - t_kill ))
	say "VIP $VIP is on $B after $t ms (Master_Down_Interval = 3 x 1 s + (256-100)/256 s = 3609 ms, less the time since $A's last advert)"
else
	say "VIP did not move to $B"; cat "$work"/*.log; exit 1
fi
ip -n $A addr del $VIP/24 dev eth0 2>/dev/null
start $A
say "restarted $A"
if wait_for 10000 has_vip $A && wait_for 5000 sh -c "! ip -n $B -o -4 addr show dev eth0 | grep -q ' $VIP/'"; then
	say "$A preempted: VIP back on $A, gone from $B"
else
	say "$A did not take the VIP back"; cat "$work"/*.log; exit 1
fi
echo
echo "Log of $B:"
sed 's/^/    /' "$work/$B.log"
