/*
 * VRRP advertisement codec. This file turns received bytes into a struct
 * vrrp_advert or a named drop reason, and an instance's configuration into
 * the bytes of its advert. It makes no system calls and allocates nothing,
 * so the receive path can run it on every packet and the tests can feed it
 * anything.
 *
 * Checksums use the classic BSD convention: 16-bit words are summed as they
 * lie in memory, so a folded result is stored into the packet as it is and
 * the code is correct on either byte order.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "keepalived/vrrp/proto/vrrp_packet.h"

/* Offsets in the 8-byte header common to both versions. */
#define OFF_VERS_TYPE 0
#define OFF_VRID 1
#define OFF_PRIORITY 2
#define OFF_NADDR 3
#define OFF_AUTH_TYPE 4   /* v2 */
#define OFF_ADVER_INT 5   /* v2: one byte of seconds */
#define OFF_V3_RSVD_INT 4 /* v3: 4 reserved bits + 12 bits of centiseconds */
#define OFF_CHECKSUM 6

#define V3_INTERVAL_MASK 0x0FFF

/* clang-format off */
static const char *const drop_names[VRRP_DROP_COUNT_] = {
	[VRRP_DROP_NONE] = "none",
	[VRRP_DROP_TTL] = "ttl",
	[VRRP_DROP_VERSION] = "version",
	[VRRP_DROP_TYPE] = "type",
	[VRRP_DROP_SHORT] = "short",
	[VRRP_DROP_LENGTH] = "length",
	[VRRP_DROP_ZERO_COUNT] = "zero_count",
	[VRRP_DROP_CHECKSUM] = "checksum",
	[VRRP_DROP_VRID] = "vrid",
	[VRRP_DROP_OWNER] = "owner",
	[VRRP_DROP_AUTH_TYPE] = "auth_type",
	[VRRP_DROP_AUTH] = "auth",
	[VRRP_DROP_INTERVAL] = "interval",
	[VRRP_DROP_ZERO_INTERVAL] = "zero_interval",
	[VRRP_DROP_NOT_LINKLOCAL] = "not_linklocal",
	[VRRP_DROP_FAMILY] = "family",
	[VRRP_DROP_ADDR_LIST] = "addr_list",
};
/* clang-format on */

const char *
vrrp_drop_name(enum vrrp_drop reason)
{
	if ((unsigned)reason >= VRRP_DROP_COUNT_ || drop_names[reason] == NULL)
		return "unknown";
	return drop_names[reason];
}

/* Checksums ---------------------------------------------------------------- */

/* Fold a 64-bit accumulator of 16/32-bit words down to 16 bits. */
static uint32_t
csum_fold64(uint64_t sum)
{
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint32_t)sum;
}

/*
 * Summing 32-bit words and folding gives the same one's complement sum as
 * summing 16-bit words (RFC 1071 section 2(B)), at half the iterations.
 */
uint32_t
vrrp_csum_partial(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	uint64_t acc = sum;
	uint32_t w32;
	uint16_t w16;

	while (len >= 4) {
		memcpy(&w32, p, sizeof(w32));
		acc += w32;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, sizeof(w16));
		acc += w16;
		p += 2;
		len -= 2;
	}
	if (len == 1) {
		/* The odd byte is the high-order half of a zero-padded word. */
		uint8_t last[2] = { p[0], 0 };

		memcpy(&w16, last, sizeof(w16));
		acc += w16;
	}
	return csum_fold64(acc);
}

uint16_t
vrrp_csum_fold(uint32_t sum)
{
	return (uint16_t)~csum_fold64(sum);
}

uint32_t
vrrp_csum_pseudo(int family, const union vrrp_addr *src, const union vrrp_addr *dst, uint32_t len)
{
	/* Built in network order, then summed like any other bytes. */
	uint8_t ph[40];
	size_t n;

	if (family == AF_INET) {
		memcpy(ph, &src->v4, 4);
		memcpy(ph + 4, &dst->v4, 4);
		ph[8] = 0;
		ph[9] = VRRP_IPPROTO;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
		n = 12;
	} else {
		memcpy(ph, &src->v6, 16);
		memcpy(ph + 16, &dst->v6, 16);
		ph[32] = (uint8_t)(len >> 24);
		ph[33] = (uint8_t)(len >> 16);
		ph[34] = (uint8_t)(len >> 8);
		ph[35] = (uint8_t)len;
		ph[36] = 0;
		ph[37] = 0;
		ph[38] = 0;
		ph[39] = VRRP_IPPROTO;
		n = 40;
	}
	return vrrp_csum_partial(ph, n, 0);
}

