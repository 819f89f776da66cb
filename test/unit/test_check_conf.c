/*
 * Unit tests of the checker's configuration model (keepalived/check/conf/):
 * the values read from virtual_server, real_server, virtual_server_group
 * and sorry_server lines, the defaults and inheritance, and keepalived
 * 2.2.7's verdicts. Each verdict row was taken from Debian's keepalived
 * 2.2.7 run as `keepalived -t -f F` on the same snippet: the expected line
 * is keepalived's text, after our "file:line: ".
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "keepalived/check/conf/check_conf.h"
#include "keepalived/check/proto/check_nft_marks.h"
#include "keepalived/check/proto/check_rs.h"
#include "unit_helpers.h"

struct check_conf *
check_conf_of(void *top_obj)
{
	return top_obj;
}

/* global_defs' checker keywords, at the top here. */
/* clang-format off */
static const struct cfg_keyword top_global[] = {
	CFG_KEYWORDS_FROM(check_conf_global_keywords),
	CFG_KEYWORD_END,
};
/* clang-format on */

static int
sync_kw(struct cfg_reader *r, int argc, char *argv[], void *obj)
{
	return check_conf_sync_keyword(r, argc, argv, obj);
}

/* clang-format off */
static const struct cfg_keyword top[] = {
	{ "lvs_sync_daemon", sync_kw, NULL, NULL, NULL, NULL },
	CFG_KEYWORDS_FROM(check_conf_top_keywords),
	CFG_KEYWORDS_FROM(top_global),
	CFG_KEYWORD_END,
};
/* clang-format on */

/* Read text; the number of errors, with *out the completed model. */
static int
load(const char *text, struct check_conf **out)
{
	struct check_conf *c = check_conf_new();
	int errors;

	assert_non_null(c);
	unit_log_start();
	errors = cfg_read_string("k.conf", text, top, c, NULL);
	if (errors == 0)
		errors = check_conf_complete(c);
	unit_log_stop();
	*out = c;
	return errors;
}

static void
assert_addr(const struct check_addr *a, const char *text)
{
	char buf[INET6_ADDRSTRLEN];

	assert_non_null(inet_ntop(a->family, &a->u, buf, sizeof(buf)));
	assert_string_equal(buf, text);
}

/* Values -------------------------------------------------------------------- */

static void
test_values(void **state)
{
	struct check_conf *c;
	const struct check_vs_conf *vs;
	const struct check_rs_conf *rs;

	assert_int_equal(load("virtual_server 198.18.0.100 80 {\n"
			      " delay_loop 2.5\n lb_algo rr\n lb_kind DR\n protocol TCP\n"
			      " persistence_timeout\n persistence_granularity 255.255.255.0\n"
			      " quorum 3\n hysteresis 1\n sorry_server 198.18.1.99 8080\n"
			      " sorry_server_inhibit\n inhibit_on_failure\n retry 4\n"
			      " delay_before_retry 0.5\n quorum_up /bin/up arg\n alpha\n sh-port\n"
			      " real_server 198.18.1.10 80 {\n  weight 5\n  TCP_CHECK {\n  }\n }\n"
			      " real_server 198.18.1.11 {\n  weight 0\n  inhibit_on_failure off\n"
			      "  lvs_method TUN type gue port 6080 csum\n  retry 1\n  warmup 3\n"
			      "  notify_down \"/bin/down x\"\n }\n"
			      "}\n",
			      &c),
			 0);
	assert_int_equal(c->n_vs, 1);
	vs = c->vs;
	assert_int_equal(vs->kind, CHECK_VS_ADDR);
	assert_addr(&vs->addr, "198.18.0.100");
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->protocol, IPPROTO_TCP);
	assert_string_equal(vs->sched, "rr");
	assert_int_equal(vs->fwd.method, CHECK_FWD_DR);
	assert_int_equal(vs->delay_loop_us, 2500000);
	assert_int_equal(vs->persistence_timeout_s,
			 360); /* keepalived's value when none is given */
	assert_int_equal(vs->persistence_netmask, htonl(0xffffff00));
	assert_int_equal(vs->quorum, 3);
	assert_int_equal(vs->hysteresis, 1);
	assert_true(vs->has_sorry && vs->sorry_inhibit);
	assert_addr(&vs->sorry_addr, "198.18.1.99");
	/* keepalived: DR cannot change the port, 8080 is reset to the service's. */
	assert_int_equal(vs->sorry_port, 80);
	assert_int_equal(vs->sorry_fwd.method, CHECK_FWD_DR); /* the VS's */
	assert_true(vs->alpha);
	assert_int_equal(vs->svc_flags, CHECK_SVC_F_SCHED2);
	assert_string_equal(vs->quorum_up, "/bin/up arg");
	assert_int_equal(vs->n_rs, 2);

	rs = vs->rs;
	assert_addr(&rs->addr, "198.18.1.10");
	assert_int_equal(rs->weight, 5);
	assert_int_equal(rs->probes.count, 1);
	assert_int_equal(rs->probes.head->kind, CHECK_TCP);
	/* Inherited from the virtual server. */
	assert_true(rs->inhibit_on_failure);
	assert_true(rs->alpha);
	assert_int_equal(rs->retry, 4);
	assert_int_equal(rs->delay_before_retry_us, 500000);
	assert_int_equal(rs->delay_loop_us, 2500000);
	assert_int_equal(rs->warmup_us, 2500000); /* warmup defaults to delay_loop */
	assert_int_equal(rs->fwd.method, CHECK_FWD_DR);

	rs = rs->next;
	assert_int_equal(rs->port, 80); /* none given: the service's */
	assert_int_equal(rs->weight, 0);
	assert_false(rs->inhibit_on_failure);
	assert_int_equal(rs->retry, 1);
	assert_int_equal(rs->warmup_us, 3000000);
	assert_int_equal(rs->fwd.method, CHECK_FWD_TUN);
	assert_int_equal(rs->fwd.tun_type, CHECK_TUN_GUE);
	assert_int_equal(rs->fwd.tun_port, 6080);
	assert_int_equal(rs->fwd.tun_flags, CHECK_TUN_F_CSUM);
	assert_string_equal(rs->notify_down, "/bin/down x");
	assert_int_equal(rs->probes.count, 0);
	check_conf_free(c);
}

