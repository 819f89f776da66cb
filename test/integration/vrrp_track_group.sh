#!/bin/sh
# track_group and static_ipaddress, our daemon and Debian's keepalived 2.2.7
# on the same configuration, one host each in turn (VRRPv3 IPv4, 1 s):
#   track_group G1 { group { VI_1 } }
#   static_ipaddress { 198.18.40.1/32 dev eth0 track_group G1
#                      198.18.40.3/32 dev tg0 track_group G1 }
# What keepalived 2.2.7 does, and what is checked of both:
# - `ip addr del` of a static address: it is put back at once ("Restoring
#   deleted static address 198.18.40.1 ..."), VI_1 stays Master;
# - the interface of a tracked static address is deleted: VI_1 goes to FAULT
#   and drops its VIP; the interface comes back: the static address is put
#   back and VI_1 returns to Master.
# Polled with deadlines; no durations are asserted.
# Needs root, tcpdump, tshark and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_track_group
vh_need_keepalived

vh_conf_top() {
	echo "track_group G1 {"
	echo "    group {"
	echo "        VI_1"
	echo "    }"
	echo "}"
	echo "static_ipaddress {"
	echo "    198.18.40.1/32 dev eth0 track_group G1"
	echo "    198.18.40.3/32 dev tg0 track_group G1"
	echo "}"
}

ns1() { ip -n "$(vh_ns 1)" "$@"; }
has_addr() { ns1 -4 addr show dev "$1" 2>/dev/null | grep -q "inet $2/32"; }
add_tg0() {
	ns1 link add tg0 type veth peer name tg1 || fail "veth tg0"
	ns1 link set tg1 up && ns1 link set tg0 up || fail "tg0 up"
}
# A state line after time T.
state_after() { vh_log_time 1 "\\(VI_1\\) Entering $1 STATE" "$2"; }

scenario() { # KIND
	_k=$1
	vh_topo 1
	add_tg0
	vh_start 1 "$_k" prio=150 state=MASTER
	vh_wait_master_log 1 10 || fail "$_k: VI_1 never logged MASTER"
	vh_wait_sole_vip 1 5 || fail "$_k: VI_1 does not hold its VIP"
	wait_for 5 has_addr eth0 198.18.40.1 || fail "$_k: static address not set at start"
	wait_for 5 has_addr tg0 198.18.40.3 || fail "$_k: static address on tg0 not set"

	_t=$(vh_now)
	ns1 addr del 198.18.40.1/32 dev eth0 || fail "$_k: ip addr del"
	wait_for 3 has_addr eth0 198.18.40.1 || fail "$_k: deleted static address not restored"
	vh_wait_log 1 "Restoring deleted static address 198\\.18\\.40\\.1 dev eth0" 3 "$_t" ||
		fail "$_k: no 'Restoring deleted static address' line"
	vh_holds_vip 1 || fail "$_k: VI_1 lost its VIP when the static address was deleted"
	[ -z "$(state_after FAULT "$_t")$(state_after BACKUP "$_t")" ] ||
		fail "$_k: VI_1 left MASTER on the deletion of a restored static address"
	echo "$_k: static address deleted -> restored, VI_1 stayed MASTER"

	_t=$(vh_now)
	ns1 link del tg0 || fail "$_k: link del tg0"
	vh_wait_log 1 "\\(VI_1\\) Entering FAULT STATE" 5 "$_t" ||
		fail "$_k: VI_1 not in FAULT after the tracked address's interface went"
	vh_wait_no_vip 1 5 || fail "$_k: VI_1 in FAULT kept its VIP"
	echo "$_k: interface of the tracked static address deleted -> FAULT"

	_t=$(vh_now)
	add_tg0
	wait_for 5 has_addr tg0 198.18.40.3 || fail "$_k: static address not put back on tg0"
	vh_wait_master_log 1 10 "$_t" || fail "$_k: VI_1 did not return to MASTER"
	vh_wait_sole_vip 1 5 || fail "$_k: VI_1 back in MASTER lacks its VIP"
	echo "$_k: interface back -> static address restored, VI_1 MASTER again"
	vh_teardown
}

vh_params ver=3 fam=4 adv=1 auth= nvip=1

step "track_group: keepalived 2.2.7"
scenario ka
step "track_group: ours"
scenario ours

echo "PASS: vrrp_track_group"
