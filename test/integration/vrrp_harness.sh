# VRRP end-to-end harness (POSIX sh; source it, don't run it). Built on
# lib.sh, which it sources.
#
#   . "$top_srcdir/test/integration/vrrp_harness.sh"
#   vh_init vrrp_kill                  # lib_init, tools, $KEEPALIVED
#   vh_topo 2                          # hosts 1, 2 on a bridge; capture on
#   vh_start 1 ours prio=150; vh_start 2 ka prio=100
#   vh_wait_sole_vip 1 10 || fail "host 1 never took the VIP"
#   T0=$(vh_now); vh_kill9 1
#   vh_wait_sole_vip 2 10 || fail ...
#   vh_cap_stop                        # decode the capture once
#   vh_failover 1 2 "$T0" "kill -9"     # = Master_Down_Interval of host 2
#   vh_check_checksums                 # our adverts: good checksums
#
# Topology: namespace it-$$-b holds bridge br0 (multicast snooping off);
# host H is namespace it-$$-H whose eth0 (veth) is bridge port pH. Host H
# has 198.18.1.H/24 and fd00::H/64 on eth0, IPv6 DAD off. The virtual
# addresses are 198.18.1.100-101/24 or fd00::100-101/64. Each vh_topo starts
# a new scenario: the previous one is torn down and its files removed
# (they are kept when the test fails, for fail() to show).
#
# Daemon kinds: "ours" ($KEEPALIVED) and "ka" ($VH_KA, Debian's keepalived
# 2.2.7) read the same keepalived.conf; "frr" is zebra + vrrpd ($VH_FRR)
# with the VIPs on a macvlan (mode bridge) carrying the virtual MAC. Every
# daemon's output goes through a time stamper: each log line starts with
# the wall-clock time it was written, comparable with capture times.
#
# Scenario parameters (vh_params, or per host on vh_start):
#   ver=2|3 fam=4|6 adv=SECONDS vrid=N auth=PASSWORD (v2 PASS) prio=N
#   state=BACKUP|MASTER nopreempt=1 pdelay=SECONDS nvip=1|2
#
# Generic helpers that lib.sh could also have: vh_now (wall-clock seconds
# with decimals), _vh_stamp (time-stamping pipe).

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

VH_KA=${VH_KA:-/usr/sbin/keepalived}
VH_FRR=${VH_FRR:-/usr/lib/frr}
# -D (--log-detail) for ours and ka; a test may set VH_DETAIL= for none.
VH_DETAIL=${VH_DETAIL--D}
VH_ID=$$
VH_BR=it-$VH_ID-b
VH_SCN=0
VH_N=0
VH_CAP_PID=
VH_STOPPED=

# Scenario defaults.
VH_VER=3
VH_FAM=4
VH_ADV=1
VH_VRID=51
VH_AUTH=
VH_NVIP=2

# Per-host attributes live in VH_<key>_<host>.
_vh_set() { eval "VH_$2_$1=\$3"; }
_vh_get() { eval "printf '%s' \"\${VH_$2_$1:-}\""; }

vh_now() {
	date +%s.%N
}

vh_ns() {
	echo "it-$VH_ID-$1"
}

