#!/bin/bash
# The checker's status through the main process, in the UML guest (the
# checker needs IPVS): one virtual server, rs1 up (a TCP server), rs2 down
# (nothing listens). Asserted:
#   - keepalivectl lvs: a line per real server with its health, weight and
#     the reason of the last change; lvs --json parses and says the same;
#   - keepalivectl metrics: keepalived_lvs_rs_up rows (1 for rs1, 0 for rs2);
#   - rs2's notify_down runs;
#   - SIGUSR1: keepalived_check.data in $TMPDIR with both real servers;
#   - ha_suspend: a virtual server whose address is not on the host has its
#     checker suspended (no checks) until the address is added;
#   - after SIGTERM, the published status files are gone.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 90 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_status
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
CTL=${KEEPALIVED%/*}/keepalivectl
[ -x "$CTL" ] || { echo "SKIP: no keepalivectl"; exit 77; }

rs_setup rs1,198.18.1.10,198.18.1.1 rs2,198.18.2.10,198.18.2.1 || g_fail "rs_setup"
srv_start rs1,rs1,198.18.1.10,80,tcp || g_fail "servers.py did not start"
printf '#!/bin/sh\necho "$*" >>%s/notified\n' "$G_TMP" >"$G_TMP/notify.sh"
chmod 755 "$G_TMP/notify.sh"
conf=$G_TMP/keepalived.conf
cat >"$conf" <<CONF
virtual_server 198.18.0.100 80 {
	delay_loop 1
	lb_algo rr
	protocol TCP
	real_server 198.18.1.10 80 {
		weight 3
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
	real_server 198.18.2.10 80 {
		weight 2
		notify_down "$G_TMP/notify.sh rs2 down"
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
virtual_server 198.18.0.200 80 {
	delay_loop 1
	protocol TCP
	ha_suspend
	real_server 198.18.1.10 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF
export TMPDIR=$G_TMP
ka_start "$G_TMP/ours.log" "$KEEPALIVED" -C -n -l -D -f "$conf" -p "$G_TMP/ka.pid" \
	-c "$G_TMP/checkers.pid" --control-socket "$G_TMP/ctl"
ctl() {
	"$CTL" --socket "$G_TMP/ctl" "$@"
}
rs2_down() {
	ctl lvs 2>/dev/null | grep -q '\[198.18.2.10\]:tcp:80 *no '
}
g_wait_for 15 rs2_down || { ctl lvs; g_fail "lvs: rs2 not shown down"; }
out=$(ctl lvs)
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q '\[198.18.1.10\]:tcp:80 *yes *3 ' || g_fail "lvs: rs1 not up with weight 3"
printf '%s\n' "$out" | grep -q 'TCP connection to \[198.18.2.10\]:tcp:80' ||
	g_fail "lvs: rs2's reason is not the failed check"
ctl lvs --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
rs = {r["name"]: r for vs in d["virtual_servers"] if vs["name"] == "[198.18.0.100]:tcp:80"
      for r in vs["real_servers"]}
assert rs["[198.18.1.10]:tcp:80"]["alive"] and rs["[198.18.1.10]:tcp:80"]["weight"] == 3
assert not rs["[198.18.2.10]:tcp:80"]["alive"] and rs["[198.18.2.10]:tcp:80"]["checks"] >= 1
' || g_fail "lvs --json"
m=$(ctl metrics)
printf '%s\n' "$m" | grep -q 'keepalived_lvs_rs_up{vs="\[198.18.0.100\]:tcp:80",rs="\[198.18.1.10\]:tcp:80"} 1' ||
	g_fail "metrics: rs1 up row"
printf '%s\n' "$m" | grep -q 'keepalived_lvs_rs_up{vs="\[198.18.0.100\]:tcp:80",rs="\[198.18.2.10\]:tcp:80"} 0' ||
	g_fail "metrics: rs2 down row"
notified() {
	grep -qx "rs2 down" "$G_TMP/notified" 2>/dev/null
}
g_wait_for 5 notified || g_fail "notify_down did not run"
kill -USR1 "$(cat "$G_TMP/checkers.pid")"
data_written() {
	grep -q 'RS = \[198.18.2.10\]:tcp:80' "$G_TMP/keepalived_check.data" 2>/dev/null
}
g_wait_for 5 data_written || g_fail "SIGUSR1: no keepalived_check.data"
g_step "ha_suspend"
suspended_checks() {
	ctl lvs --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([r["checks"] for vs in d["virtual_servers"] if vs["name"] == "[198.18.0.200]:tcp:80"
       for r in vs["real_servers"]][0])'
}
[ "$(suspended_checks)" = 0 ] || g_fail "ha_suspend: checks ran without the address"
# keepalived 2.2.7's words at start for a checker left suspended.
grep -q "Deactivating healthchecker for service \[198.18.1.10\]:tcp:80 for VS \[198.18.0.200\]:tcp:80$" \
	"$G_TMP/ours.log" || g_fail "ha_suspend: no Deactivating line at start"
ip addr add 198.18.0.200/32 dev lo || g_fail "address"
activated() {
	grep -q "^.*: Activating healthchecker for service \[198.18.1.10\]:tcp:80 for VS \[198.18.0.200\]:tcp:80$" \
		"$G_TMP/ours.log" &&
		[ "$(suspended_checks)" -gt 0 ]
}
g_wait_for 10 activated || g_fail "ha_suspend: checker not activated with the address"
ka_stop "$KA_PID" 10 || g_fail "still running 10 s after SIGTERM"
[ ! -e "$G_TMP/keepalived_check.json" ] || g_fail "status file left after stop"
g_step "PASS"
exit 0
