# Helpers for corpus_compare.sh (POSIX sh; source it after lib.sh).
#
#   cc_ifaces FILE...            interface names the corpus-if header lines name
#   cc_if_addrs FILE             "IF ADDR/PLEN" pairs of the host FILE describes
#   cc_advert FILE...            the largest advert_int in FILE (1 if none)
#   cc_run_host ...              see below: one kind of daemon on one pair of hosts
#   cc_states LOG                "INSTANCE STATE" for the last transition of each
#                                instance the log shows
#   cc_warn_missing KA_T OURS... keepalived's -t lines with no counterpart in
#                                OURS (our -t output and start-up log)
#   cc_compare NAME RES_KA RES_OURS
#                                the differences between two result files, one
#                                line each: "NAME HOST: what differs"
#
# A result file holds one fact a line:
#   t HOST RC            exit status of -t
#   started HOST yes|no  the daemon still ran when the hosts had settled
#   state HOST INSTANCE STATE
#   addr HOST IF ADDR/PLEN   an address the daemon added (not there before it)
#   tout HOST LINE       a line keepalived -t printed (keepalived's results only)
#   missing HOST LINE    a keepalived -t line with no warning from us (ours only)

cc_ifaces() {
	sed -n 's/^# corpus-if: \([^ ]*\).*/\1/p' "$@" | sort -u
}

cc_if_addrs() {
	sed -n 's/^# corpus-if: \([^ ]*\) \([^ ]*\).*/\1 \2/p' "$1"
}

cc_advert() {
	awk '$1 == "advert_int" && $2 + 0 > max { max = $2 + 0 }
		END { if (max < 1) max = 1; printf "%d\n", max + 0.999 }' "$@"
}

# Addresses on every interface but lo, one "IF ADDR/PLEN" a line, sorted.
# The kernel's own EUI-64 link-local addresses are left out: one may appear
# on a veth after the "before" snapshot, with a random MAC in it, whichever
# daemon runs (the corpus's VIPs are never link-local: they are normalised
# into fd00::/8).
cc_addrs() { # NS
	ip -n "$1" -o addr show 2>/dev/null |
		awk '$2 != "lo" && $4 !~ /^fe80::[0-9a-f]*:[0-9a-f]*ff:fe[0-9a-f]*:[0-9a-f]*\/64$/ {
			sub(/@.*/, "", $2); print $2, $4 }' | sort
}

# Last "Entering X STATE" of each instance, both daemons' spelling
# ("(VI_1) Entering MASTER STATE", "(VI_1) entering FAULT state").
cc_states() { # LOG
	sed -n 's/.*(\([^)]*\)) [Ee]ntering \([A-Za-z]*\) [Ss][Tt][Aa][Tt][Ee].*/\1 \2/p' "$1" |
		awk '{ st[$1] = toupper($2) } END { for (i in st) print i, st[i] }' | sort
}

# What a settled pair of hosts looks like: states and added addresses.
_cc_signature() { # LOG_A LOG_B NS_A NS_B
	for _cc_l in "$1" "$2"; do
		[ -f "$_cc_l" ] && cc_states "$_cc_l"
	done
	cc_addrs "$3"
	cc_addrs "$4"
}

# Until the signature has not changed for QUIET seconds, at most TIMEOUT s.
cc_wait_settled() { # TIMEOUT QUIET LOG_A LOG_B NS_A NS_B
	_cc_end=$(($(_lib_now_ms) + $1 * 1000))
	_cc_q=$(($2 * 1000))
	shift 2
	_cc_last=$(_cc_signature "$@" | cksum)
	_cc_since=$(_lib_now_ms)
	while [ "$(_lib_now_ms)" -lt "$_cc_end" ]; do
		sleep 0.25
		_cc_now=$(_cc_signature "$@" | cksum)
		if [ "$_cc_now" != "$_cc_last" ]; then
			_cc_last=$_cc_now
			_cc_since=$(_lib_now_ms)
		elif [ $(($(_lib_now_ms) - _cc_since)) -ge "$_cc_q" ]; then
			return 0
		fi
	done
	return 1
}

# The daemon has entered its first state, or has exited.
_cc_booted() { # LOG PID
	grep -q '[Ee]ntering [A-Za-z]* [Ss][Tt][Aa][Tt][Ee]' "$1" 2>/dev/null || ! pid_alive "$2"
}

