#!/bin/sh
# Elections among our daemons (VRRPv3 IPv4, 0.2 s unless said: every bound
# is relative to the interval):
# - equal priorities: two hosts kept apart on the bridge both become Master
#   after Master_Down_Interval; once joined, the one with the lower primary
#   address stops advertising within one interval, logs BACKUP and drops
#   the VIP (RFC 5798 6.4.3);
# - nopreempt: a higher priority started while a lower one is Master stays
#   Backup and silent for longer than its Master_Down_Interval; after kill
#   -9 of the Master it takes over after Master_Down_Interval;
# - preempt_delay (1 s interval, 2.5 s delay): the higher priority takes
#   over Master_Down_Interval after the last lower-priority advert that came
#   within preempt_delay of the first one it saw (keepalived's semantics);
# - three routers (priorities 200, 150, 100): the highest wins, the others
#   stay silent; kill -9 of the Master: 150 takes over after its
#   Master_Down_Interval while 100 stays silent; kill -9 again: 100 takes
#   over after its own.
# Every advert our daemon sent has a good checksum.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_election

wait_s() { awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }'; }
both_hold() { [ "$(vh_vip_holders)" = "1 2" ]; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a + b }'; }

# Equal priorities ----------------------------------------------------------------
L="equal priorities"
step "$L"
vh_params ver=3 fam=4 adv=0.2
vh_topo 2
vh_isolate 1
vh_isolate 2
vh_start 1 ours prio=100
vh_start 2 ours prio=100
wait_for "$(wait_s)" both_hold || fail "$L: the hosts kept apart are not both Master"
vh_wait_adverts 1 2 "$(wait_s)" || fail "$L: host 1 does not advertise"
vh_wait_adverts 2 2 "$(wait_s)" || fail "$L: host 2 does not advertise"
T_JOIN=$(vh_now)
vh_join 1
vh_join 2
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 (higher address) is not the only VIP holder"
vh_wait_backup_log 1 "$(wait_s)" "$T_JOIN" || fail "$L: host 1 did not log BACKUP"
vh_wait_adverts 2 3 "$(wait_s)" "$T_JOIN" || fail "$L: host 2 stopped advertising"
vh_cap_stop
for H in 1 2; do
	vh_expect "$L: BACKUP logged to first advert of $H (apart)" \
		"$(vh_diff "$(vh_adv_first $H)" "$(vh_backup_time $H)")" "$(vh_mdi 100)"
done
vh_expect_le "$L: join to last advert of 1" "$(vh_diff "$(vh_adv_last 1)" "$T_JOIN")" "$VH_ADV"
vh_check_checksums

# nopreempt -----------------------------------------------------------------------
L="nopreempt"
step "$L"
vh_params ver=3 fam=4 adv=0.2
vh_topo 2
vh_start 2 ours prio=100
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 alone did not become Master"
T_START=$(vh_now)
vh_start 1 ours prio=150 nopreempt=1
vh_wait_backup_log 1 10 "$T_START" || fail "$L: host 1 never logged BACKUP"
T_BACKUP=$(vh_backup_time 1 "$T_START")
# Enough of host 2's adverts to cover host 1's Master_Down_Interval twice.
N=$(awk -v m="$(vh_mdi 150)" -v a="$VH_ADV" 'BEGIN { printf "%d", 2 * m / a + 1 }')
vh_wait_adverts 2 "$N" "$(wait_s)" "$T_BACKUP" || fail "$L: host 2 stopped advertising"
[ "$(vh_adv_count_live 1)" = 0 ] || fail "$L: host 1 (nopreempt) advertised"
vh_wait_sole_vip 2 0 || fail "$L: host 1 (nopreempt) took the VIP"
T_KILL=$(vh_now)
vh_kill9 2
vh_wait_sole_vip 1 "$(wait_s)" || fail "$L: host 1 did not take over"
vh_wait_adverts 1 2 "$(wait_s)" "$T_KILL" || fail "$L: host 1 does not advertise"
vh_cap_stop
[ "$(vh_adv_count 1 0 "$T_KILL")" = 0 ] || fail "$L: host 1 advertised before the kill"
vh_failover 2 1 "$T_KILL" "$L, kill -9"
vh_check_checksums

