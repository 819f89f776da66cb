#!/bin/sh
# Install what building (and, with --test, testing) needs on Debian 12.
# Run as root. Safe to run again.
set -e
export DEBIAN_FRONTEND=noninteractive
BUILD="build-essential autoconf automake libtool pkg-config libnl-3-dev libnl-route-3-dev libnl-genl-3-dev
libssl-dev libpcap-dev libnftnl-dev libmnl-dev iproute2 procps"
TEST="libcmocka-dev keepalived frr tcpdump tshark valgrind psmisc iputils-ping gcovr curl clang libclang-rt-14-dev clang-format nftables"
# The Debian package's test (test/pkg): dpkg-buildpackage, dh, lintian.
TEST="$TEST dpkg-dev debhelper lintian"
# contrib/ (test/integration/contrib_monitoring.sh): promtool.
TEST="$TEST prometheus"
pkgs="$BUILD"
[ "$1" = "--test" ] && pkgs="$BUILD $TEST"
# The IPVS tests in a user-mode Linux guest (test/uml): its kernel, its
# modules' loader, ipvsadm, and the guest's servers (python3, openssl).
[ "$1" = "--test" ] && pkgs="$pkgs user-mode-linux ipvsadm kmod python3 openssl"
# tshark asks whether non-root users may capture: the answer does not matter here.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
# Debian starts keepalived, FRR and Prometheus as services where it can; the tests run their own
# copies (and need only promtool from the prometheus package).
for s in keepalived frr prometheus; do
	if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q "$s" 2>/dev/null; then
		systemctl stop "$s" || true
		systemctl disable -q "$s" 2>/dev/null || true
	fi
done
exit 0
