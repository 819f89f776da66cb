/*
 * The segment monitor's model (vrrp_segmon.c, vrrp_segmon_problems.c) and
 * its JSON (vrrp_segmon_fmt.c) on crafted frames: adverts built by the
 * codec, wrapped in IPv4/IPv6 and a link header, at chosen capture times.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include "keepalived/vrrp/proto/vrrp_packet.h"
#include "keepalived/vrrp/proto/vrrp_segmon.h"
#include "keepalived/vrrp/status/vrrp_segmon_fmt.h"
#include "unit_helpers.h"

#define T0_US 1795314989000000LL /* any capture time */
#define MS 1000LL

static struct vrrp_segmon model;

/* One advert to craft; zero fields take the defaults of craft(). */
struct adv {
	int family;        /* AF_INET (default) or AF_INET6 */
	uint8_t version;   /* 3 */
	const char *src;   /* required */
	const char *dst;   /* the group */
	uint8_t vrid;      /* 51 */
	int prio;          /* 100; -1 for 0 */
	uint16_t interval; /* centiseconds, 100 */
	int auth;          /* VRRP_AUTH_*: NONE, PASS, AH (carried in AH) */
	const char *pass;  /* "secret" */
	const char *vips;  /* "198.18.1.100 198.18.1.101" */
	int ttl;           /* 255 */
	enum vrrp_segmon_link link;
	int vlan; /* Ethernet: one 802.1Q tag */
	bool bad_checksum;
};

