/*
 * Tests for the nftables message builders (keepalived/vrrp/kernel/vrrp_nft_build.c):
 * the keys of the VIPs, and every message of the set-up, element and
 * tear-down batches, parsed back with libnftnl as the kernel would read
 * them. Nothing is sent; nft_strict.sh runs the same batches in a namespace.
 */
#include "config.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "keepalived/vrrp/kernel/vrrp_nft_priv.h"
#include "test/unit/unit_helpers.h"

#define MSGS_MAX 64

/* One batch, built into a buffer, and its messages as text. */
struct built {
	char *buf;
	struct mnl_nlmsg_batch *b;
	uint32_t seq;
	int n;     /* what the builder returned */
	int nmsgs; /* messages between begin and end */
	char text[MSGS_MAX][512];
};

static void
built_start(struct built *bt, size_t naddrs)
{
	size_t limit = vrrp_nft_batch_limit(naddrs);

	memset(bt, 0, sizeof(*bt));
	bt->buf = malloc(limit * 2);
	assert_non_null(bt->buf);
	bt->b = mnl_nlmsg_batch_start(bt->buf, limit);
	bt->seq = 100;
	assert_int_equal(vrrp_nft_build_begin(bt->b, &bt->seq), 1);
}

/*
 * An element message as "newelem|delelem FAMILY TABLE SET kLEN...", read
 * with libmnl (libnftnl 1.2.4 fails to parse lists of more than one).
 */
static void
describe_elems(const struct nlmsghdr *nlh, int type, const char *fam, char *out, size_t len)
{
	const struct nlattr *a, *elem, *key;
	const char *table = "?", *set = "?";
	char keys[300] = "";
	size_t used = 0;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
	{
		switch (mnl_attr_get_type(a)) {
		case NFTA_SET_ELEM_LIST_TABLE:
			table = mnl_attr_get_str(a);
			break;
		case NFTA_SET_ELEM_LIST_SET:
			set = mnl_attr_get_str(a);
			break;
		case NFTA_SET_ELEM_LIST_ELEMENTS:
			mnl_attr_for_each_nested(elem, a)
			{
				mnl_attr_for_each_nested(key, elem)
				{
					if (mnl_attr_get_type(key) != NFTA_SET_ELEM_KEY ||
					    used >= sizeof(keys))
						continue;
					/* The key nests one NFTA_DATA_VALUE. */
					used += (size_t)snprintf(
						keys + used, sizeof(keys) - used, " k%u",
						mnl_attr_get_payload_len(
							(const struct nlattr *)mnl_attr_get_payload(
								key)));
				}
			}
			break;
		}
	}
	snprintf(out, len, "%s %s %s %s%s", type == NFT_MSG_NEWSETELEM ? "newelem" : "delelem", fam,
		 table, set, keys);
}

