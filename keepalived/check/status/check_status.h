/*
 * The checker's status, rendered from its run-time state: the SIGUSR1
 * dump (keepalived_check.data, in keepalived 2.2.7's layout), one JSON
 * document and Prometheus rows. The checker process writes the JSON and
 * the rows to files on every change (check_status_publish()); the main
 * process, which serves the control socket and the metrics, adds them to
 * its own output by reading those files (check_status_pub.h).
 */
#ifndef CHECK_STATUS_H
#define CHECK_STATUS_H

#include <stdio.h>

#include "keepalived/check/proto/check_bfd_msg.h"
#include "keepalived/check/proto/check_rs.h"

/* BFD_CHECK's messages from the main process (check_daemon_bfd.c). */
struct check_status_bfd {
	uint64_t messages;                        /* received */
	uint64_t drops[CHECK_BFD_MSG_ERR_COUNT_]; /* dropped, by reason ([0] unused) */
};

/* keepalived's data dump of the virtual and real servers. */
void check_status_data(FILE *out, const struct check_vs_rt *vs, unsigned n_vs);
/* One line per real server: health, weight, check counters, reason of the last change. */
void check_status_table(FILE *out, const struct check_vs_rt *vs, unsigned n_vs);
/* {"virtual_servers":[...]} */
void check_status_json(FILE *out, const struct check_vs_rt *vs, unsigned n_vs);
/* keepalived_lvs_* rows, with HELP and TYPE lines. */
void check_status_prometheus(FILE *out, const struct check_vs_rt *vs, unsigned n_vs);

/* The same with a "bfd" object / keepalived_lvs_bfd_* rows (bfd NULL: none). */
void check_status_json_bfd(FILE *out, const struct check_vs_rt *vs, unsigned n_vs,
			   const struct check_status_bfd *bfd);
void check_status_prometheus_bfd(FILE *out, const struct check_vs_rt *vs, unsigned n_vs,
				 const struct check_status_bfd *bfd);

/* Render them and write them into dir (safely, complete files); bfd may be NULL. 0 or -1. */
int check_status_publish(const char *dir, const struct check_vs_rt *vs, unsigned n_vs,
			 const struct check_status_bfd *bfd);

#include "keepalived/check/status/check_status_pub.h"

#endif
