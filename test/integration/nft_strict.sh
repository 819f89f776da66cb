#!/bin/sh
# shellcheck disable=SC2317,SC1091,SC2034,SC2154 # wait_for/trap; lib.sh; CMDS<fd> set and read through eval
# no_accept / vrrp_strict through our nftables table (vrrp_nft.c), driven by
# nft_probe the way the daemon drives it: host A (namespace $NS-a) holds the
# VIPs on a0, host B ($NS-b) pings them over a veth pair.
# - open: table keepalived_vrrp in ip and ip6, sets vips (+ vips_link_local),
#   chains in/out on the input/output hooks at priority -1, as `nft -j` shows;
# - add: the VIPs are in the sets; ping from B to each VIP fails while A's own
#   addresses still answer (IPv6 neighbour discovery passes);
# - del: the VIP answers again; deleting an absent VIP is no error;
# - a second table (nftables NAME, nftables_priority, nftables_counters)
#   beside the first; a table left by a crash is emptied by the next open;
# - close: nothing of ours is left in the ruleset.
# Needs root (exit 77 otherwise). PROBE_WRAP runs the probe under a tool,
# e.g. PROBE_WRAP="valgrind -q --error-exitcode=3 --leak-check=full".
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init nft_strict
lib_require_tools nft ping python3
NS=nft-$$
T=$LIB_TMP
PROBE=${top_builddir:-.}/test/integration/nft_probe
[ -x "$PROBE" ] || fail "$PROBE is not built"
PASSED=0
ok() {
	PASSED=$((PASSED + 1))
	echo "ok $PASSED: $*"
}

ns_create "$NS-a"
ns_create "$NS-b"
ns_veth "$NS-a" a0 b0 "$NS-b"
ip -n "$NS-a" addr add 198.18.0.1/24 dev a0
ip -n "$NS-a" addr add 198.18.0.100/24 dev a0
ip -n "$NS-a" addr add 198.18.0.101/24 dev a0
ip -n "$NS-a" addr add fd00::1/64 dev a0 nodad
ip -n "$NS-a" addr add fd00::100/64 dev a0 nodad
ip -n "$NS-a" addr add fe80::100/64 dev a0 nodad
ip -n "$NS-b" addr add 198.18.0.2/24 dev b0
ip -n "$NS-b" addr add fd00::2/64 dev b0 nodad

# A probe reading commands from a FIFO on fd $1, answers in $2.
probe_open() { # FD LOG
	rm -f "$T/fifo$1"
	mkfifo "$T/fifo$1" || fail "mkfifo"
	# shellcheck disable=SC2086 # PROBE_WRAP is a command line
	ip netns exec "$NS-a" ${PROBE_WRAP:-} "$PROBE" <"$T/fifo$1" >"$2" 2>&1 &
	track_pid $!
	eval "PROBE_PID$1=\$!"
	eval "exec $1>\"\$T/fifo\$1\""
}
# Send a command and wait for its answer (the Nth "ok"/"err" line of the log).
CMDS3=0 CMDS4=0
cmd() { # FD LOG LINE...
	_fd=$1 _log=$2
	shift 2
	echo "$*" >&"$_fd"
	eval "CMDS$_fd=\$((CMDS$_fd + 1))"
	eval "_want=\$CMDS$_fd"
	wait_for 5 sh -c "[ \$(grep -cE '^(ok|err) ' '$_log') -ge $_want ]" ||
		fail "no answer to '$*'"
	grep -E '^(ok|err) ' "$_log" | sed -n "${_want}p"
}
expect_ok() { # FD LOG LINE...
	_ans=$(cmd "$@")
	[ "${_ans%% *}" = ok ] || fail "'$3 ...' answered '$_ans'"
}

# Facts from `nft -j list ruleset` in A, one per line: "table FAM NAME",
# "set FAM TABLE NAME TYPE", "chain FAM TABLE NAME HOOK PRIO",
# "elem FAM TABLE SET VALUE", "counter FAM TABLE CHAIN".
facts() {
	ip netns exec "$NS-a" nft -j list ruleset >"$T/ruleset.json" || fail "nft -j list ruleset"
	python3 - "$T/ruleset.json" <<'PY'
import json, sys
for o in json.load(open(sys.argv[1]))["nftables"]:
    if "table" in o:
        t = o["table"]; print("table", t["family"], t["name"])
    elif "set" in o:
        s = o["set"]
        ty = s["type"] if isinstance(s["type"], str) else ".".join(s["type"])
        print("set", s["family"], s["table"], s["name"], ty)
        for e in s.get("elem", []):
            if isinstance(e, dict) and "concat" in e:
                e = ".".join(str(x) for x in e["concat"])
            print("elem", s["family"], s["table"], s["name"], e)
    elif "chain" in o:
        c = o["chain"]
        print("chain", c["family"], c["table"], c["name"], c.get("hook", "-"), c.get("prio", "-"))
    elif "rule" in o:
        r = o["rule"]
        if any("counter" in x for x in r["expr"]):
            print("counter", r["family"], r["table"], r["chain"])
PY
}
has() { facts >"$T/facts" && grep -qx "$*" "$T/facts"; }
hasnt() { facts >"$T/facts" && ! grep -q "$*" "$T/facts"; }
pings() { ip netns exec "$NS-b" ping -c 1 -W 1 "$1" >/dev/null 2>&1; }
silent() { ! pings "$1"; }