/* One message as "VERB FAMILY details": the fields the tests look at. */
static void
describe(const struct nlmsghdr *nlh, char *out, size_t len)
{
	const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
	int type = NFNL_MSG_TYPE(nlh->nlmsg_type);
	const char *fam = g->nfgen_family == AF_INET ? "ip" : "ip6";
	char body[400] = "";

	switch (type) {
	case NFT_MSG_NEWTABLE:
	case NFT_MSG_DELTABLE: {
		struct nftnl_table *t = nftnl_table_alloc();

		assert_int_equal(nftnl_table_nlmsg_parse(nlh, t), 0);
		snprintf(body, sizeof(body), "%s", nftnl_table_get_str(t, NFTNL_TABLE_NAME));
		nftnl_table_free(t);
		snprintf(out, len, "%s %s %s", type == NFT_MSG_NEWTABLE ? "newtable" : "deltable",
			 fam, body);
		return;
	}
	case NFT_MSG_NEWSET: {
		struct nftnl_set *s = nftnl_set_alloc();

		assert_int_equal(nftnl_set_nlmsg_parse(nlh, s), 0);
		snprintf(out, len, "newset %s %s %s type %u len %u", fam,
			 nftnl_set_get_str(s, NFTNL_SET_TABLE),
			 nftnl_set_get_str(s, NFTNL_SET_NAME),
			 nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE),
			 nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN));
		nftnl_set_free(s);
		return;
	}
	case NFT_MSG_NEWCHAIN: {
		struct nftnl_chain *c = nftnl_chain_alloc();

		assert_int_equal(nftnl_chain_nlmsg_parse(nlh, c), 0);
		snprintf(out, len, "newchain %s %s %s hook %u prio %d policy %u", fam,
			 nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE),
			 nftnl_chain_get_str(c, NFTNL_CHAIN_NAME),
			 nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM),
			 nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO),
			 nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY));
		nftnl_chain_free(c);
		return;
	}
	case NFT_MSG_NEWRULE: {
		struct nftnl_rule *r = nftnl_rule_alloc();

		struct nftnl_expr_iter *it;
		struct nftnl_expr *e;
		size_t used;

		assert_int_equal(nftnl_rule_nlmsg_parse(nlh, r), 0);
		used = (size_t)snprintf(out, len, "newrule %s %s %s", fam,
					nftnl_rule_get_str(r, NFTNL_RULE_TABLE),
					nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
		it = nftnl_expr_iter_create(r);
		while ((e = nftnl_expr_iter_next(it)) != NULL && used < len) {
			used += (size_t)snprintf(out + used, len - used, " [ %s ",
						 nftnl_expr_get_str(e, NFTNL_EXPR_NAME));
			if (used < len)
				used += (size_t)nftnl_expr_snprintf(out + used, len - used, e,
								    NFTNL_OUTPUT_DEFAULT, 0);
			while (used > 0 && used < len && out[used - 1] == ' ')
				out[--used] = '\0';
			if (used < len)
				used += (size_t)snprintf(out + used, len - used, " ]");
		}
		nftnl_expr_iter_destroy(it);
		nftnl_rule_free(r);
		return;
	}
	case NFT_MSG_NEWSETELEM:
	case NFT_MSG_DELSETELEM:
		describe_elems(nlh, type, fam, out, len);
		return;
	}
	snprintf(out, len, "type %d", type);
}

/* Close the batch and describe every message between begin and end. */
static void
built_finish(struct built *bt)
{
	const struct nlmsghdr *nlh;
	int left;

	assert_int_equal(vrrp_nft_build_end(bt->b, &bt->seq), 1);
	nlh = mnl_nlmsg_batch_head(bt->b);
	left = (int)mnl_nlmsg_batch_size(bt->b);
	assert_true((size_t)left <= vrrp_nft_batch_limit(0) * 2 || left > 0);
	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN ||
		    nlh->nlmsg_type == NFNL_MSG_BATCH_END)
			continue;
		assert_true(bt->nmsgs < MSGS_MAX);
		describe(nlh, bt->text[bt->nmsgs], sizeof(bt->text[0]));
		bt->nmsgs++;
	}
	assert_int_equal(left, 0);
	mnl_nlmsg_batch_stop(bt->b);
	free(bt->buf);
}

static bool
has_text(const struct built *bt, const char *want)
{
	int i;

	for (i = 0; i < bt->nmsgs; i++)
		if (strstr(bt->text[i], want) != NULL)
			return true;
	for (i = 0; i < bt->nmsgs; i++)
		print_message("  msg: %s\n", bt->text[i]);
	print_message("  wanted: %s\n", want);
	return false;
}

static struct vrrp_nft_addr
addr(const char *s, uint32_t ifindex)
{
	struct vrrp_nft_addr a = { .ifindex = ifindex };

	if (inet_pton(AF_INET, s, &a.u.v4) == 1)
		a.family = AF_INET;
	else
		assert_int_equal(inet_pton(AF_INET6, s, &a.u.v6), 1), a.family = AF_INET6;
	return a;
}

/* Keys ------------------------------------------------------------------------------- */

static void
test_keys(void **state)
{
	uint8_t key[VRRP_NFT_KEY_MAX];
	const char *set;
	struct vrrp_nft_addr a = addr("198.18.0.1", 0), b = addr("fd00::1", 7),
			     c = addr("fe80::1", 7), d = { .family = AF_UNIX };
	uint32_t idx;

	assert_int_equal(vrrp_nft_elem_key(&a, key, &set), 4);
	assert_string_equal(set, "vips");
	assert_memory_equal(key, &a.u.v4, 4);
	/* A global IPv6 address: the interface does not matter. */
	assert_int_equal(vrrp_nft_elem_key(&b, key, &set), 16);
	assert_string_equal(set, "vips");
	/* Link-local: address then index, in host order as meta iif writes it. */
	assert_int_equal(vrrp_nft_elem_key(&c, key, &set), 20);
	assert_string_equal(set, "vips_link_local");
	assert_memory_equal(key, &c.u.v6, 16);
	memcpy(&idx, key + 16, 4);
	assert_int_equal(idx, 7);
	assert_int_equal(vrrp_nft_elem_key(&d, key, &set), 0);
}

