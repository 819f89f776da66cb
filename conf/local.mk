keepalivedconfdir = $(sysconfdir)/keepalived
dist_keepalivedconf_DATA = conf/keepalived.conf
