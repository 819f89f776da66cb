#!/bin/sh
# Late-advert warning (late_advert_warn, issue 15 item 3): host 1 (ours,
# VRRPv2, 1 s, priority 1, late_advert_warn 30: late past 1 s + 30 % of
# the 3 s to its Master_Down_Interval of 4.0 s, 1.9 s) is Backup to a
# master that host 2 plays with vrrp_sender (priority 200): adverts every
# second, then one 2.7 s late (well before host 1 would take over), four
# on time, one late again. Asserted:
# - host 1 stays Backup throughout (no "Entering MASTER");
# - the first late advert is logged once, with the gap; the next three on
#   time end the episode ("on time again"); the second late one opens a
#   second episode, logged again: two warning lines, no more;
# - the metrics (keepalivectl metrics) show
#   keepalived_vrrp_late_adverts_total 2 and ..._episodes_total 2, and
#   `keepalivectl stats --json` late_adverts 2.
# Needs root (exit 77 otherwise). Asserts no durations beyond the sender's
# pacing: the late gap is 0.8 s past the threshold and 1.3 s short of the
# Master_Down_Interval.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init vrrp_late_advert
ops_wrap_keepalived
SENDER=${VRRP_SENDER:-${top_builddir:-.}/test/integration/vrrp_sender}
[ -x "$SENDER" ] || fail "$SENDER is not built"

vh_conf_instance() {
	echo "    late_advert_warn 30"
}
vh_params ver=2 fam=4 adv=1 nvip=1
vh_topo 2
vh_start 1 ours prio=1
vh_wait_backup_log 1 10 || fail "host 1 never logged BACKUP"

# adverts COUNT: host 2 sends COUNT priority-200 adverts, one a second.
adverts() {
	ip netns exec "$(vh_ns 2)" "$SENDER" eth0 2 198.18.1.2 224.0.0.18 - "$VH_VRID" 200 none 255 \
		198.18.1.100 "$1" 1 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
}
LATE='advert from master 198.18.1.2 late'
late_lines() { grep -c "$LATE" "$(vh_log 1)"; }

step "on time, then one advert 2.7 s late"
adverts 3
sleep 2.7 # the late advert: the gap is the test
adverts 4
vh_wait_log 1 "$LATE" 3 || fail "the late advert was not logged"
grep "$LATE" "$(vh_log 1)"
vh_wait_log 1 'adverts from master 198.18.1.2 on time again' 3 || fail "the episode did not end"

step "a second episode"
sleep 2.7
adverts 2
wait_for 3 sh -c "[ \$(grep -c '$LATE' '$(vh_log 1)') -ge 2 ]" || fail "the second late advert was not logged"
[ "$(late_lines)" -eq 2 ] || fail "$(late_lines) late-advert lines, expected 2"
grep -q "Entering MASTER" "$(vh_log 1)" && fail "host 1 took over during the test"

step "metrics and JSON"
ops_ctl 1 metrics >"$LIB_TMP/metrics.out" || fail "keepalivectl metrics"
grep -E '^keepalived_vrrp_late_adverts_total\{instance="VI_1"[^}]*\} 2$' "$LIB_TMP/metrics.out" ||
	fail "keepalived_vrrp_late_adverts_total is not 2: $(grep late "$LIB_TMP/metrics.out")"
grep -Eq '^keepalived_vrrp_late_advert_episodes_total\{instance="VI_1"[^}]*\} 2$' "$LIB_TMP/metrics.out" ||
	fail "keepalived_vrrp_late_advert_episodes_total is not 2"
ops_ctl 1 stats --json | grep -q '"late_adverts": *2' || fail "stats --json: late_adverts is not 2"
echo "PASS: vrrp_late_advert"
exit 0
