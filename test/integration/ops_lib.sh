# Helpers for the ops_* tests (POSIX sh; source it after lib.sh or the
# harness, call ops_wrap_keepalived after vh_init).
#
#   ops_binaries                 find and check $KEEPALIVED and $KEEPALIVECTL
#   ops_wrap_keepalived          hosts of kind "ours" get a control socket
#   ops_two_hosts N              harness: host 1 Master (N adverts seen), host 2 Backup
#   ops_sock H                   host H's control socket
#   ops_ctl H ARGS...            keepalivectl against host H's socket
#
# The harness starts our daemon as "$KEEPALIVED ... -p PFX-hH.pid ...". The
# wrapper adds --control-socket PFX-hH.ctl, derived from the -p file, so
# that every host has a socket of its own, and execs the daemon (same pid).

# For the tests that start the daemon themselves, without the harness.
ops_binaries() {
	KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
	KEEPALIVECTL=${KEEPALIVECTL:-$(dirname "$KEEPALIVED")/keepalivectl}
	[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
	[ -x "$KEEPALIVECTL" ] || fail "$KEEPALIVECTL is not built"
}

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

# Two of our daemons (v3 IPv4, 1 s): host 1 priority 150 Master, seen
# sending N adverts, alone with the VIP; host 2 priority 100 Backup. Sets
# WAIT, a deadline (s) that covers three Master_Down_Intervals.
ops_two_hosts() { # N
	vh_params ver=3 fam=4 adv=1
	WAIT=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')

	step "two hosts, host 1 Master"
	vh_topo 2
	vh_start 1 ours prio=150
	vh_wait_backup_log 1 10 || fail "host 1 never logged BACKUP"
	vh_start 2 ours prio=100
	vh_wait_sole_vip 1 "$WAIT" || fail "host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$WAIT" || fail "host 2 never logged BACKUP"
	vh_wait_adverts 1 "$1" "$WAIT" || fail "host 1 does not advertise"
}