# One kind of daemon on hosts A (FILE) and B (PEER, or none): namespaces, a
# veth pair for each interface name (the same name at both ends), the
# addresses the headers give, -t, a run until settled, the facts in RESULT.
cc_run_host() { # KIND BIN FILE PEER NS_A NS_B DIR RESULT
	_k=$1 _bin=$2 _f=$3 _p=$4 _na=$5 _nb=$6 _d=$7 _res=$8
	mkdir -p "$_d"
	: >"$_res"
	for _ns in "$_na" "$_nb"; do
		ip netns add "$_ns" || return 1
		ip -n "$_ns" link set lo up
		ip netns exec "$_ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	if [ -n "$_p" ]; then _files="$_f $_p"; else _files=$_f; fi
	# shellcheck disable=SC2086 # one or two files
	for _if in $(cc_ifaces $_files); do
		ip -n "$_na" link add "$_if" type veth peer name "$_if" netns "$_nb" || return 1
		ip -n "$_na" link set "$_if" up
		ip -n "$_nb" link set "$_if" up
	done
	cc_if_addrs "$_f" | while read -r _if _a; do
		ip -n "$_na" addr add "$_a" dev "$_if"
	done
	[ -n "$_p" ] && cc_if_addrs "$_p" | while read -r _if _a; do
		ip -n "$_nb" addr add "$_a" dev "$_if"
	done
	cc_addrs "$_na" >"$_d/base-A"
	cc_addrs "$_nb" >"$_d/base-B"

	# The -t verdicts, in the namespaces, so interfaces are found.
	_hosts=A
	[ -n "$_p" ] && _hosts="A B"
	for _h in $_hosts; do
		if [ "$_h" = A ]; then _ns=$_na _cf=$_f; else _ns=$_nb _cf=$_p; fi
		ip netns exec "$_ns" "$_bin" -t -f "$_cf" >"$_d/t-$_h.out" 2>&1
		echo "t $_h $?" >>"$_res"
		if [ "$_k" = ka ]; then
			sed '/^[[:space:]]*$/d; s/^/tout '"$_h"' /' "$_d/t-$_h.out" >>"$_res"
		fi
	done

	for _h in $_hosts; do
		if [ "$_h" = A ]; then _ns=$_na _cf=$_f; else _ns=$_nb _cf=$_p; fi
		if [ "$_k" = ka ]; then
			set -- -c "$_d/$_h.cpid"
		else
			set -- --control-socket "$_d/$_h.ctl"
		fi
		ip netns exec "$_ns" "$_bin" -n -l -D -P -G -f "$_cf" -p "$_d/$_h.pid" \
			-r "$_d/$_h.vpid" "$@" >"$_d/run-$_h.log" 2>&1 &
		echo $! >"$_d/$_h.launcher"
		# Host B boots half a second after A has: who wins a race between
		# backups (nopreempt, equal priorities) is then A, whichever the
		# daemon, instead of whichever the scheduler started first.
		if [ "$_h" = A ] && [ -n "$_p" ]; then
			wait_for 10 _cc_booted "$_d/run-A.log" "$!"
			sleep 0.5
		fi
	done

	_adv=$(cc_advert "$_f" ${_p:+"$_p"})
	_quiet=$((3 * _adv + 3))
	cc_wait_settled $((4 * _quiet + 20)) "$_quiet" "$_d/run-A.log" "$_d/run-B.log" \
		"$_na" "$_nb" || echo "unsettled A" >>"$_res"

	for _h in $_hosts; do
		if [ "$_h" = A ]; then _ns=$_na; else _ns=$_nb; fi
		_pid=$(cat "$_d/$_h.launcher")
		if pid_alive "$_pid"; then
			echo "started $_h yes" >>"$_res"
		else
			echo "started $_h no" >>"$_res"
		fi
		cc_states "$_d/run-$_h.log" | sed "s/^/state $_h /" >>"$_res"
		cc_addrs "$_ns" | comm -13 "$_d/base-$_h" - | sed "s/^/addr $_h /" >>"$_res"
	done
	for _h in $_hosts; do
		_pid=$(cat "$_d/$_h.launcher")
		pid_alive "$_pid" && kill -TERM "$_pid" 2>/dev/null
	done
	for _h in $_hosts; do
		_pid=$(cat "$_d/$_h.launcher")
		wait_for 5 _lib_dead "$_pid" || kill -KILL "$_pid" 2>/dev/null
	done
	for _ns in "$_na" "$_nb"; do
		for _pid in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -KILL "$_pid" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done
	return 0
}

