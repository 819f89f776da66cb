/*
 * What the pieces of the tracking configuration share and nobody else
 * needs: the parsers of the words that vrrp_conf_track.c (the tracker
 * blocks), vrrp_conf_track_set.c (track_* and notify* lines) and
 * vrrp_conf_track_global.c (global_defs) all read. They are defined in
 * vrrp_conf_track.c. Each reports what it refuses with cfg_error(), naming
 * the keyword it is given.
 */
#ifndef VRRP_CONF_TRACK_PRIV_H
#define VRRP_CONF_TRACK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cfg_reader;
struct vrrp_cmd;
struct vrrp_conf;
struct vrrp_track_conf;

/* conf->track, allocated on first use. NULL (reported) without memory. */
struct vrrp_track_conf *vrrp_conf_track_get(struct cfg_reader *r, struct vrrp_conf *conf);

/* s into dst of size bytes, or -1 if it does not fit ("what: 's' is longer than..."). */
int vrrp_conf_track_copy_name(struct cfg_reader *r, const char *what, const char *s, char *dst,
			      size_t size);

/* USER [GROUP] at argv[first] into user and group (VRRP_USER_NAME_MAX each). 0 or -1. */
int vrrp_conf_track_user_group(struct cfg_reader *r, const char *what, int argc, char *argv[],
			       int first, char *user, char *group);

/* `KEYWORD COMMAND [USER [GROUP]]` as a new command; who prefixes messages. NULL on error. */
struct vrrp_cmd *vrrp_conf_track_cmd_line(struct cfg_reader *r, const char *who, int argc,
					  char *argv[]);

/* Free the command in *slot, if any, and put cmd there. */
void vrrp_conf_track_cmd_replace(struct vrrp_cmd **slot, struct vrrp_cmd *cmd);

/* KEYWORD [BOOL]: no value is true, as keepalived's check_true_false(). 0 or -1. */
int vrrp_conf_track_get_bool(struct cfg_reader *r, int argc, char *argv[], bool *out);

/*
 * WEIGHT [reverse|noreverse] from argv[i], WEIGHT within +-limit; who
 * prefixes "weight" in messages. *reverse_given (if not NULL) is set when a
 * word after the weight was read. 0 or -1.
 */
int vrrp_conf_track_parse_weight(struct cfg_reader *r, const char *who, int argc, char *argv[],
				 int i, int64_t limit, int64_t *weight, bool *reverse,
				 bool *reverse_given);

/* A plain decimal number up to max into *v; false for anything else (nothing reported). */
bool vrrp_conf_track_uint(const char *s, uint64_t max, uint64_t *v);

#endif
