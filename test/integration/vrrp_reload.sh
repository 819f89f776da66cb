#!/bin/sh
# SIGHUP without a flap (vrrp_reload.c), on two hosts of ours on a bridge:
#  1. the same configuration while Master: `ip monitor address` sees no
#     event, no priority-0 advert, no GARP, adverts stay evenly spaced;
#  2. an added instance VI_2 starts (its VIP appears), VI_1 is untouched;
#  3. a VIP moved from VI_1 to VI_2 is in place right after the reload,
#     removed by VI_1 before VI_2 adds it;
#  4. VI_2 removed: priority-0 advert, its VIP gone, the peer takes over
#     (and .101 goes back to VI_1);
#  5. a broken configuration: "Reload failed", the daemon and VIPs stay.
# Also the keepalived 2.2.7 lines "Reloading" and "Reload complete".
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_reload
vh_params ver=3 fam=4 adv=1 nvip=2

# conf PRIO VARIANT: VI_1 always; VI_2 (VRID 52) in "added" and "moved".
conf() {
	echo "global_defs {"
	echo "    router_id rl_$2"
	echo "}"
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    version 3"
	echo "    priority $1"
	echo "    advert_int 1"
	echo "    virtual_ipaddress {"
	echo "        198.18.1.100/24"
	[ "$2" = moved ] || echo "        198.18.1.101/24"
	echo "    }"
	echo "}"
	case $2 in
	added | moved)
		echo "vrrp_instance VI_2 {"
		echo "    state BACKUP"
		echo "    interface eth0"
		echo "    virtual_router_id 52"
		echo "    version 3"
		echo "    priority $1"
		echo "    advert_int 1"
		echo "    virtual_ipaddress {"
		echo "        198.18.1.110/24"
		[ "$2" = moved ] && echo "        198.18.1.101/24"
		echo "    }"
		echo "}"
		;;
	esac
	return 0
}

has_addr() { # H ADDR
	ip -n "$(vh_ns "$1")" -o addr show dev eth0 | grep -q " $2/"
}
no_addr() { ! has_addr "$@"; }

# The number of lines of H's log matching ERE.
log_count() { # H ERE
	grep -Ec "$2" "$(vh_log "$1")"
}

# reload H VARIANT PRIO: rewrite H's configuration, SIGHUP, wait for the
# n-th "Reload complete" (or "Reload failed"), n counted from the log.
reload() {
	conf "$3" "$2" >"$VH_PFX-h$1.conf"
	_rl_ok=$(log_count "$1" 'Reload (complete|failed)')
	kill -HUP "$(_vh_get "$1" PID)" || fail "SIGHUP to host $1"
	wait_for 10 _reloaded "$1" $((_rl_ok + 1)) || fail "host $1: reload did not finish"
}
_reloaded() { [ "$(log_count "$1" 'Reload (complete|failed)')" -ge "$2" ]; }

MON_PID=
mon_start() { # H FILE
	ip -n "$(vh_ns "$1")" monitor address >"$2" 2>&1 &
	MON_PID=$!
	track_pid "$MON_PID"
	# ip monitor listens once it has seen a probe address come and go on lo.
	MON_NS=$(vh_ns "$1")
	MON_FILE=$2
	wait_for 5 _mon_probe || fail "ip monitor did not start"
}
_mon_probe() {
	ip -n "$MON_NS" addr add 198.19.0.1/32 dev lo
	ip -n "$MON_NS" addr del 198.19.0.1/32 dev lo
	sleep 0.05
	grep -q 'Deleted.*198.19.0.1' "$MON_FILE"
}
mon_stop() {
	kill "$MON_PID" 2>/dev/null
	wait_for 5 _lib_dead "$MON_PID"
}

vh_topo 2
vh_start 1 ours prio=150
vh_start 2 ours prio=100
conf 150 one >"$VH_PFX-h1.conf"
conf 100 one >"$VH_PFX-h2.conf"
vh_wait_sole_vip 1 10 || fail "host 1 never took the VIP"
vh_wait_log 1 'Sending/queueing gratuitous ARPs' 5 || fail "host 1 sent no GARP"
# Past the GARP bursts (garp_master_delay 5 s): any GARP later is the reload's.
sleep 6
N_ENTER=$(log_count 1 '\(VI_1\) Entering')

step "1. same configuration while Master"
MON=$VH_PFX-mon1.log
mon_start 1 "$MON"
T1=$(vh_now)
reload 1 one 150
vh_wait_log 1 'Reloading$' 1 "$T1" || fail "no 'Reloading' line"
vh_wait_adverts 1 3 6 "$T1" || fail "host 1 stopped advertising after the reload"
T1E=$(vh_now)
mon_stop
if grep -q "198\.18\." "$MON"; then
	cat "$MON"
	fail "address events during a reload with the same configuration"
