/*
 * The nftables messages of vrrp_nft.c: the tables, sets, chains and rules,
 * and the set elements of the VIPs. Everything here writes into a batch
 * buffer; vrrp_nft.c sends it. The layout is described in vrrp_nft.h.
 */
#include "keepalived/vrrp/kernel/vrrp_nft_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>

/* Set ids tie the rules' lookups to sets created in the same batch. */
#define SET_ID_VIPS 1
#define SET_ID_LINK_LOCAL 2
#define SET_ID_VMAC_MAP 3
#define SET_ID_VMAC_SET 4
/* RFC 3810: the ICMPv6 type of an MLDv2 report (not in every libc header). */
#define ICMP6_MLD2_REPORT 143
/* nft's byte order of a set's keys and data, in its user data (nft's BYTEORDER_HOST_ENDIAN). */
#define NFT_BYTEORDER_HOST 1

const char *
vrrp_nft_table_name(const struct vrrp_nft_opts *opts)
{
	return opts->table[0] != '\0' ? opts->table : VRRP_NFT_TABLE_DEFAULT;
}

size_t
vrrp_nft_elem_key(const struct vrrp_nft_addr *a, uint8_t key[VRRP_NFT_KEY_MAX],
		  const char **set_name)
{
	*set_name = VRRP_NFT_SET_VIPS;
	if (a->family == AF_INET) {
		memcpy(key, &a->u.v4, sizeof(a->u.v4));
		return sizeof(a->u.v4);
	}
	if (a->family != AF_INET6)
		return 0;
	memcpy(key, &a->u.v6, sizeof(a->u.v6));
	if (!IN6_IS_ADDR_LINKLOCAL(&a->u.v6))
		return sizeof(a->u.v6);
	/* A link-local address means something only with its interface. */
	*set_name = VRRP_NFT_SET_LINK_LOCAL;
	memcpy(key + sizeof(a->u.v6), &a->ifindex, sizeof(a->ifindex));
	return sizeof(a->u.v6) + sizeof(a->ifindex);
}

size_t
vrrp_nft_batch_limit(size_t naddrs)
{
	/* An element costs about 32 bytes (nests and the key), twice for a removal. */
	return 16384 + naddrs * 2 * 64;
}

/* The next message header in b, or NULL when the buffer is full. */
static struct nlmsghdr *
batch_hdr(struct mnl_nlmsg_batch *b, uint16_t type, uint16_t family, uint16_t flags, uint32_t *seq)
{
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), type, family, flags, (*seq)++);
}

/* Close the message just written; -1 if it did not fit. */
static int
batch_next(struct mnl_nlmsg_batch *b)
{
	return mnl_nlmsg_batch_next(b) ? 1 : -1;
}

int
vrrp_nft_build_begin(struct mnl_nlmsg_batch *b, uint32_t *seq)
{
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), (*seq)++);
	return batch_next(b);
}

int
vrrp_nft_build_end(struct mnl_nlmsg_batch *b, uint32_t *seq)
{
	nftnl_batch_end(mnl_nlmsg_batch_current(b), (*seq)++);
	return batch_next(b);
}

static int
build_table(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *name, uint16_t type)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (t == NULL)
		return -1;
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, (uint32_t)family);
	nlh = batch_hdr(b, type, (uint16_t)family,
			type == NFT_MSG_NEWTABLE ? NLM_F_CREATE | NLM_F_ACK : NLM_F_ACK, seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	return batch_next(b);
}

static int
build_set(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table, const char *name,
	  uint32_t id, uint32_t key_type, uint32_t key_len)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, key_type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, key_len);
	nlh = batch_hdr(b, NFT_MSG_NEWSET, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return batch_next(b);
}

static int
build_chain(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
	    const char *name, uint32_t hook, int32_t priority)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	if (c == NULL)
		return -1;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, (uint32_t)family);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, priority);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nlh = batch_hdr(b, NFT_MSG_NEWCHAIN, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	return batch_next(b);
}

