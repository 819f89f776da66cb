#!/bin/sh
# shellcheck disable=SC2317 # functions are called through wait_for and trap
# The LVS checker's health-check probes (keepalived/check/run/check_probe.h)
# against real servers in a namespace, one attempt at a time through
# check_probe_drv, with keepalived 2.2.7's sentences:
# - TCP_CHECK up, refused, timeout (a route into a silent neighbour);
# - HTTP_GET up (two urls, digest, Host header), wrong status, status
#   ranges, wrong digest, refused, timeout, a server that never answers;
# - SSL_GET up with SNI against openssl s_server, a server demanding a
#   client certificate (down without one, up with the SSL block's);
# - SMTP_CHECK up and a bad banner; DNS_CHECK up, rcode error, refused;
#   UDP_CHECK reply matched (X digits), refused, silent; PING_CHECK up and
#   timeout; MISC_CHECK up with misc_dynamic's weight, down, timed out;
# - the connection options: connect_ip/connect_port, bindto/bind_port (the
#   server sees that source), fwmark (a rule for the mark routes to an
#   unreachable route: refused at once instead of a timeout), bind_if;
#   IPv6 for TCP, HTTP (Host "[fd00::10]") and PING, link-local with bind_if;
# - 200 probes on a hung server: all time out on time while a 100 ms timer
#   keeps firing on time (the loop never blocks); cancelling stops them.
# Needs root, python3 and openssl (exit 77 otherwise). PROBE_WRAP runs the
# driver under a tool, e.g. PROBE_WRAP="valgrind -q --error-exitcode=3".
set -u

: "${top_srcdir:=.}"
. "$top_srcdir/test/integration/lib.sh"
lib_init check_probes
lib_require_tools python3 openssl
DRV=${top_builddir:-.}/test/integration/check_probe_drv
[ -x "$DRV" ] || { echo "ERROR: $DRV not built"; exit 99; }
SRV=$top_srcdir/test/integration/check_servers.py
NS=chk-probes-$$
T=$LIB_TMP
RS=198.18.1.10
SILENT=198.18.3.1

ns_create "$NS"
ns_veth "$NS" cp0 cp1
ns_exec "$NS" ip addr add "$RS/32" dev lo || fail "address"
ns_exec "$NS" ip addr add 198.18.2.1/24 dev cp0 || fail "address"
# A neighbour that never answers: packets to 198.18.3.0/24 vanish.
ns_exec "$NS" ip neigh add 198.18.2.2 lladdr 02:00:00:00:00:99 dev cp0 nud permanent ||
	fail "neighbour"
ns_exec "$NS" ip route add 198.18.3.0/24 via 198.18.2.2 dev cp0 || fail "route"
ns_exec "$NS" ip route add 198.18.5.0/24 via 198.18.2.2 dev cp0 || fail "route"
# Marked packets (fwmark 7) find 198.18.5.0/24 unreachable instead.
ns_exec "$NS" ip rule add fwmark 7 lookup 100 || fail "rule"
ns_exec "$NS" ip route add unreachable 198.18.5.0/24 table 100 || fail "route"
ns_exec "$NS" ip addr add fd00::10/128 dev lo || fail "address"

# server NAME ARGS...: start a check_servers.py mode and wait for "ready".
server() {
	_name=$1
	shift
	daemon_start_bg "$NS" "$T/$_name.log" python3 "$SRV" "$@"
	wait_for 5 grep -q ready "$T/$_name.log" || fail "server $_name did not start"
}

# conf NAME TEXT: a configuration with one real_server holding TEXT.
conf() {
	printf 'real_server %s 80 {\n%s\n}\n' "$RS" "$2" >"$T/$1.conf"
}

# probe CONF ADDR PORT [OPTIONS...]: one run of the driver, output in $T/out.
probe() {
	_c=$1 _a=$2 _p=$3
	shift 3
	# shellcheck disable=SC2086 # PROBE_WRAP is a command line
	ns_exec "$NS" ${PROBE_WRAP:-} "$DRV" "$@" "$T/$_c.conf" "$_a" "$_p" >"$T/out" 2>"$T/err" ||
		fail "driver failed for $_c $_a $_p: $(cat "$T/err")"
}

# expect TEXT: the driver printed exactly this line.
expect() {
	grep -qxF "$1" "$T/out" || fail "expected line: $1
got:
$(cat "$T/out")"
}

