# Helpers for test scripts that run inside the UML guest (bash; source it).
# shellcheck shell=bash
#
# Bash, not POSIX sh: in the guest each fork and exec costs about 70 ms, and
# bash can tell the time ($EPOCHREALTIME) and sleep (read -t on a FIFO)
# without starting a process. Nothing here is needed on the host.
#
#   . "$top_srcdir/test/uml/guest_lib.sh"
#   g_init ipvs_keepalived                 # $G_TMP, traps
#   rs_setup rs1,198.18.1.10,198.18.1.1 rs2,198.18.2.10,198.18.2.1
#   srv_start rs1,rs1,198.18.1.10,80,tcp rs2,rs2,198.18.2.10,80,http
#   srv_cmd stop rs1
#   g_expect_table 10 "$expected" || g_fail "rs1 not removed"
#
# Functions:
#   g_init NAME            $G_TMP (on the guest's tmpfs), exit trap; at
#                          exit $G_TMP/*.log and *.conf are copied to the
#                          results folder (names prefixed by $G_LOG_PREFIX)
#   g_step MESSAGE...      progress line with the seconds since g_init
#   g_fail MESSAGE...      FAIL line, the logs in $G_TMP/*.log, exit 1
#   g_sleep SECONDS        sleep without a process
#   g_now_ms               milliseconds (wall clock) on stdout; g_now: in $G_NOW
#   g_wait_for TIMEOUT CMD...   run CMD every 0.2 s until it succeeds, at
#                          most TIMEOUT seconds; returns 0 or 1
#   rs_setup NS,ADDR,DIRADDR...  a namespace NS per real server, a veth
#                          v-NS (DIRADDR) to eth0 (NS, ADDR), a default
#                          route back; /24 or /64. v-NS is in the guest's
#                          root namespace, or in $RS_DIRECTOR (made here)
#   srv_start SPEC...      servers.py with these SPECs (see servers.py),
#                          waits until they listen
#   srv_cmd WORDS...       a command to servers.py; waits until it is done
#   ipvs_table             `ipvsadm -Ln` normalised: one sorted line per
#                          service ("TCP 198.18.0.100:80 rr") and per real
#                          server ("TCP 198.18.0.100:80 -> 198.18.1.10:80
#                          Masq 1"), connection counts dropped
#   ipvs_raw               /proc/net/ip_vs in $G_RAW, no process started
#                          (to poll for a change)
#   g_expect_table TIMEOUT TEXT  wait until ipvs_table prints TEXT (lines;
#                          order does not matter); on failure print both
#   ka_start LOG BINARY ARGS...  start a daemon in the background: $KA_PID
#   ka_stop PID TIMEOUT    SIGTERM and wait for the exit; 0 or 1
#   g_need_ref             $REF (KEEPALIVED_REF, else /usr/sbin/keepalived)
#                          and our $KEEPALIVED, or exit 77 (line comparisons)
#   g_log_lines LOG        LOG's lines without their time stamps

G_TMP=
G_PIDS=
G_T0=
G_SLEEP_FD=
SRV_FIFO=
SRV_ACK=
SRV_DONE=0
KA_PID=

g_now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# The same into $G_NOW: $(g_now_ms) would fork.
g_now() {
	G_NOW=${EPOCHREALTIME/./}
	G_NOW=$((G_NOW / 1000))
}

g_init() {
	G_TMP=/run/$1.$$
	mkdir "$G_TMP" || exit 1
	G_T0=${EPOCHREALTIME/./}
	mkfifo "$G_TMP/sleep" || exit 1
	# Nobody writes to it: a read with a timeout is a sleep.
	exec {G_SLEEP_FD}<>"$G_TMP/sleep"
	trap g_cleanup EXIT
	trap 'exit 1' INT TERM
}

g_cleanup() {
	local rc=$? pid f
	trap - EXIT INT TERM
	[ -n "$SRV_FIFO" ] && echo quit 1<>"$SRV_FIFO" 2>/dev/null
	for pid in $G_PIDS; do
		kill -TERM "$pid" 2>/dev/null
	done
	# guest_init.sh exports the host's results folder: keep the logs there.
	if [ -n "${UML_RESULTS:-}" ] && [ -d "$UML_RESULTS" ]; then
		for f in "$G_TMP"/*.log "$G_TMP"/*.conf; do
			[ -e "$f" ] && cp "$f" "$UML_RESULTS/${G_LOG_PREFIX:-}${f##*/}"
		done
	fi
	exit "$rc"
}

g_sleep() {
	read -r -t "$1" -u "$G_SLEEP_FD" _ || true
}

g_step() {
	local t=${EPOCHREALTIME/./}
	t=$(((t - G_T0) / 1000))
	printf '[%d.%03d] %s\n' $((t / 1000)) $((t % 1000)) "$*"
}

