#!/bin/sh
# Two of our daemons on one LAN, for each of: VRRPv2 with PASS
# authentication, VRRPv3 IPv4 at 1 s and at 0.1 s, VRRPv3 IPv6 at 0.5 s
# (vh_failover_scenario in vrrp_harness.sh; every bound is relative to the
# interval, and nothing in the IPv6 path depends on its length: 0.5 s
# keeps the run short while the intervals tested still range from 0.1 s
# to 1 s):
# - election at start: the higher priority takes the VIP, the other logs
#   BACKUP and stays silent; the Master advertises every interval;
# - kill -9 of the Master: the Backup's first advert follows the Master's
#   last one after Master_Down_Interval (RFC 3768/5798 6.1); it holds the
#   VIP and logged MASTER last;
# - the old Master restarts and preempts: its first advert comes
#   Master_Down_Interval after it logged BACKUP; the other stops at once;
# - every advert our daemon sent has a good checksum; v2 adverts carry
#   auth type 1 and the password.
# Needs root (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_basic

step "v2 PASS, 1 s"
vh_params ver=2 fam=4 adv=1 auth=secret1
vh_failover_scenario "v2 PASS 1s" ours ours

step "v3 IPv4, 1 s"
vh_params ver=3 fam=4 adv=1 auth=
vh_failover_scenario "v3 IPv4 1s" ours ours

step "v3 IPv4, 0.1 s"
vh_params ver=3 fam=4 adv=0.1 auth=
vh_failover_scenario "v3 IPv4 0.1s" ours ours

step "v3 IPv6, 0.5 s"
vh_params ver=3 fam=6 adv=0.5 auth=
vh_failover_scenario "v3 IPv6 0.5s" ours ours

echo "PASS: vrrp_basic"
