#!/bin/sh
# Addresses past what an advert carries (issue 11), as keepalived 2.2.7:
# - an IPv4 instance with 2,000 VIPs and one virtual_ipaddress_excluded
#   starts, becomes Master and installs all 2,001 addresses; its adverts
#   carry the first 255 VIPs (the rest are moved to the excluded ones),
#   never the excluded address;
# - an IPv6 instance with 200 VIPs on a 1500-byte MTU: its adverts carry
#   the 90 that fit ((1500 - 40 - 8) / 16), all 200 are installed;
# - on stop every address is removed.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_many_vips
lib_require_tools tcpdump tshark
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
case $KEEPALIVED in
/*) ;;
*) KEEPALIVED=$(cd "$(dirname "$KEEPALIVED")" && pwd)/$(basename "$KEEPALIVED") ;;
esac
T=$LIB_TMP
A=mvA$$
C=mvC$$
ns_create "$A"
ns_create "$C"
ns_veth "$A" a0 c0 "$C"
ip -n "$A" addr add 198.18.1.1/24 dev a0 || fail "address on a0"
ip -n "$A" addr add fd00:1::1/64 dev a0 nodad || fail "IPv6 address on a0"
ip -n "$C" addr add 198.18.1.2/24 dev c0 || fail "address on c0"

{
	echo 'global_defs {'
	echo '	router_id many'
	echo '}'
	echo 'vrrp_instance V4 {'
	echo '	state MASTER'
	echo '	interface a0'
	echo '	virtual_router_id 51'
	echo '	priority 100'
	echo '	advert_int 1'
	echo '	virtual_ipaddress {'
	for n in 16 17 18 19 20 21 22 23; do
		i=1
		while [ $i -le 250 ]; do
			echo "		198.18.$n.$i/32"
			i=$((i + 1))
		done
	done
	echo '	}'
	echo '	virtual_ipaddress_excluded {'
	echo '		198.19.0.1/32'
	echo '	}'
	echo '}'
	echo 'vrrp_instance V6 {'
	echo '	state MASTER'
	echo '	interface a0'
	echo '	virtual_router_id 52'
	echo '	priority 100'
	echo '	advert_int 1'
	echo '	virtual_ipaddress {'
	i=1
	while [ $i -le 200 ]; do
		echo "		fd00:2::$i/128"
		i=$((i + 1))
	done
	echo '	}'
	echo '}'
} >"$T/ka.conf"

daemon_start_bg "$C" "$T/tcpdump.log" tcpdump -i c0 -n -U -w "$T/adv.pcap" 'ip proto 112 or ip6 proto 112'
CAP=$LIB_LAST_PID
sleep 1 # tcpdump attaches; the adverts below are polled for
step "start"
daemon_start_bg "$A" "$T/daemon.log" "$KEEPALIVED" -n -l -D -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/vrrp.pid"
D=$LIB_LAST_PID

v4_count() {
	ip -n "$A" -o -4 addr show dev a0 | grep -c 'inet 198\.18\.\(1[6-9]\|2[0-3]\)\.'
}
v6_count() {
	ip -n "$A" -o -6 addr show dev a0 | grep -c 'inet6 fd00:2::'
}
excl_present() {
	ip -n "$A" -o -4 addr show dev a0 | grep -q 'inet 198\.19\.0\.1/32'
}
all_installed() {
	[ "$(v4_count)" -eq 2000 ] && [ "$(v6_count)" -eq 200 ] && excl_present
}
wait_for 30 all_installed ||
	fail "not all installed: v4 $(v4_count)/2000, v6 $(v6_count)/200, excluded $(excl_present && echo yes || echo no)"
grep -q "(V4) Entering MASTER STATE" "$T/daemon.log" || fail "V4 never logged MASTER"

adverts() {
	tshark -r "$T/adv.pcap" -Y vrrp -T fields -e vrrp.virt_rtr_id -e vrrp.addr_count 2>/dev/null |
		sort -u
}
both_seen() {
	adverts | grep -q '^51	' && adverts | grep -q '^52	'
}
wait_for 10 both_seen || fail "no adverts of both instances: $(adverts | tr '\n' ' ')"
step "adverts"
[ "$(adverts | grep -c '^51	')" -eq 1 ] && adverts | grep -qx '51	255' ||
	fail "V4 adverts carry $(adverts | grep '^51' | tr '\n' ' '), want 255 addresses"
[ "$(adverts | grep -c '^52	')" -eq 1 ] && adverts | grep -qx '52	90' ||
	fail "V6 adverts carry $(adverts | grep '^52' | tr '\n' ' '), want 90 addresses"
tshark -r "$T/adv.pcap" -Y 'vrrp.virt_rtr_id == 51' -T fields -e vrrp.ip_addr 2>/dev/null |
	grep -q '198\.19\.0\.1' && fail "the excluded address is in an advert"
first=$(tshark -r "$T/adv.pcap" -Y 'vrrp.virt_rtr_id == 51' -c 1 -T fields -e vrrp.ip_addr 2>/dev/null |
	tr ',' '\n' | sed -n '1p;255p' | tr '\n' ' ')
[ "$first" = "198.18.16.1 198.18.17.5 " ] || fail "V4 advert: first/last address $first"

step "stop"
daemon_stop "$D" 20 || fail "daemon did not stop"
[ "$(v4_count)" -eq 0 ] && [ "$(v6_count)" -eq 0 ] && ! excl_present ||
	fail "addresses left after stop: v4 $(v4_count), v6 $(v6_count)"
daemon_stop "$CAP" 5
echo "PASS: vrrp_many_vips"
