/*
 * `keepalivectl monitor` (ctl_monitor.h): capture VRRP with vrrp_pcap.c,
 * feed the model of vrrp_segmon.c, print it with vrrp_segmon_fmt.c. Live,
 * a snapshot every second until SIGINT or SIGTERM: the table (redrawn on a
 * terminal) or one JSON array per line. From a file (--read), one snapshot
 * once the file is read, at the time of its last frame.
 */
#include "config.h"

#include "keepalived/core/ctl_monitor.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_pcap.h"
#include "keepalived/vrrp/status/vrrp_segmon_fmt.h"

#define MON_OK 0
#define MON_USAGE 2
#define MON_DENIED 4
#define MON_FAILED 5

/* Large: one model for the process. */
static struct vrrp_segmon model;
static volatile sig_atomic_t stop_requested;

static void
on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
on_frame(void *arg, const uint8_t *frame, size_t caplen, int64_t ts_us)
{
	struct vrrp_pcap *p = arg;

	vrrp_segmon_frame(&model, vrrp_pcap_link(p), frame, caplen, ts_us);
}

static int64_t
wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
snapshot(bool json, const char *title, int64_t now_us, bool redraw)
{
	if (json) {
		vrrp_segmon_json(stdout, &model, now_us);
		return;
	}
	if (redraw)
		fputs("\033[H\033[2J", stdout);
	vrrp_segmon_table(stdout, &model, now_us, title);
	if (!redraw)
		fputc('\n', stdout);
}

static int
open_failed(enum vrrp_pcap_err err, const char *msg)
{
	fprintf(stderr, "keepalivectl: monitor: %s%s\n", msg,
		err == VRRP_PCAP_ERR_PERM ? " (capturing needs root or CAP_NET_RAW)" : "");
	return err == VRRP_PCAP_ERR_PERM ? MON_DENIED : MON_FAILED;
}

static int
monitor_file(const char *path, bool json)
{
	enum vrrp_pcap_err err;
	struct vrrp_pcap *p;
	char msg[512], title[600];
	int rc = MON_OK;

	if ((p = vrrp_pcap_open_file(path, &err, msg, sizeof(msg))) == NULL)
		return open_failed(err, msg);
	if (vrrp_pcap_dispatch(p, on_frame, p, msg, sizeof(msg)) == -1) {
		fprintf(stderr, "keepalivectl: monitor: %s: %s\n", path, msg);
		rc = MON_FAILED;
	}
	vrrp_pcap_close(p);
	snprintf(title, sizeof(title), "VRRP in %s", path);
	snapshot(json, title, model.last_us, false);
	return rc;
}

static int
monitor_live(const char *ifname, bool json)
{
	struct sigaction sa;
	enum vrrp_pcap_err err;
	struct vrrp_pcap *p;
	struct pollfd pfd;
	char msg[512], title[64];
	int64_t next_ms, left;
	bool redraw = !json && isatty(STDOUT_FILENO);

	if ((p = vrrp_pcap_open_live(ifname, &err, msg, sizeof(msg))) == NULL)
		return open_failed(err, msg);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: poll returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	snprintf(title, sizeof(title), "VRRP on %s", ifname);
	pfd.fd = vrrp_pcap_fd(p);
	pfd.events = POLLIN;
	next_ms = mono_ms() + 1000;
	while (!stop_requested) {
		left = next_ms - mono_ms();
		if (left <= 0) {
			snapshot(json, title, wall_us(), redraw);
			next_ms += 1000;
			continue;
		}
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR) {
			fprintf(stderr, "keepalivectl: monitor: poll: %s\n", strerror(errno));
			break;
		}
		if (vrrp_pcap_dispatch(p, on_frame, p, msg, sizeof(msg)) == -1) {
			fprintf(stderr, "keepalivectl: monitor: %s: %s\n", ifname, msg);
			vrrp_pcap_close(p);
			return MON_FAILED;
		}
	}
	vrrp_pcap_close(p);
	return MON_OK;
}

int
ctl_monitor_main(int argc, char *argv[])
{
	const char *file = NULL, *ifname = NULL;
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--read") == 0 && i + 1 < argc && file == NULL)
			file = argv[++i];
		else if (argv[i][0] != '-' && ifname == NULL)
			ifname = argv[i];
		else
			goto usage;
	}
	if ((file == NULL) == (ifname == NULL))
		goto usage;
	vrrp_segmon_init(&model);
	return file != NULL ? monitor_file(file, json) : monitor_live(ifname, json);
usage:
	fprintf(stderr, "keepalivectl: usage: keepalivectl %s\n", CTL_MONITOR_USAGE);
	return MON_USAGE;
}