static void
test_defaults(void **state)
{
	struct check_conf *c;
	const struct check_vs_conf *vs;

	assert_int_equal(load("virtual_server fwmark 5 {\n real_server 198.18.1.10 80 {\n }\n}\n",
			      &c),
			 0);
	vs = c->vs;
	assert_int_equal(vs->kind, CHECK_VS_FWMARK);
	assert_int_equal(vs->fwmark, 5);
	assert_int_equal(vs->family, AF_INET);
	assert_string_equal(vs->sched, "wlc");
	assert_int_equal(vs->fwd.method, CHECK_FWD_NAT);
	assert_int_equal(vs->delay_loop_us, 60000000);
	assert_int_equal(vs->connect_timeout_us, 5000000);
	assert_int_equal(vs->quorum, 1);
	assert_int_equal(vs->persistence_timeout_s, 0);
	assert_int_equal(vs->rs->weight, 1);
	assert_int_equal(vs->rs->retry, 1);
	assert_int_equal(vs->rs->delay_before_retry_us, 1000000);
	assert_true(unit_logged("k.conf:1: Virtual server FWM 5: no scheduler set, setting "
				"default 'wlc'"));
	check_conf_free(c);
}

/* keepalived 2.2.7's verdicts ------------------------------------------------ */

struct verdict {
	const char *name;
	const char *text;
	unsigned n_vs;      /* virtual servers kept */
	const char *logged; /* a line keepalived gives for it (after "k.conf:N: ") */
	int errors;
};

#define RS " real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  }\n }\n"

