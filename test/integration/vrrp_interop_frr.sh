#!/bin/sh
# Our daemon with FRR's vrrpd (zebra + vrrpd, the VIPs on a macvlan with the
# virtual MAC), VRRPv3 IPv4 and IPv6 at 0.3 s, each side in both roles: the
# election, kill -9 failover after Master_Down_Interval, preemption after a
# restart, and good checksums on our adverts (vh_failover_scenario in
# vrrp_harness.sh).
# Needs root and FRR (exit 77 otherwise). $KEEPALIVED is the daemon under test.
set -u

. "${top_srcdir:-$(dirname "$0")/../..}/test/integration/vrrp_harness.sh"

vh_init vrrp_interop_frr
vh_need_frr

for FAM in 4 6; do
	# 0.3 s keeps the run short (every bound is relative to the interval)
	# and the failover bounds (3 % of Master_Down_Interval) above the tens
	# of ms zebra may take to lift protodown; vrrp_basic.sh covers v3 at 1 s.
	vh_params ver=3 fam=$FAM adv=0.3 auth=
	step "v3 IPv$FAM: FRR Master, ours Backup"
	vh_failover_scenario "v3 IPv$FAM frr>ours" frr ours
	step "v3 IPv$FAM: ours Master, FRR Backup"
	vh_failover_scenario "v3 IPv$FAM ours>frr" ours frr
done

echo "PASS: vrrp_interop_frr"
