/*
 * Seeds for fuzz_vrrp_rx from the captures of test/data: each VRRP or AH
 * packet of an Ethernet pcap becomes an input record as that target reads
 * them (fuzz_vrrp_rx.c), one seed per packet and one per capture with a
 * second of time between its packets. Two more seeds per suitable packet
 * replay attacks the daemon must shrug off:
 *   NAME-noah-K:   an AH advert with its AH header taken out, sent as plain
 *                  protocol 112 (an AH instance must not accept it);
 *   NAME-oldcs-K:  a VRRPv3 unicast advert from a source that is not a
 *                  peer, with the old checksum form (the group in the
 *                  pseudo-header): it must not switch the checksum form.
 *
 * NAME-flood waits 10 s (the receivers become Master), then sends the
 * capture's first advert four times at once: a Master with a higher
 * priority answers at most one of them.
 * NAME-flap does the same around a carrier loss and a VIP deleted behind
 * the daemon's back.
 * NAME-reload replays a capture after a reload to fuzz_vrrp_rx's second
 * configuration.
 *
 * Usage: fuzz_seeds OUTDIR FILE.pcap...   (classic pcap, either byte order)
 * Plain C and no libpcap, so that it builds wherever the tests do.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_MAX 65536
#define ETH_HLEN 14
#define OP_IPV4 0
#define OP_IPV6 1
#define OP_AH 2
#define OP_CLOCK 3
#define OP_RELOAD 0x83
#define OP_LINK_FLAP 0x87
#define OP_VIP_GONE 0x8b

struct seed {
	uint8_t buf[SEED_MAX];
	size_t len;
};

static bool
put(struct seed *s, const void *p, size_t n)
{
	if (n > sizeof(s->buf) - s->len)
		return false;
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return true;
}

static bool
put_len(struct seed *s, size_t n)
{
	uint8_t b[2] = { (uint8_t)(n >> 8), (uint8_t)n };

	return n <= 0xffff && put(s, b, sizeof(b));
}

static int
write_seed(const char *dir, const char *name, const struct seed *s)
{
	char path[4096];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -1;
	if ((f = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "fuzz_seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(s->buf, 1, s->len, f) != s->len || fclose(f) != 0) {
		fprintf(stderr, "fuzz_seeds: %s: write failed\n", path);
		return -1;
	}
	return 0;
}

static uint16_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* One record for the IP packet at ip (len bytes, Ethernet payload); false if not VRRP/AH. */
static bool
record(struct seed *s, const uint8_t *ip, size_t len)
{
	if (len >= 20 && ip[0] >> 4 == 4) {
		size_t total = (size_t)ip[2] << 8 | ip[3];
		uint8_t op = ip[9] == 51 ? OP_AH : OP_IPV4;

		if ((ip[9] != 112 && ip[9] != 51) || total > len)
			return false;
		return put(s, &op, 1) && put_len(s, total) && put(s, ip, total);
	}
	if (len >= 40 && ip[0] >> 4 == 6 && ip[6] == 112) {
		size_t plen = (size_t)ip[4] << 8 | ip[5];
		uint8_t op = OP_IPV6;

		if (40 + plen > len)
			return false;
		return put(s, &op, 1) && put(s, ip + 7, 1) && put(s, ip + 8, 32) &&
		       put_len(s, plen) && put(s, ip + 40, plen);
	}
	return false;
}

/* The AH advert at ip without its AH header: plain protocol 112, same VRRP message. */
static bool
record_noah(struct seed *s, const uint8_t *ip, size_t len)
{
	uint8_t dg[1500];
	size_t ihl, ahlen, total;

	if (len < 20 || ip[0] >> 4 != 4 || ip[9] != 51)
		return false;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	total = (size_t)ip[2] << 8 | ip[3];
	if (total > len || ihl + 2 > total)
		return false;
	ahlen = ((size_t)ip[ihl + 1] + 2) * 4;
	if (ihl + ahlen >= total || total - ahlen > sizeof(dg))
		return false;
	memcpy(dg, ip, ihl);
	memcpy(dg + ihl, ip + ihl + ahlen, total - ihl - ahlen);
	total -= ahlen;
	dg[2] = (uint8_t)(total >> 8);
	dg[3] = (uint8_t)total;
	dg[9] = 112;
	return record(s, dg, total);
}

/* A VRRPv3 IPv4 unicast advert from 198.18.0.9, checksummed as if sent to 224.0.0.18. */
static bool
record_oldcsum(struct seed *s, const uint8_t *ip, size_t len)
{
	static const uint8_t group[4] = { 224, 0, 0, 18 }, stranger[4] = { 198, 18, 0, 9 };
	uint8_t dg[1500], pseudo[12];
	size_t ihl, total, vlen;
	uint16_t sum;

	if (len < 20 || ip[0] >> 4 != 4 || ip[9] != 112 || ip[16] >= 224)
		return false;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	total = (size_t)ip[2] << 8 | ip[3];
	if (total > len || total > sizeof(dg) || ihl + 8 > total || ip[ihl] >> 4 != 3)
		return false;
	memcpy(dg, ip, total);
	memcpy(dg + 12, stranger, sizeof(stranger));
	vlen = total - ihl;
	memcpy(pseudo, stranger, 4);
	memcpy(pseudo + 4, group, 4);
	pseudo[8] = 0;
	pseudo[9] = 112;
	pseudo[10] = (uint8_t)(vlen >> 8);
	pseudo[11] = (uint8_t)vlen;
	dg[ihl + 6] = dg[ihl + 7] = 0;
	sum = csum_add(csum_add(0, pseudo, sizeof(pseudo)), dg + ihl, vlen);
	sum = (uint16_t)~sum;
	dg[ihl + 6] = (uint8_t)(sum >> 8);
	dg[ihl + 7] = (uint8_t)sum;
	return record(s, dg, total);
}

