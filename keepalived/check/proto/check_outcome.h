/*
 * What one probe attempt found (keepalived/check/run/check_probe.h makes
 * them; the real-server state machine, check_rs.h, consumes them): plain
 * data, so that the decisions stay free of the probes' I/O.
 */
#ifndef CHECK_OUTCOME_H
#define CHECK_OUTCOME_H

#include <stdbool.h>

#define CHECK_REASON_MAX 320

struct check_outcome {
	bool up;
	bool timed_out; /* the attempt hit its hard timeout */
	int weight;     /* -1: unchanged; else the weight MISC misc_dynamic / FILE_CHECK set */
	/*
	 * The sentence keepalived 2.2.7 logs about this attempt, with the
	 * checked address as keepalived formats it ("[198.18.1.10]:tcp:80"):
	 *   "TCP connection to [198.18.1.10]:tcp:80 success."
	 *   "TCP connection to [198.18.1.10]:tcp:80 failed."  (see check_probe.c for each kind)
	 *   "HTTP status code error to [198.18.1.10]:tcp:80 url(/), status_code [503]."
	 * keepalived logs failures only while the server is up (or with
	 * log_all_failures) and success only when the server comes up: the
	 * caller decides that. Empty where keepalived logs nothing (a DNS_CHECK
	 * success).
	 */
	char reason[CHECK_REASON_MAX];
	/* MISC_CHECK only: " (exited with status 1)" etc., for check_probe_fmt_down(). */
	char detail[48];
};

#endif