/* Expressions --------------------------------------------------------------------- */

/* Each helper adds one expression to r; false when out of memory. */
static bool
expr_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
	nftnl_rule_add_expr(r, e);
	return true;
}

static bool
expr_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
	nftnl_rule_add_expr(r, e);
	return true;
}

static bool
expr_cmp(struct nftnl_rule *r, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	nftnl_rule_add_expr(r, e);
	return true;
}

static bool
expr_lookup(struct nftnl_rule *r, const char *set, uint32_t set_id)
{
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, set_id);
	nftnl_rule_add_expr(r, e);
	return true;
}

/* The verdict, after a counter if asked for. */
static bool
expr_verdict(struct nftnl_rule *r, bool counter, uint32_t verdict)
{
	struct nftnl_expr *e;

	if (counter) {
		e = nftnl_expr_alloc("counter");
		if (e == NULL)
			return false;
		nftnl_rule_add_expr(r, e);
	}
	e = nftnl_expr_alloc("immediate");
	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, verdict);
	nftnl_rule_add_expr(r, e);
	return true;
}

/* Rules ----------------------------------------------------------------------------- */

enum rule_kind {
	RULE_ND_ACCEPT,  /* icmpv6 type 135..136 accept */
	RULE_LINK_LOCAL, /* ip6 daddr . iif @vips_link_local drop (saddr . oif out) */
	RULE_VIPS,       /* ip daddr @vips drop (saddr out) */
};

static bool
rule_exprs(struct nftnl_rule *r, int family, bool in, enum rule_kind kind, bool counter)
{
	uint8_t proto = IPPROTO_ICMPV6, nd_first = ND_NEIGHBOR_SOLICIT,
		nd_last = ND_NEIGHBOR_ADVERT;
	uint32_t addr_off, addr_len;

	if (family == AF_INET) {
		addr_off = in ? offsetof(struct ip, ip_dst) : offsetof(struct ip, ip_src);
		addr_len = sizeof(struct in_addr);
	} else {
		addr_off = in ? offsetof(struct ip6_hdr, ip6_dst) :
				offsetof(struct ip6_hdr, ip6_src);
		addr_len = sizeof(struct in6_addr);
	}
	switch (kind) {
	case RULE_ND_ACCEPT:
		return expr_meta(r, NFT_META_L4PROTO, NFT_REG_1) &&
		       expr_cmp(r, NFT_CMP_EQ, &proto, sizeof(proto)) &&
		       expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1) &&
		       expr_cmp(r, NFT_CMP_GTE, &nd_first, sizeof(nd_first)) &&
		       expr_cmp(r, NFT_CMP_LTE, &nd_last, sizeof(nd_last)) &&
		       expr_verdict(r, counter, NF_ACCEPT);
	case RULE_LINK_LOCAL:
		/* The address fills 32-bit registers 0-3 (the bytes of register 1), the index 4. */
		return expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off, addr_len,
				    NFT_REG32_00) &&
		       expr_meta(r, in ? NFT_META_IIF : NFT_META_OIF, NFT_REG32_04) &&
		       expr_lookup(r, VRRP_NFT_SET_LINK_LOCAL, SET_ID_LINK_LOCAL) &&
		       expr_verdict(r, counter, NF_DROP);
	case RULE_VIPS:
		return expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, addr_off, addr_len, NFT_REG_1) &&
		       expr_lookup(r, VRRP_NFT_SET_VIPS, SET_ID_VIPS) &&
		       expr_verdict(r, counter, NF_DROP);
	}
	return false;
}

static int
build_rule(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table, bool in,
	   enum rule_kind kind, bool counter)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	int ret = -1;

	if (r == NULL)
		return -1;
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, in ? "in" : "out");
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)family);
	if (!rule_exprs(r, family, in, kind, counter))
		goto out;
	nlh = batch_hdr(b, NFT_MSG_NEWRULE, (uint16_t)family,
			NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	ret = batch_next(b);
out:
	nftnl_rule_free(r);
	return ret;
}

