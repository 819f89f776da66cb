#!/bin/bash
# Regenerate the golden VRRP captures in test/data/ from real peers: Debian's
# keepalived 2.2.7 and FRR's vrrpd. A developer runs this by hand, as root,
# when a capture needs to change; CI only reads the committed pcaps.
#
#   test/tools/capture_golden.sh [OUTDIR]     (default: test/data next to it)
#
# Environment: WHAT=all|keepalived|ah|unicast|frr selects the peers (default
# all; ah is keepalived with auth_type AH, test/unit/test_vrrp_ah.c's
# captures; unicast is keepalived with unicast_peer, test/unit/
# test_vrrp_unicast.c's captures);
# KEEP_TMP=1 keeps the temporary directory with configs and daemon logs;
# NS_PREFIX names the namespaces (default pkt: pkt-a, pkt-b).
#
# Two network namespaces, pkt-a (the speaker) and pkt-b (the listener), are
# joined by a veth pair with fixed MACs so that the captures are the same on
# every run apart from timestamps, IP ids and FRR's random IPv6 link-local.
# Everything is torn down on exit.
#
# The unit test rebuilds each advert from an equivalent configuration, so a
# change here (VIPs, VRIDs, priorities, intervals, passwords) must be made in
# test/unit/test_vrrp_packet_golden.c (test/unit/test_vrrp_ah.c for the AH
# captures, test/unit/test_vrrp_unicast.c for the unicast ones) as well.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../data}
mkdir -p "$out"
out=$(cd "$out" && pwd)

NS_A=${NS_PREFIX:-pkt}-a
NS_B=${NS_PREFIX:-pkt}-b
IF_A=veth-a
IF_B=veth-b
MAC_A=02:00:5e:12:00:0a
MAC_B=02:00:5e:12:00:0b
DEADLINE=20 # seconds for any one wait

tmp=$(mktemp -d /tmp/pkt-golden.XXXXXX)
pids=()

log() { printf '%s\n' "capture_golden: $*" >&2; }
die() { log "$*"; exit 1; }

