#!/bin/sh
# shellcheck disable=SC2317,SC1091 # functions called through wait_for/trap; lib.sh
# Route options that keepalived 2.2.7 installs and ip(8) shows (vrrp_route_nl.c):
# static_routes with congctl (RTAX_CC_ALGO in RTA_METRICS, with lock and
# another metric beside it), encap ip and encap ip6 (lightweight tunnels:
# id, dst, ttl/hoplimit, tos/tc, flags) and encap mpls (a label stack and
# ttl), each checked in `ip -d route` within a deadline. MPLS encapsulation
# needs the kernel's mpls_iptunnel support: without it that case is skipped
# with a message. ttl-propagate is for MPLS routes: it is only checked not
# to stop an IPv4 route from being installed.
# One namespace with a veth pair (eth0, peer0) inside; nothing leaves it.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_route_opts
T=$LIB_TMP
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "no $KEEPALIVED"
NS=kpro$$
ns_create "$NS"
ns_veth "$NS" eth0 peer0
ip -n "$NS" addr add 198.18.1.1/24 dev eth0 || fail "address"
ip -n "$NS" addr add fd00:1::1/64 dev eth0 nodad || fail "IPv6 address"

# Whether this kernel takes MPLS encapsulation (mpls_iptunnel).
MPLS=yes
if ! ip -n "$NS" route add 198.18.49.0/24 encap mpls 16 dev eth0 2>/dev/null; then
	MPLS=
	echo "SKIP part: the kernel has no MPLS encapsulation (mpls_iptunnel): encap mpls not checked"
fi
ip -n "$NS" route del 198.18.49.0/24 2>/dev/null

{
	echo "static_routes {"
	echo "    198.18.40.0/24 dev eth0 congctl lock reno rtt 10ms"
	echo "    198.18.41.0/24 dev eth0 encap ip id 42 dst 198.18.1.9 ttl 7 tos 0x10 key"
	echo "    fd00:41::/64 dev eth0 encap ip6 id 43 dst fd00:1::9 hoplimit 9"
	echo "    198.18.42.0/24 dev eth0 ttl-propagate disabled"
	[ -n "$MPLS" ] && echo "    198.18.43.0/24 dev eth0 encap mpls 100/200 ttl 5"
	echo "}"
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    priority 100"
	echo "    virtual_ipaddress {"
	echo "        198.18.1.10/24"
	echo "    }"
	echo "}"
} >"$T/k.conf"

daemon_start_bg "$NS" "$T/daemon.log" "$KEEPALIVED" -n -l -D -P -f "$T/k.conf" \
	-p "$T/k.pid" -r "$T/v.pid" --control-socket="$T/ctl"
DPID=$LIB_LAST_PID

shows() { # DST PATTERN
	ip -n "$NS" -d route show "$1" 2>/dev/null | grep -Eq -- "$2" ||
		ip -n "$NS" -6 -d route show "$1" 2>/dev/null | grep -Eq -- "$2"
}
check() { # DST PATTERN
	wait_for 5 shows "$1" "$2" ||
		fail "$1: no '$2' in: $(ip -n "$NS" -d route show "$1" 2>/dev/null; ip -n "$NS" -6 -d route show "$1" 2>/dev/null)"
}

step "congctl with lock, beside another metric"
check 198.18.40.0/24 "congctl lock reno"
check 198.18.40.0/24 "rtt 10ms"
step "encap ip"
check 198.18.41.0/24 "encap ip id 42 src 0.0.0.0 dst 198.18.1.9 ttl 7 tos (0x10|16) key"
step "encap ip6"
check fd00:41::/64 "encap ip6 id 43 src :: dst fd00:1::9 hoplimit 9"
step "ttl-propagate on an IPv4 route: installed"
check 198.18.42.0/24 "dev eth0"
if [ -n "$MPLS" ]; then
	step "encap mpls"
	check 198.18.43.0/24 "encap mpls +100/200 ttl 5"
fi
grep -q 'not supported\|not installed' "$T/daemon.log" && fail "a warning about the route options"
daemon_stop "$DPID" 5 || fail "the daemon did not stop"
echo "PASS"
