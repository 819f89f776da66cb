#!/bin/sh
# A syslog daemon that stops reading must not stop VRRP (lib/log_syslog.h).
# The daemon logs to syslog (no -l) in a mount namespace whose /dev/log is
# our dgram_sink, stopped (SIGSTOP) before the daemon starts; the sink's
# socket was made in a network namespace whose net.unix.max_dgram_qlen is
# 0, so its queue is full after one line, and glibc's syslog() would wait
# there for good, at the second start-up line. Checked:
# - the daemon comes up all the same: it becomes Master, installs the VIP
#   and sends its adverts every second (tcpdump);
# - once the sink reads again (SIGCONT), every line the daemon logged
#   meanwhile arrives, in order, "Entering MASTER STATE" among them, and
#   the last line at stop too.
# Needs root (exit 77 otherwise). Asserts no durations beyond generous
# deadlines; uses nothing fixed on the host.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"

lib_init log_stuck_syslog
lib_require_tools awk unshare mount tcpdump
KEEPALIVED=${KEEPALIVED:-${top_builddir:-.}/keepalived/keepalived}
SINK=${top_builddir:-.}/test/integration/dgram_sink
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED is not built"
[ -x "$SINK" ] || fail "$SINK is not built"
KEEPALIVED=$(cd "$(dirname "$KEEPALIVED")" && pwd)/$(basename "$KEEPALIVED")
SINK=$(cd "$(dirname "$SINK")" && pwd)/$(basename "$SINK")

NS=logstuck-$$
T=$LIB_TMP
VIP=198.18.23.100
ns_create "$NS"
ns_veth "$NS" ka0 ka1
ip -n "$NS" addr add 198.18.23.1/24 dev ka0 || fail "address"
ns_exec "$NS" sysctl -qw net.unix.max_dgram_qlen=0 || fail "max_dgram_qlen"

cat >"$T/keepalived.conf" <<EOF
vrrp_instance VI_1 {
    state MASTER
    interface ka0
    virtual_router_id 73
    priority 150
    advert_int 1
    virtual_ipaddress {
        $VIP/32
    }
}
EOF

daemon_start_bg "$NS" "$T/syslog.log" "$SINK" "$T/log.sock"
sink=$LIB_LAST_PID
wait_for 5 test -S "$T/log.sock" || fail "the sink did not start"
kill -STOP "$sink"

# The daemon, with our socket on /dev/log (as init_script.sh does it).
ip netns exec "$NS" unshare --mount --propagation private sh -c '
	set -e
	T=$1
	shift
	mkdir -p "$T/hostdev"
	mount --rbind /dev "$T/hostdev"
	mount -t tmpfs -o mode=0755 tmpfs /dev
	for dev in null zero full random urandom; do
		: >"/dev/$dev"
		mount --bind "$T/hostdev/$dev" "/dev/$dev"
	done
	: >/dev/log
	mount --bind "$T/log.sock" /dev/log
	umount -l "$T/hostdev"
	exec "$@"' sh "$T" "$KEEPALIVED" -n -D -f "$T/keepalived.conf" -p "$T/ka.pid" \
	-r "$T/ka_vrrp.pid" --control-socket "$T/ctl" >"$T/ka.out" 2>&1 &
ka=$!
track_pid "$ka"

has_vip() {
	ip -n "$NS" -4 addr show dev ka0 | grep -q "inet $VIP/"
}
step "syslog stuck: the daemon still becomes Master"
wait_for 15 has_vip || fail "no VIP with syslog stuck (the daemon waits for syslog?)"
pid_alive "$ka" || fail "the daemon died"

step "and advertises every second"
ns_exec "$NS" timeout 20 tcpdump -i ka0 -n -tt -l 'ip proto 112' >"$T/adverts" 2>/dev/null &
track_pid $!
adverts() {
	[ "$(grep -c ' IP ' "$T/adverts")" -ge 4 ]
}
wait_for 15 adverts || fail "fewer than 4 adverts with syslog stuck: $(cat "$T/adverts")"
awk '$2 == "IP" { t = $1 + 0; if (n++ > 0 && (t - p < 0.8 || t - p > 1.5)) bad = 1; p = t }
	END { exit bad }' "$T/adverts" || fail "adverts off their 1 s interval: $(cat "$T/adverts")"
[ ! -s "$T/syslog.log" ] || fail "the sink was to be stopped"

step "syslog reads again: the waiting lines arrive, in order"
kill -CONT "$sink"
master_logged() {
	grep -q "Entering MASTER STATE" "$T/syslog.log"
}
wait_for 10 master_logged || fail "the queued lines did not arrive: $(cat "$T/syslog.log")"
head -1 "$T/syslog.log" | grep -q "Keepalived\[[0-9]*\]: Starting Keepalived" ||
	fail "the first line is not the first line logged: $(head -3 "$T/syslog.log")"
awk '/Starting Keepalived/ { s = NR } /Entering MASTER STATE/ { m = NR }
	END { exit !(s > 0 && m > s) }' "$T/syslog.log" ||
	fail "lines out of order: $(cat "$T/syslog.log")"
! grep -q "log lines\? lost" "$T/syslog.log" || fail "lines were lost: $(cat "$T/syslog.log")"

daemon_stop "$ka" 10 || fail "the daemon did not stop"
stopped_logged() {
	grep -q "Stopped Keepalived" "$T/syslog.log"
}
wait_for 5 stopped_logged || fail "no 'Stopped' line: $(tail -5 "$T/syslog.log")"
echo "PASS: log_stuck_syslog"
