#!/bin/sh
# shellcheck disable=SC2317,SC1091 # functions called through wait_for/trap; lib.sh
# Netlink (vrrp_netlink.c) in a network namespace with a veth pair d0-d1:
# - the cache: ifindex, up, MAC, primary IPv4 and link-local as `ip` shows;
# - 50 VIPs in one batch (labels, brd, scope link, nodad): every one as
#   `ip -o addr` shows it, the time against 50 `ip addr add` calls, adding
#   and removing twice (idempotent), the primary IPv4 not taken from the
#   VIPs although the kernel lists a scope-link VIP first;
# - failures counted and logged with address and reason; a bad label;
# - the monitor: carrier and admin down/up, addresses added and deleted
#   with `ip`, each reported within a deadline;
# - a forced overrun (tiny receive buffer, hundreds of changes): a resync
#   happens, reports the lost link change, and the cache equals `ip`.
# Needs root (exit 77 otherwise). PROBE_WRAP runs the probe under a tool,
# e.g. PROBE_WRAP="valgrind -q --error-exitcode=3 --leak-check=full".
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/probe_lib.sh"

lib_init netlink
lib_require_tools awk sort
NS=nl-$$
T=$LIB_TMP
probe_lib_init nl_probe "$NS"

# `ip -o addr` of d0 as one line per address: family addr brd scope label flags.
addr_lines() {
	ip -n "$NS" -o addr show dev d0 | awk '{
		brd = "-"; scope = "-"; label = "-"; flags = ""
		for (i = 5; i <= NF; i++) {
			if ($i == "brd") { brd = $(i + 1); i++; continue }
			if ($i == "scope") { scope = $(i + 1); i++; continue }
			if ($i ~ /\\$/) {
				t = $i; sub(/\\$/, "", t)
				if (t != "" && $3 == "inet") label = t
				break
			}
			flags = flags (flags == "" ? "" : ",") $i
		}
		print $3, $4, "brd=" brd, "scope=" scope, "label=" label, "flags=" flags
	}'
}

# The 50 VIPs nl_probe makes, as addr_lines prints them.
expected_vips() {
	i=0
	while [ $i -lt "$1" ]; do
		k=$((i / 2))
		if [ $((i % 2)) = 1 ]; then
			# Every IPv6 VIP is installed nodad, as keepalived 2.2.7 does.
			printf 'inet6 fd00:18::%x/64 brd=- scope=global label=- flags=nodad\n' $((k + 16))
		else
			case $((k % 3)) in
			0) echo "inet 198.18.0.$((10 + k))/24 brd=198.18.0.255 scope=global label=d0:$k flags=secondary" ;;
			1) echo "inet 198.19.0.$((10 + k))/32 brd=- scope=link label=d0 flags=" ;;
			2) echo "inet 198.18.0.$((10 + k))/24 brd=- scope=global label=d0 flags=secondary" ;;
			esac
		fi
		i=$((i + 1))
	done
}

# Set-up ------------------------------------------------------------------------
ns_create "$NS"
ns_veth "$NS" d0 d1
ip -n "$NS" addr add 198.18.0.1/24 dev d0 || fail "primary address"
ip -n "$NS" addr add fd00:18::1/64 dev d0 nodad || fail "IPv6 address"
probe_wait_ll d0
MAC=$(probe_mac d0)
IDX=$(ip -n "$NS" -o link show d0 | cut -d: -f1)
BASE=$(addr_lines | sort)

# The cache -----------------------------------------------------------------------
probe info d0 >"$T/info.log" 2>&1 || fail "info"
grep -qx "if d0 index=$IDX up=1 mac=$MAC v4=198.18.0.1/24 ll6=$LL" "$T/info.log" ||
	fail "info does not match ip (index $IDX, mac $MAC, ll $LL)"
ok "cache: ifindex, up, MAC, primary IPv4, link-local"