/* clang-format off */
static const struct verdict verdicts[] = {
	{ "no_real_server", "virtual_server 198.18.0.101 80 {\n protocol TCP\n}\n", 0,
	  "k.conf:1: Virtual server [198.18.0.101]:tcp:80 has no real servers - ignoring", 0 },
	{ "only_sorry_server",
	  "virtual_server 198.18.0.100 81 {\n sorry_server 198.18.1.99 80\n}\n",
	  0, "k.conf:1: Virtual server [198.18.0.100]:none:81 has no real servers - ignoring", 0 },
	{ "no_protocol", "virtual_server 198.18.0.100 80 {\n" RS "}\n", 1,
	  "k.conf:1: Virtual server [198.18.0.100]:none:80: no protocol set - defaulting to UDP",
	          0 },
	{ "bad_lb_algo", "virtual_server 198.18.0.103 80 {\n protocol TCP\n lb_algo foo\n" RS "}\n",
	  1, "k.conf:3: Invalid lvs_scheduler 'foo' - ignoring", 0 },
	{ "quorum_0", "virtual_server 198.18.0.100 82 {\n protocol TCP\n quorum 0\n" RS "}\n", 1,
	  "k.conf:3: Quorum 0 must be in [1, 4294967295]. Setting to 1.", 0 },
	{ "family_mismatch",
	  "virtual_server 198.18.0.102 80 {\n protocol TCP\n real_server fd00::1 80 {\n }\n}\n", 0,
	  "k.conf:3: Address family of virtual server and real server fd00::1 don't match - "
	  "skipping real server.", 0 },
	{ "unknown_group", "virtual_server group nosuch {\n protocol TCP\n" RS "}\n", 0,
	  "k.conf:1: Virtual server group nosuch specified but not configured - ignoring virtual "
	  "server [nosuch]:0", 0 },
	{ "bad_lb_kind", "virtual_server 198.18.0.100 80 {\n lb_kind XX\n" RS "}\n", 1,
	  "k.conf:2: PARSER : unknown [XX] routing method for virtual server.", 0 },
	{ "bad_lvs_method", "virtual_server 198.18.0.100 80 {\n protocol TCP\n"
	  " real_server 198.18.1.10 80 {\n  lvs_method XX\n }\n}\n", 1,
	  "k.conf:4: PARSER : unknown [XX] routing method for real server.", 0 },
	{ "bad_sorry_lvs_method", "virtual_server 198.18.0.100 80 {\n protocol TCP\n"
	  " sorry_server 198.18.1.99 80\n sorry_server_lvs_method XX\n" RS "}\n", 1,
	  "k.conf:4: PARSER : unknown [XX] routing method for sorry server.", 0 },
	{ "quorum_not_number",
	  "virtual_server 198.18.0.100 82 {\n protocol TCP\n quorum abc\n" RS "}\n", 1,
	  "k.conf:3: Quorum abc must be in [1, 4294967295]. Setting to 1.", 0 },
	{ "hysteresis_negative",
	  "virtual_server 198.18.0.100 82 {\n protocol TCP\n hysteresis -1\n" RS "}\n", 1,
	  "k.conf:3: Hysteresis -1 must be in [0, 4294967295] - ignoring", 0 },
	{ "rs_weight_negative", "virtual_server 198.18.0.100 80 {\n protocol TCP\n"
	  " real_server 198.18.1.10 80 {\n  weight -1\n }\n}\n", 1,
	  "k.conf:4: Real server weight -1 is outside range 0-2147483647", 0 },
	{ "sorry_family", "virtual_server 198.18.0.100 80 {\n protocol TCP\n"
	  " sorry_server fd00::1 80\n" RS "}\n", 1,
	  "k.conf:1: Address family of virtual server and sorry server fd00::1 don't match - "
	  "skipping sorry server.", 0 },
	{ "gue_without_port", "virtual_server 198.18.0.100 80 {\n lb_kind TUN type gue\n" RS "}\n",
	  1,
	  "k.conf:2: lb_kind: a gue tunnel needs a port, and only a gue tunnel takes one", 1 },
	{ "persistence_timeout_0",
	  "virtual_server 198.18.0.100 80 {\n protocol TCP\n persistence_timeout 0\n" RS "}\n", 1,
	  "k.conf:3: number '0' outside range [1, 2678400]; persistence_timeout invalid, ignored",
	          0 },
	{ "sorry_option_first",
	  "virtual_server 198.18.0.100 80 {\n sorry_server_inhibit\n" RS "}\n", 1,
	  "k.conf:2: sorry_server_inhibit: no sorry_server before it, ignored", 0 },
};
/* clang-format on */

static void
run_verdict(void **state)
{
	const struct verdict *v = *state;
	struct check_conf *c;
	int errors = load(v->text, &c);

	assert_int_equal(errors, v->errors);
	if (errors == 0)
		assert_int_equal(c->n_vs, v->n_vs);
	assert_true(unit_logged(v->logged));
	check_conf_free(c);
}

/* Load-time consistency checks ---------------------------------------------- */

/*
 * keepalived 2.2.7 -t on the same snippet: its line, and whether -t counts
 * it as a configuration error (our LOG_WARNING) or not (a notice).
 */
struct load_check {
	const char *name;
	const char *text;
	const char *logged;
	unsigned warnings; /* LOG_WARNING lines: what -t's exit code counts */
};

