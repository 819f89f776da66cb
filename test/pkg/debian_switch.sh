#!/bin/sh
# Switching between Debian's keepalived and keepalived-vrrp as README.Debian
# tells it, run by debian_package.sh as root INSIDE a throwaway copy of the
# system (chroot into an overlay), never on a real one:
#   sh debian_switch.sh KEEPALIVED_VRRP_DEB KEEPALIVED_DEB
# Debian's keepalived is installed when it starts. Prints "ok: STEP" per step;
# exits 1 with "FAIL: ..." at the first failed check.
set -u
DEB=$1
KA_DEB=$2
export DEBIAN_FRONTEND=noninteractive
CONF=/etc/keepalived/keepalived.conf

die() {
	echo "FAIL: $*"
	exit 1
}

apt_install() {
	apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold "$1" \
		>/tmp/apt.log 2>&1 || die "apt-get install $1: $(tail -n 20 /tmp/apt.log)"
}

status() { # package: dpkg's two-letter state (ii, rc, un)
	dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | cut -c1-2
}

sums() {
	md5sum "$CONF" /etc/default/keepalived
}

# check STEP PATTERN: files unchanged, -v's first line matches PATTERN, the
# init script runnable.
check() {
	[ "$(sums)" = "$BEFORE" ] || die "$1: the configuration or the defaults file changed"
	/usr/sbin/keepalived -v 2>&1 | head -n 1 | grep -q "$2" ||
		die "$1: /usr/sbin/keepalived -v says $(/usr/sbin/keepalived -v 2>&1 | head -n 1)"
	[ -x /etc/init.d/keepalived ] || die "$1: /etc/init.d/keepalived is not executable"
	echo "ok: $1"
}

[ "$(status keepalived)" = ii ] || die "Debian's keepalived is not installed"
# The administrator's files: a configuration, an edited defaults file.
mkdir -p /etc/keepalived
[ -s "$CONF" ] || printf 'vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n virtual_ipaddress {\n  198.18.1.1\n }\n}\n' >"$CONF"
echo 'DAEMON_ARGS="-D" # edited' >>/etc/default/keepalived
BEFORE=$(sums)

apt_install "$DEB"
[ "$(status keepalived)" = rc ] || die "keepalived is $(status keepalived), not removed"
check "keepalived-vrrp in place of keepalived" "(keepalived-vrrp"
grep -q '^DAEMON=/usr/sbin/keepalived$' /etc/init.d/keepalived || die "the init script is not ours"

apt_install "$KA_DEB"
[ "$(status keepalived-vrrp)" = rc ] || die "keepalived-vrrp is $(status keepalived-vrrp), not removed"
check "keepalived in place of keepalived-vrrp" "^Keepalived v[0-9]"
! /usr/sbin/keepalived -v 2>&1 | head -n 1 | grep -q keepalived-vrrp || die "still keepalived-vrrp"

dpkg --purge keepalived-vrrp >/tmp/purge.log 2>&1 || die "purge: $(cat /tmp/purge.log)"
check "keepalived-vrrp purged while keepalived is installed" "^Keepalived v[0-9]"
