/*
 * global_defs keywords about the daemon as a whole that keepalived 2.2.7
 * acts on and that are neither process settings (conf_process.h) nor VRRP
 * defaults: the file mode mask, reloads (checked first, signalled by a
 * file, scheduled by a file), where dumps and saved configurations go, the
 * automatic real-time priority, IGMP reports, and the VRRP tuning knobs
 * (struct vrrp_tuning_conf, read here into conf->vrrp.tuning).
 */
#ifndef CORE_CONF_GLOBALS_H
#define CORE_CONF_GLOBALS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/conf_reader.h"

#define GLOBALS_PATH_MAX 256
#define GLOBALS_AUTO_PRIO_DELAY_US 1000000u /* min_auto_priority_delay default */

struct globals_conf {
	bool umask_set; /* umask NUMBER|BITS */
	mode_t umask;

	bool reload_check;                       /* reload_check_config [LOG_FILE] */
	char reload_check_log[GLOBALS_PATH_MAX]; /* "": no log file */
	bool reload_file_set;                    /* reload_file [PATH] */
	char reload_file[GLOBALS_PATH_MAX];      /* "": keepalived.reload in the pid directory */
	char reload_time_file[GLOBALS_PATH_MAX]; /* reload_time_file PATH; "": none */
	bool reload_repeat;                      /* reload_repeat: keep the file */
	char config_save_dir[GLOBALS_PATH_MAX];  /* config_save_dir DIR; "": none */
	char tmp_config_directory[GLOBALS_PATH_MAX];

	bool data_use_instance; /* data_use_instance [BOOL] */
	bool disable_local_igmp;

	/* max_auto_priority [N]: 0 none (default), -1 none and no notice. */
	int max_auto_priority;
	bool max_auto_priority_set;
	uint32_t min_auto_priority_delay_us;
};

/* The keywords; handlers take the struct kconf being read (conf.c composes them). */
extern const struct cfg_keyword globals_keywords[];

struct vrrp_tuning_conf;

/* -d: the keywords set, as keepalived.conf lines (inside global_defs). */
void globals_conf_dump(const struct globals_conf *g, const struct vrrp_tuning_conf *t,
		       void (*out)(const char *line, void *arg), void *arg);

/* Parse "022", "0x12", "18" or "IWGRP|IWOTH" (keepalived's forms); 0 or -1. */
int globals_parse_umask(const char *s, mode_t *out);
/* "HH:MM:SS", "YY-MM-DD HH:MM:SS" or "YYYY-MM-DD HH:MM:SS", each with an
 * optional 'Z' (UTC): the next such time after now (a time alone: today or
 * tomorrow). 0 with *when set, or -1. */
int globals_parse_reload_time(const char *s, time_t now, time_t *when);

#endif
