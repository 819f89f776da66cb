/*
 * The checker's sections of keepalived.conf (virtual_server with its
 * real_server and health-check blocks, virtual_server_group, SSL): this
 * daemon runs VRRP only, so they are read for their syntax and ignored.
 */
#ifndef CORE_CONF_CHECKER_H
#define CORE_CONF_CHECKER_H

#include "lib/conf_reader.h"

/*
 * Top-level keywords virtual_server, virtual_server_group and SSL, to be
 * composed into the top-level table with CFG_KEYWORDS_FROM() ahead of any
 * placeholder of the same names.
 *
 * Each block gets exactly one warning on its opening line, "virtual_server
 * 198.18.0.1 80: the checker (LVS/health checks) is not part of this daemon
 * yet, block ignored", whatever it contains. Inside, values keepalived 2.2.7
 * refuses (missing arguments, bad numbers or addresses, unknown schedulers,
 * ...) are errors, unknown keywords are warnings (from the reader), and a
 * block that keepalived would drop as incomplete (a checker with no url,
 * misc_path, track_file or name; a virtual_server with no real_server) is a
 * warning.
 *
 * The handlers take the top-level object as an opaque pointer and never
 * touch it: nothing is stored.
 */
extern const struct cfg_keyword checker_top_keywords[];

#endif
