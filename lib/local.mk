noinst_LIBRARIES += lib/libkalib.a
lib_libkalib_a_SOURCES = \
	lib/log.c lib/log.h lib/log_syslog.c lib/log_syslog.h \
	lib/event.c lib/event.h lib/event_priv.h lib/event_watch.c \
	lib/conf_reader.c lib/conf_reader.h lib/conf_reader_priv.h \
	lib/conf_params.c lib/conf_include.c lib/conf_values.c lib/conf_gen.c \
	lib/pidfile.c lib/pidfile.h \
	lib/spawn.c lib/spawn.h
lib_libkalib_a_SOURCES += lib/path_check.c lib/path_check.h
lib_libkalib_a_SOURCES += lib/wd_health.c lib/wd_health.h
lib_libkalib_a_SOURCES += lib/sd_notify.c lib/sd_notify.h
lib_libkalib_a_SOURCES += lib/md5.c lib/md5.h
