#!/bin/sh
# garp_master_delay across a short loss of Master, our daemon against
# Debian's keepalived 2.2.7, timed with tcpdump. keepalived starts the
# delayed burst's timer at each move to Master and never cancels it: a
# Master that goes to Fault 1 s after taking over (tracked interface down)
# and is Master again 0.5 s + Master_Down_Interval later still sends the
# first term's delayed burst, garp_master_delay (5 s) after the first
# takeover, then the second term's. Bursts of gratuitous ARPs expected at
# 0, ~3.3, 5 and ~8.3 s from the first; both daemons must give the same
# bursts within 0.4 s.
# One instance (VRRPv3, 0.5 s, priority 100) on a veth in a namespace.
# Needs root, tcpdump and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/cmp_lib.sh"

lib_init vrrp_garp_master_delay
lib_require_tools tcpdump awk
cmp_init

conf() {
	echo "global_defs {"
	echo "    router_id gmd"
	echo "}"
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    version 3"
	echo "    priority 100"
	echo "    advert_int 0.5"
	echo "    garp_master_delay 5"
	printf '    track_interface {\n        trk0\n    }\n'
	echo "    virtual_ipaddress {"
	echo "        198.18.5.100/24"
	echo "    }"
	echo "}"
}

garps() { [ -s "$1/cap" ] && grep -c 'ARP' "$1/cap" || echo 0; }
garps_at_least() { [ "$(garps "$1")" -ge "$2" ]; }

# The bursts' times from the first message, one a line (messages 0.5 s apart or more start a burst).
bursts() {
	awk '/ARP/ { t = $1 + 0; if (n == 0) t0 = t; if (n == 0 || t - last > 0.5) printf "%.3f\n", t - t0; last = t; n++ }' "$1/cap"
}

run() { # KIND
	d=$LIB_TMP/$1
	mkdir -p "$d"
	ns=it-gmd-$$-$1
	ns_create "$ns"
	ns_veth "$ns" eth0 eth0p
	ns_veth "$ns" trk0 trk0p
	ip -n "$ns" addr add 198.18.5.1/24 dev eth0 || fail "address in $ns"
	ip netns exec "$ns" tcpdump -l -n -tt -i eth0p arp >"$d/cap" 2>"$d/cap.err" &
	track_pid $!
	wait_for 10 grep -qs 'listening on' "$d/cap.err" || fail "$1: tcpdump not listening"
	conf >"$d/keepalived.conf"
	bin=$(cmp_bin "$1")
	daemon_start_bg "$ns" "$d/log" "$bin" -n -l -P -f "$d/keepalived.conf" \
		-p "$d/pid" -r "$d/vpid"
	wait_for 15 garps_at_least "$d" 1 || fail "$1: never Master"
	sleep 1
	ip -n "$ns" link set trk0 down || fail "trk0 down"
	wait_for 5 has_line "$d" 'Entering FAULT STATE' || fail "$1: no Fault"
	sleep 0.5
	ip -n "$ns" link set trk0 up || fail "trk0 up"
	# Every burst of 5 messages: the four expected, or the time for them.
	wait_for 14 garps_at_least "$d" 20 || :
	sleep 1 # a fifth burst, were there one
	daemon_stop "$(cat "$d/pid")" 5 || fail "$1: did not stop"
	bursts "$d" >"$d/bursts"
	ip netns del "$ns"
}

step ka
run ka
step ours
run ours
printf 'keepalived: %s\nours: %s\n' "$(tr '\n' ' ' <"$LIB_TMP/ka/bursts")" \
	"$(tr '\n' ' ' <"$LIB_TMP/ours/bursts")"
[ "$(wc -l <"$LIB_TMP/ka/bursts")" = "$(wc -l <"$LIB_TMP/ours/bursts")" ] ||
	fail "not as many bursts as keepalived 2.2.7"
paste "$LIB_TMP/ka/bursts" "$LIB_TMP/ours/bursts" |
	awk '{ d = $1 - $2; if (d < 0) d = -d; if (d > 0.4) exit 1 }' ||
	fail "bursts more than 0.4 s from keepalived's"
# What keepalived 2.2.7 showed, checked as such: the first term's delayed burst.
awk '$1 > 4.6 && $1 < 5.4 { f = 1 } END { exit !f }' "$LIB_TMP/ours/bursts" ||
	fail "no burst garp_master_delay after the first takeover"
[ "$(wc -l <"$LIB_TMP/ours/bursts")" = 4 ] || fail "not four bursts"
echo PASS