#define RSW(a, p, w) " real_server " a " " p " {\n  weight " w "\n }\n"

/* clang-format off */
static const struct load_check load_checks[] = {
	{ "quorum_above_weight",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n quorum 10\n hysteresis 3\n"
	  RSW("198.18.0.2", "80", "2") RSW("198.18.0.3", "80", "3") "}\n",
	  "k.conf:1: Warning - quorum 10 for [198.18.0.1]:tcp:80 exceeds total weight of real "
	  "servers 5, reducing quorum to 5", 0 },
	{ "default_quorum_weight_0",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n" RSW("198.18.0.2", "80", "0") "}\n",
	  "k.conf:1: Virtual server [198.18.0.1]:tcp:80: hysteresis 0 >= quorum 0; setting "
	  "hysteresis to 4294967295", 1 },
	{ "hysteresis_above_quorum",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n quorum 2\n hysteresis 2\n"
	  RSW("198.18.0.2", "80", "2") "}\n",
	  "k.conf:1: Virtual server [198.18.0.1]:tcp:80: hysteresis 2 >= quorum 2; setting "
	  "hysteresis to 1", 1 },
	{ "duplicate_rs",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n" RSW("198.18.0.3", "80", "3")
	  RSW("198.18.0.3", "80", "4") "}\n",
	  "k.conf:6: VS [198.18.0.1]:tcp:80: real server [198.18.0.3]:tcp:80 is duplicated - "
	  "removing second rs", 0 },
	{ "dr_port",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n lb_kind DR\n"
	  RSW("198.18.0.2", "8080", "1") "}\n",
	  "k.conf:4: WARNING - virtual server [198.18.0.1]:tcp:80 and real server "
	  "[198.18.0.2]:tcp:8080 ports don't match - resetting", 1 },
	{ "rs_tun_port",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n real_server 198.18.0.2 8080 {\n"
	  "  lvs_method TUN\n }\n}\n",
	  "k.conf:3: WARNING - virtual server [198.18.0.1]:tcp:80 and real server "
	  "[198.18.0.2]:tcp:8080 ports don't match - resetting", 1 },
	{ "fwmark_tun_port",
	  "virtual_server fwmark 5 {\n lb_kind TUN\n" RSW("198.18.0.2", "8080", "1") "}\n",
	  "k.conf:3: WARNING - fwmark virtual server FWM 5, real server [198.18.0.2]:none:8080 has "
	  "port specified - clearing", 1 },
	{ "sorry_dr_port",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n sorry_server 198.18.0.4 81\n"
	  " sorry_server_lvs_method DR\n" RSW("198.18.0.2", "80", "1") "}\n",
	  "k.conf:1: WARNING - virtual server [198.18.0.1]:tcp:80 and sorry server ports don't "
	  "match - resetting", 1 },
	{ "fwmark_sorry_port",
	  "virtual_server fwmark 7 {\n lb_kind DR\n sorry_server 198.18.0.4 81\n"
	  RSW("198.18.0.2", "0", "1") "}\n",
	  "k.conf:1: WARNING - virtual server FWM 7, sorry server has port specified - clearing",
	  1 },
	{ "empty_group",
	  "virtual_server_group g1 {\n}\nvirtual_server group g1 {\n protocol TCP\n"
	  RSW("198.18.0.2", "80", "1") "}\n",
	  "k.conf:2: virtual server group g1 has no entries - removing", 1 },
	{ "ops_tcp",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n ops\n" RSW("198.18.0.2", "80", "1")
	  "}\n",
	  "k.conf:1: Virtual server [198.18.0.1]:tcp:80: one packet scheduling requires UDP - "
	  "resetting", 1 },
	{ "vs_weight_0",
	  "virtual_server 198.18.0.1 80 {\n protocol TCP\n weight 0\n"
	  RSW("198.18.0.2", "80", "1") "}\n",
	  "k.conf:3: Virtual server weight 0 is outside range 1-2147483647", 1 },
};
/* clang-format on */

static void
run_load_check(void **state)
{
	const struct load_check *v = *state;
	struct check_conf *c;

	assert_int_equal(load(v->text, &c), 0);
	assert_true(unit_logged(v->logged));
	assert_int_equal(unit_log.warnings, v->warnings);
	check_conf_free(c);
}