/* Receive ------------------------------------------------------------------ */

static size_t
addr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static bool
csum_ok(const uint8_t *buf, size_t len, uint32_t start)
{
	return vrrp_csum_fold(vrrp_csum_partial(buf, len, start)) == 0;
}

/*
 * Which checksum forms a packet may carry: v2 covers the message alone, v3
 * over IPv6 always includes the pseudo-header. v3 over IPv4 is ambiguous:
 * RFC 5798 (and keepalived's and FRR's default) include the pseudo-header,
 * RFC 9568 and several vendors do not, so both are accepted and the form
 * that matched is reported for the counters.
 */
static enum vrrp_drop
check_csum(const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *meta,
	   struct vrrp_advert *adv)
{
	uint32_t ph;

	if (adv->version == 2) {
		adv->csum_form = VRRP_CSUM_PLAIN;
		return csum_ok(buf, len, 0) ? VRRP_DROP_NONE : VRRP_DROP_CHECKSUM;
	}
	ph = vrrp_csum_pseudo(meta->family, &meta->src, &meta->dst, (uint32_t)len);
	adv->csum_form = VRRP_CSUM_PSEUDO;
	if (csum_ok(buf, len, ph))
		return VRRP_DROP_NONE;
	if (meta->family == AF_INET && csum_ok(buf, len, 0)) {
		adv->csum_form = VRRP_CSUM_PLAIN;
		return VRRP_DROP_NONE;
	}
	return VRRP_DROP_CHECKSUM;
}

/*
 * The order follows RFC 5798 section 7.1 where the bytes allow it: the TTL,
 * then what the first header byte says, then the length, then the checksum.
 * The header has to be present before anything in it can be read, so a
 * truncated header is reported first.
 */
enum vrrp_drop
vrrp_pkt_decode(const uint8_t *buf, size_t len, const struct vrrp_pkt_meta *meta,
		struct vrrp_advert *adv)
{
	size_t expected;
	uint16_t w;

	memset(adv, 0, sizeof(*adv));

	/* Only multicast adverts must arrive with 255; keepalived's unicast
	 * peers may be routed and have their own unicast_ttl setting. */
	if (meta->multicast && meta->ttl >= 0 && meta->ttl != VRRP_TTL)
		return VRRP_DROP_TTL;
	if (meta->family != AF_INET && meta->family != AF_INET6)
		return VRRP_DROP_FAMILY;
	if (len < VRRP_HDR_LEN)
		return VRRP_DROP_SHORT;

	adv->version = buf[OFF_VERS_TYPE] >> 4;
	adv->type = buf[OFF_VERS_TYPE] & 0x0f;
	adv->vrid = buf[OFF_VRID];
	adv->priority = buf[OFF_PRIORITY];
	adv->naddr = buf[OFF_NADDR];
	adv->checksum = (uint16_t)(buf[OFF_CHECKSUM] << 8 | buf[OFF_CHECKSUM + 1]);
	if (adv->version == 2) {
		adv->auth_type = buf[OFF_AUTH_TYPE];
		adv->adver_int_cs = (uint16_t)(buf[OFF_ADVER_INT] * 100);
	} else {
		w = (uint16_t)(buf[OFF_V3_RSVD_INT] << 8 | buf[OFF_V3_RSVD_INT + 1]);
		adv->adver_int_cs = w & V3_INTERVAL_MASK; /* reserved bits ignored */
	}

	/* RFC 3768 defines VRRPv2 for IPv4 only. */
	if (adv->version != 3 && !(adv->version == 2 && meta->family == AF_INET))
		return VRRP_DROP_VERSION;
	if (adv->type != VRRP_TYPE_ADVERT)
		return VRRP_DROP_TYPE;
	/*
	 * No address is a valid advert: keepalived 2.2.7 runs an instance
	 * without VIPs (with a warning) and sends count 0. Whether the list
	 * matches the instance's is the receiver's check, not the codec's.
	 */

	expected = VRRP_HDR_LEN + (size_t)adv->naddr * addr_len(meta->family);
	if (adv->version == 2)
		expected += VRRP_AUTH_DATA_LEN;
	if (len < expected)
		return VRRP_DROP_SHORT;
	if (len != expected)
		return VRRP_DROP_LENGTH;

	adv->addrs = buf + VRRP_HDR_LEN;
	if (adv->version == 2)
		adv->auth_data = adv->addrs + (size_t)adv->naddr * 4;

	return check_csum(buf, len, meta, adv);
}

