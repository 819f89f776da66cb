#!/bin/sh
# Log lines and actions as keepalived 2.2.7's for a sync group whose member
# Master loses a tracked VIP (issue 11). One host, alone, runs Debian's
# keepalived, then ours, with -D: VI_1 and VI_2 in vrrp_sync_group G take
# Master; VI_1's VIP is deleted by hand. keepalived: VI_1 resigns (priority
# 0), VI_2 follows it without a "Syncing instances" line, the group's
# timers fire VI_2 first, and both take Master again. The lines of the two
# daemons must be the same, in the same order, and both VIPs must be back.
# The group tracks trk0 (198.18.9.1/24): keepalived's -D start-up lines
# name its addresses with eth0's ("Assigned address ..."), and the lines of
# keepalived's internals (Registering, one per GARP) are compared too.
# Needs root and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_track_lib.sh"

vh_init vrrp_log_sync
vh_need_keepalived
vt_wrap
V1=198.18.1.100 V2=198.18.1.101

conf() {
	printf 'global_defs {\n    router_id it_sync\n}\n'
	printf 'vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n'
	printf '    track_interface {\n        trk0\n    }\n}\n'
	for i in 1 2; do
		echo "vrrp_instance VI_$i {"
		echo "    state BACKUP"
		echo "    interface eth0"
		echo "    virtual_router_id 7$i"
		echo "    version 3"
		echo "    priority 150"
		echo "    advert_int 0.3"
		echo "    virtual_ipaddress {"
		echo "        198.18.1.10$((i - 1))/24"
		echo "    }"
		echo "}"
	done
}

lines() { # LOG
	sed -e 's/^[0-9.]* //' -e 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9]* [0-9:]* [0-9]*: //' "$1" |
		grep -E 'STATE|VIPs|Syncing|timeout|sent 0|removed from|Stopping|Registering|ssigned|Sending' |
		grep -v 'Registering DBus' | sed 's/fe80::[0-9a-f:]*/fe80::LL/'
}

# The group is Master again after the deletion: VI_2 logged MASTER twice.
_masters2() { [ "$(grep -c 'VI_2) Entering MASTER STATE' "$(vh_log 1)")" -ge 2 ]; }

_has_ll() { ip -n "$(vh_ns 1)" -6 addr show dev trk0 scope link | grep -q 'inet6 fe80'; }

run() { # KIND
	vh_topo 1
	ip -n "$(vh_ns 1)" link add trk0 type veth peer name trk0p || fail "trk0"
	ip -n "$(vh_ns 1)" addr add 198.18.9.1/24 dev trk0 || fail "trk0 address"
	{ ip -n "$(vh_ns 1)" link set trk0p up && ip -n "$(vh_ns 1)" link set trk0 up; } || fail "trk0 up"
	# Its link-local address is there before the start (DAD off): both daemons see it.
	wait_for 5 _has_ll || fail "no link-local address on trk0"
	conf | vt_conf 1
	step "$1: start"
	vh_start 1 "$1"
	vt_wait_holds 1 10 $V1 $V2 || fail "$1: the group did not take both VIPs"
	step "$1: VI_1's VIP deleted"
	ip -n "$(vh_ns 1)" addr del $V1/24 dev eth0 || fail "$1: addr del"
	wait_for 10 _masters2 || fail "$1: the group did not take Master again"
	vt_wait_holds 1 5 $V1 $V2 || fail "$1: the VIPs are not both back"
	vh_term 1
	wait_for 5 _lib_dead "$(_vh_get 1 PID)" || fail "$1: did not stop"
	_vh_set 1 DEAD 1
	lines "$(vh_log 1)" >"$LIB_TMP/$1.lines"
	vh_teardown
}

run ka
run ours
if ! cmp -s "$LIB_TMP/ka.lines" "$LIB_TMP/ours.lines"; then
	echo "--- keepalived 2.2.7 (-) and ours (+)"
	diff -u "$LIB_TMP/ka.lines" "$LIB_TMP/ours.lines"
	fail "log lines differ"
fi
sed 's/^/    /' "$LIB_TMP/ours.lines"
echo "PASS: vrrp_log_sync"
