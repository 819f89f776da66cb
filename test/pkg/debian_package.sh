#!/bin/sh
# shellcheck disable=SC1091,SC2154 # lib.sh; top_srcdir and top_builddir come from make
# The Debian package, as a user builds and installs it:
# - dpkg-buildpackage -us -uc -b on a copy of the release files (make
#   distdir: nothing is written to the source or build tree) builds one
#   .deb, keepalived-vrrp, that Conflicts with, Replaces and Provides
#   keepalived;
# - it holds the daemon and keepalivectl in /usr/sbin, the unit, the init
#   script and the defaults file (both conffiles), the three man pages and
#   the sample configuration among the examples, and no
#   /etc/keepalived/keepalived.conf (that file is the administrator's);
# - lintian finds no error in it (when lintian is installed);
# - unpacked into a throwaway root (dpkg -x), the installed daemon accepts
#   the shipped sample with -t -f and its -v names the version; the unit
#   and the init script run /usr/sbin/keepalived with /etc/default/keepalived;
# - switching as README.Debian tells it (debian_switch.sh), in a throwaway
#   copy of this system, when Debian's keepalived is installed here and its
#   .deb is at hand: apt installs keepalived-vrrp in place of keepalived,
#   keepalived in place of keepalived-vrrp, then keepalived-vrrp is purged;
#   each time /usr/sbin/keepalived is the expected daemon, the init script
#   is executable, and /etc/keepalived/keepalived.conf and an edited
#   /etc/default/keepalived are unchanged.
# Needs root and dpkg-buildpackage, dh and the build dependencies (exit 77
# otherwise).
. "$top_srcdir/test/integration/lib.sh"
lib_init debian_package
lib_require_tools dpkg-buildpackage dpkg-deb dh make
T=$LIB_TMP
# Run by make check: the build must not join (or be confused by) that make.
unset MAKEFLAGS MFLAGS MAKELEVEL

step "the build dependencies"
(cd "$top_srcdir" && dpkg-checkbuilddeps) >"$T/deps.out" 2>&1 || {
	echo "SKIP: $(cat "$T/deps.out")"
	exit 77
}

