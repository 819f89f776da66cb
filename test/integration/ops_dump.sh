#!/bin/sh
# The dump signals, as keepalived 2.2.7's, but safe:
# - SIGUSR1 with a symlink planted at $TMPDIR/keepalived.data pointing at a
#   precious file: the target is untouched, keepalived.data is a regular
#   file of mode 0600 in keepalived's layout (" VRRP Instance = VI_1",
#   "   State = MASTER", the VIPs), and no temporary file is left;
# - SIGUSR2 with a dangling symlink planted at keepalived.stats: nothing is
#   created at the link's target; the stats have keepalived's sections and
#   a counter for every receive-drop reason; a packet with a bad TTL sent
#   to the daemon shows up in the ttl counter;
# - the JSON signal (--signum=JSON): keepalived.json parses, is keepalived's
#   array of {data, stats}, and says MASTER;
# - a directory planted at the path: the dump fails, is logged, the
#   directory stays and the daemon keeps running.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init ops_dump
lib_require_tools awk stat python3
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"

NS=ops-dump-$$
T=$LIB_TMP
D=$T/tmp
mkdir -p "$D" "$T/run"
chmod 1777 "$D"

cat >"$T/ka.conf" <<EOF
global_defs {
    router_id ops_dump
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 61
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.18.20.100/24
    }
}
EOF

ns_create "$NS"
# A second namespace plays a misbehaving peer.
ns_create "$NS-p"
ns_veth "$NS" veth0 veth1 "$NS-p"
ip -n "$NS" addr add 198.18.20.1/24 dev veth0 || fail "address on veth0"
ip -n "$NS-p" addr add 198.18.20.2/24 dev veth1 || fail "address on veth1"

# The daemon's $TMPDIR is ours: /tmp itself is left alone.
daemon_start_bg "$NS" "$T/ka.log" env TMPDIR="$D" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
	-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$T/run/ctl"
KA=$LIB_LAST_PID
wait_for 10 grep -q "Entering MASTER STATE" "$T/ka.log" || fail "VI_1 never became MASTER"

leftovers() { find "$D" -name '.keepalived*' | grep -c .; }

step "SIGUSR1 with a symlink planted at keepalived.data"
printf 'root:x:0:0:precious\n' >"$T/precious"
chmod 0644 "$T/precious"
ln -s "$T/precious" "$D/keepalived.data"
kill -USR1 "$KA"
wait_for 5 test -f "$D/keepalived.data" -a ! -L "$D/keepalived.data" ||
	fail "keepalived.data is still the planted link"
[ "$(cat "$T/precious")" = "root:x:0:0:precious" ] || fail "the link's target was written"
[ "$(stat -c %a "$T/precious")" = 644 ] || fail "the link's target changed mode"
[ "$(stat -c %a "$D/keepalived.data")" = 600 ] ||
	fail "keepalived.data has mode $(stat -c %a "$D/keepalived.data")"
grep -q '^ VRRP Instance = VI_1$' "$D/keepalived.data" || fail "no VI_1 in keepalived.data"
grep -q '^   State = MASTER$' "$D/keepalived.data" || fail "VI_1 is not MASTER in keepalived.data"
grep -q '^     198.18.20.100/24 dev veth0 scope global set$' "$D/keepalived.data" ||
	fail "no VIP in keepalived.data"
grep -q 'Printing VRRP data for process' "$T/ka.log" || fail "USR1 was not logged"
[ "$(leftovers)" = 0 ] || fail "temporary files left in $D"

step "SIGUSR2 with a dangling symlink planted at keepalived.stats"
ln -s "$T/created-by-attacker" "$D/keepalived.stats"
# One advert from the peer with TTL 64: dropped, and counted as a ttl drop of VI_1.
ip netns exec "$NS-p" python3 - <<'EOF' || fail "could not send the bad advert"
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 64)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("198.18.20.2"))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
pkt = bytearray(struct.pack("!BBBBBBH", 0x21, 61, 100, 1, 0, 1, 0)) + socket.inet_aton("198.18.20.100") + bytes(8)
c = sum(struct.unpack("!%dH" % (len(pkt) // 2), pkt))
c = (c & 0xffff) + (c >> 16); c = (c & 0xffff) + (c >> 16)
struct.pack_into("!H", pkt, 6, ~c & 0xffff)
s.sendto(bytes(pkt), ("224.0.0.18", 0))
EOF
ttl_counted() {
	kill -USR2 "$KA"
	sleep 0.2
	awk '/^  Receive Drops:/ { d = 1; next } /^  [^ ]/ { d = 0 } d && $1 == "ttl:" && $2 >= 1 { ok = 1 }
		END { exit !ok }' "$D/keepalived.stats" 2>/dev/null
}
wait_for 5 ttl_counted || fail "the TTL-64 advert is not in the ttl drop counter"
[ -e "$T/created-by-attacker" ] && fail "the dangling link's target was created"
[ "$(stat -c %a "$D/keepalived.stats")" = 600 ] || fail "keepalived.stats is not mode 0600"
for section in "VRRP Instance: VI_1" "  Advertisements:" "  Became master: 1" \
	"  Packet Errors:" "  Authentication Errors:" "  Priority Zero:" "  Receive Drops:"; do
	grep -qx "$section" "$D/keepalived.stats" || fail "keepalived.stats lacks '$section'"
done
for reason in ttl version type short length zero_count checksum vrid owner auth_type auth \
	interval zero_interval not_linklocal family addr_list; do
	grep -Eq "^    $reason: [0-9]+$" "$D/keepalived.stats" || fail "no drop counter '$reason'"
done
grep -Eq '^    TTL: [1-9]' "$D/keepalived.stats" || fail "keepalived's TTL counter is 0"

step "the JSON signal"
kill "-$("$KEEPALIVED" --signum=JSON)" "$KA"
wait_for 5 test -s "$D/keepalived.json" || fail "no keepalived.json"
[ "$(stat -c %a "$D/keepalived.json")" = 600 ] || fail "keepalived.json is not mode 0600"
python3 - "$D/keepalived.json" <<'EOF' || fail "keepalived.json is not what exporters expect"
import json, sys
doc = json.load(open(sys.argv[1]))
assert isinstance(doc, list) and len(doc) == 1, doc
d, s = doc[0]["data"], doc[0]["stats"]
assert d["iname"] == "VI_1" and d["state"] == 2 and d["vrid"] == 61, d
assert d["vips"] == ["198.18.20.100/24 dev veth0 scope global set"], d["vips"]
assert s["become_master"] == 1 and s["advert_sent"] >= 1, s
assert s["drops"]["ttl"] >= 1 and s["ip_ttl_err"] >= 1, s
EOF
[ "$(leftovers)" = 0 ] || fail "temporary files left in $D"

step "a directory planted at keepalived.data"
rm -f "$D/keepalived.data"
mkdir "$D/keepalived.data"
kill -USR1 "$KA"
wait_for 5 grep -q "Unable to write $D/keepalived.data" "$T/ka.log" || fail "the failure is not logged"
[ -d "$D/keepalived.data" ] || fail "the directory was replaced"
[ "$(leftovers)" = 0 ] || fail "temporary files left in $D"
pid_alive "$KA" || fail "the daemon died"

daemon_stop "$KA" 2 || fail "still running 2 s after SIGTERM"
echo "ops_dump: 1 passed, 0 failed"
