/*
 * check_nft_drv: drives the checker's nftables_ipvs table (check_nft.h)
 * for test/integration/check_nft.sh inside a network namespace. One
 * command per line on stdin, "ok" or "err" on stdout:
 *
 *   apply TABLE PRIORITY [PROTO,FIRST,LAST,PORT,FWMARK]...   check_nft_apply
 *   close            check_nft_close (the table removed), then exit
 *   keep             check_nft_close keeping the table, then exit
 *
 * PROTO is tcp, udp or sctp; FIRST and LAST are addresses of one family.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalived/check/kernel/check_nft.h"
#include "lib/log.h"

#define ELEMS_MAX 64

static int
parse_addr(const char *s, struct check_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->u.v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->u.v6) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

static int
parse_elem(char *w, struct check_nft_elem *e)
{
	char *f[5];
	int i = 0;

	for (char *tok = strtok(w, ","); tok != NULL && i < 5; tok = strtok(NULL, ","))
		f[i++] = tok;
	if (i != 5)
		return -1;
	memset(e, 0, sizeof(*e));
	e->protocol = strcmp(f[0], "tcp") == 0 ? IPPROTO_TCP :
		      strcmp(f[0], "udp") == 0 ? IPPROTO_UDP :
						 IPPROTO_SCTP;
	if (parse_addr(f[1], &e->first) == -1 || parse_addr(f[2], &e->last) == -1)
		return -1;
	e->family = e->first.family;
	e->port = (uint16_t)atoi(f[3]);
	e->fwmark = (uint32_t)strtoul(f[4], NULL, 10);
	return 0;
}

int
main(void)
{
	struct check_nft *h = NULL;
	char line[4096];

	log_set_console(true);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		struct check_nft_elem e[ELEMS_MAX];
		char *words[ELEMS_MAX + 3], *save = NULL;
		size_t n = 0, nw = 0;
		bool ok = true;

		for (char *w = strtok_r(line, " \t\n", &save); w != NULL && nw < ELEMS_MAX + 3;
		     w = strtok_r(NULL, " \t\n", &save))
			words[nw++] = w;
		if (nw == 0)
			continue;
		if (strcmp(words[0], "close") == 0 || strcmp(words[0], "keep") == 0) {
			check_nft_close(h, strcmp(words[0], "keep") == 0);
			printf("ok\n");
			return 0;
		}
		if (strcmp(words[0], "apply") != 0 || nw < 3) {
			printf("err usage\n");
			fflush(stdout);
			continue;
		}
		for (size_t i = 3; i < nw && ok; i++)
			ok = parse_elem(words[i], &e[n++]) == 0;
		if (ok)
			ok = check_nft_apply(&h, words[1], (int32_t)atoi(words[2]), e, n) == 0;
		printf("%s\n", ok ? "ok" : "err");
		fflush(stdout);
	}
	check_nft_close(h, false);
	return 0;
}