step "make distdir, then dpkg-buildpackage -us -uc -b on that copy"
make -C "$top_builddir" distdir distdir="$T/src" >"$T/distdir.log" 2>&1 || fail "make distdir"
[ -f "$T/src/debian/control" ] || fail "debian/ is not in the release files (EXTRA_DIST)"
(cd "$T/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	dpkg-buildpackage -us -uc -b >"$T/build.log" 2>&1) || fail "dpkg-buildpackage failed"
set -- "$T"/keepalived-vrrp_*.deb
if [ $# -ne 1 ] || [ ! -f "$1" ]; then fail "expected one keepalived-vrrp .deb, found: $*"; fi
DEB=$1

step "relationship to Debian's keepalived"
for field in Conflicts Replaces Provides; do
	dpkg-deb -f "$DEB" "$field" | grep -qw keepalived || fail "$field does not name keepalived"
done

step "contents"
dpkg-deb -c "$DEB" | awk '{ print $NF }' | sed 's|^\./|/|' >"$T/files"
for f in /usr/sbin/keepalived /usr/sbin/keepalivectl /lib/systemd/system/keepalived.service \
	/etc/init.d/keepalived /etc/default/keepalived /usr/share/man/man8/keepalived.8.gz \
	/usr/share/man/man8/keepalivectl.8.gz /usr/share/man/man5/keepalived.conf.5.gz \
	/usr/share/doc/keepalived-vrrp/examples/keepalived.conf /usr/share/doc/keepalived-vrrp/README.Debian \
	/usr/share/doc/keepalived-vrrp/copyright; do
	grep -qx "$f" "$T/files" || fail "$f is not in the package"
done
! grep -qx /etc/keepalived/keepalived.conf "$T/files" || fail "the package ships /etc/keepalived/keepalived.conf"
mkdir "$T/control"
dpkg-deb -e "$DEB" "$T/control"
sort "$T/control/conffiles" >"$T/conffiles"
printf '%s\n' /etc/default/keepalived /etc/init.d/keepalived >"$T/conffiles.want"
cmp -s "$T/conffiles" "$T/conffiles.want" || fail "conffiles: $(cat "$T/conffiles")"

if command -v lintian >/dev/null 2>&1; then
	step "lintian"
	lintian --fail-on error "$DEB" >"$T/lintian.log" 2>&1 || fail "lintian: $(grep '^E:' "$T/lintian.log")"
	grep '^[EW]:' "$T/lintian.log" || true
else
	step "lintian is not installed: not checked"
fi

step "dpkg -x into a throwaway root, then the installed daemon"
dpkg-deb -x "$DEB" "$T/root" || fail "dpkg -x"
"$T/root/usr/sbin/keepalived" -t -f "$T/root/usr/share/doc/keepalived-vrrp/examples/keepalived.conf" \
	>"$T/t.log" 2>&1 || fail "the installed daemon refuses the shipped sample: $(cat "$T/t.log")"
"$T/root/usr/sbin/keepalived" -v >"$T/v.log" 2>&1 || fail "-v failed"
head -n 1 "$T/v.log" | grep -q "^Keepalived v$(dpkg-deb -f "$DEB" Version | sed 's/-.*//') " ||
	fail "-v: $(head -n 1 "$T/v.log")"
"$T/root/usr/sbin/keepalivectl" --help >"$T/ctl.log" 2>&1 || fail "keepalivectl --help: $(cat "$T/ctl.log")"
grep -q '^ExecStart=/usr/sbin/keepalived ' "$T/root/lib/systemd/system/keepalived.service" ||
	fail "the unit does not run /usr/sbin/keepalived"
grep -q '^EnvironmentFile=-/etc/default/keepalived' "$T/root/lib/systemd/system/keepalived.service" ||
	fail "the unit does not read /etc/default/keepalived"
grep -q '^DAEMON=/usr/sbin/keepalived$' "$T/root/etc/init.d/keepalived" ||
	fail "the init script does not run /usr/sbin/keepalived"
[ -x "$T/root/etc/init.d/keepalived" ] || fail "the init script is not executable"

# The copy: an overlay on / (the root file system alone, not what is mounted
# on it) whose upper layer is a tmpfs, in a mount namespace that ends with
# this step. /run is an empty tmpfs there, so that the maintainer scripts
# find no systemd to talk to, and policy-rc.d stops invoke-rc.d.
step "switching to keepalived-vrrp and back, in a throwaway copy of this system"
KA_DEB=
if dpkg-query -W -f='${db:Status-Abbrev}' keepalived 2>/dev/null | grep -q '^ii'; then
	KA_DEB=$(find /var/cache/apt/archives -name 'keepalived_*.deb' 2>/dev/null | head -n 1)
	if [ -z "$KA_DEB" ]; then
		(cd "$T" && apt-get download keepalived >/dev/null 2>&1)
		KA_DEB=$(find "$T" -maxdepth 1 -name 'keepalived_*.deb' | head -n 1)
	fi
fi
if [ -z "$KA_DEB" ] || ! command -v unshare >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	step "not checked: needs Debian's keepalived installed, its .deb, unshare and apt-get"
	echo "PASS"
	exit 0
fi
OV=$T/ov
cat >"$T/copy.sh" <<EOF
set -eu
mount --make-rprivate /
mkdir -p '$OV'
mount -t tmpfs tmpfs '$OV'
mkdir '$OV/up' '$OV/work' '$OV/root'
mount -t overlay overlay -o 'lowerdir=/,upperdir=$OV/up,workdir=$OV/work' '$OV/root' || exit 3
mount --bind /proc '$OV/root/proc'
mount --bind /dev '$OV/root/dev'
mount -t tmpfs tmpfs '$OV/root/run'
printf '#!/bin/sh\nexit 101\n' >'$OV/root/usr/sbin/policy-rc.d'
chmod 755 '$OV/root/usr/sbin/policy-rc.d'
exec chroot '$OV/root' /bin/sh -s '$DEB' '$KA_DEB' <'$top_srcdir/test/pkg/debian_switch.sh'
EOF
unshare -m sh "$T/copy.sh" >"$T/switch.log" 2>&1
rc=$?
if [ "$rc" -eq 3 ]; then
	step "not checked: no overlay mount here ($(tail -n 1 "$T/switch.log"))"
else
	[ "$rc" -eq 0 ] || fail "switching: $(cat "$T/switch.log")"
	cat "$T/switch.log"
fi
echo "PASS"