fi
has_addr 1 198.18.1.100 && has_addr 1 198.18.1.101 || fail "VIPs gone after the reload"
grep -q 'Reload complete' "$(vh_log 1)" || fail "no 'Reload complete'"

step "2. added instance"
MON=$VH_PFX-mon2.log
mon_start 1 "$MON"
T2=$(vh_now)
reload 2 added 100
reload 1 added 150
vh_wait_log 1 '\(VI_2\) Entering MASTER STATE' 10 "$T2" || fail "VI_2 did not start"
wait_for 5 has_addr 1 198.18.1.110 || fail "VI_2's VIP not added"
vh_wait_log 2 '\(VI_2\) Entering BACKUP STATE' 10 "$T2" || fail "VI_2 on host 2 not Backup"
mon_stop
if grep "198\.18\." "$MON" | grep -vq 198.18.1.110; then
	cat "$MON"
	fail "VI_1's addresses moved when VI_2 was added"
fi
[ "$(log_count 1 '\(VI_1\) Entering')" -eq "$N_ENTER" ] || fail "VI_1 changed state on a reload"

step "3. VIP moved from VI_1 to VI_2"
T3=$(vh_now)
reload 2 moved 100
reload 1 moved 150
has_addr 1 198.18.1.101 || fail "moved VIP absent right after the reload"
has_addr 1 198.18.1.100 && has_addr 1 198.18.1.110 || fail "other VIPs gone"
[ "$(log_count 1 '\(VI_1\) Entering')" -eq "$N_ENTER" ] || fail "VI_1 changed state on a reload"
RM=$(grep -n '(VI_1) removing VIP 198.18.1.101' "$(vh_log 1)" | tail -n1 | cut -d: -f1)
AD=$(grep -n '(VI_2) adding VIP 198.18.1.101' "$(vh_log 1)" | tail -n1 | cut -d: -f1)
[ -n "$RM" ] && [ -n "$AD" ] && [ "$RM" -lt "$AD" ] ||
	fail "the moved VIP was not removed from VI_1 before VI_2 added it"
vh_wait_log 1 'Sending/queueing gratuitous ARPs on eth0 for 198.18.1.101' 2 "$T3" ||
	fail "no GARP for the moved VIP"
vh_log_time 1 'Sending/queueing gratuitous ARPs on eth0 for 198.18.1.1(00|10)$' "$T3" |
	grep -q . && fail "GARPs for VIPs that did not move"

step "4. removed instance"
T4=$(vh_now)
reload 1 one 150
wait_for 5 no_addr 1 198.18.1.110 || fail "removed instance's VIP still on host 1"
# "one" gives .101 back to VI_1: it is removed with VI_2, then added again.
has_addr 1 198.18.1.101 || fail "VI_1 did not take back 198.18.1.101"
wait_for 10 has_addr 2 198.18.1.110 || fail "host 2 did not take over VI_2"
has_addr 1 198.18.1.100 || fail "VI_1's VIP gone"

step "5. broken configuration"
MON=$VH_PFX-mon5.log
mon_start 1 "$MON"
T5=$(vh_now)
printf 'vrrp_instance VI_1 {\n    virtual_router_id 300\n' >>"$VH_PFX-h1.conf"
_rl_ok=$(log_count 1 'Reload (complete|failed)')
kill -HUP "$(_vh_get 1 PID)"
wait_for 10 _reloaded 1 $((_rl_ok + 1)) || fail "broken reload did not finish"
grep -q 'Reload failed' "$(vh_log 1)" || fail "no 'Reload failed'"
vh_wait_adverts 1 2 4 "$T5" || fail "host 1 stopped advertising"
mon_stop
grep -q "198\.18\." "$MON" && fail "address events on a failed reload"
vh_alive 1 || fail "daemon died on a broken configuration"
has_addr 1 198.18.1.100 || fail "VIP gone after a failed reload"

vh_cap_stop
step "capture: reload 1 left the adverts alone"
# Host 1 was Master of VI_1 only from T1 to T1E: one advert a second.
vh_check_interval 1 "$(vh_diff "$T1" 3)" "$T1E"
P0=$(awk -v f="$T1" -v t="$T4" '$2 == 1 && $3 == "ADV" && $4 == 0 && $1 > f + 0 && $1 < t + 0' "$VH_WIRE")
[ -z "$P0" ] || fail "priority-0 advert from host 1 on a reload that kept its instances: $P0"
[ -n "$(vh_prio0_first 1 "$T4")" ] || fail "no priority-0 advert for the removed VI_2"
G=$(awk -v f="$T1" -v t="$T2" '$2 == 1 && ($3 == "GARP" || $3 == "NA") && $1 > f + 0 && $1 < t + 0' "$VH_WIRE")
[ -z "$G" ] || fail "GARPs during a reload with the same configuration: $G"
echo "PASS"
