#!/bin/sh
# -t's exit status is keepalived 2.2.7's (issue 11): 0 when nothing is
# reported, 5 when it warned and would run (a value ignored, rounded or
# cleared), 6 when scripts run without enable_script_security, 4 when the
# configuration cannot be run. Lines about what this daemon lacks ("not
# supported", "not acted on") are shown and leave the status alone, as
# keepalived accepts those lines silently. Every warning names file:line.
# -t looks up each instance's interface, as keepalived's: it runs in a
# namespace that has eth0; an instance on a missing interface is a warning
# (5), which dynamic_interfaces silences; with net_namespace it looks there.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init config_test_codes
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
T=$LIB_TMP
NS=ctc-$$
ns_create "$NS"
ns_veth "$NS" eth0 eth0p

conf() { # FILE, then the instance's extra lines on stdin
	{
		echo "vrrp_instance VI_1 {"
		echo "    interface eth0"
		echo "    virtual_router_id 51"
		cat
		echo "}"
	} >"$T/$1"
}

vips='    virtual_ipaddress {
        198.18.0.1/24
    }'

echo "$vips" | conf ok.conf
printf '%s\n' "    state MASTER" "    priority 100" "    nopreempt" "$vips" | conf nopreempt.conf
printf '%s\n' "    advert_int 0.5" "$vips" | conf advert.conf
printf '%s\n' "    priority BACKUP" "$vips" | conf priority.conf
: | conf novip.conf
printf '%s\n' "    track_script {" "        chk" "    }" "$vips" | conf script.conf
printf '%s\n' 'vrrp_script chk {' '    script /bin/true' '}' >"$T/s"
cat "$T/s" "$T/script.conf" >"$T/script2.conf"
{
	printf '%s\n' 'global_defs {' '    enable_script_security' '    script_user root' '}'
	cat "$T/script2.conf"
} >"$T/secure.conf"
{
	printf '%s\n' 'global_defs {' '    enable_snmp_vrrp' '    enable_dbus' '    smtp_server 198.18.0.25' '}'
	cat "$T/ok.conf"
} >"$T/gaps.conf"
# keepalived ignores the value, and then has no VRID: it cannot run the instance.
printf '%s\n' 'vrrp_instance VI_1 {' '    interface eth0' '    virtual_router_id 300' "$vips" '}' \
	>"$T/vrid.conf"

check() { # FILE WANT [LINE-TEXT]
	ns_exec "$NS" "$KEEPALIVED" -t -f "$T/$1" >"$T/$1.out" 2>&1
	got=$?
	[ "$got" = "$2" ] || fail "$1: -t exits $got, want $2:
$(cat "$T/$1.out")"
	if [ -n "${3:-}" ]; then
		grep -qF "$3" "$T/$1.out" || fail "$1: no '$3' in:
$(cat "$T/$1.out")"
	fi
	step "$1: -t exits $got"
}

check ok.conf 0
check nopreempt.conf 5 "nopreempt.conf:1: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing"
check advert.conf 5 "advert.conf:1: (VI_1) VRRPv2 advertisement interval 0.5s must be an integer. rounding"
check priority.conf 5 "priority.conf:4: (VI_1) priority: invalid number 'BACKUP'"
check novip.conf 5 "novip.conf:1: (VI_1) No VIP specified; at least one is sensible"
check script2.conf 6 "SECURITY VIOLATION - scripts are being executed but script_security not enabled."
check secure.conf 0
check gaps.conf 0 "gaps.conf:2: global_defs: 'enable_snmp_vrrp' is accepted but not acted on"
check vrid.conf 4 "vrid.conf:1: (VI_1) virtual_router_id: missing (required)"
sed 's/interface eth0/interface nosuch0/' "$T/ok.conf" >"$T/noif.conf"
check noif.conf 5 "noif.conf:2: WARNING - interface nosuch0 for vrrp_instance VI_1 doesn't exist"
grep -qx "Non-existent interface specified in configuration" "$T/noif.conf.out" ||
	fail "noif.conf: no 'Non-existent interface' line"
{
	printf '%s\n' 'global_defs {' '    dynamic_interfaces' '}'
	cat "$T/noif.conf"
} >"$T/dynif.conf"
check dynif.conf 0
# With net_namespace, -t looks in that namespace, wherever it runs.
{
	echo "net_namespace $NS"
	sed 's/interface eth0/interface eth0p/' "$T/ok.conf"
} >"$T/netns.conf"
"$KEEPALIVED" -t -f "$T/netns.conf" >"$T/netns.conf.out" 2>&1 ||
	fail "netns.conf: -t exits $?, want 0: $(cat "$T/netns.conf.out")"
step "netns.conf: -t exits 0 from outside the namespace"
echo "PASS: config_test_codes"
