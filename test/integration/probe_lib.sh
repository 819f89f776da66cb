# What the tests that drive a probe program in one namespace share
# (netlink.sh with nl_probe, vmac_routes.sh with vm_probe). POSIX sh; source
# it after lib.sh and lib_init, then call probe_lib_init.
#
#   probe_lib_init NAME NS   # $PROBE = $top_builddir/test/integration/NAME
#   probe ARGS...            # runs it in namespace NS, under $PROBE_WRAP if set
#   ok TEXT                  # "ok N: TEXT", counting in $PASSED
#   now_us                   # wall-clock microseconds, for timings
#   probe_start_bg SECS LOG ARGS...  # the probe in the background, output in
#                            # LOG; waits SECS for its "ready"; sets $PROBE_PID
#   probe_wait_ll IF [WHEN]  # wait up to 5 s for IF's link-local; sets $LL
#   probe_mac IF             # IF's MAC address
#
# PROBE_WRAP runs the probe under a tool, e.g.
# PROBE_WRAP="valgrind -q --error-exitcode=3 --leak-check=full".

probe_lib_init() { # NAME NS
	PROBE=${top_builddir:-.}/test/integration/$1
	[ -x "$PROBE" ] || fail "$PROBE is not built"
	PROBE_NS=$2
	PASSED=0
}

ok() {
	PASSED=$((PASSED + 1))
	echo "ok $PASSED: $*"
}
# shellcheck disable=SC2086 # PROBE_WRAP is a command line
probe() { ip netns exec "$PROBE_NS" ${PROBE_WRAP:-} "$PROBE" "$@"; }
now_us() { echo $(($(date +%s%N) / 1000)); }
probe_start_bg() { # SECS LOG ARGS...
	_probe_secs=$1 _probe_log=$2
	shift 2
	# shellcheck disable=SC2086 # PROBE_WRAP is a command line
	daemon_start_bg "$PROBE_NS" "$_probe_log" ${PROBE_WRAP:-} "$PROBE" "$@"
	# shellcheck disable=SC2034 # the caller reads it
	PROBE_PID=$LIB_LAST_PID
	wait_for "$_probe_secs" grep -qs '^ready$' "$_probe_log" || fail "probe $* not ready"
}

# The usable (not tentative) link-local address of $_probe_if, empty if none yet.
_probe_ll() {
	ip -n "$PROBE_NS" -6 -o addr show dev "$_probe_if" scope link | grep -v tentative |
		sed -n 's/.* inet6 \(fe80::[0-9a-f:]*\)\/64.*/\1/p'
}
_probe_has_ll() { [ -n "$(_probe_ll)" ]; }
probe_wait_ll() { # IF [WHEN]
	_probe_if=$1
	wait_for 5 _probe_has_ll || fail "no link-local on $1${2:+ $2}"
	# shellcheck disable=SC2034 # the caller reads it
	LL=$(_probe_ll)
}
probe_mac() { # IF
	ip -n "$PROBE_NS" -o link show "$1" | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p'
}
