#!/bin/sh
# no_accept driven by the daemon (run/vrrp_instance_vips.c -> kernel/vrrp_nft.c):
# host A ($NS-a, vrrp_strict) is Master of VI_1 (no_accept by strict mode,
# VIP .100) and VI_2 (VRRPv3 with accept, VIP .101); host B ($NS-b) runs
# a lower-priority Backup of both over a veth pair and pings/connects.
# - VI_1's VIP is installed on A but does not answer ping or TCP from B,
#   nor do its excluded IPv6 addresses (global, and link-local matched
#   with its interface; neighbour discovery still passes), while VI_2's
#   VIP answers (TCP: a reset, nothing listens); B stays Backup (A's
#   adverts still flow);
# - a reload that adds VIP .102 to VI_1 and turns VI_2 to no_accept: the
#   new VIP is in the drop set and does not answer, nor does VI_2's;
# - reloads that change nftables_priority (the table re-created under
#   its name, its addresses kept) and the table's name (the new one holds
#   the addresses, the old one goes);
# - after A exits, its table is gone (`nft list tables`);
# - keepalived 2.2.7 (if installed) on the same configuration: the same
#   reachability, and its table gone at exit.
# Needs root (exit 77 otherwise). Uses nothing fixed on the host.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init nft_no_accept
lib_require_tools nft ping python3
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
KEEPALIVED_REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
NS=nna-$$
T=$LIB_TMP
ns_create "$NS-a"
ns_create "$NS-b"
ns_veth "$NS-a" a0 b0 "$NS-b"
ip -n "$NS-a" addr add 198.18.33.1/24 dev a0 || fail "address A"
ip -n "$NS-b" addr add 198.18.33.2/24 dev b0 || fail "address B"
ip -n "$NS-a" addr add fd00:33::1/64 dev a0 nodad || fail "IPv6 address A"
ip -n "$NS-b" addr add fd00:33::2/64 dev b0 nodad || fail "IPv6 address B"

