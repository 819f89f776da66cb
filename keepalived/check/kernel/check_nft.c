/*
 * nftables_ipvs's table (check_nft.h), on the VRRP side's nftables socket,
 * batches and builders (vrrp_nft.h, vrrp_nft_priv.h); the map, its rule
 * and its elements are built here.
 */
#include "config.h"

#include "keepalived/check/kernel/check_nft.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>

#include "keepalived/vrrp/kernel/vrrp_nft.h"
#include "keepalived/vrrp/kernel/vrrp_nft_priv.h"
#include "lib/log.h"

/* nft's data types, for `nft list` to show the keys and data (nft's datatype.h). */
#define NFT_TYPE_INET_SERVICE 13
#define NFT_TYPE_MARK 19
/* nft's byte orders, in the set's user data: how `nft list` reads keys and data. */
#define NFT_BYTEORDER_HOST 1
#define NFT_BYTEORDER_BIG 2
/* A concatenation's fields each take whole 32-bit registers. */
#define KEY4_LEN 8
#define KEY6_LEN 20

struct check_nft {
	struct vrrp_nft *nft;
	char table[64];
};

struct build_arg {
	const char *table;
	int32_t priority;
	const struct check_nft_elem *e;
	size_t n;
};

static const int protocols[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };

static bool
count(int *total, int step)
{
	if (step < 0)
		return false;
	*total += step;
	return true;
}

static bool
used(const struct build_arg *a, int family, int protocol)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->e[i].family == family && (protocol == 0 || a->e[i].protocol == protocol))
			return true;
	return false;
}

static int
build_map(struct mnl_nlmsg_batch *b, uint32_t *seq, const struct build_arg *a, int family,
	  int protocol, uint32_t id)
{
	uint8_t fields[2] = { family == AF_INET ? 4 : 16, 2 };
	struct nftnl_set *s = nftnl_set_alloc();
	struct nftnl_udata_buf *ud;
	struct nlmsghdr *nlh;
	uint32_t addr_type = family == AF_INET ? VRRP_NFT_TYPE_IPADDR : VRRP_NFT_TYPE_IP6ADDR;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, a->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, check_nft_map_name(protocol));
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, NFT_SET_MAP | NFT_SET_CONCAT | NFT_SET_INTERVAL);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE,
			  addr_type << VRRP_NFT_TYPE_BITS | NFT_TYPE_INET_SERVICE);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, family == AF_INET ? KEY4_LEN : KEY6_LEN);
	nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_TYPE_MARK);
	nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, sizeof(uint32_t));
	nftnl_set_set_data(s, NFTNL_SET_DESC_CONCAT, fields, sizeof(fields));
	/* The mark is in host order (meta mark), the key in network order. */
	ud = nftnl_udata_buf_alloc(64);
	if (ud == NULL ||
	    !nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_KEYBYTEORDER, NFT_BYTEORDER_BIG) ||
	    !nftnl_udata_put_u32(ud, NFTNL_UDATA_SET_DATABYTEORDER, NFT_BYTEORDER_HOST)) {
		if (ud != NULL)
			nftnl_udata_buf_free(ud);
		nftnl_set_free(s);
		return -1;
	}
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
			   nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	nlh = vrrp_nft_msg_hdr(b, NFT_MSG_NEWSET, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK, seq);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return vrrp_nft_msg_next(b);
}

static bool
expr_lookup_map(struct nftnl_rule *r, const char *map, uint32_t id)
{
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG32_00);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_1);
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, map);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, id);
	nftnl_rule_add_expr(r, e);
	return true;
}

static bool
expr_set_mark(struct nftnl_rule *r)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (e == NULL)
		return false;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_MARK);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
	nftnl_rule_add_expr(r, e);
	return true;
}

/* meta l4proto P meta mark set ip daddr . P dport map @P_map counter return */
static int
build_rule(struct mnl_nlmsg_batch *b, uint32_t *seq, const struct build_arg *a, int family,
	   int protocol, uint32_t id)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	uint8_t proto = (uint8_t)protocol;
	bool v4 = family == AF_INET;
	struct nlmsghdr *nlh;
	int ret = -1;

	if (r == NULL)
		return -1;
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, a->table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "in");
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, (uint32_t)family);
	/* The destination port is at offset 2 of TCP, UDP and SCTP alike. */
	if (vrrp_nft_expr_meta(r, NFT_META_L4PROTO, NFT_REG_1) &&
	    vrrp_nft_expr_cmp(r, NFT_CMP_EQ, &proto, sizeof(proto)) &&
	    vrrp_nft_expr_payload(r, NFT_PAYLOAD_NETWORK_HEADER,
				  v4 ? offsetof(struct ip, ip_dst) :
				       offsetof(struct ip6_hdr, ip6_dst),
				  v4 ? 4 : 16, NFT_REG32_00) &&
	    vrrp_nft_expr_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2,
				  v4 ? NFT_REG32_01 : NFT_REG32_04) &&
	    expr_lookup_map(r, check_nft_map_name(protocol), id) && expr_set_mark(r) &&
	    vrrp_nft_expr_verdict(r, true, (uint32_t)NFT_RETURN)) {
		nlh = vrrp_nft_msg_hdr(b, NFT_MSG_NEWRULE, (uint16_t)family,
				       NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, seq);
		nftnl_rule_nlmsg_build_payload(nlh, r);
		ret = vrrp_nft_msg_next(b);
	}
	nftnl_rule_free(r);
	return ret;
}

