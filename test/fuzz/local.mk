# libFuzzer targets, built with clang apart from the gcc build (configure
# finds $(CLANG) able to link -fsanitize=fuzzer,address,undefined):
#   fuzz_vrrp_rx      the VRRP receive path from recvmmsg() to the state
#                     machine, seeded from the captures in test/data;
#   fuzz_conf_reader  the keepalived.conf reader.
# make check runs each for FUZZ_CHECK_TIME seconds (default 30) and fails on
# any finding; make fuzz runs each for FUZZ_TIME seconds (default 60) on a
# corpus kept in the build directory. Both are skipped without clang.
FUZZ_TIME = 60
# More libFuzzer options for make fuzz, e.g. FUZZ_ARGS='-jobs=4 -workers=4'.
FUZZ_ARGS =
FUZZ_TARGETS = test/fuzz/fuzz_vrrp_rx test/fuzz/fuzz_conf_reader test/fuzz/fuzz_bfd_session
FUZZ_TESTS = test/fuzz/fuzz_vrrp_rx.sh test/fuzz/fuzz_conf_reader.sh \
	test/fuzz/fuzz_bfd_session.sh
TESTS += $(FUZZ_TESTS)

FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	$(DEFS) $(AM_CPPFLAGS) $(CPPFLAGS)
# The real daemon, but for the kernel: vrrp_netlink.c and vrrp_nl_vips.c
# give way to fuzz_netlink.c, and fuzz_sys.h sends the socket calls of every
# file to fuzz_sys.c (see fuzz_vrrp_rx.c).
FUZZ_RX_SRC = test/fuzz/fuzz_vrrp_rx.c test/fuzz/fuzz_sys.c test/fuzz/fuzz_sys.h \
	test/fuzz/fuzz_netlink.c test/fuzz/fuzz_nft.c keepalived/core/conf.c keepalived/core/conf.h \
	$(CHECK_CONF_SOURCES) $(keepalived_check_libcheckprobe_a_SOURCES) \
	$(keepalived_check_libcheckproto_a_SOURCES) $(keepalived_vrrp_libvrrpio_a_SOURCES) \
	$(CONF_PROCESS_SOURCES) \
	$(keepalived_vrrp_libvrrpcore_a_SOURCES) $(lib_libkalib_a_SOURCES)
FUZZ_RX_REPLACED = keepalived/vrrp/kernel/vrrp_netlink.c keepalived/vrrp/kernel/vrrp_nl_vips.c
FUZZ_CONF_SRC = test/fuzz/fuzz_conf_reader.c $(lib_libkalib_a_SOURCES)
# fuzz_bfd_session: the BFD codec and state machine (bfd_session.c), pure.
FUZZ_BFD_SRC = test/fuzz/fuzz_bfd_session.c keepalived/vrrp/proto/bfd_session.c
FUZZ_BUILD = $(SHELL) $(srcdir)/test/fuzz/build.sh

EXTRA_DIST += $(FUZZ_TESTS) test/fuzz/run.sh test/fuzz/build.sh test/fuzz/fuzz_vrrp_rx.c \
	test/fuzz/fuzz_sys.c test/fuzz/fuzz_sys.h test/fuzz/fuzz_netlink.c test/fuzz/fuzz_nft.c \
	test/fuzz/README test/fuzz/fuzz_bfd_session.c

if HAVE_FUZZER
check_SCRIPTS = $(FUZZ_TARGETS)
check_PROGRAMS += test/fuzz/fuzz_seeds

test/fuzz/fuzz_vrrp_rx: $(FUZZ_RX_SRC) test/fuzz/build.sh
	$(AM_V_GEN)CLANG='$(CLANG)' FUZZ_LIBS='$(LIBNL_LIBS) $(CHECK_PROBE_LDADD)' \
	$(FUZZ_BUILD) $@ $(srcdir) '$(FUZZ_RX_REPLACED)' '$(FUZZ_RX_SRC)' \
	$(FUZZ_CFLAGS) $(LIBNL_CFLAGS) $(CRYPTO_CFLAGS) -include $(srcdir)/test/fuzz/fuzz_sys.h

test/fuzz/fuzz_conf_reader: $(FUZZ_CONF_SRC) test/fuzz/build.sh
	$(AM_V_GEN)CLANG='$(CLANG)' FUZZ_LIBS= \
	$(FUZZ_BUILD) $@ $(srcdir) '' '$(FUZZ_CONF_SRC)' $(FUZZ_CFLAGS)

test/fuzz/fuzz_bfd_session: $(FUZZ_BFD_SRC) test/fuzz/build.sh
	$(AM_V_GEN)CLANG='$(CLANG)' FUZZ_LIBS= \
	$(FUZZ_BUILD) $@ $(srcdir) '' '$(FUZZ_BFD_SRC)' $(FUZZ_CFLAGS)

fuzz: $(FUZZ_TARGETS) test/fuzz/fuzz_seeds
	@failed=; for t in $(FUZZ_TARGETS); do \
	  top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  FUZZ_ARGS='$(FUZZ_ARGS)' $(SHELL) $(srcdir)/test/fuzz/run.sh "$${t##*/}" '$(FUZZ_TIME)' \
	    corpus || failed="$$failed $${t##*/}"; \
	done; test -z "$$failed" || { echo "make fuzz: findings in$$failed" >&2; exit 1; }
else
fuzz:
	@echo "make fuzz: configure found no clang that links -fsanitize=fuzzer (set CLANG=...)" >&2
	@exit 1
endif

# The corpus of make fuzz outlives make clean: it is hours of work.
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf test/fuzz/fuzz_vrrp_rx test/fuzz/fuzz_conf_reader test/fuzz/fuzz_bfd_session \
		test/fuzz/*.o.d \
		test/fuzz/*.check
distclean-local:
	-rm -rf test/fuzz/*.corpus
.PHONY: fuzz clean-fuzz
