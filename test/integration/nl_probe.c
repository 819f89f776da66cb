/*
 * nl_probe: drives vrrp_netlink.c for test/integration/netlink.sh, inside a
 * network namespace. Each sub-command prints lines the script greps:
 *
 *   info IF                 the cache's view of IF
 *   vips add|del IF N       N VIPs in one call; waits until the cache agrees
 *   vips helddel IF N       the same deletions one VIP a call, held
 *                           (vrrp_nl_vips_hold()); the same wait
 *   fail IF                 a call in which two of three VIPs must fail
 *   badlabel IF             a VIP whose label does not start with "IF:"
 *   monitor IF SECONDS      print every callback for SECONDS (or until
 *                           SIGTERM); keeps VIP 198.18.0.99/24 on IF,
 *                           restoring it from the callback when deleted
 *   overrun IF GOFILE       shrink the monitor buffer, wait for GOFILE, then
 *                           read (forcing a resync) and print the cache
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "keepalived/vrrp/kernel/vrrp_netlink.h"
#include "lib/log.h"

#define VIPS_MAX 480

static const char *watched; /* interface whose primary addresses are printed */
static struct vrrp_nl *probe_nl;
static struct vrrp_vip guarded; /* the VIP the monitor puts back */
static volatile sig_atomic_t stop;

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static const char *
ntop(int family, const void *a, char *buf, size_t len)
{
	return inet_ntop(family, a, buf, (socklen_t)len) ? buf : "?";
}

static void
print_info(const struct vrrp_ifinfo *ifi)
{
	char v4[INET_ADDRSTRLEN] = "none", ll6[INET6_ADDRSTRLEN] = "none";

	if (ifi->has_v4) {
		char a[INET_ADDRSTRLEN];

		snprintf(v4, sizeof(v4), "%s", ntop(AF_INET, &ifi->v4, a, sizeof(a)));
	}
	if (ifi->has_ll6)
		ntop(AF_INET6, &ifi->ll6, ll6, sizeof(ll6));
	printf("if %s index=%d up=%d mac=%02x:%02x:%02x:%02x:%02x:%02x v4=%s/%u ll6=%s\n",
	       ifi->name, ifi->ifindex, ifi->up, ifi->mac[0], ifi->mac[1], ifi->mac[2], ifi->mac[3],
	       ifi->mac[4], ifi->mac[5], v4, ifi->v4_prefixlen, ll6);
	fflush(stdout);
}

/*
 * A deterministic mix: IPv4 in the interface's /24 (secondaries, some with
 * a label and broadcast), IPv4 /32 of scope link elsewhere (primaries the
 * kernel puts first in the list), IPv6 /64 with and without nodad.
 */
static size_t
make_vips(struct vrrp_vip *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned k = (unsigned)(i / 2);
		char buf[64];

		memset(&v[i], 0, sizeof(v[i]));
		if (i % 2 == 1) {
			v[i].family = AF_INET6;
			snprintf(buf, sizeof(buf), "fd00:18::%x", k + 16);
			inet_pton(AF_INET6, buf, &v[i].addr.v6);
			v[i].prefixlen = 64;
			v[i].nodad = k % 2 == 0;
			continue;
		}
		v[i].family = AF_INET;
		switch (k % 3) {
		case 0:
			snprintf(buf, sizeof(buf), "198.18.0.%u", 10 + k);
			v[i].prefixlen = 24;
			v[i].has_brd = true;
			inet_pton(AF_INET, "198.18.0.255", &v[i].brd);
			/* The label's device part is filled in by the caller. */
			snprintf(v[i].label, sizeof(v[i].label), ":%u", k);
			break;
		case 1:
			snprintf(buf, sizeof(buf), "198.19.0.%u", 10 + k);
			v[i].prefixlen = 32;
			v[i].scope = RT_SCOPE_LINK;
			break;
		default:
			snprintf(buf, sizeof(buf), "198.18.0.%u", 10 + k);
			v[i].prefixlen = 24;
			break;
		}
		inet_pton(AF_INET, buf, &v[i].addr.v4);
	}
	return n;
}

