/*
 * How long the event loop spends starting a script (issue 12: advert jitter
 * within 1 ms): spawn_exec(), which waits until the child has called
 * execve(), against spawn_start(), which returns after fork(). The child is
 * set up as vrrp_exec_start() sets it (own process group, parent-death
 * signal, ids dropped when run as root), the parent holds MB megabytes of
 * touched memory (fork copies its page tables) and, with -r, runs
 * SCHED_RR 50 as with vrrp_rt_priority 50. Prints median, p99 and worst of the
 * call alone; children are reaped outside the timed part.
 *
 *   bench_spawn [-r] [-n RUNS] [-m MB] [PROGRAM]   (default 400 runs, 8 MB, /bin/true)
 */
#include "config.h"

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/spawn.h"

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
report(const char *name, uint64_t *t, int n, int failed)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_u64);
	printf("%-12s runs %d  median %.3f ms  p99 %.3f ms  max %.3f ms  failed %d\n", name, n,
	       (double)t[n / 2] / 1e6, (double)t[(n * 99) / 100] / 1e6, (double)t[n - 1] / 1e6,
	       failed);
}

static void
reap_all(void)
{
	while (waitpid(-1, NULL, 0) > 0)
		;
}

int
main(int argc, char **argv)
{
	const struct timespec gap = { 0, 5000000 };
	int runs = 400, mb = 8, opt, failed;
	bool rt = false;
	struct spawn_req req;
	char *prog_argv[2];
	uint64_t *t;
	char *mem;

	while ((opt = getopt(argc, argv, "rn:m:")) != -1) {
		if (opt == 'r')
			rt = true;
		else if (opt == 'n')
			runs = atoi(optarg);
		else if (opt == 'm')
			mb = atoi(optarg);
		else
			return 2;
	}
	if (runs < 2)
		return 2;
	prog_argv[0] = optind < argc ? argv[optind] : (char *)"/bin/true";
	prog_argv[1] = NULL;
	mem = malloc((size_t)mb << 20);
	t = calloc((size_t)runs, sizeof(*t));
	if (mem == NULL || t == NULL)
		return 1;
	memset(mem, 1, (size_t)mb << 20);
	if (rt) {
		struct sched_param sp = { .sched_priority = 50 };

		/* As vrrp_rt_priority 50 sets it: the children run at normal priority. */
		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) == -1) {
			perror("SCHED_RR");
			return 1;
		}
	}
	memset(&req, 0, sizeof(req));
	req.path = prog_argv[0];
	req.argv = prog_argv;
	req.new_pgrp = true;
	req.parent_death_term = true;
	req.set_ids = geteuid() == 0;
	req.uid = 65534;
	req.gid = 65534;

	failed = 0;
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = now_ns();

		if (spawn_exec(&req) == -1)
			failed++;
		t[i] = now_ns() - t0;
		nanosleep(&gap, NULL);
		reap_all();
	}
	report("spawn_exec", t, runs, failed);

	failed = 0;
	for (int i = 0; i < runs; i++) {
		uint64_t t0 = now_ns();
		int errfd;

		if (spawn_start(&req, &errfd) == -1)
			failed++;
		t[i] = now_ns() - t0;
		nanosleep(&gap, NULL);
		reap_all();
		if (spawn_result(errfd) != 0)
			failed++;
	}
	report("spawn_start", t, runs, failed);
	free(t);
	free(mem);
	return 0;
}
