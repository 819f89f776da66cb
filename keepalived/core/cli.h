/*
 * Command line: keepalived 2.2.7's options, parsed into a struct with no side
 * effects (nothing is printed, opened or exited here), so that every option
 * can be unit-tested. main() acts on the result.
 */
#ifndef CORE_CLI_H
#define CORE_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* keepalived's spelling, so that log watchers and `keepalived -v | head -1`
 * keep working; the parenthesis names this implementation. */
#define CLI_VERSION_STRING "Keepalived v" PACKAGE_VERSION " (" PACKAGE_NAME ")"

/* keepalived 2.2.7 puts its pid files in /run whatever the prefix. */
#define CLI_PID_DIR "/run"
#define CLI_DEFAULT_PID_FILE CLI_PID_DIR "/keepalived.pid"
#define CLI_DEFAULT_VRRP_PID CLI_PID_DIR "/keepalived_vrrp.pid"
#define CLI_DEFAULT_BFD_PID CLI_PID_DIR "/keepalived_bfd.pid"
#define CLI_DEFAULT_CHECKERS_PID CLI_PID_DIR "/keepalived_checkers.pid"
#define CLI_DEFAULT_CONF_FILE SYSCONFDIR "/keepalived/keepalived.conf"

enum cli_action {
	CLI_RUN,         /* start the daemon */
	CLI_CONFIG_TEST, /* -t: check the configuration and exit */
	CLI_HELP,        /* -h */
	CLI_VERSION,     /* -v */
	CLI_SIGNUM,      /* --signum: print opts->signum and exit 0 */
	CLI_ERROR,       /* opts->error says why; exit non-zero */
};

#define CLI_MAX_NOTICES 16
#define CLI_NOTICE_LEN 160

struct cli_opts {
	enum cli_action action;
	char error[256]; /* CLI_ERROR: one line, no newline */

	/*
	 * Options accepted but not carried out: one line each, for main() to
	 * show before it carries on.
	 */
	unsigned n_notices;
	char notices[CLI_MAX_NOTICES][CLI_NOTICE_LEN];

	const char *conf_file;         /* -f */
	const char *pid_file;          /* -p */
	const char *vrrp_pid_file;     /* -r */
	const char *bfd_pid_file;      /* -b: the VRRP process's pid, with bfd_instances */
	const char *checkers_pid_file; /* -c: the checker process's */
	const char *config_id;         /* -i; NULL: the node name */
	const char *control_socket;    /* --control-socket, for a later issue */
	const char *config_test_log;   /* -t FILE / --config-test=FILE; NULL: stderr */
	const char *net_namespace;     /* -s NAME: overrides net_namespace; NULL: none */

	int log_facility; /* -S; LOG_DAEMON by default */
	bool log_console; /* -l */
	bool log_detail;  /* -D */
	bool no_syslog;   /* -G */
	bool umask_set;   /* -u given */
	mode_t umask;     /* -u */
	bool dont_fork;   /* -n */
	bool dump_conf;   /* -d */
	bool all_config;  /* -e: a missing include is an error */
	bool core_dump;   /* -m, -M: lift the core size limit */

	bool vrrp_only;         /* -P: no checker process */
	bool check_only;        /* -C: the checker process only, no VRRP */
	bool dont_release_ipvs; /* -I: IPVS services stay at stop */

	bool release_vips;       /* -X: what this daemon always does (keepalived.8) */
	bool dont_release_vrrp;  /* -V: VIPs, routes and statics stay at stop */
	bool dont_respawn;       /* -R: a checker process that dies is not restarted */
	bool address_monitoring; /* -a: log address changes */

	/* Accepted for compatibility; nothing to act on here. */
	bool no_bfd;  /* -B */
	bool run_all; /* --all */
	bool snmp;    /* -x, -A */

	int signum; /* CLI_SIGNUM */
};

/*
 * Parse argv (which is not modified) into *opts, after setting every field to
 * its default. Parsing stops at the first error, and at -h, -v or --signum as
 * keepalived does. Returns opts->action.
 */
enum cli_action cli_parse(int argc, char *const argv[], struct cli_opts *opts);

/* keepalived's --signum names (STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON)
 * to the signal number; -1 if unknown. */
int cli_signum(const char *name);

/* --signum's output: the number and a newline, as keepalived prints it. */
void cli_print_signum(FILE *out, int signum);
void cli_print_help(FILE *out, const char *progname);
void cli_print_version(FILE *out);

#endif
