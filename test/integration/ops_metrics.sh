#!/bin/sh
# Metrics over HTTP (global_defs metrics_listen), one daemon in a namespace:
# - curl GET /metrics: 200, Prometheus content type, every line well formed,
#   HELP and TYPE for every family, the instance's state, a counter for
#   every drop reason, the results of a vrrp_script and the weight it adds;
#   the same series as `keepalivectl metrics` (one model behind both);
#   HEAD, 404, 405;
# - hostile clients: 20 connections that send nothing and one that sends a
#   byte every 0.3 s; while they hang on, adverts go out on time (counted on
#   the wire by the peer namespace: one a second, less one), the control
#   socket answers at once, and the server closes every one of them within
#   its 5 s limit (+1 s); a request larger than the limit gets 431; scrapes
#   work again afterwards;
# - reload with another port: the metrics move there.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

lib_init ops_metrics
lib_require_tools awk curl python3 tcpdump
ops_binaries

NS=ops-met-$$
T=$LIB_TMP
CTL=$T/ctl
mkdir -p "$T/run"

write_conf() { # PORT
	cat >"$T/ka.conf" <<EOF
global_defs {
    router_id ops_metrics
    metrics_listen 127.0.0.1:$1
}
vrrp_script chk_true {
    script "/bin/true"
    interval 1
}
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 64
    priority 150
    advert_int 1
    virtual_ipaddress {
        198.18.22.100/24
    }
    track_script {
        chk_true weight 10
    }
}
EOF
}

ns_create "$NS"
ns_create "$NS-p"
ns_veth "$NS" veth0 veth1 "$NS-p"
ip -n "$NS" addr add 198.18.22.1/24 dev veth0 || fail "address on veth0"

write_conf 9650
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
	-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$CTL"
KA=$LIB_LAST_PID
wait_for 10 grep -q "Metrics on http://127.0.0.1:9650/metrics" "$T/ka.log" ||
	fail "the metrics server did not start"
wait_for 10 grep -q "Entering MASTER STATE" "$T/ka.log" || fail "VI_1 never became MASTER"

scrape() { # PORT PATH [CURL ARGS]: headers in $T/h, body in $T/b, status printed
	_p=$1 _u=$2
	shift 2
	ip netns exec "$NS" curl -s -m 5 -D "$T/h" -o "$T/b" -w '%{http_code}' "$@" \
		"http://127.0.0.1:$_p$_u"
}

# Every line a HELP, a TYPE or a sample of the family declared last.
check_format() { # FILE
	python3 - "$1" <<'EOF'
import re, sys
sample = re.compile(r'^([a-z_]+)(\{([a-z_]+="([^"\\\n]|\\[\\"n])*",?)*\})? -?[0-9.]+$')
declared, helped, families = None, None, 0
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("# HELP "):
        helped = line.split()[2]
    elif line.startswith("# TYPE "):
        _, _, name, kind = line.split()
        assert name == helped and kind in ("gauge", "counter"), line
        assert name.startswith(("keepalived_vrrp_", "keepalived_metrics_http_")), line
        declared, families = name, families + 1
    else:
        m = sample.match(line)
        assert m and m.group(1) == declared, line
assert families >= 20, families
EOF
}

# The HTTP server's own counters (keepalived_metrics_http_*) are only there.
series() { grep -v '^#' "$1" | grep -v '^keepalived_metrics_http_' | sed 's/ -*[0-9.]*$//' | sort; }

step "GET /metrics"
[ "$(scrape 9650 /metrics)" = 200 ] || fail "GET /metrics: $(cat "$T/h")"
grep -qi '^Content-Type: text/plain; version=0.0.4; charset=utf-8' "$T/h" || fail "$(cat "$T/h")"
check_format "$T/b" || fail "malformed metrics"
grep -q '^keepalived_vrrp_state{instance="VI_1",interface="veth0",vrid="64"} 2$' "$T/b" ||
	fail "no MASTER state in the metrics"
# Script results: chk_true has run and succeeded, and adds its weight.
script_ok() {
	scrape 9650 /metrics >/dev/null &&
		grep -Eq '^keepalived_vrrp_script_results_total\{tracker="chk_true",kind="script",result="succeeded"\} [1-9]' "$T/b" &&
		grep -q '^keepalived_vrrp_tracker_state{tracker="chk_true",kind="script"} 1$' "$T/b" &&
		grep -q '^keepalived_vrrp_effective_priority{instance="VI_1",interface="veth0",vrid="64"} 160$' "$T/b"
}
wait_for 5 script_ok || fail "no script results in the metrics: $(grep -e script -e tracker -e effective "$T/b")"
for reason in ttl version type short length zero_count checksum vrid owner auth_type auth \
	interval zero_interval not_linklocal family addr_list; do
	grep -q "^keepalived_vrrp_drops_total{instance=\"VI_1\",interface=\"veth0\",vrid=\"64\",reason=\"$reason\"} " \
		"$T/b" || fail "no drop counter for $reason"
