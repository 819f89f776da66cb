#!/bin/sh
# auth_type AH (IPsec AH, HMAC-MD5-96) between our daemon and Debian's
# keepalived 2.2.7 on one LAN, VRRPv2 at 1 s, each side in both roles:
# - the higher priority (host 1) wins and advertises with AH; the other
#   (host 2) accepts those adverts: it logs BACKUP and never takes the VIP;
# - kill -9 of host 1: host 2 takes over after its Master_Down_Interval and
#   advertises with AH, numbering above host 1's last sequence number;
# - host 1 restarts (its counter at 0), learns host 2's number from its
#   adverts, preempts with higher numbers, and host 2 accepts them: it
#   releases the VIP;
# - across the whole capture the AH sequence numbers only grow, every
#   advert is protocol 51 (none is plain VRRP), the SPI is the sender;
# - `state MASTER` below priority 255 with AH: ours logs keepalived's
#   "Initial state master is incompatible with AH authentication -
#   clearing" and starts as Backup.
# Needs root, tcpdump, tshark and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_interop_ah
vh_need_keepalived

# auth=PASSWORD (set below) with AH instead of PASS.
VH_AUTH_TYPE=AH

# The harness captures protocol 112 only: AH has a capture of its own.
ah_cap_start() {
	AH_PCAP=$VH_PFX-ah.pcap
	daemon_start_bg "$VH_BR" "$VH_PFX-ah-tcpdump.out" tcpdump -i br0 -n -U -Z root \
		-s 256 -w "$AH_PCAP" 'ip proto 51 or ip proto 112'
	AH_CAP_PID=$LIB_LAST_PID
	wait_for 10 grep -qs 'listening on' "$VH_PFX-ah-tcpdump.out" || fail "tcpdump (AH) did not start"
}

ah_cap_stop() {
	kill -INT "$AH_CAP_PID" 2>/dev/null
	wait_for 5 _lib_dead "$AH_CAP_PID" || kill -KILL "$AH_CAP_PID" 2>/dev/null
	# TIME SRC IPPROTO SPI SEQ PRIO
	tshark -r "$AH_PCAP" -n -T fields -E separator=/t -E occurrence=f \
		-e frame.time_epoch -e ip.src -e ip.proto -e ah.spi -e ah.sequence -e vrrp.prio \
		>"$VH_PFX-ah.tsv" 2>"$VH_PFX-ah-tshark.out" || fail "tshark on $AH_PCAP"
}

# Live count of AH adverts (priority > 0) from host H after time AFTER.
ah_count_live() { # H [AFTER]
	tcpdump -r "$AH_PCAP" -tt -n -v "src host 198.18.1.$1 and ip proto 51" 2>/dev/null |
		awk -v after="${2:-0}" '/^[0-9]/ { t = $1 } /prio/ && t + 0 > after + 0 && !/prio 0,/ { n++ }
			END { print n + 0 }'
}
_ah_ge() { [ "$(ah_count_live "$1" "$3")" -ge "$2" ]; }

# From the decoded capture: first/last advert (priority > 0) of host H.
ah_first() { awk -F '\t' -v s="198.18.1.$1" -v t="$2" '$2 == s && $6 > 0 && $1 > t + 0 { print $1; exit }' "$VH_PFX-ah.tsv"; }
ah_last() { awk -F '\t' -v s="198.18.1.$1" -v t="$2" '$2 == s && $6 > 0 && $1 < t + 0 { l = $1 } END { print l }' "$VH_PFX-ah.tsv"; }

