# What the tests that drive a probe program in one namespace share
# (netlink.sh with nl_probe, vmac_routes.sh with vm_probe). POSIX sh; source
# it after lib.sh and lib_init, then call probe_lib_init.
#
#   probe_lib_init NAME NS   # $PROBE = $top_builddir/test/integration/NAME
#   probe ARGS...            # runs it in namespace NS, under $PROBE_WRAP if set
#   ok TEXT                  # "ok N: TEXT", counting in $PASSED
#   now_us                   # wall-clock microseconds, for timings
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
