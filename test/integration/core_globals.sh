#!/bin/sh
# The global_defs keywords of keepalived/core/conf_globals.c, as they act on
# a running daemon (issue 11: none of them is "accepted, not acted on"):
# - umask: a file the daemon makes (reload_check_config's log) has the
#   mask of the configuration;
# - disable_local_igmp: net.ipv4.igmp_link_local_mcast_reports is 0 while
#   the daemon runs, back to 1 when it stops;
# - vrrp_rx_bufs_policy NUMBER: the VRRP socket's receive buffer (as the
#   kernel reports it back);
# - tmp_config_directory: a directory that cannot be written is reported;
# - data_use_instance: SIGUSR1 writes keepalived.INSTANCE.data;
# - log_unknown_vrids: an advert for a VRID we have no instance for is
#   logged (a second daemon on the LAN sends them);
# - reload_check_config LOG_FILE: a reload of a file with an error is
#   refused, the check's lines are in LOG_FILE, the daemon runs on;
# - reload_file: the file is gone once a reload has read the configuration;
# - config_save_dir: each load's file and the state around each reload;
# - fifo_write_vrrp_states_on_reload: a reload writes the state to the FIFO;
# - reload_time_file: a reload at the time the file holds, the file removed
#   (with reload_repeat: kept, and the same time tomorrow scheduled);
# - a Fault held by vrrp_track_process gives keepalived's reason
#   "(tracked process P quorum not achieved)", in the log and the status;
# - max_auto_priority: a loop stopped for 2.2 s (SIGSTOP) wakes up late and
#   the process becomes SCHED_RR.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init core_globals
lib_require_tools awk
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"

NS=core-gl-$$
NS2=core-gl2-$$
T=$LIB_TMP
ns_create "$NS"
ns_create "$NS2"
ns_veth "$NS" gl0 gl1 "$NS2"
ip -n "$NS" addr add 198.18.14.1/24 dev gl0 || fail "address"
ip -n "$NS2" addr add 198.18.14.2/24 dev gl1 || fail "address"
ip netns exec "$NS" sysctl -qw net.ipv4.igmp_link_local_mcast_reports=1 || fail "sysctl"
chmod 755 "$T"

# The FIFO's reader is the test's own, so that it outlives the reloads (a
# vrrp_notify_fifo_script reader is restarted by each reload).
mkfifo -m 600 "$T/fifo" || fail "mkfifo"
timeout 120 sh -c "while :; do cat '$T/fifo'; done >>'$T/fifo.out'" &
track_pid $!

conf() { # VRID [PREFIX LENGTH]
	cat <<EOF
instance gl$$
global_defs {
    umask IRGRP|IWGRP|IROTH|IWOTH
    disable_local_igmp
    vrrp_rx_bufs_policy 100000
    data_use_instance
    log_unknown_vrids
    reload_check_config $T/check.log
    reload_file $T/reload.flag
    reload_time_file $T/reload.time
    vrrp_notify_fifo $T/fifo
    fifo_write_vrrp_states_on_reload
    config_save_dir $T/saved
    tmp_config_directory $T/nonexistent
    max_auto_priority 5
    min_auto_priority_delay 1000000
}
vrrp_instance VI_1 {
    interface gl0
    virtual_router_id $1
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.14.100/${2:-32}
    }
}
EOF
}
conf 64 >"$T/k.conf"
# The other host: an instance with a VRID ours does not have, and one held
# in Fault by a tracked process (in a network namespace the kernel's process
# events cannot be had: tracked processes count as not running).
cat >"$T/peer.conf" <<EOF
vrrp_track_process nosuch {
    process gl-nosuch-$$
    weight 0
}
vrrp_instance VQ {
    interface gl1
    virtual_router_id 66
    priority 100
    advert_int 1
    track_process {
        nosuch
    }
    virtual_ipaddress {
        198.18.14.201/32
    }
}
vrrp_instance VP {
    interface gl1
    virtual_router_id 65
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.14.200/32
    }
}
EOF

step "-t: no warning"
ip netns exec "$NS" "$KEEPALIVED" -t -f "$T/k.conf" >"$T/t.log" 2>&1 || fail "-t: $(cat "$T/t.log")"
[ ! -s "$T/t.log" ] || fail "-t warned: $(cat "$T/t.log")"

step "start: IGMP reports, receive buffer"
TMPDIR=$T daemon_start_bg "$NS" "$T/k.log" "$KEEPALIVED" -n -l -f "$T/k.conf" \
	-p "$T/k.pid" -r "$T/k_vrrp.pid" --control-socket="$T/ctl.sock"
PID=$LIB_LAST_PID
wait_for 15 grep -q "Startup complete" "$T/k.log" || fail "no start: $(cat "$T/k.log")"
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/k.log" || fail "not Master"
[ "$(ip netns exec "$NS" sysctl -n net.ipv4.igmp_link_local_mcast_reports)" = 0 ] ||
	fail "igmp_link_local_mcast_reports not 0"
# The kernel's own figure, read back: it doubles what it is given.
grep -q "gl0: VRRP receive buffer 200000 bytes" "$T/k.log" || fail "no 200000-byte receive buffer"

grep -q "Cannot open config directory $T/nonexistent for writing" "$T/k.log" ||
	fail "tmp_config_directory: no warning about a missing directory"

step "data_use_instance: SIGUSR1"
kill -USR1 "$PID"
wait_for 5 test -s "$T/keepalived.gl$$.data" || fail "no $T/keepalived.gl$$.data: $(ls "$T")"

