#!/bin/sh
# Our daemon with Debian's keepalived 2.2.7 on one LAN, for VRRPv2 with PASS
# authentication (1 s), VRRPv3 IPv4 and IPv6 (0.2 s), each side in both
# roles: the election, kill -9 failover after Master_Down_Interval,
# preemption after a restart, and good checksums on our adverts
# (vh_failover_scenario in vrrp_harness.sh).
# Needs root and /usr/sbin/keepalived (exit 77 otherwise). $KEEPALIVED is
# the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_interop_keepalived
vh_need_keepalived

# v3 at 0.2 s keeps the run short (every bound is relative to the
# interval); vrrp_basic.sh covers v3 at 1 s. v2 has whole seconds only.
for CONF in "v2 PASS:ver=2 fam=4 adv=1 auth=secret2" "v3 IPv4:ver=3 fam=4 adv=0.2 auth=" \
	"v3 IPv6:ver=3 fam=6 adv=0.2 auth="; do
	NAME=${CONF%%:*}
	# shellcheck disable=SC2086 # key=value words
	vh_params ${CONF#*:}
	step "$NAME: keepalived Master, ours Backup"
	vh_failover_scenario "$NAME ka>ours" ka ours
	step "$NAME: ours Master, keepalived Backup"
	vh_failover_scenario "$NAME ours>ka" ours ka
done

echo "PASS: vrrp_interop_keepalived"
