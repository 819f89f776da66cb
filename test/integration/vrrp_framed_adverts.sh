#!/bin/sh
# vrrp_framed_adverts (global_defs, off by default): the frame path sends
# batched multicast adverts on a packet socket, which skips netfilter's
# output hooks; the default raw-socket path goes through them, as
# keepalived's adverts do. With an nftables rule in the daemon's namespace
# that drops outgoing VRRP:
# - default: the rule counts the adverts and the peer sees none;
# - vrrp_framed_adverts: the peer sees the adverts despite the rule.
# Four VRRPv3 instances at 0.1 s on one veth. Needs root, nft and tcpdump
# (exit 77 otherwise). No duration asserted; nothing fixed on the host.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_framed_adverts
lib_require_tools nft tcpdump
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vfa-$$
PEER=vfap-$$
T=$LIB_TMP
ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" v0 v1 "$PEER"
ip -n "$NS" addr add 198.18.43.1/24 dev v0 || fail "address on v0"
ip -n "$PEER" addr add 198.18.43.2/24 dev v1 || fail "address on v1"
ip netns exec "$NS" nft -f - <<'NFT' || fail "nft rule"
table inet vfa {
	chain out {
		type filter hook output priority 0;
		ip protocol vrrp counter drop
	}
}
NFT

# conf GLOBAL_LINE
conf() {
	printf 'global_defs {\n    %s\n}\n' "$1"
	for i in 1 2 3 4; do
		cat <<CONF
vrrp_instance VI_$i {
    state MASTER
    interface v0
    version 3
    virtual_router_id $((60 + i))
    priority 200
    advert_int 0.1
    virtual_ipaddress {
        198.18.43.$((100 + i))/24
    }
}
CONF
	done
}

ip netns exec "$PEER" tcpdump -l -n -i v1 'ip proto 112' >"$T/peer.txt" 2>"$T/tcpdump.err" &
track_pid $!
wait_for 10 grep -q "listening on" "$T/tcpdump.err" || fail "tcpdump did not start"

peer_count() { grep -c "VRRPv3" "$T/peer.txt"; }
dropped() {
	ip netns exec "$NS" nft list chain inet vfa out | sed -n 's/.*packets \([0-9]*\).*/\1/p'
}
dropped_above() { [ "$(dropped)" -gt "$1" ]; }
peer_above() { [ "$(peer_count)" -gt "$1" ]; }

step "default: adverts go through netfilter's output hook"
conf "router_id vfa" >"$T/raw.conf"
daemon_start_bg "$NS" "$T/raw.log" "$KEEPALIVED" -n -l -P -f "$T/raw.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
wait_for 10 grep -q "(VI_4) Entering MASTER STATE" "$T/raw.log" || fail "no Master: $(cat "$T/raw.log")"
# Two seconds of adverts: 4 instances at 0.1 s.
wait_for 10 dropped_above 80 || fail "the output rule counted $(dropped) packets"
[ "$(peer_count)" -eq 0 ] || fail "the peer saw $(peer_count) adverts through the drop rule"
daemon_stop "$KA" 10 || fail "daemon did not stop"

step "vrrp_framed_adverts: the frames skip the output hook"
conf "vrrp_framed_adverts" >"$T/framed.conf"
daemon_start_bg "$NS" "$T/framed.log" "$KEEPALIVED" -n -l -P -f "$T/framed.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
wait_for 10 grep -q "(VI_4) Entering MASTER STATE" "$T/framed.log" ||
	fail "no Master: $(cat "$T/framed.log")"
wait_for 10 peer_above 40 || fail "the peer saw $(peer_count) adverts"
daemon_stop "$KA" 10 || fail "daemon did not stop"
step "PASS"
