#!/bin/sh
# Self-fencing VIP leases (vip_lease auto), two of our daemons, v3 IPv4,
# advert_int 1 s, host 1 (150) Master, host 2 (100) Backup. Both hosts'
# addresses are polled every ~20 ms:
# - a healthy pair for 10 s: the Master holds the VIP in every sample, and
#   `ip monitor address` on it shows the lease renewals as address updates,
#   never a delete;
# - SIGSTOP of the Master for 6 s: the Backup takes over, the frozen
#   Master's VIP expires in the kernel; both hold it at most 1 s; after
#   SIGCONT the pair converges on one Master (host 1, the higher priority,
#   which reinstalls its VIP after the lease lapse), the other drops it;
# - kill -9 of the Master (its host stays up): the kernel removes its VIP,
#   both hold it at most 1 s (without a lease: forever).
# Measures durations (overlap); needs root (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_lease

vh_conf_instance() { echo "    vip_lease auto"; }

MAX_OVERLAP=1.0

# Poll both hosts: one line "TIME H1 H2" (1: holds the VIP) per sample.
poll_vips() { # FILE
	_ns1=$(vh_ns 1) _ns2=$(vh_ns 2) _vip=" $(vh_vip)/"
	LC_ALL=C bash -c '
		while :; do
			a=0; b=0
			[[ $(ip -n "$1" -o -4 addr show dev eth0 2>/dev/null) == *"$3"* ]] && a=1
			[[ $(ip -n "$2" -o -4 addr show dev eth0 2>/dev/null) == *"$3"* ]] && b=1
			printf "%s %s %s\n" "$EPOCHREALTIME" "$a" "$b"
		done' poll "$_ns1" "$_ns2" "$_vip" >"$1" &
	track_pid $!
	POLL_PID=$!
}

# The longest time both held the VIP among samples from FROM to TO (seconds).
overlap() { # FILE FROM TO
	awk -v from="$2" -v to="$3" '
		$1 < from || $1 > to { next }
		$2 == 1 && $3 == 1 { if (start == "") start = prev != "" ? prev : $1; last = $1; next }
		{ if (start != "") { d = $1 - start; if (d > max) max = d; start = "" } }
		{ prev = $1 }
		END {
			if (start != "") { d = last - start; if (d > max) max = d }
			printf "%.3f\n", max + 0
		}' "$1"
}

# Samples from FROM to TO in which host H did not hold the VIP.
missing() { # FILE H FROM TO
	awk -v h="$2" -v from="$3" -v to="$4" '
		$1 >= from && $1 <= to && $(h + 1) == 0 { n++ } END { print n + 0 }' "$1"
}

samples() { # FILE FROM TO
	awk -v from="$2" -v to="$3" '$1 >= from && $1 <= to { n++ } END { print n + 0 }' "$1"
}

le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

vh_params ver=3 fam=4 adv=1 nvip=2
vh_topo 2
vh_start 1 ours prio=150
vh_wait_backup_log 1 10 || fail "host 1 never logged BACKUP"
vh_start 2 ours prio=100
vh_wait_sole_vip 1 10 || fail "host 1 is not the only VIP holder"
ip -n "$(vh_ns 1)" -o addr show dev eth0 | grep " $(vh_vip)/" | grep -q "valid_lft [0-9]*sec" ||
	fail "host 1's VIP has no lifetime: $(ip -n "$(vh_ns 1)" -o addr show dev eth0)"
P=$LIB_TMP/poll
poll_vips "$P"

# Healthy pair ---------------------------------------------------------------------
step "healthy pair, 10 s"
M=$LIB_TMP/monitor
ip -n "$(vh_ns 1)" monitor address >"$M" 2>&1 &
track_pid $!
MON_PID=$!
T0=$(vh_now)
sleep 10
T1=$(vh_now)
kill "$MON_PID"
N=$(samples "$P" "$T0" "$T1")
[ "$N" -ge 50 ] || fail "healthy: only $N samples in 10 s"
[ "$(missing "$P" 1 "$T0" "$T1")" = 0 ] ||
	fail "healthy: the Master lacked the VIP in $(missing "$P" 1 "$T0" "$T1") of $N samples"
[ "$(missing "$P" 2 "$T0" "$T1")" = "$N" ] || fail "healthy: the Backup held the VIP"
grep -q "Deleted" "$M" && fail "healthy: ip monitor saw a delete: $(grep Deleted "$M" | head -3)"
R=$(grep -c " $(vh_vip)/" "$M")
[ "$R" -ge 5 ] || fail "healthy: only $R lease renewals of $(vh_vip) in 10 s (ip monitor)"
echo "healthy: $N samples, VIP always on the Master, $R renewals seen, no delete"

# SIGSTOP -------------------------------------------------------------------------
step "SIGSTOP of the Master for 6 s"
T_STOP=$(vh_now)
vh_sigstop 1
sleep 6
vh_sigcont 1
T_CONT=$(vh_now)
vh_wait_sole_vip 1 5 || fail "SIGSTOP: no single VIP holder after SIGCONT: $(vh_vip_holders)"
vh_wait_log 1 "VIP lease of .* ran out" 5 "$T_STOP" || fail "SIGSTOP: host 1 did not notice the lapse"
vh_wait_log 1 "VIPs reinstalled" 5 "$T_STOP" || fail "SIGSTOP: host 1 did not reinstall"
vh_wait_log 2 "Entering BACKUP STATE" 5 "$T_STOP" || fail "SIGSTOP: host 2 did not go back to BACKUP"
T_END=$(vh_now)
[ "$(missing "$P" 2 "$T_STOP" "$T_CONT")" != "$(samples "$P" "$T_STOP" "$T_CONT")" ] ||
	fail "SIGSTOP: host 2 never took the VIP over"
O=$(overlap "$P" "$T_STOP" "$T_END")
echo "SIGSTOP 6 s: both held the VIP for at most $O s"
le "$O" "$MAX_OVERLAP" || fail "SIGSTOP: both held the VIP for $O s (> $MAX_OVERLAP s)"
vh_wait_sole_vip 1 3 || fail "SIGSTOP: host 1 is not the only VIP holder"

# kill -9 -------------------------------------------------------------------------
step "kill -9 of the Master"
T_KILL=$(vh_now)
vh_kill9 1
wait_for 10 vh_holds_vip 2 || fail "kill -9: host 2 did not take the VIP"
_h1_gone() { ! ip -n "$(vh_ns 1)" -o addr show dev eth0 | grep -q " $(vh_vip)/"; }
wait_for 10 _h1_gone || fail "kill -9: the dead Master's VIP stayed (no lease expiry)"
sleep 0.1
T_END=$(vh_now)
O=$(overlap "$P" "$T_KILL" "$T_END")
echo "kill -9: both held the VIP for at most $O s"
le "$O" "$MAX_OVERLAP" || fail "kill -9: both held the VIP for $O s (> $MAX_OVERLAP s)"
kill "$POLL_PID"
echo "PASS: vrrp_lease"