cleanup() {
	local pid
	set +e
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	ip netns pids "$NS_A" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids "$NS_B" 2>/dev/null | xargs -r kill 2>/dev/null
	sleep 0.2
	ip netns del "$NS_A" 2>/dev/null
	ip netns del "$NS_B" 2>/dev/null
	if [ -n "${KEEP_TMP:-}" ]; then
		log "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Run "$@" until it succeeds or DEADLINE passes.
wait_for() {
	local what=$1 end=$((SECONDS + DEADLINE))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || die "timed out waiting for $what"
		sleep 0.1
	done
}

need() { command -v "$1" >/dev/null || die "$1 not found"; }

[ "$(id -u)" = 0 ] || die "must run as root"
need keepalived
need tcpdump
need ip
for ns in "$NS_A" "$NS_B"; do
	if ip netns list | grep -qw "$ns"; then
		die "namespace $ns exists (another run?); remove it first"
	fi
done

setup_net() {
	local ns
	for ns in "$NS_A" "$NS_B"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		# No DAD: the link-local source must be usable at once.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
	done
	ip -n "$NS_A" link add "$IF_A" address "$MAC_A" type veth \
		peer name "$IF_B" address "$MAC_B" netns "$NS_B"
	ip -n "$NS_A" addr add 198.18.0.1/24 dev "$IF_A"
	ip -n "$NS_B" addr add 198.18.0.2/24 dev "$IF_B"
	ip -n "$NS_A" addr add fd00:18::1/64 dev "$IF_A"
	ip -n "$NS_B" addr add fd00:18::2/64 dev "$IF_B"
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_B" link set "$IF_B" up
}

# pcap_count FILE: packets in a capture being written (0 if none yet).
pcap_count() {
	tcpdump -r "$1" 2>/dev/null | wc -l
}

has_packets() { [ "$(pcap_count "$1")" -ge "$2" ]; }

has_prio0() { tcpdump -v -r "$1" 2>/dev/null | grep -q 'prio 0,'; }

# start_capture NAME FILTER [COUNT]: capture on pkt-b into tmp/NAME.pcap.
start_capture() {
	local name=$1 filter=$2 count=${3:-}
	local args=(-i "$IF_B" -n -U -Z root -s 0 -w "$tmp/$name.pcap")
	[ -n "$count" ] && args+=(-c "$count")
	ip netns exec "$NS_B" tcpdump "${args[@]}" "$filter" 2>"$tmp/$name.tcpdump.log" &
	cap_pid=$!
	pids+=("$cap_pid")
	# tcpdump creates the file once it is listening.
	wait_for "tcpdump on $name" test -s "$tmp/$name.pcap"
}

finish_capture() {
	local name=$1
	wait_for "capture $name to end" sh -c "! kill -0 $cap_pid 2>/dev/null"
	wait "$cap_pid" 2>/dev/null || true
	cp "$tmp/$name.pcap" "$out/$name.pcap"
	log "wrote $out/$name.pcap ($(pcap_count "$out/$name.pcap") packets)"
}

stop_pid() {
	local pid=$1
	kill -TERM "$pid" 2>/dev/null || true
	wait_for "pid $pid to exit" sh -c "! kill -0 $pid 2>/dev/null"
	wait "$pid" 2>/dev/null || true
}

# keepalived NAME: run keepalived in pkt-a with tmp/NAME.conf.
start_keepalived() {
	local name=$1
	ip netns exec "$NS_A" keepalived -n -l -D -P -f "$tmp/$name.conf" \
		-p "$tmp/$name.pid" -r "$tmp/$name.vrrp.pid" >"$tmp/$name.log" 2>&1 &
	ka_pid=$!
	pids+=("$ka_pid")
}

# keepalived_capture NAME FILTER COUNT: capture COUNT adverts of tmp/NAME.conf.
keepalived_capture() {
	local name=$1 filter=$2 count=$3
	start_capture "$name" "$filter" "$count"
	start_keepalived "$name"
	finish_capture "$name"
	stop_pid "$ka_pid"
}

write_ka_conf() {
	local name=$1 body=$2
	cat >"$tmp/$name.conf" <<EOF
global_defs {
	router_id pkt_golden
	vrrp_garp_master_delay 0
}
$body
EOF
}

capture_keepalived() {
	write_ka_conf keepalived_v2_ipv4_pass "
vrrp_instance VI_V2 {
	state MASTER
	interface $IF_A
	virtual_router_id 51
	priority 150
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass secret
	}
	virtual_ipaddress {
		198.18.0.51/24
		198.18.0.52/24
	}
}"
	keepalived_capture keepalived_v2_ipv4_pass 'ip proto 112' 3

	write_ka_conf keepalived_v3_ipv4 "
vrrp_instance VI_V3_4 {
	state MASTER
	interface $IF_A
	virtual_router_id 52
	version 3
	priority 120
	advert_int 0.5
	virtual_ipaddress {
		198.18.0.53/24
		198.18.0.54/24
		198.18.0.55/24
	}
}"
	keepalived_capture keepalived_v3_ipv4 'ip proto 112' 3

	write_ka_conf keepalived_v3_ipv6 "
vrrp_instance VI_V3_6 {
	state MASTER
	interface $IF_A
	virtual_router_id 53
	version 3
	priority 130
	advert_int 1
	virtual_ipaddress {
		fe80::53/64
		fd00:18::53/64
	}
}"
	keepalived_capture keepalived_v3_ipv6 'ip6 proto 112' 3

	# The RFC wants a link-local first address; keepalived only warns and
	# sends the list as configured. This capture is the evidence.
	write_ka_conf keepalived_v3_ipv6_global_first "
vrrp_instance VI_V3_6G {
	state MASTER
	interface $IF_A
	virtual_router_id 54
	version 3
	priority 140
	advert_int 1
	virtual_ipaddress {
		fd00:18::54/64
		fe80::54/64
	}
}"
	keepalived_capture keepalived_v3_ipv6_global_first 'ip6 proto 112' 2

	# Priority 0: a master that is told to stop says so on the wire.
	write_ka_conf keepalived_v2_ipv4_prio0 "
vrrp_instance VI_STOP {
	state MASTER
	interface $IF_A
	virtual_router_id 55
	priority 110
	advert_int 1
	virtual_ipaddress {
		198.18.0.56/24
	}
}"
	start_capture keepalived_v2_ipv4_prio0 'ip proto 112'
	start_keepalived keepalived_v2_ipv4_prio0
	wait_for "two adverts" has_packets "$tmp/keepalived_v2_ipv4_prio0.pcap" 2
	stop_pid "$ka_pid"
	wait_for "priority 0 advert" has_prio0 "$tmp/keepalived_v2_ipv4_prio0.pcap"
	kill -INT "$cap_pid"
	finish_capture keepalived_v2_ipv4_prio0
}

