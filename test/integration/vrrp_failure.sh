#!/bin/sh
# How two of our daemons handle the Master failing, other than by kill -9
# (vrrp_basic.sh does that):
# - SIGTERM of the Master (v3 IPv4, 1 s): it sends a priority-0 advert, and
#   the Backup's first advert follows it after Skew_Time (RFC 5798 6.4.2);
#   the stopped host released the VIP, the other holds it;
# - link down on the Master (v3 IPv6, 0.2 s): the Backup takes over after
#   Master_Down_Interval and the old Master drops the VIP; link up again:
#   the old Master logs BACKUP, preempts after its Master_Down_Interval and
#   the other stops advertising;
# - SIGSTOP of the Master (v2, 1 s) until the Backup has taken over
#   (after Master_Down_Interval), then SIGCONT: within one advert interval
#   only the higher priority advertises and holds the VIP, and it sends a
#   gratuitous ARP for the VIP.
# Every advert our daemon sent has a good checksum.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_failure

wait_s() { awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }'; }

start_pair() { # LABEL: host 1 (150) Master, host 2 (100) Backup
	vh_topo 2
	vh_start 1 ours prio=150
	vh_wait_backup_log 1 10 || fail "$1: host 1 never logged BACKUP"
	vh_start 2 ours prio=100
	vh_wait_sole_vip 1 "$(wait_s)" || fail "$1: host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$(wait_s)" || fail "$1: host 2 never logged BACKUP"
	vh_wait_adverts 1 2 "$(wait_s)" || fail "$1: host 1 does not advertise"
}

# SIGTERM -------------------------------------------------------------------------
L="SIGTERM, v3 IPv4 1s"
step "$L"
vh_params ver=3 fam=4 adv=1
start_pair "$L"
T_TERM=$(vh_now)
vh_term 1
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 did not take the VIP"
wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "$L: host 1 did not exit within 5 s"
vh_holds_vip 1 && fail "$L: host 1 left its VIP behind"
vh_wait_adverts 2 2 "$(wait_s)" "$T_TERM" || fail "$L: host 2 does not advertise"
[ "$(vh_last_master)" = 2 ] || fail "$L: host 2 did not log MASTER last"
vh_cap_stop
P0=$(vh_prio0_first 1 "$T_TERM")
[ -n "$P0" ] || fail "$L: no priority-0 advert from host 1"
[ "$(vh_adv_count 1 "$P0")" = 0 ] || fail "$L: host 1 advertised after its priority 0"
vh_expect "$L: priority 0 to first advert of 2" \
	"$(vh_diff "$(vh_adv_first 2 "$T_TERM")" "$P0")" "$(vh_skew 100)"
vh_check_checksums

# Link down -----------------------------------------------------------------------
L="link down, v3 IPv6 0.2s"
step "$L"
vh_params ver=3 fam=6 adv=0.2
start_pair "$L"
T_DOWN=$(vh_now)
vh_link_down 1
vh_wait_sole_vip 2 "$(wait_s)" || fail "$L: host 2 did not take the VIP alone"
vh_wait_adverts 2 2 "$(wait_s)" "$T_DOWN" || fail "$L: host 2 does not advertise"
[ "$(vh_last_master)" = 2 ] || fail "$L: host 2 did not log MASTER last"
T_UP=$(vh_now)
vh_link_up 1
vh_wait_backup_log 1 "$(wait_s)" "$T_UP" || fail "$L: host 1 did not log BACKUP after link up"
vh_wait_sole_vip 1 "$(wait_s)" || fail "$L: host 1 did not preempt after link up"
vh_wait_adverts 1 2 "$(wait_s)" "$T_UP" || fail "$L: host 1 does not advertise"
[ "$(vh_last_master)" = 1 ] || fail "$L: host 1 did not log MASTER last"
T_BACKUP=$(vh_backup_time 1 "$T_UP")
vh_cap_stop
vh_failover 1 2 "$T_DOWN" "$L"
FIRST1=$(vh_adv_first 1 "$T_UP")
vh_expect "$L, link up: BACKUP logged to first advert of 1" \
	"$(vh_diff "$FIRST1" "$T_BACKUP")" "$(vh_mdi 150)"
vh_expect_le "$L, link up: last advert of 2 after first of 1" \
	"$(vh_diff "$(vh_adv_last 2)" "$FIRST1")" 0
vh_check_checksums

# SIGSTOP / SIGCONT ---------------------------------------------------------------
L="SIGSTOP, v2 1s"
step "$L"
vh_params ver=2 fam=4 adv=1
start_pair "$L"
T_STOP=$(vh_now)
vh_sigstop 1
wait_for "$(wait_s)" vh_holds_vip 2 || fail "$L: host 2 did not take the VIP"
vh_wait_adverts 2 2 "$(wait_s)" "$T_STOP" || fail "$L: host 2 does not advertise"
T_CONT=$(vh_now)
vh_sigcont 1
vh_wait_sole_vip 1 "$(wait_s)" || fail "$L: host 1 is not the only VIP holder after SIGCONT"
vh_wait_backup_log 2 "$(wait_s)" "$T_CONT" || fail "$L: host 2 did not log BACKUP"
vh_wait_adverts 1 3 "$(wait_s)" "$T_CONT" || fail "$L: host 1 does not advertise"
vh_cap_stop
vh_failover 1 2 "$T_STOP" "$L"
vh_expect_le "$L: SIGCONT to last advert of 2" \
	"$(vh_diff "$(vh_adv_last 2)" "$T_CONT")" "$VH_ADV"
vh_expect_le "$L: SIGCONT to first advert of 1" \
	"$(vh_diff "$(vh_adv_first 1 "$T_CONT")" "$T_CONT")" "$VH_ADV"
GARP=$(vh_garp_first 1 "$T_CONT")
[ -n "$GARP" ] || fail "$L: host 1 sent no gratuitous ARP after SIGCONT"
vh_expect_le "$L: SIGCONT to gratuitous ARP of 1" "$(vh_diff "$GARP" "$T_CONT")" "$VH_ADV"
vh_check_checksums
vh_teardown

echo "PASS: vrrp_failure"
