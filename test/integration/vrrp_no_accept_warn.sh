#!/bin/sh
# no_accept and vrrp_strict are parsed (keepalived's checks and resets,
# vrrp_conf_nft.c) and the nftables table is built and tested
# (nft_strict.sh), but the instances do not drive it yet: the daemon must
# say so at start for each instance that would drop, naming file:line, and
# run. Needs root (exit 77 otherwise).
set -u
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_no_accept_warn
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
NS=vna-$$
T=$LIB_TMP
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.31.1/24 dev ka0 || fail "address"
cat >"$T/ka.conf" <<CONF
global_defs {
    router_id vna
}
vrrp_instance VI_1 {
    state BACKUP
    interface ka0
    virtual_router_id 71
    priority 100
    advert_int 1
    no_accept
    virtual_ipaddress {
        198.18.31.100/32
    }
}
vrrp_instance VI_2 {
    state BACKUP
    interface ka0
    virtual_router_id 72
    priority 100
    advert_int 1
    no_accept
    virtual_ipaddress {
        198.18.31.101/32
    }
}
CONF
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -P -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/kv.pid" --control-socket="$T/ctl.sock"
KA=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/ka.log" || fail "no start"
grep -q "ka.conf:4: (VI_1) no_accept is accepted but not acted on yet" "$T/ka.log" ||
	fail "no warning that no_accept is not acted on"
grep -q "ka.conf:15: (VI_2) no_accept is accepted but not acted on yet" "$T/ka.log" ||
	fail "no warning for the second instance"
daemon_stop "$KA" 5 || fail "did not stop"
echo "PASS: vrrp_no_accept_warn"