# auth_type AH (IPsec AH, HMAC-MD5-96): the whole IPv4 datagram matters, as
# the ICV covers the IP header; the unit test verifies and rebuilds it. Below
# priority 255 keepalived wants state BACKUP with AH, so each instance first
# waits out its Master_Down_Interval; its first advert carries sequence
# number 1 and IP identification 1.
capture_ah() {
	# Multicast: three adverts, then the priority 0 one of SIGTERM.
	write_ka_conf keepalived_v2_ah "
vrrp_instance VI_AH {
	state BACKUP
	interface $IF_A
	virtual_router_id 56
	priority 150
	advert_int 1
	authentication {
		auth_type AH
		auth_pass secret
	}
	virtual_ipaddress {
		198.18.0.57/24
		198.18.0.58/24
	}
}"
	start_capture keepalived_v2_ah 'ip proto 51'
	start_keepalived keepalived_v2_ah
	wait_for "three AH adverts" has_packets "$tmp/keepalived_v2_ah.pcap" 3
	stop_pid "$ka_pid"
	wait_for "priority 0 AH advert" has_prio0 "$tmp/keepalived_v2_ah.pcap"
	kill -INT "$cap_pid"
	finish_capture keepalived_v2_ah

	# Unicast: the TTL is left out of the ICV; an 8-character password
	# fills the whole key.
	write_ka_conf keepalived_v2_ah_unicast "
vrrp_instance VI_AH_UC {
	state BACKUP
	interface $IF_A
	virtual_router_id 57
	priority 160
	advert_int 1
	unicast_src_ip 198.18.0.1
	unicast_peer {
		198.18.0.2
	}
	authentication {
		auth_type AH
		auth_pass abcdefgh
	}
	virtual_ipaddress {
		198.18.0.59/24
	}
}"
	keepalived_capture keepalived_v2_ah_unicast 'ip proto 51' 3
}

# unicast_peer: adverts go to each peer's address instead of the group, one
# per peer, each with a VRRPv3 checksum over a pseudo-header naming that
# peer (keepalived >= 1.3.7; older versions put the group there). The
# listener gets a second address so that one instance can have two peers
# on the link. The IPv6 instance gives no unicast_src_ip: keepalived then
# sends from the interface's link-local address.
capture_unicast() {
	ip -n "$NS_B" addr add 198.18.0.3/24 dev "$IF_B"
	ip -n "$NS_B" addr add fd00:18::3/64 dev "$IF_B"

	write_ka_conf keepalived_v2_unicast "
vrrp_instance VI_UC2 {
	state MASTER
	interface $IF_A
	virtual_router_id 61
	priority 150
	advert_int 1
	unicast_src_ip 198.18.0.1
	unicast_peer {
		198.18.0.2
	}
	authentication {
		auth_type PASS
		auth_pass uc2pass
	}
	virtual_ipaddress {
		198.18.0.61/24
	}
}"
	keepalived_capture keepalived_v2_unicast 'ip proto 112' 2

	# Two peers, so two adverts per interval that differ in their
	# checksums only; and a TTL of our choosing.
	write_ka_conf keepalived_v3_unicast "
vrrp_instance VI_UC3 {
	state MASTER
	interface $IF_A
	virtual_router_id 62
	version 3
	priority 160
	advert_int 1
	unicast_src_ip 198.18.0.1
	unicast_ttl 64
	unicast_peer {
		198.18.0.2
		198.18.0.3
	}
	virtual_ipaddress {
		198.18.0.62/24
		198.18.0.63/24
	}
}"
	keepalived_capture keepalived_v3_unicast 'ip proto 112' 4

	write_ka_conf keepalived_v3_ipv6_unicast "
vrrp_instance VI_UC6 {
	state MASTER
	interface $IF_A
	virtual_router_id 63
	priority 170
	advert_int 1
	unicast_peer {
		fd00:18::2
		fd00:18::3
	}
	virtual_ipaddress {
		fe80::63/64
		fd00:18::63/64
	}
}"
	keepalived_capture keepalived_v3_ipv6_unicast 'ip6 proto 112' 4
}

