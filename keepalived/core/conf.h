/*
 * The whole configuration as read from keepalived.conf: global_defs and the
 * VRRP side. kconf_load() runs the reader over the file with the top-level
 * keyword table and completes everything that needs the whole file.
 */
#ifndef CORE_CONF_H
#define CORE_CONF_H

#include "keepalived/core/conf_globals.h"
#include "keepalived/core/conf_process.h"
#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "lib/conf_reader.h"

#include <stdbool.h>
#include <sys/socket.h>

struct check_conf;

struct kconf {
	char router_id[256]; /* default: the node name */
	/* global_defs metrics_listen ADDR:PORT: Prometheus metrics over HTTP. */
	bool metrics_enabled;
	struct sockaddr_storage metrics_addr;
	socklen_t metrics_addrlen;
	struct vrrp_conf vrrp;
	struct process_conf process; /* conf_process.c: namespace, names, scheduling, scripts */
	struct globals_conf globals; /* conf_globals.c: umask, reloads, dumps, auto priority */
	unsigned warned_scopes;      /* conf.c: SNMP, DBus, e-mail warned once each */
	char default_interface[16];  /* global_defs default_interface; empty: eth0 */
	struct check_conf *check;    /* virtual_server & co (keepalived/check/conf/) */
};

/*
 * Read path into a new configuration. Returns the number of errors (0: valid,
 * *out set), or -1 if the file cannot be read; on errors *out is NULL.
 */
int kconf_load(const char *path, const struct cfg_options *opts, struct kconf **out);
/* The same for text in memory; name is used in messages and for includes. */
int kconf_load_string(const char *name, const char *text, const struct cfg_options *opts,
		      struct kconf **out);
void kconf_free(struct kconf *conf);
/* -d / --dump-conf: the configuration as understood, to the log. */
void kconf_dump(const struct kconf *conf);

#endif
