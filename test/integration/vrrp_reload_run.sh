#!/bin/sh
# Reload carried out with the instances' own code (issue 13), our daemon on
# host 1 of a bridge (host 2: a peer where a scenario needs one):
#  1. use_vmac: a VIP added by a reload goes on the VMAC (not the parent),
#     its gratuitous ARPs come from the virtual MAC, paced by
#     vrrp_garp_interval; an instance added by a reload gets its VMAC, and
#     loses it when a later reload removes it; a restarted one makes it again;
#  2. a reload whose trackers cannot be built (a tracked interface that
#     does not exist) fails: "Reload failed", keepalivectl reload exits 1,
#     the daemon carries on with the old configuration;
#  3. a reload that adds a tracker: the adverts carry the new priority;
#  4. unicast and AH (two of ours): an updated and a restarted instance
#     keep the peer Backup and hold the new VIP;
#  5. sync group: after a reload the group still moves together (a member's
#     tracked interface goes down: both Fault; up: both Master again).
# Needs root, tcpdump and tshark (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init vrrp_reload_run
ops_wrap_keepalived

VMAC51=00:00:5e:00:01:33

# Host H's configuration is whatever the scenario wrote into $RR_CONF_H.
_vh_ka_conf() { cat "$LIB_TMP/next-h$_vh_sh.conf"; }

log_count() { # H ERE
	grep -Ec "$2" "$(vh_log "$1")"
}

# reload H: host H's configuration from next-hH.conf, SIGHUP, wait for it.
reload() {
	cp "$LIB_TMP/next-h$1.conf" "$VH_PFX-h$1.conf"
	_rl_ok=$(log_count "$1" 'Reload (complete|failed)')
	kill -HUP "$(_vh_get "$1" PID)" || fail "SIGHUP to host $1"
	wait_for 10 _reloaded "$1" $((_rl_ok + 1)) || fail "host $1: reload did not finish"
	[ "$(log_count "$1" 'Reload failed')" -eq 0 ] || fail "host $1: reload failed"
}
_reloaded() { [ "$(log_count "$1" 'Reload (complete|failed)')" -ge "$2" ]; }

has_addr() { # H IF ADDR
	ip -n "$(vh_ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -q " $3/"
}
no_addr() { ! has_addr "$@"; }
has_link() { ip -n "$(vh_ns "$1")" link show dev "$2" >/dev/null 2>&1; }
no_link() { ! has_link "$@"; }

# inst NAME VRID PRIO VIPS [LINES...]: one VRRPv2 instance block on eth0.
inst() {
	_n=$1 _v=$2 _p=$3 _vips=$4
	shift 4
	echo "vrrp_instance $_n {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id $_v"
	echo "    version 2"
	echo "    priority $_p"
	echo "    advert_int 1"
	for _l in "$@"; do
		echo "    $_l"
	done
	echo "    virtual_ipaddress {"
	for _a in $_vips; do
		echo "        $_a/24"
	done
	echo "    }"
	echo "}"
}

globals() {
	echo "global_defs {"
	echo "    router_id rr_h$1"
	echo "    vrrp_garp_interval 0.2"
	echo "}"
}

# RR_ONLY="1 2" runs some scenarios only (to check each against old code).
want() { case " ${RR_ONLY:-1 2 3 4 5} " in *" $1 "*) return 0 ;; esac; return 1; }

vh_params ver=2 fam=4 adv=1 nvip=1

# The gratuitous ARPs for ADDR in the capture: TIME ETH_SRC ARP_SENDER_MAC, one a line.
garps_for() { # ADDR
	tshark -r "$VH_PCAP" -n -T fields -E separator=' ' -E occurrence=f -Y arp \
		-e frame.time_epoch -e eth.src -e arp.src.hw_mac -e arp.src.proto_ipv4 \
		-e arp.dst.proto_ipv4 2>/dev/null | awk -v a="$1" '$4 == a && $5 == a { print $1, $2, $3 }'
}

if want 1; then
step "1. use_vmac"
vh_topo 2
V1="use_vmac"
{ globals 1; inst VI_1 51 150 198.18.1.100 "$V1" "garp_master_repeat 3" "garp_master_delay 60"; } \
	>"$LIB_TMP/next-h1.conf"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
wait_for 5 has_addr 1 vrrp.51 198.18.1.100 || fail "VIP not on vrrp.51"

T=$(vh_now)
{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "$V1" "garp_master_repeat 3" \
	"garp_master_delay 60"; } >"$LIB_TMP/next-h1.conf"
reload 1
wait_for 5 has_addr 1 vrrp.51 198.18.1.102 || fail "added VIP not on the VMAC vrrp.51"
no_addr 1 eth0 198.18.1.102 || fail "added VIP on the parent eth0"
vh_wait_log 1 'Sending/queueing gratuitous ARPs on vrrp.51 for 198.18.1.102' 2 "$T" ||
	fail "no GARP announced for the added VIP on vrrp.51"
