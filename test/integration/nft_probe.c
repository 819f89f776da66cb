/*
 * nft_probe: drives vrrp_nft.c for test/integration/nft_strict.sh inside a
 * network namespace, the way the daemon would over its lifetime. It reads
 * one command per line on stdin and answers "ok" or "err" on stdout:
 *
 *   open [TABLE [PRIORITY [COUNTERS]]]   vrrp_nft_open (TABLE "-": default)
 *   add ADDR[%IFNAME]...                 vrrp_nft_vips(ADD) in one call
 *   del ADDR[%IFNAME]...                 vrrp_nft_vips(DEL) in one call
 *   close                                vrrp_nft_close
 *   quit                                 exit without closing (a crash)
 */
#include "config.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "keepalived/vrrp/vrrp_nft.h"
#include "lib/log.h"

#define WORDS_MAX 64

/* "198.18.0.1", "fd00::1" or "fe80::1%ka0" into *a; -1 if it is none of those. */
static int
parse_addr(char *word, struct vrrp_nft_addr *a)
{
	char *pct = strchr(word, '%');

	memset(a, 0, sizeof(*a));
	if (pct != NULL) {
		*pct = '\0';
		a->ifindex = if_nametoindex(pct + 1);
		if (a->ifindex == 0)
			return -1;
	}
	if (inet_pton(AF_INET, word, &a->u.v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, word, &a->u.v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

static int
run(struct vrrp_nft **nft, int argc, char *argv[])
{
	struct vrrp_nft_addr addrs[WORDS_MAX];
	struct vrrp_nft_opts opts = { .priority = VRRP_NFT_PRIORITY_DEFAULT };
	int i;

	if (strcmp(argv[0], "open") == 0) {
		if (argc > 1 && strcmp(argv[1], "-") != 0)
			snprintf(opts.table, sizeof(opts.table), "%s", argv[1]);
		if (argc > 2)
			opts.priority = atoi(argv[2]);
		opts.counters = argc > 3 && strcmp(argv[3], "1") == 0;
		return *nft == NULL ? vrrp_nft_open(&opts, nft) : -1;
	}
	if (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "del") == 0) {
		if (*nft == NULL)
			return -1;
		for (i = 1; i < argc; i++)
			if (parse_addr(argv[i], &addrs[i - 1]) == -1)
				return -1;
		return vrrp_nft_vips(*nft, argv[0][0] == 'a' ? VRRP_NFT_ADD : VRRP_NFT_DEL, addrs,
				     (size_t)(argc - 1));
	}
	if (strcmp(argv[0], "close") == 0) {
		vrrp_nft_close(*nft);
		*nft = NULL;
		return 0;
	}
	return -1;
}

int
main(void)
{
	struct vrrp_nft *nft = NULL;
	char line[4096];

	log_init("nft_probe", LOG_DAEMON, true);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *argv[WORDS_MAX], *save = NULL, *w;
		int argc = 0;

		for (w = strtok_r(line, " \t\n", &save); w != NULL && argc < WORDS_MAX;
		     w = strtok_r(NULL, " \t\n", &save))
			argv[argc++] = w;
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "quit") == 0)
			return 0;
		printf("%s %s\n", run(&nft, argc, argv) == 0 ? "ok" : "err", argv[0]);
	}
	vrrp_nft_close(nft);
	return 0;
}
