noinst_LIBRARIES += lib/libkalib.a
lib_libkalib_a_SOURCES = \
	lib/log.c lib/log.h \
	lib/event.c lib/event.h \
	lib/conf_reader.c lib/conf_reader.h \
	lib/pidfile.c lib/pidfile.h