# conf PRIO GLOBAL VI_1-EXTRA-VIP HOST [VI_1-EXTRA [VI_2-MODE]]: B skips the address check of the
# adverts, so that A's reload (one more VIP) does not make it Master.
conf() {
	cat <<CONF
global_defs {
    router_id nna$1
    $2
}
vrrp_instance VI_1 {
    state BACKUP
    interface ${4}0
    virtual_router_id 91
    version 3
    priority $1
    advert_int 0.5
    ${5:-}
    virtual_ipaddress {
        198.18.33.100/32
        $3
    }
    virtual_ipaddress_excluded {
        fd00:33::103/64
        fe80::33:103/64
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface ${4}0
    virtual_router_id 92
    version 3
    priority $1
    advert_int 0.5
    ${6:-accept}
    virtual_ipaddress {
        198.18.33.101/32
    }
}
CONF
}
conf 200 vrrp_strict "" a >"$T/a.conf"
conf 50 "" "" b skip_check_adv_addr >"$T/b.conf"

start() { # HOST BINARY [OPTION...]
	_h=$1 _bin=$2
	shift 2
	daemon_start_bg "$NS-$_h" "$T/$_h.log" "$_bin" -n -l -D -P -f "$T/$_h.conf" \
		-p "$T/$_h.pid" -r "$T/${_h}v.pid" "$@"
}
has_vip() { ip -n "$NS-${2:-a}" -o addr show | grep -q "inet6\{0,1\} $1/"; }
# From B: does ADDR answer a ping?
pings() { ip netns exec "$NS-b" ping -c1 -W0.5 "$1" >/dev/null 2>&1; }
# From B: "refused" (answered by a reset) or "timeout" (dropped) for ADDR:80.
tcp() {
	ip netns exec "$NS-b" python3 -c '
import socket, sys
s = socket.socket()
s.settimeout(0.5)
try:
    s.connect((sys.argv[1], 80)); print("open")
except ConnectionRefusedError:
    print("refused")
except OSError:
    print("timeout")' "$1"
}
in_set() { # TABLE ADDR [FAMILY [SET]]
	ip netns exec "$NS-a" nft list set "${3:-ip}" "$1" "${4:-vips}" 2>/dev/null | grep -q "$2"
}
# ADDR is dropped: no answer to a ping, nor to a TCP connect.
dropped() {
	! pings "$1" || fail "$2: $1 answers a ping"
	[ "$(tcp "$1")" = timeout ] || fail "$2: $1 answers TCP"
}
# The excluded IPv6 addresses of VI_1 are dropped too; A's own answers.
dropped6() { # TABLE WHO
	ip -n "$NS-b" neigh flush dev b0
	wait_for 2 in_set "$1" fd00:33::103 ip6 || fail "$2: fd00:33::103 not in table $1"
	wait_for 2 in_set "$1" fe80::33:103 ip6 vips_link_local ||
		fail "$2: fe80::33:103 not in table $1"
	wait_for 5 ip netns exec "$NS-b" ping -c1 -W0.5 fd00:33::1 >/dev/null ||
		fail "$2: A's own IPv6 address does not answer"
	! ip netns exec "$NS-b" ping -c1 -W0.5 fd00:33::103 >/dev/null ||
		fail "$2: fd00:33::103 answers"
	# Neighbour discovery passed: B knows the address's MAC, only the echo was dropped.
	ip -n "$NS-b" neigh show fd00:33::103 dev b0 | grep -q lladdr ||
		fail "$2: fd00:33::103 not resolved (neighbour discovery dropped?)"
	! ip netns exec "$NS-b" ping -c1 -W0.5 fe80::33:103%b0 >/dev/null ||
		fail "$2: fe80::33:103 answers"
}
tcp_refused() { [ "$(tcp "$1")" = refused ]; }
answers() {
	wait_for 5 pings "$1" || fail "$2: $1 does not answer a ping"
	wait_for 3 tcp_refused "$1" ||
		fail "$2: $1 does not answer TCP with a reset"
}
# Both instances Master on A with their VIPs installed.
masters() { # TABLE WHO
	wait_for 10 has_vip 198.18.33.100 || fail "$2: VI_1 never installed its VIP"
	wait_for 5 has_vip 198.18.33.101 || fail "$2: VI_2 never installed its VIP"
	wait_for 2 in_set "$1" 198.18.33.100 || fail "$2: .100 not in table $1"
	wait_for 5 eval '! has_vip 198.18.33.100 b && ! has_vip 198.18.33.101 b' ||
		fail "$2: B still holds a VIP"
	! in_set "$1" 198.18.33.101 || fail "$2: VI_2 (accept) in the drop set"
}
table_gone() { ! ip netns exec "$NS-a" nft list tables | grep -q " $1\$"; }

step "A (Master, vrrp_strict), then B (Backup)"
start a "$KEEPALIVED" --control-socket="$T/a.sock"
A=$LIB_LAST_PID
masters keepalived_vrrp ours
# B after A, so that it never is Master before A's first advert.
start b "$KEEPALIVED" --control-socket="$T/b.sock"
B=$LIB_LAST_PID
wait_for 10 grep -q "(VI_2) Entering BACKUP STATE" "$T/b.log" || fail "B did not start"
grep -q "(VI_1) setting firewall drop rule" "$T/a.log" || fail "no drop rule logged (-D)"
answers 198.18.33.101 "accept"
dropped 198.18.33.100 "no_accept"
dropped6 keepalived_vrrp ours
answers 198.18.33.1 "A's own address"
grep -q "Entering MASTER" "$T/b.log" && fail "B became Master: A's adverts do not flow"

step "reload: VI_1 gets 198.18.33.102, VI_2 turns to no_accept"
conf 200 vrrp_strict 198.18.33.102/32 a "" no_accept >"$T/a.conf"
kill -HUP "$A"
wait_for 10 has_vip 198.18.33.102 || fail "reload: .102 not installed"
in_set keepalived_vrrp 198.18.33.102 || fail "reload: .102 installed before it is dropped"
dropped 198.18.33.102 "reload"
dropped 198.18.33.100 "reload"
wait_for 2 in_set keepalived_vrrp 198.18.33.101 || fail "reload: VI_2 not in the drop set"
dropped 198.18.33.101 "reload, VI_2 no_accept"
grep -q "Entering MASTER" "$T/b.log" && fail "B became Master after the reload"

step "reload: nftables_priority -5, then nftables other"
prio_is() { ip netns exec "$NS-a" nft list chain ip keepalived_vrrp in | grep -q "filter - $1;"; }
conf 200 "vrrp_strict
    nftables_priority -5" 198.18.33.102/32 a "" no_accept >"$T/a.conf"
kill -HUP "$A"
wait_for 5 prio_is 5 || fail "reload: the chains' priority did not change"
in_set keepalived_vrrp 198.18.33.100 || fail "reload: the re-created table lost .100"
conf 200 "vrrp_strict
    nftables other" 198.18.33.102/32 a "" no_accept >"$T/a.conf"
kill -HUP "$A"
wait_for 5 in_set other 198.18.33.102 || fail "reload: table other does not hold .102"
wait_for 2 table_gone keepalived_vrrp || fail "reload: the old table stayed"
dropped 198.18.33.100 "reload, table other"

step "A exits: its table goes"
daemon_stop "$A" 5 || fail "A did not stop"
table_gone other || fail "table other left after exit"

if [ -x "$KEEPALIVED_REF" ] && "$KEEPALIVED_REF" -v 2>&1 | grep -q "v2\.2\.7"; then
	step "keepalived 2.2.7 on the same configuration"
	conf 200 vrrp_strict "" a >"$T/a.conf"
	start a "$KEEPALIVED_REF"
	R=$LIB_LAST_PID
	masters keepalived "keepalived 2.2.7"
	answers 198.18.33.101 "keepalived 2.2.7, accept"
	dropped 198.18.33.100 "keepalived 2.2.7, no_accept"
	dropped6 keepalived "keepalived 2.2.7"
	daemon_stop "$R" 5 || fail "keepalived did not stop"
	wait_for 2 table_gone keepalived || fail "keepalived left its table"
else
	echo "keepalived 2.2.7 not installed: comparison skipped"
fi
daemon_stop "$B" 5 || fail "B did not stop"
echo "PASS: nft_no_accept"
