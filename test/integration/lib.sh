# Shared helpers for the integration tests (POSIX sh; source it, don't run it).
#
#   . "$top_srcdir/test/integration/lib.sh"
#   lib_init lifecycle            # traps, $LIB_TMP; exits 77 unless root
#   ns_create core-lc-$$          # removed again at exit
#   ns_veth core-lc-$$ ka0 ka1    # a veth pair inside it, both ends up
#   daemon_start_bg core-lc-$$ "$LIB_TMP/ka.log" "$KEEPALIVED" -n -l -f ...
#   wait_for 5 grep -q "Startup complete" "$LIB_TMP/ka.log" || fail "no start"
#   daemon_stop "$LIB_LAST_PID" 1 || fail "did not stop within 1 s"
#
# Every namespace, process and temporary file a test makes through these
# helpers is removed at exit, whether the test passes, fails or is
# interrupted. Processes are only ever ended by their pid.
#
# Functions:
#   lib_init NAME             trap EXIT/INT/TERM, make $LIB_TMP; needs root
#   lib_require_tools TOOL... exit 77 (skip) if a tool is missing
#   fail MESSAGE...           print FAIL and the logs in $LIB_TMP, exit 1
#   step MESSAGE...           print a progress line
#   wait_for TIMEOUT CMD...   run CMD until it succeeds, at most TIMEOUT
#                             seconds (decimals allowed); 0 or 1
#   pid_alive PID             true if PID runs (zombies count as dead)
#   pidfile_pid FILE          print the pid held in FILE
#   track_pid PID             kill PID at exit if it still runs
#   ns_create NS              new network namespace with lo up
#   ns_exec NS CMD...         run CMD inside NS
#   ns_veth NS IF1 IF2 [NS2]  veth pair IF1 (in NS) - IF2 (in NS2, default
#                             NS), both up, IPv6 DAD off on both
#   daemon_start_bg NS LOG CMD...
#                             run CMD in NS in the background, stdout and
#                             stderr to LOG; its pid in $LIB_LAST_PID
#   daemon_stop PID TIMEOUT   SIGTERM, then wait up to TIMEOUT s for exit

LIB_TMP=
LIB_NAMESPACES=
LIB_PIDS=
LIB_PID_STARTS=
LIB_LAST_PID=

lib_cleanup() {
	_rc=$?
	trap - EXIT INT TERM
	# A tracked process that ended long ago may have left its pid to
	# someone else's (pids wrap within a minute while tests poll): only a
	# process with the start time track_pid saw is still ours.
	for _pid in $LIB_PIDS; do
		_lib_ours "$_pid" && kill -TERM "$_pid" 2>/dev/null
	done
	# Anything still running in our namespaces was started by this test.
	for _ns in $LIB_NAMESPACES; do
		for _pid in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -TERM "$_pid" 2>/dev/null
		done
	done
	for _pid in $LIB_PIDS; do
		_lib_ours "$_pid" || continue
		wait_for 2 _lib_dead "$_pid" || { _lib_ours "$_pid" && kill -KILL "$_pid" 2>/dev/null; }
	done
	for _ns in $LIB_NAMESPACES; do
		for _pid in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -KILL "$_pid" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done
	[ -n "$LIB_TMP" ] && rm -rf "$LIB_TMP"
	exit "$_rc"
}

lib_init() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: $1 needs root"
		exit 77
	fi
	lib_require_tools ip mktemp
	trap lib_cleanup EXIT
	trap 'exit 1' INT TERM
	LIB_TMP=$(mktemp -d "/tmp/$1.XXXXXX") || fail "mktemp"
}

lib_require_tools() {
	for _tool in "$@"; do
		command -v "$_tool" >/dev/null 2>&1 || {
			echo "SKIP: $_tool not found"
			exit 77
		}
	done
}

fail() {
	echo "FAIL: $*"
	if [ -n "$LIB_TMP" ]; then
		for _f in "$LIB_TMP"/*.log; do
			[ -s "$_f" ] || continue
			echo "--- $_f (last 40 lines)"
			tail -n 40 "$_f"
		done
	fi
	exit 1
}

step() {
	echo "== $*"
}

_lib_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

wait_for() {
	_lib_end=$(($(_lib_now_ms) + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')))
	shift
	until "$@"; do
		[ "$(_lib_now_ms)" -lt "$_lib_end" ] || return 1
		sleep 0.02
	done
}

pid_alive() {
	[ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
	# The state follows the command name, which is in parentheses.
	_lib_state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$_lib_state" ] && [ "$_lib_state" != Z ] && [ "$_lib_state" != X ]
}

_lib_dead() {
	! pid_alive "$1"
}

pidfile_pid() {
	tr -d ' \n' <"$1" 2>/dev/null
}

track_pid() {
	LIB_PIDS="$LIB_PIDS $1"
	LIB_PID_STARTS="$LIB_PID_STARTS $1:$(_lib_start_time "$1")"
}

# The process's start time (clock ticks after boot, field 22 of
# /proc/PID/stat; the fields after the command name start at 3).
_lib_start_time() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# PID runs and is the process track_pid recorded, not a later one that
# was given the same pid.
_lib_ours() {
	pid_alive "$1" || return 1
	_lib_st=$(_lib_start_time "$1")
	[ -n "$_lib_st" ] || return 1
	case " $LIB_PID_STARTS " in *" $1:$_lib_st "*) return 0 ;; esac
	return 1
}

ns_create() {
	ip netns add "$1" || fail "ip netns add $1"
	LIB_NAMESPACES="$LIB_NAMESPACES $1"
	ip -n "$1" link set lo up || fail "lo up in $1"
}

ns_exec() {
	_lib_ns=$1
	shift
	ip netns exec "$_lib_ns" "$@"
}

ns_veth() {
	_lib_peer_ns=${4:-$1}
	ip -n "$1" link add "$2" type veth peer name "$3" netns "$_lib_peer_ns" ||
		fail "veth $2-$3 in $1"
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0"
	ip netns exec "$_lib_peer_ns" sysctl -qw "net.ipv6.conf.$3.accept_dad=0"
	ip -n "$1" link set "$2" up || fail "$2 up"
	ip -n "$_lib_peer_ns" link set "$3" up || fail "$3 up"
}

daemon_start_bg() {
	_lib_ns=$1
	_lib_log=$2
	shift 2
	# ip netns exec execs the command: $! is the daemon itself.
	ip netns exec "$_lib_ns" "$@" >"$_lib_log" 2>&1 &
	LIB_LAST_PID=$!
	track_pid "$LIB_LAST_PID"
}

daemon_stop() {
	pid_alive "$1" || return 0
	kill -TERM "$1" 2>/dev/null
	wait_for "$2" _lib_dead "$1"
}