/* The set-up batch -------------------------------------------------------------------- */

static void
test_setup(void **state)
{
	struct vrrp_nft_opts opts = { .table = "", .priority = -1 };
	struct built bt;

	built_start(&bt, 0);
	bt.n = vrrp_nft_build_setup(bt.b, &bt.seq, &opts);
	built_finish(&bt);
	/* Per family: 3 table messages, sets, 2 chains; rules 1 (ip) or 3 (ip6) per chain. */
	assert_int_equal(bt.n, 3 + 1 + 2 + 2 + 3 + 2 + 2 + 6);
	assert_int_equal(bt.nmsgs, bt.n);
	/* An empty table whatever was there: add, delete, add. */
	assert_string_equal(bt.text[0], "newtable ip keepalived_vrrp");
	assert_string_equal(bt.text[1], "deltable ip keepalived_vrrp");
	assert_string_equal(bt.text[2], "newtable ip keepalived_vrrp");
	assert_true(has_text(&bt, "newset ip keepalived_vrrp vips type 7 len 4"));
	assert_true(has_text(&bt, "newset ip6 keepalived_vrrp vips type 8 len 16"));
	/* ipv6_addr . iface_index: 8 << 6 | 20 */
	assert_true(has_text(&bt, "newset ip6 keepalived_vrrp vips_link_local type 532 len 20"));
	assert_true(has_text(&bt, "newchain ip keepalived_vrrp in hook 1 prio -1 policy 1"));
	assert_true(has_text(&bt, "newchain ip keepalived_vrrp out hook 3 prio -1 policy 1"));
	assert_true(has_text(&bt, "newchain ip6 keepalived_vrrp in hook 1 prio -1 policy 1"));
	/* ip daddr (offset 16) and saddr (12) looked up in vips, dropped. */
	assert_true(
		has_text(&bt,
			 "newrule ip keepalived_vrrp in [ payload load 4b @ network header + 16 "
			 "=> reg 1 ] [ lookup reg 1 set vips ] [ immediate reg 0 drop ]"));
	assert_true(has_text(&bt,
			     "newrule ip keepalived_vrrp out [ payload load 4b @ network header + "
			     "12 => reg 1 ] [ lookup reg 1 set vips ]"));
	/* ip6: daddr at 24, saddr at 8; link local with the interface; ND accepted first. */
	assert_true(has_text(&bt,
			     "newrule ip6 keepalived_vrrp in [ payload load 16b @ network header + "
			     "24 => reg 1 ] [ lookup reg 1 set vips ]"));
	assert_true(has_text(&bt,
			     "newrule ip6 keepalived_vrrp out [ payload load 16b @ network header "
			     "+ 8 => reg 1 ]"));
	assert_true(has_text(
		&bt,
		"[ payload load 16b @ network header + 24 => reg 8 ] [ meta load iif => reg 12 ] "
		"[ lookup reg 1 set vips_link_local ] [ immediate reg 0 drop ]"));
	assert_true(has_text(
		&bt,
		"[ payload load 16b @ network header + 8 => reg 8 ] [ meta load oif => reg 12 ] "
		"[ lookup reg 1 set vips_link_local ] [ immediate reg 0 drop ]"));
	assert_true(
		has_text(&bt,
			 "[ meta load l4proto => reg 1 ] [ cmp eq reg 1 0x0000003a ] [ "
			 "payload load 1b @ transport header + 0 => reg 1 ] [ cmp gte reg 1 "
			 "0x00000087 ] [ cmp lte reg 1 0x00000088 ] [ immediate reg 0 accept ]"));
	assert_false(strstr(bt.text[bt.nmsgs - 1], "counter") != NULL);
}