sleep 1.5 # the three GARPs, 0.2 s apart, are on the wire by then

{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "$V1" "garp_master_repeat 3" \
	"garp_master_delay 60"
  inst VI_2 52 150 198.18.1.110 use_vmac; } >"$LIB_TMP/next-h1.conf"
reload 1
wait_for 10 has_addr 1 vrrp.52 198.18.1.110 || fail "new instance's VIP not on its VMAC vrrp.52"
no_addr 1 eth0 198.18.1.110 || fail "new instance's VIP on the parent eth0"

{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "$V1" "garp_master_repeat 3" \
	"garp_master_delay 60"; } >"$LIB_TMP/next-h1.conf"
reload 1
wait_for 5 no_link 1 vrrp.52 || fail "removed instance's VMAC vrrp.52 left behind"

# advert_int changes: a restart, which makes its VMAC again.
T=$(vh_now)
{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "$V1" "advert_int 2"; } \
	>"$LIB_TMP/next-h1.conf"
reload 1
vh_wait_log 1 '\(VI_1\) configuration changed, restarting' 2 "$T" || fail "VI_1 not restarted"
vh_wait_master_log 1 15 "$T" || fail "restarted VI_1 never became Master"
wait_for 5 has_addr 1 vrrp.51 198.18.1.100 || fail "restarted VI_1's VIP not on vrrp.51"
vh_cap_stop
garps_for 198.18.1.102 >"$LIB_TMP/garp102.txt"
_n=$(wc -l <"$LIB_TMP/garp102.txt")
[ "$_n" -ge 3 ] || fail "$_n gratuitous ARPs for the added VIP, wanted 3"
_bad=$(awk -v m="$VMAC51" '$2 != m || $3 != m' "$LIB_TMP/garp102.txt")
[ -z "$_bad" ] || fail "gratuitous ARPs for the added VIP not from $VMAC51: $_bad"
_gap=$(head -n3 "$LIB_TMP/garp102.txt" | awk 'NR > 1 { g = $1 - p; if (m == "" || g < m) m = g } { p = $1 } END { printf "%.3f", m }')
awk -v g="$_gap" 'BEGIN { exit !(g >= 0.15) }' ||
	fail "gratuitous ARPs for the added VIP not paced: smallest gap $_gap s (vrrp_garp_interval 0.2)"
echo "use_vmac: added VIP on vrrp.51, $_n GARPs from $VMAC51, >= $_gap s apart; VMACs follow the instances"
fi

if want 2; then
step "2. a reload whose trackers cannot be built"
vh_topo 2
{ globals 1; inst VI_1 51 150 198.18.1.100; } >"$LIB_TMP/next-h1.conf"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
wait_for 5 has_addr 1 eth0 198.18.1.100 || fail "host 1 has no VIP"
_e0=$(log_count 1 'Entering')
_c0=$(log_count 1 'Reload complete')
{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "track_interface {" "    nosuch0" "}"; } \
	>"$VH_PFX-h1.conf"
if ops_ctl 1 reload >"$LIB_TMP/ctl-reload.out" 2>&1; then
	cat "$LIB_TMP/ctl-reload.out"
	fail "keepalivectl reload succeeded with a tracked interface that does not exist"
fi
wait_for 5 grep -q 'tracked interface nosuch0 doesn.t exist' "$(vh_log 1)" || fail "no line naming nosuch0"
wait_for 5 grep -q 'Reload failed' "$(vh_log 1)" || fail "no 'Reload failed'"
[ "$(log_count 1 'Reload complete')" -eq "$_c0" ] || fail "'Reload complete' after a failed reload"
no_addr 1 eth0 198.18.1.102 || fail "the refused configuration's VIP was added"
has_addr 1 eth0 198.18.1.100 || fail "VIP gone after a failed reload"
[ "$(log_count 1 'Entering')" -eq "$_e0" ] || fail "state changed on a failed reload"
echo "failing tracker: reload refused (keepalivectl exit 1), old configuration kept"
fi

if want 3; then
step "3. a reload that adds a tracker"
vh_topo 2
echo -20 >"$LIB_TMP/tf"
{ globals 1; inst VI_1 51 150 198.18.1.100; } >"$LIB_TMP/next-h1.conf"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
T=$(vh_now)
{ globals 1
  echo "track_file tf {"
  echo "    file $LIB_TMP/tf"
  echo "    weight 1"
  echo "}"
  inst VI_1 51 150 198.18.1.100 "track_file {" "    tf" "}"; } >"$LIB_TMP/next-h1.conf"
reload 1
sleep 3
vh_cap_stop
_p=$(awk -v t="$T" '$2 == 1 && $3 == "ADV" && $1 > t + 1 { print $4 }' "$VH_WIRE" | sort -u | tr '\n' ' ')
[ "$_p" = "130 " ] || fail "adverts after the reload carry priority '$_p', wanted 130"
echo "tracker added by a reload: adverts at priority 130"
fi

