#!/bin/sh
# shellcheck disable=SC2317,SC1091 # functions called through wait_for/trap; lib.sh
# use_vmac_addr, an address's use_vmac and vmac_addr_prefix (vrrp_conf_vmac.c,
# vrrp_instance_ext.c): one namespace with eth0 and eth1 (veths to a peer
# namespace), instances on eth0 with addresses on eth1 and of the other
# family, run by Debian's keepalived 2.2.7 and then by our daemon on the
# same file:
# - once Master, the macvlans (name@parent, MAC, mode) and where each
#   address sits are the same for both, and what we expect: zz.51 on eth1
#   with 00:00:5e:00:01:33 holding eth1's addresses, zz6.51 on eth0 with
#   00:00:5e:00:02:33 holding the IPv6 one, zz.52/zz1.52 for use_vmac (on
#   addresses with dev eth1, dev eth0 and without dev);
# - ours: the gratuitous ARPs for 198.18.1.10 leave zz.51 with the virtual
#   MAC (seen on the peer);
# - a reload (SIGHUP) with the same file keeps that picture;
# - at exit every macvlan is gone.
# Needs root, tcpdump and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_vmac_addr
lib_require_tools awk sort tcpdump
KA=${VH_KA:-/usr/sbin/keepalived}
[ -x "$KA" ] || {
	echo "SKIP: $KA not found"
	exit 77
}
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
NS=vma-$$
PEER=vma-$$-p
T=$LIB_TMP

ns_create "$NS"
ns_create "$PEER"
ns_veth "$NS" eth0 p0 "$PEER"
ns_veth "$NS" eth1 p1 "$PEER"
ip -n "$NS" addr add 198.18.0.1/24 dev eth0 || fail "address on eth0"
ip -n "$NS" addr add 198.18.1.1/24 dev eth1 || fail "address on eth1"

cat >"$T/vma.conf" <<'CONF'
global_defs {
    vmac_addr_prefix zz
}
vrrp_instance VI_1 {
    interface eth0
    state MASTER
    virtual_router_id 51
    priority 200
    advert_int 1
    use_vmac_addr
    virtual_ipaddress {
        198.18.0.10/24 dev eth0
        198.18.1.10/24 dev eth1
        198.18.1.11/24 dev eth1
    }
    virtual_ipaddress_excluded {
        fd00:18::10/64 dev eth0
    }
}
vrrp_instance VI_2 {
    interface eth0
    state MASTER
    virtual_router_id 52
    priority 200
    advert_int 1
    virtual_ipaddress {
        198.18.1.20/24 dev eth1 use_vmac
        198.18.0.20/24 dev eth0 use_vmac
        198.18.0.21/24 use_vmac
    }
}
CONF

cat >"$T/expected" <<'EOF2'
addr eth0 198.18.0.10/24
addr zz.51 198.18.1.10/24
addr zz.51 198.18.1.11/24
addr zz.52 198.18.1.20/24
addr zz1.52 198.18.0.20/24
addr zz1.52 198.18.0.21/24
addr zz6.51 fd00:18::10/64
link zz.51@eth1 00:00:5e:00:01:33 private
link zz.52@eth1 00:00:5e:00:01:34 private
link zz1.52@eth0 00:00:5e:00:01:34 private
link zz6.51@eth0 00:00:5e:00:02:33 private
EOF2

# The macvlans and the test's addresses, one a line, sorted.
snap() {
	{
		ip -n "$NS" -d -o link show type macvlan | awk '{
			n = $2; sub(/:$/, "", n); mac = ""; mode = ""
			for (i = 1; i < NF; i++) {
				if ($i == "link/ether") mac = $(i + 1)
				if ($i == "macvlan" && $(i + 1) == "mode") mode = $(i + 2)
			}
			print "link", n, mac, mode }'
		ip -n "$NS" -o addr show | awk '$4 ~ /^(198\.18\.[01]\.[12][0-9]|fd00:18::10)\// {
			print "addr", $2, $4 }'
	} | sort
}
all_vips() { [ "$(snap | grep -c '^addr')" = 7 ]; }
no_macvlan() { [ -z "$(ip -n "$NS" -o link show type macvlan)" ]; }

run_daemon() { # LABEL BINARY: start, wait for all VIPs, snapshot into $T/LABEL.snap
	rm -f "$T/$1.pid" "$T/$1.vpid"
	daemon_start_bg "$NS" "$T/$1.log" "$2" -n -l -D -P -f "$T/vma.conf" -p "$T/$1.pid" \
		-r "$T/$1.vpid"
	DPID=$LIB_LAST_PID
	wait_for 10 all_vips || fail "$1: the addresses never all showed up: $(snap)"
	snap >"$T/$1.snap"
}

stop_daemon() { # LABEL
	daemon_stop "$DPID" 5 || fail "$1 did not stop"
	wait_for 3 no_macvlan || fail "$1 left macvlans behind: $(snap)"
}

step "keepalived 2.2.7"
run_daemon ka "$KA"
stop_daemon ka
diff "$T/expected" "$T/ka.snap" >"$T/ka.diff" ||
	fail "keepalived 2.2.7 does not do what this test expects: $(cat "$T/ka.diff")"
ok_ka=$(wc -l <"$T/ka.snap")
echo "keepalived 2.2.7: $ok_ka lines as expected, macvlans removed at exit"

step "ours"
daemon_start_bg "$PEER" "$T/arp.txt" tcpdump -l -n -e -i p1 arp
TPID=$LIB_LAST_PID
wait_for 3 grep -q "listening on" "$T/arp.txt" || fail "tcpdump did not start"
run_daemon ours "$KEEPALIVED"
diff "$T/ka.snap" "$T/ours.snap" >"$T/ours.diff" ||
	fail "ours differs from keepalived 2.2.7 (< ka, > ours): $(cat "$T/ours.diff")"
echo "ours: the same macvlans, MACs and address placement as keepalived 2.2.7"
garp_ok() {
	grep -q " 00:00:5e:00:01:33 > ff:ff:ff:ff:ff:ff.* who-has 198.18.1.10 .*tell 198.18.1.10," \
		"$T/arp.txt"
}
wait_for 5 garp_ok || fail "no gratuitous ARP for 198.18.1.10 from 00:00:5e:00:01:33 on eth1:
$(head -5 "$T/arp.txt")"
if grep "tell 198.18.1.10," "$T/arp.txt" | grep -qv " 00:00:5e:00:01:33 >"; then
	fail "a gratuitous ARP for 198.18.1.10 from another MAC: $(grep 'tell 198.18.1.10,' "$T/arp.txt")"
fi
kill "$TPID"
echo "ours: gratuitous ARPs for 198.18.1.10 leave eth1 from 00:00:5e:00:01:33"

step "ours: reload with the same file"
kill -HUP "$(pidfile_pid "$T/ours.pid")" || fail "SIGHUP"
wait_for 5 grep -q "(VI_1) configuration changed, restarting the instance" "$T/ours.log" ||
	fail "the reload did not restart VI_1"
# The restarted instance is Master again (a second time in the log).
reloaded() {
	[ "$(grep -c "(VI_1) Entering MASTER STATE" "$T/ours.log")" -ge 2 ] && all_vips &&
		[ "$(snap)" = "$(cat "$T/ka.snap")" ]
}
wait_for 10 reloaded || fail "after a reload: $(snap)"
echo "ours: after a reload the same picture"
stop_daemon ours
echo "ours: macvlans removed at exit"
echo "PASS: vrrp_vmac_addr"
