#!/bin/sh
# The advert phase grid (vrrp_fsm.h): instances of one advert interval move
# their adverts onto a shared grid (by at most 1 % of the interval per
# advert) so that they wake the process once and leave in one batch; an
# instance whose interval no other instance has keeps its own phase and
# sends exactly every interval, as keepalived does.
# - one instance, VRRPv2 at 2 s: every interval within 8 ms of 2 s (a 1 %
#   step would be 20 ms);
# - a second instance of the same interval (0.05 s) added by a reload at
#   an arbitrary phase: within 20 s (5 s of 1 % steps suffice) its adverts
#   leave within 2 ms of the first one's.
# Needs root and tcpdump (exit 77 otherwise). Bounds of milliseconds: run
# with at most one other test.
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_adver_grid
lib_require_tools tcpdump awk
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vag-$$
PEER=vagp-$$
T=$LIB_TMP
ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" v0 v1 "$PEER"
ip -n "$NS" addr add 198.18.44.1/24 dev v0 || fail "address on v0"

inst() { # NAME VRID VERSION INTERVAL
	cat <<CONF
vrrp_instance $1 {
    state MASTER
    interface v0
    version $3
    virtual_router_id $2
    priority 200
    advert_int $4
    virtual_ipaddress {
        198.18.44.$((100 + $2 - 60))/24
    }
}
CONF
}
start() { # CONF LOG
	daemon_start_bg "$NS" "$T/$2" "$KEEPALIVED" -n -l -P -f "$T/$1" \
		-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
	KA=$LIB_LAST_PID
}
capture() { # FILE SECONDS
	ip netns exec "$PEER" timeout "$2" tcpdump -l -n -tt -i v1 'ip proto 112' >"$T/$1" 2>/dev/null
}

step "a lone instance: adverts exactly every 2 s"
inst VI_1 61 2 2 >"$T/lone.conf"
start lone.conf lone.log
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/lone.log" || fail "no Master"
capture lone.txt 11
awk '$2 == "IP" { t = $1 + 0; if (n++) { d = (t - p - 2) * 1000; if (d < 0) d = -d
	if (d > m) m = d }; p = t } END { printf "%d %.1f\n", n, m }' "$T/lone.txt" >"$T/lone.res"
read -r n worst <"$T/lone.res"
[ "$n" -ge 5 ] || fail "only $n adverts in 11 s"
awk -v w="$worst" 'BEGIN { exit !(w <= 8) }' || fail "an interval $worst ms away from 2 s"
daemon_stop "$KA" 10 || fail "the daemon did not stop"

step "two instances of one interval: the second moves onto the first one's phase"
inst VI_1 61 3 0.05 >"$T/one.conf"
{
	inst VI_1 61 3 0.05
	inst VI_2 62 3 0.05
} >"$T/two.conf"
start one.conf grid.log
wait_for 10 grep -q "(VI_1) Entering MASTER STATE" "$T/grid.log" || fail "no Master"
cp "$T/two.conf" "$T/one.conf"
kill -HUP "$KA"
wait_for 10 grep -q "(VI_2) Entering MASTER STATE" "$T/grid.log" || fail "VI_2 no Master"
# For each advert of VRID 62 in a 1 s capture, the distance to the
# nearest advert of VRID 61: aligned when all but 2 are within 2 ms.
aligned() {
	capture grid.txt 1
	awk '$2 == "IP" { t = $1 + 0; if ($0 ~ /vrid 61/) a[na++] = t; else if ($0 ~ /vrid 62/) b[nb++] = t }
		END { for (i = 0; i < nb; i++) { m = 1; for (j = 0; j < na; j++) { d = b[i] - a[j]
			if (d < 0) d = -d; if (d < m) m = d }; if (m * 1000 > 2) far++ }
			printf "%d %d\n", nb, far + 0 }' "$T/grid.txt" >"$T/grid.res"
	read -r nb far <"$T/grid.res"
	[ "$nb" -ge 10 ] && [ "$far" -le 2 ]
}
# 100 adverts of 1 % steps (5 s) reach the grid.
wait_for 20 aligned || fail "VI_2 not on VI_1's phase: $far of $nb adverts more than 2 ms away"
daemon_stop "$KA" 10 || fail "the daemon did not stop"
step "PASS"