g_fail() {
	local f
	echo "FAIL: $*"
	for f in "$G_TMP"/*.log; do
		[ -e "$f" ] || continue
		echo "---- $f (last 40 lines)"
		tail -n 40 "$f"
	done
	exit 1
}

g_wait_for() {
	local end
	g_now
	end=$((G_NOW + ${1%.*} * 1000))
	shift
	until "$@"; do
		g_now
		[ "$G_NOW" -lt "$end" ] || return 1
		g_sleep 0.2
	done
}

_rs_prefix() {
	case $1 in *:*) echo 64 ;; *) echo 24 ;; esac
}

rs_setup() {
	local spec ns addr dir len root_batch=$G_TMP/rs_root.ip dir_batch=$G_TMP/rs_dir.ip
	local where=${RS_DIRECTOR:+netns $RS_DIRECTOR}
	: >"$root_batch"
	: >"$dir_batch"
	if [ -n "${RS_DIRECTOR:-}" ] && [ ! -e "/run/netns/$RS_DIRECTOR" ]; then
		printf 'netns add %s\n' "$RS_DIRECTOR" >>"$root_batch"
		printf 'link set lo up\n' >>"$dir_batch"
	fi
	for spec in "$@"; do
		IFS=, read -r ns addr dir <<<"$spec"
		len=$(_rs_prefix "$addr")
		echo "netns add $ns" >>"$root_batch"
		echo "link add v-$ns $where type veth peer name eth0 netns $ns" >>"$root_batch"
		{
			# IPv6 would wait for duplicate address detection.
			if [ "$len" = 64 ]; then
				echo "addr add $dir/$len dev v-$ns nodad"
			else
				echo "addr add $dir/$len dev v-$ns"
			fi
			echo "link set v-$ns up"
		} >>"$dir_batch"
	done
	ip -batch "$root_batch" || return 1
	ip ${RS_DIRECTOR:+-n "$RS_DIRECTOR"} -batch "$dir_batch" || return 1
	for spec in "$@"; do
		IFS=, read -r ns addr dir <<<"$spec"
		len=$(_rs_prefix "$addr")
		if [ "$len" = 64 ]; then
			printf 'link set lo up\nlink set eth0 up\naddr add %s/64 dev eth0 nodad\nroute add default via %s\n' \
				"$addr" "$dir"
		else
			printf 'link set lo up\nlink set eth0 up\naddr add %s/24 dev eth0\nroute add default via %s\n' \
				"$addr" "$dir"
		fi >"$G_TMP/rs_$ns.ip"
		ip -n "$ns" -batch "$G_TMP/rs_$ns.ip" || return 1
	done
}

_srv_acked() {
	local n
	[ -e "$SRV_ACK" ] && read -r n <"$SRV_ACK" || return 1
	[ "$n" -ge "$SRV_DONE" ]
}

srv_start() {
	SRV_FIFO=$G_TMP/srv.ctl
	SRV_ACK=$G_TMP/srv.ack
	SRV_DONE=0
	rm -f "$SRV_ACK"
	[ -p "$SRV_FIFO" ] || mkfifo "$SRV_FIFO" || return 1
	python3 "$top_srcdir/test/uml/servers.py" "$SRV_FIFO" "$SRV_ACK" "$@" >"$G_TMP/servers.log" 2>&1 &
	G_PIDS="$G_PIDS $!"
	g_wait_for 20 _srv_acked
}

srv_cmd() {
	# Opened read-write: the open never waits for a reader that died.
	echo "$*" 1<>"$SRV_FIFO" || return 1
	SRV_DONE=$((SRV_DONE + 1))
	g_wait_for 5 _srv_acked
}

ipvs_table() {
	ipvsadm -Ln | awk '
		/^(TCP|UDP|SCTP|FWM) / { vs = $1 " " $2; $1 = ""; $2 = ""; sub(/^ +/, ""); print vs " " $0; next }
		/^  -> [^R]/ { print vs " -> " $2 " " $3 " " $4 }' | LC_ALL=C sort
}

# /proc/net/ip_vs (of the current namespace) into $G_RAW without starting
# a process: cheap enough to poll for a change (addresses in hex: compare,
# do not show). Read in one go: a `while read` loop seeks back after each
# line, and this seq_file then drops entries. The connection counters are
# kept; no test sends traffic through a virtual server.
ipvs_raw() {
	read -r -d '' G_RAW </proc/net/ip_vs
}

_g_table_is() {
	G_TABLE=$(ipvs_table)
	[ "$G_TABLE" = "$1" ]
}

g_expect_table() {
	local want
	want=$(printf '%s\n' "$2" | sed '/^$/d' | LC_ALL=C sort)
	g_wait_for "$1" _g_table_is "$want" && return 0
	echo "expected IPVS table:"
	printf '%s\n' "$want" | sed 's/^/  /'
	echo "actual:"
	printf '%s\n' "$G_TABLE" | sed 's/^/  /'
	return 1
}

ka_start() {
	local log=$1
	shift
	"$@" >"$log" 2>&1 &
	KA_PID=$!
	G_PIDS="$G_PIDS $KA_PID"
}

_g_dead() {
	local st
	kill -0 "$1" 2>/dev/null || return 0
	# A child that exited and that the shell has not reaped yet is a zombie,
	# which kill -0 still finds: dead too (seen once after "Stopped").
	read -r _ _ st _ <"/proc/$1/stat" 2>/dev/null || return 0
	[ "$st" = Z ]
}

ka_stop() {
	kill -TERM "$1" 2>/dev/null || return 0
	g_wait_for "$2" _g_dead "$1"
}

g_need_ref() {
	REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
	[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
	[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
}

g_log_lines() {
	sed 's/^[A-Z][a-z]* [A-Z][a-z]* *[0-9]* [0-9:]* [0-9]*: //' "$1"
}