# One batch of 50 VIPs --------------------------------------------------------------
expected_vips 50 | sort >"$T/expected"
probe vips add d0 50 >"$T/add.log" 2>&1 || fail "vips add"
grep -q "^vips add n=50 failures=0 .* batches=1$" "$T/add.log" || fail "batch add"
grep -q "^cache present=50 " "$T/add.log" || fail "cache did not see the 50 VIPs"
addr_lines | sort >"$T/after_add"
missing=$(sort "$T/expected" | comm -23 - "$T/after_add")
[ -z "$missing" ] || fail "VIPs missing or different in ip -o addr: $missing"
[ "$(wc -l <"$T/after_add")" -eq $(($(echo "$BASE" | wc -l) + 50)) ] || fail "extra addresses"
ok "50 VIPs in one datagram: labels, brd, scope link, nodad, prefixes as ip shows"

# The kernel now lists a scope-link VIP first; the primary must stay 198.18.0.1.
first=$(ip -n "$NS" -4 -o addr show dev d0 | awk 'NR == 1 { print $4 }')
[ "$first" = 198.19.0.11/32 ] || fail "test premise: kernel's first IPv4 is $first"
grep -qx "if d0 index=$IDX up=1 mac=$MAC v4=198.18.0.1/24 ll6=$LL" "$T/add.log" ||
	fail "primary or link-local taken from a VIP"
ok "primary IPv4 and link-local not confused by VIPs"

BATCH_US=$(sed -n 's/^vips add n=50 failures=0 usec=\([0-9]*\) .*/\1/p' "$T/add.log")
probe vips add d0 50 >"$T/add2.log" 2>&1 || fail "second add"
grep -q "^vips add n=50 failures=0 " "$T/add2.log" || fail "add twice is not idempotent"
[ "$(addr_lines | sort)" = "$(cat "$T/after_add")" ] || fail "second add changed addresses"
ok "adding again: no failure, no change"

probe vips del d0 50 >"$T/del.log" 2>&1 || fail "vips del"
grep -q "^vips del n=50 failures=0 .* batches=1$" "$T/del.log" || fail "batch del"
grep -q "^cache present=0 " "$T/del.log" || fail "cache still shows VIPs"
[ "$(addr_lines | sort)" = "$BASE" ] || fail "addresses left after delete"
DEL_US=$(sed -n 's/^vips del n=50 failures=0 usec=\([0-9]*\) .*/\1/p' "$T/del.log")
probe vips del d0 50 >"$T/del2.log" 2>&1 || fail "second del"
grep -q "^vips del n=50 failures=0 " "$T/del2.log" || fail "delete twice is not idempotent"
ok "removing all, and again: no failure, only the interface's own addresses left"

# A stop's deletions, one instance's VIP a call, held: 64 to a datagram (a full
# hold is sent as it fills, the rest at the release).
probe vips add d0 100 >"$T/add3.log" 2>&1 || fail "third add"
probe vips helddel d0 100 >"$T/held.log" 2>&1 || fail "held del"
grep -q "^vips helddel n=100 failures=0 .* batches=2$" "$T/held.log" ||
	fail "held deletions not batched: $(head -1 "$T/held.log")"
grep -q "^cache present=0 " "$T/held.log" || fail "cache still shows VIPs after held deletions"
[ "$(addr_lines | sort)" = "$BASE" ] || fail "addresses left after held deletions"
ok "held deletions, one VIP a call: two datagrams for 100, all removed"

# The same 50 addresses with one `ip addr add` each.
expected_vips 50 >"$T/vips"
t0=$(now_us)
while read -r fam a brd scope label flags; do
	set -- "$a" dev d0
	[ "$brd" != brd=- ] && set -- "$@" broadcast "${brd#brd=}"
	[ "$scope" = scope=link ] && set -- "$@" scope link
	[ "$fam" = inet ] && [ "$label" != label=d0 ] && set -- "$@" label "${label#label=}"
	[ "$flags" = flags=nodad ] && set -- "$@" nodad
	ip -n "$NS" addr add "$@" || fail "ip addr add $*"
