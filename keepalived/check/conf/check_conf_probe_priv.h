/*
 * Checker block keyword tables for a real_server (check_conf_probe.c),
 * each kind's own keywords in check_conf_probe_kinds.c; SMTP_CHECK's host
 * block, url blocks and the value helpers they share.
 */
#ifndef CHECK_CONF_PROBE_PRIV_H
#define CHECK_CONF_PROBE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "keepalived/check/conf/check_probe_conf.h"
#include "lib/conf_reader.h"

#define SECOND_US 1000000u

/* keepalived's strtoul() takes a leading '+'. */
const char *probe_conf_number_text(const char *s);
/* The keyword has a value: 0, or -1 reported. */
int probe_conf_one_value(struct cfg_reader *r, int argc, char *argv[]);
/* argv[1] as a number in min..max for keyword argv[0]. */
int probe_conf_uint(struct cfg_reader *r, char *argv[], uint64_t min, uint64_t max, uint64_t *out);
/* Copy a string value, refusing one that does not fit. */
int probe_conf_copy(struct cfg_reader *r, const char *kw, const char *s, char *dst, size_t size);
/* alpha / log_all_failures [BOOL]: the word alone means yes. */
int probe_conf_kw_flag(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* nb_get_retry: retry, deprecated. */
int probe_conf_kw_nb_get_retry(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* Free what a conf owns, not the conf. */
void probe_conf_free_members(struct check_probe_conf *c);

/* Options of every checker but FILE_CHECK and BFD_CHECK, and of those that connect. */
extern const struct cfg_keyword probe_conf_common_keywords[];
extern const struct cfg_keyword probe_conf_connection_keywords[];
/* Each kind's keywords (check_conf_probe_kinds.c). */
extern const struct cfg_keyword probe_conf_http_keywords[];
extern const struct cfg_keyword probe_conf_smtp_keywords[];
extern const struct cfg_keyword probe_conf_dns_keywords[];
extern const struct cfg_keyword probe_conf_udp_keywords[];
extern const struct cfg_keyword probe_conf_misc_keywords[];
extern const struct cfg_keyword probe_conf_file_keywords[];
extern const struct cfg_keyword probe_conf_bfd_keywords[];

#endif