/* Compare without an early exit, so that timing does not reveal a prefix. */
static bool
auth_pass_equal(const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < VRRP_AUTH_PASS_LEN; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);
	return diff == 0;
}

static bool
is_linklocal6(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* The first IPv6 VIP of the instance, or NULL. */
static const struct vrrp_vip *
first_vip6(const struct vrrp_instance_conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nvips; i++)
		if (conf->vips[i].family == AF_INET6)
			return &conf->vips[i];
	return NULL;
}

enum vrrp_drop
vrrp_pkt_check(const struct vrrp_advert *adv, const struct vrrp_pkt_meta *meta,
	       const struct vrrp_instance_conf *conf, uint8_t local_priority,
	       bool *interval_mismatch)
{
	const struct vrrp_vip *vip6;

	if (interval_mismatch != NULL)
		*interval_mismatch = false;

	if (adv->version != conf->version)
		return VRRP_DROP_VERSION;
	if (meta->family != conf->family)
		return VRRP_DROP_FAMILY;
	if (local_priority == VRRP_PRIO_OWNER)
		return VRRP_DROP_OWNER;

	if (adv->version == 2) {
		if (adv->auth_type != (uint8_t)conf->auth_type)
			return VRRP_DROP_AUTH_TYPE;
		/* AH is carried in an IPsec header the codec does not see; its
		 * ICV is the I/O layer's to verify. */
		if (conf->auth_type == VRRP_AUTH_PASS &&
		    !auth_pass_equal(adv->auth_data, conf->auth_pass))
			return VRRP_DROP_AUTH;
		/* RFC 3768 7.1: a differing interval MUST be discarded, or two
		 * masters could run the same VRID at different rates. */
		if (adv->adver_int_cs != conf->adver_int_cs)
			return VRRP_DROP_INTERVAL;
		return VRRP_DROP_NONE;
	}

	/* RFC 9568 erratum 8301: a zero interval would make the backup's
	 * down timer expire at once. */
	if (adv->adver_int_cs == 0)
		return VRRP_DROP_ZERO_INTERVAL;
	if (adv->adver_int_cs != conf->adver_int_cs && interval_mismatch != NULL)
		*interval_mismatch = true;

	/*
	 * RFC 9568 erratum 8300: the first IPv6 address must be link-local.
	 * keepalived 2.2.7 only warns about a configuration whose first VIP is
	 * not ("should be link local") and then advertises it as configured,
	 * without checking received adverts. Routers sharing such a
	 * configuration would all drop each other and all become master, so
	 * the rule is enforced only when our own first VIP follows it.
	 */
	vip6 = first_vip6(conf);
	if (meta->family == AF_INET6 && !is_linklocal6(adv->addrs) && vip6 != NULL &&
	    is_linklocal6(vip6->addr.bytes))
		return VRRP_DROP_NOT_LINKLOCAL;

	return VRRP_DROP_NONE;
}

/* Transmit ----------------------------------------------------------------- */

/*
 * The advert lists the instance's VIPs of its family in configuration order,
 * as keepalived 2.2.7 does. For IPv6 that includes the case where the first
 * VIP is not link-local: keepalived logs "(%s) the first IPv6 VIP address
 * should be link local" (an error only in strict_mode) and sends the list
 * unchanged; it does not insert the interface's link-local address. We do
 * the same so that both daemons put identical address lists on the wire.
 * At most VRRP_MAX_ADDRS addresses fit the count byte; any beyond are left
 * out of the advert (keepalived also leaves excess VIPs out).
 */
static size_t
put_addrs(uint8_t *p, const struct vrrp_instance_conf *conf)
{
	size_t alen = addr_len(conf->family);
	size_t i, n = 0;

	for (i = 0; i < conf->nvips && n < VRRP_MAX_ADDRS; i++) {
		if (conf->vips[i].family != conf->family)
			continue;
		memcpy(p + n * alen, conf->vips[i].addr.bytes, alen);
		n++;
	}
	return n;
}

enum vrrp_drop
vrrp_pkt_check_addrs(const struct vrrp_advert *adv, const struct vrrp_instance_conf *conf,
		     size_t *expected, const struct vrrp_vip **missing)
{
	size_t alen = addr_len(conf->family);
	size_t i, j, n = 0;

	*missing = NULL;
	/* The addresses our own advert carries, as put_addrs() picks them. */
	for (i = 0; i < conf->nvips && n < VRRP_MAX_ADDRS; i++)
		if (conf->vips[i].family == conf->family)
			n++;
	*expected = n;
	if (adv->naddr != n)
		return VRRP_DROP_ADDR_LIST;
	for (i = 0, n = 0; i < conf->nvips && n < VRRP_MAX_ADDRS; i++) {
		const struct vrrp_vip *v = &conf->vips[i];

		if (v->family != conf->family)
			continue;
		n++;
		for (j = 0; j < adv->naddr; j++)
			if (memcmp(adv->addrs + j * alen, v->addr.bytes, alen) == 0)
				break;
		if (j == adv->naddr) {
			*missing = v;
			return VRRP_DROP_ADDR_LIST;
		}
	}
	return VRRP_DROP_NONE;
}

