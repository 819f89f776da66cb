# Helpers for the ops_* tests that run on vrrp_harness.sh (POSIX sh; source
# it after the harness, call ops_wrap_keepalived after vh_init).
#
#   ops_wrap_keepalived          hosts of kind "ours" get a control socket
#   ops_sock H                   host H's control socket
#   ops_ctl H ARGS...            keepalivectl against host H's socket
#
# The harness starts our daemon as "$KEEPALIVED ... -p PFX-hH.pid ...". The
# wrapper adds --control-socket PFX-hH.ctl, derived from the -p file, so
# that every host has a socket of its own, and execs the daemon (same pid).

ops_wrap_keepalived() {
	KEEPALIVECTL=${KEEPALIVECTL:-$(dirname "$KEEPALIVED")/keepalivectl}
	[ -x "$KEEPALIVECTL" ] || fail "$KEEPALIVECTL is not built"
	_ops_real=$KEEPALIVED
	KEEPALIVED=$LIB_TMP/keepalived-with-ctl
	{
		echo '#!/bin/sh'
		echo 'sock= prev='
		echo 'for a in "$@"; do'
		echo '	[ "$prev" = -p ] && sock=${a%.pid}.ctl'
		echo '	prev=$a'
		echo 'done'
		echo "exec '$_ops_real' --control-socket=\"\$sock\" \"\$@\""
	} >"$KEEPALIVED"
	chmod +x "$KEEPALIVED"
}

ops_sock() {
	echo "$VH_PFX-h$1.ctl"
}

ops_ctl() { # H ARGS...
	_ops_h=$1
	shift
	"$KEEPALIVECTL" --socket "$(ops_sock "$_ops_h")" "$@"
}
