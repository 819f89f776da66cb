#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# VRRP packet I/O on the wire, between two network namespaces on a veth pair:
# - vrrp_net: a payload sent in A arrives in B with TTL/hop limit 255, the
#   right source and destination and multicast flag, IPv4 and IPv6, to the
#   group and unicast; the sending socket never receives its own packet;
# - vrrp_arp: a gratuitous ARP and an unsolicited NA from A are seen by
#   tcpdump in B with the expected fields and update B's neighbour table.
# Needs root, ip and tcpdump (exit 77 otherwise). PROBE_WRAP runs the probe
# under a tool, e.g. PROBE_WRAP="valgrind -q --error-exitcode=3".
set -u

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in ip tcpdump timeout; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: no $tool"; exit 77; }
done
PROBE=${top_builddir:-.}/test/integration/net_probe
[ -x "$PROBE" ] || { echo "ERROR: $PROBE not built"; exit 99; }

A=net-io-a-$$
B=net-io-b-$$
TMP=$(mktemp -d /tmp/net-io.XXXXXX)
PIDS=

cleanup() {
	for pid in $PIDS; do
		kill "$pid" 2>/dev/null
	done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

fail() {
	echo "FAIL: $*"
	for f in "$TMP"/*.out "$TMP"/*.err; do
		[ -s "$f" ] && { echo "--- $f"; cat "$f"; }
	done
	exit 1
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# wait_for SECONDS COMMAND...: poll COMMAND until it succeeds or time is up.
wait_for() {
	_end=$(($(now_ms) + $1 * 1000))
	shift
	until "$@"; do
		[ "$(now_ms)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}

inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
# shellcheck disable=SC2086 # PROBE_WRAP is a command line
probeA() { inA ${PROBE_WRAP:-} "$PROBE" "$@"; }
# shellcheck disable=SC2086
probeB() { inB ${PROBE_WRAP:-} "$PROBE" "$@"; }

# reap PID: wait for a background job we started and forget it, so that the
# cleanup never signals a reused PID. Returns the job's exit status.
reap() {
	wait "$1"
	_rc=$?
	_left=
	for _p in $PIDS; do
		[ "$_p" = "$1" ] || _left="$_left $_p"
	done
	PIDS=$_left
	return $_rc
}

# Set-up ----------------------------------------------------------------------
ip netns add "$A" || fail "netns add $A"
ip netns add "$B" || fail "netns add $B"
ip -n "$A" link add veth0 type veth peer name veth1 netns "$B" || fail "veth"
# No DAD: the link-local source must be usable as soon as the link is up.
inA sysctl -qw net.ipv6.conf.veth0.accept_dad=0
inB sysctl -qw net.ipv6.conf.veth1.accept_dad=0
ip -n "$A" addr add 198.18.0.1/24 dev veth0
ip -n "$B" addr add 198.18.0.2/24 dev veth1
ip -n "$A" addr add fd00:18::1/64 dev veth0 nodad
ip -n "$B" addr add fd00:18::2/64 dev veth1 nodad
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
done
ip -n "$A" link set veth0 up
ip -n "$B" link set veth1 up

link_local() { # NS DEV: the link-local address once usable
	ip -n "$1" -6 -o addr show dev "$2" scope link | grep -v tentative |
		sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p'
}
has_ll() { [ -n "$(link_local "$1" "$2")" ]; }
is_up() { ip -n "$1" link show "$2" | grep -q LOWER_UP; }
wait_for 5 is_up "$A" veth0 || fail "veth0 not up"
wait_for 5 is_up "$B" veth1 || fail "veth1 not up"
wait_for 5 has_ll "$A" veth0 || fail "no link-local on veth0"
wait_for 5 has_ll "$B" veth1 || fail "no link-local on veth1"
LL_A=$(link_local "$A" veth0)
LL_B=$(link_local "$B" veth1)
MAC_A=$(ip -n "$A" -o link show veth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
[ -n "$MAC_A" ] || fail "no MAC on veth0"

# vrrp_net --------------------------------------------------------------------
# transfer FAMILY SRC DST EXPECTED_RX_LINE: B listens, A sends, both checked.
transfer() {
	rm -f "$TMP/ready"
	probeB recv veth1 "$1" 5000 "$TMP/ready" >"$TMP/rx.out" 2>&1 &
	rx=$!
	PIDS="$PIDS $rx"
	wait_for 10 test -e "$TMP/ready" || fail "receiver not ready"
	probeA send veth0 "$1" "$2" "$3" 5 100 >"$TMP/tx.out" 2>&1 ||
		fail "send $1 $2 -> $3"
	reap "$rx" || fail "nothing received: $1 $2 -> $3"
	grep -qx "$4" "$TMP/rx.out" || fail "expected '$4'"
	! grep -q '^drop' "$TMP/rx.out" || fail "receiver dropped packets"
	# The sender joined the group on veth0: with multicast loop on it
	# would read its own adverts here.
	grep -q '^tx sent=5 own=0 ' "$TMP/tx.out" || fail "sender saw its own packet"
	echo "ok: $1 $2 -> $3"
}

transfer inet 198.18.0.1 224.0.0.18 \
	"rx family=inet src=198.18.0.1 dst=224.0.0.18 ttl=255 multicast=1"
transfer inet 198.18.0.1 198.18.0.2 \
	"rx family=inet src=198.18.0.1 dst=198.18.0.2 ttl=255 multicast=0"
transfer inet6 "$LL_A" ff02::12 \
	"rx family=inet6 src=$LL_A dst=ff02::12 ttl=255 multicast=1"
transfer inet6 "$LL_A" "$LL_B" \
	"rx family=inet6 src=$LL_A dst=$LL_B ttl=255 multicast=0"

# vrrp_arp --------------------------------------------------------------------
# B's kernel only updates entries it already has (arp_accept and
# accept_untracked_na are off), so seed them with another MAC first.
FAKE=02:00:00:00:00:99

# capture FILTER: start tcpdump in B for one frame and wait until it listens.
capture() {
	inB timeout 10 tcpdump -i veth1 -t -nn -e -v -l -c 1 "$1" >"$TMP/td.out" 2>"$TMP/td.err" &
	td=$!
	PIDS="$PIDS $td"
	wait_for 5 grep -qs "listening on" "$TMP/td.err" || fail "tcpdump not listening"
}

neigh_has() { # FAMILY ADDR PATTERN
	ip -n "$B" "$1" neigh show "$2" dev veth1 | grep -q "$3"
}

ip -n "$B" neigh replace 198.18.0.100 lladdr $FAKE dev veth1 nud stale
capture 'arp and arp[14:4] = 0xc6120064 and arp[24:4] = 0xc6120064'
probeA garp veth0 "$MAC_A" 198.18.0.100 || fail "garp send"
reap "$td" || fail "tcpdump saw no GARP"
grep -q "^$MAC_A > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: " "$TMP/td.out" ||
	fail "GARP Ethernet header"
grep -q "Request who-has 198.18.0.100 (ff:ff:ff:ff:ff:ff) tell 198.18.0.100, length 28" \
	"$TMP/td.out" || fail "GARP ARP fields"
wait_for 5 neigh_has -4 198.18.0.100 "lladdr $MAC_A" || fail "GARP did not update B's ARP table"
echo "ok: GARP"

ip -n "$B" -6 neigh replace fd00:18::100 lladdr $FAKE dev veth1 nud stale
capture 'icmp6 and ip6[40] = 136'
probeA na veth0 "$MAC_A" "$LL_A" fd00:18::100 1 || fail "na send"
reap "$td" || fail "tcpdump saw no NA"
grep -q "^$MAC_A > 33:33:00:00:00:01, ethertype IPv6 (0x86dd), length 86: " "$TMP/td.out" ||
	fail "NA Ethernet header"
grep -q "hlim 255, next-header ICMPv6 (58) payload length: 32) $LL_A > ff02::1: \[icmp6 sum ok\]" \
	"$TMP/td.out" || fail "NA IPv6 header or checksum"
grep -q "neighbor advertisement, length 32, tgt is fd00:18::100, Flags \[router, override\]" \
	"$TMP/td.out" || fail "NA fields"
grep -q "destination link-address option (2), length 8 (1): $MAC_A" "$TMP/td.out" ||
	fail "NA target link-layer option"
wait_for 5 neigh_has -6 fd00:18::100 "lladdr $MAC_A router" ||
	fail "NA did not update B's neighbour table"
echo "ok: NA"
exit 0