done <"$T/vips"
IP_US=$(($(now_us) - t0))
t0=$(now_us)
while read -r fam a rest; do
	ip -n "$NS" addr del "$a" dev d0 || fail "ip addr del $a"
done <"$T/vips"
IP_DEL_US=$(($(now_us) - t0))
[ "$(addr_lines | sort)" = "$BASE" ] || fail "ip loop left addresses"
echo "   time: 50 VIPs in one batch: add ${BATCH_US} us, del ${DEL_US} us;" \
	"50 x ip addr add: ${IP_US} us, 50 x ip addr del: ${IP_DEL_US} us"
[ "$BATCH_US" -lt "$IP_US" ] || fail "the batch is slower than 50 ip calls"
ok "batch faster than separate ip calls"

# More than one datagram's worth (64 requests each).
probe vips add d0 300 >"$T/add300.log" 2>&1 || fail "vips add 300"
grep -q "^vips add n=300 failures=0 .* batches=5$" "$T/add300.log" || fail "300 VIPs: not 5 batches"
grep -q "^cache present=300 " "$T/add300.log" || fail "cache did not see the 300 VIPs"
expected_vips 300 | sort | comm -23 - "$(addr_lines | sort >"$T/after300"; echo "$T/after300")" >"$T/missing300"
[ ! -s "$T/missing300" ] || fail "VIPs missing among 300: $(head -3 "$T/missing300")"
probe vips del d0 300 >"$T/del300.log" 2>&1 || fail "vips del 300"
grep -q "^vips del n=300 failures=0 .* batches=5$" "$T/del300.log" || fail "300 VIPs: del"
[ "$(addr_lines | sort)" = "$BASE" ] || fail "addresses left after deleting 300"
echo "   time: 300 VIPs in 5 datagrams: add $(sed -n 's/^vips add n=300 failures=0 usec=\([0-9]*\) .*/\1/p' \
	"$T/add300.log") us, del $(sed -n 's/^vips del n=300 failures=0 usec=\([0-9]*\) .*/\1/p' "$T/del300.log") us"
ok "300 VIPs in 5 datagrams added and removed"

# Failures and labels ---------------------------------------------------------------
probe fail d0 >"$T/fail.log" 2>&1 || fail "fail"
grep -q "^fail add failures=2$" "$T/fail.log" || fail "failures not counted"
grep -q "Netlink: cannot add VIP 198.18.0.241/24 on nl-nodev: No such device" "$T/fail.log" ||
	fail "missing device not logged"
grep -q "Netlink: cannot add VIP 198.18.0.242/24 on d0: Invalid argument" "$T/fail.log" ||
	fail "kernel refusal not logged"
[ "$(grep -c 'cannot add VIP' "$T/fail.log")" = 2 ] || fail "a failure logged twice"
grep -q "^fail del failures=0$" "$T/fail.log" || fail "delete of absent VIPs failed"
[ "$(addr_lines | sort)" = "$BASE" ] || fail "fail test left addresses"
ok "two failures of three counted and logged once each with the reason"

probe badlabel d0 >"$T/label.log" 2>&1 || fail "badlabel"
grep -q "^badlabel failures=0$" "$T/label.log" || fail "bad label failed the VIP"
grep -q 'label foo:1 of VIP 198.18.0.250 must start with "d0:"' "$T/label.log" ||
	fail "bad label not logged"
addr_lines | grep -qx "inet 198.18.0.250/24 brd=- scope=global label=d0 flags=secondary" ||
	fail "VIP with a bad label not added without it"
ip -n "$NS" addr del 198.18.0.250/24 dev d0
ok "a label not starting with d0: is logged and dropped, the VIP added"

# The monitor --------------------------------------------------------------------
MON=$T/monitor.log
probe_start_bg 10 "$MON" monitor d0 120
MON_PID=$PROBE_PID