# outcome UP|DOWN REASON: the first outcome line.
outcome() {
	_line=$(grep -m1 -E '^(UP|DOWN) ' "$T/out")
	_state=${_line%% *}
	_reason=${_line#*reason=}
	[ "$_state" = "$1" ] && [ "$_reason" = "$2" ] || fail "expected $1 '$2', got: $_line"
}

step "TCP_CHECK"
server web http "$RS" 8080 200 hello "$T/requests"
conf tcp 'TCP_CHECK {
connect_timeout 1
}'
probe tcp "$RS" 8080
outcome UP "TCP connection to [$RS]:tcp:8080 success."
expect "down: TCP_CHECK on service [$RS]:tcp:8080 failed after 1 retries."
probe tcp "$RS" 8081
outcome DOWN "TCP connection to [$RS]:tcp:8081 failed."
probe tcp "$SILENT" 80
outcome DOWN "TCP connection to [$SILENT]:tcp:80 timeout."
grep -q 'timed_out=1' "$T/out" || fail "timeout not flagged"

step "HTTP_GET"
# md5("hello") = 5d41402abc4b2a76b9719d911017c592
conf http 'HTTP_GET {
connect_timeout 1
virtualhost www.test
url {
path /first
digest 5d41402abc4b2a76b9719d911017c592
}
url {
path /second
status_code 200-299
}
}'
probe http "$RS" 8080
outcome UP "HTTP status code success to [$RS]:tcp:8080 url(/second)"
expect "up: Remote Web server [$RS]:tcp:8080 succeed on service."
grep -q '^GET /first HTTP/1.0' "$T/requests" || fail "no GET /first"
grep -q '^GET /second HTTP/1.0' "$T/requests" || fail "no GET /second"
grep -q '^Host: www.test:8080' "$T/requests" || fail "virtualhost not sent"
grep -q '^User-Agent: KeepAliveClient' "$T/requests" || fail "no User-Agent"
server web503 http "$RS" 8082 503 busy
conf http503 'HTTP_GET {
connect_timeout 1
url {
path /
}
}'
probe http503 "$RS" 8082
outcome DOWN "HTTP status code error to server [$RS]:tcp:8082."
expect "down: HTTP_CHECK on service [$RS]:tcp:8082 failed after 1 retries."
conf http503ok 'HTTP_GET {
url {
path /
status_code 200 500-503
}
}'
probe http503ok "$RS" 8082
outcome UP "HTTP status code success to [$RS]:tcp:8082 url(/)"
conf httpmd5 'HTTP_GET {
url {
path /
digest 00000000000000000000000000000000
}
}'
probe httpmd5 "$RS" 8080
outcome DOWN "MD5 digest error to server [$RS]:tcp:8080."
probe http503 "$RS" 8089
outcome DOWN "Connection failed server [$RS]:tcp:8089."
probe http503 "$SILENT" 80
outcome DOWN "Timeout connecting server [$SILENT]:tcp:80."
server hang hang "$RS" 9000
probe http503 "$RS" 9000
outcome DOWN "Timeout WEB read server [$RS]:tcp:9000."

step "connection options"
conf opts 'TCP_CHECK {
connect_ip 198.18.1.10
connect_port 8080
connect_timeout 1
}'
probe opts 198.18.9.9 9
outcome UP "TCP connection to [$RS]:tcp:8080 success."
conf bind 'HTTP_GET {
bindto 198.18.2.1
bind_port 40001
url {
path /bound
}
}'
probe bind "$RS" 8080
outcome UP "HTTP status code success to [$RS]:tcp:8080 url(/bound)"
grep -q '^peer 198.18.2.1 40001$' "$T/requests" || fail "bindto/bind_port not used: $(grep ^peer "$T/requests")"
conf nomark 'TCP_CHECK {
connect_timeout 1
}'
probe nomark 198.18.5.1 80
outcome DOWN "TCP connection to [198.18.5.1]:tcp:80 timeout."
conf mark 'TCP_CHECK {
connect_timeout 1
fwmark 7
}'
probe mark 198.18.5.1 80
outcome DOWN "TCP connection to [198.18.5.1]:tcp:80 failed."
grep -q 'timed_out=0' "$T/out" || fail "fwmark not applied"
# Bound to cp0, the local address is not reachable: no route that way.
conf bindif 'TCP_CHECK {
connect_timeout 1
bind_if cp0
}'
probe bindif "$RS" 8080
grep -q '^DOWN ' "$T/out" || fail "bind_if not applied: $(cat "$T/out")"
server web6 http fd00::10 8080 200 hello "$T/requests6"
probe tcp fd00::10 8080
outcome UP "TCP connection to [fd00::10]:tcp:8080 success."
probe http503ok fd00::10 8080
outcome UP "HTTP status code success to [fd00::10]:tcp:8080 url(/)"
grep -q '^Host: \[fd00::10\]:8080' "$T/requests6" || fail "IPv6 Host header: $(grep Host "$T/requests6")"
# A link-local address needs bind_if for its scope, as keepalived.conf(5) says.
ll=$(ns_exec "$NS" ip -6 -o addr show dev cp1 scope link | sed -n 's/.*inet6 \(fe80[^/]*\).*/\1/p')
[ -n "$ll" ] || fail "no link-local address on cp1"
server webll http :: 8090 200 hello
conf ll 'TCP_CHECK {
connect_timeout 1
bind_if cp1
}'
probe ll "$ll" 8090
outcome UP "TCP connection to [$ll]:tcp:8090 success."
probe tcp "$ll" 8090
grep -q '^DOWN ' "$T/out" || fail "link-local without bind_if: $(cat "$T/out")"

