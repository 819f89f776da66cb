# Helpers for the vrrp_track* tests (POSIX sh; source it after
# vrrp_harness.sh and call vt_wrap after vh_init).
#
#   vt_wrap                 daemons read PFX-hH.conf.track instead of the
#                           harness's PFX-hH.conf when a test wrote one
#   vt_conf H < TEXT        host H's configuration for the next vh_start
#   vt_notify_script PATH LOG
#                           a notify script appending "[arg1][arg2]...",
#                           one line per call, to LOG
#   vt_holds H ADDR         host H has ADDR on eth0
#   vt_wait_holds H TIMEOUT ADDR...      all of ADDR on host H, and on no
#                           other host
#   vt_lines FILE           number of lines in FILE (0 if missing)
#   vt_wait_quiet TIMEOUT SECS FILE...   until none of FILE changed for SECS
#
# The harness writes each host's keepalived.conf itself, for its basic
# scenarios; tests of tracking need their own blocks. The wrapper swaps the
# -f argument and execs the daemon, so the harness still sees its pid.

vt_wrap() {
	for _vt_kind in ours ka; do
		if [ "$_vt_kind" = ours ]; then _vt_real=$KEEPALIVED; else _vt_real=$VH_KA; fi
		_vt_w=$LIB_TMP/$_vt_kind-track-wrapper
		{
			echo '#!/bin/sh'
			echo 'first=1 prev='
			echo 'for a in "$@"; do'
			echo '	[ "$first" = 1 ] && set -- && first=0'
			echo '	[ "$prev" = -f ] && [ -f "$a.track" ] && a=$a.track'
			echo '	set -- "$@" "$a"'
			echo '	prev=$a'
			echo 'done'
			echo "exec '$_vt_real' \"\$@\""
		} >"$_vt_w"
		chmod +x "$_vt_w"
		if [ "$_vt_kind" = ours ]; then KEEPALIVED=$_vt_w; else VH_KA=$_vt_w; fi
	done
}

vt_conf() { # H, text on stdin
	cat >"$VH_PFX-h$1.conf.track"
}

vt_notify_script() { # PATH LOG
	{
		echo '#!/bin/sh'
		echo 'line='
		echo 'for a in "$@"; do line="$line[$a]"; done'
		echo "printf '%s\\n' \"\$line\" >>'$2'"
	} >"$1"
	chmod 755 "$1"
}

vt_holds() { # H ADDR
	ip -n "$(vh_ns "$1")" -o addr show dev eth0 2>/dev/null | grep -q " $2/"
}

_vt_holds_all() { # H ADDR...
	_vt_h=$1
	shift
	for _vt_a in "$@"; do
		vt_holds "$_vt_h" "$_vt_a" || return 1
		_vt_o=1
		while [ "$_vt_o" -le "$VH_N" ]; do
			if [ "$_vt_o" != "$_vt_h" ] && [ -z "$(_vh_get "$_vt_o" DEAD)" ] &&
				vt_holds "$_vt_o" "$_vt_a"; then
				return 1
			fi
			_vt_o=$((_vt_o + 1))
		done
	done
}

vt_wait_holds() { # H TIMEOUT ADDR...
	_vt_wh=$1 _vt_wt=$2
	shift 2
	wait_for "$_vt_wt" _vt_holds_all "$_vt_wh" "$@"
}

vt_lines() {
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

_vt_sig() {
	for _vt_f in "$@"; do
		printf '%s ' "$(cksum <"$_vt_f" 2>/dev/null)"
	done
}

# Until the files stop changing for SECS seconds (at most TIMEOUT seconds).
vt_wait_quiet() { # TIMEOUT SECS FILE...
	_vt_end=$(($(_lib_now_ms) + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')))
	_vt_q=$(awk -v s="$2" 'BEGIN { printf "%d", s * 1000 }')
	shift 2
	_vt_last=$(_vt_sig "$@")
	_vt_since=$(_lib_now_ms)
	while [ "$(_lib_now_ms)" -lt "$_vt_end" ]; do
		sleep 0.1
		_vt_now=$(_vt_sig "$@")
		if [ "$_vt_now" != "$_vt_last" ]; then
			_vt_last=$_vt_now
			_vt_since=$(_lib_now_ms)
		elif [ $(($(_lib_now_ms) - _vt_since)) -ge "$_vt_q" ]; then
			return 0
		fi
	done
	return 1
}
