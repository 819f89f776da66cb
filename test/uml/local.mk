# IPVS tests inside a user-mode Linux guest (this machine's kernel has no
# IPVS): uml_run.sh boots Debian's linux.uml on the host root read-only and
# runs a test script in it. Root only; exit 77 without user-mode-linux.
INTEGRATION_TESTS += test/uml/ipvs_keepalived.sh
EXTRA_DIST += test/uml/uml_run.sh test/uml/guest_init.sh test/uml/guest_lib.sh \
	test/uml/servers.py