# FRR: zebra plus vrrpd in pkt-a, with private sockets and configs in a
# directory of their own. The daemons drop to the frr user (FRR refuses to
# run as root unless root is in frrvty), so that directory is frr's.
start_frr() {
	local f=$tmp/frr
	chmod 0711 "$tmp" # let frr reach its directory
	mkdir -m 0750 "$f"
	: >"$f/zebra.conf"
	cat >"$f/vrrpd.conf" <<EOF
interface $IF_A
 vrrp 5 version 3
 vrrp 5 priority 200
 vrrp 5 advertisement-interval 1000
 vrrp 5 ip 198.18.0.5
 vrrp 5 ip 198.18.0.6
 vrrp 5 ipv6 fd00:18::5
EOF
	chown -R frr:frr "$f"
	# FRR needs the macvlans with the virtual MACs; the VIPs live on them.
	ip -n "$NS_A" link add vrrp4-5 link "$IF_A" type macvlan mode bridge
	# A random link-local: an EUI-64 from the shared VMAC would be the
	# same on every router (set after creation: "link add" rejects it).
	ip -n "$NS_A" link set vrrp4-5 addrgenmode random
	ip -n "$NS_A" link set vrrp4-5 address 00:00:5e:00:01:05
	ip -n "$NS_A" addr add 198.18.0.5/24 dev vrrp4-5
	ip -n "$NS_A" addr add 198.18.0.6/24 dev vrrp4-5
	ip -n "$NS_A" link set vrrp4-5 up
	ip -n "$NS_A" link add vrrp6-5 link "$IF_A" type macvlan mode bridge
	ip -n "$NS_A" link set vrrp6-5 addrgenmode random
	ip -n "$NS_A" link set vrrp6-5 address 00:00:5e:00:02:05
	ip -n "$NS_A" addr add fd00:18::5/64 dev vrrp6-5
	ip -n "$NS_A" link set vrrp6-5 up

	ip netns exec "$NS_A" /usr/lib/frr/zebra --log "file:$f/zebra.log" \
		-f "$f/zebra.conf" -i "$f/zebra.pid" -z "$f/zserv.api" \
		--vty_socket "$f" -P 0 >"$tmp/zebra.out" 2>&1 &
	zebra_pid=$!
	pids+=("$zebra_pid")
	wait_for "zebra socket" test -S "$f/zserv.api"
	ip netns exec "$NS_A" /usr/lib/frr/vrrpd --log "file:$f/vrrpd.log" \
		-f "$f/vrrpd.conf" -i "$f/vrrpd.pid" -z "$f/zserv.api" \
		--vty_socket "$f" -P 0 >"$tmp/vrrpd.out" 2>&1 &
	vrrpd_pid=$!
	pids+=("$vrrpd_pid")
}

capture_frr() {
	[ -x /usr/lib/frr/vrrpd ] || die "FRR vrrpd not installed"
	start_capture frr_v3_ipv4 'ip proto 112' 3
	local cap4=$cap_pid
	start_capture frr_v3_ipv6 'ip6 proto 112' 3
	local cap6=$cap_pid
	start_frr
	cap_pid=$cap4
	finish_capture frr_v3_ipv4
	cap_pid=$cap6
	finish_capture frr_v3_ipv6
	stop_pid "$vrrpd_pid"
	stop_pid "$zebra_pid"
}

setup_net
what=${WHAT:-all}
case $what in
all)
	capture_keepalived
	capture_ah
	capture_unicast
	capture_frr
	;;
keepalived) capture_keepalived ;;
ah) capture_ah ;;
unicast) capture_unicast ;;
frr) capture_frr ;;
*) die "WHAT must be all, keepalived, ah, unicast or frr" ;;
esac
