#!/bin/sh
# `keepalivectl monitor --read` on the captures in test/data (keepalived
# 2.2.7 and FRR, v2 and v3, IPv4 and IPv6, PASS and AH, unicast): each
# sender as the capture shows it (tshark agrees), and no problem. The same
# frames rewritten to the other link types (Linux cooked v1 and v2, raw IP)
# give the same answer. Needs jq and python3 (exit 77 otherwise); no root,
# no namespace, no timing.
set -u

top=${top_srcdir:-$(dirname "$0")/../..}
CTL=${KEEPALIVECTL:-${top_builddir:-.}/keepalived/keepalivectl}
for t in jq python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not found"; exit 77; }
done
[ -x "$CTL" ] || { echo "FAIL: $CTL is not built"; exit 1; }
TMP=$(mktemp -d /tmp/monitor_read.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# FILE  FAMILY VRID SOURCE VERSION PRIORITY INTERVAL AUTH NADDR UNICAST ADVERTS
cat >"$TMP/expected" <<'END'
frr_v3_ipv4.pcap ipv4 5 198.18.0.1 3 200 1 none 2 false 3
frr_v3_ipv6.pcap ipv6 5 fe80::aa43:3c38:6b2a:bcae 3 200 1 none 1 false 3
keepalived_v2_ah.pcap ipv4 56 198.18.0.1 2 0 1 ah 2 false 4
keepalived_v2_ah_unicast.pcap ipv4 57 198.18.0.1 2 160 1 ah 1 true 3
keepalived_v2_ipv4_pass.pcap ipv4 51 198.18.0.1 2 150 1 pass 2 false 3
keepalived_v2_ipv4_prio0.pcap ipv4 55 198.18.0.1 2 0 1 none 1 false 3
keepalived_v2_unicast.pcap ipv4 61 198.18.0.1 2 150 1 pass 1 true 2
keepalived_v3_ipv4.pcap ipv4 52 198.18.0.1 3 120 0.5 none 3 false 3
keepalived_v3_ipv6.pcap ipv6 53 fe80::5eff:fe12:a 3 130 1 none 2 false 3
keepalived_v3_ipv6_global_first.pcap ipv6 54 fe80::5eff:fe12:a 3 140 1 none 2 false 2
keepalived_v3_ipv6_unicast.pcap ipv6 63 fe80::5eff:fe12:a 3 170 1 none 2 true 4
keepalived_v3_unicast.pcap ipv4 62 198.18.0.1 3 160 1 none 2 true 4
END

# One line per sender, as in the table above (without the file name).
summary() {
	"$CTL" monitor --read "$1" --json | jq -r '.[] | . as $g | .routers[] |
		"\($g.family) \($g.vrid) \(.source) \(.version) \(.priority) \(.interval) " +
		"\(.auth) \(.address_count) \(.unicast) \(.adverts) problems=\($g.problems | length)"'
}

# Ethernet frames of a pcap file rewritten to another link type.
relink() { # IN OUT sll|sll2|raw
	python3 - "$@" <<'PY'
import struct, sys
src, dst, kind = sys.argv[1:]
data = open(src, "rb").read()
magic = data[:4]
end = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
hdr = list(struct.unpack(end + "IHHiIII", data[:24]))
hdr[6] = {"sll": 113, "sll2": 276, "raw": 101}[kind]
out = [struct.pack(end + "IHHiIII", *hdr)]
off = 24
while off < len(data):
    sec, frac, incl, orig = struct.unpack(end + "IIII", data[off:off + 16])
    frame = data[off + 16:off + 16 + incl]
    off += 16 + incl
    etype, payload = frame[12:14], frame[14:]
    if kind == "sll":
        link = struct.pack(">HHH", 2, 1, 6) + frame[6:12] + b"\0\0" + etype
    elif kind == "sll2":
        link = etype + b"\0\0" + struct.pack(">I", 2) + struct.pack(">HBB", 1, 2, 6) + frame[6:12] + b"\0\0"
    else:
        link = b""
    frame = link + payload
    out.append(struct.pack(end + "IIII", sec, frac, len(frame), len(frame)) + frame)
open(dst, "wb").write(b"".join(out))
PY
}

n=0
while read -r file fam vrid src ver prio int auth naddr uni adv; do
	want="$fam $vrid $src $ver $prio $int $auth $naddr $uni $adv problems=0"
	got=$(summary "$top/test/data/$file") || fail "$file: monitor --read failed"
	[ "$got" = "$want" ] || fail "$file: got '$got', expected '$want'"
	for kind in sll sll2 raw; do
		relink "$top/test/data/$file" "$TMP/$kind.pcap" "$kind" || fail "relink $file"
		got=$(summary "$TMP/$kind.pcap") || fail "$file ($kind): monitor --read failed"
		[ "$got" = "$want" ] || fail "$file ($kind): got '$got', expected '$want'"
	done
	n=$((n + 1))
done <"$TMP/expected"
echo "$n captures, each as Ethernet, SLL, SLL2 and raw IP: as expected"

# Errors: a missing file, wrong usage.
"$CTL" monitor --read "$TMP/none.pcap" >/dev/null 2>&1
[ $? = 5 ] || fail "a missing file does not exit 5"
"$CTL" monitor >/dev/null 2>&1
[ $? = 2 ] || fail "monitor without an interface does not exit 2"
"$CTL" monitor eth0 --read x >/dev/null 2>&1
[ $? = 2 ] || fail "an interface and --read together do not exit 2"
# The table form prints the same senders.
"$CTL" monitor --read "$top/test/data/keepalived_v3_ipv4.pcap" | grep -q '^VRID 52 ipv4: 1 sender' ||
	fail "the table lacks VRID 52"
echo "PASS: monitor_read"