/* ADDR . PORT: the address, then the port in network order, each field padded to 32 bits. */
static uint32_t
elem_key(uint8_t key[KEY6_LEN], const struct check_addr *addr, uint16_t port)
{
	size_t alen = addr->family == AF_INET ? 4 : 16;
	uint16_t p = htons(port);

	memset(key, 0, KEY6_LEN);
	memcpy(key, &addr->u, alen);
	memcpy(key + alen, &p, sizeof(p));
	return (uint32_t)alen + 4;
}

static int
build_elems(struct mnl_nlmsg_batch *b, uint32_t *seq, const struct build_arg *a, int family,
	    int protocol)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;

	if (s == NULL)
		return -1;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, a->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, check_nft_map_name(protocol));
	for (size_t i = 0; i < a->n; i++) {
		const struct check_nft_elem *el = &a->e[i];
		struct nftnl_set_elem *e;
		uint8_t key[KEY6_LEN];
		uint32_t len;

		if (el->family != family || el->protocol != protocol)
			continue;
		e = nftnl_set_elem_alloc();
		if (e == NULL) {
			nftnl_set_free(s);
			return -1;
		}
		len = elem_key(key, &el->first, el->port);
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, len);
		len = elem_key(key, &el->last, el->port);
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, key, len);
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, &el->fwmark, sizeof(el->fwmark));
		nftnl_set_elem_add(s, e);
	}
	nlh = vrrp_nft_msg_hdr(b, NFT_MSG_NEWSETELEM, (uint16_t)family, NLM_F_CREATE | NLM_F_ACK,
			       seq);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return vrrp_nft_msg_next(b);
}

/* The whole table again: removed (both families), then made with what a holds. */
static int
build_all(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	static const int families[] = { AF_INET, AF_INET6 };
	const struct build_arg *a = arg;
	uint32_t id = 1;
	int n = 0;

	if (!count(&n, vrrp_nft_build_teardown(b, seq, a->table, true)))
		return -1;
	for (size_t f = 0; f < 2; f++) {
		int fam = families[f];

		if (!used(a, fam, 0))
			continue;
		if (!count(&n, vrrp_nft_build_table(b, seq, fam, a->table)) ||
		    !count(&n, vrrp_nft_build_chain(b, seq, fam, a->table, "in", NF_INET_LOCAL_IN,
						    a->priority)))
			return -1;
		for (size_t p = 0; p < sizeof(protocols) / sizeof(protocols[0]); p++, id++) {
			if (!used(a, fam, protocols[p]))
				continue;
			if (!count(&n, build_map(b, seq, a, fam, protocols[p], id)) ||
			    !count(&n, build_rule(b, seq, a, fam, protocols[p], id)) ||
			    !count(&n, build_elems(b, seq, a, fam, protocols[p])))
				return -1;
		}
	}
	return n;
}

static int
build_remove(struct mnl_nlmsg_batch *b, uint32_t *seq, const void *arg)
{
	return vrrp_nft_build_teardown(b, seq, arg, true);
}

int
check_nft_apply(struct check_nft **h, const char *table, int32_t priority,
		const struct check_nft_elem *e, size_t n)
{
	struct build_arg a = { table, priority, e, n };
	int ret;

	if (*h == NULL) {
		if (n == 0)
			return 0;
		*h = calloc(1, sizeof(**h));
		if (*h == NULL)
			return -1;
		ret = vrrp_nft_socket(&(*h)->nft);
		if (ret != 0) {
			log_error("nftables: netlink socket: %s", strerror(-ret));
			free(*h);
			*h = NULL;
			return -1;
		}
	}
	/* A renamed table: the old one goes first. */
	if ((*h)->table[0] != '\0' && strcmp((*h)->table, table) != 0 &&
	    vrrp_nft_batch((*h)->nft, 0, build_remove, (*h)->table) == 0)
		(*h)->table[0] = '\0';
	ret = vrrp_nft_batch((*h)->nft, n, n != 0 ? build_all : build_remove,
			     n != 0 ? (const void *)&a : (const void *)table);
	if (ret != 0) {
		log_error("nftables: cannot set table %s (%zu element%s): %s", table, n,
			  n == 1 ? "" : "s", strerror(-ret));
		return -1;
	}
	snprintf((*h)->table, sizeof((*h)->table), "%s", n != 0 ? table : "");
	return 0;
}

void
check_nft_close(struct check_nft *h, bool keep)
{
	if (h == NULL)
		return;
	if (!keep && h->table[0] != '\0' && vrrp_nft_batch(h->nft, 0, build_remove, h->table) != 0)
		log_error("nftables: cannot remove table %s", h->table);
	vrrp_nft_detach(h->nft);
	free(h);
}
