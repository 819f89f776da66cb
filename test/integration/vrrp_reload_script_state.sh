#!/bin/sh
# A vrrp_script across a reload (SIGHUP), our daemon against Debian's
# keepalived 2.2.7: the same lines about scripts, priorities and states
# from "Reloading" until two more runs of the script, and the same
# priority in the adverts afterwards. One instance (priority 100) on a
# veth in a namespace of its own, Master (or Fault) before the reload, one
# script run every second:
#  kept_down: failing, weight -10, reloaded as it is: "considered
#    unsuccessful on reload", the priority line from 100 to 90, adverts at 90;
#  kept_fault: failing, weight 0 (Fault), reloaded as it is: "considered
#    unsuccessful on reload", "entering FAULT state due to script", no
#    state change;
#  changed: succeeding, weight -10; the reload changes its command to a
#    failing one: "considered successful on reload", then its failure;
#  removed: failing, weight -10; the reload removes it: adverts back at
#    100, with no priority line (keepalived logs none).
# Needs root, tcpdump and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/cmp_lib.sh"

lib_init vrrp_reload_script_state
lib_require_tools tcpdump awk
cmp_init

# conf DIR [SCRIPT_EXIT WEIGHT]: no script without the last two.
conf() {
	echo "global_defs {"
	echo "    router_id rss"
	echo "    enable_script_security"
	echo "    script_user root"
	echo "}"
	if [ $# -gt 1 ]; then
		echo "vrrp_script chk {"
		echo "    script \"/bin/sh -c 'echo >>$1/runs; exit $2'\""
		echo "    interval 1"
		echo "    weight $3"
		echo "    rise 2"
		echo "    fall 2"
		echo "}"
	fi
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    priority 100"
	echo "    advert_int 1"
	[ $# -gt 1 ] && printf '    track_script {\n        chk\n    }\n'
	echo "    virtual_ipaddress {"
	echo "        198.18.5.100/24"
	echo "    }"
	echo "}"
}

# The priority of the last advert captured.
last_prio() { awk '/prio/ { for (i = 1; i < NF; i++) if ($i == "prio") p = $(i + 1) } END { sub(",", "", p); print p }' "$1/cap"; }
prio_is() { [ "$(last_prio "$1")" = "$2" ]; }

# run KIND SCENARIO: start with conf1, reload with conf2; DIR/section holds
# the lines of interest from "Reloading" on.
run() {
	d=$LIB_TMP/$2-$1
	mkdir -p "$d"
	ns=it-rss-$$-$2-$1
	ns_create "$ns"
	ns_veth "$ns" eth0 eth0p
	ip -n "$ns" addr add 198.18.5.1/24 dev eth0 || fail "address in $ns"
	ip netns exec "$ns" tcpdump -l -n -i eth0p vrrp >"$d/cap" 2>/dev/null &
	track_pid $!
	case $2 in
	kept_down) conf "$d" 1 -10 >"$d/c1"; cp "$d/c1" "$d/c2"; mark='Changing effective priority from 100 to 90' ;;
	kept_fault) conf "$d" 1 0 >"$d/c1"; cp "$d/c1" "$d/c2"; mark='VRRP_Script(chk) failed' ;;
	changed) conf "$d" 0 -10 >"$d/c1"; conf "$d" 1 -10 >"$d/c2"; mark='VRRP_Script(chk) succeeded' ;;
	removed) conf "$d" 1 -10 >"$d/c1"; conf "$d" >"$d/c2"; mark='Changing effective priority from 100 to 90' ;;
	esac
	cp "$d/c1" "$d/keepalived.conf"
	bin=$(cmp_bin "$1")
	daemon_start_bg "$ns" "$d/log" "$bin" -n -l -D -P -f "$d/keepalived.conf" \
		-p "$d/pid" -r "$d/vpid"
	wait_for 15 has_line "$d" "$mark" || fail "$1 $2: never logged '$mark'"
	# The election is over before the reload, so that its lines are not in the section.
	[ "$2" = kept_fault ] || wait_for 10 has_line "$d" 'Entering MASTER STATE' ||
		fail "$1 $2: never Master"
	n=$(runs "$d")
	wait_for 5 runs_at_least "$d" $((n + 1)) || fail "$1 $2: the script stopped running"
	cp "$d/c2" "$d/keepalived.conf"
	kill -HUP "$(cat "$d/pid")" || fail "$1 $2: SIGHUP"
	wait_for 10 has_line "$d" 'Reload complete' || fail "$1 $2: the reload did not finish"
	if [ "$2" = removed ]; then
		wait_for 5 prio_is "$d" 100 || fail "$1 $2: adverts not back at 100"
	else
		n=$(runs "$d")
		# Two runs give every line (the third gives none): its start means the second is logged.
		wait_for 8 runs_at_least "$d" $((n + 3)) || fail "$1 $2: the script stopped after the reload"
	fi
	sed -n '/Reloading/,$p' "$d/log" | log_strip |
		grep -E 'VRRP_Script|effective priority|FAULT|STATE|now returning' >"$d/section"
	last_prio "$d" >"$d/prio"
	daemon_stop "$(cat "$d/pid")" 5 || fail "$1 $2: did not stop"
	ip netns del "$ns"
}

for s in kept_down kept_fault changed removed; do
	step "$s"
	run ka "$s"
	run ours "$s"
	a=$LIB_TMP/$s-ka b=$LIB_TMP/$s-ours
	diff "$a/section" "$b/section" >"$LIB_TMP/$s.diff" ||
		fail "$s: lines differ from keepalived 2.2.7: $(cat "$LIB_TMP/$s.diff")"
	[ "$(cat "$a/prio")" = "$(cat "$b/prio")" ] ||
		fail "$s: advert priority $(cat "$b/prio"), keepalived $(cat "$a/prio")"
done

# What keepalived 2.2.7 showed, checked as such (the comparison alone would
# pass if both were wrong the same way).
grep -qx 'VRRP_Script(chk) considered unsuccessful on reload' "$LIB_TMP/kept_down-ours/section" ||
	fail "kept_down: no 'considered unsuccessful on reload'"
grep -qx '(VI_1) Changing effective priority from 100 to 90' "$LIB_TMP/kept_down-ours/section" ||
	fail "kept_down: no priority line"
[ "$(cat "$LIB_TMP/kept_down-ours/prio")" = 90 ] || fail "kept_down: adverts not at 90"
grep -qx '(VI_1): entering FAULT state due to script chk' "$LIB_TMP/kept_fault-ours/section" ||
	fail "kept_fault: no 'entering FAULT state due to script'"
grep -q 'Entering' "$LIB_TMP/kept_fault-ours/section" && fail "kept_fault: a state change"
grep -qx 'VRRP_Script(chk) considered successful on reload' "$LIB_TMP/changed-ours/section" ||
	fail "changed: no 'considered successful on reload'"
grep -q 'priority' "$LIB_TMP/removed-ours/section" && fail "removed: a priority line"
[ "$(cat "$LIB_TMP/removed-ours/prio")" = 100 ] || fail "removed: adverts not at 100"
echo PASS
