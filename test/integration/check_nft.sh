#!/bin/sh
# shellcheck disable=SC1091,SC2317 # lib.sh; functions called through wait_for
# nftables_ipvs's table (keepalived/check/kernel/check_nft.c), driven by
# check_nft_drv in a namespace as the checker drives it (this kernel has no
# IPVS, so the checker itself cannot run here; test/uml/compare/nft_groups.conf
# checks its IPVS side against keepalived 2.2.7):
# - apply: table keepalived_ipvs in ip and ip6, chain in on the input hook at
#   priority -1, maps tcp_map/udp_map (ADDR . PORT : MARK, ranges as
#   intervals) and one rule per map, as keepalived 2.2.7 makes them;
# - a TCP SYN to a group's address and port (local, on lo) leaves the table
#   with the group's mark, seen by a rule of the test's own table after it;
#   an address and port outside the map is not marked;
# - a second apply (a reload) replaces the table: new priority and elements;
# - an apply without elements, and close, remove it.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init check_nft
lib_require_tools nft python3
NS=cnft-$$
T=$LIB_TMP
DRV=${top_builddir:-.}/test/integration/check_nft_drv
[ -x "$DRV" ] || fail "$DRV is not built"

ns_create "$NS"
for a in 198.18.0.100 198.18.0.101 198.18.0.102 198.18.0.110; do
	ip -n "$NS" addr add "$a/32" dev lo || fail "addr $a"
done
ip -n "$NS" addr add fd00::101/128 dev lo nodad || fail "addr fd00::101"

# The test's own watcher, after ours on the input hook: counts by mark.
ip netns exec "$NS" nft -f - <<'NFT' || fail "watcher table"
table inet watch {
	chain c {
		type filter hook input priority 10; policy accept;
		tcp dport 80 meta mark 1000 counter
		tcp dport 80 meta mark 0 counter
		tcp dport 8080 meta mark 1002 counter
	}
}
NFT

mkfifo "$T/cmd" || fail "mkfifo"
ip netns exec "$NS" "$DRV" <"$T/cmd" >"$T/drv.log" 2>&1 &
track_pid $!
exec 3>"$T/cmd"
N=0
cmd() { # LINE: send, wait for the Nth answer, fail unless ok
	echo "$*" >&3
	N=$((N + 1))
	wait_for 5 sh -c "[ \$(grep -cE '^(ok|err)' '$T/drv.log') -ge $N ]" || fail "no answer to: $*"
	[ "$(grep -E '^(ok|err)' "$T/drv.log" | sed -n "${N}p")" = ok ] || fail "not ok: $*"
}
ruleset() {
	ip netns exec "$NS" nft list table "$1" keepalived_ipvs 2>/dev/null
}
has() { # FAMILY TEXT
	ruleset "$1" | grep -qF -- "$2" || {
		ruleset "$1"
		fail "$1 table: no '$2'"
	}
}
# SYN to ADDR PORT; nothing listens, the RST is enough.
syn() {
	ip netns exec "$NS" python3 -c '
import socket, sys
a, p = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET)
s.settimeout(1)
try:
    s.connect((a, p))
except OSError:
    pass' "$1" "$2"
}
packets() { # RULE-TEXT: the packets counted by the watcher's rule
	ip netns exec "$NS" nft list table inet watch | grep -F -- "$1" |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

step "apply: the table as keepalived 2.2.7 makes it"
cmd apply keepalived_ipvs -1 tcp,198.18.0.100,198.18.0.102,80,1000 \
	tcp,198.18.0.110,198.18.0.110,81,1000 udp,198.18.0.100,198.18.0.101,53,1001 \
	tcp,fd00::100,fd00::102,80,1000
has ip "type ipv4_addr . inet_service : mark"
has ip "flags interval"
has ip "198.18.0.100-198.18.0.102 . 80 : 0x000003e8"
has ip "198.18.0.110 . 81 : 0x000003e8"
has ip "map udp_map"
has ip "type filter hook input priority filter - 1; policy accept;"
has ip "meta mark set ip daddr . tcp dport map @tcp_map counter"
has ip "meta mark set ip daddr . udp dport map @udp_map counter"
has ip6 "type ipv6_addr . inet_service : mark"
has ip6 "fd00::100-fd00::102 . 80 : 0x000003e8"
has ip6 "meta mark set ip6 daddr . tcp dport map @tcp_map counter"
ruleset ip6 | grep -q udp_map && fail "ip6: a udp_map without elements"

step "packets to a group's addresses are marked"
syn 198.18.0.101 80
syn fd00::101 80
[ "$(packets 'meta mark 0x000003e8')" -ge 2 ] || fail "not marked: $(packets 'meta mark 0x000003e8')"
syn 198.18.0.110 80
[ "$(packets 'meta mark 0x00000000')" -ge 1 ] || fail "198.18.0.110:80 is not a group's"

step "a reload replaces the table"
cmd apply keepalived_ipvs -5 tcp,198.18.0.101,198.18.0.101,8080,1002
has ip "priority filter - 5"
has ip "198.18.0.101 . 8080 : 0x000003ea"
ruleset ip | grep -q "198.18.0.100" && fail "old elements left"
ruleset ip6 >/dev/null && fail "the ip6 table is left without elements"
syn 198.18.0.101 8080
[ "$(packets 'meta mark 0x000003ea')" -ge 1 ] || fail "8080 not marked"

step "no elements, then close: nothing left"
cmd apply keepalived_ipvs -1
ruleset ip >/dev/null && fail "table left after an empty apply"
cmd apply other_name -1 tcp,198.18.0.101,198.18.0.101,80,1000
ip netns exec "$NS" nft list table ip other_name | grep -qF "198.18.0.101 . 80" ||
	fail "no table other_name"
cmd close
ip netns exec "$NS" nft list tables | grep -q other_name && fail "table left after close"
echo "PASS: check_nft"
