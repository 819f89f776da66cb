#!/bin/sh
# What the daemon keeps after its capability drop (keepalived/core/privs.c),
# tested where it used to break: a reload after the drop, with every file
# the daemon handles inside a 0700 directory of another user (nobody):
# - before the reload: a vrrp_script, a notify script, a notify FIFO and its
#   reader, all run as nobody, and a track_file, all under that directory;
# - the reload adds a second script, a vrrp_notify_fifo (made and chowned
#   to nobody after the drop), a second track_file with init_file (written
#   by the daemon into nobody's directory), and keeps the first FIFO (now
#   nobody's, mode 0600, reopened);
# - after it: both scripts run, both FIFO readers get the FAULT line of a
#   maintenance request, the new FIFO belongs to nobody, the notify script
#   runs, and both track files move the effective priority.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/lib.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/ops_lib.sh"

lib_init sec_privs
lib_require_tools stat
ops_binaries
getent passwd nobody >/dev/null || { echo "SKIP: no user nobody"; exit 77; }

NS=sec-priv-$$
T=$LIB_TMP
U=$T/u
CTL=$T/run/ctl
chmod 0711 "$T"
mkdir -p "$U" "$T/run"

# Scripts: each leaves a mark (as nobody, in nobody's directory).
printf '#!/bin/sh\necho "$(id -u) $*" >>"$0.ran"\nexit 0\n' >"$U/chk1.sh"
cp "$U/chk1.sh" "$U/chk2.sh"
printf '#!/bin/sh\necho "$(id -u) $*" >>"$0.log"\n' >"$U/notify.sh"
# The FIFO reader: every line, with its uid, into FIFO.log.
printf '#!/bin/sh\nwhile read -r l; do echo "$(id -u) $l" >>"$1.log"; done <"$1"\n' >"$U/reader.sh"
chmod 0755 "$U"/*.sh
echo 3 >"$U/track1"
chown -R 65534:65534 "$U"
chmod 0700 "$U"

write_conf() { # 1 or 2
	{
		echo "global_defs {"
		echo "    router_id sec_privs"
		echo "    notify_fifo $U/fifo1 nobody"
		echo "    notify_fifo_script $U/reader.sh nobody"
		if [ "$1" = 2 ]; then
			echo "    vrrp_notify_fifo $U/fifo2 nobody"
			echo "    vrrp_notify_fifo_script $U/reader.sh nobody"
		fi
		echo "}"
		echo "vrrp_script chk1 {"
		echo "    script \"$U/chk1.sh one\""
		echo "    interval 1"
		echo "    user nobody"
		echo "}"
		echo "track_file tf1 {"
		echo "    file $U/track1"
		echo "}"
		if [ "$1" = 2 ]; then
			echo "vrrp_script chk2 {"
			echo "    script \"$U/chk2.sh two\""
			echo "    interval 1"
			echo "    user nobody"
			echo "}"
			echo "track_file tf2 {"
			echo "    file $U/track2"
			echo "    init_file 5"
			echo "}"
		fi
		cat <<EOF
vrrp_instance VI_1 {
    state BACKUP
    interface veth0
    virtual_router_id 66
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.24.100/24
    }
    notify "$U/notify.sh" nobody
    track_script {
        chk1
EOF
		[ "$1" = 2 ] && echo "        chk2"
		echo "    }"
		echo "    track_file {"
		echo "        tf1"
		[ "$1" = 2 ] && echo "        tf2"
		echo "    }"
		echo "}"
	} >"$T/ka.conf"
}

ns_create "$NS"
ns_veth "$NS" veth0 veth1
ip -n "$NS" addr add 198.18.24.1/24 dev veth0 || fail "address on veth0"

eff_prio() { # the effective priority keepalivectl shows for VI_1
	"$KEEPALIVECTL" --socket "$CTL" status 2>/dev/null |
		awk '$1 == "VI_1" { split($5, p, "/"); print p[2] }'
}

step "start: everything in nobody's 0700 directory"
write_conf 1
daemon_start_bg "$NS" "$T/ka.log" "$KEEPALIVED" -n -l -D -f "$T/ka.conf" \
	-p "$T/run/ka.pid" -r "$T/run/vrrp.pid" --control-socket "$CTL"
KA=$LIB_LAST_PID
wait_for 10 grep -q "Startup complete" "$T/ka.log" || fail "the daemon did not start"
wait_for 10 grep -q "Entering MASTER STATE" "$T/ka.log" || fail "VI_1 never became MASTER"
wait_for 5 grep -qs "^65534 one" "$U/chk1.sh.ran" || fail "chk1 did not run as nobody"
wait_for 5 grep -qs "^65534 INSTANCE VI_1 MASTER" "$U/notify.sh.log" ||
	fail "notify did not run as nobody: $(cat "$U/notify.sh.log" 2>&1)"
wait_for 5 grep -qs '^65534 INSTANCE "VI_1" MASTER' "$U/fifo1.log" ||
	fail "no MASTER line through fifo1: $(cat "$U/fifo1.log" 2>&1)"
[ "$(stat -c %u "$U/fifo1")" = 65534 ] || fail "fifo1 is not nobody's"
wait_for 5 sh -c "[ \"\$(\"$KEEPALIVECTL\" --socket '$CTL' status | awk '\$1 == \"VI_1\" { split(\$5, p, \"/\"); print p[2] }')\" = 103 ]" ||
	fail "track1 (3) does not count: effective priority $(eff_prio)"

step "reload: a new script, FIFO and track file in the same directory"
write_conf 2
: >"$T/ka.log.mark"
kill -HUP "$KA"
wait_for 10 grep -q "Reload complete" "$T/ka.log" || fail "the reload did not complete"
wait_for 5 test -p "$U/fifo2" || fail "fifo2 was not made"
[ "$(stat -c %u "$U/fifo2")" = 65534 ] || fail "fifo2 belongs to uid $(stat -c %u "$U/fifo2"), not nobody"
[ "$(cat "$U/track2" 2>/dev/null)" = 5 ] || fail "init_file did not write track2"
wait_for 5 grep -qs "^65534 two" "$U/chk2.sh.ran" || fail "chk2 did not run after the reload"
# Both files count: 100 + 3 + 5.
wait_for 5 sh -c "[ \"\$(\"$KEEPALIVECTL\" --socket '$CTL' status | awk '\$1 == \"VI_1\" { split(\$5, p, \"/\"); print p[2] }')\" = 108 ]" ||
	fail "track files after the reload: effective priority $(eff_prio), expected 108"
echo 10 >"$U/track2"
wait_for 5 sh -c "[ \"\$(\"$KEEPALIVECTL\" --socket '$CTL' status | awk '\$1 == \"VI_1\" { split(\$5, p, \"/\"); print p[2] }')\" = 113 ]" ||
	fail "a change of track2 is not seen: effective priority $(eff_prio), expected 113"

step "after the reload, the FIFOs and the notify script carry a FAULT"
"$KEEPALIVECTL" --socket "$CTL" maintenance VI_1 on >/dev/null || fail "maintenance on"
wait_for 5 grep -qs '^65534 INSTANCE "VI_1" FAULT' "$U/fifo1.log" ||
	fail "no FAULT line through fifo1: $(cat "$U/fifo1.log" 2>&1)"
wait_for 5 grep -qs '^65534 INSTANCE "VI_1" FAULT' "$U/fifo2.log" ||
	fail "no FAULT line through fifo2: $(cat "$U/fifo2.log" 2>&1)"
wait_for 5 grep -qs "^65534 INSTANCE VI_1 FAULT" "$U/notify.sh.log" ||
	fail "notify did not run after the reload: $(cat "$U/notify.sh.log" 2>&1)"
grep -E "Failed to set uid|Unable to (create|open)|cannot (read|watch|create|write)|Permission denied" \
	"$T/ka.log" && fail "the daemon could not reach a file (above)"
daemon_stop "$KA" 5 || fail "the daemon did not stop"
echo PASS
