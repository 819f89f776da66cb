#!/bin/sh
# BFD (bfd_instance, track_bfd) against other implementations, IPv4 and
# IPv6 at 100 ms x 3: our daemon in one namespace, the peer in another,
# one veth between them (each session with its source_ip: without it, the
# kernel may pick a VIP in the same prefix as the source, which the peer
# does not know). Our two sessions must come Up; VI_4 tracks b4 and
# VI_6's sync group tracks b6, unweighted: each then becomes Master alone
# and holds its VIP; VI_W tracks b4 with weight 20 (priority 100 + 20).
# The peer's BFD is stopped (SIGSTOP): VI_4 and VI_6 go to FAULT and drop
# their VIPs, VI_W stays Master at 100; it resumes (SIGCONT): the sessions
# come back Up and so do the instances. Then a reload that changes b4's
# min_tx must keep both sessions Up (a Poll Sequence, no FAULT). Peers, in
# turn (and last, -B against the keepalived peer):
#   - FRR's bfdd (8.x), which insists on hop limit 255 (RFC 5881): our
#     IPv6 instance sets hoplimit 255;
#   - keepalived 2.2.7's BFD child process, both sides at keepalived's
#     default IPv6 hop limit, 64.
# A peer that is not installed is skipped; with neither the test skips (77).
# Needs root. No durations are asserted beyond the deadlines of the waits.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init bfd_interop
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
KA=${VH_KA:-/usr/sbin/keepalived}
FRR=${VH_FRR:-/usr/lib/frr}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
have_frr=
[ -x "$FRR/bfdd" ] && id frr >/dev/null 2>&1 && have_frr=1
have_ka=
[ -x "$KA" ] && have_ka=1
if [ -z "$have_frr$have_ka" ]; then
	echo "SKIP: neither FRR's bfdd nor keepalived is installed"
	exit 77
fi

KEEPALIVECTL=${KEEPALIVECTL:-$(dirname "$KEEPALIVED")/keepalivectl}
[ -x "$KEEPALIVECTL" ] || fail "$KEEPALIVECTL is not built"

# A stopped peer must see SIGCONT before lib_cleanup's SIGTERM.
STOPPED=
trap '_rc=$?; [ -n "$STOPPED" ] && kill -CONT $STOPPED 2>/dev/null; (exit $_rc); lib_cleanup' EXIT

A=it-$$-bfda
B=it-$$-bfdb
ns_create "$A"
ns_create "$B"
ns_veth "$A" a0 b0 "$B"
ip -n "$A" addr add 198.18.7.1/24 dev a0 || fail "address"
ip -n "$B" addr add 198.18.7.2/24 dev b0 || fail "address"
ip -n "$A" addr add fd00:7::1/64 dev a0 nodad || fail "address"
ip -n "$B" addr add fd00:7::2/64 dev b0 nodad || fail "address"

# Our configuration: $1 is the IPv6 session's hoplimit line (or nothing),
# $2 b4's min_tx (default 100).
ours_conf() {
	cat <<EOF
global_defs {
    bfd_rt_priority 7
}
bfd_instance b4 {
    neighbor_ip 198.18.7.2
    source_ip 198.18.7.1
    min_rx 100
    min_tx ${2:-100}
    multiplier 3
}
bfd_instance b6 {
    neighbor_ip fd00:7::2
    source_ip fd00:7::1
    min_rx 100
    min_tx 100
    multiplier 3
    $1
}
vrrp_instance VI_4 {
    interface a0
    state BACKUP
    virtual_router_id 51
    version 3
    priority 100
    advert_int 0.5
    virtual_ipaddress {
        198.18.7.100/24
    }
    track_bfd {
        b4
    }
}
vrrp_instance VI_6 {
    interface a0
    state BACKUP
    virtual_router_id 52
    priority 100
    advert_int 0.5
    virtual_ipaddress {
        fd00:7::100/64
    }
}
vrrp_sync_group G6 {
    group {
        VI_6
    }
    track_bfd {
        b6
    }
}
vrrp_instance VI_W {
    interface a0
    state BACKUP
    virtual_router_id 53
    version 3
    priority 100
    advert_int 0.5
    virtual_ipaddress {
        198.18.7.101/24
    }
    track_bfd {
        b4 weight 20
    }
}
EOF
}