# keepalived -t lines (file KA_T) that none of our lines (files OURS...)
# answers. A line naming a configuration line ("(Line 12) ...") is answered
# by one of ours naming the same line ("file:12: ..."); any other by one of
# ours holding its keyword (the quoted word, else the first snake_case word,
# else the first known keyword, else its first two words) and the instance
# it names, if it names one.
cc_warn_missing() { # KA_T OURS...
	_cc_ka=$1
	shift
	cat "$@" 2>/dev/null | awk -v kafile="$_cc_ka" '
	{ ours[++n] = tolower($0) }
	function keyword(s,    m, w, i, known) {
		if (match(s, /\x27[^\x27]+\x27/))
			return substr(s, RSTART + 1, RLENGTH - 2)
		if (match(s, /[a-z][a-z0-9]*_[a-z0-9_]+/))
			return substr(s, RSTART, RLENGTH)
		split("nopreempt unicast authentication priority vmac interface address script track garp advert", known, " ")
		for (i in known)
			if (index(tolower(s), known[i]))
				return known[i]
		split(tolower(s), w, /[^a-z0-9]+/)
		return w[1] " " w[2]
	}
	END {
		while ((getline line < kafile) > 0) {
			if (line ~ /^[ \t]*$/)
				continue
			found = 0
			if (match(line, /Line [0-9]+\)/)) {
				num = substr(line, RSTART + 5, RLENGTH - 6)
				# FILE.conf:N: (a bare ":N:" would also match a timestamp)
				for (i = 1; i <= n && !found; i++)
					if (index(ours[i], ".conf:" num ":"))
						found = 1
			} else {
				rest = line
				inst = ""
				if (match(rest, /^\([^)]*\) */)) {
					inst = tolower(substr(rest, 2, index(rest, ")") - 2))
					rest = substr(rest, RLENGTH + 1)
				}
				key = tolower(keyword(rest))
				for (i = 1; i <= n && !found; i++)
					if (index(ours[i], key) && (inst == "" || index(ours[i], "(" inst ")")))
						found = 1
			}
			if (!found)
				print line
		}
	}'
}

_cc_get() { # RESULT KEY HOST -> the rest of the first matching line
	awk -v k="$2" -v h="$3" '$1 == k && $2 == h { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' "$1"
}

_cc_verdict() { # RC
	if [ "$1" = 0 ]; then echo accepts; elif [ -z "$1" ]; then echo "not run"; else echo refuses; fi
}

cc_compare() { # NAME RES_KA RES_OURS
	_n=$1 _rk=$2 _ro=$3
	for _h in A B; do
		grep -q "^t $_h " "$_rk" || continue
		_tk=$(_cc_get "$_rk" t "$_h")
		_to=$(_cc_get "$_ro" t "$_h")
		if [ "$(_cc_verdict "$_tk")" != "$(_cc_verdict "$_to")" ]; then
			echo "$_n $_h: -t: keepalived $(_cc_verdict "$_tk"), ours $(_cc_verdict "$_to")"
		fi
		grep "^missing $_h " "$_ro" | sed "s/^missing $_h /$_n $_h: warning missing: /"
	done
	_sk="$(grep '^started ' "$_rk")"
	_so="$(grep '^started ' "$_ro")"
	if [ "$_sk" != "$_so" ]; then
		for _h in A B; do
			_a=$(_cc_get "$_rk" started "$_h")
			_b=$(_cc_get "$_ro" started "$_h")
			[ "$_a" = "$_b" ] && continue
			echo "$_n $_h: started: keepalived ${_a:-?}, ours ${_b:-?}"
		done
		# The rest follows from a daemon missing: not compared.
		return 0
	fi
	for _h in A B; do
		grep '^state '"$_h"' ' "$_rk" | cut -d' ' -f3 >"$_rk.i"
		grep '^state '"$_h"' ' "$_ro" | cut -d' ' -f3 >>"$_rk.i"
		# Instance names are single words.
		# shellcheck disable=SC2013
		for _i in $(sort -u "$_rk.i"); do
			_a=$(awk -v h="$_h" -v i="$_i" '$1 == "state" && $2 == h && $3 == i { print $4 }' "$_rk")
			_b=$(awk -v h="$_h" -v i="$_i" '$1 == "state" && $2 == h && $3 == i { print $4 }' "$_ro")
			[ "$_a" = "$_b" ] ||
				echo "$_n $_h: state $_i: keepalived ${_a:-none}, ours ${_b:-none}"
		done
		rm -f "$_rk.i"
		grep "^addr $_h " "$_rk" | sort >"$_rk.a"
		grep "^addr $_h " "$_ro" | sort >"$_ro.a"
		# One line per interface: a missing VIP list is one difference.
		{
			comm -23 "$_rk.a" "$_ro.a" | sed 's/^/k /'
			comm -13 "$_rk.a" "$_ro.a" | sed 's/^/o /'
		} | awk -v pfx="$_n $_h" '
			{ ifs[$4] = 1; if ($1 == "k") k[$4] = k[$4] " " $5; else o[$4] = o[$4] " " $5 }
			END {
				for (i in ifs) {
					s = pfx ": addresses on " i ":"
					if (k[i] != "") s = s " only keepalived adds" k[i] (o[i] != "" ? ";" : "")
					if (o[i] != "") s = s " only ours adds" o[i]
					print s
				}
			}' | sort
		rm -f "$_rk.a" "$_ro.a"
	done
}