static void
set_labels(struct vrrp_vip *v, size_t n, const char *ifname)
{
	for (size_t i = 0; i < n; i++) {
		char tail[IF_NAMESIZE];

		if (v[i].label[0] != ':')
			continue;
		snprintf(tail, sizeof(tail), "%s", v[i].label);
		snprintf(v[i].label, sizeof(v[i].label), "%.8s%.7s", ifname, tail);
	}
}

/* Process notifications until fn() holds or the deadline passes. */
static bool
wait_until(bool (*fn)(void *), void *arg, uint64_t deadline_us)
{
	struct pollfd pfd = { .fd = vrrp_nl_fd(probe_nl), .events = POLLIN };

	while (!fn(arg)) {
		uint64_t now = now_us();

		if (now >= deadline_us)
			return false;
		if (poll(&pfd, 1, (int)((deadline_us - now) / 1000) + 1) > 0 &&
		    vrrp_nl_process(probe_nl) < 0)
			return false;
	}
	return true;
}

struct vip_wait {
	const struct vrrp_vip *v;
	size_t n;
	int ifindex;
	bool present;
};

static size_t
count_present(const struct vip_wait *w)
{
	size_t c = 0;

	for (size_t i = 0; i < w->n; i++)
		c += vrrp_nl_vip_present(probe_nl, w->ifindex, &w->v[i]);
	return c;
}

static bool
vips_settled(void *arg)
{
	struct vip_wait *w = arg;

	return count_present(w) == (w->present ? w->n : 0);
}

static int
cmd_vips(const char *op, const char *ifname, size_t n)
{
	static struct vrrp_vip vips[VIPS_MAX];
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(probe_nl, ifname);
	bool add = strcmp(op, "add") == 0;
	bool held = strcmp(op, "helddel") == 0; /* one VIP a call, held (vrrp_nl_vips_hold()) */
	struct vip_wait w;
	uint64_t t0, t1;
	int failures;

	if (ifi == NULL || n > VIPS_MAX)
		return 1;
	make_vips(vips, n);
	set_labels(vips, n, ifname);
	t0 = now_us();
	if (held) {
		failures = 0;
		vrrp_nl_vips_hold(probe_nl);
		for (size_t i = 0; i < n; i++)
			failures += vrrp_nl_vips_apply(probe_nl, false, ifi->ifindex, &vips[i], 1);
		failures += vrrp_nl_vips_release(probe_nl);
	} else {
		failures = vrrp_nl_vips_apply(probe_nl, add, ifi->ifindex, vips, n);
	}
	t1 = now_us();
	printf("vips %s n=%zu failures=%d usec=%llu batches=%llu\n", op, n, failures,
	       (unsigned long long)(t1 - t0),
	       (unsigned long long)vrrp_nl_get_stats(probe_nl)->batches);
	w = (struct vip_wait){ .v = vips, .n = n, .ifindex = ifi->ifindex, .present = add };
	if (!wait_until(vips_settled, &w, now_us() + 5000000))
		printf("cache TIMEOUT present=%zu\n", count_present(&w));
	else
		printf("cache present=%zu usec=%llu\n", count_present(&w),
		       (unsigned long long)(now_us() - t1));
	print_info(vrrp_nl_if(probe_nl, ifname));
	return failures;
}

static int
cmd_fail(const char *ifname)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(probe_nl, ifname);
	struct vrrp_vip v[3];
	int failures;

	if (ifi == NULL)
		return 1;
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 3; i++) {
		v[i].family = AF_INET;
		v[i].prefixlen = 24;
	}
	inet_pton(AF_INET, "198.18.0.240", &v[0].addr.v4);
	inet_pton(AF_INET, "198.18.0.241", &v[1].addr.v4);
	snprintf(v[1].dev, sizeof(v[1].dev), "nl-nodev");
	/* Same subnet as the primary, different scope: the kernel says EINVAL. */
	inet_pton(AF_INET, "198.18.0.242", &v[2].addr.v4);
	v[2].scope = RT_SCOPE_HOST;
	failures = vrrp_nl_vips_apply(probe_nl, true, ifi->ifindex, v, 3);
	printf("fail add failures=%d\n", failures);
	failures = vrrp_nl_vips_apply(probe_nl, false, ifi->ifindex, v, 3);
	printf("fail del failures=%d\n", failures);
	return 0;
}

