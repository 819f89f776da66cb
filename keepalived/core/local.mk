sbin_PROGRAMS += keepalived/keepalived
keepalived_keepalived_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS) $(CRYPTO_CFLAGS) $(SYSTEMD_CFLAGS)
keepalived_keepalived_SOURCES = \
	keepalived/core/main.c \
	keepalived/core/cli.c keepalived/core/cli.h \
	keepalived/core/daemon.c keepalived/core/daemon.h \
	keepalived/core/conf.c keepalived/core/conf.h \
	$(CONF_CHECKER_SOURCES) \
	keepalived/core/privs.c keepalived/core/privs.h
keepalived_keepalived_LDADD = $(VRRPIO_LIBS) $(VRRPCORE_LIBS) $(VRRPIO_LDADD) \
	$(LIBNL_LIBS) $(CRYPTO_LIBS) $(SYSTEMD_LIBS)

# The checker's blocks of keepalived.conf, read and ignored (also in unit tests).
CONF_CHECKER_SOURCES = \
	keepalived/core/conf_checker.c keepalived/core/conf_checker.h \
	keepalived/core/conf_checker_hc.c keepalived/core/conf_checker_priv.h