/* nftables NAME, nftables_priority, nftables_counters. */
static void
test_setup_options(void **state)
{
	struct vrrp_nft_opts opts = { .table = "mine", .priority = -150, .counters = true };
	struct built bt;
	int i;

	built_start(&bt, 0);
	bt.n = vrrp_nft_build_setup(bt.b, &bt.seq, &opts);
	built_finish(&bt);
	assert_true(has_text(&bt, "newtable ip6 mine"));
	assert_true(has_text(&bt, "newchain ip6 mine out hook 3 prio -150 policy 1"));
	for (i = 0; i < bt.nmsgs; i++)
		if (strncmp(bt.text[i], "newrule", 7) == 0)
			assert_non_null(
				strstr(bt.text[i], "[ counter pkts 0 bytes 0 ] [ immediate"));
}

/* VMACs --------------------------------------------------------------------------------- */

/* keepalived's VMAC map, set and rules, each rule first in its out chain. */
static void
test_vmac_setup(void **state)
{
	struct built bt;

	built_start(&bt, 0);
	bt.n = vrrp_nft_build_vmac_setup(bt.b, &bt.seq, "t", false);
	built_finish(&bt);
	assert_int_equal(bt.n, 6);
	assert_int_equal(bt.nmsgs, bt.n);
	assert_string_equal(bt.text[0], "newset ip t vmac_map type 20 len 4");
	assert_string_equal(bt.text[2], "newset ip6 t vmac_map type 20 len 4");
	assert_string_equal(bt.text[3], "newset ip6 t vmac_set type 20 len 4");
	/* ip protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map drop */
	assert_string_equal(
		bt.text[1],
		"newrule ip t out [ payload load 1b @ network header + 9 => reg 1 ] [ cmp eq reg 1 "
		"0x00000002 ] [ meta load oifkind => reg 1 ] [ cmp eq reg 1 0x7663616d 0x006e616c "
		"0x00000000 0x00000000 ] [ payload load 4b @ network header + 16 => reg 1 ] [ meta "
		"load oif => reg 2 ] [ lookup reg 2 set vmac_map dreg 2 ] [ dup sreg_addr 1 "
		"sreg_dev 2 ] [ immediate reg 0 drop ]");
	/* icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @vmac_set drop, then the
	 * MLDv2 report rule, inserted above it. */
	assert_string_equal(bt.text[4], "newrule ip6 t out [ meta load l4proto => reg 1 ] "
					"[ cmp eq reg 1 0x0000003a ] "
					"[ payload load 1b @ transport header + 0 => reg 1 ] "
					"[ cmp eq reg 1 0x00000085 ] "
					"[ meta load oifkind => reg 1 ] "
					"[ cmp eq reg 1 0x7663616d 0x006e616c 0x00000000 "
					"0x00000000 ] [ meta load oif => reg 1 ] "
					"[ lookup reg 1 set vmac_set ] [ immediate reg 0 drop ]");
	assert_non_null(strstr(bt.text[5], "[ cmp eq reg 1 0x0000008f ]"));
	assert_non_null(strstr(bt.text[5],
			       "[ payload load 16b @ network header + 24 => reg 1 ] "
			       "[ meta load oif => reg 2 ] [ lookup reg 2 set vmac_map "
			       "dreg 2 ] [ dup sreg_addr 1 sreg_dev 2 ] [ immediate reg 0 "
			       "drop ]"));
}

/* The VMACs replace what the map and set held: each emptied, then filled. */
static void
test_vmac_elems(void **state)
{
	struct vrrp_nft_vmac v[] = { { AF_INET, 10, 3 }, { AF_INET6, 11, 3 } };
	struct built bt;

	built_start(&bt, 2);
	bt.n = vrrp_nft_build_vmac_elems(bt.b, &bt.seq, "t", v, 2);
	built_finish(&bt);
	assert_int_equal(bt.n, 6);
	assert_int_equal(bt.nmsgs, bt.n);
	assert_non_null(strstr(bt.text[0], "delelem ip t vmac_map"));
	assert_non_null(strstr(bt.text[1], "newelem ip t vmac_map"));
	assert_non_null(strstr(bt.text[2], "delelem ip6 t vmac_map"));
	assert_non_null(strstr(bt.text[4], "delelem ip6 t vmac_set"));
	assert_non_null(strstr(bt.text[5], "newelem ip6 t vmac_set"));

	/* None: only emptied. */
	built_start(&bt, 0);
	bt.n = vrrp_nft_build_vmac_elems(bt.b, &bt.seq, "t", v, 0);
	built_finish(&bt);
	assert_int_equal(bt.n, 3);
}