if want 4; then
step "4. unicast and AH"
vh_topo 2
for h in 1 2; do
	o=$((3 - h))
	p=$((h == 1 ? 150 : 100))
	# Host 1's reloads add a VIP: as with keepalived, the Backup then needs
	# skip_check_adv_addr to keep trusting the Master it heard.
	skip=
	[ "$h" = 2 ] && skip=skip_check_adv_addr
	{ globals "$h"; inst VI_1 51 "$p" 198.18.1.100 "unicast_src_ip 198.18.1.$h" \
		"unicast_peer {" "    198.18.1.$o" "}" "authentication {" "    auth_type AH" \
		"    auth_pass rrsecret" "}" ${skip:+"$skip"}; } >"$LIB_TMP/next-h$h.conf"
done
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
vh_start 2 ours prio=100
vh_wait_backup_log 2 10 || fail "host 2 never became Backup"
WAIT=$(awk -v m="$(vh_mdi 100 2)" 'BEGIN { print 2 * m + 1 }')
sleep 2 # host 2 hears host 1's adverts (advert_int 1) before the VIP lists differ
# Updated in place: a VIP added.
{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "unicast_src_ip 198.18.1.1" \
	"unicast_peer {" "    198.18.1.2" "}" "authentication {" "    auth_type AH" \
	"    auth_pass rrsecret" "}"; } >"$LIB_TMP/next-h1.conf"
T=$(vh_now)
reload 1
wait_for 5 has_addr 1 eth0 198.18.1.102 || fail "unicast AH: added VIP missing"
sleep "$WAIT"
[ -z "$(vh_master_time 2 "$T")" ] || fail "unicast AH: host 2 became Master after an update"
# Restarted: another peer added to the list.
{ globals 1; inst VI_1 51 150 "198.18.1.100 198.18.1.102" "unicast_src_ip 198.18.1.1" \
	"unicast_peer {" "    198.18.1.2" "    198.18.1.9" "}" "authentication {" \
	"    auth_type AH" "    auth_pass rrsecret" "}"; } >"$LIB_TMP/next-h1.conf"
T=$(vh_now)
reload 1
vh_wait_log 1 '\(VI_1\) configuration changed, restarting' 2 "$T" || fail "VI_1 not restarted"
vh_wait_master_log 1 20 "$T" || fail "unicast AH: restarted VI_1 never became Master again"
wait_for 5 has_addr 1 eth0 198.18.1.102 || fail "unicast AH: VIP missing after the restart"
wait_for 10 no_addr 2 eth0 198.18.1.100 || fail "unicast AH: host 2 kept the VIP"
_e2=$(log_count 2 'Entering')
sleep "$WAIT"
[ "$(log_count 2 'Entering')" -eq "$_e2" ] || fail "unicast AH: host 2 flapped after the restart"
echo "unicast + AH: updated and restarted instance, peer Backup"
fi

if want 5; then
step "5. sync group"
vh_topo 2
ip -n "$(vh_ns 1)" link add trk0 type veth peer name trk0p || fail "veth trk0"
ip -n "$(vh_ns 1)" link set trk0p up || fail "trk0p up"
ip -n "$(vh_ns 1)" link set trk0 up || fail "trk0 up"
sg() { # VIP2
	globals 1
	echo "vrrp_sync_group G {"
	echo "    group {"
	echo "        VI_1"
	echo "        VI_2"
	echo "    }"
	echo "}"
	inst VI_1 51 150 198.18.1.100
	inst VI_2 52 150 "$1" "track_interface {" "    trk0" "}"
}
sg 198.18.1.110 >"$LIB_TMP/next-h1.conf"
vh_start 1 ours prio=150
vh_wait_log 1 'VRRP_Group\(G\) Syncing instances to MASTER' 15 || fail "group never Master"
sg "198.18.1.110 198.18.1.111" >"$LIB_TMP/next-h1.conf"
T=$(vh_now)
reload 1
wait_for 5 has_addr 1 eth0 198.18.1.111 || fail "sync group: added VIP missing"
ip -n "$(vh_ns 1)" link set trk0 down
vh_wait_log 1 '\(VI_1\) Entering FAULT STATE' 5 "$T" || fail "sync group: VI_1 did not follow VI_2 into Fault"
wait_for 5 no_addr 1 eth0 198.18.1.100 || fail "sync group: VI_1 kept its VIP in Fault"
T=$(vh_now)
ip -n "$(vh_ns 1)" link set trk0 up
vh_wait_log 1 'VRRP_Group\(G\) Syncing instances to MASTER' 15 "$T" ||
	fail "sync group: not Master again"
wait_for 5 has_addr 1 eth0 198.18.1.100 || fail "sync group: VIP not back"
echo "sync group: after a reload the members still move together"
fi

vh_teardown
echo "PASS: vrrp_reload_run"