/* What the checks leave: the values the daemon then runs with. */
static void
test_load_check_values(void **state)
{
	struct check_conf *c;
	const struct check_vs_conf *vs;

	(void)state;
	assert_int_equal(load(load_checks[0].text, &c), 0);
	vs = c->vs;
	assert_int_equal(vs->quorum, 5);
	assert_int_equal(vs->hysteresis, 3);
	check_conf_free(c);

	assert_int_equal(load(load_checks[2].text, &c), 0);
	assert_int_equal(c->vs->quorum, 2);
	assert_int_equal(c->vs->hysteresis, 1);
	check_conf_free(c);

	/* The first of the two is kept, and its weight counts for the quorum. */
	assert_int_equal(load(load_checks[3].text, &c), 0);
	vs = c->vs;
	assert_int_equal(vs->n_rs, 1);
	assert_int_equal(vs->rs->weight, 3);
	assert_null(vs->rs->next);
	check_conf_free(c);

	/* IPVS gets the service's port; the checkers keep the port as written. */
	assert_int_equal(load(load_checks[4].text, &c), 0);
	assert_int_equal(c->vs->rs->port, 80);
	assert_int_equal(c->vs->rs->probe_port, 8080);
	check_conf_free(c);
	assert_int_equal(load(load_checks[6].text, &c), 0);
	assert_int_equal(c->vs->rs->port, 0);
	assert_int_equal(c->vs->rs->probe_port, 8080);
	check_conf_free(c);
	assert_int_equal(load(load_checks[2].text, &c), 0);
	assert_int_equal(c->vs->rs->probe_port, 80);
	check_conf_free(c);
	assert_int_equal(load(load_checks[7].text, &c), 0);
	assert_int_equal(c->vs->sorry_port, 80);
	check_conf_free(c);
	assert_int_equal(load(load_checks[8].text, &c), 0);
	assert_int_equal(c->vs->sorry_port, 0);
	check_conf_free(c);

	assert_int_equal(load(load_checks[10].text, &c), 0);
	assert_int_equal(c->vs->svc_flags & CHECK_SVC_F_ONEPACKET, 0);
	check_conf_free(c);
	assert_int_equal(load(load_checks[11].text, &c), 0);
	assert_int_equal(c->vs->weight, 1);
	check_conf_free(c);

	/* Lines keepalived ignores leave the defaults. */
	assert_int_equal(load("virtual_server 198.18.0.1 80 {\n protocol TCP\n lb_kind XX\n"
			      " hysteresis -1\n quorum abc\n sorry_server fd00::1 80\n"
			      " real_server 198.18.0.2 80 {\n  weight -1\n  lvs_method XX\n }\n}\n",
			      &c),
			 0);
	vs = c->vs;
	assert_int_equal(vs->fwd.method, CHECK_FWD_NAT);
	assert_int_equal(vs->quorum, 1);
	assert_int_equal(vs->hysteresis, 0);
	assert_false(vs->has_sorry);
	assert_int_equal(vs->rs->weight, 1);
	assert_int_equal(vs->rs->fwd.method, CHECK_FWD_NAT);
	check_conf_free(c);

	/* Written as keepalived reads them: no verdict, as keepalived gives none. */
	assert_int_equal(load("virtual_server 198.18.0.1 80 {\n protocol TCP\n lb_kind NAT\n"
			      " lb_algo rr\n quorum 3\n hysteresis 2\n"
			      " sorry_server 198.18.0.4 81\n" RSW("198.18.0.2", "8080", "3")
				      RSW("198.18.0.5", "80", "0") "}\n",
			      &c),
			 0);
	assert_int_equal(unit_log.n, 0);
	assert_int_equal(c->vs->quorum, 3);
	assert_int_equal(c->vs->rs->port, 8080);
	assert_int_equal(c->vs->sorry_port, 81);
	check_conf_free(c);
}

/* Groups --------------------------------------------------------------------- */