static union vrrp_addr
addr(int family, const char *text)
{
	union vrrp_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(inet_pton(family, text, &a), 1);
	return a;
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Build the frame for a, return its length. */
static size_t
craft(struct adv a, uint8_t *frame, size_t size)
{
	struct vrrp_instance_conf conf;
	struct vrrp_vip vips[8];
	struct vrrp_txpkt tx;
	union vrrp_addr src, dst;
	char list[256], *tok, *save;
	uint8_t *ip;
	size_t off = 0, iplen, extra = 0;

	int family = a.family ? a.family : AF_INET;
	memset(&conf, 0, sizeof(conf));
	memset(vips, 0, sizeof(vips));
	snprintf(list, sizeof(list), "%s",
		 a.vips            ? a.vips :
		 family == AF_INET ? "198.18.1.100 198.18.1.101" :
				     "fe80::100");
	for (tok = strtok_r(list, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		vips[conf.nvips].family = family;
		vips[conf.nvips++].addr = addr(family, tok);
	}
	conf.vips = vips;
	conf.family = family;
	conf.version = a.version ? a.version : 3;
	conf.vrid = a.vrid ? a.vrid : 51;
	conf.adver_int_cs = a.interval ? a.interval : 100;
	conf.auth_type = a.auth;
	if (a.auth == VRRP_AUTH_PASS)
		memcpy(conf.auth_pass, a.pass ? a.pass : "secret",
		       strlen(a.pass ? a.pass : "secret"));
	src = addr(family, a.src);
	dst = addr(family, a.dst ? a.dst : family == AF_INET ? "224.0.0.18" : "ff02::12");
	assert_int_equal(vrrp_pkt_build(&tx, &conf,
					a.prio == -1 ? 0 :
					a.prio       ? (uint8_t)a.prio :
						       100,
					&src, &dst),
			 0);
	if (a.bad_checksum)
		tx.buf[7] ^= 0x55;

	switch (a.link) {
	case VRRP_SEGMON_LINK_ETHER:
		memset(frame, 0x11, 12);
		off = 12;
		if (a.vlan) {
			put16(frame + off, 0x8100);
			put16(frame + off + 2, (unsigned)a.vlan);
			off += 4;
		}
		put16(frame + off, family == AF_INET ? 0x0800 : 0x86dd);
		off += 2;
		break;
	case VRRP_SEGMON_LINK_SLL:
		memset(frame, 0, 16);
		put16(frame + 14, family == AF_INET ? 0x0800 : 0x86dd);
		off = 16;
		break;
	case VRRP_SEGMON_LINK_SLL2:
		memset(frame, 0, 20);
		put16(frame, family == AF_INET ? 0x0800 : 0x86dd);
		off = 20;
		break;
	case VRRP_SEGMON_LINK_RAW:
		break;
	}
	ip = frame + off;
	if (a.auth == VRRP_AUTH_AH)
		extra = 24;
	if (family == AF_INET) {
		iplen = 20 + extra + tx.len;
		assert_true(off + iplen <= size);
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, (unsigned)iplen);
		ip[8] = (uint8_t)(a.ttl ? a.ttl : 255);
		ip[9] = extra ? 51 : 112;
		memcpy(ip + 12, &src, 4);
		memcpy(ip + 16, &dst, 4);
		ip += 20;
	} else {
		iplen = 40 + extra + tx.len;
		assert_true(off + iplen <= size);
		memset(ip, 0, 40);
		ip[0] = 0x60;
		put16(ip + 4, (unsigned)(extra + tx.len));
		ip[6] = extra ? 51 : 112;
		ip[7] = (uint8_t)(a.ttl ? a.ttl : 255);
		memcpy(ip + 8, &src, 16);
		memcpy(ip + 24, &dst, 16);
		ip += 40;
	}
	if (extra) {
		memset(ip, 0xaa, extra);
		ip[0] = 112; /* next header */
		ip[1] = 4;   /* (24 / 4) - 2 */
		ip += extra;
	}
	memcpy(ip, tx.buf, tx.len);
	return off + iplen;
}

/* Feed a at t_ms after T0; the drop reason. */
static enum vrrp_segmon_drop
feed(struct adv a, int64_t t_ms)
{
	uint8_t frame[2048];
	size_t len = craft(a, frame, sizeof(frame));

	return vrrp_segmon_frame(&model, a.link, frame, len, T0_US + t_ms * MS);
}

/* Send a from FROM to TO ms every STEP ms. */
static void
feed_every(struct adv a, int64_t from, int64_t to, int64_t step)
{
	int64_t t;

	for (t = from; t <= to; t += step)
		assert_int_equal(feed(a, t), VRRP_SEGMON_DROP_NONE);
}

/* a and b, both every step ms from FROM to TO, b offset ms after a. */
static void
feed_two(struct adv a, struct adv b, int64_t from, int64_t to, int64_t step, int64_t offset)
{
	int64_t t;

	for (t = from; t <= to; t += step) {
		assert_int_equal(feed(a, t), VRRP_SEGMON_DROP_NONE);
		assert_int_equal(feed(b, t + offset), VRRP_SEGMON_DROP_NONE);
	}
}

static char problems[8192];

static void
collect(void *arg, const char *p)
{
	size_t n = strlen(problems);

	(void)arg;
	snprintf(problems + n, sizeof(problems) - n, "%s\n", p);
}

/* The problems of (family, vrid) at t_ms, into problems[]; their count. */
static int
problems_of(int family, uint8_t vrid, int64_t t_ms)
{
	int g;

	problems[0] = '\0';
	for (g = 0; g < model.ngroups; g++)
		if (model.groups[g].family == family && model.groups[g].vrid == vrid)
			return vrrp_segmon_problems(&model, g, T0_US + t_ms * MS, collect, NULL);
	fail_msg("no group %d/%u", family, vrid);
	return -1;
}

static const struct vrrp_segmon_router *
router(const char *src)
{
	int r;
	char a[64];

	for (r = 0; r < model.nrouters; r++) {
		int family = model.groups[model.routers[r].group].family;

		if (strcmp(vrrp_addr_ntop(family, &model.routers[r].src, a, sizeof(a)), src) == 0)
			return &model.routers[r];
	}
	fail_msg("no router %s", src);
	return NULL;
}

static int
setup(void **state)
{
	(void)state;
	vrrp_segmon_init(&model);
	return 0;
}

static void
test_steady_master(void **state)
{
	const struct vrrp_segmon_router *r;

	(void)state;
	feed_every((struct adv){ .src = "198.18.1.1", .prio = 150 }, 0, 5000, 1000);
	r = router("198.18.1.1");
	assert_int_equal(r->adverts, 6);
	assert_int_equal(r->priority, 150);
	assert_int_equal(r->adver_int_cs, 100);
	assert_int_equal(r->version, 3);
	assert_int_equal(r->naddr, 2);
	assert_int_equal(r->late, 0);
	assert_false(r->unicast);
	assert_int_equal(problems_of(AF_INET, 51, 5000), 0);
	assert_true(vrrp_segmon_advertising(&model, 0, T0_US + 5500 * MS));
	assert_false(vrrp_segmon_advertising(&model, 0, T0_US + 9000 * MS));
}

static void
test_two_masters(void **state)
{
	(void)state;
	feed_two((struct adv){ .src = "198.18.1.1", .prio = 150 },
		 (struct adv){ .src = "198.18.1.2", .prio = 100 }, 0, 4000, 1000, 500);
	assert_int_equal(problems_of(AF_INET, 51, 4500), 1);
	assert_non_null(strstr(problems, "two masters: 198.18.1.1 (priority 150) and 198.18.1.2 "
					 "(priority 100)"));
	assert_non_null(strstr(problems, "still both advertising"));
	/* Long after: the problem stays, no longer "still". */
	assert_int_equal(problems_of(AF_INET, 51, 60000), 1);
	assert_null(strstr(problems, "still"));
}

/* One sender at 1 s, the other at 0.5 s: both overlap. */
static void
test_two_masters_two_intervals(void **state)
{
	int64_t t;

	(void)state;
	for (t = 0; t < 4000; t += 500) {
		if (t % 1000 == 0)
			feed((struct adv){ .src = "198.18.1.1", .prio = 150 }, t);
		feed((struct adv){ .src = "198.18.1.2", .prio = 100, .interval = 50 }, t + 100);
	}
	assert_int_equal(problems_of(AF_INET, 51, 4000), 2);
	assert_non_null(strstr(problems, "two masters"));
	assert_non_null(strstr(problems, "advertisement intervals differ"));
}

/* A preemption: the old master's one advert after the new one's first. */
static void
test_preemption_is_not_two_masters(void **state)
{
	(void)state;
	feed_every((struct adv){ .src = "198.18.1.2", .prio = 100 }, 0, 5000, 1000);
	feed((struct adv){ .src = "198.18.1.1", .prio = 150 }, 5900);
	feed((struct adv){ .src = "198.18.1.2", .prio = 100 }, 5901);
	feed_every((struct adv){ .src = "198.18.1.1", .prio = 150 }, 6900, 10900, 1000);
	assert_int_equal(problems_of(AF_INET, 51, 10900), 0);
	/* A resigning master (priority 0) is not one either. */
	feed((struct adv){ .src = "198.18.1.1", .prio = -1 }, 11000);
	feed_every((struct adv){ .src = "198.18.1.2", .prio = 100 }, 11100, 14100, 1000);
	assert_int_equal(problems_of(AF_INET, 51, 14100), 0);
}

static void
test_interval_mismatch(void **state)
{
	(void)state;
	feed((struct adv){ .src = "198.18.1.1" }, 0);
	feed((struct adv){ .src = "198.18.1.2", .interval = 50 }, 100);
	feed((struct adv){ .src = "198.18.1.3" }, 200);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_string_equal(problems, "advertisement intervals differ: 1.00 s (198.18.1.1, "
				      "198.18.1.3); 0.50 s (198.18.1.2)\n");
}

static void
test_address_mismatch(void **state)
{
	(void)state;
	feed((struct adv){ .src = "198.18.1.1", .vips = "198.18.1.100 198.18.1.101" }, 0);
	/* The same set in another order agrees. */
	feed((struct adv){ .src = "198.18.1.2", .vips = "198.18.1.101 198.18.1.100" }, 100);
	assert_int_equal(problems_of(AF_INET, 51, 300), 0);
	feed((struct adv){ .src = "198.18.1.3", .vips = "198.18.1.100" }, 200);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_non_null(strstr(problems, "address lists differ: 198.18.1.100 198.18.1.101 "
					 "(198.18.1.1, 198.18.1.2); 198.18.1.100 (198.18.1.3)"));
}

static void
test_version_mismatch(void **state)
{
	(void)state;
	feed((struct adv){ .src = "198.18.1.1", .version = 2 }, 0);
	feed((struct adv){ .src = "198.18.1.2", .version = 3 }, 100);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_string_equal(problems, "versions differ: v2 (198.18.1.1); v3 (198.18.1.2)\n");
}

static void
test_auth_mismatch(void **state)
{
	(void)state;
	feed((struct adv){ .src = "198.18.1.1", .version = 2, .auth = VRRP_AUTH_PASS }, 0);
	feed((struct adv){ .src = "198.18.1.2", .version = 2 }, 100);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_string_equal(problems,
			    "authentication differ: pass (198.18.1.1); none (198.18.1.2)\n");
	/* Two passwords: numbered, never printed. */
	feed((struct adv){ .src = "198.18.1.3",
			   .version = 2,
			   .auth = VRRP_AUTH_PASS,
			   .pass = "other" },
	     200);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_non_null(strstr(problems, "pass, password 1 (198.18.1.1)"));
	assert_non_null(strstr(problems, "pass, password 2 (198.18.1.3)"));
	assert_null(strstr(problems, "secret"));
	assert_null(strstr(problems, "other"));
}

static void
test_ah_carried(void **state)
{
	const struct vrrp_segmon_router *r;

	(void)state;
	feed((struct adv){ .src = "198.18.1.1", .version = 2, .auth = VRRP_AUTH_AH }, 0);
	r = router("198.18.1.1");
	assert_int_equal(r->adverts, 1);
	assert_int_equal(r->auth_type, VRRP_AUTH_AH);
	feed((struct adv){ .src = "198.18.1.2", .version = 2 }, 100);
	assert_int_equal(problems_of(AF_INET, 51, 300), 1);
	assert_non_null(strstr(problems, "authentication differ: ah (198.18.1.1); none"));
}

static void
test_late_adverts(void **state)
{
	const struct vrrp_segmon_router *r;

	(void)state;
	feed_every((struct adv){ .src = "198.18.1.1" }, 0, 2000, 1000);
	feed((struct adv){ .src = "198.18.1.1" }, 3400); /* 1.4 s: in time */
	feed((struct adv){ .src = "198.18.1.1" }, 5900); /* 2.5 s: late */
	feed((struct adv){ .src = "198.18.1.1" }, 6900);
	r = router("198.18.1.1");
	assert_int_equal(r->late, 1);
	assert_int_equal(r->late_max_gap_us, 2500 * MS);
	assert_int_equal(problems_of(AF_INET, 51, 7000), 1);
	assert_non_null(strstr(problems, "late adverts from 198.18.1.1: 1 more than 150 % of its "
					 "interval after the previous one, longest gap 2.50 s"));
}

/* A master that lost mastership and regained it later was not late. */
static void
test_regained_is_not_late(void **state)
{
	(void)state;
	feed_every((struct adv){ .src = "198.18.1.1", .prio = 150 }, 0, 2000, 1000);
	feed_every((struct adv){ .src = "198.18.1.2", .prio = 100 }, 5600, 8600, 1000);
	feed_every((struct adv){ .src = "198.18.1.1", .prio = 150 }, 9000, 11000, 1000);
	assert_int_equal(router("198.18.1.1")->late, 0);
	/* Nor after a resignation. */
	feed((struct adv){ .src = "198.18.1.2", .prio = -1 }, 20000);
	feed((struct adv){ .src = "198.18.1.2", .prio = 100 }, 30000);
	assert_int_equal(router("198.18.1.2")->late, 0);
}

static void
test_v3_ipv6(void **state)
{
	const struct vrrp_segmon_router *r;

	(void)state;
	feed_two((struct adv){ .family = AF_INET6,
			       .src = "fe80::1",
			       .prio = 200,
			       .vips = "fe80::100 fd00::100" },
		 (struct adv){ .family = AF_INET6,
			       .src = "fe80::2",
			       .prio = 100,
			       .vips = "fe80::100 fd00::100" },
		 0, 3000, 1000, 300);
	r = router("fe80::2");
	assert_int_equal(r->adverts, 4);
	assert_int_equal(r->naddr, 2);
	assert_int_equal(problems_of(AF_INET6, 51, 3300), 1);
	assert_non_null(strstr(problems, "two masters: fe80::1 (priority 200) and fe80::2"));
	/* VRID 51 of IPv4 is another virtual router. */
	feed((struct adv){ .src = "198.18.1.1", .interval = 200 }, 3400);
	assert_int_equal(model.ngroups, 2);
	assert_int_equal(problems_of(AF_INET, 51, 3400), 0);
	/* A hop limit other than 255 to the group: receivers drop it. */
	feed((struct adv){ .family = AF_INET6, .src = "fe80::3", .ttl = 64 }, 3500);
	assert_int_equal(router("fe80::3")->bad_ttl, 1);
	assert_int_equal(router("fe80::3")->version, 0);
	assert_int_equal(problems_of(AF_INET6, 51, 3500), 2);
	assert_non_null(strstr(problems, "bad TTL from fe80::3: 1 multicast adverts with TTL 64"));
}

static void
test_unicast_and_checksum(void **state)
{
	const struct vrrp_segmon_router *r;

	(void)state;
	feed((struct adv){ .src = "198.18.1.1", .dst = "198.18.1.2", .ttl = 64 }, 0);
	r = router("198.18.1.1");
	assert_int_equal(r->adverts, 1);
	assert_true(r->unicast);
	assert_int_equal(feed((struct adv){ .src = "198.18.1.1", .bad_checksum = true }, 100),
			 VRRP_SEGMON_DROP_NONE);
	assert_int_equal(r->adverts, 1);
	assert_int_equal(r->bad_checksum, 1);
	assert_int_equal(problems_of(AF_INET, 51, 200), 1);
	assert_non_null(strstr(problems, "bad checksum from 198.18.1.1: 1 adverts"));
}

static void
test_link_types(void **state)
{
	static const enum vrrp_segmon_link links[] = { VRRP_SEGMON_LINK_ETHER, VRRP_SEGMON_LINK_SLL,
						       VRRP_SEGMON_LINK_SLL2,
						       VRRP_SEGMON_LINK_RAW };
	size_t i;

	(void)state;
	for (i = 0; i < UNIT_NELEMS(links); i++) {
		assert_int_equal(feed((struct adv){ .src = "198.18.1.1", .link = links[i] },
				      (int64_t)i * 1000),
				 VRRP_SEGMON_DROP_NONE);
		assert_int_equal(feed((struct adv){ .family = AF_INET6,
						    .src = "fe80::1",
						    .link = links[i] },
				      (int64_t)i * 1000),
				 VRRP_SEGMON_DROP_NONE);
	}
	assert_int_equal(feed((struct adv){ .src = "198.18.1.1", .vlan = 7 }, 5000),
			 VRRP_SEGMON_DROP_NONE);
	assert_int_equal(router("198.18.1.1")->adverts, 5);
	assert_int_equal(router("fe80::1")->adverts, 4);
}

static void
test_drops(void **state)
{
	uint8_t frame[2048];
	size_t len;

	(void)state;
	/* ARP */
	memset(frame, 0, 60);
	put16(frame + 12, 0x0806);
	assert_int_equal(vrrp_segmon_frame(&model, VRRP_SEGMON_LINK_ETHER, frame, 60, T0_US),
			 VRRP_SEGMON_DROP_LINK);
	/* A fragment. */
	len = craft((struct adv){ .src = "198.18.1.1" }, frame, sizeof(frame));
	frame[14 + 6] = 0x20;
	assert_int_equal(vrrp_segmon_frame(&model, VRRP_SEGMON_LINK_ETHER, frame, len, T0_US),
			 VRRP_SEGMON_DROP_FRAGMENT);
	/* UDP. */
	len = craft((struct adv){ .src = "198.18.1.1" }, frame, sizeof(frame));
	frame[14 + 9] = 17;
	assert_int_equal(vrrp_segmon_frame(&model, VRRP_SEGMON_LINK_ETHER, frame, len, T0_US),
			 VRRP_SEGMON_DROP_NOT_VRRP);
	/* Cut short by the snap length. */
	len = craft((struct adv){ .src = "198.18.1.1" }, frame, sizeof(frame));
	assert_int_equal(vrrp_segmon_frame(&model, VRRP_SEGMON_LINK_ETHER, frame, len - 4, T0_US),
			 VRRP_SEGMON_DROP_TRUNCATED);
	/* Not an advert (type 2). */
	len = craft((struct adv){ .src = "198.18.1.1" }, frame, sizeof(frame));
	frame[14 + 20] = 0x32;
	assert_int_equal(vrrp_segmon_frame(&model, VRRP_SEGMON_LINK_ETHER, frame, len, T0_US),
			 VRRP_SEGMON_DROP_DECODE);
	assert_int_equal(model.vrrp_drops[VRRP_DROP_TYPE], 1);
	assert_int_equal(model.frames, 5);
	assert_int_equal(model.adverts, 0);
	assert_int_equal(model.ngroups, 0);
}

static void
test_json(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out;

	(void)state;
	feed_two((struct adv){ .src = "198.18.1.1", .prio = 150 },
		 (struct adv){ .src = "198.18.1.2", .prio = 100, .interval = 200 }, 0, 3000, 1000,
		 500);
	feed((struct adv){ .family = AF_INET6, .src = "fe80::1", .vrid = 7 }, 3600);
	out = open_memstream(&buf, &size);
	assert_non_null(out);
	vrrp_segmon_json(out, &model, T0_US + 4000 * MS);
	fclose(out);
	assert_non_null(strstr(buf,
			       "[{\"vrid\":51,\"family\":\"ipv4\",\"routers\":[{\"source\":"
			       "\"198.18.1.1\",\"priority\":150,\"interval\":1.00,\"version\":3,"
			       "\"auth\":\"none\",\"addresses\":[\"198.18.1.100\","
			       "\"198.18.1.101\"],\"address_count\":2,\"destination\":"
			       "\"224.0.0.18\",\"unicast\":false,"));
	assert_non_null(strstr(buf, "\"interval\":2.00"));
	assert_non_null(strstr(buf, "\"problems\":[\"two masters: 198.18.1.1"));
	assert_non_null(strstr(buf, "\"advertisement intervals differ"));
	assert_non_null(strstr(buf, "{\"vrid\":7,\"family\":\"ipv6\",\"routers\":[{\"source\":"
				    "\"fe80::1\""));
	assert_non_null(strstr(buf, "\"problems\":[]}]\n"));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_steady_master, setup),
		cmocka_unit_test_setup(test_two_masters, setup),
		cmocka_unit_test_setup(test_two_masters_two_intervals, setup),
		cmocka_unit_test_setup(test_preemption_is_not_two_masters, setup),
		cmocka_unit_test_setup(test_interval_mismatch, setup),
		cmocka_unit_test_setup(test_address_mismatch, setup),
		cmocka_unit_test_setup(test_version_mismatch, setup),
		cmocka_unit_test_setup(test_auth_mismatch, setup),
		cmocka_unit_test_setup(test_ah_carried, setup),
		cmocka_unit_test_setup(test_late_adverts, setup),
		cmocka_unit_test_setup(test_regained_is_not_late, setup),
		cmocka_unit_test_setup(test_v3_ipv6, setup),
		cmocka_unit_test_setup(test_unicast_and_checksum, setup),
		cmocka_unit_test_setup(test_link_types, setup),
		cmocka_unit_test_setup(test_drops, setup),
		cmocka_unit_test_setup(test_json, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
