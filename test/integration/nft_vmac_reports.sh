#!/bin/sh
# use_vmac's multicast reports (issue 11), as keepalived 2.2.7's nftables
# table does it: an IGMP or MLDv2 report that the kernel sends on a VMAC
# is sent through the VMAC's parent instead (dup to the parent, the
# original dropped), so that it leaves with the parent's MAC address and
# no switch learns the virtual MAC from it; the table also drops router
# solicitations from IPv6 VMACs.
# - the table (our keepalived_vrrp) has keepalived's rules and the VMACs
#   of both instances in vmac_map (vmac_set for IPv6), by name;
# - a group joined on the IPv4 VMAC and one on the IPv6 VMAC: the first
#   report of each seen by the peer comes from the parent's MAC;
# - the tables are gone after the daemon exits.
# use_vmac alone, without no_accept or vrrp_strict, makes the table, as in
# keepalived. Needs root, nft and python3 (exit 77 otherwise). Nothing
# fixed on the host; no duration asserted.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init nft_vmac_reports
lib_require_tools nft python3
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
HELPER=${top_srcdir:-$(dirname "$0")/../..}/test/integration/nft_vmac_reports.py
NS=nvr-$$
PEER=nvrp-$$
T=$LIB_TMP
ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" v0 v1 "$PEER"
ip -n "$NS" addr add 198.18.42.1/24 dev v0 || fail "address on v0"
ip -n "$NS" addr add fd00:42::1/64 dev v0 nodad || fail "IPv6 address on v0"

cat >"$T/ka.conf" <<CONF
vrrp_instance V4 {
    state MASTER
    interface v0
    use_vmac
    virtual_router_id 51
    priority 255
    virtual_ipaddress {
        198.18.42.100/24
    }
}
vrrp_instance V6 {
    state MASTER
    interface v0
    use_vmac
    virtual_router_id 52
    priority 255
    virtual_ipaddress {
        fd00:42::100/64
    }
}
CONF
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
for i in V4 V6; do
	wait_for 10 grep -q "($i) Entering MASTER STATE" "$T/ka.log" ||
		fail "$i never became Master: $(cat "$T/ka.log")"
done

step "the table: keepalived's rules, the VMACs by name"
has_vmacs() {
	ip netns exec "$NS" nft list table ip keepalived_vrrp >"$T/ip.nft" 2>&1 &&
		ip netns exec "$NS" nft list table ip6 keepalived_vrrp >"$T/ip6.nft" 2>&1 &&
		grep -qF 'elements = { "vrrp.51" : "v0" }' "$T/ip.nft" &&
		grep -qF 'elements = { "vrrp.52" : "v0" }' "$T/ip6.nft" &&
		grep -qF 'elements = { "vrrp.52" }' "$T/ip6.nft"
}
wait_for 10 has_vmacs || fail "VMACs not in the maps: $(cat "$T/ip.nft" "$T/ip6.nft")"
for rule in 'ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map drop'; do
	grep -qF "$rule" "$T/ip.nft" || fail "no rule '$rule': $(cat "$T/ip.nft")"
done
for rule in 'icmpv6 type mld2-listener-report meta oifkind "macvlan" dup to ip6 daddr device oif map @vmac_map drop' \
	'icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set drop'; do
	grep -qF "$rule" "$T/ip6.nft" || fail "no rule '$rule': $(cat "$T/ip6.nft")"
done

PARENT_MAC=$(ip -n "$NS" -br link show dev v0 | awk '{ print $3 }')
[ -n "$PARENT_MAC" ] || fail "no MAC address for v0"

# report VMAC GROUP: the Ethernet source of the first report of GROUP the peer sees.
report() {
	rm -f "$T/cap.out"
	ip netns exec "$PEER" python3 "$HELPER" capture v1 "$2" 8 >"$T/cap.out" 2>&1 &
	cap=$!
	wait_for 5 grep -q ready "$T/cap.out" || fail "capture not started: $(cat "$T/cap.out")"
	ip netns exec "$NS" python3 "$HELPER" join "$1" "$2" 1 || fail "join $2 on $1"
	wait "$cap" || fail "no report of $2 from $1 seen: $(cat "$T/cap.out")"
	sed -n 2p "$T/cap.out"
}

step "a group joined on the IPv4 VMAC: the report leaves from v0's MAC"
mac=$(report vrrp.51 239.18.42.1)
[ "$mac" = "$PARENT_MAC" ] || fail "IGMP report from $mac, not v0's $PARENT_MAC"
step "a group joined on the IPv6 VMAC: the same for MLDv2"
mac=$(report vrrp.52 ff05::42:1)
[ "$mac" = "$PARENT_MAC" ] || fail "MLD report from $mac, not v0's $PARENT_MAC"

daemon_stop "$KA" 5 || fail "did not stop"
ip netns exec "$NS" nft list tables | grep -q keepalived_vrrp && fail "the tables are left"
echo "PASS: nft_vmac_reports"