static void
test_group(void **state)
{
	struct check_conf *c;
	struct check_vs_rt rt;
	struct check_ipvs_table t = { 0 };
	char name[96];

	assert_int_equal(load("virtual_server_group g1 {\n 198.18.0.100-102 80\n fwmark 7\n"
			      " 198.18.0.200/31 443\n}\n"
			      "virtual_server group g1 {\n protocol TCP\n lb_algo rr\n" RS "}\n",
			      &c),
			 0);
	assert_int_equal(c->n_vs, 1);
	assert_int_equal(c->vs->family, AF_INET);
	assert_int_equal(check_vs_rt_init(&rt, c->vs), 0);
	assert_int_equal(check_vs_desired(&rt, c, &t), 0);
	/* Three addresses of the range, the mark, the two of the /31. */
	assert_int_equal(t.n_svcs, 6);
	assert_string_equal(check_svc_fmt(name, sizeof(name), &t.svcs[0].svc),
			    "TCP  198.18.0.100:80 rr");
	assert_string_equal(check_svc_fmt(name, sizeof(name), &t.svcs[2].svc),
			    "TCP  198.18.0.102:80 rr");
	assert_string_equal(check_svc_fmt(name, sizeof(name), &t.svcs[3].svc), "FWM  7 rr");
	assert_string_equal(check_svc_fmt(name, sizeof(name), &t.svcs[5].svc),
			    "TCP  198.18.0.201:443 rr");
	for (unsigned i = 0; i < t.n_svcs; i++)
		assert_int_equal(t.svcs[i].n_dests, 1);
	check_table_clear(&t);
	check_vs_rt_fini(&rt);
	check_conf_free(c);
}

/* keepalived 2.2.7 (seen in IPVS): a group's services get no persistence mask. */
static void
test_granularity(void **state)
{
	struct check_conf *c;
	struct check_vs_rt rt;
	struct check_ipvs_table t = { 0 };
	char name[96];

	assert_int_equal(load("virtual_server_group g1 {\n 198.18.0.100 80\n}\n"
			      "virtual_server group g1 {\n protocol TCP\n persistence_timeout 120\n"
			      " persistence_granularity 255.255.255.0\n" RS "}\n"
			      "virtual_server 198.18.0.101 80 {\n protocol TCP\n"
			      " persistence_timeout 30\n persistence_granularity 255.255.255.0\n" RS
			      "}\n",
			      &c),
			 0);
	for (const struct check_vs_conf *vs = c->vs; vs != NULL; vs = vs->next) {
		assert_int_equal(check_vs_rt_init(&rt, vs), 0);
		assert_int_equal(check_vs_desired(&rt, c, &t), 0);
		check_vs_rt_fini(&rt);
	}
	assert_int_equal(t.n_svcs, 2);
	assert_string_equal(check_svc_fmt(name, sizeof(name), &t.svcs[0].svc),
			    "TCP  198.18.0.100:80 wlc");
	assert_int_equal(t.svcs[0].svc.timeout, 120);
	assert_int_equal(t.svcs[0].svc.netmask, UINT32_MAX);
	assert_int_equal(t.svcs[1].svc.timeout, 30);
	assert_int_equal(t.svcs[1].svc.netmask, htonl(0xffffff00));
	check_table_clear(&t);
	check_conf_free(c);
}

static void
test_bad_group_range(void **state)
{
	struct check_conf *c;

	assert_int_equal(load("virtual_server_group g1 {\n 198.18.0.100-99 80\n}\n", &c), 1);
	assert_true(unit_logged("k.conf:2: virtual_server_group: '198.18.0.100-99': the range does "
				"not end above its start"));
	check_conf_free(c);
}

static void
test_sync_daemon(void **state)
{
	struct check_conf *c;

	assert_int_equal(load("lvs_sync_daemon eth1 VI_1 id 7 maxlen 1400\n", &c), 0);
	assert_true(c->sync_given);
	assert_string_equal(c->sync_iface, "eth1");
	assert_string_equal(c->sync_instance, "VI_1");
	assert_int_equal(c->sync_id, 8); /* stored + 1: 0 means the instance's VRID */
	/* Parsed but not passed to the kernel: said so, not silently dropped. */
	assert_true(unit_logged("k.conf:1: lvs_sync_daemon: 'maxlen' is accepted but not acted "
				"on: the kernel's defaults are used"));
	check_conf_free(c);
	assert_int_equal(load("lvs_sync_daemon eth1\n", &c), 1);
	check_conf_free(c);
	assert_int_equal(load("lvs_sync_daemon eth1 VI_1 id 300\n", &c), 1);
	check_conf_free(c);
}