ah_scenario() { # LABEL KIND1 KIND2 [START1]
	_l=$1
	_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')
	vh_topo 2
	ah_cap_start
	vh_start 1 "$2" prio=150 ${4:-}
	vh_wait_backup_log 1 10 || fail "$_l: host 1 never logged BACKUP"
	vh_start 2 "$3" prio=100
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$_wait" || fail "$_l: host 2 never logged BACKUP"
	wait_for "$_wait" _ah_ge 1 4 0 || fail "$_l: host 1 sent fewer than 4 AH adverts"
	# Host 2 heard (and accepted) four adverts: a Backup that refused them
	# would have taken over after 3.6 s.
	[ -z "$(vh_master_time 2)" ] || fail "$_l: host 2 became Master: it refused host 1's AH adverts"

	_kill=$(vh_now)
	vh_kill9 1
	vh_wait_sole_vip 2 "$_wait" || fail "$_l: host 2 did not take the VIP"
	wait_for "$_wait" _ah_ge 2 2 "$_kill" || fail "$_l: host 2 does not advertise with AH"

	_restart=$(vh_now)
	vh_start 1 "$2" prio=150
	vh_wait_sole_vip 1 "$_wait" || fail "$_l: restarted host 1 did not preempt (AH sequence?)"
	wait_for "$_wait" _ah_ge 1 2 "$_restart" || fail "$_l: host 1 does not advertise again"
	[ "$(vh_last_master)" = 1 ] || fail "$_l: host 1 did not log MASTER last"
	ah_cap_stop

	_plain=$(awk -F '\t' '$3 == 112' "$VH_PFX-ah.tsv" | wc -l)
	[ "$_plain" = 0 ] || fail "$_l: $_plain adverts without AH"
	_badspi=$(awk -F '\t' '$3 == 51 { split($2, a, "."); spi = sprintf("0x%02x%02x%02x%02x", a[1], a[2], a[3], a[4]);
		if (tolower($4) != spi) print }' "$VH_PFX-ah.tsv")
	[ -z "$_badspi" ] || fail "$_l: SPI is not the source address: $_badspi"
	_seqs=$(awk -F '\t' '$3 == 51 { n++; if ($5 + 0 <= last + 0) bad++; last = $5 }
		END { printf "%d %d %d", n, bad + 0, last }' "$VH_PFX-ah.tsv")
	set -- $_seqs
	[ "$2" = 0 ] || fail "$_l: AH sequence numbers went down $2 times (of $1 adverts)"
	echo "$_l: $1 AH adverts, sequence numbers strictly increasing up to $3"
	_nf=$(ah_first 2 "$_kill")
	_ol=$(ah_last 1 "$_nf")
	vh_expect "$_l: kill -9, last advert of 1 to first of 2" "$(vh_diff "$_nf" "$_ol")" "$(vh_mdi 100)"
	_f1=$(ah_first 1 "$_restart")
	_l2=$(ah_last 2 1e12)
	vh_expect_le "$_l: preempt, last advert of 2 after first of 1" "$(vh_diff "$_l2" "$_f1")" 0
	grep -i "AH\b.*\(fail\|invalid\|error\|drop\)" "$(vh_log 1)" "$(vh_log 2)" &&
		fail "$_l: an AH complaint in the logs"
	vh_teardown
}

vh_params ver=2 fam=4 adv=1 auth=ahsecret

step "AH: keepalived Master, ours Backup"
ah_scenario "AH ka>ours" ka ours
step "AH: ours Master, keepalived Backup"
ah_scenario "AH ours>ka" ours ka

step "AH: ours with state MASTER below 255 starts as Backup"
vh_topo 1
vh_start 1 ours prio=150 state=MASTER
vh_wait_log 1 "Initial state master is incompatible with AH authentication - clearing" 5 ||
	fail "no 'Initial state master is incompatible' line"
vh_wait_backup_log 1 5 || fail "state MASTER with AH did not start as BACKUP"
_first=$(vh_master_time 1)
_back=$(vh_backup_time 1)
[ -n "$_first" ] || vh_wait_master_log 1 10 || fail "alone, it never became Master"
_first=$(vh_master_time 1)
awk -v a="$_back" -v b="$_first" 'BEGIN { exit !(a < b) }' || fail "MASTER logged before BACKUP"
echo "state MASTER with AH: BACKUP at $_back, MASTER after the down timer at $_first"
vh_teardown

echo "PASS: vrrp_interop_ah"
