# Integration tests: shell scripts, root, network namespaces.
INTEGRATION_TESTS += test/integration/lifecycle.sh
EXTRA_DIST += $(INTEGRATION_TESTS) test/integration/lib.sh
