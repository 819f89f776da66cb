#!/bin/sh
# -b/--bfd_pid as keepalived 2.2.7 uses it: keepalived writes the pid file
# of its BFD process when bfd_instances are configured and removes it at
# exit. Here the VRRP process runs BFD, so the file holds the VRRP
# process's pid (the one in the -r file):
# - with a bfd_instance: the -b file holds that pid, and is gone after
#   SIGTERM;
# - without one: no -b file, except with --all (keepalived then runs every
#   child); never with -B;
# - a symbolic link at the -b path is not followed (the file it names is
#   left as it was).
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init core_bfd_pid
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
T=$LIB_TMP
NS=core-bfdp-$$
ns_create "$NS"
ns_veth "$NS" kb0 kb1
ip -n "$NS" addr add 198.18.79.1/24 dev kb0 || fail "address"

conf() { # FILE [BFD]
	{
		if [ -n "${2:-}" ]; then
			echo "bfd_instance b1 {"
			echo "    neighbor_ip 198.18.79.2"
			echo "    source_ip 198.18.79.1"
			echo "}"
		fi
		echo "vrrp_instance VI_1 {"
		echo "    interface kb0"
		echo "    virtual_router_id 62"
		echo "    version 3"
		echo "    advert_int 0.1"
		echo "    priority 100"
		echo "    virtual_ipaddress { 198.18.79.100/32 }"
		echo "}"
	} >"$1"
}
conf "$T/bfd.conf" bfd
conf "$T/nobfd.conf"

_vrrp_pid_ok() { [ -s "$T/vrrp.pid" ] && pid_alive "$(pidfile_pid "$T/vrrp.pid")"; }
_gone() { [ ! -e "$1" ] && [ ! -L "$1" ]; }

start() { # LOG CONF [FLAG]
	rm -f "$T/ka.pid" "$T/vrrp.pid"
	# shellcheck disable=SC2086 # FLAG: no word or one
	daemon_start_bg "$NS" "$T/$1" env TMPDIR="$T" "$KEEPALIVED" -n -l -f "$2" ${3:-} \
		-p "$T/ka.pid" -r "$T/vrrp.pid" -b "$T/bfd.pid" -c "$T/chk.pid" \
		--control-socket "$T/ctl"
	PID=$LIB_LAST_PID
	wait_for 10 _vrrp_pid_ok || fail "$1: no VRRP pid file"
}
stop() { # LOG
	daemon_stop "$PID" 10 || fail "$1: the daemon did not stop"
}

step "a bfd_instance: the -b file holds the VRRP process's pid"
start bfd.log "$T/bfd.conf"
[ -f "$T/bfd.pid" ] || fail "no -b file ($(cat "$T/bfd.log"))"
[ "$(pidfile_pid "$T/bfd.pid")" = "$(pidfile_pid "$T/vrrp.pid")" ] ||
	fail "-b file: '$(pidfile_pid "$T/bfd.pid")', VRRP pid '$(pidfile_pid "$T/vrrp.pid")'"
stop bfd.log
_gone "$T/bfd.pid" || fail "the -b file is left after the stop"

step "no bfd_instance: no -b file"
start nobfd.log "$T/nobfd.conf"
_gone "$T/bfd.pid" || fail "a -b file without any bfd_instance"
stop nobfd.log

step "--all, no bfd_instance: the -b file (keepalived runs every child); -B: none"
start all.log "$T/nobfd.conf" --all
[ "$(pidfile_pid "$T/bfd.pid")" = "$(pidfile_pid "$T/vrrp.pid")" ] || fail "--all: no -b file"
stop all.log
start nob.log "$T/bfd.conf" -B
_gone "$T/bfd.pid" || fail "a -b file with -B"
stop nob.log

step "bfd_instance without vrrp_instance: the process is named with bfd_process_name"
{
	echo "global_defs {"
	echo "    vrrp_process_name kvrrp"
	echo "    bfd_process_name kbfd"
	echo "}"
	sed -n '1,4p' "$T/bfd.conf"
} >"$T/bfdonly.conf"
grep -q "neighbor_ip" "$T/bfdonly.conf" || fail "bfdonly.conf: $(cat "$T/bfdonly.conf")"
_comm_is() { [ "$(cat "/proc/$PID/comm" 2>/dev/null)" = "$1" ]; }
start bfdonly.log "$T/bfdonly.conf"
wait_for 5 _comm_is kbfd || fail "process name '$(cat "/proc/$PID/comm")' ($(cat "$T/bfdonly.log"))"
[ "$(pidfile_pid "$T/bfd.pid")" = "$PID" ] || fail "bfd only: the -b file"
! grep -q "bfd_process_name" "$T/bfdonly.log" || fail "a warning about bfd_process_name"
stop bfdonly.log
sed 's/^vrrp_instance/global_defs {\n    vrrp_process_name kvrrp\n    bfd_process_name kbfd\n}\nvrrp_instance/' \
	"$T/bfd.conf" >"$T/both.conf"
start both.log "$T/both.conf"
wait_for 5 _comm_is kvrrp || fail "with VRRP: process name '$(cat "/proc/$PID/comm")'"
stop both.log

step "a link at the -b path is not followed"
echo untouched >"$T/target"
ln -s "$T/target" "$T/bfd.pid"
rm -f "$T/ka.pid" "$T/vrrp.pid"
daemon_start_bg "$NS" "$T/link.log" env TMPDIR="$T" "$KEEPALIVED" -n -l -f "$T/bfd.conf" \
	-p "$T/ka.pid" -r "$T/vrrp.pid" -b "$T/bfd.pid" -c "$T/chk.pid" --control-socket "$T/ctl"
PID=$LIB_LAST_PID
# Started or refused, the file behind the link keeps its content.
wait_for 10 _vrrp_pid_ok || wait_for 5 _lib_dead "$PID" || :
daemon_stop "$PID" 10 || fail "link: the daemon did not stop"
[ "$(cat "$T/target")" = untouched ] || fail "the link at the -b path was followed"
echo "PASS: core_bfd_pid"
