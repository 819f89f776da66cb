/*
 * The checker process (keepalived's "Keepalived_healthcheckers" child): it
 * reads the configuration itself, brings IPVS to it, runs every probe on
 * its own event loop, feeds the outcomes to the state machine and keeps
 * IPVS in step. SIGHUP reloads (only what changed is touched), SIGTERM
 * stops (the services are removed unless --dont-release-ipvs), SIGUSR1
 * writes keepalived_check.data.
 */
#ifndef CHECK_DAEMON_H
#define CHECK_DAEMON_H

#include <stdbool.h>

#include "keepalived/check/proto/check_reconcile.h"
#include "lib/conf_reader.h"

/* Exit statuses the supervisor tells apart: a permanent error is not respawned. */
#define CHECK_EXIT_OK 0
#define CHECK_EXIT_FATAL 2

struct check_daemon_opts {
	const char *conf_path; /* absolute */
	struct cfg_options cfg;
	const char *pid_path;    /* -c; NULL: none */
	bool dont_release_ipvs;  /* --dont-release-ipvs */
	bool dump_conf;          /* -d */
	bool address_monitoring; /* -a: log the address changes netlink reports */
	bool fifo_script;        /* start notify_fifo_script here: no VRRP process runs it (-C) */
	/*
	 * The BFD session states from the main process (check_bfd_feed.h): set by
	 * the supervisor in the forked child; without it BFD_CHECK hears nothing.
	 */
	bool has_bfd_fd;
	int bfd_fd;
	/* Tests: IPVS through these instead of netlink (NULL: netlink). */
	const struct check_ipvs_ops *ipvs;
};

/* Run the checker until SIGTERM. Returns the exit status (CHECK_EXIT_*). */
int check_daemon_main(const struct check_daemon_opts *opts);

#endif
