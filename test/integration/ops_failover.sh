#!/bin/sh
# `keepalivectl status --json` during a failover, between two of our daemons
# (v3 IPv4, 1 s; host 1 priority 150, host 2 priority 100):
# - before: host 1 says MASTER with itself as master; host 2 says BACKUP
#   with host 1 (198.18.1.1, priority 150) as master and counts adverts
#   received;
# - kill -9 of host 1, then host 2's status polled every 50 ms until it says
#   MASTER: every answer parses; host 2 goes from BACKUP straight to MASTER,
#   after its Master_Down_Interval (measured from the kill, which is at
#   most one advert interval after host 1's last advert); afterwards it
#   names itself master, became master once, gives "master down timer" as
#   the reason and a time in state that started then;
# - the table and `stats --json` agree with the JSON.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

vh_init ops_failover
lib_require_tools python3
ops_wrap_keepalived

ops_two_hosts 2

# json H FIELD-CHECK (python expression on d = data, s = stats)
json_ok() {
	ops_ctl "$1" status --json >"$LIB_TMP/j$1" 2>"$LIB_TMP/e$1" || return 1
	python3 - "$LIB_TMP/j$1" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
d, s = doc["instances"][0]["data"], doc["instances"][0]["stats"]
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
}

json_ok 1 'd["state_name"] == "MASTER" and d["master_address"] == "198.18.1.1" and d["master_priority"] == 150' ||
	fail "host 1's status: $(cat "$LIB_TMP/j1" "$LIB_TMP/e1")"
wait_for 5 json_ok 2 'd["state_name"] == "BACKUP" and d["master_address"] == "198.18.1.1" and d["master_priority"] == 150 and s["advert_rcvd"] >= 1' ||
	fail "host 2's status: $(cat "$LIB_TMP/j2" "$LIB_TMP/e2")"

step "kill -9 of host 1, host 2 polled"
T_KILL=$(vh_now)
vh_kill9 1
python3 - "$KEEPALIVECTL" "$(ops_sock 2)" "$T_KILL" "$WAIT" >"$LIB_TMP/poll.out" <<'EOF' ||
import json, subprocess, sys, time
ctl, sock, t_kill, wait = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
states, first_master = [], None
while time.time() - t_kill < wait:
    out = subprocess.run([ctl, "--socket", sock, "status", "--json"], check=True,
                         capture_output=True, timeout=5).stdout
    d = json.loads(out)["instances"][0]["data"]    # every answer must parse
    if not states or states[-1] != d["state_name"]:
        states.append(d["state_name"])
    if d["state_name"] == "MASTER":
        first_master = time.time()
        break
    time.sleep(0.05)
print("states:", " -> ".join(states))
print("MASTER seen %.3f s after the kill" % ((first_master or 0) - t_kill))
assert states == ["BACKUP", "MASTER"], states
EOF
	fail "host 2 did not go BACKUP -> MASTER: $(cat "$LIB_TMP/poll.out")"
cat "$LIB_TMP/poll.out"
SEEN=$(awk '/MASTER seen/ { print $3 }' "$LIB_TMP/poll.out")
# The kill came at most one interval after host 1's last advert, and the
# poll adds at most 50 ms (+ keepalivectl's run time).
MDI=$(vh_mdi 100)
awk -v s="$SEEN" -v m="$MDI" -v a="$VH_ADV" 'BEGIN {
	printf "TIMING kill to MASTER in status: %.3f s, expected %.3f - %.3f s (+0.25)\n", s, m - a, m
	exit !(s >= m - a - 0.05 && s <= m + 0.25) }' || fail "host 2 took over at the wrong time"

json_ok 2 'd["state_name"] == "MASTER" and d["master_address"] == "198.18.1.2" and d["last_transition_reason"] == "master down timer" and s["become_master"] == 1 and d["time_in_state"] < 1.0 and d["vipset"]' ||
	fail "host 2's status after the failover: $(cat "$LIB_TMP/j2")"
vh_wait_sole_vip 2 "$WAIT" || fail "host 2 does not hold the VIP"

step "the table and stats --json agree"
ops_ctl 2 status >"$LIB_TMP/t2" || fail "status on host 2"
grep -Eq '^VI_1 +eth0 +51 +MASTER +100/100 +198\.18\.1\.2 \(us\) +198\.18\.1\.100/24,198\.18\.1\.101/24 .* master down timer$' \
	"$LIB_TMP/t2" || fail "host 2's table: $(cat "$LIB_TMP/t2")"
ops_ctl 2 stats --json >"$LIB_TMP/s2" || fail "stats --json on host 2"
python3 - "$LIB_TMP/s2" <<'EOF' || fail "host 2's stats: $(cat "$LIB_TMP/s2")"
import json, sys
s = json.load(open(sys.argv[1]))["instances"][0]["stats"]
assert s["become_master"] == 1 and s["advert_sent"] >= 1 and s["garp_sent"] >= 1, s
assert sum(s["drops"].values()) == 0, s["drops"]
EOF
vh_teardown
echo "ops_failover: 1 passed, 0 failed"
