#!/bin/sh
# Unicast VRRP (unicast_peer) between our daemon and Debian's keepalived
# 2.2.7 on one LAN, VRRPv2 and VRRPv3 over IPv4 and VRRPv3 over IPv6 (peers
# by link-local address), each side in both roles: election, kill -9
# failover after the RFC's Master_Down_Interval, and in the capture every
# advert goes to the other host's address only (never to 224.0.0.18 or
# ff02::12) with a good checksum (tshark, unicast pseudo-header).
# Needs root and /usr/sbin/keepalived (exit 77 otherwise). $KEEPALIVED is
# the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_unicast
vh_need_keepalived

# Host H's address in the scenario family.
uc_addr() { # H
	if [ "$VH_FAM" = 6 ]; then _vh_get "$1" LL; else echo "198.18.1.$1"; fi
}

# Every other host is a unicast peer (vrrp_harness.sh's hook).
vh_conf_instance() {
	echo "    unicast_peer {"
	_p=1
	while [ "$_p" -le "$VH_N" ]; do
		# shellcheck disable=SC2154
		[ "$_p" = "$_vh_sh" ] || echo "        $(uc_addr "$_p")"
		_p=$((_p + 1))
	done
	echo "    }"
}

# Every VRRP packet in the capture went from one host to another's address.
uc_check_dests() { # LABEL
	tshark -r "$VH_PCAP" -n -Y vrrp -T fields -E separator=' ' -E occurrence=f \
		-e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e ip.ttl -e ipv6.hlim \
		>"$VH_PFX-dests.txt" 2>/dev/null || fail "$1: tshark on $VH_PCAP"
	_n=$(grep -c . "$VH_PFX-dests.txt")
	[ "$_n" -gt 0 ] || fail "$1: no VRRP packets captured"
	_hosts=
	_p=1
	while [ "$_p" -le "$VH_N" ]; do
		_hosts="$_hosts $(uc_addr "$_p")"
		_p=$((_p + 1))
	done
	_bad=$(awk -v hosts="$_hosts" '
		BEGIN { n = split(hosts, a, " "); for (i = 1; i <= n; i++) h[a[i]] = 1 }
		!(($1 in h) && ($2 in h) && $1 != $2)' "$VH_PFX-dests.txt")
	[ -z "$_bad" ] || fail "$1: adverts not between the peers (src dst ttl):
$_bad"
	grep -Eq '224\.0\.0\.18|ff02::12' "$VH_PFX-dests.txt" && fail "$1: adverts to the group"
	# Ours: IPv4 TTL 255, IPv6 hop limit the kernel's 64, as keepalived.
	_ours=$(uc_addr "$UC_OURS")
	_ttls=$(awk -v s="$_ours" '$1 == s { print $3 }' "$VH_PFX-dests.txt" | sort -u | tr '\n' ' ')
	if [ "$VH_FAM" = 6 ]; then _want="64 "; else _want="255 "; fi
	[ "$_ttls" = "$_want" ] || fail "$1: our adverts' TTL/hop limit is '$_ttls', not $_want"
	echo "dests: $_n VRRP packets, all unicast between$_hosts; ours TTL $_ttls"
}

# Three hosts: ours (host 1, Master) sends one advert per peer per interval,
# each with the checksum of its own pseudo-header; after kill -9 host 2
# (keepalived, 100) takes over from host 3 (keepalived, 50).
uc_three() { # LABEL
	_l=$1
	_wait=$(awk -v m="$(vh_mdi 50)" 'BEGIN { print 3 * m + 3 }')
	UC_OURS=1
	vh_topo 3
	vh_start 1 ours prio=150
	vh_wait_backup_log 1 10 || fail "$_l: host 1 never logged BACKUP"
	vh_start 2 ka prio=100
	vh_start 3 ka prio=50
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: host 1 is not the only VIP holder"
	vh_wait_backup_log 3 "$_wait" || fail "$_l: host 3 never logged BACKUP"
	vh_wait_adverts 1 8 "$_wait" || fail "$_l: host 1 sent fewer than 8 adverts"
	_kill=$(vh_now)
	vh_kill9 1
	vh_wait_sole_vip 2 "$_wait" || fail "$_l: host 2 did not take the VIP"
	vh_wait_adverts 2 4 "$_wait" "$_kill" || fail "$_l: host 2 does not advertise"
	vh_cap_stop
	vh_failover 1 2 "$_kill" "$_l, kill -9"
	[ "$(vh_adv_count 3 0)" = 0 ] || fail "$_l: host 3 advertised"
	vh_check_checksums
	uc_check_dests "$_l"
	_to2=$(awk -v s="$(uc_addr 1)" -v d="$(uc_addr 2)" '$1 == s && $2 == d' "$VH_PFX-dests.txt" | wc -l)
	_to3=$(awk -v s="$(uc_addr 1)" -v d="$(uc_addr 3)" '$1 == s && $2 == d' "$VH_PFX-dests.txt" | wc -l)
	if [ "$_to2" -lt 4 ] || [ "$_to2" != "$_to3" ]; then
		fail "$_l: host 1 sent $_to2 adverts to host 2 and $_to3 to host 3"
	fi
	echo "peers: host 1 sent $_to2 adverts to each of its 2 peers"
	vh_teardown
}

# Host 1 (KIND1, priority 150) wins, kill -9, host 2 (KIND2) takes over
# after its Master_Down_Interval.
uc_scenario() { # LABEL KIND1 KIND2
	_l=$1
	_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')
	if [ "$2" = ours ]; then UC_OURS=1; else UC_OURS=2; fi
	vh_topo 2
	vh_start 1 "$2" prio=150
	vh_wait_backup_log 1 10 || fail "$_l: host 1 never logged BACKUP"
	vh_start 2 "$3" prio=100
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$_wait" || fail "$_l: host 2 never logged BACKUP"
	vh_wait_adverts 1 4 "$_wait" || fail "$_l: host 1 sent fewer than 4 adverts"
	_kill=$(vh_now)
	vh_kill9 1
	vh_wait_sole_vip 2 "$_wait" || fail "$_l: host 2 did not take the VIP"
	vh_wait_adverts 2 3 "$_wait" "$_kill" || fail "$_l: host 2 does not advertise"
	[ "$(vh_last_master)" = 2 ] || fail "$_l: host 2 did not log MASTER last"
	vh_cap_stop
	[ "$(vh_adv_count 2 0 "$_kill")" = 0 ] || fail "$_l: host 2 advertised while host 1 was Master"
	vh_check_interval 1 0 "$_kill"
	vh_failover 1 2 "$_kill" "$_l, kill -9"
	vh_check_checksums
	uc_check_dests "$_l"
	vh_teardown
}

for CONF in "v2 IPv4:ver=2 fam=4 adv=1 auth=secret2" "v3 IPv4:ver=3 fam=4 adv=0.2 auth=" \
	"v3 IPv6:ver=3 fam=6 adv=0.2 auth="; do
	NAME=${CONF%%:*}
	# shellcheck disable=SC2086 # key=value words
	vh_params ${CONF#*:}
	step "$NAME unicast: ours Master, keepalived Backup"
	uc_scenario "$NAME ours>ka" ours ka
	step "$NAME unicast: keepalived Master, ours Backup"
	uc_scenario "$NAME ka>ours" ka ours
done
vh_params ver=3 fam=4 adv=0.2 auth=
step "v3 IPv4 unicast, three hosts: one advert per peer"
uc_three "v3 IPv4 3 hosts"

echo "PASS: vrrp_unicast"
