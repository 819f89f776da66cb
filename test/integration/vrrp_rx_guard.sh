#!/bin/sh
# What a stray or hostile host on the LAN can no longer do to our daemon
# (issue 10 items 1, 2 and 5). Host 1 runs ours; host 2 has no daemon: it is
# the AH verifier (ah_probe) and the sender of plain adverts (vrrp_sender).
#  1. auth_type AH Master: plain protocol-112 adverts for its VRID with
#     priority 254 and auth type 2 (no AH header) are dropped and counted as
#     ah_missing; it stays Master and keeps its VIP (keepalived 2.2.7 ignores
#     them too);
#  2. reload from PASS to AH: the restarted instance gets its AH socket and
#     sends AH adverts that ah_probe verifies, and ignores plain ones; a new
#     AH instance on a second interface does the same; a reload back to PASS
#     closes the AH sockets (no protocol-51 raw socket left);
#  5. VRRPv3 unicast with check_unicast_src and a peer TTL range: adverts in
#     keepalived <= 1.3.6's old checksum form from a non-peer, or from the
#     peer with a TTL outside its range, do not switch our checksum form; one
#     from the peer that passes every check does.
# Needs root, tcpdump and tshark (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init vrrp_rx_guard
ops_wrap_keepalived
SENDER=${VRRP_SENDER:-${top_builddir:-.}/test/integration/vrrp_sender}
AH_PROBE=${AH_PROBE:-${top_builddir:-.}/test/integration/ah_probe}
[ -x "$SENDER" ] || fail "$SENDER is not built"
[ -x "$AH_PROBE" ] || fail "$AH_PROBE is not built"
SECRET=ahsecret

# Host 1's configuration is whatever the scenario wrote into $RG_CONF.
RG_CONF=$LIB_TMP/next.conf
_vh_ka_conf() { cat "$RG_CONF"; }

# inst NAME IF VRID AUTH VIP [EXTRA...]: one instance block (AUTH: PASS or AH).
inst() {
	echo "vrrp_instance $1 {"
	echo "    state BACKUP"
	echo "    interface $2"
	echo "    virtual_router_id $3"
	echo "    version 2"
	echo "    priority 150"
	echo "    advert_int 1"
	echo "    authentication {"
	echo "        auth_type $4"
	echo "        auth_pass $SECRET"
	echo "    }"
	echo "    virtual_ipaddress {"
	echo "        $5/24"
	echo "    }"
	echo "}"
}

log_count() { # H ERE
	grep -Ec "$2" "$(vh_log "$1")"
}

# reload H: host H's configuration from $RG_CONF, SIGHUP, wait for it.
reload() {
	cp "$RG_CONF" "$VH_PFX-h$1.conf"
	_rl_ok=$(log_count "$1" 'Reload (complete|failed)')
	kill -HUP "$(_vh_get "$1" PID)" || fail "SIGHUP to host $1"
	wait_for 10 _reloaded "$1" $((_rl_ok + 1)) || fail "host $1: reload did not finish"
	grep -q 'Reload failed' "$(vh_log "$1")" && fail "host $1: reload failed"
	return 0
}
_reloaded() { [ "$(log_count "$1" 'Reload (complete|failed)')" -ge "$2" ]; }

has_addr() { # H IF ADDR
	ip -n "$(vh_ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -q " $3/"
}

# One of host H's stats counters (keepalivectl stats --json), summed over instances.
ctr() { # H NAME
	ops_ctl "$1" stats --json 2>/dev/null | tr ',{' '\n\n' |
		sed -n "s/.*\"$2\": *\\([0-9]*\\).*/\\1/p" | awk '{ n += $1 } END { print n + 0 }'
}
_stat_ge() { [ "$(ctr "$1" "$2")" -ge "$3" ]; }

# Raw sockets of IP protocol 51 in host H's namespace.
ah_sockets() { # H
	ip netns exec "$(vh_ns "$1")" cat /proc/net/raw | awk '$2 ~ /:0033$/' | wc -l
}
_ah_sockets_eq() { [ "$(ah_sockets "$1")" -eq "$2" ]; }

# plain IF SRC VRID PRIO AUTH COUNT: host 2 sends COUNT plain VRRPv2 adverts.
plain() {
	ip netns exec "$(vh_ns 2)" "$SENDER" "$1" 2 "$2" 224.0.0.18 - "$3" "$4" "$5" 255 \
		"$2" "$6" 50 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
}

# Host 1 (state S) holds ADDR on IF after COUNT plain priority-254 adverts
# without AH: all counted as ah_missing, no transition.
ignores_plain() { # LABEL IF SRC VRID ADDR
	_n0=$(ctr 1 ah_missing)
	_e0=$(log_count 1 'Entering')
	plain "$2" "$3" "$4" 254 ah 20
	# Counted means handled; on a daemon that does not count, 5 s is long enough too.
	_counted=1
	wait_for 5 _stat_ge 1 ah_missing $((_n0 + 20)) || _counted=
	has_addr 1 "$2" "$5" || fail "$1: host 1 lost $5 to plain adverts"
	[ "$(log_count 1 'Entering')" -eq "$_e0" ] ||
		fail "$1: host 1 changed state: $(grep Entering "$(vh_log 1)" | tail -n1)"
	[ -n "$_counted" ] ||
		fail "$1: plain adverts not counted as ah_missing ($(ctr 1 ah_missing) - $_n0)"
	grep -q 'dropped advert from .*ah_missing' "$(vh_log 1)" || fail "$1: no ah_missing log line"
	echo "$1: 20 plain priority-254 adverts ignored, counted as ah_missing"
}

