#!/bin/sh
# virtual_routes, virtual_rules and static_routes between our daemon and
# Debian's keepalived 2.2.7 (VRRPv3 IPv4, 1 s), each side in both roles:
# - static_routes are installed at start on both hosts, whatever the state;
# - the Master has its virtual route and rule, the Backup neither;
# - SIGTERM of the Master: the other host gets them, and they are gone from
#   the stopped one; the old Master restarts and preempts: they move back.
# Polled with `ip route` / `ip rule`, each change within 2 s of the
# MASTER/BACKUP transition's expected time.
# Needs root, tcpdump, tshark and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_routes
vh_need_keepalived

VROUTE=198.18.20.0/24
SROUTE=198.18.30.0/24

# Static and virtual routes and rules (vrrp_harness.sh's hooks).
vh_conf_top() {
	echo "static_routes {"
	echo "    $SROUTE dev eth0"
	echo "}"
}
vh_conf_instance() {
	echo "    virtual_routes {"
	echo "        $VROUTE via 198.18.1.254 dev eth0"
	echo "    }"
	echo "    virtual_rules {"
	echo "        from $(vh_vip) table 100 priority 100"
	echo "    }"
}

has_vroute() { ip -n "$(vh_ns "$1")" route show "$VROUTE" | grep -q "via 198.18.1.254"; }
has_rule() { ip -n "$(vh_ns "$1")" rule show | grep -q "^100:.*from $(vh_vip) lookup 100"; }
has_sroute() { ip -n "$(vh_ns "$1")" route show "$SROUTE" | grep -q "dev eth0"; }
has_both() { has_vroute "$1" && has_rule "$1"; }
has_none() { ! has_vroute "$1" && ! has_rule "$1"; }

_term_host() { # H
	vh_term "$1"
	for _p in $(_vh_pids "$1"); do
		wait_for 10 _lib_dead "$_p" || fail "host $1 (pid $_p) did not stop on SIGTERM"
	done
	_vh_set "$1" DEAD 1
}

routes_scenario() { # LABEL KIND1 KIND2
	_l=$1
	_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')
	vh_topo 2
	vh_start 1 "$2" prio=150
	vh_wait_backup_log 1 10 || fail "$_l: host 1 never logged BACKUP"
	wait_for 5 has_sroute 1 || fail "$_l: no static route on host 1 at start"
	has_none 1 || fail "$_l: host 1 has the virtual route or rule as Backup"
	vh_start 2 "$3" prio=100
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: host 1 is not the only VIP holder"
	wait_for 2 has_both 1 || fail "$_l: the Master (1) lacks its virtual route/rule"
	_m1=$(vh_master_time 1)
	wait_for 5 has_sroute 2 || fail "$_l: no static route on host 2"
	has_none 2 || fail "$_l: the Backup (2) has the virtual route or rule"

	_t=$(vh_now)
	_term_host 1
	vh_wait_sole_vip 2 "$_wait" || fail "$_l: host 2 did not take the VIP"
	wait_for 2 has_both 2 || fail "$_l: the new Master (2) lacks the virtual route/rule"
	_seen=$(vh_now)
	has_none 1 || fail "$_l: the stopped host 1 kept the virtual route or rule"
	_m2=$(vh_master_time 2 "$_t")
	echo "$_l: route and rule on host 2 at most $(vh_diff "$_seen" "$_m2") s after it logged MASTER"
	if has_sroute 1; then _st=kept; else _st=removed; fi
	echo "$_l: static route of the stopped host 1 ($2): $_st"

	_t=$(vh_now)
	vh_start 1 "$2" prio=150
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: restarted host 1 did not preempt"
	wait_for 2 has_both 1 || fail "$_l: the preempting Master (1) lacks the route/rule"
	wait_for 2 has_none 2 || fail "$_l: the old Master (2) kept the virtual route or rule"
	has_sroute 2 || fail "$_l: host 2 lost its static route on leaving Master"
	echo "$_l: virtual route and rule followed mastership 1 -> 2 -> 1 (first MASTER of 1 at $_m1)"
	vh_teardown
}

vh_params ver=3 fam=4 adv=1 auth= nvip=1

step "routes: ours Master, keepalived Backup"
routes_scenario "routes ours>ka" ours ka
step "routes: keepalived Master, ours Backup"
routes_scenario "routes ka>ours" ka ours

echo "PASS: vrrp_routes"
