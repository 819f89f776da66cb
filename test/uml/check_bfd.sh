#!/bin/bash
# BFD_CHECK (keepalived.conf(5)): a real server follows a bfd_instance's
# session, whose state the main process passes to the checker process. In
# the UML guest (the checker needs IPVS). The BFD peer is a second instance
# of our daemon (-P, BFD only) in the real server's namespace; 100 ms x 3.
# Director with -C (the sessions run in the main process without VRRP):
#   - rs A (alpha) comes in when the session comes Up ("BFD check of [b1]
#     RS([198.18.1.10]:tcp:80) is UP"); rs B (no alpha) was in from the start;
#   - the peer stops (SIGSTOP): both leave IPVS ("... is DOWN"); it resumes:
#     both come back;
#   - the checker is killed: the new one learns the whole state (A, under
#     alpha, is in again without a change of the session);
#   - a reload (SIGHUP) keeps both in, with no DOWN line;
#   - a BFD_CHECK naming no bfd_instance is dropped with keepalived's line.
# Director with a vrrp_instance (no -C): the same session from the VRRP
# side's BFD, A comes in, and out when the peer stops.
# Deadlines only.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 150 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_bfd
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
CTL=${KEEPALIVED%/*}/keepalivectl
[ -x "$CTL" ] || { echo "SKIP: no keepalivectl"; exit 77; }

rs_setup rs1,198.18.1.10,198.18.1.1 || g_fail "rs_setup"
# rs B: a second address behind the same veth (the BFD session is rs1's).
ip -n rs1 addr add 198.18.1.20/24 dev eth0 || g_fail "address"

cat >"$G_TMP/peer.conf" <<CONF
bfd_instance d1 {
	neighbor_ip 198.18.1.1
	source_ip 198.18.1.10
	min_rx 100
	min_tx 100
	multiplier 3
}
CONF
ka_start "$G_TMP/peer.log" ip netns exec rs1 "$KEEPALIVED" -P -n -l -f "$G_TMP/peer.conf" \
	-p "$G_TMP/peer.pid" -r "$G_TMP/peer.vpid" -b "$G_TMP/peer.bpid" --control-socket "$G_TMP/peer.ctl"
PEER=$KA_PID

dir_conf() { # EXTRA (a vrrp_instance, or nothing)
	cat <<CONF
bfd_instance b1 {
	neighbor_ip 198.18.1.10
	source_ip 198.18.1.1
	min_rx 100
	min_tx 100
	multiplier 3
	checker
}
$1
virtual_server 198.18.0.100 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	real_server 198.18.1.10 80 {
		weight 2
		BFD_CHECK {
			name b1
			alpha
		}
	}
	real_server 198.18.1.20 80 {
		BFD_CHECK {
			name b1
		}
	}
	real_server 198.18.1.30 80 {
		BFD_CHECK {
			name nosuch
		}
	}
}
CONF
}
conf=$G_TMP/keepalived.conf
dir_conf "" >"$conf"
ctl() {
	"$CTL" --socket "$G_TMP/ctl" "$@"
}
# rs_is ADDR yes|no: keepalivectl lvs shows the real server so.
rs_is() {
	ctl lvs 2>/dev/null | grep -q "\[$1\]:tcp:80 *$2 "
}
logged() { # LOG TEXT [COUNT]
	[ "$(grep -cF "$2" "$1")" -ge "${3:-1}" ]
}
LINE_A="RS([198.18.1.10]:tcp:80) is"
LINE_B="RS([198.18.1.20]:tcp:80) is"

g_step "-C: rs A comes in with the session"
ka_start "$G_TMP/ours.log" "$KEEPALIVED" -C -n -l -f "$conf" -p "$G_TMP/ka.pid" \
	-c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl"
OURS=$KA_PID
g_wait_for 15 rs_is 198.18.1.20 yes || { ctl lvs; g_fail "rs B (no alpha) not in at start"; }
g_wait_for 15 rs_is 198.18.1.10 yes || { ctl lvs; g_fail "rs A did not follow the session Up"; }
logged "$G_TMP/ours.log" "BFD check of [b1] $LINE_A UP" || g_fail "no 'is UP' line for A"
logged "$G_TMP/ours.log" "(b1) Entering Up state" || g_fail "the main process's session is not Up"
logged "$G_TMP/ours.log" "([198.18.1.30]:tcp:80) BFD_CHECK - BFD nosuch not configured" ||
	g_fail "no 'not configured' line for a missing bfd_instance"
g_expect_table 10 "TCP 198.18.0.100:80 rr
TCP 198.18.0.100:80 -> 198.18.1.10:80 Masq 2
TCP 198.18.0.100:80 -> 198.18.1.20:80 Masq 1
TCP 198.18.0.100:80 -> 198.18.1.30:80 Masq 1" || g_fail "IPVS table with the session Up"

g_step "-C: the peer stops, both leave; it resumes, both return"
kill -STOP "$PEER"
g_wait_for 10 rs_is 198.18.1.10 no || { ctl lvs; g_fail "rs A stayed in without the session"; }
g_wait_for 5 rs_is 198.18.1.20 no || { ctl lvs; g_fail "rs B stayed in without the session"; }
logged "$G_TMP/ours.log" "BFD check of [b1] $LINE_A DOWN" || g_fail "no 'is DOWN' line for A"
logged "$G_TMP/ours.log" "BFD check of [b1] $LINE_B DOWN" || g_fail "no 'is DOWN' line for B"
g_expect_table 10 "TCP 198.18.0.100:80 rr
TCP 198.18.0.100:80 -> 198.18.1.30:80 Masq 1" || g_fail "IPVS table with the session Down"
ctl lvs --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
rs = {r["name"]: r for vs in d["virtual_servers"] for r in vs["real_servers"]}
a = rs["[198.18.1.10]:tcp:80"]
assert not a["alive"], a
assert "BFD check of [b1]" in json.dumps(a), a
' || g_fail "lvs --json: rs A not down with the BFD reason"
kill -CONT "$PEER"
g_wait_for 15 rs_is 198.18.1.10 yes || { ctl lvs; g_fail "rs A did not return"; }
g_wait_for 5 rs_is 198.18.1.20 yes || { ctl lvs; g_fail "rs B did not return"; }

g_step "-C: a new checker learns the whole state"
checker=$(cat "$G_TMP/checkers.pid")
kill -KILL "$checker"
new_checker() {
	[ -s "$G_TMP/checkers.pid" ] && [ "$(cat "$G_TMP/checkers.pid")" != "$checker" ] &&
		logged "$G_TMP/ours.log" "Starting Healthcheck child process" 2
}
g_wait_for 10 new_checker || g_fail "the checker was not restarted"
# An UP line for A after the second checker's start: the new checker's.
told_after_restart() {
	awk -v want="BFD check of [b1] $LINE_A UP" '/Starting Healthcheck child process/ { n++ }
		n >= 2 && index($0, want) { found = 1 } END { exit !found }' "$G_TMP/ours.log"
}
g_wait_for 10 told_after_restart || g_fail "the new checker was not told the session is Up"
g_wait_for 10 rs_is 198.18.1.10 yes || { ctl lvs; g_fail "rs A not in after the restart"; }

g_step "-C: a reload keeps both in"
downs=$(grep -cF "is DOWN" "$G_TMP/ours.log")
reloads=$(grep -c "Reload complete" "$G_TMP/ours.log")
kill -HUP "$OURS"
g_wait_for 10 logged "$G_TMP/ours.log" "Reload complete" $((reloads + 2)) ||
	g_fail "no reload"
g_sleep 1
rs_is 198.18.1.10 yes && rs_is 198.18.1.20 yes || { ctl lvs; g_fail "a real server left at the reload"; }
[ "$(grep -cF "is DOWN" "$G_TMP/ours.log")" = "$downs" ] || g_fail "a DOWN line at the reload"
ka_stop "$OURS" 10 || g_fail "still running 10 s after SIGTERM"

g_step "VRRP and checker: the VRRP side's session drives BFD_CHECK"
ip link add vrrp0 type dummy && ip link set vrrp0 multicast on up &&
	ip addr add 198.18.9.1/24 dev vrrp0 || g_fail "vrrp0"
dir_conf "vrrp_instance VI_1 {
	interface vrrp0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		198.18.9.100/32
	}
}" >"$conf"
rm -f "$G_TMP/checkers.pid"
ka_start "$G_TMP/both.log" "$KEEPALIVED" -n -l -f "$conf" -p "$G_TMP/ka.pid" \
	-r "$G_TMP/vrrp.pid" -b "$G_TMP/bfd.pid" -c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl"
OURS=$KA_PID
g_wait_for 15 rs_is 198.18.1.10 yes || { ctl lvs; g_fail "VRRP: rs A did not follow the session Up"; }
kill -STOP "$PEER"
g_wait_for 10 rs_is 198.18.1.10 no || { ctl lvs; g_fail "VRRP: rs A stayed in without the session"; }
kill -CONT "$PEER"
g_wait_for 15 rs_is 198.18.1.10 yes || { ctl lvs; g_fail "VRRP: rs A did not return"; }
ka_stop "$OURS" 10 || g_fail "still running 10 s after SIGTERM"
ka_stop "$PEER" 10 || g_fail "the peer still runs"
g_step "PASS"
exit 0