/* checker_log_all_failures, lvs_flush*, lvs_timeouts, rs_init_notifies. */
static void
test_globals(void **state)
{
	struct check_conf *c;

	(void)state;
	assert_int_equal(load("lvs_sync_daemon eth1 VI_1\n", &c), 0);
	assert_false(c->log_all_failures || c->lvs_flush || c->lvs_timeouts_given ||
		     c->rs_init_notifies);
	assert_int_equal(c->flush_on_stop, CHECK_FLUSH_STOP_NONE);
	check_conf_free(c);

	assert_int_equal(load("checker_log_all_failures\nlvs_flush\nlvs_flush_on_stop VS\n"
			      "rs_init_notifies\nlvs_timeouts tcp 900 udp 30\n",
			      &c),
			 0);
	assert_true(c->log_all_failures && c->lvs_flush && c->rs_init_notifies);
	assert_int_equal(c->flush_on_stop, CHECK_FLUSH_STOP_VS);
	assert_true(c->lvs_timeouts_given);
	assert_int_equal(c->lvs_timeout[CHECK_LVS_TIMEOUT_TCP], 900);
	assert_int_equal(c->lvs_timeout[CHECK_LVS_TIMEOUT_TCPFIN], 0); /* left as it is */
	assert_int_equal(c->lvs_timeout[CHECK_LVS_TIMEOUT_UDP], 30);
	check_conf_free(c);

	/* Bad values warn and are ignored; the file is not refused (keepalived's way). */
	assert_int_equal(load("checker_log_all_failures false\nlvs_flush_onstop\n"
			      "lvs_timeouts tcp\nlvs_timeouts tcpfin x udp 5 foo 1\n",
			      &c),
			 0);
	assert_false(c->log_all_failures);
	assert_int_equal(c->flush_on_stop, CHECK_FLUSH_STOP_ALL);
	assert_int_equal(c->lvs_timeout[CHECK_LVS_TIMEOUT_UDP], 5);
	assert_int_equal(c->lvs_timeout[CHECK_LVS_TIMEOUT_TCPFIN], 0);
	assert_true(unit_logged("k.conf:3: lvs_timeouts requires at least one option - ignoring"));
	assert_true(unit_logged("k.conf:4: lvs_timeouts: invalid tcpfin value 'x' - ignoring"));
	assert_true(unit_logged("k.conf:4: lvs_timeouts: unknown option 'foo' - ignoring"));
	check_conf_free(c);
}

/* Keywords parsed but not acted on say so, with file:line (rule 2 of issue 11). */
static void
test_not_acted_on(void **state)
{
	struct check_conf *c;

	(void)state;
	assert_int_equal(load("virtual_server 198.18.0.100 80 {\n omega\n protocol TCP\n"
			      " real_server 198.18.1.10 80 {\n  smtp_alert\n  TCP_CHECK {\n  }\n"
			      " }\n}\n",
			      &c),
			 0);
	/* omega is acted on (the stop runs the notify_down and quorum_down scripts). */
	assert_false(unit_logged("k.conf:2: omega"));
	assert_true(c->vs->omega);
	assert_true(unit_logged("k.conf:5: smtp_alert: accepted but not acted on: SNMP and "
				"e-mail are not part of this daemon"));
	check_conf_free(c);
}

/*
 * nftables_ipvs: one fwmark per group and protocol, in the order of the
 * virtual servers, from nftables_ipvs_start_fwmark; a group with a fwmark
 * entry and a plain virtual server keep their own services; IPVS gets one
 * fwmark service per such virtual server; a reload keeps the fwmarks.
 */
static const char nft_groups[] =
	"nftables_ipvs_priority 7\n" /* reset by nftables_ipvs, as keepalived */
	"nftables_ipvs\nnftables_ipvs_start_fwmark 2000\n"
	"virtual_server_group G6 {\n fd00::100-102 80\n}\n"
	"virtual_server_group G4 {\n 198.18.0.100-102 80\n 198.18.0.110 81\n}\n"
	"virtual_server_group GF {\n 198.18.0.120 80\n fwmark 7\n}\n"
	"virtual_server group G6 {\n protocol TCP\n real_server fd00:1::10 80 {\n  TCP_CHECK {\n  "
	"}\n }\n}\n"
	"virtual_server group G4 {\n protocol UDP\n real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  "
	"}\n }\n}\n"
	"virtual_server group G4 {\n protocol TCP\n real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  "
	"}\n }\n}\n"
	"virtual_server group GF {\n protocol TCP\n real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  "
	"}\n }\n}\n"
	"virtual_server 198.18.0.50 80 {\n protocol TCP\n real_server 198.18.1.10 80 {\n  "
	"TCP_CHECK {\n  }\n }\n}\n";

