#!/bin/sh
# use_vmac between our daemon and Debian's keepalived 2.2.7 on one LAN
# (VRRPv3 IPv4, 1 s), each side in both roles; host 3 is a client that
# pings the VIP throughout:
# - the Master holds the VIP on its VMAC vrrp.51 (00:00:5e:00:01:33);
# - every VRRP advert and every gratuitous ARP on the wire leaves from the
#   virtual MAC (Ethernet source, and ARP sender for the GARPs), from the
#   host's own IPv4 address (adverts);
# - failover (SIGTERM of the Master, then its restart and preemption):
#   the client's neighbour entry for the VIP shows the virtual MAC in every
#   sample (every 0.1 s) and never anything else, and the pings go on;
# - our daemon removes its VMAC when it exits.
# Needs root, tcpdump, tshark and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_vmac
vh_need_keepalived

VMAC=00:00:5e:00:01:33 # VRID 51
VMAC_IF=vrrp.51

# use_vmac (vrrp_harness.sh's hook).
vh_conf_instance() { echo "    use_vmac"; }

# The VIP is on the VMAC, not on eth0: look at every interface.
vh_holds_vip() { # H
	ip -n "$(vh_ns "$1")" -o addr show 2>/dev/null | grep -q " $(vh_vip)/"
}

_term_host() { # H: SIGTERM, wait until its processes are gone
	vh_term "$1"
	for _p in $(_vh_pids "$1"); do
		wait_for 10 _lib_dead "$_p" || fail "host $1 (pid $_p) did not stop on SIGTERM"
	done
	_vh_set "$1" DEAD 1
}

_no_vmac() { ! ip -n "$(vh_ns "$1")" link show dev "$VMAC_IF" >/dev/null 2>&1; }

