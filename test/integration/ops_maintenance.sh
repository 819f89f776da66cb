#!/bin/sh
# `keepalivectl maintenance` between two of our daemons (v3 IPv4, 1 s; host
# 1 priority 150 Master, host 2 priority 100 Backup), timed from a capture:
# - on: host 1 sends a priority-0 advert at once (within 100 ms of the
#   command) and nothing after it; host 2's first advert follows the
#   priority-0 one after host 2's Skew_Time (RFC 5798 6.4.2), and host 2
#   alone holds the VIP; host 1's status says FAULT, "maintenance mode",
#   maintenance true, and its metrics say keepalived_vrrp_maintenance 1;
# - off: host 1 logs BACKUP and preempts: its first advert comes its
#   Master_Down_Interval after that, host 2 stops advertising, and host 1
#   alone holds the VIP again; its status says maintenance false.
# Every advert our daemons sent has a good checksum.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init ops_maintenance
lib_require_tools python3
ops_wrap_keepalived

ops_two_hosts 3

step "maintenance on: host 2 takes over within its Skew_Time"
T_ON=$(vh_now)
ops_ctl 1 maintenance VI_1 on >"$LIB_TMP/on.out" 2>&1 || fail "maintenance on: $(cat "$LIB_TMP/on.out")"
grep -qx '(VI_1) maintenance mode on' "$LIB_TMP/on.out" || fail "said: $(cat "$LIB_TMP/on.out")"
vh_wait_sole_vip 2 "$WAIT" || fail "host 2 did not take the VIP"
vh_wait_adverts 2 2 "$WAIT" "$T_ON" || fail "host 2 does not advertise"
ops_ctl 1 status --json >"$LIB_TMP/j1" || fail "status on host 1"
python3 - "$LIB_TMP/j1" <<'EOF' || fail "host 1's status in maintenance: $(cat "$LIB_TMP/j1")"
import json, sys
d = json.load(open(sys.argv[1]))["instances"][0]["data"]
assert d["state_name"] == "FAULT" and d["maintenance"] is True, d
assert d["last_transition_reason"] == "maintenance mode" and d["master_address"] is None, d
assert not d["vipset"], d
EOF
ops_ctl 1 metrics | grep -q '^keepalived_vrrp_maintenance{instance="VI_1",interface="eth0",vrid="51"} 1$' ||
	fail "host 1's metrics do not show maintenance"
ops_ctl 1 status | grep -Eq '^VI_1 .* FAULT .* maintenance mode$' || fail "host 1's table"
# Held in maintenance while host 2 is Master for a few adverts.
vh_wait_adverts 2 3 "$WAIT" "$T_ON" || fail "host 2 stopped advertising"

step "maintenance off: host 1 preempts again"
T_OFF=$(vh_now)
ops_ctl 1 maintenance VI_1 off >/dev/null || fail "maintenance off"
vh_wait_sole_vip 1 "$WAIT" || fail "host 1 did not take the VIP back"
vh_wait_adverts 1 2 "$WAIT" "$T_OFF" || fail "host 1 does not advertise again"
T_BACKUP=$(vh_backup_time 1 "$T_OFF")
[ -n "$T_BACKUP" ] || fail "host 1 did not log BACKUP after maintenance off"
ops_ctl 1 status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)["instances"][0]["data"]
assert d["maintenance"] is False and d["state_name"] == "MASTER", d' ||
	fail "host 1's status after maintenance"
vh_cap_stop

P0=$(vh_prio0_first 1 "$T_ON")
[ -n "$P0" ] || fail "no priority-0 advert from host 1"
vh_expect_le "command to priority-0 advert" "$(vh_diff "$P0" "$T_ON")" 0.1
[ "$(vh_adv_count 1 "$P0" "$T_OFF")" = 0 ] || fail "host 1 advertised in maintenance"
vh_expect "priority 0 of host 1 to first advert of host 2" \
	"$(vh_diff "$(vh_adv_first 2 "$T_ON")" "$P0")" "$(vh_skew 100)"
F1=$(vh_adv_first 1 "$T_OFF")
vh_expect "BACKUP logged to first advert of host 1" "$(vh_diff "$F1" "$T_BACKUP")" "$(vh_mdi 150)"
vh_expect_le "last advert of 2 after first of 1" "$(vh_diff "$(vh_adv_last 2)" "$F1")" 0
vh_check_checksums
vh_teardown
echo "ops_maintenance: 1 passed, 0 failed"