/* Elements ----------------------------------------------------------------------------- */

static void
test_elems(void **state)
{
	struct vrrp_nft_addr a[] = { addr("198.18.0.1", 0), addr("198.18.0.2", 0),
				     addr("fe80::1", 3), addr("fd00::1", 0) };
	struct built bt;

	/* One message per set touched, in a fixed order. */
	built_start(&bt, 4);
	bt.n = vrrp_nft_build_elems(bt.b, &bt.seq, "t", VRRP_NFT_ADD, a, 4);
	built_finish(&bt);
	assert_int_equal(bt.n, 3);
	assert_string_equal(bt.text[0], "newelem ip t vips k4 k4");
	assert_string_equal(bt.text[1], "newelem ip6 t vips k16");
	assert_string_equal(bt.text[2], "newelem ip6 t vips_link_local k20");

	/* A removal adds first, so that an absent element cannot abort the batch. */
	built_start(&bt, 1);
	bt.n = vrrp_nft_build_elems(bt.b, &bt.seq, "t", VRRP_NFT_DEL, a, 1);
	built_finish(&bt);
	assert_int_equal(bt.n, 2);
	assert_string_equal(bt.text[0], "newelem ip t vips k4");
	assert_string_equal(bt.text[1], "delelem ip t vips k4");

	/* Nothing to do: no message. */
	built_start(&bt, 0);
	bt.n = vrrp_nft_build_elems(bt.b, &bt.seq, "t", VRRP_NFT_DEL, a, 0);
	built_finish(&bt);
	assert_int_equal(bt.n, 0);
	assert_int_equal(bt.nmsgs, 0);
}

/* keepalived installs thousands of VIPs: one batch, within the limit. */
static void
test_elems_many(void **state)
{
	enum {
		N = 3000
	};
	struct vrrp_nft_addr *a = calloc(N, sizeof(*a));
	struct built bt;
	size_t i;

	assert_non_null(a);
	for (i = 0; i < N; i++) {
		a[i].family = AF_INET6;
		a[i].u.v6.s6_addr[0] = 0xfe;
		a[i].u.v6.s6_addr[1] = 0x80;
		a[i].u.v6.s6_addr[14] = (uint8_t)(i >> 8);
		a[i].u.v6.s6_addr[15] = (uint8_t)i;
		a[i].ifindex = 2;
	}
	built_start(&bt, N);
	bt.n = vrrp_nft_build_elems(bt.b, &bt.seq, "t", VRRP_NFT_DEL, a, N);
	assert_true(mnl_nlmsg_batch_size(bt.b) <= vrrp_nft_batch_limit(N));
	built_finish(&bt);
	assert_int_equal(bt.n, 2);
	free(a);
}

/* A reload empties every set (a removal with no element list), then adds. */
static void
test_flush(void **state)
{
	struct built bt;

	built_start(&bt, 0);
	bt.n = vrrp_nft_build_flush(bt.b, &bt.seq, "t");
	built_finish(&bt);
	assert_int_equal(bt.n, 3);
	assert_string_equal(bt.text[0], "delelem ip t vips");
	assert_string_equal(bt.text[1], "delelem ip6 t vips");
	assert_string_equal(bt.text[2], "delelem ip6 t vips_link_local");
}

/* Tear-down ---------------------------------------------------------------------------- */

static void
test_teardown(void **state)
{
	struct built bt;

	built_start(&bt, 0);
	bt.n = vrrp_nft_build_teardown(bt.b, &bt.seq, "keepalived_vrrp", true);
	built_finish(&bt);
	assert_int_equal(bt.n, 4);
	assert_string_equal(bt.text[0], "newtable ip keepalived_vrrp");
	assert_string_equal(bt.text[1], "deltable ip keepalived_vrrp");
	assert_string_equal(bt.text[2], "newtable ip6 keepalived_vrrp");
	assert_string_equal(bt.text[3], "deltable ip6 keepalived_vrrp");
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),	      cmocka_unit_test(test_setup),
		cmocka_unit_test(test_setup_options), cmocka_unit_test(test_vmac_setup),
		cmocka_unit_test(test_vmac_elems),
		cmocka_unit_test(test_elems),
		cmocka_unit_test(test_elems_many),    cmocka_unit_test(test_flush),
		cmocka_unit_test(test_teardown),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
