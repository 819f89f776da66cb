#!/bin/sh
# Trackers and notification must never hold up the protocol. One host of
# ours (VRRPv3, 0.5 s, priority 150) with:
# - vrrp_script hang (/bin/sleep 30, interval 1, timeout 1, weight -10):
#   killed at every timeout, "VRRP_Script(hang) timed_out" once, priority
#   150 -> 140, no sleep left behind beyond the current run;
# - vrrp_script ok0 (unweighted): the instance waits for its first result
#   before it enters BACKUP, as keepalived;
# - a notify_fifo that nobody reads, and a tracked file rewritten thousands
#   of times with vrrp_notify_priority_changes, so that the FIFO overflows:
#   the daemon drops lines and says so (rate-limited), never blocks.
# Throughout, the captured adverts stay one interval apart (3 % / 20 ms).
# At SIGTERM the notify_stop scripts are waited for, one second at most:
# a quick one finishes, a hanging one is terminated, and the daemon is gone
# within 1 to 2.5 s.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_track_lib.sh"

vh_init vrrp_track_timing
vt_wrap
vh_params ver=3 fam=4 adv=0.5 nvip=1

D=$LIB_TMP/files
mkdir -p "$D"
vh_topo 1
vt_conf 1 <<EOF
global_defs {
    router_id it_h1
    notify_fifo $D/nobody.fifo
    vrrp_notify_priority_changes
}
vrrp_script hang {
    script "/bin/sleep 30"
    interval 1
    timeout 1
    weight -10
}
vrrp_script ok0 {
    script /bin/true
    interval 1
}
track_file tf {
    file $D/tf
    weight -1
    init_file 0 overwrite
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    version 3
    priority 150
    advert_int 0.5
    virtual_ipaddress {
        198.18.1.100/24
    }
    track_script {
        hang
        ok0
    }
    track_file {
        tf
    }
    notify_stop "/bin/sh -c 'sleep 0.3; touch $D/stop-done'"
    notify $D/stop-hang.sh
}
EOF
printf '#!/bin/sh\n[ "$3" = STOP ] && exec sleep 30\nexit 0\n' >"$D/stop-hang.sh"
chmod 755 "$D/stop-hang.sh"
T0=$(vh_now)
vh_start 1 ours
LOG=$(vh_log 1)
vh_wait_master_log 1 10 || fail "host 1 never became Master"
vh_wait_log 1 'VRRP_Script[(]hang[)] timed_out' 5 || fail "no timed_out line"
vh_wait_log 1 'Changing effective priority from 150 to 140' 5 || fail "no priority line"

step "the unweighted script's first result comes before BACKUP"
T_OK=$(vh_log_time 1 'VRRP_Script[(]ok0[)] succeeded')
T_BK=$(vh_log_time 1 'Entering BACKUP STATE')
[ -n "$T_OK" ] && [ -n "$T_BK" ] || fail "missing ok0 or BACKUP line"
awk -v a="$T_OK" -v b="$T_BK" 'BEGIN { exit !(a <= b) }' || fail "BACKUP before ok0's result"

step "hanging script: killed each time, nothing left behind"
vh_wait_adverts 1 10 10 "$T0" || fail "host 1 does not advertise"
T_HANG_END=$(vh_now)
N_TO=$(grep -c 'timed_out' "$LOG")
[ "$N_TO" = 1 ] || fail "timed_out logged $N_TO times (a state change is logged once)"
N_SLEEP=$(ip netns pids "$(vh_ns 1)" | xargs -r ps -o comm= -p 2>/dev/null | grep -c '^sleep$')
[ "$N_SLEEP" -le 1 ] || fail "$N_SLEEP sleep processes in host 1's namespace"
echo "sleep processes running: $N_SLEEP"

step "a FIFO nobody reads, flooded"
T_FLOOD=$(vh_now)
# Each write is a priority change and a FIFO line, but inotify merges the
# events the daemon has not read yet: on a loaded machine fewer lines come
# out, so flood in rounds until the 64 KiB buffer overflows (30 s at most).
flood_round() {
	i=0
	while [ "$i" -lt 2000 ]; do
		echo $((i % 50)) >"$D/tf"
		i=$((i + 1))
	done
}
fifo_dropped() { grep -q "notify fifo $D/nobody.fifo: the reader is too slow or gone" "$LOG"; }
FLOOD_END=$(($(date +%s) + 30))
until fifo_dropped; do
	[ "$(date +%s)" -lt "$FLOOD_END" ] || break
	flood_round
done
echo 0 >"$D/tf"
wait_for 10 fifo_dropped || fail "no drop was reported (or the FIFO never filled)"
T_DROP=$(vh_now)
N_DROP_LINES=$(grep -c 'the reader is too slow or gone' "$LOG")
echo "drop reports logged: $N_DROP_LINES"
[ "$N_DROP_LINES" -le 10 ] || fail "drop reports are not rate-limited ($N_DROP_LINES)"
vh_wait_adverts 1 4 5 "$T_DROP" || fail "host 1 stopped advertising after the flood"
T_FLOOD_END=$(vh_now)
vh_cap_stop

step "advert spacing"
vh_check_interval 1 "$T0" "$T_HANG_END" 0.5
vh_check_interval 1 "$T_FLOOD" "$T_FLOOD_END" 0.5
vh_check_checksums

step "STOP notifications: waited for, a second at most"
T_TERM=$(vh_now)
vh_term 1
wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "host 1 did not stop"
T_GONE=$(vh_now)
_vh_set 1 DEAD 1
[ -e "$D/stop-done" ] || fail "the quick notify_stop script did not finish before the exit"
grep -q 'notify_stop script (pid [0-9]*) still running after 1000 ms, terminating it' "$LOG" ||
	fail "the hanging STOP script was not reported"
STOP_S=$(vh_diff "$T_GONE" "$T_TERM")
echo "SIGTERM to exit: $STOP_S s"
awk -v t="$STOP_S" 'BEGIN { exit !(t >= 0.95 && t < 2.5) }' || fail "stop took $STOP_S s"
echo "PASS: vrrp_track_timing"
