#!/bin/sh
# use_ipvlan between two of our daemons on one LAN (VRRPv3 IPv4, 1 s):
# - each creates vrrp.51, an ipvlan in mode l2 bridge on eth0, with its own
#   address from use_ipvlan (198.18.1.1H/24);
# - the Master holds the VIP on vrrp.51; the other logs BACKUP;
# - SIGTERM of the Master: the other takes the VIP, and vrrp.51 is gone
#   from the stopped host.
# On a kernel without ipvlan (CONFIG_IPVLAN unset) only the failure path
# is checked, the way keepalived 2.2.7 takes it: "Unable to create ipvlan
# interface vrrp.51", the instance in FAULT, no VIP; then exit 77 (skip).
# Needs root, tcpdump and tshark (exit 77 otherwise). No durations asserted.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_ipvlan

IPV_IF=vrrp.51 # VRID 51

vh_conf_instance() { echo "    use_ipvlan 198.18.1.1$_vh_sh/24"; }

vh_holds_vip() { # H: the VIP is on the ipvlan, look at every interface
	ip -n "$(vh_ns "$1")" -o addr show 2>/dev/null | grep -q " $(vh_vip)/"
}

_no_ipvlan() { ! ip -n "$(vh_ns "$1")" link show dev "$IPV_IF" >/dev/null 2>&1; }

_term_host() { # H: SIGTERM, wait until its processes are gone
	vh_term "$1"
	for _p in $(_vh_pids "$1"); do
		wait_for 10 _lib_dead "$_p" || fail "host $1 (pid $_p) did not stop on SIGTERM"
	done
	_vh_set "$1" DEAD 1
}

vh_params ver=3 fam=4 adv=1 auth= nvip=1
vh_topo 2
_ns1=$(vh_ns 1)
_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')

if ! ip -n "$_ns1" link add link eth0 name ipvprobe type ipvlan mode l2 2>/dev/null; then
	step "use_ipvlan on a kernel without ipvlan: the instance is in FAULT"
	vh_start 1 ours prio=150
	vh_wait_log 1 "Unable to create ipvlan interface $IPV_IF" 5 ||
		fail "no 'Unable to create ipvlan interface $IPV_IF' logged"
	vh_wait_log 1 "FAULT STATE|entering FAULT state" 5 || fail "VI_1 did not enter FAULT"
	vh_holds_vip 1 && fail "host 1 holds the VIP without its ipvlan"
	_no_ipvlan 1 || fail "$IPV_IF exists although its creation failed"
	vh_teardown
	echo "SKIP: vrrp_ipvlan: this kernel has no ipvlan; only the failure path was checked"
	exit 77
fi
ip -n "$_ns1" link del ipvprobe

step "use_ipvlan: two daemons, one Master"
vh_start 1 ours prio=150
vh_wait_master_log 1 "$_wait" || fail "host 1 never became Master"
vh_start 2 ours prio=100
vh_wait_backup_log 2 "$_wait" || fail "host 2 never logged BACKUP"
vh_wait_sole_vip 1 "$_wait" || fail "host 1 is not the only VIP holder"
for _h in 1 2; do
	_d=$(ip -n "$(vh_ns $_h)" -d link show dev "$IPV_IF") || fail "no $IPV_IF on host $_h"
	echo "$_d" | grep -q "ipvlan  *mode l2 bridge" ||
		fail "$IPV_IF of host $_h is not an ipvlan mode l2 bridge: $_d"
	ip -n "$(vh_ns $_h)" -o addr show dev "$IPV_IF" | grep -q " 198.18.1.1$_h/24" ||
		fail "$IPV_IF of host $_h lacks 198.18.1.1$_h/24"
done
ip -n "$_ns1" -o addr show dev "$IPV_IF" | grep -q " $(vh_vip)/" ||
	fail "host 1's VIP is not on $IPV_IF"

step "use_ipvlan: failover, and the ipvlan removed at exit"
_t1=$(vh_now)
_term_host 1
vh_wait_sole_vip 2 "$_wait" || fail "host 2 did not take the VIP"
wait_for 5 _no_ipvlan 1 || fail "host 1 left $IPV_IF behind"
ip -n "$(vh_ns 2)" -o addr show dev "$IPV_IF" | grep -q " $(vh_vip)/" ||
	fail "host 2's VIP is not on $IPV_IF"
_term_host 2
wait_for 5 _no_ipvlan 2 || fail "host 2 left $IPV_IF behind"
vh_teardown
echo "PASS: vrrp_ipvlan"
