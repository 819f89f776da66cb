dist_man_MANS += doc/man/keepalived.8 doc/man/keepalived.conf.5
dist_man_MANS += doc/man/keepalivectl.8
