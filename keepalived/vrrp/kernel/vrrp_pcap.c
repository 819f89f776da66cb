/*
 * libpcap for the segment monitor (vrrp_pcap.h): open, filter, dispatch.
 */
#include "config.h"

#include "keepalived/vrrp/kernel/vrrp_pcap.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Enough for 255 IPv6 addresses behind VLAN tags and AH. */
#define VRRP_PCAP_SNAPLEN 4600
/* A live capture hands frames over at once (immediate mode); the buffer
 * timeout only matters where that is unsupported. */
#define VRRP_PCAP_TIMEOUT_MS 100

struct vrrp_pcap {
	pcap_t *pc;
	enum vrrp_segmon_link link;
	bool live;
	vrrp_pcap_cb cb;
	void *arg;
};

/* pcap's link types that the model decodes. */
static int
link_of(int dlt, enum vrrp_segmon_link *link)
{
	switch (dlt) {
	case DLT_EN10MB:
		*link = VRRP_SEGMON_LINK_ETHER;
		return 0;
	case DLT_LINUX_SLL:
		*link = VRRP_SEGMON_LINK_SLL;
		return 0;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2:
		*link = VRRP_SEGMON_LINK_SLL2;
		return 0;
#endif
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
		*link = VRRP_SEGMON_LINK_RAW;
		return 0;
	default:
		return -1;
	}
}

/* Link type and filter, common to both kinds of capture. */
static struct vrrp_pcap *
finish(pcap_t *pc, bool live, enum vrrp_pcap_err *err, char *msg, size_t msglen)
{
	struct bpf_program prog;
	struct vrrp_pcap *p;
	enum vrrp_segmon_link link;
	int dlt = pcap_datalink(pc);
	const char *filter = VRRP_PCAP_FILTER;
	char vlan_filter[256];

	*err = VRRP_PCAP_ERR;
	if (link_of(dlt, &link) == -1) {
		snprintf(msg, msglen, "link type %s (%d) is not supported",
			 pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?",
			 dlt);
		goto error;
	}
	/* On Ethernet, the same behind an 802.1Q tag. */
	if (link == VRRP_SEGMON_LINK_ETHER) {
		snprintf(vlan_filter, sizeof(vlan_filter), "%s or (vlan and (%s))",
			 VRRP_PCAP_FILTER, VRRP_PCAP_FILTER);
		filter = vlan_filter;
	}
	if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		snprintf(msg, msglen, "filter: %s", pcap_geterr(pc));
		goto error;
	}
	if (pcap_setfilter(pc, &prog) == -1) {
		snprintf(msg, msglen, "filter: %s", pcap_geterr(pc));
		pcap_freecode(&prog);
		goto error;
	}
	pcap_freecode(&prog);
	if (live && pcap_setnonblock(pc, 1, msg) == -1)
		goto error;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(msg, msglen, "out of memory");
		goto error;
	}
	p->pc = pc;
	p->link = link;
	p->live = live;
	*err = VRRP_PCAP_OK;
	return p;
error:
	pcap_close(pc);
	return NULL;
}

struct vrrp_pcap *
vrrp_pcap_open_live(const char *ifname, enum vrrp_pcap_err *err, char *msg, size_t msglen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc;
	int rc;

	*err = VRRP_PCAP_ERR;
	if ((pc = pcap_create(ifname, ebuf)) == NULL) {
		snprintf(msg, msglen, "%s: %s", ifname, ebuf);
		return NULL;
	}
	pcap_set_snaplen(pc, VRRP_PCAP_SNAPLEN);
	/* Unicast adverts between two other hosts reach us only so. */
	pcap_set_promisc(pc, 1);
	pcap_set_immediate_mode(pc, 1);
	pcap_set_timeout(pc, VRRP_PCAP_TIMEOUT_MS);
	rc = pcap_activate(pc);
	if (rc < 0) {
		if (rc == PCAP_ERROR_PERM_DENIED)
			*err = VRRP_PCAP_ERR_PERM;
		snprintf(msg, msglen, "%s: %s", ifname,
			 rc == PCAP_ERROR || rc == PCAP_ERROR_PERM_DENIED ||
					 rc == PCAP_ERROR_NO_SUCH_DEVICE ?
				 pcap_geterr(pc) :
				 pcap_statustostr(rc));
		pcap_close(pc);
		return NULL;
	}
	return finish(pc, true, err, msg, msglen);
}

struct vrrp_pcap *
vrrp_pcap_open_file(const char *path, enum vrrp_pcap_err *err, char *msg, size_t msglen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *pc;

	*err = VRRP_PCAP_ERR;
	if ((pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO,
							  ebuf)) == NULL) {
		snprintf(msg, msglen, "%s", ebuf);
		return NULL;
	}
	return finish(pc, false, err, msg, msglen);
}

enum vrrp_segmon_link
vrrp_pcap_link(const struct vrrp_pcap *p)
{
	return p->link;
}

int
vrrp_pcap_fd(const struct vrrp_pcap *p)
{
	return p->live ? pcap_get_selectable_fd(p->pc) : -1;
}

static void
on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct vrrp_pcap *p = (struct vrrp_pcap *)user;

	p->cb(p->arg, bytes, h->caplen, (int64_t)h->ts.tv_sec * 1000000 + (int64_t)h->ts.tv_usec);
}

int
vrrp_pcap_dispatch(struct vrrp_pcap *p, vrrp_pcap_cb cb, void *arg, char *msg, size_t msglen)
{
	int n;

	p->cb = cb;
	p->arg = arg;
	n = pcap_dispatch(p->pc, -1, on_frame, (u_char *)p);
	if (n == PCAP_ERROR) {
		snprintf(msg, msglen, "%s", pcap_geterr(p->pc));
		return -1;
	}
	return n < 0 ? 0 : n;
}

void
vrrp_pcap_close(struct vrrp_pcap *p)
{
	if (p == NULL)
		return;
	pcap_close(p->pc);
	free(p);
}
