#!/bin/sh
# What the daemon runs, reads and writes is what was checked (issue 10,
# items 3, 6, 7). One host of ours with enable_script_security (scripts run
# as root):
# - notify is a root-owned link to good.sh; after start-up the link is
#   swapped to evil.sh (as a race would): the next notification still runs
#   good.sh, evil.sh never runs;
# - notify_master lives in a world-writable directory: refused with
#   keepalived's line "Unsafe permissions found for script '...' - disabling.";
# - the vrrp_notify_fifo path holds a FIFO owned by another user: not used,
#   and the log says why;
# - track_file tf (init_file 0 overwrite) finds a FIFO planted at its path:
#   start-up does not hang on it (it used to, forever), the file is refused.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"
. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_track_lib.sh"

vh_init vrrp_exec_security
vt_wrap
vh_params ver=3 fam=4 adv=0.5 nvip=1

D=$LIB_TMP/files
mkdir -p "$D/bin" "$D/open"
chmod 755 "$D" "$D/bin"
chmod 777 "$D/open"
for s in good evil; do
	printf '#!/bin/sh\necho "%s $*" >>%s/ran.log\n' "$s" "$D" >"$D/bin/$s.sh"
	chmod 755 "$D/bin/$s.sh"
done
ln -s good.sh "$D/bin/chk"
printf '#!/bin/sh\necho "open $*" >>%s/ran.log\n' "$D" >"$D/open/master.sh"
chmod 755 "$D/open/master.sh"
mkfifo -m 600 "$D/planted.fifo"
chown 65534 "$D/planted.fifo"
mkfifo -m 600 "$D/tf"
echo 0 >"$D/w0"

vh_topo 1
vt_conf 1 <<EOF
global_defs {
    router_id it_h1
    enable_script_security
    script_user root
    vrrp_notify_fifo $D/planted.fifo
}
track_file tf {
    file $D/tf
    weight -1
    init_file 0 overwrite
}
track_file w0 {
    file $D/w0
    weight 0
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    version 3
    priority 150
    advert_int 0.5
    virtual_ipaddress {
        198.18.1.100/24
    }
    track_file {
        tf
        w0
    }
    notify $D/bin/chk
    notify_master $D/open/master.sh
}
EOF
vh_start 1 ours
LOG=$(vh_log 1)

step "start-up: not held by the FIFO planted at the track file"
vh_wait_master_log 1 10 || fail "host 1 never became Master (start-up hung?)"

step "what was refused, and why"
grep -qF "Unsafe permissions found for script '$D/open' - disabling." "$LOG" ||
	fail "the script in a world-writable directory was not refused"
grep -qF "vrrp notify fifo $D/planted.fifo not used: it is owned by uid 65534, not by root or the daemon's user" "$LOG" ||
	fail "the planted notify FIFO was not refused"
grep -qF "track_file tf: $D/tf is not a regular file" "$LOG" ||
	fail "the FIFO at the track file's path was not reported"

step "a link swapped after the check changes nothing"
ran_master() { grep -q '^good INSTANCE VI_1 MASTER' "$D/ran.log" 2>/dev/null; }
wait_for 5 ran_master || fail "notify did not run good.sh for MASTER"
ln -s evil.sh "$D/bin/chk.new"
mv -T "$D/bin/chk.new" "$D/bin/chk"
echo 1 >"$D/w0"
ran_fault() { grep -q 'INSTANCE VI_1 FAULT' "$D/ran.log" 2>/dev/null; }
wait_for 10 ran_fault || fail "no FAULT notification"
cat "$D/ran.log"
grep -q '^good INSTANCE VI_1 FAULT' "$D/ran.log" || fail "the FAULT notification did not run good.sh"
! grep -q '^evil' "$D/ran.log" || fail "the swapped link's target ran"
! grep -q '^open' "$D/ran.log" || fail "the refused notify_master ran"
echo "PASS: vrrp_exec_security"