# ah_verify LABEL IF VRID: ah_probe on host 2 accepts 3 AH adverts of VRID.
ah_verify() {
	rm -f "$LIB_TMP/probe.ready"
	if ! ip netns exec "$(vh_ns 2)" "$AH_PROBE" listen "$2" "$SECRET" "$3" 3 12000 \
		"$LIB_TMP/probe.ready" >"$LIB_TMP/probe-$3.log" 2>&1; then
		cat "$LIB_TMP/probe-$3.log"
		fail "$1: host 1's AH adverts were not verified"
	fi
	echo "$1: $(tail -n1 "$LIB_TMP/probe-$3.log")"
}

# RG_ONLY="1 5" runs some scenarios only (to check each against old code).
want() { case " ${RG_ONLY:-1 2 5} " in *" $1 "*) return 0 ;; esac; return 1; }

vh_params ver=2 fam=4 adv=1 nvip=1

if want 1; then
step "1. AH Master, plain adverts without AH"
vh_topo 2
inst VI_1 eth0 51 AH 198.18.1.100 >"$RG_CONF"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
wait_for 5 has_addr 1 eth0 198.18.1.100 || fail "host 1 has no VIP"
ignores_plain "AH Master" eth0 198.18.1.2 51 198.18.1.100
fi

if want 2; then
step "2. reload PASS -> AH, and a new AH instance on another interface"
vh_topo 2
inst VI_1 eth0 51 PASS 198.18.1.100 >"$RG_CONF"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
[ "$(ah_sockets 1)" -eq 0 ] || fail "an AH socket without an AH instance"
inst VI_1 eth0 51 AH 198.18.1.100 >"$RG_CONF"
T2=$(vh_now)
reload 1
vh_wait_master_log 1 10 "$T2" || fail "VI_1 did not become Master again as AH"
ah_verify "PASS->AH" eth0 51
ignores_plain "PASS->AH" eth0 198.18.1.2 51 198.18.1.100
[ "$(ctr 1 send_errors)" -eq 0 ] || fail "send errors after the reload: $(ctr 1 send_errors)"

# A second link, host 1 eth1 - host 2 eth1, for VI_2.
ns_veth "$(vh_ns 1)" eth1 eth1 "$(vh_ns 2)"
ip -n "$(vh_ns 1)" addr add 198.18.2.1/24 dev eth1 || fail "eth1 on host 1"
ip -n "$(vh_ns 2)" addr add 198.18.2.2/24 dev eth1 || fail "eth1 on host 2"
{
	inst VI_1 eth0 51 AH 198.18.1.100
	inst VI_2 eth1 52 AH 198.18.2.100
} >"$RG_CONF"
T2B=$(vh_now)
reload 1
vh_wait_log 1 '\(VI_2\) Entering MASTER STATE' 10 "$T2B" || fail "VI_2 did not become Master"
ah_verify "new AH instance on eth1" eth1 52
ignores_plain "new AH instance on eth1" eth1 198.18.2.2 52 198.18.2.100
wait_for 2 _ah_sockets_eq 1 2 || fail "$(ah_sockets 1) AH sockets for AH instances on eth0 and eth1"

inst VI_1 eth0 51 PASS 198.18.1.100 >"$RG_CONF"
reload 1
wait_for 5 _ah_sockets_eq 1 0 || fail "$(ah_sockets 1) AH sockets left after the reload to PASS"
echo "reload to PASS: the AH sockets are closed"
[ "$(ctr 1 send_errors)" -eq 0 ] || fail "send errors: $(ctr 1 send_errors)"
fi

if want 5; then
step "5. old unicast checksum only from a checked peer"
vh_params ver=3
vh_topo 3
{
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    version 3"
	echo "    priority 150"
	echo "    advert_int 1"
	echo "    check_unicast_src"
	echo "    unicast_peer {"
	echo "        198.18.1.2 min_ttl 250 max_ttl 255"
	echo "    }"
	echo "    virtual_ipaddress {"
	echo "        198.18.1.100/24"
	echo "    }"
	echo "}"
} >"$RG_CONF"
vh_start 1 ours prio=150
vh_wait_master_log 1 10 || fail "host 1 never became Master"
OLD='Setting unicast VRRPv3 checksum to old version'
# old_sum H SRC TTL: host H sends 5 v3 adverts to host 1 in the old checksum form.
old_sum() {
	ip netns exec "$(vh_ns "$1")" "$SENDER" eth0 3 "$2" 198.18.1.1 224.0.0.18 51 50 none "$3" \
		198.18.1.100 5 50 >>"$LIB_TMP/sender.log" 2>&1 || fail "vrrp_sender failed"
}
N0=$(ctr 1 not_peer)
old_sum 3 198.18.1.3 255
wait_for 5 _stat_ge 1 not_peer $((N0 + 5)) || fail "non-peer adverts not counted as not_peer"
T0=$(ctr 1 ip_ttl_err)
old_sum 2 198.18.1.2 64
wait_for 5 _stat_ge 1 ip_ttl_err $((T0 + 5)) || fail "peer adverts with TTL 64 not dropped"
grep -q "$OLD" "$(vh_log 1)" && fail "a non-peer or a bad TTL switched the checksum form"
echo "old checksum form from a non-peer and with a bad TTL: dropped, form kept"
old_sum 2 198.18.1.2 255
vh_wait_log 1 "$OLD" 5 || fail "the peer's old-form advert did not switch the checksum form"
echo "old checksum form from the peer: switched"
fi

echo "PASS: vrrp_rx_guard"