vh_init() {
	lib_init "$1"
	lib_require_tools tcpdump tshark awk bash date mkfifo sed
	KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
	case $KEEPALIVED in
	*/*) ;;
	*) KEEPALIVED=$(command -v "$KEEPALIVED") ;;
	esac
	[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
	# SIGCONT anything we stopped so that lib_cleanup's SIGTERM works
	# at once; keep lib_cleanup's view of the exit status.
	# shellcheck disable=SC2154 # _vh_rc is set by the trap itself
	trap '_vh_rc=$?; _vh_on_exit; (exit $_vh_rc); lib_cleanup' EXIT
}

_vh_on_exit() {
	for _p in $VH_STOPPED; do
		kill -CONT "$_p" 2>/dev/null
	done
	# FRR leaves a crash-log directory per process in /var/tmp/frr.
	for _p in $LIB_PIDS; do
		rm -rf "/var/tmp/frr/zebra.$_p" "/var/tmp/frr/vrrpd.$_p" 2>/dev/null
	done
	return 0
}

vh_need_keepalived() {
	[ -x "$VH_KA" ] || { echo "SKIP: $VH_KA not found"; exit 77; }
}

vh_need_frr() {
	if ! [ -x "$VH_FRR/zebra" ] || ! [ -x "$VH_FRR/vrrpd" ]; then
		echo "SKIP: FRR zebra/vrrpd not found in $VH_FRR"
		exit 77
	fi
	id frr >/dev/null 2>&1 || { echo "SKIP: no user frr"; exit 77; }
}

vh_params() {
	for _kv in "$@"; do
		case $_kv in
		ver=*) VH_VER=${_kv#*=} ;;
		fam=*) VH_FAM=${_kv#*=} ;;
		adv=*) VH_ADV=${_kv#*=} ;;
		vrid=*) VH_VRID=${_kv#*=} ;;
		auth=*) VH_AUTH=${_kv#*=} ;;
		nvip=*) VH_NVIP=${_kv#*=} ;;
		*) fail "vh_params: unknown $_kv" ;;
		esac
	done
}

# The first virtual address (without prefix length) of the scenario family.
vh_vip() {
	if [ "$VH_FAM" = 6 ]; then echo fd00::100; else echo 198.18.1.100; fi
}

_vh_vips() { # with prefix lengths, one a line
	if [ "$VH_FAM" = 6 ]; then
		echo fd00::100/64
		[ "$VH_NVIP" -ge 2 ] && echo fd00::101/64
	else
		echo 198.18.1.100/24
		[ "$VH_NVIP" -ge 2 ] && echo 198.18.1.101/24
	fi
	return 0
}

# Topology -----------------------------------------------------------------------

vh_topo() { # N
	vh_teardown
	VH_SCN=$((VH_SCN + 1))
	VH_N=$1
	VH_PFX=$LIB_TMP/s$VH_SCN
	ns_create "$VH_BR"
	ip -n "$VH_BR" link add br0 type bridge mcast_snooping 0 ||
		fail "bridge in $VH_BR"
	ip -n "$VH_BR" link set br0 up || fail "br0 up"
	_vh_h=1
	while [ "$_vh_h" -le "$VH_N" ]; do
		_vh_host_setup "$_vh_h"
		_vh_h=$((_vh_h + 1))
	done
	vh_cap_start
}

_vh_host_setup() { # H
	_vh_ns=$(vh_ns "$1")
	ns_create "$_vh_ns"
	ip netns exec "$_vh_ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 || fail "sysctl in $_vh_ns"
	ns_veth "$_vh_ns" eth0 "p$1" "$VH_BR"
	ip -n "$VH_BR" link set "p$1" master br0 || fail "p$1 into br0"
	ip -n "$_vh_ns" addr add "198.18.1.$1/24" dev eth0 || fail "IPv4 on host $1"
	ip -n "$_vh_ns" addr add "fd00::$1/64" dev eth0 nodad || fail "IPv6 on host $1"
	wait_for 5 _vh_has_ll "$_vh_ns" eth0 || fail "no link-local on host $1"
	_vh_set "$1" LL "$(_vh_ll "$_vh_ns" eth0)"
	_vh_set "$1" MAC "$(ip netns exec "$_vh_ns" cat /sys/class/net/eth0/address)"
	for _vh_k in KIND PID CPID ZPID DEAD LL6 PRIO SRC; do
		_vh_set "$1" "$_vh_k" ""
	done
}

_vh_ll() { # NS IF
	ip -n "$1" -6 -o addr show dev "$2" scope link 2>/dev/null |
		awk '{ sub("/.*", "", $4); print $4; exit }'
}

_vh_has_ll() {
	[ -n "$(_vh_ll "$1" "$2")" ]
}

vh_teardown() {
	[ "$VH_N" -gt 0 ] || return 0
	[ -n "$VH_CAP_PID" ] && vh_cap_stop
	_vh_h=1
	while [ "$_vh_h" -le "$VH_N" ]; do
		vh_host_stop "$_vh_h"
		ip netns del "$(vh_ns "$_vh_h")" 2>/dev/null
		_vh_h=$((_vh_h + 1))
	done
	ip netns del "$VH_BR" 2>/dev/null
	rm -rf "$VH_PFX"*
	VH_N=0
}

# Daemons --------------------------------------------------------------------------

# Time-stamping pipe: every line read gets the wall-clock time prepended.
_vh_stamp() { # FIFO LOG
	LC_ALL=C bash -c 'while IFS= read -r l; do printf "%s %s\n" "$EPOCHREALTIME" "$l"; done' \
		<"$1" >>"$2" &
	track_pid $!
}

# daemon_start_bg through a time stamper; log is VH_PFX-hH[-SUFFIX].log.
_vh_launch() { # H SUFFIX CMD...
	_vh_lh=$1
	_vh_log=$VH_PFX-h$1$2.log
	shift 2
	rm -f "$_vh_log.fifo"
	mkfifo "$_vh_log.fifo" || fail "mkfifo"
	_vh_stamp "$_vh_log.fifo" "$_vh_log"
	daemon_start_bg "$(vh_ns "$_vh_lh")" "$_vh_log.fifo" "$@"
}

vh_log() { # H: the daemon's (for frr: vrrpd's) log file
	echo "$VH_PFX-h$1.log"
}

# vh_start H KIND [key=value...]
vh_start() {
	_vh_sh=$1
	_vh_kind=$2
	shift 2
	_vh_set "$_vh_sh" KIND "$_vh_kind"
	_vh_set "$_vh_sh" DEAD ""
	_vh_prio=100 _vh_state=BACKUP _vh_nopre='' _vh_pdelay=
	_vh_ver=$VH_VER _vh_adv=$VH_ADV _vh_auth=$VH_AUTH
	for _kv in "$@"; do
		case $_kv in
		prio=*) _vh_prio=${_kv#*=} ;;
		state=*) _vh_state=${_kv#*=} ;;
		nopreempt=*) _vh_nopre=${_kv#*=} ;;
		pdelay=*) _vh_pdelay=${_kv#*=} ;;
		ver=*) _vh_ver=${_kv#*=} ;;
		adv=*) _vh_adv=${_kv#*=} ;;
		auth=*) _vh_auth=${_kv#*=} ;;
		*) fail "vh_start: unknown $_kv" ;;
		esac
	done
	_vh_set "$_vh_sh" PRIO "$_vh_prio"
	_vh_conf=$VH_PFX-h$_vh_sh.conf
	case $_vh_kind in
	ours | ka)
		_vh_ka_conf >"$_vh_conf"
		if [ "$_vh_kind" = ours ]; then _vh_bin=$KEEPALIVED; else _vh_bin=$VH_KA; fi
		# A restart: the old processes are gone (zombies may linger,
		# which keepalived would take for a running daemon).
		rm -f "$VH_PFX-h$_vh_sh.pid" "$VH_PFX-h$_vh_sh.vpid"
		# shellcheck disable=SC2086 # VH_DETAIL: no word or one
		_vh_launch "$_vh_sh" "" "$_vh_bin" -n -l $VH_DETAIL -G -P -f "$_vh_conf" \
			-p "$VH_PFX-h$_vh_sh.pid" -r "$VH_PFX-h$_vh_sh.vpid"
		_vh_set "$_vh_sh" PID "$LIB_LAST_PID"
		wait_for 5 _vh_vrrp_pid_ok "$_vh_sh" ||
			fail "host $_vh_sh: no VRRP pid in $VH_PFX-h$_vh_sh.vpid"
		_vh_set "$_vh_sh" CPID "$(pidfile_pid "$VH_PFX-h$_vh_sh.vpid")"
		;;
	frr)
		_vh_frr_start "$_vh_sh"
		;;
	*) fail "vh_start: unknown kind $_vh_kind" ;;
	esac
	_vh_set "$_vh_sh" SRC "$(_vh_src "$_vh_sh")"
}

_vh_vrrp_pid_ok() {
	[ -s "$VH_PFX-h$1.vpid" ] || return 1
	_vh_vp=$(pidfile_pid "$VH_PFX-h$1.vpid")
	pid_alive "$_vh_vp"
}

# Hooks for the keepalived.conf that vh_start writes for the kinds ours and
# ka: a test redefines them after sourcing this file. They run with the
# variables of the host being started ($_vh_sh, its number, and the others
# of vh_start). VH_AUTH_TYPE is the auth_type written when auth= is set.
vh_conf_top() { :; }      # lines at the top level, after global_defs
vh_conf_instance() { :; } # lines inside vrrp_instance VI_1, indented by 4
VH_AUTH_TYPE=PASS

_vh_ka_conf() {
	echo "! vrrp harness, host $_vh_sh"
	echo "global_defs {"
	echo "    router_id it_h$_vh_sh"
	echo "}"
	vh_conf_top
	echo "vrrp_instance VI_1 {"
	echo "    state $_vh_state"
	echo "    interface eth0"
	echo "    virtual_router_id $VH_VRID"
	echo "    version $_vh_ver"
	echo "    priority $_vh_prio"
	echo "    advert_int $_vh_adv"
	[ -n "$_vh_nopre" ] && echo "    nopreempt"
	[ -n "$_vh_pdelay" ] && echo "    preempt_delay $_vh_pdelay"
	if [ -n "$_vh_auth" ]; then
		echo "    authentication {"
		echo "        auth_type $VH_AUTH_TYPE"
		echo "        auth_pass $_vh_auth"
		echo "    }"
	fi
	vh_conf_instance
	echo "    virtual_ipaddress {"
	_vh_vips | sed 's/^/        /'
	echo "    }"
	echo "}"
}

_vh_frr_start() { # H
	_vh_fns=$(vh_ns "$1")
	_vh_d=$VH_PFX-h$1-frr
	mkdir -p "$_vh_d"
	_vh_vrid=$(printf %02x "$VH_VRID")
	# FRR does not manage addresses: the VIPs sit on a macvlan with the
	# virtual MAC, which vrrpd puts into protodown while Backup.
	if [ "$VH_FAM" = 6 ]; then _vh_if=vr6 _vh_mac=00:00:5e:00:02:$_vh_vrid
	else _vh_if=vr4 _vh_mac=00:00:5e:00:01:$_vh_vrid; fi
	# A restarted host keeps its macvlan. The link-local address must not
	# come from the shared virtual MAC (FRR's documentation).
	if ! ip -n "$_vh_fns" link show dev "$_vh_if" >/dev/null 2>&1; then
		ip -n "$_vh_fns" link add "$_vh_if" link eth0 type macvlan mode bridge ||
			fail "macvlan on host $1"
		# protodown takes the link down, which would delete the
		# link-local address FRR sends IPv6 adverts from; vrrpd then
		# fails to send its first advert as Master.
		ip netns exec "$_vh_fns" sysctl -qw "net.ipv6.conf.$_vh_if.keep_addr_on_down=1" ||
			fail "keep_addr_on_down on host $1"
		ip -n "$_vh_fns" link set "$_vh_if" addrgenmode random address "$_vh_mac" ||
			fail "VMAC on host $1"
		for _vh_a in $(_vh_vips); do
			if [ "$VH_FAM" = 6 ]; then
				ip -n "$_vh_fns" addr add "$_vh_a" dev "$_vh_if" nodad
			else
				ip -n "$_vh_fns" addr add "$_vh_a" dev "$_vh_if"
			fi || fail "VIP $_vh_a on host $1"
		done
		ip -n "$_vh_fns" link set "$_vh_if" up || fail "$_vh_if up"
	fi
	if [ "$VH_FAM" = 6 ]; then
		wait_for 5 _vh_has_ll "$_vh_fns" "$_vh_if" || fail "no link-local on $_vh_if"
		_vh_set "$1" LL6 "$(_vh_ll "$_vh_fns" "$_vh_if")"
	fi
	printf 'hostname it-z%s\nlog stdout debugging\n' "$1" >"$_vh_d/zebra.conf"
	{
		printf 'hostname it-v%s\nlog stdout debugging\n' "$1"
		printf 'debug vrrp protocol\n!\ninterface eth0\n'
		printf ' vrrp %s version %s\n' "$VH_VRID" "$_vh_ver"
		printf ' vrrp %s priority %s\n' "$VH_VRID" "$_vh_prio"
		printf ' vrrp %s advertisement-interval %s\n' "$VH_VRID" \
			"$(awk -v a="$_vh_adv" 'BEGIN { printf "%d", a * 1000 + 0.5 }')"
		[ -n "$_vh_nopre" ] && printf ' no vrrp %s preempt\n' "$VH_VRID"
		for _vh_a in $(_vh_vips); do
			if [ "$VH_FAM" = 6 ]; then
				printf ' vrrp %s ipv6 %s\n' "$VH_VRID" "${_vh_a%/*}"
			else
				printf ' vrrp %s ip %s\n' "$VH_VRID" "${_vh_a%/*}"
			fi
		done
		printf '!\n'
	} >"$_vh_d/vrrpd.conf"
	# FRR drops to user frr (root is not in its vty group).
	chmod 0711 "$LIB_TMP"
	chown -R frr:frr "$_vh_d" || fail "chown $_vh_d"
	rm -f "$_vh_d/zserv.api" # a killed zebra's socket
	_vh_launch "$1" -zebra "$VH_FRR/zebra" -f "$_vh_d/zebra.conf" \
		-i "$_vh_d/zebra.pid" -z "$_vh_d/zserv.api" --vty_socket "$_vh_d" \
		-u frr -g frr -A 127.0.0.1 --log stdout
	_vh_set "$1" ZPID "$LIB_LAST_PID"
	wait_for 10 test -S "$_vh_d/zserv.api" || fail "zebra on host $1 did not start"
	_vh_launch "$1" "" "$VH_FRR/vrrpd" -f "$_vh_d/vrrpd.conf" \
		-i "$_vh_d/vrrpd.pid" -z "$_vh_d/zserv.api" --vty_socket "$_vh_d" \
		-u frr -g frr -A 127.0.0.1 --log stdout
	_vh_set "$1" PID "$LIB_LAST_PID"
	_vh_set "$1" CPID "$LIB_LAST_PID"
}

# The address host H's adverts come from in the scenario family.
_vh_src() {
	if [ "$VH_FAM" = 4 ]; then
		echo "198.18.1.$1"
	elif [ "$(_vh_get "$1" KIND)" = frr ]; then
		_vh_get "$1" LL6
	else
		_vh_get "$1" LL
	fi
}

# The processes of host H: the VRRP one last. keepalived runs VRRP in a
# child whose pid is in the -r file; ours writes its own pid there.
_vh_pids() {
	_vh_pp=$(_vh_get "$1" PID)
	_vh_cp=$(_vh_get "$1" CPID)
	case $(_vh_get "$1" KIND) in
	frr) echo "$(_vh_get "$1" ZPID) $_vh_pp" ;;
	*) if [ "$_vh_pp" = "$_vh_cp" ]; then echo "$_vh_pp"; else echo "$_vh_pp $_vh_cp"; fi ;;
	esac
}

_vh_signal() { # SIG PIDS...
	_vh_sig=$1
	shift
	for _p in "$@"; do
		[ -n "$_p" ] && kill "-$_vh_sig" "$_p" 2>/dev/null
	done
	return 0
}

# kill -9 of a whole host. keepalived's parent is stopped first so that it
# can neither respawn the VRRP child nor pass it a SIGTERM.
vh_kill9() {
	[ "$(_vh_get "$1" PID)" != "$(_vh_get "$1" CPID)" ] &&
		kill -STOP "$(_vh_get "$1" PID)" 2>/dev/null
	# shellcheck disable=SC2046 # a list of pids
	_vh_signal KILL $(_vh_pids "$1" | awk '{ for (i = NF; i > 0; i--) print $i }')
	_vh_set "$1" DEAD 1
	for _p in $(_vh_pids "$1"); do
		wait_for 5 _lib_dead "$_p" || fail "pid $_p survived SIGKILL"
	done
}

# SIGTERM to the process an administrator would signal (keepalived's
# parent, FRR's vrrpd).
vh_term() {
	kill -TERM "$(_vh_get "$1" PID)"
}

vh_sigstop() {
	# shellcheck disable=SC2046 # a list of pids
	_vh_signal STOP $(_vh_pids "$1")
	VH_STOPPED="$VH_STOPPED $(_vh_pids "$1")"
}

vh_sigcont() {
	# shellcheck disable=SC2046 # a list of pids
	_vh_signal CONT $(_vh_pids "$1")
}

vh_link_down() { ip -n "$(vh_ns "$1")" link set eth0 down || fail "eth0 down on $1"; }
vh_link_up() { ip -n "$(vh_ns "$1")" link set eth0 up || fail "eth0 up on $1"; }

# Port isolation on the bridge: isolated hosts see no frames of each other
# (the capture on br0 still sees everything).
vh_isolate() { ip -n "$VH_BR" link set "p$1" type bridge_slave isolated on || fail "isolate $1"; }
vh_join() { ip -n "$VH_BR" link set "p$1" type bridge_slave isolated off || fail "join $1"; }

# End host H's daemons at once (the scenario is over) and wait for them.
vh_host_stop() {
	[ -n "$(_vh_get "$1" KIND)" ] || return 0
	vh_kill9 "$1"
}

vh_alive() {
	[ -z "$(_vh_get "$1" DEAD)" ] && pid_alive "$(_vh_get "$1" CPID)"
}

# VIP placement -------------------------------------------------------------------

vh_holds_vip() { # H
	_vh_vns=$(vh_ns "$1")
	case $(_vh_get "$1" KIND) in
	frr)
		if [ "$VH_FAM" = 6 ]; then _vh_if=vr6; else _vh_if=vr4; fi
		ip -n "$_vh_vns" -d link show dev "$_vh_if" 2>/dev/null |
			grep -q 'protodown on' && return 1
		ip -n "$_vh_vns" -o addr show dev "$_vh_if" 2>/dev/null |
			grep -q " $(vh_vip)/"
		;;
	*)
		ip -n "$_vh_vns" -o addr show dev eth0 2>/dev/null | grep -q " $(vh_vip)/"
		;;
	esac
}

# The live hosts holding the VIP, space separated.
vh_vip_holders() {
	_vh_out=
	_vh_i=1
	while [ "$_vh_i" -le "$VH_N" ]; do
		if [ -z "$(_vh_get "$_vh_i" DEAD)" ] && vh_holds_vip "$_vh_i"; then
			_vh_out="$_vh_out $_vh_i"
		fi
		_vh_i=$((_vh_i + 1))
	done
	echo "${_vh_out# }"
}

_vh_sole() { [ "$(vh_vip_holders)" = "$1" ]; }

vh_wait_sole_vip() { # H TIMEOUT
	wait_for "$2" _vh_sole "$1"
}

vh_wait_no_vip() { # H TIMEOUT
	wait_for "$2" _vh_not_vip "$1"
}
_vh_not_vip() { ! vh_holds_vip "$1"; }

# Logs ------------------------------------------------------------------------------

_vh_master_re() {
	case $(_vh_get "$1" KIND) in
	frr) echo '-> Master' ;;
	*) echo 'Entering MASTER STATE' ;;
	esac
}

_vh_backup_re() {
	case $(_vh_get "$1" KIND) in
	frr) echo '-> Backup' ;;
	*) echo 'Entering BACKUP STATE' ;;
	esac
}

# Stamp of the first line of H's log matching the ERE after time AFTER.
vh_log_time() { # H ERE [AFTER]
	awk -v re="$2" -v after="${3:-0}" \
		'$1 + 0 > after + 0 && $0 ~ re { print $1; exit }' "$(vh_log "$1")"
}

vh_wait_log() { # H ERE TIMEOUT [AFTER]
	wait_for "$3" _vh_has_log "$1" "$2" "${4:-0}"
}
_vh_has_log() { [ -n "$(vh_log_time "$1" "$2" "$3")" ]; }

vh_master_time() { vh_log_time "$1" "$(_vh_master_re "$1")" "${2:-0}"; }
vh_backup_time() { vh_log_time "$1" "$(_vh_backup_re "$1")" "${2:-0}"; }
vh_wait_master_log() { vh_wait_log "$1" "$(_vh_master_re "$1")" "$2" "${3:-0}"; }
vh_wait_backup_log() { vh_wait_log "$1" "$(_vh_backup_re "$1")" "$2" "${3:-0}"; }

# The host that logged a transition to Master last.
vh_last_master() {
	_vh_best='' _vh_bt=0
	_vh_i=1
	while [ "$_vh_i" -le "$VH_N" ]; do
		if [ -n "$(_vh_get "$_vh_i" KIND)" ]; then
			_vh_t=$(awk -v re="$(_vh_master_re "$_vh_i")" '$0 ~ re { t = $1 } END { printf "%.6f\n", t }' \
				"$(vh_log "$_vh_i")")
			if awk -v a="$_vh_t" -v b="$_vh_bt" 'BEGIN { exit !(a > b) }'; then
				_vh_best=$_vh_i _vh_bt=$_vh_t
			fi
		fi
		_vh_i=$((_vh_i + 1))
	done
	echo "$_vh_best"
}

# Capture ---------------------------------------------------------------------------

vh_cap_start() {
	VH_PCAP=$VH_PFX.pcap
	daemon_start_bg "$VH_BR" "$VH_PFX-tcpdump.out" tcpdump -i br0 -n -U -Z root \
		-s 256 -w "$VH_PCAP" 'ip proto 112 or ip6 proto 112 or arp or icmp6'
	VH_CAP_PID=$LIB_LAST_PID
	# tcpdump says so once the filter is set and the socket is live.
	wait_for 10 grep -qs 'listening on' "$VH_PFX-tcpdump.out" ||
		fail "tcpdump did not start"
}

# Stop the capture and decode it once into $VH_WIRE, lines of
#   TIME HOST ADV PRIO VERSION CKSUM_STATUS INTERVAL_CS AUTHTYPE AUTH
#   TIME HOST GARP IP            TIME HOST NA TARGET
# HOST is the host number, v for a virtual MAC (ARP), ? if unknown.
# CKSUM_STATUS is tshark's: 1 good, 0 bad, 2 not checked.
vh_cap_stop() {
	[ -n "$VH_CAP_PID" ] || return 0
	# Whatever was sent has been captured within a few ms.
	kill -INT "$VH_CAP_PID" 2>/dev/null
	wait_for 5 _lib_dead "$VH_CAP_PID" || kill -KILL "$VH_CAP_PID" 2>/dev/null
	VH_CAP_PID=
	VH_WIRE=$VH_PFX-wire.log
	_vh_map=$VH_PFX.map
	: >"$_vh_map"
	_vh_i=1
	while [ "$_vh_i" -le "$VH_N" ]; do
		{
			echo "198.18.1.$_vh_i $_vh_i"
			echo "$(_vh_get "$_vh_i" LL) $_vh_i"
			echo "$(_vh_get "$_vh_i" MAC) $_vh_i"
			[ -n "$(_vh_get "$_vh_i" LL6)" ] && echo "$(_vh_get "$_vh_i" LL6) $_vh_i"
		} >>"$_vh_map"
		_vh_i=$((_vh_i + 1))
	done
	tshark -r "$VH_PCAP" -n -o vrrp.v3_checksum_as_in_v2:FALSE -T fields \
		-E separator=/t -E occurrence=f \
		-e frame.time_epoch -e eth.src -e ip.src -e ipv6.src \
		-e vrrp.version -e vrrp.prio -e vrrp.checksum.status \
		-e vrrp.adver_int -e vrrp.short_adver_int -e vrrp.auth_type \
		-e vrrp.auth_string -e arp.opcode -e arp.src.proto_ipv4 \
		-e icmpv6.type -e icmpv6.nd.na.target_address \
		2>"$VH_PFX-tshark.out" >"$VH_PFX.tsv" || fail "tshark on $VH_PCAP"
	awk -F '\t' -v map="$_vh_map" '
		BEGIN { while ((getline l < map) > 0) { split(l, a, " "); h[a[1]] = a[2] } }
		function who(x) { return (x in h) ? h[x] : (x ~ /^00:00:5e:00:0[12]:/ ? "v" : "?") }
		$5 != "" {
			src = $3 != "" ? $3 : $4
			iv = $5 == 2 ? $8 * 100 : $9
			printf "%s %s ADV %s %s %s %s %s %s\n", $1, who(src), $6, $5, $7, iv,
				$10 == "" ? "-" : $10, $11 == "" ? "-" : $11
			next
		}
		$13 != "" { printf "%s %s GARP %s\n", $1, who($2), $13; next }
		$14 == 136 { printf "%s %s NA %s\n", $1, who($4), $15 }
	' "$VH_PFX.tsv" >"$VH_WIRE"
}

# Live count of host H's adverts (priority > 0) after time AFTER, from the
# running capture (tcpdump reads it fast enough to poll).
vh_adv_count_live() { # H [AFTER]
	tcpdump -r "$VH_PCAP" -tt -n "src host $(_vh_get "$1" SRC) and (ip proto 112 or ip6 proto 112)" \
		2>/dev/null | awk -v after="${2:-0}" '$1 + 0 > after + 0 && !/prio 0,/' | wc -l
}

vh_wait_adverts() { # H COUNT TIMEOUT [AFTER]
	wait_for "$3" _vh_adv_ge "$1" "$2" "${4:-0}"
}
_vh_adv_ge() { [ "$(vh_adv_count_live "$1" "$3")" -ge "$2" ]; }

# Decoded capture queries (after vh_cap_stop). Times are epoch seconds.
vh_adv_first() { # H AFTER: first advert with priority > 0
	awk -v h="$1" -v t="${2:-0}" '$2 == h && $3 == "ADV" && $4 > 0 && $1 > t + 0 { print $1; exit }' "$VH_WIRE"
}
vh_adv_last() { # H [BEFORE]
	awk -v h="$1" -v t="${2:-1e12}" '$2 == h && $3 == "ADV" && $4 > 0 && $1 < t + 0 { l = $1 } END { print l }' "$VH_WIRE"
}
vh_adv_count() { # H FROM TO: adverts with priority > 0
	awk -v h="$1" -v f="$2" -v t="${3:-1e12}" '$2 == h && $3 == "ADV" && $4 > 0 && $1 > f + 0 && $1 < t + 0 { n++ } END { print n + 0 }' "$VH_WIRE"
}
vh_prio0_first() { # H AFTER
	awk -v h="$1" -v t="${2:-0}" '$2 == h && $3 == "ADV" && $4 == 0 && $1 > t + 0 { print $1; exit }' "$VH_WIRE"
}
vh_garp_first() { # H AFTER: first gratuitous ARP for the VIP from H
	awk -v h="$1" -v t="${2:-0}" -v ip="$(vh_vip)" '$2 == h && $3 == "GARP" && $4 == ip && $1 > t + 0 { print $1; exit }' "$VH_WIRE"
}

# Timing ----------------------------------------------------------------------------

# RFC Master_Down_Interval / Skew_Time in seconds for a local priority.
vh_mdi() { # PRIO [VER] [ADV]
	awk -v p="$1" -v v="${2:-$VH_VER}" -v a="${3:-$VH_ADV}" 'BEGIN {
		s = v == 2 ? (256 - p) / 256 : (256 - p) * a / 256
		printf "%.6f", 3 * a + s }'
}
vh_skew() { # PRIO [VER] [ADV]
	awk -v p="$1" -v v="${2:-$VH_VER}" -v a="${3:-$VH_ADV}" 'BEGIN {
		printf "%.6f", v == 2 ? (256 - p) / 256 : (256 - p) * a / 256 }'
}

vh_diff() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }

# Assert MEASURED = EXPECTED within max(3 %, 20 ms); prints a TIMING line.
vh_expect() { # LABEL MEASURED EXPECTED
	[ -n "$2" ] || fail "$1: nothing measured (see $VH_WIRE)"
	awk -v l="$1" -v m="$2" -v e="$3" 'BEGIN {
		tol = e * 0.03; if (tol < 0.020) tol = 0.020
		d = m - e
		ok = d <= tol && d >= -tol
		printf "TIMING %s: measured %.4f s, expected %.4f s +- %.4f: %s\n",
			l, m, e, tol, ok ? "ok" : "OUT OF RANGE"
		exit !ok }' || fail "$1: timing out of range"
}

# Assert MEASURED <= BOUND (+ the same tolerance).
vh_expect_le() { # LABEL MEASURED BOUND
	[ -n "$2" ] || fail "$1: nothing measured (see $VH_WIRE)"
	awk -v l="$1" -v m="$2" -v e="$3" 'BEGIN {
		tol = e * 0.03; if (tol < 0.020) tol = 0.020
		ok = m <= e + tol
		printf "TIMING %s: measured %.4f s, at most %.4f s + %.4f: %s\n",
			l, m, e, tol, ok ? "ok" : "OUT OF RANGE"
		exit !ok }' || fail "$1: timing out of range"
}

# FRR 8.4 loses its first IPv6 advert as Master: zebra announces the
# macvlan's link-local address again only after protodown is off, and
# vrrpd cannot bind its socket until then ("Failed to find address to bind
# on vr6"); the next advert follows one interval later. Prints the delay
# (seconds) a host of kind KIND adds to its first advert as Master.
vh_first_adv_late() { # H
	if [ "$(_vh_get "$1" KIND)" = frr ] && [ "$VH_FAM" = 6 ]; then
		echo "$VH_ADV"
	else
		echo 0
	fi
}

# Failover from OLD to NEW after EVENT: NEW's first advert after EVENT minus
# OLD's last advert before it must be Master_Down_Interval of NEW.
vh_failover() { # OLD NEW EVENT LABEL
	_vh_nf=$(vh_adv_first "$2" "$3")
	[ -n "$_vh_nf" ] || fail "$4: host $2 sent no advert after the event"
	_vh_ol=$(vh_adv_last "$1" "$_vh_nf")
	[ -n "$_vh_ol" ] || fail "$4: no advert of host $1 before host $2 took over"
	vh_expect "$4: last advert of $1 to first of $2" "$(vh_diff "$_vh_nf" "$_vh_ol")" \
		"$(awk -v a="$(vh_mdi "$(_vh_get "$2" PRIO)")" -v b="$(vh_first_adv_late "$2")" \
			'BEGIN { printf "%.6f", a + b }')"
}

# While H was Master between FROM and TO, consecutive adverts are one
# advertisement interval apart. At least 3 are required.
vh_check_interval() { # H FROM TO [ADV]
	_vh_ivs=$(awk -v h="$1" -v f="$2" -v t="$3" '$2 == h && $3 == "ADV" && $4 > 0 && $1 > f + 0 && $1 < t + 0 {
		if (p != "") printf "%.6f\n", $1 - p; p = $1 }' "$VH_WIRE")
	[ "$(echo "$_vh_ivs" | grep -c .)" -ge 2 ] || fail "host $1: fewer than 3 adverts to time"
	_vh_min=$(echo "$_vh_ivs" | sort -g | head -n1)
	_vh_max=$(echo "$_vh_ivs" | sort -g | tail -n1)
	vh_expect "advert interval of host $1 (shortest)" "$_vh_min" "${4:-$VH_ADV}"
	vh_expect "advert interval of host $1 (longest)" "$_vh_max" "${4:-$VH_ADV}"
}

# Every advert that a host of kind "ours" sent decodes with a good checksum,
# and there is at least one. tshark's VRRPv3 IPv4 checksum is the RFC 5798
# form with the pseudo-header, as keepalived and FRR send by default.
vh_check_checksums() {
	_vh_i=1
	while [ "$_vh_i" -le "$VH_N" ]; do
		if [ "$(_vh_get "$_vh_i" KIND)" = ours ]; then
			_vh_n=$(awk -v h="$_vh_i" '$2 == h && $3 == "ADV"' "$VH_WIRE" | wc -l)
			[ "$_vh_n" -gt 0 ] || fail "host $_vh_i (ours) sent no advert"
			_vh_bad=$(awk -v h="$_vh_i" '$2 == h && $3 == "ADV" && $6 != 1' "$VH_WIRE")
			[ -z "$_vh_bad" ] || fail "host $_vh_i (ours): adverts without a good checksum:
$_vh_bad"
			echo "checksums: $_vh_n adverts of host $_vh_i, all good"
		fi
		_vh_i=$((_vh_i + 1))
	done
}

# Scenarios shared by several tests ---------------------------------------------

# Host 1 (KIND1, priority 150) and host 2 (KIND2, priority 100), both
# starting as BACKUP, with the parameters set by vh_params:
# - host 1 wins the election; host 2 logs BACKUP and never advertises;
#   host 1 advertises every Advertisement_Interval;
# - kill -9 of host 1: host 2's first advert follows host 1's last one after
#   host 2's Master_Down_Interval; host 2 holds the VIP, logged MASTER last;
# - host 1 restarts and preempts: its first advert comes its own
#   Master_Down_Interval after it logged BACKUP, host 2 sends no advert
#   after that one and releases the VIP;
# - every advert of a host of kind "ours" has a good checksum; with auth=,
#   every advert carries auth type 1 and the password.
vh_failover_scenario() { # LABEL KIND1 KIND2
	_vs_l=$1
	_vs_mdi1=$(vh_mdi 150)
	_vs_wait=$(awk -v m="$(vh_mdi 100)" 'BEGIN { print 3 * m + 3 }')
	vh_topo 2
	# Host 2's down timer must not start before host 1's (FRR takes a
	# moment to reach zebra).
	vh_start 1 "$2" prio=150
	vh_wait_backup_log 1 10 || fail "$_vs_l: host 1 never logged BACKUP"
	# FRR with IPv6 would only advertise after host 2's timer expired.
	if [ "$(vh_first_adv_late 1)" != 0 ]; then
		vh_wait_adverts 1 1 "$_vs_wait" || fail "$_vs_l: host 1 sent no advert"
	fi
	vh_start 2 "$3" prio=100
	vh_wait_sole_vip 1 "$_vs_wait" || fail "$_vs_l: host 1 is not the only VIP holder"
	vh_wait_backup_log 2 "$_vs_wait" || fail "$_vs_l: host 2 never logged BACKUP"
	vh_wait_adverts 1 4 "$_vs_wait" || fail "$_vs_l: host 1 sent fewer than 4 adverts"

	_vs_kill=$(vh_now)
	vh_kill9 1
	vh_wait_sole_vip 2 "$_vs_wait" || fail "$_vs_l: host 2 did not take the VIP"
	vh_wait_adverts 2 2 "$_vs_wait" "$_vs_kill" || fail "$_vs_l: host 2 does not advertise"
	[ "$(vh_last_master)" = 2 ] || fail "$_vs_l: host 2 did not log MASTER last"

	_vs_restart=$(vh_now)
	vh_start 1 "$2" prio=150
	vh_wait_sole_vip 1 "$_vs_wait" || fail "$_vs_l: restarted host 1 did not preempt"
	vh_wait_adverts 1 2 "$_vs_wait" "$_vs_restart" || fail "$_vs_l: host 1 does not advertise"
	[ "$(vh_last_master)" = 1 ] || fail "$_vs_l: host 1 did not log MASTER last"
	_vs_backup=$(vh_backup_time 1 "$_vs_restart")
	vh_cap_stop

	[ "$(vh_adv_count 2 0 "$_vs_kill")" = 0 ] ||
		fail "$_vs_l: host 2 advertised while host 1 was Master"
	vh_check_interval 1 0 "$_vs_kill"
	vh_failover 1 2 "$_vs_kill" "$_vs_l, kill -9"
	_vs_first1=$(vh_adv_first 1 "$_vs_restart")
	vh_expect "$_vs_l, preempt: BACKUP logged to first advert" \
		"$(vh_diff "$_vs_first1" "$_vs_backup")" \
		"$(awk -v a="$_vs_mdi1" -v b="$(vh_first_adv_late 1)" 'BEGIN { printf "%.6f", a + b }')"
	vh_expect_le "$_vs_l, preempt: last advert of 2 after first of 1" \
		"$(vh_diff "$(vh_adv_last 2)" "$_vs_first1")" 0
	vh_check_checksums
	if [ -n "$VH_AUTH" ]; then
		_vs_bad=$(awk -v pw="$VH_AUTH" '$3 == "ADV" && ($8 != 1 || $9 != pw)' "$VH_WIRE")
		[ -z "$_vs_bad" ] || fail "$_vs_l: adverts without PASS authentication:
$_vs_bad"
	fi
	vh_teardown
}
