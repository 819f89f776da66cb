#!/bin/sh
# Address options, no_track and deleted routes/rules (issue 11): our daemon
# and Debian's keepalived 2.2.7 on the same configuration, one host each in
# turn (VRRPv3 IPv4, 1 s, state MASTER):
# - virtual_ipaddress_excluded and static_ipaddress lines with peer,
#   preferred_lft, home, mngtmpaddr, noprefixroute, autojoin: the addresses
#   (`ip -o -d addr`), routes and rules installed must be the same for both
#   (keepalived: IPv6 /128 deprecated unless preferred_lft, IPv6 always
#   nodad, IPv4 preferred_lft ignored), and some are also checked by name;
# - a deleted static route / rule / address is put back ("Restoring deleted
#   static ..."), a no_track one is left deleted;
# - a deleted no_track VIP is left alone; a deleted tracked VIP, or a
#   deleted virtual route or rule, makes the Master stand down (Backup,
#   "sent 0 priority") and win the election again, every address, route and
#   rule set anew;
# - a static route dropped by the kernel with its interface (eth0 down) is
#   put back when the interface comes up.
# Deletions are made no_track one first, then a tracked one: the notices
# are read in order, so once the tracked one is handled, so is the other.
# Polled with deadlines; no durations are asserted.
# Needs root, tcpdump, tshark and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_addr_opts
vh_need_keepalived

vh_conf_top() {
	echo "static_ipaddress {"
	echo "    198.18.40.1/32 dev eth0 no_track"
	echo "    198.18.40.2/32 dev eth0"
	echo "    198.18.40.3 peer 198.18.40.4 dev eth0"
	echo "    fd00:4::5/64 dev eth0 preferred_lft 0 noprefixroute"
	echo "}"
	echo "static_routes {"
	echo "    198.18.30.0/24 dev eth0"
	echo "    198.18.31.0/24 dev eth0 no_track"
	echo "}"
	echo "static_rules {"
	echo "    from 198.18.32.0/24 table 100 priority 200"
	echo "    from 198.18.33.0/24 table 100 priority 201 no_track"
	echo "}"
}
vh_conf_instance() {
	echo "    virtual_ipaddress_excluded {"
	echo "        fd00:1::201/64 dev eth0 preferred_lft 0 home mngtmpaddr noprefixroute"
	echo "        fd00:1::202/128 dev eth0"
	echo "        fd00:1::203/128 dev eth0 preferred_lft forever"
	echo "        fd00:2::204/64 dev eth0 preferred_lft 100"
	echo "        fd00:1::205 peer fd00:1::206 dev eth0"
	echo "        ff0e::1:7/128 dev eth0 autojoin"
	echo "        198.18.1.110 peer 198.18.1.111 dev eth0"
	echo "        198.18.1.112/24 dev eth0 noprefixroute preferred_lft 5"
	echo "        198.18.1.113/32 dev eth0 no_track"
	echo "    }"
	echo "    virtual_routes {"
	echo "        198.18.20.0/24 via 198.18.1.254 dev eth0"
	echo "    }"
	echo "    virtual_rules {"
	echo "        from 198.18.1.100 table 101 priority 101"
	echo "    }"
}

N1() { ip -n "$(vh_ns 1)" "$@"; }
# Addresses, one a line, sorted; counting lifetimes and the link-local cut.
addrs() {
	N1 -o -d addr show dev eth0 | grep -v 'scope link' |
		sed -E 's/^[0-9]+: +eth0 +//; s/\\ +/ /g; s/ +/ /g; s/preferred_lft [1-9][0-9]*sec/preferred_lft Nsec/' |
		sort
}
routes() {
	{
		N1 -4 route show table all
		N1 -6 route show table all
	} | grep -v 'fe80::\|^local \|^multicast ff00::/8\|^broadcast ' | sort
}
rules() { N1 rule show | sort; }
has_addr() { N1 -o addr show dev eth0 | grep -q " $1[/ ]"; }
has_route() { N1 route show "$1" | grep -q .; }
has_rule() { N1 rule show | grep -q "^$1:"; }
no_addr() { ! has_addr "$1"; }
# Everything of a Master in place: the last excluded address, the virtual route and rule.
all_set() { has_addr 198.18.1.113 && has_route 198.18.20.0/24 && has_rule 101 && has_route 198.18.30.0/24; }
resigned_since() { # T: stood down and took over again after T
	vh_wait_log 1 '\(VI_1\) Entering BACKUP STATE$' 5 "$1" || return 1
	vh_wait_log 1 '\(VI_1\) sent 0 priority' 5 "$1" || return 1
	vh_wait_master_log 1 5 "$1"
}