/* Whole batches ---------------------------------------------------------------------- */

/* Add the count of messages step appended to *total; false once one fails. */
static bool
count(int *total, int step)
{
	if (step < 0)
		return false;
	*total += step;
	return true;
}

static int
build_family(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const struct vrrp_nft_opts *opts)
{
	const char *table = vrrp_nft_table_name(opts);
	int n = 0, dir;
	bool ok;

	/* Add (so that the delete finds it), delete, add: an empty table, atomically. */
	ok = count(&n, build_table(b, seq, family, table, NFT_MSG_NEWTABLE)) &&
	     count(&n, build_table(b, seq, family, table, NFT_MSG_DELTABLE)) &&
	     count(&n, build_table(b, seq, family, table, NFT_MSG_NEWTABLE));
	if (family == AF_INET)
		ok = ok &&
		     count(&n, build_set(b, seq, family, table, VRRP_NFT_SET_VIPS, SET_ID_VIPS,
					 VRRP_NFT_TYPE_IPADDR, sizeof(struct in_addr)));
	else
		ok = ok &&
		     count(&n, build_set(b, seq, family, table, VRRP_NFT_SET_VIPS, SET_ID_VIPS,
					 VRRP_NFT_TYPE_IP6ADDR, sizeof(struct in6_addr))) &&
		     count(&n, build_set(b, seq, family, table, VRRP_NFT_SET_LINK_LOCAL,
					 SET_ID_LINK_LOCAL,
					 VRRP_NFT_TYPE_IP6ADDR << VRRP_NFT_TYPE_BITS |
						 VRRP_NFT_TYPE_IFINDEX,
					 VRRP_NFT_KEY_MAX));
	for (dir = 0; ok && dir < 2; dir++) {
		bool in = dir == 0;

		ok = count(&n,
			   build_chain(b, seq, family, table, in ? "in" : "out",
				       in ? NF_INET_LOCAL_IN : NF_INET_LOCAL_OUT, opts->priority));
		if (family == AF_INET6)
			ok = ok &&
			     count(&n, build_rule(b, seq, family, table, in, RULE_ND_ACCEPT,
						  opts->counters)) &&
			     count(&n, build_rule(b, seq, family, table, in, RULE_LINK_LOCAL,
						  opts->counters));
		ok = ok &&
		     count(&n, build_rule(b, seq, family, table, in, RULE_VIPS, opts->counters));
	}
	return ok ? n : -1;
}

int
vrrp_nft_build_setup(struct mnl_nlmsg_batch *b, uint32_t *seq, const struct vrrp_nft_opts *opts)
{
	int n = 0;

	if (!count(&n, build_family(b, seq, AF_INET, opts)) ||
	    !count(&n, build_family(b, seq, AF_INET6, opts)))
		return -1;
	return n;
}

/* One message adding (or deleting) the elements of addrs that go in set `name` of family. */
static int
build_elems_of(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table, int family,
	       const char *name, uint16_t type, const struct vrrp_nft_addr *addrs, size_t n)
{
	struct nftnl_set *s;
	struct nlmsghdr *nlh;
	uint8_t key[VRRP_NFT_KEY_MAX];
	const char *set_name;
	size_t i, len, matched = 0;
	int ret = -1;

	s = nftnl_set_alloc();
	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	for (i = 0; i < n; i++) {
		struct nftnl_set_elem *e;

		if (addrs[i].family != family)
			continue;
		len = vrrp_nft_elem_key(&addrs[i], key, &set_name);
		if (len == 0 || strcmp(set_name, name) != 0)
			continue;
		e = nftnl_set_elem_alloc();
		if (e == NULL)
			goto out;
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, (uint32_t)len);
		nftnl_set_elem_add(s, e);
		matched++;
	}
	ret = 0;
	if (matched == 0)
		goto out;
	nlh = batch_hdr(b, type, (uint16_t)family,
			type == NFT_MSG_NEWSETELEM ? NLM_F_CREATE | NLM_F_ACK : NLM_F_ACK, seq);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	ret = batch_next(b);
