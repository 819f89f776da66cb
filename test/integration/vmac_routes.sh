#!/bin/sh
# shellcheck disable=SC2317,SC1091 # functions called through wait_for/trap; lib.sh
# use_vmac (vrrp_vmac.c) and routes/rules/static addresses (vrrp_route_nl.c),
# driven by vm_probe in a namespace with a veth pair v0 - p0 (p0 in a peer
# namespace that plays the client):
# - VMACs as `ip -d link` shows them: private macvlan on v0, the virtual MAC
#   of each family, addrgenmode none, up; default and configured names, a
#   name taken by another interface, an existing VMAC adopted;
# - the sysctls keepalived sets on VMAC and parent, all.rp_filter lowered and
#   every interface raised, and all of it restored when the last VMAC goes;
# - IPv6: the parent's link-local on the VMAC (nodad, deprecated), none with
#   vmac_xmit_base, never one derived from the virtual MAC;
# - the VIPs on the VMACs answer the client with the virtual MAC;
# - removal: created VMACs deleted, the adopted one left;
# - routes, rules and static addresses: installed as `ip route`/`ip rule`
#   show them, twice without change, removed, twice without error; failures
#   logged with the entry and the kernel's reason; the batch time against
#   separate `ip` calls.
# Needs root (exit 77 otherwise). PROBE_WRAP runs the probe under a tool.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/probe_lib.sh"

lib_init vmac_routes
lib_require_tools awk sort ping
NS=vm-$$
PEER=vm-$$-p
T=$LIB_TMP
probe_lib_init vm_probe "$NS"
v4conf() { ip netns exec "$NS" cat "/proc/sys/net/ipv4/conf/$1/$2"; }
v6conf() { ip netns exec "$NS" cat "/proc/sys/net/ipv6/conf/$1/$2"; }
expect_conf() { # IF NAME VALUE [v6]
	if [ "${4:-}" = v6 ]; then got=$(v6conf "$1" "$2"); else got=$(v4conf "$1" "$2"); fi
	[ "$got" = "$3" ] || fail "$1 $2 is $got, not $3"
}
link_d() { ip -n "$NS" -d -o link show "$1" 2>/dev/null; }
has_link() { ip -n "$NS" -o link show "$1" >/dev/null 2>&1; }
no_link() { ! has_link "$1"; }

# Set-up ------------------------------------------------------------------------
ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" v0 p0 "$PEER"
ns_veth "$NS" taken0 taken1
ip -n "$NS" addr add 198.18.0.1/24 dev v0 || fail "address on v0"
ip -n "$NS" addr add fd00:18::1/64 dev v0 nodad || fail "IPv6 address on v0"
ip -n "$PEER" addr add 198.18.0.2/24 dev p0 || fail "address on p0"
ip -n "$PEER" addr add fd00:18::2/64 dev p0 nodad || fail "IPv6 address on p0"
probe_wait_ll v0
V0MAC=$(probe_mac v0)
# An existing VMAC of instance A, left by someone else: adopted, never deleted.
ip -n "$NS" link add vrrp.55 link v0 address 00:00:5e:00:01:37 type macvlan mode private ||
	fail "pre-existing macvlan"
# Reverse path filtering on: the VMACs must still receive.
ip netns exec "$NS" sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=0 \
	net.ipv4.conf.v0.rp_filter=0 net.ipv4.conf.taken0.rp_filter=2 net.ipv4.conf.taken1.rp_filter=0
for i in v0 taken0 taken1; do
	eval "BEFORE_$i=\$(v4conf $i arp_ignore)/\$(v4conf $i arp_filter)/\$(v4conf $i arp_announce)/\$(v4conf $i rp_filter)"
done

