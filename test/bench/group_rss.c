/*
 * Resident memory of a group of processes with every physical page counted
 * once (scale_bench.sh, issue 14 goal 2):
 *
 *   group_rss PID...
 *
 * prints "kB": the distinct page frames mapped and present in any of the
 * processes (/proc/PID/maps and /proc/PID/pagemap; the frame numbers need
 * root). RSS summed over keepalived's two processes counts the pages they
 * share twice (the libraries, what the parent wrote before it forked the
 * VRRP process); Pss divides a page among all its sharers on the host, so
 * it falls when other programs map the same libraries (other keepalived
 * processes on a busy machine). This figure is neither: what the host
 * holds for the daemon's processes, libraries included, as if it were the
 * only program using them.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

static uint64_t *frames;
static size_t nframes, capframes;

static int
frame_add(uint64_t pfn)
{
	if (nframes == capframes) {
		size_t cap = capframes ? capframes * 2 : 4096;
		uint64_t *f = realloc(frames, cap * sizeof(*f));

		if (f == NULL)
			return -1;
		frames = f;
		capframes = cap;
	}
	frames[nframes++] = pfn;
	return 0;
}

/* Every present page of PID's mappings into frames. 0, or -1. */
static int
pid_frames(const char *pid, long page)
{
	char path[64], line[512];
	FILE *maps;
	int pm, ret = 0;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	if ((maps = fopen(path, "r")) == NULL)
		return -1;
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	if ((pm = open(path, O_RDONLY)) == -1) {
		fclose(maps);
		return -1;
	}
	while (ret == 0 && fgets(line, sizeof(line), maps) != NULL) {
		uint64_t start, end, e;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &end) != 2)
			continue;
		for (uint64_t a = start; a < end; a += (uint64_t)page) {
			off_t off = (off_t)(a / (uint64_t)page * sizeof(e));

			/* [vsyscall] and the like cannot be read: skipped. */
			if (pread(pm, &e, sizeof(e), off) != (ssize_t)sizeof(e))
				break;
			if ((e & PM_PRESENT) && (e & PM_PFN_MASK) != 0 &&
			    frame_add(e & PM_PFN_MASK) == -1)
				ret = -1;
		}
	}
	close(pm);
	fclose(maps);
	return ret;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t distinct = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PID...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (pid_frames(argv[i], page) == -1) {
			fprintf(stderr, "%s: pid %s: cannot read its pages\n", argv[0], argv[i]);
			return 1;
		}
	qsort(frames, nframes, sizeof(*frames), cmp_u64);
	for (size_t i = 0; i < nframes; i++)
		if (i == 0 || frames[i] != frames[i - 1])
			distinct++;
	printf("%zu\n", distinct * (size_t)page / 1024);
	free(frames);
	return 0;
}
