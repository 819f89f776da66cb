#!/bin/bash
# lvs_sync_daemon IFACE INSTANCE: the IPVS sync daemon follows the VRRP
# instance. keepalived 2.2.7 and our daemon, one after the other, in the
# UML guest, each must:
#   - run a master sync daemon on the interface once the instance is Master
#     (syncid: the instance's virtual_router_id), as `ipvsadm -L --daemon`
#     shows it;
#   - run the same sync daemons as keepalived while the instance is still
#     Backup (its first second);
#   - leave no sync daemon after SIGTERM.
#
# On the host this script boots the guest (uml_run.sh) and runs itself in it.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 90 "$0" "$@"
fi

. "$top_srcdir/test/uml/guest_lib.sh"
g_init check_syncd
REF=${KEEPALIVED_REF:-/usr/sbin/keepalived}
[ -x "$REF" ] || { echo "SKIP: no $REF"; exit 77; }
[ -x "${KEEPALIVED:-}" ] || { echo "SKIP: our daemon is not built"; exit 77; }
command -v ipvsadm >/dev/null || { echo "SKIP: no ipvsadm"; exit 77; }

ip link add syncd0 type dummy && ip link set syncd0 multicast on up &&
	ip addr add 198.18.9.1/24 dev syncd0 || g_fail "dummy interface"
conf=$G_TMP/keepalived.conf
cat >"$conf" <<CONF
global_defs {
	router_id uml_syncd
	lvs_sync_daemon syncd0 VI_1
}
vrrp_instance VI_1 {
	state MASTER
	interface syncd0
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		198.18.9.100/32
	}
}
CONF

daemons() {
	ipvsadm -L --daemon 2>/dev/null
}
master_running() {
	case $(daemons) in *"master sync daemon (mcast=syncd0, syncid=51,"*) return 0 ;; esac
	return 1
}
none_running() {
	[ -z "$(daemons)" ]
}

for bin in "$REF" "$KEEPALIVED"; do
	label=${bin##*/}
	[ "$bin" = "$REF" ] && label=ref || label=ours
	g_step "$label: start"
	ka_start "$G_TMP/$label.log" "$bin" -P -n -l -D -f "$conf" -p "$G_TMP/$label.pid" \
		-r "$G_TMP/${label}_vrrp.pid"
	g_sleep 1
	eval "early_$label=\$(daemons | sed 's/ (.*//')"
	g_step "$label: while Backup: $(daemons)"
	g_wait_for 15 master_running || { daemons; g_fail "$label: no master sync daemon"; }
	g_step "$label: $(daemons)"
	ka_stop "$KA_PID" 10 || g_fail "$label: still running 10 s after SIGTERM"
	g_wait_for 5 none_running || { daemons; g_fail "$label: sync daemon left after stop"; }
done
[ "$early_ref" = "$early_ours" ] ||
	g_fail "while Backup, keepalived runs '$early_ref', we run '$early_ours'"
g_step "PASS"
exit 0
