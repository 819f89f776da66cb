/*
 * Runs health-check probes (keepalived/check/run/check_probe.h) for the
 * integration tests, with no daemon around them. The configuration file
 * holds an optional SSL block and one real_server block whose first
 * checker is used; the probe goes to ADDR PORT.
 *
 *   check_probe_drv [-n COUNT] [-t TICK_MS] [-c CANCEL_MS] [-v VS_TEXT] CONF ADDR PORT
 *
 * COUNT probes run at once; each outcome is printed as
 *   UP|DOWN weight=W timed_out=0|1 ms=ELAPSED reason=<keepalived's sentence>
 * then "down: <line>" and "up: <line>" (check_probe_fmt_down/up) for the
 * first. With -t a timer ticks every TICK_MS meanwhile, and the worst
 * lateness is printed as "max_tick_late_ms=N ticks=N": the loop must stay
 * free while probes hang. With -c every probe is cancelled after CANCEL_MS
 * ("cancelled=N"). Exit 0 when every probe reported (or was cancelled).
 */
#include "config.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keepalived/check/run/check_probe.h"
#include "keepalived/vrrp/kernel/vrrp_exec.h"
#include "lib/event.h"
#include "lib/log.h"

struct rs {
	struct check_probe_list probes; /* first, as check_probe.h asks */
};

static void *
open_rs(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)r;
	(void)argc;
	(void)argv;
	return parent;
}

/* clang-format off */
static const struct cfg_keyword rs_keywords[] = {
	CFG_KEYWORDS_FROM(check_conf_probe_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static struct check_ssl_conf ssl_conf;

static void *
open_ssl(struct cfg_reader *r, int argc, char *argv[], void *parent)
{
	(void)r;
	(void)argc;
	(void)argv;
	(void)parent;
	return &ssl_conf;
}

/* clang-format off */
static const struct cfg_keyword top_keywords[] = {
	{ "real_server", NULL, open_rs, rs_keywords, NULL, NULL },
	{ "SSL", NULL, open_ssl, check_conf_ssl_keywords, NULL, NULL },
	CFG_KEYWORD_END,
};
/* clang-format on */

struct slot {
	struct check_probe *p;
	uint64_t start_us;
	bool reported;
};

static struct ev_loop *loop;
static struct slot *slots;
static unsigned pending, count;
static const struct check_probe_conf *conf;
static struct check_target target;
static struct ev_timer tick, cancel_timer;
static uint64_t tick_us, tick_due, max_late_us;
static unsigned ticks;

static void
probe_done(void *arg, const struct check_outcome *o)
{
	struct slot *s = arg;
	char line[512];

	s->p = NULL;
	s->reported = true;
	printf("%s weight=%d timed_out=%d ms=%llu reason=%s\n", o->up ? "UP" : "DOWN", o->weight,
	       o->timed_out ? 1 : 0, (unsigned long long)((ev_now(loop) - s->start_us) / 1000),
	       o->reason);
	if (s == &slots[0]) {
		printf("down: %s\n",
		       check_probe_fmt_down(line, sizeof(line), conf, &target, o, conf->retry));
		printf("up: %s\n", check_probe_fmt_up(line, sizeof(line), conf, &target));
	}
	fflush(stdout);
	if (--pending == 0)
		ev_loop_break(loop);
}

static void
on_tick(struct ev_loop *l, struct ev_timer *t, void *arg)
{
	uint64_t now = ev_now(l);

	(void)arg;
	if (now > tick_due && now - tick_due > max_late_us)
		max_late_us = now - tick_due;
	ticks++;
	tick_due = now + tick_us;
	ev_timer_start_at(l, t, tick_due);
}

static void
on_cancel(struct ev_loop *l, struct ev_timer *t, void *arg)
{
	unsigned n = 0;

	(void)t;
	(void)arg;
	for (unsigned i = 0; i < count; i++) {
		if (slots[i].p != NULL) {
			check_probe_cancel(slots[i].p);
			slots[i].p = NULL;
			n++;
			pending--;
		}
	}
	printf("cancelled=%u\n", n);
	ev_loop_break(l);
}

static int
parse_target(const char *addr, const char *port)
{
	if (inet_pton(AF_INET, addr, &target.addr.u.v4) == 1)
		target.addr.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &target.addr.u.v6) == 1)
		target.addr.family = AF_INET6;
	else
		return -1;
	target.port = (uint16_t)atoi(port);
	return 0;
}

int
main(int argc, char *argv[])
{
	static struct rs rs;
	struct vrrp_exec_defaults defaults;
	const char *vs_text = "[198.18.0.100]:tcp:80";
	uint64_t cancel_us = 0;
	int opt;

	count = 1;
	while ((opt = getopt(argc, argv, "n:t:c:v:")) != -1) {
		switch (opt) {
		case 'n':
			count = (unsigned)atoi(optarg);
			break;
		case 't':
			tick_us = (uint64_t)atoi(optarg) * 1000;
			break;
		case 'c':
			cancel_us = (uint64_t)atoi(optarg) * 1000;
			break;
		case 'v':
			vs_text = optarg;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 3 || count == 0 || parse_target(argv[optind + 1], argv[optind + 2])) {
		fprintf(stderr, "usage: %s [-n COUNT] [-t TICK_MS] [-c CANCEL_MS] CONF ADDR PORT\n",
			argv[0]);
		return 2;
	}
	log_init("check_probe_drv", 0, true);
	signal(SIGPIPE, SIG_IGN);
	if (cfg_read_file(argv[optind], top_keywords, &rs, NULL) != 0 || rs.probes.head == NULL) {
		fprintf(stderr, "no usable checker in %s\n", argv[optind]);
		return 2;
	}
	conf = rs.probes.head;
	target.vs_text = vs_text;
	target.delay_loop_us = conf->delay_loop_us;
	target.rs_weight = 1;
	if (check_probe_init(&ssl_conf) == -1)
		fprintf(stderr, "TLS context not built\n");
	memset(&defaults, 0, sizeof(defaults));
	defaults.have = true;
	defaults.uid = getuid();
	defaults.gid = getgid();
	if (check_probe_prepare(rs.probes.head, &defaults) == -1)
		fprintf(stderr, "checker not usable\n");
	loop = ev_loop_new(NULL, NULL);
	slots = calloc(count, sizeof(*slots));
	if (loop == NULL || slots == NULL)
		return 1;
	for (unsigned i = 0; i < count; i++) {
		slots[i].start_us = ev_now(loop);
		slots[i].p = check_probe_start(loop, conf, &target, probe_done, &slots[i]);
		if (slots[i].p == NULL) {
			perror("check_probe_start");
			return 1;
		}
		pending++;
	}
	ev_timer_init(&tick, on_tick, NULL);
	ev_timer_init(&cancel_timer, on_cancel, NULL);
	if (tick_us > 0) {
		tick_due = ev_now(loop) + tick_us;
		ev_timer_start_at(loop, &tick, tick_due);
	}
	if (cancel_us > 0) {
		ev_timer_start_in(loop, &cancel_timer, cancel_us);
	}
	ev_loop_run(loop);
	if (tick_us > 0)
		printf("max_tick_late_ms=%llu ticks=%u\n", (unsigned long long)(max_late_us / 1000),
		       ticks);
	ev_timer_stop(loop, &tick);
	ev_timer_stop(loop, &cancel_timer);
	free(slots);
	check_probe_list_free(&rs.probes);
	check_probe_fini();
	ev_loop_free(loop);
	return pending == 0 ? 0 : 1;
}