out:
	nftnl_set_free(s);
	return ret;
}

int
vrrp_nft_build_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
		     enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs, size_t n)
{
	/* clang-format off */
	static const struct {
		int family;
		const char *set;
	} sets[] = {
		{ AF_INET, VRRP_NFT_SET_VIPS },
		{ AF_INET6, VRRP_NFT_SET_VIPS },
		{ AF_INET6, VRRP_NFT_SET_LINK_LOCAL },
	};
	/* clang-format on */
	size_t i;
	int total = 0;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (!count(&total, build_elems_of(b, seq, table, sets[i].family, sets[i].set,
						  NFT_MSG_NEWSETELEM, addrs, n)))
			return -1;
		if (op == VRRP_NFT_DEL &&
		    !count(&total, build_elems_of(b, seq, table, sets[i].family, sets[i].set,
						  NFT_MSG_DELSETELEM, addrs, n)))
			return -1;
	}
	return total;
}

int
vrrp_nft_build_flush(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table)
{
	/* clang-format off */
	static const struct {
		int family;
		const char *set;
	} sets[] = {
		{ AF_INET, VRRP_NFT_SET_VIPS },
		{ AF_INET6, VRRP_NFT_SET_VIPS },
		{ AF_INET6, VRRP_NFT_SET_LINK_LOCAL },
	};
	/* clang-format on */
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct nftnl_set *s = nftnl_set_alloc();
		struct nlmsghdr *nlh;

		if (s == NULL)
			return -1;
		nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
		nftnl_set_set_str(s, NFTNL_SET_NAME, sets[i].set);
		nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)sets[i].family);
		/* No element list: the kernel empties the set. */
		nlh = batch_hdr(b, NFT_MSG_DELSETELEM, (uint16_t)sets[i].family, NLM_F_ACK, seq);
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		nftnl_set_free(s);
		if (!count(&n, batch_next(b)))
			return -1;
	}
	return n;
}

int
vrrp_nft_build_teardown(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table, bool ensure)
{
	static const int families[] = { AF_INET, AF_INET6 };
	size_t i;
	int n = 0;

	for (i = 0; i < 2; i++) {
		if (ensure && !count(&n, build_table(b, seq, families[i], table, NFT_MSG_NEWTABLE)))
			return -1;
		if (!count(&n, build_table(b, seq, families[i], table, NFT_MSG_DELTABLE)))
			return -1;
	}
	return n;
}

/* VMACs: IGMP and MLD reports leave through the parent ------------------------------ */

/* A map iface_index : iface_index, or (data_len 0) a set of iface_index. */
static int
build_ifindex_set(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
		  const char *name, uint32_t id, bool map)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nftnl_udata_buf *ud;
	struct nlmsghdr *nlh;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, VRRP_NFT_TYPE_IFINDEX);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sizeof(uint32_t));
	if (map) {
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, NFT_SET_MAP);
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, VRRP_NFT_TYPE_IFINDEX);
		nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, sizeof(uint32_t));
	}
	/* Host byte order, for `nft list` to print the indexes as interface names. */
	ud = nftnl_udata_buf_alloc(32);
	if (ud == NULL) {
		nftnl_set_free(s);
		return -1;
	}
	nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_KEYBYTEORDER, NFT_BYTEORDER_HOST);
	if (map)
		nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_DATABYTEORDER, NFT_BYTEORDER_HOST);
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
			   nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	nlh = batch_hdr(b, NFT_MSG_NEWSET, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return batch_next(b);
}

