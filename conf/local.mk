# conf/: the sample configuration and the files that run the daemon as a
# service: a systemd unit, a SysV init script, and the defaults file both of
# them read (DAEMON_ARGS). configure chooses which of the three to install
# (--with-systemdsystemunitdir, --with-initscriptdir, --with-defaultsdir);
# the unit is Type=notify unless the daemon is built --without-systemd, else
# Type=forking.
#
# The files an admin edits (keepalived.conf and the defaults file) are
# installed only where none exists yet, and uninstalled only when unchanged,
# so that neither make install nor make uninstall loses someone's settings.

keepalivedconfdir = $(sysconfdir)/keepalived

# The daemon's pid files, which do not move with the prefix (cli.h).
CONF_PIDFILE = /run/keepalived.pid
CONF_VRRP_PIDFILE = /run/keepalived_vrrp.pid

CONF_TEMPLATES = conf/keepalived.service.in conf/keepalived.init conf/keepalived.default
CONF_GENERATED = conf/keepalived.service conf/init.d/keepalived conf/default/keepalived
EXTRA_DIST += conf/keepalived.conf $(CONF_TEMPLATES)
CLEANFILES += $(CONF_GENERATED)
# Always built: the init script test runs the generated script.
noinst_DATA = $(CONF_GENERATED)

if INSTALL_SYSTEMD_UNIT
systemdsystemunit_DATA = conf/keepalived.service
endif
if INSTALL_INITSCRIPT
initscript_SCRIPTS = conf/init.d/keepalived
endif
if INSTALL_DEFAULTS
CONF_DEFAULTS_DEST = $(defaultsdir)/keepalived
else
CONF_DEFAULTS_DEST =
endif

# The templates' @words@, expanded at make time so that make prefix=...
# and DESTDIR work; "[@]" keeps config.status from replacing these patterns.
conf_subst = sed \
	-e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@defaultsfile[@]|$(defaultsfile)|g' \
	-e 's|@pidfile[@]|$(CONF_PIDFILE)|g' \
	-e 's|@vrrppidfile[@]|$(CONF_VRRP_PIDFILE)|g'
# Lines of the unit that start with @notify@ are for Type=notify, those with
# @forking@ for Type=forking: keep one kind, drop the other.
if HAVE_SYSTEMD_NOTIFY
conf_unit_type = -e 's|^@notify[@]||' -e '/^@forking[@]/d'
else
conf_unit_type = -e '/^@notify[@]/d' -e 's|^@forking[@]||'
endif

conf/keepalived.service: $(srcdir)/conf/keepalived.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(conf_subst) $(conf_unit_type) $(srcdir)/conf/keepalived.service.in >$@.tmp && \
	mv -f $@.tmp $@
conf/init.d/keepalived: $(srcdir)/conf/keepalived.init Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(conf_subst) $(srcdir)/conf/keepalived.init >$@.tmp && \
	chmod 755 $@.tmp && mv -f $@.tmp $@
conf/default/keepalived: $(srcdir)/conf/keepalived.default Makefile
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(conf_subst) $(srcdir)/conf/keepalived.default >$@.tmp && \
	mv -f $@.tmp $@

# Install SOURCE as DEST unless DEST exists; remove DEST if it is unchanged.
conf_install_new = conf_install_new() { \
	if test -e "$$2"; then \
		echo "  keeping the existing $$2"; \
	else \
		echo " $(INSTALL_DATA) $$1 '$$2'"; \
		$(INSTALL_DATA) "$$1" "$$2" || exit 1; \
	fi; }
conf_uninstall_same = conf_uninstall_same() { \
	if test -e "$$2" && ! cmp -s "$$1" "$$2"; then \
		echo "  keeping $$2: it was edited"; \
	else \
		echo " rm -f '$$2'"; rm -f "$$2"; \
	fi; }

install-data-local: install-conf-local
uninstall-local: uninstall-conf-local

install-conf-local: conf/default/keepalived
	@$(NORMAL_INSTALL)
	@$(conf_install_new); \
	$(MKDIR_P) '$(DESTDIR)$(keepalivedconfdir)' && \
	conf_install_new '$(srcdir)/conf/keepalived.conf' \
		'$(DESTDIR)$(keepalivedconfdir)/keepalived.conf' && \
	if test -n '$(CONF_DEFAULTS_DEST)'; then \
		$(MKDIR_P) '$(DESTDIR)$(defaultsdir)' && \
		conf_install_new conf/default/keepalived '$(DESTDIR)$(CONF_DEFAULTS_DEST)'; \
	fi

uninstall-conf-local: conf/default/keepalived
	@$(NORMAL_UNINSTALL)
	@$(conf_uninstall_same); \
	conf_uninstall_same '$(srcdir)/conf/keepalived.conf' \
		'$(DESTDIR)$(keepalivedconfdir)/keepalived.conf' && \
	if test -n '$(CONF_DEFAULTS_DEST)'; then \
		conf_uninstall_same conf/default/keepalived '$(DESTDIR)$(CONF_DEFAULTS_DEST)'; \
	fi

.PHONY: install-conf-local uninstall-conf-local