# VI_W's state and effective priority are $1 and $2 (keepalivectl status).
vi_w_is() {
	"$KEEPALIVECTL" --socket "$CTL" status 2>/dev/null |
		awk -v s="$1" -v p="$2" '$1 == "VI_W" && $4 == s && $5 == "100/" p { ok = 1 }
			END { exit !ok }'
}

vips_present() {
	_a=$(ip -n "$A" addr show dev a0)
	case $_a in *198.18.7.100/24*) ;; *) return 1 ;; esac
	case $_a in *fd00:7::100/64*) return 0 ;; esac
	return 1
}

vips_absent() {
	_a=$(ip -n "$A" addr show dev a0)
	case $_a in *198.18.7.100/* | *fd00:7::100/*) return 1 ;; esac
	return 0
}

count() { # PATTERN FILE
	grep -cF -- "$1" "$2"
}

more_than() { # N PATTERN FILE
	[ "$(count "$2" "$3")" -gt "$1" ]
}

both_up() { # LOG
	grep -qF "(b4) Entering Up state" "$1" && grep -qF "(b6) Entering Up state" "$1"
}

# scenario NAME PEER_BFD_PID HOPLIMIT_LINE: the Up / Fault / back cycle against a
# running peer, then a reload.
scenario() {
	_log=$LIB_TMP/ours-$1.log
	wait_for 10 both_up "$_log" || fail "$1: our BFD sessions did not come Up"
	step "$1: both sessions Up"
	grep -qF "VRRP_Instance(VI_4) Tracked BFD instance b4 is UP" "$_log" ||
		fail "$1: no 'Tracked BFD instance b4 is UP' line"
	wait_for 8 vips_present || fail "$1: the instances did not take their VIPs"
	wait_for 5 vi_w_is MASTER 120 || fail "$1: VI_W is not Master at 100 + 20"
	step "$1: VI_4 and VI_6 (sync group G6) Master with their VIPs, VI_W at 100 + 20"
	"$KEEPALIVECTL" --socket "$CTL" stats --json >"$LIB_TMP/stats.json" ||
		fail "$1: keepalivectl stats"
	python3 - "$LIB_TMP/stats.json" <<'PY' || fail "$1: stats --json: $(cat "$LIB_TMP/stats.json")"
import json, sys
bfd = json.load(open(sys.argv[1]))["bfd"]
s = {x["name"]: x for x in bfd["sessions"]}
for n in ("b4", "b6"):
    assert s[n]["state"] == "Up" and s[n]["remote_state"] == "Up", s[n]
    assert s[n]["tx_interval_us"] == 100000 and s[n]["detect_time_us"] == 300000, s[n]
    assert s[n]["rx"] > 0 and s[n]["tx"] > 0 and s[n]["remote_discr"] != 0, s[n]
assert bfd["rx"] > 0 and bfd["drops"]["ttl"] == 0, bfd
PY
	"$KEEPALIVECTL" --socket "$CTL" metrics | grep -qx 'keepalived_vrrp_bfd_session_up{name="b4"} 1' ||
		fail "$1: no keepalived_vrrp_bfd_session_up 1 for b4 in the metrics"
	kill -USR1 "$OURS"
	wait_for 3 grep -qx "     b4 weight 20" "$LIB_TMP/dump-$1/keepalived.data" ||
		fail "$1: keepalived.data has no track_bfd line for VI_W"
	grep -qx "   Tracked BFDs :" "$LIB_TMP/dump-$1/keepalived.data" ||
		fail "$1: keepalived.data has no 'Tracked BFDs' list"
	_f4=$(count "(VI_4) Entering FAULT STATE" "$_log")
	_f6=$(count "(VI_6) Entering FAULT STATE" "$_log")
	_d4=$(count "(b4) Entering Down state (Local diagnostic - Control Detection Time Expired" \
		"$_log")
	kill -STOP "$2" || fail "$1: SIGSTOP $2"
	STOPPED=$2
	wait_for 5 vips_absent || fail "$1: the VIPs stayed while the peer's BFD was stopped"
	wait_for 2 more_than "$_f4" "(VI_4) Entering FAULT STATE" "$_log" ||
		fail "$1: VI_4 did not enter FAULT"
	wait_for 2 more_than "$_f6" "(VI_6) Entering FAULT STATE" "$_log" ||
		fail "$1: VI_6 did not enter FAULT"
	more_than "$_d4" "(b4) Entering Down state (Local diagnostic - Control Detection Time Expired" \
		"$_log" || fail "$1: b4 did not expire"
	grep -qF "VRRP_Instance(VI_6) Tracked BFD instance b6 is DOWN" "$_log" ||
		fail "$1: no 'Tracked BFD instance b6 is DOWN' line"
	wait_for 2 vi_w_is MASTER 100 || fail "$1: VI_W did not drop to priority 100"
	step "$1: peer stopped: both instances FAULT, VIPs removed; VI_W Master at 100"
	kill -CONT "$2"
	STOPPED=
	wait_for 10 vips_present || fail "$1: the instances did not come back after the peer resumed"
	wait_for 2 vi_w_is MASTER 120 || fail "$1: VI_W did not return to 100 + 20"
	step "$1: peer resumed: sessions Up, VIPs back, VI_W at 120"
	# A reload that slows b4 down keeps both sessions Up: a Poll Sequence,
	# no FAULT, no Down.
	_f4=$(count "(VI_4) Entering FAULT STATE" "$_log")
	_f6=$(count "(VI_6) Entering FAULT STATE" "$_log")
	_dn=$(count "Entering Down state" "$_log")
	_p4=$(count "(b4) Starting poll sequence" "$_log")
	_rc=$(count "Reload complete" "$_log")
	ours_conf "$3" 200 >"$LIB_TMP/ours-$1.conf"
	kill -HUP "$OURS"
	wait_for 5 more_than "$_rc" "Reload complete" "$_log" || fail "$1: the reload did not finish"
	grep -qF "BFD: 2 sessions kept across the reload" "$_log" ||
		fail "$1: the reload did not keep the BFD sessions"
	wait_for 3 more_than "$_p4" "(b4) Starting poll sequence" "$_log" ||
		fail "$1: no Poll Sequence for b4's new min_tx"
	if [ "$(count "(VI_4) Entering FAULT STATE" "$_log")" != "$_f4" ] ||
		[ "$(count "(VI_6) Entering FAULT STATE" "$_log")" != "$_f6" ] ||
		[ "$(count "Entering Down state" "$_log")" != "$_dn" ]; then
		fail "$1: the reload took a session or an instance down"
	fi
	vips_present || fail "$1: the reload dropped a VIP"
	step "$1: reload with a new min_tx: sessions kept Up (Poll Sequence), no FAULT"
}

ours_start() { # NAME HOPLIMIT_LINE
	ours_conf "$2" >"$LIB_TMP/ours-$1.conf"
	mkdir -p "$LIB_TMP/dump-$1"
	# TMPDIR: where SIGUSR1 writes keepalived.data.
	daemon_start_bg "$A" "$LIB_TMP/ours-$1.log" env TMPDIR="$LIB_TMP/dump-$1" "$KEEPALIVED" -n -l -D \
		-f "$LIB_TMP/ours-$1.conf" -p "$LIB_TMP/ours-$1.pid" -r "$LIB_TMP/ours-$1-vrrp.pid" \
		-b "$LIB_TMP/ours-$1-bfd.pid" --control-socket="$LIB_TMP/ours-$1.ctl"
	OURS=$LIB_LAST_PID
	CTL=$LIB_TMP/ours-$1.ctl
	# BFD runs in the VRRP process: bfd_rt_priority applies to it.
	wait_for 5 rt_priority_is 7 || fail "$1: bfd_rt_priority 7 not applied: $(chrt -p "$OURS")"
}

rt_priority_is() { # PRIORITY: the scheduling of our daemon
	chrt -p "$OURS" 2>/dev/null | grep -q "current scheduling priority: $1\$"
}

if [ -n "$have_frr" ]; then
	step "FRR bfdd as the peer"
	D=$LIB_TMP/frr
	mkdir -p "$D"
	cat >"$D/bfdd.conf" <<'EOF'
hostname it-bfd
log stdout debugging
debug bfd peer
!
bfd
 peer 198.18.7.1 local-address 198.18.7.2
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 !
 peer fd00:7::1 local-address fd00:7::2
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 !
!
EOF
	# FRR drops to user frr.
	chmod 0711 "$LIB_TMP"
	chown -R frr:frr "$D" || fail "chown $D"
	daemon_start_bg "$B" "$LIB_TMP/frr-bfdd.log" "$FRR/bfdd" -f "$D/bfdd.conf" \
		-i "$D/bfdd.pid" --vty_socket "$D" --bfdctl "$D/bfdd.sock" -z "$D/zserv.api" \
		-u frr -g frr -A 127.0.0.1 --log stdout
	PEER=$LIB_LAST_PID
	ours_start frr "hoplimit 255"
	scenario frr "$PEER" "hoplimit 255"
	grep -q "peer:198.18.7.1 .*-> up" "$LIB_TMP/frr-bfdd.log" ||
		fail "frr: bfdd never saw the IPv4 session Up"
	grep -q "peer:fd00:7::1 .*-> up" "$LIB_TMP/frr-bfdd.log" ||
		fail "frr: bfdd never saw the IPv6 session Up"
	daemon_stop "$OURS" 5 || fail "frr: our daemon did not stop"
	daemon_stop "$PEER" 5 || fail "frr: bfdd did not stop"
	rm -rf "/var/tmp/frr/bfdd.$PEER" 2>/dev/null
fi

if [ -n "$have_ka" ]; then
	step "keepalived 2.2.7 as the peer"
	cat >"$LIB_TMP/ka.conf" <<'EOF'
bfd_instance b4 {
    neighbor_ip 198.18.7.1
    source_ip 198.18.7.2
    min_rx 100
    min_tx 100
    multiplier 3
}
bfd_instance b6 {
    neighbor_ip fd00:7::1
    source_ip fd00:7::2
    min_rx 100
    min_tx 100
    multiplier 3
}
EOF
	daemon_start_bg "$B" "$LIB_TMP/ka.log" "$KA" -n -l -D -f "$LIB_TMP/ka.conf" \
		-p "$LIB_TMP/ka.pid" -r "$LIB_TMP/ka-vrrp.pid" -c "$LIB_TMP/ka-chk.pid" \
		-b "$LIB_TMP/ka-bfd.pid"
	KAPID=$LIB_LAST_PID
	wait_for 5 test -s "$LIB_TMP/ka-bfd.pid" || fail "keepalived: no BFD child"
	KABFD=$(pidfile_pid "$LIB_TMP/ka-bfd.pid")
	ours_start ka ""
	scenario ka "$KABFD" ""
	wait_for 5 grep -qF "(b6) Entering Up state" "$LIB_TMP/ka.log" ||
		fail "ka: keepalived never saw the IPv6 session Up"
	daemon_stop "$OURS" 5 || fail "ka: our daemon did not stop"
	# -B: no session runs (nothing on port 3784); VI_4 stays in FAULT, VI_W is
	# Master without the weight, as keepalived -B leaves them.
	ours_conf "" >"$LIB_TMP/ours-nobfd.conf"
	daemon_start_bg "$A" "$LIB_TMP/ours-nobfd.log" "$KEEPALIVED" -n -l -B \
		-f "$LIB_TMP/ours-nobfd.conf" -p "$LIB_TMP/ours-nobfd.pid" \
		-r "$LIB_TMP/ours-nobfd-vrrp.pid" --control-socket="$LIB_TMP/ours-nobfd.ctl"
	OURS=$LIB_LAST_PID
	CTL=$LIB_TMP/ours-nobfd.ctl
	wait_for 8 vi_w_is MASTER 100 || fail "-B: VI_W is not Master at 100"
	rt_priority_is 0 || fail "-B: bfd_rt_priority applied with no BFD session: $(chrt -p "$OURS")"
	ip netns exec "$A" ss -Hlun | grep -q ':3784 ' && fail "-B: something listens on 3784"
	"$KEEPALIVECTL" --socket "$CTL" status | awk '$1 == "VI_4" && $4 == "FAULT" { ok = 1 }
		END { exit !ok }' || fail "-B: VI_4 is not in FAULT"
	grep -q "Entering Up state" "$LIB_TMP/ours-nobfd.log" && fail "-B: a session came Up"
	step "-B: no BFD socket, VI_4 FAULT, VI_W Master at 100"
	daemon_stop "$OURS" 5 || fail "-B: our daemon did not stop"
	daemon_stop "$KAPID" 5 || fail "ka: keepalived did not stop"
fi

echo "PASS: bfd_interop"