static uint32_t
rd32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? __builtin_bswap32(v) : v;
}

static int
one_pcap(const char *dir, const char *path)
{
	static struct seed all, one, first;
	static uint8_t pkt[SEED_MAX];
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	char stem[256], name[300];
	uint8_t hdr[24], rec[16];
	const uint8_t tick[2] = { OP_CLOCK, 99 }; /* one second */
	FILE *f = fopen(path, "rb");
	bool swap;
	int k = 0, rc = -1;

	snprintf(stem, sizeof(stem), "%.*s", (int)strcspn(base, "."), base);
	if (f == NULL) {
		fprintf(stderr, "fuzz_seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fread(hdr, 1, sizeof(hdr), f) != sizeof(hdr))
		goto out;
	if (rd32(hdr, false) == 0xa1b2c3d4 || rd32(hdr, false) == 0xa1b23c4d)
		swap = false;
	else if (rd32(hdr, true) == 0xa1b2c3d4 || rd32(hdr, true) == 0xa1b23c4d)
		swap = true;
	else
		goto out;
	if (rd32(hdr + 20, swap) != 1) /* DLT_EN10MB */
		goto out;
	all.len = 0;
	first.len = 0;
	while (fread(rec, 1, sizeof(rec), f) == sizeof(rec)) {
		uint32_t caplen = rd32(rec + 8, swap);

		if (caplen > sizeof(pkt) || fread(pkt, 1, caplen, f) != caplen)
			goto out;
		if (caplen < ETH_HLEN)
			continue;
		one.len = 0;
		if (!record(&one, pkt + ETH_HLEN, caplen - ETH_HLEN))
			continue;
		snprintf(name, sizeof(name), "%s-%d", stem, ++k);
		if (write_seed(dir, name, &one) < 0)
			goto out;
		if (all.len > 0)
			put(&all, tick, sizeof(tick));
		else
			first = one;
		put(&all, one.buf, one.len);
		one.len = 0;
		if (record_noah(&one, pkt + ETH_HLEN, caplen - ETH_HLEN)) {
			snprintf(name, sizeof(name), "%s-noah-%d", stem, k);
			if (write_seed(dir, name, &one) < 0)
				goto out;
		}
		one.len = 0;
		if (record_oldcsum(&one, pkt + ETH_HLEN, caplen - ETH_HLEN)) {
			snprintf(name, sizeof(name), "%s-oldcs-%d", stem, k);
			if (write_seed(dir, name, &one) < 0)
				goto out;
		}
	}
	snprintf(name, sizeof(name), "%s-all", stem);
	rc = k > 0 ? write_seed(dir, name, &all) : 0;
	if (rc == 0 && k > 0) {
		const uint8_t wait[2] = { OP_CLOCK, 0xff };

		one.len = 0;
		for (int i = 0; i < 4; i++)
			put(&one, wait, sizeof(wait));
		for (int i = 0; i < 4; i++)
			put(&one, first.buf, first.len);
		snprintf(name, sizeof(name), "%s-flood", stem);
		rc = write_seed(dir, name, &one);
	}
	if (rc == 0 && k > 0) {
		const uint8_t wait[2] = { OP_CLOCK, 0xff }, vanish = OP_VIP_GONE,
			      flap = OP_LINK_FLAP, pause[2] = { OP_CLOCK, 0x10 };

		one.len = 0;
		for (int i = 0; i < 4; i++)
			put(&one, wait, sizeof(wait));
		put(&one, &vanish, 1);
		put(&one, &flap, 1);
		put(&one, first.buf, first.len);
		put(&one, pause, sizeof(pause));
		put(&one, &flap, 1);
		put(&one, first.buf, first.len);
		snprintf(name, sizeof(name), "%s-flap", stem);
		rc = write_seed(dir, name, &one);
	}
	if (rc == 0 && k > 0) {
		const uint8_t reload = OP_RELOAD;

		one.len = 0;
		put(&one, &reload, 1);
		put(&one, all.buf, all.len);
		snprintf(name, sizeof(name), "%s-reload", stem);
		rc = write_seed(dir, name, &one);
	}
out:
	if (rc < 0)
		fprintf(stderr, "fuzz_seeds: %s: not a readable Ethernet pcap\n", path);
	fclose(f);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: fuzz_seeds OUTDIR FILE.pcap...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		if (one_pcap(argv[1], argv[i]) < 0)
			rc = 1;
	return rc;
}
