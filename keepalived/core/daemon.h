/*
 * The daemon's life: start-up lines, configuration, detaching, pid files,
 * the event loop with its signals (stop, reload, dumps), the control socket
 * and the metrics server, and the stop sequence. Everything runs in one
 * process.
 */
#ifndef CORE_DAEMON_H
#define CORE_DAEMON_H

struct cli_opts;

/*
 * -t: read the configuration and report every problem on stderr, or in
 * opts->config_test_log. Never touches the network.
 * Returns the exit status: 0 if the configuration is valid, 1 if not.
 */
int daemon_config_test(const struct cli_opts *opts);

/*
 * Start the daemon and run it until SIGTERM or SIGINT. Unless -n was given
 * the caller's process waits until the detached daemon is up and exits with
 * 0, or with 1 if it failed to start. argv is logged as the command line.
 * Returns the exit status.
 */
int daemon_run(const struct cli_opts *opts, int argc, char *argv[]);

#endif
