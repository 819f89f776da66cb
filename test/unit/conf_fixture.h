/*
 * Reading a keepalived.conf text the way the daemon does, for the tests of
 * one block's keywords: a zeroed configuration with the global defaults,
 * the real reader with config_id "lvs-a", the log captured from a clean
 * start. Include after <cmocka.h> and unit_helpers.h.
 */
#ifndef CONF_FIXTURE_H
#define CONF_FIXTURE_H

#include <string.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "lib/conf_reader.h"

/*
 * Read text into *conf (already freed by the caller) with top as the
 * top-level keywords. The finishing steps are the caller's: each test
 * program runs the ones of the blocks it composes.
 * Returns: the reader's error count.
 */
static inline int
unit_conf_read(struct vrrp_conf *conf, const struct cfg_keyword *top, const char *text)
{
	static const struct cfg_options opts = { .config_id = "lvs-a" };

	unit_log_clear();
	memset(conf, 0, sizeof(*conf));
	vrrp_global_conf_defaults(&conf->global);
	return cfg_read_string("keepalived.conf", text, top, conf, &opts);
}

/*
 * A test program's load(): unload() the previous configuration, read text
 * with top, and when the reader found no error run finish(), the checks of
 * the blocks the program composes.
 * Returns: the errors of both.
 */
static inline int
unit_conf_load(struct vrrp_conf *conf, const struct cfg_keyword *top, const char *text,
	       void (*unload)(void), int (*finish)(struct vrrp_conf *conf))
{
	int errors;

	unload();
	errors = unit_conf_read(conf, top, text);
	return errors == 0 ? finish(conf) : errors;
}

/*
 * The entries of a composed vrrp_instance block: an extension's keyword
 * table (vrrp_route_instance_keywords...) ahead of the base ones, as
 * keepalived/core/conf.c orders them; and the top-level entry that opens it.
 */
#define UNIT_CONF_INSTANCE_KEYWORDS(ext) \
	CFG_KEYWORDS_FROM(ext), CFG_KEYWORDS_FROM(vrrp_instance_keywords), CFG_KEYWORD_END
#define UNIT_CONF_VRRP_INSTANCE(instance_keywords)                                    \
	{                                                                             \
		"vrrp_instance", NULL, vrrp_instance_open, (instance_keywords), NULL, \
			vrrp_instance_close                                           \
	}

#endif /* CONF_FIXTURE_H */