static int
cmd_badlabel(const char *ifname)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(probe_nl, ifname);
	struct vrrp_vip v;

	if (ifi == NULL)
		return 1;
	memset(&v, 0, sizeof(v));
	v.family = AF_INET;
	v.prefixlen = 24;
	inet_pton(AF_INET, "198.18.0.250", &v.addr.v4);
	snprintf(v.label, sizeof(v.label), "foo:1");
	printf("badlabel failures=%d\n", vrrp_nl_vips_apply(probe_nl, true, ifi->ifindex, &v, 1));
	return 0;
}

static void
cb_link(void *arg, int ifindex, bool up)
{
	const struct vrrp_ifinfo *ifi = vrrp_nl_if_by_index(probe_nl, ifindex);

	(void)arg;
	printf("link ifindex=%d name=%s up=%d t=%llu\n", ifindex, ifi ? ifi->name : "-", up,
	       (unsigned long long)now_us());
	fflush(stdout);
}

static void
cb_addr(void *arg, int family, int ifindex, const union vrrp_addr *a, uint8_t plen, bool added)
{
	const struct vrrp_ifinfo *ifi;
	char buf[INET6_ADDRSTRLEN];

	(void)arg;
	printf("addr %s %s %s/%u ifindex=%d t=%llu\n", added ? "add" : "del",
	       family == AF_INET ? "inet" : "inet6", ntop(family, a, buf, sizeof(buf)), plen,
	       ifindex, (unsigned long long)now_us());
	ifi = watched != NULL ? vrrp_nl_if(probe_nl, watched) : NULL;
	if (ifi != NULL && ifi->ifindex == ifindex)
		print_info(ifi);
	/* What the glue does for a VIP deleted behind its back while Master. */
	if (ifi != NULL && ifi->ifindex == ifindex && !added && guarded.family == family &&
	    memcmp(&guarded.addr, a, sizeof(guarded.addr.v4)) == 0 &&
	    !vrrp_nl_vip_present(probe_nl, ifindex, &guarded))
		printf("restored %s failures=%d\n", buf,
		       vrrp_nl_vips_apply(probe_nl, true, ifindex, &guarded, 1));
	fflush(stdout);
}

static void
cb_resync(void *arg)
{
	(void)arg;
	printf("resync\n");
	fflush(stdout);
}

static void
on_sigterm(int signo)
{
	(void)signo;
	stop = 1;
}

static int
cmd_monitor(const char *ifname, int seconds)
{
	struct vrrp_nl_cbs cbs = { cb_link, cb_addr, cb_resync, NULL };
	struct pollfd pfd = { .fd = vrrp_nl_fd(probe_nl), .events = POLLIN };
	uint64_t deadline = now_us() + (uint64_t)seconds * 1000000;
	const struct vrrp_ifinfo *ifi = vrrp_nl_if(probe_nl, ifname);

	if (ifi == NULL)
		return 1;
	signal(SIGTERM, on_sigterm);
	watched = ifname;
	guarded.family = AF_INET;
	guarded.prefixlen = 24;
	inet_pton(AF_INET, "198.18.0.99", &guarded.addr.v4);
	if (vrrp_nl_vips_apply(probe_nl, true, ifi->ifindex, &guarded, 1) != 0)
		return 1;
	vrrp_nl_set_callbacks(probe_nl, &cbs);
	print_info(ifi);
	printf("ready\n");
	fflush(stdout);
	for (uint64_t now; !stop && (now = now_us()) < deadline;) {
		if (poll(&pfd, 1, (int)((deadline - now) / 1000) + 1) > 0 &&
		    vrrp_nl_process(probe_nl) < 0)
			return 1;
	}
	return 0;
}

