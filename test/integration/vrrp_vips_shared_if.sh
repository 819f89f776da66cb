#!/bin/sh
# Many instances with many VIPs on one interface (40 x 250 = 10,000
# addresses on a0): every instance becomes Master once and stays Master.
# The VIP check used to take an address whose add was acknowledged, but
# whose notification was still unread on the monitor socket, for one
# deleted by someone else: the instance resigned, and the 40 instances
# flapped (120-150 transitions to Master in 10 s). Now only a deletion
# that our own requests did not cause counts (vrrp_nl_vip_lost()).
# Asserts no duration: it waits until every instance has sent 4 adverts
# (the once-a-second VIP check has run at least twice on each) and then
# reads the counters. Then one more VIP of V0, on late0, which does not
# exist at start: its add fails, the once-a-second check tries it again
# (a second failure logged), and once late0 appears (a link change) the
# next check puts it there, within a deadline (the daemon's one VIP check
# timer for all instances, issue 14). Needs root (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init vrrp_vips_shared_if
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
KEEPALIVECTL=${KEEPALIVECTL:-${top_builddir:-.}/keepalived/keepalivectl}
T=$LIB_TMP
A=vsA$$
ns_create "$A"
ns_veth "$A" a0 a1 "$A"
ip -n "$A" addr add 198.18.1.1/24 dev a0 || fail "address on a0"

python3 - >"$T/ka.conf" <<'PY'
for i in range(40):
    print(f"vrrp_instance V{i} {{\n interface a0\n state MASTER\n priority 200\n"
          f" virtual_router_id {i + 1}\n advert_int 1\n virtual_ipaddress {{")
    for j in range(250):
        print(f"  198.19.{i}.{j + 1}/32")
    if i == 0:
        print("  198.18.77.9/32 dev late0")
    print(" }\n}")
PY

step "start: 40 instances x 250 VIPs on a0"
daemon_start_bg "$A" "$T/daemon.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
	-p "$T/ka.pid" -r "$T/vrrp.pid" --control-socket="$T/ctl"
D=$LIB_LAST_PID

vip_count() {
	ip -n "$A" -o -4 addr show dev a0 | grep -c 'inet 198\.19\.'
}
all_installed() {
	[ "$(vip_count)" -eq 10000 ]
}
wait_for 60 all_installed || fail "$(vip_count) of 10000 VIPs installed"

stats() {
	"$KEEPALIVECTL" --socket "$T/ctl" stats --json >"$T/stats.json" 2>/dev/null || return 2
	python3 - "$T/stats.json" "$1" <<'PY'
import json, sys
found = []
def walk(o):
    if isinstance(o, dict):
        if "advert_sent" in o and "become_master" in o:
            found.append(o)
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(sys.argv[1])))
if len(found) != 40:
    sys.exit(2)
if sys.argv[2] == "adverts":
    sys.exit(0 if all(s["advert_sent"] >= 4 for s in found) else 1)
bad = [s for s in found if s["become_master"] != 1 or s["release_master"] != 0]
print(f"{len(bad)} of 40 instances left or re-entered Master")
sys.exit(1 if bad else 0)
PY
}
wait_for 30 stats adverts || fail "not every instance sent 4 adverts: $(cat "$T/stats.json")"
step "every instance sent 4 adverts"
stats transitions || fail "instances flapped: $(grep -c 'Entering MASTER STATE' "$T/daemon.log") MASTER entries"
[ "$(grep -c 'Entering MASTER STATE' "$T/daemon.log")" -eq 40 ] ||
	fail "$(grep -c 'Entering MASTER STATE' "$T/daemon.log") MASTER entries, want 40"
grep -q "removed from a0" "$T/daemon.log" && fail "a VIP reported removed: $(grep -m1 'removed from' "$T/daemon.log")"
all_installed || fail "$(vip_count) of 10000 VIPs still installed"
step "40 Masters, one transition each, every VIP in place"

late_failed() {
	[ "$(grep -c 'cannot add VIP 198\.18\.77\.9/32 on late0' "$T/daemon.log")" -ge 2 ]
}
on_late0() {
	ip -n "$A" -o -4 addr show dev late0 2>/dev/null | grep -q 'inet 198\.18\.77\.9/32 '
}
wait_for 5 late_failed || fail "the VIP on late0 (no such device) was not tried again"
RESTORES=$(grep -c "(V0) VIP removed by someone else, restoring it" "$T/daemon.log")
ns_veth "$A" late0 late1
wait_for 3 on_late0 || fail "the VIP on late0 not added once late0 appeared"
# The retry that put it there said so too (each failed retry says it before).
[ "$(grep -c "(V0) VIP removed by someone else, restoring it" "$T/daemon.log")" -gt "$RESTORES" ] ||
	fail "no 'VIP removed by someone else, restoring it' line for the restore"
step "a VIP whose device came late: put there by the next VIP check"

daemon_stop "$D" 30 || fail "daemon did not stop"
[ "$(vip_count)" -eq 0 ] || fail "$(vip_count) VIPs left after stop"
echo "PASS: vrrp_vips_shared_if"
