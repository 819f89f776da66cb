#!/bin/bash
# vrf VRF_IF (issue 11), in the UML guest (which ships vrf.ko; this
# machine's kernel may not): an instance without interface, bound to VRF
# blue, whose only route to its peer is in blue's table.
#   A: VI_1 without interface, vrf blue, unicast 198.18.44.1 -> .2,
#      priority 150, VIP 198.18.44.100/24 dev v0 (v0 enslaved to blue);
#   B: VI_1 on v1, unicast .2 -> .1, priority 100.
# Asserted: A Master with its VIP on v0, B Backup and hearing A's adverts
# (sent through blue: the main table has no route to B); A's SIGUSR1 dump
# says "VRF = blue"; A stopped: B Master. Without the socket bound to blue A's adverts cannot leave.
# The source of a unicast instance on a slave of blue, as keepalived 2.2.7
# binds it (measured in this guest): A's VI_2 on v0 with unicast_src_ip
# 198.18.45.1, held by w0 outside blue, stays in Fault with keepalived's
# "bind unicast_src 198.18.45.1 failed 99 - Cannot assign requested address"
# (after file:line) and "src address not configured"; A's VI_3 on v0 with
# 198.18.47.1, held by the VRF device blue itself, runs (Master: no peer
# answers).
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 90 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init vrrp_vrf
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
CTL=${KEEPALIVED%/*}/keepalivectl
modprobe vrf || g_fail "modprobe vrf"

cat >"$G_TMP/setup.ip" <<'IP'
netns add A
netns add B
link add v0 netns A type veth peer name v1 netns B
IP
ip -batch "$G_TMP/setup.ip" || g_fail "namespaces"
cat >"$G_TMP/a.ip" <<'IP'
link set lo up
link add blue type vrf table 10
link set blue up
link set v0 master blue
link set v0 up
addr add 198.18.44.1/24 dev v0
addr add 198.18.47.1/32 dev blue
link add w0 type veth peer name w0p
link set w0 up
link set w0p up
addr add 198.18.45.1/24 dev w0
IP
ip -n A -batch "$G_TMP/a.ip" || g_fail "VRF blue in A"
printf 'link set lo up\nlink set v1 up\naddr add 198.18.44.2/24 dev v1\n' >"$G_TMP/b.ip"
ip -n B -batch "$G_TMP/b.ip" || g_fail "v1 in B"

conf() { # HOST IFLINE SRC PEER PRIO VIPDEV
	cat >"$G_TMP/$1.conf" <<CONF
vrrp_instance VI_1 {
    state BACKUP
$2
    virtual_router_id 71
    version 3
    priority $5
    advert_int 0.5
    unicast_src_ip $3
    unicast_peer {
        $4
    }
    virtual_ipaddress {
        198.18.44.100/24$6
    }
}
CONF
}
conf a "    vrf blue" 198.18.44.1 198.18.44.2 150 " dev v0"
conf b "    interface v1" 198.18.44.2 198.18.44.1 100 ""
for i in 2:198.18.45.1 3:198.18.47.1; do
	cat >>"$G_TMP/a.conf" <<CONF
vrrp_instance VI_${i%%:*} {
    state BACKUP
    interface v0
    virtual_router_id 7${i%%:*}
    priority 150
    advert_int 0.5
    unicast_src_ip ${i#*:}
    unicast_peer {
        198.18.44.9
    }
    virtual_ipaddress {
        198.18.44.10${i%%:*}/24
    }
}
CONF
done

ka_start "$G_TMP/a.log" env TMPDIR="$G_TMP" ip netns exec A "$KEEPALIVED" -n -l -P -f "$G_TMP/a.conf" \
	-p "$G_TMP/a.pid" -r "$G_TMP/av.pid" --control-socket="$G_TMP/a.sock"
KA_A=$KA_PID
ka_start "$G_TMP/b.log" ip netns exec B "$KEEPALIVED" -n -l -P -f "$G_TMP/b.conf" \
	-p "$G_TMP/b.pid" -r "$G_TMP/bv.pid" --control-socket="$G_TMP/b.sock"
KA_B=$KA_PID

logged() { grep -qF "$2" "$G_TMP/$1.log"; }
a_vip() { ip -n A -br addr show dev v0 | grep -q "198.18.44.100/24"; }
# B's VI_1 has received more than $1 adverts.
b_rcvd_over() {
	local n
	n=$("$CTL" --socket "$G_TMP/b.sock" stats --json 2>/dev/null |
		python3 -c 'import json, sys
for i in json.load(sys.stdin)["instances"]:
    print(i["stats"]["advert_rcvd"])' 2>/dev/null)
	[ -n "$n" ] && [ "$n" -gt "$1" ]
}

g_step "A (vrf blue, no interface) Master, B Backup hearing it"
ip -n A route show table main | grep -q 198.18.44 && g_fail "a route to B in A's main table"
g_wait_for 15 logged a "(VI_1) Entering MASTER STATE" || g_fail "A not Master"
g_wait_for 10 a_vip || g_fail "A's VIP not on v0"
g_wait_for 10 b_rcvd_over 2 || g_fail "B hears no advert from A"
logged b "(VI_1) Entering MASTER STATE" && g_fail "B became Master"
# SIGUSR1: keepalived's data dump names the VRF, and no interface.
kill -USR1 "$KA_A" || g_fail "SIGUSR1"
dumped() { grep -q "^   VRF = blue$" "$G_TMP/keepalived.data" 2>/dev/null; }
g_wait_for 10 dumped || g_fail "no 'VRF = blue' in keepalived.data"
awk '/^ VRRP Instance = / { inst = $NF } inst == "VI_1" && /^   Interface = /' \
	"$G_TMP/keepalived.data" | grep -q . && g_fail "an interface for VI_1 in keepalived.data"

g_step "unicast_src_ip outside blue: Fault with keepalived's lines; on blue itself: runs"
g_wait_for 5 logged a "a.conf:22: bind unicast_src 198.18.45.1 failed 99 - Cannot assign requested address" ||
	g_fail "VI_2: no bind failure line naming a.conf:22"
logged a "(VI_2): entering FAULT state (src address not configured)" || g_fail "VI_2: no Fault line"
g_wait_for 10 logged a "(VI_3) Entering MASTER STATE" || g_fail "VI_3 (source on blue) not Master"
logged a "(VI_3) Entering FAULT" && g_fail "VI_3 in Fault"
logged a "(VI_2) Entering MASTER" && g_fail "VI_2 Master"

g_step "A stopped: B Master"
ka_stop "$KA_A" 10 || g_fail "A did not stop"
g_wait_for 10 logged b "(VI_1) Entering MASTER STATE" || g_fail "B not Master"
ka_stop "$KA_B" 10 || g_fail "B did not stop"
echo "PASS: vrrp_vrf"