static void
test_nftables_ipvs(void **state)
{
	struct check_nft_marks m = { 0 };
	struct check_conf *c, *c2;
	struct check_nft_elem *e;
	struct check_ipvs_table t = { 0 };
	struct check_vs_rt rt;
	const struct check_vs_conf *vs;
	uint32_t want[] = { 2000, 2001, 2002, 0, 0 };
	size_t n;
	unsigned i = 0;
	char a[64];

	(void)state;
	assert_int_equal(load(nft_groups, &c), 0);
	assert_true(c->nft_ipvs);
	assert_string_equal(c->nft_table, "keepalived_ipvs");
	assert_int_equal(c->nft_priority, -1);
	assert_int_equal(c->nft_start_fwmark, 2000);
	assert_int_equal(check_nft_marks_assign(&m, c), 0);
	for (vs = c->vs; vs != NULL; vs = vs->next, i++)
		assert_int_equal(vs->auto_fwmark, want[i]);
	assert_int_equal(check_nft_elems(c, &e, &n), 0);
	assert_int_equal(n, 5); /* G6's range, G4's two entries for UDP and for TCP */
	assert_int_equal(e[0].family, AF_INET6);
	assert_int_equal(e[0].fwmark, 2000);
	assert_int_equal(e[1].protocol, IPPROTO_UDP);
	assert_string_equal(inet_ntop(AF_INET, &e[1].first.u.v4, a, sizeof(a)), "198.18.0.100");
	assert_string_equal(inet_ntop(AF_INET, &e[1].last.u.v4, a, sizeof(a)), "198.18.0.102");
	assert_int_equal(e[1].port, 80);
	assert_int_equal(e[2].port, 81);
	assert_int_equal(e[3].protocol, IPPROTO_TCP);
	assert_int_equal(e[3].fwmark, 2002);
	free(e);
	/* IPVS: G4/TCP is one fwmark service, IPv4, with its real server. */
	vs = c->vs->next->next;
	assert_int_equal(check_vs_rt_init(&rt, vs), 0);
	assert_int_equal(check_vs_desired(&rt, c, &t), 0);
	assert_int_equal(t.n_svcs, 1);
	assert_int_equal(t.svcs[0].svc.fwmark, 2002);
	assert_int_equal(t.svcs[0].svc.family, AF_INET);
	assert_int_equal(t.svcs[0].n_dests, 1);
	check_table_clear(&t);
	check_vs_rt_fini(&rt);

	/* A reload with a new group first: the old ones keep theirs, the new one is next. */
	assert_int_equal(load("nftables_ipvs kv\n"
			      "virtual_server_group GN {\n 198.18.0.200 80\n}\n"
			      "virtual_server_group G4 {\n 198.18.0.100-102 80\n}\n"
			      "virtual_server group GN {\n protocol TCP\n"
			      " real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  }\n }\n}\n"
			      "virtual_server group G4 {\n protocol TCP\n"
			      " real_server 198.18.1.10 80 {\n  TCP_CHECK {\n  }\n }\n}\n",
			      &c2),
			 0);
	assert_string_equal(c2->nft_table, "kv");
	assert_int_equal(check_nft_marks_assign(&m, c2), 0);
	assert_int_equal(c2->vs->auto_fwmark, 2003);
	assert_int_equal(c2->vs->next->auto_fwmark, 2002);
	check_conf_free(c2);
	check_nft_marks_free(&m);

	/* Without nftables_ipvs: none. */
	c->nft_ipvs = false;
	assert_int_equal(check_nft_marks_assign(&m, c), 0);
	for (vs = c->vs; vs != NULL; vs = vs->next)
		assert_int_equal(vs->auto_fwmark, 0);
	check_nft_marks_free(&m);
	check_conf_free(c);
}

int
main(void)
{
	struct CMUnitTest tests[64];
	size_t n = 0;
	/* clang-format off */
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_bad_group_range),
		cmocka_unit_test(test_granularity),
		cmocka_unit_test(test_sync_daemon),
		cmocka_unit_test(test_not_acted_on),
		cmocka_unit_test(test_globals),
		cmocka_unit_test(test_nftables_ipvs),
		cmocka_unit_test(test_load_check_values),
	};
	/* clang-format on */

	unit_add_tests(tests, &n, fixed);
	unit_add_rows(tests, &n, run_verdict, verdicts);
	unit_add_rows(tests, &n, run_load_check, load_checks);
	return _cmocka_run_group_tests("check_conf", tests, n, NULL, NULL);
}