# expect WHAT PATTERN COMMAND...: run COMMAND, wait for PATTERN in the log.
expect() {
	what=$1
	pattern=$2
	shift 2
	before=$(wc -l <"$MON")
	t0=$(now_us)
	"$@" || fail "$*"
	seen() { tail -n +$((before + 1)) "$MON" | grep -q "$pattern"; }
	wait_for 2 seen || fail "$what: '$pattern' not reported within 2 s"
	ok "$what reported in $(($(now_us) - t0)) us (deadline 2 s)"
}
expect "carrier loss" "^link ifindex=$IDX name=d0 up=0 " ip -n "$NS" link set d1 down
expect "carrier back" "^link ifindex=$IDX name=d0 up=1 " ip -n "$NS" link set d1 up
expect "admin down" "^link ifindex=$IDX name=d0 up=0 " ip -n "$NS" link set d0 down
expect "admin up" "^link ifindex=$IDX name=d0 up=1 " ip -n "$NS" link set d0 up
# Admin down removed the IPv6 addresses; put the global one back.
ip -n "$NS" addr replace fd00:18::1/64 dev d0 nodad
expect "address added" "^addr add inet 198.18.0.77/24 ifindex=$IDX " \
	ip -n "$NS" addr add 198.18.0.77/24 dev d0
expect "address deleted" "^addr del inet 198.18.0.77/24 ifindex=$IDX " \
	ip -n "$NS" addr del 198.18.0.77/24 dev d0
expect "IPv6 address deleted" "^addr del inet6 fd00:18::1/64 ifindex=$IDX " \
	ip -n "$NS" addr del fd00:18::1/64 dev d0
ip -n "$NS" addr add fd00:18::1/64 dev d0 nodad
# Not a VIP of the probe's: a new scope-link primary goes first, as in ip.
expect "kernel order of a new primary" "^if d0 .* v4=198.19.9.9/32 " \
	ip -n "$NS" addr add 198.19.9.9/32 dev d0 scope link
expect "primary back after delete" "^if d0 .* v4=198.18.0.1/24 " \
	ip -n "$NS" addr del 198.19.9.9/32 dev d0
# The glue's restore: a callback re-adds its VIP from inside vrrp_nl_process().
has_vip() { ip -n "$NS" -o addr show dev d0 | grep -q ' 198.18.0.99/24 '; }
has_vip || fail "monitor did not install its VIP"
expect "VIP deleted behind our back" "^restored 198.18.0.99 failures=0$" \
	ip -n "$NS" addr del 198.18.0.99/24 dev d0
wait_for 2 has_vip || fail "VIP not restored"
restored_seen() {
	sed -n '/^restored /,$p' "$MON" | grep -q "^addr add inet 198.18.0.99/24 ifindex=$IDX "
}
wait_for 2 restored_seen || fail "restored VIP not reported by the monitor"
ok "VIP restored from the callback, and its return reported"
! grep -q '^resync$' "$MON" || fail "monitor resynced without an overrun"
daemon_stop "$MON_PID" 2 || fail "monitor did not stop"
wait "$MON_PID" || fail "monitor exit status (sanitizer or valgrind error?)"
ip -n "$NS" addr del 198.18.0.99/24 dev d0