/* Print the cache in the format the script derives from `ip -o addr`. */
static void
print_cache(const struct vrrp_nl *nl, const char *tag)
{
	for (size_t i = 0; i < vrrp_nl_if_count(nl); i++) {
		const struct vrrp_ifinfo *ifi = vrrp_nl_if_at(nl, i);

		printf("%s link %s up=%d\n", tag, ifi->name, ifi->up);
		for (size_t j = 0; j < vrrp_nl_addr_count(nl, ifi->ifindex); j++) {
			const struct vrrp_nl_ifaddr *a = vrrp_nl_addr_at(nl, ifi->ifindex, j);
			char buf[INET6_ADDRSTRLEN];

			printf("%s addr %s %s %s/%u\n", tag, ifi->name,
			       a->family == AF_INET ? "inet" : "inet6",
			       ntop(a->family, &a->addr, buf, sizeof(buf)), a->prefixlen);
		}
	}
}

static int
cmd_overrun(const char *ifname, const char *gofile)
{
	struct vrrp_nl_cbs cbs = { cb_link, cb_addr, cb_resync, NULL };
	struct pollfd pfd = { .fd = vrrp_nl_fd(probe_nl), .events = POLLIN };
	uint64_t deadline = now_us() + 60000000;
	const struct vrrp_nl_stats *st = vrrp_nl_get_stats(probe_nl);
	const struct vrrp_ifinfo *ifi;
	struct vrrp_nl *fresh;
	char buf[INET_ADDRSTRLEN];

	/* The smallest buffer the kernel allows: a few notifications. */
	if (vrrp_nl_set_rcvbuf(probe_nl, 1, false) == -1)
		return 1;
	vrrp_nl_set_callbacks(probe_nl, &cbs);
	printf("ready\n");
	fflush(stdout);
	while (access(gofile, F_OK) != 0) {
		if (now_us() > deadline) {
			printf("overrun TIMEOUT waiting for %s\n", gofile);
			return 1;
		}
		usleep(10000);
	}
	/* Read until quiet for 300 ms. */
	while (poll(&pfd, 1, 300) > 0 && now_us() < deadline)
		if (vrrp_nl_process(probe_nl) < 0)
			return 1;
	printf("stats overruns=%llu resyncs=%llu notifications=%llu\n",
	       (unsigned long long)st->overruns, (unsigned long long)st->resyncs,
	       (unsigned long long)st->notifications);
	print_cache(probe_nl, "cache");
	ifi = vrrp_nl_if(probe_nl, ifname);
	if (ifi != NULL)
		printf("primary %s %s/%u\n", ifname,
		       ifi->has_v4 ? ntop(AF_INET, &ifi->v4, buf, sizeof(buf)) : "none",
		       ifi->v4_prefixlen);
	/* A second handle's first dump must see exactly the same. */
	fresh = vrrp_nl_open();
	if (fresh != NULL) {
		print_cache(fresh, "fresh");
		vrrp_nl_close(fresh);
	}
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: nl_probe info|vips|fail|badlabel|monitor|overrun IF ...\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	const struct vrrp_ifinfo *ifi;
	int r = 2;

	if (argc < 3)
		return usage();
	log_init("nl_probe", LOG_DAEMON, true);
	probe_nl = vrrp_nl_open();
	if (probe_nl == NULL)
		return 1;
	if (strcmp(argv[1], "info") == 0) {
		ifi = vrrp_nl_if(probe_nl, argv[2]);
		if (ifi != NULL)
			print_info(ifi);
		r = ifi != NULL ? 0 : 1;
	} else if (strcmp(argv[1], "vips") == 0 && argc == 5) {
		r = cmd_vips(argv[2], argv[3], (size_t)strtoul(argv[4], NULL, 10));
	} else if (strcmp(argv[1], "fail") == 0) {
		r = cmd_fail(argv[2]);
	} else if (strcmp(argv[1], "badlabel") == 0) {
		r = cmd_badlabel(argv[2]);
	} else if (strcmp(argv[1], "monitor") == 0 && argc == 4) {
		r = cmd_monitor(argv[2], atoi(argv[3]));
	} else if (strcmp(argv[1], "overrun") == 0 && argc == 4) {
		r = cmd_overrun(argv[2], argv[3]);
	} else {
		usage();
	}
	vrrp_nl_close(probe_nl);
	return r;
}