step "SSL_GET"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=srv.test -days 2 \
	-keyout "$T/srv.key" -out "$T/srv.pem" >/dev/null 2>&1 || fail "server certificate"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=cli.test -days 2 \
	-keyout "$T/cli.key" -out "$T/cli.pem" >/dev/null 2>&1 || fail "client certificate"
mkdir "$T/www" && echo hello >"$T/www/index.txt"
# -WWW serves files from the working directory; -Verify 1 demands a client certificate.
tls_server() {
	daemon_start_bg "$NS" "$T/$1.log" sh -c "cd '$T/www' && exec openssl s_server -quiet \
		-accept $RS:$2 -cert '$T/srv.pem' -key '$T/srv.key' -WWW $3"
	wait_for 5 sh -c "ip netns exec $NS ss -ltn | grep -q ':$2 '" || fail "s_server $1"
}
tls_server tls 8443 ""
tls_server tlsclient 8444 "-Verify 1"
# md5("hello\n") = b1946ac92492d2347c6235b4d2611184
conf ssl 'SSL_GET {
connect_timeout 5
enable_sni
virtualhost srv.test
url {
path /index.txt
digest b1946ac92492d2347c6235b4d2611184
}
}'
probe ssl "$RS" 8443
outcome UP "MD5 digest success to [$RS]:tcp:8443 url(/index.txt)"
probe ssl "$RS" 8444
grep -q '^DOWN .*SSL .*server \['"$RS"'\]:tcp:8444\.$' "$T/out" ||
	fail "no TLS failure without a client certificate: $(cat "$T/out")"
printf 'SSL {\ncertificate %s\nkey %s\n}\n' "$T/cli.pem" "$T/cli.key" >>"$T/ssl.conf"
probe ssl "$RS" 8444
outcome UP "MD5 digest success to [$RS]:tcp:8444 url(/index.txt)"
# A plain HTTP server waits for a request that never comes: the handshake
# times out. 1 s is enough to wait for that (the 5 s above are for
# handshakes on a loaded machine).
sed 's/^connect_timeout 5$/connect_timeout 1/' "$T/ssl.conf" >"$T/ssltmo.conf"
probe ssltmo "$RS" 8080
outcome DOWN "Timeout connecting server [$RS]:tcp:8080."

step "SMTP_CHECK"
server smtp smtp "$RS" 2525 220 250
server smtpbad smtp "$RS" 2526 554 250
conf smtp 'SMTP_CHECK {
connect_timeout 1
helo_name probe.test
}'
probe smtp "$RS" 2525
outcome UP "Remote SMTP server [$RS]:tcp:2525 succeed on service."
probe smtp "$RS" 2526
outcome DOWN "SMTP_CHECK Bad greeting banner from server [$RS]:2526"
probe smtp "$RS" 2527
outcome DOWN "SMTP_CHECK Could not connect to server [$RS]:2527"
# TLS to a server that speaks first (and not TLS): a handshake error.
probe ssl "$RS" 2526
outcome DOWN "SSL handshake/communication error connecting to server [$RS]:tcp:2526."

step "DNS_CHECK"
server dns dns "$RS" 5353 0
server nxdomain dns "$RS" 5354 3
conf dns 'DNS_CHECK {
connect_timeout 1
type A
name example.test
}'
probe dns "$RS" 5353
outcome UP ""
probe dns "$RS" 5354
outcome DOWN "DNS_CHECK ([$RS]:tcp:5354) read error occurred. (rcode = 3)"
expect "down: DNS_CHECK ([$RS]:tcp:5354) read error occurred. (rcode = 3) after 3 retries"
probe dns "$SILENT" 53
outcome DOWN "DNS_CHECK ([$SILENT]:tcp:53) read timeout from socket"

