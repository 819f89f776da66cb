#!/bin/sh
# Lines around a reload (SIGHUP) of a Master, with -D, our daemon against
# Debian's keepalived 2.2.7, from start-up to "Reload complete":
#  - keepalived sets a kept Master's VIPs again and logs "setting VIPs.";
#  - "Script user 'keepalived_script' does not exist" comes only with a
#    script in the configuration (here a notify_master), never without.
# One instance (the address owner, state MASTER) on a veth in a namespace.
# Needs root and /usr/sbin/keepalived (exit 77 otherwise).
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/cmp_lib.sh"

lib_init vrrp_reload_log
cmp_init

conf() { # [notify]
	echo "global_defs {"
	echo "    router_id rlg"
	echo "}"
	echo "vrrp_instance VI_1 {"
	echo "    state MASTER"
	echo "    interface eth0"
	echo "    virtual_router_id 51"
	echo "    priority 255"
	echo "    advert_int 1"
	[ $# -gt 0 ] && echo "    notify_master /bin/true"
	echo "    virtual_ipaddress {"
	echo "        198.18.5.100/24"
	echo "    }"
	echo "}"
}

setting_twice() { [ "$(grep -c 'setting VIPs' "$1/log")" -ge 2 ]; }

run() { # KIND SCENARIO
	d=$LIB_TMP/$2-$1
	mkdir -p "$d"
	ns=it-rlg-$$-$2-$1
	ns_create "$ns"
	ns_veth "$ns" eth0 eth0p
	ip -n "$ns" addr add 198.18.5.1/24 dev eth0 || fail "address in $ns"
	case $2 in
	plain) conf >"$d/keepalived.conf" ;;
	notify) conf notify >"$d/keepalived.conf" ;;
	esac
	bin=$(cmp_bin "$1")
	daemon_start_bg "$ns" "$d/log" "$bin" -n -l -D -P -f "$d/keepalived.conf" \
		-p "$d/pid" -r "$d/vpid"
	wait_for 15 has_line "$d" 'setting VIPs' || fail "$1 $2: never Master"
	wait_for 5 has_line "$d" 'Startup complete' || fail "$1 $2: start-up never complete"
	kill -HUP "$(cat "$d/pid")" || fail "$1 $2: SIGHUP"
	wait_for 10 has_line "$d" 'Reload complete' || fail "$1 $2: the reload did not finish"
	# keepalived's child may write its line after the parent's "Reload complete".
	wait_for 3 setting_twice "$d" || :
	log_strip "$d/log" | grep -E '^Reloading$|VIPs\.|Script user' >"$d/section"
	daemon_stop "$(cat "$d/pid")" 5 || fail "$1 $2: did not stop"
	ip netns del "$ns"
}

for s in plain notify; do
	step "$s"
	run ka "$s"
	run ours "$s"
	diff "$LIB_TMP/$s-ka/section" "$LIB_TMP/$s-ours/section" >"$LIB_TMP/$s.diff" ||
		fail "$s: lines differ from keepalived 2.2.7: $(cat "$LIB_TMP/$s.diff")"
done

# What keepalived 2.2.7 showed, checked as such.
sed -n '/^Reloading$/,$p' "$LIB_TMP/plain-ours/section" | grep -qx '(VI_1) setting VIPs.' ||
	fail "plain: no 'setting VIPs.' after the reload"
grep -q 'Script user' "$LIB_TMP/plain-ours/section" && fail "plain: a 'Script user' line"
if ! id keepalived_script >/dev/null 2>&1; then
	[ "$(grep -c "Script user 'keepalived_script' does not exist" "$LIB_TMP/notify-ours/section")" = 2 ] ||
		fail "notify: not one 'Script user' line at start-up and one at the reload"
fi
echo PASS
