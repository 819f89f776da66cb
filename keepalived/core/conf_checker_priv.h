/*
 * What conf_checker.c (virtual servers, groups, SSL, the value helpers) and
 * conf_checker_hc.c (the health-check blocks of a real_server) share.
 */
#ifndef CORE_CONF_CHECKER_PRIV_H
#define CORE_CONF_CHECKER_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/conf_reader.h"

/* What a block is, for the checks made when it closes. */
enum chk_kind {
	CHK_VS,		 /* virtual_server: needs a real_server */
	CHK_VSG,	 /* virtual_server_group: needs an entry */
	CHK_SSL,
	CHK_REAL_SERVER,
	CHK_HTTP,	 /* HTTP_GET, SSL_GET: need a url */
	CHK_URL,	 /* needs a path */
	CHK_MISC,	 /* needs a misc_path */
	CHK_FILE,	 /* needs a track_file */
	CHK_BFD,	 /* needs a name */
	CHK_UDP,	 /* min_reply_length <= max_reply_length */
	CHK_OTHER_CHECK, /* TCP_CHECK, SMTP_CHECK, DNS_CHECK, PING_CHECK */
};

/* The object of every block opened here; nothing of the configuration. */
struct chk_block {
	enum chk_kind kind;
	char label[96];		       /* the opening line's words, for messages */
	unsigned children;	       /* real servers, urls or group entries */
	bool required_seen;	       /* path, misc_path, track_file or name */
	bool sorry_server;	       /* virtual_server: sorry_server given */
	uint64_t reply_min, reply_max; /* UDP_CHECK */
};

/* A new block of kind named by argv (NULL: reported). */
struct chk_block *chk_block_new(struct cfg_reader *r, enum chk_kind kind, int argc, char *argv[]);
/* The close handler of every block with an object: checks, then frees. */
int chk_block_close(struct cfg_reader *r, void *obj);

/*
 * Value checks, each reporting a file:line error and returning -1, or 0.
 * Numbers may start with '+', as keepalived's strtoul() allows; out may be
 * NULL.
 */
int chk_uint(struct cfg_reader *r, const char *kw, const char *s, uint64_t min, uint64_t max,
	     uint64_t *out);
/* An IPv4 or IPv6 address; keepalived ignores anything from a '/' on. */
int chk_addr(struct cfg_reader *r, const char *kw, const char *s);
/* The first len characters of s as an address into bytes[16]: the family,
 * or 0. */
int chk_addr_parse(const char *s, size_t len, unsigned char *bytes);
/* s is one of the NULL-terminated words[], compared with cmp. */
bool chk_word_in(const char *s, const char *const words[],
		 int (*cmp)(const char *, const char *));

/*
 * Handlers shared by several tables. chk_kw_number takes its range from a
 * table by keyword; retry and weight depend on the block they are in.
 */
int chk_kw_number(struct cfg_reader *r, int argc, char *argv[], void *obj);
int chk_kw_retry(struct cfg_reader *r, int argc, char *argv[], void *obj);
int chk_kw_weight(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* A value that must be there (a path, a script, a name). */
int chk_kw_string(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* The same, for the one its block cannot do without. */
int chk_kw_required_string(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* Exactly one word (snmp_name, BFD_CHECK's name). */
int chk_kw_one_word(struct cfg_reader *r, int argc, char *argv[], void *obj);
/* A flag that may be given a boolean (alpha, smtp_alert, ...). */
int chk_kw_opt_bool(struct cfg_reader *r, int argc, char *argv[], void *obj);

/* The health-check blocks of a real_server (conf_checker_hc.c). */
extern const struct cfg_keyword chk_health_check_keywords[];

#define CHK_KW(name, fn) { name, fn, NULL, NULL, NULL, NULL }
/* Accepted with whatever follows, as keepalived does. */
#define CHK_FLAG(name) { name, NULL, NULL, NULL, NULL, NULL }
#define CHK_BLOCK(name, open, sub) { name, NULL, open, sub, NULL, chk_block_close }

#endif
