#!/bin/sh
# The sample configurations Debian's keepalived 2.2.7 package ships
# (/usr/share/doc/keepalived/samples, some possibly gzipped): every one that
# keepalived itself accepts with -t must be accepted by our -t as well.
#
# keepalived's verdicts are recorded below, as given by Debian's 2.2.7 in a
# namespace that has the interfaces the samples name (eth0-eth3, eth0.1).
# When that keepalived is installed, each verdict is checked again here, and
# a sample the table does not know gets its verdict from it.
#
# Skipped (77) without root or without the samples directory. $KEEPALIVED is
# the daemon under test; $SAMPLES overrides the directory.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

SAMPLES=${SAMPLES:-/usr/share/doc/keepalived/samples}
if [ ! -d "$SAMPLES" ]; then
	echo "SKIP: $SAMPLES is missing (Debian's keepalived package)"
	exit 77
fi
lib_init debian_samples
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
T=$LIB_TMP

# keepalived 2.2.7 -t: 0 accepts; anything else refuses, for the reason given.
recorded_verdict() {
	case $1 in
	keepalived.conf.HTTP_GET.port | keepalived.conf.IPv6 | keepalived.conf.PING_CHECK | \
		keepalived.conf.SMTP_CHECK | keepalived.conf.UDP_CHECK | \
		keepalived.conf.inhibit | keepalived.conf.misc_check | \
		keepalived.conf.misc_check_arg | keepalived.conf.quorum | keepalived.conf.sample | \
		keepalived.conf.status_code | keepalived.conf.virtual_server_group | \
		keepalived.conf.virtualhost | keepalived.conf.vrrp | keepalived.conf.vrrp.scripts | \
		keepalived.conf.vrrp.sync)
		echo 0 ;;
	# (VI_1) Initial state master is incompatible with AH authentication
	keepalived.conf.SSL_GET) echo 5 ;;
	# without -i high/low: No script set for vrrp_script check_VI_0
	keepalived.conf.conditional_conf) echo 5 ;;
	# Virtual server FWM 1: protocol specified for fwmark
	keepalived.conf.fwmark) echo 5 ;;
	# cannot track route 192.168.112.0/24 with no interface specified
	keepalived.conf.track_interface | keepalived.conf.vrrp.static_ipaddress) echo 5 ;;
	# scripts are being executed but script_security not enabled
	keepalived.conf.vrrp.localcheck) echo 6 ;;
	# sync group members without group { }; lvs_sync_daemon_interface deprecated
	keepalived.conf.vrrp.lvs_syncd) echo 5 ;;
	# "or" and "gw" in routes are deprecated; untracked routes
	keepalived.conf.vrrp.routes) echo 5 ;;
	# Invalid rule to address 192.168.100./24
	keepalived.conf.vrrp.rules) echo 5 ;;
	*) echo unknown ;;
	esac
}

# keepalived 2.2.7 as the reference, if it is installed.
REF=
if command -v keepalived >/dev/null 2>&1 &&
	keepalived --version 2>&1 | grep -q '^Keepalived v2\.2\.7 '; then
	REF=$(command -v keepalived)
fi

# The interfaces the samples name, so that nobody refuses one for a missing
# interface. The kernel may have no 8021q module: then eth0.1 is a veth.
NS=chk-ds-$$
ns_create "$NS"
for i in 0 1 2 3; do
	ns_veth "$NS" "eth$i" "peer$i" "$NS"
done
if ! ip -n "$NS" link add link eth0 name eth0.1 type vlan id 1 2>/dev/null; then
	ip -n "$NS" link add eth0.1 type veth peer name peer01 || fail "eth0.1 in $NS"
	ip -n "$NS" link set peer01 up || fail "peer01 up"
fi
ip -n "$NS" link set eth0.1 up || fail "eth0.1 up"

# Decompressed copies of gzipped samples keep their name without .gz.
mkdir -p "$T/samples"
for f in "$SAMPLES"/*; do
	case $f in
	*.sh | *.sh.gz) continue ;;
	*.gz) gzip -dc "$f" >"$T/samples/$(basename "$f" .gz)" || fail "gunzip $f" ;;
	*) cp "$f" "$T/samples/" ;;
	esac
done
# Relative includes and scripts are resolved against the samples' directory.
cd "$T/samples" || fail "cd $T/samples"

checked=0
failed=
for f in "$T"/samples/*; do
	name=$(basename "$f")
	want=$(recorded_verdict "$name")
	if [ -n "$REF" ]; then
		ns_exec "$NS" "$REF" -t -f "$f" -l -n >"$T/ref-$name.out" 2>&1
		got=$?
		if [ "$want" = unknown ]; then
			want=$got
		elif [ "$got" != "$want" ]; then
			fail "$name: keepalived 2.2.7 -t now exits $got, recorded $want"
		fi
	fi
	if [ "$want" = unknown ]; then
		step "$name: no recorded verdict and no keepalived 2.2.7 to ask, skipped"
		continue
	fi
	ns_exec "$NS" "$KEEPALIVED" -t -f "$f" >"$T/ours-$name.out" 2>&1
	ours=$?
	if [ "$want" = 0 ]; then
		checked=$((checked + 1))
		if [ "$ours" = 0 ]; then
			step "$name: accepted, as by keepalived"
		else
			step "$name: REFUSED, keepalived accepts it:"
			sed 's/^/    /' "$T/ours-$name.out"
			failed="$failed $name"
		fi
	else
		# Refused by keepalived: ours may go either way; shown, not judged.
		step "$name: keepalived refuses it ($want); ours exits $ours"
	fi
done

[ "$checked" -gt 0 ] || fail "no sample keepalived accepts was found in $SAMPLES"
[ -z "$failed" ] || fail "refused, though keepalived 2.2.7 accepts them:$failed"
echo "PASS: $checked samples keepalived accepts, all accepted"
