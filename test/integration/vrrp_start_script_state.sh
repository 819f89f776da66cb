#!/bin/sh
# Start-up held by an unweighted vrrp_script (weight 0), our daemon against
# Debian's keepalived 2.2.7: the same script and state lines from start-up
# until the instance is Master (or the script has failed and run again).
# keepalived begins such an instance in Fault without saying so: the first
# success is "Entering BACKUP STATE" with no "(init)", a failure logs no
# state at all. One instance (priority 100) on a veth in a namespace:
#  pending_ok: the script's first run succeeds after 1 s;
#  pending_fail: the script's first run fails after 1 s;
#  init_fail: init_fail, the script succeeds at once.
# Needs root and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/cmp_lib.sh"

lib_init vrrp_start_script_state
cmp_init

conf() { # DIR SCRIPT_BODY [init_fail]
	echo "global_defs {"
	echo "    router_id sss"
	echo "    enable_script_security"
	echo "    script_user root"
	echo "}"
	echo "vrrp_script chk {"
	echo "    script \"/bin/sh -c 'echo >>$1/runs; $2'\""
	echo "    interval 2"
	echo "    weight 0"
	[ $# -gt 2 ] && echo "    init_fail"
	echo "}"
	echo "vrrp_instance VI_1 {"
	echo "    state BACKUP"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    priority 100"
	echo "    advert_int 1"
	printf '    track_script {\n        chk\n    }\n'
	echo "    virtual_ipaddress {"
	echo "        198.18.5.100/24"
	echo "    }"
	echo "}"
}


run() { # KIND SCENARIO
	d=$LIB_TMP/$2-$1
	mkdir -p "$d"
	ns=it-sss-$$-$2-$1
	ns_create "$ns"
	ns_veth "$ns" eth0 eth0p
	ip -n "$ns" addr add 198.18.5.1/24 dev eth0 || fail "address in $ns"
	case $2 in
	pending_ok) conf "$d" 'sleep 1; exit 0' >"$d/keepalived.conf" ;;
	pending_fail) conf "$d" 'sleep 1; exit 1' >"$d/keepalived.conf" ;;
	init_fail) conf "$d" 'exit 0' init_fail >"$d/keepalived.conf" ;;
	esac
	bin=$(cmp_bin "$1")
	daemon_start_bg "$ns" "$d/log" "$bin" -n -l -D -P -f "$d/keepalived.conf" \
		-p "$d/pid" -r "$d/vpid"
	if [ "$2" = pending_fail ]; then
		wait_for 15 has_line "$d" 'VRRP_Script(chk) failed' || fail "$1 $2: no failure"
		n=$(runs "$d")
		# The next run starts after the failure's lines, and a state line would come with them.
		wait_for 8 runs_at_least "$d" $((n + 2)) || fail "$1 $2: the script stopped"
	else
		wait_for 15 has_line "$d" 'Entering MASTER STATE' || { cat "$d/log" >"$LIB_TMP/$2-$1.log"; fail "$1 $2: never Master"; }
	fi
	log_strip "$d/log" |
		grep -E 'VRRP_Script|STATE' >"$d/section"
	cat "$d/log" >"$LIB_TMP/$2-$1.log"
	daemon_stop "$(cat "$d/pid")" 5 || fail "$1 $2: did not stop"
	ip netns del "$ns"
}

for s in pending_ok pending_fail init_fail; do
	step "$s"
	run ka "$s"
	run ours "$s"
	diff "$LIB_TMP/$s-ka/section" "$LIB_TMP/$s-ours/section" >"$LIB_TMP/$s.diff" ||
		fail "$s: lines differ from keepalived 2.2.7: $(cat "$LIB_TMP/$s.diff")"
done

# What keepalived 2.2.7 showed, checked as such.
for s in pending_ok pending_fail init_fail; do
	grep -q '(init)' "$LIB_TMP/$s-ours/section" && fail "$s: an '(init)' line"
done
grep -qx '(VI_1) Entering BACKUP STATE' "$LIB_TMP/pending_ok-ours/section" ||
	fail "pending_ok: no 'Entering BACKUP STATE'"
grep -q 'Entering' "$LIB_TMP/pending_fail-ours/section" && fail "pending_fail: a state line"
grep -qx '(VI_1) Entering BACKUP STATE' "$LIB_TMP/init_fail-ours/section" ||
	fail "init_fail: no 'Entering BACKUP STATE'"
echo PASS