step "before: every address answers"
wait_for 10 pings 198.18.0.100 || fail "198.18.0.100 does not answer before the table"
wait_for 10 pings fd00::100 || fail "fd00::100 does not answer before the table"
wait_for 10 pings fe80::100%b0 || fail "fe80::100 does not answer before the table"

step "open: our table, empty"
probe_open 3 "$T/probe.log"
expect_ok 3 "$T/probe.log" open
for f in ip ip6; do
	has "table $f keepalived_vrrp" || fail "no table $f keepalived_vrrp"
	has "chain $f keepalived_vrrp in input -1" || fail "no input chain at -1 in $f"
	has "chain $f keepalived_vrrp out output -1" || fail "no output chain at -1 in $f"
done
has "set ip keepalived_vrrp vips ipv4_addr" || fail "no ip set vips"
has "set ip6 keepalived_vrrp vips ipv6_addr" || fail "no ip6 set vips"
has "set ip6 keepalived_vrrp vips_link_local ipv6_addr.iface_index" ||
	fail "no ip6 set vips_link_local"
hasnt "^elem " || fail "the sets are not empty after open"
pings 198.18.0.100 || fail "an empty table drops"
ok "open: tables ip/ip6 keepalived_vrrp, sets, chains at priority -1, empty"

step "add: the VIPs are dropped, A's own addresses are not"
expect_ok 3 "$T/probe.log" add 198.18.0.100 198.18.0.101 fd00::100 fe80::100%a0
has "elem ip keepalived_vrrp vips 198.18.0.100" || fail "198.18.0.100 not in the set"
has "elem ip keepalived_vrrp vips 198.18.0.101" || fail "198.18.0.101 not in the set"
has "elem ip6 keepalived_vrrp vips fd00::100" || fail "fd00::100 not in the set"
has "elem ip6 keepalived_vrrp vips_link_local fe80::100.a0" || fail "fe80::100%a0 not in the set"
silent 198.18.0.100 || fail "198.18.0.100 answers while in the set"
silent 198.18.0.101 || fail "198.18.0.101 answers while in the set"
silent fd00::100 || fail "fd00::100 answers while in the set"
silent fe80::100%b0 || fail "fe80::100 answers while in the set"
pings 198.18.0.1 || fail "A's own 198.18.0.1 is dropped"
# A fresh neighbour entry: the solicitation for fd00::1 must pass our chains.
ip -n "$NS-b" -6 neigh flush dev b0
pings fd00::1 || fail "A's own fd00::1 is dropped (neighbour discovery?)"
ok "add: 4 VIPs in the sets, pings to them dropped, A's own addresses answer"

step "del: the VIP answers again; an absent one is no error"
expect_ok 3 "$T/probe.log" del 198.18.0.100 198.18.0.200
hasnt "elem ip keepalived_vrrp vips 198.18.0.100" || fail "198.18.0.100 still in the set"
has "elem ip keepalived_vrrp vips 198.18.0.101" || fail "198.18.0.101 was removed too"
wait_for 5 pings 198.18.0.100 || fail "198.18.0.100 still dropped after del"
silent 198.18.0.101 || fail "198.18.0.101 answers"
ok "del: 198.18.0.100 answers, 198.18.0.101 still dropped, absent 198.18.0.200 ignored"

step "a second table: its own name, priority and counters"
probe_open 4 "$T/probe2.log"
expect_ok 4 "$T/probe2.log" open kv_test -5 1
has "chain ip kv_test in input -5" || fail "kv_test: no input chain at -5"
has "counter ip6 kv_test in" || fail "kv_test: no counters"
has "elem ip keepalived_vrrp vips 198.18.0.101" || fail "the first table lost its VIPs"
expect_ok 4 "$T/probe2.log" close
hasnt "kv_test" || fail "kv_test left after close"
has "table ip keepalived_vrrp" || fail "closing kv_test removed keepalived_vrrp"
ok "second table at priority -5 with counters, removed alone"

step "a crash leaves the table; the next open empties it"
echo quit >&3
exec 3>&-
wait_for 5 _lib_dead "$PROBE_PID3" || fail "probe did not quit"
has "elem ip keepalived_vrrp vips 198.18.0.101" || fail "quit removed the table (it should stay)"
CMDS3=0
probe_open 3 "$T/probe3.log"
expect_ok 3 "$T/probe3.log" open
hasnt "^elem " || fail "a table left by a crash kept its VIPs after open"
wait_for 5 pings 198.18.0.101 || fail "198.18.0.101 still dropped after the reopen"
ok "leftover table replaced by an empty one"

step "close: nothing left"
expect_ok 3 "$T/probe3.log" add 198.18.0.100
expect_ok 3 "$T/probe3.log" close
[ -z "$(ip netns exec "$NS-a" nft list ruleset)" ] || fail "ruleset not empty after close"
wait_for 5 pings 198.18.0.100 || fail "198.18.0.100 dropped after close"
ok "close: empty ruleset, VIP answers"

# Under PROBE_WRAP=valgrind, its reports land in the probes' logs.
! grep -q '^==[0-9]*==' "$T"/probe*.log || fail "the probe's wrapper reported errors"

echo "$PASSED passed, 0 failed"
