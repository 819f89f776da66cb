#!/bin/sh
# Process names, scheduling and memory options, startup/shutdown scripts, as
# keepalived 2.2.7 does them (its VRRP child's settings apply to our one
# process from the moment VRRP starts):
# - process_name names the process while the startup script runs (the
#   script reads its parent's /proc/PPID/comm), vrrp_process_name once VRRP
#   runs (/proc/PID/comm);
# - vrrp_priority (nice, /proc/PID/stat field 19; keepalived sets it only
#   when not real-time), vrrp_rt_priority
#   (SCHED_RR at that priority: fields 40 and 41, and chrt, which asks
#   sched_getscheduler), vrrp_rlimit_rttime (RLIMIT_RTTIME half/whole as
#   keepalived sets it, /proc/PID/limits), vrrp_no_swap (VmLck > 0),
#   vrrp_cpu_affinity (Cpus_allowed_list); checker_* accepted without a
#   warning;
# - the startup script runs, and ends, before VRRP starts; the shutdown
#   script after VRRP stopped; a startup script that overruns its timeout is
#   killed with what it started, and the daemon starts anyway; a failing
#   shutdown script's status is logged.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init core_process
lib_require_tools awk
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"

NS=core-proc-$$
T=$LIB_TMP
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.12.1/24 dev ka0 || fail "address"

cat >"$T/start.sh" <<EOF
#!/bin/sh
cat /proc/\$PPID/comm >"$T/start.comm"
sleep 1
echo done >"$T/start.done"
EOF
cat >"$T/stop.sh" <<EOF
#!/bin/sh
echo stopped >"$T/stop.done"
EOF
cat >"$T/slow.sh" <<EOF
#!/bin/sh
echo \$\$ >"$T/slow.pid"
sleep 60
echo late >"$T/slow.late"
EOF
chmod 755 "$T/start.sh" "$T/stop.sh" "$T/slow.sh"
# The scripts' directory must be root's and not writable by others.
chmod 755 "$T"

cat >"$T/sched.conf" <<EOF
global_defs {
    router_id core_process
    process_name kp_main
    vrrp_process_name kp_vrrp
    checker_process_name kp_check
    vrrp_priority -5
    vrrp_rt_priority 10
    vrrp_rlimit_rttime 200000
    vrrp_no_swap
    vrrp_cpu_affinity 0
    checker_priority 3
    checker_rt_priority 5
    checker_rlimit_rttime 30000
    checker_no_swap
    checker_cpu_affinity 0
    startup_script $T/start.sh
    startup_script_timeout 5
    shutdown_script $T/stop.sh
    shutdown_script_timeout 5
}
vrrp_instance VI_1 {
    interface ka0
    virtual_router_id 62
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.12.100/32
    }
}
EOF

stat_field() { # PID N
	sed 's/.*) //' "/proc/$1/stat" | awk -v n="$2" '{ print $(n - 2) }'
}

step "-t: every keyword accepted without a warning"
# In the namespace that has its interface (else -t warns about it, as keepalived's).
ns_exec "$NS" "$KEEPALIVED" -t -f "$T/sched.conf" >"$T/t.log" 2>&1 ||
	fail "-t refused the configuration"
grep -q "not supported" "$T/t.log" && fail "-t warned: $(cat "$T/t.log")"

step "names, scheduling, memory, scripts"
daemon_start_bg "$NS" "$T/sched.log" "$KEEPALIVED" -n -l -f "$T/sched.conf" \
	--control-socket="$T/ctl.sock"
PID=$LIB_LAST_PID
wait_for 15 grep -q "Startup complete" "$T/sched.log" || fail "no start"
[ -s "$T/start.done" ] || fail "VRRP started before the startup script ended"
[ "$(cat "$T/start.comm")" = kp_main ] || fail "startup saw comm '$(cat "$T/start.comm")'"
[ "$(cat "/proc/$PID/comm")" = kp_vrrp ] || fail "comm is '$(cat "/proc/$PID/comm")'"
# keepalived leaves nice alone for a real-time process (checked below without it).
[ "$(stat_field "$PID" 19)" = 0 ] || fail "nice $(stat_field "$PID" 19) with SCHED_RR, not 0"
[ "$(stat_field "$PID" 41)" = 2 ] || fail "policy $(stat_field "$PID" 41), not SCHED_RR"
[ "$(stat_field "$PID" 40)" = 10 ] || fail "rt priority $(stat_field "$PID" 40), not 10"
if command -v chrt >/dev/null 2>&1; then
	chrt -p "$PID" | grep -q "SCHED_RR" || fail "chrt: $(chrt -p "$PID")"
fi
awk '/^Max realtime timeout/ { print $4, $5 }' "/proc/$PID/limits" >"$T/rttime"
[ "$(cat "$T/rttime")" = "100000 200000" ] || fail "RLIMIT_RTTIME $(cat "$T/rttime")"
VMLCK=$(awk '/^VmLck:/ { print $2 }' "/proc/$PID/status")
[ "${VMLCK:-0}" -gt 0 ] || fail "nothing locked (VmLck ${VMLCK:-none})"
[ "$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$PID/status")" = 0 ] ||
	fail "Cpus_allowed_list $(grep Cpus_allowed_list "/proc/$PID/status")"
RUN=$(grep -n "Running startup script" "$T/sched.log" | head -1 | cut -d: -f1)
OK=$(grep -n "startup script script succeeded" "$T/sched.log" | head -1 | cut -d: -f1)
VRRP=$(grep -n "(VI_1) Entering" "$T/sched.log" | head -1 | cut -d: -f1)
[ -n "$RUN" ] && [ -n "$OK" ] && [ -n "$VRRP" ] && [ "$RUN" -lt "$OK" ] && [ "$OK" -lt "$VRRP" ] ||
	fail "startup script lines out of order"
[ ! -e "$T/stop.done" ] || fail "shutdown script ran at start"
daemon_stop "$PID" 8 || fail "did not stop"
[ -s "$T/stop.done" ] || fail "no shutdown script"
grep -q "shutdown script script succeeded" "$T/sched.log" || fail "no shutdown script line"

step "a startup script past its timeout is killed; a failing shutdown script is logged"
sed -e "s|startup_script $T/start.sh|startup_script $T/slow.sh|" \
	-e 's/startup_script_timeout 5/startup_script_timeout 1/' -e '/vrrp_rt_priority/d' \
	-e "s|shutdown_script $T/stop.sh|shutdown_script \"/bin/sh -c 'exit 3'\"|" \
	"$T/sched.conf" >"$T/slow.conf"
START=$(date +%s)
daemon_start_bg "$NS" "$T/slow.log" "$KEEPALIVED" -n -l -f "$T/slow.conf" \
	--control-socket="$T/ctl2.sock"
PID=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/slow.log" || fail "no start after a slow script"
[ $(($(date +%s) - START)) -le 6 ] || fail "waited too long for the startup script"
grep -q "startup script timed out" "$T/slow.log" || fail "no timeout line"
[ "$(stat_field "$PID" 19)" = -5 ] || fail "nice $(stat_field "$PID" 19), not -5"
[ "$(stat_field "$PID" 41)" = 0 ] || fail "policy $(stat_field "$PID" 41) without vrrp_rt_priority"
SLOW=$(cat "$T/slow.pid")
wait_for 2 _lib_dead "$SLOW" || fail "the overrunning script still runs"
daemon_stop "$PID" 8 || fail "did not stop"
grep -q "shutdown script script failed, status 3" "$T/slow.log" || fail "no failure status"
[ ! -e "$T/slow.late" ] || fail "the killed script went on"

echo "PASS: core_process"
