# The Debian package (debian/): built from a copy of the release files,
# unpacked into a throwaway root, its daemon run on its own sample. An
# integration test: it needs root and Debian's packaging tools, and takes
# minutes.
INTEGRATION_TESTS += test/pkg/debian_package.sh
EXTRA_DIST += test/time_driver.sh test/pkg/debian_switch.sh \
	debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/README.Debian debian/keepalived-vrrp.dirs \
	debian/keepalived-vrrp.docs debian/keepalived-vrrp.examples \
	debian/keepalived-vrrp.lintian-overrides \
	debian/keepalived-vrrp.postinst debian/keepalived-vrrp.prerm