step "UDP_CHECK"
server echo udp-echo "$RS" 7777
conf udp 'UDP_CHECK {
connect_timeout 1
payload 41 42 43
require_reply 41 4X
}'
probe udp "$RS" 7777
outcome UP "UDP connection to [$RS]:tcp:7777 success."
conf udpbad 'UDP_CHECK {
connect_timeout 1
payload 41 42
require_reply 41 43
}'
probe udpbad "$RS" 7777
outcome DOWN "UDP check to [$RS]:tcp:7777 reply data mismatch."
probe udp "$RS" 7778
outcome DOWN "UDP connection to [$RS]:tcp:7778 failed."
# Silence (no ICMP error) is up unless a reply is required.
conf udpquiet 'UDP_CHECK {
connect_timeout 0.5
}'
probe udpquiet "$SILENT" 7778
outcome UP "UDP connection to [$SILENT]:tcp:7778 success."
probe udp "$SILENT" 7778
outcome DOWN "UDP connection to [$SILENT]:tcp:7778 failed."

step "PING_CHECK"
conf ping 'PING_CHECK {
connect_timeout 1
}'
probe ping "$RS" 0
outcome UP "ICMP connection to [$RS]:tcp:0 success."
probe ping "$SILENT" 0
outcome DOWN "ICMP connection to address [$SILENT]:tcp:0 timeout."
probe ping fd00::10 0
outcome UP "ICMP connection to [fd00::10]:tcp:0 success."

step "MISC_CHECK"
# keepalived names the program with its folder's links resolved: /usr/bin/sh.
SH=$(cd /bin && pwd -P)/sh
SLEEP=$(cd /bin && pwd -P)/sleep
conf misc 'MISC_CHECK {
misc_path "/bin/sh -c \"exit 12\""
misc_dynamic
}'
probe misc "$RS" 80
outcome UP "Misc check for [[$RS]:tcp:80 VS [198.18.0.100]:tcp:80] by [$SH] succeeded."
grep -q '^UP weight=10 ' "$T/out" || fail "misc_dynamic weight: $(cat "$T/out")"
conf miscdown 'MISC_CHECK {
misc_path "/bin/sh -c \"exit 1\""
retry 2
}'
probe miscdown "$RS" 80
outcome DOWN "Misc check for [[$RS]:tcp:80 VS [198.18.0.100]:tcp:80] by [$SH] failed (exited with status 1)."
expect "down: Misc check for [[$RS]:tcp:80 VS [198.18.0.100]:tcp:80] by [$SH] failed after 2 retries (exited with status 1)."
conf miscslow 'MISC_CHECK {
misc_path "/bin/sleep 30"
misc_timeout 1
retry 1
}'
probe miscslow "$RS" 80
outcome DOWN "Misc check for [[$RS]:tcp:80 VS [198.18.0.100]:tcp:80] by [$SLEEP] timed out."
expect "down: Misc check for [[$RS]:tcp:80 VS [198.18.0.100]:tcp:80] by [$SLEEP] timed out after 1 retry."

step "200 probes on a hung server, a 100 ms timer beside them"
conf hang 'HTTP_GET {
connect_timeout 2
url {
path /
}
}'
probe hang "$RS" 9000 -n 200 -t 100
[ "$(grep -c '^DOWN weight=-1 timed_out=1 ' "$T/out")" = 200 ] ||
	fail "not 200 timeouts: $(grep -c '^DOWN' "$T/out")"
# Each ended at its 2 s deadline, not much later.
awk -F'ms=' '/^DOWN/ { split($2, a, " "); if (a[1] + 0 > 2500) bad++ } END { exit bad > 0 }' \
	"$T/out" || fail "a probe outlived its timeout: $(grep -o 'ms=[0-9]*' "$T/out" | sort -t= -k2 -n | tail -1)"
late=$(sed -n 's/^max_tick_late_ms=\([0-9]*\) .*/\1/p' "$T/out")
ticks=$(sed -n 's/.* ticks=\([0-9]*\)$/\1/p' "$T/out")
[ -n "$late" ] && [ "$late" -lt 200 ] || fail "timer late by ${late:-?} ms"
[ "${ticks:-0}" -ge 15 ] || fail "only ${ticks:-0} ticks in 2 s"
step "timer at most $late ms late, $ticks ticks"
probe hang "$RS" 9000 -n 50 -c 300
expect "cancelled=50"
grep -q '^DOWN' "$T/out" && fail "a cancelled probe reported"

echo PASS