step "log_unknown_vrids: another host's VRID 65"
daemon_start_bg "$NS2" "$T/peer.log" "$KEEPALIVED" -n -l -D -f "$T/peer.conf" \
	-p "$T/p.pid" -r "$T/p_vrrp.pid" --control-socket="$T/ctl2.sock"
PEER=$LIB_LAST_PID
wait_for 10 grep -q "Unknown VRID(65) received on interface(gl0). ignoring... (from 198.18.14.2)" \
	"$T/k.log" || fail "no unknown-VRID line"
grep -q "Unknown VRID(66)" "$T/k.log" && fail "VQ in Fault sent adverts"
# The Fault's reason names the tracked process, in the log (-D) and the status.
grep -q "(VQ) entering FAULT state (tracked process nosuch quorum not achieved)" "$T/peer.log" ||
	fail "no Fault reason line"
"${KEEPALIVECTL:-${top_builddir:-.}/keepalived/keepalivectl}" --socket "$T/ctl2.sock" status \
	>"$T/peer.status" 2>&1 || fail "keepalivectl status: $(cat "$T/peer.status")"
grep "^VQ " "$T/peer.status" | grep -q "tracked process nosuch quorum not achieved" ||
	fail "status reason: $(cat "$T/peer.status")"
daemon_stop "$PEER" 8 || fail "the peer did not stop"

step "reload_check_config: a file with an error is not loaded"
conf 64 33 >"$T/k.conf"
wait_for 5 grep -q "fifo_write\|INSTANCE" "$T/fifo.out" || fail "no FIFO line at start"
kill -HUP "$PID"
wait_for 10 grep -q "reload_check_config: .* has errors" "$T/k.log" || fail "no refusal"
grep -q "prefix length .33." "$T/check.log" || fail "the check's log lacks the error: $(cat "$T/check.log")"
pid_alive "$PID" || fail "the daemon died"
# umask: the log file was made by the daemon (0666 asked for).
[ "$(stat -c %a "$T/check.log")" = 600 ] || fail "mode $(stat -c %a "$T/check.log"), not 600"
ip -n "$NS" addr show gl0 | grep -q 198.18.14.100 || fail "the VIP went"

step "reload_file and fifo_write_vrrp_states_on_reload"
conf 64 >"$T/k.conf"
echo updating >"$T/reload.flag"
FIFO_LINES=$(wc -l <"$T/fifo.out")
kill -HUP "$PID"
wait_for 10 grep -q "Reload complete" "$T/k.log" || fail "no reload"
[ ! -e "$T/reload.flag" ] || fail "the reload file is still there"
wait_for 5 awk -v n="$FIFO_LINES" 'END { exit !(NR > n) }' "$T/fifo.out" ||
	fail "no state on the FIFO after the reload: $(cat "$T/fifo.out")"
tail -1 "$T/fifo.out" | grep -q 'INSTANCE "VI_1" MASTER 100' ||
	fail "FIFO line $(tail -1 "$T/fifo.out")"
# config_save_dir: the file of each load, the state around each reload (the
# refused one counted too, as keepalived numbers them).
for f in keepalived.conf.$PID.0 keepalived.conf.$PID.2 keepalived_vrrp.$PID.2.pre \
	keepalived_vrrp.$PID.2.post; do
	[ -s "$T/saved/$f" ] || fail "config_save_dir: no $f: $(ls "$T/saved")"
done
grep -q "VI_1" "$T/saved/keepalived_vrrp.$PID.2.post" || fail "no instance in the saved state"

reloads_past() { # N: more than N reloads have completed
	[ "$(grep -c "Reload complete" "$T/k.log")" -gt "$1" ]
}

step "reload_time_file: a reload at the time it holds"
RELOADS=$(grep -c "Reload complete" "$T/k.log")
date -d '+2 seconds' +%H:%M:%S >"$T/reload.time"
wait_for 10 grep -q "reload_time_file .*: scheduled reload" "$T/k.log" ||
	fail "no scheduled reload"
wait_for 5 reloads_past "$RELOADS" ||
	fail "the scheduled reload did not complete"
[ ! -e "$T/reload.time" ] || fail "the time file is still there"
# reload_repeat: the file stays, and the same time is scheduled for tomorrow.
sed -i 's|^    reload_time_file .*|&\n    reload_repeat|' "$T/k.conf"
kill -HUP "$PID"
wait_for 10 reloads_past $((RELOADS + 1)) ||
	fail "no reload with reload_repeat"
date -d '+2 seconds' +%H:%M:%S >"$T/reload.time"
wait_for 10 reloads_past $((RELOADS + 2)) ||
	fail "the scheduled reload (reload_repeat) did not complete"
wait_for 5 grep -q "reload_time_file .*: reload scheduled in 86[34][0-9][0-9] s" "$T/k.log" ||
	fail "not scheduled again for tomorrow"
[ -e "$T/reload.time" ] || fail "reload_repeat: the time file was removed"

step "max_auto_priority: a late loop becomes real-time"
[ "$(sed 's/.*) //' "/proc/$PID/stat" | awk '{ print $39 }')" = 0 ] || fail "real-time already"
kill -STOP "$PID"
sleep 2.2
kill -CONT "$PID"
wait_for 5 grep -q "setting real-time priority 1" "$T/k.log" || fail "no priority line"
[ "$(sed 's/.*) //' "/proc/$PID/stat" | awk '{ print $39 }')" = 2 ] || fail "not SCHED_RR"

step "stop: IGMP reports back"
daemon_stop "$PID" 8 || fail "did not stop"
[ "$(ip netns exec "$NS" sysctl -n net.ipv4.igmp_link_local_mcast_reports)" = 1 ] ||
	fail "igmp_link_local_mcast_reports not restored"

echo "PASS: core_globals"