done
"$KEEPALIVECTL" --socket "$CTL" metrics >"$T/ctl.metrics" || fail "keepalivectl metrics"
series "$T/b" >"$T/s1"
series "$T/ctl.metrics" >"$T/s2"
cmp -s "$T/s1" "$T/s2" || fail "HTTP and keepalivectl show different series: $(diff "$T/s1" "$T/s2")"

step "HEAD, 404, 405"
[ "$(scrape 9650 /metrics -I)" = 200 ] || fail "HEAD /metrics"
# curl -I writes the headers where the body would go: there must be no metric.
grep -q '^keepalived_vrrp' "$T/b" && fail "HEAD returned a body"
grep -qi '^Content-Length: [1-9]' "$T/h" || fail "HEAD without the body's length"
[ "$(scrape 9650 /)" = 404 ] || fail "GET / is not 404"
[ "$(scrape 9650 /metrics -X POST)" = 405 ] || fail "POST is not 405"
grep -qi '^Allow: GET, HEAD' "$T/h" || fail "405 without Allow"

step "hostile clients do not stall the loop"
daemon_start_bg "$NS-p" "$T/cap.out" tcpdump -i veth1 -tt -n -l -U 'ip proto 112'
CAP=$LIB_LAST_PID
wait_for 5 grep -qs 'listening on' "$T/cap.out" || fail "tcpdump did not start"
ip netns exec "$NS" python3 - "$KEEPALIVECTL" "$CTL" >"$T/hostile.out" 2>&1 <<'EOF' &
import socket, subprocess, sys, time
ctl, path = sys.argv[1], sys.argv[2]
t0 = time.monotonic()
idle = [socket.create_connection(("127.0.0.1", 9650)) for _ in range(20)]
slow = socket.create_connection(("127.0.0.1", 9650))
# While they hang on, the control socket answers at once.
time.sleep(1)
t = time.monotonic()
subprocess.run([ctl, "--socket", path, "status"], check=True, capture_output=True, timeout=5)
print("control answered in %.3f s" % (time.monotonic() - t))
assert time.monotonic() - t < 0.5
# The slow one trickles a request and is cut off like the others.
closed = {}
for s in idle + [slow]:
    s.setblocking(False)
req, i = b"GET /metrics HTTP/1.0\r\nX: " + b"a" * 100, 0
while len(closed) < 21 and time.monotonic() - t0 < 8:
    if slow not in closed and i < len(req):
        try:
            slow.send(req[i:i + 1]); i += 1
        except OSError:
            pass
    for s in idle + [slow]:
        if s in closed:
            continue
        try:
            if s.recv(4096) == b"":
                closed[s] = time.monotonic() - t0
        except BlockingIOError:
            pass
        except OSError:
            closed[s] = time.monotonic() - t0
    time.sleep(0.3)
print("closed %d of 21, last after %.2f s" % (len(closed), max(closed.values() or [0])))
assert len(closed) == 21 and max(closed.values()) < 6.0
# Larger than the request limit: 431.
big = socket.create_connection(("127.0.0.1", 9650))
big.sendall(b"GET /metrics HTTP/1.0\r\nX: " + b"b" * 4096 + b"\r\n\r\n")
resp = big.recv(4096)
print(resp.split(b"\r\n")[0].decode())
assert resp.startswith(b"HTTP/1.0 431 ")
EOF
HOSTILE=$!
T_START=$(date +%s.%N)
wait "$HOSTILE"
rc=$?
T_END=$(date +%s.%N)
cat "$T/hostile.out"
[ $rc = 0 ] || fail "hostile clients: see above"
kill -INT "$CAP"
wait_for 5 _lib_dead "$CAP" || fail "tcpdump did not stop"
# Adverts seen by the peer while the clients were hanging on (1 s interval).
N=$(awk -v a="$T_START" -v b="$T_END" '$1 > a + 0 && $1 < b + 0 && /VRRPv/' "$T/cap.out" | grep -c .)
EXPECT=$(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%d", b - a - 1 }')
echo "adverts on the wire during the attack: $N in $(awk -v a="$T_START" -v b="$T_END" 'BEGIN { printf "%.1f", b - a }') s"
[ "$N" -ge "$EXPECT" ] || fail "only $N adverts in the attack window (at least $EXPECT expected)"
[ "$(scrape 9650 /metrics)" = 200 ] || fail "no scrape after the attack"

step "reload onto another port"
write_conf 9651
kill -HUP "$KA"
wait_for 10 grep -q "Metrics on http://127.0.0.1:9651/metrics" "$T/ka.log" ||
	fail "the metrics did not move to port 9651"
[ "$(scrape 9651 /metrics)" = 200 ] || fail "nothing on port 9651"
[ "$(scrape 9650 /metrics)" = 000 ] || fail "port 9650 still answers"

daemon_stop "$KA" 2 || fail "still running 2 s after SIGTERM"
echo "ops_metrics: 1 passed, 0 failed"