/* The packet is of protocol proto, and, for ICMPv6 (type != 0), of that type. */
static bool
expr_proto(struct nftnl_rule *r, int family, uint8_t proto, uint8_t type)
{
	if (family == AF_INET)
		return expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, offsetof(struct ip, ip_p), 1,
				    NFT_REG_1) &&
		       expr_cmp(r, NFT_CMP_EQ, &proto, sizeof(proto));
	return expr_meta(r, NFT_META_L4PROTO, NFT_REG_1) &&
	       expr_cmp(r, NFT_CMP_EQ, &proto, sizeof(proto)) &&
	       expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1) &&
	       expr_cmp(r, NFT_CMP_EQ, &type, sizeof(type));
}

/* meta oifkind "macvlan": the kind is compared as an interface name, IFNAMSIZ bytes. */
static bool
expr_oif_macvlan(struct nftnl_rule *r)
{
	char kind[16] = "macvlan";

	return expr_meta(r, NFT_META_OIFKIND, NFT_REG_1) &&
	       expr_cmp(r, NFT_CMP_EQ, kind, sizeof(kind));
}

/* dup to DADDR device oif map @vmac_map: the copy leaves through the VMAC's parent. */
static bool
expr_dup_to_parent(struct nftnl_rule *r, int family)
{
	struct nftnl_expr *e;
	uint32_t off = family == AF_INET ? offsetof(struct ip, ip_dst) :
					   offsetof(struct ip6_hdr, ip6_dst);
	uint32_t len = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);

	if (!expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER, off, len, NFT_REG_1) ||
	    !expr_meta(r, NFT_META_OIF, NFT_REG_2))
		return false;
	e = nftnl_expr_alloc("lookup");
	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_2);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_2);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, VRRP_NFT_MAP_VMAC);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, SET_ID_VMAC_MAP);
	nftnl_rule_add_expr(r, e);
	e = nftnl_expr_alloc("dup");
	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_DUP_SREG_ADDR, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_DUP_SREG_DEV, NFT_REG_2);
	nftnl_rule_add_expr(r, e);
	return true;
}

enum vmac_rule {
	VMAC_RULE_REPORT, /* IGMP / MLDv2 reports: dup to the parent, drop */
	VMAC_RULE_RS,     /* IPv6 router solicitations from a VMAC: drop */
};

/* One rule at the head of the out chain. */
static int
build_vmac_rule(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
		enum vmac_rule kind, bool counter)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	bool ok;
	int ret = -1;

	if (r == NULL)
		return -1;
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "out");
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)family);
	if (kind == VMAC_RULE_REPORT)
		ok = (family == AF_INET ?
			      expr_proto(r, family, IPPROTO_IGMP, 0) :
			      expr_proto(r, family, IPPROTO_ICMPV6, ICMP6_MLD2_REPORT)) &&
		     expr_oif_macvlan(r) && expr_dup_to_parent(r, family);
	else
		ok = expr_proto(r, family, IPPROTO_ICMPV6, ND_ROUTER_SOLICIT) &&
		     expr_oif_macvlan(r) && expr_meta(r, NFT_META_OIF, NFT_REG_1) &&
		     expr_lookup(r, VRRP_NFT_SET_VMAC, SET_ID_VMAC_SET);
	if (!ok || !expr_verdict(r, counter, NF_DROP))
		goto out;
	/* Without NLM_F_APPEND the rule goes first in the chain. */
	nlh = batch_hdr(b, NFT_MSG_NEWRULE, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	ret = batch_next(b);
out:
	nftnl_rule_free(r);
	return ret;
}

int
vrrp_nft_build_vmac_setup(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			  bool counters)
{
	int n = 0;
	bool ok;

	ok = count(&n, build_ifindex_set(b, seq, AF_INET, table, VRRP_NFT_MAP_VMAC, SET_ID_VMAC_MAP,
					 true)) &&
	     count(&n, build_vmac_rule(b, seq, AF_INET, table, VMAC_RULE_REPORT, counters)) &&
	     count(&n, build_ifindex_set(b, seq, AF_INET6, table, VRRP_NFT_MAP_VMAC,
					 SET_ID_VMAC_MAP, true)) &&
	     count(&n, build_ifindex_set(b, seq, AF_INET6, table, VRRP_NFT_SET_VMAC,
					 SET_ID_VMAC_SET, false)) &&
	     /* Each goes first: the report rule ends above the solicitation rule. */
	     count(&n, build_vmac_rule(b, seq, AF_INET6, table, VMAC_RULE_RS, counters)) &&
	     count(&n, build_vmac_rule(b, seq, AF_INET6, table, VMAC_RULE_REPORT, counters));
	return ok ? n : -1;
}