# VMACs -----------------------------------------------------------------------------
cat >"$T/vmac.conf" <<'EOF'
vrrp_instance V4 {
    interface v0
    virtual_router_id 51
    use_vmac
    virtual_ipaddress {
        198.18.0.100/24
    }
}
vrrp_instance V6 {
    interface v0
    virtual_router_id 52
    use_vmac
    virtual_ipaddress {
        fe80::52/64 -nodad
        fd00:18::100/64 -nodad
    }
}
vrrp_instance X6 {
    interface v0
    virtual_router_id 53
    use_vmac vx53
    vmac_xmit_base
    virtual_ipaddress {
        fd00:18::153/64 -nodad
    }
}
vrrp_instance N {
    interface v0
    virtual_router_id 54
    use_vmac taken0
    virtual_ipaddress {
        198.18.0.154/24
    }
}
vrrp_instance A {
    interface v0
    virtual_router_id 55
    use_vmac
    virtual_ipaddress {
        198.18.0.155/24
    }
}
EOF
VLOG=$T/vmac.log
probe_start_bg 20 "$VLOG" vmac "$T/vmac.conf" "$T/go"
VPID=$PROBE_PID

for line in "vmac V4 ifname=vrrp.51 ifindex=[0-9]* mac=00:00:5e:00:01:33 created=1" \
	"vmac V6 ifname=vrrp.52 ifindex=[0-9]* mac=00:00:5e:00:02:34 created=1" \
	"vmac X6 ifname=vx53 ifindex=[0-9]* mac=00:00:5e:00:02:35 created=1" \
	"vmac N ifname=vrrp.54 ifindex=[0-9]* mac=00:00:5e:00:01:36 created=1" \
	"vmac A ifname=vrrp.55 ifindex=[0-9]* mac=00:00:5e:00:01:37 created=0"; do
	grep -qx "$line" "$VLOG" || fail "probe did not report: $line"
done
[ "$(grep -c '^vips .* failures=0$' "$VLOG")" = 5 ] || fail "VIPs not added to every VMAC"
grep -q "(V4): Success creating VMAC interface vrrp.51$" "$VLOG" || fail "creation not logged as keepalived does"
grep -q "(A) Found matching interface vrrp.55$" "$VLOG" || fail "adoption not logged"
grep -q "(N) VMAC interface name taken0 already exists as a non VMAC interface - ignoring configured name" \
	"$VLOG" || fail "taken name not logged"
ok "five VMACs: default, IPv6, configured and taken names; an existing one adopted"