# preempt_delay -------------------------------------------------------------------
L="preempt_delay 2.5"
step "$L"
vh_params ver=3 fam=4 adv=1
PD=2.5
vh_topo 2
vh_start 2 ours prio=100
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 alone did not become Master"
T_START=$(vh_now)
vh_start 1 ours prio=150 pdelay=$PD
vh_wait_backup_log 1 10 "$T_START" || fail "$L: host 1 never logged BACKUP"
T_BACKUP=$(vh_backup_time 1 "$T_START")
vh_wait_sole_vip 1 "$(add "$(wait_s)" $PD)" || fail "$L: host 1 did not preempt"
vh_wait_adverts 1 2 "$(wait_s)" "$T_START" || fail "$L: host 1 does not advertise"
vh_cap_stop
MDI1=$(vh_mdi 150)
FIRST1=$(vh_adv_first 1 "$T_START")
# keepalived's preempt_delay counts from the first lower-priority advert
# seen; adverts up to then still restart the down timer, so the takeover is
# Master_Down_Interval after the last of those.
SEEN=$(vh_adv_first 2 "$T_BACKUP")
LAST_OK=$(vh_adv_last 2 "$(add "$SEEN" $PD)")
vh_expect "$L: last advert of 2 before the delay ran out to first of 1" \
	"$(vh_diff "$FIRST1" "$LAST_OK")" "$MDI1"
vh_expect_le "$L: last advert of 2 after first of 1" "$(vh_diff "$(vh_adv_last 2)" "$FIRST1")" 0
vh_check_checksums

# Three routers -------------------------------------------------------------------
L="three routers"
step "$L"
vh_params ver=3 fam=4 adv=0.2
vh_topo 3
vh_start 1 ours prio=200
vh_wait_backup_log 1 10 || fail "$L: host 1 never logged BACKUP"
vh_start 2 ours prio=150
vh_start 3 ours prio=100
vh_wait_sole_vip 1 "$(wait_s)" || fail "$L: host 1 is not the only VIP holder"
vh_wait_backup_log 2 "$(wait_s)" || fail "$L: host 2 never logged BACKUP"
vh_wait_backup_log 3 "$(wait_s)" || fail "$L: host 3 never logged BACKUP"
vh_wait_adverts 1 3 "$(wait_s)" || fail "$L: host 1 does not advertise"
T_KILL1=$(vh_now)
vh_kill9 1
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 did not take over"
vh_wait_adverts 2 3 "$(wait_s)" "$T_KILL1" || fail "$L: host 2 does not advertise"
[ "$(vh_last_master)" = 2 ] || fail "$L: host 2 did not log MASTER last"
T_KILL2=$(vh_now)
vh_kill9 2
vh_wait_sole_vip 3 "$(wait_s)" || fail "$L: host 3 did not take over"
vh_wait_adverts 3 2 "$(wait_s)" "$T_KILL2" || fail "$L: host 3 does not advertise"
[ "$(vh_last_master)" = 3 ] || fail "$L: host 3 did not log MASTER last"
vh_cap_stop
[ "$(vh_adv_count 2 0 "$T_KILL1")" = 0 ] || fail "$L: host 2 advertised while host 1 was Master"
[ "$(vh_adv_count 3 0 "$T_KILL2")" = 0 ] || fail "$L: host 3 advertised before host 2 died"
vh_failover 1 2 "$T_KILL1" "$L, first kill -9"
vh_failover 2 3 "$T_KILL2" "$L, second kill -9"
vh_check_checksums
vh_teardown

echo "PASS: vrrp_election"
