/*
 * Reading the configuration: the daemon's, at start and at each reload
 * (errors refuse it, with each problem logged at its file:line), and -t's,
 * which reports every problem and exits with keepalived's codes.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "daemon_priv.h"
#include "process_opts.h"
#include "keepalived/vrrp/conf/bfd_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/run/vrrp_iface.h"
#include "lib/log.h"

/* -t exit codes, keepalived 2.2.7's (its man page numbers them one lower). */
#define DAEMON_EXIT_CONFIG 4
#define DAEMON_EXIT_CONFIG_TEST 5
#define DAEMON_EXIT_CONFIG_TEST_SECURITY 6

/* What -t has seen: where to write, and whether anything was reported. */
struct daemon_test_out {
	FILE *out;
	unsigned reports; /* warnings and errors */
};

/*
 * Warnings about what this daemon lacks, not about the file: keepalived
 * accepts those lines silently, so they are shown but leave -t's exit
 * status as keepalived's would be (scripts that gate on `-t` keep working).
 */
/* clang-format off */
static const char *const daemon_test_own_gaps[] = {
	"not supported",
	"not part of this daemon",
	"accepted but not acted on",
};
/* clang-format on */

/*
 * Whether a script's program exists as keepalived looks for it: a path as
 * given, a bare name along $PATH. keepalived disables the ones it cannot
 * find, and they do not count as scripts being executed.
 */
static bool
daemon_program_found(const char *program)
{
	const char *path = getenv("PATH"), *p, *end;
	char full[PATH_MAX];
	int n;

	if (strchr(program, '/') != NULL)
		return access(program, X_OK) == 0;
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0';
	     p = *end != '\0' ? end + 1 : end) {
		end = strchrnul(p, ':');
		n = snprintf(full, sizeof(full), "%.*s/%s", (int)(end - p), p, program);
		if (n > 0 && (size_t)n < sizeof(full) && access(full, X_OK) == 0)
			return true;
	}
	return false;
}

/* -t: bare lines on stderr or the -t file, without timestamps. */
static void
daemon_test_sink(int priority, const char *line, void *arg)
{
	struct daemon_test_out *t = arg;
	bool gap = false;

	for (size_t i = 0; i < sizeof(daemon_test_own_gaps) / sizeof(daemon_test_own_gaps[0]); i++)
		gap = gap || strstr(line, daemon_test_own_gaps[i]) != NULL;
	if (priority <= LOG_WARNING && !gap)
		t->reports++;
	fprintf(t->out, "%s\n", line);
}

/* Read the configuration; the reader logs every problem with file:line. */
int
daemon_load_config(struct daemon_state *ds, struct kconf **out)
{
	int errors;

	*out = NULL;
	if (log_get_detail()) /* -D, as keepalived: at start and at each reload */
		log_info("Opening file '%s'.", ds->opts->conf_file);
	log_info("Configuration file %s", ds->opts->conf_file);
	errors = kconf_load(ds->conf_path, &ds->cfg_opts, out);
	if (errors < 0)
		return -1; /* the reader said why */
	if (errors > 0) {
		log_error("Configuration file %s has %d error%s", ds->opts->conf_file, errors,
			  errors == 1 ? "" : "s");
		if (*out != NULL)
			kconf_free(*out);
		*out = NULL;
		return -1;
	}
	if (ds->opts->dump_conf)
		kconf_dump(*out);
	/* -B: the bfd_instance sessions are not run; their trackers stay down, as keepalived's. */
	if (ds->opts->no_bfd && (*out)->vrrp.bfd != NULL)
		(*out)->vrrp.bfd->not_run = true;
	return 0;
}

int
daemon_config_test(const struct cli_opts *opts)
{
	struct cfg_options cfg_opts = { opts->config_id, opts->all_config };
	struct kconf *conf = NULL;
	FILE *out = stderr;
	struct daemon_test_out t = { NULL, 0 };
	bool insecure = false;
	int errors;

	if (opts->config_test_log != NULL) {
		out = fopen(opts->config_test_log, "we");
		if (out == NULL) {
			fprintf(stderr, "Unable to open config-test log file %s: %s\n",
				opts->config_test_log, strerror(errno));
			return 1;
		}
	}
	log_init(DAEMON_LOG_IDENT, opts->log_facility, true);
	log_set_detail(opts->log_detail);
	t.out = out;
	log_set_sink(daemon_test_sink, &t);

	/* On errors, the reader has written each with its file:line. */
	errors = kconf_load(opts->conf_file, &cfg_opts, &conf);
	/* The interfaces, as keepalived: in the namespace the daemon would run in. */
	if (errors == 0) {
		const char *ns = opts->net_namespace != NULL ? opts->net_namespace :
							       conf->process.net_namespace;

		if (ns[0] == '\0' || process_netns_enter(ns) == 0)
			vrrp_iface_check_startup(&conf->vrrp, true);
	}
	if (conf != NULL && vrrp_conf_scripts_insecure(&conf->vrrp, daemon_program_found)) {
		log_warnx("SECURITY VIOLATION - scripts are being executed but script_security not "
			  "enabled.");
		insecure = true;
	}
	if (errors == 0 && opts->dump_conf)
		kconf_dump(conf);
	if (conf != NULL)
		kconf_free(conf);

	log_set_sink(NULL, NULL);
	if (out != stderr)
		fclose(out);
	/*
	 * keepalived 2.2.7's codes: 4 when the configuration cannot be run (ours
	 * refuses it), 6 for scripts without enable_script_security, 5 for any
	 * other warning (it runs, having cleared, rounded or ignored something),
	 * 0 when nothing was reported.
	 */
	if (errors != 0)
		return DAEMON_EXIT_CONFIG;
	if (insecure)
		return DAEMON_EXIT_CONFIG_TEST_SECURITY;
	return t.reports != 0 ? DAEMON_EXIT_CONFIG_TEST : 0;
}
