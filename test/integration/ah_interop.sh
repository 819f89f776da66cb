#!/bin/sh
# IPsec AH (auth_type AH) between our vrrp_net + vrrp_ah and Debian's
# keepalived 2.2.7, both directions, without our daemon (ah_probe.c):
# 1. keepalived is Master at priority 200: the probe verifies its adverts
#    (all accepted, sequence numbers increasing);
# 2. the probe sends AH adverts at priority 250 for the same VRID and
#    password, numbered above what it heard: keepalived accepts them and
#    yields ("Entering BACKUP STATE"), without an AH complaint;
# 3. the probe stops (priority 0): keepalived is Master again, and its
#    sequence numbers continue above the probe's, which it has learned.
# Needs root, ip and keepalived (exit 77 otherwise). PROBE_WRAP runs the
# probe under a tool, e.g. PROBE_WRAP="valgrind -q --error-exitcode=3".
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init ah_interop
lib_require_tools keepalived
PROBE=${top_builddir:-.}/test/integration/ah_probe
[ -x "$PROBE" ] || { echo "ERROR: $PROBE not built"; exit 99; }

KA=ah-ka-$$
US=ah-us-$$
VRID=60
PASS=secret
KALOG=$LIB_TMP/keepalived.log

ns_create "$KA"
ns_create "$US"
ns_veth "$KA" veth-ka veth-us "$US"
ip -n "$KA" addr add 198.18.6.1/24 dev veth-ka || fail "address in $KA"
ip -n "$US" addr add 198.18.6.2/24 dev veth-us || fail "address in $US"

cat >"$LIB_TMP/keepalived.conf" <<EOF
global_defs {
	router_id ah_interop
}
vrrp_instance VI_AH {
	state MASTER
	interface veth-ka
	virtual_router_id $VRID
	priority 200
	advert_int 1
	authentication {
		auth_type AH
		auth_pass $PASS
	}
	virtual_ipaddress {
		198.18.6.60/24
	}
}
EOF

# count PATTERN: how many lines of keepalived's log match.
count() {
	grep -c -- "$1" "$KALOG" 2>/dev/null
}

count_ge() {
	[ "$(count "$1")" -ge "$2" ]
}

step "keepalived 2.2.7, auth_type AH, Master at priority 200"
daemon_start_bg "$KA" "$KALOG" keepalived -n -l -D -P -f "$LIB_TMP/keepalived.conf" \
	-p "$LIB_TMP/ka.pid" -r "$LIB_TMP/ka-vrrp.pid"
KA_PID=$LIB_LAST_PID
wait_for 10 count_ge "(VI_AH) Entering MASTER STATE" 1 || fail "keepalived never became Master"

step "ours verifies keepalived's AH adverts"
# shellcheck disable=SC2086 # PROBE_WRAP is a command line
ns_exec "$US" ${PROBE_WRAP:-} "$PROBE" listen veth-us "$PASS" "$VRID" 4 10000 \
	"$LIB_TMP/listen1.ready" >"$LIB_TMP/listen1.log" 2>&1 ||
	fail "keepalived's adverts not all accepted"
grep -q "^summary accepted=4 refused=0 not_increasing=0" "$LIB_TMP/listen1.log" ||
	fail "listen: $(cat "$LIB_TMP/listen1.log")"

step "ours at priority 250 with the same password: keepalived must yield"
# shellcheck disable=SC2086
daemon_start_bg "$US" "$LIB_TMP/master.log" ${PROBE_WRAP:-} "$PROBE" master veth-us "$PASS" \
	"$VRID" 250 198.18.6.2 198.18.6.60 5000
PROBE_PID=$LIB_LAST_PID
wait_for 10 count_ge "(VI_AH) Entering BACKUP STATE\$" 1 ||
	fail "keepalived did not yield to our AH adverts"
count_ge "(VI_AH) Master received advert from 198.18.6.2 with higher priority 250, ours 200" 1 ||
	fail "keepalived yielded, but not to our advert"
[ "$(count "IPSEC-AH : invalid\|invalid IPSEC SPI")" = 0 ] ||
	fail "keepalived refused an AH advert of ours"
grep -q "^learned seq=[1-9]" "$LIB_TMP/master.log" || fail "probe learned no sequence number"
# Hold mastership for a few adverts: keepalived, now Backup, keeps accepting.
sleep 3
pid_alive "$KA_PID" || fail "keepalived died"
[ "$(count "(VI_AH) Entering MASTER STATE")" = 1 ] ||
	fail "keepalived took mastership back while ours sent priority 250"

step "ours stops (priority 0): keepalived resumes above our sequence numbers"
daemon_stop "$PROBE_PID" 3 || fail "probe did not stop"
wait "$PROBE_PID" || fail "probe failed (exit $?)"
LAST_SEQ=$(sed -n 's/^tx sent=[0-9]* last_seq=\([0-9]*\) .*/\1/p' "$LIB_TMP/master.log")
[ -n "$LAST_SEQ" ] || fail "probe printed no last sequence number"
wait_for 10 count_ge "(VI_AH) Entering MASTER STATE" 2 || fail "keepalived did not take over"
# shellcheck disable=SC2086 # PROBE_WRAP is a command line
ns_exec "$US" ${PROBE_WRAP:-} "$PROBE" listen veth-us "$PASS" "$VRID" 2 10000 \
	"$LIB_TMP/listen2.ready" >"$LIB_TMP/listen2.log" 2>&1 ||
	fail "keepalived's adverts after takeover not accepted"
FIRST_SEQ=$(sed -n 's/^rx seq=\([0-9]*\) prio=200$/\1/p' "$LIB_TMP/listen2.log" | head -n 1)
if [ -z "$FIRST_SEQ" ] || [ "$FIRST_SEQ" -le "$LAST_SEQ" ]; then
	fail "keepalived's sequence number ${FIRST_SEQ:-none} not above ours ($LAST_SEQ)"
fi
echo "keepalived continued at seq $FIRST_SEQ after ours ended at $LAST_SEQ"

daemon_stop "$KA_PID" 5 || fail "keepalived did not stop"
echo "PASS: ah_interop"