scenario() { # KIND
	_k=$1
	vh_topo 1
	vh_start 1 "$_k" prio=150 state=MASTER
	vh_wait_master_log 1 10 || fail "$_k: VI_1 never logged MASTER"
	wait_for 5 all_set || fail "$_k: addresses, routes and rules not all set"
	wait_for 5 has_addr 198.18.40.3 || fail "$_k: static addresses not set"
	addrs >"$LIB_TMP/$_k.addrs"
	routes >"$LIB_TMP/$_k.routes"
	rules >"$LIB_TMP/$_k.rules"

	# Static: tracked ones put back, no_track ones left deleted.
	_t=$(vh_now)
	N1 route del 198.18.31.0/24 || fail "$_k: route del (no_track)"
	N1 route del 198.18.30.0/24 || fail "$_k: route del"
	wait_for 3 has_route 198.18.30.0/24 || fail "$_k: deleted static route not put back"
	vh_wait_log 1 "Restoring deleted static route .*198\\.18\\.30\\.0/24" 3 "$_t" ||
		fail "$_k: no 'Restoring deleted static route' line"
	! has_route 198.18.31.0/24 || fail "$_k: no_track static route put back"
	N1 rule del priority 201 || fail "$_k: rule del (no_track)"
	N1 rule del priority 200 || fail "$_k: rule del"
	wait_for 3 has_rule 200 || fail "$_k: deleted static rule not put back"
	vh_wait_log 1 "Restoring deleted static rule .*198\\.18\\.32\\.0/24" 3 "$_t" ||
		fail "$_k: no 'Restoring deleted static rule' line"
	! has_rule 201 || fail "$_k: no_track static rule put back"
	N1 addr del 198.18.40.1/32 dev eth0 || fail "$_k: addr del (no_track)"
	N1 addr del 198.18.40.2/32 dev eth0 || fail "$_k: addr del"
	wait_for 3 has_addr 198.18.40.2 || fail "$_k: deleted static address not put back"
	no_addr 198.18.40.1 || fail "$_k: no_track static address put back"
	[ -z "$(vh_log_time 1 'Entering BACKUP STATE' "$_t")" ] ||
		fail "$_k: VI_1 left MASTER on a static deletion"
	echo "$_k: static route, rule, address put back; no_track ones left deleted"

	# A no_track VIP: left deleted, the instance stays; a tracked one: it stands down.
	_t=$(vh_now)
	N1 addr del 198.18.1.113/32 dev eth0 || fail "$_k: addr del no_track VIP"
	N1 addr del fd00:1::202/128 dev eth0 || fail "$_k: addr del tracked VIP"
	resigned_since "$_t" || fail "$_k: deleting a tracked VIP: no BACKUP, prio 0, MASTER"
	_b=$(vh_log_time 1 'Entering BACKUP STATE' "$_t")
	wait_for 5 all_set || fail "$_k: VIPs not all set again after standing down"
	echo "$_k: no_track VIP deleted: nothing; tracked VIP deleted: BACKUP at $_b, MASTER again"

	# A virtual route, then a virtual rule.
	_t=$(vh_now)
	N1 route del 198.18.20.0/24 || fail "$_k: route del virtual"
	resigned_since "$_t" || fail "$_k: deleting a virtual route: no stand down"
	wait_for 5 all_set || fail "$_k: not all set after the virtual route"
	_t=$(vh_now)
	N1 rule del priority 101 || fail "$_k: rule del virtual"
	resigned_since "$_t" || fail "$_k: deleting a virtual rule: no stand down"
	wait_for 5 all_set || fail "$_k: not all set after the virtual rule"
	echo "$_k: virtual route / rule deleted: stood down and set them again"

	# The kernel drops the static route with its interface; it comes back with it.
	_t=$(vh_now)
	N1 link set eth0 down || fail "$_k: eth0 down"
	wait_for 3 eval '! has_route 198.18.30.0/24' || fail "$_k: route kept on a downed eth0"
	N1 link set eth0 up || fail "$_k: eth0 up"
	wait_for 3 has_route 198.18.30.0/24 || fail "$_k: static route not back with eth0"
	vh_wait_log 1 "Restoring deleted static route .*198\\.18\\.30\\.0/24" 3 "$_t" ||
		fail "$_k: no 'Restoring deleted static route' line after eth0 came up"
	! has_route 198.18.31.0/24 || fail "$_k: no_track static route back with eth0"
	echo "$_k: static route back when its interface is"
	vh_teardown
}

vh_params ver=3 fam=4 adv=1 auth= nvip=1

step "address options, no_track, deleted routes: keepalived 2.2.7"
scenario ka
step "address options, no_track, deleted routes: ours"
scenario ours

step "same addresses, routes and rules as keepalived 2.2.7"
_p1=$LIB_TMP/ka _p2=$LIB_TMP/ours
for _w in addrs routes rules; do
	diff "$_p1.$_w" "$_p2.$_w" >"$LIB_TMP/$_w.diff" ||
		fail "$_w differ from keepalived's (< keepalived, > ours): $(cat "$LIB_TMP/$_w.diff")"
done
# And by name, in case both were wrong the same way.
grep -q '^inet6 fd00:1::201/64 scope global nodad home deprecated mngtmpaddr noprefixroute' \
	"$_p2.addrs" || fail "fd00:1::201: flags or preferred_lft 0 not set: $(grep 201 "$_p2.addrs")"
grep -q '^inet6 fd00:1::202/128 scope global nodad deprecated' "$_p2.addrs" ||
	fail "fd00:1::202/128 not deprecated"
grep -q '^inet6 fd00:1::205 peer fd00:1::206/128' "$_p2.addrs" || fail "IPv6 peer not set"
grep -q 'ff0e::1:7/128 .*autojoin' "$_p2.addrs" || fail "autojoin not set"
grep -q '^inet 198.18.1.110 peer 198.18.1.111/32' "$_p2.addrs" || fail "IPv4 peer not set"
grep -q '^inet 198.18.40.3 peer 198.18.40.4/32' "$_p2.addrs" || fail "static peer not set"
grep -q 'fd00:2::204/64 .*preferred_lft Nsec' "$_p2.addrs" || fail "preferred_lft 100 not set"
grep -q '^fd00:2::/64 ' "$_p2.routes" || fail "no prefix route for fd00:2::204/64"
! grep -q '^fd00:1::/64 ' "$_p2.routes" || fail "noprefixroute: a prefix route"
echo "addresses ($(wc -l <"$_p2.addrs")), routes ($(wc -l <"$_p2.routes")) and rules as keepalived's"

echo "PASS: vrrp_addr_opts"
