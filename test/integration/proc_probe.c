/*
 * proc_probe: drives process tracking (vrrp_proc.c) for
 * test/integration/track_process.sh, on the real kernel connector and the
 * real /proc, in the initial network namespace (the connector works there
 * only).
 *
 *   proc_probe CONF STATUS [RCVBUF]
 *
 * CONF holds vrrp_track_process blocks, read by the daemon's own parser.
 * STATUS is rewritten (atomically) whenever a count or a quorum changes,
 * one line per tracker: "NAME up|down COUNT". stdout gets "connected
 * yes|no" at start, then "change NAME up|down COUNT REALTIME_MS" for each
 * quorum change the module reports. Runs until SIGTERM. RCVBUF sets the
 * socket's receive buffer (process_monitor_rcv_bufs), to make it overflow.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/kernel/vrrp_proc.h"
#include "lib/conf_reader.h"
#include "lib/event.h"
#include "lib/log.h"

static struct vrrp_proc *probe;
static const char *status_path;
static char last_status[4096];
static bool stopping;

static void *
open_track(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	return vrrp_track_block_open(r, argc, argv, parent);
}

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	VRRP_TRACK_TOP_KEYWORDS(open_track),
	CFG_KEYWORD_END,
};
/* clang-format on */

static uint64_t
realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Rewrite STATUS if anything changed since the last time. */
static void
write_status(void)
{
	const struct vrrp_proc_set *set = vrrp_proc_trackers(probe);
	char text[sizeof(last_status)], tmp[1024];
	size_t len = 0;
	FILE *f;

	text[0] = '\0';
	for (size_t i = 0; i < set->ntrackers; i++) {
		const struct vrrp_proc_tracker *t = &set->trackers[i];
		int n = snprintf(text + len, sizeof(text) - len, "%s %s %u\n", t->name,
				 t->up ? "up" : "down", t->count);

		if (n < 0 || (size_t)n >= sizeof(text) - len)
			break;
		len += (size_t)n;
	}
	if (strcmp(text, last_status) == 0)
		return;
	snprintf(last_status, sizeof(last_status), "%s", text);
	snprintf(tmp, sizeof(tmp), "%s.tmp", status_path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
	rename(tmp, status_path);
}

static void
on_change(size_t index, const char *name, bool up, void *arg)
{
	(void)arg;
	printf("change %s %s %u %llu\n", name, up ? "up" : "down",
	       vrrp_proc_trackers(probe)->trackers[index].count, (unsigned long long)realtime_ms());
	fflush(stdout);
}

static void
on_term(struct ev_loop *loop, int signo, void *arg)
{
	(void)loop, (void)signo, (void)arg;
	stopping = true;
}

int
main(int argc, char *argv[])
{
	struct cfg_options opts = { "proc_probe", false };
	struct vrrp_proc_opts popts = { 0 };
	struct vrrp_conf conf;
	struct ev_loop *loop;
	int rc = 1;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: proc_probe CONF STATUS [RCVBUF]\n");
		return 2;
	}
	if (argc == 4) {
		popts.rcvbuf = atoi(argv[3]);
		popts.rcvbuf_force = true;
	}
	status_path = argv[2];
	log_init("proc_probe", LOG_DAEMON, true);
	memset(&conf, 0, sizeof(conf));
	vrrp_global_conf_defaults(&conf.global);
	if (cfg_read_file(argv[1], top_keywords, &conf, &opts) != 0 || conf.track == NULL) {
		fprintf(stderr, "proc_probe: %s: not a valid configuration\n", argv[1]);
		goto out;
	}
	loop = ev_loop_new(NULL, NULL);
	if (loop == NULL)
		goto out;
	probe = vrrp_proc_new(loop, conf.track->processes, &popts, on_change, NULL);
	if (probe == NULL)
		goto out_loop;
	printf("connected %s\n", vrrp_proc_connected(probe) ? "yes" : "no");
	fflush(stdout);
	ev_signal_add(loop, SIGTERM, on_term, NULL);
	ev_signal_add(loop, SIGINT, on_term, NULL);
	write_status();
	/* Counts change without a quorum change: look after every turn. */
	while (ev_loop_run_once(loop, 50000) >= 0 && !stopping)
		write_status();
	rc = 0;
	vrrp_proc_free(probe);
out_loop:
	ev_loop_free(loop);
out:
	vrrp_conf_free(&conf);
	return rc;
}
