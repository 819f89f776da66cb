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
grep -q "^   Interface = " "$G_TMP/keepalived.data" && g_fail "an interface in keepalived.data"

g_step "A stopped: B Master"
ka_stop "$KA_A" 10 || g_fail "A did not stop"
g_wait_for 10 logged b "(VI_1) Entering MASTER STATE" || g_fail "B not Master"
ka_stop "$KA_B" 10 || g_fail "B did not stop"
echo "PASS: vrrp_vrf"