int
vrrp_pkt_build(struct vrrp_txpkt *tx, const struct vrrp_instance_conf *conf, uint8_t priority,
	       const union vrrp_addr *src, const union vrrp_addr *dst)
{
	uint8_t *b = tx->buf;
	size_t naddr, len;
	uint32_t sum = 0;
	uint16_t csum;
	bool pseudo;

	if (conf->family != AF_INET && conf->family != AF_INET6)
		return -1;
	if (conf->version == 2) {
		/* One byte of whole seconds; v2 is IPv4 only. */
		if (conf->family != AF_INET || conf->adver_int_cs < 100 ||
		    conf->adver_int_cs / 100 > 255)
			return -1;
	} else if (conf->version == 3) {
		if (conf->adver_int_cs == 0 || conf->adver_int_cs > VRRP_V3_ADVER_INT_MAX_CS)
			return -1;
	} else {
		return -1;
	}

	memset(b, 0, VRRP_HDR_LEN);
	naddr = put_addrs(b + VRRP_HDR_LEN, conf); /* may be 0, as keepalived sends it */
	len = VRRP_HDR_LEN + naddr * addr_len(conf->family);

	b[OFF_VERS_TYPE] = (uint8_t)(conf->version << 4 | VRRP_TYPE_ADVERT);
	b[OFF_VRID] = conf->vrid;
	b[OFF_PRIORITY] = priority;
	b[OFF_NADDR] = (uint8_t)naddr;
	if (conf->version == 2) {
		b[OFF_AUTH_TYPE] = (uint8_t)conf->auth_type;
		b[OFF_ADVER_INT] = (uint8_t)(conf->adver_int_cs / 100);
		/* Only PASS puts anything in the auth data (RFC 3768 5.3.10). */
		if (conf->auth_type == VRRP_AUTH_PASS)
			memcpy(b + len, conf->auth_pass, VRRP_AUTH_DATA_LEN);
		else
			memset(b + len, 0, VRRP_AUTH_DATA_LEN);
		len += VRRP_AUTH_DATA_LEN;
		pseudo = false;
	} else {
		/* Reserved bits zero (RFC 5798 5.2.6). */
		b[OFF_V3_RSVD_INT] = (uint8_t)((conf->adver_int_cs >> 8) & 0x0f);
		b[OFF_V3_RSVD_INT + 1] = (uint8_t)conf->adver_int_cs;
		pseudo = conf->family == AF_INET6 || !conf->v3_checksum_as_v2;
	}

	if (pseudo) {
		if (src == NULL || dst == NULL)
			return -1;
		sum = vrrp_csum_pseudo(conf->family, src, dst, (uint32_t)len);
	}
	csum = vrrp_csum_fold(vrrp_csum_partial(b, len, sum));
	memcpy(b + OFF_CHECKSUM, &csum, sizeof(csum));

	tx->len = len;
	tx->family = conf->family;
	tx->priority = priority;
	return 0;
}

/*
 * RFC 1624 equation 3, HC' = ~(~HC + ~m + m'), on the 16-bit word that
 * holds priority and count. Unlike equation 2 it cannot produce the
 * alternative zero 0xffff, so the result equals a full recomputation.
 */
void
vrrp_pkt_set_priority(struct vrrp_txpkt *tx, uint8_t priority)
{
	uint16_t hc, m, m_new;
	uint32_t sum;

	memcpy(&hc, tx->buf + OFF_CHECKSUM, sizeof(hc));
	memcpy(&m, tx->buf + OFF_PRIORITY, sizeof(m));
	tx->buf[OFF_PRIORITY] = priority;
	memcpy(&m_new, tx->buf + OFF_PRIORITY, sizeof(m_new));

	sum = (uint32_t)(uint16_t)~hc + (uint16_t)~m + m_new;
	hc = vrrp_csum_fold(sum);
	memcpy(tx->buf + OFF_CHECKSUM, &hc, sizeof(hc));
	tx->priority = priority;
}
