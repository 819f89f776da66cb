#!/bin/sh
# use_ipvlan live (issue 11): this machine's kernel has no ipvlan, so
# test/integration/vrrp_ipvlan.sh only checks the failure path here; in
# the UML guest (which ships ipvlan.ko) the same script runs its live part:
# two daemons, each with vrrp.51 (ipvlan l2 bridge with its own address),
# the VIP on the Master's ipvlan, failover, the ipvlan removed at exit.
# A skip (77) of the script in the guest is a failure here: the guest's
# kernel has ipvlan.
if [ -z "${UML_GUEST:-}" ]; then
	: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
	export top_srcdir
	exec sh "$top_srcdir/test/uml/uml_run.sh" -t 150 "$0" "$@"
fi
modprobe ipvlan || { echo "FAIL: modprobe ipvlan in the guest"; exit 1; }
sh "$top_srcdir/test/integration/vrrp_ipvlan.sh"
rc=$?
[ "$rc" = 77 ] && { echo "FAIL: vrrp_ipvlan.sh skipped in the guest (no ipvlan?)"; exit 1; }
exit "$rc"