/* Empty one set or map of table. */
static int
build_flush_one(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
		const char *name)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nlh = batch_hdr(b, NFT_MSG_DELSETELEM, (uint16_t)family, NLM_F_ACK, seq);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return batch_next(b);
}

/* The elements of the VMACs of family in set (or map) name; 0 when there are none. */
static int
build_vmac_elems_of(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
		    const char *name, bool map, const struct vrrp_nft_vmac *v, size_t n)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;
	size_t matched = 0;
	int ret = -1;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	for (size_t i = 0; i < n; i++) {
		struct nftnl_set_elem *e;

		if (v[i].family != family)
			continue;
		e = nftnl_set_elem_alloc();
		if (e == NULL)
			goto out;
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &v[i].ifindex, sizeof(v[i].ifindex));
		if (map)
			nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, &v[i].parent,
					   sizeof(v[i].parent));
		nftnl_set_elem_add(s, e);
		matched++;
	}
	ret = 0;
	if (matched == 0)
		goto out;
	nlh = batch_hdr(b, NFT_MSG_NEWSETELEM, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	ret = batch_next(b);
out:
	nftnl_set_free(s);
	return ret;
}

int
vrrp_nft_build_vmac_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const char *table,
			  const struct vrrp_nft_vmac *v, size_t n)
{
	/* clang-format off */
	static const struct {
		int family;
		const char *name;
		bool map;
	} sets[] = {
		{ AF_INET, VRRP_NFT_MAP_VMAC, true },
		{ AF_INET6, VRRP_NFT_MAP_VMAC, true },
		{ AF_INET6, VRRP_NFT_SET_VMAC, false },
	};
	/* clang-format on */
	int total = 0;

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (!count(&total, build_flush_one(b, seq, sets[i].family, table, sets[i].name)) ||
		    !count(&total, build_vmac_elems_of(b, seq, sets[i].family, table, sets[i].name,
						       sets[i].map, v, n)))
			return -1;
	return total;
}

/* For another table (the checker's, check_nft.c): the same builders. */

struct nlmsghdr *
vrrp_nft_msg_hdr(struct mnl_nlmsg_batch *b, uint16_t type, uint16_t family, uint16_t flags,
		 uint32_t *seq)
{
	return batch_hdr(b, type, family, flags, seq);
}

int
vrrp_nft_msg_next(struct mnl_nlmsg_batch *b)
{
	return batch_next(b);
}

int
vrrp_nft_build_table(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *name)
{
	return build_table(b, seq, family, name, NFT_MSG_NEWTABLE);
}

int
vrrp_nft_build_chain(struct mnl_nlmsg_batch *b, uint32_t *seq, int family, const char *table,
		     const char *name, uint32_t hook, int32_t priority)
{
	return build_chain(b, seq, family, table, name, hook, priority);
}

bool
vrrp_nft_expr_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len,
		      uint32_t dreg)
{
	return expr_payload(r, base, offset, len, dreg);
}

bool
vrrp_nft_expr_meta(struct nftnl_rule *r, uint32_t key, uint32_t dreg)
{
	return expr_meta(r, key, dreg);
}

bool
vrrp_nft_expr_cmp(struct nftnl_rule *r, uint32_t op, const void *data, uint32_t len)
{
	return expr_cmp(r, op, data, len);
}

bool
vrrp_nft_expr_verdict(struct nftnl_rule *r, bool counter, uint32_t verdict)
{
	return expr_verdict(r, counter, verdict);
}
