#!/bin/sh
# Trust between keepalivectl and the daemon, and the pid file lock (issue
# 10, items 10 and 11):
# - a fake control server run by another user (nobody): keepalivectl, as
#   root, refuses it (exit 6, names the uid) and sends it nothing; the same
#   user may talk to its own server;
# - the daemon refuses a control socket directory that others may write or
#   that another user owns, says why, and keeps running VRRP;
# - two daemons started at the same instant over a stale pid file: exactly
#   one runs, the other says the daemon is already running; a stale pid file
#   left by a daemon killed -9 is taken over.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

lib_init sec_ctl
lib_require_tools python3 setpriv stat
ops_binaries

NS=sec-ctl-$$
T=$LIB_TMP
chmod 0711 "$T"
mkdir -p "$T/pub" "$T/fake" "$T/run"
chmod 0755 "$T/pub"
cp "$KEEPALIVECTL" "$T/pub/keepalivectl"
chown 65534:65534 "$T/fake"

step "a fake control server run by nobody"
# The system's python: one found in root's home is not nobody's to run.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
# Serves two clients: records what each sent, answers "OK 5\nfake\n".
setpriv --reuid=65534 --regid=65534 --clear-groups "$PY" - "$T/fake/ctl" "$T/fake" \
	>"$T/fake.log" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(4)
open(sys.argv[2] + "/ready", "w").close()
for i in range(2):
    c, _ = s.accept()
    c.settimeout(3)
    got = b""
    try:
        c.sendall(b"OK 5\nfake\n")
        while not got.endswith(b"\n"):
            b = c.recv(100)
            if not b:
                break
            got += b
    except OSError:
        pass
    open("%s/got%d" % (sys.argv[2], i), "wb").write(got)
    c.close()
PY
FAKE=$!
track_pid "$FAKE"
wait_for 5 test -e "$T/fake/ready" || fail "the fake server did not start"
[ "$(stat -c %u "$T/fake/ctl")" = 65534 ] || fail "the fake socket is not nobody's"

"$KEEPALIVECTL" --socket "$T/fake/ctl" status >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 6 ] || fail "root talked to nobody's server: exit $rc, out: $(cat "$T/out") err: $(cat "$T/err")"
grep -q "of uid 65534, which is neither root nor you" "$T/err" || fail "unclear error: $(cat "$T/err")"
grep -q fake "$T/out" && fail "the fake answer was printed"
wait_for 5 test -e "$T/fake/got0" || fail "the fake server saw no connection"
[ -s "$T/fake/got0" ] && fail "keepalivectl sent the fake server: $(cat "$T/fake/got0")"

step "nobody may talk to nobody's server"
setpriv --reuid=65534 --regid=65534 --clear-groups "$T/pub/keepalivectl" --socket "$T/fake/ctl" \
	status >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] || fail "nobody to its own server: exit $rc: $(cat "$T/err")"
grep -qx fake "$T/out" || fail "no answer: $(cat "$T/out")"
wait_for 5 test -e "$T/fake/got1" || fail "the fake server saw no second connection"
grep -qx status "$T/fake/got1" || fail "the server got: $(cat "$T/fake/got1")"

ns_create "$NS"
ns_veth "$NS" veth0 veth1
ip -n "$NS" addr add 198.18.22.1/24 dev veth0 || fail "address on veth0"
cat >"$T/ka.conf" <<CONF
global_defs {
    router_id sec_ctl
}
vrrp_instance VI_1 {
    state BACKUP
    interface veth0
    virtual_router_id 64
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.22.100/24
    }
}
CONF

# start LOG SOCKET_DIR: one daemon, foreground, its pid in $KA
start() {
	daemon_start_bg "$NS" "$T/$1.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
		-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$2/ctl"
	KA=$LIB_LAST_PID
}

step "a control directory others may write is refused"
mkdir -p "$T/open" "$T/theirs"
chmod 1777 "$T/open"
start open "$T/open"
wait_for 10 grep -q "Startup complete" "$T/open.log" || fail "the daemon did not start"
grep -q "control socket: refusing directory $T/open: mode 1777 lets others write it" "$T/open.log" ||
	fail "no clear refusal in the log"
grep -q "running without a control socket" "$T/open.log" || fail "no 'running without' line"
[ -e "$T/open/ctl" ] && fail "a socket was made in $T/open"
daemon_stop "$KA" 5 || fail "the daemon did not stop"

step "a control directory of another user is refused"
chown 65534:65534 "$T/theirs"
chmod 0755 "$T/theirs"
start theirs "$T/theirs"
wait_for 10 grep -q "Startup complete" "$T/theirs.log" || fail "the daemon did not start"
grep -q "control socket: refusing directory $T/theirs: owned by uid 65534" "$T/theirs.log" ||
	fail "no clear refusal in the log"
[ -e "$T/theirs/ctl" ] && fail "a socket was made in $T/theirs"
daemon_stop "$KA" 5 || fail "the daemon did not stop"

step "two daemons started together over a stale pid file: one runs"
# A dead pid in both files, as after a crash.
sh -c 'exit 0' &
dead=$!
wait "$dead"
round=1
while [ $round -le 5 ]; do
	echo "$dead" >"$T/run/ka.pid"
	echo "$dead" >"$T/run/vrrp.pid"
	rm -f "$T/a$round.log" "$T/b$round.log"
	daemon_start_bg "$NS" "$T/a$round.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
		-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$T/run/ctl"
	A=$LIB_LAST_PID
	daemon_start_bg "$NS" "$T/b$round.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
		-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$T/run/ctl"
	B=$LIB_LAST_PID
	# The loser exits; two winners would both run on, so this times out.
	one_gone() { ! pid_alive "$A" || ! pid_alive "$B"; }
	wait_for 10 one_gone || fail "round $round: both daemons run"
	if pid_alive "$A"; then W=$A L=b; else W=$B L=a; fi
	pid_alive "$W" || fail "round $round: neither daemon runs"
	grep -q "daemon is already running" "$T/$L$round.log" ||
		fail "round $round: the loser did not say why: $(cat "$T/$L$round.log")"
	wait_for 10 grep -q "Startup complete" "$T/a$round.log" "$T/b$round.log" ||
		fail "round $round: the winner did not start"
	[ "$(pidfile_pid "$T/run/ka.pid")" = "$W" ] || fail "round $round: the pid file is not the winner's"
	# Killed -9: the pid files stay, unlocked and stale, for the next round.
	kill -KILL "$W"
	wait_for 5 _lib_dead "$W" || fail "round $round: the winner did not die"
	round=$((round + 1))
done

step "a stale pid file left by kill -9 is taken over"
start stale "$T/run"
wait_for 10 grep -q "Startup complete" "$T/stale.log" || fail "the stale pid file was not taken over"
[ "$(pidfile_pid "$T/run/ka.pid")" = "$KA" ] || fail "the pid file is not ours"
daemon_stop "$KA" 5 || fail "the daemon did not stop"
[ -e "$T/run/ka.pid" ] && fail "the pid file outlived the daemon"
echo "PASS"