for spec in vrrp.51:00:00:5e:00:01:33 vrrp.52:00:00:5e:00:02:34 vx53:00:00:5e:00:02:35 \
	vrrp.54:00:00:5e:00:01:36 vrrp.55:00:00:5e:00:01:37; do
	name=${spec%%:*}
	mac=${spec#*:}
	d=$(link_d "$name")
	echo "$d" | grep -q "^[0-9]*: $name@v0: <[A-Z_,]*UP[A-Z_,]*LOWER_UP" || fail "$name not up on v0: $d"
	echo "$d" | grep -q "link/ether $mac " || fail "$name MAC is not $mac: $d"
	echo "$d" | grep -q "macvlan mode private " || fail "$name is not a private macvlan: $d"
	echo "$d" | grep -q " addrgenmode none " || fail "$name addrgenmode is not none: $d"
done
ok "ip -d link: private macvlans on v0, virtual MACs, addrgenmode none, up"

for i in vrrp.51 vrrp.54 vrrp.55; do
	expect_conf "$i" arp_ignore 1
	expect_conf "$i" accept_local 1
	expect_conf "$i" rp_filter 0
	expect_conf "$i" promote_secondaries 1
	expect_conf "$i" disable_ipv6 1 v6
done
expect_conf v0 arp_ignore 1
expect_conf v0 arp_filter 1
expect_conf v0 arp_announce 2
expect_conf vrrp.52 disable_ipv6 0 v6
expect_conf all rp_filter 0
expect_conf default rp_filter 1
expect_conf v0 rp_filter 1
expect_conf taken1 rp_filter 1
expect_conf taken0 rp_filter 2
grep -q "NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from 1 to 0" "$VLOG" || fail "rp_filter not logged"
ok "sysctls: VMACs arp_ignore/accept_local/rp_filter/promote_secondaries, IPv6 off on IPv4 VMACs;" \
	"parent arp_ignore/arp_filter/arp_announce; all.rp_filter 0, the others raised to 1"

addrs() { ip -n "$NS" -o addr show dev "$1" | awk '{ $1 = ""; $2 = ""; print }'; }
addrs vrrp.52 | grep -q "inet6 $LL/64 scope link nodad deprecated" ||
	fail "parent's link-local not on vrrp.52 as nodad deprecated: $(addrs vrrp.52)"
[ "$(ip -n "$NS" -6 -o addr show dev vx53 scope link | wc -l)" = 0 ] ||
	fail "vmac_xmit_base VMAC has a link-local: $(addrs vx53)"
! ip -n "$NS" -6 -o addr show | grep -q "fe80::200:5eff:fe00:" || fail "a link-local derived from a virtual MAC"
addrs vrrp.51 | grep -q "inet 198.18.0.100/24 " || fail "VIP not on vrrp.51"
addrs vrrp.52 | grep -q "inet6 fd00:18::100/64 " || fail "IPv6 VIP not on vrrp.52"
addrs vrrp.52 | grep -q "inet6 fe80::52/64 " || fail "link-local VIP not on vrrp.52"
ok "IPv6: the parent's link-local ($LL) on vrrp.52, none with xmit_base, none from a virtual MAC; VIPs in place"

# The client sees the VIPs behind the virtual MAC, not the parent's.
ip netns exec "$PEER" ping -c 1 -W 2 198.18.0.100 >/dev/null || fail "198.18.0.100 unreachable from the client"
ip netns exec "$PEER" ping -6 -c 1 -W 2 fd00:18::100 >/dev/null || fail "fd00:18::100 unreachable from the client"
n4=$(ip -n "$PEER" neigh show 198.18.0.100 | awk '{ print $5 }')
n6=$(ip -n "$PEER" -6 neigh show fd00:18::100 | awk '{ print $5 }')
[ "$n4" = 00:00:5e:00:01:33 ] || fail "client resolved 198.18.0.100 to $n4 (v0 is $V0MAC)"
[ "$n6" = 00:00:5e:00:02:34 ] || fail "client resolved fd00:18::100 to $n6 (v0 is $V0MAC)"
ok "the client reaches the VIPs at 00:00:5e:00:01:33 and 00:00:5e:00:02:34, not at v0's $V0MAC"

# Removal, last created first; the parent's settings stay while an IPv4 VMAC needs them.
touch "$T/go.1"
wait_for 5 grep -qs '^destroyed vrrp.55$' "$VLOG" || fail "no first removal"
has_link vrrp.55 || fail "adopted vrrp.55 was deleted"
touch "$T/go.2" "$T/go.3" "$T/go.4"
wait_for 5 no_link vrrp.52 || fail "vrrp.52 not removed"
wait_for 5 no_link vrrp.54 || fail "vrrp.54 not removed"
wait_for 5 no_link vx53 || fail "vx53 not removed"
expect_conf v0 arp_ignore 1
expect_conf all rp_filter 0
touch "$T/go.5"
wait_for 5 _lib_dead "$VPID" || fail "vm_probe vmac did not finish"
wait "$VPID" || fail "vm_probe vmac exit status (sanitizer or valgrind error?)"
no_link vrrp.51 || fail "vrrp.51 not removed"
grep -q "(V4) Success removing VMAC interface vrrp.51$" "$VLOG" || fail "removal not logged"
for i in v0 taken0 taken1; do
	now="$(v4conf $i arp_ignore)/$(v4conf $i arp_filter)/$(v4conf $i arp_announce)/$(v4conf $i rp_filter)"
	eval "was=\$BEFORE_$i"
	# shellcheck disable=SC2154 # set by eval
	[ "$now" = "$was" ] || fail "$i arp_ignore/arp_filter/arp_announce/rp_filter $now, was $was"
done
expect_conf all rp_filter 1
expect_conf default rp_filter 0
grep -q "NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter to 1" "$VLOG" || fail "rp_filter reset not logged"
has_link vrrp.55 || fail "adopted vrrp.55 gone"
ok "created VMACs removed, the adopted one left; parent and rp_filter settings restored"

printf 'vrrp_instance F {\n interface nosuch9\n virtual_router_id 60\n use_vmac\n virtual_ipaddress {\n  198.18.0.160/24\n }\n}\n' \
	>"$T/fail.conf"
probe vmac "$T/fail.conf" "$T/nogo" >"$T/vfail.log" 2>&1 && fail "a VMAC on a missing interface succeeded"
grep -q "(F): Unable to create VMAC interface vrrp.60 - No such device" "$T/vfail.log" ||
	fail "failed creation not logged"
no_link vrrp.60 || fail "failed creation left vrrp.60"
expect_conf all rp_filter 1
ok "a VMAC on a missing interface: refused, logged, nothing left"

# Routes, rules, static addresses ------------------------------------------------------
cat >"$T/routes.conf" <<'EOF'
static_ipaddress {
    198.18.7.1/24 dev taken1
    fd00:7::1/64 dev taken1 -nodad
}
static_routes {
    198.19.9.0/24 via 198.18.7.254 dev taken1
}
static_rules {
    from 198.19.9.0/24 table 101 priority 101
}
vrrp_instance V {
    interface v0
    virtual_router_id 51
    virtual_ipaddress {
        198.18.0.100/24
    }
    virtual_routes {
        198.19.1.0/24 via 198.18.0.254 dev v0
        src 198.18.0.1 198.19.2.0/24 via 198.18.0.254 dev v0 metric 50
        198.19.3.0/24 dev v0 no_track
        198.19.4.0/24 dev v0 no_track protocol static
        blackhole 198.19.5.0/24
        198.19.6.0/24 via 198.18.0.254 dev v0 table 100 mtu lock 1400 advmss 1300
        fd00:1::/64 via fd00:18::fe dev v0
        198.19.10.0/24 dev v0 nexthop via 198.18.0.2 dev v0 weight 2 nexthop via 198.18.0.3 dev v0
        198.19.11.0/24 gw 198.18.0.254 dev v0 table 1000
    }
    virtual_rules {
        from 198.19.1.0/24 table 100 priority 100
        to 198.19.2.0/24 iif v0 lookup 100 priority 110 no_track
        fwmark 0x10/0xff table 100 priority 120
        from fd00:2::/64 table 100 priority 100
        from 198.19.3.0/24 blackhole priority 130
        not from 198.19.4.0/24 table 1000 priority 140 suppress_prefixlength 0
        from 198.19.5.0/24 goto 200 priority 150
        from all uidrange 100-200 ipproto tcp dport 80 sport 1000-2000 table 100 priority 160
        from 198.19.6.0/24 nop priority 170
        from 198.19.7.0/24 table 100
    }
}
EOF
cat >"$T/routes.expected" <<'EOF'
route 198.19.1.0/24 via 198.18.0.254 dev v0 proto keepalived
route 198.19.10.0/24 proto keepalived nexthop via 198.18.0.2 dev v0 weight 2 nexthop via 198.18.0.3 dev v0 weight 1
route 198.19.11.0/24 via 198.18.0.254 dev v0 table 1000 proto keepalived
route 198.19.2.0/24 via 198.18.0.254 dev v0 proto keepalived src 198.18.0.1 metric 50
route 198.19.3.0/24 dev v0 proto keepalived
route 198.19.4.0/24 dev v0 proto static
route 198.19.6.0/24 via 198.18.0.254 dev v0 table 100 proto keepalived mtu lock 1400 advmss 1300
route 198.19.9.0/24 via 198.18.7.254 dev taken1 proto keepalived
route blackhole 198.19.5.0/24 proto keepalived
route6 fd00:1::/64 via fd00:18::fe dev v0 proto keepalived metric 1024 pref medium
rule 100: from 198.19.1.0/24 lookup 100 proto keepalived
rule 101: from 198.19.9.0/24 lookup 101 proto keepalived
rule 110: from all to 198.19.2.0/24 iif v0 lookup 100
rule 120: from all fwmark 0x10/0xff lookup 100 proto keepalived
rule 130: from 198.19.3.0/24 blackhole proto keepalived
rule 140: not from 198.19.4.0/24 lookup 1000 suppress_prefixlength 0 proto keepalived
rule 150: from 198.19.5.0/24 goto 200 [unresolved] proto keepalived
rule 160: from all uidrange 100-200 ipproto tcp sport 1000-2000 dport 80 lookup 100 proto keepalived
rule 16384: from 198.19.7.0/24 lookup 100 proto keepalived
rule 170: from 198.19.6.0/24 nop proto keepalived
rule6 100: from fd00:2::/64 lookup 100 proto keepalived
addr inet 198.18.7.1/24
addr inet6 fd00:7::1/64
EOF
# What the kernel holds that did not come from the kernel itself, one line each.
state() {
	{
		ip -n "$NS" -4 route show table all | grep -v -e '^local ' -e '^broadcast ' -e 'proto kernel' |
			tr '\n' '~' | sed 's/~\t/ /g' | tr '~' '\n' | sed 's/  */ /g; s/ $//; s/^/route /'
		ip -n "$NS" -6 route show table all | grep -v -e '^local ' -e '^multicast ' -e 'proto kernel' \
			-e '^anycast ' | sed 's/  */ /g; s/ $//; s/^/route6 /'
		ip -n "$NS" -4 rule | grep -v -e 'lookup local$' -e 'lookup main$' -e 'lookup default$' |
			sed 's/\t/ /g; s/  */ /g; s/ $//; s/^/rule /'
		ip -n "$NS" -6 rule | grep -v -e 'lookup local$' -e 'lookup main$' |
			sed 's/\t/ /g; s/  */ /g; s/ $//; s/^/rule6 /'
		ip -n "$NS" -o addr show dev taken1 scope global | awk '{ print "addr", $3, $4 }'
	} | sort
}
BASE=$(state)
probe routes "$T/routes.conf" add v0 >"$T/add.log" 2>&1 || fail "routes add"
grep -q "^apply add entries=23 failures=0 " "$T/add.log" || fail "routes add: $(grep '^apply' "$T/add.log")"
state >"$T/state"
sort "$T/routes.expected" | diff - "$T/state" >"$T/diff.log" || fail "ip shows something else (diff.log)"
grep -q "virtual_routes: 'gw' is deprecated, use 'via'" "$T/add.log" || fail "gw not warned"
ok "23 entries in one apply per block: routes, multipath, metrics, tables, rules, static addresses as ip shows them"

probe routes "$T/routes.conf" add v0 >"$T/add2.log" 2>&1 || fail "second add"
grep -q "^apply add entries=23 failures=0 " "$T/add2.log" || fail "second add failed"
state | diff "$T/state" - >"$T/diff.log" || fail "second add changed the kernel's state (diff.log)"
ok "adding again: no failure, no duplicate"

probe routes "$T/routes.conf" del v0 >"$T/del.log" 2>&1 || fail "routes del"
grep -q "^apply del entries=23 failures=0 " "$T/del.log" || fail "routes del failed"
[ "$(state)" = "$BASE" ] || fail "left after removal: $(state | diff - "$T/state")"
probe routes "$T/routes.conf" del v0 >"$T/del2.log" 2>&1 || fail "second del"
grep -q "^apply del entries=23 failures=0 " "$T/del2.log" || fail "second del failed"
ok "removing, and again: nothing left, no failure"

cat >"$T/bad.conf" <<'EOF'
vrrp_instance V {
    interface v0
    virtual_router_id 51
    virtual_ipaddress {
        198.18.0.100/24
    }
    virtual_routes {
        198.19.20.0/24 via 198.18.0.254 dev nosuch0
        198.19.21.0/24 via 198.18.0.254 dev v0 scope link
        198.19.22.0/24 via 198.18.0.254 dev v0
    }
}
EOF
probe routes "$T/bad.conf" add v0 >"$T/bad.log" 2>&1 && fail "failures not reported in the exit status"
grep -q "^apply add entries=3 failures=2 " "$T/bad.log" || fail "failures not counted: $(grep '^apply' "$T/bad.log")"
grep -q "(V) Netlink: cannot add route 198.19.20.0/24 via 198.18.0.254 dev nosuch0: No such device - nosuch0" \
	"$T/bad.log" || fail "missing interface not logged"
grep -q "(V) Netlink: cannot add route 198.19.21.0/24 scope link via 198.18.0.254 dev v0: .* - " "$T/bad.log" ||
	fail "kernel refusal not logged with its reason"
ip -n "$NS" route show 198.19.22.0/24 | grep -q "via 198.18.0.254" || fail "the good route was not added"
probe routes "$T/bad.conf" del v0 >"$T/bad-del.log" 2>&1 || fail "removing a partly added block failed"
ok "two failures of three counted and logged with the entry and the reason; the third installed and removed"

# Batch time -------------------------------------------------------------------------
N=200
{
	echo "vrrp_instance V {"
	echo " interface v0"
	echo " virtual_router_id 51"
	echo " virtual_ipaddress {"
	echo "  198.18.0.100/24"
	echo " }"
	echo " virtual_routes {"
	i=0
	while [ $i -lt $N ]; do
		echo "  198.20.$i.0/24 via 198.18.0.254 dev v0"
		i=$((i + 1))
	done
	echo " }"
	echo " virtual_rules {"
	i=0
	while [ $i -lt 50 ]; do
		echo "  from 198.21.$i.0/24 table 100 priority $((1000 + i))"
		i=$((i + 1))
	done
	echo " }"
	echo "}"
} >"$T/many.conf"
probe routes "$T/many.conf" add v0 >"$T/many-add.log" 2>&1 || fail "many add"
probe routes "$T/many.conf" del v0 >"$T/many-del.log" 2>&1 || fail "many del"
grep -q "^apply add entries=250 failures=0 .* batches=4 " "$T/many-add.log" ||
	fail "250 entries not in 4 datagrams: $(grep '^apply' "$T/many-add.log")"
ADD_US=$(sed -n 's/^apply add .* usec=\([0-9]*\) .*/\1/p' "$T/many-add.log")
DEL_US=$(sed -n 's/^apply del .* usec=\([0-9]*\) .*/\1/p' "$T/many-del.log")
[ "$(state)" = "$BASE" ] || fail "many: left after removal"
t0=$(now_us)
i=0
while [ $i -lt $N ]; do
	ip -n "$NS" route add "198.20.$i.0/24" via 198.18.0.254 dev v0 proto keepalived || fail "ip route add"
	i=$((i + 1))
done
i=0
while [ $i -lt 50 ]; do
	ip -n "$NS" rule add from "198.21.$i.0/24" table 100 priority $((1000 + i)) || fail "ip rule add"
	i=$((i + 1))
done
IP_US=$(($(now_us) - t0))
{
	i=0
	while [ $i -lt $N ]; do
		echo "route del 198.20.$i.0/24 via 198.18.0.254 dev v0"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 50 ]; do
		echo "rule del from 198.21.$i.0/24 table 100 priority $((1000 + i))"
		i=$((i + 1))
	done
} >"$T/del.batch"
t0=$(now_us)
ip -n "$NS" -batch "$T/del.batch" || fail "ip -batch del"
IPB_US=$(($(now_us) - t0))
[ "$(state)" = "$BASE" ] || fail "ip loop left routes"
echo "   time: $N routes + 50 rules: vrrp_route_apply add ${ADD_US} us, del ${DEL_US} us;" \
	"250 x ip add ${IP_US} us; ip -batch del ${IPB_US} us"
[ "$ADD_US" -lt "$IP_US" ] || fail "the batch is slower than separate ip calls"
ok "250 entries in 4 datagrams, faster than separate ip calls"

echo "vmac_routes: $PASSED passed, 0 failed"
exit 0