# Overrun and resync --------------------------------------------------------------
probe_wait_ll d0 "after up"
OVR=$T/overrun.log
probe_start_bg 10 "$OVR" overrun d0 "$T/go"
OVR_PID=$PROBE_PID
{
	# d0 loses its carrier: a change only the resync can report.
	echo "link set d1 down"
	i=1
	while [ $i -le 250 ]; do
		echo "addr add 198.18.4.$i/32 dev d0"
		i=$((i + 1))
	done
	i=1
	while [ $i -le 10 ]; do
		echo "addr add 198.18.5.$i/32 dev d0 scope link"
		i=$((i + 1))
	done
	i=1
	while [ $i -le 60 ]; do
		printf 'addr add fd00:18:1::%x/64 dev d0 nodad\n' $i
		i=$((i + 1))
	done
	i=1
	while [ $i -le 100 ]; do
		echo "addr del 198.18.4.$((i * 2))/32 dev d0"
		i=$((i + 1))
	done
	i=1
	while [ $i -le 30 ]; do
		printf 'addr del fd00:18:1::%x/64 dev d0\n' $((i * 2))
		i=$((i + 1))
	done
	echo "addr del 198.18.5.1/32 dev d0"
} >"$T/flood"
ip -n "$NS" -batch "$T/flood" || fail "flood"
touch "$T/go"
wait_for 20 _lib_dead "$OVR_PID" || fail "overrun probe did not finish"
wait "$OVR_PID" || fail "overrun probe failed"
grep -q '^stats overruns=[1-9][0-9]* resyncs=[1-9]' "$OVR" || fail "no overrun or no resync"
grep -q '^resync$' "$OVR" || fail "resync callback not called"
grep -q "Netlink: Receive buffer overrun on monitor socket - (No buffer space available)" "$OVR" ||
	fail "overrun not logged"
grep -q "^link ifindex=$IDX name=d0 up=0 " "$OVR" || fail "lost carrier change not reported"
ok "forced overrun: $(grep '^stats' "$OVR")"

# compare_with_ip LOG: the probe's cache and a fresh handle's dump equal ip's view.
compare_with_ip() {
	sed -n 's/^cache //p' "$1" | sort >"$T/cache"
	sed -n 's/^fresh //p' "$1" | sort >"$T/fresh"
	{
		ip -n "$NS" -o link show | awk '{
			name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
			up = ($3 ~ /[<,]UP[,>]/ && $3 ~ /LOWER_UP/) ? 1 : 0
			print "link", name, "up=" up
		}'
		ip -n "$NS" -o addr show | awk '{ print "addr", $2, $3, $4 }'
	} | sort >"$T/ip"
	diff "$T/ip" "$T/cache" >"$T/diff.log" || fail "cache differs from ip (diff.log)"
	diff "$T/ip" "$T/fresh" >"$T/diff.log" || fail "fresh dump differs from ip (diff.log)"
	primary=$(ip -n "$NS" -4 -o addr show dev d0 | awk '$0 !~ / secondary / { print $4; exit }')
	grep -qx "primary d0 $primary" "$1" || fail "primary is not ip's ($primary)"
}
compare_with_ip "$OVR"
[ "$(wc -l <"$T/ip")" -gt 150 ] || fail "test premise: too few addresses"
ok "after resync the cache equals ip: $(wc -l <"$T/ip") links and addresses, primary $primary"

# Again, with the changes racing the probe's reads and resyncs.
OVR2=$T/overrun2.log
touch "$T/go2"
probe_start_bg 10 "$OVR2" overrun d0 "$T/go2"
OVR_PID=$PROBE_PID
{
	echo "link set d1 up"
	i=1
	while [ $i -le 125 ]; do
		echo "addr del 198.18.4.$((i * 2 - 1))/32 dev d0"
		echo "addr add 198.18.6.$i/24 dev d0"
		i=$((i + 1))
	done
	echo "link set d1 down"
	i=1
	while [ $i -le 30 ]; do
		printf 'addr del fd00:18:1::%x/64 dev d0\n' $((i * 2 - 1))
		i=$((i + 1))
	done
	echo "addr add 198.18.5.1/32 dev d0 scope host"
	echo "link set d1 up"
} >"$T/flood2"
ip -n "$NS" -batch "$T/flood2" || fail "second flood"
wait_for 30 _lib_dead "$OVR_PID" || fail "second overrun probe did not finish"
wait "$OVR_PID" || fail "second overrun probe failed"
compare_with_ip "$OVR2"
ok "changes racing the reads: $(grep '^stats' "$OVR2"), cache equals ip ($(wc -l <"$T/ip") lines)"

echo "netlink: $PASSED passed, 0 failed"
exit 0
