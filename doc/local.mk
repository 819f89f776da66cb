dist_man_MANS += doc/man/keepalived.8 doc/man/keepalived.conf.5