vmac_scenario() { # LABEL KIND1 KIND2
	_l=$1
	_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')
	vh_topo 3
	_cns=$(vh_ns 3)
	# keepalived 2.2.7 leaves arp_announce at 0 on the parent: the ARP
	# requests it sends there for replies from the VIP carry the VIP with
	# the parent's MAC and repoint the client (seen here). Ours sets 2 on
	# the parent itself (vrrp_vmac.h); keepalived's host gets it by hand.
	[ "$2" = ka ] && ip netns exec "$(vh_ns 1)" sysctl -qw net.ipv4.conf.eth0.arp_announce=2
	[ "$3" = ka ] && ip netns exec "$(vh_ns 2)" sysctl -qw net.ipv4.conf.eth0.arp_announce=2
	vh_start 1 "$2" prio=150
	vh_wait_backup_log 1 10 || fail "$_l: host 1 never logged BACKUP"
	vh_start 2 "$3" prio=100
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$_wait" || fail "$_l: host 2 never logged BACKUP"
	ip -n "$(vh_ns 1)" -o addr show dev "$VMAC_IF" | grep -q " $(vh_vip)/" ||
		fail "$_l: host 1's VIP is not on $VMAC_IF"
	ip -n "$(vh_ns 1)" link show dev "$VMAC_IF" | grep -q "$VMAC" ||
		fail "$_l: $VMAC_IF of host 1 does not have $VMAC"

	# The client: pings, and a sampler of its neighbour entry for the VIP.
	daemon_start_bg "$_cns" "$VH_PFX-ping.log" ping -D -n -i 0.1 "$(vh_vip)"
	daemon_start_bg "$_cns" "$VH_PFX-neigh.log" sh -c \
		"while :; do ip neigh show $(vh_vip) | sed \"s/^/\$(date +%s.%N) /\"; sleep 0.1; done"
	_sampler=$LIB_LAST_PID
	wait_for 5 grep -qs "lladdr" "$VH_PFX-neigh.log" || fail "$_l: the client never resolved the VIP"

	_t1=$(vh_now)
	_term_host 1
	vh_wait_sole_vip 2 "$_wait" || fail "$_l: host 2 did not take the VIP"
	vh_wait_adverts 2 2 "$_wait" "$_t1" || fail "$_l: host 2 does not advertise"
	if [ "$2" = ours ]; then
		wait_for 5 _no_vmac 1 || fail "$_l: our daemon left $VMAC_IF behind"
	fi
	_t2=$(vh_now)
	wait_for 5 awk -v t="$_t2" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { f = 1 } END { exit !f }' \
		"$VH_PFX-ping.log" || fail "$_l: the client gets no ping replies from host 2"

	vh_start 1 "$2" prio=150
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: restarted host 1 did not preempt"
	_t3=$(vh_now)
	wait_for 5 awk -v t="$_t3" -F'[][]' '/bytes from/ && $2 + 0 > t + 0 { f = 1 } END { exit !f }' \
		"$VH_PFX-ping.log" || fail "$_l: the client gets no ping replies from host 1 again"
	kill "$_sampler"
	vh_cap_stop

	# The client's entry: only ever the virtual MAC.
	_macs=$(awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }' \
		"$VH_PFX-neigh.log" | sort -u | tr '\n' ' ')
	_samples=$(grep -c lladdr "$VH_PFX-neigh.log")
	[ "$_macs" = "$VMAC " ] || fail "$_l: the client's ARP entry for the VIP changed: $_macs
$(grep -v "$VMAC" "$VH_PFX-neigh.log" | grep lladdr | head -3)
(failovers at $_t1 and $_t3; host MACs: $(_vh_get 1 MAC) $(_vh_get 2 MAC) $(_vh_get 3 MAC))"
	_sent=$(grep -c "bytes from" "$VH_PFX-ping.log")
	echo "$_l: client ARP entry $VMAC in all $_samples samples across two failovers; $_sent ping replies"

	# Every advert and GARP on the wire: from the virtual MAC.
	tshark -r "$VH_PCAP" -n -T fields -E separator=/t -E occurrence=f \
		-e frame.time_epoch -e eth.src -e ip.src -e vrrp.prio -e arp.opcode -e arp.src.hw_mac \
		-e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 >"$VH_PFX-vmac.tsv" 2>/dev/null ||
		fail "tshark on $VH_PCAP"
	_adv=$(awk -F '\t' '$4 != ""' "$VH_PFX-vmac.tsv" | wc -l)
	_badadv=$(awk -F '\t' -v m="$VMAC" '$4 != "" && $2 != m' "$VH_PFX-vmac.tsv")
	[ "$_adv" -gt 0 ] || fail "$_l: no adverts captured"
	[ -z "$_badadv" ] || fail "$_l: adverts not from $VMAC:
$_badadv"
	for _h in 1 2; do
		awk -F '\t' -v s="198.18.1.$_h" '$4 != "" && $3 == s { f = 1 } END { exit !f }' \
			"$VH_PFX-vmac.tsv" || fail "$_l: no advert of host $_h"
	done
	# Gratuitous ARPs: sender and target address the VIP.
	_garp=$(awk -F '\t' -v ip="$(vh_vip)" '$5 != "" && $7 == ip && $8 == ip' "$VH_PFX-vmac.tsv" | wc -l)
	_badgarp=$(awk -F '\t' -v ip="$(vh_vip)" -v m="$VMAC" '$5 != "" && $7 == ip && $8 == ip &&
		($2 != m || $6 != m)' "$VH_PFX-vmac.tsv")
	[ "$_garp" -gt 0 ] || fail "$_l: no gratuitous ARP captured"
	[ -z "$_badgarp" ] || fail "$_l: gratuitous ARPs not from $VMAC:
$_badgarp"
	echo "$_l: $_adv adverts and $_garp gratuitous ARPs, all from $VMAC"
	vh_teardown
}

vh_params ver=3 fam=4 adv=1 auth= nvip=1

step "use_vmac: keepalived Master, ours Backup"
vmac_scenario "VMAC ka>ours" ka ours
step "use_vmac: ours Master, keepalived Backup"
vmac_scenario "VMAC ours>ka" ours ka

echo "PASS: vrrp_vmac"
